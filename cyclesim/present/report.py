"""The policy report: one self-contained HTML page (figures as PNG data URIs, no links,
no scripts, no style sheets) comparing scenarios, in Dutch or English.

``collect`` does the numerics (runs, loop gains, LHS robustness); ``render`` only writes.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cyclesim.version import __version__
from cyclesim.analysis.compare import load_all, records
from cyclesim.analysis.verdicts import DEFAULT_SEED, delay_stated, scenario_robustness
from cyclesim.analysis.interventions import BY_KEY, INTERVENTIONS, Delay, Robustness, delay, direct_cost_per_week
from cyclesim.analysis.interventions import robustness as lhs_robustness
from cyclesim.structure.loop_gain import reference_scenario
from cyclesim.model.params import PARAMETERS
from cyclesim.present.param_labels import label, unit
from cyclesim.present.plots import indicator, plt
from cyclesim.model.loop_families import LOOP_NAMES
from cyclesim.present.knockout_explain import (NEEDED_WEEKS, ReturnExplanation,
                                               differ_sentences, dominant_weeks, effect,
                                               explain, knockout_words, loop_words,
                                               needed_sentences, space_cells, weeks_words)
from cyclesim.present.report_text import INTERVENTION_NAMES, text
from cyclesim.scenario.runner import RunResult, run

PANELS = ("dependency", "sickness_absence_percentage", "staff_strain", "cost_per_week")


@dataclass(frozen=True)
class InterventionRow:
    """One seed intervention with 1-on-1: delay at defaults, direct cost, robustness."""

    key: str
    scenario: str
    at_defaults: Delay
    direct_cost: float
    robust: Robustness


@dataclass(frozen=True)
class ReportData:
    """Everything the page shows."""

    results: list[RunResult]
    records: list[dict]
    interventions: list[InterventionRow]
    samples: int
    seed: int = 1
    robust: dict = field(default_factory=dict)  # scenario name: scenario_robustness record
    discoveries: list = field(default_factory=list)  # (label, Discovery) per sweep given
    returns: list = field(default_factory=list)  # ReturnExplanation per 1-on-1 scenario


ROBUST_TARGET = 0.8  # the summary names the cheapest scenario holding in this share


def collect(paths: list[str | Path], samples: int = 32, seed: int = DEFAULT_SEED,
            discover_dirs: list[str | Path] = ()) -> ReportData:
    """Run the scenarios named, their loop gains, the robustness of every scenario over
    ``samples`` Latin draws of the plausible space, the LHS robustness of every seed
    intervention whose combination with 1-on-1 is among them, the knock-outs and loop
    dominance of every scenario with 1-on-1 hours, and the scenario discovery of every
    finished sweep in ``discover_dirs``."""
    discoveries = []
    if discover_dirs:
        from cyclesim.analysis.discover import discover, read_sweep_table

        for folder in discover_dirs:
            sweep = read_sweep_table(folder)
            discoveries.append((sweep.scenario or Path(folder).name, discover(sweep)))
    results = [run(s) for s in load_all(paths)]
    by_name = {r.scenario.name: r for r in results}
    rows = []
    for item in INTERVENTIONS:
        if item.scenario not in by_name:
            continue
        combo = by_name[item.scenario]
        alone = by_name.get("one_on_one") or run(reference_scenario(combo.scenario))
        rows.append(InterventionRow(
            item.key, item.scenario, delay(combo.outcome, alone.outcome),
            direct_cost_per_week(combo.scenario),
            lhs_robustness(item, combo.scenario, samples, seed)))
    robust = {r.scenario.name: scenario_robustness(r.scenario, samples, seed) for r in results}
    return ReportData(results, records(results, samples, seed), rows, samples, seed, robust,
                      discoveries, explain_returns(results, samples, seed))


def explain_returns(results: list[RunResult], samples: int = 0,
                    seed: int = DEFAULT_SEED) -> list[ReturnExplanation]:
    """Knock-outs and loop dominance of every scenario with 1-on-1 hours (the loops of
    the listing are found once), and the knock-outs over ``samples`` plausible draws."""
    chosen = [r.scenario for r in results if _has_exclusive_hours(r)]
    if not chosen:
        return []
    from cyclesim.structure.loops import find_loops

    loops = find_loops()
    return [explain(scenario, loops, samples=samples, seed=seed) for scenario in chosen]


# --- figures ------------------------------------------------------------------------
def _data_uri(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def composite_ax(ax, results: list[RunResult], t: dict[str, str]):
    """Composite improvement over the start per scenario; dots where back at start."""
    for result in results:
        tr = result.trajectory
        ax.plot(tr.times, tr["composite_improvement"][:, 0], lw=1.6, label=result.scenario.name)
        if result.outcome.return_week is not None:
            ax.plot([result.outcome.return_week], [0.0], "o", color="k", ms=4)
    ax.axhline(0.0, color="k", lw=0.8)
    ax.set_xlabel(t["week"])
    ax.set_ylabel(t["composite_axis"])
    ax.set_title(t["composite_title"], fontsize=10)
    ax.legend(fontsize=7, ncol=2)
    return ax


def indicator_figure(results: list[RunResult], t: dict[str, str]):
    """Four slow indicators over time, scenarios side by side."""
    fig, axes = plt.subplots(2, 2, figsize=(12, 7.5), sharex=True)
    labels = (t["ts_dependency"], t["ts_absence"], t["ts_strain"], t["ts_cost"])
    for ax, variable, words in zip(axes.flat, PANELS, labels):
        for result in results:
            indicator(ax, result, variable, words)
        ax.set_xlabel(t["week"])
    axes.flat[0].legend(fontsize=7, ncol=2)
    fig.tight_layout()
    return fig


def delay_ax(ax, rows: list[InterventionRow], t: dict[str, str], lang: str):
    """Delay of the return per LHS sample, one column of dots per intervention."""
    for i, row in enumerate(rows):
        d = np.asarray(row.robust.delays)
        ax.plot(np.full(d.size, i) + np.linspace(-0.15, 0.15, d.size), d, "o", ms=4, alpha=0.7)
    ax.axhline(0.0, color="k", lw=0.8)
    ax.set_xticks(range(len(rows)), [INTERVENTION_NAMES[lang][r.key] for r in rows], fontsize=8)
    ax.set_ylabel(t["delay_weeks"])
    return ax


# --- HTML -------------------------------------------------------------------------------
def _e(value) -> str:
    return html.escape(str(value))


def _delay(weeks: float, bound: bool) -> str:
    """A delay [weeks], with ``≥`` where it is a lower bound (a return not within the
    horizon); "–" where there is none (a run that never improved)."""
    return ("≥ " if bound and math.isfinite(weeks) else "") + _num(weeks, 1)


def _bounds(stat: dict, digits: int) -> str:
    """" (5th – 95th percentile)" after a median (a :func:`summary`), or nothing when
    there is no range."""
    if stat.get("p5") is None:
        return ""
    return f" ({_num(stat['p5'], digits)} – {_num(stat['p95'], digits)})"


def _num(value, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{round(value, digits) + 0.0:,.{digits}f}"  # + 0.0: no "-0"


NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\w.])")


def dutch_numbers(page: str) -> str:
    """Decimal comma and thousands point in the page's text (not inside tags, so the
    figures' data URIs are left alone): 1,234.5 becomes 1.234,5."""
    swap = str.maketrans(",.", ".,")
    return re.sub(r">([^<]+)<", lambda m: ">" + NUMBER.sub(
        lambda n: n.group(1).translate(swap), m.group(1)) + "<", page)


