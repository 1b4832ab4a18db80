"""A real browser uses the pitch workshop (notebook 06): in JupyterLab, and as a Voilà app.

In each, the test types a rewrite into the workshop's text box, waits for the
live feedback to change, saves twice and sees the journal's entry count rise.
In Voilà it also checks that no code is on the page. Each test saves a
screenshot in its temp folder and names it in any failure message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .browser_support import (
    chromium_page,
    jupyterlab,
    open_in_lab,
    run_all,
    screenshot_note,
    voila,
)

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/06_pitch_workshop.ipynb"
REWRITE = (
    "Hi! I'm moving into your field and would love to learn from you. "
    "What do you enjoy most about your work?"
)
SECOND = REWRITE + " No worries if you're busy."
NO_RULE = "No rules broken"


def _workshop(page):  # noqa: ANN001, ANN202 - a Playwright Page and Locators
    """The workshop's text box, feedback, Save button and save status."""
    # By its placeholder: an attribute, which JupyterLab keeps even for cells out of view.
    textarea = page.locator('.widget-textarea textarea[placeholder^="Rewrite the pitch here"]')
    # The workshop's Save button is the first "Save to my journal" on the page;
    # the reflection boxes below it have their own.
    save = page.get_by_role("button", name="Save to my journal").first
    return textarea, save


# textContent, not innerText: JupyterLab skips rendering cells out of view, and
# innerText is empty for text that is not rendered.
HTML_WIDGETS = "[...document.querySelectorAll('.widget-html-content')].map(e => e.textContent)"


def _feedback_text(page) -> str:  # noqa: ANN001
    return page.evaluate(
        f"() => {HTML_WIDGETS}"
        ".find(t => /Ease of yes|rules? still broken|No rules broken/.test(t)) || ''"
    )


def _wait_for_html(page, text: str, timeout: float = 30_000) -> None:  # noqa: ANN001
    """Wait until some HTML widget on the page holds ``text``."""
    page.wait_for_function(
        f"() => {HTML_WIDGETS}.some(t => t.includes({json.dumps(text)}))", timeout=timeout
    )


def _use_workshop(page, journal: Path) -> dict[str, str]:  # noqa: ANN001
    """Type a rewrite, see the feedback change, save twice; return what was seen."""
    textarea, save = _workshop(page)
    textarea.wait_for(state="attached", timeout=120_000)
    # JupyterLab does not lay out cells out of view, so bring the workshop into view.
    textarea.evaluate("e => e.scrollIntoView({block: 'center'})")
    textarea.wait_for(state="visible", timeout=30_000)
    _wait_for_html(page, "still broken", timeout=60_000)
    before = _feedback_text(page)
    original = textarea.input_value()
    assert original.strip(), "the rewrite box should start with the original pitch"

    textarea.fill(REWRITE)
    _wait_for_html(page, NO_RULE)
    after = _feedback_text(page)

    save.click()
    _wait_for_html(page, "Your journal now has 1 entry.")
    textarea.fill(SECOND)
    _wait_for_html(page, "No worries if you're busy")
    save.click()
    _wait_for_html(page, "Your journal now has 2 entries.")
    _wait_for_html(page, "1 pitch rewritten to zero broken rules")
    textarea.scroll_into_view_if_needed()  # so that the screenshot shows the workshop

    lines = journal.read_text(encoding="utf-8").splitlines()
    return {"before": before, "after": after, "original": original, "lines": str(len(lines))}


def _check_seen(seen: dict[str, str], note: str) -> None:
    assert "still broken" in seen["before"], f"no broken rules shown at first\n{note}"
    assert NO_RULE in seen["after"], f"feedback did not change to no rules broken\n{note}"
    assert seen["before"] != seen["after"], note
    assert "Your version breaks no rule" in seen["after"], note
    assert seen["lines"] == "2", f"the journal file has {seen['lines']} lines, not 2\n{note}"


def test_workshop_in_jupyterlab(tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    with jupyterlab(tmp_path) as server, chromium_page(tmp_path) as page:
        try:
            open_in_lab(page, server, NOTEBOOK)
            run_all(page, _workshop(page)[0], timeout=45_000)
            seen = _use_workshop(page, journal)
        except Exception as exc:
            raise AssertionError(
                f"{exc}\n{screenshot_note(page, tmp_path, 'workshop_lab')}\n"
                f"server log:\n{server.log_tail()}"
            ) from exc
        note = screenshot_note(page, tmp_path, "workshop_lab")
    _check_seen(seen, note)


def test_workshop_as_a_voila_app(tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    with voila(NOTEBOOK, tmp_path) as server, chromium_page(tmp_path) as page:
        try:
            page.goto(f"{server.url}/?token={server.token}")
            seen = _use_workshop(page, journal)
            page.get_by_role("heading", name="Your brief").wait_for(timeout=10_000)
            code = page.evaluate(
                "() => ({"
                " editors: document.querySelectorAll("
                "  '.jp-CodeCell .jp-InputArea, .jp-InputArea-editor, .cm-editor, .CodeMirror,"
                "   .jp-InputPrompt').length,"
                " text: document.body.innerText })"
            )
        except Exception as exc:
            raise AssertionError(
                f"{exc}\n{screenshot_note(page, tmp_path, 'workshop_voila')}\n"
                f"server log:\n{server.log_tail()}"
            ) from exc
        note = screenshot_note(page, tmp_path, "workshop_voila")
    _check_seen(seen, note)
    # Voilà's template wraps markdown in .jp-InputArea too, so look for code cells' inputs
    assert code["editors"] == 0, f"{code['editors']} code inputs are visible\n{note}"
    for snippet in ("from helpable", "pitch_workshop()", "rewrite_rows(", "import pandas"):
        assert snippet not in code["text"], f"{snippet!r} shows on the page\n{note}"
    assert "Your journal is empty so far" in code["text"], note
