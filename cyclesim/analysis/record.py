"""A client's record: what was observed per period and which policy was in force.

A record is a CSV file with a header row and one row per period (a week or a month):

* the period: a ``week`` column (week numbers, increasing) or a ``date`` column (ISO
  dates ``YYYY-MM-DD``, increasing); the run's week 0 is the first row, and a period
  lasts until the next row (the last one as long as the one before it);
* observed indicators, any subset, empty cells for missing values:
  ``incident_rate`` (incidents registered in the period / its length [incident/week]),
  ``sickness_absence_percentage`` (% of the permanent team), ``team_size`` (permanent
  FTE), ``temp_share`` (agency share of all staff, 0-1) and ``satisfaction`` (a survey
  score rescaled to 0-1);
* the policy in force, any subset: ``exclusive_hours_per_day``, ``staff_per_client``,
  ``core_team_size``; an empty cell keeps the row before's value (neutral before the
  first value).

Lines starting with ``#`` are comments. A bad record raises :class:`RecordError`
(a :class:`~cyclesim.scenario.files.ScenarioError`: exit status 2 from the CLI) naming the
file, row, column and what is allowed.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cyclesim.model.params import PARAMETERS
from cyclesim.scenario.files import Scenario, ScenarioError, parse_scenario, shown

# observed indicator: (lowest, highest, unit, what it is)
INDICATORS = {
    "incident_rate": (0.0, 1000.0, "incident/week", "incidents in the period per week"),
    "sickness_absence_percentage": (0.0, 100.0, "%", "sickness absence of the permanent team"),
    "team_size": (0.01, 1000.0, "FTE", "permanent team size"),
    "temp_share": (0.0, 1.0, "1", "agency share of all staff"),
    "satisfaction": (0.0, 1.0, "1", "satisfaction score rescaled to 0-1"),
}
POLICY_COLUMNS = ("exclusive_hours_per_day", "staff_per_client", "core_team_size")
PERIOD_COLUMNS = ("week", "date")
ALLOWED = PERIOD_COLUMNS + tuple(INDICATORS) + POLICY_COLUMNS
MAX_ROWS = 5_000
MAX_WEEKS = 1040.0  # the longest horizon a scenario allows


class RecordError(ScenarioError):
    """A record that cannot be used; the message names file, row, column and what is allowed."""


@dataclass(frozen=True)
class Record:
    """A parsed record: period start [week from the first row] and length, observations
    (NaN = missing) and the policy in force per period."""

    source: str
    weeks: np.ndarray  # start of each period, run weeks (the first is 0)
    lengths: np.ndarray  # length of each period [week]
    labels: tuple[str, ...]  # the week number or date as written
    observed: dict[str, np.ndarray]  # indicator -> values per period (NaN missing)
    policy: dict[str, np.ndarray]  # lever -> value in force per period (filled forward)

    @property
    def horizon(self) -> float:
        return float(self.weeks[-1] + self.lengths[-1])

    @property
    def n_periods(self) -> int:
        return int(self.weeks.size)

    def n_observations(self) -> int:
        return int(sum(np.isfinite(v).sum() for v in self.observed.values()))

    def schedules(self) -> list[dict]:
        """The record's policy as piecewise schedules (steps at the period starts), in the
        form of a scenario file's ``[[schedules]]``."""
        out = []
        for name, values in self.policy.items():
            points: list[tuple[float, float]] = []
            for i, value in enumerate(values):
                end = float(self.weeks[i] + self.lengths[i])
                points += [(float(self.weeks[i]), float(value)), (end, float(value))]
            out.append({"parameter": name, "points": points})
        return out

    def scenario(self, base: Scenario) -> Scenario:
        """The run the record describes, on ``base``'s structural parameters and settings:
        from rest at week 0 to the end of the last period, with the record's policy per
        period. Levers the record leaves out take ``base``'s [intervention] value from its
        start week (neutral before); ``base``'s schedules and escalation are not used (the
        record says what was done)."""
        data = base.model_dump(mode="json")
        data.pop("name", None)
        schedules = self.schedules()
        for name, value in base.intervention.items():
            if name not in self.policy:
                neutral = PARAMETERS[name].default
                schedules.append({"parameter": name, "points": [
                    (0.0, neutral), (base.start_week, neutral), (base.start_week, value)]})
        data.update(start_week=0.0, horizon_weeks=max(self.horizon, base.save_every),
                    intervention={}, schedules=schedules, escalation=[])
        data["title"] = f"{base.title or base.name} on the record {Path(self.source).name}"
        return parse_scenario(data, f"{base.name}_record", self.source)

    def period_matrix(self, times: np.ndarray) -> np.ndarray:
        """(periods × saved times): the mean over each period's saved points (the nearest
        saved point when a period holds none)."""
        times = np.asarray(times, dtype=float)
        matrix = np.zeros((self.n_periods, times.size))
        for i, (start, length) in enumerate(zip(self.weeks, self.lengths)):
            inside = (times >= start - 1e-9) & (times < start + length - 1e-9)
            if inside.any():
                matrix[i, inside] = 1.0 / inside.sum()
            else:
                matrix[i, int(np.argmin(np.abs(times - start)))] = 1.0
        return matrix


def _where(source: str, row: int | None = None, line: int | None = None,
           column: str | None = None) -> str:
    text = source
    if row is not None:
        text += f", row {row} (line {line})"
    if column is not None:
        text += f", column {column}"
    return text


