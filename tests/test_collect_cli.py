"""``python -m helpable collect HOMES... --out FOLDER``: a class's journals, copied for ``report``.

Every learner file is left exactly as it was (bytes, mode and modification
time); nothing is ever replaced; every folder skipped is named with a reason.
"""

from __future__ import annotations

import csv
import hashlib
import os
import stat
from pathlib import Path

import pytest

from helpable.cli.exit_codes import EXIT_DATA, EXIT_OK, EXIT_USAGE
from helpable.cli.main import main
from helpable.instructor.collect import collect as read_class
from helpable.instructor.gather import GatherError, gather, read_key
from helpable.journal.store import Journal

COURSE = Path("helpable") / "notebooks" / ".helpable"


def save(journal: Path, pitch: str = "a001", text: str = "Could we talk?") -> None:
    Journal(journal).append(
        {"kind": "rewrite", "pitch_id": pitch, "rewrite": text, "broken": [], "score": 0}
    )


def home(root: Path, name: str, entries: int = 1) -> Path:
    """A hub home with the course cloned in and ``entries`` rewrites saved."""
    folder = root / name
    (folder / "helpable" / "notebooks").mkdir(parents=True)
    for i in range(entries):
        save(folder / COURSE / "my_journal.jsonl", f"a00{i + 1}")
    return folder


def fingerprint(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every file under ``root``: (sha256, mode, mtime in ns)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            info = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path.relative_to(root))] = (digest, info.st_mode, info.st_mtime_ns)
    return found


def make_read_only(root: Path) -> None:
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_symlink():
            continue
        path.chmod(0o444 if path.is_file() else 0o555)
    root.chmod(0o555)


def make_writable(root: Path) -> None:
    root.chmod(0o755)
    for path in root.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o644 if path.is_file() else 0o755)


@pytest.fixture
def homes(tmp_path: Path) -> Path:
    root = tmp_path / "home"
    home(root, "ana", 2)
    home(root, "ben", 1)
    carla = home(root, "carla", 1)
    # A damaged journal: its new entries went to a recovery file beside it.
    journal = carla / COURSE / "my_journal.jsonl"
    with journal.open("ab") as handle:
        handle.write(b"\xff\xfe not a line\n")
    save(journal, "a002")
    assert (carla / COURSE / "my_journal.recovered-1.jsonl").exists()
    (root / "dana" / "helpable" / "notebooks").mkdir(parents=True)  # never saved anything
    return root


