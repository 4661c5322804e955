/* SPDX-License-Identifier: MIT */
/* The MetalLB resources frrshim reads, validated as a whole, in one typed internal form. */
#ifndef FRRSHIM_MODEL_H
#define FRRSHIM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <frrshim/doc.h>
#include <frrshim/err.h>

/** Resource kinds. */
enum frs_kind {
	FRS_KIND_BGPPEER,
	FRS_KIND_IPADDRESSPOOL,
	FRS_KIND_BGPADVERTISEMENT,
	FRS_KIND_L2ADVERTISEMENT,
	FRS_KIND_COMMUNITY,
	FRS_KIND_BFDPROFILE,
	FRS_KIND_SECRET,
	FRS_KIND_SERVICE,
	FRS_KIND_NODE,
	FRS_KIND_ENDPOINTSLICE,
	FRS_KIND_NAMESPACE,
	FRS_KIND_LAST = FRS_KIND_NAMESPACE,
};

/** "BGPPeer", "IPAddressPool", ... */
const char *frs_kind_name(enum frs_kind kind);

/** Labels (or any string map): keys[i] = values[i], sorted by key. */
struct frs_labels {
	size_t n;
	char **keys;
	char **values;
};

/** The value of @p key, or NULL. */
const char *frs_labels_get(const struct frs_labels *l, const char *key);

/**
 * Parse "k=v,k2=v2" (the --node-labels syntax) into labels sorted by key, each string
 * malloc'd: free them with frs_labels_dispose(). FRS_EPARSE on a malformed list.
 */
enum frs_err frs_labels_parse(struct frs_labels *out, const char *s);
/** Free labels whose strings and arrays are malloc'd (frs_labels_parse, frs_view's copy). */
void frs_labels_dispose(struct frs_labels *l);

enum frs_sel_op {
	FRS_SEL_IN,
	FRS_SEL_NOT_IN,
	FRS_SEL_EXISTS,
	FRS_SEL_DOES_NOT_EXIST,
};

struct frs_sel_expr {
	char *key;
	enum frs_sel_op op;
	char **values;
	size_t nvalues;
};

/** A Kubernetes LabelSelector: every matchLabels pair and every expression must hold. */
struct frs_selector {
	struct frs_labels match_labels;
	struct frs_sel_expr *exprs;
	size_t nexprs;
};

/** A list of selectors; each field documents what an empty list means. */
struct frs_selectors {
	struct frs_selector *v;
	size_t n;
};

/** True when @p labels satisfy @p sel (an empty selector matches everything). */
bool frs_selector_matches(const struct frs_selector *sel, const struct frs_labels *labels);
/** True when any selector of @p sels matches; @p if_empty when the list is empty. */
bool frs_selectors_match(const struct frs_selectors *sels, const struct frs_labels *labels,
			 bool if_empty);

/** What every object has. */
struct frs_object {
	enum frs_kind kind;
	char *api_version;          /* e.g. "metallb.io/v1beta2" */
	char *name;
	char *ns;                   /* namespace, NULL for cluster-scoped objects (Node) */
	struct frs_labels labels;
	struct frs_labels annotations;
	const struct frs_node *src; /* the document it was read from, for field positions */
};

/** A duration as Kubernetes writes it ("90s", "1m30s", "500ms"). */
struct frs_duration {
	bool set;
	int64_t ms;
};

enum frs_dynamic_asn {
	FRS_DYNASN_NONE,
	FRS_DYNASN_INTERNAL,
	FRS_DYNASN_EXTERNAL,
};

/** BGPPeer, v1beta1 converted to v1beta2 as MetalLB converts it. */
struct frs_peer {
	struct frs_object obj;
	uint32_t my_asn;
	uint32_t peer_asn;        /* 0 when dynamic_asn is used */
	uint32_t local_asn;       /* 0 = unset */
	enum frs_dynamic_asn dynamic_asn;
	char *address;            /* peerAddress, canonical text form, or NULL */
	char *iface;              /* interface (unnumbered), or NULL */
	char *source_address;     /* canonical, or NULL */
	uint16_t port;            /* 0 = unset (FRR's 179) */
	/* as written (v1beta1: always set, 0 when absent); deriving the missing one of the pair
	 * (MetalLB's parseTimers) is the node view's business */
	struct frs_duration hold_time;
	struct frs_duration keepalive_time;
	struct frs_duration connect_time;
	char *router_id;          /* canonical, or NULL */
	struct frs_selectors node_selectors; /* empty = every node */
	char *password;           /* spec.password, or NULL */
	char *password_secret;    /* passwordSecret.name, or NULL */
	char *password_secret_ns; /* passwordSecret.namespace, or NULL (= the peer's) */
	char *bfd_profile;        /* or NULL */
	bool graceful_restart;
	bool ebgp_multihop;
	char *vrf;                /* NULL or "" = default VRF */
	bool disable_mp;          /* deprecated, no effect */
	bool dual_stack;          /* dualStackAddressFamily */
};

