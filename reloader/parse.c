/* SPDX-License-Identifier: MIT */
/* FRR config text → contexts, as frr-reload.py finds them, each line normalised. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <frrshim/buf.h>
#include <frrshim/file.h>
#include <frrshim/scrub.h>

#include "reload_int.h"

struct level {
	struct fctx *ctx;
	const struct kw *kw;   /* the keyword that opened it */
	unsigned hdr_indent;
	int body_indent;       /* -1 until the first body line */
};

static enum frs_err perr(struct frs_errlist *errs, const char *name, unsigned lineno,
			 const char *what, const char *line)
{
	struct frs_buf b = FRS_BUF_INIT;
	struct frs_loc loc = { name, lineno, 1 };

	frs_buf_puts(&b, line);
	frs_scrub_buf(&b);
	if (errs)
		frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE, .loc = &loc), "%s: %s", what,
				   frs_buf_cstr(&b));
	frs_buf_dispose(&b);
	return FRS_EPARSE;
}

static enum frs_err push(struct level *stack, size_t *depth, const struct kw *kw, const char *key,
			 unsigned indent, unsigned lineno, struct frs_conf *c)
{
	char *keys[8];
	struct fctx *x;
	enum frs_err rc;

	if (*depth >= 7)
		return FRS_EPARSE;
	for (size_t i = 0; i < *depth; i++)
		keys[i] = stack[i].ctx->keys[i];
	keys[*depth] = (char *)key; /* conf_ctx copies */
	if ((rc = frs_rl__conf_ctx(&x, c, keys, *depth + 1)))
		return rc;
	if (!x->line_no)
		x->line_no = lineno;
	stack[*depth].ctx = x;
	stack[*depth].kw = kw;
	stack[*depth].hdr_indent = indent;
	stack[*depth].body_indent = -1;
	(*depth)++;
	return FRS_OK;
}

/* @p norm as a string that lives as long as @p c: the line itself (in c's text) when normalising
 * kept it, else a copy in c's arena. NULL when out of memory. */
static char *keep(struct frs_conf *c, const struct frs_buf *norm, char *line)
{
	if (strcmp(norm->ptr, line) == 0)
		return line;
	return frs_arena_strndup(&c->arena, norm->ptr, norm->len);
}

/*
 * Settings of which FRR keeps one: the length of @p line's key (the part a later line with the
 * same setting shares), or 0 when @p line can be given several times.
 */
static size_t single_key(const char *line)
{
	static const char *const nbr[] = { "remote-as ", "timers connect ", "timers delayopen ",
		"description ", "update-source ", "ebgp-multihop", "password ", "port ",
		"ttl-security hops ", "advertisement-interval ", "peer-group ", "local-as ", NULL };
	static const char *const other[] = { "bgp router-id ", "timers bgp ", "bgp cluster-id ",
		"rd vpn export ", "label vpn export ", "rt vpn both ", "rt vpn import ", "rt vpn export ",
		"set local-preference ", "set metric ", "set weight ", "set origin ",
		"set community ", "set large-community ", "description ", NULL };
	const char *nb, *w;

	if (strncmp(line, "neighbor ", 9) == 0 && (nb = strchr(line + 9, ' '))) {
		w = nb + 1;
		/* `timers K H` is one setting, `timers connect N` another */
		if (strncmp(w, "timers ", 7) == 0 && w[7] >= '0' && w[7] <= '9')
			return (size_t)(w - line) + 7;
		for (const char *const *p = nbr; *p; p++)
			if (strncmp(w, *p, strlen(*p)) == 0)
				return (size_t)(w - line) + strlen(*p);
		return 0;
	}
	for (const char *const *p = other; *p; p++)
		if (**p == *line && strncmp(line, *p, strlen(*p)) == 0)
			return strlen(*p);
	return 0;
}

/*
 * A later line replaces an earlier one of the same setting in @p x (`neighbor X remote-as` given
 * twice: FRR keeps the last). @p seen holds the settings met so far (context id, then key, in
 * @p c's arena): only a setting given twice costs a scan of the context's lines.
 */
