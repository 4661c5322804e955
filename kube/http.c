/* SPDX-License-Identifier: MIT */
/* The API server over HTTPS (libcurl): paginated lists and streamed watches, statuses classified. */
#include "config.h"

#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include <frrshim/file.h>
#include <frrshim/kube.h>

#include "kube_int.h"

struct frs_kube_http {
	CURL *curl;
	struct frs_kube_creds *c;
	volatile int *stop;     /* set by another thread: read atomically */
	struct frs_kube_proxy proxy; /* the kubeconfig's proxy-url, or none (curl: NULLs) */
	/* the sockets curl has open, for frs_kube__http_interrupt from another thread: a socket
	 * is closed under the lock, so an interrupt never shuts one that was reused */
	pthread_mutex_t mu;
	curl_socket_t fds[4];
	size_t nfds;
	bool interrupted;
};

static curl_socket_t on_open(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct frs_kube_http *h = arg;
	curl_socket_t fd = CURL_SOCKET_BAD;

	(void)purpose;
	pthread_mutex_lock(&h->mu);
	/* more than curl opens at once (happy eyeballs: two) is refused, never left unseen */
	if (!h->interrupted && h->nfds < sizeof(h->fds) / sizeof(h->fds[0])) {
		fd = socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
		if (fd != CURL_SOCKET_BAD)
			h->fds[h->nfds++] = fd;
	}
	pthread_mutex_unlock(&h->mu);
	return fd;
}

static int on_close(void *arg, curl_socket_t fd)
{
	struct frs_kube_http *h = arg;
	int r;

	pthread_mutex_lock(&h->mu);
	for (size_t i = 0; i < h->nfds; i++)
		if (h->fds[i] == fd) {
			h->fds[i] = h->fds[--h->nfds];
			break;
		}
	r = close(fd);
	pthread_mutex_unlock(&h->mu);
	return r;
}

void frs_kube__http_interrupt(struct frs_kube_http *h)
{
	pthread_mutex_lock(&h->mu);
	h->interrupted = true;
	for (size_t i = 0; i < h->nfds; i++)
		shutdown(h->fds[i], SHUT_RDWR);
	pthread_mutex_unlock(&h->mu);
}

/* What one request's callbacks share. */
struct req {
	struct frs_kube_http *h;
	bool watch;
	long code;              /* the HTTP status, once known */
	struct frs_buf body;    /* a list's body, or an error's */
	size_t body_max;
	struct frs_kube_split split;
	/* watch */
	const struct frs_kube_resource *r;
	char **rv;
	frs_kube_event_fn fn;
	void *arg;
	enum frs_kube_status st; /* set when the stream itself ended the watch */
	struct curl_slist *connect_to; /* tls-server-name: the URL names it, we connect here */
	char *url;               /* the URL as sent (tls-server-name replaces the host) */
	char *proxy_url;         /* an https proxy named by tls-server-name (proxy_name) */
	struct curl_slist *resolve; /* that name: the proxy's addresses */
	struct frs_buf *why;
	bool aborted;
	long timeout_s;          /* a watch: its timeoutSeconds */
};

/* What setup made for one attempt (the proxy's URL may hold its password). */
static void req_clear(struct req *q)
{
	curl_slist_free_all(q->connect_to);
	curl_slist_free_all(q->resolve);
	free(q->url);
	if (q->proxy_url)
		memset(q->proxy_url, 0, strlen(q->proxy_url));
	free(q->proxy_url);
	q->connect_to = q->resolve = NULL;
	q->url = q->proxy_url = NULL;
}

/*
 * How long a list may go without a byte before it fails (and is retried): a server that accepts
 * the connection and never answers must not hang a command or a watcher. FRS_KUBE_STALL_S
 * (1 to 3600) sets it for the tests; 60 s otherwise.
 */
long frs_kube_stall_s(void)
{
	const char *e = getenv("FRS_KUBE_STALL_S");
	long v = e ? strtol(e, NULL, 10) : 0;

	return v >= 1 && v <= 3600 ? v : 60;
}

