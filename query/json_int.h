/* SPDX-License-Identifier: MIT */
/* Internal: tolerant cJSON accessors shared by the query parsers (missing key → unknown). */
#ifndef FRS_QUERY_JSON_INT_H
#define FRS_QUERY_JSON_INT_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include <frrshim/err.h>

/* Parse @p json; FRS_EPARSE with a message in @p errs (naming @p what) when it is not JSON. */
enum frs_err frs_json__parse(cJSON **out, const char *json, const char *what,
			     struct frs_errlist *errs);
/* A copy of obj[key] when it is a string (numbers are formatted as integers, truncated); NULL
 * when absent or a number beyond ±2^63. */
char *frs_json__str(const cJSON *obj, const char *key);
/* obj[key] as an integer (numbers, numeric strings, booleans); -1 when absent or when it has
 * none (a number beyond ±2^63, a string out of range). */
int64_t frs_json__int(const cJSON *obj, const char *key);
/* A counter total: @p acc plus @p add, where -1 is unknown (so the first known value starts
 * it); saturates at INT64_MAX instead of overflowing. */
int64_t frs_json__sum(int64_t acc, int64_t add);
/* A TCP port from FRR: 1..65535, else -1. */
int frs_json__port(int64_t v);
/* Duplicate a string; NULL for NULL. */
char *frs_json__dup(const char *s);
/* Grow a vector of @p size-byte elements to hold one more; FRS_ENOMEM on failure. */
enum frs_err frs_json__grow(void **v, size_t *cap, size_t n, size_t size);

struct frs_bgp_peers;
/* Neighbors without a tree (query/neighbors_fast.c): 0, or -1 to fall back to cJSON. */
int frs_query__neighbors_fast(struct frs_bgp_peers *out, const char *json, const char *vrf);
/* The cJSON path alone, for tests that compare both. */
enum frs_err frs_query__neighbors_slow(struct frs_bgp_peers *out, const char *json,
				       const char *vrf, struct frs_errlist *errs);

#endif
