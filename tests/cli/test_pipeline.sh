#!/usr/bin/env bash
# End-to-end checks of the pipeline commands: train, evaluate, reproduce (smoke scale),
# interruption and --resume, and refused datasets and models.
l2o=$1
source "$(dirname "$0")/lib.sh"

gen() { "$l2o" generate --scenario ic --K 4 --samples "$1" --seed "$2" --out "$work/$3" >/dev/null 2>&1 || bad "generate $3"; }
gen 3000 1 train; gen 500 2 val; gen 500 3 test
train() { "$l2o" train --train "$work/train" --validation "$work/val" --hidden 32,32 --epochs 4 --batch 100 "$@"; }

# Train: model, history with one row per epoch; the same run again gives the same bytes.
train --model "$work/m.l2o" >/dev/null 2>&1 || bad "train"
[ -f "$work/m.l2o" ] && ok || bad "no model file"
[ -e "$work/m.l2o.ckpt" ] && bad "checkpoint left after a finished run" || ok
[ "$(wc -l < "$work/m.l2o.history.csv")" -eq 5 ] && ok || bad "history rows: $(cat "$work/m.l2o.history.csv")"
train --model "$work/m2.l2o" >/dev/null 2>&1
cmp -s "$work/m.l2o" "$work/m2.l2o" && ok || bad "training is not deterministic"

# Interrupted after epoch 2, resumed: the same model and history as the uninterrupted run.
L2O_STOP_AFTER_EPOCHS=2 train --model "$work/r.l2o" >/dev/null 2>&1 && bad "interrupted training exited 0" || ok
[ -f "$work/r.l2o.ckpt" ] && ok || bad "no checkpoint after an interruption"
[ -e "$work/r.l2o" ] && bad "interrupted training wrote the model" || ok
out=$(train --model "$work/r.l2o" --resume 2>&1) || bad "resume: $out"
grep -q "resuming from" <<<"$out" && ok || bad "resume did not use the checkpoint: $out"
grep -q "epoch 1/4" <<<"$out" && bad "resume repeated epoch 1" || ok
cmp -s "$work/m.l2o" "$work/r.l2o" && ok || bad "resumed model differs from the uninterrupted one"
cmp -s "$work/m.l2o.history.csv" "$work/r.l2o.history.csv" && bad "history has timing columns, cannot be equal" || ok
py "import csv
a = [r[:4] for r in csv.reader(open('$work/m.l2o.history.csv'))]; b = [r[:4] for r in csv.reader(open('$work/r.l2o.history.csv'))]
assert a == b, (a, b)" && ok || bad "resumed history differs"

# Evaluate: every allocator, ratios to WMMSE, timing figures, per-sample CSV.
out=$("$l2o" evaluate --model "$work/m.l2o" --test "$work/test" --json "$work/e.json" --cdf "$work/cdf.csv" 2>/dev/null) \
  || bad "evaluate"
grep -q "dnn_binary" <<<"$out" && grep -q "per-sample latency" <<<"$out" && ok || bad "evaluate table: $out"
py "r = json.load(open('$work/e.json')); a = r['allocators']
assert set(a) == {'dnn', 'dnn_binary', 'wmmse', 'fp', 'max_power', 'random_power', 'exhaustive'}, set(a)
assert a['wmmse']['ratio_to_wmmse'] == 1 and abs(a['fp']['ratio_to_wmmse'] - 1) < 1e-3
assert a['exhaustive']['ratio_to_wmmse'] >= a['dnn_binary']['ratio_to_wmmse'] - 1e-12
assert 0.3 < a['max_power']['ratio_to_wmmse'] < 1 and 0 < a['dnn']['ratio_to_wmmse'] < 1.1
t = r['timing']
for k in ['dnn', 'wmmse_scalar', 'wmmse_batched']: assert t[k]['seconds_per_10000'] > 0
s = t['dnn']['latency_batch1']; assert s['calls'] == 500 and 0 < s['median'] <= s['p99'] <= s['max']
assert r['dataset']['meta']['K'] == 4 and r['stop_rule'] == {'tol': 1e-5, 'max_iter': 500}
c = np.genfromtxt('$work/cdf.csv', delimiter=',', names=True)
assert c.shape == (500,) and len(c.dtype.names) == 8
assert abs(c['wmmse'].mean() - a['wmmse']['mean_sum_rate']) < 1e-6" && ok || bad "evaluate JSON/CSV"
# Evaluation figures, all but the timings, are the same run to run.
"$l2o" evaluate --model "$work/m.l2o" --test "$work/test" --json "$work/e-again.json" >/dev/null 2>&1 || bad "evaluate again"
py "a, b = (json.load(open('$work/' + f)) for f in ('e.json', 'e-again.json'))
assert a['allocators'] == b['allocators'] and a['dataset'] == b['dataset'] and a['model'] == b['model']" \
  && ok || bad "evaluation figures differ between two runs"
