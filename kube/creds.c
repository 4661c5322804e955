/* SPDX-License-Identifier: MIT */
/* Kubernetes credentials, resolved as kubectl resolves them: kubeconfig files or in-cluster. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <frrshim/doc.h>
#include <frrshim/file.h>
#include <frrshim/kube.h>

#include "../lib/base64.h"
#include "../lib/vec.h"
#include "kube_int.h"

#define SA_DIR "/var/run/secrets/kubernetes.io/serviceaccount"

/* The exec plugin's credential, shared by every watcher thread. */
struct cache {
	pthread_mutex_t mu;
	bool have;
	long long expiry;       /* epoch seconds; 0: until a 401 */
	struct frs_kube_auth auth;
};

void frs_kube_auth_dispose(struct frs_kube_auth *a)
{
	/* the token and the key are secrets: wipe them before the memory is reused */
	if (a->token.ptr)
		memset(a->token.ptr, 0, a->token.cap);
	if (a->key.ptr)
		memset(a->key.ptr, 0, a->key.cap);
	frs_buf_dispose(&a->token);
	frs_buf_dispose(&a->cert);
	frs_buf_dispose(&a->key);
}

static void exec_free(struct frs_kube_exec *e)
{
	if (!e)
		return;
	free(e->api_version);
	free(e->command);
	for (size_t i = 0; i < e->nargs; i++)
		free(e->args[i]);
	free(e->args);
	for (size_t i = 0; i < e->nenv; i++)
		free(e->env[i]);
	free(e->env);
	free(e->install_hint);
	free(e);
}

void frs_kube_creds_free(struct frs_kube_creds *c)
{
	struct cache *k;

	if (!c)
		return;
	k = c->priv;
	if (k) {
		frs_kube_auth_dispose(&k->auth);
		pthread_mutex_destroy(&k->mu);
		free(k);
	}
	free(c->server);
	free(c->origin);
	free(c->context);
	free(c->user);
	free(c->ns);
	frs_buf_dispose(&c->ca);
	free(c->ca_file);
	free(c->tls_server_name);
	if (c->proxy_url)
		memset(c->proxy_url, 0, strlen(c->proxy_url)); /* may hold the proxy's password */
	free(c->proxy_url);
	frs_buf_dispose(&c->cert);
	free(c->cert_file);
	if (c->key.ptr)
		memset(c->key.ptr, 0, c->key.cap);
	frs_buf_dispose(&c->key);
	free(c->key_file);
	if (c->token)
		memset(c->token, 0, strlen(c->token));
	free(c->token);
	free(c->token_file);
	exec_free(c->exec);
	free(c);
}

static struct frs_kube_creds *creds_new(void)
{
	struct frs_kube_creds *c = calloc(1, sizeof(*c));
	struct cache *k = calloc(1, sizeof(*k));

	if (!c || !k) {
		free(c);
		free(k);
		return NULL;
	}
	pthread_mutex_init(&k->mu, NULL);
	c->priv = k;
	return c;
}

/* ---- kubeconfig ------------------------------------------------------------------------- */

/* What resolving one context needs: the merged files and where each value came from. */
struct kc {
	struct frs_docset set;
	struct frs_errlist *errs;
	enum frs_err rc;        /* the first error filed */
};

