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
#include <frrshim/scrub.h>
#include <frrshim/vty.h>

#include "../lib/vec.h"
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
	struct dcmd *cmd[WINDOW];    /* the diff's command behind each, NULL for node changes */
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
	struct reject {
		char *text;          /* FRR's error reply: `DAEMON: "CMD": MESSAGE`, scrubbed */
		char *id;            /* the identity (cmd_id) of its command, or NULL */
	} *rej;
	size_t nrej, caprej;
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
		s->cmd[i] = NULL;
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

static void run_dispose(struct run *r)
{
	run_close(r);
	for (size_t i = 0; i < r->nrej; i++) {
		free(r->rej[i].text);
		free(r->rej[i].id);
	}
	free(r->rej);
	r->rej = NULL;
	r->nrej = r->caprej = 0;
}

/* A command's identity: its context keys, then its line, '\n'-separated (malloc'd). */
static char *cmd_id(const struct dcmd *c)
{
	struct frs_buf b = FRS_BUF_INIT;

	for (size_t i = 0; i < c->nkeys; i++)
		frs_buf_addf(&b, i ? "\n%s" : "%s", c->keys[i]);
	if (c->line)
		frs_buf_addf(&b, "\n\001%s", c->line);
	return frs_buf_detach(&b);
}

/* Keep FRR's error reply @p msg to @p cmd (text @p text) of daemon @p daemon. */
static void note_reject(struct run *r, const char *daemon, const char *text, const char *msg,
			struct dcmd *cmd)
{
	struct frs_buf b = FRS_BUF_INIT, sc = FRS_BUF_INIT;

