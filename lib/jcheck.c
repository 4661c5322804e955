/* SPDX-License-Identifier: MIT */
/* Strict JSON syntax (RFC 8259): where a JSON text goes wrong, before cJSON (which is lax) reads it. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "jcheck.h"

struct jchk {
	const char *s;
	size_t len, pos;
	int depth, max_depth;
};

static void jc_ws(struct jchk *c)
{
	while (c->pos < c->len && (c->s[c->pos] == ' ' || c->s[c->pos] == '\t' ||
				   c->s[c->pos] == '\r' || c->s[c->pos] == '\n'))
		c->pos++;
}

/* The four hex digits after c->pos (a \u escape's), c->pos left on the last; 0x10000 when they
 * are not four hex digits. */
static unsigned jc_hex4(struct jchk *c)
{
	unsigned code = 0;

	for (int i = 0; i < 4; i++) {
		unsigned char h;
		if (++c->pos >= c->len || !isxdigit(h = (unsigned char)c->s[c->pos]))
			return 0x10000;
		code = code * 16 + (unsigned)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
	}
	return code;
}

static bool jc_digits(struct jchk *c)
{
	size_t start = c->pos;

	while (c->pos < c->len && isdigit((unsigned char)c->s[c->pos]))
		c->pos++;
	return c->pos > start;
}

static bool jc_string(struct jchk *c)
{
	for (c->pos++; c->pos < c->len; c->pos++) {
		unsigned char ch = (unsigned char)c->s[c->pos];
		if (ch == '"') {
			c->pos++;
			return true;
		}
		if (ch < 0x20)
			return false;
		if (ch != '\\')
			continue;
		if (++c->pos >= c->len || !strchr("\"\\/bfnrtu", c->s[c->pos]) || !c->s[c->pos])
			return false;
		if (c->s[c->pos] == 'u') {
			unsigned code = jc_hex4(c);
			/* UTF-16 as cJSON takes it: a low surrogate alone is an error, a high one
			 * must be followed by a low one */
			if (code > 0xFFFF || (code >= 0xDC00 && code <= 0xDFFF))
				return false;
			if (code >= 0xD800 && code <= 0xDBFF) {
				if (c->pos + 2 >= c->len || c->s[c->pos + 1] != '\\' ||
				    c->s[c->pos + 2] != 'u')
					return false;
				c->pos += 2;
				code = jc_hex4(c);
				if (code < 0xDC00 || code > 0xDFFF)
					return false;
			}
		}
	}
	return false;
}

static bool jc_value(struct jchk *c)
{
	static const char *const words[] = { "true", "false", "null" };
	char open;

	jc_ws(c);
	if (c->pos >= c->len)
		return false;
	switch (c->s[c->pos]) {
	case '{':
	case '[':
		if (++c->depth > c->max_depth)
			return false;
		open = c->s[c->pos++];
		jc_ws(c);
		if (c->pos < c->len && c->s[c->pos] == (open == '{' ? '}' : ']')) {
			c->pos++;
			c->depth--;
			return true;
		}
		for (;;) {
			if (open == '{') {
				jc_ws(c);
				if (c->pos >= c->len || c->s[c->pos] != '"' || !jc_string(c))
					return false;
				jc_ws(c);
				if (c->pos >= c->len || c->s[c->pos] != ':')
					return false;
				c->pos++;
			}
			if (!jc_value(c))
				return false;
			jc_ws(c);
			if (c->pos < c->len && c->s[c->pos] == ',') {
				c->pos++;
				continue;
			}
			if (c->pos < c->len && c->s[c->pos] == (open == '{' ? '}' : ']')) {
				c->pos++;
				c->depth--;
				return true;
			}
			return false;
		}
	case '"':
		return jc_string(c);
	case 't':
	case 'f':
	case 'n':
		for (size_t i = 0; i < 3; i++) {
			size_t n = strlen(words[i]);
			if (c->len - c->pos >= n && strncmp(c->s + c->pos, words[i], n) == 0) {
				c->pos += n;
				return true;
			}
		}
		return false;
	default:
		if (c->s[c->pos] == '-')
			c->pos++;
		if (c->pos < c->len && c->s[c->pos] == '0')
			c->pos++;
		else if (!jc_digits(c))
			return false;
		if (c->pos < c->len && c->s[c->pos] == '.') {
			c->pos++;
			if (!jc_digits(c))
				return false;
		}
		if (c->pos < c->len && (c->s[c->pos] == 'e' || c->s[c->pos] == 'E')) {
			c->pos++;
			if (c->pos < c->len && (c->s[c->pos] == '+' || c->s[c->pos] == '-'))
				c->pos++;
			if (!jc_digits(c))
				return false;
		}
		return true;
	}
}

bool frs_jcheck_value(const char *s, size_t len, size_t start, int max_depth, size_t *pos,
		      bool *too_deep)
{
	struct jchk c = { s, len, start, 0, max_depth };
	bool ok = jc_value(&c);

	*pos = c.pos;
	if (too_deep)
		*too_deep = c.depth > max_depth;
	return ok;
}
