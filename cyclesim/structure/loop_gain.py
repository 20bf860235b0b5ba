"""Loop gain of MODEL.md's loop families, and which loops an intervention weakens.

A family's gain is its *static loop gain* at each saved week of a run: the relative size
of a disturbance after one trip around the loop once each stock has settled (positive for
R loops, negative for B loops; below 1 in size, the loop does not run away on its own).

* Loops through two or more stocks (all but overexploitation) are taken on the
  stock-to-stock graph: the product, over the stocks of the family's chain
  (:mod:`cyclesim.model.loop_families`), of ``J[next, this] / −J[next, next]``, with ``J`` the
  Jacobian of the net flows (central differences through the whole listing, the other
  stocks held). Parallel auxiliary paths between two stocks of the loop count too (e.g.
  exclusive support isolates as well as marks: both feed stigma).
* A loop through one stock is the product of its chain's link gains: ∂target/∂source on
  each equation, and ``±1 / −J[stock, stock]`` for the flow into the stock.

Each link of a chain also has its own gain (∂target/∂source on its equation), so the
report can name the link an intervention acts on. Comparing an intervention with 1-on-1
alone at the same weeks (mean over the weeks from the intervention's start to 1-on-1's
return to start) says which loop it weakens and by how much.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np

from cyclesim.engine.evaluation import derivatives, evaluate
from cyclesim.model.loop_families import FAMILIES, LoopFamily
from cyclesim.scenario.runner import RunResult, run
from cyclesim.scenario.files import Scenario
from cyclesim.model.graph import Structure, structure

REFERENCE_POLICY = {"exclusive_hours_per_day": 12.0, "staff_per_client": 1.0}
WEAKENED_BELOW = -0.01  # relative change of |gain| that counts as weakened
LINK_ACTED_ON = -0.25  # relative change of a link's gain that counts as acted on
RELATIVE_STEP = 1e-5
MIN_SETTLING = 1e-6  # [1/week] floor on −∂net/∂stock


def states_at(result: RunResult, run: int = 0) -> dict:
    """The evaluated namespace of ``run`` at every saved week, weeks as the batch axis."""
    model = structure()
    tr = result.trajectory
    n = len(tr.times)
    ns = {k: np.full(n, np.asarray(v)[run]) for k, v in result.parameters.items()}
    for name in model.stock_names:
        ns[name] = np.array(tr[name][:, run], dtype=float)
    plan = result.scenario.plan()
    stage = ns["escalation_stage"]
    for i, time in enumerate(tr.times):
        for name, value in plan.values(result.parameters, float(time), stage[i:i + 1]).items():
            ns[name][i] = _pick(value, run)
    ns["time"], ns["dt"] = tr.times.astype(float), result.scenario.dt
    return evaluate(ns, model)


def _pick(value, run: int) -> float:
    flat = np.asarray(value, dtype=float).ravel()
    return float(flat[run] if flat.size > 1 else flat[0])


def _step(x: np.ndarray) -> np.ndarray:
    return RELATIVE_STEP * np.maximum(np.abs(x), 1e-3)


def equation_gain(ns: dict, model: Structure, source: str, target: str) -> np.ndarray:
    """∂target/∂source on ``target``'s own equation (central difference)."""
    eq = model.element(target)
    h = _step(ns[source])
    args = {i: ns[i] for i in eq.inputs}
    up = eq.func(**{**args, source: ns[source] + h})
    down = eq.func(**{**args, source: ns[source] - h})
    return (np.asarray(up) - np.asarray(down)) / (2.0 * h)


def jacobian_columns(ns: dict, model: Structure,
                     stocks: tuple[str, ...]) -> dict[str, np.ndarray]:
    """∂(net flows)/∂stock for each of ``stocks`` (stocks × weeks per column), the whole
    listing evaluated with the other stocks held."""
    out = {}
    for stock in stocks:
        h = _step(ns[stock])
        rates = []
        for sign in (1.0, -1.0):
            shifted = dict(ns)
            shifted[stock] = ns[stock] + sign * h
            evaluate(shifted, model)
            rates.append(derivatives(shifted, model, np.empty((len(model.stocks), len(h)))))
        out[stock] = (rates[0] - rates[1]) / (2.0 * h)
    return out


def _settling(columns: dict, model: Structure, stock: str) -> np.ndarray:
    return np.maximum(-columns[stock][model.stock_names.index(stock)], MIN_SETTLING)


def chain_links(family: LoopFamily) -> list[tuple[str, str]]:
    """The links of a family's closed chain, in order."""
    chain = family.chain + family.chain[:1]
    return list(zip(chain, chain[1:]))


def chain_gain(ns: dict, family: LoopFamily, model: Structure | None = None) -> np.ndarray:
    """Product of the link gains of ``family``'s chain at every saved week."""
    model = model or structure()
    stocks = tuple(v for v in family.chain if v in model.stock_names)
    columns = jacobian_columns(ns, model, stocks)
    gain = np.ones_like(ns["time"], dtype=float)
    for source, target in chain_links(family):
        element = model.element(target)
        if element.kind == "stock":
            sign = 1.0 if source in element.inflows else -1.0
            gain = gain * sign / _settling(columns, model, target)
        else:
            gain = gain * equation_gain(ns, model, source, target)
    return gain


def stock_cycle_gain(ns: dict, family: LoopFamily,
                     model: Structure | None = None) -> np.ndarray:
    """Gain of ``family`` on the stock-to-stock graph: the product over the stocks of its
    chain of ``J[next, this] / −J[next, next]``."""
    model = model or structure()
    names = model.stock_names
    stocks = tuple(v for v in family.chain if v in names)
    columns = jacobian_columns(ns, model, stocks)
    gain = np.ones_like(ns["time"], dtype=float)
    for this, nxt in zip(stocks, stocks[1:] + stocks[:1]):
        gain = gain * columns[this][names.index(nxt)] / _settling(columns, model, nxt)
    return gain


