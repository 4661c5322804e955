/* SPDX-License-Identifier: MIT */
/* Cross-object rules YANG cannot express: overlaps, aggregation against pools, per-node peer conflicts. */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <frrshim/buf.h>

#include "frrgen/validate.h"

typedef unsigned __int128 u128;

struct rc {
	const struct frs_model *m;
	struct frs_errlist *errs;
	enum frs_err fatal;
};

static void vreport(struct rc *c, enum frs_severity sev, const struct frs_object *o,
		    const char *path, const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

static void vreport(struct rc *c, enum frs_severity sev, const struct frs_object *o,
		    const char *path, const char *fmt, va_list ap)
{
	struct frs_loc loc = frs_object_loc(o, path);

	if (frs_errlist_vreport(c->errs, FRS_DIAG(.sev = sev, .code = FRS_EINVALID, .loc = &loc,
				.kind = frs_kind_name(o->kind), .ns = o->ns, .name = o->name,
				.path = path), fmt, ap) == FRS_ENOMEM)
		c->fatal = FRS_ENOMEM;
}

static void report(struct rc *c, enum frs_severity sev, const struct frs_object *o,
		   const char *path, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(struct rc *c, enum frs_severity sev, const struct frs_object *o,
		   const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, sev, o, path, fmt, ap);
	va_end(ap);
}

static bool str_eq(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* "ns/name" of an object, for messages */
static const char *ref(const struct frs_object *o, char *buf, size_t size)
{
	if (o->ns)
		snprintf(buf, size, "%s/%s", o->ns, o->name);
	else
		snprintf(buf, size, "%s", o->name);
	return buf;
}

/* ------------------------------------------------------------------ prefixes */

static u128 pfx_start(const struct frs_prefix *p)
{
	int n = p->family == AF_INET ? 4 : 16;
	u128 v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 8) | p->addr[i];
	return v;
}

static u128 pfx_end(const struct frs_prefix *p)
{
	int bits = p->family == AF_INET ? 32 : 128;
	u128 host = (unsigned)bits - p->len >= 128 ? ~(u128)0 :
		    (((u128)1) << (bits - (int)p->len)) - 1;

	return pfx_start(p) | host;
}

static const char *family_name(int family)
{
	return family == AF_INET ? "IPv4" : "IPv6";
}

/* ------------------------------------------------------------------ duplicates by name */

/* The model keeps input order among equal names: the later one is the duplicate. */
#define DUP_NAMES(c, arr, n)                                                                   \
	do {                                                                                   \
		for (size_t i_ = 1; i_ < (n); i_++) {                                          \
			const struct frs_object *a_ = &(arr)[i_ - 1].obj, *b_ = &(arr)[i_].obj;  \
			if (str_eq(a_->ns, b_->ns) && str_eq(a_->name, b_->name))              \
				dup_name(c, a_, b_);                                           \
		}                                                                              \
	} while (0)

static void dup_name(struct rc *c, const struct frs_object *first, const struct frs_object *dup)
{
	struct frs_loc l = frs_object_loc(first, "metadata.name");

	report(c, FRS_SEV_ERROR, dup, "metadata.name",
	       "duplicate definition: %s %s is already defined at %s:%u:%u",
	       frs_kind_name(dup->kind), dup->name, l.file ? l.file : "?", l.line, l.column);
}

static void check_duplicate_names(struct rc *c)
{
	const struct frs_model *m = c->m;

	DUP_NAMES(c, m->peers, m->npeers);
	DUP_NAMES(c, m->pools, m->npools);
	DUP_NAMES(c, m->bgpadvs, m->nbgpadvs);
	DUP_NAMES(c, m->l2advs, m->nl2advs);
	DUP_NAMES(c, m->communities, m->ncommunities);
	DUP_NAMES(c, m->bfd_profiles, m->nbfd_profiles);
	DUP_NAMES(c, m->secrets, m->nsecrets);
	DUP_NAMES(c, m->services, m->nservices);
	DUP_NAMES(c, m->nodes, m->nnodes);
}

/* ------------------------------------------------------------------ one namespace */

static void ns_count(const struct frs_object *o, const char **names, size_t *counts, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (str_eq(names[i], o->ns))
			break;
	if (i == *n) {
		names[i] = o->ns ? o->ns : "";
		counts[i] = 0;
		(*n)++;
	}
	counts[i]++;
}

#define FOR_METALLB(m, o, body)                                                                \
	do {                                                                                   \
		for (size_t k_ = 0; k_ < (m)->npeers; k_++) { o = &(m)->peers[k_].obj; body; }  \
		for (size_t k_ = 0; k_ < (m)->npools; k_++) { o = &(m)->pools[k_].obj; body; }  \
		for (size_t k_ = 0; k_ < (m)->nbgpadvs; k_++) { o = &(m)->bgpadvs[k_].obj; body; } \
		for (size_t k_ = 0; k_ < (m)->nl2advs; k_++) { o = &(m)->l2advs[k_].obj; body; } \
		for (size_t k_ = 0; k_ < (m)->ncommunities; k_++) { o = &(m)->communities[k_].obj; body; } \
		for (size_t k_ = 0; k_ < (m)->nbfd_profiles; k_++) { o = &(m)->bfd_profiles[k_].obj; body; } \
	} while (0)

/*
 * MetalLB reads its resources from its own namespace only (and its webhooks refuse others):
 * a set spread over namespaces is partly ignored. The namespace most objects use wins.
 */
static void check_one_namespace(struct rc *c)
{
	const struct frs_model *m = c->m;
	size_t total = m->npeers + m->npools + m->nbgpadvs + m->nl2advs + m->ncommunities +
		       m->nbfd_profiles;
	const char **names;
	size_t *counts, n = 0, best = 0;
	const struct frs_object *o;

	if (total < 2)
		return;
	names = calloc(total, sizeof(*names));
	counts = calloc(total, sizeof(*counts));
	if (!names || !counts) {
		c->fatal = FRS_ENOMEM;
		goto done;
	}
	FOR_METALLB(m, o, ns_count(o, names, counts, &n));
	if (n < 2)
		goto done;
	for (size_t i = 1; i < n; i++)
		if (counts[i] > counts[best] ||
		    (counts[i] == counts[best] && strcmp(names[i], names[best]) < 0))
			best = i;
	FOR_METALLB(m, o, {
		if (!str_eq(o->ns, names[best]))
			report(c, FRS_SEV_ERROR, o, "metadata.namespace",
			       "must be %s like the other MetalLB resources (MetalLB reads only its "
			       "own namespace), got \"%s\"", names[best], o->ns ? o->ns : "");
	});
done:
	free(names);
	free(counts);
}

/* ------------------------------------------------------------------ pools */

struct span {
	const struct frs_pool *pool;
	size_t entry;
	int family;
	u128 start, end;
};

static int cmp_span(const void *pa, const void *pb)
{
	const struct span *a = pa, *b = pb;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end > b->end ? -1 : 1; /* the wider first: it contains the other */
	if (a->pool != b->pool)
		return a->pool < b->pool ? -1 : 1;
	return a->entry < b->entry ? -1 : a->entry > b->entry;
}

/* Of two overlapping entries, the one later in the model is the one reported. */
static bool span_later(const struct span *a, const struct span *b)
{
	if (a->pool != b->pool)
		return a->pool > b->pool;
	return a->entry > b->entry;
}

/*
 * No address may be in two pools, nor twice in one (MetalLB: "overlaps with"). Sorted by
 * start, each span is compared with the widest-reaching one before it: one report per
 * overlapping pair of entries, in O(n log n).
 */
static void check_pool_overlaps(struct rc *c)
{
	const struct frs_model *m = c->m;
	struct span *v;
	size_t n = 0, last_a = SIZE_MAX, last_b = SIZE_MAX;
	const struct frs_pool *last_pa = NULL, *last_pb = NULL;

	for (size_t i = 0; i < m->npools; i++)
		n += m->pools[i].ncidrs;
	if (n < 2)
		return;
	v = calloc(n, sizeof(*v));
	if (!v) {
		c->fatal = FRS_ENOMEM;
		return;
	}
	n = 0;
	for (size_t i = 0; i < m->npools; i++) {
		const struct frs_pool *p = &m->pools[i];

		for (size_t j = 0; j < p->ncidrs; j++) {
			v[n].pool = p;
			v[n].entry = p->cidr_entry[j];
			v[n].family = p->cidrs[j].family;
			v[n].start = pfx_start(&p->cidrs[j]);
			v[n].end = pfx_end(&p->cidrs[j]);
			n++;
		}
	}
	qsort(v, n, sizeof(*v), cmp_span);
	for (size_t i = 1, reach = 0; i < n; i++) {
		const struct span *a = &v[reach], *b = &v[i], *rep, *other;
		char path[64], who[300];

		if (a->family != b->family) {
			reach = i;
			continue;
		}
		if (b->start <= a->end && !(a->pool == b->pool && a->entry == b->entry)) {
			rep = span_later(b, a) ? b : a;
			other = rep == b ? a : b;
			/* a range summarised into several CIDRs overlaps once, not per CIDR */
			if (!(last_pa == rep->pool && last_a == rep->entry && last_pb == other->pool &&
			      last_b == other->entry)) {
				snprintf(path, sizeof(path), "spec.addresses[%zu]", rep->entry);
				if (other->pool == rep->pool)
					snprintf(who, sizeof(who), "spec.addresses[%zu] \"%s\" of the same pool",
						 other->entry, other->pool->addresses[other->entry]);
				else
					snprintf(who, sizeof(who), "IPAddressPool %s/%s spec.addresses[%zu] \"%s\"",
						 other->pool->obj.ns ? other->pool->obj.ns : "",
						 other->pool->obj.name, other->entry,
						 other->pool->addresses[other->entry]);
				report(c, FRS_SEV_ERROR, &rep->pool->obj, path,
				       "\"%s\" overlaps %s: an address may belong to one pool entry only",
				       rep->pool->addresses[rep->entry], who);
				last_pa = rep->pool;
				last_a = rep->entry;
				last_pb = other->pool;
				last_b = other->entry;
			}
		}
		if (b->end > v[reach].end)
			reach = i;
	}
	free(v);
}

/* ------------------------------------------------------------------ advertisements */

static bool name_in(char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

static bool pool_has_family(const struct frs_pool *p, int family)
{
	for (size_t i = 0; i < p->ncidrs; i++)
		if (p->cidrs[i].family == family)
			return true;
	return false;
}

/*
 * An aggregate shorter than an entry's widest CIDR would announce addresses outside the
 * pool (MetalLB validateBGPAdvPerPool); checked per family, which MetalLB's message muddles.
 */
static void check_aggregation(struct rc *c)
{
	const struct frs_model *m = c->m;
	unsigned char *shortest = NULL; /* per pool entry: its widest CIDR's length, 129 if none */
	int *family = NULL;
	size_t *first = NULL;           /* where each pool's entries start in the two above */
	size_t total = 0;

	/* one pass over every CIDR (a range of 40k addresses is many), not one per entry */
	if (!(first = calloc(m->npools + 1, sizeof(*first))))
		goto nomem;
	for (size_t j = 0; j < m->npools; j++) {
		first[j] = total;
		total += m->pools[j].naddresses;
	}
	first[m->npools] = total;
	if (total && (!(shortest = malloc(total)) || !(family = calloc(total, sizeof(*family)))))
		goto nomem;
	if (total)
		memset(shortest, 129, total);
	for (size_t j = 0; j < m->npools; j++) {
		const struct frs_pool *p = &m->pools[j];

		for (size_t k = 0; k < p->ncidrs; k++) {
			size_t e = first[j] + p->cidr_entry[k];
			if (p->cidr_entry[k] < p->naddresses && p->cidrs[k].len < shortest[e]) {
				shortest[e] = (unsigned char)p->cidrs[k].len;
				family[e] = p->cidrs[k].family;
			}
		}
	}
	for (size_t i = 0; i < m->nbgpadvs; i++) {
		const struct frs_bgpadv *a = &m->bgpadvs[i];

		for (size_t j = 0; j < m->npools; j++) {
			const struct frs_pool *p = &m->pools[j];

			if (!frs_bgpadv_selects_pool(a, p))
				continue;
			for (size_t e = 0; e < p->naddresses; e++) {
				int fam = family[first[j] + e], agg;
				unsigned len = shortest[first[j] + e];
				char who[300];

				if (!fam)
					continue;
				agg = fam == AF_INET ? a->aggregation_length : a->aggregation_length_v6;
				if (agg >= (int)len)
					continue;
				report(c, FRS_SEV_ERROR, &a->obj,
				       fam == AF_INET ? "spec.aggregationLength" : "spec.aggregationLengthV6",
				       "must be at least %u for IPAddressPool %s spec.addresses[%zu] \"%s\" "
				       "(an %s /%d aggregate would cover addresses outside the pool), got %d",
				       len, ref(&p->obj, who, sizeof(who)), e, p->addresses[e],
				       family_name(fam), agg, agg);
			}
		}
	}
	goto done;
nomem:
	c->fatal = FRS_ENOMEM;
done:
	free(shortest);
	free(family);
	free(first);
}

static bool expr_eq(const struct frs_sel_expr *x, const struct frs_sel_expr *y)
{
	if (strcmp(x->key, y->key) || x->op != y->op || x->nvalues != y->nvalues)
		return false;
	for (size_t j = 0; j < x->nvalues; j++)
		if (strcmp(x->values[j], y->values[j]))
			return false;
	return true;
}

static bool sel_eq(const struct frs_selector *a, const struct frs_selector *b)
{
	if (a->match_labels.n != b->match_labels.n || a->nexprs != b->nexprs)
		return false;
	for (size_t i = 0; i < a->match_labels.n; i++)
		if (strcmp(a->match_labels.keys[i], b->match_labels.keys[i]) ||
		    strcmp(a->match_labels.values[i], b->match_labels.values[i]))
			return false;
	for (size_t i = 0; i < a->nexprs; i++) {
		if (!expr_eq(&a->exprs[i], &b->exprs[i]))
			return false;
	}
	return true;
}

static bool sels_eq(const struct frs_selectors *a, const struct frs_selectors *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!sel_eq(&a->v[i], &b->v[i]))
			return false;
	return true;
}

static bool names_eq(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return true;
}

static bool adv_eq(const struct frs_bgpadv *a, const struct frs_bgpadv *b)
{
	return str_eq(a->obj.ns, b->obj.ns) && a->aggregation_length == b->aggregation_length &&
	       a->aggregation_length_v6 == b->aggregation_length_v6 &&
	       a->local_pref == b->local_pref &&
	       names_eq(a->communities, a->ncommunities, b->communities, b->ncommunities) &&
	       names_eq(a->pools, a->npools, b->pools, b->npools) &&
	       names_eq(a->peers, a->npeers, b->peers, b->npeers) &&
	       sels_eq(&a->pool_selectors, &b->pool_selectors) &&
	       sels_eq(&a->node_selectors, &b->node_selectors) &&
	       sels_eq(&a->service_selectors, &b->service_selectors);
}

/* Nodes an object's selectors pick; with no Node in the input every node is possible. */
static bool nodes_intersect(const struct frs_model *m, const struct frs_selectors *a,
			    const struct frs_selectors *b, const char **node)
{
	*node = NULL;
	if (!m->nnodes)
		return true;
	for (size_t i = 0; i < m->nnodes; i++)
		if (frs_selectors_match(a, &m->nodes[i].obj.labels, true) &&
		    frs_selectors_match(b, &m->nodes[i].obj.labels, true)) {
			*node = m->nodes[i].obj.name;
			return true;
		}
	return false;
}

static bool peers_disjoint(const struct frs_bgpadv *a, const struct frs_bgpadv *b)
{
	if (!a->npeers || !b->npeers)
		return false;
	for (size_t i = 0; i < a->npeers; i++)
		if (name_in(b->peers, b->npeers, a->peers[i]))
			return false;
	return true;
}

/*
 * With serviceSelectors the webhook leaves localPref to the speaker, which refuses to merge two
 * advertisements of one prefix with different localPref and announces nothing for the Service
 * (conflictingAdvertisements). Lint sees the Services of the set: it warns for the first one
 * both select, in a pool both announce, with the same aggregation for its family.
 */
static void service_conflict(struct rc *c, const struct frs_bgpadv *a, const struct frs_bgpadv *b)
{
	const struct frs_model *m = c->m;
	char who[300];

	for (size_t s = 0; s < m->nservices; s++) {
		const struct frs_service *svc = &m->services[s];

		if (!frs_selectors_match(&a->service_selectors, &svc->obj.labels, true) ||
		    !frs_selectors_match(&b->service_selectors, &svc->obj.labels, true))
			continue;
		for (size_t i = 0; i < svc->ningress_ips; i++) {
			const struct frs_pool *p;
			struct frs_prefix ip;

			if (!frs_ip_parse(&ip, svc->ingress_ips[i]) ||
			    !(p = frs_model_pool_of(m, &ip)) || !frs_bgpadv_selects_pool(a, p) ||
			    !frs_bgpadv_selects_pool(b, p) ||
			    (ip.family == AF_INET ? a->aggregation_length != b->aggregation_length :
			     a->aggregation_length_v6 != b->aggregation_length_v6))
				continue;
			report(c, FRS_SEV_WARNING, &b->obj, "spec.localPref",
			       "%u conflicts with localPref %u of BGPAdvertisement %s for Service "
			       "%s/%s (%s): MetalLB does not announce the Service", b->local_pref,
			       a->local_pref, ref(&a->obj, who, sizeof(who)),
			       svc->obj.ns ? svc->obj.ns : "", svc->obj.name, svc->ingress_ips[i]);
			return;
		}
	}
}

/*
 * Two advertisements of one pool to the same peers on the same nodes must agree on
 * localPref, unless their aggregation lengths differ for every family in the pool
 * (MetalLB BGPAdvertisementsHaveCompatibleLocalPref). serviceSelectors are left to the
 * speaker, per service, as MetalLB does. Identical advertisements are a duplicate.
 */
static void check_advertisement_pairs(struct rc *c)
{
	const struct frs_model *m = c->m;

	for (size_t j = 1; j < m->nbgpadvs; j++) {
		const struct frs_bgpadv *b = &m->bgpadvs[j];

		for (size_t i = 0; i < j; i++) {
			const struct frs_bgpadv *a = &m->bgpadvs[i];
			const char *node;
			char who[300], pw[300];

			/* MetalLB compares whole objects (names too): two names, one spec, is legal */
			if (adv_eq(a, b)) {
				/* once, against the first: n copies are n - 1 warnings, not n² / 2,
				 * and b's other pairs are a's */
				report(c, FRS_SEV_WARNING, &b->obj, "spec",
				       "is identical to BGPAdvertisement %s: one of them is redundant",
				       ref(&a->obj, who, sizeof(who)));
				break;
			}
			if (a->local_pref == b->local_pref || peers_disjoint(a, b) ||
			    !nodes_intersect(m, &a->node_selectors, &b->node_selectors, &node))
				continue;
			if (a->service_selectors.n || b->service_selectors.n) {
				service_conflict(c, a, b);
				continue;
			}
			for (size_t k = 0; k < m->npools; k++) {
				const struct frs_pool *p = &m->pools[k];
				bool v4 = pool_has_family(p, AF_INET), v6 = pool_has_family(p, AF_INET6);

				if (!frs_bgpadv_selects_pool(a, p) || !frs_bgpadv_selects_pool(b, p))
					continue;
				if ((!v4 || a->aggregation_length != b->aggregation_length) &&
				    (!v6 || a->aggregation_length_v6 != b->aggregation_length_v6))
					continue;
				report(c, FRS_SEV_ERROR, &b->obj, "spec.localPref",
				       "%u conflicts with localPref %u of BGPAdvertisement %s: both "
				       "announce IPAddressPool %s with the same aggregation length to the "
				       "same peers%s%s",
				       b->local_pref, a->local_pref, ref(&a->obj, who, sizeof(who)),
				       ref(&p->obj, pw, sizeof(pw)), node ? " on node " : "",
				       node ? node : "");
				break;
			}
		}
	}
}

/* A peer listed by name that does not exist gets no route: likely a typo. */
static void check_advertisement_peers(struct rc *c)
{
	const struct frs_model *m = c->m;

	for (size_t i = 0; i < m->nbgpadvs; i++) {
		const struct frs_bgpadv *a = &m->bgpadvs[i];

		for (size_t j = 0; j < a->npeers; j++) {
			char path[64];

			if (frs_model_peer(m, a->obj.ns, a->peers[j]))
				continue;
			snprintf(path, sizeof(path), "spec.peers[%zu]", j);
			report(c, FRS_SEV_WARNING, &a->obj, path,
			       "names no BGPPeer in namespace %s: nothing is announced to \"%s\"",
			       a->obj.ns ? a->obj.ns : "", a->peers[j]);
		}
	}
}

/* A pool named that does not exist: MetalLB skips the name (setBGPAdvertisementsToPools). */
static void pools_named(struct rc *c, const struct frs_object *o, char *const *pools, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		char path[64];

		if (frs_model_pool(c->m, o->ns ? o->ns : "", pools[j]))
			continue;
		snprintf(path, sizeof(path), "spec.ipAddressPools[%zu]", j);
		report(c, FRS_SEV_WARNING, o, path,
		       "names no IPAddressPool in namespace %s: nothing is announced for \"%s\"",
		       o->ns ? o->ns : "", pools[j]);
	}
}

