/* SPDX-License-Identifier: MIT */
/* `frrshim reloader`: the speaker-pod sidecar, as a drop-in for frr-reloader.sh or fed by manifests. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <frrshim/buf.h>
#include <frrshim/file.h>
#include <frrshim/sidecar.h>
#include <frrshim/vty.h>

#include "cli.h"
#include "reloader.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: frrshim reloader --file FILE [options]            (drop-in for frr-reloader.sh)\n"
"       frrshim reloader --node NAME --watch DIR [options] (render manifests directly)\n"
"       frrshim reloader --kube [--node NAME] [options]    (render from the API server)\n"
"\n"
"Run as a long-lived process: apply a configuration to FRR whenever it changes, one\n"
"reload at a time. With --file, reload FILE on SIGHUP as MetalLB's speaker expects;\n"
"with --watch, render NAME's configuration from the manifests in DIR on every change;\n"
"with --kube, from the resources the API server has (list, then watch every kind).\n"
"\n"
"Sources:\n"
"  --file FILE              frr.conf written by the speaker ($FRR_CONFIG_FILE,\n"
"                           default /etc/frr_reloader/frr.conf when --watch is absent)\n"
"  --watch DIR              manifests (ConfigMap/projected volumes are handled)\n"
"  --node NAME              the node whose configuration is rendered (--watch, --kube;\n"
"                           default $NODE_NAME with --kube)\n"
"  --node-labels K=V,...    that node's labels, when DIR has no Node object\n"
"  --kube                   watch the API server instead of a directory\n"
"  --kubeconfig FILE        credentials (default $KUBECONFIG, in-cluster, ~/.kube/config)\n"
"  --context NAME           the kubeconfig context (default its current-context)\n"
"  --namespace NS           MetalLB's namespace (default: the pod's in-cluster, else\n"
"                           metallb-system)\n"
"Outputs (empty string: do not write):\n"
"  --pid-file FILE          our pid, no newline ($FRR_RELOADER_PID_FILE, default\n"
"                           STATE_DIR/reloader.pid)\n"
"  --state-dir DIR          default directory of the files below (default: FILE's\n"
"                           directory with --file, none with --watch)\n"
"  --status-file FILE       \"<epoch> success|failure\" (default STATE_DIR/.status)\n"
"  --last-error-file FILE   last error, passwords scrubbed (default STATE_DIR/last-error)\n"
"  --running-config-file F  FRR's running config, scrubbed (STATE_DIR/running-config)\n"
"  --state-file FILE        JSON status like FRRNodeState (STATE_DIR/state.json)\n"
"  --save FILE              the applied configuration (e.g. /etc/frr/frr.conf)\n"
"  --metrics ADDR:PORT      serve Prometheus metrics on /metrics\n"
"FRR:\n"
"  --vty-socket DIR         FRR's vty sockets (default " FRS_VTY_DEFAULT_DIR ")\n"
"  --confdir DIR            where vtysh.conf is (default /etc/frr)\n"
"  --frr-pid-file FILE      bgpd's pid file, watched for restarts (default\n"
"                           VTY_SOCKET/bgpd.pid; empty: do not watch)\n"
"  --engine NAME            frrshim (default) or frr-reload.py\n"
"Timing:\n"
"  --debounce MS            quiet time before a reload (default 200)\n"
"  --backoff-max MS         longest wait between retries of a failed reload (default 30000)\n"
"\n"
"Logs go to stderr, one logfmt line each. SIGHUP: reload; SIGTERM/SIGINT: stop, exit 0.\n");
}

static void log_stderr(void *arg, const char *line)
{
	struct frs_buf b = FRS_BUF_INIT;
	ssize_t n;

	(void)arg;
	/* one write per line, so that lines from concurrent writers never interleave */
	if (frs_buf_puts(&b, line) || frs_buf_putc(&b, '\n'))
		goto done;
	n = write(STDERR_FILENO, b.ptr, b.len);
	(void)n;
done:
	frs_buf_dispose(&b);
}

/* Milliseconds: "250", "250ms", "2s". */
static int parse_ms(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || v < 0)
		return -1;
	if (strcmp(end, "s") == 0)
		v *= 1000;
	else if (*end && strcmp(end, "ms") != 0)
		return -1;
	if (v > INT_MAX / 2)
		return -1;
	*out = (int)v;
	return 0;
}

static enum frs_err source_file(void *arg, struct frs_buf *out, struct frs_errlist *errs)
{
	const char *path = arg;

	if (frs_file_read(out, path) == FRS_OK)
		return FRS_OK;
	return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT,
				  .loc = &(struct frs_loc){ path, 0, 0 }), "cannot read: %s",
				  frs_file_strerror(errno));
}

