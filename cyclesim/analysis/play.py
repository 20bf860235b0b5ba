"""Play mode: the team decides (issue 11). The same game behind ``cyclesim play`` and the
page's "play" tab; the CLI and the web only call this module.

**The game.** One client and the team around them, starting at the rest state of the
default parameters (the no-intervention equilibrium of MODEL.md). Twelve turns of a
quarter (13 weeks) make three years. Each turn the team sets the levers
(:class:`Choice`): exclusive hours per day, staff per client (1 or 2), the core team's size,
and the four seed interventions (self-direction, client network 6 h/week, one plan one
coordinator, tandem direction). The model then runs the next 13 weeks **from the state
the previous turn ended in** (the engine integrates from given stocks; nothing is re-run
from week 0), and the turn reports what changed and one sentence on why: the MODEL.md
loop whose own variable (:data:`LOOP_SIGNALS`) moved most in the quarter.

**Score.** ``100 × mean composite improvement over the weeks played`` (the improvement
over the start of incidents, absence and satisfaction, as ``cyclesim run`` judges it)
minus ``COST_WEIGHT × 100 × (cost / cost without intervention − 1)``: one per cent of
extra cost weighs as much as half a point of lasting improvement. The weight is a stated
value judgement, not a model result; change it with ``cost_weight``.

**Debrief.** The team's path beside the story's escalation path (12 h of 1-on-1; back at
start, then 2-on-1; back at start or no honeymoon within two turns, then a core team of
4 FTE; all judged against the start of the game) and beside the best path a search over
the same choices found (greedy: each turn the choice of :data:`SEARCH_GRID` that gives the
best score when held to the end, all candidates as one batch). For each: cost, return
week (as ``cyclesim run`` judges the 156 weeks, from week 0), score, and the turn where the
team's path and the best one parted.

Decisions are short codes (:meth:`Choice.code`, e.g. ``12-1-0-0000``), so a path can be
saved, replayed and continued.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field

import numpy as np

from cyclesim.engine import Settings, get_engine, with_references
from cyclesim.model.graph import structure
from cyclesim.model.loop_families import LOOP_NAMES
from cyclesim.model.params import PARAMETERS, parameter_set
from cyclesim.outcome import OUTCOME_VARIABLES, OutcomeSettings, judge_table, outcomes_of
from cyclesim.scenario.policy import PolicyPlan

TURN_WEEKS = 13
TURNS = 12
DT = 0.25
COST_WEIGHT = 0.5
SWITCHES = (("self_direction", "self_direction", 1.0),
            ("network", "client_network_hours", 6.0),
            ("one_plan", "one_plan", 1.0),
            ("tandem", "tandem", 1.0))
LIMITS = {"hours": (0.0, 24.0), "staff": (1, 2), "core": (0.0, 8.0)}
SEARCH_GRID = {"hours": (0.0, 4.0, 8.0, 12.0), "staff": (1, 2), "core": (0.0, 4.0),
               "switches": tuple(itertools.product((False, True), repeat=4))}

# What a turn reports: indicator -> (English, Dutch, digits)
INDICATORS = {
    "incident_rate": ("incidents per week", "incidenten per week", 2),
    "sickness_absence_percentage": ("sickness absence [%]", "ziekteverzuim [%]", 1),
    "satisfaction": ("satisfaction (0-1)", "tevredenheid (0-1)", 2),
    "dependency": ("dependency (0-1)", "afhankelijkheid (0-1)", 2),
    "team_size": ("permanent team [FTE]", "vast team [fte]", 1),
    "temp_share": ("temp-staff share (0-1)", "aandeel uitzendkrachten (0-1)", 2),
    "staff_strain": ("staff strain (0-1)", "belasting begeleiders (0-1)", 2),
    "composite_improvement": ("improvement vs. start", "verbetering t.o.v. de start", 3),
}
# Each MODEL.md loop's own variable (an index in [0, 1]) and why it moves, in both languages
LOOP_SIGNALS = {
    "honeymoon": ("proximity", "proximity", "nabijheid",
                  "exclusive hours bring proximity, and proximity calms the client",
                  "exclusieve uren geven nabijheid, en nabijheid brengt de cliënt tot rust"),
    "dependency": ("dependency", "dependency", "afhankelijkheid",
                   "lasting proximity turns into dependency, which asks for more hours",
                   "blijvende nabijheid wordt afhankelijkheid, en die vraagt om meer uren"),
    "guard_role": ("staff_strain", "staff strain", "belasting",
                   "guard hours wear the staff out; absence brings temps and unfamiliar faces",
                   "bewakingsuren putten begeleiders uit; verzuim brengt invallers en "
                   "onbekende gezichten"),
    "bigger_team": ("controlling_climate", "controlling climate", "beheersmatig klimaat",
                    "a bigger team is harder to coordinate, and the answer is more rules",
                    "een groter team is lastiger af te stemmen, en het antwoord is meer regels"),
    "stigma": ("stigma", "stigma", "stigma",
               "a visible guard marks the client, and his self-image suffers",
               "een zichtbare bewaker stempelt de cliënt, en zijn zelfbeeld lijdt eronder"),
    "overexploitation": ("able_share", "share able to do 1-on-1 shifts",
                         "aandeel dat 1-op-1 kan draaien",
                         "fewer staff can do the shifts, so each of the rest carries more",
                         "minder collega's kunnen de diensten draaien, dus wie het nog kan "
                         "draagt meer"),
}


class PlayError(ValueError):
    """A decision the game cannot take (unknown code, value out of range, game over)."""


@dataclass(frozen=True)
class Choice:
    """The levers of one turn."""

    hours: float = 0.0  # exclusive hours per day [h/day]
    staff: int = 1  # staff per client (1: 1-on-1, 2: 2-on-1)
    core: float = 0.0  # core team size [FTE]; 0: the whole team
    self_direction: bool = False
    network: bool = False
    one_plan: bool = False
    tandem: bool = False

    def __post_init__(self) -> None:
        for name, (low, high) in LIMITS.items():
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and low <= value <= high):
                raise PlayError(f"{name} must be between {low:g} and {high:g}, not {value!r}")

    def levers(self) -> dict[str, float]:
        """The policy parameters this choice sets."""
        out = {"exclusive_hours_per_day": float(self.hours),
               "staff_per_client": float(self.staff), "core_team_size": float(self.core)}
        for attr, name, on in SWITCHES:
            out[name] = on if getattr(self, attr) else 0.0
        return out

    def code(self) -> str:
        """A short code: ``hours-staff-core-switches``, e.g. ``12-1-0-1000``."""
        flags = "".join("1" if getattr(self, a) else "0" for a, _, _ in SWITCHES)
        return f"{self.hours:g}-{self.staff}-{self.core:g}-{flags}"

    @classmethod
    def from_code(cls, code: str) -> "Choice":
        parts = str(code).strip().split("-")
        if len(parts) != 4 or len(parts[3]) != 4 or set(parts[3]) - {"0", "1"}:
            raise PlayError(f"a decision is hours-staff-core-flags (e.g. 12-1-0-0000), "
                            f"not {str(code)[:40]!r}")
        try:
            hours, staff, core = float(parts[0]), int(parts[1]), float(parts[2])
        except ValueError:
            raise PlayError(f"not a decision: {str(code)[:40]!r}") from None
        flags = [c == "1" for c in parts[3]]
        return cls(hours, staff, core, *flags)

    def to_dict(self) -> dict:
        return asdict(self) | {"code": self.code()}


NO_CHANGE = Choice()
STORY_STAGES = (Choice(12.0, 1), Choice(12.0, 2), Choice(12.0, 1, 4.0))


def saved_variables() -> tuple[str, ...]:
    model = structure()
    wanted = (model.stock_names + tuple(INDICATORS) + OUTCOME_VARIABLES
              + tuple(v[0] for v in LOOP_SIGNALS.values()))
    return tuple(dict.fromkeys(wanted))


@dataclass
class Segment:
    """What a batch of runs did over some weeks: saved series (variable -> times × runs)."""

    times: np.ndarray
    series: dict[str, np.ndarray]
    end: np.ndarray  # stocks × runs at the last time


class Game:
    """The model, at its rest state, ready to run quarters from any state."""

    def __init__(self, engine: str = "numpy"):
        self.model = structure()
        self.engine = get_engine(engine)
        params = parameter_set({}, 1)
        rest = self.engine.rest_state(params, self.model)
        self.params = with_references(params, rest)
        self.rest = rest.stocks
        self.names = saved_variables()
        self._cache: OrderedDict[tuple[str, ...], Segment] = OrderedDict()
        self._lock = threading.Lock()

    # --- running ------------------------------------------------------------------------
    def run(self, start: np.ndarray, choices: list[Choice], weeks: float) -> Segment:
        """Run ``len(choices)`` runs for ``weeks`` from ``start`` (stocks × runs or one
        column), each with its own levers held constant."""
        n = len(choices)
        params = {k: np.repeat(np.asarray(v, dtype=float).reshape(-1)[:1], n)
                  for k, v in self.params.items()}
        for i, choice in enumerate(choices):
            for name, value in choice.levers().items():
                params[name][i] = value
        initial = np.array(np.broadcast_to(start, (start.shape[0], n)) if start.shape[1] == 1
                           else start, dtype=float)
        settings = Settings(horizon=weeks, dt=DT, save_every=1.0, variables=self.names)
        trajectory = self.engine.simulate(params, initial, PolicyPlan(start_week=0.0),
                                          settings, self.model)
        series = {name: trajectory[name] for name in self.names}
        end = np.stack([series[s][-1] for s in self.model.stock_names])
        return Segment(trajectory.times, series, end)

    def turn(self, path: tuple[Choice, ...]) -> Segment:
        """The last turn of ``path`` (cached by the path so far)."""
        key = tuple(c.code() for c in path)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        start = self.rest if len(path) == 1 else self.turn(path[:-1]).end[:, :1]
        segment = self.run(start, [path[-1]], TURN_WEEKS)
        with self._lock:
            self._cache[key] = segment
            while len(self._cache) > 4096:
                self._cache.popitem(last=False)
        return segment

    def series(self, path: tuple[Choice, ...]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Weekly series of a whole path from week 0 (one run)."""
        if not path:
            segment = self.run(self.rest, [NO_CHANGE], 1.0)
            return segment.times[:1], {k: v[:1, 0] for k, v in segment.series.items()}
        parts = [self.turn(tuple(path[:k + 1])) for k in range(len(path))]
        times = np.concatenate([parts[0].times] + [p.times[1:] + TURN_WEEKS * k
                                                   for k, p in enumerate(parts) if k])
        series = {name: np.concatenate([parts[0].series[name][:, 0]]
                                       + [p.series[name][1:, 0] for p in parts[1:]])
                  for name in self.names}
        return times, series

    # --- judging ------------------------------------------------------------------------
    def baseline_cost_per_week(self) -> float:
        return float(np.asarray(self.params["reference_cost_per_week"]).ravel()[0])

    def judge(self, times: np.ndarray, series: dict[str, np.ndarray],
              cost_weight: float = COST_WEIGHT) -> dict:
        """Outcome (as ``cyclesim run`` judges it, from week 0), cost and score of runs
        given as series (times × runs, or times)."""
        two = {k: (v if v.ndim == 2 else v[:, None]) for k, v in series.items()}
        table = judge_table(times, {n: two[n] for n in OUTCOME_VARIABLES}, 0.0,
                            OutcomeSettings(), self.params["reference_cost_per_week"])
        outcomes = outcomes_of(table)
        weeks = times[-1] - times[0]
        cost = two["cumulative_cost"][-1] - two["cumulative_cost"][0]
        baseline = self.baseline_cost_per_week() * weeks
        improvement = np.trapezoid(two["composite_improvement"], times, axis=0) / weeks \
            if weeks > 0 else np.zeros(cost.shape)
        score = 100.0 * improvement - cost_weight * 100.0 * (cost / baseline - 1.0)
        return [{"outcome": o.outcome,
                 "return_week": None if o.return_week is None else float(o.return_week),
                 "honeymoon_depth": float(o.honeymoon_depth),
                 "cost": float(c), "extra_cost": float(c - baseline),
                 "mean_improvement": float(m), "score": float(s)}
                for o, c, m, s in zip(outcomes, cost, improvement, score)]

    # --- the turn's report --------------------------------------------------------------
    def report(self, path: tuple[Choice, ...], lang: str = "nl") -> dict:
        """What the last turn of ``path`` changed, and one sentence on why."""
        segment = self.turn(path)
        start = {k: float(v[0, 0]) for k, v in segment.series.items()}
        end = {k: float(v[-1, 0]) for k, v in segment.series.items()}
        changes = {k: {"before": start[k], "after": end[k]} for k in INDICATORS}
        changes["cost"] = {"before": 0.0, "after": end["cumulative_cost"] - start["cumulative_cost"]}
        moved = {key: end[v[0]] - start[v[0]] for key, v in LOOP_SIGNALS.items()}
        loop = max(moved, key=lambda k: abs(moved[k]))
        return {"turn": len(path), "weeks": [TURN_WEEKS * (len(path) - 1), TURN_WEEKS * len(path)],
                "choice": path[-1].to_dict(), "changes": changes, "loop": loop,
                "loop_change": moved[loop], "why": why_sentence(loop, start, end, lang)}