static void check_advertisement_pools(struct rc *c)
{
	for (size_t i = 0; i < c->m->nbgpadvs; i++)
		pools_named(c, &c->m->bgpadvs[i].obj, c->m->bgpadvs[i].pools,
			    c->m->bgpadvs[i].npools);
	for (size_t i = 0; i < c->m->nl2advs; i++)
		pools_named(c, &c->m->l2advs[i].obj, c->m->l2advs[i].pools, c->m->l2advs[i].npools);
}

/*
 * FRR never sends LOCAL_PREF to an eBGP peer: a localPref whose peers are all eBGP does nothing
 * (MetalLB renders it all the same). Said, so that nobody counts on it.
 */
static void check_localpref_ebgp(struct rc *c)
{
	const struct frs_model *m = c->m;
	struct frs_buf names = FRS_BUF_INIT;

	for (size_t i = 0; i < m->nbgpadvs; i++) {
		const struct frs_bgpadv *a = &m->bgpadvs[i];
		size_t n = 0;
		bool ibgp = false;

		if (!a->local_pref)
			continue;
		frs_buf_clear(&names);
		for (size_t j = 0; j < m->npeers && !ibgp; j++) {
			const struct frs_peer *p = &m->peers[j];

			if (!frs_bgpadv_selects_peer(a, p))
				continue;
			if (frs_peer_is_ibgp(p)) {
				ibgp = true;
				break;
			}
			if (frs_buf_addf(&names, "%s%s", n ? ", " : "", p->obj.name))
				c->fatal = FRS_ENOMEM;
			n++;
		}
		if (ibgp || !n)
			continue;
		report(c, FRS_SEV_WARNING, &a->obj, "spec.localPref",
		       "%u is never sent: %s %s %s eBGP (FRR sends LOCAL_PREF to iBGP peers only)",
		       a->local_pref, n == 1 ? "its only BGPPeer" : "its BGPPeers",
		       frs_buf_cstr(&names), n == 1 ? "is" : "are all");
	}
	frs_buf_dispose(&names);
}

