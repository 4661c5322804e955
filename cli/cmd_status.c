/* SPDX-License-Identifier: MIT */
/* `frrshim status`: one line per BGP peer (state, uptime, prefixes, BFD), read from FRR once. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <frrshim/file.h>
#include <frrshim/query.h>

#include "cli.h"

enum status_fmt { ST_TEXT, ST_JSON, ST_WIDE };

/* FRR's own uptime style (bgp_peer_uptime): 00:01:02, 3d04h05m, 2w3d04h. */
static void fmt_uptime(char *out, size_t size, int64_t ms)
{
	int64_t s = ms / 1000;
	int64_t d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60;

	if (ms < 0)
		snprintf(out, size, "-");
	else if (s < 86400)
		snprintf(out, size, "%02" PRId64 ":%02" PRId64 ":%02" PRId64, h, m, s % 60);
	else if (d < 7)
		snprintf(out, size, "%" PRId64 "d%02" PRId64 "h%02" PRId64 "m", d, h, m);
	else
		snprintf(out, size, "%" PRId64 "w%" PRId64 "d%02" PRId64 "h", d / 7, d % 7, h);
}

static void fmt_count(char *out, size_t size, int64_t v)
{
	if (v < 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%" PRId64, v);
}

/* BFD state of a peer: bgpd's view (peerBfdInfo) first, else bfdd's session list. */
static const char *bfd_state(const struct frs_query_snapshot *s, const struct frs_bgp_peer *p,
			     char *tmp, size_t size)
{
	const struct frs_bfd_peer *b;
	size_t i;

	if (p->bfd_status) {
		snprintf(tmp, size, "%s", p->bfd_status);
		for (i = 0; tmp[i]; i++) /* "Up" → "up": bfdd's spelling, one vocabulary */
			tmp[i] = (char)(tmp[i] >= 'A' && tmp[i] <= 'Z' ? tmp[i] + 32 : tmp[i]);
		return tmp;
	}
	b = frs_bfd_peers_find(&s->bfd, p->vrf, p->host_foreign ? p->host_foreign : p->peer);
	if (b && b->status)
		return b->status;
	return "-";
}

#define NCOLS 12

struct row {
	char c[NCOLS][96];
};

static const char *const headers[NCOLS] = {
	"VRF", "PEER", "REMOTE AS", "STATE", "UPTIME", "SENT", "RECEIVED", "BFD",
	"LOCAL AS", "REMOTE", "DESCRIPTION", "LAST RESET",
};

static void fill_row(struct row *r, const struct frs_query_snapshot *s, const struct frs_bgp_peer *p)
{
	char tmp[64];

	snprintf(r->c[0], sizeof(r->c[0]), "%s", p->vrf);
	snprintf(r->c[1], sizeof(r->c[1]), "%s", p->peer);
	snprintf(r->c[2], sizeof(r->c[2]), "%s", p->remote_as ? p->remote_as : "-");
	snprintf(r->c[3], sizeof(r->c[3]), "%s", p->state ? p->state : "-");
	fmt_uptime(r->c[4], sizeof(r->c[4]), p->uptime_ms);
	fmt_count(r->c[5], sizeof(r->c[5]), p->pfx_sent);
	fmt_count(r->c[6], sizeof(r->c[6]), p->pfx_recv);
	snprintf(r->c[7], sizeof(r->c[7]), "%s", bfd_state(s, p, tmp, sizeof(tmp)));
	snprintf(r->c[8], sizeof(r->c[8]), "%s", p->local_as ? p->local_as : "-");
	if (p->host_foreign && p->port_foreign > 0)
		snprintf(r->c[9], sizeof(r->c[9]), "%s%s%s:%d", strchr(p->host_foreign, ':') ? "[" : "",
			 p->host_foreign, strchr(p->host_foreign, ':') ? "]" : "", p->port_foreign);
	else
		snprintf(r->c[9], sizeof(r->c[9]), "-");
	snprintf(r->c[10], sizeof(r->c[10]), "%s", p->desc ? p->desc : "-");
	snprintf(r->c[11], sizeof(r->c[11]), "%s", p->last_reset ? p->last_reset : "-");
}

static void print_table(FILE *f, const struct frs_query_snapshot *s, int ncols)
{
	struct row *rows = calloc(s->bgp.n + 1, sizeof(*rows));
	size_t w[NCOLS] = { 0 };

	if (!rows)
		return;
	for (int c = 0; c < ncols; c++)
		snprintf(rows[0].c[c], sizeof(rows[0].c[c]), "%s", headers[c]);
	for (size_t i = 0; i < s->bgp.n; i++)
		fill_row(&rows[i + 1], s, &s->bgp.v[i]);
	for (size_t i = 0; i <= s->bgp.n; i++)
		for (int c = 0; c < ncols; c++)
			if (strlen(rows[i].c[c]) > w[c])
				w[c] = strlen(rows[i].c[c]);
	for (size_t i = 0; i <= s->bgp.n; i++) {
		for (int c = 0; c < ncols; c++) {
			if (c == ncols - 1)
				fprintf(f, "%s\n", rows[i].c[c]);
			else
				fprintf(f, "%-*s  ", (int)w[c], rows[i].c[c]);
		}
	}
	free(rows);
}

static void add_int(cJSON *o, const char *key, int64_t v)
{
	if (v < 0)
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddNumberToObject(o, key, (double)v);
}

/* An AS number as a JSON number when it is one; asdot ("1.10") stays a string. */
static void add_as(cJSON *o, const char *key, const char *v)
{
	char *end = NULL;
	double n = v ? strtod(v, &end) : 0;

	if (v && *v && end && !*end && !strchr(v, '.'))
		cJSON_AddNumberToObject(o, key, n);
	else if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

static void add_str(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

static int print_json(FILE *f, const struct frs_query_snapshot *s)
{
	cJSON *arr = cJSON_CreateArray();
	char *text;

	if (!arr)
		return -1;
	for (size_t i = 0; i < s->bgp.n; i++) {
		const struct frs_bgp_peer *p = &s->bgp.v[i];
		cJSON *o = cJSON_CreateObject();
		const char *b;
		char tmp[64];

		if (!o)
			break;
		add_str(o, "vrf", p->vrf);
		add_str(o, "peer", p->peer);
		cJSON_AddBoolToObject(o, "interface", p->is_interface);
		add_as(o, "remoteAs", p->remote_as);
		add_as(o, "localAs", p->local_as);
		add_str(o, "state", p->state);
		cJSON_AddBoolToObject(o, "established", p->state && !strcmp(p->state, "Established"));
		add_int(o, "uptimeMsec", p->uptime_ms);
		add_int(o, "prefixesSent", p->pfx_sent);
		add_int(o, "prefixesReceived", p->pfx_recv);
		b = bfd_state(s, p, tmp, sizeof(tmp));
		add_str(o, "bfd", strcmp(b, "-") ? b : NULL);
		add_str(o, "remoteHost", p->host_foreign);
		add_int(o, "remotePort", p->port_foreign);
		add_str(o, "description", p->desc);
		add_str(o, "hostname", p->hostname);
		add_str(o, "peerGroup", p->peer_group);
		add_str(o, "lastResetDueTo", p->last_reset);
		add_int(o, "connectionsEstablished", p->conn_established);
		add_int(o, "connectionsDropped", p->conn_dropped);
		cJSON_AddItemToArray(arr, o);
	}
	text = cJSON_Print(arr);
	if (text)
		fprintf(f, "%s\n", text);
	cJSON_free(text);
	cJSON_Delete(arr);
	return text ? 0 : -1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: frrshim status [-o text|json|wide] [--vty-socket DIR]\n"
		"       frrshim status [-o …] --neighbors-json FILE [--bfd-json FILE]\n"
		"\n"
		"Show every BGP peer of the running FRR: VRF, peer, remote AS, state, uptime,\n"
		"prefixes sent and received, BFD state. Reads bgpd (and bfdd, if running) once.\n"
		"\n"
		"  -o, --output FMT       text (default), wide (more columns) or json\n"
		"      --vty-socket DIR   FRR's vty sockets (default " "/var/run/frr" ")\n"
		"      --neighbors-json F read `show bgp vrf all neighbors json` output from F\n"
		"      --bfd-json F       read `show bfd peers json` output from F\n"
		"\n"
		"Exit: 0 shown; 1 the JSON read (a file's, or FRR's) is not JSON or not one value;\n"
		"2 usage or an unreadable file; 3 FRR unreachable; 4 system error.\n");
}

static enum frs_err load_file(struct frs_query_snapshot *s, const char *nb, const char *bfd,
			      struct frs_errlist *errs)
{
	struct frs_buf b = FRS_BUF_INIT;
	enum frs_err rc;

	if ((rc = frs_file_read(&b, nb))) {
		cli_errorf("%s: cannot read: %s", nb, frs_file_strerror(errno));
		goto done;
	}
	if ((rc = frs_query_parse_neighbors(&s->bgp, frs_buf_cstr(&b), NULL, errs)))
		goto done;
	s->bgp_ok = 1;
	if (bfd) {
		frs_buf_clear(&b);
		if ((rc = frs_file_read(&b, bfd))) {
			cli_errorf("%s: cannot read: %s", bfd, frs_file_strerror(errno));
			goto done;
		}
		if ((rc = frs_query_parse_bfd(&s->bfd, frs_buf_cstr(&b), errs)))
			goto done;
		s->bfd_ok = 1;
	}
done:
	frs_buf_dispose(&b);
	return rc;
}

int cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "vty-socket", required_argument, NULL, 'S' },
		{ "neighbors-json", required_argument, NULL, 'N' },
		{ "bfd-json", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct frs_query_snapshot snap;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	const char *vty_dir = NULL, *nb = NULL, *bfd = NULL;
	enum status_fmt fmt = ST_TEXT;
	int c, ret;

	memset(&snap, 0, sizeof(snap));
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!strcmp(optarg, "text"))
				fmt = ST_TEXT;
			else if (!strcmp(optarg, "json"))
				fmt = ST_JSON;
			else if (!strcmp(optarg, "wide"))
				fmt = ST_WIDE;
			else
				return cli_usage_error("status", "unknown output format '%s'", optarg);
			break;
		case 'S':
			vty_dir = optarg;
			break;
		case 'N':
			nb = optarg;
			break;
		case 'B':
			bfd = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("status", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("status", "unexpected argument '%s'", argv[optind]);
	if (bfd && !nb)
		return cli_usage_error("status", "--bfd-json needs --neighbors-json");
	if (nb) {
		enum frs_err rc = load_file(&snap, nb, bfd, &errs);

		ret = cli_exit_code(rc);
		if (rc == FRS_EINPUT)
			goto done;
	} else {
		ret = cli_exit_code(frs_query_collect(&snap, vty_dir, FRS_QUERY_BGP | FRS_QUERY_BFD,
						      5000, &errs));
	}
	if (ret)
		goto done;
	if (fmt == ST_JSON)
		ret = print_json(stdout, &snap) ? cli_exit_code(FRS_EIO) : CLI_EXIT_OK;
	else
		print_table(stdout, &snap, fmt == ST_WIDE ? NCOLS : 8);
done:
	/* warnings (bfdd not running) are for people; json output stays parseable */
	for (size_t i = 0; i < errs.n; i++)
		if (errs.v[i].severity == FRS_SEV_ERROR || fmt != ST_JSON)
			fprintf(stderr, "frrshim status: %s%s\n",
				errs.v[i].severity == FRS_SEV_WARNING ? "warning: " : "",
				errs.v[i].message);
	frs_errlist_dispose(&errs);
	frs_query_snapshot_dispose(&snap);
	return ret;
}
