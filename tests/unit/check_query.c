/* SPDX-License-Identifier: MIT */
/* Unit tests of query/: every FRR 8.4.4 and 10.3 capture plus hand-made 9.x/10.x shapes. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/file.h>
#include <frrshim/query.h>

#include "../../query/json_int.h"
#include "suites.h"

static char *fixture(const char *rel)
{
	struct frs_buf path = FRS_BUF_INIT, b = FRS_BUF_INIT;

	frs_buf_addf(&path, "%s/tests/fixtures/%s", FRS_SRCDIR, rel);
	ck_assert_msg(frs_file_read(&b, path.ptr) == FRS_OK, "cannot read %s", path.ptr);
	frs_buf_dispose(&path);
	return frs_buf_detach(&b);
}

static void neighbors(struct frs_bgp_peers *p, const char *rel, const char *vrf)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	char *json = fixture(rel);

	memset(p, 0, sizeof(*p));
	ck_assert_int_eq(frs_query_parse_neighbors(p, json, vrf, &errs), FRS_OK);
	ck_assert_uint_eq(errs.n, 0);
	free(json);
	frs_errlist_dispose(&errs);
}

START_TEST(test_query_neighbors_vrf_all_84)
{
	struct frs_bgp_peers p;
	const struct frs_bgp_peer *a, *b;

	neighbors(&p, "frr-8.4.4/A_show_bgp_vrf_all_neighbors.json", NULL);
	ck_assert_uint_eq(p.n, 2);
	a = frs_bgp_peers_find(&p, "default", "10.0.0.2");
	b = frs_bgp_peers_find(&p, NULL, "fd00::2");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(a->remote_as, "65002");
	ck_assert_str_eq(a->local_as, "65001");
	ck_assert_str_eq(a->state, "Established");
	ck_assert_str_eq(a->desc, "to-rB");
	ck_assert_int_eq(a->is_interface, 0);
	ck_assert_int_eq(a->uptime_ms, 10000);
	ck_assert_str_eq(a->host_foreign, "10.0.0.2");
	ck_assert_int_eq(a->port_foreign, 179);
	ck_assert_str_eq(a->bfd_status, "Up");
	ck_assert_int_eq(a->msg.opens_sent, 2);
	ck_assert_int_eq(a->msg.notifications_sent, 1);
	ck_assert_int_eq(a->msg.updates_recv, 3);
	ck_assert_int_eq(a->msg.total_recv, 7);
	ck_assert_int_eq(a->pfx_sent, 1);
	ck_assert_int_eq(a->pfx_recv, 1);
	ck_assert_int_eq(a->conn_dropped, 1);
	ck_assert_str_eq(a->last_reset, "BGP Notification send");
	ck_assert_str_eq(a->last_notification, "Cease/BFD Down");
	ck_assert_str_eq(a->last_error_code, "060A");
	ck_assert_ptr_null(b->bfd_status);
	ck_assert_uint_eq(b->n_af, 2);
	ck_assert_str_eq(b->af[1].name, "ipv6Unicast");
	ck_assert_int_eq(b->pfx_sent, 4);
	ck_assert_int_eq(b->pfx_recv, 1);
	ck_assert_ptr_null(frs_bgp_peers_find(&p, "red", "10.0.0.2"));
	frs_bgp_peers_dispose(&p);
}
END_TEST

START_TEST(test_query_neighbors_unwrapped_84)
{
	struct frs_bgp_peers p;

	neighbors(&p, "frr-8.4.4/A_show_bgp_neighbors.json", NULL);
	ck_assert_uint_eq(p.n, 2);
	ck_assert_str_eq(p.v[0].vrf, "default");
	frs_bgp_peers_dispose(&p);
	neighbors(&p, "frr-8.4.4/A_show_bgp_neighbors_10.0.0.2.json", "blue");
	ck_assert_uint_eq(p.n, 1);
	ck_assert_str_eq(p.v[0].vrf, "blue");
	ck_assert_str_eq(p.v[0].state, "Established");
	frs_bgp_peers_dispose(&p);
}
END_TEST

START_TEST(test_query_neighbors_down_and_idle_84)
{
	struct frs_bgp_peers p;

	neighbors(&p, "frr-8.4.4/A_show_bgp_neighbors_10.0.0.2_down.json", NULL);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_str_eq(p.v[0].state, "Active");
	ck_assert_int_eq(p.v[0].uptime_ms, -1);
	ck_assert_ptr_null(p.v[0].host_foreign);
	ck_assert_int_eq(p.v[0].port_foreign, -1);
	ck_assert_str_eq(p.v[0].bfd_status, "Down");
	ck_assert_int_eq(p.v[0].pfx_sent, -1); /* no update group while down */
	ck_assert_int_eq(p.v[0].pfx_recv, 0);
	ck_assert_str_eq(p.v[0].last_reset, "Waiting for NHT");
	frs_bgp_peers_dispose(&p);
	neighbors(&p, "frr-8.4.4/A_show_bgp_neighbors_pg_member_idle.json", NULL);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_str_eq(p.v[0].remote_as, "0");
	ck_assert_str_eq(p.v[0].peer_group, "PG");
	ck_assert_str_eq(p.v[0].af[0].name, "ipv4Unicast");
	frs_bgp_peers_dispose(&p);
}
END_TEST

