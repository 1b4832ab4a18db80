"""Kiosk mode (issue 16): at a drop-in desk each visitor's kernel keeps a private journal.

- with ``HELPABLE_KIOSK=1`` the journal is in a fresh 0700 ``mkdtemp`` folder per
  process; the course journal, its recovery files and ``HELPABLE_JOURNAL`` are never
  read, and no other folder is listed;
- "Finish and clear" removes the journal, its lock and recovery files; a later save
  starts a new, empty journal (nothing is added back from the session's memory);
- the folder goes when the process exits, also when it is a real Jupyter kernel;
- two visitors (two processes side by side, two kernels) never see each other's entries.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpable.content.strings import say
from helpable.journal import kiosk, store
from helpable.journal.store import DEFAULT_FILENAME, Journal
from helpable.plan.export import output_dir
from helpable.ui.state import download as download_state
from helpable.ui.state.download import DownloadState, FinishState, finish_for
from helpable.ui.state.reflection import ReflectionState
from helpable.ui.style import esc
from helpable.ui.widgets.download import JournalDownload, journal_download

from .test_widgets import unlabelled

ROOT = Path(__file__).resolve().parent.parent
HANG_TIMEOUT = 120  # seconds: only so that a hang fails instead of blocking the run
HREF = re.compile(r'href="data:application/x-ndjson;base64,([A-Za-z0-9+/=]*)"')


def decoded(markup: str) -> bytes:
    match = HREF.search(markup)
    return base64.b64decode(match.group(1)) if match else b""


def reflection(text: str) -> dict[str, Any]:
    return {"kind": "reflection", "notebook": "06", "prompt": "?", "text": text}


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The temporary folder that mkdtemp uses, and a kiosk with no folder made yet."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    monkeypatch.setattr(kiosk, "_FOLDERS", {})
    yield root
    kiosk._remove_at_exit(os.getpid())  # what atexit does, so that nothing is left behind


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A course journal (with a recovery file) and a HELPABLE_JOURNAL, both holding entries."""
    notebooks = tmp_path / "course" / "notebooks"
    hidden = notebooks / ".helpable" / DEFAULT_FILENAME
    hidden.parent.mkdir(parents=True)
    hidden.write_bytes(b"stray text\n")  # damaged, so it has a recovery file
    (notebooks / ".helpable" / "my_journal.recovered-1.jsonl").write_text(
        json.dumps(reflection("COURSE-SECRET")) + "\n", encoding="utf-8"
    )
    (notebooks / DEFAULT_FILENAME).write_text(
        json.dumps(reflection("OLD-PLACE-SECRET")) + "\n", encoding="utf-8"
    )
    named = tmp_path / "shared.jsonl"
    named.write_text(json.dumps(reflection("NAMED-SECRET")) + "\n", encoding="utf-8")
    monkeypatch.setattr(store, "NOTEBOOKS_DIR", notebooks)
    monkeypatch.setenv(store.ENV_VAR, str(named))
    return {"course": notebooks, "named": named}


@pytest.fixture
def kiosk_on(monkeypatch: pytest.MonkeyPatch, temp_root: Path, tmp_path: Path) -> Path:
    """Kiosk mode on; HELPABLE_JOURNAL names a file that kiosk mode must ignore."""
    monkeypatch.setenv(kiosk.ENV_VAR, "1")
    monkeypatch.setenv(store.ENV_VAR, str(tmp_path / "ignored.jsonl"))
    return temp_root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- Scoping ---------------------------------------------------------------------------------


def test_kiosk_is_off_unless_the_variable_turns_it_on(
    monkeypatch: pytest.MonkeyPatch, temp_root: Path, shared: dict[str, Path]
) -> None:
    for value in (None, "", "0", "no", "off"):
        if value is None:
            monkeypatch.delenv(kiosk.ENV_VAR, raising=False)
        else:
            monkeypatch.setenv(kiosk.ENV_VAR, value)
        assert not kiosk.enabled()
        assert store.default_path() == shared["named"]
        assert finish_for(None) is None
    assert list(temp_root.iterdir()) == []  # nothing private is made outside kiosk mode
    for value in ("1", "true", "YES", " on "):
        monkeypatch.setenv(kiosk.ENV_VAR, value)
        assert kiosk.enabled()


