/* SPDX-License-Identifier: MIT */
/* Unit tests of frrgen/rules.c: the cross-object rules, run on a model built from YAML. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/doc.h>
#include <frrshim/err.h>
#include <frrshim/model.h>

#include "frrgen/model_int.h"
#include "frrgen/validate.h"
#include "suites.h"

#define OBJ(kind, name, body)                                                                  \
	"---\napiVersion: metallb.io/v1beta1\nkind: " kind "\nmetadata:\n  name: " name            \
	"\n  namespace: metallb-system\n" body
#define PEER(name, spec)                                                                       \
	"---\napiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata:\n  name: " name             \
	"\n  namespace: metallb-system\nspec:\n" spec
#define POOL(name, addrs) OBJ("IPAddressPool", name, "spec:\n  addresses: " addrs "\n")
#define NODE(name, rack)                                                                       \
	"---\napiVersion: v1\nkind: Node\nmetadata:\n  name: " name "\n  labels:\n    rack: " rack "\n"

struct run {
	struct frs_model *m;
	struct frs_errlist errs;
	enum frs_err rc;
};

/* Rules only: the model converts every document, validation is not run. */
static void run_rules(struct run *r, const char *yaml)
{
	bool known[32], ok[32];

	memset(r, 0, sizeof(*r));
	frs_errlist_init(&r->errs);
	r->m = frs_model__new();
	ck_assert_ptr_nonnull(r->m);
	ck_assert_int_eq(frs_docset_load_mem(&r->m->docs, "t.yaml", yaml, strlen(yaml), &r->errs),
			 FRS_OK);
	ck_assert_uint_le(r->m->docs.ndocs, 32);
	for (size_t i = 0; i < 32; i++)
		ok[i] = true;
	ck_assert_int_eq(frs_model__classify(&r->m->docs, known, &r->errs), FRS_OK);
	ck_assert_int_eq(frs_model__convert(r->m, known, ok, &r->errs), FRS_OK);
	/* conversion warnings (deprecations) are not what these tests look at */
	frs_errlist_dispose(&r->errs);
	r->rc = frs_rules_check(r->m, &r->errs);
	frs_errlist_sort(&r->errs);
}

static void run_done(struct run *r)
{
	frs_errlist_dispose(&r->errs);
	frs_model_free(r->m);
}

/* One diagnostic of severity @p sev and nothing else; a warning leaves the set valid. */
static void expect_diag(const char *yaml, enum frs_severity sev, const char *name,
			const char *path, const char *msg)
{
	struct run r;

	run_rules(&r, yaml);
	ck_assert_msg(r.errs.n == 1, "%s: %zu diagnostics, first: %s", path, r.errs.n,
		      r.errs.n ? r.errs.v[0].message : "-");
	ck_assert_int_eq(r.errs.v[0].severity, sev);
	ck_assert_int_eq(r.rc, sev == FRS_SEV_ERROR ? FRS_EINVALID : FRS_OK);
	ck_assert_str_eq(r.errs.v[0].name, name);
	ck_assert_str_eq(r.errs.v[0].path, path);
	if (msg)
		ck_assert_str_eq(r.errs.v[0].message, msg);
	ck_assert_uint_gt(r.errs.v[0].line, 0);
	run_done(&r);
}

static void expect_one(const char *yaml, const char *name, const char *path, const char *msg)
{
	expect_diag(yaml, FRS_SEV_ERROR, name, path, msg);
}

static void expect_warning(const char *yaml, const char *name, const char *path, const char *msg)
{
	expect_diag(yaml, FRS_SEV_WARNING, name, path, msg);
}

static void expect_clean(const char *yaml)
{
	struct run r;

	run_rules(&r, yaml);
	ck_assert_msg(r.errs.n == 0, "unexpected: %s: %s", r.errs.n ? r.errs.v[0].path : "",
		      r.errs.n ? r.errs.v[0].message : "");
	ck_assert_int_eq(r.rc, FRS_OK);
	run_done(&r);
}

