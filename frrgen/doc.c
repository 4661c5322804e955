/* SPDX-License-Identifier: MIT */
/* Reading YAML and JSON inputs into position-carrying document trees. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <yaml.h>

#include <frrshim/buf.h>
#include <frrshim/doc.h>
#include <frrshim/file.h>

#include "../lib/arena.h"
#include "../lib/vec.h"
#include "../lib/hmap.h"
#include "../lib/jcheck.h"

struct names {
	char *name;
	struct names *next;
};

struct priv {
	/* every node, key array and string of the set: loading 10,000 objects makes hundreds of
	 * thousands of small allocations that are all freed together */
	struct frs_arena arena;
	struct names *names; /* file names, stable for frs_loc.file */
	size_t cap;          /* of set->docs */
};

static void *arena_alloc(struct priv *p, size_t size)
{
	return frs_arena_alloc(&p->arena, size);
}

static char *arena_strndup(struct priv *p, const char *s, size_t len)
{
	return frs_arena_strndup(&p->arena, s, len);
}

static void *arena_dup(struct priv *p, const void *src, size_t size)
{
	return frs_arena_memdup(&p->arena, src, size);
}

void frs_docset_init(struct frs_docset *set)
{
	memset(set, 0, sizeof(*set));
}

void frs_docset_dispose(struct frs_docset *set)
{
	struct priv *p;

	if (!set)
		return;
	p = set->priv;
	if (p) {
		frs_arena_dispose(&p->arena);
		while (p->names) {
			struct names *n = p->names;
			p->names = n->next;
			free(n->name);
			free(n);
		}
		free(p);
	}
	free(set->docs);
	memset(set, 0, sizeof(*set));
}

static struct priv *get_priv(struct frs_docset *set)
{
	if (!set->priv)
		set->priv = calloc(1, sizeof(struct priv));
	return set->priv;
}

static const char *keep_name(struct priv *p, const char *name)
{
	struct names *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->name = strdup(name);
	if (!n->name) {
		free(n);
		return NULL;
	}
	n->next = p->names;
	p->names = n;
	return n->name;
}

static enum frs_err push_doc(struct frs_docset *set, const char *file, struct frs_node *root)
{
	struct priv *p = set->priv;

	if (FRS_VEC_RESERVE(set->docs, p->cap, set->ndocs + 1))
		return FRS_ENOMEM;
	set->docs[set->ndocs].file = file;
	set->docs[set->ndocs].root = root;
	set->docs[set->ndocs].checked = false;
	set->ndocs++;
	return FRS_OK;
}

/* A `kind: List` (what `kubectl get -o yaml` prints) stands for its items, each a document. */
static enum frs_err add_doc(struct frs_docset *set, const char *file, struct frs_node *root)
{
	const char *kind = frs_node_str(root, "kind");
	const struct frs_node *items = frs_node_get(root, "items");
	enum frs_err rc;

	if (!root || root->type == FRS_NODE_NULL)
		return FRS_OK; /* an empty document: `---` at the end of a file, or only comments */
	if (kind && strcmp(kind, "List") == 0 && items &&
	    (items->type == FRS_NODE_SEQ || items->type == FRS_NODE_NULL)) {
		for (size_t i = 0; i < items->n; i++)
			if ((rc = push_doc(set, file, items->items[i])))
				return rc;
		return FRS_OK;
	}
	return push_doc(set, file, root);
}

static void set_loc(struct frs_loc *loc, const char *file, unsigned line, unsigned column)
{
	loc->file = file;
	loc->line = line;
	loc->column = column;
}

/*
 * Duplicate keys make the document ambiguous (Kubernetes' strict decoding rejects them), so
 * they are a parse error at the second key rather than a silent choice.
 */
static enum frs_err dup_key(const struct frs_node *map, size_t i, size_t j,
			    struct frs_errlist *errs)
{
	return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE, .loc = &map->key_locs[i]),
				  "duplicate key \"%s\" (first at line %u)", map->keys[i],
				  map->key_locs[j].line);
}

static enum frs_err check_dup_keys(const struct frs_node *map, struct frs_errlist *errs)
{
	struct frs_hmap seen = { NULL, 0, 0 };
	enum frs_err rc = FRS_OK, erc;

