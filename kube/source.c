/* SPDX-License-Identifier: MIT */
/* The objects read from the API server, kept up to date by one list-then-watch thread per kind. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include <frrshim/doc.h>
#include <frrshim/kube.h>
#include <frrshim/model.h>

#include "../lib/vec.h"
#include "kube_int.h"

/* The kinds, in order: from RES_SERVICE on they come by the thousand (frs_kube_source_load
 * streams them), and a node's scope (frs_kube_opts.node) narrows three of them. */
enum {
	RES_BGPPEER, RES_POOL, RES_BGPADV, RES_L2ADV, RES_COMMUNITY, RES_BFDPROFILE, RES_SECRET,
	RES_SERVICE, RES_ENDPOINTSLICE, RES_NODE, RES_NAMESPACE, NRES
};

static const struct frs_kube_resource resources[NRES] = {
	[RES_BGPPEER] = { "bgppeers", "metallb.io", "v1beta2", "BGPPeer", true },
	[RES_POOL] = { "ipaddresspools", "metallb.io", "v1beta1", "IPAddressPool", true },
	[RES_BGPADV] = { "bgpadvertisements", "metallb.io", "v1beta1", "BGPAdvertisement", true },
	[RES_L2ADV] = { "l2advertisements", "metallb.io", "v1beta1", "L2Advertisement", true },
	[RES_COMMUNITY] = { "communities", "metallb.io", "v1beta1", "Community", true },
	[RES_BFDPROFILE] = { "bfdprofiles", "metallb.io", "v1beta1", "BFDProfile", true },
	[RES_SECRET] = { "secrets", "", "v1", "Secret", true },
	[RES_SERVICE] = { "services", "", "v1", "Service", false },
	[RES_ENDPOINTSLICE] = { "endpointslices", "discovery.k8s.io", "v1", "EndpointSlice", false },
	[RES_NODE] = { "nodes", "", "v1", "Node", false },
	[RES_NAMESPACE] = { "namespaces", "", "v1", "Namespace", false },
};

const struct frs_kube_resource *frs_kube_resources(size_t *n)
{
	*n = NRES;
	return resources;
}

/* One stored object: its compact JSON. */
struct entry {
	char *ns;               /* "" when cluster-scoped */
	char *name;
	char *json;
	size_t len;
	/* what a node's scope looks at: spec.type is LoadBalancer (a Service), and the
	 * kubernetes.io/service-name label (an EndpointSlice's Service), or NULL */
	bool lb;
	char *service;
	unsigned long gen;      /* which stored version this is (the source's counter) */
	bool clean;             /* a render validated it without a diagnostic */
};

struct kind {
	const struct frs_kube_resource *r;
	struct frs_kube_source *s;
	struct entry *v;        /* sorted by ns, name */
	size_t n, cap;
	bool synced;            /* listed at least once */
	unsigned long events;   /* watch events seen (the watcher's own counter) */
	/* for metrics, under the source's lock */
	unsigned long updates;  /* ADDED, MODIFIED, DELETED events applied */
	unsigned long lists;    /* full lists done */
	unsigned long reconnects; /* watches started again after a failure */
	char *error;            /* why the last list or watch failed, or NULL */
	pthread_t thread;
	bool started;
	struct frs_kube_http *http; /* the watcher's, while it runs (under the source's lock) */
};

struct frs_kube_source {
	struct frs_kube_creds *creds;
	char *ns;
	char *node;             /* the scope's node (frs_kube_opts.node), or NULL */
	pthread_mutex_t mu;     /* the kinds' objects, synced and error; stop */
	pthread_cond_t cv;      /* wakes sleeping watchers to stop */
	volatile int stop;
	bool ready;             /* every kind listed: changes are notified from then on */
	unsigned long changes;  /* changes announced (each asks the owner for a render) */
	unsigned long gen;      /* the last entry's version */
	struct frs_kube_watch_opts wo;
	struct kind kinds[NRES];
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* ---- objects ---------------------------------------------------------------------------- */

void frs_kube__object_strip(cJSON *obj)
{
	static const char *const drop[] = { "managedFields", "resourceVersion", "uid",
					    "generation", "creationTimestamp", "selfLink" };
	cJSON *md = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	cJSON *ann = cJSON_GetObjectItemCaseSensitive(md, "annotations");

	for (size_t i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		cJSON_DeleteItemFromObjectCaseSensitive(md, drop[i]);
	cJSON_DeleteItemFromObjectCaseSensitive(ann,
		"kubectl.kubernetes.io/last-applied-configuration");
}

static void entry_dispose(struct entry *e)
{
	free(e->ns);
	free(e->name);
	free(e->service);
	if (e->json)
		memset(e->json, 0, e->len); /* Secrets */
	free(e->json);
}

/* The entry for @p obj (stripped first); FRS_ENOTFOUND when it has no name. */
static enum frs_err entry_of(struct entry *e, cJSON *obj)
{
	const cJSON *md, *ns, *name, *type, *service;

	memset(e, 0, sizeof(*e));
	frs_kube__object_strip(obj);
	md = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	ns = cJSON_GetObjectItemCaseSensitive(md, "namespace");
	name = cJSON_GetObjectItemCaseSensitive(md, "name");
	if (!cJSON_IsString(name) || !*name->valuestring)
		return FRS_ENOTFOUND;
	type = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "spec"),
						"type");
	service = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(md, "labels"), "kubernetes.io/service-name");
	e->lb = cJSON_IsString(type) && strcmp(type->valuestring, "LoadBalancer") == 0;
	if (cJSON_IsString(service) && !(e->service = strdup(service->valuestring)))
		return FRS_ENOMEM;
	e->ns = strdup(cJSON_IsString(ns) ? ns->valuestring : "");
	e->name = strdup(name->valuestring);
	e->json = cJSON_PrintUnformatted(obj);
	if (!e->ns || !e->name || !e->json) {
		entry_dispose(e);
		return FRS_ENOMEM;
	}
	e->len = strlen(e->json);
	return FRS_OK;
}

