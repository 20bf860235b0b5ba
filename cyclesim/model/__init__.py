"""What the model *is*: the listing of stocks, flows and auxiliaries
(:mod:`~cyclesim.model.listing`), its table functions and primitives, the declarations
of elements, the parameter table with units, ranges and sources, the loop families of
MODEL.md, and the graph read off the listing (evaluation order, causal links).

Nothing here runs a simulation. The package imports nothing else of cyclesim, so every
other part (engines, structure tools, exports) reads the model from one place.
"""
