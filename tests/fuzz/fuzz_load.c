/* SPDX-License-Identifier: MIT */
/* Fuzz target: any bytes through the loader and the model's conversion, as YAML or JSON. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

#include <frrshim/doc.h>
#include <frrshim/model.h>

#include "../../frrgen/model_int.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *name = fuzz_manifest_name(data, size);
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_model *m = frs_model__new();
	bool *known = NULL, *ok = NULL;

	if (!m)
		return 0;
	if (frs_docset_load_mem(&m->docs, name, (const char *)data, size, &errs) == FRS_ENOMEM)
		goto done;
	known = calloc(m->docs.ndocs + 1, sizeof(*known));
	ok = malloc((m->docs.ndocs + 1) * sizeof(*ok));
	if (!known || !ok)
		goto done;
	for (size_t i = 0; i < m->docs.ndocs; i++)
		ok[i] = true;
	if (frs_model__classify(&m->docs, known, &errs) == FRS_OK)
		frs_model__convert(m, known, ok, &errs);
	/* every diagnostic says something, and where when it is about a document */
	for (size_t i = 0; i < errs.n; i++)
		FUZZ_ASSERT(errs.v[i].message && errs.v[i].message[0], "a diagnostic without a message");
done:
	free(known);
	free(ok);
	frs_errlist_dispose(&errs);
	frs_model_free(m);
	return 0;
}
