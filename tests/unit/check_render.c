/* SPDX-License-Identifier: MIT */
/* Unit tests of the node view and the renderer, on models built by hand. */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <frrshim/render.h>
#include <frrshim/view.h>

#include "suites.h"

static char *comm_ab[] = { "64500:100" };
static char *comm_alias[] = { "tag", "large:1:2:3", "64500:100" };
static char *pool_a_only[] = { "pool-a" };
static char *pool_b_only[] = { "pool-b" };
static char *peer_b_only[] = { "peer-b" };

/* Two eBGP peers and one iBGP peer; pool-a (203.0.113.0/24, advertised to all with a
 * community), pool-b (198.51.100.0/24, aggregated /24, local-pref, only to peer-b). */
struct fixture {
	struct frs_model m;
	struct frs_peer peers[3];
	struct frs_pool pools[2];
	struct frs_prefix cidrs[2];
	struct frs_bgpadv advs[2];
	struct frs_service svcs[4];
	struct frs_community comms[1];
	struct frs_community_alias aliases[1];
	char *ips[4][2];
};

static void fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->peers[0] = (struct frs_peer){ .obj = { .name = "peer-a", .ns = "m" }, .my_asn = 64500,
					 .peer_asn = 64501, .address = "192.0.2.20" };
	f->peers[1] = (struct frs_peer){ .obj = { .name = "peer-b", .ns = "m" }, .my_asn = 64500,
					 .peer_asn = 64502, .address = "192.0.2.3" };
	f->peers[2] = (struct frs_peer){ .obj = { .name = "peer-i", .ns = "m" }, .my_asn = 64500,
					 .peer_asn = 64500, .address = "2001:db8::1",
					 .dual_stack = true };
	f->cidrs[0].family = AF_INET;
	inet_pton(AF_INET, "203.0.113.0", f->cidrs[0].addr);
	f->cidrs[0].len = 24;
	f->cidrs[1].family = AF_INET;
	inet_pton(AF_INET, "198.51.100.0", f->cidrs[1].addr);
	f->cidrs[1].len = 24;
	f->pools[0] = (struct frs_pool){ .obj = { .name = "pool-a", .ns = "m" },
					 .cidrs = &f->cidrs[0], .ncidrs = 1 };
	f->pools[1] = (struct frs_pool){ .obj = { .name = "pool-b", .ns = "m" },
					 .cidrs = &f->cidrs[1], .ncidrs = 1 };
	f->advs[0] = (struct frs_bgpadv){ .obj = { .name = "adv-a", .ns = "m" },
					  .aggregation_length = 32, .aggregation_length_v6 = 128,
					  .communities = comm_alias, .ncommunities = 3,
					  .pools = pool_a_only, .npools = 1 };
	f->advs[1] = (struct frs_bgpadv){ .obj = { .name = "adv-b", .ns = "m" },
					  .aggregation_length = 24, .aggregation_length_v6 = 128,
					  .local_pref = 150, .communities = comm_ab,
					  .ncommunities = 1, .pools = pool_b_only, .npools = 1,
					  .peers = peer_b_only, .npeers = 1 };
	f->aliases[0] = (struct frs_community_alias){ "tag", "64500:7" };
	f->comms[0] = (struct frs_community){ .obj = { .name = "c", .ns = "m" },
					      .aliases = f->aliases, .naliases = 1 };
	f->ips[0][0] = "203.0.113.10";
	f->ips[1][0] = "203.0.113.10"; /* shared with svc 0 */
	f->ips[2][0] = "198.51.100.7";
	f->ips[2][1] = "198.51.100.9";
	f->ips[3][0] = "192.0.2.77";   /* in no pool */
	for (int i = 0; i < 4; i++) {
		static char *names[] = { "a", "b", "c", "d" };

		f->svcs[i] = (struct frs_service){ .obj = { .name = names[i], .ns = "s" },
						   .type = "LoadBalancer", .ingress_ips = f->ips[i],
						   .ningress_ips = i == 2 ? 2 : 1 };
	}
	f->m.peers = f->peers;
	f->m.npeers = 3;
	f->m.pools = f->pools;
	f->m.npools = 2;
	f->m.bgpadvs = f->advs;
	f->m.nbgpadvs = 2;
	f->m.services = f->svcs;
	f->m.nservices = 4;
	f->m.communities = f->comms;
	f->m.ncommunities = 1;
}

