/* SPDX-License-Identifier: MIT */
/* `frrshim bundle`: what a bug report needs, in one tar.gz, with every secret taken out. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>

#include <archive.h>
#include <archive_entry.h>

#include <frrshim/doc.h>
#include <frrshim/file.h>
#include <frrshim/model.h>
#include <frrshim/query.h>
#include <frrshim/reload.h>
#include <frrshim/scrub.h>
#include <frrshim/vty.h>

#include "cli.h"
#include "explain.h"
#include "../lib/vec.h"

#define TOP "frrshim-bundle/"
#define BUNDLE_TIMEOUT_MS 10000
/* Shorter secrets are not searched for as substrings (a 2-letter password would eat the
 * bundle); the keyword scrubber still removes them where a keyword names them. */
#define MIN_SECRET_LEN 4

static void usage(FILE *f)
{
	fprintf(f,
		"usage: frrshim bundle -o FILE.tar.gz [--node NAME] [--node-labels K=V,...]\n"
		"                      [--vty-socket DIR] [--state-dir DIR] PATH... | --kube [...]\n"
		"\n"
		"Collect what a bug report needs into one gzipped tar archive: the manifests\n"
		"given, `frrshim lint` of them, the configuration rendered for the node, FRR's\n"
		"`show running-config`, BGP neighbors, summary and advertised routes and BFD\n"
		"peers (JSON), the sidecar's status, last-error, running-config and state files,\n"
		"`frrshim explain` of every Service on every node (and the live phase for the\n"
		"node), and the versions of frrshim and FRR.\n"
		"Every password and Secret value, and its base64 form, is replaced by\n"
		"<retracted>. The archive is written atomically; what could not be collected\n"
		"is listed in its errors.txt.\n"
		"\n"
		"Options:\n"
		"  -o, --output FILE        the archive to write (required)\n"
		"  -n, --node NAME          the node (default: this host's name)\n"
		"  -l, --node-labels K=V,.. the node's labels instead of its Node object's\n"
		"      --vty-socket DIR     FRR's vty sockets (default " FRS_VTY_DEFAULT_DIR ")\n"
		"      --state-dir DIR      the sidecar's files (default: the directory of\n"
		"                           $FRR_CONFIG_FILE, else /etc/frr_reloader, as\n"
		"                           `frrshim reloader` writes them)\n"
		"  -h, --help               this help\n"
		"%s"
		"With --kube the API server is listed once and every part of the report comes\n"
		"from that one snapshot; the objects are kept as manifests/api.json.\n"
		"\n"
		"Exit: 0 written (even when FRR or the sidecar's files were missing), 2 usage,\n"
		"4 the archive could not be written.\n", cli_source_help);
}

struct bundle {
	struct archive *a;
	struct frs_buf tar;      /* the compressed archive, written atomically at the end */
	struct frs_buf errors;   /* errors.txt */
	char **secrets;          /* values to take out, longest first once sorted */
	size_t nsecrets, capsecrets;
	size_t nfiles;
	time_t now;
	bool oom;
};

/* libarchive's sink: the whole archive goes to memory, then to disk atomically. */
static la_ssize_t sink_write(struct archive *a, void *arg, const void *data, size_t len)
{
	struct bundle *b = arg;

	(void)a;
	if (frs_buf_add(&b->tar, data, len)) {
		b->oom = true;
		return -1;
	}
	return (la_ssize_t)len;
}

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void b64_encode(struct frs_buf *out, const unsigned char *s, size_t n)
{
	const char *tbl = b64_alphabet;

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		size_t k = n - i;

		if (k > 1)
			v |= (unsigned)s[i + 1] << 8;
		if (k > 2)
			v |= s[i + 2];
		frs_buf_putc(out, tbl[(v >> 18) & 63]);
		frs_buf_putc(out, tbl[(v >> 12) & 63]);
		frs_buf_putc(out, k > 1 ? tbl[(v >> 6) & 63] : '=');
		frs_buf_putc(out, k > 2 ? tbl[v & 63] : '=');
	}
}

static void add_one_secret(struct bundle *b, const char *s, size_t len)
{
	char *copy;

	if (len < MIN_SECRET_LEN || memchr(s, '\0', len))
		return;
	for (size_t i = 0; i < b->nsecrets; i++)
		if (strlen(b->secrets[i]) == len && memcmp(b->secrets[i], s, len) == 0)
			return;
	copy = strndup(s, len);
	if (!copy || FRS_VEC_PUSH(b->secrets, b->nsecrets, b->capsecrets, copy)) {
		free(copy);
		b->oom = true;
	}
}

