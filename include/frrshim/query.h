/* SPDX-License-Identifier: MIT */
/* FRR's state read back: `show … json` parsed into typed structs, tolerant of FRR 8.4–10.x. */
#ifndef FRRSHIM_QUERY_H
#define FRRSHIM_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include <frrshim/buf.h>
#include <frrshim/err.h>

/*
 * Every parser takes the text a daemon printed (NUL-terminated), fills a caller-owned struct and
 * appends to it: call it once per command and once per VRF if needed. Missing keys leave fields
 * at their "unknown" value (-1 for counters, NULL for strings). Answers such as
 * {"bgpNoSuchNeighbor":true} or {"warning":"…"} are results: FRS_OK, nothing added, and the
 * note is kept in the struct. FRS_EPARSE only when the text is not JSON of the expected shape.
 */

/** BGP message counters (messageStats); -1 when FRR did not report one. */
struct frs_bgp_msgstats {
	int64_t opens_sent, opens_recv;
	int64_t notifications_sent, notifications_recv;
	int64_t updates_sent, updates_recv;
	int64_t keepalives_sent, keepalives_recv;
	int64_t route_refresh_sent, route_refresh_recv;
	int64_t total_sent, total_recv;
};

/** One address family of a neighbor (addressFamilyInfo.<afi>). */
struct frs_bgp_af {
	char *name;         /* FRR's key: "ipv4Unicast", "ipv6Unicast", … */
	int64_t accepted;   /* acceptedPrefixCounter */
	int64_t sent;       /* sentPrefixCounter (FRR prints it only with an update group) */
	char *rmap_out;     /* routeMapForOutgoingAdvertisements, or NULL */
};

/** One neighbor from `show bgp [vrf …] neighbors json`. */
struct frs_bgp_peer {
	char *vrf;          /* "default" unless the wrapper names another */
	char *peer;         /* FRR's key: an address, or an interface name for unnumbered peers */
	int is_interface;   /* the key is not an address */
	char *remote_as;    /* decimal or asdot ("1.10", FRR 9+); "0" before remote-as external is learnt */
	char *local_as;
	char *state;        /* bgpState: Idle, Connect, Active, OpenSent, OpenConfirm, Established… */
	char *desc;         /* nbrDesc */
	char *hostname;
	char *peer_group;
	char *host_foreign; /* remote address of the TCP session; NULL while down ("Unknown") */
	int port_foreign;   /* -1 while down */
	int64_t uptime_ms;  /* bgpTimerUpMsec; -1 when not Established */
	int64_t conn_established, conn_dropped;
	char *last_reset;   /* lastResetDueTo */
	char *last_notification; /* lastNotificationReason ("OPEN Message Error/Bad Peer AS"), or NULL */
	char *last_error_code;   /* lastErrorCodeSubcode ("0202"), or NULL */
	char *bfd_status;   /* peerBfdInfo.status ("Up", "Down", …); NULL: no BFD on this peer */
	struct frs_bgp_msgstats msg;
	struct frs_bgp_af *af;
	size_t n_af;
	int64_t pfx_sent;   /* sum of sentPrefixCounter; -1 when no family reports it */
	int64_t pfx_recv;   /* sum of acceptedPrefixCounter; -1 when none reports it */
};

struct frs_bgp_peers {
	struct frs_bgp_peer *v;
	size_t n;
	size_t cap;
	int no_such_neighbor; /* FRR said {"bgpNoSuchNeighbor":true} */
	char *warning;        /* FRR's {"warning": …}, if any */
};

void frs_bgp_peers_dispose(struct frs_bgp_peers *p);

/**
 * Parse `show bgp vrf all neighbors json` (VRF-wrapped) or `show bgp [vrf V] neighbors [X] json`
 * (not wrapped; @p vrf names the VRF, NULL meaning "default"). The shape is detected.
 */
enum frs_err frs_query_parse_neighbors(struct frs_bgp_peers *out, const char *json,
				       const char *vrf, struct frs_errlist *errs);

/** Find a peer by VRF (NULL: "default") and key; NULL if absent. Borrowed. */
const struct frs_bgp_peer *frs_bgp_peers_find(const struct frs_bgp_peers *p, const char *vrf,
					      const char *peer);

/** One peer row of `show bgp … summary json`. */
struct frs_bgp_summary_row {
	char *vrf;
	char *afi;          /* "ipv4Unicast", …; NULL when the output did not say */
	char *peer;
	char *remote_as;
	char *state;        /* state: "Established", "Active", "Idle (Admin)", … */
	char *peer_state;   /* peerState: OK, Admin, PfxCt, Passive, Policy… */
	char *desc;
	char *id_type;      /* ipv4, ipv6, interface */
	int64_t uptime_ms;  /* peerUptimeMsec */
	int64_t pfx_rcd, pfx_snt, msg_rcvd, msg_sent;
};

struct frs_bgp_summary {
	struct frs_bgp_summary_row *v;
	size_t n;
	size_t cap;
};

void frs_bgp_summary_dispose(struct frs_bgp_summary *s);

/**
 * Parse `show bgp [vrf all|vrf V] [ipv4|ipv6 unicast] summary json`: any of the three nestings
 * (VRF → AFI → peers, AFI → peers, or one AFI's object). @p vrf: VRF when the text does not
 * say (NULL: "default"); @p afi: address family when the text does not say (may be NULL).
 */
enum frs_err frs_query_parse_summary(struct frs_bgp_summary *out, const char *json,
				     const char *vrf, const char *afi, struct frs_errlist *errs);

