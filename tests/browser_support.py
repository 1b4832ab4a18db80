"""Start JupyterLab or Voilà on a free local port and drive Debian's Chromium.

Used by the tests marked ``browser``. Nothing here reaches the network: the
servers listen on 127.0.0.1 and Chromium runs with background networking off.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .conftest import CHROMIUM, CHROMIUM_ARGS, ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    token: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def _wait_until_up(server: Server, path: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}{path}", timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"server did not start in {timeout:.0f} s:\n{server.log_tail()}")


@contextlib.contextmanager
def running(
    command: list[str], port: int, token: str, ready_path: str, tmp: Path
) -> Iterator[Server]:
    log = tmp / "server.log"
    env = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        HELPABLE_JOURNAL=str(tmp / "journal.jsonl"),
    )
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, env=env
        )
    server = Server(f"http://127.0.0.1:{port}", token, process, log)
    try:
        _wait_until_up(server, ready_path)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


LAB_SETTINGS = {
    # A test runs notebooks from the repository: never let JupyterLab save them back.
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # Never stop at a "Select Kernel" dialog: start the notebook's own kernel.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"autoStartDefaultKernel": True},
    # No "get Jupyter news?" toast over the page (and no request for it).
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def _lab_settings(folder: Path, extra: Mapping[str, Mapping[str, object]] | None = None) -> Path:
    """Write the user settings the tests need (autosave and news off) into a fresh folder.

    ``extra`` adds settings, by file name as in :data:`LAB_SETTINGS`; keys in a
    file that is there already are merged into it.
    """
    settings: dict[str, dict[str, object]] = {k: dict(v) for k, v in LAB_SETTINGS.items()}
    for name, values in (extra or {}).items():
        settings.setdefault(name, {}).update(values)
    for name, values in settings.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    return folder


@contextlib.contextmanager
def jupyterlab(
    tmp: Path, settings: Mapping[str, Mapping[str, object]] | None = None
) -> Iterator[Server]:
    """JupyterLab on a free port, with :data:`LAB_SETTINGS` and any extra ``settings``."""
    port, token = free_port(), secrets.token_hex(16)
    settings_dir = _lab_settings(tmp / "settings", settings)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--allow-root",
        f"--ServerApp.port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={ROOT}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        f"--LabApp.user_settings_dir={settings_dir}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with running(command, port, token, f"/api/status?token={token}", tmp) as server:
        yield server


VOILA_READY = "/voila/templates/lab/static/index.css"
"""A static file: it answers once Voilà is up, without starting a kernel.

