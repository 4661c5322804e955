/* SPDX-License-Identifier: MIT */
/* The template engine: compile {{...}} text into a flat node list, render it against a data tree. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/tmpl.h>

#include "../lib/vec.h"

enum node_type {
	N_TEXT,
	N_VAR,
	N_SECTION,
	N_INVERTED,
};

struct node {
	enum node_type type;
	const char *s;   /* text, or the name */
	size_t len;
	size_t end;      /* sections: index of the first node after the section */
	unsigned line;
};

struct frs_tmpl {
	char *name;
	struct node *nodes;
	size_t n, cap;
};

/* ---- data: every node and string lives in one arena owned by the root ---- */

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

enum val_type {
	V_STR,
	V_BOOL,
	V_LIST,
};

struct entry {
	const char *key;
	enum val_type type;
	const char *str;        /* V_STR */
	bool b;                 /* V_BOOL */
	struct frs_tmpl_data *first, *last; /* V_LIST */
	struct entry *next;
};

struct frs_tmpl_data {
	struct chunk **arena;   /* the root's chunk list */
	struct entry *first, *last;
	struct frs_tmpl_data *next; /* the next item of the list holding this map */
	struct chunk *chunks;   /* root only */
};

static void *arena_alloc(struct frs_tmpl_data *m, size_t size)
{
	struct chunk *c = *m->arena;
	void *p;

	size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!c || c->size - c->used < size) {
		size_t cs = size > 65536 ? size : 65536;

		c = malloc(sizeof(*c) + cs);
		if (!c)
			return NULL;
		c->size = cs;
		c->used = 0;
		c->next = *m->arena;
		*m->arena = c;
	}
	p = (char *)c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

struct frs_tmpl_data *frs_tmpl_data_new(void)
{
	struct frs_tmpl_data *d = calloc(1, sizeof(*d));

	if (d)
		d->arena = &d->chunks;
	return d;
}

void frs_tmpl_data_free(struct frs_tmpl_data *root)
{
	struct chunk *c, *n;

	if (!root)
		return;
	for (c = root->chunks; c; c = n) {
		n = c->next;
		free(c);
	}
	free(root);
}

static struct entry *entry_find(const struct frs_tmpl_data *m, const char *key, size_t klen)
{
	for (struct entry *e = m->first; e; e = e->next)
		if (strncmp(e->key, key, klen) == 0 && e->key[klen] == '\0')
			return e;
	return NULL;
}

static struct entry *entry_get(struct frs_tmpl_data *m, const char *key)
{
	struct entry *e = entry_find(m, key, strlen(key));

	if (e)
		return e;
	e = arena_alloc(m, sizeof(*e));
	if (!e)
		return NULL;
	e->key = key;
	if (m->last)
		m->last->next = e;
	else
		m->first = e;
	m->last = e;
	return e;
}

enum frs_err frs_tmpl_set(struct frs_tmpl_data *map, const char *key, const char *value)
{
	struct entry *e = entry_get(map, key);
	size_t len = strlen(value);
	char *s;

	if (!e)
		return FRS_ENOMEM;
	s = arena_alloc(map, len + 1);
	if (!s)
		return FRS_ENOMEM;
	memcpy(s, value, len + 1);
	e->type = V_STR;
	e->str = s;
	return FRS_OK;
}

enum frs_err frs_tmpl_setf(struct frs_tmpl_data *map, const char *key, const char *fmt, ...)
{
	char small[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return FRS_EARG;
	if ((size_t)n < sizeof(small))
		return frs_tmpl_set(map, key, small);
	{
		struct frs_buf b = FRS_BUF_INIT;
		enum frs_err rc;

		va_start(ap, fmt);
		rc = frs_buf_vaddf(&b, fmt, ap);
		va_end(ap);
		if (!rc)
			rc = frs_tmpl_set(map, key, frs_buf_cstr(&b));
		frs_buf_dispose(&b);
		return rc;
	}
}

enum frs_err frs_tmpl_set_bool(struct frs_tmpl_data *map, const char *key, bool value)
{
	struct entry *e = entry_get(map, key);

	if (!e)
		return FRS_ENOMEM;
	e->type = V_BOOL;
	e->b = value;
	return FRS_OK;
}

enum frs_err frs_tmpl_set_list(struct frs_tmpl_data *map, const char *key)
{
	struct entry *e = entry_get(map, key);

