/* SPDX-License-Identifier: MIT */
/* Inside the model: the steps frs_model_load strings together, for frrgen/ and the unit tests. */
#ifndef FRS_FRRGEN_MODEL_INT_H
#define FRS_FRRGEN_MODEL_INT_H

#include <stdbool.h>

#include <frrshim/doc.h>
#include <frrshim/model.h>

/* An empty model (its docs empty too); NULL when out of memory. Free with frs_model_free. */
struct frs_model *frs_model__new(void);

/*
 * Check what every document needs before validation can look at it (an object with apiVersion,
 * kind and metadata.name) and sort out the kinds frrshim reads: unknown kinds get a warning,
 * malformed documents an error. known[i] is set for the documents to validate and convert.
 * Returns FRS_ENOMEM or FRS_OK (problems are in @p errs).
 */
enum frs_err frs_model__classify(const struct frs_docset *set, bool *known,
				 struct frs_errlist *errs);

/*
 * Convert every document of m->docs with known[i] && doc_ok[i] into m's typed arrays, sorted by
 * namespace and name. Values that do not parse are skipped, not reported: validation has
 * reported them. Returns FRS_ENOMEM or FRS_OK; warnings (deprecated fields) go to @p errs.
 */
enum frs_err frs_model__convert(struct frs_model *m, const bool *known, const bool *doc_ok,
				struct frs_errlist *errs);

/*
 * The same for the documents of @p set, appended unsorted (frs_model__finish sorts once
 * everything is in). The documents of m->docs stay; of any other set, each object keeps only
 * where its document starts, and the set may go afterwards. Returns FRS_ENOMEM or FRS_OK.
 */
enum frs_err frs_model__append(struct frs_model *m, const struct frs_docset *set,
			       const bool *known, const bool *doc_ok, struct frs_errlist *errs);
/* Sort the typed arrays by namespace and name. */
void frs_model__finish(struct frs_model *m);

/* Go's time.ParseDuration in ns: 0, -1 if @p s is not a duration, -2 if it is out of range
 * (Go: "invalid duration"; beyond ±2562047h47m16.854775807s). */
int frs_model__parse_duration_ns(const char *s, int64_t *ns);
/* The same truncated to milliseconds. */
int frs_model__parse_duration(const char *s, int64_t *ms);

/*
 * An IPAddressPool entry ("CIDR" or "start-end") as MetalLB's ParseCIDR reads it: a range is
 * summarised into the fewest CIDRs. Returns the number of prefixes written (at most @p max),
 * or -1 if @p s is not an address range.
 */
int frs_model__parse_range(const char *s, struct frs_prefix *out, size_t max);

/* Canonical text of the IP @p s into @p buf; -1 if @p s is not an IP address. */
int frs_model__canon_ip(const char *s, char *buf, size_t size);

#endif
