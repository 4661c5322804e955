/* SPDX-License-Identifier: MIT */
/* Running → target: the commands to delete and to add, in an order FRR 8.4 accepts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/vec.h"
#include "reload_int.h"

static enum frs_err dl_push(struct dlist *l, const struct fctx *x, const char *line, int no)
{
	if (FRS_VEC_RESERVE(l->v, l->cap, l->n + 1))
		return FRS_ENOMEM;
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	l->v[l->n].keys = x->keys;
	l->v[l->n].nkeys = x->nkeys;
	l->v[l->n].line = line;
	l->v[l->n].no = no;
	l->n++;
	return FRS_OK;
}

/* Room for @p n commands: bounds known up front spare the copies and the fresh pages of growth
 * (only what is used is ever touched). */
static enum frs_err dl_reserve(struct dlist *l, size_t n)
{
	struct dcmd *v;

	if (n <= l->cap)
		return FRS_OK;
	if (n > SIZE_MAX / sizeof(*v) || !(v = frs_huge_alloc(n * sizeof(*v), NULL)))
		return FRS_ENOMEM;
	if (l->n)
		memcpy(v, l->v, l->n * sizeof(*v));
	free(l->v);
	l->v = v;
	l->cap = n;
	return FRS_OK;
}

/* Append @p src to @p dst and empty it; into an empty @p dst, the arrays change hands (a
 * renumbered list deletes every entry: no copy of them). */
static enum frs_err dl_move(struct dlist *dst, struct dlist *src)
{
	if (!src->n)
		return FRS_OK;
	if (!dst->n) {
		struct dlist t = *dst;
		*dst = *src;
		*src = t;
		return FRS_OK;
	}
	if (dl_reserve(dst, dst->n + src->n))
		return FRS_ENOMEM;
	memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	src->n = 0;
	return FRS_OK;
}

void frs_diff_free(struct frs_diff *diff)
{
	if (!diff)
		return;
	for (size_t i = 0; i < diff->del.n; i++)
		free((char *)diff->del.v[i].text);
	free(diff->del.v);
	free(diff->add.v);
	free(diff);
}

size_t frs_diff_deletes(const struct frs_diff *d)
{
	size_t n = d->del.n;

	for (size_t i = 0; i < d->add.n; i++)
		n += d->add.v[i].no != 0;
	return n;
}

size_t frs_diff_adds(const struct frs_diff *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->add.n; i++)
		n += !d->add.v[i].no;
	return n;
}

static int starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

enum frs_err frs_rl__cmd_text(struct frs_buf *out, const struct dcmd *c)
{
	const char *t = c->line ? c->line : c->keys[c->nkeys - 1];

	if (c->text)
		return frs_buf_puts(out, c->text);
	if (!c->no)
		return frs_buf_puts(out, t);
	if (starts(t, "no "))
		return frs_buf_puts(out, t + 3);
	if (starts(t, "description "))
		return frs_buf_puts(out, "no description"); /* zebra has no `no description TEXT` */
	if (starts(t, "password ") || starts(t, "enable password "))
		return frs_buf_addf(out, "no %.*s", (int)(strchr(t, ' ') - t + (*t == 'e' ? 9 : 0)),
				    t) ? FRS_ENOMEM : FRS_OK; /* no password, no enable password */
	/* zebra has no `no debug zebra dplane detailed` (8.4.4, 10.3, 10.7): the bare form turns
	 * that debugging off at every level */
	if (starts(t, "debug zebra dplane") && strlen(t) >= 27 &&
	    strcmp(t + strlen(t) - 9, " detailed") == 0)
		return frs_buf_addf(out, "no %.*s", (int)strlen(t) - 9, t) ? FRS_ENOMEM : FRS_OK;
	if (starts(t, "set as-path prepend ") && !starts(t, "set as-path prepend last-as"))
		return frs_buf_puts(out, "no set as-path prepend"); /* 8.4 takes one ASN at most */
	return frs_buf_puts(out, "no ") ? FRS_ENOMEM : frs_buf_puts(out, t);
}

