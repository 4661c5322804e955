/* SPDX-License-Identifier: MIT */
/* A bump allocator: many small allocations, freed all at once (internal to the library). */
#ifndef FRS_LIB_ARENA_H
#define FRS_LIB_ARENA_H

#include <stddef.h>

struct frs_arena_chunk;

/* Caller-owned; zero-initialised (FRS_ARENA_INIT) is an empty arena. */
struct frs_arena {
	struct frs_arena_chunk *chunks;
};

#define FRS_ARENA_INIT { NULL }

/* @p size bytes for one big array, in huge pages from 2 MiB on (aligned, advised); free() it.
 * *got (may be NULL) is the size obtained, at least @p size. NULL when out of memory. */
void *frs_huge_alloc(size_t size, size_t *got);
/* Free every allocation at once; the arena is empty and usable again. */
void frs_arena_dispose(struct frs_arena *a);
/* @p size zeroed bytes, aligned for any type; NULL when out of memory. */
void *frs_arena_alloc(struct frs_arena *a, size_t size);
/* @p size bytes aligned for any type, not zeroed (the caller sets every field). */
void *frs_arena_aligned(struct frs_arena *a, size_t size);
/* @p size bytes, not zeroed, unaligned (text the caller fills at once). */
char *frs_arena_bytes(struct frs_arena *a, size_t size);
/* Make the next allocations, @p size bytes in all, come from one chunk: a big input reserves
 * what it will need at once (huge pages past 2 MiB). 0, or -1 when out of memory. */
int frs_arena_reserve(struct frs_arena *a, size_t size);
/* A copy of @p size bytes of @p src; NULL when @p size is 0 or out of memory. */
void *frs_arena_memdup(struct frs_arena *a, const void *src, size_t size);
/* A NUL-terminated copy of @p len bytes of @p s. */
char *frs_arena_strndup(struct frs_arena *a, const char *s, size_t len);
/* A copy of @p s; NULL when @p s is NULL or out of memory. */
char *frs_arena_strdup(struct frs_arena *a, const char *s);

#endif
