/* SPDX-License-Identifier: MIT */
/* MetalLB's Prometheus series from one FRR reading, and the HTTP server that scrapes on demand. */
#include "config.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include <frrshim/metrics.h>
#include <frrshim/vty.h>

#define DEFAULT_TIMEOUT_MS 5000

enum frs_err frs_metrics_family(struct frs_buf *out, const char *name, const char *type,
				const char *help)
{
	return frs_buf_addf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static enum frs_err add_label_value(struct frs_buf *out, const char *v)
{
	enum frs_err rc = FRS_OK;

	for (; *v && !rc; v++) {
		if (*v == '\\')
			rc = frs_buf_puts(out, "\\\\");
		else if (*v == '"')
			rc = frs_buf_puts(out, "\\\"");
		else if (*v == '\n')
			rc = frs_buf_puts(out, "\\n");
		else
			rc = frs_buf_putc(out, *v);
	}
	return rc;
}

enum frs_err frs_metrics_sample(struct frs_buf *out, const char *name, const char *const *labels,
				double value)
{
	enum frs_err rc = frs_buf_puts(out, name);

	if (!rc && labels && labels[0]) {
		rc = frs_buf_putc(out, '{');
		for (size_t i = 0; !rc && labels[i] && labels[i + 1]; i += 2) {
			rc = frs_buf_addf(out, "%s%s=\"", i ? "," : "", labels[i]);
			if (!rc)
				rc = add_label_value(out, labels[i + 1]);
			if (!rc)
				rc = frs_buf_putc(out, '"');
		}
		if (!rc)
			rc = frs_buf_putc(out, '}');
	}
	return rc ? rc : frs_buf_addf(out, " %.17g\n", value);
}

/* peer="<addr>:<port>" as MetalLB labels it; 179 while the session is down (no port known), so
 * that a session's series keeps its identity across flaps. */
static void bgp_peer_label(char *out, size_t size, const struct frs_bgp_peer *p)
{
	int port = p->port_foreign > 0 ? p->port_foreign : 179;

	if (strchr(p->peer, ':'))
		snprintf(out, size, "[%s]:%d", p->peer, port);
	else
		snprintf(out, size, "%s:%d", p->peer, port);
}

typedef int64_t (*bgp_value_fn)(const struct frs_bgp_peer *p);

static int64_t v_up(const struct frs_bgp_peer *p)
{
	return p->state && strcmp(p->state, "Established") == 0;
}
static int64_t v_pfx_sent(const struct frs_bgp_peer *p) { return p->pfx_sent < 0 ? 0 : p->pfx_sent; }
static int64_t v_pfx_recv(const struct frs_bgp_peer *p) { return p->pfx_recv < 0 ? 0 : p->pfx_recv; }
static int64_t v_upd_sent(const struct frs_bgp_peer *p) { return p->msg.updates_sent; }
static int64_t v_upd_recv(const struct frs_bgp_peer *p) { return p->msg.updates_recv; }
static int64_t v_open_sent(const struct frs_bgp_peer *p) { return p->msg.opens_sent; }
static int64_t v_open_recv(const struct frs_bgp_peer *p) { return p->msg.opens_recv; }
static int64_t v_notif_sent(const struct frs_bgp_peer *p) { return p->msg.notifications_sent; }
static int64_t v_notif_recv(const struct frs_bgp_peer *p) { return p->msg.notifications_recv; }
static int64_t v_ka_sent(const struct frs_bgp_peer *p) { return p->msg.keepalives_sent; }
static int64_t v_ka_recv(const struct frs_bgp_peer *p) { return p->msg.keepalives_recv; }
static int64_t v_rr_sent(const struct frs_bgp_peer *p) { return p->msg.route_refresh_sent; }
static int64_t v_rr_recv(const struct frs_bgp_peer *p) { return p->msg.route_refresh_recv; }
static int64_t v_tot_sent(const struct frs_bgp_peer *p) { return p->msg.total_sent; }
static int64_t v_tot_recv(const struct frs_bgp_peer *p) { return p->msg.total_recv; }

static const struct {
	const char *name, *type, *help;
	bgp_value_fn value;
} bgp_families[] = {
	{ "metallb_bgp_session_up", "gauge", "BGP session state (1 is up, 0 is down)", v_up },
	{ "metallb_bgp_announced_prefixes_total", "gauge",
	  "Number of prefixes currently being advertised on the BGP session", v_pfx_sent },
	{ "metallb_bgp_received_prefixes_total", "gauge",
	  "Number of prefixes currently being received on the BGP session", v_pfx_recv },
	{ "metallb_bgp_updates_total", "counter", "Number of BGP UPDATE messages sent", v_upd_sent },
	{ "metallb_bgp_updates_total_received", "counter", "Number of BGP UPDATE messages received",
	  v_upd_recv },
	{ "metallb_bgp_opens_sent", "counter", "Number of BGP open messages sent", v_open_sent },
	{ "metallb_bgp_opens_received", "counter", "Number of BGP open messages received",
	  v_open_recv },
	{ "metallb_bgp_notifications_sent", "counter", "Number of BGP notification messages sent",
	  v_notif_sent },
	{ "metallb_bgp_notifications_received", "counter",
	  "Number of BGP notification messages received", v_notif_recv },
	{ "metallb_bgp_keepalives_sent", "counter", "Number of BGP keepalive messages sent",
	  v_ka_sent },
	{ "metallb_bgp_keepalives_received", "counter", "Number of BGP keepalive messages received",
	  v_ka_recv },
	{ "metallb_bgp_route_refresh_sent", "counter", "Number of BGP route refresh messages sent",
	  v_rr_sent },
	{ "metallb_bgp_route_refresh_received", "counter",
	  "Number of BGP route refresh messages received", v_rr_recv },
	{ "metallb_bgp_total_sent", "counter", "Number of total BGP messages sent", v_tot_sent },
	{ "metallb_bgp_total_received", "counter", "Number of total BGP messages received",
	  v_tot_recv },
};

typedef int64_t (*bfd_value_fn)(const struct frs_bfd_peer *p);

static int64_t b_up(const struct frs_bfd_peer *p) { return p->status && !strcmp(p->status, "up"); }
static int64_t b_ctl_in(const struct frs_bfd_peer *p) { return p->ctl_in; }
static int64_t b_ctl_out(const struct frs_bfd_peer *p) { return p->ctl_out; }
static int64_t b_echo_in(const struct frs_bfd_peer *p) { return p->echo_in; }
static int64_t b_echo_out(const struct frs_bfd_peer *p) { return p->echo_out; }
static int64_t b_sess_up(const struct frs_bfd_peer *p) { return p->session_up; }
static int64_t b_sess_down(const struct frs_bfd_peer *p) { return p->session_down; }
static int64_t b_zebra(const struct frs_bfd_peer *p) { return p->zebra_notifications; }

static const struct {
	const char *name, *type, *help;
	bfd_value_fn value;
} bfd_families[] = {
	{ "metallb_bfd_session_up", "gauge", "BFD session state (1 is up, 0 is down)", b_up },
	{ "metallb_bfd_control_packet_input", "counter",
	  "Number of received BFD control packets", b_ctl_in },
	{ "metallb_bfd_control_packet_output", "counter", "Number of sent BFD control packets",
	  b_ctl_out },
	{ "metallb_bfd_echo_packet_input", "counter", "Number of received BFD echo packets",
	  b_echo_in },
	{ "metallb_bfd_echo_packet_output", "counter", "Number of sent BFD echo packets",
	  b_echo_out },
	{ "metallb_bfd_session_up_events", "counter", "Number of BFD session up events",
	  b_sess_up },
	{ "metallb_bfd_session_down_events", "counter", "Number of BFD session down events",
	  b_sess_down },
	{ "metallb_bfd_zebra_notifications", "counter",
	  "Number of BFD zebra notifications", b_zebra },
};

enum frs_err frs_metrics_render(struct frs_buf *out, const struct frs_query_snapshot *snap)
{
	enum frs_err rc = FRS_OK;
	char label[128];

	/* Prometheus wants each family's samples together: families outside, peers inside */
	for (size_t f = 0; !rc && snap->bgp_ok && snap->bgp.n &&
			   f < sizeof(bgp_families) / sizeof(bgp_families[0]); f++) {
		rc = frs_metrics_family(out, bgp_families[f].name, bgp_families[f].type,
					bgp_families[f].help);
		for (size_t i = 0; !rc && i < snap->bgp.n; i++) {
			const struct frs_bgp_peer *p = &snap->bgp.v[i];
			int64_t v = bgp_families[f].value(p);
			const char *labels[] = { "peer", label, "vrf", p->vrf, NULL };

			if (v < 0)
				continue;
			bgp_peer_label(label, sizeof(label), p);
			rc = frs_metrics_sample(out, bgp_families[f].name, labels, (double)v);
		}
	}
	for (size_t f = 0; !rc && snap->bfd_ok && snap->bfd.n &&
			   f < sizeof(bfd_families) / sizeof(bfd_families[0]); f++) {
		rc = frs_metrics_family(out, bfd_families[f].name, bfd_families[f].type,
					bfd_families[f].help);
		for (size_t i = 0; !rc && i < snap->bfd.n; i++) {
			const struct frs_bfd_peer *p = &snap->bfd.v[i];
			int64_t v = bfd_families[f].value(p);
			const char *labels[] = { "peer", p->peer, "vrf", p->vrf, NULL };

			if (v < 0)
				continue;
			rc = frs_metrics_sample(out, bfd_families[f].name, labels, (double)v);
		}
	}
	return rc;
}

enum frs_err frs_metrics_scrape(struct frs_buf *out, const char *vty_dir, int timeout_ms,
				struct frs_errlist *errs)
{
	struct frs_query_snapshot snap;
	enum frs_err rc;

	memset(&snap, 0, sizeof(snap));
	rc = frs_query_collect(&snap, vty_dir,
			       FRS_QUERY_BGP | FRS_QUERY_BFD | FRS_QUERY_BFD_COUNTERS,
			       timeout_ms > 0 ? timeout_ms : DEFAULT_TIMEOUT_MS, errs);
	if (!rc)
		rc = frs_metrics_render(out, &snap);
	frs_query_snapshot_dispose(&snap);
	return rc;
}

/*
 * libmicrohttpd is loaded when a server starts, not linked: it brings gnutls and six more
 * libraries into every frrshim run (4 ms and 170 page faults of start-up, on a 10 ms reload
 * diff), and only `metrics` and the sidecar serve HTTP.
 */
static struct {
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_get_daemon_info) *get_daemon_info;
	__typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_destroy_response) *destroy_response;
} mhd;

