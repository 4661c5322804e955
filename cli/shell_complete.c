/* SPDX-License-Identifier: MIT */
/* The shell's grammar: its commands and options, `show` as vtysh knows it, completion and `?`. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include <frrshim/model.h>

#include "shell.h"

static const struct shell_opt o_none[] = { { NULL, SH_ARG_NONE, NULL } };

static const struct shell_opt o_load[] = {
	{ "--kube", SH_ARG_NONE, "the Kubernetes API server instead of files" },
	{ "--kubeconfig", SH_ARG_FILE, "credentials (with --kube)" },
	{ "--context", SH_ARG_WORD, "the kubeconfig context (with --kube)" },
	{ "--namespace", SH_ARG_WORD, "MetalLB's namespace (with --kube)" },
	{ NULL, SH_ARG_NONE, NULL },
};

static const struct shell_opt o_lint[] = {
	{ "--format", SH_ARG_WORD, "text, json or github" },
	{ "--quiet", SH_ARG_NONE, "errors only, no warnings" },
	{ NULL, SH_ARG_NONE, NULL },
};

static const struct shell_opt o_render[] = {
	{ "--node", SH_ARG_NODE, "the node (default: the shell's `node`)" },
	{ "--node-labels", SH_ARG_WORD, "K=V,... the node's labels" },
	{ "--ignore-exclude-lb", SH_ARG_NONE, "announce despite the exclude label" },
	{ "--hostname", SH_ARG_WORD, "add a `hostname` line" },
	{ "--log-level", SH_ARG_WORD, "debug, info, warn, error or none" },
	{ "--output", SH_ARG_FILE, "write a file instead of the terminal" },
	{ "--explain", SH_ARG_NONE, "why each Service IP is or is not announced" },
	{ "--per-peer-lists", SH_ARG_NONE, "one set of prefix-lists per peer" },
	{ NULL, SH_ARG_NONE, NULL },
};

static const struct shell_opt o_diff[] = {
	{ "--node", SH_ARG_NODE, "the node (default: the shell's `node`)" },
	{ "--node-labels", SH_ARG_WORD, "K=V,... the node's labels" },
	{ NULL, SH_ARG_NONE, NULL },
};

static const struct shell_opt o_reload[] = {
	{ "--node", SH_ARG_NODE, "the node (default: the shell's `node`)" },
	{ "--node-labels", SH_ARG_WORD, "K=V,... the node's labels" },
	{ "--dry-run", SH_ARG_NONE, "diff against the live config, change nothing" },
	{ "--status", SH_ARG_FILE, "write the result as JSON" },
	{ NULL, SH_ARG_NONE, NULL },
};

static const struct shell_opt o_status[] = {
	{ "--output", SH_ARG_WORD, "text, wide or json" },
	{ "--neighbors-json", SH_ARG_FILE, "read neighbors JSON from a file" },
	{ "--bfd-json", SH_ARG_FILE, "read BFD peers JSON from a file" },
	{ NULL, SH_ARG_NONE, NULL },
};

static const struct shell_opt o_verify[] = {
	{ "--node", SH_ARG_NODE, "the node (default: the shell's `node`)" },
	{ "--wait", SH_ARG_WORD, "SECONDS to wait for FRR to converge" },
	{ "--output", SH_ARG_WORD, "text or json" },
	{ NULL, SH_ARG_NONE, NULL },
};

static const struct shell_opt o_explain[] = {
	{ "--node", SH_ARG_NODE, "the node (default: the shell's `node`)" },
	{ "--node-labels", SH_ARG_WORD, "K=V,... the node's labels" },
	{ "--ignore-exclude-lb", SH_ARG_NONE, "as render --ignore-exclude-lb" },
	{ "--output", SH_ARG_WORD, "text or json" },
	{ NULL, SH_ARG_NONE, NULL },
};

static const struct shell_opt o_bundle[] = {
	{ "--output", SH_ARG_FILE, "the archive to write (FILE.tar.gz)" },
	{ "--node", SH_ARG_NODE, "the node (default: the shell's `node`)" },
	{ "--node-labels", SH_ARG_WORD, "K=V,... the node's labels" },
	{ "--state-dir", SH_ARG_FILE, "the sidecar's files" },
	{ NULL, SH_ARG_NONE, NULL },
};

/* Sorted by name: `?` and TAB list them in this order. */
const struct shell_cmd shell_cmds[] = {
	{ "bundle", "collect a bug report into a tar.gz", SH_NEEDS_NODE | SH_NEEDS_VTY | SH_NEEDS_PATHS,
	  SH_ARG_NONE, o_bundle },
	{ "diff", "what a reload would change (against the live FRR, or a FILE)", SH_NEEDS_NODE | SH_NEEDS_VTY | SH_NEEDS_PATHS,
	  SH_ARG_FILE, o_diff },
	{ "exit", "leave the shell", 0, SH_ARG_NONE, o_none },
	{ "explain", "why a Service is or is not announced", SH_NEEDS_NODE | SH_NEEDS_PATHS,
	  SH_ARG_SERVICE, o_explain },
	{ "help", "list the commands, or one command's options", 0, SH_ARG_COMMAND, o_none },
	{ "lint", "validate the loaded manifests", SH_NEEDS_PATHS, SH_ARG_NONE, o_lint },
	{ "load", "load manifests (files, directories, or --kube)", 0, SH_ARG_FILE, o_load },
	{ "node", "set (or show) the node the commands are about", 0, SH_ARG_NODE, o_none },
	{ "quit", "leave the shell", 0, SH_ARG_NONE, o_none },
	{ "reload", "apply the node's config (or a FILE) to the live FRR", SH_NEEDS_NODE | SH_NEEDS_VTY | SH_NEEDS_PATHS,
	  SH_ARG_FILE, o_reload },
	{ "render", "print the frr.conf the node must run", SH_NEEDS_NODE | SH_NEEDS_PATHS,
	  SH_ARG_NONE, o_render },
	{ "show", "FRR's show commands, sent to the daemons as vtysh does", 0, SH_ARG_NONE, o_none },
	{ "status", "BGP peers of the live FRR", SH_NEEDS_VTY, SH_ARG_NONE, o_status },
	{ "verify", "check that FRR announces what the manifests say", SH_NEEDS_NODE | SH_NEEDS_VTY | SH_NEEDS_PATHS,
	  SH_ARG_NONE, o_verify },
	{ "version", "frrshim's version", 0, SH_ARG_NONE, o_none },
	{ NULL, NULL, 0, SH_ARG_NONE, NULL },
};

