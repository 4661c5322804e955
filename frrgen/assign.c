/* SPDX-License-Identifier: MIT */
/* The IP assignment phase: MetalLB's controller's allocation rules, replayed one check per line. */
#include "config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <frrshim/assign.h>
#include <frrshim/buf.h>

#include "../lib/vec.h"

static const char *const reason_texts[] = {
	[FRS_ASSIGN_OK] = "an IP can be assigned",
	[FRS_ASSIGN_NOT_LOADBALANCER] = "not of type LoadBalancer",
	[FRS_ASSIGN_OTHER_CLASS] = "another load balancer's class",
	[FRS_ASSIGN_NO_POOL] = "no IPAddressPool can assign an IP to the service",
	[FRS_ASSIGN_REQUESTED_NO_POOL] = "the requested IP is in no IPAddressPool",
	[FRS_ASSIGN_REQUESTED_EXCLUDED] = "the requested IP's pool excludes the service",
	[FRS_ASSIGN_POOL_UNKNOWN] = "the requested IPAddressPool does not exist",
	[FRS_ASSIGN_POOL_EXCLUDED] = "the requested IPAddressPool excludes the service",
	[FRS_ASSIGN_DUAL_STACK] = "no usable IPAddressPool holds both IPv4 and IPv6",
	[FRS_ASSIGN_FAMILY] = "no usable IPAddressPool holds the service's address family",
	[FRS_ASSIGN_SHARING_KEY] = "the IP is another service's and the sharing keys differ",
	[FRS_ASSIGN_SHARING_PORTS] = "the IP is shared and a port is used by both services",
	[FRS_ASSIGN_SHARING_BACKEND] =
		"the IP is shared and externalTrafficPolicy or the selectors differ",
	[FRS_ASSIGN_OUTSIDE_POOLS] = "the assigned IP is in no IPAddressPool",
	[FRS_ASSIGN_BAD_REQUEST] = "the requested IPs are malformed",
};

const char *frs_assign_reason_text(enum frs_assign_reason r)
{
	if ((size_t)r < sizeof(reason_texts) / sizeof(reason_texts[0]) && reason_texts[r])
		return reason_texts[r];
	return "unknown";
}

struct ctx {
	const struct frs_model *m;
	const struct frs_service *svc;
	struct frs_assign *a;
	size_t cap;
	enum frs_err rc;
	bool info; /* the next add() is information (a pool not used) */
};

static void add(struct ctx *c, enum frs_assign_reason reason, const char *next, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));

/* One line; the first failure becomes the phase's reason. */
static void add(struct ctx *c, enum frs_assign_reason reason, const char *next, const char *fmt,
		...)
{
	struct frs_assign_check ck = { reason == FRS_ASSIGN_OK || c->info, c->info, reason, NULL,
				       NULL };
	struct frs_buf b = FRS_BUF_INIT;
	va_list ap;

	if (c->rc)
		return;
	va_start(ap, fmt);
	c->rc = frs_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (!c->rc && !(ck.text = frs_buf_detach(&b)))
		c->rc = FRS_ENOMEM;
	if (!c->rc && next && !(ck.next = strdup(next)))
		c->rc = FRS_ENOMEM;
	if (!c->rc)
		c->rc = FRS_VEC_PUSH(c->a->checks, c->a->nchecks, c->cap, ck);
	if (c->rc) {
		free(ck.text);
		free(ck.next);
		frs_buf_dispose(&b);
		return;
	}
	if (!ck.ok && c->a->ok) {
		c->a->ok = false;
		c->a->reason = reason;
	}
}

/* metallb.io/X wins over metallb.universe.tf/X (MetalLB reads both, the new prefix first). */
static const char *annotation(const struct frs_service *svc, const char *what, const char **key)
{
	static const char *const prefixes[] = { "metallb.io/", "metallb.universe.tf/" };
	char buf[128];

	for (size_t i = 0; i < 2; i++) {
		const char *v;

		snprintf(buf, sizeof(buf), "%s%s", prefixes[i], what);
		if ((v = frs_labels_get(&svc->obj.annotations, buf))) {
			if (key)
				*key = i ? "metallb.universe.tf/" : "metallb.io/";
			return v;
		}
	}
	return NULL;
}

