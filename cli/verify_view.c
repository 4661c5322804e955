/* SPDX-License-Identifier: MIT */
/* verify's expectations from resources: load the model, build the node view, list what it sends. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <frrshim/model.h>
#include <frrshim/verify.h>
#include <frrshim/view.h>

#include "../lib/vec.h"
#include "cli.h"

/* The expectation's string arrays keep no capacity: each push asks lib/vec.h anew (checked). */
static int strv_push(char ***v, size_t *n, const char *s)
{
	size_t cap = *n;

	if (FRS_VEC_RESERVE(*v, cap, *n + 1) || !((*v)[*n] = strdup(s)))
		return -1;
	(*n)++;
	return 0;
}

/* The node view → peers and, per peer, prefixes with communities and local-pref. */
enum frs_err cli_verify_expect_from_view(struct frs_verify_expect *out, const struct frs_view *v)
{
	struct frs_verify_expect e;

	memset(&e, 0, sizeof(e));
	e.peers = calloc(v->npeers + 1, sizeof(*e.peers));
	if (!e.peers)
		return FRS_ENOMEM;
	for (size_t i = 0; i < v->npeers; i++) {
		const struct frs_view_peer *vp = &v->peers[i];
		struct frs_verify_peer *p = &e.peers[e.npeers++];
		const char *vrf = vp->peer->vrf && *vp->peer->vrf ? vp->peer->vrf : "default";

		p->vrf = strdup(vrf);
		p->neighbor = strdup(vp->neighbor);
		p->routes = calloc(vp->nroutes + 1, sizeof(*p->routes));
		if (!p->vrf || !p->neighbor || !p->routes)
			goto nomem;
		for (size_t j = 0; j < vp->nroutes; j++) {
			const struct frs_view_route *vr = &vp->routes[j];
			struct frs_verify_route *r = &p->routes[p->nroutes++];
			char buf[64];

			frs_view_prefix_str(&vr->prefix, buf, sizeof(buf));
			r->prefix = strdup(buf);
			/* 0 means "not sent": FRR sends LOCAL_PREF over iBGP only */
			r->local_pref = vr->local_pref ? (int64_t)vr->local_pref : -1;
			if (!r->prefix)
				goto nomem;
			for (size_t k = 0; k < vr->ncommunities; k++) {
				const struct frs_view_community *c = &vr->communities[k];

				frs_view_community_str(c, buf, sizeof(buf));
				if (c->large ? strv_push(&r->large, &r->nlarge, buf)
					     : strv_push(&r->communities, &r->ncommunities, buf))
					goto nomem;
			}
		}
	}
	*out = e;
	return FRS_OK;
nomem:
	frs_verify_expect_dispose(&e);
	return FRS_ENOMEM;
}

int cli_verify_expect_from_paths(struct frs_verify_expect *out, const char *node,
				 const struct cli_source *src, char *const *paths, size_t npaths,
				 struct frs_errlist *errs)
{
	struct frs_view_opts vopts;
	struct frs_model *m = NULL;
	struct frs_view *v = NULL;
	int ret;

	memset(&vopts, 0, sizeof(vopts));
	vopts.node = node;
	ret = cli_load_view(&m, &v, src, (const char *const *)paths, npaths, &vopts);
	if (ret)
		return ret;
	if (cli_verify_expect_from_view(out, v)) {
		ret = cli_exit_code(frs_errlist_report(errs, FRS_DIAG(.code = FRS_ENOMEM),
						       "out of memory"));
	}
	frs_view_free(v);
	frs_model_free(m);
	return ret;
}
