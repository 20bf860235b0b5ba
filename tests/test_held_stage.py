"""The block kernel for batches whose stages cannot switch, against the full block kernel.

In such a batch the escalation trigger is 0.0 at every step
(:mod:`cyclesim.engine.held_stage`), so the ``fixed`` kernel writes it as that constant
and leaves out what only it reads; with a plan of one level it reads the policy at level
0. Every saved number must be the same as the full kernel's, bit for bit, NaN included;
and the engine must take the fixed kernel exactly when it applies.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from parameter_draws import uniform_sets

from cyclesim.engine import CompiledEngine, Settings, compiled, with_references
from cyclesim.engine.block_source import needed_parts
from cyclesim.engine.held_stage import HELD, LIMIT, STAGE
from cyclesim.engine.kernel_source import layout
from cyclesim.model.graph import structure
from cyclesim.outcome import JUDGED_VARIABLES, OUTCOME_VARIABLES
from cyclesim.scenario.files import load_scenario
from cyclesim.scenario.runner import scenario_parameters, settings_of
from cyclesim.scenario.stageless import lean

pytestmark = pytest.mark.skipif(not compiled.available(), reason="Numba is not installed")

ONE_LEVEL = ("one_on_one", "two_on_one", "core_team", "one_on_one_tandem", "baseline")


def batch(scenario, n: int, seed: int, limit: float = 0.0):
    """``n`` varied runs of ``scenario`` (every stage limit ``limit``), at rest."""
    model = structure()
    values = uniform_sets(n, seed=seed)
    values[LIMIT] = np.full(n, limit)
    params = scenario_parameters(scenario, values, n)
    rest = CompiledEngine().rest_state(params, model)
    return with_references(params, rest), rest.stocks


def simulated(monkeypatch, scenario, full, stocks, names, fixed: bool | None
              ) -> tuple[np.ndarray, list[bool]]:
    """The saved series and the kinds of block kernel asked for; ``fixed``: None leaves
    the choice to the engine, False forces the full kernel, True checks that the engine
    chose the held one."""
    model = structure()
    settings = replace(settings_of(scenario, None), variables=names, method="euler")
    assert compiled.uses_block(settings.names(model))
    out, kinds = simulate_recording(monkeypatch, scenario, full, stocks, settings,
                                    False if fixed is False else None)
    if fixed is not None:
        assert kinds == [fixed]
    return out.values, kinds


def bits(values: np.ndarray) -> np.ndarray:
    """The values' bit patterns: equal only where sign of zero and NaN agree too."""
    return np.ascontiguousarray(values).view(np.int64)


def recorded_kinds(patch) -> list[bool]:
    """The kinds (held or not) of every block kernel asked for from now on, in order."""
    kinds: list[bool] = []
    chooser = compiled.block_kernels
    patch.setattr(compiled, "block_kernels", lambda model, saved, held=False:
                  kinds.append(held) or chooser(model, saved, held))
    return kinds


def simulate_recording(monkeypatch, scenario, full, stocks, settings,
                       never_switch: bool | None):
    """The compiled engine's simulation and the kinds of block kernel it asked for;
    ``never_switch``: what the stage check is made to answer (None: left as it is)."""
    with monkeypatch.context() as patch:
        if never_switch is not None:
            patch.setattr(compiled, "stages_never_switch", lambda *args: never_switch)
        kinds = recorded_kinds(patch)
        out = CompiledEngine().simulate(full, stocks, scenario.plan(), settings, structure())
    return out, kinds


@pytest.mark.parametrize("name", ONE_LEVEL)
def test_held_kernel_gives_the_full_kernels_numbers(monkeypatch, scenarios_dir, name):
    """37 varied runs (two blocks and a short one) with a NaN and an infinite parameter, a
    NaN starting stock, and one run starting at stage 1 (limit 1: it cannot switch
    either): the judged series of a sweep's batch (without the stage), the report's
    series (with it) and the composite alone, every value's bits the same."""
    scenario = load_scenario(scenarios_dir / f"{name}.toml")
    full, stocks = batch(scenario, 37, seed=11)
    model = structure()
    full["max_incident_rate"][5] = np.nan
    full["proximity_time"][30] = np.inf
    stocks[model.stock_names.index("client_tension"), 12] = np.nan
    stocks[model.stock_names.index(STAGE), 20] = 1.0
    full[LIMIT][20] = 1.0
    for names in (lean(JUDGED_VARIABLES, ()), OUTCOME_VARIABLES, ("composite_improvement",)):
        held, _ = simulated(monkeypatch, scenario, full, stocks, names, True)
        whole, _ = simulated(monkeypatch, scenario, full, stocks, names, False)
        assert np.isnan(whole).any()
        np.testing.assert_array_equal(bits(held), bits(whole))


