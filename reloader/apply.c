/* SPDX-License-Identifier: MIT */
/* Apply a diff to live daemons over their vty sockets; verify, and roll back what failed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include <frrshim/file.h>
#include <frrshim/vty.h>

#include "reload_int.h"

extern char **environ;

#define MAX_DAEMONS 16
#define WINDOW 128 /* commands in flight per daemon */

/* mgmtd (FRR 9.0+) first, as vtysh: it holds zebra's and staticd's config on 10.x */
static const char *const default_daemons[] = { "mgmtd", "zebra", "bgpd", "bfdd", "staticd", NULL };

struct sess {
	const char *name;
	struct frs_vty *vty;
	struct frs_conf *running;    /* this daemon's own view */
	char *path[8];               /* node we are in (borrowed keys) */
	size_t depth;
	int started;                 /* configure terminal + XFRR_start_configuration sent */
	size_t inflight;
	char *sent[WINDOW];          /* texts of the commands in flight, for error messages */
	size_t head;
};

struct run {
	const struct frs_reload_opts *o;
	struct sess s[MAX_DAEMONS];
	size_t n;
	int dirty;                   /* a session may be mid-command: reconnect before reading */
	int show_sent;               /* `show running-config` already queued on every session */
	unsigned ver;                /* FRR version (version.c): the option, or the first daemon's */
	struct frs_reload_result *res;
	struct frs_errlist *errs;
};

static void sess_close(struct sess *s)
{
	frs_vty_close(s->vty);
	s->vty = NULL;
	frs_conf_free(s->running);
	s->running = NULL;
	for (size_t i = 0; i < WINDOW; i++) {
		free(s->sent[i]);
		s->sent[i] = NULL;
	}
	s->depth = 0;
	s->started = 0;
	s->inflight = 0;
	s->head = 0;
}

static void run_close(struct run *r)
{
	for (size_t i = 0; i < r->n; i++)
		sess_close(&r->s[i]);
	r->n = 0;
	r->dirty = 0;
	r->show_sent = 0;
}

