"""A real browser answers every exercise in Voilà through its widgets only.

One Voilà server serves ``exercises/`` and one Chromium page opens each
exercise notebook in turn. For every check the test ticks the boxes, types in
the box or picks the radio button that the check's answer widget shows (never
a code cell: Voilà shows none), clicks **Check** and waits for ✓ right under
the button. One count exercise is also got wrong twice, to see the hint and
then the answer and why. A failure names the check and saves a screenshot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpable.content.rules import rule
from helpable.content.strings import say
from helpable.ui.answers import choice_question

from .browser_support import (
    LOCAL_URL,
    VOILA_COUNT_WIDGETS,
    Server,
    chromium_browser,
    new_page,
    open_in_voila,
    screenshot_note,
    voila_folder,
)
from .conftest import ROOT
from .test_tries_and_hints import _count, _right, _rows

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb"))
RESULT = ".widget-html-content"


@pytest.fixture(scope="module")
def voila_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Any, Path]]:
    tmp = tmp_path_factory.mktemp("exercises_voila")
    with voila_folder("exercises", tmp) as server, chromium_browser() as browser:
        page = new_page(browser)
        leaves = re.compile("^(?!" + "|".join(map(re.escape, LOCAL_URL)) + ")")
        page.context.route(leaves, lambda route: route.abort())  # e.g. Voilà's CDN fonts
        page.add_init_script(VOILA_COUNT_WIDGETS)
        yield server, page, tmp
        page.context.close()


def _box(page: Any, check_id: str) -> Any:
    """The answer widget of one check, found by its Check button's tooltip."""
    title = say("exercise.check_tooltip", id=check_id)
    return page.locator(".helpable-exercise").filter(has=page.locator(f'button[title="{title}"]'))


def _answer(box: Any, row: dict[str, str], answer: Any) -> None:
    """Tick, type or pick ``answer`` in the widget, as a learner would."""
    kind = row["kind"]
    if kind == "classify":
        if not answer:
            box.get_by_role("checkbox", name=say("exercise.none_box")).check()
        for key in answer:
            box.get_by_role("checkbox", name=rule(key).name, exact=True).check()
    elif kind == "choice":
        question, _ = choice_question(row["target"])
        label = question.options().get(answer, answer)
        box.get_by_role("radio", name=label, exact=True).check()
    elif kind == "rewrite":
        box.locator("textarea").fill(str(answer))
    else:
        box.locator("input[type=text]").fill(str(answer))


def _check_and_wait(box: Any, text: str, timeout: float = 30_000) -> str:
    """Click Check and wait until the result under it holds ``text``; return the result."""
    result = box.locator(RESULT).last
    box.get_by_role("button", name=say("exercise.check")).click()
    result.filter(has_text=text).wait_for(timeout=timeout)
    return str(result.text_content())


def _fail(exc: Exception, page: Any, tmp: Path, server: Server, name: str) -> AssertionError:
    return AssertionError(
        f"{exc}\n{screenshot_note(page, tmp, name)}\nserver log:\n{server.log_tail()}"
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_exercise_is_answered_through_widgets(
    voila_page: tuple[Server, Any, Path], notebook: str
) -> None:
    server, page, tmp = voila_page
    rows = [r for r in _rows() if f"{r['notebook']}.ipynb" == notebook]
    assert rows, f"{notebook} has no checks"
    current = ""
    try:
        open_in_voila(page, server, notebook)
        editors = page.locator(
            ".jp-CodeCell .jp-InputArea, .jp-InputArea-editor, .cm-editor, .CodeMirror"
        )
        assert editors.count() == 0, "Voilà should show no code"
        for row in rows:
            current = row["id"]
            box = _box(page, row["id"])
            box.scroll_into_view_if_needed()
            _answer(box, row, _right(row))
            shown = _check_and_wait(box, "✓")
            assert shown.strip().startswith("✓"), shown
    except Exception as exc:
        raise _fail(exc, page, tmp, server, f"{notebook}-{current}") from exc


def test_a_wrong_count_twice_shows_the_hint_then_the_answer(
    voila_page: tuple[Server, Any, Path],
) -> None:
    server, page, tmp = voila_page
    row = next(r for r in _rows("count") if r["notebook"] == "03_rule2_risk")
    truth = _count(row["target"])
    try:
        open_in_voila(page, server, f"{row['notebook']}.ipynb")
        box = _box(page, row["id"])
        box.scroll_into_view_if_needed()
        box.get_by_role("button", name=say("exercise.check")).click()
        box.locator(RESULT).last.filter(has_text=say("exercise.empty.count")).wait_for()
        _answer(box, row, truth + 1)
        first = _check_and_wait(box, "Hint:")
        assert "✗" in first and say("answers.reveal_head") not in first, first
        _answer(box, row, truth + 2)
        second = _check_and_wait(box, say("answers.reveal_head"))
        assert re.search(rf"\b{truth}\b", second) and "Hint:" not in second, second
        _answer(box, row, truth)
        assert _check_and_wait(box, "✓").strip().startswith("✓")
    except Exception as exc:
        raise _fail(exc, page, tmp, server, "wrong-twice") from exc
