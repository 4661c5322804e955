/* SPDX-License-Identifier: MIT */
/* What `frrshim reloader` joins around the sidecar loop: the engine, the manifest source, metrics. */
#ifndef FRS_CLI_RELOADER_H
#define FRS_CLI_RELOADER_H

#include <stdbool.h>

#include <frrshim/buf.h>
#include <frrshim/err.h>
#include <frrshim/sidecar.h>

/* A frs_sidecar_apply_fn over frrshim's reload engine (reloader_engine.c); @p arg is a struct frs_sidecar_exec. */
enum frs_err reloader_engine_apply(void *arg, const char *conf, struct frs_sidecar_result *res,
				   struct frs_errlist *errs);
/* A frs_sidecar_running_fn: the live config as the engine reads and normalises it. */
enum frs_err reloader_engine_running(void *arg, struct frs_buf *out);

/* Direct mode (reloader_direct.c): render @p node's config from the manifests in @p dir, or
 * (dir NULL) from the API server that @p src names. */
struct reloader_direct;
struct cli_source;
enum frs_err reloader_direct_new(struct reloader_direct **out, const char *dir,
				 const struct cli_source *src, const char *node, const char *labels,
				 struct frs_errlist *errs);
/* With the API server: start its watchers, which notify @p sc of changes and log through it. */
enum frs_err reloader_direct_start(struct reloader_direct *d, struct frs_sidecar *sc,
				   struct frs_errlist *errs);
/* A frs_sidecar_source_fn; @p arg is the struct reloader_direct. */
enum frs_err reloader_direct_source(void *arg, struct frs_buf *out, struct frs_errlist *errs);
void reloader_direct_free(struct reloader_direct *d);

/* The API source's series (none without --kube; @p d may be NULL). */
enum frs_err reloader_direct_metrics(struct reloader_direct *d, struct frs_buf *out);

/* The metrics endpoint (reloader_metrics.c) on ADDR:PORT, serving the sidecar's series and
 * those of @p direct (may be NULL). */
struct reloader_metrics;
enum frs_err reloader_metrics_start(struct reloader_metrics **out, const char *listen,
				    struct frs_sidecar *sc, struct reloader_direct *direct,
				    const struct frs_sidecar_exec *ex, struct frs_errlist *errs);
void reloader_metrics_stop(struct reloader_metrics *m);

#endif
