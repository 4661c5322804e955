/* SPDX-License-Identifier: MIT */
/* The Kubernetes API as a source of resources: credentials, list + watch, a store of objects. */
#ifndef FRRSHIM_KUBE_H
#define FRRSHIM_KUBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <frrshim/buf.h>
#include <frrshim/doc.h>
#include <frrshim/err.h>
#include <frrshim/model.h>

/** Where the credentials come from; strings borrowed. */
struct frs_kube_opts {
	const char *kubeconfig; /* --kubeconfig FILE; NULL: $KUBECONFIG, in-cluster, ~/.kube/config */
	const char *context;    /* --context NAME; NULL: the kubeconfig's current-context */
	const char *ns;         /* MetalLB's namespace; NULL: in-cluster the pod's own, else
				 * "metallb-system" */
	/* A node's scope (the reloader's): frs_kube_source_docset and frs_kube_source_load give,
	 * of Services, EndpointSlices and Nodes, only what this node's configuration depends on,
	 * as MetalLB's speaker does: Services of type LoadBalancer, their EndpointSlices and this
	 * Node. NULL: every object. */
	const char *node;
};

/** An `exec` credential plugin (client.authentication.k8s.io/v1 or v1beta1). */
struct frs_kube_exec {
	char *api_version;
	char *command;          /* as written, or resolved against the kubeconfig's directory */
	char **args;
	size_t nargs;
	char **env;             /* "NAME=VALUE" */
	size_t nenv;
	char *install_hint;     /* or NULL */
};

/**
 * Everything needed to talk to one API server, resolved: kubeconfig paths are made relative to
 * the kubeconfig's directory, *-data fields are decoded. Secrets (token, key) are never logged
 * nor put into diagnostics.
 */
struct frs_kube_creds {
	char *server;           /* "https://host:port[/prefix]", no trailing '/' */
	char *origin;           /* for messages: `kubeconfig FILE, context "C"` or "in-cluster" */
	bool in_cluster;
	char *context;          /* the context's name, or NULL (in-cluster) */
	char *user;             /* the context's user name, or NULL */
	char *ns;               /* in-cluster: the pod's namespace (the service account's
				 * namespace file), MetalLB's own; else NULL */
	struct frs_buf ca;      /* certificate-authority-data (PEM), or empty */
	char *ca_file;          /* certificate-authority, or the service account's ca.crt */
	bool insecure;          /* insecure-skip-tls-verify */
	char *tls_server_name;  /* tls-server-name: the name the certificate is checked for */
	char *proxy_url;        /* proxy-url (http, https or socks5), or NULL: then curl's
				 * environment (https_proxy, no_proxy...) applies */
	struct frs_buf cert;    /* client-certificate-data (PEM), or empty */
	char *cert_file;
	struct frs_buf key;     /* client-key-data (PEM), or empty */
	char *key_file;
	char *token;            /* token, or NULL */
	char *token_file;       /* tokenFile or the service account's token: read per connection */
	struct frs_kube_exec *exec; /* or NULL */
	void *priv;             /* the exec plugin's cached credential */
};

/**
 * Resolve credentials as kubectl does: --kubeconfig FILE; else $KUBECONFIG (a ':'-separated
 * list merged as kubectl merges it: for every cluster, user and context name and for
 * current-context, the first file that sets it wins; missing files are skipped); else in-cluster
 * when KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are set (token, ca.crt from
 * /var/run/secrets/kubernetes.io/serviceaccount, or from $FRS_KUBE_SA_DIR, which exists for
 * tests); else ~/.kube/config. Bad input is reported with file:line:column.
 * Sets *out (free with frs_kube_creds_free); FRS_EINPUT when nothing is found or readable,
 * FRS_EPARSE / FRS_EINVALID for a malformed kubeconfig.
 */
enum frs_err frs_kube_creds_load(struct frs_kube_creds **out, const struct frs_kube_opts *opts,
				 struct frs_errlist *errs);