"$l2o" evaluate --model "$work/m.l2o" --test "$work/test" --solvers max --json "$work/e2.json" >/dev/null 2>&1
py "a = json.load(open('$work/e2.json'))['allocators']; assert set(a) == {'dnn', 'dnn_binary', 'wmmse', 'max_power'}, set(a)" \
  && ok || bad "--solvers max (WMMSE stays as the reference)"

# A model for K = 4 on a test set of K = 2 users: zero-padded into its input (Table III).
"$l2o" generate --scenario ic --K 2 --samples 300 --seed 9 --out "$work/half" >/dev/null 2>&1
"$l2o" evaluate --model "$work/m.l2o" --test "$work/half" --json "$work/half.json" >/dev/null 2>&1 || bad "evaluate padded"
py "r = json.load(open('$work/half.json')); a = r['allocators']
assert r['model']['zero_padded'] and r['dataset']['meta']['K'] == 2
assert 0.3 < a['dnn']['ratio_to_wmmse'] < 1.1 and a['exhaustive']['ratio_to_wmmse'] >= 1 - 1e-9" && ok || bad "padded JSON"

# Refused input: each error names the file or flag and what is wrong.
cp -r "$work/test" "$work/short"
py "m = json.load(open('$work/short/meta.json')); m['samples'] = 400; json.dump(m, open('$work/short/meta.json', 'w'))"
expect_error "meta disagrees" "short/channels.npy: shape \(500, 4, 4\) disagrees with the dataset's \(400, 4, 4\)" \
  "$l2o" evaluate --model "$work/m.l2o" --test "$work/short"
cp -r "$work/test" "$work/nometa"; rm "$work/nometa/meta.json"
expect_error "no meta" "nometa/meta.json: cannot open" "$l2o" evaluate --model "$work/m.l2o" --test "$work/nometa"
cp -r "$work/test" "$work/badp"
py "p = np.load('$work/badp/powers.npy'); p[3, 1] = 2.0; np.save('$work/badp/powers.npy', p)"
expect_error "label out of range" "badp/powers.npy: powers\[3, 1\] = 2.0+ is outside \[0, Pmax = 1" \
  "$l2o" train --train "$work/badp" --validation "$work/val" --model "$work/x.l2o"
"$l2o" generate --scenario ic --K 4 --samples 50 --labels none --out "$work/unlab" >/dev/null 2>&1
expect_error "unlabelled" "unlab/meta.json: the dataset has no labels" \
  "$l2o" train --train "$work/unlab" --validation "$work/val" --model "$work/x.l2o"
gen 200 4 val5; "$l2o" generate --scenario ic --K 5 --samples 200 --out "$work/val5" >/dev/null 2>&1
expect_error "validation K" "--validation: meta.json's \"K\" differs" \
  "$l2o" train --train "$work/train" --validation "$work/val5" --model "$work/x.l2o"
expect_error "model K" "reads 16 features, the test set .* has 25" \
  "$l2o" evaluate --model "$work/m.l2o" --test "$work/val5"
