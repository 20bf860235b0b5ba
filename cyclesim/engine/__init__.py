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
from cyclesim.engine.compiled import CompiledEngine, available, first_use_note
from cyclesim.engine.numpy_engine import NumpyEngine

__all__ = ["ENGINES", "CompiledEngine", "Engine", "EngineUnavailable", "NumpyEngine", "Plan",
           "RestState", "Settings", "Trajectory", "available", "first_use_note",
           "get_engine", "with_references"]


def get_engine(choice: str = "auto", method: str = "euler") -> Engine:
    """The engine for ``choice`` (``"auto"``, ``"numpy"`` or ``"compiled"``) and the
    integration ``method``: ``auto`` compiles when Numba is installed and the method is
    Euler; ``compiled`` without Numba raises :class:`EngineUnavailable`."""
    if choice not in ENGINES:
        raise ValueError(f"unknown engine {choice!r}; choose one of {ENGINES}")
    if choice == "compiled" and not available():
        raise EngineUnavailable('the compiled engine needs Numba: pip install "cyclesim[fast]"')
    if choice != "numpy" and method == "euler" and available():
        return CompiledEngine()
    return NumpyEngine()
