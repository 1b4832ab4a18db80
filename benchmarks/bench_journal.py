"""How fast the journal saves and reads: append latency and throughput, one and many writers.

    python benchmarks/bench_journal.py [--n 500] [--writers 2] [--dir FOLDER]

Every append takes the file lock, writes one line and calls fsync, so the
figures depend mostly on the disk: run it with ``--dir`` on the disk that
learners use. The "raw write+fsync" line is the floor that the disk sets.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas  # noqa: F401  (imported here so that to_frame() is timed warm)

from helpable.journal import Journal

ENTRY = {
    "kind": "rewrite",
    "pitch_id": "a017",
    "original": "Hi! Can you refer me for the analyst role at your company? I sent my resume.",
    "rewrite": "Hi Sam, I enjoyed your talk on data teams. Could I ask one question by email?",
    "broken": [],
    "score": 86,
    "original_broken": ["effort", "risk"],
    "original_score": 31,
    "findings": [
        {"rule": "risk", "start": 10, "end": 22, "phrase": "refer me for", "why": "…"},
    ],
    "note": "Shorter, and it asks for less. 🙂",
}

WORKER = """
import json, sys, time
from helpable.journal import Journal
path, n = sys.argv[1], int(sys.argv[2])
entry = json.loads(sys.argv[3])
journal = Journal(path)
sys.stdin.readline()
times = []
for _ in range(n):
    start = time.perf_counter()
    journal.append(entry)
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def summary(seconds: list[float]) -> str:
    """Median, p95, p99 and max, in milliseconds."""
    ms = sorted(s * 1000 for s in seconds)
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return (
        f"median {cuts[49]:.2f} ms, p95 {cuts[94]:.2f} ms, "
        f"p99 {cuts[98]:.2f} ms, max {ms[-1]:.2f} ms"
    )


def raw_fsync(folder: Path, n: int) -> list[float]:
    """The disk's floor: append one line and fsync, with no lock and no JSON."""
    line = (json.dumps(ENTRY, ensure_ascii=False) + "\n").encode()
    fd = os.open(folder / "raw.bin", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    times = []
    try:
        for _ in range(n):
            start = time.perf_counter()
            os.write(fd, line)
            os.fsync(fd)
            times.append(time.perf_counter() - start)
    finally:
        os.close(fd)
    return times


def one_writer(path: Path, n: int) -> tuple[list[float], float]:
    journal = Journal(path)
    times = []
    begin = time.perf_counter()
    for _ in range(n):
        start = time.perf_counter()
        journal.append(ENTRY)
        times.append(time.perf_counter() - start)
    return times, time.perf_counter() - begin


def many_writers(path: Path, n: int, writers: int) -> tuple[list[float], float]:
    per = n // writers
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), str(per), json.dumps(ENTRY)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(writers)
    ]
    time.sleep(1.0)  # let every worker import and open the journal
    begin = time.perf_counter()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outputs = [proc.communicate()[0] for proc in procs]
    wall = time.perf_counter() - begin
    return [t for out in outputs for t in json.loads(out)], wall


def timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="appends per run (default 500)")
    parser.add_argument("--writers", type=int, default=2, help="processes in the contended run")
    parser.add_argument("--dir", type=Path, help="folder to write in (default: a temp folder)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench_journal_") as tmp:
        folder = Path(tmp)
        print(f"{args.n} appends of a pitch-workshop rewrite entry in {folder}")
        print(f"raw write+fsync:   {summary(raw_fsync(folder, args.n))}")

        path = folder / "one.jsonl"
        times, wall = one_writer(path, args.n)
        print(f"1 writer append:   {summary(times)}; {args.n / wall:.0f} appends/s")
        print(f"  ({path.stat().st_size / args.n:.0f} bytes per entry line)")

        total = args.n // args.writers * args.writers
        times, wall = many_writers(folder / "many.jsonl", args.n, args.writers)
        print(
            f"{args.writers} writers append:  {summary(times)}; {total / wall:.0f} appends/s in all"
        )
        assert len(Journal(folder / "many.jsonl")) == total

        opened = timed(lambda: Journal(path))
        journal = Journal(path)
        listed = timed(journal.entries)
        framed = timed(journal.to_frame)
        print(
            f"read {args.n} entries: open {opened * 1000:.1f} ms, "
            f"entries() {listed * 1000:.1f} ms, to_frame() {framed * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
