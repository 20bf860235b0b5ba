"""Write ``records/synthetic_client.csv``: a SYNTHETIC record (no real client), simulated
by cyclesim at known parameters with the calibration's own noise, to show and test
``cyclesim calibrate``. Run from the repository root::

    python records/make_synthetic_client.py            # writes the record
    python records/make_synthetic_client.py --rank     # also prints the Morris ranking

Two years of monthly rows (dates on the 1st): group support only for three months, then
structural 1-on-1 (12 h/day) carried by the whole team. Incidents, absence, team size and
temp share are registered monthly (two temp-share months missing); satisfaction is
surveyed every six months.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from cyclesim.analysis.calibrate import rank_parameters, synthetic_observations
from cyclesim.analysis.record import read_record, write_record
from cyclesim.scenario.files import load_scenario
from cyclesim.version import __version__

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "one_on_one.toml"
OUT = ROOT / "records" / "synthetic_client.csv"
TRUTH = {"max_incident_rate": 11.0, "short_absence_duration": 2.8,
         "reference_strain": 0.34, "incident_strain_weight": 0.5}
NOISE = {"incident_dispersion": 15.0, "absence_precision": 400.0, "team_size_sigma": 0.02,
         "temp_share_precision": 150.0, "satisfaction_sigma": 0.03}
SEED = 13


def template(path: Path) -> list[str]:
    dates = [f"{2024 + m // 12}-{m % 12 + 1:02d}-01" for m in range(24)]
    ones = np.ones(len(dates))
    satisfaction = np.where(np.arange(len(dates)) % 6 == 0, 0.5, np.nan)
    temp = ones * 0.1
    temp[[9, 10]] = np.nan
    write_record(path, dates, {"incident_rate": ones, "sickness_absence_percentage": ones,
                               "team_size": ones * 10, "temp_share": temp,
                               "satisfaction": satisfaction},
                 {"exclusive_hours_per_day": np.where(np.arange(len(dates)) >= 3, 12.0, 0.0),
                  "staff_per_client": ones}, period_column="date")
    return dates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rank", action="store_true")
    args = parser.parse_args()
    base = load_scenario(SCENARIO)
    with tempfile.TemporaryDirectory() as tmp:
        dates = template(Path(tmp) / "template.csv")
        record = read_record(Path(tmp) / "template.csv")
    if args.rank:
        print(rank_parameters(record, base).head(10).to_string())
    observed = synthetic_observations(record, base, TRUTH, NOISE, np.random.default_rng(SEED))
    comment = (f"SYNTHETIC RECORD - not a real client. Simulated by cyclesim {__version__} "
               f"(records/make_synthetic_client.py, seed {SEED})\n"
               f"on scenarios/one_on_one.toml at known parameters: "
               + ", ".join(f"{k} = {v:g}" for k, v in TRUTH.items()) + "\n"
               "with noise of the calibration's likelihood: "
               + ", ".join(f"{k} = {v:g}" for k, v in NOISE.items()) + "\n"
               "Policy: group support only for three months, then 12 h/day of 1-on-1.")
    write_record(OUT, dates, observed, dict(record.policy), comment, period_column="date")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