/* ------------------------------------------------------------------ communities */

/* Aliases are global across Community objects (MetalLB "duplicate definition of community"). */
static void check_community_aliases(struct rc *c)
{
	const struct frs_model *m = c->m;

	for (size_t i = 0; i < m->ncommunities; i++) {
		const struct frs_community *ci = &m->communities[i];

		for (size_t a = 0; a < ci->naliases; a++) {
			const char *name = ci->aliases[a].name;
			bool found = false;

			for (size_t j = 0; j <= i && !found; j++) {
				const struct frs_community *cj = &m->communities[j];
				size_t end = j == i ? a : cj->naliases;

				for (size_t b = 0; b < end; b++) {
					char path[64], who[300];

					if (strcmp(cj->aliases[b].name, name) || !str_eq(ci->obj.ns, cj->obj.ns))
						continue;
					snprintf(path, sizeof(path), "spec.communities[%zu].name", a);
					if (j == i)
						report(c, FRS_SEV_ERROR, &ci->obj, path,
						       "alias \"%s\" is already defined by spec.communities[%zu] "
						       "of the same Community", name, b);
					else
						report(c, FRS_SEV_ERROR, &ci->obj, path,
						       "alias \"%s\" is already defined by Community %s "
						       "spec.communities[%zu]", name,
						       ref(&cj->obj, who, sizeof(who)), b);
					found = true;
					break;
				}
			}
		}
	}
}

