/* SPDX-License-Identifier: MIT */
/* Tolerant cJSON accessors: FRR adds, renames and retypes keys between releases. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/vec.h"
#include "json_int.h"

enum frs_err frs_json__parse(cJSON **out, const char *json, const char *what,
			     struct frs_errlist *errs)
{
	const char *end = NULL;
	cJSON *root;

	*out = NULL;
	root = cJSON_ParseWithOpts(json ? json : "", &end, 0);
	if (!root) {
		size_t off = end && json ? (size_t)(end - json) : 0;
		return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE),
					  "%s: not JSON (at byte %zu)", what, off);
	}
	*out = root;
	return FRS_OK;
}

char *frs_json__dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *frs_json__str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	char tmp[32];

	if (cJSON_IsString(v) && v->valuestring)
		return strdup(v->valuestring);
	if (cJSON_IsNumber(v)) {
		snprintf(tmp, sizeof(tmp), "%" PRId64, (int64_t)v->valuedouble);
		return strdup(tmp);
	}
	return NULL;
}

int64_t frs_json__int(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (cJSON_IsNumber(v))
		return (int64_t)v->valuedouble;
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? 1 : 0;
	if (cJSON_IsString(v) && v->valuestring && *v->valuestring) {
		/* the YANG operational data prints 64-bit counters as strings */
		char *e = NULL;
		long long n;

		errno = 0;
		n = strtoll(v->valuestring, &e, 10);
		if (!errno && e && !*e)
			return n;
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
