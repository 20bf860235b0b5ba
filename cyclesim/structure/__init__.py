"""The model's structure, open to inspection: feedback loops found in the listing's
graph, link and loop gains, loop dominance over a run, frames of a run for
re-evaluating single equations, the units check, the XMILE export and the causal loop
diagrams.

May import :mod:`cyclesim.model`, :mod:`cyclesim.engine`, :mod:`cyclesim.outcome` and
:mod:`cyclesim.scenario`; nothing here draws on analysis, presentation or the web.
"""
