#!/usr/bin/env python3
"""Measure the course on a real JupyterHub: memory per learner and time from link to lesson.

Starts JupyterHub on 127.0.0.1 with ``deploy/jupyterhub_config.py`` (and the
test-only overrides in ``tests/hub_support.py``: dummy login, local spawner,
free ports), then N learners at once, each in their own Chromium, click the
class link for lesson 06 (Voilà), log in, wait while nbgitpuller copies the
course in and the lesson runs, and save one rewrite. With every lesson still
open, it measures each learner's single-user server and its kernel (RSS and
PSS, from /proc). Prints the figures, and learners per 8 GB:

* measured: 8 GiB / (server + lesson 06's kernel), the largest learner's;
* planning: 8 GiB / (server + the heaviest kernel in benchmarks/results.md,
  lesson 05's 167 MiB), which is what docs/deploy.md and the configs use.

Needs what ``tests/test_hub.py`` needs (JupyterHub, nbgitpuller,
jupyterhub-idle-culler, configurable-http-proxy, Chromium).

    python benchmarks/bench_hub.py                 # 3 learners
    python benchmarks/bench_hub.py --learners 6
    python benchmarks/bench_hub.py --learners 1 --lab   # also the default link (Lab, lesson 00)
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpable.instructor.links import nbgitpuller_link  # noqa: E402
from tests.hub_support import (  # noqa: E402
    LESSON,
    REWRITES,
    hub_missing,
    lab_visit,
    learner_visit,
    running_hub,
    server_memory,
)

GIB8 = 8 * 1024  # MiB
HEAVIEST_KERNEL = 167.0  # MiB: lesson 05's peak kernel, benchmarks/results.md


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=3)
    parser.add_argument(
        "--lab",
        action="store_true",
        help="also time the default class link (lesson 00 in JupyterLab) for one more learner",
    )
    args = parser.parse_args()
    missing = hub_missing()
    if missing:
        print(f"bench_hub: cannot run: {missing}", file=sys.stderr)
        return 1
    base = list(REWRITES.values())
    names = [f"learner{i + 1}" for i in range(args.learners)]
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as folder:
        tmp = Path(folder)
        with running_hub(tmp, cull_timeout=3600, cull_every=600) as hub:
            link = nbgitpuller_link(hub.url, repo=hub.repo, path=LESSON, app="voila")
            all_open = threading.Barrier(len(names) + 1, timeout=300)
            measured = threading.Event()

            def hold() -> None:
                all_open.wait()
                measured.wait(timeout=300)

            with ThreadPoolExecutor(max_workers=len(names)) as pool:
                futures = [
                    pool.submit(learner_visit, link, name, base[i % len(base)], tmp, hold=hold)
                    for i, name in enumerate(names)
                ]
                try:
                    all_open.wait()
                    memory = {name: server_memory(hub, name) for name in names}
                finally:
                    measured.set()
                visits = [f.result() for f in futures]
            lab = None
            if args.lab:
                lab = lab_visit(f"{hub.url}/hub/login?next=%2Fhub%2F", "labuser", tmp)
                visits.append(lab)
    errors = [e for v in visits for e in v.errors]
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    report(names, visits[: len(names)], memory)
    if lab is not None:
        print(
            f"Default link (log in -> lesson 00 in JupyterLab, kernel ready), one learner "
            f"after the others: {lab.link_to_lesson:.1f} s"
        )
    return 0


def report(names: list[str], visits: list, memory: dict[str, dict[str, object]]) -> None:  # type: ignore[type-arg]
    def figure(name: str, key: str) -> float:
        return float(memory[name][key])  # type: ignore[arg-type]

    print(
        f"Hub benchmark, {len(names)} learners at once; {platform.platform()}, Python "
        f"{platform.python_version()}"
    )
    print("learner      link->lesson  server RSS  kernel RSS  total RSS  total PSS")
    totals, servers = [], []
    for name, visit in zip(names, visits, strict=True):
        server, kernel = figure(name, "server_rss"), figure(name, "kernels_rss")
        pss = figure(name, "server_pss") + figure(name, "kernels_pss")
        totals.append(server + kernel)
        servers.append(server)
        print(
            f"{name:<12} {visit.link_to_lesson:>10.1f} s {server:>8.0f} MiB "
            f"{kernel:>8.0f} MiB {server + kernel:>7.0f} MiB {pss:>7.0f} MiB"
        )
    times = [v.link_to_lesson for v in visits]
    print(
        f"Link to working lesson: median {statistics.median(times):.1f} s, "
        f"slowest {max(times):.1f} s (login, start server, clone, run lesson 06 in Voilà)"
    )
    worst = max(totals)
    print(
        f"Per learner (server + lesson 06 kernel), largest: {worst:.0f} MiB RSS "
        f"-> {int(GIB8 // worst)} learners per 8 GB"
    )
    plan = max(servers) + HEAVIEST_KERNEL
    print(
        f"Planning (largest server + lesson 05's {HEAVIEST_KERNEL:.0f} MiB kernel): "
        f"{plan:.0f} MiB -> {int(GIB8 // plan)} learners per 8 GB"
    )


if __name__ == "__main__":
    sys.exit(main())