static int cmp_entry(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = strcmp(a->ns, b->ns);

	return c ? c : strcmp(a->name, b->name);
}

/* Where @p key is, or where it would go (*found says which). */
static size_t find(const struct kind *k, const struct entry *key, bool *found)
{
	size_t lo = 0, hi = k->n;

	*found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_entry(&k->v[mid], key);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Store @p e (taken over); *changed when the stored set differs afterwards. Lock held. */
static enum frs_err put(struct kind *k, struct entry *e, bool *changed)
{
	bool found;
	size_t i = find(k, e, &found);

	e->gen = ++k->s->gen;
	if (found) {
		if (k->v[i].len == e->len && memcmp(k->v[i].json, e->json, e->len) == 0) {
			entry_dispose(e);
			return FRS_OK;
		}
		entry_dispose(&k->v[i]);
		k->v[i] = *e;
		*changed = true;
		return FRS_OK;
	}
	if (FRS_VEC_RESERVE(k->v, k->cap, k->n + 1)) {
		entry_dispose(e);
		return FRS_ENOMEM;
	}
	memmove(&k->v[i + 1], &k->v[i], (k->n - i) * sizeof(*k->v));
	k->v[i] = *e;
	k->n++;
	*changed = true;
	return FRS_OK;
}

static void del(struct kind *k, const struct entry *e, bool *changed)
{
	bool found;
	size_t i = find(k, e, &found);

	if (!found)
		return;
	entry_dispose(&k->v[i]);
	memmove(&k->v[i], &k->v[i + 1], (k->n - i - 1) * sizeof(*k->v));
	k->n--;
	*changed = true;
}

/* ---- the source ------------------------------------------------------------------------- */

enum frs_err frs_kube_source_new(struct frs_kube_source **out, const struct frs_kube_opts *opts,
				 struct frs_errlist *errs)
{
	struct frs_kube_source *s;
	enum frs_err rc;

	pthread_once(&curl_once, curl_init);
	s = calloc(1, sizeof(*s));
	if (!s)
		return FRS_ENOMEM;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	for (size_t i = 0; i < NRES; i++) {
		s->kinds[i].r = &resources[i];
		s->kinds[i].s = s;
	}
	rc = frs_kube_creds_load(&s->creds, opts, errs);
	if (rc) {
		frs_kube_source_free(s);
		return rc;
	}
	s->ns = strdup(opts->ns && *opts->ns ? opts->ns : s->creds->ns ? s->creds->ns
									 : "metallb-system");
	s->node = opts->node ? strdup(opts->node) : NULL;
	if (!s->ns || (opts->node && !s->node)) {
		frs_kube_source_free(s);
		return FRS_ENOMEM;
	}
	*out = s;
	return FRS_OK;
}

void frs_kube_source_free(struct frs_kube_source *s)
{
	if (!s)
		return;
	frs_kube_source_stop(s);
	for (size_t i = 0; i < NRES; i++) {
		struct kind *k = &s->kinds[i];

		for (size_t j = 0; j < k->n; j++)
			entry_dispose(&k->v[j]);
		free(k->v);
		free(k->error);
	}
	frs_kube_creds_free(s->creds);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s->ns);
	free(s->node);
	free(s);
}

bool frs_kube_source_ready(struct frs_kube_source *s)
{
	bool ready;

	pthread_mutex_lock(&s->mu);
	ready = s->ready;
	pthread_mutex_unlock(&s->mu);
	return ready;
}

size_t frs_kube_source_count(struct frs_kube_source *s)
{
	size_t n = 0;

	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < NRES; i++)
		n += s->kinds[i].n;
	pthread_mutex_unlock(&s->mu);
	return n;
}

/* A list's objects, gathered before they replace the kind's. */
struct gather {
	struct entry *v;
	size_t n, cap;
};

