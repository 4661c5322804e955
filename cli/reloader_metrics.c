/* SPDX-License-Identifier: MIT */
/* The sidecar's metrics endpoint: query's server (MetalLB's BGP/BFD series) plus the sidecar's own. */
#include "config.h"

#include <stdlib.h>

#include <frrshim/metrics.h>

#include "reloader.h"

struct reloader_metrics {
	struct frs_metrics_server *srv;
	struct frs_sidecar *sc;
	struct reloader_direct *direct;
};

static enum frs_err sidecar_series(struct frs_buf *out, void *arg)
{
	struct reloader_metrics *m = arg;
	enum frs_err rc = frs_sidecar_metrics(m->sc, out);

	return rc ? rc : reloader_direct_metrics(m->direct, out);
}

enum frs_err reloader_metrics_start(struct reloader_metrics **out, const char *listen,
				    struct frs_sidecar *sc, struct reloader_direct *direct,
				    const struct frs_sidecar_exec *ex, struct frs_errlist *errs)
{
	struct frs_metrics_options o = FRS_METRICS_OPTIONS_INIT;
	struct reloader_metrics *m;
	enum frs_err rc;

	m = calloc(1, sizeof(*m));
	if (!m)
		return FRS_ENOMEM;
	o.listen = listen;
	o.vty_dir = ex->vty_dir;
	m->sc = sc;
	m->direct = direct;
	o.extra = sidecar_series;
	o.extra_arg = m;
	rc = frs_metrics_start(&m->srv, &o, errs);
	if (rc) {
		free(m);
		return rc;
	}
	*out = m;
	return FRS_OK;
}

void reloader_metrics_stop(struct reloader_metrics *m)
{
	if (!m)
		return;
	frs_metrics_stop(m->srv);
	free(m);
}
