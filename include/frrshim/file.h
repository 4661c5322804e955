/* SPDX-License-Identifier: MIT */
/* Whole-file reads and atomic writes (temporary file, fsync, rename). */
#ifndef FRRSHIM_FILE_H
#define FRRSHIM_FILE_H

#include <stdio.h>
#include <sys/types.h>

#include <frrshim/buf.h>
#include <frrshim/err.h>

/** Read all of @p path ("-" is stdin) into @p out (appended). FRS_EIO with errno set on failure. */
enum frs_err frs_file_read(struct frs_buf *out, const char *path);
/** Read all of an open stream into @p out (appended). */
enum frs_err frs_file_read_stream(struct frs_buf *out, FILE *f);

/**
 * Replace @p path with @p len bytes of @p data atomically: write PATH.XXXXXX beside it,
 * fsync, chmod @p mode, rename over @p path, fsync the directory.
 */
enum frs_err frs_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

#endif