static enum frs_err gather_obj(void *arg, cJSON *obj)
{
	struct gather *g = arg;
	struct entry e;
	enum frs_err rc = entry_of(&e, obj);

	if (rc == FRS_ENOTFOUND)
		return FRS_OK;
	if (rc)
		return rc;
	if (FRS_VEC_PUSH(g->v, g->n, g->cap, e)) {
		entry_dispose(&e);
		return FRS_ENOMEM;
	}
	return FRS_OK;
}

static void gather_dispose(struct gather *g)
{
	for (size_t i = 0; i < g->n; i++)
		entry_dispose(&g->v[i]);
	free(g->v);
	memset(g, 0, sizeof(*g));
}

/* Replace the kind's objects with a list's; *changed when they differ. Lock held. */
static void replace(struct kind *k, struct gather *g, bool *changed)
{
	if (g->n)
		qsort(g->v, g->n, sizeof(*g->v), cmp_entry);
	if (g->n != k->n)
		*changed = true;
	for (size_t i = 0; i < g->n && !*changed; i++)
		if (cmp_entry(&g->v[i], &k->v[i]) || g->v[i].len != k->v[i].len ||
		    memcmp(g->v[i].json, k->v[i].json, g->v[i].len))
			*changed = true;
	/* both are sorted: an object listed again as it was keeps what a render learned of it */
	for (size_t i = 0, j = 0; i < g->n && j < k->n;) {
		int c = cmp_entry(&g->v[i], &k->v[j]);

		if (c == 0 && g->v[i].len == k->v[j].len &&
		    memcmp(g->v[i].json, k->v[j].json, g->v[i].len) == 0)
			g->v[i].clean = k->v[j].clean;
		i += c <= 0;
		j += c >= 0;
	}
	for (size_t j = 0; j < k->n; j++)
		entry_dispose(&k->v[j]);
	for (size_t i = 0; i < g->n; i++)
		g->v[i].gen = ++k->s->gen;
	free(k->v);
	k->v = g->v;
	k->n = g->n;
	k->cap = g->cap;
	memset(g, 0, sizeof(*g));
	k->synced = true;
	free(k->error);
	k->error = NULL;
}

static void set_error(struct kind *k, const char *why)
{
	char *e = strdup(why);

	pthread_mutex_lock(&k->s->mu);
	free(k->error);
	k->error = e;
	pthread_mutex_unlock(&k->s->mu);
}

/* One full list into the store. */
static enum frs_kube_status list_kind(struct kind *k, struct frs_kube_http *h, char **rv,
				      bool *changed, struct frs_buf *why)
{
	struct gather g = { 0 };
	enum frs_kube_status st;

	st = frs_kube__http_list(h, k->r, k->s->ns, gather_obj, &g, rv, why);
	if (st == FRS_KST_OK) {
		pthread_mutex_lock(&k->s->mu);
		replace(k, &g, changed);
		pthread_mutex_unlock(&k->s->mu);
	}
	gather_dispose(&g);
	return st;
}

static enum frs_err report(struct frs_errlist *errs, const struct kind *k, const char *why)
{
	struct frs_buf d = FRS_BUF_INIT;
	enum frs_err rc;

	if (frs_kube__resource_desc(&d, k->r, k->s->ns))
		return FRS_ENOMEM;
	rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT,
				.loc = &(struct frs_loc){ "api", 0, 0 }), "%s: %s", d.ptr, why);
	frs_buf_dispose(&d);
	return rc;
}

static void sleep_ms(struct frs_kube_source *s, int ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->mu);
	while (!s->stop && pthread_cond_timedwait(&s->cv, &s->mu, &ts) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&s->mu);
}

enum frs_err frs_kube_source_list(struct frs_kube_source *s, struct frs_errlist *errs)
{
	struct frs_kube_backoff bo = { 0 };
	struct frs_buf why = FRS_BUF_INIT;
	struct frs_kube_http *h = NULL;
	enum frs_err rc, ret = FRS_OK;

	if ((rc = frs_kube__http_new(&h, s->creds, &s->stop)))
		return rc;
	for (size_t i = 0; i < NRES; i++) {
		struct kind *k = &s->kinds[i];
		enum frs_kube_status st;
		bool changed = false;
		char *rv = NULL;

		for (int attempt = 0;; attempt++) {
			st = list_kind(k, h, &rv, &changed, &why);
			free(rv);
			rv = NULL;
			if ((st != FRS_KST_RETRY && st != FRS_KST_GONE) || attempt == 3)
				break;
			/* 410 (a continue token expired): at once; 5xx, 429, no answer: back off */
			if (st == FRS_KST_RETRY)
				sleep_ms(s, frs_kube_backoff_next(&bo));
		}
		if (st == FRS_KST_OK)
			continue;
		if ((rc = report(errs, k, frs_buf_cstr(&why))) == FRS_ENOMEM) {
			ret = rc;
			break;
		}
		ret = FRS_EINPUT;
		/* an unreachable server or refused credentials fail every kind the same way: say
		 * it once; a permission that is missing is worth knowing for every kind */
		if (st == FRS_KST_RETRY || st == FRS_KST_UNAUTHORIZED || st == FRS_KST_TLS)
			break;
	}
	frs_buf_dispose(&why);
	frs_kube__http_free(h);
	return ret;
}

