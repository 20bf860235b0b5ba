"""Which loops bring the system back (knock-outs) beside which loop dominates (Loops That
Matter), and sentences that say where the two differ, in Dutch and English.

A knock-out (:mod:`cyclesim.structure.knockout`) says whether a mechanism is *needed* for
the return: cut or held, is the system still back at start, and how much later? Loop
dominance (:mod:`cyclesim.structure.dominance`) says which loop carries the change at each
moment. The policy report and the page's story mode show both; everything here works on
the JSON-ready records and phase rows, so a test can hand it a made-up set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cyclesim.model.loop_families import FAMILIES, LOOP_NAMES
from cyclesim.present.report_text import text
from cyclesim.scenario.files import Scenario, load_scenario
from cyclesim.structure.story_diagram import CONCEPTS

NEEDED_WEEKS = 13.0  # [weeks] a shift of a quarter or more: the return hangs on it
EFFECT_ORDER = ("no_return", "delays", "no_improvement", "hastens", "small", "untestable")
NEEDED = ("no_return", "delays")  # cut or held: no return, or a large delay


@dataclass
class ReturnExplanation:
    """One scenario's knock-out records (ranked by effect) and dominance phases."""

    scenario: str
    horizon: float
    start_week: float
    records: list[dict]  # knock-out records (intact included), see RECORD_KEYS
    periods: list[dict]  # dominance phases: start, end, dominant (family key, other, at rest)
    analysis: object = field(default=None, repr=False)  # the KnockoutAnalysis, for figures
    space: object = field(default=None, repr=False)  # knockouts_over_space table, or None

    @property
    def intact(self) -> dict:
        return next(r for r in self.records if r["kind"] == "intact")

    def ranked(self) -> list[dict]:
        """The knock-outs (no intact), largest effect first."""
        return ranked(self.records)

    def needed(self) -> list[dict]:
        """The knock-outs without which the return vanishes or comes much later."""
        return [r for r in self.ranked() if effect(r) in NEEDED]


# --- classifying ----------------------------------------------------------------------
def effect(record: dict, weeks: float = NEEDED_WEEKS) -> str:
    """What a knock-out does to the return: ``no_return`` (not back within the horizon),
    ``no_improvement`` (nothing to return from), ``delays`` or ``hastens`` it by at least
    ``weeks``, a ``small`` shift, or ``untestable`` (neither it nor intact returns)."""
    if record["kind"] == "intact":
        return "intact"
    if record["outcome"] in ("no_honeymoon", "worse"):
        return "no_improvement"
    shift = record["shift_weeks"]
    if shift is None:
        return "untestable"
    if record["outcome"] == "not_within_horizon" and record["shift_bound"] == ">=":
        return "no_return"
    if shift >= weeks:
        return "delays"
    return "hastens" if shift <= -weeks else "small"


def ranked(records: list[dict]) -> list[dict]:
    """Knock-outs (no intact) by effect class, then by the size of the shift."""
    chosen = [r for r in records if r["kind"] != "intact"]
    return sorted(chosen, key=lambda r: (EFFECT_ORDER.index(effect(r)),
                                         -abs(r["shift_weeks"] or 0.0)))


def dominant_weeks(periods: list[dict]) -> dict[str, list[tuple[float, float]]]:
    """The periods each family (and ``other``) dominates: key → [(start, end), …]."""
    out: dict[str, list[tuple[float, float]]] = {}
    for p in periods:
        spans = out.setdefault(str(p["dominant"]), [])
        start, end = float(p["start"]), float(p["end"])
        if spans and start - spans[-1][1] <= 1.0:  # only a moment between: one span
            start = spans.pop()[0]
        spans.append((start, end))
    return out


def loops_through(stock: str) -> list[str]:
    """The MODEL.md loop families whose chain passes through ``stock``."""
    return [f.key for f in FAMILIES if stock in f.chain]


# --- words ----------------------------------------------------------------------------
def stock_words(stock: str, lang: str) -> str:
    """A stock in words: its story concept's name, with the code name where it differs."""
    concept = next((c for c in CONCEPTS if stock in c.members), None)
    if concept is None:
        return stock
    words = getattr(concept, lang)
    return words if words == stock.replace("_", " ") else f"{words} ({stock})"


def loop_words(key: str, lang: str) -> str:
    """A family, ``other`` or ``at rest`` in words ("R stigma", "other loops")."""
    return LOOP_NAMES[lang].get(key) or text(lang)[f"ko_{key.replace(' ', '_')}"]


def quoted(key: str, lang: str) -> str:
    """A family's name in words, in the language's quotation marks."""
    return text(lang)["ko_quote"].format(name=loop_words(key, lang))


def knockout_words(record: dict, lang: str) -> str:
    """A knock-out as a reader says it: "cutting “R stigma”", "holding dependency"."""
    t = text(lang)
    if record["kind"] == "loop":
        return t["ko_cutting"].format(loop=quoted(record["name"], lang))
    return t["ko_holding"].format(stock=stock_words(record["name"], lang))


