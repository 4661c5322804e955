/* SPDX-License-Identifier: MIT */
/* Which daemon takes which command, as that FRR version's vtysh routes it. */
#include "config.h"

#include <string.h>

#include "reload_int.h"

static int starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int is(const char *d, const char *name)
{
	return strcmp(d, name) == 0;
}

static int is_static_route(const char *l)
{
	if (starts(l, "no "))
		l += 3;
	return starts(l, "ip route ") || starts(l, "ipv6 route ");
}

/* lib's route-map commands: every daemon with route-maps has them (on 10.x bgpd and mgmtd,
 * which holds zebra's); the others are bgpd's own, or zebra's own (`set src`: mgmtd only). */
static int rmap_lib(const char *l)
{
	static const char *const lib[] = {
		"match interface ", "match ip address ", "match ipv6 address ",
		"match ip next-hop ", "match ipv6 next-hop ", "match metric ", "match tag ",
		"set ip next-hop ", "set ipv6 next-hop local ", "set metric ", "set tag ",
		"description ", "on-match ", "continue", "call ", NULL
	};

	if (starts(l, "no "))
		l += 3;
	for (const char *const *p = lib; *p; p++)
		if (starts(l, *p))
			return 1;
	return 0;
}

static int rmap_zebra(const char *l)
{
	if (starts(l, "no "))
		l += 3;
	return starts(l, "match source-protocol ") || starts(l, "match source-instance ") ||
	       starts(l, "set src ");
}

/* FRR 8.x (the reference: Debian bookworm's 8.4.4). */
static int routes_84(const char *d, const struct dcmd *c)
{
	const char *k = c->keys[0];
	const char *l = c->line ? c->line : "";

	if (starts(k, "no "))
		k += 3;
	if (starts(k, "router bgp ") || starts(k, "bgp ") || starts(k, "ip as-path "))
		return strcmp(d, "bgpd") == 0;
	if (strcmp(k, "bfd") == 0)
		return strcmp(d, "bfdd") == 0;
	if (starts(k, "route-map ") && c->line) {
		/* lib's route-map commands (and zebra's own) live in zebra too, the rest in bgpd */
		if (strcmp(d, "bgpd") == 0)
			return 1;
		return strcmp(d, "zebra") == 0 && (rmap_lib(l) || rmap_zebra(l));
	}
	if (starts(k, "ip prefix-list ") || starts(k, "ipv6 prefix-list ") ||
	    starts(k, "route-map ") || starts(k, "access-list ") || starts(k, "ipv6 access-list ") ||
	    starts(k, "ip access-list "))
		return strcmp(d, "zebra") == 0 || strcmp(d, "bgpd") == 0;
	if (starts(k, "ip route ") || starts(k, "ipv6 route "))
		return strcmp(d, "staticd") == 0;
	if (starts(k, "vrf ")) {
		if (starts(l, "ip route ") || starts(l, "ipv6 route ") || starts(l, "no ip route ") ||
		    starts(l, "no ipv6 route "))
			return strcmp(d, "staticd") == 0;
		return strcmp(d, "zebra") == 0;
	}
	if (starts(k, "debug bgp"))
		return strcmp(d, "bgpd") == 0;
	if (starts(k, "debug bfd"))
		return strcmp(d, "bfdd") == 0;
	if (starts(k, "debug zebra"))
		return strcmp(d, "zebra") == 0;
	if (starts(k, "debug static"))
		return strcmp(d, "staticd") == 0;
	if (starts(k, "hostname ") || starts(k, "log ") || starts(k, "service ") ||
	    starts(k, "password ") || starts(k, "enable password ") || starts(k, "line vty") ||
	    starts(k, "debug ") || starts(k, "agentx") || starts(k, "domainname "))
		return 1;
	return strcmp(d, "zebra") == 0;
}


/*
 * FRR 10.x: zebra and staticd are mgmtd's back ends, so their configuration (and lib's
 * prefix-lists, access-lists and route-maps, which zebra used to take) goes to mgmtd; vtysh's
 * VTYSH_ACL_CONFIG (bfdd, bgpd, mgmtd), VTYSH_RMAP_CONFIG (bgpd, mgmtd), VTYSH_VRF and
 * VTYSH_INTERFACE (mgmtd, bgpd). Measured on 10.3 and 10.7 command by command over each
 * daemon's socket (doc/frr-10.3-canonical.md): zebra answers `% [ZEBRA] Unknown command` to all
 * of these, and still takes `segment-routing`, `debug zebra ...`; `ip forwarding` too on 10.3,
 * while 10.7 has moved it to mgmtd (10.4 to 10.6 not measured: routed as 10.3).
 */
