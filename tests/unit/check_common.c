/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/: error list, buffer, files. */
#include "config.h"

#include <errno.h>
#include <stdalign.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <frrshim/buf.h>
#include <frrshim/err.h>
#include <frrshim/file.h>
#include <frrshim/scrub.h>

#include "../../lib/arena.h"
#include "../../lib/base64.h"
#include "../../lib/hmap.h"
#include "../../lib/vec.h"
#include "suites.h"

START_TEST(test_common_buf_grows_and_formats)
{
	struct frs_buf b = FRS_BUF_INIT;
	char *s;

	ck_assert_str_eq(frs_buf_cstr(&b), "");
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(frs_buf_addf(&b, "%d,", i), FRS_OK);
	ck_assert_uint_eq(b.len, strlen(b.ptr));
	ck_assert(strncmp(b.ptr, "0,1,2,", 6) == 0);
	frs_buf_clear(&b);
	ck_assert_str_eq(frs_buf_cstr(&b), "");
	ck_assert_int_eq(frs_buf_puts(&b, "x"), FRS_OK);
	ck_assert_int_eq(frs_buf_putc(&b, 'y'), FRS_OK);
	s = frs_buf_detach(&b);
	ck_assert_str_eq(s, "xy");
	ck_assert_ptr_null(b.ptr);
	free(s);
	frs_buf_dispose(&b);
}
END_TEST

START_TEST(test_common_errlist_sorts_by_location)
{
	struct frs_errlist l = FRS_ERRLIST_INIT;
	struct frs_loc a = { "b.yaml", 3, 1 }, b = { "a.yaml", 9, 2 }, c = { "a.yaml", 2, 5 };

	ck_assert_int_eq(frs_errlist_report(&l, FRS_DIAG(.code = FRS_EINVALID, .loc = &a,
					    .kind = "BGPPeer", .ns = "ns", .name = "p",
					    .path = "spec.x"), "first %d", 1), FRS_EINVALID);
	frs_errlist_report(&l, FRS_DIAG(.sev = FRS_SEV_WARNING, .code = FRS_EINVALID), "nofile");
	frs_errlist_report(&l, FRS_DIAG(.code = FRS_EINVALID, .loc = &b), "b");
	frs_errlist_report(&l, FRS_DIAG(.code = FRS_EINVALID, .loc = &c), "c");
	frs_errlist_sort(&l);
	ck_assert_str_eq(l.v[0].message, "c");
	ck_assert_str_eq(l.v[1].message, "b");
	ck_assert_str_eq(l.v[2].message, "first 1");
	ck_assert_str_eq(l.v[2].kind, "BGPPeer");
	ck_assert_str_eq(l.v[3].message, "nofile");
	ck_assert_ptr_null(l.v[3].file);
	ck_assert_uint_eq(frs_errlist_count(&l, FRS_SEV_ERROR), 3);
	ck_assert_uint_eq(frs_errlist_count(&l, FRS_SEV_WARNING), 1);
	frs_errlist_dispose(&l);
}
END_TEST

START_TEST(test_common_errlist_move_appends)
{
	struct frs_errlist a = FRS_ERRLIST_INIT, b = FRS_ERRLIST_INIT;

	frs_errlist_report(&a, FRS_DIAG(.code = FRS_EIO), "a");
	frs_errlist_report(&b, FRS_DIAG(.code = FRS_EIO), "b");
	ck_assert_int_eq(frs_errlist_move(&a, &b), FRS_OK);
	ck_assert_uint_eq(a.n, 2);
	ck_assert_uint_eq(b.n, 0);
	ck_assert_str_eq(a.v[1].message, "b");
	frs_errlist_dispose(&a);
	frs_errlist_dispose(&b);
}
END_TEST

START_TEST(test_common_strerror_names_every_code)
{
	for (int c = FRS_OK; c <= FRS_EINPUT; c++)
		ck_assert_str_ne(frs_strerror((enum frs_err)c), "unknown error");
	ck_assert_str_eq(frs_strerror((enum frs_err)999), "unknown error");
}
END_TEST

