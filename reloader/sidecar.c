/* SPDX-License-Identifier: MIT */
/* The long-running reloader: one worker turning change notices into debounced, deduplicated reloads. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include <frrshim/file.h>
#include <frrshim/reload.h>
#include <frrshim/scrub.h>
#include <frrshim/sidecar.h>

#include "../lib/hmap.h"
#include "reload_int.h"

#define NBUCKETS 12
static const double buckets[NBUCKETS] = {
	0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
};

enum { RES_SUCCESS, RES_FAILURE, RES_SKIPPED, RES_N };
static const char *const res_names[RES_N] = { "success", "failure", "skipped" };

struct frs_sidecar {
	struct frs_sidecar_opts o;
	int sigfd;
	int inofd;
	int wd;
	int stopfd;
	int notifyfd;          /* frs_sidecar_notify(): the source changed */

	/* worker state: touched only by the thread in frs_sidecar_run() */
	bool pending;          /* a change notice waits for its debounce */
	bool force;            /* the next cycle applies even an unchanged config */
	int64_t first_ms;      /* when the pending burst began */
	int64_t due_ms;        /* when the pending cycle runs */
	int64_t retry_ms;      /* 0, or when a failed reload is retried */
	int backoff_ms;        /* the next retry delay */
	int64_t poll_ms;       /* next FRR pid check */
	long frr_pid;          /* last bgpd pid seen; 0 when not running */
	bool have_desired;     /* the source produced a configuration at least once */
	bool have_applied;
	uint64_t applied_hash;
	bool have_rejected;
	uint64_t rejected_hash; /* a config FRR refused: not retried until it changes */

	/* shared with metrics readers */
	pthread_mutex_t mu;
	bool stale;
	bool loaded;
	uint64_t reloads[RES_N];
	uint64_t hist[NBUCKETS];
	uint64_t hist_count;
	double hist_sum;

	/* reported in the state file */
	char *conv_result;
	char conv_time[40];
	char *reload_result;
	char reload_time[40];
	unsigned lines_deleted, lines_added;
	double duration_s;
};

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void utc_now(char *out, size_t size)
{
	struct timespec ts;
	struct tm tm;
	char date[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);

	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, size, "%s.%03uZ", date, (unsigned)(ts.tv_nsec / 1000000) % 1000);
}


enum frs_err frs_sidecar_logfmt_kv(struct frs_buf *b, const char *key, const char *value)
{
	bool quote = *value == '\0';
	enum frs_err rc = FRS_OK;

	for (const char *p = value; *p && !quote; p++)
		if (*p == ' ' || *p == '=' || *p == '"' || (unsigned char)*p < 0x20 || *p == 0x7f)
			quote = true;
	if (b->len)
		rc |= frs_buf_putc(b, ' ');
	rc |= frs_buf_puts(b, key);
	rc |= frs_buf_putc(b, '=');
	if (!quote)
		return rc | frs_buf_puts(b, value);
	rc |= frs_buf_putc(b, '"');
	for (const char *p = value; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"' || c == '\\')
			rc |= frs_buf_addf(b, "\\%c", c);
		else if (c == '\n')
			rc |= frs_buf_puts(b, "\\n");
		else if (c == '\t')
			rc |= frs_buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			rc |= frs_buf_addf(b, "\\u%04x", c);
		else
			rc |= frs_buf_putc(b, (char)c);
	}
	rc |= frs_buf_putc(b, '"');
	return rc ? FRS_ENOMEM : FRS_OK;
}

