"""Time the trust-and-risk model, the simulation, the charts and the slider redraws.

Run: ``python benchmarks/bench_model.py`` (``--quick`` for fewer repeats).
Targets from the issue: one simulation run of 50 contacts × 12 weeks in at most
100 ms, and a slider redraw in at most 150 ms. Times depend on the machine and
its load, so the load average is printed first.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import statistics
import time
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from helpable.content.approaches import CHANNELS, RELATIONSHIPS, SETTINGS  # noqa: E402
from helpable.content.rules import RULE_KEYS  # noqa: E402
from helpable.model.decision import p_yes  # noqa: E402
from helpable.model.simulate import STRATEGIES, compare, simulate, simulate_many  # noqa: E402
from helpable.paths import data_file  # noqa: E402
from helpable.ui import charts  # noqa: E402
from helpable.ui.state.explorers import cached_results  # noqa: E402
from helpable.ui.widgets import explorers as interactive  # noqa: E402


def _times(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _row(name: str, ms: list[float], target: float | None = None) -> None:
    median = statistics.median(ms)
    p99 = float(np.percentile(ms, 99))
    verdict = ""
    if target is not None:
        verdict = f"  target ≤ {target:.0f} ms: {'ok' if median <= target else 'OVER'}"
    print(f"  {name:<44} median {median:7.1f} ms   p99 {p99:7.1f} ms   (n={len(ms)}){verdict}")


def _frame() -> tuple[pd.DataFrame, str]:
    """The real dataset when it exists; otherwise a stand-in of the same shape."""
    if data_file("approaches.csv").exists():
        from helpable.content.approaches import load_approaches

        return load_approaches(), "data/approaches.csv"
    rng = np.random.default_rng(0)
    rows = [
        {
            "id": f"b{i:03d}",
            "channel": CHANNELS[i % len(CHANNELS)],
            "setting": SETTINGS[i % len(SETTINGS)],
            "relationship": RELATIONSHIPS[i % len(RELATIONSHIPS)],
            "text": "Could I have 20 minutes of your advice on how you got started?",
            **{k: int(rng.random() < 0.35) for k in RULE_KEYS},
        }
        for i in range(120)
    ]
    return pd.DataFrame(rows), "a stand-in table of 120 rows (data/approaches.csv is missing)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    few, many = (3, 40) if args.quick else (7, 200)

    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}; "
        f"matplotlib {matplotlib.__version__}, numpy {np.__version__}"
    )

    print("\nModel")
    grid = np.linspace(0, 1, 201)
    tt, rr = np.meshgrid(grid, grid)
    _row("p_yes on a 201 × 201 grid", _times(lambda: p_yes(tt, rr, 0.3, 0.2), many))

    print("\nSimulation (50 contacts × 12 weeks)")
    for key in STRATEGIES:
        _row(f"simulate({key!r}), one run", _times(lambda k=key: simulate(k, seed=1), many), 100)
    _row("simulate_many, 20 seeds", _times(lambda: simulate_many("advice_first"), few * 3))
    _row("compare both strategies, 20 seeds", _times(lambda: compare(), few * 3))

    frame, source = _frame()
    results = compare()
    print(f"\nCharts (build + render to PNG at 100 dpi; approaches from {source})")
    jobs: dict[str, Callable[[], object]] = {
        "trust_risk_map": lambda: charts.render_png(charts.trust_risk_map(effort=0.3)),
        "approaches_on_map": lambda: charts.render_png(charts.approaches_on_map(frame)),
        "rule_breaks_by (channel)": lambda: charts.render_png(charts.rule_breaks_by(frame)),
        "rule_breaks_by (both)": lambda: charts.render_png(charts.rule_breaks_by(frame, by="both")),
        "simulation_chart (4 panels)": lambda: charts.render_png(charts.simulation_chart(results)),
    }
    for name, job in jobs.items():
        _row(name, _times(job, few))

    print("\nSlider redraws (what the kernel does when a slider moves: new PNG bytes)")
    with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter, display() prints
        explorer = interactive.trust_risk_explorer()
        sim_explorer = interactive.simulation_explorer()
    values = iter(np.tile(np.linspace(0, 1, 11), 50))
    _row(
        "trust_risk_explorer: effort slider",
        _times(lambda: explorer.redraw(effort=float(next(values))), few * 4),
        150,
    )

    runs = iter([15, 20, 25, 20] * 50)

    def change_runs() -> None:
        cached_results.cache_clear()  # time the simulation too, not the cache
        sim_explorer.redraw(runs=next(runs))

    _row("simulation_explorer: runs slider (20 ± 5)", _times(change_runs, few * 3), 150)
    strategies = iter(["advice_first", "leads_first", "both"] * 50)

    def change_strategy() -> None:
        cached_results.cache_clear()
        sim_explorer.redraw(strategy=next(strategies), runs=20)

    _row("simulation_explorer: strategy to highlight", _times(change_strategy, few * 3), 150)
    contacts = iter([40, 50, 60, 50] * 50)

    def change_contacts() -> None:
        cached_results.cache_clear()
        sim_explorer.redraw(strategy="both", contacts=next(contacts))

    _row("simulation_explorer: contacts slider (50 ± 10)", _times(change_contacts, few * 3), 150)
    weeks = iter([8, 12, 20, 12] * 50)

    def change_weeks() -> None:
        cached_results.cache_clear()
        sim_explorer.redraw(contacts=50, weeks=next(weeks))

    _row("simulation_explorer: weeks slider (new axes)", _times(change_weeks, few * 2))
    print(
        "\nNotes: a redraw repaints only what changes (surface, lines, bands) over a saved\n"
        "background, then encodes the PNG. Each simulation redraw above includes running\n"
        "both strategies afresh (a revisited setting comes from a cache). When the axes\n"
        "must change (weeks, or data that outgrow the scale) the whole figure is drawn."
    )


if __name__ == "__main__":
    main()