static struct frs_view *build(const struct frs_model *m, const char *node)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_view_opts o = { .node = node };
	struct frs_view *v = NULL;

	ck_assert_int_eq(frs_view_build(&v, m, &o, &errs), FRS_OK);
	ck_assert_uint_eq(errs.n, 0);
	frs_errlist_dispose(&errs);
	return v;
}

START_TEST(test_view_peers_sorted_as_bgpd)
{
	struct fixture f;
	struct frs_view *v;

	fixture_init(&f);
	v = build(&f.m, "n1");
	ck_assert_uint_eq(v->npeers, 3);
	/* IPv4 numerically (192.0.2.3 before 192.0.2.20), then IPv6 */
	ck_assert_str_eq(v->peers[0].id, "192.0.2.3");
	ck_assert_str_eq(v->peers[1].id, "192.0.2.20");
	ck_assert_str_eq(v->peers[2].id, "2001:db8::1");
	ck_assert_int_eq(v->peers[2].family, FRS_VIEW_FAM_DUAL);
	ck_assert(v->peers[2].ibgp);
	ck_assert(!v->peers[0].ibgp);
	frs_view_free(v);
}
END_TEST

START_TEST(test_view_routes_communities_localpref)
{
	struct fixture f;
	struct frs_view *v;
	const struct frs_view_peer *b, *a, *i;
	char buf[64];

	fixture_init(&f);
	v = build(&f.m, "n1");
	a = frs_view_peer(v, "m", "peer-a");
	b = frs_view_peer(v, NULL, "peer-b");
	i = frs_view_peer(v, "m", "peer-i");
	ck_assert_ptr_nonnull(a);
	/* the shared IP gives one route; aliases resolved, sorted, standard before large */
	ck_assert_uint_eq(a->nroutes, 1);
	frs_view_prefix_str(&a->routes[0].prefix, buf, sizeof(buf));
	ck_assert_str_eq(buf, "203.0.113.10/32");
	ck_assert_uint_eq(a->routes[0].ncommunities, 3);
	frs_view_community_str(&a->routes[0].communities[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "64500:7");
	frs_view_community_str(&a->routes[0].communities[1], buf, sizeof(buf));
	ck_assert_str_eq(buf, "64500:100");
	frs_view_community_str(&a->routes[0].communities[2], buf, sizeof(buf));
	ck_assert_str_eq(buf, "1:2:3");
	ck_assert(a->routes[0].communities[2].large);
	/* peer-b also gets pool-b aggregated to /24 once for two IPs; eBGP: no local-pref */
	ck_assert_uint_eq(b->nroutes, 2);
	frs_view_prefix_str(&b->routes[0].prefix, buf, sizeof(buf));
	ck_assert_str_eq(buf, "198.51.100.0/24");
	ck_assert_uint_eq(b->routes[0].local_pref, 0);
	ck_assert_uint_eq(b->routes[0].ncommunities, 1);
	/* the IPv6 iBGP peer is dual-stack: gets the IPv4 route of pool-a */
	ck_assert_uint_eq(i->nroutes, 1);
	frs_view_free(v);
}
END_TEST

START_TEST(test_view_reasons)
{
	struct fixture f;
	struct frs_view *v;
	const struct frs_view_service *s;
	struct frs_labels l = { 0 };
	char *k[] = { "node.kubernetes.io/exclude-from-external-load-balancers" }, *val[] = { "" };
	struct frs_view_opts o = { .node = "n1", .labels = &l };
	struct frs_errlist errs = FRS_ERRLIST_INIT;

	fixture_init(&f);
	v = build(&f.m, "n1");
	s = frs_view_service(v, "s", "d");
	ck_assert_int_eq(s->ips[0].reason, FRS_VIEW_NO_POOL);
	s = frs_view_service(v, "s", "c");
	ck_assert_int_eq(s->ips[0].reason, FRS_VIEW_ANNOUNCED);
	ck_assert_uint_eq(s->ips[0].nadvs, 1);
	ck_assert_uint_eq(s->ips[0].advs[0].npeers, 1);
	frs_view_free(v);

	/* pool-b's only advertisement is limited to peer-b: without it, NO_PEER */
	f.peers[1].address = "192.0.2.3";
	f.m.npeers = 1;
	v = build(&f.m, "n1");
	s = frs_view_service(v, "s", "c");
	ck_assert_int_eq(s->ips[0].reason, FRS_VIEW_NO_PEER);
	frs_view_free(v);

	/* the exclude label stops everything unless ignored */
	f.m.npeers = 3;
	l.n = 1;
	l.keys = k;
	l.values = val;
	ck_assert_int_eq(frs_view_build(&v, &f.m, &o, &errs), FRS_OK);
	ck_assert(v->excluded);
	ck_assert_int_eq(frs_view_service(v, "s", "a")->ips[0].reason, FRS_VIEW_EXCLUDED_NODE);
	for (size_t p = 0; p < v->npeers; p++)
		ck_assert_uint_eq(v->peers[p].nroutes, 0);
	frs_view_free(v);
	o.ignore_exclude_lb = true;
	ck_assert_int_eq(frs_view_build(&v, &f.m, &o, &errs), FRS_OK);
	ck_assert_int_eq(frs_view_service(v, "s", "a")->ips[0].reason, FRS_VIEW_ANNOUNCED);
	frs_view_free(v);
	frs_errlist_dispose(&errs);
}
END_TEST

START_TEST(test_view_unresolved_alias_is_an_error)
{
	struct fixture f;
	struct frs_view *v = NULL;
	struct frs_view_opts o = { .node = "n1" };
	struct frs_errlist errs = FRS_ERRLIST_INIT;

	fixture_init(&f);
	f.m.ncommunities = 0;
	ck_assert_int_eq(frs_view_build(&v, &f.m, &o, &errs), FRS_EINVALID);
	ck_assert_ptr_null(v);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.v[0].name, "adv-a");
	o.node = NULL;
	ck_assert_int_eq(frs_view_build(&v, &f.m, &o, &errs), FRS_EARG);
	frs_errlist_dispose(&errs);
}
END_TEST

