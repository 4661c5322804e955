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
		if (c->s[c->pos] == 'u')
			for (int i = 0; i < 4; i++)
				if (++c->pos >= c->len || !isxdigit((unsigned char)c->s[c->pos]))
					return false;
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
