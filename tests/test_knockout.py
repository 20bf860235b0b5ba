"""Knock-outs: holding a stock at its start value, or cutting one link of each MODEL.md
loop, and what that does to the return to start."""

from __future__ import annotations

import json

import numpy as np
import pytest

import cyclesim
from cyclesim.model.graph import structure
from cyclesim.scenario.files import load_scenario
from cyclesim.model.loop_families import FAMILIES, FAMILY_BY_KEY
from cyclesim.structure.knockout import (CUT_LINKS, INTACT, RECORD_KEYS, Knockout,
                                         KnockoutError, check_cut, held_stocks, knockouts,
                                         run_knockouts)

ONE_ON_ONE = "scenarios/one_on_one.toml"


@pytest.fixture(scope="module")
def one_on_one():
    return run_knockouts(ONE_ON_ONE)


@pytest.fixture(scope="module")
def records(one_on_one):
    return {(r["kind"], r["name"]): r for r in one_on_one.records()}


def test_knockouts_are_read_off_the_structure():
    model = structure()
    chosen = knockouts(model)
    assert chosen[0] == INTACT
    held = [k.held for k in chosen if k.kind == "stock"]
    assert held == list(held_stocks(model))
    assert not {"cumulative_cost", "escalation_stage"} & set(held)  # accumulator, latch
    assert {"dependency", "stigma", "controlling_climate", "staff_strain"} <= set(held)
    assert sorted(k.name for k in chosen if k.kind == "loop") == sorted(f.key for f in FAMILIES)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.key)
def test_each_loop_is_cut_at_a_link_of_its_own_chain(family):
    """Fails loudly when the listing or a chain changes under a named cut link."""
    assert family.key in CUT_LINKS, f"no cut link named for {family.name}"
    source, target, why = CUT_LINKS[family.key]
    check_cut(structure(), family, source, target)  # raises KnockoutError if not
    assert why


def test_a_cut_off_the_chain_is_refused():
    with pytest.raises(KnockoutError, match="not a link of the chain"):
        check_cut(structure(), FAMILY_BY_KEY["stigma"], "proximity", "tension_pressure")
    with pytest.raises(KnockoutError, match="flow into a stock"):
        check_cut(structure(), FAMILY_BY_KEY["stigma"], "stigma_change", "stigma")


def test_intact_row_is_the_run_of_the_scenario(one_on_one, records):
    intact = records[("intact", "intact")]
    numpy_run = cyclesim.run(ONE_ON_ONE, engine="numpy").outcome
    assert intact["return_week"] == numpy_run.return_week  # same engine, same arithmetic
    assert intact["outcome"] == numpy_run.outcome == "returned"
    default_run = cyclesim.run(ONE_ON_ONE).outcome  # compiled when Numba is there
    assert intact["return_week"] == pytest.approx(default_run.return_week, abs=1e-6)
    assert intact["shift_weeks"] == 0 and intact["censored"] is False


def test_a_held_stock_stays_at_its_start_value_from_the_intervention_on(one_on_one):
    run = next(r for r in one_on_one.runs if r.knockout.name == "dependency")
    intact = one_on_one.intact.series["dependency"]
    held = run.series["dependency"]
    start = int(np.searchsorted(run.times, one_on_one.start_week))
    assert np.all(held[start:] == held[start])  # the net flow is cancelled exactly
    assert held[start] == pytest.approx(intact[0], rel=1e-9)  # the rest value
    assert np.ptp(intact) > 0.1  # while the intact dependency builds up


def test_holding_dependency_removes_the_return_within_the_horizon(records):
    """Measured on the current listing: intact one_on_one returns in week 81; with
    dependency held at its start, the composite stays above start to week 156 (the
    honeymoon's relief is never undone by proximity turning into need), so the shift is
    censored: at least horizon - intact. If a revised listing brings the return back
    inside the horizon, it must still come later than intact."""
    held = records[("stock", "dependency")]
    if held["outcome"] == "returned":
        assert held["shift_weeks"] > 0
    else:
        assert held["outcome"] == "not_within_horizon" and held["return_week"] is None
        assert held["censored"] is True and held["shift_bound"] == ">="
        intact = records[("intact", "intact")]["return_week"]
        assert held["shift_weeks"] == pytest.approx(156.0 - intact)


def test_holding_any_stock_or_cutting_any_loop_at_rest_changes_nothing():
    """Baseline has no intervention: the run stays at its rest state, so holding a stock
    at its start value or a link's source at its rest value changes nothing (a year after
    the start week is enough to see it, and keeps the test fast)."""
    scenario = load_scenario("scenarios/baseline.toml")
    baseline = run_knockouts(scenario.model_copy(update={"horizon_weeks": 60.0}))
    intact = baseline.intact.series["composite_improvement"]
    for run in baseline.runs:
        assert run.outcome.outcome == "no_honeymoon", run.knockout
        assert np.max(np.abs(run.series["composite_improvement"] - intact)) < 1e-9


