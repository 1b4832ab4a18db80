"""Hardening: handouts carry no active content, and quoted learner text is bidi-isolated."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from helpable.analyzer.feedback import Feedback, Finding, Strength
from helpable.content.course import lessons
from helpable.content.strings import say
from helpable.instructor import handouts
from helpable.instructor.report import CSP
from helpable.paths import NOTEBOOKS_DIR
from helpable.ui import html as render

# --- handouts: active content comes out inert --------------------------------------------

LESSON = "05_trust_and_risk"  # the lesson with the most charts
PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5E"
    "rkJggg=="
)
SVG_WITH_SCRIPT = (
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
)

MALICIOUS_MARKDOWN = """\
## SAFE-MARKDOWN-MARKER



<script>alert('md')</script>

<img src="x" onerror="alert('img')">

[click](javascript:alert('link'))

<a href="JaVaScRiPt:alert(1)">upper</a>

<a href="&#106;avascript:alert(1)">entity</a>

<a href=" java&#x09;script:alert(1)">tab</a>

<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>

<iframe src="https://evil.example/"></iframe>

<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>

<object data="https://evil.example/x.swf"></object>

<embed src="https://evil.example/x.swf">

<div onclick="alert(1)" onmouseover="alert(2)">hover me</div>

<svg onload="alert(1)"><circle r="4"/></svg>

<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">go</button></form>

<meta http-equiv="refresh" content="0;url=javascript:alert(1)">

<base href="https://evil.example/">

<style>body{display:none}</style>

<p style="color:red;background:url(https://evil.example/x.png)">styled</p>

<details open ontoggle="alert(1)"><summary>more</summary>inside</details>

