/* SPDX-License-Identifier: MIT */
/* explain's report, shared by `explain` and `bundle`: the guide's phases as one JSON, and as text. */
#ifndef FRS_CLI_EXPLAIN_H
#define FRS_CLI_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include <frrshim/model.h>
#include <frrshim/query.h>
#include <frrshim/verify.h>
#include <frrshim/view.h>

/* What one reading of the node's live FRR and sidecar gave (cli/explain_live.c). */
struct cli_live {
	const char *vty_dir;             /* NULL: the default */
	const char *state_dir;           /* NULL: the sidecar is not looked at */
	const struct frs_view *view;     /* the node whose FRR this is */
	struct frs_verify_expect expect; /* everything the node must send */
	struct frs_verify_observed obs;
	enum frs_err rc;                 /* of the reading of bgpd */
	char *rc_text;                   /* why bgpd could not be read */
	struct frs_bfd_peers bfd;
	int bfd_ok;
	/* the network namespace's TCP counters (/proc/net/netstat, /proc/net/snmp); -1 unknown */
	long long md5_failure, md5_not_found, md5_unexpected, attempt_fails;
};

/* Read the node's FRR, BFD and kernel counters once. FRS_ENOMEM or FRS_OK (an unreachable
 * bgpd is a result, kept in live->rc). */
enum frs_err cli_live_read(struct cli_live *live, const struct frs_view *v, const char *vty_dir,
			   const char *state_dir);
void cli_live_dispose(struct cli_live *live);

/* The live phase of one service on live->view's node: a "live" object with its checks. */
cJSON *cli_live_explain(struct cli_live *live, const struct frs_view_service *vs);

/* The sidecar's status files in @p dir as one check (appended to @p checks); true when it holds. */
bool cli_live_sidecar(cJSON *checks, const char *dir);

/* The report of one service: assignment (from @p m), announcement on each of @p views (one per
 * node), live (when @p live). NULL when out of memory. ok = every IP announced where it should
 * be: from the one node, or with @p all_nodes from at least one. */
cJSON *cli_explain_report(const struct frs_model *m, const struct frs_service *svc,
			  struct frs_view *const *views, size_t nviews, bool all_nodes,
			  struct cli_live *live);

/* The report as lines for people. */
void cli_explain_print(FILE *f, const cJSON *report);

/* One check object: "status" ok, fail, warn or info (a pool not used), a code, its text and next step. */
cJSON *cli_check_add(cJSON *checks, const char *status, int code, const char *text,
		     const char *next);

#endif
