"""Shared fixtures, and the `browser` and `hub` markers' skip-or-fail policies."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def browser_required() -> bool:
    """CI sets HELPABLE_REQUIRE_BROWSER=1 so that browser tests never skip silently."""
    return os.environ.get("HELPABLE_REQUIRE_BROWSER") == "1"


def hub_required() -> bool:
    """CI sets HELPABLE_REQUIRE_HUB=1 so that the JupyterHub test never skips silently."""
    return os.environ.get("HELPABLE_REQUIRE_HUB") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _hub_policy(items)
    if CHROMIUM.exists() or browser_required():
        return
    skip = pytest.mark.skip(
        reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium); "
        "set HELPABLE_REQUIRE_BROWSER=1 to make this a failure instead"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _hub_policy(items: list[pytest.Item]) -> None:
    """Skip `hub` tests when JupyterHub, the proxy or Chromium is missing, unless required."""
    if hub_required() or not any(item.get_closest_marker("hub") for item in items):
        return
    from .hub_support import hub_missing

    missing = hub_missing()
    if missing is None:
        return
    skip = pytest.mark.skip(
        reason=f"{missing}; set HELPABLE_REQUIRE_HUB=1 to make this a failure instead"
    )
    for item in items:
        if item.get_closest_marker("hub"):
            item.add_marker(skip)


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of data/, pointed at by HELPABLE_DATA, for tests that break files."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    monkeypatch.setenv("HELPABLE_DATA", str(target))
    return target


@pytest.fixture
def journal_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway journal file, pointed at by HELPABLE_JOURNAL."""
    path = tmp_path / "journal.jsonl"
    monkeypatch.setenv("HELPABLE_JOURNAL", str(path))
    return path