/* A secret, its base64 form, and (for a Secret's data) what the base64 decodes to. */
static void add_secret(struct bundle *b, const char *s, bool is_base64)
{
	struct frs_buf enc = FRS_BUF_INIT;

	add_one_secret(b, s, strlen(s));
	b64_encode(&enc, (const unsigned char *)s, strlen(s));
	add_one_secret(b, frs_buf_cstr(&enc), enc.len);
	if (is_base64) {
		/* decode by trying: the value is base64 when its encoding round-trips */
		size_t n = strlen(s);
		unsigned char *dec = malloc(n + 1);
		size_t dn = 0;
		unsigned acc = 0;
		int bits = 0;

		for (size_t i = 0; dec && i < n && s[i] != '='; i++) {
			const char *p = strchr(b64_alphabet, s[i]);
			if (!p)
				break;
			acc = (acc << 6) | (unsigned)(p - b64_alphabet);
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				dec[dn++] = (unsigned char)(acc >> bits);
			}
		}
		if (dec)
			add_one_secret(b, (const char *)dec, dn);
		free(dec);
	}
	frs_buf_dispose(&enc);
}

/* Every `password` field anywhere, and every value of a Secret's data and stringData. */
static void walk_secrets(struct bundle *b, const struct frs_node *n, bool in_secret)
{
	if (!n)
		return;
	if (n->type == FRS_NODE_SEQ) {
		for (size_t i = 0; i < n->n; i++)
			walk_secrets(b, n->items[i], false);
		return;
	}
	if (n->type != FRS_NODE_MAP)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct frs_node *v = n->items[i];
		bool data = in_secret && !strcmp(n->keys[i], "data");
		bool string_data = in_secret && !strcmp(n->keys[i], "stringData");

		if ((data || string_data) && v && v->type == FRS_NODE_MAP) {
			for (size_t j = 0; j < v->n; j++)
				if (v->items[j] && v->items[j]->type == FRS_NODE_SCALAR)
					add_secret(b, v->items[j]->scalar, data);
			continue;
		}
		if (v && v->type == FRS_NODE_SCALAR && strcasestr(n->keys[i], "password"))
			add_secret(b, v->scalar, false);
		else
			walk_secrets(b, v, false);
	}
}

static int cmp_len_desc(const void *x, const void *y)
{
	size_t a = strlen(*(char *const *)x), c = strlen(*(char *const *)y);

	return a < c ? 1 : a > c ? -1 : 0;
}

/* The keyword scrubber, then every known secret wherever it appears. */
static void redact(struct bundle *b, struct frs_buf *t)
{
	frs_scrub_buf(t);
	for (size_t i = 0; i < b->nsecrets; i++) {
		const char *s = b->secrets[i];
		size_t sl = strlen(s);
		struct frs_buf out = FRS_BUF_INIT;
		const char *p = frs_buf_cstr(t), *hit;
		bool changed = false;

		while ((hit = memmem(p, t->len - (size_t)(p - frs_buf_cstr(t)), s, sl))) {
			frs_buf_add(&out, p, (size_t)(hit - p));
			frs_buf_puts(&out, "<retracted>");
			p = hit + sl;
			changed = true;
		}
		if (!changed)
			continue;
		frs_buf_puts(&out, p);
		frs_buf_dispose(t);
		*t = out;
	}
}

static void note(struct bundle *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct bundle *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	frs_buf_vaddf(&b->errors, fmt, ap);
	va_end(ap);
	frs_buf_putc(&b->errors, '\n');
}

/* One file of the archive; its text is redacted first (and @p t consumed). */
static void add_file(struct bundle *b, const char *name, struct frs_buf *t)
{
	struct archive_entry *e = archive_entry_new();
	struct frs_buf path = FRS_BUF_INIT;

	redact(b, t);
	if (!e || frs_buf_addf(&path, TOP "%s", name)) {
		b->oom = true;
		goto done;
	}
	archive_entry_set_pathname(e, path.ptr);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0600);
	archive_entry_set_size(e, (la_int64_t)t->len);
	archive_entry_set_mtime(e, b->now, 0);
	if (archive_write_header(b->a, e) != ARCHIVE_OK ||
	    (t->len && archive_write_data(b->a, frs_buf_cstr(t), t->len) != (la_ssize_t)t->len)) {
		b->oom = true;
		goto done;
	}
	b->nfiles++;
