"""The command line, ``python -m helpable COMMAND``: a parser and one module per command.

Commands parse arguments, print, and map errors to exit codes; their logic
lives in the role packages. May import every layer below it (never
helpable.lesson); nothing in the package imports it.
"""
