#!/usr/bin/env bash
# The network against the PyTorch peer (shared/peers/run_torch_peer.sh, its OpenBLAS rows), one
# thread, in one run. Usage: scripts/bench_mlp_vs_torch.sh [PEERS_DIR]
# Prints a Markdown table: batch-1 latency (l2o median of 5 repetitions vs torch's median with
# jit.trace + jit.freeze), batch-10,000 inference time (l2o median vs torch's best of eager and
# jit), training samples/s at batch 1000 with RMSprop (l2o median vs torch's best).
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${1:-../shared/peers}
[ -f "$peers/run_torch_peer.sh" ] || { echo "no $peers/run_torch_peer.sh" >&2; exit 1; }
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target l2o_benchmarks >/dev/null
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
./build/benchmarks/l2o_benchmarks --benchmark_filter='BM_Mlp.*<float>/(10|30)(/1|/10000)?$' --benchmark_min_time=0.3 \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true --benchmark_format=json >"$tmp/l2o.json"
bash "$peers/run_torch_peer.sh" 10 30 2>/dev/null | grep '^{' | grep torch-openblas >"$tmp/torch.jsonl"
/usr/bin/python3 - "$tmp/l2o.json" "$tmp/torch.jsonl" <<'PY'
import json, sys
l2o = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
torch = {str(r["K"]): r for r in map(json.loads, open(sys.argv[2]))}
def med(name):
    b = l2o[name + "_median"]
    return b["real_time"], b.get("items_per_second")
print("| K | batch-1 latency: torch jit+freeze / l2o | batch 10,000: torch best / l2o | training samples/s: l2o / torch best |")
print("|---|---|---|---|")
for k in ("10", "30"):
    t = torch[k]
    lat, _ = med(f"BM_MlpInference<float>/{k}/1")
    b10k, _ = med(f"BM_MlpInference<float>/{k}/10000")
    _, train = med(f"BM_MlpTrainStep<float>/{k}")
    t_lat = t["b1_jit_trace_freeze"]["median_us"]
    t_b10k = min(t["b10000_eager_no_grad"]["best_ms"], t["b10000_jit_freeze"]["best_ms"])
    t_train = t["train_b1000_rmsprop"]["best_samples_per_s"]
    print(f"| {k} | {t_lat:.1f} us / {lat:.2f} us = {t_lat/lat:.1f}x | {t_b10k:.1f} ms / {b10k/1e3:.1f} ms = {t_b10k/(b10k/1e3):.2f}x "
          f"| {train/1e3:.1f}k / {t_train/1e3:.1f}k = {train/t_train:.2f}x |")
PY
