"""Scenarios: the TOML files policy staff read and edit (schema and loading,
:mod:`~cyclesim.scenario.files`), the intervention as a plan in time (start week,
schedules, escalation stages: :mod:`~cyclesim.scenario.policy`), and running a scenario
to its outcome (:mod:`~cyclesim.scenario.runner`: ``run``, ``run_batch``, ``RunResult``).

May import :mod:`cyclesim.model`, :mod:`cyclesim.engine` and :mod:`cyclesim.outcome`.
"""
