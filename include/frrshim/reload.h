/* SPDX-License-Identifier: MIT */
/* frr-reload semantics: FRR config text → contexts → diff → apply over vty → verify or roll back. */
#ifndef FRRSHIM_RELOAD_H
#define FRRSHIM_RELOAD_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <frrshim/buf.h>
#include <frrshim/err.h>

/*
 * Configurations
 * --------------
 * A parsed FRR configuration: an ordered list of contexts (a tuple of header lines such as
 * ("router bgp 64513", "address-family ipv4 unicast")) each holding an ordered set of lines,
 * normalised to the form FRR 8.4 prints back (whitespace, host bits, IPv6 compression, le/ge
 * order, prefix-list and community-list seq numbers as FRR would assign them, defaults FRR
 * hides removed, `ebgp-multihop` ≡ `ebgp-multihop 255`, ...). Both sides of a diff go through
 * the same normalisation; what a given FRR version prints otherwise is frs_conf_for_frr()'s.
 */
struct frs_conf;

/**
 * Parse FRR configuration text (a config file, or `show running-config` output, with or without
 * the `exit` markers FRR ≥ 8.1 prints). @p name labels diagnostics (a file name; may be NULL).
 * @return FRS_OK; FRS_EPARSE when a line cannot be placed (errs gets file:line and the line;
 *         passwords retracted); FRS_ENOMEM. The caller frees *out with frs_conf_free().
 */
enum frs_err frs_conf_parse(struct frs_conf **out, const char *text, size_t len, const char *name,
			    struct frs_errlist *errs);
/**
 * The same for the file at @p path ("-": stdin), read straight into the configuration's own
 * memory. @return as frs_conf_parse(), or FRS_EIO with errno set when it cannot be read.
 */
enum frs_err frs_conf_parse_file(struct frs_conf **out, const char *path,
				 struct frs_errlist *errs);
void frs_conf_free(struct frs_conf *conf);

/** Number of contexts, and of body lines over all contexts. */
size_t frs_conf_contexts(const struct frs_conf *conf);
size_t frs_conf_lines(const struct frs_conf *conf);

/** Append the normalised configuration, in FRR's layout (one-space indent, `exit` markers). */
enum frs_err frs_conf_print(struct frs_buf *out, const struct frs_conf *conf);

/*
 * Diffs
 * -----
 * What turns running into target: commands to delete, then commands to add, in an order FRR
 * 8.4 accepts (peer-group and remote-as ordering, `no router bgp` of VRF instances first,
 * in-place replacements without a delete, lines that are never deleted left alone).
 */
struct frs_diff;

/**
 * Compute the diff that turns @p running into @p target. Linear in the size of both.
 * @return FRS_OK or FRS_ENOMEM. The caller frees *out with frs_diff_free().
 */
enum frs_err frs_diff_compute(struct frs_diff **out, const struct frs_conf *running,
			      const struct frs_conf *target, struct frs_errlist *errs);
void frs_diff_free(struct frs_diff *diff);

/** Number of delete commands / add commands in @p diff. Both 0: nothing to do. */
size_t frs_diff_deletes(const struct frs_diff *diff);
size_t frs_diff_adds(const struct frs_diff *diff);

enum frs_diff_style {
	/** frr-reload.py --test: "\nLines To Delete\n===...", each command with its context keys
	 *  indented one space per level, then "\nLines To Add\n===...". */
	FRS_DIFF_RELOAD_PY = 0,
	/** The commands as a vtysh -f script: node entries, the command, one `exit` per level. */
	FRS_DIFF_SCRIPT = 1,
};

/** Append @p diff to @p out in @p style. Passwords are printed (it is a config); use
 *  frs_scrub_buf() (frrshim/scrub.h) on text that goes to logs. */
enum frs_err frs_diff_print(struct frs_buf *out, const struct frs_diff *diff,
			    enum frs_diff_style style);
/** The same, written to @p f as it goes. @return FRS_OK, FRS_EIO, FRS_ENOMEM. */
enum frs_err frs_diff_write(FILE *f, const struct frs_diff *diff, enum frs_diff_style style);

/*
 * Reloading a live FRR
 * --------------------
 */

/** A batch's commit happens at the first node exit and takes ≈4.6 ms per list entry in bgpd
 *  8.4 (≈1 min for 11k lines): an exchange may legitimately take that long. */
