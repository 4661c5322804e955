/* SPDX-License-Identifier: MIT */
/* `frrshim shell`: the subcommands over manifests loaded once, and FRR's show commands, vtysh-like. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include <frrshim/file.h>
#include <frrshim/model.h>

#include "cli.h"
#include "shell.h"
#include "../lib/vec.h"

#define HISTORY_NAME ".frrshim_history"
#define HISTORY_MAX 1000

static void usage(FILE *f)
{
	fprintf(f,
		"usage: frrshim shell [--node NAME] [--vty-socket DIR] [-c COMMAND]...\n"
		"                     [PATH... | --kube [--kubeconfig F] [--context C] [--namespace NS]]\n"
		"\n"
		"An interactive shell like vtysh. The manifests in PATH (or given to `load`) are\n"
		"read once and read again when a file changes; lint, render, diff, reload,\n"
		"status, verify, explain and bundle run over them with the shell's node and vty\n"
		"socket directory, and `show ...` goes to FRR's daemons as vtysh sends it\n"
		"(`show running-config` merged from all of them). TAB completes commands,\n"
		"options, nodes, NAMESPACE/SERVICE names, peers and VRFs; `?` lists what can\n"
		"follow. History is kept in ~/" HISTORY_NAME ". Long output goes through $PAGER\n"
		"(default less -FRX).\n"
		"\n"
		"With -c, or when standard input is not a terminal, the commands run in order\n"
		"without a prompt, for scripts.\n"
		"\n"
		"Options:\n"
		"  -n, --node NAME          the node the commands are about (`node NAME`)\n"
		"      --vty-socket DIR     FRR's vty sockets (default /var/run/frr)\n"
		"  -c, --command CMD        run CMD (repeatable), then exit\n"
		"  -h, --help               this help\n"
		"%s"
		"With --kube (or `load --kube ...`), the API server is listed once and watched:\n"
		"every command sees its objects as they are now (bundle lists its own snapshot).\n"
		"If that first list fails, or has not finished within 60 s, each command lists.\n"
		"\n"
		"Exit: the exit code of the last command that failed (0 when none did).\n",
		cli_source_help);
}

static void shell_dispose(struct shell *sh)
{
	if (sh->watched)
		cli_source_unwatch();
	for (size_t i = 0; i < sh->npaths; i++)
		free(sh->paths[i]);
	free(sh->paths);
	frs_model_free(sh->model);
	free(sh->node);
	free(sh->vty);
}

/* FNV-1a over what changes when a file is rewritten or replaced. */
static void fp_add(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++) {
		*h ^= c[i];
		*h *= 1099511628211ULL;
	}
}

static void fp_stat(uint64_t *h, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		fp_add(h, "?", 1);
		return;
	}
	fp_add(h, &st.st_ino, sizeof(st.st_ino));
	fp_add(h, &st.st_size, sizeof(st.st_size));
	fp_add(h, &st.st_mtim, sizeof(st.st_mtim));
	if (S_ISDIR(st.st_mode)) {
		/* the files of a directory (the loader reads only its top level) */
		DIR *d = opendir(path);
		struct dirent *de;
		char sub[4096];

		while (d && (de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
			fp_add(h, de->d_name, strlen(de->d_name));
			if (stat(sub, &st) == 0) {
				fp_add(h, &st.st_ino, sizeof(st.st_ino));
				fp_add(h, &st.st_size, sizeof(st.st_size));
				fp_add(h, &st.st_mtim, sizeof(st.st_mtim));
			}
		}
		if (d)
			closedir(d);
	}
}

static uint64_t fingerprint(const struct shell *sh)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < sh->npaths; i++)
		fp_stat(&h, sh->paths[i]);
	return h;
}

