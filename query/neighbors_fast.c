/* SPDX-License-Identifier: MIT */
/* `show bgp vrf all neighbors json` without building a tree: a scanner that keeps what status needs. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/query.h>

#include "../lib/jcheck.h"
#include "../lib/vec.h"
#include "json_int.h"

/* Integers up to this many digits are exact in a double: cJSON reads the same value. */
#define EXACT_DIGITS 15

/*
 * Why: 1000 peers are ~4 MB of JSON; a cJSON tree of it costs ~15 ms in allocations alone, the
 * scan below a few. One semantics with the cJSON path: the scan runs only on text that is valid
 * JSON (lib/jcheck.c, no allocation), and anything where a tree walk could read it otherwise
 * makes it give up (-1) so that the caller falls back to cJSON: a key it reads given twice
 * (cJSON takes the first), a \u escape that is not printable ASCII, an integer past 15 digits
 * (a double is no longer exact), a fraction or an exponent. Tests compare both paths on every
 * capture and on hostile inputs.
 */

struct scan {
	const char *p, *end;
};

/* A string's raw body (between the quotes, escapes untouched). */
struct span {
	const char *s;
	size_t n;
};

static void ws(struct scan *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\n' || *c->p == '\r' || *c->p == '\t'))
		c->p++;
}

static int eat(struct scan *c, char ch)
{
	ws(c);
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return 1;
	}
	return 0;
}

static int string(struct scan *c, struct span *out)
{
	const char *s;

	ws(c);
	if (c->p >= c->end || *c->p != '"')
		return -1;
	s = ++c->p;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p == '\\' && c->p + 1 < c->end)
			c->p++;
		c->p++;
	}
	if (c->p >= c->end)
		return -1;
	out->s = s;
	out->n = (size_t)(c->p - s);
	c->p++;
	return 0;
}

static int skip(struct scan *c)
{
	struct span sp;
	int depth = 0;

	ws(c);
	if (c->p >= c->end)
		return -1;
	if (*c->p == '"')
		return string(c, &sp);
	if (*c->p != '{' && *c->p != '[') {
		while (c->p < c->end && *c->p != ',' && *c->p != '}' && *c->p != ']' &&
		       *c->p != ' ' && *c->p != '\n' && *c->p != '\r' && *c->p != '\t')
			c->p++;
		return 0;
	}
	/* one tight loop, strings inline: most of a neighbor's bytes are skipped here */
	for (const char *p = c->p, *end = c->end; p < end; p++) {
		switch (*p) {
		case '"':
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\')
					p++;
			if (p >= end)
				return -1;
			break;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (--depth == 0) {
				c->p = p + 1;
				return 0;
			}
			break;
		default:
			break;
		}
	}
	return -1;
}

static int key_is(const struct span *k, const char *lit)
{
	size_t n = strlen(lit);

	return k->n == n && memcmp(k->s, lit, n) == 0;
}

/* Object iteration: call first with *first = 1; returns 1 with the key, 0 at '}', -1 on error. */
static int next_key(struct scan *c, int *first, struct span *key)
{
	if (*first) {
		*first = 0;
		if (!eat(c, '{'))
			return -1;
		if (eat(c, '}'))
			return 0;
	} else {
		if (eat(c, '}'))
			return 0;
		if (!eat(c, ','))
			return -1;
	}
	if (string(c, key) || !eat(c, ':'))
		return -1;
	return 1;
}

static char peek(struct scan *c)
{
	ws(c);
	return c->p < c->end ? *c->p : '\0';
}

/* A copy of a string body with JSON escapes resolved (\uXXXX kept only for ASCII). */
static char *unescape(const struct span *sp)
{
	char *out = malloc(sp->n + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < sp->n; i++) {
		char ch = sp->s[i];

		if (ch != '\\' || i + 1 >= sp->n) {
			*o++ = ch;
			continue;
		}
		ch = sp->s[++i];
		switch (ch) {
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case 'r': *o++ = '\r'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'u': {
			char hex[5] = { 0 };
			long v;
			if (i + 4 >= sp->n)
				goto give_up;
			memcpy(hex, sp->s + i + 1, 4);
			v = strtol(hex, NULL, 16);
			if (v < 0x20 || v >= 0x7f)
				goto give_up; /* cJSON writes UTF-8 (or stops at \u0000) */
			*o++ = (char)v;
			i += 4;
			break;
		}
		default: *o++ = ch; break; /* \" \\ \/ */
		}
	}
	*o = '\0';
	return out;
give_up:
	free(out);
	errno = EILSEQ;
	return NULL;
}

