"""The four notebooks in ``notebooks/`` run top to bottom (nbclient), each within a time
limit, so they never go stale. They are stored without outputs; this test keeps it so.

The kernel is the interpreter running the tests: a kernel spec for it is written to a
temporary Jupyter path, so a system-wide ``python3`` kernel cannot be picked by mistake.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="needs the notebooks extra: pip install -e '.[notebooks]'")
nbclient = pytest.importorskip("nbclient", reason="needs the notebooks extra: pip install -e '.[notebooks]'")
pytest.importorskip("ipykernel", reason="needs the notebooks extra: pip install -e '.[notebooks]'")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
KERNEL = "cyclesim-test-python"
TIME_LIMIT = 120  # [s] per notebook, on a loaded CI machine; each takes about 10-25 s alone


@pytest.fixture(scope="module")
def kernel(tmp_path_factory, monkeypatch_module) -> str:
    """A kernel spec for this interpreter, found first through JUPYTER_PATH."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "cyclesim tests", "language": "python"}))
    monkeypatch_module.setenv("JUPYTER_PATH", str(root))
    return KERNEL


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_four_notebooks_are_there():
    assert [p.stem[:2] for p in PATHS] == ["01", "02", "03", "04"]


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_stored_without_outputs(path):
    book = nbformat.read(path, as_version=4)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs_top_to_bottom(path, kernel):
    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(book, kernel_name=kernel, timeout=TIME_LIMIT,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    began = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - began
    assert elapsed < TIME_LIMIT, f"{path.name} took {elapsed:.0f} s"
    errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    figures = [o for c in book.cells if c.cell_type == "code" for o in c.outputs
               if "image/png" in o.get("data", {})]
    assert figures, f"{path.name} drew no figure"
