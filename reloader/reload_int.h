/* SPDX-License-Identifier: MIT */
/* Internals shared by the reloader's parser, diff and apply: contexts, ordered string sets, a map. */
#ifndef FRS_RELOAD_INT_H
#define FRS_RELOAD_INT_H

#include <stddef.h>
#include <stdint.h>

#include <frrshim/reload.h>

#include "../lib/arena.h"
#include "../lib/hmap.h"

/* One context: header lines (keys) and body lines. The struct, keys and id live in the conf's
 * arena or text (a context per list entry: per-context mallocs were a third of the parse). */
struct fctx {
	char **keys;         /* &id itself for a one-key context */
	size_t nkeys;
	char *id;            /* keys joined by '\n': the context's identity */
	uint32_t hash;       /* frs_hash(id) */
	unsigned line_no;    /* where the header was first seen */
	unsigned dead : 1;   /* dropped by normalisation (an empty container) */
	unsigned inactive : 1; /* a `vrf X` zebra 10.x calls "inactive (configured)": no kernel
				* device, so `no vrf X` may delete it (frs_rl__conf_mark_inactive) */
	uint32_t pos;        /* in the conf's v */
	struct frs_strset *lines; /* never NULL: &frs_rl__no_lines until frs_rl__ctx_add() (most
			       * contexts are list entries without lines: 48 bytes, not 112) */
};

/* The lines of every context that has none; never modified. */
extern struct frs_strset frs_rl__no_lines;
/* Add @p line (hash @p h; borrowed: it lives as long as @p c) to @p x of @p c unless present. */
enum frs_err frs_rl__ctx_add(struct frs_conf *c, struct fctx *x, const char *line, uint32_t h);

struct frs_conf {
	struct fctx **v;     /* in the arena */
	size_t n;
	size_t cap;
	uint64_t *index;     /* open addressing on ids: hash << 32 | (position in v + 1); 0 free */
	size_t index_cap;    /* a power of two, at least twice n */
	char *name;
	unsigned frr_ver;    /* the FRR that printed it or that it is meant for; 0: unknown (8.4) */
	struct frs_arena arena; /* the parsed text (lines already in normal form are used in
				 * place), contexts, their keys and ids, normalised lines, index */
};

/* The context with identity @p id (keys joined by '\n'), or NULL. */
struct fctx *frs_rl__conf_find(const struct frs_conf *c, const char *id);
/* The context of @p c with the identity of @p x (another conf's context), or NULL. */
struct fctx *frs_rl__conf_find_ctx(const struct frs_conf *c, const struct fctx *x);
/* Start loading the index slot frs_rl__conf_find_ctx(@p c, @p x) reads first (a hint: a loop
 * over a big config asks a few contexts ahead, so that its lookups' cache misses overlap). */
void frs_rl__conf_prefetch(const struct frs_conf *c, const struct fctx *x);
/* Find or create the context with @p keys (copied). */
enum frs_err frs_rl__conf_ctx(struct fctx **out, struct frs_conf *c, char *const *keys,
			      size_t nkeys);
enum frs_err frs_rl__conf_new(struct frs_conf **out, const char *name);
/* Union of @p src into @p dst (vtysh's merge of the daemons' configs). */
enum frs_err frs_rl__conf_merge(struct frs_conf *dst, const struct frs_conf *src);

/* One command of a diff: the context keys, then the line (NULL: the context itself). */
struct dcmd {
	char **keys;         /* borrowed from the conf */
	size_t nkeys;
	const char *line;    /* borrowed; NULL: the context header */
	int no;              /* 1: render as a delete ("no X", or X without its leading "no ") */
	const char *text;    /* non-NULL: send this instead (a default that replaces a delete) */
	int rejected;        /* the apply: FRR answered this command with an error */
};

struct dlist {
	struct dcmd *v;
	size_t n;
	size_t cap;
};

struct frs_diff {
	struct dlist del;
	struct dlist add;
};

/* Render one command (without the context keys) into @p out. */
enum frs_err frs_rl__cmd_text(struct frs_buf *out, const struct dcmd *c);

/* True when @p key opens a context (router bgp, address-family, route-map, bfd, profile …). */
int frs_rl__is_context_key(const char *key);

/* Top-level words that FRR never lets a reload delete or add (frr version, service ...). */
int frs_rl__unconfigurable(const char *key);

/* ---- the keyword grammar (keywords.c) ---- */

