"""Gathering a class's journals from hub home folders (or a shared drop folder) into one folder.

``python -m helpable collect HOMES... --out FOLDER`` runs :func:`gather`. It
finds journals the way :mod:`helpable.instructor.collect` does for the report
(one learner per journal; a ``my_journal.jsonl`` takes the name of the learner
folder above the course's own ``helpable/notebooks/.helpable/``), and copies each
with its ``*.recovered-N.jsonl`` files to ``FOLDER/<name>.jsonl`` and
``FOLDER/<name>.recovered-N.jsonl``, ready for ``python -m helpable report FOLDER``.

A learner's files are only ever read: never moved, locked, renamed or
changed (the copies keep their modification times). A link or anything that
is not a plain file is never followed nor read: on a hub, a learner could
point one at a file of the machine. Nothing in ``FOLDER`` is ever replaced: it
must be new or empty, and each copy is made with "create, never replace".

With a key file (``--pseudonymise``), each learner's copies are named by a
pseudonym such as ``learner-k3p9x`` instead. The key file (a CSV of
pseudonym and learner name, readable by its owner only) is read first and added
to, so a learner keeps one pseudonym from week to week. It must not be inside
the output folder (which is what gets shared) nor inside a learner's folder.
"""

from __future__ import annotations

import csv
import errno
import os
import secrets
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from helpable.content.spreadsheet import FORMULA_STARTS, safe_rows
from helpable.instructor.collect import (
    COURSE_FOLDERS,
    JOURNAL_SUFFIX,
    learner_names,
    one_per_learner,
)
from helpable.journal.store import HIDDEN_FOLDER, recovery_owner

Progress = Callable[[int, int, str], None]
"""Called after each learner's files are copied: (done, total, name)."""

KEY_COLUMNS = ("pseudonym", "learner")
PSEUDONYM_PREFIX = "learner-"
_PSEUDONYM_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to mix up
_PSEUDONYM_LENGTH = 5
_O_NOATIME = getattr(os, "O_NOATIME", 0)

NO_JOURNAL = "no journal in it (this learner may not have saved anything yet)"


class GatherError(Exception):
    """The output folder or key file cannot be used; nothing was copied."""


@dataclass(frozen=True)
class Skipped:
    """A folder or file that was not copied, and why."""

    where: Path
    reason: str


@dataclass(frozen=True)
class Copied:
    """One learner's journal: the files read and the copies made (journal first)."""

    name: str
    sources: tuple[Path, ...]
    copies: tuple[Path, ...]


@dataclass
class Gathered:
    """What :func:`gather` did."""

    copied: list[Copied] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    key: Path | None = None
    new_pseudonyms: int = 0


# --- Finding --------------------------------------------------------------------------------


def _plain_file(path: Path) -> str | None:
    """None for a plain file; otherwise why it is not read (a link, a pipe, a device)."""
    try:
        info = path.lstat()
    except OSError as exc:
        return f"it could not be looked at ({exc.strerror or exc})"
    if stat.S_ISLNK(info.st_mode):
        return "it is a link to another place; collect never follows links in a learner's folder"
    if not stat.S_ISREG(info.st_mode):
        return "it is not a plain file (a pipe, a device or a socket), so it was not read"
    return None


def _walk(top: Path, skipped: list[Skipped]) -> list[Path]:
    """The plain ``*.jsonl`` files under ``top``, without following links.

    Hidden folders are passed over (a home's ``.cache``, ``.local``, ...), except
    the course's ``.helpable``. Links and odd files named like journals are skipped
    with a reason, and so is a folder that cannot be opened.
    """
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else top
        skipped.append(Skipped(where, f"it could not be opened ({error.strerror or error})"))

    for folder, dirs, files in os.walk(top, onerror=unreadable, followlinks=False):
        here = Path(folder)
        kept = []
        for name in sorted(dirs):
            if name.startswith(".") and name != HIDDEN_FOLDER:
                continue
            if (here / name).is_symlink():
                skipped.append(
                    Skipped(here / name, "it is a link to another folder; collect never follows it")
                )
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name.startswith(".") or not name.endswith(JOURNAL_SUFFIX):
                continue
            problem = _plain_file(here / name)
            if problem:
                skipped.append(Skipped(here / name, problem))
            else:
                found.append(here / name)
    return found


