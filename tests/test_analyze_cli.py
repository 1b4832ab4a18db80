"""`python -m helpable check` and `evaluate`: output, files and exit codes (0, 1 data, 2 usage)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpable.cli import main as cli
from helpable.cli.check import PROGRESS_MIN_ROWS

ROOT = Path(__file__).resolve().parent.parent


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command line in-process; argparse errors become their exit code."""
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


# ----- check TEXT -------------------------------------------------------------------------


def test_check_prints_readable_feedback(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "Could you introduce me to your boss? Thanks!"], capsys)
    assert code == 0 and err == ""
    assert out.startswith("Score: ")
    assert "Rule 2 · Risk" in out and "Rule 3 · Commitment" in out
    assert '"introduc' in out.lower()
    assert "Why:" in out and "Try:" in out
    assert "Strengths:" in out


def test_check_json_is_to_dict(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "--json", "Keep me in mind!"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["broken"] == ["commitment"]
    assert data["findings"][0]["phrase"].startswith("Keep me")
    assert set(data) >= {"text", "broken", "findings", "strengths", "score", "word_count", "hint"}


def test_check_uses_setting_and_relationship(capsys: pytest.CaptureFixture[str]) -> None:
    text = "Great party! So, is your company hiring? Could you pass my resume along?"
    _, out, _ = run(["check", "--json", "--setting", "social_gathering", text], capsys)
    assert "risk" in json.loads(out)["broken"]
    assert any("social event" in note for note in json.loads(out)["notes"])  # said once
    _, out, _ = run(
        ["check", "--json", "--relationship", "close_friend", "Could you refer me?"], capsys
    )
    assert any("smaller" in note for note in json.loads(out)["notes"])


def test_check_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Could you introduce me to your boss?"))
    code, out, _ = run(["check", "--json", "-"], capsys)
    assert code == 0 and json.loads(out)["broken"] == ["commitment", "risk"]


def test_check_empty_text_is_fine_and_says_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "   "], capsys)
    assert code == 0
    assert "Write your pitch first" in out


# ----- check --csv ------------------------------------------------------------------------


def test_check_csv_writes_one_row_per_pitch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "class.csv",
        ["learner", "pitch"],
        [
            ["Ana", "Could you review my resume line by line?"],
            ["Ben", "Could we talk for 20 minutes, whenever suits you? Thanks!"],
            ["Cy", ""],
        ],
    )
    out_path = tmp_path / "out.csv"
    code, _, err = run(
        ["check", "--csv", str(source), "--column", "pitch", "--out", str(out_path)], capsys
    )
    assert code == 0
    assert "wrote" in err
    with out_path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["learner"] for r in rows] == ["Ana", "Ben", "Cy"]
    assert (rows[0]["effort"], rows[0]["risk"]) == ("1", "0")
    assert "review my" in rows[0]["findings"]
    assert int(rows[1]["score"]) >= 80 and rows[1]["findings"] == ""
    assert rows[2]["score"] == "0" and rows[2]["hint"].startswith("Write your pitch first")


def test_check_csv_uses_row_setting_and_prefixes_clashing_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "labelled.csv",
        ["text", "setting", "risk"],
        [["Great party! Is your company hiring? Could you pass my resume on?", "social_gathering", "1"]],
    )
    code, out, _ = run(["check", "--csv", str(source)], capsys)
    assert code == 0
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["risk"] == "1" and row["check_risk"] == "1" and row["check_effort"] in ("0", "1")


def test_check_csv_shows_progress_on_large_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [[f"Could you refer me, please? ({i})"] for i in range(PROGRESS_MIN_ROWS)]
    source = write_csv(tmp_path / "big.csv", ["text"], rows)
    code, _, err = run(["check", "--csv", str(source), "--out", str(tmp_path / "o.csv")], capsys)
    assert code == 0
    assert f"checked {PROGRESS_MIN_ROWS}/{PROGRESS_MIN_ROWS}" in err
    assert err.count("checked") >= 10


