"""How long from a keystroke's value change to the feedback widget's update?

Simulates a learner typing and deleting in the rewrite box (about 200 edits of
a realistic pitch) and times each edit from setting ``Textarea.value`` to the
feedback HTML widget holding new HTML. That is the server-side work per update
(analyse + render); the budget is 50 ms. Outside a kernel the throttle runs
every edit at once, so every edit is timed.

Run: ``/tmp/venv1/bin/python benchmarks/bench_widgets.py [--edits 200]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import ipywidgets as widgets

from helpable.ui import widgets as hw
from helpable.ui.state.pitch import ANALYZER

PITCH = (
    "Hi Dana, I'm so glad we met at the design meetup last week. I'm moving from retail "
    "into UX research, and I know you've worked at Northwind for years. Could you review my "
    "portfolio, pass my resume to your hiring manager, and let me know if you hear of any "
    "openings? I'm free any afternoon, and I can come by your office whenever works for me."
)
BUDGET_MS = 50.0


def edits(n: int) -> list[str]:
    """A typing session: delete the second half word by word, then type a new ending."""
    texts: list[str] = []
    words = PITCH.split(" ")
    keep = len(words) // 2
    ending = (
        " What helped you most when you moved into research? I'll follow up myself next week. "
        "No worries if you're busy."
    )
    current = PITCH
    while len(texts) < n:
        for cut in range(len(words), keep, -1):  # delete a word at a time
            current = " ".join(words[:cut])
            texts.append(current)
        base = current
        for i in range(1, len(ending) + 1):  # type one character at a time
            texts.append(base + ending[:i])
        texts.append(PITCH)
    return texts[:n]


def time_edits(textarea: widgets.Textarea, feedback: widgets.HTML, texts: list[str]) -> list[float]:
    """Milliseconds from setting the text to the feedback HTML changing, per edit."""
    times = []
    for text in texts:
        if text == textarea.value:
            continue
        before = feedback.value
        start = time.perf_counter()
        textarea.value = text
        elapsed = (time.perf_counter() - start) * 1000
        if feedback.value == before and "No rules broken" not in before:
            raise AssertionError(f"feedback did not change for {text[-30:]!r}")
        times.append(elapsed)
    return times


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    median = statistics.median(ordered)
    verdict = "OK" if p99 <= BUDGET_MS else f"OVER the {BUDGET_MS:.0f} ms budget"
    print(
        f"{name:<16} edits={len(times):4d}  median={median:6.2f} ms  p99={p99:6.2f} ms  "
        f"max={ordered[-1]:6.2f} ms  {verdict}"
    )


def analyzer_in_use() -> tuple[str, Callable | None]:
    try:
        ANALYZER.get()
        return "helpable.analyzer.engine.analyze", None
    except ImportError:
        import re

        from helpable.analyzer.feedback import Feedback

        def stand_in(text: str, **_: object) -> Feedback:
            hits = re.findall(r"resume|refer|let me know", text)
            return Feedback(text, frozenset({"risk"} if hits else ()), word_count=len(text.split()))

        return "a stand-in (helpable.analyzer.engine is missing)", stand_in


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    name, analyzer = analyzer_in_use()
    texts = edits(args.edits)
    print(f"analyzer: {name}; pitch of {len(PITCH)} characters; {len(texts)} edits")

    box = hw.rewrite_box(analyzer=analyzer)
    box.text.value = "warm-up"
    report("rewrite_box", time_edits(box.text, box.feedback, texts))

    class Journal:
        def append(self, entry: object) -> int:
            return 1

        def entries(self) -> list:
            return []

        problems: list[str] = []

    ws = hw.pitch_workshop(Journal(), analyzer=analyzer)
    ws.rewrite.value = "warm-up"
    report("pitch_workshop", time_edits(ws.rewrite, ws.feedback, texts))


if __name__ == "__main__":
    main()
