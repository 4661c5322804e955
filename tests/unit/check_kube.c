/* SPDX-License-Identifier: MIT */
/* Unit tests of kube/: credentials in every form, the watch stream splitter, events, backoff. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <frrshim/buf.h>
#include <frrshim/err.h>
#include <frrshim/kube.h>

#include "../../kube/kube_int.h"
#include "suites.h"

static char dir[64];
static struct frs_errlist errs;
static struct frs_kube_creds *creds;

/* "Y2EtcGVt" is base64 of "ca-pem", and so on: the decoded bytes are what the checks compare */
#define B64_CA "Y2EtcGVt"
#define B64_CERT "Y2VydC1wZW0="
#define B64_KEY "a2V5LXBlbQ=="

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/frs-kube-unit.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	frs_errlist_init(&errs);
	creds = NULL;
	/* the tests choose every source themselves */
	unsetenv("KUBECONFIG");
	unsetenv("KUBERNETES_SERVICE_HOST");
	unsetenv("KUBERNETES_SERVICE_PORT");
	unsetenv("FRS_KUBE_SA_DIR");
	setenv("HOME", dir, 1);
}

static void teardown(void)
{
	char cmd[128];

	frs_kube_creds_free(creds);
	frs_errlist_dispose(&errs);
	ck_assert_int_eq(chdir("/"), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* DIR/NAME with @p text; returns the path (static storage, one at a time per slot). */
static const char *put(const char *name, const char *text, mode_t mode)
{
	static char paths[4][160];
	static int slot;
	char *p = paths[slot++ % 4];
	FILE *f;

	snprintf(p, 160, "%s/%s", dir, name);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(p, mode), 0);
	return p;
}

static enum frs_err load(const char *kubeconfig, const char *context)
{
	struct frs_kube_opts o = { kubeconfig, context, NULL, NULL };

	frs_kube_creds_free(creds);
	creds = NULL;
	return frs_kube_creds_load(&creds, &o, &errs);
}

/* The one diagnostic, as the CLI prints it: FILE[:LINE[:COL]]: [PATH: ]MESSAGE. */
static const char *diag(void)
{
	static char b[1024];
	const struct frs_error *e;
	int n;

	ck_assert_uint_eq(errs.n, 1);
	e = &errs.v[0];
	n = snprintf(b, sizeof(b), "%s", e->file ? e->file : "");
	if (e->line)
		n += snprintf(b + n, sizeof(b) - (size_t)n, ":%u:%u", e->line, e->column);
	snprintf(b + n, sizeof(b) - (size_t)n, ": %s%s%s", e->path ? e->path : "",
		 e->path ? ": " : "", e->message);
	/* the paths of this run's directory read as DIR */
	for (char *p = strstr(b, dir); p; p = strstr(p, dir)) {
		memmove(p + 3, p + strlen(dir), strlen(p + strlen(dir)) + 1);
		memcpy(p, "DIR", 3);
	}
	return b;
}

static const char *kc_token =
	"apiVersion: v1\n"
	"kind: Config\n"
	"current-context: one\n"
	"clusters:\n"
	"- name: c1\n"
	"  cluster:\n"
	"    server: https://192.0.2.10:6443/\n"
	"    certificate-authority-data: " B64_CA "\n"
	"- name: c2\n"
	"  cluster:\n"
	"    server: https://[2001:db8::10]:6443\n"
	"    certificate-authority: pki/ca.crt\n"
	"    insecure-skip-tls-verify: true\n"
	"    tls-server-name: api.example\n"
	"    proxy-url: socks5://proxy.example:1080\n"
	"users:\n"
	"- name: u1\n"
	"  user:\n"
	"    token: secret-token-1\n"
	"- name: u2\n"
	"  user:\n"
	"    client-certificate-data: " B64_CERT "\n"
	"    client-key-data: " B64_KEY "\n"
	"- name: u3\n"
	"  user:\n"
	"    client-certificate: pki/client.crt\n"
	"    client-key: /etc/k/client.key\n"
	"    tokenFile: tok\n"
	"contexts:\n"
	"- name: one\n"
	"  context: {cluster: c1, user: u1, namespace: ignored}\n"
	"- name: two\n"
	"  context: {cluster: c2, user: u2}\n"
	"- name: three\n"
	"  context: {cluster: c2, user: u3}\n"
	"- name: anon\n"
	"  context: {cluster: c1}\n";

START_TEST(kubeconfig_token_and_ca_data)
{
	const char *kc = put("config", kc_token, 0600);
	struct frs_kube_auth a;
	char origin[256];

	ck_assert_int_eq(load(kc, NULL), FRS_OK);
	ck_assert_str_eq(creds->server, "https://192.0.2.10:6443");
	ck_assert_str_eq(creds->context, "one");
	ck_assert_str_eq(creds->user, "u1");
	ck_assert(!creds->in_cluster);
	ck_assert_str_eq(frs_buf_cstr(&creds->ca), "ca-pem");
	ck_assert_ptr_null(creds->ca_file);
	ck_assert(!creds->insecure);
	ck_assert_ptr_null(creds->tls_server_name);
	ck_assert_ptr_null(creds->proxy_url);
	ck_assert_str_eq(creds->token, "secret-token-1");
	snprintf(origin, sizeof(origin), "kubeconfig %s, context \"one\"", kc);
	ck_assert_str_eq(creds->origin, origin);
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_OK);
	ck_assert_str_eq(frs_buf_cstr(&a.token), "secret-token-1");
	ck_assert_uint_eq(a.cert.len, 0);
	frs_kube_auth_dispose(&a);
}
END_TEST

START_TEST(kubeconfig_cert_data_and_ca_file)
{
	const char *kc = put("config", kc_token, 0600);
	char want[160];

	ck_assert_int_eq(load(kc, "two"), FRS_OK);
	ck_assert_str_eq(creds->server, "https://[2001:db8::10]:6443");
	snprintf(want, sizeof(want), "%s/pki/ca.crt", dir);
	ck_assert_str_eq(creds->ca_file, want);
	ck_assert_uint_eq(creds->ca.len, 0);
	ck_assert(creds->insecure);
	ck_assert_str_eq(creds->tls_server_name, "api.example");
	ck_assert_str_eq(creds->proxy_url, "socks5://proxy.example:1080");
	ck_assert_str_eq(frs_buf_cstr(&creds->cert), "cert-pem");
	ck_assert_str_eq(frs_buf_cstr(&creds->key), "key-pem");
	ck_assert_ptr_null(creds->cert_file);
	ck_assert_ptr_null(creds->token);
}
END_TEST

