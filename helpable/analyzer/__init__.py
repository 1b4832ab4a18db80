"""The pitch analyzer: which of the three rules a pitch breaks, and where.

Feedback types, text normalising and cues, the phrase book, scoring and
accuracy metrics. May import ``helpable.content`` and ``helpable.paths`` only.
"""