def _money(value, t: dict[str, str]) -> str:
    """An amount in euros as the language writes it (``€ 2,105,743`` becomes
    ``€ 2.105.743`` once :func:`dutch_numbers` has run); no sign for a missing value."""
    text = _num(value)
    return text if text == "–" else t["money"].format(v=text)


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(uri: str, caption: str) -> str:
    return (f'<figure><img alt="{_e(caption)}" src="{uri}">'
            f'<figcaption>{_e(caption)}</figcaption></figure>')


def _horizon(data: ReportData) -> str:
    """The horizon in weeks when every scenario shares it, else the range of the
    scenarios' horizons (``156–260``; each row of the scenario table gives its own)."""
    horizons = sorted({r.scenario.horizon_weeks for r in data.results})
    return (f"{horizons[0]:g}" if len(horizons) == 1
            else f"{horizons[0]:g}–{horizons[-1]:g}")


def return_cell(outcome, horizon: float, t: dict[str, str]) -> str:
    """The return week in words that do not mislead: a week, 'not within H weeks' only
    after an improvement, and 'no improvement' or 'worse' otherwise (nothing to return
    from)."""
    if outcome.return_week is not None:
        return _num(outcome.return_week)
    if outcome.outcome == "not_within_horizon":
        return t["never"].format(h=horizon)
    return t["nothing_to_return"].format(what=t[outcome.outcome])


