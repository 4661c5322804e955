/* SPDX-License-Identifier: MIT */
/* A shell line split into words, as a POSIX shell would without expansions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <frrshim/buf.h>

#include "shell.h"
#include "../lib/vec.h"

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
	size_t n = 0, cap;
	char *copy = strdup(s);

	for (; *v && (*v)[n]; n++)
		;
	cap = *v ? n + 1 : 0; /* a NULL-terminated list keeps no capacity: its length is it */
	if (!copy || FRS_VEC_RESERVE(*v, cap, n + 2)) {
		free(copy);
		return;
	}
	(*v)[n] = copy;
	(*v)[n + 1] = NULL;
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
	size_t cap = *argv ? (size_t)*argc + 1 : 0; /* NULL-terminated: its length is its size */
	char *s;

	if (FRS_VEC_RESERVE(*argv, cap, (size_t)*argc + 2))
		return -1;
	if (!(s = frs_buf_detach(w)))
		return -1;
	(*argv)[(*argc)++] = s;
	(*argv)[*argc] = NULL;
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