struct kw {
	const char *word;           /* prefix; without a trailing space it must end the word */
	const struct kw *children;
	const char *const *body;    /* first words accepted in the body; NULL: anything */
};

extern const struct kw frs_rl__kw_top[];
/* Commands that exist only at the top level: they end any context opened without `exit`. */
extern const char *const frs_rl__top_only[];
/* First words of the commands accepted at the top level. */
extern const char *const frs_rl__top_words[];
/* First words of a bfd peer's or profile's body. */
extern const char *const frs_rl__body_bfd_session[];
/* The entry of @p list (NULL: none) whose keyword starts @p line, or NULL. */
const struct kw *frs_rl__kw_find(const struct kw *list, const char *line);
/* Whether @p line's first word is one of @p words. */
int frs_rl__word_in(const char *line, const char *const *words);
/* Whether @p line starts with one of the keywords of @p list. */
int frs_rl__starts_any(const char *line, const char *const *list);
/* The one word of @p cands that @p w (@p len bytes, at least 2) abbreviates (FRR's CLI takes
 * any unique prefix of a keyword); NULL when @p w is whole or abbreviates none or several.
 * @p others (NULL-terminated lists, may be NULL) hold words that would make it ambiguous
 * where the line may stand. */
const char *frs_rl__complete(const char *w, size_t len, const char *const *cands,
			     const char *const *const *others);
/* @p line with the abbreviated keywords of a context-opening command completed (`int X` is
 * `interface X`, `address-family ipv4` is `address-family ipv4 unicast`) into @p out: 1 when
 * something was completed, 0 when @p line is whole, -1 when out of memory. */
int frs_rl__expand(struct frs_buf *out, const char *line);
/* Whether @p line, at `router bgp` level, is an ipv4 unicast command that bgpd moves into
 * `address-family ipv4 unicast` (network, redistribute, neighbor X route-map …). */
int frs_rl__ipv4_unicast_cmd(const char *line);

/* ---- normalisation (normalise.c) ---- */

/* Per-parse state for FRR's automatic sequence numbers. */
struct seqstate {
	struct frs_strset keys;   /* list keys ("ip prefix-list NAME") */
	size_t *maxv;         /* highest seq of keys.v[i] */
	size_t maxcap;
	struct frs_strset seen;   /* "list key|entry" of seq-less entries: duplicates FRR ignores */
	size_t last;          /* keys.v[last] was the previous entry's list: lists come in runs */
	size_t lastlen;
	struct frs_arena arena; /* the strings of keys and seen */
};

void frs_rl__seq_dispose(struct seqstate *s);
/* The position of list @p lk (@p len bytes) in @p st, added when new. */
enum frs_err frs_rl__seq_list(struct seqstate *st, const char *lk, size_t len, size_t *pos);
/* Whether @p s (up to @p e) is `network A.B.C.D/L` in FRR's form under router bgp @p keys. */
int frs_rl__plain_network(const char *s, const char *e, char *const *keys);
/* When @p s (up to @p e) is an IPv4 prefix-list entry in FRR's form: the length of its list key
 * ("ip prefix-list NAME"), its seq in *seq; else 0. */
size_t frs_rl__plain_plist_entry(const char *s, const char *e, long *seq);
/* @p line, in context @p keys, in FRR's printed form into @p out; *present 0 for a hidden
 * default. FRS_EPARSE for a malformed line. */
enum frs_err frs_rl__norm_line(struct frs_buf *out, int *present, char *const *keys, size_t nkeys,
			       const char *line, struct seqstate *st);

/* ---- contexts (conf.c) ---- */

/* Room for @p n more contexts and their index slots. */
enum frs_err frs_rl__conf_reserve(struct frs_conf *c, size_t n);
/* Find or create the context @p id (@p idlen bytes, hash @p h) of @p nkeys keys; @p stable: @p id
 * lives as long as @p c and is used as it is, else it is copied. */
enum frs_err frs_rl__conf_get(struct fctx **out, struct frs_conf *c, const char *id, size_t idlen,
			      uint32_t h, size_t nkeys, int stable);
/* Mark the containers FRR does not print when empty as dead. */
void frs_rl__conf_drop_empty(struct frs_conf *c);

/* ---- the sidecar's helpers (sidecar.c, sidecar_exec.c) ---- */

