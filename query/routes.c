/* SPDX-License-Identifier: MIT */
/* Routes sent to a neighbor and one prefix's best path, from FRR's JSON (8.4 to 10.x shapes). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <frrshim/query.h>

#include "json_int.h"

void frs_adv_route_dispose(struct frs_adv_route *r)
{
	if (!r)
		return;
	free(r->prefix);
	free(r->nexthop);
	free(r->path);
	free(r->origin);
	free(r->communities);
	free(r->large_communities);
	memset(r, 0, sizeof(*r));
}

void frs_adv_routes_dispose(struct frs_adv_routes *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		frs_adv_route_dispose(&r->v[i]);
	free(r->v);
	free(r->warning);
	memset(r, 0, sizeof(*r));
}

const struct frs_adv_route *frs_adv_routes_find(const struct frs_adv_routes *r, const char *prefix)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].prefix, prefix) == 0)
			return &r->v[i];
	return NULL;
}

/* "i" → "IGP": 8.4 only prints the one-letter code; 8.5+ also "origin", 10.0+ only "origin". */
static char *origin_of(const cJSON *o)
{
	const cJSON *code;

	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "origin")))
		return frs_json__str(o, "origin");
	code = cJSON_GetObjectItemCaseSensitive(o, "bgpOriginCode");
	if (!cJSON_IsString(code))
		return NULL;
	if (strcmp(code->valuestring, "i") == 0)
		return strdup("IGP");
	if (strcmp(code->valuestring, "e") == 0)
		return strdup("EGP");
	if (strcmp(code->valuestring, "?") == 0)
		return strdup("incomplete");
	return strdup(code->valuestring);
}

/* {"string": "64512:100 64512:200", "list": […]} → the string; "" when the path has none. */
static char *community_of(const cJSON *path, const char *key)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(path, key);

	if (cJSON_IsObject(c) && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "string")))
		return frs_json__str(c, "string");
	if (cJSON_IsString(c))
		return strdup(c->valuestring);
	return strdup("");
}

/* The best path of a detail route: bestpath.overall (8.x+) or "bestpath": true, else the first. */
static const cJSON *best_path(const cJSON *paths)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, paths) {
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(p, "bestpath");
		if (cJSON_IsTrue(b) ||
		    (cJSON_IsObject(b) && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "overall"))))
			return p;
	}
	return cJSON_GetArrayItem(paths, 0);
}

/* Attributes of a detail path object (route_vty_out_detail). */
static enum frs_err read_detail_path(struct frs_adv_route *r, const cJSON *p)
{
	const cJSON *asp = cJSON_GetObjectItemCaseSensitive(p, "aspath");
	const cJSON *nhs = cJSON_GetObjectItemCaseSensitive(p, "nexthops");

	r->metric = frs_json__int(p, "metric");
	r->local_pref = frs_json__int(p, "locPrf");
	r->weight = frs_json__int(p, "weight");
	r->origin = origin_of(p);
	if (cJSON_IsObject(asp)) {
		r->path = frs_json__str(asp, "string");
		if (r->path && strcmp(r->path, "Local") == 0)
			r->path[0] = '\0';
	} else {
		r->path = frs_json__str(p, "path");
	}
	if (cJSON_IsArray(nhs) && cJSON_GetArrayItem(nhs, 0))
		r->nexthop = frs_json__str(cJSON_GetArrayItem(nhs, 0), "ip");
	r->have_communities = 1;
	r->communities = community_of(p, "community");
	r->large_communities = community_of(p, "largeCommunity");
	return r->communities && r->large_communities ? FRS_OK : FRS_ENOMEM;
}

/* The flat best path of a table entry (`show bgp ipv4 unicast json`: "P": [path, …]). */
static const cJSON *table_best(const cJSON *paths)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, paths)
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "bestpath")))
			return p;
	return cJSON_GetArrayItem(paths, 0);
}

static enum frs_err add_route(struct frs_adv_routes *out, const cJSON *entry)
{
	const cJSON *paths = cJSON_GetObjectItemCaseSensitive(entry, "paths");
	const cJSON *o = cJSON_IsArray(entry) ? table_best(entry) : entry;
	struct frs_adv_route *r;

