/* SPDX-License-Identifier: MIT */
/* Unit tests of query/metrics.c: MetalLB's series from captures, and the HTTP server. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <frrshim/file.h>
#include <frrshim/metrics.h>

#include "suites.h"

static void load(struct frs_query_snapshot *s, const char *nb, const char *bfd, const char *ctr)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf b = FRS_BUF_INIT, p = FRS_BUF_INIT;
	const char *files[3] = { nb, bfd, ctr };

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < 3; i++) {
		if (!files[i])
			continue;
		frs_buf_clear(&b);
		frs_buf_clear(&p);
		frs_buf_addf(&p, "%s/tests/fixtures/%s", FRS_SRCDIR, files[i]);
		ck_assert_int_eq(frs_file_read(&b, p.ptr), FRS_OK);
		if (i == 0)
			ck_assert_int_eq(frs_query_parse_neighbors(&s->bgp, b.ptr, NULL, &errs), FRS_OK);
		else
			ck_assert_int_eq(frs_query_parse_bfd(&s->bfd, b.ptr, &errs), FRS_OK);
	}
	s->bgp_ok = nb != NULL;
	s->bfd_ok = bfd != NULL;
	frs_buf_dispose(&b);
	frs_buf_dispose(&p);
	frs_errlist_dispose(&errs);
}

static void has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return;
		p += n;
	}
	ck_abort_msg("line not found: %s\n--- in:\n%s", line, text);
}

START_TEST(test_metrics_render_84)
{
	struct frs_query_snapshot s;
	struct frs_buf out = FRS_BUF_INIT;
	const char *help, *sample;

	load(&s, "frr-8.4.4/A_show_bgp_vrf_all_neighbors.json", "frr-8.4.4/A_show_bfd_peers.json",
	     "frr-8.4.4/A_show_bfd_peers_counters.json");
	ck_assert_int_eq(frs_metrics_render(&out, &s), FRS_OK);
	has_line(out.ptr, "# TYPE metallb_bgp_session_up gauge");
	has_line(out.ptr, "metallb_bgp_session_up{peer=\"10.0.0.2:179\",vrf=\"default\"} 1");
	has_line(out.ptr, "metallb_bgp_session_up{peer=\"[fd00::2]:179\",vrf=\"default\"} 1");
	has_line(out.ptr, "metallb_bgp_announced_prefixes_total{peer=\"[fd00::2]:179\",vrf=\"default\"} 4");
	has_line(out.ptr, "metallb_bgp_received_prefixes_total{peer=\"10.0.0.2:179\",vrf=\"default\"} 1");
	has_line(out.ptr, "metallb_bgp_updates_total{peer=\"10.0.0.2:179\",vrf=\"default\"} 2");
	has_line(out.ptr, "metallb_bgp_updates_total_received{peer=\"10.0.0.2:179\",vrf=\"default\"} 3");
	has_line(out.ptr, "metallb_bgp_opens_sent{peer=\"10.0.0.2:179\",vrf=\"default\"} 2");
	has_line(out.ptr, "metallb_bgp_notifications_sent{peer=\"10.0.0.2:179\",vrf=\"default\"} 1");
	has_line(out.ptr, "# TYPE metallb_bgp_total_received counter");
	has_line(out.ptr, "metallb_bgp_total_received{peer=\"10.0.0.2:179\",vrf=\"default\"} 7");
	has_line(out.ptr, "metallb_bfd_session_up{peer=\"10.0.0.2\",vrf=\"default\"} 1");
	has_line(out.ptr, "metallb_bfd_control_packet_input{peer=\"10.0.0.2\",vrf=\"default\"} 38");
	has_line(out.ptr, "metallb_bfd_session_down_events{peer=\"10.0.0.2\",vrf=\"default\"} 1");
	has_line(out.ptr, "metallb_bfd_zebra_notifications{peer=\"10.0.0.2\",vrf=\"default\"} 2");
	/* a family's HELP comes before its samples */
	help = strstr(out.ptr, "# HELP metallb_bgp_updates_total ");
	sample = strstr(out.ptr, "metallb_bgp_updates_total{");
	ck_assert(help && sample && help < sample);
	frs_buf_dispose(&out);
	frs_query_snapshot_dispose(&s);
}
END_TEST

