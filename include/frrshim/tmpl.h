/* SPDX-License-Identifier: MIT */
/* A small logic-less template engine: variables, sections (loops and conditionals), inversions. */
#ifndef FRRSHIM_TMPL_H
#define FRRSHIM_TMPL_H

#include <stdbool.h>
#include <stddef.h>

#include <frrshim/buf.h>
#include <frrshim/err.h>

/*
 * Syntax (a subset of Mustache, without escaping: every value comes from validated data):
 *   {{name}}              the string value of name (an error if it is not defined)
 *   {{#name}}...{{/name}} a list: once per item, with the item's values in scope;
 *                         true or a non-empty string: once; false, "", absent or empty: never
 *   {{^name}}...{{/name}} once when {{#name}} would render nothing
 *   {{! comment }}
 * Names are looked up in the innermost item first, then outwards. A line holding only a section,
 * closing or comment tag (and blanks) disappears entirely, so templates can be laid out freely.
 */

/** A compiled template. */
struct frs_tmpl;

/** Compile @p text (kept by reference: it must outlive the template). @p name is for errors. */
enum frs_err frs_tmpl_compile(struct frs_tmpl **out, const char *name, const char *text,
			      size_t len, struct frs_errlist *errs);
void frs_tmpl_free(struct frs_tmpl *t);

/** The data a template renders: a map of names to strings, booleans and lists of maps. */
struct frs_tmpl_data;

/** A new, empty root map; everything added to it is freed with it. */
struct frs_tmpl_data *frs_tmpl_data_new(void);
void frs_tmpl_data_free(struct frs_tmpl_data *root);

/* @p key must be a string that outlives the data (a literal); values are copied. */
enum frs_err frs_tmpl_set(struct frs_tmpl_data *map, const char *key, const char *value);
enum frs_err frs_tmpl_setf(struct frs_tmpl_data *map, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
enum frs_err frs_tmpl_set_bool(struct frs_tmpl_data *map, const char *key, bool value);
/** Append a new map to the list @p key of @p map (created empty if absent); *out is the item. */
enum frs_err frs_tmpl_add(struct frs_tmpl_data **out, struct frs_tmpl_data *map, const char *key);
/** Make @p key an (empty) list, so that {{#key}} is false rather than undefined. */
enum frs_err frs_tmpl_set_list(struct frs_tmpl_data *map, const char *key);

/** Render @p t with @p data, appending to @p out. FRS_EINVALID (in @p errs) on undefined names. */
enum frs_err frs_tmpl_render(struct frs_buf *out, const struct frs_tmpl *t,
			     const struct frs_tmpl_data *data, struct frs_errlist *errs);

/** A template compiled into the library (frrgen/templates/NAME.tmpl), or NULL. */
const char *frs_tmpl_embedded(const char *name, size_t *len);

#endif
