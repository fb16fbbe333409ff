#!/usr/bin/env bash
# Interrupted runs lose nothing: `l2o generate` and `l2o train` killed (SIGINT, SIGKILL) at random
# points and continued with --resume end with the same bytes as an uninterrupted run; no
# half-written file is ever left in place. Also: a dataset does not depend on --threads.
l2o=$1
source "$(dirname "$0")/lib.sh"
RANDOM=${L2O_TEST_SEED:-2018}  # reproducible kill points; set L2O_TEST_SEED for others

# Files of a finished run are either absent or complete: every .npy and .json present must be
# byte-identical to the uninterrupted run's.
no_partial_files() {  # dir reference_dir
  local f
  for f in "$1"/*.npy "$1"/*.json "$1"/*.l2o; do
    [ -e "$f" ] || continue
    cmp -s "$f" "$2/$(basename "$f")" || { bad "partial file left in place: $f"; return; }
  done
  ok
}

# `exec` so that a run started in the background is the l2o process itself, and the signal
# reaches it rather than a subshell around it.
gen() { exec "$l2o" generate --scenario ic --K 10 --samples 120000 --chunk 10000 --seed 5 "$@"; }
start=$(date +%s%N)
(gen --threads 2 --out "$work/ref" >/dev/null 2>&1) || bad "generate (reference)"
gen_ms=$(( ($(date +%s%N) - start) / 1000000 ))
(gen --threads 1 --out "$work/one" >/dev/null 2>&1) || bad "generate (one thread)"
for f in channels.npy inputs.npy powers.npy meta.json; do
  cmp -s "$work/ref/$f" "$work/one/$f" && ok || bad "generate: $f differs between --threads 1 and 2"
done

cut_generate=0
for signal in INT KILL INT KILL; do
  out="$work/gen-$signal-$RANDOM"
  gen --threads 2 --out "$out" >/dev/null 2>&1 &
  pid=$!
  # somewhere in the middle 60 % of the run (its length measured above: a fixed delay outlived
  # the run once WMMSE got faster)
  delay=$(( gen_ms / 5 + RANDOM % (gen_ms * 3 / 5 + 1) ))
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -s "$signal" "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  [ -d "$out" ] && no_partial_files "$out" "$work/ref"
  [ -d "$out/.l2o-partial" ] && cut_generate=$((cut_generate + 1))
  (gen --threads 2 --out "$out" --resume >/dev/null 2>"$out.log") || bad "generate --resume after SIG$signal: $(tail -2 "$out.log")"
  for f in channels.npy inputs.npy powers.npy meta.json; do
    cmp -s "$work/ref/$f" "$out/$f" && ok || bad "generate after SIG$signal and --resume: $f differs"
  done
  left=$(find "$out" -name '*.tmp-*' -o -name .l2o-partial)
  [ -z "$left" ] && ok || bad "generate after SIG$signal and --resume left: $left"
done

"$l2o" generate --scenario ic --K 6 --samples 2000 --seed 6 --out "$work/val" >/dev/null 2>&1 || bad "generate val"
"$l2o" generate --scenario ic --K 6 --samples 150000 --seed 7 --no-channels --out "$work/train" >/dev/null 2>&1 \
  || bad "generate train"
train() { exec "$l2o" train --train "$work/train" --validation "$work/val" --hidden 64,64 --epochs 8 --batch 500 --threads 1 "$@"; }
start=$(date +%s%N)
(train --model "$work/ref.l2o" >/dev/null 2>&1) || bad "train (reference)"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
cut_train=0
for signal in INT KILL KILL; do
  model="$work/m-$signal-$RANDOM.l2o"
  train --model "$model" >/dev/null 2>&1 &
  pid=$!
  delay=$(( ms / 5 + RANDOM % (ms * 3 / 5 + 1) ))  # somewhere in the middle 60 % of the run
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -s "$signal" "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  [ -e "$model.ckpt" ] && cut_train=$((cut_train + 1))
  [ -e "$model" ] && { cmp -s "$model" "$work/ref.l2o" && ok || bad "train: partial model left after SIG$signal"; }
  (train --model "$model" --resume >/dev/null 2>&1) || bad "train --resume after SIG$signal"
  cmp -s "$model" "$work/ref.l2o" && ok || bad "train after SIG$signal (at $delay ms of $ms) and --resume: model differs"
  left=$(find "$work" -maxdepth 1 -name "$(basename "$model")*.tmp-*" -o -maxdepth 1 -name "$(basename "$model").ckpt")
  [ -z "$left" ] && ok || bad "train after SIG$signal and --resume left: $left"
  [ "$(wc -l < "$model.history.csv")" -eq 9 ] && ok || bad "history after resume: $(cat "$model.history.csv")"
done

# The kill points must have cut some runs in the middle, or the test proves nothing.
[ $cut_generate -ge 2 ] && ok || bad "only $cut_generate of 4 generate runs were cut in the middle (a run takes $gen_ms ms)"
[ $cut_train -ge 2 ] && ok || bad "only $cut_train of 3 training runs were cut in the middle (a run takes $ms ms)"
echo "interrupted mid-run: generate $cut_generate of 4, train $cut_train of 3"
finish interrupt
