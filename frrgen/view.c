/* SPDX-License-Identifier: MIT */
/* The node view: from the validated model, what one node announces to which peer, and why not. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <frrshim/buf.h>
#include <frrshim/view.h>

#include "../lib/vec.h"

#define EXCLUDE_LB_LABEL "node.kubernetes.io/exclude-from-external-load-balancers"

/* Community sets are interned: a million routes share a handful of sets. */
struct cset {
	struct frs_view_community *v;
	size_t n;
};

struct view_priv {
	struct cset *csets;
	size_t ncsets, capcsets;
	/* peers that must get the same routes share one array: rep[k] is the first peer of k's
	 * class (same family, iBGP or not, named by the same BGPAdvertisements) and owns it */
	size_t *rep;
};

/* A route being collected for one peer, before sorting and merging. */
struct pending {
	struct frs_view_route *v;
	size_t n, cap;
};

static const char *const reason_texts[] = {
	[FRS_VIEW_ANNOUNCED] = "announced",
	[FRS_VIEW_NO_POOL] = "no IPAddressPool contains the IP",
	[FRS_VIEW_NO_ADVERTISEMENT] = "no BGPAdvertisement selects the IPAddressPool",
	[FRS_VIEW_NODE_NOT_SELECTED] = "the BGPAdvertisement's nodeSelectors exclude this node",
	[FRS_VIEW_SERVICE_NOT_SELECTED] = "the BGPAdvertisement's serviceSelectors exclude the service",
	[FRS_VIEW_EXCLUDED_NODE] = ("the node has the label " EXCLUDE_LB_LABEL),
	[FRS_VIEW_NO_ENDPOINTS] = "the service has no ready endpoints",
	[FRS_VIEW_NO_LOCAL_ENDPOINTS] =
		"externalTrafficPolicy is Local and no ready endpoint is on this node",
	[FRS_VIEW_NETWORK_UNAVAILABLE] = "the node's network is unavailable (NetworkUnavailable)",
	[FRS_VIEW_NO_PEER] = "no BGPPeer of this node is selected by the BGPAdvertisement",
	[FRS_VIEW_FAMILY_MISMATCH] = "no BGP session of this node carries the IP's address family",
	[FRS_VIEW_NOT_LOADBALANCER] = "not a MetalLB service (type or loadBalancerClass)",
	[FRS_VIEW_NO_IP] = "no IP assigned yet (status.loadBalancer.ingress is empty)",
	[FRS_VIEW_CONFLICTING_ADVERTISEMENTS] =
		"conflicting localPref for the same prefix and peer",
};

const char *frs_view_reason_text(enum frs_view_reason r)
{
	if ((size_t)r < sizeof(reason_texts) / sizeof(reason_texts[0]) && reason_texts[r])
		return reason_texts[r];
	return "unknown";
}

void frs_view_community_str(const struct frs_view_community *c, char *buf, size_t size)
{
	if (c->large)
		snprintf(buf, size, "%u:%u:%u", c->a, c->b, c->c);
	else
		snprintf(buf, size, "%u:%u", c->a, c->b);
}

void frs_view_prefix_str(const struct frs_prefix *p, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN] = "";

	inet_ntop(p->family, p->addr, a, sizeof(a));
	snprintf(buf, size, "%s/%u", a, p->len);
}

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

int frs_view_prefix_cmp(const struct frs_prefix *a, const struct frs_prefix *b)
{
	int c;

	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	c = memcmp(a->addr, b->addr, addr_len(a->family));
	if (c)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

static int community_cmp(const struct frs_view_community *x, const struct frs_view_community *y)
{
	if (x->large != y->large)
		return x->large ? 1 : -1;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	if (x->c != y->c)
		return x->c < y->c ? -1 : 1;
	return 0;
}

static int community_qcmp(const void *x, const void *y)
{
	return community_cmp(x, y);
}

/* Sort @p v and drop repeats in place; returns how many are left. */
static size_t communities_sort_unique(struct frs_view_community *v, size_t n)
{
	size_t u = 0;

	if (n)
		qsort(v, n, sizeof(v[0]), community_qcmp);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || community_cmp(&v[u - 1], &v[i]) != 0)
			v[u++] = v[i];
	return u;
}

static void mask_prefix(struct frs_prefix *p, unsigned len)
{
	size_t n = addr_len(p->family);

	for (size_t i = 0; i < n; i++) {
		unsigned bit = (unsigned)i * 8;

		if (bit >= len)
			p->addr[i] = 0;
		else if (bit + 8 > len)
			p->addr[i] &= (uint8_t)(0xff << (8 - (len - bit)));
	}
	p->len = len;
}

static bool parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long long v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return false;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* "A:B" (16-bit parts) or "large:A:B:C" (32-bit parts), as MetalLB's community.New. */
static bool parse_community(const char *s, struct frs_view_community *out)
{
	char tmp[64];
	char *parts[3];
	size_t n = 0;
	struct frs_view_community c = { 0 };
	size_t len = strlen(s);

	if (strncmp(s, "large:", 6) == 0) {
		c.large = true;
		s += 6;
		len -= 6;
	}
	if (len == 0 || len >= sizeof(tmp))
		return false;
	memcpy(tmp, s, len + 1);
	for (char *p = tmp, *q; n < 3; p = q + 1) {
		parts[n++] = p;
		q = strchr(p, ':');
		if (!q)
			break;
		*q = '\0';
		if (n == 3)
			return false;
	}
	if (c.large) {
		if (n != 3 || !parse_u32(parts[0], UINT32_MAX, &c.a) ||
		    !parse_u32(parts[1], UINT32_MAX, &c.b) || !parse_u32(parts[2], UINT32_MAX, &c.c))
			return false;
	} else {
		if (n != 2 || !parse_u32(parts[0], 65535, &c.a) || !parse_u32(parts[1], 65535, &c.b))
			return false;
	}
	*out = c;
	return true;
}

