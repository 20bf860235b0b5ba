"""The package's architecture, read from its import statements: subpackages by role, and
imports that run one way (model ← engine ← outcome ← scenario ← structure ← analysis ←
present ← web ← cli), with no import cycle between modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cyclesim"
LAYERS = ("version", "model", "engine", "outcome", "scenario", "structure", "analysis",
          "present", "web", "cli")
TOP = {"cyclesim": len(LAYERS), "cyclesim.__main__": len(LAYERS)}  # the front door


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """Every cyclesim module ``name`` imports (at module level or inside functions)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return {m for m in found if m == "cyclesim" or m.startswith("cyclesim.")}


def layer(name: str) -> int:
    if name in TOP:
        return TOP[name]
    return LAYERS.index(name.split(".")[1])


def test_every_module_belongs_to_a_layer():
    assert all(name in TOP or name.split(".")[1] in LAYERS for name in MODULES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_run_one_way(name):
    wrong = sorted(m for m in imports_of(name) if layer(m) > layer(name))
    assert not wrong, f"{name} (layer {LAYERS[min(layer(name), len(LAYERS) - 1)]}) imports {wrong}"


def test_model_imports_nothing_else_of_cyclesim():
    for name in MODULES:
        if name.startswith("cyclesim.model."):
            assert all(m.startswith("cyclesim.model") for m in imports_of(name)), name


def test_no_import_cycles():
    graph = {name: imports_of(name) & MODULES.keys() for name in MODULES}
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_one_module_chooses_the_engine():
    """Only ``cyclesim.engine`` (its ``get_engine``) decides between the engines."""
    choosers = sorted(name for name, path in MODULES.items()
                      if "CompiledEngine()" in path.read_text()
                      or "NumpyEngine()" in path.read_text())
    assert choosers == ["cyclesim.engine"]


@pytest.mark.parametrize("name", sorted(n for n, p in MODULES.items()
                                        if p.name == "__init__.py" and n != "cyclesim"))
def test_each_subpackage_says_what_it_holds_and_may_import(name):
    doc = ast.get_docstring(ast.parse(MODULES[name].read_text())) or ""
    assert len(doc) > 120 and "import" in doc, name
