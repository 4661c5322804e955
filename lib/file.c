/* SPDX-License-Identifier: MIT */
/* Whole-file reads and atomic writes (temporary file, fsync, rename). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <frrshim/file.h>

/* The limit on every whole-file read: frs_file_set_max(), FRS_FILE_MAX_DEFAULT. */
static size_t max_input = FRS_FILE_MAX_DEFAULT;

void frs_file_set_max(size_t bytes)
{
	max_input = bytes ? bytes : FRS_FILE_MAX_DEFAULT;
}

size_t frs_file_max(void)
{
	return max_input;
}

enum frs_err frs_file_parse_size(size_t *out, const char *s)
{
	char *end;
	unsigned long long v, mul = 1;

	if (!s || *s < '0' || *s > '9')
		return FRS_EARG;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return FRS_EARG;
	if (*end == 'K' || *end == 'k')
		mul = 1ULL << 10;
	else if (*end == 'M' || *end == 'm')
		mul = 1ULL << 20;
	else if (*end == 'G' || *end == 'g')
		mul = 1ULL << 30;
	if (mul != 1)
		end++;
	if (*end || v == 0 || v > SIZE_MAX / mul)
		return FRS_EARG;
	*out = (size_t)(v * mul);
	return FRS_OK;
}

const char *frs_file_strerror(int errnum)
{
	static _Thread_local char msg[160];

	switch (errnum) {
	case EFBIG:
		if (max_input % (1u << 20) == 0)
			snprintf(msg, sizeof(msg), "larger than the input limit of %zu MiB "
				 "(FRRSHIM_MAX_INPUT raises it)", max_input >> 20);
		else
			snprintf(msg, sizeof(msg), "larger than the input limit of %zu bytes "
				 "(FRRSHIM_MAX_INPUT raises it)", max_input);
		return msg;
	case FRS_FILE_ENOTREG:
		return "not a regular file (a FIFO, socket or block device); use - for standard input";
	default:
		return strerror(errnum);
	}
}

/* Read @p fd to EOF, at most max_input bytes; EFBIG beyond. */
static enum frs_err read_fd(struct frs_buf *out, int fd)
{
	size_t got = 0;

	for (;;) {
		ssize_t n;
		if ((!out->ptr || out->cap - out->len - 1 < 4096) && frs_buf_grow(out, 65536))
			return FRS_ENOMEM;
		n = read(fd, out->ptr + out->len, out->cap - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return FRS_EINPUT;
		if (n == 0)
			break;
		got += (size_t)n;
		if (got > max_input) {
			errno = EFBIG;
			return FRS_EINPUT;
		}
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
	}
	return FRS_OK;
}

enum frs_err frs_file_read_stream(struct frs_buf *out, FILE *f)
{
	char chunk[65536];
	size_t n, got = 0;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		got += n;
		if (got > max_input) {
			errno = EFBIG;
			return FRS_EINPUT;
		}
		if (frs_buf_add(out, chunk, n))
			return FRS_ENOMEM;
	}
	return ferror(f) ? FRS_EINPUT : FRS_OK;
}

enum frs_err frs_file_open(int *fd, struct stat *st, const char *path)
{
	int f, saved, flags;

	/* O_NONBLOCK: a FIFO without a writer must not block the open; fstat then refuses it */
	f = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (f < 0)
		return FRS_EINPUT;
	if (fstat(f, st) < 0)
		goto fail;
	if (S_ISDIR(st->st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	/* character devices stay readable (/dev/null as an empty file), within the limit */
	if (!S_ISREG(st->st_mode) && !S_ISCHR(st->st_mode)) {
		errno = FRS_FILE_ENOTREG;
		goto fail;
	}
	if (S_ISREG(st->st_mode) && (uintmax_t)st->st_size > (uintmax_t)max_input) {
		errno = EFBIG;
		goto fail;
	}
	if ((flags = fcntl(f, F_GETFL)) < 0 || fcntl(f, F_SETFL, flags & ~O_NONBLOCK) < 0)
		goto fail;
	*fd = f;
	return FRS_OK;
fail:
	saved = errno;
	close(f);
	errno = saved;
	return FRS_EINPUT;
}

enum frs_err frs_file_read(struct frs_buf *out, const char *path)
{
	struct stat st;
	enum frs_err rc;
	int fd, saved;

	if (strcmp(path, "-") == 0)
		return frs_file_read_stream(out, stdin);
	if ((rc = frs_file_open(&fd, &st, path)))
		return rc;
	/* room for the whole file and the read that sees EOF: one allocation */
	if (S_ISREG(st.st_mode) && frs_buf_grow(out, (size_t)st.st_size + 4096)) {
		close(fd);
		return FRS_ENOMEM;
	}
	rc = read_fd(out, fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

enum frs_err frs_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
	char *tmp = NULL, *dircopy = NULL;
	int fd = -1, dfd, saved;
	enum frs_err rc = FRS_EIO;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return FRS_ENOMEM;
	fd = mkstemp(tmp);
	if (fd < 0)
		goto done;
	if (write_all(fd, data, len) || fchmod(fd, mode) || fsync(fd))
		goto done;
	if (close(fd)) {
		fd = -1;
		goto done;
	}
	fd = -1;
	if (rename(tmp, path))
		goto done;
	free(tmp);
	tmp = NULL;
	/* make the rename itself durable */
	dircopy = strdup(path);
	if (dircopy && (dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = FRS_OK;
done:
	saved = errno;
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(dircopy);
	errno = saved;
	return rc;
}
