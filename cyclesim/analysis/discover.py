"""Scenario discovery over a finished sweep: where does a policy hold, and where not?

PRIM (the EMA Workbench's :class:`ema_workbench.analysis.prim.Prim`, Friedman & Fisher
1999 as adapted for scenario discovery by Bryant & Lempert 2010) finds a box of parameter
ranges in which the cases of interest are dense; a CART tree (scikit-learn's
``DecisionTreeClassifier``) is fitted beside it as a second opinion.

**Cases of interest.** ``outcome`` names a boolean column of the sweep table
(``returned_to_start`` by default). ``cases`` says which runs count:

* ``held`` (the default): the policy *holds*: a honeymoon and not back at start within
  the horizon (outcome class ``not_within_horizon``). Runs that never had a honeymoon
  (``no_honeymoon``, ``worse``) did not "avoid" the return, so they do not count;
* ``false``: every run whose column is false (with ``returned_to_start``: also the runs
  without a honeymoon);
* ``true``: every run whose column is true.

Runs whose rest state was not found (``rest_failed``) are left out and counted.

**Significant limits.** Peeled to a small mass, a PRIM box restricts many parameters
only by chance. Each limit's quasi-p value (the EMA Workbench's one-sided binomial test)
says whether it matters; the *significant box* keeps the limits with quasi-p at most
0.05 and is measured again on the sweep. It is the answer to read; the full box is kept
beside it.

**Which box.** PRIM peels a trajectory of ever smaller, denser boxes. The box reported is
the one with the largest coverage whose density is at least ``min_density`` (default
0.8); when no box on the trajectory is that dense, the densest one, and the record says
so. Coverage: share of all cases of interest inside the box; density: share of the
runs inside the box that are cases of interest; mass: share of all runs inside the box.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

CASES = ("held", "false", "true")
DEFAULT_MIN_DENSITY = 0.8
MAX_QUASI_P = 0.05


class DiscoveryError(Exception):
    """A sweep or an option discovery cannot use (the message says why)."""


@dataclass(frozen=True)
class SweepTable:
    """The inputs (one column per swept parameter) and outcome table of a sweep."""

    inputs: pd.DataFrame
    table: pd.DataFrame
    ranges: dict[str, tuple[float, float]]
    scenario: str
    n_rest_failed: int = 0


def read_sweep_table(directory: str | Path) -> SweepTable:
    """The finished sweep in ``directory`` (``runs.parquet`` + ``manifest.json``)."""
    import pyarrow.parquet as pq

    from cyclesim.analysis.sweep import RUNS, SweepError, read_manifest

    directory = Path(directory)
    try:
        manifest = read_manifest(directory)
    except SweepError as error:
        raise DiscoveryError(str(error)) from None
    path = directory / RUNS
    if not path.is_file():
        raise DiscoveryError(f"{directory}: the sweep is not finished (no {RUNS}); run "
                             "`cyclesim sweep SPEC --out DIR --resume` first")
    table = pq.read_table(path).to_pandas()
    names = [p["name"] for p in manifest["parameters"]]
    ranges = {p["name"]: (float(p["low"]), float(p["high"])) for p in manifest["parameters"]}
    failed = (table["rest_failed"].to_numpy(bool) if "rest_failed" in table
              else np.zeros(len(table), bool))
    table = table.loc[~failed].reset_index(drop=True)
    return SweepTable(table[names].astype(float), table, ranges,
                      str(manifest.get("scenario", {}).get("name", "")
                          if isinstance(manifest.get("scenario"), dict)
                          else manifest.get("scenario", "")),
                      int(failed.sum()))


def cases_of_interest(table: pd.DataFrame, outcome: str, cases: str = "held") -> np.ndarray:
    """The boolean mask of the cases of interest (module docstring)."""
    if cases not in CASES:
        raise DiscoveryError(f"cases must be one of {', '.join(CASES)} (got {cases!r})")
    if outcome not in table:
        booleans = [c for c in table.columns if table[c].dtype == bool]
        raise DiscoveryError(f"outcome {outcome!r} is not a column of the sweep table; "
                             f"boolean columns: {', '.join(booleans)}")
    if table[outcome].dtype != bool:
        raise DiscoveryError(f"outcome {outcome!r} is not a yes/no column (dtype "
                             f"{table[outcome].dtype}); use e.g. returned_to_start or censored")
    values = table[outcome].to_numpy(bool)
    if cases == "true":
        return values
    if cases == "false":
        return ~values
    if "outcome" not in table:
        raise DiscoveryError("cases 'held' needs the outcome class column 'outcome'")
    return ~values & (table["outcome"].to_numpy() == "not_within_horizon")


@dataclass
class Discovery:
    """PRIM's box and trajectory, and the CART tree, for one outcome of one sweep."""

    outcome: str
    cases: str
    n_runs: int
    n_cases: int
    n_rest_failed: int
    min_density: float
    trajectory: pd.DataFrame  # coverage, density, mass, res_dim per peeling step
    chosen: int  # index of the reported box on the trajectory
    dense_enough: bool
    limits: pd.DataFrame  # restricted parameters: low, high, range low, range high, qp
    cart_leaves: list[dict] = field(default_factory=list)
    cart_text: str = ""
    class_counts: dict[str, int] = field(default_factory=dict)
    significant: pd.DataFrame | None = None  # the limits with quasi-p <= max_quasi_p
    significant_box: dict = field(default_factory=dict)  # its coverage, density, mass

    @property
    def box(self) -> dict:
        row = self.trajectory.iloc[self.chosen]
        return {"coverage": float(row["coverage"]), "density": float(row["density"]),
                "mass": float(row["mass"]), "restricted_dimensions": int(row["res_dim"]),
                "step": int(self.chosen)}

    def record(self) -> dict:
        """JSON-ready."""
        return {
            "outcome": self.outcome, "cases": self.cases, "n_runs": self.n_runs,
            "n_cases_of_interest": self.n_cases, "base_rate": self.n_cases / self.n_runs,
            "n_rest_failed_left_out": self.n_rest_failed, "min_density": self.min_density,
            "box": self.box, "box_meets_min_density": self.dense_enough,
            "limits": [{"parameter": name, **{k: _float(v) for k, v in row.items()}}
                       for name, row in self.limits.iterrows()],
            "peeling_trajectory": [{k: _float(v) for k, v in row.items()}
                                   for _, row in self.trajectory.iterrows()],
            "significant_limits": [
                {"parameter": name, **{k: _float(v) for k, v in row.items()}}
                for name, row in (self.significant if self.significant is not None
                                  else self.limits.iloc[:0]).iterrows()],
            "significant_box": self.significant_box,
            "significance": f"limits with quasi-p <= {MAX_QUASI_P} (Bryant & Lempert 2010's "
                            "one-sided binomial test of each limit, from the EMA Workbench); "
                            "the significant box keeps only those limits and is re-measured",
            "cart_leaves": self.cart_leaves, "outcome_classes": self.class_counts,
            "method": "PRIM: ema_workbench.analysis.prim.Prim (peel_alpha 0.05, "
                      "mass_min 0.05); CART: sklearn.tree.DecisionTreeClassifier",
        }


