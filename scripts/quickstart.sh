#!/bin/sh
# Quick start: install dependencies, build, then lint the shipped examples and render the
# frr.conf of node "worker-1" from them.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
"$top/scripts/build.sh"
fs="$top/_build/frrshim"
echo "== frrshim lint examples/"
"$fs" lint "$top/examples"
echo "== frrshim render --node worker-1 examples/"
"$fs" render --node worker-1 "$top/examples"
