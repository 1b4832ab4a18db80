"""Every lesson and exercise works as a Voilà app, served the way the README says.

One Voilà serves the course folder (``voila`` run in it, as in the README), and
one Chromium opens every lesson and exercise page in turn, at 1280 × 800, once:

* cells tagged ``lab-only`` are not on the page (``voila.json`` drops them), also
  in Voilà inside JupyterLab, which is what Binder's ``urlpath=voila/...`` uses
  (set up by ``postBuild``, as Binder runs it);
* no page tells the learner to do something only a notebook can do
  ("Shift + Enter", "run the next cell", "code cell", ...);
* every link on every page opens a page (no 403 or 404), and every link to a
  place on the same page has that place;
* the first screen of each lesson shows its title, its time, and how to use
  the page.

A failure names every page and link at fault.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest

from helpable.authoring.conventions import HOW_TO_MARKER, cell_source, is_lab_only

from .browser_support import (
    VOILA_COUNT_WIDGETS,
    VOILA_SHOWN,
    Server,
    chromium_browser,
    free_port,
    jupyterlab,
    open_in_voila,
    running,
    screenshot_note,
    voila_folder,
    voila_url,
    wait_until_settled,
)
from .conftest import ROOT

pytestmark = pytest.mark.browser

LESSONS = [f"notebooks/{p.name}" for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
EXERCISES = [f"exercises/{p.name}" for p in sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))]
PAGES = LESSONS + EXERCISES
START = "notebooks/00_start_here.ipynb"

NOTEBOOK_ONLY = re.compile(
    r"shift\s*\+\s*enter|run the next cell|run this cell|✏️\s*cell|code cell", re.IGNORECASE
)
"""Instructions that only make sense in a notebook (common.md's Voilà convention)."""

FIRST_SCREEN = {"width": 1280, "height": 800}

LINKS = """() => [...document.querySelectorAll('a[href]')].map(a => ({
  text: a.textContent.trim().slice(0, 60), href: a.getAttribute('href'), url: a.href}))"""

ON_FIRST_SCREEN = """([how]) => {
  window.scrollTo(0, 0);
  const seen = e => { if (!e) return false; const r = e.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; };
  const withText = pattern => [...document.querySelectorAll(
    '.jp-MarkdownOutput p, .jp-MarkdownOutput li')].find(e => pattern.test(e.textContent));
  const title = document.querySelector('.jp-MarkdownOutput h1');
  return {
    title: seen(title) ? title.textContent.replace('¶', '').trim() : null,
    time: seen(withText(/Time:/)),
    how_to: seen(withText(new RegExp(how))),
  };
}"""


@dataclass
class Shown:
    """What one page showed in Voilà (``error`` says why it could not be opened)."""

    text: str = ""
    links: list[dict[str, str]] = field(default_factory=list)
    first_screen: dict[str, Any] = field(default_factory=dict)
    missing_targets: list[str] = field(default_factory=list)
    error: str = ""


def _lab_only_phrases(name: str) -> list[str]:
    """A line of plain text from each ``lab-only`` markdown cell of a stored notebook."""
    phrases = []
    for cell in nbformat.read(ROOT / name, as_version=4).cells:
        if cell.cell_type == "markdown" and is_lab_only(cell):
            line = re.sub(r"[*_`#>]|\[|\]\([^)]*\)", "", cell_source(cell).splitlines()[0]).strip()
            phrases.append(line[:50])
    return phrases


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium_browser() as chromium:
        yield chromium


@contextlib.contextmanager
def _first_screen_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=FIRST_SCREEN)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.add_init_script(VOILA_COUNT_WIDGETS)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def course_app(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, Any, Path]]:
    """``voila`` run in the course folder (the README's command), and a 1280 × 800 page."""
    tmp = tmp_path_factory.mktemp("voila_course")
    with voila_folder(".", tmp) as server, _first_screen_page(browser) as page:
        yield server, page, tmp


@pytest.fixture(scope="module")
def shown(course_app: tuple[Server, Any, Path]) -> dict[str, Shown]:
    """Every lesson and exercise page, opened once in Voilà."""
    server, page, tmp = course_app
    found: dict[str, Shown] = {}
    for name in PAGES:
        try:
            open_in_voila(page, server, name)
            found[name] = Shown(
                text=page.inner_text("body"),
                links=page.evaluate(LINKS),
                first_screen=page.evaluate(ON_FIRST_SCREEN, [re.escape(HOW_TO_MARKER.strip("*"))]),
                missing_targets=page.evaluate(
                    """() => [...document.querySelectorAll('a[href^="#"]')]
                      .map(a => a.getAttribute('href'))
                      .filter(h => h.length > 1 && !document.getElementById(h.slice(1))
                              && !document.getElementById(decodeURIComponent(h.slice(1))))"""
                ),
            )
        except Exception as exc:
            stem = Path(name).stem
            found[name] = Shown(error=f"{exc}\n{screenshot_note(page, tmp, stem)}")
    return found


def _opened(shown: dict[str, Shown], name: str) -> Shown:
    page = shown[name]
    assert not page.error, f"{name} did not open in Voilà:\n{page.error}"
    return page


# --- 1. cells tagged lab-only are dropped ---------------------------------------------------