/* ------------------------------------------------------------------ selectors */

/* MetalLB validateLabelSelectorMatchExpressions: one expression twice (values as a set). */
static void dup_exprs(struct rc *c, const struct frs_object *o, const char *field, size_t k,
		      const struct frs_selector *sel)
{
	for (size_t j = 1; j < sel->nexprs; j++)
		for (size_t i = 0; i < j; i++)
			if (expr_eq(&sel->exprs[i], &sel->exprs[j])) {
				char path[128];

				snprintf(path, sizeof(path), "spec.%s[%zu].matchExpressions[%zu]", field,
					 k, j);
				report(c, FRS_SEV_ERROR, o, path, "duplicate of matchExpressions[%zu]",
				       i);
				break;
			}
}

static void dup_selectors(struct rc *c, const struct frs_object *o, const char *field,
			  const struct frs_selectors *s)
{
	for (size_t k = 0; k < s->n; k++)
		dup_exprs(c, o, field, k, &s->v[k]);
	for (size_t j = 1; j < s->n; j++)
		for (size_t i = 0; i < j; i++)
			if (sel_eq(&s->v[i], &s->v[j])) {
				char path[96];

				snprintf(path, sizeof(path), "spec.%s[%zu]", field, j);
				report(c, FRS_SEV_ERROR, o, path, "duplicate of spec.%s[%zu]", field, i);
				break;
			}
}

