#!/usr/bin/env python3
"""Figures of an `l2o reproduce` experiment directory, from the CSVs each row writes.

usage: plot_results.py EXPERIMENT_DIR ROW [ROW ...]

For each ROW (a subdirectory such as K10 or N3K12) it reads cdf.csv (per-sample sum-rates,
one column per allocator) and model.l2o.history.csv (the validation curve), and writes
  cdf_ROW.png         CDF of the sum-rates (the paper's Fig. 7)
  hist_ROW.png        histograms of the network's and WMMSE's sum-rates (Fig. 8)
  validation_ROW.png  training and validation loss per epoch
"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

LABELS = {
    "dnn": "DNN",
    "dnn_binary": "DNN, binarised",
    "wmmse": "WMMSE",
    "fp": "FP",
    "max_power": "max power",
    "random_power": "random power",
    "exhaustive": "exhaustive (binary)",
}


def read_columns(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    return {name: [float(r[i]) for r in body] for i, name in enumerate(header)}


def plot_cdf(cols, row, out):
    fig, ax = plt.subplots(figsize=(5.5, 4))
    for name in ["wmmse", "dnn", "dnn_binary", "exhaustive", "max_power", "random_power"]:
        if name in cols:
            v = sorted(cols[name])
            n = len(v)
            ax.plot(v, [(i + 1) / n for i in range(n)], label=LABELS[name])
    ax.set_xlabel("sum-rate (bit/s/Hz)")
    ax.set_ylabel("cumulative probability")
    ax.set_title(f"CDF of sum-rates, {row}")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def plot_hist(cols, row, out):
    fig, ax = plt.subplots(figsize=(5.5, 4))
    for name in ["wmmse", "dnn_binary", "dnn"]:
        if name in cols:
            ax.hist(cols[name], bins=50, alpha=0.45, label=LABELS[name])
    ax.set_xlabel("sum-rate (bit/s/Hz)")
    ax.set_ylabel("test samples")
    ax.set_title(f"Sum-rate distribution, {row}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def plot_history(cols, row, out):
    fig, ax = plt.subplots(figsize=(5.5, 4))
    ax.plot(cols["epoch"], cols["loss"], label="training (mean over the epoch)")
    ax.plot(cols["epoch"], cols["validation_loss"], label="validation")
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("MSE")
    ax.set_title(f"Training, {row}")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    top = argv[1]
    for row in argv[2:]:
        d = os.path.join(top, row)
        cdf = os.path.join(d, "cdf.csv")
        hist = os.path.join(d, "model.l2o.history.csv")
        if not os.path.exists(cdf):
            print(f"plot_results.py: {cdf} is missing", file=sys.stderr)
            return 1
        cols = read_columns(cdf)
        plot_cdf(cols, row, os.path.join(top, f"cdf_{row}.png"))
        plot_hist(cols, row, os.path.join(top, f"hist_{row}.png"))
        if os.path.exists(hist):
            plot_history(read_columns(hist), row, os.path.join(top, f"validation_{row}.png"))
    print(f"figures written to {top}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