	if (cmd)
		cmd->rejected = 1;
	if (FRS_VEC_RESERVE(r->rej, r->caprej, r->nrej + 1))
		return;
	/* the command scrubbed alone, so that FRR's reason after it survives */
	frs_buf_addf(&b, "%s: \"%s\": %s", daemon, frs_scrub_str(&sc, text), msg);
	frs_buf_dispose(&sc);
	for (char *p = b.ptr; p && *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	frs_scrub_buf(&b);
	if (!b.ptr)
		return;
	r->rej[r->nrej].id = cmd ? cmd_id(cmd) : NULL;
	r->rej[r->nrej++].text = frs_buf_detach(&b);
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
	frs_scrub_buf(&b);
	r->res->error = frs_buf_detach(&b);
	free(r->res->daemon);
	r->res->daemon = daemon ? strdup(daemon) : NULL;
	if (r->errs)
		frs_errlist_report(r->errs, FRS_DIAG(.code = FRS_EFRR), "%s",
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
			frs_errlist_report(r->errs, FRS_DIAG(.code = FRS_EUNREACHABLE),
					   "no FRR daemon answers in %s", dir);
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
	all->frr_ver = r->ver;
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
		if ((rc = frs_conf_parse(&s->running, b.ptr ? b.ptr : "", b.len, s->name, r->errs)))
			goto done;
		/* what this FRR shows, before the merge */
		if ((rc = frs_rl__conf_as_read(s->running, r->ver)) ||
		    (rc = frs_rl__conf_merge(all, s->running)))
			goto done;
	}
	/* frr10: which vrf blocks zebra could delete (no kernel device); not knowing is "none" */
	for (size_t i = 0; i < r->n && r->ver >= 1000 && frs_rl__conf_has_vrf(all); i++) {
		int status = 0;
		if (strcmp(r->s[i].name, "zebra") != 0)
			continue;
		frs_buf_clear(&b);
		if (frs_vty_exec(r->s[i].vty, "show vrf", &b, &status) == FRS_OK &&
		    frs_vty_status_ok(status))
			frs_rl__conf_mark_inactive(all, frs_buf_cstr(&b));
		break;
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
	/* frr10: mgmtd 10.7 reports a commit that changed nothing as a `%` note */
	if (strncmp(s, "% Configuration applied with notes:", 35) == 0)
		return 0;
	return strncmp(s, "% Echo mode works correctly", 27) != 0;
}

static enum frs_err recv_one(struct run *r, struct sess *s)
{
	struct frs_buf out = FRS_BUF_INIT, msg = FRS_BUF_INIT, sc = FRS_BUF_INIT;
	size_t slot = (s->head + WINDOW - s->inflight) % WINDOW;
	int status = 0;
	enum frs_err rc = frs_vty_recv(s->vty, &out, &status);
	const char *cmd = s->sent[slot] ? s->sent[slot] : "?";

	s->inflight--;
	if (rc) {
		/* the command scrubbed alone, so that the reason after it survives */
		set_error(r, s->name, "\"%s\": %s", frs_scrub_str(&sc, cmd),
			  rc == FRS_EIO ? "connection closed (daemon gone)" : frs_strerror(rc));
		rc = rc == FRS_ETIMEOUT ? FRS_ETIMEOUT : FRS_EFRR;
	} else if (bad_reply(frs_buf_cstr(&out), status)) {
		/* not fatal: the verify decides whether the change was made anyway */
		first_line(&msg, frs_buf_cstr(&out));
		if (!msg.len)
			frs_buf_addf(&msg, "%% command failed (status %d)", status);
		note_reject(r, s->name, cmd, frs_buf_cstr(&msg), s->cmd[slot]);
	}
	free(s->sent[slot]);
	s->sent[slot] = NULL;
	s->cmd[slot] = NULL;
	frs_buf_dispose(&out);
	frs_buf_dispose(&msg);
	frs_buf_dispose(&sc);
	return rc;
}

static enum frs_err send_text(struct run *r, struct sess *s, const char *text, struct dcmd *cmd)
{
	enum frs_err rc;

	if (s->inflight >= frs_rl__window(r->ver, s->name, WINDOW) && (rc = recv_one(r, s)))
		return rc;
	if ((rc = frs_vty_send(s->vty, text))) {
		struct frs_buf sc = FRS_BUF_INIT;
		set_error(r, s->name, "\"%s\": %s", frs_scrub_str(&sc, text),
			  rc == FRS_EIO ? "connection closed (daemon gone)" : frs_strerror(rc));
		frs_buf_dispose(&sc);
		return FRS_EFRR;
	}
	free(s->sent[s->head]);
	s->sent[s->head] = strdup(text);
	s->cmd[s->head] = cmd;
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
static enum frs_err send_cmd(struct run *r, struct sess *s, struct dcmd *c)
{
	size_t need = c->line ? c->nkeys : c->nkeys - 1;
	size_t common = 0;
	struct frs_buf t = FRS_BUF_INIT;
	enum frs_err rc;

	if (!s->started) {
		if ((rc = send_text(r, s, frs_rl__config_enter(r->ver, s->name), NULL)) ||
		    (rc = send_text(r, s, "XFRR_start_configuration", NULL)))
			return rc;
		s->started = 1;
	}
	while (common < s->depth && common < need && strcmp(s->path[common], c->keys[common]) == 0)
		common++;
	while (s->depth > common) {
		if ((rc = send_text(r, s, "exit", NULL)))
			return rc;
		s->depth--;
	}
	for (size_t k = common; k < need; k++) {
		if ((rc = send_text(r, s, c->keys[k], NULL)))
			return rc;
		s->path[s->depth++] = c->keys[k];
	}
	if ((rc = frs_rl__cmd_text(&t, c)) || (rc = send_text(r, s, t.ptr, c)))
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
		if ((rc = send_text(r, s, "exit", NULL)))
			return rc;
		s->depth--;
	}
	if ((rc = send_text(r, s, "XFRR_end_configuration", NULL)) || (rc = send_text(r, s, "end", NULL)))
		return rc;
	s->started = 0;
	return FRS_OK;
}

/*
 * Send @p d over the open sessions; deletes go where the line is, adds where vtysh sends them.
 * Every daemon's batch is ended before any reply is awaited, so that they commit in parallel;
 * with @p then_show, `show running-config` is queued behind each batch for the verify.
 */
static enum frs_err run_send(struct run *r, struct frs_diff *d, int then_show)
{
	enum frs_err rc = FRS_OK;

	for (int pass = 0; pass < 2 && !rc; pass++) {
		struct dlist *l = pass ? &d->add : &d->del;
		for (size_t i = 0; i < l->n && !rc; i++) {
			struct dcmd *c = &l->v[i];
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
				note_reject(r, "frrshim", frs_buf_cstr(&t),
					    "no running daemon takes this command", c);
				frs_buf_dispose(&t);
			}
		}
		/* the deletes commit before the adds are read (pipelined, no round trip):
		 * bgpd 8.4 aborts on some mixes in one commit (an L3VNI instance deleted and
		 * another created) */
		for (size_t k = 0; k < r->n && !rc; k++)
			rc = finish(r, &r->s[k]);
	}
	for (size_t k = 0; k < r->n && !rc && then_show; k++) {
		/* frr10: a session that takes one command at a time is drained first */
		if (frs_rl__window(r->ver, r->s[k].name, WINDOW) == 1 && (rc = drain(r, &r->s[k])))
			break;
		if ((rc = frs_vty_send(r->s[k].vty, "show running-config")))
			set_error(r, r->s[k].name, "\"show running-config\": %s", frs_strerror(rc));
	}
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

enum frs_err frs_rl__vtysh_version(const struct frs_reload_opts *o, unsigned *out)
{
	const char *args[] = { "-c", "show version", NULL };
	struct frs_buf b = FRS_BUF_INIT;
	int ec = 0;
	enum frs_err rc = spawn_vtysh(o, args, &b, &ec);

	if (!rc && ec)
		rc = FRS_EUNREACHABLE;
	if (!rc)
		rc = frs_frr_version_parse(out, frs_buf_cstr(&b));
	frs_buf_dispose(&b);
	return rc;
}

/* `show running-config [DAEMON]` through vtysh into *out, as FRR @p ver printed it. */
static enum frs_err vtysh_show_running(const struct frs_reload_opts *o, const char *daemon,
				       unsigned ver, struct frs_conf **out,
				       struct frs_errlist *errs)
{
	char cmd[128];
	const char *args[] = { "-c", cmd, NULL };
	struct frs_buf b = FRS_BUF_INIT;
	int ec = 0;
	enum frs_err rc;

	snprintf(cmd, sizeof(cmd), "show running-config%s%s", daemon ? " " : "",
		 daemon ? daemon : "");
	rc = spawn_vtysh(o, args, &b, &ec);
	if (!rc && ec)
		rc = FRS_EUNREACHABLE;
	if (!rc)
		rc = frs_conf_parse(out, frs_buf_cstr(&b), b.len, daemon ? daemon : "running", errs);
	if (!rc)
		rc = frs_conf_set_frr_version(*out, ver);
	frs_buf_dispose(&b);
	return rc;
}

/*
 * `show running-config` through vtysh (merged by vtysh itself; with a daemon list, each one's
 * merged here as the socket path merges them), read as the socket path reads it: the version
 * (@p *ver, asked when 0) says what it shows, and on 10.x zebra's `show vrf` which vrf blocks
 * may go whole.
 */
static enum frs_err vtysh_read(const struct frs_reload_opts *o, unsigned *ver,
			       struct frs_conf **out, struct frs_errlist *errs)
{
	const char *vrf_args[] = { "-c", "show vrf", NULL };
	struct frs_buf b = FRS_BUF_INIT;
	struct frs_conf *one = NULL;
	int ec = 0;
	enum frs_err rc;

	if (!*ver && !(*ver = o->frr_version) && frs_rl__vtysh_version(o, ver) != FRS_OK)
		*ver = FRS_FRR_VERSION_DEFAULT;
	if (!o->daemons) {
		rc = vtysh_show_running(o, NULL, *ver, out, errs);
	} else if (!(rc = frs_rl__conf_new(out, "running"))) {
		(*out)->frr_ver = *ver;
		for (const char *const *d = o->daemons; *d && !rc; d++) {
			if (!(rc = vtysh_show_running(o, *d, *ver, &one, errs)))
				rc = frs_rl__conf_merge(*out, one);
			frs_conf_free(one);
			one = NULL;
		}
	}
	if (!rc) {
		frs_buf_clear(&b);
		if (*ver >= 1000 && frs_rl__conf_has_vrf(*out) &&
		    spawn_vtysh(o, vrf_args, &b, &ec) == FRS_OK && !ec)
			frs_rl__conf_mark_inactive(*out, frs_buf_cstr(&b));
	} else {
		frs_conf_free(*out);
		*out = NULL;
	}
	frs_buf_dispose(&b);
	return rc;
}

/* The command of @p d whose text is @p text (@p len bytes), or NULL. */
static struct dcmd *find_cmd(struct frs_diff *d, const char *text, size_t len)
{
	struct frs_buf t = FRS_BUF_INIT;

	for (int pass = 0; pass < 2; pass++) {
		struct dlist *l = pass ? &d->add : &d->del;
		for (size_t i = 0; i < l->n; i++) {
			frs_buf_clear(&t);
			if (frs_rl__cmd_text(&t, &l->v[i]) == FRS_OK && t.len == len &&
			    memcmp(t.ptr, text, len) == 0) {
				frs_buf_dispose(&t);
				return &l->v[i];
			}
		}
	}
	frs_buf_dispose(&t);
	return NULL;
}

/*
 * vtysh -f's complaints (`line N: % Unknown command[4]: CMD`, `% Invalid value` then `line N:
 * Failure to communicate[13] to bgpd, line: CMD`) kept as the sockets' error replies are: not
 * fatal, the verify decides, and one of them explains what still differs.
 */
static void vtysh_complaints(struct run *r, struct frs_diff *d, const char *out)
{
	const char *prev = NULL;
	size_t prevlen = 0;

	for (const char *p = out; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		size_t len = strcspn(p, "\n");
		const char *cmd, *end = p + len, *why = p, *to = NULL;
		char daemon[32] = "vtysh";
		struct frs_buf msg = FRS_BUF_INIT;

		if (strncmp(p, "line ", 5) != 0 || !(why = memchr(p, ':', len))) {
			if (*p == '%') {
				prev = p;
				prevlen = len;
			}
			continue;
		}
		why += 2;
		/* the command: after the last "]: " or ", line: " */
		if (!(cmd = strstr(why, ", line: ")) || cmd > end) {
			cmd = why;
			for (const char *q = why; (q = strstr(q, "]: ")) && q < end; q++)
				cmd = q + 3;
		} else {
			cmd += 8;
		}
		if (cmd > end)
			cmd = end;
		/* "Failure to communicate[13] to bgpd": the last " to " names the daemon */
		for (const char *q = why; (q = strstr(q, " to ")) && q < cmd; q++)
			to = q;
		if (to)
			snprintf(daemon, sizeof(daemon), "%.*s", (int)strcspn(to + 4, ",: \n"), to + 4);
		while (cmd < end && *cmd == ' ')
			cmd++;
		if (prev && strncmp(why, "Failure to communicate", 22) == 0) {
			frs_buf_add(&msg, prev, prevlen);
		} else {
			/* "% Unknown command[4]: CMD" → "% Unknown command" */
			size_t n = strcspn(why, "[:");
			frs_buf_add(&msg, why, n < (size_t)(end - why) ? n : (size_t)(end - why));
		}
		{
			char *c = strndup(cmd, (size_t)(end - cmd));
			if (c)
				note_reject(r, daemon, c, frs_buf_cstr(&msg),
					    find_cmd(d, cmd, (size_t)(end - cmd)));
			free(c);
		}
		frs_buf_dispose(&msg);
		prev = NULL;
	}
}

static enum frs_err vtysh_send(struct run *r, struct frs_diff *d)
{
	char path[] = "/tmp/frrshim-reload-XXXXXX";
	struct frs_buf script = FRS_BUF_INIT, out = FRS_BUF_INIT;
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
		size_t before = r->nrej;
		char why[48];
		vtysh_complaints(r, d, frs_buf_cstr(&out));
		snprintf(why, sizeof(why), "exit status %d", ec);
		if (r->nrej == before)
			note_reject(r, "vtysh", "-f", why, NULL);
	}
done:
	frs_buf_dispose(&script);
	frs_buf_dispose(&out);
	return rc;
}

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
	if (o->vtysh_path) {
		unsigned ver = 0;
		return vtysh_read(o, &ver, out, errs);
	}
	memset(&r, 0, sizeof(r));
	frs_reload_result_init(&res);
	r.o = o;
	r.res = &res;
	r.errs = errs;
	if (!(rc = run_open(&r)))
		rc = run_read(&r, out);
	run_dispose(&r);
	frs_reload_result_dispose(&res);
	return rc;
}

