/* SPDX-License-Identifier: MIT */
/* What every subcommand shares: the command table entry, exit codes, diagnostics output. */
#ifndef FRS_CLI_H
#define FRS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <frrshim/err.h>

/* Documented exit codes (doc/frrshim.1): one table for every command. */
enum cli_exit {
	CLI_EXIT_OK = 0,      /* done; nothing wrong */
	CLI_EXIT_PROBLEM = 1, /* found a problem: invalid config, diff not empty, verify failed */
	CLI_EXIT_USAGE = 2,   /* bad command line or unreadable input */
	CLI_EXIT_FRR = 3,     /* FRR unreachable, or reload error (rolled back) */
	CLI_EXIT_SYSTEM = 4,  /* system error, or a rollback that failed too */
};

struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
	const char *summary;
};

/* The exit code for a library result. */
int cli_exit_code(enum frs_err rc);
/* The exit status after loading resources whose diagnostics are printed already; an error they
 * do not explain (out of memory) gets a line of its own, prefixed "CMD: " when @p cmd is set. */
int cli_load_exit(const char *cmd, enum frs_err rc);

enum cli_format {
	CLI_FMT_TEXT,
	CLI_FMT_JSON,
	CLI_FMT_GITHUB,
};

/* Parse "text", "json" or "github"; -1 if none of them. */
int cli_format_parse(const char *s, enum cli_format *out);

/* Print diagnostics in @p fmt (json: one array; text/github: one line each). */
void cli_print_diagnostics(FILE *f, const struct frs_errlist *l, enum cli_format fmt);

/* "frrshim CMD: MESSAGE" and a hint to --help on stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "frrshim: MESSAGE" on stderr. */
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct frs_verify_expect;
/* verify's expectations from resources: model → node view → what each peer must receive
 * (cli/verify_view.c). Returns a CLI exit code; details in @p errs. */
struct cli_source;
int cli_verify_expect_from_paths(struct frs_verify_expect *out, const char *node,
				 const struct cli_source *src, char *const *paths, size_t npaths,
				 struct frs_errlist *errs);

struct frs_view;
/* The same from a node view already built (explain --live). FRS_ENOMEM or FRS_OK. */
enum frs_err cli_verify_expect_from_view(struct frs_verify_expect *out, const struct frs_view *v);

/* The command table (cli/main.c), ended by a NULL name. */
extern const struct cli_cmd cli_cmds[];
const struct cli_cmd *cli_cmd_find(const char *name);

/* The subcommands (cli/cmd_<name>.c). */
int cmd_bundle(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_metrics(int argc, char **argv);
int cmd_reload(int argc, char **argv);
int cmd_reloader(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_shell(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_version(int argc, char **argv);

struct frs_buf;
/* Run @p run(argc, argv) with its stdout appended to @p out (cli/capture.c); stderr is left
 * alone. Returns the command's exit code, -1 if stdout could not be redirected. */
int cli_capture(struct frs_buf *out, int (*run)(int, char **), int argc, char **argv);
/* The same with stderr too, in the order written (for files that must show the diagnostics). */
int cli_capture_all(struct frs_buf *out, int (*run)(int, char **), int argc, char **argv);
/* Forget getopt's state, before a command parses another argv in the same process. */
void cli_getopt_reset(void);

/* Where the resources come from (cli/source.c): PATH... or, with --kube, the API server. Every
 * command that takes PATH... puts CLI_SOURCE_OPTIONS into its getopt table, hands each option
 * to cli_source_opt() and prints cli_source_help in its --help. */
struct cli_source {
	bool kube;
	bool kube_opt;          /* one of the three below was given */
	const char *kubeconfig;
	const char *context;
	const char *ns;
};
enum { CLI_OPT_KUBE = 0x4b00, CLI_OPT_KUBECONFIG, CLI_OPT_CONTEXT, CLI_OPT_NAMESPACE };
#define CLI_SOURCE_OPTIONS                                                                     \
	{ "kube", no_argument, NULL, CLI_OPT_KUBE },                                           \
	{ "kubeconfig", required_argument, NULL, CLI_OPT_KUBECONFIG },                         \
	{ "context", required_argument, NULL, CLI_OPT_CONTEXT },                               \
	{ "namespace", required_argument, NULL, CLI_OPT_NAMESPACE }
extern const char cli_source_help[];
/* Take option @p c if it is one of CLI_SOURCE_OPTIONS (false otherwise). */
bool cli_source_opt(struct cli_source *s, int c, const char *arg);
/* PATH... xor --kube; a usage error (exit code) otherwise, CLI_EXIT_OK when fine. */
int cli_source_check(const struct cli_source *s, const char *cmd, size_t npaths);
struct frs_docset;
struct frs_model;
/* The API's objects as documents (listed once), and all of them as one JSON List into @p dump
 * when not NULL; diagnostics in @p errs. */
struct frs_buf;
enum frs_err cli_source_docset(struct frs_docset *set, struct frs_buf *dump,
			       const struct cli_source *s, struct frs_errlist *errs);
/* On: the next listing is kept and serves every later command of this process (one consistent
 * snapshot for a bundle); off: forgotten. */
void cli_source_hold(bool on);
/* The shell's source: list every kind once and watch it from then on, so that each command with
 * the same options reads the current set instead of listing (a bundle still lists its own
 * snapshot). Waits for the first full list, at most frs_kube_stall_s() (then prints the kinds
 * not listed and that the shell does not watch); false (nothing kept) when that runs out, a
 * kind fails to list or the credentials do not load: the commands then list as without it and
 * say why. */
bool cli_source_watch(const struct cli_source *s);
/* Stop watching (the threads are joined); a no-op without a watch. */
void cli_source_unwatch(void);
/* How often the watched set was announced changed (or a list failed): a counter to compare. */
unsigned long cli_source_changes(void);
/* The options of @p s as words ("--kube", "--context", "C", ...) appended to @p v (strings
 * borrowed): what a command passes to the subcommands it runs instead of PATH... */
size_t cli_source_words(const char **v, const struct cli_source *s);
/* frs_model_load over PATHs, or the same over the API's objects when s->kube. */
enum frs_err cli_model_load(struct frs_model **out, const struct cli_source *s,
			    const char *const *paths, size_t npaths, struct frs_errlist *errs);

/* Shared by render and explain (cli/cmd_render.c). */
struct frs_labels;
struct frs_model;
struct frs_view;
struct frs_view_opts;
/* Load PATHs and build the node view; diagnostics on stderr; returns an exit code. */
int cli_load_view(struct frs_model **mout, struct frs_view **vout, const struct cli_source *src,
		  const char *const *paths, size_t npaths, const struct frs_view_opts *vopts);

#endif