/* DIR/NAME, or @p explicit when given ("" means none). */
static const char *out_path(struct frs_buf *b, const char *explicit, const char *dir,
			    const char *name)
{
	if (explicit)
		return *explicit ? explicit : NULL;
	if (!dir)
		return NULL;
	if (frs_buf_addf(b, "%s/%s", dir, name))
		return NULL;
	return b->ptr;
}

enum {
	OPT_FILE = 256, OPT_WATCH, OPT_NODE, OPT_NODE_LABELS, OPT_PID, OPT_STATE_DIR,
	OPT_STATUS, OPT_LAST_ERROR, OPT_RUNNING, OPT_STATE, OPT_SAVE, OPT_METRICS, OPT_VTY,
	OPT_CONFDIR, OPT_FRR_PID, OPT_ENGINE, OPT_DEBOUNCE, OPT_BACKOFF_MAX,
};

int cmd_reloader(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, OPT_FILE },
		{ "watch", required_argument, NULL, OPT_WATCH },
		{ "node", required_argument, NULL, OPT_NODE },
		{ "node-labels", required_argument, NULL, OPT_NODE_LABELS },
		{ "pid-file", required_argument, NULL, OPT_PID },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "status-file", required_argument, NULL, OPT_STATUS },
		{ "last-error-file", required_argument, NULL, OPT_LAST_ERROR },
		{ "running-config-file", required_argument, NULL, OPT_RUNNING },
		{ "state-file", required_argument, NULL, OPT_STATE },
		{ "save", required_argument, NULL, OPT_SAVE },
		{ "metrics", required_argument, NULL, OPT_METRICS },
		{ "vty-socket", required_argument, NULL, OPT_VTY },
		{ "confdir", required_argument, NULL, OPT_CONFDIR },
		{ "frr-pid-file", required_argument, NULL, OPT_FRR_PID },
		{ "engine", required_argument, NULL, OPT_ENGINE },
		{ "debounce", required_argument, NULL, OPT_DEBOUNCE },
		{ "backoff-max", required_argument, NULL, OPT_BACKOFF_MAX },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *watch = NULL, *node = NULL, *labels = NULL, *pid = NULL;
	const char *state_dir = NULL, *status = NULL, *last_error = NULL, *running = NULL;
	const char *state = NULL, *save = NULL, *metrics = NULL, *vty = FRS_VTY_DEFAULT_DIR;
	const char *confdir = "/etc/frr", *frr_pid = NULL, *engine = NULL;
	struct frs_buf p_pid = FRS_BUF_INIT, p_status = FRS_BUF_INIT, p_err = FRS_BUF_INIT;
	struct frs_buf p_run = FRS_BUF_INIT, p_state = FRS_BUF_INIT, p_frr = FRS_BUF_INIT;
	struct frs_sidecar_opts so = { 0 };
	struct frs_sidecar_exec ex = { 0 };
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct reloader_direct *direct = NULL;
	struct cli_source src = { 0 };
	struct reloader_metrics *srv = NULL;
	struct frs_sidecar *sc = NULL;
	char *dir_copy = NULL;
	int debounce = 200, backoff_max = 30000, c, ret = CLI_EXIT_SYSTEM;
	enum frs_err rc;

	/* first of all: a SIGHUP from a quick speaker must wait for us, not kill us */
	if (frs_sidecar_block_signals(NULL)) {
		cli_errorf("cannot block signals: %s", strerror(errno));
		return cli_exit_code(FRS_ESYS);
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FILE: file = optarg; break;
		case OPT_WATCH: watch = optarg; break;
		case OPT_NODE: node = optarg; break;
		case OPT_NODE_LABELS: labels = optarg; break;
		case OPT_PID: pid = optarg; break;
		case OPT_STATE_DIR: state_dir = optarg; break;
		case OPT_STATUS: status = optarg; break;
		case OPT_LAST_ERROR: last_error = optarg; break;
		case OPT_RUNNING: running = optarg; break;
		case OPT_STATE: state = optarg; break;
		case OPT_SAVE: save = optarg; break;
		case OPT_METRICS: metrics = optarg; break;
		case OPT_VTY: vty = optarg; break;
		case OPT_CONFDIR: confdir = optarg; break;
		case OPT_FRR_PID: frr_pid = optarg; break;
		case OPT_ENGINE: engine = optarg; break;
		case OPT_DEBOUNCE:
			if (parse_ms(optarg, &debounce) || debounce < 1)
				return cli_usage_error("reloader", "--debounce: not a duration: %s",
						       optarg);
			break;
		case OPT_BACKOFF_MAX:
			if (parse_ms(optarg, &backoff_max) || backoff_max < 1)
				return cli_usage_error("reloader",
						       "--backoff-max: not a duration: %s", optarg);
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			if (cli_source_opt(&src, c, optarg))
				break;
			return cli_usage_error("reloader", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("reloader", "unexpected argument: %s", argv[optind]);
	if (src.kube_opt && !src.kube)
		return cli_usage_error("reloader", "--kubeconfig, --context and --namespace go with "
				       "--kube");
	if ((file && watch) || (src.kube && (file || watch)))
		return cli_usage_error("reloader", "--file, --watch and --kube are exclusive");
	if (src.kube && !node)
		node = getenv("NODE_NAME");
	if (src.kube && (!node || !*node))
		return cli_usage_error("reloader", "--kube needs --node (or $NODE_NAME)");
	if (watch && !node)
		return cli_usage_error("reloader", "--watch needs --node");
	if (!watch && !src.kube && (node || labels))
		return cli_usage_error("reloader", "--node and --node-labels go with --watch or "
				       "--kube");
	if (!watch && !src.kube && !file)
		file = getenv("FRR_CONFIG_FILE");
	if (!watch && !src.kube && !file)
		file = "/etc/frr_reloader/frr.conf";
	if (!pid)
		pid = getenv("FRR_RELOADER_PID_FILE");
	if (engine && strcmp(engine, "frrshim") != 0 && strcmp(engine, "frr-reload.py") != 0)
		return cli_usage_error("reloader", "--engine: frrshim or frr-reload.py, not %s",
				       engine);
	if (!engine)
		engine = "frrshim";
	if (file && !state_dir) {
		dir_copy = strdup(file);
		if (!dir_copy)
			goto done;
		state_dir = strrchr(dir_copy, '/') ? dir_copy : ".";
		if (strrchr(dir_copy, '/'))
			*strrchr(dir_copy, '/') = '\0';
		if (!*state_dir)
			state_dir = "/";
	}

	ex.vty_dir = vty;
	ex.confdir = confdir;
	ex.vtysh = getenv("FRRSHIM_VTYSH");
	ex.frr_reload = getenv("FRRSHIM_FRR_RELOAD");
	ex.tmpdir = getenv("TMPDIR");
	ex.conf_name = file ? file : "rendered";

	so.pid_file = out_path(&p_pid, pid, state_dir, "reloader.pid");
	so.status_file = out_path(&p_status, status, state_dir, ".status");
	so.last_error_file = out_path(&p_err, last_error, state_dir, "last-error");
	so.running_config_file = out_path(&p_run, running, state_dir, "running-config");
	so.state_file = out_path(&p_state, state, state_dir, "state.json");
	so.frr_pid_file = out_path(&p_frr, frr_pid, vty, "bgpd.pid");
	so.save_file = save && *save ? save : NULL;
	so.watch_dir = watch;
	so.node = node;
	so.debounce_ms = debounce;
	so.backoff_max_ms = backoff_max;
	so.log = log_stderr;
	so.running = frs_sidecar_running_vtysh;
	so.running_arg = &ex;
	if (strcmp(engine, "frr-reload.py") == 0) {
		so.apply = frs_sidecar_apply_frr_reload;
		so.apply_arg = &ex;
	} else {
		so.apply = reloader_engine_apply;
		so.apply_arg = &ex;
		so.running = reloader_engine_running;
	}
	if (watch || src.kube) {
		rc = reloader_direct_new(&direct, watch, &src, node, labels, &errs);
		if (rc) {
			cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
			ret = cli_exit_code(rc);
			goto done;
		}
		so.source = reloader_direct_source;
		so.source_arg = direct;
		/* the API's first cycle comes when every kind has been listed */
		so.apply_at_start = !src.kube;
	} else {
		struct stat st;

		so.source = source_file;
		so.source_arg = (void *)file;
		/* a file left by an earlier run, or written before we were up */
		so.apply_at_start = stat(file, &st) == 0;
	}

	rc = frs_sidecar_new(&sc, &so, &errs);
	if (rc)
		goto fail;
	if (metrics) {
		rc = reloader_metrics_start(&srv, metrics, sc, direct, &ex, &errs);
		if (rc)
			goto fail;
	}
	if (direct && (rc = reloader_direct_start(direct, sc, &errs)))
		goto fail;
	rc = frs_sidecar_run(sc, &errs);
	if (rc)
		goto fail;
	ret = CLI_EXIT_OK;
	goto done;
fail:
	cli_print_diagnostics(stderr, &errs, CLI_FMT_TEXT);
	ret = cli_exit_code(rc);
done:
	reloader_metrics_stop(srv);
	/* the watchers notify the sidecar: they stop first */
	reloader_direct_free(direct);
	frs_sidecar_free(sc);
	frs_errlist_dispose(&errs);
	frs_buf_dispose(&p_pid);
	frs_buf_dispose(&p_status);
	frs_buf_dispose(&p_err);
	frs_buf_dispose(&p_run);
	frs_buf_dispose(&p_state);
	frs_buf_dispose(&p_frr);
	free(dir_copy);
	return ret;
}