/* @p depth spaces (contexts nest at most 8 deep): printf cost more than the diff itself. */
static void indent(struct frs_buf *out, size_t depth)
{
	frs_buf_add(out, "        ", depth < 8 ? depth : 8);
}

/* Append @p diff to @p out; with @p f, hand @p out's text to @p f whenever it passes 64 KiB (a
 * renumbered list changes every line: the whole text would be megabytes). */
static enum frs_err emit(struct frs_buf *out, FILE *f, const struct frs_diff *diff,
			 enum frs_diff_style style)
{
	if (frs_buf_add(out, "", 0)) /* an empty diff is an empty string, not NULL */
		return FRS_ENOMEM;
	for (int pass = 0; pass < 2; pass++) {
		const struct dlist *l = pass ? &diff->add : &diff->del;

		if (style == FRS_DIFF_RELOAD_PY)
			frs_buf_puts(out, pass ? "\nLines To Add\n============\n" :
					  "\nLines To Delete\n===============\n");
		for (size_t i = 0; i < l->n; i++) {
			const struct dcmd *c = &l->v[i];
			size_t nk = c->line ? c->nkeys : c->nkeys - 1;

			for (size_t k = 0; k < nk; k++) {
				indent(out, k);
				frs_buf_puts(out, c->keys[k]);
				frs_buf_putc(out, '\n');
			}
			indent(out, nk);
			frs_rl__cmd_text(out, c);
			frs_buf_putc(out, '\n');
			if (style == FRS_DIFF_SCRIPT) {
				/* a context header that was added leaves us inside it */
				size_t depth = (!c->line && !c->no) ? c->nkeys : nk;
				if (!c->line && !c->no && !frs_rl__is_context_key(c->keys[c->nkeys - 1]))
					depth = nk;
				while (depth-- > 0) {
					indent(out, depth);
					frs_buf_puts(out, "exit\n");
				}
			}
			if (f && out->len >= 65536) {
				if (fwrite(out->ptr, 1, out->len, f) != out->len)
					return FRS_EIO;
				frs_buf_clear(out);
			}
		}
	}
	return out->ptr ? FRS_OK : FRS_ENOMEM;
}

enum frs_err frs_diff_print(struct frs_buf *out, const struct frs_diff *diff,
			    enum frs_diff_style style)
{
	return emit(out, NULL, diff, style);
}

enum frs_err frs_diff_write(FILE *f, const struct frs_diff *diff, enum frs_diff_style style)
{
	struct frs_buf b = FRS_BUF_INIT;
	enum frs_err rc = emit(&b, f, diff, style);

	if (!rc && b.len && fwrite(b.ptr, 1, b.len, f) != b.len)
		rc = FRS_EIO;
	frs_buf_dispose(&b);
	return rc;
}

/* Whether @p l is `neighbor X activate` in @p t, an ipv4 unicast family of an instance of
 * @p target where that is the default (FRR hides the line there). */
static int default_activate(const struct frs_conf *target, const struct fctx *t, const char *l)
{
	const struct fctx *inst;
	size_t n = strlen(l);

	if (t->nkeys != 2 || strcmp(t->keys[1], "address-family ipv4 unicast") != 0 ||
	    strncmp(l, "neighbor ", 9) != 0 || n < 18 || strcmp(l + n - 9, " activate") != 0)
		return 0;
	inst = frs_rl__conf_find(target, t->keys[0]);
	return inst && !frs_strset_has(inst->lines, "no bgp default ipv4-unicast");
}

/* Whether VRF instance @p inst ("router bgp A vrf V") is imported by another instance of AS A
 * in @p target (`import vrf V`): bgpd 8.x creates it for the import and keeps it, so it is never
 * deleted whole (10.x neither shows nor keeps such an instance). */
