/* SPDX-License-Identifier: MIT */
/* What the interactive shell's files share: its state, its grammar, the FRR pass-through. */
#ifndef FRS_CLI_SHELL_H
#define FRS_CLI_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <frrshim/buf.h>

#include "cli.h"

struct frs_model;

/* The shell's session: the manifests loaded once (and again when they change), the defaults. */
struct shell {
	char **paths;            /* `load PATH...` (owned); with kube, the --kube words */
	size_t npaths;
	bool kube;               /* `load --kube ...`: the commands read the API server */
	bool watched;            /* with kube: listed once and watched (cli_source_watch) */
	unsigned long changes;   /* cli_source_changes() when the model was last built */
	struct cli_source src;   /* with kube: its strings point into paths */
	uint64_t fingerprint;    /* of the paths' files (mtime, size, inode) when loaded */
	struct frs_model *model; /* the last set that loaded without errors; for completion */
	char *node;              /* default --node (owned), or NULL */
	char *vty;               /* default --vty-socket (owned), or NULL: FRR's default */
	bool tty;                /* interactive: prompt, history, pager */
};

/* What an argument is, for completion and `?` help. */
enum shell_arg {
	SH_ARG_NONE,
	SH_ARG_WORD,     /* free text (a format name, a number...) */
	SH_ARG_FILE,
	SH_ARG_NODE,
	SH_ARG_SERVICE,  /* NAMESPACE/SERVICE */
	SH_ARG_PEER,     /* a BGP neighbor: address or interface */
	SH_ARG_VRF,
	SH_ARG_COMMAND,  /* one of the shell's commands */
	SH_ARG_DAEMON,
};

struct shell_opt {
	const char *name;        /* "--node" */
	enum shell_arg arg;      /* SH_ARG_NONE: a flag */
	const char *help;
};

/* What a mirrored subcommand is given by the shell when the user did not say. */
enum {
	SH_NEEDS_NODE = 1u << 0,   /* --node from `node NAME` */
	SH_NEEDS_VTY = 1u << 1,    /* --vty-socket from the shell's */
	SH_NEEDS_PATHS = 1u << 2,  /* the loaded manifests as PATH... */
};

struct shell_cmd {
	const char *name;
	const char *help;
	unsigned needs;
	enum shell_arg positional;   /* what bare words are */
	const struct shell_opt *opts; /* ended by a NULL name */
};

/* The shell's commands, ended by a NULL name (cli/shell_complete.c). */
extern const struct shell_cmd shell_cmds[];
const struct shell_cmd *shell_cmd_find(const char *name);

/* Split @p line into words (blanks separate; '…', "…" and \ quote). *argv is NULL-terminated,
 * free it with shell_words_free. -1 on an unterminated quote. (cli/shell_line.c) */
int shell_words(char ***argv, int *argc, const char *line);
void shell_words_free(char **argv);

/* The words that can follow @p line (the text before the cursor; a last word not ended by a
 * blank is a prefix they must start with), each with a one-line help, as TAB and `?` list
 * them. Appended to @p words/@p helps (NULL-terminated, malloc'd: shell_list_free). Sets
 * *file when file names may follow too. Returns -1 when a word before is ambiguous, 1 when
 * the line may also end here (`?` shows <cr>), else 0. */
int shell_candidates(const struct shell *sh, const char *line, char ***words, char ***helps,
		     bool *file);
void shell_list_free(char **v);
/* Print `?` help for @p line to @p f, in vtysh's layout. */
void shell_help(FILE *f, const struct shell *sh, const char *line);
/* Install readline's completion and the `?` key. */
void shell_complete_init(struct shell *sh);

/* `show ...`: run on the daemons vtysh would send it to, output to @p out. Returns an exit
 * code. (cli/shell_frr.c) */
int shell_frr_show(struct frs_buf *out, const struct shell *sh, int argc, char **argv);
/* The neighbors and VRFs the live bgpd knows (quick: a short timeout; nothing if it is down). */
void shell_frr_names(const struct shell *sh, char ***peers, char ***vrfs);
/* Write @p text to stdout, through $PAGER (default `less -FRX`) when it is longer than the
 * terminal and stdout is one. */
void shell_page(const char *text, size_t len);

/* Append a copy of @p s to the NULL-terminated list @p v unless it is there already. */
void shell_list_add(char ***v, const char *s);
/* The same, duplicates too (a help line may repeat). */
void shell_list_append(char ***v, const char *s);

#endif