START_TEST(test_rules_pool_overlap_between_pools)
{
	expect_one(POOL("a", "[198.51.100.0/24]") POOL("b", "[203.0.113.0/24, 198.51.100.64/26]"),
		   "b", "spec.addresses[1]",
		   "\"198.51.100.64/26\" overlaps IPAddressPool metallb-system/a spec.addresses[0] "
		   "\"198.51.100.0/24\": an address may belong to one pool entry only");
	expect_one(POOL("a", "[\"2001:db8::/64\"]") POOL("b", "[\"2001:db8::5-2001:db8::9\"]"),
		   "b", "spec.addresses[0]", NULL);
	expect_clean(POOL("a", "[198.51.100.0/25]") POOL("b", "[198.51.100.128/25]")
		     POOL("c", "[\"2001:db8::/64\"]"));
}
END_TEST

START_TEST(test_rules_pool_overlap_within_pool)
{
	expect_one(POOL("a", "[198.51.100.0/24, 198.51.100.10-198.51.100.20]"), "a",
		   "spec.addresses[1]",
		   "\"198.51.100.10-198.51.100.20\" overlaps spec.addresses[0] \"198.51.100.0/24\" of "
		   "the same pool: an address may belong to one pool entry only");
	/* a range that summarises into several CIDRs is one entry: no overlap with itself */
	expect_clean(POOL("a", "[198.51.100.3-198.51.100.200]"));
}
END_TEST

START_TEST(test_rules_aggregation_against_pool)
{
	expect_one(POOL("p", "[198.51.100.0/24]")
		   OBJ("BGPAdvertisement", "adv", "spec:\n  aggregationLength: 22\n"),
		   "adv", "spec.aggregationLength",
		   "must be at least 24 for IPAddressPool metallb-system/p spec.addresses[0] "
		   "\"198.51.100.0/24\" (an IPv4 /22 aggregate would cover addresses outside the "
		   "pool), got 22");
	/* the IPv6 length is checked against IPv6 entries only, and named as such */
	expect_one(POOL("p", "[198.51.100.0/24, \"2001:db8::/56\"]")
		   OBJ("BGPAdvertisement", "adv", "spec:\n  aggregationLength: 24\n"
		       "  aggregationLengthV6: 48\n  ipAddressPools: [p]\n"),
		   "adv", "spec.aggregationLengthV6", NULL);
	expect_clean(POOL("p", "[198.51.100.0/24, \"2001:db8::/56\"]")
		     OBJ("BGPAdvertisement", "adv", "spec:\n  aggregationLength: 24\n"
			 "  aggregationLengthV6: 56\n"));
	/* an advertisement of other pools does not care */
	expect_clean(POOL("p", "[198.51.100.0/24]") POOL("q", "[203.0.113.0/24]")
		     POOL("r", "[192.0.0.0/16]")
		     OBJ("BGPAdvertisement", "adv", "spec:\n  aggregationLength: 16\n"
			 "  ipAddressPools: [r]\n"));
}
END_TEST

START_TEST(test_rules_local_pref_conflict)
{
	const char *pool = POOL("p", "[198.51.100.0/24]");
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s%s%s", pool,
		 OBJ("BGPAdvertisement", "a", "spec:\n  localPref: 100\n"),
		 OBJ("BGPAdvertisement", "b", "spec:\n  localPref: 200\n  communities: [\"1:1\"]\n"));
	expect_one(buf, "b", "spec.localPref",
		   "200 conflicts with localPref 100 of BGPAdvertisement metallb-system/a: both "
		   "announce IPAddressPool metallb-system/p with the same aggregation length to the "
		   "same peers");
	/* different aggregation, disjoint peers, disjoint nodes or serviceSelectors: allowed */
	snprintf(buf, sizeof(buf), "%s%s%s", pool,
		 OBJ("BGPAdvertisement", "a", "spec:\n  localPref: 100\n"),
		 OBJ("BGPAdvertisement", "b", "spec:\n  localPref: 200\n  aggregationLength: 25\n"));
	expect_clean(buf);
	snprintf(buf, sizeof(buf), "%s%s%s%s%s", pool,
		 PEER("x", "  myASN: 1\n  peerASN: 1\n  peerAddress: 192.0.2.1\n"),
		 PEER("y", "  myASN: 1\n  peerASN: 1\n  peerAddress: 192.0.2.2\n"),
		 OBJ("BGPAdvertisement", "a", "spec:\n  localPref: 100\n  peers: [x]\n"),
		 OBJ("BGPAdvertisement", "b", "spec:\n  localPref: 200\n  peers: [y]\n"));
	expect_clean(buf);
	snprintf(buf, sizeof(buf), "%s%s%s%s%s", pool, NODE("n1", "r1"), NODE("n2", "r2"),
		 OBJ("BGPAdvertisement", "a", "spec:\n  localPref: 100\n  nodeSelectors:\n"
		     "  - matchLabels: {rack: r1}\n"),
		 OBJ("BGPAdvertisement", "b", "spec:\n  localPref: 200\n  nodeSelectors:\n"
		     "  - matchLabels: {rack: r2}\n"));
	expect_clean(buf);
	snprintf(buf, sizeof(buf), "%s%s%s", pool,
		 OBJ("BGPAdvertisement", "a", "spec:\n  localPref: 100\n"),
		 OBJ("BGPAdvertisement", "b", "spec:\n  localPref: 200\n  serviceSelectors:\n"
		     "  - matchLabels: {app: web}\n"));
	expect_clean(buf);
}
END_TEST

