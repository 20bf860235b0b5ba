"""Issue 16, sweeps: a sweep folder is trusted only when its manifest and design match the
spec; stale, foreign or broken files are named and refused (exit 2), never reused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cyclesim.analysis.sweep import SweepError, SweepOptions, read_manifest
from cyclesim.cli import main

from sweep_fixtures import sweep_table, write_spec

@pytest.fixture()
def finished(tmp_path: Path) -> tuple[Path, Path]:
    spec_path = write_spec(tmp_path, samples=6, chunk=3, horizon=20.0)
    out = tmp_path / "out"
    sweep_table(spec_path, out)
    return spec_path, out


def _other_seed(spec_path: Path) -> Path:
    text = spec_path.read_text().replace("seed = 3", "seed = 99")
    other = spec_path.with_name("seed99.toml")
    other.write_text(text)
    return other


def test_stale_files_without_manifest_are_refused(finished) -> None:
    spec_path, out = finished
    before = (out / "runs.parquet").read_bytes()
    (out / "manifest.json").unlink()
    for resume in (False, True):
        with pytest.raises(SweepError, match=r"design\.npy.*no manifest\.json"):
            sweep_table(_other_seed(spec_path), out, SweepOptions(progress=False, resume=resume))
    assert (out / "runs.parquet").read_bytes() == before, "the table was overwritten"
    assert not (out / "manifest.json").exists()


def test_users_own_files_are_not_used_or_overwritten(tmp_path: Path) -> None:
    spec_path = write_spec(tmp_path, samples=6, chunk=3, horizon=20.0)
    out = tmp_path / "mine"
    out.mkdir()
    np.save(out / "design.npy", np.full((6, 3), 0.5))
    (out / "runs.parquet").write_bytes(b"my table")
    code = main(["sweep", str(spec_path), "--out", str(out), "--quiet"])
    assert code == 2
    assert (out / "runs.parquet").read_bytes() == b"my table"


def test_resume_checks_the_design_hash(finished) -> None:
    spec_path, out = finished
    np.save(out / "design.npy", np.full((6, 3), 0.5))
    with pytest.raises(SweepError, match="design.npy: does not match"):
        sweep_table(spec_path, out, SweepOptions(progress=False, resume=True))
    assert len(read_manifest(out)["design_sha256"]) == 64


def test_resume_refuses_a_manifest_of_another_seed(finished) -> None:
    spec_path, out = finished
    with pytest.raises(SweepError, match="differs"):
        sweep_table(_other_seed(spec_path), out, SweepOptions(progress=False, resume=True))


def test_a_lost_design_is_drawn_again_on_resume(finished) -> None:
    spec_path, out = finished
    table = pd.read_parquet(out / "runs.parquet")
    (out / "design.npy").unlink()
    (out / "chunks" / "chunk-000001.parquet").unlink()
    resumed = sweep_table(spec_path, out, SweepOptions(progress=False, resume=True))
    pd.testing.assert_frame_equal(table, resumed)


@pytest.mark.parametrize("damage", ["manifest", "design", "chunk", "foreign_chunk"])
def test_broken_files_exit_2_naming_the_file(finished, damage: str, capsys) -> None:
    spec_path, out = finished
    chunks = out / "chunks"
    if damage == "manifest":
        (out / "manifest.json").write_text("{not json")
        named = "manifest.json"
    elif damage == "design":
        (out / "design.npy").write_bytes((out / "design.npy").read_bytes()[:100])
        named = "design.npy"
    elif damage == "chunk":
        path = chunks / "chunk-000001.parquet"
        path.write_bytes(path.read_bytes()[:50])
        named = "chunk-000001.parquet"
    else:
        shutil.copy(chunks / "chunk-000000.parquet", chunks / "chunk-000001.parquet")
        named = "chunk-000001.parquet: holds other runs"
    code = main(["sweep", str(spec_path), "--out", str(out), "--resume", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and named in err and "Traceback" not in err


def test_sensitivity_of_a_broken_manifest_is_a_message(finished, capsys) -> None:
    _, out = finished
    (out / "manifest.json").write_text(json.dumps([1, 2]))
    assert main(["sensitivity", str(out)]) == 2
    assert "manifest.json" in capsys.readouterr().err
