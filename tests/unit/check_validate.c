/* SPDX-License-Identifier: MIT */
/* Unit tests of frrgen/validate.c: YANG validation of documents, errors located in the manifests. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <frrshim/doc.h>
#include <frrshim/err.h>

#include "frrgen/validate.h"
#include "suites.h"

#define PEER(spec)                                                                             \
	"apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata:\n  name: peer-a\n"            \
	"  namespace: metallb-system\nspec:\n" spec
#define BASE "  myASN: 64500\n  peerASN: 64501\n  peerAddress: 192.0.2.1\n"

struct run {
	struct frs_docset set;
	struct frs_errlist errs;
	bool ok[16];
	enum frs_err rc;
};

static void run_yaml(struct run *r, const char *yaml)
{
	memset(r, 0, sizeof(*r));
	frs_docset_init(&r->set);
	frs_errlist_init(&r->errs);
	ck_assert_int_eq(frs_docset_load_mem(&r->set, "t.yaml", yaml, strlen(yaml), &r->errs), FRS_OK);
	ck_assert_uint_le(r->set.ndocs, 16);
	for (size_t i = 0; i < 16; i++)
		r->ok[i] = true;
	r->rc = frs_validate_docs(&r->set, r->ok, &r->errs);
	frs_errlist_sort(&r->errs);
}

static void run_done(struct run *r)
{
	frs_errlist_dispose(&r->errs);
	frs_docset_dispose(&r->set);
}

/* The one error of @p yaml is at @p path with @p msg (NULL: any message). */
static void expect_one(const char *yaml, const char *path, const char *msg)
{
	struct run r;

	run_yaml(&r, yaml);
	ck_assert_msg(r.errs.n == 1, "%s: %zu diagnostics, first: %s", path, r.errs.n,
		      r.errs.n ? r.errs.v[0].message : "-");
	ck_assert_int_eq(r.rc, FRS_EINVALID);
	ck_assert_int_eq(r.errs.v[0].severity, FRS_SEV_ERROR);
	ck_assert_str_eq(r.errs.v[0].path, path);
	if (msg)
		ck_assert_str_eq(r.errs.v[0].message, msg);
	run_done(&r);
}

static void expect_clean(const char *yaml)
{
	struct run r;

	run_yaml(&r, yaml);
	ck_assert_msg(r.errs.n == 0, "unexpected: %s: %s", r.errs.n ? r.errs.v[0].path : "",
		      r.errs.n ? r.errs.v[0].message : "");
	ck_assert_int_eq(r.rc, FRS_OK);
	for (size_t i = 0; i < r.set.ndocs; i++)
		ck_assert(r.ok[i]);
	run_done(&r);
}

/* A document marked checked is skipped where it is validated alone, and only there. */
START_TEST(test_validate_checked_documents)
{
	static const char yaml[] =
		"apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: shop}\n"
		"spec: {ports: [{port: 99999}]}\n---\n"
		PEER("  myASN: 64500\n  peerASN: 99999999999\n  peerAddress: 192.0.2.1\n");
	struct frs_docset set;
	struct frs_errlist errs;
	bool ok[2] = { true, true };

	frs_docset_init(&set);
	frs_errlist_init(&errs);
	ck_assert_int_eq(frs_docset_load_mem(&set, "t.yaml", yaml, strlen(yaml), &errs), FRS_OK);
	ck_assert_uint_eq(set.ndocs, 2);
	set.docs[0].checked = set.docs[1].checked = true;
	ck_assert_int_eq(frs_validate_docs(&set, ok, &errs), FRS_EINVALID);
	/* the Service is skipped; the peer is validated with the whole MetalLB set regardless */
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.v[0].kind, "BGPPeer");
	ck_assert(ok[0]);
	ck_assert(!ok[1]);
	frs_errlist_dispose(&errs);
	frs_docset_dispose(&set);
}
END_TEST