/* A string from a resource, safe on one line: control characters as \xNN (at most 200 bytes). */
static const char *oneline(char *buf, size_t size, const char *s)
{
	size_t n = 0;

	for (; s && *s && n + 5 < size && n < 200; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", (unsigned char)*s);
		else
			buf[n++] = *s;
	}
	buf[n] = 0;
	return buf;
}

static const char *ns_of(const struct frs_object *o)
{
	return o->ns ? o->ns : "";
}

static bool pool_has_family(const struct frs_pool *p, int family)
{
	for (size_t i = 0; i < p->ncidrs; i++)
		if (p->cidrs[i].family == family)
			return true;
	return false;
}

static bool prefix_contains(const struct frs_prefix *net, const struct frs_prefix *ip)
{
	unsigned bytes = net->len / 8, bits = net->len % 8;

	if (net->family != ip->family)
		return false;
	if (memcmp(net->addr, ip->addr, bytes))
		return false;
	if (bits) {
		uint8_t mask = (uint8_t)(0xff << (8 - bits));
		if ((net->addr[bytes] & mask) != (ip->addr[bytes] & mask))
			return false;
	}
	return true;
}

/* MetalLB's ipConfusesBuggyFirmwares: IPv4 ending in .0 or .255. */
static bool buggy(const struct frs_prefix *ip)
{
	return ip->family == AF_INET && (ip->addr[3] == 0 || ip->addr[3] == 255);
}

/* MetalLB's poolFor for one IP: a pool with avoidBuggyIPs does not own .0 and .255. */
static const struct frs_pool *pool_for(const struct frs_model *m, const struct frs_prefix *ip)
{
	for (size_t i = 0; i < m->npools; i++) {
		const struct frs_pool *p = &m->pools[i];

		if (p->avoid_buggy_ips && buggy(ip))
			continue;
		for (size_t j = 0; j < p->ncidrs; j++)
			if (prefix_contains(&p->cidrs[j], ip))
				return p;
	}
	return NULL;
}

static bool has_alloc(const struct frs_pool *p)
{
	return p->nalloc_namespaces || p->alloc_namespace_selectors.n ||
	       p->alloc_service_selectors.n || p->alloc_priority;
}

/* Why @p p does not admit @p svc (NULL: it does), with what to look at next in *next. */
static const char *pool_excludes(struct frs_buf *why, const struct frs_model *m,
				 const struct frs_pool *p, const struct frs_service *svc)
{
	const char *ns = ns_of(&svc->obj);

	frs_buf_clear(why);
	if (p->nalloc_namespaces || p->alloc_namespace_selectors.n) {
		const struct frs_namespace *nso = frs_model_namespace(m, ns);
		bool in = false;

		for (size_t i = 0; i < p->nalloc_namespaces; i++)
			in |= strcmp(p->alloc_namespaces[i], ns) == 0;
		if (!in && nso)
			in = frs_selectors_match(&p->alloc_namespace_selectors, &nso->obj.labels,
						 false);
		if (!in) {
			if (p->nalloc_namespaces) {
				frs_buf_puts(why, "serviceAllocation.namespaces [");
				for (size_t i = 0; i < p->nalloc_namespaces; i++)
					frs_buf_addf(why, "%s%s", i ? ", " : "",
						     p->alloc_namespaces[i]);
				frs_buf_addf(why, "] do not include %s", ns);
				if (p->alloc_namespace_selectors.n)
					frs_buf_puts(why, " and ");
			}
			if (p->alloc_namespace_selectors.n && !nso)
				frs_buf_addf(why, "serviceAllocation.namespaceSelectors need the "
					     "labels of Namespace %s, which is not in the input", ns);
			else if (p->alloc_namespace_selectors.n)
				frs_buf_addf(why, "serviceAllocation.namespaceSelectors do not "
					     "match the labels of Namespace %s", ns);
			return frs_buf_cstr(why);
		}
	}
	if (p->alloc_service_selectors.n &&
	    !frs_selectors_match(&p->alloc_service_selectors, &svc->obj.labels, false)) {
		frs_buf_puts(why, "serviceAllocation.serviceSelectors do not match the service's "
			     "labels");
		return frs_buf_cstr(why);
	}
	return NULL;
}

