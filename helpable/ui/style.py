"""The course's one palette, its shared CSS and its one HTML escaper.

Every colour the course shows comes from here: the feedback panels, the
charts, the class report and the handouts. The rule colours are Okabe–Ito
colours, which readers with colour-blindness can tell apart, and each rule
also has its own marker shape and hatch, so nothing relies on colour alone.
Text always sits on a light tint, never on a strong colour.
"""

from __future__ import annotations

import html
import re

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""The Okabe–Ito colour-blind-safe palette."""

# Neutrals and text colours (contrast ratios are against white).
INK = "#1A1A1A"  # body text, 17:1
MUTED = "#4D4D4D"  # secondary text, 8.5:1
SURFACE = "#FFFFFF"
QUOTE_BG = "#F4F4F4"
HEADER_BG = "#F0F0F0"
BORDER = "#8C8C8C"
LIGHT_BORDER = "#D0D0D0"
GRID = "#DDDDDD"
NEUTRAL_TINT = "#EEEEEE"
BEFORE_FILL = "#D9D9D9"  # light grey bars, always hatched as well
GOOD = "#007A5A"  # a darker bluish green for text, 5.4:1
GOOD_BG = "#E6F4EF"
NOTE_BG = "#FFF4D6"
LINK = "#0050A0"  # 8.6:1
ACCENT = OKABE_ITO["blue"]

RULE_COLOURS: dict[str, str] = {
    "effort": OKABE_ITO["orange"],
    "risk": OKABE_ITO["vermillion"],
    "commitment": OKABE_ITO["sky_blue"],
}
"""One colour per rule, the same in the panels, the charts and the report."""

RULE_TINTS: dict[str, str] = {
    "effort": "#F8E2B3",
    "risk": "#F6D0B5",
    "commitment": "#CCE8F8",
}
"""Light versions of the rule colours, for backgrounds behind near-black text."""

GROUP_STYLE: dict[str, dict[str, str]] = {
    "none": {"color": OKABE_ITO["bluish_green"], "marker": "o", "hatch": ""},
    "effort": {"color": RULE_COLOURS["effort"], "marker": "s", "hatch": "//"},
    "risk": {"color": RULE_COLOURS["risk"], "marker": "^", "hatch": "xx"},
    "commitment": {"color": RULE_COLOURS["commitment"], "marker": "D", "hatch": ".."},
    "several": {"color": OKABE_ITO["reddish_purple"], "marker": "P", "hatch": "++"},
}
"""Colour, marker shape and hatch for each rule, for 'none' and for 'several' rules."""

STRATEGY_STYLE: dict[str, dict[str, object]] = {
    "leads_first": {"color": OKABE_ITO["vermillion"], "linestyle": "--", "marker": "s"},
    "advice_first": {"color": OKABE_ITO["blue"], "linestyle": "-", "marker": "o"},
}
"""Line colour, line style and marker for each simulated strategy."""

EXTRA_LINE_STYLES: tuple[dict[str, object], ...] = (
    {"color": OKABE_ITO["orange"], "linestyle": ":", "marker": "^"},
    {"color": OKABE_ITO["reddish_purple"], "linestyle": "-.", "marker": "D"},
    {"color": OKABE_ITO["bluish_green"], "linestyle": (0, (5, 1, 1, 1)), "marker": "v"},
)
"""Styles for any further strategies, in order."""

ORIGINAL_COLOUR = OKABE_ITO["vermillion"]
REWRITE_COLOUR = OKABE_ITO["blue"]
SURFACE_CMAP = "viridis"
"""Colour map of the chance-of-a-yes surface (perceptually even, colour-blind safe)."""


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute (None becomes '')."""
    return html.escape("" if value is None else str(value), quote=True)


def percent(fraction: float) -> str:
    """A fraction as a whole percentage: 0.256 -> '26%'."""
    return f"{round(float(fraction) * 100)}%"


PAGE_CSS = f"""
body{{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:{INK};
background:{SURFACE};line-height:1.5;margin:0;padding:24px}}
main{{max-width:960px;margin:0 auto}}
a{{color:{LINK}}}
h1{{font-size:1.8em;margin:0 0 4px 0}}
h2{{font-size:1.3em;margin:32px 0 8px 0;border-bottom:2px solid {ACCENT};padding-bottom:4px}}
p.lead{{color:{MUTED};margin-top:0}}
.cards{{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}}
.card{{border:1px solid {BORDER};border-radius:8px;padding:10px 14px;min-width:150px}}
.card b{{display:block;font-size:1.6em}}
table{{border-collapse:collapse;margin:8px 0;width:100%}}
th,td{{border:1px solid {BORDER};padding:6px 8px;text-align:left;vertical-align:top}}
th{{background:{HEADER_BG}}}
td.num,th.num{{text-align:right;font-variant-numeric:tabular-nums}}
figure{{margin:12px 0}}
figure img{{max-width:100%;height:auto;border:1px solid {LIGHT_BORDER}}}
figcaption{{color:{MUTED};font-size:0.95em}}
.note{{background:{NOTE_BG};border-left:4px solid {OKABE_ITO["orange"]};padding:8px 12px}}
.ok{{background:{GOOD_BG};border-left:4px solid {GOOD};padding:8px 12px}}
code{{background:{QUOTE_BG};padding:0 3px}}
footer{{margin-top:40px;color:{MUTED};font-size:0.9em}}
"""
"""The CSS of the course's standalone pages (the class report, the handout index)."""