START_TEST(test_validate_valid_set_is_clean)
{
	expect_clean(PEER(BASE "  holdTime: 90s\n  keepaliveTime: 30s\n  bfdProfile: fast\n"
			  "  passwordSecret:\n    name: auth\n")
		     "---\napiVersion: metallb.io/v1beta1\nkind: BFDProfile\nmetadata:\n  name: fast\n"
		     "  namespace: metallb-system\nspec:\n  echoMode: true\n"
		     "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: auth\n"
		     "  namespace: metallb-system\ntype: kubernetes.io/basic-auth\n"
		     "data:\n  password: czNjcjN0\n"
		     "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n");
}
END_TEST

START_TEST(test_validate_error_has_position_object_and_path)
{
	struct run r;

	run_yaml(&r, "# comment\n" PEER(BASE "  holdTime: 2s\n"));
	ck_assert_uint_eq(r.errs.n, 1);
	ck_assert_str_eq(r.errs.v[0].file, "t.yaml");
	ck_assert_uint_eq(r.errs.v[0].line, 11);
	ck_assert_uint_eq(r.errs.v[0].column, 13);
	ck_assert_str_eq(r.errs.v[0].kind, "BGPPeer");
	ck_assert_str_eq(r.errs.v[0].ns, "metallb-system");
	ck_assert_str_eq(r.errs.v[0].name, "peer-a");
	ck_assert_str_eq(r.errs.v[0].path, "spec.holdTime");
	ck_assert_str_eq(r.errs.v[0].message, "must be 0 or at least 3s, got \"2s\"");
	ck_assert(!r.ok[0]);
	run_done(&r);
}
END_TEST

START_TEST(test_validate_reports_every_error)
{
	struct run r;

	/* libyang 2.1 stops at the first error: all five must still come out */
	run_yaml(&r, PEER("  myASN: 64500\n  peerASN: 64500\n  peerAddress: 192.0.2.1\n"
			  "  holdTime: 1s\n  bfdProfile: none\n  ebgpMultiHop: true\n"
			  "  peerPort: 0\n  connectTime: 0.5s\n")
		     "---\n" PEER("  peerASN: 1\n  peerAddress: 192.0.2.9\n"));
	ck_assert_uint_eq(r.errs.n, 6);
	ck_assert_str_eq(r.errs.v[0].path, "spec.holdTime");
	ck_assert_str_eq(r.errs.v[1].path, "spec.bfdProfile");
	ck_assert_str_eq(r.errs.v[2].path, "spec.ebgpMultiHop");
	ck_assert_str_eq(r.errs.v[3].path, "spec.peerPort");
	ck_assert_str_eq(r.errs.v[4].path, "spec.connectTime");
	ck_assert_str_eq(r.errs.v[5].path, "spec.myASN");
	ck_assert_str_eq(r.errs.v[5].message, "is required");
	ck_assert(!r.ok[0] && !r.ok[1]);
	run_done(&r);
}
END_TEST

START_TEST(test_validate_only_bad_documents_marked)
{
	struct run r;

	run_yaml(&r, PEER(BASE) "---\napiVersion: metallb.io/v1beta1\nkind: BFDProfile\n"
		     "metadata:\n  name: x\n  namespace: metallb-system\nspec:\n  minimumTtl: 0\n");
	ck_assert_uint_eq(r.errs.n, 1);
	ck_assert(r.ok[0]);
	ck_assert(!r.ok[1]);
	run_done(&r);
}
END_TEST

