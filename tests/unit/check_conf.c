/* SPDX-License-Identifier: MIT */
/* Unit tests of the reloader's parser: contexts, completion, normalisation, errors, scrubbing. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <frrshim/file.h>
#include <frrshim/reload.h>

#include "../../reloader/reload_int.h"
#include "suites.h"

/* Parse @p text and print it back normalised. */
static char *roundtrip(const char *text)
{
	struct frs_conf *c = NULL;
	struct frs_buf b = FRS_BUF_INIT;

	ck_assert_int_eq(frs_conf_parse(&c, text, strlen(text), "t", NULL), FRS_OK);
	ck_assert_int_eq(frs_conf_print(&b, c), FRS_OK);
	frs_conf_free(c);
	return frs_buf_detach(&b);
}

START_TEST(test_conf_contexts_without_exit_markers)
{
	/* no exits, MetalLB indentation: the keyword tree and indentation place each line */
	char *s = roundtrip("router bgp 64513\n"
			    "  neighbor 192.0.2.1 remote-as 64512\n"
			    "  address-family ipv4 unicast\n"
			    "    network 203.0.113.5/32\n"
			    "  neighbor 192.0.2.1 timers 10 30\n"
			    "route-map RM permit 10\n"
			    "ip prefix-list PL permit 203.0.113.0/24\n"
			    "bfd\n profile p\n  passive-mode\n");

	ck_assert_str_eq(s, "router bgp 64513\n"
			    " neighbor 192.0.2.1 remote-as 64512\n"
			    " neighbor 192.0.2.1 timers 10 30\n"
			    " address-family ipv4 unicast\n"
			    "  network 203.0.113.5/32\n"
			    " exit-address-family\n"
			    "exit\n"
			    "route-map RM permit 10\n"
			    "exit\n"
			    "ip prefix-list PL seq 5 permit 203.0.113.0/24\n"
			    "bfd\n profile p\n  passive-mode\n exit\nexit\n");
	free(s);
}
END_TEST

START_TEST(test_conf_normalises_like_frr)
{
	char *s = roundtrip("router bgp 1\n"
			    " neighbor 192.0.2.1   remote-as 2\n"
			    " neighbor 192.0.2.1 ebgp-multihop\n"
			    " neighbor 192.0.2.1 port 179\n"
			    " neighbor 2001:DB8:0::1 remote-as 2\n"
			    " address-family ipv4 unicast\n"
			    "  network 203.0.113.77/24\n"
			    " exit-address-family\n"
			    "exit\n"
			    "ip prefix-list A permit 198.51.100.9/24 le 32 ge 25\n"
			    "ip prefix-list A permit 198.51.100.9/24 le 32 ge 25\n"
			    "ip prefix-list A seq 12 deny any\n"
			    "ip prefix-list A deny 192.0.2.0/24\n"
			    "bgp community-list standard C permit 1:1\n"
			    "bfd\n profile p\n  receive-interval 300\n  detect-multiplier 3\n exit\nexit\n");

	ck_assert_str_eq(s, "router bgp 1\n"
			    " neighbor 192.0.2.1 remote-as 2\n"
			    " neighbor 192.0.2.1 ebgp-multihop 255\n"
			    " neighbor 2001:db8::1 remote-as 2\n"
			    " address-family ipv4 unicast\n"
			    "  network 203.0.113.0/24\n"
			    " exit-address-family\n"
			    "exit\n"
			    "ip prefix-list A seq 5 permit 198.51.100.0/24 ge 25 le 32\n"
			    "ip prefix-list A seq 12 deny any\n"
			    "ip prefix-list A seq 15 deny 192.0.2.0/24\n"
			    "bgp community-list standard C seq 5 permit 1:1\n"
			    "bfd\n profile p\n exit\nexit\n");
	free(s);
}
END_TEST

START_TEST(test_conf_lines_in_frr_form_agree_with_the_rest)
{
	/* lines already in FRR's form are kept as they are (a fast path); the others are
	 * normalised; both meet in one normal form, and seq numbering runs across them */
	char *s = roundtrip("ip prefix-list A seq 7 permit 198.51.100.0/24\n"
			    "ip prefix-list A permit 198.51.100.0/25\n"
			    "ip prefix-list A seq 7 permit 198.51.100.0/24\n"
			    "ip prefix-list A seq 011 permit 198.51.100.128/25\n"
			    "ip prefix-list A seq 20 permit 203.0.113.1/24 le 32 ge 25\n"
			    "ip prefix-list A seq 21 permit 192.0.2.0/24 ge 25 le 32\n"
			    "ip prefix-list A seq 22 deny any\n"
			    "ip prefix-list  B seq 5 permit 192.0.2.0/24 \n"
			    "ip prefix-list 2001:DB8::1 seq 5 permit 192.0.2.0/24\n"
			    "router bgp 64513\n"
			    " address-family ipv4 unicast\n"
			    "  network 192.0.2.0/24\n"
			    "  network 192.0.2.1/24\n"
			    "  network 198.51.100.7/32\n"
			    "  network 10.0.0.0\n");

	ck_assert_str_eq(s, "ip prefix-list A seq 7 permit 198.51.100.0/24\n"
			    "ip prefix-list A seq 10 permit 198.51.100.0/25\n"
			    "ip prefix-list A seq 11 permit 198.51.100.128/25\n"
			    "ip prefix-list A seq 20 permit 203.0.113.0/24 ge 25 le 32\n"
			    "ip prefix-list A seq 21 permit 192.0.2.0/24 ge 25 le 32\n"
			    "ip prefix-list A seq 22 deny any\n"
			    "ip prefix-list B seq 5 permit 192.0.2.0/24\n"
			    "ip prefix-list 2001:db8::1 seq 5 permit 192.0.2.0/24\n"
			    "router bgp 64513\n"
			    " address-family ipv4 unicast\n"
			    "  network 192.0.2.0/24\n"
			    "  network 198.51.100.7/32\n"
			    "  network 10.0.0.0/8\n"
			    " exit-address-family\n"
			    "exit\n");
	free(s);
}
END_TEST

