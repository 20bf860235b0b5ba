"""Issue 16, the Python API: ``cyclesim.run(path, overrides)`` checks its overrides with the
bounds and messages of scenario files, and step settings are bounded before allocating."""

from __future__ import annotations

import math

import numpy as np
import pytest

import cyclesim
from cyclesim.scenario.files import ScenarioError

BAD_OVERRIDES = [
    ({"temp_availability": float("nan")}, "temp_availability = nan is out of range"),
    ({"temp_availability": None}, "temp_availability: a number"),
    ({"hiring_time": math.inf}, "hiring_time = inf is out of range"),
    ({"hiring_time": -3.0}, "hiring_time = -3 is out of range: allowed 1 to 520"),
    ({"hiring_time": 0.0}, "hiring_time = 0 is out of range"),
    ({"temp_availability": 5.0}, "temp_availability = 5 is out of range"),
    ({"exclusive_hours_per_day": 99}, "exclusive_hours_per_day = 99 is out of range"),
    ({"weeks_per_year": 1.0}, "unknown parameter 'weeks_per_year' in overrides"),
    ({"hiring_tme": 12.0}, "unknown parameter 'hiring_tme' in overrides; allowed: "),
    ({"hiring_time": []}, "hiring_time: an empty list gives no run"),
    ({"honeymoon_threshold": 0.2}, r"honeymoon_threshold: cannot be overridden.*\[outcome\]"),
    ({"escalation_stages": 2.0}, r"escalation_stages: cannot be overridden.*\[\[escalation\]\]"),
    ({"hiring_time": np.ones((2, 2)) * 10}, r"not an array of shape \(2, 2\)"),
    ({"hiring_time": [10.0, 12.0], "stigma_time": [30.0, 40.0, 50.0]},
     r"one length .*hiring_time \(2\), stigma_time \(3\)"),
    ({"hiring_time": [[10.0], [12.0, 3.0]]}, "hiring_time: a number or a flat list"),
    ({"hiring_time": "ten"}, "hiring_time: a number"),
    ({"hiring_time": [10.0, 1e9]}, "hiring_time = 1e\\+09 is out of range"),
    ([("hiring_time", 10.0)], "overrides: a mapping"),
]


@pytest.mark.parametrize("overrides,message", BAD_OVERRIDES,
                         ids=[str(i) for i in range(len(BAD_OVERRIDES))])
def test_bad_overrides_are_refused_with_the_scenario_files_message(
        scenarios_dir, overrides, message) -> None:
    with pytest.raises(ScenarioError, match=message):
        cyclesim.run(scenarios_dir / "one_on_one.toml", overrides)


def test_good_overrides_still_run_as_a_batch(scenarios_dir) -> None:
    result = cyclesim.run(scenarios_dir / "one_on_one.toml",
                          {"hiring_time": [10.0, 20.0], "temp_availability": 0.5},
                          engine="numpy")
    assert result.trajectory.n_runs == 2
    assert np.isfinite(result.trajectory.values).all()


STEP_SETTINGS = [
    ("dt = 1e-6\n", "dt"),
    ("dt = 5e-324\n", "dt"),
    ("save_every = 5e-324\n", "save_every"),
    ("dt = 1e-3\nhorizon_weeks = 1040\n", "steps is too many"),
    ("dt = 0.5\nhorizon_weeks = 0.25\nstart_week = 0\n", "at least one step"),
    ("dt = 0.5\nsave_every = 0.25\n", "save_every"),
    ("[[escalation]]\nswitch_to = { staff_per_client = 2 }\n" * 6, "escalation"),
]


@pytest.mark.parametrize("text,named", STEP_SETTINGS, ids=[t[:20] for t, _ in STEP_SETTINGS])
def test_step_settings_are_bounded_in_validate(tmp_path, text: str, named: str) -> None:
    from cyclesim.scenario.files import load_scenario

    path = tmp_path / "steps.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=named) as error:
        load_scenario(path)
    assert str(path) in str(error.value)


def test_memory_is_estimated_before_allocating(tmp_path) -> None:
    path = tmp_path / "fine.toml"
    path.write_text("dt = 0.01\nsave_every = 0.01\n[intervention]\nexclusive_hours_per_day = 12\n")
    with pytest.raises(ScenarioError, match=r"GiB of series, over the limit"):
        cyclesim.run(path, {"hiring_time": np.full(400, 13.0)})