/* One log line: level, msg, then NULL-terminated key, value pairs (NULL values are skipped). */
void frs_sidecar_log(struct frs_sidecar *sc, const char *level, const char *msg,
		     const char *const *kv)
{
	struct frs_buf line = FRS_BUF_INIT, v = FRS_BUF_INIT;
	char ts[40];

	if (!sc->o.log)
		return;
	utc_now(ts, sizeof(ts));
	frs_sidecar_logfmt_kv(&line, "ts", ts);
	frs_sidecar_logfmt_kv(&line, "level", level);
	frs_buf_puts(&v, msg);
	frs_scrub_buf(&v);
	frs_sidecar_logfmt_kv(&line, "msg", frs_buf_cstr(&v));
	for (size_t i = 0; kv && kv[i]; i += 2) {
		if (!kv[i + 1])
			continue;
		frs_buf_clear(&v);
		frs_buf_puts(&v, kv[i + 1]);
		frs_scrub_buf(&v);
		frs_sidecar_logfmt_kv(&line, kv[i], frs_buf_cstr(&v));
	}
	if (line.ptr)
		sc->o.log(sc->o.log_arg, line.ptr);
	frs_buf_dispose(&v);
	frs_buf_dispose(&line);
}

void frs_sidecar_notify(struct frs_sidecar *sc)
{
	uint64_t one = 1;
	ssize_t n = write(sc->notifyfd, &one, sizeof(one));

	(void)n;
}

static void slog(struct frs_sidecar *sc, const char *level, const char *msg, ...)
{
	const char *kv[33];
	size_t n = 0;
	va_list ap;

	va_start(ap, msg);
	while (n + 2 < sizeof(kv) / sizeof(kv[0]) && (kv[n] = va_arg(ap, const char *))) {
		kv[n + 1] = va_arg(ap, const char *);
		n += 2;
	}
	va_end(ap);
	kv[n] = NULL;
	frs_sidecar_log(sc, level, msg, kv);
}

enum frs_err frs_sidecar_block_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	return pthread_sigmask(SIG_BLOCK, &set, old) ? FRS_ESYS : FRS_OK;
}

static enum frs_err watch_add(struct frs_sidecar *sc)
{
	sc->wd = inotify_add_watch(sc->inofd, sc->o.watch_dir,
				   IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM |
				   IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF);
	return sc->wd < 0 ? FRS_ESYS : FRS_OK;
}

enum frs_err frs_sidecar_new(struct frs_sidecar **out, const struct frs_sidecar_opts *opts,
			     struct frs_errlist *errs)
{
	struct frs_sidecar *sc;
	sigset_t set;
	enum frs_err rc = FRS_ESYS;

	if (!opts->source || !opts->apply)
		return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EARG),
					  "the sidecar needs a source and an apply function");
	sc = calloc(1, sizeof(*sc));
	if (!sc)
		return FRS_ENOMEM;
	sc->o = *opts;
	sc->sigfd = sc->inofd = sc->stopfd = sc->notifyfd = sc->wd = -1;
	if (!sc->o.debounce_ms)
		sc->o.debounce_ms = 200;
	if (!sc->o.backoff_min_ms)
		sc->o.backoff_min_ms = 500;
	if (!sc->o.backoff_max_ms)
		sc->o.backoff_max_ms = 30000;
	if (sc->o.backoff_max_ms < sc->o.backoff_min_ms)
		sc->o.backoff_max_ms = sc->o.backoff_min_ms;
	if (!sc->o.frr_poll_ms)
		sc->o.frr_poll_ms = 2000;
	sc->backoff_ms = sc->o.backoff_min_ms;
	pthread_mutex_init(&sc->mu, NULL);

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sc->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sc->sigfd < 0) {
		frs_errlist_report(errs, FRS_DIAG(.code = FRS_ESYS), "signalfd: %s",
				   strerror(errno));
		goto done;
	}
	sc->stopfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	sc->notifyfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (sc->stopfd < 0 || sc->notifyfd < 0) {
		frs_errlist_report(errs, FRS_DIAG(.code = FRS_ESYS), "eventfd: %s",
				   strerror(errno));
		goto done;
	}
	if (sc->o.watch_dir) {
		sc->inofd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (sc->inofd < 0 || watch_add(sc)) {
			frs_errlist_report(errs, FRS_DIAG(.code = FRS_ESYS), "cannot watch %s: %s",
					   sc->o.watch_dir, strerror(errno));
			goto done;
		}
	}
	rc = FRS_OK;