(Polling the notebook page itself would start a kernel and run the notebook on
every try, and each would be left running.)"""


@contextlib.contextmanager
def voila(notebook: str, tmp: Path) -> Iterator[Server]:
    """Voilà 0.5 serving one notebook, or a folder of them; open ``{url}/?token={token}``."""
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "voila",
        notebook,
        "--no-browser",
        f"--Voila.port={port}",
        "--Voila.ip=127.0.0.1",
        f"--Voila.token={token}",
    ]
    with running(command, port, token, VOILA_READY, tmp) as server:
        yield server


@contextlib.contextmanager
def chromium_page(tmp: Path) -> Iterator[object]:
    with chromium_browser() as browser:
        yield new_page(browser)


@contextlib.contextmanager
def chromium_browser() -> Iterator[object]:
    """Debian's Chromium, headless; Playwright allows one of these at a time per thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, "--disable-quic"],
            headless=True,
        )
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: object) -> object:
    """A page in a fresh browser context (its own cookies and storage), 1400 × 1000."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


def screenshot_note(page: object, tmp: Path, name: str) -> str:
    """Save a screenshot and return a line for the failure message."""
    path = tmp / f"{name}.png"
    with contextlib.suppress(Exception):
        page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return f"screenshot: {path}"


IDLE_KERNEL = (
    "() => [...document.querySelectorAll('.jp-StatusBar-TextItem, "
    ".jp-Notebook-ExecutionIndicator, .jp-KernelStatus')]"
    ".some(e => /Idle/.test(e.textContent || e.title || ''))"
    " || document.querySelector('[data-status=\"idle\"]') !== null"
)


def open_in_lab(
    page: object, server: Server, notebook: str, *, workspace: str | None = None
) -> None:
    """Open a notebook in JupyterLab and wait until its kernel is idle and Run All is ready.

    With ``workspace``, the notebook opens alone in that (emptied) workspace, so
    that notebooks opened before it on the same server are not shown with it.
    """
    where = f"workspaces/{workspace}/tree" if workspace else "tree"
    reset = "&reset" if workspace else ""
    page.goto(f"{server.url}/lab/{where}/{notebook}?token={server.token}{reset}")  # type: ignore[attr-defined]
    page.wait_for_selector(".jp-Notebook", timeout=90_000)  # type: ignore[attr-defined]
    page.wait_for_function(IDLE_KERNEL, timeout=90_000)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => window.jupyterapp.commands.isEnabled('notebook:run-all-cells')", timeout=60_000
    )


def run_all(page: object, ready: object, *, tries: int = 2, timeout: float = 60_000) -> None:
    """Run All, without awaiting its promise (it can fail to settle), until ``ready`` appears.

    ``ready`` is a Playwright locator for something the notebook shows once it has run.
    Run All sometimes does nothing if it fires as the notebook becomes the current tab,
    so it is tried again once.
    """
    run = "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
    for tries_left in range(tries - 1, -1, -1):
        page.evaluate(run)  # type: ignore[attr-defined]
        try:
            ready.wait_for(state="attached", timeout=timeout)  # type: ignore[attr-defined]
            return
        except Exception:
            if not tries_left:
                raise


_PROMPTS = (
    "[...document.querySelectorAll("
    "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]"
)


def run_every_cell(
    page: object, *, tries: int = 3, start: float = 5.0, finish: float = 90.0
) -> None:
    """Run All until every code cell has run.

    Run All can be lost as a whole (fired as the notebook becomes the current
    tab: no cell starts within ``start`` s) or in part (cells left unrun while
    none is running or queued for 3 s), so it is fired again, up to ``tries``
    times; each try gives up after ``finish`` s.
    """
    run = "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
    shown = f"() => {_PROMPTS}.map(p => p.textContent.trim())"
    seen: list[str] = []
    for _ in range(tries):
        page.evaluate(run)  # type: ignore[attr-defined]
        began = time.monotonic()
        last, since = None, began
        while time.monotonic() - began < finish:
            seen = page.evaluate(shown)  # type: ignore[attr-defined]
            if seen and all(re.fullmatch(r"\[\d+\]:?", p) for p in seen):
                return
            busy = any(p.startswith("[*]") for p in seen)
            if seen != last or busy:
                last, since = seen, time.monotonic()
            started = any(re.fullmatch(r"\[(\*|\d+)\]:?", p) for p in seen)
            if not started and time.monotonic() - began > start:
                break  # Run All was lost
            if started and time.monotonic() - since > 3:
                break  # stalled: some cells never ran
            time.sleep(0.25)
    raise TimeoutError(f"Run All did not run every cell in {tries} tries: {' '.join(seen)}")


@contextlib.contextmanager
def voila_folder(folder: str, tmp: Path) -> Iterator[Server]:
    """Voilà 0.5 serving every notebook in ``folder`` (one server for many lessons).

    Open a lesson with :func:`voila_url`; each page load gets its own kernel.
    ``folder="."`` serves the course folder, as the README says (``voila``), so
    that links between lessons and exercises work; names are then
    ``notebooks/00_start_here.ipynb``. Voilà runs in the course folder, so it
    reads ``voila.json`` there and drops the cells tagged ``lab-only``.
    """
    with voila(folder, tmp) as server:
        yield server


def voila_url(server: Server, notebook: str) -> str:
    """The address of ``notebook`` (a name inside the served folder) on a :func:`voila_folder`."""
    return f"{server.url}/voila/render/{notebook}?token={server.token}"


# --- Voilà: wait until a lesson is fully shown ---------------------------------------------

VOILA_COUNT_WIDGETS = """
document.addEventListener('DOMContentLoaded', () => {
  window.__helpableWidgetViews = [...document.querySelectorAll(
    'script[type="application/vnd.voila.cell-output+json"]')]
    .filter(s => s.textContent.includes('application/vnd.jupyter.widget-view+json')).length;
});
"""
"""An init script (``page.add_init_script``): counts the widget outputs Voilà sent.

