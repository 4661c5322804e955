/* SPDX-License-Identifier: MIT */
/* explain --live: the node's FRR, BFD, sidecar and kernel; each peer's session and route in words. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <frrshim/buf.h>
#include <frrshim/file.h>

#include "cli.h"
#include "explain.h"

#define LIVE_TIMEOUT_MS 5000

/* A counter of /proc/net/netstat or /proc/net/snmp: "Group: names…" then "Group: values…". */
static long long proc_counter(const char *file, const char *group, const char *name)
{
	struct frs_buf b = FRS_BUF_INIT;
	long long v = -1;
	size_t glen = strlen(group);

	if (frs_file_read(&b, file))
		return -1;
	for (char *line = b.ptr, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		char *vals, *save1 = NULL, *save2 = NULL, *k, *x;

		nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		if (strncmp(line, group, glen) || line[glen] != ':' || !nl)
			continue;
		vals = nl + 1;
		if (strncmp(vals, group, glen) || vals[glen] != ':')
			continue;
		if ((nl = strchr(vals, '\n')))
			*nl = 0;
		k = strtok_r(line + glen + 1, " ", &save1);
		x = strtok_r(vals + glen + 1, " ", &save2);
		for (; k && x; k = strtok_r(NULL, " ", &save1), x = strtok_r(NULL, " ", &save2))
			if (!strcmp(k, name))
				v = strtoll(x, NULL, 10);
		break;
	}
	frs_buf_dispose(&b);
	return v;
}

enum frs_err cli_live_read(struct cli_live *live, const struct frs_view *v, const char *vty_dir,
			   const char *state_dir)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf out = FRS_BUF_INIT;
	enum frs_err rc;

	memset(live, 0, sizeof(*live));
	live->vty_dir = vty_dir;
	live->state_dir = state_dir;
	live->view = v;
	if ((rc = cli_verify_expect_from_view(&live->expect, v)))
		return rc;
	live->rc = frs_verify_collect(&live->obs, &live->expect, vty_dir, LIVE_TIMEOUT_MS, &errs);
	if (live->rc == FRS_ENOMEM)
		goto done;
	if (live->rc && errs.n && errs.v[0].message && !(live->rc_text = strdup(errs.v[0].message)))
		rc = FRS_ENOMEM;
	if (!live->rc &&
	    frs_query_exec(&out, vty_dir, "bfdd", "show bfd peers json", LIVE_TIMEOUT_MS, &errs) ==
		    FRS_OK &&
	    frs_query_parse_bfd(&live->bfd, frs_buf_cstr(&out), &errs) == FRS_OK)
		live->bfd_ok = 1;
	live->md5_failure = proc_counter("/proc/net/netstat", "TcpExt", "TCPMD5Failure");
	live->md5_not_found = proc_counter("/proc/net/netstat", "TcpExt", "TCPMD5NotFound");
	live->md5_unexpected = proc_counter("/proc/net/netstat", "TcpExt", "TCPMD5Unexpected");
	live->attempt_fails = proc_counter("/proc/net/snmp", "Tcp", "AttemptFails");
done:
	frs_buf_dispose(&out);
	frs_errlist_dispose(&errs);
	return rc ? rc : (live->rc == FRS_ENOMEM ? FRS_ENOMEM : FRS_OK);
}

void cli_live_dispose(struct cli_live *live)
{
	frs_verify_expect_dispose(&live->expect);
	frs_verify_observed_dispose(&live->obs);
	frs_bfd_peers_dispose(&live->bfd);
	free(live->rc_text);
	memset(live, 0, sizeof(*live));
}

/* The first line of a file, or NULL. */
static char *first_line(const char *path)
{
	struct frs_buf b = FRS_BUF_INIT;
	char *nl;

	if (frs_file_read(&b, path)) {
		frs_buf_dispose(&b);
		return NULL;
	}
	if (b.ptr && (nl = strchr(b.ptr, '\n')))
		*nl = 0;
	return b.ptr ? b.ptr : strdup("");
}