const struct shell_cmd *shell_cmd_find(const char *name)
{
	for (const struct shell_cmd *c = shell_cmds; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* `show`, as far as the shell completes it: words, placeholders, what may follow. */
struct show_word {
	const char *word;        /* a keyword; NULL for a placeholder of kind arg */
	enum shell_arg arg;
	const char *help;
	const struct show_word *next; /* NULL-word/NONE-arg terminated; NULL: nothing follows */
};

#define END { NULL, SH_ARG_NONE, NULL, NULL }

static const struct show_word s_json[] = { { "json", 0, "JSON output", NULL }, END };
static const struct show_word s_peer_tail[] = {
	{ "advertised-routes", 0, "routes sent to the neighbor", s_json },
	{ "received-routes", 0, "routes received (soft-reconfiguration inbound)", s_json },
	{ "routes", 0, "routes received and accepted", s_json },
	{ "json", 0, "JSON output", NULL },
	END,
};
static const struct show_word s_neighbors[] = {
	{ NULL, SH_ARG_PEER, "a neighbor: address or interface", s_peer_tail },
	{ "json", 0, "JSON output", NULL },
	END,
};
static const struct show_word s_af_tail[] = {
	{ "summary", 0, "one line per neighbor", s_json },
	{ "neighbors", 0, "neighbors in detail", s_neighbors },
	{ "json", 0, "JSON output", NULL },
	END,
};
static const struct show_word s_unicast[] = { { "unicast", 0, "unicast routes", s_af_tail }, END };
static const struct show_word s_bgp_tail[] = {
	{ "summary", 0, "one line per neighbor", s_json },
	{ "neighbors", 0, "neighbors in detail", s_neighbors },
	{ "ipv4", 0, "IPv4", s_unicast },
	{ "ipv6", 0, "IPv6", s_unicast },
	END,
};
static const struct show_word s_vrf_name[] = {
	{ NULL, SH_ARG_VRF, "a VRF name, or all", s_bgp_tail },
	END,
};
static const struct show_word s_bgp[] = {
	{ "vrf", 0, "one VRF (or all)", s_vrf_name },
	{ "summary", 0, "one line per neighbor", s_json },
	{ "neighbors", 0, "neighbors in detail", s_neighbors },
	{ "ipv4", 0, "IPv4", s_unicast },
	{ "ipv6", 0, "IPv6", s_unicast },
	END,
};
static const struct show_word s_bfd_peers[] = {
	{ "counters", 0, "packet counters", s_json },
	{ "brief", 0, "one line per session", s_json },
	{ "json", 0, "JSON output", NULL },
	END,
};
static const struct show_word s_bfd[] = {
	{ "peers", 0, "BFD sessions", s_bfd_peers },
	{ "peer", 0, "one BFD session", s_neighbors },
	{ "profile", 0, "BFD profiles", NULL },
	END,
};
static const struct show_word s_route_vrf[] = { { NULL, SH_ARG_VRF, "a VRF name, or all", s_json }, END };
static const struct show_word s_route[] = {
	{ "vrf", 0, "one VRF (or all)", s_route_vrf },
	{ "json", 0, "JSON output", NULL },
	END,
};
static const struct show_word s_ip[] = {
	{ "route", 0, "the routing table (zebra)", s_route },
	{ "bgp", 0, "BGP (bgpd)", s_bgp },
	{ "prefix-list", 0, "prefix lists", NULL },
	END,
};
static const struct show_word s_daemon[] = { { NULL, SH_ARG_DAEMON, "one daemon's part", NULL }, END };
static const struct show_word s_iface[] = { { "brief", 0, "one line per interface", NULL }, END };
static const struct show_word s_show[] = {
	{ "bfd", 0, "BFD (bfdd)", s_bfd },
	{ "bgp", 0, "BGP (bgpd)", s_bgp },
	{ "interface", 0, "interfaces (zebra)", s_iface },
	{ "ip", 0, "IPv4 (zebra, bgpd)", s_ip },
	{ "ipv6", 0, "IPv6 (zebra, bgpd)", s_ip },
	{ "route-map", 0, "route maps (every daemon)", NULL },
	{ "running-config", 0, "the running configuration, merged as vtysh does", s_daemon },
	{ "version", 0, "FRR's version", NULL },
	{ "vrf", 0, "VRFs (zebra)", NULL },
	END,
};

static const char *arg_help(enum shell_arg a)
{
	switch (a) {
	case SH_ARG_FILE: return "a file or directory";
	case SH_ARG_NODE: return "a node name";
	case SH_ARG_SERVICE: return "NAMESPACE/SERVICE";
	case SH_ARG_PEER: return "a BGP neighbor";
	case SH_ARG_VRF: return "a VRF";
	case SH_ARG_COMMAND: return "a command";
	case SH_ARG_DAEMON: return "a daemon";
	default: return "a value";
	}
}

/* A candidate and its help, each word once. */
static void add2(char ***words, char ***helps, const char *w, const char *h)
{
	for (size_t n = 0; *words && (*words)[n]; n++)
		if (!strcmp((*words)[n], w))
			return;
	shell_list_append(words, w);
	shell_list_append(helps, h ? h : "");
}

/* Every name of kind @p a the shell knows: from the manifests, and the live FRR. */
static void add_names(const struct shell *sh, enum shell_arg a, char ***words, char ***helps)
{
	const struct frs_model *m = sh->model;
	char buf[512];

	switch (a) {
	case SH_ARG_NODE:
		for (size_t i = 0; m && i < m->nnodes; i++)
			add2(words, helps, m->nodes[i].obj.name, "Node");
		if (sh->node)
			add2(words, helps, sh->node, "the shell's node");
		break;
	case SH_ARG_SERVICE:
		for (size_t i = 0; m && i < m->nservices; i++) {
			const struct frs_service *s = &m->services[i];
			snprintf(buf, sizeof(buf), "%s/%s", s->obj.ns ? s->obj.ns : "default",
				 s->obj.name);
			add2(words, helps, buf, s->ningress_ips ? s->ingress_ips[0] : "Service, no IP");
		}
		break;
	case SH_ARG_PEER:
	case SH_ARG_VRF: {
		char **peers = NULL, **vrfs = NULL;

		for (size_t i = 0; m && i < m->npeers; i++) {
			const struct frs_peer *p = &m->peers[i];
			const char *n = p->address ? p->address : p->iface;

			if (a == SH_ARG_PEER && n)
				add2(words, helps, n, p->obj.name);
			if (a == SH_ARG_VRF && p->vrf && *p->vrf)
				add2(words, helps, p->vrf, "VRF of a BGPPeer");
		}
		shell_frr_names(sh, &peers, &vrfs);
		for (size_t i = 0; a == SH_ARG_PEER && peers && peers[i]; i++)
			add2(words, helps, peers[i], "neighbor of the live bgpd");
		for (size_t i = 0; a == SH_ARG_VRF && vrfs && vrfs[i]; i++)
			add2(words, helps, vrfs[i], "VRF of the live bgpd");
		if (a == SH_ARG_VRF) {
			add2(words, helps, "all", "every VRF");
			add2(words, helps, "default", "the default VRF");
		}
		shell_list_free(peers);
		shell_list_free(vrfs);
		break;
	}
	case SH_ARG_COMMAND:
		for (const struct shell_cmd *c = shell_cmds; c->name; c++)
			add2(words, helps, c->name, c->help);
		break;
	case SH_ARG_DAEMON:
		add2(words, helps, "zebra", "");
		add2(words, helps, "bgpd", "");
		add2(words, helps, "bfdd", "");
		add2(words, helps, "staticd", "");
		break;
	default:
		break;
	}
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* The show keyword @p w abbreviates (unique prefix, as vtysh accepts), or NULL. */
static const struct show_word *show_match(const struct show_word *level, const char *w,
					  bool *ambiguous)
{
	const struct show_word *hit = NULL, *any = NULL;

	for (const struct show_word *s = level; s && (s->word || s->arg); s++) {
		if (!s->word) {
			any = s;
			continue;
		}
		if (!strcmp(s->word, w))
			return s;
		if (starts(s->word, w)) {
			if (hit) {
				*ambiguous = true; /* as vtysh says */
				return NULL;
			}
			hit = s;
		}
	}
	return hit ? hit : any;
}

int shell_candidates(const struct shell *sh, const char *line, char ***words, char ***helps,
		     bool *file)
{
	bool ambiguous = false, cr = false;
	char **argv = NULL;
	int argc = 0, done;
	size_t len = strlen(line);
	const struct shell_cmd *cmd;
	const char *cur;

	*file = false;
	if (shell_words(&argv, &argc, line))
		return 0;
	/* the words before the cursor are done; the last is partial unless a blank ends the line */
	done = (len && (line[len - 1] == ' ' || line[len - 1] == '\t')) ? argc : argc - 1;
	if (done < 0)
		done = 0;
	cur = done < argc ? argv[done] : "";
	if (done <= 0) {
		for (const struct shell_cmd *c = shell_cmds; c->name; c++)
			if (starts(c->name, cur))
				add2(words, helps, c->name, c->help);
		goto out;
	}
	cmd = shell_cmd_find(argv[0]);
	if (!cmd) {
		/* an abbreviation of `show`, as vtysh allows */
		if (strlen(argv[0]) >= 2 && starts("show", argv[0]))
			cmd = shell_cmd_find("show");
		else
			goto out;
	}
	if (!strcmp(cmd->name, "show")) {
		static const char *const incomplete[] = { "ip", "ipv6", "bfd", "vrf", "peer", NULL };
		const struct show_word *level = s_show, *last = NULL;

		for (int i = 1; i < done && level; i++) {
			last = show_match(level, argv[i], &ambiguous);
			level = last ? last->next : NULL;
		}
		/* `show X` can end here unless X still needs a word (show ip, show bfd, vrf NAME) */
		cr = last && !*cur;
		for (size_t i = 0; cr && last->word && incomplete[i]; i++)
			cr = strcmp(last->word, incomplete[i]) != 0;
		for (const struct show_word *s = level; s && (s->word || s->arg); s++) {
			if (s->word) {
				if (starts(s->word, cur))
					add2(words, helps, s->word, s->help);
				continue;
			}
			{
				char **w = NULL, **h = NULL;
				add_names(sh, s->arg, &w, &h);
				for (size_t i = 0; w && w[i]; i++)
					if (starts(w[i], cur))
						add2(words, helps, w[i], h && h[i] ? h[i] : "");
				shell_list_free(w);
				shell_list_free(h);
			}
		}
		goto out;
	}
	/* an option that wants a value just before the cursor */
	if (done >= 2) {
		for (const struct shell_opt *o = cmd->opts; o->name; o++)
			if (!strcmp(o->name, argv[done - 1]) && o->arg != SH_ARG_NONE) {
				char **w = NULL, **h = NULL;

				if (o->arg == SH_ARG_FILE)
					*file = true;
				add_names(sh, o->arg, &w, &h);
				for (size_t i = 0; w && w[i]; i++)
					if (starts(w[i], cur))
						add2(words, helps, w[i], h && h[i] ? h[i] : "");
				if (!w && o->arg != SH_ARG_FILE && !*cur)
					add2(words, helps, o->name + 2, arg_help(o->arg));
				shell_list_free(w);
				shell_list_free(h);
				goto out;
			}
	}
	/* the line can end here unless explain or load still wants its argument */
	cr = !*cur;
	if (cr && (!strcmp(cmd->name, "explain") || !strcmp(cmd->name, "load"))) {
		cr = false;
		for (int i = 1; i < done; i++) {
			const struct shell_opt *o = cmd->opts;

			while (o->name && strcmp(o->name, argv[i]))
				o++;
			if (o->name && o->arg != SH_ARG_NONE)
				i++; /* its value */
			else if (argv[i][0] != '-')
				cr = true;
		}
	}
	for (const struct shell_opt *o = cmd->opts; o->name; o++)
		if (starts(o->name, cur))
			add2(words, helps, o->name, o->help);
	if (cur[0] != '-' && cmd->positional != SH_ARG_NONE) {
		char **w = NULL, **h = NULL;

		if (cmd->positional == SH_ARG_FILE)
			*file = true;
		add_names(sh, cmd->positional, &w, &h);
		for (size_t i = 0; w && w[i]; i++)
			if (starts(w[i], cur))
				add2(words, helps, w[i], h && h[i] ? h[i] : "");
		shell_list_free(w);
		shell_list_free(h);
	}
out:
	shell_words_free(argv);
	return ambiguous ? -1 : cr ? 1 : 0;
}

void shell_help(FILE *f, const struct shell *sh, const char *line)
{
	char **words = NULL, **helps = NULL;
	bool file = false;
	size_t w = 4; /* "<cr>" */
	int r = shell_candidates(sh, line, &words, &helps, &file);

	if (r < 0) {
		fprintf(f, "%% Ambiguous command.\n");
		return;
	}
	for (size_t i = 0; words && words[i]; i++)
		if (strlen(words[i]) > w)
			w = strlen(words[i]);
	for (size_t i = 0; words && words[i]; i++)
		fprintf(f, "  %-*s  %s\n", (int)w, words[i], helps && helps[i] ? helps[i] : "");
	if (file)
		fprintf(f, "  %-*s  %s\n", (int)w, "FILE", "a file or directory");
	if (r == 1)
		fprintf(f, "  %-*s  %s\n", (int)w, "<cr>", "run it");
	if (!words && !file && r != 1)
		fprintf(f, "%% There is no matched command.\n");
	shell_list_free(words);
	shell_list_free(helps);
}

/* readline glue: one shell for the whole session */
static struct shell *rl_sh;
static char **rl_cands;

static char *gen(const char *text, int state)
{
	static size_t i;

	(void)text;
	if (!state)
		i = 0;
	while (rl_cands && rl_cands[i])
		return strdup(rl_cands[i++]);
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	char *before = strndup(rl_line_buffer, (size_t)end);
	char **helps = NULL, **m = NULL;
	bool file = false;

	(void)start;
	(void)text;
	shell_list_free(rl_cands);
	rl_cands = NULL;
	if (!before)
		return NULL;
	shell_candidates(rl_sh, before, &rl_cands, &helps, &file);
	free(before);
	shell_list_free(helps);
	rl_attempted_completion_over = !file;
	if (file && text[0] != '-')
		return NULL; /* a file may come here: readline's own file name completion */
	if (rl_cands)
		m = rl_completion_matches(text, gen);
	return m;
}

/* `?`: what can follow, then the line again as it was (vtysh's help key). */
static int help_key(int count, int key)
{
	char *before = strndup(rl_line_buffer, (size_t)rl_point);

	(void)count;
	(void)key;
	if (!before)
		return 0;
	putchar('\n');
	shell_help(stdout, rl_sh, before);
	fflush(stdout);
	free(before);
	rl_on_new_line();
	return 0;
}

void shell_complete_init(struct shell *sh)
{
	rl_sh = sh;
	rl_readline_name = "frrshim";
	rl_attempted_completion_function = complete;
	/* NAMESPACE/SERVICE and file paths are single words: only blanks break words */
	rl_completer_word_break_characters = " \t";
	rl_bind_key('?', help_key);
}
