#!/usr/bin/env python3
"""Keystroke to feedback in a real browser: lesson 06's workshop, served by Voilà.

Starts Voilà on ``notebooks/06_pitch_workshop.ipynb`` (the helpers of
``tests/browser_support.py``), opens it in Debian's Chromium with Playwright,
and types into the workshop's rewrite box one key at a time. For each key it
takes the time from the ``keydown`` event to the feedback panel's change (a
``MutationObserver`` on it), and to the next frame after that change (what the
learner sees). Each key waits for its feedback before the next one, so every
key is timed. Then a fast burst (a key every 15 ms) checks that the feedback
ends on the final text and that the updates did not pile up.

Prints median and p95 in ms; asserts nothing about time.

    python benchmarks/bench_keystroke.py [--keys 40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_support import chromium_browser, voila  # noqa: E402

NOTEBOOK = "notebooks/06_pitch_workshop.ipynb"
TEXTAREA = '.widget-textarea textarea[placeholder^="Rewrite the pitch here"]'
TYPED = " What do you enjoy most about your work these days? Thanks so much!"
BURST = " I'll follow up myself next week."

WATCH = """(selector) => {
  const box = document.querySelector(selector);
  const feedback = [...document.querySelectorAll('.helpable-workshop .widget-html')]
    .find(e => /Ease of yes|still broken|No rules broken/.test(e.textContent));
  if (!box || !feedback) return false;
  window.__kb = {keys: [], changed: [], shown: []};
  box.addEventListener('keydown', () => window.__kb.keys.push(performance.now()), true);
  new MutationObserver(() => {
    const at = performance.now();
    window.__kb.changed.push(at);
    requestAnimationFrame(() => window.__kb.shown.push(performance.now()));
  }).observe(feedback, {subtree: true, childList: true, characterData: true});
  window.__kbFeedback = feedback;
  return true;
}"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(keys: int) -> None:
    typed = (TYPED * (keys // len(TYPED) + 1))[:keys]
    with tempfile.TemporaryDirectory() as tmp, voila(NOTEBOOK, Path(tmp)) as server:
        with chromium_browser() as browser:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{server.url}/?token={server.token}")
            box = page.locator(TEXTAREA)
            box.wait_for(state="visible")
            page.wait_for_function(
                "() => [...document.querySelectorAll('.helpable-workshop .widget-html')]"
                ".some(e => /still broken/.test(e.textContent))"
            )
            time.sleep(1.0)  # let the first feedback settle
            if not page.evaluate(WATCH, TEXTAREA):
                raise SystemExit("could not find the workshop's text box and feedback")
            box.click()
            page.keyboard.press("End")
            page.keyboard.press("Control+End")
            changed: list[float] = []
            shown: list[float] = []
            for key in typed:
                before = page.evaluate("() => window.__kb.shown.length")
                page.keyboard.type(key)
                page.wait_for_function(
                    f"() => window.__kb.shown.length > {before}", timeout=10_000
                )
                at, seen, done = page.evaluate(
                    f"() => [window.__kb.keys.at(-1), window.__kb.changed[{before}],"
                    f" window.__kb.shown[{before}]]"
                )
                changed.append(seen - at)
                shown.append(done - at)
                time.sleep(0.08)  # a pause between keys, so each key is timed alone

            # A fast burst: the last feedback must be on the final text, soon after.
            start = page.evaluate("() => window.__kb.changed.length")
            page.keyboard.type(BURST, delay=15)
            final = box.input_value()
            page.wait_for_function(
                "(tail) => window.__kbFeedback.textContent.includes(tail)",
                arg=final.split()[-1],
                timeout=10_000,
            )
            time.sleep(1.0)
            updates = page.evaluate("() => window.__kb.changed.length") - start
            context.close()

    print(f"lesson 06 in Voilà, Chromium, 1280 x 800: {len(changed)} keystrokes, one at a time")
    for name, values in (("to the feedback's change", changed), ("to the next frame", shown)):
        print(
            f"  keydown {name}: median {statistics.median(values):.1f} ms, "
            f"p95 {percentile(values, 0.95):.1f} ms, max {max(values):.1f} ms"
        )
    print(
        f"  burst of {len(BURST)} keys 15 ms apart: {updates} feedback updates, "
        "the last one on the final text"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=40, help="keystrokes to time (at least 30)")
    args = parser.parse_args()
    measure(max(30, args.keys))


if __name__ == "__main__":
    main()