START_TEST(kubeconfig_files_and_token_file)
{
	const char *kc = put("config", kc_token, 0600);
	struct frs_kube_auth a;
	char want[160];

	ck_assert_int_eq(load(kc, "three"), FRS_OK);
	snprintf(want, sizeof(want), "%s/pki/client.crt", dir);
	ck_assert_str_eq(creds->cert_file, want);
	ck_assert_str_eq(creds->key_file, "/etc/k/client.key");
	snprintf(want, sizeof(want), "%s/tok", dir);
	ck_assert_str_eq(creds->token_file, want);
	/* read per request: a rotated token is seen at once; the newline is not part of it */
	put("tok", "token-a\n", 0600);
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_OK);
	ck_assert_str_eq(frs_buf_cstr(&a.token), "token-a");
	frs_kube_auth_dispose(&a);
	put("tok", "token-b", 0600);
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_OK);
	ck_assert_str_eq(frs_buf_cstr(&a.token), "token-b");
	frs_kube_auth_dispose(&a);
	/* a second line would become a header of its own */
	put("tok", "token-c\r\nX-Injected: 1\n", 0600);
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_EINVALID);
	ck_assert_uint_eq(a.token.len, 0);
	ck_assert_str_eq(diag(), ": kubeconfig DIR/config, context \"three\": the bearer token has "
			 "a control character (byte 8)");
	frs_errlist_dispose(&errs);
	ck_assert_int_eq(unlink(want), 0);
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_EINPUT);
	ck_assert_str_eq(diag(), "DIR/tok: cannot read the token: No such file or directory");
}
END_TEST

START_TEST(kubeconfig_anonymous_and_relative_to_cwd)
{
	put("config", kc_token, 0600);
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(load("config", "three"), FRS_OK);
	/* a kubeconfig named without a directory: its paths stay relative to the same place */
	ck_assert_str_eq(creds->cert_file, "pki/client.crt");
	ck_assert_int_eq(load("config", "anon"), FRS_OK);
	ck_assert_ptr_null(creds->user);
	ck_assert_ptr_null(creds->token);
	ck_assert_uint_eq(creds->cert.len, 0);
}
END_TEST

START_TEST(kubeconfig_env_merge)
{
	char env[512];
	const char *a = put("a.yaml",
		"current-context: ctx\n"
		"clusters:\n"
		"- name: shared\n"
		"  cluster: {server: 'https://192.0.2.1:6443'}\n"
		"contexts:\n"
		"- name: ctx\n"
		"  context: {cluster: shared, user: me}\n", 0600);
	const char *b = put("b.yaml",
		"current-context: other\n"
		"clusters:\n"
		"- name: shared\n"
		"  cluster: {server: 'https://198.51.100.1:6443'}\n"
		"users:\n"
		"- name: me\n"
		"  user: {tokenFile: b-token}\n"
		"contexts:\n"
		"- name: other\n"
		"  context: {cluster: shared, user: me}\n", 0600);
	char want[160];

	/* a missing file is skipped, the first file's current-context and cluster win, the user
	 * comes from the second file and its paths from the second file's directory */
	snprintf(env, sizeof(env), "%s/missing.yaml:%s:%s", dir, a, b);
	setenv("KUBECONFIG", env, 1);
	ck_assert_int_eq(load(NULL, NULL), FRS_OK);
	ck_assert_str_eq(creds->context, "ctx");
	ck_assert_str_eq(creds->server, "https://192.0.2.1:6443");
	snprintf(want, sizeof(want), "%s/b-token", dir);
	ck_assert_str_eq(creds->token_file, want);
	ck_assert_int_eq(load(NULL, "other"), FRS_OK);
	ck_assert_str_eq(creds->context, "other");
	ck_assert_str_eq(creds->server, "https://192.0.2.1:6443");
	/* --kubeconfig outranks $KUBECONFIG */
	ck_assert_int_eq(load(b, NULL), FRS_OK);
	ck_assert_str_eq(creds->server, "https://198.51.100.1:6443");
	setenv("KUBECONFIG", "/nonexistent/a:/nonexistent/b", 1);
	ck_assert_int_eq(load(NULL, NULL), FRS_EINPUT);
	ck_assert_str_eq(diag(), "$KUBECONFIG: none of its files exists: /nonexistent/a:/nonexistent/b");
}
END_TEST

static void sa_dir(const char *token)
{
	char sa[160];

	snprintf(sa, sizeof(sa), "%s/sa", dir);
	ck_assert_int_eq(mkdir(sa, 0700), 0);
	if (token)
		put("sa/token", token, 0600);
	put("sa/ca.crt", "in-cluster-ca", 0644);
	setenv("FRS_KUBE_SA_DIR", sa, 1);
}

