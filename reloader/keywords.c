/* SPDX-License-Identifier: MIT */
/* FRR's config grammar as far as a reload needs it: which lines open which contexts, which
 * first words each body takes, which commands exist only at the top level. */
#include "config.h"

#include <string.h>

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
	"advertise", "mpls", NULL
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
	"exit", "end", "write", "group", NULL
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
		"agentx", "username", "password", "enable password",
		/* vtysh keeps `hostname` to itself when it loads a file (8.4): daemons report the
		 * system's name, so a reload neither sets nor removes it (frr-reload.py loops) */
		"hostname ", NULL
	};

	/* most keys are list entries ("ip ...", "bgp ..."): spare them the list */
	return strchr("fslaupeh", key[0]) && frs_rl__starts_any(key, never);
}