/* POSIX's way to store dlsym()'s answer in a function pointer */
#define MHD_SYM(lib, f) (*(void **)&mhd.f = dlsym(lib, "MHD_" #f))

static int mhd_load(void)
{
	static void *lib;

	if (lib)
		return 0;
	if (!(lib = dlopen(FRS_MHD_SONAME, RTLD_NOW | RTLD_LOCAL)))
		return -1;
	if (!MHD_SYM(lib, start_daemon) || !MHD_SYM(lib, stop_daemon) ||
	    !MHD_SYM(lib, get_daemon_info) || !MHD_SYM(lib, create_response_from_buffer) ||
	    !MHD_SYM(lib, add_response_header) || !MHD_SYM(lib, queue_response) ||
	    !MHD_SYM(lib, destroy_response)) {
		dlclose(lib);
		lib = NULL;
		return -1;
	}
	return 0;
}

struct frs_metrics_server {
	struct MHD_Daemon *mhd;
	char *vty_dir;
	int timeout_ms;
	frs_metrics_extra_fn extra;
	void *extra_arg;
	frs_metrics_livez_fn livez;
	void *livez_arg;
	uint16_t port;
};

static int daemon_answers(const struct frs_metrics_server *s, const char *daemon)
{
	struct frs_vty *vty = NULL;

	if (frs_vty_open(&vty, s->vty_dir, daemon, s->timeout_ms))
		return 0;
	frs_vty_close(vty);
	return 1;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned code, struct frs_buf *body,
			     const char *type)
{
	size_t len = body->len;
	char *text = frs_buf_detach(body);
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (!text)
		return MHD_NO;
	r = mhd.create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(text);
		return MHD_NO;
	}
	mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	ret = mhd.queue_response(c, code, r);
	mhd.destroy_response(r);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	struct frs_metrics_server *s = cls;
	struct frs_buf body = FRS_BUF_INIT;
	enum MHD_Result ret;

	(void)version;
	(void)upload;
	(void)upload_size;
	(void)con_cls;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		frs_buf_puts(&body, "method not allowed\n");
		ret = reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, &body, "text/plain");
	} else if (strcmp(url, "/metrics") == 0) {
		struct frs_errlist errs = FRS_ERRLIST_INIT;
		struct frs_buf extra = FRS_BUF_INIT;

		/* an FRR that does not answer leaves its series out, as MetalLB's exporter does;
		 * the process's own series are still worth scraping */
		if (frs_metrics_scrape(&body, s->vty_dir, s->timeout_ms, &errs))
			for (size_t i = 0; i < errs.n; i++)
				if (errs.v[i].severity == FRS_SEV_ERROR)
					frs_buf_addf(&body, "# frrshim: %s\n", errs.v[i].message);
		if (s->extra && s->extra(&extra, s->extra_arg) == FRS_OK)
			frs_buf_add(&body, extra.ptr ? extra.ptr : "", extra.len);
		frs_buf_dispose(&extra);
		frs_errlist_dispose(&errs);
		ret = reply(c, MHD_HTTP_OK, &body, "text/plain; version=0.0.4; charset=utf-8");
	} else if (strcmp(url, "/livez") == 0) {
		int ok = daemon_answers(s, "zebra") && daemon_answers(s, "bgpd") &&
			 (!s->livez || s->livez(s->livez_arg));

		frs_buf_puts(&body, ok ? "ok\n" : "FRR is not answering\n");
		ret = reply(c, ok ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE, &body, "text/plain");
	} else {
		frs_buf_puts(&body, "not found\n");
		ret = reply(c, MHD_HTTP_NOT_FOUND, &body, "text/plain");
	}
	frs_buf_dispose(&body);
	return ret;
}

