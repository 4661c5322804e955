/* SPDX-License-Identifier: MIT */
/* Standard base64 decoding, as Kubernetes stores Secret data (internal to the library). */
#ifndef FRS_LIB_BASE64_H
#define FRS_LIB_BASE64_H

#include <frrshim/buf.h>
#include <frrshim/err.h>

/*
 * Decode @p s (Go's base64.StdEncoding: padding required, CR and LF skipped — a YAML block
 * scalar may wrap a long value) and append the bytes to @p out. FRS_EPARSE when malformed;
 * the decoded bytes may hold NULs (out->len says how many).
 */
enum frs_err frs_base64_decode(struct frs_buf *out, const char *s);

#endif
