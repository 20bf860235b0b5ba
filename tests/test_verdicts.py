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
        every = np.array(record["draws"][key], dtype=float)
        draws = every[np.isfinite(every)]  # the delay leaves out draws without a honeymoon
        stat = record[key]
        assert len(every) == N and stat["n_finite"] == len(draws)
        if not len(draws):
            assert stat["median"] is None
            continue
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
    delays = np.array(itself["draws"]["return_delay_weeks"], dtype=float)
    assert np.all(delays[np.isfinite(delays)] == 0.0)
    assert np.isfinite(delays).sum() == N - itself["no_honeymoon_draws"]["one_on_one"]
    assert itself["draws"]["cost_difference_vs_one_on_one_eur"] == [0.0] * N
    assert record["n_draws"] == N
    verdicts._cached_draws.cache_clear()


@pytest.mark.parametrize("name", ["self_direction", "two_on_one"])
def test_a_draw_without_a_honeymoon_has_no_delay(name):
    """A run that never improved never left the start: it has no return to delay, so the
    draw is left out of the delay (not counted as returning at the horizon, which would
    make a policy that does nothing, or makes things worse, look like one that delays
    the return) and counted in ``no_honeymoon_draws``."""
    record = verdict(scenario(name), 16, seed=2, with_draws=True)
    combo = verdicts.scenario_draws(scenario(name), 16, 2)
    alone = verdicts.scenario_draws(scenario("one_on_one"), 16, 2)
    delays = np.array(record["draws"]["return_delay_weeks"], dtype=float)
    assert np.array_equal(np.isfinite(delays), combo.honeymoon & alone.honeymoon)
    assert record["no_honeymoon_draws"] == {"scenario": int((~combo.honeymoon).sum()),
                                            "one_on_one": int((~alone.honeymoon).sum())}
    assert (~combo.honeymoon).sum() > 0  # the case this test is about occurs
    both = combo.honeymoon & alone.honeymoon
    np.testing.assert_array_equal(delays[both],
                                  (combo.return_week - alone.return_week)[both])


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


def _record(n_finite: int, n: int = 64, none: int = 0) -> dict:
    stat = ({"median": 5.0, "p5": 1.0, "p95": 9.0, "share_same_sign": 0.9, "n_finite": n_finite}
            if n_finite else {"median": None, "p5": None, "p95": None,
                              "share_same_sign": None, "n_finite": 0})
    cost = {"median": -10.0, "p5": -20.0, "p95": 5.0, "share_same_sign": 0.8, "n_finite": n}
    return {"n_draws": n, "return_delay_weeks": stat, "cost_difference_vs_one_on_one_eur": cost,
            "no_honeymoon_draws": {"scenario": none, "one_on_one": 0}}


def test_delay_in_words_only_over_enough_draws_with_a_honeymoon():
    """The compare table and the report state a delay only over at least 10 draws with a
    honeymoon on both sides (one draw makes no range); they say how many draws were left
    out, and the report keeps the cost verdict when there is no delay to state."""
    from cyclesim.analysis.compare import delay_text
    from cyclesim.present.report import verdict_cells
    from cyclesim.present.report_text import text

    assert delay_text(_record(60, none=4)) == \
        "+5 (+1 to +9; 90% same sign); 4 of 64 draws without a honeymoon"
    assert delay_text(_record(64)) == "+5 (+1 to +9; 90% same sign)"
    assert delay_text(_record(1, none=63)) == \
        "no cycle to delay: no honeymoon in 63 of 64 draws (a delay in 1)"
    assert delay_text(_record(0, none=64)) == "no cycle to delay: no honeymoon in 64 of 64 draws"
    assert delay_text(_record(4, n=4)).startswith("+5")  # a sample of 4: all four count
    t = text("en")
    cells = verdict_cells(_record(1, none=63), t)
    assert cells[:2] == ["–", "no cycle to delay: no improvement in 63 of 64 draws"]
    assert cells[2].startswith("-10") and "cheaper" in cells[3]
    assert verdict_cells(_record(60, none=4), t)[1].startswith("later")


def test_compare_table_says_what_the_cost_is_against_and_prints_no_nan(cli):
    """The text table of compare: a scenario without 1-on-1 hours says its cost is
    against the baseline; a missing value (no return week) is a dash, never 'NaN'; the
    weeks the total cost is over are a column (scenarios' horizons may differ)."""
    files = [SCENARIOS / "client_network.toml", SCENARIOS / "one_on_one_tandem.toml"]
    status, out, _ = cli("compare", *files, "--samples", "4")
    assert status == 0
    lines = {line.split()[0]: line for line in out.splitlines()[2:] if line.strip()}
    assert lines["client_network"].rstrip().endswith("vs baseline")
    assert "vs baseline" not in lines["one_on_one_tandem"]
    assert "NaN" not in out and "nan" not in out
    assert "over weeks" in out.splitlines()[0]  # the horizon the total cost is over
