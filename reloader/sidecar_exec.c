/* SPDX-License-Identifier: MIT */
/* The sidecar's external backends: frr-reload.py and vtysh, run from argv arrays. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <frrshim/file.h>
#include <frrshim/sidecar.h>
#include <frrshim/vty.h>

#include "reload_int.h"

extern char **environ;

#define DEF(v, d) ((v) ? (v) : (d))

enum frs_err frs_sidecar_spawn(int *status, struct frs_buf *out, char *const argv[])
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dfl;
	int pfd[2] = { -1, -1 }, ws = 0, err;
	enum frs_err rc = FRS_ESYS;
	pid_t pid = -1;
	char chunk[8192];
	ssize_t n;

	if (pipe2(pfd, O_CLOEXEC))
		return FRS_ESYS;
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	/* the sidecar blocks its signals; the child must not inherit that */
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGHUP);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGPIPE);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
	err = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
	close(pfd[1]);
	pfd[1] = -1;
	if (err) {
		errno = err;
		goto done;
	}
	while ((n = read(pfd[0], chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (out && frs_buf_add(out, chunk, (size_t)n)) {
			rc = FRS_ENOMEM;
			break;
		}
	}
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			goto done;
	if (rc == FRS_ENOMEM)
		goto done;
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	rc = FRS_OK;
done:
	if (pfd[0] >= 0)
		close(pfd[0]);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	return rc;
}

/* Lines under frr-reload.py's "Lines To Delete" / "Lines To Add" headings. */
static void count_diff(const char *text, struct frs_sidecar_result *res)
{
	unsigned *cur = NULL;
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len >= 15 && strncmp(p, "Lines To Delete", 15) == 0)
			cur = &res->lines_deleted;
		else if (len >= 12 && strncmp(p, "Lines To Add", 12) == 0)
			cur = &res->lines_added;
		else if (len == 0)
			cur = NULL;
		else if (cur && p[0] != '=')
			(*cur)++;
		p = nl ? nl + 1 : p + len;
	}
}

static bool bgpd_answers(const struct frs_sidecar_exec *x)
{
	struct frs_vty *vty = NULL;

	if (frs_vty_open(&vty, DEF(x->vty_dir, FRS_VTY_DEFAULT_DIR), "bgpd", 2000))
		return false;
	frs_vty_close(vty);
	return true;
}

/* Every non-empty line of @p text as one diagnostic. */
static void lines_to_errs(struct frs_errlist *errs, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);

		if (len > 0)
			frs_errlist_report(errs, FRS_DIAG(.code = FRS_EFRR), "%.*s", len, p);
		p = nl ? nl + 1 : p + len;
	}
}

enum frs_err frs_sidecar_apply_frr_reload(void *arg, const char *conf,
					  struct frs_sidecar_result *res, struct frs_errlist *errs)
{
	const struct frs_sidecar_exec *x = arg;
	struct frs_buf path = FRS_BUF_INIT, out = FRS_BUF_INIT, bindir = FRS_BUF_INIT;
	struct frs_sidecar_result r = { 0 };
	enum frs_err rc;
	int fd = -1, st = 0;
	char *argv[16];
	int argc = 0, mode_at;

	if (frs_buf_addf(&path, "%s/frrshim-reload.XXXXXX", DEF(x->tmpdir, "/tmp")))
		return FRS_ENOMEM;
	fd = mkstemp(path.ptr);
	if (fd < 0) {
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_ESYS), "%s: %s", path.ptr,
					strerror(errno));
		goto done;
	}
	if (write(fd, conf, strlen(conf)) != (ssize_t)strlen(conf) || close(fd)) {
		fd = -1;
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_ESYS), "%s: %s", path.ptr,
					strerror(errno));
		goto done;
	}
	fd = -1;
	argv[argc++] = (char *)DEF(x->python, "python3");
	argv[argc++] = (char *)DEF(x->frr_reload, "/usr/lib/frr/frr-reload.py");
	mode_at = argc++;
	argv[argc++] = "--stdout";
	argv[argc++] = "--vty_socket";
	argv[argc++] = (char *)DEF(x->vty_dir, FRS_VTY_DEFAULT_DIR);
	argv[argc++] = "--confdir";
	argv[argc++] = (char *)DEF(x->confdir, "/etc/frr");
	if (x->vtysh && strrchr(x->vtysh, '/')) {
		/* frr-reload.py wants the directory holding vtysh */
		if (frs_buf_add(&bindir, x->vtysh, (size_t)(strrchr(x->vtysh, '/') - x->vtysh))) {
			rc = FRS_ENOMEM;
			goto done;
		}
		argv[argc++] = "--bindir";
		argv[argc++] = (char *)frs_buf_cstr(&bindir);
	}
	argv[argc++] = path.ptr;
	argv[argc] = NULL;

	/* frr-reloader.sh's two steps: --test (diff, and a syntax check), then --reload */
	for (int step = 0; step < 2; step++) {
		argv[mode_at] = step ? "--reload" : "--test";
		frs_buf_clear(&out);
		rc = frs_sidecar_spawn(&st, &out, argv);
		if (rc) {
			frs_errlist_report(errs, FRS_DIAG(.code = rc), "cannot run %s: %s",
					   argv[1], strerror(errno));
			goto done;
		}
		if (st) {
			rc = bgpd_answers(x) ? FRS_EFRR : FRS_EUNREACHABLE;
			lines_to_errs(errs, frs_buf_cstr(&out));
			goto done;
		}
		if (!step)
			count_diff(frs_buf_cstr(&out), &r);
	}
	/* frr-reload.py exits 0 even when vtysh lost the daemon half-way */
	if (!bgpd_answers(x)) {
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EUNREACHABLE),
					"bgpd stopped answering during the reload");
		goto done;
	}
	*res = r;
	rc = FRS_OK;
done:
	if (fd >= 0)
		close(fd);
	unlink(path.ptr);
	frs_buf_dispose(&path);
	frs_buf_dispose(&bindir);
	frs_buf_dispose(&out);
	return rc;
}

enum frs_err frs_sidecar_running_vtysh(void *arg, struct frs_buf *out)
{
	const struct frs_sidecar_exec *x = arg;
	char *argv[] = {
		(char *)DEF(x->vtysh, "vtysh"),
		"--vty_socket", (char *)DEF(x->vty_dir, FRS_VTY_DEFAULT_DIR),
		"--config_dir", (char *)DEF(x->confdir, "/etc/frr"),
		"-c", "show running-config",
		NULL,
	};
	int st = 0;
	enum frs_err rc = frs_sidecar_spawn(&st, out, argv);

	if (rc)
		return rc;
	return st ? FRS_EUNREACHABLE : FRS_OK;
}
