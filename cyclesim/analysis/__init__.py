"""Analyses over many runs: sweep specs, samplers and chunked sweeps with their
executors (local processes or Dask), sensitivity indices, the seed interventions'
delays and robustness, comparing scenarios, and the EMA Workbench adapter.

May import every layer below it (model, engine, outcome, scenario, structure); figures
and texts of these analyses live in :mod:`cyclesim.present`.
"""
