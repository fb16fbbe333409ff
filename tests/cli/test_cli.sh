#!/usr/bin/env bash
# End-to-end checks of the `l2o` program: generate, solve, bad input, resume.
l2o=$1
source "$(dirname "$0")/lib.sh"

# Gaussian IC: max power within 1.2 % of the true means 1.428, 1.439, 1.442 (K = 10, 20, 30).
for spec in "10 1.428" "20 1.439" "30 1.442"; do
  set -- $spec
  "$l2o" generate --scenario ic --K "$1" --samples 10000 --seed 3 --labels none --out "$work/ic" >/dev/null 2>&1 || bad "generate ic K=$1"
  out=$("$l2o" solve --channels "$work/ic/channels.npy" --solver max --out "$work/p.npy")
  rate=$(sed -n 's/.*mean sum-rate \([0-9.]*\).*/\1/p' <<<"$out")
  awk -v r="$rate" -v t="$2" 'BEGIN { exit !(r > t * 0.988 && r < t * 1.012) }' && ok || bad "ic K=$1 max-power rate $rate vs $2"
done
"$l2o" generate --scenario ic --K 10 --samples 10000 --seed 3 --labels none --out "$work/ic" >/dev/null 2>&1
"$l2o" solve --channels "$work/ic/channels.npy" --solver max --out "$work/p.npy" >/dev/null
for f in channels.npy inputs.npy meta.json; do [ -f "$work/ic/$f" ] && ok || bad "missing $f"; done
[ -e "$work/ic/powers.npy" ] && bad "labels none wrote powers.npy" || ok
[ -e "$work/ic/.l2o-partial" ] && bad "partial directory left behind" || ok
py "h = np.load('$work/ic/channels.npy'); x = np.load('$work/ic/inputs.npy'); p = np.load('$work/p.npy');
assert h.shape == (10000, 10, 10) and h.dtype == np.float64, h.shape
assert x.shape == (10000, 100) and x.dtype == np.float32
assert np.allclose(x[5], h[5].reshape(-1).astype(np.float32))
assert p.shape == (10000, 10) and (p == 1).all()" && ok || bad "numpy reads our files"

# IMAC 3 cells, 18 users: 6.85 (r = 0) and 5.15 (r = 23.09) within 2.5 %.
for spec in "0 6.85" "23.09 5.15"; do
  set -- $spec
  "$l2o" generate --scenario imac --cells 3 --users 18 --cell-radius 100 --inner-radius "$1" --samples 4000 \
    --labels none --out "$work/imac" >/dev/null 2>&1 || bad "generate imac"
  out=$("$l2o" solve --channels "$work/imac/channels.npy" --solver max --out "$work/p.npy")
  rate=$(sed -n 's/.*mean sum-rate \([0-9.]*\).*/\1/p' <<<"$out")
  awk -v r="$rate" -v t="$2" 'BEGIN { exit !(r > t * 0.975 && r < t * 1.025) }' && ok || bad "imac r=$1 rate $rate vs $2"
done
py "x = np.load('$work/imac/inputs.npy'); assert x.shape == (4000, 54), x.shape" && ok || bad "imac inputs N x K"

# Labels, WMMSE, float and double, iterations file.
"$l2o" generate --scenario ic --K 5 --samples 300 --out "$work/lab" >/dev/null 2>&1 || bad "generate with labels"
py "p = np.load('$work/lab/powers.npy'); assert p.shape == (300, 5) and (p >= 0).all() and (p <= 1 + 1e-12).all()" && ok || bad "labels"
"$l2o" solve --channels "$work/lab/channels.npy" --out "$work/pw.npy" --iterations "$work/it.npy" >/dev/null || bad "solve wmmse"
py "a = np.load('$work/pw.npy'); b = np.load('$work/lab/powers.npy'); it = np.load('$work/it.npy');
assert np.abs(a - b).max() < 1e-12 and it.dtype == np.int64 and it.min() >= 1" && ok || bad "solve = generate labels"
"$l2o" solve --channels "$work/lab/channels.npy" --out "$work/pf.npy" --precision float >/dev/null || bad "solve float"
# FP: its closed-form updates coincide with WMMSE's for the scalar IC, so the powers agree;
# exhaustive search: on/off powers, a sum-rate at least that of WMMSE binarised at Pmax/2.
"$l2o" solve --channels "$work/lab/channels.npy" --out "$work/pfp.npy" --solver fp >/dev/null || bad "solve fp"
"$l2o" solve --channels "$work/lab/channels.npy" --out "$work/pex.npy" --solver exhaustive >/dev/null || bad "solve exhaustive"
py "h = np.load('$work/lab/channels.npy') ** 2; w = np.load('$work/pw.npy'); f = np.load('$work/pfp.npy'); e = np.load('$work/pex.npy')
def rate(p):
    s = np.einsum('nkk,nk->nk', h, p); t = np.einsum('nkj,nj->nk', h, p) + 1
    return np.log2(t / (t - s)).sum(1)
assert np.abs(rate(f) / rate(w) - 1).max() < 1e-3, np.abs(rate(f) / rate(w) - 1).max()
assert set(np.unique(e)) <= {0.0, 1.0}
assert (rate(e) >= rate((w > 0.5).astype(float)) - 1e-12).all()" && ok || bad "fp and exhaustive"
py "np.save('$work/big.npy', np.ones((1, 17, 17)))"
expect_error "exhaustive K" "limited to K <= 16" "$l2o" solve --channels "$work/big.npy" --solver exhaustive --out "$work/o.npy"