Voilà 0.5 puts each output in a ``<script>`` that its front end replaces once
the kernel is connected, so the count has to be taken before that."""

VOILA_SHOWN = """() => window.__helpableWidgetViews !== undefined
  && !document.getElementById('loading')
  && !document.querySelector('script[type="application/vnd.voila.cell-output+json"]')
  && [...document.querySelectorAll(
         '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output')]
       .filter(o => o.querySelector('.jupyter-widgets')).length >= window.__helpableWidgetViews
  && [...document.images].every(i => i.complete)"""

_PAGE_SHAPE = (
    "() => [document.querySelectorAll('*').length, document.body.innerText.length,"
    " [...document.images].filter(i => i.complete).length]"
)


def wait_until_settled(page: object, *, quiet: float = 1.0, timeout: float = 15.0) -> None:
    """Wait until the page stops changing (elements, text, loaded images) for ``quiet`` s."""
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        shape = page.evaluate(_PAGE_SHAPE)  # type: ignore[attr-defined]
        if shape != last:
            last, since = shape, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.2)
    raise TimeoutError(f"the page kept changing for {timeout:.0f} s")


def open_in_voila(page: object, server: Server, notebook: str, timeout: float = 90_000) -> int:
    """Open a lesson on a :func:`voila_folder` server and wait until every widget is shown.

    The page needs :data:`VOILA_COUNT_WIDGETS` as an init script. Returns how
    many widget outputs the lesson has.
    """
    page.goto(voila_url(server, notebook))  # type: ignore[attr-defined]
    page.wait_for_function(VOILA_SHOWN, timeout=timeout)  # type: ignore[attr-defined]
    wait_until_settled(page)
    return int(page.evaluate("() => window.__helpableWidgetViews"))  # type: ignore[attr-defined]


# --- axe-core (bundled with axe-playwright-python: nothing is fetched) ----------------------

AXE_WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}, "preload": False}
"""axe options: the WCAG 2.0 A and AA rules.

``preload: False``: otherwise axe fetches again every style sheet whose rules it
cannot read, such as the Font Awesome CSS that Voilà's page links from a CDN."""

AXE_CONTRAST = {"runOnly": {"type": "rule", "values": ["color-contrast"]}, "preload": False}
"""axe options: the colour contrast rule only."""

BLOCKING_IMPACTS = ("serious", "critical")

LOCAL_URL = ("http://127.0.0.1", "file:", "data:", "blob:", "about:")


@dataclass(frozen=True)
class AxeFinding:
    """One element that breaks one axe rule, on one page."""

    where: str
    rule: str
    impact: str
    target: str
    summary: str

    def line(self) -> str:
        return f"{self.where}: {self.rule} ({self.impact}) at {self.target}: {self.summary}"


@dataclass
class AxeRun:
    """What axe found on one page or part of a page."""

    where: str
    violations: list[AxeFinding]
    checked: int
    """How many elements the rules looked at (passed, failed or unsure)."""

    def blocking(self) -> list[AxeFinding]:
        return [f for f in self.violations if f.impact in BLOCKING_IMPACTS]

    def report(self) -> str:
        found = "\n".join(f.line() for f in self.violations) or "no violations"
        return f"{self.where}: axe looked at {self.checked} elements\n{found}"


