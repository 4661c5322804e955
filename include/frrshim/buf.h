/* SPDX-License-Identifier: MIT */
/* A growable, always NUL-terminated byte buffer. */
#ifndef FRRSHIM_BUF_H
#define FRRSHIM_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include <frrshim/err.h>

/** Caller-owned; zero-initialised (FRS_BUF_INIT) is an empty buffer. */
struct frs_buf {
	char *ptr; /* NULL or NUL-terminated */
	size_t len;
	size_t cap;
};

#define FRS_BUF_INIT { NULL, 0, 0 }

void frs_buf_init(struct frs_buf *b);
void frs_buf_dispose(struct frs_buf *b);
/** Forget the contents, keep the memory. */
void frs_buf_clear(struct frs_buf *b);
enum frs_err frs_buf_grow(struct frs_buf *b, size_t extra);
enum frs_err frs_buf_add(struct frs_buf *b, const void *data, size_t len);
enum frs_err frs_buf_puts(struct frs_buf *b, const char *s);
enum frs_err frs_buf_putc(struct frs_buf *b, char c);
enum frs_err frs_buf_addf(struct frs_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
enum frs_err frs_buf_vaddf(struct frs_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/** Hand the string to the caller (free() it); the buffer becomes empty. Never NULL on success. */
char *frs_buf_detach(struct frs_buf *b);
/** Content as a string; "" for an empty buffer. */
const char *frs_buf_cstr(const struct frs_buf *b);

#endif
