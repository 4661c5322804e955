#!/bin/sh
# Run shellcheck over every shell script of the repository (settings in .shellcheckrc): scripts/lint.sh
# Scripts are the *.sh files and the files whose first line names sh or bash.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
command -v shellcheck >/dev/null || { echo "lint.sh: apt-get install shellcheck" >&2; exit 1; }
if git rev-parse --git-dir >/dev/null 2>&1; then
	files=$(git ls-files --cached --others --exclude-standard)
else
	files=$(find . -type f ! -path './_build*' ! -path './.git/*' ! -path './autom4te.cache/*' |
		sed 's|^\./||')
fi
list=$(for f in $files; do
	[ -f "$f" ] || continue
	case "$f" in
	configure|configure~|build-aux/*|m4/*) ;;
	*.sh) echo "$f" ;;
	*) head -n 1 "$f" 2>/dev/null | grep -qE '^#!.*/(env )?(ba)?sh( |$)' && echo "$f" ;;
	esac
done; :)
n=$(echo "$list" | wc -l)
# shellcheck disable=SC2086 # one argument per file (names without spaces: ours)
if shellcheck $list; then
	echo "shellcheck: $n scripts, no findings"
else
	echo "shellcheck: findings above (in $n scripts)"
	exit 1
fi