static enum frs_err last_wins(struct frs_conf *c, struct frs_hmap *seen, struct fctx *x,
			      const char *line)
{
	size_t key = single_key(line), idlen;
	char *k;

	if (!key)
		return FRS_OK;
	idlen = strlen(x->id);
	if (!(k = frs_arena_bytes(&c->arena, idlen + 1 + key + 1)))
		return FRS_ENOMEM;
	memcpy(k, x->id, idlen);
	k[idlen] = '\002';
	memcpy(k + idlen + 1, line, key);
	k[idlen + 1 + key] = '\0';
	if (!frs_hmap_get(seen, k, NULL))
		return frs_hmap_put(seen, k, 1);
	/* the same key, not a longer setting that shares its words (`timers connect`) */
	for (size_t i = 0; i < x->lines->n; i++)
		if (strncmp(x->lines->v[i], line, key) == 0 && single_key(x->lines->v[i]) == key &&
		    strcmp(x->lines->v[i], line) != 0)
			return frs_strset_remove(x->lines, i);
	return FRS_OK;
}

/* frs_rl__norm_line(), a malformed line reported at @p name:@p lineno. */
static enum frs_err normalise_at(struct frs_buf *out, int *present, char *const *keys, size_t nkeys,
				 const char *s, struct seqstate *st, struct frs_errlist *errs,
				 const char *name, unsigned lineno)
{
	enum frs_err rc = frs_rl__norm_line(out, present, keys, nkeys, s, st);

	return rc == FRS_EPARSE ? perr(errs, name, lineno, "malformed command", s) : rc;
}

static int in_vrf(const struct level *stack, size_t depth)
{
	return depth && strncmp(stack[0].ctx->keys[0], "vrf ", 4) == 0;
}

/* Collapse runs of blanks in @p s to one space and drop trailing ones, in place. */
static char *squeeze(char *s, char *e)
{
	char *d = e;

	/* most lines need not (the libc scans are vectorised) */
	if (memchr(s, '\t', (size_t)(e - s)) || memchr(s, '\r', (size_t)(e - s)) || strstr(s, "  ")) {
		char *r = s;
		for (d = s; r < e; r++) {
			char ch = *r == '\r' || *r == '\t' ? ' ' : *r;
			if (ch == ' ' && (d == s || d[-1] == ' '))
				continue;
			*d++ = ch;
		}
	}
	while (d > s && d[-1] == ' ')
		d--;
	*d = '\0';
	return d;
}

/*
 * Room in a conf's arena for the contexts (each with a key array, its place in v and up to four
 * index slots) of @p lines lines. With the text, they come from one reservation: touching fresh
 * memory 4 KiB at a time cost more than the parse itself (huge pages past 2 MiB).
 */
static size_t room_for(size_t lines)
{
	return lines * (sizeof(struct fctx) + 16 + sizeof(struct fctx *) + 4 * sizeof(uint64_t));
}

/* Parse the NUL-terminated @p p (@p len bytes, in @p c's arena; cut into lines in place: lines
 * already in normal form stay where they are, neither copied nor allocated line by line). */
static enum frs_err parse_text(struct frs_conf *c, char *p, size_t len, const char *name,
			       struct frs_errlist *errs)
{
	struct level stack[8];
	char *ahead = NULL, *ahead_nl = NULL; /* the next line, already found */
	uint32_t ahead_h = 0;
	size_t depth = 0;
	struct seqstate st;
	char *end = p + len;
	unsigned lineno = 0;
	struct frs_buf norm = FRS_BUF_INIT, exp = FRS_BUF_INIT;
	struct frs_hmap seen = { NULL, 0, 0 };
	enum frs_err rc;

