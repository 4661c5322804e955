/* SPDX-License-Identifier: MIT */
/* Unit tests of frrgen/doc.c: YAML and JSON documents with exact positions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <frrshim/doc.h>
#include <frrshim/err.h>

#include "suites.h"

static struct frs_docset set;
static struct frs_errlist errs;

static void setup(void)
{
	frs_docset_init(&set);
	frs_errlist_init(&errs);
}

static void teardown(void)
{
	frs_docset_dispose(&set);
	frs_errlist_dispose(&errs);
}

static enum frs_err load(const char *name, const char *text)
{
	return frs_docset_load_mem(&set, name, text, strlen(text), &errs);
}

#define ck_loc(node, l, c)                                                                         \
	do {                                                                                       \
		ck_assert_ptr_nonnull(node);                                                       \
		ck_assert_uint_eq((node)->loc.line, (l));                                          \
		ck_assert_uint_eq((node)->loc.column, (c));                                        \
	} while (0)

START_TEST(test_doc_yaml_positions)
{
	const char *y = "apiVersion: metallb.io/v1beta2\n"
			"kind: BGPPeer\n"
			"metadata:\n"
			"  name: peer-a\n"
			"  namespace: metallb-system\n"
			"spec:\n"
			"  myASN: 64500\n"
			"  holdTime: \"90s\"\n"
			"  nodeSelectors:\n"
			"  - matchLabels:\n"
			"      kubernetes.io/hostname: worker-1\n"
			"  - {matchLabels: {a: b}}\n"
			"  password: ~\n";
	const struct frs_node *r, *n;

	ck_assert_int_eq(load("p.yaml", y), FRS_OK);
	ck_assert_uint_eq(errs.n, 0);
	ck_assert_uint_eq(set.ndocs, 1);
	ck_assert_str_eq(set.docs[0].file, "p.yaml");
	r = set.docs[0].root;
	ck_loc(r, 1, 1);
	ck_assert_int_eq(r->type, FRS_NODE_MAP);
	ck_assert_uint_eq(r->n, 4);
	ck_assert_str_eq(r->keys[3], "spec");
	ck_assert_uint_eq(r->key_locs[3].line, 6);
	ck_assert_uint_eq(r->key_locs[3].column, 1);
	ck_assert_str_eq(frs_node_str(r, "kind"), "BGPPeer");
	n = frs_node_path(r, "spec.myASN");
	ck_loc(n, 7, 10);
	ck_assert_str_eq(n->scalar, "64500");
	ck_assert_int_eq(n->quoted, 0);
	n = frs_node_path(r, "spec.holdTime");
	ck_loc(n, 8, 13);
	ck_assert_int_eq(n->quoted, 1);
	ck_assert_str_eq(n->scalar, "90s");
	n = frs_node_path(r, "spec.nodeSelectors[0].matchLabels[\"kubernetes.io/hostname\"]");
	ck_loc(n, 11, 31);
	ck_assert_str_eq(n->scalar, "worker-1");
	n = frs_node_path(r, "spec.nodeSelectors[1]");
	ck_loc(n, 12, 5);
	n = frs_node_path(r, "spec.nodeSelectors[1].matchLabels.a");
	ck_loc(n, 12, 23);
	n = frs_node_path(r, "spec.password");
	ck_loc(n, 13, 13);
	ck_assert_int_eq(n->type, FRS_NODE_NULL);
	ck_assert_ptr_null(frs_node_str(frs_node_get(r, "spec"), "password"));
	ck_assert_ptr_null(frs_node_path(r, "spec.nodeSelectors[2]"));
	ck_assert_ptr_null(frs_node_path(r, "spec.nope"));
	ck_assert_ptr_null(frs_node_path(r, "kind.x"));
	ck_assert_ptr_null(frs_node_get(NULL, "x"));
}
END_TEST

START_TEST(test_doc_yaml_many_documents_and_list)
{
	const char *y = "# leading comment\n"
			"---\n"
			"kind: A\n"
			"---\n"
			"---\n"
			"apiVersion: v1\n"
			"kind: List\n"
			"items:\n"
			"- kind: B\n"
			"- kind: C\n"
			"  x: [1, 2]\n"
			"---\n"
			"kind: D\n"
			"...\n";

	ck_assert_int_eq(load("m.yaml", y), FRS_OK);
	ck_assert_uint_eq(errs.n, 0);
	ck_assert_uint_eq(set.ndocs, 4);
	ck_assert_str_eq(frs_node_str(set.docs[0].root, "kind"), "A");
	ck_loc(set.docs[0].root, 3, 1);
	ck_assert_str_eq(frs_node_str(set.docs[1].root, "kind"), "B");
	ck_loc(set.docs[1].root, 9, 3);
	ck_assert_str_eq(frs_node_str(set.docs[2].root, "kind"), "C");
	ck_loc(set.docs[2].root, 10, 3);
	ck_loc(frs_node_path(set.docs[2].root, "x[1]"), 11, 10);
	ck_assert_str_eq(frs_node_str(set.docs[3].root, "kind"), "D");
	ck_loc(set.docs[3].root, 13, 1);
}
END_TEST

START_TEST(test_doc_yaml_malformed)
{
	const char *y = "kind: A\n"
			"---\n"
			"kind: B\n"
			"metadata:\n"
			"  name: x\n"
			" bad: y\n";
	ck_assert_int_eq(load("bad.yaml", y), FRS_EPARSE);
	ck_assert_uint_eq(set.ndocs, 1); /* the document before the error is kept */
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.v[0].file, "bad.yaml");
	ck_assert_uint_eq(errs.v[0].line, 6);
	ck_assert_uint_eq(errs.v[0].column, 2);
	ck_assert_int_eq(errs.v[0].code, FRS_EPARSE);
	ck_assert_str_eq(errs.v[0].message,
			 "invalid YAML: did not find expected key (while parsing a block mapping at "
			 "line 3, column 1)");
}
END_TEST