bool cli_live_sidecar(cJSON *checks, const char *dir)
{
	bool ok = false;
	struct frs_buf path = FRS_BUF_INIT, t = FRS_BUF_INIT, text = FRS_BUF_INIT;
	cJSON *st = NULL;
	char *last = NULL;

	frs_buf_addf(&path, "%s/state.json", dir);
	if (frs_file_read(&t, frs_buf_cstr(&path)) || !(st = cJSON_Parse(frs_buf_cstr(&t)))) {
		frs_buf_addf(&text, "sidecar: cannot read %s", frs_buf_cstr(&path));
		cli_check_add(checks, "fail", 0, frs_buf_cstr(&text),
			      "the reloader container (is it running with this --state-dir?)");
		goto done;
	}
	frs_buf_clear(&path);
	frs_buf_addf(&path, "%s/last-error", dir);
	last = first_line(frs_buf_cstr(&path));
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(st, "stale"))) {
		frs_buf_puts(&text, "sidecar: stale configuration (the last valid one still runs)");
		if (last && *last)
			frs_buf_addf(&text, ": %s", last);
		cli_check_add(checks, "fail", 0, frs_buf_cstr(&text),
			      "the manifests (frrshim lint) and the reloader's log");
	} else {
		const cJSON *res = cJSON_GetObjectItemCaseSensitive(st, "lastReloadResult");
		const char *r = cJSON_IsString(res) ? res->valuestring : "";

		if (*r && strcmp(r, "success")) {
			/* lastReloadResult holds the error itself; last-error its first line */
			const char *nl = strchr(r, '\n');

			frs_buf_puts(&text, "sidecar: the last reload failed: ");
			if (last && *last)
				frs_buf_puts(&text, last);
			else
				frs_buf_add(&text, r, nl ? (size_t)(nl - r) : strlen(r));
			cli_check_add(checks, "fail", 0, frs_buf_cstr(&text),
				      "the reloader's log (reload error)");
		} else {
			frs_buf_addf(&text, "sidecar: configuration current, last reload %s",
				     *r ? r : "none yet");
			cli_check_add(checks, "ok", 0, frs_buf_cstr(&text), NULL);
			ok = true;
		}
	}
done:
	cJSON_Delete(st);
	free(last);
	frs_buf_dispose(&path);
	frs_buf_dispose(&t);
	frs_buf_dispose(&text);
	return ok;
}

/* FRR's last NOTIFICATION for the peer in words, or nothing. */
static void notification(struct frs_buf *out, const struct frs_view_peer *vp,
			 const struct frs_bgp_peer *bp)
{
	const char *n = bp->last_notification, *code = bp->last_error_code;

	if (code && !strncmp(code, "0202", 4) && bp->last_reset &&
	    strstr(bp->last_reset, "received")) {
		/* the router sent it: it expects another AS from us */
		frs_buf_addf(out, "bad peer AS: the router expects another AS than ours, the "
			     "BGPPeer's %s %u (FRR received: %s)",
			     vp->peer->local_asn ? "localASN" : "myASN",
			     vp->peer->local_asn ? vp->peer->local_asn : vp->peer->my_asn,
			     n ? n : "Bad Peer AS");
	} else if (code && !strncmp(code, "0202", 4)) {
		frs_buf_addf(out, "bad peer AS: the router does not speak AS %u, the BGPPeer's "
			     "peerASN (FRR: %s)", vp->peer->peer_asn, n ? n : "Bad Peer AS");
	} else if (code && !strncmp(code, "0203", 4)) {
		frs_buf_addf(out, "the router refused our BGP identifier (FRR: %s)", n ? n : code);
	} else if (code && !strncmp(code, "0206", 4)) {
		frs_buf_addf(out, "unacceptable hold time (FRR: %s)", n ? n : code);
	} else if (code && !strncmp(code, "04", 2)) {
		frs_buf_addf(out, "hold timer expired: no keepalive from the router within the "
			     "hold time (FRR: %s)", n ? n : code);
	} else if (code && !strncmp(code, "0602", 4)) {
		frs_buf_addf(out, "the router shut the session down (FRR: %s)", n ? n : code);
	} else if (n && *n) {
		frs_buf_addf(out, "FRR's last notification: %s", n);
	}
}

/*
 * Why a session is not up, in words; "" when nothing says. The kernel's MD5 counters come
 * first: a mismatched password stops the session before any BGP message, so FRR has nothing
 * new to say. They count for the whole network namespace and since it exists, so when FRR also
 * has a notification both are said: which one is current, neither tells.
 */
