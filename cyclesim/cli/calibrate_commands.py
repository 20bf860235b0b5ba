"""``cyclesim calibrate``: a posterior over uncertain parameters from a client's record; and
the forecasts of ``run`` / ``compare --posterior DIR`` (median and 90 % band per policy)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cyclesim.engine import ENGINES
from . import UserError


def cmd_calibrate(args: argparse.Namespace) -> int:
    from cyclesim.analysis import calibrate as cal_
    from cyclesim.analysis.record import read_record
    from cyclesim.scenario.files import load_scenario

    record = read_record(args.record)
    base = load_scenario(args.scenario)
    names = None
    if args.params:
        names = cal_.check_parameter_names([n.strip() for n in args.params.split(",") if n.strip()])
    if args.steps < 100 or args.walkers is not None and args.walkers < 8 or args.n_params < 1:
        raise UserError("--steps must be at least 100, --walkers at least 8 and --n-params "
                        "at least 1")
    print(f"calibrate {record.source}: {record.n_periods} periods, {record.n_observations()} "
          f"observations ({', '.join(k for k in record.observed)}) on scenario "
          f"{base.name!r}", file=sys.stderr, flush=True)
    cal = cal_.calibrate(record, base, names, walkers=args.walkers, max_steps=args.steps,
                         min_steps=min(400, args.steps), seed=args.seed, engine=args.engine,
                         progress=not args.quiet, n_params=args.n_params)
    for line in cal.warnings:
        print(line, file=sys.stderr)
    out = Path(args.out) if args.out else None
    files = []
    if out:
        from cyclesim.present import calibration_plots as plots

        files = cal_.write_calibration(cal, out)
        for name, fig in (("pairs.png", plots.pairs_figure(cal)),
                          ("fit.png", plots.fit_figure(cal))):
            fig.savefig(out / name, dpi=110)
            plots.plt.close(fig)
            files.append(out / name)
    summary = cal.summary()
    speed = cal.runs / max(cal.seconds, 1e-9)
    if args.json:
        print(json.dumps({
            "record": record.source, "scenario": base.name, "parameters": cal.problem.names,
            "likelihood": {k: cal_.NOISE[k][2] for k in cal.problem.indicators},
            "summary": json.loads(summary.to_json(orient="index")),
            "steps": cal.steps, "walkers": int(cal.chain.shape[1]), "burn": cal.burn,
            "thin": cal.thin, "runs": cal.runs, "seconds": round(cal.seconds, 2),
            "runs_per_second": round(speed, 1), "converged": cal.converged(),
            "warnings": cal.warnings, "files": [str(f) for f in files]}, indent=2))
        return 0
    if cal.ranking is not None:
        print("parameters (ranked highest by a Morris screening of this record): "
              + ", ".join(cal.problem.names))
    print(summary.to_string(float_format=lambda x: f"{x:,.4g}"))
    print(f"\n{cal.steps} steps × {cal.chain.shape[1]} walkers (burn-in {cal.burn}, thin "
          f"{cal.thin}); {cal.runs:,} runs in {cal.seconds:,.1f} s ({speed:,.0f} runs/s); "
          + ("converged" if cal.converged() else "NOT converged: see the warnings"))
    if files:
        print("wrote:\n" + "\n".join(f"  {f}" for f in files))
    return 0


def forecast_report(scenarios: list, args: argparse.Namespace) -> int:
    """``run`` / ``compare`` with ``--posterior DIR``: every scenario over the posterior."""
    from cyclesim.analysis.calibrate import forecast, forecast_table, read_posterior

    if args.draws < 2:
        raise UserError("--draws must be at least 2")
    posterior = read_posterior(args.posterior)
    results, rows = [], []
    for scenario in scenarios:
        result, row = forecast(scenario, posterior, args.draws, args.seed, args.engine)
        if row["rest_failed_draws"]:
            print(f"warning: {scenario.name}: the rest state was not found for "
                  f"{row['rest_failed_draws']} draws; they are left out", file=sys.stderr)
        results.append(result)
        rows.append(row)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(f"forecast over {rows[0]['posterior_draws']} draws of {posterior.path} "
              "(median [5 %–95 %])")
        print(forecast_table(rows).to_string())
    if args.out:
        from cyclesim.present import calibration_plots as plots

        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "forecast.json").write_text(json.dumps(rows, indent=2))
        fig = plots.forecast_figure(results)
        fig.savefig(out / "forecast.png", dpi=110)
        plots.plt.close(fig)
    return 0


def register(sub) -> None:
    p = sub.add_parser("calibrate", help="fit the model to a client's record (posterior, "
                                         "diagnostics, figures, a calibrated scenario)")
    p.add_argument("record", metavar="RECORD.csv")
    p.add_argument("--scenario", required=True, metavar="S",
                   help="scenario file giving the structural parameters and settings")
    p.add_argument("--params", metavar="a,b,c",
                   help="parameters to calibrate (default: the ones a Morris screening of "
                        "the record ranks highest)")
    p.add_argument("--n-params", type=int, default=4, metavar="N",
                   help="how many parameters the default picks (default 4)")
    p.add_argument("--out", metavar="DIR", help="write the posterior, figures and calibrated.toml")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--steps", type=int, default=5000,
                   help="most sampler steps (it stops earlier once converged; default 5000)")
    p.add_argument("--walkers", type=int, default=None, help="walkers (default 6 per dimension, "
                                                           "at least 48)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--engine", choices=ENGINES, default="auto")
    p.set_defaults(handler=cmd_calibrate)


def posterior_options(p: argparse.ArgumentParser) -> None:
    """``--posterior DIR`` and ``--draws N`` for ``run`` and ``compare``."""
    p.add_argument("--posterior", metavar="DIR",
                   help="forecast over the draws of a posterior written by cyclesim calibrate: "
                        "each outcome as median and 90 %% band, and P(return in horizon)")
    p.add_argument("--draws", type=int, default=200, metavar="N",
                   help="posterior draws per scenario with --posterior (default 200)")
