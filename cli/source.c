/* SPDX-License-Identifier: MIT */
/* Where a command's resources come from: PATH... or the Kubernetes API (--kube), for every command. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <frrshim/doc.h>
#include <frrshim/kube.h>
#include <frrshim/model.h>

#include "cli.h"

const char cli_source_help[] =
	"      --kube               read the resources from the Kubernetes API instead of PATH\n"
	"      --kubeconfig FILE    credentials (default $KUBECONFIG, in-cluster, ~/.kube/config)\n"
	"      --context NAME       the kubeconfig context (default its current-context)\n"
	"      --namespace NS       MetalLB's namespace (default: the pod's in-cluster, else\n"
	"                           metallb-system)\n";

size_t cli_source_words(const char **v, const struct cli_source *s)
{
	size_t n = 0;

	v[n++] = "--kube";
	if (s->kubeconfig) {
		v[n++] = "--kubeconfig";
		v[n++] = s->kubeconfig;
	}
	if (s->context) {
		v[n++] = "--context";
		v[n++] = s->context;
	}
	if (s->ns) {
		v[n++] = "--namespace";
		v[n++] = s->ns;
	}
	return n;
}

bool cli_source_opt(struct cli_source *s, int c, const char *arg)
{
	switch (c) {
	case CLI_OPT_KUBE:
		s->kube = true;
		return true;
	case CLI_OPT_KUBECONFIG:
		s->kubeconfig = arg;
		s->kube_opt = true;
		return true;
	case CLI_OPT_CONTEXT:
		s->context = arg;
		s->kube_opt = true;
		return true;
	case CLI_OPT_NAMESPACE:
		s->ns = arg;
		s->kube_opt = true;
		return true;
	}
	return false;
}

int cli_source_check(const struct cli_source *s, const char *cmd, size_t npaths)
{
	if (s->kube_opt && !s->kube)
		return cli_usage_error(cmd, "--kubeconfig, --context and --namespace go with --kube");
	if (s->kube && npaths)
		return cli_usage_error(cmd, "--kube reads the API server: no PATH with it");
	if (!s->kube && !npaths)
		return cli_usage_error(cmd, "no PATH given (or --kube)");
	return CLI_EXIT_OK;
}

/* While held (cli_source_hold), the first listing serves every command run in this process. */
static bool held;
static struct frs_kube_source *snapshot;

void cli_source_hold(bool on)
{
	held = on;
	if (!on) {
		frs_kube_source_free(snapshot);
		snapshot = NULL;
	}
}

/*
 * The shell's watched source (cli_source_watch): listed once, then kept current by its watcher
 * threads; every command whose options are the same reads its set instead of listing again.
 */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;              /* on CLOCK_MONOTONIC (live_init) */
	unsigned long calls;            /* on_change calls (under mu) */
	struct frs_kube_source *src;
	char *kubeconfig, *context, *ns; /* the options it was made with */
} live = { .mu = PTHREAD_MUTEX_INITIALIZER };
static pthread_once_t live_once = PTHREAD_ONCE_INIT;

static void live_init(void)
{
	pthread_condattr_t a;

	/* the first list's bound must not move with the wall clock */
	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&live.cv, &a);
	pthread_condattr_destroy(&a);
}

static void live_changed(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&live.mu);
	live.calls++;
	pthread_cond_broadcast(&live.cv);
	pthread_mutex_unlock(&live.mu);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool live_serves(const struct cli_source *s)
{
	return live.src && same_str(s->kubeconfig, live.kubeconfig) &&
	       same_str(s->context, live.context) && same_str(s->ns, live.ns);
}

static bool dup_opt(char **out, const char *s)
{
	*out = s ? strdup(s) : NULL;
	return !s || *out;
}

void cli_source_unwatch(void)
{
	/* stops and joins the watchers first: nothing calls live_changed afterwards */
	frs_kube_source_free(live.src);
	live.src = NULL;
	free(live.kubeconfig);
	free(live.context);
	free(live.ns);
	live.kubeconfig = live.context = live.ns = NULL;
}

