/* SPDX-License-Identifier: MIT */
/* The seam between loading and validation: YANG checks per document, rules across objects. */
#ifndef FRS_FRRGEN_VALIDATE_H
#define FRS_FRRGEN_VALIDATE_H

#include <stdbool.h>

#include <frrshim/doc.h>
#include <frrshim/err.h>
#include <frrshim/model.h>

/* YANG validation of every document of a known kind; doc_ok[i] set false for documents
 * with errors (array of set->ndocs, caller-allocated, initialised to true). */
enum frs_err frs_validate_docs(const struct frs_docset *set, bool *doc_ok, struct frs_errlist *errs);
/* Cross-object rules on the typed model (pool overlap, aggregation vs pool, per-node peer
 * conflicts, ...). */
enum frs_err frs_rules_check(const struct frs_model *m, struct frs_errlist *errs);

#endif
