/* SPDX-License-Identifier: MIT */
/* A watch stream cut into its events: the end of each top-level JSON object, found incrementally. */
#include "config.h"

#include <string.h>

#include <frrshim/file.h>

#include "kube_int.h"

static bool is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool frs_kube__split_idle(const struct frs_kube_split *s)
{
	return s->obj.len == 0;
}

void frs_kube__split_dispose(struct frs_kube_split *s)
{
	frs_buf_dispose(&s->obj);
	s->depth = 0;
	s->in_str = s->esc = false;
}

/*
 * Only the structure is tracked (braces outside strings, string escapes); cJSON validates each
 * object afterwards. A chunk is copied in runs, not byte by byte, so a large event that arrives
 * in one chunk costs one copy.
 */
enum frs_err frs_kube__split_feed(struct frs_kube_split *s, const char *data, size_t len,
				 frs_kube_split_fn fn, void *arg)
{
	size_t max = s->max ? s->max : frs_file_max();
	size_t i = 0;
	enum frs_err rc;

	while (i < len) {
		size_t start = i;

		if (s->depth == 0) {
			/* between objects */
			if (is_ws(data[i])) {
				i++;
				continue;
			}
			if (data[i] != '{')
				return FRS_EPARSE;
			s->depth = 1;
			i++;
		}
		for (; i < len && s->depth; i++) {
			char c = data[i];

			if (s->in_str) {
				if (s->esc)
					s->esc = false;
				else if (c == '\\')
					s->esc = true;
				else if (c == '"')
					s->in_str = false;
			} else if (c == '"') {
				s->in_str = true;
			} else if (c == '{' || c == '[') {
				s->depth++;
			} else if (c == '}' || c == ']') {
				s->depth--;
			}
		}
		if (s->obj.len + (i - start) > max)
			return FRS_EPARSE;
		/* only the outermost pair is matched here (cJSON checks the inner ones): an
		 * object that "ends" with ']' is garbage, not an event */
		if (s->depth == 0 && data[i - 1] != '}')
			return FRS_EPARSE;
		if (frs_buf_add(&s->obj, data + start, i - start))
			return FRS_ENOMEM;
		if (s->depth == 0) {
			rc = fn(arg, s->obj.ptr, s->obj.len);
			frs_buf_clear(&s->obj);
			if (rc)
				return rc;
		}
	}
	return FRS_OK;
}

static enum frs_kube_event_type *type_of(const char *t, enum frs_kube_event_type *out)
{
	static const struct {
		const char *name;
		enum frs_kube_event_type type;
	} types[] = {
		{ "ADDED", FRS_KEV_ADDED },       { "MODIFIED", FRS_KEV_MODIFIED },
		{ "DELETED", FRS_KEV_DELETED },   { "BOOKMARK", FRS_KEV_BOOKMARK },
		{ "ERROR", FRS_KEV_ERROR },
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(t, types[i].name) == 0) {
			*out = types[i].type;
			return out;
		}
	return NULL;
}

void frs_kube__event_dispose(struct frs_kube_event *ev)
{
	cJSON_Delete(ev->object);
	memset(ev, 0, sizeof(*ev));
}

enum frs_err frs_kube__event_parse(struct frs_kube_event *ev, const char *obj, size_t len,
				  struct frs_buf *why)
{
	cJSON *root = cJSON_ParseWithLength(obj, len);
	const cJSON *type, *o, *md, *rv;
	enum frs_err rc = FRS_EPARSE;

	memset(ev, 0, sizeof(*ev));
	if (!root) {
		frs_buf_puts(why, "watch event: malformed JSON");
		goto done;
	}
	type = cJSON_GetObjectItemCaseSensitive(root, "type");
	o = cJSON_GetObjectItemCaseSensitive(root, "object");
	if (!cJSON_IsString(type) || !cJSON_IsObject(o)) {
		frs_buf_puts(why, "watch event: expected an object with \"type\" and \"object\"");
		goto done;
	}
	if (!type_of(type->valuestring, &ev->type)) {
		frs_buf_addf(why, "watch event: unknown type \"%.40s\"", type->valuestring);
		goto done;
	}
	ev->object = cJSON_DetachItemViaPointer(root, (cJSON *)o);
	if (ev->type == FRS_KEV_ERROR) {
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(ev->object, "code");
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(ev->object, "message");

		ev->code = cJSON_IsNumber(code) ? code->valueint : 0;
		ev->message = cJSON_IsString(msg) ? msg->valuestring : NULL;
		rc = FRS_OK;
		goto done;
	}
	md = cJSON_GetObjectItemCaseSensitive(ev->object, "metadata");
	rv = cJSON_GetObjectItemCaseSensitive(md, "resourceVersion");
	ev->rv = cJSON_IsString(rv) ? rv->valuestring : NULL;
	if (ev->type == FRS_KEV_BOOKMARK && !ev->rv) {
		frs_buf_puts(why, "watch event: a BOOKMARK without metadata.resourceVersion");
		goto done;
	}
	rc = FRS_OK;
done:
	cJSON_Delete(root);
	if (rc)
		frs_kube__event_dispose(ev);
	return rc;
}