bool cli_source_watch(const struct cli_source *s)
{
	struct frs_kube_opts ko = { s->kubeconfig, s->context, s->ns, NULL };
	struct frs_kube_watch_opts wo = { .on_change = live_changed };
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_kube_source *ks = NULL;
	struct timespec deadline;
	bool ready = false, timed_out = false;

	pthread_once(&live_once, live_init);
	cli_source_unwatch();
	if (frs_kube_source_new(&ks, &ko, &errs) || frs_kube_source_start(ks, &wo, &errs))
		goto done;
	/*
	 * Before every kind is listed, on_change comes only when a kind fails to list: then (the
	 * server unreachable, a permission missing) the commands list as without a watch, and
	 * report what is wrong as they always have. Otherwise it comes once all are listed. A
	 * watcher that never gets there (dead, or a server that trickles bytes forever) must not
	 * hang the shell: the first list has the bound a list has without a byte.
	 */
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += frs_kube_stall_s();
	pthread_mutex_lock(&live.mu);
	for (unsigned long seen = live.calls; live.calls == seen && !timed_out;)
		timed_out = pthread_cond_timedwait(&live.cv, &live.mu, &deadline) == ETIMEDOUT &&
			    live.calls == seen;
	pthread_mutex_unlock(&live.mu);
	if (timed_out) {
		struct frs_docset set;

		/* which kinds are missing, and why, as a command would say */
		frs_docset_init(&set);
		frs_kube_source_docset(&set, ks, &errs);
		frs_docset_dispose(&set);
		cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
		fprintf(stderr, "frrshim shell: the API server was not listed within %ld s "
			"(FRS_KUBE_STALL_S): not watching it; each command lists it\n",
			frs_kube_stall_s());
	}
	ready = !timed_out && frs_kube_source_ready(ks);
	if (ready && dup_opt(&live.kubeconfig, s->kubeconfig) && dup_opt(&live.context, s->context) &&
	    dup_opt(&live.ns, s->ns)) {
		live.src = ks;
		ks = NULL;
	} else {
		ready = false;
		cli_source_unwatch();
	}
done:
	frs_kube_source_free(ks);
	frs_errlist_dispose(&errs);
	return ready;
}

unsigned long cli_source_changes(void)
{
	unsigned long n;

	pthread_mutex_lock(&live.mu);
	n = live.calls;
	pthread_mutex_unlock(&live.mu);
	return n;
}

/* The API source, listed (the held one while cli_source_hold is on). */
static enum frs_err source_get(struct frs_kube_source **out, const struct cli_source *s,
			       struct frs_errlist *errs)
{
	struct frs_kube_opts ko = { s->kubeconfig, s->context, s->ns, NULL };
	enum frs_err rc;

	/* a bundle's snapshot is its own: the watched set could change between its parts */
	if (!held && live_serves(s)) {
		*out = live.src;
		return FRS_OK;
	}
	if ((*out = snapshot))
		return FRS_OK;
	rc = frs_kube_source_new(out, &ko, errs);
	if (!rc)
		rc = frs_kube_source_list(*out, errs);
	return rc;
}

/* Done with @p ks: keep it while held and listed, else free it (the watched one stays). */
static void source_put(struct frs_kube_source *ks, enum frs_err rc)
{
	if (ks && ks == live.src)
		return;
	if (held && !rc)
		snapshot = ks;
	else if (ks != snapshot)
		frs_kube_source_free(ks);
}

enum frs_err cli_source_docset(struct frs_docset *set, struct frs_buf *dump,
			       const struct cli_source *s, struct frs_errlist *errs)
{
	struct frs_kube_source *ks;
	enum frs_err rc = source_get(&ks, s, errs);

	if (!rc)
		rc = frs_kube_source_docset(set, ks, errs);
	if (!rc && dump)
		rc = frs_kube_source_dump(dump, ks);
	source_put(ks, rc);
	return rc;
}

enum frs_err cli_model_load(struct frs_model **out, const struct cli_source *s,
			    const char *const *paths, size_t npaths, struct frs_errlist *errs)
{
	struct frs_kube_source *ks;
	enum frs_err rc;

	if (!s || !s->kube)
		return frs_model_load(out, paths, npaths, errs);
	*out = NULL;
	rc = source_get(&ks, s, errs);
	if (!rc)
		rc = frs_kube_source_load(out, ks, errs);
	/* an invalid set was still listed: a held snapshot serves the next command */
	source_put(ks, rc == FRS_EINVALID ? FRS_OK : rc);
	return rc;
}
