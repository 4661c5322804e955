/* SPDX-License-Identifier: MIT */
/* kube-fixture: a Kubernetes API server for tests, serving list and watch from fixture files. */

/*
 * No API server runs on the test machines, so the tests of `--kube` talk to this one: real HTTPS
 * (libmicrohttpd over GnuTLS), the real REST paths, the real list and watch protocol, state kept
 * consistent as an API server over etcd keeps it. kubectl runs against it in
 * tests/kube/kubectl.sh, which is what shows the protocol is the real one.
 *
 * usage: kube-fixture --cert FILE --key FILE [--client-ca FILE] [--token TOKEN]
 *                     [--fixtures DIR] [--port N] [--port-file FILE]
 *                     [--control-port-file FILE] [--log FILE] [--bookmark-ms N]
 *
 * API (HTTPS on 127.0.0.1, port --port, 0 = any free port, written to --port-file):
 *   auth: "Authorization: Bearer TOKEN" (--token), or a client certificate that verifies against
 *   --client-ca (its CN is the user); anything else: 401 with a Status (reason Unauthorized).
 *   /version /healthz /livez /readyz, discovery: /api /apis /apis/GROUP /api/v1 /apis/GROUP/VERSION
 *   (/openapi/v2 and /openapi/v3 are 404: kubectl get does not need them).
 *   Kinds: namespaces nodes secrets services (v1), endpointslices (discovery.k8s.io/v1),
 *   bgppeers (metallb.io/v1beta2), bfdprofiles bgpadvertisements communities ipaddresspools
 *   l2advertisements (metallb.io/v1beta1). Paths: /api/v1/RES, /api/v1/namespaces/NS/RES,
 *   /apis/G/V/RES, /apis/G/V/namespaces/NS/RES, and .../RES/NAME for one object.
 *   list: "kind": "XList", metadata.resourceVersion, items sorted by namespace/name (as etcd keys
 *   are), the items of built-in kinds without kind/apiVersion (as the API server sends them);
 *   ?limit=N&continue=TOKEN pages through the snapshot at the first page's resourceVersion; a
 *   token older than the last compaction answers HTTP 410 reason Expired. ?labelSelector=
 *   (k=v, k!=v, k, !k, comma = and) and ?fieldSelector= (metadata.name=, metadata.namespace=).
 *   watch: ?watch=1|true [&resourceVersion=RV] [&allowWatchBookmarks=true] [&timeoutSeconds=N]:
 *   chunked, one JSON event a line, {"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":..};
 *   without RV (or RV 0) every current object first as ADDED; an RV older than the last
 *   compaction gets HTTP 200 and an ERROR event with a Status code 410 reason Expired (or HTTP 410
 *   with /watch410?mode=http), as the real server does. BOOKMARKs every --bookmark-ms (0: only
 *   on /bookmark) to watches that allow them.
 *
 * Fixtures: the DIR/NAME.json files in name order, each one object or a list ({"items": [...]}); every object
 * becomes an ADDED event at resourceVersions 1, 2, ... Objects without a namespace of a
 * namespaced kind go to "default". uid and creationTimestamp are filled in when missing.
 *
 * Control (plain HTTP on 127.0.0.1, any free port, written to --control-port-file; the tests use
 * curl, see tests/kube/lib.sh):
 *   POST /apply[?type=ADDED|MODIFIED|DELETED]  body: an object or a list. Each object becomes an
 *        event at the next resourceVersion (type by default ADDED if new, MODIFIED if not); the
 *        next list shows it. Answers {"resourceVersion":"N"}.
 *   POST /reset             body: an object or a list: every object there is deleted (DELETED
 *        events), then the body's are added: a new fixture without a restart
 *   POST /bump[?n=N]        advance the resourceVersion with no object change (another kind's
 *        writes, as far as these watches can tell)
 *   POST /expire            compact: bump, then every RV before now is too old; open watches get
 *        an ERROR 410 event and end; continue tokens from before expire
 *   POST /drop              every open watch connection is cut (no terminating chunk)
 *   POST /restart[?down_ms=N]  stop listening and cut every connection, wait, listen again on the
 *        same port; objects and resourceVersions are kept (they live in etcd)
 *   POST /bookmark          a BOOKMARK event now to every watch that allows them
 *   POST /split?bytes=N[&delay_ms=M]  from now on watch events go out in chunks of at most N
 *        bytes, M ms apart (one event split over several chunks); bytes=0 turns it off
 *   POST /forbid?resource=RES[&verbs=list,watch,get]  403 (a Status naming the verb) for RES;
 *        no verbs: allowed again
 *   POST /stall?resource=RES[&trickle=1]  lists of RES get no answer at all (not even headers)
 *        until /stall without a resource ends every stall (or a drop or restart cuts them);
 *        with trickle=1 they get the headers and then a space (JSON whitespace) every 100 ms,
 *        which keeps any bytes-per-second bound of the client's satisfied, and are cut when the
 *        stall ends
 *   POST /fail?code=C[&count=N]  the next N API requests (default 1) answer HTTP C (a Status)
 *   POST /token?value=T     the bearer token accepted from now on
 *   POST /watch410?mode=event|http  how a too-old watch resourceVersion is answered
 *   GET  /stats             {"resourceVersion","compacted","requests","resources":{RES:{"list",
 *        "watch","get","active"}}}: what the clients asked, for assertions (e.g. a relist)
 *   GET  /objects?resource=RES  the current list of RES (what a list would answer now)
 * The control server answers 200 with JSON, or 400 with {"error": "..."}.
 * SIGTERM or SIGINT: stop, exit 0.
 */

#include "config.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <frrshim/buf.h>

#include "lib/hmap.h"
#include "lib/vec.h"

struct kind {
	const char *group; /* "" for the core group */
	const char *version;
	const char *resource;
	const char *singular;
	const char *kind;
	const char *shortname; /* or NULL */
	bool namespaced;
};

static const struct kind kinds[] = {
	{ "", "v1", "namespaces", "namespace", "Namespace", "ns", false },
	{ "", "v1", "nodes", "node", "Node", "no", false },
	{ "", "v1", "secrets", "secret", "Secret", NULL, true },
	{ "", "v1", "services", "service", "Service", "svc", true },
	{ "discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", NULL, true },
	{ "metallb.io", "v1beta2", "bgppeers", "bgppeer", "BGPPeer", NULL, true },
	{ "metallb.io", "v1beta1", "bfdprofiles", "bfdprofile", "BFDProfile", NULL, true },
	{ "metallb.io", "v1beta1", "bgpadvertisements", "bgpadvertisement", "BGPAdvertisement",
	  NULL, true },
	{ "metallb.io", "v1beta1", "communities", "community", "Community", NULL, true },
	{ "metallb.io", "v1beta1", "ipaddresspools", "ipaddresspool", "IPAddressPool", NULL, true },
	{ "metallb.io", "v1beta1", "l2advertisements", "l2advertisement", "L2Advertisement", NULL,
	  true },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* The groups /apis lists, the preferred version first. */
static const struct {
	const char *name;
	const char *versions[2];
} groups[] = {
	{ "discovery.k8s.io", { "v1", NULL } },
	{ "metallb.io", { "v1beta2", "v1beta1" } },
};

enum ev_type { EV_ADDED, EV_MODIFIED, EV_DELETED };
static const char *const ev_names[] = { "ADDED", "MODIFIED", "DELETED" };

/* The history, append-only: an object's state at any resourceVersion is its last event up to it. */
struct event {
	unsigned long rv;
	enum ev_type type;
	size_t kind;
	char *ns; /* "" for cluster-scoped kinds */
	char *name;
	char *key; /* kind, namespace and name: the index's key */
	cJSON *obj; /* with metadata.resourceVersion = rv */
};

enum { VERB_GET = 1, VERB_LIST = 2, VERB_WATCH = 4 };

struct counters {
	unsigned long list, watch, get, active;
};

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct event *log;
	size_t nlog, caplog;
	struct frs_hmap last; /* key → index in log of the object's last event */
	unsigned long rv, compacted;
	unsigned drop_epoch, expire_epoch, bookmark_epoch;
	size_t split_bytes;
	unsigned split_delay_ms;
	unsigned forbid[NKINDS];
	unsigned char stall[NKINDS]; /* 0, STALL_SILENT or STALL_TRICKLE */
	unsigned fail_count;
	unsigned fail_code;
	char *token;
	bool watch410_http;
	unsigned bookmark_ms;
	unsigned long requests;
	struct counters count[NKINDS];
	/* the API daemon and what it needs to start again (/restart) */
	struct MHD_Daemon *api;
	uint16_t port;
	char *cert, *key, *ca;
	FILE *logf;
} S = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

