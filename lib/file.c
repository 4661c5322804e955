/* SPDX-License-Identifier: MIT */
/* Whole-file reads and atomic writes (temporary file, fsync, rename). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <frrshim/file.h>

enum frs_err frs_file_read_stream(struct frs_buf *out, FILE *f)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (frs_buf_add(out, chunk, n))
			return FRS_ENOMEM;
	return ferror(f) ? FRS_EIO : FRS_OK;
}

enum frs_err frs_file_read(struct frs_buf *out, const char *path)
{
	FILE *f;
	enum frs_err rc;
	int saved;

	if (strcmp(path, "-") == 0)
		return frs_file_read_stream(out, stdin);
	f = fopen(path, "rb");
	if (!f)
		return FRS_EIO;
	rc = frs_file_read_stream(out, f);
	saved = errno;
	fclose(f);
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