def side_by_side(data: ReportData, t: dict[str, str]) -> str:
    """The scenarios table: return, honeymoon, costs against no intervention, peaks."""
    rows = []
    for result, rec in zip(data.results, data.records):
        tr, o = result.trajectory, result.outcome
        rows.append([result.scenario.name, t[o.outcome],
                     return_cell(o, result.scenario.horizon_weeks, t),
                     f"{o.honeymoon_depth:.0%}", _num(o.honeymoon_weeks),
                     _money(rec.get("extra_cost"), t), _money(rec.get("extra_cost_at_return"), t),
                     _money(o.total_cost, t), f"{result.scenario.horizon_weeks:g}",
                     f"{float(tr['dependency'][:, 0].max()):.2f}",
                     f"{float(tr['sickness_absence_percentage'][:, 0].max()):.1f}",
                     f"{float(tr['staff_strain'][:, 0].max()):.2f}"])
    h = _horizon(data)
    header = [t["scenario"], t["outcome"], t["return_week"], t["honeymoon_depth"],
              t["honeymoon_weeks"], t["extra_cost_h"].format(h=h), t["extra_cost_return"],
              t["total_cost_h"].format(h=h), t["horizon"], t["peak_dependency"],
              t["peak_absence"], t["peak_strain"]]
    return f"<p>{_e(t['cost_note'])}</p>" + _table(header, rows)


def _range(stat: dict, digits: int = 0, sign: bool = False) -> str:
    if not stat or stat.get("median") is None:
        return "–"
    f = "+," if sign else ","
    m, lo, hi = (round(stat[k], digits) + 0.0 for k in ("median", "p5", "p95"))
    return f"{m:{f}.{digits}f} ({lo:{f}.{digits}f} – {hi:{f}.{digits}f})"


def scenario_robustness_section(data: ReportData, t: dict[str, str]) -> str:
    """Every scenario the user gave over the same Latin sample of the plausible space."""
    rows = []
    for result in data.results:
        r = data.robust[result.scenario.name]
        sh = r["shares"]
        rows.append([result.scenario.name, f"{r['share_held']:.0%}", f"{sh['returned']:.0%}",
                     f"{sh['no_honeymoon']:.0%}", f"{sh['worse']:.0%}",
                     _range(r["return_week"], 0), _range(r["extra_cost_eur"], 0)])
    header = [t["scenario"], t["r_held"], t["r_returned"], t["r_none"], t["r_worse"],
              t["r_week"], t["r_cost"].format(h=_horizon(data))]
    note = t["r_note"].format(n=data.samples, seed=data.seed,
                              k=next(iter(data.robust.values()))["sampled_parameters"]
                              if data.robust else 0)
    return f"<p>{_e(note)}</p>" + _table(header, rows)