def test_what_a_kernel_leaves_out_changes_no_saved_bit(monkeypatch, scenarios_dir):
    """The sweeps' series from the kernel that leaves out what they do not depend on,
    against a kernel that also saves (so computes) all of that: the same bits."""
    scenario = load_scenario(scenarios_dir / "one_on_one.toml")
    full, stocks = batch(scenario, 37, seed=5)
    full[LIMIT][3] = 2.0  # the full kind: trigger, peak and stage computed
    names = lean(JUDGED_VARIABLES, ())
    dropped = ("cumulative_hires", "cumulative_exits", "sickness_absence_percentage",
               "stage_peak_improvement")
    lean_run, _ = simulated(monkeypatch, scenario, full, stocks, names, None)
    wide_run, _ = simulated(monkeypatch, scenario, full, stocks, names + dropped, None)
    np.testing.assert_array_equal(bits(lean_run), bits(wide_run[:len(names)]))


def test_the_stage_saved_by_the_held_kernel_stays_where_it_starts(monkeypatch, scenarios_dir):
    scenario = load_scenario(scenarios_dir / "one_on_one.toml")
    full, stocks = batch(scenario, 20, seed=4)
    names = (STAGE, "composite_improvement")
    series, _ = simulated(monkeypatch, scenario, full, stocks, names, True)
    start = stocks[structure().stock_names.index(STAGE)]
    np.testing.assert_array_equal(series[0], np.broadcast_to(start, series[0].shape))


def test_the_engine_takes_the_held_kernel_only_where_no_stage_can_switch(monkeypatch,
                                                                         scenarios_dir):
    """Every stage limit 0: held. One run allowed a second stage, or its limit not known
    (NaN): full. A plan with stages (more than one level): full, even where the check
    says no run may climb."""
    one = load_scenario(scenarios_dir / "one_on_one.toml")
    names = lean(JUDGED_VARIABLES, ())
    full, stocks = batch(one, 9, seed=2)
    assert simulated(monkeypatch, one, full, stocks, names, None)[1] == [True]
    for limit in (2.0, np.nan):
        full[LIMIT][4] = limit
        assert simulated(monkeypatch, one, full, stocks, names, None)[1] == [False]
    escalation = load_scenario(scenarios_dir / "escalation.toml")
    full, stocks = batch(escalation, 9, seed=2)
    assert compiled.cached_policy_table(escalation.plan(), layout(structure()),
                                        Settings().n_steps, 0.25).shape[1] > 1
    settings = replace(settings_of(escalation, None), variables=names, method="euler")
    _, kinds = simulate_recording(monkeypatch, escalation, full, stocks, settings, True)
    assert kinds == [False]


def test_what_the_kernels_leave_out():
    """Only stocks nothing saved depends on: the accumulators of hires and exits (unless
    saved) and, with the trigger held, the stage's peak and the stage itself."""
    model = structure()
    names = lean(JUDGED_VARIABLES, ())
    _, live = needed_parts(model, names, {})
    assert set(model.stock_names) - live == {"cumulative_hires", "cumulative_exits"}
    _, live = needed_parts(model, names + ("cumulative_hires",), {})
    assert "cumulative_hires" in live
    _, live = needed_parts(model, names, HELD)
    assert set(model.stock_names) - live == {"cumulative_hires", "cumulative_exits",
                                             STAGE, "stage_peak_improvement"}
    _, live = needed_parts(model, names + (STAGE,), HELD)
    assert STAGE in live and "stage_peak_improvement" not in live


def test_the_warm_up_compiles_both_kinds_of_block_kernel(monkeypatch):
    """``is_compiled`` asks for both kinds, so the background compile must build both."""
    from cyclesim.engine import warm

    kinds = recorded_kinds(monkeypatch)
    warm.warm(structure(), lean(JUDGED_VARIABLES, ()))
    assert sorted(set(kinds)) == [False, True]


@pytest.mark.parametrize("limits", [[0.0, 0.5], [0.0, 0.6], [0.3, np.nan], [2.0, 2.0],
                                    [0.5, 0.5]])
def test_the_guess_before_the_rest_state_agrees_with_the_batch_check(limits, scenarios_dir):
    """``likely_never_switch`` (which kernel a batch's first use compiles) reads the stage
    limits only; at the rest state, where every run starts at stage 0, it must give what
    ``stages_never_switch`` gives the batch."""
    from cyclesim.engine.held_stage import likely_never_switch, stages_never_switch

    scenario = load_scenario(scenarios_dir / "one_on_one.toml")
    full, stocks = batch(scenario, len(limits), seed=11)
    full[LIMIT] = np.array(limits, dtype=float)
    assert np.all(stocks[structure().stock_names.index(STAGE)] == 0.0)
    assert likely_never_switch(full) == stages_never_switch(full, stocks, structure())
    assert likely_never_switch(full) == bool(np.all(np.array(limits) <= 0.5))