bool frs_assign_pool_admits(const struct frs_model *m, const struct frs_pool *p,
			    const struct frs_service *svc)
{
	struct frs_buf b = FRS_BUF_INIT;
	bool ok = pool_excludes(&b, m, p, svc) == NULL;

	frs_buf_dispose(&b);
	return ok;
}

static const char *fam_name(int f)
{
	return f == AF_INET6 ? "IPv6" : "IPv4";
}

/* MetalLB's backend key: the selector for Local (as labels.Set.String(): sorted k=v,...). */
static void backend_key(struct frs_buf *out, const struct frs_service *s)
{
	const char *single = frs_labels_get(&s->obj.annotations,
					    "metallb.universe.tf/enforced-single-node");

	frs_buf_clear(out);
	frs_buf_puts(out, "");
	if (!s->etp_local || (single && strcmp(single, "yes") == 0))
		return;
	for (size_t i = 0; i < s->selector.n; i++)
		frs_buf_addf(out, "%s%s=%s", i ? "," : "", s->selector.keys[i],
			     s->selector.values[i]);
}

static bool is_ours(const struct frs_service *s)
{
	return s->type && strcmp(s->type, "LoadBalancer") == 0 && !s->lb_class;
}

/* The sharing rules against every other Service of ours that holds @p ip. */
static void check_sharing(struct ctx *c, const char *ip)
{
	const struct frs_service *svc = c->svc;
	const char *key = annotation(svc, "allow-shared-ip", NULL);
	struct frs_buf mine = FRS_BUF_INIT, theirs = FRS_BUF_INIT;
	char k1[256];

	backend_key(&mine, svc);
	for (size_t i = 0; i < c->m->nservices && !c->rc; i++) {
		const struct frs_service *o = &c->m->services[i];
		const char *okey;
		bool holds = false, clash = false;
		size_t pi = 0, pj = 0;

		if (o == svc || !is_ours(o))
			continue;
		for (size_t j = 0; j < o->ningress_ips; j++)
			holds |= strcmp(o->ingress_ips[j], ip) == 0;
		if (!holds)
			continue;
		okey = annotation(o, "allow-shared-ip", NULL);
		if (!key || !okey || strcmp(key, okey)) {
			add(c, FRS_ASSIGN_SHARING_KEY, "the allow-shared-ip annotations of both",
			    "%s is held by %s/%s: %s", ip, ns_of(&o->obj), o->obj.name,
			    !okey && !key ? "neither service allows sharing (allow-shared-ip)" :
			    !okey ? "that service does not allow sharing (no allow-shared-ip)" :
			    !key ? "this service does not allow sharing (no allow-shared-ip)" :
				   "their allow-shared-ip keys differ");
			continue;
		}
		for (pi = 0; pi < svc->nports && !clash; pi++)
			for (pj = 0; pj < o->nports && !clash; pj++)
				clash = svc->ports[pi].port == o->ports[pj].port &&
					strcmp(svc->ports[pi].protocol, o->ports[pj].protocol) == 0;
		if (clash) {
			const struct frs_service_port *sp = &svc->ports[pi - 1];

			add(c, FRS_ASSIGN_SHARING_PORTS, "spec.ports of both services",
			    "%s is shared with %s/%s (key \"%s\"), but both use port %s/%u", ip,
			    ns_of(&o->obj), o->obj.name, oneline(k1, sizeof(k1), key), sp->protocol,
			    sp->port);
			continue;
		}
		backend_key(&theirs, o);
		if (strcmp(frs_buf_cstr(&mine), frs_buf_cstr(&theirs))) {
			add(c, FRS_ASSIGN_SHARING_BACKEND,
			    "externalTrafficPolicy and spec.selector of both services",
			    "%s is shared with %s/%s (key \"%s\"), but %s", ip, ns_of(&o->obj),
			    o->obj.name, oneline(k1, sizeof(k1), key),
			    svc->etp_local != o->etp_local ?
				    "their externalTrafficPolicy differs (Local and Cluster)" :
				    "with externalTrafficPolicy Local their selectors differ");
			continue;
		}
		add(c, FRS_ASSIGN_OK, NULL,
		    "%s is shared with %s/%s: same key \"%s\", no port in common, same backends",
		    ip, ns_of(&o->obj), o->obj.name, oneline(k1, sizeof(k1), key));
	}
	frs_buf_dispose(&mine);
	frs_buf_dispose(&theirs);
}