static enum frs_err kc_error(struct kc *k, const struct frs_node *at, const char *path,
			     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum frs_err kc_error(struct kc *k, const struct frs_node *at, const char *path,
			     const char *fmt, ...)
{
	struct frs_buf b = FRS_BUF_INIT;
	va_list ap;
	enum frs_err rc;

	va_start(ap, fmt);
	rc = frs_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (rc)
		return FRS_ENOMEM;
	rc = frs_errlist_report(k->errs, FRS_DIAG(.code = FRS_EINVALID,
				.loc = at ? &at->loc : NULL, .path = path), "%s", b.ptr);
	frs_buf_dispose(&b);
	if (!k->rc)
		k->rc = rc;
	return rc;
}

/* A string field: NULL when absent; an error (and NULL) when it is not a scalar. */
static const char *kc_str(struct kc *k, const struct frs_node *map, const char *key,
			  const char *path)
{
	const struct frs_node *n = frs_node_get(map, key);
	struct frs_buf p = FRS_BUF_INIT;

	if (!n || n->type == FRS_NODE_NULL)
		return NULL;
	if (n->type == FRS_NODE_SCALAR)
		return n->scalar;
	frs_buf_addf(&p, "%s.%s", path, key);
	kc_error(k, n, frs_buf_cstr(&p), "expected a string");
	frs_buf_dispose(&p);
	return NULL;
}

/* The directory relative paths of @p file are taken from ("" for the current directory). */
static char *dir_of(const char *file)
{
	const char *slash = strrchr(file, '/');

	if (!slash)
		return strdup("");
	if (slash == file)
		return strdup("/");
	return strndup(file, (size_t)(slash - file));
}

/* @p path as seen from @p file's directory: kubectl resolves kubeconfig paths that way. */
static char *resolve(const char *file, const char *path)
{
	struct frs_buf b = FRS_BUF_INIT;
	char *dir;

	if (path[0] == '/' || !file)
		return strdup(path);
	dir = dir_of(file);
	if (!dir)
		return NULL;
	if (*dir)
		frs_buf_addf(&b, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", path);
	else
		frs_buf_puts(&b, path);
	free(dir);
	return frs_buf_detach(&b);
}

/*
 * The first entry named @p name in section @p section ("clusters", "users", "contexts") over
 * the files in order (kubectl's merge: the first file that defines a name wins). Sets *file.
 */
static const struct frs_node *kc_find(struct kc *k, const char *section, const char *name,
				      const char **file, struct frs_buf *path)
{
	for (size_t d = 0; d < k->set.ndocs; d++) {
		const struct frs_node *seq = frs_node_get(k->set.docs[d].root, section);

		if (!seq || seq->type != FRS_NODE_SEQ)
			continue;
		for (size_t i = 0; i < seq->n; i++) {
			const char *n = frs_node_str(seq->items[i], "name");

			if (n && strcmp(n, name) == 0) {
				*file = k->set.docs[d].file;
				frs_buf_clear(path);
				frs_buf_addf(path, "%s[%zu]", section, i);
				return seq->items[i];
			}
		}
	}
	return NULL;
}

/* Sections that are there must be lists: a typo there would otherwise read as "not found". */
static void kc_check_shape(struct kc *k)
{
	static const char *const sections[] = { "clusters", "users", "contexts" };

	for (size_t d = 0; d < k->set.ndocs; d++) {
		const struct frs_node *root = k->set.docs[d].root;

		if (!root || root->type != FRS_NODE_MAP) {
			kc_error(k, root, NULL, "a kubeconfig is a map (apiVersion: v1, kind: Config)");
			continue;
		}
		for (size_t s = 0; s < 3; s++) {
			const struct frs_node *n = frs_node_get(root, sections[s]);

			if (n && n->type != FRS_NODE_SEQ && n->type != FRS_NODE_NULL)
				kc_error(k, n, sections[s], "expected a list of {name, %.*s}",
					 (int)strlen(sections[s]) - 1, sections[s]);
		}
	}
}

/* A *-data field decoded into @p out; or the file field resolved into *file_out. */
static void kc_data_or_file(struct kc *k, const struct frs_node *map, const char *path,
			    const char *file, const char *data_key, const char *file_key,
			    struct frs_buf *out, char **file_out)
{
	const char *data = kc_str(k, map, data_key, path);
	const char *f = kc_str(k, map, file_key, path);

	if (data) {
		if (frs_base64_decode(out, data)) {
			struct frs_buf p = FRS_BUF_INIT;

			frs_buf_addf(&p, "%s.%s", path, data_key);
			kc_error(k, frs_node_get(map, data_key), frs_buf_cstr(&p),
				 "not valid base64");
			frs_buf_dispose(&p);
		}
		return; /* kubectl: the data wins over the file */
	}
	if (f && *f && !(*file_out = resolve(file, f)))
		k->rc = FRS_ENOMEM;
}

static char *dup_or_oom(struct kc *k, const char *s)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		k->rc = FRS_ENOMEM;
	return d;
}

static bool kc_bool(struct kc *k, const struct frs_node *map, const char *key, const char *path)
{
	const struct frs_node *n = frs_node_get(map, key);

	if (!n || n->type == FRS_NODE_NULL)
		return false;
	if (n->type == FRS_NODE_SCALAR && strcmp(n->scalar, "true") == 0)
		return true;
	if (n->type == FRS_NODE_SCALAR && strcmp(n->scalar, "false") == 0)
		return false;
	{
		struct frs_buf p = FRS_BUF_INIT;

		frs_buf_addf(&p, "%s.%s", path, key);
		kc_error(k, n, frs_buf_cstr(&p), "expected true or false");
		frs_buf_dispose(&p);
	}
	return false;
}

static void kc_exec(struct kc *k, struct frs_kube_creds *c, const struct frs_node *ex,
		    const char *path, const char *file)
{
	struct frs_kube_exec *e = calloc(1, sizeof(*e));
	const struct frs_node *args = frs_node_get(ex, "args"), *env = frs_node_get(ex, "env");
	const char *av = kc_str(k, ex, "apiVersion", path), *cmd = kc_str(k, ex, "command", path);
	const char *mode = kc_str(k, ex, "interactiveMode", path);
	struct frs_buf p = FRS_BUF_INIT;
	size_t acap = 0, ecap = 0;

	if (!e) {
		k->rc = FRS_ENOMEM;
		return;
	}
	c->exec = e;
	if (ex->type != FRS_NODE_MAP) {
		kc_error(k, ex, path, "expected a map (apiVersion, command, args, env)");
		return;
	}
	frs_buf_addf(&p, "%s.apiVersion", path);
	if (!av)
		kc_error(k, ex, frs_buf_cstr(&p), "required (client.authentication.k8s.io/v1)");
	else if (strcmp(av, "client.authentication.k8s.io/v1") != 0 &&
		 strcmp(av, "client.authentication.k8s.io/v1beta1") != 0)
		kc_error(k, frs_node_get(ex, "apiVersion"), frs_buf_cstr(&p),
			 "expected client.authentication.k8s.io/v1 or v1beta1, got \"%s\"", av);
	frs_buf_clear(&p);
	frs_buf_addf(&p, "%s.command", path);
	if (!cmd || !*cmd)
		kc_error(k, ex, frs_buf_cstr(&p), "required: the plugin to run");
	frs_buf_clear(&p);
	frs_buf_addf(&p, "%s.interactiveMode", path);
	if (mode && strcmp(mode, "Always") == 0)
		kc_error(k, frs_node_get(ex, "interactiveMode"), frs_buf_cstr(&p),
			 "\"Always\" needs a terminal; frrshim runs plugins non-interactively "
			 "(use Never or IfAvailable)");
	frs_buf_clear(&p);
	frs_buf_addf(&p, "%s.provideClusterInfo", path);
	if (kc_bool(k, ex, "provideClusterInfo", path))
		kc_error(k, frs_node_get(ex, "provideClusterInfo"), frs_buf_cstr(&p),
			 "not supported: frrshim does not pass the cluster to plugins "
			 "(KUBERNETES_EXEC_INFO has no spec.cluster)");
	e->api_version = dup_or_oom(k, av);
	/* a command with a slash is a path, relative to the kubeconfig; else looked up in PATH */
	if (cmd && strchr(cmd, '/')) {
		if (!(e->command = resolve(file, cmd)))
			k->rc = FRS_ENOMEM;
	} else {
		e->command = dup_or_oom(k, cmd);
	}
	e->install_hint = dup_or_oom(k, kc_str(k, ex, "installHint", path));
	if (args && args->type == FRS_NODE_SEQ) {
		for (size_t i = 0; i < args->n; i++) {
			char *a;

			if (args->items[i]->type != FRS_NODE_SCALAR) {
				frs_buf_clear(&p);
				frs_buf_addf(&p, "%s.args[%zu]", path, i);
				kc_error(k, args->items[i], frs_buf_cstr(&p), "expected a string");
				continue;
			}
			a = dup_or_oom(k, args->items[i]->scalar);
			if (!a || FRS_VEC_PUSH(e->args, e->nargs, acap, a)) {
				free(a);
				k->rc = FRS_ENOMEM;
			}
		}
	} else if (args && args->type != FRS_NODE_NULL) {
		frs_buf_clear(&p);
		frs_buf_addf(&p, "%s.args", path);
		kc_error(k, args, frs_buf_cstr(&p), "expected a list of strings");
	}
	if (env && env->type == FRS_NODE_SEQ) {
		for (size_t i = 0; i < env->n; i++) {
			const char *name = frs_node_str(env->items[i], "name");
			const char *value = frs_node_str(env->items[i], "value");
			struct frs_buf kv = FRS_BUF_INIT;

			if (!name || !*name || strchr(name, '=') || !value) {
				frs_buf_clear(&p);
				frs_buf_addf(&p, "%s.env[%zu]", path, i);
				kc_error(k, env->items[i], frs_buf_cstr(&p),
					 "expected {name: NAME, value: VALUE}");
				continue;
			}
			if (frs_buf_addf(&kv, "%s=%s", name, value) ||
			    FRS_VEC_PUSH(e->env, e->nenv, ecap, kv.ptr)) {
				frs_buf_dispose(&kv);
				k->rc = FRS_ENOMEM;
			}
		}
	} else if (env && env->type != FRS_NODE_NULL) {
		frs_buf_clear(&p);
		frs_buf_addf(&p, "%s.env", path);
		kc_error(k, env, frs_buf_cstr(&p), "expected a list of {name, value}");
	}
	frs_buf_dispose(&p);
}


/* proxy-url: checked now, so that a bad one is reported where it is written. */
static void kc_proxy(struct kc *k, struct frs_kube_creds *c, const struct frs_node *cl,
		     const char *path)
{
	const char *url = kc_str(k, cl, "proxy-url", path);
	struct frs_kube_proxy px;
	struct frs_buf why = FRS_BUF_INIT, p = FRS_BUF_INIT;
	enum frs_err rc;

	if (!url || !*url)
		return;
	rc = frs_kube__proxy_parse(&px, url, &why);
	if (rc == FRS_EINVALID) {
		frs_buf_addf(&p, "%s.proxy-url", path);
		kc_error(k, frs_node_get(cl, "proxy-url"), frs_buf_cstr(&p), "%s",
			 frs_buf_cstr(&why));
	} else if (rc || !(c->proxy_url = strdup(url))) {
		k->rc = FRS_ENOMEM;
	}
	frs_kube__proxy_dispose(&px);
	frs_buf_dispose(&why);
	frs_buf_dispose(&p);
}

static void kc_cluster(struct kc *k, struct frs_kube_creds *c, const struct frs_node *entry,
		       const char *epath, const char *file)
{
	const struct frs_node *cl = frs_node_get(entry, "cluster");
	struct frs_buf path = FRS_BUF_INIT;
	const char *server;
	size_t n;

	frs_buf_addf(&path, "%s.cluster", epath);
	if (!cl || cl->type != FRS_NODE_MAP) {
		kc_error(k, cl ? cl : entry, frs_buf_cstr(&path), "expected a map with server");
		goto done;
	}
	server = kc_str(k, cl, "server", path.ptr);
	if (!server || (strncmp(server, "https://", 8) != 0 && strncmp(server, "http://", 7) != 0)) {
		frs_buf_puts(&path, ".server");
		kc_error(k, frs_node_get(cl, "server") ? frs_node_get(cl, "server") : cl,
			 frs_buf_cstr(&path), "expected the API server's URL (https://HOST:PORT)");
		goto done;
	}
	if (!(c->server = strdup(server))) {
		k->rc = FRS_ENOMEM;
		goto done;
	}
	n = strlen(c->server);
	while (n > 8 && c->server[n - 1] == '/')
		c->server[--n] = '\0';
	c->insecure = kc_bool(k, cl, "insecure-skip-tls-verify", path.ptr);
	c->tls_server_name = dup_or_oom(k, kc_str(k, cl, "tls-server-name", path.ptr));
	kc_proxy(k, c, cl, path.ptr);
	kc_data_or_file(k, cl, path.ptr, file, "certificate-authority-data", "certificate-authority",
			&c->ca, &c->ca_file);
done:
	frs_buf_dispose(&path);
}

static void kc_user(struct kc *k, struct frs_kube_creds *c, const struct frs_node *entry,
		    const char *epath, const char *file)
{
	const struct frs_node *u = frs_node_get(entry, "user"), *ex;
	struct frs_buf path = FRS_BUF_INIT;
	const char *token, *tfile;

	frs_buf_addf(&path, "%s.user", epath);
	if (!u || u->type == FRS_NODE_NULL)
		goto done; /* no credentials: anonymous, as kubectl */
	if (u->type != FRS_NODE_MAP) {
		kc_error(k, u, path.ptr, "expected a map");
		goto done;
	}
	kc_data_or_file(k, u, path.ptr, file, "client-certificate-data", "client-certificate",
			&c->cert, &c->cert_file);
	kc_data_or_file(k, u, path.ptr, file, "client-key-data", "client-key", &c->key,
			&c->key_file);
	token = kc_str(k, u, "token", path.ptr);
	tfile = kc_str(k, u, "tokenFile", path.ptr);
	if (token && !(c->token = strdup(token)))
		k->rc = FRS_ENOMEM;
	if (tfile && *tfile && !(c->token_file = resolve(file, tfile)))
		k->rc = FRS_ENOMEM;
	if ((ex = frs_node_get(u, "exec")) && ex->type != FRS_NODE_NULL) {
		struct frs_buf ep = FRS_BUF_INIT;

		frs_buf_addf(&ep, "%s.exec", path.ptr);
		kc_exec(k, c, ex, frs_buf_cstr(&ep), file);
		frs_buf_dispose(&ep);
	}
	if (frs_node_get(u, "auth-provider")) {
		frs_buf_puts(&path, ".auth-provider");
		kc_error(k, frs_node_get(u, "auth-provider"), path.ptr,
			 "auth providers are not supported (removed from kubectl 1.26); use an "
			 "exec plugin");
	} else if (frs_node_get(u, "username") || frs_node_get(u, "password")) {
		frs_buf_puts(&path, ".username");
		kc_error(k, frs_node_get(u, "username") ? frs_node_get(u, "username")
							: frs_node_get(u, "password"),
			 path.ptr, "basic authentication is not supported (removed from "
			 "Kubernetes 1.19); use a token, a client certificate or an exec plugin");
	}
	if ((c->cert.len || c->cert_file) != (c->key.len || c->key_file))
		kc_error(k, u, path.ptr, "a client certificate needs its key and a key its "
			 "certificate (client-certificate[-data] with client-key[-data])");
done:
	frs_buf_dispose(&path);
}

static enum frs_err kc_resolve(struct frs_kube_creds **out, struct kc *k, const char *context,
			       const char *shown)
{
	const struct frs_node *cur = NULL, *ctx, *cx, *cl, *us;
	const char *name = context, *cfile = NULL, *file = NULL, *cname, *uname;
	struct frs_buf cpath = FRS_BUF_INIT, path = FRS_BUF_INIT;
	struct frs_kube_creds *c = NULL;
	enum frs_err rc;

	kc_check_shape(k);
	if (k->rc)
		goto done;
	if (!name) {
		for (size_t d = 0; d < k->set.ndocs && !name; d++) {
			cur = frs_node_get(k->set.docs[d].root, "current-context");
			if (cur && cur->type == FRS_NODE_SCALAR && *cur->scalar)
				name = cur->scalar;
		}
		if (!name) {
			k->rc = frs_errlist_report(k->errs, FRS_DIAG(.code = FRS_EINVALID,
						   .loc = &(struct frs_loc){ shown, 0, 0 }),
						   "no current-context: name one with --context");
			goto done;
		}
	}
	ctx = kc_find(k, "contexts", name, &cfile, &cpath);
	if (!ctx) {
		if (cur)
			kc_error(k, cur, "current-context", "context \"%s\" not found", name);
		else
			k->rc = frs_errlist_report(k->errs, FRS_DIAG(.code = FRS_EINVALID,
						   .loc = &(struct frs_loc){ shown, 0, 0 }),
						   "context \"%s\" not found", name);
		goto done;
	}
	frs_buf_puts(&cpath, ".context");
	cx = frs_node_get(ctx, "context");
	if (!cx || cx->type != FRS_NODE_MAP) {
		kc_error(k, cx ? cx : ctx, cpath.ptr, "expected a map with cluster and user");
		goto done;
	}
	cname = kc_str(k, cx, "cluster", cpath.ptr);
	uname = kc_str(k, cx, "user", cpath.ptr);
	if (k->rc)
		goto done;
	if (!cname || !*cname) {
		frs_buf_puts(&cpath, ".cluster");
		kc_error(k, cx, cpath.ptr, "required: the cluster's name");
		goto done;
	}
	if (!(c = creds_new())) {
		k->rc = FRS_ENOMEM;
		goto done;
	}
	c->context = dup_or_oom(k, name);
	c->user = dup_or_oom(k, uname);
	cl = kc_find(k, "clusters", cname, &file, &path);
	if (!cl) {
		frs_buf_puts(&cpath, ".cluster");
		kc_error(k, frs_node_get(cx, "cluster"), cpath.ptr, "cluster \"%s\" not found",
			 cname);
		goto done;
	}
	kc_cluster(k, c, cl, path.ptr, file);
	if (uname && *uname) {
		us = kc_find(k, "users", uname, &file, &path);
		if (!us) {
			frs_buf_puts(&cpath, ".user");
			kc_error(k, frs_node_get(cx, "user"), cpath.ptr, "user \"%s\" not found",
				 uname);
			goto done;
		}
		kc_user(k, c, us, path.ptr, file);
	}
	if (!k->rc) {
		struct frs_buf o = FRS_BUF_INIT;

		if (frs_buf_addf(&o, "kubeconfig %s, context \"%s\"", shown, name))
			k->rc = FRS_ENOMEM;
		c->origin = frs_buf_detach(&o);
	}
done:
	rc = k->rc;
	frs_buf_dispose(&cpath);
	frs_buf_dispose(&path);
	if (rc) {
		frs_kube_creds_free(c);
		return rc;
	}
	*out = c;
	return FRS_OK;
}

/* Load the kubeconfig files in @p files (NULL-ended) and resolve @p context. @p must: every
 * file must exist (--kubeconfig); else missing ones are skipped ($KUBECONFIG, as kubectl). */
static enum frs_err from_kubeconfig(struct frs_kube_creds **out, char *const *files, bool must,
				    const char *context, const char *shown,
				    struct frs_errlist *errs)
{
	struct kc k = { .errs = errs };
	enum frs_err rc = FRS_OK;
	size_t loaded = 0;

	frs_docset_init(&k.set);
	for (size_t i = 0; files[i]; i++) {
		if (!*files[i])
			continue;
		if (!must && access(files[i], F_OK) != 0 && errno == ENOENT)
			continue;
		rc = frs_docset_load(&k.set, files[i], errs);
		if (rc)
			goto done;
		loaded++;
	}
	if (!loaded) {
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT,
					.loc = &(struct frs_loc){ "$KUBECONFIG", 0, 0 }),
					"none of its files exists: %s", shown);
		goto done;
	}
	rc = kc_resolve(out, &k, context, shown);
