/* SPDX-License-Identifier: MIT */
/* One config line → the form FRR 8.4 prints it in (or nothing, for a default FRR hides). */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <frrshim/buf.h>

#include "../lib/vec.h"
#include "reload_int.h"

/* Split @p line into words in place; returns the count. */
static size_t split(char *line, char **w, size_t max)
{
	size_t n = 0;
	char *p = line;

	/* strtok_r's generality cost a tenth of the parse */
	while (n < max) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w[n++] = p;
		if (!(p = strchr(p, ' ')))
			break;
		*p++ = '\0';
	}
	return n;
}

static int join(struct frs_buf *b, char **w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((i && frs_buf_putc(b, ' ')) || frs_buf_puts(b, w[i]))
			return -1;
	return 0;
}

/* inet_pton(AF_INET) semantics (exactly four decimal parts 0-255, no leading zeros) without its
 * per-character overhead: IPv4 prefixes are most of a MetalLB config. Where the address ends,
 * or NULL when @p s does not start with one. */
static const char *scan_ipv4(unsigned char *bin, const char *s)
{
	for (int part = 0; part < 4; part++) {
		unsigned v = (unsigned)(*s - '0'), d;

		if (v > 9)
			return NULL;
		s++;
		/* a part that starts with 0 is just "0"; else up to two more digits */
		if (v && (d = (unsigned)(*s - '0')) <= 9) {
			v = v * 10 + d;
			s++;
			if ((d = (unsigned)(*s - '0')) <= 9) {
				v = v * 10 + d;
				s++;
			}
		}
		if (v > 255 || (unsigned)(*s - '0') <= 9)
			return NULL; /* too big, a leading zero, a fourth digit */
		bin[part] = (unsigned char)v;
		if (part < 3 && *s++ != '.')
			return NULL;
	}
	return s;
}

static int parse_ipv4(unsigned char *bin, const char *s)
{
	s = scan_ipv4(bin, s);
	return s && *s == '\0';
}

/* A prefix "A/len" with host bits cleared, IPv6 compressed; 0 when @p w is not a prefix. */
static int norm_prefix(char *dst, size_t dstlen, const char *w, int clear_host)
{
	char addr[64];
	const char *slash = strchr(w, '/');
	size_t alen = slash ? (size_t)(slash - w) : strlen(w);
	unsigned char bin[16];
	int af, bits, maxbits;
	char *end;

	if (alen >= sizeof(addr))
		return 0;
	memcpy(addr, w, alen);
	addr[alen] = '\0';
	af = memchr(addr, ':', alen) ? AF_INET6 : AF_INET;
	if (af == AF_INET ? !parse_ipv4(bin, addr) : inet_pton(af, addr, bin) != 1)
		return 0;
	maxbits = af == AF_INET ? 32 : 128;
	bits = maxbits;
	if (slash) {
		const char *d = slash + 1;
		int v = 0;
		/* at most three digits: strtol's generality is not needed */
		for (end = (char *)d; *end >= '0' && *end <= '9' && end - d < 4; end++)
			v = v * 10 + (*end - '0');
		if (*end || end == d || v > maxbits)
			return 0;
		bits = v;
	}
	{
		int changed = 0;
		if (clear_host)
			for (int i = 0; i < maxbits / 8; i++) {
				int keep = bits - i * 8;
				unsigned char old = bin[i];
				if (keep <= 0)
					bin[i] = 0;
				else if (keep < 8)
					bin[i] &= (unsigned char)(0xff << (8 - keep));
				changed |= old != bin[i];
			}
		/* dotted quads are already canonical: spare inet_ntop and printf */
		if (af == AF_INET && !changed) {
			size_t l = strlen(w);
			if (l >= dstlen)
				return 0;
			memcpy(dst, w, l + 1);
			return 1;
		}
	}
	if (!inet_ntop(af, bin, addr, sizeof(addr)))
		return 0;
	if (slash)
		snprintf(dst, dstlen, "%s/%d", addr, bits);
	else
		snprintf(dst, dstlen, "%s", addr);
	return 1;
}

void frs_rl__seq_dispose(struct seqstate *s)
{
	frs_strset_dispose(&s->keys);
	free(s->maxv);
	frs_strset_dispose(&s->seen);
	frs_arena_dispose(&s->arena);
}

/* The position of list @p lk (@p len bytes, not NUL-terminated) in st->keys, added if new. */
enum frs_err frs_rl__seq_list(struct seqstate *st, const char *lk, size_t len, size_t *pos)
{
	char *key;
	uint32_t h;