START_TEST(test_conf_parse_file_reads_in_place)
{
	const char *t = "router bgp 1\n neighbor 192.0.2.1 remote-as 2\nip prefix-list P permit "
			"192.0.2.0/24"; /* no final newline */
	char path[] = "/tmp/check_conf.XXXXXX";
	int fd = mkstemp(path);
	struct frs_conf *c = NULL;
	struct frs_buf b = FRS_BUF_INIT;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, t, strlen(t)), (int)strlen(t));
	close(fd);
	ck_assert_int_eq(frs_conf_parse_file(&c, path, NULL), FRS_OK);
	unlink(path);
	ck_assert_int_eq(frs_conf_print(&b, c), FRS_OK);
	ck_assert_str_eq(b.ptr, "router bgp 1\n neighbor 192.0.2.1 remote-as 2\nexit\n"
				"ip prefix-list P seq 5 permit 192.0.2.0/24\n");
	frs_conf_free(c);
	frs_buf_dispose(&b);
	ck_assert_int_eq(frs_conf_parse_file(&c, "/nonexistent/frr.conf", NULL), FRS_EINPUT);
	ck_assert_ptr_null(c);
}
END_TEST

START_TEST(test_conf_bfd_peer_profile_is_a_body_line)
{
	char *s = roundtrip("bfd\npeer 192.0.2.1\nprofile fast\nexit\nprofile fast\nexit\nexit\n");

	ck_assert_str_eq(s, "bfd\n peer 192.0.2.1\n  profile fast\n exit\n profile fast\n exit\nexit\n");
	free(s);
}
END_TEST

START_TEST(test_conf_rejects_unknown_with_line)
{
	struct frs_conf *c = (struct frs_conf *)1;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	const char *t = "hostname r1\nrouter bgp 1\n neighbor 192.0.2.1 password s3cret\n bogus x\n";

	ck_assert_int_eq(frs_conf_parse(&c, t, strlen(t), "new.conf", &errs), FRS_EPARSE);
	ck_assert_ptr_null(c);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_uint_eq(errs.v[0].line, 4);
	ck_assert_str_eq(errs.v[0].message, "unknown command: bogus x");
	frs_errlist_dispose(&errs);
}
END_TEST

START_TEST(test_conf_scrub_passwords)
{
	struct frs_buf b = FRS_BUF_INIT;

	frs_buf_puts(&b, "reload error: bgpd: \"neighbor 192.0.2.1 password Zq8-x\": % bad");
	frs_reload_scrub(&b);
	ck_assert_str_eq(b.ptr, "reload error: bgpd: \"neighbor 192.0.2.1 password <retracted>");
	frs_buf_dispose(&b);
}
END_TEST

/* A FIFO is refused at once, not opened twice nor waited on; a NUL is an error at its line. */
START_TEST(test_conf_parse_file_refuses_fifo_and_nul)
{
	char dir[] = "/tmp/frs-conf-XXXXXX";
	char fifo[64];
	struct frs_conf *c = NULL;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	static const char text[] = "router bgp 64500\n neighbor 192.0.2.1 remote-as 64501\n"
				   " neighbor 192.0.2.1 password ab\0cd\n";

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/new.conf", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(frs_conf_parse_file(&c, fifo, &errs), FRS_EINPUT);
	ck_assert_int_eq(errno, FRS_FILE_ENOTREG);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(unlink(fifo), 0);
	ck_assert_int_eq(rmdir(dir), 0);

	ck_assert_int_eq(frs_conf_parse(&c, text, sizeof(text) - 1, "n.conf", &errs), FRS_EPARSE);
	ck_assert_ptr_null(c);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_uint_eq(errs.v[0].line, 3);
	ck_assert_uint_eq(errs.v[0].column, 32);
	ck_assert_str_eq(errs.v[0].message, "NUL byte: a config is text (what follows would be lost)");
	frs_errlist_dispose(&errs);
}
END_TEST

