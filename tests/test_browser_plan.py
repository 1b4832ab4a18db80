"""A real browser uses the plan table (lesson 07) as a Voilà app, on a phone-sized screen.

The test opens the lesson in Voilà at 390 px wide, adds two people, fills in
the first (each box by its label), removes the second, and clicks Save my
plan. It checks that opening the lesson wrote no file, that the save wrote
``my_plan.ics`` and ``my_plan.csv`` and said so beside the button, that no
button is cut off or wider than the screen, and that axe finds no serious or
critical WCAG A/AA problem on the page once the rows are there. A screenshot is saved in the
test's temp folder and named in any failure message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from .browser_support import chromium_page, run_axe, screenshot_note, voila

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/07_action_plan.ipynb"
PHONE = {"width": 390, "height": 844}
HTML_WIDGETS = "[...document.querySelectorAll('.widget-html-content')].map(e => e.textContent)"


def _wait_for_html(page, text: str, timeout: float = 30_000) -> None:  # noqa: ANN001
    page.wait_for_function(
        f"() => {HTML_WIDGETS}.some(t => t.includes({json.dumps(text)}))", timeout=timeout
    )


def _plan_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("my_plan*"))


CLIPPED_BUTTONS = """() => [...document.querySelectorAll('button.jupyter-button')]
  .filter(b => b.offsetParent !== null)
  .filter(b => b.scrollWidth > b.clientWidth + 1
            || b.getBoundingClientRect().right > window.innerWidth + 1
            || b.getBoundingClientRect().left < -1)
  .map(b => b.textContent.trim())"""

WIDE_PAGE = "() => document.documentElement.scrollWidth > window.innerWidth + 1"


def _use_table(page, tmp: Path) -> dict[str, object]:  # noqa: ANN001
    """Add two people, fill in the first, remove the second, save; return what was seen."""
    seen: dict[str, object] = {}
    add = page.get_by_role("button", name="Add a person")
    add.wait_for(timeout=120_000)
    seen["files_after_run_all"] = _plan_files(tmp)
    before = page.get_by_label("Who", exact=True).count()  # the practice row has boxes too
    add.click()
    page.wait_for_function(
        f"() => document.querySelectorAll('input[placeholder=\"Their name\"]').length > {before}"
    )
    add.click()
    page.wait_for_function(
        "() => document.querySelectorAll('input[placeholder=\"Their name\"]').length"
        f" > {before + 1}"
    )
    _wait_for_html(page, "People in your plan: 2. Ready: 0.")

    def box(label: str, index: int):  # noqa: ANN202 - a Playwright Locator
        return page.get_by_label(label, exact=True).nth(before + index)

    box("Who", 0).fill("Ana Costa")
    box("Who", 0).press("Tab")
    _wait_for_html(page, "Row 1 (Ana Costa)")
    box("How you know them", 0).select_option(label="An acquaintance")
    box("Your ask", 0).fill(
        "I liked your post about hospital billing. What is one skill you would learn first?"
    )
    box("Your ask", 0).press("Tab")
    box("Your next step", 0).fill("I will send Ana a short message on LinkedIn.")
    box("Your next step", 0).press("Tab")
    box("Date", 0).fill("soon")
    box("Date", 0).press("Tab")
    _wait_for_html(page, "'soon' is not written as year-month-day")
    box("Date", 0).fill("2030-03-06")
    box("Date", 0).press("Tab")
    _wait_for_html(page, "People in your plan: 2. Ready: 1.")

    box("Who", 1).fill("Chris Park")
    box("Who", 1).press("Tab")
    _wait_for_html(page, "Row 2 (Chris Park)")
    page.get_by_role("button", name="Remove this person").nth(1).click()
    _wait_for_html(page, "People in your plan: 1. Ready: 1.")
    seen["names_left"] = page.get_by_label("Who", exact=True).count() - before

    seen["clipped"] = page.evaluate(CLIPPED_BUTTONS)
    seen["wide"] = page.evaluate(WIDE_PAGE)
    page.get_by_role("button", name="Save my plan").click()
    _wait_for_html(page, "Saving again makes new files")
    seen["status"] = page.evaluate(f"() => {HTML_WIDGETS}.find(t => t.includes('Saved')) || ''")
    seen["download"] = page.locator('a[download="my_plan.ics"]').count()
    seen["files_after_save"] = _plan_files(tmp)
    axe = run_axe(page, "lesson 07's plan table after a save (Voilà, 390 px)")
    seen["axe"] = [f.line() for f in axe.blocking()]
    return seen


def test_plan_table_as_a_voila_app_on_a_phone(tmp_path: Path) -> None:
    with voila(NOTEBOOK, tmp_path) as server, chromium_page(tmp_path) as page:
        try:
            page.set_viewport_size(PHONE)
            page.goto(f"{server.url}/?token={server.token}")
            seen = _use_table(page, tmp_path)
        except Exception as exc:
            raise AssertionError(
                f"{exc}\n{screenshot_note(page, tmp_path, 'plan_voila')}\n"
                f"server log:\n{server.log_tail()}"
            ) from exc
        note = screenshot_note(page, tmp_path, "plan_voila")
    assert seen["files_after_run_all"] == [], f"opening the lesson wrote files\n{note}"
    assert seen["names_left"] == 1, note
    assert seen["clipped"] == [], f"buttons cut off at 390 px: {seen['clipped']}\n{note}"
    assert not seen["wide"], f"the page scrolls sideways at 390 px\n{note}"
    assert "my_plan.ics" in str(seen["status"]) and "my_plan.csv" in str(seen["status"]), note
    assert seen["download"] == 1, note
    assert seen["axe"] == [], f"serious accessibility problems: {seen['axe']}\n{note}"
    assert seen["files_after_save"] == ["my_plan.csv", "my_plan.ics"], note
    events = Calendar.from_ical((tmp_path / "my_plan.ics").read_bytes()).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Follow up: Ana Costa"], note