	if (map->n <= 16) {
		/* the common small map: no table */
		for (size_t i = 1; i < map->n; i++)
			for (size_t j = 0; j < i; j++)
				if (strcmp(map->keys[i], map->keys[j]) == 0) {
					if ((erc = dup_key(map, i, j, errs)) == FRS_ENOMEM)
						return erc;
					rc = FRS_EPARSE;
					break;
				}
		return rc;
	}
	/* a label map may be large: one hash lookup per key */
	for (size_t i = 0; i < map->n; i++) {
		size_t j;
		uint32_t h = frs_hash(map->keys[i]);
		if (frs_hmap_get_h(&seen, map->keys[i], h, &j)) {
			if ((erc = dup_key(map, i, j, errs)) == FRS_ENOMEM) {
				rc = erc;
				break;
			}
			rc = FRS_EPARSE;
		} else if (frs_hmap_put_h(&seen, map->keys[i], h, i)) {
			rc = FRS_ENOMEM;
			break;
		}
	}
	frs_hmap_dispose(&seen);
	return rc;
}

/* A string with a NUL inside: C (and frr.conf) would see only what comes before it. */
static enum frs_err nul_error(const struct frs_loc *loc, const struct frs_buf *path,
			      struct frs_errlist *errs)
{
	enum frs_err rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE, .loc = loc,
					     .path = path->len ? path->ptr : NULL),
					     "a NUL character in a string (the text after it would be " "lost)");
	return rc == FRS_ENOMEM ? rc : FRS_EPARSE;
}

/* ---- YAML ------------------------------------------------------------------------------- */

/* A collection being built: its children are gathered here and copied into the arena at the end. */
struct frame {
	struct frs_node *node;
	char *anchor;
	struct frs_node **items;
	char **keys;
	struct frs_loc *key_locs;
	size_t n, cap;
	size_t weight; /* nodes below, aliases expanded */
	/* maps: the key read, waiting for its value */
	int have_key;
	char *key;
	struct frs_loc key_loc;
};

struct anchor {
	char *name;
	struct frs_node *node;
	size_t weight; /* the node's size with its aliases expanded */
};

/* Deeper than any manifest; keeps recursive consumers of the tree off the end of the stack. */
#define MAX_DEPTH 512

/*
 * An alias shares its anchor's node, but whatever walks the tree (validation, the model)
 * walks it once per use: 10 nested levels of 10 aliases are 10^10 nodes from 200 bytes. So a
 * file's aliases may add this many nodes in all, which no hand-written use of anchors
 * approaches and which bounds the work at that of a large manifest.
 */
#define MAX_ALIAS_NODES 100000

struct yload {
	struct priv *p;
	const char *file;
	bool fatal; /* nested too deep: the rest of the file is not read */
	struct frame *stack;
	size_t depth, cap;
	struct anchor *anchors;
	size_t nanchors, anchors_cap;
	size_t aliased; /* nodes added by aliases in this file */
};

static void yload_reset(struct yload *y)
{
	for (size_t i = 0; i < y->depth; i++) {
		free(y->stack[i].items);
		free(y->stack[i].keys);
		free(y->stack[i].key_locs);
		free(y->stack[i].anchor);
	}
	y->depth = 0;
	for (size_t i = 0; i < y->nanchors; i++)
		free(y->anchors[i].name);
	y->nanchors = 0;
}

static enum frs_err add_anchor(struct yload *y, const char *name, struct frs_node *node,
			       size_t weight)
{
	if (FRS_VEC_RESERVE(y->anchors, y->anchors_cap, y->nanchors + 1))
		return FRS_ENOMEM;
	y->anchors[y->nanchors].name = strdup(name);
	if (!y->anchors[y->nanchors].name)
		return FRS_ENOMEM;
	y->anchors[y->nanchors].weight = weight;
	y->anchors[y->nanchors++].node = node;
	return FRS_OK;
}

static struct anchor *find_anchor(struct yload *y, const char *name)
{
	for (size_t i = y->nanchors; i-- > 0;)
		if (strcmp(y->anchors[i].name, name) == 0)
			return &y->anchors[i];
	return NULL;
}

/* Give @p node to the collection on top of the stack; at depth 0 it is the document root. */
static enum frs_err attach(struct yload *y, struct frs_node *node, size_t weight,
			   struct frs_node **root, struct frs_errlist *errs)
{
	struct frame *f;

