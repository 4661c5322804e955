/* SPDX-License-Identifier: MIT */
/* `frrshim render`: the frr.conf one node must run, from the resources. */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/file.h>
#include <frrshim/model.h>
#include <frrshim/reload.h>
#include <frrshim/render.h>
#include <frrshim/view.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: frrshim render --node NAME [--node-labels K=V,...] [--ignore-exclude-lb]\n"
		   "                      [--hostname H] [--log-level L] [-o FILE] [--explain]\n"
		   "                      PATH... | --kube [--kubeconfig F] [--context C] [--namespace NS]\n"
		   "\n"
		   "Print the frr.conf node NAME must run: the BGP sessions its BGPPeers select and\n"
		   "the Service IPs it announces, in the exact text FRR 8.4 prints back (loading it\n"
		   "and reading `show running-config` gives the same lines).\n"
		   "\n"
		   "Options:\n"
		   "  -n, --node NAME          the node (its labels come from its Node object)\n"
		   "  -l, --node-labels K=V,.. the node's labels instead of its Node object's\n"
		   "      --ignore-exclude-lb  announce even if the node has the label\n"
		   "                           node.kubernetes.io/exclude-from-external-load-balancers\n"
		   "      --hostname H         add a `hostname H` line\n"
		   "      --log-level L        debug, info (default), warn, error or none\n"
		   "  -o, --output FILE        write FILE atomically instead of stdout\n"
		   "      --explain            on stderr, why each Service IP is or is not announced\n"
		   "      --per-peer-lists     one set of prefix-lists per peer, as MetalLB\n"
		   "      --frr-version V      print what FRR V prints back (8.4 default, 9.1, 10.x)\n"
		   "  -h, --help               this help\n"
		   "%s"
		   "\n"
		   "Invalid input: the same diagnostics as `frrshim lint`, nothing written, exit 1.\n",
		cli_source_help);
}

int cli_load_view(struct frs_model **mout, struct frs_view **vout, const struct cli_source *src,
		  const char *const *paths, size_t npaths, const struct frs_view_opts *vopts)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_model *m = NULL;
	struct frs_view *v = NULL;
	enum frs_err rc;
	int ret = CLI_EXIT_OK;

	rc = cli_model_load(&m, src, paths, npaths, &errs);
	if (!rc)
		rc = frs_view_build(&v, m, vopts, &errs);
	frs_errlist_sort(&errs);
	/* warnings too, as lint prints them; on stderr: stdout may be the config */
	cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
	ret = cli_load_exit(NULL, rc);
	frs_errlist_dispose(&errs);
	if (ret) {
		frs_view_free(v);
		frs_model_free(m);
		return ret;
	}
	*mout = m;
	*vout = v;
	return CLI_EXIT_OK;
}

static void explain(FILE *f, const struct frs_view *v)
{
	for (size_t i = 0; i < v->nservices; i++) {
		const struct frs_view_service *vs = &v->services[i];
		const struct frs_object *o = &vs->svc->obj;

		if (vs->nips == 0) {
			fprintf(f, "%s/%s: %s\n", o->ns ? o->ns : "", o->name,
				frs_view_reason_text(vs->reason));
			continue;
		}
		for (size_t j = 0; j < vs->nips; j++)
			fprintf(f, "%s/%s: %s\n", o->ns ? o->ns : "", o->name, vs->ips[j].detail);
	}
}

int cmd_render(int argc, char **argv)
{
	enum { OPT_IGNORE_EXCLUDE = 256, OPT_HOSTNAME, OPT_LOG_LEVEL, OPT_EXPLAIN, OPT_PER_PEER,
	       OPT_FRR_VERSION };
	static const struct option opts[] = {
		{ "node", required_argument, NULL, 'n' },
		{ "node-labels", required_argument, NULL, 'l' },
		{ "ignore-exclude-lb", no_argument, NULL, OPT_IGNORE_EXCLUDE },
		{ "hostname", required_argument, NULL, OPT_HOSTNAME },
		{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
		{ "output", required_argument, NULL, 'o' },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "per-peer-lists", no_argument, NULL, OPT_PER_PEER },
		{ "frr-version", required_argument, NULL, OPT_FRR_VERSION },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct frs_view_opts vopts = { 0 };
	struct frs_render_opts ropts = { 0 };
	struct frs_labels labels = { 0 };
	struct cli_source src = { 0 };
	bool have_labels = false, do_explain = false;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf out = FRS_BUF_INIT;
	struct frs_model *m = NULL;
	struct frs_view *v = NULL;
	const char *output = NULL;
	enum frs_err rc;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:l:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			vopts.node = optarg;
			break;
		case 'l':
			frs_labels_dispose(&labels);
			if (frs_labels_parse(&labels, optarg) != 0)
				return cli_usage_error("render", "--node-labels wants K=V,K=V...");
			have_labels = true;
			break;
		case OPT_IGNORE_EXCLUDE:
			vopts.ignore_exclude_lb = true;
			break;
		case OPT_HOSTNAME:
			ropts.hostname = optarg;
			break;
		case OPT_LOG_LEVEL:
			ropts.log_level = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_EXPLAIN:
			do_explain = true;
			break;
		case OPT_PER_PEER:
			ropts.per_peer_lists = true;
			break;
		case OPT_FRR_VERSION:
			if (frs_frr_version_parse(&ropts.frr_version, optarg) != FRS_OK)
				return cli_usage_error("render", "--frr-version wants a version such "
							"as 8.4, 9.1 or 10.3, got \"%s\"", optarg);
			break;
		case 'h':
			usage(stdout);
			frs_labels_dispose(&labels);
			return CLI_EXIT_OK;
		default:
			if (cli_source_opt(&src, c, optarg))
				break;
			frs_labels_dispose(&labels);
			if (optopt)
				return cli_usage_error("render", "bad option '-%c' or missing argument",
						       optopt);
			return cli_usage_error("render", "bad option '%s'", argv[optind - 1]);
		}
	}
	if (!vopts.node || !*vopts.node) {
		frs_labels_dispose(&labels);
		return cli_usage_error("render", "--node NAME is required");
	}
	if ((ret = cli_source_check(&src, "render", (size_t)(argc - optind)))) {
		frs_labels_dispose(&labels);
		return ret;
	}
	if (have_labels)
		vopts.labels = &labels;

	ret = cli_load_view(&m, &v, &src, (const char *const *)argv + optind,
			    (size_t)(argc - optind), &vopts);
	if (ret)
		goto done;
	if (do_explain)
		explain(stderr, v);
	rc = frs_render_node(&out, v, &ropts, &errs);
	if (rc) {
		cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
		if (rc != FRS_EINVALID)
			cli_errorf("render: %s", frs_strerror(rc));
		ret = cli_exit_code(rc);
		goto done;
	}
	if (output) {
		rc = frs_file_write_atomic(output, frs_buf_cstr(&out), out.len, 0600);
		if (rc) {
			cli_errorf("render: cannot write %s: %s", output, frs_strerror(rc));
			ret = cli_exit_code(rc);
		}
	} else if (fwrite(frs_buf_cstr(&out), 1, out.len, stdout) != out.len || fflush(stdout)) {
		cli_errorf("render: cannot write to stdout");
		ret = cli_exit_code(FRS_EIO);
	}
done:
	frs_buf_dispose(&out);
	frs_errlist_dispose(&errs);
	frs_view_free(v);
	frs_model_free(m);
	frs_labels_dispose(&labels);
	return ret;
}
