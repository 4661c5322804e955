/* SPDX-License-Identifier: MIT */
/* Label lookups and Kubernetes label-selector matching over the model's label maps. */
/* These belong to the model (branch `model`); defined weak here so that rendering can be built and
 * tested before the loader lands. The model's strong definitions win; then delete this file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <frrshim/doc.h>
#include <frrshim/model.h>

__attribute__((weak)) const char *frs_labels_get(const struct frs_labels *l, const char *key)
{
	size_t lo = 0, hi;

	if (!l || !key)
		return NULL;
	/* sorted by key: binary search, but tolerate unsorted maps built by hand */
	hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->keys[mid], key);

		if (c == 0)
			return l->values[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->keys[i], key) == 0)
			return l->values[i];
	return NULL;
}

static bool value_in(const struct frs_sel_expr *e, const char *v)
{
	for (size_t i = 0; i < e->nvalues; i++)
		if (strcmp(e->values[i], v) == 0)
			return true;
	return false;
}

__attribute__((weak)) bool frs_selector_matches(const struct frs_selector *sel,
					   const struct frs_labels *labels)
{
	for (size_t i = 0; i < sel->match_labels.n; i++) {
		const char *v = frs_labels_get(labels, sel->match_labels.keys[i]);

		if (!v || strcmp(v, sel->match_labels.values[i]) != 0)
			return false;
	}
	for (size_t i = 0; i < sel->nexprs; i++) {
		const struct frs_sel_expr *e = &sel->exprs[i];
		const char *v = frs_labels_get(labels, e->key);

		switch (e->op) {
		case FRS_SEL_IN:
			if (!v || !value_in(e, v))
				return false;
			break;
		case FRS_SEL_NOT_IN:
			/* Kubernetes: NotIn matches when the label is absent */
			if (v && value_in(e, v))
				return false;
			break;
		case FRS_SEL_EXISTS:
			if (!v)
				return false;
			break;
		case FRS_SEL_DOES_NOT_EXIST:
			if (v)
				return false;
			break;
		}
	}
	return true;
}

__attribute__((weak)) bool frs_selectors_match(const struct frs_selectors *sels, const struct frs_labels *labels,
			 bool if_empty)
{
	if (!sels || sels->n == 0)
		return if_empty;
	for (size_t i = 0; i < sels->n; i++)
		if (frs_selector_matches(&sels->v[i], labels))
			return true;
	return false;
}

__attribute__((weak)) struct frs_loc frs_object_loc(const struct frs_object *obj, const char *path)
{
	struct frs_loc loc = { 0 };

	(void)path;
	if (obj && obj->src)
		loc = obj->src->loc;
	return loc;
}
