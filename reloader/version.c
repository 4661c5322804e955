/* SPDX-License-Identifier: MIT */
/* FRR versions: parsing, asking a daemon, and what a version hides that 8.4 prints. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <frrshim/vty.h>

#include "reload_int.h"

/* "8.4", "10.3", "10.3.1", "9.1-dev", or `show version`'s "FRRouting 10.3 (host) on Linux...". */
enum frs_err frs_frr_version_parse(unsigned *out, const char *s)
{
	unsigned long major, minor;
	char *end;

	if (!s)
		return FRS_EARG;
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
	const char *s;
	int status = 0;
	enum frs_err rc = frs_vty_exec(vty, "show version", &b, &status);

	if (!rc && !frs_vty_status_ok(status))
		rc = FRS_EFRR;
	if (!rc) {
		s = frs_buf_cstr(&b);
		while (*s == '\n' || *s == '\r' || *s == ' ')
			s++;
		rc = frs_frr_version_parse(out, s);
	}
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

static int hidden_line(unsigned ver, int traditional, const struct fctx *x, const char *l)
{
	return ver >= 900 && traditional && x->nkeys == 1 && strncmp(x->keys[0], "vrf ", 4) == 0 &&
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

void frs_rl__conf_keep_empty(struct frs_conf *c, unsigned ver)
{
	ver = frs_rl__version_or_default(ver);
	for (size_t i = 0; i < c->n; i++)
		if (kept_empty(ver, c->v[i]))
			c->v[i]->dead = 0;
}

enum frs_err frs_conf_for_frr(struct frs_conf **out, const struct frs_conf *c, unsigned ver)
{
	struct frs_conf *n = NULL;
	int traditional = 1, any = 0;
	enum frs_err rc;

	*out = NULL;
	ver = frs_rl__version_or_default(ver);
	if (ver < 900)
		return FRS_OK;
	/* FRR's own default profile is traditional (Debian's and the images' builds); a config
	 * that says datacenter keeps the nht lines, which then are not defaults */
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i]->nkeys == 1 && strcmp(c->v[i]->keys[0], "frr defaults datacenter") == 0)
			traditional = 0;
	for (size_t i = 0; i < c->n && !any; i++) {
		const struct fctx *x = c->v[i];
		if ((any = kept_empty(ver, x)) || x->dead)
			continue;
		any = hidden_context(ver, traditional, x);
		for (size_t k = 0; k < x->lines->n && !any; k++)
			any = hidden_line(ver, traditional, x, x->lines->v[k]);
	}
	if (!any)
		return FRS_OK;
	if ((rc = frs_rl__conf_new(&n, c->name)))
		return rc;
	n->frr_ver = ver;
	for (size_t i = 0; i < c->n; i++) {
		const struct fctx *x = c->v[i];
		struct fctx *y = NULL;

		if ((x->dead && !kept_empty(ver, x)) || hidden_context(ver, traditional, x))
			continue;
		if ((rc = frs_rl__conf_ctx(&y, n, x->keys, x->nkeys)))
			goto fail;
		for (size_t k = 0; k < x->lines->n; k++) {
			char *l;
			if (hidden_line(ver, traditional, x, x->lines->v[k]))
				continue;
			l = frs_arena_strdup(&n->arena, x->lines->v[k]);
			if (!l) {
				rc = FRS_ENOMEM;
				goto fail;
			}
			if ((rc = frs_rl__ctx_add(n, y, l, x->lines->h[k])))
				goto fail;
		}
	}
	*out = n;
	return FRS_OK;
fail:
	frs_conf_free(n);
	return rc;
}

enum frs_err frs_reload_version(unsigned *out, const struct frs_reload_opts *o)
{
	static const char *const names[] = { "mgmtd", "zebra", "bgpd", "bfdd", "staticd", NULL };
	const char *dir = o && o->vty_dir ? o->vty_dir : FRS_VTY_DEFAULT_DIR;
	int timeout = o && o->timeout_ms > 0 ? o->timeout_ms : FRS_RELOAD_DEFAULT_TIMEOUT_MS;
	enum frs_err rc = FRS_EUNREACHABLE;

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
