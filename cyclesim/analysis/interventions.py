"""The seed interventions (001–004) against 1-on-1 alone: delay of the return, its cost,
and how robust the ordering is over the effect sizes' plausible ranges.

"Holds" for a run means the combination returns to start later than 1-on-1 alone, or
not within the horizon while it did have a honeymoon (classes ``no_honeymoon`` and
``worse`` never count). Delays use censored return weeks: a run that does not return
counts as returning at the horizon, so its delay (and so the cost per week of delay) is
a bound, stated as such in the report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from SALib.sample import latin

from cyclesim.analysis.verdicts import summary
from cyclesim.structure.loop_gain import reference_scenario
from cyclesim.outcome import HONEYMOON_CLASSES, Outcome
from cyclesim.model.params import PARAMETERS
from cyclesim.scenario.runner import run_batch, scenario_parameters
from cyclesim.scenario.files import Scenario


@dataclass(frozen=True)
class Intervention:
    """A seed intervention: its combination scenario, effect and cost parameters, loop."""

    key: str
    seed: str
    scenario: str  # the combination with 1-on-1
    effects: tuple[str, ...]
    costs: tuple[str, ...]
    loop: str  # the MODEL.md loop family its mechanism acts on


INTERVENTIONS: tuple[Intervention, ...] = (
    Intervention("self_direction", "001", "one_on_one_self_direction",
                 ("self_direction_effect",), ("self_direction_hours",), "dependency"),
    Intervention("client_network", "002", "one_on_one_client_network",
                 ("network_participation_effect",), ("network_coaching_ratio", "network_cost"),
                 "stigma"),
    Intervention("one_plan", "003", "one_on_one_one_plan",
                 ("one_plan_load_reduction",), ("coordinator_hours",), "bigger_team"),
    Intervention("tandem", "004", "one_on_one_tandem",
                 ("tandem_conversion_effect", "tandem_release_effect", "tandem_autonomy_relief"), ("tandem_hours",),
                 "dependency"),
)
BY_KEY = {i.key: i for i in INTERVENTIONS}


def holds(combo: Outcome, alone: Outcome) -> bool:
    """True when the combination returns later than 1-on-1 alone, or not within the
    horizon after a honeymoon."""
    if combo.outcome == "not_within_horizon":
        return True
    return (combo.outcome == "returned" and alone.return_week is not None
            and combo.return_week > alone.return_week)


@dataclass(frozen=True)
class Delay:
    """Delay of the return and what it costs, one run of a combination vs 1-on-1 alone."""

    delay_weeks: float  # censored return weeks; a bound when the combination never returns
    extra_cost: float  # [EUR] total cost over the horizon, combination − 1-on-1 alone
    cost_per_week_of_delay: float  # [EUR/week]; nan when there is no delay
    censored: bool


def delay(combo: Outcome, alone: Outcome) -> Delay:
    """Weeks of delay gained and extra cost per week of delay (censored at the horizon).
    A run that never improved has no return to delay: the delay is then NaN."""
    improved = combo.outcome in HONEYMOON_CLASSES and alone.outcome in HONEYMOON_CLASSES
    weeks = (combo.return_week_censored - alone.return_week_censored if improved
             else float("nan"))
    extra = combo.total_cost - alone.total_cost
    per_week = extra / weeks if weeks > 0 else float("nan")
    return Delay(float(weeks), float(extra), float(per_week), bool(combo.censored))


def direct_cost_per_week(scenario: Scenario) -> float:
    """What the scenario's seed interventions cost per week at defaults [EUR/week]: staff
    hours for consultation, coaching and coordination, plus the networkers' expenses."""
    p = {name: float(v[0]) for name, v in scenario_parameters(scenario).items()}
    hours = (p["self_direction"] * p["self_direction_hours"]
             + p["client_network_hours"] * p["network_coaching_ratio"]
             + p["one_plan"] * p["coordinator_hours"] + p["tandem"] * p["tandem_hours"])
    hourly = p["labour_cost_per_fte"] / p["weeks_per_year"] / p["productive_hours_per_fte"]
    return hours * hourly + p["client_network_hours"] * p["network_cost"]


def lhs_sample(names: tuple[str, ...], n: int, seed: int = 1) -> dict[str, np.ndarray]:
    """A Latin-hypercube sample of ``n`` points over the parameters' plausible ranges."""
    problem = {"num_vars": len(names), "names": list(names),
               "bounds": [[PARAMETERS[k].low, PARAMETERS[k].high] for k in names]}
    values = latin.sample(problem, n, seed=seed)
    return {name: values[:, i] for i, name in enumerate(names)}


@dataclass(frozen=True)
class Robustness:
    """The ordering over a Latin-hypercube sample of one intervention's ranges."""

    intervention: str
    n_samples: int
    share_holds: float
    median_delay_weeks: float
    median_cost_per_week_of_delay: float  # over samples with a delay; nan if none
    delays: tuple[float, ...] = ()  # [week] per sample (NaN: a run that never improved)
    censored: tuple[bool, ...] = ()  # per sample: the combination not back by the horizon
    costs_per_week: tuple[float, ...] = ()  # [EUR/week] per sample (NaN: no delay)

    @property
    def median_is_bound(self) -> bool:
        """More than half the samples are censored, so the median delay is a lower bound."""
        return 2 * sum(self.censored) > len(self.censored)

    @property
    def delay_summary(self) -> dict:
        """Median, 5–95 % range and share of the median's sign of the delays [week]."""
        return summary(np.asarray(self.delays))

    @property
    def cost_per_week_summary(self) -> dict:
        """The same of the extra cost per week of delay [EUR/week]."""
        return summary(np.asarray(self.costs_per_week))


def robustness(intervention: Intervention, combo: Scenario, n: int = 32,
               seed: int = 1) -> Robustness:
    """Run the combination and 1-on-1 alone on the same LHS sample of the intervention's
    effect and cost parameters, and report how often the ordering holds."""
    sample = lhs_sample(intervention.effects + intervention.costs, n, seed)
    alone = reference_scenario(combo)
    combos = run_batch(combo, scenario_parameters(combo, sample, n)).outcomes
    alones = run_batch(alone, scenario_parameters(alone, sample, n)).outcomes
    flags = [holds(c, a) for c, a in zip(combos, alones)]
    delays = [delay(c, a) for c, a in zip(combos, alones)]
    per_week = [d.cost_per_week_of_delay for d in delays if d.delay_weeks > 0]
    weeks = np.array([d.delay_weeks for d in delays])
    return Robustness(intervention.key, n, float(np.mean(flags)),
                      float(np.median(weeks[np.isfinite(weeks)])) if np.isfinite(weeks).any()
                      else float("nan"),
                      float(np.median(per_week)) if per_week else float("nan"),
                      tuple(weeks.tolist()), tuple(d.censored for d in delays),
                      tuple(d.cost_per_week_of_delay if d.delay_weeks > 0 else float("nan")
                            for d in delays))