/* Read and return the merged running config over the open sessions (they stay open for
 * sending); after a failure, over new ones. */
static enum frs_err phase_read(struct run *r, struct frs_conf **out)
{
	enum frs_err rc;

	if (r->o->vtysh_path)
		return vtysh_read(r->o, &r->ver, out, r->errs);
	if (!r->n || r->dirty) {
		run_close(r);
		if ((rc = run_open(r)))
			return rc;
	}
	return run_read(r, out);
}

/* Apply @p d; the verify's `show running-config` is queued behind it. */
static enum frs_err phase_send(struct run *r, struct frs_diff *d)
{
	return r->o->vtysh_path ? vtysh_send(r, d) : run_send(r, d, 1);
}

/*
 * What the verify forgives, FRR being the truth: a line FRR stores in another form than the
 * one sent. An added line that FRR accepted is missing afterwards, and the same context shows a
 * line the target lacks that is new (not in @p from, the config before the apply) or that FRR
 * accepted to delete and shows again: that line is FRR's form of it (options reordered,
 * `as-set` dropped under reject-as-sets). A new line in a context that took an accepted add is
 * FRR's own (`neighbor X bfd` printed beside `bfd profile`), and so is a whole new context the
 * target lacks (created by a reference).
 */
struct learn {
	const struct frs_conf *from;
	struct frs_hmap accepted;     /* cmd_id of every accepted add */
	struct frs_hmap deleted;      /* cmd_id of every accepted delete of a line */
	struct frs_hmap touched;      /* context id of every accepted add */
	char **ids;
	size_t n, cap;
};