	if (y->depth == 0) {
		*root = node;
		return FRS_OK;
	}
	f = &y->stack[y->depth - 1];
	f->weight += weight;
	if (f->node->type == FRS_NODE_MAP && !f->have_key) {
		/* a key: Kubernetes keys are scalars; anything else cannot name a field */
		if (node->type != FRS_NODE_SCALAR && node->type != FRS_NODE_NULL) {
			return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE,
						  .loc = &node->loc),
						  "invalid YAML: a mapping key must be a scalar");
		}
		f->key = node->scalar ? node->scalar : arena_strndup(y->p, "", 0);
		if (!f->key)
			return FRS_ENOMEM;
		f->key_loc = node->loc;
		f->have_key = 1;
		return FRS_OK;
	}
	if (f->n == f->cap) {
		/* a map's keys and their positions grow with its items, from the same capacity */
		size_t ci = f->cap, ck = f->cap, cl = f->cap;

		if (FRS_VEC_RESERVE(f->items, ci, f->n + 1) ||
		    (f->node->type == FRS_NODE_MAP && (FRS_VEC_RESERVE(f->keys, ck, f->n + 1) ||
						       FRS_VEC_RESERVE(f->key_locs, cl, f->n + 1))))
			return FRS_ENOMEM;
		f->cap = ci;
	}
	if (f->node->type == FRS_NODE_MAP) {
		f->keys[f->n] = f->key;
		f->key_locs[f->n] = f->key_loc;
		f->have_key = 0;
	}
	f->items[f->n++] = node;
	return FRS_OK;
}

static struct frs_node *new_node(struct yload *y, enum frs_node_type type, const yaml_mark_t *m)
{
	struct frs_node *n = arena_alloc(y->p, sizeof(*n));

	if (n) {
		n->type = type;
		set_loc(&n->loc, y->file, (unsigned)m->line + 1, (unsigned)m->column + 1);
	}
	return n;
}

/* The field path of the scalar being read ("spec.nodeSelectors[0].matchLabels"): the keys and
 * indices of the collections open around it. */
static void yaml_path(const struct yload *y, struct frs_buf *b)
{
	for (size_t i = 0; i < y->depth; i++) {
		const struct frame *f = &y->stack[i];
		if (f->node->type != FRS_NODE_MAP) {
			frs_buf_addf(b, "[%zu]", f->n);
			continue;
		}
		if (!f->have_key)
			break; /* the scalar is a key of this map */
		if (b->len)
			frs_buf_putc(b, '.');
		frs_buf_puts(b, f->key);
	}
}

static bool is_yaml_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	if (ev->data.scalar.tag && strcmp((const char *)ev->data.scalar.tag, YAML_NULL_TAG) == 0)
		return true;
	return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 ||
	       strcmp(v, "NULL") == 0;
}

