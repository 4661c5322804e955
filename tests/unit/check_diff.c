/* SPDX-License-Identifier: MIT */
/* Unit tests of reloader/diff.c: special cases and the size of the work. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <frrshim/file.h>
#include <frrshim/reload.h>

#include "suites.h"

static char *diff_of(const char *running, const char *target, size_t *dels, size_t *adds)
{
	struct frs_conf *r = NULL, *t = NULL;
	struct frs_diff *d = NULL;
	struct frs_buf b = FRS_BUF_INIT;

	ck_assert_int_eq(frs_conf_parse(&r, running, strlen(running), "r", NULL), FRS_OK);
	ck_assert_int_eq(frs_conf_parse(&t, target, strlen(target), "t", NULL), FRS_OK);
	ck_assert_int_eq(frs_diff_compute(&d, r, t, NULL), FRS_OK);
	ck_assert_int_eq(frs_diff_print(&b, d, FRS_DIFF_SCRIPT), FRS_OK);
	if (dels)
		*dels = frs_diff_deletes(d);
	if (adds)
		*adds = frs_diff_adds(d);
	frs_diff_free(d);
	frs_conf_free(r);
	frs_conf_free(t);
	return b.ptr ? frs_buf_detach(&b) : strdup("");
}

START_TEST(test_diff_never_enables_forwarding)
{
	size_t dl, ad;
	char *s = diff_of("no ip forwarding\nno ipv6 forwarding\nhostname vm\n", "hostname other\n",
			  &dl, &ad);

	ck_assert_str_eq(s, "");
	ck_assert_uint_eq(dl + ad, 0);
	free(s);
}
END_TEST

START_TEST(test_diff_remote_as_in_place_and_neighbor_removed_whole)
{
	char *s = diff_of("router bgp 1\n neighbor 192.0.2.1 remote-as 2\n"
			  " neighbor 192.0.2.1 password p1\n"
			  " neighbor 192.0.2.3 remote-as 3\n neighbor 192.0.2.3 bfd\n"
			  " address-family ipv4 unicast\n  neighbor 192.0.2.3 activate\n"
			  " exit-address-family\nexit\n",
			  "router bgp 1\n neighbor 192.0.2.1 remote-as 9\n"
			  " neighbor 192.0.2.1 password p1\nexit\n",
			  NULL, NULL);

	/* never `no neighbor 192.0.2.3 bfd` after the peer is gone; no delete of remote-as 2 */
	ck_assert_str_eq(s, "router bgp 1\n no neighbor 192.0.2.3 remote-as 3\nexit\n"
			    "router bgp 1\n neighbor 192.0.2.1 remote-as 9\nexit\n");
	free(s);
}
END_TEST

START_TEST(test_diff_stale_af_deleted_with_other_instance)
{
	char *s = diff_of("router bgp 1 vrf red\nexit\nrouter bgp 1\n address-family ipv6 unicast\n"
			  "  network 2001:db8::/32\n exit-address-family\nexit\n",
			  "router bgp 1\nexit\n", NULL, NULL);

	ck_assert_str_eq(s, "router bgp 1\n address-family ipv6 unicast\n  no network 2001:db8::/32\n"
			    " exit\nexit\nno router bgp 1 vrf red\n");
	free(s);
}
END_TEST

START_TEST(test_diff_prefix_list_seq_reused)
{
	/* FRR 8.4 keeps two entries with one seq: the old one goes first; a plain removal
	 * waits until after the adds */
	size_t dl, ad;
	char *s = diff_of("ip prefix-list P seq 5 permit 192.0.2.0/24\n"
			  "ip prefix-list P seq 10 permit 198.51.100.0/24\n",
			  "ip prefix-list P seq 5 permit 203.0.113.0/24\n", &dl, &ad);

	ck_assert_str_eq(s, "no ip prefix-list P seq 5 permit 192.0.2.0/24\n"
			    "ip prefix-list P seq 5 permit 203.0.113.0/24\n"
			    "no ip prefix-list P seq 10 permit 198.51.100.0/24\n");
	ck_assert_uint_eq(dl, 2);
	ck_assert_uint_eq(ad, 1);
	free(s);
}
END_TEST

