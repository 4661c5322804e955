/* SPDX-License-Identifier: MIT */
/* One Check suite per library module, all run by tests/unit/main.c. */
#ifndef FRS_TEST_SUITES_H
#define FRS_TEST_SUITES_H

#include <check.h>

struct frs_errlist;
struct frs_model;
/* check_model.c: the model of a YAML text, classified and converted without validation. */
struct frs_model *frs_test_model_of(const char *text, struct frs_errlist *el);

Suite *frs_assign_suite(void);
Suite *frs_common_suite(void);
Suite *frs_conf_suite(void);
Suite *frs_diff_suite(void);
Suite *frs_doc_suite(void);
Suite *frs_kube_suite(void);
Suite *frs_metrics_suite(void);
Suite *frs_model_suite(void);
Suite *frs_query_suite(void);
Suite *frs_render_suite(void);
Suite *frs_rules_suite(void);
Suite *frs_sidecar_suite(void);
Suite *frs_tmpl_suite(void);
Suite *frs_validate_suite(void);
Suite *frs_verify_suite(void);

#endif