START_TEST(in_cluster)
{
	struct frs_kube_auth a;
	char want[160];

	sa_dir("sa-token\n");
	setenv("KUBERNETES_SERVICE_HOST", "192.0.2.20", 1);
	setenv("KUBERNETES_SERVICE_PORT", "443", 1);
	ck_assert_int_eq(load(NULL, NULL), FRS_OK);
	ck_assert(creds->in_cluster);
	ck_assert_str_eq(creds->server, "https://192.0.2.20:443");
	ck_assert_str_eq(creds->origin, "in-cluster");
	ck_assert_ptr_null(creds->ns);
	snprintf(want, sizeof(want), "%s/sa/ca.crt", dir);
	ck_assert_str_eq(creds->ca_file, want);
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_OK);
	ck_assert_str_eq(frs_buf_cstr(&a.token), "sa-token");
	frs_kube_auth_dispose(&a);
	/* an IPv6 service address is bracketed; the pod's namespace is MetalLB's */
	setenv("KUBERNETES_SERVICE_HOST", "2001:db8::1", 1);
	put("sa/namespace", "metallb\n", 0644);
	ck_assert_int_eq(load(NULL, NULL), FRS_OK);
	ck_assert_str_eq(creds->server, "https://[2001:db8::1]:443");
	ck_assert_str_eq(creds->ns, "metallb");
	/* in-cluster outranks ~/.kube/config; $KUBECONFIG outranks in-cluster */
	snprintf(want, sizeof(want), "%s/.kube", dir);
	ck_assert_int_eq(mkdir(want, 0700), 0);
	put(".kube/config", kc_token, 0600);
	ck_assert_int_eq(load(NULL, NULL), FRS_OK);
	ck_assert(creds->in_cluster);
	snprintf(want, sizeof(want), "%s/.kube/config", dir);
	setenv("KUBECONFIG", want, 1);
	ck_assert_int_eq(load(NULL, NULL), FRS_OK);
	ck_assert(!creds->in_cluster);
	ck_assert_str_eq(creds->server, "https://192.0.2.10:6443");
	/* without the variables: ~/.kube/config */
	unsetenv("KUBECONFIG");
	unsetenv("KUBERNETES_SERVICE_HOST");
	ck_assert_int_eq(load(NULL, "two"), FRS_OK);
	ck_assert_str_eq(creds->context, "two");
}
END_TEST

START_TEST(in_cluster_without_token)
{
	sa_dir(NULL);
	setenv("KUBERNETES_SERVICE_HOST", "192.0.2.20", 1);
	setenv("KUBERNETES_SERVICE_PORT", "443", 1);
	ck_assert_int_eq(load(NULL, NULL), FRS_EINPUT);
	ck_assert_str_eq(diag(), "DIR/sa/token: in-cluster (KUBERNETES_SERVICE_HOST is set): cannot "
			 "read the service account's token: No such file or directory");
}
END_TEST

START_TEST(no_credentials)
{
	ck_assert_int_eq(load(NULL, NULL), FRS_EINPUT);
	ck_assert_str_eq(diag(), "api: no Kubernetes credentials: no --kubeconfig, $KUBECONFIG, "
			 "in-cluster service account (KUBERNETES_SERVICE_HOST) nor DIR/.kube/config");
}
END_TEST

/* A plugin that records its argv and environment and prints @p status as its credential. */
static const char *plugin(const char *status, int exit_code)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "#!/bin/sh\n"
		 "echo run >> \"$(dirname \"$0\")/runs\"\n"
		 "printf '%%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\n"
		 "printf '%%s|%%s\\n' \"$KUBERNETES_EXEC_INFO\" \"$PLUGIN_ENV\" > \"$(dirname \"$0\")/env\"\n"
		 "[ %d = 0 ] || exit %d\n"
		 "cat <<'EOF'\n%s\nEOF\n", exit_code, exit_code, status);
	return put("plugin.sh", text, 0700);
}

static const char *exec_config(const char *api_version, const char *command)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "apiVersion: v1\n"
		 "kind: Config\n"
		 "current-context: x\n"
		 "clusters: [{name: c, cluster: {server: 'https://192.0.2.1'}}]\n"
		 "contexts: [{name: x, context: {cluster: c, user: p}}]\n"
		 "users:\n"
		 "- name: p\n"
		 "  user:\n"
		 "    exec:\n"
		 "      apiVersion: %s\n"
		 "      command: %s\n"
		 "      args: [get-token, --cluster, \"a b\"]\n"
		 "      env: [{name: PLUGIN_ENV, value: from-kubeconfig}]\n"
		 "      interactiveMode: Never\n"
		 "      installHint: install the plugin\n", api_version, command);
	return put("config", text, 0600);
}

/* $PATH with @p d first (the plugin's own sh, dirname and cat stay found). */
static void path_first(const char *d)
{
	char p[256];

	snprintf(p, sizeof(p), "%s:/usr/bin:/bin", d);
	setenv("PATH", p, 1);
}

static int runs(void)
{
	char p[160], line[16];
	int n = 0;
	FILE *f;

	snprintf(p, sizeof(p), "%s/runs", dir);
	f = fopen(p, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n;
}

static const char *slurp(const char *name)
{
	static char b[1024];
	char p[160];
	size_t n;
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(b, 1, sizeof(b) - 1, f);
	b[n] = '\0';
	fclose(f);
	return b;
}

START_TEST(exec_plugin_token_cached)
{
	struct frs_kube_auth a;
	char status[256];
	time_t later = time(NULL) + 3600;
	struct tm tm;

	gmtime_r(&later, &tm);
	strftime(status, sizeof(status),
		 "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
		 "\"status\":{\"token\":\"exec-token\",\"expirationTimestamp\":\"%Y-%m-%dT%H:%M:%SZ\"}}",
		 &tm);
	plugin(status, 0);
	/* a command with a slash is relative to the kubeconfig's directory */
	ck_assert_int_eq(load(exec_config("client.authentication.k8s.io/v1", "./plugin.sh"), NULL),
			 FRS_OK);
	ck_assert_ptr_nonnull(creds->exec);
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_OK);
	ck_assert_str_eq(frs_buf_cstr(&a.token), "exec-token");
	frs_kube_auth_dispose(&a);
	ck_assert_str_eq(slurp("args"), "get-token\n--cluster\na b\n");
	ck_assert_str_eq(slurp("env"), "{\"apiVersion\":\"client.authentication.k8s.io/v1\","
			 "\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}|from-kubeconfig\n");
	/* valid for an hour: not run again */
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_OK);
	frs_kube_auth_dispose(&a);
	ck_assert_int_eq(runs(), 1);
	/* after a 401 the cache is dropped */
	frs_kube_creds_expire(creds);
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_OK);
	frs_kube_auth_dispose(&a);
	ck_assert_int_eq(runs(), 2);
}
END_TEST

