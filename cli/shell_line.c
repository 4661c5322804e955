/* SPDX-License-Identifier: MIT */
/* A shell line split into words, as a POSIX shell would without expansions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <frrshim/buf.h>

#include "shell.h"

void shell_words_free(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

void shell_list_free(char **v)
{
	shell_words_free(v);
}

void shell_list_append(char ***v, const char *s)
{
	size_t n = 0;
	char **nv, *copy = strdup(s);

	for (; *v && (*v)[n]; n++)
		;
	nv = copy ? realloc(*v, (n + 2) * sizeof(*nv)) : NULL;
	if (!nv) {
		free(copy);
		return;
	}
	nv[n] = copy;
	nv[n + 1] = NULL;
	*v = nv;
}

void shell_list_add(char ***v, const char *s)
{
	for (size_t n = 0; *v && (*v)[n]; n++)
		if (!strcmp((*v)[n], s))
			return;
	shell_list_append(v, s);
}

static int push(char ***argv, int *argc, struct frs_buf *w)
{
	char **nv = realloc(*argv, (size_t)(*argc + 2) * sizeof(*nv));
	char *s;

	if (!nv)
		return -1;
	*argv = nv;
	s = frs_buf_detach(w);
	if (!s)
		return -1;
	nv[(*argc)++] = s;
	nv[*argc] = NULL;
	return 0;
}

int shell_words(char ***argv_out, int *argc_out, const char *line)
{
	struct frs_buf w = FRS_BUF_INIT;
	char **argv = calloc(1, sizeof(*argv));
	int argc = 0, in_word = 0;
	char quote = 0;

	if (!argv)
		return -1;
	for (const char *p = line; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			else if (quote == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
				frs_buf_putc(&w, *++p);
			else
				frs_buf_putc(&w, *p);
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			if (in_word && push(&argv, &argc, &w))
				goto fail;
			in_word = 0;
			continue;
		}
		in_word = 1;
		if (*p == '\'' || *p == '"')
			quote = *p;
		else if (*p == '\\' && p[1])
			frs_buf_putc(&w, *++p);
		else
			frs_buf_putc(&w, *p);
	}
	if (quote)
		goto fail;
	if (in_word && push(&argv, &argc, &w))
		goto fail;
	frs_buf_dispose(&w);
	*argv_out = argv;
	*argc_out = argc;
	return 0;
fail:
	frs_buf_dispose(&w);
	shell_words_free(argv);
	return -1;
}