done:
	if (rc) {
		frs_sidecar_free(sc);
		return rc;
	}
	*out = sc;
	return FRS_OK;
}

void frs_sidecar_free(struct frs_sidecar *sc)
{
	if (!sc)
		return;
	if (sc->sigfd >= 0)
		close(sc->sigfd);
	if (sc->inofd >= 0)
		close(sc->inofd);
	if (sc->stopfd >= 0)
		close(sc->stopfd);
	if (sc->notifyfd >= 0)
		close(sc->notifyfd);
	pthread_mutex_destroy(&sc->mu);
	free(sc->conv_result);
	free(sc->reload_result);
	free(sc);
}

void frs_sidecar_stop(struct frs_sidecar *sc)
{
	uint64_t one = 1;
	ssize_t n = write(sc->stopfd, &one, sizeof(one));

	(void)n;
}

/* bgpd's pid from its pid file, or 0 when it is not running. */
static long frr_pid(const struct frs_sidecar *sc)
{
	struct frs_buf b = FRS_BUF_INIT;
	long pid = 0;
	char *end;

	if (!sc->o.frr_pid_file || frs_file_read(&b, sc->o.frr_pid_file))
		goto done;
	pid = strtol(frs_buf_cstr(&b), &end, 10);
	if (pid <= 0 || (*end && *end != '\n'))
		pid = 0;
	/* EPERM: alive but not ours (another container of a shared pid namespace) */
	else if (kill((pid_t)pid, 0) && errno == ESRCH)
		pid = 0;
done:
	frs_buf_dispose(&b);
	return pid;
}

static void write_file(struct frs_sidecar *sc, const char *path, const char *data, size_t len,
		       mode_t mode)
{
	if (!path)
		return;
	if (frs_file_write_atomic(path, data, len, mode))
		slog(sc, "warn", "cannot write file", "path", path, "error", strerror(errno),
		     (char *)NULL);
}

/* MetalLB's .status: "<epoch> success|failure", no newline. */
static void write_status(struct frs_sidecar *sc, bool ok)
{
	char s[64];
	int n = snprintf(s, sizeof(s), "%lld %s", (long long)time(NULL), ok ? "success" : "failure");

	write_file(sc, sc->o.status_file, s, (size_t)n, 0644);
}

static void write_scrubbed(struct frs_sidecar *sc, const char *path, const char *text)
{
	struct frs_buf b = FRS_BUF_INIT;

	if (!path)
		return;
	frs_buf_puts(&b, text);
	frs_scrub_buf(&b);
	write_file(sc, path, frs_buf_cstr(&b), b.len, 0600);
	frs_buf_dispose(&b);
}

static void write_running(struct frs_sidecar *sc)
{
	struct frs_buf b = FRS_BUF_INIT;

	if (!sc->o.running_config_file || !sc->o.running)
		return;
	if (sc->o.running(sc->o.running_arg, &b) == FRS_OK)
		write_scrubbed(sc, sc->o.running_config_file, frs_buf_cstr(&b));
	frs_buf_dispose(&b);
}

