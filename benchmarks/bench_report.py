#!/usr/bin/env python3
"""Time the class report for a synthetic class: 30 and 300 learners, 10 entries each.

Each learner's journal holds rewrites of seeded random pitches with scores,
broken rules and findings, plus a reflection; one journal in 20 ends with a
cut-off line. Prints the time to read (``collect``), count (``summarise``)
and draw (``render_html``, two PNG charts), and the page size.

    python benchmarks/bench_report.py              # 30 and 300 learners
    python benchmarks/bench_report.py --sizes 1000 --entries 20 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpable.content.rules import RULE_KEYS
from helpable.instructor import report
from helpable.instructor.collect import ClassData, collect
from helpable.instructor.summary import summarise

PHRASES = {
    "effort": ["look over my resume", "find me openings", "line by line", "write me a letter"],
    "risk": ["refer me", "put in a good word", "pass my resume along", "vouch for me"],
    "commitment": ["let me know", "get back to me", "keep me posted", "send me"],
}


def synthetic_entry(rng: random.Random, pitch: int) -> dict[str, Any]:
    broken = [k for k in RULE_KEYS if rng.random() < 0.25]
    original_broken = sorted(set(broken) | {rng.choice(RULE_KEYS)})
    return {
        "timestamp": "2026-01-05T10:00:00+00:00",
        "entry_id": f"{rng.getrandbits(64):016x}",
        "kind": "rewrite",
        "pitch_id": f"p{pitch:03d}",
        "original": f"Original pitch number {pitch}, which asks for a lot.",
        "rewrite": "Could I ask you one quick question about your first year on the team?",
        "broken": broken,
        "score": max(0, min(100, 92 - 25 * len(broken) + rng.randint(-6, 6))),
        "original_broken": original_broken,
        "original_score": max(0, min(100, 85 - 22 * len(original_broken) + rng.randint(-8, 8))),
        "findings": [
            {
                "rule": rule,
                "start": 0,
                "end": 10,
                "phrase": rng.choice(PHRASES[rule]),
                "why": "",
                "try_instead": "",
            }
            for rule in broken
        ],
    }


def write_class(folder: Path, learners: int, entries: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    for i in range(learners):
        lines = [synthetic_entry(rng, rng.randint(1, 40)) for _ in range(entries - 1)]
        lines.append({"kind": "reflection", "notebook": "06", "prompt": "p", "text": "t"})
        text = "".join(json.dumps(e) + "\n" for e in lines)
        if i % 20 == 19:
            text += '{"kind": "rewrite", "pitch_id": "p1", "rew'  # a cut-off save
        (folder / f"learner{i:04d}.jsonl").write_text(text, encoding="utf-8")


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(learners: int, entries: int, repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_class(folder, learners, entries)
        t_collect, data = timed(lambda: collect([folder]), repeat)
        t_summary, summary = timed(lambda: summarise(data), repeat)
        t_render, page = timed(lambda: report.render_html(summary), repeat)
    return {
        "learners": learners,
        "entries": learners * entries,
        "collect": t_collect,
        "summarise": t_summary,
        "render": t_render,
        "total": t_collect + t_summary + t_render,
        "kb": len(page.encode("utf-8")) / 1024,
        "partly_read": summary.partly_read,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 300])
    parser.add_argument("--entries", type=int, default=10, help="entries per learner")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args(argv)
    report.render_html(summarise(ClassData()))  # warm up imports
    print("| learners | entries | collect | summarise | render | total | page | partly read |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        r = measure(size, args.entries, args.repeat)
        print(
            f"| {r['learners']} | {r['entries']} | {r['collect']:.2f} s | "
            f"{r['summarise'] * 1000:.1f} ms | {r['render']:.2f} s | {r['total']:.2f} s | "
            f"{r['kb']:.0f} KB | {r['partly_read']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