START_TEST(test_doc_yaml_tab_and_unclosed_quote)
{
	ck_assert_int_eq(load("t.yaml", "a:\n\tb: 1\n"), FRS_EPARSE);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_uint_eq(errs.v[0].line, 2);
	ck_assert_uint_eq(errs.v[0].column, 1);
	ck_assert_int_eq(load("q.yaml", "a: \"open\nb: 2\n"), FRS_EPARSE);
	ck_assert_uint_eq(errs.n, 2);
	ck_assert_str_eq(errs.v[1].file, "q.yaml");
	ck_assert_uint_eq(errs.v[1].line, 3);
	ck_assert_uint_eq(errs.v[1].column, 1);
	ck_assert_str_eq(errs.v[1].message, "invalid YAML: found unexpected end of stream "
					    "(while scanning a quoted scalar at line 1, column 4)");
}
END_TEST

START_TEST(test_doc_yaml_duplicate_key_and_alias)
{
	const char *y = "a: &x {k: v}\n"
			"b: *x\n"
			"---\n"
			"kind: A\n"
			"kind: B\n";

	ck_assert_int_eq(load("d.yaml", y), FRS_EPARSE);
	ck_assert_uint_eq(set.ndocs, 1);
	ck_assert_ptr_eq(frs_node_get(set.docs[0].root, "a"), frs_node_get(set.docs[0].root, "b"));
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_uint_eq(errs.v[0].line, 5);
	ck_assert_uint_eq(errs.v[0].column, 1);
	ck_assert_str_eq(errs.v[0].message, "duplicate key \"kind\" (first at line 4)");
	ck_assert_int_eq(load("k.json", "{\"a\": {\"b\": 1, \"b\": 2}} {\"c\": 3}"), FRS_EPARSE);
	ck_assert_uint_eq(set.ndocs, 2); /* the first JSON value is left out, the second kept */
	ck_assert_ptr_nonnull(frs_node_get(set.docs[1].root, "c"));
	ck_assert_uint_eq(errs.n, 2);
	ck_assert_uint_eq(errs.v[1].column, 16);
	frs_errlist_dispose(&errs);
	frs_errlist_init(&errs);
	ck_assert_int_eq(load("u.yaml", "a: *nope\n"), FRS_EPARSE);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_uint_eq(errs.v[0].line, 1);
	ck_assert_uint_eq(errs.v[0].column, 4);
}
END_TEST

