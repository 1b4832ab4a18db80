"""Kiosk mode in a real browser (issue 16): Voilà with ``HELPABLE_KIOSK=1`` on lesson 06.

Two visitors, each in a browser context of their own (own cookies, own page, own
kernel), first side by side and then one after the other:

- visitor A saves a rewrite holding a unique word;
- visitor B, whose page opens while A's is still open, never sees that word
  anywhere on the page (text, markup, the journal chart's alt text, the counts,
  the download link's bytes), also after saving and Refresh;
- A clicks **Finish and clear**: the download is offered first (the link stays),
  then **Yes, delete everything**; A's files are gone from disk, B's are not;
- visitor C, after A, sees neither word;
- the shared ``HELPABLE_JOURNAL`` the test server sets is never written;
- once B's page is closed, Voilà culls its kernel (the culling options of
  ``docs/kiosk.md``, with short times) and B's folder is removed.

Marked ``browser`` (so ``HELPABLE_REQUIRE_BROWSER=1`` turns a missing Chromium into
a failure, see ``tests/conftest.py``) and ``kiosk``.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpable.content.strings import say
from helpable.journal import kiosk

from .browser_support import (
    VOILA_COUNT_WIDGETS,
    VOILA_READY,
    Server,
    chromium_browser,
    free_port,
    new_page,
    open_in_voila,
    running,
    screenshot_note,
)

pytestmark = [pytest.mark.browser, pytest.mark.kiosk]

LESSON = "06_pitch_workshop.ipynb"
CULL_AFTER = 10  # seconds a closed page's kernel waits before Voilà shuts it down
TEXTAREA = '.widget-textarea textarea[placeholder^="Rewrite the pitch here"]'
HTML_WIDGETS = "[...document.querySelectorAll('.widget-html-content')].map(e => e.textContent)"
EVERYTHING = """() => ({
  html: document.documentElement.outerHTML,
  text: document.body.innerText,
  alts: [...document.querySelectorAll('[alt], [aria-label], title, desc')]
          .map(e => (e.getAttribute('alt') || '') + ' ' + (e.getAttribute('aria-label') || '')
                    + ' ' + (e.textContent || '')),
  images: [...document.images].map(i => i.src).filter(s => s.startsWith('data:')),
  links: [...document.querySelectorAll('a[download]')].map(a => a.getAttribute('href')),
})"""
"""All a visitor could see or save from the page: its markup, text, alt texts, data images
and the download link's data."""


def _wait_for_html(page: Any, text: str, timeout: float = 60_000) -> None:
    page.wait_for_function(
        f"() => {HTML_WIDGETS}.some(t => t.includes({json.dumps(text)}))", timeout=timeout
    )


def _open(browser: Any, server: Server) -> Any:
    page = new_page(browser)
    page.add_init_script(VOILA_COUNT_WIDGETS)
    open_in_voila(page, server, LESSON)
    return page


def _save_rewrite(page: Any, words: str) -> None:
    box = page.locator(TEXTAREA)
    box.wait_for(state="visible", timeout=60_000)
    box.fill(words)
    _wait_for_html(page, "Ease of yes")
    page.get_by_role("button", name="Save to my journal").first.click()
    _wait_for_html(page, "Your journal now has 1 entry.")


def _download_bytes(page: Any) -> bytes:
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[download]')].map(a => a.href)")
    return b"".join(base64.b64decode(h.split("base64,", 1)[1]) for h in hrefs)


def _seen(page: Any) -> str:
    """Everything on the page, with data images and the download link decoded, as text."""
    seen = page.evaluate(EVERYTHING)
    decoded = [
        base64.b64decode(uri.split("base64,", 1)[1]).decode("utf-8", "replace")
        for uri in [*seen["images"], *seen["links"]]
        if "base64," in uri
    ]
    return "\n".join([seen["html"], seen["text"], *seen["alts"], *decoded])


def _folders(temp: Path) -> list[Path]:
    return sorted(p for p in temp.iterdir() if p.name.startswith(kiosk.PREFIX))


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _holding(temp: Path, word: str) -> list[Path]:
    """The kiosk folders whose files hold ``word``."""
    return [f for f in _folders(temp) if any(word.encode() in p.read_bytes() for p in _files(f))]