# Pages that show a lesson with JupyterLab's own CSS (the handouts) -------------------------

CODE_BG = "#F5F5F5"
"""JupyterLab's code cell background in the Light theme (``--md-grey-100``)."""

CODE_COLOURS: dict[str, str] = {
    "atom": "#6262B8",  # the theme's #88f: 2.8:1 on CODE_BG
    "bracket": "#6D6D54",  # #997: 2.7:1
    "comment": "#3A7474",  # #408080: 4.2:1
    "error": "#DB0000",  # #f00: 3.7:1
    "hr": "#6B6B6B",  # #999: 2.6:1
    "meta": "#A020F0",  # #a2f: 4.4:1
    "number": "#007E00",  # #080: 4.3:1
    "operator": "#A020F0",  # #a2f: 4.4:1
    "quote": "#007D00",  # #090: 3.5:1
    "variable-3": "#007C4D",  # #085: 4.1:1
}
"""Syntax colours (``--jp-mirror-editor-NAME-color``) that replace the Light theme's
weak ones: the same hues, darker, each at least 4.8:1 on :data:`CODE_BG` and on white."""

LESSON_PAGE_CSS = (
    # The theme sets its colours on :root; set on body, these win wherever this CSS comes.
    "body{"
    + "".join(f"--jp-mirror-editor-{name}-color:{c};" for name, c in CODE_COLOURS.items())
    + "}\n"
    # The theme says text-decoration:none for a:link (0,2,1); these selectors weigh more.
    "body .jp-RenderedHTMLCommon a:link,body .jp-RenderedHTMLCommon a:visited,"
    ".helpable-banner a{text-decoration:underline}\n"
)
"""CSS for a page that shows a lesson with JupyterLab's CSS (the handouts): code in
readable colours, and links in running text underlined, not set apart by colour alone."""


# Widgets in a lesson (JupyterLab and Voilà) ------------------------------------------------

WORKSHOP_CLASS = "helpable-workshop"
"""The CSS class of the pitch workshop's outer box (see :data:`WIDGET_CSS`)."""

WIDGET_CSS = (
    # ipywidgets cuts a button's words with an ellipsis when its row is narrow
    # ("Save to m…"); in the workshop the words wrap inside the button instead.
    f".{WORKSHOP_CLASS} .widget-button{{white-space:normal;overflow:visible;"
    "text-overflow:clip;height:auto;min-height:var(--jp-widgets-inline-height,28px);"
    "line-height:1.3;padding-top:4px;padding-bottom:4px;max-width:100%}\n"
    # Rows wrap on a phone; a menu may shrink below its words' width.
    f".{WORKSHOP_CLASS} .widget-hbox{{flex-wrap:wrap;row-gap:4px}}\n"
    f".{WORKSHOP_CLASS} .widget-dropdown{{max-width:100%;min-width:0}}\n"
    f".{WORKSHOP_CLASS} .widget-dropdown select{{min-width:0;text-overflow:ellipsis}}\n"
    f".{WORKSHOP_CLASS} .widget-textarea{{max-width:100%}}\n"
    f".{WORKSHOP_CLASS} .widget-html{{max-width:100%;min-width:0}}\n"
)
"""CSS for the lesson widgets: the workshop's buttons keep all their words, rows wrap."""


# Bidi controls in learner text -----------------------------------------------------------

_EMBEDS = frozenset("\u202a\u202b\u202d\u202e")  # LRE, RLE, LRO, RLO: closed by PDF
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI: closed by PDI
_PDF, _PDI = "\u202c", "\u2069"
_PARAGRAPH_BREAKS = frozenset("\n\r\x1c\x1d\x1e\x85\u2029")  # these end every control
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def bidi_closed(text: str) -> str:
    """``text`` with every bidi embedding, override and isolate closed, so none leaks out.

    Each one still open is closed before a line break and at the end; a PDF or
    PDI with nothing to close is dropped. Text without bidi controls is unchanged.
    """
    if not _BIDI_CONTROL.search(text):
        return text
    out: list[str] = []
    stack: list[str] = []

    def close_all() -> None:
        out.extend(_PDF if kind == "embed" else _PDI for kind in reversed(stack))
        stack.clear()

    for ch in text:
        if ch in _EMBEDS:
            stack.append("embed")
        elif ch in _ISOLATES:
            stack.append("isolate")
        elif ch == _PDF:
            if not stack or stack[-1] != "embed":
                continue
            stack.pop()
        elif ch == _PDI:
            if "isolate" not in stack:
                continue
            while stack.pop() != "isolate":  # a PDI also ends the embeddings inside it
                pass
        elif ch in _PARAGRAPH_BREAKS:
            close_all()
        out.append(ch)
    close_all()
    return "".join(out)


def escaped_text(value: object) -> str:
    """Escaped text whose bidi controls cannot leak past it."""
    return esc(bidi_closed("" if value is None else str(value)))


def isolated(text: object) -> str:
    """A quoted piece of learner text: escaped, its controls closed, in a ``<bdi>``.

    The ``<bdi>`` keeps right-to-left words (or an override) from reordering
    the sentence around the quote; put the quote marks outside it.
    """
    return f"<bdi>{escaped_text(text)}</bdi>"