START_TEST(test_conf_running_config_header_ignored)
{
	char *s = roundtrip("Building configuration...\n\nCurrent configuration:\n!\n"
			    "frr version 8.4.4\nfrr defaults traditional\nhostname vm\n"
			    "no ip forwarding\n!\nend\n");

	ck_assert_str_eq(s, "frr version 8.4.4\nfrr defaults traditional\nhostname vm\n"
			    "no ip forwarding\n");
	free(s);
}
END_TEST

START_TEST(test_conf_completes_abbreviations)
{
	/* FRR's CLI takes a unique prefix of a keyword; `address-family ipv4` is ipv4 unicast */
	char *s = roundtrip("int lo\n ip addr 192.0.2.1/32\n no shut\n!\n"
			    "router bg 64513\n address-family ipv4\n  network 192.0.2.0/24\n"
			    " exit-address-family\n address-family ipv6 uni\n  network 2001:db8::/32\n"
			    " exit-address-family\n!\n");

	ck_assert_str_eq(s, "interface lo\n ip address 192.0.2.1/32\nexit\n"
			    "router bgp 64513\n address-family ipv4 unicast\n  network 192.0.2.0/24\n"
			    " exit-address-family\n address-family ipv6 unicast\n"
			    "  network 2001:db8::/32\n exit-address-family\nexit\n");
	free(s);
}
END_TEST

START_TEST(test_conf_ambiguous_prefix_is_left_alone)
{
	/* `router b` may be babel or bgp: FRR refuses it, so do we (unknown command) */
	struct frs_conf *c = NULL;
	const char *t = "ro bgp 1\n";

	ck_assert_int_eq(frs_conf_parse(&c, t, strlen(t), "t", NULL), FRS_EPARSE);
	ck_assert_ptr_null(c);
}
END_TEST

START_TEST(test_conf_moves_router_level_ipv4_commands)
{
	char *s = roundtrip("router bgp 1\n neighbor 192.0.2.1 remote-as 2\n network 192.0.2.0/24\n"
			    " redistribute connected\n neighbor 192.0.2.1 route-map RM out\n"
			    " neighbor 192.0.2.1 remote-as 3\n!\n");

	ck_assert_str_eq(s, "router bgp 1\n neighbor 192.0.2.1 remote-as 3\n"
			    " address-family ipv4 unicast\n  network 192.0.2.0/24\n"
			    "  redistribute connected\n  neighbor 192.0.2.1 route-map RM out\n"
			    " exit-address-family\nexit\n");
	free(s);
}
END_TEST

START_TEST(test_conf_frr_rewrites)
{
	char *s = roundtrip("access-list AL permit any\naccess-list AL deny 192.0.2.0/24\n"
			    "debug bgp updates\nlog monitor notifications\n"
			    "route-map RM permit 10\n set community no-export 64512:2 64512:1 64512:2\n"
			    "!\nrouter bgp 1\n timers bgp 60 180\n neighbor 192.0.2.1 remote-as 2\n"
			    " neighbor 192.0.2.1 bfd profile P\n address-family ipv4 unicast\n"
			    "  aggregate-address 192.0.2.0/24 summary-only as-set\n"
			    "  neighbor 192.0.2.1 activate\n exit-address-family\n!\n"
			    "interface lo\n link-params\n  max-bw 1250000\n exit-link-params\n!\n");

	ck_assert_str_eq(s, "access-list AL seq 5 permit any\naccess-list AL seq 10 deny 192.0.2.0/24\n"
			    "debug bgp updates in\ndebug bgp updates out\n"
			    "route-map RM permit 10\n set community 64512:1 64512:2 no-export\nexit\n"
			    "router bgp 1\n neighbor 192.0.2.1 remote-as 2\n neighbor 192.0.2.1 bfd\n"
			    " neighbor 192.0.2.1 bfd profile P\n address-family ipv4 unicast\n"
			    "  aggregate-address 192.0.2.0/24 as-set summary-only\n exit-address-family\n"
			    "exit\ninterface lo\n link-params\n  max-bw 1.25e+06\n exit-link-params\nexit\n");
	free(s);
}
END_TEST

START_TEST(test_conf_route_target_both)
{
	/* shown as import and export, except a vni's AS:VNI, which bgpd derives itself */
	char *s = roundtrip("router bgp 64513 vrf red\n address-family l2vpn evpn\n"
			    "  route-target both 64513:100\n exit-address-family\n!\n"
			    "router bgp 64513\n address-family l2vpn evpn\n  vni 10\n"
			    "   route-target both 64513:10\n   route-target import 64512:7\n"
			    "  exit-vni\n exit-address-family\n!\n");

	ck_assert_str_eq(s, "router bgp 64513 vrf red\n address-family l2vpn evpn\n"
			    "  route-target import 64513:100\n  route-target export 64513:100\n"
			    " exit-address-family\nexit\nrouter bgp 64513\n address-family l2vpn evpn\n"
			    "  vni 10\n   route-target import 64512:7\n  exit-vni\n exit-address-family\n"
			    "exit\n");
	free(s);
}
END_TEST