/* Exit 2 with "kube-fixture: " and the message. */
__attribute__((format(printf, 1, 2), noreturn)) static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kube-fixture: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *xalloc(void *p)
{
	if (!p)
		die("%s", "out of memory");
	return p;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct frs_buf b = FRS_BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f)
		die("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (frs_buf_add(&b, chunk, n))
			die("%s", "out of memory");
	fclose(f);
	return frs_buf_detach(&b);
}

static unsigned long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000UL + (unsigned long)ts.tv_nsec / 1000000UL;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static const char *api_version(const struct kind *k, char *buf, size_t len)
{
	if (!k->group[0])
		return k->version;
	snprintf(buf, len, "%s/%s", k->group, k->version);
	return buf;
}

static const char *meta_str(const cJSON *obj, const char *field)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, field);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static cJSON *meta(cJSON *obj)
{
	cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "metadata");

	if (!cJSON_IsObject(m)) {
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "metadata");
		m = xalloc(cJSON_AddObjectToObject(obj, "metadata"));
	}
	return m;
}

static void set_str(cJSON *o, const char *field, const char *value)
{
	cJSON *v = xalloc(cJSON_CreateString(value));

	if (cJSON_GetObjectItemCaseSensitive(o, field))
		cJSON_ReplaceItemInObjectCaseSensitive(o, field, v);
	else
		cJSON_AddItemToObject(o, field, v);
}

/* The kind an object's apiVersion and kind name, or -1 with *why set. */
static int kind_of(const cJSON *obj, const char **why)
{
	const cJSON *av = cJSON_GetObjectItemCaseSensitive(obj, "apiVersion");
	const cJSON *kd = cJSON_GetObjectItemCaseSensitive(obj, "kind");
	char buf[128];

	if (!cJSON_IsString(av) || !cJSON_IsString(kd)) {
		*why = "an object needs apiVersion and kind (strings)";
		return -1;
	}
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].kind, kd->valuestring) == 0 &&
		    strcmp(api_version(&kinds[i], buf, sizeof(buf)), av->valuestring) == 0)
			return (int)i;
	*why = "a kind this server does not serve (apiVersion and kind as in /apis)";
	return -1;
}

static int kind_by_resource(const char *group, const char *version, const char *res)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].group, group) == 0 && strcmp(kinds[i].version, version) == 0 &&
		    strcmp(kinds[i].resource, res) == 0)
			return (int)i;
	return -1;
}

static char *event_key(size_t kind, const char *ns, const char *name)
{
	struct frs_buf b = FRS_BUF_INIT;

	if (frs_buf_addf(&b, "%zu/%s/%s", kind, ns, name))
		die("%s", "out of memory");
	return frs_buf_detach(&b);
}

/* The last event of an object (S.mu held), or NULL; an index, as fixtures hold 20,000 objects. */
static const struct event *last_event(const char *key)
{
	size_t i;

	return frs_hmap_get(&S.last, key, &i) ? &S.log[i] : NULL;
}

/*
 * Record an event for obj (taken over) at the next resourceVersion (S.mu held); type -1 means
 * ADDED if the object is new, MODIFIED if not. Returns the new rv, or 0 with *why set.
 */
static unsigned long record(cJSON *obj, int type, const char **why)
{
	int k = kind_of(obj, why);
	const char *name, *ns;
	const struct event *prev;
	struct event e;
	char rvs[32], *key = NULL;

	if (k < 0)
		goto fail;
	name = meta_str(obj, "name");
	if (!name || !name[0]) {
		*why = "an object needs metadata.name";
		goto fail;
	}
	ns = meta_str(obj, "namespace");
	if (!kinds[k].namespaced) {
		cJSON_DeleteItemFromObjectCaseSensitive(meta(obj), "namespace");
		ns = "";
	} else if (!ns || !ns[0]) {
		set_str(meta(obj), "namespace", "default");
		ns = "default";
	}
	key = event_key((size_t)k, ns, name);
	prev = last_event(key);
	if (prev && prev->type == EV_DELETED)
		prev = NULL;
	if (type < 0)
		type = prev ? EV_MODIFIED : EV_ADDED;
	if (type == EV_DELETED && !prev) {
		*why = "DELETED of an object that does not exist";
		goto fail;
	}
	if (type == EV_MODIFIED && !prev) {
		*why = "MODIFIED of an object that does not exist";
		goto fail;
	}
	if (type == EV_ADDED && prev) {
		*why = "ADDED of an object that exists";
		goto fail;
	}
	S.rv++;
	snprintf(rvs, sizeof(rvs), "%lu", S.rv);
	set_str(meta(obj), "resourceVersion", rvs);
	/* the identity an object keeps over its life: uid and creation time */
	if (prev) {
		const char *uid = meta_str(prev->obj, "uid");
		const char *ct = meta_str(prev->obj, "creationTimestamp");

		if (uid)
			set_str(meta(obj), "uid", uid);
		if (ct)
			set_str(meta(obj), "creationTimestamp", ct);
	} else {
		if (!meta_str(obj, "uid")) {
			char uid[64];

			snprintf(uid, sizeof(uid), "00000000-0000-4000-8000-%012lu", S.rv);
			set_str(meta(obj), "uid", uid);
		}
		if (!meta_str(obj, "creationTimestamp"))
			set_str(meta(obj), "creationTimestamp", "2026-01-01T00:00:00Z");
	}
	e.rv = S.rv;
	e.type = (enum ev_type)type;
	e.kind = (size_t)k;
	e.ns = xalloc(strdup(ns));
	e.name = xalloc(strdup(name));
	e.obj = obj;
	e.key = key;
	if (FRS_VEC_PUSH(S.log, S.nlog, S.caplog, e) || frs_hmap_put(&S.last, e.key, S.nlog - 1))
		die("%s", "out of memory");
	pthread_cond_broadcast(&S.cv);
	return S.rv;
fail:
	free(key);
	cJSON_Delete(obj);
	return 0;
}

/* Record an object or every item of a list (taken over): the last rv; 0 with *why set on the
 * first bad one (an empty list is no error: *why stays NULL). */
static unsigned long record_all(cJSON *doc, int type, const char **why)
{
	cJSON *items = cJSON_GetObjectItemCaseSensitive(doc, "items");
	unsigned long rv = S.rv;

	if (!cJSON_IsObject(doc)) {
		cJSON_Delete(doc);
		*why = "expected a JSON object or list";
		return 0;
	}
	if (!items)
		return record(doc, type, why);
	if (!cJSON_IsArray(items)) {
		cJSON_Delete(doc);
		*why = "items: expected an array";
		return 0;
	}
	/* the first item each time: cJSON_GetArraySize() walks the list, O(n²) over 20,000 */
	while (items->child) {
		cJSON *it = cJSON_DetachItemViaPointer(items, items->child);

		rv = record(it, type, why);
		if (!rv)
			break;
	}
	cJSON_Delete(doc);
	return rv;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void load_fixtures(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (!d)
		die("cannot open the fixture directory %s", dir);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len > 5 && strcmp(de->d_name + len - 5, ".json") == 0) {
			char *s = xalloc(strdup(de->d_name));

			if (FRS_VEC_PUSH(names, n, cap, s))
				die("%s", "out of memory");
		}
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct frs_buf path = FRS_BUF_INIT;
		const char *why = NULL;
		char *text;
		cJSON *doc;

		if (frs_buf_addf(&path, "%s/%s", dir, names[i]))
			die("%s", "out of memory");
		text = read_file(path.ptr);
		doc = cJSON_Parse(text);
		if (!doc)
			die("%s: not JSON", path.ptr);
		pthread_mutex_lock(&S.mu);
		if (!record_all(doc, -1, &why) && why) {
			fprintf(stderr, "kube-fixture: %s: %s\n", path.ptr, why);
			exit(2);
		}
		pthread_mutex_unlock(&S.mu);
		free(text);
		frs_buf_dispose(&path);
		free(names[i]);
	}
	free(names);
}

