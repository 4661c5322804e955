/* SPDX-License-Identifier: MIT */
/* explain's report: IP assignment, announcement per node, live; one JSON, printed as text too. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <frrshim/assign.h>

#include "explain.h"

cJSON *cli_check_add(cJSON *checks, const char *status, int code, const char *text,
		     const char *next)
{
	cJSON *c = cJSON_CreateObject();

	if (!c)
		return NULL;
	cJSON_AddStringToObject(c, "status", status);
	cJSON_AddNumberToObject(c, "code", code);
	cJSON_AddStringToObject(c, "text", text);
	if (next)
		cJSON_AddStringToObject(c, "next", next);
	else
		cJSON_AddNullToObject(c, "next");
	cJSON_AddItemToArray(checks, c);
	return c;
}

/* The next thing to look at for each announcement reason. */
static const char *view_next(enum frs_view_reason r)
{
	switch (r) {
	case FRS_VIEW_ANNOUNCED: return NULL;
	case FRS_VIEW_NO_POOL: return "the IPAddressPools' spec.addresses";
	case FRS_VIEW_NO_ADVERTISEMENT:
		return "the BGPAdvertisements' ipAddressPools and ipAddressPoolSelectors";
	case FRS_VIEW_NODE_NOT_SELECTED:
		return "the BGPAdvertisement's nodeSelectors and the Node's labels";
	case FRS_VIEW_SERVICE_NOT_SELECTED:
		return "the BGPAdvertisement's serviceSelectors and the Service's labels";
	case FRS_VIEW_EXCLUDED_NODE:
		return "the Node's labels, or the speaker's --ignore-exclude-lb";
	case FRS_VIEW_NO_ENDPOINTS: return "the service's pods and EndpointSlices";
	case FRS_VIEW_NO_LOCAL_ENDPOINTS:
		return "the service's pods on this node, or externalTrafficPolicy Cluster";
	case FRS_VIEW_NETWORK_UNAVAILABLE:
		return "the Node's NetworkUnavailable condition (the CNI)";
	case FRS_VIEW_NO_PEER:
		return "the BGPPeers' nodeSelectors and the BGPAdvertisement's spec.peers";
	case FRS_VIEW_FAMILY_MISMATCH:
		return "the BGPPeers' addresses and dualStackAddressFamily";
	case FRS_VIEW_NOT_LOADBALANCER:
	case FRS_VIEW_NO_IP: return "the IP assignment above";
	case FRS_VIEW_CONFLICTING_ADVERTISEMENTS: return "the BGPAdvertisements' localPref";
	}
	return NULL;
}

static cJSON *assignment(const struct frs_model *m, const struct frs_service *svc)
{
	struct frs_assign *a = NULL;
	cJSON *o, *checks;

	if (frs_assign_explain(&a, m, svc))
		return NULL;
	o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "ok", a->ok);
	cJSON_AddNumberToObject(o, "code", a->reason);
	cJSON_AddStringToObject(o, "reason", frs_assign_reason_text(a->reason));
	checks = cJSON_AddArrayToObject(o, "checks");
	for (size_t i = 0; i < a->nchecks; i++)
		cli_check_add(checks, a->checks[i].info ? "info" : a->checks[i].ok ? "ok" : "fail",
			      (int)a->checks[i].reason, a->checks[i].text, a->checks[i].next);
	frs_assign_free(a);
	return o;
}