def test_the_start_page_has_lab_only_cells_to_drop() -> None:
    phrases = _lab_only_phrases(START)
    assert len(phrases) >= 2, "lesson 00 should tag its JupyterLab-only help lab-only"


def test_lab_only_cells_are_not_shown_in_voila(shown: dict[str, Shown]) -> None:
    for name in PAGES:
        if shown[name].error:
            continue
        text = " ".join(shown[name].text.split())
        still = [p for p in _lab_only_phrases(name) if p and " ".join(p.split()) in text]
        assert not still, f"{name}: lab-only cells are shown in Voilà: {still}"
    start = _opened(shown, START)
    assert "Click me to test widgets" in start.text, "the widget check must stay"


def test_lab_only_cells_are_not_shown_in_voila_inside_jupyterlab(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Binder's ``urlpath=voila/render/...``: Voilà as a server extension of JupyterLab.

    Binder runs ``postBuild`` once after installing; here it writes into a
    private Jupyter config folder that the server then reads.
    """
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter-config"))
    subprocess.run(["bash", str(ROOT / "postBuild")], check=True, timeout=120)
    with jupyterlab(tmp_path) as server, _first_screen_page(browser) as page:
        try:
            page.goto(f"{server.url}/voila/render/{START}?token={server.token}")
            page.wait_for_function(VOILA_SHOWN, timeout=90_000)
            wait_until_settled(page)
            text = " ".join(page.inner_text("body").split())
            status = page.context.request.get(
                f"{server.url}/voila/render/exercises/01_networking_is_relationships.ipynb",
                timeout=120_000,
            ).status
        except Exception as exc:
            raise AssertionError(
                f"{exc}\n{screenshot_note(page, tmp_path, 'voila_in_lab')}\n"
                f"server log:\n{server.log_tail()}"
            ) from exc
    assert "Click me to test widgets" in text
    still = [p for p in _lab_only_phrases(START) if " ".join(p.split()) in text]
    assert not still, f"lab-only cells are shown in Voilà inside JupyterLab: {still}"
    assert status == 200, f"an exercise link gave {status} in Voilà inside JupyterLab"


# --- 2. every link opens a page ---------------------------------------------------------------

_STATUS: dict[str, int | str] = {}
"""Each link target's HTTP status, fetched once for the whole module (each fetch runs a kernel)."""


def _status(page: Any, url: str) -> int | str:
    if url not in _STATUS:
        try:
            _STATUS[url] = page.context.request.get(url, timeout=120_000).status
        except Exception as exc:
            _STATUS[url] = f"no answer ({type(exc).__name__})"
    return _STATUS[url]


@pytest.mark.parametrize("name", PAGES)
def test_every_link_opens_a_page(
    course_app: tuple[Server, Any, Path], shown: dict[str, Shown], name: str
) -> None:
    server, page, _ = course_app
    here = _opened(shown, name)
    broken = [f"a link to a missing place on the page: {h}" for h in here.missing_targets]
    local = 0
    for link in here.links:
        url = urllib.parse.urldefrag(link["url"])[0]
        if not url.startswith(server.url) or link["href"].startswith("#"):
            continue  # another site (this test stays offline), or a place on the same page
        local += 1
        status = _status(page, url)
        if status != 200:
            broken.append(f"{link['text']!r} -> {link['href']} ({url}): {status}")
    assert local, f"{name} has no link to another page of the course"
    assert not broken, f"{name}: {len(broken)} broken links in Voilà:\n" + "\n".join(broken)


# --- 3. no notebook-only instruction ----------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_no_notebook_only_instruction(shown: dict[str, Shown], name: str) -> None:
    text = _opened(shown, name).text
    found = sorted(
        {
            f"...{text[max(0, m.start() - 40) : m.end() + 20]}..."
            for m in NOTEBOOK_ONLY.finditer(text)
        }
    )
    assert not found, f"{name} tells a Voilà user to do what only a notebook can:\n" + "\n".join(
        " ".join(f.split()) for f in found
    )


# --- 4. the first screen says what to do ------------------------------------------------------


@pytest.mark.parametrize("name", LESSONS)
def test_first_screen_shows_title_time_and_how_to(shown: dict[str, Shown], name: str) -> None:
    screen = _opened(shown, name).first_screen
    assert screen["title"], f"{name}: the title is not on the first screen (1280 × 800)"
    assert screen["time"], f"{name}: the time estimate is not on the first screen"
    assert screen["how_to"], f"{name}: no {HOW_TO_MARKER!r} line on the first screen"


# --- the helpers' own promise: one server, a fresh port, stopped at the end --------------------


def test_voila_in_the_course_folder_serves_lessons_and_exercises(tmp_path: Path) -> None:
    """Without the browser: ``voila`` in the course folder answers for a lesson and an exercise."""
    import urllib.request

    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "voila",
        "--no-browser",
        f"--Voila.port={port}",
        "--Voila.ip=127.0.0.1",
        f"--Voila.token={token}",
    ]
    ready = "/voila/templates/lab/static/index.css"
    with running(command, port, token, ready, tmp_path) as server:
        for name in ("exercises/01_networking_is_relationships.ipynb", START):
            with urllib.request.urlopen(voila_url(server, name), timeout=120) as response:
                assert response.status == 200, name