/* --- selectors ---------------------------------------------------------------------------- */

/* One requirement of a label or field selector: KEY, !KEY, KEY=V, KEY==V or KEY!=V. */
struct sel_req {
	const char *key;
	const char *value; /* NULL: KEY or !KEY, an existence requirement */
	bool neg;          /* != or !KEY */
};

/* Whether obj meets every comma-separated requirement of sel (none: every object), each judged
 * by req_match: the one tokenizer of label and field selectors. */
static bool sel_match(const cJSON *obj, const char *sel,
		      bool (*req_match)(const cJSON *obj, const struct sel_req *req))
{
	char *copy, *save = NULL;
	bool ok = true;

	if (!sel || !sel[0])
		return true;
	copy = xalloc(strdup(sel));
	for (char *t = strtok_r(copy, ",", &save); t && ok; t = strtok_r(NULL, ",", &save)) {
		struct sel_req req = {.key = t};
		char *eq = strchr(t, '=');

		if (!eq) {
			req.neg = t[0] == '!';
			req.key = req.neg ? t + 1 : t;
		} else {
			if (eq > t && eq[-1] == '!') {
				req.neg = true;
				eq[-1] = '\0';
			}
			*eq = '\0';
			req.value = eq[1] == '=' ? eq + 2 : eq + 1;
		}
		ok = req_match(obj, &req);
	}
	free(copy);
	return ok;
}

static bool label_req(const cJSON *obj, const struct sel_req *req)
{
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(obj, "metadata"), "labels");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(labels, req->key);

	if (!req->value)
		return (v != NULL) != req->neg;
	return (cJSON_IsString(v) && strcmp(v->valuestring, req->value) == 0) != req->neg;
}

/* Only metadata.name and metadata.namespace, the fields the client selects on; others (and
 * existence requirements, which field selectors do not have) match every object. */
static bool field_req(const cJSON *obj, const struct sel_req *req)
{
	const char *v;

	if (!req->value)
		return true;
	if (strcmp(req->key, "metadata.name") == 0)
		v = meta_str(obj, "name");
	else if (strcmp(req->key, "metadata.namespace") == 0)
		v = meta_str(obj, "namespace");
	else
		return true;
	return (v && strcmp(v, req->value) == 0) != req->neg;
}

static bool label_match(const cJSON *obj, const char *sel)
{
	return sel_match(obj, sel, label_req);
}

static bool field_match(const cJSON *obj, const char *sel)
{
	return sel_match(obj, sel, field_req);
}

struct scope {
	size_t kind;
	const char *ns;   /* NULL: every namespace */
	const char *name; /* one object (get, or watch with metadata.name) */
	const char *labels, *fields;
};

static bool in_scope(const struct scope *sc, const struct event *e)
{
	return e->kind == sc->kind && (!sc->ns || strcmp(sc->ns, e->ns) == 0) &&
	       (!sc->name || strcmp(sc->name, e->name) == 0) && label_match(e->obj, sc->labels) &&
	       field_match(e->obj, sc->fields);
}

static int cmp_ev(const void *a, const void *b)
{
	const struct event *x = *(const struct event *const *)a, *y = *(const struct event *const *)b;
	int c = strcmp(x->ns, y->ns);

	return c ? c : strcmp(x->name, y->name);
}

/*
 * The objects in scope at rv, sorted by namespace/name (S.mu held): an array of the last
 * non-deleted event of each, *n of them; the caller frees the array (not the events).
 */
static const struct event **snapshot(const struct scope *sc, unsigned long rv, size_t *n)
{
	const struct event **all = NULL;
	size_t cnt = 0, cap = 0, out = 0;

	for (size_t i = 0; i < S.nlog && S.log[i].rv <= rv; i++)
		if (S.log[i].kind == sc->kind && (!sc->ns || strcmp(sc->ns, S.log[i].ns) == 0))
			if (FRS_VEC_PUSH(all, cnt, cap, &S.log[i]))
				die("%s", "out of memory");
	/* a stable order by key, then the last event of each key wins (qsort is not stable: the
	 * log order is the rv order, so compare rv as the tie-break) */
	if (cnt)
		qsort(all, cnt, sizeof(*all), cmp_ev);
	for (size_t i = 0; i < cnt;) {
		size_t j = i;
		const struct event *last = all[i];

		while (j < cnt && cmp_ev(&all[i], &all[j]) == 0) {
			if (all[j]->rv > last->rv)
				last = all[j];
			j++;
		}
		if (last->type != EV_DELETED && (!sc->name || strcmp(sc->name, last->name) == 0) &&
		    label_match(last->obj, sc->labels) && field_match(last->obj, sc->fields))
			all[out++] = last;
		i = j;
	}
	*n = out;
	return all;
}

/* --- responses ---------------------------------------------------------------------------- */

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned code, const char *type,
				 char *body)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), body,
								 MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-cache, private");
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned code, cJSON *doc)
{
	char *s = xalloc(cJSON_PrintUnformatted(doc));

	cJSON_Delete(doc);
	return send_text(c, code, "application/json", s);
}

static cJSON *status_obj(unsigned code, const char *reason, const char *msg)
{
	cJSON *s = xalloc(cJSON_CreateObject());

	cJSON_AddStringToObject(s, "kind", "Status");
	cJSON_AddStringToObject(s, "apiVersion", "v1");
	cJSON_AddObjectToObject(s, "metadata");
	cJSON_AddStringToObject(s, "status", "Failure");
	cJSON_AddStringToObject(s, "message", msg);
	cJSON_AddStringToObject(s, "reason", reason);
	cJSON_AddNumberToObject(s, "code", code);
	return s;
}

static enum MHD_Result send_status(struct MHD_Connection *c, unsigned code, const char *reason,
				   const char *msg)
{
	return send_json(c, code, status_obj(code, reason, msg));
}

static cJSON *str_array(const char *const *v)
{
	cJSON *a = xalloc(cJSON_CreateArray());

	for (; *v; v++)
		cJSON_AddItemToArray(a, xalloc(cJSON_CreateString(*v)));
	return a;
}

static cJSON *group_obj(size_t g)
{
	cJSON *o = xalloc(cJSON_CreateObject()), *vs;
	char gv[128];

	cJSON_AddStringToObject(o, "name", groups[g].name);
	vs = cJSON_AddArrayToObject(o, "versions");
	for (size_t v = 0; v < 2 && groups[g].versions[v]; v++) {
		cJSON *x = xalloc(cJSON_CreateObject());

		snprintf(gv, sizeof(gv), "%s/%s", groups[g].name, groups[g].versions[v]);
		cJSON_AddStringToObject(x, "groupVersion", gv);
		cJSON_AddStringToObject(x, "version", groups[g].versions[v]);
		cJSON_AddItemToArray(vs, x);
		if (v == 0)
			cJSON_AddItemToObject(o, "preferredVersion", cJSON_Duplicate(x, 1));
	}
	return o;
}

