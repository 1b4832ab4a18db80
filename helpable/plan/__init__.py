"""The action plan (lesson 07): make and check a plan, then save it as .ics and CSV.

``plan`` makes and checks a plan; ``export`` writes and reads its files.
May import ``helpable.model``, ``helpable.analyzer``, ``helpable.journal``,
``helpable.content`` and ``helpable.paths``; never ``helpable.ui`` or above.
"""

from __future__ import annotations

from helpable.plan.export import (
    DEFAULT_NAME,
    OUTPUT_DIR_ENV,
    PRODID,
    SaveOutcome,
    event_uid,
    free_name,
    output_dir,
    read_plan,
    save_plan,
    save_plan_files,
    to_calendar,
    to_csv,
    to_ics,
)
from helpable.plan.plan import (
    COLUMNS,
    INPUT_COLUMNS,
    PlanError,
    Problem,
    check_plan,
    example_plan,
    make_plan,
    owns_next_step,
    parse_date,
    plan_for_map,
    plan_problems,
    row_problems,
    validate_plan,
    with_trust,
)

__all__ = [
    "COLUMNS",
    "DEFAULT_NAME",
    "INPUT_COLUMNS",
    "OUTPUT_DIR_ENV",
    "PRODID",
    "PlanError",
    "Problem",
    "SaveOutcome",
    "check_plan",
    "event_uid",
    "example_plan",
    "free_name",
    "make_plan",
    "output_dir",
    "owns_next_step",
    "parse_date",
    "plan_for_map",
    "plan_problems",
    "read_plan",
    "row_problems",
    "save_plan",
    "save_plan_files",
    "to_calendar",
    "to_csv",
    "to_ics",
    "validate_plan",
    "with_trust",
]
