/* SPDX-License-Identifier: MIT */
/* FRR versions: parsing, asking a daemon, and how a version prints a config back. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <frrshim/query.h>
#include <frrshim/vty.h>

#include "reload_int.h"

/* "8.4", "10.3", "10.3.1", "9.1-dev", or `show version`'s "FRRouting 10.3 (host) on Linux...". */
enum frs_err frs_frr_version_parse(unsigned *out, const char *s)
{
	unsigned long major, minor;
	char *end;

	if (!s)
		return FRS_EARG;
	/* show version's output starts with a blank line */
	while (*s == '\n' || *s == '\r' || *s == ' ')
		s++;
	if (strncmp(s, "FRRouting ", 10) == 0)
		s += 10;
	if (*s < '0' || *s > '9')
		return FRS_EINVALID;
	major = strtoul(s, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return FRS_EINVALID;
	minor = strtoul(end + 1, &end, 10);
	/* a patch level, a -dev suffix or show version's " (host)" may follow; nothing else */
	if (*end && *end != '.' && *end != '-' && *end != ' ' && *end != '\n' && *end != '\r')
		return FRS_EINVALID;
	if (major < 2 || major > 99 || minor > 99)
		return FRS_EINVALID;
	*out = (unsigned)(major * 100 + minor);
	return FRS_OK;
}

enum frs_err frs_rl__version_detect(unsigned *out, struct frs_vty *vty)
{
	struct frs_buf b = FRS_BUF_INIT;
	int status = 0;
	enum frs_err rc = frs_vty_exec(vty, "show version", &b, &status);

