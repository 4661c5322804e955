/* SPDX-License-Identifier: MIT */
/* frs_model_load and its docset and stream forms: validate a set of documents, build the model. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/model.h>

#include "model_int.h"
#include "validate.h"

/* A read error outranks a parse error, which outranks success. */
static enum frs_err worse(enum frs_err a, enum frs_err b)
{
	if (a == FRS_EINPUT || b == FRS_EINPUT)
		return FRS_EINPUT;
	return a ? a : b;
}

/* Classify, validate and convert @p set (m->docs, or a set of @p more) into @p m. */
static enum frs_err add_set(struct frs_model *m, const struct frs_docset *set,
			    struct frs_errlist *errs)
{
	bool *known = NULL, *ok = NULL;
	size_t n = set->ndocs;
	enum frs_err rc = FRS_ENOMEM;

	known = calloc(n + 1, sizeof(*known));
	ok = malloc((n + 1) * sizeof(*ok));
	if (!known || !ok)
		goto done;
	for (size_t i = 0; i < n; i++)
		ok[i] = true;
	if ((rc = frs_model__classify(set, known, errs)))
		goto done;
	if ((rc = frs_validate_docs(set, ok, errs)) == FRS_ENOMEM)
		goto done;
	rc = frs_model__append(m, set, known, ok, errs);
done:
	free(known);
	free(ok);
	return rc;
}

/*
 * Validate and build the model from the documents in m->docs, then from each set @p more (NULL:
 * none) hands over; @p read_rc is how reading went (a read error outranks what the documents
 * say). Takes @p m over.
 */
static enum frs_err build(struct frs_model **out, struct frs_model *m, enum frs_err read_rc,
			  size_t before, const struct frs_docstream *more, struct frs_errlist *errs)
{
	enum frs_err rc;

	m->ndocs = m->docs.ndocs;
	if ((rc = add_set(m, &m->docs, errs)))
		goto done;
	while (more) {
		struct frs_docset batch;
		enum frs_err got;

		frs_docset_init(&batch);
		got = more->next(more->arg, &batch, errs);
		/* what a set that failed to read holds is still checked, as files are */
		rc = got == FRS_ENOMEM || got == FRS_ENOTFOUND ? got : add_set(m, &batch, errs);
		m->ndocs += batch.ndocs;
		frs_docset_dispose(&batch);
		if (rc == FRS_ENOTFOUND)
			break;
		if (rc == FRS_ENOMEM)
			goto done;
		read_rc = worse(read_rc, got);
	}
	frs_model__finish(m);
	/* the rules run on what did convert: a broken peer must not hide a pool overlap */
	if ((rc = frs_rules_check(m, errs)) == FRS_ENOMEM)
		goto done;
	if (read_rc)
		rc = read_rc;
	else if (frs_errlist_count(errs, FRS_SEV_ERROR) > before)
		rc = FRS_EINVALID;
	else
		rc = FRS_OK;
	if (rc == FRS_OK) {
		*out = m;
		m = NULL;
	}
done:
	frs_model_free(m);
	return rc;
}

enum frs_err frs_model_load(struct frs_model **out, const char *const *paths, size_t npaths,
			    struct frs_errlist *errs)
{
	struct frs_model *m = NULL;
	size_t before;
	enum frs_err rc, read_rc = FRS_OK;

	*out = NULL;
	if (!paths || !npaths || !errs)
		return FRS_EARG;
	before = frs_errlist_count(errs, FRS_SEV_ERROR);
	m = frs_model__new();
	if (!m)
		return FRS_ENOMEM;
	/* every input is read, even after one fails, so that one run reports everything */
	for (size_t i = 0; i < npaths; i++) {
		rc = frs_docset_load(&m->docs, paths[i], errs);
		if (rc == FRS_ENOMEM) {
			frs_model_free(m);
			return rc;
		}
		read_rc = worse(read_rc, rc);
	}
	return build(out, m, read_rc, before, NULL, errs);
}

enum frs_err frs_model_load_stream(struct frs_model **out, struct frs_docset *set,
				  const struct frs_docstream *more, struct frs_errlist *errs)
{
	struct frs_model *m;

	*out = NULL;
	if (!set || !errs || (more && !more->next))
		return FRS_EARG;
	m = frs_model__new();
	if (!m) {
		frs_docset_dispose(set);
		return FRS_ENOMEM;
	}
	/* a docset is its struct: docs and priv move, nothing points back at the struct */
	frs_docset_dispose(&m->docs);
	m->docs = *set;
	memset(set, 0, sizeof(*set));
	return build(out, m, FRS_OK, frs_errlist_count(errs, FRS_SEV_ERROR), more, errs);
}

enum frs_err frs_model_load_docset(struct frs_model **out, struct frs_docset *set,
				   struct frs_errlist *errs)
{
	return frs_model_load_stream(out, set, NULL, errs);
}
