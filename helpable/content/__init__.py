"""The course's content as data: the CSV tables in ``data/`` and their schemas.

Rules, example approaches, quiz items, the course map, exercise checks and
every learner-facing string. The bottom layer: imports only ``helpable.paths``.
See ``data/README.md`` for the tables.
"""
