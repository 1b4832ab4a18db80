"""Colour contrast of the course's palette and of the CSS for pages that show a lesson.

WCAG 2 AA asks for 4.5:1 between text and its background. These checks are the
arithmetic behind what axe-core reports in the browser tests
(``tests/test_browser_axe.py``): the handouts showed code comments, numbers and
operators at about 4.2:1 (JupyterLab's syntax colours on its grey code
background), and links in running text that only colour set apart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpable.ui import style


def _luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two #RRGGBB (or #RGB) colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_arithmetic() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast("#408080", "#F5F5F5") == pytest.approx(4.17, abs=0.01)  # as axe said


def _lab_theme() -> str:
    """The CSS of nbconvert's lab template, which the handouts use: theme and base."""
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("nbconvert", "templates", "lab", "static"):
        paths = [Path(folder) / "theme-light.css", Path(folder) / "index.css"]
        if all(p.is_file() for p in paths):
            return "\n".join(p.read_text(encoding="utf-8") for p in paths)
    pytest.fail("nbconvert's lab template (theme-light.css, index.css) is not installed")


def _theme_colours(theme: str) -> dict[str, str]:
    """JupyterLab's syntax colours: ``--jp-mirror-editor-NAME-color: #hex`` as {NAME: hex}."""
    found = re.findall(r"--jp-mirror-editor-([a-z0-9-]+)-color:\s*(#[0-9a-fA-F]{3,6})\s*;", theme)
    return dict(found)


def test_code_background_is_the_lab_themes() -> None:
    theme = _lab_theme()
    assert re.search(r"--md-grey-100:\s*#f5f5f5", theme, re.IGNORECASE)
    assert re.search(r"--jp-cell-editor-background:\s*var\(--md-grey-100\)", theme)
    assert style.CODE_BG.upper() == "#F5F5F5"


def test_every_syntax_colour_on_a_lesson_page_reads_on_the_code_background() -> None:
    """Each of JupyterLab's syntax colours under 4.5:1 is replaced, by one that passes."""
    theme = _theme_colours(_lab_theme())
    assert len(theme) >= 10, theme
    weak = {name for name, colour in theme.items() if contrast(colour, style.CODE_BG) < 4.5}
    assert {"comment", "number", "operator"} <= weak  # what axe found in the handouts
    assert weak <= set(style.CODE_COLOURS), (
        f"not replaced: {sorted(weak - set(style.CODE_COLOURS))}"
    )
    for name, colour in style.CODE_COLOURS.items():
        assert contrast(colour, style.CODE_BG) >= 4.5, (name, colour)
        assert contrast(colour, style.SURFACE) >= 4.5, (name, colour)
        assert f"--jp-mirror-editor-{name}-color:{colour}" in style.LESSON_PAGE_CSS


def test_lesson_page_css_sets_the_colours_where_they_win() -> None:
    """The theme sets its colours on :root; the course's, on body, win wherever it comes."""
    css = style.LESSON_PAGE_CSS
    block = re.search(r"(?:^|\})\s*body\s*\{([^}]*)\}", css)
    assert block, css
    assert "--jp-mirror-editor-comment-color" in block.group(1)


def test_links_in_running_text_are_underlined() -> None:
    """Colour alone does not set a link apart (axe: link-in-text-block), in the lab's
    rendered markdown (which says ``text-decoration: none`` for ``a:link``) and the banner."""
    css = style.LESSON_PAGE_CSS
    rule = re.search(r"([^{}]*)\{[^}]*text-decoration:\s*underline[^}]*\}", css)
    assert rule, css
    selectors = {s.strip() for s in rule.group(1).split(",")}
    assert {
        "body .jp-RenderedHTMLCommon a:link",
        "body .jp-RenderedHTMLCommon a:visited",
        ".helpable-banner a",
    } <= selectors


TEXT_ON = {
    "INK": ["SURFACE", "QUOTE_BG", "HEADER_BG", "NOTE_BG", "GOOD_BG", "NEUTRAL_TINT"],
    "MUTED": ["SURFACE", "QUOTE_BG", "HEADER_BG", "NOTE_BG"],
    "GOOD": ["SURFACE", "GOOD_BG"],
    "LINK": ["SURFACE", "NOTE_BG"],
}


@pytest.mark.parametrize("text", sorted(TEXT_ON))
def test_palette_text_reads_on_every_tint_it_sits_on(text: str) -> None:
    for background in TEXT_ON[text]:
        ratio = contrast(getattr(style, text), getattr(style, background))
        assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}:1"
    for tint in style.RULE_TINTS.values():
        assert contrast(style.INK, tint) >= 4.5, tint