/* ---- watching --------------------------------------------------------------------------- */

static void klog(struct kind *k, const char *level, const char *msg, const char *why,
		 const char *extra_key, const char *extra)
{
	struct frs_buf d = FRS_BUF_INIT;
	const char *kv[8];
	size_t n = 0;

	if (!k->s->wo.log)
		return;
	frs_kube__resource_desc(&d, k->r, k->s->ns);
	kv[n++] = "resource";
	kv[n++] = frs_buf_cstr(&d);
	if (extra) {
		kv[n++] = extra_key;
		kv[n++] = extra;
	}
	if (why) {
		kv[n++] = "error";
		kv[n++] = why;
	}
	kv[n] = NULL;
	k->s->wo.log(k->s->wo.log_arg, level, msg, kv);
	frs_buf_dispose(&d);
}

/* After a change (or the first full sync): tell the owner, once every kind is listed. */
/* Whether a change is to be announced (every kind listed), counted if so. Lock held. */
static bool announce_locked(struct frs_kube_source *s)
{
	if (!s->ready) {
		bool all = true;
		for (size_t i = 0; i < NRES; i++)
			all = all && s->kinds[i].synced;
		s->ready = all;
	}
	if (s->ready)
		s->changes++;
	return s->ready;
}

static void changed_now(struct frs_kube_source *s)
{
	bool fire;

	pthread_mutex_lock(&s->mu);
	fire = announce_locked(s);
	pthread_mutex_unlock(&s->mu);
	if (fire && s->wo.on_change)
		s->wo.on_change(s->wo.change_arg);
}

static enum frs_err on_event(void *arg, struct frs_kube_event *ev)
{
	struct kind *k = arg;
	struct entry e;
	bool changed = false;
	enum frs_err rc;

	k->events++;
	if (ev->type == FRS_KEV_BOOKMARK)
		return FRS_OK;
	rc = entry_of(&e, ev->object);
	if (rc == FRS_ENOTFOUND)
		return FRS_OK;
	if (rc)
		return rc;
	pthread_mutex_lock(&k->s->mu);
	k->updates++;
	if (ev->type == FRS_KEV_DELETED) {
		del(k, &e, &changed);
		entry_dispose(&e);
	} else {
		rc = put(k, &e, &changed);
	}
	pthread_mutex_unlock(&k->s->mu);
	if (changed)
		changed_now(k->s);
	return rc;
}

static void count_reconnect(struct kind *k)
{
	pthread_mutex_lock(&k->s->mu);
	k->reconnects++;
	pthread_mutex_unlock(&k->s->mu);
}

enum frs_err frs_kube_source_metrics(struct frs_kube_source *s, struct frs_buf *out)
{
	struct frs_buf d = FRS_BUF_INIT;
	unsigned long updates = 0;
	enum frs_err rc = FRS_OK;

	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < NRES; i++)
		updates += s->kinds[i].updates;
	rc |= frs_buf_addf(out, "# HELP metallb_k8s_client_updates_total Number of k8s object "
			   "updates that have been processed.\n"
			   "# TYPE metallb_k8s_client_updates_total counter\n"
			   "metallb_k8s_client_updates_total %lu\n"
			   "# HELP frrshim_kube_changes_total Changes of the stored objects announced (each "
			   "asks for a render; a relist of the same objects announces none).\n"
			   "# TYPE frrshim_kube_changes_total counter\n"
			   "frrshim_kube_changes_total %lu\n", updates, s->changes);
	static const struct {
		const char *name, *help;
		size_t off;
	} series[] = {
		{ "frrshim_kube_objects", "Objects held, per resource.", 0 },
		{ "frrshim_kube_lists_total", "Full lists (the first, and relists after 410 or a "
		  "failed watch), per resource.", 1 },
		{ "frrshim_kube_reconnects_total", "Watches started again after a dropped connection, "
		  "5xx or 429, per resource.", 2 },
	};
	for (size_t j = 0; j < sizeof(series) / sizeof(series[0]); j++) {
		rc |= frs_buf_addf(out, "# HELP %s %s\n# TYPE %s %s\n", series[j].name, series[j].help,
				   series[j].name, j ? "counter" : "gauge");
		for (size_t i = 0; i < NRES; i++) {
			const struct kind *k = &s->kinds[i];
			unsigned long v = j == 0 ? (unsigned long)k->n : j == 1 ? k->lists : k->reconnects;

			frs_buf_clear(&d);
			rc |= frs_buf_addf(&d, "%s%s%s", k->r->plural, *k->r->group ? "." : "",
					   k->r->group);
			rc |= frs_buf_addf(out, "%s{resource=\"%s\"} %lu\n", series[j].name, d.ptr, v);
		}
	}
	pthread_mutex_unlock(&s->mu);
	frs_buf_dispose(&d);
	return rc ? FRS_ENOMEM : FRS_OK;
}