static void learn_dispose(struct learn *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->ids[i]);
	free(l->ids);
	frs_hmap_dispose(&l->accepted);
	frs_hmap_dispose(&l->deleted);
	frs_hmap_dispose(&l->touched);
	memset(l, 0, sizeof(*l));
}

/* The id of the context a command is in (its keys, joined), malloc'd. */
static char *ctx_id(const struct dcmd *c)
{
	struct frs_buf b = FRS_BUF_INIT;
	size_t n = c->line ? c->nkeys : c->nkeys - 1;

	frs_buf_puts(&b, "");
	for (size_t i = 0; i < n; i++)
		frs_buf_addf(&b, i ? "\n%s" : "%s", c->keys[i]);
	return frs_buf_detach(&b);
}

static enum frs_err learn_keep(struct learn *l, char *id, struct frs_hmap *m)
{
	if (!id)
		return FRS_ENOMEM;
	if (FRS_VEC_PUSH(l->ids, l->n, l->cap, id)) {
		free(id);
		return FRS_ENOMEM;
	}
	return frs_hmap_put(m, id, 1);
}

static int is_delete(const struct dcmd *c)
{
	return c->no || c->text;
}

/* Remember the commands of @p d (with a line) that FRR did not answer with an error. */
static enum frs_err learn_sent(struct learn *l, const struct frs_diff *d)
{
	enum frs_err rc = FRS_OK;

	for (int pass = 0; pass < 2 && !rc; pass++) {
		const struct dlist *src = pass ? &d->add : &d->del;
		for (size_t i = 0; i < src->n && !rc; i++) {
			const struct dcmd *c = &src->v[i];
			if (c->rejected || !c->line)
				continue;
			if (is_delete(c))
				rc = learn_keep(l, cmd_id(c), &l->deleted);
			else if (!(rc = learn_keep(l, cmd_id(c), &l->accepted)))
				rc = learn_keep(l, ctx_id(c), &l->touched);
		}
	}
	return rc;
}

/* Whether @p m has the id (cmd_id or, with @p ctx, ctx_id) of @p c. */
static int in(const struct frs_hmap *m, const struct dcmd *c, int ctx)
{
	char *id = ctx ? ctx_id(c) : cmd_id(c);
	int r = id && frs_hmap_get(m, id, NULL);

	free(id);
	return r;
}

