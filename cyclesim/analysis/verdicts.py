"""Intervention verdicts over the plausible space (issue 10, deliverable 4).

Every effect and cost an intervention scenario claims is reported over a Latin hypercube
of the plausible range of *every* structural parameter (all parameters outside the
groups ``policy`` and ``outcome``), with a fixed seed and paired draws: the scenario and
its comparator run on the same parameter sets, and each statistic is taken over the
per-draw differences.

* ``return_delay_weeks``: the scenario's return week minus 1-on-1 alone's (as
  ``one_on_one.toml``, on the scenario's clock), over the draws in which both had a
  honeymoon: a run that never improved (``no_honeymoon`` or ``worse``) never left the
  start, so it has no return to delay or bring forward; such draws are left out and
  counted in ``no_honeymoon_draws`` (counting them as returning at the horizon would
  report a policy that does nothing, or makes things worse, as one that delays the
  return). A run with a honeymoon that is not back within the horizon counts as
  returning at the horizon, so a delay involving it is a bound (``censored_draws``).
* ``extra_cost_eur``: the scenario's own extra cost over the horizon against the rest
  state's weekly cost (``extra_cost`` of the outcome).
* ``cost_difference_vs_one_on_one_eur``: the scenario's total cost minus the
  comparator's over the horizon (negative: cheaper). The comparator is 1-on-1 alone for a
  scenario with exclusive hours (a 1-on-1 combination or variant); for a scenario
  without exclusive hours it is the baseline (no intervention), and ``cost_compared_with``
  says so.

Each is summarised as median, 5th and 95th percentile, and the share of draws whose
difference has the same sign as the median (``share_same_sign``; a median of exactly 0
counts draws equal to 0: where both runs are censored the delay is exactly 0, so a
median of 0 often says "neither returns", see ``censored_draws``). Draws that diverged (a non-finite value) are left out of that
statistic and counted in ``n_finite``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from cyclesim.analysis.plausible import STRUCTURAL, latin_draws
from cyclesim.outcome import HONEYMOON_CLASSES
from cyclesim.scenario.files import Scenario
from cyclesim.scenario.runner import run_batch, scenario_parameters
from cyclesim.structure.loop_gain import reference_scenario

DEFAULT_SAMPLES = 64
DEFAULT_SEED = 1
DELAY_MIN_DRAWS = 10  # fewer draws with a honeymoon on both sides: no delay is stated in text
CENSORING_NOTE = ("the delay is taken over the draws in which both the scenario and 1-on-1 "
                  "alone had a honeymoon (a run that never improved has no return to delay: "
                  "no_honeymoon_draws); return weeks censored at the horizon: a draw with a "
                  "honeymoon that does not return counts as returning at the horizon, so a "
                  "delay involving a censored run is a bound (a lower bound when only the "
                  "scenario is censored)")


def structural_sample(n: int, seed: int = DEFAULT_SEED,
                      names: tuple[str, ...] = STRUCTURAL) -> dict[str, np.ndarray]:
    """``n`` Latin-hypercube draws over the plausible range (low–high) of ``names``."""
    return latin_draws(n, seed, names)


def is_one_on_one_combination(scenario: Scenario) -> bool:
    """A scenario with exclusive hours: 1-on-1 alone, combined or varied."""
    return scenario.intervention.get("exclusive_hours_per_day", 0.0) > 0.0


def baseline_scenario(scenario: Scenario) -> Scenario:
    """No intervention, on ``scenario``'s clock and structure."""
    return Scenario(name="baseline", title="Baseline (no intervention)",
                    start_week=scenario.start_week, horizon_weeks=scenario.horizon_weeks,
                    dt=scenario.dt, method=scenario.method, save_every=scenario.save_every,
                    parameters=dict(scenario.parameters), outcome=scenario.outcome)


