/* SPDX-License-Identifier: MIT */
/* Diagnostics and exit codes: how every command reports the library's error list. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"

/* The one table from errors to exit statuses; doc/frrshim.1 (EXIT STATUS) prints it too. */
int cli_exit_code(enum frs_err rc)
{
	switch (rc) {
	case FRS_OK:
		return CLI_EXIT_OK;
	case FRS_EPARSE:
	case FRS_EINVALID:
	case FRS_ENOTFOUND:
		return CLI_EXIT_PROBLEM;
	case FRS_EARG:
	case FRS_EINPUT:
		return CLI_EXIT_USAGE;
	case FRS_EUNREACHABLE:
	case FRS_ETIMEOUT:
	case FRS_EFRR:
		return CLI_EXIT_FRR;
	case FRS_ENOMEM:
	case FRS_EIO:
	case FRS_EROLLBACK:
	case FRS_ESYS:
		return CLI_EXIT_SYSTEM;
	}
	return CLI_EXIT_SYSTEM;
}

int cli_load_exit(const char *cmd, enum frs_err rc)
{
	switch (rc) {
	case FRS_OK:
	case FRS_EPARSE:
	case FRS_EINVALID:
	case FRS_EINPUT: /* the diagnostics say what and where */
		break;
	default:
		cli_errorf("%s%s%s", cmd ? cmd : "", cmd ? ": " : "", frs_strerror(rc));
		break;
	}
	return cli_exit_code(rc);
}

int cli_format_parse(const char *s, enum cli_format *out)
{
	static const struct {
		const char *name;
		enum cli_format fmt;
	} names[] = { { "text", CLI_FMT_TEXT }, { "json", CLI_FMT_JSON }, { "github", CLI_FMT_GITHUB } };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].fmt;
			return 0;
		}
	return -1;
}

static const char *severity_name(enum frs_severity s)
{
	return s == FRS_SEV_WARNING ? "warning" : "error";
}

/* "Kind ns/name: path: message" — the part after the location. */
static void print_body(FILE *f, const struct frs_error *e, const char *(*esc)(FILE *, const char *))
{
	if (e->kind) {
		esc(f, e->kind);
		if (e->name) {
			fputc(' ', f);
			if (e->ns) {
				esc(f, e->ns);
				fputc('/', f);
			}
			esc(f, e->name);
		}
		fputs(": ", f);
	}
	if (e->path && *e->path) {
		esc(f, e->path);
		fputs(": ", f);
	}
	esc(f, e->message ? e->message : "");
}

static const char *plain(FILE *f, const char *s)
{
	fputs(s, f);
	return s;
}

/* GitHub workflow commands: %, CR and LF are escaped in messages. */
static const char *gh_data(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", f);
		else if (*s == '\r')
			fputs("%0D", f);
		else if (*s == '\n')
			fputs("%0A", f);
		else
			fputc(*s, f);
	}
	return s;
}

/* ... and in properties also ':' and ','. */
static void gh_prop(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == ':')
			fputs("%3A", f);
		else if (*s == ',')
			fputs("%2C", f);
		else {
			char c[2] = { *s, 0 };
			gh_data(f, c);
		}
	}
}

static void print_text(FILE *f, const struct frs_error *e)
{
	if (e->file) {
		fputs(e->file, f);
		if (e->line) {
			fprintf(f, ":%u", e->line);
			if (e->column)
				fprintf(f, ":%u", e->column);
		}
		fputs(": ", f);
	}
	fprintf(f, "%s: ", severity_name(e->severity));
	print_body(f, e, plain);
	fputc('\n', f);
}

static void print_github(FILE *f, const struct frs_error *e)
{
	fprintf(f, "::%s", severity_name(e->severity));
	if (e->file) {
		fputs(" file=", f);
		gh_prop(f, e->file);
		if (e->line)
			fprintf(f, ",line=%u", e->line);
		if (e->column)
			fprintf(f, ",col=%u", e->column);
	}
	fputs("::", f);
	print_body(f, e, gh_data);
	fputc('\n', f);
}

static void add_str(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

static void print_json(FILE *f, const struct frs_errlist *l)
{
	cJSON *arr = cJSON_CreateArray();
	char *s;

	for (size_t i = 0; arr && i < l->n; i++) {
		const struct frs_error *e = &l->v[i];
		cJSON *o = cJSON_CreateObject();
		if (!o)
			break;
		add_str(o, "file", e->file);
		cJSON_AddNumberToObject(o, "line", e->line);
		cJSON_AddNumberToObject(o, "column", e->column);
		cJSON_AddStringToObject(o, "severity", severity_name(e->severity));
		add_str(o, "kind", e->kind);
		add_str(o, "namespace", e->ns);
		add_str(o, "name", e->name);
		add_str(o, "path", e->path);
		add_str(o, "message", e->message);
		cJSON_AddItemToArray(arr, o);
	}
	s = arr ? cJSON_Print(arr) : NULL;
	if (s) {
		fputs(s, f);
		fputc('\n', f);
	}
	cJSON_free(s);
	cJSON_Delete(arr);
}

void cli_print_diagnostics(FILE *f, const struct frs_errlist *l, enum cli_format fmt)
{
	if (fmt == CLI_FMT_JSON) {
		print_json(f, l);
		return;
	}
	for (size_t i = 0; i < l->n; i++)
		(fmt == CLI_FMT_GITHUB ? print_github : print_text)(f, &l->v[i]);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "frrshim %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'frrshim %s --help'.\n", cmd);
	return CLI_EXIT_USAGE;
}

void cli_errorf(const char *fmt, ...)
{
	va_list ap;

	fputs("frrshim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
