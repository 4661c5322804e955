/* SPDX-License-Identifier: MIT */
/* Rendering: node view → template data (shared prefix-lists, stable sequence numbers) → frr.conf. */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <frrshim/render.h>
#include <frrshim/tmpl.h>

#include "../lib/hmap.h"
#include "../lib/vec.h"

/* Route-map entries of the allowed lists sit at fixed numbers, after every modifier entry, so
 * that a modifier appearing or going away does not renumber them. */
#define RMAP_SEQ_ALLOWED_V4 65534
#define RMAP_SEQ_ALLOWED_V6 65535

enum list_kind {
	LK_LOCALPREF,
	LK_COMMUNITY,
	LK_ALLOWED,
};

/* One prefix-list one peer needs; identical ones (same kind, family, parameter and prefixes) are
 * written once and shared: `canon` points at the first. */
struct plist {
	size_t peer;          /* index in the view's peers */
	enum list_kind kind;
	int family;
	uint32_t lp;
	struct frs_view_community comm;
	const struct frs_prefix **pfx;
	size_t n;
	uint64_t hash;
	struct plist *canon;
	char *name;          /* canonical lists only */
};

struct rctx {
	const struct frs_view *v;
	const struct frs_render_opts *opts;
	struct frs_errlist *errs;
	struct plist *lists;
	size_t nlists, caplists;
};

uint32_t frs_render_prefix_seq(const struct frs_prefix *p)
{
	uint32_t s = 0;

	if (p->family == AF_INET) {
		/* the address itself: entries of /32 lists read in address order */
		s = (uint32_t)p->addr[0] << 24 | (uint32_t)p->addr[1] << 16 |
		    (uint32_t)p->addr[2] << 8 | p->addr[3];
	} else {
		for (int w = 0; w < 4; w++)
			s ^= (uint32_t)p->addr[4 * w] << 24 | (uint32_t)p->addr[4 * w + 1] << 16 |
			     (uint32_t)p->addr[4 * w + 2] << 8 | p->addr[4 * w + 3];
		s ^= p->len == 128 ? 0 : p->len;
	}
	return s ? s : 1;
}

static const char *fam_word(int family)
{
	return family == AF_INET ? "ip" : "ipv6";
}

/* A list's fingerprint from the one string hash (lib/hmap.c) of each prefix's bytes. */
static uint64_t hash_prefixes(const struct frs_prefix *const *pfx, size_t n)
{
	uint64_t h = n;

	for (size_t i = 0; i < n; i++) {
		char key[17] = { 0 };

		memcpy(key, pfx[i]->addr, pfx[i]->family == AF_INET ? 4 : 16);
		key[16] = (char)pfx[i]->len;
		h = ((h << 7) | (h >> 57)) ^ frs_hash_n(key, sizeof(key));
	}
	return h;
}

/* Lists are equal when they hold the same prefixes: what a list is used for (allowed, a
 * community, a local-pref) is in the route-map entry that matches it, not in the list. */
static bool same_list(const struct plist *a, const struct plist *b)
{
	if (a->family != b->family || a->n != b->n || a->hash != b->hash)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->pfx[i] != b->pfx[i] && frs_view_prefix_cmp(a->pfx[i], b->pfx[i]) != 0)
			return false;
	return true;
}

static enum frs_err list_add(struct rctx *c, const struct plist *l)
{
	return FRS_VEC_PUSH(c->lists, c->nlists, c->caplists, *l);
}

static int u32_qcmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

static int comm_qcmp(const void *x, const void *y)
{
	const struct frs_view_community *a = x, *b = y;

	if (a->large != b->large)
		return a->large ? 1 : -1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return (a->c > b->c) - (a->c < b->c);
}

/* Collect the lists of one peer for one family: local-pref lists (by value), community lists
 * (standard, then large), the allowed list (possibly empty). */
static enum frs_err peer_lists(struct rctx *c, size_t k, int family)
{
	const struct frs_view_peer *vp = &c->v->peers[k];
	size_t from = 0, to, n;
	uint32_t *lps = NULL;
	struct frs_view_community *comms = NULL;
	size_t nlps = 0, ncomms = 0;
	enum frs_err rc = FRS_OK;
	struct plist l;