/* A string value (copied) or a number (its literal); NULL for anything else. -1: bad input. */
static int str_value(struct scan *c, char **out)
{
	struct span sp;
	char ch = peek(c);

	free(*out);
	*out = NULL;
	if (ch == '"') {
		if (string(c, &sp))
			return -1;
		*out = unescape(&sp);
		return *out ? 0 : -1;
	}
	if (ch == '-' || (ch >= '0' && ch <= '9')) {
		const char *s = c->p;
		size_t n;
		if (skip(c))
			return -1;
		n = (size_t)(c->p - s);
		/* cJSON prints the double back as an integer: the same text only for a plain
		 * integer that a double holds exactly, and not for -0 */
		if (strspn(s + (*s == '-'), "0123456789") != n - (*s == '-') ||
		    n - (*s == '-') > EXACT_DIGITS || (*s == '-' && s[1] == '0'))
			return -1;
		*out = strndup(s, n);
		return *out ? 0 : -1;
	}
	return skip(c);
}

/* An integer (true/false as 1/0, numeric strings too, as frs_json__int); -1 when absent. */
static int int_value(struct scan *c, int64_t *out)
{
	char ch = peek(c);

	if (ch == '-' || (ch >= '0' && ch <= '9')) {
		const char *s = c->p;
		int neg = *s == '-';
		int64_t v = 0;

		if (neg)
			s++;
		c->p = s;
		while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
			if (c->p - s >= EXACT_DIGITS)
				return -1; /* past what a double holds exactly: cJSON decides */
			v = v * 10 + (*c->p++ - '0');
		}
		if (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E'))
			return -1; /* fractions: let cJSON round them */
		*out = neg ? -v : v;
		return 0;
	}
	if (ch == 't' || ch == 'f') {
		*out = ch == 't';
		return skip(c);
	}
	if (ch == '"') {
		char *s = NULL, *e = NULL;
		long long v;

		if (str_value(c, &s))
			return -1;
		/* as frs_json__int: a numeric string, in range */
		errno = 0;
		v = s && *s ? strtoll(s, &e, 10) : -1;
		*out = s && *s && !errno && e && !*e ? v : -1;
		free(s);
		return 0;
	}
	*out = -1;
	return skip(c);
}

static int msgstats(struct scan *c, struct frs_bgp_msgstats *m)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "opensSent", offsetof(struct frs_bgp_msgstats, opens_sent) },
		{ "opensRecv", offsetof(struct frs_bgp_msgstats, opens_recv) },
		{ "notificationsSent", offsetof(struct frs_bgp_msgstats, notifications_sent) },
		{ "notificationsRecv", offsetof(struct frs_bgp_msgstats, notifications_recv) },
		{ "updatesSent", offsetof(struct frs_bgp_msgstats, updates_sent) },
		{ "updatesRecv", offsetof(struct frs_bgp_msgstats, updates_recv) },
		{ "keepalivesSent", offsetof(struct frs_bgp_msgstats, keepalives_sent) },
		{ "keepalivesRecv", offsetof(struct frs_bgp_msgstats, keepalives_recv) },
		{ "routeRefreshSent", offsetof(struct frs_bgp_msgstats, route_refresh_sent) },
		{ "routeRefreshRecv", offsetof(struct frs_bgp_msgstats, route_refresh_recv) },
		{ "totalSent", offsetof(struct frs_bgp_msgstats, total_sent) },
		{ "totalRecv", offsetof(struct frs_bgp_msgstats, total_recv) },
	};
	struct span k;
	int first = 1, r;
	uint32_t seen = 0;

	if (peek(c) != '{')
		return skip(c);
	while ((r = next_key(c, &first, &k)) == 1) {
		size_t i;

		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (key_is(&k, keys[i].key))
				break;
		if (i == sizeof(keys) / sizeof(keys[0])) {
			if (skip(c))
				return -1;
			continue;
		}
		if (seen & (1u << i))
			return -1; /* given twice: cJSON's first, not our last */
		seen |= 1u << i;
		if (int_value(c, (int64_t *)(void *)((char *)m + keys[i].off)))
			return -1;
	}
	return r;
}