static cJSON *node_ips(const struct frs_view *v, const struct frs_view_service *vs,
		       bool *all_announced)
{
	cJSON *n = cJSON_CreateObject(), *ips;

	cJSON_AddStringToObject(n, "node", v->node);
	cJSON_AddNumberToObject(n, "code", vs->reason);
	cJSON_AddStringToObject(n, "reason", frs_view_reason_text(vs->reason));
	ips = cJSON_AddArrayToObject(n, "ips");
	*all_announced = vs->nips > 0;
	for (size_t i = 0; i < vs->nips; i++) {
		const struct frs_view_ip *vi = &vs->ips[i];
		cJSON *ip = cJSON_CreateObject(), *advs;

		*all_announced &= vi->reason == FRS_VIEW_ANNOUNCED;
		cJSON_AddStringToObject(ip, "ip", vi->ip);
		cJSON_AddBoolToObject(ip, "announced", vi->reason == FRS_VIEW_ANNOUNCED);
		cJSON_AddNumberToObject(ip, "code", vi->reason);
		cJSON_AddStringToObject(ip, "reason", frs_view_reason_text(vi->reason));
		if (vi->pool)
			cJSON_AddStringToObject(ip, "pool", vi->pool->obj.name);
		else
			cJSON_AddNullToObject(ip, "pool");
		cJSON_AddStringToObject(ip, "detail", vi->detail ? vi->detail : "");
		if (view_next(vi->reason))
			cJSON_AddStringToObject(ip, "next", view_next(vi->reason));
		else
			cJSON_AddNullToObject(ip, "next");
		advs = cJSON_AddArrayToObject(ip, "advertisements");
		for (size_t j = 0; j < vi->nadvs; j++) {
			const struct frs_view_adv *va = &vi->advs[j];
			cJSON *a = cJSON_CreateObject(), *peers;
			char pfx[64];

			frs_view_prefix_str(&va->prefix, pfx, sizeof(pfx));
			cJSON_AddStringToObject(a, "name", va->adv->obj.name);
			cJSON_AddStringToObject(a, "prefix", pfx);
			cJSON_AddNumberToObject(a, "code", va->reason);
			cJSON_AddStringToObject(a, "reason", frs_view_reason_text(va->reason));
			peers = cJSON_AddArrayToObject(a, "peers");
			for (size_t k = 0; k < va->npeers; k++)
				cJSON_AddItemToArray(peers, cJSON_CreateString(
								    v->peers[va->peers[k]].peer->obj.name));
			cJSON_AddItemToArray(advs, a);
		}
		cJSON_AddItemToArray(ips, ip);
	}
	return n;
}

cJSON *cli_explain_report(const struct frs_model *m, const struct frs_service *svc,
			  struct frs_view *const *views, size_t nviews, bool all_nodes,
			  struct cli_live *live)
{
	cJSON *r = cJSON_CreateObject(), *as, *an, *nodes, *lv = NULL;
	const struct frs_view_service *first = NULL;
	bool ok, ann_ok;

	if (!r)
		return NULL;
	cJSON_AddStringToObject(r, "namespace", svc->obj.ns ? svc->obj.ns : "");
	cJSON_AddStringToObject(r, "name", svc->obj.name);
	if (!(as = assignment(m, svc))) {
		cJSON_Delete(r);
		return NULL;
	}
	ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(as, "ok"));
	an = cJSON_CreateObject();
	cJSON_AddBoolToObject(an, "allNodes", all_nodes);
	nodes = cJSON_AddArrayToObject(an, "nodes");
	for (size_t i = 0; i < nviews; i++) {
		const struct frs_view_service *vs =
			frs_view_service(views[i], svc->obj.ns, svc->obj.name);
		bool all = false;

		if (!vs)
			continue;
		if (!first)
			first = vs;
		cJSON_AddItemToArray(nodes, node_ips(views[i], vs, &all));
	}
	/* every IP from the node; with every node, each IP from one of them at least (the IPs are
	 * the Service's, the same in every view) */
	ann_ok = first && first->nips;
	for (size_t j = 0; first && j < first->nips; j++) {
		bool any = false, every = true;

		for (size_t i = 0; i < nviews; i++) {
			const struct frs_view_service *vs =
				frs_view_service(views[i], svc->obj.ns, svc->obj.name);
			bool yes = vs && j < vs->nips && vs->ips[j].reason == FRS_VIEW_ANNOUNCED;

			any |= yes;
			every &= yes;
		}
		ann_ok &= all_nodes ? any : every;
	}
	cJSON_AddBoolToObject(an, "ok", ann_ok);
	ok &= ann_ok;
	if (live && views && nviews) {
		const struct frs_view_service *vs =
			frs_view_service(live->view, svc->obj.ns, svc->obj.name);

		if (vs && (lv = cli_live_explain(live, vs)))
			ok &= cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(lv, "ok"));
	}
	cJSON_AddBoolToObject(r, "ok", ok);
	cJSON_AddItemToObject(r, "assignment", as);
	cJSON_AddItemToObject(r, "announcement", an);
	if (lv)
		cJSON_AddItemToObject(r, "live", lv);
	return r;
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool is_true(const cJSON *o, const char *k)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static const char *mark(const char *status)
{
	if (!status || !strcmp(status, "fail"))
		return "✗";
	if (!strcmp(status, "info"))
		return "-";
	return strcmp(status, "warn") == 0 ? "!" : "✓";
}