/* MetalLB rejects duplicate selectors in every selector list. */
static void check_duplicate_selectors(struct rc *c)
{
	const struct frs_model *m = c->m;

	for (size_t i = 0; i < m->npeers; i++)
		dup_selectors(c, &m->peers[i].obj, "nodeSelectors", &m->peers[i].node_selectors);
	for (size_t i = 0; i < m->npools; i++) {
		dup_selectors(c, &m->pools[i].obj, "serviceAllocation.namespaceSelectors",
			      &m->pools[i].alloc_namespace_selectors);
		dup_selectors(c, &m->pools[i].obj, "serviceAllocation.serviceSelectors",
			      &m->pools[i].alloc_service_selectors);
	}
	for (size_t i = 0; i < m->nbgpadvs; i++) {
		const struct frs_bgpadv *a = &m->bgpadvs[i];

		dup_selectors(c, &a->obj, "ipAddressPoolSelectors", &a->pool_selectors);
		dup_selectors(c, &a->obj, "nodeSelectors", &a->node_selectors);
		dup_selectors(c, &a->obj, "serviceSelectors", &a->service_selectors);
	}
	for (size_t i = 0; i < m->nl2advs; i++) {
		const struct frs_l2adv *a = &m->l2advs[i];

		dup_selectors(c, &a->obj, "ipAddressPoolSelectors", &a->pool_selectors);
		dup_selectors(c, &a->obj, "nodeSelectors", &a->node_selectors);
		dup_selectors(c, &a->obj, "serviceSelectors", &a->service_selectors);
	}
}

