/* SPDX-License-Identifier: MIT */
/* Documents → the typed model: kinds sorted out, values converted, arrays in a stable order. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <frrshim/buf.h>
#include <frrshim/model.h>

#include "../lib/arena.h"
#include "../lib/base64.h"
#include "../lib/vec.h"
#include "model_int.h"

struct mpriv {
	struct frs_arena arena; /* everything the typed arrays point to */
	/* the typed arrays themselves are on the heap: they grow as sets of documents are added */
	size_t cap[FRS_KIND_LAST + 1];
};

/* ---- kinds ------------------------------------------------------------------------------ */

struct kind_def {
	const char *api_version;
	const char *kind;
	enum frs_kind k;
	bool cluster_scoped;
};

/* What frrshim reads; BGPPeer in both served versions (v1beta1 is converted when read). */
static const struct kind_def kinds[] = {
	{ "metallb.io/v1beta2", "BGPPeer", FRS_KIND_BGPPEER, false },
	{ "metallb.io/v1beta1", "BGPPeer", FRS_KIND_BGPPEER, false },
	{ "metallb.io/v1beta1", "IPAddressPool", FRS_KIND_IPADDRESSPOOL, false },
	{ "metallb.io/v1beta1", "BGPAdvertisement", FRS_KIND_BGPADVERTISEMENT, false },
	{ "metallb.io/v1beta1", "L2Advertisement", FRS_KIND_L2ADVERTISEMENT, false },
	{ "metallb.io/v1beta1", "Community", FRS_KIND_COMMUNITY, false },
	{ "metallb.io/v1beta1", "BFDProfile", FRS_KIND_BFDPROFILE, false },
	{ "v1", "Secret", FRS_KIND_SECRET, false },
	{ "v1", "Service", FRS_KIND_SERVICE, false },
	{ "v1", "Node", FRS_KIND_NODE, true },
	{ "v1", "Namespace", FRS_KIND_NAMESPACE, true },
	{ "discovery.k8s.io/v1", "EndpointSlice", FRS_KIND_ENDPOINTSLICE, false },
};

#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

const char *frs_kind_name(enum frs_kind kind)
{
	switch (kind) {
	case FRS_KIND_BGPPEER: return "BGPPeer";
	case FRS_KIND_IPADDRESSPOOL: return "IPAddressPool";
	case FRS_KIND_BGPADVERTISEMENT: return "BGPAdvertisement";
	case FRS_KIND_L2ADVERTISEMENT: return "L2Advertisement";
	case FRS_KIND_COMMUNITY: return "Community";
	case FRS_KIND_BFDPROFILE: return "BFDProfile";
	case FRS_KIND_SECRET: return "Secret";
	case FRS_KIND_SERVICE: return "Service";
	case FRS_KIND_NODE: return "Node";
	case FRS_KIND_ENDPOINTSLICE: return "EndpointSlice";
	case FRS_KIND_NAMESPACE: return "Namespace";
	}
	return "?";
}

static const struct kind_def *kind_of(const char *av, const char *k)
{
	if (!av || !k)
		return NULL;
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].api_version, av) == 0 && strcmp(kinds[i].kind, k) == 0)
			return &kinds[i];
	return NULL;
}

static const struct kind_def *find_kind(const struct frs_node *root)
{
	return kind_of(frs_node_str(root, "apiVersion"), frs_node_str(root, "kind"));
}

bool frs_model_reads_kind(const char *api_version, const char *kind)
{
	return kind_of(api_version, kind) != NULL;
}

static enum frs_err req_field(const struct frs_node *root, const char *path, const char *kind,
			      struct frs_errlist *errs)
{
	const struct frs_node *n = frs_node_path(root, path);
	const struct frs_node *parent = root;
	const char *dot = strrchr(path, '.');
	char buf[64];

	if (n && n->type == FRS_NODE_SCALAR && *n->scalar)
		return FRS_OK;
	/* a missing metadata.name is reported where metadata is */
	if (!n && dot && (size_t)(dot - path) < sizeof(buf)) {
		memcpy(buf, path, (size_t)(dot - path));
		buf[dot - path] = 0;
		if (!(parent = frs_node_path(root, buf)))
			parent = root;
	}
	return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINVALID,
				  .loc = n ? &n->loc : &parent->loc, .kind = kind, .path = path),
				  n ? "must be a non-empty string" : "required field is missing");
}

enum frs_err frs_model__classify(const struct frs_docset *set, bool *known,
				 struct frs_errlist *errs)
{
	for (size_t i = 0; i < set->ndocs; i++) {
		const struct frs_node *root = set->docs[i].root;
		const struct kind_def *def;
		enum frs_err rc;
		bool bad = false;

		known[i] = false;
		if (root->type != FRS_NODE_MAP) {
			rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINVALID,
						.loc = &root->loc),
						"a resource must be an object with apiVersion, kind and metadata");
			if (rc == FRS_ENOMEM)
				return rc;
			continue;
		}
		for (size_t k = 0; k < 2; k++) {
			rc = req_field(root, k ? "kind" : "apiVersion", NULL, errs);
			if (rc == FRS_ENOMEM)
				return rc;
			bad |= rc != FRS_OK;
		}
		if (bad)
			continue;
		def = find_kind(root);
		if (!def) {
			const struct frs_node *kn = frs_node_get(root, "kind");
			rc = frs_errlist_report(errs, FRS_DIAG(.sev = FRS_SEV_WARNING,
						.code = FRS_EINVALID, .loc = &kn->loc),
						"unknown kind %s (apiVersion %s): ignored",
						kn->scalar, frs_node_str(root, "apiVersion"));
			if (rc == FRS_ENOMEM)
				return rc;
			continue;
		}
		rc = req_field(root, "metadata.name", def->kind, errs);
		if (rc == FRS_ENOMEM)
			return rc;
		known[i] = rc == FRS_OK;
	}
	return FRS_OK;
}

/* ---- values ----------------------------------------------------------------------------- */

struct conv {
	struct frs_model *m;
	struct frs_arena *a;
	struct frs_errlist *errs;
	enum frs_err rc; /* FRS_ENOMEM once anything failed to allocate */
};

static char *cstr(struct conv *c, const struct frs_node *map, const char *key)
{
	const char *s = frs_node_str(map, key);
	char *r;

	if (!s)
		return NULL;
	r = frs_arena_strdup(c->a, s);
	if (!r)
		c->rc = FRS_ENOMEM;
	return r;
}

static bool cbool(const struct frs_node *map, const char *key, bool def)
{
	const char *s = frs_node_str(map, key);

	if (!s)
		return def;
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return true;
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return false;
	return def;
}