/* Read the manifests again; the model stays the last good one for completion. */
static int reload_model(struct shell *sh, bool quiet)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_model *m = NULL;
	enum frs_err rc;

	sh->fingerprint = sh->kube ? 0 : fingerprint(sh);
	sh->changes = sh->watched ? cli_source_changes() : 0;
	if (!sh->npaths)
		return CLI_EXIT_OK;
	rc = cli_model_load(&m, &sh->src, (const char *const *)sh->paths, sh->kube ? 0 : sh->npaths,
			    &errs);
	if (!quiet) {
		frs_errlist_sort(&errs);
		cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
	}
	frs_errlist_dispose(&errs);
	if (rc) {
		if (quiet)
			fprintf(stderr, "frrshim shell: the manifests changed and no longer load; "
					"`lint` says why\n");
		return cli_exit_code(rc);
	}
	frs_model_free(sh->model);
	sh->model = m;
	return CLI_EXIT_OK;
}

/* The manifests become the API server named by @p src: its words replace the paths. */
static int set_kube(struct shell *sh, const struct cli_source *src, bool watch)
{
	const char *w[8];
	size_t n = cli_source_words(w, src);
	char **paths = calloc(n, sizeof(*paths));

	if (!paths)
		return CLI_EXIT_SYSTEM;
	for (size_t i = 0; i < n; i++)
		if (!(paths[i] = strdup(w[i]))) {
			shell_words_free(paths);
			return CLI_EXIT_SYSTEM;
		}
	if (sh->watched)
		cli_source_unwatch();
	sh->watched = false;
	for (size_t i = 0; i < sh->npaths; i++)
		free(sh->paths[i]);
	free(sh->paths);
	sh->paths = paths;
	sh->npaths = n;
	sh->kube = true;
	memset(&sh->src, 0, sizeof(sh->src));
	/* the source's strings are the owned words' */
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(paths[i], "--kube"))
			sh->src.kube = true;
		else if (!strcmp(paths[i], "--kubeconfig"))
			sh->src.kubeconfig = paths[++i];
		else if (!strcmp(paths[i], "--context"))
			sh->src.context = paths[++i];
		else if (!strcmp(paths[i], "--namespace"))
			sh->src.ns = paths[++i];
	}
	/* listed once here and watched; if that fails, each command lists and says why */
	sh->watched = watch && cli_source_watch(&sh->src);
	return CLI_EXIT_OK;
}

/* `load --kube [--kubeconfig F] [--context C] [--namespace NS]` */
static int load_kube(struct shell *sh, int argc, char **argv)
{
	struct cli_source src = { 0 };
	int ret;

	for (int i = 1; i < argc; i++) {
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(argv[i], "--kube"))
			src.kube = true;
		else if (!strcmp(argv[i], "--kubeconfig") && next)
			src.kubeconfig = argv[++i];
		else if (!strcmp(argv[i], "--context") && next)
			src.context = argv[++i];
		else if (!strcmp(argv[i], "--namespace") && next)
			src.ns = argv[++i];
		else
			return cli_usage_error("shell", "load --kube [--kubeconfig FILE] [--context "
					       "NAME] [--namespace NS], not '%s'", argv[i]);
	}
	if ((ret = set_kube(sh, &src, true)))
		return ret;
	frs_model_free(sh->model);
	sh->model = NULL;
	return reload_model(sh, false);
}

static int cmd_load(struct shell *sh, int argc, char **argv)
{
	char **paths;
	int ret;

	if (argc < 2)
		return cli_usage_error("shell", "load wants PATH... (or --kube)");
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--kube")) {
			ret = load_kube(sh, argc, argv);
			goto summary;
		}
	paths = calloc((size_t)argc, sizeof(*paths));
	if (!paths)
		return CLI_EXIT_SYSTEM;
	for (int i = 1; i < argc; i++)
		if (!(paths[i - 1] = strdup(argv[i])))
			return CLI_EXIT_SYSTEM;
	for (size_t i = 0; i < sh->npaths; i++)
		free(sh->paths[i]);
	free(sh->paths);
	sh->paths = paths;
	sh->npaths = (size_t)argc - 1;
	sh->kube = false;
	if (sh->watched)
		cli_source_unwatch();
	sh->watched = false;
	memset(&sh->src, 0, sizeof(sh->src));
	frs_model_free(sh->model);
	sh->model = NULL;
	ret = reload_model(sh, false);
