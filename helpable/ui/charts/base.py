"""What every chart shares: the chart style, new figures, showing a figure and PNG bytes.

Figures are made with pyplot (so that Jupyter knows how to show them) and
closed at once, so that they never pile up or appear twice.
"""

from __future__ import annotations

import base64
import ctypes
import io
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from helpable.content.approaches import load_approaches
from helpable.content.rules import RULE_KEYS
from helpable.content.strings import say
from helpable.ui.style import MUTED, OKABE_ITO, SURFACE, esc

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.text import Text
    from matplotlib.typing import RcKeyType
    from PIL import Image as PILImage

# matplotlib and Pillow are imported where a chart is drawn, not here: the plan's
# table and the lessons' word tables use this module's helpers without drawing,
# and a lesson that draws nothing never pays matplotlib's import time.

BLACK = OKABE_ITO["black"]
"""Outlines, arrows and the 50% line."""

WHITE = SURFACE
"""Label boxes, the halo under the 50% line and the pitch's star."""

_RC: dict[RcKeyType, Any] = {
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "figure.titlesize": 15,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
    # A learner's "$5-$10" is money, not maths: never read text as mathtext.
    "text.parse_math": False,
}


@contextmanager
def chart_style() -> Iterator[None]:
    """The course's chart style (font sizes readable at 100% zoom, no top/right spines)."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        yield


def new_figure(figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """A new constrained-layout figure with one axes, detached from pyplot's open figures."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    plt.close(fig)
    return fig, ax


def model_caveat(fig: Figure) -> Text:
    """Print the teaching model's caveat in the picture itself, so it goes wherever the
    image goes (a handout, a screenshot, a slide)."""
    return fig.supxlabel(say("chart.model_caveat"), fontsize=9, fontstyle="italic", color=MUTED)


def new_grid(
    figsize: tuple[float, float], nrows: int, ncols: int, *, sharey: bool = False
) -> tuple[Figure, NDArray[Any]]:
    """Like :func:`new_figure`, with a ``nrows`` × ``ncols`` array of axes."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(
        nrows, ncols, figsize=figsize, layout="constrained", squeeze=False, sharey=sharey
    )
    plt.close(fig)
    return fig, axes


_ALT_CALLS: WeakKeyDictionary[Figure, tuple[str, dict[str, Any]]] = WeakKeyDictionary()
"""Each chart figure -> the chart's name and arguments, for its alt text."""


def remember_alt(fig: Figure, chart_name: str, **params: Any) -> Figure:
    """Note how ``fig`` was drawn, so that :func:`show` can describe it without being told."""
    _ALT_CALLS[fig] = (chart_name, params)
    return fig


def figure_title(fig: Figure) -> str:
    """The figure's title (or its first axes' title), on one line."""
    title = fig.get_suptitle()
    for ax in fig.axes:
        title = title or ax.get_title(loc="left") or ax.get_title()
    return " ".join(title.split())


def alt_for(fig: Figure) -> str:
    """Alt text for a figure: the chart's own, with its numbers, else one from its title."""
    call = _ALT_CALLS.get(fig)
    if call is not None:
        # Imported here: the alt text module draws on every chart module.
        from helpable.ui.charts.alt import alt_text

        return alt_text(call[0], **call[1])
    title = figure_title(fig)
    return say("chart.alt.fallback", title=title) if title else say("chart.alt.untitled")


def figure_html(png: bytes, alt: str, width: int | None = None, height: int | None = None) -> str:
    """One ``<img>`` tag: the PNG as a data URI, with ``alt`` escaped, scaled to fit."""
    size = f' width="{int(width)}" height="{int(height)}"' if width and height else ""
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{esc(alt)}"{size} '
        'style="max-width:100%;height:auto">'
    )


def png_html(png: bytes, alt: str) -> str:
    """:func:`figure_html` for PNG bytes, with the image's own width and height."""
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(png)) as image:
        width, height = image.size
    return figure_html(png, alt, width, height)


def show(fig: Figure, alt: str | None = None) -> None:
    """Show a figure as an ``<img>`` with alt text, and release it from pyplot's memory.

    The image is a compact 256-colour PNG (it looks the same for these charts
    and keeps stored notebooks small: the budget is 600 kB a notebook), shown
    as HTML so that JupyterLab and Voilà both give it its ``alt``. ``alt``
    should say what the chart shows; without it the chart's own alt text is
    used (see :func:`remember_alt`), else one made from its title. Anywhere
    HTML is not shown, the alt text is shown as plain text.
    """
    import matplotlib.pyplot as plt

    plt.close(fig)
    words = alt if alt and alt.strip() else alt_for(fig)
    try:
        # Imported here, not at the top: only a notebook shows figures, and the CLI
        # and the class report draw charts without paying IPython's import time.
        from IPython.display import display
    except ImportError:  # pragma: no cover - outside Jupyter there is nothing to show
        return
    text = "\n".join(textwrap.wrap(" ".join(words.split()), width=76, break_long_words=False))
    bundle = {"text/html": png_html(compact_png(fig), words), "text/plain": text}
    display(bundle, raw=True)  # type: ignore[no-untyped-call]
    give_back_memory()