START_TEST(test_query_neighbors_no_such_is_a_result)
{
	struct frs_bgp_peers p;

	neighbors(&p, "frr-8.4.4/A_neighbors_no_such.json", NULL);
	ck_assert_uint_eq(p.n, 0);
	ck_assert_int_eq(p.no_such_neighbor, 1);
	frs_bgp_peers_dispose(&p);
}
END_TEST

START_TEST(test_query_neighbors_unnumbered_10x)
{
	struct frs_bgp_peers p;
	const struct frs_bgp_peer *e, *c, *r;

	neighbors(&p, "frr-10.x/neighbors_vrf_all_unnumbered.json", NULL);
	ck_assert_uint_eq(p.n, 3);
	e = frs_bgp_peers_find(&p, "default", "eth1");
	c = frs_bgp_peers_find(&p, "default", "203.0.113.9");
	r = frs_bgp_peers_find(&p, "red", "198.51.100.1");
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(e->is_interface, 1);
	ck_assert_str_eq(e->remote_as, "1.10");
	ck_assert_str_eq(e->local_as, "1.1");
	ck_assert_str_eq(e->host_foreign, "fe80::2");
	ck_assert_int_eq(e->pfx_sent, 8);
	ck_assert_int_eq(e->pfx_recv, 3);
	ck_assert_int_eq(e->msg.keepalives_sent, 3130);
	ck_assert_str_eq(e->bfd_status, "Up");
	ck_assert_str_eq(c->remote_as, "64512");
	ck_assert_int_eq(c->msg.updates_sent, -1);
	ck_assert_str_eq(r->state, "Idle");
	ck_assert_str_eq(r->desc, "red uplink");
	ck_assert_int_eq(r->pfx_recv, -1);
	frs_bgp_peers_dispose(&p);
}
END_TEST

static void summary(struct frs_bgp_summary *s, const char *rel, const char *vrf, const char *afi)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	char *json = fixture(rel);

	memset(s, 0, sizeof(*s));
	ck_assert_int_eq(frs_query_parse_summary(s, json, vrf, afi, &errs), FRS_OK);
	free(json);
	frs_errlist_dispose(&errs);
}

START_TEST(test_query_summary_shapes)
{
	struct frs_bgp_summary s;

	summary(&s, "frr-8.4.4/A_show_bgp_vrf_all_summary.json", NULL, NULL);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_str_eq(s.v[0].afi, "ipv4Unicast");
	ck_assert_str_eq(s.v[0].peer, "10.0.0.2");
	ck_assert_int_eq(s.v[0].pfx_snt, 1);
	ck_assert_str_eq(s.v[0].desc, "to-rB");
	ck_assert_str_eq(s.v[2].afi, "ipv6Unicast");
	ck_assert_str_eq(s.v[2].peer, "fd00::2");
	ck_assert_int_eq(s.v[2].pfx_rcd, 0);
	frs_bgp_summary_dispose(&s);

	summary(&s, "frr-8.4.4/A_show_bgp_ipv4_unicast_summary.json", NULL, "ipv4Unicast");
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.v[1].afi, "ipv4Unicast");
	ck_assert_str_eq(s.v[1].vrf, "default");
	ck_assert_int_eq(s.v[1].uptime_ms, 12000);
	frs_bgp_summary_dispose(&s);

	summary(&s, "frr-8.4.4/A_show_bgp_summary.json", NULL, NULL);
	ck_assert_uint_eq(s.n, 3);
	frs_bgp_summary_dispose(&s);

	summary(&s, "frr-8.4.4/A_show_bgp_summary_with_idle_peer.json", NULL, NULL);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_str_eq(s.v[0].peer, "10.0.0.6");
	ck_assert_str_eq(s.v[0].state, "Active");
	ck_assert_str_eq(s.v[0].remote_as, "0");
	ck_assert_int_eq(s.v[2].pfx_snt, 503);
	frs_bgp_summary_dispose(&s);

	summary(&s, "frr-10.x/summary_vrf_all.json", NULL, NULL);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_str_eq(s.v[0].peer, "eth1");
	ck_assert_str_eq(s.v[0].id_type, "interface");
	ck_assert_str_eq(s.v[0].remote_as, "1.10");
	ck_assert_str_eq(s.v[2].vrf, "red");
	ck_assert_str_eq(s.v[2].state, "Idle (Admin)");
	ck_assert_str_eq(s.v[2].peer_state, "Admin");
	frs_bgp_summary_dispose(&s);
}
END_TEST

static void adv(struct frs_adv_routes *r, const char *rel)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	char *json = fixture(rel);

	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(frs_query_parse_adv_routes(r, json, &errs), FRS_OK);
	free(json);
	frs_errlist_dispose(&errs);
}