static enum frs_err on_event(struct yload *y, yaml_event_t *ev, struct frs_node **root,
			     struct frs_errlist *errs)
{
	struct frs_node *n;
	struct frame *f;
	const char *anchor = NULL;
	enum frs_err rc;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length)) {
			struct frs_buf path = FRS_BUF_INIT;
			struct frs_loc loc;
			set_loc(&loc, y->file, (unsigned)ev->start_mark.line + 1,
				(unsigned)ev->start_mark.column + 1);
			yaml_path(y, &path);
			rc = nul_error(&loc, &path, errs);
			frs_buf_dispose(&path);
			return rc;
		}
		if (is_yaml_null(ev)) {
			n = new_node(y, FRS_NODE_NULL, &ev->start_mark);
		} else {
			n = new_node(y, FRS_NODE_SCALAR, &ev->start_mark);
			if (n) {
				n->scalar = arena_strndup(y->p, (const char *)ev->data.scalar.value,
							  ev->data.scalar.length);
				n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
				if (!n->scalar)
					return FRS_ENOMEM;
			}
		}
		if (!n)
			return FRS_ENOMEM;
		if (ev->data.scalar.anchor &&
		    (rc = add_anchor(y, (const char *)ev->data.scalar.anchor, n, 1)))
			return rc;
		return attach(y, n, 1, root, errs);
	case YAML_ALIAS_EVENT: {
		struct anchor *a = find_anchor(y, (const char *)ev->data.alias.anchor);
		if (!a) {
			struct frs_loc loc;
			set_loc(&loc, y->file, (unsigned)ev->start_mark.line + 1,
				(unsigned)ev->start_mark.column + 1);
			rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE, .loc = &loc),
						"invalid YAML: unknown anchor \"%s\"",
						(const char *)ev->data.alias.anchor);
			return rc == FRS_ENOMEM ? rc : FRS_EPARSE;
		}
		y->aliased += a->weight;
		if (y->aliased > MAX_ALIAS_NODES) {
			struct frs_loc loc;
			set_loc(&loc, y->file, (unsigned)ev->start_mark.line + 1,
				(unsigned)ev->start_mark.column + 1);
			y->fatal = true;
			rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE, .loc = &loc),
						"invalid YAML: aliases expand this file by more " "than %d nodes (an alias bomb?)",
						MAX_ALIAS_NODES);
			return rc == FRS_ENOMEM ? rc : FRS_EPARSE;
		}
		return attach(y, a->node, a->weight, root, errs);
	}
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		n = new_node(y, ev->type == YAML_MAPPING_START_EVENT ? FRS_NODE_MAP : FRS_NODE_SEQ,
			     &ev->start_mark);
		if (!n)
			return FRS_ENOMEM;
		if (y->depth >= MAX_DEPTH) {
			y->fatal = true;
			rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE, .loc = &n->loc),
						"invalid YAML: nested deeper than %d levels",
						MAX_DEPTH);
			return rc == FRS_ENOMEM ? rc : FRS_EPARSE;
		}
		anchor = (const char *)(ev->type == YAML_MAPPING_START_EVENT ?
						ev->data.mapping_start.anchor :
						ev->data.sequence_start.anchor);
		if (FRS_VEC_RESERVE(y->stack, y->cap, y->depth + 1))
			return FRS_ENOMEM;
		f = &y->stack[y->depth++];
		memset(f, 0, sizeof(*f));
		f->node = n;
		if (anchor && !(f->anchor = strdup(anchor)))
			return FRS_ENOMEM;
		return FRS_OK;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: {
		size_t weight;
		f = &y->stack[y->depth - 1];
		n = f->node;
		n->n = f->n;
		weight = f->weight + 1;
		rc = FRS_OK;
		if (f->n) {
			n->items = arena_dup(y->p, f->items, f->n * sizeof(*f->items));
			if (!n->items)
				rc = FRS_ENOMEM;
			if (!rc && n->type == FRS_NODE_MAP) {
				n->keys = arena_dup(y->p, f->keys, f->n * sizeof(*f->keys));
				n->key_locs = arena_dup(y->p, f->key_locs, f->n * sizeof(*f->key_locs));
				if (!n->keys || !n->key_locs)
					rc = FRS_ENOMEM;
			}
		}
		if (!rc && f->anchor)
			rc = add_anchor(y, f->anchor, n, weight);
		free(f->items);
		free(f->keys);
		free(f->key_locs);
		free(f->anchor);
		y->depth--;
		if (rc)
			return rc;
		if (n->type == FRS_NODE_MAP && (rc = check_dup_keys(n, errs)) == FRS_ENOMEM)
			return rc;
		/* a duplicate key (rc FRS_EPARSE) still attaches: the document is dropped later */
		{
			enum frs_err arc = attach(y, n, weight, root, errs);
			return arc ? arc : rc;
		}
	}
	default:
		return FRS_OK;
	}
}

/* Line and column (from 1, in characters) of byte @p off of @p data. */
static void offset_loc(const char *data, size_t len, size_t off, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static enum frs_err yaml_error(const yaml_parser_t *parser, const char *file, const char *data,
			       size_t len, struct frs_errlist *errs)
{
	struct frs_loc loc;
	const char *problem = parser->problem ? parser->problem : "cannot parse";
	unsigned line, col;

	if (parser->error == YAML_READER_ERROR) {
		offset_loc(data, len, parser->problem_offset, &line, &col);
		set_loc(&loc, file, line, col);
	} else {
		set_loc(&loc, file, (unsigned)parser->problem_mark.line + 1,
			(unsigned)parser->problem_mark.column + 1);
	}
	if (parser->error == YAML_MEMORY_ERROR)
		return FRS_ENOMEM;
	if (parser->context)
		frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE, .loc = &loc),
				   "invalid YAML: %s (%s at line %u, column %u)", problem,
				   parser->context, (unsigned)parser->context_mark.line + 1,
				   (unsigned)parser->context_mark.column + 1);
	else
		frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE, .loc = &loc),
				   "invalid YAML: %s", problem);
	return FRS_EPARSE;
}