done:
	frs_docset_dispose(&k.set);
	return rc;
}

/* ---- in-cluster ------------------------------------------------------------------------- */

static enum frs_err in_cluster(struct frs_kube_creds **out, const char *host, const char *port,
			       struct frs_errlist *errs)
{
	const char *dir = getenv("FRS_KUBE_SA_DIR");
	struct frs_buf b = FRS_BUF_INIT, ns = FRS_BUF_INIT;
	struct frs_kube_creds *c = creds_new();
	enum frs_err rc = FRS_ENOMEM;

	if (!dir || !*dir)
		dir = SA_DIR;
	if (!c)
		return FRS_ENOMEM;
	c->in_cluster = true;
	/* an IPv6 service address goes in brackets in the URL */
	if (frs_buf_addf(&b, strchr(host, ':') ? "https://[%s]:%s" : "https://%s:%s", host, port))
		goto done;
	c->server = frs_buf_detach(&b);
	if (frs_buf_addf(&b, "%s/token", dir))
		goto done;
	c->token_file = frs_buf_detach(&b);
	if (frs_buf_addf(&b, "%s/ca.crt", dir))
		goto done;
	c->ca_file = frs_buf_detach(&b);
	if (!(c->origin = strdup("in-cluster")))
		goto done;
	/* the pod's namespace is where MetalLB reads its configuration (its speaker does) */
	if (frs_buf_addf(&b, "%s/namespace", dir))
		goto done;
	if (frs_file_read(&ns, b.ptr) == FRS_OK) {
		while (ns.len && (ns.ptr[ns.len - 1] == '\n' || ns.ptr[ns.len - 1] == ' '))
			ns.ptr[--ns.len] = '\0';
		if (ns.len && !(c->ns = frs_buf_detach(&ns)))
			goto done;
	}
	frs_buf_clear(&b);
	rc = FRS_OK;
	for (int i = 0; i < 2; i++) {
		const char *f = i ? c->ca_file : c->token_file;

		if (access(f, R_OK) != 0) {
			rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT,
						.loc = &(struct frs_loc){ f, 0, 0 }),
						"in-cluster (KUBERNETES_SERVICE_HOST is set): "
						"cannot read the service account's %s: %s",
						i ? "CA" : "token", strerror(errno));
			break;
		}
	}