/** An address family and prefix: addr in network byte order (4 or 16 bytes used). */
struct frs_prefix {
	int family;               /* AF_INET or AF_INET6 */
	uint8_t addr[16];
	unsigned len;
};

struct frs_pool {
	struct frs_object obj;
	char **addresses;         /* spec.addresses as written */
	size_t naddresses;
	/* every entry summarised into CIDRs (a range "a-b" may give several);
	 * cidr_entry[i] is the index in addresses of cidrs[i] */
	struct frs_prefix *cidrs;
	size_t *cidr_entry;
	size_t ncidrs;
	bool auto_assign;         /* default true */
	bool avoid_buggy_ips;
	int32_t alloc_priority;
	char **alloc_namespaces;
	size_t nalloc_namespaces;
	struct frs_selectors alloc_namespace_selectors;
	struct frs_selectors alloc_service_selectors;
};

struct frs_bgpadv {
	struct frs_object obj;
	int aggregation_length;    /* default 32 */
	int aggregation_length_v6; /* default 128 */
	uint32_t local_pref;       /* 0 = unset */
	char **communities;        /* as written: "A:B", "large:A:B:C" or an alias */
	size_t ncommunities;
	char **pools;              /* ipAddressPools */
	size_t npools;
	struct frs_selectors pool_selectors;    /* pools and selectors both empty = every pool */
	struct frs_selectors node_selectors;    /* empty = every node */
	struct frs_selectors service_selectors; /* empty = every service */
	char **peers;              /* BGPPeer names; empty = every peer */
	size_t npeers;
};

struct frs_l2adv {
	struct frs_object obj;
	char **pools;
	size_t npools;
	struct frs_selectors pool_selectors;
	struct frs_selectors node_selectors;
	struct frs_selectors service_selectors;
	char **interfaces;
	size_t ninterfaces;
};

struct frs_community_alias {
	char *name;
	char *value;               /* "A:B" or "large:A:B:C" */
};

struct frs_community {
	struct frs_object obj;
	struct frs_community_alias *aliases;
	size_t naliases;
};

/** A BFD profile; has_* says whether a field was given (unset fields are FRR's defaults). */
struct frs_bfd_profile {
	struct frs_object obj;
	bool has_receive_interval, has_transmit_interval, has_detect_multiplier;
	bool has_echo_interval, has_echo_mode, has_passive_mode, has_minimum_ttl;
	uint32_t receive_interval;
	uint32_t transmit_interval;
	uint32_t detect_multiplier;
	uint32_t echo_interval;
	bool echo_mode;
	bool passive_mode;
	uint32_t minimum_ttl;
};

struct frs_secret {
	struct frs_object obj;
	char *type;                /* e.g. "kubernetes.io/basic-auth" */
	char *username;            /* decoded data.username / stringData.username, or NULL */
	char *password;            /* decoded data.password / stringData.password, or NULL */
};

/** One entry of a Service's spec.ports. */
struct frs_service_port {
	char *name;                /* or NULL */
	char *protocol;            /* "TCP" (the default), "UDP" or "SCTP" */
	uint16_t port;
};

/** spec.ipFamilyPolicy; unset is SingleStack. */
enum frs_ip_family_policy {
	FRS_IPFP_SINGLE_STACK,
	FRS_IPFP_PREFER_DUAL_STACK,
	FRS_IPFP_REQUIRE_DUAL_STACK,
};

struct frs_service {
	struct frs_object obj;     /* obj.annotations carry MetalLB's requests */
	char *type;                /* "LoadBalancer", ... */
	char **ingress_ips;        /* status.loadBalancer.ingress[].ip, canonical */
	size_t ningress_ips;
	bool etp_local;            /* externalTrafficPolicy: Local */
	char *lb_class;            /* spec.loadBalancerClass, or NULL */
	char *lb_ip;               /* spec.loadBalancerIP as written, or NULL */
	/* spec.ipFamilies: AF_INET / AF_INET6 in order (the first is the primary), 0 entries
	 * when unset */
	int ip_families[2];
	size_t nip_families;
	enum frs_ip_family_policy ip_family_policy;
	struct frs_service_port *ports;
	size_t nports;
	struct frs_labels selector; /* spec.selector */
};

/** A Namespace: read for its labels (IPAddressPool serviceAllocation.namespaceSelectors). */
struct frs_namespace {
	struct frs_object obj;     /* obj.labels; obj.ns is NULL */
};

struct frs_k8s_node {
	struct frs_object obj;     /* obj.labels are the node's labels */
	bool network_unavailable;  /* condition NetworkUnavailable is True */
};

struct frs_endpoint {
	char **addresses;
	size_t naddresses;
	char *node_name;           /* or NULL */
	bool ready;                /* conditions.ready; absent means ready */
	bool serving;
	bool terminating;
};

struct frs_endpointslice {
	struct frs_object obj;
	char *service;             /* label kubernetes.io/service-name */
	struct frs_endpoint *endpoints;
	size_t nendpoints;
};

