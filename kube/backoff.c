/* SPDX-License-Identifier: MIT */
/* Capped, jittered exponential backoff between attempts to reach the API server. */
#include "config.h"

#include <stdlib.h>

#include <frrshim/kube.h>

static uint32_t real_rand(void)
{
	/* jitter only spreads reconnects of many nodes apart: random() is good enough */
	return (uint32_t)random();
}

int frs_kube_backoff_next(struct frs_kube_backoff *b)
{
	int min = b->min_ms > 0 ? b->min_ms : 500;
	int max = b->max_ms > 0 ? b->max_ms : 30000;
	int d, half;
	uint32_t r;

	if (max < min)
		max = min;
	d = b->cur_ms >= min ? b->cur_ms : min;
	if (d > max)
		d = max;
	b->cur_ms = d > max / 2 ? max : d * 2;
	r = b->clock && b->clock->rand ? b->clock->rand(b->clock->arg) : real_rand();
	/* in [d/2, d]: never 0, and never past the cap */
	half = d / 2;
	return half + (int)(r % (uint32_t)(d - half + 1));
}

void frs_kube_backoff_reset(struct frs_kube_backoff *b)
{
	b->cur_ms = 0;
}
