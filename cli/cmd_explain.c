/* SPDX-License-Identifier: MIT */
/* `frrshim explain`: one Service through the troubleshooting guide: assignment, announcement, live. */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <frrshim/model.h>
#include <frrshim/view.h>

#include "cli.h"
#include "explain.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: frrshim explain (--node NAME | --all-nodes) [--node-labels K=V,...]\n"
		   "                       [--ignore-exclude-lb] [--live [--vty-socket DIR]\n"
		   "                       [--state-dir DIR]] [-o text|json] NAMESPACE/SERVICE\n"
		   "                       PATH... | --kube [...]\n"
		   "\n"
		   "Walk the troubleshooting guide for one Service, one line per check (✓ holds,\n"
		   "✗ does not, ! a warning), each failure with the next thing to look at:\n"
		   "IP assignment (the pools that can serve it, their serviceAllocation and\n"
		   "autoAssign, requested IPs and pools, address families, IP sharing); announcement\n"
		   "from the node (advertisements, node and service selectors, the exclude label,\n"
		   "endpoints, network unavailable, peers), or with --all-nodes a node x IP matrix\n"
		   "over the Node objects; with --live the node's FRR: each peer's session and FRR's\n"
		   "last error in words, the prefix in its advertised routes with communities and\n"
		   "local-pref (or why it is missing), BFD, the sidecar's state, strict rp_filter.\n"
		   "\n"
		   "Options:\n"
		   "  -n, --node NAME          the node (its labels come from its Node object)\n"
		   "  -A, --all-nodes          every Node of the input (and --node's)\n"
		   "  -l, --node-labels K=V,.. the node's labels instead of its Node object's\n"
		   "      --ignore-exclude-lb  as `render --ignore-exclude-lb`\n"
		   "      --live               also read the node's live FRR (needs --node)\n"
		   "      --vty-socket DIR     FRR's vty sockets (default /var/run/frr)\n"
		   "      --state-dir DIR      the sidecar's status files (state.json, last-error)\n"
		   "  -o, --output FMT         text (default) or json\n"
		   "  -h, --help               this help\n"
		   "%s"
		   "\n"
		   "Exit status: 0 every IP is assigned and announced where it should be (from the\n"
		   "node, or with --all-nodes from at least one node) and, with --live, every check\n"
		   "holds; 1 otherwise (or invalid input); 2 usage; 3 FRR unreachable.\n",
		cli_source_help);
}

/* The views to explain over: --node's, or every Node's (sorted, --node's added). */
static int build_views(struct frs_view ***out, size_t *nout, const struct frs_model *m,
		       const struct frs_view_opts *base, bool all)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_view **v = calloc(m->nnodes + 2, sizeof(*v));
	size_t n = 0;
	int ret = CLI_EXIT_OK;
	bool have_base = false;

	if (!v)
		return cli_exit_code(FRS_ENOMEM);
	for (size_t i = 0; all && i <= m->nnodes; i++) {
		struct frs_view_opts o = *base;

		if (i < m->nnodes) {
			o.node = m->nodes[i].obj.name;
			if (base->node && strcmp(base->node, o.node) == 0)
				have_base = true;
			else
				o.labels = NULL;
		} else if (!base->node || have_base) {
			break;
		}
		if (frs_view_build(&v[n], m, &o, &errs)) {
			ret = CLI_EXIT_PROBLEM;
			break;
		}
		n++;
	}
	if (!all && frs_view_build(&v[n++], m, base, &errs)) {
		n--;
		ret = CLI_EXIT_PROBLEM;
	}
	cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
	frs_errlist_dispose(&errs);
	if (!ret && all && !n) {
		cli_errorf("explain: --all-nodes needs Node objects in the input (or --node)");
		ret = CLI_EXIT_PROBLEM;
	}
	*out = v;
	*nout = n;
	return ret;
}

