/* SPDX-License-Identifier: MIT */
/* Unit tests of frrgen/assign.c: MetalLB's allocation rules, one reason at a time, and the model's new fields. */
#include "config.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/assign.h>
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

static struct frs_model *model_of(const char *text)
{
	return frs_test_model_of(text, &errs);
}

static const struct frs_service *svc_of(const struct frs_model *m, const char *name)
{
	for (size_t i = 0; i < m->nservices; i++)
		if (!strcmp(m->services[i].obj.name, name))
			return &m->services[i];
	ck_abort_msg("no service %s", name);
	return NULL;
}

/* The reason of the phase for service @p name of @p text. */
static enum frs_assign_reason reason_of(const char *text, const char *name)
{
	struct frs_model *m = model_of(text);
	struct frs_assign *a = NULL;
	enum frs_assign_reason r;

	ck_assert_int_eq(frs_assign_explain(&a, m, svc_of(m, name)), FRS_OK);
	ck_assert_ptr_nonnull(a);
	ck_assert(a->nchecks > 0);
	/* ok and reason agree; every failing check carries a next step */
	ck_assert(a->ok == (a->reason == FRS_ASSIGN_OK));
	for (size_t i = 0; i < a->nchecks; i++)
		ck_assert(a->checks[i].ok || a->checks[i].next);
	r = a->reason;
	frs_assign_free(a);
	frs_model_free(m);
	return r;
}

#define POOL(name, addrs, extra)                                                                   \
	"apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: " name              \
	", namespace: metallb-system}\nspec:\n  addresses: " addrs "\n" extra "---\n"
#define SVC(name, meta, spec)                                                                      \
	"apiVersion: v1\nkind: Service\nmetadata:\n  name: " name "\n  namespace: shop\n" meta     \
	"spec:\n  type: LoadBalancer\n" spec "---\n"

START_TEST(test_assign_service_fields)
{
	struct frs_model *m = model_of(SVC("web", "  annotations: {metallb.io/allow-shared-ip: k}\n",
					   "  loadBalancerIP: 203.0.113.7\n"
					   "  ipFamilies: [IPv6, IPv4]\n"
					   "  ipFamilyPolicy: PreferDualStack\n"
					   "  selector: {b: 2, a: 1}\n"
					   "  ports:\n  - {port: 53, protocol: UDP}\n  - {port: 80}\n")
				       "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"
				       "  labels: {tier: gold}\n");
	const struct frs_service *s = svc_of(m, "web");

	ck_assert_str_eq(s->lb_ip, "203.0.113.7");
	ck_assert_uint_eq(s->nip_families, 2);
	ck_assert_int_eq(s->ip_families[0], AF_INET6);
	ck_assert_int_eq(s->ip_families[1], AF_INET);
	ck_assert_int_eq(s->ip_family_policy, FRS_IPFP_PREFER_DUAL_STACK);
	ck_assert_uint_eq(s->nports, 2);
	ck_assert_str_eq(s->ports[0].protocol, "UDP");
	ck_assert_uint_eq(s->ports[0].port, 53);
	ck_assert_str_eq(s->ports[1].protocol, "TCP"); /* the API server's default */
	ck_assert_uint_eq(s->selector.n, 2);
	ck_assert_str_eq(s->selector.keys[0], "a");
	ck_assert_str_eq(frs_labels_get(&s->obj.annotations, "metallb.io/allow-shared-ip"), "k");
	ck_assert_uint_eq(m->nnamespaces, 1);
	ck_assert_ptr_null(m->namespaces[0].obj.ns);
	ck_assert_str_eq(frs_labels_get(&frs_model_namespace(m, "shop")->obj.labels, "tier"), "gold");
	ck_assert_str_eq(frs_kind_name(FRS_KIND_NAMESPACE), "Namespace");
	frs_model_free(m);
}
END_TEST

