/* SPDX-License-Identifier: MIT */
/* A bump allocator for trees that live and die together (documents, the model). */
#include "config.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct frs_arena_chunk {
	struct frs_arena_chunk *next;
	size_t used, cap;
	max_align_t data[];
};

/* Large enough that a 10,000-object input makes a few hundred mallocs, not a million. */
#define CHUNK_MIN (64 * 1024)

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

void *frs_arena_alloc(struct frs_arena *a, size_t size)
{
	struct frs_arena_chunk *c = a->chunks;
	const size_t align = alignof(max_align_t);
	void *r;

	if (size > SIZE_MAX - align - sizeof(*c))
		return NULL;
	size = (size + align - 1) & ~(align - 1);
	if (!c || c->cap - c->used < size) {
		size_t cap = size > CHUNK_MIN ? size : CHUNK_MIN;
		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->used = 0;
		c->cap = cap;
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

char *frs_arena_strndup(struct frs_arena *a, const char *s, size_t len)
{
	char *r = frs_arena_alloc(a, len + 1);

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
