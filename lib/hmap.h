/* SPDX-License-Identifier: MIT */
/* The one string hash, a string → size_t map and an ordered string set. */
#ifndef FRS_HMAP_H
#define FRS_HMAP_H

#include <stddef.h>
#include <stdint.h>

#include <frrshim/err.h>

/* String → size_t map with open addressing; keys are borrowed from whoever owns them. */
struct frs_hent {
	const char *key;
	size_t val;
	uint32_t hash;
};

struct frs_hmap {
	struct frs_hent *v;
	size_t n;
	size_t cap;
};

uint32_t frs_hash(const char *s);
/* The same over @p len bytes: callers that know the length hash without strlen(). */
uint32_t frs_hash_n(const char *s, size_t len);
/* All 64 bits of the same hash (frs_hash_n() is their low half, 0 made 1): for identities that
 * must not collide in practice, such as a whole configuration's. */
uint64_t frs_hash64_n(const char *s, size_t len);
int frs_hmap_get(const struct frs_hmap *m, const char *key, size_t *val);
enum frs_err frs_hmap_put(struct frs_hmap *m, const char *key, size_t val);
/* The same with the key's frs_hash() already known: a lookup then an insert hash once. */
int frs_hmap_get_h(const struct frs_hmap *m, const char *key, uint32_t h, size_t *val);
enum frs_err frs_hmap_put_h(struct frs_hmap *m, const char *key, uint32_t h, size_t val);
void frs_hmap_dispose(struct frs_hmap *m);

/* An ordered set of strings with their hashes. The strings are borrowed: they live in the
 * owner's text or arena, as long as the set. */
struct frs_strset {
	const char **v;
	uint32_t *h;         /* h[i] = frs_hash(v[i]) */
	size_t n;
	size_t cap;
	struct frs_hmap idx;
};

int frs_strset_has(const struct frs_strset *s, const char *str);
int frs_strset_has_h(const struct frs_strset *s, const char *str, uint32_t h);
/* Append @p str (hash @p h) unless present. */
enum frs_err frs_strset_add(struct frs_strset *s, const char *str, uint32_t h);
/* Remove the string at position @p i (order kept; the index rebuilt: O(n), for rare edits). */
enum frs_err frs_strset_remove(struct frs_strset *s, size_t i);
void frs_strset_dispose(struct frs_strset *s);

#endif