static int64_t now_ms(const struct frs_kube_source *s)
{
	struct timespec ts;

	if (s->wo.clock && s->wo.clock->now_ms)
		return s->wo.clock->now_ms(s->wo.clock->arg);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *watcher(void *arg)
{
	struct kind *k = arg;
	struct frs_kube_source *s = k->s;
	struct frs_kube_backoff bo = { s->wo.backoff_min_ms, s->wo.backoff_max_ms, 0, s->wo.clock };
	struct frs_buf why = FRS_BUF_INIT;
	struct frs_kube_http *h = NULL;
	char *rv = NULL, num[32];

	if (frs_kube__http_new(&h, s->creds, &s->stop)) {
		klog(k, "error", "cannot start watching", "out of memory", NULL, NULL);
		/* the kind is never listed: its owner, waiting for the first list, is told now */
		set_error(k, "cannot start watching: out of memory");
		if (s->wo.on_change)
			s->wo.on_change(s->wo.change_arg);
		return NULL;
	}
	pthread_mutex_lock(&s->mu);
	k->http = h;
	if (s->stop)
		frs_kube__http_interrupt(h);
	pthread_mutex_unlock(&s->mu);
	while (!__atomic_load_n(&s->stop, __ATOMIC_RELAXED)) {
		enum frs_kube_status st;
		bool changed = false, quick, ready, fire;
		unsigned long events;
		int64_t start;
		int delay;

		if (!rv) {
			st = list_kind(k, h, &rv, &changed, &why);
			if (st == FRS_KST_STOPPED)
				break;
			if (st != FRS_KST_OK) {
				set_error(k, frs_buf_cstr(&why));
				delay = frs_kube_backoff_next(&bo);
				snprintf(num, sizeof(num), "%d", delay);
				klog(k, "warn", "list failed; retrying", why.ptr, "backoff_ms", num);
				/* never listed: let the owner try and fail with this error, so that its
				 * status (the stale flag, last-error) says why nothing is rendered */
				pthread_mutex_lock(&s->mu);
				ready = s->ready;
				pthread_mutex_unlock(&s->mu);
				if (!ready && !k->synced && s->wo.on_change)
					s->wo.on_change(s->wo.change_arg);
				sleep_ms(s, delay);
				continue;
			}
			/* counted with the list, so that who sees the list counted sees whether it
			 * announced a change */
			pthread_mutex_lock(&s->mu);
			snprintf(num, sizeof(num), "%zu", k->n);
			k->lists++;
			fire = (changed || !s->ready) && announce_locked(s);
			pthread_mutex_unlock(&s->mu);
			klog(k, "info", "listed", NULL, "objects", num);
			if (fire && s->wo.on_change)
				s->wo.on_change(s->wo.change_arg);
		}
		start = now_ms(s);
		events = k->events;
		st = frs_kube__http_watch(h, k->r, s->ns, &rv, on_event, k, &why);
		/* a watch that ends at once with nothing in it, again and again, must not become
		 * a busy loop of requests (or of relists after 410s): it waits like a failure */
		quick = k->events == events && now_ms(s) - start < 1000;
		switch (st) {
		case FRS_KST_STOPPED:
			break;
		case FRS_KST_OK:
			/* the server's timeoutSeconds: go on from where the stream was */
			if (!quick) {
				frs_kube_backoff_reset(&bo);
				break;
			}
			delay = frs_kube_backoff_next(&bo);
			snprintf(num, sizeof(num), "%d", delay);
			count_reconnect(k);
			klog(k, "warn", "watch ended at once; reconnecting", NULL, "backoff_ms", num);
			sleep_ms(s, delay);
			break;
		case FRS_KST_GONE:
			klog(k, "info", "watch expired (410 Gone); relisting", NULL, NULL, NULL);
			free(rv);
			rv = NULL;
			if (quick) {
				delay = frs_kube_backoff_next(&bo);
				snprintf(num, sizeof(num), "%d", delay);
				klog(k, "warn", "watch expired at once; waiting before the relist", NULL,
				     "backoff_ms", num);
				sleep_ms(s, delay);
			}
			break;
		case FRS_KST_RETRY:
			count_reconnect(k);
			delay = frs_kube_backoff_next(&bo);
			snprintf(num, sizeof(num), "%d", delay);
			klog(k, "warn", "watch interrupted; reconnecting", why.ptr, "backoff_ms", num);
			sleep_ms(s, delay);
			break;
		case FRS_KST_UNAUTHORIZED:
		case FRS_KST_DENIED:
		case FRS_KST_FATAL:
		case FRS_KST_TLS:
			set_error(k, frs_buf_cstr(&why));
			delay = frs_kube_backoff_next(&bo);
			snprintf(num, sizeof(num), "%d", delay);
			klog(k, "error", "watch failed; relisting", why.ptr, "backoff_ms", num);
			free(rv);
			rv = NULL;
			sleep_ms(s, delay);
			break;
		}
	}
	free(rv);
	frs_buf_dispose(&why);
	pthread_mutex_lock(&s->mu);
	k->http = NULL;
	pthread_mutex_unlock(&s->mu);
	frs_kube__http_free(h);
	return NULL;
}

enum frs_err frs_kube_source_start(struct frs_kube_source *s, const struct frs_kube_watch_opts *wo,
				   struct frs_errlist *errs)
{
	s->wo = *wo;
	for (size_t i = 0; i < NRES; i++) {
		struct kind *k = &s->kinds[i];
		int e = pthread_create(&k->thread, NULL, watcher, k);

		if (e) {
			frs_kube_source_stop(s);
			return frs_errlist_report(errs, FRS_DIAG(.code = FRS_ESYS),
						  "cannot start a watcher thread: %s", strerror(e));
		}
		k->started = true;
	}
	return FRS_OK;
}

void frs_kube_source_stop(struct frs_kube_source *s)
{
	pthread_mutex_lock(&s->mu);
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELAXED);
	pthread_cond_broadcast(&s->cv);
	/* a watch waits on its socket: shut it rather than wait for curl's next progress call */
	for (size_t i = 0; i < NRES; i++)
		if (s->kinds[i].http)
			frs_kube__http_interrupt(s->kinds[i].http);
	pthread_mutex_unlock(&s->mu);
	for (size_t i = 0; i < NRES; i++)
		if (s->kinds[i].started) {
			pthread_join(s->kinds[i].thread, NULL);
			s->kinds[i].started = false;
		}
}

