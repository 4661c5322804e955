/* SPDX-License-Identifier: MIT */
/* Fuzz target: the template engine. Any bytes are compiled as a template and rendered against a
 * data tree that defines the names frrgen/templates/ use, as strings, booleans and nested lists. */
#include "config.h"

#include <string.h>

#include <frrshim/buf.h>
#include <frrshim/tmpl.h>

#include "fuzz.h"

static const char *const scalars[] = {
	"action", "af", "asn", "bfd_profile", "connect", "detect_multiplier", "echo_interval", "id",
	"hostname", "local_as", "loglevel", "match", "minimum_ttl", "name", "password", "pl4", "pl6",
	"port", "prefix", "receive_interval", "remote_as", "router_id", "seq", "set", "timers",
	"transmit_interval", "update_source", "vrf", "a", "b",
};
static const char *const bools[] = {
	"connected_check_off", "echo_mode", "graceful_restart", "has_bfd", "has_pl4", "has_pl6",
	"multihop", "on_match_next", "passive_mode", "unnumbered", "t",
};
static const char *const lists[] = {
	"afs", "bfd_profiles", "members", "neighbors", "networks", "routemaps", "routers", "rule", "l",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Scalars and booleans in @p map; lists of two items each, @p depth levels deep. */
static int fill(struct frs_tmpl_data *map, int depth)
{
	for (size_t i = 0; i < N(scalars); i++)
		if (frs_tmpl_setf(map, scalars[i], "%s-%d", scalars[i], depth))
			return -1;
	for (size_t i = 0; i < N(bools); i++)
		if (frs_tmpl_set_bool(map, bools[i], depth % 2 == 0))
			return -1;
	if (frs_tmpl_set(map, "e", "") || frs_tmpl_set_bool(map, "f", false) ||
	    frs_tmpl_set_list(map, "empty"))
		return -1;
	if (depth == 0)
		return 0;
	for (size_t i = 0; i < N(lists); i++)
		for (int k = 0; k < 2; k++) {
			struct frs_tmpl_data *item;

			if (frs_tmpl_add(&item, map, lists[i]) || fill(item, depth - 1))
				return -1;
		}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct frs_tmpl_data *root;
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_buf a = FRS_BUF_INIT, b = FRS_BUF_INIT;
	struct frs_tmpl *t = NULL;
	char *text = fuzz_cstr(data, size);
	enum frs_err ra, rb;

	/* built once: the data does not change, and 9^2 items per input would dominate */
	if (!root) {
		root = frs_tmpl_data_new();
		if (!root || fill(root, 2)) {
			fprintf(stderr, "fuzz_tmpl: out of memory\n");
			abort();
		}
	}
	if (!text)
		return 0;
	if (frs_tmpl_compile(&t, "fuzz", text, size, &errs) == FRS_OK) {
		ra = frs_tmpl_render(&a, t, root, &errs);
		rb = frs_tmpl_render(&b, t, root, &errs);
		FUZZ_ASSERT(ra == rb, "the same template and data rendered with different results");
		FUZZ_ASSERT(ra != FRS_OK ||
			    (a.len == b.len && memcmp(frs_buf_cstr(&a), frs_buf_cstr(&b), a.len) == 0),
			    "the same template and data rendered differently");
	}
	for (size_t i = 0; i < errs.n; i++)
		FUZZ_ASSERT(errs.v[i].message && errs.v[i].message[0], "a diagnostic without a message");
	frs_tmpl_free(t);
	frs_buf_dispose(&a);
	frs_buf_dispose(&b);
	frs_errlist_dispose(&errs);
	free(text);
	return 0;
}
