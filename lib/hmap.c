/* SPDX-License-Identifier: MIT */
/* The one string hash, a string → size_t map and an ordered string set (open addressing). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "vec.h"

/* The one hash: eight bytes at a time (hashing config lines is the diff's hottest loop). */
static inline uint64_t hash64(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ len, k;
	const char *end = s + len;

	if (len >= 8) {
		for (; end - s > 8; s += 8) {
			memcpy(&k, s, 8);
			h = (h ^ k) * 0xff51afd7ed558ccdull;
			h ^= h >> 32;
		}
		/* the last eight bytes, overlapping the previous word rather than a byte loop */
		memcpy(&k, end - 8, 8);
		h = (h ^ k) * 0xc4ceb9fe1a85ec53ull;
	} else if (len) {
		k = 0;
		for (size_t i = 0; i < len; i++)
			k |= (uint64_t)(unsigned char)s[i] << (i * 8);
		h = (h ^ k) * 0xc4ceb9fe1a85ec53ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

uint64_t frs_hash64_n(const char *s, size_t len)
{
	return hash64(s, len);
}

uint32_t frs_hash_n(const char *s, size_t len)
{
	uint32_t r = (uint32_t)hash64(s, len);

	return r ? r : 1; /* 0 marks a free slot */
}

uint32_t frs_hash(const char *s)
{
	return frs_hash_n(s, strlen(s));
}

static struct frs_hent *slot(const struct frs_hmap *m, const char *key, uint32_t h)
{
	size_t mask = m->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct frs_hent *e = &m->v[i];
		if (!e->key || (e->hash == h && strcmp(e->key, key) == 0))
			return e;
	}
}

int frs_hmap_get(const struct frs_hmap *m, const char *key, size_t *val)
{
	return m->cap ? frs_hmap_get_h(m, key, frs_hash(key), val) : 0;
}

int frs_hmap_get_h(const struct frs_hmap *m, const char *key, uint32_t h, size_t *val)
{
	struct frs_hent *e;

	if (!m->cap)
		return 0;
	e = slot(m, key, h);
	if (!e->key)
		return 0;
	if (val)
		*val = e->val;
	return 1;
}

enum frs_err frs_hmap_put(struct frs_hmap *m, const char *key, size_t val)
{
	return frs_hmap_put_h(m, key, frs_hash(key), val);
}

enum frs_err frs_hmap_put_h(struct frs_hmap *m, const char *key, uint32_t h, size_t val)
{
	struct frs_hent *e;

	if ((m->n + 1) * 2 > m->cap) {
		struct frs_hmap nm = { NULL, 0, m->cap ? m->cap * 2 : 64 };
		nm.v = calloc(nm.cap, sizeof(*nm.v));
		if (!nm.v)
			return FRS_ENOMEM;
		for (size_t i = 0; i < m->cap; i++)
			if (m->v[i].key)
				*slot(&nm, m->v[i].key, m->v[i].hash) = m->v[i];
		nm.n = m->n;
		free(m->v);
		*m = nm;
	}
	e = slot(m, key, h);
	if (!e->key) {
		e->key = key;
		e->hash = h;
		m->n++;
	}
	e->val = val;
	return FRS_OK;
}

void frs_hmap_dispose(struct frs_hmap *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

int frs_strset_has_h(const struct frs_strset *s, const char *str, uint32_t h)
{
	return frs_hmap_get_h(&s->idx, str, h, NULL);
}

int frs_strset_has(const struct frs_strset *s, const char *str)
{
	return frs_strset_has_h(s, str, frs_hash(str));
}

enum frs_err frs_strset_add(struct frs_strset *s, const char *str, uint32_t h)
{
	if (frs_strset_has_h(s, str, h))
		return FRS_OK;
	if (s->n == s->cap) {
		/* the strings and their hashes grow alike, from the same capacity */
		size_t vcap = s->cap, hcap = s->cap;
		if (FRS_VEC_RESERVE(s->v, vcap, s->n + 1) || FRS_VEC_RESERVE(s->h, hcap, s->n + 1))
			return FRS_ENOMEM;
		s->cap = vcap < hcap ? vcap : hcap;
	}
	if (frs_hmap_put_h(&s->idx, str, h, s->n))
		return FRS_ENOMEM;
	s->v[s->n] = str;
	s->h[s->n++] = h;
	return FRS_OK;
}

void frs_strset_dispose(struct frs_strset *s)
{
	free(s->v);
	free(s->h);
	frs_hmap_dispose(&s->idx);
	memset(s, 0, sizeof(*s));
}

enum frs_err frs_strset_remove(struct frs_strset *s, size_t i)
{
	if (i >= s->n)
		return FRS_OK;
	memmove(&s->v[i], &s->v[i + 1], (s->n - i - 1) * sizeof(*s->v));
	memmove(&s->h[i], &s->h[i + 1], (s->n - i - 1) * sizeof(*s->h));
	s->n--;
	frs_hmap_dispose(&s->idx);
	for (size_t k = 0; k < s->n; k++)
		if (frs_hmap_put_h(&s->idx, s->v[k], s->h[k], k))
			return FRS_ENOMEM;
	return FRS_OK;
}
