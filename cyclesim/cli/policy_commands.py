"""``cyclesim discover | optimise``: where the cycle breaks, and the cheapest policy that
holds."""

from __future__ import annotations

import argparse
import json
import sys

from . import UserError


def cmd_discover(args: argparse.Namespace) -> int:
    from cyclesim.analysis.discover import DiscoveryError, discover, read_sweep_table
    from cyclesim.present.discover_plots import limits_text, write_discovery

    try:
        sweep = read_sweep_table(args.dir)
        result = discover(sweep, args.outcome, args.cases, args.min_density)
    except (DiscoveryError, OSError) as error:
        raise UserError(str(error)) from None
    if args.json:
        print(json.dumps({"sweep": str(args.dir), "scenario": sweep.scenario,
                          **result.record()}, indent=2))
    else:
        print(f"sweep {args.dir} (scenario {sweep.scenario})")
        print(limits_text(result))
    if args.out:
        paths = write_discovery(result, args.out)
        print("wrote " + ", ".join(str(p) for p in paths), file=sys.stderr)
    return 0


def cmd_optimise(args: argparse.Namespace) -> int:
    from cyclesim.analysis.optimise import OptimiseError, load_optimise_spec, optimise
    from cyclesim.present.optimise_report import result_text, write_optimisation

    try:
        spec = load_optimise_spec(args.spec)
        if args.samples is not None:
            if args.samples < 2:
                raise UserError(f"--samples must be at least 2 (got {args.samples})")
            spec = spec.with_samples(args.samples)
        progress = None if args.json else (lambda msg: print(msg, file=sys.stderr, flush=True))
        result = optimise(spec, progress=progress)
    except (OptimiseError, OSError) as error:
        raise UserError(str(error)) from None
    if args.json:
        print(json.dumps(result.record(), indent=2))
    else:
        print(result_text(result))
    if args.out:
        paths = write_optimisation(result, args.out)
        print("wrote " + ", ".join(str(p) for p in paths), file=sys.stderr)
    return 0


def _json_and_out(p: argparse.ArgumentParser, files: str) -> None:
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--out", metavar="DIR", help=f"write {files}")


def register(sub) -> None:
    from cyclesim.analysis.discover import CASES, DEFAULT_MIN_DENSITY

    p = sub.add_parser(
        "discover", help="PRIM boxes and a CART tree over a finished sweep",
        description="Scenario discovery: the parameter ranges under which the cases of "
        "interest (default: the policy holds: a honeymoon and not back at start within the "
        "horizon) are dense. PRIM from the EMA Workbench, CART from scikit-learn.")
    p.add_argument("dir", metavar="SWEEP_DIR", help="a finished sweep (cyclesim sweep --out)")
    p.add_argument("--outcome", default="returned_to_start",
                   help="a yes/no column of the sweep table (default returned_to_start)")
    p.add_argument("--cases", choices=CASES, default="held",
                   help="which runs are cases of interest: held (a honeymoon and OUTCOME "
                   "false; default), false (OUTCOME false), true (OUTCOME true)")
    p.add_argument("--min-density", type=float, default=DEFAULT_MIN_DENSITY,
                   help="the box reported is the widest on the trajectory with at least "
                   f"this density (default {DEFAULT_MIN_DENSITY})")
    _json_and_out(p, "discovery.json, box_limits.csv, peeling_trajectory.csv, "
                  "cart_tree.txt and discovery.png")
    p.set_defaults(handler=cmd_discover)

    p = sub.add_parser(
        "optimise", help="the cheapest policy that holds over the plausible space",
        description="Robust policy search (scipy's differential evolution, common random "
        "numbers): the Pareto front of extra cost against robustness and the cheapest "
        "policy meeting the spec's target, each written out as a scenario file.")
    p.add_argument("spec", metavar="SPEC", help="optimisation spec (TOML; see optimise/)")
    p.add_argument("--samples", type=int, default=None, metavar="N",
                   help="plausible draws per candidate (overrides the spec's samples)")
    _json_and_out(p, "front.csv, result.json, front.png and one scenario file per front "
                  "policy")
    p.set_defaults(handler=cmd_optimise)