static int imported(unsigned ver, const struct frs_conf *target, const char *inst)
{
	const char *v = strstr(inst, " vrf ");
	size_t asn = v ? (size_t)(v - inst) : 0; /* "router bgp A" */
	char line[256];

	if (!v || ver >= 1000)
		return 0;
	snprintf(line, sizeof(line), "import vrf %s", v + 5);
	for (size_t i = 0; i < target->n; i++) {
		const struct fctx *t = target->v[i];
		if (t->nkeys == 2 && strncmp(t->keys[0], inst, asn) == 0 &&
		    (t->keys[0][asn] == '\0' || t->keys[0][asn] == ' ') &&
		    frs_strset_has(t->lines, line))
			return 1;
	}
	return 0;
}

/* Whether @p s holds the words "vrf @p name" (or "nexthop-vrf @p name"). */
static int says_vrf(const char *s, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = s; (p = strstr(p, "vrf ")); p += 4)
		if ((p == s || p[-1] == ' ' || p[-1] == '-') && strncmp(p + 4, name, n) == 0 &&
		    (p[4 + n] == '\0' || p[4 + n] == ' '))
			return 1;
	return 0;
}

/* Whether a live context of @p target is VRF @p name or names it (an instance, a route's
 * nexthop-vrf, an import). */
static int names_vrf(const struct frs_conf *target, const char *name)
{
	for (size_t i = 0; i < target->n; i++) {
		const struct fctx *t = target->v[i];
		if (t->dead)
			continue;
		for (size_t k = 0; k < t->nkeys; k++)
			if (says_vrf(t->keys[k], name))
				return 1;
		for (size_t k = 0; k < t->lines->n; k++)
			if (says_vrf(t->lines->v[k], name))
				return 1;
	}
	return 0;
}

/* Whether @p c has the top-level line `no @p line`. */
static int has_no_form(const struct frs_conf *c, const char *line)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "no %s", line);
	return frs_rl__conf_find(c, buf) != NULL;
}

/* "neighbor X ..." → X copied into @p buf; NULL otherwise. */
static const char *nbr_of(const char *line, char *buf, size_t len)
{
	size_t n;

	if (!starts(line, "neighbor "))
		return NULL;
	line += 9;
	n = strcspn(line, " ");
	if (n == 0 || n >= len)
		return NULL;
	memcpy(buf, line, n);
	buf[n] = '\0';
	return buf;
}

/* What kind of line defines neighbor X: higher wins when choosing the one delete to keep. */
static int defining_rank(const char *line, const char *nbr)
{
	const char *rest = line + 9 + strlen(nbr);

	if (*rest != ' ')
		return 0;
	rest++;
	if (strcmp(rest, "peer-group") == 0)
		return 4;
	if (starts(rest, "interface"))
		return 3;
	if (starts(rest, "remote-as "))
		return 2;
	if (starts(rest, "peer-group "))
		return 1;
	return 0;
}

/* A list entry "… seq N" identity: the line up to and including N, or 0 when it has none. */
static size_t seq_prefix(const char *key)
{
	const char *s;

	if (starts(key, "ip prefix-list ") || starts(key, "ipv6 prefix-list ")) {
		/* the name is one word: the seq follows it */
		s = strchr(key + (key[2] == ' ' ? 15 : 17), ' ');
		if (!s || !starts(s, " seq "))
			return 0;
	} else if (!(starts(key, "bgp community-list ") || starts(key, "bgp large-community-list ") ||
		     starts(key, "bgp extcommunity-list ") || starts(key, "bgp as-path access-list ")) ||
		   !(s = strstr(key, " seq "))) {
		return 0;
	}
	s += 5;
	s += strcspn(s, " ");
	return (size_t)(s - key);
}

/*
 * The "list seq N" identities of list entries (a prefix of their line, not a string of its
 * own): one per added entry, so no copy. Open addressing; borrowed from the target.
 */
struct seqent {
	const char *key;
	uint32_t len;
	uint32_t hash;
};

struct seqset {
	struct seqent *v;
	size_t n;
	size_t cap;
};

