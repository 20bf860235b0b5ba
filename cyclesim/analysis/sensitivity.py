"""Sensitivity indices of a finished sweep, as its design allows (SALib ``analyze``).

* ``sobol`` (Saltelli) designs: Sobol first-order and total indices (S1, ST);
* ``morris`` designs: Morris elementary effects (mu*, sigma);
* ``latin`` and ``grid`` designs: RBD-FAST first-order indices (S1), which need no
  special design, only the sample and the outputs.

Outputs analysed: the return week, total cost and peak dependency. Runs that did not return
within the horizon are *censored*: their return week counts as the horizon
(``return_week_censored``), never as 0 and never dropped; the report states the censored
share. Indices week by week (for the series the sweep saved, by default incident rate and
sickness absence) show which parameter drives the honeymoon and which the return.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from cyclesim.analysis.sweep import RUNS, read_manifest, read_series

TARGETS = {
    "return_week_censored": "return week [week], censored at the horizon",
    "total_cost": "total cost [EUR]",
    "peak_dependency": "peak dependency [1]",
}
MAIN_INDEX = {"sobol": "ST", "morris": "mu_star", "rbd_fast": "S1"}
MAX_TIME_POINTS = 60
MAX_RUNS_OVER_TIME = 10_000  # RBD-FAST over time: a fixed random subset of a larger sample


@dataclass
class SensitivityReport:
    """Indices per output, indices over time per series, and what was written."""

    method: str
    indices: dict[str, pd.DataFrame]
    over_time: dict[str, pd.DataFrame]
    censored_share: float
    n_runs: int
    files: list[Path] = field(default_factory=list)
    out: Path | None = None  # where the tables were written (figures go beside them)
    runs: pd.DataFrame | None = None  # the sweep's runs table the indices come from
    manifest: dict = field(default_factory=dict)  # the sweep's manifest

    @property
    def main_index(self) -> str:
        return MAIN_INDEX[self.method]

    def ranking(self, target: str = "return_week_censored") -> list[str]:
        """Parameters by decreasing main index for ``target``."""
        frame = self.indices[target]
        return list(frame[self.main_index].abs().sort_values(ascending=False).index)

    def censoring_note(self) -> str:
        censored = round(self.censored_share * self.n_runs)
        return (f"{censored} of {self.n_runs} runs ({self.censored_share:.3%}) did not return "
                "within the horizon: their return week is censored at the horizon "
                "(return_week_censored), not dropped and not coded 0")

    def text(self) -> str:
        """A plain-text summary for the terminal."""
        lines = [f"sensitivity: {self.method} ({self.main_index}), {self.n_runs} runs",
                 self.censoring_note()]
        for target, frame in self.indices.items():
            lines.append(f"\n{TARGETS[target]}:")
            lines.append(frame.loc[self.ranking(target)].to_string(float_format="{:.3f}".format))
        lines += ["", "wrote:"] + [f"  {path}" for path in self.files]
        return "\n".join(lines)


def method_of(sampler: str) -> str:
    """The analysis a design allows."""
    return {"sobol": "sobol", "morris": "morris"}.get(sampler, "rbd_fast")


def _constant(names: list[str], method: str) -> pd.DataFrame:
    cols = {"sobol": ["S1", "S1_conf", "ST", "ST_conf"], "morris": ["mu", "mu_star",
            "sigma", "mu_star_conf"], "rbd_fast": ["S1", "S1_conf"]}[method]
    return pd.DataFrame(0.0, index=pd.Index(names, name="parameter"), columns=cols)


def indices(method: str, problem: dict, unit: np.ndarray, y: np.ndarray, seed: int = 0,
            resamples: int = 100) -> pd.DataFrame:
    """Indices of output ``y`` (one value per run) for the design; one row per parameter.

    An output that does not vary has all indices 0."""
    from SALib.analyze import morris, rbd_fast, sobol

    y = np.asarray(y, dtype=float)
    if not np.ptp(y) > 1e-12 * max(np.abs(y).max(), 1.0):
        return _constant(problem["names"], method)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "sobol":
            res = sobol.analyze(problem, y, calc_second_order=False,
                                num_resamples=resamples, seed=seed)
            keys = ["S1", "S1_conf", "ST", "ST_conf"]
        elif method == "morris":
            res = morris.analyze(problem, unit, y, num_resamples=resamples, seed=seed,
                                 num_levels=problem.get("levels", 4))
            keys = ["mu", "mu_star", "sigma", "mu_star_conf"]
        else:
            res = rbd_fast.analyze(problem, unit, y, num_resamples=resamples, seed=seed)
            keys = ["S1", "S1_conf"]
    frame = pd.DataFrame({k: np.asarray(res[k], dtype=float) for k in keys},
                         index=pd.Index(problem["names"], name="parameter"))
    return frame


def time_points(weeks: list[float]) -> np.ndarray:
    """Indices of the saved weeks to analyse (every week, thinned to at most 60 points)."""
    stride = max(1, int(np.ceil(len(weeks) / MAX_TIME_POINTS)))
    return np.arange(0, len(weeks), stride)


def over_time(method: str, problem: dict, unit: np.ndarray, series: np.ndarray,
              weeks: list[float], seed: int = 0) -> pd.DataFrame:
    """The main index of every parameter week by week for one series (runs × weeks).

    Sobol and Morris use every run (their designs cannot be thinned); RBD-FAST uses a
    fixed random subset of at most 10 000 runs, plenty for first-order indices."""
    main = MAIN_INDEX[method]
    points = time_points(weeks)
    if method == "rbd_fast" and len(unit) > MAX_RUNS_OVER_TIME:
        keep = np.sort(np.random.default_rng(seed).choice(len(unit), MAX_RUNS_OVER_TIME,
                                                          replace=False))
        unit, series = unit[keep], series[keep]
    rows = [indices(method, problem, unit, series[:, t], seed, resamples=2)[main]
            for t in points]
    frame = pd.DataFrame(rows, index=pd.Index(np.asarray(weeks)[points], name="week"))
    return frame


def _problem(manifest: dict) -> dict:
    names = [p["name"] for p in manifest["parameters"]]
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names),
            "levels": manifest["spec"].get("morris_levels", 4)}


def analyse_sweep(directory: Path, out: Path | None = None) -> SensitivityReport:
    """Indices, indices over time, and their CSV/JSON files, of the sweep in ``directory``
    (figures: :func:`cyclesim.present.sensitivity_plots.analyse_and_draw`)."""
    manifest = read_manifest(directory)
    out = out or directory / "sensitivity"
    out.mkdir(parents=True, exist_ok=True)
    runs = pq.read_table(directory / RUNS).to_pandas()
    unit = np.load(directory / "design.npy")
    method, problem, seed = method_of(manifest["sampler"]), _problem(manifest), manifest["seed"]
    report = SensitivityReport(
        method=method,
        indices={t: indices(method, problem, unit, runs[t].to_numpy(), seed) for t in TARGETS},
        over_time={},
        censored_share=float(runs["censored"].mean()), n_runs=len(runs), out=out, runs=runs,
        manifest=manifest)
    weeks = manifest["series"]["weeks"]
    for name, values in read_series(directory, manifest).items():
        report.over_time[name] = over_time(method, problem, unit, values, weeks, seed)
    _write_tables(report, out, manifest)
    return report


def _write_tables(report: SensitivityReport, out: Path, manifest: dict) -> None:
    for target, frame in report.indices.items():
        path = out / f"indices_{target}.csv"
        frame.to_csv(path)
        report.files.append(path)
    for name, frame in report.over_time.items():
        path = out / f"indices_over_time_{name}.csv"
        frame.to_csv(path)
        report.files.append(path)
    record = {
        "method": report.method, "main_index": report.main_index, "n_runs": report.n_runs,
        "sampler": manifest["sampler"], "seed": manifest["seed"],
        "model_version": manifest["model_version"],
        "censoring": report.censoring_note(), "censored_share": report.censored_share,
        "outputs": {t: {"label": TARGETS[t],
                        "indices": json.loads(f.to_json(orient="index"))}
                    for t, f in report.indices.items()},
        "over_time": {n: {"main_index": report.main_index,
                          "weeks": f.index.tolist(),
                          "indices": {c: f[c].tolist() for c in f.columns}}
                      for n, f in report.over_time.items()},
    }
    path = out / "indices.json"
    path.write_text(json.dumps(record, indent=2))
    report.files.append(path)
