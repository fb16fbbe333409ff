#!/usr/bin/env python3
"""The paper's Fig. 3 from `l2o reproduce --experiment fig3`.

usage: plot_fig3.py FIG3_DIR

Reads FIG3_DIR/fig3.csv (z, x0, xT and both models' predictions on held-out samples) and writes
FIG3_DIR/fig3.png: left, the model trained on z -> x^T; right, the one trained on (x0, z) -> x^T.
Blue: gradient descent's x^T (the samples); red: the network's output.
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
    with open(os.path.join(d, "fig3.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    z = [float(r["z"]) for r in rows]
    xt = [float(r["xT"]) for r in rows]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, column, title in zip(axes, ["z_only", "x0_z"], ["(a) learned z -> x^T", "(b) learned (x0, z) -> x^T"]):
        pred = [float(r[column]) for r in rows]
        ax.scatter(z, xt, s=3, color="tab:blue", label="gradient descent x^T")
        ax.scatter(z, pred, s=3, color="tab:red", label="network")
        ax.set_xlabel("z")
        ax.set_title(title)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("x^T")
    axes[0].legend(loc="lower left", markerscale=4)
    fig.tight_layout()
    fig.savefig(os.path.join(d, "fig3.png"), dpi=120)


if __name__ == "__main__":
    main()
