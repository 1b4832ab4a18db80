"""The course on a real JupyterHub, end to end, with the shipped ``deploy/jupyterhub_config.py``.

JupyterHub and configurable-http-proxy run on 127.0.0.1. Three learners, each
in their own Chromium, open the class link that ``hub-link`` prints (lesson 06
as a Voilà app), log in, land in the workshop after nbgitpuller has cloned the
course (from a bare copy of this checkout's HEAD) into their home, and save a
rewrite through a real kernel. Each journal stays in its learner's home. Then
the idle culler stops the idle servers, and ``collect`` + ``report`` count
three learners. A fourth learner who only logs in gets lesson 00 in JupyterLab
(the shipped default URL). Marked ``hub``: skipped when something it needs is missing,
unless ``HELPABLE_REQUIRE_HUB=1`` (CI), which makes that a failure.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpable.instructor.links import nbgitpuller_link

from .conftest import ROOT
from .hub_support import (
    LESSON,
    REWRITES,
    Hub,
    lab_visit,
    learner_visit,
    running_hub,
    server_memory,
)

pytestmark = pytest.mark.hub

JOURNAL = Path("helpable") / "notebooks" / ".helpable" / "my_journal.jsonl"
MEMORY_LIMIT_BYTES = 700 * 1024 * 1024  # deploy/jupyterhub_config.py: MEMORY_LIMIT = "700M"


def _wait_until_stopped(hub: Hub, names: list[str], timeout: float) -> list[str]:
    """Wait until none of ``names`` has a server; return those still running at the end."""
    deadline = time.monotonic() + timeout
    running = list(names)
    while time.monotonic() < deadline:
        running = [name for name in names if hub.servers(name)]
        if not running:
            break
        time.sleep(2)
    return running


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "helpable", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )


def test_three_learners_on_a_hub(tmp_path: Path) -> None:
    own_journal = ROOT / "notebooks" / ".helpable" / "my_journal.jsonl"
    own_before = own_journal.stat().st_mtime_ns if own_journal.exists() else None
    names = sorted(REWRITES)
    with running_hub(tmp_path, cull_timeout=30, cull_every=5) as hub:
        link = nbgitpuller_link(hub.url, repo=hub.repo, path=LESSON, app="voila")
        with ThreadPoolExecutor(max_workers=len(names)) as pool:
            visits = list(pool.map(lambda n: learner_visit(link, n, REWRITES[n], tmp_path), names))
        errors = [e for v in visits for e in v.errors]
        assert not errors, "\n".join(errors) + f"\nhub log:\n{hub.log_tail()}"
        assert [v.saved for v in visits] == ["1 entry"] * 3

        # Each learner's server got the shipped settings: their own copy on PYTHONPATH,
        # the memory limit, and nbgitpuller's copy of the course in their own home.
        for name in names:
            environ = server_memory(hub, name)["environ"]
            assert environ["PYTHONPATH"] == str(hub.homes / name / "helpable")  # type: ignore[index]
            assert environ["MEM_LIMIT"] == str(MEMORY_LIMIT_BYTES)  # type: ignore[index]
            assert (hub.homes / name / "helpable" / ".git").is_dir()

        # Each journal is in its own learner's home, with that learner's rewrite only.
        for name in names:
            lines = (hub.homes / name / JOURNAL).read_text(encoding="utf-8").splitlines()
            assert len(lines) == 1, f"{name}'s journal has {len(lines)} entries"
            assert json.loads(lines[0])["rewrite"] == REWRITES[name]
        found = sorted(p.relative_to(hub.homes) for p in hub.homes.rglob("my_journal*.jsonl"))
        assert found == [Path(n) / JOURNAL for n in names]
        now = own_journal.stat().st_mtime_ns if own_journal.exists() else None
        assert now == own_before, "a learner's save reached this checkout's journal"

        # A fourth learner only logs in: the shipped default URL pulls the course too
        # and opens lesson 00 in JupyterLab.
        dana = lab_visit(f"{hub.url}/hub/login?next=%2Fhub%2F", "dana", tmp_path)
        assert not dana.errors, "\n".join(dana.errors) + f"\nhub log:\n{hub.log_tail()}"
        assert "/user/dana/lab/tree/helpable/notebooks/00_start_here.ipynb" in dana.saved
        assert (hub.homes / "dana" / "helpable" / "notebooks" / "00_start_here.ipynb").exists()

        # The browsers are closed: the idle culler stops every server (30 s idle here).
        still = _wait_until_stopped(hub, [*names, "dana"], timeout=120)
        assert not still, f"the idle culler left {still} running\n{hub.log_tail()}"
        log = hub.log.read_text(encoding="utf-8", errors="replace")
        for name in [*names, "dana"]:
            assert f"Culling server {name} (inactive" in log, (
                f"{name} was not culled\n{log[-3000:]}"
            )

    # The journals survive the cull; collect copies them, report counts three learners.
    out = tmp_path / "class"
    done = _cli("collect", str(hub.homes), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "3 learners" in done.stdout
    assert "dana: no journal in it" in done.stderr, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [f"{n}.jsonl" for n in names]
    page = tmp_path / "report.html"
    done = _cli("report", str(out), "--out", str(page))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("report: 3 learners"), done.stdout
    assert "0 journals skipped, 0 partly read" in done.stdout, done.stdout
