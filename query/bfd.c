/* SPDX-License-Identifier: MIT */
/* BFD sessions and their counters from bfdd's JSON (an array, or one object for one peer). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <frrshim/query.h>

#include "json_int.h"

static void bfd_peer_dispose(struct frs_bfd_peer *p)
{
	free(p->vrf);
	free(p->peer);
	free(p->local);
	free(p->interface);
	free(p->status);
	free(p->diagnostic);
	free(p->remote_diagnostic);
}

void frs_bfd_peers_dispose(struct frs_bfd_peers *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		bfd_peer_dispose(&p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

const struct frs_bfd_peer *frs_bfd_peers_find(const struct frs_bfd_peers *p, const char *vrf,
					      const char *peer)
{
	if (!vrf)
		vrf = "default";
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].vrf, vrf) == 0 && strcmp(p->v[i].peer, peer) == 0)
			return &p->v[i];
	return NULL;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void counters_reset(struct frs_bfd_peer *p)
{
	p->ctl_in = p->ctl_out = p->echo_in = p->echo_out = -1;
	p->session_up = p->session_down = p->zebra_notifications = -1;
}

static enum frs_err read_entry(struct frs_bfd_peers *out, const cJSON *o)
{
	struct frs_bfd_peer key, *p = NULL;
	int is_counters = cJSON_GetObjectItemCaseSensitive(o, "control-packet-input") != NULL;
	enum frs_err rc = FRS_OK;

	memset(&key, 0, sizeof(key));
	key.vrf = frs_json__str(o, "vrf");
	if (!key.vrf)
		key.vrf = strdup("default");
	key.peer = frs_json__str(o, "peer");
	key.local = frs_json__str(o, "local");
	key.interface = frs_json__str(o, "interface");
	key.multihop = frs_json__int(o, "multihop") == 1;
	if (!key.vrf || !key.peer) {
		rc = key.vrf ? FRS_OK : FRS_ENOMEM; /* an entry without a peer is skipped */
		goto done;
	}
	if (is_counters)
		for (size_t i = 0; i < out->n; i++) {
			struct frs_bfd_peer *q = &out->v[i];
			if (same_str(q->vrf, key.vrf) && same_str(q->peer, key.peer) &&
			    same_str(q->local, key.local) && same_str(q->interface, key.interface) &&
			    q->multihop == key.multihop) {
				p = q;
				break;
			}
		}
	if (!p) {
		if (frs_json__grow((void **)&out->v, &out->cap, out->n, sizeof(*out->v))) {
			rc = FRS_ENOMEM;
			goto done;
		}
		p = &out->v[out->n++];
		*p = key;
		memset(&key, 0, sizeof(key));
		p->uptime_s = p->downtime_s = -1;
		p->rx_interval = p->tx_interval = p->echo_rx_interval = p->echo_tx_interval = -1;
		p->detect_multiplier = p->remote_rx_interval = p->remote_tx_interval = -1;
		p->remote_echo_rx_interval = p->remote_detect_multiplier = -1;
		counters_reset(p);
	}
	if (is_counters) {
		p->ctl_in = frs_json__int(o, "control-packet-input");
		p->ctl_out = frs_json__int(o, "control-packet-output");
		p->echo_in = frs_json__int(o, "echo-packet-input");
		p->echo_out = frs_json__int(o, "echo-packet-output");
		p->session_up = frs_json__int(o, "session-up");
		p->session_down = frs_json__int(o, "session-down");
		p->zebra_notifications = frs_json__int(o, "zebra-notifications");
		goto done;
	}
	p->status = frs_json__str(o, "status");
	p->uptime_s = frs_json__int(o, "uptime");
	p->downtime_s = frs_json__int(o, "downtime");
	p->diagnostic = frs_json__str(o, "diagnostic");
	p->remote_diagnostic = frs_json__str(o, "remote-diagnostic");
	p->rx_interval = frs_json__int(o, "receive-interval");
	p->tx_interval = frs_json__int(o, "transmit-interval");
	p->echo_rx_interval = frs_json__int(o, "echo-receive-interval");
	p->echo_tx_interval = frs_json__int(o, "echo-transmit-interval");
	p->detect_multiplier = frs_json__int(o, "detect-multiplier");
	p->remote_rx_interval = frs_json__int(o, "remote-receive-interval");
	p->remote_tx_interval = frs_json__int(o, "remote-transmit-interval");
	p->remote_echo_rx_interval = frs_json__int(o, "remote-echo-receive-interval");
	p->remote_detect_multiplier = frs_json__int(o, "remote-detect-multiplier");