def test_a_cut_link_feeds_its_target_the_rest_value_and_no_other_equation():
    """Cut staff_strain -> able_share (able_share reads only staff_strain): able_share is
    constant at its rest value while staff_strain varies, and the equations that read
    staff_strain elsewhere (burnout onset) still see it live."""
    cut = Knockout("loop", "overexploitation", held="staff_strain",
                   cut_link=("staff_strain", "able_share"))
    result = run_knockouts(ONE_ON_ONE, chosen=[INTACT, cut],
                           variables=("burnout_onset",))
    intact, knocked = result.runs[0].series, result.runs[1].series
    assert np.all(knocked["able_share"] == knocked["able_share"][0])
    assert knocked["able_share"][0] == intact["able_share"][0]  # the rest value
    assert np.ptp(intact["able_share"]) > 1e-3  # intact it varies
    assert np.ptp(knocked["staff_strain"]) > 1e-2  # the source itself still varies
    assert np.ptp(knocked["burnout_onset"]) > 0


def test_a_cut_target_equation_reads_the_constant_for_every_family(one_on_one):
    """Each cut structure's target equation gives, for a live source, what the intact
    equation gives for the source's rest value."""
    intact_model = structure()
    for run in one_on_one.runs:
        if run.knockout.kind != "loop":
            continue
        source, target = run.knockout.cut_link
        original = intact_model.element(target)
        derived = run.model.element(target)
        args = [np.array([0.3 + 0.01 * k]) for k in range(len(original.inputs))]
        position = original.inputs.index(source)
        rest = one_on_one.intact.series[source][0]
        expected = list(args)
        expected[position] = np.array([rest])
        assert derived.func(*args) == pytest.approx(original.func(*expected)), target


def test_cli_json_and_files(cli, tmp_path, monkeypatch, one_on_one):
    """The command parses, calls run_knockouts (here answered with the module's run of
    the same file, to keep the test fast) and reports."""
    import cyclesim.structure.knockout as knockout

    asked = []
    monkeypatch.setattr(knockout, "run_knockouts",
                        lambda scenario: asked.append(scenario.name) or one_on_one)
    status, out, err = cli("knockout", ONE_ON_ONE, "--json", "--out", tmp_path)
    assert status == 0, err
    assert asked == ["one_on_one"]
    data = json.loads(out)
    assert [r["kind"] for r in data[:1]] == ["intact"]
    for record in data:
        assert set(RECORD_KEYS) <= set(record)
        assert record["scenario"] == "one_on_one"
        assert record["model_version"] == cyclesim.__version__
    assert {"stock", "loop"} <= {r["kind"] for r in data}
    for name in ("knockout.csv", "knockout.json", "knockout.png"):
        assert (tmp_path / name).stat().st_size > 0
    assert json.loads((tmp_path / "knockout.json").read_text()) == data


def test_cli_missing_scenario_exits_2_without_traceback(run_cli, tmp_path):
    answer = run_cli("knockout", tmp_path / "no_such.toml")
    assert answer.returncode == 2
    assert "no such scenario file" in answer.stderr
    assert "Traceback" not in answer.stderr


@pytest.mark.parametrize("lang, hold, cut", [("en", "hold dependency", "cut stigma"),
                                             ("nl", "houd vast: dependency", "knip stigma")])
def test_shift_figure_speaks_the_report_language(one_on_one, lang, hold, cut):
    import matplotlib.pyplot as plt

    from cyclesim.present.knockout_plots import draw_shifts

    fig, ax = plt.subplots()
    draw_shifts(ax, one_on_one, lang)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    texts = " ".join(t.get_text() for t in ax.texts)
    plt.close(fig)
    assert hold in labels
    assert any(label.startswith(cut + ":") for label in labels)
    if lang == "nl":
        assert "no return" not in texts and "verschuiving" in ax.get_xlabel()
        lost = [r for r in one_on_one.records() if r["shift_weeks"] is None]
        assert ("geen terugkeer" in texts) == bool(lost)


# --- knock-outs over the plausible space ------------------------------------------------
SPACE_DRAWS = 12


@pytest.fixture(scope="module")
def space():
    from cyclesim.analysis.knockout_space import knockouts_over_space
    from cyclesim.scenario.files import load_scenario

    return knockouts_over_space(load_scenario(ONE_ON_ONE), SPACE_DRAWS, seed=5)


