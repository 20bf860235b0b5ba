"""Figures of a sensitivity analysis: tornado bars, a two-parameter return map, indices
over time. Each plotting function takes an ``ax`` and returns it (as SALib's do)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from cyclesim.analysis.sensitivity import TARGETS, SensitivityReport, analyse_sweep


def _bins(n_runs: int) -> int:
    """Cells per axis: about 5 runs per cell, between 5 and 30."""
    return int(np.clip(np.sqrt(n_runs / 5), 5, 30))


def tornado(ax: Axes, frame: pd.DataFrame, method: str, title: str) -> Axes:
    """Horizontal bars of the indices of one output, largest on top."""
    main = {"sobol": "ST", "morris": "mu_star", "rbd_fast": "S1"}[method]
    order = frame[main].abs().sort_values().index
    y = np.arange(len(order))
    if method == "sobol":
        ax.barh(y + 0.2, frame.loc[order, "ST"], 0.4, label="total (ST)", color="#c44e52")
        ax.barh(y - 0.2, frame.loc[order, "S1"], 0.4, label="first order (S1)", color="#4c72b0")
    elif method == "morris":
        ax.barh(y + 0.2, frame.loc[order, "mu_star"], 0.4, label="mu*", color="#c44e52")
        ax.barh(y - 0.2, frame.loc[order, "sigma"], 0.4, label="sigma", color="#4c72b0")
    else:
        ax.barh(y, frame.loc[order, "S1"], 0.6, xerr=frame.loc[order, "S1_conf"],
                label="first order (S1, RBD-FAST)", color="#4c72b0")
    ax.set_yticks(y, list(order), fontsize=8)
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7, loc="lower right")
    return ax


def return_map(ax: Axes, runs: pd.DataFrame, x: tuple[str, float, float],
               y: tuple[str, float, float], share: bool = True) -> Axes:
    """Share of runs returned to start (or mean censored return week) per cell of two
    parameters; ``x``/``y`` are (name, low, high)."""
    bins = _bins(len(runs))
    edges = [np.linspace(lo, hi, bins + 1) for _, lo, hi in (x, y)]
    ix = np.clip(np.digitize(runs[x[0]], edges[0]) - 1, 0, bins - 1)
    iy = np.clip(np.digitize(runs[y[0]], edges[1]) - 1, 0, bins - 1)
    value = runs["returned_to_start"].astype(float) if share else runs["return_week_censored"]
    total = np.zeros((bins, bins))
    count = np.zeros((bins, bins))
    np.add.at(total, (iy, ix), value.to_numpy())
    np.add.at(count, (iy, ix), 1.0)
    with np.errstate(invalid="ignore"):
        grid = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    mesh = ax.pcolormesh(edges[0], edges[1], grid, cmap="viridis" if share else "magma_r",
                         vmin=0 if share else None, vmax=1 if share else None)
    ax.figure.colorbar(mesh, ax=ax, label="share returned to start" if share
                       else "mean return week (censored at horizon)")
    ax.set_xlabel(x[0])
    ax.set_ylabel(y[0])
    return ax


def indices_over_time(ax: Axes, frame: pd.DataFrame, label: str, index: str,
                      start_week: float) -> Axes:
    """One line per parameter: its main index week by week."""
    for name in frame.columns:
        ax.plot(frame.index, frame[name], label=name, lw=1.2)
    ax.axvline(start_week, color="grey", ls=":", lw=1)
    ax.set_xlabel("week")
    ax.set_ylabel(index)
    ax.set_title(label, fontsize=9)
    ax.legend(fontsize=6, ncol=2)
    return ax


def write_figures(report: SensitivityReport, runs: pd.DataFrame, manifest: dict,
                  out: Path) -> list[Path]:
    """tornado.png, return_map.png and (with saved series) indices_over_time.png."""
    files = []
    n_params = len(manifest["parameters"])
    fig = Figure(figsize=(5 * len(TARGETS), 0.3 * n_params + 1.8), layout="constrained")
    for ax, (target, frame) in zip(fig.subplots(1, len(report.indices)), report.indices.items()):
        tornado(ax, frame, report.method, TARGETS[target])
    fig.suptitle(report.censoring_note(), fontsize=8)
    files.append(_save(fig, out / "tornado.png"))

    ranked = report.ranking()
    if len(ranked) >= 2:
        bounds = {p["name"]: (p["name"], p["low"], p["high"]) for p in manifest["parameters"]}
        fig = Figure(figsize=(11, 4.5), layout="constrained")
        a, b = fig.subplots(1, 2)
        return_map(a, runs, bounds[ranked[0]], bounds[ranked[1]], share=True)
        return_map(b, runs, bounds[ranked[0]], bounds[ranked[1]], share=False)
        fig.suptitle("Where the return to start happens (the two parameters that matter "
                     "most for the return week)", fontsize=9)
        files.append(_save(fig, out / "return_map.png"))

    if report.over_time:
        start = manifest["scenario"]["start_week"]
        fig = Figure(figsize=(6 * len(report.over_time), 4), layout="constrained")
        axes = np.atleast_1d(fig.subplots(1, len(report.over_time)))
        for ax, (name, frame) in zip(axes, report.over_time.items()):
            indices_over_time(ax, frame, name, report.main_index, start)
        fig.suptitle("Sensitivity over time (intervention starts at the dotted line)",
                     fontsize=9)
        files.append(_save(fig, out / "indices_over_time.png"))
    return files


def _save(fig: Figure, path: Path) -> Path:
    fig.savefig(path, dpi=110)
    return path


def analyse_and_draw(directory: Path, out: Path | None = None) -> SensitivityReport:
    """The whole sensitivity job on a finished sweep: indices and tables
    (:func:`cyclesim.analysis.sensitivity.analyse_sweep`), then the figures beside them."""
    report = analyse_sweep(directory, out)
    report.files += write_figures(report, report.runs, report.manifest, report.out)
    return report
