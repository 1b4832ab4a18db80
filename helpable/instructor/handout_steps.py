"""The handouts' notebook transformations, one nbconvert ``Preprocessor`` each.

:func:`handout_steps` lists them in the order :mod:`helpable.instructor.handouts`
applies them, before nbconvert renders the page (the sanitiser runs last, on
the page). Each one turns something that needs a kernel into something a
reader can use on screen or on paper:

:class:`QuizAsText`
    a ``spot_the_sin("01_...")`` cell becomes a numbered list of the quiz's
    items, each with the question; the answers, each with its why, go at the
    end of the page under "Answers".
:class:`ExercisesOnPaper`
    a ``check("2.4", answer)`` cell becomes "Exercise 2.4. Answer in the
    notebook, or on paper." and a box to write in (the question is the markdown
    above it); the answer placeholders and the cell that imports ``check`` go.
:class:`WritingSpace`
    a ``reflection`` or ``rewrite_box`` cell becomes a note, its prompt or pitch,
    and a box to write in.
:class:`ToolNotes`
    any other widget call becomes "In the live lesson, a tool appears here: …".
:class:`ImageAltText`
    every image gets alt text: from the output's metadata (``alt``), else the
    ``**Alt text:**`` markdown beside the chart, else the chart's short
    description, else a plain fallback.
:class:`HandoutLinks`
    links to notebooks that have a handout point at the page; other local
    links become plain text with "(in the course folder: …)".

The cells these steps write are raw HTML cells, built only with
:func:`helpable.ui.style.esc`; nbconvert passes them through the sanitiser.
"""

from __future__ import annotations

import ast
import html
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from nbformat import NotebookNode
from nbformat.v4 import new_raw_cell

from helpable.authoring.conventions import (
    ALT_TEXT_MARKER,
    cell_source,
    is_lab_only,
    nbgrader_metadata,
)
from helpable.authoring.preprocessors import CoursePreprocessor, ReplaceWidgetViews, Resources
from helpable.content.quiz import QuizItem, load_quiz
from helpable.content.rules import rules
from helpable.content.strings import say
from helpable.ui.style import esc

TOOL_PURPOSES: Mapping[str, str] = {
    "widget_check": "handout.tool.widget_check",
    "reflection": "handout.tool.reflection",
    "rewrite_box": "handout.tool.rewrite_box",
    "spot_the_sin": "handout.tool.spot_the_sin",
    "pitch_workshop": "handout.tool.pitch_workshop",
    "predict_then_slide": "handout.tool.predict_then_slide",
    "trust_risk_explorer": "handout.tool.trust_risk_explorer",
    "simulation_explorer": "handout.tool.simulation_explorer",
    "journal_download": "handout.tool.journal_download",
    "approach_filter": "handout.tool.approach_filter",
    "template_builder": "handout.tool.template_builder",
    "rules_view": "handout.tool.rules_view",
    "rule_card_view": "handout.tool.rule_card_view",
    "setting_view": "handout.tool.setting_view",
    "rule_table_view": "handout.tool.rule_table_view",
    "rule_chart_view": "handout.tool.rule_chart_view",
    "examples_view": "handout.tool.examples_view",
    "both_rules_view": "handout.tool.both_rules_view",
    "tie_strength_guess": "handout.tool.tie_strength_guess",
    "with_word_count": "handout.tool.with_word_count",
    "pitch_on_map": "handout.tool.pitch_on_map",
    "plan_table": "handout.tool.plan_table",
}
"""Each widget function a lesson calls -> the ``strings.csv`` key of what it is for."""

CHECK = "check"
QUIZ_ANSWERS_KEY = "helpable_quiz_answers"
"""``resources[QUIZ_ANSWERS_KEY]``: the quiz items shown so far, for the Answers section."""

_IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
_MD_LINK = re.compile(
    r"(?<!!)\[(?P<text>[^\]\n]*)\]\((?P<url><[^>\n]*>|[^()\s]+)(?P<title>\s+\"[^\"\n]*\")?\)"
)
_HTML_LINK = re.compile(
    r"<a\b[^>]*?\bhref\s*=\s*(?P<q>[\"'])(?P<url>.*?)(?P=q)[^>]*>(?P<text>.*?)</a\s*>",
    re.IGNORECASE | re.DOTALL,
)
_MD_IMAGE_NO_ALT = re.compile(r"!\[\s*\]\(")
_HTML_ALT = re.compile(r"(<img\b[^>]*?\balt\s*=\s*)(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
_IMG_NO_ALT = re.compile(r"<img\b(?![^>]*\balt\s*=\s*[\"']?[^\"'\s>])", re.IGNORECASE)
_EMPTY_ALT = re.compile(r"\balt\s*=\s*([\"'])\s*\1", re.IGNORECASE)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_MD_NOISE = re.compile(r"[*_`]+")


def tool_note(name: str) -> str:
    """The sentence a handout shows where the live lesson shows widget ``name``."""
    return say("handout.tool_here", purpose=say(TOOL_PURPOSES[name]))


def _calls(source: str, names: Iterable[str]) -> list[ast.Call]:
    """The calls in a cell's code to any of ``names`` (none if it is not plain Python)."""
    wanted = set(names)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = [
        node for node in ast.walk(tree) if isinstance(node, ast.Call) and _name(node.func) in wanted
    ]
    return sorted(found, key=lambda c: (c.lineno, c.col_offset))


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _text_arg(call: ast.Call, position: int, keyword: str) -> str:
    """A call's argument when it is a string literal, else ''."""
    node: ast.expr | None = call.args[position] if len(call.args) > position else None
    for kw in call.keywords:
        if kw.arg == keyword:
            node = kw.value
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return ""


def html_cell(markup: str, cls: str) -> NotebookNode:
    """A raw HTML cell that renders like a markdown cell (``markup`` already escaped)."""
    cell: NotebookNode = new_raw_cell(  # type: ignore[no-untyped-call]
        f'<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell {cls}">'
        '<div class="jp-Cell-inputWrapper"><div class="jp-InputArea jp-Cell-inputArea">'
        f'<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">{markup}'
        "</div></div></div></div>",
        metadata={"raw_mimetype": "text/html"},
    )
    return cell


def _note(text: str) -> str:
    return f'<p class="helpable-widget-note" role="note">{esc(text)}</p>'


def write_box() -> str:
    """An empty framed area to write in on paper."""
    return '<div class="helpable-write-box"></div>'


def _pitch(text: str) -> str:
    return f'<blockquote dir="auto"><p>{esc(text)}</p></blockquote>'


class CellSwap(CoursePreprocessor):
    """Replace each code cell that :meth:`swap` answers for with zero or more cells."""

    def swap(self, cell: NotebookNode, resources: Resources) -> list[NotebookNode] | None:
        """The cells that take ``cell``'s place, or None to keep it."""
        return None

    def preprocess(self, nb: NotebookNode, resources: Resources) -> tuple[NotebookNode, Resources]:
        cells: list[NotebookNode] = []
        for cell in nb.cells:
            new = self.swap(cell, resources) if cell.cell_type == "code" else None
            cells.extend([cell] if new is None else new)
        nb.cells = cells
        return nb, resources


def rule_names(keys: Iterable[str]) -> str:
    """Rule keys as their names, in the course's order: 'Effort, Risk'."""
    names = {key: r.name for key, r in rules().items()}
    return ", ".join(names[key] for key in names if key in set(keys))


class QuizAsText(CellSwap):
    """A ``spot_the_sin`` cell as a numbered list, with the answers at the end of the page."""

    def preprocess(self, nb: NotebookNode, resources: Resources) -> tuple[NotebookNode, Resources]:
        resources[QUIZ_ANSWERS_KEY] = []
        nb, resources = super().preprocess(nb, resources)
        items: list[QuizItem] = resources[QUIZ_ANSWERS_KEY]
        if items:
            nb.cells.append(html_cell(answers_html(items), "helpable-answers"))
        return nb, resources

    def swap(self, cell: NotebookNode, resources: Resources) -> list[NotebookNode] | None:
        calls = _calls(cell_source(cell), ["spot_the_sin"])
        if not calls:
            return None
        parts = [_note(tool_note("spot_the_sin"))]
        for call in calls:
            try:
                items = load_quiz(_text_arg(call, 0, "notebook"))
            except ValueError:  # no items for that lesson: the note says what was here
                continue
            done: list[QuizItem] = resources[QUIZ_ANSWERS_KEY]
            parts.append(quiz_html(items, start=len(done) + 1))
            done.extend(items)
        return [html_cell("".join(parts), "helpable-quiz-cell")]


def quiz_html(items: list[QuizItem], start: int = 1) -> str:
    """Quiz items as a numbered list: where and to whom, the pitch, the question."""
    from helpable.ui.html import context_words

    rows = "".join(
        f"<li><p><i>{esc(context_words(item.setting, item.relationship))}</i></p>"
        f"{_pitch(item.text)}<p><strong>{esc(say('handout.quiz_question'))}</strong></p></li>"
        for item in items
    )
    return (
        f'<ol class="helpable-quiz" start="{start}">{rows}</ol>'
        f"<p>{esc(say('handout.quiz_answers_below'))}</p>"
    )


def answers_html(items: list[QuizItem]) -> str:
    """The quiz answers, numbered as the items: the rules each breaks, and why."""
    rows = "".join(
        "<li><p><strong>"
        + esc(
            say("handout.answer_breaks", rules=rule_names(item.broken))
            if item.broken
            else say("handout.answer_none")
        )
        + f"</strong> {esc(item.explanation)}</p></li>"
        for item in items
    )
    heading = esc(say("handout.answers_heading"))
    return f'<h2 id="Answers">{heading}</h2><ol class="helpable-answers">{rows}</ol>'


class ExercisesOnPaper(CellSwap):
    """``check("2.4", answer)`` cells as an answer line and a box; no exercise code.

    The answer placeholders (nbgrader solution cells) and a cell with no
    outputs that imports ``check`` (the exercises' setup) are dropped.
    """

    def swap(self, cell: NotebookNode, resources: Resources) -> list[NotebookNode] | None:
        source = cell_source(cell)
        checks = _calls(source, [CHECK])
        if checks:
            parts = [
                f"<p><strong>{esc(say('handout.exercise_label', id=_text_arg(c, 0, 'check_id')))}"
                f"</strong> {esc(say('handout.answer_line'))}</p>"
                for c in checks
            ]
            return [html_cell("".join(parts) + write_box(), "helpable-exercise")]
        if nbgrader_metadata(cell).get("solution"):
            return []
        if not cell.get("outputs") and _imports_check(source):
            return []
        printed = _printed_text(cell)
        if printed:
            markup = f'<pre class="helpable-printed">{esc(printed)}</pre>'
            return [html_cell(markup, "helpable-printed")]
        return None


def _printed_text(cell: NotebookNode) -> str:
    """What a code cell that only prints shows (its stream text), else ''."""
    outputs = cell.get("outputs") or []
    if not outputs or any(o.get("output_type") != "stream" for o in outputs):
        return ""
    return "".join(_text(o.get("text", "")) for o in outputs).strip()


def _imports_check(source: str) -> bool:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return any(
        isinstance(node, ast.ImportFrom) and any(a.name == CHECK for a in node.names)
        for node in ast.walk(tree)
    )


WRITING_TOOLS = ("reflection", "rewrite_box")


class WritingSpace(CellSwap):
    """``reflection`` and ``rewrite_box`` cells: a note, the prompt or pitch, a box."""

    def swap(self, cell: NotebookNode, resources: Resources) -> list[NotebookNode] | None:
        source = cell_source(cell)
        calls = _calls(source, WRITING_TOOLS)
        if not calls:
            return None
        wrappers = [c for c in _calls(source, TOOL_PURPOSES) if _name(c.func) not in WRITING_TOOLS]
        parts = [_note(tool_note(_name(c.func))) for c in wrappers]
        for call in calls:
            name = _name(call.func)
            parts.append(_note(tool_note(name)))
            if name == "reflection":
                prompt = _text_arg(call, 1, "prompt")
                parts.append(f"<p><strong>{esc(prompt)}</strong></p>" if prompt else "")
            else:
                pitch = _text_arg(call, 0, "text")
                if pitch:
                    parts.append(f"<p>{esc(say('handout.rewrite_this'))}</p>{_pitch(pitch)}")
            parts.append(f"<p>{esc(say('handout.on_paper'))}</p>{write_box()}")
        return [html_cell("".join(parts), "helpable-writing")]


class ToolNotes(CellSwap):
    """Any other widget call: a note saying what the live lesson shows here."""

    def swap(self, cell: NotebookNode, resources: Resources) -> list[NotebookNode] | None:
        calls = _calls(cell_source(cell), TOOL_PURPOSES)
        if not calls:
            return None
        notes = "".join(_note(tool_note(_name(call.func))) for call in calls)
        return [html_cell(notes, "helpable-tool")]


def alt_beside(cells: list[NotebookNode], index: int) -> str:
    """The ``**Alt text:**`` paragraph in a markdown cell next to cell ``index``, as text."""
    for j in (index + 1, index - 1):
        if 0 <= j < len(cells) and cells[j].cell_type == "markdown":
            source = cell_source(cells[j])
            if ALT_TEXT_MARKER in source:
                paragraph = source.split(ALT_TEXT_MARKER, 1)[1].split("\n\n", 1)[0]
                return " ".join(_MD_NOISE.sub("", paragraph).split())
    return ""


def chart_alt(source: str) -> str:
    """The short description of a course chart that ``source`` draws, or ''."""
    from helpable.ui.charts.alt import ALT_TEXT  # imported only when a chart needs it

    for call in _calls(source, ALT_TEXT):
        return ALT_TEXT[_name(call.func)]
    return ""


class ImageAltText(CoursePreprocessor):
    """Give every image alt text, for the template's ``alt`` attribute.

    An image output keeps an ``alt`` it has in its metadata (for its MIME type
    or at the top); else it takes the ``**Alt text:**`` beside it, the chart's
    short description, or ``handout.chart_alt``. A markdown image with no alt
    text gets ``handout.image_alt``.
    """

    def preprocess(self, nb: NotebookNode, resources: Resources) -> tuple[NotebookNode, Resources]:
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                cell.source = fill_image_alt(cell_source(cell), say("handout.image_alt"))
            elif cell.cell_type == "code":
                self._outputs(nb.cells, index)
        return nb, resources

    def _outputs(self, cells: list[NotebookNode], index: int) -> None:
        fallback: str | None = None
        for output in cells[index].get("outputs", []):
            data, meta = output.get("data", {}), output.setdefault("metadata", {})
            if "text/html" in data:
                markup = _text(data["text/html"])
                beside = alt_beside(cells, index)
                if beside and _HTML_ALT.search(markup):
                    markup = _HTML_ALT.sub(lambda m: f'{m.group(1)}"{esc(beside)}"', markup)
                data["text/html"] = fill_image_alt(markup, beside or say("handout.image_alt"))
            for mime in (m for m in _IMAGE_TYPES if m in data):
                given = meta.get(mime, {}).get("alt") or meta.get("alt")
                if not (isinstance(given, str) and given.strip()):
                    if fallback is None:
                        source = cell_source(cells[index])
                        fallback = (
                            alt_beside(cells, index)
                            or chart_alt(source)
                            or say("handout.chart_alt")
                        )
                    given = fallback
                meta.setdefault(mime, {})["alt"] = given


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def fill_image_alt(markup: str, alt: str) -> str:
    """Markdown or HTML with ``alt`` on each image that has none (or an empty one)."""
    md_alt = _MD_SPECIAL.sub(r"\\\1", alt)
    markup = _MD_IMAGE_NO_ALT.sub(lambda _: f"![{md_alt}](", markup)
    markup = _EMPTY_ALT.sub(f'alt="{esc(alt)}"', markup)
    return _IMG_NO_ALT.sub(f'<img alt="{esc(alt)}"', markup)


class HandoutLinks(CoursePreprocessor):
    """Point local links at the handout pages, or make them plain text with a note.

    ``pages`` maps each notebook that has a handout to its page's file name.
    A link to another notebook gets ``fallback(its resolved path)`` if that
    gives a URL (a Binder link, say). Any other local link becomes its
    text and "(in the course folder: PATH)". Web, mail and in-page links stay.
    The notebook's folder is ``resources["metadata"]["path"]``; PATH is shown
    relative to ``course_root``.
    """

    def __init__(
        self,
        pages: Mapping[Path, str],
        course_root: Path,
        fallback: Callable[[Path], str | None] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(**kw)
        self.pages = {Path(p).resolve(): name for p, name in pages.items()}
        self.course_root = course_root.resolve()
        self.fallback = fallback

    def preprocess(self, nb: NotebookNode, resources: Resources) -> tuple[NotebookNode, Resources]:
        here = Path(resources.get("metadata", {}).get("path") or ".").resolve()
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = self.html(self.markdown(cell_source(cell), here), here)
            elif cell.cell_type == "raw":
                cell.source = self.html(cell_source(cell), here)
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/markdown" in data:
                    text = self.markdown(_text(data["text/markdown"]), here)
                    data["text/markdown"] = self.html(text, here)
                if "text/html" in data:
                    data["text/html"] = self.html(_text(data["text/html"]), here)
        return nb, resources

    def target(self, url: str, here: Path) -> tuple[str | None, str]:
        """(the new URL, or None for plain text; the course path) for a local link.

        Returns (url, "") for a link that stays as it is.
        """
        parts = urlsplit(url.strip())
        if parts.scheme or parts.netloc or not parts.path:
            return url, ""  # web, mail or in-page: the reader follows it or not
        path = (here / unquote(parts.path)).resolve()
        anchor = f"#{parts.fragment}" if parts.fragment else ""
        if path in self.pages:
            return self.pages[path] + anchor, ""
        shown = self._shown(path, parts.path)
        other = self.fallback(path) if self.fallback and path.suffix == ".ipynb" else None
        return (other, shown) if other else (None, shown)

    def _shown(self, path: Path, written: str) -> str:
        try:
            return path.relative_to(self.course_root).as_posix()
        except ValueError:
            return unquote(written)

    def markdown(self, source: str, here: Path) -> str:
        def swap(match: re.Match[str]) -> str:
            url = match.group("url").strip("<>")
            new, shown = self.target(url, here)
            if new == url:
                return match.group(0)
            if new is not None:
                return f"[{match.group('text')}]({new}{match.group('title') or ''})"
            return say(
                "handout.in_course_folder",
                text=match.group("text"),
                path=_MD_SPECIAL.sub(r"\\\1", shown),
            )

        return _MD_LINK.sub(swap, source)

    def html(self, markup: str, here: Path) -> str:
        def swap(match: re.Match[str]) -> str:
            url = match.group("url")
            new, shown = self.target(url, here)
            if new == url:
                return match.group(0)
            if new is not None:
                return match.group(0).replace(match.group("url"), esc(new), 1)
            return say("handout.in_course_folder", text=match.group("text"), path=esc(shown))

        return _HTML_LINK.sub(swap, markup)


class DropLabOnly(CoursePreprocessor):
    """Drop cells tagged ``lab-only``: a page on paper, like Voilà, has no cells to run."""

    def preprocess(self, nb: NotebookNode, resources: Resources) -> tuple[NotebookNode, Resources]:
        nb.cells = [cell for cell in nb.cells if not is_lab_only(cell)]
        return nb, resources


def handout_steps(
    widget_note_html: str,
    pages: Mapping[Path, str],
    course_root: Path,
    fallback: Callable[[Path], str | None] | None = None,
) -> Iterator[CoursePreprocessor]:
    """The preprocessors a handout applies, in order, before nbconvert renders it."""
    yield DropLabOnly()
    yield ReplaceWidgetViews(replacement={"text/html": widget_note_html})
    yield QuizAsText()
    yield ExercisesOnPaper()
    yield WritingSpace()
    yield ToolNotes()
    yield ImageAltText()
    yield HandoutLinks(pages, course_root, fallback)


_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_ID = re.compile(r"""\bid\s*=\s*(["'])(.*?)\1""", re.IGNORECASE)


def unresolved_links(markup: str, out_dir: Path) -> list[str]:
    """The links in a written page that lead to no file in ``out_dir`` or to no ``id``.

    Web and mail links are left alone; ``#name`` must be an id in the page, and
    ``page.html#name`` an id in that page.
    """
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path | None) -> set[str]:
        key = path or Path()
        if key not in ids:
            text = markup if path is None else path.read_text(encoding="utf-8", errors="replace")
            ids[key] = {html.unescape(m.group(2)) for m in _ID.finditer(text)}
        return ids[key]

    dead = []
    for match in _HREF.finditer(markup):
        href = html.unescape(match.group(2))
        parts = urlsplit(href)
        if parts.scheme in {"http", "https", "mailto"}:
            continue
        target = out_dir / unquote(parts.path) if parts.path else None
        if parts.scheme or parts.netloc or (target is not None and not target.is_file()):
            dead.append(href)
        elif parts.fragment and not {parts.fragment, unquote(parts.fragment)} & ids_of(target):
            dead.append(href)
    return dead