def _libc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None on a system without it."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_TRIM = _libc_trim() if sys.platform.startswith("linux") else None


def give_back_memory() -> None:
    """Hand the memory that drawing freed back to the system (glibc only).

    Drawing a chart allocates and frees several image-sized buffers. glibc
    keeps freed memory for reuse, split into pieces that a later, larger
    chart often cannot use, so a kernel's memory would grow with each new
    chart. ``malloc_trim`` returns the free pages (as Dask's workers do).
    """
    if _TRIM is not None:
        _TRIM(0)


def release_pixels(fig: Figure) -> None:
    """Let go of the pixel buffer that drawing left behind.

    Each text artist keeps the renderer it was last drawn with, and with it the
    whole image (several MiB). A figure a notebook keeps in a variable would
    hold that buffer for the rest of the session. Text finds a renderer again
    when it needs one.
    """
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        if getattr(text, "_renderer", None) is not None:
            text._renderer = None  # type: ignore[attr-defined]


class _Pixels(io.BytesIO):
    """Where matplotlib writes a figure's raw pixels: kept as an RGB picture, not as bytes.

    ``savefig(format="rgba")`` writes the drawn buffer in one call, as a
    height × width × 4 memory view, so the picture is taken from it as it is:
    no PNG of the whole RGBA picture is compressed only to be read back.
    """

    def __init__(self) -> None:
        super().__init__()
        self.image: PILImage.Image | None = None

    def write(self, data: Any) -> int:
        from PIL import Image as PILImage

        view = memoryview(data)
        if view.ndim != 3 or (view.shape or ())[-1:] != (4,) or self.image is not None:
            # Not one whole buffer after all: the caller draws it the PNG way instead.
            self.image = None
            raise ValueError("matplotlib wrote the pixels in pieces")
        # The figure is opaque, so RGB is all it shows (as the PNG way reads it back).
        self.image = PILImage.fromarray(np.asarray(view)).convert("RGB")
        return view.nbytes


def _drawn_rgb(fig: Figure) -> PILImage.Image:
    """The figure drawn as Jupyter crops it (``bbox_inches="tight"``), as RGB pixels."""
    from PIL import Image as PILImage

    sink = _Pixels()
    try:
        fig.savefig(sink, format="rgba", dpi=fig.dpi, bbox_inches="tight")
    except ValueError:
        sink.image = None
    if sink.image is not None:
        return sink.image
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight")
    with PILImage.open(io.BytesIO(buf.getvalue())) as image:
        return image.convert("RGB")


def compact_png(fig: Figure) -> bytes:
    """The figure as a palette PNG (256 colours, no dithering), cropped like Jupyter's."""
    from PIL import Image as PILImage

    rgb = _drawn_rgb(fig)
    release_pixels(fig)
    palette = rgb.quantize(
        colors=256, method=PILImage.Quantize.MEDIANCUT, dither=PILImage.Dither.NONE
    )
    del rgb
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_png(fig: Figure, dpi: float | None = None) -> bytes:
    """The figure as PNG bytes (what a notebook shows)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi)
    release_pixels(fig)
    return buf.getvalue()


_NAMES = {"linkedin": "LinkedIn"}


def pretty(name: object) -> str:
    """A channel, setting or relationship key as words (``former_colleague``: former colleague)."""
    return _NAMES.get(str(name), str(name).replace("_", " "))


def check_unit(name: str, value: float) -> float:
    """``value`` as a float, or a ValueError naming ``name`` when it is outside 0–1."""
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1, not {value}")
    return float(value)


def approach_table(frame: pd.DataFrame | None) -> pd.DataFrame:
    """``frame``, or ``data/approaches.csv`` when None, checked for the columns charts need."""
    if frame is None:
        frame = load_approaches()
    needed = ["relationship", *RULE_KEYS]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"The table needs column(s): {', '.join(missing)}")
    return frame


def as_floats(values: object) -> NDArray[np.float64]:
    """Any number or array of numbers as a float array (for the model's results)."""
    return np.asarray(values, dtype=float)


def point(ax: Axes, x: float, y: float, marker: str, size: float, **style: Any) -> Line2D:
    """One marker at (x, y), with no line through it."""
    (line,) = ax.plot(x, y, marker=marker, markersize=size, linestyle="none", **style)
    return line
