"""The interactive page: a standard-library HTTP server (:mod:`~cyclesim.web.server`),
its JSON API (:mod:`~cyclesim.web.api`), the figures it serves, a compute-once cache,
and the static files (``static/``: HTML, JavaScript, CSS).

May import every layer below it (model to present); only the CLI imports it.
"""