	memset(&st, 0, sizeof(st));
	memset(stack, 0, sizeof(stack));
	/* FRR's lines average 30 to 70 bytes: room for len / 64 contexts rarely grows, or once */
	if ((rc = frs_rl__conf_reserve(c, len / 64 + 16)))
		goto done;
	while (p < end) {
		char *nl = p == ahead ? ahead_nl : memchr(p, '\n', (size_t)(end - p));
		char *e = nl ? nl : end;
		uint32_t raw_h = p == ahead ? ahead_h : 0; /* of the raw line, when known */
		unsigned indent = 0;
		char *s;
		long seq;
		size_t lk;

		/*
		 * Find and hash the next line now and start loading its index slot: in a big config
		 * each insert is a cache miss, hidden this way behind the work on this line. (A line
		 * in FRR's form at the top level is its own id.)
		 */
		if (nl && nl + 1 < end) {
			ahead = nl + 1;
			ahead_nl = memchr(ahead, '\n', (size_t)(end - ahead));
			ahead_h = frs_hash_n(ahead, (size_t)((ahead_nl ? ahead_nl : end) - ahead));
			__builtin_prefetch(&c->index[ahead_h & (c->index_cap - 1)]);
		}
		lineno++;
		*e = '\0';
		for (s = p; *s == ' ' || *s == '\t'; s++)
			indent++;
		p = nl ? nl + 1 : end;
		if (*s == 'i' && !in_vrf(stack, depth) && (lk = frs_rl__plain_plist_entry(s, e, &seq))) {
			/* a top-level command whatever came before it (frs_rl__top_only), already normal */
			struct fctx *x;
			size_t pos;
			depth = 0;
			if (indent || !raw_h)
				raw_h = frs_hash_n(s, (size_t)(e - s));
			if ((rc = frs_rl__seq_list(&st, s, lk, &pos)) ||
			    (rc = frs_rl__conf_get(&x, c, s, (size_t)(e - s), raw_h, 1, 1)))
				goto done;
			if ((size_t)seq > st.maxv[pos])
				st.maxv[pos] = (size_t)seq;
			if (!x->line_no)
				x->line_no = lineno;
			continue;
		}
		e = squeeze(s, e);
		if (!*s || *s == '!' || *s == '#' || strcmp(s, "Building configuration...") == 0 ||
		    strncmp(s, "Current configuration:", 22) == 0)
			continue;
		if (strcmp(s, "end") == 0) {
			depth = 0;
			continue;
		}
		if (strncmp(s, "exit", 4) == 0 && (s[4] == '\0' || s[4] == '-')) {
			if (depth)
				depth--;
			continue;
		}
		switch (frs_rl__expand(&exp, s)) {
		case 1:
			if (!(s = frs_arena_strndup(&c->arena, exp.ptr, exp.len))) {
				rc = FRS_ENOMEM;
				goto done;
			}
			e = s + exp.len;
			break;
		case -1:
			rc = FRS_ENOMEM;
			goto done;
		}
		/* an indented body ends where indentation returns to its header's */
		while (depth && stack[depth - 1].body_indent > (int)stack[depth - 1].hdr_indent &&
		       indent <= stack[depth - 1].hdr_indent)
			depth--;
		/* a new context at this level or any enclosing one */
		{
			const struct kw *found = NULL;
			size_t lvl = depth + 1;
			/* `profile P` inside a bfd peer is a body line, not bfd's profile; inside a
			 * profile (which has no `profile` command) it is the next profile, as
			 * after an empty one without `exit` (MetalLB's own layout) */
			int shadowed = depth && stack[depth - 1].kw &&
				       stack[depth - 1].kw->body == frs_rl__body_bfd_session &&
				       strcmp(stack[depth - 1].kw->word, "peer ") == 0 &&
				       frs_rl__word_in(s, frs_rl__body_bfd_session);
			while (!shadowed && lvl-- > 0) {
				const struct kw *list = lvl == 0 ? frs_rl__kw_top : stack[lvl - 1].kw ?
					stack[lvl - 1].kw->children : NULL;
				if ((found = frs_rl__kw_find(list, s)))
					break;
				/* an indented line belongs to the body it is indented under */
				if (lvl && stack[lvl - 1].body_indent > (int)stack[lvl - 1].hdr_indent &&
				    indent > stack[lvl - 1].hdr_indent)
					break;
			}
			if (found) {
				int present;
				depth = lvl;
				if ((rc = frs_rl__norm_line(&norm, &present, NULL, 0, s, &st)))
					goto done;
				rc = push(stack, &depth, found, present ? norm.ptr : s, indent, lineno,
					  c);
				if (rc == FRS_EPARSE) {
					rc = perr(errs, name, lineno, "contexts nested too deep", s);
					goto done;
				}
				if (rc)
					goto done;
				continue;
			}
		}
		if (depth && frs_rl__starts_any(s, frs_rl__top_only) &&
		    !(in_vrf(stack, depth) && (strncmp(s, "ip ", 3) == 0 ||
		      strncmp(s, "ipv6 ", 5) == 0) && indent > stack[0].hdr_indent) &&
		    !(in_vrf(stack, depth) && depth == 1 &&
		      stack[0].body_indent <= (int)stack[0].hdr_indent && (strncmp(s, "ip ", 3) == 0 ||
		      strncmp(s, "ipv6 ", 5) == 0)))
			depth = 0;
	top_level:
		if (depth == 0) {
			char *key;
			int present;
			struct fctx *x;
			if (!frs_rl__word_in(s, frs_rl__top_words)) {
				rc = perr(errs, name, lineno, "unknown command", s);
				goto done;
			}
			if ((rc = normalise_at(&norm, &present, NULL, 0, s, &st, errs, name, lineno)))
				goto done;
			if (!present)
				continue;
			if (!(key = keep(c, &norm, s))) {
				rc = FRS_ENOMEM;
				goto done;
			}
			/* a command FRR shows as several lines, one per line */
			for (char *k = key, *brk; k; k = brk ? brk + 1 : NULL) {
				size_t klen;
				if ((brk = strchr(k, '\n')))
					*brk = '\0';
				klen = strlen(k);
				if ((rc = frs_rl__conf_get(&x, c, k, klen, frs_hash_n(k, klen), 1, 1)))
					goto done;
				if (!x->line_no)
					x->line_no = lineno;
			}
			continue;
		}
		{
			struct level *lv = &stack[depth - 1];
			struct fctx *into = lv->ctx;
			int present;
			uint32_t h;
			/* a top-level command after a body without `exit` or indentation */
			if (lv->kw && lv->kw->body && !frs_rl__word_in(s, lv->kw->body) &&
			    indent <= lv->hdr_indent && lv->body_indent <= (int)lv->hdr_indent &&
			    frs_rl__word_in(s, frs_rl__top_words)) {
				depth = 0;
				goto top_level;
			}
			if (lv->kw && lv->kw->body && !frs_rl__word_in(s, lv->kw->body)) {
				rc = perr(errs, name, lineno, "unknown command", s);
				goto done;
			}
			if (lv->body_indent < 0)
				lv->body_indent = (int)indent;
			/* ipv4 unicast commands given at router level: bgpd moves them */
			if (into->nkeys == 1 && strncmp(into->keys[0], "router bgp ", 11) == 0 &&
			    frs_rl__ipv4_unicast_cmd(s)) {
				char *k[2] = { into->keys[0], "address-family ipv4 unicast" };
				if ((rc = frs_rl__conf_ctx(&into, c, k, 2)))
					goto done;
				if (!into->line_no)
					into->line_no = lineno;
			}
			if (into == lv->ctx && frs_rl__plain_network(s, e, into->keys)) {
				if ((rc = frs_rl__ctx_add(c, into, s, frs_hash_n(s, (size_t)(e - s)))))
					goto done;
				continue;
			}
			if ((rc = normalise_at(&norm, &present, into->keys, into->nkeys, s, &st, errs, name,
				       lineno)))
				goto done;
			if (!present)
				continue;
			if (!memchr(norm.ptr, '\n', norm.len)) {
				if ((rc = last_wins(c, &seen, into, norm.ptr)))
					goto done;
				if (!frs_strset_has_h(into->lines, norm.ptr,
						      h = frs_hash_n(norm.ptr, norm.len))) {
					char *l = keep(c, &norm, s);
					if (!l || (rc = frs_rl__ctx_add(c, into, l, h))) {
						rc = FRS_ENOMEM;
						goto done;
					}
				}
				continue;
			}
			/* a command FRR shows as several lines, one per line */
			{
				char *l = keep(c, &norm, s), *brk;
				for (; l; l = brk ? brk + 1 : NULL) {
					if ((brk = strchr(l, '\n')))
						*brk = '\0';
					if ((rc = last_wins(c, &seen, into, l)) ||
					    (rc = frs_rl__ctx_add(c, into, l, frs_hash(l))))
						goto done;
				}
			}
		}
	}
	frs_rl__conf_drop_empty(c);
	rc = FRS_OK;
done:
	frs_buf_dispose(&norm);
	frs_buf_dispose(&exp);
	frs_hmap_dispose(&seen);
	frs_rl__seq_dispose(&st);
	return rc;
}

