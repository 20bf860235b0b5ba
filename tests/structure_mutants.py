"""Test copies of the model listing with one equation changed (for mutation tests).

The changed equations wrap the shipped ones, so they follow the listing as it evolves."""

from __future__ import annotations

import inspect
import types
from typing import Callable

from cyclesim.model import listing as model
from cyclesim.model.elements import aux, flow
from cyclesim.model.graph import Structure, build_structure


def mutant(*functions) -> Structure:
    """The shipped listing with the given decorated equations put in place of their
    namesakes, as a new module (the shipped module is left as it is)."""
    module = types.ModuleType("mutant_model")
    module.__dict__.update({k: v for k, v in vars(model).items() if not k.startswith("__")})
    for func in functions:
        setattr(module, func.__name__, func)
    return build_structure(module)


def _rewired(name: str, drop: str | None, flip: str | None, signs: dict) -> Callable:
    """Equation ``name`` without input ``drop`` (read as 0) or with input ``flip`` negated."""
    original = getattr(model, name).equation
    params = [p for p in inspect.signature(original.func).parameters.values()
              if p.name != drop]

    def rewired(*args):
        values = dict(zip([p.name for p in params], args))
        if drop:
            values[drop] = 0.0
        if flip:
            values[flip] = -values[flip]
        return original.func(*[values[i] for i in original.inputs])

    rewired.__name__ = name
    rewired.__signature__ = inspect.Signature(params)
    declare = flow if original.kind == "flow" else aux
    return declare(original.unit, signs=signs)(rewired)


_guarding = model.visible_guarding.equation
_tension = model.tension_pressure.equation

# Link removed: visible guarding no longer deepens with dependency.
LINK_REMOVED = (_rewired("visible_guarding", "dependency", None,
                         {k: v for k, v in _guarding.signs.items() if k != "dependency"}),)
# Sign flipped: proximity now raises the client's tension.
SIGN_FLIPPED = (_rewired("tension_pressure", None, "proximity_calming",
                         {**_tension.signs, "proximity_calming": +1}),)
