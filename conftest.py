"""Settings for every test, notebooks included (nbval kernels inherit them)."""

from __future__ import annotations

import os
import tempfile

# Notebooks run under nbval must never write to a learner's real journal,
# and matplotlib must not write to the home folder.
_scratch = tempfile.mkdtemp(prefix="helpable-pytest-")
os.environ.setdefault("HELPABLE_JOURNAL", os.path.join(_scratch, "journal.jsonl"))
os.environ.setdefault("MPLCONFIGDIR", os.path.join(_scratch, "mpl"))
os.environ.setdefault("PYTHONHASHSEED", "0")
