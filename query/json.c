/* SPDX-License-Identifier: MIT */
/* Tolerant cJSON accessors: FRR adds, renames and retypes keys between releases. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/vec.h"
#include "json_int.h"
#include "../lib/jcheck.h"

enum frs_err frs_json__parse(cJSON **out, const char *json, const char *what,
			     struct frs_errlist *errs)
{
	const char *end = NULL, *text = json ? json : "";
	size_t len = strlen(text), off;
	cJSON *root;

	*out = NULL;
	root = cJSON_ParseWithOpts(text, &end, 0);
	if (!root) {
		/* cJSON's position is often the end of the text; the strict check's is the byte */
		bool valid = frs_jcheck_value(text, len, 0, 512, &off, NULL);
		if (valid || off > len)
			off = end ? (size_t)(end - text) : 0;
		return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE),
					  "%s: not JSON (at byte %zu)", what, off);
	}
	/* one output is one value: what follows would be silently dropped */
	off = (size_t)(end - text);
	while (off < len && strchr(" \t\r\n", text[off]))
		off++;
	if (off < len) {
		cJSON_Delete(root);
		return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE),
					  "%s: %s at byte %zu (one output is one JSON value)", what,
					  strchr("{[\"", text[off]) ? "a second JSON value" :
								      "text after the JSON value",
					  off);
	}
	*out = root;
	return FRS_OK;
}

char *frs_json__dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* A double as an int64_t, truncated; false when it has none (NaN, ±inf, beyond ±2^63: the
 * conversion would be undefined). */
static bool to_int64(double d, int64_t *out)
{
	if (!(d > -9223372036854775808.0 && d < 9223372036854775808.0))
		return false;
	*out = (int64_t)d;
	return true;
}

char *frs_json__str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	char tmp[32];
	int64_t n;

	if (cJSON_IsString(v) && v->valuestring)
		return strdup(v->valuestring);
	if (cJSON_IsNumber(v) && to_int64(v->valuedouble, &n)) {
		snprintf(tmp, sizeof(tmp), "%" PRId64, n);
		return strdup(tmp);
	}
	return NULL;
}

int64_t frs_json__sum(int64_t acc, int64_t add)
{
	int64_t s;

	if (add < 0)
		return acc;
	if (acc < 0)
		return add;
	return __builtin_add_overflow(acc, add, &s) ? INT64_MAX : s;
}

int frs_json__port(int64_t v)
{
	return v >= 1 && v <= 65535 ? (int)v : -1;
}

int64_t frs_json__int(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	int64_t n;

	if (cJSON_IsNumber(v))
		return to_int64(v->valuedouble, &n) ? n : -1;
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? 1 : 0;
	if (cJSON_IsString(v) && v->valuestring && *v->valuestring) {
		/* the YANG operational data prints 64-bit counters as strings */
		char *e = NULL;
		long long ll;

		errno = 0;
		ll = strtoll(v->valuestring, &e, 10);
		if (!errno && e && !*e)
			return ll;
	}
	return -1;
}

enum frs_err frs_json__grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t old = *cap;
	void *p = NULL;
	enum frs_err rc;

	if (n < *cap)
		return FRS_OK;
	/* lib/vec.c sizes it (overflow checked); the parsers want the new room zeroed */
	rc = frs_vec_grow(&p, *v, cap, n + 1, size);
	if (rc)
		return rc;
	memset((char *)p + old * size, 0, (*cap - old) * size);
	*v = p;
	return FRS_OK;
}