START_TEST(test_metrics_render_down_and_unnumbered)
{
	struct frs_query_snapshot s;
	struct frs_buf out = FRS_BUF_INIT;

	load(&s, "frr-8.4.4/A_show_bgp_neighbors_10.0.0.2_down.json",
	     "frr-8.4.4/A_show_bfd_peers_down.json", NULL);
	ck_assert_int_eq(frs_metrics_render(&out, &s), FRS_OK);
	has_line(out.ptr, "metallb_bgp_session_up{peer=\"10.0.0.2:179\",vrf=\"default\"} 0");
	has_line(out.ptr, "metallb_bgp_announced_prefixes_total{peer=\"10.0.0.2:179\",vrf=\"default\"} 0");
	has_line(out.ptr, "metallb_bfd_session_up{peer=\"10.0.0.2\",vrf=\"default\"} 0");
	ck_assert_ptr_null(strstr(out.ptr, "metallb_bfd_control_packet_input{")); /* no counters read */
	frs_buf_dispose(&out);
	frs_query_snapshot_dispose(&s);

	load(&s, "frr-10.x/neighbors_vrf_all_unnumbered.json", "frr-10.x/bfd_peers.json",
	     "frr-10.x/bfd_peers_counters.json");
	ck_assert_int_eq(frs_metrics_render(&out, &s), FRS_OK);
	has_line(out.ptr, "metallb_bgp_session_up{peer=\"eth1:179\",vrf=\"default\"} 1");
	has_line(out.ptr, "metallb_bgp_session_up{peer=\"198.51.100.1:179\",vrf=\"red\"} 0");
	has_line(out.ptr, "metallb_bgp_announced_prefixes_total{peer=\"eth1:179\",vrf=\"default\"} 8");
	has_line(out.ptr, "metallb_bgp_received_prefixes_total{peer=\"eth1:179\",vrf=\"default\"} 3");
	has_line(out.ptr, "metallb_bfd_session_up{peer=\"198.51.100.1\",vrf=\"red\"} 0");
	has_line(out.ptr, "metallb_bfd_control_packet_output{peer=\"fe80::2\",vrf=\"default\"} 1001");
	frs_buf_dispose(&out);
	frs_query_snapshot_dispose(&s);

	/* captured from a live FRR 10.3 (tests/fixtures/capture.sh) */
	load(&s, "frr-10.3/show_bgp_vrf_all_neighbors.json", "frr-10.3/show_bfd_peers.json",
	     "frr-10.3/show_bfd_peers_counters.json");
	ck_assert_int_eq(frs_metrics_render(&out, &s), FRS_OK);
	has_line(out.ptr, "metallb_bgp_session_up{peer=\"192.0.2.1:179\",vrf=\"default\"} 1");
	has_line(out.ptr, "metallb_bgp_announced_prefixes_total{peer=\"192.0.2.1:179\",vrf=\"default\"} 2");
	has_line(out.ptr, "metallb_bfd_session_up{peer=\"192.0.2.1\",vrf=\"default\"} 1");
	has_line(out.ptr, "metallb_bfd_control_packet_output{peer=\"192.0.2.1\",vrf=\"default\"} 5");
	frs_buf_dispose(&out);
	frs_query_snapshot_dispose(&s);

	memset(&s, 0, sizeof(s)); /* nothing read: nothing printed, not even HELP lines */
	ck_assert_int_eq(frs_metrics_render(&out, &s), FRS_OK);
	ck_assert_uint_eq(out.len, 0);
	frs_buf_dispose(&out);
}
END_TEST