def number(value: float, digits: int = 2, lang: str = "nl") -> str:
    """A number in the language's format (Dutch: 1.234,56; English: 1,234.56)."""
    text = f"{value:,.{digits}f}"
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def money(value: float, lang: str = "nl") -> str:
    return "€ " + number(round(value), 0, lang)


def why_sentence(loop: str, start: dict, end: dict, lang: str = "nl") -> str:
    """One sentence: the loop that moved most this quarter, its variable, and why."""
    variable, en, nl, why_en, why_nl = LOOP_SIGNALS[loop]
    a, b = start[variable], end[variable]
    if lang == "nl":
        verb = "steeg" if b > a else "daalde" if b < a else "bleef gelijk"
        return (f"Dit kwartaal bewoog de lus ‘{LOOP_NAMES['nl'][loop]}’ het meest: {nl} {verb} "
                f"van {number(a, 2, 'nl')} naar {number(b, 2, 'nl')}; {why_nl}.")
    verb = "rose" if b > a else "fell" if b < a else "stayed"
    return (f"This quarter the loop ‘{LOOP_NAMES['en'][loop]}’ moved most: {en} {verb} from "
            f"{number(a, 2, 'en')} to {number(b, 2, 'en')}; {why_en}.")


# --- paths for the debrief ---------------------------------------------------------------
def story_path(game: Game, turns: int = TURNS) -> tuple[Choice, ...]:
    """The story's escalation: 12 h of 1-on-1; when back at start, 2-on-1; when back at
    start again (or no honeymoon within two turns of a stage), a core team of 4 FTE."""
    path: list[Choice] = []
    stage, stage_start = 0, 0
    threshold = OutcomeSettings().honeymoon_threshold
    for _ in range(turns):
        path.append(STORY_STAGES[stage])
        _, series = game.series(tuple(path))
        since = series["composite_improvement"][TURN_WEEKS * stage_start:]
        had_honeymoon = bool((since >= threshold).any())
        back = had_honeymoon and since[-1] <= 0.0
        declined = not had_honeymoon and len(path) - stage_start >= 2
        if stage + 1 < len(STORY_STAGES) and (back or declined):
            stage, stage_start = stage + 1, len(path)
    return tuple(path)


