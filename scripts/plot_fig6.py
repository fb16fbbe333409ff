#!/usr/bin/env python3
"""The paper's Fig. 6 from `l2o reproduce --experiment fig6`.

usage: plot_fig6.py FIG6_DIR

Reads FIG6_DIR/fig6.csv (batch, lr, epoch, seconds, validation_mse) and writes FIG6_DIR/fig6.png:
validation MSE against training time, one curve per (batch size, learning rate).
"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    runs = {}
    with open(os.path.join(d, "fig6.csv"), newline="") as f:
        for r in csv.DictReader(f):
            key = (int(r["batch"]), float(r["lr"]))
            runs.setdefault(key, []).append((float(r["seconds"]), float(r["validation_mse"])))
    colours = {1e-2: "tab:red", 1e-3: "tab:blue", 1e-4: "tab:green"}
    styles = {100: ":", 1000: "-", 10000: "--"}
    fig, ax = plt.subplots(figsize=(7, 5.5))
    for (batch, lr), points in sorted(runs.items()):
        ax.plot([p[0] for p in points], [p[1] for p in points], styles.get(batch, "-"), marker=".",
                color=colours.get(lr), label=f"batch {batch}, rate {lr:g}")
    ax.set_yscale("log")
    ax.set_xlabel("training time (s)")
    ax.set_ylabel("validation MSE")
    ax.set_title("Parameter selection, Gaussian IC K = 30 (the paper's Fig. 6)")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.13))
    fig.tight_layout()
    fig.savefig(os.path.join(d, "fig6.png"), dpi=120)


if __name__ == "__main__":
    main()
