"""A real browser opens the start-here notebook in JupyterLab and the widget check answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser_support import chromium_page, jupyterlab, screenshot_note

pytestmark = pytest.mark.browser


def test_start_here_runs_in_jupyterlab(tmp_path: Path) -> None:
    with jupyterlab(tmp_path) as server, chromium_page(tmp_path) as page:
        try:
            page.goto(f"{server.url}/lab/tree/notebooks/00_start_here.ipynb?token={server.token}")
            page.wait_for_selector(".jp-Notebook", timeout=90_000)
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jp-StatusBar-TextItem, "
                ".jp-Notebook-ExecutionIndicator, .jp-KernelStatus')]"
                ".some(e => /Idle/.test(e.textContent || e.title || ''))"
                " || document.querySelector('[data-status=\"idle\"]') !== null",
                timeout=90_000,
            )
            # Start Run All without awaiting its promise (it settles only when every cell is done).
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            button = page.get_by_role("button", name="Click me to test widgets")
            button.wait_for(timeout=90_000)
            button.click()
            page.get_by_text("Widgets work").first.wait_for(timeout=30_000)
        except Exception as exc:
            raise AssertionError(
                f"{exc}\n{screenshot_note(page, tmp_path, 'start_here')}\n"
                f"server log:\n{server.log_tail()}"
            ) from exc
