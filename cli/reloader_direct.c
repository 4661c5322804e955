/* SPDX-License-Identifier: MIT */
/* Direct mode's source: the node's frr.conf rendered from a watched directory or the API server. */
#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/doc.h>
#include <frrshim/kube.h>
#include <frrshim/model.h>
#include <frrshim/render.h>
#include <frrshim/view.h>

#include "cli.h"
#include "reloader.h"

struct reloader_direct {
	char *dir;                    /* the watched directory, or NULL with kube */
	struct frs_kube_source *kube; /* or NULL */
	char *node;
	struct frs_labels labels;
	bool have_labels;
};

enum frs_err reloader_direct_new(struct reloader_direct **out, const char *dir,
				 const struct cli_source *src, const char *node, const char *labels,
				 struct frs_errlist *errs)
{
	struct reloader_direct *d = calloc(1, sizeof(*d));
	enum frs_err rc = FRS_ENOMEM;

	if (!d)
		return FRS_ENOMEM;
	d->dir = dir ? strdup(dir) : NULL;
	d->node = strdup(node);
	if ((dir && !d->dir) || !d->node)
		goto done;
	if (!dir) {
		struct frs_kube_opts ko = { src->kubeconfig, src->context, src->ns, node };

		if ((rc = frs_kube_source_new(&d->kube, &ko, errs)))
			goto done;
		rc = FRS_ENOMEM;
	}
	if (labels) {
		if (frs_labels_parse(&d->labels, labels) != 0) {
			rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EARG),
						"--node-labels wants K=V,K=V...");
			goto done;
		}
		d->have_labels = true;
	}
	rc = FRS_OK;
done:
	if (rc) {
		reloader_direct_free(d);
		return rc;
	}
	*out = d;
	return FRS_OK;
}

enum frs_err reloader_direct_metrics(struct reloader_direct *d, struct frs_buf *out)
{
	return d && d->kube ? frs_kube_source_metrics(d->kube, out) : FRS_OK;
}

static void on_change(void *arg)
{
	frs_sidecar_notify(arg);
}

static void on_log(void *arg, const char *level, const char *msg, const char *const *kv)
{
	frs_sidecar_log(arg, level, msg, kv);
}

enum frs_err reloader_direct_start(struct reloader_direct *d, struct frs_sidecar *sc,
				   struct frs_errlist *errs)
{
	struct frs_kube_watch_opts wo = { 0 };

	if (!d->kube)
		return FRS_OK;
	wo.on_change = on_change;
	wo.change_arg = sc;
	wo.log = on_log;
	wo.log_arg = sc;
	return frs_kube_source_start(d->kube, &wo, errs);
}

void reloader_direct_free(struct reloader_direct *d)
{
	if (!d)
		return;
	frs_kube_source_free(d->kube);
	if (d->have_labels)
		frs_labels_dispose(&d->labels);
	free(d->dir);
	free(d->node);
	free(d);
}

/* The set as it is now: the directory's manifests, or what the API's watchers hold. */
static enum frs_err load_set(struct frs_model **m, struct reloader_direct *d,
			     struct frs_errlist *errs)
{
	char **paths = NULL;
	size_t n = 0;
	enum frs_err rc;

	/* what the watchers hold; an error until every kind is listed */
	if (d->kube)
		return frs_kube_source_load(m, d->kube, errs);
	/* the PATH rule of every command: a ConfigMap volume's files are links beside ..data */
	rc = frs_docset_paths(&paths, &n, d->dir, errs);
	if (rc)
		return rc;
	if (!n) {
		/* most likely a volume being populated: never wipe FRR's config for that */
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_ENOTFOUND,
					.loc = &(struct frs_loc){ d->dir, 0, 0 }),
					"no manifests (.yaml, .yml, .json) in the directory");
	} else {
		rc = frs_model_load(m, (const char *const *)paths, n, errs);
	}
	frs_docset_paths_free(paths, n);
	return rc;
}

enum frs_err reloader_direct_source(void *arg, struct frs_buf *out, struct frs_errlist *errs)
{
	struct reloader_direct *d = arg;
	struct frs_view_opts vo = { 0 };
	struct frs_render_opts ro = { 0 };
	struct frs_model *m = NULL;
	struct frs_view *v = NULL;
	enum frs_err rc;

	rc = load_set(&m, d, errs);
	if (rc)
		goto done;
	vo.node = d->node;
	vo.labels = d->have_labels ? &d->labels : NULL;
	rc = frs_view_build(&v, m, &vo, errs);
	if (rc)
		goto done;
	rc = frs_render_node(out, v, &ro, errs);
done:
	frs_errlist_sort(errs);
	frs_view_free(v);
	frs_model_free(m);
	/* a render of a large cluster's set peaks at many times what the store keeps between
	 * changes (documents, the YANG tree, the model): give that back rather than keep it
	 * resident until the next change (glibc keeps freed heap otherwise) */
	if (d->kube)
		malloc_trim(0);
	return rc;
}
