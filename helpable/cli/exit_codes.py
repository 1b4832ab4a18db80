"""Exit codes of ``python -m helpable``, and the one-line message that goes with a failure.

0 ok; 1 data error (a broken course data file, no journal to read, a file that
cannot be written); 2 usage error (something typed on the command line cannot
be used, including the files it names); 130 stopped with Ctrl-C.
"""

from __future__ import annotations

import sys

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_STOPPED = 130


class UsageError(Exception):
    """Something typed on the command line cannot be used (exit 2)."""


def fail(message: str, code: int) -> int:
    """Print ``helpable: message`` on stderr and return ``code``."""
    print(f"helpable: {message}", file=sys.stderr)
    return code
