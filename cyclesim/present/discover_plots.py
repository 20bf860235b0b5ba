"""Figures and files of a scenario discovery: PRIM's peeling trajectory, the chosen box's
limits against the sampled ranges, and the CSV/JSON/text files ``discover --out`` writes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes

from cyclesim.analysis.discover import Discovery
from cyclesim.present.plots import plt


def trajectory_ax(ax: Axes, d: Discovery) -> Axes:
    """Coverage against density along PRIM's peeling, coloured by restricted parameters;
    the reported box ringed."""
    tr = d.trajectory
    points = ax.scatter(tr["coverage"], tr["density"], c=tr["res_dim"], cmap="viridis", s=18)
    chosen = tr.iloc[d.chosen]
    ax.plot([chosen["coverage"]], [chosen["density"]], "o", ms=12, mfc="none", mec="#c44e52",
            mew=2, label=f"reported box (step {d.chosen})")
    if d.significant_box:
        ax.plot([d.significant_box["coverage"]], [d.significant_box["density"]], "*", ms=14,
                color="#dd8452", label="box with the significant limits only")
    ax.axhline(d.min_density, color="#c44e52", lw=0.8, ls="--",
               label=f"min density {d.min_density:.0%}")
    ax.set_xlabel("coverage (share of all cases of interest inside the box)")
    ax.set_ylabel("density (share of cases of interest in the box)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.figure.colorbar(points, ax=ax, label="restricted parameters")
    ax.legend(fontsize=8, loc="lower left")
    ax.set_title(f"PRIM peeling trajectory: {d.outcome}, cases '{d.cases}' "
                 f"({d.n_cases} of {d.n_runs} runs)", fontsize=9)
    return ax


def limits_ax(ax: Axes, d: Discovery) -> Axes:
    """Each significant limit (quasi-p <= 0.05; all limits when none is) as a share of
    its parameter's sampled range."""
    significant = d.significant is not None and not d.significant.empty
    lim = d.significant if significant else d.limits
    if lim.empty:
        ax.text(0.5, 0.5, "no parameter restricted", ha="center", va="center")
        ax.set_axis_off()
        return ax
    span = (lim["sampled_high"] - lim["sampled_low"]).replace(0, np.nan)
    low = (lim["low"] - lim["sampled_low"]) / span
    high = (lim["high"] - lim["sampled_low"]) / span
    y = np.arange(len(lim))
    ax.barh(y, np.ones(len(lim)), color="#dddddd", height=0.6)
    ax.barh(y, high - low, left=low, color="#4c72b0", height=0.6)
    for i, name in enumerate(lim.index):
        ax.text(low.iloc[i], i + 0.38, f"{lim['low'].iloc[i]:.3g}", fontsize=7, ha="left")
        ax.text(high.iloc[i], i + 0.38, f"{lim['high'].iloc[i]:.3g}", fontsize=7, ha="right")
    ax.set_yticks(y, list(lim.index), fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the sampled range (grey: sampled; blue: inside the box)")
    box = d.significant_box if significant else d.box
    which = "significant limits (quasi-p <= 0.05)" if significant else "PRIM box"
    ax.set_title(f"{which}: coverage {box['coverage']:.0%}, density {box['density']:.0%}, "
                 f"mass {box['mass']:.0%}", fontsize=9)
    return ax


def discovery_figure(d: Discovery):
    """The trajectory and the box limits side by side."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8))
    trajectory_ax(left, d)
    limits_ax(right, d)
    fig.tight_layout()
    return fig


def limits_text(d: Discovery) -> str:
    """The box limits as a few lines a person reads."""
    box = d.box
    lines = [f"{d.cases} cases of '{d.outcome}': {d.n_cases} of {d.n_runs} runs "
             f"({d.n_cases / d.n_runs:.0%})"
             + (f"; {d.n_rest_failed} runs without a rest state left out"
                if d.n_rest_failed else ""),
             f"PRIM box (step {d.chosen} of {len(d.trajectory) - 1}): coverage "
             f"{box['coverage']:.0%}, density {box['density']:.0%}, mass {box['mass']:.0%}, "
             f"{box['restricted_dimensions']} parameter(s) restricted"
             + ("" if d.dense_enough else
                f" (no box reaches density {d.min_density:.0%}: the densest is shown)")]
    sig = d.significant if d.significant is not None else d.limits.iloc[:0]
    s = d.significant_box
    lines.append(f"significant limits (quasi-p <= 0.05): {len(sig)} of "
                 f"{len(d.limits)}; that box: coverage {s.get('coverage', 0):.0%}, density "
                 f"{s.get('density', 0):.0%}, mass {s.get('mass', 0):.0%}")
    for name, row in sig.iterrows():
        lines.append(f"  {name:32s} {row['low']:>10.4g} to {row['high']:<10.4g} "
                     f"(sampled {row['sampled_low']:.4g} to {row['sampled_high']:.4g}; "
                     f"quasi-p {row['quasi_p']:.2g})")
    others = [n for n in d.limits.index if n not in sig.index]
    if others:
        lines.append(f"  not significant: {', '.join(others)}")
    if d.cart_leaves:
        leaf = d.cart_leaves[0]
        cond = ", ".join(
            f"{n} {'> ' + format(b['low'], '.4g') if b['low'] is not None else ''}"
            f"{' and ' if b['low'] is not None and b['high'] is not None else ''}"
            f"{'<= ' + format(b['high'], '.4g') if b['high'] is not None else ''}"
            for n, b in leaf["limits"].items()) or "(all runs)"
        lines.append(f"CART's densest leaf: {cond}: density {leaf['density']:.0%}, "
                     f"coverage {leaf['coverage']:.0%}, mass {leaf['mass']:.0%}")
    return "\n".join(lines)


def write_discovery(d: Discovery, out: str | Path) -> list[Path]:
    """``discovery.json``, ``box_limits.csv``, ``peeling_trajectory.csv``,
    ``cart_tree.txt`` and ``discovery.png`` into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "discovery.json", out / "box_limits.csv", out / "peeling_trajectory.csv",
             out / "cart_tree.txt", out / "discovery.png"]
    paths[0].write_text(json.dumps(d.record(), indent=2))
    d.limits.to_csv(paths[1])
    d.trajectory.to_csv(paths[2], index_label="step")
    paths[3].write_text(d.cart_text)
    fig = discovery_figure(d)
    fig.savefig(paths[4], dpi=110)
    plt.close(fig)
    return paths