static void set_error(struct run *r, const char *daemon, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_error(struct run *r, const char *daemon, const char *fmt, ...)
{
	struct frs_buf b = FRS_BUF_INIT;
	va_list ap;

	if (r->res->error)
		return; /* the first error is the one that matters */
	frs_buf_puts(&b, "reload error: ");
	if (daemon)
		frs_buf_addf(&b, "%s: ", daemon);
	va_start(ap, fmt);
	frs_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	for (char *p = b.ptr; p && *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	frs_reload_scrub(&b);
	r->res->error = frs_buf_detach(&b);
	free(r->res->daemon);
	r->res->daemon = daemon ? strdup(daemon) : NULL;
	if (r->errs)
		frs_errlist_add(r->errs, FRS_SEV_ERROR, FRS_EFRR, NULL, NULL, NULL, NULL, NULL, "%s",
				r->res->error ? r->res->error : "reload error");
}

/* Connect to every daemon of the options whose socket exists. */
static enum frs_err run_open(struct run *r)
{
	const char *const *names = r->o->daemons ? r->o->daemons : default_daemons;
	const char *dir = r->o->vty_dir ? r->o->vty_dir : FRS_VTY_DEFAULT_DIR;
	enum frs_err rc;

	for (; *names && r->n < MAX_DAEMONS; names++) {
		struct sess *s = &r->s[r->n];
		char path[4096];
		struct stat sb;

		snprintf(path, sizeof(path), "%s/%s.vty", dir, *names);
		if (stat(path, &sb) != 0)
			continue;
		memset(s, 0, sizeof(*s));
		s->name = *names;
		rc = frs_vty_open(&s->vty, dir, *names, r->o->timeout_ms > 0 ? r->o->timeout_ms :
				  FRS_RELOAD_DEFAULT_TIMEOUT_MS);
		if (rc == FRS_EUNREACHABLE)
			continue; /* a stale socket: the daemon is not running */
		if (rc)
			return rc;
		r->n++;
	}
	/* frr10: the version routes commands; asked once, before anything is queued */
	if (r->n && !r->ver && !(r->ver = r->o->frr_version) &&
	    frs_rl__version_detect(&r->ver, r->s[0].vty) != FRS_OK)
		r->ver = FRS_FRR_VERSION_DEFAULT;
	if (!r->n) {
		if (r->errs)
			frs_errlist_add(r->errs, FRS_SEV_ERROR, FRS_EUNREACHABLE, NULL, NULL, NULL,
					NULL, NULL, "no FRR daemon answers in %s", dir);
		return FRS_EUNREACHABLE;
	}
	return FRS_OK;
}

/* Read every session's running config; merge them into *out. */
static enum frs_err run_read(struct run *r, struct frs_conf **out)
{
	struct frs_conf *all = NULL;
	struct frs_buf b = FRS_BUF_INIT;
	enum frs_err rc;

	*out = NULL;
	if ((rc = frs_rl__conf_new(&all, "running")))
		return rc;
	/* ask every daemon first: they render their configs in parallel */
	for (size_t i = 0; i < r->n && !r->show_sent; i++) {
		if ((rc = frs_vty_send(r->s[i].vty, "show running-config"))) {
			set_error(r, r->s[i].name, "\"show running-config\": %s", frs_strerror(rc));
			goto done;
		}
	}
	for (size_t i = 0; i < r->n; i++) {
		struct sess *s = &r->s[i];
		int status = 0;

		frs_buf_clear(&b);
		frs_conf_free(s->running);
		s->running = NULL;
		rc = frs_vty_recv(s->vty, &b, &status);
		if (!rc && !frs_vty_status_ok(status))
			rc = FRS_EFRR;
		if (rc) {
			set_error(r, s->name, "\"show running-config\": %s", frs_strerror(rc));
			goto done;
		}
		if ((rc = frs_conf_parse(&s->running, b.ptr ? b.ptr : "", b.len, s->name, r->errs)) ||
		    (rc = frs_rl__conf_merge(all, s->running)))
			goto done;
	}
	*out = all;
	all = NULL;
done:
	r->show_sent = 0;
	r->dirty |= rc != FRS_OK;
	frs_buf_dispose(&b);
	frs_conf_free(all);
	return rc;
}

static int has(const struct frs_conf *c, const struct dcmd *cmd)
{
	struct frs_buf id = FRS_BUF_INIT;
	const struct fctx *x;
	int r;

	for (size_t i = 0; i < cmd->nkeys; i++)
		frs_buf_addf(&id, i ? "\n%s" : "%s", cmd->keys[i]);
	x = frs_rl__conf_find(c, frs_buf_cstr(&id));
	frs_buf_dispose(&id);
	r = x && (!cmd->line || frs_strset_has(x->lines, cmd->line));
	return r;
}


static void first_line(struct frs_buf *out, const char *text)
{
	const char *s = text;

	while (*s == '\n' || *s == '\r' || *s == ' ')
		s++;
	frs_buf_add(out, s, strcspn(s, "\r\n"));
}

/* A reply that FRR marked ok but that carries a `%` problem; the known harmless ones pass. */
static int bad_reply(const char *text, int status)
{
	const char *s = text;

	if (!frs_vty_status_ok(status))
		return 1;
	while (*s == '\n' || *s == '\r' || *s == ' ')
		s++;
	if (*s != '%')
		return 0;
	return strncmp(s, "% Echo mode works correctly", 27) != 0;
}

static enum frs_err recv_one(struct run *r, struct sess *s)
{
	struct frs_buf out = FRS_BUF_INIT, msg = FRS_BUF_INIT;
	size_t slot = (s->head + WINDOW - s->inflight) % WINDOW;
	int status = 0;
	enum frs_err rc = frs_vty_recv(s->vty, &out, &status);
	const char *cmd = s->sent[slot] ? s->sent[slot] : "?";

	s->inflight--;
	if (rc) {
		set_error(r, s->name, "\"%s\": %s", cmd,
			  rc == FRS_EIO ? "connection closed (daemon gone)" : frs_strerror(rc));
		rc = rc == FRS_ETIMEOUT ? FRS_ETIMEOUT : FRS_EFRR;
	} else if (bad_reply(frs_buf_cstr(&out), status)) {
		first_line(&msg, frs_buf_cstr(&out));
		if (!msg.len)
			frs_buf_addf(&msg, "%% command failed (status %d)", status);
		set_error(r, s->name, "\"%s\": %s", cmd, frs_buf_cstr(&msg));
		rc = FRS_EFRR;
	}
	free(s->sent[slot]);
	s->sent[slot] = NULL;
	frs_buf_dispose(&out);
	frs_buf_dispose(&msg);
	return rc;
}

static enum frs_err send_text(struct run *r, struct sess *s, const char *text)
{
	enum frs_err rc;

	if (s->inflight == WINDOW && (rc = recv_one(r, s)))
		return rc;
	if ((rc = frs_vty_send(s->vty, text))) {
		set_error(r, s->name, "\"%s\": %s", text,
			  rc == FRS_EIO ? "connection closed (daemon gone)" : frs_strerror(rc));
		return FRS_EFRR;
	}
	free(s->sent[s->head]);
	s->sent[s->head] = strdup(text);
	s->head = (s->head + 1) % WINDOW;
	s->inflight++;
	return FRS_OK;
}

static enum frs_err drain(struct run *r, struct sess *s)
{
	enum frs_err first = FRS_OK;

	while (s->inflight) {
		enum frs_err rc = recv_one(r, s);
		if (rc && !first)
			first = rc;
		if (rc == FRS_ETIMEOUT || (rc && !s->vty))
			break;
	}
	return first;
}

/* Send one diff command to one daemon: leave/enter nodes as needed, then the command. */
static enum frs_err send_cmd(struct run *r, struct sess *s, const struct dcmd *c)
{
	size_t need = c->line ? c->nkeys : c->nkeys - 1;
	size_t common = 0;
	struct frs_buf t = FRS_BUF_INIT;
	enum frs_err rc;

	if (!s->started) {
		if ((rc = send_text(r, s, frs_rl__config_enter(r->ver, s->name))) ||
		    (rc = send_text(r, s, "XFRR_start_configuration")))
			return rc;
		s->started = 1;
	}
	while (common < s->depth && common < need && strcmp(s->path[common], c->keys[common]) == 0)
		common++;
	while (s->depth > common) {
		if ((rc = send_text(r, s, "exit")))
			return rc;
		s->depth--;
	}
	for (size_t k = common; k < need; k++) {
		if ((rc = send_text(r, s, c->keys[k])))
			return rc;
		s->path[s->depth++] = c->keys[k];
	}
	if ((rc = frs_rl__cmd_text(&t, c)) || (rc = send_text(r, s, t.ptr)))
		goto done;
	if (!c->line && !c->no && frs_rl__is_context_key(c->keys[c->nkeys - 1]) && s->depth < 8)
		s->path[s->depth++] = c->keys[c->nkeys - 1];
done:
	frs_buf_dispose(&t);
	return rc;
}

/* Leave every node and end the batch: the daemon commits. Replies are collected by drain(). */
static enum frs_err finish(struct run *r, struct sess *s)
{
	enum frs_err rc;

	if (!s->started)
		return FRS_OK;
	while (s->depth) {
		if ((rc = send_text(r, s, "exit")))
			return rc;
		s->depth--;
	}
	if ((rc = send_text(r, s, "XFRR_end_configuration")) || (rc = send_text(r, s, "end")))
		return rc;
	s->started = 0;
	return FRS_OK;
}

/*
 * Send @p d over the open sessions; deletes go where the line is, adds where vtysh sends them.
 * Every daemon's batch is ended before any reply is awaited, so that they commit in parallel;
 * with @p then_show, `show running-config` is queued behind each batch for the verify.
 */
static enum frs_err run_send(struct run *r, const struct frs_diff *d, int then_show)
{
	enum frs_err rc = FRS_OK;

	for (int pass = 0; pass < 2 && !rc; pass++) {
		const struct dlist *l = pass ? &d->add : &d->del;
		for (size_t i = 0; i < l->n && !rc; i++) {
			const struct dcmd *c = &l->v[i];
			int sent = 0;
			for (size_t k = 0; k < r->n && !rc; k++) {
				struct sess *s = &r->s[k];
				int to = c->no ? frs_rl__deletes_to(r->ver, s->name, c,
								    s->running && has(s->running, c)) :
						 frs_rl__routes_to(r->ver, s->name, c);
				if (!to)
					continue;
				rc = send_cmd(r, s, c);
				sent = 1;
			}
			if (!rc && !sent && !c->no) {
				struct frs_buf t = FRS_BUF_INIT;
				frs_rl__cmd_text(&t, c);
				set_error(r, NULL, "\"%s\": no running daemon takes this command",
					  frs_buf_cstr(&t));
				frs_buf_dispose(&t);
				rc = FRS_EFRR;
			}
		}
	}
	for (size_t k = 0; k < r->n && !rc; k++)
		rc = finish(r, &r->s[k]);
	for (size_t k = 0; k < r->n && !rc && then_show; k++)
		if ((rc = frs_vty_send(r->s[k].vty, "show running-config")))
			set_error(r, r->s[k].name, "\"show running-config\": %s", frs_strerror(rc));
	r->show_sent = then_show && !rc;
	for (size_t k = 0; k < r->n; k++) {
		enum frs_err e = drain(r, &r->s[k]);
		if (e && !rc)
			rc = e;
	}
	/* a failed batch leaves sessions inside configure terminal, replies unread */
	r->dirty |= rc != FRS_OK;
	return rc;
}

/* ---- vtysh binary instead of sockets ---------------------------------------------------- */

static enum frs_err spawn_vtysh(const struct frs_reload_opts *o, const char *const *args,
				struct frs_buf *out, int *exitcode)
{
	const char *argv[16];
	size_t n = 0;
	int pfd[2];
	pid_t pid;
	posix_spawn_file_actions_t fa;
	int st = 0;
	enum frs_err rc = FRS_OK;

	argv[n++] = o->vtysh_path;
	if (o->vty_dir) {
		argv[n++] = "--vty_socket";
		argv[n++] = o->vty_dir;
	}
	for (; *args && n < 15; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return FRS_ESYS;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
	if (posix_spawn(&pid, o->vtysh_path, &fa, NULL, (char *const *)argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		close(pfd[0]);
		close(pfd[1]);
		return FRS_ESYS;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	for (;;) {
		char buf[65536];
		ssize_t k = read(pfd[0], buf, sizeof(buf));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		if (frs_buf_add(out, buf, (size_t)k))
			rc = FRS_ENOMEM;
	}
	close(pfd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	*exitcode = WIFEXITED(st) ? WEXITSTATUS(st) : 255;
	return rc;
}

static enum frs_err vtysh_read(const struct frs_reload_opts *o, struct frs_conf **out,
			       struct frs_errlist *errs)
{
	const char *args[] = { "-c", "show running-config", NULL };
	struct frs_buf b = FRS_BUF_INIT;
	int ec = 0;
	enum frs_err rc = spawn_vtysh(o, args, &b, &ec);

	if (!rc && ec)
		rc = FRS_EUNREACHABLE;
	if (!rc)
		rc = frs_conf_parse(out, frs_buf_cstr(&b), b.len, "running", errs);
	frs_buf_dispose(&b);
	return rc;
}

static enum frs_err vtysh_send(struct run *r, const struct frs_diff *d)
{
	char path[] = "/tmp/frrshim-reload-XXXXXX";
	struct frs_buf script = FRS_BUF_INIT, out = FRS_BUF_INIT, msg = FRS_BUF_INIT;
	const char *args[] = { "-f", path, NULL };
	int fd, ec = 0;
	enum frs_err rc;

	if ((rc = frs_diff_print(&script, d, FRS_DIFF_SCRIPT)))
		goto done;
	if ((fd = mkstemp(path)) < 0) {
		rc = FRS_ESYS;
		goto done;
	}
	if (write(fd, script.ptr, script.len) != (ssize_t)script.len) {
		close(fd);
		unlink(path);
		rc = FRS_EIO;
		goto done;
	}
	close(fd);
	rc = spawn_vtysh(r->o, args, &out, &ec);
	unlink(path);
	if (!rc && ec) {
		first_line(&msg, frs_buf_cstr(&out));
		set_error(r, "vtysh", "exit status %d: %s", ec, frs_buf_cstr(&msg));
		rc = FRS_EFRR;
	}
done:
	frs_buf_dispose(&script);
	frs_buf_dispose(&out);
	frs_buf_dispose(&msg);
	return rc;
}

static enum frs_err reload_apply(struct frs_reload_result *result, const struct frs_conf *target,
				 const struct frs_reload_opts *o, struct frs_errlist *errs);

/* ---- the engine ------------------------------------------------------------------------- */

enum frs_err frs_reload_running(struct frs_conf **out, const struct frs_reload_opts *o,
				struct frs_errlist *errs)
{
	struct frs_reload_result res;
	struct run r;
	enum frs_err rc;
	static const struct frs_reload_opts defaults = FRS_RELOAD_OPTS_INIT;

	*out = NULL;
	if (!o)
		o = &defaults;
	if (o->vtysh_path)
		return vtysh_read(o, out, errs);
	memset(&r, 0, sizeof(r));
	frs_reload_result_init(&res);
	r.o = o;
	r.res = &res;
	r.errs = errs;
	if (!(rc = run_open(&r)))
		rc = run_read(&r, out);
	run_close(&r);
	frs_reload_result_dispose(&res);
	return rc;
}

/* Read and return the merged running config over the open sessions (they stay open for
 * sending); after a failure, over new ones. */
static enum frs_err phase_read(struct run *r, struct frs_conf **out)
{
	enum frs_err rc;

	if (r->o->vtysh_path)
		return vtysh_read(r->o, out, r->errs);
	if (!r->n || r->dirty) {
		run_close(r);
		if ((rc = run_open(r)))
			return rc;
	}
	return run_read(r, out);
}

/* Apply @p d; the verify's `show running-config` is queued behind it. */
static enum frs_err phase_send(struct run *r, const struct frs_diff *d)
{
	return r->o->vtysh_path ? vtysh_send(r, d) : run_send(r, d, 1);
}

/* Apply, then re-read and re-apply once ("last one wins" commands), then require an empty diff. */
static enum frs_err converge(struct run *r, const struct frs_conf *target, struct frs_diff *first,
			     size_t *sent_del, size_t *sent_add)
{
	struct frs_conf *now = NULL;
	struct frs_diff *d = NULL;
	enum frs_err rc;

	if (sent_del)
		*sent_del = frs_diff_deletes(first);
	if (sent_add)
		*sent_add = frs_diff_adds(first);
	if ((rc = phase_send(r, first)))
		goto done;
	for (int pass = 0; pass < 2; pass++) {
		frs_conf_free(now);
		frs_diff_free(d);
		now = NULL;
		d = NULL;
		if ((rc = phase_read(r, &now)) || (rc = frs_diff_compute(&d, now, target, r->errs)))
			goto done;
		if (!frs_diff_deletes(d) && !frs_diff_adds(d))
			goto done;
		if (pass == 0 && (rc = phase_send(r, d)))
			goto done;
	}
	{
		struct frs_buf t = FRS_BUF_INIT;
		const struct dcmd *c = d->del.n ? &d->del.v[0] : &d->add.v[0];
		frs_rl__cmd_text(&t, c);
		set_error(r, "verify", "\"%s\": %zu command(s) still differ after applying",
			  frs_buf_cstr(&t), frs_diff_deletes(d) + frs_diff_adds(d));
		frs_buf_dispose(&t);
		rc = FRS_EFRR;
	}
done:
	frs_conf_free(now);
	frs_diff_free(d);
	return rc;
}

/* With an explicit daemon list: only what those daemons take (frr-reload.py --daemon). */
static enum frs_err restrict_target(struct frs_conf **out, const struct frs_conf *t,
				    const char *const *daemons, unsigned ver)
{
	struct frs_conf *c = NULL;
	enum frs_err rc;

	if ((rc = frs_rl__conf_new(&c, t->name)))
		return rc;
	for (size_t i = 0; i < t->n; i++) {
		const struct fctx *x = t->v[i];
		struct dcmd cmd = { x->keys, x->nkeys, NULL, 0, NULL };
		struct fctx *y = NULL;
		int any = 0;

		if (x->dead)
			continue;
		for (const char *const *d = daemons; *d && !any; d++)
			any = frs_rl__routes_to(ver, *d, &cmd);
		if (any && (rc = frs_rl__conf_ctx(&y, c, x->keys, x->nkeys)))
			goto fail;
		for (size_t k = 0; k < x->lines->n; k++) {
			int take = 0;
			cmd.line = x->lines->v[k];
			for (const char *const *d = daemons; *d && !take; d++)
				take = frs_rl__routes_to(ver, *d, &cmd);
			if (!take)
				continue;
			if (!y && (rc = frs_rl__conf_ctx(&y, c, x->keys, x->nkeys)))
				goto fail;
			char *l = frs_arena_strdup(&c->arena, x->lines->v[k]);
			if (!l || (rc = frs_rl__ctx_add(c, y, l, x->lines->h[k]))) {
				rc = FRS_ENOMEM;
				goto fail;
			}
		}
	}
	*out = c;
	return FRS_OK;
fail:
	frs_conf_free(c);
	return rc;
}

enum frs_err frs_reload_apply(struct frs_reload_result *result, const struct frs_conf *target,
			      const struct frs_reload_opts *o, struct frs_errlist *errs)
{
	struct frs_conf *restricted = NULL;
	enum frs_err rc;

	if (o && o->daemons) {
		if ((rc = restrict_target(&restricted, target, o->daemons, o->frr_version)))
			return rc;
		target = restricted;
	}
	rc = reload_apply(result, target, o, errs);
	/* the result's diff refers to the target: keep the restricted copy with it */
	if (restricted) {
		if (result->diff)
			frs_diff_free(result->diff);
		result->diff = NULL;
		frs_conf_free(restricted);
	}
	return rc;
}

static enum frs_err reload_apply(struct frs_reload_result *result, const struct frs_conf *target,
				 const struct frs_reload_opts *o, struct frs_errlist *errs)
{
	static const struct frs_reload_opts defaults = FRS_RELOAD_OPTS_INIT;
	struct frs_conf *snap = NULL, *now = NULL;
	struct frs_diff *d = NULL, *back = NULL;
	struct run r;
	enum frs_err rc;

	if (!o)
		o = &defaults;
	memset(&r, 0, sizeof(r));
	r.o = o;
	r.res = result;
	r.errs = errs;
	clock_gettime(CLOCK_REALTIME, &result->started);
	result->outcome = FRS_RELOAD_NOT_STARTED;
	if ((rc = phase_read(&r, &snap)))
		goto done;
	/* frr10: what this FRR hides (version.c) goes from the target; the target lives as long
	 * as the result (its diff refers to it), so the copy is kept with the result */
	if ((rc = frs_conf_for_frr(&result->target_for_frr, target,
				   r.ver ? r.ver : o->frr_version)))
		goto done;
	if (result->target_for_frr)
		target = result->target_for_frr;
	if ((rc = frs_diff_compute(&d, snap, target, errs)))
		goto done;
	if (!frs_diff_deletes(d) && !frs_diff_adds(d)) {
		result->outcome = FRS_RELOAD_UNCHANGED;
		goto keep;
	}
	if (o->dry_run) {
		result->outcome = FRS_RELOAD_DRY_RUN;
		result->lines_deleted = frs_diff_deletes(d);
		result->lines_added = frs_diff_adds(d);
		goto keep;
	}
	rc = converge(&r, target, d, &result->lines_deleted, &result->lines_added);
	if (!rc) {
		result->outcome = FRS_RELOAD_APPLIED;
		goto keep;
	}
	if (rc == FRS_ENOMEM || o->no_rollback) {
		result->outcome = FRS_RELOAD_ROLLBACK_FAILED;
		goto keep;
	}
	/* roll back: the same engine, towards the snapshot */
	result->rolled_back = 1;
	{
		enum frs_err rb = phase_read(&r, &now);
		if (!rb)
			rb = frs_diff_compute(&back, now, snap, errs);
		if (!rb && (frs_diff_deletes(back) || frs_diff_adds(back))) {
			struct frs_reload_result scratch;
			struct run r2 = r;
			frs_reload_result_init(&scratch);
			r2.res = &scratch; /* keep the first error as the report */
			rb = converge(&r2, snap, back, NULL, NULL);
			r2.res = r.res;
			r = r2; /* the sessions as the rollback left them */
			frs_reload_result_dispose(&scratch);
		}
		result->outcome = rb ? FRS_RELOAD_ROLLBACK_FAILED : FRS_RELOAD_ROLLED_BACK;
		rc = rb ? FRS_EROLLBACK : FRS_EFRR;
	}
keep:
	result->diff = d;
	d = NULL;
	result->running = snap;
	snap = NULL;
done:
	clock_gettime(CLOCK_REALTIME, &result->finished);
	run_close(&r);
	frs_conf_free(snap);
	frs_conf_free(now);
	frs_diff_free(d);
	frs_diff_free(back);
	return rc;
}

void frs_reload_result_init(struct frs_reload_result *r)
{
	memset(r, 0, sizeof(*r));
}

void frs_reload_result_dispose(struct frs_reload_result *r)
{
	if (!r)
		return;
	free(r->error);
	free(r->daemon);
	frs_diff_free(r->diff);
	frs_conf_free(r->running);
	frs_conf_free(r->target_for_frr);
	memset(r, 0, sizeof(*r));
}

const char *frs_reload_outcome_name(enum frs_reload_outcome o)
{
	switch (o) {
	case FRS_RELOAD_UNCHANGED: return "unchanged";
	case FRS_RELOAD_APPLIED: return "applied";
	case FRS_RELOAD_ROLLED_BACK: return "rolled-back";
	case FRS_RELOAD_ROLLBACK_FAILED: return "rollback-failed";
	case FRS_RELOAD_NOT_STARTED: return "not-started";
	case FRS_RELOAD_DRY_RUN: return "dry-run";
	}
	return "unknown";
}

static void rfc3339(char *buf, size_t len, const struct timespec *ts)
{
	struct tm tm;
	char base[32];

	gmtime_r(&ts->tv_sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03ldZ", base, ts->tv_nsec / 1000000);
}

enum frs_err frs_reload_status_write(const char *path, const struct frs_reload_result *r)
{
	cJSON *j = cJSON_CreateObject();
	char t1[64], t2[64];
	char *text = NULL;
	struct frs_buf err = FRS_BUF_INIT;
	enum frs_err rc = FRS_ENOMEM;

	if (!j)
		return FRS_ENOMEM;
	rfc3339(t1, sizeof(t1), &r->started);
	rfc3339(t2, sizeof(t2), &r->finished);
	/* scrub before encoding: JSON escapes would hide where a password ends */
	if (r->error && (frs_buf_puts(&err, r->error), !err.ptr))
		goto done;
	frs_reload_scrub(&err);
	if (!cJSON_AddStringToObject(j, "result", frs_reload_outcome_name(r->outcome)) ||
	    !(r->error ? cJSON_AddStringToObject(j, "error", err.ptr) :
			 cJSON_AddNullToObject(j, "error")) ||
	    !cJSON_AddStringToObject(j, "started", t1) ||
	    !cJSON_AddStringToObject(j, "finished", t2) ||
	    !cJSON_AddNumberToObject(j, "lines_deleted", (double)r->lines_deleted) ||
	    !cJSON_AddNumberToObject(j, "lines_added", (double)r->lines_added) ||
	    !cJSON_AddBoolToObject(j, "rolled_back", r->rolled_back))
		goto done;
	if (!(text = cJSON_PrintUnformatted(j)))
		goto done;
	{
		struct frs_buf b = FRS_BUF_INIT;
		if (frs_buf_puts(&b, text) || frs_buf_putc(&b, '\n'))
			goto done;
		rc = frs_file_write_atomic(path, b.ptr, b.len, 0644);
		frs_buf_dispose(&b);
	}
done:
	free(text);
	frs_buf_dispose(&err);
	cJSON_Delete(j);
	return rc;
}