	if (!rc && !frs_vty_status_ok(status))
		rc = FRS_EFRR;
	if (!rc)
		rc = frs_frr_version_parse(out, frs_buf_cstr(&b));
	frs_buf_dispose(&b);
	return rc;
}

unsigned frs_rl__version_or_default(unsigned v)
{
	return v ? v : FRS_FRR_VERSION_DEFAULT;
}

/* A top-level or VRF-level `ip nht resolve-via-default` (either family). */
static int is_nht_default(const char *l)
{
	return strcmp(l, "ip nht resolve-via-default") == 0 ||
	       strcmp(l, "ipv6 nht resolve-via-default") == 0;
}

/*
 * What FRR @p ver does not print back although 8.4 does: zebra's `ip/ipv6 nht
 * resolve-via-default` is on by default from 9.0 in the traditional profile (zebra's
 * FRR_CFG_DEFAULT_BOOL ZEBRA_IP_NHT_RESOLVE_VIA_DEFAULT), so only `no ... resolve-via-default`
 * is shown (measured on 10.3 and 10.7; doc/frr-10.3-canonical.md).
 */
static int hidden_context(unsigned ver, int traditional, const struct fctx *x)
{
	return ver >= 900 && traditional && x->nkeys == 1 && !x->lines->n &&
	       is_nht_default(x->keys[0]);
}

/*
 * `[no] use-underlays-nexthop-weight` of a `router bgp` on FRR 10.6 and 10.7 (FRR#20257, first
 * in 10.6.0): its config writer and its `no` form take the enum value 3 for a flag of
 * bgp->flags, whose bits 0 and 1 are always-compare-med and deterministic-med (FRR#22552). So
 * the line is printed in every instance with either of them on, given or not (the datacenter
 * profile's deterministic-med: every instance; measured on 10.7.1, also under `bgp
 * always-compare-med` or `bgp deterministic-med` in the traditional profile), a given one is
 * not printed where both are off, and `no use-underlays-nexthop-weight` turns both MED flags
 * off (10.7.1: datacenter then prints `no bgp deterministic-med`). The line tells nothing the
 * MED lines do not, and what the command sets cannot be read back: on these versions it is
 * left out of the running config as read and of the target, so a reload neither compares nor
 * sends it (a config's own line takes effect when FRR reads the file at start). 10.8, with the
 * fix, prints what was given: a line like any other.
 */
static int underlays_weight(unsigned ver, const struct fctx *x, const char *l)
{
	return ver >= 1006 && ver <= 1007 && x->nkeys == 1 &&
	       strncmp(x->keys[0], "router bgp ", 11) == 0 &&
	       (strcmp(l, "use-underlays-nexthop-weight") == 0 ||
		strcmp(l, "no use-underlays-nexthop-weight") == 0);
}

/*
 * A `router bgp` line that states its profile's default, which bgpd does not print (its
 * FRR_CFG_DEFAULT_BOOL/ULONG values; measured on 8.4.4, 10.3 and 10.7, in a vrf's instance
 * too): in the traditional profile `bgp ebgp-requires-policy`; in the datacenter profile `no
 * bgp ebgp-requires-policy`, `bgp log-neighbor-changes`, `bgp deterministic-med`, `bgp default
 * show-hostname`, `bgp default show-nexthop-hostname` and `timers bgp 3 9` (traditional prints
 * the four `bgp` lines; its `timers bgp 60 180` the normaliser drops, in either profile).
 */
static int profile_default(int traditional, const char *l)
{
	static const char *const datacenter[] = {
		"no bgp ebgp-requires-policy", "bgp log-neighbor-changes", "bgp deterministic-med",
		"bgp default show-hostname", "bgp default show-nexthop-hostname", "timers bgp 3 9",
		NULL
	};

	if (traditional)
		return strcmp(l, "bgp ebgp-requires-policy") == 0;
	for (const char *const *d = datacenter; *d; d++)
		if (strcmp(l, *d) == 0)
			return 1;
	return 0;
}

int frs_rl__iface_update_source(const struct fctx *x, const char *l)
{
	const char *name = l + 9, *w;
	char addr[64];
	size_t len;

	if (x->nkeys != 1 || strncmp(x->keys[0], "router bgp ", 11) != 0 ||
	    strncmp(l, "neighbor ", 9) != 0 || !(w = strchr(name, ' ')) ||
	    strncmp(w, " update-source ", 15) != 0)
		return 0;
	len = (size_t)(w - name);
	/* `neighbor 2001:db8::1 interface eth0` names an address's interface instead: an address
	 * (as bgpd tells one, inet_pton) is never an interface neighbor */
	if (len < sizeof(addr)) {
		memcpy(addr, name, len);
		addr[len] = '\0';
		if (frs_query_is_addr(addr))
			return 0;
	}
	/* word-named neighbors are few (interfaces, peer-groups): a scan each is cheap */
	for (size_t k = 0; k < x->lines->n; k++) {
		const char *o = x->lines->v[k];
		if (strncmp(o, "neighbor ", 9) == 0 && strncmp(o + 9, name, len) == 0 &&
		    strncmp(o + 9 + len, " interface", 10) == 0 &&
		    (o[9 + len + 10] == '\0' || o[9 + len + 10] == ' '))
			return 1;
	}
	return 0;
}

/*
 * The same in a context: a vrf's nht lines; a profile's bgp defaults (above); `bgp
 * reject-as-sets`, every instance's default from 10.5 (FRR#19024; measured on 10.7, in both
 * profiles: only `no bgp reject-as-sets` shows); 10.6 and 10.7's use-underlays-nexthop-weight
 * (above); an interface neighbor's update-source, which no version keeps
 * (frs_rl__iface_update_source()).
 */
static int hidden_line(unsigned ver, int traditional, const struct fctx *x, const char *l)
{
	if (x->nkeys != 1)
		return 0;
	if (strncmp(x->keys[0], "router bgp ", 11) == 0)
		return underlays_weight(ver, x, l) || profile_default(traditional, l) ||
		       (ver >= 1005 && strcmp(l, "bgp reject-as-sets") == 0) ||
		       frs_rl__iface_update_source(x, l);
	return ver >= 900 && traditional && strncmp(x->keys[0], "vrf ", 4) == 0 &&
	       is_nht_default(l);
}

/*
 * FRR 10.x prints a `vrf X` block it knows even when nothing is configured in it, where 8.4
 * prints nothing (the parser drops such a block on both sides): on 10.x it is kept (measured on
 * 10.3 and 10.7).
 */
static int kept_empty(unsigned ver, const struct fctx *x)
{
	return ver >= 1000 && x->dead && x->nkeys == 1 && strncmp(x->keys[0], "vrf ", 4) == 0;
}

enum frs_err frs_rl__conf_as_read(struct frs_conf *c, unsigned ver)
{
	ver = frs_rl__version_or_default(ver);
	for (size_t i = 0; i < c->n; i++) {
		struct fctx *x = c->v[i];
		if (kept_empty(ver, x))
			x->dead = 0;
		for (size_t k = x->lines->n; k-- > 0;)
			if (underlays_weight(ver, x, x->lines->v[k]) &&
			    frs_strset_remove(x->lines, k) != FRS_OK)
				return FRS_ENOMEM;
	}
	return FRS_OK;
}

int frs_rl__conf_has_vrf(const struct frs_conf *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (!c->v[i]->dead && c->v[i]->nkeys == 1 && strncmp(c->v[i]->keys[0], "vrf ", 4) == 0)
			return 1;
	return 0;
}

/* zebra's `show vrf`: "vrf NAME inactive (configured)", "vrf NAME id 5 table 10 (configured)". */
void frs_rl__conf_mark_inactive(struct frs_conf *c, const char *text)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		size_t len = strcspn(p, "\r\n"), name;
		char id[128];
		struct fctx *x;