printf 'L2O-MLP\nbroken' > "$work/broken.l2o"
expect_error "broken model" "broken.l2o: " "$l2o" evaluate --model "$work/broken.l2o" --test "$work/test"
"$l2o" generate --scenario ic --K 4 --samples 3000 --seed 1 --no-channels --out "$work/trainx" >/dev/null 2>&1
[ -e "$work/trainx/channels.npy" ] && bad "--no-channels wrote channels.npy" || ok
"$l2o" train --train "$work/trainx" --validation "$work/val" --hidden 32,32 --epochs 4 --batch 100 --model "$work/mx.l2o" \
  >/dev/null 2>&1 || bad "train on a split without channels"
cmp -s "$work/m.l2o" "$work/mx.l2o" && ok || bad "a split without channels trains another model"
expect_error "no channels" "trainx/meta.json: the dataset was generated with --no-channels" \
  "$l2o" evaluate --model "$work/m.l2o" --test "$work/trainx"
expect_error "hidden" "--hidden: widths must be >= 1" "$l2o" train --train "$work/train" --validation "$work/val" \
  --model "$work/x.l2o" --hidden 0
expect_error "solvers" "unknown solver 'magic'" "$l2o" evaluate --model "$work/m.l2o" --test "$work/test" --solvers magic
[ -e "$work/x.l2o" ] && bad "a model was written by a refused run" || ok

# Fine-tuning: --init starts from a model's weights; --loss sum-rate raises the test sum-rate of
# an MSE model; a model of other widths or Pmax is refused by name.
"$l2o" train --train "$work/train" --validation "$work/val" --hidden 32,32 --batch 100 --epochs 3 --model "$work/ft.l2o" \
  --init "$work/m.l2o" --loss sum-rate --lr 1e-4 >/dev/null 2>&1 || bad "train --init"
"$l2o" evaluate --model "$work/m.l2o" --test "$work/test" --solvers wmmse --json "$work/e0.json" >/dev/null 2>&1
"$l2o" evaluate --model "$work/ft.l2o" --test "$work/test" --solvers wmmse --json "$work/e1.json" >/dev/null 2>&1
py "a = json.load(open('$work/e0.json'))['allocators']['dnn']['ratio_to_wmmse']
b = json.load(open('$work/e1.json'))['allocators']['dnn']['ratio_to_wmmse']
assert b > a, (a, b)" && ok || bad "sum-rate fine-tuning did not raise the network's sum-rate"
expect_error "init widths" "--init: .*m.l2o has widths 16-32-32-4, the data and --hidden need 16-8-4" \
  "$l2o" train --train "$work/train" --validation "$work/val" --model "$work/x.l2o" --init "$work/m.l2o" --hidden 8
"$l2o" generate --scenario ic --K 4 --samples 500 --seed 2 --pmax 2 --out "$work/valp2" >/dev/null 2>&1
"$l2o" generate --scenario ic --K 4 --samples 1000 --seed 1 --pmax 2 --out "$work/trainp2" >/dev/null 2>&1
expect_error "init pmax" "--init: .*m.l2o clamps its outputs at Pmax = 1" \
  "$l2o" train --train "$work/trainp2" --validation "$work/valp2" --hidden 32,32 --model "$work/x.l2o" --init "$work/m.l2o"
expect_error "init missing" "nothing.l2o" train --model "$work/x.l2o" --init "$work/nothing.l2o"
[ -e "$work/x.l2o" ] && bad "a model was written by a refused --init run" || ok

# Reproduce at smoke scale: table, JSON, CSVs, figures; --resume keeps finished steps.
out=$("$l2o" reproduce --experiment table1 --scale smoke --rows K10 --out "$work/rep" 2>"$work/rep.log") || bad "reproduce: $(tail -5 "$work/rep.log")"
grep -Eq "^\| 10 \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ % \| \*\*[0-9.]+ %\*\* \| 2.770, 2.817, 98.33 % \| 3 \|" <<<"$out" \
  && ok || bad "reproduce table row: $out"