/* Per context of a residual diff: a line FRR shows that may be its form of an add (renamed), a
 * missing add FRR had accepted (pending). */
struct residue {
	struct frs_hmap renamed, pending;
	struct frs_strset ids;        /* the keys of both, owned */
};

static void residue_dispose(struct residue *r)
{
	for (size_t i = 0; i < r->ids.n; i++)
		free((char *)r->ids.v[i]);
	frs_strset_dispose(&r->ids);
	frs_hmap_dispose(&r->renamed);
	frs_hmap_dispose(&r->pending);
}

static enum frs_err residue_mark(struct residue *r, struct frs_hmap *m, const struct dcmd *c)
{
	char *cid = ctx_id(c);
	uint32_t h;
	size_t at;

	if (!cid)
		return FRS_ENOMEM;
	h = frs_hash(cid);
	if (frs_hmap_get_h(&r->ids.idx, cid, h, &at)) {
		free(cid);
		return frs_hmap_put(m, r->ids.v[at], 1);
	}
	if (frs_strset_add(&r->ids, cid, h)) {
		free(cid);
		return FRS_ENOMEM;
	}
	return frs_hmap_put(m, cid, 1);
}

static enum frs_err residue_scan(struct residue *r, const struct learn *l, const struct frs_diff *d)
{
	enum frs_err rc = FRS_OK;

	for (int pass = 0; pass < 2 && !rc; pass++) {
		const struct dlist *src = pass ? &d->add : &d->del;
		for (size_t i = 0; i < src->n && !rc; i++) {
			const struct dcmd *c = &src->v[i];
			if (!c->line)
				continue;
			if (is_delete(c) && in(&l->touched, c, 1) &&
			    (!has(l->from, c) || in(&l->deleted, c, 0)))
				rc = residue_mark(r, &r->renamed, c);
			else if (!is_delete(c) && in(&l->accepted, c, 0))
				rc = residue_mark(r, &r->pending, c);
		}
	}
	return rc;
}

/* Whether the verify forgives @p c of a residual diff. */
static int is_learned(const struct learn *l, const struct residue *r, const struct dcmd *c)
{
	if (!c->line)
		return is_delete(c) && !has(l->from, c);
	if (!is_delete(c))
		return in(&l->accepted, c, 0) && in(&r->renamed, c, 1);
	if (!in(&l->touched, c, 1))
		return 0;
	return !has(l->from, c) || (in(&l->deleted, c, 0) && in(&r->pending, c, 1));
}

static enum frs_err dl_copy(struct dlist *dst, const struct dcmd *c)
{
	if (FRS_VEC_RESERVE(dst->v, dst->cap, dst->n + 1))
		return FRS_ENOMEM;
	dst->v[dst->n] = *c;
	dst->v[dst->n].rejected = 0;
	if (c->text && !(dst->v[dst->n].text = strdup(c->text)))
		return FRS_ENOMEM;
	dst->n++;
	return FRS_OK;
}

/* The commands of @p d that the verify does not forgive, into *out; *nlearned the others. */
static enum frs_err unexplained(struct frs_diff **out, size_t *nlearned, const struct frs_diff *d,
				const struct learn *l)
{
	struct frs_diff *rest = calloc(1, sizeof(*rest));
	struct residue res;
	enum frs_err rc;

	*out = NULL;
	*nlearned = 0;
	if (!rest)
		return FRS_ENOMEM;
	memset(&res, 0, sizeof(res));
	rc = residue_scan(&res, l, d);
	for (int pass = 0; pass < 2 && !rc; pass++) {
		const struct dlist *src = pass ? &d->add : &d->del;
		for (size_t i = 0; i < src->n && !rc; i++) {
			if (is_learned(l, &res, &src->v[i]))
				(*nlearned)++;
			else
				rc = dl_copy(pass ? &rest->add : &rest->del, &src->v[i]);
		}
	}
	residue_dispose(&res);
	if (rc) {
		frs_diff_free(rest);
		return rc;
	}
	*out = rest;
	return FRS_OK;
}

/* Whether FRR answered the command with the identity of @p c with an error in this run. */
static int was_rejected(const struct run *r, const struct dcmd *c)
{
	char *id = cmd_id(c);
	int hit = 0;

	for (size_t k = 0; id && k < r->nrej && !hit; k++)
		hit = r->rej[k].id && strcmp(r->rej[k].id, id) == 0;
	free(id);
	return hit;
}

#define MAX_REBUILD 32

static int in_list(const char *key, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(key, v[i]) == 0)
			return 1;
	return 0;
}

/*
 * A line FRR refuses to delete (8.4: `no sid vpn export auto` is "not implemented") stays
 * however often the delete is sent: the VRF instances that hold such lines are deleted and
 * created again with the target's lines instead, in @p rest (whose other commands for them are
 * dropped).
 */