		if (strncmp(p, "vrf ", 4) != 0 || len >= sizeof(id))
			continue;
		name = strcspn(p + 4, " \r\n");
		if (strncmp(p + 4 + name, " inactive (configured)", 22) != 0 ||
		    4 + name + 22 != len)
			continue;
		memcpy(id, p, 4 + name);
		id[4 + name] = '\0';
		if ((x = frs_rl__conf_find(c, id)))
			x->inactive = 1;
	}
}

/*
 * `debug zebra dplane [dpdk] [detailed]`: 1 plain, 2 detailed, 0 another line. zebra 8.4 keeps
 * the dplane and the dpdk provider's debugging in one set of flags and shows both lines at the
 * higher level whichever was given (measured on 8.4.4; FRR#12516 separated them for 8.5); 10.x
 * shows what was given.
 */
static int dplane_level(const char *k)
{
	if (strncmp(k, "debug zebra dplane", 18) != 0)
		return 0;
	k += 18;
	if (strncmp(k, " dpdk", 5) == 0)
		k += 5;
	return !*k ? 1 : strcmp(k, " detailed") == 0 ? 2 : 0;
}

static int mirrors_dplane(unsigned ver)
{
	return ver < 805;
}

/* " as-set" of an `aggregate-address` line, or NULL. */
static const char *as_set(const char *l)
{
	const char *at;

	if (strncmp(l, "aggregate-address ", 18) != 0 || !(at = strstr(l, " as-set")) ||
	    (at[7] != ' ' && at[7] != '\0'))
		return NULL;
	return at;
}

/*
 * An address family of an instance with `bgp reject-as-sets`, where bgpd drops the `as-set` of
 * an aggregate-address entered after it (8.4.4 and 10.3 measured). 10.7 keeps it in the config
 * and ignores it ("Ignoring as-set because `bgp reject-as-sets` is enabled"); taken to come
 * with 10.5's reject-by-default (FRR#19024, #18983; 10.4 to 10.6 not measured).
 */
static int drops_as_set(unsigned ver, const struct frs_conf *c, const struct fctx *x)
{
	const struct fctx *inst;

	return ver < 1005 && x->nkeys == 2 && x->lines->n &&
	       strncmp(x->keys[0], "router bgp ", 11) == 0 &&
	       strncmp(x->keys[1], "address-family ", 15) == 0 &&
	       (inst = frs_rl__conf_find(c, x->keys[0])) &&
	       frs_strset_has(inst->lines, "bgp reject-as-sets");
}

/* What @p x of @p c becomes on FRR @p ver: something to change (1) or not (0). */
static int changes(unsigned ver, int traditional, const struct frs_conf *c, const struct fctx *x)
{
	if (kept_empty(ver, x))
		return 1;
	if (x->dead)
		return 0;
	if (hidden_context(ver, traditional, x) ||
	    (mirrors_dplane(ver) && x->nkeys == 1 && dplane_level(x->keys[0])))
		return 1;
	for (size_t k = 0; k < x->lines->n; k++)
		if (hidden_line(ver, traditional, x, x->lines->v[k]))
			return 1;
	if (drops_as_set(ver, c, x))
		for (size_t k = 0; k < x->lines->n; k++)
			if (as_set(x->lines->v[k]))
				return 1;
	return 0;
}

/* Line @p l of @p x into @p y of @p n, as FRR @p ver shows it. */
static enum frs_err copy_line(struct frs_conf *n, struct fctx *y, const char *l, uint32_t h,
			      int drop_as_set)
{
	const char *at = drop_as_set ? as_set(l) : NULL;
	size_t len = strlen(l);
	char *nl;

	if (!at) {
		if (!(nl = frs_arena_strdup(&n->arena, l)))
			return FRS_ENOMEM;
		return frs_rl__ctx_add(n, y, nl, h);
	}
	if (!(nl = frs_arena_bytes(&n->arena, len - 7 + 1)))
		return FRS_ENOMEM;
	memcpy(nl, l, (size_t)(at - l));
	memcpy(nl + (at - l), at + 7, strlen(at + 7) + 1);
	return frs_rl__ctx_add(n, y, nl, frs_hash(nl));
}