def grid(spec: dict | None = None) -> list[Choice]:
    """The choices the search tries (2-on-1 only with exclusive hours)."""
    spec = spec or SEARCH_GRID
    out = []
    for hours, staff, core, switches in itertools.product(spec["hours"], spec["staff"],
                                                          spec["core"], spec["switches"]):
        if hours == 0 and staff != 1:
            continue
        out.append(Choice(hours, staff, core, *switches))
    return out


def best_path(game: Game, turns: int = TURNS, spec: dict | None = None,
              cost_weight: float = COST_WEIGHT) -> tuple[Choice, ...]:
    """Greedy search: each turn the choice that scores best when held to the end of the
    game (every candidate in one batch from the state the path has reached)."""
    candidates = grid(spec)
    path: list[Choice] = []
    for k in range(turns):
        times0, past = game.series(tuple(path))
        start = game.rest if not path else game.turn(tuple(path)).end[:, :1]
        segment = game.run(start, candidates, TURN_WEEKS * (turns - k))
        times = np.concatenate([times0, segment.times[1:] + TURN_WEEKS * k])
        series = {n: np.concatenate([np.repeat(past[n][:, None], len(candidates), axis=1),
                                     segment.series[n][1:]]) for n in OUTCOME_VARIABLES}
        scores = [r["score"] for r in game.judge(times, series, cost_weight)]
        path.append(candidates[int(np.argmax(scores))])
    return tuple(path)


