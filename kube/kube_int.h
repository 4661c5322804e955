/* SPDX-License-Identifier: MIT */
/* The Kubernetes source's internals: the watch stream splitter, events, HTTP, the exec plugin. */
#ifndef FRS_KUBE_INT_H
#define FRS_KUBE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include <frrshim/buf.h>
#include <frrshim/err.h>
#include <frrshim/kube.h>

/* ---- the watch stream (kube/split.c) ---------------------------------------------------- */

/*
 * Finds where each top-level JSON object of a stream ends, across arbitrary chunk splits,
 * respecting strings and escapes, and hands it over whole: the stream itself is never kept.
 * Whitespace between objects is skipped; anything else outside an object is an error.
 */
struct frs_kube_split {
	struct frs_buf obj;     /* the object being gathered */
	unsigned depth;
	bool in_str;
	bool esc;
	size_t max;             /* largest object taken (0: frs_file_max()) */
};
typedef enum frs_err (*frs_kube_split_fn)(void *arg, const char *obj, size_t len);
/* Feed @p len bytes; @p fn gets each complete object. FRS_EPARSE for garbage or an object
 * over the limit; a non-zero return of @p fn stops and is returned. */
enum frs_err frs_kube__split_feed(struct frs_kube_split *s, const char *data, size_t len,
				 frs_kube_split_fn fn, void *arg);
/* Whether the stream stopped between objects (nothing half-read). */
bool frs_kube__split_idle(const struct frs_kube_split *s);
void frs_kube__split_dispose(struct frs_kube_split *s);

enum frs_kube_event_type {
	FRS_KEV_ADDED,
	FRS_KEV_MODIFIED,
	FRS_KEV_DELETED,
	FRS_KEV_BOOKMARK,
	FRS_KEV_ERROR,
};

/* One watch event: its type, the object (owned, free with cJSON_Delete), the object's
 * metadata.resourceVersion (borrowed from object), and for ERROR the Status code and message. */
struct frs_kube_event {
	enum frs_kube_event_type type;
	cJSON *object;
	const char *rv;
	int code;
	const char *message;
};
/* Parse one event object; FRS_EPARSE (message in @p why) when it is not a watch event. */
enum frs_err frs_kube__event_parse(struct frs_kube_event *ev, const char *obj, size_t len,
				  struct frs_buf *why);
void frs_kube__event_dispose(struct frs_kube_event *ev);

/* ---- objects (kube/source.c) -------------------------------------------------------------- */

/* Drop what nothing reads and what changes without a change (see kube.h) from @p obj. */
void frs_kube__object_strip(cJSON *obj);

/*
 * The documents frs_kube_source_load streams to the model (Services, EndpointSlices, Nodes and
 * Namespaces in scope), @p batch objects a set: frs_kube__stream_next is a frs_docstream's next.
 * Each call first marks clean the last set's objects that no diagnostic since then names.
 */
struct frs_kube_stream;
struct frs_kube_stream *frs_kube__stream_new(struct frs_kube_source *s, size_t batch);
enum frs_err frs_kube__stream_next(void *arg, struct frs_docset *set, struct frs_errlist *errs);
void frs_kube__stream_free(struct frs_kube_stream *st);
/* For the unit tests: @p obj (borrowed; stripped) as a watch event of @p kind would store or
 * delete it; the kind counts as listed from then on. */
enum frs_err frs_kube__source_apply(struct frs_kube_source *s, const char *kind,
				    bool deleted, cJSON *obj);

/* ---- HTTP (kube/http.c) ------------------------------------------------------------------ */

enum frs_kube_status {
	FRS_KST_OK,             /* list done / watch ended normally (server closed it) */
	FRS_KST_GONE,           /* 410: the resourceVersion is too old: relist */
	FRS_KST_RETRY,          /* dropped connection, 5xx, 429: back off and retry */
	FRS_KST_UNAUTHORIZED,   /* 401, or no credential could be had (the exec plugin failed) */
	FRS_KST_DENIED,         /* 403: an error naming the verb */
	FRS_KST_FATAL,          /* anything else (404, bad body) */
	FRS_KST_TLS,            /* the connection cannot be made (certificate, CA, key): lasting */
	FRS_KST_STOPPED,        /* asked to stop */
};