int cmd_explain(int argc, char **argv)
{
	enum { OPT_IGNORE_EXCLUDE = 256, OPT_LIVE, OPT_VTY, OPT_STATE_DIR };
	static const struct option opts[] = {
		{ "node", required_argument, NULL, 'n' },
		{ "all-nodes", no_argument, NULL, 'A' },
		{ "node-labels", required_argument, NULL, 'l' },
		{ "ignore-exclude-lb", no_argument, NULL, OPT_IGNORE_EXCLUDE },
		{ "live", no_argument, NULL, OPT_LIVE },
		{ "vty-socket", required_argument, NULL, OPT_VTY },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_view_opts vopts = { 0 };
	struct frs_labels labels = { 0 };
	struct cli_source src = { 0 };
	struct frs_model *m = NULL;
	struct frs_view **views = NULL;
	size_t nviews = 0;
	struct cli_live live;
	bool json = false, all = false, do_live = false, have_live = false;
	const char *vty_dir = NULL, *state_dir = NULL, *name;
	const struct frs_service *svc = NULL;
	cJSON *report = NULL;
	char *ns = NULL;
	enum frs_err rc;
	int c, ret;

	memset(&live, 0, sizeof(live));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:Al:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			vopts.node = optarg;
			break;
		case 'A':
			all = true;
			break;
		case 'l':
			frs_labels_dispose(&labels);
			if (frs_labels_parse(&labels, optarg) != 0)
				return cli_usage_error("explain", "--node-labels wants K=V,K=V...");
			vopts.labels = &labels;
			break;
		case OPT_IGNORE_EXCLUDE:
			vopts.ignore_exclude_lb = true;
			break;
		case OPT_LIVE:
			do_live = true;
			break;
		case OPT_VTY:
			vty_dir = optarg;
			break;
		case OPT_STATE_DIR:
			state_dir = optarg;
			break;
		case 'o':
			if (strcmp(optarg, "json") == 0)
				json = true;
			else if (strcmp(optarg, "text") != 0)
				return cli_usage_error("explain", "-o wants text or json");
			break;
		case 'h':
			usage(stdout);
			frs_labels_dispose(&labels);
			return CLI_EXIT_OK;
		default:
			if (cli_source_opt(&src, c, optarg))
				break;
			frs_labels_dispose(&labels);
			return cli_usage_error("explain", "bad option or missing argument");
		}
	}
	ret = CLI_EXIT_USAGE;
	if ((!vopts.node && !all) || argc - optind < (src.kube ? 1 : 2)) {
		cli_usage_error("explain", "wants --node NAME or --all-nodes, NAMESPACE/SERVICE and "
				"a PATH (or --kube)");
		goto done;
	}
	if ((ret = cli_source_check(&src, "explain", (size_t)(argc - optind - 1))))
		goto done;
	ret = CLI_EXIT_USAGE;
	if (do_live && !vopts.node) {
		cli_usage_error("explain", "--live reads one node's FRR: it wants --node NAME");
		goto done;
	}
	name = strchr(argv[optind], '/');
	if (!name || name == argv[optind] || !name[1]) {
		cli_usage_error("explain", "'%s' is not NAMESPACE/SERVICE", argv[optind]);
		goto done;
	}
	if (!(ns = strndup(argv[optind], (size_t)(name - argv[optind])))) {
		ret = cli_exit_code(FRS_ENOMEM);
		goto done;
	}
	name++;
	rc = cli_model_load(&m, &src, (const char *const *)argv + optind + 1,
			    (size_t)(argc - optind - 1), &errs);
	frs_errlist_sort(&errs);
	cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
	if ((ret = cli_load_exit(NULL, rc)))
		goto done;
	for (size_t i = 0; i < m->nservices && !svc; i++)
		if (!strcmp(m->services[i].obj.name, name) && m->services[i].obj.ns &&
		    !strcmp(m->services[i].obj.ns, ns))
			svc = &m->services[i];
	if (!svc) {
		cli_errorf("explain: no Service %s/%s in the input", ns, name);
		ret = CLI_EXIT_PROBLEM;
		goto done;
	}
	if ((ret = build_views(&views, &nviews, m, &vopts, all)))
		goto done;
	if (do_live) {
		const struct frs_view *lv = NULL;

		for (size_t i = 0; i < nviews && !lv; i++)
			if (!strcmp(views[i]->node, vopts.node))
				lv = views[i];
		if ((rc = cli_live_read(&live, lv, vty_dir, state_dir))) {
			ret = cli_exit_code(rc);
			goto done;
		}
		have_live = true;
	}
	if (!(report = cli_explain_report(m, svc, views, nviews, all, have_live ? &live : NULL))) {
		ret = cli_exit_code(FRS_ENOMEM);
		goto done;
	}
	if (json) {
		char *s = cJSON_Print(report);

		if (s)
			printf("%s\n", s);
		free(s);
	} else {
		cli_explain_print(stdout, report);
	}
	ret = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(report, "ok")) ? CLI_EXIT_OK
									   : CLI_EXIT_PROBLEM;
	if (have_live && live.rc && live.rc != FRS_ENOMEM)
		ret = cli_exit_code(live.rc);
done:
	cJSON_Delete(report);
	if (have_live)
		cli_live_dispose(&live);
	for (size_t i = 0; i < nviews; i++)
		frs_view_free(views[i]);
	free(views);
	free(ns);
	frs_errlist_dispose(&errs);
	frs_model_free(m);
	frs_labels_dispose(&labels);
	return ret;
}
