"""The journal's plain sentences for a learner: a failed save, a damaged file, the status line.

The sentences are rows of ``data/strings.csv`` (see ``data/README.md``);
here they are chosen and filled in.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from helpable.journal import kiosk
from helpable.journal.lines import FileLines
from helpable.paths import COURSE_ROOT

MAX_LISTED = 5  # cut-off lines named one by one, per file


def say(key: str, **fields: object) -> str:
    """One sentence from ``data/strings.csv``, with its fields filled in."""
    from helpable.content import strings  # lazy: it loads pandas, which saving never needs

    return strings.say(key, **fields)


def say_count(count: int, one: str, many: str, **fields: object) -> str:
    """``one`` for a count of 1, else ``many`` with its ``{count}`` filled in."""
    from helpable.content import strings

    return strings.say_count(count, one, many, **fields)


def show_path(path: Path) -> str:
    """A path as a learner sees it: relative to the course folder when inside it."""
    try:
        return path.relative_to(COURSE_ROOT).as_posix()
    except ValueError:
        return str(path)


def save_failed(exc: BaseException, path: Path, *, env_var: str) -> str:
    """A plain sentence for an OS error met while saving to ``path``.

    Each cause has its own sentence: a full disk, a folder given as the file,
    a missing folder, a read-only file, a read-only folder (or drive), and
    anything else (with the system's own words for it, never an errno). When
    saving is refused, a file that is already there is what refused (adding
    to a file needs only the file's permission); otherwise it is the folder,
    which a new file needs. In kiosk mode the sentence never suggests a setting
    the visitor cannot change.
    """
    code = getattr(exc, "errno", None)
    file, folder = show_path(path), show_path(path.parent)
    if kiosk.enabled():  # a visitor cannot pick another file: no advice about settings
        detail = getattr(exc, "strerror", None) or say("journal.save.no_detail")
        return say("journal.save.kiosk_failed", detail=detail)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return say("journal.save.disk_full", file=file)
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return say("journal.save.is_folder", file=file)
    if isinstance(exc, FileNotFoundError | NotADirectoryError) or code in (
        errno.ENOENT,
        errno.ENOTDIR,
    ):
        return say("journal.save.no_folder", folder=folder, env_var=env_var)
    if code in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        if os.path.isfile(path):
            return say("journal.save.read_only_file", file=file, env_var=env_var)
        return say("journal.save.not_allowed", folder=folder, env_var=env_var)
    if code == errno.EROFS:
        return say("journal.save.not_allowed", folder=folder, env_var=env_var)
    detail = getattr(exc, "strerror", None) or say("journal.save.no_detail")
    return say("journal.save.failed", file=file, detail=detail)


def unreadable_reason(exc: OSError) -> str:
    """Why a file could not be read, in a few lower-case words."""
    if isinstance(exc, IsADirectoryError):
        return say("journal.file.is_folder")
    if isinstance(exc, PermissionError):
        return say("journal.file.permission")
    reason = exc.strerror or str(exc)
    return reason.lower() if reason else say("journal.save.no_detail")


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
    if older:
        parts.append(say_count(older, "journal.status.older_one", "journal.status.older_many"))
    if problems:
        parts.append(
            say_count(problems, "journal.status.problem_one", "journal.status.problems_many")
        )
    return " ".join(parts)
