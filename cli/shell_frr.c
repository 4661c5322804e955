/* SPDX-License-Identifier: MIT */
/* The shell's FRR pass-through: `show …` routed to the daemons as vtysh routes it, and the pager. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <frrshim/query.h>
#include <frrshim/reload.h>
#include <frrshim/vty.h>

#include "cli.h"
#include "shell.h"

#define SHOW_TIMEOUT_MS 30000
#define NAMES_TIMEOUT_MS 1000 /* completion must not hang on a stuck daemon */

/* Where vtysh sends a show command (its DEFUNs' daemon lists, for the common ones). A route
 * matches when each of its words is abbreviated by the command's words in turn. */
enum { TO_ONE, TO_ALL, TO_MERGED };
static const struct {
	const char *words;
	int to;
	const char *daemon;
} routes[] = {
	{ "show running-config", TO_MERGED, NULL },
	{ "show bgp", TO_ONE, "bgpd" },
	{ "show ip bgp", TO_ONE, "bgpd" },
	{ "show ipv6 bgp", TO_ONE, "bgpd" },
	{ "show bfd", TO_ONE, "bfdd" },
	{ "show ip route", TO_ONE, "zebra" },
	{ "show ipv6 route", TO_ONE, "zebra" },
	{ "show interface", TO_ONE, "zebra" },
	{ "show vrf", TO_ONE, "zebra" },
	{ "show zebra", TO_ONE, "zebra" },
	{ "show ip nht", TO_ONE, "zebra" },
	{ "show ipv6 nht", TO_ONE, "zebra" },
	{ "show version", TO_ONE, "zebra" },
	{ "show route-map", TO_ALL, NULL },
	{ "show ip prefix-list", TO_ALL, NULL },
	{ "show ipv6 prefix-list", TO_ALL, NULL },
	{ "show bgp community-list", TO_ONE, "bgpd" },
	{ "show debugging", TO_ALL, NULL },
	{ "show logging", TO_ALL, NULL },
	{ "show memory", TO_ALL, NULL },
};

/* The daemons vtysh knows, in its order; those without a socket are skipped. */
static const char *const daemons[] = { "zebra", "bgpd", "bfdd", "staticd", NULL };

static const char *vty_dir(const struct shell *sh)
{
	return sh->vty ? sh->vty : FRS_VTY_DEFAULT_DIR;
}

/* How many words of argv the route matches (all of its words), or 0. */
static int route_match(const char *words, int argc, char **argv)
{
	int i = 0;

	for (const char *w = words; *w; i++) {
		size_t wl = strcspn(w, " ");

		if (i >= argc || strlen(argv[i]) > wl || strncmp(argv[i], w, strlen(argv[i])) ||
		    (i == 0 && strlen(argv[i]) < 2))
			return 0;
		w += wl;
		while (*w == ' ')
			w++;
	}
	return i;
}

static int run_one(struct frs_buf *out, const struct shell *sh, const char *daemon,
		   const char *cmd, int *status)
{
	struct frs_vty *vty = NULL;
	enum frs_err rc = frs_vty_open(&vty, vty_dir(sh), daemon, SHOW_TIMEOUT_MS);

	*status = FRS_VTY_SUCCESS;
	if (!rc)
		rc = frs_vty_exec(vty, cmd, out, status);
	frs_vty_close(vty);
	return (int)rc;
}

static int frr_fail(const struct shell *sh, const char *daemon, enum frs_err rc)
{
	cli_errorf("%s is not reachable in %s: %s", daemon, vty_dir(sh), frs_strerror(rc));
	return cli_exit_code(rc);
}

/* An FRR status as an exit code: an unknown or incomplete command is the user's. */
static int status_exit(int status)
{
	if (frs_vty_status_ok(status))
		return CLI_EXIT_OK;
	if (status == FRS_VTY_ERR_NO_MATCH || status == FRS_VTY_ERR_AMBIGUOUS ||
	    status == FRS_VTY_ERR_INCOMPLETE)
		return CLI_EXIT_USAGE;
	return CLI_EXIT_PROBLEM;
}

static int show_merged(struct frs_buf *out, const struct shell *sh)
{
	struct frs_reload_opts o = FRS_RELOAD_OPTS_INIT;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_conf *conf = NULL;
	enum frs_err rc;
	int ret = CLI_EXIT_OK;

	o.vty_dir = vty_dir(sh);
	o.timeout_ms = SHOW_TIMEOUT_MS;
	rc = frs_reload_running(&conf, &o, &errs);
	if (rc) {
		cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
		ret = frr_fail(sh, "FRR", rc);
	} else if (frs_conf_print(out, conf)) {
		ret = CLI_EXIT_SYSTEM;
	}
	frs_conf_free(conf);
	frs_errlist_dispose(&errs);
	return ret;
}

