"""``cyclesim serve``: start the interactive page for trainers."""

from __future__ import annotations

import argparse


def cmd_serve(args: argparse.Namespace) -> int:
    from cyclesim.engine import first_use_note, get_engine
    from cyclesim.web.server import make_server
    from cyclesim.model.graph import structure
    from cyclesim.web.api import InputError
    from . import UserError

    try:
        server = make_server(args.host, args.port, args.scenarios, args.classroom_db)
    except InputError as error:
        raise UserError(str(error)) from None
    except OSError as error:
        raise UserError(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}") from None
    if not args.no_warm:
        note = first_use_note(get_engine().name, structure())
        if note:
            print(note, flush=True)
        server.warm()
    print(f"cyclesim: the interactive page is at {server.url} (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the interactive page in the browser")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this computer only; "
                        "0.0.0.0 opens it to the classroom's network)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any free port)")
    p.add_argument("--scenarios", default="scenarios", metavar="DIR",
                   help="directory of scenario files for the picker (default: scenarios)")
    p.add_argument("--classroom-db", default=None, metavar="FILE",
                   help="SQLite file of classroom sessions (default: $CYCLESIM_CLASSROOM_DB, "
                        "else ~/.local/share/cyclesim/classroom.sqlite3); kept across restarts")
    p.add_argument("--no-warm", action="store_true",
                   help="do not run the scenarios in the background at start")
    p.set_defaults(handler=cmd_serve)
