/* SPDX-License-Identifier: MIT */
/* Unit tests of reloader/sidecar.c: scrubbing, logfmt, and the loop with stub source and apply. */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include <frrshim/buf.h>
#include <frrshim/file.h>
#include <frrshim/scrub.h>
#include <frrshim/sidecar.h>

#include "../../reloader/reload_int.h"

#include "suites.h"

static const char histogram_count_one[] = "\nfrrshim_reload_duration_seconds_count 1\n";

static void scrubbed(const char *in, const char *want)
{
	struct frs_buf b = FRS_BUF_INIT;

	frs_buf_puts(&b, in);
	frs_scrub_buf(&b);
	ck_assert_str_eq(frs_buf_cstr(&b), want);
	frs_buf_dispose(&b);
}

START_TEST(test_sidecar_scrub_hides_passwords)
{
	scrubbed(" neighbor 192.0.2.1 password s3cr3t!x\n neighbor 192.0.2.1 timers 1 3\n",
		 " neighbor 192.0.2.1 password <retracted>\n neighbor 192.0.2.1 timers 1 3\n");
	scrubbed("% Unknown command: neighbor 192.0.2.1 password a b c",
		 "% Unknown command: neighbor 192.0.2.1 password <retracted>");
	scrubbed("\"password\": \"hunter2\", more", "\"password\": \"<retracted>");
	scrubbed("Password=abc", "Password=<retracted>");
	scrubbed("no secrets here\npasswords are words\n", "no secrets here\npasswords are words\n");
	scrubbed("password <retracted>\n", "password <retracted>\n");
	scrubbed("password\n", "password\n");
	scrubbed("x password y\nx password z", "x password <retracted>\nx password <retracted>");
	scrubbed(" ip ospf authentication-key k3y\n", " ip ospf authentication-key <retracted>\n");
}
END_TEST

START_TEST(test_sidecar_logfmt_quotes_when_needed)
{
	struct frs_buf b = FRS_BUF_INIT;

	ck_assert_int_eq(frs_sidecar_logfmt_kv(&b, "level", "info"), FRS_OK);
	frs_sidecar_logfmt_kv(&b, "msg", "reload error: % Unknown \"x\"\tend\n");
	frs_sidecar_logfmt_kv(&b, "empty", "");
	frs_sidecar_logfmt_kv(&b, "k", "a=b");
	frs_sidecar_logfmt_kv(&b, "path", "C:\\x");
	ck_assert_str_eq(frs_buf_cstr(&b),
			 "level=info msg=\"reload error: % Unknown \\\"x\\\"\\tend\\n\" empty=\"\" "
			 "k=\"a=b\" path=C:\\x");
	frs_buf_dispose(&b);
}
END_TEST

/* A loop under test: the source hands out `conf`, apply records what it got. */
struct rig {
	struct frs_sidecar *sc;
	pthread_mutex_t mu;
	char conf[256];
	atomic_int apply_rc;
	atomic_int applies;
	atomic_int sources;
	struct frs_buf log;
	char dir[64];
};

static enum frs_err rig_source(void *arg, struct frs_buf *out, struct frs_errlist *errs)
{
	struct rig *r = arg;
	enum frs_err rc = FRS_OK;

	atomic_fetch_add(&r->sources, 1);
	pthread_mutex_lock(&r->mu);
	if (strncmp(r->conf, "INVALID", 7) == 0)
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINVALID,
					.loc = &(struct frs_loc){ "peers.yaml", 7, 3 },
					.kind = "BGPPeer", .ns = "metallb", .name = "p1",
					.path = "spec.password"), "bad password x\ny");
	else
		frs_buf_puts(out, r->conf);
	pthread_mutex_unlock(&r->mu);
	return rc;
}

static enum frs_err rig_apply(void *arg, const char *conf, struct frs_sidecar_result *res,
			      struct frs_errlist *errs)
{
	struct rig *r = arg;

	res->lines_added = 2;
	res->lines_deleted = 1;
	if (strncmp(conf, "WARN", 4) == 0)
		res->warnings = strdup("zebra: \"no ip address 192.0.2.1/24\": % command failed "
				       "(status 13)\nbgpd: \"neighbor 192.0.2.1 password <retracted>\": % x");
	atomic_fetch_add(&r->applies, 1);
	if (atomic_load(&r->apply_rc))
		return frs_errlist_report(errs,
					  FRS_DIAG(.code = (enum frs_err)atomic_load(&r->apply_rc)),
					  "%% Unknown command: neighbor 192.0.2.1 password topsecret");
	return FRS_OK;
}