for f in table1.md table1.json K10/eval.json K10/cdf.csv K10/model.l2o K10/train/meta.json K10/test/powers.npy; do
  [ -f "$work/rep/table1/$f" ] && ok || bad "reproduce: missing $f"
done
if /usr/bin/python3 -c "import matplotlib" 2>/dev/null; then
  for f in cdf_K10.png hist_K10.png validation_K10.png; do [ -s "$work/rep/table1/$f" ] && ok || bad "missing $f"; done
fi
py "r = json.load(open('$work/rep/table1/table1.json')); row = r['rows'][0]
assert r['train_samples'] == 4000 and row['paper']['ratio'] == 0.9833
assert row['evaluation']['allocators']['wmmse']['ratio_to_wmmse'] == 1
s = [json.load(open('$work/rep/table1/K10/' + d + '/meta.json'))['seed'] for d in ('train', 'validation', 'test')]
assert len(set(s)) == 3, s" && ok || bad "reproduce JSON and split seeds"
before=$(stat -c %Y "$work/rep/table1/K10/eval.json")
sleep 1
"$l2o" reproduce --experiment table1 --scale smoke --rows K10 --out "$work/rep" --resume >/dev/null 2>"$work/rep2.log" \
  || bad "reproduce --resume"
[ "$(grep -c "kept (--resume)" "$work/rep2.log")" -eq 5 ] && ok || bad "resume did not keep all steps: $(cat "$work/rep2.log")"
[ "$(stat -c %Y "$work/rep/table1/K10/eval.json")" = "$before" ] && ok || bad "resume re-evaluated"
"$l2o" reproduce --experiment table2 --scale smoke --rows N3K12 --out "$work/rep" --no-plots >"$work/t2.md" 2>/dev/null \
  || bad "reproduce table2"
grep -q "^| (3, 12) |" "$work/t2.md" && ok || bad "table2 row: $(cat "$work/t2.md")"
"$l2o" reproduce --experiment table3 --scale smoke --rows K10 --out "$work/rep" --no-plots >"$work/t3.md" 2>"$work/t3.log" \
  || bad "reproduce table3: $(tail -3 "$work/t3.log")"
grep -q "table1/K10/model.l2o: trained, kept" "$work/t3.log" && ok || bad "table3 did not reuse table1's model"
grep -Eq "^\| 10 \| .* \| 2.048, 2.091, 97.94 % \|" "$work/t3.md" && ok || bad "table3 row: $(cat "$work/t3.md")"
py "h = np.load('$work/rep/table3/K10/test/channels.npy'); assert h.shape == (1000, 5, 5), h.shape" && ok || bad "half-user test set"
"$l2o" reproduce --experiment table6 --scale smoke --rows 300-next --out "$work/rep" --no-plots >"$work/t6.md" 2>"$work/t6.log" \
  || bad "reproduce table6: $(tail -3 "$work/t6.log")"
grep -Eq "^\| \(300, NEXT\) \| .* \| 41.970, 44.582, 94.14 % \|" "$work/t6.md" && ok || bad "table6 row: $(cat "$work/t6.md")"
py "d = '$work/rep/table6/300-next/'
v = np.load(d + 'validation/channels.npy'); t = np.load(d + 'test/channels.npy'); a = np.load(d + 'all/channels.npy')
assert v.shape == (500, 28, 28) and t.shape == (200, 28, 28) and a.shape == (700, 28, 28)
tones = {x.tobytes() for x in a}; vt = [x.tobytes() for x in v] + [x.tobytes() for x in t]
assert len(set(vt)) == 700 and set(vt) == tones
m = json.load(open(d + 'train/meta.json')); assert m['scenario'] == 'fitted' and m['samples'] == 2000 and m['noise'] == 1e-3" \
  && ok || bad "table6 splits: validation and test partition the tones; training from the fit"