def _findings(where: str, results: dict[str, object]) -> list[AxeFinding]:
    found = []
    for rule in results["violations"]:  # type: ignore[attr-defined]
        for node in rule["nodes"]:
            summary = " ".join(str(node.get("failureSummary") or "").split())
            target = " ".join(str(t) for t in node["target"])
            found.append(AxeFinding(where, rule["id"], str(rule["impact"]), target, summary))
    return found


def _inject_axe(page: object) -> None:
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("() => typeof window.axe === 'object'"):  # type: ignore[attr-defined]
        page.evaluate(AXE_SCRIPT)  # type: ignore[attr-defined]


def _outside_requests(page: object) -> tuple[list[str], object]:
    """Start recording requests that leave this machine; returns (list, listener)."""
    outside: list[str] = []

    def note(request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        if not url.startswith(LOCAL_URL):
            outside.append(url)

    page.on("request", note)  # type: ignore[attr-defined]
    return outside, note


def run_axe(
    page: object, where: str, context: object = None, options: dict[str, object] = AXE_WCAG
) -> AxeRun:
    """Run the bundled axe-core on the page (or ``context``, an axe context) and collect results.

    Fails if axe itself asks anything from outside this machine.
    """
    outside, note = _outside_requests(page)
    try:
        _inject_axe(page)
        results = page.evaluate(  # type: ignore[attr-defined]
            "([context, options]) => axe.run(context || document, options)", [context, options]
        )
    finally:
        page.remove_listener("request", note)  # type: ignore[attr-defined]
    assert outside == [], f"axe asked the network for {outside}"
    kinds = ("violations", "passes", "incomplete")
    checked = sum(len(rule["nodes"]) for kind in kinds for rule in results[kind])
    return AxeRun(where, _findings(where, results), checked)


AXE_EACH_AREA = """async ([selector, options, marker]) => {
  const found = {violations: [], checked: 0, areas: 0};
  for (const area of document.querySelectorAll(selector)) {
    area.scrollIntoView({block: 'start'});
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const results = await axe.run(area, options);
    found.areas += 1;
    for (const kind of ['violations', 'passes', 'incomplete'])
      for (const rule of results[kind]) for (const node of rule.nodes) {
        found.checked += 1;
        const element = document.querySelector(node.target[0]);
        if (element) element.setAttribute(marker, kind);
      }
    found.violations.push(...results.violations);
  }
  return found;
}"""

AXE_CHECKED = "data-helpable-axe"
""":func:`run_axe_on_each` marks every element it looked at with this attribute."""


def run_axe_on_each(
    page: object, where: str, selector: str, options: dict[str, object] = AXE_CONTRAST
) -> AxeRun:
    """Run axe on each element matching ``selector``, scrolled into view one at a time.

    For JupyterLab: axe only judges colours of what is on screen, and the
    notebook scrolls inside its own panel. (JupyterLab's ``<body>`` is 0 px high
    with ``overflow: hidden``, so axe takes everything in it for clipped; the
    body is given the window's height first.) Each element axe looked at gets
    :data:`AXE_CHECKED` set to ``violations``, ``passes`` or ``incomplete``.
    """
    page.evaluate(  # type: ignore[attr-defined]
        "() => { document.documentElement.style.height = '100%';"
        " document.body.style.height = '100%'; }"
    )
    outside, note = _outside_requests(page)
    try:
        _inject_axe(page)
        found = page.evaluate(AXE_EACH_AREA, [selector, options, AXE_CHECKED])  # type: ignore[attr-defined]
    finally:
        page.remove_listener("request", note)  # type: ignore[attr-defined]
    assert outside == [], f"axe asked the network for {outside}"
    assert found["areas"], f"{where}: nothing on the page matches {selector!r}"
    return AxeRun(where, _findings(where, found), int(found["checked"]))