void frs_kube_creds_free(struct frs_kube_creds *c);

/** What one request authenticates with, valid now: token and/or client certificate. */
struct frs_kube_auth {
	struct frs_buf token;   /* empty: none */
	struct frs_buf cert;    /* PEM from an exec plugin, or empty (then creds' cert applies) */
	struct frs_buf key;
};

/**
 * The credential for the next request: the token, the token file read afresh (bound service
 * account tokens rotate), or the exec plugin's credential (run from an argv, never a shell;
 * cached until its expirationTimestamp, or until frs_kube_creds_expire()). Thread-safe.
 * Dispose @p out with frs_kube_auth_dispose.
 */
enum frs_err frs_kube_auth_get(struct frs_kube_auth *out, struct frs_kube_creds *c,
			       struct frs_errlist *errs);
void frs_kube_auth_dispose(struct frs_kube_auth *a);
/** Forget the exec plugin's cached credential (after a 401). Thread-safe. */
void frs_kube_creds_expire(struct frs_kube_creds *c);

/** A kind frrshim reads from the API. */
struct frs_kube_resource {
	const char *plural;     /* "bgppeers" */
	const char *group;      /* "metallb.io"; "" for the core group */
	const char *version;    /* "v1beta2" */
	const char *kind;       /* "BGPPeer" */
	bool namespaced;        /* read in MetalLB's namespace (else cluster-wide) */
};

/** The kinds read, in a fixed order: MetalLB's, Secrets, then Services, EndpointSlices,
 *  Nodes, Namespaces. */
const struct frs_kube_resource *frs_kube_resources(size_t *n);

/**
 * The objects read from the API, keyed by kind/namespace/name, each kept as compact JSON without
 * metadata.managedFields, resourceVersion, uid, generation, creationTimestamp and the
 * kubectl last-applied-configuration annotation (nothing reads them; they are most of an
 * object's bytes and would make a relist of unchanged objects look like a change).
 */
struct frs_kube_source;

/** A log line: level ("info", "warn", "error"), message, then NULL-ended key, value pairs. */
typedef void (*frs_kube_log_fn)(void *arg, const char *level, const char *msg,
				const char *const *kv);
/** Called (from a watcher thread) when the stored set changed and every kind has been listed;
 *  also, before that, each time a kind that was never listed fails to list (then
 *  frs_kube_source_docset fails with the reason, so the owner can report it). */
typedef void (*frs_kube_change_fn)(void *arg);

/** Clock and randomness, injectable for tests (NULL: CLOCK_MONOTONIC, random()). */
struct frs_kube_clock {
	int64_t (*now_ms)(void *arg);
	uint32_t (*rand)(void *arg);
	void *arg;
};

/** Capped, jittered exponential backoff: min, 2·min, 4·min ... max, each delay drawn in
 *  [d/2, d]. */
struct frs_kube_backoff {
	int min_ms;             /* 0: 500 */
	int max_ms;             /* 0: 30000 */
	int cur_ms;             /* the next undrawn delay; 0: min */
	const struct frs_kube_clock *clock;
};
/** The delay before the next attempt; doubles the next one, up to max. */
int frs_kube_backoff_next(struct frs_kube_backoff *b);
/** After a success: start from min again. */
void frs_kube_backoff_reset(struct frs_kube_backoff *b);

struct frs_kube_watch_opts {
	frs_kube_change_fn on_change;
	void *change_arg;
	frs_kube_log_fn log;
	void *log_arg;
	int backoff_min_ms;     /* 0: 500 */
	int backoff_max_ms;     /* 0: 30000 */
	const struct frs_kube_clock *clock; /* NULL: the real one */
};

/** Resolve the credentials (frs_kube_creds_load) and prepare a source; nothing is read yet. */
enum frs_err frs_kube_source_new(struct frs_kube_source **out, const struct frs_kube_opts *opts,
				 struct frs_errlist *errs);