def weeks_words(spans: list[tuple[float, float]], lang: str) -> str:
    """Periods in weeks: "20–25, 83–104"."""
    return text(lang)["ko_and"].join(f"{a:.0f}–{b:.0f}" for a, b in spans)


def effect_words(record: dict, horizon: float, lang: str) -> str:
    """What the knock-out does to the return, as the verb phrase of a sentence."""
    t, kind = text(lang), effect(record)
    shift = record["shift_weeks"]
    size = f"{abs(shift):.0f}" if shift is not None else ""
    if record["shift_bound"] not in (None, "="):
        size = t["ko_at_least"].format(n=size)
    return t[f"ko_effect_{kind}"].format(n=size, h=horizon, signed=f"{shift or 0:+.0f}")


def _item(record: dict, lang: str) -> str:
    shift = record["shift_weeks"]
    what = knockout_words(record, lang)
    if shift is None or effect(record) == "no_return":
        return what
    return text(lang)["ko_item"].format(what=what, shift=f"{shift:+.0f}")


def needed_sentences(x: ReturnExplanation, lang: str) -> list[str]:
    """Which knock-outs remove the return or shift it by a quarter or more."""
    t = text(lang)
    if x.intact["outcome"] != "returned":
        return [t["ko_no_intact_return"].format(scenario=x.scenario,
                                                what=t[x.intact["outcome"]])]
    groups: dict[str, list[dict]] = {}
    for r in x.ranked():
        groups.setdefault(effect(r), []).append(r)
    out = [t[f"ko_list_{kind}"].format(items="; ".join(_item(r, lang) for r in groups[kind]),
                                       h=x.horizon, w=NEEDED_WEEKS, scenario=x.scenario)
           for kind in ("no_return", "delays", "hastens", "no_improvement") if kind in groups]
    if not any(kind in groups for kind in NEEDED):
        out.insert(0, t["ko_none_needed"].format(w=NEEDED_WEEKS))
    return out


def _loop_sentence(record: dict, spans: list, x: ReturnExplanation,
                   lang: str) -> tuple[str, str] | None:
    kind = effect(record)
    if spans and kind == "small":
        key = "ko_dominates_not_needed"
    elif spans and kind in NEEDED:
        key = "ko_dominates_needed"
    elif spans and kind in ("hastens", "no_improvement"):
        key = "ko_dominates_other"
    elif not spans and kind in NEEDED + ("hastens", "no_improvement"):
        key = "ko_needed_never_dominates"
    else:
        return None
    return key, text(lang)[key].format(loop=quoted(record["name"], lang),
                                       weeks=weeks_words(spans, lang),
                                       effect=effect_words(record, x.horizon, lang))


def _stock_sentence(record: dict, dominates: dict, x: ReturnExplanation,
                    lang: str) -> tuple[str, str]:
    t = text(lang)
    loops = loops_through(record["name"])
    ruling = [k for k in loops if k in dominates]
    words = dict(stock=stock_words(record["name"], lang),
                 effect=effect_words(record, x.horizon, lang))
    if not loops:
        return "ko_stock_on_no_loop", t["ko_stock_on_no_loop"].format(**words)
    if not ruling:
        return "ko_stock_loops_never", t["ko_stock_loops_never"].format(
            loops=", ".join(quoted(k, lang) for k in loops), **words)
    return "ko_stock_loop_dominates", t["ko_stock_loop_dominates"].format(
        loops="; ".join(f"{quoted(k, lang)} ({t['ko_in_weeks']} "
                        f"{weeks_words(dominates[k], lang)})" for k in ruling), **words)


def _other_sentence(x: ReturnExplanation, dominates: dict,
                    lang: str) -> tuple[str, str] | None:
    """A sentence when loops outside the six families dominate longest after the start."""
    length = {k: sum(b - a for a, b in spans) for k, spans in dominates.items()
              if k != "at rest"}
    if not length or max(length, key=length.get) != "other":
        return None
    return "ko_other_dominates", text(lang)["ko_other_dominates"].format(
        n=length["other"], m=x.horizon - x.start_week)


def differences(x: ReturnExplanation, lang: str) -> list[tuple[str, str]]:
    """Where dominance and the knock-outs tell different stories (or, where a loop does
    both, that they agree), each as (kind of sentence, sentence); ``ko_agree`` alone when
    they nowhere differ; nothing when the intact run does not return."""
    if x.intact["outcome"] != "returned":
        return []
    t, dominates = text(lang), dominant_weeks(x.periods)
    out = [_other_sentence(x, dominates, lang)]
    out += [_loop_sentence(r, dominates.get(r["name"], []), x, lang)
            for r in x.records if r["kind"] == "loop"]
    stocks = [r for r in x.ranked() if r["kind"] == "stock" and effect(r) in NEEDED]
    out += [_stock_sentence(r, dominates, x, lang) for r in stocks]
    out = [pair for pair in out if pair]
    out += [("ko_slow_stock", t["ko_slow_stock"])] if stocks else []
    return out or [("ko_agree", t["ko_agree"])]