# ----- usage errors: exit 2, one line -----------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check"], "give a pitch"),
        (["check", "hi", "--csv", "x.csv"], "not both"),
        (["check", "hi", "--out", "o.csv"], "--out only works with --csv"),
        (["check", "--csv", "no-such-file.csv"], "no such file"),
        (["check", "--setting", "moon", "hi"], "invalid choice"),
        (["check", "--bogus", "hi"], "unrecognized arguments"),
        (["evaluate", "--misses", "-1"], "--misses"),
        (["evaluate", "--file", "no-such-file.csv"], "no such file"),
        (["no-such-command"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(argv, capsys)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_missing_column_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "class.csv", ["name", "pitch"], [["Ana", "hi"]])
    code, _, err = run(["check", "--csv", str(source), "--column", "text"], capsys)
    assert code == 2
    assert "has no column 'text'" in err and "name, pitch" in err


def test_unreadable_input_files_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"text\n\xff\xfe\x00bad")
    code, _, err = run(["check", "--csv", str(binary)], capsys)
    assert code == 2 and "not UTF-8" in err
    code, _, err = run(["check", "--csv", str(tmp_path)], capsys)
    assert code == 2 and "folder" in err


def test_unwritable_output_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "in.csv", ["text"], [["hi"]])
    target = tmp_path / "missing-folder" / "out.csv"
    code, _, err = run(["check", "--csv", str(source), "--out", str(target)], capsys)
    assert code == 2 and "cannot write" in err


# ----- data errors: exit 1, one line ------------------------------------------------------


def test_a_broken_phrases_csv_exits_1_naming_row_and_column(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_copy / "phrases.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = list(csv.reader(lines))
    header = rows[0]
    rows[2][header.index("pattern")] = r"\bbroken (pattern"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    code, out, err = run(["check", "Could you refer me?"], capsys)
    assert code == 1 and out == ""
    assert err.startswith("helpable: data error: phrases.csv, row 3, column 'pattern':")
    assert len(err.strip().splitlines()) == 1


def test_a_broken_approaches_csv_makes_evaluate_exit_1(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_copy / "approaches.csv"
    text = path.read_text(encoding="utf-8")
    header, first, rest = text.split("\n", 2)
    cells = next(csv.reader([first]))
    cells[header.split(",").index("split")] = "train"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    path.write_text(f"{header}\n{buffer.getvalue()}{rest}", encoding="utf-8")
    code, _, err = run(["evaluate"], capsys)
    assert code == 1
    assert "approaches.csv, row 2, column 'split'" in err


# ----- evaluate ---------------------------------------------------------------------------


def test_evaluate_reports_every_held_out_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["evaluate", "--misses", "3"], capsys)
    assert code == 0
    assert out.startswith("grouped 5-fold cross-validation over authors")
    for heading in ("corpus test split", "approaches.csv test split", "unseen_pitches.csv"):
        assert heading in out
    for word in ("precision", "recall", "F1", "macro-F1", "exact match", "family", "ask: right on"):
        assert word in out
    assert "paraphrase" in out and "offer_response" in out  # the per-family table


def test_evaluate_one_split_of_the_approaches(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["evaluate", "--split", "test", "--misses", "2"], capsys)
    assert code == 0
    assert out.startswith("test: 74 pitches") and "dev:" not in out


def test_evaluate_a_labelled_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_csv(
        tmp_path / "mine.csv",
        ["id", "text", "effort", "risk", "commitment"],
        [
            ["m1", "Would you refer me for the analyst role?", "0", "1", "1"],
            ["m2", "Keep me in mind!", "0", "0", "1"],
            [
                "m3",
                "What do you enjoy about your work?",
                "0",
                "1",
                "0",
            ],  # labelled wrong on purpose
        ],
    )
    code, out, _ = run(["evaluate", "--file", str(source)], capsys)
    assert code == 0
    assert out.startswith("mine.csv: 3 pitches")
    assert "exact match 0.667" in out
    assert "m3: risk -> none" in out
    assert "risk -> none: 1" in out


def test_evaluate_file_without_label_columns_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "nolabels.csv", ["text"], [["hi"]])
    code, _, err = run(["evaluate", "--file", str(source)], capsys)
    assert code == 2 and "lacks column(s): effort, risk, commitment" in err


def test_python_m_helpable_runs_end_to_end() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "helpable", "check", "--json", "Could you refer me?"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["broken"] == ["commitment", "risk"]
    usage = subprocess.run(
        [sys.executable, "-m", "helpable", "check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert usage.returncode == 2 and usage.stderr.startswith("helpable: ")
