/* SPDX-License-Identifier: MIT */
/* Fuzz target: every other parser of FRR's JSON (summary, advertised routes, one prefix, BFD),
 * the verify expectation, and the outbound route-map evaluator, all on each input. */
#include "config.h"

#include <string.h>

#include <cjson/cJSON.h>

#include <frrshim/err.h>
#include <frrshim/query.h>
#include <frrshim/verify.h>

#include "../../query/json_int.h"
#include "../../query/verify_int.h"
#include "fuzz.h"

/* The evaluator reads {"rules": [...]} and prefix-lists {"NAME": {"entries": [...]}}: the input
 * is both, and names the route in "prefix" (a pool address by default). */
static void eval_rmap(const char *json)
{
	cJSON *root = cJSON_Parse(json);
	struct frs_adv_route r;
	const cJSON *pfx;

	if (!root)
		return;
	memset(&r, 0, sizeof(r));
	pfx = cJSON_GetObjectItemCaseSensitive(root, "prefix");
	r.prefix = frs_json__dup(cJSON_IsString(pfx) ? pfx->valuestring : "198.51.100.10/32");
	if (r.prefix && frs_verify__eval_rmap(&r, root, root) == FRS_OK && r.have_communities)
		FUZZ_ASSERT(r.communities && r.large_communities, "communities known but not set");
	frs_adv_route_dispose(&r);
	cJSON_Delete(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_bgp_summary sum;
	struct frs_adv_routes adv;
	struct frs_adv_route one;
	struct frs_bfd_peers bfd;
	struct frs_verify_expect exp;
	char *json = fuzz_cstr(data, size);

	if (!json)
		return 0;
	memset(&sum, 0, sizeof(sum));
	memset(&adv, 0, sizeof(adv));
	memset(&one, 0, sizeof(one));
	memset(&bfd, 0, sizeof(bfd));
	memset(&exp, 0, sizeof(exp));
	frs_query_parse_summary(&sum, json, NULL, NULL, &errs);
	if (frs_query_parse_adv_routes(&adv, json, &errs) == FRS_OK && adv.n && adv.v[0].prefix)
		FUZZ_ASSERT(frs_adv_routes_find(&adv, adv.v[0].prefix) != NULL,
			    "a parsed route cannot be found");
	frs_query_parse_prefix(&one, json, &errs);
	/* twice: the second reading merges counters into the sessions of the first */
	if (frs_query_parse_bfd(&bfd, json, &errs) == FRS_OK)
		frs_query_parse_bfd(&bfd, json, &errs);
	frs_verify_expect_parse(&exp, json, &errs);
	eval_rmap(json);
	frs_bgp_summary_dispose(&sum);
	frs_adv_routes_dispose(&adv);
	frs_adv_route_dispose(&one);
	frs_bfd_peers_dispose(&bfd);
	frs_verify_expect_dispose(&exp);
	frs_errlist_dispose(&errs);
	free(json);
	return 0;
}
