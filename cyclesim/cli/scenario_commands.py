"""``cyclesim run | compare | validate | params``: scenarios in, outcomes out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cyclesim.analysis.compare import load_all, records, table
from cyclesim.analysis.verdicts import DEFAULT_SAMPLES, DEFAULT_SEED
from cyclesim.cli.calibrate_commands import forecast_report, posterior_options
from cyclesim.engine import ENGINES
from cyclesim.model.params import PARAMETERS
from cyclesim.scenario.runner import RunResult, run
from cyclesim.scenario.files import load_scenario, scenario_files


def _write_outputs(results: list[RunResult], out: Path) -> None:
    from cyclesim.present import plots

    out.mkdir(parents=True, exist_ok=True)
    for result in results:
        result.frame().to_csv(out / f"{result.scenario.name}.csv")
        meta = result.metadata()
        meta["outcome"] = result.summary()
        (out / f"{result.scenario.name}.json").write_text(json.dumps(meta, indent=2))
        fig = plots.scenario_figure(result)
        fig.savefig(out / f"{result.scenario.name}.png", dpi=110)
        plots.plt.close(fig)
    for name, fig in (("comparison.png", plots.comparison_figure(results)),
                      ("return_to_start.png", plots.composite_figure(results))):
        fig.savefig(out / name, dpi=110)
        plots.plt.close(fig)


def _report(results: list[RunResult], args: argparse.Namespace) -> int:
    for result in results:
        for line in result.rest_warnings():
            print(line, file=sys.stderr)
    rows = records(results, getattr(args, "samples", 0), getattr(args, "seed", DEFAULT_SEED),
                   args.engine)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        with_format = table(rows)
        print(with_format.to_string(float_format=lambda x: f"{x:,.2f}"))
    if args.out:
        _write_outputs(results, Path(args.out))
    return 0


def _compile_note(scenarios: list, engine: str) -> None:
    """Say on stderr (stdout may be JSON) when the first run compiles the kernels."""
    from cyclesim.engine import first_use_note, get_engine
    from cyclesim.model.graph import structure

    methods = {s.method for s in scenarios}
    if methods and (chosen := get_engine(engine, min(methods)).name) == "compiled":
        note = first_use_note(chosen, structure())
        if note:
            print(note, file=sys.stderr, flush=True)


def cmd_run(args: argparse.Namespace) -> int:
    scenarios = [load_scenario(path) for path in args.files]
    _compile_note(scenarios, args.engine)
    if args.posterior:
        return forecast_report(scenarios, args)
    return _report([run(s, engine=args.engine) for s in scenarios], args)


def cmd_compare(args: argparse.Namespace) -> int:
    scenarios = load_all(args.paths)
    _compile_note(scenarios, args.engine)
    if args.posterior:
        return forecast_report(scenarios, args)
    return _report([run(s, engine=args.engine) for s in scenarios], args)


def cmd_validate(args: argparse.Namespace) -> int:
    for path in scenario_files(args.files):
        scenario = load_scenario(path)
        print(f"{path}: ok ({scenario.name}: start week {scenario.start_week:g}, "
              f"horizon {scenario.horizon_weeks:g} weeks)")
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    rows = [{"name": p.name, "unit": p.unit, "default": p.default, "low": p.low,
             "high": p.high, "group": p.group, "meaning": p.doc, "source": p.source}
            for p in PARAMETERS.values()]
    if args.json:
        print(json.dumps(rows, indent=2))
    elif args.markdown:
        print("| parameter | unit | default | plausible range | meaning | source |")
        print("| --- | --- | --- | --- | --- | --- |")
        for r in rows:
            print(f"| `{r['name']}` | {r['unit']} | {r['default']:g} | {r['low']:g}–{r['high']:g}"
                  f" | {r['meaning']} | {r['source']} |")
    else:
        for r in rows:
            print(f"{r['name']:32s} {r['default']:>10g} {r['unit']:16s} "
                  f"[{r['low']:g}, {r['high']:g}]  {r['meaning']}")
    return 0


def _outputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    p.add_argument("--out", metavar="DIR", help="write time series (CSV) and figures (PNG)")
    p.add_argument("--engine", choices=ENGINES, default="auto",
                   help="compiled (Numba), numpy, or auto: compiled when Numba is installed")
    posterior_options(p)


def register(sub) -> None:
    p = sub.add_parser("run", help="run scenario files and print their outcomes")
    p.add_argument("files", nargs="+", metavar="FILE")
    _outputs(p)
    p.add_argument("--seed", type=int, default=0,
                   help="seed of the posterior draws with --posterior (default 0)")
    p.set_defaults(handler=cmd_run)
    p = sub.add_parser("compare", help="run scenario files or directories side by side")
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    _outputs(p)
    p.add_argument("--samples", type=int, default=DEFAULT_SAMPLES, metavar="N",
                   help="paired Latin-hypercube draws over every structural parameter's "
                        f"plausible range for each intervention's verdict (default "
                        f"{DEFAULT_SAMPLES}; 0: no verdicts)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                   help=f"seed of the verdicts' Latin hypercube and of the posterior draws "
                        f"(default {DEFAULT_SEED})")
    p.set_defaults(handler=cmd_compare)
    p = sub.add_parser("validate", help="check scenario files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(handler=cmd_validate)
    p = sub.add_parser("params", help="list the model's parameters")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true")
    group.add_argument("--markdown", action="store_true")
    p.set_defaults(handler=cmd_params)
