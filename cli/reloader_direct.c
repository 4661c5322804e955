/* SPDX-License-Identifier: MIT */
/* Direct mode's source: the node's frr.conf rendered from the manifests in a watched directory. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/doc.h>
#include <frrshim/model.h>
#include <frrshim/render.h>
#include <frrshim/view.h>

#include "cli.h"
#include "reloader.h"

struct reloader_direct {
	char *dir;
	char *node;
	struct frs_labels labels;
	bool have_labels;
};

enum frs_err reloader_direct_new(struct reloader_direct **out, const char *dir, const char *node,
				 const char *labels, struct frs_errlist *errs)
{
	struct reloader_direct *d = calloc(1, sizeof(*d));
	enum frs_err rc = FRS_ENOMEM;

	if (!d)
		return FRS_ENOMEM;
	d->dir = strdup(dir);
	d->node = strdup(node);
	if (!d->dir || !d->node)
		goto done;
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

void reloader_direct_free(struct reloader_direct *d)
{
	if (!d)
		return;
	if (d->have_labels)
		frs_labels_dispose(&d->labels);
	free(d->dir);
	free(d->node);
	free(d);
}

enum frs_err reloader_direct_source(void *arg, struct frs_buf *out, struct frs_errlist *errs)
{
	struct reloader_direct *d = arg;
	struct frs_view_opts vo = { 0 };
	struct frs_render_opts ro = { 0 };
	struct frs_model *m = NULL;
	struct frs_view *v = NULL;
	char **paths = NULL;
	size_t n = 0;
	enum frs_err rc;

	/* the PATH rule of every command: a ConfigMap volume's files are links beside ..data */
	rc = frs_docset_paths(&paths, &n, d->dir, errs);
	if (rc)
		goto done;
	if (!n) {
		/* most likely a volume being populated: never wipe FRR's config for that */
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_ENOTFOUND,
					.loc = &(struct frs_loc){ d->dir, 0, 0 }),
					"no manifests (.yaml, .yml, .json) in the directory");
		goto done;
	}
	rc = frs_model_load(&m, (const char *const *)paths, n, errs);
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
	frs_docset_paths_free(paths, n);
	return rc;
}