static enum frs_err rebuild(struct frs_diff *rest, const struct run *r, const struct frs_conf *now,
			    const struct frs_conf *target)
{
	struct frs_diff *mine = NULL;
	const char *inst[MAX_REBUILD];
	size_t ninst = 0;
	enum frs_err rc = FRS_OK;

	for (int pass = 0; pass < 2; pass++) {
		const struct dlist *l = pass ? &rest->add : &rest->del;
		for (size_t i = 0; i < l->n && ninst < MAX_REBUILD; i++) {
			const struct dcmd *c = &l->v[i];
			if (is_delete(c) && c->line && strncmp(c->keys[0], "router bgp ", 11) == 0 &&
			    strstr(c->keys[0], " vrf ") && !in_list(c->keys[0], inst, ninst) &&
			    was_rejected(r, c))
				inst[ninst++] = c->keys[0];
		}
	}
	if (!ninst)
		return FRS_OK;
	if (!(mine = calloc(1, sizeof(*mine))))
		return FRS_ENOMEM;
	for (int pass = 0; pass < 2 && !rc; pass++) {
		const struct dlist *l = pass ? &rest->add : &rest->del;
		for (size_t i = 0; i < l->n && !rc; i++)
			if (!in_list(l->v[i].keys[0], inst, ninst))
				rc = dl_copy(pass ? &mine->add : &mine->del, &l->v[i]);
	}
	for (size_t i = 0; i < now->n && !rc; i++) {
		const struct fctx *x = now->v[i];
		if (x->nkeys == 1 && in_list(x->keys[0], inst, ninst))
			rc = dl_copy(&mine->del, &(struct dcmd){ x->keys, 1, NULL, 1, NULL, 0 });
	}
	for (size_t i = 0; i < target->n && !rc; i++) {
		const struct fctx *x = target->v[i];
		if (x->dead || !in_list(x->keys[0], inst, ninst))
			continue;
		rc = dl_copy(&mine->add, &(struct dcmd){ x->keys, x->nkeys, NULL, 0, NULL, 0 });
		for (size_t k = 0; k < x->lines->n && !rc; k++)
			rc = dl_copy(&mine->add, &(struct dcmd){ x->keys, x->nkeys, x->lines->v[k], 0,
							 NULL, 0 });
	}
	if (!rc) {
		/* swap the lists: rest keeps its identity for the caller */
		struct frs_diff tmp = *rest;
		*rest = *mine;
		*mine = tmp;
	}
	frs_diff_free(mine);
	return rc;
}

/* The error reply that explains @p rest best: one to a command still missing, else the first. */
static const char *blame(const struct run *r, const struct frs_diff *rest)
{
	for (int pass = 0; pass < 2; pass++) {
		const struct dlist *l = pass ? &rest->add : &rest->del;
		for (size_t i = 0; i < l->n; i++) {
			char *id = cmd_id(&l->v[i]);
			for (size_t k = 0; id && k < r->nrej; k++)
				if (r->rej[k].id && strcmp(r->rej[k].id, id) == 0) {
					free(id);
					return r->rej[k].text;
				}
			free(id);
		}
	}
	return r->nrej ? r->rej[0].text : NULL;
}

/* @p rest as frr-reload.py prints it, one string per line, passwords retracted. */
static enum frs_err residual_lines(char ***out, size_t *n, const struct frs_diff *rest)
{
	struct frs_buf b = FRS_BUF_INIT;
	char **v = NULL;
	size_t k = 0, cap = 0;
	enum frs_err rc;

	*out = NULL;
	*n = 0;
	if ((rc = frs_diff_print(&b, rest, FRS_DIFF_RELOAD_PY)))
		goto done;
	frs_scrub_buf(&b);
	for (char *p = b.ptr, *nl; p && *p; p = nl + 1) {
		if (!(nl = strchr(p, '\n')))
			nl = p + strlen(p) - 1;
		if (nl == p || *p == '=' || strncmp(p, "Lines To ", 9) == 0)
			continue;
		if (FRS_VEC_RESERVE(v, cap, k + 1) ||
		    !(v[k] = strndup(p, (size_t)(nl - p) + (*nl != '\n')))) {
			rc = FRS_ENOMEM;
			goto done;
		}
		k++;
	}
	*out = v;
	*n = k;
	v = NULL;
done:
	for (size_t i = 0; v && i < k; i++)
		free(v[i]);
	free(v);
	frs_buf_dispose(&b);
	return rc;
}

/*
 * Make the live config, @p from before, reach @p target: send @p first (FRR's error replies are
 * kept, not fatal), re-read, and send what still differs once more (order, "last one wins");
 * forgive what FRR stores in its own form or hides (struct learn). FRS_EFRR when the running
 * config then still differs, its commands in @p residual (frr-reload.py's lines) when asked for.
 */
