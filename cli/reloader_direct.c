/* SPDX-License-Identifier: MIT */
/* Direct mode's source: the node's frr.conf rendered from the manifests in a watched directory. */
#include "config.h"

#include <frrshim/sidecar.h>

#include "reloader.h"

/* Rendering (branch render) is not merged yet. */
enum frs_err reloader_direct_new(struct reloader_direct **out, const char *dir, const char *node,
				 const char *labels, struct frs_errlist *errs)
{
	(void)out; (void)dir; (void)node; (void)labels;
	return frs_errlist_add(errs, FRS_SEV_ERROR, FRS_EARG, NULL, NULL, NULL, NULL, NULL,
			       "--watch: this build cannot render manifests yet");
}

enum frs_err reloader_direct_source(void *arg, struct frs_buf *out, struct frs_errlist *errs)
{
	(void)arg; (void)out;
	return frs_errlist_add(errs, FRS_SEV_ERROR, FRS_EARG, NULL, NULL, NULL, NULL, NULL,
			       "cannot render manifests");
}

void reloader_direct_free(struct reloader_direct *d)
{
	(void)d;
}
