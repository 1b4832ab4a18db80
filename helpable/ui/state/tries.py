"""How many times a learner has answered each exercise check wrongly, in this kernel.

:func:`helpable.ui.answers.check` and the answer widgets
(:class:`helpable.ui.state.exercise.ExerciseState`) keep one :class:`Tries`
(:data:`TRIES`) for the whole kernel, so a wrong answer given in the ✏️ cell and
one given in the widget count alike. It lives as long as the kernel and is never
saved. A wrong answer counts once: running the same wrong answer again (the
check cell re-run, or the same answer written another way, as grading reads
it) is not a new try.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Tries:
    """Wrong tries per check id, and the (graded) wrong answers already counted."""

    wrong: dict[str, int] = field(default_factory=dict)
    _seen: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def count(self, check_id: str) -> int:
        """How many different wrong answers this check has had."""
        return self.wrong.get(check_id, 0)

    def record_wrong(self, check_id: str, answer: str) -> int:
        """Count a wrong ``answer`` (as grading read it) once; return the check's tries."""
        seen = self._seen.setdefault(check_id, set())
        if answer not in seen:
            seen.add(answer)
            self.wrong[check_id] = self.count(check_id) + 1
        return self.count(check_id)

    def reset(self, check_id: str | None = None) -> None:
        """Forget one check's tries, or every check's."""
        if check_id is None:
            self.wrong.clear()
            self._seen.clear()
        else:
            self.wrong.pop(check_id, None)
            self._seen.pop(check_id, None)


TRIES = Tries()
"""The kernel's tries, used by :func:`helpable.ui.answers.check` and the answer widgets."""
