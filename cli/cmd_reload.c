/* SPDX-License-Identifier: MIT */
/* `frrshim reload`: frr-reload.py's command line over the reload engine (diff, apply, verify). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/file.h>
#include <frrshim/reload.h>
#include <frrshim/scrub.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: frrshim reload --test [--input RUNNING.conf] NEW.conf\n"
		"       frrshim reload [--reload] [--vty-socket DIR] [--status FILE] NEW.conf\n"
		"\n"
		"Make FRR run NEW.conf with frr-reload semantics: diff against the running config,\n"
		"apply over the daemons' vty sockets in one batch, verify, roll back on failure.\n"
		"\n"
		"  --test              print the diff (frr-reload.py's layout); exit 1 if not empty\n"
		"  --reload            apply (the default)\n"
		"  --input FILE        with --test: the running config from FILE (with --daemon:\n"
		"                      that daemon's)\n"
		"  --frr-version V     the FRR spoken to (8.4, 9.1, 10.3...); default: asked of the\n"
		"                      daemons, or 8.4 with --input\n"
		"  --vty-socket DIR    daemon sockets (also --vty_socket; default /var/run/frr)\n"
		"  -N, --pathspace NS  sockets in /var/run/frr/NS\n"
		"  --daemon NAME       only this daemon and what it takes (as the FRR version\n"
		"                      routes commands)\n"
		"  --status FILE       write the result as JSON to FILE\n"
		"  --vtysh PATH        drive this vtysh binary instead of the sockets\n"
		"  --timeout SECONDS   per vty exchange (default 600: a big batch commits at once)\n"
		"  --dry-run           diff against the live config; change nothing\n"
		"  --overwrite         after success, write NEW.conf to CONFDIR/frr.conf (atomically)\n"
		"  --confdir DIR       default /etc/frr\n"
		"  --debug             print the commands sent (passwords retracted) on stderr\n"
		"  --stdout, --bindir, --rundir, --log-level LEVEL   accepted for frr-reload.py\n"
		"                      compatibility\n"
		"\n"
		"Exit: 0 applied or unchanged (--test: no differences), 1 --test found differences or\n"
		"NEW.conf is invalid, 2 usage, 3 FRR unreachable or reload error (rolled back),\n"
		"4 the rollback failed too.\n");
}

enum {
	OPT_TEST = 256, OPT_RELOAD, OPT_INPUT, OPT_VTY, OPT_DAEMON, OPT_STATUS, OPT_VTYSH,
	OPT_TIMEOUT, OPT_DRY, OPT_OVERWRITE, OPT_CONFDIR, OPT_DEBUG, OPT_IGNORED, OPT_IGNORED_ARG,
	OPT_FRR_VERSION,
};

static const struct option longopts[] = {
	{ "test", no_argument, NULL, OPT_TEST },
	{ "reload", no_argument, NULL, OPT_RELOAD },
	{ "input", required_argument, NULL, OPT_INPUT },
	{ "frr-version", required_argument, NULL, OPT_FRR_VERSION },
	{ "vty-socket", required_argument, NULL, OPT_VTY },
	{ "vty_socket", required_argument, NULL, OPT_VTY },
	{ "pathspace", required_argument, NULL, 'N' },
	{ "daemon", required_argument, NULL, OPT_DAEMON },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "vtysh", required_argument, NULL, OPT_VTYSH },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "dry-run", no_argument, NULL, OPT_DRY },
	{ "overwrite", no_argument, NULL, OPT_OVERWRITE },
	{ "confdir", required_argument, NULL, OPT_CONFDIR },
	{ "debug", no_argument, NULL, OPT_DEBUG },
	{ "stdout", no_argument, NULL, OPT_IGNORED },
	{ "bindir", required_argument, NULL, OPT_IGNORED_ARG },
	{ "rundir", required_argument, NULL, OPT_IGNORED_ARG },
	{ "log-level", required_argument, NULL, OPT_IGNORED_ARG },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static enum frs_err load(struct frs_conf **out, const char *path, struct frs_errlist *errs)
{
	enum frs_err rc = frs_conf_parse_file(out, path, errs);

	if (rc == FRS_EINPUT)
		cli_errorf("cannot read %s: %s", path, frs_file_strerror(errno));
	return rc;
}

int cmd_reload(int argc, char **argv)
{
	int test = 0, reload = 0, dry = 0, overwrite = 0, debug = 0, c, ret = CLI_EXIT_OK;
	const char *input = NULL, *status = NULL, *confdir = "/etc/frr";
	const char *daemons[2] = { NULL, NULL };
	char nsdir[4096];
	struct frs_reload_opts o = FRS_RELOAD_OPTS_INIT;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_conf *target = NULL, *running = NULL, *for_frr = NULL;
	struct frs_diff *diff = NULL;
	struct frs_buf out = FRS_BUF_INIT;
	struct frs_reload_result res;
	enum frs_err rc;

	frs_reload_result_init(&res);
	optind = 1;
	while ((c = getopt_long(argc, argv, "hN:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		case OPT_TEST: test = 1; break;
		case OPT_RELOAD: reload = 1; break;
		case OPT_INPUT: input = optarg; break;
		case OPT_FRR_VERSION:
			if (frs_frr_version_parse(&o.frr_version, optarg) != FRS_OK)
				return cli_usage_error("reload", "--frr-version wants a version such as "
						       "8.4, 9.1 or 10.3, got \"%s\"", optarg);
			break;
		case OPT_VTY: o.vty_dir = optarg; break;
		case 'N':
			snprintf(nsdir, sizeof(nsdir), "/var/run/frr/%s", optarg);
			o.vty_dir = nsdir;
			break;
		case OPT_DAEMON:
			daemons[0] = optarg;
			o.daemons = daemons;
			break;
		case OPT_STATUS: status = optarg; break;
		case OPT_VTYSH: o.vtysh_path = optarg; break;
		case OPT_TIMEOUT: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v <= 0 || v > 3600)
				return cli_usage_error("reload", "--timeout: not a number of seconds: %s",
						       optarg);
			o.timeout_ms = (int)v * 1000;
			break;
		}
		case OPT_DRY: dry = 1; break;
		case OPT_OVERWRITE: overwrite = 1; break;
		case OPT_CONFDIR: confdir = optarg; break;
		case OPT_DEBUG: debug = 1; break;
		case OPT_IGNORED:
		case OPT_IGNORED_ARG:
			break;
		default:
			return cli_usage_error("reload", "unknown option");
		}
	}
	if (test && reload)
		return cli_usage_error("reload", "--test and --reload exclude each other");
	if (optind != argc - 1)
		return cli_usage_error("reload", "expects exactly one NEW.conf");
	if (input && !test)
		return cli_usage_error("reload", "--input needs --test");
	o.dry_run = dry;

	/* an invalid file never reaches FRR (frr#10453) */
	if ((rc = load(&target, argv[optind], &errs))) {
		cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
		ret = cli_exit_code(rc);
		goto done;
	}
	if (test) {
		rc = input ? load(&running, input, &errs) : frs_reload_running(&running, &o, &errs);
		if (!rc && input && o.frr_version)
			rc = frs_conf_set_frr_version(running, o.frr_version);
		/* what that FRR hides goes from the target, as a live reload does */
		if (!rc && !o.frr_version && !input)
			rc = frs_reload_version(&o.frr_version, &o);
		/* what a live reload diffs against: --daemon's share as this version routes it */
		if (!rc)
			rc = frs_reload_target(&for_frr, target, running, &o, o.frr_version);
		if (!rc)
			rc = frs_diff_compute(&diff, running, for_frr ? for_frr : target, &errs);
		if (rc) {
			cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
			ret = cli_exit_code(rc);
			goto done;
		}
		if (frs_diff_write(stdout, diff, FRS_DIFF_RELOAD_PY)) {
			cli_errorf("cannot write the diff");
			ret = CLI_EXIT_SYSTEM;
			goto done;
		}
		ret = frs_diff_deletes(diff) || frs_diff_adds(diff) ? CLI_EXIT_PROBLEM : CLI_EXIT_OK;
		goto done;
	}
	rc = frs_reload_apply(&res, target, &o, &errs);
	if (debug && res.diff) {
		frs_diff_print(&out, res.diff, FRS_DIFF_RELOAD_PY);
		frs_scrub_buf(&out);
		fwrite(frs_buf_cstr(&out), 1, out.len, stderr);
	}
	for (size_t i = 0; i < res.nwarnings; i++)
		fprintf(stderr, "reload warning: %s\n", res.warnings[i]);
	if (res.error)
		fprintf(stderr, "%s\n", res.error);
	else if (rc)
		cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
	for (size_t i = 0; i < res.nresidual; i++)
		fprintf(stderr, "still differs: %s\n", res.residual[i]);
	if (dry && res.diff) {
		frs_buf_clear(&out);
		frs_diff_print(&out, res.diff, FRS_DIFF_RELOAD_PY);
		fwrite(frs_buf_cstr(&out), 1, out.len, stdout);
	}
	if (status && frs_reload_status_write(status, &res))
		cli_errorf("cannot write %s: %s", status, strerror(errno));
	if (!rc && overwrite && !dry) {
		struct frs_buf file = FRS_BUF_INIT;
		char dst[4096];
		snprintf(dst, sizeof(dst), "%s/frr.conf", confdir);
		if (frs_file_read(&file, argv[optind])) {
			cli_errorf("cannot read %s: %s", argv[optind], frs_file_strerror(errno));
			rc = FRS_EIO;
		} else if (frs_file_write_atomic(dst, frs_buf_cstr(&file), file.len, 0640)) {
			cli_errorf("cannot write %s: %s", dst, strerror(errno));
			rc = FRS_EIO;
		}
		frs_buf_dispose(&file);
	}
	ret = rc == FRS_EROLLBACK ? CLI_EXIT_SYSTEM : cli_exit_code(rc);
done:
	frs_reload_result_dispose(&res);
	frs_diff_free(diff);
	frs_conf_free(for_frr);
	frs_conf_free(target);
	frs_conf_free(running);
	frs_buf_dispose(&out);
	frs_errlist_dispose(&errs);
	return ret;
}
