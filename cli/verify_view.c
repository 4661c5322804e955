/* SPDX-License-Identifier: MIT */
/* verify's expectations from resources: load the model, build the node view, list what it sends. */
#include "config.h"

#include <frrshim/verify.h>

#include "cli.h"

int cli_verify_expect_from_paths(struct frs_verify_expect *out, const char *node,
				 char *const *paths, size_t npaths, struct frs_errlist *errs)
{
	(void)out;
	(void)paths;
	(void)npaths;
	frs_errlist_add(errs, FRS_SEV_ERROR, FRS_EARG, NULL, NULL, NULL, NULL, NULL,
			"verify --node %s: the node view is not in this build yet; use --expect FILE",
			node);
	return CLI_EXIT_USAGE;
}