enum frs_err frs_kube__http_new(struct frs_kube_http **out, struct frs_kube_creds *c,
			       volatile int *stop)
{
	struct frs_kube_http *h = calloc(1, sizeof(*h));

	if (!h)
		return FRS_ENOMEM;
	h->curl = curl_easy_init();
	if (!h->curl) {
		free(h);
		return FRS_ENOMEM;
	}
	h->c = c;
	h->stop = stop;
	pthread_mutex_init(&h->mu, NULL);
	if (c->proxy_url) {
		struct frs_buf why = FRS_BUF_INIT;
		enum frs_err rc = frs_kube__proxy_parse(&h->proxy, c->proxy_url, &why);

		/* frs_kube_creds_load checked it: only creds made otherwise can fail here */
		frs_buf_dispose(&why);
		if (rc) {
			frs_kube__http_free(h);
			return rc;
		}
	}
	*out = h;
	return FRS_OK;
}

void frs_kube__http_free(struct frs_kube_http *h)
{
	if (!h)
		return;
	curl_easy_cleanup(h->curl);
	frs_kube__proxy_dispose(&h->proxy);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

enum frs_err frs_kube__resource_desc(struct frs_buf *b, const struct frs_kube_resource *r,
				    const char *ns)
{
	if (frs_buf_puts(b, r->plural) || (*r->group && frs_buf_addf(b, ".%s", r->group)))
		return FRS_ENOMEM;
	if (r->namespaced)
		return frs_buf_addf(b, " (namespace %s)", ns);
	return frs_buf_puts(b, " (cluster-wide)");
}

static enum frs_err resource_url(struct frs_buf *b, const struct frs_kube_creds *c,
				 const struct frs_kube_resource *r, const char *ns)
{
	enum frs_err rc = frs_buf_puts(b, c->server);

	if (*r->group)
		rc |= frs_buf_addf(b, "/apis/%s/%s", r->group, r->version);
	else
		rc |= frs_buf_addf(b, "/api/%s", r->version);
	if (r->namespaced)
		rc |= frs_buf_addf(b, "/namespaces/%s", ns);
	rc |= frs_buf_addf(b, "/%s", r->plural);
	return rc ? FRS_ENOMEM : FRS_OK;
}

static int on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	struct req *q = arg;

	(void)dt, (void)dn, (void)ut, (void)un;
	return q->h->stop && __atomic_load_n(q->h->stop, __ATOMIC_RELAXED) ? 1 : 0;
}

static void set_kind(cJSON *obj, const struct frs_kube_resource *r)
{
	char av[96];

	/* list items carry neither; watch objects do: set both the same way for each */
	if (*r->group)
		snprintf(av, sizeof(av), "%s/%s", r->group, r->version);
	else
		snprintf(av, sizeof(av), "%s", r->version);
	cJSON_DeleteItemFromObjectCaseSensitive(obj, "apiVersion");
	cJSON_DeleteItemFromObjectCaseSensitive(obj, "kind");
	cJSON_AddStringToObject(obj, "apiVersion", av);
	cJSON_AddStringToObject(obj, "kind", r->kind);
}

static enum frs_err on_event_obj(void *arg, const char *obj, size_t len)
{
	struct req *q = arg;
	struct frs_kube_event ev;
	struct frs_buf why = FRS_BUF_INIT;
	enum frs_err rc;

