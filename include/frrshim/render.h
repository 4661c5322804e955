/* SPDX-License-Identifier: MIT */
/* Rendering: a node view into frr.conf text, exactly as FRR (8.4 by default) prints it back. */
#ifndef FRRSHIM_RENDER_H
#define FRRSHIM_RENDER_H

#include <stdbool.h>

#include <frrshim/buf.h>
#include <frrshim/err.h>
#include <frrshim/view.h>

/** Rendering options; zero-initialised means our defaults. */
struct frs_render_opts {
	const char *hostname;   /* a `hostname` line, or NULL for none (FRR keeps the system's) */
	const char *log_level;  /* MetalLB's level names (debug, info, warn, error, none); NULL: info */
	/* one set of prefix-lists per peer, as MetalLB does, instead of sharing identical lists
	 * between peers (only for comparisons: the semantics are the same) */
	bool per_peer_lists;
	/* the FRR whose `show running-config` to match (frs_frr_version_parse(): 1003 for 10.3);
	 * 0: 8.4. 10.x puts prefix-lists and route-maps first, sorted by name, and prints bare
	 * `ebgp-multihop`; 9.0+ hides `ip/ipv6 nht resolve-via-default` */
	unsigned frr_version;
};

/**
 * Render @p v as frr.conf text (appended to @p out): the text `show running-config` prints for it
 * below the "frr version" line, so that loading it and reading it back gives the same bytes.
 * Returns FRS_OK; FRS_EINVALID (in @p errs) if a value cannot be written safely; FRS_ENOMEM.
 */
enum frs_err frs_render_node(struct frs_buf *out, const struct frs_view *v,
			     const struct frs_render_opts *opts, struct frs_errlist *errs);

/** The prefix-list sequence number our renderer derives from a prefix (before collisions). */
uint32_t frs_render_prefix_seq(const struct frs_prefix *p);

#endif
