/* SPDX-License-Identifier: MIT */
/* FRR config text → contexts, as frr-reload.py finds them, normalised to what FRR 8.4 prints. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/buf.h>
#include <frrshim/file.h>

#include "reload_int.h"

/* ---- map and ordered set ---------------------------------------------------------------- */

uint32_t frs_rl__hash_n(const char *s, size_t len)
{
	/* eight bytes at a time: hashing config lines is the diff's hottest loop */
	uint64_t h = 0x9e3779b97f4a7c15ull ^ len, k;
	const char *end = s + len;
	uint32_t r;

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
	r = (uint32_t)h;
	return r ? r : 1;
}

uint32_t frs_rl__hash(const char *s)
{
	return frs_rl__hash_n(s, strlen(s));
}

static struct hent *slot(const struct hmap *m, const char *key, uint32_t h)
{
	size_t mask = m->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct hent *e = &m->v[i];
		if (!e->key || (e->hash == h && strcmp(e->key, key) == 0))
			return e;
	}
}

int frs_rl__hmap_get(const struct hmap *m, const char *key, size_t *val)
{
	return m->cap ? frs_rl__hmap_get_h(m, key, frs_rl__hash(key), val) : 0;
}

int frs_rl__hmap_get_h(const struct hmap *m, const char *key, uint32_t h, size_t *val)
{
	struct hent *e;

	if (!m->cap)
		return 0;
	e = slot(m, key, h);
	if (!e->key)
		return 0;
	if (val)
		*val = e->val;
	return 1;
}

enum frs_err frs_rl__hmap_put(struct hmap *m, const char *key, size_t val)
{
	return frs_rl__hmap_put_h(m, key, frs_rl__hash(key), val);
}

enum frs_err frs_rl__hmap_put_h(struct hmap *m, const char *key, uint32_t h, size_t val)
{
	struct hent *e;

