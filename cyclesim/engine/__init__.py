"""Engines: the rest state of a batch of runs, and its simulation under a policy plan.

One interface (:class:`Engine`: ``rest_state`` and ``simulate``) with two
implementations: :class:`NumpyEngine` (NumPy over all runs; Euler or RK4) and
:class:`CompiledEngine` (the listing generated into Numba kernels; Euler). This module is
the one place where an engine is chosen (:func:`get_engine`). The package imports only
:mod:`cyclesim.model`.
"""

from __future__ import annotations

from cyclesim.engine.base import (ENGINES, Engine, EngineUnavailable, Plan, RestState,
                                  Settings, Trajectory, with_references)
from cyclesim.engine.compiled import (CompiledEngine, available, compile_in_background,
                                      first_use_note, is_compiled)
from cyclesim.engine.numpy_engine import NumpyEngine
from cyclesim.model.graph import structure

SMALL_BATCH = 2000  # runs: below this, "auto" does not wait for a first compile

__all__ = ["ENGINES", "SMALL_BATCH", "CompiledEngine", "Engine", "EngineUnavailable", "NumpyEngine", "Plan",
           "RestState", "Settings", "Trajectory", "available", "first_use_note",
           "get_engine", "with_references"]


def get_engine(choice: str = "auto", method: str = "euler", runs: int | None = None,
               saves: tuple[str, ...] = ()) -> Engine:
    """The engine for ``choice`` (``"auto"``, ``"numpy"`` or ``"compiled"``) and the
    integration ``method``: ``auto`` is the compiled engine when Numba is installed and
    the method is Euler; ``compiled`` without Numba raises :class:`EngineUnavailable`.

    No cold wait: when ``auto`` meets a batch of fewer than ``SMALL_BATCH`` ``runs`` and
    the kernels are not compiled yet on this machine, it starts compiling them in a
    detached process and answers with the NumPy engine meanwhile (the two agree to 1e-9).
    Large batches (``runs`` None or many) wait for the compile: it pays for itself.
    ``saves`` (the variables the run will save) names the block kernel the compile
    includes when few are saved (:func:`cyclesim.engine.compiled.uses_block`)."""
    if choice not in ENGINES:
        raise ValueError(f"unknown engine {choice!r}; choose one of {ENGINES}")
    if choice == "compiled" and not available():
        raise EngineUnavailable('the compiled engine needs Numba: pip install "cyclesim[fast]"')
    if choice == "numpy" or method != "euler" or not available():
        return NumpyEngine()
    if choice == "auto" and runs is not None and runs < SMALL_BATCH \
            and not is_compiled(structure(), saves):
        compile_in_background(structure(), saves)
        return NumpyEngine()
    return CompiledEngine()
