"""Comparing scenarios: run each, and collect their outcomes as records and a table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from cyclesim.analysis.verdicts import DEFAULT_SEED, delay_stated, has_verdict, verdict
from cyclesim.scenario.runner import RunResult, run
from cyclesim.scenario.files import load_scenario, scenario_files

TABLE_COLUMNS = {
    "scenario": "scenario",
    "outcome": "outcome",
    "return_week": "return week",
    "honeymoon_depth": "honeymoon depth",
    "honeymoon_weeks": "honeymoon weeks",
    "cycles": "cycles",
    "declined_stages": "declined stages",
    "extra_cost_at_return": "extra cost to return [EUR]",
    "total_cost": "total cost [EUR]",
    "horizon_weeks": "over weeks",  # the total cost's horizon: scenarios may differ
    "peak_dependency": "peak dependency",
}


def load_all(paths: list[str | Path]):
    """Validate every scenario first, so one bad file stops the job before any run."""
    return [load_scenario(path) for path in scenario_files(paths)]


def run_all(paths: list[str | Path]) -> list[RunResult]:
    """Run every scenario named (files or directories of ``*.toml``)."""
    return [run(scenario) for scenario in load_all(paths)]


def records(results: list[RunResult], samples: int = 0, seed: int = DEFAULT_SEED,
            engine: str | None = None, progress: Callable[[str], None] | None = None
            ) -> list[dict]:
    """One JSON-ready record per scenario (the keys of ``--json``), with the loops each
    weakens against 1-on-1 alone (:func:`cyclesim.structure.loop_gain.loops_weakened`);
    with ``samples`` > 0, each intervention scenario also gets its ``verdict`` over that
    many paired Latin-hypercube draws (:func:`cyclesim.analysis.verdicts.verdict`).
    ``progress`` is called with the name of each scenario before its loops and verdict."""
    from cyclesim.structure.loop_gain import loops_weakened

    rows = []
    for result in results:
        if progress:
            progress(result.scenario.name)
        row = {**result.summary(), "title_nl": result.scenario.title_in("nl"),
               "loops_weakened": loops_weakened(result)}
        if samples > 0 and has_verdict(result.scenario):
            row["verdict"] = verdict(result.scenario, samples, seed, engine)
        rows.append(row)
    return rows


VERDICT_COLUMNS = {  # verdict key: column of the table (median, 5–95 %, share same sign)
    "return_delay_weeks": "delay vs 1-on-1 [weeks] over draws",
    "cost_difference_vs_one_on_one_eur": "cost vs 1-on-1 (or baseline) [EUR] over draws",
}


def spread(stat: dict | None, scale: float = 1.0, digits: int = 0) -> str:
    """``median (p5 to p95; share same sign)`` of a verdict statistic, as text."""
    if not stat or stat.get("median") is None:
        return ""
    f = lambda x: f"{x / scale:+,.{digits}f}"  # noqa: E731
    return (f"{f(stat['median'])} ({f(stat['p5'])} to {f(stat['p95'])}; "
            f"{stat['share_same_sign']:.0%} same sign)")


def table(rows: list[dict]) -> pd.DataFrame:
    """The outcome records as a table a person reads (with the verdicts' spreads when
    the records have them)."""
    frame = pd.DataFrame(rows)[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    if any("verdict" in row for row in rows):
        for key, column in VERDICT_COLUMNS.items():
            frame[column] = [VERDICT_TEXT[key](row["verdict"]) if "verdict" in row else ""
                             for row in rows]
    return frame.set_index("scenario")


def delay_text(verdict: dict) -> str:
    """The delay's spread, and how many draws it leaves out because the scenario or 1-on-1
    alone never improved in them (no return to delay); no spread where too few draws are
    left (:func:`~cyclesim.analysis.verdicts.delay_stated`)."""
    stat, n = verdict["return_delay_weeks"], verdict["n_draws"]
    left_out = n - stat["n_finite"]
    if not delay_stated(verdict):
        return (f"no cycle to delay: no honeymoon in "
                f"{verdict['no_honeymoon_draws']['scenario']} of {n} draws"
                + (f" (a delay in {stat['n_finite']})" if stat["n_finite"] else ""))
    return spread(stat) + (f"; {left_out} of {n} draws without a honeymoon" if left_out else "")


def cost_text(verdict: dict) -> str:
    """The cost difference's spread, saying when it is against no intervention."""
    text = spread(verdict["cost_difference_vs_one_on_one_eur"])
    return text + (" vs baseline" if text and verdict["cost_compared_with"] == "baseline"
                   else "")


VERDICT_TEXT = {"return_delay_weeks": delay_text,
                "cost_difference_vs_one_on_one_eur": cost_text}
