"""Parts every widget shares: buttons, labels and throttled live feedback."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable

import ipywidgets as widgets

from helpable.content.rules import rules

LIVE_INTERVAL = 0.0
"""Live feedback runs at most once per this many seconds while the learner types.

0: no throttle. The analysis takes about a millisecond, so feedback follows each
keystroke as soon as the kernel is free; keystrokes that arrive while it is busy
are folded into one run on the latest text (see :class:`LiveUpdater`)."""

LABEL_STYLE = {"description_width": "initial"}


def button(description: str, tooltip: str, icon: str = "", style: str = "") -> widgets.Button:
    """A button that keeps its words (natural width) and always has a tooltip."""
    return widgets.Button(
        description=description,
        tooltip=tooltip,
        icon=icon,
        button_style=style,
        layout=widgets.Layout(width="auto", max_width="100%", flex="0 0 auto"),
    )


def pitch_box(
    description: str, placeholder: str, value: str = "", height: str = "110px"
) -> widgets.Textarea:
    """A labelled, wide text box that reports every keystroke."""
    return widgets.Textarea(
        value=value,
        description=description,
        placeholder=placeholder,
        continuous_update=True,
        layout=widgets.Layout(width="95%", height=height),
        style=LABEL_STYLE,
    )


def rule_options() -> list[tuple[str, str]]:
    """(label, key) for each rule, in course order."""
    return [(r.label, k) for k, r in rules().items()]


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class LiveUpdater:
    """Live feedback: re-run only when the text changed, at most once per interval.

    Inside a kernel (a running event loop) a run is queued on the loop, not made
    at once: every edit that arrives before it runs is folded into it, so runs
    never pile up behind fast typing, and the last edit of a burst always runs.
    With ``interval`` 0 (the default) it runs on the loop's next turn. Without a
    loop (tests, scripts) each new text runs at once, so nothing is ever dropped.
    """

    def __init__(
        self,
        run: Callable[[str], None],
        interval: float = LIVE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._run = run
        self.interval = interval
        self._clock = clock
        self._last_text: str | None = None
        self._last_time = -math.inf
        self._latest = ""
        self._pending: asyncio.Handle | None = None
        self.runs = 0

    def submit(self, text: str) -> None:
        """Ask for feedback on ``text``; it may run now, later, or not at all if unchanged."""
        self._latest = text
        if self._pending is not None:
            return  # the pending run will pick up the latest text
        if text == self._last_text:
            return
        loop = _running_loop()
        if loop is None:
            self._fire()
            return
        wait = self._last_time + self.interval - self._clock()
        if wait > 0:
            self._pending = loop.call_later(wait, self._fire)
        else:
            self._pending = loop.call_soon(self._fire)

    def force(self, text: str) -> None:
        """Run now, even if the text has not changed (the Check button)."""
        self._latest = text
        self._last_text = None
        self._cancel()
        self._fire()

    def reset(self) -> None:
        """Forget the last text, so that the next submit runs."""
        self._cancel()
        self._last_text = None

    def _cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def _fire(self) -> None:
        self._pending = None
        text = self._latest
        if text == self._last_text:
            return
        self._last_text = text
        self._last_time = self._clock()
        self.runs += 1
        self._run(text)