	/* a peer sharing an earlier peer's routes (the view shares equal arrays) has its lists */
	for (size_t j = 0; j < k; j++) {
		size_t nl = c->nlists;

		if (c->v->peers[j].routes != vp->routes || c->v->peers[j].nroutes != vp->nroutes ||
		    !vp->routes)
			continue;
		for (size_t i = 0; i < nl; i++) {
			if (c->lists[i].peer != j || c->lists[i].family != family)
				continue;
			l = c->lists[i];
			l.peer = k;
			l.pfx = malloc((l.n ? l.n : 1) * sizeof(*l.pfx));
			if (!l.pfx)
				return FRS_ENOMEM;
			if (l.n)
				memcpy(l.pfx, c->lists[i].pfx, l.n * sizeof(*l.pfx));
			rc = list_add(c, &l);
			if (rc) {
				free(l.pfx);
				return rc;
			}
		}
		return FRS_OK;
	}
	while (from < vp->nroutes && vp->routes[from].prefix.family != family)
		from++;
	to = from;
	while (to < vp->nroutes && vp->routes[to].prefix.family == family)
		to++;
	n = to - from;
	for (size_t i = from; i < to; i++)
		ncomms += vp->routes[i].ncommunities;
	lps = malloc((n ? n : 1) * sizeof(*lps));
	comms = malloc((ncomms ? ncomms : 1) * sizeof(*comms));
	if (!lps || !comms) {
		rc = FRS_ENOMEM;
		goto done;
	}
	ncomms = 0;
	for (size_t i = from; i < to; i++) {
		if (vp->routes[i].local_pref)
			lps[nlps++] = vp->routes[i].local_pref;
		for (size_t j = 0; j < vp->routes[i].ncommunities; j++)
			comms[ncomms++] = vp->routes[i].communities[j];
	}
	if (nlps)
		qsort(lps, nlps, sizeof(*lps), u32_qcmp);
	if (ncomms)
		qsort(comms, ncomms, sizeof(*comms), comm_qcmp);

	for (int pass = 0; pass < 3 && !rc; pass++) {
		size_t nparams = pass == 0 ? nlps : pass == 1 ? ncomms : 1;

		for (size_t p = 0; p < nparams && !rc; p++) {
			if (pass == 0 && p && lps[p] == lps[p - 1])
				continue;
			if (pass == 1 && p && comm_qcmp(&comms[p], &comms[p - 1]) == 0)
				continue;
			memset(&l, 0, sizeof(l));
			l.peer = k;
			l.kind = pass == 0 ? LK_LOCALPREF : pass == 1 ? LK_COMMUNITY : LK_ALLOWED;
			l.family = family;
			if (pass == 0)
				l.lp = lps[p];
			if (pass == 1)
				l.comm = comms[p];
			l.pfx = malloc((n ? n : 1) * sizeof(*l.pfx));
			if (!l.pfx) {
				rc = FRS_ENOMEM;
				break;
			}
			for (size_t i = from; i < to; i++) {
				const struct frs_view_route *r = &vp->routes[i];
				bool in = pass == 2;

				if (pass == 0)
					in = r->local_pref == l.lp;
				for (size_t j = 0; pass == 1 && j < r->ncommunities && !in; j++)
					in = comm_qcmp(&r->communities[j], &l.comm) == 0;
				if (in)
					l.pfx[l.n++] = &r->prefix;
			}
			l.hash = hash_prefixes(l.pfx, l.n);
			rc = list_add(c, &l);
			if (rc)
				free(l.pfx);
		}
	}
done:
	free(lps);
	free(comms);
	return rc;
}

static enum frs_err list_name(struct plist *l, const char *id)
{
	struct frs_buf b = FRS_BUF_INIT;
	char cs[40];
	enum frs_err rc;