/* A community as written on a BGPAdvertisement: a value or the name of a Community alias. */
static enum frs_err resolve_community(const struct frs_model *m, const struct frs_bgpadv *adv,
				      size_t idx, struct frs_view_community *out,
				      struct frs_errlist *errs)
{
	const char *s = adv->communities[idx];
	char path[64];

	if (parse_community(s, out))
		return FRS_OK;
	for (size_t i = 0; i < m->ncommunities; i++)
		for (size_t j = 0; j < m->communities[i].naliases; j++) {
			const struct frs_community_alias *a = &m->communities[i].aliases[j];

			if (strcmp(a->name, s) != 0)
				continue;
			if (parse_community(a->value, out))
				return FRS_OK;
			return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINVALID,
						  .kind = "Community",
						  .ns = m->communities[i].obj.ns,
						  .name = m->communities[i].obj.name,
						  .path = "spec.communities"),
						  "invalid community value for alias %s", a->name);
		}
	snprintf(path, sizeof(path), "spec.communities[%zu]", idx);
	{
		struct frs_loc loc = frs_object_loc(&adv->obj, path);

		return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINVALID,
					  .loc = loc.file ? &loc : NULL,
					  .kind = "BGPAdvertisement", .ns = adv->obj.ns,
					  .name = adv->obj.name, .path = path),
					  "community %s is neither A:B, large:A:B:C nor a Community alias",
					  s);
	}
}

/* A string that goes into frr.conf as one word: printable, no space, no '!' or '#'. */
static bool frr_word_ok(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (*s <= ' ' || *s >= 0x7f || *s == '!' || *s == '#')
			return false;
	return true;
}

/* FRR's if_cmp_name_func: interface names compare with their numbers as numbers. */
static int ifname_cmp(const char *p1, const char *p2)
{
	while (*p1 && *p2) {
		size_t l1 = strcspn(p1, "0123456789"), l2 = strcspn(p2, "0123456789");
		unsigned long x1, x2;
		char *e1, *e2;
		int res;

		if (l1 != l2)
			return strcmp(p1, p2);
		res = strncmp(p1, p2, l1);
		if (res)
			return res;
		p1 += l1;
		p2 += l1;
		if (!*p1 && !*p2)
			return 0;
		if (!*p1)
			return -1;
		if (!*p2)
			return 1;
		x1 = strtoul(p1, &e1, 10);
		x2 = strtoul(p2, &e2, 10);
		if (x1 != x2)
			return x1 < x2 ? -1 : 1;
		p1 = e1;
		p2 = e2;
	}
	if (*p1)
		return 1;
	if (*p2)
		return -1;
	return 0;
}

static const char *vrf_of(const struct frs_peer *p)
{
	return p->vrf ? p->vrf : "";
}

/* bgpd's neighbor order (peer_cmp): interfaces first, then IPv4, then IPv6, by address. */
static int peer_qcmp(const void *x, const void *y)
{
	const struct frs_view_peer *a = x, *b = y;
	int c = strcmp(vrf_of(a->peer), vrf_of(b->peer));
	struct frs_prefix pa, pb;

	if (c)
		return c;
	if (a->unnumbered != b->unnumbered)
		return a->unnumbered ? -1 : 1;
	if (a->unnumbered)
		return ifname_cmp(a->neighbor, b->neighbor);
	if (!frs_ip_parse(&pa, a->neighbor) || !frs_ip_parse(&pb, b->neighbor))
		return strcmp(a->neighbor, b->neighbor);
	return frs_view_prefix_cmp(&pa, &pb);
}

static int route_qcmp(const void *x, const void *y)
{
	const struct frs_view_route *a = x, *b = y;

	return frs_view_prefix_cmp(&a->prefix, &b->prefix);
}

static int bfd_qcmp(const void *x, const void *y)
{
	const struct frs_bfd_profile *a = *(const struct frs_bfd_profile *const *)x;
	const struct frs_bfd_profile *b = *(const struct frs_bfd_profile *const *)y;

	return strcmp(a->obj.name, b->obj.name);
}

/* Same communities in the same order. Field by field: the padding after `large` is whatever
 * the stack held (memcmp would read it, and tell equal sets apart at random). */
static bool cset_equal(const struct frs_view_community *x, const struct frs_view_community *y,
		       size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (community_cmp(&x[i], &y[i]) != 0)
			return false;
	return true;
}

/* Intern a sorted community set; the view owns the copy. */
static enum frs_err cset_intern(struct view_priv *pv, const struct frs_view_community *v,
				size_t n, const struct frs_view_community **out)
{
	struct frs_view_community *copy;

	if (n == 0) {
		*out = NULL;
		return FRS_OK;
	}
	for (size_t i = 0; i < pv->ncsets; i++) {
		const struct cset *s = &pv->csets[i];

		if (s->n == n && cset_equal(s->v, v, n)) {
			*out = s->v;
			return FRS_OK;
		}
	}
	if (FRS_VEC_RESERVE(pv->csets, pv->capcsets, pv->ncsets + 1))
		return FRS_ENOMEM;
	copy = malloc(n * sizeof(*copy));
	if (!copy)
		return FRS_ENOMEM;
	memcpy(copy, v, n * sizeof(*copy));
	pv->csets[pv->ncsets].v = copy;
	pv->csets[pv->ncsets].n = n;
	pv->ncsets++;
	*out = copy;
	return FRS_OK;
}