@dataclass
class Debrief:
    team: tuple[Choice, ...]
    story: tuple[Choice, ...]
    best: tuple[Choice, ...]
    results: dict[str, dict] = field(default_factory=dict)
    parted_turn: int | None = None

    def to_dict(self) -> dict:
        return {"paths": {k: [c.to_dict() for c in getattr(self, k)]
                          for k in ("team", "story", "best")},
                "results": self.results, "parted_turn": self.parted_turn}


def debrief(game: Game, team: tuple[Choice, ...], best: tuple[Choice, ...] | None = None,
            spec: dict | None = None) -> Debrief:
    """The team's path beside the story's and the best one found."""
    best = best if best is not None else best_path(game, spec=spec)
    story = story_path(game)
    out = Debrief(tuple(team), story, best)
    for key, path in (("team", team), ("story", story), ("best", best)):
        times, series = game.series(tuple(path))
        out.results[key] = game.judge(times, series)[0] | {"turns": len(path)}
    out.parted_turn = next((k + 1 for k, (a, b) in enumerate(zip(team, best)) if a != b), None)
    return out


def parse_path(codes) -> tuple[Choice, ...]:
    """Decisions from codes (a list, or one string joined with ``_``)."""
    if isinstance(codes, str):
        codes = [c for c in codes.split("_") if c]
    path = tuple(Choice.from_code(c) for c in codes)
    if len(path) > TURNS:
        raise PlayError(f"the game has {TURNS} turns, not {len(path)}")
    return path


def levers_text(choice: Choice, lang: str = "nl") -> str:
    """A choice in words."""
    nl = lang == "nl"
    parts = [f"{number(choice.hours, 0, lang)} {'u/dag' if nl else 'h/day'} "
             + (f"{choice.staff}-op-1" if nl else f"{choice.staff}-on-1")
             if choice.hours else ("geen 1-op-1" if nl else "no 1-on-1")]
    if choice.core:
        parts.append(f"{'kernteam' if nl else 'core team'} {number(choice.core, 1, lang)} "
                     f"{'fte' if nl else 'FTE'}")
    names = {"self_direction": ("self-direction", "eigen regie"),
             "network": ("client network", "cliëntennetwerk"),
             "one_plan": ("one plan", "één plan"), "tandem": ("tandem", "tandemregie")}
    parts += [names[a][nl] for a, _, _ in SWITCHES if getattr(choice, a)]
    return ", ".join(parts)


def check_levers_exist() -> list[str]:
    """Policy parameters the choices set that the listing does not know (empty: fine)."""
    return [n for n in Choice().levers() if n not in PARAMETERS]