done:
	archive_entry_free(e);
	frs_buf_dispose(&path);
	frs_buf_clear(t);
}

static const char *first_message(const struct frs_errlist *errs, const char *dflt)
{
	return errs->n && errs->v[errs->n - 1].message ? errs->v[errs->n - 1].message : dflt;
}

/* One daemon command into the archive; a failure is noted and the bundle goes on. */
static enum frs_err add_show(struct bundle *b, struct frs_buf *keep, const char *name,
			     const char *vty, const char *daemon, const char *cmd)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf t = FRS_BUF_INIT;
	enum frs_err rc = frs_query_exec(&t, vty, daemon, cmd, BUNDLE_TIMEOUT_MS, &errs);

	if (rc && rc != FRS_EFRR)
		note(b, "%s: %s: %s", daemon, cmd, first_message(&errs, frs_strerror(rc)));
	else {
		if (keep)
			frs_buf_puts(keep, frs_buf_cstr(&t));
		add_file(b, name, &t);
	}
	frs_buf_dispose(&t);
	frs_errlist_dispose(&errs);
	return rc;
}

static void add_manifest_file(struct bundle *b, const char *path, size_t *idx)
{
	struct frs_buf t = FRS_BUF_INIT, name = FRS_BUF_INIT;
	const char *base = strrchr(path, '/');

	if (frs_file_read(&t, path)) {
		note(b, "%s: cannot read: %s", path, frs_file_strerror(errno));
	} else {
		frs_buf_addf(&name, "manifests/%02zu-%s", ++*idx, base ? base + 1 : path);
		add_file(b, frs_buf_cstr(&name), &t);
	}
	frs_buf_dispose(&t);
	frs_buf_dispose(&name);
}

/* The files a PATH stands for, as the loader reads them (a directory: its manifests, sorted). */
static void add_manifests(struct bundle *b, const struct frs_docset *set)
{
	size_t idx = 0;
	const char *last = NULL;

	/* each file once, in the order the loader read them */
	for (size_t i = 0; i < set->ndocs; i++) {
		const char *f = set->docs[i].file;
		bool seen = false;

		if (last && !strcmp(last, f))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(set->docs[j].file, f);
		last = f;
		if (!seen)
			add_manifest_file(b, f, &idx);
	}
}

/* @p with_stderr: diagnostics and summaries too (they belong to the report, not to the
 * terminal); not for a file that must stay what it is, as a config. */
static void add_capture(struct bundle *b, const char *name, bool with_stderr,
			int (*run)(int, char **), int argc, char **argv)
{
	struct frs_buf t = FRS_BUF_INIT;

	(with_stderr ? cli_capture_all : cli_capture)(&t, run, argc, argv);
	add_file(b, name, &t);
	frs_buf_dispose(&t);
}

/* argv for a subcommand: CMD [--node N] [--node-labels L] [EXTRA] PATH... (strings borrowed). */
static char **sub_argv(int *argc, const char *cmd, const char *node, const char *labels,
		       const char *extra, char *const *paths, size_t npaths)
{
	char **v = calloc(npaths + 8, sizeof(*v));
	int n = 0;

	if (!v)
		return NULL;
	v[n++] = (char *)cmd;
	if (node) {
		v[n++] = "--node";
		v[n++] = (char *)node;
	}
	if (labels) {
		v[n++] = "--node-labels";
		v[n++] = (char *)labels;
	}
	if (extra)
		v[n++] = (char *)extra;
	for (size_t i = 0; i < npaths; i++)
		v[n++] = paths[i];
	*argc = n;
	return v;
}

