"""Export the model with a scenario's parameters as XMILE 1.0 (Stella, PySD).

Every equation of the listing is traced with :class:`Expr` symbols into XMILE expression
text, so the export is the listing itself: clamps become ``MIN``/``MAX``, choices
``IF … THEN … ELSE``, and each table lookup a helper auxiliary with an embedded
``<gf type="continuous">`` (clamped at its ends, as :class:`~cyclesim.model.primitives.Table`).
Stocks start at the scenario's solved rest state and the ``reference_…`` start values are
numbers. The intervention is explicit: each policy parameter is
``IF TIME >= start THEN value ELSE neutral``, a schedule is a graphical function of TIME,
and escalation stages are IFs on the latched ``escalation_stage`` stock. Integration is
Euler at the scenario's DT, as cyclesim runs it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cyclesim.version import __version__
from cyclesim.engine import get_engine, with_references
from cyclesim.model.params import CONSTANTS, PARAMETERS, POLICY_PARAMETERS, ParameterSet
from cyclesim.scenario.policy import Schedule
from cyclesim.model.primitives import Table
from cyclesim.scenario.runner import scenario_parameters
from cyclesim.scenario.files import Scenario
from cyclesim.model.graph import ENGINE_INPUTS, Structure, structure
from cyclesim.model.trace import Tracer, trace_equation

XMILE_NS = "http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2}
ATOM = 9


class NotExportable(ValueError):
    """A scenario the XMILE export cannot express (the message says why)."""


@dataclass
class _Sink:
    """Helper auxiliaries created while tracing one equation (one per table lookup)."""

    owner: str
    helpers: list[tuple[str, "Expr", Table]] = field(default_factory=list)


@dataclass(frozen=True)
class Expr(Tracer):
    """XMILE expression text with its operator precedence."""

    text: str
    prec: int = ATOM
    sink: _Sink | None = None

    @staticmethod
    def of(value: Any) -> "Expr":
        return value if isinstance(value, Expr) else Expr(number(value))

    def _sink(self, *args: Any) -> _Sink | None:
        return next((a.sink for a in args if isinstance(a, Expr) and a.sink), None)

    def binary(self, op: str, left: Any, right: Any) -> "Expr":
        a, b = Expr.of(left), Expr.of(right)
        prec = _PREC[op]
        lhs = a.text if a.prec >= prec else f"({a.text})"
        rhs = b.text if b.prec > prec or (b.prec == prec and op in "+*") else f"({b.text})"
        return Expr(f"{lhs} {op} {rhs}", prec, self._sink(a, b))

    def unary(self, op: str) -> "Expr":
        return Expr(f"-({self.text})", ATOM, self.sink)

    def trace_call(self, op: str, *args: Any) -> "Expr":
        sink = self._sink(*args)
        if op == "lookup":
            x, table = Expr.of(args[0]), args[1]
            name = f"{sink.owner}_{table.name}"
            if any(h[0] == name for h in sink.helpers):
                name += f"_{len(sink.helpers)}"
            sink.helpers.append((name, x, table))
            return Expr(name, ATOM, sink)
        if op in ("minimum", "maximum"):
            a, b = Expr.of(args[0]), Expr.of(args[1])
            return Expr(f"{op[:3].upper()}({a.text}, {b.text})", ATOM, sink)
        if op == "if_positive":
            c, t, e = (Expr.of(a) for a in args)
            return Expr(f"(IF {c.text} > 0 THEN {t.text} ELSE {e.text})", ATOM, sink)
        raise NotExportable(f"no XMILE form for {op!r}")


def number(value: Any) -> str:
    """A float as XMILE number text (round-trips exactly)."""
    text = repr(float(value))
    if text in ("inf", "-inf", "nan"):
        raise NotExportable(f"value {text} cannot be written to XMILE")
    return text


def _element(parent: ET.Element, tag: str, name: str, eqn: str, unit: str = "",
             doc: str = "") -> ET.Element:
    node = ET.SubElement(parent, tag, name=name)
    ET.SubElement(node, "eqn").text = eqn
    if unit:
        ET.SubElement(node, "units").text = unit
    if doc:
        ET.SubElement(node, "doc").text = doc
    return node


def _gf(node: ET.Element, xs: tuple[float, ...], ys: tuple[float, ...]) -> None:
    gf = ET.SubElement(node, "gf", type="continuous")
    ET.SubElement(gf, "yscale", min=number(min(ys)), max=number(max(ys)))
    ET.SubElement(gf, "xpts").text = ",".join(number(x) for x in xs)
    ET.SubElement(gf, "ypts").text = ",".join(number(y) for y in ys)


def _schedule_points(schedule: Schedule, dt: float) -> tuple[tuple[float, ...], tuple]:
    """A schedule's points with strictly increasing times: a step at ``t`` starts half a
    step earlier (Euler only samples multiples of DT, so the step lands where cyclesim's
    right-continuous schedule has it)."""
    times, values = list(schedule.times), list(schedule.values)
    if len(times) == 1:
        times, values = [times[0], times[0] + 1.0], [values[0], values[0]]
    for i in range(len(times) - 2, -1, -1):
        if times[i] >= times[i + 1]:
            times[i] = times[i + 1] - 0.5 * dt / (len(times) - i)
    return tuple(times), tuple(values)


def _policy_elements(variables: ET.Element, scenario: Scenario, params: ParameterSet
                     ) -> None:
    """One auxiliary per policy parameter: neutral before the start week, then the run's
    value, a schedule (a graphical function of TIME) and escalation stages."""
    plan = scenario.plan()
    schedules = {s.parameter: s for s in plan.schedules}
    for name in POLICY_PARAMETERS:
        p = PARAMETERS[name]
        value = number(params[name][0])
        if name in schedules:
            helper = f"{name}_schedule"
            node = _element(variables, "aux", helper, "TIME", p.unit,
                            f"schedule of {name} over the weeks of the run")
            _gf(node, *_schedule_points(schedules[name], scenario.dt))
            value = helper
        for k, overrides in enumerate(plan.stages, start=1):
            if name in overrides:
                value = (f"(IF escalation_stage >= {number(k - 0.5)} THEN "
                         f"{number(overrides[name])} ELSE {value})")
        eqn = (f"IF TIME >= {number(plan.start_week)} THEN {value} "
               f"ELSE {number(p.default)}")
        _element(variables, "aux", name, eqn, p.unit, p.doc)


def _constant_elements(variables: ET.Element, model: Structure, params: ParameterSet
                       ) -> None:
    used = {i for eq in model.equations for i in eq.inputs}
    for name in sorted(used):
        if name in POLICY_PARAMETERS or name in ENGINE_INPUTS or name in model.variable_names:
            continue
        doc = PARAMETERS[name].doc if name in PARAMETERS else ""
        if name in CONSTANTS:
            doc = "calendar constant"
        if name.startswith("reference_"):
            doc = f"start (rest-state) value of {name.removeprefix('reference_')}"
        _element(variables, "aux", name, number(params[name][0]), model.unit(name), doc)


def equation_text(model: Structure, name: str, dt: float
                  ) -> tuple[str, list[tuple[str, Expr, Table]]]:
    """The XMILE expression of one equation and the lookup helpers it needs.

    The step ``dt`` is written as its number: PySD 3.14 reads no ``DT`` built-in."""
    eq = model.element(name)
    sink = _Sink(name)
    engine = {"time": "TIME", "dt": number(dt)}
    result = trace_equation(eq.func, eq.inputs,
                            lambda i: Expr(engine.get(i, i), ATOM, sink))
    return Expr.of(result).text, sink.helpers


def xmile_tree(scenario: Scenario, model: Structure | None = None) -> ET.ElementTree:
    """The XMILE document of the model with ``scenario``'s parameters and rest state."""
    model = model or structure()
    params = scenario_parameters(scenario)
    rest = get_engine().rest_state(params, model)
    params = with_references(params, rest)
    root = ET.Element("xmile", version="1.0", xmlns=XMILE_NS)
    header = ET.SubElement(root, "header")
    ET.SubElement(header, "vendor").text = "cyclesim"
    ET.SubElement(header, "product", version=__version__).text = "cyclesim"
    ET.SubElement(header, "name").text = scenario.name or "cyclesim"
    specs = ET.SubElement(root, "sim_specs", method="Euler", time_units="week")
    ET.SubElement(specs, "start").text = "0"
    ET.SubElement(specs, "stop").text = number(scenario.horizon_weeks)
    ET.SubElement(specs, "dt").text = number(scenario.dt)
    variables = ET.SubElement(ET.SubElement(root, "model"), "variables")
    for i, stock in enumerate(model.stocks):
        node = _element(variables, "stock", stock.name, number(rest.stocks[i, 0]),
                        stock.unit, stock.doc)
        for f in stock.inflows:
            ET.SubElement(node, "inflow").text = f
        for f in stock.outflows:
            ET.SubElement(node, "outflow").text = f
    for eq in model.equations:
        text, helpers = equation_text(model, eq.name, scenario.dt)
        for helper, x, table in helpers:
            node = _element(variables, "aux", helper, x.text, "1", table.doc)
            _gf(node, table.x, table.y)
        _element(variables, eq.kind, eq.name, text, eq.unit, eq.doc)
    _constant_elements(variables, model, params)
    _policy_elements(variables, scenario, params)
    ET.indent(root)
    return ET.ElementTree(root)


def export_xmile(scenario: Scenario, path: str | Path, model: Structure | None = None
                 ) -> Path:
    """Write ``scenario``'s model as an XMILE 1.0 file at ``path``."""
    if scenario.method != "euler":
        raise NotExportable(f"scenario {scenario.name!r} integrates with {scenario.method}; "
                            "the export states Euler, so the runs would differ")
    path = Path(path)
    xmile_tree(scenario, model).write(path, encoding="utf-8", xml_declaration=True)
    return path


def stock_values(tree: ET.ElementTree) -> dict[str, float]:
    """Initial values of the stocks in an exported document (for checks)."""
    return {node.get("name"): float(node.findtext("eqn"))
            for node in tree.getroot().iter("stock")}


__all__ = ["NotExportable", "export_xmile", "xmile_tree", "equation_text", "stock_values"]
