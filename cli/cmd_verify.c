/* SPDX-License-Identifier: MIT */
/* `frrshim verify`: are the node's sessions up and its routes advertised as the resources say? */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include <frrshim/file.h>
#include <frrshim/verify.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: frrshim verify --node NAME [--wait SECONDS] [--vty-socket DIR] [-o text|json]\n"
		"                      PATH... | --kube [--kubeconfig F] [--context C] [--namespace NS]\n"
		"       frrshim verify --expect FILE [--wait SECONDS] [--vty-socket DIR] [-o text|json]\n"
		"\n"
		"Compare the live FRR with what node NAME must announce according to the resources in\n"
		"PATH (files, directories, '-'): every BGP session Established, every expected prefix\n"
		"advertised to its peer with its communities, large communities and local-pref, and\n"
		"nothing advertised that should not be.\n"
		"\n"
		"  -n, --node NAME        the node whose view to check\n"
		"  -w, --wait SECONDS     poll until everything holds or time runs out\n"
		"      --vty-socket DIR   FRR's vty sockets (default /var/run/frr)\n"
		"      --expect FILE      the expectation as JSON instead of resources:\n"
		"                         {\"peers\":[{\"vrf\":\"default\",\"neighbor\":\"192.0.2.1\",\n"
		"                          \"routes\":[{\"prefix\":\"198.51.100.10/32\",\"communities\":[…],\n"
		"                          \"largeCommunities\":[…],\"localPref\":150}]}]}\n"
		"  -o, --output FMT       text (default) or json\n"
		"%s"
		"\n"
		"Exit: 0 all good, 1 something is missing, 2 usage, 3 FRR unreachable, 4 system error.\n",
		cli_source_help);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_json(const struct frs_verify_expect *e, const struct frs_errlist *res, int ok)
{
	cJSON *o = cJSON_CreateObject(), *probs, *warns;
	char *text;

	if (!o)
		return;
	cJSON_AddBoolToObject(o, "ok", ok);
	cJSON_AddNumberToObject(o, "peers", (double)e->npeers);
	probs = cJSON_AddArrayToObject(o, "problems");
	warns = cJSON_AddArrayToObject(o, "warnings");
	for (size_t i = 0; i < res->n; i++)
		cJSON_AddItemToArray(res->v[i].severity == FRS_SEV_ERROR ? probs : warns,
				     cJSON_CreateString(res->v[i].message ? res->v[i].message : ""));
	text = cJSON_Print(o);
	if (text)
		printf("%s\n", text);
	cJSON_free(text);
	cJSON_Delete(o);
}

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "node", required_argument, NULL, 'n' },
		{ "wait", required_argument, NULL, 'w' },
		{ "vty-socket", required_argument, NULL, 'S' },
		{ "expect", required_argument, NULL, 'E' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct frs_verify_expect e;
	struct frs_errlist errs = FRS_ERRLIST_INIT, res = FRS_ERRLIST_INIT;
	const char *node = NULL, *vty_dir = NULL, *expect = NULL;
	struct cli_source src = { 0 };
	double wait = 0, deadline;
	int c, json = 0, ret;
	size_t nroutes = 0;
	enum frs_err rc;

	memset(&e, 0, sizeof(e));
	optind = 1;
	while ((c = getopt_long(argc, argv, "n:w:o:h", opts, NULL)) != -1) {
		char *end = NULL;

		switch (c) {
		case 'n':
			node = optarg;
			break;
		case 'w':
			wait = strtod(optarg, &end);
			if (!end || *end || wait < 0 || wait > 86400)
				return cli_usage_error("verify", "--wait wants seconds, not '%s'", optarg);
			break;
		case 'S':
			vty_dir = optarg;
			break;
		case 'E':
			expect = optarg;
			break;
		case 'o':
			if (strcmp(optarg, "json") == 0)
				json = 1;
			else if (strcmp(optarg, "text") != 0)
				return cli_usage_error("verify", "unknown output format '%s'", optarg);
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			if (cli_source_opt(&src, c, optarg))
				break;
			return cli_usage_error("verify", "unknown option");
		}
	}
	if (expect && (node || optind < argc || src.kube || src.kube_opt))
		return cli_usage_error("verify", "--expect replaces --node and PATH (or --kube)");
	if (!expect && !node)
		return cli_usage_error("verify", "--node NAME is required");
	if (!expect && (ret = cli_source_check(&src, "verify", (size_t)(argc - optind))))
		return ret;

	if (expect) {
		struct frs_buf b = FRS_BUF_INIT;

		if (frs_file_read(&b, expect)) {
			cli_errorf("%s: cannot read: %s", expect, frs_file_strerror(errno));
			frs_buf_dispose(&b);
			return cli_exit_code(FRS_EINPUT);
		}
		rc = frs_verify_expect_parse(&e, frs_buf_cstr(&b), &errs);
		frs_buf_dispose(&b);
		if (rc) {
			cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
			ret = CLI_EXIT_USAGE;
			goto done;
		}
	} else {
		ret = cli_verify_expect_from_paths(&e, node, &src, argv + optind,
						   (size_t)(argc - optind), &errs);
		if (ret) {
			cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
			goto done;
		}
	}
	for (size_t i = 0; i < e.npeers; i++)
		nroutes += e.peers[i].nroutes;

	deadline = now_s() + wait;
	for (;;) {
		struct frs_verify_observed o;
		struct timespec ts = { 0, 200 * 1000 * 1000 };

		memset(&o, 0, sizeof(o));
		frs_errlist_dispose(&errs);
		frs_errlist_dispose(&res);
		rc = frs_verify_collect(&o, &e, vty_dir, 5000, &errs);
		if (!rc)
			frs_verify_check(&res, &e, &o);
		frs_verify_observed_dispose(&o);
		if (!rc && frs_errlist_count(&res, FRS_SEV_ERROR) == 0)
			break;
		if (rc && rc != FRS_EUNREACHABLE && rc != FRS_ETIMEOUT)
			break;
		if (now_s() + 0.2 > deadline)
			break;
		nanosleep(&ts, NULL);
	}
	if (rc) {
		cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
		ret = cli_exit_code(rc);
		goto done;
	}
	ret = frs_errlist_count(&res, FRS_SEV_ERROR) ? CLI_EXIT_PROBLEM : CLI_EXIT_OK;
	if (json) {
		print_json(&e, &res, ret == CLI_EXIT_OK);
	} else {
		for (size_t i = 0; i < res.n; i++)
			printf("%s%s\n", res.v[i].severity == FRS_SEV_WARNING ? "warning: " : "",
			       res.v[i].message);
		if (ret == CLI_EXIT_OK)
			printf("ok: %zu BGP session%s established, %zu route%s advertised as expected\n",
			       e.npeers, e.npeers == 1 ? "" : "s", nroutes, nroutes == 1 ? "" : "s");
	}
done:
	frs_verify_expect_dispose(&e);
	frs_errlist_dispose(&errs);
	frs_errlist_dispose(&res);
	return ret;
}
