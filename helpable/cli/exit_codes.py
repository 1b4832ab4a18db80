"""Exit codes of ``python -m helpable``, and the one-line message that goes with a failure.

0 ok; 1 data error (a broken course data file, no journal to read, a file that
cannot be written); 2 usage error (something typed on the command line cannot
be used, including the files it names); 130 stopped with Ctrl-C.

A reader that stops early (``... | head``) is not a failure: the command stops
quietly with :data:`EXIT_READER_GONE`, which is 0, so that ``set -o pipefail``
scripts carry on as they would after ``head`` on a finished command.
"""

from __future__ import annotations

import sys

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_STOPPED = 130
EXIT_READER_GONE = EXIT_OK
"""The exit code when standard output is a pipe whose reader closed it (``| head``)."""


class UsageError(Exception):
    """Something typed on the command line cannot be used (exit 2)."""


def fail(message: str, code: int) -> int:
    """Print ``helpable: message`` on stderr and return ``code``."""
    print(f"helpable: {message}", file=sys.stderr)
    return code