# Table VI on the user's own matrices (--measured): split 5,000 : 1,955 of them, no paper figures
py "r = np.random.default_rng(1); h = np.abs(r.normal(0, 0.05, (300, 6, 6))); h[:, range(6), range(6)] += 1
np.save('$work/measured.npy', h)"
"$l2o" reproduce --experiment table6 --measured "$work/measured.npy" --scale smoke --out "$work/rep" --no-plots \
  >"$work/t6m.md" 2>"$work/t6m.log" || bad "reproduce table6 --measured: $(tail -3 "$work/t6m.log")"
grep -Eq "^\| measured \| .* \| -, -, - \| 3 \|" "$work/t6m.md" && ok || bad "measured row: $(cat "$work/t6m.md")"
py "d = '$work/rep/table6/measured/'
assert np.load(d + 'validation/channels.npy').shape == (216, 6, 6) and np.load(d + 'test/channels.npy').shape == (84, 6, 6)
m = json.load(open(d + 'all/meta.json')); assert m['scenario'] == 'file' and m['noise'] == 1e-3" \
  && ok || bad "measured splits"
expect_error "measured elsewhere" "--measured applies to --experiment table6 only" \
  "$l2o" reproduce --experiment table1 --measured "$work/measured.npy" --out "$work/x"
expect_error "measured missing" "nope.npy: cannot open" \
  "$l2o" reproduce --experiment table6 --measured "$work/nope.npy" --out "$work/x"
expect_error "file scenario" "--scenario file needs --channels" "$l2o" generate --scenario file --out "$work/x"
expect_error "experiment name" "--experiment must be table1 ... table6, fig3, fig6 or all, got 'table9'" \
  "$l2o" reproduce --experiment table9 --out "$work/x"
# Fig. 6 at smoke scale: nine runs, every epoch in the CSV; --resume keeps them all
"$l2o" reproduce --experiment fig6 --scale smoke --out "$work/rep" --no-plots >"$work/f6.md" 2>/dev/null || bad "reproduce fig6"
grep -Eq "^\| 1000 \| [0-9.]+ \([0-9.]+ s\) \|" "$work/f6.md" && ok || bad "fig6 table: $(cat "$work/f6.md")"
[ "$(wc -l < "$work/rep/fig6/fig6.csv")" -eq 19 ] && ok || bad "fig6 CSV rows: $(wc -l < "$work/rep/fig6/fig6.csv")"
"$l2o" reproduce --experiment fig6 --scale smoke --out "$work/rep" --no-plots --resume >/dev/null 2>"$work/f6.log"
[ "$(grep -c "trained, kept" "$work/f6.log")" -eq 9 ] && ok || bad "fig6 --resume retrained: $(cat "$work/f6.log")"
# Fig. 3 at smoke scale: its files (the >= 10x error ratio is checked at demo scale by the fig3 test)
"$l2o" reproduce --experiment fig3 --scale smoke --out "$work/rep" --no-plots >"$work/f3.md" 2>/dev/null || bad "reproduce fig3"
grep -q "^| (b) | (x0, z) |" "$work/f3.md" && ok || bad "fig3 table: $(cat "$work/f3.md")"
py "j = json.load(open('$work/rep/fig3/fig3.json')); assert j['mae_z_only'] > 0.5 and j['mae_ratio'] > 1, j" \
  && ok || bad "fig3 JSON"
[ "$(wc -l < "$work/rep/fig3/fig3.csv")" -eq 501 ] && ok || bad "fig3 CSV rows"
expect_error "rows" "--rows: no row 'K11' in this table \(rows: K10, K20, K30\)" \
  "$l2o" reproduce --rows K11 --out "$work/x"
expect_error "scale" "--scale must be demo, paper or smoke" "$l2o" reproduce --scale huge --out "$work/x"
"$l2o" train --help >/dev/null && "$l2o" evaluate --help >/dev/null && "$l2o" reproduce --help >/dev/null && ok || bad "--help"

finish pipeline