done:
	frs_buf_dispose(&b);
	frs_buf_dispose(&ns);
	if (rc) {
		frs_kube_creds_free(c);
		return rc;
	}
	*out = c;
	return FRS_OK;
}

/* ---- the order -------------------------------------------------------------------------- */

enum frs_err frs_kube_creds_load(struct frs_kube_creds **out, const struct frs_kube_opts *opts,
				 struct frs_errlist *errs)
{
	const char *env = getenv("KUBECONFIG");
	const char *host = getenv("KUBERNETES_SERVICE_HOST");
	const char *port = getenv("KUBERNETES_SERVICE_PORT");
	const char *home = getenv("HOME");
	struct frs_buf b = FRS_BUF_INIT;
	char **files = NULL;
	size_t n = 0, cap = 0;
	enum frs_err rc = FRS_ENOMEM;

	*out = NULL;
	if (opts->kubeconfig) {
		char *one[] = { (char *)opts->kubeconfig, NULL };
		return from_kubeconfig(out, one, true, opts->context, opts->kubeconfig, errs);
	}
	if (env && *env) {
		char *copy = strdup(env), *save = NULL;

		if (!copy)
			return FRS_ENOMEM;
		for (char *f = strtok_r(copy, ":", &save); f; f = strtok_r(NULL, ":", &save))
			if (FRS_VEC_PUSH(files, n, cap, f))
				goto env_done;
		if (FRS_VEC_PUSH(files, n, cap, NULL))
			goto env_done;
		rc = n > 1 ? from_kubeconfig(out, files, false, opts->context, env, errs)
			   : frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT,
						.loc = &(struct frs_loc){ "$KUBECONFIG", 0, 0 }),
						"no file named");