START_TEST(test_rules_metallb_leniency)
{
	/* MetalLB skips a pool name that has no pool */
	expect_warning(POOL("p", "[198.51.100.0/24]")
		       OBJ("BGPAdvertisement", "a", "spec:\n  ipAddressPools: [p, q]\n"),
		       "a", "spec.ipAddressPools[1]",
		       "names no IPAddressPool in namespace metallb-system: nothing is announced "
		       "for \"q\"");
	expect_warning(OBJ("L2Advertisement", "l", "spec:\n  ipAddressPools: [q]\n"),
		       "l", "spec.ipAddressPools[0]",
		       "names no IPAddressPool in namespace metallb-system: nothing is announced "
		       "for \"q\"");
	/* localPref whose peers are all eBGP: said; one iBGP peer among them: fine */
	expect_warning(POOL("p", "[198.51.100.0/24]")
		       PEER("e", "  myASN: 1\n  peerASN: 2\n  peerAddress: 192.0.2.1\n")
		       PEER("f", "  myASN: 1\n  dynamicASN: external\n  peerAddress: 192.0.2.2\n")
		       OBJ("BGPAdvertisement", "a", "spec:\n  localPref: 100\n"),
		       "a", "spec.localPref",
		       "100 is never sent: its BGPPeers e, f are all eBGP (FRR sends LOCAL_PREF to "
		       "iBGP peers only)");
	expect_clean(POOL("p", "[198.51.100.0/24]")
		     PEER("e", "  myASN: 1\n  peerASN: 2\n  peerAddress: 192.0.2.1\n")
		     PEER("i", "  myASN: 1\n  dynamicASN: internal\n  peerAddress: 192.0.2.2\n")
		     OBJ("BGPAdvertisement", "a", "spec:\n  localPref: 100\n"));
	/* serviceSelectors: the webhook lets it pass; a Service of the set both select is warned */
	{
		const char *advs =
			OBJ("BGPAdvertisement", "a", "spec:\n  localPref: 100\n  serviceSelectors:\n"
			    "  - matchLabels: {app: web}\n")
			OBJ("BGPAdvertisement", "b", "spec:\n  localPref: 200\n");
		const char *svc = "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
				  "  namespace: shop\n  labels: {app: web}\nspec:\n  type: LoadBalancer\n"
				  "status:\n  loadBalancer:\n    ingress:\n    - ip: 198.51.100.7\n";
		char buf[4096];

		snprintf(buf, sizeof(buf), "%s%s", POOL("p", "[198.51.100.0/24]"), advs);
		expect_clean(buf);
		snprintf(buf, sizeof(buf), "%s%s%s", POOL("p", "[198.51.100.0/24]"), advs, svc);
		expect_warning(buf, "b", "spec.localPref",
			       "200 conflicts with localPref 100 of BGPAdvertisement metallb-system/a "
			       "for Service shop/web (198.51.100.7): MetalLB does not announce the "
			       "Service");
	}
	/* one matchExpression twice in a selector, values as a set */
	expect_one(PEER("x", "  myASN: 1\n  peerASN: 2\n  peerAddress: 192.0.2.1\n"
			"  nodeSelectors:\n  - matchExpressions:\n"
			"    - {key: k, operator: In, values: [a, b]}\n"
			"    - {key: k, operator: In, values: [b, a]}\n"),
		   "x", "spec.nodeSelectors[0].matchExpressions[1]", "duplicate of matchExpressions[0]");
	expect_clean(PEER("x", "  myASN: 1\n  peerASN: 2\n  peerAddress: 192.0.2.1\n"
			  "  nodeSelectors:\n  - matchExpressions:\n"
			  "    - {key: k, operator: In, values: [a, b]}\n"
			  "    - {key: k, operator: NotIn, values: [b, a]}\n"));
}
END_TEST

