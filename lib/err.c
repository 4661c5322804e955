/* SPDX-License-Identifier: MIT */
/* Result codes and the list of located diagnostics. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/err.h>

#include "vec.h"

const char *frs_strerror(enum frs_err code)
{
	switch (code) {
	case FRS_OK: return "success";
	case FRS_ENOMEM: return "out of memory";
	case FRS_EIO: return "input/output error";
	case FRS_EINPUT: return "cannot read input";
	case FRS_EPARSE: return "malformed input";
	case FRS_EINVALID: return "invalid configuration";
	case FRS_ENOTFOUND: return "not found";
	case FRS_EUNREACHABLE: return "FRR daemon unreachable";
	case FRS_ETIMEOUT: return "timed out";
	case FRS_EFRR: return "FRR rejected a command";
	case FRS_EROLLBACK: return "rollback failed";
	case FRS_ESYS: return "system error";
	case FRS_EARG: return "invalid argument";
	}
	return "unknown error";
}

void frs_errlist_init(struct frs_errlist *l)
{
	memset(l, 0, sizeof(*l));
}

static void error_dispose(struct frs_error *e)
{
	free(e->file);
	free(e->kind);
	free(e->ns);
	free(e->name);
	free(e->path);
	free(e->message);
}

void frs_errlist_dispose(struct frs_errlist *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		error_dispose(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int dup_opt(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = strdup(src);
	return *dst ? 0 : -1;
}

enum frs_err frs_errlist_vreport(struct frs_errlist *l, const struct frs_diag *d, const char *fmt,
				 va_list ap)
{
	enum frs_err code = d->code ? d->code : FRS_EINVALID;
	struct frs_error e;
	char *msg = NULL;

	memset(&e, 0, sizeof(e));
	if (FRS_VEC_RESERVE(l->v, l->cap, l->n + 1))
		return FRS_ENOMEM;
	if (vasprintf(&msg, fmt, ap) < 0)
		return FRS_ENOMEM;
	e.severity = d->sev;
	e.code = code;
	e.message = msg;
	if (d->loc) {
		e.line = d->loc->line;
		e.column = d->loc->column;
	}
	if (dup_opt(&e.file, d->loc ? d->loc->file : NULL) || dup_opt(&e.kind, d->kind) ||
	    dup_opt(&e.ns, d->ns) || dup_opt(&e.name, d->name) || dup_opt(&e.path, d->path)) {
		error_dispose(&e);
		return FRS_ENOMEM;
	}
	l->v[l->n++] = e;
	return code;
}

enum frs_err frs_errlist_report(struct frs_errlist *l, const struct frs_diag *d, const char *fmt,
				...)
{
	va_list ap;
	enum frs_err rc;

	va_start(ap, fmt);
	rc = frs_errlist_vreport(l, d, fmt, ap);
	va_end(ap);
	return rc;
}

size_t frs_errlist_count(const struct frs_errlist *l, enum frs_severity sev)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		n += l->v[i].severity == sev;
	return n;
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

static int cmp_error(const struct frs_error *a, const struct frs_error *b)
{
	int c;

	/* entries without a file sort after those with one */
	if ((a->file == NULL) != (b->file == NULL))
		return a->file ? -1 : 1;
	if ((c = cmp_str(a->file, b->file)))
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	if ((c = cmp_str(a->path, b->path)))
		return c;
	return cmp_str(a->message, b->message);
}

struct sort_item {
	struct frs_error e;
	size_t idx;
};

static int cmp_item(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;
	int c = cmp_error(&a->e, &b->e);

	/* the original index as the last key makes qsort stable */
	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

void frs_errlist_sort(struct frs_errlist *l)
{
	struct sort_item *items;

	if (l->n < 2)
		return;
	items = malloc(l->n * sizeof(*items));
	if (!items)
		return; /* unsorted is still complete */
	for (size_t i = 0; i < l->n; i++) {
		items[i].e = l->v[i];
		items[i].idx = i;
	}
	qsort(items, l->n, sizeof(*items), cmp_item);
	for (size_t i = 0; i < l->n; i++)
		l->v[i] = items[i].e;
	free(items);
}

enum frs_err frs_errlist_move(struct frs_errlist *dst, struct frs_errlist *src)
{
	if (src->n > SIZE_MAX - dst->n || FRS_VEC_RESERVE(dst->v, dst->cap, dst->n + src->n))
		return FRS_ENOMEM;
	if (src->n)
		memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	free(src->v);
	memset(src, 0, sizeof(*src));
	return FRS_OK;
}
