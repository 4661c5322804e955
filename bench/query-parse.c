/* SPDX-License-Identifier: MIT */
/* Benchmark: parse one `show bgp vrf all neighbors json` many times, print the median time. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <frrshim/file.h>
#include <frrshim/query.h>

#include "../query/json_int.h"

/* CPU time of this thread: on a shared machine wall time mostly measures the neighbours */
static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

typedef enum frs_err (*parse_fn)(struct frs_bgp_peers *, const char *, const char *,
				  struct frs_errlist *);

static int run(const char *label, parse_fn fn, const struct frs_buf *b)
{
	double t[50];
	size_t peers = 0;
	int runs = 50;

	for (int i = 0; i < runs; i++) {
		struct frs_errlist errs = FRS_ERRLIST_INIT;
		struct frs_bgp_peers p = { 0 };
		double t0 = now_ms();

		if (fn(&p, b->ptr, NULL, &errs)) {
			fprintf(stderr, "parse failed\n");
			return 1;
		}
		t[i] = now_ms() - t0;
		peers = p.n;
		frs_bgp_peers_dispose(&p);
		frs_errlist_dispose(&errs);
	}
	qsort(t, (size_t)runs, sizeof(t[0]), cmp);
	printf("%s: %zu peers (%zu bytes): median %.2f ms, min %.2f ms CPU (%d runs)\n", label,
	       peers, b->len, t[runs / 2], t[0], runs);
	return 0;
}

int main(int argc, char **argv)
{
	struct frs_buf b = FRS_BUF_INIT;
	int rc;

	if (argc != 2 || frs_file_read(&b, argv[1])) {
		fprintf(stderr, "usage: query-parse NEIGHBORS.json\n");
		return 2;
	}
	rc = run("frs_query_parse_neighbors (target <= 10 ms)", frs_query_parse_neighbors, &b);
	if (!rc)
		rc = run("cJSON tree path (fallback)", frs_query__neighbors_slow, &b);
	frs_buf_dispose(&b);
	return rc;
}
