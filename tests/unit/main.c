/* SPDX-License-Identifier: MIT */
/* The one Check runner: every module's suite. CK_RUN_SUITE/CK_RUN_CASE select. */
#include <stdlib.h>

#include "suites.h"

int main(void)
{
	SRunner *sr = srunner_create(frs_common_suite());
	int failed;

	srunner_add_suite(sr, frs_assign_suite());
	srunner_add_suite(sr, frs_conf_suite());
	srunner_add_suite(sr, frs_diff_suite());
	srunner_add_suite(sr, frs_doc_suite());
	srunner_add_suite(sr, frs_kube_suite());
	srunner_add_suite(sr, frs_metrics_suite());
	srunner_add_suite(sr, frs_model_suite());
	srunner_add_suite(sr, frs_query_suite());
	srunner_add_suite(sr, frs_render_suite());
	srunner_add_suite(sr, frs_rules_suite());
	srunner_add_suite(sr, frs_sidecar_suite());
	srunner_add_suite(sr, frs_tmpl_suite());
	srunner_add_suite(sr, frs_validate_suite());
	srunner_add_suite(sr, frs_verify_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