START_TEST(test_rules_duplicates)
{
	/* MetalLB compares whole objects: two names with one spec are accepted */
	expect_warning(POOL("p", "[198.51.100.0/24]")
		       OBJ("BGPAdvertisement", "a", "spec:\n  communities: [\"1:1\"]\n")
		       OBJ("BGPAdvertisement", "b", "spec:\n  communities: [\"1:1\"]\n"),
		       "b", "spec", "is identical to BGPAdvertisement metallb-system/a: one of them is "
		       "redundant");
	expect_one(OBJ("BFDProfile", "f", "spec: {}\n") OBJ("BFDProfile", "f", "spec: {}\n"),
		   "f", "metadata.name",
		   "duplicate definition: BFDProfile f is already defined at t.yaml:5:9");
	expect_one(OBJ("Community", "c1", "spec:\n  communities:\n  - {name: gold, value: \"1:1\"}\n")
		   OBJ("Community", "c2", "spec:\n  communities:\n  - {name: silver, value: \"1:2\"}\n"
		       "  - {name: gold, value: \"1:3\"}\n"),
		   "c2", "spec.communities[1].name",
		   "alias \"gold\" is already defined by Community metallb-system/c1 spec.communities[0]");
	expect_one(OBJ("BGPAdvertisement", "a", "spec:\n  nodeSelectors:\n  - matchLabels: {a: b}\n"
		       "  - matchLabels: {a: c}\n  - matchLabels: {a: b}\n"),
		   "a", "spec.nodeSelectors[2]", "duplicate of spec.nodeSelectors[0]");
}
END_TEST

START_TEST(test_rules_peers_on_a_node)
{
	char buf[4096];

	/* without Nodes every pair may meet */
	expect_one(PEER("a", "  myASN: 1\n  peerASN: 2\n  peerAddress: 192.0.2.1\n  routerID: 192.0.2.9\n")
		   PEER("b", "  myASN: 1\n  peerASN: 3\n  peerAddress: 192.0.2.2\n"),
		   "b", "spec.routerID",
		   "unset differs from the routerID of BGPPeer metallb-system/a (\"192.0.2.9\") and no Node is given, "
		   "so both may run on every node: peers on one node must have the same routerID");
	expect_one(PEER("a", "  myASN: 1\n  peerASN: 2\n  peerAddress: 192.0.2.1\n")
		   PEER("b", "  myASN: 1\n  peerASN: 3\n  peerAddress: 192.0.2.1\n"),
		   "b", "spec.peerAddress", NULL);
	expect_one(PEER("a", "  myASN: 1\n  peerASN: 2\n  peerAddress: 192.0.2.1\n")
		   PEER("b", "  myASN: 7\n  peerASN: 3\n  peerAddress: 192.0.2.2\n"),
		   "b", "spec.myASN", NULL);
	/* other VRF: the same neighbor and another ASN are fine */
	expect_clean(PEER("a", "  myASN: 1\n  peerASN: 2\n  peerAddress: 192.0.2.1\n")
		     PEER("b", "  myASN: 7\n  peerASN: 3\n  peerAddress: 192.0.2.1\n  vrf: red\n"));
	/* with Nodes: only peers that share one conflict, and the node is named */
	snprintf(buf, sizeof(buf), "%s%s%s%s", NODE("n1", "r1"), NODE("n2", "r2"),
		 PEER("a", "  myASN: 1\n  peerASN: 2\n  peerAddress: 192.0.2.1\n  nodeSelectors:\n"
		      "  - matchLabels: {rack: r1}\n"),
		 PEER("b", "  myASN: 7\n  peerASN: 3\n  peerAddress: 192.0.2.2\n  nodeSelectors:\n"
		      "  - matchLabels: {rack: r2}\n"));
	expect_clean(buf);
	snprintf(buf, sizeof(buf), "%s%s%s%s", NODE("n1", "r1"), NODE("n2", "r2"),
		 PEER("a", "  myASN: 1\n  peerASN: 2\n  peerAddress: 192.0.2.1\n  nodeSelectors:\n"
		      "  - matchLabels: {rack: r2}\n"),
		 PEER("b", "  myASN: 7\n  peerASN: 3\n  peerAddress: 192.0.2.2\n"));
	expect_one(buf, "b", "spec.myASN",
		   "7 differs from BGPPeer metallb-system/a (1) in the same VRF (default) and both "
		   "select node n2: one node has one local ASN per VRF");
}
END_TEST

