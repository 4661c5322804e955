/* SPDX-License-Identifier: MIT */
/* frrshim's entry point: find the subcommand in the table and run it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <frrshim/file.h>

#include "cli.h"

/* Alphabetical; `frrshim help` prints it in this order. */
const struct cli_cmd cli_cmds[] = {
	{ "bundle", cmd_bundle, "collect manifests, FRR's state and the sidecar's into a tar.gz" },
	{ "explain", cmd_explain, "why a Service is or is not announced from a node" },
	{ "help", cmd_help, "show help for frrshim or one of its commands" },
	{ "lint", cmd_lint, "validate manifests as a whole; every problem at file:line:column" },
	{ "metrics", cmd_metrics, "serve Prometheus metrics (MetalLB names) read from FRR" },
	{ "reload", cmd_reload, "make FRR run a config file (frr-reload semantics, verified)" },
	{ "reloader", cmd_reloader, "apply FRR configuration changes as they come (the sidecar)" },
	{ "render", cmd_render, "print the frr.conf a node must run" },
	{ "shell", cmd_shell, "an interactive shell like vtysh over the manifests and FRR" },
	{ "status", cmd_status, "show BGP peers of the running FRR: state, uptime, prefixes, BFD" },
	{ "verify", cmd_verify, "check that FRR announces what the resources say, to whom" },
	{ "version", cmd_version, "print the version" },
	{ NULL, NULL, NULL },
};

const struct cli_cmd *cli_cmd_find(const char *name)
{
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int main(int argc, char **argv)
{
	const struct cli_cmd *cmd;
	const char *max = getenv("FRRSHIM_MAX_INPUT");

	if (max && *max) {
		size_t n;
		if (frs_file_parse_size(&n, max)) {
			fprintf(stderr, "frrshim: FRRSHIM_MAX_INPUT='%s': expected a size in bytes, "
				"with an optional K, M or G suffix\n", max);
			return CLI_EXIT_USAGE;
		}
		frs_file_set_max(n);
	}
	if (argc < 2) {
		/* `frrshim` alone on a terminal is the shell, as `vtysh` alone is */
		char *sh[] = { "shell", NULL };
		if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
			return cmd_shell(1, sh);
		return cmd_help(1, argv);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(1, argv);
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(1, argv);
	cmd = cli_cmd_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "frrshim: '%s' is not a command.\nTry 'frrshim help'.\n", argv[1]);
		return CLI_EXIT_USAGE;
	}
	return cmd->run(argc - 1, argv + 1);
}