def summary_section(data: ReportData, t: dict[str, str]) -> str:
    """One page: the question, the answer, how sure, what it rests on."""
    h = _horizon(data)
    acting = [r for r in data.results if r.scenario.intervention or r.scenario.schedules]
    n = data.samples
    parts = [f"<p><b>{_e(t['s_question'])}</b> "
             f"{_e(t['s_question_text'].format(n=len(acting), h=h))}</p>"]
    held_now = [r.scenario.name for r in acting if r.outcome.outcome == "not_within_horizon"]
    answer = [t["s_defaults"].format(k=len(held_now), n=len(acting), h=h,
                                     names=", ".join(held_now)) if held_now
              else t["s_defaults_none"].format(n=len(acting), h=h)]
    if acting:
        robust = {r.scenario.name: data.robust[r.scenario.name] for r in acting}
        best = max(robust, key=lambda k: (robust[k]["share_held"],
                                          -(robust[k]["extra_cost_eur"]["median"] or 0)))
        b = robust[best]
        answer.append(t["s_best"].format(name=best, p=b["share_held"], n=n, h=h,
                                         cost=_range(b["extra_cost_eur"])))
        meeting = [k for k, v in robust.items() if v["share_held"] >= ROBUST_TARGET]
        if meeting:
            cheapest = min(meeting, key=lambda k: robust[k]["extra_cost_eur"]["median"] or 0)
            answer.append(t["s_cheapest"].format(target=ROBUST_TARGET, name=cheapest,
                                                 cost=_range(robust[cheapest]
                                                             ["extra_cost_eur"])))
        else:
            answer.append(t["s_none"].format(target=ROBUST_TARGET))
    parts.append(f"<p><b>{_e(t['s_answer'])}</b> {_e(' '.join(answer))}</p>")
    if data.discoveries:
        lines = [discovery_sentence(label, d, t) for label, d in data.discoveries]
        parts.append(f"<p><b>{_e(t['s_where'])}</b> {_e(' '.join(lines))}</p>")
    sure = t["s_sure"].format(n=n, seed=data.seed, pp=100 / max(1, n) ** 0.5)
    parts.append(f"<p><b>{_e(t['s_how_sure'])}</b> {_e(sure)}</p>")
    rests = t["s_rests"].format(version=__version__, files=", ".join(
        r.scenario.name for r in data.results))
    parts.append(f"<p><b>{_e(t['s_rests_on'])}</b> {_e(rests)}</p>")
    return '<div class="summary">' + "".join(parts) + "</div>"


def discovery_sentence(label: str, d, t: dict[str, str]) -> str:
    """One sentence per discovery: the share that holds and the significant limits."""
    sig = d.significant if d.significant is not None else d.limits.iloc[:0]
    limits = "; ".join(f"{name} {row['low']:.3g}–{row['high']:.3g}"
                       for name, row in sig.iterrows()) or t["d_no_limits"]
    box = d.significant_box or d.box
    return t["d_sentence"].format(label=label, share=d.n_cases / d.n_runs, n=d.n_runs,
                                  limits=limits, density=box.get("density", 0.0),
                                  coverage=box.get("coverage", 0.0))


def discovery_section(data: ReportData, t: dict[str, str], lang: str = "en") -> str:
    """PRIM's significant box per sweep given, its limits table and figure."""
    if not data.discoveries:
        return f"<p>{_e(t['d_none'])}</p>"
    from cyclesim.present.discover_plots import discovery_figure

    parts = [f"<p>{_e(t['d_note'])}</p>"]
    for sweep_name, d in data.discoveries:
        parts.append(f"<h3>{_e(sweep_name)}</h3>"
                     f"<p>{_e(discovery_sentence(sweep_name, d, t))}</p>")
        rows = [[label(name, lang), f"{row['low']:.4g}", f"{row['high']:.4g}",
                 f"{row['sampled_low']:.4g} – {row['sampled_high']:.4g}",
                 f"{row['quasi_p']:.2g}", t["yes"] if name in d.significant.index else t["no"]]
                for name, row in d.limits.iterrows()]
        parts.append(_table([t["parameter"], t["d_low"], t["d_high"], t["d_sampled"],
                             "quasi-p", t["d_significant"]], rows))
        parts.append(_figure(_data_uri(discovery_figure(d)),
                             t["fig_discovery"].format(label=sweep_name)))
    return "".join(parts)


def _has_exclusive_hours(result: RunResult) -> bool:
    return bool(np.any(result.trajectory["exclusive_hours_delivered"] > 1e-9))


