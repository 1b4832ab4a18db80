"""Hardening item 15: the journal lives where a learner won't edit it by accident, and a
lesson offers it as a one-click download.

- the default journal is ``notebooks/.helpable/my_journal.jsonl`` (a hidden folder, made on
  the first save), but an older ``notebooks/my_journal.jsonl`` stays in use;
- the class report finds journals in both places and never counts a learner twice;
- ``journal_download()`` shows a data-URI link that is exactly the journal's bytes, is
  refreshed after every save, and says plainly when there is nothing (or too much) to link.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from helpable.cli.journal import JOURNAL_HELP
from helpable.cli.main import main
from helpable.content.strings import say
from helpable.instructor.collect import SKIPPED, collect, find_journals
from helpable.instructor.report import build_report
from helpable.journal import store
from helpable.journal.store import DEFAULT_FILENAME, Journal
from helpable.ui.state import download as download_state
from helpable.ui.state import workshop as workshop_state
from helpable.ui.state.download import DownloadState, journal_bytes
from helpable.ui.state.reflection import ReflectionState
from helpable.ui.state.workshop import SaveResult, append_entry, on_save
from helpable.ui.widgets.download import JournalDownload, journal_download

from .test_widgets import unlabelled

ROOT = Path(__file__).resolve().parent.parent
HANG_TIMEOUT = 60  # seconds: only so that a hang fails instead of blocking the run
MB = 1 << 20
HREF = re.compile(r'href="data:application/x-ndjson;base64,([A-Za-z0-9+/=]*)"')


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course's notebooks folder in tmp, with HELPABLE_JOURNAL unset."""
    notebooks = tmp_path / "course" / "notebooks"
    notebooks.mkdir(parents=True)
    monkeypatch.setattr(store, "NOTEBOOKS_DIR", notebooks)
    monkeypatch.delenv(store.ENV_VAR, raising=False)
    return notebooks


