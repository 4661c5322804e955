/* SPDX-License-Identifier: MIT */
/* Verify: expected sessions and routes against one reading of bgpd, failures in the guide's words. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <frrshim/verify.h>
#include <frrshim/vty.h>

#include "json_int.h"
#include "verify_int.h"

static void route_dispose(struct frs_verify_route *r)
{
	free(r->prefix);
	for (size_t i = 0; i < r->ncommunities; i++)
		free(r->communities[i]);
	free(r->communities);
	for (size_t i = 0; i < r->nlarge; i++)
		free(r->large[i]);
	free(r->large);
}

void frs_verify_expect_dispose(struct frs_verify_expect *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->npeers; i++) {
		struct frs_verify_peer *p = &e->peers[i];
		for (size_t j = 0; j < p->nroutes; j++)
			route_dispose(&p->routes[j]);
		free(p->routes);
		free(p->vrf);
		free(p->neighbor);
	}
	free(e->peers);
	memset(e, 0, sizeof(*e));
}

void frs_verify_observed_dispose(struct frs_verify_observed *o)
{
	if (!o)
		return;
	frs_bgp_peers_dispose(&o->bgp);
	for (size_t i = 0; i < o->npeers; i++)
		frs_adv_routes_dispose(&o->peers[i].adv);
	free(o->peers);
	memset(o, 0, sizeof(*o));
}

/* "198.51.100.010/32" and "2001:DB8::/64" as FRR prints them; NULL when not a prefix. */
char *frs_verify__canon_prefix(const char *s)
{
	char addr[INET6_ADDRSTRLEN], out[INET6_ADDRSTRLEN + 5];
	unsigned char bin[16];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	int af, len;
	char *end = NULL;

	if (alen >= sizeof(addr))
		return NULL;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	af = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(af, addr, bin) != 1)
		return NULL;
	{
		/* checked as a long: a cast first would wrap /4294967328 into /32 */
		long l = slash ? strtol(slash + 1, &end, 10) : (af == AF_INET ? 32 : 128);
		if ((slash && (!end || *end || end == slash + 1)) || l < 0 ||
		    l > (af == AF_INET ? 32 : 128))
			return NULL;
		len = (int)l;
	}
	if (!inet_ntop(af, bin, addr, sizeof(addr)))
		return NULL;
	snprintf(out, sizeof(out), "%s/%d", addr, len);
	return strdup(out);
}

static enum frs_err strings_of(char ***out, size_t *n, const cJSON *arr)
{
	const cJSON *c;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (!arr)
		return FRS_OK;
	if (!cJSON_IsArray(arr))
		return FRS_EINVALID;
	*out = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(char *));
	if (!*out)
		return FRS_ENOMEM;
	cJSON_ArrayForEach(c, arr) {
		if (!cJSON_IsString(c))
			return FRS_EINVALID;
		if (!((*out)[k] = strdup(c->valuestring)))
			return FRS_ENOMEM;
		*n = ++k;
	}
	return FRS_OK;
}

enum frs_err frs_verify_expect_parse(struct frs_verify_expect *out, const char *json,
				     struct frs_errlist *errs)
{
	struct frs_verify_expect e;
	const cJSON *peers, *p;
	cJSON *root = NULL;
	enum frs_err rc;
	size_t i = 0;