summary:
	if (!ret)
		printf("loaded %zu BGPPeers, %zu IPAddressPools, %zu BGPAdvertisements, "
		       "%zu Services, %zu Nodes\n",
		       sh->model->npeers, sh->model->npools, sh->model->nbgpadvs,
		       sh->model->nservices, sh->model->nnodes);
	return ret;
}

static bool has_opt(int argc, char **argv, const char *lng, const char *shrt)
{
	size_t l = strlen(lng);

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], lng) || (shrt && !strcmp(argv[i], shrt)) ||
		    (!strncmp(argv[i], lng, l) && argv[i][l] == '='))
			return true;
	}
	return false;
}

/* The subcommand's argv: the user's words, then what the shell fills in. */
struct args {
	char **v;
	int n;
	size_t cap;
};

static int args_push(struct args *a, const char *s)
{
	if (FRS_VEC_RESERVE(a->v, a->cap, (size_t)a->n + 2))
		return -1;
	if (!(a->v[a->n] = strdup(s)))
		return -1;
	a->v[++a->n] = NULL;
	return 0;
}

static void args_dispose(struct args *a)
{
	shell_words_free(a->v);
	memset(a, 0, sizeof(*a));
}

static int build_args(struct args *a, const struct shell *sh, const struct shell_cmd *c,
		      const char *name, int argc, char **argv, bool no_paths)
{
	if (args_push(a, name))
		return -1;
	for (int i = 1; i < argc; i++)
		if (args_push(a, argv[i]))
			return -1;
	/* verify --expect FILE replaces --node and PATH... */
	if (has_opt(argc, argv, "--expect", NULL))
		no_paths = true;
	if ((c->needs & SH_NEEDS_NODE) && sh->node && !no_paths &&
	    !has_opt(argc, argv, "--node", "-n") &&
	    (args_push(a, "--node") || args_push(a, sh->node)))
		return -1;
	if ((c->needs & SH_NEEDS_VTY) && sh->vty && !has_opt(argc, argv, "--vty-socket", NULL) &&
	    !has_opt(argc, argv, "--neighbors-json", NULL) &&
	    (args_push(a, "--vty-socket") || args_push(a, sh->vty)))
		return -1;
	if ((c->needs & SH_NEEDS_PATHS) && !no_paths)
		for (size_t i = 0; i < sh->npaths; i++)
			if (args_push(a, sh->paths[i]))
				return -1;
	return 0;
}

/* Run @p run, its stdout paged in a terminal. */
static int run_paged(const struct shell *sh, int (*run)(int, char **), struct args *a)
{
	struct frs_buf out = FRS_BUF_INIT;
	int ret;

	if (!sh->tty) {
		cli_getopt_reset();
		return run(a->n, a->v);
	}
	ret = cli_capture(&out, run, a->n, a->v);
	shell_page(frs_buf_cstr(&out), out.len);
	frs_buf_dispose(&out);
	return ret < 0 ? CLI_EXIT_SYSTEM : ret;
}

/* `help CMD` for the shell's own commands: what it does, then what may follow it. */
static void shell_cmd_help(const struct shell *sh, const char *name)
{
	struct frs_buf l = FRS_BUF_INIT;

	printf("%s: %s\n", name, shell_cmd_find(name)->help);
	if (!frs_buf_addf(&l, "%s ", name))
		shell_help(stdout, sh, frs_buf_cstr(&l));
	frs_buf_dispose(&l);
}

