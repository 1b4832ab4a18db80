"""A real browser opens the start-here notebook in JupyterLab: the widget check answers, and
the JupyterLab-only help (tagged ``lab-only``, dropped in Voilà) is on the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser_support import chromium_page, jupyterlab, open_in_lab, run_all, screenshot_note

pytestmark = pytest.mark.browser


def test_start_here_runs_in_jupyterlab(tmp_path: Path) -> None:
    with jupyterlab(tmp_path) as server, chromium_page(tmp_path) as page:
        try:
            open_in_lab(page, server, "notebooks/00_start_here.ipynb")
            button = page.get_by_role("button", name="Click me to test widgets")
            run_all(page, button)
            button.click()
            page.get_by_text("Widgets work").first.wait_for(timeout=30_000)
            # The cells tagged lab-only (dropped in Voilà) are shown in JupyterLab.
            for text in ("Shift + Enter", "model not found"):
                shown = page.locator(".jp-RenderedMarkdown", has_text=text).first
                shown.wait_for(timeout=30_000)
        except Exception as exc:
            raise AssertionError(
                f"{exc}\n{screenshot_note(page, tmp_path, 'start_here')}\n"
                f"server log:\n{server.log_tail()}"
            ) from exc
