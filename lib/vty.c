/* SPDX-License-Identifier: MIT */
/* A client for one FRR daemon's vty socket: NUL-terminated commands, replies ending in 00 00 00 rc. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <frrshim/vty.h>

struct frs_vty {
	int fd;
	int timeout_ms;
	char daemon[32];
	struct frs_buf in;  /* bytes received and not yet handed out */
	size_t scanned;     /* bytes of `in` known to hold no reply terminator */
};

int frs_vty_status_ok(int status)
{
	return status == FRS_VTY_SUCCESS || status == FRS_VTY_SUCCESS_DAEMON ||
	       status == FRS_VTY_WARNING;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum frs_err wait_fd(int fd, short events, long long deadline)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = events };
		long long left = deadline - now_ms();
		int r;

		if (left <= 0)
			return FRS_ETIMEOUT;
		r = poll(&p, 1, left > 1000000 ? 1000000 : (int)left);
		if (r > 0)
			return FRS_OK;
		if (r == 0)
			return FRS_ETIMEOUT;
		if (errno != EINTR)
			return FRS_EIO;
	}
}

const char *frs_vty_daemon(const struct frs_vty *vty)
{
	return vty->daemon;
}

enum frs_err frs_vty_open(struct frs_vty **out, const char *dir, const char *daemon, int timeout_ms)
{
	struct sockaddr_un sa;
	struct frs_vty *vty;
	int n, status;
	enum frs_err rc;

	*out = NULL;
	if (!dir)
		dir = FRS_VTY_DEFAULT_DIR;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	n = snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/%s.vty", dir, daemon);
	if (n < 0 || (size_t)n >= sizeof(sa.sun_path) || strlen(daemon) >= sizeof(vty->daemon))
		return FRS_EARG;
	vty = calloc(1, sizeof(*vty));
	if (!vty)
		return FRS_ENOMEM;
	vty->timeout_ms = timeout_ms > 0 ? timeout_ms : FRS_VTY_DEFAULT_TIMEOUT_MS;
	memcpy(vty->daemon, daemon, strlen(daemon) + 1);
	vty->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (vty->fd < 0) {
		free(vty);
		return FRS_ESYS;
	}
	if (connect(vty->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int saved = errno;
		frs_vty_close(vty);
		errno = saved;
		return FRS_EUNREACHABLE;
	}
	/* a vtysh connection starts in the view node, as vtysh's own does */
	rc = frs_vty_exec(vty, "enable", NULL, &status);
	if (rc) {
		frs_vty_close(vty);
		return rc == FRS_EIO ? FRS_EUNREACHABLE : rc;
	}
	*out = vty;
	return FRS_OK;
}

void frs_vty_close(struct frs_vty *vty)
{
	if (!vty)
		return;
	if (vty->fd >= 0)
		close(vty->fd);
	frs_buf_dispose(&vty->in);
	free(vty);
}

enum frs_err frs_vty_send(struct frs_vty *vty, const char *cmd)
{
	long long deadline = now_ms() + vty->timeout_ms;
	size_t len = strlen(cmd) + 1; /* the NUL ends the command */
	const char *p = cmd;

	while (len) {
		ssize_t n = send(vty->fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			enum frs_err rc;
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				return FRS_EIO;
			if ((rc = wait_fd(vty->fd, POLLOUT, deadline)))
				return rc;
			continue;
		}
		p += n;
		len -= (size_t)n;
	}
	return FRS_OK;
}

/* Offset of the first "\0\0\0<rc>" terminator at or after `from`, or -1. */
static ssize_t find_end(const struct frs_buf *b, size_t from)
{
	for (size_t i = from; i + 4 <= b->len; i++)
		if (b->ptr[i] == 0 && b->ptr[i + 1] == 0 && b->ptr[i + 2] == 0)
			return (ssize_t)i;
	return -1;
}

enum frs_err frs_vty_recv(struct frs_vty *vty, struct frs_buf *out, int *status)
{
	long long deadline = now_ms() + vty->timeout_ms;
	ssize_t end;

	while ((end = find_end(&vty->in, vty->scanned)) < 0) {
		enum frs_err rc;
		ssize_t n;

		vty->scanned = vty->in.len > 3 ? vty->in.len - 3 : 0;
		if (frs_buf_grow(&vty->in, 65536))
			return FRS_ENOMEM;
		n = recv(vty->fd, vty->in.ptr + vty->in.len, vty->in.cap - vty->in.len - 1,
			 MSG_DONTWAIT);
		if (n > 0) {
			vty->in.len += (size_t)n;
			vty->in.ptr[vty->in.len] = '\0';
			continue;
		}
		if (n == 0)
			return FRS_EIO; /* the daemon went away */
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return FRS_EIO;
		if ((rc = wait_fd(vty->fd, POLLIN, deadline)))
			return rc;
	}
	if (out && frs_buf_add(out, vty->in.ptr, (size_t)end))
		return FRS_ENOMEM;
	if (status)
		*status = (unsigned char)vty->in.ptr[end + 3];
	/* keep whatever follows: replies to pipelined commands */
	memmove(vty->in.ptr, vty->in.ptr + end + 4, vty->in.len - (size_t)end - 4);
	vty->in.len -= (size_t)end + 4;
	vty->in.ptr[vty->in.len] = '\0';
	vty->scanned = 0;
	return FRS_OK;
}

enum frs_err frs_vty_exec(struct frs_vty *vty, const char *cmd, struct frs_buf *out, int *status)
{
	enum frs_err rc = frs_vty_send(vty, cmd);

	return rc ? rc : frs_vty_recv(vty, out, status);
}