/*
 * A new conf named @p name and, in its arena, room for a text of @p len bytes (returned in *text,
 * for the caller to fill) and for what parsing it builds, reserved for the worst case of short
 * lines: only what the parse touches is ever faulted in.
 */
static enum frs_err conf_for_text(struct frs_conf **out, char **text, size_t len, const char *name)
{
	enum frs_err rc;

	if ((rc = frs_rl__conf_new(out, name)))
		return rc;
	if (frs_arena_reserve(&(*out)->arena, len + 1 + room_for(len / 16 + 1)) ||
	    !(*text = frs_arena_bytes(&(*out)->arena, len + 1))) {
		frs_conf_free(*out);
		*out = NULL;
		return FRS_ENOMEM;
	}
	return FRS_OK;
}

/* Parse the @p len bytes of @p text that conf_for_text() gave, into @p c: *out on success;
 * @p c is freed on failure. */
static enum frs_err conf_parse_in(struct frs_conf **out, struct frs_conf *c, char *text, size_t len,
				  const char *name, struct frs_errlist *errs)
{
	const char *nul = memchr(text, '\0', len);
	enum frs_err rc;

	text[len] = '\0';
	if (nul) {
		/* a C string would end there: the rest of the line, or of the file, would vanish */
		struct frs_loc loc = { name, 1, 1 };
		for (const char *q = text; q < nul; q++) {
			loc.column = *q == '\n' ? 1 : loc.column + 1;
			loc.line += *q == '\n';
		}
		frs_conf_free(c);
		if (errs)
			frs_errlist_report(errs, FRS_DIAG(.code = FRS_EPARSE, .loc = &loc),
					   "NUL byte: a config is text (what follows would be lost)");
		return FRS_EPARSE;
	}
	if ((rc = parse_text(c, text, len, name, errs))) {
		frs_conf_free(c);
		return rc;
	}
	*out = c;
	return FRS_OK;
}