	if (frs_kube__event_parse(&ev, obj, len, &why)) {
		q->st = FRS_KST_RETRY;
		frs_buf_puts(q->why, frs_buf_cstr(&why));
		frs_buf_dispose(&why);
		return FRS_EPARSE;
	}
	frs_buf_dispose(&why);
	if (ev.type == FRS_KEV_ERROR) {
		/* 410: the resourceVersion we watch from is older than the server keeps */
		q->st = ev.code == 410 ? FRS_KST_GONE : ev.code >= 500 || ev.code == 429
			? FRS_KST_RETRY : FRS_KST_FATAL;
		frs_buf_addf(q->why, "watch ERROR event %d: %s", ev.code,
			     ev.message ? ev.message : "(no message)");
		frs_kube__event_dispose(&ev);
		return FRS_EINVALID;
	}
	if (ev.rv) {
		char *rv = strdup(ev.rv);

		if (!rv) {
			frs_kube__event_dispose(&ev);
			return FRS_ENOMEM;
		}
		free(*q->rv);
		*q->rv = rv;
	}
	if (ev.type != FRS_KEV_BOOKMARK)
		set_kind(ev.object, q->r);
	rc = q->fn(q->arg, &ev);
	frs_kube__event_dispose(&ev);
	if (rc)
		q->st = FRS_KST_FATAL;
	return rc;
}

static size_t on_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct req *q = arg;
	size_t n = size * nmemb;

	if (!q->code)
		curl_easy_getinfo(q->h->curl, CURLINFO_RESPONSE_CODE, &q->code);
	if (q->watch && q->code == 200) {
		if (frs_kube__split_feed(&q->split, data, n, on_event_obj, q)) {
			if (q->st == FRS_KST_OK) {
				q->st = FRS_KST_RETRY;
				frs_buf_puts(q->why, "the watch stream is not a sequence of JSON "
					     "objects");
			}
			q->aborted = true;
			return 0;
		}
		return n;
	}
	if (q->body.len + n > q->body_max || frs_buf_add(&q->body, data, n)) {
		q->aborted = true;
		q->st = FRS_KST_FATAL;
		frs_buf_puts(q->why, "response too large");
		return 0;
	}
	return n;
}

/* "the service account", `user "u" (context "c")`: whose permissions are missing. */
static void who(struct frs_buf *b, const struct frs_kube_creds *c)
{
	if (c->in_cluster)
		frs_buf_puts(b, "the service account");
	else if (c->user)
		frs_buf_addf(b, "user \"%s\" (context \"%s\")", c->user, c->context);
	else
		frs_buf_addf(b, "context \"%s\"", c->context ? c->context : "");
}

/* The message of a Status body, if the body is one. */
static void status_message(struct frs_buf *why, const struct frs_buf *body)
{
	cJSON *s = body->len ? cJSON_ParseWithLength(body->ptr, body->len) : NULL;
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(s, "message");

	if (cJSON_IsString(m) && *m->valuestring)
		frs_buf_addf(why, ": %.300s", m->valuestring);
	cJSON_Delete(s);
}

static enum frs_kube_status classify(struct req *q, const struct frs_kube_resource *r,
				     const char *verb, struct frs_buf *why)
{
	const struct frs_kube_creds *c = q->h->c;
	long code = q->code;

	if (code == 200)
		return FRS_KST_OK;
	if (code == 410) {
		frs_buf_puts(why, "410 Gone");
		status_message(why, &q->body);
		return FRS_KST_GONE;
	}
	if (code == 401) {
		frs_buf_puts(why, "401 Unauthorized: the API server refused the credentials of ");
		who(why, c);
		frs_buf_puts(why, ": a wrong or expired token, or a client certificate it does not "
			     "trust");
		return FRS_KST_UNAUTHORIZED;
	}
	if (code == 403) {
		frs_buf_puts(why, "403 Forbidden: ");
		who(why, c);
		frs_buf_addf(why, " needs \"%s\" on %s%s%s", verb, r->plural, *r->group ? "." : "",
			     r->group);
		return FRS_KST_DENIED;
	}
	if (code == 404) {
		frs_buf_addf(why, "404 Not Found: the API server does not serve %s%s%s/%s",
			     *r->group ? r->group : "", *r->group ? "/" : "", r->version, r->plural);
		if (strcmp(r->group, "metallb.io") == 0)
			frs_buf_puts(why, " (are MetalLB's CRDs installed?)");
		return FRS_KST_FATAL;
	}
	frs_buf_addf(why, "HTTP %ld", code);
	status_message(why, &q->body);
	return code == 429 || code >= 500 ? FRS_KST_RETRY : FRS_KST_FATAL;
}

