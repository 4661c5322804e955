/* SPDX-License-Identifier: MIT */
/* The long-running reloader: one worker turning change notices into debounced, deduplicated reloads. */
#ifndef FRRSHIM_SIDECAR_H
#define FRRSHIM_SIDECAR_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <frrshim/buf.h>
#include <frrshim/err.h>

/** What one apply changed; filled by the apply callback. */
struct frs_sidecar_result {
	unsigned lines_deleted;
	unsigned lines_added;
	char *warnings;      /* NULL, or FRR's error replies to commands whose change was made
			      * anyway, one per line (malloc'd; the sidecar frees it) */
};

/**
 * Produce the desired configuration (read a file, render manifests...) into @p out.
 * On failure the diagnostics go to @p errs and nothing is applied.
 */
typedef enum frs_err (*frs_sidecar_source_fn)(void *arg, struct frs_buf *out,
					      struct frs_errlist *errs);
/**
 * Make FRR run @p conf. A failure must leave FRR as it was (the engine rolls back).
 * FRS_EUNREACHABLE/FRS_ETIMEOUT/FRS_EIO/FRS_ESYS/FRS_EROLLBACK are retried with backoff;
 * other codes mean the configuration itself is bad and it is not retried until it changes.
 */
typedef enum frs_err (*frs_sidecar_apply_fn)(void *arg, const char *conf,
					     struct frs_sidecar_result *res,
					     struct frs_errlist *errs);
/** FRR's running configuration as text (for the running-config file); may be NULL. */
typedef enum frs_err (*frs_sidecar_running_fn)(void *arg, struct frs_buf *out);
/** Receives one complete logfmt line, without newline, already scrubbed of passwords. */
typedef void (*frs_sidecar_log_fn)(void *arg, const char *line);

/** Caller-owned options; strings are borrowed for the sidecar's lifetime. NULL paths: not written. */
struct frs_sidecar_opts {
	const char *pid_file;            /* our pid, no newline, written once signals are caught */
	const char *status_file;         /* "<epoch> success|failure" (MetalLB's .status) */
	const char *last_error_file;     /* frr-k8s: last error text, empty after a success */
	const char *running_config_file; /* frr-k8s: running config after each reload */
	const char *state_file;          /* JSON, like frr-k8s's FRRNodeState status */
	const char *save_file;           /* the applied config, for FRR's own restart */
	const char *watch_dir;           /* inotify-watched directory, or NULL */
	const char *frr_pid_file;        /* bgpd's pid file: a new pid means FRR restarted */
	const char *node;                /* reported in the state file */
	int debounce_ms;                 /* quiet time before a reload; 0 means 200 */
	int backoff_min_ms;              /* first retry delay; 0 means 500 */
	int backoff_max_ms;              /* retry delay cap; 0 means 30000 */
	int frr_poll_ms;                 /* how often the pid file is checked; 0 means 2000 */
	bool apply_at_start;             /* run a cycle at start (the source may already be there) */
	frs_sidecar_source_fn source;
	void *source_arg;
	frs_sidecar_apply_fn apply;
	void *apply_arg;
	frs_sidecar_running_fn running;
	void *running_arg;
	frs_sidecar_log_fn log;
	void *log_arg;
};

struct frs_sidecar;

/**
 * The signals the sidecar handles (SIGHUP, SIGTERM, SIGINT). Block them first thing in main,
 * before any thread starts, so that none is lost or kills the process before frs_sidecar_run().
 */
enum frs_err frs_sidecar_block_signals(sigset_t *old);

/** Validate @p opts, open the signal and inotify descriptors. Free with frs_sidecar_free(). */
enum frs_err frs_sidecar_new(struct frs_sidecar **out, const struct frs_sidecar_opts *opts,
			     struct frs_errlist *errs);
void frs_sidecar_free(struct frs_sidecar *sc);

/**
 * Write the pid file, then serve until SIGTERM or SIGINT: FRS_OK after a clean stop (pid file
 * removed). Returns early only for a system error before the loop starts.
 */
enum frs_err frs_sidecar_run(struct frs_sidecar *sc, struct frs_errlist *errs);

/** Ask a running frs_sidecar_run() to stop (thread- and signal-safe). */
void frs_sidecar_stop(struct frs_sidecar *sc);

/**
 * Tell a running sidecar that its source changed (thread-safe): a debounced cycle follows, as
 * after a change in the watched directory. For sources that are not files (the API server).
 */
void frs_sidecar_notify(struct frs_sidecar *sc);

/**
 * Log a line as the sidecar logs its own (logfmt with ts, level and msg, passwords scrubbed,
 * through opts->log): @p kv is NULL-ended key, value pairs, NULL values skipped. Thread-safe.
 */
void frs_sidecar_log(struct frs_sidecar *sc, const char *level, const char *msg,
		     const char *const *kv);

/**
 * Append the sidecar's series in Prometheus text format: config_stale/loaded gauges,
 * frrshim_reloads_total{result}, frrshim_reload_duration_seconds. Thread-safe.
 */
enum frs_err frs_sidecar_metrics(struct frs_sidecar *sc, struct frs_buf *out);

/** Settings of the external backends below; strings borrowed. NULL means the default. */
struct frs_sidecar_exec {
	const char *python;     /* "python3" */
	const char *frr_reload; /* "/usr/lib/frr/frr-reload.py" */
	const char *vtysh;      /* "/usr/bin/vtysh" */
	const char *vty_dir;    /* vty sockets, "/var/run/frr" */
	const char *confdir;    /* where vtysh.conf is, "/etc/frr" */
	const char *tmpdir;     /* for the file handed to frr-reload.py, "/tmp" */
	const char *conf_name;  /* names the configuration in diagnostics (its file) */
};

/**
 * A frs_sidecar_apply_fn running frr-reload.py (--test, then --reload) as frr-reloader.sh does:
 * the compatibility backend (@p arg is a struct frs_sidecar_exec). Its output becomes the
 * diagnostics; FRS_EUNREACHABLE when bgpd does not answer, FRS_EFRR otherwise.
 */
enum frs_err frs_sidecar_apply_frr_reload(void *arg, const char *conf,
					  struct frs_sidecar_result *res, struct frs_errlist *errs);

/** A frs_sidecar_running_fn: `vtysh -c "show running-config"` (@p arg: struct frs_sidecar_exec). */
enum frs_err frs_sidecar_running_vtysh(void *arg, struct frs_buf *out);

#endif
