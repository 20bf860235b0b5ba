"""Issue 16: hypothesis writes scenario files, valid and mutated, and ``validate`` and
``run`` either accept them with finite results or exit 2 naming the file and the field,
each within a generous time limit."""

from __future__ import annotations

import contextlib
import io
import json
import math
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from cyclesim.cli import main
from cyclesim.model.params import PARAMETERS, POLICY_PARAMETERS
from cyclesim.scenario.files import OUTCOME_PARAMETERS

STRUCTURAL = sorted(n for n in PARAMETERS if n not in POLICY_PARAMETERS
                    and n not in OUTCOME_PARAMETERS and n != "escalation_stages")
LIMIT = 60.0  # [s] per command: generous, a normal run takes about a second
FIELDS = ("start_week", "horizon_weeks", "dt", "save_every", "method", "intervention",
          "parameters", "outcome", "escalation", "schedules", "colour")

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-2000, 2000),
    st.integers(-10**6, 10**6),
    st.sampled_from([0, 1, 0.25, 0.5, 5e-324, 1e-6, 1e308, -1, 52, 1040, 10**30]))


def _value(x) -> str:
    if isinstance(x, float):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf") if math.isinf(x) else repr(x)
    return str(x)


@st.composite
def scenario_text(draw) -> tuple[str, set[str]]:
    """A scenario file: plausible keys with valid or mutated values; returns its text and
    the names of the fields it sets (one of them must be named if it is refused)."""
    lines, tables, named = [], [], set()
    valid = draw(st.booleans())
    for key, good in (("start_week", st.sampled_from([0, 4, 8, 20])),
                      ("horizon_weeks", st.sampled_from([30, 60, 104])),
                      ("dt", st.sampled_from([0.25, 0.5, 0.125])),
                      ("save_every", st.sampled_from([1, 0.5, 2]))):
        if draw(st.booleans()):
            lines.append(f"{key} = {_value(draw(good if valid else numbers))}")
            named.add(key)
    if draw(st.booleans()):
        lines.append(f"method = {json.dumps(draw(st.sampled_from(['euler', 'rk4', 'heun', ''])))}")
        named.add("method")
    for section, names in (("intervention", POLICY_PARAMETERS), ("parameters", STRUCTURAL)):
        chosen = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
        if chosen:
            tables.append(f"[{section}]")
            named.add(section)
            for name in chosen:
                p = PARAMETERS[name]
                low, high = (p.low, p.high) if valid else (p.lower - 1, p.upper + 1)
                tables.append(f"{name} = {_value(draw(st.floats(low, high)))}")
    extras = {"colour": "colour = 'red'", "dt": "dt = 'fast'", "outcome": "outcome = 3",
              "escalation": "escalation = [1, 2]", "schedules": "schedules = [{}]"}
    free = sorted(set(extras) - named)
    if not valid and draw(st.booleans()):
        key = draw(st.sampled_from(free))
        lines.append(extras[key])
        named.add(key)
    return "\n".join(lines + tables) + "\n", named


def _cli(argv: list[str]) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    began = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue(), time.monotonic() - began


@settings(max_examples=12)
@given(case=scenario_text())
def test_scenario_files_are_accepted_with_finite_results_or_named(tmp_path_factory, case):
    text, named = case
    path = tmp_path_factory.mktemp("fuzz") / "fuzzed.toml"
    path.write_text(text)
    code, _, err, took = _cli(["validate", str(path)])
    assert took < LIMIT and "Traceback" not in err
    if code == 2:
        assert str(path) in err and any(name in err for name in named), err
        return
    assert code == 0, err
    code, out, err, took = _cli(["run", str(path), "--json", "--engine", "numpy"])
    assert took < LIMIT and code == 0, err
    record = json.loads(out)[0]
    assert record["outcome"] and record["rest_residual"] is not None
    for key in ("honeymoon_depth", "total_cost", "peak_dependency"):
        assert record[key] is None or math.isfinite(record[key]), (key, record)
