/* SPDX-License-Identifier: MIT */
/* BGP neighbors and summaries from FRR's JSON, whatever the VRF nesting and FRR release. */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/query.h>

#include "../lib/vec.h"
#include "json_int.h"

int frs_query_is_addr(const char *s)
{
	unsigned char tmp[16];

	if (!s)
		return 0;
	return inet_pton(AF_INET, s, tmp) == 1 || inet_pton(AF_INET6, s, tmp) == 1;
}

static void peer_dispose(struct frs_bgp_peer *p)
{
	free(p->vrf);
	free(p->peer);
	free(p->remote_as);
	free(p->local_as);
	free(p->state);
	free(p->desc);
	free(p->hostname);
	free(p->peer_group);
	free(p->host_foreign);
	free(p->last_reset);
	free(p->last_notification);
	free(p->last_error_code);
	free(p->bfd_status);
	for (size_t i = 0; i < p->n_af; i++) {
		free(p->af[i].name);
		free(p->af[i].rmap_out);
	}
	free(p->af);
}

void frs_bgp_peers_dispose(struct frs_bgp_peers *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		peer_dispose(&p->v[i]);
	free(p->v);
	free(p->warning);
	memset(p, 0, sizeof(*p));
}

const struct frs_bgp_peer *frs_bgp_peers_find(const struct frs_bgp_peers *p, const char *vrf,
					      const char *peer)
{
	if (!vrf)
		vrf = "default";
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].vrf, vrf) == 0 && strcmp(p->v[i].peer, peer) == 0)
			return &p->v[i];
	return NULL;
}

static void read_msgstats(struct frs_bgp_msgstats *m, const cJSON *o)
{
	m->opens_sent = frs_json__int(o, "opensSent");
	m->opens_recv = frs_json__int(o, "opensRecv");
	m->notifications_sent = frs_json__int(o, "notificationsSent");
	m->notifications_recv = frs_json__int(o, "notificationsRecv");
	m->updates_sent = frs_json__int(o, "updatesSent");
	m->updates_recv = frs_json__int(o, "updatesRecv");
	m->keepalives_sent = frs_json__int(o, "keepalivesSent");
	m->keepalives_recv = frs_json__int(o, "keepalivesRecv");
	m->route_refresh_sent = frs_json__int(o, "routeRefreshSent");
	m->route_refresh_recv = frs_json__int(o, "routeRefreshRecv");
	m->total_sent = frs_json__int(o, "totalSent");
	m->total_recv = frs_json__int(o, "totalRecv");
}

static enum frs_err read_afs(struct frs_bgp_peer *p, const cJSON *afi)
{
	const cJSON *a;
	size_t n = 0;

	p->pfx_sent = p->pfx_recv = -1;
	if (!cJSON_IsObject(afi))
		return FRS_OK; /* an array's elements have no family names */
	cJSON_ArrayForEach(a, afi)
		if (cJSON_IsObject(a))
			n++;
	if (!n)
		return FRS_OK;
	p->af = calloc(n, sizeof(*p->af));
	if (!p->af)
		return FRS_ENOMEM;
	cJSON_ArrayForEach(a, afi) {
		struct frs_bgp_af *af;

		if (!cJSON_IsObject(a))
			continue;
		af = &p->af[p->n_af++];
		if (!(af->name = strdup(a->string ? a->string : "")))
			return FRS_ENOMEM;
		af->accepted = frs_json__int(a, "acceptedPrefixCounter");
		af->sent = frs_json__int(a, "sentPrefixCounter");
		af->rmap_out = frs_json__str(a, "routeMapForOutgoingAdvertisements");
		p->pfx_recv = frs_json__sum(p->pfx_recv, af->accepted);
		p->pfx_sent = frs_json__sum(p->pfx_sent, af->sent);
	}
	return FRS_OK;
}

static enum frs_err add_peer(struct frs_bgp_peers *out, const char *vrf, const cJSON *o)
{
	struct frs_bgp_peer *p;
	const cJSON *bfd;
	char *hf;