static struct seqent *seq_slot(const struct seqset *s, const char *key, size_t len, uint32_t h)
{
	size_t mask = s->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct seqent *e = &s->v[i];
		if (!e->key || (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0))
			return e;
	}
}

/* An empty set with room for @p n entries (slots untouched until used). */
static enum frs_err seq_reserve(struct seqset *s, size_t n)
{
	size_t cap = 64;

	while (cap < 2 * n)
		cap *= 2;
	if (!(s->v = calloc(cap, sizeof(*s->v))))
		return FRS_ENOMEM;
	s->cap = cap;
	return FRS_OK;
}

static enum frs_err seq_mark(struct seqset *s, const char *key, size_t len)
{
	uint32_t h = frs_hash_n(key, len);
	struct seqent *e;

	if ((s->n + 1) * 2 > s->cap) {
		struct seqset ns = { NULL, s->n, s->cap ? s->cap * 2 : 64 };
		if (!(ns.v = calloc(ns.cap, sizeof(*ns.v))))
			return FRS_ENOMEM;
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i].key)
				*seq_slot(&ns, s->v[i].key, s->v[i].len, s->v[i].hash) = s->v[i];
		free(s->v);
		*s = ns;
	}
	e = seq_slot(s, key, len, h);
	if (!e->key) {
		*e = (struct seqent){ key, (uint32_t)len, h };
		s->n++;
	}
	return FRS_OK;
}

static int seq_marked(const struct seqset *s, const char *key, size_t len)
{
	return s->cap && seq_slot(s, key, len, frs_hash_n(key, len))->key;
}

struct dstate {
	struct frs_hmap nbr_target;     /* "instance|X" present in the target */
	struct frs_strset owned;        /* strings the maps point at (in arena) */
	struct frs_arena arena;
	struct frs_hmap add_lines;      /* "ctx id|line" of every add; value unused */
	struct frs_hmap add_prefix;     /* "ctx id|neighbor X route-map * in" style keys */
	struct seqset new_seqs;     /* "ip prefix-list L seq N" of the entries added */
};

/* The interned copy of @p str (@p len bytes, NUL-terminated), in the diff's arena. */
static enum frs_err own_str(struct dstate *s, const char *str, size_t len, const char **out)
{
	size_t pos;
	char *copy;
	uint32_t h = frs_hash_n(str, len);

	if (frs_hmap_get_h(&s->owned.idx, str, h, &pos)) {
		*out = s->owned.v[pos];
		return FRS_OK;
	}
	if (!(copy = frs_arena_strndup(&s->arena, str, len)) || frs_strset_add(&s->owned, copy, h))
		return FRS_ENOMEM;
	*out = copy;
	return FRS_OK;
}

/* own_str() of @p b's contents; @p b is emptied. */
static enum frs_err own(struct dstate *s, struct frs_buf *b, const char **out)
{
	enum frs_err rc = b->ptr ? own_str(s, b->ptr, b->len, out) : FRS_ENOMEM;

	frs_buf_dispose(b);
	return rc;
}

/* "a sep b" into @p stack when it fits, else into @p heap; NULL when out of memory. */
static const char *key3(char *stack, size_t cap, struct frs_buf *heap, size_t *len, const char *a,
			const char *sep, const char *b, size_t blen)
{
	size_t la = strlen(a), ls = strlen(sep);

	*len = la + ls + blen;
	if (*len < cap) {
		memcpy(stack, a, la);
		memcpy(stack + la, sep, ls);
		memcpy(stack + la + ls, b, blen);
		stack[*len] = '\0';
		return stack;
	}
	if (frs_buf_puts(heap, a) || frs_buf_puts(heap, sep) || frs_buf_add(heap, b, blen))
		return NULL;
	return heap->ptr;
}

