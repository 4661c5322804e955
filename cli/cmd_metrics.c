/* SPDX-License-Identifier: MIT */
/* `frrshim metrics`: serve MetalLB's Prometheus series from the running FRR (/metrics, /livez). */
#include "config.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <frrshim/metrics.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: frrshim metrics --listen ADDR:PORT [--vty-socket DIR]\n"
		"       frrshim metrics --once [--vty-socket DIR]\n"
		"\n"
		"Serve Prometheus metrics with MetalLB's names (metallb_bgp_*, metallb_bfd_*) on\n"
		"/metrics, reading FRR once per scrape, and /livez (200 while zebra and bgpd answer,\n"
		"else 503). Runs until SIGINT or SIGTERM.\n"
		"\n"
		"  -l, --listen ADDR:PORT  numeric address; [V6ADDR]:PORT; port 0 picks a free one\n"
		"      --vty-socket DIR    FRR's vty sockets (default /var/run/frr)\n"
		"      --once              print one scrape on stdout and exit\n"
		"\n"
		"Exit: 0 stopped by a signal or --once done, 2 usage, 3 FRR unreachable (--once),\n"
		"4 cannot listen.\n");
}

int cmd_metrics(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "vty-socket", required_argument, NULL, 'S' },
		{ "once", no_argument, NULL, '1' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct frs_metrics_options mo = FRS_METRICS_OPTIONS_INIT;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_metrics_server *srv = NULL;
	int c, once = 0, sig = 0, ret;
	enum frs_err rc;
	sigset_t set;

	optind = 1;
	while ((c = getopt_long(argc, argv, "l:h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			mo.listen = optarg;
			break;
		case 'S':
			mo.vty_dir = optarg;
			break;
		case '1':
			once = 1;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("metrics", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("metrics", "unexpected argument '%s'", argv[optind]);
	if (once) {
		struct frs_buf out = FRS_BUF_INIT;

		rc = frs_metrics_scrape(&out, mo.vty_dir, 0, &errs);
		if (!rc)
			fputs(frs_buf_cstr(&out), stdout);
		frs_buf_dispose(&out);
		ret = cli_exit_code(rc);
		goto done;
	}
	if (!mo.listen)
		return cli_usage_error("metrics", "--listen ADDR:PORT is required");
	/* block the signals before the server thread starts, so that only sigwait() sees them */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	rc = frs_metrics_start(&srv, &mo, &errs);
	if (rc) {
		ret = cli_exit_code(rc);
		goto done;
	}
	printf("frrshim metrics: listening on port %u\n", (unsigned)frs_metrics_port(srv));
	fflush(stdout);
	sigwait(&set, &sig);
	frs_metrics_stop(srv);
	ret = CLI_EXIT_OK;
done:
	for (size_t i = 0; i < errs.n; i++)
		fprintf(stderr, "frrshim metrics: %s%s\n",
			errs.v[i].severity == FRS_SEV_WARNING ? "warning: " : "", errs.v[i].message);
	frs_errlist_dispose(&errs);
	return ret;
}