static void add_live(struct bundle *b, const char *vty)
{
	struct frs_reload_opts o = FRS_RELOAD_OPTS_INIT;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf t = FRS_BUF_INIT, nb = FRS_BUF_INIT, name = FRS_BUF_INIT, cmd = FRS_BUF_INIT;
	struct frs_bgp_peers peers = { 0 };
	struct frs_conf *running = NULL;
	enum frs_err rc;

	o.vty_dir = vty;
	o.timeout_ms = BUNDLE_TIMEOUT_MS;
	rc = frs_reload_running(&running, &o, &errs);
	if (rc)
		note(b, "show running-config: %s", first_message(&errs, frs_strerror(rc)));
	else if (!frs_conf_print(&t, running))
		add_file(b, "frr/running-config", &t);
	frs_conf_free(running);
	frs_errlist_dispose(&errs);

	add_show(b, NULL, "frr/show-version", vty, "zebra", "show version");
	rc = add_show(b, &nb, "frr/bgp-neighbors.json", vty, "bgpd",
		      "show bgp vrf all neighbors json");
	if (!rc) {
		add_show(b, NULL, "frr/bgp-summary.json", vty, "bgpd", "show bgp vrf all summary json");
		if (frs_query_parse_neighbors(&peers, frs_buf_cstr(&nb), NULL, &errs))
			note(b, "bgpd: neighbors: %s", first_message(&errs, "not JSON"));
	}
	for (size_t i = 0; i < peers.n; i++) {
		const struct frs_bgp_peer *p = &peers.v[i];
		static const char *const afis[] = { "ipv4", "ipv6" };

		for (size_t k = 0; k < 2; k++) {
			bool carried = p->n_af == 0 && k == 0;

			for (size_t j = 0; j < p->n_af; j++)
				carried |= !strncmp(p->af[j].name, afis[k], 4);
			if (!carried)
				continue;
			frs_buf_clear(&cmd);
			frs_buf_clear(&name);
			frs_buf_addf(&cmd, "show bgp vrf %s %s unicast neighbors %s advertised-routes json",
				     p->vrf, afis[k], p->peer);
			frs_buf_addf(&name, "frr/advertised-routes/%s/%s-%s.json", p->vrf, p->peer,
				     afis[k]);
			add_show(b, NULL, frs_buf_cstr(&name), vty, "bgpd", frs_buf_cstr(&cmd));
		}
	}
	add_show(b, NULL, "frr/bfd-peers.json", vty, "bfdd", "show bfd peers json");
	add_show(b, NULL, "frr/bfd-peers-counters.json", vty, "bfdd", "show bfd peers counters json");
	frs_bgp_peers_dispose(&peers);
	frs_errlist_dispose(&errs);
	frs_buf_dispose(&t);
	frs_buf_dispose(&nb);
	frs_buf_dispose(&name);
	frs_buf_dispose(&cmd);
}

static void add_sidecar(struct bundle *b, const char *dir)
{
	static const struct {
		const char *file, *name;
	} files[] = {
		{ ".status", "sidecar/status" },
		{ "last-error", "sidecar/last-error" },
		{ "running-config", "sidecar/running-config" },
		{ "state.json", "sidecar/state.json" },
	};
	struct frs_buf t = FRS_BUF_INIT, path = FRS_BUF_INIT;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		frs_buf_clear(&path);
		frs_buf_clear(&t);
		frs_buf_addf(&path, "%s/%s", dir, files[i].file);
		if (frs_file_read(&t, frs_buf_cstr(&path)))
			note(b, "%s: cannot read: %s", frs_buf_cstr(&path), frs_file_strerror(errno));
		else
			add_file(b, files[i].name, &t);
	}
	frs_buf_dispose(&t);
	frs_buf_dispose(&path);
}

/* explain --all-nodes for every Service (and --node's view), text and JSON, from one load; the
 * live phase for --node from its FRR and the sidecar's files, as `explain --live` reads them. */
