"""Read-only handouts: one static HTML page per lesson, for learners without a kernel.

Each lesson in ``notebooks/`` (in the order of ``data/course.csv``) becomes one
static HTML page, made by nbconvert's ``HTMLExporter`` with the ``lab``
template from the outputs stored in the notebook. Nothing is executed, so a
handout shows what ``tools/execute_notebooks.py`` last stored. ``index.html``
links the pages. Every page starts with a banner, because widgets need
a live kernel (see :func:`banner_text`). A lesson with a notebook in
``exercises/`` gets a second page, :func:`exercise_page_name`; solutions are
never exported.

Readable without a kernel
    Before nbconvert renders a notebook, the preprocessors of
    :func:`helpable.instructor.handout_steps.handout_steps` run on it, one per
    change: quizzes become numbered lists with the answers at the end of the
    page, ``check(...)`` cells an answer line, reflections and rewrites a box to
    write in, other widgets a note on what the live lesson shows, every image
    gets alt text, and local links point at the pages or become plain text
    "(in the course folder: …)". Code and outputs wrap (:data:`PAGE_EXTRA_CSS`)
    at any width and in print. ``HandoutResult.dead_links`` lists any relative
    link in the written pages that leads nowhere (there should be none).

Offline
    The lab template loads require.js, MathJax and Mermaid from a CDN, and the
    widget manager when a notebook stores widget state. The handout template
    leaves all of these out, and images in markdown are embedded, so a page
    loads nothing from outside: :func:`external_resources` finds none. What
    that costs: LaTeX math shows as its source text (``$x^2$``), Mermaid
    diagrams show as their source, and each widget output shows a short note
    instead (widgets need a kernel anyway). Links in the lessons (for example
    to the rules' source) stay links: they work when there is a network and
    nothing breaks when there is not.

Inert
    A notebook can hold active content: ``<script>``, ``on…=`` handlers,
    ``javascript:`` links, frames, objects, JavaScript outputs. Everything
    between ``<body>`` and ``</body>`` goes through :func:`sanitize_html` after
    nbconvert has rendered it (so markdown links and every template block are
    covered): an allow-list of tags and attributes (bleach, which nbconvert
    uses and so is installed with it), links only to ``http``, ``https``,
    ``mailto`` or the page itself, images only from ``data:image/`` URIs,
    inline styles without ``url()``, and scripts, styles, frames and objects
    dropped with what is inside them. Each page (and the index) also carries
    the class report's Content-Security-Policy (:data:`CSP`): no scripts, no
    frames, nothing from outside; inline CSS and ``data:`` images only. The
    course's CSS and the charts (PNG ``data:`` URIs) still show. The sanitiser
    is the last step, after the preprocessors and the template. nbconvert's
    own ``SanitizeHTML`` preprocessor is not used: it cleans the markdown
    source before rendering, which lets ``[x](javascript:…)`` through, mangles
    markdown such as ``>`` quotes, and drops ``data:`` images.

:func:`export_handouts` refuses a folder that is not empty unless ``force``
is given; then it replaces the files it writes and leaves other files alone.
The sentences on the pages come from ``data/strings.csv`` (``handout.*``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from helpable.authoring.preprocessors import apply
from helpable.content.course import Lesson, lessons
from helpable.content.strings import say
from helpable.instructor.handout_steps import TOOL_PURPOSES as TOOL_PURPOSES
from helpable.instructor.handout_steps import handout_steps, unresolved_links
from helpable.instructor.links import binder_link
from helpable.instructor.report import CSP
from helpable.paths import NOTEBOOKS_DIR
from helpable.ui.style import (
    BORDER,
    INK,
    LESSON_PAGE_CSS,
    LINK,
    MUTED,
    NOTE_BG,
    OKABE_ITO,
    PAGE_CSS,
    QUOTE_BG,
    esc,
)

TEMPLATE_NAME = "helpable_handout.html.j2"

_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
{{ resources.helpable_csp_meta }}
{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}<style type="text/css">{{ resources.helpable_css }}</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
{{ resources.helpable_banner }}
{%- endblock body_header -%}
{%- block data_png scoped -%}
{{ super() | replace('<img ', '<img alt="' ~ ((output | get_metadata('alt', 'image/png')) or '')
   | escape_html ~ '" ', 1) }}
{%- endblock data_png -%}
{%- block data_jpg scoped -%}
{{ super() | replace('<img ', '<img alt="' ~ ((output | get_metadata('alt', 'image/jpeg')) or '')
   | escape_html ~ '" ', 1) }}
{%- endblock data_jpg -%}
{%- block data_svg scoped -%}
{{ super() | replace('<img ', '<img alt="' ~ ((output | get_metadata('alt', 'image/svg+xml')) or '')
   | escape_html ~ '" ', 1) }}
{%- endblock data_svg -%}
{%- block data_widget_view scoped -%}
<div class="jp-OutputArea-output helpable-widget-note {{ extra_class }}">
{{ resources.helpable_widget_note }}</div>
{%- endblock data_widget_view -%}
{%- block footer -%}
</html>
{%- endblock footer -%}
"""