struct frs_kube_http;
enum frs_err frs_kube__http_new(struct frs_kube_http **out, struct frs_kube_creds *c,
			       volatile int *stop);
void frs_kube__http_free(struct frs_kube_http *h);
/* From another thread: end @p h's transfer now (its sockets shut down) and refuse new ones;
 * with the stop flag set, the request then returns at once instead of at curl's next
 * once-a-second progress call. */
void frs_kube__http_interrupt(struct frs_kube_http *h);

/* Receives each object of a list (apiVersion and kind set) or each watch event. Non-zero stops. */
typedef enum frs_err (*frs_kube_obj_fn)(void *arg, cJSON *obj);
typedef enum frs_err (*frs_kube_event_fn)(void *arg, struct frs_kube_event *ev);

/* One full list (every page). *rv: the list's resourceVersion (malloc'd). The message of a
 * failure goes to @p why (no location: the caller files it). */
enum frs_kube_status frs_kube__http_list(struct frs_kube_http *h, const struct frs_kube_resource *r,
					const char *ns, frs_kube_obj_fn fn, void *arg, char **rv,
					struct frs_buf *why);
/* One watch from @p rv until the server ends it; *rv is advanced by every event. */
enum frs_kube_status frs_kube__http_watch(struct frs_kube_http *h, const struct frs_kube_resource *r,
					 const char *ns, char **rv, frs_kube_event_fn fn, void *arg,
					 struct frs_buf *why);

/* "services (cluster-wide)", "bgppeers.metallb.io (namespace metallb-system)" */
enum frs_err frs_kube__resource_desc(struct frs_buf *b, const struct frs_kube_resource *r,
				    const char *ns);

/* ---- the proxy (kube/proxy.c) ------------------------------------------------------------ */

/* A kubeconfig proxy-url as requests use it. */
struct frs_kube_proxy {
	char *curl;             /* for CURLOPT_PROXY: socks5:// becomes socks5h:// (the proxy
				 * resolves the server's name, as Go's SOCKS5 dialer has it) */
	char *shown;            /* the URL without its user and password: for messages */
	bool tls;               /* https: the cluster's TLS settings apply to it too */
	char *host;             /* the proxy's host as its URL names it (IPv6 in brackets) */
	char *port;             /* an https proxy's port (443 when the URL has none), else NULL */
};
/* Check @p url as client-go does (an http, https or socks5 URL, any case) and that it names a
 * host. FRS_EINVALID with the reason in @p why, which never repeats the URL (a password). */
enum frs_err frs_kube__proxy_parse(struct frs_kube_proxy *out, const char *url,
				   struct frs_buf *why);
void frs_kube__proxy_dispose(struct frs_kube_proxy *p);
/* An https proxy's TLS name becomes @p name (tls-server-name): p->curl names the proxy so, and
 * the caller pins that name to p->host's addresses (CURLOPT_RESOLVE). FRS_EARG: @p name is not a
 * host name a URL can hold. */
enum frs_err frs_kube__proxy_rename(struct frs_kube_proxy *p, const char *name);

/* ---- randomness (kube/backoff.c) ---------------------------------------------------------- */

/* A per-thread pseudo-random number, seeded apart per process and thread (jitter, timeouts). */
uint32_t frs_kube__rand(void);

/* ---- the exec plugin (kube/exec.c) -------------------------------------------------------- */

/* How long a plugin may take (60 s; tests shorten it). */
extern int frs_kube__exec_timeout_ms;
/* Run the plugin; fill @p a (token or cert+key) and *expiry (epoch seconds, 0: none). */
enum frs_err frs_kube__exec_run(struct frs_kube_auth *a, long long *expiry,
			       const struct frs_kube_exec *e, struct frs_errlist *errs);
/* RFC 3339 ("2026-12-01T20:00:00Z", fractions and offsets allowed) to epoch seconds. */
int frs_kube__parse_time(const char *s, long long *out);

#endif