START_TEST(test_query_adv_routes_84)
{
	struct frs_adv_routes r;
	const struct frs_adv_route *x;

	adv(&r, "frr-8.4.4/A_adv_routes_10.0.0.2.json");
	ck_assert_uint_eq(r.n, 1);
	ck_assert_int_eq(r.total, 1);
	x = frs_adv_routes_find(&r, "192.168.1.0/24");
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->nexthop, "0.0.0.0");
	ck_assert_str_eq(x->origin, "IGP");
	ck_assert_str_eq(x->path, "");
	ck_assert_int_eq(x->metric, 0);
	ck_assert_int_eq(x->local_pref, -1);
	ck_assert_int_eq(x->weight, 32768);
	ck_assert_int_eq(x->have_communities, 0); /* 8.4 does not report them here */
	ck_assert_ptr_null(frs_adv_routes_find(&r, "192.168.2.0/24"));
	frs_adv_routes_dispose(&r);

	adv(&r, "frr-8.4.4/B_adv_routes_ipv6.json");
	ck_assert_uint_eq(r.n, 1);
	ck_assert_str_eq(r.v[0].nexthop, "::");
	ck_assert_str_eq(r.v[0].path, "65001");
	ck_assert_int_eq(r.v[0].metric, -1);
	frs_adv_routes_dispose(&r);

	adv(&r, "frr-8.4.4/A_adv_routes_not_established.json");
	ck_assert_uint_eq(r.n, 0);
	ck_assert_int_eq(r.total, 0);
	ck_assert_ptr_null(r.warning);
	frs_adv_routes_dispose(&r);

	adv(&r, "frr-8.4.4/A_adv_routes_no_such_neighbor.json");
	ck_assert_uint_eq(r.n, 0);
	ck_assert_str_eq(r.warning, "No such neighbor in this view/vrf");
	frs_adv_routes_dispose(&r);

	adv(&r, "frr-8.4.4/A_recv_routes_10.0.0.2.json");
	ck_assert_str_eq(r.warning, "Inbound soft reconfiguration not enabled");
	frs_adv_routes_dispose(&r);
}
END_TEST

START_TEST(test_query_adv_routes_9x_10x)
{
	struct frs_adv_routes r;
	const struct frs_adv_route *x;

	adv(&r, "frr-9.1/adv_routes.json");
	ck_assert_uint_eq(r.n, 2);
	ck_assert_str_eq(r.v[0].origin, "IGP");
	ck_assert_str_eq(r.v[1].origin, "EGP");
	ck_assert_str_eq(r.v[1].nexthop, "::");
	frs_adv_routes_dispose(&r);

	adv(&r, "frr-10.x/adv_routes.json");
	ck_assert_uint_eq(r.n, 2);
	x = frs_adv_routes_find(&r, "198.51.100.10/32");
	ck_assert_int_eq(x->local_pref, 150);
	ck_assert_str_eq(frs_adv_routes_find(&r, "198.51.100.11/32")->origin, "incomplete");
	frs_adv_routes_dispose(&r);

	adv(&r, "frr-10.x/adv_routes_detail.json");
	ck_assert_uint_eq(r.n, 2);
	x = frs_adv_routes_find(&r, "198.51.100.10/32");
	ck_assert_int_eq(x->have_communities, 1);
	ck_assert_str_eq(x->communities, "64512:100 no-advertise");
	ck_assert_str_eq(x->large_communities, "64512:1:2");
	ck_assert_int_eq(x->local_pref, 150);
	ck_assert_str_eq(x->path, "");
	ck_assert_str_eq(x->nexthop, "0.0.0.0");
	x = frs_adv_routes_find(&r, "198.51.100.11/32");
	ck_assert_int_eq(x->have_communities, 1);
	ck_assert_str_eq(x->communities, "");
	ck_assert_int_eq(x->local_pref, -1);
	frs_adv_routes_dispose(&r);
}
END_TEST

START_TEST(test_query_table_form)
{
	struct frs_adv_routes r;
	const struct frs_adv_route *x;

	adv(&r, "frr-8.4.4/A_show_bgp_ipv4_unicast.json");
	ck_assert_uint_eq(r.n, 3);
	x = frs_adv_routes_find(&r, "172.16.0.0/16");
	ck_assert_str_eq(x->path, "65002");
	ck_assert_str_eq(x->nexthop, "10.0.0.2");
	ck_assert_str_eq(x->origin, "IGP");
	frs_adv_routes_dispose(&r);
	adv(&r, "frr-8.4.4/A_routes_10.0.0.2.json");
	ck_assert_uint_eq(r.n, 1);
	frs_adv_routes_dispose(&r);
	adv(&r, "frr-8.4.4/A_show_bgp_ipv6_unicast.json");
	ck_assert_uint_eq(r.n, 1);
	ck_assert_str_eq(r.v[0].prefix, "2001:db8:1::/48");
	ck_assert_str_eq(r.v[0].nexthop, "::");
	frs_adv_routes_dispose(&r);
}
END_TEST

