/* SPDX-License-Identifier: MIT */
/* Findings of issue 13 whose fixes are on other branches. Until they merge, the targets still run
 * such inputs (under the sanitizers) but do not hold them to the property they are known to break,
 * so that fuzzing can find what is new. Delete a gate together with its fix: the inputs kept in
 * tests/fuzz/regress/ then check the fix. */
#ifndef FRS_TESTS_FUZZ_KNOWN_H
#define FRS_TESTS_FUZZ_KNOWN_H

/* reloader: text after a NUL in a line of frr.conf is dropped, so the printed form differs
 * (kept: regress/conf/crash-f773e6c7...) */
#define FUZZ_KNOWN_CONF_NUL 1

/* query/neighbors_fast.c skips values it does not read without checking their syntax, so it
 * takes text cJSON rejects (kept: regress/neighbors/crash-5ea5153c..., `"list">[`) */
#define FUZZ_KNOWN_SCANNER_LAX 1

/* query/neighbors_fast.c takes the last of duplicate keys, cJSON the first
 * (kept: regress/neighbors/crash-21545fcf..., two "bgpTimerUpMsec" in one neighbor) */
#define FUZZ_KNOWN_SCANNER_DUPKEYS 1

/* query/neighbors_fast.c takes only space, tab, CR and LF as whitespace, cJSON every byte up to
 * 0x20 (kept: regress/neighbors/crash-6c734998... "localAs":6500\x11 and crash-a547b352...) */
#define FUZZ_KNOWN_SCANNER_CTRL 1

/* query/neighbors_fast.c keeps an AS number as written, cJSON as the value it read
 * ("remoteAs":00915 is "00915" against "915"; kept: regress/neighbors/crash-8b9c54bc...) */
#define FUZZ_KNOWN_SCANNER_NUMTEXT 1

/* query/neighbors_fast.c reads a top-level "warning" only in the unwrapped form; bgp.c (cJSON)
 * reads it beside VRF wrappers too (kept: regress/neighbors/wrapped-warning.json, crash-0ec26be9...) */
#define FUZZ_KNOWN_SCANNER_WARNING 1

/* query/: numbers beyond int64 (20 digits, 1e300) overflow in neighbors_fast.c's sums and digits
 * and in json.c's (int64_t) casts: undefined behaviour, so such inputs are not run at all
 * (kept: regress/query/crash-2de4ef05..., -4dd5e303..., -93b7b28e..., e.g. 6e+74 in json.c:43) */
#define FUZZ_KNOWN_JSON_BIGNUM 1

/* A run of 16 or more digits, or a digit followed by an exponent: what FUZZ_KNOWN_JSON_BIGNUM
 * keeps out (16 digits: sums of a few counters still fit in int64). */
static inline int fuzz_known_bignum(const unsigned char *s, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (++run >= 16)
				return 1;
		} else {
			if (run && (s[i] == 'e' || s[i] == 'E'))
				return 1;
			run = 0;
		}
	}
	return 0;
}

/* Any byte below 0x20 but tab, CR and LF. */
static inline int fuzz_known_ctrl(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 1;
	return 0;
}

#endif