static enum MHD_Result send_resources(struct MHD_Connection *c, const char *group,
				      const char *version)
{
	static const char *const verbs[] = { "get", "list", "watch", NULL };
	cJSON *o = xalloc(cJSON_CreateObject()), *res;
	char gv[128];
	bool any = false;

	cJSON_AddStringToObject(o, "kind", "APIResourceList");
	cJSON_AddStringToObject(o, "apiVersion", "v1");
	snprintf(gv, sizeof(gv), "%s%s%s", group, group[0] ? "/" : "", version);
	cJSON_AddStringToObject(o, "groupVersion", gv);
	res = cJSON_AddArrayToObject(o, "resources");
	for (size_t i = 0; i < NKINDS; i++) {
		cJSON *r;

		if (strcmp(kinds[i].group, group) != 0 || strcmp(kinds[i].version, version) != 0)
			continue;
		any = true;
		r = xalloc(cJSON_CreateObject());
		cJSON_AddStringToObject(r, "name", kinds[i].resource);
		cJSON_AddStringToObject(r, "singularName", kinds[i].singular);
		cJSON_AddBoolToObject(r, "namespaced", kinds[i].namespaced);
		cJSON_AddStringToObject(r, "kind", kinds[i].kind);
		cJSON_AddItemToObject(r, "verbs", str_array(verbs));
		if (kinds[i].shortname) {
			const char *sn[] = { kinds[i].shortname, NULL };

			cJSON_AddItemToObject(r, "shortNames", str_array(sn));
		}
		cJSON_AddItemToArray(res, r);
	}
	if (!any) {
		cJSON_Delete(o);
		return send_status(c, MHD_HTTP_NOT_FOUND, "NotFound", "the server could not find the requested resource");
	}
	return send_json(c, MHD_HTTP_OK, o);
}

static enum MHD_Result send_discovery(struct MHD_Connection *c, const char *url, bool *done)
{
	*done = true;
	if (strcmp(url, "/version") == 0) {
		cJSON *o = xalloc(cJSON_CreateObject());

		cJSON_AddStringToObject(o, "major", "1");
		cJSON_AddStringToObject(o, "minor", "28");
		cJSON_AddStringToObject(o, "gitVersion", "v1.28.0-frrshim-fixture");
		cJSON_AddStringToObject(o, "gitCommit", "0000000000000000000000000000000000000000");
		cJSON_AddStringToObject(o, "gitTreeState", "clean");
		cJSON_AddStringToObject(o, "buildDate", "2026-01-01T00:00:00Z");
		cJSON_AddStringToObject(o, "goVersion", "go1.20");
		cJSON_AddStringToObject(o, "compiler", "gc");
		cJSON_AddStringToObject(o, "platform", "linux/amd64");
		return send_json(c, MHD_HTTP_OK, o);
	}
	if (strcmp(url, "/healthz") == 0 || strcmp(url, "/livez") == 0 ||
	    strcmp(url, "/readyz") == 0)
		return send_text(c, MHD_HTTP_OK, "text/plain; charset=utf-8", xalloc(strdup("ok")));
	if (strcmp(url, "/api") == 0) {
		static const char *const v[] = { "v1", NULL };
		cJSON *o = xalloc(cJSON_CreateObject()), *a, *x;
		char addr[64];

		cJSON_AddStringToObject(o, "kind", "APIVersions");
		cJSON_AddItemToObject(o, "versions", str_array(v));
		a = cJSON_AddArrayToObject(o, "serverAddressByClientCIDRs");
		x = xalloc(cJSON_CreateObject());
		snprintf(addr, sizeof(addr), "127.0.0.1:%u", S.port);
		cJSON_AddStringToObject(x, "clientCIDR", "0.0.0.0/0");
		cJSON_AddStringToObject(x, "serverAddress", addr);
		cJSON_AddItemToArray(a, x);
		return send_json(c, MHD_HTTP_OK, o);
	}
	if (strcmp(url, "/apis") == 0) {
		cJSON *o = xalloc(cJSON_CreateObject()), *a;

		cJSON_AddStringToObject(o, "kind", "APIGroupList");
		cJSON_AddStringToObject(o, "apiVersion", "v1");
		a = cJSON_AddArrayToObject(o, "groups");
		for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
			cJSON_AddItemToArray(a, group_obj(g));
		return send_json(c, MHD_HTTP_OK, o);
	}
	if (strcmp(url, "/api/v1") == 0)
		return send_resources(c, "", "v1");
	if (strncmp(url, "/apis/", 6) == 0) {
		const char *g = url + 6, *slash = strchr(g, '/');

		if (!slash) {
			for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
				if (strcmp(groups[i].name, g) == 0) {
					cJSON *o = group_obj(i);

					cJSON_AddStringToObject(o, "kind", "APIGroup");
					cJSON_AddStringToObject(o, "apiVersion", "v1");
					return send_json(c, MHD_HTTP_OK, o);
				}
		} else if (!strchr(slash + 1, '/')) {
			char grp[128];
			size_t len = (size_t)(slash - g);

			if (len < sizeof(grp)) {
				memcpy(grp, g, len);
				grp[len] = '\0';
				return send_resources(c, grp, slash + 1);
			}
		}
	}
	*done = false;
	return MHD_NO;
}

/* --- resource requests -------------------------------------------------------------------- */

static cJSON *item_for_list(const struct event *e)
{
	cJSON *o = xalloc(cJSON_Duplicate(e->obj, 1));

	/* the API server leaves kind and apiVersion out of a built-in list's items (CRDs keep
	 * them): clients must take them from the list */
	if (strcmp(kinds[e->kind].group, "metallb.io") != 0) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, "kind");
		cJSON_DeleteItemFromObjectCaseSensitive(o, "apiVersion");
	}
	return o;
}

static void hex_encode(struct frs_buf *b, const char *s)
{
	static const char hx[] = "0123456789abcdef";

	for (; *s; s++) {
		frs_buf_putc(b, hx[(unsigned char)*s >> 4]);
		frs_buf_putc(b, hx[(unsigned char)*s & 15]);
	}
}

/* A continue token: hex of "RV/NAMESPACE/NAME" of the last item given out. */
static bool token_decode(const char *tok, unsigned long *rv, char **key)
{
	size_t len = strlen(tok);
	char *s, *end;

	if (len == 0 || len % 2)
		return false;
	s = xalloc(malloc(len / 2 + 1));
	for (size_t i = 0; i < len / 2; i++) {
		unsigned v;

		if (sscanf(tok + 2 * i, "%2x", &v) != 1) {
			free(s);
			return false;
		}
		s[i] = (char)v;
	}
	s[len / 2] = '\0';
	errno = 0;
	*rv = strtoul(s, &end, 10);
	if (errno || end == s || *end != '/') {
		free(s);
		return false;
	}
	*key = xalloc(strdup(end + 1));
	free(s);
	return true;
}

static enum MHD_Result do_list(struct MHD_Connection *c, const struct scope *sc)
{
	const char *limit_s = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit");
	const char *cont = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "continue");
	const struct kind *k = &kinds[sc->kind];
	unsigned long rv, limit = 0;
	const struct event **snap;
	size_t n, start = 0, end;
	char *key = NULL, rvs[32], av[128], kl[96];
	cJSON *o, *m, *items;

	if (limit_s && limit_s[0])
		limit = strtoul(limit_s, NULL, 10);
	pthread_mutex_lock(&S.mu);
	rv = S.rv;
	if (cont && cont[0]) {
		if (!token_decode(cont, &rv, &key)) {
			pthread_mutex_unlock(&S.mu);
			return send_status(c, MHD_HTTP_BAD_REQUEST, "BadRequest",
					   "invalid continue token");
		}
		if (rv < S.compacted) {
			pthread_mutex_unlock(&S.mu);
			free(key);
			return send_status(c, MHD_HTTP_GONE, "Expired",
				"The provided continue parameter is too old to display a consistent "
				"list result. You can start a new list without the continue "
				"parameter.");
		}
	}
	snap = snapshot(sc, rv, &n);
	if (key) {
		while (start < n) {
			struct frs_buf kb = FRS_BUF_INIT;
			int cmp;

			frs_buf_addf(&kb, "%s/%s", snap[start]->ns, snap[start]->name);
			cmp = strcmp(kb.ptr, key);
			frs_buf_dispose(&kb);
			if (cmp > 0)
				break;
			start++;
		}
	}
	end = limit && n - start > limit ? start + limit : n;
	o = xalloc(cJSON_CreateObject());
	snprintf(kl, sizeof(kl), "%sList", k->kind);
	cJSON_AddStringToObject(o, "kind", kl);
	cJSON_AddStringToObject(o, "apiVersion", api_version(k, av, sizeof(av)));
	m = cJSON_AddObjectToObject(o, "metadata");
	snprintf(rvs, sizeof(rvs), "%lu", rv);
	cJSON_AddStringToObject(m, "resourceVersion", rvs);
	if (end < n) {
		struct frs_buf tb = FRS_BUF_INIT, raw = FRS_BUF_INIT;

		frs_buf_addf(&raw, "%lu/%s/%s", rv, snap[end - 1]->ns, snap[end - 1]->name);
		hex_encode(&tb, raw.ptr);
		cJSON_AddStringToObject(m, "continue", frs_buf_cstr(&tb));
		cJSON_AddNumberToObject(m, "remainingItemCount", (double)(n - end));
		frs_buf_dispose(&tb);
		frs_buf_dispose(&raw);
	}
	items = cJSON_AddArrayToObject(o, "items");
	for (size_t i = start; i < end; i++)
		cJSON_AddItemToArray(items, item_for_list(snap[i]));
	S.count[sc->kind].list++;
	pthread_mutex_unlock(&S.mu);
	free(snap);
	free(key);
	return send_json(c, MHD_HTTP_OK, o);
}