START_TEST(test_query_prefix_detail)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_adv_route r;
	char *json = fixture("frr-8.4.4/A_show_bgp_prefix.json");

	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(frs_query_parse_prefix(&r, json, &errs), FRS_OK);
	ck_assert_str_eq(r.prefix, "192.168.1.0/24");
	ck_assert_str_eq(r.path, "");
	ck_assert_str_eq(r.origin, "IGP");
	ck_assert_str_eq(r.communities, "");
	ck_assert_int_eq(r.weight, 32768);
	frs_adv_route_dispose(&r);
	free(json);

	json = fixture("frr-10.x/prefix_detail.json");
	ck_assert_int_eq(frs_query_parse_prefix(&r, json, &errs), FRS_OK);
	ck_assert_str_eq(r.communities, "64512:100 64512:200");
	ck_assert_str_eq(r.large_communities, "64512:1:2");
	ck_assert_int_eq(r.local_pref, 150);
	ck_assert_str_eq(r.nexthop, "0.0.0.0");
	frs_adv_route_dispose(&r);
	free(json);

	ck_assert_int_eq(frs_query_parse_prefix(&r, "{}", &errs), FRS_ENOTFOUND);
	ck_assert_ptr_null(r.prefix);
	ck_assert_uint_eq(errs.n, 0);
	frs_errlist_dispose(&errs);
}
END_TEST

static void bfd(struct frs_bfd_peers *p, const char *rel)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	char *json = fixture(rel);

	ck_assert_int_eq(frs_query_parse_bfd(p, json, &errs), FRS_OK);
	free(json);
	frs_errlist_dispose(&errs);
}

START_TEST(test_query_bfd_84)
{
	struct frs_bfd_peers p;
	const struct frs_bfd_peer *x;

	memset(&p, 0, sizeof(p));
	bfd(&p, "frr-8.4.4/A_show_bfd_peers.json");
	bfd(&p, "frr-8.4.4/A_show_bfd_peers_counters.json");
	ck_assert_uint_eq(p.n, 1);
	x = frs_bfd_peers_find(&p, NULL, "10.0.0.2");
	ck_assert_str_eq(x->status, "up");
	ck_assert_int_eq(x->uptime_s, 9);
	ck_assert_int_eq(x->downtime_s, -1);
	ck_assert_str_eq(x->interface, "vA");
	ck_assert_int_eq(x->rx_interval, 300);
	ck_assert_int_eq(x->ctl_in, 38);
	ck_assert_int_eq(x->ctl_out, 41);
	ck_assert_int_eq(x->session_down, 1);
	ck_assert_int_eq(x->zebra_notifications, 2);
	frs_bfd_peers_dispose(&p);

	bfd(&p, "frr-8.4.4/A_show_bfd_peers_down.json");
	ck_assert_str_eq(p.v[0].status, "down");
	ck_assert_int_eq(p.v[0].downtime_s, 222);
	ck_assert_str_eq(p.v[0].diagnostic, "neighbor signaled session down");
	ck_assert_int_eq(p.v[0].ctl_in, -1);
	frs_bfd_peers_dispose(&p);

	bfd(&p, "frr-8.4.4/A_show_bfd_peers_after.json");
	ck_assert_uint_eq(p.n, 1);
	frs_bfd_peers_dispose(&p);

	bfd(&p, "frr-8.4.4/A_show_bfd_peer_10.0.0.2.json");
	ck_assert_uint_eq(p.n, 1);
	ck_assert_str_eq(p.v[0].local, "10.0.0.1");
	frs_bfd_peers_dispose(&p);

	bfd(&p, "frr-8.4.4/A_bfdd_yang_operational.json");
	ck_assert_uint_eq(p.n, 1);
	ck_assert_str_eq(p.v[0].peer, "10.0.0.2");
	ck_assert_str_eq(p.v[0].status, "down");
	ck_assert_int_eq(p.v[0].ctl_in, 926);
	ck_assert_int_eq(p.v[0].session_down, 2);
	ck_assert_int_eq(p.v[0].rx_interval, 300);
	frs_bfd_peers_dispose(&p);

	bfd(&p, "frr-8.4.4/A_bfdd_show_configuration_running_json.json");
	ck_assert_uint_eq(p.n, 0);
	frs_bfd_peers_dispose(&p);
}
END_TEST

START_TEST(test_query_bfd_10x)
{
	struct frs_bfd_peers p;
	const struct frs_bfd_peer *x;

	memset(&p, 0, sizeof(p));
	bfd(&p, "frr-10.x/bfd_peers.json");
	bfd(&p, "frr-10.x/bfd_peers_counters.json");
	ck_assert_uint_eq(p.n, 2);
	x = frs_bfd_peers_find(&p, "default", "fe80::2");
	ck_assert_str_eq(x->interface, "eth1");
	ck_assert_int_eq(x->ctl_out, 1001);
	x = frs_bfd_peers_find(&p, "red", "198.51.100.1");
	ck_assert_int_eq(x->multihop, 1);
	ck_assert_str_eq(x->status, "down");
	ck_assert_int_eq(x->ctl_out, 40);
	ck_assert_ptr_null(frs_bfd_peers_find(&p, NULL, "198.51.100.1"));
	frs_bfd_peers_dispose(&p);
}
END_TEST

/* Captured from a live FRR 10.3 (Debian trixie) two-namespace session with BFD up
 * (tests/fixtures/capture.sh), not hand-made. */