@pytest.fixture
def kiosk_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Server, Path]]:
    temp = tmp_path / "kiosk-tmp"  # where each kernel's mkdtemp folder goes
    temp.mkdir()
    before = os.environ.get("TMPDIR")
    monkeypatch.setenv(kiosk.ENV_VAR, "1")
    monkeypatch.setenv("TMPDIR", str(temp))  # for the server and its kernels only:
    port, token = free_port(), secrets.token_hex(16)
    command = [
        *(sys.executable, "-m", "voila", "notebooks", "--no-browser"),
        *(f"--Voila.port={port}", "--Voila.ip=127.0.0.1", f"--Voila.token={token}"),
        # As docs/kiosk.md says, with short times: a closed page's kernel is culled.
        f"--MappingKernelManager.cull_idle_timeout={CULL_AFTER}",
        "--MappingKernelManager.cull_interval=2",
    ]
    with running(command, port, token, VOILA_READY, tmp_path) as server:
        if before is None:  # Chromium's own sockets need a short temporary folder
            monkeypatch.delenv("TMPDIR")
        else:
            monkeypatch.setenv("TMPDIR", before)
        yield server, temp


def test_two_visitors_at_a_kiosk_never_see_each_other(
    kiosk_server: tuple[Server, Path], tmp_path: Path
) -> None:
    server, temp = kiosk_server
    word_a, word_b = "Zanzibar" + os.urandom(3).hex(), "Quokka" + os.urandom(3).hex()
    ask = "Hi! I'm new to your field. Could you share one tip about your work? ({})"
    pages: dict[str, Any] = {}
    with chromium_browser() as browser:
        try:
            pages["a"] = _open(browser, server)
            _save_rewrite(pages["a"], ask.format(word_a))
            [folder_a] = _holding(temp, word_a)

            # Side by side: B opens while A's page is still open.
            pages["b"] = _open(browser, server)
            seen_b = _seen(pages["b"])
            assert word_a not in seen_b
            assert say("journal.download.empty") in seen_b  # no count of A's entries
            _save_rewrite(pages["b"], ask.format(word_b))  # "1 entry": A's is not counted
            pages["b"].get_by_role("button", name=say("journal.download.refresh")).click()
            _wait_for_html(pages["b"], "Download my journal (1 entry)")
            assert word_b.encode() in _download_bytes(pages["b"])
            assert word_a not in _seen(pages["b"])
            [folder_b] = _holding(temp, word_b)
            assert folder_b != folder_a and _holding(temp, word_a) == [folder_a]

            # A: Finish and clear. The download is offered first and stays until A confirms.
            a = pages["a"]
            a.get_by_role("button", name=say("journal.download.refresh")).click()
            a.get_by_role("button", name=say("journal.finish.button")).click()
            _wait_for_html(a, "Before you go")
            link = a.get_by_role("link", name=say("journal.download.link_one"))
            link.wait_for(timeout=30_000)
            assert word_a.encode() in _download_bytes(a)
            assert word_b not in _seen(a)
            assert _files(folder_a), "nothing may be deleted before A confirms"
            a.get_by_role("button", name=say("journal.finish.confirm")).click()
            _wait_for_html(a, "Everything you saved on this computer is deleted")
            assert a.get_by_role("link", name=say("journal.download.link_one")).count() == 0
            assert _files(folder_a) == [], "A's files are still on disk"
            assert _holding(temp, word_a) == [] and _holding(temp, word_b) == [folder_b]

            # One after the other: C comes after A and sees neither word.
            a.context.close()
            pages["c"] = _open(browser, server)
            seen_c = _seen(pages["c"])
            assert word_a not in seen_c and word_b not in seen_c
            assert say("journal.download.empty") in seen_c

            # A closed page's kernel is culled (shut down cleanly): its folder goes (atexit).
            pages["b"].context.close()
            deadline = time.monotonic() + CULL_AFTER + 90
            while folder_b.exists() and time.monotonic() < deadline:
                time.sleep(0.5)
            gone_after_close = not folder_b.exists()
        except Exception as exc:
            notes = "\n".join(
                screenshot_note(p, tmp_path, f"kiosk_{name}")
                for name, p in pages.items()
                if not p.is_closed()
            )
            raise AssertionError(f"{exc}\n{notes}\nserver log:\n{server.log_tail()}") from exc
    assert not (tmp_path / "journal.jsonl").exists(), "the shared HELPABLE_JOURNAL was written"
    assert gone_after_close, f"B's folder stayed after B's page closed\n{server.log_tail()}"