/*
 * kubeconfig's tls-server-name: the certificate is checked (and SNI sent) for that name while
 * the connection goes to the server's host. curl does exactly that when the URL names it and
 * CONNECT_TO maps it to the real host and port.
 */
static enum frs_err server_name(struct req *q, const char *url, const char *name)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL, *out = NULL;
	struct frs_buf m = FRS_BUF_INIT;
	enum frs_err rc = FRS_EARG;

	if (!u)
		return FRS_ENOMEM;
	if (curl_url_set(u, CURLUPART_URL, url, 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ||
	    curl_url_set(u, CURLUPART_HOST, name, 0) || curl_url_get(u, CURLUPART_URL, &out, 0))
		goto done;
	rc = FRS_ENOMEM;
	if (frs_buf_addf(&m, "%s:%s:%s:%s", name, port, host, port))
		goto done;
	if (!(q->connect_to = curl_slist_append(NULL, m.ptr)) || !(q->url = strdup(out)))
		goto done;
	rc = FRS_OK;
done:
	curl_free(host);
	curl_free(port);
	curl_free(out);
	curl_url_cleanup(u);
	frs_buf_dispose(&m);
	return rc;
}

/* The cluster's CA and insecure-skip-tls-verify, for the server or (@p proxy) an https proxy. */
static void trust(CURL *cu, const struct frs_kube_creds *c, bool proxy)
{
	if (c->ca.len) {
		struct curl_blob blob = { c->ca.ptr, c->ca.len, CURL_BLOB_COPY };
		curl_easy_setopt(cu, proxy ? CURLOPT_PROXY_CAINFO_BLOB : CURLOPT_CAINFO_BLOB, &blob);
	} else if (c->ca_file) {
		curl_easy_setopt(cu, proxy ? CURLOPT_PROXY_CAINFO : CURLOPT_CAINFO, c->ca_file);
	}
	if (c->insecure) {
		curl_easy_setopt(cu, proxy ? CURLOPT_PROXY_SSL_VERIFYPEER : CURLOPT_SSL_VERIFYPEER,
				 0L);
		curl_easy_setopt(cu, proxy ? CURLOPT_PROXY_SSL_VERIFYHOST : CURLOPT_SSL_VERIFYHOST,
				 0L);
	}
}

/*
 * The client certificate (the exec plugin's, else the kubeconfig's, inline or as files), for the
 * server or (@p proxy) an https proxy: curl offers it only to a peer that asks for one.
 */
static void client_cert(CURL *cu, const struct frs_kube_auth *auth,
			const struct frs_kube_creds *c, bool proxy)
{
	const CURLoption cert_blob = proxy ? CURLOPT_PROXY_SSLCERT_BLOB : CURLOPT_SSLCERT_BLOB;
	const CURLoption cert_file = proxy ? CURLOPT_PROXY_SSLCERT : CURLOPT_SSLCERT;
	const CURLoption cert_type = proxy ? CURLOPT_PROXY_SSLCERTTYPE : CURLOPT_SSLCERTTYPE;
	const CURLoption key_blob = proxy ? CURLOPT_PROXY_SSLKEY_BLOB : CURLOPT_SSLKEY_BLOB;
	const CURLoption key_file = proxy ? CURLOPT_PROXY_SSLKEY : CURLOPT_SSLKEY;

	if (auth->cert.len || c->cert.len) {
		const struct frs_buf *cb = auth->cert.len ? &auth->cert : &c->cert;
		const struct frs_buf *kb = auth->cert.len ? &auth->key : &c->key;
		struct curl_blob cert = { cb->ptr, cb->len, CURL_BLOB_COPY };
		struct curl_blob key = { kb->ptr, kb->len, CURL_BLOB_COPY };

		curl_easy_setopt(cu, cert_blob, &cert);
		curl_easy_setopt(cu, cert_type, "PEM");
		if (kb->len)
			curl_easy_setopt(cu, key_blob, &key);
		else if (c->key_file)
			curl_easy_setopt(cu, key_file, c->key_file);
	} else if (c->cert_file) {
		curl_easy_setopt(cu, cert_file, c->cert_file);
		curl_easy_setopt(cu, cert_type, "PEM");
		if (c->key.len) {
			struct curl_blob key = { c->key.ptr, c->key.len, CURL_BLOB_COPY };
			curl_easy_setopt(cu, key_blob, &key);
		} else if (c->key_file) {
			curl_easy_setopt(cu, key_file, c->key_file);
		}
	}
}