static int routes_10(unsigned ver, const char *d, const struct dcmd *c)
{
	const char *k = c->keys[0];
	const char *l = c->line ? c->line : "";

	if (starts(k, "no "))
		k += 3;
	if (starts(k, "router bgp ") || starts(k, "bgp ") || starts(k, "ip as-path "))
		return is(d, "bgpd");
	if (strcmp(k, "bfd") == 0)
		return is(d, "bfdd");
	if (starts(k, "route-map ") && c->line) {
		if (rmap_lib(l))
			return is(d, "bgpd") || is(d, "mgmtd");
		if (rmap_zebra(l))
			return is(d, "mgmtd");
		return is(d, "bgpd");
	}
	if (starts(k, "route-map "))
		return is(d, "bgpd") || is(d, "mgmtd");
	if (starts(k, "ip prefix-list ") || starts(k, "ipv6 prefix-list ") ||
	    starts(k, "access-list ") || starts(k, "ipv6 access-list ") ||
	    starts(k, "ip access-list "))
		return is(d, "bgpd") || is(d, "mgmtd") || is(d, "bfdd");
	if (is_static_route(k) || starts(k, "ip nht ") || starts(k, "ipv6 nht ") ||
	    starts(k, "ip protocol ") || starts(k, "ipv6 protocol ") || starts(k, "ip router-id ") ||
	    starts(k, "ipv6 router-id ") || starts(k, "zebra route-map ") ||
	    starts(k, "affinity-map ") || starts(k, "key chain "))
		return is(d, "mgmtd");
	if (starts(k, "vrf ") || starts(k, "interface ")) {
		if (!c->line)
			return is(d, "mgmtd") || is(d, "bgpd");
		return is(d, "mgmtd");
	}
	if (strcmp(k, "ip forwarding") == 0 || strcmp(k, "ipv6 forwarding") == 0)
		return is(d, ver >= 1007 ? "mgmtd" : "zebra");
	if (starts(k, "debug bgp"))
		return is(d, "bgpd");
	if (starts(k, "debug bfd"))
		return is(d, "bfdd");
	if (starts(k, "debug zebra"))
		return is(d, "zebra");
	if (starts(k, "debug static"))
		return is(d, "staticd");
	if (starts(k, "debug mgmt"))
		return is(d, "mgmtd");
	if (starts(k, "hostname ") || starts(k, "log ") || starts(k, "service ") ||
	    starts(k, "password ") || starts(k, "enable password ") || starts(k, "line vty") ||
	    starts(k, "debug ") || starts(k, "domainname "))
		return 1;
	if (starts(k, "agentx"))
		return is(d, "zebra") || is(d, "bgpd");
	return is(d, "zebra");
}

int frs_rl__routes_to(unsigned ver, const char *d, const struct dcmd *c)
{
	ver = frs_rl__version_or_default(ver);
	if (ver >= 1000)
		return routes_10(ver, d, c);
	/* 9.x: staticd is mgmtd's only back end; the rest is routed as in 8.4 */
	if (ver >= 900 && (is_static_route(c->keys[0]) ||
			   (starts(c->keys[0], "vrf ") && c->line && is_static_route(c->line))))
		return is(d, "mgmtd");
	return routes_84(d, c);
}

int frs_rl__deletes_to(unsigned ver, const char *d, const struct dcmd *c, int present)
{
	if (frs_rl__version_or_default(ver) < 900)
		return present;
	return present && frs_rl__routes_to(ver, d, c);
}

const char *frs_rl__config_enter(unsigned ver, const char *d)
{
	/* without the lock mgmtd answers every change with "% Configuration failed. Candidate DS
	 * is not locked" */
	if (frs_rl__version_or_default(ver) >= 900 && is(d, "mgmtd"))
		return "configure terminal file-lock";
	return "configure terminal";
}

size_t frs_rl__window(unsigned ver, const char *d, size_t dflt)
{
	return frs_rl__version_or_default(ver) >= 900 && is(d, "mgmtd") ? 1 : dflt;
}
