"""Start JupyterHub with ``deploy/jupyterhub_config.py`` on 127.0.0.1, and learners who use it.

Used by ``tests/test_hub.py`` and ``benchmarks/bench_hub.py``. The hub loads the
shipped config, then a few test-only overrides (:data:`TEST_OVERRIDES`): the
dummy login (any name, any password), ``SimpleLocalProcessSpawner`` with each
learner's home in a temp folder, free local ports, and short activity and
cull times. Everything else (nbgitpuller's default URL, ``PYTHONPATH`` to the
learner's copy, kernel culling, the idle-culler service and its role, memory
and CPU limits) is the shipped file's. The course is cloned from a bare copy of
this checkout's HEAD (``file://``), so nothing is fetched from the network.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .browser_support import free_port
from .conftest import CHROMIUM, ROOT

DEPLOY_CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
LESSON = "notebooks/06_pitch_workshop.ipynb"
HUB_PACKAGES = ("jupyterhub", "nbgitpuller", "jupyterhub_idle_culler", "voila", "psutil")


def chp_command() -> str | None:
    """configurable-http-proxy: ``HELPABLE_CHP``, else on PATH."""
    named = os.environ.get("HELPABLE_CHP", "").strip()
    if named:
        return named if os.access(named, os.X_OK) else None
    return shutil.which("configurable-http-proxy")


def hub_missing() -> str | None:
    """Why the hub test cannot run here, or None."""
    for package in HUB_PACKAGES:
        if importlib.util.find_spec(package) is None:
            return f"{package} is not installed (pip install -r requirements-dev.txt)"
    if chp_command() is None:
        return (
            "configurable-http-proxy is not installed "
            "(npm install -g configurable-http-proxy, or set HELPABLE_CHP)"
        )
    if shutil.which("git") is None:
        return "git is not installed"
    if not CHROMIUM.exists():
        return "Debian's Chromium is not at /usr/bin/chromium"
    return None


def course_repo(tmp: Path) -> str:
    """A bare repository holding this checkout's HEAD as ``main``; its ``file://`` URL.

    Named ``helpable.git``, so that nbgitpuller clones it into ``helpable/``, as
    it does the real repository.
    """
    bare = tmp / "origin" / "helpable.git"
    bare.parent.mkdir(parents=True)
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], **run)  # type: ignore[call-overload]
    subprocess.run(  # type: ignore[call-overload]
        ["git", f"--git-dir={bare}", "fetch", "-q", str(ROOT), "+HEAD:refs/heads/main"], **run
    )
    subprocess.run(  # type: ignore[call-overload]
        ["git", f"--git-dir={bare}", "symbolic-ref", "HEAD", "refs/heads/main"], **run
    )
    return bare.as_uri()


TEST_OVERRIDES = """
# --- Test-only overrides (tests/hub_support.py) --------------------------------------------
import sys
c.JupyterHub.bind_url = {bind_url!r}
c.JupyterHub.hub_bind_url = {hub_bind_url!r}
c.ConfigurableHTTPProxy.api_url = {proxy_api!r}
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.JupyterHub.cleanup_servers = True
# Activity reaches the hub every 5 s (not 5 min), so that the culler judges idleness soon.
c.JupyterHub.last_activity_interval = 5
c.Spawner.environment = dict(c.Spawner.environment, JUPYTERHUB_ACTIVITY_INTERVAL="5")
c.Spawner.args = [*c.Spawner.args, "--allow-root"]  # the test may run as root
culler = next(s for s in c.JupyterHub.services if s["name"] == "idle-culler")
culler["command"] = [
    *(a for a in culler["command"] if not a.startswith(("--timeout=", "--cull-every="))),
    "--timeout={cull_timeout}",
    "--cull-every={cull_every}",
]
c.JupyterHub.services.append({{"name": "test", "api_token": {token!r}}})
c.JupyterHub.load_roles.append({{
    "name": "test-admin",
    "scopes": ["admin:users", "admin:servers", "list:users"],
    "services": ["test"],
}})
"""


@dataclass
class Hub:
    url: str
    token: str
    homes: Path
    log: Path
    process: subprocess.Popen[bytes]
    config: Path
    repo: str

    def api(self, path: str, method: str = "GET") -> object:
        request = urllib.request.Request(
            f"{self.url}/hub/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def servers(self, name: str) -> dict[str, object]:
        """The learner's running (or starting) servers, by name ('' is the default one)."""
        user = self.api(f"users/{name}")
        return dict(user.get("servers") or {})  # type: ignore[attr-defined]

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def _wait_up(hub: Hub, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited early:\n{hub.log_tail()}")
        try:
            with urllib.request.urlopen(f"{hub.url}/hub/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            time.sleep(0.5)
    raise TimeoutError(f"JupyterHub did not start in {timeout:.0f} s:\n{hub.log_tail()}")


@contextlib.contextmanager
def running_hub(tmp: Path, *, cull_timeout: int = 30, cull_every: int = 5) -> Iterator[Hub]:
    """JupyterHub on free local ports with the shipped config and :data:`TEST_OVERRIDES`."""
    chp = chp_command()
    assert chp, hub_missing()
    homes, state = tmp / "homes", tmp / "state"
    homes.mkdir()
    state.mkdir()
    port, hub_port, api_port = free_port(), free_port(), free_port()
    token = secrets.token_hex(16)
    config = tmp / "jupyterhub_config.py"
    config.write_text(
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(DEPLOY_CONFIG)!r})  # noqa: F821 - the shipped file\n"
        + TEST_OVERRIDES.format(
            bind_url=f"http://127.0.0.1:{port}",
            hub_bind_url=f"http://127.0.0.1:{hub_port}",
            proxy_api=f"http://127.0.0.1:{api_port}",
            chp=chp,
            homes=str(homes),
            cull_timeout=cull_timeout,
            cull_every=cull_every,
            token=token,
        ),
        encoding="utf-8",
    )
    repo = course_repo(tmp)
    log = tmp / "hub.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HELPABLE_", "JUPYTERHUB_"))}
    env.update(HELPABLE_HUB_STATE=str(state), HELPABLE_COURSE_REPO=repo)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=state,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    hub = Hub(f"http://127.0.0.1:{port}", token, homes, log, process, config, repo)
    try:
        _wait_up(hub)
        yield hub
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        _stop_leftovers(homes)


