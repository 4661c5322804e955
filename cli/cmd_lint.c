/* SPDX-License-Identifier: MIT */
/* `frrshim lint`: validate a set of manifests as a whole and report every problem, located. */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <frrshim/model.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: frrshim lint [--format text|json|github] PATH... | --kube [OPTIONS]\n"
		   "\n"
		   "Validate MetalLB resources (BGPPeer, IPAddressPool, BGPAdvertisement,\n"
		   "L2Advertisement, Community, BFDProfile) with the Secrets, Services, Nodes and\n"
		   "EndpointSlices they refer to, as one set, offline. Every problem is reported,\n"
		   "sorted by file and line, as FILE:LINE:COLUMN: SEVERITY: KIND NS/NAME: FIELD: MESSAGE.\n"
		   "\n"
		   "PATH is a YAML or JSON file (many documents and `kind: List` allowed), a directory\n"
		   "of *.yaml, *.yml and *.json files (read in name order), or - for stdin.\n"
		   "With --kube the same kinds are read from the API server instead; a\n"
		   "diagnostic's file is then api:KIND/NAMESPACE/NAME.\n"
		   "\n"
		   "Options:\n"
		   "  -f, --format FMT  text (default), json (an array of objects with file, line,\n"
		   "                    column, severity, kind, namespace, name, path, message), or\n"
		   "                    github (workflow commands that annotate a pull request)\n"
		   "  -q, --quiet       no summary on stderr\n"
		   "  -h, --help        this help\n"
		   "%s"
		   "\n"
		   "Exit status: 0 valid (warnings allowed), 1 invalid, 2 usage or unreadable input.\n",
		cli_source_help);
}

int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_model *m = NULL;
	struct cli_source src = { 0 };
	enum cli_format fmt = CLI_FMT_TEXT;
	enum frs_err rc;
	bool quiet = false;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (cli_format_parse(optarg, &fmt) != 0)
				return cli_usage_error("lint", "unknown format '%s' (text, json, github)",
						       optarg);
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			if (cli_source_opt(&src, c, optarg))
				break;
			if (optopt)
				return cli_usage_error("lint", "bad option '-%c' or missing argument",
						       optopt);
			return cli_usage_error("lint", "bad option '%s'", argv[optind - 1]);
		}
	}
	if ((ret = cli_source_check(&src, "lint", (size_t)(argc - optind))))
		return ret;

	rc = cli_model_load(&m, &src, (const char *const *)argv + optind, (size_t)(argc - optind),
			    &errs);
	frs_errlist_sort(&errs);
	cli_print_diagnostics(stdout, &errs, fmt);
	fflush(stdout);
	ret = cli_load_exit("lint", rc);
	if (!quiet && fmt == CLI_FMT_TEXT && ret <= CLI_EXIT_USAGE) {
		size_t ne = frs_errlist_count(&errs, FRS_SEV_ERROR);
		size_t nw = frs_errlist_count(&errs, FRS_SEV_WARNING);
		if (m)
			fprintf(stderr, "frrshim lint: ok: %zu documents, %zu warning%s\n",
				m->ndocs, nw, nw == 1 ? "" : "s");
		else
			fprintf(stderr, "frrshim lint: %zu error%s, %zu warning%s\n", ne,
				ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
	}
	frs_model_free(m);
	frs_errlist_dispose(&errs);
	return ret;
}