	switch (l->kind) {
	case LK_LOCALPREF:
		rc = frs_buf_addf(&b, "%s-%u-%s-localpref-prefixes", id, l->lp, fam_word(l->family));
		break;
	case LK_COMMUNITY:
		frs_view_community_str(&l->comm, cs, sizeof(cs));
		rc = frs_buf_addf(&b, "%s-%s%s-%s-community-prefixes", id,
				  l->comm.large ? "large:" : "", cs, fam_word(l->family));
		break;
	default:
		rc = frs_buf_addf(&b, "%s-allowed-%s", id, l->family == AF_INET ? "ipv4" : "ipv6");
		break;
	}
	if (!rc) {
		l->name = frs_buf_detach(&b);
		if (!l->name)
			rc = FRS_ENOMEM;
	}
	frs_buf_dispose(&b);
	return rc;
}

/* Decide which lists are written, and their names: a list holding the same prefixes as one
 * already written is not written again but shares that one's name. Allowed lists are considered
 * first, so a community or local-pref list that covers everything a peer gets is its allowed
 * list. With per_peer_lists, every list is written (MetalLB's shape). */
static enum frs_err share_lists(struct rctx *c)
{
	enum frs_err rc;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < c->nlists; i++) {
			struct plist *l = &c->lists[i];

			if ((l->kind == LK_ALLOWED) != (pass == 0))
				continue;
			l->canon = l;
			if (!c->opts->per_peer_lists)
				for (size_t j = 0; j < c->nlists; j++) {
					struct plist *o = &c->lists[j];

					if (o->canon == o && o != l && same_list(o, l)) {
						l->canon = o;
						break;
					}
				}
			if (l->canon == l) {
				rc = list_name(l, c->v->peers[l->peer].id);
				if (rc)
					return rc;
			}
		}
	return FRS_OK;
}

struct seqent {
	uint32_t seq;
	const struct frs_prefix *p;
};

static int seqent_qcmp(const void *x, const void *y)
{
	const struct seqent *a = x, *b = y;

	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return frs_view_prefix_cmp(a->p, b->p);
}

static enum frs_err emit_plist(struct rctx *c, struct frs_tmpl_data *root, const struct plist *l)
{
	const char *key = l->family == AF_INET ? "pl4" : "pl6";
	struct frs_tmpl_data *it;
	struct seqent *e;
	enum frs_err rc = FRS_OK;
	char pfx[64];

	if (l->n == 0) {
		rc = frs_tmpl_add(&it, root, key);
		if (!rc)
			rc = frs_tmpl_set(it, "name", l->name);
		if (!rc)
			rc = frs_tmpl_set(it, "seq", "1");
		if (!rc)
			rc = frs_tmpl_set(it, "rule", "deny any");
		return rc;
	}
	e = malloc(l->n * sizeof(*e));
	if (!e)
		return FRS_ENOMEM;
	for (size_t i = 0; i < l->n; i++) {
		e[i].seq = frs_render_prefix_seq(l->pfx[i]);
		e[i].p = l->pfx[i];
	}
	qsort(e, l->n, sizeof(*e), seqent_qcmp);
	/* collisions move up; FRR lists entries by sequence number, so this is its order too */
	for (size_t i = 1; i < l->n; i++)
		if (e[i].seq <= e[i - 1].seq) {
			if (e[i - 1].seq == UINT32_MAX) {
				free(e);
				return frs_errlist_report(c->errs, FRS_DIAG(.code = FRS_EINVALID),
							  "prefix-list %s: out of sequence numbers",
							  l->name);
			}
			e[i].seq = e[i - 1].seq + 1;
		}
	for (size_t i = 0; i < l->n && !rc; i++) {
		frs_view_prefix_str(e[i].p, pfx, sizeof(pfx));
		rc = frs_tmpl_add(&it, root, key);
		if (!rc)
			rc = frs_tmpl_set(it, "name", l->name);
		if (!rc)
			rc = frs_tmpl_setf(it, "seq", "%u", e[i].seq);
		if (!rc)
			rc = frs_tmpl_setf(it, "rule", "permit %s", pfx);
	}
	free(e);
	return rc;
}

