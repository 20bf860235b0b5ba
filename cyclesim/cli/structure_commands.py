"""Commands on the model's structure: diagram, loops, dominance, knockout, export, units."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cyclesim.version import __version__

from . import UserError

DEFAULT_SCENARIO = "scenarios/one_on_one.toml"
CHECK_WEEKS = (12, 20, 30, 52, 78, 104, 130)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("diagram", help="draw the causal loop diagram and stock-and-flow view, "
                       "or (--story) the story diagram for care teams")
    p.add_argument("--out", required=True, help="FILE.svg or FILE.png (the stock-and-flow "
                   "view goes to FILE_stock_flow.svg/png; with --story the SVG and the PNG "
                   "are both written)")
    p.add_argument("--story", action="store_true", help="the story diagram: about twenty "
                   "concepts and the six loops, drawn from the listing")
    p.add_argument("--lang", choices=("nl", "en"), default="nl",
                   help="language of the story diagram (default nl)")
    p.add_argument("--loop", default=None, help="with --story: light one loop (honeymoon, "
                   "dependency, guard_role, bigger_team, stigma, overexploitation)")
    p.set_defaults(handler=diagram_command)

    p = sub.add_parser("loops", help="list the feedback loops found in the model")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument("--all", action="store_true",
                   help="list every loop, not only the six MODEL.md loops and counts")
    p.add_argument("--scenario", default=DEFAULT_SCENARIO,
                   help="run whose operating points check the polarity numerically")
    p.set_defaults(handler=loops_command)

    p = sub.add_parser("dominance", help="loop dominance over time (Loops That Matter)")
    p.add_argument("scenario", help="scenario file")
    p.add_argument("--out", required=True, help="directory for the figure and tables")
    p.add_argument("--json", action="store_true", help="print the phase table as JSON")
    p.set_defaults(handler=dominance_command)

    p = sub.add_parser("knockout", help="hold each stock, cut each MODEL.md loop: does the "
                       "return to start move or vanish?")
    p.add_argument("scenario", help="scenario file")
    p.add_argument("--json", action="store_true", help="print a JSON list of records (with "
                   "--samples: an object with 'at_defaults' and 'over_space')")
    p.add_argument("--out", help="directory for knockout.csv, knockout.json and knockout.png "
                   "(with --samples also knockout_space.csv)")
    p.add_argument("--samples", type=_positive_draws, default=0, metavar="N",
                   help="also run every knock-out on N Latin draws over the plausible range "
                        "of every structural parameter (0: only the defaults)")
    p.add_argument("--seed", type=int, default=2026, help="seed of the Latin draws")
    p.set_defaults(handler=knockout_command)

    p = sub.add_parser("export", help="write the model as XMILE 1.0 (Stella, PySD)")
    p.add_argument("file", help="FILE.xmile")
    p.add_argument("--scenario", default=DEFAULT_SCENARIO, help="scenario whose parameters, "
                   "rest state and intervention are written")
    p.set_defaults(handler=export_command)

    p = sub.add_parser("units", help="check every equation for dimensional consistency")
    p.set_defaults(handler=units_command)


def _scenario(path: str):
    from cyclesim.scenario.files import load_scenario

    if not Path(path).is_file():
        raise UserError(f"{path}: no such scenario file")
    return load_scenario(path)


def diagram_command(args: argparse.Namespace) -> int:
    from cyclesim.structure.diagram import save_diagram

    if Path(args.out).suffix.lower() not in (".svg", ".png"):
        raise UserError(f"{args.out}: the diagram is written as .svg or .png")
    if args.story:
        from cyclesim.model.loop_families import FAMILY_BY_KEY
        from cyclesim.present.story_diagram_plot import save_story_diagram

        if args.loop is not None and args.loop not in FAMILY_BY_KEY:
            raise UserError(f"unknown loop {args.loop!r}; choose one of "
                            + ", ".join(FAMILY_BY_KEY))
        for path in save_story_diagram(args.out, args.lang, args.loop):
            print(f"wrote {path}")
        return 0
    if args.loop is not None:
        raise UserError("--loop goes with --story")
    for path in save_diagram(args.out):
        print(f"wrote {path}")
    return 0


def loops_command(args: argparse.Namespace) -> int:
    from cyclesim.structure.frames import at_times, run_frames
    from cyclesim.structure.loops import checked_polarities, find_loops

    loops = find_loops()
    frames = at_times(run_frames(_scenario(args.scenario), save_every=1.0), CHECK_WEEKS)
    shown = loops if args.all else [l for l in loops if l.family and "variant" not in l.name]
    records = []
    for loop, checked in zip(shown, checked_polarities(shown, frames)):
        record = loop.to_dict()
        record["checked_polarity"] = checked
        records.append(record)
    if args.json:
        print(json.dumps(records, indent=2))
        return 0
    for r in records:
        print(f"{r['polarity']}  {r['name']}  (checked at {Path(args.scenario).stem}: "
              f"{r['checked_polarity']}; {r['length']} variables)")
        print("   " + " → ".join(r["variables"] + r["variables"][:1]))
    families: dict[str, int] = {}
    for loop in loops:
        families[loop.family or "other"] = families.get(loop.family or "other", 0) + 1
    print(f"\n{len(loops)} loops in all; by family: "
          + ", ".join(f"{k} {v}" for k, v in families.items()))
    return 0


def dominance_command(args: argparse.Namespace) -> int:
    from cyclesim.structure.diagram import save_dominance
    from cyclesim.structure.dominance import KEY_VARIABLES, loop_dominance, phases
    from cyclesim.structure.frames import run_frames
    from cyclesim.structure.loops import find_loops

    scenario = _scenario(args.scenario)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    result = loop_dominance(run_frames(scenario).frames, find_loops())
    panels = {"all loops": result.family_scores()}
    panels.update({v: result.family_scores(v) for v in KEY_VARIABLES})
    tables = []
    for variable, frame in panels.items():
        table = phases(frame)
        table.insert(0, "variable", variable)
        tables.append(table)
    import pandas as pd

    table = pd.concat(tables, ignore_index=True)
    table.to_csv(out / "dominance_phases.csv", index=False)
    panels["all loops"].to_csv(out / "family_scores.csv")
    save_dominance(out / "dominance.png", panels)
    if args.json:
        print(table.to_json(orient="records", indent=2))
    else:
        print(table.round(3).to_string(index=False))
        print(f"\nwrote {out / 'dominance.png'}, {out / 'dominance_phases.csv'}, "
              f"{out / 'family_scores.csv'}")
    return 0


def _positive_draws(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number, got {text!r}") from None
    if value != 0 and not 2 <= value <= 100_000:
        raise argparse.ArgumentTypeError(f"0 or 2 to 100000, got {value}")
    return value


def _space_text(space, samples: int, seed: int) -> str:
    """The knock-outs over the plausible space as a reader's table."""
    def pct(x: float) -> str:
        return "-" if x != x else f"{100 * x:.0f} %"

    def weeks(x: float) -> str:
        return "-" if x != x else f"{x:+.1f}"

    table = space.assign(
        lost=space["lost"].map(pct), no_honeymoon=space["no_honeymoon"].map(pct),
        shift=[f"{weeks(m)} ({weeks(lo)} to {weeks(hi)})" for m, lo, hi in
               zip(space["shift_median"], space["shift_p5"], space["shift_p95"])],
        later=space["later"].map(pct), earlier=space["earlier"].map(pct))
    head = (f"over the plausible space: {samples} Latin draws (seed {seed}), "
            f"{space['draws_back'].iloc[0]} of them back at start intact; per knock-out the "
            "share of those not back within the horizon, with no improvement at all, the "
            "shift [weeks] median (5 % to 95 %), and the shares moved later / earlier by "
            "more than 4 weeks")
    columns = ["kind", "name", "lost", "no_honeymoon", "shift", "later", "earlier"]
    return head + "\n" + table[columns].to_string(index=False)