def _learner_folder(path: Path) -> Path:
    """The folder above the course's own folders (``ana`` for ``ana/helpable/notebooks/...``)."""
    folder = path.parent
    for course_folder in COURSE_FOLDERS:
        if folder.name == course_folder and folder.parent.name:
            folder = folder.parent
    return folder


def find(inputs: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """The journals to copy (one per learner) and what was skipped, with why."""
    found: dict[Path, None] = {}
    skipped: list[Skipped] = []
    for raw in inputs:
        top = Path(raw).expanduser()
        if not os.path.lexists(top):
            skipped.append(Skipped(top, "there is no such file or folder"))
        elif top.is_dir():
            mine = _walk(top, skipped)
            found.update((Path(os.path.abspath(p)), None) for p in mine)
            _name_empty_learner_folders(top, mine, skipped)
        elif not top.name.endswith(JOURNAL_SUFFIX):
            skipped.append(Skipped(top, "it is not a journal file (*.jsonl)"))
        elif problem := _plain_file(top.resolve()):
            skipped.append(Skipped(top, problem))
        else:  # a file named on the command line: read where it is (a link is followed)
            found.setdefault(top.resolve(), None)
    journals = []
    for path in found:
        owner = recovery_owner(path)
        if owner is not None and owner in found:
            continue  # copied with its journal
        journals.append(owner if owner is not None else path)
    kept, left_out = one_per_learner(journals)
    for old, new in left_out:
        skipped.append(
            Skipped(
                old,
                f"the same learner's newer journal in {new.parent} was copied instead, "
                "so that nobody is counted twice",
            )
        )
    return kept, skipped


def _name_empty_learner_folders(
    top: Path, journals: Sequence[Path], skipped: list[Skipped]
) -> None:
    """Name each learner folder in ``top`` that has no journal (or ``top``, if it is one)."""
    if {Path(top), Path(os.path.abspath(top))} & {_learner_folder(p) for p in journals}:
        return  # top is one learner's home, with a journal
    try:
        children = [
            child
            for child in sorted(top.iterdir())
            if not child.name.startswith(".") and not child.is_symlink() and child.is_dir()
        ]
    except OSError:
        children = []
    if not children and not journals:
        skipped.append(Skipped(top, NO_JOURNAL))
    holding = {Path(os.path.abspath(p)) for p in journals}
    named = {Path(os.path.abspath(s.where)) for s in skipped}  # skipped already, with a reason
    for child in children:
        inside = Path(os.path.abspath(child))
        if not any(inside in p.parents or inside == p for p in holding | named):
            skipped.append(Skipped(child, NO_JOURNAL))


def family(journal: Path) -> list[tuple[Path, str]]:
    """A journal's plain files and the suffix each copy gets: ``.jsonl``, ``.recovered-N.jsonl``.

    A recovery file whose journal is gone is copied as the journal.
    """
    stem, suffix = journal.stem, journal.suffix
    files: list[tuple[Path, str]] = []
    if os.path.lexists(journal) and _plain_file(journal) is None:
        files.append((journal, suffix))
    try:
        names = sorted(os.listdir(journal.parent))
    except OSError:
        names = []
    numbered = []
    for name in names:
        path = journal.parent / name
        if recovery_owner(path) == journal and _plain_file(path) is None:
            digits = name[len(stem) + len(".recovered-") : len(name) - len(suffix)]
            numbered.append((int(digits), path))
    for number, path in sorted(numbered):
        files.append((path, f".recovered-{number}{suffix}" if files else suffix))
    return files


# --- Pseudonyms -----------------------------------------------------------------------------


def _unquote(cell: str) -> str:
    """A key file cell as written by the instructor's spreadsheet-safe writer, taken back."""
    if cell.startswith("'") and cell[1:].lstrip(" \u00a0")[:1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def read_key(key: Path) -> dict[str, str]:
    """The key file as {learner name: pseudonym}; empty if there is no key file yet."""
    if not key.exists():
        return {}
    try:
        with key.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GatherError(f"the key file {key} cannot be read ({exc})") from exc
    if not rows or tuple(rows[0]) != KEY_COLUMNS:
        raise GatherError(
            f"{key} is not a key file from collect (its first line should be "
            f"{','.join(KEY_COLUMNS)})"
        )
    return {_unquote(row[1]): _unquote(row[0]) for row in rows[1:] if len(row) >= 2}


def _new_pseudonym(taken: set[str]) -> str:
    while True:
        letters = "".join(secrets.choice(_PSEUDONYM_LETTERS) for _ in range(_PSEUDONYM_LENGTH))
        name = PSEUDONYM_PREFIX + letters
        if name not in taken:
            return name


def _write_key(key: Path, mapping: dict[str, str]) -> None:
    """Write the key file in one step (a temporary file renamed over it), owner-only."""
    key.parent.mkdir(parents=True, exist_ok=True)
    rows = safe_rows([[pseudonym, name] for name, pseudonym in sorted(mapping.items())])
    handle, temporary = tempfile.mkstemp(prefix=".key-", suffix=".csv", dir=key.parent)
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(KEY_COLUMNS)
            writer.writerows(rows)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, key)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


# --- Copying --------------------------------------------------------------------------------


def _inside(path: Path, folder: Path) -> bool:
    path, folder = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    return path == folder or folder in path.parents


def _check_out(out: Path, inputs: Sequence[Path], key: Path | None) -> None:
    if out.exists() and not out.is_dir():
        raise GatherError(f"--out {out} is a file; give a new folder")
    if out.is_dir() and any(out.iterdir()):
        raise GatherError(
            f"--out {out} is not empty; give a new or empty folder (collect never replaces files)"
        )
    for top in inputs:
        if top.exists() and (_inside(out, top) or _inside(top, out)):
            raise GatherError(f"--out {out} is inside {top}; give a folder outside the homes")
        if key is not None and top.is_dir() and _inside(key, top):
            raise GatherError(
                f"the key file {key} is inside {top}, where learners could read it; keep it "
                "in your own folder"
            )
    if key is not None and _inside(key, out):
        raise GatherError(
            f"the key file {key} is inside --out {out}, which you share; keep it elsewhere"
        )


def _copy(source: Path, target: Path) -> None:
    """Copy one plain file without following links, changing it or replacing ``target``."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(source, flags | _O_NOATIME)
    except PermissionError:  # O_NOATIME needs the file's owner (or root)
        fd = os.open(source, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a plain file", str(source))
        with open(target, "xb") as out:
            while chunk := os.read(fd, 1 << 20):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    finally:
        os.close(fd)
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))


def _file_name(name: str) -> str:
    """A learner's name as a file name that ``report`` reads as that learner.

    Not hidden (``report`` skips hidden files), and not taken for a recovery file.
    """
    safe = name.replace(os.sep, "_").lstrip(".") or "learner"
    if recovery_owner(Path(safe + JOURNAL_SUFFIX)) is not None:
        safe = safe.replace(".recovered-", " recovered ")
    return safe


def gather(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    key: str | Path | None = None,
    progress: Progress | None = None,
) -> Gathered:
    """Copy every learner's journal found in ``inputs`` into ``out`` (made if it is new).

    With ``key``, copies are named by stable pseudonyms kept in that key file.
    Raises :class:`GatherError` (before copying anything) if ``out`` or ``key``
    cannot be used. A file that fails to copy becomes a :class:`Skipped`.
    """
    tops = [Path(p).expanduser() for p in inputs]
    out_path = Path(out).expanduser()
    key_path = Path(key).expanduser() if key is not None else None
    _check_out(out_path, tops, key_path)
    journals, skipped = find(tops)
    result = Gathered(skipped=skipped, key=key_path)
    names = [_file_name(n) for n in learner_names(journals)]
    if key_path is not None:
        mapping = read_key(key_path)
        real = names
        before = len(mapping)
        taken = set(mapping.values())
        for name in real:
            if name not in mapping:
                mapping[name] = _new_pseudonym(taken)
                taken.add(mapping[name])
        if journals:
            _write_key(key_path, mapping)
        result.new_pseudonyms = len(mapping) - before
        names = [mapping[name] for name in real]
    if not journals:
        return result
    out_path.mkdir(parents=True, exist_ok=True)
    for done, (journal, name) in enumerate(zip(journals, names, strict=True), start=1):
        sources, copies = [], []
        for source, suffix in family(journal):
            target = out_path / f"{name}{suffix}"
            try:
                _copy(source, target)
            except OSError as exc:
                reason = f"it could not be copied ({exc.strerror or exc})"
                result.skipped.append(Skipped(source, reason))
                continue
            sources.append(source)
            copies.append(target)
        if copies:
            result.copied.append(Copied(name, tuple(sources), tuple(copies)))
        if progress is not None:
            progress(done, len(journals), name)
    return result