def loops_section(data: ReportData, t: dict[str, str], lang: str) -> str:
    """Per scenario, the loops it weakens against 1-on-1 alone."""
    parts = [f"<p>{_e(t['loops_note'])}</p>"]
    header = [t[k] for k in ("scenario", "loop", "gain_1on1", "gain_scen", "change",
                             "gain_weakened", "link", "link_change")]
    rows = []
    for result, rec in zip(data.results, data.records):
        if rec["scenario"] == "one_on_one" or not _has_exclusive_hours(result):
            continue
        for c in rec["loops_weakened"]:
            rows.append([rec["scenario"], LOOP_NAMES[lang][c["loop"]],
                         f"{c['gain_one_on_one']:+.3f}", f"{c['gain_scenario']:+.3f}",
                         f"{c['relative_change']:+.0%}",
                         t["yes"] if c["gain_weakened"] else t["no"], c["link"] or "–",
                         f"{c['link_relative_change']:+.0%}" if c["link"] else "–"])
    parts.append(_table(header, rows) if rows else f"<p>{_e(t['no_loops'])}</p>")
    return "".join(parts)


def knockout_rows(x: ReturnExplanation, t: dict[str, str], lang: str) -> list[list[str]]:
    """The knock-outs, largest effect first: what, where, outcome, return, shift, effect
    and (for a loop) the weeks it dominates."""
    from cyclesim.structure.knockout import shift_text

    dominates = dominant_weeks(x.periods)
    rows = []
    for r in x.ranked():
        spans = dominates.get(r["name"], []) if r["kind"] == "loop" else None
        when = "–" if spans is None else weeks_words(spans, lang) if spans else t["ko_never"]
        space = space_cells(x, r)
        rows.append([knockout_words(r, lang), r["cut_link"] or r["held"], t[r["outcome"]],
                     _num(r["return_week"], 1), shift_text(r), t[f"ko_word_{effect(r)}"],
                     when, *(space or ())])
    return rows


def phase_rows(x: ReturnExplanation, lang: str) -> list[list[str]]:
    """The dominance phase table: from, to, the dominant loop in words."""
    return [[_num(p["start"]), _num(p["end"]), loop_words(p["dominant"], lang)]
            for p in x.periods]


def knockout_figure_uri(x: ReturnExplanation, t: dict[str, str], lang: str = "en") -> str:
    """The knock-out shift bars of ``x`` (``knockout_plots.draw_shifts``) as a data URI."""
    from cyclesim.present.knockout_plots import draw_shifts

    fig, ax = plt.subplots(figsize=(11, 7))
    draw_shifts(ax, x.analysis, lang)
    ax.set_title(x.scenario, fontsize=10)
    ax.set_xlabel(t["ko_shift"])
    fig.subplots_adjust(left=0.36, right=0.97, top=0.94, bottom=0.08)
    return _data_uri(fig)


def _paragraph(title: str, lines: list[str]) -> str:
    return f"<p><b>{_e(title)}</b> {_e(' '.join(lines))}</p>"


def knockout_section(data: ReportData, t: dict[str, str], lang: str) -> str:
    """Per scenario with 1-on-1: what the return needs (knock-outs), the dominant loop per
    phase beside it, and the sentences that say where the two differ."""
    if not data.returns:
        return f"<p>{_e(t['ko_none_run'])}</p>"
    parts = [f"<p>{_e(t['ko_note'].format(w=NEEDED_WEEKS))}</p>"]
    header = [t[k] for k in ("ko_what", "ko_link", "outcome", "return_week", "ko_shift",
                             "ko_effect", "ko_dominates")]
    if any(x.space is not None for x in data.returns):
        header += [t["ko_space_lost"].format(n=data.samples), t["ko_space_none"],
                   t["ko_space_shift"]]
    for x in data.returns:
        parts.append(f"<h3>{_e(x.scenario)}</h3>"
                     + _paragraph(t["ko_needed_h"], needed_sentences(x, lang))
                     + _paragraph(t["ko_differ_h"], differ_sentences(x, lang)))
        phases = (f"<div><p><b>{_e(t['ko_phases'])}</b></p>"
                  + _table([t["ko_from"], t["ko_to"], t["ko_dominant"]], phase_rows(x, lang))
                  + "</div>")
        parts.append(f'<div class="beside"><div>{_table(header, knockout_rows(x, t, lang))}'
                     f"</div>{phases}</div>")
        if x.analysis is not None:
            parts.append(_figure(knockout_figure_uri(x, t, lang),
                                 t["fig_knockout"].format(scenario=x.scenario)))
    return "".join(parts)