/* diff and reload: the node's config rendered to a temporary file, then `reload` on it. */
static int render_then_reload(const struct shell *sh, int argc, char **argv, bool test)
{
	const struct shell_cmd *rc = shell_cmd_find("render");
	struct args r = { 0 }, a = { 0 };
	struct frs_buf conf = FRS_BUF_INIT;
	const char *file = NULL, *tmpdir = getenv("TMPDIR");
	char tmp[4096] = "";
	int ret, fd = -1, nargs = 1;
	char *keep[8];

	/* the user's words: options for render (--node, --node-labels), the rest for reload */
	if (args_push(&r, "render"))
		return CLI_EXIT_SYSTEM;
	keep[0] = argv[0];
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			shell_cmd_help(sh, argv[0]);
			args_dispose(&r);
			return CLI_EXIT_OK;
		}
		if ((!strcmp(argv[i], "--node") || !strcmp(argv[i], "--node-labels")) && i + 1 < argc) {
			args_push(&r, argv[i]);
			args_push(&r, argv[++i]);
		} else if (!strcmp(argv[i], "--dry-run") || !strcmp(argv[i], "--status")) {
			if (nargs < 6) {
				keep[nargs++] = argv[i];
				if (!strcmp(argv[i], "--status") && i + 1 < argc)
					keep[nargs++] = argv[++i];
			}
		} else if (argv[i][0] != '-' && !file) {
			file = argv[i];
		} else {
			args_dispose(&r);
			return cli_usage_error(argv[0], "unexpected '%s'", argv[i]);
		}
	}
	/* `reload FILE.conf` applies that file as it is */
	if (file && !test) {
		ret = build_args(&a, sh, shell_cmd_find("reload"), "reload", nargs, keep, true);
		if (!ret)
			ret = args_push(&a, file);
		ret = ret ? CLI_EXIT_SYSTEM : run_paged(sh, cmd_reload, &a);
		goto done;
	}
	if (!sh->npaths) {
		ret = cli_usage_error(argv[0], "no manifests loaded: `load PATH...` first");
		goto done;
	}
	/* render's argv: its options from r, then the shell's node and the manifests */
	if (build_args(&a, sh, rc, "render", r.n, r.v, false)) {
		ret = CLI_EXIT_SYSTEM;
		goto done;
	}
	ret = cli_capture(&conf, cmd_render, a.n, a.v);
	args_dispose(&a);
	if (ret) {
		ret = ret < 0 ? CLI_EXIT_SYSTEM : ret;
		goto done;
	}
	snprintf(tmp, sizeof(tmp), "%s/frrshim-shell.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	fd = mkstemp(tmp);
	if (fd < 0 || write(fd, frs_buf_cstr(&conf), conf.len) != (ssize_t)conf.len) {
		cli_errorf("%s: cannot write a temporary file: %s", argv[0], strerror(errno));
		ret = CLI_EXIT_SYSTEM;
		goto done;
	}
	if (args_push(&a, "reload") || (test && args_push(&a, "--test")) ||
	    (test && file && (args_push(&a, "--input") || args_push(&a, file)))) {
		ret = CLI_EXIT_SYSTEM;
		goto done;
	}
	for (int i = 1; i < nargs; i++)
		args_push(&a, keep[i]);
	if (!(test && file) && sh->vty && (args_push(&a, "--vty-socket") || args_push(&a, sh->vty))) {
		ret = CLI_EXIT_SYSTEM;
		goto done;
	}
	args_push(&a, tmp);
	ret = run_paged(sh, cmd_reload, &a);
done:
	if (fd >= 0)
		close(fd);
	if (*tmp && fd >= 0)
		unlink(tmp);
	frs_buf_dispose(&conf);
	args_dispose(&a);
	args_dispose(&r);
	return ret;
}

static int (*runner(const char *name))(int, char **)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} t[] = {
		{ "bundle", cmd_bundle }, { "explain", cmd_explain }, { "lint", cmd_lint },
		{ "render", cmd_render }, { "status", cmd_status },   { "verify", cmd_verify },
		{ "version", cmd_version },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i].name, name))
			return t[i].run;
	return NULL;
}

static void shell_usage_list(void)
{
	for (const struct shell_cmd *c = shell_cmds; c->name; c++)
		printf("  %-8s %s\n", c->name, c->help);
}

