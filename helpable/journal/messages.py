"""The journal's plain sentences for a learner: a failed save, a damaged file, the status line.

The sentences are rows of ``data/strings.csv`` (see ``data/README.md``);
here they are chosen and filled in.
"""

from __future__ import annotations

import errno
from pathlib import Path

from helpable.journal.lines import FileLines
from helpable.paths import COURSE_ROOT

MAX_LISTED = 5  # cut-off lines named one by one, per file


def say(key: str, **fields: object) -> str:
    """One sentence from ``data/strings.csv``, with its fields filled in."""
    from helpable.content import strings  # lazy: it loads pandas, which saving never needs

    return strings.say(key, **fields)


def show_path(path: Path) -> str:
    """A path as a learner sees it: relative to the course folder when inside it."""
    try:
        return path.relative_to(COURSE_ROOT).as_posix()
    except ValueError:
        return str(path)


def save_failed(exc: BaseException, path: Path, *, env_var: str) -> str:
    """A plain sentence for an OS error met while saving to ``path``."""
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return say("journal.save.disk_full", file=show_path(path))
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return say("journal.save.not_allowed", folder=show_path(path.parent), env_var=env_var)
    if isinstance(exc, IsADirectoryError):
        return say("journal.save.is_folder", file=show_path(path))
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return say("journal.save.failed", file=show_path(path), detail=detail)


def unreadable_reason(exc: OSError) -> str:
    """Why a file could not be read, in a few lower-case words."""
    if isinstance(exc, IsADirectoryError):
        return say("journal.file.is_folder")
    if isinstance(exc, PermissionError):
        return say("journal.file.permission")
    return (exc.strerror or str(exc)).lower()


def file_problems(state: FileLines, target: Path) -> list[str]:
    """Messages about one file's cut-off lines and damage; ``target`` is where entries go."""
    shown = show_path(state.path)
    kept = say("journal.problem.kept", target=show_path(target))
    if state.unreadable is not None:
        return [
            say(
                "journal.problem.unreadable",
                file=shown,
                reason=unreadable_reason(state.unreadable),
                kept=kept,
            )
        ]
    messages = []
    cut = list(state.cut)
    if state.tail is not None and state.tail[0] == "cut":
        cut.append(state.lines + 1)
    for line in cut[:MAX_LISTED]:
        messages.append(say("journal.problem.cut_off", file=shown, line=line))
    if len(cut) > MAX_LISTED:
        messages.append(
            say("journal.problem.more_cut_off", file=shown, count=len(cut) - MAX_LISTED)
        )
    bad = state.bad_first
    count = state.bad_count
    if state.tail is not None and state.tail[0] == "bad":
        bad = bad or (state.lines + 1, state.tail[1])
        count += 1
    if bad is not None:
        line, why = bad[0], say(bad[1])
        if count > 1:
            messages.append(
                say(
                    "journal.problem.damaged_more",
                    file=shown,
                    line=line,
                    why=why,
                    more=count - 1,
                    kept=kept,
                )
            )
        else:
            messages.append(
                say("journal.problem.damaged", file=shown, line=line, why=why, kept=kept)
            )
    return messages


def status_line(count: int, older: int, problems: int, where: str) -> str:
    """One line: how many entries, where new ones go, older files and problems."""
    if count == 0 and not older:
        parts = [say("journal.status.empty", where=where)]
    elif count == 1:
        parts = [say("journal.status.one", where=where)]
    else:
        parts = [say("journal.status.many", count=count, where=where)]
    if older == 1:
        parts.append(say("journal.status.older_one"))
    elif older:
        parts.append(say("journal.status.older_many", count=older))
    if problems == 1:
        parts.append(say("journal.status.problem_one"))
    elif problems:
        parts.append(say("journal.status.problems_many", count=problems))
    return " ".join(parts)
