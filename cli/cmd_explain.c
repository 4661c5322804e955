/* SPDX-License-Identifier: MIT */
/* `frrshim explain`: why one Service is or is not announced from one node, from the node view. */
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

static void usage(FILE *f)
{
	fprintf(f, "usage: frrshim explain --node NAME [--node-labels K=V,...] [--ignore-exclude-lb]\n"
		   "                       [-o text|json] NAMESPACE/SERVICE PATH... | --kube [...]\n"
		   "\n"
		   "Tell whether node NAME announces the Service's IPs, to which BGP peers and with\n"
		   "which prefix, or why not (no pool, no BGPAdvertisement, node or service selectors,\n"
		   "the exclude-from-external-load-balancers label, no ready endpoints, no local\n"
		   "endpoint with externalTrafficPolicy Local, network unavailable, no peer).\n"
		   "\n"
		   "Options:\n"
		   "  -n, --node NAME          the node (its labels come from its Node object)\n"
		   "  -l, --node-labels K=V,.. the node's labels instead of its Node object's\n"
		   "      --ignore-exclude-lb  as `render --ignore-exclude-lb`\n"
		   "  -o, --output FMT         text (default) or json\n"
		   "  -h, --help               this help\n"
		   "%s"
		   "\n"
		   "Exit status: 0 every IP is announced, 1 some IP is not (or invalid input),\n"
		   "2 usage.\n", cli_source_help);
}

static void print_json(const struct frs_view *v, const struct frs_view_service *vs)
{
	cJSON *root = cJSON_CreateObject(), *ips = cJSON_AddArrayToObject(root, "ips");
	char *s;

	cJSON_AddStringToObject(root, "namespace", vs->svc->obj.ns ? vs->svc->obj.ns : "");
	cJSON_AddStringToObject(root, "name", vs->svc->obj.name);
	cJSON_AddStringToObject(root, "node", v->node);
	cJSON_AddStringToObject(root, "reason", frs_view_reason_text(vs->reason));
	for (size_t i = 0; i < vs->nips; i++) {
		const struct frs_view_ip *vi = &vs->ips[i];
		cJSON *ip = cJSON_CreateObject(), *advs = NULL;

		cJSON_AddStringToObject(ip, "ip", vi->ip);
		cJSON_AddBoolToObject(ip, "announced", vi->reason == FRS_VIEW_ANNOUNCED);
		cJSON_AddNumberToObject(ip, "code", vi->reason);
		cJSON_AddStringToObject(ip, "reason", frs_view_reason_text(vi->reason));
		if (vi->pool)
			cJSON_AddStringToObject(ip, "pool", vi->pool->obj.name);
		cJSON_AddStringToObject(ip, "detail", vi->detail ? vi->detail : "");
		advs = cJSON_AddArrayToObject(ip, "advertisements");
		for (size_t j = 0; j < vi->nadvs; j++) {
			const struct frs_view_adv *va = &vi->advs[j];
			cJSON *a = cJSON_CreateObject(), *peers;
			char pfx[64];

			frs_view_prefix_str(&va->prefix, pfx, sizeof(pfx));
			cJSON_AddStringToObject(a, "name", va->adv->obj.name);
			cJSON_AddStringToObject(a, "prefix", pfx);
			cJSON_AddStringToObject(a, "reason", frs_view_reason_text(va->reason));
			peers = cJSON_AddArrayToObject(a, "peers");
			for (size_t k = 0; k < va->npeers; k++)
				cJSON_AddItemToArray(peers, cJSON_CreateString(
								    v->peers[va->peers[k]].peer->obj.name));
			cJSON_AddItemToArray(advs, a);
		}
		cJSON_AddItemToArray(ips, ip);
	}
	s = cJSON_Print(root);
	if (s)
		printf("%s\n", s);
	free(s);
	cJSON_Delete(root);
}

int cmd_explain(int argc, char **argv)
{
	enum { OPT_IGNORE_EXCLUDE = 256 };
	static const struct option opts[] = {
		{ "node", required_argument, NULL, 'n' },
		{ "node-labels", required_argument, NULL, 'l' },
		{ "ignore-exclude-lb", no_argument, NULL, OPT_IGNORE_EXCLUDE },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct frs_view_opts vopts = { 0 };
	struct frs_labels labels = { 0 };
	struct cli_source src = { 0 };
	struct frs_model *m = NULL;
	struct frs_view *v = NULL;
	const struct frs_view_service *vs;
	bool json = false;
	char *ns = NULL;
	const char *name;
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
				return cli_usage_error("explain", "--node-labels wants K=V,K=V...");
			vopts.labels = &labels;
			break;
		case OPT_IGNORE_EXCLUDE:
			vopts.ignore_exclude_lb = true;
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
	if (!vopts.node || argc - optind < (src.kube ? 1 : 2)) {
		frs_labels_dispose(&labels);
		return cli_usage_error("explain", "wants --node NAME, NAMESPACE/SERVICE and a PATH "
				       "(or --kube)");
	}
	if ((ret = cli_source_check(&src, "explain", (size_t)(argc - optind - 1)))) {
		frs_labels_dispose(&labels);
		return ret;
	}
	name = strchr(argv[optind], '/');
	if (!name || name == argv[optind] || !name[1]) {
		frs_labels_dispose(&labels);
		return cli_usage_error("explain", "'%s' is not NAMESPACE/SERVICE", argv[optind]);
	}
	ns = strndup(argv[optind], (size_t)(name - argv[optind]));
	name++;
	ret = ns ? cli_load_view(&m, &v, &src, (const char *const *)argv + optind + 1,
				 (size_t)(argc - optind - 1), &vopts) :
		   cli_exit_code(FRS_ENOMEM);
	if (ret)
		goto done;
	vs = frs_view_service(v, ns, name);
	if (!vs) {
		cli_errorf("explain: no Service %s/%s in the input", ns, name);
		ret = CLI_EXIT_PROBLEM;
		goto done;
	}
	if (json) {
		print_json(v, vs);
	} else if (vs->nips == 0) {
		printf("%s/%s on %s: %s\n", ns, name, v->node, frs_view_reason_text(vs->reason));
	} else {
		for (size_t i = 0; i < vs->nips; i++)
			printf("%s/%s on %s: %s\n", ns, name, v->node, vs->ips[i].detail);
	}
	ret = vs->nips ? CLI_EXIT_OK : CLI_EXIT_PROBLEM;
	for (size_t i = 0; i < vs->nips; i++)
		if (vs->ips[i].reason != FRS_VIEW_ANNOUNCED)
			ret = CLI_EXIT_PROBLEM;
done:
	free(ns);
	frs_view_free(v);
	frs_model_free(m);
	frs_labels_dispose(&labels);
	return ret;
}