START_TEST(test_validate_required_and_exclusive)
{
	expect_one(PEER("  peerASN: 1\n  peerAddress: 192.0.2.1\n"), "spec.myASN", "is required");
	expect_one(PEER("  myASN: 1\n  peerAddress: 192.0.2.1\n"), "spec",
		   "one of spec.peerASN (not 0) or spec.dynamicASN is required");
	expect_one(PEER("  myASN: 1\n  peerASN: 2\n"), "spec",
		   "one of spec.peerAddress or spec.interface is required");
	expect_one(PEER(BASE "  interface: eth0\n"), "spec.interface",
		   "must not be set together with spec.peerAddress, got \"eth0\"");
	expect_one(PEER(BASE "  dynamicASN: external\n"), "spec.dynamicASN", NULL);
	expect_one(PEER(BASE "  password: a\n  passwordSecret:\n    name: s\n")
		   "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: "
		   "metallb-system\ntype: kubernetes.io/basic-auth\nstringData:\n  password: b\n",
		   "spec.passwordSecret.name", NULL);
	/* peerASN 0 with dynamicASN is what MetalLB accepts */
	expect_clean(PEER("  myASN: 1\n  peerASN: 0\n  dynamicASN: internal\n  interface: eth1\n"));
}
END_TEST

START_TEST(test_validate_missing_spec_reports_each_field)
{
	struct run r;

	run_yaml(&r, "apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata:\n  name: p\n"
		     "  namespace: metallb-system\n");
	ck_assert_uint_eq(r.errs.n, 3);
	ck_assert_str_eq(r.errs.v[0].message, "one of spec.peerASN (not 0) or spec.dynamicASN is required");
	ck_assert_str_eq(r.errs.v[1].message, "one of spec.peerAddress or spec.interface is required");
	ck_assert_str_eq(r.errs.v[2].path, "spec.myASN");
	ck_assert_uint_eq(r.errs.v[2].line, 1);
	run_done(&r);
}
END_TEST

START_TEST(test_validate_paths_stay_on_one_line)
{
	struct run r;

	run_yaml(&r, PEER(BASE "  nodeSelectors:\n  - matchLabels:\n      \"a\\nb\": c\n"));
	ck_assert_uint_eq(r.errs.n, 1);
	ck_assert_str_eq(r.errs.v[0].path, "spec.nodeSelectors[0].matchLabels.a\\nb");
	ck_assert_ptr_null(strchr(r.errs.v[0].message, '\n'));
	run_done(&r);
	/* an invalid value is reported once, not again by the rule that misses it */
	expect_one(PEER(BASE "  nodeSelectors:\n  - matchExpressions:\n    - key: a\n"
			"      operator: In\n      values: [\"b c\"]\n"),
		   "spec.nodeSelectors[0].matchExpressions[0].values[0]", NULL);
}
END_TEST

START_TEST(test_validate_timers)
{
	expect_one(PEER(BASE "  holdTime: 2999ms\n"), "spec.holdTime", NULL);
	expect_clean(PEER(BASE "  holdTime: 3s\n  keepaliveTime: 3s\n"));
	expect_clean(PEER(BASE "  holdTime: \"0\"\n"));
	expect_one(PEER(BASE "  holdTime: 10s\n  keepaliveTime: 11s\n"), "spec.keepaliveTime",
		   "must not be longer than spec.holdTime, got \"11s\"");
	/* v1beta2: hold defaults to 3 x keepalive, so keepalive alone is fine */
	expect_clean(PEER(BASE "  keepaliveTime: 1h\n"));
	expect_one(PEER(BASE "  holdTime: 90\n"), "spec.holdTime",
		   "must be a string, got the number 90 (quote it)");
	expect_one(PEER(BASE "  holdTime: 90x\n"), "spec.holdTime", NULL);
	expect_one(PEER(BASE "  connectTime: 65536s\n"), "spec.connectTime", NULL);
	expect_clean(PEER(BASE "  connectTime: 1m5s\n"));
}
END_TEST

START_TEST(test_validate_v1beta1_peer)
{
	const char *hdr = "apiVersion: metallb.io/v1beta1\nkind: BGPPeer\nmetadata:\n  name: old\n"
			  "  namespace: metallb-system\nspec:\n";
	char buf[512];

	snprintf(buf, sizeof(buf), "%s%s", hdr, "  myASN: 1\n  peerAddress: 192.0.2.1\n");
	expect_one(buf, "spec.peerASN", "is required");
	/* v1beta1 timers are not pointers: an unset hold time is 0 */
	snprintf(buf, sizeof(buf), "%s%s", hdr, BASE "  keepaliveTime: 30s\n");
	expect_one(buf, "spec.keepaliveTime", NULL);
	snprintf(buf, sizeof(buf), "%s%s", hdr, BASE "  peerPort: 0\n");
	expect_clean(buf);
}
END_TEST