static int afs(struct scan *c, struct frs_bgp_peer *p)
{
	struct span k, k2;
	int first = 1, r;

	p->pfx_sent = p->pfx_recv = -1;
	if (peek(c) != '{')
		return skip(c);
	while ((r = next_key(c, &first, &k)) == 1) {
		struct frs_bgp_af *af;
		size_t cap = p->n_af; /* the peer keeps no capacity: each family asks again */
		int first2 = 1, r2;

		if (peek(c) != '{') {
			if (skip(c))
				return -1;
			continue;
		}
		if (FRS_VEC_RESERVE(p->af, cap, p->n_af + 1))
			return -1;
		af = &p->af[p->n_af++];
		memset(af, 0, sizeof(*af));
		af->accepted = af->sent = -1;
		if (!(af->name = unescape(&k)))
			return -1;
		unsigned seen = 0, bit;
		while ((r2 = next_key(c, &first2, &k2)) == 1) {
			int rc;

			if (key_is(&k2, "acceptedPrefixCounter"))
				bit = 1, rc = (seen & bit) ? -1 : int_value(c, &af->accepted);
			else if (key_is(&k2, "sentPrefixCounter"))
				bit = 2, rc = (seen & bit) ? -1 : int_value(c, &af->sent);
			else if (key_is(&k2, "routeMapForOutgoingAdvertisements"))
				bit = 4, rc = (seen & bit) ? -1 : str_value(c, &af->rmap_out);
			else
				bit = 0, rc = skip(c);
			seen |= bit;
			if (rc)
				return -1;
		}
		if (r2 < 0)
			return -1;
		p->pfx_recv = frs_json__sum(p->pfx_recv, af->accepted);
		p->pfx_sent = frs_json__sum(p->pfx_sent, af->sent);
	}
	return r;
}

static int bfd_status(struct scan *c, char **out)
{
	struct span k;
	int first = 1, r, seen = 0;

	/* this object decides: a status read from an earlier one goes */
	free(*out);
	*out = NULL;
	if (peek(c) != '{')
		return skip(c);
	while ((r = next_key(c, &first, &k)) == 1) {
		int is = key_is(&k, "status");
		if ((is && seen++) || (is ? str_value(c, out) : skip(c)))
			return -1;
	}
	return r;
}

