/* SPDX-License-Identifier: MIT */
/* frs_model_load, frs_model_load_docset: validate a whole set of documents, build the model. */
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

/*
 * Validate and build the model from the documents in m->docs; @p read_rc is how reading them
 * went (a read error outranks what the documents say). Takes @p m over.
 */
static enum frs_err build(struct frs_model **out, struct frs_model *m, enum frs_err read_rc,
			  size_t before, struct frs_errlist *errs)
{
	bool *known = NULL, *ok = NULL;
	size_t n = m->docs.ndocs;
	enum frs_err rc = FRS_ENOMEM;

	known = calloc(n + 1, sizeof(*known));
	ok = malloc((n + 1) * sizeof(*ok));
	if (!known || !ok)
		goto done;
	for (size_t i = 0; i < n; i++)
		ok[i] = true;
	if ((rc = frs_model__classify(&m->docs, known, errs)))
		goto done;
	if ((rc = frs_validate_docs(&m->docs, ok, errs)) == FRS_ENOMEM)
		goto done;
	if ((rc = frs_model__convert(m, known, ok, errs)))
		goto done;
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
	free(known);
	free(ok);
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
	return build(out, m, read_rc, before, errs);
}

enum frs_err frs_model_load_docset(struct frs_model **out, struct frs_docset *set,
				   struct frs_errlist *errs)
{
	struct frs_model *m;

	*out = NULL;
	if (!set || !errs)
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
	return build(out, m, FRS_OK, frs_errlist_count(errs, FRS_SEV_ERROR), errs);
}