/* ---- into documents --------------------------------------------------------------------- */

enum frs_err frs_kube_source_dump(struct frs_buf *out, struct frs_kube_source *s)
{
	enum frs_err rc = frs_buf_puts(out, "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[");
	bool first = true;

	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < NRES && !rc; i++)
		for (size_t j = 0; j < s->kinds[i].n && !rc; j++) {
			if (!first)
				rc = frs_buf_puts(out, ",\n");
			first = false;
			if (!rc)
				rc = frs_buf_add(out, s->kinds[i].v[j].json, s->kinds[i].v[j].len);
		}
	pthread_mutex_unlock(&s->mu);
	return rc ? rc : frs_buf_puts(out, "]}\n");
}

/*
 * A document that was an API object has no file positions: only its name locates it. (A loader
 * that records none was measured against this walk: lint --kube of 20,000 objects, callgrind,
 * 9,591.6 M instructions now, 9,571.7 M without the walk, 9,548.2 M with neither positions nor
 * walk: 0.45%, below what a wall clock shows, and the same peak memory.)
 */
static void unlocate(struct frs_node *n)
{
	if (!n)
		return;
	n->loc.line = n->loc.column = 0;
	for (size_t i = 0; i < n->n; i++) {
		if (n->key_locs)
			n->key_locs[i].line = n->key_locs[i].column = 0;
		if (n->type == FRS_NODE_MAP || n->type == FRS_NODE_SEQ)
			unlocate(n->items[i]);
	}
}

/*
 * Whether the node's scope keeps object @p j of kind @p i: only the node itself, Services of
 * type LoadBalancer and the EndpointSlices of such a Service (what MetalLB's speaker looks at
 * for the node). Lock held.
 */
static bool in_scope(const struct frs_kube_source *s, size_t i, size_t j)
{
	const struct entry *e = &s->kinds[i].v[j];
	const struct kind *svcs = &s->kinds[RES_SERVICE];
	bool found;
	size_t at;

	if (!s->node)
		return true;
	switch (i) {
	case RES_NODE:
		return strcmp(e->name, s->node) == 0;
	case RES_SERVICE:
		return e->lb;
	case RES_ENDPOINTSLICE:
		if (!e->service)
			return false;
		at = find(svcs, &(struct entry){ .ns = e->ns, .name = e->service }, &found);
		return found && svcs->v[at].lb;
	default:
		return true;
	}
}

/* The document name of object @p e of kind @p k: api:KIND/NAMESPACE/NAME or api:KIND/NAME. */
static enum frs_err doc_name(struct frs_buf *name, const struct kind *k, const struct entry *e)
{
	frs_buf_clear(name);
	if ((*e->ns ? frs_buf_addf(name, "api:%s/%s/%s", k->r->kind, e->ns, e->name)
		    : frs_buf_addf(name, "api:%s/%s", k->r->kind, e->name)))
		return FRS_ENOMEM;
	/* the API server never lets a name hold a control character, but a diagnostic's
	 * location must stay one line whatever the server sends */
	for (size_t c = 0; c < name->len; c++)
		if ((unsigned char)name->ptr[c] < 0x20 || name->ptr[c] == 0x7f)
			name->ptr[c] = '?';
	return FRS_OK;
}