START_TEST(test_query_captured_10_3)
{
	struct frs_bgp_peers p;
	struct frs_adv_routes r;
	struct frs_bfd_peers b;
	const struct frs_bgp_peer *a;
	const struct frs_adv_route *x;
	const struct frs_bfd_peer *y;

	neighbors(&p, "frr-10.3/show_bgp_vrf_all_neighbors.json", NULL);
	ck_assert_uint_eq(p.n, 1);
	a = frs_bgp_peers_find(&p, "default", "192.0.2.1");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->remote_as, "64512");
	ck_assert_str_eq(a->local_as, "64512");
	ck_assert_str_eq(a->state, "Established");
	ck_assert_int_eq(a->pfx_sent, 2);
	ck_assert_int_eq(a->pfx_recv, 0);
	ck_assert_uint_eq(a->n_af, 1);
	ck_assert_str_eq(a->af[0].name, "ipv4Unicast");
	ck_assert_str_eq(a->af[0].rmap_out, "192.0.2.1-out");
	frs_bgp_peers_dispose(&p);
	neighbors(&p, "frr-10.3/show_bgp_neighbors_192.0.2.1.json", NULL);
	ck_assert_ptr_nonnull(frs_bgp_peers_find(&p, "default", "192.0.2.1"));
	frs_bgp_peers_dispose(&p);

	adv(&r, "frr-10.3/adv_routes_ipv4_192.0.2.1.json");
	ck_assert_uint_eq(r.n, 2);
	ck_assert_int_eq(r.total, 2);
	x = frs_adv_routes_find(&r, "198.51.100.10/32");
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->local_pref, 150);
	ck_assert_str_eq(x->nexthop, "0.0.0.0");
	ck_assert_ptr_nonnull(frs_adv_routes_find(&r, "198.51.100.11/32"));
	frs_adv_routes_dispose(&r);
	/* 10.x wraps this warning in a keyless object: not JSON, read anyway */
	adv(&r, "frr-10.3/adv_routes_ipv6_192.0.2.1.json");
	ck_assert_uint_eq(r.n, 0);
	ck_assert_str_eq(r.warning, "No such neighbor or address family");
	frs_adv_routes_dispose(&r);

	memset(&b, 0, sizeof(b));
	bfd(&b, "frr-10.3/show_bfd_peers.json");
	bfd(&b, "frr-10.3/show_bfd_peers_counters.json");
	ck_assert_uint_eq(b.n, 1);
	y = frs_bfd_peers_find(&b, "default", "192.0.2.1");
	ck_assert_ptr_nonnull(y);
	ck_assert_str_eq(y->status, "up");
	ck_assert_int_eq(y->multihop, 0);
	ck_assert_int_eq(y->ctl_in, 5);
	ck_assert_int_eq(y->ctl_out, 5);
	ck_assert_int_eq(y->session_up, 1);
	frs_bfd_peers_dispose(&b);
}
END_TEST

/* Robustness: every capture through every parser; only FRS_OK/FRS_EPARSE, never a crash. */
START_TEST(test_query_every_capture_every_parser)
{
	static const char *const dirs[] = { "frr-8.4.4", "frr-9.1", "frr-10.x", "frr-10.3" };
	size_t seen = 0;

	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		struct frs_buf path = FRS_BUF_INIT;
		struct dirent *e;
		DIR *dir;

		frs_buf_addf(&path, "%s/tests/fixtures/%s", FRS_SRCDIR, dirs[d]);
		dir = opendir(path.ptr);
		ck_assert_ptr_nonnull(dir);
		while ((e = readdir(dir))) {
			struct frs_errlist errs = FRS_ERRLIST_INIT;
			struct frs_bgp_peers n;
			struct frs_bgp_summary s;
			struct frs_adv_routes a;
			struct frs_adv_route r;
			struct frs_bfd_peers b;
			struct frs_buf rel = FRS_BUF_INIT;
			char *json;
			enum frs_err rc;

			if (e->d_name[0] == '.')
				continue;
			frs_buf_addf(&rel, "%s/%s", dirs[d], e->d_name);
			json = fixture(rel.ptr);
			memset(&n, 0, sizeof(n));
			memset(&s, 0, sizeof(s));
			memset(&a, 0, sizeof(a));
			memset(&r, 0, sizeof(r));
			memset(&b, 0, sizeof(b));
			rc = frs_query_parse_neighbors(&n, json, NULL, &errs);
			ck_assert_msg(rc == FRS_OK || rc == FRS_EPARSE, "%s: neighbors %d", rel.ptr, rc);
			rc = frs_query_parse_summary(&s, json, NULL, NULL, &errs);
			ck_assert_msg(rc == FRS_OK || rc == FRS_EPARSE, "%s: summary %d", rel.ptr, rc);
			rc = frs_query_parse_adv_routes(&a, json, &errs);
			ck_assert_msg(rc == FRS_OK || rc == FRS_EPARSE, "%s: adv %d", rel.ptr, rc);
			rc = frs_query_parse_prefix(&r, json, &errs);
			ck_assert_msg(rc == FRS_OK || rc == FRS_EPARSE || rc == FRS_ENOTFOUND,
				      "%s: prefix %d", rel.ptr, rc);
			rc = frs_query_parse_bfd(&b, json, &errs);
			ck_assert_msg(rc == FRS_OK || rc == FRS_EPARSE, "%s: bfd %d", rel.ptr, rc);
			frs_bgp_peers_dispose(&n);
			frs_bgp_summary_dispose(&s);
			frs_adv_routes_dispose(&a);
			frs_adv_route_dispose(&r);
			frs_bfd_peers_dispose(&b);
			frs_errlist_dispose(&errs);
			frs_buf_dispose(&rel);
			free(json);
			seen++;
		}
		closedir(dir);
		frs_buf_dispose(&path);
	}
	ck_assert_uint_ge(seen, 34);
}
END_TEST

