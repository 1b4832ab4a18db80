"""What a learner sees: the palette and escaper (``style``), HTML panels (``html``),
charts, the widgets and the pure state behind them (``state``), exercise checks.

May import every role below it: plan, model, analyzer, journal, content, paths.
"""