done:
	bfd_peer_dispose(&key);
	return rc;
}

/* YANG operational data: {"frr-bfdd:bfdd":{"bfd":{"sessions":{"single-hop":[…],"multi-hop":[…]}}}} */
static enum frs_err read_yang(struct frs_bfd_peers *out, const cJSON *root)
{
	static const char *const kinds[] = { "single-hop", "multi-hop" };
	const cJSON *bfd = cJSON_GetObjectItemCaseSensitive(root, "frr-bfdd:bfdd");
	const cJSON *sessions, *s;

	bfd = cJSON_GetObjectItemCaseSensitive(bfd, "bfd");
	sessions = cJSON_GetObjectItemCaseSensitive(bfd, "sessions");
	for (size_t k = 0; k < 2; k++)
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(sessions, kinds[k])) {
			const cJSON *st = cJSON_GetObjectItemCaseSensitive(s, "stats");
			struct frs_bfd_peer *p;

			if (frs_json__grow((void **)&out->v, &out->cap, out->n, sizeof(*out->v)))
				return FRS_ENOMEM;
			p = &out->v[out->n];
			memset(p, 0, sizeof(*p));
			p->vrf = frs_json__str(s, "vrf");
			p->peer = frs_json__str(s, "dest-addr");
			if (!p->vrf || !p->peer) {
				bfd_peer_dispose(p);
				continue;
			}
			out->n++;
			p->local = frs_json__str(s, "source-addr");
			p->interface = frs_json__str(s, "interface");
			p->multihop = (int)k;
			p->status = frs_json__str(st, "local-state");
			p->diagnostic = frs_json__str(st, "local-diagnostic");
			p->remote_diagnostic = frs_json__str(st, "remote-diagnostic");
			p->uptime_s = p->downtime_s = -1;
			p->detect_multiplier = frs_json__int(st, "local-multiplier");
			p->remote_detect_multiplier = frs_json__int(st, "remote-multiplier");
			/* microseconds in YANG, milliseconds in `show bfd peers json` */
			p->rx_interval = frs_json__int(st, "negotiated-receive-interval");
			p->tx_interval = frs_json__int(st, "negotiated-transmission-interval");
			p->rx_interval = p->rx_interval < 0 ? -1 : p->rx_interval / 1000;
			p->tx_interval = p->tx_interval < 0 ? -1 : p->tx_interval / 1000;
			p->echo_rx_interval = p->echo_tx_interval = -1;
			p->remote_rx_interval = p->remote_tx_interval = -1;
			p->remote_echo_rx_interval = -1;
			p->ctl_in = frs_json__int(st, "control-packet-input-count");
			p->ctl_out = frs_json__int(st, "control-packet-output-count");
			p->echo_in = frs_json__int(st, "echo-packet-input-count");
			p->echo_out = frs_json__int(st, "echo-packet-output-count");
			p->session_up = frs_json__int(st, "session-up-count");
			p->session_down = frs_json__int(st, "session-down-count");
			p->zebra_notifications = -1;
		}
	return FRS_OK;
}

enum frs_err frs_query_parse_bfd(struct frs_bfd_peers *out, const char *json,
				 struct frs_errlist *errs)
{
	cJSON *root = NULL;
	const cJSON *c;
	enum frs_err rc;

	if ((rc = frs_json__parse(&root, json, "show bfd peers json", errs)))
		return rc;
	if (cJSON_IsObject(root)) {
		/* `show bfd peer X json`, or {} / {"warning"…} when there is nothing */
		if (cJSON_GetObjectItemCaseSensitive(root, "peer"))
			rc = read_entry(out, root);
		else if (cJSON_GetObjectItemCaseSensitive(root, "frr-bfdd:bfdd"))
			rc = read_yang(out, root);
		goto done;
	}
	if (!cJSON_IsArray(root)) {
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE),
					"show bfd peers json: expected an array");
		goto done;
	}
	cJSON_ArrayForEach(c, root) {
		if (!cJSON_IsObject(c))
			continue;
		if ((rc = read_entry(out, c)))
			break;
	}
done:
	cJSON_Delete(root);
	return rc;
}