def test_kiosk_journal_is_private_and_never_reads_the_shared_ones(
    kiosk_on: Path, shared: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(shared["course"]) | snapshot(shared["named"].parent / "course")
    listed: list[str] = []
    real_listdir, real_scandir = os.listdir, os.scandir

    def listdir(path: Any = ".") -> list[str]:
        listed.append(os.path.abspath(os.fspath(path)))
        return real_listdir(path)

    def scandir(path: Any = ".") -> Any:
        listed.append(os.path.abspath(os.fspath(path)))
        return real_scandir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    monkeypatch.setattr(os, "scandir", scandir)

    path = store.default_path()
    folder = path.parent.parent
    assert folder.parent == kiosk_on and folder.name.startswith(kiosk.PREFIX)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert path == folder / kiosk.JOURNAL_FOLDER / DEFAULT_FILENAME
    assert store.default_path() == path  # the same for the whole process

    journal = Journal()
    assert journal.entries() == [] and journal.files == []
    assert journal.append(reflection("mine")) == 1
    assert [e["text"] for e in Journal().entries()] == ["mine"]
    assert DownloadState().view().count == 1
    assert b"SECRET" not in decoded(DownloadState().view().html)
    assert not store.default_is_old_place()

    outside = [p for p in listed if not p.startswith(str(folder))]
    assert outside == [], "kiosk mode listed a folder that is not its own"
    monkeypatch.undo()
    assert snapshot(shared["course"]) | snapshot(shared["named"].parent / "course") == before
    assert shared["named"].read_text(encoding="utf-8").count("NAMED-SECRET") == 1


def test_kiosk_each_process_makes_its_own_folder(kiosk_on: Path) -> None:
    first = kiosk.private_folder()
    kiosk._FOLDERS.clear()  # as a fresh process would start
    second = kiosk.private_folder()
    assert first != second and first.is_dir() and second.is_dir()
    kiosk._FOLDERS[os.getpid() + 1] = first  # another process's folder is never removed here
    kiosk._remove_at_exit(os.getpid())
    assert first.is_dir() and not second.exists()
    kiosk._remove_at_exit(os.getpid() + 1)  # only that process itself removes it
    assert first.is_dir()
    shutil.rmtree(first)


# --- Clearing --------------------------------------------------------------------------------


def test_kiosk_clear_removes_the_journal_its_lock_and_recovery_files(
    kiosk_on: Path, shared: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal()
    journal.append(reflection("first"))
    with journal.path.open("ab") as handle:
        handle.write(b"\xff\xfe not UTF-8\n")  # damaged: new entries go to a recovery file
    assert Journal().append(reflection("second")) == 2
    folder = store.default_path().parent
    names = sorted(p.name for p in folder.iterdir())
    assert names == [".my_journal.jsonl.lock", "my_journal.jsonl", "my_journal.recovered-1.jsonl"]
    monkeypatch.delenv("HELPABLE_OUTPUT_DIR", raising=False)
    assert output_dir() == folder  # lesson 07's plans are saved beside the journal
    plan = folder / "my_plan.csv"
    plan.write_text("what,when\n", encoding="utf-8")

    removed = kiosk.clear()
    assert sorted(p.name for p in removed) == sorted([*names, "my_plan.csv"])
    assert not folder.exists() and kiosk.visitor_files() == []
    private = kiosk.current_folder()
    assert private is not None and list(private.iterdir()) == []  # empty, still 0700
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert snapshot(shared["course"])  # the course's journal is untouched

    # A later save starts a new journal: nothing comes back from the session's memory,
    # neither through the Journal object that saved before nor through a new one.
    assert journal.append(reflection("after")) == 1
    assert [e["text"] for e in Journal().entries()] == ["after"]
    assert Journal().files == [store.default_path()]


def test_kiosk_without_a_temporary_folder_says_so_and_never_shares(
    kiosk_on: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "not-there"))
    result = ReflectionState("06", "What did you learn?").save("To ask small.")
    assert not result.ok and result.message and "Traceback" not in result.message
    view = DownloadState().view()
    assert view.status == download_state.UNREADABLE and "<a" not in view.html
    assert not (tmp_path / "ignored.jsonl").exists()  # no falling back to a shared journal
    assert kiosk.clear() == []


def test_kiosk_clear_with_nothing_saved_is_fine(kiosk_on: Path) -> None:
    assert kiosk.clear() == []
    assert len(Journal()) == 0
    assert kiosk.clear() == []


def test_kiosk_folder_is_removed_when_the_process_exits(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        from helpable.journal import Journal, default_path
        Journal().append({"kind": "reflection", "text": "bye"})
        print(default_path())
        """
    )
    shared = tmp_path / "shared.jsonl"  # ignored in kiosk mode (never the course journal)
    env = dict(os.environ, HELPABLE_KIOSK="1", TMPDIR=str(tmp_path), HELPABLE_JOURNAL=str(shared))
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=HANG_TIMEOUT,
    ).stdout
    path = Path(out.strip())
    assert path.parent.parent.parent == tmp_path and path.name == DEFAULT_FILENAME
    assert not path.parent.parent.exists()
    assert list(tmp_path.iterdir()) == []
    assert not shared.exists()


# --- Two visitors ----------------------------------------------------------------------------

VISITOR = textwrap.dedent(
    """
    import base64, json, re, sys
    from helpable.journal import Journal, default_path
    from helpable.ui.state.download import DownloadState

    word = sys.argv[1]
    Journal().append({"kind": "reflection", "text": "my word is " + word})
    print(json.dumps({"saved": str(default_path())}), flush=True)
    sys.stdin.readline()  # wait until the other visitor has saved too
    markup = DownloadState().view().html
    found = re.search(r'base64,([A-Za-z0-9+/=]*)"', markup)
    data = base64.b64decode(found.group(1)).decode() if found else ""
    texts = [e["text"] for e in Journal().entries()]
    print(json.dumps({"texts": texts, "download": data, "path": str(default_path())}), flush=True)
    """
)


def test_kiosk_two_visitors_side_by_side_never_see_each_other(
    tmp_path: Path, shared: dict[str, Path]
) -> None:
    env = dict(
        os.environ,
        HELPABLE_KIOSK="1",
        TMPDIR=str(tmp_path / "tmp"),
        HELPABLE_JOURNAL=str(shared["named"]),  # ignored in kiosk mode
    )
    (tmp_path / "tmp").mkdir()
    words = ["APPLE-7f3", "BANANA-9c1"]
    visitors = [
        subprocess.Popen(
            [sys.executable, "-c", VISITOR, word],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for word in words
    ]
    try:
        saved = [json.loads(v.stdout.readline())["saved"] for v in visitors]  # type: ignore[union-attr]
        assert saved[0] != saved[1]
        for v in visitors:
            v.stdin.write("go\n")  # type: ignore[union-attr]
            v.stdin.flush()  # type: ignore[union-attr]
        seen = [json.loads(v.stdout.readline()) for v in visitors]  # type: ignore[union-attr]
        for v in visitors:
            v.communicate(timeout=HANG_TIMEOUT)
    finally:
        for v in visitors:
            if v.poll() is None:
                v.kill()
    for mine, other, view in ((words[0], words[1], seen[0]), (words[1], words[0], seen[1])):
        assert view["texts"] == [f"my word is {mine}"]
        assert mine in view["download"] and other not in view["download"]
        assert "SECRET" not in view["download"]
    assert list((tmp_path / "tmp").iterdir()) == []  # both folders went at exit
    assert "NAMED-SECRET" in shared["named"].read_text(encoding="utf-8")
    assert shared["named"].read_text(encoding="utf-8").count("\n") == 1  # never written


def test_kiosk_two_real_kernels_keep_apart_and_clean_up(tmp_path: Path) -> None:
    from jupyter_client.manager import start_new_kernel

    temp = tmp_path / "tmp"
    temp.mkdir()
    shared = tmp_path / "shared.jsonl"  # ignored in kiosk mode (never the course journal)
    env = dict(os.environ, HELPABLE_KIOSK="1", TMPDIR=str(temp), HELPABLE_JOURNAL=str(shared))
    kernels = [start_new_kernel(kernel_name="python3", env=env, cwd=str(ROOT)) for _ in "ab"]

    def run(client: Any, code: str) -> str:
        out: list[str] = []

        def keep(message: dict[str, Any]) -> None:
            if message["msg_type"] == "stream":
                out.append(message["content"]["text"])
            elif message["msg_type"] == "error":
                out.append("\n".join(message["content"]["traceback"]))

        client.execute_interactive(code, output_hook=keep, timeout=HANG_TIMEOUT)
        return "".join(out)

    save = (
        "from helpable.journal import Journal, default_path\n"
        "Journal().append({'kind': 'reflection', 'text': {word!r}})\n"
        "print(default_path())"
    )
    look = "print([e['text'] for e in Journal().entries()])"
    try:
        (ma, ca), (mb, cb) = kernels
        path_a = Path(run(ca, save.replace("{word!r}", "'KERNEL-A'")).strip())
        path_b = Path(run(cb, save.replace("{word!r}", "'KERNEL-B'")).strip())
        assert path_a.is_file() and path_b.is_file() and path_a != path_b
        assert run(ca, look).strip() == "['KERNEL-A']"
        assert run(cb, look).strip() == "['KERNEL-B']"
        ca.stop_channels()
        ma.shutdown_kernel(now=False)  # as Voilà does when it culls a kernel
        assert not path_a.parent.parent.exists(), "the kernel left its folder behind"
        assert path_b.is_file() and run(cb, look).strip() == "['KERNEL-B']"
    finally:
        for manager, client in kernels:
            client.stop_channels()
            if manager.is_alive():
                manager.shutdown_kernel(now=False)
    assert list(temp.iterdir()) == [] and not shared.exists()


# --- Finish and clear -------------------------------------------------------------------------


def test_finish_and_clear_offers_the_download_asks_then_deletes(
    kiosk_on: Path, tmp_path: Path
) -> None:
    widget = journal_download()
    try:
        assert isinstance(widget, JournalDownload) and widget.state.finish is not None
        assert unlabelled(widget) == []
        assert widget.finish.description == say("journal.finish.button")
        assert widget.finish.layout.display != "none"
        assert widget._asking not in widget._box.children
        assert widget.note not in widget._box.children

        assert ReflectionState("06", "What did you learn?").save("I ask small now.").ok
        assert say("journal.download.link_one") in widget.link.value
        folder = store.default_path().parent
        assert folder.is_dir()

        widget.finish.click()  # 1. offered the download: the link stays
        assert widget.state.finish.step == download_state.ASKING
        assert say("journal.download.link_one") in widget.link.value
        assert widget.note.value == esc(say("journal.finish.offer"))
        assert list(widget._box.children) == [widget._row, widget.note, widget._asking]
        assert unlabelled(widget) == []
        assert widget.finish.layout.display == "none"
        assert folder.is_dir()  # nothing is deleted before the visitor confirms

        widget.cancel.click()  # "Not yet" changes nothing
        assert widget.state.finish.step == download_state.IDLE and folder.is_dir()
        assert list(widget._box.children) == [widget._row]

        widget.finish.click()
        widget.confirm.click()  # 2. confirmed: everything goes, and the page says so
        assert not folder.exists() and kiosk.visitor_files() == []
        assert widget.state.finish.step == download_state.DONE
        assert "<a" not in widget.link.value
        assert say("journal.finish.cleared") in widget.link.value
        assert "deleted" in widget.note.value and 'href=""' in widget.note.value
        assert widget.finish.layout.display == "none"
        assert list(widget._box.children) == [widget._row, widget.note]

        # 3. a later save starts a new private journal, offered as usual
        assert ReflectionState("06", "And then?").save("A new start.").ok
        assert say("journal.download.link_one") in widget.link.value
        assert b"I ask small" not in decoded(widget.link.value)
        assert widget.finish.layout.display != "none"
        assert list(widget._box.children) == [widget._row]
        assert not (tmp_path / "ignored.jsonl").exists()  # HELPABLE_JOURNAL is never used
    finally:
        widget.close()


def test_finish_and_clear_says_plainly_when_deleting_fails() -> None:
    def broken() -> None:
        raise PermissionError(13, "Permission denied", "/tmp/x")

    finish = FinishState(remove=broken)
    assert not finish.confirm() and finish.step == download_state.IDLE  # not asked yet
    finish.ask()
    assert not finish.confirm()
    assert finish.step == download_state.ASKING  # the visitor can try again
    assert finish.message == say("journal.finish.failed", problem="permission denied")
    assert "Errno" not in finish.message and "/tmp/x" not in finish.message
    assert "PermissionError" not in finish.message


def test_finish_and_clear_is_not_offered_outside_kiosk_mode(journal_path: Path) -> None:
    widget = journal_download()
    try:
        assert widget.state.finish is None
        assert list(widget.children) == [widget.link, widget.refresh]
        assert not hasattr(widget, "finish")
    finally:
        widget.close()


def test_a_failed_save_in_kiosk_mode_never_suggests_a_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from helpable.journal.messages import save_failed

    monkeypatch.setenv("HELPABLE_KIOSK", "1")
    message = save_failed(PermissionError(13, "Permission denied"), tmp_path / "j.jsonl",
                          env_var="HELPABLE_JOURNAL")
    assert "HELPABLE_JOURNAL" not in message and "staff" in message
    monkeypatch.delenv("HELPABLE_KIOSK")
    message = save_failed(PermissionError(13, "Permission denied"), tmp_path / "j.jsonl",
                          env_var="HELPABLE_JOURNAL")
    assert "HELPABLE_JOURNAL" in message


def test_kiosk_after_a_clear_the_next_visitor_can_save_the_same_rewrite(kiosk_on: Path) -> None:
    """The page must not answer "already saved" for what a cleared visitor saved."""
    from helpable.ui.state.workshop import WorkshopState

    state = WorkshopState()
    rewrite = "Could we talk for 15 minutes next week, at a time that suits you?"
    assert state.save(rewrite).ok
    assert state.save(rewrite).duplicate  # the same visitor: already saved
    kiosk.clear()
    fresh = WorkshopState()  # another page would not know either
    assert fresh.save(rewrite).ok
    kiosk.clear()
    again = state.save(rewrite)  # the first page, after the clear
    assert again.ok and not again.duplicate, again.message