START_TEST(test_doc_yaml_scalar_styles)
{
	const char *y = "a: 'it''s'\n"
			"b: |\n"
			"  line1\n"
			"  line2\n"
			"c: null\n"
			"d:\n"
			"e: \"\"\n"
			"f: \"null\"\n"
			"g: true\n";
	const struct frs_node *r;

	ck_assert_int_eq(load("s.yaml", y), FRS_OK);
	r = set.docs[0].root;
	ck_assert_str_eq(frs_node_str(r, "a"), "it's");
	ck_assert_str_eq(frs_node_str(r, "b"), "line1\nline2\n");
	ck_assert_int_eq(frs_node_get(r, "c")->type, FRS_NODE_NULL);
	ck_assert_int_eq(frs_node_get(r, "d")->type, FRS_NODE_NULL);
	ck_assert_str_eq(frs_node_str(r, "e"), "");
	ck_assert_str_eq(frs_node_str(r, "f"), "null");
	ck_assert_int_eq(frs_node_get(r, "f")->quoted, 1);
	ck_assert_str_eq(frs_node_str(r, "g"), "true");
	ck_assert_int_eq(frs_node_get(r, "g")->quoted, 0);
}
END_TEST

START_TEST(test_doc_yaml_utf8_columns)
{
	/* columns count characters, as libyaml does: "é" is one column */
	ck_assert_int_eq(load("u.yaml", "a: {é: 1, b: 2}\n"), FRS_OK);
	ck_loc(frs_node_path(set.docs[0].root, "a.b"), 1, 14);
	ck_assert_int_eq(load("u.json", "{\"é\": 1, \"b\": 2}"), FRS_OK);
	ck_loc(frs_node_get(set.docs[1].root, "b"), 1, 15);
}
END_TEST

START_TEST(test_doc_json_positions)
{
	const char *j = "{\n"
			"  \"apiVersion\": \"v1\",\n"
			"  \"kind\": \"Service\",\n"
			"  \"spec\": {\"ports\": [ {\"port\": 80}, {\"port\": 443} ],\n"
			"           \"x\": null, \"t\": true, \"s\": \"a\\\"b\\u00e9\"},\n"
			"  \"n\": -1.5e3\n"
			"}\n"
			"{\"kind\": \"Node\"} [1]\n";
	const struct frs_node *r, *n;

	ck_assert_int_eq(load("s.json", j), FRS_OK);
	ck_assert_uint_eq(errs.n, 0);
	ck_assert_uint_eq(set.ndocs, 3);
	r = set.docs[0].root;
	ck_loc(r, 1, 1);
	ck_assert_str_eq(r->keys[1], "kind");
	ck_assert_uint_eq(r->key_locs[1].line, 3);
	ck_assert_uint_eq(r->key_locs[1].column, 3);
	n = frs_node_get(r, "kind");
	ck_loc(n, 3, 11);
	ck_assert_int_eq(n->quoted, 1);
	n = frs_node_path(r, "spec.ports[1].port");
	ck_loc(n, 4, 46);
	ck_assert_str_eq(n->scalar, "443");
	ck_assert_int_eq(n->quoted, 0);
	ck_loc(frs_node_path(r, "spec.ports[1]"), 4, 37);
	n = frs_node_path(r, "spec.x");
	ck_loc(n, 5, 17);
	ck_assert_int_eq(n->type, FRS_NODE_NULL);
	ck_loc(frs_node_path(r, "spec.t"), 5, 28);
	n = frs_node_path(r, "spec.s");
	ck_loc(n, 5, 39);
	ck_assert_str_eq(n->scalar, "a\"b\xc3\xa9");
	n = frs_node_get(r, "n");
	ck_loc(n, 6, 8);
	ck_assert_str_eq(n->scalar, "-1.5e3");
	ck_loc(set.docs[1].root, 8, 1);
	ck_loc(set.docs[2].root, 8, 18);
	ck_loc(set.docs[2].root->items[0], 8, 19);
}
END_TEST