	if (!e)
		return FRS_ENOMEM;
	if (e->type != V_LIST) {
		e->type = V_LIST;
		e->first = e->last = NULL;
	}
	return FRS_OK;
}

enum frs_err frs_tmpl_add(struct frs_tmpl_data **out, struct frs_tmpl_data *map, const char *key)
{
	struct entry *e = entry_get(map, key);
	struct frs_tmpl_data *item;

	if (!e)
		return FRS_ENOMEM;
	if (e->type != V_LIST) {
		e->type = V_LIST;
		e->first = e->last = NULL;
	}
	item = arena_alloc(map, sizeof(*item));
	if (!item)
		return FRS_ENOMEM;
	item->arena = map->arena;
	if (e->last)
		e->last->next = item;
	else
		e->first = item;
	e->last = item;
	*out = item;
	return FRS_OK;
}

/* ---- compile ---- */

static enum frs_err add_node(struct frs_tmpl *t, enum node_type type, const char *s, size_t len,
			     unsigned line)
{
	if (FRS_VEC_RESERVE(t->nodes, t->cap, t->n + 1))
		return FRS_ENOMEM;
	t->nodes[t->n].type = type;
	t->nodes[t->n].s = s;
	t->nodes[t->n].len = len;
	t->nodes[t->n].end = 0;
	t->nodes[t->n].line = line;
	t->n++;
	return FRS_OK;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool name_ok(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '.' || s[i] == '-'))
			return false;
	return true;
}

static enum frs_err compile_error(struct frs_errlist *errs, const struct frs_tmpl *t,
				  unsigned line, const char *msg)
{
	struct frs_loc loc = { t->name, line, 0 };

	return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE, .loc = &loc), "%s", msg);
}

enum frs_err frs_tmpl_compile(struct frs_tmpl **out, const char *name, const char *text,
			      size_t len, struct frs_errlist *errs)
{
	struct frs_tmpl *t = calloc(1, sizeof(*t));
	size_t stack[64];
	size_t depth = 0;
	const char *p = text, *end = text + len, *text_start = text;
	unsigned line = 1;
	enum frs_err rc = FRS_OK;

	if (!t)
		return FRS_ENOMEM;
	t->name = strdup(name ? name : "template");
	if (!t->name) {
		rc = FRS_ENOMEM;
		goto done;
	}
	while (p < end) {
		const char *open = NULL, *close, *tag_end, *line_start, *q;
		const char *text_end;
		bool standalone = false;
		char sigil;
		size_t nlen;
		const char *nm;

		for (q = p; q + 1 < end; q++) {
			if (q[0] == '{' && q[1] == '{') {
				open = q;
				break;
			}
		}
		if (!open)
			break;
		close = NULL;
		for (q = open + 2; q + 1 < end; q++) {
			if (q[0] == '\n')
				break;
			if (q[0] == '}' && q[1] == '}') {
				close = q;
				break;
			}
		}
		for (q = p; q < open; q++)
			if (*q == '\n')
				line++;
		if (!close) {
			rc = compile_error(errs, t, line, "unterminated {{ tag");
			goto done;
		}
		tag_end = close + 2;
		sigil = open[2];
		nm = open + 2;
		if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!')
			nm++;
		while (nm < close && is_blank(*nm))
			nm++;
		nlen = (size_t)(close - nm);
		while (nlen && is_blank(nm[nlen - 1]))
			nlen--;

		/* a line holding only a section, closing or comment tag vanishes */
		text_end = open;
		if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!') {
			line_start = open;
			while (line_start > text_start && is_blank(line_start[-1]))
				line_start--;
			if (line_start == text || line_start[-1] == '\n') {
				q = tag_end;
				while (q < end && is_blank(*q))
					q++;
				if (q == end || *q == '\n') {
					standalone = true;
					text_end = line_start;
					tag_end = q < end ? q + 1 : q;
				}
			}
		}
		if (text_end > text_start) {
			rc = add_node(t, N_TEXT, text_start, (size_t)(text_end - text_start), line);
			if (rc)
				goto done;
		}
		if (standalone && tag_end > close + 2 && tag_end[-1] == '\n')
			line++;

		if (sigil != '!' && !name_ok(nm, nlen)) {
			rc = compile_error(errs, t, line, "invalid name in {{ }} tag");
			goto done;
		}
		switch (sigil) {
		case '!':
			break;
		case '#':
		case '^':
			if (depth == sizeof(stack) / sizeof(stack[0])) {
				rc = compile_error(errs, t, line, "sections nested too deeply");
				goto done;
			}
			stack[depth++] = t->n;
			rc = add_node(t, sigil == '#' ? N_SECTION : N_INVERTED, nm, nlen, line);
			break;
		case '/': {
			struct node *s;

			if (depth == 0) {
				rc = compile_error(errs, t, line, "{{/...}} without an open section");
				goto done;
			}
			s = &t->nodes[stack[--depth]];
			if (s->len != nlen || strncmp(s->s, nm, nlen) != 0) {
				rc = compile_error(errs, t, line, "{{/...}} closes another section");
				goto done;
			}
			s->end = t->n;
			break;
		}
		default:
			rc = add_node(t, N_VAR, nm, nlen, line);
			break;
		}
		if (rc)
			goto done;
		p = text_start = tag_end;
	}
	if (depth) {
		rc = compile_error(errs, t, t->nodes[stack[depth - 1]].line, "section is never closed");
		goto done;
	}
	if (end > text_start)
		rc = add_node(t, N_TEXT, text_start, (size_t)(end - text_start), line);