/* The Service's requested IPs: spec.loadBalancerIP or the loadBalancerIPs annotation. */
static void check_requested(struct ctx *c, const char *req, const char *src)
{
	struct frs_prefix ips[2];
	const struct frs_pool *pools[2] = { NULL, NULL };
	char *copy = strdup(req), *save = NULL, *tok;
	size_t n = 0;
	struct frs_buf why = FRS_BUF_INIT;

	if (!copy) {
		c->rc = FRS_ENOMEM;
		return;
	}
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *e;

		while (*tok == ' ')
			tok++;
		for (e = tok + strlen(tok); e > tok && e[-1] == ' ';)
			*--e = 0;
		if (n == 2) {
			add(c, FRS_ASSIGN_BAD_REQUEST, src, "%s asks for more than two IPs", src);
			goto done;
		}
		if (!frs_ip_parse(&ips[n], tok)) {
			add(c, FRS_ASSIGN_BAD_REQUEST, src, "%s: \"%s\" is not an IP address", src,
			    tok);
			goto done;
		}
		n++;
	}
	if (n == 2 && ips[0].family == ips[1].family) {
		add(c, FRS_ASSIGN_BAD_REQUEST, src, "%s asks for two %s addresses (dual-stack "
		    "wants one of each family)", src, fam_name(ips[0].family));
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		char txt[64];
		const char *ex;

		inet_ntop(ips[i].family, ips[i].addr, txt, sizeof(txt));
		if (!(pools[i] = pool_for(c->m, &ips[i]))) {
			add(c, FRS_ASSIGN_REQUESTED_NO_POOL, "the IPAddressPools' spec.addresses",
			    "requested IP %s (%s) is in no IPAddressPool%s", txt, src,
			    buggy(&ips[i]) ? " (pools with avoidBuggyIPs skip .0 and .255)" : "");
			continue;
		}
		if ((ex = pool_excludes(&why, c->m, pools[i], c->svc))) {
			add(c, FRS_ASSIGN_REQUESTED_EXCLUDED, "the pool's spec.serviceAllocation",
			    "requested IP %s (%s) is in pool %s/%s, whose %s", txt, src,
			    ns_of(&pools[i]->obj), pools[i]->obj.name, ex);
			continue;
		}
		add(c, FRS_ASSIGN_OK, NULL, "requested IP %s (%s) is in pool %s/%s, which admits "
		    "the service", txt, src, ns_of(&pools[i]->obj), pools[i]->obj.name);
	}
	if (n == 2 && pools[0] && pools[1] && pools[0] != pools[1])
		add(c, FRS_ASSIGN_REQUESTED_NO_POOL, "the IPAddressPools' spec.addresses",
		    "the requested IPs are in two pools (%s, %s): MetalLB wants one pool "
		    "holding both", pools[0]->obj.name, pools[1]->obj.name);
	for (size_t i = 0; i < n; i++) {
		char txt[64];

		inet_ntop(ips[i].family, ips[i].addr, txt, sizeof(txt));
		check_sharing(c, txt);
	}
done:
	frs_buf_dispose(&why);
	free(copy);
}