/* 8.4's two dplane debugging lines at @p level, once, where the first one stood. */
static enum frs_err add_dplane(struct frs_conf *n, int level)
{
	static const char *const lines[2][2] = {
		{ "debug zebra dplane", "debug zebra dplane dpdk" },
		{ "debug zebra dplane detailed", "debug zebra dplane dpdk detailed" },
	};
	enum frs_err rc = FRS_OK;

	for (int i = 0; i < 2 && !rc; i++) {
		char *k = (char *)lines[level - 1][i];
		struct fctx *y = NULL;
		rc = frs_rl__conf_ctx(&y, n, &k, 1);
	}
	return rc;
}

/* The profile @p c names (`frr defaults ...`): 1 traditional, 0 datacenter, @p dflt neither. */
static int traditional_in(const struct frs_conf *c, int dflt)
{
	for (size_t i = 0; c && i < c->n; i++) {
		const struct fctx *x = c->v[i];
		if (x->nkeys == 1 && strcmp(x->keys[0], "frr defaults datacenter") == 0)
			return 0;
		if (x->nkeys == 1 && strcmp(x->keys[0], "frr defaults traditional") == 0)
			return 1;
	}
	return dflt;
}

enum frs_err frs_conf_for_frr(struct frs_conf **out, const struct frs_conf *c, unsigned ver)
{
	return frs_rl__conf_for_frr(out, c, ver, NULL);
}

enum frs_err frs_rl__conf_for_frr(struct frs_conf **out, const struct frs_conf *c, unsigned ver,
				  const struct frs_conf *running)
{
	struct frs_conf *n = NULL;
	int any = 0, dplane = 0;
	/* the profile the config names; else the running FRR's (it prints `frr defaults
	 * datacenter` when started with -F datacenter); else FRR's own default, traditional
	 * (Debian's and the images' builds). What is a default differs between the two. */
	int traditional = traditional_in(c, traditional_in(running, 1));
	enum frs_err rc;

	*out = NULL;
	ver = frs_rl__version_or_default(ver);
	for (size_t i = 0; i < c->n; i++) {
		const struct fctx *x = c->v[i];
		if (!x->dead && x->nkeys == 1 && dplane_level(x->keys[0]) > dplane)
			dplane = dplane_level(x->keys[0]);
	}
	for (size_t i = 0; i < c->n && !any; i++)
		any = changes(ver, traditional, c, c->v[i]);
	if (!any)
		return FRS_OK;
	if ((rc = frs_rl__conf_new(&n, c->name)))
		return rc;
	n->frr_ver = ver;
	for (size_t i = 0; i < c->n; i++) {
		const struct fctx *x = c->v[i];
		struct fctx *y = NULL;
		int drop = drops_as_set(ver, c, x);

		if ((x->dead && !kept_empty(ver, x)) || hidden_context(ver, traditional, x))
			continue;
		if (mirrors_dplane(ver) && x->nkeys == 1 && dplane_level(x->keys[0])) {
			if (dplane && (rc = add_dplane(n, dplane)))
				goto fail;
			dplane = 0;
			continue;
		}
		if ((rc = frs_rl__conf_ctx(&y, n, x->keys, x->nkeys)))
			goto fail;
		for (size_t k = 0; k < x->lines->n; k++) {
			if (hidden_line(ver, traditional, x, x->lines->v[k]))
				continue;
			if ((rc = copy_line(n, y, x->lines->v[k], x->lines->h[k], drop)))
				goto fail;
		}
	}
	*out = n;
	return FRS_OK;
fail:
	frs_conf_free(n);
	return rc;
}

enum frs_err frs_conf_set_frr_version(struct frs_conf *c, unsigned ver)
{
	c->frr_ver = ver;
	return frs_rl__conf_as_read(c, ver);
}

enum frs_err frs_reload_version(unsigned *out, const struct frs_reload_opts *o)
{
	static const char *const names[] = { "mgmtd", "zebra", "bgpd", "bfdd", "staticd", NULL };
	const char *dir = o && o->vty_dir ? o->vty_dir : FRS_VTY_DEFAULT_DIR;
	int timeout = o && o->timeout_ms > 0 ? o->timeout_ms : FRS_RELOAD_DEFAULT_TIMEOUT_MS;
	enum frs_err rc = FRS_EUNREACHABLE;

	if (o && o->vtysh_path)
		return frs_rl__vtysh_version(o, out);
	for (const char *const *d = o && o->daemons ? o->daemons : names; *d; d++) {
		struct frs_vty *v = NULL;
		if (frs_vty_open(&v, dir, *d, timeout) != FRS_OK)
			continue;
		rc = frs_rl__version_detect(out, v);
		frs_vty_close(v);
		if (rc == FRS_OK)
			break;
	}
	return rc;
}
