"""The course map: the notebooks in order, with titles and time estimates.

The map lives in ``data/course.csv``. The start-here notebook, the navigation
cells, the README map and the structure checks all read it, so they agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpable.content.tables import Column, Schema, load_table, records

SCHEMA = Schema(
    filename="course.csv",
    unique="notebook",
    columns=(
        Column(
            "notebook",
            pattern=r"\d\d_[a-z0-9_]+",
            looks_like="01_some_slug (two digits, then a slug)",
        ),
        Column("title"),
        Column("minutes", kind="int", between=(1, 180)),
        Column("summary"),
    ),
)


@dataclass(frozen=True)
class Lesson:
    """One notebook in the course map."""

    notebook: str
    title: str
    minutes: int
    summary: str

    @property
    def filename(self) -> str:
        return f"{self.notebook}.ipynb"

    @property
    def number(self) -> int:
        return int(self.notebook[:2])


def lessons() -> list[Lesson]:
    """Return the course map in order."""
    frame = load_table(SCHEMA).sort_values("notebook")
    return [Lesson(**row) for row in records(frame)]


def total_minutes() -> int:
    """The whole course's time estimate, in minutes."""
    return sum(lesson.minutes for lesson in lessons())


def course_map_markdown(link_prefix: str = "") -> str:
    """A markdown table of the course, with links, titles and times."""
    lines = ["| # | Notebook | What you will do | Time |", "|---|---|---|---|"]
    for lesson in lessons():
        link = f"[{lesson.title}]({link_prefix}{lesson.filename})"
        lines.append(f"| {lesson.number:02d} | {link} | {lesson.summary} | {lesson.minutes} min |")
    lines.append(f"| | **Total** | | **about {round(total_minutes() / 60 * 4) / 4:g} hours** |")
    return "\n".join(lines)


def navigation_markdown(notebook: str) -> str:
    """The navigation line for one notebook: previous, index and next."""
    order = [lesson.notebook for lesson in lessons()]
    if notebook not in order:
        raise KeyError(f"{notebook!r} is not in data/course.csv")
    by_name = {lesson.notebook: lesson for lesson in lessons()}
    i = order.index(notebook)
    parts = []
    if i > 0:
        prev = by_name[order[i - 1]]
        parts.append(f"⬅ Previous: [{prev.title}]({prev.filename})")
    if notebook != order[0]:
        parts.append(f"🏠 [Course map]({order[0]}.ipynb)")
    if i < len(order) - 1:
        nxt = by_name[order[i + 1]]
        parts.append(f"Next: [{nxt.title}]({nxt.filename}) ➡")
    return " · ".join(parts)


def course_map() -> object:
    """The course map, displayed as a table in a notebook."""
    from IPython.display import Markdown

    return Markdown(course_map_markdown())  # type: ignore[no-untyped-call]