static void add_explains(struct bundle *b, const char *node, const char *labels,
			 const struct cli_source *src, char *const *paths, size_t npaths,
			 const char *vty, const char *state_dir)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf all = FRS_BUF_INIT;
	struct frs_labels lab = { 0 };
	struct frs_model *m = NULL;
	struct frs_view **views = NULL;
	size_t nviews = 0;
	cJSON *arr = cJSON_CreateArray();
	char *json = NULL;
	struct cli_live live;
	bool have_live = false;
	/* with --kube, paths are the --kube words: the model comes from the held snapshot */
	enum frs_err rc = cli_model_load(&m, src, (const char *const *)paths,
					 src->kube ? 0 : npaths, &errs);

	memset(&live, 0, sizeof(live));

	if (rc) {
		note(b, "explain: the manifests do not load (see lint.txt)");
		goto done;
	}
	if (labels && frs_labels_parse(&lab, labels)) {
		note(b, "explain: --node-labels does not parse");
		goto done;
	}
	views = calloc(m->nnodes + 2, sizeof(*views));
	if (!views || !arr) {
		b->oom = true;
		goto done;
	}
	for (size_t i = 0; i <= m->nnodes; i++) {
		struct frs_view_opts o = { 0 };
		bool is_node = node && (i == m->nnodes || !strcmp(m->nodes[i].obj.name, node));

		if (i == m->nnodes) {
			bool seen = false;
			for (size_t j = 0; node && j < m->nnodes; j++)
				seen |= !strcmp(m->nodes[j].obj.name, node);
			if (!node || seen)
				break;
		}
		o.node = i < m->nnodes ? m->nodes[i].obj.name : node;
		if (is_node && labels)
			o.labels = &lab;
		if (frs_view_build(&views[nviews], m, &o, &errs)) {
			note(b, "explain: node %s: %s", o.node, first_message(&errs, "no view"));
			continue;
		}
		nviews++;
	}
	for (size_t i = 0; node && i < nviews && !have_live; i++) {
		if (strcmp(views[i]->node, node))
			continue;
		if (cli_live_read(&live, views[i], vty, state_dir)) {
			b->oom = true;
			goto done;
		}
		have_live = true;
	}
	for (size_t i = 0; i < m->nservices; i++) {
		cJSON *r = cli_explain_report(m, &m->services[i], views, nviews, true,
					      have_live ? &live : NULL);
		FILE *f;
		char *txt = NULL;
		size_t len = 0;

		if (!r) {
			b->oom = true;
			break;
		}
		if ((f = open_memstream(&txt, &len))) {
			cli_explain_print(f, r);
			fclose(f);
			frs_buf_puts(&all, txt ? txt : "");
			frs_buf_putc(&all, '\n');
		}
		free(txt);
		cJSON_AddItemToArray(arr, r);
	}
	add_file(b, "explain.txt", &all);
	if ((json = cJSON_Print(arr))) {
		frs_buf_clear(&all);
		frs_buf_puts(&all, json);
		frs_buf_putc(&all, '\n');
		add_file(b, "explain.json", &all);
	}
done:
	free(json);
	cJSON_Delete(arr);
	if (have_live)
		cli_live_dispose(&live);
	for (size_t i = 0; i < nviews; i++)
		frs_view_free(views[i]);
	free(views);
	frs_labels_dispose(&lab);
	frs_model_free(m);
	frs_errlist_dispose(&errs);
	frs_buf_dispose(&all);
}

static const char *default_state_dir(struct frs_buf *tmp)
{
	const char *file = getenv("FRR_CONFIG_FILE"), *slash;

	if (!file || !*file)
		file = "/etc/frr_reloader/frr.conf";
	slash = strrchr(file, '/');
	if (!slash)
		return ".";
	if (slash == file)
		return "/";
	frs_buf_add(tmp, file, (size_t)(slash - file));
	return frs_buf_cstr(tmp);
}