/* FRR versions: parsing, and what 9.0+ hides (measured on 10.3: doc/frr-10.3-canonical.md). */
START_TEST(test_conf_frr_versions)
{
	static const char text[] = "frr defaults traditional\n"
				   "ip nht resolve-via-default\n"
				   "ipv6 nht resolve-via-default\n"
				   "no ipv6 nht resolve-via-default\n"
				   "router bgp 64512\n neighbor 192.0.2.1 remote-as 64513\nexit\n";
	struct frs_conf *c = NULL, *v = NULL;
	struct frs_buf b = FRS_BUF_INIT;
	unsigned ver = 0;

	ck_assert_int_eq(frs_frr_version_parse(&ver, "8.4"), FRS_OK);
	ck_assert_uint_eq(ver, 804);
	ck_assert_int_eq(frs_frr_version_parse(&ver, "10.3.1"), FRS_OK);
	ck_assert_uint_eq(ver, 1003);
	ck_assert_int_eq(frs_frr_version_parse(&ver, "FRRouting 10.7 (vm) on Linux(6.1)."), FRS_OK);
	ck_assert_uint_eq(ver, 1007);
	ck_assert_int_eq(frs_frr_version_parse(&ver, "9.1-dev"), FRS_OK);
	ck_assert_uint_eq(ver, 901);
	ck_assert_int_eq(frs_frr_version_parse(&ver, "10"), FRS_EINVALID);
	ck_assert_int_eq(frs_frr_version_parse(&ver, "ten.3"), FRS_EINVALID);
	ck_assert_int_eq(frs_frr_version_parse(&ver, "10.3x"), FRS_EINVALID);

	ck_assert_int_eq(frs_conf_parse(&c, text, strlen(text), "t", NULL), FRS_OK);
	/* 8.4 prints the nht lines: nothing to hide */
	ck_assert_int_eq(frs_conf_for_frr(&v, c, 804), FRS_OK);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(frs_conf_for_frr(&v, c, 0), FRS_OK);
	ck_assert_ptr_null(v);
	/* 10.3 does not: they go, `no ... resolve-via-default` stays */
	ck_assert_int_eq(frs_conf_for_frr(&v, c, 1003), FRS_OK);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(frs_conf_print(&b, v), FRS_OK);
	ck_assert_ptr_null(strstr(b.ptr, "\nip nht resolve-via-default\n"));
	ck_assert_ptr_null(strstr(b.ptr, "\nipv6 nht resolve-via-default\n"));
	ck_assert_ptr_nonnull(strstr(b.ptr, "no ipv6 nht resolve-via-default\n"));
	ck_assert_ptr_nonnull(strstr(b.ptr, " neighbor 192.0.2.1 remote-as 64513\n"));
	frs_buf_dispose(&b);
	frs_conf_free(v);
	frs_conf_free(c);
	/* in the datacenter profile they are not the default */
	ck_assert_int_eq(frs_conf_parse(&c, "frr defaults datacenter\nip nht resolve-via-default\n",
					 51, "t", NULL), FRS_OK);
	ck_assert_int_eq(frs_conf_for_frr(&v, c, 1003), FRS_OK);
	ck_assert_ptr_null(v);
	frs_conf_free(c);
	/* an empty vrf block: 8.4 does not print it (dropped), 10.x does (kept) */
	ck_assert_int_eq(frs_conf_parse(&c, "vrf blue\nexit-vrf\n", 17, "t", NULL), FRS_OK);
	ck_assert_int_eq(frs_conf_print(&b, c), FRS_OK);
	ck_assert_str_eq(frs_buf_cstr(&b), "");
	frs_buf_clear(&b);
	ck_assert_int_eq(frs_conf_for_frr(&v, c, 804), FRS_OK);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(frs_conf_for_frr(&v, c, 1003), FRS_OK);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(frs_conf_print(&b, v), FRS_OK);
	ck_assert_str_eq(b.ptr, "vrf blue\nexit-vrf\n");
	frs_buf_dispose(&b);
	frs_conf_free(v);
	frs_conf_free(c);
}
END_TEST

/* The text of @p v, a form of @p c ("=" when NULL: nothing changed); frees both. */
static char *form_text(struct frs_conf *c, struct frs_conf *v)
{
	struct frs_buf b = FRS_BUF_INIT;

	if (v)
		ck_assert_int_eq(frs_conf_print(&b, v), FRS_OK);
	else
		frs_buf_puts(&b, "=");
	frs_conf_free(v);
	frs_conf_free(c);
	return frs_buf_detach(&b);
}

/* @p text as FRR @p ver prints it back (frs_conf_for_frr()); "=" when nothing changes. */
static char *for_frr(const char *text, unsigned ver)
{
	struct frs_conf *c = NULL, *v = NULL;

	ck_assert_int_eq(frs_conf_parse(&c, text, strlen(text), "t", NULL), FRS_OK);
	ck_assert_int_eq(frs_conf_for_frr(&v, c, ver), FRS_OK);
	return form_text(c, v);
}