def test_collect_copies_each_journal_with_its_recovery_files(
    homes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "class"
    assert main(["collect", str(homes), "--out", str(out)]) == EXIT_OK
    names = sorted(p.name for p in out.iterdir())
    assert names == ["ana.jsonl", "ben.jsonl", "carla.jsonl", "carla.recovered-1.jsonl"]
    assert (out / "ana.jsonl").read_bytes() == (
        homes / "ana" / COURSE / "my_journal.jsonl"
    ).read_bytes()
    captured = capsys.readouterr()
    assert "3 learners" in captured.out and str(out) in captured.out
    # The folder skipped is named, with why.
    assert "dana" in captured.err and "no journal" in captured.err
    # report reads the copies: three learners, carla's recovery file read with her journal.
    data = read_class([out])
    assert sorted(learner.name for learner in data.learners) == ["ana", "ben", "carla"]
    carla = next(learner for learner in data.learners if learner.name == "carla")
    assert len(carla.rewrites) == 2


def test_collect_then_report_counts_the_learners(
    homes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "class"
    assert main(["collect", *(str(p) for p in sorted(homes.iterdir())), "--out", str(out)]) == 0
    capsys.readouterr()
    page = tmp_path / "report.html"
    assert main(["report", str(out), "--out", str(page)]) == EXIT_OK
    assert "report: 3 learners" in capsys.readouterr().out


def test_learner_files_are_never_changed(homes: Path, tmp_path: Path) -> None:
    before = fingerprint(homes)
    make_read_only(homes)
    try:
        read_only = fingerprint(homes)
        gathered = gather([homes], tmp_path / "class")
        assert len(gathered.copied) == 3
        assert fingerprint(homes) == read_only
    finally:
        make_writable(homes)
    after = fingerprint(homes)
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}
    assert sorted(after) == sorted(before), "collect must not lock (and so write in) a home"


def test_copies_keep_the_learner_files_times_and_are_writable(homes: Path, tmp_path: Path) -> None:
    source = homes / "ana" / COURSE / "my_journal.jsonl"
    os.utime(source, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    source.chmod(0o400)
    gather([homes], tmp_path / "class")
    copy = tmp_path / "class" / "ana.jsonl"
    assert copy.stat().st_mtime_ns == 1_600_000_000_000_000_000
    assert copy.stat().st_mode & stat.S_IWUSR


@pytest.mark.parametrize("existing", ["file", "journal"])
def test_collect_refuses_to_overwrite(
    homes: Path, tmp_path: Path, existing: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "class"
    out.mkdir()
    name = "notes.txt" if existing == "file" else "ana.jsonl"
    (out / name).write_text("keep me\n", encoding="utf-8")
    assert main(["collect", str(homes), "--out", str(out)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not empty" in err
    assert sorted(p.name for p in out.iterdir()) == [name]
    assert (out / name).read_text(encoding="utf-8") == "keep me\n"


def test_an_empty_out_folder_is_fine(homes: Path, tmp_path: Path) -> None:
    out = tmp_path / "class"
    out.mkdir()
    assert len(gather([homes], out).copied) == 3


def test_out_inside_a_home_folder_is_refused(homes: Path) -> None:
    with pytest.raises(GatherError, match="inside"):
        gather([homes], homes / "ana" / "class")
    assert not (homes / "ana" / "class").exists()


def test_missing_and_unusable_inputs_are_named(
    homes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = tmp_path / "notes.txt"
    note.write_text("hi", encoding="utf-8")
    out = tmp_path / "class"
    argv = ["collect", str(homes), str(tmp_path / "nobody"), str(note), "--out", str(out)]
    assert main(argv) == EXIT_OK
    err = capsys.readouterr().err
    assert "nobody" in err and "no such" in err
    assert "notes.txt" in err and "not a journal" in err


def test_no_journal_anywhere_is_a_data_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "home" / "ana").mkdir(parents=True)
    out = tmp_path / "class"
    assert main(["collect", str(tmp_path / "home"), "--out", str(out)]) == EXIT_DATA
    err = capsys.readouterr().err
    assert "found no journal" in err and "ana" in err
    assert not out.exists()


def test_links_and_odd_files_in_a_home_are_not_followed(homes: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.jsonl"
    secret.write_text('{"kind": "rewrite", "score": 0, "broken": []}\n', encoding="utf-8")
    eve = homes / "eve" / COURSE
    eve.mkdir(parents=True)
    (eve / "my_journal.jsonl").symlink_to(secret)
    os.mkfifo(homes / "ben" / "pipe.jsonl")
    elsewhere = tmp_path / "elsewhere"
    save(elsewhere / COURSE / "my_journal.jsonl")
    (homes / "frank").symlink_to(elsewhere, target_is_directory=True)
    gathered = gather([homes], tmp_path / "class")
    assert sorted(c.name for c in gathered.copied) == ["ana", "ben", "carla"]
    reasons = {s.where.name: s.reason for s in gathered.skipped}
    assert "link" in reasons["my_journal.jsonl"]
    assert "not a plain file" in reasons["pipe.jsonl"]
    assert "link to another folder" in reasons["frank"]


def test_a_journal_named_on_the_command_line_is_copied(tmp_path: Path) -> None:
    save(tmp_path / "drop" / "ana.jsonl")
    (tmp_path / "ana-link.jsonl").symlink_to(tmp_path / "drop" / "ana.jsonl")
    gathered = gather([tmp_path / "ana-link.jsonl"], tmp_path / "class")
    assert [p.name for p in (tmp_path / "class").iterdir()] == ["ana.jsonl"]
    assert len(gathered.copied) == 1


def test_an_unreadable_folder_is_named(
    homes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_walk = os.walk

    def walk(top, onerror=None, followlinks=False):  # noqa: ANN001, ANN202
        for folder, dirs, files in real_walk(top, onerror=onerror, followlinks=followlinks):
            if Path(folder).name == "ben" and onerror is not None:
                onerror(PermissionError(13, "Permission denied", folder))
                dirs[:] = []
                continue
            yield folder, dirs, files

    monkeypatch.setattr(os, "walk", walk)
    gathered = gather([homes], tmp_path / "class")
    assert sorted(c.name for c in gathered.copied) == ["ana", "carla"]
    reasons = {s.where.name: s.reason for s in gathered.skipped}
    assert "could not be opened (Permission denied)" in reasons["ben"]


def test_a_shared_drop_folder(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    save(drop / "ana.jsonl")
    save(drop / "ben" / "my_journal.jsonl")
    gathered = gather([drop], tmp_path / "class")
    assert sorted(p.name for p in (tmp_path / "class").iterdir()) == ["ana.jsonl", "ben.jsonl"]
    assert len(gathered.copied) == 2


def test_an_old_place_journal_beside_a_new_one_is_named_not_copied(
    homes: Path, tmp_path: Path
) -> None:
    save(homes / "ana" / "helpable" / "notebooks" / "my_journal.jsonl")
    gathered = gather([homes], tmp_path / "class")
    assert sorted(c.name for c in gathered.copied) == ["ana", "ben", "carla"]
    assert any("read instead" in s.reason or "copied instead" in s.reason for s in gathered.skipped)


def test_progress_is_shown(homes: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    gather(
        [homes], tmp_path / "class", progress=lambda done, total, _name: seen.append((done, total))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]


# --- Pseudonyms --------------------------------------------------------------------------


def test_pseudonyms_are_stable_and_the_key_stays_outside(
    homes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "keep" / "class-key.csv"
    key.parent.mkdir()
    first, second = tmp_path / "week1", tmp_path / "week2"
    argv = ["--pseudonymise", "--key", str(key)]
    assert main(["collect", str(homes), "--out", str(first), *argv]) == EXIT_OK
    assert "key" in capsys.readouterr().out
    home(homes, "zoe", 1)
    assert main(["collect", str(homes), "--out", str(second), *argv]) == EXIT_OK
    mapping = read_key(key)
    assert sorted(mapping) == ["ana", "ben", "carla", "zoe"]
    assert len(set(mapping.values())) == 4
    for folder in (first, second):
        files = {p.name for p in folder.iterdir()}
        assert not any(real in name for name in files for real in ("ana", "ben", "carla", "zoe"))
        assert f"{mapping['carla']}.recovered-1.jsonl" in files
    assert {p.name for p in first.iterdir()} <= {p.name for p in second.iterdir()}
    assert f"{mapping['zoe']}.jsonl" in {p.name for p in second.iterdir()}
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    data = read_class([second])
    assert sorted(learner.name for learner in data.learners) == sorted(mapping.values())


def test_key_file_is_safe_to_open_in_a_spreadsheet(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    save(drop / "=HYPERLINK(1).jsonl")
    key = tmp_path / "key.csv"
    gather([drop], tmp_path / "class", key=key)
    with key.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][1].startswith("'=")
    # ... and read back as the same learner, so the pseudonym stays the same.
    again = gather([drop], tmp_path / "class2", key=key)
    assert [c.name for c in again.copied] == [rows[1][0]]


@pytest.mark.parametrize("where", ["out", "home"])
def test_key_inside_the_output_or_a_home_is_refused(
    homes: Path, tmp_path: Path, where: str
) -> None:
    out = tmp_path / "class"
    key = out / "key.csv" if where == "out" else homes / "ana" / "key.csv"
    with pytest.raises(GatherError):
        gather([homes], out, key=key)
    assert not key.exists() and not out.exists()


def test_help_lists_collect(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "collect" in capsys.readouterr().out
