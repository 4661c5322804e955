/* SPDX-License-Identifier: MIT */
/* Fuzz target: the small parsers of single values (durations, pool ranges, IPs, prefixes,
 * --node-labels, base64 Secret data) and the password scrubber, each on the whole input. */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include <frrshim/buf.h>
#include <frrshim/model.h>
#include <frrshim/reload.h>

#include "../../frrgen/model_int.h"
#include "../../lib/base64.h"
#include "../../query/verify_int.h"
#include "fuzz.h"

static void check_range(const char *s)
{
	struct frs_prefix p[256];
	int n = frs_model__parse_range(s, p, sizeof(p) / sizeof(p[0]));

	FUZZ_ASSERT(n >= -1 && n <= 256, "parse_range wrote more than it was given room for");
	for (int i = 0; i < n; i++) {
		FUZZ_ASSERT(p[i].family == AF_INET || p[i].family == AF_INET6, "range: bad family");
		FUZZ_ASSERT(p[i].len <= (p[i].family == AF_INET ? 32u : 128u), "range: bad length");
	}
}

static void check_ip(const char *s)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	if (frs_model__canon_ip(s, a, sizeof(a)) == 0) {
		FUZZ_ASSERT(frs_model__canon_ip(a, b, sizeof(b)) == 0, "a canonical IP does not parse");
		FUZZ_ASSERT(strcmp(a, b) == 0, "canonical IP not stable");
	}
}

static void check_labels(const char *s)
{
	struct frs_labels l = { 0 };

	if (frs_labels_parse(&l, s) == FRS_OK)
		for (size_t i = 1; i < l.n; i++)
			FUZZ_ASSERT(strcmp(l.keys[i - 1], l.keys[i]) <= 0, "labels not sorted by key");
	frs_labels_dispose(&l);
}

static void check_scrub(const char *s)
{
	struct frs_buf a = FRS_BUF_INIT, b = FRS_BUF_INIT;

	if (frs_buf_puts(&a, s) == FRS_OK) {
		frs_reload_scrub(&a);
		if (a.ptr && frs_buf_puts(&b, a.ptr) == FRS_OK) {
			frs_reload_scrub(&b);
			FUZZ_ASSERT(b.ptr && strcmp(a.ptr, b.ptr) == 0, "scrubbing twice changes more");
		}
	}
	frs_buf_dispose(&a);
	frs_buf_dispose(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), *canon;
	struct frs_buf dec = FRS_BUF_INIT;
	int64_t ms;

	if (!s)
		return 0;
	frs_model__parse_duration(s, &ms);
	check_range(s);
	check_ip(s);
	check_labels(s);
	frs_base64_decode(&dec, s);
	frs_buf_dispose(&dec);
	if ((canon = frs_verify__canon_prefix(s))) {
		char *again = frs_verify__canon_prefix(canon);

		FUZZ_ASSERT(again && strcmp(again, canon) == 0, "canonical prefix not stable");
		free(again);
		free(canon);
	}
	check_scrub(s);
	free(s);
	return 0;
}