/* What a version prints differently, measured on 8.4.4, 10.3, 10.7 (doc/frr-10.3-canonical.md) */
START_TEST(test_conf_forms_per_frr_version)
{
	static const char agg[] = "router bgp 1\n bgp reject-as-sets\n address-family ipv4 unicast\n"
				  "  aggregate-address 192.0.2.0/24 as-set summary-only\n"
				  " exit-address-family\nexit\n";
	static const char underlays[] = "router bgp 1\n bgp deterministic-med\n"
					"  use-underlays-nexthop-weight\n no bgp reject-as-sets\n"
					" no use-underlays-nexthop-weight\nexit\n";
	char *s;

	/* as written: `detail` completed, no dpdk line */
	s = roundtrip("debug zebra dplane detail\n");
	ck_assert_str_eq(s, "debug zebra dplane detailed\n");
	free(s);
	/* 8.4 shows the dpdk provider's line beside it, at the higher of the two levels */
	s = for_frr("debug zebra dplane detail\n", 804);
	ck_assert_str_eq(s, "debug zebra dplane detailed\ndebug zebra dplane dpdk detailed\n");
	free(s);
	s = for_frr("debug zebra events\ndebug zebra dplane\ndebug zebra dplane dpdk detailed\n", 0);
	ck_assert_str_eq(s, "debug zebra events\ndebug zebra dplane detailed\n"
			    "debug zebra dplane dpdk detailed\n");
	free(s);
	s = for_frr("debug zebra dplane detail\n", 1003);
	ck_assert_str_eq(s, "=");
	free(s);
	/* as-set under reject-as-sets: the parser keeps it, < 10.5 drops it, 10.7 keeps it and
	 * hides reject-as-sets (its default) */
	s = roundtrip(agg);
	ck_assert_ptr_nonnull(strstr(s, "as-set summary-only"));
	free(s);
	s = for_frr(agg, 804);
	ck_assert_str_eq(s, "router bgp 1\n bgp reject-as-sets\n address-family ipv4 unicast\n"
			    "  aggregate-address 192.0.2.0/24 summary-only\n exit-address-family\n"
			    "exit\n");
	free(s);
	s = for_frr(agg, 1003);
	ck_assert_ptr_null(strstr(s, " as-set "));
	free(s);
	s = for_frr(agg, 1007);
	ck_assert_str_eq(s, "router bgp 1\n address-family ipv4 unicast\n"
			    "  aggregate-address 192.0.2.0/24 as-set summary-only\n exit-address-family\n"
			    "exit\n");
	free(s);
	s = for_frr("router bgp 1\n no bgp reject-as-sets\nexit\n", 1007);
	ck_assert_str_eq(s, "=");
	free(s);
	/* 10.6 and 10.7's use-underlays-nexthop-weight shows the MED flags (FRR#22552): neither
	 * form is compared there; a line like another before (unknown to 10.3) and after */
	s = for_frr(underlays, 1007);
	ck_assert_str_eq(s, "router bgp 1\n bgp deterministic-med\n"
			    " no bgp reject-as-sets\nexit\n");
	free(s);
	s = for_frr(underlays, 1006);
	ck_assert_str_eq(s, "router bgp 1\n bgp deterministic-med\n"
			    " no bgp reject-as-sets\nexit\n");
	free(s);
	s = for_frr(underlays, 1003);
	ck_assert_str_eq(s, "=");
	free(s);
	s = for_frr(underlays, 1008);
	ck_assert_str_eq(s, "=");
	free(s);
	/* a profile's bgp defaults are not printed, on every version */
	s = for_frr("frr defaults datacenter\nrouter bgp 1\n timers bgp 3 9\n"
		    " bgp log-neighbor-changes\n bgp ebgp-requires-policy\nexit\n", 804);
	ck_assert_str_eq(s, "frr defaults datacenter\nrouter bgp 1\n"
			    " bgp ebgp-requires-policy\nexit\n");
	free(s);
	s = for_frr("router bgp 1\n bgp ebgp-requires-policy\n bgp log-neighbor-changes\nexit\n",
		    1003);
	ck_assert_str_eq(s, "router bgp 1\n bgp log-neighbor-changes\nexit\n");
	free(s);
}
END_TEST

/*
 * An interface neighbor's update-source (a peer-group member's too, and in a vrf's instance):
 * bgpd keeps nothing of it on any version (peer_update_source_vty(); measured on 8.4.4, 10.3
 * and 10.7), so it is not in the form FRR prints. A peer-group's, an address neighbor's (one
 * with an interface of its own too) and a name that is an interface neighbor only in another
 * instance, or only by a prefix of its name, keep theirs.
 */
