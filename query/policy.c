/* SPDX-License-Identifier: MIT */
/* What an outbound route-map sets on a route, evaluated from bgpd's own JSON (for FRR 8.x). */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/buf.h>

#include "json_int.h"
#include "verify_int.h"

void frs_verify__rmap_cache_dispose(struct frs_rmap_cache *c)
{
	if (!c)
		return;
	cJSON_Delete(c->plists);
	cJSON_Delete(c->rmaps);
	memset(c, 0, sizeof(*c));
}

struct pfx {
	int af;
	unsigned char a[16];
	int len;
};

static int pfx_parse(struct pfx *p, const char *s)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : 0;

	if (!slash || n >= sizeof(addr))
		return -1;
	memcpy(addr, s, n);
	addr[n] = '\0';
	memset(p, 0, sizeof(*p));
	p->af = strchr(addr, ':') ? AF_INET6 : AF_INET;
	/* the length indexes p->a in covers(): digits only, within the family's bits */
	slash++;
	n = strspn(slash, "0123456789");
	if (n == 0 || n > 3 || slash[n])
		return -1;
	p->len = atoi(slash);
	if (p->len > (p->af == AF_INET ? 32 : 128))
		return -1;
	return inet_pton(p->af, addr, p->a) == 1 ? 0 : -1;
}

/* Does @p net (with its first @p net->len bits) cover @p r? */
static int covers(const struct pfx *net, const struct pfx *r)
{
	int full = net->len / 8, rest = net->len % 8;

	if (net->af != r->af || net->len > r->len)
		return 0;
	if (memcmp(net->a, r->a, (size_t)full) != 0)
		return 0;
	return !rest || ((net->a[full] ^ r->a[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

/* FRR's prefix-list rule: first entry that matches decides; none matches → deny. */
static int plist_permits(const cJSON *plists, const char *name, const struct pfx *r)
{
	const cJSON *pl = cJSON_GetObjectItemCaseSensitive(plists, name), *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(pl, "entries")) {
		const cJSON *pfx = cJSON_GetObjectItemCaseSensitive(e, "prefix");
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(e, "type");
		int64_t ge = frs_json__int(e, "minimumPrefixLength");
		int64_t le = frs_json__int(e, "maximumPrefixLength");
		struct pfx net;

		if (!cJSON_IsString(pfx) || pfx_parse(&net, pfx->valuestring))
			continue;
		if (!covers(&net, r))
			continue;
		if (ge < 0 && le < 0 ? r->len != net.len
				     : (r->len < (ge < 0 ? net.len : ge) ||
					r->len > (le < 0 ? (r->af == AF_INET ? 32 : 128) : le)))
			continue;
		return cJSON_IsString(type) && strcmp(type->valuestring, "permit") == 0;
	}
	return 0;
}

/* 1 match, 0 no match, -1 a clause this evaluator does not know. */
static int rule_matches(const cJSON *rule, const cJSON *plists, const struct pfx *r)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(rule, "matchClauses")) {
		const char *c = cJSON_IsString(m) ? m->valuestring : "";

		if (strncmp(c, "ip address prefix-list ", 23) == 0) {
			if (r->af != AF_INET || !plist_permits(plists, c + 23, r))
				return 0;
		} else if (strncmp(c, "ipv6 address prefix-list ", 25) == 0) {
			if (r->af != AF_INET6 || !plist_permits(plists, c + 25, r))
				return 0;
		} else {
			return -1;
		}
	}
	return 1;
}

/* Add the words of @p vals (ending in " additive" or not) to @p set. */
static enum frs_err set_words(struct frs_buf *set, const char *vals)
{
	const char *add = strstr(vals, " additive");
	size_t n = add && add[9] == '\0' ? (size_t)(add - vals) : strlen(vals);
	char *copy;

	if (!add || add[9] != '\0')
		frs_buf_clear(set); /* without additive, set replaces */
	copy = strndup(vals, n);
	if (!copy)
		return FRS_ENOMEM;
	for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (strcmp(w, "none") == 0) {
			frs_buf_clear(set);
			continue;
		}
		if (set->len)
			frs_buf_putc(set, ' ');
		frs_buf_puts(set, w);
	}
	free(copy);
	return FRS_OK;
}

enum frs_err frs_verify__eval_rmap(struct frs_adv_route *r, const cJSON *rmap, const cJSON *plists)
{
	struct frs_buf comm = FRS_BUF_INIT, large = FRS_BUF_INIT;
	const cJSON *rule;
	enum frs_err rc = FRS_OK;
	struct pfx p;
	int known = 1;

