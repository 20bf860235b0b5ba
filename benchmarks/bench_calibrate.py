"""Calibration: speed on the shipped example record, and coverage of the 90 % intervals
over synthetic records (a benchmark, not a test: it takes minutes). From the repository root::

    python benchmarks/bench_calibrate.py                   # example + coverage over 20 records
    python benchmarks/bench_calibrate.py --records 40      # more records
    python benchmarks/bench_calibrate.py --skip-example

Coverage is simulation-based calibration: for each record the true values of the
calibrated parameters *and* of the noise scales are drawn from the priors (uniform over
the plausible ranges, log-uniform noise), the record is simulated at them with the
likelihood's noise (the example record's periods, policy and missing cells), and
calibrated back. If the sampler and likelihood are right, each 90 % interval covers its
true value with probability 0.9.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from scipy import stats

from cyclesim.analysis.calibrate import Problem, calibrate, synthetic_observations, with_observations
from cyclesim.analysis.record import read_record
from cyclesim.scenario.files import load_scenario

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "records" / "synthetic_client.csv"
SCENARIO = ROOT / "scenarios" / "one_on_one.toml"
PARAMS = ["max_incident_rate", "reference_strain", "short_absence_duration"]


def example(steps: int) -> dict:
    record, base = read_record(RECORD), load_scenario(SCENARIO)
    began = time.perf_counter()
    cal = calibrate(record, base, None, max_steps=steps, progress=True)
    wall = time.perf_counter() - began
    return {"wall_seconds": round(wall, 1), "runs": cal.runs,
            "runs_per_second": round(cal.runs / wall), "steps": cal.steps,
            "parameters": cal.problem.names, "warnings": cal.warnings}


def coverage(n_records: int, steps: int, seed: int) -> dict:
    record, base = read_record(RECORD), load_scenario(SCENARIO)
    rng = np.random.default_rng(seed)
    probe = Problem(record, base, PARAMS)
    hits, rows, began = [], [], time.perf_counter()
    while len(rows) < n_records:
        x = probe.natural(probe.prior_draws(1, rng))[0]
        truth = dict(zip(PARAMS, x[:len(PARAMS)]))
        noise = dict(zip(probe.noise_names, np.exp(x[len(PARAMS):])))
        try:
            observed = synthetic_observations(record, base, truth, noise, rng)
        except ValueError:
            continue  # the rest state was not found at this draw: draw again
        cal = calibrate(with_observations(record, observed), base, PARAMS, max_steps=steps,
                        seed=int(rng.integers(1 << 30)))
        draws = cal.draws()
        values = {**truth, **noise}
        covered = {k: bool(draws[k].quantile(0.05) <= v <= draws[k].quantile(0.95))
                   for k, v in values.items()}
        hits.append(covered)
        for k in PARAMS:
            lo, hi = draws[k].quantile([0.05, 0.95])
            print(f"  {k}: true {values[k]:.4g}, 90 % interval {lo:.4g} to {hi:.4g}")
        rows.append({"truth": {k: float(v) for k, v in values.items()}, "covered": covered,
                     "converged": cal.converged(), "seconds": round(cal.seconds, 1)})
        share = np.mean([c[k] for c in hits for k in PARAMS])
        print(f"record {len(rows)}/{n_records}: covered {sum(covered[k] for k in PARAMS)}/"
              f"{len(PARAMS)} parameters ({cal.seconds:.0f} s, "
              f"{'converged' if cal.converged() else 'warnings'}); running coverage {share:.1%}",
              flush=True)
    params = [c[k] for c in hits for k in PARAMS]
    noise = [c[k] for c in hits for k in c if k not in PARAMS]
    n = len(params)
    low, high = stats.binom.ppf([0.05, 0.95], n, 0.9) / n
    return {"records": n_records, "parameters": PARAMS, "intervals": n,
            "coverage_parameters": float(np.mean(params)),
            "coverage_noise": float(np.mean(noise)),
            "expected_90pct_range_if_calibrated": [float(low), float(high)],
            "per_parameter": {k: float(np.mean([c[k] for c in hits])) for k in PARAMS},
            "converged_records": int(sum(r["converged"] for r in rows)),
            "wall_seconds": round(time.perf_counter() - began, 1), "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20)
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-example", action="store_true")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    args = parser.parse_args()
    out = {}
    if not args.skip_example:
        out["example"] = example(5000)
        print("example record:", json.dumps(out["example"]))
    if args.records:
        out["coverage"] = cov = coverage(args.records, args.steps, args.seed)
        print(f"coverage of the 90 % intervals over {cov['records']} records: parameters "
              f"{cov['coverage_parameters']:.1%} of {cov['intervals']} (a calibrated method "
              f"gives 90 %, {cov['expected_90pct_range_if_calibrated'][0]:.0%}–"
              f"{cov['expected_90pct_range_if_calibrated'][1]:.0%} by chance); noise scales "
              f"{cov['coverage_noise']:.1%}; per parameter {cov['per_parameter']}; "
              f"{cov['converged_records']} of {cov['records']} converged without warnings; "
              f"{cov['wall_seconds']:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
