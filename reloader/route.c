/* SPDX-License-Identifier: MIT */
/* Which daemon takes which command, as vtysh routes it. */
#include "config.h"

#include <string.h>

#include "reload_int.h"

static int starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

int frs_rl__routes_to(const char *d, const struct dcmd *c)
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
		/* lib's route-map commands live in every daemon, the rest in bgpd alone */
		static const char *const lib[] = {
			"match interface ", "match ip address ", "match ipv6 address ",
			"match ip next-hop ", "match ipv6 next-hop ", "match metric ", "match tag ",
			"set ip next-hop ", "set ipv6 next-hop local ", "set metric ", "set tag ",
			"description ", "on-match ", "continue", "call ", "match source-protocol ",
			"match source-instance ", "set src ", NULL
		};
		if (strcmp(d, "bgpd") == 0)
			return 1;
		if (strcmp(d, "zebra") != 0)
			return 0;
		if (starts(l, "no "))
			l += 3;
		for (const char *const *p = lib; *p; p++)
			if (starts(l, *p))
				return 1;
		return 0;
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