/* ------------------------------------------------------------------ peers */

static const char *peer_where(const struct frs_peer *p)
{
	return p->address ? "spec.peerAddress" : "spec.interface";
}

static void node_clause(struct frs_buf *b, const struct frs_model *m, const char *node)
{
	if (node)
		frs_buf_addf(b, "both select node %s", node);
	else if (!m->nnodes)
		frs_buf_puts(b, "no Node is given, so both may run on every node");
	else
		frs_buf_puts(b, "both select the same node");
}

/*
 * FRR mode runs one bgpd per node: peers that can meet on a node must agree on the router ID
 * and, per VRF, on the local ASN, and a neighbor may appear once (MetalLB
 * checkFRRPeersCompatible; before it, FRR silently kept the last value).
 */
static void check_peer_pairs(struct rc *c)
{
	const struct frs_model *m = c->m;
	struct frs_buf msg = FRS_BUF_INIT;

	for (size_t j = 1; j < m->npeers; j++) {
		const struct frs_peer *b = &m->peers[j];

		for (size_t i = 0; i < j; i++) {
			const struct frs_peer *a = &m->peers[i];
			const char *node;
			const char *ida = a->address ? a->address : a->iface;
			const char *idb = b->address ? b->address : b->iface;
			char who[300];

			if (!nodes_intersect(m, &a->node_selectors, &b->node_selectors, &node))
				continue;
			ref(&a->obj, who, sizeof(who));
			if (!str_eq(a->router_id, b->router_id)) {
				frs_buf_clear(&msg);
				if (b->router_id)
					frs_buf_addf(&msg, "\"%s\"", b->router_id);
				else
					frs_buf_puts(&msg, "unset");
				frs_buf_addf(&msg, " differs from the routerID of BGPPeer %s (", who);
				if (a->router_id)
					frs_buf_addf(&msg, "\"%s\")", a->router_id);
				else
					frs_buf_puts(&msg, "unset)");
				frs_buf_puts(&msg, " and ");
				node_clause(&msg, m, node);
				frs_buf_puts(&msg, ": peers on one node must have the same routerID");
				report(c, FRS_SEV_ERROR, &b->obj, "spec.routerID", "%s", frs_buf_cstr(&msg));
			}
			if (ida && idb && !strcmp(ida, idb) && str_eq(a->vrf, b->vrf)) {
				frs_buf_clear(&msg);
				frs_buf_addf(&msg, "%s%s%s%s is also the neighbor of BGPPeer %s and ", idb,
					     b->vrf && *b->vrf ? " in VRF \"" : "",
					     b->vrf && *b->vrf ? b->vrf : "",
					     b->vrf && *b->vrf ? "\"" : "", who);
				node_clause(&msg, m, node);
				frs_buf_puts(&msg, ": FRR mode allows one BGPPeer per neighbor and node");
				report(c, FRS_SEV_ERROR, &b->obj, peer_where(b), "%s", frs_buf_cstr(&msg));
			}
			if (str_eq(a->vrf, b->vrf) && a->my_asn != b->my_asn) {
				frs_buf_clear(&msg);
				frs_buf_addf(&msg, "%u differs from BGPPeer %s (%u) in the same VRF (%s) and ",
					     b->my_asn, who, a->my_asn,
					     b->vrf && *b->vrf ? b->vrf : "default");
				node_clause(&msg, m, node);
				frs_buf_puts(&msg, ": one node has one local ASN per VRF");
				report(c, FRS_SEV_ERROR, &b->obj, "spec.myASN", "%s", frs_buf_cstr(&msg));
			}
		}
	}
	frs_buf_dispose(&msg);
}

