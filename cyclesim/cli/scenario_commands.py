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


def _progress(total: int, desc: str, unit: str):
    """A progress bar on stderr (stdout may be JSON); silent when stderr is not a
    terminal, where a line per step is printed instead."""
    from tqdm import tqdm

    if sys.stderr.isatty():
        return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False)

    class Lines:
        n = 0

        def update(self, k: int = 1) -> None:
            self.n += k

        def set_postfix_str(self, text: str) -> None:
            print(f"{desc}: {self.n + 1}/{total} {text}", file=sys.stderr, flush=True)

        def close(self) -> None:
            pass

    return Lines()


def _report(results: list[RunResult], args: argparse.Namespace) -> int:
    for result in results:
        for line in result.rest_warnings():
            print(line, file=sys.stderr)
    samples = getattr(args, "samples", 0)
    bar = _progress(len(results), f"loop gains and verdicts ({samples} draws)"
                    if samples else "loop gains", "scenario") if args.command == "compare" \
        else None
    first = [True]

    def step(name: str) -> None:
        if bar is None:
            return
        if not first[0]:
            bar.update(1)
        first[0] = False
        bar.set_postfix_str(name)

    rows = records(results, samples, getattr(args, "seed", DEFAULT_SEED), args.engine,
                   progress=step)
    if bar is not None:
        bar.update(1)
        bar.close()
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        with_format = table(rows)
        print(with_format.to_string(float_format=lambda x: f"{x:,.2f}", na_rep="–"))
    if args.out:
        _write_outputs(results, Path(args.out))
        if args.command == "compare":
            from cyclesim.present.tables import write_tables

            for path in write_tables(rows, args.out, args.lang):
                print(f"wrote {path}", file=sys.stderr)
    return 0


def _compile_note(scenarios: list, engine: str) -> None:
    """Say on stderr (stdout may be JSON) when the first run compiles the kernels, or
    when they compile in the background while this run uses the NumPy engine."""
    from cyclesim.engine import available, first_use_note, get_engine, is_compiled
    from cyclesim.model.graph import structure

    methods = {s.method for s in scenarios}
    if not methods:
        return
    chosen = get_engine(engine, min(methods), runs=1).name
    note = first_use_note(chosen, structure())
    if chosen == "numpy" and engine == "auto" and available() and not is_compiled(structure()):
        note = ("note: compiling the model with Numba in the background (first use on this "
                "machine, about a minute); until then runs use the NumPy engine")
    if note:
        print(note, file=sys.stderr, flush=True)


def cmd_run(args: argparse.Namespace) -> int:
    scenarios = [load_scenario(path) for path in args.files]
    _compile_note(scenarios, args.engine)
    if args.posterior:
        return forecast_report(scenarios, args)
    return _report([run(s, engine=args.engine) for s in scenarios], args)


def cmd_compare(args: argparse.Namespace) -> int:
    from cyclesim.cli import UserError

    if args.samples < 0:
        raise UserError(f"--samples must be 0 (no verdicts) or more (got {args.samples})")
    scenarios = load_all(args.paths)
    _compile_note(scenarios, args.engine)
    if args.posterior:
        return forecast_report(scenarios, args)
    bar = _progress(len(scenarios), "simulating", "scenario")
    results = []
    for scenario in scenarios:
        bar.set_postfix_str(scenario.name)
        results.append(run(scenario, engine=args.engine))
        bar.update(1)
    bar.close()
    return _report(results, args)


def cmd_validate(args: argparse.Namespace) -> int:
    for path in scenario_files(args.files):
        scenario = load_scenario(path)
        print(f"{path}: ok ({scenario.name}: start week {scenario.start_week:g}, "
              f"horizon {scenario.horizon_weeks:g} weeks)")
    return 0


def _parameter_rows() -> list[dict]:
    return [{"name": p.name, "unit": p.unit, "default": p.default, "low": p.low,
             "high": p.high, "group": p.group, "meaning": p.doc, "source": p.source}
            for p in PARAMETERS.values()]


def parameter_markdown() -> str:
    """The parameter table as Markdown (the README's copy is this text)."""
    lines = ["| parameter | unit | default | plausible range | meaning | source |",
             "| --- | --- | --- | --- | --- | --- |"]
    lines += [f"| `{r['name']}` | {r['unit']} | {r['default']:g} | {r['low']:g}–{r['high']:g}"
              f" | {r['meaning']} | {r['source']} |" for r in _parameter_rows()]
    return "\n".join(lines)


def cmd_params(args: argparse.Namespace) -> int:
    rows = _parameter_rows()
    if args.json:
        print(json.dumps(rows, indent=2))
    elif args.markdown:
        print(parameter_markdown())
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
    p.add_argument("--lang", choices=("en", "nl"), default="en",
                   help="language of the headers of comparison.csv and comparison.xlsx "
                        "written with --out (default en; nl: Dutch)")
    p.set_defaults(handler=cmd_compare)
    p = sub.add_parser("validate", help="check scenario files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(handler=cmd_validate)
    p = sub.add_parser("params", help="list the model's parameters")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true")
    group.add_argument("--markdown", action="store_true")
    p.set_defaults(handler=cmd_params)