	if ((m->n + 1) * 2 > m->cap) {
		struct hmap nm = { NULL, 0, m->cap ? m->cap * 2 : 64 };
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

void frs_rl__hmap_dispose(struct hmap *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

int frs_rl__set_has_h(const struct strset *s, const char *str, uint32_t h)
{
	return frs_rl__hmap_get_h(&s->idx, str, h, NULL);
}

int frs_rl__set_has(const struct strset *s, const char *str)
{
	return frs_rl__set_has_h(s, str, frs_rl__hash(str));
}

enum frs_err frs_rl__set_add(struct strset *s, const char *str, uint32_t h)
{
	if (frs_rl__set_has_h(s, str, h))
		return FRS_OK;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		const char **v = realloc(s->v, cap * sizeof(*v));
		uint32_t *hv;
		if (!v)
			return FRS_ENOMEM;
		s->v = v;
		if (!(hv = realloc(s->h, cap * sizeof(*hv))))
			return FRS_ENOMEM;
		s->h = hv;
		s->cap = cap;
	}
	if (frs_rl__hmap_put_h(&s->idx, str, h, s->n))
		return FRS_ENOMEM;
	s->v[s->n] = str;
	s->h[s->n++] = h;
	return FRS_OK;
}

void frs_rl__set_dispose(struct strset *s)
{
	free(s->v);
	free(s->h);
	frs_rl__hmap_dispose(&s->idx);
	memset(s, 0, sizeof(*s));
}

struct strset frs_rl__no_lines;

/* ---- configurations ------------------------------------------------------------------- */

enum frs_err frs_rl__ctx_add(struct frs_conf *c, struct fctx *x, const char *line, uint32_t h)
{
	if (x->lines == &frs_rl__no_lines &&
	    !(x->lines = frs_arena_alloc(&c->arena, sizeof(*x->lines)))) {
		x->lines = &frs_rl__no_lines;
		return FRS_ENOMEM;
	}
	return frs_rl__set_add(x->lines, line, h);
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
			frs_rl__set_dispose(conf->v[i]->lines);
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
	return find_h(c, id, frs_rl__hash(id));
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
static enum frs_err ctx_get(struct fctx **out, struct frs_conf *c, const char *id, size_t idlen,
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
	rc = ctx_get(out, c, id, idlen, frs_rl__hash_n(id, idlen), nkeys, 0);
	free(heapid);
	return rc;
}

/* Add @p line (hash @p h) to @p x of @p c, copied into @p c's arena when new. */
static enum frs_err add_line(struct frs_conf *c, struct fctx *x, const char *line, size_t len,
			     uint32_t h)
{
	const char *copy;

	if (frs_rl__set_has_h(x->lines, line, h))
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
		if ((rc = ctx_get(&d, dst, s->id, strlen(s->id), s->hash, s->nkeys, 0)))
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
	return "exit";
}


enum frs_err frs_conf_print(struct frs_buf *out, const struct frs_conf *conf)
{
	size_t depth = 0;
	const struct fctx *open[8] = { NULL };

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
	return out->ptr || !conf->n ? FRS_OK : FRS_ENOMEM;
}

/* ---- the keyword tree (frr-reload.py 8.4.4 ctx_keywords) -------------------------------- */

struct kw {
	const char *word;           /* prefix; without a trailing space it must end the word */
	const struct kw *children;
	const char *const *body;    /* first words accepted in the body; NULL: anything */
};

static const struct kw kw_vni[] = { { "vni ", NULL, NULL }, { NULL, NULL, NULL } };
static const char *const body_af[] = {
	"neighbor", "network", "no", "redistribute", "aggregate-address", "table-map",
	"maximum-paths", "distance", "bgp", "import", "export", "rd", "rt", "label", "nexthop",
	"advertise", "advertise-all-vni", "advertise-default-gw", "advertise-svi-ip",
	"advertise-pip", "default-originate", "flooding", "autort", "dampening", "route-target",
	"segment-routing", "sid", "route-map", "dup-addr-detection", "disable-ead-evi-rx",
	"disable-ead-evi-tx", "ead-es-frag", "ead-es-route-target", "use-es-l3nhg", "enable-resolve-overlay-index",
	"mac-vrf", NULL
};
static const struct kw kw_router_bgp[] = {
	{ "address-family ", kw_vni, body_af },
	{ "vnc defaults", NULL, NULL },
	{ "vnc nve-group ", NULL, NULL },
	{ "vnc l2-group ", NULL, NULL },
	{ "vrf-policy ", NULL, NULL },
	{ "bmp targets ", NULL, NULL },
	{ "segment-routing srv6", NULL, NULL },
	{ NULL, NULL, NULL },
};
static const struct kw kw_ldp_af[] = { { "interface ", NULL, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_ldp[] = { { "address-family ", kw_ldp_af, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_l2vpn[] = { { "member pseudowire ", NULL, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_keychain[] = { { "key ", NULL, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_iface[] = { { "link-params", NULL, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_sr_te_policy[] = { { "candidate-path ", NULL, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_pcep[] = {
	{ "pcc", NULL, NULL }, { "pce ", NULL, NULL }, { "pce-config ", NULL, NULL },
	{ NULL, NULL, NULL },
};
static const struct kw kw_te[] = {
	{ "segment-list ", NULL, NULL }, { "policy ", kw_sr_te_policy, NULL },
	{ "pcep", kw_pcep, NULL }, { NULL, NULL, NULL },
};
static const struct kw kw_locators[] = { { "locator ", NULL, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_srv6[] = { { "locators", kw_locators, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_sr[] = {
	{ "traffic-eng", kw_te, NULL }, { "srv6", kw_srv6, NULL }, { NULL, NULL, NULL },
};
static const char *const body_bfd_session[] = {
	"receive-interval", "transmit-interval", "detect-multiplier", "echo-mode", "echo",
	"echo-interval", "passive-mode", "minimum-ttl", "shutdown", "no", "profile", "label",
	"log-session-changes", NULL
};
static const char *const body_bfd[] = { "no", NULL };
static const struct kw kw_bfd[] = {
	{ "peer ", NULL, body_bfd_session }, { "profile ", NULL, body_bfd_session },
	{ NULL, NULL, NULL },
};
static const char *const body_bgp[] = {
	"bgp", "no", "neighbor", "timers", "coalesce-time", "maximum-paths", "distance",
	"redistribute", "network", "aggregate-address", "table-map", "import", "export", "rd", "rt",
	"label", "nexthop", "read-quanta", "write-quanta", "update-delay", "description", "sid",
	"segment-routing", "address-family", "vnc", "rfp", "bmp", "dampening", "vrf-policy",
	"advertise", "mpls", NULL
};
static const char *const body_rmap[] = {
	"match", "set", "on-match", "call", "continue", "description", "no", NULL
};
static const struct kw kw_top[] = {
	{ "router bgp ", kw_router_bgp, body_bgp },
	{ "router rip", NULL, NULL }, /* also ripng */
	{ "router isis ", NULL, NULL },
	{ "router openfabric ", NULL, NULL },
	{ "router ospf", NULL, NULL }, /* also ospf6 */
	{ "router eigrp ", NULL, NULL },
	{ "router babel", NULL, NULL },
	{ "router pim", NULL, NULL },
	{ "mpls ldp", kw_ldp, NULL },
	{ "l2vpn ", kw_l2vpn, NULL },
	{ "key chain ", kw_keychain, NULL },
	{ "vrf ", NULL, NULL },
	{ "interface ", kw_iface, NULL },
	{ "pseudowire ", NULL, NULL },
	{ "nexthop-group ", NULL, NULL },
	{ "route-map ", NULL, body_rmap },
	{ "pbr-map ", NULL, NULL },
	{ "rpki", NULL, NULL },
	{ "line vty", NULL, NULL },
	{ "segment-routing", kw_sr, NULL },
	{ "bfd", kw_bfd, body_bfd },
	{ NULL, NULL, NULL },
};

/* Commands that exist only at the top level: they end any context opened without `exit`. */
static const char *const top_only[] = {
	"ip prefix-list ", "ipv6 prefix-list ", "bgp community-list ", "bgp large-community-list ",
	"bgp extcommunity-list ", "bgp as-path ", "hostname ", "log ", "frr ", "service ",
	"ip nht ", "ipv6 nht ", "ip forwarding", "ipv6 forwarding", "no ip forwarding",
	"no ipv6 forwarding", "ip protocol ", "ipv6 protocol ", "debug ", "password ",
	"enable password ", "agentx", "access-list ", "ipv6 access-list ", "ip route ",
	"ipv6 route ", "username ", "domainname ", "no log ", "ip import-table ", "end", NULL
};

static const char *const top_words[] = {
	"frr", "hostname", "domainname", "log", "service", "no", "ip", "ipv6", "bgp", "debug",
	"password", "enable", "username", "agentx", "access-list", "mac", "zebra", "fpm", "table",
	"evpn", "mpls", "allow-external-route-update", "banner", "line", "module", "user", "pbr",
	"vnc", "nexthop-group", "ldp", "dump", "rpki", "route-map", "segment-routing", "key",
	"router", "bfd", "vrf", "interface", "l2vpn", "pseudowire", "pbr-map", "srv6", "terminal",
	"exit", "end", "write", "group", NULL
};

static int kw_match(const char *line, const char *word)
{
	size_t n;

	if (line[0] != word[0]) /* most words fail here, cheaply */
		return 0;
	n = strlen(word);

	if (strncmp(line, word, n) != 0)
		return 0;
	return word[n - 1] == ' ' || line[n] == '\0' || line[n] == ' ' ||
	       /* "router rip" covers "router ripng", "router ospf" "router ospf6" */
	       (strcmp(word, "router rip") == 0 || strcmp(word, "router ospf") == 0 ||
		strcmp(word, "router pim") == 0);
}

static const struct kw *kw_find(const struct kw *list, const char *line)
{
	for (; list && list->word; list++)
		if (kw_match(line, list->word))
			return list;
	return NULL;
}

int frs_rl__is_context_key(const char *key)
{
	/* any level: a sub-context key is only ever seen under its parent */
	static const struct kw *const lists[] = { kw_top, kw_router_bgp, kw_vni, kw_ldp, kw_ldp_af,
		kw_l2vpn, kw_keychain, kw_iface, kw_sr, kw_te, kw_sr_te_policy, kw_pcep, kw_srv6,
		kw_locators, kw_bfd, NULL };

	for (size_t i = 0; lists[i]; i++)
		if (kw_find(lists[i], key))
			return 1;
	return 0;
}

static int word_in(const char *line, const char *const *words)
{
	size_t n = strcspn(line, " ");

	for (; *words; words++)
		if (**words == *line && strlen(*words) == n && strncmp(line, *words, n) == 0)
			return 1;
	return 0;
}

static int starts_any(const char *line, const char *const *list)
{
	for (; *list; list++)
		if (kw_match(line, *list))
			return 1;
	return 0;
}

int frs_rl__unconfigurable(const char *key)
{
	static const char *const never[] = {
		"frr version", "frr defaults", "service integrated-vtysh-config", "line vty",
		"agentx", "username", "password", "enable password",
		/* vtysh keeps `hostname` to itself when it loads a file (8.4): daemons report the
		 * system's name, so a reload neither sets nor removes it (frr-reload.py loops) */
		"hostname ", NULL
	};

	/* most keys are list entries ("ip ...", "bgp ..."): spare them the list */
	return strchr("fslaupeh", key[0]) && starts_any(key, never);
}

/* ---- normalisation ---------------------------------------------------------------------- */

/* Split @p line into words in place; returns the count. */
static size_t split(char *line, char **w, size_t max)
{
	size_t n = 0;
	char *p = line;

	/* strtok_r's generality cost a tenth of the parse */
	while (n < max) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w[n++] = p;
		if (!(p = strchr(p, ' ')))
			break;
		*p++ = '\0';
	}
	return n;
}

static int join(struct frs_buf *b, char **w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((i && frs_buf_putc(b, ' ')) || frs_buf_puts(b, w[i]))
			return -1;
	return 0;
}

/* inet_pton(AF_INET) semantics (exactly four decimal parts 0-255, no leading zeros) without its
 * per-character overhead: IPv4 prefixes are most of a MetalLB config. Where the address ends,
 * or NULL when @p s does not start with one. */
static const char *scan_ipv4(unsigned char *bin, const char *s)
{
	for (int part = 0; part < 4; part++) {
		unsigned v = (unsigned)(*s - '0'), d;

		if (v > 9)
			return NULL;
		s++;
		/* a part that starts with 0 is just "0"; else up to two more digits */
		if (v && (d = (unsigned)(*s - '0')) <= 9) {
			v = v * 10 + d;
			s++;
			if ((d = (unsigned)(*s - '0')) <= 9) {
				v = v * 10 + d;
				s++;
			}
		}
		if (v > 255 || (unsigned)(*s - '0') <= 9)
			return NULL; /* too big, a leading zero, a fourth digit */
		bin[part] = (unsigned char)v;
		if (part < 3 && *s++ != '.')
			return NULL;
	}
	return s;
}

static int parse_ipv4(unsigned char *bin, const char *s)
{
	s = scan_ipv4(bin, s);
	return s && *s == '\0';
}

/* A prefix "A/len" with host bits cleared, IPv6 compressed; 0 when @p w is not a prefix. */
static int norm_prefix(char *dst, size_t dstlen, const char *w, int clear_host)
{
	char addr[64];
	const char *slash = strchr(w, '/');
	size_t alen = slash ? (size_t)(slash - w) : strlen(w);
	unsigned char bin[16];
	int af, bits, maxbits;
	char *end;

	if (alen >= sizeof(addr))
		return 0;
	memcpy(addr, w, alen);
	addr[alen] = '\0';
	af = memchr(addr, ':', alen) ? AF_INET6 : AF_INET;
	if (af == AF_INET ? !parse_ipv4(bin, addr) : inet_pton(af, addr, bin) != 1)
		return 0;
	maxbits = af == AF_INET ? 32 : 128;
	bits = maxbits;
	if (slash) {
		const char *d = slash + 1;
		int v = 0;
		/* at most three digits: strtol's generality is not needed */
		for (end = (char *)d; *end >= '0' && *end <= '9' && end - d < 4; end++)
			v = v * 10 + (*end - '0');
		if (*end || end == d || v > maxbits)
			return 0;
		bits = v;
	}
	{
		int changed = 0;
		if (clear_host)
			for (int i = 0; i < maxbits / 8; i++) {
				int keep = bits - i * 8;
				unsigned char old = bin[i];
				if (keep <= 0)
					bin[i] = 0;
				else if (keep < 8)
					bin[i] &= (unsigned char)(0xff << (8 - keep));
				changed |= old != bin[i];
			}
		/* dotted quads are already canonical: spare inet_ntop and printf */
		if (af == AF_INET && !changed) {
			size_t l = strlen(w);
			if (l >= dstlen)
				return 0;
			memcpy(dst, w, l + 1);
			return 1;
		}
	}
	if (!inet_ntop(af, bin, addr, sizeof(addr)))
		return 0;
	if (slash)
		snprintf(dst, dstlen, "%s/%d", addr, bits);
	else
		snprintf(dst, dstlen, "%s", addr);
	return 1;
}

/* Per-parse state for FRR's automatic sequence numbers. */
struct seqstate {
	struct strset keys;   /* list keys ("ip prefix-list NAME") */
	size_t *maxv;         /* highest seq of keys.v[i] */
	size_t maxcap;
	struct strset seen;   /* "list key|entry" of seq-less entries: duplicates FRR ignores */
	size_t last;          /* keys.v[last] was the previous entry's list: lists come in runs */
	size_t lastlen;
	struct frs_arena arena; /* the strings of keys and seen */
};

static void seq_dispose(struct seqstate *s)
{
	frs_rl__set_dispose(&s->keys);
	free(s->maxv);
	frs_rl__set_dispose(&s->seen);
	frs_arena_dispose(&s->arena);
}

/* The position of list @p lk (@p len bytes, not NUL-terminated) in st->keys, added if new. */
static enum frs_err seq_list(struct seqstate *st, const char *lk, size_t len, size_t *pos)
{
	char *key;
	uint32_t h;

	if (st->keys.n && st->lastlen == len && memcmp(st->keys.v[st->last], lk, len) == 0) {
		*pos = st->last;
		return FRS_OK;
	}
	if (!(key = frs_arena_strndup(&st->arena, lk, len)))
		return FRS_ENOMEM;
	h = frs_rl__hash_n(key, len);
	if (!frs_rl__hmap_get_h(&st->keys.idx, key, h, pos)) {
		if (frs_rl__set_add(&st->keys, key, h))
			return FRS_ENOMEM;
		*pos = st->keys.n - 1;
		if (*pos >= st->maxcap) {
			size_t cap = st->maxcap ? st->maxcap * 2 : 64;
			size_t *v = realloc(st->maxv, cap * sizeof(*v));
			if (!v)
				return FRS_ENOMEM;
			st->maxv = v;
			st->maxcap = cap;
		}
		st->maxv[*pos] = 0;
	}
	st->last = *pos;
	st->lastlen = len;
	return FRS_OK;
}

/*
 * Give an entry of list @p lk (@p lklen bytes) the seq FRR would give it (highest so far rounded
 * down to 5, plus 5). *drop is set for a repeated seq-less entry, which FRR ignores.
 */
static enum frs_err seq_entry(struct seqstate *st, const char *lk, size_t lklen, const char *entry,
			      long *seq, int *drop)
{
	size_t pos;
	enum frs_err rc;

	*drop = 0;
	if (*seq < 0) {
		struct frs_buf k = FRS_BUF_INIT;
		const char *key;
		uint32_t h;
		if (frs_buf_add(&k, lk, lklen) || frs_buf_addf(&k, "|%s", entry))
			return FRS_ENOMEM;
		h = frs_rl__hash_n(k.ptr, k.len);
		*drop = frs_rl__set_has_h(&st->seen, k.ptr, h);
		key = *drop ? NULL : frs_arena_strndup(&st->arena, k.ptr, k.len);
		frs_buf_dispose(&k);
		if (*drop)
			return FRS_OK;
		if (!key || frs_rl__set_add(&st->seen, key, h))
			return FRS_ENOMEM;
	}
	if ((rc = seq_list(st, lk, lklen, &pos)))
		return rc;
	if (*seq < 0)
		*seq = (long)(st->maxv[pos] / 5 * 5 + 5);
	if ((size_t)*seq > st->maxv[pos])
		st->maxv[pos] = (size_t)*seq;
	return FRS_OK;
}

/* Concatenate the NULL-terminated @p parts into @p dst; -1 when it does not fit. */
static int cat(char *dst, size_t cap, const char *const *parts)
{
	size_t len = 0;

	for (; *parts; parts++) {
		size_t l = strlen(*parts);
		if (len + l >= cap)
			return -1;
		memcpy(dst + len, *parts, l);
		len += l;
	}
	dst[len] = '\0';
	return 0;
}

static long parse_seq(const char *w)
{
	long v = 0;
	const char *d = w;

	/* FRR's seq is 1..4294967295: strtol's generality (signs, bases) is not needed */
	for (; *d >= '0' && *d <= '9' && d - w < 18; d++)
		v = v * 10 + (*d - '0');
	return *d || d == w ? -2 : v;
}

/* ip|ipv6 prefix-list NAME [seq N] permit|deny any|P [ge X] [le Y] */
static enum frs_err norm_prefix_list(struct frs_buf *out, struct seqstate *st, char **w, size_t n,
				     int *drop)
{
	size_t i = 3;
	long seq = -1;
	const char *ge = NULL, *le = NULL;
	char pfx[80], lk[512], e[640];
	enum frs_err rc;
	int k;

	if (n >= 5 && strcmp(w[3], "seq") == 0) {
		seq = parse_seq(w[4]);
		i = 5;
	}
	if (seq == -2 || i + 2 > n || (strcmp(w[i], "permit") && strcmp(w[i], "deny")))
		return join(out, w, n) ? FRS_ENOMEM : FRS_OK; /* description, sequence-number... */
	if (strcmp(w[i + 1], "any") == 0)
		snprintf(pfx, sizeof(pfx), "any");
	else if (!norm_prefix(pfx, sizeof(pfx), w[i + 1], 1))
		return FRS_EPARSE;
	for (size_t j = i + 2; j + 1 < n; j += 2) {
		if (strcmp(w[j], "ge") == 0)
			ge = w[j + 1];
		else if (strcmp(w[j], "le") == 0)
			le = w[j + 1];
		else
			return FRS_EPARSE;
	}
	if ((n - i) % 2)
		return FRS_EPARSE;
	/* printf costs more than the rest of the line's work: concatenate */
	{
		const char *pe[] = { w[i], " ", pfx, ge ? " ge " : "", ge ? ge : "",
				     le ? " le " : "", le ? le : "", NULL };
		const char *pk[] = { w[0], " ", w[1], " ", w[2], NULL };
		if (cat(e, sizeof(e), pe) || cat(lk, sizeof(lk), pk))
			return FRS_EPARSE;
	}
	if ((rc = seq_entry(st, lk, strlen(lk), e, &seq, drop)))
		return rc;
	{
		char num[24];
		const char *po[] = { lk, " seq ", num, " ", e, NULL };
		char line[1200];
		k = 0;
		{
			/* seq as decimal without printf */
			char tmp[24];
			long v = seq;
			int m = 0;
			do {
				tmp[m++] = (char)('0' + v % 10);
				v /= 10;
			} while (v && m < 23);
			while (m)
				num[k++] = tmp[--m];
			num[k] = '\0';
		}
		if (cat(line, sizeof(line), po))
			return FRS_EPARSE;
		return frs_buf_add(out, line, strlen(line));
	}
}

/* Digits without a leading zero, at most @p max of them, then a space or the end; past them or NULL. */
static const char *plain_number(const char *p, int max)
{
	const char *d = p;

	if (*p == '0')
		return p[1] == ' ' || p[1] == '\0' ? p + 1 : NULL;
	while (*p >= '0' && *p <= '9' && p - d < max)
		p++;
	return p != d && (*p == ' ' || *p == '\0') ? p : NULL;
}

/* Whether the @p e - @p p bytes at @p p start with the literal @p lit (a compare the compiler
 * inlines: strncmp() was a tenth of the parse). */
#define AT(p, e, lit) ((size_t)((e) - (p)) >= sizeof(lit) - 1 && memcmp(p, lit, sizeof(lit) - 1) == 0)

/* An IPv4 "A.B.C.D/L" in FRR's form (no leading zeros, host bits clear) at @p p: past it, or
 * NULL. */
static const char *plain_ipv4_prefix(const char *p)
{
	unsigned char bin[4];
	unsigned bits = 0;
	const char *n;

	if (!(p = scan_ipv4(bin, p)) || *p++ != '/' || !(n = plain_number(p, 2)))
		return NULL;
	for (; p < n; p++)
		bits = bits * 10 + (unsigned)(*p - '0');
	if (bits > 32 || (bits < 32 && ((uint32_t)bin[0] << 24 | (uint32_t)bin[1] << 16 |
					(uint32_t)bin[2] << 8 | bin[3]) << bits))
		return NULL;
	return p;
}

/* "network A.B.C.D/L" in FRR's form, which normalise() keeps as it is under router bgp: a
 * MetalLB config has one per service IP. */
static int plain_network(const char *s, const char *e, char *const *keys)
{
	return AT(s, e, "network ") && strncmp(keys[0], "router bgp ", 11) == 0 &&
	       plain_ipv4_prefix(s + 8) == e;
}

/*
 * Whether @p s (up to @p e) is an IPv4 prefix-list entry already in the form FRR prints, which normalise()
 * would keep as it is: "ip prefix-list NAME seq N permit|deny any|A.B.C.D/L[ ge X][ le Y]", single
 * spaces, host bits clear, no leading zeros. Such lines are most of a MetalLB config and skip the
 * word splitting. The length of the list key ("ip prefix-list NAME") and *seq, or 0.
 */
static size_t plain_plist_entry(const char *s, const char *e, long *seq)
{
	const char *p, *name_end, *n;

	if (!AT(s, e, "ip prefix-list "))
		return 0;
	p = s + 15;
	name_end = memchr(p, ' ', (size_t)(e - p));
	/* a name that looks like an IPv6 address is rewritten by normalise() */
	if (!name_end || name_end == p || memchr(p, ':', (size_t)(name_end - p)) ||
	    !AT(name_end, e, " seq ") || *(p = name_end + 5) == '0' ||
	    !(n = plain_number(p, 10)) || *n != ' ')
		return 0;
	*seq = 0;
	for (; p < n; p++)
		*seq = *seq * 10 + (*p - '0');
	p = n + 1;
	if (AT(p, e, "permit "))
		p += 7;
	else if (AT(p, e, "deny "))
		p += 5;
	else
		return 0;
	if (e - p == 3 && memcmp(p, "any", 3) == 0)
		return (size_t)(name_end - s);
	if (!(p = plain_ipv4_prefix(p)))
		return 0;
	if (AT(p, e, " ge ") && !(p = plain_number(p + 4, 2)))
		return 0;
	if (AT(p, e, " le ") && !(p = plain_number(p + 4, 2)))
		return 0;
	return p == e ? (size_t)(name_end - s) : 0;
}

/* bgp community-list|large-community-list|extcommunity-list [standard|expanded] NAME [seq N] ...;
 * bgp as-path access-list NAME [seq N] permit|deny REGEX */
static enum frs_err norm_clist(struct frs_buf *out, struct seqstate *st, char **w, size_t n,
			       int *drop)
{
	size_t name, i;
	long seq = -1;
	struct frs_buf e = FRS_BUF_INIT, lk = FRS_BUF_INIT;
	enum frs_err rc = FRS_ENOMEM;

	if (strcmp(w[1], "as-path") == 0)
		name = 3;
	else if (n > 3 && (strcmp(w[2], "standard") == 0 || strcmp(w[2], "expanded") == 0))
		name = 3;
	else
		name = 2;
	i = name + 1;
	if (n > i + 1 && strcmp(w[i], "seq") == 0) {
		seq = parse_seq(w[i + 1]);
		i += 2;
	}
	if (seq == -2 || i + 1 >= n || (strcmp(w[i], "permit") && strcmp(w[i], "deny")))
		return join(out, w, n) ? FRS_ENOMEM : FRS_OK;
	if (join(&lk, w, name + 1) || join(&e, w + i, n - i))
		goto done;
	if ((rc = seq_entry(st, lk.ptr, lk.len, e.ptr, &seq, drop)))
		goto done;
	rc = frs_buf_addf(out, "%s seq %ld %s", lk.ptr, seq, e.ptr);
done:
	frs_buf_dispose(&e);
	frs_buf_dispose(&lk);
	return rc;
}

/*
 * Normalise one line (a top-level key or a body line under @p keys) to FRR 8.4's printed form,
 * into @p out (cleared first; a buffer the parser reuses: no allocation per line). *present is
 * 0 when FRR would not show the line (a default).
 */
static enum frs_err normalise(struct frs_buf *out, int *present, char *const *keys, size_t nkeys,
			      const char *line, struct seqstate *st)
{
	char stackcopy[512], *heapcopy = NULL, *copy, *w[64];
	size_t linelen = strlen(line);
	char pfx[80];
	size_t n;
	struct frs_buf b = FRS_BUF_INIT;
	enum frs_err rc = FRS_OK;
	int drop = 0;
	const char *top = nkeys ? keys[0] : "";
	int in_bgp = strncmp(top, "router bgp ", 11) == 0;

	*present = 0;
	frs_buf_clear(out);
	if (linelen < sizeof(stackcopy)) {
		copy = stackcopy;
	} else if (!(copy = heapcopy = malloc(linelen + 1))) {
		return FRS_ENOMEM;
	}
	memcpy(copy, line, linelen + 1);
	n = split(copy, w, sizeof(w) / sizeof(w[0]));
	if (n == 0)
		goto done;
	/* IPv6 words compressed as FRR prints them; communities (a:b) are not addresses */
	for (size_t i = 0; i < n; i++)
		if (strchr(w[i], ':') && norm_prefix(pfx, sizeof(pfx), w[i], 0) &&
		    strcmp(pfx, w[i]) != 0) {
			/* pfx fits in the word only when shorter; rebuild through the buffer */
			char *nw = strdup(pfx);
			if (!nw) {
				rc = FRS_ENOMEM;
				goto done;
			}
			w[i] = nw;
			/* remember to free: store in a side list */
			frs_buf_add(&b, &nw, sizeof(nw));
		}

	if (nkeys == 0 && n >= 4 && (strcmp(w[0], "ip") == 0 || strcmp(w[0], "ipv6") == 0) &&
	    strcmp(w[1], "prefix-list") == 0) {
		rc = norm_prefix_list(out, st, w, n, &drop);
		*present = !rc && !drop;
		goto done;
	}
	if (nkeys == 0 && n >= 5 && strcmp(w[0], "bgp") == 0 &&
	    (strcmp(w[1], "community-list") == 0 || strcmp(w[1], "large-community-list") == 0 ||
	     strcmp(w[1], "extcommunity-list") == 0 ||
	     (strcmp(w[1], "as-path") == 0 && strcmp(w[2], "access-list") == 0))) {
		rc = norm_clist(out, st, w, n, &drop);
		*present = !rc && !drop;
		goto done;
	}
	/* ip route P ... (top level or in a vrf): host bits, Null0 */
	if (n >= 3 && (strcmp(w[0], "ip") == 0 || strcmp(w[0], "ipv6") == 0) &&
	    strcmp(w[1], "route") == 0) {
		char p2[80];
		if (norm_prefix(p2, sizeof(p2), w[2], 1)) {
			char *nw = strdup(p2);
			if (!nw) {
				rc = FRS_ENOMEM;
				goto done;
			}
			frs_buf_add(&b, &nw, sizeof(nw));
			w[2] = nw;
		}
		for (size_t i = 3; i < n; i++)
			if (strcasecmp(w[i], "null0") == 0)
				w[i] = "Null0";
	}
	if (in_bgp) {
		/* network A[/len]: host bits cleared; a bare IPv4 address is classful */
		if ((strcmp(w[0], "network") == 0 || strcmp(w[0], "aggregate-address") == 0) &&
		    n >= 2) {
			char p2[80];
			if (!strchr(w[1], '/') && !strchr(w[1], ':') && n == 2) {
				unsigned a = (unsigned)atoi(w[1]);
				snprintf(p2, sizeof(p2), "%s/%d", w[1], a < 128 ? 8 : a < 192 ? 16 : 24);
			} else {
				snprintf(p2, sizeof(p2), "%s", w[1]);
			}
			if (norm_prefix(pfx, sizeof(pfx), p2, 1)) {
				char *nw = strdup(pfx);
				if (!nw) {
					rc = FRS_ENOMEM;
					goto done;
				}
				frs_buf_add(&b, &nw, sizeof(nw));
				w[1] = nw;
			}
		}
		if (nkeys == 1 && n >= 3 && strcmp(w[0], "neighbor") == 0) {
			if (n == 3 && strcmp(w[2], "ebgp-multihop") == 0)
				w[n++] = "255";
			else if (n == 4 && strcmp(w[2], "port") == 0 && strcmp(w[3], "179") == 0)
				goto done; /* the default, never shown */
		}
		if (nkeys == 1 && n == 5 && strcmp(w[0], "bgp") == 0 &&
		    strcmp(w[1], "bestpath") == 0 && strcmp(w[3], "multipath-relax") == 0 &&
		    strcmp(w[4], "no-as-set") == 0)
			n = 4; /* accepted, ignored: FRR shows the bare form */
		if (nkeys == 1 && n == 4 && strcmp(w[0], "bgp") == 0 &&
		    strcmp(w[1], "graceful-restart") == 0 &&
		    ((strcmp(w[2], "restart-time") == 0 && strcmp(w[3], "120") == 0) ||
		     (strcmp(w[2], "stalepath-time") == 0 && strcmp(w[3], "360") == 0) ||
		     (strcmp(w[2], "select-defer-time") == 0 && strcmp(w[3], "360") == 0)))
			goto done;
	}
	if (nkeys == 2 && strcmp(top, "bfd") == 0) {
		static const char *const defaults[] = {
			"receive-interval 300", "transmit-interval 300", "detect-multiplier 3",
			"echo receive-interval 50", "echo transmit-interval 50", "echo-interval 50",
			"minimum-ttl 254", NULL
		};
		struct frs_buf t = FRS_BUF_INIT;
		int isdef = 0;
		if (join(&t, w, n)) {
			rc = FRS_ENOMEM;
			goto done;
		}
		for (const char *const *d = defaults; *d; d++)
			isdef |= strcmp(t.ptr, *d) == 0;
		frs_buf_dispose(&t);
		if (isdef)
			goto done;
	}
	if (join(out, w, n)) {
		rc = FRS_ENOMEM;
		goto done;
	}
	*present = 1;
done:
	for (size_t i = 0; i + sizeof(char *) <= b.len; i += sizeof(char *)) {
		char *p;
		memcpy(&p, b.ptr + i, sizeof(p));
		free(p);
	}
	frs_buf_dispose(&b);
	free(heapcopy);
	return rc;
}

/* ---- the parser ------------------------------------------------------------------------- */

struct level {
	struct fctx *ctx;
	const struct kw *kw;   /* the keyword that opened it */
	unsigned hdr_indent;
	int body_indent;       /* -1 until the first body line */
};

static enum frs_err perr(struct frs_errlist *errs, const char *name, unsigned lineno,
			 const char *what, const char *line)
{
	struct frs_buf b = FRS_BUF_INIT;
	struct frs_loc loc = { name, lineno, 1 };

	frs_buf_puts(&b, line);
	frs_reload_scrub(&b);
	if (errs)
		frs_errlist_add(errs, FRS_SEV_ERROR, FRS_EPARSE, &loc, NULL, NULL, NULL, NULL,
				"%s: %s", what, frs_buf_cstr(&b));
	frs_buf_dispose(&b);
	return FRS_EPARSE;
}

static enum frs_err push(struct level *stack, size_t *depth, const struct kw *kw, const char *key,
			 unsigned indent, unsigned lineno, struct frs_conf *c)
{
	char *keys[8];
	struct fctx *x;
	enum frs_err rc;

	if (*depth >= 7)
		return FRS_EPARSE;
	for (size_t i = 0; i < *depth; i++)
		keys[i] = stack[i].ctx->keys[i];
	keys[*depth] = (char *)key; /* conf_ctx copies */
	if ((rc = frs_rl__conf_ctx(&x, c, keys, *depth + 1)))
		return rc;
	if (!x->line_no)
		x->line_no = lineno;
	stack[*depth].ctx = x;
	stack[*depth].kw = kw;
	stack[*depth].hdr_indent = indent;
	stack[*depth].body_indent = -1;
	(*depth)++;
	return FRS_OK;
}

/* Containers FRR does not print when empty: drop them so both sides agree. */
static void drop_empty(struct frs_conf *c)
{
	struct hmap parents = { NULL, 0, 0 };

	/* a context is a parent when some other context extends its id */
	for (size_t i = 0; i < c->n; i++) {
		struct fctx *x = c->v[i];
		if (x->nkeys > 1) {
			const struct fctx *parent;
			char *p = join_keys(x->keys, x->nkeys - 1);
			if (!p)
				continue;
			if ((parent = lookup(c, p, frs_rl__hash(p))) && !x->dead &&
			    (x->lines->n || x->nkeys > 2 || strcmp(x->keys[0], "bfd") == 0))
				frs_rl__hmap_put(&parents, parent->id, 1);
			free(p);
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		struct fctx *x = c->v[i];
		int container = (x->nkeys == 1 && strcmp(x->keys[0], "bfd") == 0) ||
				(x->nkeys == 2 && strncmp(x->keys[1], "address-family ", 15) == 0);
		if (container && !x->lines->n && !frs_rl__hmap_get(&parents, x->id, NULL))
			x->dead = 1;
	}
	frs_rl__hmap_dispose(&parents);
}

/* @p norm as a string that lives as long as @p c: the line itself (in c's text) when normalising
 * kept it, else a copy in c's arena. NULL when out of memory. */
static char *keep(struct frs_conf *c, const struct frs_buf *norm, char *line)
{
	if (strcmp(norm->ptr, line) == 0)
		return line;
	return frs_arena_strndup(&c->arena, norm->ptr, norm->len);
}

static int in_vrf(const struct level *stack, size_t depth)
{
	return depth && strncmp(stack[0].ctx->keys[0], "vrf ", 4) == 0;
}

/* Collapse runs of blanks in @p s to one space and drop trailing ones, in place. */
static char *squeeze(char *s, char *e)
{
	char *d = e;

	/* most lines need not (the libc scans are vectorised) */
	if (memchr(s, '\t', (size_t)(e - s)) || memchr(s, '\r', (size_t)(e - s)) || strstr(s, "  ")) {
		char *r = s;
		for (d = s; r < e; r++) {
			char ch = *r == '\r' || *r == '\t' ? ' ' : *r;
			if (ch == ' ' && (d == s || d[-1] == ' '))
				continue;
			*d++ = ch;
		}
	}
	while (d > s && d[-1] == ' ')
		d--;
	*d = '\0';
	return d;
}

/*
 * Room in a conf's arena for the contexts (each with a key array, its place in v and up to four
 * index slots) of @p lines lines. With the text, they come from one reservation: touching fresh
 * memory 4 KiB at a time cost more than the parse itself (huge pages past 2 MiB).
 */
static size_t room_for(size_t lines)
{
	return lines * (sizeof(struct fctx) + 16 + sizeof(struct fctx *) + 4 * sizeof(uint64_t));
}

/* Parse the NUL-terminated @p p (@p len bytes, in @p c's arena; cut into lines in place: lines
 * already in normal form stay where they are, neither copied nor allocated line by line). */
static enum frs_err parse_text(struct frs_conf *c, char *p, size_t len, const char *name,
			       struct frs_errlist *errs)
{
	struct level stack[8];
	char *ahead = NULL, *ahead_nl = NULL; /* the next line, already found */
	uint32_t ahead_h = 0;
	size_t depth = 0;
	struct seqstate st;
	char *end = p + len;
	unsigned lineno = 0;
	struct frs_buf norm = FRS_BUF_INIT;
	enum frs_err rc;

	memset(&st, 0, sizeof(st));
	memset(stack, 0, sizeof(stack));
	/* FRR's lines average 30 to 70 bytes: room for len / 64 contexts rarely grows, or once */
	if ((rc = index_reserve(c, len / 64 + 16)) || (rc = ctx_reserve(c, len / 64 + 16)))
		goto done;
	while (p < end) {
		char *nl = p == ahead ? ahead_nl : memchr(p, '\n', (size_t)(end - p));
		char *e = nl ? nl : end;
		uint32_t raw_h = p == ahead ? ahead_h : 0; /* of the raw line, when known */
		unsigned indent = 0;
		char *s;
		long seq;
		size_t lk;

		/*
		 * Find and hash the next line now and start loading its index slot: in a big config
		 * each insert is a cache miss, hidden this way behind the work on this line. (A line
		 * in FRR's form at the top level is its own id.)
		 */
		if (nl && nl + 1 < end) {
			ahead = nl + 1;
			ahead_nl = memchr(ahead, '\n', (size_t)(end - ahead));
			ahead_h = frs_rl__hash_n(ahead, (size_t)((ahead_nl ? ahead_nl : end) - ahead));
			__builtin_prefetch(&c->index[ahead_h & (c->index_cap - 1)]);
		}
		lineno++;
		*e = '\0';
		for (s = p; *s == ' ' || *s == '\t'; s++)
			indent++;
		p = nl ? nl + 1 : end;
		if (*s == 'i' && !in_vrf(stack, depth) && (lk = plain_plist_entry(s, e, &seq))) {
			/* a top-level command whatever came before it (top_only), already normal */
			struct fctx *x;
			size_t pos;
			depth = 0;
			if (indent || !raw_h)
				raw_h = frs_rl__hash_n(s, (size_t)(e - s));
			if ((rc = seq_list(&st, s, lk, &pos)) ||
			    (rc = ctx_get(&x, c, s, (size_t)(e - s), raw_h, 1, 1)))
				goto done;
			if ((size_t)seq > st.maxv[pos])
				st.maxv[pos] = (size_t)seq;
			if (!x->line_no)
				x->line_no = lineno;
			continue;
		}
		e = squeeze(s, e);
		if (!*s || *s == '!' || *s == '#' || strcmp(s, "Building configuration...") == 0 ||
		    strncmp(s, "Current configuration:", 22) == 0)
			continue;
		if (strcmp(s, "end") == 0) {
			depth = 0;
			continue;
		}
		if (strncmp(s, "exit", 4) == 0 && (s[4] == '\0' || s[4] == '-')) {
			if (depth)
				depth--;
			continue;
		}
		/* an indented body ends where indentation returns to its header's */
		while (depth && stack[depth - 1].body_indent > (int)stack[depth - 1].hdr_indent &&
		       indent <= stack[depth - 1].hdr_indent)
			depth--;
		/* a new context at this level or any enclosing one */
		{
			const struct kw *found = NULL;
			size_t lvl = depth + 1;
			/* `profile P` inside a bfd peer is a body line, not bfd's profile */
			int shadowed = depth && stack[depth - 1].kw &&
				       stack[depth - 1].kw->body == body_bfd_session &&
				       word_in(s, body_bfd_session);
			while (!shadowed && lvl-- > 0) {
				const struct kw *list = lvl == 0 ? kw_top : stack[lvl - 1].kw ?
					stack[lvl - 1].kw->children : NULL;
				if ((found = kw_find(list, s)))
					break;
				/* an indented line belongs to the body it is indented under */
				if (lvl && stack[lvl - 1].body_indent > (int)stack[lvl - 1].hdr_indent &&
				    indent > stack[lvl - 1].hdr_indent)
					break;
			}
			if (found) {
				int present;
				depth = lvl;
				if ((rc = normalise(&norm, &present, NULL, 0, s, &st)))
					goto done;
				rc = push(stack, &depth, found, present ? norm.ptr : s, indent, lineno,
					  c);
				if (rc == FRS_EPARSE) {
					rc = perr(errs, name, lineno, "contexts nested too deep", s);
					goto done;
				}
				if (rc)
					goto done;
				continue;
			}
		}
		if (depth && starts_any(s, top_only) &&
		    !(in_vrf(stack, depth) && (strncmp(s, "ip ", 3) == 0 ||
		      strncmp(s, "ipv6 ", 5) == 0) && indent > stack[0].hdr_indent) &&
		    !(in_vrf(stack, depth) && depth == 1 &&
		      stack[0].body_indent <= (int)stack[0].hdr_indent && (strncmp(s, "ip ", 3) == 0 ||
		      strncmp(s, "ipv6 ", 5) == 0)))
			depth = 0;
		if (depth == 0) {
			char *key;
			int present;
			struct fctx *x;
			if (!word_in(s, top_words)) {
				rc = perr(errs, name, lineno, "unknown command", s);
				goto done;
			}
			rc = normalise(&norm, &present, NULL, 0, s, &st);
			if (rc == FRS_EPARSE) {
				rc = perr(errs, name, lineno, "malformed command", s);
				goto done;
			}
			if (rc)
				goto done;
			if (!present)
				continue;
			if (!(key = keep(c, &norm, s)) ||
			    (rc = ctx_get(&x, c, key, norm.len, frs_rl__hash_n(key, norm.len), 1, 1))) {
				rc = FRS_ENOMEM;
				goto done;
			}
			if (!x->line_no)
				x->line_no = lineno;
			continue;
		}
		{
			struct level *lv = &stack[depth - 1];
			int present;
			uint32_t h;
			if (lv->kw && lv->kw->body && !word_in(s, lv->kw->body)) {
				rc = perr(errs, name, lineno, "unknown command", s);
				goto done;
			}
			if (lv->body_indent < 0)
				lv->body_indent = (int)indent;
			if (plain_network(s, e, lv->ctx->keys)) {
				if ((rc = frs_rl__ctx_add(c, lv->ctx, s,
							  frs_rl__hash_n(s, (size_t)(e - s)))))
					goto done;
				continue;
			}
			rc = normalise(&norm, &present, lv->ctx->keys, lv->ctx->nkeys, s, &st);
			if (rc == FRS_EPARSE) {
				rc = perr(errs, name, lineno, "malformed command", s);
				goto done;
			}
			if (rc)
				goto done;
			if (present && !frs_rl__set_has_h(lv->ctx->lines, norm.ptr,
							  h = frs_rl__hash_n(norm.ptr, norm.len))) {
				char *l = keep(c, &norm, s);
				if (!l || (rc = frs_rl__ctx_add(c, lv->ctx, l, h))) {
					rc = FRS_ENOMEM;
					goto done;
				}
			}
		}
	}
	drop_empty(c);
	rc = FRS_OK;
done:
	frs_buf_dispose(&norm);
	seq_dispose(&st);
	return rc;
}

/*
 * A new conf named @p name and, in its arena, room for a text of @p len bytes (returned in *text,
 * for the caller to fill) and for what parsing it builds, reserved for the worst case of short
 * lines: only what the parse touches is ever faulted in.
 */
static enum frs_err conf_for_text(struct frs_conf **out, char **text, size_t len, const char *name)
{
	enum frs_err rc;

	if ((rc = frs_rl__conf_new(out, name)))
		return rc;
	if (frs_arena_reserve(&(*out)->arena, len + 1 + room_for(len / 16 + 1)) ||
	    !(*text = frs_arena_bytes(&(*out)->arena, len + 1))) {
		frs_conf_free(*out);
		*out = NULL;
		return FRS_ENOMEM;
	}
	return FRS_OK;
}

/* Parse the @p len bytes of @p text that conf_for_text() gave, into @p c: *out on success;
 * @p c is freed on failure. */
static enum frs_err conf_parse_in(struct frs_conf **out, struct frs_conf *c, char *text, size_t len,
				  const char *name, struct frs_errlist *errs)
{
	enum frs_err rc;

	text[len] = '\0';
	if ((rc = parse_text(c, text, len, name, errs))) {
		frs_conf_free(c);
		return rc;
	}
	*out = c;
	return FRS_OK;
}

enum frs_err frs_conf_parse(struct frs_conf **out, const char *text, size_t len, const char *name,
			    struct frs_errlist *errs)
{
	struct frs_conf *c;
	char *p;
	enum frs_err rc;

	*out = NULL;
	if ((rc = conf_for_text(&c, &p, len, name)))
		return rc;
	memcpy(p, text, len);
	return conf_parse_in(out, c, p, len, name, errs);
}

enum frs_err frs_conf_parse_file(struct frs_conf **out, const char *path, struct frs_errlist *errs)
{
	struct frs_conf *c;
	struct stat sb;
	size_t len = 0;
	char *p;
	int fd = -1;
	enum frs_err rc;

	*out = NULL;
	if (strcmp(path, "-") == 0 || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size > SSIZE_MAX / 2) {
		/* stdin, pipes: through a buffer */
		struct frs_buf b = FRS_BUF_INIT;
		if (strcmp(path, "-") != 0 && fd >= 0)
			close(fd);
		if ((rc = frs_file_read(&b, path)) == FRS_OK)
			rc = frs_conf_parse(out, frs_buf_cstr(&b), b.len, path, errs);
		frs_buf_dispose(&b);
		return rc;
	}
	/* read straight into the conf's own memory */
	if ((rc = conf_for_text(&c, &p, (size_t)sb.st_size, path))) {
		close(fd);
		return rc;
	}
	while (len < (size_t)sb.st_size) {
		ssize_t n = read(fd, p + len, (size_t)sb.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len < (size_t)sb.st_size) {
		frs_conf_free(c);
		return FRS_EIO;
	}
	return conf_parse_in(out, c, p, len, path, errs);
}

/* ---- password scrubbing ----------------------------------------------------------------- */

void frs_reload_scrub(struct frs_buf *b)
{
	static const char *const words[] = { "password ", "authentication-key ", "key-string ",
					     "message-digest-key ", NULL };
	static const char repl[] = "<retracted>";
	struct frs_buf o = FRS_BUF_INIT;
	const char *s;
	int changed = 0;

	if (!b->ptr)
		return;
	s = b->ptr;
	while (*s) {
		const char *hit = NULL, *w = NULL;
		for (const char *const *k = words; *k; k++) {
			const char *h = strstr(s, *k);
			if (h && (!hit || h < hit)) {
				hit = h;
				w = *k;
			}
		}
		if (!hit) {
			frs_buf_puts(&o, s);
			break;
		}
		hit += strlen(w);
		frs_buf_add(&o, s, (size_t)(hit - s));
		if (strcmp(w, "message-digest-key ") == 0) {
			/* message-digest-key N md5 KEY: keep "N md5 " */
			for (int i = 0; i < 2 && *hit; i++) {
				size_t k = strcspn(hit, " \n\"");
				frs_buf_add(&o, hit, k);
				hit += k;
				if (*hit == ' ')
					frs_buf_putc(&o, *hit++);
			}
		}
		s = hit + strcspn(hit, " \n\"");
		if (s != hit) {
			frs_buf_puts(&o, repl);
			changed = 1;
		}
	}
	if (changed && o.ptr) {
		frs_buf_clear(b);
		frs_buf_add(b, o.ptr, o.len);
	}
	frs_buf_dispose(&o);
}
