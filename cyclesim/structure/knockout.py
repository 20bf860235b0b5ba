"""Knock-outs: which mechanism brings the system back to start.

MODEL.md ("Modelling notes"): holding a slow stock at its start value, or cutting one
link of a loop, and seeing the return move or vanish is the test of which mechanism
causes it. Loop dominance (:mod:`cyclesim.structure.dominance`) says which loop dominates
a variable's behaviour; a knock-out says whether a mechanism is *needed* for the return.

Every knock-out is a :class:`~cyclesim.model.graph.Structure` derived from the intact
one, so a stock or link added to the listing is knocked out by itself:

* **Hold a stock** (every stock that is neither an accumulator nor latched): from the
  intervention's start week on, an extra outflow equal to the stock's net flow (summed
  in the order the engine sums it, so the derivative is exactly 0). The run starts at
  the rest state of the *intact* model, so the stock stays at its start (rest) value.
  Equations that read the stock's flows (co-flows, accumulators) still see them live.
* **Cut a loop** at one named link ``source → target`` of its MODEL.md chain
  (:data:`CUT_LINKS`): the target equation receives the source's rest value (the intact
  model evaluated at the rest state, policy levers neutral) instead of the live value;
  every other equation still sees the live source.

Each run uses the NumPy engine (derived structures are not compiled; the knock-outs run
side by side in one batch, each in its own runs: :func:`merged_structure`) and is judged as
``cyclesim run`` judges: outcome class, return week, honeymoon depth. The shift of the
return week is against the intact run; a run still away from start at the horizon is
censored: its shift is only a bound (``>= horizon - intact``), flagged ``censored``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from cyclesim.engine import Settings, Trajectory, get_engine, with_references
from cyclesim.engine.evaluation import evaluate
from cyclesim.model.elements import Equation
from cyclesim.model.graph import Structure, structure
from cyclesim.model.loop_families import FAMILIES, LoopFamily
from cyclesim.model.params import ParameterSet, compact, pre_intervention
from cyclesim.outcome import (HONEYMOON_CLASSES, OUTCOME_VARIABLES, Outcome, judge_table,
                              outcomes_of)
from cyclesim.scenario.files import Scenario, load_scenario
from cyclesim.scenario.runner import outcome_settings, scenario_parameters, settings_of
from cyclesim.version import __version__

# Where each MODEL.md loop is cut: a link of its chain that no other family's chain
# shares, chosen as the link the story names as the loop's own mechanism.
CUT_LINKS: dict[str, tuple[str, str, str]] = {
    "honeymoon": ("proximity", "proximity_calming",
                  "proximity calms the client (the honeymoon's relief)"),
    "dependency": ("dependency", "demand_multiplier",
                   "dependency makes more support demanded (closes the loop)"),
    "guard_role": ("exclusive_staff_hours_demanded", "guard_pressure",
                   "guard hours press on the staff who carry them (the guard role's burden)"),
    "bigger_team": ("coordination_load", "climate_pressure",
                    "coordination problems are answered with rules (the controlling climate)"),
    "stigma": ("visible_guarding", "stigma_pressure",
               "a visible 'guard' marks the client (the stigma)"),
    "overexploitation": ("staff_strain", "able_share",
                         "strain leaves fewer staff able to do individual shifts"),
}

KINDS = ("intact", "stock", "loop")
RECORD_KEYS = ("kind", "name", "held", "cut_link", "outcome", "return_week", "shift_weeks",
               "shift_bound", "censored", "honeymoon_depth", "model_version", "scenario")


class KnockoutError(ValueError):
    """A knock-out that does not fit the structure (unknown stock, a cut link that is not
    on its loop's chain or not a link into an equation)."""


@dataclass(frozen=True)
class Knockout:
    """One knock-out: hold a stock, or cut a loop at ``source → target``."""

    kind: str  # "intact", "stock" or "loop"
    name: str  # the stock, the loop family's key, or "intact"
    held: str | None = None  # the held stock, or the cut link's source
    cut_link: tuple[str, str] | None = None
    why: str = ""

    @property
    def link_text(self) -> str | None:
        return f"{self.cut_link[0]} -> {self.cut_link[1]}" if self.cut_link else None


INTACT = Knockout("intact", "intact")


# ---------------------------------------------------------------------------------
# The knock-outs of a structure
# ---------------------------------------------------------------------------------
def held_stocks(model: Structure) -> tuple[str, ...]:
    """The stocks a knock-out may hold: all but accumulators and latched stages."""
    return tuple(s.name for s in model.stocks if not (s.accumulator or s.latched))


def chain_links(family: LoopFamily) -> list[tuple[str, str]]:
    """The consecutive links of a family's closed chain."""
    chain = family.chain + family.chain[:1]
    return list(zip(chain, chain[1:]))


def check_cut(model: Structure, family: LoopFamily, source: str, target: str) -> None:
    """Raise :class:`KnockoutError` unless ``source → target`` is a link of the family's
    chain, declared in the structure, into an equation (not a stock)."""
    if (source, target) not in chain_links(family):
        raise KnockoutError(f"{source} -> {target} is not a link of the chain of "
                            f"{family.name}: " + " -> ".join(family.chain))
    if (source, target) not in {(l.source, l.target) for l in model.links()}:
        raise KnockoutError(f"{source} -> {target} ({family.name}) is not a link of the listing")
    try:
        element = model.element(target)
    except KeyError:
        raise KnockoutError(f"{target} ({family.name}) is not in the listing") from None
    if element.kind == "stock":
        raise KnockoutError(f"{source} -> {target} ({family.name}) is a flow into a stock; "
                            "cut a link into an equation")


def knockouts(model: Structure | None = None,
              cuts: dict[str, tuple[str, str, str]] | None = None) -> list[Knockout]:
    """Intact, every holdable stock, and every MODEL.md loop cut at its named link (all
    validated against ``model``; every family must have a cut)."""
    model = model or structure()
    cuts = CUT_LINKS if cuts is None else cuts
    out = [INTACT] + [Knockout("stock", s, held=s) for s in held_stocks(model)]
    for family in FAMILIES:
        if family.key not in cuts:
            raise KnockoutError(f"no cut link named for {family.name}")
        source, target, why = cuts[family.key]
        check_cut(model, family, source, target)
        out.append(Knockout("loop", family.key, held=source, cut_link=(source, target),
                            why=why))
    return out


# ---------------------------------------------------------------------------------
# Derived structures
# ---------------------------------------------------------------------------------
def _hold_function(n_in: int, start_week: float, runs: np.ndarray | bool):
    """The net flow of a stock (inflows then outflows, summed as the engine sums them),
    from ``start_week`` on, in the ``runs`` that hold it; 0 before and elsewhere."""

    def hold(time, *flows):
        net = 0.0
        for f in flows[:n_in]:
            net = net + f
        for f in flows[n_in:]:
            net = net - f
        return np.where(runs & (time >= start_week), net, 0.0)

    return hold


def hold_stock(model: Structure, stock: str, start_week: float,
               runs: np.ndarray | bool = True) -> Structure:
    """``model`` with ``stock``'s net flow cancelled from ``start_week`` on: an extra,
    last outflow ``knockout_hold_<stock>`` equal to the net flow of its own flows (in the
    ``runs`` marked True, a mask over the batch; every run by default)."""
    if stock not in held_stocks(model):
        raise KnockoutError(f"{stock} is not a stock that can be held "
                            f"(choose from {', '.join(held_stocks(model))})")
    original = model.element(stock)
    name = f"knockout_hold_{stock}"
    flows = original.inflows + original.outflows
    equation = Equation(name=name, kind="flow", unit=f"{original.unit}/week",
                        func=_hold_function(len(original.inflows), start_week, runs),
                        inputs=("time",) + flows,
                        doc=f"cancels the net flow of {stock} from week {start_week} on")
    stocks = tuple(replace(s, outflows=s.outflows + (name,)) if s.name == stock else s
                   for s in model.stocks)
    return replace(model, stocks=stocks, equations=model.equations + (equation,))


def _cut_function(func, position: int, value: np.ndarray, runs: np.ndarray | None):
    def cut(*args):
        read = value if runs is None else np.where(runs, value, args[position])
        return func(*args[:position], read, *args[position + 1:])

    return cut


def cut_link(model: Structure, source: str, target: str, value: np.ndarray,
             runs: np.ndarray | None = None) -> Structure:
    """``model`` in which equation ``target`` reads ``value`` where it read ``source``
    (in the ``runs`` marked True, a mask over the batch; every run by default); every
    other equation still reads the live ``source``."""
    equation = model.element(target)
    if equation.kind == "stock" or source not in equation.inputs:
        raise KnockoutError(f"{target} is not an equation that reads {source}")
    cut = _cut_function(equation.func, equation.inputs.index(source), value, runs)
    equations = tuple(replace(e, func=cut) if e.name == target else e
                      for e in model.equations)
    return replace(model, equations=equations)


def rest_values(full: ParameterSet, rest_stocks: np.ndarray, model: Structure,
                names: tuple[str, ...], dt: float) -> dict[str, np.ndarray]:
    """Values of ``names`` at the rest state (week 0, policy levers neutral), per run."""
    ns = dict(compact(pre_intervention(full)))
    ns.update(zip(model.stock_names, rest_stocks))
    ns["time"], ns["dt"] = 0.0, dt
    evaluate(ns, model)
    n = rest_stocks.shape[1]
    return {name: np.asarray(ns[name], dtype=float) * np.ones(n) for name in names}


# ---------------------------------------------------------------------------------
# Running the knock-outs
# ---------------------------------------------------------------------------------
@dataclass
class KnockoutRun:
    """One knock-out's run: its outcome and the saved series."""

    knockout: Knockout
    outcome: Outcome
    times: np.ndarray
    series: dict[str, np.ndarray]  # saved variables of the single run, over times
    model: Structure


@dataclass
class KnockoutAnalysis:
    """The intact run and every knock-out of one scenario."""

    scenario: str
    start_week: float
    horizon: float
    runs: list[KnockoutRun]
    model_version: str = __version__

    @property
    def intact(self) -> KnockoutRun:
        return next(r for r in self.runs if r.knockout.kind == "intact")

    def shift(self, run: KnockoutRun) -> tuple[float | None, str | None, bool]:
        """Shift of the return week against the intact run [weeks], whether it is exact
        (``"="``) or a bound (``">="``, ``"<="``), and whether it is censored at the
        horizon. A run without a honeymoon has no return and no shift."""
        base, this = self.intact.outcome, run.outcome
        if this.outcome not in HONEYMOON_CLASSES:
            return None, None, False
        if base.outcome not in HONEYMOON_CLASSES:
            return None, None, this.censored
        shift = this.return_week_censored - base.return_week_censored
        if this.censored and base.censored:
            return None, None, True
        if this.censored:
            return shift, ">=", True
        if base.censored:
            return shift, "<=", True
        return shift, "=", False

    def records(self) -> list[dict]:
        """One JSON-ready record per run (the keys of :data:`RECORD_KEYS`)."""
        out = []
        for run in self.runs:
            ko, o = run.knockout, run.outcome
            shift, bound, censored = self.shift(run)
            out.append({
                "kind": ko.kind, "name": ko.name, "held": ko.held, "cut_link": ko.link_text,
                "outcome": o.outcome, "return_week": _number(o.return_week),
                "shift_weeks": _number(shift), "shift_bound": bound, "censored": censored,
                "honeymoon_depth": _number(o.honeymoon_depth),
                "model_version": self.model_version, "scenario": self.scenario})
        return out


def _number(value) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return float(value)


def shift_text(record: dict) -> str:
    """A record's shift as a reader sees it: ``+26.0``, ``>= 68.0``, or ``-`` where there
    is none (no honeymoon: the outcome beside it says so)."""
    if record["shift_weeks"] is None:
        return "-"
    if record["kind"] == "intact":
        return "0"
    bound = "" if record["shift_bound"] == "=" else record["shift_bound"] + " "
    return f"{bound}{record['shift_weeks']:+.1f}"


BATCH_RUNS = 2048  # runs of one merged batch (knock-outs × draws): bounds its memory


def knocked_out(scenario: Scenario, params: ParameterSet, chosen: list[Knockout],
                variables: tuple[str, ...] = ()):
    """Yield ``(knockout, trajectory, judged table, structure)`` for the intact model and
    each knock-out in ``chosen``, every run of ``params`` from the intact model's rest
    state of its own parameters. The knock-outs run side by side in merged batches
    (:func:`merged_structure`, NumPy): a knock-out's runs do the same arithmetic as
    its own derived structure would, at a fraction of the time (the NumPy engine's cost
    is mostly per step, not per run)."""
    intact = structure()
    engine = get_engine("numpy")  # derived structures are not compiled
    rest = engine.rest_state(params, intact)
    full = with_references(params, rest)
    n_draws = rest.stocks.shape[1]
    sources = tuple(k.cut_link[0] for k in chosen if k.cut_link)
    at_rest = rest_values(full, rest.stocks, intact, sources, scenario.dt)
    extra = tuple(n for k in chosen for n in ((k.held,) + (k.cut_link or ())) if n)
    names = tuple(dict.fromkeys(OUTCOME_VARIABLES + tuple(variables) + extra))
    settings: Settings = settings_of(scenario, names)
    plan = scenario.plan()
    per_batch = max(1, BATCH_RUNS // n_draws)
    for first in range(0, len(chosen), per_batch):
        group = chosen[first:first + per_batch]
        model = merged_structure(intact, group, scenario.start_week, at_rest, n_draws)
        tiled = {k: np.tile(np.broadcast_to(v, (n_draws,)), len(group))
                 for k, v in full.items()}
        trajectory = engine.simulate(tiled, np.tile(rest.stocks, (1, len(group))), plan,
                                     settings, model)
        table = judge_table(trajectory.times,
                            {n: trajectory[n] for n in OUTCOME_VARIABLES},
                            scenario.start_week, outcome_settings(scenario),
                            tiled["reference_cost_per_week"])
        for k, ko in enumerate(group):
            runs = slice(k * n_draws, (k + 1) * n_draws)
            yield (ko, Trajectory(trajectory.times, trajectory.names,
                                  trajectory.values[:, :, runs]),
                   {column: values[runs] for column, values in table.items()},
                   derived_structure(intact, ko, scenario.start_week, at_rest))


def merged_structure(intact: Structure, chosen: list[Knockout], start_week: float,
                     at_rest: dict[str, np.ndarray], n_draws: int) -> Structure:
    """One structure that runs the knock-outs of ``chosen`` side by side: runs
    ``k * n_draws`` to ``(k + 1) * n_draws - 1`` are knock-out ``k``'s. A held stock's
    cancelling outflow acts only in its knock-out's runs (0 elsewhere: the stock's net
    flow minus 0, the same number), and a cut link's rest value likewise (the live value
    elsewhere), so each knock-out's runs get exactly its :func:`derived_structure`."""
    n = len(chosen) * n_draws
    acting: dict[tuple, tuple[Knockout, np.ndarray]] = {}  # what it changes -> its runs
    for k, ko in enumerate(chosen):
        runs = np.zeros(n, dtype=bool)
        runs[k * n_draws:(k + 1) * n_draws] = True
        key = (ko.kind, ko.held if ko.kind == "stock" else ko.cut_link)
        acting[key] = (ko, acting[key][1] | runs if key in acting else runs)
    tiled = {name: np.tile(values, len(chosen)) for name, values in at_rest.items()}
    model = intact  # a knock-out chosen twice: one outflow or cut, acting in both its runs
    for ko, runs in acting.values():
        model = derived_structure(model, ko, start_week, tiled, runs)
    return model


def run_knockouts(scenario: Scenario | str | Path, overrides: dict | None = None,
                  chosen: list[Knockout] | None = None,
                  variables: tuple[str, ...] = ()) -> KnockoutAnalysis:
    """Run the intact model and every knock-out of ``scenario`` (one run each, side by
    side in one NumPy batch), all from the intact model's rest state; ``variables`` are
    saved besides the outcome series, the held stocks and the cut links' ends."""
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    chosen = knockouts() if chosen is None else chosen
    params = scenario_parameters(scenario, overrides)
    if len(next(iter(params.values()))) != 1:
        raise ValueError("knock-outs run one parameter set at a time")
    runs = [KnockoutRun(ko, outcomes_of(table)[0], trajectory.times,
                        {n: trajectory[n][:, 0].copy() for n in trajectory.names}, model)
            for ko, trajectory, table, model in knocked_out(scenario, params, chosen,
                                                             variables)]
    return KnockoutAnalysis(scenario.name, scenario.start_week, scenario.horizon_weeks, runs)


def derived_structure(intact: Structure, ko: Knockout, start_week: float,
                      at_rest: dict[str, np.ndarray],
                      runs: np.ndarray | None = None) -> Structure:
    """The structure a knock-out runs: intact, a held stock or a cut link (acting in the
    ``runs`` marked True, a mask over the batch; every run by default)."""
    if ko.kind == "intact":
        return intact
    if ko.kind == "stock":
        return hold_stock(intact, ko.held, start_week, True if runs is None else runs)
    if ko.kind == "loop" and ko.cut_link:
        source, target = ko.cut_link
        return cut_link(intact, source, target, at_rest[source], runs)
    raise KnockoutError(f"unknown knock-out {ko}")