BANNER_CSS = (
    f"\n.helpable-banner{{background:{NOTE_BG};color:{INK};"
    f"border:2px solid {OKABE_ITO['orange']};border-radius:6px;\n"
    "padding:10px 14px;margin:12px auto;max-width:1000px;font-family:system-ui,Arial,sans-serif;\n"
    "line-height:1.45}\n"
    f".helpable-banner a{{color:{LINK}}}\n"
    f".helpable-widget-note{{background:{QUOTE_BG};color:{INK};border-left:4px solid {MUTED};\n"
    "padding:8px 12px;font-family:system-ui,Arial,sans-serif}\n"
)
"""The banner's and the widget note's CSS, on every page."""
PAGE_EXTRA_CSS = (
    "pre,.highlight pre,.jp-RenderedText pre,.cm-editor pre{white-space:pre-wrap !important;"
    "overflow-wrap:anywhere;word-break:normal}\n"
    "img{max-width:100%;height:auto}\n"
    ".jp-RenderedHTMLCommon td,.jp-RenderedHTMLCommon th{overflow-wrap:anywhere}\n"
    f".helpable-write-box{{border:1px dashed {BORDER};border-radius:4px;min-height:7em;"
    "margin:6px 0 18px}\n"
    ".helpable-quiz>li,.helpable-answers>li{margin:10px 0}\n"
    "@media print{.helpable-write-box{min-height:10em}}\n"
)
"""Lesson pages only: long lines wrap (code and outputs), boxes to write in, print."""
INDEX_CSS = PAGE_CSS + "li{margin:10px 0}\n" + BANNER_CSS + LESSON_PAGE_CSS
"""The index page's CSS: the course's page CSS and the banner's."""

CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">'
"""The class report's Content-Security-Policy, as a ``<meta>`` for a page's head."""

_ALLOWED_TAGS = frozenset(
    "a abbr article aside b bdi blockquote br caption cite code col colgroup dd del "
    "details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img "
    "ins kbd li main mark ol p pre q s samp section small span strong sub summary sup table "
    "tbody td tfoot th thead time tr u ul var wbr".split()
)
_ALLOWED_ATTRIBUTES = {
    "*": frozenset("class id title dir lang role style tabindex hidden data-mime-type".split()),
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope"}),
    "table": frozenset({"border"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
}
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_IMAGE_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp|svg\+xml)[;,]")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_DROP_WHOLE = re.compile(
    r"<(script|style|iframe|frame|frameset|object|embed|applet|noscript|noembed|noframes"
    r"|template|textarea|xmp|title|svg|math)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_CSS_PROPERTIES = frozenset(
    "color background background-color border border-top border-right border-bottom "
    "border-left border-color border-style border-width border-radius border-collapse "
    "border-spacing margin margin-top margin-right margin-bottom margin-left padding "
    "padding-top padding-right padding-bottom padding-left width height max-width "
    "min-width max-height min-height display vertical-align text-align text-decoration "
    "text-indent white-space overflow overflow-wrap word-break line-height font font-family "
    "font-size font-style font-variant font-weight letter-spacing list-style list-style-type "
    "gap row-gap column-gap flex flex-wrap flex-direction align-items justify-content "
    "clear float".split()
)
_CSS_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "calc", "var", "min", "max", "clamp"})

