#!/usr/bin/env python3
"""Print the nbgitpuller link that opens the course on a JupyterHub.

The same as ``python -m helpable hub-link`` (see :mod:`helpable.cli.hub_link`):

    python tools/hub_link.py https://hub.example.edu
    python tools/hub_link.py https://hub.example.edu --path notebooks/07_action_plan.ipynb
    python tools/hub_link.py https://hub.example.edu --repo https://github.com/you/your-fork

Exit codes: 0 ok, 2 a hub URL, repository, path or app that cannot work.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from helpable.cli.hub_link import NAME
from helpable.cli.main import main as helpable_main


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m helpable hub-link`` with these arguments."""
    return helpable_main([NAME, *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