/* One line. *quit is set by exit/quit. Returns its exit code. */
static int run_line(struct shell *sh, const char *line, bool *quit)
{
	const struct shell_cmd *c;
	char **argv = NULL;
	size_t len = strlen(line);
	int argc = 0, ret = CLI_EXIT_OK;

	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\n'))
		len--;
	/* the watched set changed: completion and `?` see the objects as they are now */
	if (sh->watched && cli_source_changes() != sh->changes)
		reload_model(sh, true);
	if (len && line[len - 1] == '?') {
		/* `?` at the end of a scripted line: the help the key gives in a terminal */
		char *before = strndup(line, len - 1);
		if (!before)
			return CLI_EXIT_SYSTEM;
		shell_help(stdout, sh, before);
		free(before);
		fflush(stdout); /* as after a command: in order with what comes next */
		return CLI_EXIT_OK;
	}
	if (shell_words(&argv, &argc, line))
		return cli_usage_error("shell", "unterminated quote");
	if (argc == 0 || argv[0][0] == '#')
		goto done;
	if (sh->npaths && !sh->kube && fingerprint(sh) != sh->fingerprint)
		reload_model(sh, true);
	c = shell_cmd_find(argv[0]);
	if (!c && strlen(argv[0]) >= 2 && !strncmp("show", argv[0], strlen(argv[0])))
		c = shell_cmd_find("show");
	if (!c) {
		fprintf(stderr, "%% Unknown command: %s\n", argv[0]);
		ret = CLI_EXIT_USAGE;
		goto done;
	}
	if (!strcmp(c->name, "exit") || !strcmp(c->name, "quit")) {
		*quit = true;
	} else if (!strcmp(c->name, "help")) {
		if (argc > 1 && runner(argv[1])) {
			char *sub[] = { argv[1], "--help", NULL };
			cli_getopt_reset();
			ret = runner(argv[1])(2, sub);
		} else if (argc > 1 && shell_cmd_find(argv[1])) {
			shell_cmd_help(sh, argv[1]);
		} else {
			shell_usage_list();
		}
	} else if (!strcmp(c->name, "load")) {
		ret = cmd_load(sh, argc, argv);
	} else if (!strcmp(c->name, "node")) {
		if (argc == 1) {
			printf("%s\n", sh->node ? sh->node : "(no node: `node NAME`)");
		} else {
			free(sh->node);
			sh->node = strdup(argv[1]);
		}
	} else if (!strcmp(c->name, "show")) {
		struct frs_buf out = FRS_BUF_INIT;
		ret = shell_frr_show(&out, sh, argc, argv);
		if (sh->tty)
			shell_page(frs_buf_cstr(&out), out.len);
		else
			fwrite(frs_buf_cstr(&out), 1, out.len, stdout);
		frs_buf_dispose(&out);
	} else if (!strcmp(c->name, "diff") || !strcmp(c->name, "reload")) {
		ret = render_then_reload(sh, argc, argv, !strcmp(c->name, "diff"));
	} else {
		struct args a = { 0 };

		if ((c->needs & SH_NEEDS_PATHS) && !sh->npaths && !has_opt(argc, argv, "--help", "-h")) {
			ret = cli_usage_error(c->name, "no manifests loaded: `load PATH...` first");
			goto done;
		}
		if (has_opt(argc, argv, "--help", "-h"))
			ret = build_args(&a, sh, c, c->name, argc, argv, true);
		else
			ret = build_args(&a, sh, c, c->name, argc, argv, false);
		ret = ret ? CLI_EXIT_SYSTEM : run_paged(sh, runner(c->name), &a);
		args_dispose(&a);
	}
done:
	fflush(stdout);
	shell_words_free(argv);
	return ret;
}

static char *history_path(void)
{
	const char *home = getenv("HOME");
	struct frs_buf p = FRS_BUF_INIT;

	if (!home || !*home || frs_buf_addf(&p, "%s/%s", home, HISTORY_NAME)) {
		frs_buf_dispose(&p);
		return NULL;
	}
	return frs_buf_detach(&p);
}

static volatile sig_atomic_t at_prompt;

/* Ctrl-C at the prompt drops the line, as in vtysh; during a command it is ignored (the command
 * is bounded by its own timeouts), and the pager, a new program, gets the default back. */
static void on_sigint(int sig)
{
	(void)sig;
	if (!at_prompt)
		return;
	rl_crlf();
	rl_on_new_line();
	rl_replace_line("", 0);
	rl_redisplay();
}