#define FRS_RELOAD_DEFAULT_TIMEOUT_MS 600000

/** Options for frs_reload_apply(); zero-initialise (FRS_RELOAD_OPTS_INIT) for the defaults. */
struct frs_reload_opts {
	const char *vty_dir;          /**< daemon sockets; NULL: /var/run/frr */
	const char *vtysh_path;       /**< non-NULL: run this vtysh binary (argv, no shell) */
	const char *const *daemons;   /**< NULL-terminated; NULL: zebra, bgpd, bfdd, staticd
				       *   (those whose socket exists) */
	int timeout_ms;               /**< per vty exchange; 0: FRS_RELOAD_DEFAULT_TIMEOUT_MS */
	int dry_run;                  /**< compute the diff against the live config; apply nothing */
	int no_rollback;              /**< on failure, leave FRR as it is (debugging only) */
	unsigned frr_version;         /**< the FRR spoken to (frs_frr_version_parse()); 0: asked
				       *   of the first daemon (`show version`) */
};

#define FRS_RELOAD_OPTS_INIT { NULL, NULL, NULL, 0, 0, 0, 0 }

/*
 * FRR versions
 * ------------
 * A version is major * 100 + minor (804 for 8.4.4, 1003 for 10.3). Versions route commands to
 * different daemons (10.x: prefix-lists, route-maps, nht and static routes go to mgmtd) and hide
 * different defaults; the reloader asks the running FRR unless told.
 */
#define FRS_FRR_VERSION_DEFAULT 804
/** Parse "8.4", "10.3.1", "9.1-dev" or `show version`'s output (leading blank lines skipped).
 *  @return FRS_OK or FRS_EINVALID. */
enum frs_err frs_frr_version_parse(unsigned *out, const char *s);
/**
 * @p c, a config as written, in the form FRR @p ver prints it back, so that a diff against that
 * FRR's running config is empty for a config it runs: what it hides (9.0+: `ip nht
 * resolve-via-default` in the traditional profile; 10.5+: `bgp reject-as-sets`), what it keeps
 * (10.x: an empty `vrf` block), what it drops (before 10.7: `as-set` under `bgp
 * reject-as-sets`; every version: an interface neighbor's `update-source`) and what it adds
 * (8.4: the dpdk provider's debugging line beside `debug zebra dplane`); 10.6 and 10.7's
 * `[no] use-underlays-nexthop-weight` goes, as from a running config
 * (frs_conf_set_frr_version()). *out is NULL when nothing changes: use @p c.
 * @return FRS_OK or FRS_ENOMEM.
 */
enum frs_err frs_conf_for_frr(struct frs_conf **out, const struct frs_conf *c, unsigned ver);
/** Say which FRR printed @p c (a running config read from a file): it is read as a live
 *  reload reads that version's running config (10.x's empty `vrf` blocks kept, 10.6 and 10.7's
 *  use-underlays-nexthop-weight left out), and the diff deletes what that version needs
 *  deleted in its own way. @return FRS_OK or FRS_ENOMEM. */
enum frs_err frs_conf_set_frr_version(struct frs_conf *c, unsigned ver);
struct frs_reload_opts;
/** The version of the FRR whose sockets @p o names (`show version` of the first daemon that
 *  answers). @return FRS_OK, FRS_EUNREACHABLE, FRS_EINVALID (not an FRR version line). */
enum frs_err frs_reload_version(unsigned *out, const struct frs_reload_opts *o);

enum frs_reload_outcome {
	FRS_RELOAD_UNCHANGED = 0,     /**< running already equalled the target; nothing sent */
	FRS_RELOAD_APPLIED = 1,       /**< changes applied and verified */
	FRS_RELOAD_ROLLED_BACK = 2,   /**< failed; the previous config was restored and verified */
	FRS_RELOAD_ROLLBACK_FAILED = 3, /**< failed, and restoring the previous config failed too */
	FRS_RELOAD_NOT_STARTED = 4,   /**< failed before anything was sent (unreachable, parse) */
	FRS_RELOAD_DRY_RUN = 5,       /**< opts.dry_run: diff computed, nothing sent */
};