/*
 * tls-server-name for an https proxy, as Go checks the proxy's certificate (and sends SNI) for
 * it too. curl checks a proxy's certificate against the host its URL names and has no option
 * for another name, so the URL given to curl names the proxy by tls-server-name, and that name
 * is pinned to the proxy's own addresses (CURLOPT_RESOLVE), resolved here for each request.
 * FRS_ENOTFOUND (@p why says so) when the proxy's host does not resolve.
 */
static enum frs_err proxy_name(struct req *q, const char *name, struct frs_buf *why)
{
	const struct frs_kube_proxy *px = &q->h->proxy;
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	struct frs_kube_proxy renamed = { 0 };
	struct frs_buf m = FRS_BUF_INIT, host = FRS_BUF_INIT;
	size_t hl = strlen(px->host), naddr = 0;
	enum frs_err rc = FRS_ENOMEM;
	int e;

	/* the URL's host holds an IPv6 address in brackets; getaddrinfo takes it bare */
	if (hl > 2 && px->host[0] == '[' && px->host[hl - 1] == ']' ?
	    frs_buf_add(&host, px->host + 1, hl - 2) : frs_buf_puts(&host, px->host))
		goto done;
	if ((e = getaddrinfo(host.ptr, px->port, &hints, &res)))
		res = NULL;
	if (!e && frs_buf_addf(&m, "%s:%s:", name, px->port))
		goto done;
	for (const struct addrinfo *a = res; a; a = a->ai_next) {
		char ip[INET6_ADDRSTRLEN];

		if ((a->ai_family != AF_INET && a->ai_family != AF_INET6) ||
		    getnameinfo(a->ai_addr, a->ai_addrlen, ip, sizeof(ip), NULL, 0, NI_NUMERICHOST))
			continue;
		if (frs_buf_addf(&m, a->ai_family == AF_INET6 ? "%s[%s]" : "%s%s",
				 naddr++ ? "," : "", ip))
			goto done;
	}
	if (!naddr) {
		frs_buf_addf(why, "cannot reach %s: Could not resolve proxy: %s (%s) (through the "
			     "proxy %s)", q->h->c->server, host.ptr,
			     e ? gai_strerror(e) : "no IPv4 or IPv6 address", px->shown);
		rc = FRS_ENOTFOUND;
		goto done;
	}
	if (!(renamed.curl = strdup(px->curl)))
		goto done;
	if ((rc = frs_kube__proxy_rename(&renamed, name))) {
		if (rc == FRS_EARG)
			frs_buf_addf(why, "tls-server-name \"%s\" does not fit the proxy's URL", name);
		goto done;
	}
	rc = FRS_ENOMEM;
	if (!(q->resolve = curl_slist_append(NULL, m.ptr)))
		goto done;
	q->proxy_url = renamed.curl;
	renamed.curl = NULL;
	rc = FRS_OK;
done:
	if (res)
		freeaddrinfo(res);
	frs_kube__proxy_dispose(&renamed);
	frs_buf_dispose(&m);
	frs_buf_dispose(&host);
	return rc;
}

/* Every option of one request; the credential is fetched here (a token file is re-read). */
static enum frs_err setup(struct req *q, const char *url, struct curl_slist **hdrs,
			  struct frs_kube_auth *auth, struct frs_buf *why)
{
	struct frs_kube_http *h = q->h;
	struct frs_kube_creds *c = h->c;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf b = FRS_BUF_INIT;
	CURL *cu = h->curl;
	enum frs_err rc;

