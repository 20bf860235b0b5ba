"""What ``cyclesim optimise`` prints and writes: the cheapest policy meeting the target,
the Pareto front of cost against robustness (table, figure) and each front policy as a
scenario file the officer can run, read and edit."""

from __future__ import annotations

import json
from pathlib import Path

from cyclesim.analysis.optimise import Evaluation, SearchResult
from cyclesim.present.plots import plt
from cyclesim.scenario.files import Scenario


def _levers(e: Evaluation) -> str:
    return ", ".join(f"{k} {v:g}" for k, v in e.levers.items())


def result_text(result: SearchResult) -> str:
    """A few lines: the answer, then the front."""
    lines = [f"{result.n_evaluations} policies evaluated ({result.method})",
             f"target: holds (a honeymoon, not back at start within the horizon) in at least "
             f"{result.target:.0%} of the draws"]
    b = result.best
    if result.meets_target:
        lines.append(f"cheapest policy meeting the target: {_levers(b)}")
        lines.append(f"  holds in {b.robustness:.0%} of {b.n_draws} draws; mean extra cost "
                     f"over no intervention {b.cost:,.0f} EUR over the horizon, whole team "
                     f"(5–95 %: {b.cost_p5:,.0f} to {b.cost_p95:,.0f})")
    else:
        lines.append(f"no policy evaluated meets the target; the most robust holds in "
                     f"{b.robustness:.0%} of the draws: {_levers(b)}")
    lines.append("Pareto front (mean extra cost against share of draws that hold):")
    for i, e in enumerate(result.front):
        lines.append(f"  policy_{i + 1:02d}: holds {e.robustness:>4.0%}, extra cost "
                     f"{e.cost:>12,.0f} EUR, back at start {e.share_returned:.0%}: "
                     f"{_levers(e)}")
    return "\n".join(lines)


def front_figure(result: SearchResult):
    """Every candidate (grey) and the front (blue) in cost and robustness."""
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.scatter([e.cost for e in result.evaluations],
               [e.robustness for e in result.evaluations], s=8, color="#bbbbbb",
               label="policies evaluated")
    ax.plot([e.cost for e in result.front], [e.robustness for e in result.front], "o-",
            color="#4c72b0", label="Pareto front")
    if result.meets_target:
        ax.plot([result.best.cost], [result.best.robustness], "*", ms=16, color="#c44e52",
                label="cheapest meeting the target")
    ax.axhline(result.target, ls="--", lw=0.8, color="#c44e52")
    ax.set_xlabel("mean extra cost over no intervention, over the horizon, whole team [EUR]")
    ax.set_ylabel("share of plausible draws in which the policy holds")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def _toml_value(value) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(float(value))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


def scenario_toml(scenario: Scenario, comment: str = "") -> str:
    """A scenario as a TOML file ``load_scenario`` reads back to the same scenario."""
    data = scenario.model_dump(exclude_none=True)
    lines = [f"# {line}" for line in comment.splitlines()]
    for key in ("title", "description", "title_nl", "description_nl", "start_week",
                "horizon_weeks", "dt", "method", "save_every"):
        if key in data and (data[key] != "" or key in ("title", "description")):
            lines.append(f"{key} = {_toml_value(data[key])}")
    for table in ("intervention", "parameters"):
        if data[table]:
            lines += ["", f"[{table}]"] + [f"{k} = {_toml_value(v)}"
                                          for k, v in data[table].items()]
    lines += ["", "[outcome]"] + [f"{k} = {_toml_value(v)}" for k, v in data["outcome"].items()]
    for s in data["schedules"]:
        lines += ["", "[[schedules]]"] + [f"{k} = {_toml_value(v)}" for k, v in s.items()]
    for e in data["escalation"]:
        lines += ["", "[[escalation]]"] + [f"{k} = {_toml_value(v)}" for k, v in e.items()]
    return "\n".join(lines) + "\n"


def write_optimisation(result: SearchResult, out: str | Path) -> list[Path]:
    """``result.json``, ``front.csv``, ``front.png`` and ``policy_NN.toml`` per front
    policy into ``out``."""
    import pandas as pd

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "result.json", out / "front.csv", out / "front.png"]
    paths[0].write_text(json.dumps(result.record(), indent=2))
    pd.DataFrame([{"policy": f"policy_{i + 1:02d}", **e.levers, "robustness": e.robustness,
                   "mean_extra_cost_eur": e.cost, "extra_cost_p5_eur": e.cost_p5,
                   "extra_cost_p95_eur": e.cost_p95, "share_returned": e.share_returned}
                  for i, e in enumerate(result.front)]).to_csv(paths[1], index=False)
    fig = front_figure(result)
    fig.savefig(paths[2], dpi=110)
    plt.close(fig)
    for i, scenario in result.scenarios.items():
        e = result.front[i]
        path = out / f"{scenario.name}.toml"
        path.write_text(scenario_toml(scenario, (
            f"Written by cyclesim optimise: policy {i + 1} of the Pareto front.\n"
            f"Holds (a honeymoon, not back at start within the horizon) in "
            f"{e.robustness:.0%} of {e.n_draws} plausible draws; mean extra cost over no "
            f"intervention {e.cost:,.0f} EUR over {scenario.horizon_weeks:g} weeks, whole "
            "team.\nRun it: cyclesim run " + path.name)), encoding="utf-8")
        paths.append(path)
    return paths