START_TEST(test_query_not_json_is_eparse)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_bgp_peers n;

	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(frs_query_parse_neighbors(&n, "% Unknown command: show bgp", NULL, &errs),
			 FRS_EPARSE);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_ptr_nonnull(strstr(errs.v[0].message, "not JSON"));
	ck_assert_int_eq(frs_query_parse_neighbors(&n, "[1,2]", NULL, &errs), FRS_EPARSE);
	ck_assert_uint_eq(n.n, 0);
	/* a second value is an error, not dropped; the position is the offending byte */
	frs_errlist_dispose(&errs);
	ck_assert_int_eq(frs_query_parse_neighbors(&n, "{\"192.0.2.1\":{}}\n{\"192.0.2.2\":{}}",
						   NULL, &errs), FRS_EPARSE);
	ck_assert_uint_eq(n.n, 0);
	ck_assert_str_eq(errs.v[0].message, "show bgp neighbors json: a second JSON value at byte "
			 "17 (one output is one JSON value)");
	ck_assert_int_eq(frs_query_parse_neighbors(&n, "{\"a\":{}} x", NULL, &errs), FRS_EPARSE);
	ck_assert_str_eq(errs.v[1].message, "show bgp neighbors json: text after the JSON value at "
			 "byte 9 (one output is one JSON value)");
	ck_assert_int_eq(frs_query_parse_neighbors(&n, "{\"a\": [1,,2]}", NULL, &errs), FRS_EPARSE);
	ck_assert_str_eq(errs.v[2].message, "show bgp neighbors json: not JSON (at byte 9)");
	frs_bgp_peers_dispose(&n);
	frs_errlist_dispose(&errs);
}
END_TEST

START_TEST(test_query_is_addr)
{
	ck_assert(frs_query_is_addr("192.0.2.1"));
	ck_assert(frs_query_is_addr("2001:db8::1"));
	ck_assert(!frs_query_is_addr("eth0"));
	ck_assert(!frs_query_is_addr(NULL));
}
END_TEST

START_TEST(test_query_collect_unreachable)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_query_snapshot s;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(frs_query_collect(&s, "/nonexistent-frs-dir", FRS_QUERY_BGP, 1000, &errs),
			 FRS_EUNREACHABLE);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_ptr_nonnull(strstr(errs.v[0].message, "bgpd"));
	frs_errlist_dispose(&errs);
}
END_TEST

static void same_str(const char *a, const char *b, const char *what)
{
	ck_assert_msg((!a && !b) || (a && b && !strcmp(a, b)), "%s: '%s' vs '%s'", what,
		      a ? a : "(null)", b ? b : "(null)");
}

/* Both paths' results, field by field. */
static void same_peers(const struct frs_bgp_peers *pa, const struct frs_bgp_peers *pb)
{
	const struct frs_bgp_peers a = *pa, b = *pb;

	ck_assert_uint_eq(a.n, b.n);
	ck_assert_int_eq(a.no_such_neighbor, b.no_such_neighbor);
	for (size_t i = 0; i < a.n; i++) {
		const struct frs_bgp_peer *x = &a.v[i], *y = &b.v[i];

		same_str(x->vrf, y->vrf, "vrf");
		same_str(x->peer, y->peer, "peer");
		same_str(x->remote_as, y->remote_as, "remote_as");
		same_str(x->local_as, y->local_as, "local_as");
		same_str(x->state, y->state, "state");
		same_str(x->desc, y->desc, "desc");
		same_str(x->hostname, y->hostname, "hostname");
		same_str(x->peer_group, y->peer_group, "peer_group");
		same_str(x->host_foreign, y->host_foreign, "host_foreign");
		same_str(x->last_reset, y->last_reset, "last_reset");
		same_str(x->last_notification, y->last_notification, "last_notification");
		same_str(x->last_error_code, y->last_error_code, "last_error_code");
		same_str(x->bfd_status, y->bfd_status, "bfd_status");
		ck_assert_int_eq(x->is_interface, y->is_interface);
		ck_assert_int_eq(x->port_foreign, y->port_foreign);
		ck_assert_int_eq(x->uptime_ms, y->uptime_ms);
		ck_assert_int_eq(x->conn_established, y->conn_established);
		ck_assert_int_eq(x->conn_dropped, y->conn_dropped);
		ck_assert_int_eq(x->pfx_sent, y->pfx_sent);
		ck_assert_int_eq(x->pfx_recv, y->pfx_recv);
		ck_assert(memcmp(&x->msg, &y->msg, sizeof(x->msg)) == 0);
		ck_assert_uint_eq(x->n_af, y->n_af);
		for (size_t j = 0; j < x->n_af; j++) {
			same_str(x->af[j].name, y->af[j].name, "af");
			same_str(x->af[j].rmap_out, y->af[j].rmap_out, "rmap_out");
			ck_assert_int_eq(x->af[j].sent, y->af[j].sent);
			ck_assert_int_eq(x->af[j].accepted, y->af[j].accepted);
		}
	}
	same_str(a.warning, b.warning, "warning");
}

