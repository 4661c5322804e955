/* SPDX-License-Identifier: MIT */
/* The node view: what one node must announce, to which peers, and why a Service is not announced. */
#ifndef FRRSHIM_VIEW_H
#define FRRSHIM_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <frrshim/err.h>
#include <frrshim/model.h>

/** The address families a BGP session carries. */
enum frs_view_family {
	FRS_VIEW_FAM_V4 = 1,
	FRS_VIEW_FAM_V6 = 2,
	FRS_VIEW_FAM_DUAL = 3, /* interface (unnumbered) peers and dualStackAddressFamily */
};

/** A BGP community: standard (A:B, 16-bit parts) or large (A:B:C, 32-bit parts). */
struct frs_view_community {
	bool large;
	uint32_t a, b, c;
};

/** One prefix as it must reach one peer. */
struct frs_view_route {
	struct frs_prefix prefix;       /* the IP masked to aggregationLength(V6) */
	/* LOCAL_PREF the peer receives: 0 = none; only for iBGP peers (FRR never sends it over eBGP) */
	uint32_t local_pref;
	/* the union over every advertisement announcing this prefix to this peer; sorted, unique
	 * (standard before large, each numerically) */
	struct frs_view_community *communities;
	size_t ncommunities;
};

/** One BGP session of this node. */
struct frs_view_peer {
	const struct frs_peer *peer;    /* borrowed from the model */
	/* the name FRR config uses for it: address or interface, plus "-<vrf>" (MetalLB's ID) */
	char *id;
	/* the neighbor as FRR knows it: address or interface name */
	const char *neighbor;
	bool unnumbered;                /* neighbor is an interface */
	enum frs_view_family family;
	bool ibgp;                      /* peerASN == myASN, or dynamicASN internal */
	const char *password;           /* spec.password or the Secret's, borrowed; NULL if none */
	/* what this peer must receive, sorted by prefix (family, address, length), unique; peers
	 * that must receive the same share one array */
	struct frs_view_route *routes;
	size_t nroutes;
};

/** Why a Service IP is or is not announced from this node. Numbers are frozen. */
enum frs_view_reason {
	FRS_VIEW_ANNOUNCED = 0,          /* announced to at least one peer */
	FRS_VIEW_NO_POOL = 1,            /* no IPAddressPool contains the IP */
	FRS_VIEW_NO_ADVERTISEMENT = 2,   /* no BGPAdvertisement selects the pool */
	FRS_VIEW_NODE_NOT_SELECTED = 3,  /* the advertisements' nodeSelectors exclude this node */
	FRS_VIEW_SERVICE_NOT_SELECTED = 4, /* the advertisements' serviceSelectors exclude it */
	FRS_VIEW_EXCLUDED_NODE = 5,      /* node.kubernetes.io/exclude-from-external-load-balancers */
	FRS_VIEW_NO_ENDPOINTS = 6,       /* no ready endpoint anywhere */
	FRS_VIEW_NO_LOCAL_ENDPOINTS = 7, /* externalTrafficPolicy: Local, no ready endpoint here */
	FRS_VIEW_NETWORK_UNAVAILABLE = 8, /* the node's NetworkUnavailable condition is True */
	FRS_VIEW_NO_PEER = 9,            /* no BGPPeer selects this node (or the ads' peers don't) */
	FRS_VIEW_FAMILY_MISMATCH = 10,   /* the selected peers do not carry the IP's family */
	FRS_VIEW_NOT_LOADBALANCER = 11,  /* not type LoadBalancer, or another loadBalancerClass */
	FRS_VIEW_NO_IP = 12,             /* no IP in status.loadBalancer.ingress yet */
	/* two BGPAdvertisements give one prefix to one peer with different localPref: MetalLB
	 * cannot merge them and announces none of the Service's IPs (conflictingAdvertisements) */
	FRS_VIEW_CONFLICTING_ADVERTISEMENTS = 13,
};

/** A short phrase for @p r in the troubleshooting guide's terms (static). */
const char *frs_view_reason_text(enum frs_view_reason r);

/** One BGPAdvertisement's verdict on one Service IP. */
struct frs_view_adv {
	const struct frs_bgpadv *adv;   /* borrowed */
	enum frs_view_reason reason;    /* ANNOUNCED, or why this advertisement does not apply */
	struct frs_prefix prefix;       /* the masked prefix */
	/* the peers (indices into frs_view.peers) that get the prefix from this advertisement */
	size_t *peers;
	size_t npeers;
};

