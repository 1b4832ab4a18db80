"""helpable: a Jupyter course on networking so that people are glad to say yes.

The package holds all of the course's logic. Notebooks import it and define
no helpers of their own.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