static int peer(struct scan *c, struct frs_bgp_peers *out, const char *vrf, const struct span *key)
{
	struct frs_bgp_peer *p;
	struct span k;
	int first = 1, r, have_bfd = 0;
	uint32_t seen = 0;

	if (frs_json__grow((void **)&out->v, &out->cap, out->n, sizeof(*out->v)))
		return -1;
	p = &out->v[out->n++];
	memset(p, 0, sizeof(*p));
	memset(&p->msg, 0xff, sizeof(p->msg)); /* every counter -1 */
	p->port_foreign = -1;
	p->uptime_ms = p->conn_established = p->conn_dropped = -1;
	p->pfx_sent = p->pfx_recv = -1;
	p->vrf = strdup(vrf);
	p->peer = unescape(key);
	if (!p->vrf || !p->peer)
		return -1;
	p->is_interface = !frs_query_is_addr(p->peer);
	while ((r = next_key(c, &first, &k)) == 1) {
		static const char *const read[] = { "remoteAs", "localAs", "bgpState", "nbrDesc",
			"hostname", "peerGroup", "hostForeign", "portForeign", "bgpTimerUpMsec",
			"connectionsEstablished", "connectionsDropped", "lastResetDueTo",
			"peerBfdInfo", "bfdInfo", "messageStats", "addressFamilyInfo",
			"lastNotificationReason", "lastErrorCodeSubcode" };
		int64_t port;
		int rc;

		for (unsigned i = 0; i < sizeof(read) / sizeof(read[0]); i++)
			if (key_is(&k, read[i])) {
				if (seen & (1u << i))
					return -1; /* given twice: cJSON's first, not our last */
				seen |= 1u << i;
			}
		if (key_is(&k, "remoteAs"))
			rc = str_value(c, &p->remote_as);
		else if (key_is(&k, "localAs"))
			rc = str_value(c, &p->local_as);
		else if (key_is(&k, "bgpState"))
			rc = str_value(c, &p->state);
		else if (key_is(&k, "nbrDesc"))
			rc = str_value(c, &p->desc);
		else if (key_is(&k, "hostname"))
			rc = str_value(c, &p->hostname);
		else if (key_is(&k, "peerGroup"))
			rc = str_value(c, &p->peer_group);
		else if (key_is(&k, "hostForeign"))
			rc = str_value(c, &p->host_foreign);
		else if (key_is(&k, "portForeign")) {
			rc = int_value(c, &port);
			p->port_foreign = frs_json__port(port);
		} else if (key_is(&k, "bgpTimerUpMsec"))
			rc = int_value(c, &p->uptime_ms);
		else if (key_is(&k, "connectionsEstablished"))
			rc = int_value(c, &p->conn_established);
		else if (key_is(&k, "connectionsDropped"))
			rc = int_value(c, &p->conn_dropped);
		else if (key_is(&k, "lastResetDueTo"))
			rc = str_value(c, &p->last_reset);
		else if (key_is(&k, "lastNotificationReason"))
			rc = str_value(c, &p->last_notification);
		else if (key_is(&k, "lastErrorCodeSubcode"))
			rc = str_value(c, &p->last_error_code);
		else if (key_is(&k, "peerBfdInfo") || (key_is(&k, "bfdInfo") && !have_bfd)) {
			have_bfd |= key_is(&k, "peerBfdInfo");
			rc = bfd_status(c, &p->bfd_status);
		} else if (key_is(&k, "messageStats"))
			rc = msgstats(c, &p->msg);
		else if (key_is(&k, "addressFamilyInfo"))
			rc = afs(c, p);
		else
			rc = skip(c);
		if (rc)
			return -1;
	}
	if (p->host_foreign && strcmp(p->host_foreign, "Unknown") == 0) {
		free(p->host_foreign);
		p->host_foreign = NULL;
	}
	return r;
}

static int is_meta(const struct span *k)
{
	return key_is(k, "vrfId") || key_is(k, "vrfName") || key_is(k, "bgpNoSuchNeighbor") ||
	       key_is(k, "warning");
}

/* Is the object at c a VRF wrapper (has vrfId/vrfName among its own keys)? c is not moved. */
static int is_wrapper(const struct scan *at)
{
	struct scan c = *at;
	struct span k;
	int first = 1, r;

	while ((r = next_key(&c, &first, &k)) == 1) {
		if (key_is(&k, "vrfId") || key_is(&k, "vrfName"))
			return 1;
		if (skip(&c))
			return -1;
	}
	return r < 0 ? -1 : 0;
}

/*
 * A top-level member the cJSON path reads by lookup (the first of its name): bgpNoSuchNeighbor
 * (true only), warning (a string only). 1 when @p k is one (read), 0 when not, -1 to give up.
 */
static int top_meta(struct scan *c, struct frs_bgp_peers *out, const struct span *k,
		    unsigned *seen)
{
	unsigned bit = key_is(k, "bgpNoSuchNeighbor") ? 1 : key_is(k, "warning") ? 2 : 0;

	if (!bit)
		return 0;
	if (*seen & bit)
		return -1; /* given twice: cJSON's first, not our last */
	*seen |= bit;
	if (bit == 1) {
		out->no_such_neighbor |= peek(c) == 't';
		return skip(c) ? -1 : 1;
	}
	if (peek(c) == '"' && !out->warning)
		return str_value(c, &out->warning) ? -1 : 1;
	return skip(c) ? -1 : 1;
}

/*
 * The members of one object: peers (objects not meta). @p vrf_final: the VRF's name is known
 * (the caller's, or a vrfName seen before the peers); if not, a vrfName after them is one the
 * cJSON path would take, so the scan gives up.
 */