def _float(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return value
    return value if np.isfinite(value) else None


def _prim_class():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim
    logging.getLogger("EMA").setLevel(logging.WARNING)
    return prim


def prim_box(x: pd.DataFrame, y: np.ndarray, min_density: float = DEFAULT_MIN_DENSITY,
             peel_alpha: float = 0.05, mass_min: float = 0.05
             ) -> tuple[pd.DataFrame, int, bool, pd.DataFrame]:
    """PRIM's peeling trajectory, the chosen step, whether it meets ``min_density``, and
    the limits of the chosen box (restricted parameters only)."""
    prim = _prim_class()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # y is 0/1: a threshold just above 0 counts the 1s as cases of interest and keeps
        # the whole peeling trajectory; the box is chosen on it below (min_density)
        p = prim.Prim(x.reset_index(drop=True), np.asarray(y, dtype=int), threshold=1e-6,
                      peel_alpha=peel_alpha, mass_min=mass_min)
        box = p.find_box()
    traj = box.peeling_trajectory[["coverage", "density", "mass", "res_dim", "n", "k"]]
    traj = traj.reset_index(drop=True).astype(float)
    dense = traj.index[traj["density"] >= min_density - 1e-12]
    if len(dense):
        chosen = int(traj.loc[dense, "coverage"].idxmax())
    else:
        chosen = int(traj["density"].idxmax())
    lims = box.box_lims[chosen]
    rows = []
    for name in x.columns:
        low, high = float(lims[name].iloc[0]), float(lims[name].iloc[1])
        full_low, full_high = float(x[name].min()), float(x[name].max())
        if low > full_low or high < full_high:
            rows.append({"parameter": name, "low": low, "high": high,
                         "sampled_low": full_low, "sampled_high": full_high})
    limits = pd.DataFrame(rows, columns=["parameter", "low", "high", "sampled_low",
                                         "sampled_high"]).set_index("parameter")
    if len(limits):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _, data = box.inspect(chosen, style="data")[0]
        qp = data.iloc[:, 2:].to_numpy(float)
        qp_by_name = {name: np.nanmax(qp[i]) if np.isfinite(qp[i]).any() else np.nan
                      for i, name in enumerate(data.index)}
        limits["quasi_p"] = [qp_by_name.get(n, np.nan) for n in limits.index]
    else:
        limits["quasi_p"] = []
    return traj, chosen, bool(len(dense)), limits


def cart_leaves(x: pd.DataFrame, y: np.ndarray, max_depth: int = 3,
                mass_min: float = 0.05, seed: int = 0) -> tuple[list[dict], str]:
    """A CART tree (scikit-learn) of the cases of interest: each leaf as a box with its
    coverage, density and mass, densest first, and the tree as text."""
    from sklearn.tree import DecisionTreeClassifier, export_text

    y = np.asarray(y, dtype=bool)
    tree = DecisionTreeClassifier(max_depth=max_depth, random_state=seed,
                                  min_samples_leaf=max(1, int(mass_min * len(y))))
    tree.fit(x.to_numpy(float), y)
    t = tree.tree_
    names = list(x.columns)
    leaves = []

    def walk(node: int, bounds: dict[str, list[float]]) -> None:
        if t.children_left[node] == -1:
            inside = np.ones(len(y), bool)
            for name, (low, high) in bounds.items():
                col = x[name].to_numpy(float)
                inside &= (col > low) & (col <= high)
            n_in, k_in = int(inside.sum()), int((inside & y).sum())
            leaves.append({
                "limits": {n: {"low": _float(b[0]) if np.isfinite(b[0]) else None,
                               "high": _float(b[1]) if np.isfinite(b[1]) else None}
                           for n, b in bounds.items()},
                "n": n_in, "k": k_in, "density": k_in / n_in if n_in else 0.0,
                "coverage": k_in / max(1, int(y.sum())), "mass": n_in / len(y)})
            return
        name, cut = names[t.feature[node]], float(t.threshold[node])
        low, high = bounds.get(name, [-np.inf, np.inf])
        walk(t.children_left[node], {**bounds, name: [low, min(high, cut)]})
        walk(t.children_right[node], {**bounds, name: [max(low, cut), high]})

    walk(0, {})
    leaves.sort(key=lambda leaf: (-leaf["density"], -leaf["coverage"]))
    return leaves, export_text(tree, feature_names=names, show_weights=True)


def discover(sweep: SweepTable, outcome: str = "returned_to_start", cases: str = "held",
             min_density: float = DEFAULT_MIN_DENSITY) -> Discovery:
    """PRIM and CART over ``sweep`` for the cases of interest (module docstring)."""
    if not 0.0 < min_density <= 1.0:
        raise DiscoveryError(f"min density must lie in (0, 1] (got {min_density:g})")
    y = cases_of_interest(sweep.table, outcome, cases)
    n, k = len(y), int(y.sum())
    if n < 20:
        raise DiscoveryError(f"the sweep has {n} usable runs; PRIM needs at least 20")
    if k == 0 or k == n:
        which = "none" if k == 0 else "all"
        raise DiscoveryError(f"{which} of the {n} runs are cases of interest ({outcome}, "
                             f"cases {cases!r}): there is nothing to tell apart")
    x = sweep.inputs
    varying = [c for c in x.columns if x[c].nunique() > 1]
    if not varying:
        raise DiscoveryError("no swept parameter varies in this sweep")
    x = x[varying]
    traj, chosen, dense, limits = prim_box(x, y, min_density)
    leaves, text = cart_leaves(x, y)
    counts = (sweep.table["outcome"].value_counts().to_dict()
              if "outcome" in sweep.table else {})
    significant = limits[limits["quasi_p"] <= MAX_QUASI_P]
    return Discovery(outcome, cases, n, k, sweep.n_rest_failed, min_density, traj, chosen,
                     dense, limits, leaves, text, {str(a): int(b) for a, b in counts.items()},
                     significant, box_stats(x, y, significant))


def box_stats(x: pd.DataFrame, y: np.ndarray, limits: pd.DataFrame) -> dict:
    """Coverage, density and mass of the box ``limits`` (low, high per parameter)."""
    inside = np.ones(len(y), bool)
    for name, row in limits.iterrows():
        col = x[name].to_numpy(float)
        inside &= (col >= row["low"]) & (col <= row["high"])
    n_in, k_in = int(inside.sum()), int((inside & y).sum())
    return {"coverage": k_in / max(1, int(y.sum())), "density": k_in / n_in if n_in else 0.0,
            "mass": n_in / len(y), "n": n_in, "k": k_in,
            "restricted_dimensions": int(len(limits))}