static enum frs_err converge(struct run *r, const struct frs_conf *from,
			     const struct frs_conf *target, struct frs_diff *first,
			     size_t *sent_del, size_t *sent_add, char ***residual, size_t *nresidual)
{
	struct frs_conf *now = NULL;
	struct frs_diff *d = NULL, *rest = NULL;
	struct learn l;
	size_t nlearned = 0;
	enum frs_err rc;

	memset(&l, 0, sizeof(l));
	l.from = from;
	if (sent_del)
		*sent_del = frs_diff_deletes(first);
	if (sent_add)
		*sent_add = frs_diff_adds(first);
	if ((rc = phase_send(r, first)))
		goto done;
	for (int pass = 0; pass < 2; pass++) {
		frs_diff_free(d);
		frs_diff_free(rest); /* its commands borrow from now: free it first */
		d = rest = NULL;
		frs_conf_free(now);
		now = NULL;
		if ((rc = phase_read(r, &now)) || (rc = frs_diff_compute(&d, now, target, r->errs)))
			goto done;
		if (!frs_diff_deletes(d) && !frs_diff_adds(d))
			goto done; /* the common case: nothing to learn */
		/* what was sent is learned only now (the first diff's commands live on) */
		if ((pass == 0 && (rc = learn_sent(&l, first))) ||
		    (rc = unexplained(&rest, &nlearned, d, &l)))
			goto done;
		r->res->lines_learned = nlearned;
		if (!frs_diff_deletes(rest) && !frs_diff_adds(rest))
			goto done;
		if (pass == 0 && ((rc = rebuild(rest, r, now, target)) ||
				  (rc = phase_send(r, rest)) || (rc = learn_sent(&l, rest))))
			goto done;
	}
	{
		const char *why = blame(r, rest);
		if (why) {
			char daemon[32];
			size_t k = strcspn(why, ":");
			snprintf(daemon, sizeof(daemon), "%.*s", (int)k, why);
			set_error(r, daemon, "%s", why[k] ? why + k + 2 : why);
		} else {
			struct frs_buf t = FRS_BUF_INIT;
			const struct dcmd *c = rest->del.n ? &rest->del.v[0] : &rest->add.v[0];
			frs_rl__cmd_text(&t, c);
			set_error(r, "verify", "\"%s\": %zu command(s) still differ after applying",
				  frs_buf_cstr(&t), frs_diff_deletes(rest) + frs_diff_adds(rest));
			frs_buf_dispose(&t);
		}
		rc = residual ? residual_lines(residual, nresidual, rest) : FRS_OK;
		if (!rc)
			rc = FRS_EFRR;
	}
done:
	learn_dispose(&l);
	frs_diff_free(d);
	frs_diff_free(rest);
	frs_conf_free(now);
	return rc;
}

/* @p w as one more of the result's warnings, unless it is one already. */
static enum frs_err add_warning(struct frs_reload_result *res, const char *w)
{
	size_t cap = res->nwarnings;

	for (size_t k = 0; k < res->nwarnings; k++)
		if (strcmp(res->warnings[k], w) == 0)
			return FRS_OK;
	if (FRS_VEC_RESERVE(res->warnings, cap, res->nwarnings + 1) ||
	    !(res->warnings[res->nwarnings] = strdup(w)))
		return FRS_ENOMEM;
	res->nwarnings++;
	return FRS_OK;
}

/* FRR's error replies, except the one reported as the error, as the result's warnings. */
static enum frs_err warnings(struct frs_reload_result *res, const struct run *r, int failed)
{
	for (size_t i = 0; i < r->nrej; i++) {
		const char *w = r->rej[i].text;
		enum frs_err rc;
		if (failed && res->error && strstr(res->error, w + strcspn(w, ":")))
			continue;
		if ((rc = add_warning(res, w)))
			return rc;
	}
	return FRS_OK;
}

/*
 * The lines of @p t that bgpd keeps nothing of and that are therefore never sent (an interface
 * neighbor's update-source: frs_rl__iface_update_source()), as warnings: the user asked for a
 * source address that the session will not use, and a reload that sends nothing would not say
 * so. Not when bgpd is left out (--daemon).
 */