def _stop_leftovers(homes: Path) -> None:
    """End any single-user server or kernel still running from a home in ``homes``."""
    import psutil

    for proc in psutil.process_iter(["pid", "cwd"]):
        try:
            cwd = proc.info["cwd"] or ""
            if cwd.startswith(str(homes)):
                proc.kill()
        except (psutil.Error, OSError):
            continue


def server_memory(hub: Hub, name: str) -> dict[str, object]:
    """RSS and PSS (MiB) of a learner's single-user server, and of the kernels it started.

    Keys: ``server_rss``, ``server_pss``, ``kernels_rss``, ``kernels_pss``,
    ``processes`` and ``environ`` (the server's environment).
    """
    import psutil

    for proc in psutil.process_iter(["pid"]):
        try:
            environ = proc.environ()
        except (psutil.Error, OSError):
            continue
        if environ.get("JUPYTERHUB_USER") != name or "JUPYTERHUB_API_TOKEN" not in environ:
            continue
        try:
            parent = proc.parent()
            if parent is not None and parent.environ().get("JUPYTERHUB_USER") == name:
                continue  # a kernel: counted with its server
        except (psutil.Error, OSError):
            pass
        children = proc.children(recursive=True)
        mib = 1024 * 1024
        found: dict[str, object] = {"environ": environ, "processes": 1 + len(children)}
        for label, group in (("server", [proc]), ("kernels", children)):
            rss = pss = 0
            for item in group:
                with contextlib.suppress(psutil.Error, OSError):
                    info = item.memory_full_info()
                    rss += info.rss
                    pss += getattr(info, "pss", info.rss)
            found[f"{label}_rss"] = rss / mib
            found[f"{label}_pss"] = pss / mib
        return found
    raise LookupError(f"no single-user server is running for {name}")