/** One IP of one Service. */
struct frs_view_ip {
	char *ip;                       /* canonical text */
	struct frs_prefix addr;         /* the host prefix (/32 or /128) */
	const struct frs_pool *pool;    /* the owning pool, or NULL */
	enum frs_view_reason reason;    /* ANNOUNCED or the first reason it is not */
	char *detail;                   /* one line for people, names the objects involved */
	struct frs_view_adv *advs;      /* every BGPAdvertisement that selects the pool */
	size_t nadvs;
};

/** One Service of type LoadBalancer (or any Service, with reason NOT_LOADBALANCER). */
struct frs_view_service {
	const struct frs_service *svc;  /* borrowed */
	enum frs_view_reason reason;    /* the service-wide reason (before looking at IPs) */
	struct frs_view_ip *ips;
	size_t nips;
};

/** How to build a view. Zero-initialise, then set node. */
struct frs_view_opts {
	const char *node;               /* the node name (required) */
	/* the node's labels; NULL: from the Node object of that name in the model (none if absent) */
	const struct frs_labels *labels;
	bool ignore_exclude_lb;         /* announce even with the exclude-from-external-lbs label */
};

/** The desired state of one node. Everything is sorted, so output never depends on input order. */
struct frs_view {
	const struct frs_model *model;  /* borrowed: must outlive the view */
	char *node;
	struct frs_labels labels;       /* a copy of the labels used */
	bool excluded;                  /* carries the exclude label and it is honoured */
	bool network_unavailable;
	/* the peers selecting this node, sorted the way bgpd sorts neighbors within each VRF:
	 * by VRF ("" first), then interface peers (by name), IPv4, IPv6 (by address) */
	struct frs_view_peer *peers;
	size_t npeers;
	/* every BFD profile of the model (MetalLB renders them all), sorted by name (borrowed) */
	const struct frs_bfd_profile **bfd_profiles;
	size_t nbfd_profiles;
	/* every Service, by namespace then name */
	struct frs_view_service *services;
	size_t nservices;
	void *priv_;                    /* internal */
};

/**
 * Build the view of one node from a validated model.
 * Returns FRS_OK and sets *out (free with frs_view_free); FRS_EARG without a node name;
 * FRS_EINVALID (details in @p errs) when a reference cannot be resolved (a passwordSecret that
 * does not exist or has no password, a community alias that is not defined).
 */
enum frs_err frs_view_build(struct frs_view **out, const struct frs_model *m,
			    const struct frs_view_opts *opts, struct frs_errlist *errs);
void frs_view_free(struct frs_view *v);

/**
 * Whether @p svc has endpoints that can take traffic, as MetalLB's speaker decides
 * (hasHealthyEndpoint): an address counts when every endpoint listing it is ready or serving,
 * an endpoint without addresses never counts; with externalTrafficPolicy Local only this
 * @p node's endpoints count. Sets *out to FRS_VIEW_ANNOUNCED, FRS_VIEW_NO_ENDPOINTS or
 * FRS_VIEW_NO_LOCAL_ENDPOINTS; without any EndpointSlice for the service (offline manifests)
 * the endpoints are assumed ready. FRS_ENOMEM or FRS_OK.
 */
enum frs_err frs_view_endpoints(enum frs_view_reason *out, const struct frs_model *m,
				const struct frs_service *svc, const char *node);

/** The peer with this BGPPeer name (namespace NULL matches any), or NULL. */
const struct frs_view_peer *frs_view_peer(const struct frs_view *v, const char *ns,
					  const char *name);
/** The service ns/name, or NULL. */
const struct frs_view_service *frs_view_service(const struct frs_view *v, const char *ns,
						const char *name);

/** "A:B" or "A:B:C" into @p buf (at least 33 bytes). */
void frs_view_community_str(const struct frs_view_community *c, char *buf, size_t size);
/** "203.0.113.0/24" into @p buf (at least 50 bytes). */
void frs_view_prefix_str(const struct frs_prefix *p, char *buf, size_t size);
/** Compare the way FRR sorts prefixes: family (IPv4 first), address, length. */
int frs_view_prefix_cmp(const struct frs_prefix *a, const struct frs_prefix *b);

#endif
