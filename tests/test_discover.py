"""Scenario discovery (issue 12, deliverable 2): PRIM (EMA Workbench) and CART
(scikit-learn) over a sweep table, checked on synthetic tables whose box is known, so the
tests do not depend on the model's numbers; the command on a synthetic sweep folder."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ema_workbench")
pytest.importorskip("sklearn")

from cyclesim.analysis.discover import (SweepTable, cases_of_interest,  # noqa: E402
                                        discover)

N = 1000


def synthetic(seed: int = 0) -> SweepTable:
    """Five parameters on [0, 1]; the policy holds exactly when a > 0.6 and b < 0.3."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.uniform(0, 1, (N, 5)), columns=list("abcde"))
    holds = ((x.a > 0.6) & (x.b < 0.3)).to_numpy()
    worse = ~holds & (x.c.to_numpy() < 0.3)  # no honeymoon: not back at start, but no hold
    outcome = np.where(holds, "not_within_horizon", np.where(worse, "worse", "returned"))
    table = pd.DataFrame({**x, "outcome": outcome, "returned_to_start": outcome == "returned"})
    return SweepTable(x, table, {c: (0.0, 1.0) for c in x.columns}, "synthetic")


@pytest.fixture(scope="module")
def found():
    return discover(synthetic())


def test_prim_finds_the_known_box(found):
    box = found.box
    assert set(found.limits.index) == {"a", "b"}
    assert found.limits.loc["a", "low"] == pytest.approx(0.6, abs=0.05)
    assert found.limits.loc["b", "high"] == pytest.approx(0.3, abs=0.1)
    assert box["coverage"] >= 0.9 and box["density"] >= found.min_density
    assert found.dense_enough


def test_the_reported_box_is_the_widest_dense_enough(found):
    tr = found.trajectory
    dense = tr[tr["density"] >= found.min_density]
    assert found.chosen == dense["coverage"].idxmax()


def test_cart_densest_leaf_is_the_box(found):
    leaf = found.cart_leaves[0]
    assert leaf["density"] == 1.0 and leaf["coverage"] == 1.0
    assert leaf["limits"]["a"]["low"] == pytest.approx(0.6, abs=0.02)
    assert leaf["limits"]["b"]["high"] == pytest.approx(0.3, abs=0.02)


def test_held_cases_leave_out_runs_without_a_honeymoon():
    table = synthetic().table
    held = cases_of_interest(table, "returned_to_start", "held")
    not_back = cases_of_interest(table, "returned_to_start", "false")
    assert held.sum() < not_back.sum()
    assert set(table.loc[held, "outcome"]) == {"not_within_horizon"}
    assert set(table.loc[not_back & ~held, "outcome"]) == {"worse"}


def test_record_is_json_ready(found):
    record = json.loads(json.dumps(found.record()))
    assert record["box"]["coverage"] == pytest.approx(found.box["coverage"])
    assert {r["parameter"] for r in record["limits"]} == {"a", "b"}
    assert len(record["peeling_trajectory"]) == len(found.trajectory)


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory):
    """A folder laid out as ``cyclesim sweep`` leaves it (manifest + runs.parquet)."""
    folder = tmp_path_factory.mktemp("sweep")
    s = synthetic(1)
    table = s.table.copy()
    table.insert(0, "run", np.arange(N))
    table["rest_failed"] = False
    table.loc[:4, "rest_failed"] = True
    table.to_parquet(folder / "runs.parquet")
    (folder / "manifest.json").write_text(json.dumps({
        "scenario": {"name": "synthetic"},
        "parameters": [{"name": c, "low": 0.0, "high": 1.0} for c in "abcde"]}))
    return folder


def test_command_prints_json_and_writes_files(cli, sweep_dir, tmp_path):
    status, out, err = cli("discover", sweep_dir, "--outcome", "returned_to_start", "--json",
                           "--out", tmp_path)
    assert status == 0, err
    record = json.loads(out)
    assert record["n_rest_failed_left_out"] == 5 and record["n_runs"] == N - 5
    assert {r["parameter"] for r in record["limits"]} == {"a", "b"}
    for name in ("discovery.json", "box_limits.csv", "peeling_trajectory.csv",
                 "cart_tree.txt", "discovery.png"):
        assert (tmp_path / name).stat().st_size > 0
    status, out, _ = cli("discover", sweep_dir)
    assert status == 0 and "PRIM box" in out and "CART" in out


@pytest.mark.parametrize("args, words", [
    (("--outcome", "no_such_column"), "not a column"),
    (("--outcome", "outcome"), "not a yes/no column"),
    (("--min-density", "0"), "min density"),
])
def test_bad_options_are_messages(cli, sweep_dir, args, words):
    status, _, err = cli("discover", sweep_dir, *args)
    assert status == 2 and words in err and "Traceback" not in err


def test_a_folder_that_is_not_a_sweep_is_a_message(cli, tmp_path):
    status, _, err = cli("discover", tmp_path)
    assert status == 2 and "not a sweep directory" in err


def test_significant_box_keeps_the_real_limits(found):
    assert set(found.significant.index) == {"a", "b"}
    assert found.significant_box["coverage"] >= 0.9
    assert found.significant_box["density"] >= found.min_density


def test_shipped_discovery_specs_load(repo_root):
    from cyclesim.analysis.interventions import INTERVENTIONS
    from cyclesim.analysis.sweep_spec import load_sweep_spec

    for item in INTERVENTIONS:
        spec, scenario = load_sweep_spec(repo_root / "sweeps" / f"discover_{item.key}.toml")
        assert scenario.name == item.scenario
        assert set(item.effects + item.costs) <= set(spec.parameters)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_shows_the_discovered_box(found, lang):
    """The report's discovery section: the sweep's name, a limits row per parameter of the
    box, and the figure (a sweep given with ``report --discover``)."""
    from types import SimpleNamespace

    from cyclesim.present.report import discovery_section
    from cyclesim.present.report_text import text

    page = discovery_section(SimpleNamespace(discoveries=[("synthetic", found)]), text(lang),
                             lang)
    assert "<h3>synthetic</h3>" in page
    assert all(f"<td>{name}</td>" in page for name in found.limits.index)
    assert page.count("<img") == 1
