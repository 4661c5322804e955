/* SPDX-License-Identifier: MIT */
/* A client for one FRR daemon's vty socket (<dir>/<daemon>.vty), the protocol vtysh speaks. */
#ifndef FRRSHIM_VTY_H
#define FRRSHIM_VTY_H

#include <frrshim/buf.h>
#include <frrshim/err.h>

#define FRS_VTY_DEFAULT_DIR "/var/run/frr"
#define FRS_VTY_DEFAULT_TIMEOUT_MS 30000

/** FRR's CMD_* return codes (lib/command.h), as a daemon reports them. */
enum frs_vty_status {
	FRS_VTY_SUCCESS = 0,
	FRS_VTY_WARNING = 1,
	FRS_VTY_ERR_NO_MATCH = 2,
	FRS_VTY_ERR_AMBIGUOUS = 3,
	FRS_VTY_ERR_INCOMPLETE = 4,
	FRS_VTY_SUCCESS_DAEMON = 10,
	FRS_VTY_WARNING_CONFIG_FAILED = 13,
};

/** True when FRR treats @p status as success (as vtysh does: SUCCESS, SUCCESS_DAEMON, WARNING). */
int frs_vty_status_ok(int status);

struct frs_vty;

/**
 * Connect to <dir>/<daemon>.vty. @p timeout_ms bounds each later exchange (0: default).
 * FRS_EUNREACHABLE when the socket is missing or refuses connections (daemon not running);
 * the caller frees *out with frs_vty_close().
 */
enum frs_err frs_vty_open(struct frs_vty **out, const char *dir, const char *daemon, int timeout_ms);
void frs_vty_close(struct frs_vty *vty);
const char *frs_vty_daemon(const struct frs_vty *vty);

/**
 * Run one command line. The daemon's output is appended to @p out (may be NULL) and its CMD_*
 * code stored in *status. Returns FRS_OK whenever a complete reply arrived, whatever the status;
 * FRS_EIO when the daemon closed the connection (daemon gone), FRS_ETIMEOUT when it did not answer.
 */
enum frs_err frs_vty_exec(struct frs_vty *vty, const char *cmd, struct frs_buf *out, int *status);

/**
 * Pipelining: queue a command without waiting (frs_vty_send), then collect replies in order
 * (frs_vty_recv, one per command sent). frs_vty_exec() is send + recv.
 */
enum frs_err frs_vty_send(struct frs_vty *vty, const char *cmd);
enum frs_err frs_vty_recv(struct frs_vty *vty, struct frs_buf *out, int *status);

#endif