static enum MHD_Result do_get(struct MHD_Connection *c, const struct scope *sc)
{
	const struct event **snap;
	size_t n;
	cJSON *o = NULL;
	char msg[512];

	pthread_mutex_lock(&S.mu);
	snap = snapshot(sc, S.rv, &n);
	if (n)
		o = xalloc(cJSON_Duplicate(snap[0]->obj, 1));
	S.count[sc->kind].get++;
	pthread_mutex_unlock(&S.mu);
	free(snap);
	if (o)
		return send_json(c, MHD_HTTP_OK, o);
	snprintf(msg, sizeof(msg), "%s%s%s \"%s\" not found", kinds[sc->kind].resource,
		 kinds[sc->kind].group[0] ? "." : "", kinds[sc->kind].group, sc->name);
	return send_status(c, MHD_HTTP_NOT_FOUND, "NotFound", msg);
}

/* One watch stream; MHD calls watch_read from the connection's own thread, which may block. */
struct watch {
	struct scope sc;
	char *ns, *name, *labels, *fields;
	unsigned long rv;
	size_t next; /* index in S.log of the next event to look at */
	bool bookmarks;
	unsigned drop_epoch, expire_epoch, bookmark_epoch;
	unsigned long deadline_ms, next_bookmark_ms; /* 0: none */
	struct frs_buf out; /* the bytes of the event being sent */
	size_t off;
	bool piece_sent; /* part of `out` went out already: the next piece waits split_delay_ms */
	bool end;	 /* after `out`: end of stream */
	bool dropped;
};

static void watch_add_event(struct watch *w, const char *type, cJSON *obj)
{
	cJSON *ev = xalloc(cJSON_CreateObject());
	char *s;

	cJSON_AddStringToObject(ev, "type", type);
	cJSON_AddItemToObject(ev, "object", obj);
	s = xalloc(cJSON_PrintUnformatted(ev));
	cJSON_Delete(ev);
	frs_buf_puts(&w->out, s);
	frs_buf_putc(&w->out, '\n');
	free(s);
}

static void watch_bookmark(struct watch *w)
{
	cJSON *o = xalloc(cJSON_CreateObject()), *m;
	char av[128], rvs[32];

	cJSON_AddStringToObject(o, "kind", kinds[w->sc.kind].kind);
	cJSON_AddStringToObject(o, "apiVersion", api_version(&kinds[w->sc.kind], av, sizeof(av)));
	m = cJSON_AddObjectToObject(o, "metadata");
	snprintf(rvs, sizeof(rvs), "%lu", S.rv);
	cJSON_AddStringToObject(m, "resourceVersion", rvs);
	watch_add_event(w, "BOOKMARK", o);
	w->rv = S.rv;
}

static void watch_expired(struct watch *w, unsigned long rv)
{
	char msg[128];

	snprintf(msg, sizeof(msg), "too old resource version: %lu (%lu)", rv, S.compacted);
	watch_add_event(w, "ERROR", status_obj(MHD_HTTP_GONE, "Expired", msg));
	w->end = true;
}

/* Fill w->out with the next thing to send (S.mu held); false when the stream is to be cut. */
static bool watch_fill(struct watch *w)
{
	for (;;) {
		unsigned long now;
		struct timespec ts;

		if (S.drop_epoch != w->drop_epoch)
			return false;
		if (S.expire_epoch != w->expire_epoch) {
			watch_expired(w, w->rv);
			return true;
		}
		while (w->next < S.nlog) {
			const struct event *e = &S.log[w->next++];

			if (e->rv > w->rv && in_scope(&w->sc, e)) {
				w->rv = e->rv;
				watch_add_event(w, ev_names[e->type], xalloc(cJSON_Duplicate(e->obj, 1)));
				return true;
			}
		}
		now = now_ms();
		if (w->bookmarks && S.bookmark_epoch != w->bookmark_epoch) {
			w->bookmark_epoch = S.bookmark_epoch;
			watch_bookmark(w);
			return true;
		}
		if (w->bookmarks && w->next_bookmark_ms && now >= w->next_bookmark_ms) {
			w->next_bookmark_ms = now + S.bookmark_ms;
			watch_bookmark(w);
			return true;
		}
		if (w->deadline_ms && now >= w->deadline_ms) {
			w->end = true;
			return true;
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 200 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&S.cv, &S.mu, &ts);
	}
}

static ssize_t watch_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct watch *w = cls;
	size_t n, lim;
	unsigned delay;

	if (w->off == w->out.len) {
		frs_buf_clear(&w->out);
		w->off = 0;
		w->piece_sent = false;
		if (w->end)
			return MHD_CONTENT_READER_END_OF_STREAM;
		pthread_mutex_lock(&S.mu);
		if (!watch_fill(w)) {
			pthread_mutex_unlock(&S.mu);
			w->dropped = true;
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
		pthread_mutex_unlock(&S.mu);
		if (w->out.len == 0)
			return MHD_CONTENT_READER_END_OF_STREAM;
	}
	pthread_mutex_lock(&S.mu);
	lim = S.split_bytes;
	delay = S.split_delay_ms;
	pthread_mutex_unlock(&S.mu);
	if (lim && w->piece_sent && delay)
		sleep_ms(delay);
	n = w->out.len - w->off;
	if (lim && n > lim)
		n = lim;
	if (n > max)
		n = max;
	memcpy(buf, w->out.ptr + w->off, n);
	w->off += n;
	w->piece_sent = true;
	return (ssize_t)n;
}

static void watch_free(void *cls)
{
	struct watch *w = cls;

	pthread_mutex_lock(&S.mu);
	S.count[w->sc.kind].active--;
	pthread_mutex_unlock(&S.mu);
	frs_buf_dispose(&w->out);
	free(w->ns);
	free(w->name);
	free(w->labels);
	free(w->fields);
	free(w);
}

static char *dup_or_null(const char *s)
{
	return s ? xalloc(strdup(s)) : NULL;
}