START_TEST(test_rules_bfd_echo_ipv6)
{
	const char *bfd = OBJ("BFDProfile", "echo", "spec:\n  echoMode: true\n");
	const char *peer = PEER("a", "  myASN: 1\n  peerASN: 2\n  peerAddress: 192.0.2.1\n"
				"  bfdProfile: echo\n");
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s%s%s%s", bfd, peer, POOL("v6", "[\"2001:db8::/64\"]"),
		 OBJ("BGPAdvertisement", "adv", "spec:\n  ipAddressPools: [v6]\n"));
	expect_one(buf, "a", "spec.bfdProfile",
		   "BFDProfile echo has echoMode enabled, which is not possible for a peer that "
		   "BGPAdvertisement metallb-system/adv sends the IPv6 addresses of IPAddressPool "
		   "metallb-system/v6");
	/* an advertisement to another peer does not count */
	snprintf(buf, sizeof(buf), "%s%s%s%s%s", bfd, peer, POOL("v6", "[\"2001:db8::/64\"]"),
		 PEER("b", "  myASN: 1\n  peerASN: 2\n  peerAddress: 192.0.2.2\n"),
		 OBJ("BGPAdvertisement", "adv", "spec:\n  ipAddressPools: [v6]\n  peers: [b]\n"));
	expect_clean(buf);
	snprintf(buf, sizeof(buf), "%s%s%s%s", bfd, peer, POOL("v4", "[198.51.100.0/24]"),
		 OBJ("BGPAdvertisement", "adv", "spec: {}\n"));
	expect_clean(buf);
}
END_TEST

START_TEST(test_rules_one_namespace_and_unknown_peers)
{
	struct run r;

	run_rules(&r, POOL("p", "[198.51.100.0/24]") OBJ("BGPAdvertisement", "a", "spec:\n  peers: [ghost]\n")
		      "---\napiVersion: metallb.io/v1beta1\nkind: BFDProfile\nmetadata:\n  name: f\n"
		      "  namespace: other\n");
	ck_assert_uint_eq(r.errs.n, 2);
	ck_assert_int_eq(r.rc, FRS_EINVALID);
	ck_assert_str_eq(r.errs.v[0].path, "spec.peers[0]");
	ck_assert_int_eq(r.errs.v[0].severity, FRS_SEV_WARNING);
	ck_assert_str_eq(r.errs.v[1].path, "metadata.namespace");
	ck_assert_str_eq(r.errs.v[1].message,
			 "must be metallb-system like the other MetalLB resources (MetalLB reads "
			 "only its own namespace), got \"other\"");
	run_done(&r);
}
END_TEST

Suite *frs_rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_rules_pool_overlap_between_pools);
	tcase_add_test(tc, test_rules_pool_overlap_within_pool);
	tcase_add_test(tc, test_rules_aggregation_against_pool);
	tcase_add_test(tc, test_rules_local_pref_conflict);
	tcase_add_test(tc, test_rules_duplicates);
	tcase_add_test(tc, test_rules_metallb_leniency);
	tcase_add_test(tc, test_rules_peers_on_a_node);
	tcase_add_test(tc, test_rules_bfd_echo_ipv6);
	tcase_add_test(tc, test_rules_one_namespace_and_unknown_peers);
	suite_add_tcase(s, tc);
	return s;
}