/** What a reload did. Caller-owned: frs_reload_result_dispose() frees the strings. */
struct frs_reload_result {
	enum frs_reload_outcome outcome;
	size_t lines_deleted;         /**< delete commands sent (first pass) */
	size_t lines_added;           /**< add commands sent (first pass) */
	int rolled_back;              /**< 1 when a rollback was attempted */
	char *error;                  /**< NULL, or `reload error: bgpd: "<cmd>": <FRR message>`;
				       *   one line, passwords retracted */
	char *daemon;                 /**< daemon that failed, or NULL */
	struct timespec started;      /**< CLOCK_REALTIME */
	struct timespec finished;
	struct frs_diff *diff;        /**< the diff computed against the live config (for --test,
				       *   dry runs and logs); may be NULL. It refers to `running`
				       *   and to the target: keep the target until the result goes */
	struct frs_conf *running;     /**< the live config before the reload (the snapshot) */
	struct frs_conf *target_for_frr; /**< the target as the FRR spoken to takes it
				       *   (frs_reload_target()); NULL when that is the target */
	char **warnings;              /**< commands FRR answered with an error or a warning while
				       *   the running config still reached the target, each
				       *   `DAEMON: "CMD": MESSAGE`, passwords retracted */
	size_t nwarnings;
	size_t lines_learned;         /**< lines FRR stores in another form than the target's (or
				       *   hides): accepted, FRR being the truth */
	char **residual;              /**< after a failed rollback: the commands that would still be
				       *   needed to restore the snapshot (frr-reload.py's form,
				       *   context keys first), passwords retracted */
	size_t nresidual;
};

void frs_reload_result_init(struct frs_reload_result *r);
void frs_reload_result_dispose(struct frs_reload_result *r);

/**
 * Read the live configuration: `show running-config` of every daemon in @p o, merged as vtysh
 * merges it. @return FRS_OK, FRS_EUNREACHABLE (no daemon answers), FRS_EPARSE, FRS_ENOMEM.
 */
enum frs_err frs_reload_running(struct frs_conf **out, const struct frs_reload_opts *o,
				struct frs_errlist *errs);

/**
 * @p target as the FRR of @p o, version @p ver, takes it: in the form that version prints it
 * back (frs_conf_for_frr(), on the whole config; when @p target names no `frr defaults`
 * profile, that of @p running, the config it is to be compared with, counts: FRR started with
 * -F datacenter prints `frr defaults datacenter`; NULL: traditional), then with o->daemons
 * only what those daemons take as that version routes commands (frr-reload.py's --daemon; 10.x
 * gives static routes and zebra's prefix-lists to mgmtd). frs_reload_apply() diffs against
 * this once it knows the version; `frrshim reload --test` does the same. *out is NULL when
 * that is @p target. @return FRS_OK or FRS_ENOMEM.
 */
enum frs_err frs_reload_target(struct frs_conf **out, const struct frs_conf *target,
			       const struct frs_conf *running, const struct frs_reload_opts *o,
			       unsigned ver);

/**
 * Make the live FRR run @p target: snapshot, diff, apply (one vty session per daemon, commands
 * batched in XFRR_start_configuration … XFRR_end_configuration, every reply read), re-read
 * and verify, and on any failure restore the snapshot with the same engine. The verify
 * decides: a command FRR answers with an error while its change is made anyway is a warning; a
 * line FRR accepted but stores in another form (or hides) is learned; what still differs is
 * sent once more (order, "last one wins"), and only a running config that then really differs
 * from the target is a reload error. @p result is filled in every case.
 * @return FRS_OK (applied or unchanged or dry run); FRS_EFRR (FRR rejected a command or the
 *         verify failed; rolled back); FRS_EROLLBACK (the rollback failed too);
 *         FRS_EUNREACHABLE / FRS_ETIMEOUT (no daemon, nothing sent); FRS_ENOMEM.
 */
enum frs_err frs_reload_apply(struct frs_reload_result *result, const struct frs_conf *target,
			      const struct frs_reload_opts *o, struct frs_errlist *errs);

/**
 * Write @p r as JSON {result, error, started, finished, lines_deleted, lines_added,
 * rolled_back} to @p path atomically. result is "unchanged", "applied", "rolled-back",
 * "rollback-failed", "not-started" or "dry-run"; times are RFC 3339 UTC.
 */
enum frs_err frs_reload_status_write(const char *path, const struct frs_reload_result *r);

/** frs_scrub_buf() (frrshim/scrub.h) under its old name. */
void frs_reload_scrub(struct frs_buf *b);

/** The string form of @p o ("applied", ...). */
const char *frs_reload_outcome_name(enum frs_reload_outcome o);

#endif