/* Auto-assignment: the pools MetalLB would try, in its order, and whether one fits. */
static void check_pools(struct ctx *c, const struct frs_pool *only, bool want4, bool want6,
			bool dual_required)
{
	struct frs_buf why = FRS_BUF_INIT;
	bool any = false, fam_ok = false;
	const struct frs_pool *first = NULL;

	for (size_t i = 0; i < c->m->npools && !c->rc; i++) {
		const struct frs_pool *p = &c->m->pools[i];
		const char *ex = pool_excludes(&why, c->m, p, c->svc);
		bool h4 = pool_has_family(p, AF_INET), h6 = pool_has_family(p, AF_INET6);
		bool fits = dual_required ? h4 && h6 : (want4 && h4) || (want6 && h6);

		if (only && p != only)
			continue;
		if (ex) {
			c->info = !only;
			add(c, only ? FRS_ASSIGN_POOL_EXCLUDED : FRS_ASSIGN_NO_POOL,
			    only ? "the pool's spec.serviceAllocation" : NULL,
			    "pool %s/%s: %s%s", ns_of(&p->obj), p->obj.name, ex,
			    only ? "" : " (not used)");
			c->info = false;
			continue;
		}
		if (!p->auto_assign && !only) {
			c->info = true;
			add(c, FRS_ASSIGN_NO_POOL, NULL, "pool %s/%s: autoAssign is false: only services "
			    "that ask for its IPs or name it (address-pool) get one (not used)",
			    ns_of(&p->obj), p->obj.name);
			c->info = false;
			continue;
		}
		any = true;
		if (!fits) {
			c->info = !only;
			add(c, dual_required ? FRS_ASSIGN_DUAL_STACK : FRS_ASSIGN_FAMILY,
			    only ? "the pool's spec.addresses" : NULL,
			    "pool %s/%s admits the service but holds no %s address%s",
			    ns_of(&p->obj), p->obj.name,
			    dual_required ? (h4 ? "IPv6" : "IPv4") : (want4 ? "IPv4" : "IPv6"),
			    only ? "" : " (not used)");
			c->info = false;
			continue;
		}
		fam_ok = true;
		/* MetalLB tries the pools with a serviceAllocation first, by priority (lower
		 * first, 0 last), then the others */
		if (!first || (has_alloc(p) && !has_alloc(first)) ||
		    (has_alloc(p) == has_alloc(first) && p->alloc_priority &&
		     (!first->alloc_priority || p->alloc_priority < first->alloc_priority)))
			first = p;
		if (p->alloc_priority)
			add(c, FRS_ASSIGN_OK, NULL, "pool %s/%s can serve the service (priority %d)",
			    ns_of(&p->obj), p->obj.name, p->alloc_priority);
		else
			add(c, FRS_ASSIGN_OK, NULL, "pool %s/%s can serve the service",
			    ns_of(&p->obj), p->obj.name);
	}
	if (!c->rc && !any && !only)
		add(c, FRS_ASSIGN_NO_POOL, "the IPAddressPools' serviceAllocation and autoAssign",
		    "no IPAddressPool can auto-assign an IP to %s/%s", ns_of(&c->svc->obj),
		    c->svc->obj.name);
	else if (!c->rc && any && !fam_ok && !only)
		add(c, dual_required ? FRS_ASSIGN_DUAL_STACK : FRS_ASSIGN_FAMILY,
		    "the IPAddressPools' spec.addresses",
		    dual_required ? "no usable IPAddressPool holds both IPv4 and IPv6 "
				    "(ipFamilyPolicy RequireDualStack)" :
				    "no usable IPAddressPool holds an %s address",
		    want4 ? "IPv4" : "IPv6");
	else if (!c->rc && first && !only)
		add(c, FRS_ASSIGN_OK, NULL, "MetalLB tries pool %s/%s first", ns_of(&first->obj),
		    first->obj.name);
	frs_buf_dispose(&why);
}