static void write_state(struct frs_sidecar *sc)
{
	cJSON *root, *r;
	char hash[24];
	char *text = NULL;

	if (!sc->o.state_file)
		return;
	root = cJSON_CreateObject();
	if (!root)
		return;
	if (sc->o.node)
		cJSON_AddStringToObject(root, "node", sc->o.node);
	pthread_mutex_lock(&sc->mu);
	cJSON_AddStringToObject(root, "lastConversionResult",
				sc->conv_result ? sc->conv_result : "");
	cJSON_AddStringToObject(root, "lastConversionTime", sc->conv_time);
	cJSON_AddStringToObject(root, "lastReloadResult",
				sc->reload_result ? sc->reload_result : "");
	cJSON_AddStringToObject(root, "lastReloadTime", sc->reload_time);
	if (sc->have_applied) {
		snprintf(hash, sizeof(hash), "%016" PRIx64, sc->applied_hash);
		cJSON_AddStringToObject(root, "appliedConfigHash", hash);
	} else {
		cJSON_AddNullToObject(root, "appliedConfigHash");
	}
	cJSON_AddNumberToObject(root, "linesDeleted", sc->lines_deleted);
	cJSON_AddNumberToObject(root, "linesAdded", sc->lines_added);
	cJSON_AddNumberToObject(root, "durationSeconds", sc->duration_s);
	cJSON_AddBoolToObject(root, "stale", sc->stale);
	cJSON_AddBoolToObject(root, "loaded", sc->loaded);
	r = cJSON_AddObjectToObject(root, "reloads");
	for (int i = 0; r && i < RES_N; i++)
		cJSON_AddNumberToObject(r, res_names[i], (double)sc->reloads[i]);
	pthread_mutex_unlock(&sc->mu);
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text)
		return;
	/* the results were scrubbed before they were stored: scrubbing JSON could eat a quote */
	write_file(sc, sc->o.state_file, text, strlen(text), 0600);
	free(text);
}

static void set_text(char **slot, const char *text)
{
	char *s = strdup(text);

	if (!s)
		return;
	free(*slot);
	*slot = s;
}

static void count(struct frs_sidecar *sc, int res, double secs)
{
	pthread_mutex_lock(&sc->mu);
	sc->reloads[res]++;
	if (res != RES_SKIPPED) {
		for (int i = 0; i < NBUCKETS; i++)
			if (secs <= buckets[i])
				sc->hist[i]++;
		sc->hist_count++;
		sc->hist_sum += secs;
	}
	pthread_mutex_unlock(&sc->mu);
}

static bool transient(enum frs_err rc)
{
	return rc == FRS_EUNREACHABLE || rc == FRS_ETIMEOUT || rc == FRS_EIO || rc == FRS_ESYS ||
	       rc == FRS_EROLLBACK || rc == FRS_ENOMEM;
}

/* "file:line:column" of a diagnostic, or "" */
static void err_where(const struct frs_error *e, char *out, size_t size)
{
	out[0] = '\0';
	if (e->file && e->line)
		snprintf(out, size, "%s:%u:%u", e->file, e->line, e->column);
	else if (e->file)
		snprintf(out, size, "%s", e->file);
}

static void conversion_failed(struct frs_sidecar *sc, enum frs_err rc, struct frs_errlist *errs)
{
	struct frs_buf msg = FRS_BUF_INIT;
	char where[512], obj[512];
	size_t nerr = 0;

	for (size_t i = 0; i < errs->n; i++) {
		const struct frs_error *e = &errs->v[i];
		bool err = e->severity == FRS_SEV_ERROR;

		err_where(e, where, sizeof(where));
		obj[0] = '\0';
		if (e->name)
			snprintf(obj, sizeof(obj), "%s%s%s", e->ns ? e->ns : "", e->ns ? "/" : "",
				 e->name);
		slog(sc, err ? "error" : "warn", err ? "invalid configuration" : "configuration warning",
		     "at", where[0] ? where : NULL, "kind", e->kind, "object", obj[0] ? obj : NULL,
		     "field", e->path, "error", e->message, (char *)NULL);
		if (err && nerr++ == 0)
			frs_buf_addf(&msg, "failed: %s%s%s", where, where[0] ? ": " : "",
				     e->message ? e->message : frs_strerror(rc));
	}
	if (!nerr)
		frs_buf_addf(&msg, "failed: %s", frs_strerror(rc));
	frs_scrub_buf(&msg);
	pthread_mutex_lock(&sc->mu);
	sc->stale = true;
	set_text(&sc->conv_result, frs_buf_cstr(&msg));
	utc_now(sc->conv_time, sizeof(sc->conv_time));
	pthread_mutex_unlock(&sc->mu);
	slog(sc, "error", "configuration not applied; the last valid one keeps running",
	     "stale", "true", (char *)NULL);
	write_status(sc, false);
	write_scrubbed(sc, sc->o.last_error_file, frs_buf_cstr(&msg));
	write_state(sc);
	frs_buf_dispose(&msg);
}