static void last_error(struct frs_buf *out, const struct cli_live *live,
		       const struct frs_view_peer *vp, const struct frs_bgp_peer *bp)
{
	unsigned port = vp->peer->port ? vp->peer->port : 179;
	struct frs_buf notif = FRS_BUF_INIT;

	notification(&notif, vp, bp);
	if (vp->password && live->md5_failure > 0)
		frs_buf_addf(out, "authentication: the TCP MD5 password differs from the router's "
			     "(the kernel dropped %lld segments with a wrong signature, "
			     "TCPMD5Failure)", live->md5_failure);
	else if (vp->password && live->md5_not_found > 0)
		frs_buf_addf(out, "authentication: the router sends no TCP MD5 signature but the "
			     "BGPPeer has a password (TCPMD5NotFound %lld)", live->md5_not_found);
	else if (!vp->password && live->md5_unexpected > 0)
		frs_buf_addf(out, "authentication: the router signs its segments (TCP MD5) but the "
			     "BGPPeer has no password (TCPMD5Unexpected %lld)",
			     live->md5_unexpected);
	if (out->len && notif.len)
		frs_buf_addf(out, "; or, from FRR's last notification (maybe older): %s",
			     frs_buf_cstr(&notif));
	else if (notif.len)
		frs_buf_puts(out, frs_buf_cstr(&notif));
	if (out->len) {
		frs_buf_dispose(&notif);
		return;
	}
	if (bp->conn_established <= 0) {
		frs_buf_addf(out, "no TCP connection to %s port %u ever succeeded (connection "
			     "refused or unanswered", vp->neighbor, port);
		if (live->attempt_fails > 0)
			frs_buf_addf(out, "; %lld failed connection attempts in this network "
				     "namespace", live->attempt_fails);
		frs_buf_putc(out, ')');
	} else if (bp->last_reset && *bp->last_reset) {
		frs_buf_addf(out, "FRR's last reset: %s", bp->last_reset);
	}
	frs_buf_dispose(&notif);
}

