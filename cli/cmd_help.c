/* SPDX-License-Identifier: MIT */
/* `frrshim help [COMMAND]`: the command list, or one command's --help. */
#include "config.h"

#include <stdio.h>

#include "cli.h"

int cmd_help(int argc, char **argv)
{
	if (argc >= 2) {
		const struct cli_cmd *cmd = cli_cmd_find(argv[1]);
		char *sub[] = { argv[1], "--help", NULL };

		if (!cmd)
			return cli_usage_error("help", "'%s' is not a command", argv[1]);
		return cmd->run(2, sub);
	}
	printf("usage: frrshim COMMAND [OPTIONS] [ARGS]\n\n"
	       "MetalLB resources to FRR: lint, render, reload, verify.\n\n"
	       "Commands:\n");
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		printf("  %-10s %s\n", c->name, c->summary);
	printf("\nRun 'frrshim COMMAND --help' for a command's options.\n"
	       "Exit codes: 0 ok, 1 found a problem, 2 usage or unreadable input, 3 FRR unreachable\n"
	       "or reload error, 4 system error (see EXIT STATUS in frrshim(1)).\n");
	return CLI_EXIT_OK;
}
