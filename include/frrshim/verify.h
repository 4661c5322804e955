/* SPDX-License-Identifier: MIT */
/* Verify: does the live FRR hold what a node should announce? Sessions up, routes with attributes. */
#ifndef FRRSHIM_VERIFY_H
#define FRRSHIM_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include <frrshim/buf.h>
#include <frrshim/err.h>
#include <frrshim/query.h>

/** One prefix one peer must receive. */
struct frs_verify_route {
	char *prefix;             /* canonical "198.51.100.10/32" */
	char **communities;       /* "A:B" (or well-known names as FRR prints them) */
	size_t ncommunities;
	char **large;             /* "A:B:C" */
	size_t nlarge;
	int64_t local_pref;       /* -1: not checked */
};

/** One session and what it must carry. */
struct frs_verify_peer {
	char *vrf;                /* "default" for the default VRF */
	char *neighbor;           /* address, or interface name (unnumbered) */
	struct frs_verify_route *routes;
	size_t nroutes;
};

/** The expected state of one node. Caller-owned: frs_verify_expect_dispose(). */
struct frs_verify_expect {
	struct frs_verify_peer *peers;
	size_t npeers;
};

void frs_verify_expect_dispose(struct frs_verify_expect *e);

/**
 * Read an expectation from JSON:
 * {"peers":[{"vrf":"default","neighbor":"192.0.2.1","routes":[{"prefix":"198.51.100.10/32",
 *   "communities":["64512:100"],"largeCommunities":["64512:1:2"],"localPref":150}]}]}
 * FRS_EPARSE / FRS_EINVALID with details in @p errs.
 */
enum frs_err frs_verify_expect_parse(struct frs_verify_expect *out, const char *json,
				     struct frs_errlist *errs);

/** What FRR showed for one expected peer. */
struct frs_verify_seen {
	struct frs_adv_routes adv;  /* both families merged */
	int have_adv;               /* the routes were read (the session was up) */
};

/** One reading of the live FRR for an expectation: index i of `peers` matches expect->peers[i]. */
struct frs_verify_observed {
	struct frs_bgp_peers bgp;
	struct frs_verify_seen *peers;
	size_t npeers;
};

void frs_verify_observed_dispose(struct frs_verify_observed *o);

/**
 * Read what @p e needs from bgpd (one connection): all neighbors, then for each Established
 * expected peer its advertised routes (both families, `advertised-routes json`, whose local-pref
 * is the one sent). Communities: FRR does not reliably print those an outbound route-map sets
 * (8.4: none at all; 9.x `detail`: the RIB path's, FRRouting/frr#15496), so they are
 * computed by running each route through the peer's outbound route-map as bgpd reports it
 * (`show route-map json`, `show ip[v6] prefix-list json`), the route's own communities taken
 * as none (true of `network` routes). A route-map with clauses the evaluator does not know leaves
 * them unchecked, with a warning from frs_verify_check(). FRS_EUNREACHABLE: bgpd down.
 */
enum frs_err frs_verify_collect(struct frs_verify_observed *out, const struct frs_verify_expect *e,
				const char *vty_dir, int timeout_ms, struct frs_errlist *errs);

/**
 * Compare: one FRS_SEV_ERROR entry (code FRS_ENOTFOUND) per problem in @p problems, in the
 * troubleshooting guide's words, e.g. "BGP session with 192.0.2.1 is not established (state
 * Active)", "198.51.100.10/32 is not advertised to 192.0.2.1", "198.51.100.10/32 is advertised
 * to 192.0.2.1 without community 64512:100". Pure. Returns the number of problems.
 */
size_t frs_verify_check(struct frs_errlist *problems, const struct frs_verify_expect *e,
			const struct frs_verify_observed *o);

/**
 * Why bgpd does not send @p prefix to @p peer although the session is up, in words from what
 * the live bgpd shows, appended to @p why: "it is not in this node's BGP table", "denied by the
 * outbound route-map X: no entry matches it (prefix-list Y does not permit it)", "denied by
 * the outbound route-map X (entry deny N)", "the outbound route-map X is not defined, …".
 * Nothing is appended when bgpd's own policy would send it (an update not sent yet).
 * FRS_EUNREACHABLE: bgpd down; FRS_EARG: @p prefix is not a prefix.
 */
enum frs_err frs_verify_why_not_sent(struct frs_buf *why, const char *vty_dir,
				     const struct frs_bgp_peer *peer, const char *prefix,
				     int timeout_ms, struct frs_errlist *errs);

#endif