/* Object @p j of kind @p i as a document of @p set. Lock held. */
static enum frs_err add_doc(struct frs_docset *set, const struct frs_kube_source *s, size_t i,
			    size_t j, struct frs_buf *name, struct frs_errlist *errs)
{
	const struct kind *k = &s->kinds[i];
	size_t before = set->ndocs;
	enum frs_err rc;

	if (doc_name(name, k, &k->v[j]))
		return FRS_ENOMEM;
	rc = frs_docset_load_mem(set, name->ptr, k->v[j].json, k->v[j].len, errs);
	for (size_t d = before; d < set->ndocs; d++) {
		unlocate(set->docs[d].root);
		set->docs[d].checked = k->v[j].clean;
	}
	return rc;
}

/* Whether kind @p i goes into documents at all (the model reads it). */
static bool read_kind(const struct kind *k)
{
	char av[96];

	snprintf(av, sizeof(av), "%s%s%s", k->r->group, *k->r->group ? "/" : "", k->r->version);
	return frs_model_reads_kind(av, k->r->kind);
}

/* FRS_EINPUT, with the reason in @p errs, for each kind not listed yet. Lock held. */
static enum frs_err check_listed(const struct frs_kube_source *s, struct frs_errlist *errs)
{
	enum frs_err rc = FRS_OK;

	for (size_t i = 0; i < NRES && rc != FRS_ENOMEM; i++) {
		const struct kind *k = &s->kinds[i];

		/* a set without one of its kinds would render a config without it */
		if (!k->synced) {
			enum frs_err e = report(errs, k, k->error ? k->error : "not listed yet");
			rc = e == FRS_ENOMEM ? e : FRS_EINPUT;
		}
	}
	return rc;
}

/* Where a walk over the stored objects is: a kind, and the object of it last passed. */
struct cursor {
	size_t kind;
	char *ns, *name;        /* resume after this object; NULL: at the kind's first */
};

/* Resume @p at at object @p j of kind @p k (after object j - 1). */
static enum frs_err resume_at(struct cursor *at, const struct kind *k, size_t j)
{
	free(at->ns);
	free(at->name);
	at->ns = at->name = NULL;
	if (!j)
		return FRS_OK;
	at->ns = strdup(k->v[j - 1].ns);
	at->name = strdup(k->v[j - 1].name);
	return at->ns && at->name ? FRS_OK : FRS_ENOMEM;
}

/*
 * The objects in scope from @p at up to kind @p to (excluded) into @p set, at most @p max of them
 * (0: all); @p at is left where the next set starts. Lock held.
 */
/* An object handed to the model, to be marked clean once its set's diagnostics are in. */
struct handed {
	size_t kind;
	char *ns, *name;
	unsigned long gen;
};

struct handed_list {
	struct handed *v;
	size_t n, cap;
};

static void handed_clear(struct handed_list *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].ns);
		free(h->v[i].name);
	}
	h->n = 0;
}

static enum frs_err hand(struct handed_list *h, size_t kind, const struct entry *e)
{
	struct handed x = { kind, strdup(e->ns), strdup(e->name), e->gen };

	if (!x.ns || !x.name || FRS_VEC_PUSH(h->v, h->n, h->cap, x)) {
		free(x.ns);
		free(x.name);
		return FRS_ENOMEM;
	}
	return FRS_OK;
}

/*
 * Mark clean the objects of @p h that are still the version handed over and that no diagnostic
 * from errs->v[@p mark] on names: validation skips them from then on. Lock held.
 */
static enum frs_err settle(struct frs_kube_source *s, struct handed_list *h,
			   const struct frs_errlist *errs, size_t mark)
{
	struct frs_buf name = FRS_BUF_INIT;
	enum frs_err rc = FRS_OK;

	for (size_t i = 0; i < h->n && !rc; i++) {
		struct kind *k = &s->kinds[h->v[i].kind];
		bool found, dirty = false;
		size_t j = find(k, &(struct entry){ .ns = h->v[i].ns, .name = h->v[i].name },
				&found);

		if (!found || k->v[j].gen != h->v[i].gen)
			continue;
		if ((rc = doc_name(&name, k, &k->v[j])))
			break;
		for (size_t d = mark; d < errs->n && !dirty; d++)
			dirty = errs->v[d].file && strcmp(errs->v[d].file, name.ptr) == 0;
		k->v[j].clean = !dirty;
	}
	handed_clear(h);
	frs_buf_dispose(&name);
	return rc;
}

static enum frs_err add_docs(struct frs_docset *set, const struct frs_kube_source *s,
			     struct cursor *at, size_t to, size_t max, struct handed_list *h,
			     struct frs_errlist *errs)
{
	struct frs_buf name = FRS_BUF_INIT;
	enum frs_err rc = FRS_OK, e;
	size_t added = 0;

