/* SPDX-License-Identifier: MIT */
/* Direct mode's source: the node's frr.conf rendered from the manifests in a watched directory. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static int manifest_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	/* dot entries are the volume's own: ..data, ..2026_01_01_..., editors' swap files */
	if (name[0] == '.' || !dot)
		return 0;
	return strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0 || strcmp(dot, ".json") == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct pathv {
	char **v;
	size_t n, cap;
};

static enum frs_err pathv_push(struct pathv *pv, char *path)
{
	if (pv->n == pv->cap) {
		size_t cap = pv->cap ? pv->cap * 2 : 16;
		char **nv = realloc(pv->v, cap * sizeof(*nv));

		if (!nv)
			return FRS_ENOMEM;
		pv->v = nv;
		pv->cap = cap;
	}
	pv->v[pv->n++] = path;
	return FRS_OK;
}

/*
 * The manifests in @p dir and its subdirectories (a projected volume may nest them). Kubernetes
 * volumes show them as symlinks into ..data/, which stat() follows; the dot entries (the
 * timestamped directories, ..data itself) are skipped so that nothing is read twice.
 */
static enum frs_err scan(struct pathv *pv, const char *dir, int depth, struct frs_errlist *errs)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	enum frs_err rc = FRS_OK;

	if (!dh)
		return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT,
					  .loc = &(struct frs_loc){ dir, 0, 0 }),
					  "cannot read directory: %s", strerror(errno));
	while (!rc && (de = readdir(dh))) {
		struct stat st;
		char *path;

		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, de->d_name) < 0) {
			rc = FRS_ENOMEM;
			break;
		}
		/* a dangling link mid-swap is not a manifest */
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth < 8) {
			rc = scan(pv, path, depth + 1, errs);
			free(path);
		} else if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && manifest_name(de->d_name)) {
			rc = pathv_push(pv, path);
			if (rc)
				free(path);
		} else {
			free(path);
		}
	}
	closedir(dh);
	return rc;
}

static enum frs_err list_manifests(char ***out, size_t *n, const char *dir,
				   struct frs_errlist *errs)
{
	struct pathv pv = { 0 };
	enum frs_err rc = scan(&pv, dir, 0, errs);

	if (rc) {
		for (size_t i = 0; i < pv.n; i++)
			free(pv.v[i]);
		free(pv.v);
		return rc;
	}
	if (pv.v)
		qsort(pv.v, pv.n, sizeof(*pv.v), cmp_str);
	*out = pv.v;
	*n = pv.n;
	return FRS_OK;
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

	rc = list_manifests(&paths, &n, d->dir, errs);
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
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}