done:
	if (rc) {
		frs_tmpl_free(t);
		return rc;
	}
	*out = t;
	return FRS_OK;
}

void frs_tmpl_free(struct frs_tmpl *t)
{
	if (!t)
		return;
	free(t->nodes);
	free(t->name);
	free(t);
}

/* ---- render ---- */

struct scope {
	const struct frs_tmpl_data *map;
	const struct scope *up;
};

static const struct entry *lookup(const struct scope *sc, const char *name, size_t len)
{
	for (; sc; sc = sc->up) {
		const struct entry *e = entry_find(sc->map, name, len);

		if (e)
			return e;
	}
	return NULL;
}

static bool truthy(const struct entry *e)
{
	if (!e)
		return false;
	switch (e->type) {
	case V_STR:
		return e->str[0] != '\0';
	case V_BOOL:
		return e->b;
	case V_LIST:
		return e->first != NULL;
	}
	return false;
}

static enum frs_err render_range(struct frs_buf *out, const struct frs_tmpl *t, size_t from,
				 size_t to, const struct scope *sc, struct frs_errlist *errs)
{
	enum frs_err rc = FRS_OK;

	for (size_t i = from; i < to && !rc;) {
		const struct node *n = &t->nodes[i];
		const struct entry *e;

		switch (n->type) {
		case N_TEXT:
			rc = frs_buf_add(out, n->s, n->len);
			i++;
			break;
		case N_VAR:
			e = lookup(sc, n->s, n->len);
			if (!e || e->type == V_LIST) {
				struct frs_loc loc = { t->name, n->line, 0 };

				return frs_errlist_report(errs, FRS_DIAG(.code = FRS_EINVALID,
							  .loc = &loc), "{{%.*s}} is %s",
							  (int)n->len, n->s,
							  e ? "a list" : "not defined");
			}
			if (e->type == V_STR)
				rc = frs_buf_puts(out, e->str);
			else
				rc = frs_buf_puts(out, e->b ? "true" : "false");
			i++;
			break;
		case N_SECTION:
			e = lookup(sc, n->s, n->len);
			if (e && e->type == V_LIST) {
				for (const struct frs_tmpl_data *it = e->first; it && !rc; it = it->next) {
					struct scope inner = { it, sc };

					rc = render_range(out, t, i + 1, n->end, &inner, errs);
				}
			} else if (truthy(e)) {
				rc = render_range(out, t, i + 1, n->end, sc, errs);
			}
			i = n->end;
			break;
		case N_INVERTED:
			e = lookup(sc, n->s, n->len);
			if (!truthy(e))
				rc = render_range(out, t, i + 1, n->end, sc, errs);
			i = n->end;
			break;
		}
	}
	return rc;
}

enum frs_err frs_tmpl_render(struct frs_buf *out, const struct frs_tmpl *t,
			     const struct frs_tmpl_data *data, struct frs_errlist *errs)
{
	struct scope sc = { data, NULL };

	if (!out || !t || !data)
		return FRS_EARG;
	return render_range(out, t, 0, t->n, &sc, errs);
}