static enum frs_err add_rmap(struct frs_tmpl_data *root, const char *name, const char *action,
			     unsigned seq, const char *match, bool on_match_next, const char *set)
{
	struct frs_tmpl_data *it;
	enum frs_err rc = frs_tmpl_add(&it, root, "routemaps");

	if (!rc)
		rc = frs_tmpl_set(it, "name", name);
	if (!rc)
		rc = frs_tmpl_set(it, "action", action);
	if (!rc)
		rc = frs_tmpl_setf(it, "seq", "%u", seq);
	if (!rc)
		rc = frs_tmpl_set(it, "match", match ? match : "");
	if (!rc)
		rc = frs_tmpl_set_bool(it, "on_match_next", on_match_next);
	if (!rc)
		rc = frs_tmpl_set(it, "set", set ? set : "");
	return rc;
}

/* A peer's route-maps: `-in` denies everything (MetalLB imports nothing); `-out` sets
 * local-preference and communities through `on-match next` entries, then permits the allowed
 * prefixes. */
static enum frs_err peer_rmaps(struct rctx *c, struct frs_tmpl_data *root, size_t k)
{
	const char *id = c->v->peers[k].id;
	struct frs_buf name = FRS_BUF_INIT, match = FRS_BUF_INIT, set = FRS_BUF_INIT;
	enum frs_err rc;
	unsigned seq = 1;
	char cs[40];

	rc = frs_buf_addf(&name, "%s-in", id);
	if (!rc)
		rc = add_rmap(root, frs_buf_cstr(&name), "deny", 20, NULL, false, NULL);
	frs_buf_clear(&name);
	if (!rc)
		rc = frs_buf_addf(&name, "%s-out", id);
	for (int kind = LK_LOCALPREF; kind <= LK_ALLOWED && !rc; kind++)
		for (size_t i = 0; i < c->nlists && !rc; i++) {
			const struct plist *l = &c->lists[i];

			if (l->peer != k || (int)l->kind != kind)
				continue;
			frs_buf_clear(&match);
			frs_buf_clear(&set);
			rc = frs_buf_addf(&match, "%s address prefix-list %s", fam_word(l->family),
					  l->canon->name);
			if (rc)
				break;
			if (kind == LK_ALLOWED) {
				rc = add_rmap(root, frs_buf_cstr(&name), "permit",
					      l->family == AF_INET ? RMAP_SEQ_ALLOWED_V4 :
								     RMAP_SEQ_ALLOWED_V6,
					      frs_buf_cstr(&match), false, NULL);
				continue;
			}
			if (kind == LK_LOCALPREF) {
				rc = frs_buf_addf(&set, "local-preference %u", l->lp);
			} else {
				frs_view_community_str(&l->comm, cs, sizeof(cs));
				rc = frs_buf_addf(&set, "%scommunity %s additive",
						  l->comm.large ? "large-" : "", cs);
			}
			if (!rc)
				rc = add_rmap(root, frs_buf_cstr(&name), "permit", seq++,
					      frs_buf_cstr(&match), true, frs_buf_cstr(&set));
		}
	frs_buf_dispose(&name);
	frs_buf_dispose(&match);
	frs_buf_dispose(&set);
	return rc;
}

static bool is_ebgp(const struct frs_peer *p)
{
	return p->dynamic_asn == FRS_DYNASN_EXTERNAL ||
	       (p->dynamic_asn == FRS_DYNASN_NONE && p->peer_asn != p->my_asn);
}

