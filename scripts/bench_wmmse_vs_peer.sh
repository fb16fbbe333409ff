#!/usr/bin/env bash
# WMMSE speed against the plain C peer (shared/peers/wmmse_ref.c), one thread, in one run.
# Usage: scripts/bench_wmmse_vs_peer.sh [PEERS_DIR]   (default: ../shared/peers beside the repo)
# Prints a Markdown table: seconds per 10,000 Gaussian IC samples (tol 1e-5, 500 iterations) and
# the ratio peer / l2o. Medians of 5 repetitions for l2o; the peer's best of 5 (its own report).
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${1:-../shared/peers}
[ -f "$peers/wmmse_ref.c" ] || { echo "no $peers/wmmse_ref.c" >&2; exit 1; }
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target l2o_benchmarks >/dev/null
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
gcc -std=c11 -O3 -march=native "$peers/wmmse_ref.c" -o "$tmp/peer" -lm
./build/benchmarks/l2o_benchmarks --benchmark_filter='BM_Wmmse(Scalar|Batched)<' --benchmark_min_time=0.2 \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true --benchmark_format=json >"$tmp/l2o.json"
echo "| K | peer wmmse_ref.c (s) | l2o scalar double | l2o batched double | l2o batched float | batched double / peer | batched float / peer |"
echo "|---|---|---|---|---|---|---|"
for K in 10 20 30; do
  peer=$("$tmp/peer" "$K" 10000 5 | sed -n 's/.*wall \([0-9.]*\) s.*/\1/p')
  /usr/bin/python3 - "$tmp/l2o.json" "$K" "$peer" <<'PY'
import json, sys
data = json.load(open(sys.argv[1])); k = sys.argv[2]; peer = float(sys.argv[3])
def med(name):
    for b in data["benchmarks"]:
        if b["name"] == f"{name}/{k}_median":
            return b["real_time"] / 1e3  # ms -> s per 10,000 samples
sd, bd, bf = med("BM_WmmseScalar<double>"), med("BM_WmmseBatched<double>"), med("BM_WmmseBatched<float>")
print(f"| {k} | {peer:.4f} | {sd:.4f} | {bd:.4f} | {bf:.4f} | {peer/bd:.1f}x | {peer/bf:.1f}x |")
PY
done