def family_gain(ns: dict, family: LoopFamily, model: Structure | None = None) -> np.ndarray:
    """Static loop gain of ``family`` at every saved week (see the module docstring)."""
    model = model or structure()
    n_stocks = sum(v in model.stock_names for v in family.chain)
    return (stock_cycle_gain if n_stocks > 1 else chain_gain)(ns, family, model)


def link_gains(ns: dict, family: LoopFamily, model: Structure | None = None
               ) -> dict[tuple[str, str], np.ndarray]:
    """∂target/∂source of every link of ``family``'s chain into an equation."""
    model = model or structure()
    return {(s, t): equation_gain(ns, model, s, t) for s, t in chain_links(family)
            if model.element(t).kind != "stock"}


@dataclass(frozen=True)
class LoopGains:
    """Loop and link gains of every family at every saved week of one run."""

    times: np.ndarray
    loops: dict[str, np.ndarray]
    links: dict[str, dict[tuple[str, str], np.ndarray]]


def run_gains(result: RunResult, run: int = 0) -> LoopGains:
    """Loop and link gains of every MODEL.md family over ``run`` of ``result``."""
    ns = states_at(result, run)
    model = structure()
    return LoopGains(result.trajectory.times,
                     {f.key: family_gain(ns, f, model) for f in FAMILIES},
                     {f.key: link_gains(ns, f, model) for f in FAMILIES})


@dataclass(frozen=True)
class LoopChange:
    """How an intervention changes one loop's gain against 1-on-1 alone (window means)."""

    loop: str
    name: str
    polarity: str
    gain_one_on_one: float
    gain_scenario: float
    relative_change: float  # (s_scenario − s_1-on-1) / |s_1-on-1|, s the gain signed by the
    # loop's polarity (R: gain, B: −gain): negative, weakened; below −100 %, turned around
    link: str  # the chain link whose own gain fell most ("" if none fell)
    link_relative_change: float


def reference_scenario(scenario: Scenario) -> Scenario:
    """1-on-1 alone (as ``one_on_one.toml``) on ``scenario``'s clock and structure."""
    return Scenario(name="one_on_one", title="Structural 1-on-1",
                    start_week=scenario.start_week, horizon_weeks=scenario.horizon_weeks,
                    dt=scenario.dt, method=scenario.method, save_every=scenario.save_every,
                    intervention=dict(REFERENCE_POLICY), parameters=dict(scenario.parameters),
                    outcome=scenario.outcome)


@lru_cache(maxsize=16)
def _reference(settings_json: str) -> tuple[LoopGains, float]:
    result = run(Scenario.model_validate_json(settings_json))
    return run_gains(result), result.outcome.return_week_censored


def _relative(new: np.ndarray, old: np.ndarray) -> float:
    g_old, g_new = abs(float(np.mean(old))), abs(float(np.mean(new)))
    return (g_new - g_old) / g_old if g_old > 1e-12 else 0.0


def _relative_in_polarity(new: np.ndarray, old: np.ndarray, polarity: str) -> float:
    """The change of a loop's strength in its own direction (a reinforcing loop's gain,
    a balancing loop's gain with its sign turned): a loop whose gain changes sign is not
    'stronger' by the size of its new gain but turned around (below −100 %)."""
    sign = 1.0 if polarity == "R" else -1.0
    s_old, s_new = sign * float(np.mean(old)), sign * float(np.mean(new))
    return (s_new - s_old) / abs(s_old) if abs(s_old) > 1e-12 else 0.0


def _weakest_link(new: dict, old: dict, window: np.ndarray) -> tuple[str, float]:
    changes = {f"{s} → {t}": _relative(new[(s, t)][window], old[(s, t)][window])
               for s, t in old}
    name = min(changes, key=changes.get)
    return (name, changes[name]) if changes[name] < WEAKENED_BELOW else ("", 0.0)


def loop_changes(result: RunResult, run: int = 0) -> list[LoopChange]:
    """Every loop family's mean gain in ``result`` vs 1-on-1 alone, over the weeks from the
    intervention's start to 1-on-1's return to start (censored at the horizon)."""
    reference, end = _reference(reference_scenario(result.scenario).model_dump_json())
    gains = run_gains(result, run)
    window = (reference.times >= result.scenario.start_week) & (reference.times <= end)
    out = []
    for f in FAMILIES:
        old, new = reference.loops[f.key][window], gains.loops[f.key][window]
        link, link_change = _weakest_link(gains.links[f.key], reference.links[f.key], window)
        out.append(LoopChange(f.key, f.name, f.polarity, float(np.mean(old)),
                              float(np.mean(new)), _relative_in_polarity(new, old, f.polarity),
                              link, link_change))
    return out


def loops_weakened(result: RunResult, run: int = 0) -> list[dict]:
    """The loops ``result`` weakens against 1-on-1 alone, most weakened first (the
    ``loops_weakened`` key of ``cyclesim compare --json``).

    Listed: a loop whose gain falls by more than 1 %, or whose chain has a link the
    intervention weakens by more than 25 % (``gain_weakened`` tells which: a mechanism can
    lower the level a loop runs at while its marginal gain rises, e.g. one plan past the
    half-saturation of the coordination load)."""
    out = []
    for c in sorted(loop_changes(result, run), key=lambda c: c.relative_change):
        weakened = c.relative_change < WEAKENED_BELOW
        if weakened or c.link_relative_change < LINK_ACTED_ON:
            out.append({**asdict(c), "gain_weakened": weakened})
    return out