START_TEST(test_assign_pools)
{
	/* namespaces, namespaceSelectors (with and without the Namespace), serviceSelectors */
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0/24]", "  serviceAllocation: {namespaces: [shop]}\n")
				   SVC("web", "", ""), "web"), FRS_ASSIGN_OK);
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0/24]", "  serviceAllocation: {namespaces: [a]}\n")
				   SVC("web", "", ""), "web"), FRS_ASSIGN_NO_POOL);
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0/24]",
					"  serviceAllocation: {namespaceSelectors: [{matchLabels: {t: g}}]}\n")
				   "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {t: g}}\n---\n"
				   SVC("web", "", ""), "web"), FRS_ASSIGN_OK);
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0/24]",
					"  serviceAllocation: {namespaceSelectors: [{matchLabels: {t: g}}]}\n")
				   SVC("web", "", ""), "web"), FRS_ASSIGN_NO_POOL);
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0/24]",
					"  serviceAllocation: {serviceSelectors: [{matchLabels: {app: web}}]}\n")
				   SVC("web", "  labels: {app: web}\n", ""), "web"), FRS_ASSIGN_OK);
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0/24]", "  autoAssign: false\n")
				   SVC("web", "", ""), "web"), FRS_ASSIGN_NO_POOL);
	/* autoAssign false is no obstacle to a requested IP or a named pool */
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0/24]", "  autoAssign: false\n")
				   SVC("web", "", "  loadBalancerIP: 203.0.113.9\n"), "web"), FRS_ASSIGN_OK);
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0/24]", "  autoAssign: false\n")
				   SVC("web", "  annotations: {metallb.universe.tf/address-pool: p}\n", ""),
				   "web"), FRS_ASSIGN_OK);
	ck_assert_int_eq(reason_of(SVC("web", "", "  loadBalancerClass: x\n"), "web"),
			 FRS_ASSIGN_OTHER_CLASS);
}
END_TEST

START_TEST(test_assign_families)
{
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0/24, '2001:db8::/64']", "")
				   SVC("web", "", "  ipFamilyPolicy: RequireDualStack\n"), "web"),
			 FRS_ASSIGN_OK);
	ck_assert_int_eq(reason_of(POOL("p", "['2001:db8::/64']", "")
				   SVC("web", "", "  ipFamilyPolicy: RequireDualStack\n"), "web"),
			 FRS_ASSIGN_DUAL_STACK);
	ck_assert_int_eq(reason_of(POOL("p", "['2001:db8::/64']", "") SVC("web", "", ""), "web"),
			 FRS_ASSIGN_FAMILY);
	ck_assert_int_eq(reason_of(POOL("p", "['2001:db8::/64']", "")
				   SVC("web", "", "  ipFamilies: [IPv6]\n"), "web"), FRS_ASSIGN_OK);
	/* a range, with avoidBuggyIPs: .0 and .255 are no pool's */
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0-203.0.113.255]", "  avoidBuggyIPs: true\n")
				   SVC("web", "", "  loadBalancerIP: 203.0.113.0\n"), "web"),
			 FRS_ASSIGN_REQUESTED_NO_POOL);
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0-203.0.113.255]", "")
				   SVC("web", "", "  loadBalancerIP: 203.0.113.0\n"), "web"), FRS_ASSIGN_OK);
	/* two requested IPs in two pools */
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0/24]", "") POOL("q", "['2001:db8::/64']", "")
				   SVC("web", "  annotations: {metallb.io/loadBalancerIPs: '203.0.113.1,2001:db8::1'}\n", ""),
				   "web"), FRS_ASSIGN_REQUESTED_NO_POOL);
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0/24, '2001:db8::/64']", "")
				   SVC("web", "  annotations: {metallb.io/loadBalancerIPs: '203.0.113.1, 2001:db8::1'}\n", ""),
				   "web"), FRS_ASSIGN_OK);
	ck_assert_int_eq(reason_of(POOL("p", "[203.0.113.0/24]", "")
				   SVC("web", "  annotations: {metallb.io/loadBalancerIPs: '1.2.3.4,5.6.7.8,9.9.9.9'}\n", ""),
				   "web"), FRS_ASSIGN_BAD_REQUEST);
}
END_TEST

