/* SPDX-License-Identifier: MIT */
/* IP assignment as MetalLB's controller decides it: which pools can serve a Service, and why not. */
#ifndef FRRSHIM_ASSIGN_H
#define FRRSHIM_ASSIGN_H

#include <stdbool.h>
#include <stddef.h>

#include <frrshim/err.h>
#include <frrshim/model.h>

/** Why a Service gets (or keeps) no IP. Numbers are frozen. */
enum frs_assign_reason {
	FRS_ASSIGN_OK = 0,                 /* an IP can be assigned (or the assigned one is valid) */
	FRS_ASSIGN_NOT_LOADBALANCER = 1,   /* spec.type is not LoadBalancer */
	FRS_ASSIGN_OTHER_CLASS = 2,        /* spec.loadBalancerClass is set: not MetalLB's */
	FRS_ASSIGN_NO_POOL = 3,            /* no pool can auto-assign to the Service */
	FRS_ASSIGN_REQUESTED_NO_POOL = 4,  /* a requested IP that no pool holds */
	FRS_ASSIGN_REQUESTED_EXCLUDED = 5, /* a requested IP whose pool's serviceAllocation excludes it */
	FRS_ASSIGN_POOL_UNKNOWN = 6,       /* the address-pool annotation names no pool */
	FRS_ASSIGN_POOL_EXCLUDED = 7,      /* the address-pool annotation's pool excludes the Service */
	FRS_ASSIGN_DUAL_STACK = 8,         /* RequireDualStack, no usable pool holds both families */
	FRS_ASSIGN_FAMILY = 9,             /* no usable pool holds the Service's address family */
	FRS_ASSIGN_SHARING_KEY = 10,       /* the IP is another Service's and the sharing keys differ */
	FRS_ASSIGN_SHARING_PORTS = 11,     /* same sharing key, but a port/protocol is used by both */
	FRS_ASSIGN_SHARING_BACKEND = 12,   /* same key and ports apart, but externalTrafficPolicy or
	                                    * (for Local) the selectors differ */
	FRS_ASSIGN_OUTSIDE_POOLS = 13,     /* the assigned IP is in no pool (the controller drops it) */
	FRS_ASSIGN_BAD_REQUEST = 14,       /* the requested IPs are not IPs, or two of one family */
};

/** A short phrase for @p r (static). */
const char *frs_assign_reason_text(enum frs_assign_reason r);

/** One check, one line: what was checked, whether it holds, and what to look at next. */
struct frs_assign_check {
	bool ok;
	/* a pool that is not used, and why: information, not a failure by itself */
	bool info;
	enum frs_assign_reason reason; /* FRS_ASSIGN_OK when ok and not info */
	char *text;                    /* "pool metallb-system/a: ..." */
	char *next;                    /* the next thing to look at, or NULL */
};

/** The IP assignment phase of one Service. */
struct frs_assign {
	bool ok;                       /* every check holds */
	enum frs_assign_reason reason; /* the first failing check's, or FRS_ASSIGN_OK */
	struct frs_assign_check *checks;
	size_t nchecks;
};

/**
 * Walk MetalLB's allocation of @p svc over @p m: its class and type; the requested IPs
 * (spec.loadBalancerIP, the metallb.universe.tf/ and metallb.io/ loadBalancerIPs annotations)
 * or pool (address-pool annotation); each pool's serviceAllocation (namespaces,
 * namespaceSelectors over the model's Namespace objects, serviceSelectors, priority) and
 * autoAssign; the address families the Service needs (ipFamilies, ipFamilyPolicy); and, for
 * each IP it asks for or holds that another Service holds too, MetalLB's sharing rules
 * (allow-shared-ip keys, ports, externalTrafficPolicy and selectors). Pure: no live state.
 * Sets *out (free with frs_assign_free). FRS_ENOMEM or FRS_OK.
 */
enum frs_err frs_assign_explain(struct frs_assign **out, const struct frs_model *m,
				const struct frs_service *svc);
void frs_assign_free(struct frs_assign *a);

/**
 * Whether pool @p p's serviceAllocation admits @p svc (namespaces, namespaceSelectors against
 * the Namespace objects of @p m, serviceSelectors): MetalLB's isPoolCompatibleWithService.
 */
bool frs_assign_pool_admits(const struct frs_model *m, const struct frs_pool *p,
			    const struct frs_service *svc);

#endif
