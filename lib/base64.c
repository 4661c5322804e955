/* SPDX-License-Identifier: MIT */
/* Standard base64 decoding, as Kubernetes stores Secret data. */
#include "config.h"

#include "base64.h"

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

enum frs_err frs_base64_decode(struct frs_buf *out, const char *s)
{
	size_t start = out->len, n = 0;
	unsigned acc = 0;
	int nbits = 0, pad = 0;

	for (const char *p = s; *p; p++) {
		int v;

		if (*p == '\r' || *p == '\n')
			continue;
		n++;
		if (*p == '=' && pad < 2) {
			pad++;
			continue;
		}
		v = b64val(*p);
		if (v < 0 || pad) /* not base64, or data after the padding */
			goto bad;
		acc = (acc << 6) | (unsigned)v;
		nbits += 6;
		if (nbits >= 8) {
			nbits -= 8;
			if (frs_buf_putc(out, (char)((acc >> nbits) & 0xff)))
				return FRS_ENOMEM;
		}
	}
	/* whole quads only; "=" only where bits are left over */
	if (n % 4 || (pad == 1 && nbits != 2) || (pad == 2 && nbits != 4) || (!pad && nbits))
		goto bad;
	return FRS_OK;
bad:
	out->len = start;
	if (out->ptr)
		out->ptr[start] = '\0';
	return FRS_EPARSE;
}