START_TEST(test_validate_references)
{
	const char *bfd = "---\napiVersion: metallb.io/v1beta1\nkind: BFDProfile\nmetadata:\n"
			  "  name: fast\n  namespace: metallb-system\n";
	char buf[1024];

	expect_one(PEER(BASE "  bfdProfile: fast\n"), "spec.bfdProfile",
		   "must name a BFDProfile in the peer's namespace, and there is none by that name, "
		   "got \"fast\"");
	snprintf(buf, sizeof(buf), "%s%s", PEER(BASE "  bfdProfile: fast\n"), bfd);
	expect_clean(buf);
	expect_one("apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata:\n  name: a\n"
		   "  namespace: metallb-system\nspec:\n  communities: [gold]\n",
		   "spec.communities[0]", NULL);
	expect_clean("apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata:\n  name: a\n"
		     "  namespace: metallb-system\nspec:\n  communities: [gold]\n---\n"
		     "apiVersion: metallb.io/v1beta1\nkind: Community\nmetadata:\n  name: c\n"
		     "  namespace: metallb-system\nspec:\n  communities:\n  - name: gold\n"
		     "    value: \"64500:1\"\n");
	/* a pool name without a pool is MetalLB's to skip: the rules warn, validation accepts */
	expect_clean("apiVersion: metallb.io/v1beta1\nkind: L2Advertisement\nmetadata:\n  name: a\n"
		     "  namespace: metallb-system\nspec:\n  ipAddressPools: [p]\n");
	expect_one(PEER(BASE "  passwordSecret:\n    name: s\n") "---\napiVersion: v1\nkind: Secret\n"
		   "metadata:\n  name: s\n  namespace: metallb-system\ntype: Opaque\n"
		   "stringData:\n  password: x\n",
		   "spec.passwordSecret.name", "must name a Secret of type kubernetes.io/basic-auth, got \"s\"");
}
END_TEST

/* Every string that can reach frr.conf refuses what would change the config's meaning. */
START_TEST(test_validate_injection_every_field)
{
	static const struct {
		const char *spec;
		const char *path;
	} cases[] = {
		{ "  password: \"a\\nb\"\n", "spec.password" },
		{ "  password: \"a!b\"\n", "spec.password" },
		{ "  password: \"a#b\"\n", "spec.password" },
		{ "  password: \"a b\"\n", "spec.password" },
		{ "  password: \"a\\u0001b\"\n", "spec.password" },
		{ "  vrf: \"red\\nexit\"\n", "spec.vrf" },
		{ "  vrf: \"red blue\"\n", "spec.vrf" },
		{ "  vrf: \"red!\"\n", "spec.vrf" },
		{ "  bfdProfile: \"x\\ny\"\n", "spec.bfdProfile" },
		{ "  sourceAddress: \"192.0.2.2 x\"\n", "spec.sourceAddress" },
		{ "  routerID: \"192.0.2.2#\"\n", "spec.routerID" },
		{ "  nodeSelectors:\n  - matchLabels:\n      a: \"b\\nc\"\n",
		  "spec.nodeSelectors[0].matchLabels.a" },
	};
	char buf[512];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), PEER(BASE "%s"), cases[i].spec);
		expect_one(buf, cases[i].path, NULL);
	}
	expect_one(PEER("  myASN: 1\n  peerASN: 2\n  interface: \"eth0\\nexit\"\n"), "spec.interface",
		   NULL);
	expect_one(PEER("  myASN: 1\n  peerASN: 2\n  interface: \"eth 0\"\n"), "spec.interface", NULL);
	expect_one("apiVersion: metallb.io/v1beta1\nkind: Community\nmetadata:\n  name: c\n"
		   "  namespace: metallb-system\nspec:\n  communities:\n  - name: \"a b\"\n"
		   "    value: \"1:1\"\n", "spec.communities[0].name", NULL);
	expect_one("apiVersion: metallb.io/v1beta1\nkind: Community\nmetadata:\n  name: c\n"
		   "  namespace: metallb-system\nspec:\n  communities:\n  - name: ab\n"
		   "    value: \"1:1\\n!\"\n", "spec.communities[0].value", NULL);
	expect_one("apiVersion: v1\nkind: Node\nmetadata:\n  name: \"n1\\nhostname x\"\n",
		   "metadata.name", NULL);
}
END_TEST