START_TEST(test_conf_iface_update_source_is_not_kept)
{
	static const char conf[] = "router bgp 1\n"
				   " neighbor PG peer-group\n"
				   " neighbor PG update-source 192.0.2.1\n"
				   " neighbor eth0 interface remote-as external\n"
				   " neighbor eth0 update-source 192.0.2.1\n"
				   " neighbor eth1 interface peer-group PG\n"
				   " neighbor eth1 update-source lo\n"
				   " neighbor eth2 interface\n"
				   " neighbor eth2 update-source eth0\n"
				   " neighbor eth10 update-source 192.0.2.9\n"
				   " neighbor 2001:db8::1 interface eth3\n"
				   " neighbor 2001:db8::1 remote-as 2\n"
				   " neighbor 2001:db8::1 update-source 2001:db8::2\n"
				   " neighbor 192.0.2.7 remote-as 2\n"
				   " neighbor 192.0.2.7 update-source eth0\n"
				   "exit\n"
				   "router bgp 1 vrf red\n"
				   " neighbor eth0 interface remote-as 2\n"
				   " neighbor eth0 update-source 192.0.2.1\n"
				   " neighbor eth1 update-source 192.0.2.1\n"
				   "exit\n";
	static const char shown[] = "router bgp 1\n"
				    " neighbor PG peer-group\n"
				    " neighbor PG update-source 192.0.2.1\n"
				    " neighbor eth0 interface remote-as external\n"
				    " neighbor eth1 interface peer-group PG\n"
				    " neighbor eth2 interface\n"
				    " neighbor eth10 update-source 192.0.2.9\n"
				    " neighbor 2001:db8::1 interface eth3\n"
				    " neighbor 2001:db8::1 remote-as 2\n"
				    " neighbor 2001:db8::1 update-source 2001:db8::2\n"
				    " neighbor 192.0.2.7 remote-as 2\n"
				    " neighbor 192.0.2.7 update-source eth0\n"
				    "exit\n"
				    "router bgp 1 vrf red\n"
				    " neighbor eth0 interface remote-as 2\n"
				    " neighbor eth1 update-source 192.0.2.1\n"
				    "exit\n";
	static const unsigned versions[] = { 0, 804, 1003, 1007 };
	char *s;

	/* as written, the lines stay: only what FRR makes of them drops them */
	s = roundtrip(conf);
	ck_assert_str_eq(s, conf);
	free(s);
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		s = for_frr(conf, versions[i]);
		ck_assert_str_eq(s, shown);
		free(s);
	}
	/* nothing to drop: the config itself */
	s = for_frr(shown, 804);
	ck_assert_str_eq(s, "=");
	free(s);
}
END_TEST

/* A running config as FRR 10.7 prints it: its use-underlays-nexthop-weight lines go */
START_TEST(test_conf_running_as_read_per_frr_version)
{
	static const char run[] = "frr defaults datacenter\nrouter bgp 1\n"
				  " neighbor 192.0.2.1 remote-as 2\n use-underlays-nexthop-weight\nexit\n"
				  "router bgp 1 vrf red\n use-underlays-nexthop-weight\nexit\n";
	struct frs_conf *c = NULL;
	struct frs_buf b = FRS_BUF_INIT;

	for (int pass = 0; pass < 2; pass++) {
		ck_assert_int_eq(frs_conf_parse(&c, run, strlen(run), "r", NULL), FRS_OK);
		ck_assert_int_eq(frs_conf_set_frr_version(c, pass ? 1003 : 1007), FRS_OK);
		frs_buf_clear(&b);
		ck_assert_int_eq(frs_conf_print(&b, c), FRS_OK);
		if (pass)
			ck_assert_str_eq(b.ptr, run);
		else
			ck_assert_str_eq(b.ptr, "frr defaults datacenter\nrouter bgp 1\n"
						" neighbor 192.0.2.1 remote-as 2\nexit\n"
						"router bgp 1 vrf red\nexit\n");
		frs_conf_free(c);
	}
	frs_buf_dispose(&b);
}
END_TEST

/* @p text as FRR @p ver's daemon @p daemon takes it (frs_reload_target()); "=" when unchanged. */
static char *target_of(const char *text, const char *daemon, unsigned ver)
{
	const char *daemons[] = { daemon, NULL };
	struct frs_reload_opts o = FRS_RELOAD_OPTS_INIT;
	struct frs_conf *c = NULL, *v = NULL;

	o.daemons = daemon ? daemons : NULL;
	ck_assert_int_eq(frs_conf_parse(&c, text, strlen(text), "t", NULL), FRS_OK);
	ck_assert_int_eq(frs_reload_target(&v, c, NULL, &o, ver), FRS_OK);
	return form_text(c, v);
}