int cmd_bundle(int argc, char **argv)
{
	enum { OPT_VTY = 256, OPT_STATE_DIR };
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "node", required_argument, NULL, 'n' },
		{ "node-labels", required_argument, NULL, 'l' },
		{ "vty-socket", required_argument, NULL, OPT_VTY },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL, *node = NULL, *labels = NULL, *vty = FRS_VTY_DEFAULT_DIR;
	const char *words[8];
	struct cli_source src = { 0 };
	struct frs_buf dump = FRS_BUF_INIT;
	const char *state_dir = NULL;
	struct frs_buf sd = FRS_BUF_INIT, t = FRS_BUF_INIT;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_docset set;
	struct bundle b;
	struct utsname un;
	char **sub = NULL, **paths = NULL;
	int c, n, ret = CLI_EXIT_OK;
	size_t npaths;

	memset(&b, 0, sizeof(b));
	frs_docset_init(&set);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:n:l:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'n': node = optarg; break;
		case 'l': labels = optarg; break;
		case OPT_VTY: vty = optarg; break;
		case OPT_STATE_DIR: state_dir = optarg; break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			if (cli_source_opt(&src, c, optarg))
				break;
			return cli_usage_error("bundle", "bad option '%s' or missing argument",
					       argv[optind - 1]);
		}
	}
	if (!output || !*output)
		return cli_usage_error("bundle", "-o FILE.tar.gz is required");
	if ((ret = cli_source_check(&src, "bundle", (size_t)(argc - optind))))
		return ret;
	/* the subcommands run below parse their own options: keep ours */
	paths = argv + optind;
	npaths = (size_t)(argc - optind);
	if (src.kube) {
		/* the subcommands get the --kube words where they would get PATH... */
		npaths = cli_source_words(words, &src);
		paths = (char **)words;
	}
	for (size_t i = 0; i < npaths && !src.kube; i++)
		if (!strcmp(paths[i], "-"))
			return cli_usage_error("bundle", "reads manifests from files, not stdin");
	if (!node) {
		if (uname(&un) != 0)
			return cli_usage_error("bundle", "--node NAME is required (no host name)");
		node = un.nodename;
	}
	if (!state_dir)
		state_dir = default_state_dir(&sd);

	b.now = time(NULL);
	b.a = archive_write_new();
	if (!b.a || archive_write_set_format_pax_restricted(b.a) != ARCHIVE_OK ||
	    archive_write_add_filter_gzip(b.a) != ARCHIVE_OK ||
	    archive_write_open(b.a, &b, NULL, sink_write, NULL) != ARCHIVE_OK) {
		cli_errorf("bundle: %s", b.a ? archive_error_string(b.a) : "out of memory");
		ret = CLI_EXIT_SYSTEM;
		goto done;
	}

	/* secrets first: every file below is searched for them */
	if (src.kube) {
		/* one listing for the whole report */
		cli_source_hold(true);
		if (cli_source_docset(&set, &dump, &src, &errs))
			note(&b, "api: %s", first_message(&errs, "cannot read the API server"));
	}
	for (size_t i = 0; i < npaths && !src.kube; i++)
		if (frs_docset_load(&set, paths[i], &errs) == FRS_EINPUT) {
			ret = cli_usage_error("bundle", "cannot read %s", paths[i]);
			goto done;
		}
	for (size_t i = 0; i < set.ndocs; i++)
		walk_secrets(&b, set.docs[i].root,
			     frs_node_str(set.docs[i].root, "kind") &&
				     !strcmp(frs_node_str(set.docs[i].root, "kind"), "Secret"));
	if (b.nsecrets > 1) /* none: no array (qsort's base must not be NULL) */
		qsort(b.secrets, b.nsecrets, sizeof(*b.secrets), cmp_len_desc);

	frs_buf_addf(&t, "frrshim %s\nnode %s\n", PACKAGE_VERSION, node);
	add_file(&b, "versions.txt", &t);
	if (src.kube)
		add_file(&b, "manifests/api.json", &dump);
	else
		add_manifests(&b, &set);

	sub = sub_argv(&n, "lint", NULL, NULL, NULL, paths, npaths);
	if (sub)
		add_capture(&b, "lint.txt", true, cmd_lint, n, sub);
	free(sub);
	sub = sub_argv(&n, "render", node, labels, NULL, paths, npaths);
	if (sub)
		add_capture(&b, "rendered/frr.conf", false, cmd_render, n, sub);
	free(sub);
	add_explains(&b, node, labels, &src, paths, npaths, vty, state_dir);
	add_live(&b, vty);
	add_sidecar(&b, state_dir);
	if (b.errors.len)
		add_file(&b, "errors.txt", &b.errors);

	if (archive_write_close(b.a) != ARCHIVE_OK || b.oom) {
		cli_errorf("bundle: cannot build the archive: %s",
			   b.oom ? "out of memory" : archive_error_string(b.a));
		ret = CLI_EXIT_SYSTEM;
		goto done;
	}
	if (frs_file_write_atomic(output, frs_buf_cstr(&b.tar), b.tar.len, 0600)) {
		cli_errorf("bundle: cannot write %s: %s", output, strerror(errno));
		ret = CLI_EXIT_SYSTEM;
		goto done;
	}
	printf("wrote %s: %zu files\n", output, b.nfiles);
done:
	cli_source_hold(false);
	frs_buf_dispose(&dump);
	if (b.a)
		archive_write_free(b.a);
	for (size_t i = 0; i < b.nsecrets; i++)
		free(b.secrets[i]);
	free(b.secrets);
	frs_buf_dispose(&b.tar);
	frs_buf_dispose(&b.errors);
	frs_buf_dispose(&sd);
	frs_buf_dispose(&t);
	frs_errlist_dispose(&errs);
	frs_docset_dispose(&set);
	return ret;
}