def robustness_section(data: ReportData, t: dict[str, str], lang: str) -> str:
    """Delay, cost per week of delay and the LHS share per seed intervention."""
    if not data.interventions:
        return f"<p>{_e(t['no_robust'].format(n=data.samples))}</p>"
    verdicts = {rec["scenario"]: rec.get("verdict") for rec in data.records}
    rows = [[INTERVENTION_NAMES[lang][r.key], r.scenario,
             LOOP_NAMES[lang][BY_KEY[r.key].loop],
             _delay(r.at_defaults.delay_weeks, r.at_defaults.censored),
             _num(r.at_defaults.extra_cost),
             " ".join(verdict_cells(verdicts.get(r.scenario), t)[2:]),
             _num(r.at_defaults.cost_per_week_of_delay),
             _num(r.direct_cost), f"{r.robust.share_holds:.0%}",
             _delay(r.robust.median_delay_weeks, r.robust.median_is_bound)
             + _bounds(r.robust.delay_summary, 1),
             _num(r.robust.median_cost_per_week_of_delay)
             + _bounds(r.robust.cost_per_week_summary, 0)]
            for r in data.interventions]
    keys = ("intervention", "combination", "acts_on", "delay", "extra_cost", "cost_over_space",
            "per_week_delay", "direct", "share", "median_delay", "median_per_week")
    fig, ax = plt.subplots(figsize=(9, 4))
    delay_ax(ax, data.interventions, t, lang)
    fig.tight_layout()
    return (f"<p>{_e(t['robust_note'].format(n=data.samples))}</p>"
            + _table([t[k] for k in keys], rows) + _figure(_data_uri(fig), t["fig_delay"]))


def _word(stat: dict, t: dict[str, str], negative: str, positive: str, zero: str) -> str:
    """``later``/``earlier`` (or cheaper/dearer) by the median's sign, with the share of
    draws of that sign."""
    median = stat["median"]
    word = t[zero] if median == 0 else t[positive] if median > 0 else t[negative]
    return f"{word}: {t['v_share'].format(share=stat['share_same_sign'])}"


def verdict_cells(verdict: dict | None, t: dict[str, str]) -> list[str]:
    """Delay and cost difference over the plausible space, each with its direction and the
    share of draws that agree (empty cells when there is no verdict)."""
    if not verdict:
        return ["–"] * 4
    d, c = verdict["return_delay_weeks"], verdict["cost_difference_vs_one_on_one_eur"]
    if not delay_stated(verdict):  # (almost) no draw with a cycle to delay
        delay = ["–", t["v_no_cycle"].format(none=verdict["no_honeymoon_draws"]["scenario"],
                                             n=verdict["n_draws"])]
    else:
        delay = [_range(d, 1, sign=True), _word(d, t, "earlier", "later", "same_week")]
    return delay + ([_range(c, sign=True), _word(c, t, "cheaper", "dearer", "same_cost")]
                    if c["median"] is not None else ["–", "–"])


def verdicts_section(data: ReportData, t: dict[str, str]) -> str:
    """Per intervention scenario, its verdict over the plausible space."""
    rows = []
    for rec in data.records:
        v = rec.get("verdict")
        if not v:
            continue
        censored, none = v["censored_draws"], v["no_honeymoon_draws"]
        rows.append([rec["scenario"], *verdict_cells(v, t), v["cost_compared_with"],
                     t["v_of_draws"].format(a=censored["scenario"], b=censored["one_on_one"],
                                            n=v["n_draws"]),
                     f"{none['scenario']} / {none['one_on_one']}"])
    if not rows:
        return ""
    note = t["verdict_note"].format(n=data.samples, seed=data.seed)
    header = [t["scenario"], t["v_delay"], t["v_delay_word"], t["v_cost"], t["v_cost_word"],
              t["v_against"], t["v_censored"], t["v_no_honeymoon"]]
    return f"<p>{_e(note)}</p>" + _table(header, rows)


