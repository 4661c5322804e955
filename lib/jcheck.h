/* SPDX-License-Identifier: MIT */
/* Strict JSON syntax (RFC 8259): where a JSON text goes wrong, before cJSON (which is lax) reads it. */
#ifndef FRS_JCHECK_H
#define FRS_JCHECK_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Check the one JSON value starting at or after byte @p start of @p s (@p len bytes; leading
 * blanks skipped, what follows the value not looked at). True when it is valid; @p pos then
 * receives the offset just past it, else that of the first offending byte. @p too_deep (may be
 * NULL) tells whether nesting passed @p max_depth. cJSON takes what this refuses (leading
 * zeros, control bytes in strings, any byte below 0x20 as a blank), never the other way.
 */
bool frs_jcheck_value(const char *s, size_t len, size_t start, int max_depth, size_t *pos,
		      bool *too_deep);

#endif