static int members(struct scan *c, struct frs_bgp_peers *out, const char *vrf, int top,
		   int vrf_final)
{
	struct span k;
	int first = 1, r, names = 0;
	unsigned seen = 0;

	while ((r = next_key(c, &first, &k)) == 1) {
		int rc = top ? top_meta(c, out, &k, &seen) : 0;

		if (rc < 0)
			return -1;
		if (rc)
			continue;
		if (key_is(&k, "vrfName") && (names++ || (!vrf_final && peek(c) == '"')))
			return -1;
		if (is_meta(&k) || peek(c) != '{')
			rc = skip(c);
		else
			rc = peer(c, out, vrf, &k);
		if (rc) {
			r = -1;
			break;
		}
	}
	return r;
}

/*
 * vrfName of the object at c (c is a copy, moved freely). FRR prints vrfId and vrfName before
 * the peers, so the look stops at the first peer instead of skipping the whole VRF.
 */
static int vrf_name(struct scan *c, char **out)
{
	struct span k;
	int first = 1, r;

	while ((r = next_key(c, &first, &k)) == 1) {
		if (key_is(&k, "vrfName") && peek(c) == '"')
			return str_value(c, out);
		if (!is_meta(&k) && peek(c) == '{')
			return 0;
		if (skip(c))
			return -1;
	}
	return r < 0 ? -1 : 0;
}

int frs_query__neighbors_fast(struct frs_bgp_peers *out, const char *json, const char *vrf)
{
	struct scan c = { json, json + strlen(json) };
	struct scan look;
	struct span k;
	int first = 1, r, wrapped = 0;
	unsigned seen = 0;
	size_t end;

	/* valid JSON, one value, nothing after it: else cJSON's reading (and its errors) */
	if (!frs_jcheck_value(json, (size_t)(c.end - c.p), 0, 512, &end, NULL))
		return -1;
	while (end < (size_t)(c.end - c.p) && strchr(" \t\r\n", json[end]))
		end++;
	if (json + end != c.end)
		return -1;

	/* pass 1 (cheap, mostly skipping): is any top-level member a VRF wrapper? */
	look = c;
	while ((r = next_key(&look, &first, &k)) == 1) {
		int w = peek(&look) == '{' ? is_wrapper(&look) : 0;

		if (w < 0 || skip(&look))
			return -1;
		if (w) {
			wrapped = 1;
			break;
		}
	}
	if (r < 0)
		return -1;
	if (!wrapped) {
		/* the unwrapped form may carry vrfName at the top (some releases) */
		if (!vrf) {
			struct scan v = c;
			char *vn = NULL;

			if (vrf_name(&v, &vn))
				return -1;
			r = members(&c, out, vn ? vn : "default", 1, vn != NULL);
			free(vn);
		} else {
			r = members(&c, out, vrf, 1, 1);
		}
		return r < 0 ? -1 : 0;
	}
	first = 1;
	while ((r = next_key(&c, &first, &k)) == 1) {
		struct scan v;
		char *vn = NULL, *kname;
		int r2, w = peek(&c) == '{' ? is_wrapper(&c) : 0;

		if (w < 0)
			return -1;
		if (!w) {
			if ((w = top_meta(&c, out, &k, &seen)) < 0)
				return -1;
			if (!w && skip(&c))
				return -1;
			continue;
		}
		/* a VRF named like a top-level key ("warning") is a VRF, as cJSON reads it; it is
		 * still the first member of that name */
		if (key_is(&k, "warning") || key_is(&k, "bgpNoSuchNeighbor")) {
			unsigned bit = key_is(&k, "warning") ? 2 : 1;
			if (seen & bit)
				return -1;
			seen |= bit;
		}
		v = c;
		if (vrf_name(&v, &vn))
			return -1;
		kname = vn ? NULL : unescape(&k);
		if (!vn && !kname)
			return -1;
		r2 = members(&c, out, vn ? vn : kname, 0, vn != NULL);
		free(vn);
		free(kname);
		if (r2 < 0)
			return -1;
	}
	return r < 0 ? -1 : 0;
}