enum frs_err frs_conf_parse(struct frs_conf **out, const char *text, size_t len, const char *name,
			    struct frs_errlist *errs)
{
	struct frs_conf *c;
	char *p;
	enum frs_err rc;

	*out = NULL;
	if ((rc = conf_for_text(&c, &p, len, name)))
		return rc;
	memcpy(p, text, len);
	return conf_parse_in(out, c, p, len, name, errs);
}

enum frs_err frs_conf_parse_file(struct frs_conf **out, const char *path, struct frs_errlist *errs)
{
	struct frs_conf *c;
	struct stat sb;
	size_t len = 0;
	char *p;
	int fd = -1, saved;
	enum frs_err rc;

	*out = NULL;
	/* one open (a FIFO would not give its text twice), refused unless regular or a device */
	if (strcmp(path, "-") != 0 && (rc = frs_file_open(&fd, &sb, path)))
		return rc;
	if (fd < 0 || !S_ISREG(sb.st_mode)) {
		/* stdin, /dev/null: through a buffer, within the input limit */
		struct frs_buf b = FRS_BUF_INIT;
		FILE *f = fd < 0 ? stdin : fdopen(fd, "rb");
		if (!f) {
			close(fd);
			return FRS_ESYS;
		}
		if ((rc = frs_file_read_stream(&b, f)) == FRS_OK)
			rc = frs_conf_parse(out, frs_buf_cstr(&b), b.len, path, errs);
		saved = errno;
		if (f != stdin)
			fclose(f);
		frs_buf_dispose(&b);
		errno = saved;
		return rc;
	}
	/* read straight into the conf's own memory */
	if ((rc = conf_for_text(&c, &p, (size_t)sb.st_size, path))) {
		close(fd);
		return rc;
	}
	errno = 0;
	while (len < (size_t)sb.st_size) {
		ssize_t n = read(fd, p + len, (size_t)sb.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	saved = errno ? errno : EIO; /* EOF early: the file shrank while read */
	close(fd);
	if (len < (size_t)sb.st_size) {
		frs_conf_free(c);
		errno = saved;
		return FRS_EINPUT;
	}
	return conf_parse_in(out, c, p, len, path, errs);
}
