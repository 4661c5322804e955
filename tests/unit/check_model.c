/* SPDX-License-Identifier: MIT */
/* Unit tests of frrgen/model.c: kinds, conversion, durations, ranges, selectors, order. */
#include "config.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/doc.h>
#include <frrshim/err.h>
#include <frrshim/model.h>

#include "../../frrgen/model_int.h"
#include "suites.h"

static struct frs_errlist errs;

static void setup(void)
{
	frs_errlist_init(&errs);
}

static void teardown(void)
{
	frs_errlist_dispose(&errs);
}

/* The model of @p text without validation: classify, then convert what is known (also for
 * check_assign.c). */
struct frs_model *frs_test_model_of(const char *text, struct frs_errlist *el)
{
	struct frs_model *m = frs_model__new();
	bool *known, *ok;

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(frs_docset_load_mem(&m->docs, "t.yaml", text, strlen(text), el), FRS_OK);
	known = calloc(m->docs.ndocs + 1, sizeof(bool));
	ok = calloc(m->docs.ndocs + 1, sizeof(bool));
	ck_assert_ptr_nonnull(known);
	ck_assert_ptr_nonnull(ok);
	for (size_t i = 0; i < m->docs.ndocs; i++)
		ok[i] = true;
	ck_assert_int_eq(frs_model__classify(&m->docs, known, el), FRS_OK);
	ck_assert_int_eq(frs_model__convert(m, known, ok, el), FRS_OK);
	free(known);
	free(ok);
	return m;
}

static struct frs_model *model_of(const char *text)
{
	return frs_test_model_of(text, &errs);
}

/* A stream of the sets in @p texts, then none; set @p fail_at reports a read error as well. */
struct test_stream {
	const char *const *texts;
	size_t n, at, fail_at;
};

static enum frs_err test_next(void *arg, struct frs_docset *set, struct frs_errlist *el)
{
	struct test_stream *st = arg;
	char name[16];
	enum frs_err rc;

	if (st->at == st->n)
		return FRS_ENOTFOUND;
	snprintf(name, sizeof(name), "s%zu.yaml", st->at + 1);
	rc = frs_docset_load_mem(set, name, st->texts[st->at], strlen(st->texts[st->at]), el);
	ck_assert_int_eq(rc, FRS_OK);
	return ++st->at == st->fail_at ? FRS_EINPUT : FRS_OK;
}

START_TEST(test_model_load_stream)
{
	static const char *const sets[] = {
		"apiVersion: v1\nkind: Service\nmetadata: {name: svc-b, namespace: shop}\n"
		"spec: {type: LoadBalancer, ports: [{port: 80}]}\n---\n"
		"apiVersion: v1\nkind: Service\nmetadata: {name: svc-a, namespace: shop}\n"
		"spec: {type: LoadBalancer}\n",
		"apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
		"metadata: {name: svc-a-x, namespace: shop,\n"
		"  labels: {kubernetes.io/service-name: svc-a}}\naddressType: IPv4\n"
		"endpoints: [{addresses: [192.0.2.10], nodeName: n1}]\n",
		"apiVersion: v1\nkind: Service\nmetadata: {name: bad, namespace: shop}\n"
		"spec: {ports: [{port: 99999}]}\n",
	};
	static const char pool[] = "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\n"
				   "metadata: {name: p, namespace: metallb-system}\n"
				   "spec: {addresses: [203.0.113.0/24]}\n";
	struct test_stream st = { sets, 2, 0, 0 };
	struct frs_docstream more = { test_next, &st };
	struct frs_docset set;
	struct frs_model *m;
	struct frs_loc loc;

	/* two sets: converted, sorted, counted, and located by where each document started */
	frs_docset_init(&set);
	ck_assert_int_eq(frs_docset_load_mem(&set, "main.yaml", pool, strlen(pool), &errs), FRS_OK);
	ck_assert_int_eq(frs_model_load_stream(&m, &set, &more, &errs), FRS_OK);
	ck_assert_uint_eq(m->ndocs, 4);
	ck_assert_uint_eq(m->docs.ndocs, 1);
	ck_assert_uint_eq(m->npools, 1);
	ck_assert_uint_eq(m->nservices, 2);
	ck_assert_str_eq(m->services[0].obj.name, "svc-a");
	ck_assert_str_eq(m->services[1].obj.name, "svc-b");
	ck_assert_uint_eq(m->nendpointslices, 1);
	ck_assert_str_eq(m->endpointslices[0].service, "svc-a");
	loc = frs_object_loc(&m->services[1].obj, "spec.ports[0].port");
	ck_assert_str_eq(loc.file, "s1.yaml");
	ck_assert_uint_eq(loc.line, 1);
	loc = frs_object_loc(&m->services[0].obj, "spec.type");
	ck_assert_str_eq(loc.file, "s1.yaml");
	ck_assert_uint_eq(loc.line, 6);
	/* the pool's document is kept: its fields keep their positions */
	loc = frs_object_loc(&m->pools[0].obj, "spec.addresses");
	ck_assert_str_eq(loc.file, "main.yaml");
	ck_assert_uint_eq(loc.line, 4);
	frs_model_free(m);

	/* a set that failed to read fails the load, after every set was still validated */
	st = (struct test_stream){ sets, 3, 0, 2 };
	frs_docset_init(&set);
	ck_assert_int_eq(frs_docset_load_mem(&set, "main.yaml", pool, strlen(pool), &errs), FRS_OK);
	ck_assert_int_eq(frs_model_load_stream(&m, &set, &more, &errs), FRS_EINPUT);
	ck_assert_ptr_null(m);
	ck_assert_uint_eq(frs_errlist_count(&errs, FRS_SEV_ERROR), 1);
	ck_assert_str_eq(errs.v[0].file, "s3.yaml");
	ck_assert_uint_eq(errs.v[0].line, 4);
	ck_assert_str_eq(errs.v[0].path, "spec.ports[0].port");
}
END_TEST

