/* SPDX-License-Identifier: MIT */
/* Whole-file reads and atomic writes (temporary file, fsync, rename). */
#ifndef FRRSHIM_FILE_H
#define FRRSHIM_FILE_H

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <frrshim/buf.h>
#include <frrshim/err.h>

/*
 * Every whole-file read is bounded: FRS_FILE_MAX_DEFAULT (64 MiB) unless frs_file_set_max()
 * says otherwise (the CLI reads FRRSHIM_MAX_INPUT). Only regular files, character devices
 * (/dev/null) and "-" (stdin) are read: a FIFO fails at once instead of blocking, a directory
 * with EISDIR. Failures are FRS_EINPUT with errno set; frs_file_strerror() words it.
 */
#define FRS_FILE_MAX_DEFAULT ((size_t)64 << 20)
/** errno of a path that is neither a regular file nor a character device. */
#define FRS_FILE_ENOTREG ENOTSUP

/** Set the input limit in bytes (0: back to the default). Not thread-safe: call at start-up. */
void frs_file_set_max(size_t bytes);
/** The input limit in bytes. */
size_t frs_file_max(void);
/** Parse a size: digits with an optional K, M or G suffix (powers of 1024); not 0. */
enum frs_err frs_file_parse_size(size_t *out, const char *s);
/** Why a read failed with @p errnum, as a phrase for "cannot read FILE: %s" (EFBIG names the
 *  limit). Thread-local storage; valid until the next call. */
const char *frs_file_strerror(int errnum);

/** Open @p path for reading (O_CLOEXEC) after the checks above; @p st receives its fstat. */
enum frs_err frs_file_open(int *fd, struct stat *st, const char *path);
/** Read all of @p path ("-" is stdin) into @p out (appended), within the limit.
 *  FRS_EINPUT with errno set on failure (EFBIG: over the limit). */
enum frs_err frs_file_read(struct frs_buf *out, const char *path);
/** Read all of an open stream into @p out (appended), within the limit. */
enum frs_err frs_file_read_stream(struct frs_buf *out, FILE *f);

/**
 * Replace @p path with @p len bytes of @p data atomically: write PATH.XXXXXX beside it,
 * fsync, chmod @p mode, rename over @p path, fsync the directory.
 */
enum frs_err frs_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

#endif