static char *render(const struct frs_view *v, bool per_peer)
{
	struct frs_render_opts ro = { .per_peer_lists = per_peer };
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf out = FRS_BUF_INIT;

	ck_assert_int_eq(frs_render_node(&out, v, &ro, &errs), FRS_OK);
	frs_errlist_dispose(&errs);
	return frs_buf_detach(&out);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

START_TEST(test_render_shares_identical_lists)
{
	struct fixture f;
	struct frs_view *v;
	char *shared, *per;

	fixture_init(&f);
	v = build(&f.m, "n1");
	shared = render(v, false);
	per = render(v, true);
	/* peer-a's and peer-i's IPv4 sets are equal: one list, named after the first peer */
	ck_assert_uint_eq(count(shared, "ip prefix-list 192.0.2.20-allowed-ipv4 seq 3405803786 "
					"permit 203.0.113.10/32\n"),
			  1);
	ck_assert_uint_eq(count(shared, "2001:db8::1-allowed-ipv4"), 0);
	ck_assert_uint_eq(count(shared, "route-map 2001:db8::1-out permit 65534\n"
					" match ip address prefix-list 192.0.2.20-allowed-ipv4\n"),
			  1);
	/* community lists equal to an allowed list are that list */
	ck_assert_uint_eq(count(shared, "community-prefixes"), 0);
	ck_assert_uint_eq(count(per, "2001:db8::1-allowed-ipv4 seq"), 1);
	ck_assert_uint_eq(count(per, "ip prefix-list 192.0.2.20-64500:7-ip-community-prefixes"), 1);
	ck_assert_uint_lt(count(shared, "prefix-list"), count(per, "prefix-list"));
	/* eBGP peer-b gets no local-preference even though adv-b sets one */
	ck_assert_uint_eq(count(shared, "local-preference"), 0);
	ck_assert_uint_eq(count(shared, "  network 198.51.100.0/24\n  network 203.0.113.10/32\n"),
			  1);
	free(shared);
	free(per);
	frs_view_free(v);
}
END_TEST

START_TEST(test_render_prefix_seq_is_stable)
{
	struct frs_prefix p = { .family = AF_INET, .len = 32 };
	struct frs_prefix q = { .family = AF_INET6, .len = 128 };

	inet_pton(AF_INET, "203.0.113.5", p.addr);
	ck_assert_uint_eq(frs_render_prefix_seq(&p), 3405803781u);
	memset(p.addr, 0, sizeof(p.addr));
	ck_assert_uint_eq(frs_render_prefix_seq(&p), 1); /* never 0 */
	inet_pton(AF_INET6, "2001:db8::5", q.addr);
	ck_assert_uint_eq(frs_render_prefix_seq(&q), 0x20010db8u ^ 5u);
	q.len = 64;
	ck_assert_uint_ne(frs_render_prefix_seq(&q), 0x20010db8u ^ 5u);
}
END_TEST

START_TEST(test_render_seq_collisions_move_up)
{
	struct fixture f;
	struct frs_view *v;
	char *s;

	fixture_init(&f);
	/* 203.0.113.0/24 (aggregated) and 203.0.113.0/32 both start at seq 3405803776 */
	f.advs[0].aggregation_length = 24;
	f.advs[1] = (struct frs_bgpadv){ .obj = { .name = "adv-h", .ns = "m" },
					 .aggregation_length = 32, .aggregation_length_v6 = 128 };
	f.ips[0][0] = "203.0.113.0";
	f.m.ncommunities = 1;
	v = build(&f.m, "n1");
	s = render(v, false);
	ck_assert_uint_eq(count(s, "ip prefix-list 192.0.2.3-allowed-ipv4 seq 3405803776 permit "
				   "203.0.113.0/24\nip prefix-list 192.0.2.3-allowed-ipv4 seq "
				   "3405803777 permit 203.0.113.0/32\n"),
			  1);
	free(s);
	frs_view_free(v);
}
END_TEST

START_TEST(test_render_rejects_bad_hostname)
{
	struct fixture f;
	struct frs_view *v;
	struct frs_render_opts ro = { .hostname = "a\nrouter bgp 1" };
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf out = FRS_BUF_INIT;

	fixture_init(&f);
	v = build(&f.m, "n1");
	ck_assert_int_eq(frs_render_node(&out, v, &ro, &errs), FRS_EINVALID);
	ck_assert_uint_eq(out.len, 0);
	frs_buf_dispose(&out);
	frs_errlist_dispose(&errs);
	frs_view_free(v);
}
END_TEST

/* MetalLB's hasHealthyEndpoint, as frs_view_endpoints answers it for every command. */
START_TEST(test_view_endpoints_like_metallb)
{
	struct fixture f;
	char *a10[] = { "10.0.0.10" }, *a11[] = { "10.0.0.11" };
	struct frs_endpoint eps[3];
	struct frs_endpointslice es = { .obj = { .name = "a-1", .ns = "s" }, .service = "a",
					.endpoints = eps, .nendpoints = 1 };
	enum frs_view_reason r;

	fixture_init(&f);
	memset(eps, 0, sizeof(eps));
	/* no slice at all: offline manifests, assumed ready */
	ck_assert_int_eq(frs_view_endpoints(&r, &f.m, &f.svcs[0], "n1"), FRS_OK);
	ck_assert_int_eq(r, FRS_VIEW_ANNOUNCED);
	f.m.endpointslices = &es;
	f.m.nendpointslices = 1;
	/* ready without addresses counts for nothing */
	eps[0] = (struct frs_endpoint){ .ready = true, .serving = true, .node_name = "n1" };
	ck_assert_int_eq(frs_view_endpoints(&r, &f.m, &f.svcs[0], "n1"), FRS_OK);
	ck_assert_int_eq(r, FRS_VIEW_NO_ENDPOINTS);
	/* terminating but serving counts */
	eps[0] = (struct frs_endpoint){ .addresses = a10, .naddresses = 1, .serving = true,
					.terminating = true, .node_name = "n1" };
	ck_assert_int_eq(frs_view_endpoints(&r, &f.m, &f.svcs[0], "n1"), FRS_OK);
	ck_assert_int_eq(r, FRS_VIEW_ANNOUNCED);
	/* the same address not serving elsewhere outweighs it */
	eps[1] = (struct frs_endpoint){ .addresses = a10, .naddresses = 1, .node_name = "n2" };
	es.nendpoints = 2;
	ck_assert_int_eq(frs_view_endpoints(&r, &f.m, &f.svcs[0], "n1"), FRS_OK);
	ck_assert_int_eq(r, FRS_VIEW_NO_ENDPOINTS);
	/* another address ready on n2: Cluster announces, Local only on n2 */
	eps[2] = (struct frs_endpoint){ .addresses = a11, .naddresses = 1, .ready = true,
					.serving = true, .node_name = "n2" };
	es.nendpoints = 3;
	ck_assert_int_eq(frs_view_endpoints(&r, &f.m, &f.svcs[0], "n1"), FRS_OK);
	ck_assert_int_eq(r, FRS_VIEW_ANNOUNCED);
	/* Local: only this node's endpoints are looked at, so n2's not-serving copy of 10.0.0.10
	 * does not count against n1's serving one (MetalLB filters before it accumulates) */
	f.svcs[0].etp_local = true;
	ck_assert_int_eq(frs_view_endpoints(&r, &f.m, &f.svcs[0], "n1"), FRS_OK);
	ck_assert_int_eq(r, FRS_VIEW_ANNOUNCED);
	ck_assert_int_eq(frs_view_endpoints(&r, &f.m, &f.svcs[0], "n2"), FRS_OK);
	ck_assert_int_eq(r, FRS_VIEW_ANNOUNCED);
	ck_assert_int_eq(frs_view_endpoints(&r, &f.m, &f.svcs[0], "n3"), FRS_OK);
	ck_assert_int_eq(r, FRS_VIEW_NO_LOCAL_ENDPOINTS);
	/* another service's slice is not this one's */
	ck_assert_int_eq(frs_view_endpoints(&r, &f.m, &f.svcs[1], "n1"), FRS_OK);
	ck_assert_int_eq(r, FRS_VIEW_ANNOUNCED);
}
END_TEST

Suite *frs_render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("render");

	tcase_add_test(tc, test_view_peers_sorted_as_bgpd);
	tcase_add_test(tc, test_view_routes_communities_localpref);
	tcase_add_test(tc, test_view_reasons);
	tcase_add_test(tc, test_view_endpoints_like_metallb);
	tcase_add_test(tc, test_view_unresolved_alias_is_an_error);
	tcase_add_test(tc, test_render_shares_identical_lists);
	tcase_add_test(tc, test_render_prefix_seq_is_stable);
	tcase_add_test(tc, test_render_seq_collisions_move_up);
	tcase_add_test(tc, test_render_rejects_bad_hostname);
	suite_add_tcase(s, tc);
	return s;
}
