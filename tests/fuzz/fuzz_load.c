/* SPDX-License-Identifier: MIT */
/* libFuzzer target: any bytes through the loader and the model's conversion, as YAML and JSON
 * (with -DFUZZ_VALIDATE also through YANG validation and the cross-object rules). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <frrshim/doc.h>
#include <frrshim/model.h>

#include "../../frrgen/model_int.h"
#ifdef FUZZ_VALIDATE
#include "../../frrgen/validate.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the first byte picks the parser, as a file name would */
	const char *name = size && (data[0] & 1) ? "f.json" : "f.yaml";
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_model *m = frs_model__new();
	bool *known, *ok;

	if (!m)
		return 0;
	frs_docset_load_mem(&m->docs, name, (const char *)data, size, &errs);
	known = calloc(m->docs.ndocs + 1, sizeof(*known));
	ok = malloc((m->docs.ndocs + 1) * sizeof(*ok));
	if (known && ok) {
		for (size_t i = 0; i < m->docs.ndocs; i++)
			ok[i] = true;
#ifdef FUZZ_VALIDATE
		frs_validate_docs(&m->docs, ok, &errs);
#endif
		if (frs_model__classify(&m->docs, known, &errs) == FRS_OK &&
		    frs_model__convert(m, known, ok, &errs) == FRS_OK) {
#ifdef FUZZ_VALIDATE
			frs_rules_check(m, &errs);
#endif
		}
		for (size_t i = 0; i < errs.n; i++)
			if (!errs.v[i].message)
				abort();
	}
	free(known);
	free(ok);
	frs_errlist_dispose(&errs);
	frs_model_free(m);
	return 0;
}