START_TEST(test_doc_json_list_and_malformed)
{
	const char *j = "{\"kind\": \"List\", \"items\": [\n"
			"  {\"kind\": \"A\"},\n"
			"  {\"kind\": \"B\"}\n"
			"]}\n";

	ck_assert_int_eq(load("l.json", j), FRS_OK);
	ck_assert_uint_eq(set.ndocs, 2);
	ck_loc(set.docs[1].root, 3, 3);
	ck_assert_int_eq(load("bad.json", "{\n  \"a\": 1,\n  \"b\": tru\n}\n"), FRS_EPARSE);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.v[0].file, "bad.json");
	ck_assert_uint_eq(errs.v[0].line, 3);
	ck_assert_uint_eq(errs.v[0].column, 8);
	ck_assert_str_eq(errs.v[0].message, "invalid JSON: unexpected 't'");
	ck_assert_int_eq(load("trunc.json", "{\"a\": [1, 2"), FRS_EPARSE);
	ck_assert_uint_eq(errs.n, 2);
	ck_assert_str_eq(errs.v[1].message, "invalid JSON: unexpected end of input");
	ck_assert_uint_eq(errs.v[1].line, 1);
	ck_assert_uint_eq(errs.v[1].column, 12);
	ck_assert_uint_eq(set.ndocs, 2);
}
END_TEST