def assumptions_section(data: ReportData, t: dict[str, str], lang: str = "en") -> str:
    """Per scenario, its title and description and every parameter that differs from its
    default (in words, with the code name in brackets), and the schedules."""
    parts = []
    for result in data.results:
        s = result.scenario
        rows = [[f"{label(name, lang)} ({name})", _num(value, 2),
                 _num(PARAMETERS[name].default, 2), unit(PARAMETERS[name].unit, lang)]
                for name, value in sorted(s.overrides().items())
                if name in PARAMETERS and value != PARAMETERS[name].default]
        schedules = [t["schedule"].format(p=label(sc.parameter, lang), points="; ".join(
            f"{t['week']} {w:g}: {v:g}" for w, v in zip(*sc.as_points())))
                     for sc in s.schedules]
        parts.append(f"<h3>{_e(s.name)}: {_e(s.title_in(lang))}</h3>"
                     f"<p>{_e(s.description_in(lang))}</p>")
        parts.append(_table([t[k] for k in ("parameter", "value", "default", "unit")], rows)
                     if rows else f"<p>{_e(t['none_changed'])}</p>")
        parts += [f"<p>{_e(line)}</p>" for line in schedules]
    return "".join(parts)


STYLE = ("body{font-family:sans-serif;max-width:1200px;margin:2em auto;color:#222}"
         "table{border-collapse:collapse;margin:1em 0;font-size:0.85em}"
         "td,th{border:1px solid #bbb;padding:3px 6px;text-align:left}"
         "th{background:#eee}img{max-width:100%}figcaption{font-style:italic}"
         ".summary{border:2px solid #4c72b0;padding:0.5em 1em;background:#f5f8fc}"
         ".beside{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}")


def render(data: ReportData, lang: str = "nl") -> str:
    """The whole page as one HTML string."""
    t = text(lang)
    fig, ax = plt.subplots(figsize=(11, 5))
    composite_ax(ax, data.results, t)
    fig.tight_layout()
    sections = [
        (t["h_summary"], summary_section(data, t)),
        (t["h_side"], side_by_side(data, t)),
        (t["h_scenario_robust"], scenario_robustness_section(data, t)),
        (t["h_figures"], _figure(_data_uri(fig), t["fig_composite"])
         + _figure(_data_uri(indicator_figure(data.results, t)), t["fig_indicators"])),
        (t["h_loops"], loops_section(data, t, lang)),
        (t["h_knockouts"], knockout_section(data, t, lang)),
        (t["h_robust"], robustness_section(data, t, lang)),
        (t["h_verdicts"], verdicts_section(data, t)),
        (t["h_discovery"], discovery_section(data, t, lang)),
        (t["h_assumptions"], assumptions_section(data, t, lang)),
        (t["h_method"], f"<p>{_e(t['method'])}</p>"),
    ]
    body = "".join(f"<h2>{_e(h)}</h2>{content}" for h, content in sections)
    intro = t["intro"].format(n=len(data.results), version=__version__)
    sections = [(h, c) for h, c in sections if c]
    body = f"<h1>{_e(t['title'])}</h1><p>{_e(intro)}</p>{body}"
    if lang == "nl":
        body = dutch_numbers(body)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{_e(t['title'])}</title><style>{STYLE}</style></head><body>"
            f"{body}</body></html>")


def write_report(paths: list[str | Path], out: str | Path, lang: str = "nl",
                 samples: int = 32, seed: int = DEFAULT_SEED,
                 discover_dirs: list[str | Path] = ()) -> Path:
    """Run, render and write ``report_<lang>.html`` into ``out``; returns the file."""
    data = collect(paths, samples, seed, discover_dirs)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"report_{lang}.html"
    path.write_text(render(data, lang), encoding="utf-8")
    return path
