/* SPDX-License-Identifier: MIT */
/* Documents read from YAML or JSON: a tree of nodes, each with the file:line:column it came from. */
#ifndef FRRSHIM_DOC_H
#define FRRSHIM_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include <frrshim/err.h>

enum frs_node_type {
	FRS_NODE_NULL,   /* `null`, `~` or an empty value */
	FRS_NODE_SCALAR, /* string, number or boolean, kept as text */
	FRS_NODE_MAP,
	FRS_NODE_SEQ,
};

/** One node of a document. Owned by the frs_docset it was loaded into. */
struct frs_node {
	enum frs_node_type type;
	/* FRS_NODE_SCALAR: the text, and whether it was quoted (a JSON string, a quoted YAML scalar);
	 * unquoted scalars are numbers, booleans or plain YAML words. (quoted sits beside type: a
	 * node is 64 bytes, not 72, and a large input has hundreds of thousands of them.) */
	int quoted;
	char *scalar;
	struct frs_loc loc;
	/* FRS_NODE_MAP: keys[i] → items[i] (key_locs[i] is where the key is);
	 * FRS_NODE_SEQ: items[i] */
	size_t n;
	char **keys;
	struct frs_loc *key_locs;
	struct frs_node **items;
};

/** A top-level document (one YAML document, one JSON value, or one item of a `kind: List`). */
struct frs_doc {
	const char *file; /* as given on the command line; "<stdin>" for "-" */
	struct frs_node *root;
	/* set by a source that knows this very text passed validation without a diagnostic
	 * before (the Kubernetes API's store): validation skips it where it checks a document
	 * alone (Services, EndpointSlices, Nodes, Namespaces). false when loaded. */
	bool checked;
};

/** Every document of a set of inputs, in order: files as given, directories sorted by name. */
struct frs_docset {
	struct frs_doc *docs;
	size_t ndocs;
	void *priv; /* file names and node storage */
};

void frs_docset_init(struct frs_docset *set);
void frs_docset_dispose(struct frs_docset *set);

/**
 * Load PATH (a file, a directory of *.yaml|*.yml|*.json sorted by name, or "-" for stdin) into
 * @p set. Malformed input is reported in @p errs with its position and the rest of the inputs are
 * still read. Returns FRS_EPARSE if any input was malformed, FRS_EINPUT if one could not be read.
 */
enum frs_err frs_docset_load(struct frs_docset *set, const char *path, struct frs_errlist *errs);

/**
 * The files PATH means, in the order they are read, for every command and the sidecar alike:
 * "-" is itself, a file is itself, and a directory is its regular files (links followed) named
 * *.yaml, *.yml or *.json, sorted by name, as DIR/NAME (NAME alone for "."); entries starting
 * with '.' (a ConfigMap volume's ..data, editors' files), subdirectories (as kubectl apply -f DIR)
 * and dangling links are left out. An empty directory gives n = 0. Sets *out and *n (free with
 * frs_docset_paths_free); FRS_EINPUT (in @p errs) when PATH cannot be read.
 */
enum frs_err frs_docset_paths(char ***out, size_t *n, const char *path, struct frs_errlist *errs);
void frs_docset_paths_free(char **v, size_t n);

/** Load from memory; @p name is what errors call the input. */
enum frs_err frs_docset_load_mem(struct frs_docset *set, const char *name, const char *data,
				 size_t len, struct frs_errlist *errs);

/** The value of @p key in a map, or NULL (also when @p map is NULL or not a map). */
const struct frs_node *frs_node_get(const struct frs_node *map, const char *key);

/** The scalar text of @p key in a map, or NULL. */
const char *frs_node_str(const struct frs_node *map, const char *key);

/**
 * Follow a field path such as "spec.addresses[1]" or "spec.nodeSelectors[0].matchLabels" from
 * @p root; NULL if any step is missing.
 */
const struct frs_node *frs_node_path(const struct frs_node *root, const char *path);

#endif