# --- A learner in Chromium ------------------------------------------------------------------

REWRITES = {
    "ana": "Hi! I'm moving into your field and would love to learn from you. "
    "What do you enjoy most about your work?",
    "ben": "Hello! I admire your work on the city's food bank. "
    "What is one thing you wish you had known when you started?",
    "carla": "Hi! I'm new to data work and I liked your talk. "
    "Which skill helped you most in your first year?",
}
HTML_WIDGETS = "[...document.querySelectorAll('.widget-html-content')].map(e => e.textContent)"


@dataclass
class Visit:
    """What one learner saw (``saved``: the save message, or the page's address), and when."""

    name: str
    link_to_lesson: float = 0.0
    saved: str = ""
    errors: list[str] = field(default_factory=list)


def _wait_for_html(page: object, text: str, timeout: float) -> None:
    page.wait_for_function(  # type: ignore[attr-defined]
        f"() => {HTML_WIDGETS}.some(t => t.includes({json.dumps(text)}))", timeout=timeout
    )


def _log_in(page: Any, link: str, name: str) -> None:
    """Open the class link and log in as ``name`` on the hub's login page."""
    page.goto(link)
    page.fill("#username_input", name)
    page.fill("#password_input", "a-password")
    page.click("#login_submit")


def learner_visit(
    link: str,
    name: str,
    rewrite: str,
    tmp: Path,
    *,
    save: bool = True,
    hold: Callable[[], object] | None = None,
) -> Visit:
    """One learner in their own Chromium: click the class link, log in, use the workshop.

    The time counts from opening the link (which asks them to log in) to the
    workshop's text box being ready in Voilà, with its live feedback shown.
    ``hold`` is called with the lesson still open (a benchmark measures then).
    """
    from .browser_support import chromium_browser, new_page, screenshot_note

    visit = Visit(name)
    with chromium_browser() as browser:
        page = new_page(browser)
        try:
            began = time.monotonic()
            _log_in(page, link, name)
            box = page.locator(  # type: ignore[attr-defined]
                '.widget-textarea textarea[placeholder^="Rewrite the pitch here"]'
            )
            box.wait_for(state="visible", timeout=150_000)
            _wait_for_html(page, "still broken", timeout=60_000)
            visit.link_to_lesson = time.monotonic() - began
            if save:
                box.fill(rewrite)
                _wait_for_html(page, "No rules broken", timeout=30_000)
                page.get_by_role("button", name="Save to my journal").first.click()  # type: ignore[attr-defined]
                _wait_for_html(page, "Your journal now has 1 entry.", timeout=30_000)
                visit.saved = "1 entry"
            if hold is not None:
                hold()
        except Exception as exc:  # reported by the caller, with a screenshot
            visit.errors.append(f"{name}: {exc}\n{screenshot_note(page, tmp, f'hub_{name}')}")
        finally:
            page.context.close()  # type: ignore[attr-defined]
    return visit


def lab_visit(link: str, name: str, tmp: Path) -> Visit:
    """One learner opens the default class link: log in, lesson 00 opens in JupyterLab.

    The time counts from opening the link to the notebook being shown with its
    kernel idle (ready to run).
    """
    from .browser_support import IDLE_KERNEL, chromium_browser, new_page, screenshot_note

    visit = Visit(name)
    with chromium_browser() as browser:
        page = new_page(browser)
        try:
            began = time.monotonic()
            _log_in(page, link, name)
            page.wait_for_selector(".jp-Notebook", timeout=150_000)  # type: ignore[attr-defined]
            page.wait_for_function(IDLE_KERNEL, timeout=90_000)  # type: ignore[attr-defined]
            visit.link_to_lesson = time.monotonic() - began
            visit.saved = str(page.url)  # type: ignore[attr-defined]
        except Exception as exc:
            visit.errors.append(f"{name}: {exc}\n{screenshot_note(page, tmp, f'lab_{name}')}")
        finally:
            page.context.close()  # type: ignore[attr-defined]
    return visit
