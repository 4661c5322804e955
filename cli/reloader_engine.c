/* SPDX-License-Identifier: MIT */
/* The sidecar's apply step over frrshim's own reload engine. */
#include "config.h"

#include <frrshim/sidecar.h>

#include "reloader.h"

/* The engine (branch reload) is not merged yet: frr-reload.py is the only backend. */
const char *reloader_engine_default(void)
{
	return "frr-reload.py";
}

bool reloader_engine_available(void)
{
	return false;
}

enum frs_err reloader_engine_apply(void *arg, const char *conf, struct frs_sidecar_result *res,
				   struct frs_errlist *errs)
{
	return frs_sidecar_apply_frr_reload(arg, conf, res, errs);
}