static enum frs_err neighbor_data(struct frs_tmpl_data *router, const struct frs_view_peer *vp,
				  unsigned frr_version)
{
	const struct frs_peer *p = vp->peer;
	struct frs_tmpl_data *n;
	enum frs_err rc = frs_tmpl_add(&n, router, "neighbors");
	bool timers = p->hold_time.set || p->keepalive_time.set;
	int64_t hold = 0, ka = 0;

	if (rc)
		return rc;
	/* MetalLB's parseTimers: one given, the other derived (hold = 3 × keepalive) */
	if (timers) {
		hold = p->hold_time.set ? p->hold_time.ms / 1000 : 3 * (p->keepalive_time.ms / 1000);
		ka = p->keepalive_time.set ? p->keepalive_time.ms / 1000 : hold / 3;
		/* v1beta1 has no "unset": its conversion gives 0/0, which would switch keepalives
		 * off; we leave FRR's defaults instead (README, quirk 2) */
		if (hold == 0 && ka == 0 && p->obj.api_version &&
		    strstr(p->obj.api_version, "v1beta1"))
			timers = false;
	}
	rc = frs_tmpl_set(n, "name", vp->neighbor);
	if (!rc)
		rc = frs_tmpl_set(n, "id", vp->id);
	if (!rc)
		rc = frs_tmpl_set_bool(n, "unnumbered", vp->unnumbered);
	if (!rc) {
		if (p->dynamic_asn == FRS_DYNASN_INTERNAL)
			rc = frs_tmpl_set(n, "remote_as", "internal");
		else if (p->dynamic_asn == FRS_DYNASN_EXTERNAL)
			rc = frs_tmpl_set(n, "remote_as", "external");
		else
			rc = frs_tmpl_setf(n, "remote_as", "%u", p->peer_asn);
	}
	if (!rc)
		rc = p->local_asn ? frs_tmpl_setf(n, "local_as", "%u", p->local_asn) :
				    frs_tmpl_set(n, "local_as", "");
	if (!rc)
		rc = frs_tmpl_set(n, "bfd_profile", p->bfd_profile ? p->bfd_profile : "");
	if (!rc)
		rc = frs_tmpl_set(n, "password", vp->password ? vp->password : "");
	/* FRR hides the default port */
	if (!rc)
		rc = p->port && p->port != 179 ? frs_tmpl_setf(n, "port", "%u", p->port) :
						 frs_tmpl_set(n, "port", "");
	if (!rc)
		/* 10.x prints the maximum TTL as bare `ebgp-multihop` (measured on 10.3, 10.7) */
		rc = frs_tmpl_set(n, "multihop", !p->ebgp_multihop ? "" :
				  frr_version >= 1000 ? "ebgp-multihop" : "ebgp-multihop 255");
	/* as MetalLB: a directly connected IPv6 eBGP peer may use a global address */
	if (!rc)
		rc = frs_tmpl_set_bool(n, "connected_check_off",
				       vp->family == FRS_VIEW_FAM_V6 && !p->ebgp_multihop &&
					       is_ebgp(p));
	/* bgpd keeps no update-source for an interface neighbor (it answers with a bare warning
	 * and prints nothing back; 8.4.4, 10.3, 10.7): MetalLB renders it, frrshim does not, and
	 * lint says so (model.c) */
	if (!rc)
		rc = frs_tmpl_set(n, "update_source",
				  p->source_address && !vp->unnumbered ? p->source_address : "");
	if (!rc)
		rc = timers ? frs_tmpl_setf(n, "timers", "%lld %lld", (long long)ka,
					    (long long)hold) :
			      frs_tmpl_set(n, "timers", "");
	if (!rc)
		rc = p->connect_time.set && p->connect_time.ms >= 1000 ?
			     frs_tmpl_setf(n, "connect", "%lld",
					   (long long)(p->connect_time.ms / 1000)) :
			     frs_tmpl_set(n, "connect", "");
	if (!rc)
		rc = frs_tmpl_set_bool(n, "graceful_restart", p->graceful_restart);
	return rc;
}

static int pfxp_qcmp(const void *x, const void *y)
{
	return frs_view_prefix_cmp(*(const struct frs_prefix *const *)x,
				   *(const struct frs_prefix *const *)y);
}

/* The router's `network` lines: the union of what its peers announce, in bgpd's order. Each
 * shared allowed list counts once. */