<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table>
"""

MALICIOUS_OUTPUTS = [
    nbformat.v4.new_output(
        "display_data",
        data={
            "text/html": (
                "<b>SAFE-OUTPUT-MARKER</b><script>alert('out')</script>"
                "<img src=x onerror=alert(1)><a href='javascript:alert(1)'>x</a>"
                "<iframe src='https://evil.example'></iframe>"
            ),
            "text/plain": "<IPython.core.display.HTML object>",
        },
    ),
    nbformat.v4.new_output("display_data", data={"application/javascript": "alert('js')"}),
    nbformat.v4.new_output("display_data", data={"text/markdown": "[md](javascript:alert(1))"}),
    nbformat.v4.new_output(
        "display_data", data={"text/vnd.mermaid": "</pre><script>alert('mermaid')</script>"}
    ),
    nbformat.v4.new_output("display_data", data={"image/svg+xml": SVG_WITH_SCRIPT}),
    nbformat.v4.new_output(
        "display_data",
        data={"image/png": PIXEL},
        metadata={"image/png": {"width": "1 onerror=alert('w')"}},
    ),
]


class Tags(HTMLParser):
    """Every start tag in a page, with its attributes (entities decoded, as a browser does)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def tags_of(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Tags()
    parser.feed(page)
    parser.close()
    return parser.tags


def url_scheme(value: str) -> str:
    """What a browser reads as the URL's scheme: control characters and spaces removed."""
    squeezed = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", squeezed)
    return match.group(1) if match else ""


def poisoned_course(folder: Path) -> Path:
    """A copy of one real lesson, with malicious cells injected."""
    folder.mkdir()
    nb = nbformat.read(NOTEBOOKS_DIR / f"{LESSON}.ipynb", as_version=4)
    raw = nbformat.v4.new_raw_cell("<script>alert('raw')</script><b>SAFE-RAW-MARKER</b>")
    raw.metadata["raw_mimetype"] = "text/html"
    nb.cells[1:1] = [
        nbformat.v4.new_markdown_cell(MALICIOUS_MARKDOWN),
        raw,
        nbformat.v4.new_code_cell("show()", outputs=MALICIOUS_OUTPUTS),
    ]
    nbformat.write(nb, folder / f"{LESSON}.ipynb")
    return folder


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> tuple[handouts.HandoutResult, str]:
    base = tmp_path_factory.mktemp("poisoned")
    result = handouts.export_handouts(base / "out", notebooks_dir=poisoned_course(base / "nb"))
    assert result.failed == []
    return result, (base / "out" / f"{LESSON}.html").read_text(encoding="utf-8")


def test_the_poisoned_lesson_keeps_its_harmless_content(poisoned: tuple[object, str]) -> None:
    _, page = poisoned
    assert "SAFE-MARKDOWN-MARKER" in page
    assert "<b>SAFE-OUTPUT-MARKER</b>" in page
    assert "hover me" in page and "styled" in page


def test_no_script_tags_or_script_text(poisoned: tuple[object, str]) -> None:
    _, page = poisoned
    assert not re.search(r"<\s*script", page, re.IGNORECASE)
    assert "alert(" not in page  # not even as text: the script's body is dropped too
    assert all(tag != "script" for tag, _ in tags_of(page))


def test_no_event_handler_attributes(poisoned: tuple[object, str]) -> None:
    _, page = poisoned
    for tag, attrs in tags_of(page):
        handlers = [name for name, _ in attrs if name.startswith("on")]
        assert handlers == [], tag
    assert not re.search(r"<[^>]*\son\w+\s*=", page, re.IGNORECASE)


def test_no_javascript_or_data_links(poisoned: tuple[object, str]) -> None:
    _, page = poisoned
    assert "javascript:" not in page.lower()
    for tag, attrs in tags_of(page):
        for name, value in attrs:
            scheme = url_scheme(value or "")
            assert scheme != "javascript", (tag, name, value)
            if scheme == "data":
                assert (tag, name) == ("img", "src"), (tag, name, value)
                assert (value or "").startswith("data:image/"), value


def test_no_frames_objects_forms_or_page_level_tags(poisoned: tuple[object, str]) -> None:
    _, page = poisoned
    found = {tag for tag, _ in tags_of(page)}
    banned = {"iframe", "frame", "object", "embed", "form", "button", "base", "svg", "math"}
    assert found & banned == set()
    metas = [dict(attrs) for tag, attrs in tags_of(page) if tag == "meta"]
    assert [m for m in metas if m.get("http-equiv", "").lower() == "refresh"] == []
    assert "body{display:none}" not in page
    assert "evil.example" not in page
    assert handouts.external_resources(page) == []


def test_csp_meta_is_in_the_head_of_every_page(
    poisoned: tuple[handouts.HandoutResult, str],
) -> None:
    result, _ = poisoned
    assert result.index is not None
    for path in [*result.pages, result.index]:
        page = path.read_text(encoding="utf-8")
        head = page[: page.index("</head>")]
        metas = [dict(attrs) for tag, attrs in tags_of(head) if tag == "meta"]
        csp = [m for m in metas if m.get("http-equiv") == "Content-Security-Policy"]
        assert [m.get("content") for m in csp] == [CSP], path.name
        assert "default-src 'none'" in CSP
        # before any style or other content that the policy governs
        assert head.index("Content-Security-Policy") < head.index("<style"), path.name


def _chart_pngs(output: dict) -> list[str]:
    """The PNG bytes (base64) of a stored chart: an image output, or an <img> in HTML."""
    data = output.get("data", {})
    if "image/png" in data:
        return [data["image/png"].replace("\n", "")]
    markup = "".join(data.get("text/html", ""))
    return re.findall(r'<img[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', markup)


def test_charts_and_the_course_css_still_show(poisoned: tuple[object, str]) -> None:
    _, page = poisoned
    nb = nbformat.read(NOTEBOOKS_DIR / f"{LESSON}.ipynb", as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    charts = [png for o in outputs for png in _chart_pngs(o)]
    assert len(charts) >= 2
    pngs = re.findall(r'<img[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(pngs) == len(charts) + 1  # the lesson's charts and the injected pixel
    for chart in charts:
        assert chart in pngs
    assert PIXEL in pngs
    assert 'src="data:image/svg+xml;base64,' in page  # an SVG shows as an image: inert
    styles = "".join(re.findall(r"<style[^>]*>(.*?)</style>", page, re.DOTALL))
    assert ".helpable-banner{" in styles  # the course's own CSS
    assert ".jp-Notebook" in styles  # the lab template's CSS
    assert handouts.banner_text() in page
    assert re.search(r'<div[^>]*class="[^"]*jp-Cell', page)  # the cells keep their classes
    assert "<table" in page  # the lesson's tables
    assert 'style="color:red"' in page  # a harmless declaration is kept, url() dropped


@pytest.mark.parametrize(
    "fragment",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href='javascript:alert(1)'>x</a>",
        "<a href='&#x6A;avascript:alert(1)'>x</a>",
        "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
        "<iframe src=//evil.example></iframe>",
        "<object data=//evil.example></object>",
        "<body onload=alert(1)>",
        "<svg><animate onbegin=alert(1) attributeName=x></svg>",
        "<img src='data:text/html,x' alt='x'>",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_sanitize_html_makes_a_fragment_inert(fragment: str) -> None:
    out = handouts.sanitize_html(fragment)
    assert not re.search(r"<\s*script", out, re.IGNORECASE)
    assert not re.search(r"<[^>]*\son\w+\s*=", out, re.IGNORECASE)
    assert "javascript:" not in out.lower()
    for tag, attrs in tags_of(out):
        assert tag not in {"script", "iframe", "object", "embed", "svg", "body"}
        for name, value in attrs:
            assert not name.startswith("on")
            assert url_scheme(value or "") != "javascript"
            if url_scheme(value or "") == "data":
                assert (value or "").startswith("data:image/")


def test_sanitize_html_keeps_the_course_markup() -> None:
    markup = render.feedback_html(
        Feedback(
            text="Could you refer me?",
            broken=frozenset({"risk"}),
            findings=(Finding("risk", 10, 18, "refer me", "Stakes their name.", "Ask."),),
            word_count=4,
            score=40,
        )
    )
    out = handouts.sanitize_html(markup)
    for piece in ("<mark", "<bdi>", 'dir="auto"', 'role="img"', "aria-label=", "aria-hidden="):
        assert piece in out, piece
    assert out.count("style=") == markup.count("style=")


def test_real_lessons_still_export_the_same_text(tmp_path: Path) -> None:
    source = tmp_path / "nb"
    source.mkdir()
    shutil.copy(NOTEBOOKS_DIR / f"{LESSON}.ipynb", source)
    result = handouts.export_handouts(tmp_path / "out", notebooks_dir=source)
    page = result.pages[0].read_text(encoding="utf-8")
    nb = nbformat.read(source / f"{LESSON}.ipynb", as_version=4)
    headings = [
        line.lstrip("#").strip()
        for c in nb.cells
        if c.cell_type == "markdown"
        for line in c.source.splitlines()
        if line.startswith("#")
    ]
    assert headings
    for heading in headings:
        words = re.findall(r"[A-Za-z]{4,}", heading)
        assert all(w in page for w in words), heading
    assert lessons()  # the course table is readable


# --- bidi: quoted learner text is isolated -------------------------------------------------

RLO, PDF, LRE, RLI, PDI = "\u202e", "\u202c", "\u202a", "\u2067", "\u2069"
OPENERS = {"\u202a", "\u202b", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068"}


def open_controls(text: str) -> int:
    """How many embeddings, overrides or isolates a run of text leaves open at its end."""
    stack: list[str] = []
    for ch in text:
        if ch in OPENERS:
            stack.append("I" if ch >= "\u2066" else "E")
        elif ch == PDF and stack and stack[-1] == "E":
            stack.pop()
        elif ch == PDI and "I" in stack:
            while stack.pop() != "I":
                pass
        elif ch in "\n\r\u2029":
            stack.clear()
    return len(stack)


def assert_no_leak(markup: str) -> None:
    """No override, embedding or isolate stays open across a tag or past the end."""
    for run in re.split(r"<[^>]*>", markup):
        assert open_controls(run) == 0, repr(run)


def fb_with(text: str, phrase: str, **kw: object) -> Feedback:
    start = text.index(phrase)
    found = Finding("risk", start, start + len(phrase), phrase, "Stakes their name.", "Ask.")
    return Feedback(
        text=text,
        broken=frozenset({"risk"}),
        findings=(found,),
        word_count=len(text.split()),
        score=40,
        **kw,  # type: ignore[arg-type]
    )


def test_a_quoted_phrase_with_an_override_is_isolated_and_closed() -> None:
    text = f"Could you {RLO}refer me to your boss?"
    out = render.feedback_html(fb_with(text, f"{RLO}refer me"))
    assert f"“<bdi>{RLO}refer me{PDF}</bdi>”" in out
    assert_no_leak(out)


def test_a_quoted_strength_with_an_override_is_isolated() -> None:
    words = f"what got you {RLO}into nursing"
    strength = Strength(
        "advice", "Asks for their story", say("analyzer.you_wrote", words=words), words
    )
    out = render.feedback_html(fb_with("Could you refer me?", "refer me", strengths=(strength,)))
    assert f"<bdi>what got you {RLO}into nursing{PDF}</bdi>" in out
    before = say("analyzer.you_wrote", words="\ue000").split("\ue000")[0]
    assert render.esc(before) + "<bdi>" in out  # only the learner's words are in the isolate
    assert_no_leak(out)


def test_a_strength_quoting_no_words_still_closes_its_controls() -> None:
    strength = Strength("advice", f"Asks {RLO}kindly", f"Some {RLO}detail")
    out = render.feedback_html(fb_with("Could you refer me?", "refer me", strengths=(strength,)))
    assert f"Some {RLO}detail{PDF}" in out
    assert_no_leak(out)


def test_the_highlighted_pitch_closes_every_override_before_a_tag() -> None:
    text = f"{RLO}Could you refer me {LRE}to {RLI}your boss?"
    out = render.pitch_html(text, fb_with(text, "refer me").findings)
    assert_no_leak(out)
    seen = re.sub(r"<[^>]*>|[\u202a-\u202e\u2066-\u2069]", "", out)
    assert seen == "Could you refer me[Risk] to your boss?"


def test_unmatched_closers_are_dropped_and_matched_pairs_kept() -> None:
    out = render.pitch_html(f"a{PDF}b{PDI}c {RLO}d{PDF} e")
    assert f"ab{PDI}c" not in out and "abc" in out
    assert f"{RLO}d{PDF} e" in out
    assert_no_leak(out)


def test_an_override_cannot_cross_a_line_break() -> None:
    out = render.pitch_html(f"one {RLO}two\nthree")
    assert f"one {RLO}two{PDF}\nthree" in out
    assert_no_leak(out)


@pytest.mark.parametrize("phrase", ["שלום", "مرحبا", "refer me"])
def test_rtl_and_ltr_phrases_are_quoted_in_an_isolate_unchanged(phrase: str) -> None:
    text = f"Hi {phrase} there"
    out = render.feedback_html(fb_with(text, phrase))
    assert f"“<bdi>{phrase}</bdi>”" in out
    assert_no_leak(out)


def test_the_live_analyzer_path_does_not_leak() -> None:
    from helpable.ui.widgets.rewrite import RewriteBox

    box = RewriteBox()
    box._update(f"Could you {RLO}refer me to your boss? You wrote \u05e9\u05dc\u05d5\u05dd")
    assert box.feedback.value
    assert_no_leak(box.feedback.value)


@pytest.mark.browser
def test_chromium_shows_the_poisoned_handout_inert_with_its_charts_and_css(
    poisoned: tuple[handouts.HandoutResult, str], tmp_path: Path
) -> None:
    from helpable.ui.style import NOTE_BG

    from .browser_support import chromium_page, screenshot_note

    result, _ = poisoned
    path = result.out_dir / f"{LESSON}.html"
    dialogs: list[str] = []
    console: list[str] = []
    outside: list[str] = []
    with chromium_page(tmp_path) as page:
        page.on(  # type: ignore[attr-defined]
            "dialog", lambda d: (dialogs.append(d.message), d.dismiss())
        )
        page.on("console", lambda m: console.append(m.text))  # type: ignore[attr-defined]
        page.on(  # type: ignore[attr-defined]
            "request",
            lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None,
        )
        page.goto(path.as_uri())  # type: ignore[attr-defined]
        page.wait_for_load_state("load")  # type: ignore[attr-defined]
        page.hover("text=hover me")  # type: ignore[attr-defined]
        images = page.evaluate(  # type: ignore[attr-defined]
            "() => [...document.images].filter(i => i.src.startsWith('data:image/png'))"
            ".map(i => i.complete && i.naturalWidth > 0)"
        )
        banner = page.evaluate(  # type: ignore[attr-defined]
            "() => getComputedStyle(document.querySelector('.helpable-banner')).backgroundColor"
        )
        note = screenshot_note(page, tmp_path, "handout")
    red, green, blue = (int(NOTE_BG.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    assert dialogs == [], note
    assert outside == [], note
    assert [m for m in console if "Content Security Policy" in m] == [], note
    assert len(images) >= 3 and all(images), note
    assert banner == f"rgb({red}, {green}, {blue})", note
