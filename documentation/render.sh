#!/usr/bin/env bash
# Renders the Graphviz sources of this folder to PNG. Needs Graphviz's dot (Debian: apt-get install -y graphviz).
set -euo pipefail
cd "$(dirname "$0")"
command -v dot > /dev/null || { echo "render.sh: dot not found; install Graphviz (apt-get install -y graphviz)" >&2; exit 1; }
for src in architecture.dot data_flow.dot; do
  dot -Tpng -Gdpi=110 -o "${src%.dot}.png" "$src"
  echo "rendered ${src%.dot}.png ($(wc -c < "${src%.dot}.png") bytes)"
done