void frs_kube_source_free(struct frs_kube_source *s);

/**
 * List every kind once (pages of 500), for the commands that read the set once. 401/403/404
 * and unreachable servers are FRS_EINPUT with a diagnostic whose file is "api" and whose
 * message names the resource and what is missing, e.g.
 * `services (cluster-wide): 403 Forbidden: the service account needs "list" on services`.
 * 5xx and 429 are retried three times with backoff first.
 */
enum frs_err frs_kube_source_list(struct frs_kube_source *s, struct frs_errlist *errs);

/** How long a list may go without a byte before it fails: FRS_KUBE_STALL_S (1 to 3600) when
 *  set (the tests), else 60 s. */
long frs_kube_stall_s(void);

/**
 * Start one watcher thread per kind: list, then watch from the list's resourceVersion with
 * bookmarks; 410 Gone (status or ERROR event) relists; dropped connections, 5xx and 429
 * reconnect after backoff; 401/403 are logged and retried after backoff. @p wo is copied.
 */
enum frs_err frs_kube_source_start(struct frs_kube_source *s, const struct frs_kube_watch_opts *wo,
				   struct frs_errlist *errs);
/** Stop and join the watcher threads (also done by frs_kube_source_free). */
void frs_kube_source_stop(struct frs_kube_source *s);

/**
 * Append every stored object to @p set as one document named `api:KIND/NAMESPACE/NAME` (or
 * `api:KIND/NAME` when cluster-scoped), kinds in frs_kube_resources() order, objects by
 * namespace and name; positions inside an object are dropped (line and column 0: the text
 * was never a file), so a diagnostic reads `api:BGPPeer/metallb-system/p1: error: ...`. Only
 * kinds the model reads (frs_model_reads_kind) are added, and with a node's scope
 * (frs_kube_opts.node) only the objects in it. While a watcher has not listed its
 * kind yet, FRS_EINPUT with the reason (its last error, or "not listed yet"). Thread-safe.
 */
enum frs_err frs_kube_source_docset(struct frs_docset *set, struct frs_kube_source *s,
				    struct frs_errlist *errs);

/**
 * The model of the stored objects, as frs_model_load_docset over frs_kube_source_docset's set
 * would build it, without ever holding every document: Services, EndpointSlices, Nodes and
 * Namespaces reach the model (frs_model_load_stream) in sets of 500, each locked, converted and
 * dropped in turn, so a render of 10,000 Services needs the memory of their model, not of their
 * documents. Their objects then locate diagnostics by name only (api:KIND/NAMESPACE/NAME), as
 * documents from the API do anyway. Thread-safe.
 */
enum frs_err frs_kube_source_load(struct frs_model **out, struct frs_kube_source *s,
				  struct frs_errlist *errs);

/**
 * Append every stored object (all kinds, in the order of frs_kube_source_docset) to @p out as one
 * JSON `{"apiVersion":"v1","kind":"List","items":[...]}`, which the manifest loader reads back:
 * what a bug report keeps of the cluster. Secrets are in it as stored; redact before sharing.
 */
enum frs_err frs_kube_source_dump(struct frs_buf *out, struct frs_kube_source *s);

/**
 * Append the source's series in Prometheus text format: metallb_k8s_client_updates_total (MetalLB's
 * name: watch events applied), frrshim_kube_changes_total, and per resource frrshim_kube_objects,
 * frrshim_kube_lists_total and frrshim_kube_reconnects_total. Thread-safe.
 */
enum frs_err frs_kube_source_metrics(struct frs_kube_source *s, struct frs_buf *out);

/** Whether the watchers (frs_kube_source_start) have listed every kind: from then on
 *  frs_kube_source_docset and _load serve the set. Thread-safe. */
bool frs_kube_source_ready(struct frs_kube_source *s);

/** How many objects are stored (all kinds). */
size_t frs_kube_source_count(struct frs_kube_source *s);

#endif
