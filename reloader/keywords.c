/* SPDX-License-Identifier: MIT */
/* FRR's config grammar as far as a reload needs it: which lines open which contexts, which
 * first words each body takes, which commands exist only at the top level. */
#include "config.h"

#include <string.h>

#include <frrshim/buf.h>

#include "reload_int.h"

static const struct kw kw_vni[] = { { "vni ", NULL, NULL }, { NULL, NULL, NULL } };
static const char *const body_af[] = {
	"neighbor", "network", "no", "redistribute", "aggregate-address", "table-map",
	"maximum-paths", "distance", "bgp", "import", "export", "rd", "rt", "label", "nexthop",
	"advertise", "advertise-all-vni", "advertise-default-gw", "advertise-svi-ip",
	"advertise-pip", "default-originate", "flooding", "autort", "dampening", "route-target",
	"segment-routing", "sid", "route-map", "dup-addr-detection", "disable-ead-evi-rx",
	"disable-ead-evi-tx", "ead-es-frag", "ead-es-route-target", "use-es-l3nhg", "enable-resolve-overlay-index",
	"mac-vrf", NULL
};
static const struct kw kw_router_bgp[] = {
	{ "address-family ", kw_vni, body_af },
	{ "vnc defaults", NULL, NULL },
	{ "vnc nve-group ", NULL, NULL },
	{ "vnc l2-group ", NULL, NULL },
	{ "vrf-policy ", NULL, NULL },
	{ "bmp targets ", NULL, NULL },
	{ "segment-routing srv6", NULL, NULL },
	{ NULL, NULL, NULL },
};
static const struct kw kw_ldp_af[] = { { "interface ", NULL, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_ldp[] = { { "address-family ", kw_ldp_af, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_l2vpn[] = { { "member pseudowire ", NULL, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_keychain[] = { { "key ", NULL, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_iface[] = { { "link-params", NULL, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_sr_te_policy[] = { { "candidate-path ", NULL, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_pcep[] = {
	{ "pcc", NULL, NULL }, { "pce ", NULL, NULL }, { "pce-config ", NULL, NULL },
	{ NULL, NULL, NULL },
};
static const struct kw kw_te[] = {
	{ "segment-list ", NULL, NULL }, { "policy ", kw_sr_te_policy, NULL },
	{ "pcep", kw_pcep, NULL }, { NULL, NULL, NULL },
};
static const struct kw kw_locators[] = { { "locator ", NULL, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_srv6[] = { { "locators", kw_locators, NULL }, { NULL, NULL, NULL } };
static const struct kw kw_sr[] = {
	{ "traffic-eng", kw_te, NULL }, { "srv6", kw_srv6, NULL }, { NULL, NULL, NULL },
};
const char *const frs_rl__body_bfd_session[] = {
	"receive-interval", "transmit-interval", "detect-multiplier", "echo-mode", "echo",
	"echo-interval", "passive-mode", "minimum-ttl", "shutdown", "no", "profile", "label",
	"log-session-changes", NULL
};
static const char *const body_bfd[] = { "no", NULL };
static const struct kw kw_bfd[] = {
	{ "peer ", NULL, frs_rl__body_bfd_session }, { "profile ", NULL, frs_rl__body_bfd_session },
	{ NULL, NULL, NULL },
};
static const char *const body_bgp[] = {
	"bgp", "no", "neighbor", "timers", "coalesce-time", "maximum-paths", "distance",
	"redistribute", "network", "aggregate-address", "table-map", "import", "export", "rd", "rt",
	"label", "nexthop", "read-quanta", "write-quanta", "update-delay", "description", "sid",
	"segment-routing", "address-family", "vnc", "rfp", "bmp", "dampening", "vrf-policy",
	"advertise", "mpls", "use-underlays-nexthop-weight", NULL
};
static const char *const body_rmap[] = {
	"match", "set", "on-match", "call", "continue", "description", "no", NULL
};
const struct kw frs_rl__kw_top[] = {
	{ "router bgp ", kw_router_bgp, body_bgp },
	{ "router rip", NULL, NULL }, /* also ripng */
	{ "router isis ", NULL, NULL },
	{ "router openfabric ", NULL, NULL },
	{ "router ospf", NULL, NULL }, /* also ospf6 */
	{ "router eigrp ", NULL, NULL },
	{ "router babel", NULL, NULL },
	{ "router pim", NULL, NULL },
	{ "mpls ldp", kw_ldp, NULL },
	{ "l2vpn ", kw_l2vpn, NULL },
	{ "key chain ", kw_keychain, NULL },
	{ "vrf ", NULL, NULL },
	{ "interface ", kw_iface, NULL },
	{ "pseudowire ", NULL, NULL },
	{ "nexthop-group ", NULL, NULL },
	{ "route-map ", NULL, body_rmap },
	{ "pbr-map ", NULL, NULL },
	{ "rpki", NULL, NULL },
	{ "line vty", NULL, NULL },
	{ "segment-routing", kw_sr, NULL },
	{ "bfd", kw_bfd, body_bfd },
	{ NULL, NULL, NULL },
};

/* Commands that exist only at the top level: they end any context opened without `exit`. */
const char *const frs_rl__top_only[] = {
	"ip prefix-list ", "ipv6 prefix-list ", "bgp community-list ", "bgp large-community-list ",
	"bgp extcommunity-list ", "bgp as-path ", "hostname ", "log ", "frr ", "service ",
	"ip nht ", "ipv6 nht ", "ip forwarding", "ipv6 forwarding", "no ip forwarding",
	"no ipv6 forwarding", "ip protocol ", "ipv6 protocol ", "debug ", "password ",
	"enable password ", "agentx", "access-list ", "ipv6 access-list ", "ip route ",
	"ipv6 route ", "username ", "domainname ", "no log ", "ip import-table ", "end", NULL
};

const char *const frs_rl__top_words[] = {
	"frr", "hostname", "domainname", "log", "service", "no", "ip", "ipv6", "bgp", "debug",
	"password", "enable", "username", "agentx", "access-list", "mac", "zebra", "fpm", "table",
	"evpn", "mpls", "allow-external-route-update", "banner", "line", "module", "user", "pbr",
	"vnc", "nexthop-group", "ldp", "dump", "rpki", "route-map", "segment-routing", "key",
	"router", "bfd", "vrf", "interface", "l2vpn", "pseudowire", "pbr-map", "srv6", "terminal",
	"exit", "end", "write", "group", "vni", NULL
};

static int kw_match(const char *line, const char *word)
{
	size_t n;

	if (line[0] != word[0]) /* most words fail here, cheaply */
		return 0;
	n = strlen(word);

	if (strncmp(line, word, n) != 0)
		return 0;
	return word[n - 1] == ' ' || line[n] == '\0' || line[n] == ' ' ||
	       /* "router rip" covers "router ripng", "router ospf" "router ospf6" */
	       (strcmp(word, "router rip") == 0 || strcmp(word, "router ospf") == 0 ||
		strcmp(word, "router pim") == 0);
}

const struct kw *frs_rl__kw_find(const struct kw *list, const char *line)
{
	for (; list && list->word; list++)
		if (kw_match(line, list->word))
			return list;
	return NULL;
}

int frs_rl__is_context_key(const char *key)
{
	/* any level: a sub-context key is only ever seen under its parent */
	static const struct kw *const lists[] = { frs_rl__kw_top, kw_router_bgp, kw_vni, kw_ldp, kw_ldp_af,
		kw_l2vpn, kw_keychain, kw_iface, kw_sr, kw_te, kw_sr_te_policy, kw_pcep, kw_srv6,
		kw_locators, kw_bfd, NULL };

	for (size_t i = 0; lists[i]; i++)
		if (frs_rl__kw_find(lists[i], key))
			return 1;
	return 0;
}

int frs_rl__word_in(const char *line, const char *const *words)
{
	size_t n = strcspn(line, " ");

	for (; *words; words++)
		if (**words == *line && strlen(*words) == n && strncmp(line, *words, n) == 0)
			return 1;
	return 0;
}

int frs_rl__starts_any(const char *line, const char *const *list)
{
	for (; *list; list++)
		if (kw_match(line, *list))
			return 1;
	return 0;
}

int frs_rl__unconfigurable(const char *key)
{
	static const char *const never[] = {
		"frr version", "frr defaults", "service integrated-vtysh-config", "line vty",
		"agentx", "username",
		/* vtysh keeps `hostname` to itself when it loads a file (8.4): daemons report the
		 * system's name, so a reload neither sets nor removes it (frr-reload.py loops) */
		"hostname ", NULL
	};

	/* most keys are list entries ("ip ...", "bgp ..."): spare them the list */
	switch (key[0]) {
	case 'f': case 's': case 'l': case 'a': case 'u': case 'h':
		return frs_rl__starts_any(key, never);
	default:
		return 0;
	}
}

const char *frs_rl__complete(const char *w, size_t len, const char *const *cands,
			     const char *const *const *others)
{
	const char *found = NULL;

	if (len < 2)
		return NULL;
	for (const char *const *c = cands; *c; c++) {
		if (**c != *w || strncmp(*c, w, len) != 0) /* most lines fail at the first byte */
			continue;
		if ((*c)[len] == '\0' || found)
			return NULL; /* whole, or ambiguous */
		found = *c;
	}
	for (const char *const *const *o = others; found && o && *o; o++)
		for (const char *const *c = *o; *c; c++)
			if (**c == *w && strcmp(*c, found) != 0 && strncmp(*c, w, len) == 0)
				return NULL;
	return found;
}

int frs_rl__expand(struct frs_buf *out, const char *line)
{
	static const char *const openers[] = { "interface", "router", "vrf", "route-map", "key",
		"mpls", "l2vpn", "segment-routing", "pseudowire", "nexthop-group", "pbr-map", "rpki",
		"address-family", NULL };
	static const char *const iface_words[] = { "ip", "ipv6", "description", "link-params",
		"shutdown", "bandwidth", "multicast", "evpn", "mpls", "isis", "openfabric", "pim",
		"ospf", "bfd", "no", "link-detect", NULL };
	static const char *const routers[] = { "bgp", "ospf", "ospf6", "rip", "ripng", "isis",
		"openfabric", "eigrp", "babel", "pim", "pim6", NULL };
	static const char *const afis[] = { "ipv4", "ipv6", "l2vpn", NULL };
	static const char *const safis[] = { "unicast", "multicast", "vpn", "labeled-unicast",
		"flowspec", "evpn", NULL };
	static const char *const *const everywhere[] = { frs_rl__top_words, body_bgp, body_af,
		body_rmap, frs_rl__body_bfd_session, iface_words, NULL };
	const char *w[4] = { NULL }, *x;
	size_t len[4] = { 0 }, n = 0;
	const char *p = line, *rest;
	int changed = 0;

	while (n < 3 && *p) {
		w[n] = p;
		len[n] = strcspn(p, " ");
		p += len[n];
		n++;
		if (*p == ' ')
			p++;
	}
	rest = p;
	if (!n)
		return 0;
	if ((x = frs_rl__complete(w[0], len[0], openers, everywhere))) {
		w[0] = x;
		len[0] = strlen(x);
		changed = 1;
	}
	if (len[0] == 6 && strncmp(w[0], "router", 6) == 0 && n > 1 &&
	    (x = frs_rl__complete(w[1], len[1], routers, NULL))) {
		w[1] = x;
		len[1] = strlen(x);
		changed = 1;
	}
	if (len[0] == 14 && strncmp(w[0], "address-family", 14) == 0 && n > 1) {
		if ((x = frs_rl__complete(w[1], len[1], afis, NULL))) {
			w[1] = x;
			len[1] = strlen(x);
			changed = 1;
		}
		if (n > 2 && (x = frs_rl__complete(w[2], len[2], safis, NULL))) {
			w[2] = x;
			len[2] = strlen(x);
			changed = 1;
		}
		if (n == 2 && len[1] == 4 && (strncmp(w[1], "ipv4", 4) == 0 ||
					     strncmp(w[1], "ipv6", 4) == 0)) {
			w[2] = "unicast"; /* `address-family ipv4` is ipv4 unicast */
			len[2] = 7;
			n = 3;
			changed = 1;
		}
	}
	if (!changed)
		return 0;
	frs_buf_clear(out);
	for (size_t i = 0; i < n; i++)
		frs_buf_addf(out, i ? " %.*s" : "%.*s", (int)len[i], w[i]);
	if (*rest)
		frs_buf_addf(out, " %s", rest);
	return out->ptr ? 1 : -1;
}

int frs_rl__ipv4_unicast_cmd(const char *line)
{
	static const char *const top[] = { "network ", "aggregate-address ", "redistribute ",
		"table-map ", "maximum-paths ", "distance ", "bgp dampening", NULL };
	static const char *const nbr[] = { "activate", "next-hop-self", "as-override",
		"remove-private-AS", "send-community", "soft-reconfiguration", "attribute-unchanged",
		"default-originate", "distribute-list", "prefix-list", "filter-list", "route-map",
		"unsuppress-map", "maximum-prefix", "allowas-in", "weight", "route-reflector-client",
		"route-server-client", "addpath-tx-all-paths", "addpath-tx-bestpath-per-AS",
		"capability orf", NULL };
	const char *p;

	if (strncmp(line, "no ", 3) == 0)
		line += 3;
	for (const char *const *t = top; *t; t++)
		if (strncmp(line, *t, strlen(*t)) == 0)
			return 1;
	if (strncmp(line, "neighbor ", 9) != 0 || !(p = strchr(line + 9, ' ')))
		return 0;
	p++;
	for (const char *const *t = nbr; *t; t++) {
		size_t n = strlen(*t);
		if (strncmp(p, *t, n) == 0 && (p[n] == '\0' || p[n] == ' '))
			return 1;
	}
	return 0;
}