static enum frs_err load_yaml(struct frs_docset *set, const char *file, const char *data,
			      size_t len, struct frs_errlist *errs)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct yload y;
	struct frs_node *root = NULL;
	enum frs_err rc = FRS_OK;
	bool done = false, bad = false, any_bad = false;

	memset(&y, 0, sizeof(y));
	y.p = set->priv;
	y.file = file;
	if (!yaml_parser_initialize(&parser))
		return FRS_ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = yaml_error(&parser, file, data, len, errs);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			root = NULL;
			break;
		case YAML_DOCUMENT_END_EVENT:
			/* a document with a duplicate key is left out: which value was meant? */
			if (!bad)
				rc = add_doc(set, file, root);
			yload_reset(&y);
			bad = false;
			break;
		default:
			rc = on_event(&y, &ev, &root, errs);
			if (rc == FRS_EPARSE) {
				bad = any_bad = true;
				rc = y.fatal ? FRS_EPARSE : FRS_OK;
			}
			break;
		}
		yaml_event_delete(&ev);
		if (rc)
			break;
	}
	yload_reset(&y);
	free(y.stack);
	free(y.anchors);
	yaml_parser_delete(&parser);
	return rc ? rc : (any_bad ? FRS_EPARSE : FRS_OK);
}

/* ---- JSON ------------------------------------------------------------------------------- */

/*
 * cJSON validates the text and decodes strings, but keeps no positions. So, once cJSON has
 * accepted a value, a small scanner walks the same text alongside the cJSON tree and notes
 * where each value and key starts. It can be simple because the text is known to be valid JSON.
 */
struct jscan {
	const char *s;
	size_t pos, len;
	unsigned line, col;
	const char *file;
	struct priv *p;
	bool bad; /* a duplicate key: the document is left out, as in YAML */
};

static void js_adv(struct jscan *j)
{
	if (j->s[j->pos] == '\n') {
		j->line++;
		j->col = 1;
	} else if (((unsigned char)j->s[j->pos] & 0xC0) != 0x80) {
		j->col++;
	}
	j->pos++;
}

static void js_ws(struct jscan *j)
{
	while (j->pos < j->len && strchr(" \t\r\n", j->s[j->pos]) && j->s[j->pos])
		js_adv(j);
}

/* Skip a string; whether it holds \u0000 (cJSON's text of it stops there). */
static bool js_skip_string(struct jscan *j)
{
	bool nul = false;

	js_adv(j); /* opening quote */
	while (j->pos < j->len && j->s[j->pos] != '"') {
		if (j->s[j->pos] == '\\') {
			js_adv(j);
			if (j->pos + 4 < j->len && j->s[j->pos] == 'u' &&
			    memcmp(j->s + j->pos + 1, "0000", 4) == 0)
				nul = true;
		}
		js_adv(j);
	}
	js_adv(j); /* closing quote */
	return nul;
}

/* Where a JSON value is: its key or index, and its parent's place. */
struct jpath {
	const struct jpath *up;
	const char *key; /* NULL: an array element */
	size_t idx;
};

static void js_path(const struct jpath *at, struct frs_buf *b)
{
	if (!at)
		return;
	js_path(at->up, b);
	if (at->key)
		frs_buf_addf(b, "%s%s", b->len ? "." : "", at->key);
	else
		frs_buf_addf(b, "[%zu]", at->idx);
}

static bool js_nul(struct jscan *j, const struct frs_loc *loc, const struct jpath *at,
		   struct frs_errlist *errs)
{
	struct frs_buf path = FRS_BUF_INIT;
	enum frs_err rc;

	js_path(at, &path);
	rc = nul_error(loc, &path, errs);
	frs_buf_dispose(&path);
	j->bad = true;
	return rc != FRS_ENOMEM;
}

static struct frs_node *js_value(struct jscan *j, const cJSON *v, const struct jpath *at,
				 struct frs_errlist *errs);

static struct frs_node *js_value(struct jscan *j, const cJSON *v, const struct jpath *at,
				 struct frs_errlist *errs)
{
	struct frs_node *n;
	size_t i, count = 0;
	const cJSON *c;

