"""Lessons 01-04 in Voilà: charts are images with alt text, and the first screen says what to do.

axe-core's ``image-alt`` rule must find nothing (charts are ``<img alt>``);
no code is shown; the page's opening words are the title, the time, the
objectives and the one line on how to use the page, and no "Run All" line
(that one is for JupyterLab only).
"""

from __future__ import annotations

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

LESSONS = [
    "01_networking_is_relationships.ipynb",
    "02_rule1_effort.ipynb",
    "03_rule2_risk.ipynb",
    "04_rule3_commitment.ipynb",
]


@pytest.fixture(scope="module")
def voila_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Any, Path]]:
    tmp = tmp_path_factory.mktemp("readable_voila")
    with chromium_browser() as browser, voila_folder("notebooks", tmp) as server:
        page = new_page(browser)
        page.context.route("https://**/*", lambda route: route.abort())
        page.add_init_script(VOILA_COUNT_WIDGETS)
        yield server, page, tmp
        page.context.close()


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_images_have_alt_and_the_page_opens_with_what_to_do(
    voila_page: tuple[Server, Any, Path], lesson: str
) -> None:
    server, page, tmp = voila_page
    open_in_voila(page, server, lesson)
    note = screenshot_note(page, tmp, lesson.removesuffix(".ipynb"))
    run = run_axe(page, f"{lesson} (Voilà)")
    missing = [f.line() for f in run.violations if f.rule == "image-alt"]
    assert not missing, f"{missing}\n{note}"
    images = page.evaluate("() => [...document.images].map(i => i.alt)")
    assert images and all(alt.strip() for alt in images), note
    text = page.evaluate("() => document.body.innerText")
    start = text.index(lesson[:2] + " ·")
    first_screen = text[start : start + 900]
    assert "How to use this page:" in first_screen, note
    assert "What you will learn" in first_screen and "Time:" in first_screen, note
    assert "Run All Cells" not in text, "the JupyterLab-only line shows in Voilà"
    assert "from helpable" not in text, "code shows in Voilà"