/* --daemon's share of a config is the version's routing; the form is the whole config's */
START_TEST(test_conf_target_per_daemon_and_version)
{
	static const char conf[] = "frr defaults datacenter\nip route 198.51.100.0/24 blackhole\n"
				   "ip prefix-list PL seq 5 permit 203.0.113.0/24\n"
				   "ip nht resolve-via-default\n"
				   "router bgp 64512\n bgp router-id 192.0.2.1\nexit\n";
	char *s;

	s = target_of(conf, NULL, 1007);
	ck_assert_str_eq(s, "=");
	free(s);
	/* 10.x: mgmtd holds static routes, nht and lib's prefix-lists; 8.4 has no mgmtd */
	s = target_of(conf, "mgmtd", 1007);
	ck_assert_str_eq(s, "ip route 198.51.100.0/24 blackhole\n"
			    "ip prefix-list PL seq 5 permit 203.0.113.0/24\n"
			    "ip nht resolve-via-default\n");
	free(s);
	s = target_of(conf, "mgmtd", 804);
	ck_assert_str_eq(s, "");
	free(s);
	s = target_of(conf, "staticd", 804);
	ck_assert_str_eq(s, "ip route 198.51.100.0/24 blackhole\n");
	free(s);
	s = target_of(conf, "zebra", 804);
	ck_assert_str_eq(s, "frr defaults datacenter\n"
			    "ip prefix-list PL seq 5 permit 203.0.113.0/24\n"
			    "ip nht resolve-via-default\n");
	free(s);
	s = target_of(conf, "bgpd", 1003);
	ck_assert_str_eq(s, "ip prefix-list PL seq 5 permit 203.0.113.0/24\n"
			    "router bgp 64512\n bgp router-id 192.0.2.1\nexit\n");
	free(s);
}
END_TEST

/* The diff of @p running (printed by FRR @p ver, whose zebra's `show vrf` says @p show_vrf) to
 * @p target, in frr-reload.py's layout. */
static char *diff_on(const char *running, const char *target, unsigned ver, const char *show_vrf)
{
	struct frs_conf *r = NULL, *t = NULL;
	struct frs_diff *d = NULL;
	struct frs_buf b = FRS_BUF_INIT;

	ck_assert_int_eq(frs_conf_parse(&r, running, strlen(running), "r", NULL), FRS_OK);
	ck_assert_int_eq(frs_conf_parse(&t, target, strlen(target), "t", NULL), FRS_OK);
	ck_assert_int_eq(frs_conf_set_frr_version(r, ver), FRS_OK);
	if (show_vrf)
		frs_rl__conf_mark_inactive(r, show_vrf);
	ck_assert_int_eq(frs_diff_compute(&d, r, t, NULL), FRS_OK);
	ck_assert_int_eq(frs_diff_print(&b, d, FRS_DIFF_RELOAD_PY), FRS_OK);
	frs_diff_free(d);
	frs_conf_free(r);
	frs_conf_free(t);
	return frs_buf_detach(&b);
}

START_TEST(test_conf_deletes_per_frr_version)
{
	static const char vrf[] = "vrf red\n ip route 203.0.113.0/24 blackhole\nexit-vrf\n";
	static const char del_routes[] = "\nLines To Delete\n===============\nvrf red\n"
					 " no ip route 203.0.113.0/24 blackhole\n";
	static const char adds[] = "\nLines To Add\n============\n";
	char *s;

	/* zebra has no `no debug zebra dplane detailed` (8.4.4, 10.3, 10.7) */
	s = diff_on("debug zebra dplane detailed\ndebug zebra dplane dpdk detailed\n", "", 804, NULL);
	ck_assert_str_eq(s, "\nLines To Delete\n===============\nno debug zebra dplane\n"
			    "no debug zebra dplane dpdk\n\nLines To Add\n============\n");
	free(s);
	/* 10.x: an emptied vrf that zebra calls inactive and configured goes after its lines */
	s = diff_on(vrf, "", 1003, "vrf red inactive (configured)\n");
	ck_assert_str_eq(s, "\nLines To Delete\n===============\nvrf red\n"
			    " no ip route 203.0.113.0/24 blackhole\nno vrf red\n"
			    "\nLines To Add\n============\n");
	free(s);
	/* not a kernel VRF (active), not one the target names, not without zebra's word, not 8.4 */
	{
		const char *cases[][3] = {
			{ vrf, "", "vrf red id 5 table 10 (configured)\n" },
			{ vrf, "router bgp 64512 vrf red\nexit\n", "vrf red inactive (configured)\n" },
			{ vrf, "ip route 198.51.100.0/24 192.0.2.1 nexthop-vrf red\n",
			  "vrf red inactive (configured)\n" },
			{ vrf, "", NULL },
		};
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			s = diff_on(cases[i][0], cases[i][1], 1003, cases[i][2]);
			ck_assert_msg(strstr(s, del_routes) && !strstr(s, "no vrf red"), "%zu: %s", i, s);
			free(s);
		}
		s = diff_on(vrf, "", 804, "vrf red inactive (configured)\n");
		ck_assert_ptr_null(strstr(s, "no vrf red"));
		ck_assert_ptr_nonnull(strstr(s, adds));
		free(s);
	}
	/* an empty inactive vrf the target does not have: a fresh load has none either */
	s = diff_on("vrf red\nexit-vrf\n", "", 1007, "vrf red inactive (configured)\n");
	ck_assert_str_eq(s, "\nLines To Delete\n===============\nno vrf red\n"
			    "\nLines To Add\n============\n");
	free(s);
}
END_TEST