	js_ws(j);
	n = arena_alloc(j->p, sizeof(*n));
	if (!n)
		return NULL;
	set_loc(&n->loc, j->file, j->line, j->col);
	for (c = v->child; c; c = c->next)
		count++;
	if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
		bool obj = cJSON_IsObject(v);
		n->type = obj ? FRS_NODE_MAP : FRS_NODE_SEQ;
		n->n = count;
		if (count) {
			n->items = arena_alloc(j->p, count * sizeof(*n->items));
			if (!n->items)
				return NULL;
			if (obj) {
				n->keys = arena_alloc(j->p, count * sizeof(*n->keys));
				n->key_locs = arena_alloc(j->p, count * sizeof(*n->key_locs));
				if (!n->keys || !n->key_locs)
					return NULL;
			}
		}
		js_adv(j); /* { or [ */
		for (i = 0, c = v->child; c; c = c->next, i++) {
			js_ws(j);
			if (j->s[j->pos] == ',') {
				js_adv(j);
				js_ws(j);
			}
			struct jpath here = { at, obj ? c->string : NULL, i };
			if (obj) {
				set_loc(&n->key_locs[i], j->file, j->line, j->col);
				n->keys[i] = arena_strndup(j->p, c->string, strlen(c->string));
				if (!n->keys[i])
					return NULL;
				if (js_skip_string(j) && !js_nul(j, &n->key_locs[i], &here, errs))
					return NULL;
				js_ws(j);
				js_adv(j); /* : */
			}
			if (!(n->items[i] = js_value(j, c, &here, errs)))
				return NULL;
		}
		js_ws(j);
		js_adv(j); /* } or ] */
		if (obj) {
			enum frs_err rc = check_dup_keys(n, errs);
			if (rc == FRS_ENOMEM)
				return NULL;
			if (rc)
				j->bad = true;
		}
		return n;
	}
	if (cJSON_IsNull(v)) {
		n->type = FRS_NODE_NULL;
		j->pos += 4;
		j->col += 4;
		return n;
	}
	n->type = FRS_NODE_SCALAR;
	if (cJSON_IsString(v)) {
		n->quoted = 1;
		n->scalar = arena_strndup(j->p, v->valuestring, strlen(v->valuestring));
		if (js_skip_string(j) && !js_nul(j, &n->loc, at, errs))
			return NULL;
	} else {
		/* numbers and booleans: keep the text as written (65000, not 65000.0) */
		size_t start = j->pos;
		while (j->pos < j->len && !strchr(" \t\r\n,]}", j->s[j->pos]) && j->s[j->pos])
			js_adv(j);
		n->scalar = arena_strndup(j->p, j->s + start, j->pos - start);
	}
	return n->scalar ? n : NULL;
}

/*
 * Where malformed JSON goes wrong. cJSON's error pointer is often the end of the buffer (a
 * trailing comma in an object, say) and cJSON accepts some invalid JSON (leading zeros), so
 * this strict checker (RFC 8259 syntax, lib/jcheck.c) runs first and names the first offending
 * byte.
 */
/* The offset of the first error in the JSON value at @p start, or @p fallback if it is valid. */
static size_t json_error_offset(const char *data, size_t len, size_t start, size_t fallback,
				bool *too_deep)
{
	size_t pos;
	bool ok = frs_jcheck_value(data, len, start, MAX_DEPTH, &pos, too_deep);

	return ok ? fallback : pos;
}

static enum frs_err load_json(struct frs_docset *set, const char *file, const char *data,
			      size_t len, struct frs_errlist *errs)
{
	struct jscan j = { data, 0, len, 1, 1, file, set->priv, false };
	enum frs_err rc;
	bool any_bad = false;

	/* a UTF-8 byte order mark (some Windows editors write one) is not part of the JSON text */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		j.pos = 3;

	/* Several JSON values may follow each other (a stream, as `kubectl get -w -o json` prints). */
	for (;;) {
		const char *end = NULL;
		bool too_deep;
		size_t off;
		cJSON *v;
		struct frs_node *root;

		js_ws(&j);
		if (j.pos >= j.len)
			return any_bad ? FRS_EPARSE : FRS_OK;
		/* strict first (cJSON takes 01 and has no precise error position), then cJSON */
		off = json_error_offset(data, len, j.pos, SIZE_MAX, &too_deep);
		v = off == SIZE_MAX ? cJSON_ParseWithLengthOpts(data + j.pos, len - j.pos, &end, 0) :
				      NULL;
		if (!v) {
			struct frs_loc loc;
			unsigned line, col;

			if (off == SIZE_MAX)
				off = end ? (size_t)(end - data) : j.pos;

			offset_loc(data, len, off, &line, &col);
			set_loc(&loc, file, line, col);
			if (too_deep)
				rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE,
							.loc = &loc),
							"invalid JSON: nested deeper than %d levels",
							MAX_DEPTH);
			else if (off >= len)
				rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE,
							.loc = &loc),
							"invalid JSON: unexpected end of input");
			else if ((unsigned char)data[off] < 0x20 || (unsigned char)data[off] >= 0x7f)
				rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE,
							.loc = &loc),
							"invalid JSON: unexpected byte 0x%02x",
							(unsigned char)data[off]);
			else
				rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE,
							.loc = &loc),
							"invalid JSON: unexpected '%c'", data[off]);
			return rc == FRS_ENOMEM ? rc : FRS_EPARSE;
		}
		j.bad = false;
		root = js_value(&j, v, NULL, errs);
		cJSON_Delete(v);
		if (!root)
			return FRS_ENOMEM;
		any_bad |= j.bad;
		if (!j.bad && (rc = add_doc(set, file, root)))
			return rc;
	}
}

