/* SPDX-License-Identifier: MIT */
/* Capped, jittered exponential backoff between attempts to reach the API server. */
#include "config.h"

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <frrshim/kube.h>

#include "kube_int.h"

/*
 * Jitter is there to spread the reconnects of many nodes (and of one node's watchers) apart
 * after the API server comes back, so each thread draws from its own xorshift32 seeded from the
 * clock, the pid and the thread: not random()'s one unseeded sequence, which every node would
 * share and which the library must not reseed under the program's feet.
 */
uint32_t frs_kube__rand(void)
{
	static __thread uint32_t x;

	if (!x) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		x = (uint32_t)ts.tv_nsec ^ ((uint32_t)ts.tv_sec << 7) ^ ((uint32_t)getpid() << 16) ^
		    (uint32_t)(uintptr_t)pthread_self();
		if (!x)
			x = 2463534242u;
	}
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
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
	r = b->clock && b->clock->rand ? b->clock->rand(b->clock->arg) : frs_kube__rand();
	/* in [d/2, d]: never 0, and never past the cap */
	half = d / 2;
	return half + (int)(r % (uint32_t)(d - half + 1));
}

void frs_kube_backoff_reset(struct frs_kube_backoff *b)
{
	b->cur_ms = 0;
}