static void print_checks(FILE *f, const cJSON *checks)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, checks) {
		fprintf(f, "  %s %s", mark(str(c, "status")), str(c, "text"));
		if (str(c, "next"))
			fprintf(f, "; next: %s", str(c, "next"));
		fputc('\n', f);
	}
}

/* Pad a cell to @p w display columns (✓ and ✗ are one column, three bytes). */
static void cell(FILE *f, const char *s, size_t w)
{
	size_t cols = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		cols += (*p & 0xc0) != 0x80;
	fputs(s, f);
	while (cols++ < w)
		fputc(' ', f);
}

void cli_explain_print(FILE *f, const cJSON *r)
{
	const cJSON *as = cJSON_GetObjectItemCaseSensitive(r, "assignment");
	const cJSON *an = cJSON_GetObjectItemCaseSensitive(r, "announcement");
	const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(an, "nodes");
	const cJSON *lv = cJSON_GetObjectItemCaseSensitive(r, "live");
	const cJSON *n, *ip, *first = cJSON_GetArrayItem(nodes, 0);
	bool all = is_true(an, "allNodes");

	fprintf(f, "%s/%s: %s\n", str(r, "namespace"), str(r, "name"),
		is_true(r, "ok") ? "ok" : "not ok");
	fprintf(f, "IP assignment:\n");
	print_checks(f, cJSON_GetObjectItemCaseSensitive(as, "checks"));
	if (all && first && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(first, "ips"))) {
		size_t wip = 2, wn;

		fprintf(f, "Announcement, every node:\n");
		cJSON_ArrayForEach(ip, cJSON_GetObjectItemCaseSensitive(first, "ips"))
			if (strlen(str(ip, "ip")) > wip)
				wip = strlen(str(ip, "ip"));
		fputs("  ", f);
		cell(f, "IP", wip + 2);
		cJSON_ArrayForEach(n, nodes) {
			wn = n->next ? strlen(str(n, "node")) + 2 : 0;
			cell(f, str(n, "node"), wn);
		}
		fputc('\n', f);
		for (int j = 0; j < cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(first, "ips"));
		     j++) {
			fputs("  ", f);
			ip = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(first, "ips"), j);
			cell(f, str(ip, "ip"), wip + 2);
			cJSON_ArrayForEach(n, nodes) {
				const cJSON *x = cJSON_GetArrayItem(
					cJSON_GetObjectItemCaseSensitive(n, "ips"), j);

				wn = n->next ? strlen(str(n, "node")) + 2 : 0;
				cell(f, is_true(x, "announced") ? "✓" : "✗", wn);
			}
			fputc('\n', f);
		}
	} else if (!all) {
		fprintf(f, "Announcement from %s:\n", first ? str(first, "node") : "?");
	} else {
		fprintf(f, "Announcement, every node:\n");
	}
	cJSON_ArrayForEach(n, nodes) {
		const cJSON *ips = cJSON_GetObjectItemCaseSensitive(n, "ips");
		const char *pre = all ? str(n, "node") : NULL;

		if (!cJSON_GetArraySize(ips)) {
			fprintf(f, "  ✗ %s%s%s; next: %s\n", pre ? pre : "", pre ? ": " : "",
				str(n, "reason"), "the IP assignment above");
			continue;
		}
		cJSON_ArrayForEach(ip, ips) {
			fprintf(f, "  %s %s%s%s", is_true(ip, "announced") ? "✓" : "✗",
				pre ? pre : "", pre ? ": " : "", str(ip, "detail"));
			if (str(ip, "next"))
				fprintf(f, "; next: %s", str(ip, "next"));
			fputc('\n', f);
		}
	}
	if (lv) {
		fprintf(f, "Live, on %s:\n", str(lv, "node"));
		print_checks(f, cJSON_GetObjectItemCaseSensitive(lv, "checks"));
	}
}