static enum frs_err router_af(struct rctx *c, struct frs_tmpl_data *router, size_t from, size_t to,
			      int family)
{
	const struct frs_prefix **all = NULL;
	const struct plist **canon;
	size_t n = 0, total = 0, ncanon = 0;
	struct frs_tmpl_data *af, *it;
	enum frs_view_family want = family == AF_INET ? FRS_VIEW_FAM_V4 : FRS_VIEW_FAM_V6;
	enum frs_err rc = FRS_OK;
	bool any = false;
	char pfx[64];

	for (size_t k = from; k < to; k++)
		if (c->v->peers[k].family & want)
			any = true;
	if (!any)
		return FRS_OK;
	/* each distinct (canonical) allowed list of this VRF's peers, once */
	canon = malloc((to - from) * sizeof(*canon));
	if (!canon)
		return FRS_ENOMEM;
	for (size_t i = 0; i < c->nlists; i++) {
		const struct plist *l = &c->lists[i];
		bool seen = false;

		if (l->kind != LK_ALLOWED || l->family != family || l->peer < from || l->peer >= to)
			continue;
		for (size_t j = 0; j < ncanon && !seen; j++)
			seen = canon[j] == l->canon;
		if (seen)
			continue;
		canon[ncanon++] = l->canon;
		total += l->n;
	}
	all = malloc((total ? total : 1) * sizeof(*all));
	if (!all) {
		free(canon);
		return FRS_ENOMEM;
	}
	for (size_t j = 0; j < ncanon; j++) {
		memcpy(all + n, canon[j]->pfx, canon[j]->n * sizeof(*all));
		n += canon[j]->n;
	}
	free(canon);
	if (n > 1)
		qsort(all, n, sizeof(*all), pfxp_qcmp);

	rc = frs_tmpl_add(&af, router, "afs");
	if (!rc)
		rc = frs_tmpl_set(af, "af", family == AF_INET ? "ipv4" : "ipv6");
	if (!rc)
		rc = frs_tmpl_set_list(af, "networks");
	for (size_t i = 0; i < n && !rc; i++) {
		if (i && frs_view_prefix_cmp(all[i - 1], all[i]) == 0)
			continue;
		frs_view_prefix_str(all[i], pfx, sizeof(pfx));
		rc = frs_tmpl_add(&it, af, "networks");
		if (!rc)
			rc = frs_tmpl_set(it, "prefix", pfx);
	}
	for (size_t k = from; k < to && !rc; k++) {
		const struct frs_view_peer *vp = &c->v->peers[k];

		if (!(vp->family & want))
			continue;
		rc = frs_tmpl_add(&it, af, "members");
		if (!rc)
			rc = frs_tmpl_set(it, "name", vp->neighbor);
		if (!rc)
			rc = frs_tmpl_set(it, "id", vp->id);
	}
	free(all);
	return rc;
}

static const char *peer_vrf(const struct frs_view_peer *vp)
{
	return vp->peer->vrf ? vp->peer->vrf : "";
}

static enum frs_err routers_data(struct rctx *c, struct frs_tmpl_data *root)
{
	enum frs_err rc = frs_tmpl_set_list(root, "routers");

	for (size_t from = 0, to; from < c->v->npeers && !rc; from = to) {
		struct frs_tmpl_data *r;
		const char *rid = "";

		to = from + 1;
		while (to < c->v->npeers &&
		       strcmp(peer_vrf(&c->v->peers[to]), peer_vrf(&c->v->peers[from])) == 0)
			to++;
		for (size_t k = from; k < to; k++)
			if (c->v->peers[k].peer->router_id) {
				rid = c->v->peers[k].peer->router_id;
				break;
			}
		rc = frs_tmpl_add(&r, root, "routers");
		if (!rc)
			rc = frs_tmpl_setf(r, "asn", "%u", c->v->peers[from].peer->my_asn);
		if (!rc)
			rc = frs_tmpl_set(r, "vrf", peer_vrf(&c->v->peers[from]));
		if (!rc)
			rc = frs_tmpl_set(r, "router_id", rid);
		for (size_t k = from; k < to && !rc; k++)
			rc = neighbor_data(r, &c->v->peers[k], c->opts->frr_version);
		if (!rc)
			rc = frs_tmpl_set_list(r, "afs");
		if (!rc)
			rc = router_af(c, r, from, to, AF_INET);
		if (!rc)
			rc = router_af(c, r, from, to, AF_INET6);
	}
	return rc;
}

static enum frs_err bfd_data(struct rctx *c, struct frs_tmpl_data *root)
{
	enum frs_err rc = frs_tmpl_set_bool(root, "has_bfd", c->v->nbfd_profiles > 0);