static void reload_failed(struct frs_sidecar *sc, enum frs_err rc, struct frs_errlist *errs,
			  uint64_t h, double secs)
{
	struct frs_buf all = FRS_BUF_INIT, line = FRS_BUF_INIT;
	char num[32], dur[32];

	for (size_t i = 0; i < errs->n; i++) {
		const char *m = errs->v[i].message ? errs->v[i].message : "";

		frs_buf_clear(&line);
		if (strncmp(m, "reload error:", 13) != 0)
			frs_buf_puts(&line, "reload error: ");
		frs_buf_puts(&line, m);
		slog(sc, "error", frs_buf_cstr(&line), (char *)NULL);
		frs_buf_addf(&all, "%s\n", frs_buf_cstr(&line));
	}
	if (!errs->n) {
		frs_buf_addf(&line, "reload error: %s", frs_strerror(rc));
		slog(sc, "error", frs_buf_cstr(&line), (char *)NULL);
		frs_buf_addf(&all, "%s\n", frs_buf_cstr(&line));
	}
	snprintf(dur, sizeof(dur), "%.3f", secs);
	if (transient(rc)) {
		snprintf(num, sizeof(num), "%.3f", sc->backoff_ms / 1000.0);
		sc->retry_ms = mono_ms() + sc->backoff_ms;
		sc->backoff_ms = sc->backoff_ms * 2 > sc->o.backoff_max_ms ? sc->o.backoff_max_ms
									    : sc->backoff_ms * 2;
		slog(sc, "error", "reload failed", "error", frs_strerror(rc), "duration", dur,
		     "retry_in", num, (char *)NULL);
	} else {
		sc->have_rejected = true;
		sc->rejected_hash = h;
		slog(sc, "error", "reload failed; FRR keeps its configuration until a new one arrives",
		     "error", frs_strerror(rc), "duration", dur, (char *)NULL);
	}
	count(sc, RES_FAILURE, secs);
	frs_scrub_buf(&all);
	pthread_mutex_lock(&sc->mu);
	set_text(&sc->reload_result, all.len ? frs_buf_cstr(&all) : frs_strerror(rc));
	/* drop the last newline: the result is one text, not a file */
	if (sc->reload_result && *sc->reload_result) {
		size_t n = strlen(sc->reload_result);

		if (sc->reload_result[n - 1] == '\n')
			sc->reload_result[n - 1] = '\0';
	}
	utc_now(sc->reload_time, sizeof(sc->reload_time));
	sc->lines_deleted = sc->lines_added = 0;
	sc->duration_s = secs;
	pthread_mutex_unlock(&sc->mu);
	write_status(sc, false);
	write_scrubbed(sc, sc->o.last_error_file, frs_buf_cstr(&all));
	write_running(sc);
	write_state(sc);
	frs_buf_dispose(&all);
	frs_buf_dispose(&line);
}

