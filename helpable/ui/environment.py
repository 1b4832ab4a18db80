"""The start-here self-check: is this Python ready for the course?"""

from __future__ import annotations

import platform
import re
from importlib import metadata

import pandas as pd

from helpable.paths import COURSE_ROOT
from helpable.ui.tables import HtmlTable, html_table

CORE_PACKAGES: tuple[str, ...] = (
    "jupyterlab",
    "ipywidgets",
    "pandas",
    "matplotlib",
    "numpy",
    "nbval",
    "filelock",
)


def pinned_versions(requirements: str | None = None) -> dict[str, str]:
    """The exact pins (``name==version``) in requirements.txt, by lower-case name."""
    if requirements is None:
        path = COURSE_ROOT / "requirements.txt"
        requirements = path.read_text(encoding="utf-8") if path.exists() else ""
    pins = {}
    for line in requirements.splitlines():
        match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s#;]+)", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def environment_report(packages: tuple[str, ...] = CORE_PACKAGES) -> HtmlTable:
    """One row per package: the version the course expects, the one installed, and a verdict."""
    pins = pinned_versions()
    rows = []
    for name in packages:
        have, want = installed_version(name), pins.get(name, "")
        if have is None:
            verdict = "✗ missing: run  pip install -r requirements.txt"
        elif want and have != want:
            verdict = f"~ works, but the course was tested with {want}"
        else:
            verdict = "✓ ready"
        rows.append({"Package": name, "Installed": have or "—", "Status": verdict})
    return html_table(pd.DataFrame(rows))


def python_summary() -> str:
    """A one-line summary of this Python, with a verdict."""
    version = platform.python_version()
    ok = tuple(int(p) for p in version.split(".")[:2]) >= (3, 11)
    verdict = "✓ ready" if ok else "✗ the course needs Python 3.11 or newer"
    return f"Python {version}: {verdict}"
