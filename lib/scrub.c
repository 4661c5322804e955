/* SPDX-License-Identifier: MIT */
/* Secrets out of text that goes to people or files: one rule for every output path. */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <frrshim/buf.h>
#include <frrshim/reload.h>
#include <frrshim/scrub.h>
#include <frrshim/sidecar.h>

static const char retracted[] = "<retracted>";

/* A keyword, its optional modifiers and how many of them may precede the secret. */
struct rule {
	const char *words;      /* one or more words, blank-separated */
	const char *const *mods;
	unsigned max_mods;
	bool digits_first;      /* message-digest-key N: a key id comes first */
};

static const char *const pw_mods[] = { "8", "clear", "md5", NULL };
static const char *const isis_mods[] = { "clear", "md5", NULL };
static const char *const md5_mods[] = { "md5", NULL };
static const char *const algo_mods[] = { "md5", "hmac-sha-1", "hmac-sha-256", "hmac-sha-384",
					 "hmac-sha-512", "key", NULL };
static const char *const no_mods[] = { NULL };

static const struct rule rules[] = {
	{ "password", pw_mods, 1, false },
	{ "area-password", isis_mods, 1, false },
	{ "domain-password", isis_mods, 1, false },
	{ "authentication-key", no_mods, 0, false },
	{ "message-digest-key", md5_mods, 1, true },
	{ "key-string", no_mods, 0, false },
	{ "hash-algo", algo_mods, 2, false },
	{ "authentication string", no_mods, 0, false },
	{ "nhrp authentication", no_mods, 0, false },
	{ "tcp-md5-auth", no_mods, 0, false },
};

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == ':' || c == '=' || c == '"' || c == '\'';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The end of the word at @p p (before @p end). */
static const char *word_end(const char *p, const char *end)
{
	while (p < end && !is_blank(*p) && *p != '"' && *p != '\'')
		p++;
	return p;
}

/* Does @p r match at @p p (a word start)? Then where its secret starts, else NULL. */
static const char *rule_secret(const struct rule *r, const char *p, const char *end)
{
	const char *w = r->words, *q = p, *s;
	unsigned nmods = 0;

	for (;;) {
		size_t wl = strcspn(w, " ");
		if ((size_t)(end - q) < wl || strncasecmp(q, w, wl) != 0)
			return NULL;
		q += wl;
		w += wl;
		if (!*w)
			break;
		w++;
		if (q >= end || !is_blank(*q))
			return NULL;
		while (q < end && is_blank(*q))
			q++;
	}
	if (q >= end || !is_sep(*q))
		return NULL;
	while (q < end && is_sep(*q))
		q++;
	if (q >= end)
		return NULL;
	s = q;
	/* keep the modifiers, but only when a word follows: the last word is the secret */
	if (r->digits_first) {
		const char *e = q;
		while (e < end && *e >= '0' && *e <= '9')
			e++;
		if (e > q && e < end && is_blank(*e)) {
			const char *n = e;
			while (n < end && is_blank(*n))
				n++;
			if (n < end)
				s = q = n;
		}
	}
	while (nmods < r->max_mods) {
		const char *e = word_end(q, end), *n = e;
		bool known = false;

		while (n < end && is_blank(*n))
			n++;
		if (e == q || e >= end || !is_blank(*e) || n >= end)
			break;
		for (const char *const *m = r->mods; *m; m++)
			if (strlen(*m) == (size_t)(e - q) && strncasecmp(q, *m, (size_t)(e - q)) == 0)
				known = true;
		if (!known)
			break;
		s = q = n;
		nmods++;
	}
	return s;
}

/* Where the first secret of the line [@p line, @p end) starts, or NULL. */
static const char *line_secret(const char *line, const char *end)
{
	for (const char *p = line; p < end; p++) {
		if (p > line && is_word_char(p[-1]))
			continue;
		for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
			const char *s = rule_secret(&rules[i], p, end);
			if (!s)
				continue;
			/* idempotent: text scrubbed before stays as it is */
			if ((size_t)(end - s) >= sizeof(retracted) - 1 &&
			    memcmp(s, retracted, sizeof(retracted) - 1) == 0)
				continue;
			return s;
		}
	}
	return NULL;
}

void frs_scrub_buf(struct frs_buf *b)
{
	struct frs_buf out = FRS_BUF_INIT;
	const char *p, *end;
	bool changed = false;

	if (!b->ptr || !b->len)
		return;
	p = b->ptr;
	end = b->ptr + b->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *s = line_secret(p, eol);

		if (s) {
			if (frs_buf_add(&out, p, (size_t)(s - p)) || frs_buf_puts(&out, retracted))
				goto fail;
			changed = true;
		} else if (frs_buf_add(&out, p, (size_t)(eol - p))) {
			goto fail;
		}
		if (nl && frs_buf_putc(&out, '\n'))
			goto fail;
		p = nl ? nl + 1 : end;
	}
	if (changed) {
		frs_buf_dispose(b);
		*b = out;
		return;
	}
	frs_buf_dispose(&out);
	return;
fail:
	/* hide everything rather than leak a secret */
	frs_buf_dispose(&out);
	b->len = 0;
	b->ptr[0] = '\0';
}

const char *frs_scrub_str(struct frs_buf *tmp, const char *s)
{
	frs_buf_clear(tmp);
	if (frs_buf_puts(tmp, s ? s : ""))
		return retracted;
	frs_scrub_buf(tmp);
	return frs_buf_cstr(tmp);
}

/* The name the reloader has always exported. */
void frs_reload_scrub(struct frs_buf *b)
{
	frs_scrub_buf(b);
}

