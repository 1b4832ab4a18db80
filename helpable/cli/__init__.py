"""The command line, ``python -m helpable COMMAND``: a parser and one module per command.

May import every other part of the package; nothing imports it.
"""