static enum frs_err ignored_warnings(struct frs_reload_result *res, const struct frs_conf *t,
				     const struct frs_reload_opts *o)
{
	struct frs_buf b = FRS_BUF_INIT;
	enum frs_err rc = FRS_OK;
	int bgpd = !o->daemons;

	for (const char *const *d = o->daemons; d && *d && !bgpd; d++)
		bgpd = strcmp(*d, "bgpd") == 0;
	for (size_t i = 0; bgpd && i < t->n && !rc; i++) {
		const struct fctx *x = t->v[i];
		for (size_t k = 0; !x->dead && k < x->lines->n && !rc; k++) {
			if (!frs_rl__iface_update_source(x, x->lines->v[k]))
				continue;
			frs_buf_clear(&b);
			if ((rc = frs_buf_addf(&b, "bgpd: \"%s\" (%s): not sent: bgpd keeps no "
					       "update-source for an interface neighbor; it answers "
					       "with a bare warning and changes nothing",
					       x->lines->v[k], x->keys[0])))
				break;
			frs_scrub_buf(&b);
			rc = add_warning(res, frs_buf_cstr(&b));
		}
	}
	frs_buf_dispose(&b);
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
	c->frr_ver = ver;
	for (size_t i = 0; i < t->n; i++) {
		const struct fctx *x = t->v[i];
		struct dcmd cmd = { x->keys, x->nkeys, NULL, 0, NULL, 0 };
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

enum frs_err frs_reload_target(struct frs_conf **out, const struct frs_conf *target,
			       const struct frs_conf *running, const struct frs_reload_opts *o,
			       unsigned ver)
{
	struct frs_conf *shown = NULL, *restricted = NULL;
	enum frs_err rc;

	*out = NULL;
	/* the whole config first: what it hides depends on lines (`frr defaults datacenter`)
	 * that the daemon asked for may not take */
	if ((rc = frs_rl__conf_for_frr(&shown, target, ver, running)))
		return rc;
	if (!o || !o->daemons) {
		*out = shown;
		return FRS_OK;
	}
	rc = restrict_target(&restricted, shown ? shown : target, o->daemons, ver);
	frs_conf_free(shown);
	if (!rc)
		*out = restricted;
	return rc;
}

enum frs_err frs_reload_apply(struct frs_reload_result *result, const struct frs_conf *target,
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
	/* only now is the version known (asked of the first daemon when not given): it routes
	 * commands to daemons (--daemon) and says what this FRR hides (version.c). The target
	 * lives as long as the result (its diff refers to it): the copy is kept with the result */
	if ((rc = frs_reload_target(&result->target_for_frr, target, snap, o,
				    r.ver ? r.ver : o->frr_version)))
		goto done;
	if ((rc = ignored_warnings(result, target, o)))
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
	rc = converge(&r, snap, target, d, &result->lines_deleted, &result->lines_added, NULL, NULL);
	if (!rc) {
		result->outcome = FRS_RELOAD_APPLIED;
		rc = warnings(result, &r, 0);
		goto keep;
	}
	if (rc == FRS_ENOMEM || o->no_rollback) {
		result->outcome = FRS_RELOAD_ROLLBACK_FAILED;
		goto keep;
	}
	/* roll back: the same engine, towards the snapshot, past what FRR rejects */
	result->rolled_back = 1;
	{
		size_t learned = result->lines_learned;
		enum frs_err rb = phase_read(&r, &now);
		if (!rb)
			rb = frs_diff_compute(&back, now, snap, errs);
		if (!rb && (frs_diff_deletes(back) || frs_diff_adds(back))) {
			struct frs_reload_result scratch;
			frs_reload_result_init(&scratch);
			r.res = &scratch; /* keep the first error as the report */
			rb = converge(&r, now, snap, back, NULL, NULL, &result->residual,
				      &result->nresidual);
			r.res = result;
			frs_reload_result_dispose(&scratch);
		}
		result->lines_learned = learned;
		result->outcome = rb ? FRS_RELOAD_ROLLBACK_FAILED : FRS_RELOAD_ROLLED_BACK;
		rc = rb ? FRS_EROLLBACK : FRS_EFRR;
		if (warnings(result, &r, 1))
			rc = FRS_ENOMEM;
	}
keep:
	result->diff = d;
	d = NULL;
	result->running = snap;
	snap = NULL;
done:
	clock_gettime(CLOCK_REALTIME, &result->finished);
	run_dispose(&r);
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
	for (size_t i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
	for (size_t i = 0; i < r->nresidual; i++)
		free(r->residual[i]);
	free(r->residual);
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

/* @p v as the array @p name of @p j, passwords retracted; nonzero when out of memory. */
static int add_strings(cJSON *j, const char *name, char *const *v, size_t n)
{
	cJSON *a = cJSON_AddArrayToObject(j, name);
	struct frs_buf b = FRS_BUF_INIT;
	int bad = !a;

	for (size_t i = 0; !bad && i < n; i++) {
		cJSON *str;
		frs_buf_clear(&b);
		frs_buf_puts(&b, v[i]);
		frs_scrub_buf(&b);
		bad = !b.ptr || !(str = cJSON_CreateString(b.ptr)) || !cJSON_AddItemToArray(a, str);
	}
	frs_buf_dispose(&b);
	return bad;
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
	frs_scrub_buf(&err);
	if (!cJSON_AddStringToObject(j, "result", frs_reload_outcome_name(r->outcome)) ||
	    !(r->error ? cJSON_AddStringToObject(j, "error", err.ptr) :
			 cJSON_AddNullToObject(j, "error")) ||
	    !cJSON_AddStringToObject(j, "started", t1) ||
	    !cJSON_AddStringToObject(j, "finished", t2) ||
	    !cJSON_AddNumberToObject(j, "lines_deleted", (double)r->lines_deleted) ||
	    !cJSON_AddNumberToObject(j, "lines_added", (double)r->lines_added) ||
	    !cJSON_AddBoolToObject(j, "rolled_back", r->rolled_back) ||
	    !cJSON_AddNumberToObject(j, "lines_learned", (double)r->lines_learned) ||
	    add_strings(j, "warnings", r->warnings, r->nwarnings) ||
	    add_strings(j, "residual", r->residual, r->nresidual))
		goto done;
	if (!(text = cJSON_PrintUnformatted(j)))
		goto done;
	{
		struct frs_buf b = FRS_BUF_INIT;
		if (frs_buf_puts(&b, text) || frs_buf_putc(&b, '\n'))
			goto done;
		rc = frs_file_write_atomic(path, b.ptr, b.len, 0600);
		frs_buf_dispose(&b);
	}
done:
	free(text);
	frs_buf_dispose(&err);
	cJSON_Delete(j);
	return rc;
}