/* The tree-less scanner and the cJSON path agree on every neighbors capture, field by field. */
START_TEST(test_query_neighbors_fast_equals_cjson)
{
	static const char *const files[] = {
		"frr-8.4.4/A_show_bgp_vrf_all_neighbors.json", "frr-8.4.4/A_show_bgp_neighbors.json",
		"frr-8.4.4/A_show_bgp_neighbors_10.0.0.2.json",
		"frr-8.4.4/A_show_bgp_neighbors_10.0.0.2_down.json",
		"frr-8.4.4/A_show_bgp_neighbors_pg_member_idle.json",
		"frr-8.4.4/A_neighbors_no_such.json", "frr-8.4.4/Q_neighbors_rmap_out.json",
		"frr-10.x/neighbors_vrf_all_unnumbered.json",
	};

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		struct frs_errlist errs = FRS_ERRLIST_INIT;
		struct frs_bgp_peers a, b;
		char *json = fixture(files[f]);

		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		ck_assert_int_eq(frs_query__neighbors_fast(&a, json, NULL), 0);
		ck_assert_int_eq(frs_query__neighbors_slow(&b, json, NULL, &errs), FRS_OK);
		same_peers(&a, &b);
		frs_bgp_peers_dispose(&a);
		frs_bgp_peers_dispose(&b);
		frs_errlist_dispose(&errs);
		free(json);
	}
}
END_TEST

/*
 * Hostile JSON: the scanner either gives up (and cJSON decides) or reads exactly what cJSON
 * reads; no signed overflow, no out-of-range conversion (UBSan) on the way.
 */
START_TEST(test_query_neighbors_hostile_json)
{
	static const struct {
		const char *json;
		int fast; /* 0 read, -1 gave up */
	} cases[] = {
		/* 20-digit integers, and their sum */
		{ "{\"192.0.2.1\":{\"bgpTimerUpMsec\":99999999999999999999,"
		  "\"connectionsDropped\":-99999999999999999999}}", -1 },
		{ "{\"192.0.2.1\":{\"addressFamilyInfo\":{\"a\":{\"acceptedPrefixCounter\":"
		  "9000000000000000000},\"b\":{\"acceptedPrefixCounter\":9000000000000000000}}}}", -1 },
		{ "{\"192.0.2.1\":{\"bgpTimerUpMsec\":1e300,\"remoteAs\":-1e300}}", -1 },
		{ "{\"192.0.2.1\":{\"bgpTimerUpMsec\":\"99999999999999999999\"}}", 0 },
		{ "{\"192.0.2.1\":{\"remoteAs\":123456789012345678,\"localAs\":-0}}", -1 },
		{ "{\"192.0.2.1\":{\"remoteAs\":123456789012345,\"portForeign\":4294967297}}", 0 },
		{ "{\"192.0.2.1\":{\"portForeign\":65536,\"bgpTimerUpMsec\":-0}}", 0 },
		/* duplicate keys: cJSON takes the first */
		{ "{\"192.0.2.1\":{\"bgpState\":\"Idle\",\"bgpState\":\"Established\"}}", -1 },
		{ "{\"192.0.2.1\":{\"messageStats\":{\"opensSent\":1,\"opensSent\":2}}}", -1 },
		{ "{\"192.0.2.1\":{\"addressFamilyInfo\":{\"a\":{\"sentPrefixCounter\":1,"
		  "\"sentPrefixCounter\":2}}}}", -1 },
		{ "{\"warning\":1,\"warning\":\"w\"}", -1 },
		{ "{\"bgpNoSuchNeighbor\":false,\"bgpNoSuchNeighbor\":true}", -1 },
		{ "{\"bgpNoSuchNeighbor\":1}", 0 },
		{ "{\"v\":{\"vrfName\":1,\"vrfName\":\"red\",\"192.0.2.1\":{}}}", -1 },
		{ "{\"v\":{\"vrfId\":1,\"192.0.2.1\":{},\"vrfName\":\"red\"}}", -1 },
		{ "{\"192.0.2.1\":{\"peerBfdInfo\":1,\"bfdInfo\":{\"status\":\"Up\"}}}", 0 },
		{ "{\"192.0.2.1\":{\"bfdInfo\":{\"status\":\"Up\"},\"peerBfdInfo\":[]}}", 0 },
		{ "{\"192.0.2.1\":{\"addressFamilyInfo\":[{\"sentPrefixCounter\":1}]}}", 0 },
		/* escapes and control bytes */
		{ "{\"192.0.2.1\":{\"nbrDesc\":\"caf\\u00e9\"}}", -1 },
		{ "{\"192.0.2.1\":{\"nbrDesc\":\"a\\u0000b\"}}", -1 },
		{ "{\"192.0.2.1\":{\"nbrDesc\":\"a\\u0041b\"}}", 0 },
		{ "{\"192.0.2.1\":{\"nbrDesc\":\"a\tb\"}}", -1 },
		{ "{\"192.0.2.1\":{\"nbrDesc\":\"x\"}}\x01", -1 },
		/* not JSON, or more than one value: cJSON's verdict */
		{ "{\"192.0.2.1\":{\"bgpState\":tru}}", -1 },
		{ "{\"192.0.2.1\":{\"x\":[1,,2]}}", -1 },
		{ "{\"192.0.2.1\":{}}{\"192.0.2.2\":{}}", -1 },
		{ "{\"192.0.2.1\":{\"x\":01}}", -1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct frs_errlist errs = FRS_ERRLIST_INIT;
		struct frs_bgp_peers a, b;
		int fast;
		enum frs_err slow;

		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		fast = frs_query__neighbors_fast(&a, cases[i].json, NULL);
		ck_assert_msg(fast == cases[i].fast, "case %zu: fast %d", i, fast);
		slow = frs_query__neighbors_slow(&b, cases[i].json, NULL, &errs);
		if (fast == 0) {
			ck_assert_msg(slow == FRS_OK, "case %zu: slow %d", i, slow);
			same_peers(&a, &b);
		}
		frs_bgp_peers_dispose(&a);
		frs_bgp_peers_dispose(&b);
		frs_errlist_dispose(&errs);
	}
}
END_TEST

/* What cJSON reads of the hostile values: unknown (-1) or saturated, never UB. */
START_TEST(test_query_neighbors_out_of_range_values)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_bgp_peers p;

	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(frs_query_parse_neighbors(&p, "{\"192.0.2.1\":{\"bgpTimerUpMsec\":1e300,"
						   "\"remoteAs\":-1e300,\"connectionsDropped\":"
						   "99999999999999999999,\"portForeign\":4294967297,"
						   "\"connectionsEstablished\":\"99999999999999999999\","
						   "\"addressFamilyInfo\":{\"a\":{\"acceptedPrefixCounter\":"
						   "9000000000000000000},\"b\":{\"acceptedPrefixCounter\":"
						   "9000000000000000000}}}}", NULL, &errs), FRS_OK);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_int_eq(p.v[0].uptime_ms, -1);
	ck_assert_ptr_null(p.v[0].remote_as);
	ck_assert_int_eq(p.v[0].conn_dropped, -1);
	ck_assert_int_eq(p.v[0].conn_established, -1);
	ck_assert_int_eq(p.v[0].port_foreign, -1);
	ck_assert_int_eq(p.v[0].pfx_recv, INT64_MAX);
	frs_bgp_peers_dispose(&p);
	frs_errlist_dispose(&errs);
}
END_TEST