	if (pfx_parse(&p, r->prefix))
		return FRS_OK;
	cJSON_ArrayForEach(rule, cJSON_GetObjectItemCaseSensitive(rmap, "rules")) {
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(rule, "type");
		const cJSON *action = cJSON_GetObjectItemCaseSensitive(rule, "action"), *s;
		int m = rule_matches(rule, plists, &p);

		if (m < 0) {
			known = 0;
			break;
		}
		if (!m)
			continue;
		if (!cJSON_IsString(type) || strcmp(type->valuestring, "permit") != 0)
			break; /* denied: it would not be advertised at all */
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(rule, "setClauses")) {
			const char *c = cJSON_IsString(s) ? s->valuestring : "";

			if (strncmp(c, "community ", 10) == 0)
				rc = set_words(&comm, c + 10);
			else if (strncmp(c, "large-community ", 16) == 0)
				rc = set_words(&large, c + 16);
			else if (strncmp(c, "local-preference ", 17) != 0 &&
				 strncmp(c, "metric ", 7) != 0)
				known = 0;
			if (rc)
				goto done;
		}
		if (!cJSON_IsString(action) || strncmp(action->valuestring, "Continue", 8) != 0)
			break; /* "Exit routemap"; a "Goto" is not followed */
	}
	if (known) {
		free(r->communities);
		free(r->large_communities);
		r->communities = strdup(frs_buf_cstr(&comm));
		r->large_communities = strdup(frs_buf_cstr(&large));
		if (!r->communities || !r->large_communities)
			rc = FRS_ENOMEM;
		r->have_communities = !rc;
	}
done:
	frs_buf_dispose(&comm);
	frs_buf_dispose(&large);
	return rc;
}

/* bgpd 8.4 prints {"BGP": {"<name>": {...}}}; bgpd 10.x prints {"<name>": {...}} and vtysh 10.x
 * adds the daemon as "bgpd" (measured on 10.3: tests/fixtures/frr-10.3) → the maps, detached. */
static cJSON *daemon_inner(cJSON *root)
{
	cJSON *bgp = cJSON_DetachItemFromObjectCaseSensitive(root, "BGP");

	if (!bgp)
		bgp = cJSON_DetachItemFromObjectCaseSensitive(root, "bgpd");
	if (!bgp)
		return root; /* the maps themselves */

	cJSON_Delete(root);
	return bgp;
}

static enum frs_err exec_json(cJSON **out, struct frs_vty *vty, const char *cmd,
			      struct frs_errlist *errs)
{
	struct frs_buf b = FRS_BUF_INIT;
	enum frs_err rc;
	int status = 0;
	cJSON *root = NULL;

	*out = NULL;
	rc = frs_vty_exec(vty, cmd, &b, &status);
	if (!rc && frs_vty_status_ok(status) && b.len) {
		rc = frs_json__parse(&root, b.ptr, cmd, errs);
		if (!rc)
			*out = daemon_inner(root);
	}
	frs_buf_dispose(&b);
	return rc == FRS_EIO ? FRS_EUNREACHABLE : rc;
}

enum frs_err frs_verify__apply_out_policy(struct frs_adv_routes *adv, struct frs_vty *vty,
					  struct frs_rmap_cache *cache, const struct frs_bgp_peer *peer,
					  struct frs_errlist *errs)
{
	enum frs_err rc;

	if (!cache->loaded) {
		cJSON *v6 = NULL, *c;

		cache->loaded = 1;
		if ((rc = exec_json(&cache->plists, vty, "show ip prefix-list json", errs)))
			return rc;
		if ((rc = exec_json(&v6, vty, "show ipv6 prefix-list json", errs)))
			return rc;
		if (!cache->plists)
			cache->plists = cJSON_CreateObject();
		while (v6 && (c = v6->child)) {
			cJSON_DetachItemViaPointer(v6, c);
			cJSON_AddItemToObject(cache->plists, c->string, c);
		}
		cJSON_Delete(v6);
		if ((rc = exec_json(&cache->rmaps, vty, "show route-map json", errs)))
			return rc;
	}
	for (size_t i = 0; i < adv->n; i++) {
		struct frs_adv_route *r = &adv->v[i];
		const char *afi = strchr(r->prefix, ':') ? "ipv6Unicast" : "ipv4Unicast";
		const char *name = NULL;
		const cJSON *rmap;

		if (r->have_communities)
			continue;
		for (size_t a = 0; a < peer->n_af; a++)
			if (strcmp(peer->af[a].name, afi) == 0)
				name = peer->af[a].rmap_out;
		if (!name) { /* no outbound policy: nothing is added */
			free(r->communities);
			free(r->large_communities);
			r->communities = strdup("");
			r->large_communities = strdup("");
			if (!r->communities || !r->large_communities)
				return FRS_ENOMEM;
			r->have_communities = 1;
			continue;
		}
		rmap = cJSON_GetObjectItemCaseSensitive(cache->rmaps, name);
		if (rmap && (rc = frs_verify__eval_rmap(r, rmap, cache->plists)))
			return rc;
	}
	return FRS_OK;
}

/*
 * Whether @p rmap sends @p prefix, as bgpd's route-map walk decides: the first entry that
 * matches decides, `on-match next` (Continue) goes on with the permit standing; no entry
 * matching is a deny. 1 permit, 0 deny (the reason in @p why), -1 a clause we do not know.
 */