/* A decimal in [lo, hi]; false (and *out untouched) if absent or not one. */
static bool cint(const struct frs_node *map, const char *key, int64_t lo, int64_t hi, int64_t *out)
{
	const char *s = frs_node_str(map, key);
	char *end;
	long long v;

	if (!s || !*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end || errno || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static uint32_t cu32(const struct frs_node *map, const char *key, uint32_t def)
{
	int64_t v;

	return cint(map, key, 0, UINT32_MAX, &v) ? (uint32_t)v : def;
}

/* Go's leadingInt: digits into @p x; false on overflow past 1<<63. */
static bool dur_int(const char **s, uint64_t *x)
{
	*x = 0;
	for (; isdigit((unsigned char)**s); (*s)++) {
		if (*x > (1ULL << 63) / 10)
			return false;
		*x = *x * 10 + (uint64_t)(**s - '0');
		if (*x > 1ULL << 63)
			return false;
	}
	return true;
}

/* Go's leadingFraction: digits kept while they fit, the rest read and dropped. */
static void dur_frac(const char **s, uint64_t *x, double *scale)
{
	bool overflow = false;

	*x = 0;
	*scale = 1;
	for (; isdigit((unsigned char)**s); (*s)++) {
		uint64_t y;
		if (overflow)
			continue;
		if (*x > ((1ULL << 63) - 1) / 10) {
			overflow = true;
			continue;
		}
		y = *x * 10 + (uint64_t)(**s - '0');
		if (y > 1ULL << 63) {
			overflow = true;
			continue;
		}
		*x = y;
		*scale *= 10;
	}
}

/* time.ParseDuration, step for step (Go 1.21 src/time/format.go), so that MetalLB and we
 * agree on every input: the same grammar, the same float rounding of fractions, the same
 * overflow bounds. */
int frs_model__parse_duration_ns(const char *s, int64_t *ns)
{
	static const struct {
		const char *unit;
		uint64_t ns;
	} units[] = {
		{ "ns", 1ULL }, { "us", 1000ULL }, { "\xc2\xb5s", 1000ULL }, { "\xce\xbcs", 1000ULL },
		{ "ms", 1000000ULL }, { "s", 1000000000ULL }, { "m", 60000000000ULL },
		{ "h", 3600000000000ULL },
	};
	uint64_t d = 0;
	bool neg = false;

	if (!s)
		return -1;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (strcmp(s, "0") == 0) {
		*ns = 0;
		return 0;
	}
	if (!*s)
		return -1;
	while (*s) {
		uint64_t v, f = 0, unit = 0;
		double scale = 1;
		const char *start = s;
		bool pre, post = false;
		size_t ulen;

		if (!(*s == '.' || isdigit((unsigned char)*s)))
			return -1;
		if (!dur_int(&s, &v))
			return -2;
		pre = s != start;
		if (*s == '.') {
			const char *fs = ++s;
			dur_frac(&s, &f, &scale);
			post = s != fs;
		}
		if (!pre && !post)
			return -1;
		ulen = strcspn(s, "0123456789.");
		if (!ulen)
			return -1;
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (strlen(units[i].unit) == ulen && strncmp(s, units[i].unit, ulen) == 0) {
				unit = units[i].ns;
				break;
			}
		if (!unit)
			return -1;
		s += ulen;
		if (v > (1ULL << 63) / unit)
			return -2;
		v *= unit;
		if (f > 0) {
			/* float64, as Go: exact to the ns for fractions of an hour */
			v += (uint64_t)((double)f * ((double)unit / scale));
			if (v > 1ULL << 63)
				return -2;
		}
		d += v;
		if (d > 1ULL << 63)
			return -2;
	}
	if (neg) {
		*ns = d == 1ULL << 63 ? INT64_MIN : -(int64_t)d;
		return 0;
	}
	if (d > (1ULL << 63) - 1)
		return -2;
	*ns = (int64_t)d;
	return 0;
}

int frs_model__parse_duration(const char *s, int64_t *ms)
{
	int64_t ns;
	int rc = frs_model__parse_duration_ns(s, &ns);

	if (rc)
		return rc;
	*ms = ns / 1000000; /* Duration.Milliseconds(): toward zero */
	return 0;
}

static struct frs_duration cduration(const struct frs_node *map, const char *key)
{
	struct frs_duration d = { false, 0 };

	if (frs_model__parse_duration(frs_node_str(map, key), &d.ms) == 0)
		d.set = true;
	else
		d.ms = 0;
	return d;
}

/*
 * Go's net.ParseIP, which MetalLB uses for every address it reads: dotted quads without leading
 * zeros, or IPv6 text; an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address (Go
 * stores it in 16 bytes but To4() succeeds, and MetalLB picks the family, the mask and the
 * printed form through To4()). No zone, no spaces.
 */
bool frs_ip_parse(struct frs_prefix *out, const char *s)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	struct frs_prefix p = { 0 };

	if (!s)
		return false;
	if (inet_pton(AF_INET, s, p.addr) == 1) {
		p.family = AF_INET;
		p.len = 32;
	} else if (inet_pton(AF_INET6, s, p.addr) == 1) {
		p.family = AF_INET6;
		p.len = 128;
		if (memcmp(p.addr, mapped, sizeof(mapped)) == 0) {
			memmove(p.addr, p.addr + 12, 4);
			memset(p.addr + 4, 0, 12);
			p.family = AF_INET;
			p.len = 32;
		}
	} else {
		return false;
	}
	*out = p;
	return true;
}

static int parse_ip(const char *s, int *family, uint8_t addr[16])
{
	struct frs_prefix p;

	if (!frs_ip_parse(&p, s))
		return -1;
	*family = p.family;
	memcpy(addr, p.addr, 16);
	return 0;
}

int frs_model__canon_ip(const char *s, char *buf, size_t size)
{
	uint8_t addr[16];
	int family;

	if (!s || parse_ip(s, &family, addr) != 0)
		return -1;
	return inet_ntop(family, addr, buf, (socklen_t)size) ? 0 : -1;
}

static char *cip(struct conv *c, const struct frs_node *map, const char *key)
{
	char buf[INET6_ADDRSTRLEN];
	char *r;

	if (frs_model__canon_ip(frs_node_str(map, key), buf, sizeof(buf)) != 0)
		return NULL;
	r = frs_arena_strdup(c->a, buf);
	if (!r)
		c->rc = FRS_ENOMEM;
	return r;
}

typedef unsigned __int128 u128;

static u128 to_u128(const uint8_t *addr, int family)
{
	u128 v = 0;

	for (int i = 0; i < (family == AF_INET ? 4 : 16); i++)
		v = (v << 8) | addr[i];
	return v;
}

static void from_u128(struct frs_prefix *p, u128 v, int family, unsigned len)
{
	int n = family == AF_INET ? 4 : 16;

	memset(p, 0, sizeof(*p));
	p->family = family;
	p->len = len;
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p->addr[i] = (uint8_t)v;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

int frs_model__parse_range(const char *s, struct frs_prefix *out, size_t max)
{
	char buf[128];
	const char *dash, *slash;
	uint8_t a[16], b[16];
	int fa, fb, bits;
	u128 start, end;
	size_t n = 0;

	if (!s || strlen(s) >= sizeof(buf))
		return -1;
	dash = strchr(s, '-');
	if (!dash) {
		/* net.ParseCIDR: the address with its host bits cleared */
		char *end_ptr;
		unsigned long len;
		slash = strchr(s, '/');
		if (!slash || slash - s >= (ptrdiff_t)sizeof(buf))
			return -1;
		memcpy(buf, s, (size_t)(slash - s));
		buf[slash - s] = 0;
		if (inet_pton(AF_INET, buf, a) == 1)
			fa = AF_INET;
		else if (inet_pton(AF_INET6, buf, a) == 1)
			fa = AF_INET6;
		else
			return -1;
		bits = fa == AF_INET ? 32 : 128;
		if (!isdigit((unsigned char)slash[1]))
			return -1;
		errno = 0;
		len = strtoul(slash + 1, &end_ptr, 10);
		if (*end_ptr || errno || len > (unsigned long)bits || max < 1)
			return -1;
		start = to_u128(a, fa);
		/* a /0 keeps no bits (and shifting a u128 by 128 is undefined) */
		if (len == 0)
			start = 0;
		else if (len < (unsigned long)bits)
			start &= ~((((u128)1) << (bits - (int)len)) - 1);
		from_u128(&out[0], start, fa, (unsigned)len);
		return 1;
	}
	/* "start-end", spaces allowed around either address */
	memcpy(buf, s, strlen(s) + 1);
	buf[dash - s] = 0;
	if (parse_ip(trim(buf), &fa, a) != 0 || parse_ip(trim(buf + (dash - s) + 1), &fb, b) != 0 ||
	    fa != fb)
		return -1;
	bits = fa == AF_INET ? 32 : 128;
	start = to_u128(a, fa);
	end = to_u128(b, fb);
	if (start > end)
		return -1;
	/* ipaddr.Summarize: the largest aligned block at start that ends at or before end */
	for (;;) {
		int k = 0;
		u128 size_m1;

		while (k < bits && !((start >> k) & 1))
			k++;
		for (;;) {
			size_m1 = k >= 128 ? ~(u128)0 : (((u128)1) << k) - 1;
			if (size_m1 <= end - start)
				break;
			k--;
		}
		if (n == max)
			return -1;
		from_u128(&out[n++], start, fa, (unsigned)(bits - k));
		if (end - start == size_m1)
			break;
		start += size_m1 + 1;
	}
	return (int)n;
}

static int cmp_label(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void clabels(struct conv *c, const struct frs_node *map, struct frs_labels *out)
{
	size_t n = 0;
	char **pairs;

	memset(out, 0, sizeof(*out));
	if (!map || map->type != FRS_NODE_MAP || !map->n)
		return;
	/* sort (key, value) pairs together, then split them */
	pairs = malloc(map->n * 2 * sizeof(*pairs));
	out->keys = frs_arena_alloc(c->a, map->n * sizeof(char *));
	out->values = frs_arena_alloc(c->a, map->n * sizeof(char *));
	if (!pairs || !out->keys || !out->values) {
		free(pairs);
		c->rc = FRS_ENOMEM;
		return;
	}
	for (size_t i = 0; i < map->n; i++) {
		const struct frs_node *v = map->items[i];
		if (v->type != FRS_NODE_SCALAR && v->type != FRS_NODE_NULL)
			continue;
		pairs[2 * n] = map->keys[i];
		pairs[2 * n + 1] = v->type == FRS_NODE_SCALAR ? v->scalar : "";
		n++;
	}
	qsort(pairs, n, 2 * sizeof(*pairs), cmp_label);
	for (size_t i = 0; i < n; i++) {
		out->keys[i] = frs_arena_strdup(c->a, pairs[2 * i]);
		out->values[i] = frs_arena_strdup(c->a, pairs[2 * i + 1]);
		if (!out->keys[i] || !out->values[i])
			c->rc = FRS_ENOMEM;
	}
	out->n = n;
	free(pairs);
}

/* A sequence of strings; entries that are not strings are left out. */
static char **cstrings(struct conv *c, const struct frs_node *seq, size_t *n)
{
	char **v;

	*n = 0;
	if (!seq || seq->type != FRS_NODE_SEQ || !seq->n)
		return NULL;
	v = frs_arena_alloc(c->a, seq->n * sizeof(*v));
	if (!v) {
		c->rc = FRS_ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < seq->n; i++) {
		if (seq->items[i]->type != FRS_NODE_SCALAR)
			continue;
		if (!(v[*n] = frs_arena_strdup(c->a, seq->items[i]->scalar)))
			c->rc = FRS_ENOMEM;
		(*n)++;
	}
	return v;
}

static int cmp_cstr(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void cselector(struct conv *c, const struct frs_node *map, struct frs_selector *out)
{
	static const struct {
		const char *name;
		enum frs_sel_op op;
	} ops[] = { { "In", FRS_SEL_IN }, { "NotIn", FRS_SEL_NOT_IN }, { "Exists", FRS_SEL_EXISTS },
		    { "DoesNotExist", FRS_SEL_DOES_NOT_EXIST } };
	const struct frs_node *exprs = frs_node_get(map, "matchExpressions");

	memset(out, 0, sizeof(*out));
	clabels(c, frs_node_get(map, "matchLabels"), &out->match_labels);
	if (!exprs || exprs->type != FRS_NODE_SEQ || !exprs->n)
		return;
	out->exprs = frs_arena_alloc(c->a, exprs->n * sizeof(*out->exprs));
	if (!out->exprs) {
		c->rc = FRS_ENOMEM;
		return;
	}
	for (size_t i = 0; i < exprs->n; i++) {
		const struct frs_node *e = exprs->items[i];
		const char *op = frs_node_str(e, "operator");
		struct frs_sel_expr *x = &out->exprs[out->nexprs];
		size_t k;

		for (k = 0; op && k < sizeof(ops) / sizeof(ops[0]); k++)
			if (strcmp(ops[k].name, op) == 0)
				break;
		if (!op || k == sizeof(ops) / sizeof(ops[0]) || !frs_node_str(e, "key"))
			continue; /* validation reports it */
		x->key = cstr(c, e, "key");
		x->op = ops[k].op;
		x->values = cstrings(c, frs_node_get(e, "values"), &x->nvalues);
		/* as MetalLB's validateLabelSelectorDuplicate: values compare as a set */
		if (!c->rc && x->values && x->nvalues > 1)
			qsort(x->values, x->nvalues, sizeof(*x->values), cmp_cstr);
		out->nexprs++;
	}
}

static void cselectors(struct conv *c, const struct frs_node *seq, struct frs_selectors *out)
{
	memset(out, 0, sizeof(*out));
	if (!seq || seq->type != FRS_NODE_SEQ || !seq->n)
		return;
	out->v = frs_arena_alloc(c->a, seq->n * sizeof(*out->v));
	if (!out->v) {
		c->rc = FRS_ENOMEM;
		return;
	}
	for (size_t i = 0; i < seq->n; i++)
		if (seq->items[i]->type == FRS_NODE_MAP)
			cselector(c, seq->items[i], &out->v[out->n++]);
}

/* ---- selectors and labels ----------------------------------------------------------------- */

const char *frs_labels_get(const struct frs_labels *l, const char *key)
{
	size_t lo = 0, hi;

	if (!l || !key)
		return NULL;
	hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(key, l->keys[mid]);
		if (!r)
			return l->values[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void frs_labels_dispose(struct frs_labels *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->keys[i]);
		free(l->values[i]);
	}
	free(l->keys);
	free(l->values);
	memset(l, 0, sizeof(*l));
}

/* "k=v,k2=v2" → labels sorted by key (the --node-labels syntax). */
enum frs_err frs_labels_parse(struct frs_labels *out, const char *s)
{
	struct frs_labels l = { 0 };
	size_t kcap = 0, vcap = 0;
	char *copy = strdup(s), *save = NULL, *tok;
	enum frs_err ret = FRS_OK;

	if (!copy)
		return FRS_ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		size_t pos;

		if (!eq || eq == tok) {
			ret = FRS_EPARSE;
			break;
		}
		*eq = '\0';
		if (FRS_VEC_RESERVE(l.keys, kcap, l.n + 1) ||
		    FRS_VEC_RESERVE(l.values, vcap, l.n + 1)) {
			ret = FRS_ENOMEM;
			break;
		}
		for (pos = l.n; pos > 0 && strcmp(l.keys[pos - 1], tok) > 0; pos--) {
			l.keys[pos] = l.keys[pos - 1];
			l.values[pos] = l.values[pos - 1];
		}
		l.keys[pos] = strdup(tok);
		l.values[pos] = strdup(eq + 1);
		l.n++;
		if (!l.keys[pos] || !l.values[pos]) {
			ret = FRS_ENOMEM;
			break;
		}
	}
	free(copy);
	if (ret)
		frs_labels_dispose(&l);
	else
		*out = l;
	return ret;
}

static bool in_values(const struct frs_sel_expr *e, const char *v)
{
	for (size_t i = 0; i < e->nvalues; i++)
		if (strcmp(e->values[i], v) == 0)
			return true;
	return false;
}

bool frs_selector_matches(const struct frs_selector *sel, const struct frs_labels *labels)
{
	for (size_t i = 0; i < sel->match_labels.n; i++) {
		const char *v = frs_labels_get(labels, sel->match_labels.keys[i]);
		if (!v || strcmp(v, sel->match_labels.values[i]) != 0)
			return false;
	}
	for (size_t i = 0; i < sel->nexprs; i++) {
		const struct frs_sel_expr *e = &sel->exprs[i];
		const char *v = frs_labels_get(labels, e->key);
		switch (e->op) {
		case FRS_SEL_IN:
			if (!v || !in_values(e, v))
				return false;
			break;
		case FRS_SEL_NOT_IN:
			if (v && in_values(e, v))
				return false;
			break;
		case FRS_SEL_EXISTS:
			if (!v)
				return false;
			break;
		case FRS_SEL_DOES_NOT_EXIST:
			if (v)
				return false;
			break;
		}
	}
	return true;
}

bool frs_selectors_match(const struct frs_selectors *sels, const struct frs_labels *labels,
			 bool if_empty)
{
	if (!sels || !sels->n)
		return if_empty;
	for (size_t i = 0; i < sels->n; i++)
		if (frs_selector_matches(&sels->v[i], labels))
			return true;
	return false;
}

/* ---- which object applies to which: one answer for lint, render, explain and verify ------- */

static bool same_ns(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool name_listed(char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/*
 * MetalLB (setBGPAdvertisementsToPools): neither ipAddressPools nor ipAddressPoolSelectors means
 * every pool; otherwise the pools named plus those the selectors match. A name with no pool is
 * skipped. MetalLB reads one namespace, so an object of another namespace never meets it.
 */
bool frs_bgpadv_selects_pool(const struct frs_bgpadv *adv, const struct frs_pool *pool)
{
	if (!same_ns(adv->obj.ns, pool->obj.ns))
		return false;
	if (adv->npools == 0 && adv->pool_selectors.n == 0)
		return true;
	return name_listed(adv->pools, adv->npools, pool->obj.name) ||
	       frs_selectors_match(&adv->pool_selectors, &pool->obj.labels, false);
}

static bool cidr_holds(const struct frs_prefix *net, const struct frs_prefix *ip)
{
	size_t full = net->len / 8, rest = net->len % 8;

	if (net->family != ip->family || net->len > ip->len)
		return false;
	if (memcmp(net->addr, ip->addr, full) != 0)
		return false;
	return !rest || ((net->addr[full] ^ ip->addr[full]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

/* Pools never overlap (the rules say so), so the first pool holding the IP is its pool. */
const struct frs_pool *frs_model_pool_of(const struct frs_model *m, const struct frs_prefix *ip)
{
	for (size_t i = 0; i < m->npools; i++)
		for (size_t j = 0; j < m->pools[i].ncidrs; j++)
			if (cidr_holds(&m->pools[i].cidrs[j], ip))
				return &m->pools[i];
	return NULL;
}

/* MetalLB (Advertisement.MatchesPeer): an empty peers list means every peer. */
bool frs_bgpadv_selects_peer(const struct frs_bgpadv *adv, const struct frs_peer *peer)
{
	if (!same_ns(adv->obj.ns, peer->obj.ns))
		return false;
	return adv->npeers == 0 || name_listed(adv->peers, adv->npeers, peer->obj.name);
}

bool frs_peer_is_ibgp(const struct frs_peer *p)
{
	return p->dynamic_asn == FRS_DYNASN_INTERNAL ||
	       (p->dynamic_asn == FRS_DYNASN_NONE && p->peer_asn == p->my_asn);
}

/* MetalLB (epslices.EndpointCanServe): ready, or not ready but still serving (terminating). */
bool frs_endpoint_can_serve(const struct frs_endpoint *ep)
{
	return ep->ready || ep->serving;
}

/* ---- kinds, one converter each ------------------------------------------------------------- */

static void cobject(struct conv *c, const struct kind_def *def, const struct frs_node *root,
		    struct frs_object *o)
{
	const struct frs_node *md = frs_node_get(root, "metadata");

	o->kind = def->k;
	o->api_version = cstr(c, root, "apiVersion");
	o->name = cstr(c, md, "name");
	/* namespaced objects without a namespace land in "default", as `kubectl apply` puts them */
	if (!def->cluster_scoped) {
		o->ns = cstr(c, md, "namespace");
		if (!o->ns && !(o->ns = frs_arena_strdup(c->a, "default")))
			c->rc = FRS_ENOMEM;
	}
	clabels(c, frs_node_get(md, "labels"), &o->labels);
	clabels(c, frs_node_get(md, "annotations"), &o->annotations);
	o->src = root;
}

static void warn(struct conv *c, const struct frs_object *o, const char *path, const char *msg)
{
	struct frs_loc loc = frs_object_loc(o, path);

	if (frs_errlist_report(c->errs, FRS_DIAG(.sev = FRS_SEV_WARNING, .code = FRS_EINVALID,
			       .loc = &loc, .kind = frs_kind_name(o->kind), .ns = o->ns,
			       .name = o->name, .path = path), "%s", msg) == FRS_ENOMEM)
		c->rc = FRS_ENOMEM;
}

static void cpeer(struct conv *c, const struct frs_node *root, struct frs_peer *p)
{
	const struct frs_node *spec = frs_node_get(root, "spec");
	const struct frs_node *secret = frs_node_get(spec, "passwordSecret");
	const char *dyn = frs_node_str(spec, "dynamicASN");
	bool v1beta1 = strcmp(p->obj.api_version, "metallb.io/v1beta1") == 0;
	int64_t port;

	p->my_asn = cu32(spec, "myASN", 0);
	p->peer_asn = cu32(spec, "peerASN", 0);
	p->address = cip(c, spec, "peerAddress");
	p->source_address = cip(c, spec, "sourceAddress");
	if (cint(spec, "peerPort", 0, UINT16_MAX, &port))
		p->port = (uint16_t)port;
	p->hold_time = cduration(spec, "holdTime");
	p->keepalive_time = cduration(spec, "keepaliveTime");
	p->router_id = cip(c, spec, "routerID");
	cselectors(c, frs_node_get(spec, "nodeSelectors"), &p->node_selectors);
	p->password = cstr(c, spec, "password");
	p->bfd_profile = cstr(c, spec, "bfdProfile");
	p->ebgp_multihop = cbool(spec, "ebgpMultiHop", false);
	if (v1beta1) {
		/* MetalLB's ConvertTo copies the non-pointer v1beta1 durations into pointers: a
		 * v1beta1 peer always has both timers, 0 when not written (renders `timers 0 0`) */
		p->hold_time.set = true;
		p->keepalive_time.set = true;
		warn(c, &p->obj, "apiVersion", "metallb.io/v1beta1 BGPPeer is deprecated, please use "
					       "metallb.io/v1beta2");
		return; /* the other fields do not exist in v1beta1 */
	}
	p->local_asn = cu32(spec, "localASN", 0);
	if (dyn && strcmp(dyn, "internal") == 0)
		p->dynamic_asn = FRS_DYNASN_INTERNAL;
	else if (dyn && strcmp(dyn, "external") == 0)
		p->dynamic_asn = FRS_DYNASN_EXTERNAL;
	p->iface = cstr(c, spec, "interface");
	p->connect_time = cduration(spec, "connectTime");
	p->password_secret = cstr(c, secret, "name");
	p->password_secret_ns = cstr(c, secret, "namespace");
	p->graceful_restart = cbool(spec, "enableGracefulRestart", false);
	p->vrf = cstr(c, spec, "vrf");
	p->disable_mp = cbool(spec, "disableMP", false);
	p->dual_stack = cbool(spec, "dualStackAddressFamily", false);
	/* bgpd's peer_update_source_vty() ignores update-source for an interface neighbor */
	if (p->iface && p->source_address)
		warn(c, &p->obj, "spec.sourceAddress",
		     "has no effect together with spec.interface: FRR ignores update-source for "
		     "an interface neighbor (the session uses the interface's own address); not "
		     "rendered");
	if (frs_node_get(spec, "disableMP"))
		warn(c, &p->obj, "spec.disableMP", "disable mp is deprecated and has no effect");
}

static void cpool(struct conv *c, const struct frs_node *root, struct frs_pool *p)
{
	const struct frs_node *spec = frs_node_get(root, "spec");
	const struct frs_node *alloc = frs_node_get(spec, "serviceAllocation");
	struct frs_prefix tmp[2 * 128 + 2];
	size_t cap = 0;
	int64_t prio;

	p->addresses = cstrings(c, frs_node_get(spec, "addresses"), &p->naddresses);
	for (size_t i = 0; i < p->naddresses; i++) {
		int n = frs_model__parse_range(p->addresses[i], tmp, sizeof(tmp) / sizeof(tmp[0]));
		if (n <= 0)
			continue;
		if (p->ncidrs + (size_t)n > cap) {
			size_t ncap = (p->ncidrs + (size_t)n) * 2;
			struct frs_prefix *v = frs_arena_alloc(c->a, ncap * sizeof(*v));
			size_t *e = frs_arena_alloc(c->a, ncap * sizeof(*e));
			if (!v || !e) {
				c->rc = FRS_ENOMEM;
				return;
			}
			if (p->ncidrs) {
				memcpy(v, p->cidrs, p->ncidrs * sizeof(*v));
				memcpy(e, p->cidr_entry, p->ncidrs * sizeof(*e));
			}
			p->cidrs = v;
			p->cidr_entry = e;
			cap = ncap;
		}
		for (int k = 0; k < n; k++) {
			p->cidrs[p->ncidrs] = tmp[k];
			p->cidr_entry[p->ncidrs++] = i;
		}
	}
	p->auto_assign = cbool(spec, "autoAssign", true);
	p->avoid_buggy_ips = cbool(spec, "avoidBuggyIPs", false);
	if (cint(alloc, "priority", INT32_MIN, INT32_MAX, &prio))
		p->alloc_priority = (int32_t)prio;
	p->alloc_namespaces = cstrings(c, frs_node_get(alloc, "namespaces"), &p->nalloc_namespaces);
	cselectors(c, frs_node_get(alloc, "namespaceSelectors"), &p->alloc_namespace_selectors);
	cselectors(c, frs_node_get(alloc, "serviceSelectors"), &p->alloc_service_selectors);
}

static void cbgpadv(struct conv *c, const struct frs_node *root, struct frs_bgpadv *a)
{
	const struct frs_node *spec = frs_node_get(root, "spec");
	int64_t v;

	a->aggregation_length = cint(spec, "aggregationLength", 0, 32, &v) ? (int)v : 32;
	a->aggregation_length_v6 = cint(spec, "aggregationLengthV6", 0, 128, &v) ? (int)v : 128;
	a->local_pref = cu32(spec, "localPref", 0);
	a->communities = cstrings(c, frs_node_get(spec, "communities"), &a->ncommunities);
	a->pools = cstrings(c, frs_node_get(spec, "ipAddressPools"), &a->npools);
	cselectors(c, frs_node_get(spec, "ipAddressPoolSelectors"), &a->pool_selectors);
	cselectors(c, frs_node_get(spec, "nodeSelectors"), &a->node_selectors);
	cselectors(c, frs_node_get(spec, "serviceSelectors"), &a->service_selectors);
	a->peers = cstrings(c, frs_node_get(spec, "peers"), &a->npeers);
}

static void cl2adv(struct conv *c, const struct frs_node *root, struct frs_l2adv *a)
{
	const struct frs_node *spec = frs_node_get(root, "spec");

	a->pools = cstrings(c, frs_node_get(spec, "ipAddressPools"), &a->npools);
	cselectors(c, frs_node_get(spec, "ipAddressPoolSelectors"), &a->pool_selectors);
	cselectors(c, frs_node_get(spec, "nodeSelectors"), &a->node_selectors);
	cselectors(c, frs_node_get(spec, "serviceSelectors"), &a->service_selectors);
	a->interfaces = cstrings(c, frs_node_get(spec, "interfaces"), &a->ninterfaces);
}

static void ccommunity(struct conv *c, const struct frs_node *root, struct frs_community *cm)
{
	const struct frs_node *seq = frs_node_path(root, "spec.communities");

	if (!seq || seq->type != FRS_NODE_SEQ || !seq->n)
		return;
	cm->aliases = frs_arena_alloc(c->a, seq->n * sizeof(*cm->aliases));
	if (!cm->aliases) {
		c->rc = FRS_ENOMEM;
		return;
	}
	for (size_t i = 0; i < seq->n; i++) {
		const struct frs_node *e = seq->items[i];
		if (!frs_node_str(e, "name") || !frs_node_str(e, "value"))
			continue;
		cm->aliases[cm->naliases].name = cstr(c, e, "name");
		cm->aliases[cm->naliases++].value = cstr(c, e, "value");
	}
}

static void cbfd(struct conv *c, const struct frs_node *root, struct frs_bfd_profile *b)
{
	const struct frs_node *spec = frs_node_get(root, "spec");
	int64_t v;

#define U32(field, key)                                                                            \
	if ((b->has_##field = cint(spec, key, 0, UINT32_MAX, &v)))                                 \
		b->field = (uint32_t)v;
	U32(receive_interval, "receiveInterval");
	U32(transmit_interval, "transmitInterval");
	U32(detect_multiplier, "detectMultiplier");
	U32(echo_interval, "echoInterval");
	U32(minimum_ttl, "minimumTtl");
#undef U32
	b->has_echo_mode = frs_node_str(spec, "echoMode") != NULL;
	b->echo_mode = cbool(spec, "echoMode", false);
	b->has_passive_mode = frs_node_str(spec, "passiveMode") != NULL;
	b->passive_mode = cbool(spec, "passiveMode", false);
}

/* Secret data: base64 (lib/base64.c), copied into the model's arena. */
static char *base64_decode(struct conv *c, const char *s)
{
	struct frs_buf b = FRS_BUF_INIT;
	char *out = NULL;
	enum frs_err rc = frs_base64_decode(&b, s);

	if (rc == FRS_OK) {
		out = frs_arena_strndup(c->a, frs_buf_cstr(&b), b.len);
		if (!out)
			c->rc = FRS_ENOMEM;
	} else if (rc == FRS_ENOMEM) {
		c->rc = FRS_ENOMEM;
	}
	frs_buf_dispose(&b);
	return out;
}

static void csecret(struct conv *c, const struct frs_node *root, struct frs_secret *s)
{
	const struct frs_node *data = frs_node_get(root, "data");
	const struct frs_node *sdata = frs_node_get(root, "stringData");
	const char *v;

	s->type = cstr(c, root, "type");
	/* the API server merges stringData into data, stringData winning */
	if ((v = frs_node_str(data, "username")))
		s->username = base64_decode(c, v);
	if ((v = frs_node_str(data, "password")))
		s->password = base64_decode(c, v);
	if (frs_node_str(sdata, "username"))
		s->username = cstr(c, sdata, "username");
	if (frs_node_str(sdata, "password"))
		s->password = cstr(c, sdata, "password");
}

static void cservice(struct conv *c, const struct frs_node *root, struct frs_service *s)
{
	const struct frs_node *spec = frs_node_get(root, "spec");
	const struct frs_node *ing = frs_node_path(root, "status.loadBalancer.ingress");
	const char *etp = frs_node_str(spec, "externalTrafficPolicy");

	const struct frs_node *fams = frs_node_get(spec, "ipFamilies");
	const struct frs_node *ports = frs_node_get(spec, "ports");
	const char *pol = frs_node_str(spec, "ipFamilyPolicy");

	s->type = cstr(c, spec, "type");
	s->etp_local = etp && strcmp(etp, "Local") == 0;
	s->lb_class = cstr(c, spec, "loadBalancerClass");
	s->lb_ip = cstr(c, spec, "loadBalancerIP");
	clabels(c, frs_node_get(spec, "selector"), &s->selector);
	if (pol && strcmp(pol, "PreferDualStack") == 0)
		s->ip_family_policy = FRS_IPFP_PREFER_DUAL_STACK;
	else if (pol && strcmp(pol, "RequireDualStack") == 0)
		s->ip_family_policy = FRS_IPFP_REQUIRE_DUAL_STACK;
	for (size_t i = 0; fams && fams->type == FRS_NODE_SEQ && i < fams->n && i < 2; i++) {
		const struct frs_node *f = fams->items[i];

		if (f->type == FRS_NODE_SCALAR && strcmp(f->scalar, "IPv4") == 0)
			s->ip_families[s->nip_families++] = AF_INET;
		else if (f->type == FRS_NODE_SCALAR && strcmp(f->scalar, "IPv6") == 0)
			s->ip_families[s->nip_families++] = AF_INET6;
	}
	if (ports && ports->type == FRS_NODE_SEQ && ports->n) {
		s->ports = frs_arena_alloc(c->a, ports->n * sizeof(*s->ports));
		if (!s->ports) {
			c->rc = FRS_ENOMEM;
			return;
		}
		for (size_t i = 0; i < ports->n; i++) {
			const struct frs_node *pn = ports->items[i];
			struct frs_service_port *sp = &s->ports[s->nports];
			int64_t port;

			if (!cint(pn, "port", 1, 65535, &port))
				continue;
			memset(sp, 0, sizeof(*sp));
			sp->port = (uint16_t)port;
			sp->name = cstr(c, pn, "name");
			/* the API server defaults the protocol to TCP */
			if (!(sp->protocol = cstr(c, pn, "protocol")) &&
			    !(sp->protocol = frs_arena_strdup(c->a, "TCP")))
				c->rc = FRS_ENOMEM;
			s->nports++;
		}
	}
	if (!ing || ing->type != FRS_NODE_SEQ || !ing->n)
		return;
	s->ingress_ips = frs_arena_alloc(c->a, ing->n * sizeof(*s->ingress_ips));
	if (!s->ingress_ips) {
		c->rc = FRS_ENOMEM;
		return;
	}
	for (size_t i = 0; i < ing->n; i++) {
		char *ip = cip(c, ing->items[i], "ip");
		if (ip)
			s->ingress_ips[s->ningress_ips++] = ip;
	}
}

static void cnode(struct conv *c, const struct frs_node *root, struct frs_k8s_node *n)
{
	const struct frs_node *conds = frs_node_path(root, "status.conditions");

	for (size_t i = 0; conds && conds->type == FRS_NODE_SEQ && i < conds->n; i++) {
		const char *type = frs_node_str(conds->items[i], "type");
		const char *status = frs_node_str(conds->items[i], "status");
		if (type && status && strcmp(type, "NetworkUnavailable") == 0)
			n->network_unavailable = strcmp(status, "True") == 0;
	}
}

static void cslice(struct conv *c, const struct frs_node *root, struct frs_endpointslice *s)
{
	const struct frs_node *eps = frs_node_get(root, "endpoints");
	const char *svc = frs_labels_get(&s->obj.labels, "kubernetes.io/service-name");

	if (svc && !(s->service = frs_arena_strdup(c->a, svc)))
		c->rc = FRS_ENOMEM;
	if (!eps || eps->type != FRS_NODE_SEQ || !eps->n)
		return;
	s->endpoints = frs_arena_alloc(c->a, eps->n * sizeof(*s->endpoints));
	if (!s->endpoints) {
		c->rc = FRS_ENOMEM;
		return;
	}
	for (size_t i = 0; i < eps->n; i++) {
		const struct frs_node *e = eps->items[i];
		const struct frs_node *cond = frs_node_get(e, "conditions");
		struct frs_endpoint *ep = &s->endpoints[s->nendpoints++];

		ep->addresses = cstrings(c, frs_node_get(e, "addresses"), &ep->naddresses);
		ep->node_name = cstr(c, e, "nodeName");
		/* an absent ready means ready; absent serving is ready's value (API docs) */
		ep->ready = cbool(cond, "ready", true);
		ep->serving = cbool(cond, "serving", ep->ready);
		ep->terminating = cbool(cond, "terminating", false);
	}
}

/* ---- the model -------------------------------------------------------------------------- */

struct frs_model *frs_model__new(void)
{
	struct frs_model *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->priv = calloc(1, sizeof(struct mpriv));
	if (!m->priv) {
		free(m);
		return NULL;
	}
	frs_docset_init(&m->docs);
	return m;
}

static size_t kind_array(struct frs_model *m, enum frs_kind k, void ***base, size_t **count);

void frs_model_free(struct frs_model *m)
{
	struct mpriv *p;

	if (!m)
		return;
	p = m->priv;
	for (int k = 0; k <= FRS_KIND_LAST; k++) {
		void **base;
		size_t *count;

		kind_array(m, (enum frs_kind)k, &base, &count);
		free(*base);
	}
	if (p)
		frs_arena_dispose(&p->arena);
	free(p);
	frs_docset_dispose(&m->docs);
	free(m);
}

/* strcmp with NULL first */
static int cmp_opt(const char *a, const char *b)
{
	if (a && b)
		return strcmp(a, b);
	return a ? 1 : (b ? -1 : 0);
}

static int cmp_loc(const struct frs_loc *a, const struct frs_loc *b)
{
	int r = cmp_opt(a->file, b->file);

	if (r)
		return r;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return 0;
}

/* Every typed struct starts with its frs_object: one comparator sorts them all. */
static int cmp_obj(const void *x, const void *y)
{
	const struct frs_object *a = x, *b = y;
	int r = cmp_opt(a->ns, b->ns);

	if (!r)
		r = cmp_opt(a->name, b->name);
	if (!r)
		r = cmp_opt(a->api_version, b->api_version);
	/* the same name twice (validation reports it): keep input order, whatever the sort */
	return r ? r : cmp_loc(&a->src->loc, &b->src->loc);
}

#define KIND_ARRAY(m, k, arr, n)                                                                   \
	case k:                                                                                    \
		*base = (void **)&(m)->arr;                                                        \
		*count = &(m)->n;                                                                  \
		return sizeof(*(m)->arr)

/* The array of kind @p k in @p m: where its pointer and count live, and its element size. */
static size_t kind_array(struct frs_model *m, enum frs_kind k, void ***base, size_t **count)
{
	switch (k) {
		KIND_ARRAY(m, FRS_KIND_BGPPEER, peers, npeers);
		KIND_ARRAY(m, FRS_KIND_IPADDRESSPOOL, pools, npools);
		KIND_ARRAY(m, FRS_KIND_BGPADVERTISEMENT, bgpadvs, nbgpadvs);
		KIND_ARRAY(m, FRS_KIND_L2ADVERTISEMENT, l2advs, nl2advs);
		KIND_ARRAY(m, FRS_KIND_COMMUNITY, communities, ncommunities);
		KIND_ARRAY(m, FRS_KIND_BFDPROFILE, bfd_profiles, nbfd_profiles);
		KIND_ARRAY(m, FRS_KIND_SECRET, secrets, nsecrets);
		KIND_ARRAY(m, FRS_KIND_SERVICE, services, nservices);
		KIND_ARRAY(m, FRS_KIND_NODE, nodes, nnodes);
		KIND_ARRAY(m, FRS_KIND_ENDPOINTSLICE, endpointslices, nendpointslices);
		KIND_ARRAY(m, FRS_KIND_NAMESPACE, namespaces, nnamespaces);
	}
	return 0;
}

#undef KIND_ARRAY

/* What stays of a document that is not kept: where it starts, which locates the object. */
static const struct frs_node *stub_of(struct conv *c, const struct frs_node *root)
{
	struct frs_node *n = frs_arena_alloc(c->a, sizeof(*n));

	if (!n || (root->loc.file && !(n->loc.file = frs_arena_strdup(c->a, root->loc.file)))) {
		c->rc = FRS_ENOMEM;
		return root;
	}
	n->type = FRS_NODE_MAP;
	n->loc.line = root->loc.line;
	n->loc.column = root->loc.column;
	return n;
}

/* Room for @p more objects of kind @p k after those there are. */
static enum frs_err grow(struct frs_model *m, enum frs_kind k, size_t more)
{
	struct mpriv *p = m->priv;
	void **base;
	size_t *count, size = kind_array(m, k, &base, &count), cap = p->cap[k];
	void *v;

	if (*count + more <= cap)
		return FRS_OK;
	while (cap < *count + more)
		cap = cap ? 2 * cap : more;
	if (cap > SIZE_MAX / size || !(v = realloc(*base, cap * size)))
		return FRS_ENOMEM;
	*base = v;
	p->cap[k] = cap;
	return FRS_OK;
}

/*
 * Convert the documents of @p set with known[i] && doc_ok[i] into m's typed arrays, after what
 * is there. The documents of m->docs stay; of another set, each object keeps only where its
 * document starts (frs_object_loc gives that for every field) and the set can go.
 */
enum frs_err frs_model__append(struct frs_model *m, const struct frs_docset *set,
			       const bool *known, const bool *doc_ok, struct frs_errlist *errs)
{
	bool keep = set == &m->docs;
	struct mpriv *p = m->priv;
	struct conv c = { m, &p->arena, errs, FRS_OK };
	size_t counts[FRS_KIND_LAST + 1] = { 0 };

	for (size_t i = 0; i < set->ndocs; i++)
		if (known[i] && doc_ok[i])
			counts[find_kind(set->docs[i].root)->k]++;
	for (int k = 0; k <= FRS_KIND_LAST; k++)
		if (counts[k] && grow(m, (enum frs_kind)k, counts[k]))
			return FRS_ENOMEM;
	for (size_t i = 0; i < set->ndocs && !c.rc; i++) {
		const struct frs_node *root = set->docs[i].root;
		const struct kind_def *def;
		struct frs_object *o;
		void **base;
		size_t *count, size;

		if (!known[i] || !doc_ok[i])
			continue;
		def = find_kind(root);
		size = kind_array(m, def->k, &base, &count);
		o = (struct frs_object *)((char *)*base + size * (*count)++);
		memset(o, 0, size);
		cobject(&c, def, root, o);
		switch (def->k) {
		case FRS_KIND_BGPPEER: cpeer(&c, root, (struct frs_peer *)o); break;
		case FRS_KIND_IPADDRESSPOOL: cpool(&c, root, (struct frs_pool *)o); break;
		case FRS_KIND_BGPADVERTISEMENT: cbgpadv(&c, root, (struct frs_bgpadv *)o); break;
		case FRS_KIND_L2ADVERTISEMENT: cl2adv(&c, root, (struct frs_l2adv *)o); break;
		case FRS_KIND_COMMUNITY: ccommunity(&c, root, (struct frs_community *)o); break;
		case FRS_KIND_BFDPROFILE: cbfd(&c, root, (struct frs_bfd_profile *)o); break;
		case FRS_KIND_SECRET: csecret(&c, root, (struct frs_secret *)o); break;
		case FRS_KIND_SERVICE: cservice(&c, root, (struct frs_service *)o); break;
		case FRS_KIND_NODE: cnode(&c, root, (struct frs_k8s_node *)o); break;
		case FRS_KIND_ENDPOINTSLICE: cslice(&c, root, (struct frs_endpointslice *)o); break;
		case FRS_KIND_NAMESPACE: break; /* its labels are all it has */
		}
		if (!keep)
			o->src = stub_of(&c, root);
	}
	return c.rc;
}

void frs_model__finish(struct frs_model *m)
{
	for (int k = 0; k <= FRS_KIND_LAST; k++) {
		void **base;
		size_t *count, size = kind_array(m, (enum frs_kind)k, &base, &count);
		if (*count > 1)
			qsort(*base, *count, size, cmp_obj);
	}
}

enum frs_err frs_model__convert(struct frs_model *m, const bool *known, const bool *doc_ok,
				struct frs_errlist *errs)
{
	enum frs_err rc = frs_model__append(m, &m->docs, known, doc_ok, errs);

	if (!rc)
		frs_model__finish(m);
	return rc;
}

/* ---- lookups ---------------------------------------------------------------------------- */

/* By namespace and name in a sorted array; any namespace when @p ns is NULL. */
static const void *find_obj(const void *base, size_t n, size_t size, const char *ns,
			    const char *name)
{
	size_t lo = 0, hi = n;

	if (!name)
		return NULL;
	if (!ns) {
		for (size_t i = 0; i < n; i++) {
			const struct frs_object *o = (const void *)((const char *)base + i * size);
			if (o->name && strcmp(o->name, name) == 0)
				return o;
		}
		return NULL;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct frs_object *o = (const void *)((const char *)base + mid * size);
		int r = cmp_opt(ns, o->ns);
		if (!r)
			r = cmp_opt(name, o->name);
		if (r <= 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo < n) {
		const struct frs_object *o = (const void *)((const char *)base + lo * size);
		if (cmp_opt(ns, o->ns) == 0 && cmp_opt(name, o->name) == 0)
			return o;
	}
	return NULL;
}

const struct frs_peer *frs_model_peer(const struct frs_model *m, const char *ns, const char *name)
{
	return find_obj(m->peers, m->npeers, sizeof(*m->peers), ns, name);
}

const struct frs_pool *frs_model_pool(const struct frs_model *m, const char *ns, const char *name)
{
	return find_obj(m->pools, m->npools, sizeof(*m->pools), ns, name);
}

const struct frs_bfd_profile *frs_model_bfd_profile(const struct frs_model *m, const char *ns,
						    const char *name)
{
	return find_obj(m->bfd_profiles, m->nbfd_profiles, sizeof(*m->bfd_profiles), ns, name);
}

const struct frs_secret *frs_model_secret(const struct frs_model *m, const char *ns,
					  const char *name)
{
	return find_obj(m->secrets, m->nsecrets, sizeof(*m->secrets), ns, name);
}

const struct frs_k8s_node *frs_model_node(const struct frs_model *m, const char *name)
{
	return find_obj(m->nodes, m->nnodes, sizeof(*m->nodes), NULL, name);
}

const struct frs_namespace *frs_model_namespace(const struct frs_model *m, const char *name)
{
	return find_obj(m->namespaces, m->nnamespaces, sizeof(*m->namespaces), NULL, name);
}

/*
 * Where @p path is; when it is missing (a required field, say), where its closest existing
 * parent is, so that the error still points into the right object.
 */
struct frs_loc frs_object_loc(const struct frs_object *obj, const char *path)
{
	struct frs_loc none = { NULL, 0, 0 };
	char buf[256];
	size_t len;

	if (!obj || !obj->src)
		return none;
	if (!path || !*path)
		return obj->src->loc;
	len = strlen(path);
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, path, len);
	buf[len] = 0;
	for (;;) {
		const struct frs_node *n = frs_node_path(obj->src, buf);
		char *dot, *br;
		if (n)
			return n->loc;
		dot = strrchr(buf, '.');
		br = strrchr(buf, '[');
		if (br && (!dot || br > dot))
			dot = br;
		if (!dot || dot == buf)
			return obj->src->loc;
		*dot = 0;
	}
}