static enum frs_err mark(struct dstate *s, struct frs_hmap *m, const char *a, const char *sep,
			 const char *b, size_t blen)
{
	char stack[512];
	struct frs_buf heap = FRS_BUF_INIT;
	const char *k, *key;
	size_t len;
	enum frs_err rc = FRS_ENOMEM;

	/* one key per list entry of the target: no allocation unless it is new */
	if ((k = key3(stack, sizeof(stack), &heap, &len, a, sep, b, blen)) &&
	    !(rc = own_str(s, k, len, &key)))
		rc = frs_hmap_put(m, key, 1);
	frs_buf_dispose(&heap);
	return rc;
}

static int marked(const struct frs_hmap *m, const char *a, const char *sep, const char *b, size_t blen)
{
	char stack[512];
	struct frs_buf heap = FRS_BUF_INIT;
	const char *k;
	size_t len;
	int r;

	k = key3(stack, sizeof(stack), &heap, &len, a, sep, b, blen);
	r = k && frs_hmap_get(m, k, NULL);
	frs_buf_dispose(&heap);
	return r;
}

/* The part of an add line that an in-place replacement keeps: "neighbor X route-map R in" →
 * "neighbor X route-map|in"; "neighbor X bfd 5 100 100" → "neighbor X bfd#"; remote-as,
 * table-map. With @p shown, a running line: bare `neighbor X bfd` is also "neighbor X bfd#" (the
 * timers form at BFD's defaults is shown bare; an add of other timers sets them in place). */