static enum MHD_Result do_watch(struct MHD_Connection *c, const struct scope *sc)
{
	const char *rv_s = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "resourceVersion");
	const char *bm = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "allowWatchBookmarks");
	const char *to = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "timeoutSeconds");
	struct watch *w = xalloc(calloc(1, sizeof(*w)));
	struct MHD_Response *r;
	enum MHD_Result ret;
	unsigned long rv = rv_s && rv_s[0] ? strtoul(rv_s, NULL, 10) : 0;

	w->sc = *sc;
	w->sc.ns = w->ns = dup_or_null(sc->ns);
	w->sc.name = w->name = dup_or_null(sc->name);
	w->sc.labels = w->labels = dup_or_null(sc->labels);
	w->sc.fields = w->fields = dup_or_null(sc->fields);
	w->bookmarks = bm && (strcmp(bm, "true") == 0 || strcmp(bm, "1") == 0);
	pthread_mutex_lock(&S.mu);
	S.count[sc->kind].watch++;
	S.count[sc->kind].active++;
	w->drop_epoch = S.drop_epoch;
	w->expire_epoch = S.expire_epoch;
	w->bookmark_epoch = S.bookmark_epoch;
	if (S.bookmark_ms)
		w->next_bookmark_ms = now_ms() + S.bookmark_ms;
	if (to && to[0])
		w->deadline_ms = now_ms() + strtoul(to, NULL, 10) * 1000UL;
	if (rv && rv < S.compacted) {
		if (S.watch410_http) {
			char msg[128];

			snprintf(msg, sizeof(msg), "too old resource version: %lu (%lu)", rv,
				 S.compacted);
			pthread_mutex_unlock(&S.mu);
			watch_free(w);
			return send_status(c, MHD_HTTP_GONE, "Expired", msg);
		}
		watch_expired(w, rv);
	} else if (rv) {
		w->rv = rv;
		w->next = 0;
		/* skip the history before rv quickly: the log is in rv order */
		{
			size_t lo = 0, hi = S.nlog;

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (S.log[mid].rv <= rv)
					lo = mid + 1;
				else
					hi = mid;
			}
			w->next = lo;
		}
	} else {
		/* no RV: the current state as ADDED events, then what happens from now */
		size_t n;
		const struct event **snap = snapshot(&w->sc, S.rv, &n);

		for (size_t i = 0; i < n; i++)
			watch_add_event(w, "ADDED", xalloc(cJSON_Duplicate(snap[i]->obj, 1)));
		free(snap);
		w->rv = S.rv;
		w->next = S.nlog;
	}
	pthread_mutex_unlock(&S.mu);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384, watch_read, w, watch_free);
	MHD_add_response_header(r, "Content-Type", "application/json");
	MHD_add_response_header(r, "Cache-Control", "no-cache, private");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

enum { STALL_SILENT = 1, STALL_TRICKLE = 2 };

/* A list under /stall?trickle=1: a space every 100 ms while the stall lasts, then cut. */
struct trickle {
	int kind;
	unsigned drop_epoch;
};

static ssize_t trickle_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct trickle *t = cls;
	struct timespec ts;
	bool on;

	(void)pos, (void)max;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 100 * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&S.mu);
	if (S.stall[t->kind] == STALL_TRICKLE && S.drop_epoch == t->drop_epoch)
		pthread_cond_timedwait(&S.cv, &S.mu, &ts);
	on = S.stall[t->kind] == STALL_TRICKLE && S.drop_epoch == t->drop_epoch;
	pthread_mutex_unlock(&S.mu);
	if (!on)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	buf[0] = ' ';
	return 1;
}

static enum MHD_Result do_trickle(struct MHD_Connection *c, int kind)
{
	struct trickle *t = xalloc(calloc(1, sizeof(*t)));
	struct MHD_Response *r;
	enum MHD_Result ret;

	t->kind = kind;
	pthread_mutex_lock(&S.mu);
	t->drop_epoch = S.drop_epoch;
	pthread_mutex_unlock(&S.mu);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64, trickle_read, t, free);
	MHD_add_response_header(r, "Content-Type", "application/json");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* Who the client is: the bearer token, or a client certificate the CA signed; NULL: nobody. */
static bool authenticated(struct MHD_Connection *c, char *user, size_t len)
{
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	const union MHD_ConnectionInfo *ci;
	bool ok = false;

	pthread_mutex_lock(&S.mu);
	if (S.token && auth && strncmp(auth, "Bearer ", 7) == 0 && strcmp(auth + 7, S.token) == 0) {
		snprintf(user, len, "system:serviceaccount:metallb-system:speaker");
		ok = true;
	}
	pthread_mutex_unlock(&S.mu);
	if (ok || !S.ca)
		return ok;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (ci && ci->tls_session) {
		gnutls_session_t ses = ci->tls_session;
		unsigned status = 0, ncert = 0;
		const gnutls_datum_t *certs;
		gnutls_x509_crt_t crt;
		size_t ulen = len;

		if (gnutls_certificate_verify_peers2(ses, &status) != 0 || status != 0)
			return false;
		certs = gnutls_certificate_get_peers(ses, &ncert);
		if (!certs || ncert == 0 || gnutls_x509_crt_init(&crt) != 0)
			return false;
		if (gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) == 0 &&
		    gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, user,
						  &ulen) == 0)
			ok = true;
		gnutls_x509_crt_deinit(crt);
	}
	return ok;
}

/* Split PATH into at most 8 segments (in place). */
static size_t split_path(char *path, char **seg)
{
	size_t n = 0;
	char *save = NULL;

	for (char *t = strtok_r(path, "/", &save); t && n < 8; t = strtok_r(NULL, "/", &save))
		seg[n++] = t;
	return n;
}

static void log_request(const char *method, const char *url, struct MHD_Connection *c,
			unsigned code)
{
	if (!S.logf)
		return;
	fprintf(S.logf, "%lu %s %s watch=%s rv=%s limit=%s continue=%s -> %u\n", now_ms(), method,
		url, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "watch") ?: "",
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "resourceVersion") ?: "",
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit") ?: "",
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "continue") ? "yes" : "",
		code);
	fflush(S.logf);
}

static enum MHD_Result api_handler(void *cls, struct MHD_Connection *c, const char *url,
				   const char *method, const char *version,
				   const char *upload_data, size_t *upload_size, void **ctx)
{
	static int marker;
	char user[256], path[1024], msg[512];
	char *seg[8];
	size_t nseg;
	struct scope sc = { 0 };
	int k = -1;
	const char *watch;
	bool done;
	unsigned verb;
	enum MHD_Result ret;

	if (!*ctx) {
		*ctx = &marker;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0; /* read-only server: bodies are ignored */
		return MHD_YES;
	}
	pthread_mutex_lock(&S.mu);
	S.requests++;
	if (S.fail_count) {
		unsigned code = S.fail_code;

		S.fail_count--;
		pthread_mutex_unlock(&S.mu);
		log_request(method, url, c, code);
		snprintf(msg, sizeof(msg), "fixture: failing this request with %u (/fail)", code);
		return send_status(c, code, code == 503 ? "ServiceUnavailable" : "InternalError",
				   msg);
	}
	pthread_mutex_unlock(&S.mu);
	if (!authenticated(c, user, sizeof(user))) {
		log_request(method, url, c, 401);
		return send_status(c, MHD_HTTP_UNAUTHORIZED, "Unauthorized", "Unauthorized");
	}
	if (strcmp(method, "GET") != 0) {
		log_request(method, url, c, 405);
		snprintf(msg, sizeof(msg), "%s is not supported by this fixture (read-only)", method);
		return send_status(c, MHD_HTTP_METHOD_NOT_ALLOWED, "MethodNotAllowed", msg);
	}
	ret = send_discovery(c, url, &done);
	if (done) {
		log_request(method, url, c, 200);
		return ret;
	}
	snprintf(path, sizeof(path), "%s", url);
	nseg = split_path(path, seg);
	/* /api/v1/... or /apis/G/V/... */
	{
		size_t base;
		const char *g, *v;

		if (nseg >= 3 && strcmp(seg[0], "api") == 0 && strcmp(seg[1], "v1") == 0) {
			g = "";
			v = "v1";
			base = 2;
		} else if (nseg >= 4 && strcmp(seg[0], "apis") == 0) {
			g = seg[1];
			v = seg[2];
			base = 3;
		} else {
			goto notfound;
		}
		if (nseg - base >= 2 && strcmp(seg[base], "namespaces") == 0 && nseg - base >= 3) {
			/* namespaces/NS/RES[/NAME] */
			k = kind_by_resource(g, v, seg[base + 2]);
			if (k < 0 || !kinds[k].namespaced || nseg - base > 4)
				goto notfound;
			sc.ns = seg[base + 1];
			sc.name = nseg - base == 4 ? seg[base + 3] : NULL;
		} else {
			/* RES[/NAME] */
			k = kind_by_resource(g, v, seg[base]);
			if (k < 0 || nseg - base > 2)
				goto notfound;
			sc.name = nseg - base == 2 ? seg[base + 1] : NULL;
		}
	}
	sc.kind = (size_t)k;
	sc.labels = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "labelSelector");
	sc.fields = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "fieldSelector");
	watch = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "watch");
	if (watch && (strcmp(watch, "1") == 0 || strcmp(watch, "true") == 0))
		verb = VERB_WATCH;
	else
		verb = sc.name ? VERB_GET : VERB_LIST;
	pthread_mutex_lock(&S.mu);
	if (S.forbid[k] & verb) {
		const char *vn = verb == VERB_WATCH ? "watch" : verb == VERB_GET ? "get" : "list";
		char where[160];

		pthread_mutex_unlock(&S.mu);
		if (sc.ns)
			snprintf(where, sizeof(where), "in the namespace \"%s\"", sc.ns);
		else
			snprintf(where, sizeof(where), "at the cluster scope");
		snprintf(msg, sizeof(msg),
			 "%s%s%s is forbidden: User \"%s\" cannot %s resource \"%s\" in API group "
			 "\"%s\" %s",
			 kinds[k].resource, kinds[k].group[0] ? "." : "", kinds[k].group, user, vn,
			 kinds[k].resource, kinds[k].group, where);
		log_request(method, url, c, 403);
		return send_status(c, MHD_HTTP_FORBIDDEN, "Forbidden", msg);
	}
	pthread_mutex_unlock(&S.mu);
	log_request(method, url, c, 200);
	if (verb == VERB_WATCH) {
		/* a watch of one named object is a watch with a field selector on its name */
		return do_watch(c, &sc);
	}
	if (verb == VERB_LIST) {
		bool cut;

		/* /stall: no answer until the stall ends; a drop or a restart cuts the connection */
		pthread_mutex_lock(&S.mu);
		if (S.stall[sc.kind] == STALL_TRICKLE) {
			pthread_mutex_unlock(&S.mu);
			return do_trickle(c, (int)sc.kind);
		}
		for (unsigned epoch = S.drop_epoch; S.stall[sc.kind] && S.drop_epoch == epoch;)
			pthread_cond_wait(&S.cv, &S.mu);
		cut = S.stall[sc.kind];
		pthread_mutex_unlock(&S.mu);
		if (cut)
			return MHD_NO;
	}
	return verb == VERB_GET ? do_get(c, &sc) : do_list(c, &sc);