START_TEST(test_diff_large_is_linear_enough)
{
	/* 200k network lines on each side, all but one shared: must finish (no O(n*m)) */
	struct frs_buf a = FRS_BUF_INIT, b = FRS_BUF_INIT;
	size_t dl, ad;
	char *s;

	frs_buf_puts(&a, "router bgp 1\n address-family ipv4 unicast\n");
	frs_buf_puts(&b, "router bgp 1\n address-family ipv4 unicast\n");
	for (unsigned i = 0; i < 200000; i++) {
		frs_buf_addf(&a, "  network 10.%u.%u.%u/32\n", i >> 16, (i >> 8) & 255, i & 255);
		frs_buf_addf(&b, "  network 10.%u.%u.%u/32\n", (i + 1) >> 16, ((i + 1) >> 8) & 255,
			     (i + 1) & 255);
	}
	s = diff_of(a.ptr, b.ptr, &dl, &ad);
	ck_assert_uint_eq(dl, 1);
	ck_assert_uint_eq(ad, 1);
	free(s);
	frs_buf_dispose(&a);
	frs_buf_dispose(&b);
}
END_TEST

START_TEST(test_diff_status_json)
{
	struct frs_reload_result r;
	struct frs_buf b = FRS_BUF_INIT;
	char path[] = "/tmp/frs-status-XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	frs_reload_result_init(&r);
	r.outcome = FRS_RELOAD_ROLLED_BACK;
	r.rolled_back = 1;
	r.lines_added = 3;
	r.started.tv_sec = 1795000000;
	r.started.tv_nsec = 5000000;
	r.finished.tv_sec = 1795000001;
	r.error = strdup("reload error: bgpd: \"neighbor 192.0.2.1 password s3\": % x");
	r.warnings = calloc(1, sizeof(char *));
	r.warnings[0] = strdup("zebra: \"no ip address 192.0.2.9/24\": % command failed (status 13)");
	r.nwarnings = 1;
	r.residual = calloc(2, sizeof(char *));
	r.residual[0] = strdup("router bgp 64512");
	r.residual[1] = strdup(" neighbor 192.0.2.1 password s3");
	r.nresidual = 2;
	r.lines_learned = 2;
	ck_assert_int_eq(frs_reload_status_write(path, &r), FRS_OK);
	ck_assert_int_eq(frs_file_read(&b, path), FRS_OK);
	ck_assert_str_eq(b.ptr, "{\"result\":\"rolled-back\",\"error\":\"reload error: bgpd: "
			 "\\\"neighbor 192.0.2.1 password <retracted>\",\"started\":"
			 "\"2026-11-18T11:06:40.005Z\",\"finished\":\"2026-11-18T11:06:41.000Z\","
			 "\"lines_deleted\":0,\"lines_added\":3,\"rolled_back\":true,"
			 "\"lines_learned\":2,\"warnings\":[\"zebra: \\\"no ip address 192.0.2.9/24\\\": "
			 "% command failed (status 13)\"],\"residual\":[\"router bgp 64512\","
			 "\" neighbor 192.0.2.1 password <retracted>\"]}\n");
	{
		struct stat st;
		ck_assert_int_eq(stat(path, &st), 0);
		ck_assert_int_eq(st.st_mode & 0777, 0600); /* an error may quote a config line */
	}
	unlink(path);
	frs_buf_dispose(&b);
	frs_reload_result_dispose(&r);
}
END_TEST

Suite *frs_diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_diff_never_enables_forwarding);
	tcase_add_test(tc, test_diff_remote_as_in_place_and_neighbor_removed_whole);
	tcase_add_test(tc, test_diff_stale_af_deleted_with_other_instance);
	tcase_add_test(tc, test_diff_prefix_list_seq_reused);
	tcase_add_test(tc, test_diff_large_is_linear_enough);
	tcase_add_test(tc, test_diff_status_json);
	suite_add_tcase(s, tc);
	return s;
}