/* ---- inputs ----------------------------------------------------------------------------- */

static bool has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* .json is JSON and .yaml/.yml YAML; anything else (stdin) is JSON if it starts like JSON. */
static bool looks_json(const char *name, const char *data, size_t len)
{
	size_t i = 0;

	if (has_suffix(name, ".json"))
		return true;
	if (has_suffix(name, ".yaml") || has_suffix(name, ".yml"))
		return false;
	while (i < len && strchr(" \t\r\n", data[i]) && data[i])
		i++;
	return i < len && (data[i] == '{' || data[i] == '[');
}

enum frs_err frs_docset_load_mem(struct frs_docset *set, const char *name, const char *data,
				 size_t len, struct frs_errlist *errs)
{
	struct priv *p = get_priv(set);
	const char *file;

	if (!p)
		return FRS_ENOMEM;
	file = keep_name(p, name);
	if (!file)
		return FRS_ENOMEM;
	if (looks_json(name, data, len))
		return load_json(set, file, data, len, errs);
	return load_yaml(set, file, data, len, errs);
}

static enum frs_err load_file(struct frs_docset *set, const char *path, const char *shown,
			      struct frs_errlist *errs)
{
	struct frs_buf b = FRS_BUF_INIT;
	struct frs_loc loc = { shown, 0, 0 };
	enum frs_err rc;

	rc = frs_file_read(&b, path);
	if (rc == FRS_EINPUT) {
		/* the user named it: a usage problem (exit 2), not a failing system */
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT, .loc = &loc),
					"cannot read: %s", frs_file_strerror(errno));
		goto done;
	}
	if (rc)
		goto done;
	rc = frs_docset_load_mem(set, shown, frs_buf_cstr(&b), b.len, errs);
done:
	frs_buf_dispose(&b);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Worst result first: a read error outranks a parse error, which outranks success. */
static enum frs_err worse(enum frs_err a, enum frs_err b)
{
	if (a == FRS_ENOMEM || b == FRS_ENOMEM)
		return FRS_ENOMEM;
	if (a == FRS_EINPUT || b == FRS_EINPUT)
		return FRS_EINPUT;
	return a ? a : b;
}

static bool manifest_name(const char *name)
{
	return has_suffix(name, ".yaml") || has_suffix(name, ".yml") || has_suffix(name, ".json");
}

void frs_docset_paths_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static enum frs_err push_path(char ***v, size_t *n, size_t *cap, const char *dir,
			      const char *name)
{
	struct frs_buf b = FRS_BUF_INIT;
	size_t dlen = dir ? strlen(dir) : 0;
	char *p;

	/* "." lists as "a.yaml", "dir/" as "dir/a.yaml": what a user would type */
	if (dir && strcmp(dir, ".") != 0 &&
	    (frs_buf_puts(&b, dir) || (dlen && dir[dlen - 1] != '/' && frs_buf_putc(&b, '/'))))
		goto nomem;
	if (frs_buf_puts(&b, name) || !(p = frs_buf_detach(&b)))
		goto nomem;
	if (FRS_VEC_PUSH(*v, *n, *cap, p)) {
		free(p);
		goto nomem;
	}
	return FRS_OK;
nomem:
	frs_buf_dispose(&b);
	return FRS_ENOMEM;
}

enum frs_err frs_docset_paths(char ***out, size_t *nout, const char *path,
			      struct frs_errlist *errs)
{
	struct frs_loc loc = { path, 0, 0 };
	char **v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	struct stat st;
	enum frs_err rc = FRS_OK;
	DIR *d = NULL;

	bool found = strcmp(path, "-") != 0 && stat(path, &st) == 0;

