/* SPDX-License-Identifier: MIT */
/* Internal to verify: prefix canonical form and the 8.x outbound-policy evaluation. */
#ifndef FRS_QUERY_VERIFY_INT_H
#define FRS_QUERY_VERIFY_INT_H

#include <cjson/cJSON.h>

#include <frrshim/query.h>
#include <frrshim/verify.h>
#include <frrshim/vty.h>

/* Replies read once per verify run: route-maps by name, all prefix-lists. */
struct frs_rmap_cache {
	cJSON *plists;   /* {"name": {"entries": [...]}, ...} merged from ip and ipv6 */
	cJSON *rmaps;    /* {"name": {"rules": [...]}, ...} */
	int loaded;
};

void frs_verify__rmap_cache_dispose(struct frs_rmap_cache *c);

/* Canonical "addr/len" (a copy), or NULL when @p s is not a prefix. */
char *frs_verify__canon_prefix(const char *s);

/*
 * FRR 8.x prints no communities in advertised-routes: compute them by running each route
 * through @p peer's outbound route-map as bgpd reports it (`show route-map`, `show ip[v6]
 * prefix-list`). Routes whose route-map uses clauses this evaluator does not know keep
 * have_communities = 0 ("cannot check").
 */
enum frs_err frs_verify__apply_out_policy(struct frs_adv_routes *adv, struct frs_vty *vty,
					  struct frs_rmap_cache *cache, const struct frs_bgp_peer *peer,
					  struct frs_errlist *errs);

/* Pure part of the above, for tests: @p rmap is one route-map's {"rules": [...]} object. */
enum frs_err frs_verify__eval_rmap(struct frs_adv_route *r, const cJSON *rmap, const cJSON *plists);

#endif