START_TEST(exec_plugin_expired_and_cert)
{
	struct frs_kube_auth a;

	plugin("{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
	       "\"status\":{\"clientCertificateData\":\"-----BEGIN CERTIFICATE-----\\nC\\n\","
	       "\"clientKeyData\":\"-----BEGIN PRIVATE KEY-----\\nK\\n\","
	       "\"expirationTimestamp\":\"2020-01-01T00:00:00.5+01:00\"}}", 0);
	/* found in $PATH when the command has no slash */
	path_first(dir);
	ck_assert_int_eq(load(exec_config("client.authentication.k8s.io/v1beta1", "plugin.sh"), NULL),
			 FRS_OK);
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_OK);
	ck_assert_str_eq(frs_buf_cstr(&a.cert), "-----BEGIN CERTIFICATE-----\nC\n");
	ck_assert_str_eq(frs_buf_cstr(&a.key), "-----BEGIN PRIVATE KEY-----\nK\n");
	ck_assert_uint_eq(a.token.len, 0);
	frs_kube_auth_dispose(&a);
	/* expired already: every request runs it again */
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_OK);
	frs_kube_auth_dispose(&a);
	ck_assert_int_eq(runs(), 2);
}
END_TEST

START_TEST(exec_plugin_errors)
{
	struct frs_kube_auth a;

	plugin("{}", 3);
	ck_assert_int_eq(load(exec_config("client.authentication.k8s.io/v1", "./plugin.sh"), NULL),
			 FRS_OK);
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_EINPUT);
	ck_assert_str_eq(diag(), "api: exec plugin \"DIR/./plugin.sh\": exit status 3");
	frs_errlist_dispose(&errs);
	plugin("{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
	       "\"status\":{\"token\":\"t\"}}", 0);
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_EINPUT);
	ck_assert_str_eq(strstr(diag(), "\": ") + 3,
			 "expected kind ExecCredential, apiVersion client.authentication.k8s.io/v1");
	frs_errlist_dispose(&errs);
	plugin("not json", 0);
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_EINPUT);
	ck_assert_str_eq(strstr(diag(), "\": ") + 3,
			 "its output is not an ExecCredential (JSON object)");
	frs_errlist_dispose(&errs);
	/* a plugin that hangs is killed */
	put("plugin.sh", "#!/bin/sh\nexec sleep 30\n", 0700);
	frs_kube__exec_timeout_ms = 200;
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_EINPUT);
	frs_kube__exec_timeout_ms = 60000;
	ck_assert_str_eq(diag(), "api: exec plugin \"DIR/./plugin.sh\": no credential within 200 ms "
			 "(killed)");
	frs_errlist_dispose(&errs);
	path_first(dir);
	ck_assert_int_eq(load(exec_config("client.authentication.k8s.io/v1", "no-such-plugin"), NULL),
			 FRS_OK);
	ck_assert_int_eq(frs_kube_auth_get(&a, creds, &errs), FRS_EINPUT);
	ck_assert_str_eq(diag(), "api: exec plugin \"no-such-plugin\" not found in $PATH: install "
			 "the plugin");
}
END_TEST

