/* SPDX-License-Identifier: MIT */
/* The sidecar's HTTP endpoint: /metrics (Prometheus text) and /livez. */
#include "config.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <frrshim/vty.h>

#include "reloader.h"

struct reloader_metrics {
	struct MHD_Daemon *d;
	struct frs_sidecar *sc;
	const struct frs_sidecar_exec *ex;
};

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned code, const char *type,
			     struct frs_buf *body)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t len = body->len;
	char *text = frs_buf_detach(body);

	if (!text)
		return MHD_NO;
	r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", type);
	ret = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *data,
			      size_t *data_size, void **req)
{
	struct reloader_metrics *m = cls;
	struct frs_buf body = FRS_BUF_INIT;
	struct frs_vty *vty = NULL;

	(void)version; (void)data; (void)data_size; (void)req;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		frs_buf_puts(&body, "method not allowed\n");
		return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", &body);
	}
	if (strcmp(url, "/metrics") == 0) {
		if (frs_sidecar_metrics(m->sc, &body))
			return MHD_NO;
		return reply(conn, MHD_HTTP_OK, "text/plain; version=0.0.4", &body);
	}
	if (strcmp(url, "/livez") == 0) {
		/* alive means bgpd answers on its vty socket */
		if (frs_vty_open(&vty, m->ex->vty_dir, "bgpd", 2000) == FRS_OK) {
			frs_vty_close(vty);
			frs_buf_puts(&body, "ok\n");
			return reply(conn, MHD_HTTP_OK, "text/plain", &body);
		}
		frs_buf_puts(&body, "bgpd does not answer\n");
		return reply(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain", &body);
	}
	frs_buf_puts(&body, "not found\n");
	return reply(conn, MHD_HTTP_NOT_FOUND, "text/plain", &body);
}

/* "ADDR:PORT", "[V6]:PORT" or ":PORT" (every address). */
static int parse_listen(const char *s, struct sockaddr_storage *ss)
{
	char host[64];
	const char *colon, *h = s;
	size_t hl;
	char *end;
	long port;

	memset(ss, 0, sizeof(*ss));
	colon = strrchr(s, ':');
	if (!colon)
		return -1;
	port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 0 || port > 65535)
		return -1;
	hl = (size_t)(colon - s);
	if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') {
		h = s + 1;
		hl -= 2;
	}
	if (hl >= sizeof(host))
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (!hl || strcmp(host, "0.0.0.0") == 0 || inet_pton(AF_INET, host, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
		struct sockaddr_in *in = (struct sockaddr_in *)ss;

		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		return 0;
	}
	return -1;
}

enum frs_err reloader_metrics_start(struct reloader_metrics **out, const char *listen,
				    struct frs_sidecar *sc, const struct frs_sidecar_exec *ex,
				    struct frs_errlist *errs)
{
	struct sockaddr_storage ss;
	struct reloader_metrics *m;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;

	if (parse_listen(listen, &ss))
		return frs_errlist_add(errs, FRS_SEV_ERROR, FRS_EARG, NULL, NULL, NULL, NULL, NULL,
				       "--metrics: not ADDR:PORT: %s", listen);
	m = calloc(1, sizeof(*m));
	if (!m)
		return FRS_ENOMEM;
	m->sc = sc;
	m->ex = ex;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	m->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, m,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				MHD_OPTION_CONNECTION_TIMEOUT, 10U, MHD_OPTION_END);
	if (!m->d) {
		free(m);
		return frs_errlist_add(errs, FRS_SEV_ERROR, FRS_ESYS, NULL, NULL, NULL, NULL, NULL,
				       "--metrics: cannot listen on %s", listen);
	}
	*out = m;
	return FRS_OK;
}

void reloader_metrics_stop(struct reloader_metrics *m)
{
	if (!m)
		return;
	MHD_stop_daemon(m->d);
	free(m);
}
