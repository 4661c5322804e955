/* SPDX-License-Identifier: MIT */
/* Fuzz target: the FRR configuration parser, its printer and the diff. Properties: the printed
 * form parses and prints again byte for byte (it is a normal form), and a configuration differs
 * from nothing it is equal to: itself, or its printed form read back. */
#include "config.h"

#include <string.h>

#include <frrshim/buf.h>
#include <frrshim/reload.h>

#include "fuzz.h"

static void no_diff(const struct frs_conf *a, const struct frs_conf *b, const char *what)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_diff *d = NULL;

	if (frs_diff_compute(&d, a, b, &errs) == FRS_OK) {
		if (frs_diff_deletes(d) || frs_diff_adds(d)) {
			struct frs_buf out = FRS_BUF_INIT;

			frs_diff_print(&out, d, FRS_DIFF_RELOAD_PY);
			fprintf(stderr, "%s:%s\n", what, out.ptr ? out.ptr : "");
			frs_buf_dispose(&out);
		}
		FUZZ_ASSERT(frs_diff_deletes(d) == 0 && frs_diff_adds(d) == 0, what);
	}
	frs_diff_free(d);
	frs_errlist_dispose(&errs);
}

/* Everything @p c holds, as an add-only and a delete-only diff in both styles. */
static void diff_against_nothing(const struct frs_conf *c)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf out = FRS_BUF_INIT;
	struct frs_conf *empty = NULL;
	struct frs_diff *d = NULL;

	if (frs_conf_parse(&empty, "", 0, "empty", &errs) != FRS_OK)
		goto done;
	if (frs_diff_compute(&d, empty, c, &errs) == FRS_OK) {
		FUZZ_ASSERT(frs_diff_deletes(d) == 0, "deletes from an empty configuration");
		frs_diff_print(&out, d, FRS_DIFF_RELOAD_PY);
		frs_diff_print(&out, d, FRS_DIFF_SCRIPT);
	}
	frs_diff_free(d);
	d = NULL;
	if (frs_diff_compute(&d, c, empty, &errs) == FRS_OK) {
		FUZZ_ASSERT(frs_diff_adds(d) == 0, "adds to reach an empty configuration");
		frs_diff_print(&out, d, FRS_DIFF_RELOAD_PY);
		frs_diff_print(&out, d, FRS_DIFF_SCRIPT);
	}
done:
	frs_diff_free(d);
	frs_conf_free(empty);
	frs_buf_dispose(&out);
	frs_errlist_dispose(&errs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf p1 = FRS_BUF_INIT, p2 = FRS_BUF_INIT;
	struct frs_conf *c1 = NULL, *c2 = NULL;
	enum frs_err rc;

	if (frs_conf_parse(&c1, (const char *)data, size, "fuzz", &errs) != FRS_OK)
		goto done;
	if (frs_conf_print(&p1, c1) != FRS_OK)
		goto done;
	rc = frs_conf_parse(&c2, frs_buf_cstr(&p1), p1.len, "printed", &errs);
	if (rc != FRS_OK && rc != FRS_ENOMEM) {
		for (size_t i = 0; i < errs.n; i++)
			fprintf(stderr, "%s\n", errs.v[i].message);
		fprintf(stderr, "printed:\n%s", frs_buf_cstr(&p1));
	}
	FUZZ_ASSERT(rc == FRS_OK || rc == FRS_ENOMEM, "the printed form does not parse");
	if (rc != FRS_OK)
		goto done;
	if (frs_conf_print(&p2, c2) != FRS_OK)
		goto done;
	if (p1.len != p2.len || memcmp(frs_buf_cstr(&p1), frs_buf_cstr(&p2), p1.len) != 0)
		fprintf(stderr, "printed once:\n%s\nprinted twice:\n%s", frs_buf_cstr(&p1),
			frs_buf_cstr(&p2));
	FUZZ_ASSERT(p1.len == p2.len && memcmp(frs_buf_cstr(&p1), frs_buf_cstr(&p2), p1.len) == 0,
		    "print(parse(print(parse(x)))) != print(parse(x))");
	FUZZ_ASSERT(frs_conf_contexts(c1) == frs_conf_contexts(c2), "contexts lost in printing");
	no_diff(c1, c1, "a configuration differs from itself");
	no_diff(c1, c2, "a configuration differs from its printed form");
	no_diff(c2, c1, "a printed form differs from its configuration");
	diff_against_nothing(c1);
done:
	frs_conf_free(c1);
	frs_conf_free(c2);
	frs_buf_dispose(&p1);
	frs_buf_dispose(&p2);
	frs_errlist_dispose(&errs);
	return 0;
}