	if (frs_json__grow((void **)&out->v, &out->cap, out->n, sizeof(*out->v)))
		return FRS_ENOMEM;
	r = &out->v[out->n++];
	memset(r, 0, sizeof(*r));
	if (!(r->prefix = strdup(entry->string)))
		return FRS_ENOMEM;
	if (!o)
		return FRS_OK;
	if (cJSON_IsArray(paths)) /* `advertised-routes detail json` (FRR 9+) */
		return read_detail_path(r, best_path(paths));
	r->nexthop = frs_json__str(o, "nextHop");
	if (!r->nexthop)
		r->nexthop = frs_json__str(o, "nextHopGlobal");
	if (!r->nexthop && cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(o, "nexthops")))
		r->nexthop = frs_json__str(
			cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "nexthops"), 0), "ip");
	r->path = frs_json__str(o, "path");
	r->origin = origin_of(o);
	r->metric = frs_json__int(o, "metric");
	r->local_pref = frs_json__int(o, "locPrf");
	r->weight = frs_json__int(o, "weight");
	if (cJSON_GetObjectItemCaseSensitive(o, "community")) {
		r->have_communities = 1;
		r->communities = community_of(o, "community");
		r->large_communities = community_of(o, "largeCommunity");
	}
	return FRS_OK;
}

/*
 * FRR 10.x answers advertised-routes for a peer not active in the family with its warning object
 * inside another object, without a key: `{\n{ "warning": "No such neighbor or address family" }\n}`
 * (not JSON; measured on 10.3 and 10.7, tests/fixtures/frr-10.3). The inner object is the answer.
 * Returns a copy of it, or NULL when @p json has not that shape.
 */
static char *unwrap_warning(const char *json)
{
	const char *p = json, *q;

	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	if (*p++ != '{')
		return NULL;
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	if (*p != '{' || !(q = strrchr(p, '}')) || q == p)
		return NULL;
	/* q is the outer object's end: the inner one ends at the '}' before it */
	while (q > p && q[-1] != '}')
		q--;
	if (q == p)
		return NULL;
	return strndup(p, (size_t)(q - p));
}

enum frs_err frs_query_parse_adv_routes(struct frs_adv_routes *out, const char *json,
					struct frs_errlist *errs)
{
	const cJSON *adv, *w, *c;
	cJSON *root = NULL;
	char *inner = unwrap_warning(json);
	enum frs_err rc;

	rc = frs_json__parse(&root, inner ? inner : json, "show bgp advertised-routes json", errs);
	free(inner);
	if (rc)
		return rc;
	if (!cJSON_IsObject(root)) {
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE),
					"show bgp advertised-routes json: expected an object");
		goto done;
	}
	w = cJSON_GetObjectItemCaseSensitive(root, "warning");
	if (cJSON_IsString(w) && !out->warning && !(out->warning = strdup(w->valuestring))) {
		rc = FRS_ENOMEM;
		goto done;
	}
	out->total = frs_json__int(root, "totalPrefixCounter");
	adv = cJSON_GetObjectItemCaseSensitive(root, "advertisedRoutes");
	if (!adv) /* the table form: `show bgp [vrf V] ipv4|ipv6 unicast json` */
		adv = cJSON_GetObjectItemCaseSensitive(root, "routes");
	rc = FRS_OK;
	cJSON_ArrayForEach(c, adv) {
		if (!(cJSON_IsObject(c) || cJSON_IsArray(c)) || !c->string)
			continue;
		if ((rc = add_route(out, c)))
			break;
	}
done:
	cJSON_Delete(root);
	return rc;
}

enum frs_err frs_query_parse_prefix(struct frs_adv_route *out, const char *json,
				    struct frs_errlist *errs)
{
	struct frs_adv_route r;
	const cJSON *paths, *best;
	cJSON *root = NULL;
	enum frs_err rc;

	memset(&r, 0, sizeof(r));
	if ((rc = frs_json__parse(&root, json, "show bgp prefix json", errs)))
		return rc;
	paths = cJSON_GetObjectItemCaseSensitive(root, "paths");
	best = cJSON_IsArray(paths) ? best_path(paths) : NULL;
	if (!best) {
		rc = FRS_ENOTFOUND;
		goto done;
	}
	r.prefix = frs_json__str(root, "prefix");
	if (!r.prefix || (rc = read_detail_path(&r, best))) {
		rc = FRS_ENOMEM;
		goto done;
	}
	*out = r;
	memset(&r, 0, sizeof(r));
done:
	frs_adv_route_dispose(&r);
	cJSON_Delete(root);
	return rc;
}