/*
 * Append `key=value` to @p b in logfmt: a leading space unless @p b is empty; the value is
 * quoted when it holds a space, '=', '"', or a control character (escaped as \n, \t, \").
 */
enum frs_err frs_sidecar_logfmt_kv(struct frs_buf *b, const char *key, const char *value);

/*
 * Run @p argv (argv[0] a path or a name looked up in PATH) with default signal handling, stdin
 * from /dev/null, stdout and stderr captured into @p out. *status gets the exit code (128+signal
 * when killed). FRS_ESYS when it could not be started.
 */
enum frs_err frs_sidecar_spawn(int *status, struct frs_buf *out, char *const argv[]);

/* ---- routing (route.c) ---- */

/* Whether daemon @p d takes command @p c, as vtysh routes it. */
int frs_rl__routes_to(unsigned ver, const char *d, const struct dcmd *c);
/* Whether a delete of @p c goes to daemon @p d, which has the line (@p present) or not: 8.x
 * sends it wherever the line is; 9.0+ only where the command is also taken (zebra 10.x prints the
 * prefix-lists mgmtd gives it but rejects the command). */
int frs_rl__deletes_to(unsigned ver, const char *d, const struct dcmd *c, int present);
/* The command that enters configuration mode on daemon @p d: mgmtd (9.0+) commits only what a
 * session that holds its candidate datastore's lock sends, as `vtysh -f` does. */
const char *frs_rl__config_enter(unsigned ver, const char *d);
/* How many commands may be in flight to daemon @p d (@p dflt for most): mgmtd 10.x loses the
 * input that arrives while a command waits on its datastore or back ends (a batch of prefix-list
 * deletes sent back to back hangs its commit), so it gets one at a time, as vtysh sends. */
size_t frs_rl__window(unsigned ver, const char *d, size_t dflt);

/* ---- FRR versions (version.c) ---- */

/* The version `vtysh -c 'show version'` reports (the FRR it was built with: the daemons'). */
enum frs_err frs_rl__vtysh_version(const struct frs_reload_opts *o, unsigned *out);
/* The FRR version @p vty's daemon reports (`show version`). */
struct frs_vty;
enum frs_err frs_rl__version_detect(unsigned *out, struct frs_vty *vty);
/* @p v, or FRS_FRR_VERSION_DEFAULT when 0 (unknown). */
unsigned frs_rl__version_or_default(unsigned v);
/* @p c, a running config as FRR @p ver printed it, read as the target is compared: the empty
 * blocks that version shows although 8.4 does not (a `vrf X` on 10.x) made live again, and the
 * lines it prints that tell nothing (10.6 and 10.7's use-underlays-nexthop-weight) left out.
 * @return FRS_OK or FRS_ENOMEM. */
enum frs_err frs_rl__conf_as_read(struct frs_conf *c, unsigned ver);
/* frs_conf_for_frr() of @p c to be compared with @p running (NULL: not known), whose profile
 * (`frr defaults datacenter`, as FRR started with -F datacenter prints it) counts when @p c
 * names none. */
enum frs_err frs_rl__conf_for_frr(struct frs_conf **out, const struct frs_conf *c, unsigned ver,
				  const struct frs_conf *running);
/*
 * Whether line @p l of context @p x is `neighbor NAME update-source ...` at `router bgp` level
 * for a NAME that @p x declares an interface neighbor (`neighbor NAME interface ...`, a
 * peer-group member's too). bgpd keeps nothing of it: peer_update_source_vty() returns
 * CMD_WARNING, with no message, for a peer with conf_if, before it looks at the source, so the
 * line is never printed, the session is not touched, and `no neighbor NAME update-source` is
 * refused the same way (bgpd/bgp_vty.c of 8.4.4, 10.3 and 10.7.1; measured on all three, in a
 * vrf's instance too: doc/frr-10.3-canonical.md). A peer-group's update-source does reach its
 * interface members (the group's loop does not ask). Such a line is neither compared nor sent.
 */
int frs_rl__iface_update_source(const struct fctx *x, const char *l);
/* Mark the `vrf X` contexts of @p c that zebra's `show vrf` (@p text) says are inactive and
 * configured; the others (a kernel VRF) are never deleted whole. */
void frs_rl__conf_mark_inactive(struct frs_conf *c, const char *text);
/* Whether @p c has a live `vrf X` context that zebra 10.x should be asked about. */
int frs_rl__conf_has_vrf(const struct frs_conf *c);

#endif
