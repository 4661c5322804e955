/* SPDX-License-Identifier: MIT */
/* Unit tests of the template engine: variables, sections, inversions, standalone lines, errors. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <frrshim/tmpl.h>

#include "suites.h"

/* Render @p text against @p d; returns a malloc'd string, or NULL with *rc set. */
static char *render(const char *text, const struct frs_tmpl_data *d, enum frs_err *rc)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf out = FRS_BUF_INIT;
	struct frs_tmpl *t = NULL;
	char *s = NULL;

	*rc = frs_tmpl_compile(&t, "t", text, strlen(text), &errs);
	if (!*rc)
		*rc = frs_tmpl_render(&out, t, d, &errs);
	if (!*rc)
		s = frs_buf_detach(&out);
	frs_tmpl_free(t);
	frs_buf_dispose(&out);
	frs_errlist_dispose(&errs);
	return s;
}

START_TEST(test_tmpl_variables_and_literal_text)
{
	struct frs_tmpl_data *d = frs_tmpl_data_new();
	enum frs_err rc;
	char *s;

	ck_assert_int_eq(frs_tmpl_set(d, "asn", "64500"), FRS_OK);
	ck_assert_int_eq(frs_tmpl_setf(d, "vrf", "%s-%d", "red", 7), FRS_OK);
	s = render("router bgp {{asn}} vrf {{ vrf }}\n{ not a tag }\n", d, &rc);
	ck_assert_int_eq(rc, FRS_OK);
	ck_assert_str_eq(s, "router bgp 64500 vrf red-7\n{ not a tag }\n");
	free(s);
	/* values are never escaped or interpreted */
	ck_assert_int_eq(frs_tmpl_set(d, "asn", "{{vrf}}&<"), FRS_OK);
	s = render("{{asn}}", d, &rc);
	ck_assert_str_eq(s, "{{vrf}}&<");
	free(s);
	frs_tmpl_data_free(d);
}
END_TEST

START_TEST(test_tmpl_sections_loop_with_outer_scope)
{
	struct frs_tmpl_data *d = frs_tmpl_data_new(), *it;
	enum frs_err rc;
	char *s;

	frs_tmpl_set(d, "rm", "out");
	for (int i = 1; i <= 3; i++) {
		ck_assert_int_eq(frs_tmpl_add(&it, d, "items"), FRS_OK);
		frs_tmpl_setf(it, "n", "%d", i);
	}
	s = render("{{#items}}\n{{rm}} {{n}}\n{{/items}}\nend\n", d, &rc);
	ck_assert_int_eq(rc, FRS_OK);
	ck_assert_str_eq(s, "out 1\nout 2\nout 3\nend\n");
	free(s);
	frs_tmpl_data_free(d);
}
END_TEST

START_TEST(test_tmpl_conditionals_and_inversions)
{
	struct frs_tmpl_data *d = frs_tmpl_data_new();
	enum frs_err rc;
	char *s;

	frs_tmpl_set_bool(d, "yes", true);
	frs_tmpl_set_bool(d, "no", false);
	frs_tmpl_set(d, "empty", "");
	frs_tmpl_set(d, "word", "w");
	frs_tmpl_set_list(d, "none");
	s = render("{{#yes}}A{{/yes}}{{#no}}B{{/no}}{{^no}}C{{/no}}{{#empty}}D{{/empty}}"
		   "{{^empty}}E{{/empty}}{{#word}}F{{word}}{{/word}}{{#none}}G{{/none}}"
		   "{{^none}}H{{/none}}{{#absent}}I{{/absent}}{{^absent}}J{{/absent}}",
		   d, &rc);
	ck_assert_int_eq(rc, FRS_OK);
	ck_assert_str_eq(s, "ACEFwHJ");
	free(s);
	frs_tmpl_data_free(d);
}
END_TEST

START_TEST(test_tmpl_standalone_tag_lines_vanish)
{
	struct frs_tmpl_data *d = frs_tmpl_data_new();
	enum frs_err rc;
	char *s;

	frs_tmpl_set_bool(d, "on", true);
	frs_tmpl_set_bool(d, "off", false);
	s = render("{{! comment }}\na\n  {{#on}}  \n b\n{{/on}}\n{{#off}}\nc\n{{/off}}\nd {{#on}}x{{/on}}\n",
		   d, &rc);
	ck_assert_int_eq(rc, FRS_OK);
	ck_assert_str_eq(s, "a\n b\nd x\n");
	free(s);
	frs_tmpl_data_free(d);
}
END_TEST

START_TEST(test_tmpl_errors)
{
	struct frs_tmpl_data *d = frs_tmpl_data_new();
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_tmpl *t = NULL;
	enum frs_err rc;
	char *s;

	ck_assert_int_eq(frs_tmpl_compile(&t, "t", "{{#a}}x", 7, &errs), FRS_EPARSE);
	ck_assert_ptr_null(t);
	ck_assert_int_eq(frs_tmpl_compile(&t, "t", "{{#a}}x{{/b}}", 13, &errs), FRS_EPARSE);
	ck_assert_int_eq(frs_tmpl_compile(&t, "t", "{{/a}}", 6, &errs), FRS_EPARSE);
	ck_assert_int_eq(frs_tmpl_compile(&t, "t", "a\n{{x", 5, &errs), FRS_EPARSE);
	ck_assert_int_eq(frs_tmpl_compile(&t, "t", "{{a b}}", 7, &errs), FRS_EPARSE);
	ck_assert_uint_eq(errs.n, 5);
	ck_assert_uint_eq(errs.v[3].line, 2);
	/* an undefined variable is an error, not an empty string */
	s = render("{{missing}}", d, &rc);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(rc, FRS_EINVALID);
	frs_errlist_dispose(&errs);
	frs_tmpl_data_free(d);
}
END_TEST

START_TEST(test_tmpl_embedded_templates_compile)
{
	static const char *const names[] = { "header", "router", "filters", "tail" };
	struct frs_errlist errs = FRS_ERRLIST_INIT;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct frs_tmpl *t = NULL;
		size_t len = 0;
		const char *src = frs_tmpl_embedded(names[i], &len);

		ck_assert_ptr_nonnull(src);
		ck_assert_uint_eq(len, strlen(src));
		ck_assert_int_eq(frs_tmpl_compile(&t, names[i], src, len, &errs), FRS_OK);
		frs_tmpl_free(t);
	}
	ck_assert_ptr_null(frs_tmpl_embedded("nope", NULL));
	frs_errlist_dispose(&errs);
}
END_TEST

Suite *frs_tmpl_suite(void)
{
	Suite *s = suite_create("tmpl");
	TCase *tc = tcase_create("tmpl");

	tcase_add_test(tc, test_tmpl_variables_and_literal_text);
	tcase_add_test(tc, test_tmpl_sections_loop_with_outer_scope);
	tcase_add_test(tc, test_tmpl_conditionals_and_inversions);
	tcase_add_test(tc, test_tmpl_standalone_tag_lines_vanish);
	tcase_add_test(tc, test_tmpl_errors);
	tcase_add_test(tc, test_tmpl_embedded_templates_compile);
	suite_add_tcase(s, tc);
	return s;
}