START_TEST(test_model_duration)
{
	static const struct {
		const char *s;
		int rc;
		int64_t ms;
	} cases[] = {
		{ "90s", 0, 90000 }, { "1m30s", 0, 90000 }, { "500ms", 0, 500 }, { "0", 0, 0 },
		{ "0s", 0, 0 }, { "1.5s", 0, 1500 }, { "2h", 0, 7200000 }, { "1500us", 0, 1 },
		{ "1500\xc2\xb5s", 0, 1 }, { "999999ns", 0, 0 }, { "-3s", 0, -3000 }, { "+3s", 0, 3000 },
		{ ".5s", 0, 500 }, { "3.s", 0, 3000 }, { "1h1m1s1ms", 0, 3661001 },
		{ "", -1, 0 }, { "3", -1, 0 }, { "s", -1, 0 }, { "3x", -1, 0 }, { "3 s", -1, 0 },
		{ ".s", -1, 0 }, { "-", -1, 0 }, { "99999999999999999999s", -2, 0 },
		{ "3000000h", -2, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t ms = 42;
		int rc = frs_model__parse_duration(cases[i].s, &ms);
		ck_assert_msg(rc == cases[i].rc, "%s: rc %d", cases[i].s, rc);
		if (!rc)
			ck_assert_msg(ms == cases[i].ms, "%s: %lld ms", cases[i].s, (long long)ms);
	}
}
END_TEST

/* In ns, as Go's time.ParseDuration: exact fractions, its bounds, its grammar. */
START_TEST(test_model_duration_ns_like_go)
{
	static const struct {
		const char *s;
		int rc;
		int64_t ns;
	} cases[] = {
		{ "0.5s", 0, 500000000 }, { "1.5ms", 0, 1500000 }, { "3\xc2\xb5s", 0, 3000 },
		{ "3\xce\xbcs", 0, 3000 }, { "1ms", 0, 1000000 }, { "1.000000001s", 0, 1000000001 },
		{ "0.0000000001s", 0, 0 }, { "1.5h", 0, 5400000000000 }, { "1.1h", 0, 3960000000000 },
		{ "9223372036854775807ns", 0, INT64_MAX },
		{ "-9223372036854775808ns", 0, INT64_MIN },
		{ "2562047h47m16.854775807s", 0, INT64_MAX },
		{ "9223372036854775808ns", -2, 0 }, { "2562047h47m16.854775808s", -2, 0 },
		{ "2562048h", -2, 0 }, { "9223372036854775807ns1ns", -2, 0 },
		/* digits past what fits are read and dropped, as in Go */
		{ "1.00000000000000000000000000009s", 0, 1000000000 },
		{ "0.1234567890123456789s", 0, 123456789 },
		{ "1S", -1, 0 }, { "1sec", -1, 0 }, { "1.2.3s", -1, 0 }, { "+", -1, 0 },
		{ "-0", 0, 0 }, { "1h-1m", -1, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t ns = 42;
		int rc = frs_model__parse_duration_ns(cases[i].s, &ns);
		ck_assert_msg(rc == cases[i].rc, "%s: rc %d", cases[i].s, rc);
		if (!rc)
			ck_assert_msg(ns == cases[i].ns, "%s: %lld ns", cases[i].s, (long long)ns);
	}
}
END_TEST

static char *prefix_str(const struct frs_prefix *p, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(p->family, p->addr, a, sizeof(a));
	snprintf(buf, size, "%s/%u", a, p->len);
	return buf;
}

/* The summary of @p s as "p1 p2 ...", or "ERR". */
static const char *range(const char *s)
{
	static char out[1024];
	struct frs_prefix v[300];
	char b[64];
	int n = frs_model__parse_range(s, v, sizeof(v) / sizeof(v[0]));

	if (n < 0)
		return "ERR";
	out[0] = 0;
	for (int i = 0; i < n; i++) {
		if (i)
			strncat(out, " ", sizeof(out) - strlen(out) - 1);
		strncat(out, prefix_str(&v[i], b, sizeof(b)), sizeof(out) - strlen(out) - 1);
	}
	return out;
}

START_TEST(test_model_ranges)
{
	ck_assert_str_eq(range("198.51.100.0/24"), "198.51.100.0/24");
	ck_assert_str_eq(range("198.51.100.7/24"), "198.51.100.0/24");
	ck_assert_str_eq(range("203.0.113.10-203.0.113.20"),
			 "203.0.113.10/31 203.0.113.12/30 203.0.113.16/30 203.0.113.20/32");
	ck_assert_str_eq(range(" 203.0.113.0 - 203.0.113.255 "), "203.0.113.0/24");
	ck_assert_str_eq(range("203.0.113.5-203.0.113.5"), "203.0.113.5/32");
	ck_assert_str_eq(range("0.0.0.0-255.255.255.255"), "0.0.0.0/0");
	ck_assert_str_eq(range("255.255.255.254-255.255.255.255"), "255.255.255.254/31");
	ck_assert_str_eq(range("2001:db8::/64"), "2001:db8::/64");
	ck_assert_str_eq(range("2001:db8::1/120"), "2001:db8::/120");
	ck_assert_str_eq(range("2001:db8::1-2001:db8::6"),
			 "2001:db8::1/128 2001:db8::2/127 2001:db8::4/127 2001:db8::6/128");
	ck_assert_str_eq(range("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), "::/0");
	ck_assert_str_eq(range("0.0.0.0/0"), "0.0.0.0/0");
	ck_assert_str_eq(range("203.0.113.20-203.0.113.10"), "ERR");
	ck_assert_str_eq(range("203.0.113.1-2001:db8::1"), "ERR");
	ck_assert_str_eq(range("198.51.100.0/33"), "ERR");
	ck_assert_str_eq(range("198.51.100.0/"), "ERR");
	ck_assert_str_eq(range("198.51.100.0/-1"), "ERR");
	ck_assert_str_eq(range("198.51.100.0"), "ERR");
	ck_assert_str_eq(range("nonsense"), "ERR");
	ck_assert_str_eq(range("1.2.3.4-"), "ERR");
}
END_TEST

START_TEST(test_model_canon_ip)
{
	char b[64];

	ck_assert_int_eq(frs_model__canon_ip("2001:DB8:0:0::1", b, sizeof(b)), 0);
	ck_assert_str_eq(b, "2001:db8::1");
	ck_assert_int_eq(frs_model__canon_ip("::ffff:192.0.2.1", b, sizeof(b)), 0);
	ck_assert_str_eq(b, "192.0.2.1");
	ck_assert_int_eq(frs_model__canon_ip("192.0.2.1", b, sizeof(b)), 0);
	ck_assert_str_eq(b, "192.0.2.1");
	ck_assert_int_eq(frs_model__canon_ip("192.0.2.01", b, sizeof(b)), -1);
	ck_assert_int_eq(frs_model__canon_ip("192.0.2.1 ", b, sizeof(b)), -1);
	ck_assert_int_eq(frs_model__canon_ip("fe80::1%eth0", b, sizeof(b)), -1);
	ck_assert_int_eq(frs_model__canon_ip(NULL, b, sizeof(b)), -1);
}
END_TEST

static const char *sel_doc =
	"apiVersion: metallb.io/v1beta1\n"
	"kind: BGPAdvertisement\n"
	"metadata: {name: a, namespace: metallb-system}\n"
	"spec:\n"
	"  nodeSelectors:\n"
	"  - matchLabels: {zone: a, rack: r1}\n"
	"  - matchExpressions:\n"
	"    - {key: zone, operator: In, values: [b, c]}\n"
	"    - {key: role, operator: NotIn, values: [edge]}\n"
	"    - {key: bgp, operator: Exists}\n"
	"    - {key: drain, operator: DoesNotExist}\n"
	"    - {key: x, operator: Bogus, values: [y]}\n";

static struct frs_labels labels_of(char **kv, size_t n)
{
	struct frs_labels l = { n, malloc(n * sizeof(char *)), malloc(n * sizeof(char *)) };

	/* callers pass keys sorted */
	for (size_t i = 0; i < n; i++) {
		l.keys[i] = kv[2 * i];
		l.values[i] = kv[2 * i + 1];
	}
	return l;
}

static bool matches(const struct frs_selectors *s, size_t i, char **kv, size_t n)
{
	struct frs_labels l = labels_of(kv, n);
	bool r = i == (size_t)-1 ? frs_selectors_match(s, &l, false) :
				   frs_selector_matches(&s->v[i], &l);

	free(l.keys);
	free(l.values);
	return r;
}

START_TEST(test_model_selectors)
{
	struct frs_model *m = model_of(sel_doc);
	const struct frs_selectors *s;
	char *a_r1[] = { "rack", "r1", "zone", "a" };
	char *a_only[] = { "zone", "a" };
	char *b_bgp[] = { "bgp", "", "zone", "b" };
	char *b_bgp_edge[] = { "bgp", "", "role", "edge", "zone", "b" };
	char *b_bgp_core[] = { "bgp", "", "role", "core", "zone", "c" };
	char *b_bgp_drain[] = { "bgp", "", "drain", "1", "zone", "b" };
	char *d_bgp[] = { "bgp", "", "zone", "d" };
	struct frs_selectors empty = { NULL, 0 };
	struct frs_selector none;

	ck_assert_uint_eq(m->nbgpadvs, 1);
	s = &m->bgpadvs[0].node_selectors;
	ck_assert_uint_eq(s->n, 2);
	ck_assert_uint_eq(s->v[0].match_labels.n, 2);
	ck_assert_str_eq(s->v[0].match_labels.keys[0], "rack"); /* sorted by key */
	ck_assert_uint_eq(s->v[1].nexprs, 4);                     /* the bogus operator is left out */
	ck_assert(matches(s, 0, a_r1, 2));
	ck_assert(!matches(s, 0, a_only, 1));
	ck_assert(!matches(s, 1, a_r1, 2));
	ck_assert(matches(s, 1, b_bgp, 2));
	ck_assert(!matches(s, 1, b_bgp_edge, 3));
	ck_assert(matches(s, 1, b_bgp_core, 3));
	ck_assert(!matches(s, 1, b_bgp_drain, 3));
	ck_assert(!matches(s, 1, d_bgp, 2));
	ck_assert(!matches(s, 1, a_only, 1)); /* Exists bgp fails */
	ck_assert(matches(s, (size_t)-1, a_r1, 2));
	ck_assert(matches(s, (size_t)-1, b_bgp, 2));
	ck_assert(!matches(s, (size_t)-1, d_bgp, 2));
	ck_assert(frs_selectors_match(&empty, NULL, true));
	ck_assert(!frs_selectors_match(&empty, NULL, false));
	memset(&none, 0, sizeof(none));
	ck_assert(frs_selector_matches(&none, NULL)); /* an empty selector matches everything */
	frs_model_free(m);
}
END_TEST

static const char *peers_doc =
	"apiVersion: metallb.io/v1beta2\n"
	"kind: BGPPeer\n"
	"metadata: {name: peer-b, namespace: metallb-system}\n"
	"spec:\n"
	"  myASN: 64500\n"
	"  peerASN: 64501\n"
	"  peerAddress: 2001:DB8::1\n"
	"  sourceAddress: 2001:db8:0::2\n"
	"  peerPort: 1179\n"
	"  holdTime: 1m30s\n"
	"  keepaliveTime: 30s\n"
	"  connectTime: 5s\n"
	"  routerID: 192.0.2.10\n"
	"  passwordSecret: {name: bgp-auth, namespace: metallb-system}\n"
	"  bfdProfile: fast\n"
	"  enableGracefulRestart: true\n"
	"  ebgpMultiHop: true\n"
	"  vrf: red\n"
	"  dualStackAddressFamily: true\n"
	"  localASN: 64999\n"
	"---\n"
	"apiVersion: metallb.io/v1beta1\n"
	"kind: BGPPeer\n"
	"metadata: {name: peer-a, namespace: metallb-system}\n"
	"spec:\n"
	"  myASN: 64500\n"
	"  peerASN: 64500\n"
	"  peerAddress: 192.0.2.1\n"
	"  password: s3cret\n"
	"  nodeSelectors:\n"
	"  - matchLabels: {kubernetes.io/hostname: worker-1}\n"
	"---\n"
	"apiVersion: metallb.io/v1beta2\n"
	"kind: BGPPeer\n"
	"metadata: {name: peer-c, namespace: metallb-system}\n"
	"spec:\n"
	"  myASN: 4200000000\n"
	"  dynamicASN: external\n"
	"  interface: eth1\n"
	"  disableMP: true\n";

START_TEST(test_model_peers)
{
	struct frs_model *m = model_of(peers_doc);
	const struct frs_peer *a, *b, *c;

	ck_assert_uint_eq(m->npeers, 3);
	a = &m->peers[0];
	b = &m->peers[1];
	c = &m->peers[2];
	ck_assert_str_eq(a->obj.name, "peer-a"); /* sorted by name, not file order */
	ck_assert_ptr_eq(frs_model_peer(m, "metallb-system", "peer-b"), b);
	ck_assert_ptr_eq(frs_model_peer(m, NULL, "peer-c"), c);
	ck_assert_ptr_null(frs_model_peer(m, "other", "peer-b"));
	ck_assert_ptr_null(frs_model_peer(m, "metallb-system", "peer-z"));

	/* v1beta1: both timers set, 0, as MetalLB's conversion leaves them */
	ck_assert_str_eq(a->obj.api_version, "metallb.io/v1beta1");
	ck_assert_uint_eq(a->my_asn, 64500);
	ck_assert_uint_eq(a->peer_asn, 64500);
	ck_assert_str_eq(a->address, "192.0.2.1");
	ck_assert(a->hold_time.set && a->hold_time.ms == 0);
	ck_assert(a->keepalive_time.set && a->keepalive_time.ms == 0);
	ck_assert(!a->connect_time.set);
	ck_assert_str_eq(a->password, "s3cret");
	ck_assert_uint_eq(a->node_selectors.n, 1);
	ck_assert_str_eq(a->node_selectors.v[0].match_labels.values[0], "worker-1");
	ck_assert_uint_eq(a->port, 0);

	ck_assert_str_eq(b->address, "2001:db8::1");
	ck_assert_str_eq(b->source_address, "2001:db8::2");
	ck_assert_uint_eq(b->port, 1179);
	ck_assert(b->hold_time.set && b->hold_time.ms == 90000);
	ck_assert(b->keepalive_time.set && b->keepalive_time.ms == 30000);
	ck_assert(b->connect_time.set && b->connect_time.ms == 5000);
	ck_assert_str_eq(b->router_id, "192.0.2.10");
	ck_assert_str_eq(b->password_secret, "bgp-auth");
	ck_assert_str_eq(b->password_secret_ns, "metallb-system");
	ck_assert_ptr_null(b->password);
	ck_assert_str_eq(b->bfd_profile, "fast");
	ck_assert(b->graceful_restart && b->ebgp_multihop && b->dual_stack && !b->disable_mp);
	ck_assert_str_eq(b->vrf, "red");
	ck_assert_uint_eq(b->local_asn, 64999);
	ck_assert_int_eq(b->dynamic_asn, FRS_DYNASN_NONE);
	ck_assert_uint_eq(b->node_selectors.n, 0);

	ck_assert_uint_eq(c->my_asn, 4200000000u);
	ck_assert_uint_eq(c->peer_asn, 0);
	ck_assert_int_eq(c->dynamic_asn, FRS_DYNASN_EXTERNAL);
	ck_assert_str_eq(c->iface, "eth1");
	ck_assert_ptr_null(c->address);
	ck_assert(!c->hold_time.set && !c->keepalive_time.set);
	ck_assert(c->disable_mp);

	/* warnings: v1beta1 deprecated (at apiVersion), disableMP deprecated */
	ck_assert_uint_eq(errs.n, 2);
	frs_errlist_sort(&errs);
	ck_assert_int_eq(errs.v[0].severity, FRS_SEV_WARNING);
	ck_assert_uint_eq(errs.v[0].line, 22);
	ck_assert_uint_eq(errs.v[0].column, 13);
	ck_assert_str_eq(errs.v[0].name, "peer-a");
	ck_assert_str_eq(errs.v[0].message,
			 "metallb.io/v1beta1 BGPPeer is deprecated, please use metallb.io/v1beta2");
	ck_assert_uint_eq(errs.v[1].line, 40);
	ck_assert_str_eq(errs.v[1].path, "spec.disableMP");
	frs_model_free(m);
}
END_TEST

static const char *misc_doc =
	"apiVersion: metallb.io/v1beta1\n"
	"kind: IPAddressPool\n"
	"metadata: {name: pool, namespace: metallb-system}\n"
	"spec:\n"
	"  addresses: [198.51.100.0/24, 203.0.113.10-203.0.113.20, 2001:db8:1::/64]\n"
	"  autoAssign: false\n"
	"  serviceAllocation: {priority: 5, namespaces: [a, b]}\n"
	"---\n"
	"apiVersion: metallb.io/v1beta1\n"
	"kind: BGPAdvertisement\n"
	"metadata: {name: adv, namespace: metallb-system}\n"
	"spec:\n"
	"  aggregationLength: 24\n"
	"  localPref: 100\n"
	"  communities: [\"65535:65282\", large:1:2:3, no-export]\n"
	"  ipAddressPools: [pool]\n"
	"  peers: [peer-a]\n"
	"---\n"
	"apiVersion: metallb.io/v1beta1\n"
	"kind: Community\n"
	"metadata: {name: communities, namespace: metallb-system}\n"
	"spec:\n"
	"  communities:\n"
	"  - {name: no-export, value: \"65535:65281\"}\n"
	"---\n"
	"apiVersion: metallb.io/v1beta1\n"
	"kind: BFDProfile\n"
	"metadata: {name: fast, namespace: metallb-system}\n"
	"spec: {receiveInterval: 100, detectMultiplier: 5, echoMode: true}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Secret\n"
	"metadata: {name: bgp-auth, namespace: metallb-system}\n"
	"type: kubernetes.io/basic-auth\n"
	"data: {username: YWRtaW4=, password: cGFzcw==}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Secret\n"
	"metadata: {name: bgp-auth2, namespace: metallb-system}\n"
	"type: kubernetes.io/basic-auth\n"
	"data: {password: cGFzcw==}\n"
	"stringData: {password: plain}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Secret\n"
	"metadata: {name: wrapped, namespace: metallb-system}\n"
	"data:\n"
	"  password: |\n"
	"    cGFz\n"
	"    c3c=\n"
	"  username: YW=RtaW4\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Service\n"
	"metadata: {name: web, namespace: default}\n"
	"spec: {type: LoadBalancer, externalTrafficPolicy: Local}\n"
	"status:\n"
	"  loadBalancer:\n"
	"    ingress: [{ip: 198.51.100.10}, {hostname: lb.example}, {ip: \"2001:DB8:1::a\"}]\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Node\n"
	"metadata: {name: worker-2, labels: {zone: b}}\n"
	"status:\n"
	"  conditions:\n"
	"  - {type: Ready, status: \"True\"}\n"
	"  - {type: NetworkUnavailable, status: \"True\"}\n"
	"---\n"
	"apiVersion: v1\n"
	"kind: Node\n"
	"metadata: {name: worker-1}\n"
	"---\n"
	"apiVersion: discovery.k8s.io/v1\n"
	"kind: EndpointSlice\n"
	"metadata:\n"
	"  name: web-abc\n"
	"  namespace: default\n"
	"  labels: {kubernetes.io/service-name: web}\n"
	"endpoints:\n"
	"- addresses: [10.0.0.1]\n"
	"  nodeName: worker-1\n"
	"- addresses: [10.0.0.2]\n"
	"  nodeName: worker-2\n"
	"  conditions: {ready: false, terminating: true}\n";

START_TEST(test_model_other_kinds)
{
	struct frs_model *m = model_of(misc_doc);
	const struct frs_pool *p;
	const struct frs_bgpadv *a;
	const struct frs_secret *s;
	const struct frs_service *svc;
	const struct frs_endpointslice *es;
	char b[64];

	ck_assert_uint_eq(errs.n, 0);
	p = frs_model_pool(m, "metallb-system", "pool");
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->naddresses, 3);
	ck_assert_uint_eq(p->ncidrs, 6);
	ck_assert_str_eq(prefix_str(&p->cidrs[1], b, sizeof(b)), "203.0.113.10/31");
	ck_assert_uint_eq(p->cidr_entry[1], 1);
	ck_assert_uint_eq(p->cidr_entry[4], 1);
	ck_assert_str_eq(prefix_str(&p->cidrs[5], b, sizeof(b)), "2001:db8:1::/64");
	ck_assert_uint_eq(p->cidr_entry[5], 2);
	ck_assert(!p->auto_assign && !p->avoid_buggy_ips);
	ck_assert_int_eq(p->alloc_priority, 5);
	ck_assert_uint_eq(p->nalloc_namespaces, 2);

	ck_assert_uint_eq(m->nbgpadvs, 1);
	a = &m->bgpadvs[0];
	ck_assert_int_eq(a->aggregation_length, 24);
	ck_assert_int_eq(a->aggregation_length_v6, 128);
	ck_assert_uint_eq(a->local_pref, 100);
	ck_assert_uint_eq(a->ncommunities, 3);
	ck_assert_str_eq(a->communities[2], "no-export");
	ck_assert_str_eq(a->pools[0], "pool");
	ck_assert_str_eq(a->peers[0], "peer-a");

	ck_assert_uint_eq(m->ncommunities, 1);
	ck_assert_uint_eq(m->communities[0].naliases, 1);
	ck_assert_str_eq(m->communities[0].aliases[0].value, "65535:65281");

	ck_assert_uint_eq(m->nbfd_profiles, 1);
	ck_assert(m->bfd_profiles[0].has_receive_interval && !m->bfd_profiles[0].has_transmit_interval);
	ck_assert_uint_eq(m->bfd_profiles[0].receive_interval, 100);
	ck_assert_uint_eq(m->bfd_profiles[0].detect_multiplier, 5);
	ck_assert(m->bfd_profiles[0].has_echo_mode && m->bfd_profiles[0].echo_mode);
	ck_assert(!m->bfd_profiles[0].has_passive_mode);
	ck_assert_ptr_nonnull(frs_model_bfd_profile(m, "metallb-system", "fast"));

	s = frs_model_secret(m, "metallb-system", "bgp-auth");
	ck_assert_str_eq(s->type, "kubernetes.io/basic-auth");
	ck_assert_str_eq(s->username, "admin");
	ck_assert_str_eq(s->password, "pass");
	ck_assert_str_eq(frs_model_secret(m, "metallb-system", "bgp-auth2")->password, "plain");
	ck_assert_str_eq(frs_model_secret(m, "metallb-system", "wrapped")->password, "passw");
	ck_assert_ptr_null(frs_model_secret(m, "metallb-system", "wrapped")->username); /* bad */

	ck_assert_uint_eq(m->nservices, 1);
	svc = &m->services[0];
	ck_assert_str_eq(svc->type, "LoadBalancer");
	ck_assert(svc->etp_local);
	ck_assert_uint_eq(svc->ningress_ips, 2);
	ck_assert_str_eq(svc->ingress_ips[1], "2001:db8:1::a");

	ck_assert_uint_eq(m->nnodes, 2);
	ck_assert_str_eq(m->nodes[0].obj.name, "worker-1");
	ck_assert_ptr_null(m->nodes[0].obj.ns);
	ck_assert(!m->nodes[0].network_unavailable);
	ck_assert(frs_model_node(m, "worker-2")->network_unavailable);
	ck_assert_str_eq(frs_labels_get(&frs_model_node(m, "worker-2")->obj.labels, "zone"), "b");
	ck_assert_ptr_null(frs_model_node(m, "worker-3"));

	es = &m->endpointslices[0];
	ck_assert_str_eq(es->service, "web");
	ck_assert_uint_eq(es->nendpoints, 2);
	ck_assert(es->endpoints[0].ready && es->endpoints[0].serving && !es->endpoints[0].terminating);
	ck_assert(!es->endpoints[1].ready && !es->endpoints[1].serving && es->endpoints[1].terminating);
	ck_assert_str_eq(es->endpoints[1].node_name, "worker-2");
	frs_model_free(m);
}
END_TEST

START_TEST(test_model_classify)
{
	const char *y = "apiVersion: example.com/v1\n"
			"kind: Widget\n"
			"metadata: {name: w}\n"
			"---\n"
			"apiVersion: metallb.io/v1beta3\n"
			"kind: BGPPeer\n"
			"metadata: {name: p}\n"
			"---\n"
			"- just a list\n"
			"---\n"
			"kind: Service\n"
			"---\n"
			"apiVersion: v1\n"
			"kind: Service\n"
			"metadata: {namespace: default}\n"
			"---\n"
			"apiVersion: v1\n"
			"kind: Service\n"
			"metadata: {name: ok}\n";
	struct frs_model *m = model_of(y);

	ck_assert_uint_eq(m->nservices, 1);
	ck_assert_str_eq(m->services[0].obj.ns, "default");
	ck_assert_uint_eq(errs.n, 5);
	ck_assert_int_eq(errs.v[0].severity, FRS_SEV_WARNING);
	ck_assert_str_eq(errs.v[0].message, "unknown kind Widget (apiVersion example.com/v1): ignored");
	ck_assert_uint_eq(errs.v[0].line, 2);
	ck_assert_uint_eq(errs.v[0].column, 7);
	ck_assert_str_eq(errs.v[1].message,
			 "unknown kind BGPPeer (apiVersion metallb.io/v1beta3): ignored");
	ck_assert_int_eq(errs.v[2].severity, FRS_SEV_ERROR);
	ck_assert_uint_eq(errs.v[2].line, 9);
	ck_assert_str_eq(errs.v[2].message,
			 "a resource must be an object with apiVersion, kind and metadata");
	ck_assert_str_eq(errs.v[3].path, "apiVersion");
	ck_assert_str_eq(errs.v[3].message, "required field is missing");
	ck_assert_uint_eq(errs.v[3].line, 11);
	ck_assert_str_eq(errs.v[4].path, "metadata.name");
	ck_assert_str_eq(errs.v[4].kind, "Service");
	frs_model_free(m);
}
END_TEST

START_TEST(test_model_order_independent)
{
	const char *one = "apiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: y}\n---\n"
			  "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: y}\n---\n"
			  "apiVersion: v1\nkind: Service\nmetadata: {name: z, namespace: x}\n";
	const char *two = "apiVersion: v1\nkind: Service\nmetadata: {name: z, namespace: x}\n---\n"
			  "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: y}\n---\n"
			  "apiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: y}\n";
	struct frs_model *m1 = model_of(one), *m2 = model_of(two);

	ck_assert_uint_eq(m1->nservices, 3);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_str_eq(m1->services[i].obj.ns, m2->services[i].obj.ns);
		ck_assert_str_eq(m1->services[i].obj.name, m2->services[i].obj.name);
	}
	ck_assert_str_eq(m1->services[0].obj.name, "z");
	ck_assert_str_eq(m1->services[1].obj.name, "a");
	frs_model_free(m1);
	frs_model_free(m2);
}
END_TEST

START_TEST(test_model_object_loc)
{
	struct frs_model *m = model_of(peers_doc);
	const struct frs_peer *b = frs_model_peer(m, NULL, "peer-b");
	struct frs_loc l;

	l = frs_object_loc(&b->obj, "spec.holdTime");
	ck_assert_str_eq(l.file, "t.yaml");
	ck_assert_uint_eq(l.line, 10);
	ck_assert_uint_eq(l.column, 13);
	l = frs_object_loc(&b->obj, "spec.passwordSecret.name");
	ck_assert_uint_eq(l.line, 14);
	ck_assert_uint_eq(l.column, 26);
	l = frs_object_loc(&b->obj, "spec.nodeSelectors[0]"); /* missing: its parent, spec */
	ck_assert_uint_eq(l.line, 5);
	ck_assert_uint_eq(l.column, 3);
	l = frs_object_loc(&b->obj, NULL);
	ck_assert_uint_eq(l.line, 1);
	ck_assert_uint_eq(l.column, 1);
	l = frs_object_loc(NULL, "x");
	ck_assert_ptr_null(l.file);
	frs_model_free(m);
}
END_TEST

/*
 * Conversion runs only on validated documents, but must not trust them blindly either: feed it
 * mutated manifests (fixed seed, so a failure reproduces) without validation and expect no crash
 * (ASan runs this too).
 */
START_TEST(test_model_survives_mutations)
{
	static const char *seeds[] = { NULL /* peers_doc */, NULL /* misc_doc */, NULL /* sel_doc */,
				       "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": "
				       "{\"name\": \"a\"}, \"status\": {\"loadBalancer\": "
				       "{\"ingress\": [{\"ip\": \"192.0.2.1\"}]}}}" };
	static const char alphabet[] = "{}[]:,-#&*!|>'\"\n\t 0aZ.~?%@`";
	uint32_t x = 12345;
	size_t converted = 0;

	seeds[0] = peers_doc;
	seeds[1] = misc_doc;
	seeds[2] = sel_doc;
	for (int round = 0; round < 3000; round++) {
		const char *seed = seeds[round % 4];
		size_t len = strlen(seed);
		char *buf = malloc(len + 8);
		struct frs_model *m = frs_model__new();
		bool *known = NULL, *ok = NULL;
		struct frs_errlist e = FRS_ERRLIST_INIT;

		if (!buf || !m)
			ck_abort_msg("out of memory");
		memcpy(buf, seed, len + 1);
		for (int k = 0; k < 1 + round % 4; k++) {
			x = x * 1103515245u + 12345u;
			size_t at = (x >> 8) % len;
			buf[at] = alphabet[(x >> 20) % (sizeof(alphabet) - 1)];
		}
		frs_docset_load_mem(&m->docs, round % 4 == 3 ? "f.json" : "f.yaml", buf, len, &e);
		known = calloc(m->docs.ndocs + 1, sizeof(bool));
		ok = malloc((m->docs.ndocs + 1) * sizeof(bool));
		if (!known || !ok)
			ck_abort_msg("out of memory");
		for (size_t i = 0; i < m->docs.ndocs; i++)
			ok[i] = true;
		if (frs_model__classify(&m->docs, known, &e) != FRS_OK ||
		    frs_model__convert(m, known, ok, &e) != FRS_OK)
			ck_abort_msg("round %d: conversion failed", round);
		converted += m->npeers + m->npools + m->nservices + m->nbgpadvs;
		for (size_t i = 0; i < e.n; i++)
			if (!e.v[i].message || (e.v[i].file && !e.v[i].line && e.v[i].code == FRS_EPARSE))
				ck_abort_msg("round %d: an error without message or position", round);
		free(known);
		free(ok);
		free(buf);
		frs_errlist_dispose(&e);
		frs_model_free(m);
	}
	ck_assert_uint_gt(converted, 1000); /* most mutations still convert something */
}
END_TEST

START_TEST(test_model_labels_parse)
{
	struct frs_labels l = { 0 };

	ck_assert_int_eq(frs_labels_parse(&l, "zone=b,rack=r1,kubernetes.io/hostname=worker-1"), FRS_OK);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.keys[0], "kubernetes.io/hostname"); /* sorted by key */
	ck_assert_str_eq(l.keys[1], "rack");
	ck_assert_str_eq(frs_labels_get(&l, "zone"), "b");
	ck_assert_ptr_null(frs_labels_get(&l, "nope"));
	frs_labels_dispose(&l);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(frs_labels_parse(&l, "zone"), FRS_EPARSE);
	ck_assert_int_eq(frs_labels_parse(&l, "=v"), FRS_EPARSE);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(frs_labels_parse(&l, "empty="), FRS_OK);
	ck_assert_str_eq(frs_labels_get(&l, "empty"), "");
	frs_labels_dispose(&l);
	frs_labels_dispose(NULL);
}
END_TEST

/* The one IP parser (Go's net.ParseIP) and the selection rules every command asks. */
START_TEST(test_model_ip_parse_like_go)
{
	struct frs_prefix p;
	char b[64];

	ck_assert(frs_ip_parse(&p, "192.0.2.1"));
	ck_assert_int_eq(p.family, AF_INET);
	ck_assert_uint_eq(p.len, 32);
	ck_assert_uint_eq(p.addr[0], 192);
	/* IPv4-mapped: Go's To4() succeeds, so MetalLB masks and prints it as IPv4 */
	ck_assert(frs_ip_parse(&p, "::ffff:192.0.2.1"));
	ck_assert_int_eq(p.family, AF_INET);
	ck_assert_uint_eq(p.len, 32);
	inet_ntop(AF_INET, p.addr, b, sizeof(b));
	ck_assert_str_eq(b, "192.0.2.1");
	ck_assert_uint_eq(p.addr[4], 0);
	ck_assert(frs_ip_parse(&p, "2001:db8::1"));
	ck_assert_int_eq(p.family, AF_INET6);
	ck_assert_uint_eq(p.len, 128);
	ck_assert(frs_ip_parse(&p, "::192.0.2.1")); /* IPv4-compatible is not mapped */
	ck_assert_int_eq(p.family, AF_INET6);
	ck_assert(!frs_ip_parse(&p, "192.0.2.01")); /* Go rejects leading zeros */
	ck_assert(!frs_ip_parse(&p, "fe80::1%eth0"));
	ck_assert(!frs_ip_parse(&p, " 192.0.2.1"));
	ck_assert(!frs_ip_parse(&p, NULL));
}
END_TEST

START_TEST(test_model_selection_helpers)
{
	static char *named[] = { "pool-a" };
	static char *peers[] = { "peer-b" };
	char *k[] = { "tier" }, *v[] = { "gold" };
	struct frs_selector sel = { .match_labels = { 1, k, v } };
	struct frs_pool a = { .obj = { .name = "pool-a", .ns = "m" } };
	struct frs_pool b = { .obj = { .name = "pool-b", .ns = "m", .labels = { 1, k, v } } };
	struct frs_pool other_ns = { .obj = { .name = "pool-a", .ns = "x" } };
	struct frs_bgpadv all = { .obj = { .name = "adv", .ns = "m" } };
	struct frs_bgpadv by_name = all, by_sel = all, by_peer = all;
	struct frs_peer pa = { .obj = { .name = "peer-a", .ns = "m" }, .my_asn = 1, .peer_asn = 2 };
	struct frs_peer pb = { .obj = { .name = "peer-b", .ns = "m" }, .my_asn = 1, .peer_asn = 1 };
	struct frs_peer px = { .obj = { .name = "peer-b", .ns = "x" } };
	struct frs_endpoint ep = { 0 };

	by_name.pools = named;
	by_name.npools = 1;
	by_sel.pool_selectors = (struct frs_selectors){ &sel, 1 };
	by_peer.peers = peers;
	by_peer.npeers = 1;
	/* neither names nor selectors: every pool of the namespace */
	ck_assert(frs_bgpadv_selects_pool(&all, &a) && frs_bgpadv_selects_pool(&all, &b));
	ck_assert(!frs_bgpadv_selects_pool(&all, &other_ns));
	ck_assert(frs_bgpadv_selects_pool(&by_name, &a) && !frs_bgpadv_selects_pool(&by_name, &b));
	ck_assert(!frs_bgpadv_selects_pool(&by_name, &other_ns));
	ck_assert(!frs_bgpadv_selects_pool(&by_sel, &a) && frs_bgpadv_selects_pool(&by_sel, &b));

	ck_assert(frs_bgpadv_selects_peer(&all, &pa) && frs_bgpadv_selects_peer(&all, &pb));
	ck_assert(!frs_bgpadv_selects_peer(&by_peer, &pa) && frs_bgpadv_selects_peer(&by_peer, &pb));
	ck_assert(!frs_bgpadv_selects_peer(&by_peer, &px));

	ck_assert(!frs_peer_is_ibgp(&pa) && frs_peer_is_ibgp(&pb));
	pa.dynamic_asn = FRS_DYNASN_INTERNAL;
	pa.peer_asn = 0;
	ck_assert(frs_peer_is_ibgp(&pa));
	pb.dynamic_asn = FRS_DYNASN_EXTERNAL;
	pb.peer_asn = 0;
	pb.my_asn = 0;
	ck_assert(!frs_peer_is_ibgp(&pb));

	/* the pool that holds an IP: CIDR bits compared, not whole bytes */
	{
		struct frs_prefix cidrs[2], ip;
		struct frs_pool pools[2] = { { .obj = { .name = "p4" }, .cidrs = &cidrs[0], .ncidrs = 1 },
					     { .obj = { .name = "p6" }, .cidrs = &cidrs[1], .ncidrs = 1 } };
		struct frs_model m = { .pools = pools, .npools = 2 };

		ck_assert(frs_ip_parse(&cidrs[0], "198.51.100.64"));
		cidrs[0].len = 27;
		ck_assert(frs_ip_parse(&cidrs[1], "2001:db8::"));
		cidrs[1].len = 33;
		ck_assert(frs_ip_parse(&ip, "198.51.100.95"));
		ck_assert_ptr_eq(frs_model_pool_of(&m, &ip), &pools[0]);
		ck_assert(frs_ip_parse(&ip, "198.51.100.96"));
		ck_assert_ptr_null(frs_model_pool_of(&m, &ip));
		ck_assert(frs_ip_parse(&ip, "::ffff:198.51.100.70")); /* mapped: the IPv4 pool */
		ck_assert_ptr_eq(frs_model_pool_of(&m, &ip), &pools[0]);
		ck_assert(frs_ip_parse(&ip, "2001:db8:7fff::1"));
		ck_assert_ptr_eq(frs_model_pool_of(&m, &ip), &pools[1]);
		ck_assert(frs_ip_parse(&ip, "2001:db8:8000::1"));
		ck_assert_ptr_null(frs_model_pool_of(&m, &ip));
	}

	ep.ready = true;
	ck_assert(frs_endpoint_can_serve(&ep));
	ep.ready = false;
	ck_assert(!frs_endpoint_can_serve(&ep));
	ep.serving = true; /* terminating, still serving */
	ep.terminating = true;
	ck_assert(frs_endpoint_can_serve(&ep));
}
END_TEST

Suite *frs_model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("model");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_model_duration);
	tcase_add_test(tc, test_model_load_stream);
	tcase_add_test(tc, test_model_duration_ns_like_go);
	tcase_add_test(tc, test_model_labels_parse);
	tcase_add_test(tc, test_model_ranges);
	tcase_add_test(tc, test_model_canon_ip);
	tcase_add_test(tc, test_model_ip_parse_like_go);
	tcase_add_test(tc, test_model_selection_helpers);
	tcase_add_test(tc, test_model_selectors);
	tcase_add_test(tc, test_model_peers);
	tcase_add_test(tc, test_model_other_kinds);
	tcase_add_test(tc, test_model_classify);
	tcase_add_test(tc, test_model_order_independent);
	tcase_add_test(tc, test_model_object_loc);
	tcase_add_test(tc, test_model_survives_mutations);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
