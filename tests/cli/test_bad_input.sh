#!/usr/bin/env bash
# Every reader of every subcommand against every file of the fuzz seed corpus (valid and broken
# .npy files, model files): a command either succeeds or fails with exit status 1 and a single
# line `l2o: error: ...` that names the file; it never crashes (no signal), never hangs, and never
# leaves its output file behind when it fails. Plus unwritable outputs.
l2o=$1
corpus=$2
source "$(dirname "$0")/lib.sh"
refused=0

# check WHAT FILE OUTPUT -- command...: the contract above for one run
check() {
  local what=$1 file=$2 output=$3; shift 4
  rm -rf "$output"
  local err; err=$(timeout 60 "$@" 2>&1 >/dev/null); local rc=$?
  if [ $rc -eq 0 ]; then ok; return; fi
  refused=$((refused + 1))
  [ $rc -eq 1 ] || { bad "$what $(basename "$file"): exit status $rc (crash or hang?): $err"; return; }
  local line; line=$(grep -v '^\(generate\|train\|evaluate\|epoch\|training\|resuming\|wrote\)' <<<"$err" | tr '\r' '\n' | grep -c .)
  [ "$line" -eq 1 ] || { bad "$what $(basename "$file"): $line lines: $err"; return; }
  grep -q "^l2o: error: .*$(basename "$file")" <<<"$err" || { bad "$what $(basename "$file"): error does not name the file: $err"; return; }
  [ -e "$output" ] && { bad "$what $(basename "$file"): failed but left $output"; return; }
  ok
}

"$l2o" generate --scenario ic --K 3 --samples 300 --seed 1 --out "$work/data" >/dev/null 2>&1 || bad "generate"
"$l2o" train --train "$work/data" --validation "$work/data" --hidden 8 --epochs 1 --batch 100 --model "$work/ok.l2o" \
  >/dev/null 2>&1 || bad "train"

for f in "$corpus"/npy/*; do
  check "solve --channels" "$f" "$work/p.npy" -- "$l2o" solve --channels "$f" --out "$work/p.npy"
  check "solve --weights" "$f" "$work/p.npy" -- "$l2o" solve --channels "$work/data/channels.npy" --weights "$f" --out "$work/p.npy"
  check "generate --channels" "$f" "$work/g" -- "$l2o" generate --scenario file --channels "$f" --out "$work/g"
  check "generate --fit-to" "$f" "$work/g" -- "$l2o" generate --scenario fitted --fit-to "$f" --samples 10 --out "$work/g"
  for array in inputs powers channels; do  # the file in place of one array of a dataset directory
    rm -rf "$work/d" && cp -r "$work/data" "$work/d" && cp "$f" "$work/d/$array.npy"
    check "train ($array.npy)" "$array.npy" "$work/m.l2o" -- \
      "$l2o" train --train "$work/d" --validation "$work/data" --hidden 4 --epochs 1 --model "$work/m.l2o"
    check "evaluate ($array.npy)" "$array.npy" "$work/e.json" -- \
      "$l2o" evaluate --model "$work/ok.l2o" --test "$work/d" --json "$work/e.json" --latency-samples 10
  done
done
for f in "$corpus"/model/*; do
  check "evaluate --model" "$f" "$work/e.json" -- \
    "$l2o" evaluate --model "$f" --test "$work/data" --json "$work/e.json" --latency-samples 10
done
for f in "$corpus"/meta/*; do  # the error may name meta.json or the array that disagrees with it
  rm -rf "$work/meta-case" && cp -r "$work/data" "$work/meta-case" && cp "$f" "$work/meta-case/meta.json"
  check "train (meta.json $(basename "$f"))" "meta-case" "$work/m.l2o" -- \
    "$l2o" train --train "$work/meta-case" --validation "$work/data" --hidden 4 --epochs 1 --model "$work/m.l2o"
done

# Unwritable outputs: refused with the path, nothing left behind.
mkdir -p "$work/ro" && chmod a-w "$work/ro"
if [ "$(id -u)" -ne 0 ]; then  # root writes anywhere; the check means nothing then
  check "solve --out unwritable" "ro/p.npy" "$work/ro/p.npy" -- "$l2o" solve --channels "$work/data/channels.npy" --out "$work/ro/p.npy"
fi
# An output under a regular file cannot be written, even by root.
check "generate --out under a file" "ok.l2o" "$work/ok.l2o/x" -- "$l2o" generate --K 2 --samples 5 --out "$work/ok.l2o/x"
check "solve --out under a file" "ok.l2o" "$work/ok.l2o/p.npy" -- "$l2o" solve --channels "$work/data/channels.npy" --out "$work/ok.l2o/p.npy"
check "train --model under a file" "ok.l2o" "$work/ok.l2o/m.l2o" -- \
  "$l2o" train --train "$work/data" --validation "$work/data" --hidden 4 --epochs 1 --model "$work/ok.l2o/m.l2o"
check "evaluate --json under a file" "ok.l2o" "$work/ok.l2o/e.json" -- \
  "$l2o" evaluate --model "$work/ok.l2o" --test "$work/data" --json "$work/ok.l2o/e.json" --latency-samples 10
check "reproduce --out under a file" "ok.l2o" "$work/ok.l2o/r" -- "$l2o" reproduce --scale smoke --out "$work/ok.l2o/r"

[ $refused -ge 100 ] && ok || bad "only $refused refusals: the corpus did not reach the readers"
echo "bad input: $passes passed, $fails failed ($refused runs refused with a one-line error)"
[ $fails -eq 0 ]
