#!/bin/sh
# Fuzz the loader: tests/fuzz/run.sh [SECONDS [validate]] (default 60). With "validate", YANG
# validation and the cross-object rules run too (slower). Needs clang (libFuzzer, ASan, UBSan);
# not part of `make check`. Seeds: the examples and the lint golden inputs. Crashes are left in
# tests/fuzz/out/ as crash-* files: add each as a unit test once fixed.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
extra=
[ "${2:-}" = validate ] && extra="-DFUZZ_VALIDATE $top/frrgen/validate.c $top/frrgen/rules.c"
out="$top/tests/fuzz/out"
mkdir -p "$out/corpus"
cfg="$top/_build/config.h"
[ -f "$cfg" ] || { echo "build first (scripts/build.sh): config.h is needed"; exit 1; }
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I"$top/include" -I"$top" -I"$top/_build" -include "$cfg" \
	$(pkg-config --cflags yaml-0.1 libcjson libyang) \
	"$top/tests/fuzz/fuzz_load.c" "$top/frrgen/doc.c" "$top/frrgen/model.c" \
	"$top/lib/arena.c" "$top/lib/buf.c" "$top/lib/err.c" "$top/lib/file.c" $extra \
	$(pkg-config --libs yaml-0.1 libcjson libyang) -o "$out/fuzz_load"
for f in "$top"/examples/*.yaml "$top"/tests/golden/lint/*/*.yaml "$top"/tests/golden/lint/*/*.json; do
	[ -f "$f" ] && [ "$(basename "$f")" != expected.json ] && cp "$f" "$out/corpus/" 2>/dev/null || :
done
cd "$out"
./fuzz_load -max_total_time="$secs" -max_len=8192 -timeout=5 corpus