/* One pass: read the desired config, skip it if FRR already runs it, apply it otherwise. */
static void cycle(struct frs_sidecar *sc, bool force)
{
	struct frs_buf conf = FRS_BUF_INIT;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_sidecar_result res = { 0 };
	char hash[24], num1[16], num2[16], dur[32];
	struct timespec t0, t1;
	enum frs_err rc;
	uint64_t h;
	double secs;

	sc->retry_ms = 0;
	rc = sc->o.source(sc->o.source_arg, &conf, &errs);
	if (rc) {
		conversion_failed(sc, rc, &errs);
		goto done;
	}
	sc->have_desired = true;
	h = frs_hash64_n(conf.ptr ? conf.ptr : "", conf.len);
	snprintf(hash, sizeof(hash), "%016" PRIx64, h);
	pthread_mutex_lock(&sc->mu);
	if (sc->stale)
		slog(sc, "info", "configuration valid again", "stale", "false", (char *)NULL);
	sc->stale = false;
	sc->loaded = true;
	set_text(&sc->conv_result, "success");
	utc_now(sc->conv_time, sizeof(sc->conv_time));
	pthread_mutex_unlock(&sc->mu);

	if (!force && sc->have_applied && h == sc->applied_hash) {
		slog(sc, "info", "configuration unchanged, reload skipped", "hash", hash,
		     (char *)NULL);
		count(sc, RES_SKIPPED, 0);
		write_status(sc, true);
		write_state(sc);
		goto done;
	}
	if (!force && sc->have_rejected && h == sc->rejected_hash) {
		slog(sc, "info", "configuration unchanged since FRR refused it, reload skipped",
		     "hash", hash, (char *)NULL);
		count(sc, RES_SKIPPED, 0);
		write_state(sc);
		goto done;
	}

	slog(sc, "info", "reloading FRR", "hash", hash, "force", force ? "true" : NULL,
	     (char *)NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = sc->o.apply(sc->o.apply_arg, frs_buf_cstr(&conf), &res, &errs);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (rc) {
		reload_failed(sc, rc, &errs, h, secs);
		goto done;
	}
	sc->have_applied = true;
	sc->applied_hash = h;
	sc->have_rejected = false;
	sc->backoff_ms = sc->o.backoff_min_ms;
	count(sc, RES_SUCCESS, secs);
	pthread_mutex_lock(&sc->mu);
	set_text(&sc->reload_result, "success");
	utc_now(sc->reload_time, sizeof(sc->reload_time));
	sc->lines_deleted = res.lines_deleted;
	sc->lines_added = res.lines_added;
	sc->duration_s = secs;
	pthread_mutex_unlock(&sc->mu);
	snprintf(num1, sizeof(num1), "%u", res.lines_deleted);
	snprintf(num2, sizeof(num2), "%u", res.lines_added);
	snprintf(dur, sizeof(dur), "%.3f", secs);
	slog(sc, "info", "FRR reloaded successfully", "hash", hash, "deleted", num1, "added", num2,
	     "duration", dur, (char *)NULL);
	for (char *w = res.warnings, *nl; w && *w; w = nl ? nl + 1 : w + strlen(w)) {
		struct frs_buf line = FRS_BUF_INIT;
		if ((nl = strchr(w, '\n')))
			*nl = '\0';
		frs_buf_addf(&line, "reload warning: %s", w);
		slog(sc, "warn", frs_buf_cstr(&line), (char *)NULL);
		frs_buf_dispose(&line);
	}
	write_status(sc, true);
	write_file(sc, sc->o.last_error_file, "", 0, 0600);
	write_file(sc, sc->o.save_file, conf.ptr ? conf.ptr : "", conf.len, 0600);
	write_running(sc);
	write_state(sc);
done:
	free(res.warnings);
	frs_errlist_dispose(&errs);
	frs_buf_dispose(&conf);
}

/* A change notice: debounce it. Bursts extend the wait, up to a bound so they cannot starve it. */
static void notice(struct frs_sidecar *sc, int64_t now)
{
	int64_t max_wait = (int64_t)sc->o.debounce_ms * 10;

	if (max_wait < 2000)
		max_wait = 2000;
	if (!sc->pending) {
		sc->pending = true;
		sc->first_ms = now;
	}
	sc->due_ms = now + sc->o.debounce_ms;
	if (sc->due_ms > sc->first_ms + max_wait)
		sc->due_ms = sc->first_ms + max_wait;
}

/*
 * Whether an entry's change can change the configuration. Kubernetes' atomic writer prepares a
 * ..<timestamp> directory and a ..data_tmp link, then renames the link to ..data: only that
 * rename publishes. Other dot names are editors' and tools' scratch files.
 */
static bool relevant(const char *name)
{
	return name[0] != '.' || strcmp(name, "..data") == 0;
}

static void drain_inotify(struct frs_sidecar *sc, int64_t now)
{
	char ev[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool lost = false, changed = false;
	ssize_t n;

	while ((n = read(sc->inofd, ev, sizeof(ev))) > 0) {
		for (char *p = ev; p < ev + n;) {
			const struct inotify_event *e = (const struct inotify_event *)p;

			if (e->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF))
				lost = true;
			else if (relevant(e->len ? e->name : ""))
				changed = true;
			p += sizeof(*e) + e->len;
		}
	}
	if (lost) {
		inotify_rm_watch(sc->inofd, sc->wd);
		sc->wd = -1;
		slog(sc, "warn", "watched directory went away; watching for its return", "dir",
		     sc->o.watch_dir, (char *)NULL);
	}
	if (changed || lost)
		notice(sc, now);
}

/* Returns true when asked to stop. */
static bool drain_signals(struct frs_sidecar *sc, int64_t now)
{
	struct signalfd_siginfo si;
	bool stop = false;

	while (read(sc->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			notice(sc, now);
		} else {
			slog(sc, "info", "stopping", "signal", strsignal((int)si.ssi_signo),
			     (char *)NULL);
			stop = true;
		}
	}
	return stop;
}

static void poll_frr(struct frs_sidecar *sc, int64_t now)
{
	long pid = frr_pid(sc);
	char a[24], b[24];

	if (pid == sc->frr_pid)
		return;
	snprintf(a, sizeof(a), "%ld", sc->frr_pid);
	snprintf(b, sizeof(b), "%ld", pid);
	if (!pid) {
		slog(sc, "warn", "FRR is not running", "old_pid", a, (char *)NULL);
	} else if (!sc->have_desired) {
		/* nothing to give it yet (the speaker has not written the file) */
		slog(sc, "info", "FRR is running", "pid", b, (char *)NULL);
	} else {
		slog(sc, "info", sc->frr_pid ? "FRR restarted; re-applying the desired configuration"
					     : "FRR is running; applying the desired configuration",
		     "old_pid", a, "pid", b, (char *)NULL);
		sc->force = true;
		sc->backoff_ms = sc->o.backoff_min_ms;
		notice(sc, now);
		sc->due_ms = now;
	}
	sc->frr_pid = pid;
}

static int timeout_until(int64_t now, int64_t at)
{
	if (at <= now)
		return 0;
	return at - now > 60000 ? 60000 : (int)(at - now);
}

enum frs_err frs_sidecar_run(struct frs_sidecar *sc, struct frs_errlist *errs)
{
	struct pollfd pfd[4];
	char pid[32];
	int npid, nfd = 0;
	int64_t now = mono_ms();

	/* signals are already queued on sigfd: from here on no SIGHUP can be lost */
	npid = snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	if (sc->o.pid_file && frs_file_write_atomic(sc->o.pid_file, pid, (size_t)npid, 0644))
		return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EIO),
					  "cannot write pid file %s: %s", sc->o.pid_file,
					  strerror(errno));
	slog(sc, "info", "reloader started", "pid", pid, "pid_file", sc->o.pid_file,
	     "watch", sc->o.watch_dir, (char *)NULL);
	sc->frr_pid = frr_pid(sc);
	sc->poll_ms = now + sc->o.frr_poll_ms;
	if (sc->o.frr_pid_file && !sc->frr_pid)
		slog(sc, "warn", "FRR is not running", (char *)NULL);
	if (sc->o.apply_at_start) {
		notice(sc, now);
		sc->due_ms = now;
	}
	pfd[nfd++] = (struct pollfd){ .fd = sc->sigfd, .events = POLLIN };
	pfd[nfd++] = (struct pollfd){ .fd = sc->stopfd, .events = POLLIN };
	pfd[nfd++] = (struct pollfd){ .fd = sc->notifyfd, .events = POLLIN };
	if (sc->inofd >= 0)
		pfd[nfd++] = (struct pollfd){ .fd = sc->inofd, .events = POLLIN };

	for (;;) {
		int64_t next = sc->poll_ms;
		int n;

		if (sc->pending && sc->due_ms < next)
			next = sc->due_ms;
		if (sc->retry_ms && sc->retry_ms < next)
			next = sc->retry_ms;
		n = poll(pfd, (nfds_t)nfd, timeout_until(mono_ms(), next));
		if (n < 0 && errno != EINTR) {
			frs_errlist_report(errs, FRS_DIAG(.code = FRS_ESYS), "poll: %s",
					   strerror(errno));
			break;
		}
		now = mono_ms();
		if (n > 0 && (pfd[0].revents & POLLIN) && drain_signals(sc, now))
			break;
		if (n > 0 && (pfd[1].revents & POLLIN))
			break;
		if (n > 0 && (pfd[2].revents & POLLIN)) {
			uint64_t cnt;

			if (read(sc->notifyfd, &cnt, sizeof(cnt)) > 0)
				notice(sc, now);
		}
		if (n > 0 && nfd > 3 && (pfd[3].revents & POLLIN))
			drain_inotify(sc, now);
		if (now >= sc->poll_ms) {
			poll_frr(sc, now);
			if (sc->inofd >= 0 && sc->wd < 0 && watch_add(sc) == FRS_OK) {
				slog(sc, "info", "watching again", "dir", sc->o.watch_dir,
				     (char *)NULL);
				notice(sc, now);
			}
			sc->poll_ms = now + sc->o.frr_poll_ms;
		}
		if ((sc->pending && now >= sc->due_ms) || (sc->retry_ms && now >= sc->retry_ms)) {
			bool force = sc->force || (sc->retry_ms && now >= sc->retry_ms);

			sc->pending = false;
			sc->force = false;
			cycle(sc, force);
		}
	}
	if (sc->o.pid_file)
		unlink(sc->o.pid_file);
	slog(sc, "info", "reloader stopped", (char *)NULL);
	return errs->n ? FRS_ESYS : FRS_OK;
}