START_TEST(test_common_file_write_atomic_replaces)
{
	char dir[] = "/tmp/frs-file-XXXXXX";
	char path[64];
	struct frs_buf b = FRS_BUF_INIT;
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.conf", dir);
	ck_assert_int_eq(frs_file_write_atomic(path, "one\n", 4, 0600), FRS_OK);
	ck_assert_int_eq(frs_file_write_atomic(path, "two\n", 4, 0640), FRS_OK);
	ck_assert_int_eq(frs_file_read(&b, path), FRS_OK);
	ck_assert_str_eq(b.ptr, "two\n");
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0640);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0); /* no temporary file left behind */
	ck_assert_int_eq(frs_file_read(&b, path), FRS_EINPUT);
	frs_buf_dispose(&b);
}
END_TEST

/* Reads are bounded and refuse what could block: a FIFO fails at once (no writer needed). */
START_TEST(test_common_file_read_bounded_regular_only)
{
	char dir[] = "/tmp/frs-file-XXXXXX";
	char fifo[64], big[64];
	struct frs_buf b = FRS_BUF_INIT;
	size_t n = 0;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/fifo.yaml", dir);
	snprintf(big, sizeof(big), "%s/big.conf", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(frs_file_read(&b, fifo), FRS_EINPUT);
	ck_assert_int_eq(errno, FRS_FILE_ENOTREG);
	ck_assert_str_eq(frs_file_strerror(errno),
			 "not a regular file (a FIFO, socket or block device); use - for standard input");
	ck_assert_int_eq(frs_file_read(&b, dir), FRS_EINPUT);
	ck_assert_int_eq(errno, EISDIR);
	ck_assert_int_eq(frs_file_read(&b, "/dev/null"), FRS_OK);
	ck_assert_uint_eq(b.len, 0);

	ck_assert_int_eq(frs_file_write_atomic(big, "0123456789", 10, 0600), FRS_OK);
	frs_file_set_max(10);
	ck_assert_int_eq(frs_file_read(&b, big), FRS_OK);
	ck_assert_str_eq(b.ptr, "0123456789");
	frs_file_set_max(9);
	frs_buf_clear(&b);
	ck_assert_int_eq(frs_file_read(&b, big), FRS_EINPUT);
	ck_assert_int_eq(errno, EFBIG);
	ck_assert_str_eq(frs_file_strerror(EFBIG),
			 "larger than the input limit of 9 bytes (FRRSHIM_MAX_INPUT raises it)");
	frs_file_set_max(1 << 20);
	ck_assert_int_eq(frs_file_read(&b, "/dev/zero"), FRS_EINPUT); /* no EOF: the limit ends it */
	ck_assert_int_eq(errno, EFBIG);
	ck_assert_str_eq(frs_file_strerror(EFBIG),
			 "larger than the input limit of 1 MiB (FRRSHIM_MAX_INPUT raises it)");
	frs_file_set_max(0);
	ck_assert_uint_eq(frs_file_max(), FRS_FILE_MAX_DEFAULT);

	ck_assert_int_eq(frs_file_parse_size(&n, "64M"), FRS_OK);
	ck_assert_uint_eq(n, (size_t)64 << 20);
	ck_assert_int_eq(frs_file_parse_size(&n, "4096"), FRS_OK);
	ck_assert_uint_eq(n, 4096);
	ck_assert_int_eq(frs_file_parse_size(&n, "2k"), FRS_OK);
	ck_assert_uint_eq(n, 2048);
	ck_assert_int_eq(frs_file_parse_size(&n, "0"), FRS_EARG);
	ck_assert_int_eq(frs_file_parse_size(&n, "-1"), FRS_EARG);
	ck_assert_int_eq(frs_file_parse_size(&n, "1T"), FRS_EARG);
	ck_assert_int_eq(frs_file_parse_size(&n, "99999999999999999999G"), FRS_EARG);

	ck_assert_int_eq(unlink(fifo), 0);
	ck_assert_int_eq(unlink(big), 0);
	ck_assert_int_eq(rmdir(dir), 0);
	frs_buf_dispose(&b);
}
END_TEST

START_TEST(test_common_arena_aligns_and_copies)
{
	struct frs_arena a = FRS_ARENA_INIT;
	char *big, *s;

	/* strings are packed, everything else aligned for any type, and zeroed */
	for (int i = 0; i < 100000; i++) {
		uint64_t *p;
		s = frs_arena_strndup(&a, "abc", (size_t)(i % 4));
		p = frs_arena_alloc(&a, 24);
		/* one check per iteration, not five: Check records every passing assertion */
		if (!s || strlen(s) != (size_t)(i % 4) || !p ||
		    (uintptr_t)p % alignof(max_align_t) != 0 || p[0] || p[1] || p[2])
			ck_abort_msg("allocation %d is wrong", i);
		p[0] = p[1] = p[2] = UINT64_MAX;
	}
	big = frs_arena_alloc(&a, 5 * 1024 * 1024);
	ck_assert_ptr_nonnull(big);
	ck_assert_int_eq(big[5 * 1024 * 1024 - 1], 0);
	ck_assert_str_eq(frs_arena_memdup(&a, "xyz", 4), "xyz");
	ck_assert_ptr_null(frs_arena_memdup(&a, "xyz", 0));
	ck_assert_ptr_null(frs_arena_strdup(&a, NULL));
	frs_arena_dispose(&a);
	ck_assert_ptr_null(a.chunks);
	ck_assert_str_eq(frs_arena_strdup(&a, "again"), "again");
	frs_arena_dispose(&a);
	frs_arena_dispose(NULL);
}
END_TEST

START_TEST(test_common_base64_decodes_like_go)
{
	struct frs_buf b = FRS_BUF_INIT;

	ck_assert_int_eq(frs_base64_decode(&b, "cGFzc3dvcmQ="), FRS_OK);
	ck_assert_str_eq(b.ptr, "password");
	frs_buf_clear(&b);
	ck_assert_int_eq(frs_base64_decode(&b, "c2Vj\ncmV0"), FRS_OK); /* wrapped: CR/LF skipped */
	ck_assert_str_eq(b.ptr, "secret");
	frs_buf_clear(&b);
	ck_assert_int_eq(frs_base64_decode(&b, "AGI="), FRS_OK); /* NUL bytes are data */
	ck_assert_uint_eq(b.len, 2);
	frs_buf_clear(&b);
	ck_assert_int_eq(frs_base64_decode(&b, "cGFzc3dvcmQ"), FRS_EPARSE);  /* no padding */
	ck_assert_int_eq(frs_base64_decode(&b, "cGF=c3dv"), FRS_EPARSE);     /* data after "=" */
	ck_assert_int_eq(frs_base64_decode(&b, "cGFz!3dv"), FRS_EPARSE);     /* not base64 */
	ck_assert_int_eq(frs_base64_decode(&b, "cGFzcw=="), FRS_OK);
	ck_assert_str_eq(b.ptr, "pass");
	frs_buf_dispose(&b);
}
END_TEST

START_TEST(test_common_errlist_report_names_fields)
{
	struct frs_errlist l = FRS_ERRLIST_INIT;
	struct frs_loc loc = { "f.yaml", 3, 7 };

	ck_assert_int_eq(frs_errlist_report(&l, FRS_DIAG(.code = FRS_EINPUT, .loc = &loc),
					    "cannot read: %s", "gone"), FRS_EINPUT);
	ck_assert_int_eq(frs_errlist_report(&l, FRS_DIAG(.sev = FRS_SEV_WARNING, .kind = "BGPPeer",
					    .ns = "m", .name = "p", .path = "spec.x"), "w %d", 1),
			 FRS_EINVALID); /* no code named: an invalid configuration */
	ck_assert_uint_eq(l.n, 2);
	ck_assert_int_eq(l.v[0].severity, FRS_SEV_ERROR);
	ck_assert_str_eq(l.v[0].file, "f.yaml");
	ck_assert_uint_eq(l.v[0].line, 3);
	ck_assert_uint_eq(l.v[0].column, 7);
	ck_assert_ptr_null(l.v[0].kind);
	ck_assert_str_eq(l.v[0].message, "cannot read: gone");
	ck_assert_int_eq(l.v[1].severity, FRS_SEV_WARNING);
	ck_assert_ptr_null(l.v[1].file);
	ck_assert_str_eq(l.v[1].kind, "BGPPeer");
	ck_assert_str_eq(l.v[1].ns, "m");
	ck_assert_str_eq(l.v[1].name, "p");
	ck_assert_str_eq(l.v[1].path, "spec.x");
	ck_assert_str_eq(l.v[1].message, "w 1");
	frs_errlist_dispose(&l);
}
END_TEST

START_TEST(test_common_vec_grows_and_refuses_overflow)
{
	int *v = NULL;
	size_t n = 0, cap = 0;
	void *out = NULL;

	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(FRS_VEC_PUSH(v, n, cap, i), FRS_OK);
	ck_assert_uint_eq(n, 1000);
	ck_assert_uint_ge(cap, 1000);
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(v[i], i);
	/* room already there: same array */
	ck_assert_int_eq(frs_vec_grow(&out, v, &cap, 10, sizeof(*v)), FRS_OK);
	ck_assert_ptr_eq(out, v);
	/* need × size overflows: refused, the array and its capacity untouched */
	{
		size_t before = cap;

		ck_assert_int_eq(frs_vec_grow(&out, v, &cap, SIZE_MAX / 2, sizeof(*v)), FRS_ENOMEM);
		ck_assert_uint_eq(cap, before);
		ck_assert_int_eq(FRS_VEC_RESERVE(v, cap, SIZE_MAX), FRS_ENOMEM);
		ck_assert_uint_eq(cap, before);
		ck_assert_int_eq(v[999], 999);
	}
	free(v);
	v = NULL;
	cap = 0;
	ck_assert_int_eq(FRS_VEC_RESERVE(v, cap, 0), FRS_OK); /* nothing asked: nothing needed */
	ck_assert_int_eq(FRS_VEC_RESERVE(v, cap, 1), FRS_OK);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(cap, 8);
	free(v);
}
END_TEST

static void scrubs_to(const char *in, const char *want)
{
	struct frs_buf b = FRS_BUF_INIT;

	frs_buf_puts(&b, in);
	frs_scrub_buf(&b);
	ck_assert_str_eq(frs_buf_cstr(&b), want);
	frs_scrub_buf(&b); /* idempotent */
	ck_assert_str_eq(frs_buf_cstr(&b), want);
	frs_buf_dispose(&b);
}

/* Every secret-bearing form of FRR's commands (and of manifests) loses its secret. */
START_TEST(test_common_scrub_knows_every_secret_form)
{
	scrubs_to(" neighbor 192.0.2.1 password Zq8-x\n", " neighbor 192.0.2.1 password <retracted>\n");
	scrubs_to(" area-password clear Pz1 authenticate snp validate\n",
		  " area-password clear <retracted>\n");
	scrubs_to(" area-password md5 Pz1\n", " area-password md5 <retracted>\n");
	scrubs_to(" area-password Pz1\n", " area-password <retracted>\n");
	scrubs_to(" domain-password md5 Pz2\n", " domain-password md5 <retracted>\n");
	scrubs_to(" domain-password clear Pz2\n", " domain-password clear <retracted>\n");
	scrubs_to(" isis password clear Pz3\n", " isis password clear <retracted>\n");
	scrubs_to(" isis password md5 Pz3\n", " isis password md5 <retracted>\n");
	scrubs_to("password 8 Cb/yfFsI.abgs\n", "password 8 <retracted>\n");
	scrubs_to("enable password 8 Cb/yfFsI.abgs\n", "enable password 8 <retracted>\n");
	scrubs_to("enable password Pz4\n", "enable password <retracted>\n");
	scrubs_to("password 8\n", "password <retracted>\n");
	scrubs_to("password clear\n", "password <retracted>\n");
	scrubs_to("  key-string Pz5 with blanks\n", "  key-string <retracted>\n");
	scrubs_to(" ip ospf authentication-key Pz6\n", " ip ospf authentication-key <retracted>\n");
	scrubs_to(" ip ospf message-digest-key 1 md5 Pz7\n",
		  " ip ospf message-digest-key 1 md5 <retracted>\n");
	scrubs_to(" area 0 virtual-link 192.0.2.9 message-digest-key 12 md5 Pz7\n",
		  " area 0 virtual-link 192.0.2.9 message-digest-key 12 md5 <retracted>\n");
	scrubs_to(" area 0 virtual-link 192.0.2.9 authentication-key Pz7\n",
		  " area 0 virtual-link 192.0.2.9 authentication-key <retracted>\n");
	scrubs_to(" message-digest-key 3\n", " message-digest-key <retracted>\n");
	scrubs_to(" ipv6 ospf6 authentication keyid 1 hash-algo hmac-sha-256 key Pz8\n",
		  " ipv6 ospf6 authentication keyid 1 hash-algo hmac-sha-256 key <retracted>\n");
	scrubs_to(" ip rip authentication string Pz9\n", " ip rip authentication string <retracted>\n");
	scrubs_to(" ip nhrp authentication Pz10\n", " ip nhrp authentication <retracted>\n");
	scrubs_to("  tcp-md5-auth Pz11\n", "  tcp-md5-auth <retracted>\n");
	scrubs_to(" neighbor 192.0.2.1 password  Pz12\n", " neighbor 192.0.2.1 password  <retracted>\n");
	scrubs_to("mpls ldp\n neighbor 192.0.2.3 password Pz13\n",
		  "mpls ldp\n neighbor 192.0.2.3 password <retracted>\n");
	/* in messages: quoted, upper case, YAML and JSON forms, no newline at the end */
	scrubs_to("conf:3: unknown command: \"area-password clear Pz1\"",
		  "conf:3: unknown command: \"area-password clear <retracted>");
	scrubs_to("PASSWORD=Pz1", "PASSWORD=<retracted>");
	scrubs_to("  password: \"Pz1\"", "  password: \"<retracted>");
	scrubs_to("{\"password\":\"Pz1\"}", "{\"password\":\"<retracted>");
	scrubs_to("x password a\"b c\nnext", "x password <retracted>\nnext");
	/* what is not a secret stays */
	scrubs_to("passwords are words\npasswordSecret: s\nno-password x\n",
		  "passwords are words\npasswordSecret: s\nno-password x\n");
	scrubs_to("key 1\n key-string\n", "key 1\n key-string\n");
	scrubs_to("", "");
}
END_TEST

START_TEST(test_hash_widths)
{
	/* frs_hash_n is the low half of frs_hash64_n (0, which marks a free slot, made 1) */
	const char *s = "ip prefix-list PL seq 5 permit 192.0.2.0/24";
	uint64_t h = frs_hash64_n(s, strlen(s));

	ck_assert_uint_eq(frs_hash_n(s, strlen(s)), (uint32_t)h ? (uint32_t)h : 1);
	ck_assert_uint_ne(frs_hash64_n("ab", 2), frs_hash64_n("ba", 2));
	ck_assert_uint_ne(frs_hash64_n("", 0), frs_hash64_n("a", 1));
}
END_TEST

Suite *frs_common_suite(void)
{
	Suite *s = suite_create("common");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_common_arena_aligns_and_copies);
	tcase_add_test(tc, test_hash_widths);
	tcase_add_test(tc, test_common_buf_grows_and_formats);
	tcase_add_test(tc, test_common_errlist_sorts_by_location);
	tcase_add_test(tc, test_common_errlist_move_appends);
	tcase_add_test(tc, test_common_errlist_report_names_fields);
	tcase_add_test(tc, test_common_vec_grows_and_refuses_overflow);
	tcase_add_test(tc, test_common_strerror_names_every_code);
	tcase_add_test(tc, test_common_file_write_atomic_replaces);
	tcase_add_test(tc, test_common_base64_decodes_like_go);
	tcase_add_test(tc, test_common_scrub_knows_every_secret_form);
	tcase_add_test(tc, test_common_file_read_bounded_regular_only);
	suite_add_tcase(s, tc);
	return s;
}
