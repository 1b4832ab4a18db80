"""Finding a class's journal files and reading them into :class:`ClassData`.

One journal file is one learner. Its name is the file name without
``.jsonl``; a file called ``my_journal.jsonl`` (the course's default) takes its
learner folder's name instead, which suits a download with one folder per
learner: the folder above the course's own ``helpable/notebooks/.helpable/``
(each part optional), so a hub home ``ana/helpable/notebooks/.helpable/my_journal.jsonl``
is "ana". A ``*.recovered-N.jsonl`` file beside its journal is read as part of that
journal (see :mod:`helpable.journal.store`), which also skips cut-off lines.

Hidden folders are skipped, except the course's ``.helpable`` folder, where
the course keeps the journal (older versions kept it one folder up, beside the
lessons). A learner folder with a journal in both places is one learner: the
one in ``.helpable`` is read (the course saves there once it exists), and the
other becomes a skipped :class:`JournalIssue` that names the folder read.

A journal with no usable entry (empty, not a journal, unreadable) is
*skipped*. One with usable entries but also cut-off or damaged lines, or
rewrites without a score, is *partly read*: its good entries count. Both
become a :class:`JournalIssue` with the reason; nothing is fatal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpable.content.rules import RULE_KEYS
from helpable.journal.store import (
    DEFAULT_FILENAME,
    HIDDEN_FOLDER,
    Journal,
    JournalError,
    recovery_owner,
    show_path,
)

JOURNAL_SUFFIX = ".jsonl"
DEFAULT_STEM = "my_journal"
COURSE_FOLDERS = (HIDDEN_FOLDER, "notebooks", "helpable")
"""The course's own folders above a journal, innermost first: a learner's name is above them."""
SKIPPED = "skipped"
PARTLY_READ = "partly read"

Progress = Callable[[int, int, Path], None]
"""Called after each journal is read: (done, total, path)."""


@dataclass(frozen=True)
class Rewrite:
    """One saved rewrite, reduced to what the report needs."""

    pitch: str
    score: int
    broken: tuple[str, ...]
    original_score: int | None
    original_broken: tuple[str, ...] | None
    phrases: tuple[tuple[str, str], ...]  # (rule, phrase as written)
    text: str | None = None  # the rewrite's words, when the entry holds them


@dataclass(frozen=True)
class LearnerJournal:
    """One learner's usable entries, in file order."""

    name: str
    path: Path
    rewrites: tuple[Rewrite, ...]
    reflections: int

    def latest(self) -> dict[str, Rewrite]:
        """The last saved rewrite of each pitch, by pitch."""
        found: dict[str, Rewrite] = {}
        for rewrite in self.rewrites:
            found[rewrite.pitch] = rewrite
        return found


@dataclass(frozen=True)
class JournalIssue:
    """A journal that was skipped, or only partly read, and why."""

    name: str
    path: Path
    status: str  # SKIPPED or PARTLY_READ
    reason: str


@dataclass
class ClassData:
    """Everything read from a class's journals."""

    learners: list[LearnerJournal] = field(default_factory=list)
    issues: list[JournalIssue] = field(default_factory=list)
    files: int = 0


def find_journals(paths: Iterable[str | Path]) -> tuple[list[Path], list[JournalIssue]]:
    """The journal files in ``paths`` (files as given; folders searched for ``*.jsonl``).

    Hidden files and folders are passed over, except the journal in a
    ``.helpable`` folder. A path that does not exist becomes an issue. A
    ``*.recovered-N.jsonl`` file whose journal is also found is left out: the
    journal reads it. A learner with journals in both places is still listed
    twice here; :func:`collect` reads one (see :func:`one_per_learner`).
    """
    found: dict[Path, None] = {}
    issues: list[JournalIssue] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for item in sorted(path.rglob(f"*{JOURNAL_SUFFIX}")):
                if item.is_file() and _shown(item.relative_to(path).parts):
                    found.setdefault(item.resolve(), None)
        elif path.is_file():
            found.setdefault(path.resolve(), None)
        else:
            issues.append(JournalIssue(path.name, path, SKIPPED, "there is no such file or folder"))
    names = set(found)
    kept = []
    for item in found:
        owner = recovery_owner(item)
        if owner is not None and owner in names:  # read with its journal, not as a learner
            continue
        kept.append(item)
    return kept, issues


def _is_default_journal(path: Path) -> bool:
    """``my_journal.jsonl``, or one of its recovery files."""
    return (recovery_owner(path) or path).name == DEFAULT_FILENAME


def _shown(relative: tuple[str, ...]) -> bool:
    """A file found in a folder is read unless it is hidden, or inside a hidden folder.

    The course's own ``.helpable`` folder is the one exception: the journal is kept there.
    """
    *folders, name = relative
    if name.startswith("."):
        return False
    if folders and folders[-1] == HIDDEN_FOLDER and _is_default_journal(Path(name)):
        folders.pop()
    return not any(part.startswith(".") for part in folders)


def _in_hidden_folder(path: Path) -> bool:
    return path.parent.name == HIDDEN_FOLDER and _is_default_journal(path)


def one_per_learner(files: Sequence[Path]) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """Keep one journal per learner folder: (files to read, [(file left out, file read)]).

    ``X/.helpable/my_journal.jsonl`` and ``X/my_journal.jsonl`` are the same
    learner's journal in its new and its old place; the new one is the one the
    course uses (see :func:`helpable.journal.store.default_path`), so it is read.
    """
    newer = {path.parent.parent: path for path in files if _in_hidden_folder(path)}
    kept: list[Path] = []
    left_out: list[tuple[Path, Path]] = []
    for path in files:
        if _is_default_journal(path) and not _in_hidden_folder(path) and path.parent in newer:
            left_out.append((path, newer[path.parent]))
        else:
            kept.append(path)
    return kept, left_out