/* What the scanner does not take (fractions, broken text) goes to cJSON, whose verdict stands. */
START_TEST(test_query_neighbors_fallback)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_bgp_peers p;

	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(frs_query_parse_neighbors(&p, "{\"192.0.2.1\":{\"remoteAs\":1.5,"
						   "\"bgpState\":\"Idle\",\"nbrDesc\":\"a\\\"b\\/c\"}}",
						   NULL, &errs), FRS_OK);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_str_eq(p.v[0].remote_as, "1");
	ck_assert_str_eq(p.v[0].desc, "a\"b/c");
	frs_bgp_peers_dispose(&p);
	ck_assert_int_eq(frs_query_parse_neighbors(&p, "{\"192.0.2.1\":{\"bgpState\":", NULL, &errs),
			 FRS_EPARSE);
	ck_assert_uint_eq(p.n, 0);
	ck_assert_int_eq(frs_query__neighbors_fast(&p, "{\"x\":{\"nbrDesc\":\"a\\\"b\"}}", NULL), 0);
	ck_assert_str_eq(p.v[0].desc, "a\"b");
	frs_bgp_peers_dispose(&p);
	frs_errlist_dispose(&errs);
}
END_TEST

Suite *frs_query_suite(void)
{
	Suite *s = suite_create("query");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_query_neighbors_vrf_all_84);
	tcase_add_test(tc, test_query_neighbors_unwrapped_84);
	tcase_add_test(tc, test_query_neighbors_down_and_idle_84);
	tcase_add_test(tc, test_query_neighbors_no_such_is_a_result);
	tcase_add_test(tc, test_query_neighbors_unnumbered_10x);
	tcase_add_test(tc, test_query_summary_shapes);
	tcase_add_test(tc, test_query_adv_routes_84);
	tcase_add_test(tc, test_query_adv_routes_9x_10x);
	tcase_add_test(tc, test_query_table_form);
	tcase_add_test(tc, test_query_prefix_detail);
	tcase_add_test(tc, test_query_bfd_84);
	tcase_add_test(tc, test_query_bfd_10x);
	tcase_add_test(tc, test_query_captured_10_3);
	tcase_add_test(tc, test_query_every_capture_every_parser);
	tcase_add_test(tc, test_query_not_json_is_eparse);
	tcase_add_test(tc, test_query_is_addr);
	tcase_add_test(tc, test_query_neighbors_fast_equals_cjson);
	tcase_add_test(tc, test_query_neighbors_hostile_json);
	tcase_add_test(tc, test_query_neighbors_out_of_range_values);
	tcase_add_test(tc, test_query_neighbors_fallback);
	tcase_add_test(tc, test_query_collect_unreachable);
	suite_add_tcase(s, tc);
	return s;
}
