#!/bin/sh
# Print FILE as a C array `static const char NAME[]`, NUL-terminated: how the build embeds the
# YANG model and the templates into the library (od + sed: xxd may be missing on a fresh machine).
# Usage: embed.sh NAME FILE
set -eu
echo "static const char $1[] = {"
# bytes above 0x7f (UTF-8 in the YANG descriptions) cast to char: -Wconversion
od -An -v -tx1 "$2" | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g' -e 's/0x\([89a-f][0-9a-f]\),/(char)0x\1,/g'
echo '0x00 };'