/** One route as sent to a neighbor, with the attributes FRR reported (-1/NULL: not reported). */
struct frs_adv_route {
	char *prefix;         /* "198.51.100.10/32" */
	char *nexthop;
	char *path;           /* AS path as FRR prints it ("" when local) */
	char *origin;         /* "IGP", "EGP", "incomplete" (from bgpOriginCode or origin) */
	int64_t metric;
	int64_t local_pref;
	int64_t weight;
	int have_communities; /* communities below were reported (detail forms) */
	char *communities;    /* space-separated as FRR prints them, "" when none */
	char *large_communities;
};

struct frs_adv_routes {
	struct frs_adv_route *v;
	size_t n;
	size_t cap;
	int64_t total;        /* totalPrefixCounter */
	char *warning;        /* "No such neighbor in this view/vrf", … */
};

void frs_adv_routes_dispose(struct frs_adv_routes *r);

/**
 * Parse `show bgp [vrf V] ipv4|ipv6 unicast neighbors X advertised-routes [detail] json`
 * (8.4 flat form, 8.5–9.x with both key sets, 10.x without the status-code keys, and the detail
 * form whose routes carry "paths" with communities). Also reads the table form
 * `show bgp [vrf V] ipv4|ipv6 unicast json` ("routes": best path of each prefix).
 */
enum frs_err frs_query_parse_adv_routes(struct frs_adv_routes *out, const char *json,
					struct frs_errlist *errs);

/** Find a route by prefix; NULL if absent. Borrowed. */
const struct frs_adv_route *frs_adv_routes_find(const struct frs_adv_routes *r, const char *prefix);

/**
 * Parse `show bgp [vrf V] ipv4|ipv6 unicast P json` (one prefix, RIB view) and fill @p out with
 * the best path's attributes: communities, large communities, local-pref, metric, origin, path.
 * FRS_ENOTFOUND when the prefix is not in the table ({} or no best path).
 */
enum frs_err frs_query_parse_prefix(struct frs_adv_route *out, const char *json,
				    struct frs_errlist *errs);
/** Free the strings of one route (the struct itself is the caller's). */
void frs_adv_route_dispose(struct frs_adv_route *r);

/** One BFD session from `show bfd [vrf V] peers json`, merged with `… peers counters json`. */
struct frs_bfd_peer {
	char *vrf;
	char *peer;
	char *local;
	char *interface;
	int multihop;
	char *status;         /* up, down, init, shutdown, unknown */
	int64_t uptime_s;     /* -1 when not up */
	int64_t downtime_s;
	char *diagnostic;
	char *remote_diagnostic;
	int64_t rx_interval, tx_interval, echo_rx_interval, echo_tx_interval, detect_multiplier;
	int64_t remote_rx_interval, remote_tx_interval, remote_echo_rx_interval;
	int64_t remote_detect_multiplier;
	/* counters; -1 until a counters reply is merged */
	int64_t ctl_in, ctl_out, echo_in, echo_out, session_up, session_down, zebra_notifications;
};

struct frs_bfd_peers {
	struct frs_bfd_peer *v;
	size_t n;
	size_t cap;
};

void frs_bfd_peers_dispose(struct frs_bfd_peers *p);

/**
 * Parse `show bfd [vrf V] peers json` (an array, or one object for `show bfd peer X json`) or
 * `show bfd [vrf V] peers counters json`. Counters are merged into the session with the same
 * (vrf, peer, local, interface, multihop) and added as a new session when none matches.
 * Also reads `show yang operational-data /frr-bfdd:bfdd bfdd` (sessions with their counters).
 */
enum frs_err frs_query_parse_bfd(struct frs_bfd_peers *out, const char *json,
				 struct frs_errlist *errs);

/** Find a session by VRF (NULL: "default") and peer address; NULL if absent. Borrowed. */
const struct frs_bfd_peer *frs_bfd_peers_find(const struct frs_bfd_peers *p, const char *vrf,
					      const char *peer);

/** What frs_query_collect() reads. */
enum frs_query_what {
	FRS_QUERY_BGP = 1u << 0,          /* show bgp vrf all neighbors json */
	FRS_QUERY_BFD = 1u << 1,          /* show bfd peers json */
	FRS_QUERY_BFD_COUNTERS = 1u << 2, /* show bfd peers counters json */
};

/** One reading of FRR: what the status, metrics and verify commands look at. */
struct frs_query_snapshot {
	struct frs_bgp_peers bgp;
	struct frs_bfd_peers bfd;
	int bgp_ok;   /* bgpd answered */
	int bfd_ok;   /* bfdd answered */
};

void frs_query_snapshot_dispose(struct frs_query_snapshot *s);

/**
 * Read FRR once over the vty sockets in @p vty_dir (NULL: /var/run/frr): one connection per
 * daemon, commands pipelined. FRS_EUNREACHABLE when bgpd is wanted and does not answer; a
 * missing bfdd only leaves bfd_ok at 0 (BFD is optional) with a warning in @p errs.
 */
enum frs_err frs_query_collect(struct frs_query_snapshot *out, const char *vty_dir,
			       unsigned what, int timeout_ms, struct frs_errlist *errs);

/**
 * Run one command on one daemon and return its output. FRS_EUNREACHABLE: the daemon is not
 * running; FRS_EFRR: it answered with a failure status (its text is still in @p out).
 */
enum frs_err frs_query_exec(struct frs_buf *out, const char *vty_dir, const char *daemon,
			    const char *cmd, int timeout_ms, struct frs_errlist *errs);

/** True when @p s is an IPv4 or IPv6 address (else an interface name, for unnumbered peers). */
int frs_query_is_addr(const char *s);

#endif
