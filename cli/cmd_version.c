/* SPDX-License-Identifier: MIT */
/* `frrshim version`: the package version. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_version(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: frrshim version\n\nPrint frrshim's version.\n");
		return CLI_EXIT_OK;
	}
	if (argc > 1)
		return cli_usage_error("version", "takes no arguments");
	printf("frrshim %s\n", PACKAGE_VERSION);
	return CLI_EXIT_OK;
}