enum frs_err frs_assign_explain(struct frs_assign **out, const struct frs_model *m,
				const struct frs_service *svc)
{
	struct ctx c = { m, svc, NULL, 0, FRS_OK, false };
	const char *req_key = NULL, *req = annotation(svc, "loadBalancerIPs", &req_key);
	const char *pool_key = NULL, *pool = annotation(svc, "address-pool", &pool_key);
	bool want4 = false, want6 = false;
	char src[256];

	*out = NULL;
	if (!(c.a = calloc(1, sizeof(*c.a))))
		return FRS_ENOMEM;
	c.a->ok = true;
	if (!svc->type || strcmp(svc->type, "LoadBalancer")) {
		add(&c, FRS_ASSIGN_NOT_LOADBALANCER, "spec.type",
		    "spec.type is %s, not LoadBalancer: MetalLB assigns no IP",
		    svc->type ? svc->type : "unset (ClusterIP)");
		goto done;
	}
	if (svc->lb_class) {
		add(&c, FRS_ASSIGN_OTHER_CLASS, "spec.loadBalancerClass",
		    "spec.loadBalancerClass is \"%s\": not MetalLB's (MetalLB takes services "
		    "without a class, or only its own with --lb-class)",
		    oneline(src, sizeof(src), svc->lb_class));
		goto done;
	}
	add(&c, FRS_ASSIGN_OK, NULL, "type LoadBalancer without loadBalancerClass: MetalLB's");

	/* the families it needs: ipFamilies as the API server sets them, else what it holds */
	for (size_t i = 0; i < svc->nip_families; i++) {
		want4 |= svc->ip_families[i] == AF_INET;
		want6 |= svc->ip_families[i] == AF_INET6;
	}
	for (size_t i = 0; !svc->nip_families && i < svc->ningress_ips; i++) {
		bool v6 = strchr(svc->ingress_ips[i], ':') != NULL;
		want4 |= !v6;
		want6 |= v6;
	}
	if (!want4 && !want6)
		want4 = true;
	if (svc->ip_family_policy == FRS_IPFP_REQUIRE_DUAL_STACK)
		want4 = want6 = true;
	add(&c, FRS_ASSIGN_OK, NULL, "the service wants %s (ipFamilyPolicy %s)",
	    want4 && want6 ? "IPv4 and IPv6" : want4 ? "IPv4" : "IPv6",
	    svc->ip_family_policy == FRS_IPFP_REQUIRE_DUAL_STACK ? "RequireDualStack" :
	    svc->ip_family_policy == FRS_IPFP_PREFER_DUAL_STACK ? "PreferDualStack" :
								  "SingleStack");

	if (req && svc->lb_ip) {
		add(&c, FRS_ASSIGN_BAD_REQUEST, "spec.loadBalancerIP and the annotation",
		    "spec.loadBalancerIP and the %sloadBalancerIPs annotation are both set: "
		    "MetalLB refuses the service", req_key);
		goto done;
	}
	if (req || svc->lb_ip) {
		snprintf(src, sizeof(src), req ? "annotation %sloadBalancerIPs" :
			 "spec.loadBalancerIP", req_key);
		check_requested(&c, req ? req : svc->lb_ip, src);
	} else if (pool) {
		const struct frs_pool *p = NULL;

		for (size_t i = 0; i < m->npools && !p; i++)
			if (strcmp(m->pools[i].obj.name, pool) == 0)
				p = &m->pools[i];
		if (!p) {
			add(&c, FRS_ASSIGN_POOL_UNKNOWN, "the annotation and the IPAddressPools",
			    "annotation %saddress-pool names pool \"%s\", which is not in the input",
			    pool_key, oneline(src, sizeof(src), pool));
			goto done;
		}
		add(&c, FRS_ASSIGN_OK, NULL, "annotation %saddress-pool names pool %s/%s",
		    pool_key, ns_of(&p->obj), p->obj.name);
		check_pools(&c, p, want4, want6, svc->ip_family_policy ==
			    FRS_IPFP_REQUIRE_DUAL_STACK);
	} else if (!svc->ningress_ips) {
		check_pools(&c, NULL, want4, want6, svc->ip_family_policy ==
			    FRS_IPFP_REQUIRE_DUAL_STACK);
	}
	for (size_t i = 0; i < svc->ningress_ips && !c.rc; i++) {
		struct frs_prefix ip;
		const struct frs_pool *p;
		struct frs_buf why = FRS_BUF_INIT;
		const char *ex;

		if (!frs_ip_parse(&ip, svc->ingress_ips[i]))
			continue;
		if (!(p = pool_for(m, &ip))) {
			add(&c, FRS_ASSIGN_OUTSIDE_POOLS, "the IPAddressPools' spec.addresses",
			    "assigned IP %s is in no IPAddressPool: the controller takes it back",
			    svc->ingress_ips[i]);
		} else if ((ex = pool_excludes(&why, m, p, svc))) {
			add(&c, FRS_ASSIGN_POOL_EXCLUDED, "the pool's spec.serviceAllocation",
			    "assigned IP %s is in pool %s/%s, whose %s", svc->ingress_ips[i],
			    ns_of(&p->obj), p->obj.name, ex);
		} else {
			add(&c, FRS_ASSIGN_OK, NULL, "assigned IP %s is in pool %s/%s",
			    svc->ingress_ips[i], ns_of(&p->obj), p->obj.name);
		}
		frs_buf_dispose(&why);
		if (!req && !svc->lb_ip)
			check_sharing(&c, svc->ingress_ips[i]);
	}
done:
	if (c.rc) {
		frs_assign_free(c.a);
		return c.rc;
	}
	*out = c.a;
	return FRS_OK;
}

void frs_assign_free(struct frs_assign *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nchecks; i++) {
		free(a->checks[i].text);
		free(a->checks[i].next);
	}
	free(a->checks);
	free(a);
}