static void rig_log(void *arg, const char *line)
{
	struct rig *r = arg;

	pthread_mutex_lock(&r->mu);
	frs_buf_addf(&r->log, "%s\n", line);
	pthread_mutex_unlock(&r->mu);
}

static void *rig_thread(void *arg)
{
	struct rig *r = arg;
	struct frs_errlist errs = FRS_ERRLIST_INIT;

	ck_assert_int_eq(frs_sidecar_run(r->sc, &errs), FRS_OK);
	frs_errlist_dispose(&errs);
	return NULL;
}

/* Poll until *v reaches want; the deadline only bounds a broken run. */
static int wait_for(atomic_int *v, int want)
{
	for (int i = 0; i < 1000; i++) {
		if (atomic_load(v) >= want)
			return 1;
		usleep(10000);
	}
	return 0;
}

static int wait_log(struct rig *r, const char *what)
{
	for (int i = 0; i < 1000; i++) {
		int found;

		pthread_mutex_lock(&r->mu);
		found = r->log.ptr && strstr(r->log.ptr, what);
		pthread_mutex_unlock(&r->mu);
		if (found)
			return 1;
		usleep(10000);
	}
	return 0;
}

static char *slurp(const char *dir, const char *name)
{
	struct frs_buf b = FRS_BUF_INIT;
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (frs_file_read(&b, path))
		return NULL;
	return frs_buf_detach(&b);
}

static void rig_start_opts(struct rig *r, pthread_t *t, char *paths[4],
			   const struct frs_sidecar_opts *extra);

static void rig_start(struct rig *r, pthread_t *t, char *paths[4])
{
	rig_start_opts(r, t, paths, NULL);
}