notfound:
	log_request(method, url, c, 404);
	return send_status(c, MHD_HTTP_NOT_FOUND, "NotFound",
			   "the server could not find the requested resource");
}

/* --- the control server ------------------------------------------------------------------- */

static bool start_api(void);

struct upload {
	struct frs_buf body;
};

static enum MHD_Result ctl_reply(struct MHD_Connection *c, unsigned code, const char *key,
				 const char *value)
{
	cJSON *o = xalloc(cJSON_CreateObject());

	cJSON_AddStringToObject(o, key, value);
	return send_json(c, code, o);
}

static enum MHD_Result ctl_error(struct MHD_Connection *c, const char *msg)
{
	return ctl_reply(c, MHD_HTTP_BAD_REQUEST, "error", msg);
}

static const char *arg(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
}

static unsigned long arg_num(struct MHD_Connection *c, const char *name, unsigned long dflt)
{
	const char *v = arg(c, name);

	return v && v[0] ? strtoul(v, NULL, 10) : dflt;
}

static int resource_index(const char *res)
{
	for (size_t i = 0; res && i < NKINDS; i++)
		if (strcmp(kinds[i].resource, res) == 0)
			return (int)i;
	return -1;
}

static enum MHD_Result ctl_stats(struct MHD_Connection *c)
{
	cJSON *o = xalloc(cJSON_CreateObject()), *r;

	pthread_mutex_lock(&S.mu);
	cJSON_AddNumberToObject(o, "resourceVersion", (double)S.rv);
	cJSON_AddNumberToObject(o, "compacted", (double)S.compacted);
	cJSON_AddNumberToObject(o, "requests", (double)S.requests);
	r = cJSON_AddObjectToObject(o, "resources");
	for (size_t i = 0; i < NKINDS; i++) {
		cJSON *x = cJSON_AddObjectToObject(r, kinds[i].resource);

		cJSON_AddNumberToObject(x, "list", (double)S.count[i].list);
		cJSON_AddNumberToObject(x, "watch", (double)S.count[i].watch);
		cJSON_AddNumberToObject(x, "get", (double)S.count[i].get);
		cJSON_AddNumberToObject(x, "active", (double)S.count[i].active);
	}
	pthread_mutex_unlock(&S.mu);
	return send_json(c, MHD_HTTP_OK, o);
}

static enum MHD_Result ctl_objects(struct MHD_Connection *c)
{
	int k = resource_index(arg(c, "resource"));
	struct scope sc = { 0 };
	const struct event **snap;
	cJSON *o, *items;
	size_t n;

	if (k < 0)
		return ctl_error(c, "resource: expected a plural resource name, e.g. services");
	sc.kind = (size_t)k;
	o = xalloc(cJSON_CreateObject());
	items = cJSON_AddArrayToObject(o, "items");
	pthread_mutex_lock(&S.mu);
	snap = snapshot(&sc, S.rv, &n);
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(items, xalloc(cJSON_Duplicate(snap[i]->obj, 1)));
	pthread_mutex_unlock(&S.mu);
	free(snap);
	return send_json(c, MHD_HTTP_OK, o);
}

