"""``python -m helpable journal``: info and CSV export, with friendly one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpable.cli.exit_codes import EXIT_DATA, EXIT_OK, EXIT_USAGE
from helpable.cli.main import main
from helpable.journal.store import STANDARD_COLUMNS, Journal

TEXTS = ["Could we talk for 10 minutes? 😀", "שלום, אפשר לשאול שאלה?", '<b>bold</b>, "quoted"']


def fill(path: Path) -> list[dict]:
    journal = Journal(path)
    for i, text in enumerate(TEXTS):
        journal.append({"kind": "rewrite", "rewrite": text, "broken": ["big_ask"] * i, "score": i})
    journal.append({"kind": "reflection", "text": "I learned to ask small."})
    return journal.entries()


def test_export_writes_a_csv(
    journal_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entries = fill(journal_path)
    out = tmp_path / "class.csv"
    assert main(["journal", "export", "--csv", str(out)]) == EXIT_OK
    assert f"Wrote {len(entries)} entries to {out}" in capsys.readouterr().out

    frame = pd.read_csv(out, keep_default_na=False)
    assert list(frame.columns)[: len(STANDARD_COLUMNS)] == list(STANDARD_COLUMNS)
    assert "text" in frame.columns
    assert list(frame["entry_id"]) == [e["entry_id"] for e in entries]
    assert list(frame["rewrite"][: len(TEXTS)]) == TEXTS
    assert frame.loc[2, "broken"] == '["big_ask", "big_ask"]'


def test_export_reads_the_journal_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "someone.jsonl"
    fill(path)
    out = tmp_path / "out.csv"
    assert main(["journal", "export", "--csv", str(out), "--journal", str(path)]) == EXIT_OK
    assert len(pd.read_csv(out)) == len(TEXTS) + 1


def test_export_refuses_to_overwrite_without_force(
    journal_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(journal_path)
    out = tmp_path / "class.csv"
    out.write_text("keep me\n", encoding="utf-8")

    assert main(["journal", "export", "--csv", str(out)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err and "--force" in err
    assert out.read_text(encoding="utf-8") == "keep me\n"

    assert main(["journal", "export", "--csv", str(out), "--force"]) == EXIT_OK
    assert len(pd.read_csv(out)) == len(TEXTS) + 1


def test_export_to_stdout(journal_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(journal_path)
    assert main(["journal", "export", "--csv", "-"]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.out.startswith(",".join(STANDARD_COLUMNS))
    assert "Wrote" in captured.err


def test_export_of_a_missing_journal_is_friendly(
    journal_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "class.csv"
    assert main(["journal", "export", "--csv", str(out)]) == EXIT_DATA
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no journal" in err and str(journal_path) in err
    assert "Traceback" not in err
    assert not out.exists()


def test_export_into_a_missing_folder_is_friendly(
    journal_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(journal_path)
    out = tmp_path / "no" / "such" / "folder.csv"
    assert main(["journal", "export", "--csv", str(out)]) == EXIT_DATA
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"could not write {out}" in err


def test_export_notes_problems_but_keeps_going(
    journal_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(journal_path)
    with journal_path.open("ab") as handle:
        handle.write(b'{"kind": "rewr')
    out = tmp_path / "class.csv"
    assert main(["journal", "export", "--csv", str(out)]) == EXIT_OK
    assert "cut off" in capsys.readouterr().err
    assert len(pd.read_csv(out)) == len(TEXTS) + 1


def test_info(journal_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["journal", "info"]) == EXIT_OK
    assert "Your journal is empty" in capsys.readouterr().out

    fill(journal_path)
    assert main(["journal", "info"]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"Your journal has {len(TEXTS) + 1} entries in {journal_path}" in out
    assert "rewrite 3, reflection 1" in out


def test_journal_without_an_action_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["journal"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "info, export, move or clear" in err


def test_export_without_csv_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["journal", "export"])
    assert caught.value.code == EXIT_USAGE
    assert "--csv" in capsys.readouterr().err


def test_python_dash_m(journal_path: Path, tmp_path: Path) -> None:
    fill(journal_path)
    out = tmp_path / "class.csv"
    done = subprocess.run(
        [sys.executable, "-m", "helpable", "journal", "export", "--csv", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert len(pd.read_csv(out)) == len(TEXTS) + 1


def test_journal_move_and_clear_treat_recovery_files_as_one(tmp_path) -> None:
    """At a shared desk the journal and its recovery files move and clear together."""
    import subprocess
    import sys

    desk = tmp_path / "desk"
    desk.mkdir()
    journal = desk / "my_journal.jsonl"
    journal.write_text('{"kind": "reflection", "text": "mine"}\n', encoding="utf-8")
    (desk / "my_journal.recovered-1.jsonl").write_text(
        '{"kind": "reflection", "text": "also mine"}\n', encoding="utf-8"
    )

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "helpable", "journal", *args, "--journal", str(journal)],
            capture_output=True,
            text=True,
            timeout=120,
        )

    done = tmp_path / "done"
    moved = cli("move", "--to", str(done))
    assert moved.returncode == 0, moved.stderr
    assert sorted(p.name for p in desk.iterdir() if not p.name.startswith(".")) == []
    assert sorted(p.name for p in done.iterdir()) == [
        "my_journal.jsonl",
        "my_journal.recovered-1.jsonl",
    ]
    journal.write_text('{"kind": "reflection", "text": "next visitor"}\n', encoding="utf-8")
    (desk / "my_journal.recovered-1.jsonl").write_text("{}\n", encoding="utf-8")
    refused = cli("clear")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert journal.exists()
    cleared = cli("clear", "--yes")
    assert cleared.returncode == 0, cleared.stderr
    assert not any(p.name.startswith("my_journal") for p in desk.iterdir())
    assert "Traceback" not in moved.stderr + refused.stderr + cleared.stderr
