/* SPDX-License-Identifier: MIT */
/* Cross-object rules YANG cannot express: overlaps, aggregation against pools, per-node peer conflicts. */
#include "config.h"

#include "frrgen/validate.h"

enum frs_err frs_rules_check(const struct frs_model *m, struct frs_errlist *errs)
{
	(void)m;
	(void)errs;
	return FRS_OK;
}
