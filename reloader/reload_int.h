/* SPDX-License-Identifier: MIT */
/* Internals shared by the reloader's parser, diff and apply: contexts, ordered string sets, a map. */
#ifndef FRS_RELOAD_INT_H
#define FRS_RELOAD_INT_H

#include <stddef.h>
#include <stdint.h>

#include <frrshim/reload.h>

#include "../lib/arena.h"

/* String → size_t map with open addressing; keys are borrowed from whoever owns them. */
struct hent {
	const char *key;
	size_t val;
	uint32_t hash;
};

struct hmap {
	struct hent *v;
	size_t n;
	size_t cap;
};

uint32_t frs_rl__hash(const char *s);
/* The same over @p len bytes: callers that know the length hash without strlen(). */
uint32_t frs_rl__hash_n(const char *s, size_t len);
int frs_rl__hmap_get(const struct hmap *m, const char *key, size_t *val);
enum frs_err frs_rl__hmap_put(struct hmap *m, const char *key, size_t val);
/* The same with the key's frs_rl__hash() already known: a lookup then an insert hash once. */
int frs_rl__hmap_get_h(const struct hmap *m, const char *key, uint32_t h, size_t *val);
enum frs_err frs_rl__hmap_put_h(struct hmap *m, const char *key, uint32_t h, size_t val);
void frs_rl__hmap_dispose(struct hmap *m);

/* An ordered set of strings with their hashes. The strings are borrowed: they live in the
 * owner's text or arena, as long as the set. */
struct strset {
	const char **v;
	uint32_t *h;         /* h[i] = frs_rl__hash(v[i]) */
	size_t n;
	size_t cap;
	struct hmap idx;
};

int frs_rl__set_has(const struct strset *s, const char *str);
int frs_rl__set_has_h(const struct strset *s, const char *str, uint32_t h);
/* Append @p str (hash @p h) unless present. */
enum frs_err frs_rl__set_add(struct strset *s, const char *str, uint32_t h);
void frs_rl__set_dispose(struct strset *s);

/* One context: header lines (keys) and body lines. The struct, keys and id live in the conf's
 * arena or text (a context per list entry: per-context mallocs were a third of the parse). */
struct fctx {
	char **keys;         /* &id itself for a one-key context */
	size_t nkeys;
	char *id;            /* keys joined by '\n': the context's identity */
	uint32_t hash;       /* frs_rl__hash(id) */
	unsigned line_no;    /* where the header was first seen */
	int dead;            /* dropped by normalisation (an empty container) */
	uint32_t pos;        /* in the conf's v */
	struct strset *lines; /* never NULL: &frs_rl__no_lines until frs_rl__ctx_add() (most
			       * contexts are list entries without lines: 48 bytes, not 112) */
};

/* The lines of every context that has none; never modified. */
extern struct strset frs_rl__no_lines;
/* Add @p line (hash @p h; borrowed: it lives as long as @p c) to @p x of @p c unless present. */
enum frs_err frs_rl__ctx_add(struct frs_conf *c, struct fctx *x, const char *line, uint32_t h);

struct frs_conf {
	struct fctx **v;     /* in the arena */
	size_t n;
	size_t cap;
	uint64_t *index;     /* open addressing on ids: hash << 32 | (position in v + 1); 0 free */
	size_t index_cap;    /* a power of two, at least twice n */
	char *name;
	struct frs_arena arena; /* the parsed text (lines already in normal form are used in
				 * place), contexts, their keys and ids, normalised lines, index */
};

/* The context with identity @p id (keys joined by '\n'), or NULL. */
struct fctx *frs_rl__conf_find(const struct frs_conf *c, const char *id);
/* The context of @p c with the identity of @p x (another conf's context), or NULL. */
struct fctx *frs_rl__conf_find_ctx(const struct frs_conf *c, const struct fctx *x);
/* Start loading the index slot frs_rl__conf_find_ctx(@p c, @p x) reads first (a hint: a loop
 * over a big config asks a few contexts ahead, so that its lookups' cache misses overlap). */
void frs_rl__conf_prefetch(const struct frs_conf *c, const struct fctx *x);
/* Find or create the context with @p keys (copied). */
enum frs_err frs_rl__conf_ctx(struct fctx **out, struct frs_conf *c, char *const *keys,
			      size_t nkeys);
enum frs_err frs_rl__conf_new(struct frs_conf **out, const char *name);
/* Union of @p src into @p dst (vtysh's merge of the daemons' configs). */
enum frs_err frs_rl__conf_merge(struct frs_conf *dst, const struct frs_conf *src);

/* One command of a diff: the context keys, then the line (NULL: the context itself). */
struct dcmd {
	char **keys;         /* borrowed from the conf */
	size_t nkeys;
	const char *line;    /* borrowed; NULL: the context header */
	int no;              /* 1: render as a delete ("no X", or X without its leading "no ") */
	const char *text;    /* non-NULL: send this instead (a default that replaces a delete) */
};

struct dlist {
	struct dcmd *v;
	size_t n;
	size_t cap;
};

struct frs_diff {
	struct dlist del;
	struct dlist add;
};

/* Render one command (without the context keys) into @p out. */
enum frs_err frs_rl__cmd_text(struct frs_buf *out, const struct dcmd *c);

/* True when @p key opens a context (router bgp, address-family, route-map, bfd, profile …). */
int frs_rl__is_context_key(const char *key);

/* Top-level words that FRR never lets a reload delete or add (frr version, service ...). */
int frs_rl__unconfigurable(const char *key);

#endif