/** The whole, validated set. Arrays are sorted by namespace then name. */
struct frs_model {
	struct frs_peer *peers;                 size_t npeers;
	struct frs_pool *pools;                 size_t npools;
	struct frs_bgpadv *bgpadvs;             size_t nbgpadvs;
	struct frs_l2adv *l2advs;               size_t nl2advs;
	struct frs_community *communities;      size_t ncommunities;
	struct frs_bfd_profile *bfd_profiles;   size_t nbfd_profiles;
	struct frs_secret *secrets;             size_t nsecrets;
	struct frs_service *services;           size_t nservices;
	struct frs_k8s_node *nodes;             size_t nnodes;
	struct frs_endpointslice *endpointslices; size_t nendpointslices;
	struct frs_namespace *namespaces;       size_t nnamespaces;
	struct frs_docset docs;                 /* owns every frs_object.src */
	size_t ndocs;                           /* documents read: docs', and those streamed */
	void *priv;
};

/**
 * Load every PATH (see frs_docset_load), validate the whole set against the YANG model and the
 * cross-object rules, and build the model. Every problem found goes to @p errs (all of them, not
 * the first); warnings (unknown kinds, deprecated fields) do not fail the load.
 * Returns FRS_OK and sets *out (free with frs_model_free) when there is no error;
 * FRS_EINPUT when an input could not be read; FRS_EPARSE for malformed YAML/JSON;
 * FRS_EINVALID when the set breaks a rule.
 */
enum frs_err frs_model_load(struct frs_model **out, const char *const *paths, size_t npaths,
			    struct frs_errlist *errs);
/**
 * The same over documents already loaded (the Kubernetes API source's, say): @p set's documents
 * are taken over (the set is left empty, whatever the result) and validated and built exactly as
 * frs_model_load does with the documents of its files.
 */
enum frs_err frs_model_load_docset(struct frs_model **out, struct frs_docset *set,
				   struct frs_errlist *errs);

/**
 * Documents handed over a set at a time, for inputs too large to hold as documents at once:
 * @p next appends the next documents to @p set (empty on entry) and returns FRS_OK, FRS_ENOTFOUND
 * when there are no more, or an error (FRS_EINPUT: reading failed, which fails the load once every
 * set has been read; FRS_ENOMEM stops it).
 */
struct frs_docstream {
	enum frs_err (*next)(void *arg, struct frs_docset *set, struct frs_errlist *errs);
	void *arg;
};
/**
 * frs_model_load_docset over @p set, and then over each set @p more hands over, one at a time:
 * each is validated and converted, then disposed of (m->ndocs counts its documents); its objects
 * keep only where their document starts (frs_object_loc gives that for any field). Only kinds validated one document at
 * a time may come that way (Services, EndpointSlices, Nodes, Namespaces): nothing refers to
 * them, and they refer to nothing in @p set.
 */
enum frs_err frs_model_load_stream(struct frs_model **out, struct frs_docset *set,
				  const struct frs_docstream *more, struct frs_errlist *errs);
void frs_model_free(struct frs_model *m);

/** Whether the model reads objects of this apiVersion and kind (others are warned about). */
bool frs_model_reads_kind(const char *api_version, const char *kind);

/** Lookups by name (namespace NULL matches any); NULL when absent. */
const struct frs_peer *frs_model_peer(const struct frs_model *m, const char *ns, const char *name);
const struct frs_pool *frs_model_pool(const struct frs_model *m, const char *ns, const char *name);
const struct frs_bfd_profile *frs_model_bfd_profile(const struct frs_model *m, const char *ns,
						    const char *name);
const struct frs_secret *frs_model_secret(const struct frs_model *m, const char *ns,
					  const char *name);
const struct frs_k8s_node *frs_model_node(const struct frs_model *m, const char *name);
const struct frs_namespace *frs_model_namespace(const struct frs_model *m, const char *name);

/**
 * Parse an IP address as Go's net.ParseIP (MetalLB's parser): an IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d) is IPv4. Sets *out to the host prefix (/32 or /128); false if @p s is not an IP.
 */
bool frs_ip_parse(struct frs_prefix *out, const char *s);

/** The IPAddressPool one of whose CIDRs holds @p ip (a host prefix), or NULL. */
const struct frs_pool *frs_model_pool_of(const struct frs_model *m, const struct frs_prefix *ip);
/** Whether @p adv announces the IPs of @p pool (same namespace; no pools nor selectors: all). */
bool frs_bgpadv_selects_pool(const struct frs_bgpadv *adv, const struct frs_pool *pool);
/** Whether @p adv announces to @p peer (same namespace; an empty peers list: all). */
bool frs_bgpadv_selects_peer(const struct frs_bgpadv *adv, const struct frs_peer *peer);
/** Whether the session with @p p is iBGP (peerASN == myASN, or dynamicASN internal). */
bool frs_peer_is_ibgp(const struct frs_peer *p);
/** Whether @p ep can take traffic: ready, or terminating but still serving (MetalLB's rule). */
bool frs_endpoint_can_serve(const struct frs_endpoint *ep);

/** The position of @p path (e.g. "spec.holdTime") inside @p obj's document, or of the object. */
struct frs_loc frs_object_loc(const struct frs_object *obj, const char *path);

#endif