env_done:
		free(files);
		free(copy);
		return rc;
	}
	/* --context names a kubeconfig context: the service account has none */
	if (host && *host && port && *port && !opts->context)
		return in_cluster(out, host, port, errs);
	if (!home || !*home)
		return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT, .loc = &(struct frs_loc){
					  "api", 0, 0 }), "no Kubernetes credentials: no --kubeconfig, "
					  "$KUBECONFIG, in-cluster service account nor $HOME");
	if (frs_buf_addf(&b, "%s/.kube/config", home))
		return FRS_ENOMEM;
	if (access(b.ptr, F_OK) != 0) {
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT, .loc = &(struct frs_loc){
					"api", 0, 0 }), "no Kubernetes credentials: no --kubeconfig, "
					"$KUBECONFIG, in-cluster service account "
					"(KUBERNETES_SERVICE_HOST) nor %s", b.ptr);
	} else {
		char *one[] = { b.ptr, NULL };
		rc = from_kubeconfig(out, one, true, opts->context, b.ptr, errs);
	}
	frs_buf_dispose(&b);
	return rc;
}

/* ---- the credential of one request -------------------------------------------------------- */

static enum frs_err copy_buf(struct frs_buf *dst, const struct frs_buf *src)
{
	return src->len ? frs_buf_add(dst, src->ptr, src->len) : FRS_OK;
}