static size_t replace_key(const char *line, char *buf, size_t len, int shown)
{
	char nb[256];
	const char *nbr = nbr_of(line, nb, sizeof(nb));
	int n;

	if (starts(line, "table-map "))
		n = snprintf(buf, len, "table-map");
	else if (!nbr)
		return 0;
	else {
		const char *rest = line + 9 + strlen(nbr);
		if (starts(rest, " route-map ")) {
			const char *dir = strrchr(rest, ' ');
			n = snprintf(buf, len, "neighbor %s route-map|%s", nbr, dir + 1);
		} else if ((starts(rest, " bfd ") && strchr("0123456789", rest[5])) ||
			   (shown && strcmp(rest, " bfd") == 0)) {
			n = snprintf(buf, len, "neighbor %s bfd#", nbr);
		} else if (starts(rest, " remote-as ")) {
			n = snprintf(buf, len, "neighbor %s remote-as", nbr);
		} else if (starts(rest, " interface ") && strstr(rest, " remote-as ")) {
			n = snprintf(buf, len, "neighbor %s remote-as", nbr);
		} else {
			return 0;
		}
	}
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

/* bfdd's session settings: set in place; "removed" means set back to the 8.4 default. */
static const char *bfd_default(const struct fctx *x, const char *line, char *buf, size_t len,
			       size_t *keylen)
{
	static const char *const defs[][2] = {
		{ "receive-interval ", "300" }, { "transmit-interval ", "300" },
		{ "detect-multiplier ", "3" }, { "echo receive-interval ", "50" },
		{ "echo transmit-interval ", "50" }, { "echo-interval ", "50" },
		{ "minimum-ttl ", "254" },
	};

	if (x->nkeys != 2 || strcmp(x->keys[0], "bfd") != 0)
		return NULL;
	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		if (starts(line, defs[i][0])) {
			snprintf(buf, len, "%s%s", defs[i][0], defs[i][1]);
			*keylen = strlen(defs[i][0]);
			return buf;
		}
	return NULL;
}

static int is_bgp_instance(const struct fctx *x)
{
	return starts(x->keys[0], "router bgp ");
}

enum frs_err frs_diff_compute(struct frs_diff **out, const struct frs_conf *running,
			      const struct frs_conf *target, struct frs_errlist *errs)
{
	struct frs_diff *d = calloc(1, sizeof(*d));
	struct dstate st;
	struct dlist late = { NULL, 0, 0 }, groups = { NULL, 0, 0 }, inst = { NULL, 0, 0 },
		     inst_default = { NULL, 0, 0 }, deferred = { NULL, 0, 0 }, dels = { NULL, 0, 0 };
	struct frs_hmap gone = { NULL, 0, 0 };      /* ids of whole-deleted contexts (not list entries) */
	struct frs_hmap nbr_done = { NULL, 0, 0 };  /* "instance|X" whose one delete is chosen */
	struct frs_hmap nbr_best = { NULL, 0, 0 };  /* "instance|X" → rank*2^32 + index in dels */
	enum frs_err rc = FRS_ENOMEM;
	char kb[512];
	/* the FRR the live config comes from (or the target is meant for) */
	unsigned ver = frs_rl__version_or_default(running->frr_ver ? running->frr_ver :
						  target->frr_ver);
	/* each target context's counterpart in running and back (NULL: none), found once */
	const struct fctx **match = calloc(target->n + 1, sizeof(*match));
	const struct fctx **back = calloc(running->n + 1, sizeof(*back));
	/* bounds of the command lists: every context and line of a side */
	size_t rn = running->n + frs_conf_lines(running), tn = target->n + frs_conf_lines(target);

	(void)errs;
	*out = NULL;
	memset(&st, 0, sizeof(st));
	if (!d || !match || !back) {
		free(d);
		free(match);
		free(back);
		return FRS_ENOMEM;
	}
	if (dl_reserve(&dels, rn) || dl_reserve(&deferred, running->n) ||
	    dl_reserve(&d->add, tn + running->n) ||
	    seq_reserve(&st.new_seqs, target->n))
		goto done;

	/* what the target holds: neighbors per instance, adds for in-place replacement */
	for (size_t i = 0; i < target->n; i++) {
		const struct fctx *t = target->v[i];
		const struct fctx *r;

		if (i + 8 < target->n)
			frs_rl__conf_prefetch(running, target->v[i + 8]);
		if (t->dead)
			continue;
		if (is_bgp_instance(t)) {
			for (size_t k = 0; k < t->lines->n; k++) {
				char nb[256];
				const char *nbr = nbr_of(t->lines->v[k], nb, sizeof(nb));
				if (nbr && (rc = mark(&st, &st.nbr_target, t->keys[0], "|", nbr,
						      strlen(nbr))))
					goto done;
			}
		}
		if ((r = match[i] = frs_rl__conf_find_ctx(running, t)))
			back[r->pos] = t;
		for (size_t k = 0; k < t->lines->n; k++) {
			size_t n;
			if (r && frs_strset_has_h(r->lines, t->lines->v[k], t->lines->h[k]))
				continue;
			if ((n = replace_key(t->lines->v[k], kb, sizeof(kb), 0)) &&
			    (rc = mark(&st, &st.add_prefix, t->id, "|", kb, n)))
				goto done;
			if (bfd_default(t, t->lines->v[k], kb, sizeof(kb), &n) &&
			    (rc = mark(&st, &st.add_prefix, t->id, "|", t->lines->v[k], n)))
				goto done;
		}
		if (!r && t->nkeys == 1 && !t->lines->n) {
			/* a new list entry: does it take the seq of one that goes? */
			size_t n = seq_prefix(t->keys[0]);
			if (n && (rc = seq_mark(&st.new_seqs, t->keys[0], n)))
				goto done;
		}
	}

	/* deletes, in running order */
	for (size_t i = 0; i < running->n; i++) {
		const struct fctx *r = running->v[i];
		const struct fctx *t;
		int skip = 0;

		if (r->dead)
			continue;
		/* under a context that goes as a whole: nothing to do */
		for (size_t k = 1; k < r->nkeys && !skip; k++) {
			struct frs_buf p = FRS_BUF_INIT;
			for (size_t j = 0; j < k; j++)
				frs_buf_addf(&p, j ? "\n%s" : "%s", r->keys[j]);
			skip = frs_hmap_get(&gone, frs_buf_cstr(&p), NULL);
			frs_buf_dispose(&p);
		}
		if (skip || frs_rl__unconfigurable(r->keys[0]))
			continue;
		t = back[i];
		if (!t) {
			const char *k0 = r->keys[0];
			int per_line = (r->nkeys == 1 && (starts(k0, "interface ") || starts(k0, "vrf ") ||
							   (is_bgp_instance(r) && imported(ver, target, k0)))) ||
				       (r->nkeys == 2 && is_bgp_instance(r) &&
					starts(r->keys[1], "address-family "));
			if (r->nkeys == 1 && (starts(k0, "hostname ") || strcmp(k0, "no ip forwarding") == 0 ||
					      strcmp(k0, "no ipv6 forwarding") == 0))
				continue; /* zebra's own view, or the system's name: never deleted */
			if (!per_line) {
				size_t n = r->nkeys == 1 ? seq_prefix(k0) : 0;
				/* what goes with it: only a context header has anything under it */
				if (!n && (rc = frs_hmap_put_h(&gone, r->id, r->hash, 1)))
					goto done;
				if (n) {
					/*
					 * An added entry takes this seq: community and as-path lists
					 * replace in place, a prefix-list keeps both (8.4), so delete it
					 * first. Otherwise remove it after the adds, so the list is
					 * never briefly empty (#12088). (An entry both sides have is not
					 * added: a running config with two entries of one seq keeps its
					 * other one until after the adds.)
					 */
					if (seq_marked(&st.new_seqs, k0, n)) {
						if (!strstr(k0, "prefix-list "))
							continue;
						if ((rc = dl_push(&dels, r, NULL, 1)))
							goto done;
						continue;
					}
					if ((rc = dl_push(&deferred, r, NULL, 1)))
						goto done;
					continue;
				}
				if (r->nkeys == 1 && is_bgp_instance(r)) {
					/* VRF instances before the default one */
					rc = dl_push(strstr(k0, " vrf ") ? &inst : &inst_default, r, NULL, 1);
					if (rc)
						goto done;
					continue;
				}
				if ((rc = dl_push(&dels, r, NULL, 1)))
					goto done;
				continue;
			}
		}
		for (size_t k = 0; k < r->lines->n; k++) {
			const char *l = r->lines->v[k];
			char nb[256];
			const char *nbr;
			size_t n;

			if (t && frs_strset_has_h(t->lines, l, r->lines->h[k]))
				continue;
			if (default_activate(target, r, l))
				continue; /* activated by default there: a delete would deactivate */
			if ((n = replace_key(l, kb, sizeof(kb), 1)) && t &&
			    marked(&st.add_prefix, t->id, "|", kb, n))
				continue; /* replaced in place, no delete needed */
			if (bfd_default(r, l, kb, sizeof(kb), &n)) {
				if (t && marked(&st.add_prefix, t->id, "|", l, n))
					continue; /* set in place */
				if ((rc = dl_push(&dels, r, l, 1)))
					goto done;
				if (!(dels.v[dels.n - 1].text = strdup(kb))) {
					rc = FRS_ENOMEM;
					goto done;
				}
				continue;
			}
			nbr = is_bgp_instance(r) ? nbr_of(l, nb, sizeof(nb)) : NULL;
			if (nbr && !marked(&st.nbr_target, r->keys[0], "|", nbr, strlen(nbr))) {
				/* the neighbor goes: one delete of its defining line, nothing else */
				int rank = r->nkeys == 1 ? defining_rank(l, nbr) : 0;
				size_t prev;
				struct frs_buf key = FRS_BUF_INIT;
				const char *ks;
				if (!rank)
					continue;
				if (frs_buf_addf(&key, "%s|%s", r->keys[0], nbr) || (rc = own(&st, &key, &ks)))
					goto done;
				if (frs_hmap_get(&nbr_best, ks, &prev)) {
					if ((int)(prev >> 32) >= rank)
						continue;
					late.v[prev & 0xffffffffu].line = NULL; /* superseded */
				}
				if ((rc = frs_hmap_put(&nbr_best, ks, ((size_t)rank << 32) | late.n)) ||
				    (rc = dl_push(&late, r, l, 1)))
					goto done;
				continue;
			}
			if (nbr && r->nkeys == 1 && defining_rank(l, nbr) >= 1) {
				/* remote-as or membership removed from a kept neighbor: last */
				if ((rc = dl_push(&late, r, l, 1)))
					goto done;
				continue;
			}
			if ((rc = dl_push(&dels, r, l, 1)))
				goto done;
		}
		/*
		 * 10.x keeps a vrf emptied by the deletes as configuration where a fresh load of
		 * the target has none (frr-reload.py 10.x deletes the lines only: "We cannot do
		 * 'no vrf' in FRR"). One that zebra calls inactive and configured, that the target
		 * neither has nor names, goes after its lines. A kernel VRF (active) never does:
		 * FRR refuses it, and mgmtd 10.4 then fails every later commit.
		 */
		if (!t && ver >= 1000 && r->inactive && r->nkeys == 1 && starts(r->keys[0], "vrf ") &&
		    !names_vrf(target, r->keys[0] + 4) && (rc = dl_push(&dels, r, NULL, 1)))
			goto done;
	}
	/* neighbor deletes: members, then peer-groups; then whole instances, default last */
	for (size_t i = 0; i < late.n; i++) {
		struct dcmd *c = &late.v[i];
		char nb[256];
		if (!c->line)
			continue;
		if (defining_rank(c->line, nbr_of(c->line, nb, sizeof(nb))) == 4) {
			if ((rc = dl_push(&groups, &(struct fctx){ .keys = c->keys, .nkeys = c->nkeys },
					  c->line, 1)))
				goto done;
			continue;
		}
		if ((rc = dl_push(&dels, &(struct fctx){ .keys = c->keys, .nkeys = c->nkeys },
				  c->line, 1)))
			goto done;
	}
	if ((rc = dl_move(&d->del, &dels)) || (rc = dl_move(&d->del, &groups)) ||
	    (rc = dl_move(&d->del, &inst)) || (rc = dl_move(&d->del, &inst_default)))
		goto done;

	/* adds, in target order */
	for (size_t i = 0; i < target->n; i++) {
		const struct fctx *t = target->v[i];
		const struct fctx *r;

		if (t->dead || frs_rl__unconfigurable(t->keys[0]))
			continue;
		r = match[i];
		/* FRR 8.4 prints forwarding only when it is off: on already unless `no …` shows */
		if (!r && t->nkeys == 1 && (strcmp(t->keys[0], "ip forwarding") == 0 ||
					    strcmp(t->keys[0], "ipv6 forwarding") == 0) &&
		    !has_no_form(running, t->keys[0]))
			continue;
		/* a context whose instance is deleted is re-created with it */
		if (r && t->nkeys > 1 && is_bgp_instance(t) && frs_hmap_get(&gone, t->keys[0], NULL))
			r = NULL;
		if (!r && (rc = dl_push(&d->add, t, NULL, 0)))
			goto done;
		for (size_t k = 0; k < t->lines->n; k++)
			if ((!r || !frs_strset_has_h(r->lines, t->lines->v[k], t->lines->h[k])) &&
			    (rc = dl_push(&d->add, t, t->lines->v[k], 0)))
				goto done;
	}
	if ((rc = dl_move(&d->add, &deferred)))
		goto done;
	*out = d;
	d = NULL;
	rc = FRS_OK;
done:
	free(match);
	free(back);
	free(late.v);
	free(groups.v);
	free(inst.v);
	free(inst_default.v);
	free(deferred.v);
	free(dels.v);
	frs_hmap_dispose(&gone);
	frs_hmap_dispose(&nbr_done);
	frs_hmap_dispose(&nbr_best);
	frs_hmap_dispose(&st.nbr_target);
	frs_hmap_dispose(&st.add_lines);
	frs_hmap_dispose(&st.add_prefix);
	free(st.new_seqs.v);
	frs_strset_dispose(&st.owned); /* its strings are in the arena */
	frs_arena_dispose(&st.arena);
	frs_diff_free(d);
	return rc;
}