def knockout_command(args: argparse.Namespace) -> int:
    import pandas as pd

    from cyclesim.present.knockout_plots import save_knockout_figure
    from cyclesim.structure.knockout import run_knockouts, shift_text

    scenario = _scenario(args.scenario)
    analysis = run_knockouts(scenario)
    records = analysis.records()
    space = None
    if args.samples:
        from cyclesim.analysis.knockout_space import knockouts_over_space

        space = knockouts_over_space(scenario, args.samples, args.seed)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        pd.DataFrame(records).to_csv(out / "knockout.csv", index=False)
        (out / "knockout.json").write_text(json.dumps(records, indent=2) + "\n")
        save_knockout_figure(analysis, out / "knockout.png")
        if space is not None:
            space.assign(samples=args.samples, seed=args.seed, model_version=__version__,
                         scenario=scenario.name).to_csv(out / "knockout_space.csv",
                                                        index=False)
    if args.json:
        if space is None:
            print(json.dumps(records, indent=2))
        else:
            print(json.dumps({"at_defaults": records, "samples": args.samples,
                              "seed": args.seed, "model_version": __version__,
                              "over_space": space.to_dict(orient="records")}, indent=2))
        return 0
    table = pd.DataFrame({
        "kind": [r["kind"] for r in records],
        "knock-out": [r["name"] for r in records],
        "cut link": [r["cut_link"] or "" for r in records],
        "outcome": [r["outcome"] for r in records],
        "return week": [f"{r['return_week']:.1f}" if r["return_week"] is not None else "-"
                        for r in records],
        "shift [weeks]": [shift_text(r) for r in records],
        "honeymoon depth": [f"{r['honeymoon_depth']:.3f}" for r in records]})
    print(f"knock-outs of {analysis.scenario} (horizon {analysis.horizon:g} weeks; stocks "
          f"held from week {analysis.start_week:g}; loops cut at one link, its source held "
          "at its rest value for that link alone)")
    print(table.to_string(index=False))
    if space is not None:
        print("\n" + _space_text(space, args.samples, args.seed))
    if args.out:
        print(f"\nwrote {out / 'knockout.csv'}, {out / 'knockout.json'}, "
              f"{out / 'knockout.png'}" + (", knockout_space.csv" if space is not None else ""))
    return 0


def export_command(args: argparse.Namespace) -> int:
    from cyclesim.structure.xmile import NotExportable, export_xmile

    try:
        path = export_xmile(_scenario(args.scenario), args.file)
    except NotExportable as error:
        raise UserError(str(error)) from None
    print(f"wrote {path}")
    return 0


def units_command(args: argparse.Namespace) -> int:
    from cyclesim.structure.units import check_units

    problems = check_units()
    for problem in problems:
        print(f"{problem.name}: {problem.message}")
    if problems:
        return 1
    print("every equation is dimensionally consistent")
    return 0
