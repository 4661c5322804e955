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

#endif
