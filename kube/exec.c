/* SPDX-License-Identifier: MIT */
/* kubeconfig `exec` credential plugins: run from an argv (never a shell), ExecCredential read back. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include <frrshim/kube.h>

#include "../lib/vec.h"
#include "kube_int.h"

extern char **environ;

#define EXEC_OUT_MAX ((size_t)1 << 20)

int frs_kube__exec_timeout_ms = 60000;

static int digits(const char **s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++, (*s)++) {
		if (**s < '0' || **s > '9')
			return -1;
		v = v * 10 + (**s - '0');
	}
	*out = v;
	return 0;
}

int frs_kube__parse_time(const char *s, long long *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	struct tm tm = { 0 };

	if (digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) || *s++ != '-' ||
	    digits(&s, 2, &d) || (*s != 'T' && *s != 't') || !*s++ || digits(&s, 2, &h) ||
	    *s++ != ':' || digits(&s, 2, &mi) || *s++ != ':' || digits(&s, 2, &sec))
		return -1;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (digits(&s, 2, &oh) || *s++ != ':' || digits(&s, 2, &om))
			return -1;
	} else {
		return -1;
	}
	if (*s || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = (long long)timegm(&tm) - sign * (oh * 3600LL + om * 60LL);
	return 0;
}

/* The program execve() runs: @p cmd itself when it has a slash, else the first in $PATH. */
static char *lookup(const char *cmd)
{
	const char *path = getenv("PATH");
	struct frs_buf b = FRS_BUF_INIT;

	if (strchr(cmd, '/'))
		return strdup(cmd);
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path; *p;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		frs_buf_clear(&b);
		if (frs_buf_addf(&b, "%.*s/%s", (int)len, len ? p : ".", cmd))
			break;
		if (access(b.ptr, X_OK) == 0)
			return frs_buf_detach(&b);
		p += len;
		if (*p == ':')
			p++;
	}
	frs_buf_dispose(&b);
	return NULL;
}

/* environ, then the plugin's env (replacing variables of the same name), then
 * KUBERNETES_EXEC_INFO. The strings are borrowed except the last. */
static char **make_env(const struct frs_kube_exec *e, char **info)
{
	struct frs_buf b = FRS_BUF_INIT;
	char **v = NULL;
	size_t n = 0, cap = 0;

	for (char **p = environ; *p; p++) {
		bool replaced = strncmp(*p, "KUBERNETES_EXEC_INFO=", 21) == 0;

		for (size_t i = 0; i < e->nenv && !replaced; i++) {
			size_t klen = (size_t)(strchr(e->env[i], '=') - e->env[i]);
			replaced = strncmp(*p, e->env[i], klen + 1) == 0;
		}
		if (!replaced && FRS_VEC_PUSH(v, n, cap, *p))
			goto fail;
	}
	for (size_t i = 0; i < e->nenv; i++)
		if (FRS_VEC_PUSH(v, n, cap, e->env[i]))
			goto fail;
	if (frs_buf_addf(&b, "KUBERNETES_EXEC_INFO={\"apiVersion\":\"%s\",\"kind\":\"ExecCredential\","
			 "\"spec\":{\"interactive\":false}}", e->api_version))
		goto fail;
	*info = b.ptr;
	if (FRS_VEC_PUSH(v, n, cap, b.ptr) || FRS_VEC_PUSH(v, n, cap, NULL))
		goto fail;
	return v;
fail:
	frs_buf_dispose(&b);
	*info = NULL;
	free(v);
	return NULL;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int remaining_ms(int64_t deadline)
{
	int64_t left = deadline - mono_ms();

	return left <= 0 ? 0 : left > 60000 ? 60000 : (int)left;
}

static enum frs_err run(struct frs_buf *out, int *status, bool *timed_out,
			const struct frs_kube_exec *e, struct frs_errlist *errs)
{
	int64_t deadline = mono_ms() + frs_kube__exec_timeout_ms;

	char *prog = lookup(e->command), *info = NULL;
	char **argv = NULL, **envp = NULL;
	int pfd[2] = { -1, -1 }, devnull = -1;
	enum frs_err rc = FRS_ENOMEM;
	pid_t pid = -1;

	if (!prog) {
		return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT,
					  .loc = &(struct frs_loc){ "api", 0, 0 }),
					  "exec plugin \"%s\" not found in $PATH%s%s", e->command,
					  e->install_hint ? ": " : "",
					  e->install_hint ? e->install_hint : "");
	}
	argv = calloc(e->nargs + 2, sizeof(*argv));
	if (!argv || !(envp = make_env(e, &info)))
		goto done;
	argv[0] = e->command;
	for (size_t i = 0; i < e->nargs; i++)
		argv[i + 1] = e->args[i];
	if (pipe2(pfd, O_CLOEXEC) != 0 || (devnull = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_ESYS), "exec plugin: %s",
					strerror(errno));
		goto done;
	}
	pid = fork();
	if (pid < 0) {
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_ESYS), "exec plugin: fork: %s",
					strerror(errno));
		goto done;
	}
	if (pid == 0) {
		/* stdin: nothing (never interactive); stdout: the credential; stderr: ours */
		if (dup2(devnull, STDIN_FILENO) < 0 || dup2(pfd[1], STDOUT_FILENO) < 0)
			_exit(127);
		execve(prog, argv, envp);
		_exit(127);
	}
	close(pfd[1]);
	pfd[1] = -1;
	for (;;) {
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };
		char chunk[4096];
		ssize_t n;
		int r = poll(&p, 1, remaining_ms(deadline));

		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			/* a plugin that hangs (waiting for a browser, say) would hold every
			 * watcher that needs the credential: it gets a minute */
			kill(pid, SIGKILL);
			*timed_out = true;
			break;
		}
		n = read(pfd[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out->len + (size_t)n > EXEC_OUT_MAX || frs_buf_add(out, chunk, (size_t)n)) {
			kill(pid, SIGKILL);
			break;
		}
	}
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	rc = FRS_OK;
done:
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	if (devnull >= 0)
		close(devnull);
	free(prog);
	free(argv);
	free(envp);
	free(info);
	return rc;
}

