/* SPDX-License-Identifier: MIT */
/* Secrets out of text that goes to people: logs, errors, status files. */
#include "config.h"

#include <string.h>

#include <frrshim/buf.h>
#include <frrshim/reload.h>

void frs_reload_scrub(struct frs_buf *b)
{
	static const char *const words[] = { "password ", "authentication-key ", "key-string ",
					     "message-digest-key ", NULL };
	static const char repl[] = "<retracted>";
	struct frs_buf o = FRS_BUF_INIT;
	const char *s;
	int changed = 0;

	if (!b->ptr)
		return;
	s = b->ptr;
	while (*s) {
		const char *hit = NULL, *w = NULL;
		for (const char *const *k = words; *k; k++) {
			const char *h = strstr(s, *k);
			if (h && (!hit || h < hit)) {
				hit = h;
				w = *k;
			}
		}
		if (!hit) {
			frs_buf_puts(&o, s);
			break;
		}
		hit += strlen(w);
		frs_buf_add(&o, s, (size_t)(hit - s));
		if (strcmp(w, "message-digest-key ") == 0) {
			/* message-digest-key N md5 KEY: keep "N md5 " */
			for (int i = 0; i < 2 && *hit; i++) {
				size_t k = strcspn(hit, " \n\"");
				frs_buf_add(&o, hit, k);
				hit += k;
				if (*hit == ' ')
					frs_buf_putc(&o, *hit++);
			}
		}
		s = hit + strcspn(hit, " \n\"");
		if (s != hit) {
			frs_buf_puts(&o, repl);
			changed = 1;
		}
	}
	if (changed && o.ptr) {
		frs_buf_clear(b);
		frs_buf_add(b, o.ptr, o.len);
	}
	frs_buf_dispose(&o);
}

