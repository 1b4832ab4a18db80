"""The illustrative trust-and-risk model: a helper's decision, where a pitch sits
on the map, and the job-search simulation.

A teaching model, not fitted to data. May import ``helpable.analyzer``,
``helpable.content`` and ``helpable.paths``.
"""
