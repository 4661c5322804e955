/* SPDX-License-Identifier: MIT */
/* Growable arrays: the one place that sizes them, with the size arithmetic checked. */
#ifndef FRS_LIB_VEC_H
#define FRS_LIB_VEC_H

#include <stddef.h>

#include <frrshim/err.h>

/*
 * Make room for @p need elements of @p elsize bytes in @p v (which holds *cap): on success *out
 * is the (maybe moved) array, *cap at least @p need, and FRS_OK is returned; FRS_ENOMEM when
 * memory is short or need × elsize overflows, and then @p v and *cap are untouched (the caller
 * still owns and frees @p v). Capacity doubles (from 8), so pushes are amortised O(1).
 */
enum frs_err frs_vec_grow(void **out, void *v, size_t *cap, size_t need, size_t elsize);

/*
 * The typed form: FRS_VEC_RESERVE(ptr, cap, need) grows the array ptr (any T *) with capacity
 * variable cap to at least need elements; evaluates to FRS_OK or FRS_ENOMEM.
 *	if (FRS_VEC_RESERVE(v, cap, n + 1)) goto nomem;
 *	v[n++] = x;
 */
#define FRS_VEC_RESERVE(ptr, cap, need)                                                        \
	__extension__({                                                                        \
		void *frs_nv_ = NULL;                                                          \
		enum frs_err frs_e_ = frs_vec_grow(&frs_nv_, (ptr), &(cap), (need),            \
						   sizeof(*(ptr)));                            \
		if (frs_e_ == FRS_OK)                                                          \
			(ptr) = frs_nv_;                                                       \
		frs_e_;                                                                        \
	})

/* FRS_VEC_PUSH(ptr, n, cap, value): append @p value, growing as needed; FRS_OK or FRS_ENOMEM. */
#define FRS_VEC_PUSH(ptr, n, cap, value)                                                       \
	__extension__({                                                                        \
		enum frs_err frs_pe_ = FRS_VEC_RESERVE(ptr, cap, (n) + 1);                     \
		if (frs_pe_ == FRS_OK)                                                         \
			(ptr)[(n)++] = (value);                                                \
		frs_pe_;                                                                       \
	})

#endif
