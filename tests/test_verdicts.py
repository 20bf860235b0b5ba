"""Honest intervention verdicts (issue 10, deliverable 4): effects and costs over a paired,
seeded Latin hypercube of every structural parameter's plausible range, and the
taper-only scenario beside tandem. The checks read the verdict's definition, not today's
numbers of the model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cyclesim.analysis import verdicts
from cyclesim.analysis.verdicts import (STRUCTURAL, has_verdict, structural_sample, summary,
                                        verdict)
from cyclesim.model.params import PARAMETERS
from cyclesim.scenario.files import load_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
N = 8
STATS = ("return_delay_weeks", "extra_cost_eur", "cost_difference_vs_one_on_one_eur")


def scenario(name: str):
    return load_scenario(SCENARIOS / f"{name}.toml")


def test_the_sample_is_a_latin_hypercube_over_every_structural_parameter():
    sample = structural_sample(N, seed=3)
    structural = {n for n, p in PARAMETERS.items()
                  if p.group not in ("policy", "outcome") and not p.policy}
    assert set(sample) == structural == set(STRUCTURAL)
    for name, values in sample.items():
        p = PARAMETERS[name]
        assert np.all((p.low <= values) & (values <= p.high))
        if p.high > p.low:  # one draw in each of the N equal strata of the range
            strata = np.floor((values - p.low) / (p.high - p.low) * N).clip(0, N - 1)
            assert sorted(strata) == list(range(N))


@pytest.mark.parametrize("name", ["one_on_one_self_direction", "self_direction"])
def test_share_same_sign_is_the_share_of_draws_with_the_medians_sign(name):
    record = verdict(scenario(name), N, seed=2, with_draws=True)
    assert record["n_draws"] == N and record["seed"] == 2
    for key in STATS:
        draws = np.array(record["draws"][key])
        stat = record[key]
        assert len(draws) == N
        assert stat["median"] == pytest.approx(np.median(draws))
        assert stat["p5"] == pytest.approx(np.percentile(draws, 5))
        assert stat["p95"] == pytest.approx(np.percentile(draws, 95))
        same = np.mean(np.sign(draws) == np.sign(stat["median"]))
        assert stat["share_same_sign"] == pytest.approx(same)
    assert record["cost_compared_with"] == ("baseline" if name == "self_direction"
                                            else "one_on_one")
    assert ("note" in record) == (name == "self_direction")
    assert "censor" in record["censoring"]


def test_summary_counts_a_sign_against_the_median():
    stat = summary(np.array([-3.0, -1.0, 2.0, -5.0, np.nan]))
    assert stat["median"] == -2.0 and stat["n_finite"] == 4
    assert stat["share_same_sign"] == 0.75


def test_draws_are_paired(monkeypatch):
    """Both sides of every difference run on the same parameter sets: 1-on-1 against
    itself differs by exactly nothing, and every batch gets the same structural values."""
    seen = []
    real = verdicts.run_batch

    def spy(scenario, params, *args, **kwargs):
        seen.append({k: np.array(params[k]) for k in STRUCTURAL})
        return real(scenario, params, *args, **kwargs)

    verdicts._cached_draws.cache_clear()
    monkeypatch.setattr(verdicts, "run_batch", spy)
    record = verdict(scenario("one_on_one_client_network"), N, seed=4)
    assert len(seen) == 2
    for name in STRUCTURAL:
        assert np.array_equal(seen[0][name], seen[1][name])
    itself = verdict(scenario("one_on_one"), N, seed=4, with_draws=True)
    assert itself["draws"]["return_delay_weeks"] == [0.0] * N
    assert itself["draws"]["cost_difference_vs_one_on_one_eur"] == [0.0] * N
    assert record["n_draws"] == N
    verdicts._cached_draws.cache_clear()


def test_the_verdict_is_reproducible_with_its_seed():
    one = verdict(scenario("one_on_one_tandem"), N, seed=7, with_draws=True)
    verdicts._cached_draws.cache_clear()
    again = verdict(scenario("one_on_one_tandem"), N, seed=7, with_draws=True)
    assert one == again
    other = structural_sample(N, seed=8)
    assert any(not np.array_equal(other[k], structural_sample(N, seed=7)[k])
               for k in STRUCTURAL)


def test_which_scenarios_get_a_verdict():
    assert not has_verdict(scenario("baseline"))
    assert not has_verdict(scenario("one_on_one"))
    assert has_verdict(scenario("one_on_one_taper"))
    assert has_verdict(scenario("tandem"))


def test_compare_samples_option(cli):
    files = [SCENARIOS / "one_on_one.toml", SCENARIOS / "one_on_one_tandem.toml"]
    status, out, _ = cli("compare", *files, "--json", "--samples", "0")
    assert status == 0
    assert all("verdict" not in row for row in json.loads(out))
    status, out, _ = cli("compare", *files, "--json", "--samples", "4", "--seed", "3")
    assert status == 0
    rows = {row["scenario"]: row for row in json.loads(out)}
    assert "verdict" not in rows["one_on_one"]
    v = rows["one_on_one_tandem"]["verdict"]
    assert v["n_draws"] == 4 and v["seed"] == 3
    assert set(STATS) <= set(v) and "censoring" in v
    status, out, _ = cli("compare", *files, "--samples", "4")
    assert status == 0 and "same sign" in out


def test_the_taper_only_scenario_differs_from_tandem_only_by_tandem(cli):
    status, out, _ = cli("validate", SCENARIOS / "one_on_one_taper.toml")
    assert status == 0 and "ok" in out
    taper = scenario("one_on_one_taper").model_dump()
    tandem = scenario("one_on_one_tandem_fast_taper").model_dump()
    for key in ("name", "title", "description", "title_nl", "description_nl"):
        taper.pop(key), tandem.pop(key)
    assert tandem["intervention"].pop("tandem") > 0
    assert "tandem" not in taper["intervention"]
    assert taper == tandem
