/* SPDX-License-Identifier: MIT */
/* Benchmark helper: time each rendering stage (load, view, render) of one node and peak memory. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <frrshim/model.h>
#include <frrshim/render.h>
#include <frrshim/view.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_view_opts vo = { 0 };
	struct frs_render_opts ro = { 0 };
	struct frs_buf out = FRS_BUF_INIT;
	struct frs_model *m = NULL;
	struct frs_view *v = NULL;
	struct rusage ru;
	double t0, t1, t2, t3, best_view = 0, best_render = 0;
	size_t lines = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: render-bench NODE PATH... (prints stage timings)\n");
		return 2;
	}
	vo.node = argv[1];
	t0 = now();
	if (frs_model_load(&m, (const char *const *)argv + 2, (size_t)(argc - 2), &errs)) {
		fprintf(stderr, "render-bench: the input does not load (%zu errors)\n", errs.n);
		return 1;
	}
	t1 = now();
	/* the best of 5: the machine is shared, the minimum is the cost */
	for (int i = 0; i < 5; i++) {
		double a = now(), b, c;

		frs_view_free(v);
		v = NULL;
		frs_buf_clear(&out);
		if (frs_view_build(&v, m, &vo, &errs))
			return 1;
		b = now();
		if (frs_render_node(&out, v, &ro, &errs))
			return 1;
		c = now();
		if (i == 0 || b - a < best_view)
			best_view = b - a;
		if (i == 0 || c - b < best_render)
			best_render = c - b;
	}
	t2 = t1 + best_view;
	t3 = t2 + best_render;
	for (size_t i = 0; i < out.len; i++)
		lines += out.ptr[i] == '\n';
	getrusage(RUSAGE_SELF, &ru);
	printf("load+validate %.1f ms\nview %.1f ms\nrender %.1f ms\nview+render %.1f ms\n"
	       "output %zu lines, %zu bytes\npeak RSS %.1f MiB\n",
	       (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3, (t3 - t1) * 1e3, lines, out.len,
	       (double)ru.ru_maxrss / 1024.0);
	frs_buf_dispose(&out);
	frs_view_free(v);
	frs_model_free(m);
	frs_errlist_dispose(&errs);
	return 0;
}