def _learner_folder(path: Path) -> str:
    """The name of the folder above the course's own folders, or the nearest folder's name."""
    folder = path.parent
    for course_folder in COURSE_FOLDERS:
        if folder.name == course_folder and folder.parent.name:
            folder = folder.parent
    return folder.name


def learner_names(files: Sequence[Path]) -> list[str]:
    """A unique, readable name for each journal, from its file (or learner folder) name."""
    base = []
    for path in files:
        stem = path.stem
        if stem == DEFAULT_STEM and path.parent.name:
            stem = _learner_folder(path)
        base.append(stem)
    totals = Counter(base)
    seen: Counter[str] = Counter()
    names = []
    for stem in base:
        seen[stem] += 1
        names.append(stem if totals[stem] == 1 else f"{stem} ({seen[stem]})")
    return names


def _score(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if value != value or not 0 <= value <= 100:  # NaN or out of range
        return None
    return int(round(value))


def _rule_keys(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list | tuple) or not all(isinstance(k, str) for k in value):
        return None
    return tuple(k for k in RULE_KEYS if k in value)


def _phrases(findings: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(findings, list):
        return ()
    out = []
    for finding in findings:
        if isinstance(finding, dict):
            rule, phrase = finding.get("rule"), finding.get("phrase")
            if isinstance(rule, str) and isinstance(phrase, str) and phrase.strip():
                out.append((rule, phrase))
    return tuple(out)


def rewrite_from(entry: dict[str, Any]) -> Rewrite | None:
    """A :class:`Rewrite` from a journal entry, or None when it lacks a score or rule list."""
    score = _score(entry.get("score"))
    broken = _rule_keys(entry.get("broken"))
    if score is None or broken is None:
        return None
    pitch = entry.get("pitch_id") or entry.get("original") or entry.get("rewrite") or ""
    return Rewrite(
        pitch=str(pitch),
        score=score,
        broken=broken,
        original_score=_score(entry.get("original_score")),
        original_broken=_rule_keys(entry.get("original_broken")),
        phrases=_phrases(entry.get("findings")),
        text=entry["rewrite"] if isinstance(entry.get("rewrite"), str) else None,
    )


def _plain_problem(message: str, path: Path) -> str:
    """A journal problem, as an instructor needs it: the file's name, no advice to the learner."""
    message = message.replace(show_path(path), path.name)
    return message.split(" The file was left exactly as it is")[0]


def _joined(problems: Sequence[str]) -> str:
    """The first three problems, and how many more there are."""
    more = f" (and {len(problems) - 3} more problems)" if len(problems) > 3 else ""
    return "; ".join(problems[:3]) + more


def read_journal(path: Path, name: str) -> tuple[LearnerJournal | None, JournalIssue | None]:
    """Read one journal; return the learner (if any entry is usable) and any issue."""
    try:
        if path.stat().st_size == 0:
            return None, JournalIssue(name, path, SKIPPED, "the file is empty")
        journal = Journal(path, lock_timeout=0.5)
        entries = journal.entries()
        problems = [_plain_problem(p, path) for p in journal.problems]
    except (JournalError, OSError, ValueError) as exc:
        return None, JournalIssue(name, path, SKIPPED, f"it could not be read ({exc})")
    rewrites: list[Rewrite] = []
    reflections = unusable = 0
    for entry in entries:
        kind = entry.get("kind")
        if kind == "rewrite":
            rewrite = rewrite_from(entry)
            if rewrite is None:
                unusable += 1
            else:
                rewrites.append(rewrite)
        elif kind == "reflection" and isinstance(entry.get("text"), str):
            reflections += 1
    if unusable:
        noun = "entry was" if unusable == 1 else "entries were"
        problems.append(f"{unusable} rewrite {noun} missing a score or a list of rules")
    if not rewrites and not reflections:
        reason = "; ".join(problems[:3]) or "it has no saved rewrites or reflections"
        return None, JournalIssue(name, path, SKIPPED, reason)
    learner = LearnerJournal(name, path, tuple(rewrites), reflections)
    if problems:
        return learner, JournalIssue(name, path, PARTLY_READ, _joined(problems))
    return learner, None


def collect(paths: Iterable[str | Path], *, progress: Progress | None = None) -> ClassData:
    """Read every journal in ``paths``. Bad journals become issues; nothing raises."""
    found, issues = find_journals(paths)
    files, left_out = one_per_learner(found)
    names = learner_names(files)
    data = ClassData(issues=list(issues), files=len(found))
    name_of = dict(zip(files, names, strict=True))
    for path, read in left_out:
        folder = f"{read.parent.parent.name}/{read.parent.name}/"
        reason = (
            f"the same learner's journal in {folder} beside it was read instead "
            "(the course saves there now), so that nobody is counted twice"
        )
        data.issues.append(JournalIssue(name_of[read], path, SKIPPED, reason))
    for done, (path, name) in enumerate(zip(files, names, strict=True), start=1):
        learner, issue = read_journal(path, name)
        if learner is not None:
            data.learners.append(learner)
        if issue is not None:
            data.issues.append(issue)
        if progress is not None:
            progress(done, len(files), path)
    return data