def test_space_table_has_a_row_per_knockout_with_shares(space):
    from cyclesim.analysis.knockout_space import COLUMNS

    assert list(space.columns) == list(COLUMNS)
    assert {(k.kind, k.name) for k in knockouts() if k.kind != "intact"} == set(
        zip(space["kind"], space["name"]))
    for column in ("lost", "no_honeymoon", "later", "earlier"):
        assert space[column].between(0.0, 1.0).all(), column
    assert (space["later"] + space["earlier"] <= 1.0 + 1e-12).all()
    assert (space["shift_p5"] <= space["shift_median"]).all()
    assert (space["shift_median"] <= space["shift_p95"]).all()


def test_the_return_needs_dependency_across_the_draws(space):
    """Held at its start value, dependency keeps most returning draws away from start
    within the horizon, and delays every one that still returns."""
    row = space[(space["kind"] == "stock") & (space["name"] == "dependency")].iloc[0]
    assert row["draws_back"] >= SPACE_DRAWS // 2
    assert row["lost"] >= 0.5
    assert row["later"] == pytest.approx(1.0)


def test_a_batched_draw_equals_its_single_run():
    """Each draw of the batched knock-outs is the knock-out run alone on that draw."""
    from cyclesim.analysis.plausible import latin_draws
    from cyclesim.scenario.files import load_scenario
    from cyclesim.scenario.runner import scenario_parameters
    from cyclesim.structure.knockout import knocked_out

    scenario = load_scenario(ONE_ON_ONE)
    draws = {k: v for k, v in latin_draws(4, 3).items() if k not in scenario.parameters}
    chosen = [k for k in knockouts() if k.kind == "intact" or k.name in ("dependency",
                                                                         "stigma")]
    batch = [t for _, _, t, _ in knocked_out(scenario, scenario_parameters(scenario, draws, 4),
                                               chosen)]
    single = run_knockouts(scenario, {k: v[2] for k, v in draws.items()}, chosen)
    for table, run in zip(batch, single.runs):
        assert table["outcome"][2] == run.outcome.outcome
        assert table["return_week_censored"][2] == pytest.approx(
            run.outcome.return_week_censored, rel=1e-9)


def test_merged_batch_runs_each_knockout_as_its_own_structure(monkeypatch):
    """The knock-outs run side by side in one batch; each one's runs equal its own
    derived structure simulated alone, to the last bit, in every saved series, also when
    the knock-outs are split over several batches and when one is chosen twice."""
    from cyclesim.analysis.plausible import latin_draws
    from cyclesim.engine import get_engine, with_references
    from cyclesim.scenario.runner import scenario_parameters, settings_of
    from cyclesim.structure import knockout
    from cyclesim.structure.knockout import derived_structure, knocked_out, rest_values

    scenario = load_scenario(ONE_ON_ONE)
    draws = {k: v for k, v in latin_draws(3, 5).items() if k not in scenario.parameters}
    params = scenario_parameters(scenario, draws, 3)
    chosen = [k for k in knockouts() if k.kind == "intact" or k.name in (
        "dependency", "staff_strain", "honeymoon", "overexploitation")]
    chosen += [chosen[1], chosen[-1]]  # a held stock and a cut loop a second time
    merged = list(knocked_out(scenario, params, chosen))
    engine, intact = get_engine("numpy"), structure()
    rest = engine.rest_state(params, intact)
    full = with_references(params, rest)
    at_rest = rest_values(full, rest.stocks, intact,
                          tuple(k.cut_link[0] for k in chosen if k.cut_link), scenario.dt)
    settings = settings_of(scenario, merged[0][1].names)
    for ko, trajectory, table, _ in merged:
        alone = engine.simulate(full, rest.stocks, scenario.plan(), settings,
                                derived_structure(intact, ko, scenario.start_week, at_rest))
        np.testing.assert_array_equal(trajectory.values, alone.values, err_msg=ko.name)
        assert table["outcome"].shape == (3,)
    monkeypatch.setattr(knockout, "BATCH_RUNS", 4)  # one knock-out (3 runs) per batch
    for (ko, trajectory, _, _), (_, whole, _, _) in zip(
            knocked_out(scenario, params, chosen), merged):
        np.testing.assert_array_equal(trajectory.values, whole.values, err_msg=ko.name)


def test_cli_samples_json_and_bad_samples(cli, space, monkeypatch, tmp_path):
    import cyclesim.analysis.knockout_space as ks

    monkeypatch.setattr(ks, "knockouts_over_space", lambda scenario, n, seed: space)
    status, out, err = cli("knockout", ONE_ON_ONE, "--samples", "12", "--json", "--out",
                           tmp_path)
    assert status == 0, err
    data = json.loads(out)
    assert {"at_defaults", "over_space", "samples", "seed", "model_version"} <= set(data)
    assert len(data["over_space"]) == len(space)
    assert (tmp_path / "knockout_space.csv").stat().st_size > 0
    status, _, err = cli("knockout", ONE_ON_ONE, "--samples", "1")
    assert status == 2 and "0 or 2 to 100000" in err
