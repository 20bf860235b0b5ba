"""Escalation counts cycles honestly (issue 10, deliverable 5): a cycle is a policy stage
with a honeymoon that came back to start; a stage switched off without a honeymoon is
``declined``, not a cycle; each run reports its stages (``stages``) and the counts
(``cycles``, ``declined_stages``). The checks read the stages' definition, not today's
numbers of the model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cyclesim.outcome import STAGE_ENDS, STAGE_KEYS, OutcomeSettings, judge
from cyclesim.scenario.files import load_scenario
from cyclesim.scenario.runner import run, run_batch, scenario_parameters
from parameter_draws import uniform_sets

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
START = 8.0
THRESHOLD = 0.05


def staged_batch(stage_improvements: list[list[tuple[float, float]]],
                 switches: list[list[float]]) -> list:
    """Judge runs whose stage improvement passes through the (week, value) corners, with
    the latched stage rising by one at each week in ``switches``."""
    times = np.arange(0.0, 61.0)
    si = np.stack([np.interp(times, *zip(*([(0.0, 0.0), (START, 0.0)] + corners)))
                   for corners in stage_improvements], axis=1)
    stage = np.stack([np.searchsorted(np.asarray(s), times, side="right").astype(float)
                      for s in switches], axis=1)
    n = si.shape[1]
    series = {"composite_improvement": si.copy(), "dependency": np.zeros_like(si),
              "cumulative_cost": np.outer(1000.0 * times, np.ones(n)),
              "escalation_stage": stage, "stage_improvement": si}
    return judge(times, series, START, OutcomeSettings(THRESHOLD, 0.0), np.full(n, 1000.0))


def test_a_declined_stage_is_not_a_cycle_and_a_returned_one_is():
    # stage 0: honeymoon 0.2, back below start by week 25 and switched at 26;
    # stage 1: no honeymoon, down to -0.06 and switched off at 31 (declined);
    # stage 2: a honeymoon from its own start, back at start at week 50.
    corners = [(16, 0.2), (24, 0.02), (26, -0.02), (26.5, 0.0), (30, -0.06), (31, 0.0),
               (40, 0.1), (50, 0.0), (60, -0.05)]
    out, = staged_batch([corners], [[26, 31]])
    assert [s["end_reason"] for s in out.stages] == ["back_at_start", "declined",
                                                     "back_at_start"]
    assert out.cycles == 2 and out.declined_stages == 1
    first, declined, last = out.stages
    assert [s["stage"] for s in out.stages] == [0, 1, 2]
    assert first["start_week"] == START and declined["start_week"] == 26.0
    assert last["start_week"] == 31.0
    assert first["honeymoon_depth"] == pytest.approx(0.2)
    assert declined["honeymoon_depth"] < THRESHOLD
    assert 24 < first["end_week"] <= 26 and declined["end_week"] == 31.0
    assert last["end_week"] == pytest.approx(50.0)
    assert all(tuple(s) == STAGE_KEYS and s["end_reason"] in STAGE_ENDS for s in out.stages)


def test_runs_without_any_honeymoon_report_no_cycles():
    # every stage declines below its start without a honeymoon; the last runs out
    corners = [(12, -0.06), (13, 0.0), (20, -0.06), (21, 0.0), (60, -0.03)]
    out, = staged_batch([corners], [[13, 21]])
    assert out.outcome == "worse"
    assert out.cycles == 0 and out.declined_stages == 2
    assert [s["end_reason"] for s in out.stages] == ["declined", "declined", "horizon"]
    assert out.stages[-1]["end_week"] == 60.0


def test_a_run_without_escalation_has_one_stage():
    out, = staged_batch([[(20, 0.2), (40, -0.1), (60, -0.1)]], [[]])
    assert out.cycles == 1 and out.declined_stages == 0
    assert len(out.stages) == 1 and out.stages[0]["end_reason"] == "back_at_start"
    assert out.stages[0]["end_week"] == pytest.approx(out.return_week)


def check_stages(result, run_index: int = 0) -> None:
    """The stages of one run against its saved latched stage and stage improvement."""
    out = result.outcomes[run_index]
    times = result.trajectory.times
    stage = result.trajectory["escalation_stage"][:, run_index]
    threshold = result.scenario.outcome.honeymoon_threshold
    assert len(out.stages) == int(stage.max()) + 1
    for k, s in enumerate(out.stages):
        assert s["stage"] == k
        first = START if k == 0 else float(times[np.argmax(stage > k - 0.5)])
        assert s["start_week"] == pytest.approx(first)
        assert s["start_week"] <= s["end_week"] <= times[-1]
        if s["end_reason"] == "declined":
            assert s["honeymoon_depth"] < threshold
        if s["end_reason"] == "back_at_start":
            assert s["honeymoon_depth"] >= threshold
        if k + 1 < len(out.stages):  # switched off: back at start or declined
            assert s["end_reason"] != "horizon"
            assert out.stages[k + 1]["start_week"] == s["end_week"]
    ends = [s["end_reason"] for s in out.stages]
    assert out.cycles == ends.count("back_at_start")
    assert out.declined_stages == ends.count("declined")
    if all(s["honeymoon_depth"] < threshold for s in out.stages):
        assert out.cycles == 0


def test_shipped_escalation_scenario_reports_its_stages():
    result = run(SCENARIOS / "escalation.toml")
    check_stages(result)
    record = result.summary()
    assert record["stages"] == result.outcome.stages
    assert record["cycles"] == result.outcome.cycles


def test_escalation_over_the_plausible_space_counts_only_returned_stages():
    scenario = load_scenario(SCENARIOS / "escalation.toml")
    n = 12
    result = run_batch(scenario, scenario_parameters(scenario, uniform_sets(n, seed=5), n),
                       variables=())
    for r in range(n):
        check_stages(result, r)