/* BFD echo mode is IPv4-only in FRR (MetalLB: "has bfd echo enabled, which is not possible"). */
static void check_bfd_echo_ipv6(struct rc *c)
{
	const struct frs_model *m = c->m;

	for (size_t i = 0; i < m->npeers; i++) {
		const struct frs_peer *p = &m->peers[i];
		const struct frs_bfd_profile *bp;
		bool done = false;

		if (!p->bfd_profile)
			continue;
		bp = frs_model_bfd_profile(m, p->obj.ns, p->bfd_profile);
		if (!bp || !bp->echo_mode)
			continue;
		for (size_t j = 0; j < m->nbgpadvs && !done; j++) {
			const struct frs_bgpadv *a = &m->bgpadvs[j];
			const char *node;

			if (!frs_bgpadv_selects_peer(a, p) ||
			    !nodes_intersect(m, &a->node_selectors, &p->node_selectors, &node))
				continue;
			for (size_t k = 0; k < m->npools && !done; k++) {
				const struct frs_pool *pool = &m->pools[k];
				char aw[300], pw[300];

				if (!frs_bgpadv_selects_pool(a, pool) || !pool_has_family(pool, AF_INET6))
					continue;
				report(c, FRS_SEV_ERROR, &p->obj, "spec.bfdProfile",
				       "BFDProfile %s has echoMode enabled, which is not possible for a "
				       "peer that BGPAdvertisement %s sends the IPv6 addresses of "
				       "IPAddressPool %s", bp->obj.name, ref(&a->obj, aw, sizeof(aw)),
				       ref(&pool->obj, pw, sizeof(pw)));
				done = true;
			}
		}
	}
}

/* ------------------------------------------------------------------ entry point */

enum frs_err frs_rules_check(const struct frs_model *m, struct frs_errlist *errs)
{
	struct rc c;
	size_t before;

	if (!m || !errs)
		return FRS_EARG;
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.errs = errs;
	before = frs_errlist_count(errs, FRS_SEV_ERROR);
	check_duplicate_names(&c);
	check_one_namespace(&c);
	check_pool_overlaps(&c);
	check_aggregation(&c);
	check_advertisement_pairs(&c);
	check_advertisement_peers(&c);
	check_advertisement_pools(&c);
	check_localpref_ebgp(&c);
	check_community_aliases(&c);
	check_duplicate_selectors(&c);
	check_peer_pairs(&c);
	check_bfd_echo_ipv6(&c);
	if (c.fatal)
		return c.fatal;
	return frs_errlist_count(errs, FRS_SEV_ERROR) > before ? FRS_EINVALID : FRS_OK;
}
