/* SPDX-License-Identifier: MIT */
/* kubeconfig's proxy-url as client-go takes it (http, https, socks5), shown without its password. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "kube_int.h"

void frs_kube__proxy_dispose(struct frs_kube_proxy *p)
{
	/* the URL may carry the proxy's password */
	if (p->curl)
		memset(p->curl, 0, strlen(p->curl));
	free(p->curl);
	free(p->shown);
	free(p->host);
	free(p->port);
	p->curl = p->shown = p->host = p->port = NULL;
	p->tls = false;
}

/* @p u's URL with @p scheme and without user information if @p bare (malloc'd), or NULL. */
static char *url_of(CURLU *u, const char *scheme, bool bare)
{
	CURLU *v = curl_url_dup(u);
	char *s = NULL, *out = NULL;

	if (!v)
		return NULL;
	if (curl_url_set(v, CURLUPART_SCHEME, scheme, CURLU_NON_SUPPORT_SCHEME) ||
	    (bare && (curl_url_set(v, CURLUPART_USER, NULL, 0) ||
		      curl_url_set(v, CURLUPART_PASSWORD, NULL, 0))) ||
	    curl_url_get(v, CURLUPART_URL, &s, CURLU_NON_SUPPORT_SCHEME))
		goto done;
	out = strdup(s);
done:
	curl_free(s);
	curl_url_cleanup(v);
	return out;
}

enum frs_err frs_kube__proxy_parse(struct frs_kube_proxy *out, const char *url,
				   struct frs_buf *why)
{
	/* client-go's parseProxyURL: these three schemes, in any case (Go lowers it) */
	static const struct {
		const char *scheme, *curl;
	} schemes[] = {
		{ "http", "http" },
		{ "https", "https" },
		/* Go's SOCKS5 dialer hands the proxy the server's name: curl's socks5h */
		{ "socks5", "socks5h" },
	};
	const char *sep = strstr(url, "://");
	size_t slen = sep ? (size_t)(sep - url) : 0;
	const char *curl_scheme = NULL;
	CURLU *u = NULL;
	char *host = NULL, *port = NULL;
	CURLUcode uc;
	enum frs_err rc = FRS_EINVALID;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; sep && i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strlen(schemes[i].scheme) == slen && strncasecmp(url, schemes[i].scheme, slen) == 0)
			curl_scheme = schemes[i].curl;
	/* the value itself is never repeated: it may hold a password */
	if (!sep || !slen || strcspn(url, "/?#@") < slen) {
		frs_buf_puts(why, "expected the proxy's URL (http://, https:// or socks5://HOST[:PORT])");
		goto done;
	}
	if (!curl_scheme) {
		frs_buf_addf(why, "unsupported scheme \"%.*s\": expected http, https or socks5",
			     (int)(slen > 16 ? 16 : slen), url);
		goto done;
	}
	rc = FRS_ENOMEM;
	if (!(u = curl_url()))
		goto done;
	rc = FRS_EINVALID;
	uc = curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME);
	if (uc == CURLUE_OUT_OF_MEMORY) {
		rc = FRS_ENOMEM;
		goto done;
	}
	if (uc || curl_url_get(u, CURLUPART_HOST, &host, 0) || !*host) {
		frs_buf_addf(why, "not a proxy URL (%s://HOST[:PORT]): %s", curl_scheme[0] == 's'
			     ? "socks5" : curl_scheme, uc ? curl_url_strerror(uc) : "no host");
		goto done;
	}
	rc = FRS_ENOMEM;
	out->tls = strcmp(curl_scheme, "https") == 0;
	/*
	 * No port: Go's canonicalAddr's, for the scheme as written (http 80, https 443, socks5
	 * 1080), given to curl in the URL, since curl's default proxy port is 1080 for every scheme
	 * but https.
	 */
	if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_NO_PORT) {
		uc = curl_url_set(u, CURLUPART_PORT, curl_scheme[0] == 's' ? "1080" :
				  out->tls ? "443" : "80", 0);
		if (uc)
			goto done;
	}
	curl_free(port);
	port = NULL;
	/* an https proxy's port, for tls-server-name's pinning (proxy_name in http.c) */
	if (out->tls && curl_url_get(u, CURLUPART_PORT, &port, 0))
		goto done;
	if (!(out->curl = url_of(u, curl_scheme, false)) ||
	    !(out->shown = url_of(u, curl_scheme[0] == 's' ? "socks5" : curl_scheme, true)) ||
	    !(out->host = strdup(host)) || (port && !(out->port = strdup(port)))) {
		frs_kube__proxy_dispose(out);
		goto done;
	}
	rc = FRS_OK;
done:
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

enum frs_err frs_kube__proxy_rename(struct frs_kube_proxy *p, const char *name)
{
	CURLU *u = curl_url();
	char *s = NULL, *renamed = NULL;
	enum frs_err rc = FRS_ENOMEM;

	if (!u)
		return FRS_ENOMEM;
	if (curl_url_set(u, CURLUPART_URL, p->curl, 0) ||
	    curl_url_set(u, CURLUPART_HOST, name, 0) || curl_url_get(u, CURLUPART_URL, &s, 0)) {
		rc = FRS_EARG;
		goto done;
	}
	if (!(renamed = strdup(s)))
		goto done;
	memset(p->curl, 0, strlen(p->curl));
	free(p->curl);
	p->curl = renamed;
	rc = FRS_OK;
done:
	if (s)
		memset(s, 0, strlen(s)); /* the proxy's password */
	curl_free(s);
	curl_url_cleanup(u);
	return rc;
}