	rc = frs_kube_auth_get(auth, c, &errs);
	if (rc) {
		frs_buf_puts(why, errs.n && errs.v[0].message ? errs.v[0].message
							    : frs_strerror(rc));
		frs_errlist_dispose(&errs);
		return rc;
	}
	curl_easy_reset(cu);
	req_clear(q);
	if (c->tls_server_name && (rc = server_name(q, url, c->tls_server_name))) {
		frs_buf_addf(why, "tls-server-name \"%s\" does not fit the server's URL",
			     c->tls_server_name);
		return rc;
	}
	if (c->tls_server_name && h->proxy.tls &&
	    (rc = proxy_name(q, c->tls_server_name, why)))
		return rc;
	curl_easy_setopt(cu, CURLOPT_URL, q->url ? q->url : url);
	if (q->connect_to)
		curl_easy_setopt(cu, CURLOPT_CONNECT_TO, q->connect_to);
	curl_easy_setopt(cu, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(cu, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(cu, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(cu, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(cu, CURLOPT_TCP_KEEPIDLE, 30L);
	curl_easy_setopt(cu, CURLOPT_TCP_KEEPINTVL, 10L);
	curl_easy_setopt(cu, CURLOPT_USERAGENT, "frrshim/" PACKAGE_VERSION);
	curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(cu, CURLOPT_WRITEDATA, q);
	curl_easy_setopt(cu, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(cu, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(cu, CURLOPT_XFERINFODATA, q);
	/* a list stalls after frs_kube_stall_s() without a byte; a watch the server does not end
	 * at its timeoutSeconds is ended a minute later (a reconnect from where it was) */
	curl_easy_setopt(cu, CURLOPT_LOW_SPEED_LIMIT, q->watch ? 0L : 1L);
	curl_easy_setopt(cu, CURLOPT_LOW_SPEED_TIME, q->watch ? 0L : frs_kube_stall_s());
	curl_easy_setopt(cu, CURLOPT_TIMEOUT, q->watch ? q->timeout_s + 60 : 0L);
	curl_easy_setopt(cu, CURLOPT_OPENSOCKETFUNCTION, on_open);
	curl_easy_setopt(cu, CURLOPT_OPENSOCKETDATA, q->h);
	curl_easy_setopt(cu, CURLOPT_CLOSESOCKETFUNCTION, on_close);
	curl_easy_setopt(cu, CURLOPT_CLOSESOCKETDATA, q->h);
	trust(cu, c, false);
	client_cert(cu, auth, c, false);
	if (h->proxy.curl) {
		/*
		 * The kubeconfig's proxy wins over the environment for every request, no_proxy
		 * included (client-go's http.ProxyURL). An https proxy gets the cluster's TLS
		 * settings as the server does (Go's Transport uses one TLS config for both hops):
		 * its certificate is checked against the cluster's CA, unless
		 * insecure-skip-tls-verify, and for tls-server-name when there is one; and it is
		 * offered the client certificate if it asks for one.
		 */
		curl_easy_setopt(cu, CURLOPT_PROXY, q->proxy_url ? q->proxy_url : h->proxy.curl);
		curl_easy_setopt(cu, CURLOPT_NOPROXY, "");
		if (q->resolve)
			curl_easy_setopt(cu, CURLOPT_RESOLVE, q->resolve);
		if (h->proxy.tls) {
			trust(cu, c, true);
			client_cert(cu, auth, c, true);
		}
	}
	*hdrs = curl_slist_append(NULL, "Accept: application/json");
	if (auth->token.len) {
		struct curl_slist *n;

		if (frs_buf_addf(&b, "Authorization: Bearer %s", auth->token.ptr)) {
			rc = FRS_ENOMEM;
			goto done;
		}
		n = curl_slist_append(*hdrs, b.ptr);
		memset(b.ptr, 0, b.len);
		if (!n) {
			rc = FRS_ENOMEM;
			goto done;
		}
		*hdrs = n;
	}
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, *hdrs);
done:
	frs_buf_dispose(&b);
	return rc;
}

static void free_headers(struct curl_slist *hdrs)
{
	/* one of them carries the token */
	for (struct curl_slist *s = hdrs; s; s = s->next)
		memset(s->data, 0, strlen(s->data));
	curl_slist_free_all(hdrs);
}

/*
 * One GET. A 401 with an exec plugin runs the plugin again and retries once (its cached token
 * may have been revoked early). The result is the status of the transfer; q->code the HTTP one.
 */
static enum frs_kube_status perform(struct req *q, const char *url, const char *verb,
				    const struct frs_kube_resource *r, struct frs_buf *why)
{
	for (int attempt = 0;; attempt++) {
		struct curl_slist *hdrs = NULL;
		struct frs_kube_auth auth;
		char err[CURL_ERROR_SIZE] = "";
		enum frs_err rc;
		CURLcode cc;

		q->code = 0;
		q->aborted = false;
		q->st = FRS_KST_OK;
		frs_buf_clear(&q->body);
		frs_kube__split_dispose(&q->split);
		frs_buf_clear(why);
		if ((rc = setup(q, url, &hdrs, &auth, why))) {
			free_headers(hdrs);
			frs_kube_auth_dispose(&auth);
			/* a proxy's name that does not resolve may resolve later */
			return rc == FRS_ENOTFOUND ? FRS_KST_RETRY : FRS_KST_UNAUTHORIZED;
		}
		curl_easy_setopt(q->h->curl, CURLOPT_ERRORBUFFER, err);
		cc = curl_easy_perform(q->h->curl);
		free_headers(hdrs);
		frs_kube_auth_dispose(&auth);
		curl_easy_setopt(q->h->curl, CURLOPT_ERRORBUFFER, NULL);
		if (!q->code)
			curl_easy_getinfo(q->h->curl, CURLINFO_RESPONSE_CODE, &q->code);
		if (q->h->stop && __atomic_load_n(q->h->stop, __ATOMIC_RELAXED))
			return FRS_KST_STOPPED;
		if (q->aborted)
			return q->st;
		if (cc != CURLE_OK) {
			frs_buf_addf(why, "%s %s: %s", q->watch && q->code == 200 ?
				     "watch connection dropped:" : "cannot reach", q->h->c->server,
				     *err ? err : curl_easy_strerror(cc));
			if (q->h->proxy.shown)
				frs_buf_addf(why, " (through the proxy %s)", q->h->proxy.shown);
			/* a certificate that does not verify, or a CA or client key that cannot
			 * be used, stays so: not worth the retries a dropped connection gets */
			if (cc == CURLE_PEER_FAILED_VERIFICATION || cc == CURLE_SSL_CACERT_BADFILE ||
			    cc == CURLE_SSL_CERTPROBLEM || cc == CURLE_SSL_CIPHER ||
			    cc == CURLE_URL_MALFORMAT || cc == CURLE_UNSUPPORTED_PROTOCOL)
				return FRS_KST_TLS;
			return FRS_KST_RETRY;
		}
		if (q->code == 401 && q->h->c->exec && attempt == 0) {
			frs_kube_creds_expire(q->h->c);
			continue;
		}
		if (q->code != 200)
			return classify(q, r, verb, why);
		return FRS_KST_OK;
	}
}

enum frs_kube_status frs_kube__http_list(struct frs_kube_http *h, const struct frs_kube_resource *r,
					const char *ns, frs_kube_obj_fn fn, void *arg, char **rv,
					struct frs_buf *why)
{
	struct req q = { .h = h, .body_max = frs_file_max(), .why = why };
	struct frs_buf base = FRS_BUF_INIT, url = FRS_BUF_INIT;
	enum frs_kube_status st = FRS_KST_FATAL;
	char *cont = NULL;

	*rv = NULL;
	if (resource_url(&base, h->c, r, ns))
		goto done;
	do {
		cJSON *page, *items, *md, *it;
		const cJSON *prv, *pcont;

		frs_buf_clear(&url);
		if (frs_buf_addf(&url, "%s?limit=500", base.ptr))
			goto done;
		if (cont) {
			char *esc = curl_easy_escape(h->curl, cont, 0);

			if (!esc || frs_buf_addf(&url, "&continue=%s", esc)) {
				curl_free(esc);
				goto done;
			}
			curl_free(esc);
		}
		st = perform(&q, url.ptr, "list", r, why);
		if (st != FRS_KST_OK)
			goto done;
		page = cJSON_ParseWithLength(q.body.ptr ? q.body.ptr : "", q.body.len);
		items = cJSON_GetObjectItemCaseSensitive(page, "items");
		md = cJSON_GetObjectItemCaseSensitive(page, "metadata");
		if (!cJSON_IsObject(page) || (!cJSON_IsArray(items) && !cJSON_IsNull(items) && items)) {
			frs_buf_puts(why, "the list is not a JSON object with items");
			cJSON_Delete(page);
			st = FRS_KST_FATAL;
			goto done;
		}
		cJSON_ArrayForEach(it, items) {
			enum frs_err rc;

			if (!cJSON_IsObject(it))
				continue;
			set_kind(it, r);
			if ((rc = fn(arg, it))) {
				frs_buf_puts(why, frs_strerror(rc));
				cJSON_Delete(page);
				st = FRS_KST_FATAL;
				goto done;
			}
		}
		prv = cJSON_GetObjectItemCaseSensitive(md, "resourceVersion");
		pcont = cJSON_GetObjectItemCaseSensitive(md, "continue");
		free(*rv);
		*rv = cJSON_IsString(prv) ? strdup(prv->valuestring) : NULL;
		free(cont);
		cont = cJSON_IsString(pcont) && *pcont->valuestring ? strdup(pcont->valuestring)
								    : NULL;
		cJSON_Delete(page);
		if (!*rv) {
			frs_buf_puts(why, "the list has no metadata.resourceVersion");
			st = FRS_KST_FATAL;
			goto done;
		}
	} while (cont);
	st = FRS_KST_OK;
done:
	if (st != FRS_KST_OK) {
		free(*rv);
		*rv = NULL;
	}
	free(cont);
	req_clear(&q);
	frs_buf_dispose(&q.body);
	frs_buf_dispose(&base);
	frs_buf_dispose(&url);
	return st;
}

enum frs_kube_status frs_kube__http_watch(struct frs_kube_http *h, const struct frs_kube_resource *r,
					 const char *ns, char **rv, frs_kube_event_fn fn, void *arg,
					 struct frs_buf *why)
{
	struct req q = { .h = h, .watch = true, .body_max = 1 << 20, .r = r, .rv = rv, .fn = fn,
			 .arg = arg, .why = why };
	struct frs_buf url = FRS_BUF_INIT;
	enum frs_kube_status st = FRS_KST_FATAL;
	char *esc = NULL;

	/* the server ends the watch after timeoutSeconds; spread, so that watches do not all
	 * reconnect at once (client-go does the same) */
	q.timeout_s = 300L + (long)(frs_kube__rand() % 300);
	if (resource_url(&url, h->c, r, ns) || !(esc = curl_easy_escape(h->curl, *rv, 0)) ||
	    frs_buf_addf(&url, "?watch=1&allowWatchBookmarks=true&resourceVersion=%s"
			 "&timeoutSeconds=%ld", esc, q.timeout_s))
		goto done;
	st = perform(&q, url.ptr, "watch", r, why);
	if (st == FRS_KST_OK && !frs_kube__split_idle(&q.split)) {
		frs_buf_puts(why, "the watch stream ended inside an event");
		st = FRS_KST_RETRY;
	}
done:
	curl_free(esc);
	req_clear(&q);
	frs_kube__split_dispose(&q.split);
	frs_buf_dispose(&q.body);
	frs_buf_dispose(&url);
	return st;
}
