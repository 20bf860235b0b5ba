"""Loop dominance over time with the Loops That Matter method.

Schoenberg, Davidsen and Eberlein (2020), "Understanding model behavior using the Loops
that Matter method", *System Dynamics Review* 36(2); Hines' and Eberlein's link scores.
Between two saved times:

* the score of a link ``x → z`` (``z`` an equation) is ``|Δₓz / Δz| · sign(Δₓz / Δx)``,
  where ``Δₓz`` is the change ``z`` would have made had only ``x`` changed;
* the score of a flow's link into its stock is ``± |Δflow / Δnet flow|``;
* a loop's score is the product of its link scores, and its relative score is that over
  the sum of the absolute scores of all loops: in [−1, 1], positive for a reinforcing
  loop that drives the behaviour, negative for a balancing one.

Where nothing changes (a rest state) every ``Δz`` is 0 and the relative scores are 0/0:
they are left undefined (NaN), not reported. Loops are grouped into MODEL.md's six
families; a family's score is the sum of its loops' relative scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cyclesim.structure.frames import Frames
from cyclesim.model.loop_families import FAMILIES
from cyclesim.structure.loops import Loop
from cyclesim.model.graph import Structure, structure

OTHER = "other"
REST_CHANGE = 1e-10  # relative change per step taken for rounding, not behaviour
KEY_VARIABLES = ("incident_rate", "proximity", "dependency", "team_size", "staff_strain",
                 "stigma")


def link_scores(model: Structure, frames: Frames, links: list[tuple[str, str]]
                ) -> np.ndarray:
    """Score of each link between consecutive frames, shape (links, times − 1)."""
    out = np.zeros((len(links), len(frames["time"]) - 1))
    for k, (source, target) in enumerate(links):
        element = model.element(target)
        if element.kind == "stock":
            out[k] = _flow_score(element, source, frames)
            continue
        before = {name: values[:-1] for name, values in frames.items()}
        args = [frames[i][1:] if i == source else before[i] for i in element.inputs]
        partial = np.asarray(element.func(*args), dtype=float) - frames[target][:-1]
        total = _change(frames[target])
        dx = _change(frames[source])
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.abs(partial / total) * np.sign(partial / dx)
        out[k] = np.where((total != 0) & (dx != 0) & np.isfinite(score), score, 0.0)
    return out


def _flow_score(stock, flow: str, frames: Frames) -> np.ndarray:
    net = sum(frames[f] for f in stock.inflows) - sum(frames[f] for f in stock.outflows)
    gross = sum(np.abs(frames[f]) for f in stock.inflows + stock.outflows)
    change, net_change = np.diff(frames[flow]), _change(net, gross)
    sign = 1.0 if flow in stock.inflows else -1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        score = sign * np.abs(change / net_change)
    return np.where((net_change != 0) & np.isfinite(score), score, 0.0)


def _change(values: np.ndarray, scale: np.ndarray | None = None) -> np.ndarray:
    """Change between consecutive frames; changes at rounding level (a rest state) are 0.

    Rounding is judged against ``scale`` where given (a net flow near 0 at rest is judged
    against the gross flows it nets), else against the values themselves."""
    change = np.diff(values)
    scale = values if scale is None else scale
    size = np.maximum(np.abs(scale[1:]), np.abs(scale[:-1]))
    return np.where(np.abs(change) > REST_CHANGE * size, change, 0.0)


@dataclass
class Dominance:
    """Relative loop scores over time (NaN where undefined) and their family sums."""

    times: np.ndarray  # end of each interval [week]
    loops: list[Loop]
    scores: np.ndarray  # relative loop scores, shape (loops, times)
    raw: np.ndarray  # loop scores (signed), shape (loops, times)

    def family_scores(self, variable: str | None = None) -> pd.DataFrame:
        """Sum of relative scores per family (and ``other``) over time; with ``variable``,
        among the loops through it only (normalised among them)."""
        chosen = [i for i, loop in enumerate(self.loops)
                  if variable is None or variable in loop.variables]
        scores = _relative(self.raw[chosen]) if variable else self.scores
        keys = np.array([self.loops[i].family or OTHER for i in chosen])
        filled = np.nan_to_num(scores)
        columns = {key: filled[keys == key].sum(axis=0)
                   for key in [f.key for f in FAMILIES] + [OTHER]}
        frame = pd.DataFrame(columns, index=pd.Index(self.times, name="time"))
        frame[np.isnan(scores).all(axis=0)] = np.nan
        return frame


def _relative(raw: np.ndarray) -> np.ndarray:
    total = np.sum(np.abs(raw), axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, raw / total, np.nan)


def loop_dominance(frames: Frames, loops: list[Loop], model: Structure | None = None
                   ) -> Dominance:
    """Relative scores of ``loops`` between consecutive frames (every DT is best).

    Loops through the escalation's latched bookkeeping stocks (stage, start values, best
    improvement so far) are left out: they record the run, they are not the cycle."""
    model = model or structure()
    latched = {s.name for s in model.stocks if s.latched}
    loops = [loop for loop in loops if not latched & set(loop.variables)]
    links = sorted({link for loop in loops for link in loop.links})
    index = {link: k for k, link in enumerate(links)}
    scores = link_scores(model, frames, links)
    raw = np.empty((len(loops), scores.shape[1]))
    for i, loop in enumerate(loops):
        raw[i] = np.prod(scores[[index[link] for link in loop.links]], axis=0)
    return Dominance(frames["time"][1:], loops, _relative(raw), raw)


def phases(families: pd.DataFrame, min_weeks: float = 4.0) -> pd.DataFrame:
    """Periods in which one family dominates (the largest |score|), with the mean scores.

    Periods shorter than ``min_weeks`` join the period before; undefined times (rest)
    form their own ``at rest`` period."""
    defined = families.notna().any(axis=1)
    dominant = families.abs().fillna(-1.0).idxmax(axis=1).where(defined, "at rest")
    times = families.index.to_numpy()
    rows: list[dict] = []
    start = 0
    for i in range(1, len(times) + 1):
        if i < len(times) and dominant.iloc[i] == dominant.iloc[start]:
            continue
        rows.append({"start": times[start], "end": times[i - 1], "dominant": dominant.iloc[start],
                     "first": start, "last": i - 1})
        start = i
    merged: list[dict] = []
    for row in rows:
        short = row["end"] - row["start"] < min_weeks and row["dominant"] != "at rest"
        after_rest = merged and merged[-1]["dominant"] == "at rest"
        if merged and not after_rest and (short or merged[-1]["dominant"] == row["dominant"]):
            merged[-1].update(end=row["end"], last=row["last"])
        else:
            merged.append(dict(row))
    out = []
    for row in merged:
        block = families.iloc[row["first"]:row["last"] + 1]
        means = block.mean()
        leader = means.abs().idxmax() if block.notna().any().any() else "at rest"
        out.append({"start": row["start"], "end": row["end"], "dominant": leader,
                    **{k: float(v) for k, v in means.items()}})
    return pd.DataFrame(out)
