"""A real browser uses the pitch workshop (notebook 06): in JupyterLab, and as a Voilà app.

In each, the test types a rewrite into the workshop's text box, waits for the
live feedback to change, saves twice and sees the journal's entry count rise,
and sees a third, identical save refused in words. In Voilà it also checks that
no code is on the page. Each test saves a screenshot in its temp folder and
names it in any failure message.

The layout tests (issue 14) measure bounding boxes at 1280 × 800 and 390 × 844:
each result (the feedback, the model rewrite, the save note) appears next to
the button that caused it, on screen; no workshop button has its words cut;
and in Voilà the brief and the workshop are on the first screen.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .browser_support import (
    chromium_browser,
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
    save.click()  # the same rewrite again: nothing is written, and the note says so
    _wait_for_html(page, "You already saved this rewrite")
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


# --- layout: each result next to its button, on screen; no clipped buttons (issue 14) -----

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}

BOX = "e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"

RESULT_OF = """(button, text) => {
  const found = [...document.querySelectorAll('.widget-html')]
    .filter(e => e.textContent.includes(text) && !e.querySelector('.widget-html'));
  if (!found.length) return null;
  const r = found[0].getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom];
}"""
"""The box of the HTML widget that shows ``text`` (the result of a click)."""

CLIPPED = """() => {
  const box = document.querySelector('textarea[placeholder^="Rewrite the pitch here"]');
  const shop = box.closest('.widget-vbox');
  return [...shop.querySelectorAll('.widget-button')].filter(b => b.offsetParent !== null)
    .map(b => { const r = b.getBoundingClientRect();
      return {words: b.textContent.trim(), cut: b.scrollWidth > b.clientWidth + 1
        || b.scrollHeight > b.clientHeight + 1 || r.left < -1 || r.right > innerWidth + 1}; });
}"""
"""Each workshop button, and whether its words are cut or it runs off the screen."""


def _near(page, button, shows: str, label: str, note: str) -> dict[str, list[float]]:  # noqa: ANN001
    """Scroll ``button`` to mid-screen; the result must start beside or just under it."""
    height = page.viewport_size["height"]
    b = button.evaluate(BOX)
    r = button.evaluate(RESULT_OF, shows)
    assert r is not None, f"{label}: nothing shows {shows!r}\n{note}"
    assert b[1] >= 0 and b[3] <= height, f"{label}: button off screen {b}\n{note}"
    assert 0 <= r[1] < height - 24, f"{label}: result starts off screen at {r[1]:.0f} px\n{note}"
    # Beside the button (the rows overlap) or just under it (a phone wraps the row).
    assert r[3] >= b[1] and r[1] <= b[3] + 24, (
        f"{label}: result starts {r[1] - b[3]:.0f} px below its button {b} -> {r}\n{note}"
    )
    return {"button": b, "result": r}


def _click_mid_screen(page, button) -> None:  # noqa: ANN001
    button.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)  # let JupyterLab lay out cells that came into view
    button.click(no_wait_after=True)


def _check_layout(page, journal: Path, where: str, tmp: Path) -> dict[str, object]:  # noqa: ANN001
    """Use the workshop and measure where each result lands, next to its button."""
    note = screenshot_note(page, tmp, where)
    textarea, save = _workshop(page)
    textarea.wait_for(state="attached", timeout=120_000)
    textarea.evaluate("e => e.scrollIntoView({block: 'center'})")
    textarea.wait_for(state="visible", timeout=30_000)
    _wait_for_html(page, "still broken", timeout=60_000)
    clipped = [b["words"] for b in page.evaluate(CLIPPED) if b["cut"]]
    assert not clipped, f"{where}: buttons with their words cut: {clipped}\n{note}"

    textarea.fill(REWRITE)
    _wait_for_html(page, NO_RULE)
    seen: dict[str, object] = {}
    check = page.get_by_role("button", name="Check my pitch").first
    _click_mid_screen(page, check)
    _wait_for_html(page, NO_RULE)
    seen["check"] = _near(page, check, "Ease of yes", "Check", note)

    # By its tooltip: the button's words change to "Hide the model rewrite" once clicked.
    model = page.locator('button[title^="Show one good rewrite"]').first
    _click_mid_screen(page, model)
    _wait_for_html(page, "One model rewrite")
    seen["model"] = _near(page, model, "One model rewrite", "Show a model rewrite", note)

    _click_mid_screen(page, save)
    _wait_for_html(page, "Your journal now has 1 entry.")
    seen["save"] = _near(page, save, "Your journal now has 1 entry", "Save", note)
    _click_mid_screen(page, save)
    _wait_for_html(page, "You already saved this rewrite")
    seen["again"] = _near(page, save, "You already saved this rewrite", "Save again", note)
    lines = journal.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1, f"{where}: a duplicate save wrote to the journal\n{note}"
    clipped = [b["words"] for b in page.evaluate(CLIPPED) if b["cut"]]
    assert not clipped, f"{where}: buttons with their words cut: {clipped}\n{note}"
    screenshot_note(page, tmp, where)
    return seen


def _context(browser, size: tuple[int, int]):  # noqa: ANN001, ANN202
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


FIRST_SCREEN = """() => {
  const brief = [...document.querySelectorAll('h2')]
    .find(h => h.textContent.includes('Your brief'));
  const box = document.querySelector('textarea[placeholder^="Rewrite the pitch here"]');
  const shop = box && box.closest('.widget-vbox');
  const menu = shop && shop.querySelector('.widget-dropdown');
  return {scroll: scrollY, brief: brief ? brief.getBoundingClientRect().top : null,
          workshop: shop ? shop.getBoundingClientRect().top : null,
          menu: menu ? menu.getBoundingClientRect().bottom : null, height: innerHeight};
}"""


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_voila_results_sit_next_to_their_buttons(tmp_path: Path, size: str) -> None:
    journal = tmp_path / "journal.jsonl"
    with voila(NOTEBOOK, tmp_path) as server, chromium_browser() as browser:
        context, page = _context(browser, VIEWPORTS[size])
        try:
            page.goto(f"{server.url}/?token={server.token}")
            _workshop(page)[0].wait_for(state="visible", timeout=120_000)
            _wait_for_html(page, "still broken", timeout=60_000)
            first = page.evaluate(FIRST_SCREEN)
            seen = _check_layout(page, journal, f"voila_{size}", tmp_path)
        except Exception as exc:
            raise AssertionError(
                f"{exc}\n{screenshot_note(page, tmp_path, f'voila_{size}')}\n"
                f"server log:\n{server.log_tail()}"
            ) from exc
        finally:
            context.close()
    print(size, first, seen)
    assert first["brief"] is not None and 0 <= first["brief"] < first["height"], first
    if size == "desktop":  # the brief and the workshop's first menu on the first screen
        assert first["workshop"] is not None and first["workshop"] < first["height"], first
        assert first["menu"] is not None and first["menu"] < first["height"], first


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_jupyterlab_results_sit_next_to_their_buttons(tmp_path: Path, size: str) -> None:
    journal = tmp_path / "journal.jsonl"
    with jupyterlab(tmp_path) as server, chromium_browser() as browser:
        context, page = _context(browser, VIEWPORTS[size])
        try:
            open_in_lab(page, server, NOTEBOOK)
            # On a narrow screen a learner closes the file browser to see the notebook.
            page.evaluate(
                "() => { window.jupyterapp.shell.collapseLeft();"
                " window.jupyterapp.shell.collapseRight(); }"
            )
            run_all(page, _workshop(page)[0], timeout=45_000)
            seen = _check_layout(page, journal, f"lab_{size}", tmp_path)
        except Exception as exc:
            raise AssertionError(
                f"{exc}\n{screenshot_note(page, tmp_path, f'lab_{size}')}\n"
                f"server log:\n{server.log_tail()}"
            ) from exc
        finally:
            context.close()
    print(size, seen)
