/* SPDX-License-Identifier: MIT */
/* A parsed FRR configuration: its contexts, their lines, the index on their ids, and printing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/buf.h>

#include "reload_int.h"

struct frs_strset frs_rl__no_lines;

enum frs_err frs_rl__ctx_add(struct frs_conf *c, struct fctx *x, const char *line, uint32_t h)
{
	if (x->lines == &frs_rl__no_lines &&
	    !(x->lines = frs_arena_alloc(&c->arena, sizeof(*x->lines)))) {
		x->lines = &frs_rl__no_lines;
		return FRS_ENOMEM;
	}
	return frs_strset_add(x->lines, line, h);
}

enum frs_err frs_rl__conf_new(struct frs_conf **out, const char *name)
{
	struct frs_conf *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c)
		return FRS_ENOMEM;
	if (name && !(c->name = strdup(name))) {
		free(c);
		return FRS_ENOMEM;
	}
	*out = c;
	return FRS_OK;
}

void frs_conf_free(struct frs_conf *conf)
{
	if (!conf)
		return;
	/* the contexts, keys, ids and lines belong to the arena and the text */
	for (size_t i = 0; i < conf->n; i++)
		if (conf->v[i]->lines != &frs_rl__no_lines)
			frs_strset_dispose(conf->v[i]->lines);
	frs_arena_dispose(&conf->arena); /* v and the index too */
	free(conf->name);
	free(conf);
}

/* The index slot of @p id (hash @p h): its context's, or the free one where it goes. */
static uint64_t *index_slot(const struct frs_conf *c, const char *id, uint32_t h)
{
	size_t mask = c->index_cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint64_t e = c->index[i];
		if (!e || ((uint32_t)(e >> 32) == h && strcmp(c->v[(uint32_t)e - 1]->id, id) == 0))
			return &c->index[i];
	}
}

/* The context with @p id, dead or alive, or NULL. */
static struct fctx *lookup(const struct frs_conf *c, const char *id, uint32_t h)
{
	uint64_t e = c->index_cap ? *index_slot(c, id, h) : 0;

	return e ? c->v[(uint32_t)e - 1] : NULL;
}

/* Room in the index for @p n contexts; it lives in the arena (the old one is left there). */
static enum frs_err index_reserve(struct frs_conf *c, size_t n)
{
	size_t cap = c->index_cap ? c->index_cap : 64;
	uint64_t *v;

	while (cap < 2 * n)
		cap *= 2;
	if (cap == c->index_cap)
		return FRS_OK;
	if (cap > UINT32_MAX || !(v = frs_arena_alloc(&c->arena, cap * sizeof(*v))))
		return FRS_ENOMEM;
	c->index = v;
	c->index_cap = cap;
	for (size_t i = 0; i < c->n; i++)
		*index_slot(c, c->v[i]->id, c->v[i]->hash) = (uint64_t)c->v[i]->hash << 32 | (i + 1);
	return FRS_OK;
}

static struct fctx *find_h(const struct frs_conf *c, const char *id, uint32_t h)
{
	struct fctx *x = lookup(c, id, h);

	return x && !x->dead ? x : NULL;
}

struct fctx *frs_rl__conf_find(const struct frs_conf *c, const char *id)
{
	return find_h(c, id, frs_hash(id));
}

void frs_rl__conf_prefetch(const struct frs_conf *c, const struct fctx *x)
{
	if (c->index_cap)
		__builtin_prefetch(&c->index[x->hash & (c->index_cap - 1)]);
}

struct fctx *frs_rl__conf_find_ctx(const struct frs_conf *c, const struct fctx *x)
{
	return find_h(c, x->id, x->hash);
}

static char *join_keys(char *const *keys, size_t n)
{
	struct frs_buf b = FRS_BUF_INIT;

	if (n == 1)
		return strdup(keys[0]);
	for (size_t i = 0; i < n; i++)
		if ((i && frs_buf_putc(&b, '\n')) || frs_buf_puts(&b, keys[i])) {
			frs_buf_dispose(&b);
			return NULL;
		}
	return frs_buf_detach(&b);
}

/* @p keys joined by '\n' into @p buf (NUL-terminated); its length, or (size_t)-1 when it does
 * not fit. Ids are looked up far more often than created: no allocation. */
static size_t join_keys_into(char *buf, size_t cap, char *const *keys, size_t n)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(keys[i]);
		if (len + l + 2 > cap)
			return (size_t)-1;
		if (i)
			buf[len++] = '\n';
		memcpy(buf + len, keys[i], l);
		len += l;
	}
	buf[len] = '\0';
	return len;
}

/* Room for @p n contexts in v, which lives in the arena like them (the old v is left there). */
static enum frs_err ctx_reserve(struct frs_conf *c, size_t n)
{
	struct fctx **v;