static void rig_start_opts(struct rig *r, pthread_t *t, char *paths[4],
			   const struct frs_sidecar_opts *extra)
{
	struct frs_sidecar_opts o = { 0 };
	struct frs_errlist errs = FRS_ERRLIST_INIT;

	ck_assert_int_eq(frs_sidecar_block_signals(NULL), FRS_OK);
	memset(r, 0, sizeof(*r));
	pthread_mutex_init(&r->mu, NULL);
	snprintf(r->dir, sizeof(r->dir), "/tmp/frs-sidecar.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(r->dir));
	for (int i = 0; i < 4; i++) {
		static const char *const names[4] = { "pid", ".status", "state.json", "last-error" };

		paths[i] = malloc(128);
		snprintf(paths[i], 128, "%s/%s", r->dir, names[i]);
	}
	snprintf(r->conf, sizeof(r->conf), "router bgp 64512\n");
	o.pid_file = paths[0];
	o.status_file = paths[1];
	o.state_file = paths[2];
	o.last_error_file = paths[3];
	o.debounce_ms = 50;
	o.backoff_min_ms = 20;
	o.backoff_max_ms = 40;
	o.source = rig_source;
	o.source_arg = r;
	o.apply = rig_apply;
	o.apply_arg = r;
	o.log = rig_log;
	o.log_arg = r;
	o.node = "node1";
	if (extra) {
		o.frr_pid_file = extra->frr_pid_file;
		o.frr_poll_ms = extra->frr_poll_ms;
		o.apply_at_start = extra->apply_at_start;
	}
	ck_assert_int_eq(frs_sidecar_new(&r->sc, &o, &errs), FRS_OK);
	ck_assert_int_eq(pthread_create(t, NULL, rig_thread, r), 0);
	/* the pid file exists once signals are caught */
	for (int i = 0; i < 1000 && access(paths[0], F_OK) != 0; i++)
		usleep(10000);
	ck_assert_int_eq(access(paths[0], F_OK), 0);
}

static void rig_stop(struct rig *r, pthread_t t, char *paths[4])
{
	frs_sidecar_stop(r->sc);
	pthread_join(t, NULL);
	/* a clean stop removes the pid file */
	ck_assert_int_ne(access(paths[0], F_OK), 0);
	frs_sidecar_free(r->sc);
	for (int i = 0; i < 4; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
	unlink(r->dir);
	rmdir(r->dir);
}

START_TEST(test_sidecar_sighup_storm_is_one_reload)
{
	struct rig r;
	pthread_t t;
	char *paths[4], *s, *pid;

	rig_start(&r, &t, paths);
	pid = slurp(r.dir, "pid");
	ck_assert_ptr_nonnull(pid);
	ck_assert_int_eq(atoi(pid), getpid());
	ck_assert_ptr_null(strchr(pid, '\n'));
	free(pid);
	for (int i = 0; i < 1000; i++)
		kill(getpid(), SIGHUP);
	ck_assert(wait_for(&r.applies, 1));
	/* the same config again: read, but FRR is not touched */
	kill(getpid(), SIGHUP);
	ck_assert(wait_for(&r.sources, 2));
	ck_assert(wait_for(&r.sources, 2));
	s = slurp(r.dir, ".status");
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(strstr(s, " success"));
	ck_assert_ptr_null(strchr(s, '\n'));
	free(s);
	/* a changed config is applied */
	pthread_mutex_lock(&r.mu);
	snprintf(r.conf, sizeof(r.conf), "router bgp 64513\n");
	pthread_mutex_unlock(&r.mu);
	kill(getpid(), SIGHUP);
	ck_assert(wait_for(&r.applies, 2));
	ck_assert(wait_for(&r.sources, 3));
	rig_stop(&r, t, paths);
	ck_assert_int_eq(atomic_load(&r.applies), 2);
	frs_buf_dispose(&r.log);
}
END_TEST

START_TEST(test_sidecar_logs_warnings_of_a_good_reload)
{
	struct rig r;
	pthread_t t;
	char *paths[4];

	rig_start(&r, &t, paths);
	pthread_mutex_lock(&r.mu);
	snprintf(r.conf, sizeof(r.conf), "WARN router bgp 64513\n");
	pthread_mutex_unlock(&r.mu);
	kill(getpid(), SIGHUP);
	ck_assert(wait_for(&r.applies, 1));
	rig_stop(&r, t, paths);
	ck_assert_ptr_nonnull(strstr(frs_buf_cstr(&r.log), "level=warn msg=\"reload warning: zebra: "
				     "\\\"no ip address 192.0.2.1/24\\\": % command failed (status 13)\"\n"));
	ck_assert_ptr_nonnull(strstr(frs_buf_cstr(&r.log), "level=warn msg=\"reload warning: bgpd: "));
	frs_buf_dispose(&r.log);
}
END_TEST

START_TEST(test_sidecar_invalid_config_sets_stale_and_hides_password)
{
	struct rig r;
	pthread_t t;
	char *paths[4], *s;
	struct frs_buf m = FRS_BUF_INIT;
	cJSON *json;

	rig_start(&r, &t, paths);
	kill(getpid(), SIGHUP);
	ck_assert(wait_for(&r.applies, 1));
	pthread_mutex_lock(&r.mu);
	snprintf(r.conf, sizeof(r.conf), "INVALID");
	pthread_mutex_unlock(&r.mu);
	kill(getpid(), SIGHUP);
	ck_assert(wait_for(&r.sources, 2));
	/* the state file is written after the source failed; wait for it to say so */
	for (int i = 0; i < 500; i++) {
		s = slurp(r.dir, "state.json");
		if (s && strstr(s, "\"stale\":\ttrue"))
			break;
		free(s);
		s = NULL;
		usleep(10000);
	}
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(strstr(s, "\"lastConversionResult\":\t\"failed: peers.yaml:7:3: bad password <retracted>"));
	json = cJSON_Parse(s);
	ck_assert_ptr_nonnull(json);
	cJSON_Delete(json);
	free(s);
	ck_assert_int_eq(frs_sidecar_metrics(r.sc, &m), FRS_OK);
	ck_assert_ptr_nonnull(strstr(m.ptr, "\nmetallb_k8s_client_config_stale_bool 1\n"));
	ck_assert_ptr_nonnull(strstr(m.ptr, "\nmetallb_k8s_client_config_loaded_bool 1\n"));
	ck_assert_ptr_nonnull(strstr(m.ptr, "\nfrrshim_reloads_total{result=\"success\"} 1\n"));
	/* the histogram counted one reload (a count of observations, not a timing) */
	ck_assert_ptr_nonnull(strstr(m.ptr, histogram_count_one));
	frs_buf_dispose(&m);

	/* FRR refuses the next config: failure, reload error line, no retry of the same text */
	atomic_store(&r.apply_rc, FRS_EFRR);
	pthread_mutex_lock(&r.mu);
	snprintf(r.conf, sizeof(r.conf), "router bgp 64514\n");
	pthread_mutex_unlock(&r.mu);
	kill(getpid(), SIGHUP);
	ck_assert(wait_for(&r.applies, 2));
	kill(getpid(), SIGHUP);
	ck_assert(wait_for(&r.sources, 4));
	s = slurp(r.dir, "state.json");
	ck_assert_ptr_nonnull(s);
	json = cJSON_Parse(s);
	ck_assert_ptr_nonnull(json);
	ck_assert_str_eq(cJSON_GetObjectItem(json, "lastReloadResult")->valuestring,
			 "reload error: % Unknown command: neighbor 192.0.2.1 password <retracted>");
	cJSON_Delete(json);
	free(s);
	rig_stop(&r, t, paths);
	ck_assert_int_eq(atomic_load(&r.applies), 2);
	ck_assert_ptr_nonnull(strstr(r.log.ptr ? r.log.ptr : "",
		"level=error msg=\"reload error: % Unknown command: neighbor 192.0.2.1 password <retracted>\"\n"));
	ck_assert_ptr_null(strstr(r.log.ptr, "topsecret"));
	ck_assert_ptr_nonnull(strstr(r.log.ptr, "msg=\"invalid configuration\" at=peers.yaml:7:3 "
					       "kind=BGPPeer object=metallb/p1 field=spec.password"));
	ck_assert_ptr_null(strstr(r.log.ptr, "password x"));
	frs_buf_dispose(&r.log);
}
END_TEST

START_TEST(test_sidecar_unreachable_is_retried)
{
	struct rig r;
	pthread_t t;
	char *paths[4];

	rig_start(&r, &t, paths);
	atomic_store(&r.apply_rc, FRS_EUNREACHABLE);
	kill(getpid(), SIGHUP);
	/* retried without any new notice, with backoff */
	ck_assert(wait_for(&r.applies, 4));
	atomic_store(&r.apply_rc, FRS_OK);
	ck_assert(wait_log(&r, "msg=\"FRR reloaded successfully\""));
	rig_stop(&r, t, paths);
	ck_assert_ptr_nonnull(strstr(r.log.ptr, "msg=\"FRR reloaded successfully\""));
	ck_assert_ptr_nonnull(strstr(r.log.ptr, "msg=\"reload error: % Unknown command: neighbor "
					       "192.0.2.1 password <retracted>\""));
	frs_buf_dispose(&r.log);
}
END_TEST

static void write_pid(const char *path, long pid)
{
	char s[32];
	int n = snprintf(s, sizeof(s), "%ld\n", pid);

	ck_assert_int_eq(frs_file_write_atomic(path, s, (size_t)n, 0644), FRS_OK);
}

START_TEST(test_sidecar_frr_restart_reapplies)
{
	struct frs_sidecar_opts extra = { 0 };
	struct rig r;
	pthread_t t;
	char *paths[4], frr_pid[64];
	pid_t child;

	/* bgpd's pid file: first our own pid (alive), later a new live process */
	snprintf(frr_pid, sizeof(frr_pid), "/tmp/frs-sidecar-bgpd.%ld.pid", (long)getpid());
	write_pid(frr_pid, getpid());
	extra.frr_pid_file = frr_pid;
	extra.frr_poll_ms = 20;
	extra.apply_at_start = true;
	rig_start_opts(&r, &t, paths, &extra);
	ck_assert(wait_for(&r.applies, 1));
	/* the same config again is skipped... */
	kill(getpid(), SIGHUP);
	ck_assert(wait_for(&r.sources, 2));
	ck_assert_int_eq(atomic_load(&r.applies), 1);
	/* ...but not once bgpd restarted */
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	write_pid(frr_pid, child);
	ck_assert(wait_for(&r.applies, 2));
	ck_assert(wait_log(&r, "msg=\"FRR restarted; re-applying the desired configuration\""));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	/* bgpd gone: noticed, nothing applied */
	ck_assert(wait_log(&r, "msg=\"FRR is not running\""));
	rig_stop(&r, t, paths);
	ck_assert_int_eq(atomic_load(&r.applies), 2);
	unlink(frr_pid);
	frs_buf_dispose(&r.log);
}
END_TEST

Suite *frs_sidecar_suite(void)
{
	Suite *s = suite_create("sidecar");
	TCase *tc = tcase_create("sidecar");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_sidecar_scrub_hides_passwords);
	tcase_add_test(tc, test_sidecar_logfmt_quotes_when_needed);
	tcase_add_test(tc, test_sidecar_sighup_storm_is_one_reload);
	tcase_add_test(tc, test_sidecar_logs_warnings_of_a_good_reload);
	tcase_add_test(tc, test_sidecar_invalid_config_sets_stale_and_hides_password);
	tcase_add_test(tc, test_sidecar_unreachable_is_retried);
	tcase_add_test(tc, test_sidecar_frr_restart_reapplies);
	suite_add_tcase(s, tc);
	return s;
}