	if (frs_json__grow((void **)&out->v, &out->cap, out->n, sizeof(*out->v)))
		return FRS_ENOMEM;
	p = &out->v[out->n++];
	memset(p, 0, sizeof(*p));
	p->vrf = strdup(vrf);
	p->peer = strdup(o->string);
	if (!p->vrf || !p->peer)
		return FRS_ENOMEM;
	p->is_interface = !frs_query_is_addr(p->peer);
	p->remote_as = frs_json__str(o, "remoteAs");
	p->local_as = frs_json__str(o, "localAs");
	p->state = frs_json__str(o, "bgpState");
	p->desc = frs_json__str(o, "nbrDesc");
	p->hostname = frs_json__str(o, "hostname");
	p->peer_group = frs_json__str(o, "peerGroup");
	hf = frs_json__str(o, "hostForeign");
	if (hf && strcmp(hf, "Unknown") == 0) {
		free(hf);
		hf = NULL;
	}
	p->host_foreign = hf;
	p->port_foreign = frs_json__port(frs_json__int(o, "portForeign"));
	p->uptime_ms = frs_json__int(o, "bgpTimerUpMsec");
	p->conn_established = frs_json__int(o, "connectionsEstablished");
	p->conn_dropped = frs_json__int(o, "connectionsDropped");
	p->last_reset = frs_json__str(o, "lastResetDueTo");
	p->last_notification = frs_json__str(o, "lastNotificationReason");
	p->last_error_code = frs_json__str(o, "lastErrorCodeSubcode");
	bfd = cJSON_GetObjectItemCaseSensitive(o, "peerBfdInfo");
	if (!bfd) /* older and some newer releases spell it bfdInfo */
		bfd = cJSON_GetObjectItemCaseSensitive(o, "bfdInfo");
	if (cJSON_IsObject(bfd))
		p->bfd_status = frs_json__str(bfd, "status");
	read_msgstats(&p->msg, cJSON_GetObjectItemCaseSensitive(o, "messageStats"));
	return read_afs(p, cJSON_GetObjectItemCaseSensitive(o, "addressFamilyInfo"));
}

/* Keys beside the peers in a VRF object or at the top: not peers. */
static int is_meta_key(const char *k)
{
	return strcmp(k, "vrfId") == 0 || strcmp(k, "vrfName") == 0 ||
	       strcmp(k, "bgpNoSuchNeighbor") == 0 || strcmp(k, "warning") == 0;
}

static int is_vrf_wrapper(const cJSON *o)
{
	return cJSON_IsObject(o) && (cJSON_GetObjectItemCaseSensitive(o, "vrfName") ||
				     cJSON_GetObjectItemCaseSensitive(o, "vrfId"));
}

static enum frs_err add_peers(struct frs_bgp_peers *out, const char *vrf, const cJSON *o)
{
	const cJSON *c;
	enum frs_err rc;

	cJSON_ArrayForEach(c, o) {
		if (!c->string || is_meta_key(c->string) || !cJSON_IsObject(c))
			continue;
		if ((rc = add_peer(out, vrf, c)))
			return rc;
	}
	return FRS_OK;
}

enum frs_err frs_query_parse_neighbors(struct frs_bgp_peers *out, const char *json,
				       const char *vrf, struct frs_errlist *errs)
{
	struct frs_bgp_peers tmp;

	memset(&tmp, 0, sizeof(tmp));
	if (!json || frs_query__neighbors_fast(&tmp, json, vrf) < 0) {
		frs_bgp_peers_dispose(&tmp);
		return frs_query__neighbors_slow(out, json, vrf, errs);
	}
	out->no_such_neighbor |= tmp.no_such_neighbor;
	if (!out->warning) {
		out->warning = tmp.warning;
		tmp.warning = NULL;
	}
	if (!out->n) {
		free(out->v);
		out->v = tmp.v;
		out->n = tmp.n;
		out->cap = tmp.cap;
		tmp.v = NULL;
		tmp.n = 0;
	} else if (tmp.n) {
		if (FRS_VEC_RESERVE(out->v, out->cap, out->n + tmp.n)) {
			frs_bgp_peers_dispose(&tmp);
			return FRS_ENOMEM;
		}
		memcpy(out->v + out->n, tmp.v, tmp.n * sizeof(*out->v));
		out->n += tmp.n;
		free(tmp.v);
		tmp.v = NULL;
		tmp.n = 0;
	}
	frs_bgp_peers_dispose(&tmp);
	return FRS_OK;
}

enum frs_err frs_query__neighbors_slow(struct frs_bgp_peers *out, const char *json,
				       const char *vrf, struct frs_errlist *errs)
{
	const cJSON *c, *w;
	cJSON *root = NULL;
	enum frs_err rc;
	int wrapped = 0;

	if ((rc = frs_json__parse(&root, json, "show bgp neighbors json", errs)))
		return rc;
	if (!cJSON_IsObject(root)) {
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE),
					"show bgp neighbors json: expected an object");
		goto done;
	}
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "bgpNoSuchNeighbor")))
		out->no_such_neighbor = 1;
	w = cJSON_GetObjectItemCaseSensitive(root, "warning");
	if (cJSON_IsString(w) && !out->warning)
		out->warning = frs_json__dup(w->valuestring);
	/* `vrf all` wraps: {"<vrf>": {"vrfId":…, "vrfName":…, "<peer>": {…}}} */
	cJSON_ArrayForEach(c, root)
		if (is_vrf_wrapper(c))
			wrapped = 1;
	if (!wrapped) {
		const cJSON *vn = cJSON_GetObjectItemCaseSensitive(root, "vrfName");
		if (!vrf && cJSON_IsString(vn))
			vrf = vn->valuestring;
		rc = add_peers(out, vrf ? vrf : "default", root);
		goto done;
	}
	cJSON_ArrayForEach(c, root) {
		const cJSON *vn;

		if (!is_vrf_wrapper(c))
			continue;
		vn = cJSON_GetObjectItemCaseSensitive(c, "vrfName");
		if ((rc = add_peers(out, cJSON_IsString(vn) ? vn->valuestring : c->string, c)))
			goto done;
	}
	rc = FRS_OK;