	if (st->keys.n && st->lastlen == len && memcmp(st->keys.v[st->last], lk, len) == 0) {
		*pos = st->last;
		return FRS_OK;
	}
	if (!(key = frs_arena_strndup(&st->arena, lk, len)))
		return FRS_ENOMEM;
	h = frs_hash_n(key, len);
	if (!frs_hmap_get_h(&st->keys.idx, key, h, pos)) {
		if (frs_strset_add(&st->keys, key, h))
			return FRS_ENOMEM;
		*pos = st->keys.n - 1;
		if (FRS_VEC_RESERVE(st->maxv, st->maxcap, *pos + 1))
			return FRS_ENOMEM;
		st->maxv[*pos] = 0;
	}
	st->last = *pos;
	st->lastlen = len;
	return FRS_OK;
}

/*
 * Give an entry of list @p lk (@p lklen bytes) the seq FRR would give it (highest so far rounded
 * down to 5, plus 5). *drop is set for a repeated seq-less entry, which FRR ignores.
 */
static enum frs_err seq_entry(struct seqstate *st, const char *lk, size_t lklen, const char *entry,
			      long *seq, int *drop)
{
	size_t pos;
	enum frs_err rc;

	*drop = 0;
	if (*seq < 0) {
		struct frs_buf k = FRS_BUF_INIT;
		const char *key;
		uint32_t h;
		if (frs_buf_add(&k, lk, lklen) || frs_buf_addf(&k, "|%s", entry))
			return FRS_ENOMEM;
		h = frs_hash_n(k.ptr, k.len);
		*drop = frs_strset_has_h(&st->seen, k.ptr, h);
		key = *drop ? NULL : frs_arena_strndup(&st->arena, k.ptr, k.len);
		frs_buf_dispose(&k);
		if (*drop)
			return FRS_OK;
		if (!key || frs_strset_add(&st->seen, key, h))
			return FRS_ENOMEM;
	}
	if ((rc = frs_rl__seq_list(st, lk, lklen, &pos)))
		return rc;
	if (*seq < 0)
		*seq = (long)(st->maxv[pos] / 5 * 5 + 5);
	if ((size_t)*seq > st->maxv[pos])
		st->maxv[pos] = (size_t)*seq;
	return FRS_OK;
}

/* Concatenate the NULL-terminated @p parts into @p dst; -1 when it does not fit. */
static int cat(char *dst, size_t cap, const char *const *parts)
{
	size_t len = 0;

	for (; *parts; parts++) {
		size_t l = strlen(*parts);
		if (len + l >= cap)
			return -1;
		memcpy(dst + len, *parts, l);
		len += l;
	}
	dst[len] = '\0';
	return 0;
}

static long parse_seq(const char *w)
{
	long v = 0;
	const char *d = w;

	/* FRR's seq is 1..4294967295: strtol's generality (signs, bases) is not needed */
	for (; *d >= '0' && *d <= '9' && d - w < 18; d++)
		v = v * 10 + (*d - '0');
	return *d || d == w ? -2 : v;
}

/* ip|ipv6 prefix-list NAME [seq N] permit|deny any|P [ge X] [le Y] */
static enum frs_err norm_prefix_list(struct frs_buf *out, struct seqstate *st, char **w, size_t n,
				     int *drop)
{
	size_t i = 3;
	long seq = -1;
	const char *ge = NULL, *le = NULL;
	char pfx[80], lk[512], e[640];
	enum frs_err rc;
	int k;

	if (n >= 5 && strcmp(w[3], "seq") == 0) {
		seq = parse_seq(w[4]);
		i = 5;
	}
	if (seq == -2 || i + 2 > n || (strcmp(w[i], "permit") && strcmp(w[i], "deny")))
		return join(out, w, n) ? FRS_ENOMEM : FRS_OK; /* description, sequence-number... */
	if (strcmp(w[i + 1], "any") == 0)
		snprintf(pfx, sizeof(pfx), "any");
	else if (!norm_prefix(pfx, sizeof(pfx), w[i + 1], 1))
		return FRS_EPARSE;
	for (size_t j = i + 2; j + 1 < n; j += 2) {
		if (strcmp(w[j], "ge") == 0)
			ge = w[j + 1];
		else if (strcmp(w[j], "le") == 0)
			le = w[j + 1];
		else
			return FRS_EPARSE;
	}
	if ((n - i) % 2)
		return FRS_EPARSE;
	/* printf costs more than the rest of the line's work: concatenate */
	{
		const char *pe[] = { w[i], " ", pfx, ge ? " ge " : "", ge ? ge : "",
				     le ? " le " : "", le ? le : "", NULL };
		const char *pk[] = { w[0], " ", w[1], " ", w[2], NULL };
		if (cat(e, sizeof(e), pe) || cat(lk, sizeof(lk), pk))
			return FRS_EPARSE;
	}
	if ((rc = seq_entry(st, lk, strlen(lk), e, &seq, drop)))
		return rc;
	{
		char num[24];
		const char *po[] = { lk, " seq ", num, " ", e, NULL };
		char line[1200];
		k = 0;
		{
			/* seq as decimal without printf */
			char tmp[24];
			long v = seq;
			int m = 0;
			do {
				tmp[m++] = (char)('0' + v % 10);
				v /= 10;
			} while (v && m < 23);
			while (m)
				num[k++] = tmp[--m];
			num[k] = '\0';
		}
		if (cat(line, sizeof(line), po))
			return FRS_EPARSE;
		return frs_buf_add(out, line, strlen(line));
	}
}

