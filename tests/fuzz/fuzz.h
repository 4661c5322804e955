/* SPDX-License-Identifier: MIT */
/* What every fuzz target shares: libFuzzer's entry point and how a broken property is reported. */
#ifndef FRS_TESTS_FUZZ_H
#define FRS_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property that does not hold is a crash: libFuzzer keeps the input, the replay fails. */
#define FUZZ_ASSERT(cond, what)                                                          \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "%s:%d: property broken: %s (%s)\n", __FILE__,   \
				__LINE__, what, #cond);                                  \
			abort();                                                         \
		}                                                                        \
	} while (0)

/* @p data as a NUL-terminated copy (the parsers under test take C strings); NULL: no memory. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		for (size_t i = 0; i < size; i++)
			s[i] = (char)data[i];
		s[size] = '\0';
	}
	return s;
}

/* JSON when the input starts like JSON, else YAML: the loader picks by file name. */
static inline const char *fuzz_manifest_name(const uint8_t *data, size_t size)
{
	size_t i = 0;

	while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
		i++;
	return i < size && (data[i] == '{' || data[i] == '[') ? "f.json" : "f.yaml";
}

#endif
