"""Direction of effects (issue 10): for each parameter the story has an expectation
about, the censored return week of ``one_on_one`` moves the expected way when the
parameter goes from the lower to the upper quarter of its plausible range, at random
base points of the whole plausible space (hypothesis picks the Latin sample's seed).

A claim is a share: of the draws whose return week moves by more than half a week, at
least ``HOLDS`` move the expected way. The README's direction table lists the measured
shares and explains the exceptions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyclesim import load_scenario
from cyclesim.analysis.plausible import direction_shares, latin_draws

HOLDS = 0.7
BASE_POINTS = 150
LATER, EARLIER = +1, -1
DIRECTIONS = {  # parameter: (expected direction of the return week, the story's reason)
    "dependency_build_time": (LATER, "slower dependency build-up delays the need"),
    "stigma_time": (LATER, "stigma and self-image build over months"),
    "self_image_time": (LATER, "a slower negative self-image delays the tension"),
    "climate_time": (LATER, "rules pile up more slowly"),
    "strain_time": (LATER, "strain builds more slowly in the carriers"),
    "coordination_links_half": (LATER, "a team less sensitive to coordination links"),
    "burnout_onset_rate": (EARLIER, "more burnout spells: the carriers fall out sooner"),
    "guard_strain_weight": (EARLIER, "a heavier guard role wears staff out sooner"),
    "unfamiliar_tension_weight": (EARLIER, "unfamiliar faces strain a dependent client more"),
    "self_image_tension_weight": (EARLIER, "a negative self-image weighs more on tension"),
    "hiring_time": (EARLIER, "slower hiring: more temps, less continuity"),
    "baseline_turnover_rate": (EARLIER, "more turnover: fewer familiar staff"),
    "familiarization_time": (EARLIER, "new staff stay strangers longer"),
    "temp_familiarity": (LATER, "familiar temps keep continuity"),
    "guard_visibility_floor": (EARLIER, "the guard is visible sooner: stigma builds sooner"),
    "shortfall_tension_weight": (EARLIER, "missing staff strain the client more"),
    "need_habituation": (EARLIER, "presence calms a dependent client less"),
    "lone_unsafety": (EARLIER, "hours alone with the client feel less safe"),
    "proximity_relief": (LATER, "a deeper relief holds the honeymoon longer"),
    "guard_role_floor": (EARLIER, "the guard role weighs from the first day"),
    "strain_tension_weight": (EARLIER, "strained staff strain the client more"),
}


@pytest.fixture(scope="module")
def one_on_one(scenarios_dir):
    return load_scenario(scenarios_dir / "one_on_one.toml")


EXCEPTIONS = {  # where the listing goes against the story's expectation, and why
    "coordination_links_half": "the load links/(links + half) saturates: a low half puts "
        "the start near saturation, so team growth adds less on top of the start",
    "burnout_onset_rate": "more burnout makes the slow burnout spells a larger part of the "
        "absence, so the absence part of the honeymoon is deeper and comes back later",
    "temp_familiarity": "familiar temps build proximity, and proximity turns into "
        "dependency: the story's own loop brings the return earlier",
    "familiarization_time": "slower familiarity slows proximity and dependency as much as "
        "it adds unfamiliar faces",
    "hiring_time": "mixed: slower hiring brings more temps but also fewer new faces to get "
        "to know, and the team grows later",
    "strain_tension_weight": "mixed: strain falls first in the staff honeymoon, so a "
        "heavier weight deepens the client's honeymoon as much as it speeds the return",
    "shortfall_tension_weight": "the team grows for the 1-on-1 hours and covers the group "
        "first, so the shortfall the client felt at the start falls: a heavier weight "
        "deepens that relief and the return comes later",
}


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=EXCEPTIONS[n]))
    if n in EXCEPTIONS else n for n in sorted(DIRECTIONS)])
@settings(max_examples=2, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**31 - 1))
def test_return_week_moves_the_way_the_story_expects(one_on_one, name, seed):
    expected, _ = DIRECTIONS[name]
    later, earlier, moving = direction_shares(one_on_one, name, latin_draws(BASE_POINTS, seed))
    assert moving >= 10, f"{name} hardly moves the return week ({moving} draws)"
    assert (later if expected == LATER else earlier) >= HOLDS
