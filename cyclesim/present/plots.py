"""Figures a trainer can put on a slide: key indicators over time, scenarios side by side.

Each function draws on a given ``ax`` (or makes a figure) and returns it, so figures
compose; the intervention start, the honeymoon and the return to start are marked.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from cyclesim.scenario.runner import RunResult  # noqa: E402

KEY_INDICATORS = (
    ("incident_rate", "incidents per week"),
    ("sickness_absence_percentage", "sickness absence [%]"),
    ("satisfaction", "satisfaction (0-1)"),
    ("dependency", "dependency (0-1)"),
    ("stigma", "stigma (0-1)"),
    ("temp_share", "temp-staff share (0-1)"),
    ("team_size", "permanent team [FTE]"),
    ("controlling_climate", "controlling climate (0-1)"),
    ("staff_strain", "staff strain (0-1)"),
)


def mark_phases(ax: Axes, result: RunResult, run: int = 0) -> Axes:
    """Shade the honeymoon and draw the intervention start and the return to start."""
    outcome = result.outcomes[run]
    ax.axvline(outcome.start_week, color="0.3", lw=1, ls="--")
    if outcome.honeymoon_peak_week is not None:
        end = outcome.return_week if outcome.return_week is not None else outcome.horizon_weeks
        ax.axvspan(outcome.start_week, end, color="tab:green", alpha=0.08)
    if outcome.return_week is not None:
        ax.axvline(outcome.return_week, color="tab:red", lw=1.2)
    return ax


def indicator(ax: Axes, result: RunResult, variable: str, label: str, run: int = 0,
              color: str | None = None, name: str | None = None,
              linestyle: str = "-") -> Axes:
    """One variable over time, with its start value dotted."""
    tr = result.trajectory
    series = tr[variable][:, run]
    ax.plot(tr.times, series, color=color, lw=2, ls=linestyle,
            label=name or result.scenario.name)
    ax.axhline(series[0], color=color or "0.5", lw=0.8, ls=":")
    ax.set_title(label, fontsize=10)
    ax.set_xlabel("week")
    return ax


def scenario_figure(result: RunResult, run: int = 0) -> Figure:
    """Key indicators of one scenario, with start, honeymoon and return marked."""
    fig, axes = plt.subplots(3, 3, figsize=(13, 9), sharex=True)
    for ax, (variable, label) in zip(axes.flat, KEY_INDICATORS):
        indicator(ax, result, variable, label, run, color="tab:blue")
        mark_phases(ax, result, run)
    o = result.outcomes[run]
    ret = f"back at start in week {o.return_week:.0f}" if o.return_week else "not back at start"
    fig.suptitle(f"{result.scenario.title or result.scenario.name}: {o.outcome} ({ret}; "
                 f"honeymoon depth {o.honeymoon_depth:.0%})\n"
                 "dashed: intervention starts · green: honeymoon · red: back at start",
                 fontsize=11)
    fig.tight_layout()
    return fig


LINE_STYLES = ("-", "--", "-.", ":")


def line_style(i: int) -> tuple[str, str]:
    """Colour and line style of the ``i``-th scenario: the colour cycle's ten colours,
    then the same colours dashed, so no two of up to 40 scenarios look alike."""
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    return colors[i % len(colors)], LINE_STYLES[(i // len(colors)) % len(LINE_STYLES)]


def legend_below(fig: Figure, ax: Axes, top: float = 0.95) -> None:
    """One legend for the figure, in columns below its panels (beside the panels it
    would cover lines once there are more than a handful of scenarios)."""
    handles, labels = ax.get_legend_handles_labels()
    columns = min(len(labels), 4)
    rows = -(-len(labels) // columns)
    height = fig.get_figheight()
    bottom = min(0.4, (0.25 * rows + 0.2) / height)  # [inch] per legend row, as a share
    fig.legend(handles, labels, loc="lower center", ncol=columns, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0.0, bottom, 1.0, top))


def comparison_figure(results: list[RunResult]) -> Figure:
    """Scenarios side by side on the key indicators."""
    rows = -(-len(results) // 4)
    fig, axes = plt.subplots(3, 3, figsize=(13, 9 + 0.25 * rows), sharex=True)
    for i, result in enumerate(results):
        color, style = line_style(i)
        for ax, (variable, label) in zip(axes.flat, KEY_INDICATORS):
            indicator(ax, result, variable, label, color=color, linestyle=style)
    fig.suptitle("Scenarios side by side (dotted: each scenario's start value)", fontsize=11)
    legend_below(fig, axes.flat[0])
    return fig


def composite_figure(results: list[RunResult]) -> Figure:
    """The composite improvement of each scenario: above 0 better than at start."""
    rows = -(-len(results) // 4)
    fig, ax = plt.subplots(figsize=(9, 4.5 + 0.25 * rows))
    for i, result in enumerate(results):
        tr = result.trajectory
        color, style = line_style(i)
        ax.plot(tr.times, tr["composite_improvement"][:, 0], lw=2, color=color, ls=style,
                label=result.scenario.name)
        o = result.outcome
        if o.return_week is not None:
            ax.plot([o.return_week], [result.scenario.outcome.return_tolerance], "o", color="k")
    ax.axhline(0, color="k", lw=0.8)
    ax.set_xlabel("week")
    ax.set_ylabel("improvement over start (composite)")
    ax.set_title("Return to start: the composite of incidents, absence and satisfaction "
                 "(dots: back at start)", fontsize=10)
    legend_below(fig, ax, top=1.0)
    return fig