/* cJSON's own error pointer is often the end of the buffer; the position must be exact. */
START_TEST(test_doc_json_error_positions)
{
	static const struct {
		const char *text;
		unsigned line, col;
		const char *msg;
	} cases[] = {
		{ "{\"a\": 1, }\n", 1, 10, "invalid JSON: unexpected '}'" },
		{ "{\"a\" 1}", 1, 6, "invalid JSON: unexpected '1'" },
		{ "[1,]", 1, 4, "invalid JSON: unexpected ']'" },
		{ "{\"a\": 01}", 1, 8, "invalid JSON: unexpected '1'" },
		{ "{\"a\": \"x\ty\"}", 1, 9, "invalid JSON: unexpected byte 0x09" },
		{ "{\"a\": \"\\q\"}", 1, 9, "invalid JSON: unexpected 'q'" },
		{ "{\n  \"a\": [1,\n  2", 3, 4, "invalid JSON: unexpected end of input" },
		{ "{\"a\": nul}", 1, 7, "invalid JSON: unexpected 'n'" },
		{ "{} x", 1, 4, "invalid JSON: unexpected 'x'" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(load("e.json", cases[i].text), FRS_EPARSE);
		ck_assert_uint_eq(errs.n, 1);
		ck_assert_msg(errs.v[0].line == cases[i].line && errs.v[0].column == cases[i].col,
			      "%s: at %u:%u", cases[i].text, errs.v[0].line, errs.v[0].column);
		ck_assert_str_eq(errs.v[0].message, cases[i].msg);
		frs_errlist_dispose(&errs);
		frs_errlist_init(&errs);
	}
}
END_TEST

START_TEST(test_doc_bom_and_crlf)
{
	ck_assert_int_eq(load("b.json", "\xef\xbb\xbf{\"kind\": \"A\",\r\n \"x\": 1}"), FRS_OK);
	ck_loc(set.docs[0].root, 1, 1);
	ck_loc(frs_node_get(set.docs[0].root, "x"), 2, 7);
	ck_assert_int_eq(load("b.yaml", "\xef\xbb\xbfkind: A\r\nx: 1\r\n"), FRS_OK);
	ck_assert_str_eq(frs_node_str(set.docs[1].root, "kind"), "A");
	ck_loc(frs_node_get(set.docs[1].root, "x"), 2, 4);
	ck_assert_uint_eq(errs.n, 0);
}
END_TEST

START_TEST(test_doc_stdin_sniffs_json)
{
	ck_assert_int_eq(load("<stdin>", "  {\"kind\": \"A\"}"), FRS_OK);
	ck_assert_int_eq(load("<stdin>", "kind: B\n"), FRS_OK);
	ck_assert_uint_eq(set.ndocs, 2);
	ck_loc(set.docs[0].root, 1, 3);
	ck_assert_str_eq(frs_node_str(set.docs[1].root, "kind"), "B");
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(test_doc_directory_sorted)
{
	char dir[] = "/tmp/frs-doc-XXXXXX";
	char p[256];
	const char *names[] = { "b.yml", "a.yaml", "c.json", "d.txt", "sub.yaml" };

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/b.yml", dir);
	write_file(p, "kind: B\n");
	snprintf(p, sizeof(p), "%s/a.yaml", dir);
	write_file(p, "kind: A\n---\nkind: A2\n");
	snprintf(p, sizeof(p), "%s/c.json", dir);
	write_file(p, "{\"kind\": [\n");
	snprintf(p, sizeof(p), "%s/d.txt", dir);
	write_file(p, "kind: ignored\n");
	snprintf(p, sizeof(p), "%s/sub.yaml", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);

	ck_assert_int_eq(frs_docset_load(&set, dir, &errs), FRS_EPARSE);
	ck_assert_uint_eq(set.ndocs, 3);
	ck_assert_str_eq(frs_node_str(set.docs[0].root, "kind"), "A");
	ck_assert_str_eq(frs_node_str(set.docs[1].root, "kind"), "A2");
	ck_assert_str_eq(frs_node_str(set.docs[2].root, "kind"), "B");
	snprintf(p, sizeof(p), "%s/b.yml", dir);
	ck_assert_str_eq(set.docs[2].file, p);
	ck_assert_uint_eq(errs.n, 1);
	snprintf(p, sizeof(p), "%s/c.json", dir);
	ck_assert_str_eq(errs.v[0].file, p);
	ck_assert_uint_eq(errs.v[0].line, 2);
	ck_assert_uint_eq(errs.v[0].column, 1);

	ck_assert_int_eq(frs_docset_load(&set, "/nonexistent/x.yaml", &errs), FRS_EINPUT);
	ck_assert_uint_eq(errs.n, 2);
	ck_assert_int_eq(errs.v[1].code, FRS_EINPUT);
	ck_assert_str_eq(errs.v[1].message, "cannot read: No such file or directory");

	snprintf(p, sizeof(p), "%s/sub.yaml", dir); /* an empty directory: a warning, no failure */
	ck_assert_int_eq(frs_docset_load(&set, p, &errs), FRS_OK);
	ck_assert_uint_eq(errs.n, 3);
	ck_assert_int_eq(errs.v[2].severity, FRS_SEV_WARNING);
	ck_assert_str_eq(errs.v[2].message, "no *.yaml, *.yml or *.json files in this directory");

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		if (remove(p) != 0)
			ck_abort_msg("cannot remove %s", p);
	}
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* What a PATH means, for lint, render and the sidecar's direct mode alike. */
START_TEST(test_doc_paths_of_a_directory)
{
	char dir[] = "/tmp/frs-paths-XXXXXX";
	char p[256], q[256];
	struct frs_errlist e = FRS_ERRLIST_INIT;
	char **v = NULL;
	size_t n = 0;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/..data", dir); /* a ConfigMap volume's real directory */
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/..data/peers.yaml", dir);
	write_file(p, "kind: A\n");
	snprintf(p, sizeof(p), "%s/peers.yaml", dir);
	ck_assert_int_eq(symlink("..data/peers.yaml", p), 0);
	snprintf(p, sizeof(p), "%s/gone.yaml", dir); /* dangling, as mid-swap */
	ck_assert_int_eq(symlink("..data/gone.yaml", p), 0);
	snprintf(p, sizeof(p), "%s/b.json", dir);
	write_file(p, "{}");
	snprintf(p, sizeof(p), "%s/.hidden.yaml", dir);
	write_file(p, "kind: H\n");
	snprintf(p, sizeof(p), "%s/notes.txt", dir);
	write_file(p, "x");
	snprintf(p, sizeof(p), "%s/nested.yaml", dir); /* a directory, not recursed into */
	ck_assert_int_eq(mkdir(p, 0700), 0);

	ck_assert_int_eq(frs_docset_paths(&v, &n, dir, &e), FRS_OK);
	ck_assert_uint_eq(n, 2);
	snprintf(q, sizeof(q), "%s/b.json", dir);
	ck_assert_str_eq(v[0], q);
	snprintf(q, sizeof(q), "%s/peers.yaml", dir);
	ck_assert_str_eq(v[1], q);
	frs_docset_paths_free(v, n);
	ck_assert_uint_eq(e.n, 0);

	/* a file is itself, whatever its name; "-" is stdin */
	snprintf(p, sizeof(p), "%s/notes.txt", dir);
	ck_assert_int_eq(frs_docset_paths(&v, &n, p, &e), FRS_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], p);
	frs_docset_paths_free(v, n);
	ck_assert_int_eq(frs_docset_paths(&v, &n, "-", &e), FRS_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "-");
	frs_docset_paths_free(v, n);
	/* missing: an unreadable input */
	snprintf(p, sizeof(p), "%s/missing", dir);
	ck_assert_int_eq(frs_docset_paths(&v, &n, p, &e), FRS_EINPUT);
	ck_assert_uint_eq(e.n, 1);
	ck_assert_int_eq(e.v[0].code, FRS_EINPUT);
	ck_assert_str_eq(e.v[0].message, "cannot read: No such file or directory");
	frs_errlist_dispose(&e);

	{
		const char *names[] = { "..data/peers.yaml", "peers.yaml", "gone.yaml", "b.json",
					".hidden.yaml", "notes.txt" };

		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
			ck_assert_int_eq(remove(p), 0);
		}
		snprintf(p, sizeof(p), "%s/..data", dir);
		ck_assert_int_eq(rmdir(p), 0);
		snprintf(p, sizeof(p), "%s/nested.yaml", dir);
		ck_assert_int_eq(rmdir(p), 0);
		ck_assert_int_eq(rmdir(dir), 0);
	}
}
END_TEST