# vdsl and fitted scenarios.
"$l2o" generate --scenario vdsl --length 150 --crosstalk next --labels none --out "$work/vdsl" >/dev/null 2>&1 || bad "generate vdsl"
py "h = np.load('$work/vdsl/channels.npy'); assert h.shape == (6955, 28, 28), h.shape" && ok || bad "vdsl shape"
"$l2o" generate --scenario fitted --fit-to "$work/vdsl/channels.npy" --samples 100 --labels none --out "$work/fit" >/dev/null 2>&1 || bad "generate fitted"
py "h = np.load('$work/fit/channels.npy'); assert h.shape == (100, 28, 28) and (h >= 0).all()" && ok || bad "fitted"

# Resume: a run interrupted after 2 of 4 chunks, resumed, gives the same files as an uninterrupted
# one; a different thread count too.
"$l2o" generate --scenario ic --K 4 --samples 1000 --chunk 300 --out "$work/full" >/dev/null 2>&1
L2O_STOP_AFTER_CHUNKS=2 "$l2o" generate --scenario ic --K 4 --samples 1000 --chunk 300 --out "$work/part" >/dev/null 2>&1 \
  && bad "interrupted run exited 0" || ok
[ -e "$work/part/channels.npy" ] && bad "interrupted run wrote final files" || ok
ls "$work/part/.l2o-partial" | grep -q "chunk-1-done" && ok || bad "interrupted run kept no chunks"
out=$("$l2o" generate --scenario ic --K 4 --samples 1000 --chunk 300 --out "$work/part" --resume 2>&1)
grep -q "1000/1000" <<<"$out" && ok || bad "resume: $out"
for f in channels.npy inputs.npy powers.npy meta.json; do
  cmp -s "$work/full/$f" "$work/part/$f" && ok || bad "resumed $f differs"
done
"$l2o" generate --scenario ic --K 4 --samples 1000 --chunk 300 --out "$work/one" --threads 1 >/dev/null 2>&1
for f in channels.npy powers.npy; do cmp -s "$work/full/$f" "$work/one/$f" && ok || bad "thread count changed $f"; done

# Bad input: one-line errors naming the file or flag, non-zero exit, no output left.
printf 'garbage' > "$work/garbage.npy"
expect_error "missing file" "nope.npy: cannot open for reading" "$l2o" solve --channels "$work/nope.npy" --out "$work/o.npy"
expect_error "not npy" "garbage.npy: not a .npy file" "$l2o" solve --channels "$work/garbage.npy" --out "$work/o.npy"
py "np.save('$work/neg.npy', -np.ones((2, 3, 3)))"
expect_error "negative" "neg.npy: channel amplitude H\[0, 0, 0\] = -1.000000 is negative" "$l2o" solve --channels "$work/neg.npy" --out "$work/o.npy"
py "h = np.ones((2, 3, 3)); h[1, 1, 2] = np.nan; np.save('$work/nan.npy', h)"
expect_error "nan" "nan.npy: channel amplitude H\[1, 1, 2\] = nan is not finite" "$l2o" solve --channels "$work/nan.npy" --out "$work/o.npy"
py "np.save('$work/shape.npy', np.ones((2, 3, 4)))"
expect_error "shape" "shape.npy: channels must have shape \(B, K, K\), got \(2, 3, 4\)" "$l2o" solve --channels "$work/shape.npy" --out "$work/o.npy"
py "np.save('$work/int.npy', np.ones((2, 3, 3), dtype=np.int32))"
expect_error "dtype" "int.npy: dtype '<i4' is not supported" "$l2o" solve --channels "$work/int.npy" --out "$work/o.npy"
expect_error "pmax" "Pmax must be finite and > 0" "$l2o" solve --channels "$work/lab/channels.npy" --pmax 0 --out "$work/o.npy"
expect_error "noise" "noise must be finite and >= 0" "$l2o" solve --channels "$work/lab/channels.npy" --noise -1 --out "$work/o.npy"
py "np.save('$work/w.npy', np.ones(3))"
expect_error "weights" "w.npy: expected shape \(5,\) or \(300, 5\)" "$l2o" solve --channels "$work/lab/channels.npy" --weights "$work/w.npy" --out "$work/o.npy"
expect_error "solver" "--solver must be" "$l2o" solve --channels "$work/lab/channels.npy" --solver magic --out "$work/o.npy"
expect_error "unwritable" "no-dir/o.npy: cannot open for writing" "$l2o" solve --channels "$work/lab/channels.npy" --out "$work/no-dir/o.npy"
[ -e "$work/o.npy" ] && bad "an output was left after errors" || ok
expect_error "scenario" "--scenario must be ic, imac, vdsl, fitted or file" "$l2o" generate --scenario foo --out "$work/g"
expect_error "imac K" "users \(K = 10\) must be a positive multiple of cells \(N = 3\)" "$l2o" generate --scenario imac --users 10 --out "$work/g"
expect_error "vdsl samples" "a VDSL binder has 6955 tones" "$l2o" generate --scenario vdsl --samples 7000 --out "$work/g"
expect_error "missing flag" "--out is required" "$l2o" generate --scenario ic
expect_error "resume mismatch" "records different parameters" bash -c "
  mkdir -p '$work/r/.l2o-partial' && echo '{\"seed\": 99}' > '$work/r/.l2o-partial/run.json' &&
  '$l2o' generate --scenario ic --samples 10 --out '$work/r' --resume"
"$l2o" --help >/dev/null && "$l2o" generate --help >/dev/null && "$l2o" solve --help >/dev/null && ok || bad "--help"

finish cli
