"""Run the command line: ``python -m helpable --help``."""

import sys

from helpable.cli.main import main

sys.exit(main())