START_TEST(test_doc_garbage_never_crashes)
{
	const char *inputs[] = { "", "\n", "---", "- - - -", "{", "[", "}", "a: [", "a: {b",
				 "\"", "'", "&a", "*", "? x", "!!binary x", "a:\n- b\n c",
				 "\xff\xfe\x00", "{\"a\":", "[1,]", "{\"a\" 1}", "nul", "-",
				 "%YAML 1.1\n---\na: 1" };

	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		enum frs_err rc = frs_docset_load_mem(&set, "g", inputs[i], strlen(inputs[i]), &errs);
		ck_assert(rc == FRS_OK || rc == FRS_EPARSE);
		ck_assert_int_eq(rc == FRS_EPARSE, errs.n > 0);
		for (size_t k = 0; k < errs.n; k++)
			ck_assert_uint_ge(errs.v[k].line, 1);
		frs_errlist_dispose(&errs);
		frs_errlist_init(&errs);
	}
}
END_TEST

START_TEST(test_doc_nesting_limit)
{
	char *deep = malloc(2 * 600 + 1);

	ck_assert_ptr_nonnull(deep);
	memset(deep, '[', 600);
	memset(deep + 600, ']', 600);
	deep[1200] = 0;
	ck_assert_int_eq(load("deep.yaml", deep), FRS_EPARSE);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.v[0].message, "invalid YAML: nested deeper than 512 levels");
	ck_assert_uint_eq(errs.v[0].column, 513);
	ck_assert_int_eq(load("deep.json", deep), FRS_EPARSE);
	ck_assert_uint_eq(errs.n, 2);
	ck_assert_str_eq(errs.v[1].message, "invalid JSON: nested deeper than 512 levels");
	ck_assert_uint_eq(errs.v[1].column, 513);
	/* 500 levels are fine */
	ck_assert_int_eq(load("ok.json", deep + 100), FRS_EPARSE); /* 500 [ then 600 ]: value, junk */
	deep[1100] = 0;
	ck_assert_int_eq(load("ok.json", deep + 100), FRS_OK);
	ck_assert_int_eq(load("ok.yaml", deep + 100), FRS_OK);
	ck_assert_uint_eq(set.ndocs, 3);
	free(deep);
}
END_TEST

Suite *frs_doc_suite(void)
{
	Suite *s = suite_create("doc");
	TCase *tc = tcase_create("doc");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_doc_yaml_positions);
	tcase_add_test(tc, test_doc_yaml_many_documents_and_list);
	tcase_add_test(tc, test_doc_yaml_malformed);
	tcase_add_test(tc, test_doc_yaml_tab_and_unclosed_quote);
	tcase_add_test(tc, test_doc_yaml_duplicate_key_and_alias);
	tcase_add_test(tc, test_doc_yaml_scalar_styles);
	tcase_add_test(tc, test_doc_yaml_utf8_columns);
	tcase_add_test(tc, test_doc_json_positions);
	tcase_add_test(tc, test_doc_json_list_and_malformed);
	tcase_add_test(tc, test_doc_json_error_positions);
	tcase_add_test(tc, test_doc_bom_and_crlf);
	tcase_add_test(tc, test_doc_stdin_sniffs_json);
	tcase_add_test(tc, test_doc_directory_sorted);
	tcase_add_test(tc, test_doc_paths_of_a_directory);
	tcase_add_test(tc, test_doc_garbage_never_crashes);
	tcase_add_test(tc, test_doc_nesting_limit);
	suite_add_tcase(s, tc);
	return s;
}