_LESSON_LINK = re.compile(r'href="(\d\d_[a-z0-9_]+)\.ipynb(#[^"]*)?"')
_LOADING_SRC = re.compile(
    r"<(?:script|img|iframe|embed|source|audio|video|track|input|frame)\b[^>]*?"
    r"""\bsrc\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""",
    re.IGNORECASE,
)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", re.IGNORECASE)
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])((?:https?:)?//[^"')\s]+)""")
_JS_IMPORT = re.compile(r"""\bimport\s*\(?\s*["']((?:https?:)?//[^"']+)""")


def banner_text() -> str:
    """The sentence at the top of every handout: widgets need a live kernel."""
    return say("handout.banner")


def widget_note() -> str:
    """What a handout shows where the live notebook shows a widget."""
    return say("handout.widget_note")


class HandoutError(ValueError):
    """OUT_DIR cannot be used (a file, or not empty without ``force``)."""


@dataclass
class HandoutResult:
    """What :func:`export_handouts` wrote."""

    out_dir: Path
    pages: list[Path] = field(default_factory=list)
    index: Path | None = None
    missing: list[str] = field(default_factory=list)  # lessons with no notebook yet
    failed: list[tuple[str, str]] = field(default_factory=list)  # (notebook, why)
    external: dict[str, list[str]] = field(default_factory=dict)  # page -> URLs it loads
    exercises: list[Path] = field(default_factory=list)  # the lessons' exercise pages
    dead_links: list[tuple[str, str]] = field(default_factory=list)  # (page, href) leading nowhere


def external_resources(page: str) -> list[str]:
    """URLs a page would load from outside (scripts, images, styles, imports), sorted.

    Plain ``<a href>`` links do not count: the reader follows them or not.
    """
    found = set(_LOADING_SRC.findall(page))
    for tag in _LINK_TAG.findall(page):
        found.update(_HREF.findall(tag))
    found.update(_CSS_URL.findall(page))
    for script in re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.IGNORECASE | re.DOTALL):
        found.update(_JS_IMPORT.findall(script))
    return sorted(found)


def _url_scheme(value: str) -> str:
    """The scheme a browser reads in a URL ('' for a relative one)."""
    match = _SCHEME.match(_URL_NOISE.sub("", value).lower())
    return match.group(1) if match else ""


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name not in _ALLOWED_ATTRIBUTES["*"] and not name.startswith("aria-"):
        if name not in _ALLOWED_ATTRIBUTES.get(tag, ()):
            return False
    if name == "href":
        return _url_scheme(value) in _LINK_SCHEMES or not _url_scheme(value)
    if name == "src":  # images are embedded; the CSP would block any other source
        return _url_scheme(value) == "data" and bool(_IMAGE_DATA.match(value.strip()))
    return True


def _css_is_plain(tokens: Iterable[Any]) -> bool:
    """True when CSS tokens load nothing: no ``url()``, no functions but colours and sums."""
    for token in tokens:
        kind = getattr(token, "type", "")
        if kind == "url":
            return False
        if kind == "function" and token.lower_name not in _CSS_FUNCTIONS:
            return False
        inner = getattr(token, "arguments", None) or getattr(token, "content", None)
        if isinstance(inner, list) and not _css_is_plain(inner):
            return False
    return True


def _plain_css(style: str) -> str:
    """An inline style with only the allowed properties and no ``url()`` or other loads."""
    import tinycss2  # installed with bleach[css], for nbconvert

    kept = [
        declaration
        for declaration in tinycss2.parse_declaration_list(
            style, skip_comments=True, skip_whitespace=True
        )
        if declaration.type == "declaration"
        and declaration.lower_name in _CSS_PROPERTIES
        and _css_is_plain(declaration.value)
    ]
    return ";".join(
        f"{d.lower_name}:{tinycss2.serialize(d.value).strip()}"
        + (" !important" if d.important else "")
        for d in kept
    )


@cache
def _cleaner() -> Any:
    from bleach.css_sanitizer import CSSSanitizer
    from bleach.sanitizer import Cleaner

    class PlainCSS(CSSSanitizer):  # type: ignore[misc]
        def sanitize_css(self, style: str) -> str:
            return _plain_css(style)

    return Cleaner(
        tags=_ALLOWED_TAGS,
        attributes=_allowed_attribute,
        protocols=_LINK_SCHEMES | {"data"},
        strip=True,
        strip_comments=True,
        css_sanitizer=PlainCSS(),
    )


