"""Tools for instructors: read a class's journals, the class report, handouts, hub and Binder links.

May import helpable.authoring, helpable.ui and every layer below them; never
helpable.cli or helpable.lesson.
"""
