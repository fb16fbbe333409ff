#!/usr/bin/env bash
# Copies what `l2o reproduce --out OUT` made for each experiment (its Markdown table, its JSON,
# its figures, each row's validation history) into docs/results/EXPERIMENT/, leaving the
# datasets and models behind. Usage: scripts/collect_results.sh OUT [EXPERIMENT...]
set -euo pipefail
out=${1:?usage: scripts/collect_results.sh OUT [EXPERIMENT...]}; shift
cd "$(dirname "$0")/.."
experiments=("$@")
[ ${#experiments[@]} -eq 0 ] && experiments=(table1 table2 table3 table4 table5 table6 fig3 fig6)
for e in "${experiments[@]}"; do
  src="$out/$e"
  [ -f "$src/$e.md" ] || { echo "skip $e: no $src/$e.md" >&2; continue; }
  dst="docs/results/$e"
  mkdir -p "$dst"
  cp "$src/$e.md" "$src/$e.json" "$dst/"
  for png in "$src"/*.png; do [ -e "$png" ] && cp "$png" "$dst/"; done
  [ "$e" = fig6 ] && cp "$src/fig6.csv" "$dst/"
  for row in "$src"/*/; do
    [ -f "$row/model.l2o.history.csv" ] && cp "$row/model.l2o.history.csv" "$dst/$(basename "$row")-history.csv"
  done
  echo "collected $e into $dst"
done