/* The word of @p cands that @p w abbreviates, else @p w. */
static char *complete_word(char *w, const char *const *cands)
{
	const char *x = frs_rl__complete(w, strlen(w), cands, NULL);

	return x ? (char *)x : w;
}

/* An interface command's abbreviated words completed (`ip addr` is `ip address`). */
static void complete_iface(char **w, size_t n)
{
	static const char *const first[] = { "ip", "ipv6", "description", "shutdown",
		"link-params", "bandwidth", "multicast", "evpn", "mpls", "isis", "openfabric", "pim",
		"bfd", "link-detect", "vrrp", NULL };
	static const char *const ip[] = { "address", "igmp", "ospf", "pim", "rip", "router",
		"nhrp", "multicast", "mroute", "irdp", "verify", "proxy-arp", "split-horizon",
		"summary-address", "mld", NULL };
	static const char *const ipv6[] = { "address", "nd", "ospf6", "pim", "mld", "router",
		"nhrp", "multicast", "mroute", "rip", NULL };

	if (!n || strlen(w[0]) < 2)
		return;
	w[0] = complete_word(w[0], first);
	if (n > 1 && strlen(w[1]) >= 2 && strcmp(w[0], "ip") == 0)
		w[1] = complete_word(w[1], ip);
	else if (n > 1 && strlen(w[1]) >= 2 && strcmp(w[0], "ipv6") == 0)
		w[1] = complete_word(w[1], ipv6);
}

/* `[ipv6] access-list NAME [seq N] permit|deny …`: the seq FRR assigns (max + 5) made explicit. */
static enum frs_err norm_access_list(struct frs_buf *out, struct seqstate *st, char **w, size_t n,
				     int *drop)
{
	size_t name = strcmp(w[0], "access-list") == 0 ? 1 : 2, i = name + 1;
	long seq = -1;
	struct frs_buf lk = FRS_BUF_INIT, e = FRS_BUF_INIT;
	enum frs_err rc;

	if (i + 2 <= n && strcmp(w[i], "seq") == 0) {
		seq = parse_seq(w[i + 1]);
		i += 2;
	}
	if (seq == -2 || i >= n || (strcmp(w[i], "permit") && strcmp(w[i], "deny")))
		return join(out, w, n) ? FRS_ENOMEM : FRS_OK; /* remark */
	if (join(&lk, w, name + 1) || join(&e, w + i, n - i)) {
		rc = FRS_ENOMEM;
		goto done;
	}
	if ((rc = seq_entry(st, lk.ptr, lk.len, e.ptr, &seq, drop)))
		goto done;
	rc = frs_buf_addf(out, "%s seq %ld %s", lk.ptr, seq, e.ptr) ? FRS_ENOMEM : FRS_OK;
done:
	frs_buf_dispose(&lk);
	frs_buf_dispose(&e);
	return rc;
}