void frs_kube_creds_expire(struct frs_kube_creds *c)
{
	struct cache *k = c->priv;

	pthread_mutex_lock(&k->mu);
	k->have = false;
	frs_kube_auth_dispose(&k->auth);
	pthread_mutex_unlock(&k->mu);
}

static enum frs_err auth_fetch(struct frs_kube_auth *out, struct frs_kube_creds *c,
			      struct frs_errlist *errs)
{
	struct cache *k = c->priv;
	enum frs_err rc = FRS_OK;

	memset(out, 0, sizeof(*out));
	if (c->exec) {
		pthread_mutex_lock(&k->mu);
		/* a minute's margin: a token must not expire on its way to the server */
		if (k->have && k->expiry && (long long)time(NULL) + 60 >= k->expiry) {
			k->have = false;
			frs_kube_auth_dispose(&k->auth);
		}
		if (!k->have) {
			rc = frs_kube__exec_run(&k->auth, &k->expiry, c->exec, errs);
			k->have = rc == FRS_OK;
		}
		if (!rc && (copy_buf(&out->token, &k->auth.token) ||
			    copy_buf(&out->cert, &k->auth.cert) || copy_buf(&out->key, &k->auth.key)))
			rc = FRS_ENOMEM;
		pthread_mutex_unlock(&k->mu);
		if (rc)
			frs_kube_auth_dispose(out);
		return rc;
	}
	if (c->token_file) {
		rc = frs_file_read(&out->token, c->token_file);
		if (rc) {
			rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT,
						.loc = &(struct frs_loc){ c->token_file, 0, 0 }),
						"cannot read the token: %s",
						frs_file_strerror(errno));
			frs_kube_auth_dispose(out);
			return rc;
		}
		while (out->token.len && (out->token.ptr[out->token.len - 1] == '\n' ||
					  out->token.ptr[out->token.len - 1] == '\r' ||
					  out->token.ptr[out->token.len - 1] == ' '))
			out->token.ptr[--out->token.len] = '\0';
		return FRS_OK;
	}
	if (c->token && frs_buf_puts(&out->token, c->token))
		return FRS_ENOMEM;
	return FRS_OK;
}

enum frs_err frs_kube_auth_get(struct frs_kube_auth *out, struct frs_kube_creds *c,
			       struct frs_errlist *errs)
{
	enum frs_err rc = auth_fetch(out, c, errs);

	if (rc)
		return rc;
	/* the token goes into a request header: a CR or LF in it would start another header */
	for (size_t i = 0; i < out->token.len; i++) {
		unsigned char ch = (unsigned char)out->token.ptr[i];

		if (ch < 0x20 || ch == 0x7f) {
			frs_kube_auth_dispose(out);
			return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINVALID),
						  "%s: the bearer token has a control character "
						  "(byte %zu)", c->origin ? c->origin : "kube",
						  i + 1);
		}
	}
	return FRS_OK;
}
