"""What the interactive page asks and gets: its controls, input validation, and the JSON
of a run (outcome numbers and the series the page draws).

Inputs from the page are turned into a scenario and validated exactly as scenario files
are (:func:`cyclesim.scenario.files.parse_scenario`), so a bad value gets the same clear message.
The model itself runs in Python only; the page draws the numbers it is sent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cyclesim.model.params import PARAMETERS, POLICY_PARAMETERS
from cyclesim.analysis.compare import load_all
from cyclesim.scenario.runner import RunResult
from cyclesim.scenario.files import Scenario, ScenarioError, parse_scenario
from cyclesim.present.story import PHASES, phase_weeks


class InputError(ValueError):
    """A request the page (or a person typing a URL) got wrong: answered with HTTP 400."""


@dataclass(frozen=True)
class Control:
    """One control of the page: a slider (``step`` > 0) or an on/off switch (``on`` set)."""

    name: str
    label_en: str
    label_nl: str
    low: float
    high: float
    step: float
    unit: str
    on: float | None = None

    @property
    def section(self) -> str:
        """Where the value goes in a scenario: ``start_week``, intervention or parameters."""
        if self.name == "start_week":
            return "start_week"
        return "intervention" if self.name in POLICY_PARAMETERS else "parameters"

    def to_dict(self) -> dict:
        return {"name": self.name, "label": {"en": self.label_en, "nl": self.label_nl},
                "low": self.low, "high": self.high, "step": self.step, "unit": self.unit,
                "kind": "switch" if self.on is not None else "slider", "on": self.on}


def _slider(name: str, en: str, nl: str, step: float) -> Control:
    p = PARAMETERS[name]
    return Control(name, en, nl, p.low, p.high, step, p.unit)


def _switch(name: str, en: str, nl: str, on: float) -> Control:
    return Control(name, en, nl, 0.0, on, 0.0, PARAMETERS[name].unit, on=on)


def controls() -> tuple[Control, ...]:
    """The trainer's controls: sliders for the levers, switches for the seed interventions."""
    return (
        _slider("exclusive_hours_per_day", "1-on-1 hours per day", "1-op-1-uren per dag", 1.0),
        _slider("core_team_size", "core team size", "omvang kernteam", 0.5),
        _slider("temp_availability", "temp staff availability", "beschikbaarheid uitzendkrachten",
                0.05),
        _slider("dependency_build_time", "time for dependency to build up",
                "opbouwtijd afhankelijkheid", 1.0),
        Control("start_week", "intervention starts in week", "interventie start in week",
                0.0, 52.0, 1.0, "week"),
        _switch("self_direction", "self-direction (seed 001)", "eigen regie (seed 001)", 1.0),
        _switch("client_network_hours", "client network, 6 h/week (seed 002)",
                "cliëntennetwerk, 6 u/week (seed 002)", 6.0),
        _switch("one_plan", "one plan, one coordinator (seed 003)",
                "één plan, één regisseur (seed 003)", 1.0),
        _switch("tandem", "tandem direction (seed 004)", "tandemregie (seed 004)", 1.0),
    )


PANELS = (  # the indicators the page draws: variable, English label, Dutch label
    ("incident_rate", "incidents per week", "incidenten per week"),
    ("satisfaction", "satisfaction (0-1)", "tevredenheid (0-1)"),
    ("composite_improvement", "improvement vs. start", "verbetering t.o.v. start"),
    ("dependency", "dependency (0-1)", "afhankelijkheid (0-1)"),
    ("team_size", "permanent team [FTE]", "vast team [fte]"),
    ("temp_share", "temp-staff share (0-1)", "aandeel uitzendkrachten (0-1)"),
    ("controlling_climate", "controlling climate (0-1)", "beheersmatig klimaat (0-1)"),
    ("staff_strain", "staff strain (0-1)", "belasting begeleiders (0-1)"),
    ("stigma", "stigma (0-1)", "stigma (0-1)"),
    ("client_tension", "client tension (0-1)", "spanning cliënt (0-1)"),
    ("able_share", "share able to do 1-on-1 shifts", "aandeel dat 1-op-1 kan draaien"),
    ("sickness_absence_percentage", "sickness absence [%]", "ziekteverzuim [%]"),
)


def load_library(directory: str | Path) -> dict[str, Scenario]:
    """Every scenario file of ``directory`` by name (all validated up front)."""
    return {s.name: s for s in load_all([directory])}


def control_values(scenario: Scenario) -> dict[str, float]:
    """What each control shows for ``scenario`` as written (its values, else the defaults)."""
    out = {}
    for c in controls():
        if c.section == "start_week":
            out[c.name] = scenario.start_week
        else:
            out[c.name] = getattr(scenario, c.section).get(c.name, PARAMETERS[c.name].default)
    return out