/* The 32-bit value of community @p w (AA:NN or a well-known name); 0 when it is neither. */
static int community_value(const char *w, uint32_t *v)
{
	static const struct { const char *name; uint32_t v; } known[] = {
		{ "internet", 0 }, { "graceful-shutdown", 0xFFFF0000u },
		{ "accept-own", 0xFFFF0001u }, { "route-filter-translated-v4", 0xFFFF0002u },
		{ "route-filter-v4", 0xFFFF0003u }, { "route-filter-translated-v6", 0xFFFF0004u },
		{ "route-filter-v6", 0xFFFF0005u }, { "llgr-stale", 0xFFFF0006u },
		{ "no-llgr", 0xFFFF0007u }, { "accept-own-nexthop", 0xFFFF0008u },
		{ "blackhole", 0xFFFF029Au }, { "no-export", 0xFFFFFF01u },
		{ "no-advertise", 0xFFFFFF02u }, { "local-AS", 0xFFFFFF03u }, { "no-peer", 0xFFFFFF04u },
	};
	char *end;
	unsigned long a, b;

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(w, known[i].name) == 0) {
			*v = known[i].v;
			return 1;
		}
	if (!isdigit((unsigned char)*w))
		return 0;
	a = strtoul(w, &end, 10);
	if (*end != ':' || a > 65535 || !isdigit((unsigned char)end[1]))
		return 0;
	b = strtoul(end + 1, &end, 10);
	if (*end || b > 65535)
		return 0;
	*v = (uint32_t)(a << 16 | b);
	return 1;
}

/* `set community V…`: FRR parses the values and prints them sorted and unique (additive last). */
static void norm_set_community(char **w, size_t *n)
{
	uint32_t v[64];
	size_t k = 0, end = *n;
	int additive = end > 2 && strcmp(w[end - 1], "additive") == 0;

	if (additive)
		end--;
	for (size_t i = 2; i < end; i++)
		if (k >= 64 || !community_value(w[i], &v[k++]))
			return; /* none, or a form we leave to FRR */
	/* insertion sort of words by value: at most a few dozen */
	for (size_t i = 3; i < end; i++)
		for (size_t j = i; j > 2 && v[j - 3] > v[j - 2]; j--) {
			uint32_t tv = v[j - 3];
			char *tw = w[j - 1];
			v[j - 3] = v[j - 2];
			v[j - 2] = tv;
			w[j - 1] = w[j];
			w[j] = tw;
		}
	{
		size_t o = 2;
		for (size_t i = 2; i < end; i++)
			if (o == 2 || v[i - 2] != v[o - 3]) {
				v[o - 2] = v[i - 2];
				w[o++] = w[i];
			}
		if (additive)
			w[o++] = "additive";
		*n = o;
	}
}

/* `aggregate-address P [options]` in the order bgpd prints them. */
static void norm_aggregate(char **w, size_t *n)
{
	static const char *const order[] = { "as-set", "summary-only", "route-map", "origin",
					     "matching-MED-only", "suppress-map", NULL };
	char *o[64];
	size_t k = 2;

	if (*n > 64)
		return;
	for (const char *const *opt = order; *opt; opt++)
		for (size_t i = 2; i < *n; i++)
			if (strcmp(w[i], *opt) == 0) {
				o[k++] = w[i];
				if ((strcmp(*opt, "route-map") == 0 || strcmp(*opt, "origin") == 0 ||
				     strcmp(*opt, "suppress-map") == 0) && i + 1 < *n)
					o[k++] = w[i + 1];
			}
	if (k != *n)
		return; /* a word we do not know: left as it is */
	for (size_t i = 2; i < k; i++)
		w[i] = o[i];
}

/* Whether @p line under link-params is a bandwidth FRR prints with %g. */
static int is_bandwidth(char **w, size_t n, size_t *at)
{
	static const char *const one[] = { "max-bw", "max-rsv-bw", "ava-bw", "res-bw", "use-bw",
					   NULL };
	for (const char *const *p = one; *p; p++)
		if (n == 2 && strcmp(w[0], *p) == 0) {
			*at = 1;
			return 1;
		}
	if (n == 3 && strcmp(w[0], "unrsv-bw") == 0) {
		*at = 2;
		return 1;
	}
	return 0;
}

/* Digits without a leading zero, at most @p max of them, then a space or the end; past them or NULL. */
static const char *plain_number(const char *p, int max)
{
	const char *d = p;

	if (*p == '0')
		return p[1] == ' ' || p[1] == '\0' ? p + 1 : NULL;
	while (*p >= '0' && *p <= '9' && p - d < max)
		p++;
	return p != d && (*p == ' ' || *p == '\0') ? p : NULL;
}