	if (strcmp(path, "-") == 0 || (found && !S_ISDIR(st.st_mode))) {
		rc = push_path(&v, &n, &cap, NULL, path);
		goto done;
	}
	if (!found || !(d = opendir(path))) {
		rc = frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINPUT, .loc = &loc),
					"cannot read: %s", strerror(errno));
		goto done;
	}
	while (!rc && (de = readdir(d))) {
		struct frs_buf full = FRS_BUF_INIT;

		/* dot entries: ., .., a ConfigMap volume's ..data and ..2026_* dirs, editors' files */
		if (de->d_name[0] == '.' || !manifest_name(de->d_name))
			continue;
		rc = push_path(&v, &n, &cap, path, de->d_name);
		if (rc)
			break;
		/* not recursive, as kubectl apply -f DIR; a dangling link (a volume mid-swap) and
		 * anything but a file is no manifest */
		if (frs_buf_puts(&full, path) || frs_buf_putc(&full, '/') ||
		    frs_buf_puts(&full, de->d_name)) {
			frs_buf_dispose(&full);
			rc = FRS_ENOMEM;
			break;
		}
		if (stat(full.ptr, &st) != 0 || !S_ISREG(st.st_mode))
			free(v[--n]);
		frs_buf_dispose(&full);
	}
	if (!rc && n)
		qsort(v, n, sizeof(*v), cmp_str);
done:
	if (d)
		closedir(d);
	if (rc) {
		frs_docset_paths_free(v, n);
		return rc;
	}
	*out = v;
	*nout = n;
	return FRS_OK;
}

enum frs_err frs_docset_load(struct frs_docset *set, const char *path, struct frs_errlist *errs)
{
	struct stat st;
	struct frs_loc loc = { path, 0, 0 };
	char **paths = NULL;
	size_t n = 0;
	enum frs_err rc;

	if (!get_priv(set))
		return FRS_ENOMEM;
	if (strcmp(path, "-") == 0)
		return load_file(set, "-", "<stdin>", errs);
	rc = frs_docset_paths(&paths, &n, path, errs);
	if (rc)
		return rc;
	if (!n && stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	    frs_errlist_report(errs, FRS_DIAG(.sev = FRS_SEV_WARNING, .code = FRS_EINPUT,
			       .loc = &loc), "no *.yaml, *.yml or *.json files in this directory") ==
		    FRS_ENOMEM)
		rc = FRS_ENOMEM; /* a CI job pointed at the wrong directory should not pass silently */
	for (size_t i = 0; i < n && rc != FRS_ENOMEM; i++)
		rc = worse(rc, load_file(set, paths[i], paths[i], errs));
	frs_docset_paths_free(paths, n);
	return rc;
}

/* ---- access ----------------------------------------------------------------------------- */

const struct frs_node *frs_node_get(const struct frs_node *map, const char *key)
{
	if (!map || map->type != FRS_NODE_MAP || !key)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0)
			return map->items[i];
	return NULL;
}

const char *frs_node_str(const struct frs_node *map, const char *key)
{
	const struct frs_node *v = frs_node_get(map, key);

	return v && v->type == FRS_NODE_SCALAR ? v->scalar : NULL;
}

static const struct frs_node *get_n(const struct frs_node *map, const char *key, size_t len)
{
	if (!map || map->type != FRS_NODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strncmp(map->keys[i], key, len) == 0 && map->keys[i][len] == 0)
			return map->items[i];
	return NULL;
}

/*
 * Steps are `name`, `.name`, `[N]` and `["key"]` (for keys with dots, such as label names:
 * metadata.labels["kubernetes.io/service-name"]).
 */
const struct frs_node *frs_node_path(const struct frs_node *root, const char *path)
{
	const struct frs_node *n = root;
	const char *s = path;

	if (!path)
		return NULL;
	while (n && *s) {
		if (*s == '.') {
			s++;
		} else if (s[0] == '[' && s[1] == '"') {
			const char *e = strchr(s + 2, '"');
			if (!e || e[1] != ']')
				return NULL;
			n = get_n(n, s + 2, (size_t)(e - s - 2));
			s = e + 2;
		} else if (*s == '[') {
			char *e;
			unsigned long idx;
			errno = 0;
			idx = strtoul(s + 1, &e, 10);
			if (e == s + 1 || *e != ']' || errno || n->type != FRS_NODE_SEQ || idx >= n->n)
				return NULL;
			n = n->items[idx];
			s = e + 1;
		} else {
			size_t len = strcspn(s, ".[");
			n = get_n(n, s, len);
			s += len;
		}
	}
	return n;
}
