"""Lesson 05's explorers in a real browser, as a Voilà app (no code on the page).

* axe-core finds no ``aria-input-field-name`` (a slider with no name) and no
  ``select-name`` or ``label`` violation: every control of "Predict, then
  slide", the trust-and-risk explorer and the simulation explorer has an
  accessible name. (ipywidgets 8's sliders cannot be given one from Python:
  noUiSlider's handle takes no label, so the explorers use labelled menus.)
* each menu's accessible name is the words of its label, and the page has no
  serious or critical violation at all (the pictures carry alt text);
* "Predict, then slide" keeps its numbers hidden until the learner commits a
  guess with the button.

A failure names a screenshot in the test's temp folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_support import (
    VOILA_COUNT_WIDGETS,
    Server,
    chromium_browser,
    new_page,
    open_in_voila,
    run_axe,
    screenshot_note,
    voila_folder,
)

pytestmark = pytest.mark.browser

LESSON = "05_trust_and_risk.ipynb"

MENUS = (
    "Effort (work for them)",
    "Commitment (a job left for later)",
    "Strategy to highlight",
    "Contacts on your list",
    "Weeks",
    "Runs (different luck)",
    "Asks per week",
)
"""The label of every explorer menu in lesson 05, as a screen reader should read it."""

NAME_RULES = ("aria-input-field-name", "select-name", "label", "aria-toggle-field-name")


@pytest.fixture(scope="module")
def lesson_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Any, Path]]:
    tmp = tmp_path_factory.mktemp("explorers")
    with chromium_browser() as browser, voila_folder("notebooks", tmp) as server:
        page = new_page(browser)
        page.add_init_script(VOILA_COUNT_WIDGETS)
        # Voilà's page links Font Awesome from a CDN: refuse anything that leaves this machine.
        page.context.route(
            re.compile(r"^(?!http://127\.0\.0\.1|data:|blob:|about:)"), lambda route: route.abort()
        )
        try:
            open_in_voila(page, server, LESSON)
        except Exception as exc:
            raise AssertionError(
                f"{exc}\n{screenshot_note(page, tmp, 'open')}\n{server.log_tail()}"
            ) from exc
        yield server, page, tmp
        page.context.close()


def test_every_slider_has_an_accessible_name_axe_accepts(
    lesson_page: tuple[Server, Any, Path],
) -> None:
    _, page, tmp = lesson_page
    run = run_axe(page, f"{LESSON} (Voilà)")
    note = screenshot_note(page, tmp, "axe")
    assert run.checked > 0, note
    unnamed = [f for f in run.violations if f.rule in NAME_RULES]
    assert not unnamed, f"controls without a name:\n{run.report()}\n{note}"
    for name in MENUS:
        menu = page.get_by_role("combobox", name=name, exact=True)
        assert menu.count() == 1, f"no menu named {name!r}\n{note}"
    # Nothing is left open on this page: the explorers' pictures are <img> with alt text too.
    assert not run.blocking(), f"serious or critical violations:\n{run.report()}\n{note}"
    people = page.get_by_role("radio", name="a close friend", exact=True)
    assert people.count() == 1, f"no 'a close friend' choice\n{note}"


def test_predict_then_slide_shows_numbers_only_after_the_guess_is_committed(
    lesson_page: tuple[Server, Any, Path],
) -> None:
    _, page, tmp = lesson_page
    box = page.locator(".widget-vbox", has_text="What happens to the chance of a yes").first
    try:
        box.wait_for(timeout=30_000)
        assert "%" not in box.inner_text(), "a number shows before any guess"
        box.get_by_role("radio", name=re.compile("goes up a little")).check()
        assert "%" not in box.inner_text(), "a number shows as soon as a guess is picked"
        box.get_by_role("button", name=re.compile(r"Lock in my guess$")).click()
        page.wait_for_function(
            "e => /%/.test(e.innerText)", arg=box.element_handle(), timeout=30_000
        )
    except Exception as exc:
        raise AssertionError(f"{exc}\n{screenshot_note(page, tmp, 'predict')}") from exc
    friend = box.get_by_role("radio", name="a close friend", exact=True)
    assert friend.is_enabled(), "the people open once the guess is locked in"
    assert box.get_by_role("radio", name=re.compile("goes up a little")).is_disabled()