def sanitize_html(markup: str) -> str:
    """``markup`` made inert: allowed tags and attributes only, no scripts, no handlers.

    Scripts, styles, frames, objects, SVG and MathML go with what is inside
    them; other tags not allowed go and leave their text. Links keep
    ``http``, ``https``, ``mailto`` and relative URLs; images keep only
    ``data:image/`` sources; inline styles lose ``url()``.
    """
    previous = None
    while previous != markup:  # until nothing is left to drop (nested or split tags)
        previous, markup = markup, _DROP_WHOLE.sub("", markup)
    return str(_cleaner().clean(markup))


def sanitize_page(page: str) -> str:
    """A whole nbconvert page with everything inside ``<body>`` sanitized.

    The head holds only what the template and the course wrote (CSS and the
    CSP); the notebook's content is all in the body.
    """
    start = re.search(r"<body\b[^>]*>", page)
    end = page.rfind("</body>")
    if start is None or end < start.end():
        raise ValueError("the page has no <body> to sanitize")
    return page[: start.end()] + sanitize_html(page[start.end() : end]) + page[end:]


def banner_html(
    binder_url: str | None = None,
    *,
    binder_text: str | None = None,
    index_link: bool = True,
) -> str:
    """The read-only banner, with optional links to Binder and to the index."""
    text = binder_text or say("handout.open_lesson")
    links = f' <a href="{esc(binder_url)}">{esc(text)}</a>.' if binder_url else ""
    if index_link:
        links += f' <a href="index.html">{esc(say("handout.all_lessons"))}</a>.'
    return (
        f'<div class="helpable-banner" role="note"><strong>{esc(banner_text())}</strong>'
        f"{links}</div>"
    )