static enum frs_err plugin_error(struct frs_errlist *errs, const struct frs_kube_exec *e,
				 const char *what)
{
	return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT,
				  .loc = &(struct frs_loc){ "api", 0, 0 }), "exec plugin \"%s\": %s",
				  e->command, what);
}

enum frs_err frs_kube__exec_run(struct frs_kube_auth *a, long long *expiry,
			       const struct frs_kube_exec *e, struct frs_errlist *errs)
{
	struct frs_buf out = FRS_BUF_INIT, why = FRS_BUF_INIT;
	const cJSON *av, *kind, *st, *tok, *cert, *key, *exp;
	cJSON *root = NULL;
	bool timed_out = false;
	int status = 0;
	enum frs_err rc;

	memset(a, 0, sizeof(*a));
	*expiry = 0;
	rc = run(&out, &status, &timed_out, e, errs);
	if (rc)
		goto done;
	if (timed_out) {
		frs_buf_addf(&why, "no credential within %d ms (killed)", frs_kube__exec_timeout_ms);
		rc = plugin_error(errs, e, frs_buf_cstr(&why));
		goto done;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			frs_buf_addf(&why, "could not be run (exit 127)");
		else if (WIFEXITED(status))
			frs_buf_addf(&why, "exit status %d", WEXITSTATUS(status));
		else
			frs_buf_addf(&why, "killed by signal %d", WTERMSIG(status));
		rc = plugin_error(errs, e, frs_buf_cstr(&why));
		goto done;
	}
	root = cJSON_ParseWithLength(out.ptr ? out.ptr : "", out.len);
	if (!cJSON_IsObject(root)) {
		rc = plugin_error(errs, e, "its output is not an ExecCredential (JSON object)");
		goto done;
	}
	av = cJSON_GetObjectItemCaseSensitive(root, "apiVersion");
	kind = cJSON_GetObjectItemCaseSensitive(root, "kind");
	if (!cJSON_IsString(kind) || strcmp(kind->valuestring, "ExecCredential") != 0 ||
	    !cJSON_IsString(av) || strcmp(av->valuestring, e->api_version) != 0) {
		frs_buf_addf(&why, "expected kind ExecCredential, apiVersion %s", e->api_version);
		rc = plugin_error(errs, e, why.ptr);
		goto done;
	}
	st = cJSON_GetObjectItemCaseSensitive(root, "status");
	tok = cJSON_GetObjectItemCaseSensitive(st, "token");
	cert = cJSON_GetObjectItemCaseSensitive(st, "clientCertificateData");
	key = cJSON_GetObjectItemCaseSensitive(st, "clientKeyData");
	exp = cJSON_GetObjectItemCaseSensitive(st, "expirationTimestamp");
	if (cJSON_IsString(tok) && *tok->valuestring) {
		if (frs_buf_puts(&a->token, tok->valuestring))
			rc = FRS_ENOMEM;
	} else if (cJSON_IsString(cert) && cJSON_IsString(key)) {
		if (frs_buf_puts(&a->cert, cert->valuestring) ||
		    frs_buf_puts(&a->key, key->valuestring))
			rc = FRS_ENOMEM;
	} else {
		rc = plugin_error(errs, e, "status has neither token nor clientCertificateData "
				  "with clientKeyData");
		goto done;
	}
	if (!rc && cJSON_IsString(exp) && frs_kube__parse_time(exp->valuestring, expiry) != 0)
		rc = plugin_error(errs, e, "status.expirationTimestamp is not an RFC 3339 time");
done:
	if (root) {
		/* the credential's text must not linger in freed memory */
		cJSON *s = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root,
								"status"), "token");
		if (cJSON_IsString(s))
			memset(s->valuestring, 0, strlen(s->valuestring));
	}
	cJSON_Delete(root);
	if (out.ptr)
		memset(out.ptr, 0, out.cap);
	frs_buf_dispose(&out);
	frs_buf_dispose(&why);
	if (rc)
		frs_kube_auth_dispose(a);
	return rc;
}