int shell_frr_show(struct frs_buf *out, const struct shell *sh, int argc, char **argv)
{
	struct frs_buf cmd = FRS_BUF_INIT, part = FRS_BUF_INIT;
	int best = -1, bestn = 0, status, ret = CLI_EXIT_OK, answered = 0;
	enum frs_err rc = FRS_OK;

	for (int i = 0; i < argc; i++)
		frs_buf_addf(&cmd, "%s%s", i ? " " : "", argv[i]);
	for (size_t r = 0; r < sizeof(routes) / sizeof(routes[0]); r++) {
		int n = route_match(routes[r].words, argc, argv);
		if (n > bestn) {
			bestn = n;
			best = (int)r;
		}
	}
	if (best >= 0 && routes[best].to == TO_MERGED && argc == bestn) {
		ret = show_merged(out, sh);
	} else if (best >= 0 && routes[best].to == TO_MERGED) {
		/* show running-config DAEMON: that daemon's own */
		frs_buf_clear(&cmd);
		frs_buf_puts(&cmd, "show running-config");
		rc = (enum frs_err)run_one(out, sh, argv[bestn], frs_buf_cstr(&cmd), &status);
		ret = rc ? frr_fail(sh, argv[bestn], rc) : status_exit(status);
	} else if (best >= 0 && routes[best].to == TO_ONE) {
		rc = (enum frs_err)run_one(out, sh, routes[best].daemon, frs_buf_cstr(&cmd), &status);
		ret = rc ? frr_fail(sh, routes[best].daemon, rc) : status_exit(status);
	} else {
		/* every daemon for TO_ALL; for an unknown command the first that knows it */
		int all = best >= 0;

		ret = CLI_EXIT_USAGE;
		for (size_t d = 0; daemons[d]; d++) {
			frs_buf_clear(&part);
			rc = (enum frs_err)run_one(&part, sh, daemons[d], frs_buf_cstr(&cmd), &status);
			if (rc)
				continue;
			answered++;
			if (!all && status == FRS_VTY_ERR_NO_MATCH)
				continue;
			if (all)
				frs_buf_addf(out, "%s:\n", daemons[d]);
			frs_buf_puts(out, frs_buf_cstr(&part));
			ret = status_exit(status);
			if (!all)
				break;
		}
		if (!answered)
			ret = frr_fail(sh, "FRR", FRS_EUNREACHABLE);
		else if (ret == CLI_EXIT_USAGE && !out->len)
			fprintf(stderr, "%% Unknown command: %s\n", frs_buf_cstr(&cmd));
	}
	frs_buf_dispose(&cmd);
	frs_buf_dispose(&part);
	return ret;
}

void shell_frr_names(const struct shell *sh, char ***peers, char ***vrfs)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf out = FRS_BUF_INIT;
	struct frs_bgp_peers p = { 0 };

	if (frs_query_exec(&out, vty_dir(sh), "bgpd", "show bgp vrf all neighbors json",
			   NAMES_TIMEOUT_MS, &errs) == FRS_OK &&
	    frs_query_parse_neighbors(&p, frs_buf_cstr(&out), NULL, &errs) == FRS_OK) {
		for (size_t i = 0; i < p.n; i++) {
			shell_list_add(peers, p.v[i].peer);
			shell_list_add(vrfs, p.v[i].vrf);
		}
	}
	frs_bgp_peers_dispose(&p);
	frs_buf_dispose(&out);
	frs_errlist_dispose(&errs);
}

static int term_rows(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0)
		return ws.ws_row;
	return 0;
}

/* $PAGER split at blanks (no shell: DESIGN), or less -FRX. */
static int run_pager(const char *text, size_t len)
{
	const char *env = getenv("PAGER");
	char *copy = strdup(env && *env ? env : "less -FRX"), *argv[16], *save = NULL;
	int fds[2], n = 0, st;
	void (*old)(int);
	pid_t pid;

	if (!copy)
		return -1;
	for (char *t = strtok_r(copy, " \t", &save); t && n < 15; t = strtok_r(NULL, " \t", &save))
		argv[n++] = t;
	argv[n] = NULL;
	if (!n || pipe(fds)) {
		free(copy);
		return -1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		free(copy);
		return -1;
	}
	if (pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[0]);
	old = signal(SIGPIPE, SIG_IGN); /* the user may quit the pager early */
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fds[1], text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fds[1]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	signal(SIGPIPE, old);
	free(copy);
	return WIFEXITED(st) && WEXITSTATUS(st) == 127 ? -1 : 0;
}

void shell_page(const char *text, size_t len)
{
	int rows = isatty(STDOUT_FILENO) ? term_rows() : 0;
	size_t lines = 0;

	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	if (rows > 0 && lines >= (size_t)rows && run_pager(text, len) == 0)
		return;
	fwrite(text, 1, len, stdout);
	fflush(stdout);
}
