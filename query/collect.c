/* SPDX-License-Identifier: MIT */
/* Reading FRR once: the show commands behind status, metrics and verify, over vty sockets. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <frrshim/query.h>
#include <frrshim/vty.h>

static enum frs_err unreachable(struct frs_errlist *errs, const char *dir, const char *daemon,
				enum frs_err rc)
{
	if (rc == FRS_EIO || rc == FRS_EUNREACHABLE)
		rc = FRS_EUNREACHABLE;
	return frs_errlist_report(errs, FRS_DIAG(.code = rc),
				  "%s is not answering on %s/%s.vty: %s", daemon,
				  dir ? dir : FRS_VTY_DEFAULT_DIR, daemon, frs_strerror(rc));
}

enum frs_err frs_query_exec(struct frs_buf *out, const char *vty_dir, const char *daemon,
			    const char *cmd, int timeout_ms, struct frs_errlist *errs)
{
	struct frs_vty *vty = NULL;
	enum frs_err rc;
	int status = 0;

	rc = frs_vty_open(&vty, vty_dir, daemon, timeout_ms);
	if (rc)
		return unreachable(errs, vty_dir, daemon, rc);
	rc = frs_vty_exec(vty, cmd, out, &status);
	if (rc) {
		rc = unreachable(errs, vty_dir, daemon, rc);
		goto done;
	}
	if (!frs_vty_status_ok(status))
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EFRR),
					"%s: \"%s\" failed (status %d)", daemon, cmd, status);
done:
	frs_vty_close(vty);
	return rc;
}

void frs_query_snapshot_dispose(struct frs_query_snapshot *s)
{
	if (!s)
		return;
	frs_bgp_peers_dispose(&s->bgp);
	frs_bfd_peers_dispose(&s->bfd);
	memset(s, 0, sizeof(*s));
}

/* Send every command first, then read the replies: one round trip per daemon. */
static enum frs_err run_batch(struct frs_buf *outs, const char *vty_dir, const char *daemon,
			      const char *const *cmds, size_t n, int timeout_ms,
			      struct frs_errlist *errs)
{
	struct frs_vty *vty = NULL;
	enum frs_err rc;
	size_t i;

	rc = frs_vty_open(&vty, vty_dir, daemon, timeout_ms);
	if (rc)
		return unreachable(errs, vty_dir, daemon, rc);
	for (i = 0; i < n; i++)
		if ((rc = frs_vty_send(vty, cmds[i]))) {
			rc = unreachable(errs, vty_dir, daemon, rc);
			goto done;
		}
	for (i = 0; i < n; i++) {
		int status = 0;

		if ((rc = frs_vty_recv(vty, &outs[i], &status))) {
			rc = unreachable(errs, vty_dir, daemon, rc);
			goto done;
		}
		if (!frs_vty_status_ok(status)) {
			rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EFRR),
						"%s: \"%s\" failed (status %d)", daemon, cmds[i],
						status);
			goto done;
		}
	}
done:
	frs_vty_close(vty);
	return rc;
}

enum frs_err frs_query_collect(struct frs_query_snapshot *out, const char *vty_dir,
			       unsigned what, int timeout_ms, struct frs_errlist *errs)
{
	struct frs_query_snapshot s;
	struct frs_buf bufs[2] = { FRS_BUF_INIT, FRS_BUF_INIT };
	const char *bfd_cmds[2];
	size_t nbfd = 0;
	enum frs_err rc = FRS_OK;

	memset(&s, 0, sizeof(s));
	if (what & FRS_QUERY_BGP) {
		const char *cmd = "show bgp vrf all neighbors json";

		if ((rc = run_batch(bufs, vty_dir, "bgpd", &cmd, 1, timeout_ms, errs)))
			goto done;
		if ((rc = frs_query_parse_neighbors(&s.bgp, frs_buf_cstr(&bufs[0]), NULL, errs)))
			goto done;
		s.bgp_ok = 1;
		frs_buf_clear(&bufs[0]);
	}
	if (what & FRS_QUERY_BFD)
		bfd_cmds[nbfd++] = "show bfd peers json";
	if (what & FRS_QUERY_BFD_COUNTERS)
		bfd_cmds[nbfd++] = "show bfd peers counters json";
	if (nbfd) {
		struct frs_errlist bfd_errs = FRS_ERRLIST_INIT;

		/* BFD is optional: without bfdd the BGP picture still stands */
		if (run_batch(bufs, vty_dir, "bfdd", bfd_cmds, nbfd, timeout_ms, &bfd_errs) == FRS_OK) {
			s.bfd_ok = 1;
			for (size_t i = 0; i < nbfd && rc == FRS_OK; i++)
				rc = frs_query_parse_bfd(&s.bfd, frs_buf_cstr(&bufs[i]), errs);
		}
		for (size_t i = 0; i < bfd_errs.n; i++)
			bfd_errs.v[i].severity = FRS_SEV_WARNING;
		frs_errlist_move(errs, &bfd_errs);
		frs_errlist_dispose(&bfd_errs);
		if (rc)
			goto done;
	}
	*out = s;
	memset(&s, 0, sizeof(s));
done:
	frs_query_snapshot_dispose(&s);
	frs_buf_dispose(&bufs[0]);
	frs_buf_dispose(&bufs[1]);
	return rc;
}