def _number(text: str, where: str, allowed: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise RecordError(f"{where}: {shown(text)} is not a number; allowed: {allowed}, "
                          "or an empty cell for a missing value") from None
    if not math.isfinite(value):
        raise RecordError(f"{where}: {shown(text)} is not a finite number; allowed: {allowed}")
    return value


def _rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as problem:
        raise RecordError(f"{path}: cannot read the record ({problem})") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise RecordError(f"{path}: the record is empty; a header row and one row per "
                          f"period are expected (columns: {', '.join(ALLOWED)})")
    try:
        parsed = list(csv.reader(io.StringIO("\n".join(line for _, line in lines))))
    except csv.Error as problem:
        raise RecordError(f"{path}: not a readable CSV file ({problem})") from None
    header = [h.strip() for h in parsed[0]]
    return header, [(n, row) for (n, _), row in zip(lines[1:], parsed[1:])]


def _check_header(path: Path, header: list[str]) -> None:
    for name in header:
        if name not in ALLOWED:
            raise RecordError(f"{_where(str(path), column=shown(name))}: unknown column; "
                              f"allowed: {', '.join(ALLOWED)}")
    if len(set(header)) < len(header):
        twice = sorted({h for h in header if header.count(h) > 1})
        raise RecordError(f"{path}, column {twice[0]}: given twice; each column once")
    periods = [h for h in header if h in PERIOD_COLUMNS]
    if len(periods) != 1:
        raise RecordError(f"{path}: exactly one period column is needed, 'week' (week "
                          f"numbers) or 'date' (YYYY-MM-DD); got {periods or 'none'}")
    if not any(h in INDICATORS for h in header):
        raise RecordError(f"{path}: no observed indicator; give at least one column of "
                          f"{', '.join(INDICATORS)}")


def _period(text: str, kind: str, where: str) -> float:
    if kind == "week":
        return _number(text, where, "a week number")
    try:
        return _dt.date.fromisoformat(text).toordinal() / 7.0
    except ValueError:
        raise RecordError(f"{where}: {shown(text)} is not a date; allowed: YYYY-MM-DD") from None


def read_record(path: str | Path) -> Record:
    """Read and check a record file; raises :class:`RecordError` naming what is wrong."""
    path = Path(path)
    header, rows = _rows(path)
    _check_header(path, header)
    if len(rows) < 2:
        raise RecordError(f"{path}: {len(rows)} period row(s); at least 2 are needed")
    if len(rows) > MAX_ROWS:
        raise RecordError(f"{path}: {len(rows):,} rows; at most {MAX_ROWS:,} periods")
    kind = next(h for h in header if h in PERIOD_COLUMNS)
    starts, labels = [], []
    observed = {h: np.full(len(rows), np.nan) for h in header if h in INDICATORS}
    policy = {h: np.full(len(rows), np.nan) for h in header if h in POLICY_COLUMNS}
    for i, (line, cells) in enumerate(rows, start=1):
        if len(cells) != len(header):
            raise RecordError(f"{_where(str(path), i, line)}: {len(cells)} cells, the header "
                              f"has {len(header)} columns")
        for name, raw in zip(header, cells):
            text = raw.strip()
            where = _where(str(path), i, line, name)
            if name == kind:
                if not text:
                    raise RecordError(f"{where}: empty; every row needs its {kind}")
                starts.append(_period(text, kind, where))
                labels.append(text)
                if len(starts) > 1 and starts[-1] <= starts[-2]:
                    raise RecordError(f"{where}: {shown(text)} does not come after the row "
                                      f"before; periods must increase")
            elif text:
                if name in INDICATORS:
                    low, high, unit, _ = INDICATORS[name]
                    allowed = f"a number from {low:g} to {high:g} [{unit}]"
                else:
                    p = PARAMETERS[name]
                    low, high, allowed = p.lower, p.upper, \
                        f"a number from {p.lower:g} to {p.upper:g} [{p.unit}]"
                value = _number(text, where, allowed)
                if not low <= value <= high:
                    raise RecordError(f"{where}: {shown(value)} is out of range; allowed: "
                                      f"{allowed}")
                (observed if name in INDICATORS else policy)[name][i - 1] = value
    weeks = np.asarray(starts) - starts[0]
    lengths = np.append(np.diff(weeks), weeks[-1] - weeks[-2])
    if weeks[-1] + lengths[-1] > MAX_WEEKS:
        raise RecordError(f"{path}: the record spans {weeks[-1] + lengths[-1]:,.0f} weeks; "
                          f"at most {MAX_WEEKS:g}")
    for name, values in policy.items():
        filled = values.copy()
        filled[0] = PARAMETERS[name].default if np.isnan(filled[0]) else filled[0]
        for j in range(1, filled.size):
            filled[j] = filled[j - 1] if np.isnan(filled[j]) else filled[j]
        policy[name] = filled
    if not any(np.isfinite(v).any() for v in observed.values()):
        raise RecordError(f"{path}: every observed cell is empty; nothing to calibrate to")
    return Record(str(path), weeks, lengths, tuple(labels), observed, policy)


def write_record(path: str | Path, periods, observed: dict[str, np.ndarray],
                 policy: dict[str, np.ndarray], comment: str = "",
                 period_column: str = "week") -> Path:
    """Write a record file (synthetic records); ``periods`` are week numbers or, with
    ``period_column="date"``, ISO dates. NaN becomes an empty cell."""
    path = Path(path)
    columns = [period_column] + list(observed) + list(policy)
    lines = [f"# {line}" for line in comment.splitlines()] + [",".join(columns)]
    for i, period in enumerate(periods):
        cells = [period if isinstance(period, str) else f"{float(period):g}"]
        for values in list(observed.values()) + list(policy.values()):
            v = float(values[i])
            cells.append("" if not math.isfinite(v) else f"{v:.6g}")
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n")
    return path
