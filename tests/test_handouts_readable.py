"""Handouts read well without a kernel: quizzes, exercises and widgets as text, alt text,
wrapped lines and no dead links."""

from __future__ import annotations

import ast
import base64
import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

import helpable.lesson as lesson_module
from helpable.authoring.conventions import ACTION_CALLS
from helpable.content.checks import check_spec
from helpable.content.course import lessons
from helpable.content.quiz import load_quiz
from helpable.content.rules import rules
from helpable.content.strings import say
from helpable.instructor import handouts
from helpable.paths import COURSE_ROOT, NOTEBOOKS_DIR

LESSON = "01_networking_is_relationships"
WIDGETS = tuple(
    name
    for name in lesson_module.__all__
    if getattr(getattr(lesson_module, name), "__module__", "").startswith("helpable.ui.widgets")
    and not isinstance(getattr(lesson_module, name), type)
)
"""Every widget function a lesson can call (the ones ``helpable.lesson`` takes from ui.widgets)."""
PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5E"
    "rkJggg=="
)


class Page(HTMLParser):
    """A page's visible text (outside head, style and script), its tags and its ids."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._skip = 0
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in {"head", "style", "script", "title"}:
            self._skip += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"head", "style", "script", "title"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    @property
    def words(self) -> str:
        """The visible text with runs of white space made one space."""
        return re.sub(r"\s+", " ", "".join(self.text))

    @property
    def ids(self) -> set[str]:
        return {a["id"] or "" for _, a in self.tags if a.get("id")}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> handouts.HandoutResult:
    return handouts.export_handouts(tmp_path_factory.mktemp("readable") / "out")


def page_of(result: handouts.HandoutResult, name: str) -> str:
    return (result.out_dir / name).read_text(encoding="utf-8")


def calls_in(source: str) -> list[ast.Call]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def called(source: str, names: tuple[str, ...]) -> list[str]:
    return [
        getattr(c.func, "id", getattr(c.func, "attr", ""))
        for c in calls_in(source)
        if getattr(c.func, "id", getattr(c.func, "attr", "")) in names
    ]


# --- quizzes -----------------------------------------------------------------------------


def test_lesson_01_shows_its_quiz_items_and_the_answers_at_the_end(
    exported: handouts.HandoutResult,
) -> None:
    markup = page_of(exported, f"{LESSON}.html")
    words = Page(markup).words
    items = load_quiz(LESSON)
    assert len(items) >= 3
    assert "spot_the_sin(" not in words
    question = say("handout.quiz_question")
    assert words.count(question) == len(items)
    answers = words.rindex(say("handout.answers_heading"))
    last = -1
    for item in items:
        at = words.index(flat(item.text))  # each pitch as text, in the quiz's order
        assert last < at < answers, item.id
        last = at
        assert words.index(flat(item.explanation)) > answers, item.id  # its why, at the end
    assert re.search(r"<h2[^>]*>\s*" + re.escape(say("handout.answers_heading")), markup)
    # a numbered list of the items, and the answers say which rules each breaks
    assert re.search(r"<ol[^>]*class=\"helpable-quiz\"", markup)
    tail = words[answers:]
    for item in items:
        names = [rules()[k].name for k in sorted(item.broken)]
        assert all(name in tail for name in names), item.id
    if any(not item.broken for item in items):
        assert say("handout.answer_none") in tail


def test_every_lesson_with_a_quiz_shows_its_items(exported: handouts.HandoutResult) -> None:
    for lesson in lessons():
        nb_path = NOTEBOOKS_DIR / lesson.filename
        if not nb_path.exists():
            continue
        nb = nbformat.read(nb_path, as_version=4)
        if not any(called(c.source, ("spot_the_sin",)) for c in nb.cells if c.cell_type == "code"):
            continue
        words = Page(page_of(exported, f"{lesson.notebook}.html")).words
        for item in load_quiz(lesson.notebook):
            assert flat(item.text) in words, (lesson.notebook, item.id)
            assert flat(item.explanation) in words, (lesson.notebook, item.id)


# --- exercises ---------------------------------------------------------------------------


def test_the_exercise_pages_show_questions_and_answer_lines_but_no_code(
    exported: handouts.HandoutResult,
) -> None:
    exercises = COURSE_ROOT / "exercises"
    seen = 0
    for lesson in lessons():
        nb_path = exercises / lesson.filename
        if not nb_path.exists() or not (NOTEBOOKS_DIR / lesson.filename).exists():
            continue
        name = handouts.exercise_page_name(lesson.notebook)
        assert (exported.out_dir / name).exists(), name
        markup = page_of(exported, name)
        page = Page(markup)
        nb = nbformat.read(nb_path, as_version=4)
        ids = [
            call.args[0].value
            for c in nb.cells
            if c.cell_type == "code"
            for call in calls_in(c.source)
            if getattr(call.func, "id", "") == "check"
            and call.args
            and isinstance(call.args[0], ast.Constant)
        ]
        assert ids and all(check_spec(i)["notebook"] == lesson.notebook for i in ids)
        assert page.words.count(say("handout.answer_line")) == len(ids), name
        for check_id in ids:
            assert say("handout.exercise_label", id=check_id) in page.words
        # the question is on the page, from the markdown cell above the check
        for c in nb.cells:
            if c.cell_type == "markdown" and c.source.startswith("#"):
                title = c.source.splitlines()[0].lstrip("#").strip()
                assert flat(html.unescape(title)) in page.words, title
        assert 'check("' not in page.words and "= ..." not in page.words, name
        assert "import " not in page.words, name
        body = markup[markup.index("<body") :]
        assert "jp-CodeCell" not in body and "highlight" not in body, name
        seen += 1
    assert seen >= 5
    assert exported.exercises and all(p.exists() for p in exported.exercises)


def test_an_exercise_cell_in_a_lesson_becomes_words(tmp_path: Path) -> None:
    folder = tmp_path / "nb"
    folder.mkdir()
    first = lessons()[0].notebook
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "### Exercise 2.4\n\nHow many asks go by email? QUESTION-MARK"
        ),
        nbformat.v4.new_code_cell(
            "answer_2_4 = ...  # ✏️ your answer here",
            metadata={"nbgrader": {"solution": True, "grade": False, "grade_id": "e"}},
        ),
        nbformat.v4.new_code_cell(
            'check("2.4", answer_2_4)',
            outputs=[nbformat.v4.new_output("stream", name="stdout", text="Not answered yet\n")],
        ),
    ]
    nbformat.write(nb, folder / f"{first}.ipynb")
    result = handouts.export_handouts(tmp_path / "out", notebooks_dir=folder)
    assert result.failed == []
    page = Page(page_of(result, f"{first}.html"))
    assert "QUESTION-MARK" in page.words
    assert say("handout.answer_line") in page.words
    assert say("handout.exercise_label", id="2.4") in page.words
    assert 'check("' not in page.words and "answer_2_4" not in page.words
    assert "Not answered yet" not in page.words


# --- widgets -----------------------------------------------------------------------------


def test_each_widget_cell_has_a_note_saying_what_it_does(
    exported: handouts.HandoutResult,
) -> None:
    assert set(WIDGETS) == set(handouts.TOOL_PURPOSES)
    assert {c.rstrip("(") for c in ACTION_CALLS} - {"check"} <= set(WIDGETS)
    total = 0
    for lesson in lessons():
        nb_path = NOTEBOOKS_DIR / lesson.filename
        if not nb_path.exists():
            continue
        nb = nbformat.read(nb_path, as_version=4)
        found = [n for c in nb.cells if c.cell_type == "code" for n in called(c.source, WIDGETS)]
        words = Page(page_of(exported, f"{lesson.notebook}.html")).words
        notes = [say("handout.tool_here", purpose=say(handouts.TOOL_PURPOSES[n])) for n in found]
        for note in set(notes):
            assert words.count(note) == notes.count(note), (lesson.notebook, note)
        for name in set(found):
            assert f"{name}(" not in words, (lesson.notebook, name)
        total += len(found)
    assert total >= 10


def test_reflections_and_rewrites_leave_room_to_write(exported: handouts.HandoutResult) -> None:
    markup = page_of(exported, f"{LESSON}.html")
    words = Page(markup).words
    nb = nbformat.read(NOTEBOOKS_DIR / f"{LESSON}.ipynb", as_version=4)
    writes = 0
    for cell in nb.cells:
        for call in calls_in(cell.source) if cell.cell_type == "code" else []:
            name = getattr(call.func, "id", "")
            if name == "reflection":
                assert flat(call.args[1].value) in words  # the prompt, as text
                writes += 1
            elif name == "rewrite_box":
                assert flat(call.args[0].value) in words  # the pitch to rewrite
                writes += 1
    assert writes == 2
    assert markup.count('class="helpable-write-box"') >= writes
    assert words.count(say("handout.on_paper")) >= writes


# --- images ------------------------------------------------------------------------------


def test_every_image_in_every_page_has_alt_text(exported: handouts.HandoutResult) -> None:
    images = 0
    for path in exported.out_dir.glob("*.html"):
        for tag, attrs in Page(path.read_text(encoding="utf-8")).tags:
            if tag == "img":
                images += 1
                alt = (attrs.get("alt") or "").strip()
                assert alt, (path.name, attrs.get("src", "")[:40])
                assert "no description" not in alt.lower(), path.name  # nbconvert's stand-in
    assert images >= 6  # the lessons' static charts (lesson 05 draws its others live)


def test_a_chart_takes_the_alt_text_written_beside_it(exported: handouts.HandoutResult) -> None:
    name = "05_trust_and_risk"
    nb = nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    cells = nb.cells
    expected = []
    for i, cell in enumerate(cells):
        if cell.cell_type == "code" and any(
            "image/png" in o.get("data", {}) or "<img" in "".join(o.get("data", {}).get("text/html", ""))
            for o in cell.get("outputs", [])
        ):
            after = cells[i + 1].source
            assert after.startswith("**Alt text:**")
            expected.append(flat(after.split("\n\n")[0].replace("**Alt text:**", "")))
    alts = [
        flat(a.get("alt") or "")
        for tag, a in Page(page_of(exported, f"{name}.html")).tags
        if tag == "img"
    ]
    assert expected and alts == expected


def test_alt_from_output_metadata_and_a_fallback_for_bare_images(tmp_path: Path) -> None:
    folder = tmp_path / "nb"
    folder.mkdir()
    (folder / "pixel.png").write_bytes(base64.b64decode(PIXEL))
    first = lessons()[0].notebook
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("![](pixel.png) and <img src='pixel.png'>"),
        nbformat.v4.new_code_cell(
            "show()",
            outputs=[
                nbformat.v4.new_output(
                    "display_data", data={"image/png": PIXEL}, metadata={"alt": "TOP-LEVEL-ALT"}
                ),
                nbformat.v4.new_output(
                    "display_data",
                    data={"image/png": PIXEL},
                    metadata={"image/png": {"alt": "MIME-ALT"}},
                ),
                nbformat.v4.new_output("display_data", data={"image/png": PIXEL}),
            ],
        ),
    ]
    nbformat.write(nb, folder / f"{first}.ipynb")
    result = handouts.export_handouts(tmp_path / "out", notebooks_dir=folder)
    alts = [a.get("alt") for t, a in Page(page_of(result, f"{first}.html")).tags if t == "img"]
    assert len(alts) == 5
    assert alts[2:4] == ["TOP-LEVEL-ALT", "MIME-ALT"]
    assert all((a or "").strip() and "No description" not in (a or "") for a in alts), alts


# --- long lines --------------------------------------------------------------------------


def test_pre_wraps_long_lines_after_the_lab_css(exported: handouts.HandoutResult) -> None:
    for path in [*exported.pages, *exported.exercises]:
        markup = path.read_text(encoding="utf-8")
        head = markup[: markup.index("</head>")]
        styles = re.findall(r"<style[^>]*>(.*?)</style>", head, re.DOTALL)
        lab = next(i for i, s in enumerate(styles) if ".jp-RenderedText pre" in s)
        ours = "".join(styles[lab + 1 :])  # later than the lab's rules, so ours win
        rule = re.search(r"(?:^|\}|,)\s*pre\s*[,{][^}]*\}", ours)
        assert rule, path.name
        body = rule.group(0).replace(" ", "")
        assert "white-space:pre-wrap" in body and "overflow-wrap:anywhere" in body, path.name


@pytest.mark.browser
def test_nothing_is_cut_off_at_390_px(exported: handouts.HandoutResult, tmp_path: Path) -> None:
    from .browser_support import chromium_page

    with chromium_page(tmp_path) as page:
        page.set_viewport_size({"width": 390, "height": 844})  # type: ignore[attr-defined]
        for path in exported.pages:
            page.goto(path.as_uri())  # type: ignore[attr-defined]
            cut = page.evaluate(  # type: ignore[attr-defined]
                "() => [...document.querySelectorAll('pre')]"
                ".filter(p => p.scrollWidth > p.clientWidth + 1).length"
            )
            assert cut == 0, path.name


# --- links -------------------------------------------------------------------------------


def dead_links(out_dir: Path) -> list[tuple[str, str]]:
    """Every href in every page that does not lead to a file in out_dir (or to an id)."""
    dead = []
    pages = {p.name: Page(p.read_text(encoding="utf-8")) for p in out_dir.rglob("*.html")}
    for name, page in pages.items():
        for tag, attrs in page.tags:
            href = attrs.get("href") if tag == "a" else None
            if href is None:
                continue
            parts = urlsplit(href)
            if parts.scheme in {"http", "https", "mailto"}:
                continue
            target = name if not parts.path else unquote(parts.path)
            if parts.scheme or not (out_dir / target).is_file():
                dead.append((name, href))
            elif parts.fragment and target in pages and parts.fragment not in pages[target].ids:
                dead.append((name, href))
    return dead


def test_every_relative_link_in_every_page_resolves(exported: handouts.HandoutResult) -> None:
    assert dead_links(exported.out_dir) == []
    assert exported.dead_links == []
    lesson = page_of(exported, "06_pitch_workshop.html")
    assert f'href="{handouts.exercise_page_name("06_pitch_workshop")}"' in lesson
    practice = page_of(exported, handouts.exercise_page_name("06_pitch_workshop"))
    assert 'href="06_pitch_workshop.html"' in practice
    assert ".ipynb" not in "".join(re.findall(r'href="(?!https?:)[^"]*"', lesson + practice))
    index = exported.index.read_text(encoding="utf-8") if exported.index else ""
    assert f'href="{handouts.exercise_page_name("06_pitch_workshop")}"' in index


def test_links_to_files_outside_the_handouts_become_plain_text(tmp_path: Path) -> None:
    folder = tmp_path / "nb"
    folder.mkdir()
    first = lessons()[0].notebook
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            f"See [the exercises](../exercises/{first}.ipynb), "
            f'[the answers](../solutions/{first}.ipynb "solutions"), '
            '<a href="../data/quiz.csv">the quiz data</a> and [the web](https://example.org/).'
        ),
    ]
    nbformat.write(nb, folder / f"{first}.ipynb")
    result = handouts.export_handouts(tmp_path / "out", notebooks_dir=folder, binder=False)
    markup = page_of(result, f"{first}.html")
    words = Page(markup).words
    for text, path in [
        ("the exercises", f"exercises/{first}.ipynb"),
        ("the answers", f"solutions/{first}.ipynb"),
        ("the quiz data", "data/quiz.csv"),
    ]:
        assert say("handout.in_course_folder", text=text, path=path) in words
    assert 'href="https://example.org/"' in markup
    assert dead_links(result.out_dir) == [] and result.dead_links == []


def test_lab_only_cells_are_left_out_of_every_page(exported: handouts.HandoutResult) -> None:
    pages = [p for p in exported.out_dir.glob("*.html")]
    assert pages
    for path in pages:
        words = Page(path.read_text(encoding="utf-8")).words
        assert "Shift + Enter" not in words and "Shift+Enter" not in words, path.name