	if (n <= c->cap)
		return FRS_OK;
	if (!(v = frs_arena_aligned(&c->arena, n * sizeof(*v))))
		return FRS_ENOMEM;
	if (c->n)
		memcpy(v, c->v, c->n * sizeof(*v));
	c->v = v;
	c->cap = n;
	return FRS_OK;
}

/*
 * Find or create the context @p id (@p idlen bytes, hash @p h) of @p nkeys keys. @p stable: @p id
 * lives as long as @p c (its text or arena) and is used as it is; otherwise it is copied.
 */
enum frs_err frs_rl__conf_get(struct fctx **out, struct frs_conf *c, const char *id, size_t idlen,
			    uint32_t h, size_t nkeys, int stable)
{
	uint64_t *e;
	struct fctx *x;

	*out = NULL;
	if ((c->n + 1) * 2 > c->index_cap && index_reserve(c, c->n + 1))
		return FRS_ENOMEM;
	e = index_slot(c, id, h);
	if (*e) {
		x = c->v[(uint32_t)*e - 1];
		x->dead = 0;
		*out = x;
		return FRS_OK;
	}
	/* not zeroed: every field is set here */
	if (!(x = frs_arena_aligned(&c->arena, sizeof(*x) + (nkeys > 1 ? nkeys * sizeof(char *) : 0))))
		return FRS_ENOMEM;
	*x = (struct fctx){ .keys = &x->id, .nkeys = nkeys, .hash = h, .pos = (uint32_t)c->n,
			    .lines = &frs_rl__no_lines };
	if (!(x->id = stable ? (char *)id : frs_arena_strndup(&c->arena, id, idlen)))
		return FRS_ENOMEM;
	if (nkeys > 1) {
		/* the keys are the id's lines (one key: the id is the key) */
		char *k = frs_arena_strndup(&c->arena, id, idlen);
		if (!k)
			return FRS_ENOMEM;
		x->keys = (char **)(x + 1);
		for (size_t j = 0; j < nkeys; j++) {
			char *nl = strchr(k, '\n');
			x->keys[j] = k;
			if (nl) {
				*nl = '\0';
				k = nl + 1;
			}
		}
	}
	if (c->n == c->cap && ctx_reserve(c, c->cap ? c->cap * 2 : 16))
		return FRS_ENOMEM;
	c->v[c->n++] = x;
	*e = (uint64_t)h << 32 | c->n;
	*out = x;
	return FRS_OK;
}

enum frs_err frs_rl__conf_ctx(struct fctx **out, struct frs_conf *c, char *const *keys,
			      size_t nkeys)
{
	char stackid[1024], *heapid = NULL;
	const char *id = stackid;
	size_t idlen = join_keys_into(stackid, sizeof(stackid), keys, nkeys);
	enum frs_err rc;

	if (idlen == (size_t)-1) {
		if (!(heapid = join_keys(keys, nkeys)))
			return FRS_ENOMEM;
		id = heapid;
		idlen = strlen(heapid);
	}
	rc = frs_rl__conf_get(out, c, id, idlen, frs_hash_n(id, idlen), nkeys, 0);
	free(heapid);
	return rc;
}

/* Add @p line (hash @p h) to @p x of @p c, copied into @p c's arena when new. */
static enum frs_err add_line(struct frs_conf *c, struct fctx *x, const char *line, size_t len,
			     uint32_t h)
{
	const char *copy;

	if (frs_strset_has_h(x->lines, line, h))
		return FRS_OK;
	if (!(copy = frs_arena_strndup(&c->arena, line, len)))
		return FRS_ENOMEM;
	return frs_rl__ctx_add(c, x, copy, h);
}

enum frs_err frs_rl__conf_merge(struct frs_conf *dst, const struct frs_conf *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct fctx *s = src->v[i];
		struct fctx *d;
		enum frs_err rc;

		if (s->dead)
			continue;
		if ((rc = frs_rl__conf_get(&d, dst, s->id, strlen(s->id), s->hash, s->nkeys, 0)))
			return rc;
		for (size_t k = 0; k < s->lines->n; k++)
			if ((rc = add_line(dst, d, s->lines->v[k], strlen(s->lines->v[k]),
					   s->lines->h[k])))
				return rc;
	}
	return FRS_OK;
}

size_t frs_conf_contexts(const struct frs_conf *conf)
{
	size_t n = 0;

	for (size_t i = 0; i < conf->n; i++)
		n += !conf->v[i]->dead;
	return n;
}

size_t frs_conf_lines(const struct frs_conf *conf)
{
	size_t n = 0;

	for (size_t i = 0; i < conf->n; i++)
		if (!conf->v[i]->dead)
			n += conf->v[i]->lines->n;
	return n;
}

static const char *exit_word(const struct fctx *x)
{
	if (x->nkeys == 2 && strncmp(x->keys[1], "address-family ", 15) == 0)
		return "exit-address-family";
	if (x->nkeys == 1 && strncmp(x->keys[0], "vrf ", 4) == 0)
		return "exit-vrf";
	if (x->nkeys == 2 && strcmp(x->keys[1], "link-params") == 0)
		return "exit-link-params";
	if (x->nkeys == 3 && strncmp(x->keys[2], "vni ", 4) == 0)
		return "exit-vni";
	return "exit";
}