	memset(&e, 0, sizeof(e));
	if ((rc = frs_json__parse(&root, json, "expectation", errs)))
		return rc;
	peers = cJSON_GetObjectItemCaseSensitive(root, "peers");
	if (!cJSON_IsArray(peers)) {
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINVALID, .path = "peers"),
					"expectation: \"peers\" must be an array");
		goto done;
	}
	e.peers = calloc((size_t)cJSON_GetArraySize(peers) + 1, sizeof(*e.peers));
	if (!e.peers) {
		rc = FRS_ENOMEM;
		goto done;
	}
	cJSON_ArrayForEach(p, peers) {
		struct frs_verify_peer *vp = &e.peers[i];
		const cJSON *routes = cJSON_GetObjectItemCaseSensitive(p, "routes"), *r;
		size_t j = 0;

		e.npeers = ++i;
		vp->neighbor = frs_json__str(p, "neighbor");
		vp->vrf = frs_json__str(p, "vrf");
		if (!vp->vrf || !*vp->vrf) {
			free(vp->vrf);
			vp->vrf = strdup("default");
		}
		if (!vp->neighbor || !vp->vrf) {
			rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINVALID,
						.path = "peers"),
						"expectation: peer %zu has no \"neighbor\"", i);
			goto done;
		}
		if (routes && !cJSON_IsArray(routes)) {
			rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINVALID,
						.path = "routes"),
						"expectation: routes of %s must be an array",
						vp->neighbor);
			goto done;
		}
		vp->routes = calloc((size_t)cJSON_GetArraySize(routes) + 1, sizeof(*vp->routes));
		if (!vp->routes) {
			rc = FRS_ENOMEM;
			goto done;
		}
		cJSON_ArrayForEach(r, routes) {
			struct frs_verify_route *vr = &vp->routes[j];
			const cJSON *pfx = cJSON_GetObjectItemCaseSensitive(r, "prefix");

			vp->nroutes = ++j;
			vr->local_pref = frs_json__int(r, "localPref");
			vr->prefix = cJSON_IsString(pfx) ? frs_verify__canon_prefix(pfx->valuestring)
							 : NULL;
			if (!vr->prefix ||
			    strings_of(&vr->communities, &vr->ncommunities,
				       cJSON_GetObjectItemCaseSensitive(r, "communities")) ||
			    strings_of(&vr->large, &vr->nlarge,
				       cJSON_GetObjectItemCaseSensitive(r, "largeCommunities"))) {
				rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINVALID,
							.path = "routes"),
							"expectation: route %zu of %s is malformed",
							j, vp->neighbor);
				goto done;
			}
		}
	}
	*out = e;
	memset(&e, 0, sizeof(e));
	rc = FRS_OK;
done:
	frs_verify_expect_dispose(&e);
	cJSON_Delete(root);
	return rc;
}

/* Is @p word one of the space-separated words of @p list? */
static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p && *p;) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);

		if (len == n && strncmp(p, word, n) == 0)
			return 1;
		p = sp ? sp + 1 : NULL;
	}
	return 0;
}

static int is_expected(const struct frs_verify_peer *p, const char *prefix)
{
	for (size_t i = 0; i < p->nroutes; i++)
		if (strcmp(p->routes[i].prefix, prefix) == 0)
			return 1;
	return 0;
}

#define PROBLEM(...) \
	(frs_errlist_report(problems, FRS_DIAG(.code = FRS_ENOTFOUND), __VA_ARGS__), n++)

size_t frs_verify_check(struct frs_errlist *problems, const struct frs_verify_expect *e,
			const struct frs_verify_observed *o)
{
	size_t n = 0;

	for (size_t i = 0; i < e->npeers; i++) {
		const struct frs_verify_peer *ep = &e->peers[i];
		const struct frs_bgp_peer *bp = frs_bgp_peers_find(&o->bgp, ep->vrf, ep->neighbor);
		const struct frs_verify_seen *seen = i < o->npeers ? &o->peers[i] : NULL;
		char where[96] = "";

		if (strcmp(ep->vrf, "default") != 0)
			snprintf(where, sizeof(where), " in VRF %s", ep->vrf);
		if (!bp) {
			PROBLEM("BGP session with %s%s is not configured in FRR", ep->neighbor, where);
			continue;
		}
		if (!bp->state || strcmp(bp->state, "Established") != 0) {
			PROBLEM("BGP session with %s%s is not established (state %s)", ep->neighbor,
				where, bp->state ? bp->state : "unknown");
			continue;
		}
		if (!seen || !seen->have_adv)
			continue;
		for (size_t j = 0; j < ep->nroutes; j++) {
			const struct frs_verify_route *er = &ep->routes[j];
			const struct frs_adv_route *ar = frs_adv_routes_find(&seen->adv, er->prefix);

			if (!ar) {
				PROBLEM("%s is not advertised to %s%s", er->prefix, ep->neighbor, where);
				continue;
			}
			if (ar->have_communities) {
				for (size_t k = 0; k < er->ncommunities; k++)
					if (!has_word(ar->communities, er->communities[k]))
						PROBLEM("%s is advertised to %s%s without community %s",
							er->prefix, ep->neighbor, where,
							er->communities[k]);
				for (size_t k = 0; k < er->nlarge; k++)
					if (!has_word(ar->large_communities, er->large[k]))
						PROBLEM("%s is advertised to %s%s without large community %s",
							er->prefix, ep->neighbor, where, er->large[k]);
			} else if (er->ncommunities || er->nlarge) {
				frs_errlist_report(problems, FRS_DIAG(.sev = FRS_SEV_WARNING,
						   .code = FRS_ENOTFOUND),
						   "cannot check the communities of %s sent to %s%s: "
						   "FRR does not report them",
						   er->prefix, ep->neighbor, where);
			}
			if (er->local_pref >= 0 && ar->local_pref < 0)
				PROBLEM("%s is advertised to %s%s without local-pref %lld", er->prefix,
					ep->neighbor, where, (long long)er->local_pref);
			else if (er->local_pref >= 0 && ar->local_pref != er->local_pref)
				PROBLEM("%s is advertised to %s%s with local-pref %lld instead of %lld",
					er->prefix, ep->neighbor, where, (long long)ar->local_pref,
					(long long)er->local_pref);
		}
		for (size_t j = 0; j < seen->adv.n; j++)
			if (!is_expected(ep, seen->adv.v[j].prefix))
				PROBLEM("%s is advertised to %s%s but should not be",
					seen->adv.v[j].prefix, ep->neighbor, where);
	}
	return n;
}