/* Each bad kubeconfig and its one diagnostic, positioned in the file. */
START_TEST(kubeconfig_errors)
{
	static const struct {
		const char *text, *context, *want;
	} cases[] = {
		{ "clusters: [\n", NULL, "DIR/config:2:1: invalid YAML: did not find expected node "
		  "content (while parsing a flow node at line 2, column 1)" },
		{ "clusters: {}\n", "x",
		  "DIR/config:1:11: clusters: expected a list of {name, cluster}" },
		{ "current-context: nope\ncontexts: []\n", NULL,
		  "DIR/config:1:18: current-context: context \"nope\" not found" },
		{ "contexts: []\n", NULL, "DIR/config: no current-context: name one with --context" },
		{ "contexts: []\n", "x", "DIR/config: context \"x\" not found" },
		{ "contexts:\n- name: x\n  context: {cluster: nope}\n", "x",
		  "DIR/config:3:22: contexts[0].context.cluster: cluster \"nope\" not found" },
		{ "contexts:\n- name: x\n  context: {cluster: c, user: nobody}\n"
		  "clusters:\n- name: c\n  cluster: {server: 'https://192.0.2.1'}\n", "x",
		  "DIR/config:3:31: contexts[0].context.user: user \"nobody\" not found" },
		{ "contexts:\n- name: x\n  context: {cluster: c}\n"
		  "clusters:\n- name: c\n  cluster: {server: 192.0.2.1}\n", "x",
		  "DIR/config:6:21: clusters[0].cluster.server: expected the API server's URL "
		  "(https://HOST:PORT)" },
		{ "contexts:\n- name: x\n  context: {cluster: c}\n"
		  "clusters:\n- name: c\n  cluster:\n    server: https://h\n"
		  "    certificate-authority-data: '!!'\n", "x",
		  "DIR/config:8:33: clusters[0].cluster.certificate-authority-data: not valid base64" },
		{ "contexts:\n- name: x\n  context: {cluster: c}\n"
		  "clusters:\n- name: c\n  cluster:\n    server: https://h\n"
		  "    insecure-skip-tls-verify: yes\n", "x",
		  "DIR/config:8:31: clusters[0].cluster.insecure-skip-tls-verify: expected true or "
		  "false" },
		{ "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
		  "clusters:\n- name: c\n  cluster: {server: 'https://h'}\n"
		  "users:\n- name: u\n  user:\n    token: [a]\n", "x",
		  "DIR/config:10:12: users[0].user.token: expected a string" },
		{ "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
		  "clusters:\n- name: c\n  cluster: {server: 'https://h'}\n"
		  "users:\n- name: u\n  user:\n    client-certificate: c.crt\n", "x",
		  "DIR/config:10:5: users[0].user: a client certificate needs its key and a key its "
		  "certificate (client-certificate[-data] with client-key[-data])" },
		{ "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
		  "clusters:\n- name: c\n  cluster: {server: 'https://h'}\n"
		  "users:\n- name: u\n  user:\n    auth-provider: {name: gcp}\n", "x",
		  "DIR/config:10:20: users[0].user.auth-provider: auth providers are not supported "
		  "(removed from kubectl 1.26); use an exec plugin" },
		{ "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
		  "clusters:\n- name: c\n  cluster: {server: 'https://h'}\n"
		  "users:\n- name: u\n  user:\n    exec: {command: p, apiVersion: "
		  "client.authentication.k8s.io/v1alpha1}\n",
		  "x", "DIR/config:10:36: users[0].user.exec.apiVersion: expected "
		  "client.authentication.k8s.io/v1 or v1beta1, got "
		  "\"client.authentication.k8s.io/v1alpha1\"" },
		{ "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
		  "clusters:\n- name: c\n  cluster: {server: 'https://h'}\n"
		  "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
		  "      command: p\n      env: [{value: v}]\n", "x",
		  "DIR/config:13:13: users[0].user.exec.env[0]: expected {name: NAME, value: VALUE}" },
		{ "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
		  "clusters:\n- name: c\n  cluster: {server: 'https://h'}\n"
		  "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
		  "      command: p\n      provideClusterInfo: true\n", "x",
		  "DIR/config:13:27: users[0].user.exec.provideClusterInfo: not supported: frrshim does "
		  "not pass the cluster to plugins (KUBERNETES_EXEC_INFO has no spec.cluster)" },
		{ "contexts:\n- name: x\n  context: {cluster: c}\n"
		  "clusters:\n- name: c\n  cluster:\n    server: https://h\n"
		  "    proxy-url: ftp://user:secret@proxy.example\n", "x",
		  "DIR/config:8:16: clusters[0].cluster.proxy-url: unsupported scheme \"ftp\": expected "
		  "http, https or socks5" },
		{ "contexts:\n- name: x\n  context: {cluster: c}\n"
		  "clusters:\n- name: c\n  cluster:\n    server: https://h\n"
		  "    proxy-url: [http://p]\n", "x",
		  "DIR/config:8:16: clusters[0].cluster.proxy-url: expected a string" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *kc = put("config", cases[i].text, 0600);
		enum frs_err rc = load(kc, cases[i].context);

		ck_assert_msg(rc != FRS_OK, "case %zu loaded", i);
		ck_assert_str_eq(diag(), cases[i].want);
		ck_assert_int_eq(rc, i == 0 ? FRS_EPARSE : FRS_EINVALID);
		frs_errlist_dispose(&errs);
	}
}
END_TEST

/* proxy-url as client-go takes it: what curl is given, what messages show, or the error */
START_TEST(proxy_urls)
{
	static const struct {
		const char *url, *curl, *shown_or_why;
	} cases[] = {
		{ "http://127.0.0.1:3128", "http://127.0.0.1:3128/", "http://127.0.0.1:3128/" },
		{ "HTTPS://user:pa%40ss@proxy.example:8443/", "https://user:pa%40ss@proxy.example:8443/",
		  "https://proxy.example:8443/" },
		/* the proxy resolves the server's name, as Go's SOCKS5 dialer has it */
		{ "socks5://u:p@[2001:db8::1]:1080", "socks5h://u:p@[2001:db8::1]:1080/",
		  "socks5://[2001:db8::1]:1080/" },
		/* no port: Go's default for the scheme (curl's would be 1080 for http too) */
		{ "Socks5://proxy.example", "socks5h://proxy.example:1080/",
		  "socks5://proxy.example:1080/" },
		{ "http://u:p@proxy.example", "http://u:p@proxy.example:80/", "http://proxy.example:80/" },
		{ "https://proxy.example/", "https://proxy.example:443/", "https://proxy.example:443/" },
		{ "127.0.0.1:3128", NULL,
		  "expected the proxy's URL (http://, https:// or socks5://HOST[:PORT])" },
		{ "user:secret@proxy.example://x", NULL,
		  "expected the proxy's URL (http://, https:// or socks5://HOST[:PORT])" },
		{ "://proxy.example", NULL,
		  "expected the proxy's URL (http://, https:// or socks5://HOST[:PORT])" },
		{ "ftp://proxy.example:21", NULL,
		  "unsupported scheme \"ftp\": expected http, https or socks5" },
		{ "socks4://proxy.example", NULL,
		  "unsupported scheme \"socks4\": expected http, https or socks5" },
		{ "socks5h://proxy.example", NULL,
		  "unsupported scheme \"socks5h\": expected http, https or socks5" },
		{ "http://user:secret@", NULL, "not a proxy URL (http://HOST[:PORT]): No host part in the URL" },
		{ "socks5://h:99999", NULL,
		  "not a proxy URL (socks5://HOST[:PORT]): Port number was not a decimal number between 0 and 65535" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct frs_kube_proxy px;
		struct frs_buf why = FRS_BUF_INIT;
		enum frs_err rc = frs_kube__proxy_parse(&px, cases[i].url, &why);

		if (cases[i].curl) {
			ck_assert_msg(rc == FRS_OK, "%s: %s", cases[i].url, frs_buf_cstr(&why));
			ck_assert_str_eq(px.curl, cases[i].curl);
			ck_assert_str_eq(px.shown, cases[i].shown_or_why);
		} else {
			ck_assert_msg(rc == FRS_EINVALID, "%s: accepted", cases[i].url);
			ck_assert_ptr_null(px.curl);
			ck_assert_str_eq(frs_buf_cstr(&why), cases[i].shown_or_why);
			ck_assert_ptr_null(strstr(frs_buf_cstr(&why), "secret"));
		}
		frs_kube__proxy_dispose(&px);
		frs_buf_dispose(&why);
	}
}
END_TEST

/* an https proxy: TLS, its host and port (443 by default, as Go's canonicalAddr), and renamed
 * for tls-server-name with its user and password kept */
START_TEST(proxy_https_name)
{
	static const struct {
		const char *url, *host, *port, *renamed;
	} cases[] = {
		{ "https://u:p%40w@proxy.example:8443", "proxy.example", "8443",
		  "https://u:p%40w@api.internal:8443/" },
		{ "HTTPS://[2001:db8::1]", "[2001:db8::1]", "443", "https://api.internal:443/" },
		{ "http://proxy.example:3128", "proxy.example", NULL, NULL },
		{ "socks5://proxy.example", "proxy.example", NULL, NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct frs_kube_proxy px;
		struct frs_buf why = FRS_BUF_INIT;

		ck_assert_int_eq(frs_kube__proxy_parse(&px, cases[i].url, &why), FRS_OK);
		ck_assert_str_eq(px.host, cases[i].host);
		ck_assert_int_eq(px.tls, cases[i].renamed != NULL);
		if (cases[i].port)
			ck_assert_str_eq(px.port, cases[i].port);
		else
			ck_assert_ptr_null(px.port);
		if (cases[i].renamed) {
			ck_assert_int_eq(frs_kube__proxy_rename(&px, "api.internal"), FRS_OK);
			ck_assert_str_eq(px.curl, cases[i].renamed);
			/* what messages show stays the proxy's own name */
			ck_assert_ptr_null(strstr(px.shown, "api.internal"));
			ck_assert_int_eq(frs_kube__proxy_rename(&px, "a b"), FRS_EARG);
		}
		frs_kube__proxy_dispose(&px);
		frs_buf_dispose(&why);
	}
}
END_TEST

/* ---- the watch stream ------------------------------------------------------------------ */

struct events {
	struct frs_buf all;     /* type:rv:name per event, one a line */
	int n;
};

static enum frs_err collect(void *arg, const char *obj, size_t len)
{
	struct events *e = arg;
	struct frs_kube_event ev;
	struct frs_buf why = FRS_BUF_INIT;
	static const char *const names[] = { "ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR" };
	const cJSON *md, *name;

	ck_assert_int_eq(frs_kube__event_parse(&ev, obj, len, &why), FRS_OK);
	frs_buf_dispose(&why);
	md = cJSON_GetObjectItemCaseSensitive(ev.object, "metadata");
	name = cJSON_GetObjectItemCaseSensitive(md, "name");
	if (ev.type == FRS_KEV_ERROR)
		frs_buf_addf(&e->all, "ERROR:%d:%s\n", ev.code, ev.message ? ev.message : "");
	else
		frs_buf_addf(&e->all, "%s:%s:%s\n", names[ev.type], ev.rv ? ev.rv : "",
			     cJSON_IsString(name) ? name->valuestring : "");
	e->n++;
	frs_kube__event_dispose(&ev);
	return FRS_OK;
}

static const char stream[] =
	"{\"type\":\"ADDED\",\"object\":{\"kind\":\"Service\",\"metadata\":{\"name\":\"web\","
	"\"resourceVersion\":\"11\",\"annotations\":{\"x\":\"a \\\"}{[ quoted\\\\\"}}}}\n"
	"{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"w}b\",\"resourceVersion\":\"12\"},"
	"\"spec\":{\"ports\":[{\"port\":80},{\"port\":443}]}}}\r\n"
	"  {\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Service\",\"metadata\":{\"resourceVersion\":\"15\"}}}"
	"{\"type\":\"DELETED\",\"object\":{\"metadata\":{\"name\":\"\\u00e9t\\u00e9\",\"resourceVersion\":\"16\"}}}\n"
	"{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
	"\"message\":\"too old resource version: 11 (15)\",\"reason\":\"Expired\",\"code\":410}}\n";

static const char want_events[] =
	"ADDED:11:web\n"
	"MODIFIED:12:w}b\n"
	"BOOKMARK:15:\n"
	"DELETED:16:\xc3\xa9t\xc3\xa9\n"
	"ERROR:410:too old resource version: 11 (15)\n";

START_TEST(split_every_offset)
{
	size_t len = sizeof(stream) - 1;

	/* two chunks cut at every byte offset, then three at every pair of offsets (sampled) */
	for (size_t k = 0; k <= len; k++) {
		struct frs_kube_split s = { 0 };
		struct events e = { 0 };

		ck_assert_int_eq(frs_kube__split_feed(&s, stream, k, collect, &e), FRS_OK);
		ck_assert_int_eq(frs_kube__split_feed(&s, stream + k, len - k, collect, &e), FRS_OK);
		ck_assert(frs_kube__split_idle(&s));
		ck_assert_str_eq(frs_buf_cstr(&e.all), want_events);
		frs_kube__split_dispose(&s);
		frs_buf_dispose(&e.all);
	}
	for (size_t k = 0; k < len; k += 7)
		for (size_t j = k; j <= len; j += 13) {
			struct frs_kube_split s = { 0 };
			struct events e = { 0 };

			ck_assert_int_eq(frs_kube__split_feed(&s, stream, k, collect, &e), FRS_OK);
			ck_assert_int_eq(frs_kube__split_feed(&s, stream + k, j - k, collect, &e),
					 FRS_OK);
			ck_assert_int_eq(frs_kube__split_feed(&s, stream + j, len - j, collect, &e),
					 FRS_OK);
			ck_assert_str_eq(frs_buf_cstr(&e.all), want_events);
			frs_kube__split_dispose(&s);
			frs_buf_dispose(&e.all);
		}
}
END_TEST

START_TEST(split_byte_by_byte_and_half)
{
	struct frs_kube_split s = { 0 };
	struct events e = { 0 };

	for (size_t i = 0; i < sizeof(stream) - 1; i++)
		ck_assert_int_eq(frs_kube__split_feed(&s, stream + i, 1, collect, &e), FRS_OK);
	ck_assert_int_eq(e.n, 5);
	/* a stream that stops inside an event is not idle */
	ck_assert_int_eq(frs_kube__split_feed(&s, stream, 30, collect, &e), FRS_OK);
	ck_assert(!frs_kube__split_idle(&s));
	ck_assert_int_eq(e.n, 5);
	frs_kube__split_dispose(&s);
	frs_buf_dispose(&e.all);
}
END_TEST

START_TEST(split_big_event)
{
	struct frs_kube_split s = { 0 };
	struct events e = { 0 };
	struct frs_buf big = FRS_BUF_INIT;

	/* 1 MiB of annotation, in 4096-byte chunks: one event, whole */
	frs_buf_puts(&big, "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"big\","
		     "\"resourceVersion\":\"7\",\"annotations\":{\"a\":\"");
	for (int i = 0; i < 1 << 20; i++)
		frs_buf_putc(&big, i % 64 == 0 ? '{' : 'x');
	frs_buf_puts(&big, "\"}}}}\n");
	for (size_t off = 0; off < big.len; off += 4096) {
		size_t n = big.len - off < 4096 ? big.len - off : 4096;
		ck_assert_int_eq(frs_kube__split_feed(&s, big.ptr + off, n, collect, &e), FRS_OK);
	}
	ck_assert_str_eq(frs_buf_cstr(&e.all), "ADDED:7:big\n");
	frs_kube__split_dispose(&s);
	/* over the limit: an error, not unbounded memory */
	s.max = 1000;
	ck_assert_int_eq(frs_kube__split_feed(&s, big.ptr, big.len, collect, &e), FRS_EPARSE);
	frs_kube__split_dispose(&s);
	frs_buf_dispose(&big);
	frs_buf_dispose(&e.all);
}
END_TEST

static enum frs_err collect_shape(void *arg, const char *obj, size_t len)
{
	struct events *e = arg;

	frs_buf_add(&e->all, obj, len);
	e->n++;
	return FRS_OK;
}

START_TEST(split_garbage)
{
	static const char *const bad[] = { "x", "]", "\"str\"", "  42\n", "{\"type\":\"ADDED\"}}",
					   "{\"a\":[1}]" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct frs_kube_split s = { 0 };
		struct events e = { 0 };
		enum frs_err rc = frs_kube__split_feed(&s, bad[i], strlen(bad[i]), collect_shape, &e);

		ck_assert_msg(rc == FRS_EPARSE, "'%s' was taken", bad[i]);
		frs_kube__split_dispose(&s);
		frs_buf_dispose(&e.all);
	}
}
END_TEST

START_TEST(event_parse_errors)
{
	static const struct {
		const char *obj, *why;
	} bad[] = {
		{ "{\"type\":\"ADDED\"", "watch event: malformed JSON" },
		{ "{\"type\":\"ADDED\"}", "watch event: expected an object with \"type\" and \"object\"" },
		{ "{\"type\":\"RENAMED\",\"object\":{}}", "watch event: unknown type \"RENAMED\"" },
		{ "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{}}}",
		  "watch event: a BOOKMARK without metadata.resourceVersion" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct frs_buf why = FRS_BUF_INIT;
		struct frs_kube_event ev;

		ck_assert_int_eq(frs_kube__event_parse(&ev, bad[i].obj, strlen(bad[i].obj), &why),
				 FRS_EPARSE);
		ck_assert_ptr_null(ev.object);
		ck_assert_str_eq(frs_buf_cstr(&why), bad[i].why);
		frs_buf_dispose(&why);
	}
}
END_TEST

START_TEST(object_strip)
{
	cJSON *o = cJSON_Parse("{\"kind\":\"Service\",\"metadata\":{\"name\":\"a\",\"namespace\":\"b\","
			       "\"uid\":\"u\",\"resourceVersion\":\"9\",\"generation\":2,"
			       "\"creationTimestamp\":\"2026-01-01T00:00:00Z\",\"labels\":{\"l\":\"v\"},"
			       "\"managedFields\":[{\"manager\":\"kubectl\"}],\"annotations\":{"
			       "\"kubectl.kubernetes.io/last-applied-configuration\":\"{...}\","
			       "\"keep\":\"me\"}},\"spec\":{\"type\":\"LoadBalancer\"}}");
	char *s;

	ck_assert_ptr_nonnull(o);
	frs_kube__object_strip(o);
	s = cJSON_PrintUnformatted(o);
	ck_assert_str_eq(s, "{\"kind\":\"Service\",\"metadata\":{\"name\":\"a\",\"namespace\":\"b\","
			 "\"labels\":{\"l\":\"v\"},\"annotations\":{\"keep\":\"me\"}},"
			 "\"spec\":{\"type\":\"LoadBalancer\"}}");
	cJSON_free(s);
	cJSON_Delete(o);
}
END_TEST

/* ---- the store, streamed to the model ------------------------------------------------------- */

/* Service NAME in namespace shop, of TYPE, as a watch event would carry it. */
static void apply_svc(struct frs_kube_source *ks, const char *name, const char *type, int port,
		      bool deleted)
{
	char text[256];
	cJSON *o;

	snprintf(text, sizeof(text), "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":"
		 "{\"name\":\"%s\",\"namespace\":\"shop\"},\"spec\":{\"type\":\"%s\","
		 "\"ports\":[{\"port\":%d}]}}", name, type, port);
	ck_assert_ptr_nonnull(o = cJSON_Parse(text));
	ck_assert_int_eq(frs_kube__source_apply(ks, "Service", deleted, o), FRS_OK);
	cJSON_Delete(o);
}

/* The next set's document names, space-separated ("" at the end), and whether each is checked. */
static const char *next_set(struct frs_kube_stream *st, char *checked, size_t size)
{
	static char names[512];
	struct frs_docset set;
	size_t n = 0, c = 0;
	enum frs_err rc;

	frs_docset_init(&set);
	rc = frs_kube__stream_next(st, &set, &errs);
	ck_assert(rc == FRS_OK || rc == FRS_ENOTFOUND);
	names[0] = '\0';
	for (size_t i = 0; i < set.ndocs; i++) {
		n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s", i ? " " : "",
				      set.docs[i].file + strlen("api:Service/shop/"));
		if (c + 1 < size)
			checked[c++] = set.docs[i].checked ? 'y' : 'n';
	}
	checked[c] = '\0';
	frs_docset_dispose(&set);
	return names;
}

START_TEST(stream_resumes_by_name)
{
	const char *kc = put("config", kc_token, 0600);
	struct frs_kube_opts o = { kc, NULL, NULL, "n1" };
	struct frs_kube_source *ks;
	struct frs_kube_stream *st;
	char ck[16];

	ck_assert_int_eq(frs_kube_source_new(&ks, &o, &errs), FRS_OK);
	apply_svc(ks, "a", "LoadBalancer", 80, false);
	apply_svc(ks, "b", "LoadBalancer", 80, false);
	apply_svc(ks, "c", "ClusterIP", 80, false); /* out of the node's scope */
	apply_svc(ks, "d", "LoadBalancer", 80, false);
	apply_svc(ks, "e", "LoadBalancer", 80, false);
	apply_svc(ks, "f", "LoadBalancer", 80, false);

	/* sets of two; between them the store changes as the watchers would change it */
	ck_assert_ptr_nonnull(st = frs_kube__stream_new(ks, 2));
	ck_assert_str_eq(next_set(st, ck, sizeof(ck)), "a b");
	ck_assert_str_eq(ck, "nn");
	apply_svc(ks, "a", "LoadBalancer", 80, true);   /* handed over already */
	apply_svc(ks, "bb", "LoadBalancer", 80, false); /* after the last one handed */
	apply_svc(ks, "e", "LoadBalancer", 80, true);   /* not yet handed */
	/* a diagnostic on b: it is not clean */
	frs_errlist_report(&errs, FRS_DIAG(.loc = &(struct frs_loc){ "api:Service/shop/b", 0, 0 }),
			   "broken");
	ck_assert_str_eq(next_set(st, ck, sizeof(ck)), "bb d");
	ck_assert_str_eq(next_set(st, ck, sizeof(ck)), "f");
	apply_svc(ks, "f", "LoadBalancer", 81, false);  /* modified after it was handed */
	ck_assert_str_eq(next_set(st, ck, sizeof(ck)), "");
	frs_kube__stream_free(st);

	/* what was handed and said nothing is checked the next time, until it changes */
	ck_assert_ptr_nonnull(st = frs_kube__stream_new(ks, 10));
	ck_assert_str_eq(next_set(st, ck, sizeof(ck)), "b bb d f");
	ck_assert_str_eq(ck, "nyyn");
	frs_kube__stream_free(st);
	frs_kube_source_free(ks);
}
END_TEST

/* ---- backoff -------------------------------------------------------------------------------- */

static uint32_t fixed_rand(void *arg)
{
	return *(uint32_t *)arg;
}

START_TEST(backoff_sequence)
{
	uint32_t r = 0;
	struct frs_kube_clock clock = { NULL, fixed_rand, &r };
	struct frs_kube_backoff b = { 500, 4000, 0, &clock };
	static const int low[] = { 250, 500, 1000, 2000, 2000, 2000 };

	/* the lowest draw: half of 500, 1000, 2000, 4000, then the cap */
	for (size_t i = 0; i < sizeof(low) / sizeof(low[0]); i++)
		ck_assert_int_eq(frs_kube_backoff_next(&b), low[i]);
	frs_kube_backoff_reset(&b);
	ck_assert_int_eq(frs_kube_backoff_next(&b), 250);
	/* the highest draw is the full delay, never past the cap */
	frs_kube_backoff_reset(&b);
	r = 250; /* 250 % 251 */
	ck_assert_int_eq(frs_kube_backoff_next(&b), 500);
	r = 500;
	ck_assert_int_eq(frs_kube_backoff_next(&b), 1000);
	/* any draw stays within [d/2, d] */
	for (r = 0; r < 5000; r += 37) {
		struct frs_kube_backoff c = { 500, 4000, 4000, &clock };
		int d = frs_kube_backoff_next(&c);
		ck_assert(d >= 2000 && d <= 4000);
	}
	/* defaults: 500 ms, 30 s cap */
	{
		struct frs_kube_backoff c = { 0, 0, 0, &clock };
		r = 0;
		for (int i = 0; i < 20; i++)
			frs_kube_backoff_next(&c);
		ck_assert_int_eq(frs_kube_backoff_next(&c), 15000);
	}
}
END_TEST

START_TEST(resource_names)
{
	size_t n;
	const struct frs_kube_resource *r = frs_kube_resources(&n);
	struct frs_buf b = FRS_BUF_INIT;

	ck_assert_uint_eq(n, 11);
	ck_assert_str_eq(r[0].plural, "bgppeers");
	ck_assert_str_eq(r[0].version, "v1beta2");
	frs_kube__resource_desc(&b, &r[0], "metallb-system");
	ck_assert_str_eq(b.ptr, "bgppeers.metallb.io (namespace metallb-system)");
	frs_buf_clear(&b);
	ck_assert_str_eq(r[7].plural, "services");
	frs_kube__resource_desc(&b, &r[7], "metallb-system");
	ck_assert_str_eq(b.ptr, "services (cluster-wide)");
	frs_buf_dispose(&b);
}
END_TEST

START_TEST(rfc3339)
{
	long long t;

	ck_assert_int_eq(frs_kube__parse_time("2026-12-01T20:00:00Z", &t), 0);
	ck_assert_int_eq(t, 1796155200LL);
	ck_assert_int_eq(frs_kube__parse_time("2026-12-01T21:00:00.123+01:00", &t), 0);
	ck_assert_int_eq(t, 1796155200LL);
	ck_assert_int_eq(frs_kube__parse_time("2026-12-01 20:00:00Z", &t), -1);
	ck_assert_int_eq(frs_kube__parse_time("2026-12-01T20:00:00", &t), -1);
}
END_TEST

Suite *frs_kube_suite(void)
{
	Suite *s = suite_create("kube");
	TCase *c = tcase_create("creds");

	tcase_add_checked_fixture(c, setup, teardown);
	tcase_add_test(c, kubeconfig_token_and_ca_data);
	tcase_add_test(c, kubeconfig_cert_data_and_ca_file);
	tcase_add_test(c, kubeconfig_files_and_token_file);
	tcase_add_test(c, kubeconfig_anonymous_and_relative_to_cwd);
	tcase_add_test(c, kubeconfig_env_merge);
	tcase_add_test(c, in_cluster);
	tcase_add_test(c, in_cluster_without_token);
	tcase_add_test(c, no_credentials);
	tcase_add_test(c, exec_plugin_token_cached);
	tcase_add_test(c, exec_plugin_expired_and_cert);
	tcase_add_test(c, exec_plugin_errors);
	tcase_add_test(c, kubeconfig_errors);
	tcase_add_test(c, proxy_urls);
	tcase_add_test(c, proxy_https_name);
	suite_add_tcase(s, c);
	c = tcase_create("stream");
	/* stream_resumes_by_name writes a kubeconfig into the run's directory */
	tcase_add_checked_fixture(c, setup, teardown);
	tcase_add_test(c, split_every_offset);
	tcase_add_test(c, split_byte_by_byte_and_half);
	tcase_add_test(c, split_big_event);
	tcase_add_test(c, split_garbage);
	tcase_add_test(c, event_parse_errors);
	tcase_add_test(c, object_strip);
	tcase_add_test(c, stream_resumes_by_name);
	suite_add_tcase(s, c);
	c = tcase_create("backoff");
	tcase_add_test(c, backoff_sequence);
	tcase_add_test(c, resource_names);
	tcase_add_test(c, rfc3339);
	suite_add_tcase(s, c);
	return s;
}