static int rmap_verdict(struct frs_buf *why, const char *name, const cJSON *rmap,
			const cJSON *plists, const struct pfx *p)
{
	const cJSON *rule, *m;
	int permitted = 0;
	struct frs_buf lists = FRS_BUF_INIT;

	cJSON_ArrayForEach(rule, cJSON_GetObjectItemCaseSensitive(rmap, "rules")) {
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(rule, "type");
		const cJSON *action = cJSON_GetObjectItemCaseSensitive(rule, "action");
		int deny = !cJSON_IsString(type) || strcmp(type->valuestring, "permit") != 0;
		int cont = cJSON_IsString(action) && strncmp(action->valuestring, "Continue", 8) == 0;
		int r = rule_matches(rule, plists, p);

		if (r < 0) {
			frs_buf_dispose(&lists);
			return -1;
		}
		if (!r) {
			/* the prefix-lists of the entries that would have let it out */
			cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(rule, "matchClauses"))
				if (!deny && !cont && cJSON_IsString(m) &&
				    !strncmp(m->valuestring, p->af == AF_INET ? "ip address prefix-list "
						: "ipv6 address prefix-list ", p->af == AF_INET ? 23 : 25))
					frs_buf_addf(&lists, "%s%s", lists.len ? ", " : "",
						     strstr(m->valuestring, "prefix-list ") + 12);
			continue;
		}
		if (deny) {
			frs_buf_addf(why, "denied by the outbound route-map %s (entry deny %lld)",
				     name, (long long)frs_json__int(rule, "sequenceNumber"));
			frs_buf_dispose(&lists);
			return 0;
		}
		permitted = 1;
		if (!cont)
			break;
	}
	if (!permitted) {
		frs_buf_addf(why, "denied by the outbound route-map %s: no entry matches it", name);
		if (lists.len)
			frs_buf_addf(why, " (prefix-list %s does not permit it)", frs_buf_cstr(&lists));
	}
	frs_buf_dispose(&lists);
	return permitted;
}

enum frs_err frs_verify_why_not_sent(struct frs_buf *why, const char *vty_dir,
				     const struct frs_bgp_peer *peer, const char *prefix,
				     int timeout_ms, struct frs_errlist *errs)
{
	int v6 = strchr(prefix, ':') != NULL;
	const char *afi = v6 ? "ipv6Unicast" : "ipv4Unicast", *name = NULL;
	struct frs_rmap_cache cache;
	struct frs_vty *vty = NULL;
	struct frs_buf b = FRS_BUF_INIT, cmd = FRS_BUF_INIT;
	struct frs_adv_route r;
	struct frs_adv_routes one;
	struct pfx p;
	enum frs_err rc;
	int status = 0;

	memset(&cache, 0, sizeof(cache));
	memset(&r, 0, sizeof(r));
	memset(&one, 0, sizeof(one));
	if (pfx_parse(&p, prefix))
		return FRS_EARG;
	if ((rc = frs_vty_open(&vty, vty_dir, "bgpd", timeout_ms)))
		return rc;
	frs_buf_addf(&cmd, "show bgp vrf %s %s unicast %s json", peer->vrf ? peer->vrf : "default",
		     v6 ? "ipv6" : "ipv4", prefix);
	if ((rc = frs_vty_exec(vty, frs_buf_cstr(&cmd), &b, &status)))
		goto done;
	rc = frs_query_parse_prefix(&r, frs_buf_cstr(&b), errs);
	if (rc == FRS_ENOTFOUND) {
		rc = frs_buf_puts(why, "it is not in this node's BGP table");
		goto done;
	}
	if (rc)
		goto done;
	for (size_t a = 0; a < peer->n_af; a++)
		if (strcmp(peer->af[a].name, afi) == 0)
			name = peer->af[a].rmap_out;
	if (!name)
		goto done; /* nothing denies it here: an update not sent yet */
	/* the cache loader wants a route list; an empty one loads the route-maps alone */
	if ((rc = frs_verify__apply_out_policy(&one, vty, &cache, peer, errs)))
		goto done;
	if (!cJSON_GetObjectItemCaseSensitive(cache.rmaps, name)) {
		rc = frs_buf_addf(why, "the outbound route-map %s is not defined, which denies "
				  "everything", name);
		goto done;
	}
	if (rmap_verdict(why, name, cJSON_GetObjectItemCaseSensitive(cache.rmaps, name),
			 cache.plists, &p) < 0)
		rc = frs_buf_addf(why, "the outbound route-map %s uses clauses frrshim cannot "
				  "evaluate", name);
done:
	frs_adv_route_dispose(&r);
	frs_adv_routes_dispose(&one);
	frs_verify__rmap_cache_dispose(&cache);
	frs_vty_close(vty);
	frs_buf_dispose(&b);
	frs_buf_dispose(&cmd);
	return rc == FRS_EIO ? FRS_EUNREACHABLE : rc;
}