/* "ADDR:PORT" or "[V6ADDR]:PORT", numeric only: a metrics endpoint never resolves names. */
static enum frs_err parse_listen(struct sockaddr_storage *ss, const char *listen)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon, *h = listen;
	struct addrinfo hints, *res = NULL;
	size_t hlen;

	colon = listen ? strrchr(listen, ':') : NULL;
	if (!colon || !colon[1])
		return FRS_EARG;
	hlen = (size_t)(colon - listen);
	if (hlen >= 2 && h[0] == '[' && h[hlen - 1] == ']') {
		h++;
		hlen -= 2;
	}
	if (hlen == 0 || hlen >= sizeof(host))
		return FRS_EARG;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0 || !res)
		return FRS_EARG;
	if (res->ai_addrlen > sizeof(*ss)) {
		freeaddrinfo(res);
		return FRS_EARG;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return FRS_OK;
}

enum frs_err frs_metrics_start(struct frs_metrics_server **out, const struct frs_metrics_options *opts,
			       struct frs_errlist *errs)
{
	struct frs_metrics_server *s;
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD;

	*out = NULL;
	if (!opts || opts->version != FRS_METRICS_OPTIONS_VERSION)
		return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EARG),
					  "options version mismatch");
	memset(&ss, 0, sizeof(ss));
	if (parse_listen(&ss, opts->listen))
		return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EARG),
					  "'%s' is not ADDR:PORT (numeric address)",
					  opts->listen ? opts->listen : "");
	if (mhd_load())
		return frs_errlist_report(errs, FRS_DIAG(.code = FRS_ESYS), "cannot load %s: %s",
					  FRS_MHD_SONAME, dlerror());
	s = calloc(1, sizeof(*s));
	if (!s)
		return FRS_ENOMEM;
	if (opts->vty_dir && !(s->vty_dir = strdup(opts->vty_dir))) {
		free(s);
		return FRS_ENOMEM;
	}
	s->timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : DEFAULT_TIMEOUT_MS;
	s->extra = opts->extra;
	s->extra_arg = opts->extra_arg;
	s->livez = opts->livez;
	s->livez_arg = opts->livez_arg;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->mhd = mhd.start_daemon(flags, 0, NULL, NULL, handle, s,
				  MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
				  MHD_OPTION_END);
	if (!s->mhd) {
		frs_metrics_stop(s);
		return frs_errlist_report(errs, FRS_DIAG(.code = FRS_ESYS), "cannot listen on %s",
					  opts->listen);
	}
	info = mhd.get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	*out = s;
	return FRS_OK;
}

void frs_metrics_stop(struct frs_metrics_server *srv)
{
	if (!srv)
		return;
	if (srv->mhd)
		mhd.stop_daemon(srv->mhd);
	free(srv->vty_dir);
	free(srv);
}

uint16_t frs_metrics_port(const struct frs_metrics_server *srv)
{
	return srv ? srv->port : 0;
}