static enum frs_err pending_add(struct pending *p, const struct frs_view_route *r)
{
	return FRS_VEC_PUSH(p->v, p->n, p->cap, *r);
}

/* Sort one peer's routes and merge duplicates (the union of communities, the highest pref). */
static enum frs_err routes_finish(struct view_priv *pv, struct frs_view_peer *vp,
				  struct pending *p)
{
	struct frs_view_community *tmp = NULL;
	size_t out = 0, captmp = 0;
	enum frs_err rc = FRS_OK;

	if (p->n)
		qsort(p->v, p->n, sizeof(p->v[0]), route_qcmp);
	for (size_t i = 0; i < p->n;) {
		struct frs_view_route r = p->v[i];
		size_t j = i + 1, nt = 0;

		while (j < p->n && frs_view_prefix_cmp(&p->v[j].prefix, &r.prefix) == 0)
			j++;
		if (j - i > 1) {
			const struct frs_view_community *cs = NULL;

			for (size_t k = i; k < j; k++) {
				if (p->v[k].local_pref > r.local_pref)
					r.local_pref = p->v[k].local_pref;
				if ((rc = FRS_VEC_RESERVE(tmp, captmp, nt + p->v[k].ncommunities)))
					goto done;
				for (size_t c = 0; c < p->v[k].ncommunities; c++)
					tmp[nt++] = p->v[k].communities[c];
			}
			nt = communities_sort_unique(tmp, nt);
			if ((rc = cset_intern(pv, tmp, nt, &cs)))
				goto done;
			r.communities = (struct frs_view_community *)cs;
			r.ncommunities = nt;
		}
		p->v[out++] = r;
		i = j;
	}
	vp->routes = p->v;
	vp->nroutes = out;
	p->v = NULL;
	p->n = p->cap = 0;
done:
	free(tmp);
	return rc;
}

static enum frs_err labels_copy(struct frs_labels *dst, const struct frs_labels *src)
{
	memset(dst, 0, sizeof(*dst));
	if (!src || src->n == 0)
		return FRS_OK;
	dst->keys = calloc(src->n, sizeof(char *));
	dst->values = calloc(src->n, sizeof(char *));
	if (!dst->keys || !dst->values)
		return FRS_ENOMEM;
	for (size_t i = 0; i < src->n; i++) {
		dst->keys[i] = strdup(src->keys[i]);
		dst->values[i] = strdup(src->values[i]);
		dst->n = i + 1;
		if (!dst->keys[i] || !dst->values[i])
			return FRS_ENOMEM;
	}
	return FRS_OK;
}