enum frs_err frs_sidecar_metrics(struct frs_sidecar *sc, struct frs_buf *out)
{
	enum frs_err rc = FRS_OK;
	uint64_t cum = 0;

	pthread_mutex_lock(&sc->mu);
	rc |= frs_buf_addf(out,
		"# HELP metallb_k8s_client_config_stale_bool 1 if running on a stale configuration, "
		"because the latest config failed to load.\n"
		"# TYPE metallb_k8s_client_config_stale_bool gauge\n"
		"metallb_k8s_client_config_stale_bool %d\n"
		"# HELP metallb_k8s_client_config_loaded_bool 1 if the configuration was ever loaded.\n"
		"# TYPE metallb_k8s_client_config_loaded_bool gauge\n"
		"metallb_k8s_client_config_loaded_bool %d\n"
		"# HELP frrshim_reloads_total Reloads by result (skipped: FRR already ran it).\n"
		"# TYPE frrshim_reloads_total counter\n",
		sc->stale ? 1 : 0, sc->loaded ? 1 : 0);
	for (int i = 0; i < RES_N; i++)
		rc |= frs_buf_addf(out, "frrshim_reloads_total{result=\"%s\"} %" PRIu64 "\n",
				   res_names[i], sc->reloads[i]);
	rc |= frs_buf_puts(out,
		"# HELP frrshim_reload_duration_seconds Time to apply a configuration to FRR.\n"
		"# TYPE frrshim_reload_duration_seconds histogram\n");
	for (int i = 0; i < NBUCKETS; i++) {
		cum = sc->hist[i];
		rc |= frs_buf_addf(out, "frrshim_reload_duration_seconds_bucket{le=\"%g\"} %" PRIu64
				   "\n", buckets[i], cum);
	}
	rc |= frs_buf_addf(out,
		"frrshim_reload_duration_seconds_bucket{le=\"+Inf\"} %" PRIu64 "\n"
		"frrshim_reload_duration_seconds_sum %.6f\n"
		"frrshim_reload_duration_seconds_count %" PRIu64 "\n",
		sc->hist_count, sc->hist_sum, sc->hist_count);
	pthread_mutex_unlock(&sc->mu);
	return rc ? FRS_ENOMEM : FRS_OK;
}