def differ_sentences(x: ReturnExplanation, lang: str) -> list[str]:
    """The sentences of :func:`differences`."""
    return [sentence for _, sentence in differences(x, lang)]


# The sentence the page shows first: a difference before an agreement.
HEADLINE = ("ko_dominates_not_needed", "ko_stock_loops_never", "ko_stock_on_no_loop",
            "ko_needed_never_dominates", "ko_stock_loop_dominates", "ko_dominates_other",
            "ko_dominates_needed", "ko_other_dominates", "ko_agree")


def headline(x: ReturnExplanation, lang: str) -> str | None:
    """The one sentence that says most plainly where dominance and knock-outs differ."""
    found = dict(reversed(differences(x, lang)))  # the first of each kind
    return next((found[k] for k in HEADLINE if k in found), None)


def sentences(x: ReturnExplanation) -> dict[str, dict[str, list[str]]]:
    """Both kinds of sentence and the headline in both languages:
    {lang: {"needed": […], "differ": […], "headline": "…"}}."""
    return {lang: {"needed": needed_sentences(x, lang), "differ": differ_sentences(x, lang),
                   "headline": headline(x, lang)}
            for lang in ("en", "nl")}


# --- computing ------------------------------------------------------------------------
def dominance_periods(scenario: Scenario, loops: list | None = None,
                      save_every: float | None = None) -> list[dict]:
    """The phase table of all loops (``cyclesim dominance``'s first block) as rows."""
    from cyclesim.structure.dominance import loop_dominance, phases
    from cyclesim.structure.frames import run_frames
    from cyclesim.structure.loops import find_loops

    frames = run_frames(scenario, save_every=save_every).frames
    table = phases(loop_dominance(frames, loops or find_loops()).family_scores())
    return [{"start": float(r.start), "end": float(r.end), "dominant": str(r.dominant)}
            for r in table.itertuples()]


def explain(scenario: Scenario | str | Path, loops: list | None = None,
            save_every: float | None = None, samples: int = 0,
            seed: int = 2026) -> ReturnExplanation:
    """Run every knock-out and the loop dominance of ``scenario``; with ``samples`` (at
    least 2) also every knock-out over that many Latin draws of the plausible space."""
    from cyclesim.structure.knockout import run_knockouts

    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    analysis = run_knockouts(scenario)
    space = None
    if samples >= 2:
        from cyclesim.analysis.knockout_space import knockouts_over_space

        space = knockouts_over_space(scenario, samples, seed)
    return ReturnExplanation(scenario.name, scenario.horizon_weeks, scenario.start_week,
                             analysis.records(), dominance_periods(scenario, loops, save_every),
                             analysis, space)


def space_cells(x: ReturnExplanation, record: dict) -> tuple[str, str, str] | None:
    """A knock-out's row over the plausible space, as three cells: the share of returning
    draws it keeps from coming back, the share of them left with no improvement at all
    (part of the first: those never left the start), and the median shift with its
    5-95 % range."""
    if x.space is None:
        return None
    row = x.space[(x.space["kind"] == record["kind"]) & (x.space["name"] == record["name"])]
    if row.empty:
        return "–", "–", "–"
    r = row.iloc[0]
    lost, none = ("–" if v != v else f"{100 * v:.0f} %"  # NaN: no draw came back intact
                  for v in (r["lost"], r["no_honeymoon"]))
    if r["shift_median"] != r["shift_median"]:  # no draw left with a honeymoon
        return lost, none, "–"
    return (lost, none,
            f"{r['shift_median']:+.0f} ({r['shift_p5']:+.0f} … {r['shift_p95']:+.0f})")


def payload(x: ReturnExplanation) -> dict:
    """The JSON the page's story mode reads: ranked knock-outs with their effect, the
    needed ones, the dominance periods and the sentences in both languages."""
    dominates = dominant_weeks(x.periods)
    rows = [{**r, "effect": effect(r),
             "dominates": [list(s) for s in dominates.get(r["name"], [])]
             if r["kind"] == "loop" else [],
             "words": {lang: knockout_words(r, lang) for lang in ("en", "nl")}}
            for r in x.ranked()]
    return {"scenario": x.scenario, "horizon_weeks": x.horizon, "start_week": x.start_week,
            "intact": x.intact, "knockouts": rows,
            "needed": [{"kind": r["kind"], "name": r["name"]} for r in rows
                       if r["effect"] in NEEDED],
            "periods": x.periods, "needed_weeks": NEEDED_WEEKS, "sentences": sentences(x)}
