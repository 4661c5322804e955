/* SPDX-License-Identifier: MIT */
/* Running a subcommand with its stdout caught in a buffer: the shell's pager and the bundle. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <frrshim/file.h>

#include "cli.h"

void cli_getopt_reset(void)
{
	static const struct option none[] = { { NULL, 0, NULL, 0 } };
	char *argv[] = { "frrshim", NULL };

	/* glibc reinitialises its permutation state only when optind is 0; the commands set 1 */
	optind = 0;
	opterr = 0;
	(void)getopt_long(1, argv, "", none, NULL);
	opterr = 1;
}

static int capture(struct frs_buf *out, bool with_stderr, int (*run)(int, char **), int argc,
		   char **argv)
{
	FILE *tmp = tmpfile();
	int saved = -1, saved_err = -1, ret;

	/* a temporary file rather than a pipe: the command may print more than a pipe holds */
	if (!tmp)
		return -1;
	fflush(stdout);
	fflush(stderr);
	saved = dup(STDOUT_FILENO);
	if (with_stderr)
		saved_err = dup(STDERR_FILENO);
	if (saved < 0 || (with_stderr && saved_err < 0) || dup2(fileno(tmp), STDOUT_FILENO) < 0 ||
	    (with_stderr && dup2(fileno(tmp), STDERR_FILENO) < 0)) {
		if (saved >= 0) {
			dup2(saved, STDOUT_FILENO);
			close(saved);
		}
		if (saved_err >= 0)
			close(saved_err);
		fclose(tmp);
		return -1;
	}
	cli_getopt_reset();
	ret = run(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	if (with_stderr) {
		dup2(saved_err, STDERR_FILENO);
		close(saved_err);
	}
	rewind(tmp);
	if (frs_file_read_stream(out, tmp))
		ret = ret ? ret : CLI_EXIT_SYSTEM;
	fclose(tmp);
	return ret;
}

int cli_capture(struct frs_buf *out, int (*run)(int, char **), int argc, char **argv)
{
	return capture(out, false, run, argc, argv);
}

int cli_capture_all(struct frs_buf *out, int (*run)(int, char **), int argc, char **argv)
{
	return capture(out, true, run, argc, argv);
}
