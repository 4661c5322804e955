/* SPDX-License-Identifier: MIT */
/* Errors as values: a frozen result code and a caller-owned list of located diagnostics. */
#ifndef FRRSHIM_ERR_H
#define FRRSHIM_ERR_H

#include <stdarg.h>
#include <stddef.h>

/** Result codes. The numbers are frozen: never renumber, only append. */
enum frs_err {
	FRS_OK = 0,          /* 0 success */
	FRS_ENOMEM = 1,      /* 1 out of memory */
	FRS_EIO = 2,         /* 2 a system read or write failed: socket, pipe, output file */
	FRS_EPARSE = 3,      /* 3 malformed input (YAML, JSON, FRR config) */
	FRS_EINVALID = 4,    /* 4 input is well-formed but violates a rule */
	FRS_ENOTFOUND = 5,   /* 5 a named thing does not exist */
	FRS_EUNREACHABLE = 6,/* 6 an FRR daemon is not running or does not answer */
	FRS_ETIMEOUT = 7,    /* 7 an operation ran out of time */
	FRS_EFRR = 8,        /* 8 FRR rejected a command */
	FRS_EROLLBACK = 9,   /* 9 a failed change could not be rolled back */
	FRS_ESYS = 10,       /* 10 a system call failed */
	FRS_EARG = 11,       /* 11 invalid argument from the caller */
	FRS_EINPUT = 12,     /* 12 an input the user named cannot be read (missing, no permission) */
};

/** A static, one-line description of @p code. */
const char *frs_strerror(enum frs_err code);

enum frs_severity {
	FRS_SEV_ERROR = 0,
	FRS_SEV_WARNING = 1,
};

/** A position in an input file; line and column count from 1, 0 means unknown. */
struct frs_loc {
	const char *file; /* borrowed: owned by whoever loaded the file */
	unsigned line;
	unsigned column;
};

/** One diagnostic. Every string is owned by the list; any may be NULL. */
struct frs_error {
	enum frs_severity severity;
	enum frs_err code;
	char *file;
	unsigned line;
	unsigned column;
	char *kind;      /* resource kind, e.g. "BGPPeer" */
	char *ns;        /* resource namespace */
	char *name;      /* resource name */
	char *path;      /* field path, e.g. "spec.holdTime" */
	char *message;   /* one line, no trailing newline */
};

/** A growable list of diagnostics, owned by the caller (init/dispose). */
struct frs_errlist {
	struct frs_error *v;
	size_t n;
	size_t cap;
};

#define FRS_ERRLIST_INIT { NULL, 0, 0 }

void frs_errlist_init(struct frs_errlist *l);
void frs_errlist_dispose(struct frs_errlist *l);

/**
 * What a diagnostic is about; zero-initialise and name only what applies (an error of code 0
 * is filed as FRS_EINVALID). Every pointer may be NULL and is copied.
 *	frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT, .loc = &loc), "cannot read: %s", why);
 */
struct frs_diag {
	enum frs_severity sev;          /* FRS_SEV_ERROR unless set */
	enum frs_err code;
	const struct frs_loc *loc;
	const char *kind;               /* resource kind, e.g. "BGPPeer" */
	const char *ns;
	const char *name;
	const char *path;               /* field path, e.g. "spec.holdTime" */
};

/** A struct frs_diag literal: FRS_DIAG(.sev = FRS_SEV_WARNING, .path = "spec"). */
#define FRS_DIAG(...) (&(const struct frs_diag){ __VA_ARGS__ })

/**
 * Append a diagnostic described by @p d with a printf message. Returns d->code (so that
 * `return frs_errlist_report(...)` reads naturally); on allocation failure the entry is dropped
 * and FRS_ENOMEM is returned.
 */
enum frs_err frs_errlist_report(struct frs_errlist *l, const struct frs_diag *d, const char *fmt,
				...) __attribute__((format(printf, 3, 4)));
enum frs_err frs_errlist_vreport(struct frs_errlist *l, const struct frs_diag *d, const char *fmt,
				 va_list ap) __attribute__((format(printf, 3, 0)));

/** Number of entries of severity @p sev. */
size_t frs_errlist_count(const struct frs_errlist *l, enum frs_severity sev);

/** Stable sort by file, line, column (entries without a file last), then message. */
void frs_errlist_sort(struct frs_errlist *l);

/** Move every entry of @p src to the end of @p dst; @p src is left empty. */
enum frs_err frs_errlist_move(struct frs_errlist *dst, struct frs_errlist *src);

#endif
