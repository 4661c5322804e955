/* SPDX-License-Identifier: MIT */
/* A bump allocator for trees that live and die together (documents, the model). */
#include "config.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "arena.h"

struct frs_arena_chunk {
	struct frs_arena_chunk *next;
	size_t used, cap;
	max_align_t data[];
};

/*
 * Chunks start small (a one-object input stays small) and double up to 2 MiB, which are
 * allocated aligned and marked for transparent huge pages: a 10,000-object input builds
 * ~50 MB of tree, and touching it 4 KiB page by page costs more than parsing it.
 */
#define CHUNK_MIN (64 * 1024)
#define CHUNK_MAX (2 * 1024 * 1024)

void *frs_huge_alloc(size_t size, size_t *got)
{
	void *p = NULL;
	size_t bytes = size;

	if (size < CHUNK_MAX) {
		p = malloc(size);
	} else {
		bytes = (size + CHUNK_MAX - 1) & ~(size_t)(CHUNK_MAX - 1);
		if (bytes < size || posix_memalign(&p, CHUNK_MAX, bytes) != 0)
			return NULL;
#ifdef MADV_HUGEPAGE
		madvise(p, bytes, MADV_HUGEPAGE);
#endif
	}
	if (p && got)
		*got = bytes;
	return p;
}

static struct frs_arena_chunk *chunk_new(size_t cap)
{
	struct frs_arena_chunk *c;
	size_t bytes;

	if (!(c = frs_huge_alloc(sizeof(*c) + cap, &bytes)))
		return NULL;
	c->cap = bytes - sizeof(*c);
	c->used = 0;
	c->next = NULL;
	return c;
}

void frs_arena_dispose(struct frs_arena *a)
{
	if (!a)
		return;
	while (a->chunks) {
		struct frs_arena_chunk *c = a->chunks;
		a->chunks = c->next;
		free(c);
	}
}

/* @p size bytes aligned to @p align (a power of two, at most max_align_t's), not zeroed. */
static void *arena_get(struct frs_arena *a, size_t size, size_t align)
{
	struct frs_arena_chunk *c = a->chunks;
	void *r;

	if (size > SIZE_MAX - CHUNK_MAX)
		return NULL;
	if (c)
		c->used = (c->used + align - 1) & ~(align - 1);
	if (!c || c->used > c->cap || c->cap - c->used < size) {
		size_t cap = c ? c->cap * 2 : CHUNK_MIN;
		if (cap > CHUNK_MAX - sizeof(*c))
			cap = CHUNK_MAX - sizeof(*c);
		if (cap < size)
			cap = size;
		c = chunk_new(cap);
		if (!c)
			return NULL;
		/* a big allocation goes behind the current chunk so that its free space is kept */
		if (a->chunks && size > CHUNK_MIN) {
			c->next = a->chunks->next;
			a->chunks->next = c;
		} else {
			c->next = a->chunks;
			a->chunks = c;
		}
	}
	r = (char *)c->data + c->used;
	c->used += size;
	return r;
}

int frs_arena_reserve(struct frs_arena *a, size_t size)
{
	struct frs_arena_chunk *c = a->chunks;

	if (c && c->used <= c->cap && c->cap - c->used >= size)
		return 0;
	if (size > SIZE_MAX - CHUNK_MAX || !(c = chunk_new(size)))
		return -1;
	c->next = a->chunks;
	a->chunks = c;
	return 0;
}

void *frs_arena_alloc(struct frs_arena *a, size_t size)
{
	void *r = arena_get(a, size, alignof(max_align_t));

	if (r)
		memset(r, 0, size);
	return r;
}

void *frs_arena_memdup(struct frs_arena *a, const void *src, size_t size)
{
	void *r;

	if (!size)
		return NULL;
	r = frs_arena_alloc(a, size);
	if (r)
		memcpy(r, src, size);
	return r;
}

void *frs_arena_aligned(struct frs_arena *a, size_t size)
{
	return arena_get(a, size, alignof(max_align_t));
}

char *frs_arena_bytes(struct frs_arena *a, size_t size)
{
	return arena_get(a, size, 1);
}

char *frs_arena_strndup(struct frs_arena *a, const char *s, size_t len)
{
	char *r = arena_get(a, len + 1, 1); /* strings need no alignment: pack them */

	if (r) {
		memcpy(r, s, len);
		r[len] = 0;
	}
	return r;
}

char *frs_arena_strdup(struct frs_arena *a, const char *s)
{
	return s ? frs_arena_strndup(a, s, strlen(s)) : NULL;
}
