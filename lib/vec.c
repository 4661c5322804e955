/* SPDX-License-Identifier: MIT */
/* Growable arrays: doubling capacity with every multiplication checked for overflow. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "vec.h"

enum frs_err frs_vec_grow(void **out, void *v, size_t *cap, size_t need, size_t elsize)
{
	size_t ncap;
	void *nv;

	if (need <= *cap && (v || need == 0)) {
		*out = v;
		return FRS_OK;
	}
	if (elsize == 0)
		return FRS_EARG;
	ncap = *cap < 8 ? 8 : *cap;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2) {
			ncap = need;
			break;
		}
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / elsize)
		return FRS_ENOMEM;
	nv = realloc(v, ncap * elsize);
	if (!nv)
		return FRS_ENOMEM;
	*out = nv;
	*cap = ncap;
	return FRS_OK;
}