	for (size_t i = 0; i < c->v->nbfd_profiles && !rc; i++) {
		const struct frs_bfd_profile *b = c->v->bfd_profiles[i];
		struct frs_tmpl_data *it;

		rc = frs_tmpl_add(&it, root, "bfd_profiles");
		if (rc)
			break;
		rc = frs_tmpl_set(it, "name", b->obj.name);
		/* bfdd 8.4 hides its defaults: 3, 300, 300, 50, 254 */
#define BFD_NUM(key, has, val, def)                                                  \
	if (!rc)                                                                     \
		rc = (has) && (val) != (def) ? frs_tmpl_setf(it, key, "%u", (val)) : \
					       frs_tmpl_set(it, key, "")
		BFD_NUM("detect_multiplier", b->has_detect_multiplier, b->detect_multiplier, 3u);
		BFD_NUM("transmit_interval", b->has_transmit_interval, b->transmit_interval, 300u);
		BFD_NUM("receive_interval", b->has_receive_interval, b->receive_interval, 300u);
		BFD_NUM("echo_interval", b->has_echo_interval, b->echo_interval, 50u);
		BFD_NUM("minimum_ttl", b->has_minimum_ttl, b->minimum_ttl, 254u);
#undef BFD_NUM
		if (!rc)
			rc = frs_tmpl_set_bool(it, "passive_mode",
					       b->has_passive_mode && b->passive_mode);
		if (!rc)
			rc = frs_tmpl_set_bool(it, "echo_mode", b->has_echo_mode && b->echo_mode);
	}
	return rc;
}

static const char *frr_log_level(const char *l)
{
	static const struct {
		const char *metallb, *frr;
	} map[] = {
		{ "all", "debugging" },  { "debug", "debugging" }, { "info", "informational" },
		{ "warn", "warnings" },  { "error", "errors" },    { "none", "emergencies" },
	};

	for (size_t i = 0; l && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].metallb, l) == 0)
			return map[i].frr;
	return "informational";
}

static const char *const template_names[] = { "header", "router", "filters", "tail" };
/* FRR 10.x prints prefix-lists and route-maps (mgmtd's, held in its YANG datastore) first */
static const char *const template_names_10[] = { "header", "filters", "router", "tail" };

/* FRR 10.x lists prefix-lists and route-maps sorted by name (libyang keeps `ordered-by system`
 * lists sorted by key; strcmp for strings), IPv4 lists before IPv6 ones. */