done:
	cJSON_Delete(root);
	return rc;
}

static void row_dispose(struct frs_bgp_summary_row *r)
{
	free(r->vrf);
	free(r->afi);
	free(r->peer);
	free(r->remote_as);
	free(r->state);
	free(r->peer_state);
	free(r->desc);
	free(r->id_type);
}

void frs_bgp_summary_dispose(struct frs_bgp_summary *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		row_dispose(&s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int is_afi_key(const char *k)
{
	return strncmp(k, "ipv4", 4) == 0 || strncmp(k, "ipv6", 4) == 0 ||
	       strncmp(k, "l2Vpn", 5) == 0;
}

/* One AFI object: {"routerId":…, "vrfName":…, "peers":{…}}. */
static enum frs_err add_afi(struct frs_bgp_summary *out, const cJSON *o, const char *vrf,
			    const char *afi)
{
	const cJSON *vn = cJSON_GetObjectItemCaseSensitive(o, "vrfName");
	const cJSON *peers = cJSON_GetObjectItemCaseSensitive(o, "peers"), *c;

	if (cJSON_IsString(vn))
		vrf = vn->valuestring;
	cJSON_ArrayForEach(c, peers) {
		struct frs_bgp_summary_row *r;

		if (!cJSON_IsObject(c) || !c->string)
			continue;
		if (frs_json__grow((void **)&out->v, &out->cap, out->n, sizeof(*out->v)))
			return FRS_ENOMEM;
		r = &out->v[out->n++];
		memset(r, 0, sizeof(*r));
		r->vrf = strdup(vrf ? vrf : "default");
		r->peer = strdup(c->string);
		if (!r->vrf || !r->peer)
			return FRS_ENOMEM;
		r->afi = frs_json__dup(afi);
		r->remote_as = frs_json__str(c, "remoteAs");
		r->state = frs_json__str(c, "state");
		r->peer_state = frs_json__str(c, "peerState");
		r->desc = frs_json__str(c, "desc");
		r->id_type = frs_json__str(c, "idType");
		r->uptime_ms = frs_json__int(c, "peerUptimeMsec");
		r->pfx_rcd = frs_json__int(c, "pfxRcd");
		r->pfx_snt = frs_json__int(c, "pfxSnt");
		r->msg_rcvd = frs_json__int(c, "msgRcvd");
		r->msg_sent = frs_json__int(c, "msgSent");
	}
	return FRS_OK;
}

enum frs_err frs_query_parse_summary(struct frs_bgp_summary *out, const char *json,
				     const char *vrf, const char *afi, struct frs_errlist *errs)
{
	cJSON *root = NULL;
	const cJSON *c, *d;
	enum frs_err rc;

	if ((rc = frs_json__parse(&root, json, "show bgp summary json", errs)))
		return rc;
	if (!cJSON_IsObject(root)) {
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE),
					"show bgp summary json: expected an object");
		goto done;
	}
	rc = FRS_OK;
	if (cJSON_GetObjectItemCaseSensitive(root, "peers")) {
		rc = add_afi(out, root, vrf, afi);
		goto done;
	}
	cJSON_ArrayForEach(c, root) {
		if (!cJSON_IsObject(c) || !c->string)
			continue;
		if (cJSON_GetObjectItemCaseSensitive(c, "peers")) {
			/* {"ipv4Unicast": {…}} or, for one AFI of `vrf all`, {"<vrf>": {…}} */
			if (is_afi_key(c->string))
				rc = add_afi(out, c, vrf, c->string);
			else
				rc = add_afi(out, c, c->string, afi);
		} else {
			cJSON_ArrayForEach(d, c) /* {"<vrf>": {"ipv4Unicast": {…}}} */
				if (cJSON_IsObject(d) && d->string &&
				    cJSON_GetObjectItemCaseSensitive(d, "peers") &&
				    (rc = add_afi(out, d, c->string,
						  is_afi_key(d->string) ? d->string : afi)))
					break;
		}
		if (rc)
			goto done;
	}
done:
	cJSON_Delete(root);
	return rc;
}
