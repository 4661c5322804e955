/* SPDX-License-Identifier: MIT */
/* Fuzz target: the watch stream splitter and event parser (what the API server's bytes meet first). */
#include "config.h"

#include <string.h>

#include <frrshim/buf.h>

#include "../../kube/kube_int.h"
#include "fuzz.h"

struct seen {
	struct frs_buf all;     /* every object, each followed by a NUL */
	size_t n;
};

static enum frs_err take(void *arg, const char *obj, size_t len)
{
	struct seen *s = arg;
	struct frs_buf why = FRS_BUF_INIT;
	struct frs_kube_event ev;

	FUZZ_ASSERT(len >= 2 && obj[0] == '{' && obj[len - 1] == '}',
		    "an object is cut out that is not braced");
	if (frs_kube__event_parse(&ev, obj, len, &why) == FRS_OK) {
		FUZZ_ASSERT(ev.object, "a parsed event without its object");
		FUZZ_ASSERT(ev.type != FRS_KEV_BOOKMARK || ev.rv, "a bookmark without its version");
		frs_kube__event_dispose(&ev);
	} else {
		FUZZ_ASSERT(why.len, "an event refused without a reason");
	}
	frs_buf_dispose(&why);
	if (frs_buf_add(&s->all, obj, len) || frs_buf_putc(&s->all, '\0'))
		return FRS_ENOMEM;
	s->n++;
	return FRS_OK;
}

/*
 * The same objects, and the same verdict, whether the stream comes whole or cut in two at a
 * point the input chooses (its first byte): chunk boundaries must not matter.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct frs_kube_split a = { .max = 1 << 20 }, b = { .max = 1 << 20 };
	struct seen sa = { 0 }, sb = { 0 };
	const char *d = (const char *)data;
	size_t cut = size ? data[0] * size / 256 : 0;
	enum frs_err ra, rb;

	ra = frs_kube__split_feed(&a, d, size, take, &sa);
	rb = frs_kube__split_feed(&b, d, cut, take, &sb);
	if (rb == FRS_OK)
		rb = frs_kube__split_feed(&b, d + cut, size - cut, take, &sb);
	if (ra != FRS_ENOMEM && rb != FRS_ENOMEM) {
		FUZZ_ASSERT(ra == rb, "a cut changes the verdict");
		FUZZ_ASSERT(sa.n == sb.n && sa.all.len == sb.all.len &&
			    (!sa.all.len || memcmp(sa.all.ptr, sb.all.ptr, sa.all.len) == 0),
			    "a cut changes the objects");
		if (ra == FRS_OK)
			FUZZ_ASSERT(frs_kube__split_idle(&a) == frs_kube__split_idle(&b),
				    "a cut changes where the stream stopped");
	}
	frs_kube__split_dispose(&a);
	frs_kube__split_dispose(&b);
	frs_buf_dispose(&sa.all);
	frs_buf_dispose(&sb.all);
	return 0;
}