static bool same_ns(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static enum frs_err peer_error(struct frs_errlist *errs, const struct frs_peer *p,
			       const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum frs_err peer_error(struct frs_errlist *errs, const struct frs_peer *p,
			       const char *path, const char *fmt, ...)
{
	struct frs_loc loc = frs_object_loc(&p->obj, path);
	enum frs_err rc;
	va_list ap;

	va_start(ap, fmt);
	rc = frs_errlist_vreport(errs, FRS_DIAG(.code = FRS_EINVALID, .loc = loc.file ? &loc : NULL,
				 .kind = "BGPPeer", .ns = p->obj.ns, .name = p->obj.name,
				 .path = path), fmt, ap);
	va_end(ap);
	return rc;
}

static enum frs_err build_peer(struct frs_view_peer *vp, const struct frs_model *m,
			       const struct frs_peer *p, struct frs_errlist *errs)
{
	struct frs_buf id = FRS_BUF_INIT;
	struct frs_prefix a;

	vp->peer = p;
	if (p->iface) {
		if (!frr_word_ok(p->iface))
			return peer_error(errs, p, "spec.interface",
					  "interface name cannot be used in frr.conf");
		vp->neighbor = p->iface;
		vp->unnumbered = true;
		vp->family = FRS_VIEW_FAM_DUAL;
	} else if (p->address && frs_ip_parse(&a, p->address)) {
		vp->neighbor = p->address;
		vp->family = a.family == AF_INET ? FRS_VIEW_FAM_V4 : FRS_VIEW_FAM_V6;
	} else {
		return peer_error(errs, p, "spec.peerAddress", "peer address %s is not an IP address",
				  p->address ? p->address : "(none)");
	}
	if (p->dual_stack)
		vp->family = FRS_VIEW_FAM_DUAL;
	if (p->vrf && *p->vrf && !frr_word_ok(p->vrf))
		return peer_error(errs, p, "spec.vrf", "VRF name cannot be used in frr.conf");
	vp->ibgp = frs_peer_is_ibgp(p);

	if (p->password) {
		vp->password = p->password;
	} else if (p->password_secret) {
		const char *ns = p->password_secret_ns ? p->password_secret_ns : p->obj.ns;
		const struct frs_secret *s = frs_model_secret(m, ns, p->password_secret);

		if (!s)
			return peer_error(errs, p, "spec.passwordSecret",
					  "Secret %s does not exist", p->password_secret);
		if (!s->password)
			return peer_error(errs, p, "spec.passwordSecret",
					  "Secret %s has no password key", p->password_secret);
		vp->password = s->password;
	}
	/* never echo the password itself in the error */
	if (vp->password && !frr_word_ok(vp->password))
		return peer_error(errs, p, p->password ? "spec.password" : "spec.passwordSecret",
				  "the password contains a space, a control character, '!' or '#'");

	if (frs_buf_puts(&id, vp->neighbor) ||
	    (p->vrf && *p->vrf && frs_buf_addf(&id, "-%s", p->vrf))) {
		frs_buf_dispose(&id);
		return FRS_ENOMEM;
	}
	vp->id = frs_buf_detach(&id);
	return vp->id ? FRS_OK : FRS_ENOMEM;
}

static bool family_ok(enum frs_view_family f, int af)
{
	return (f & (af == AF_INET ? FRS_VIEW_FAM_V4 : FRS_VIEW_FAM_V6)) != 0;
}

struct ep_addr {
	const char *addr;
	bool ok;
};

static int ep_addr_cmp(const void *x, const void *y)
{
	const struct ep_addr *a = x, *b = y;
	int c = strcmp(a->addr, b->addr);

	if (c)
		return c;
	return (int)a->ok - (int)b->ok; /* a false first: it wins */
}

/*
 * MetalLB's hasHealthyEndpoint over the Service's @p slices: readiness is per address; an address
 * counts when it can serve everywhere it appears (one not-serving endpoint with the address
 * outweighs the others), and an endpoint without addresses counts for nothing. @p node NULL:
 * every endpoint; else only this node's.
 */
static enum frs_err healthy(bool *out, const struct frs_endpointslice *const *slices,
			    size_t nslices, const char *node)
{
	struct ep_addr *v = NULL;
	size_t n = 0, cap = 0;

	*out = false;
	for (size_t i = 0; i < nslices; i++) {
		const struct frs_endpointslice *es = slices[i];

		for (size_t j = 0; j < es->nendpoints; j++) {
			const struct frs_endpoint *ep = &es->endpoints[j];

			if (node && (!ep->node_name || strcmp(ep->node_name, node) != 0))
				continue;
			for (size_t k = 0; k < ep->naddresses; k++) {
				struct ep_addr a = { ep->addresses[k], frs_endpoint_can_serve(ep) };

				if (FRS_VEC_PUSH(v, n, cap, a)) {
					free(v);
					return FRS_ENOMEM;
				}
			}
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), ep_addr_cmp);
	for (size_t i = 0; i < n && !*out; i++)
		if (v[i].ok && (i == 0 || strcmp(v[i - 1].addr, v[i].addr) != 0))
			*out = true;
	free(v);
	return FRS_OK;
}

/* The reason from a Service's EndpointSlices (all of them, in any order). */
static enum frs_err endpoints_reason(enum frs_view_reason *out,
				     const struct frs_endpointslice *const *slices, size_t nslices,
				     const struct frs_service *svc, const char *node)
{
	bool ready = false, local = false;
	enum frs_err rc;

	rc = healthy(&ready, slices, nslices, NULL);
	if (!rc && svc->etp_local)
		rc = healthy(&local, slices, nslices, node);
	if (rc)
		return rc;
	/* without any EndpointSlice we cannot know (offline manifests): assume ready */
	if (!nslices)
		*out = FRS_VIEW_ANNOUNCED;
	else if (svc->etp_local && !local)
		*out = FRS_VIEW_NO_LOCAL_ENDPOINTS;
	else if (!ready)
		*out = FRS_VIEW_NO_ENDPOINTS;
	else
		*out = FRS_VIEW_ANNOUNCED;
	return FRS_OK;
}

/* Order of EndpointSlices by namespace, then the Service they name (kubernetes.io/service-name). */
static int slice_cmp(const struct frs_endpointslice *es, const char *ns, const char *service)
{
	int c = strcmp(es->obj.ns ? es->obj.ns : "", ns ? ns : "");

	return c ? c : strcmp(es->service, service);
}

enum frs_err frs_view_endpoints(enum frs_view_reason *out, const struct frs_model *m,
				const struct frs_service *svc, const char *node)
{
	const struct frs_endpointslice **v = NULL;
	size_t n = 0, cap = 0;
	enum frs_err rc;

	for (size_t i = 0; i < m->nendpointslices; i++) {
		const struct frs_endpointslice *es = &m->endpointslices[i];

		if (es->service && slice_cmp(es, svc->obj.ns, svc->obj.name) == 0 &&
		    FRS_VEC_PUSH(v, n, cap, es)) {
			free(v);
			return FRS_ENOMEM;
		}
	}
	rc = endpoints_reason(out, v, n, svc, node);
	free(v);
	return rc;
}

static int slice_qcmp(const void *x, const void *y)
{
	const struct frs_endpointslice *a = *(const struct frs_endpointslice *const *)x;
	const struct frs_endpointslice *b = *(const struct frs_endpointslice *const *)y;

	return slice_cmp(a, b->obj.ns, b->service);
}

/*
 * The EndpointSlices that name a Service, sorted by namespace and Service, so that the view finds
 * each Service's by bisection: a scan per Service is quadratic over a large cluster.
 */
static enum frs_err index_slices(const struct frs_endpointslice ***out, size_t *n,
				 const struct frs_model *m)
{
	const struct frs_endpointslice **v = NULL;
	size_t cap = 0;

	*n = 0;
	for (size_t i = 0; i < m->nendpointslices; i++)
		if (m->endpointslices[i].service && FRS_VEC_PUSH(v, *n, cap, &m->endpointslices[i])) {
			free(v);
			return FRS_ENOMEM;
		}
	if (*n)
		qsort(v, *n, sizeof(*v), slice_qcmp);
	*out = v;
	return FRS_OK;
}

/* frs_view_endpoints through the index of index_slices. */
static enum frs_err indexed_endpoints(enum frs_view_reason *out,
				      const struct frs_endpointslice *const *ix, size_t nix,
				      const struct frs_service *svc, const char *node)
{
	size_t lo = 0, hi = nix, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (slice_cmp(ix[mid], svc->obj.ns, svc->obj.name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < nix && slice_cmp(ix[end], svc->obj.ns, svc->obj.name) == 0; end++)
		;
	/* no EndpointSlice at all: no index either (NULL + 0 is undefined) */
	return endpoints_reason(out, nix ? ix + lo : NULL, end - lo, svc, node);
}

/* How far an advertisement got before it stopped: the farthest one explains best. */
static int reason_stage(enum frs_view_reason r)
{
	switch (r) {
	case FRS_VIEW_NODE_NOT_SELECTED:
		return 1;
	case FRS_VIEW_SERVICE_NOT_SELECTED:
		return 2;
	case FRS_VIEW_EXCLUDED_NODE:
		return 3;
	case FRS_VIEW_NETWORK_UNAVAILABLE:
		return 4;
	case FRS_VIEW_NO_ENDPOINTS:
		return 5;
	case FRS_VIEW_NO_LOCAL_ENDPOINTS:
		return 6;
	case FRS_VIEW_NO_PEER:
		return 7;
	case FRS_VIEW_FAMILY_MISMATCH:
		return 8;
	default:
		return 0;
	}
}

struct build {
	struct frs_view *v;
	struct view_priv *pv;
	struct pending *pend;       /* one per peer */
	const struct frs_model *m;
	struct frs_errlist *errs;
	const struct frs_endpointslice **slices; /* index_slices */
	size_t nslices;
};

static enum frs_err adv_communities(struct build *b, const struct frs_bgpadv *adv,
				    const struct frs_view_community **out, size_t *nout)
{
	struct frs_view_community *tmp = NULL;
	size_t n = 0;
	enum frs_err rc = FRS_OK;

	*out = NULL;
	*nout = 0;
	if (adv->ncommunities == 0)
		return FRS_OK;
	tmp = calloc(adv->ncommunities, sizeof(*tmp));
	if (!tmp)
		return FRS_ENOMEM;
	for (size_t i = 0; i < adv->ncommunities; i++) {
		if ((rc = resolve_community(b->m, adv, i, &tmp[n], b->errs)))
			goto done;
		n++;
	}
	n = communities_sort_unique(tmp, n);
	*nout = n;
	rc = cset_intern(b->pv, tmp, n, out);
done:
	free(tmp);
	return rc;
}

/* Which advertisements of the IP's pool apply on this node, and to which of its peers. */
static enum frs_err build_ip(struct build *b, const struct frs_service *svc,
			     enum frs_view_reason svc_reason, struct frs_view_ip *vi)
{
	const struct frs_model *m = b->m;
	int best_stage = -1;
	size_t nselecting = 0;

	vi->pool = frs_model_pool_of(m, &vi->addr);
	if (!vi->pool) {
		vi->reason = FRS_VIEW_NO_POOL;
		return FRS_OK;
	}
	for (size_t i = 0; i < m->nbgpadvs; i++)
		if (frs_bgpadv_selects_pool(&m->bgpadvs[i], vi->pool))
			nselecting++;
	vi->reason = FRS_VIEW_NO_ADVERTISEMENT;
	if (nselecting == 0)
		return FRS_OK;
	vi->advs = calloc(nselecting, sizeof(*vi->advs));
	if (!vi->advs)
		return FRS_ENOMEM;
	for (size_t i = 0; i < m->nbgpadvs; i++) {
		const struct frs_bgpadv *adv = &m->bgpadvs[i];
		struct frs_view_adv *va;
		bool fam_seen = false;
		int stage;

		if (!frs_bgpadv_selects_pool(adv, vi->pool))
			continue;
		va = &vi->advs[vi->nadvs++];
		va->adv = adv;
		va->prefix = vi->addr;
		mask_prefix(&va->prefix, vi->addr.family == AF_INET ?
				(unsigned)adv->aggregation_length :
				(unsigned)adv->aggregation_length_v6);
		if (!frs_selectors_match(&adv->node_selectors, &b->v->labels, true))
			va->reason = FRS_VIEW_NODE_NOT_SELECTED;
		else if (!frs_selectors_match(&adv->service_selectors, &svc->obj.labels, true))
			va->reason = FRS_VIEW_SERVICE_NOT_SELECTED;
		else
			va->reason = svc_reason;
		if (va->reason == FRS_VIEW_ANNOUNCED) {
			va->peers = calloc(b->v->npeers ? b->v->npeers : 1, sizeof(size_t));
			if (!va->peers)
				return FRS_ENOMEM;
			for (size_t k = 0; k < b->v->npeers; k++) {
				const struct frs_view_peer *vp = &b->v->peers[k];

				if (!frs_bgpadv_selects_peer(adv, vp->peer))
					continue;
				fam_seen = true;
				if (family_ok(vp->family, vi->addr.family))
					va->peers[va->npeers++] = k;
			}
			if (va->npeers == 0)
				va->reason = fam_seen ? FRS_VIEW_FAMILY_MISMATCH : FRS_VIEW_NO_PEER;
		}
		if (va->reason == FRS_VIEW_ANNOUNCED) {
			vi->reason = FRS_VIEW_ANNOUNCED;
			best_stage = 100;
			continue;
		}
		stage = reason_stage(va->reason);
		if (stage > best_stage) {
			best_stage = stage;
			vi->reason = va->reason;
		}
	}
	return FRS_OK;
}

static bool share_peer(const struct frs_view_adv *x, const struct frs_view_adv *y, size_t *peer)
{
	for (size_t i = 0; i < x->npeers; i++)
		for (size_t j = 0; j < y->npeers; j++)
			if (x->peers[i] == y->peers[j]) {
				*peer = x->peers[i];
				return true;
			}
	return false;
}

/*
 * MetalLB merges the advertisements of one prefix to one peer and refuses when their localPref
 * differ ("cannot merge advertisements with different local preferences"): the speaker does
 * not announce the service at all. Compared as written, for eBGP peers too, as MetalLB does.
 * Returns the first conflicting pair of @p vi, if any.
 */
static bool ip_conflict(const struct frs_view_ip *vi, size_t *a, size_t *c, size_t *peer)
{
	for (size_t i = 0; i < vi->nadvs; i++)
		for (size_t j = i + 1; j < vi->nadvs; j++) {
			const struct frs_view_adv *x = &vi->advs[i], *y = &vi->advs[j];

			if (x->reason != FRS_VIEW_ANNOUNCED || y->reason != FRS_VIEW_ANNOUNCED ||
			    x->adv->local_pref == y->adv->local_pref ||
			    frs_view_prefix_cmp(&x->prefix, &y->prefix) != 0 ||
			    !share_peer(x, y, peer))
				continue;
			*a = i;
			*c = j;
			return true;
		}
	return false;
}

/* The routes of an announced IP into each peer's pending list. */
static enum frs_err ip_emit(struct build *b, const struct frs_view_ip *vi)
{
	enum frs_err rc;

	for (size_t i = 0; i < vi->nadvs; i++) {
		const struct frs_view_adv *va = &vi->advs[i];
		const struct frs_view_community *cs = NULL;
		size_t ncs = 0;

		if (va->reason != FRS_VIEW_ANNOUNCED)
			continue;
		rc = adv_communities(b, va->adv, &cs, &ncs);
		if (rc)
			return rc;
		for (size_t p = 0; p < va->npeers; p++) {
			size_t k = va->peers[p];
			const struct frs_view_peer *vp = &b->v->peers[k];
			struct frs_view_route r = { 0 };

			if (b->pv->rep[k] != k)
				continue;
			r.prefix = va->prefix;
			r.local_pref = vp->ibgp ? va->adv->local_pref : 0;
			r.communities = (struct frs_view_community *)cs;
			r.ncommunities = ncs;
			rc = pending_add(&b->pend[k], &r);
			if (rc)
				return rc;
		}
	}
	return FRS_OK;
}

/* The peers of @p va that are eBGP, when it sets a localPref (which FRR never sends them). */
static enum frs_err ebgp_note(struct frs_buf *d, const struct build *b,
			      const struct frs_view_adv *va)
{
	size_t n = 0;
	enum frs_err rc = FRS_OK;

	if (!va->adv->local_pref)
		return FRS_OK;
	for (size_t k = 0; k < va->npeers; k++)
		if (!b->v->peers[va->peers[k]].ibgp)
			n++;
	if (!n)
		return FRS_OK;
	rc = frs_buf_addf(d, "; localPref %u is not sent to eBGP peer%s", va->adv->local_pref,
			  n > 1 ? "s" : "");
	for (size_t k = 0; k < va->npeers && n <= 4 && !rc; k++)
		if (!b->v->peers[va->peers[k]].ibgp)
			rc = frs_buf_addf(d, " %s", b->v->peers[va->peers[k]].peer->obj.name);
	return rc;
}

static enum frs_err ip_detail(struct build *b, struct frs_view_ip *vi, const char *conflict)
{
	struct frs_buf detail = FRS_BUF_INIT;
	enum frs_err rc = FRS_OK;

	if (vi->reason == FRS_VIEW_NO_POOL) {
		rc = frs_buf_addf(&detail, "%s: no IPAddressPool contains it", vi->ip);
	} else if (vi->reason == FRS_VIEW_NO_ADVERTISEMENT && vi->nadvs == 0) {
		rc = frs_buf_addf(&detail, "%s: no BGPAdvertisement selects IPAddressPool %s/%s",
				  vi->ip, vi->pool->obj.ns ? vi->pool->obj.ns : "",
				  vi->pool->obj.name);
	} else if (vi->reason == FRS_VIEW_ANNOUNCED) {
		rc = frs_buf_addf(&detail, "%s: announced from IPAddressPool %s as", vi->ip,
				  vi->pool->obj.name);
		for (size_t i = 0; i < vi->nadvs && !rc; i++) {
			char pfx[64];
			const struct frs_view_adv *va = &vi->advs[i];

			if (va->reason != FRS_VIEW_ANNOUNCED)
				continue;
			frs_view_prefix_str(&va->prefix, pfx, sizeof(pfx));
			rc = frs_buf_addf(&detail, " %s (BGPAdvertisement %s, to", pfx,
					  va->adv->obj.name);
			/* a long list of names helps nobody: explain -o json has them all */
			if (!rc && va->npeers > 4)
				rc = frs_buf_addf(&detail, " %zu peers", va->npeers);
			for (size_t k = 0; k < va->npeers && va->npeers <= 4 && !rc; k++) {
				rc = frs_buf_putc(&detail, ' ');
				if (!rc)
					rc = frs_buf_puts(&detail,
							  b->v->peers[va->peers[k]].peer->obj.name);
			}
			if (!rc)
				rc = ebgp_note(&detail, b, va);
			if (!rc)
				rc = frs_buf_putc(&detail, ')');
		}
	} else {
		rc = frs_buf_addf(&detail, "%s (IPAddressPool %s): %s", vi->ip, vi->pool->obj.name,
				  conflict ? conflict : frs_view_reason_text(vi->reason));
		for (size_t i = 0; i < vi->nadvs && !rc; i++)
			rc = frs_buf_addf(&detail, "%s%s: %s", i ? "; " : " [",
					  vi->advs[i].adv->obj.name,
					  frs_view_reason_text(vi->advs[i].reason));
		if (!rc && vi->nadvs)
			rc = frs_buf_putc(&detail, ']');
	}
	if (!rc) {
		vi->detail = frs_buf_detach(&detail);
		if (!vi->detail)
			rc = FRS_ENOMEM;
	}
	frs_buf_dispose(&detail);
	return rc;
}

static enum frs_err build_service(struct build *b, const struct frs_service *svc,
				  struct frs_view_service *vs)
{
	enum frs_view_reason r = FRS_VIEW_ANNOUNCED;
	struct frs_buf why = FRS_BUF_INIT;
	bool conflict = false;
	enum frs_err rc = FRS_OK;

	vs->svc = svc;
	if (!svc->type || strcmp(svc->type, "LoadBalancer") != 0 || svc->lb_class) {
		vs->reason = FRS_VIEW_NOT_LOADBALANCER;
		return FRS_OK;
	}
	if (svc->ningress_ips == 0) {
		vs->reason = FRS_VIEW_NO_IP;
		return FRS_OK;
	}
	if (b->v->excluded)
		r = FRS_VIEW_EXCLUDED_NODE;
	else if (b->v->network_unavailable)
		r = FRS_VIEW_NETWORK_UNAVAILABLE;
	else if ((rc = indexed_endpoints(&r, b->slices, b->nslices, svc, b->v->node)))
		return rc;
	vs->reason = r;
	vs->ips = calloc(svc->ningress_ips, sizeof(*vs->ips));
	if (!vs->ips)
		return FRS_ENOMEM;
	for (size_t i = 0; i < svc->ningress_ips; i++) {
		struct frs_view_ip *vi = &vs->ips[vs->nips++];

		vi->ip = strdup(svc->ingress_ips[i]);
		if (!vi->ip)
			return FRS_ENOMEM;
		if (!frs_ip_parse(&vi->addr, svc->ingress_ips[i])) {
			struct frs_loc loc = frs_object_loc(&svc->obj, "status.loadBalancer.ingress");

			return frs_errlist_report(b->errs, FRS_DIAG(.code = FRS_EINVALID,
						  .loc = loc.file ? &loc : NULL, .kind = "Service",
						  .ns = svc->obj.ns, .name = svc->obj.name,
						  .path = "status.loadBalancer.ingress"),
						  "%s is not an IP address", svc->ingress_ips[i]);
		}
		rc = build_ip(b, svc, r, vi);
		if (rc)
			return rc;
	}
	/* one conflict anywhere and MetalLB announces none of the service's IPs */
	for (size_t i = 0; i < vs->nips && !conflict; i++) {
		size_t x, y, peer;
		char pfx[64];

		if (!ip_conflict(&vs->ips[i], &x, &y, &peer))
			continue;
		conflict = true;
		frs_view_prefix_str(&vs->ips[i].advs[x].prefix, pfx, sizeof(pfx));
		rc = frs_buf_addf(&why, "BGPAdvertisement %s (localPref %u) and %s (localPref %u) "
				  "both announce %s to %s, and MetalLB does not merge different "
				  "localPref: the service is not announced",
				  vs->ips[i].advs[x].adv->obj.name,
				  vs->ips[i].advs[x].adv->local_pref, vs->ips[i].advs[y].adv->obj.name,
				  vs->ips[i].advs[y].adv->local_pref, pfx,
				  b->v->peers[peer].peer->obj.name);
		if (rc)
			goto done;
	}
	for (size_t i = 0; i < vs->nips; i++) {
		struct frs_view_ip *vi = &vs->ips[i];

		if (conflict && vi->reason == FRS_VIEW_ANNOUNCED) {
			vi->reason = FRS_VIEW_CONFLICTING_ADVERTISEMENTS;
			for (size_t k = 0; k < vi->nadvs; k++)
				if (vi->advs[k].reason == FRS_VIEW_ANNOUNCED) {
					vi->advs[k].reason = FRS_VIEW_CONFLICTING_ADVERTISEMENTS;
					vi->advs[k].npeers = 0;
				}
		}
		if (vi->reason == FRS_VIEW_ANNOUNCED)
			rc = ip_emit(b, vi);
		if (!rc)
			rc = ip_detail(b, vi, vi->reason == FRS_VIEW_CONFLICTING_ADVERTISEMENTS ?
					      frs_buf_cstr(&why) : NULL);
		if (rc)
			goto done;
	}
done:
	frs_buf_dispose(&why);
	return rc;
}

enum frs_err frs_view_build(struct frs_view **out, const struct frs_model *m,
			    const struct frs_view_opts *opts, struct frs_errlist *errs)
{
	struct frs_view *v = NULL;
	struct view_priv *pv = NULL;
	struct build b = { 0 };
	const struct frs_k8s_node *kn;
	const struct frs_labels *labels;
	enum frs_err rc = FRS_OK;
	size_t nsel = 0;

	if (!out || !m || !opts || !opts->node || !*opts->node)
		return FRS_EARG;
	v = calloc(1, sizeof(*v));
	pv = calloc(1, sizeof(*pv));
	if (!v || !pv) {
		free(v);
		free(pv);
		return FRS_ENOMEM;
	}
	v->model = m;
	/* the view's private part rides along: freed by frs_view_free */
	v->priv_ = pv;
	v->node = strdup(opts->node);
	if (!v->node) {
		rc = FRS_ENOMEM;
		goto done;
	}
	kn = frs_model_node(m, opts->node);
	labels = opts->labels ? opts->labels : (kn ? &kn->obj.labels : NULL);
	rc = labels_copy(&v->labels, labels);
	if (rc)
		goto done;
	v->excluded = !opts->ignore_exclude_lb && frs_labels_get(&v->labels, EXCLUDE_LB_LABEL);
	v->network_unavailable = kn && kn->network_unavailable;

	for (size_t i = 0; i < m->npeers; i++)
		if (frs_selectors_match(&m->peers[i].node_selectors, &v->labels, true))
			nsel++;
	v->peers = calloc(nsel ? nsel : 1, sizeof(*v->peers));
	if (!v->peers) {
		rc = FRS_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < m->npeers; i++) {
		if (!frs_selectors_match(&m->peers[i].node_selectors, &v->labels, true))
			continue;
		rc = build_peer(&v->peers[v->npeers], m, &m->peers[i], errs);
		v->npeers++;
		if (rc)
			goto done;
	}
	if (v->npeers)
		qsort(v->peers, v->npeers, sizeof(v->peers[0]), peer_qcmp);
	pv->rep = calloc(v->npeers ? v->npeers : 1, sizeof(*pv->rep));
	if (!pv->rep) {
		rc = FRS_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < v->npeers; k++) {
		pv->rep[k] = k;
		for (size_t j = 0; j < k && pv->rep[k] == k; j++) {
			bool same = pv->rep[j] == j && v->peers[j].family == v->peers[k].family &&
				    v->peers[j].ibgp == v->peers[k].ibgp;

			for (size_t a = 0; a < m->nbgpadvs && same; a++)
				same = frs_bgpadv_selects_peer(&m->bgpadvs[a], v->peers[j].peer) ==
				       frs_bgpadv_selects_peer(&m->bgpadvs[a], v->peers[k].peer);
			if (same)
				pv->rep[k] = j;
		}
	}

	/* MetalLB renders every BFD profile, used or not */
	v->bfd_profiles = calloc(m->nbfd_profiles ? m->nbfd_profiles : 1, sizeof(void *));
	if (!v->bfd_profiles) {
		rc = FRS_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < m->nbfd_profiles; i++) {
		if (!frr_word_ok(m->bfd_profiles[i].obj.name)) {
			rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINVALID,
						.kind = "BFDProfile",
						.ns = m->bfd_profiles[i].obj.ns,
						.name = m->bfd_profiles[i].obj.name,
						.path = "metadata.name"),
						"name cannot be used in frr.conf");
			goto done;
		}
		v->bfd_profiles[v->nbfd_profiles++] = &m->bfd_profiles[i];
	}
	if (v->nbfd_profiles)
		qsort(v->bfd_profiles, v->nbfd_profiles, sizeof(void *), bfd_qcmp);

	b.v = v;
	b.pv = pv;
	b.m = m;
	b.errs = errs;
	b.pend = calloc(v->npeers ? v->npeers : 1, sizeof(*b.pend));
	v->services = calloc(m->nservices ? m->nservices : 1, sizeof(*v->services));
	if (!b.pend || !v->services || index_slices(&b.slices, &b.nslices, m)) {
		rc = FRS_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < m->nservices; i++) {
		rc = build_service(&b, &m->services[i], &v->services[v->nservices++]);
		if (rc)
			goto done;
	}
	for (size_t k = 0; k < v->npeers; k++) {
		if (pv->rep[k] != k) {
			v->peers[k].routes = v->peers[pv->rep[k]].routes;
			v->peers[k].nroutes = v->peers[pv->rep[k]].nroutes;
			continue;
		}
		rc = routes_finish(pv, &v->peers[k], &b.pend[k]);
		if (rc)
			goto done;
	}
done:
	if (b.pend) {
		for (size_t k = 0; k < v->npeers; k++)
			free(b.pend[k].v);
		free(b.pend);
	}
	free(b.slices);
	if (rc) {
		frs_view_free(v);
		return rc;
	}
	*out = v;
	return FRS_OK;
}

void frs_view_free(struct frs_view *v)
{
	struct view_priv *pv;

	if (!v)
		return;
	pv = v->priv_;
	for (size_t i = 0; i < v->npeers; i++) {
		free(v->peers[i].id);
		if (!pv || !pv->rep || pv->rep[i] == i)
			free(v->peers[i].routes);
	}
	free(v->peers);
	free(v->bfd_profiles);
	for (size_t i = 0; i < v->nservices; i++) {
		struct frs_view_service *vs = &v->services[i];

		for (size_t j = 0; j < vs->nips; j++) {
			for (size_t k = 0; k < vs->ips[j].nadvs; k++)
				free(vs->ips[j].advs[k].peers);
			free(vs->ips[j].advs);
			free(vs->ips[j].ip);
			free(vs->ips[j].detail);
		}
		free(vs->ips);
	}
	free(v->services);
	if (pv) {
		for (size_t i = 0; i < pv->ncsets; i++)
			free(pv->csets[i].v);
		free(pv->csets);
		free(pv->rep);
		free(pv);
	}
	frs_labels_dispose(&v->labels);
	free(v->node);
	free(v);
}

const struct frs_view_peer *frs_view_peer(const struct frs_view *v, const char *ns,
					  const char *name)
{
	for (size_t i = 0; i < v->npeers; i++) {
		const struct frs_object *o = &v->peers[i].peer->obj;

		if (strcmp(o->name, name) == 0 && (!ns || same_ns(o->ns, ns)))
			return &v->peers[i];
	}
	return NULL;
}

const struct frs_view_service *frs_view_service(const struct frs_view *v, const char *ns,
						const char *name)
{
	for (size_t i = 0; i < v->nservices; i++) {
		const struct frs_object *o = &v->services[i].svc->obj;

		if (strcmp(o->name, name) == 0 && (!ns || same_ns(o->ns, ns)))
			return &v->services[i];
	}
	return NULL;
}