/* "64512:100 64512:200" → does the space-separated @p list hold @p w? */
static int has_word(const char *list, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = list; p && (p = strstr(p, w)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

/* The address bytes of an AF_INET or AF_INET6 sockaddr. */
static const unsigned char *sa_bytes(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (const unsigned char *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	return (const unsigned char *)&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
}

/* The interface whose subnet holds @p addr (IPv4 or IPv6), into @p ifname. */
static int iface_for(char *ifname, size_t size, const char *addr)
{
	struct ifaddrs *ifs = NULL, *i;
	unsigned char a[16];
	int fam = strchr(addr, ':') ? AF_INET6 : AF_INET, found = 0;
	size_t len = fam == AF_INET ? 4 : 16;

	if (inet_pton(fam, addr, a) != 1 || getifaddrs(&ifs))
		return 0;
	for (i = ifs; i && !found; i = i->ifa_next) {
		const unsigned char *x, *m;
		size_t k;

		if (!i->ifa_addr || !i->ifa_netmask || i->ifa_addr->sa_family != fam ||
		    !strcmp(i->ifa_name, "lo"))
			continue;
		x = sa_bytes(i->ifa_addr);
		m = sa_bytes(i->ifa_netmask);
		for (k = 0; k < len && (x[k] & m[k]) == (a[k] & m[k]); k++)
			;
		if (k == len) {
			snprintf(ifname, size, "%s", i->ifa_name);
			found = 1;
		}
	}
	freeifaddrs(ifs);
	return found;
}

static int rp_filter(const char *ifname)
{
	char path[128];
	char *v;
	int r;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/rp_filter", ifname);
	if (!(v = first_line(path)))
		return -1;
	r = atoi(v);
	free(v);
	return r;
}

static void peer_checks(cJSON *checks, bool *ok, struct cli_live *live, size_t pi,
			const char *const *prefixes, size_t nprefixes)
{
	const struct frs_view_peer *vp = &live->view->peers[pi];
	const struct frs_verify_peer *ep = &live->expect.peers[pi];
	const struct frs_bgp_peer *bp = frs_bgp_peers_find(&live->obs.bgp, ep->vrf, ep->neighbor);
	const struct frs_verify_seen *seen = pi < live->obs.npeers ? &live->obs.peers[pi] : NULL;
	struct frs_buf t = FRS_BUF_INIT, why = FRS_BUF_INIT;
	char ifname[IF_NAMESIZE + 1] = "";
	bool up = bp && bp->state && !strcmp(bp->state, "Established");

	frs_buf_addf(&t, "BGP session with %s (BGPPeer %s)", ep->neighbor, vp->peer->obj.name);
	if (!bp) {
		frs_buf_puts(&t, " is not configured in FRR");
		cli_check_add(checks, "fail", 0, frs_buf_cstr(&t),
			      "the sidecar's state and the running configuration");
		*ok = false;
	} else if (!up) {
		last_error(&why, live, vp, bp);
		frs_buf_addf(&t, " is %s%s%s", bp->state ? bp->state : "down", why.len ? ": " : "",
			     frs_buf_cstr(&why));
		cli_check_add(checks, "fail", 0, frs_buf_cstr(&t),
			      "the BGPPeer's ASNs, password, address and port against the router's");
		*ok = false;
	} else {
		frs_buf_puts(&t, " is Established");
		cli_check_add(checks, "ok", 0, frs_buf_cstr(&t), NULL);
	}
	for (size_t k = 0; k < nprefixes; k++) {
		const struct frs_verify_route *er = NULL;
		const struct frs_adv_route *ar;

		for (size_t j = 0; j < ep->nroutes && !er; j++)
			if (!strcmp(ep->routes[j].prefix, prefixes[k]))
				er = &ep->routes[j];
		if (!er)
			continue;
		frs_buf_clear(&t);
		frs_buf_clear(&why);
		if (!up) {
			frs_buf_addf(&t, "%s is not advertised to %s: the session is down",
				     er->prefix, ep->neighbor);
			cli_check_add(checks, "fail", 0, frs_buf_cstr(&t), "the session above");
			*ok = false;
			continue;
		}
		ar = seen && seen->have_adv ? frs_adv_routes_find(&seen->adv, er->prefix) : NULL;
		if (!ar) {
			enum frs_err rc = frs_verify_why_not_sent(&why, live->vty_dir, bp, er->prefix,
								  LIVE_TIMEOUT_MS, NULL);

			frs_buf_addf(&t, "%s is not advertised to %s", er->prefix, ep->neighbor);
			if (!rc && why.len)
				frs_buf_addf(&t, ": %s", frs_buf_cstr(&why));
			else if (!rc)
				frs_buf_puts(&t, ": bgpd's policy would send it (an update pending?)");
			cli_check_add(checks, "fail", 0, frs_buf_cstr(&t),
				      "show bgp neighbors advertised-routes, the running "
				      "configuration's route-map and prefix-lists");
			*ok = false;
			continue;
		}
		frs_buf_addf(&t, "%s is advertised to %s", er->prefix, ep->neighbor);
		{
			struct frs_buf miss = FRS_BUF_INIT;

			for (size_t c = 0; ar->have_communities && c < er->ncommunities; c++)
				if (!has_word(ar->communities, er->communities[c]))
					frs_buf_addf(&miss, "%scommunity %s", miss.len ? ", " : "",
						     er->communities[c]);
			for (size_t c = 0; ar->have_communities && c < er->nlarge; c++)
				if (!has_word(ar->large_communities, er->large[c]))
					frs_buf_addf(&miss, "%slarge community %s",
						     miss.len ? ", " : "", er->large[c]);
			if (er->local_pref >= 0 && ar->local_pref != er->local_pref)
				frs_buf_addf(&miss, "%slocal-pref %lld", miss.len ? ", " : "",
					     (long long)er->local_pref);
			if (miss.len) {
				frs_buf_addf(&t, " without %s", frs_buf_cstr(&miss));
				cli_check_add(checks, "fail", 0, frs_buf_cstr(&t),
					      "the outbound route-map in the running configuration");
				*ok = false;
			} else {
				for (size_t c = 0; c < er->ncommunities; c++)
					frs_buf_addf(&t, "%s%s", c ? " " : " with community ",
						     er->communities[c]);
				for (size_t c = 0; c < er->nlarge; c++)
					frs_buf_addf(&t, "%s%s", c ? " " : ", large community ",
						     er->large[c]);
				if (er->local_pref >= 0)
					frs_buf_addf(&t, ", local-pref %lld",
						     (long long)er->local_pref);
				if (!ar->have_communities && (er->ncommunities || er->nlarge))
					frs_buf_puts(&t, " (communities not checked: FRR does not "
						     "report them)");
				cli_check_add(checks, "ok", 0, frs_buf_cstr(&t), NULL);
			}
			frs_buf_dispose(&miss);
		}
	}
	if (vp->peer->bfd_profile && live->bfd_ok) {
		const struct frs_bfd_peer *b = frs_bfd_peers_find(&live->bfd, ep->vrf, ep->neighbor);

		frs_buf_clear(&t);
		frs_buf_addf(&t, "BFD session with %s (profile %s) is %s", ep->neighbor,
			     vp->peer->bfd_profile, b && b->status ? b->status : "missing");
		if (b && b->status && !strcmp(b->status, "up")) {
			cli_check_add(checks, "ok", 0, frs_buf_cstr(&t), NULL);
		} else {
			if (b && b->diagnostic && *b->diagnostic && strcmp(b->diagnostic, "ok"))
				frs_buf_addf(&t, " (%s)", b->diagnostic);
			cli_check_add(checks, "fail", 0, frs_buf_cstr(&t),
				      "the router's BFD configuration");
			*ok = false;
		}
	}
	if (vp->unnumbered)
		snprintf(ifname, sizeof(ifname), "%s", vp->neighbor);
	/* rp_filter is IPv4's */
	if ((*ifname || iface_for(ifname, sizeof(ifname), ep->neighbor)) &&
	    !strchr(ep->neighbor, ':')) {
		int r = rp_filter(ifname), all = rp_filter("all");

		if (r == 1 || (all == 1 && r != 2)) {
			frs_buf_clear(&t);
			frs_buf_addf(&t, "rp_filter is strict on %s, the interface to %s: replies "
				     "to clients routed through another interface are dropped",
				     ifname, ep->neighbor);
			cli_check_add(checks, "warn", 0, frs_buf_cstr(&t),
				      "routes back to the clients, or rp_filter 2 (loose)");
		}
	}
	frs_buf_dispose(&t);
	frs_buf_dispose(&why);
}

cJSON *cli_live_explain(struct cli_live *live, const struct frs_view_service *vs)
{
	cJSON *o = cJSON_CreateObject(), *checks;
	bool ok = true, checked = false;
	struct frs_buf t = FRS_BUF_INIT;

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "node", live->view->node);
	checks = cJSON_AddArrayToObject(o, "checks");
	if (live->state_dir)
		ok &= cli_live_sidecar(checks, live->state_dir);
	if (live->rc) {
		frs_buf_addf(&t, "FRR: %s", live->rc_text ? live->rc_text : frs_strerror(live->rc));
		cli_check_add(checks, "fail", (int)live->rc, frs_buf_cstr(&t),
			      "the FRR container (is bgpd running? --vty-socket)");
		ok = false;
		goto done;
	}
	for (size_t pi = 0; pi < live->view->npeers; pi++) {
		const char *pfx[64];
		char bufs[64][64];
		size_t n = 0;

		for (size_t i = 0; i < vs->nips; i++)
			for (size_t j = 0; j < vs->ips[i].nadvs; j++) {
				const struct frs_view_adv *va = &vs->ips[i].advs[j];
				bool to = false;

				for (size_t k = 0; k < va->npeers; k++)
					to |= va->peers[k] == pi;
				if (!to || n == 64)
					continue;
				frs_view_prefix_str(&va->prefix, bufs[n], sizeof(bufs[n]));
				for (size_t d = 0; d < n && to; d++)
					to = strcmp(pfx[d], bufs[n]) != 0;
				if (to) {
					pfx[n] = bufs[n];
					n++;
				}
			}
		if (n) {
			peer_checks(checks, &ok, live, pi, pfx, n);
			checked = true;
		}
	}
	if (!checked)
		cli_check_add(checks, "info", 0, "no BGP session to check: this node announces none "
			      "of the service's IPs (see the announcement above)", NULL);
done:
	cJSON_AddBoolToObject(o, "ok", ok);
	frs_buf_dispose(&t);
	return o;
}
