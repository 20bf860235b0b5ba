"""Classroom mode (issue 11, item 3): a trainer opens a session, teams join it with a short
code and play the same case; their decisions live in SQLite (the standard library's
``sqlite3``), so a session survives a server restart.

Only decisions are stored (the short codes of :class:`cyclesim.analysis.play.Choice`, in
turn order); every number on a team's or the trainer's screen is recomputed from them by
the play-mode model, exactly as a replayed game.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import threading
import time
from pathlib import Path

from cyclesim.analysis.play import TURNS, Choice, PlayError, debrief, levers_text, parse_path

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud in a classroom
CODE_LENGTH = 5
TEAM_NAME = re.compile(r"^[\w ().,'-]{1,24}$")  # letters (any script), digits, a few marks
MAX_TEAMS = 40

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (code TEXT PRIMARY KEY, opened REAL NOT NULL);
CREATE TABLE IF NOT EXISTS teams (session TEXT NOT NULL REFERENCES sessions(code),
    name TEXT NOT NULL, joined REAL NOT NULL, PRIMARY KEY (session, name));
CREATE TABLE IF NOT EXISTS decisions (session TEXT NOT NULL, team TEXT NOT NULL,
    turn INTEGER NOT NULL, code TEXT NOT NULL, made REAL NOT NULL,
    PRIMARY KEY (session, team, turn), FOREIGN KEY (session, team) REFERENCES teams);
"""


def default_path() -> Path:
    """Where sessions are kept when ``cyclesim serve --classroom-db`` is not given:
    ``$CYCLESIM_CLASSROOM_DB``, else ``~/.local/share/cyclesim/classroom.sqlite3``."""
    if os.environ.get("CYCLESIM_CLASSROOM_DB"):
        return Path(os.environ["CYCLESIM_CLASSROOM_DB"])
    root = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return root / "cyclesim" / "classroom.sqlite3"


class ClassroomError(ValueError):
    """A request the classroom cannot take: unknown session, bad team name, a turn out of
    order. The message says what is allowed."""


class Classroom:
    """The sessions of one server, in the SQLite file ``path``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA foreign_keys = ON")
        return db

    def _run(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock, self._connect() as db:  # the context commits (or rolls back)
            return db.execute(sql, args).fetchall()

    # --- sessions and teams -------------------------------------------------------------
    def open_session(self) -> str:
        """A new session; returns its short code."""
        for _ in range(100):
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            try:
                self._run("INSERT INTO sessions VALUES (?, ?)", (code, time.time()))
                return code
            except sqlite3.IntegrityError:
                continue
        raise ClassroomError("no free session code; try again")

    def session(self, code: str) -> str:
        """The session's code as stored (codes are read case-insensitively)."""
        code = str(code).strip().upper()
        if not self._run("SELECT 1 FROM sessions WHERE code = ?", (code,)):
            raise ClassroomError(f"no session with code {code[:12]!r}; ask the trainer for it")
        return code

    def join(self, code: str, team: str) -> list[str]:
        """Join (or rejoin) session ``code`` as ``team``; returns the team's decisions so far."""
        code, team = self.session(code), str(team).strip()
        if not TEAM_NAME.match(team):
            raise ClassroomError("a team name is 1 to 24 letters, digits or spaces")
        if not self._run("SELECT 1 FROM teams WHERE session = ? AND name = ?", (code, team)):
            if len(self._run("SELECT 1 FROM teams WHERE session = ?", (code,))) >= MAX_TEAMS:
                raise ClassroomError(f"this session has {MAX_TEAMS} teams already")
            self._run("INSERT OR IGNORE INTO teams VALUES (?, ?, ?)", (code, team, time.time()))
        return self.path_of(code, team)

    def _team(self, code: str, team: str) -> tuple[str, str]:
        code, team = self.session(code), str(team).strip()
        if not self._run("SELECT 1 FROM teams WHERE session = ? AND name = ?", (code, team)):
            raise ClassroomError(f"no team {team[:24]!r} in session {code}; join first")
        return code, team

    # --- decisions ----------------------------------------------------------------------
    def path_of(self, code: str, team: str) -> list[str]:
        """The team's decisions in turn order (short codes)."""
        return [row[0] for row in self._run(
            "SELECT code FROM decisions WHERE session = ? AND team = ? ORDER BY turn",
            (code, team))]

    def decide(self, code: str, team: str, turn: int, decision: str) -> list[str]:
        """Store the team's decision for ``turn`` (1, 2, …: the next one, or the last one
        again after a reload, which changes nothing); returns the path."""
        code, team = self._team(code, team)
        try:
            choice = Choice.from_code(decision)
        except PlayError as error:
            raise ClassroomError(str(error)) from None
        path = self.path_of(code, team)
        if turn == len(path) and path and path[-1] == choice.code():
            return path  # the same decision sent again (a reload, a double click)
        if turn != len(path) + 1 or turn > TURNS:
            raise ClassroomError(f"turn {turn} cannot be played now: the team has played "
                                 f"{len(path)} of {TURNS} turns")
        try:
            self._run("INSERT INTO decisions VALUES (?, ?, ?, ?, ?)",
                      (code, team, turn, choice.code(), time.time()))
        except sqlite3.IntegrityError:  # another browser of the same team was faster
            raise ClassroomError(f"turn {turn} was played already; reload") from None
        return path + [choice.code()]

    def teams(self, code: str) -> dict[str, list[str]]:
        """Every team of the session (in the order they joined) and its decisions."""
        code = self.session(code)
        names = [r[0] for r in self._run(
            "SELECT name FROM teams WHERE session = ? ORDER BY joined, name", (code,))]
        return {name: self.path_of(code, name) for name in names}


def view(game, code: str, teams: dict[str, list[str]], lang: str, best) -> dict:
    """The trainer's screen: per team its decisions turn by turn (in words), where its path
    stands after the turns played (outcome so far, return week, cost, score, the composite
    improvement week by week) and, once it has played all turns, its debrief beside the
    story's path and the best path found (``best()`` gives that path; searched once)."""
    out = []
    for team, codes in teams.items():
        path = parse_path(codes)
        entry = {"team": team, "played": len(path), "done": len(path) == TURNS,
                 "decisions": [levers_text(c, lang) for c in path], "codes": list(codes),
                 "result": None, "composite": [], "debrief": None}
        if path:
            times, series = game.series(path)
            entry["result"] = game.judge(times, series)[0]
            entry["composite"] = [round(float(v), 4) for v in series["composite_improvement"]]
        if entry["done"]:
            entry["debrief"] = debrief(game, path, best()).to_dict()
        out.append(entry)
    return {"code": code, "turns": TURNS, "teams": out}