/* Whether daemon @p d takes line @p line of the context @p key on FRR @p ver. */
static int takes(unsigned ver, const char *d, const char *key, const char *line)
{
	char *keys[1] = { (char *)key };
	struct dcmd c = { keys, 1, line, 0, NULL, 0 };

	return frs_rl__routes_to(ver, d, &c);
}

/* vtysh's routing per version; 10.x as measured daemon by daemon on 10.3 */
START_TEST(test_conf_routes_per_frr_version)
{
	const char *pl = "ip prefix-list L seq 5 permit 192.0.2.0/24";

	ck_assert(takes(804, "zebra", pl, NULL) && takes(804, "bgpd", pl, NULL));
	ck_assert(!takes(804, "mgmtd", pl, NULL));
	ck_assert(!takes(1003, "zebra", pl, NULL));
	ck_assert(takes(1003, "mgmtd", pl, NULL) && takes(1003, "bgpd", pl, NULL) &&
		  takes(1003, "bfdd", pl, NULL));
	ck_assert(takes(1003, "mgmtd", "route-map M permit 10", "match ip address prefix-list L"));
	ck_assert(takes(1003, "bgpd", "route-map M permit 10", "match ip address prefix-list L"));
	ck_assert(!takes(1003, "zebra", "route-map M permit 10", "match ip address prefix-list L"));
	ck_assert(!takes(1003, "mgmtd", "route-map M permit 10", "set local-preference 150"));
	ck_assert(takes(1003, "bgpd", "route-map M permit 10", "set local-preference 150"));
	ck_assert(takes(1003, "mgmtd", "ip nht resolve-via-default", NULL));
	ck_assert(!takes(1003, "zebra", "ip nht resolve-via-default", NULL));
	ck_assert(takes(804, "zebra", "ip nht resolve-via-default", NULL));
	ck_assert(takes(1003, "mgmtd", "ip route 192.0.2.0/24 Null0", NULL));
	ck_assert(takes(901, "mgmtd", "ip route 192.0.2.0/24 Null0", NULL));
	ck_assert(takes(804, "staticd", "ip route 192.0.2.0/24 Null0", NULL));
	ck_assert(takes(1003, "mgmtd", "vrf red", "ip route 192.0.2.0/24 Null0"));
	ck_assert(takes(1003, "zebra", "ip forwarding", NULL));
	ck_assert(!takes(1007, "zebra", "ip forwarding", NULL));
	ck_assert(takes(1007, "mgmtd", "ipv6 forwarding", NULL));
	ck_assert(takes(1003, "bgpd", "router bgp 64512", "bgp router-id 192.0.2.1"));
	/* the default (0) is 8.4 */
	ck_assert(takes(0, "zebra", pl, NULL));
	ck_assert_str_eq(frs_rl__config_enter(1003, "mgmtd"), "configure terminal file-lock");
	ck_assert_str_eq(frs_rl__config_enter(1003, "bgpd"), "configure terminal");
	ck_assert_str_eq(frs_rl__config_enter(804, "mgmtd"), "configure terminal");
	ck_assert_uint_eq(frs_rl__window(1003, "mgmtd", 128), 1);
	ck_assert_uint_eq(frs_rl__window(1003, "bgpd", 128), 128);
}
END_TEST

Suite *frs_conf_suite(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_conf_contexts_without_exit_markers);
	tcase_add_test(tc, test_conf_frr_versions);
	tcase_add_test(tc, test_conf_routes_per_frr_version);
	tcase_add_test(tc, test_conf_forms_per_frr_version);
	tcase_add_test(tc, test_conf_iface_update_source_is_not_kept);
	tcase_add_test(tc, test_conf_target_per_daemon_and_version);
	tcase_add_test(tc, test_conf_running_as_read_per_frr_version);
	tcase_add_test(tc, test_conf_deletes_per_frr_version);
	tcase_add_test(tc, test_conf_normalises_like_frr);
	tcase_add_test(tc, test_conf_lines_in_frr_form_agree_with_the_rest);
	tcase_add_test(tc, test_conf_parse_file_reads_in_place);
	tcase_add_test(tc, test_conf_bfd_peer_profile_is_a_body_line);
	tcase_add_test(tc, test_conf_rejects_unknown_with_line);
	tcase_add_test(tc, test_conf_scrub_passwords);
	tcase_add_test(tc, test_conf_running_config_header_ignored);
	tcase_add_test(tc, test_conf_parse_file_refuses_fifo_and_nul);
	tcase_add_test(tc, test_conf_completes_abbreviations);
	tcase_add_test(tc, test_conf_ambiguous_prefix_is_left_alone);
	tcase_add_test(tc, test_conf_moves_router_level_ipv4_commands);
	tcase_add_test(tc, test_conf_frr_rewrites);
	tcase_add_test(tc, test_conf_route_target_both);
	suite_add_tcase(s, tc);
	return s;
}
