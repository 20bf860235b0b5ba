"""Every kind of bad scenario file gets one clear message naming the file, the field and
what is allowed, and exit status 2 without a traceback, from both ``cyclesim validate``
and ``cyclesim run``; the shipped scenarios all validate."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from cyclesim.scenario.files import ScenarioError, load_scenario

SCHEDULE = '[[schedules]]\nparameter = "exclusive_hours_per_day"\n'


@dataclass(frozen=True)
class Bad:
    """A bad file: its content (bytes; ``DIRECTORY`` or ``MISSING`` for no file) and the
    fragments the message must hold besides the file's path (field, what is allowed)."""

    content: bytes | str
    expect: tuple[str, ...]


DIRECTORY, MISSING = "<directory>", "<missing>"
BAD_FILES = {
    # unreadable
    "directory": Bad(DIRECTORY, ()),
    "missing": Bad(MISSING, ()),
    "binary": Bad(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\x00title", ()),
    # syntax
    "toml-syntax": Bad(b"title = 'x'\nstart_week = = 3\n", ("line 2",)),
    "toml-unclosed-table": Bad(b"[intervention\nexclusive_hours_per_day = 12\n", ("line 1",)),
    # unknown keys: the message lists what is allowed
    "unknown-top-level-key": Bad(b"colour = 'red'\n", ("colour", "start_week")),
    "unknown-outcome-key": Bad(b"[outcome]\nhoneymoon = 0.1\n",
                               ("outcome", "honeymoon", "honeymoon_threshold")),
    "unknown-intervention-key": Bad(b"[intervention]\nexclusive_hours = 12\n",
                                    ("intervention", "exclusive_hours",
                                     "exclusive_hours_per_day")),
    "unknown-parameter": Bad(b"[parameters]\nhiring_tme = 12\n",
                             ("parameters", "hiring_tme", "hiring_time")),
    "unknown-schedule-key": Bad((SCHEDULE + "points = [[8, 12.0]]\ncolour = 1\n").encode(),
                                ("schedules", "colour", "points")),
    # wrong type
    "wrong-type-top-level": Bad(b"start_week = 'soon'\n", ("start_week", "number")),
    "wrong-type-nested": Bad(b"[intervention]\nexclusive_hours_per_day = 'twelve'\n",
                             ("exclusive_hours_per_day", "number")),
    "wrong-type-table": Bad(b"intervention = 12\n", ("intervention",)),
    "quoted-number": Bad(b"[parameters]\nhiring_time = '13'\n",
                         ("hiring_time", "number", "1 to 520", "'13'")),
    "boolean-number": Bad(b"[intervention]\nstaff_per_client = true\n",
                          ("staff_per_client", "number", "1 to 3", "True")),
    # out of bounds: the message names the allowed range
    "policy-out-of-bounds": Bad(b"[intervention]\nexclusive_hours_per_day = 30\n",
                                ("exclusive_hours_per_day", "0", "24")),
    "parameter-out-of-bounds": Bad(b"[parameters]\nhiring_time = 0\n",
                                   ("hiring_time", "1", "520")),
    "escalation-out-of-bounds": Bad(b"[[escalation]]\nswitch_to = { staff_per_client = 9 }\n",
                                    ("staff_per_client", "1", "3")),
    "dt-out-of-bounds": Bad(b"dt = 2\n", ("dt", "0.001", "1")),
    "horizon-out-of-bounds": Bad(b"horizon_weeks = -5\n", ("horizon_weeks", "0", "1040")),
    "schedule-value-out-of-bounds": Bad((SCHEDULE + "points = [[8, 12.0], [40, 25.0]]\n").encode(),
                                        ("exclusive_hours_per_day", "0", "24")),
    # not a number
    "nan-top-level": Bad(b"start_week = nan\n", ("start_week", "finite")),
    "inf-parameter": Bad(b"[parameters]\nhiring_time = inf\n", ("hiring_time", "finite")),
    "nan-intervention": Bad(b"[intervention]\nexclusive_hours_per_day = nan\n",
                            ("exclusive_hours_per_day", "finite")),
    "minus-inf-schedule": Bad((SCHEDULE + "points = [[8, 12.0], [-inf, 8.0]]\n").encode(),
                              ("schedules", "finite")),
    # schedules that go back in time
    "schedule-back-in-time": Bad((SCHEDULE + "points = [[8, 12.0], [40, 12.0], [20, 8.0]]\n"
                                  ).encode(), ("schedules", "back in time")),
    "ramp-back-in-time": Bad((SCHEDULE + "kind = 'ramp'\nstart = 40\nend = 20\nbefore = 12\n"
                              "after = 8\n").encode(), ("schedules", "back in time")),
    # a honeymoon must rise above the level that counts as back at start
    "tolerance-above-threshold": Bad(b"[outcome]\nhoneymoon_threshold = 0.02\n"
                                     b"return_tolerance = 0.03\n",
                                     ("outcome", "return_tolerance", "honeymoon_threshold")),
}
COMMANDS = ("validate", "run")


def _make(directory: Path, name: str, bad: Bad) -> Path:
    path = directory / f"{name}.toml"
    if bad.content == DIRECTORY:
        path.mkdir()
    elif bad.content != MISSING:
        path.write_bytes(bad.content if isinstance(bad.content, bytes) else bad.content.encode())
    return path


@pytest.fixture(scope="module")
def bad_paths(tmp_path_factory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("bad scenarios")  # a space in the path, too
    return {name: _make(directory, name, bad) for name, bad in BAD_FILES.items()}


def _missing_fragments(message: str, path: Path, bad: Bad) -> list[str]:
    """What the message lacks: the file's path, then each expected fragment in the rest
    (numbers as whole numbers, so a bound is not found inside another number)."""
    if str(path) not in message:
        return [str(path)]
    rest = message.replace(str(path), "")
    missing = []
    for fragment in bad.expect:
        pattern = (rf"(?<![\d.]){re.escape(fragment)}(?![\d.])" if fragment.isdigit()
                   else re.escape(fragment))
        if not re.search(pattern, rest):
            missing.append(fragment)
    return missing


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_gets_exit_status_2_and_a_clear_message(cli, bad_paths, name, command):
    status, out, err = cli(command, bad_paths[name])
    assert status == 2, (status, out[-500:], err)
    missing = _missing_fragments(err, bad_paths[name], BAD_FILES[name])
    assert not missing, f"message lacks {missing}:\n{err}"
    assert len(err.strip().splitlines()) <= 5, err


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_file_from_the_real_command_line(run_cli, bad_paths, command):
    """The installed entry point (a subprocess): exit status 2, no traceback."""
    answer = run_cli(command, bad_paths["policy-out-of-bounds"])
    assert "Traceback" not in answer.stderr, answer.stderr
    assert answer.returncode == 2, answer.stderr
    assert str(bad_paths["policy-out-of-bounds"]) in answer.stderr
    assert "exclusive_hours_per_day" in answer.stderr


@pytest.mark.parametrize("name", [n for n, b in BAD_FILES.items() if b.content != DIRECTORY])
def test_load_scenario_raises_scenario_error(bad_paths, name):
    """The Python API fails the same way: a ScenarioError with the same message."""
    with pytest.raises(ScenarioError) as error:
        load_scenario(bad_paths[name])
    missing = _missing_fragments(str(error.value), bad_paths[name], BAD_FILES[name])
    assert not missing, f"message lacks {missing}:\n{error.value}"


def test_one_bad_file_among_good_ones_stops_validation(run_cli, bad_paths, scenarios_dir):
    answer = run_cli("validate", scenarios_dir / "baseline.toml", bad_paths["nan-top-level"])
    assert answer.returncode == 2
    assert "Traceback" not in answer.stderr
    assert str(bad_paths["nan-top-level"]) in answer.stderr


def test_shipped_scenarios_validate(run_cli, scenarios_dir, shipped_scenario_paths):
    answer = run_cli("validate", scenarios_dir)
    assert answer.returncode == 0, answer.stderr
    for path in shipped_scenario_paths:
        assert path.name in answer.stdout


@pytest.mark.parametrize("path", sorted((Path(__file__).resolve().parents[1] / "scenarios")
                                        .glob("*.toml")), ids=lambda p: p.stem)
def test_shipped_scenario_loads_under_its_stem(path):
    scenario = load_scenario(path)
    assert scenario.name == path.stem
    assert scenario.title
