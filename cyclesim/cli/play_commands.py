"""``cyclesim play``: the team decides, in the terminal (the page's "play" tab, for a
trainer without a browser). The game itself is :mod:`cyclesim.analysis.play`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import UserError

WORDS = {
    "nl": {"turn": "Beurt {k}/{n} (weken {a}–{b})",
           "ask": "uren per dag, personeel per cliënt (1/2), kernteam [fte], schakelaars "
                  "eigen regie/netwerk/één plan/tandem (bv. 12 1 0 0000) [{d}]; "
                  "Enter: hetzelfde, q: stoppen > ",
           "chose": "gekozen: {c}", "what": "wat veranderde", "before": "begin", "after": "eind",
           "cost": "kosten dit kwartaal", "saved": "beslissingen bewaard in {p} (verder met --load)",
           "debrief": "Nabespreking na {n} beurten", "path": "pad", "team": "jullie pad",
           "story": "het verhaal (escalatie)", "best": "beste pad (zoektocht)",
           "outcome": "uitkomst", "return": "terug bij af", "total": "kosten",
           "extra": "extra kosten", "score": "score", "never": "niet binnen 3 jaar",
           "parted": "Jullie pad en het beste pad gingen uiteen in beurt {k}.",
           "same": "Jullie pad is het beste pad dat de zoektocht vond.",
           "searching": "het beste pad zoeken over dezelfde keuzes (enkele seconden)…",
           "stopped": "gestopt na {k} beurten", "bad": "niet begrepen: {e}",
           "classes": {"returned": "terug bij af", "not_within_horizon": "niet terug bij af",
                       "no_honeymoon": "geen wittebroodsweken", "worse": "slechter dan bij de start"}},
    "en": {"turn": "Turn {k}/{n} (weeks {a}–{b})",
           "ask": "hours per day, staff per client (1/2), core team [FTE], switches "
                  "self-direction/network/one plan/tandem (e.g. 12 1 0 0000) [{d}]; "
                  "Enter: same, q: stop > ",
           "chose": "chosen: {c}", "what": "what changed", "before": "start", "after": "end",
           "cost": "cost this quarter", "saved": "decisions saved in {p} (continue with --load)",
           "debrief": "Debrief after {n} turns", "path": "path", "team": "your path",
           "story": "the story (escalation)", "best": "best path (search)",
           "outcome": "outcome", "return": "back at start", "total": "cost",
           "extra": "extra cost", "score": "score", "never": "not within 3 years",
           "parted": "Your path and the best path parted in turn {k}.",
           "same": "Your path is the best path the search found.",
           "searching": "searching the best path over the same choices (a few seconds)…",
           "stopped": "stopped after {k} turns", "bad": "not understood: {e}",
           "classes": {"returned": "back at start", "not_within_horizon": "not back at start",
                       "no_honeymoon": "no honeymoon", "worse": "worse than at start"}},
}


def register(sub) -> None:
    p = sub.add_parser("play", help="play mode: the team sets the levers each quarter for "
                       "three years, then a debrief")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language (default nl)")
    p.add_argument("--load", metavar="FILE", help="continue (or replay) saved decisions")
    p.add_argument("--save", metavar="FILE", help="save the decisions after every turn "
                   "(default: the --load file, else play.json)")
    p.add_argument("--decisions", metavar="CODES", help="decisions to play first, joined "
                   "with _ (e.g. 12-1-0-0000_12-2-0-0000)")
    p.add_argument("--json", action="store_true", help="print the turns and the debrief as "
                   "JSON at the end")
    p.set_defaults(handler=play_command)


def _parse_line(line: str, previous):
    from cyclesim.analysis.play import Choice

    line = line.strip()
    if not line:
        return previous
    if "-" in line and " " not in line:
        return Choice.from_code(line)
    parts = line.replace(",", ".").split()
    hours = float(parts[0])
    staff = int(parts[1]) if len(parts) > 1 else previous.staff
    core = float(parts[2]) if len(parts) > 2 else previous.core
    flags = parts[3] if len(parts) > 3 else "".join(
        "1" if v else "0" for v in (previous.self_direction, previous.network,
                                    previous.one_plan, previous.tandem))
    return Choice.from_code(f"{hours:g}-{staff}-{core:g}-{flags}")


def play_command(args: argparse.Namespace) -> int:
    from cyclesim.analysis import play

    w = WORDS[args.lang]
    path: list = []
    try:
        if args.load:
            if not Path(args.load).is_file():
                raise UserError(f"{args.load}: no such file")
            try:
                path = list(play.parse_path(json.loads(Path(args.load).read_text())["decisions"]))
            except (ValueError, KeyError, TypeError) as error:
                raise UserError(f"{args.load}: not a saved game ({error})") from None
        if args.decisions:
            path += list(play.parse_path(args.decisions))
        if len(path) > play.TURNS:
            raise play.PlayError(f"the game has {play.TURNS} turns, not {len(path)}")
    except play.PlayError as error:
        raise UserError(str(error)) from None
    save = Path(args.save or args.load or "play.json")
    game = play.Game()
    reports = []
    for k in range(1, len(path) + 1):  # replayed turns
        reports.append(_show(game, tuple(path[:k]), args.lang, w))
    while len(path) < play.TURNS:
        previous = path[-1] if path else play.Choice()
        k = len(path) + 1
        print(w["turn"].format(k=k, n=play.TURNS, a=play.TURN_WEEKS * (k - 1),
                               b=play.TURN_WEEKS * k))
        print(w["ask"].format(d=previous.code()), end="", flush=True)
        line = sys.stdin.readline()
        if not line or line.strip().lower() in ("q", "quit", "stop"):
            print(w["stopped"].format(k=len(path)))
            break
        try:
            choice = _parse_line(line, previous)
        except (ValueError, IndexError) as error:
            print(w["bad"].format(e=error))
            continue
        path.append(choice)
        reports.append(_show(game, tuple(path), args.lang, w))
        save.write_text(json.dumps({"decisions": [c.code() for c in path]}, indent=1) + "\n")
        print(w["saved"].format(p=save))
    if args.decisions or args.load:
        save.write_text(json.dumps({"decisions": [c.code() for c in path]}, indent=1) + "\n")
    if len(path) == play.TURNS:
        print("\n" + w["searching"], file=sys.stderr, flush=True)
        result = play.debrief(game, tuple(path))
        _print_debrief(result, args.lang, w)
        if args.json:
            print(json.dumps({"turns": reports, "debrief": result.to_dict()}, indent=1,
                             ensure_ascii=False))
    elif args.json:
        print(json.dumps({"turns": reports}, indent=1, ensure_ascii=False))
    return 0


def _show(game, path, lang, w) -> dict:
    from cyclesim.analysis import play

    report = game.report(path, lang)
    print(w["turn"].format(k=report["turn"], n=play.TURNS, a=report["weeks"][0],
                           b=report["weeks"][1]) + " — "
          + w["chose"].format(c=play.levers_text(path[-1], lang)))
    print(f"  {w['what']}:")
    for name, (en, nl, digits) in play.INDICATORS.items():
        c = report["changes"][name]
        print(f"    {(nl if lang == 'nl' else en):34s} {play.number(c['before'], digits, lang):>10s}"
              f" → {play.number(c['after'], digits, lang):>10s}")
    print(f"    {w['cost']:34s} {play.money(report['changes']['cost']['after'], lang):>24s}")
    print("  " + report["why"])
    return report


def _print_debrief(result, lang, w) -> None:
    from cyclesim.analysis import play

    print("\n" + w["debrief"].format(n=len(result.team)))
    for key in ("team", "story", "best"):
        r = result.results[key]
        ret = (w["never"] if r["return_week"] is None
               else f"{'week' if lang == 'en' else 'week'} {play.number(r['return_week'], 0, lang)}")
        print(f"  {w[key]}: {w['classes'].get(r['outcome'], r['outcome'])}; {w['return']}: {ret}; "
              f"{w['total']}: {play.money(r['cost'], lang)} ({w['extra']}: "
              f"{play.money(r['extra_cost'], lang)}); {w['score']}: {play.number(r['score'], 1, lang)}")
        print("    " + " | ".join(play.levers_text(c, lang) for c in getattr(result, key)))
    print(w["parted"].format(k=result.parted_turn) if result.parted_turn else w["same"])
