"""Handouts: one read-only page per lesson, an index, a banner, nothing loaded from outside."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import nbformat
import pytest

from helpable.cli.main import main
from helpable.content.course import lessons
from helpable.instructor import handouts
from helpable.paths import NOTEBOOKS_DIR

# A 1x1 PNG, for a markdown image that must be embedded.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> handouts.HandoutResult:
    return handouts.export_handouts(tmp_path_factory.mktemp("handouts") / "out")


def present_lessons() -> list[str]:
    return [lesson.notebook for lesson in lessons() if (NOTEBOOKS_DIR / lesson.filename).exists()]


def test_one_page_per_lesson_plus_index(exported: handouts.HandoutResult) -> None:
    expected = present_lessons()
    assert expected, "no lessons in notebooks/"
    practice = [n for n in expected if (NOTEBOOKS_DIR.parent / "exercises" / f"{n}.ipynb").exists()]
    assert sorted(p.name for p in exported.out_dir.iterdir()) == sorted(
        [f"{name}.html" for name in expected]
        + [handouts.exercise_page_name(name) for name in practice]
        + ["index.html"]
    )
    assert [p.name for p in exported.exercises] == [
        handouts.exercise_page_name(name) for name in practice
    ]
    assert [p.stem for p in exported.pages] == expected
    assert exported.failed == []
    index = exported.index.read_text(encoding="utf-8")
    for name in expected:
        assert f'href="{name}.html"' in index


def test_every_page_has_the_banner_and_loads_nothing_from_outside(
    exported: handouts.HandoutResult,
) -> None:
    for page in [*exported.pages, exported.index]:
        text = page.read_text(encoding="utf-8")
        assert handouts.banner_text() in text, page.name
        assert text.index(handouts.banner_text()) < text.index("<main") + 2000, page.name
        assert handouts.external_resources(text) == [], page.name
        assert not re.search(r"<script[^>]+src=", text), page.name
    assert exported.external == {}


def test_lesson_links_point_at_the_handouts(exported: handouts.HandoutResult) -> None:
    names = set(present_lessons())
    for page in exported.pages:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r'href="(\d\d_[a-z0-9_]+)\.ipynb', text):
            assert target not in names, f"{page.name} still links {target}.ipynb"


def test_lesson_title_and_content_are_in_the_page(exported: handouts.HandoutResult) -> None:
    by_name = {lesson.notebook: lesson for lesson in lessons()}
    for page in exported.pages:
        text = page.read_text(encoding="utf-8")
        title = by_name[page.stem].title
        assert f"<title>{html.escape(title, quote=False)}" in text or title in text
        nb = nbformat.read(NOTEBOOKS_DIR / f"{page.stem}.ipynb", as_version=4)
        code = next(c.source for c in nb.cells if c.cell_type == "code" and c.source.strip())
        first_word = re.search(r"[A-Za-z_]{4,}", code)
        assert first_word and first_word.group(0) in text


def fake_course(folder: Path) -> Path:
    """A notebooks folder with one lesson that has a widget, an image, math and links."""
    folder.mkdir()
    (folder / "pixel.png").write_bytes(PIXEL)
    first, second, missing = (lesson.notebook for lesson in lessons()[:3])
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            f"# Hello\n\n![a pixel](pixel.png)\n\nNext: [two]({second}.ipynb) "
            f"and [three]({missing}.ipynb#top). Math: $x^2$"
        ),
        nbformat.v4.new_code_cell(
            "show_widget()",
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "application/vnd.jupyter.widget-view+json": {
                            "model_id": "abc",
                            "version_major": 2,
                            "version_minor": 0,
                        },
                        "text/plain": "VBox(children=(...))",
                    },
                )
            ],
        ),
    ]
    nbformat.write(nb, folder / f"{first}.ipynb")
    nbformat.write(nbformat.v4.new_notebook(), folder / f"{second}.ipynb")
    return folder


def test_widgets_images_and_links_in_a_lesson(tmp_path: Path) -> None:
    first, second, missing = (lesson.notebook for lesson in lessons()[:3])
    result = handouts.export_handouts(tmp_path / "out", notebooks_dir=fake_course(tmp_path / "nb"))
    assert [p.stem for p in result.pages] == [first, second]
    assert f"{missing}.ipynb" in result.missing
    text = (tmp_path / "out" / f"{first}.html").read_text(encoding="utf-8")
    assert handouts.widget_note() in text
    assert "application/vnd.jupyter.widget-view+json" not in text
    assert 'src="data:image/png;base64,' in text and 'src="pixel.png"' not in text
    assert f'href="{second}.html"' in text
    assert re.search(rf'href="https://mybinder\.org/[^"]*{missing}\.ipynb"', text)
    assert handouts.external_resources(text) == []


def test_no_binder_links_when_asked(tmp_path: Path) -> None:
    result = handouts.export_handouts(
        tmp_path / "out", notebooks_dir=fake_course(tmp_path / "nb"), binder=False
    )
    for page in [*result.pages, result.index]:
        assert "mybinder.org" not in page.read_text(encoding="utf-8")


def test_external_resources_finds_what_a_page_would_load() -> None:
    page = (
        '<script src="https://cdn.example/require.js"></script>'
        '<link rel="stylesheet" href="//cdn.example/x.css">'
        '<img src="http://img.example/a.png"><style>@import "https://f.example/f.css";'
        'b{background:url("https://i.example/b.png")}</style>'
        '<script type="module">const m = await import("https://cdn.example/m.mjs")</script>'
        '<a href="https://whitehouse.coach/">a plain link</a><img src="data:image/png;base64,AA">'
    )
    assert handouts.external_resources(page) == sorted(
        [
            "https://cdn.example/require.js",
            "//cdn.example/x.css",
            "http://img.example/a.png",
            "https://f.example/f.css",
            "https://i.example/b.png",
            "https://cdn.example/m.mjs",
        ]
    )


def test_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(handouts.HandoutError):
        handouts.export_handouts(out, notebooks_dir=fake_course(tmp_path / "nb"))
    assert main(["handouts", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("helpable: ") and "--force" in err and "\n" not in err
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["handouts", str(tmp_path / "file")]) == 2


def test_force_writes_into_a_used_folder_and_keeps_other_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    result = handouts.export_handouts(out, notebooks_dir=fake_course(tmp_path / "nb"), force=True)
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep"
    assert result.index.exists() and len(result.pages) == 2
