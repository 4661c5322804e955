/* SPDX-License-Identifier: MIT */
/* frs_model_load: read every input, validate the whole set, build the model, check the rules. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

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

enum frs_err frs_model_load(struct frs_model **out, const char *const *paths, size_t npaths,
			    struct frs_errlist *errs)
{
	struct frs_model *m = NULL;
	bool *known = NULL, *ok = NULL;
	size_t before, n;
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
		if (rc == FRS_ENOMEM)
			goto done;
		read_rc = worse(read_rc, rc);
	}
	n = m->docs.ndocs;
	known = calloc(n + 1, sizeof(*known));
	ok = malloc((n + 1) * sizeof(*ok));
	rc = FRS_ENOMEM;
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