static enum MHD_Result ctl_handler(void *cls, struct MHD_Connection *c, const char *url,
				   const char *method, const char *version,
				   const char *upload_data, size_t *upload_size, void **ctx)
{
	struct upload *up = *ctx;
	char rvs[32];
	enum MHD_Result ret;

	if (!up) {
		*ctx = xalloc(calloc(1, sizeof(*up)));
		return MHD_YES;
	}
	if (*upload_size) {
		frs_buf_add(&up->body, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (strcmp(method, "GET") == 0 && strcmp(url, "/stats") == 0)
		return ctl_stats(c);
	if (strcmp(method, "GET") == 0 && strcmp(url, "/objects") == 0)
		return ctl_objects(c);
	if (strcmp(method, "POST") != 0)
		return ctl_error(c, "unknown control request");
	if (strcmp(url, "/apply") == 0) {
		const char *t = arg(c, "type"), *why = NULL;
		int type = -1;
		cJSON *doc = cJSON_Parse(frs_buf_cstr(&up->body));
		unsigned long rv;

		for (int i = 0; t && i < 3; i++)
			if (strcmp(t, ev_names[i]) == 0)
				type = i;
		if (t && type < 0)
			return ctl_error(c, "type: expected ADDED, MODIFIED or DELETED");
		if (!doc)
			return ctl_error(c, "body: expected a JSON object or list");
		pthread_mutex_lock(&S.mu);
		rv = record_all(doc, type, &why);
		pthread_mutex_unlock(&S.mu);
		if (!rv && why)
			return ctl_error(c, why);
		snprintf(rvs, sizeof(rvs), "%lu", rv);
		return ctl_reply(c, MHD_HTTP_OK, "resourceVersion", rvs);
	}
	if (strcmp(url, "/reset") == 0) {
		const char *why = NULL;
		cJSON *doc = cJSON_Parse(frs_buf_cstr(&up->body));
		unsigned long rv;

		if (!doc)
			return ctl_error(c, "body: expected a JSON object or list");
		pthread_mutex_lock(&S.mu);
		/* every object deleted, as events: watches see them go; then the new set */
		for (size_t k = 0; k < NKINDS; k++) {
			struct scope sc = { .kind = k };
			size_t n;
			const struct event **snap = snapshot(&sc, S.rv, &n);
			cJSON **gone = xalloc(calloc(n + 1, sizeof(*gone)));

			/* copies first: record() grows the log that snap points into */
			for (size_t i = 0; i < n; i++)
				gone[i] = xalloc(cJSON_Duplicate(snap[i]->obj, 1));
			free(snap);
			for (size_t i = 0; i < n; i++)
				if (!record(gone[i], EV_DELETED, &why))
					die("reset: %s", why);
			free(gone);
		}
		rv = record_all(doc, -1, &why);
		pthread_mutex_unlock(&S.mu);
		if (!rv && why)
			return ctl_error(c, why);
		snprintf(rvs, sizeof(rvs), "%lu", rv);
		return ctl_reply(c, MHD_HTTP_OK, "resourceVersion", rvs);
	}
	pthread_mutex_lock(&S.mu);
	if (strcmp(url, "/bump") == 0) {
		S.rv += arg_num(c, "n", 1);
	} else if (strcmp(url, "/expire") == 0) {
		S.rv++;
		S.compacted = S.rv;
		S.expire_epoch++;
	} else if (strcmp(url, "/drop") == 0) {
		S.drop_epoch++;
	} else if (strcmp(url, "/bookmark") == 0) {
		S.bookmark_epoch++;
	} else if (strcmp(url, "/split") == 0) {
		S.split_bytes = arg_num(c, "bytes", 0);
		S.split_delay_ms = (unsigned)arg_num(c, "delay_ms", 0);
	} else if (strcmp(url, "/forbid") == 0) {
		int k = resource_index(arg(c, "resource"));
		const char *v = arg(c, "verbs");
		unsigned mask = 0;

		if (k < 0) {
			pthread_mutex_unlock(&S.mu);
			return ctl_error(c, "resource: expected a plural resource name, e.g. secrets");
		}
		if (v && strstr(v, "list"))
			mask |= VERB_LIST;
		if (v && strstr(v, "watch"))
			mask |= VERB_WATCH;
		if (v && strstr(v, "get"))
			mask |= VERB_GET;
		S.forbid[k] = mask;
	} else if (strcmp(url, "/stall") == 0) {
		const char *res = arg(c, "resource");
		int k = res ? resource_index(res) : -1;

		if (res && k < 0) {
			pthread_mutex_unlock(&S.mu);
			return ctl_error(c, "resource: expected a plural resource name, e.g. services");
		}
		if (k >= 0)
			S.stall[k] = arg_num(c, "trickle", 0) ? STALL_TRICKLE : STALL_SILENT;
		else
			memset(S.stall, 0, sizeof(S.stall));
		pthread_cond_broadcast(&S.cv);
	} else if (strcmp(url, "/fail") == 0) {
		S.fail_code = (unsigned)arg_num(c, "code", 500);
		S.fail_count = (unsigned)arg_num(c, "count", 1);
	} else if (strcmp(url, "/token") == 0) {
		free(S.token);
		S.token = dup_or_null(arg(c, "value"));
	} else if (strcmp(url, "/watch410") == 0) {
		const char *m = arg(c, "mode");

		S.watch410_http = m && strcmp(m, "http") == 0;
	} else if (strcmp(url, "/restart") == 0) {
		unsigned down = (unsigned)arg_num(c, "down_ms", 0);
		struct MHD_Daemon *d = S.api;

		S.drop_epoch++;
		S.api = NULL;
		pthread_cond_broadcast(&S.cv);
		pthread_mutex_unlock(&S.mu);
		if (d)
			MHD_stop_daemon(d);
		sleep_ms(down);
		if (!start_api())
			return ctl_error(c, "cannot listen again on the same port");
		pthread_mutex_lock(&S.mu);
	} else {
		pthread_mutex_unlock(&S.mu);
		return ctl_error(c, "unknown control request");
	}
	snprintf(rvs, sizeof(rvs), "%lu", S.rv);
	pthread_cond_broadcast(&S.cv);
	pthread_mutex_unlock(&S.mu);
	ret = ctl_reply(c, MHD_HTTP_OK, "resourceVersion", rvs);
	return ret;
}

static void ctl_done(void *cls, struct MHD_Connection *c, void **ctx,
		     enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *ctx;

	if (up) {
		frs_buf_dispose(&up->body);
		free(up);
		*ctx = NULL;
	}
}

static bool start_api(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(S.port) };
	struct MHD_Daemon *d;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
				     MHD_USE_TLS | MHD_USE_ERROR_LOG,
			     S.port, NULL, NULL, api_handler, NULL, MHD_OPTION_SOCK_ADDR, &sa,
			     MHD_OPTION_LISTENING_ADDRESS_REUSE, 1U, MHD_OPTION_HTTPS_MEM_KEY,
			     S.key, MHD_OPTION_HTTPS_MEM_CERT, S.cert,
			     S.ca ? MHD_OPTION_HTTPS_MEM_TRUST : MHD_OPTION_END, S.ca,
			     MHD_OPTION_END);
	if (!d)
		return false;
	if (!S.port) {
		const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);

		S.port = di ? di->port : 0;
	}
	pthread_mutex_lock(&S.mu);
	S.api = d;
	pthread_mutex_unlock(&S.mu);
	return true;
}

static void write_port(const char *file, unsigned port)
{
	struct frs_buf tmp = FRS_BUF_INIT;
	FILE *f;

	if (!file)
		return;
	frs_buf_addf(&tmp, "%s.tmp", file);
	f = fopen(tmp.ptr, "w");
	if (!f)
		die("cannot write %s", tmp.ptr);
	fprintf(f, "%u\n", port);
	fclose(f);
	/* renamed into place: a test polling for the file never reads half of it */
	if (rename(tmp.ptr, file) != 0)
		die("cannot write %s", file);
	frs_buf_dispose(&tmp);
}

int main(int argc, char **argv)
{
	const char *fixtures = NULL, *port_file = NULL, *ctl_file = NULL;
	struct MHD_Daemon *ctl;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	const union MHD_DaemonInfo *di;
	sigset_t set;
	int sig;

	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v)
			die("%s needs a value", o);
		i++;
		if (strcmp(o, "--cert") == 0)
			S.cert = read_file(v);
		else if (strcmp(o, "--key") == 0)
			S.key = read_file(v);
		else if (strcmp(o, "--client-ca") == 0)
			S.ca = read_file(v);
		else if (strcmp(o, "--token") == 0)
			S.token = xalloc(strdup(v));
		else if (strcmp(o, "--fixtures") == 0)
			fixtures = v;
		else if (strcmp(o, "--port") == 0)
			S.port = (uint16_t)strtoul(v, NULL, 10);
		else if (strcmp(o, "--port-file") == 0)
			port_file = v;
		else if (strcmp(o, "--control-port-file") == 0)
			ctl_file = v;
		else if (strcmp(o, "--bookmark-ms") == 0)
			S.bookmark_ms = (unsigned)strtoul(v, NULL, 10);
		else if (strcmp(o, "--log") == 0) {
			S.logf = fopen(v, "a");
			if (!S.logf)
				die("cannot open %s", v);
		} else
			die("unknown option %s", o);
	}
	if (!S.cert || !S.key)
		die("%s", "--cert and --key are required");
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		die("%s", "this libmicrohttpd has no TLS");
	if (gnutls_global_init() != 0)
		die("%s", "gnutls_global_init failed");
	if (fixtures)
		load_fixtures(fixtures);
	/* SIGTERM/SIGINT are taken by sigwait below; no thread of MHD's may get them first */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (!start_api())
		die("%s", "cannot start the API server (TLS key and certificate, the port)");
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ctl = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
				       MHD_USE_ERROR_LOG,
			       0, NULL, NULL, ctl_handler, NULL, MHD_OPTION_SOCK_ADDR, &sa,
			       MHD_OPTION_NOTIFY_COMPLETED, ctl_done, NULL, MHD_OPTION_END);
	if (!ctl)
		die("%s", "cannot start the control server");
	di = MHD_get_daemon_info(ctl, MHD_DAEMON_INFO_BIND_PORT);
	write_port(ctl_file, di ? di->port : 0);
	write_port(port_file, S.port);
	sigdelset(&set, SIGPIPE);
	do
		sigwait(&set, &sig);
	while (sig != SIGTERM && sig != SIGINT);
	pthread_mutex_lock(&S.mu);
	S.drop_epoch++;
	pthread_cond_broadcast(&S.cv);
	pthread_mutex_unlock(&S.mu);
	MHD_stop_daemon(ctl);
	if (S.api)
		MHD_stop_daemon(S.api);
	return 0;
}
