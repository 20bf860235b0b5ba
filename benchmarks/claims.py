"""The behaviour claims of issue 10 measured over the plausible space: the figures the
README's "Behaviour over the plausible space" table reports (the tests in
tests/test_plausible_space.py and tests/test_directions.py hold the thresholds).

    python benchmarks/claims.py               # 1 000 draws, seed 2026, as the tests
    python benchmarks/claims.py --directions  # also the direction table (150 base points)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from cyclesim import load_scenario
from cyclesim.analysis.plausible import (direction_shares, latin_draws, parts_at, run_draws,
                                         share, weeks_until_back)
from cyclesim.outcome import HONEYMOON_CLASSES

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SERIES = ("incident_rate", "sickness_absence_share", "satisfaction",
          "exclusive_staff_hours_delivered")
WHY = ("staff_strain", "client_tension", "team_size", "sickness_absence", "dependency",
       "client_satisfaction", "staff_satisfaction")


def relative_at(result, name: str, weeks: np.ndarray) -> np.ndarray:
    """``name`` at ``weeks`` (one per run; NaN where the week is NaN) relative to its value
    at the intervention's start."""
    tr = result.trajectory
    begin = int(np.searchsorted(tr.times, result.scenario.start_week))
    out = np.full(tr.n_runs, np.nan)
    for r in np.flatnonzero(np.isfinite(weeks)):
        out[r] = np.interp(weeks[r], tr.times, tr[name][:, r]) / tr[name][begin, r]
    return out


def ratios_at(result, weeks: np.ndarray, mask: np.ndarray) -> dict[str, float]:
    """Median over the draws in ``mask`` of each WHY variable at ``weeks`` relative to its
    value at the intervention's start: where the parts fail to come back together, why."""
    at = np.where(mask, weeks, np.nan)
    return {name: float(np.median(relative_at(result, name, at)[mask])) if mask.any()
            else float("nan") for name in WHY}


def print_directions(seed: int, base_points: int = 150) -> None:
    """Each parameter of tests/test_directions.py moved from the lower to the upper quarter
    of its range at ``base_points`` Latin base points: the share of moving draws that move
    the way the story expects, and how many moved."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_directions import DIRECTIONS, LATER

    scenario = load_scenario(SCENARIOS / "one_on_one.toml")
    base = latin_draws(base_points, seed)
    for name, (expected, reason) in sorted(DIRECTIONS.items()):
        later, earlier, moving = direction_shares(scenario, name, base)
        agree = later if expected == LATER else earlier
        print(f"  {name:28s} {'later' if expected == LATER else 'earlier':8s} "
              f"{agree:.2f} ({moving})  {reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--directions", action="store_true",
                        help="also print the README's direction table")
    args = parser.parse_args()
    if args.directions:
        print_directions(args.seed)
    draws = latin_draws(args.draws, args.seed)
    one = run_draws(load_scenario(SCENARIOS / "one_on_one.toml"), draws, SERIES + WHY)
    two = run_draws(load_scenario(SCENARIOS / "two_on_one.toml"), draws, SERIES)
    c = np.asarray(one.table["outcome"])
    print(f"{args.draws} draws, seed {args.seed}, {len(draws)} structural parameters")
    print(f"one_on_one: honeymoon {share(np.isin(c, HONEYMOON_CLASSES)):.1%}"
          f", returned {share(c == 'returned'):.1%}, worse {share(c == 'worse'):.1%}")
    returned = c == "returned"
    parts = parts_at(one, np.where(returned, one.table["return_week"], np.nan))
    for name, part in parts.items():
        print(f"  at the return, {name} still better by > 5 %: {share(part[returned] > 0.05):.1%}")
    back = np.all([p[returned] <= 0.05 for p in parts.values()], axis=0)
    print(f"  every part back at the return: {share(back):.1%} of returning draws")
    weeks = np.asarray(one.table["return_week"], dtype=float)
    for name in ("incident_rate", "sickness_absence_share"):
        mask = returned & (parts[name] > 0.05)
        ratios = ratios_at(one, weeks, mask)
        print(f"  where {name} is still better ({mask.sum()} draws), at the return against "
              "the start (median): " + ", ".join(f"{k} {v:.2f}x" for k, v in ratios.items()))
    for name in ("incident_rate", "sickness_absence_share"):
        lag = weeks_until_back(one, np.where(returned, weeks, np.nan), name, 0.05)
        late = lag[returned & (lag > 0)]
        median, high = np.quantile(late, [0.5, 0.9], method="inverted_cdf")  # inf stays inf
        print(f"  {name} still better: back {median:.1f} weeks after the return "
              f"(median; 90 % within {high:.1f}; never {np.isinf(late).sum()})")
    for name in ("client_satisfaction", "staff_satisfaction"):
        above = relative_at(one, name, np.where(returned, weeks, np.nan))[returned] > 1.0
        print(f"  {name} above its start at the return: {share(above):.1%} "
              "of returning draws")
    both = returned.copy()
    both[returned] = back
    print(f"  where every part is back ({both.sum()} draws): " + ", ".join(
        f"{k} {v:.2f}x" for k, v in ratios_at(one, weeks, both).items()))
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
          f"{share(~np.isin(c2, HONEYMOON_CLASSES)):.1%}")


if __name__ == "__main__":
    main()