def config() -> dict:
    """The page's static description: controls, panels and the story."""
    return {"controls": [c.to_dict() for c in controls()],
            "panels": [{"name": n, "label": {"en": en, "nl": nl}} for n, en, nl in PANELS],
            "story": [p.to_dict() for p in PHASES]}


def scenario_list(library: dict[str, Scenario]) -> list[dict]:
    return [{"name": s.name, "title": s.title_in("en"), "description": s.description,
             "title_nl": s.title_in("nl"), "description_nl": s.description_in("nl"),
             "horizon_weeks": s.horizon_weeks, "values": control_values(s)}
            for s in library.values()]


def _number(name: str, values: list[str]) -> float:
    if len(values) != 1:
        raise InputError(f"{name} is given {len(values)} times; give it once")
    text = values[0].strip()
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{name} must be a number, not {text[:40]!r}") from None
    if not math.isfinite(value):
        raise InputError(f"{name} must be a finite number, not {text[:40]!r}")
    return value


def scenario_from_query(library: dict[str, Scenario], query: dict[str, list[str]],
                        extra: tuple[str, ...] = ()) -> Scenario:
    """The scenario a page request describes: a library scenario with control values set.

    ``query`` is a parsed query string; keys in ``extra`` are accepted and ignored here.
    Raises :class:`InputError` with a message a person can act on."""
    names = query.get("scenario", [])
    if len(names) != 1 or names[0] not in library:
        got = names[0][:40] if names else "(none)"
        raise InputError(f"unknown scenario {got!r}; known: {', '.join(sorted(library))}")
    known = {c.name: c for c in controls()}
    unknown = sorted(set(query) - set(known) - {"scenario", *extra})
    if unknown:
        raise InputError(f"unknown input {unknown[0][:40]!r}; allowed: scenario, "
                         + ", ".join(known))
    base = library[names[0]]
    data = base.model_dump(mode="python", exclude={"name"})
    for name, raw in query.items():
        if name in known:
            value = _number(name, raw)
            control = known[name]
            if control.section == "start_week":
                data["start_week"] = value
            else:
                data[control.section] = {**data[control.section], name: value}
    try:
        return parse_scenario(data, base.name, "page input")
    except ScenarioError as error:
        raise InputError(str(error)) from None


def _rounded(series: np.ndarray) -> list[float]:
    return [float(f"{x:.5g}") for x in np.asarray(series, dtype=float)]


def run_payload(result: RunResult) -> dict:
    """The JSON the page draws: outcome numbers, panel series and the phase marks."""
    tr = result.trajectory
    outcome = result.summary()
    return {
        "scenario": result.scenario.name,
        "inputs": control_values(result.scenario),
        "outcome": outcome,
        "times": _rounded(tr.times),
        "series": {name: _rounded(tr[name][:, 0]) for name, _, _ in PANELS},
        "phases": phase_weeks(tr.times, {p.indicators[0]: tr[p.indicators[0]][:, 0]
                                         for p in PHASES}, result.outcomes[0]),
    }


def play_payload(game, path: tuple, lang: str = "nl") -> dict:
    """The page's play tab: every turn's report so far and the panel series of the path."""
    from cyclesim.analysis.play import TURN_WEEKS, TURNS, Choice

    times, series = game.series(path)
    return {"turns": [game.report(path[:k], lang) for k in range(1, len(path) + 1)],
            "turn_weeks": TURN_WEEKS, "total_turns": TURNS, "done": len(path) == TURNS,
            "times": _rounded(times), "next": (path[-1] if path else Choice()).to_dict(),
            "series": {name: _rounded(series[name]) for name, _, _ in PANELS
                       if name in series}}


COMPILE_SECONDS = 60.0  # [s] a first compile of the kernels takes about a minute


def engine_status() -> dict:
    """What the page says about the engine: whether the compiled (Numba) kernels are ready
    on this machine, and, while a detached process compiles them (engine "auto" starts it
    and runs on NumPy meanwhile), for how long it has been compiling."""
    import time

    from cyclesim.engine.compiled import (COMPILE_LOCK, LOCK_MINUTES, available,
                                          is_compiled, kernel_path)
    from cyclesim.model.graph import structure

    if not available():
        return {"available": False, "compiled": False, "compiling": False,
                "seconds": None, "expected_seconds": COMPILE_SECONDS}
    model = structure()
    compiled = is_compiled(model)
    lock = kernel_path(model)[0].parent / COMPILE_LOCK
    try:
        seconds = max(0.0, time.time() - lock.stat().st_mtime)
    except FileNotFoundError:
        seconds = None
    compiling = not compiled and seconds is not None and seconds < LOCK_MINUTES * 60.0
    return {"available": True, "compiled": compiled, "compiling": compiling,
            "seconds": round(seconds, 1) if compiling else None,
            "expected_seconds": COMPILE_SECONDS}
