/* SPDX-License-Identifier: MIT */
/* A growable, always NUL-terminated byte buffer. */
#include "config.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <frrshim/buf.h>

#include "vec.h"

void frs_buf_init(struct frs_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void frs_buf_dispose(struct frs_buf *b)
{
	if (!b)
		return;
	free(b->ptr);
	memset(b, 0, sizeof(*b));
}

void frs_buf_clear(struct frs_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

#define HUGE ((uintptr_t)2 << 20)

enum frs_err frs_buf_grow(struct frs_buf *b, size_t extra)
{
	size_t need, cap = b->cap;
	void *np = NULL;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return FRS_ENOMEM;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return FRS_OK;
	/* lib/vec.h sizes it (doubling, overflow checked); a first buffer starts at 64 bytes */
	if (frs_vec_grow(&np, b->ptr, &cap, need < 64 ? 64 : need, 1))
		return FRS_ENOMEM;
	p = b->ptr = np;
	b->cap = cap;
#ifdef MADV_HUGEPAGE
	/* a big buffer (a config, a diff) in huge pages: touching fresh memory 4 KiB at a time
	 * cost more than filling it. Advice only: failure changes nothing. */
	if (cap >= 4 * HUGE) {
		uintptr_t lo = ((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
		uintptr_t hi = ((uintptr_t)p + cap) & ~(uintptr_t)(HUGE - 1);
		if (hi > lo)
			madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	}
#endif
	return FRS_OK;
}

enum frs_err frs_buf_add(struct frs_buf *b, const void *data, size_t len)
{
	if (frs_buf_grow(b, len))
		return FRS_ENOMEM;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return FRS_OK;
}

enum frs_err frs_buf_puts(struct frs_buf *b, const char *s)
{
	return frs_buf_add(b, s, strlen(s));
}

enum frs_err frs_buf_putc(struct frs_buf *b, char c)
{
	return frs_buf_add(b, &c, 1);
}

enum frs_err frs_buf_vaddf(struct frs_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return FRS_ENOMEM;
	if (frs_buf_grow(b, (size_t)n))
		return FRS_ENOMEM;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return FRS_OK;
}

enum frs_err frs_buf_addf(struct frs_buf *b, const char *fmt, ...)
{
	va_list ap;
	enum frs_err rc;

	va_start(ap, fmt);
	rc = frs_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *frs_buf_detach(struct frs_buf *b)
{
	char *p;

	if (!b->ptr && frs_buf_grow(b, 0))
		return NULL;
	p = b->ptr;
	memset(b, 0, sizeof(*b));
	return p;
}

const char *frs_buf_cstr(const struct frs_buf *b)
{
	return b->ptr ? b->ptr : "";
}