/* Whether the @p e - @p p bytes at @p p start with the literal @p lit (a compare the compiler
 * inlines: strncmp() was a tenth of the parse). */
#define AT(p, e, lit) ((size_t)((e) - (p)) >= sizeof(lit) - 1 && memcmp(p, lit, sizeof(lit) - 1) == 0)

/* An IPv4 "A.B.C.D/L" in FRR's form (no leading zeros, host bits clear) at @p p: past it, or
 * NULL. */
static const char *plain_ipv4_prefix(const char *p)
{
	unsigned char bin[4];
	unsigned bits = 0;
	const char *n;

	if (!(p = scan_ipv4(bin, p)) || *p++ != '/' || !(n = plain_number(p, 2)))
		return NULL;
	for (; p < n; p++)
		bits = bits * 10 + (unsigned)(*p - '0');
	if (bits > 32 || (bits < 32 && ((uint32_t)bin[0] << 24 | (uint32_t)bin[1] << 16 |
					(uint32_t)bin[2] << 8 | bin[3]) << bits))
		return NULL;
	return p;
}

/* "network A.B.C.D/L" in FRR's form, which frs_rl__norm_line() keeps as it is under router bgp: a
 * MetalLB config has one per service IP. */
int frs_rl__plain_network(const char *s, const char *e, char *const *keys)
{
	return AT(s, e, "network ") && strncmp(keys[0], "router bgp ", 11) == 0 &&
	       plain_ipv4_prefix(s + 8) == e;
}

/*
 * Whether @p s (up to @p e) is an IPv4 prefix-list entry already in the form FRR prints, which frs_rl__norm_line()
 * would keep as it is: "ip prefix-list NAME seq N permit|deny any|A.B.C.D/L[ ge X][ le Y]", single
 * spaces, host bits clear, no leading zeros. Such lines are most of a MetalLB config and skip the
 * word splitting. The length of the list key ("ip prefix-list NAME") and *seq, or 0.
 */
size_t frs_rl__plain_plist_entry(const char *s, const char *e, long *seq)
{
	const char *p, *name_end, *n;

	if (!AT(s, e, "ip prefix-list "))
		return 0;
	p = s + 15;
	name_end = memchr(p, ' ', (size_t)(e - p));
	/* a name that looks like an IPv6 address is rewritten by frs_rl__norm_line() */
	if (!name_end || name_end == p || memchr(p, ':', (size_t)(name_end - p)) ||
	    !AT(name_end, e, " seq ") || *(p = name_end + 5) == '0' ||
	    !(n = plain_number(p, 10)) || *n != ' ')
		return 0;
	*seq = 0;
	for (; p < n; p++)
		*seq = *seq * 10 + (*p - '0');
	p = n + 1;
	if (AT(p, e, "permit "))
		p += 7;
	else if (AT(p, e, "deny "))
		p += 5;
	else
		return 0;
	if (e - p == 3 && memcmp(p, "any", 3) == 0)
		return (size_t)(name_end - s);
	if (!(p = plain_ipv4_prefix(p)))
		return 0;
	if (AT(p, e, " ge ") && !(p = plain_number(p + 4, 2)))
		return 0;
	if (AT(p, e, " le ") && !(p = plain_number(p + 4, 2)))
		return 0;
	return p == e ? (size_t)(name_end - s) : 0;
}

/* bgp community-list|large-community-list|extcommunity-list [standard|expanded] NAME [seq N] ...;
 * bgp as-path access-list NAME [seq N] permit|deny REGEX */
static enum frs_err norm_clist(struct frs_buf *out, struct seqstate *st, char **w, size_t n,
			       int *drop)
{
	size_t name, i;
	long seq = -1;
	struct frs_buf e = FRS_BUF_INIT, lk = FRS_BUF_INIT;
	enum frs_err rc = FRS_ENOMEM;

	if (strcmp(w[1], "as-path") == 0)
		name = 3;
	else if (n > 3 && (strcmp(w[2], "standard") == 0 || strcmp(w[2], "expanded") == 0))
		name = 3;
	else
		name = 2;
	i = name + 1;
	if (n > i + 1 && strcmp(w[i], "seq") == 0) {
		seq = parse_seq(w[i + 1]);
		i += 2;
	}
	if (seq == -2 || i + 1 >= n || (strcmp(w[i], "permit") && strcmp(w[i], "deny")))
		return join(out, w, n) ? FRS_ENOMEM : FRS_OK;
	if (join(&lk, w, name + 1) || join(&e, w + i, n - i))
		goto done;
	if ((rc = seq_entry(st, lk.ptr, lk.len, e.ptr, &seq, drop)))
		goto done;
	rc = frs_buf_addf(out, "%s seq %ld %s", lk.ptr, seq, e.ptr);
done:
	frs_buf_dispose(&e);
	frs_buf_dispose(&lk);
	return rc;
}

