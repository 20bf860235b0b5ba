"""The behaviour claims of issue 10 measured over the plausible space: the figures the
README's "Behaviour over the plausible space" table reports (the tests in
tests/test_plausible_space.py and tests/test_directions.py hold the thresholds).

    python benchmarks/claims.py            # 1 000 draws, seed 2026, as the tests
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from cyclesim import load_scenario
from cyclesim.analysis.plausible import latin_draws, parts_at, run_draws, share

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SERIES = ("incident_rate", "sickness_absence_share", "satisfaction",
          "exclusive_staff_hours_delivered")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    draws = latin_draws(args.draws, args.seed)
    runs = {name: run_draws(load_scenario(SCENARIOS / f"{name}.toml"), draws, SERIES)
            for name in ("one_on_one", "two_on_one")}
    one, two = runs["one_on_one"], runs["two_on_one"]
    c = np.asarray(one.table["outcome"])
    print(f"{args.draws} draws, seed {args.seed}, {len(draws)} structural parameters")
    print(f"one_on_one: honeymoon {share(np.isin(c, ('returned', 'not_within_horizon'))):.1%}"
          f", returned {share(c == 'returned'):.1%}, worse {share(c == 'worse'):.1%}")
    returned = c == "returned"
    parts = parts_at(one, np.where(returned, one.table["return_week"], np.nan))
    for name, part in parts.items():
        print(f"  at the return, {name} still better by > 5 %: {share(part[returned] > 0.05):.1%}")
    back = np.all([p[returned] <= 0.05 for p in parts.values()], axis=0)
    print(f"  every part back at the return: {share(back):.1%} of returning draws")
    deeper = np.asarray(two.table["honeymoon_depth"]) > np.asarray(one.table["honeymoon_depth"]) + 1e-9
    print(f"two_on_one: no deeper honeymoon {share(~deeper):.1%}")
    window = lambda r: r.trajectory["exclusive_staff_hours_delivered"][
        (r.trajectory.times >= 8) & (r.trajectory.times < 34)].mean(axis=0)
    ratio = window(two) / window(one)
    print(f"  exclusive staffing 1.5-2.5x over the first half year: "
          f"{share((ratio > 1.5) & (ratio < 2.5)):.1%} (median {np.median(ratio):.2f}x)")
    later = (np.asarray(two.table["return_week_censored"])
             > np.asarray(one.table["return_week_censored"]) + 1.0)
    c2 = np.asarray(two.table["outcome"])
    print(f"  no later return {share(~later):.1%}; 2-on-1 without honeymoon "
          f"{share(~np.isin(c2, ('returned', 'not_within_horizon'))):.1%}")


if __name__ == "__main__":
    main()
