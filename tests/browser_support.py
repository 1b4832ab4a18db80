"""Start JupyterLab or Voilà on a free local port and drive Debian's Chromium.

Used by the tests marked ``browser``. Nothing here reaches the network: the
servers listen on 127.0.0.1 and Chromium runs with background networking off.
"""

from __future__ import annotations

import contextlib
import json
import os
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
    """Voilà 0.5 serving one notebook at ``/``; open ``{url}/?token={token}``."""
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
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, "--disable-quic"],
            headless=True,
        )
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            page.set_default_timeout(60_000)
            yield page
        finally:
            browser.close()


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


def open_in_lab(page: object, server: Server, notebook: str) -> None:
    """Open a notebook in JupyterLab and wait until its kernel is idle and Run All is ready."""
    page.goto(f"{server.url}/lab/tree/{notebook}?token={server.token}")  # type: ignore[attr-defined]
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


@contextlib.contextmanager
def voila_folder(folder: str, tmp: Path) -> Iterator[Server]:
    """Voilà 0.5 serving every notebook in ``folder`` (one server for many lessons).

    Open a lesson with :func:`voila_url`. Each page gets its own kernel, which
    Voilà shuts down when the page is closed.
    """
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "voila",
        folder,
        "--no-browser",
        f"--Voila.port={port}",
        "--Voila.ip=127.0.0.1",
        f"--Voila.token={token}",
    ]
    with running(command, port, token, VOILA_READY, tmp) as server:
        yield server


def voila_url(server: Server, notebook: str) -> str:
    """The address of ``notebook`` (a name inside the served folder) on a :func:`voila_folder`."""
    return f"{server.url}/voila/render/{notebook}?token={server.token}"