/*
 * Normalise one line (a top-level key or a body line under @p keys) to FRR 8.4's printed form,
 * into @p out (cleared first; a buffer the parser reuses: no allocation per line). *present is
 * 0 when FRR would not show the line (a default).
 */
enum frs_err frs_rl__norm_line(struct frs_buf *out, int *present, char *const *keys, size_t nkeys,
			      const char *line, struct seqstate *st)
{
	char stackcopy[512], *heapcopy = NULL, *copy, *w[64];
	size_t linelen = strlen(line);
	char pfx[80];
	size_t n;
	struct frs_buf b = FRS_BUF_INIT;
	enum frs_err rc = FRS_OK;
	int drop = 0;
	const char *top = nkeys ? keys[0] : "";
	int in_bgp = strncmp(top, "router bgp ", 11) == 0;

	*present = 0;
	frs_buf_clear(out);
	if (linelen < sizeof(stackcopy)) {
		copy = stackcopy;
	} else if (!(copy = heapcopy = malloc(linelen + 1))) {
		return FRS_ENOMEM;
	}
	memcpy(copy, line, linelen + 1);
	n = split(copy, w, sizeof(w) / sizeof(w[0]));
	if (n == 0)
		goto done;
	/* IPv6 words compressed as FRR prints them; communities (a:b) are not addresses */
	for (size_t i = 0; i < n; i++)
		if (strchr(w[i], ':') && norm_prefix(pfx, sizeof(pfx), w[i], 0) &&
		    strcmp(pfx, w[i]) != 0) {
			/* pfx fits in the word only when shorter; rebuild through the buffer */
			char *nw = strdup(pfx);
			if (!nw) {
				rc = FRS_ENOMEM;
				goto done;
			}
			w[i] = nw;
			/* remember to free: store in a side list */
			frs_buf_add(&b, &nw, sizeof(nw));
		}

	if (nkeys == 0 && n >= 4 && (strcmp(w[0], "ip") == 0 || strcmp(w[0], "ipv6") == 0) &&
	    strcmp(w[1], "prefix-list") == 0) {
		rc = norm_prefix_list(out, st, w, n, &drop);
		*present = !rc && !drop;
		goto done;
	}
	if (nkeys == 0 && n >= 4 && (strcmp(w[0], "access-list") == 0 ||
				     (strcmp(w[0], "ipv6") == 0 && strcmp(w[1], "access-list") == 0))) {
		rc = norm_access_list(out, st, w, n, &drop);
		*present = !rc && !drop;
		goto done;
	}
	/* both directions, shown one by one */
	if (nkeys == 0 && n == 3 && strcmp(w[0], "debug") == 0 && strcmp(w[1], "bgp") == 0 &&
	    strcmp(w[2], "updates") == 0) {
		rc = frs_buf_puts(out, "debug bgp updates in\ndebug bgp updates out") ? FRS_ENOMEM : FRS_OK;
		*present = !rc;
		goto done;
	}
	if (nkeys == 0 && n >= 3 && strcmp(w[0], "debug") == 0 && strcmp(w[1], "zebra") == 0) {
		static const char *const what[] = { "events", "packet", "kernel", "rib", "dplane",
			"nht", "fpm", "mpls", "vxlan", "pseudowires", "nexthop", "evpn", "srv6", "mlag",
			"pbr", "neighbor", "tc", "vrf", NULL };
		w[2] = complete_word(w[2], what);
		/* `detail` is `detailed` (8.4 shows the dpdk provider's line beside it: the
		 * version's form, frs_conf_for_frr()) */
		if (strcmp(w[2], "dplane") == 0) {
			size_t lvl = n >= 4 && strcmp(w[3], "dpdk") == 0 ? 4 : 3;
			if (n == lvl + 1 && strlen(w[lvl]) >= 2 &&
			    strncmp("detailed", w[lvl], strlen(w[lvl])) == 0)
				w[lvl] = "detailed";
		}
	}
	/* deprecated, does nothing, never shown (8.4) */
	if (nkeys == 0 && n >= 2 && strcmp(w[0], "log") == 0 && strcmp(w[1], "monitor") == 0)
		goto done;
	/* vrf-lite: interface names are global, and FRR prints them without their vrf */
	if (nkeys == 0 && n == 4 && strcmp(w[0], "interface") == 0 && strcmp(w[2], "vrf") == 0)
		n = 2;
	if (nkeys == 1 && strncmp(top, "interface ", 10) == 0) {
		size_t at = strcmp(w[0], "no") == 0;
		complete_iface(w + at, n - at);
		if (n == 2 && at && strcmp(w[1], "shutdown") == 0)
			goto done; /* the default */
		if (n == 3 && !at && strcmp(w[0], "ipv6") == 0 && strcmp(w[1], "nd") == 0 &&
		    strcmp(w[2], "suppress-ra") == 0)
			goto done; /* the default: FRR shows `no ipv6 nd suppress-ra` only */
	}
	if (nkeys == 2 && strcmp(keys[1], "link-params") == 0) {
		size_t at;
		char *end;
		double bw;
		if (is_bandwidth(w, n, &at) && (bw = strtod(w[at], &end), !*end)) {
			char num[48], *nw;
			snprintf(num, sizeof(num), "%g", bw);
			if (!(nw = strdup(num))) {
				rc = FRS_ENOMEM;
				goto done;
			}
			frs_buf_add(&b, &nw, sizeof(nw));
			w[at] = nw;
		}
	}
	if (nkeys >= 1 && strncmp(top, "route-map ", 10) == 0 && n >= 3 &&
	    strcmp(w[0], "set") == 0 && strcmp(w[1], "community") == 0)
		norm_set_community(w, &n);
	if (nkeys == 0 && n >= 5 && strcmp(w[0], "bgp") == 0 &&
	    (strcmp(w[1], "community-list") == 0 || strcmp(w[1], "large-community-list") == 0 ||
	     strcmp(w[1], "extcommunity-list") == 0 ||
	     (strcmp(w[1], "as-path") == 0 && strcmp(w[2], "access-list") == 0))) {
		rc = norm_clist(out, st, w, n, &drop);
		*present = !rc && !drop;
		goto done;
	}
	/* ip route P ... (top level or in a vrf): host bits, Null0 */
	if (n >= 3 && (strcmp(w[0], "ip") == 0 || strcmp(w[0], "ipv6") == 0) &&
	    strcmp(w[1], "route") == 0) {
		char p2[80];
		if (norm_prefix(p2, sizeof(p2), w[2], 1)) {
			char *nw = strdup(p2);
			if (!nw) {
				rc = FRS_ENOMEM;
				goto done;
			}
			frs_buf_add(&b, &nw, sizeof(nw));
			w[2] = nw;
		}
		for (size_t i = 3; i < n; i++)
			if (strcasecmp(w[i], "null0") == 0)
				w[i] = "Null0";
	}
	if (in_bgp) {
		/* the defaults of `frr defaults traditional` */
		if (nkeys == 1 && n == 4 && strcmp(w[0], "timers") == 0 && strcmp(w[1], "bgp") == 0 &&
		    strcmp(w[2], "60") == 0 && strcmp(w[3], "180") == 0)
			goto done;
		/* both profiles' default, never shown (only its `no` form is; 8.4.4, 10.3, 10.7) */
		if (nkeys == 1 && n == 3 && strcmp(w[0], "bgp") == 0 &&
		    strcmp(w[1], "network") == 0 && strcmp(w[2], "import-check") == 0)
			goto done;
		/* a vni's route-target AS:VNI is the one bgpd derives (auto), never shown */
		if (nkeys == 3 && strncmp(keys[2], "vni ", 4) == 0 && n == 3 &&
		    strcmp(w[0], "route-target") == 0 &&
		    (strcmp(w[1], "import") == 0 || strcmp(w[1], "export") == 0 ||
		     strcmp(w[1], "both") == 0)) {
			char rt[64];
			const char *asn = keys[0] + 11;
			snprintf(rt, sizeof(rt), "%.*s:%s", (int)strcspn(asn, " "), asn, keys[2] + 4);
			if (strcmp(w[2], rt) == 0 && strtoul(asn, NULL, 10) <= 65535)
				goto done;
		}
		/* `route-target both X` is shown as its import and its export */
		if (nkeys >= 2 && n == 3 && strcmp(w[0], "route-target") == 0 &&
		    strcmp(w[1], "both") == 0) {
			rc = frs_buf_addf(out, "route-target import %s\nroute-target export %s", w[2],
					  w[2]) ? FRS_ENOMEM : FRS_OK;
			*present = !rc;
			goto done;
		}
		/* network A[/len]: host bits cleared; a bare IPv4 address is classful */
		if ((strcmp(w[0], "network") == 0 || strcmp(w[0], "aggregate-address") == 0) &&
		    n >= 2) {
			char p2[80];
			if (!strchr(w[1], '/') && !strchr(w[1], ':') && n == 2) {
				unsigned a = (unsigned)atoi(w[1]);
				snprintf(p2, sizeof(p2), "%s/%d", w[1], a < 128 ? 8 : a < 192 ? 16 : 24);
			} else {
				snprintf(p2, sizeof(p2), "%s", w[1]);
			}
			if (norm_prefix(pfx, sizeof(pfx), p2, 1)) {
				char *nw = strdup(pfx);
				if (!nw) {
					rc = FRS_ENOMEM;
					goto done;
				}
				frs_buf_add(&b, &nw, sizeof(nw));
				w[1] = nw;
			}
			if (strcmp(w[0], "aggregate-address") == 0)
				norm_aggregate(w, &n);
		}
		/* `bfd profile P` turns BFD on: FRR shows `neighbor X bfd` beside it */
		if (nkeys == 1 && n == 5 && strcmp(w[0], "neighbor") == 0 &&
		    strcmp(w[2], "bfd") == 0 && strcmp(w[3], "profile") == 0) {
			rc = frs_buf_addf(out, "neighbor %s bfd\nneighbor %s bfd profile %s", w[1], w[1],
					  w[4]) ? FRS_ENOMEM : FRS_OK;
			*present = !rc;
			goto done;
		}
		if (nkeys == 1 && n >= 3 && strcmp(w[0], "neighbor") == 0) {
			/* the deprecated timers form at BFD's defaults: shown bare */
			if (n == 6 && strcmp(w[2], "bfd") == 0 && strcmp(w[3], "3") == 0 &&
			    strcmp(w[4], "300") == 0 && strcmp(w[5], "300") == 0)
				n = 3;
			if (n == 3 && strcmp(w[2], "ebgp-multihop") == 0)
				w[n++] = "255";
			else if (n == 4 && strcmp(w[2], "port") == 0 && strcmp(w[3], "179") == 0)
				goto done; /* the default, never shown */
		}
		if (nkeys == 1 && n == 5 && strcmp(w[0], "bgp") == 0 &&
		    strcmp(w[1], "bestpath") == 0 && strcmp(w[3], "multipath-relax") == 0 &&
		    strcmp(w[4], "no-as-set") == 0)
			n = 4; /* accepted, ignored: FRR shows the bare form */
		if (nkeys == 1 && n == 4 && strcmp(w[0], "bgp") == 0 &&
		    strcmp(w[1], "graceful-restart") == 0 &&
		    ((strcmp(w[2], "restart-time") == 0 && strcmp(w[3], "120") == 0) ||
		     (strcmp(w[2], "stalepath-time") == 0 && strcmp(w[3], "360") == 0) ||
		     (strcmp(w[2], "select-defer-time") == 0 && strcmp(w[3], "360") == 0)))
			goto done;
	}
	if (nkeys == 2 && strcmp(top, "bfd") == 0) {
		static const char *const defaults[] = {
			"receive-interval 300", "transmit-interval 300", "detect-multiplier 3",
			"echo receive-interval 50", "echo transmit-interval 50", "echo-interval 50",
			"minimum-ttl 254", "no shutdown", NULL
		};
		struct frs_buf t = FRS_BUF_INIT;
		int isdef = 0;
		if (join(&t, w, n)) {
			rc = FRS_ENOMEM;
			goto done;
		}
		for (const char *const *d = defaults; *d; d++)
			isdef |= strcmp(t.ptr, *d) == 0;
		frs_buf_dispose(&t);
		if (isdef)
			goto done;
	}
	if (join(out, w, n)) {
		rc = FRS_ENOMEM;
		goto done;
	}
	*present = 1;
done:
	for (size_t i = 0; i + sizeof(char *) <= b.len; i += sizeof(char *)) {
		char *p;
		memcpy(&p, b.ptr + i, sizeof(p));
		free(p);
	}
	frs_buf_dispose(&b);
	free(heapcopy);
	return rc;
}