def summary(values: np.ndarray) -> dict:
    """Median, 5–95 % range and share of draws with the median's sign (finite draws)."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return {"median": None, "p5": None, "p95": None, "share_same_sign": None,
                "n_finite": 0}
    median = float(np.median(x))
    return {"median": median, "p5": float(np.percentile(x, 5)),
            "p95": float(np.percentile(x, 95)),
            "share_same_sign": float(np.mean(np.sign(x) == np.sign(median))),
            "n_finite": int(x.size)}


@dataclass(frozen=True)
class Draws:
    """Per-draw outcomes of a scenario and its comparators on the same parameter sets."""

    return_week: np.ndarray  # censored at the horizon
    censored: np.ndarray
    extra_cost: np.ndarray
    total_cost: np.ndarray
    honeymoon: np.ndarray  # the run improved first (returned or not within the horizon)


def _draws(scenario: Scenario, sample: dict[str, np.ndarray], n: int,
           engine: str | None) -> Draws:
    # a value the scenario file sets itself is kept (both sides of a pair share it)
    values = {k: v for k, v in sample.items() if k not in scenario.parameters}
    table = run_batch(scenario, scenario_parameters(scenario, values, n), variables=(),
                      engine=engine, table_only=True).table
    return Draws(np.asarray(table["return_week_censored"], dtype=float),
                 np.asarray(table["censored"], dtype=bool),
                 np.asarray(table["extra_cost"], dtype=float),
                 np.asarray(table["total_cost"], dtype=float),
                 np.isin(np.asarray(table["outcome"]), HONEYMOON_CLASSES))


@lru_cache(maxsize=32)
def _cached_draws(scenario_json: str, n: int, seed: int, engine: str | None) -> Draws:
    return _draws(Scenario.model_validate_json(scenario_json),
                  structural_sample(n, seed), n, engine)


def scenario_draws(scenario: Scenario, n: int, seed: int = DEFAULT_SEED,
                   engine: str | None = None) -> Draws:
    """The outcomes of ``scenario`` on the ``n`` draws of ``structural_sample(n, seed)``
    (cached: the comparators are shared by many scenarios)."""
    return _cached_draws(scenario.model_dump_json(), n, seed, engine)


def verdict(scenario: Scenario, n: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
            engine: str | None = None, with_draws: bool = False) -> dict:
    """The ``verdict`` record of ``scenario`` (module docstring); ``with_draws`` adds the
    per-draw differences under ``draws`` (for tests and figures)."""
    combo = scenario_draws(scenario, n, seed, engine)
    alone = scenario_draws(reference_scenario(scenario), n, seed, engine)
    combination = is_one_on_one_combination(scenario)
    cost_ref = alone if combination else scenario_draws(baseline_scenario(scenario), n,
                                                        seed, engine)
    delay = np.where(combo.honeymoon & alone.honeymoon,
                     combo.return_week - alone.return_week, np.nan)  # no honeymoon: no return
    difference = combo.total_cost - cost_ref.total_cost
    record = {
        "n_draws": int(n), "seed": int(seed), "sampled_parameters": len(STRUCTURAL),
        "design": "Latin hypercube over the plausible range of every structural parameter; "
                  "paired draws (the same parameter sets for the scenario and its comparators)",
        "return_delay_weeks": summary(delay),
        "extra_cost_eur": summary(combo.extra_cost),
        "cost_difference_vs_one_on_one_eur": summary(difference),
        "delay_compared_with": "one_on_one",
        "cost_compared_with": "one_on_one" if combination else "baseline",
        "censored_draws": {"scenario": int(combo.censored.sum()),
                           "one_on_one": int(alone.censored.sum()),
                           "both": int((combo.censored & alone.censored).sum())},
        "no_honeymoon_draws": {"scenario": int((~combo.honeymoon).sum()),
                               "one_on_one": int((~alone.honeymoon).sum())},
        "censoring": CENSORING_NOTE,
    }
    if not combination:
        record["note"] = ("not a 1-on-1 combination (no exclusive hours): its cost is "
                          "compared with the baseline (no intervention), under the key "
                          "cost_difference_vs_one_on_one_eur; its delay with 1-on-1 alone")
    if with_draws:
        record["draws"] = {"return_delay_weeks": delay.tolist(),
                           "extra_cost_eur": combo.extra_cost.tolist(),
                           "cost_difference_vs_one_on_one_eur": difference.tolist()}
    return record


def delay_stated(record: dict) -> bool:
    """Whether a verdict has enough draws with a honeymoon on both sides to state a delay
    in words (``DELAY_MIN_DRAWS``, or every draw of a smaller sample): one or two draws
    make no range. The record keeps the statistic either way, with its ``n_finite``."""
    return record["return_delay_weeks"]["n_finite"] >= min(DELAY_MIN_DRAWS, record["n_draws"])


def has_verdict(scenario: Scenario) -> bool:
    """Scenarios that claim an effect: every one but no intervention and 1-on-1 alone."""
    policy = dict(scenario.intervention)
    alone = reference_scenario(scenario)
    return bool(policy or scenario.schedules or scenario.escalation) and not (
        policy == alone.intervention and not scenario.schedules and not scenario.escalation)


def _percentiles(values: np.ndarray) -> dict:
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return {"median": None, "p5": None, "p95": None, "n": 0}
    return {"median": float(np.median(x)), "p5": float(np.percentile(x, 5)),
            "p95": float(np.percentile(x, 95)), "n": int(x.size)}


@lru_cache(maxsize=64)
def _cached_robustness(scenario_json: str, n: int, seed: int, engine: str | None) -> dict:
    scenario = Scenario.model_validate_json(scenario_json)
    sample = structural_sample(n, seed)
    values = {k: v for k, v in sample.items() if k not in scenario.parameters}
    table = run_batch(scenario, scenario_parameters(scenario, values, n), variables=(),
                      engine=engine, table_only=True).table
    classes = np.asarray(table["outcome"])
    returned = classes == "returned"
    week = np.asarray(table["return_week"], dtype=float)
    shares = {c: float(np.mean(classes == c))
              for c in ("returned", "not_within_horizon", "no_honeymoon", "worse")}
    return {"n_draws": int(n), "seed": int(seed), "sampled_parameters": len(STRUCTURAL),
            "shares": shares, "share_held": shares["not_within_horizon"],
            "share_returned": shares["returned"],
            "return_week": _percentiles(np.where(returned, week, np.nan)),
            "extra_cost_eur": _percentiles(np.asarray(table["extra_cost"], dtype=float)),
            "horizon_weeks": float(scenario.horizon_weeks)}


def scenario_robustness(scenario: Scenario, n: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
                        engine: str | None = None) -> dict:
    """Any scenario over the same Latin sample of every structural parameter's plausible
    range as the verdicts (``structural_sample(n, seed)``): the share of draws per outcome
    class (``share_held``: a honeymoon and not back at start within the horizon), the
    median and 5–95 % return week of the draws that return, and the extra cost over no
    intervention over the horizon (median, 5–95 %)."""
    return _cached_robustness(scenario.model_dump_json(), n, seed, engine)
