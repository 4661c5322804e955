/* SPDX-License-Identifier: MIT */
/* Fuzz target: load → validate → view → render, the whole of `frrshim render` on any bytes. What
 * renders must be a configuration the reloader reads back: nothing from a resource may break a
 * line, open a context or leave text FRR would not print. explain's IP assignment phase runs on
 * every Service too: one line per check, a next step for every failure. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/assign.h>
#include <frrshim/buf.h>
#include <frrshim/doc.h>
#include <frrshim/model.h>
#include <frrshim/reload.h>
#include <frrshim/render.h>
#include <frrshim/view.h>

#include "../../frrgen/model_int.h"
#include "../../frrgen/validate.h"
#include "fuzz.h"

/* Render one node's view; the output must parse as an FRR configuration. */
static void render_node(const struct frs_model *m, const char *node, bool per_peer_lists)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_view_opts vo = { 0 };
	struct frs_render_opts ro = { 0 };
	struct frs_buf out = FRS_BUF_INIT;
	struct frs_view *v = NULL;
	struct frs_conf *c = NULL;
	enum frs_err rc;

	vo.node = node;
	ro.per_peer_lists = per_peer_lists;
	if (frs_view_build(&v, m, &vo, &errs) != FRS_OK)
		goto done;
	if (frs_render_node(&out, v, &ro, &errs) != FRS_OK)
		goto done;
	rc = frs_conf_parse(&c, frs_buf_cstr(&out), out.len, "render", &errs);
	if (rc != FRS_OK && rc != FRS_ENOMEM) {
		for (size_t i = 0; i < errs.n; i++)
			fprintf(stderr, "%s\n", errs.v[i].message);
		fprintf(stderr, "----\n%s----\n", frs_buf_cstr(&out));
	}
	FUZZ_ASSERT(rc == FRS_OK || rc == FRS_ENOMEM, "a rendered frr.conf the reloader cannot read");
done:
	frs_conf_free(c);
	frs_view_free(v);
	frs_buf_dispose(&out);
	frs_errlist_dispose(&errs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *name = fuzz_manifest_name(data, size);
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_model *m = frs_model__new();
	bool *known = NULL, *ok = NULL;

	if (!m)
		return 0;
	if (frs_docset_load_mem(&m->docs, name, (const char *)data, size, &errs) != FRS_OK)
		goto done;
	known = calloc(m->docs.ndocs + 1, sizeof(*known));
	ok = malloc((m->docs.ndocs + 1) * sizeof(*ok));
	if (!known || !ok)
		goto done;
	for (size_t i = 0; i < m->docs.ndocs; i++)
		ok[i] = true;
	/* frs_model_load's steps, on memory */
	if (frs_model__classify(&m->docs, known, &errs) != FRS_OK)
		goto done;
	if (frs_validate_docs(&m->docs, ok, &errs) == FRS_ENOMEM)
		goto done;
	if (frs_model__convert(m, known, ok, &errs) != FRS_OK)
		goto done;
	if (frs_rules_check(m, &errs) == FRS_ENOMEM)
		goto done;
	/* render only what lint passes, as `frrshim render` does */
	if (frs_errlist_count(&errs, FRS_SEV_ERROR) > 0)
		goto done;
	for (size_t i = 0; i < m->nservices; i++) {
		struct frs_assign *a = NULL;

		if (frs_assign_explain(&a, m, &m->services[i]) != FRS_OK)
			continue;
		FUZZ_ASSERT(a->ok == (a->reason == FRS_ASSIGN_OK), "assign: ok and reason disagree");
		for (size_t j = 0; j < a->nchecks; j++) {
			FUZZ_ASSERT(a->checks[j].text && !strchr(a->checks[j].text, '\n'),
				    "assign: a check is not one line");
			FUZZ_ASSERT(a->checks[j].ok || a->checks[j].next, "assign: no next step");
		}
		frs_assign_free(a);
	}
	/* the golden cases' node, and the nodes the input names (a few: each view is a full pass) */
	render_node(m, "worker-1", false);
	for (size_t i = 0; i < m->nnodes && i < 2; i++)
		if (strcmp(m->nodes[i].obj.name, "worker-1") != 0)
			render_node(m, m->nodes[i].obj.name, true);
done:
	free(known);
	free(ok);
	frs_errlist_dispose(&errs);
	frs_model_free(m);
	return 0;
}
