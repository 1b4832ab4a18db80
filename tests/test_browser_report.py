"""A real Chromium opens the class report from disk: headings show and every chart loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpable.instructor import report

from .browser_support import chromium_page, screenshot_note
from .test_report import build_class

pytestmark = pytest.mark.browser


def test_report_opens_offline_with_headings_and_images(tmp_path: Path) -> None:
    page_html, summary = report.build_report([build_class(tmp_path / "class")])
    out = tmp_path / "report.html"
    out.write_text(page_html, encoding="utf-8")
    outside: list[str] = []
    with chromium_page(tmp_path) as page:
        page.on(
            "request",
            lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None,
        )
        try:
            page.goto(out.as_uri())
            page.wait_for_load_state("load")
            h1 = page.locator("h1").all_inner_texts()
            h2 = page.locator("h2").all_inner_texts()
            images = page.evaluate(
                "() => [...document.images].map(i => ({alt: i.alt, ok: i.complete, "
                "w: i.naturalWidth, h: i.naturalHeight}))"
            )
        except Exception as exc:
            raise AssertionError(f"{exc}\n{screenshot_note(page, tmp_path, 'report')}") from exc
        note = screenshot_note(page, tmp_path, "report")
    assert h1 == [summary.title], note
    for heading in (
        "At a glance",
        "Rules still broken after rewriting",
        "Scores before and after rewriting",
        "The five most common problem phrases",
        "Journals skipped or partly read",
    ):
        assert heading in h2, f"{heading!r} not in {h2}\n{note}"
    assert len(images) >= 2, note
    for image in images:
        assert image["ok"] and image["w"] > 0 and image["h"] > 0, f"{image}\n{note}"
        assert image["alt"].strip(), note
    assert outside == [], f"the report asked the network for {outside}"