def _exporter() -> Any:
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(  # type: ignore[no-untyped-call]
        template_name="lab",
        template_file=TEMPLATE_NAME,
        extra_loaders=[DictLoader({TEMPLATE_NAME: _TEMPLATE})],
        embed_images=True,
        filters={"clean_html": sanitize_html},  # raw HTML cells, code: the same allow-list
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def exercise_page_name(notebook: str) -> str:
    """The file name of a lesson's exercises handout: ``01_x`` -> ``01_x_exercises.html``."""
    return f"{notebook}_exercises.html"


def export_notebook(
    path: Path,
    *,
    title: str | None = None,
    pages: Mapping[Path, str] | None = None,
    course_root: Path | None = None,
    binder_url: str | None = None,
    exporter: Any = None,
    fallback: Callable[[Path], str | None] | None = None,
) -> str:
    """One notebook as a read-only HTML page (stored outputs, no execution).

    The steps of :func:`handout_steps` run first (``pages`` maps each notebook
    that has a handout to its page, for the links); the sanitiser runs last.
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    resources = {
        "metadata": {"name": title or path.stem, "path": str(path.parent)},
        "helpable_banner": banner_html(binder_url),
        "helpable_widget_note": esc(widget_note()),
        "helpable_css": BANNER_CSS + PAGE_EXTRA_CSS + LESSON_PAGE_CSS,
        "helpable_csp_meta": CSP_META,
    }
    note = f'<div class="helpable-widget-note">{esc(widget_note())}</div>'
    root = course_root or path.parent.parent
    apply(nb, handout_steps(note, pages or {}, root, fallback), resources)
    page, _ = (exporter or _exporter()).from_notebook_node(nb, resources=resources)
    return sanitize_page(page)


def index_html(
    pages: list[tuple[str, str, int, str]],
    missing: list[str],
    binder_url: str | None = None,
    practice: Mapping[str, str] | None = None,
) -> str:
    """The index page: one row per handout as (file, title, minutes, summary).

    ``practice`` maps a lesson's page to its exercises page, linked in its row.
    """
    practice = practice or {}
    rows = "".join(
        f'<li><a href="{esc(file)}">{esc(title)}</a> '
        f"<span>{esc(say('handout.minutes', minutes=minutes))}</span>"
        + (
            f' · <a href="{esc(practice[file])}">{esc(say("handout.practice_link"))}</a>'
            if file in practice
            else ""
        )
        + f"<br>{esc(summary)}</li>"
        for file, title, minutes, summary in pages
    )
    later = f"<p>{esc(say('handout.not_yet', lessons=', '.join(missing)))}</p>" if missing else ""
    banner = banner_html(binder_url, binder_text=say("handout.open_course"), index_link=False)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"{CSP_META}"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(say('handout.index_title'))}</title><style>{INDEX_CSS}</style></head>"
        f"<body>{banner}<main><h1>{esc(say('handout.index_heading'))}</h1>"
        f"<p>{esc(say('handout.index_lead'))}</p>"
        f"<ol>{rows}</ol>{later}</main></body></html>\n"
    )


def _check_out_dir(out_dir: Path, force: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise HandoutError(f"{out_dir} is a file, not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise HandoutError(f"{out_dir} is not empty; add --force to write into it anyway")


def export_handouts(
    out_dir: str | Path,
    *,
    notebooks_dir: str | Path = NOTEBOOKS_DIR,
    exercises_dir: str | Path | None = None,
    force: bool = False,
    binder: bool = True,
) -> HandoutResult:
    """Write one HTML page per lesson in ``notebooks_dir``, its exercises, and ``index.html``.

    A lesson whose notebook is also in ``exercises_dir`` (by default the
    ``exercises`` folder next to ``notebooks_dir``) gets an exercises page too,
    :func:`exercise_page_name`. Solutions are never exported. Raises
    :class:`HandoutError` when ``out_dir`` is a file, or not empty without
    ``force``. A notebook that fails to convert is listed in ``result.failed``;
    the others are still written. ``result.dead_links`` lists any relative
    link in a page that leads to no file in ``out_dir``.
    """
    out_dir, notebooks_dir = Path(out_dir), Path(notebooks_dir)
    exercises = Path(exercises_dir) if exercises_dir else notebooks_dir.parent / "exercises"
    _check_out_dir(out_dir, force)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = HandoutResult(out_dir)
    course = lessons()
    present = [lesson for lesson in course if (notebooks_dir / lesson.filename).is_file()]
    result.missing = [lesson.filename for lesson in course if lesson not in present]
    practice = [lesson for lesson in present if (exercises / lesson.filename).is_file()]
    pages = {notebooks_dir / lesson.filename: f"{lesson.notebook}.html" for lesson in present}
    pages |= {
        exercises / lesson.filename: exercise_page_name(lesson.notebook) for lesson in practice
    }
    names = {lesson.notebook for lesson in course}
    exporter = _exporter()

    def on_binder(path: Path) -> str | None:
        in_lessons = path.parent == notebooks_dir.resolve() and path.stem in names
        return binder_link(path=f"notebooks/{path.stem}.ipynb") if in_lessons else None

    def write(lesson: Lesson, folder: str, source: Path, title: str) -> Path | None:
        url = binder_link(path=f"{folder}/{lesson.filename}") if binder else None
        try:
            page = export_notebook(
                source,
                title=title,
                pages=pages,
                course_root=notebooks_dir.parent,
                binder_url=url,
                exporter=exporter,
                fallback=on_binder if binder else None,
            )
        except Exception as exc:  # noqa: BLE001 - one bad notebook must not stop the rest
            name = lesson.filename if folder == "notebooks" else f"{folder}/{lesson.filename}"
            result.failed.append((name, f"{type(exc).__name__}: {exc}"))
            return None
        target = out_dir / pages[source]
        target.write_text(page, encoding="utf-8")
        outside = external_resources(page)
        if outside:
            result.external[target.name] = outside
        return target

    rows, linked = [], {}
    for lesson in present:
        target = write(lesson, "notebooks", notebooks_dir / lesson.filename, lesson.title)
        if target is None:
            continue
        result.pages.append(target)
        rows.append((target.name, lesson.title, lesson.minutes, lesson.summary))
        if lesson in practice:
            title = say("handout.practice_title", title=lesson.title)
            extra = write(lesson, "exercises", exercises / lesson.filename, title)
            if extra is not None:
                result.exercises.append(extra)
                linked[target.name] = extra.name
    start = binder_link() if binder else None
    result.index = out_dir / "index.html"
    result.index.write_text(index_html(rows, result.missing, start, linked), encoding="utf-8")
    for page_path in [*result.pages, *result.exercises, result.index]:
        markup = page_path.read_text(encoding="utf-8")
        result.dead_links += [(page_path.name, h) for h in unresolved_links(markup, out_dir)]
    return result
