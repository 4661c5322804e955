/* SPDX-License-Identifier: MIT */
/* Fuzz target: `show bgp neighbors json` parsing. The tree-less scanner and the cJSON path must
 * agree field by field on whatever the scanner accepts (it may only decline and fall back). */
#include "config.h"

#include <string.h>

#include <frrshim/err.h>
#include <frrshim/query.h>

#include "../../query/json_int.h"
#include "fuzz.h"

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_same_peer(const struct frs_bgp_peer *x, const struct frs_bgp_peer *y)
{
	FUZZ_ASSERT(same(x->vrf, y->vrf), "vrf: fast != cJSON");
	FUZZ_ASSERT(same(x->peer, y->peer), "peer: fast != cJSON");
	FUZZ_ASSERT(same(x->remote_as, y->remote_as), "remote_as: fast != cJSON");
	FUZZ_ASSERT(same(x->local_as, y->local_as), "local_as: fast != cJSON");
	FUZZ_ASSERT(same(x->state, y->state), "state: fast != cJSON");
	FUZZ_ASSERT(same(x->desc, y->desc), "desc: fast != cJSON");
	FUZZ_ASSERT(same(x->hostname, y->hostname), "hostname: fast != cJSON");
	FUZZ_ASSERT(same(x->peer_group, y->peer_group), "peer_group: fast != cJSON");
	FUZZ_ASSERT(same(x->host_foreign, y->host_foreign), "host_foreign: fast != cJSON");
	FUZZ_ASSERT(same(x->last_reset, y->last_reset), "last_reset: fast != cJSON");
	FUZZ_ASSERT(same(x->bfd_status, y->bfd_status), "bfd_status: fast != cJSON");
	FUZZ_ASSERT(x->is_interface == y->is_interface, "is_interface: fast != cJSON");
	FUZZ_ASSERT(x->port_foreign == y->port_foreign, "port_foreign: fast != cJSON");
	FUZZ_ASSERT(x->uptime_ms == y->uptime_ms, "uptime_ms: fast != cJSON");
	FUZZ_ASSERT(x->conn_established == y->conn_established, "conn_established: fast != cJSON");
	FUZZ_ASSERT(x->conn_dropped == y->conn_dropped, "conn_dropped: fast != cJSON");
	FUZZ_ASSERT(x->pfx_sent == y->pfx_sent, "pfx_sent: fast != cJSON");
	FUZZ_ASSERT(x->pfx_recv == y->pfx_recv, "pfx_recv: fast != cJSON");
	FUZZ_ASSERT(memcmp(&x->msg, &y->msg, sizeof(x->msg)) == 0, "messageStats: fast != cJSON");
	FUZZ_ASSERT(x->n_af == y->n_af, "address families: fast != cJSON");
	for (size_t j = 0; j < x->n_af; j++) {
		FUZZ_ASSERT(same(x->af[j].name, y->af[j].name), "af name: fast != cJSON");
		FUZZ_ASSERT(same(x->af[j].rmap_out, y->af[j].rmap_out), "af rmap_out: fast != cJSON");
		FUZZ_ASSERT(x->af[j].sent == y->af[j].sent, "af sent: fast != cJSON");
		FUZZ_ASSERT(x->af[j].accepted == y->af[j].accepted, "af accepted: fast != cJSON");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct frs_errlist errs = FRS_ERRLIST_INIT;
	struct frs_bgp_peers fast, slow, pub;
	char *json = fuzz_cstr(data, size);
	/* an odd first byte: the caller names a VRF (the shape is detected either way) */
	const char *vrf = size && (data[0] & 1) ? "red" : NULL;

	if (!json)
		return 0;
	memset(&fast, 0, sizeof(fast));
	memset(&slow, 0, sizeof(slow));
	memset(&pub, 0, sizeof(pub));
	if (frs_query__neighbors_fast(&fast, json, vrf) == 0) {
		enum frs_err rc = frs_query__neighbors_slow(&slow, json, vrf, &errs);

		FUZZ_ASSERT(rc == FRS_OK || rc == FRS_ENOMEM, "the scanner took what cJSON rejects");
		if (rc == FRS_OK) {
			FUZZ_ASSERT(fast.n == slow.n, "number of peers: fast != cJSON");
			FUZZ_ASSERT(fast.no_such_neighbor == slow.no_such_neighbor,
				    "bgpNoSuchNeighbor: fast != cJSON");
			FUZZ_ASSERT(same(fast.warning, slow.warning), "warning: fast != cJSON");
			for (size_t i = 0; i < fast.n; i++)
				check_same_peer(&fast.v[i], &slow.v[i]);
		}
	}
	/* the public entry point, and a lookup on what it found */
	if (frs_query_parse_neighbors(&pub, json, vrf, &errs) == FRS_OK && pub.n)
		FUZZ_ASSERT(frs_bgp_peers_find(&pub, pub.v[0].vrf, pub.v[0].peer) != NULL,
			    "a parsed peer cannot be found");
	frs_bgp_peers_dispose(&fast);
	frs_bgp_peers_dispose(&slow);
	frs_bgp_peers_dispose(&pub);
	frs_errlist_dispose(&errs);
	free(json);
	return 0;
}