static int plist_name_qcmp(const void *x, const void *y)
{
	const struct plist *a = *(const struct plist *const *)x, *b = *(const struct plist *const *)y;

	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* A peer's route-maps are `<id>-in` and `<id>-out`; no id holds a character below '-', so
 * sorting the ids sorts the maps' names. */
static const struct frs_view *qsort_view; /* qsort has no context argument */

static int peer_id_qcmp(const void *x, const void *y)
{
	return strcmp(qsort_view->peers[*(const size_t *)x].id,
		      qsort_view->peers[*(const size_t *)y].id);
}

/* Prefix-lists and route-maps in FRR 10.x's order. */
static enum frs_err filters_sorted(struct rctx *c, struct frs_tmpl_data *root)
{
	const struct plist **l = calloc(c->nlists ? c->nlists : 1, sizeof(*l));
	size_t *peer = calloc(c->v->npeers ? c->v->npeers : 1, sizeof(*peer));
	size_t n = 0;
	enum frs_err rc = FRS_OK;

	if (!l || !peer) {
		rc = FRS_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < c->nlists; i++)
		if (c->lists[i].canon == &c->lists[i])
			l[n++] = &c->lists[i];
	qsort(l, n, sizeof(*l), plist_name_qcmp);
	for (size_t i = 0; i < n && !rc; i++)
		rc = emit_plist(c, root, l[i]);
	for (size_t k = 0; k < c->v->npeers; k++)
		peer[k] = k;
	qsort_view = c->v;
	qsort(peer, c->v->npeers, sizeof(*peer), peer_id_qcmp);
	qsort_view = NULL;
	for (size_t k = 0; k < c->v->npeers && !rc; k++)
		rc = peer_rmaps(c, root, peer[k]);
done:
	free(l);
	free(peer);
	return rc;
}

enum frs_err frs_render_node(struct frs_buf *out, const struct frs_view *v,
			     const struct frs_render_opts *opts, struct frs_errlist *errs)
{
	static const struct frs_render_opts defaults = { 0 };
	struct rctx c = { 0 };
	struct frs_tmpl_data *root = NULL;
	struct frs_buf text = FRS_BUF_INIT;
	enum frs_err rc = FRS_OK;
	unsigned ver;
	bool frr10;

	if (!out || !v)
		return FRS_EARG;
	c.v = v;
	c.opts = opts ? opts : &defaults;
	c.errs = errs;
	ver = c.opts->frr_version ? c.opts->frr_version : 804;
	frr10 = ver >= 1000;
	if (c.opts->hostname) {
		const char *h = c.opts->hostname;

		for (; *h; h++)
			if (!((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') ||
			      (*h >= '0' && *h <= '9') || *h == '-' || *h == '.' || *h == '_'))
				return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINVALID),
							  "hostname %s cannot be used in frr.conf",
							  c.opts->hostname);
	}
	root = frs_tmpl_data_new();
	if (!root)
		return FRS_ENOMEM;

	for (size_t k = 0; k < v->npeers && !rc; k++) {
		rc = peer_lists(&c, k, AF_INET);
		if (!rc)
			rc = peer_lists(&c, k, AF_INET6);
	}
	if (!rc)
		rc = share_lists(&c);

	if (!rc)
		rc = frs_tmpl_set(root, "hostname", c.opts->hostname ? c.opts->hostname : "");
	if (!rc)
		rc = frs_tmpl_set(root, "loglevel", frr_log_level(c.opts->log_level));
	if (!rc)
		rc = routers_data(&c, root);
	if (!rc)
		rc = frs_tmpl_set_list(root, "pl4");
	if (!rc)
		rc = frs_tmpl_set_list(root, "pl6");
	if (!rc)
		rc = frs_tmpl_set_list(root, "routemaps");
	/* per peer: its v4 lists, then (below) its v6 lists, each in kind order (8.x: the order
	 * of creation); 10.x sorts them */
	for (size_t i = 0; i < c.nlists && !rc && !frr10; i++)
		if (c.lists[i].canon == &c.lists[i])
			rc = emit_plist(&c, root, &c.lists[i]);
	if (!rc && frr10)
		rc = filters_sorted(&c, root);
	if (!rc) {
		bool v4 = false, v6 = false;

		for (size_t i = 0; i < c.nlists; i++) {
			v4 |= c.lists[i].family == AF_INET;
			v6 |= c.lists[i].family == AF_INET6;
		}
		rc = frs_tmpl_set_bool(root, "has_pl4", v4);
		if (!rc)
			rc = frs_tmpl_set_bool(root, "has_pl6", v6);
	}
	for (size_t k = 0; k < v->npeers && !rc && !frr10; k++)
		rc = peer_rmaps(&c, root, k);
	/* 9.0+ (traditional profile): zebra resolves via the default route unless told not to,
	 * and does not print the default */
	if (!rc)
		rc = frs_tmpl_set_bool(root, "nht_shown", ver < 900);
	if (!rc)
		rc = frs_tmpl_set_list(root, "bfd_profiles");
	if (!rc)
		rc = bfd_data(&c, root);

	for (size_t i = 0; i < sizeof(template_names) / sizeof(template_names[0]) && !rc; i++) {
		struct frs_tmpl *t = NULL;
		size_t len = 0;
		const char *name = frr10 ? template_names_10[i] : template_names[i];
		const char *src = frs_tmpl_embedded(name, &len);

		if (!src) {
			rc = FRS_ENOTFOUND;
			break;
		}
		rc = frs_tmpl_compile(&t, name, src, len, errs);
		if (!rc)
			rc = frs_tmpl_render(&text, t, root, errs);
		frs_tmpl_free(t);
	}
	if (!rc)
		rc = frs_buf_add(out, text.ptr ? text.ptr : "", text.len);

	frs_buf_dispose(&text);
	for (size_t i = 0; i < c.nlists; i++) {
		free(c.lists[i].pfx);
		free(c.lists[i].name);
	}
	free(c.lists);
	frs_tmpl_data_free(root);
	return rc;
}
