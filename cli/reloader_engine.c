/* SPDX-License-Identifier: MIT */
/* The sidecar's apply step over frrshim's own reload engine (frs_reload_apply). */
#include "config.h"

#include <string.h>

#include <frrshim/reload.h>
#include <frrshim/sidecar.h>
#include <frrshim/vty.h>

#include "reloader.h"

static bool bgpd_answers(const char *dir)
{
	struct frs_vty *vty = NULL;

	if (frs_vty_open(&vty, dir, "bgpd", 2000))
		return false;
	frs_vty_close(vty);
	return true;
}

enum frs_err reloader_engine_apply(void *arg, const char *conf, struct frs_sidecar_result *res,
				   struct frs_errlist *errs)
{
	const struct frs_sidecar_exec *x = arg;
	struct frs_reload_opts o = FRS_RELOAD_OPTS_INIT;
	struct frs_reload_result r;
	struct frs_conf *target = NULL;
	enum frs_err rc;

	frs_reload_result_init(&r);
	o.vty_dir = x->vty_dir;
	rc = frs_conf_parse(&target, conf, strlen(conf), x->conf_name, errs);
	if (rc)
		goto done;
	rc = frs_reload_apply(&r, target, &o, errs);
	/* the lines a failed rollback left differing go with the error */
	for (size_t i = 0; i < r.nresidual; i++)
		frs_errlist_report(errs, FRS_DIAG(.code = FRS_EROLLBACK), "still differs: %s",
				   r.residual[i]);
	/* a daemon that died mid-reload looks like a refused command: it is worth a retry */
	if (rc == FRS_EFRR && !bgpd_answers(x->vty_dir ? x->vty_dir : FRS_VTY_DEFAULT_DIR))
		rc = FRS_EUNREACHABLE;
	if (rc)
		goto done;
	res->lines_deleted = (unsigned)r.lines_deleted;
	res->lines_added = (unsigned)r.lines_added;
	if (r.nwarnings) {
		struct frs_buf w = FRS_BUF_INIT;
		for (size_t i = 0; i < r.nwarnings; i++)
			frs_buf_addf(&w, "%s%s", i ? "\n" : "", r.warnings[i]);
		res->warnings = frs_buf_detach(&w);
	}
done:
	frs_conf_free(target);
	frs_reload_result_dispose(&r);
	return rc;
}

enum frs_err reloader_engine_running(void *arg, struct frs_buf *out)
{
	const struct frs_sidecar_exec *x = arg;
	struct frs_reload_opts o = FRS_RELOAD_OPTS_INIT;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_conf *running = NULL;
	enum frs_err rc;

	o.vty_dir = x->vty_dir;
	rc = frs_reload_running(&running, &o, &errs);
	if (!rc)
		rc = frs_conf_print(out, running);
	frs_conf_free(running);
	frs_errlist_dispose(&errs);
	return rc;
}