START_TEST(test_validate_never_prints_a_password)
{
	struct run r;

	run_yaml(&r, PEER(BASE "  password: \"topsecret value\"\n"));
	ck_assert_uint_eq(r.errs.n, 1);
	ck_assert_ptr_null(strstr(r.errs.v[0].message, "topsecret"));
	run_done(&r);
	/* the Secret's password, decoded, is checked when a peer names the Secret, unprinted */
	run_yaml(&r, PEER(BASE "  passwordSecret:\n    name: s\n") "---\napiVersion: v1\nkind: Secret\n"
		     "metadata:\n  name: s\n  namespace: metallb-system\ntype: kubernetes.io/basic-auth\n"
		     "data:\n  password: dG9wc2VjcmV0IHZhbHVl\n");
	ck_assert_uint_eq(r.errs.n, 1);
	ck_assert_str_eq(r.errs.v[0].path, "data.password");
	ck_assert_str_eq(r.errs.v[0].kind, "Secret");
	ck_assert_ptr_null(strstr(r.errs.v[0].message, "topsecret"));
	ck_assert_ptr_null(strstr(r.errs.v[0].message, "dG9w"));
	run_done(&r);
	/* an unreferenced Secret is none of our business */
	expect_clean("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: x\n"
		     "type: kubernetes.io/basic-auth\nstringData:\n  password: \"a b!\"\n");
}
END_TEST

