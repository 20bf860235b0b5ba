"""Commands on the model's structure: diagram, loops, dominance, export, units."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import UserError

DEFAULT_SCENARIO = "scenarios/one_on_one.toml"
CHECK_WEEKS = (12, 20, 30, 52, 78, 104, 130)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("diagram", help="draw the causal loop diagram and stock-and-flow view")
    p.add_argument("--out", required=True, help="FILE.svg or FILE.png (the stock-and-flow "
                   "view goes to FILE_stock_flow.svg/png)")
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