static int interactive(struct shell *sh)
{
	struct sigaction sa;
	char *hist = history_path(), *line;
	int last = CLI_EXIT_OK;
	bool quit = false;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	shell_complete_init(sh);
	using_history();
	stifle_history(HISTORY_MAX);
	if (hist)
		read_history(hist);
	for (;;) {
		int ret;

		at_prompt = 1;
		line = quit ? NULL : readline("frrshim> ");
		at_prompt = 0;
		if (!line)
			break;

		/* history holds the command, not the blank a completion left after it */
		for (size_t n = strlen(line); n && (line[n - 1] == ' ' || line[n - 1] == '\t'); n--)
			line[n - 1] = '\0';
		if (*line) {
			HIST_ENTRY *prev = history_length ? history_get(history_base + history_length - 1) : NULL;
			if (!prev || strcmp(prev->line, line))
				add_history(line);
			if (hist)
				write_history(hist);
		}
		ret = run_line(sh, line, &quit);
		if (ret)
			last = ret;
		free(line);
	}
	if (!quit)
		putchar('\n'); /* end of input (Ctrl-D) */
	free(hist);
	return last;
}

static int scripted(struct shell *sh, FILE *in)
{
	struct frs_buf line = FRS_BUF_INIT;
	int last = CLI_EXIT_OK, c;
	bool quit = false;

	while (!quit) {
		frs_buf_clear(&line);
		while ((c = getc(in)) != EOF && c != '\n')
			frs_buf_putc(&line, (char)c);
		if (c == EOF && !line.len)
			break;
		c = run_line(sh, frs_buf_cstr(&line), &quit);
		if (c)
			last = c;
	}
	frs_buf_dispose(&line);
	return last;
}

int cmd_shell(int argc, char **argv)
{
	enum { OPT_VTY = 256 };
	static const struct option opts[] = {
		{ "node", required_argument, NULL, 'n' },
		{ "vty-socket", required_argument, NULL, OPT_VTY },
		{ "command", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_source src = { 0 };
	struct shell sh;
	char **cmds = NULL;
	int c, ncmds = 0, ret = CLI_EXIT_OK;
	size_t capcmds = 0;
	bool quit = false;

	memset(&sh, 0, sizeof(sh));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			free(sh.node);
			sh.node = strdup(optarg);
			break;
		case OPT_VTY:
			free(sh.vty);
			sh.vty = strdup(optarg);
			break;
		case 'c': {
			if (FRS_VEC_RESERVE(cmds, capcmds, (size_t)ncmds + 1)) {
				ret = CLI_EXIT_SYSTEM;
				goto done;
			}
			cmds[ncmds++] = optarg;
			break;
		}
		case 'h':
			usage(stdout);
			goto done;
		default:
			if (cli_source_opt(&src, c, optarg))
				break;
			ret = cli_usage_error("shell", "bad option '%s' or missing argument",
					      argv[optind - 1]);
			goto done;
		}
	}
	if (src.kube || src.kube_opt) {
		if ((ret = cli_source_check(&src, "shell", (size_t)(argc - optind))))
			goto done;
		/* one -c command reads the set once: a watch would only delay the exit (its
		 * threads notice the stop within a second) */
		if ((ret = set_kube(&sh, &src, ncmds != 1)))
			goto done;
		ret = reload_model(&sh, false);
	} else if (optind < argc) {
		/* PATH... as `load PATH...` before anything else, without its summary line */
		sh.npaths = (size_t)(argc - optind);
		sh.paths = calloc(sh.npaths, sizeof(*sh.paths));
		if (!sh.paths) {
			ret = CLI_EXIT_SYSTEM;
			goto done;
		}
		for (size_t i = 0; i < sh.npaths; i++)
			if (!(sh.paths[i] = strdup(argv[optind + (int)i]))) {
				ret = CLI_EXIT_SYSTEM;
				goto done;
			}
		ret = reload_model(&sh, false);
	}
	if (ncmds) {
		for (int i = 0; i < ncmds && !quit; i++) {
			int r = run_line(&sh, cmds[i], &quit);
			if (r)
				ret = r;
		}
		goto done;
	}
	sh.tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	{
		int r = sh.tty ? interactive(&sh) : scripted(&sh, stdin);
		if (r)
			ret = r;
	}
done:
	free(cmds);
	shell_dispose(&sh);
	return ret;
}
