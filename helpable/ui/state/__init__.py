"""Pure state behind each widget: what it shows, what it does on each event.

No ipywidgets here. Each widget in :mod:`helpable.ui.widgets` is a thin shell
that copies values in and out of one of these objects, so the logic is tested
without a browser (the ipywidgets tutorial's logic/GUI split).
"""