enum frs_err frs_conf_print(struct frs_buf *out, const struct frs_conf *conf)
{
	size_t depth = 0;
	const struct fctx *open[8] = { NULL };

	if (frs_buf_add(out, "", 0)) /* an empty config is "", not NULL */
		return FRS_ENOMEM;
	for (size_t i = 0; i < conf->n; i++) {
		const struct fctx *x = conf->v[i];
		size_t common = 0;

		if (x->dead)
			continue;
		while (common < depth && common < x->nkeys - 1 && open[common] &&
		       strcmp(open[common]->keys[common], x->keys[common]) == 0)
			common++;
		while (depth > common) {
			depth--;
			frs_buf_addf(out, "%*s%s\n", (int)depth, "", exit_word(open[depth]));
		}
		if (x->nkeys == 1 && !frs_rl__is_context_key(x->keys[0]) && !x->lines->n) {
			frs_buf_addf(out, "%s\n", x->keys[0]);
			continue;
		}
		for (size_t k = depth; k < x->nkeys; k++) {
			frs_buf_addf(out, "%*s%s\n", (int)k, "", x->keys[k]);
			open[k] = x;
		}
		depth = x->nkeys < 8 ? x->nkeys : 8;
		for (size_t k = 0; k < x->lines->n; k++)
			frs_buf_addf(out, "%*s%s\n", (int)depth, "", x->lines->v[k]);
	}
	while (depth > 0) {
		depth--;
		frs_buf_addf(out, "%*s%s\n", (int)depth, "", exit_word(open[depth]));
	}
	return out->ptr ? FRS_OK : FRS_ENOMEM;
}

enum frs_err frs_rl__conf_reserve(struct frs_conf *c, size_t n)
{
	enum frs_err rc = index_reserve(c, n);

	return rc ? rc : ctx_reserve(c, n);
}

/*
 * `neighbor X activate` in ipv4 unicast is the default while `bgp default ipv4-unicast` is (FRR
 * shows `no neighbor X activate` only): dropped from instances that do not turn it off.
 */
static enum frs_err drop_default_activate(struct frs_conf *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct fctx *x = c->v[i], *inst;
		if (x->nkeys != 2 || !x->lines->n ||
		    strcmp(x->keys[1], "address-family ipv4 unicast") != 0 ||
		    strncmp(x->keys[0], "router bgp ", 11) != 0 ||
		    !(inst = find_h(c, x->keys[0], frs_hash(x->keys[0]))) ||
		    frs_strset_has(inst->lines, "no bgp default ipv4-unicast"))
			continue;
		for (size_t k = x->lines->n; k-- > 0;) {
			const char *l = x->lines->v[k];
			size_t n = strlen(l);
			enum frs_err rc;
			if (strncmp(l, "neighbor ", 9) == 0 && n > 9 + 9 &&
			    strcmp(l + n - 9, " activate") == 0 && !strchr(l + 9, ' ')[9] &&
			    (rc = frs_strset_remove(x->lines, k)))
				return rc;
		}
	}
	return FRS_OK;
}

/* Containers FRR does not print when empty: drop them so both sides agree. */
void frs_rl__conf_drop_empty(struct frs_conf *c)
{
	struct frs_hmap parents = { NULL, 0, 0 };

	drop_default_activate(c);
	/* a context is a parent when some other context extends its id */
	for (size_t i = 0; i < c->n; i++) {
		struct fctx *x = c->v[i];
		if (x->nkeys > 1) {
			const struct fctx *parent;
			char *p = join_keys(x->keys, x->nkeys - 1);
			if (!p)
				continue;
			if ((parent = lookup(c, p, frs_hash(p))) && !x->dead &&
			    (x->lines->n || x->nkeys > 2 || strcmp(x->keys[0], "bfd") == 0))
				frs_hmap_put(&parents, parent->id, 1);
			free(p);
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		struct fctx *x = c->v[i];
		const char *k = x->keys[x->nkeys - 1];
		int container;
		if (x->lines->n || x->nkeys > 2)
			continue;
		/* most contexts are list entries ("ip prefix-list …"): the first bytes decide */
		if (x->nkeys == 1)
			container = (k[0] == 'b' && strcmp(k, "bfd") == 0) ||
				    (k[0] == 'v' && strncmp(k, "vrf ", 4) == 0) ||
				    (k[0] == 'i' && k[1] == 'n' && strncmp(k, "interface ", 10) == 0);
		else
			container = k[0] == 'a' && strncmp(k, "address-family ", 15) == 0;
		if (container && !frs_hmap_get(&parents, x->id, NULL))
			x->dead = 1;
	}
	frs_hmap_dispose(&parents);
}
