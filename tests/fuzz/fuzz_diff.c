/* SPDX-License-Identifier: MIT */
/* Fuzz target: the diff between two configurations, the input split at its first NUL into
 * running and target (no NUL: the target is empty). Configurations with the same normal form
 * must not differ; whatever differs prints in both styles and as a stream. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <frrshim/buf.h>
#include <frrshim/reload.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf pa = FRS_BUF_INIT, pb = FRS_BUF_INIT, out = FRS_BUF_INIT;
	const char *text = (const char *)data, *nul = memchr(data, 0, size);
	size_t alen = nul ? (size_t)(nul - text) : size;
	struct frs_conf *a = NULL, *b = NULL;
	struct frs_diff *d = NULL;
	static FILE *devnull;

	if (frs_conf_parse(&a, text, alen, "running", &errs) != FRS_OK)
		goto done;
	if (nul ? frs_conf_parse(&b, nul + 1, size - alen - 1, "target", &errs) :
		  frs_conf_parse(&b, "", 0, "target", &errs))
		goto done;
	if (frs_diff_compute(&d, a, b, &errs) != FRS_OK)
		goto done;
	if (frs_conf_print(&pa, a) == FRS_OK && frs_conf_print(&pb, b) == FRS_OK &&
	    pa.len == pb.len && memcmp(frs_buf_cstr(&pa), frs_buf_cstr(&pb), pa.len) == 0)
		FUZZ_ASSERT(frs_diff_deletes(d) == 0 && frs_diff_adds(d) == 0,
			    "a diff between configurations with the same normal form");
	frs_diff_print(&out, d, FRS_DIFF_RELOAD_PY);
	frs_diff_print(&out, d, FRS_DIFF_SCRIPT);
	if (devnull || (devnull = fopen("/dev/null", "w")))
		frs_diff_write(devnull, d, FRS_DIFF_RELOAD_PY);
	frs_diff_free(d);
	d = NULL;
	/* and the other way round */
	if (frs_diff_compute(&d, b, a, &errs) == FRS_OK)
		frs_diff_print(&out, d, FRS_DIFF_SCRIPT);
done:
	frs_diff_free(d);
	frs_conf_free(a);
	frs_conf_free(b);
	frs_buf_dispose(&pa);
	frs_buf_dispose(&pb);
	frs_buf_dispose(&out);
	frs_errlist_dispose(&errs);
	return 0;
}