def write_lines(path: Path, entries: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        for entry in entries:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


def rewrite(pitch: str, score: int = 90) -> dict[str, Any]:
    return {"kind": "rewrite", "pitch_id": pitch, "score": score, "broken": []}


def decoded(markup: str) -> bytes:
    match = HREF.search(markup)
    assert match, markup
    return base64.b64decode(match.group(1), validate=True)


class Tags(HTMLParser):
    """The start tags of some markup, with their attributes, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(markup: str) -> Tags:
    tags = Tags()
    tags.feed(markup)
    tags.close()
    return tags


# --- Where the journal lives ---------------------------------------------------------------


def test_item15_the_default_journal_is_hidden_and_made_on_the_first_save(course: Path) -> None:
    hidden = course / ".helpable" / DEFAULT_FILENAME
    assert store.default_path() == hidden
    assert hidden.parent.name.startswith(".")  # JupyterLab and Voilà do not show it
    assert not hidden.parent.exists()  # nothing is made until something is saved
    assert len(Journal()) == 0 and not hidden.parent.exists()

    assert Journal().append(rewrite("p1")) == 1
    assert hidden.is_file() and Journal(hidden).entries()[0]["pitch_id"] == "p1"
    assert [p.name for p in course.iterdir() if not p.name.startswith(".")] == []


@pytest.mark.parametrize("family", ["journal", "journal and recovery file", "recovery file"])
def test_item15_an_older_journal_beside_the_lessons_stays_in_use(
    course: Path, family: str, capsys: pytest.CaptureFixture[str]
) -> None:
    old = course / DEFAULT_FILENAME
    if family != "recovery file":
        write_lines(old, [rewrite("p1")])
    if family != "journal":
        write_lines(course / "my_journal.recovered-1.jsonl", [rewrite("p2")])
    assert store.default_path() == old
    assert store.default_is_old_place()
    before = len(Journal())
    assert Journal().append(rewrite("p3")) == before + 1  # added to the old journal
    assert not (course / ".helpable").exists()  # nothing moved, nothing new made

    assert main(["journal", "info"]) == 0
    out = capsys.readouterr().out
    assert say("journal.info.old_place", file="x", new="y").split("x")[0] in out
    assert ".helpable/my_journal.jsonl" in out


def test_item15_the_new_journal_is_used_once_it_exists(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_lines(course / ".helpable" / DEFAULT_FILENAME, [rewrite("new")])
    write_lines(course / DEFAULT_FILENAME, [rewrite("old")])  # copied back by hand, say
    assert store.default_path() == course / ".helpable" / DEFAULT_FILENAME
    assert not store.default_is_old_place()
    assert main(["journal", "info"]) == 0
    assert say("journal.info.old_place", file="x", new="y").split("x")[0] not in (
        capsys.readouterr().out
    )


def test_item15_the_environment_variable_still_wins(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_lines(course / DEFAULT_FILENAME, [rewrite("old")])
    monkeypatch.setenv(store.ENV_VAR, str(tmp_path / "mine.jsonl"))
    assert store.default_path() == tmp_path / "mine.jsonl"
    assert not store.default_is_old_place()


def test_item15_help_and_gitignore_name_the_new_place() -> None:
    assert "notebooks/.helpable/my_journal.jsonl" in JOURNAL_HELP
    assert "notebooks/my_journal.jsonl" in JOURNAL_HELP  # where an older journal stays
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", "notebooks/.helpable/anything.txt"],
        cwd=ROOT,
        check=False,
    )
    assert ignored.returncode == 0, "notebooks/.helpable/ is not in .gitignore"


# --- The class report finds both places, and counts each learner once -------------------


def test_item15_the_report_finds_journals_in_both_places(tmp_path: Path) -> None:
    homes = tmp_path / "homes"
    write_lines(
        homes / "ana" / "helpable" / "notebooks" / ".helpable" / DEFAULT_FILENAME, [rewrite("p1")]
    )
    write_lines(homes / "ben" / "helpable" / "notebooks" / DEFAULT_FILENAME, [rewrite("p2")])
    write_lines(homes / "cy" / ".helpable" / DEFAULT_FILENAME, [rewrite("p3")])
    write_lines(homes / "dee" / DEFAULT_FILENAME, [rewrite("p4")])
    # Other hidden things are still left alone.
    write_lines(
        homes / "ana" / "helpable" / "notebooks" / ".ipynb_checkpoints" / "x.jsonl", [rewrite("p5")]
    )
    write_lines(homes / "ben" / ".helpable" / "cache.jsonl", [rewrite("p6")])

    files, issues = find_journals([homes])
    assert len(files) == 4 and issues == []
    data = collect([homes])
    assert sorted(learner.name for learner in data.learners) == ["ana", "ben", "cy", "dee"]
    assert data.issues == []


def test_item15_one_learner_with_both_places_is_counted_once(tmp_path: Path) -> None:
    home = tmp_path / "homes" / "ana" / "helpable" / "notebooks"
    new, old = home / ".helpable" / DEFAULT_FILENAME, home / DEFAULT_FILENAME
    write_lines(new, [rewrite("p1"), rewrite("p2")])
    write_lines(old, [rewrite("p1", 40)])
    write_lines(tmp_path / "homes" / "ben" / DEFAULT_FILENAME, [rewrite("p1")])

    for given in ([tmp_path / "homes"], [old, new, tmp_path / "homes" / "ben"]):
        data = collect(given)
        assert sorted(learner.name for learner in data.learners) == ["ana", "ben"]
        ana = next(learner for learner in data.learners if learner.name == "ana")
        assert ana.path == new.resolve() and len(ana.rewrites) == 2  # the one the course uses
        [issue] = data.issues
        assert issue.name == "ana" and issue.status == SKIPPED and issue.path == old.resolve()
        assert ".helpable" in issue.reason  # it names the folder it read instead

    _, summary = build_report(find_journals([tmp_path / "homes"])[0])
    assert summary.learners == 2 and summary.skipped == 1


# --- The download link ---------------------------------------------------------------------

TRICKY = [
    {"kind": "reflection", "text": "</a><script>alert('hi')</script>"},
    {"kind": "reflection", "text": "She said \"yes\" & I said 'thanks' <b>"},
    {"kind": "rewrite", "pitch_id": "p1", "rewrite": "שלום 😀 café", "score": 80, "broken": []},
]


def test_item15_the_link_is_exactly_the_journal_bytes(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    journal = Journal(path)
    for entry in TRICKY:
        journal.append(entry)
    view = DownloadState(path).view()
    assert view.status == download_state.READY and view.count == 3
    assert decoded(view.html) == path.read_bytes()
    [(tag, attrs)] = parsed(view.html).tags
    assert tag == "a" and attrs["download"] == "my_journal.jsonl"
    assert html.unescape(re.sub(r"<[^>]+>", "", view.html)) == say(
        "journal.download.link_many", count=3
    )
    assert "⬇" in view.html and "Download my journal (3 entries)" in view.html


def test_item15_one_entry_and_recovery_files(tmp_path: Path) -> None:
    path = tmp_path / "my_journal.jsonl"
    path.write_bytes(b'{"kind": "reflection", "text": "one"}\n{"kind": "refl')  # cut off
    view = DownloadState(path).view()
    assert view.count == 1 and say("journal.download.link_one") in view.html
    assert decoded(view.html) == path.read_bytes()

    path.write_bytes(b"stray text\n")  # damaged: new entries go to a recovery file
    Journal(path).append({"kind": "reflection", "text": "two"})
    assert len(Journal(path).files) == 2
    data = decoded(DownloadState(path).view().html)
    assert data == journal_bytes(Journal(path).files)
    assert data.startswith(b"stray text\n") and data.endswith(b"\n")
    copy = tmp_path / "copy" / "my_journal.jsonl"
    copy.parent.mkdir()
    copy.write_bytes(data)
    assert [e["text"] for e in Journal(copy).entries()] == ["two"]


def test_item15_no_learner_text_breaks_out_of_the_markup(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    for entry in TRICKY:
        Journal(path).append(entry)
    markup = DownloadState(path).view().html
    assert "<script" not in markup.lower() and "'hi'" not in markup
    tags = parsed(markup)
    assert [tag for tag, _ in tags.tags] == ["a"]
    assert set(tags.tags[0][1]) <= {"download", "href", "title"}

    # A folder name with markup in it (shown in the "large" message) is escaped too.
    odd = tmp_path / '<img src=x onerror="alert(1)">' / "my_journal.jsonl"
    Journal(odd).append({"kind": "reflection", "text": "x"})
    large = DownloadState(odd, max_bytes=4).view()
    assert large.status == download_state.LARGE
    assert "<img" not in large.html and [t for t, _ in parsed(large.html).tags] == ["code"]


def test_item15_no_journal_yet_says_so_without_a_link(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    view = DownloadState(path).view()
    assert view.status == download_state.EMPTY and "<a" not in view.html
    assert html.unescape(view.html) == say("journal.download.empty")
    path.write_bytes(b"")  # a file with nothing in it is no journal yet either
    assert DownloadState(path).view().status == download_state.EMPTY


def test_item15_a_large_journal_says_where_it_is_instead(tmp_path: Path) -> None:
    path = tmp_path / ".helpable" / "my_journal.jsonl"
    path.parent.mkdir()
    with path.open("wb") as handle:  # sparse: 20 MB and a bit, without writing it
        handle.truncate(20 * MB + 1)
    view = DownloadState(path).view()
    assert view.status == download_state.LARGE and view.size == 20 * MB + 1
    assert "data:" not in view.html and "<a" not in view.html
    text = html.unescape(view.html)
    assert "20.0 MB" in text and str(path) in text and "cp " in text
    assert str(tmp_path / "my_journal_copy.jsonl") in text  # a copy the file browser shows
    assert DownloadState(path, max_bytes=30 * MB).view().status == download_state.READY


def test_item15_a_journal_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    path = tmp_path / "fifo.jsonl"
    os.mkfifo(path)
    views: list[Any] = []
    worker = threading.Thread(target=lambda: views.append(DownloadState(path).view()))
    worker.start()
    worker.join(HANG_TIMEOUT)
    assert not worker.is_alive(), "reading a FIFO hung"
    [view] = views
    assert view.status == download_state.UNREADABLE and "<a" not in view.html
    assert "fifo.jsonl" in html.unescape(view.html)


# --- The widget ------------------------------------------------------------------------------


def test_item15_the_link_follows_every_save_made_in_this_kernel(journal_path: Path) -> None:
    widget = journal_download()
    assert isinstance(widget, JournalDownload)
    assert widget.link.value == widget.state.view().html
    assert "<a" not in widget.link.value  # no journal yet

    assert ReflectionState("06", "What did you learn?").save("To ask small.").ok
    assert say("journal.download.link_one") in widget.link.value
    assert decoded(widget.link.value) == journal_path.read_bytes()

    saved = append_entry(Journal, rewrite("p1"))  # the workshop saves through here too
    assert saved.ok
    assert say("journal.download.link_many", count=2) in widget.link.value
    assert decoded(widget.link.value) == journal_path.read_bytes()

    Journal(journal_path).append(rewrite("p2"))  # saved in another tab: Refresh picks it up
    assert say("journal.download.link_many", count=2) in widget.link.value
    widget.refresh.click()
    assert say("journal.download.link_many", count=3) in widget.link.value
    assert decoded(widget.link.value) == journal_path.read_bytes()

    widget.close()  # a closed widget stops listening
    assert append_entry(Journal, rewrite("p3")).ok
    assert say("journal.download.link_many", count=3) in widget.link.value


def test_item15_listeners_hear_only_saves_that_worked(journal_path: Path) -> None:
    heard: list[SaveResult] = []

    def broken(_: SaveResult) -> None:
        raise RuntimeError("a listener's own fault")

    stop_broken = on_save(broken)
    stop = on_save(heard.append)
    try:
        result = append_entry(Journal, rewrite("p1"))
        assert result.ok and heard == [result]  # a failing listener does not spoil a save

        def no_journal() -> Journal:
            raise OSError(28, "No space left on device")

        assert not append_entry(no_journal, rewrite("p2")).ok
        assert heard == [result]
    finally:
        stop()
        stop_broken()
    assert append_entry(Journal, rewrite("p3")).ok and heard == [result]
    assert broken not in workshop_state._SAVE_LISTENERS


def test_item15_the_widget_is_labelled_and_offered_by_the_lesson_module(
    journal_path: Path,
) -> None:
    import helpable.lesson as lesson

    assert "journal_download" in lesson.__all__
    assert lesson.journal_download is journal_download
    widget = journal_download()
    try:
        assert unlabelled(widget) == []
        assert widget.link.description == say("journal.download.label")
        assert widget.refresh.description == say("journal.download.refresh")
        assert widget.refresh.tooltip == say("journal.download.refresh_tooltip")
    finally:
        widget.close()


# --- In a real browser: one click saves the file, in JupyterLab and in Voilà ----------------

BROWSER_TEXT = "A café, <b>bold</b> & \"quoted\" </a><script>alert('hi')</script>"


def _download_notebook(folder: Path) -> str:
    """A one-cell notebook that saves an entry, then shows the download link."""
    import nbformat

    folder.mkdir(parents=True, exist_ok=True)
    source = (
        "from helpable.lesson import Journal, journal_download\n\n"
        f"Journal().append({{'kind': 'reflection', 'text': {BROWSER_TEXT!r}}})\n"
        "journal_download()"
    )
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, folder / "download.ipynb")
    return "download.ipynb"


def _click_download(page: Any, tmp: Path) -> tuple[str, bytes]:  # a Playwright Page
    link = page.get_by_role("link", name=say("journal.download.link_one"))
    link.wait_for(timeout=120_000)
    link.scroll_into_view_if_needed()
    with page.expect_download(timeout=30_000) as info:
        link.click()
    download = info.value
    target = tmp / "downloaded.jsonl"
    download.save_as(str(target))
    return download.suggested_filename, target.read_bytes()


@pytest.mark.browser
@pytest.mark.parametrize("app", ["jupyterlab", "voila"])
def test_item15_one_click_downloads_the_journal_in_a_real_browser(tmp_path: Path, app: str) -> None:
    from . import browser_support as support

    journal = tmp_path / "journal.jsonl"  # the servers set HELPABLE_JOURNAL to this
    folder = tmp_path / "lesson"
    name = _download_notebook(folder)
    port, token = support.free_port(), "t" + os.urandom(8).hex()
    if app == "jupyterlab":
        settings = support._lab_settings(tmp_path / "settings")
        command = [
            *(sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root"),
            f"--ServerApp.port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={folder}",
            f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
            f"--LabApp.user_settings_dir={settings}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        ready = f"/api/status?token={token}"
    else:
        command = [
            *(sys.executable, "-m", "voila", str(folder / name), "--no-browser"),
            f"--Voila.port={port}",
            "--Voila.ip=127.0.0.1",
            f"--Voila.token={token}",
        ]
        ready = support.VOILA_READY
    with (
        support.running(command, port, token, ready, tmp_path) as server,
        support.chromium_page(tmp_path) as page,
    ):
        try:
            if app == "jupyterlab":
                support.open_in_lab(page, server, name)
                marker = page.get_by_role("link", name=say("journal.download.link_one"))
                support.run_all(page, marker, timeout=60_000)
            else:
                page.goto(f"{server.url}/?token={server.token}")
            file_name, data = _click_download(page, tmp_path)
            scripts = page.evaluate(
                "() => [...document.querySelectorAll('.widget-html-content script')].length"
            )
        except Exception as exc:
            raise AssertionError(
                f"{exc}\n{support.screenshot_note(page, tmp_path, f'download_{app}')}\n"
                f"server log:\n{server.log_tail()}"
            ) from exc
    assert file_name == "my_journal.jsonl"
    assert data == journal.read_bytes()
    assert json.loads(data)["text"] == BROWSER_TEXT
    assert scripts == 0
