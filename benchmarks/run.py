#!/usr/bin/env python3
"""Measure the course's figures, each as a ratio to a floor measured in the same run.

Absolute times vary from machine to machine, so every figure divides by a
floor taken on the same machine in the same run. Prints one table and writes
benchmarks/results.md.

    python benchmarks/run.py             # everything but the install size (a few minutes)
    python benchmarks/run.py --install   # also the installed size (fresh venvs; slower)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "solutions", "exercises")
BARE_SET = ("jupyterlab", "ipywidgets", "pandas", "matplotlib", "nbval")
GB8 = 8 * 1024**3


@dataclass
class Figure:
    name: str
    value: float
    goal: float
    detail: str
    unit: str = "×"

    @property
    def met(self) -> bool:
        return self.value <= self.goal

    def row(self) -> str:
        if self.goal == float("inf"):  # a figure to publish, with no goal of its own
            return f"| {self.name} | {self.value:g}{self.unit} | — | info | {self.detail} |"
        verdict = "✓ met" if self.met else "✗ missed"
        return (
            f"| {self.name} | {self.value:.2f}{self.unit} | ≤ {self.goal:g}{self.unit} "
            f"| {verdict} | {self.detail} |"
        )


def course_notebooks() -> list[Path]:
    return [p for folder in FOLDERS for p in sorted((ROOT / folder).glob("*.ipynb"))]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


# 1. Whole-course nbval time against empty notebooks --------------------------------------


def _nbval_seconds(paths: list[Path], cwd: Path) -> float:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-o",
        "addopts=",
        "-p",
        "no:cacheprovider",
        "--nbval",
        "--nbval-current-env",
        "--nbval-sanitize-with",
        str(ROOT / "tests" / "nbval-sanitize.cfg"),
        *map(str, paths),
    ]
    # Let the test run pick its own scratch journal and output folder, as it does in CI.
    env = {
        k: v for k, v in os.environ.items() if k not in ("HELPABLE_JOURNAL", "HELPABLE_OUTPUT_DIR")
    }
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"nbval failed:\n{result.stdout[-2000:]}")
    return seconds


def nbval_time() -> Figure:
    paths = course_notebooks()
    course = _nbval_seconds(paths, ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        empties = []
        for i in range(len(paths)):
            path = Path(tmp) / f"empty_{i:02d}.ipynb"
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
            nb.metadata["kernelspec"] = {
                "name": "python3",
                "display_name": "Python 3",
                "language": "python",
            }
            nbformat.write(nb, path)
            empties.append(path)
        floor = _nbval_seconds(empties, Path(tmp))
    return Figure(
        "Whole-course nbval time / empty-notebook floor",
        course / floor,
        2.0,
        f"{len(paths)} notebooks: {course:.1f} s against {floor:.1f} s for {len(paths)} empty ones",
    )


# 2. Peak kernel memory per notebook against a kernel that imports the stack ------------------


def _peak_rss_kib(nb: nbformat.NotebookNode, cwd: Path) -> int:
    from nbclient import NotebookClient

    # Each notebook gets a fresh scratch journal (files it saves go beside it).
    os.environ["HELPABLE_JOURNAL"] = str(Path(tempfile.mkdtemp()) / "journal.jsonl")

    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        pid = client.km.provisioner.process.pid  # type: ignore[union-attr]
        status = Path(f"/proc/{pid}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc status")


def kernel_memory() -> list[Figure]:
    baseline_nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import pandas, matplotlib.pyplot, ipywidgets")]
    )
    baseline = _peak_rss_kib(baseline_nb, ROOT)
    figures = []
    worst = 0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        peak = _peak_rss_kib(nb, path.parent)
        worst = max(worst, peak)
        figures.append(
            Figure(
                f"Peak kernel memory, {path.stem} / stack-import floor",
                peak / baseline,
                1.25,
                f"{peak / 1024:.0f} MiB against {baseline / 1024:.0f} MiB",
            )
        )
    learners = int(GB8 // (worst * 1024))
    figures.append(
        Figure(
            "Learners per 8 GB (worst notebook's kernel; higher is better)",
            float(learners),
            float("inf"),
            f"{worst / 1024:.0f} MiB per kernel",
            unit="",
        )
    )
    return figures


# 3 and 4. Analyzer and widget latency ---------------------------------------------------------


def _pitch_1000() -> str:
    from helpable.content.approaches import load_approaches

    texts = load_approaches()["text"].tolist()
    joined, i = "", 0
    while len(joined) < 1000:
        joined += texts[i % len(texts)] + " "
        i += 1
    return joined[:1000]


def _timings(action: Callable[[int], None], repeat: int) -> list[float]:
    times = []
    for i in range(repeat):
        started = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - started) * 1000)
    return times


def analyzer_latency() -> Figure:
    from helpable.analyzer.engine import analyze

    pitch = _pitch_1000()
    analyze(pitch)
    times = _timings(lambda i: analyze(pitch + str(i)), 2000)
    p99 = percentile(times, 99)
    return Figure(
        "Analyzer p99 on a 1,000-character pitch / 16 ms frame",
        p99 / 16,
        1 / 16,
        f"p99 {p99:.3f} ms, median {statistics.median(times):.3f} ms (its last word changes"
        " each time, as while a learner types)",
    )


def analyzer_latency_new_texts() -> Figure:
    """The same, for 1,000-character texts joined afresh each time from the dev pitches
    (benchmarks/bench_analyze.py): several clauses the analyzer has not read before."""
    import random

    from bench_analyze import build_text, source_pitches

    from helpable.analyzer.engine import analyze

    rng = random.Random(3)
    pitches = source_pitches()
    texts = [build_text(pitches, 1000, rng) for _ in range(2000)]
    for text in texts[:50]:
        analyze(text)
    times = _timings(lambda i: analyze(texts[i]), len(texts))
    p99 = percentile(times, 99)
    return Figure(
        "Analyzer p99 on 1,000 characters of newly joined pitches (ms; for comparison)",
        round(p99, 2),
        float("inf"),
        f"median {statistics.median(times):.2f} ms; every text is new, so several of its "
        "clauses are read for the first time",
        " ms",
    )


def widget_latency() -> Figure:
    from helpable.ui.widgets.workshop import pitch_workshop

    workshop = pitch_workshop(journal=None)
    area = workshop.rewrite  # type: ignore[attr-defined]
    base = area.value
    for i in range(20):  # warm up, as the analyzer's figure does: steady typing is measured
        area.value = f"{base} warm {i}"
    times = _timings(lambda i: setattr(area, "value", f"{base} {i}"), 300)
    p99 = percentile(times, 99)
    return Figure(
        "Workshop feedback update p99 / 50 ms budget",
        p99 / 50,
        1.0,
        f"p99 {p99:.1f} ms, median {statistics.median(times):.1f} ms (value change to HTML update)",
    )


# 5. Installed size -----------------------------------------------------------------------------


def _venv_size(requirements: list[str], tmp: Path, name: str) -> int:
    venv = tmp / name
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [
        str(venv / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
    ]
    subprocess.run([*pip, *requirements], check=True, cwd=ROOT)
    total = 0
    for dirpath, _, files in os.walk(venv):
        for file in files:
            path = Path(dirpath) / file
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def install_size() -> Figure:
    from helpable.ui.environment import pinned_versions

    pins = pinned_versions()
    with tempfile.TemporaryDirectory() as tmp:
        course = _venv_size(["-r", "requirements.txt"], Path(tmp), "course")
        bare = _venv_size([f"{n}=={pins[n]}" for n in BARE_SET], Path(tmp), "bare")
    return Figure(
        "Installed size of requirements.txt / bare stack",
        course / bare,
        1.15,
        f"{course / 1e6:.0f} MB against {bare / 1e6:.0f} MB ({', '.join(BARE_SET)})",
    )


# 6. Stored notebook sizes ------------------------------------------------------------------------


def notebook_sizes() -> list[Figure]:
    sizes = {p: p.stat().st_size for p in course_notebooks()}
    biggest = max(sizes, key=sizes.get)
    return [
        Figure(
            "Largest stored notebook / 600 kB",
            sizes[biggest] / 600_000,
            1.0,
            f"{biggest.relative_to(ROOT)}: {sizes[biggest] / 1000:.0f} kB",
        ),
        Figure(
            "All stored notebooks / 4 MB",
            sum(sizes.values()) / 4_000_000,
            1.0,
            f"{len(sizes)} notebooks: {sum(sizes.values()) / 1e6:.2f} MB",
        ),
    ]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f", {int(line.split()[1]) / 1024**2:.0f} GiB RAM"
    except OSError:
        pass
    python = platform.python_version()
    return f"{platform.system()} {cpu}, {os.cpu_count()} cores{mem}, Python {python}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--install", action="store_true", help="also measure installed size")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = parser.parse_args(argv)

    # A deployed course has its bytecode written at the first import. Where
    # PYTHONDONTWRITEBYTECODE is set (as on some CI machines), every kernel would compile
    # the package from source instead, so write the bytecode once, as a first run would.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "helpable")], check=True)
    steps: list[Callable[[], Figure | list[Figure]]] = [
        notebook_sizes,
        analyzer_latency,
        analyzer_latency_new_texts,
        widget_latency,
        kernel_memory,
        nbval_time,
    ]
    if args.install:
        steps.append(install_size)
    figures: list[Figure] = []
    for step in steps:
        print(f"measuring: {step.__name__} …", file=sys.stderr, flush=True)
        found = step()
        figures += found if isinstance(found, list) else [found]

    header = ["| Figure | Value | Goal | | Detail |", "|---|---|---|---|---|"]
    lines = [
        f"Measured {dt.date.today().isoformat()} on {machine()}.",
        "",
        *header,
        *(f.row() for f in figures),
    ]
    if not args.install:
        lines += ["", "Installed size was not measured in this run (`--install`)."]
    table = "\n".join(lines)
    print(table)
    args.out.write_text("# Figures\n\n" + table + "\n", encoding="utf-8")
    missed = [f.name for f in figures if not f.met]
    if missed:
        print("\nMissed: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
