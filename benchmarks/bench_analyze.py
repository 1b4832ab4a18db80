"""Benchmark: how fast is ``analyze()``?

Prints the median and p99 time for 1,000-character pitches (built by joining
pitches and better versions from the dev split of ``data/approaches.csv``, or
the examples below if that file is missing), and the time for one 1 MB input.

    python benchmarks/bench_analyze.py [--runs 2000]

Goal: p99 <= 1 ms per 1,000-character pitch on one core; 1 MB in under 1 s.
"wall" is elapsed time; "cpu" is this thread's CPU time, which leaves out time
the machine spent on other programs (use it on a busy, shared machine).
This is a benchmark that prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from helpable.analyzer.engine import analyze
from helpable.analyzer.phrases import phrase_book
from helpable.content.tables import DataError

FALLBACK_PITCHES: tuple[str, ...] = (
    "Could you review my resume line by line and send me your notes by Friday?",
    "I'm not asking about jobs. Could I have 20 minutes, whenever suits you, to hear how "
    "you moved into product design? I'll send a short invite myself. No worries if not.",
    "Since Dana sent me, I assume you'll help me get in the door at your company.",
    "Let me know if you hear of anything, and keep me in mind!",
    "May I mention you suggested I contact Ralph? I'll reach out to him myself. Thank you!",
)


def source_pitches() -> list[str]:
    """Pitches to build the benchmark texts from."""
    try:
        from helpable.content.approaches import load_approaches

        frame = load_approaches("dev")  # dev only: test pitches stay unseen
        return [*frame["text"].tolist(), *frame["better_version"].tolist()]
    except (DataError, KeyError):
        return list(FALLBACK_PITCHES)


def build_text(pitches: list[str], size: int, rng: random.Random) -> str:
    """Join random pitches until the text has ``size`` characters, then cut it there."""
    parts: list[str] = []
    length = 0
    while length < size:
        piece = rng.choice(pitches)
        parts.append(piece)
        length += len(piece) + 1
    return " ".join(parts)[:size]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="how many 1,000-character pitches")
    args = parser.parse_args()
    rng = random.Random(3)
    pitches = source_pitches()
    phrase_book()  # compile once, outside the timing
    texts = [build_text(pitches, 1000, rng) for _ in range(args.runs)]
    for text in texts[:50]:
        analyze(text)  # warm up
    wall, cpu = [], []
    for text in texts:
        start, start_cpu = time.perf_counter(), time.thread_time()
        analyze(text)
        cpu.append(time.thread_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    print(f"1,000-character pitches ({args.runs} runs, from {len(pitches)} source pitches)")
    for name, times in (("wall", wall), ("cpu ", cpu)):
        median_ms = statistics.median(times) * 1000
        p99_ms = percentile(times, 99) * 1000
        print(f"  {name} median {median_ms:.3f} ms · p99 {p99_ms:.3f} ms   (goal: p99 <= 1 ms)")

    big = build_text(pitches, 1_000_000, rng)
    start, start_cpu = time.perf_counter(), time.thread_time()
    feedback = analyze(big)
    seconds, cpu_seconds = time.perf_counter() - start, time.thread_time() - start_cpu
    print(f"1 MB input ({len(big):,} characters, {feedback.word_count:,} words)")
    print(f"  wall {seconds:.3f} s · cpu {cpu_seconds:.3f} s   (goal: under 1 s)")


if __name__ == "__main__":
    main()