/*
 * "show bgp [vrf V] ipv4 unicast neighbors X advertised-routes json". Not `detail` (FRR 9+):
 * it printed the RIB path's communities, not those the outbound route-map sets, which is what
 * MetalLB's configs use (FRRouting/frr#15496; fixed later by #17674, release not checked here).
 */
static void adv_cmd(char *out, size_t size, const struct frs_verify_peer *p, const char *afi)
{
	char vrf[80] = "";

	if (strcmp(p->vrf, "default") != 0)
		snprintf(vrf, sizeof(vrf), "vrf %s ", p->vrf);
	snprintf(out, size, "show bgp %s%s unicast neighbors %s advertised-routes json", vrf, afi,
		 p->neighbor);
}

enum frs_err frs_verify_collect(struct frs_verify_observed *out, const struct frs_verify_expect *e,
				const char *vty_dir, int timeout_ms, struct frs_errlist *errs)
{
	static const char *const afis[] = { "ipv4", "ipv6" };
	struct frs_verify_observed o;
	struct frs_vty *vty = NULL;
	struct frs_buf b = FRS_BUF_INIT;
	struct frs_rmap_cache rmaps;
	enum frs_err rc;
	int status = 0;

	memset(&o, 0, sizeof(o));
	memset(&rmaps, 0, sizeof(rmaps));
	rc = frs_vty_open(&vty, vty_dir, "bgpd", timeout_ms);
	if (rc)
		goto unreachable;
	if ((rc = frs_vty_exec(vty, "show bgp vrf all neighbors json", &b, &status)))
		goto unreachable;
	if ((rc = frs_query_parse_neighbors(&o.bgp, frs_buf_cstr(&b), NULL, errs)))
		goto done;
	o.peers = calloc(e->npeers + 1, sizeof(*o.peers));
	if (!o.peers) {
		rc = FRS_ENOMEM;
		goto done;
	}
	o.npeers = e->npeers;
	for (size_t i = 0; i < e->npeers; i++) {
		const struct frs_verify_peer *p = &e->peers[i];
		const struct frs_bgp_peer *bp = frs_bgp_peers_find(&o.bgp, p->vrf, p->neighbor);

		if (!bp || !bp->state || strcmp(bp->state, "Established") != 0)
			continue;
		for (size_t a = 0; a < 2; a++) {
			char cmd[256];

			frs_buf_clear(&b);
			adv_cmd(cmd, sizeof(cmd), p, afis[a]);
			if ((rc = frs_vty_exec(vty, cmd, &b, &status)))
				goto unreachable;
			if (!frs_vty_status_ok(status)) {
				rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EFRR),
							"bgpd: \"%s\" failed (status %d)", cmd,
							status);
				goto done;
			}
			if ((rc = frs_query_parse_adv_routes(&o.peers[i].adv, frs_buf_cstr(&b), errs)))
				goto done;
		}
		o.peers[i].have_adv = 1;
		if ((rc = frs_verify__apply_out_policy(&o.peers[i].adv, vty, &rmaps, bp, errs)))
			goto done;
	}
	*out = o;
	memset(&o, 0, sizeof(o));
	rc = FRS_OK;
	goto done;
unreachable:
	if (rc == FRS_EIO || rc == FRS_EUNREACHABLE)
		rc = FRS_EUNREACHABLE;
	frs_errlist_report(errs, FRS_DIAG(.code = rc), "bgpd is not answering on %s/bgpd.vty: %s",
			   vty_dir ? vty_dir : FRS_VTY_DEFAULT_DIR, frs_strerror(rc));
done:
	frs_verify__rmap_cache_dispose(&rmaps);
	frs_vty_close(vty);
	frs_buf_dispose(&b);
	frs_verify_observed_dispose(&o);
	return rc;
}
