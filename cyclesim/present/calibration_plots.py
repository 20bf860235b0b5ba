"""Figures of a calibration: the posterior's pairs, the fit against the record with bands,
and forecasts of policies with bands."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from cyclesim.analysis.calibrate import Calibration, fit_bands  # noqa: E402
from cyclesim.analysis.record import INDICATORS  # noqa: E402


def pairs_figure(cal: Calibration, truth: dict[str, float] | None = None, max_points: int = 2000):
    """Histograms on the diagonal, draws below it, for the calibrated parameters."""
    draws = cal.draws()[cal.problem.names]
    if len(draws) > max_points:
        draws = draws.iloc[np.linspace(0, len(draws) - 1, max_points).astype(int)]
    names = list(draws.columns)
    d = len(names)
    fig, axes = plt.subplots(d, d, figsize=(2.3 * d + 1, 2.3 * d + 1), squeeze=False)
    for i, row in enumerate(names):
        for j, col in enumerate(names):
            ax = axes[i, j]
            if j > i:
                ax.axis("off")
                continue
            if i == j:
                ax.hist(draws[col], bins=30, color="tab:blue", alpha=0.8)
                lo, mid, hi = np.quantile(draws[col], [0.05, 0.5, 0.95])
                for v, style in ((lo, ":"), (mid, "-"), (hi, ":")):
                    ax.axvline(v, color="k", ls=style, lw=0.8)
                ax.set_yticks([])
            else:
                ax.plot(draws[col], draws[row], ".", ms=1.5, alpha=0.3, color="tab:blue")
                if truth and row in truth and col in truth:
                    ax.plot(truth[col], truth[row], "r+", ms=10, mew=2)
            if truth and i == j and col in truth:
                ax.axvline(truth[col], color="r", lw=1.5)
            if i == d - 1:
                ax.set_xlabel(col, fontsize=8)
            if j == 0 and i > 0:
                ax.set_ylabel(row, fontsize=8)
            ax.tick_params(labelsize=7)
    fig.suptitle("Posterior (lines: median and 90 % interval" + ("; red: truth)" if truth else ")"))
    fig.tight_layout()
    return fig


def fit_figure(cal: Calibration, draws: int = 200, seed: int = 0):
    """Each observed indicator: the record (dots), the posterior model mean (median, dark
    90 % band) and the predictive band with the likelihood's noise (light)."""
    bands = fit_bands(cal, draws, seed)
    fig, axes = plt.subplots(len(bands), 1, figsize=(9, 2.4 * len(bands) + 0.5), sharex=True,
                             squeeze=False)
    for ax, (name, band) in zip(axes[:, 0], bands.items()):
        weeks = band["weeks"]
        ax.fill_between(weeks, band["predictive"][0], band["predictive"][2], color="tab:blue",
                        alpha=0.15, step="post", label="90 % predictive")
        ax.fill_between(weeks, band["mean"][0], band["mean"][2], color="tab:blue", alpha=0.4,
                        step="post", label="90 % model")
        ax.step(weeks, band["mean"][1], where="post", color="tab:blue", lw=1.2, label="median")
        ax.plot(weeks, band["record"], "k.", ms=4, label="record")
        ax.set_ylabel(f"{name}\n[{INDICATORS[name][2]}]", fontsize=8)
    axes[0, 0].legend(fontsize=7, ncol=4, loc="upper right")
    axes[-1, 0].set_xlabel("week of the record")
    fig.suptitle(f"Fit to {cal.problem.record.source}")
    fig.tight_layout()
    return fig


def forecast_figure(results: list, variable: str = "composite_improvement"):
    """The posterior median and 90 % band of ``variable`` over time, one line per policy."""
    fig, ax = plt.subplots(figsize=(9, 4.5))
    for i, result in enumerate(results):
        series = result.trajectory[variable]
        lo, mid, hi = np.nanquantile(series, [0.05, 0.5, 0.95], axis=1)
        color = f"C{i}"
        ax.fill_between(result.trajectory.times, lo, hi, color=color, alpha=0.2)
        ax.plot(result.trajectory.times, mid, color=color, label=result.scenario.name)
    ax.axhline(0.0, color="k", lw=0.6)
    ax.set_xlabel("week")
    ax.set_ylabel(variable)
    ax.set_title("Forecast over the posterior: median and 90 % band")
    ax.legend()
    fig.tight_layout()
    return fig