#define HOLDER(name, key, etp, sel, port)                                                          \
	"apiVersion: v1\nkind: Service\nmetadata:\n  name: " name "\n  namespace: shop\n"          \
	"  annotations: {metallb.universe.tf/allow-shared-ip: " key "}\nspec:\n"                   \
	"  type: LoadBalancer\n  externalTrafficPolicy: " etp "\n  selector: " sel "\n"            \
	"  ports: [{port: " port "}]\nstatus: {loadBalancer: {ingress: [{ip: 203.0.113.10}]}}\n---\n"

START_TEST(test_assign_sharing)
{
	const char *pool = POOL("p", "[203.0.113.0/24]", "");
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s%s%s", pool, HOLDER("a", "k", "Cluster", "{x: 1}", "80"),
		 HOLDER("b", "k", "Cluster", "{x: 2}", "443"));
	ck_assert_int_eq(reason_of(buf, "a"), FRS_ASSIGN_OK); /* Cluster: backends do not matter */
	snprintf(buf, sizeof(buf), "%s%s%s", pool, HOLDER("a", "k", "Cluster", "{x: 1}", "80"),
		 HOLDER("b", "other", "Cluster", "{x: 1}", "443"));
	ck_assert_int_eq(reason_of(buf, "a"), FRS_ASSIGN_SHARING_KEY);
	snprintf(buf, sizeof(buf), "%s%s%s", pool, HOLDER("a", "k", "Cluster", "{x: 1}", "80"),
		 HOLDER("b", "k", "Cluster", "{x: 1}", "80"));
	ck_assert_int_eq(reason_of(buf, "b"), FRS_ASSIGN_SHARING_PORTS);
	snprintf(buf, sizeof(buf), "%s%s%s", pool, HOLDER("a", "k", "Local", "{x: 1}", "80"),
		 HOLDER("b", "k", "Local", "{x: 2}", "443"));
	ck_assert_int_eq(reason_of(buf, "a"), FRS_ASSIGN_SHARING_BACKEND);
	/* the same selector written in another order is the same backend key */
	snprintf(buf, sizeof(buf), "%s%s%s", pool, HOLDER("a", "k", "Local", "{x: 1, y: 2}", "80"),
		 HOLDER("b", "k", "Local", "{y: 2, x: 1}", "443"));
	ck_assert_int_eq(reason_of(buf, "a"), FRS_ASSIGN_OK);
	snprintf(buf, sizeof(buf), "%s%s%s", pool, HOLDER("a", "k", "Local", "{x: 1}", "80"),
		 HOLDER("b", "k", "Cluster", "{x: 1}", "443"));
	ck_assert_int_eq(reason_of(buf, "b"), FRS_ASSIGN_SHARING_BACKEND);
}
END_TEST

START_TEST(test_assign_reason_texts)
{
	for (int r = FRS_ASSIGN_OK; r <= FRS_ASSIGN_BAD_REQUEST; r++)
		ck_assert_str_ne(frs_assign_reason_text((enum frs_assign_reason)r), "unknown");
	ck_assert_str_eq(frs_assign_reason_text((enum frs_assign_reason)99), "unknown");
}
END_TEST

Suite *frs_assign_suite(void)
{
	Suite *s = suite_create("assign");
	TCase *tc = tcase_create("assign");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_assign_service_fields);
	tcase_add_test(tc, test_assign_pools);
	tcase_add_test(tc, test_assign_families);
	tcase_add_test(tc, test_assign_sharing);
	tcase_add_test(tc, test_assign_reason_texts);
	suite_add_tcase(s, tc);
	return s;
}