	for (; at->kind < to && rc != FRS_ENOMEM; at->kind++) {
		const struct kind *k = &s->kinds[at->kind];
		size_t j = 0, next;
		bool found;

		if (!read_kind(k))
			continue;
		if (at->name) {
			j = find(k, &(struct entry){ .ns = at->ns, .name = at->name }, &found);
			j += found;
		}
		/* the next set resumes after the last object handed over, not before this one:
		 * an object stored in between must not be skipped */
		for (next = j; j < k->n; j++) {
			if (!in_scope(s, at->kind, j))
				continue;
			if (max && added == max) {
				e = resume_at(at, k, next);
				rc = e ? e : rc;
				goto done;
			}
			if ((e = add_doc(set, s, at->kind, j, &name, errs)) == FRS_ENOMEM) {
				rc = e;
				break;
			}
			if (e && !rc)
				rc = e;
			if (h && hand(h, at->kind, &k->v[j])) {
				rc = FRS_ENOMEM;
				break;
			}
			added++;
			next = j + 1;
		}
		resume_at(at, k, 0);
	}
done:
	frs_buf_dispose(&name);
	return rc;
}

enum frs_err frs_kube_source_docset(struct frs_docset *set, struct frs_kube_source *s,
				    struct frs_errlist *errs)
{
	struct cursor at = { 0 };
	enum frs_err rc, listed;

	pthread_mutex_lock(&s->mu);
	listed = check_listed(s, errs);
	rc = listed ? listed : add_docs(set, s, &at, NRES, 0, NULL, errs);
	pthread_mutex_unlock(&s->mu);
	return rc;
}

struct frs_kube_stream {
	struct frs_kube_source *s;
	size_t batch;
	struct cursor at;
	struct handed_list handed; /* the last set's objects */
	size_t mark;               /* where the last set's diagnostics start */
};

struct frs_kube_stream *frs_kube__stream_new(struct frs_kube_source *s, size_t batch)
{
	struct frs_kube_stream *st = calloc(1, sizeof(*st));

	if (st) {
		st->s = s;
		st->batch = batch;
		st->at.kind = RES_SERVICE;
	}
	return st;
}

void frs_kube__stream_free(struct frs_kube_stream *st)
{
	if (!st)
		return;
	free(st->at.ns);
	free(st->at.name);
	handed_clear(&st->handed);
	free(st->handed.v);
	free(st);
}

enum frs_err frs_kube__stream_next(void *arg, struct frs_docset *set, struct frs_errlist *errs)
{
	struct frs_kube_stream *st = arg;
	enum frs_err rc;

	/* the lock is taken per set, not for the whole load: the watchers go on meanwhile, and
	 * resuming after the last object by name neither repeats nor skips one that stays */
	pthread_mutex_lock(&st->s->mu);
	/* the last set has been validated and converted: what said nothing is clean */
	rc = settle(st->s, &st->handed, errs, st->mark);
	st->mark = errs->n;
	if (!rc && st->at.kind < NRES)
		rc = add_docs(set, st->s, &st->at, NRES, st->batch, &st->handed, errs);
	pthread_mutex_unlock(&st->s->mu);
	if (!rc && !set->ndocs)
		return FRS_ENOTFOUND;
	return rc;
}

enum frs_err frs_kube_source_load(struct frs_model **out, struct frs_kube_source *s,
				  struct frs_errlist *errs)
{
	/* Services, EndpointSlices, Nodes and Namespaces come by the thousand: handed to the
	 * model 500 at a time, so that their documents are never all held at once */
	struct frs_kube_stream *st = frs_kube__stream_new(s, 500);
	struct frs_docstream more = { frs_kube__stream_next, st };
	struct cursor at = { 0 };
	struct frs_docset set;
	enum frs_err rc;

	*out = NULL;
	if (!st)
		return FRS_ENOMEM;
	frs_docset_init(&set);
	pthread_mutex_lock(&s->mu);
	rc = check_listed(s, errs);
	if (!rc)
		rc = add_docs(&set, s, &at, RES_SERVICE, 0, NULL, errs);
	pthread_mutex_unlock(&s->mu);
	if (rc)
		frs_docset_dispose(&set);
	else
		rc = frs_model_load_stream(out, &set, &more, errs);
	frs_kube__stream_free(st);
	return rc;
}

enum frs_err frs_kube__source_apply(struct frs_kube_source *s, const char *kind,
				    bool deleted, cJSON *obj)
{
	struct frs_kube_event ev = { deleted ? FRS_KEV_DELETED : FRS_KEV_MODIFIED, obj, NULL, 0,
				     NULL };

	for (size_t i = 0; i < NRES; i++)
		if (strcmp(resources[i].kind, kind) == 0) {
			s->kinds[i].synced = true;
			return on_event(&s->kinds[i], &ev);
		}
	return FRS_ENOTFOUND;
}