START_TEST(test_metrics_sample_escapes)
{
	struct frs_buf out = FRS_BUF_INIT;
	const char *labels[] = { "a", "x\"y\\z\nw", "b", "", NULL };

	ck_assert_int_eq(frs_metrics_sample(&out, "m", labels, 1.5), FRS_OK);
	ck_assert_int_eq(frs_metrics_sample(&out, "n", NULL, 12345678901.0), FRS_OK);
	ck_assert_str_eq(out.ptr, "m{a=\"x\\\"y\\\\z\\nw\",b=\"\"} 1.5\nn 12345678901\n");
	frs_buf_dispose(&out);
}
END_TEST

static enum frs_err extra(struct frs_buf *out, void *arg)
{
	const char *labels[] = { "who", (const char *)arg, NULL };

	frs_metrics_family(out, "frrshim_test_total", "counter", "test series");
	return frs_metrics_sample(out, "frrshim_test_total", labels, 7);
}

static int livez_no(void *arg)
{
	(void)arg;
	return 0;
}

/* A minimal HTTP/1.0 GET over loopback; returns the whole response (caller frees). */
static char *http_get(uint16_t port, const char *path)
{
	struct sockaddr_in sa;
	struct frs_buf b = FRS_BUF_INIT;
	char req[128], tmp[4096];
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\n\r\n", path);
	ck_assert_int_eq(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	while ((n = read(fd, tmp, sizeof(tmp))) > 0)
		frs_buf_add(&b, tmp, (size_t)n);
	close(fd);
	return frs_buf_detach(&b);
}

START_TEST(test_metrics_server_serves_extra_and_livez)
{
	struct frs_metrics_options o = FRS_METRICS_OPTIONS_INIT;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_metrics_server *srv = NULL;
	char *r;

	o.listen = "127.0.0.1:0";
	o.vty_dir = "/nonexistent-frs-dir";
	o.extra = extra;
	o.extra_arg = "sidecar";
	o.livez = livez_no;
	ck_assert_int_eq(frs_metrics_start(&srv, &o, &errs), FRS_OK);
	ck_assert_uint_gt(frs_metrics_port(srv), 0);
	r = http_get(frs_metrics_port(srv), "/metrics");
	ck_assert_ptr_nonnull(strstr(r, "HTTP/1.0 200") ? r : strstr(r, "HTTP/1.1 200"));
	ck_assert_ptr_nonnull(strstr(r, "\nfrrshim_test_total{who=\"sidecar\"} 7\n"));
	ck_assert_ptr_nonnull(strstr(r, "# frrshim: bgpd is not answering"));
	free(r);
	r = http_get(frs_metrics_port(srv), "/livez");
	ck_assert_ptr_nonnull(strstr(r, " 503 "));
	free(r);
	r = http_get(frs_metrics_port(srv), "/nope");
	ck_assert_ptr_nonnull(strstr(r, " 404 "));
	free(r);
	frs_metrics_stop(srv);
	frs_metrics_stop(NULL);
	frs_errlist_dispose(&errs);
}
END_TEST

START_TEST(test_metrics_bad_listen)
{
	struct frs_metrics_options o = FRS_METRICS_OPTIONS_INIT;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_metrics_server *srv = NULL;
	static const char *const bad[] = { "127.0.0.1", "localhost:9121", ":80", "[::1]", "1.2.3.4:x" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.listen = bad[i];
		ck_assert_msg(frs_metrics_start(&srv, &o, &errs) == FRS_EARG, "%s", bad[i]);
		ck_assert_ptr_null(srv);
	}
	ck_assert_uint_eq(errs.n, sizeof(bad) / sizeof(bad[0]));
	frs_errlist_dispose(&errs);
}
END_TEST

Suite *frs_metrics_suite(void)
{
	Suite *s = suite_create("metrics");
	TCase *tc = tcase_create("metrics");

	tcase_add_test(tc, test_metrics_render_84);
	tcase_add_test(tc, test_metrics_render_down_and_unnumbered);
	tcase_add_test(tc, test_metrics_sample_escapes);
	tcase_add_test(tc, test_metrics_server_serves_extra_and_livez);
	tcase_add_test(tc, test_metrics_bad_listen);
	suite_add_tcase(s, tc);
	return s;
}