START_TEST(test_validate_libyang_never_prints)
{
	struct run r;
	char buf[256] = "";
	int saved = dup(2), fd;
	char path[] = "/tmp/frs-validate-XXXXXX";
	ssize_t n;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	dup2(fd, 2);
	run_yaml(&r, PEER("  peerASN: 1\n  holdTime: 1s\n  bfdProfile: x\n"));
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	ck_assert_uint_ge(r.errs.n, 3);
	run_done(&r);
	lseek(fd, 0, SEEK_SET);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	unlink(path);
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(test_validate_types_and_lists)
{
	expect_one(PEER(BASE "  ebgpMultiHop: \"true\"\n"), "spec.ebgpMultiHop", NULL);
	expect_one(PEER(BASE "  ebgpMultiHop: yes-please\n"), "spec.ebgpMultiHop", NULL);
	expect_clean(PEER(BASE "  ebgpMultiHop: True\n"));
	/* YAML 1.1, as kubectl reads it: a plain on is a boolean, not the VRF "on" */
	expect_one(PEER(BASE "  vrf: on\n"), "spec.vrf", "must be a string, got the boolean on (quote it)");
	expect_clean(PEER(BASE "  vrf: \"on\"\n"));
	expect_one(PEER("  myASN: \"1\"\n  peerASN: 2\n  peerAddress: 192.0.2.1\n"), "spec.myASN",
		   "must be a number, got the string \"1\" (remove the quotes)");
	expect_one(PEER(BASE "  nodeSelectors: {a: b}\n"), "spec.nodeSelectors",
		   "must be a list, got a map");
	expect_one(PEER(BASE "  nodeSelectors:\n  - matchExpressions:\n    - key: a\n"
			"      operator: Maybe\n"),
		   "spec.nodeSelectors[0].matchExpressions[0].operator",
		   "must be one of In, NotIn, Exists, DoesNotExist, got \"Maybe\"");
	expect_one("apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata:\n  name: a\n"
		   "  namespace: metallb-system\nspec:\n  peers: [a, b, a]\n",
		   "spec.peers[2]", "duplicate entry \"a\" (also at index 0)");
}
END_TEST

START_TEST(test_validate_unknown_field_warns)
{
	struct run r;

	run_yaml(&r, PEER(BASE "  holdtime: 90s\n") "---\napiVersion: v1\nkind: Service\n"
		     "metadata:\n  name: web\n  namespace: web\nspec:\n  ports: []\n  type: LoadBalancer\n");
	ck_assert_uint_eq(r.errs.n, 1);
	ck_assert_int_eq(r.errs.v[0].severity, FRS_SEV_WARNING);
	ck_assert_str_eq(r.errs.v[0].path, "spec.holdtime");
	ck_assert_int_eq(r.rc, FRS_OK);
	ck_assert(r.ok[0]);
	run_done(&r);
}
END_TEST

START_TEST(test_validate_pools)
{
	const char *hdr = "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: p\n"
			  "  namespace: metallb-system\nspec:\n";
	char buf[512];

	snprintf(buf, sizeof(buf), "%s  addresses: []\n", hdr);
	expect_one(buf, "spec.addresses", NULL);
	snprintf(buf, sizeof(buf), "%s  addresses:\n  - 198.51.100.9-198.51.100.1\n", hdr);
	expect_one(buf, "spec.addresses[0]", NULL);
	snprintf(buf, sizeof(buf), "%s  addresses:\n  - 2001:db8::/129\n", hdr);
	expect_one(buf, "spec.addresses[0]", NULL);
	snprintf(buf, sizeof(buf), "%s  addresses:\n  - 198.51.100.1 - 198.51.100.9\n"
		 "  - 2001:db8::/64\n  - 192.0.2.7/32\n", hdr);
	expect_clean(buf);
}
END_TEST

START_TEST(test_validate_advertisement_rules)
{
	const char *hdr = "apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata:\n"
			  "  name: a\n  namespace: metallb-system\nspec:\n";
	char buf[2048];
	size_t len;

	snprintf(buf, sizeof(buf), "%s  aggregationLength: 24\n  serviceSelectors:\n"
		 "  - matchLabels: {a: b}\n", hdr);
	expect_one(buf, "spec.aggregationLength", NULL);
	snprintf(buf, sizeof(buf), "%s  aggregationLength: 33\n", hdr);
	expect_one(buf, "spec.aggregationLength", NULL);
	len = (size_t)snprintf(buf, sizeof(buf), "%s  communities:\n", hdr);
	for (int i = 0; i < 64; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "  - \"1:%d\"\n", i);
	expect_one(buf, "spec.communities", "must have at most 63 entries, got 64");
}
END_TEST

Suite *frs_validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_validate_valid_set_is_clean);
	tcase_add_test(tc, test_validate_checked_documents);
	tcase_add_test(tc, test_validate_error_has_position_object_and_path);
	tcase_add_test(tc, test_validate_reports_every_error);
	tcase_add_test(tc, test_validate_only_bad_documents_marked);
	tcase_add_test(tc, test_validate_required_and_exclusive);
	tcase_add_test(tc, test_validate_missing_spec_reports_each_field);
	tcase_add_test(tc, test_validate_paths_stay_on_one_line);
	tcase_add_test(tc, test_validate_timers);
	tcase_add_test(tc, test_validate_v1beta1_peer);
	tcase_add_test(tc, test_validate_references);
	tcase_add_test(tc, test_validate_injection_every_field);
	tcase_add_test(tc, test_validate_never_prints_a_password);
	tcase_add_test(tc, test_validate_libyang_never_prints);
	tcase_add_test(tc, test_validate_types_and_lists);
	tcase_add_test(tc, test_validate_unknown_field_warns);
	tcase_add_test(tc, test_validate_pools);
	tcase_add_test(tc, test_validate_advertisement_rules);
	suite_add_tcase(s, tc);
	return s;
}
