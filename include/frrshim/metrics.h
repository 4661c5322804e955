/* SPDX-License-Identifier: MIT */
/* Prometheus metrics with MetalLB's names, served over HTTP (libmicrohttpd) from FRR's state. */
#ifndef FRRSHIM_METRICS_H
#define FRRSHIM_METRICS_H

#include <stdint.h>

#include <frrshim/buf.h>
#include <frrshim/err.h>
#include <frrshim/query.h>

/*
 * Embedding (the sidecar does this): fill struct frs_metrics_options, set `extra` to a function
 * that appends the process's own series to each scrape, and call frs_metrics_start(). The server
 * runs in libmicrohttpd's thread: `extra` and `livez` are called from that thread, one scrape at
 * a time, so they must lock whatever state they share with the rest of the process.
 */

/**
 * Append series in Prometheus text format to @p out (use frs_metrics_family() and
 * frs_metrics_sample()). A non-FRS_OK return drops this callback's output from the scrape and
 * the scrape goes on.
 */
typedef enum frs_err (*frs_metrics_extra_fn)(struct frs_buf *out, void *arg);

/** Extra liveness check (e.g. "the reload loop is alive"); return non-zero when healthy. */
typedef int (*frs_metrics_livez_fn)(void *arg);

#define FRS_METRICS_OPTIONS_VERSION 1

struct frs_metrics_options {
	unsigned version;           /* FRS_METRICS_OPTIONS_VERSION */
	const char *listen;         /* "ADDR:PORT" or "[V6ADDR]:PORT"; port 0 picks a free one */
	const char *vty_dir;        /* FRR's vty sockets; NULL: /var/run/frr */
	int timeout_ms;             /* per FRR exchange; 0: 5000 */
	frs_metrics_extra_fn extra; /* may be NULL */
	void *extra_arg;
	frs_metrics_livez_fn livez; /* may be NULL */
	void *livez_arg;
};

#define FRS_METRICS_OPTIONS_INIT { FRS_METRICS_OPTIONS_VERSION, NULL, NULL, 0, NULL, NULL, NULL, NULL }

struct frs_metrics_server;

/**
 * Listen on opts->listen and serve /metrics (FRR read once per scrape, then `extra`) and
 * /livez (200 when bgpd and zebra answer and `livez` agrees, else 503). Returns at once.
 * FRS_EARG for a malformed address, FRS_ESYS when the socket cannot be bound (detail in
 * @p errs). The caller stops it with frs_metrics_stop().
 */
enum frs_err frs_metrics_start(struct frs_metrics_server **out, const struct frs_metrics_options *opts,
			       struct frs_errlist *errs);

/** Stop serving and free. NULL-safe. */
void frs_metrics_stop(struct frs_metrics_server *srv);

/** The port actually bound (useful with port 0). */
uint16_t frs_metrics_port(const struct frs_metrics_server *srv);

/**
 * Format one FRR reading as MetalLB's series (metallb_bgp_*, metallb_bfd_*). Pure: no I/O, so
 * that tests can feed captured JSON. Peers are labelled peer="<addr>:<port>" (BGP) and
 * peer="<addr>" (BFD) plus vrf; unnumbered peers use the interface name for <addr>.
 */
enum frs_err frs_metrics_render(struct frs_buf *out, const struct frs_query_snapshot *snap);

/** Read FRR once and format it: what one scrape of /metrics returns (without `extra`). */
enum frs_err frs_metrics_scrape(struct frs_buf *out, const char *vty_dir, int timeout_ms,
				struct frs_errlist *errs);

/** Append "# HELP name help" and "# TYPE name type" (type: "gauge", "counter"…). */
enum frs_err frs_metrics_family(struct frs_buf *out, const char *name, const char *type,
				const char *help);

/**
 * Append one sample line: name{k1="v1",k2="v2"} value. @p labels is a NULL-terminated array of
 * alternating keys and values (may be NULL); values are escaped as the text format requires.
 */
enum frs_err frs_metrics_sample(struct frs_buf *out, const char *name, const char *const *labels,
				double value);

#endif
