"""Hardening of ``python -m helpable``: formulas in CSV cells, overwriting, pipes, encodings,
folders, and bad labels or contexts in the files a user names."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpable.cli import check
from helpable.cli.exit_codes import EXIT_DATA, EXIT_OK, EXIT_USAGE
from helpable.journal.store import Journal

from .test_analyze_cli import run

ROOT = Path(__file__).resolve().parent.parent
FORMULAS = ['=HYPERLINK("http://x.example","click")', "+1", "-2+3", "@SUM(A1:A2)", "\tx", "\rx"]
TIMEOUT = 120
"""Seconds before a subprocess counts as hung (generous: this is not a timing test)."""


def python_m(
    args: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m helpable ARGS`` in a subprocess, UTF-8 decoded with replacement."""
    return subprocess.run(
        [sys.executable, "-m", "helpable", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=TIMEOUT,
        check=False,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_file_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ----- 3. formulas in CSV cells -------------------------------------------------------------


def test_check_csv_file_neutralises_formulas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "in.csv", ["name", "text"], [[f, f] for f in FORMULAS])
    out = tmp_path / "out.csv"
    code, _, err = run(["check", "--csv", str(source), "--out", str(out)], capsys)
    assert code == EXIT_OK, err
    rows = read_file_rows(out)
    assert [r["text"] for r in rows] == ["'" + f for f in FORMULAS]
    assert [r["name"] for r in rows] == ["'" + f for f in FORMULAS]
    assert all(r["score"].isdigit() for r in rows)  # numbers stay numbers


def test_check_csv_to_stdout_neutralises_formulas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "in.csv", ["text"], [[f] for f in FORMULAS])
    code, out, _ = run(["check", "--csv", str(source)], capsys)
    assert code == EXIT_OK
    assert [r["text"] for r in read_rows(out)] == ["'" + f for f in FORMULAS]


def test_check_csv_leaves_plain_text_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = ["Could we talk for 10 minutes?", "a-b = c", "2+2"]
    source = write_csv(tmp_path / "in.csv", ["text"], [[p] for p in plain])
    code, out, _ = run(["check", "--csv", str(source)], capsys)
    assert code == EXIT_OK
    assert [r["text"] for r in read_rows(out)] == plain


@pytest.mark.parametrize("to_stdout", [False, True])
def test_journal_export_neutralises_formulas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], to_stdout: bool
) -> None:
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    for number, formula in enumerate(FORMULAS):
        journal.append({"kind": "rewrite", "rewrite": formula, "score": -number})
    out = tmp_path / "class.csv"
    target = "-" if to_stdout else str(out)
    code, stdout, err = run(["journal", "export", "--csv", target, "--journal", str(path)], capsys)
    assert code == EXIT_OK, err
    rows = read_rows(stdout) if to_stdout else read_file_rows(out)
    assert [r["rewrite"] for r in rows] == ["'" + f for f in FORMULAS]
    assert [r["score"] for r in rows] == [str(-n) for n in range(len(FORMULAS))]


def test_check_csv_keeps_line_breaks_inside_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A spreadsheet leaves a cell with a line separator (U+2028) or a form feed unquoted,
    # and a lone carriage return quoted: each is one cell, in one row, both ways.
    source = tmp_path / "in.csv"
    source.write_bytes('text\nHi\u2028Could you refer me?\nA\x0cB\n"one\rtwo"\n'.encode())
    out = tmp_path / "out.csv"
    code, _, err = run(["check", "--csv", str(source), "--out", str(out)], capsys)
    assert code == EXIT_OK, err
    expected = ["Hi\u2028Could you refer me?", "A\x0cB", "one\rtwo"]
    assert [r["text"] for r in read_file_rows(out)] == expected


# ----- 6. check --csv --out never overwrites by surprise --------------------------------------


def test_check_out_refuses_an_existing_file_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "in.csv", ["text"], [["Could you refer me?"]])
    out = tmp_path / "out.csv"
    out.write_text("keep me\n", encoding="utf-8")
    code, _, err = run(["check", "--csv", str(source), "--out", str(out)], capsys)
    assert code == EXIT_USAGE
    assert err.count("\n") == 1 and "already exists" in err and "--force" in err
    assert str(out) in err
    assert out.read_text(encoding="utf-8") == "keep me\n"

    code, _, err = run(["check", "--csv", str(source), "--out", str(out), "--force"], capsys)
    assert code == EXIT_OK, err
    assert read_file_rows(out)[0]["text"] == "Could you refer me?"


def test_check_out_writes_a_new_file_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "in.csv", ["text"], [["Could you refer me?"]])
    out = tmp_path / "new.csv"
    code, _, err = run(["check", "--csv", str(source), "--out", str(out)], capsys)
    assert code == EXIT_OK, err
    assert len(read_file_rows(out)) == 1


def _same_file_spellings(source: Path) -> list[str]:
    link = source.parent / "link.csv"
    link.symlink_to(source)
    hard = source.parent / "hard.csv"
    os.link(source, hard)
    return [
        str(source),
        f"{source.parent}/./{source.name}",
        f"{source.parent}/../{source.parent.name}/{source.name}",
        str(link),
        str(hard),
    ]


@pytest.mark.parametrize("force", [False, True])
def test_check_out_never_overwrites_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], force: bool
) -> None:
    source = write_csv(tmp_path / "in.csv", ["text"], [["Could you refer me?"]])
    before = source.read_bytes()
    for spelling in _same_file_spellings(source):
        argv = ["check", "--csv", str(source), "--out", spelling] + (["--force"] if force else [])
        code, out, err = run(argv, capsys)
        assert code == EXIT_USAGE, spelling
        assert err.count("\n") == 1 and "input" in err and spelling in err
        assert out == ""
        assert source.read_bytes() == before


def test_check_out_refuses_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_csv(tmp_path / "in.csv", ["text"], [["Could you refer me?"]])
    folder = tmp_path / "results"
    folder.mkdir()
    for extra in ([], ["--force"]):
        code, _, err = run(["check", "--csv", str(source), "--out", str(folder), *extra], capsys)
        assert code == EXIT_USAGE
        assert err.count("\n") == 1 and "is a folder" in err and str(folder) in err


# ----- 9. no tracebacks: pipes, encodings, folders --------------------------------------------


def _long_pitches(path: Path, rows: int = 150) -> Path:
    pitch = "Could we talk for 10 minutes about your work at the library? " * 20
    return write_csv(path, ["text"], [[f"{pitch} ({i}) 😀"] for i in range(rows)])


@pytest.mark.parametrize("kind", ["check", "journal"])
def test_a_pipe_closed_early_exits_quietly(tmp_path: Path, kind: str) -> None:
    if kind == "check":
        args = ["check", "--csv", str(_long_pitches(tmp_path / "in.csv"))]
    else:
        path = tmp_path / "journal.jsonl"
        journal = Journal(path)
        for i in range(400):
            journal.append({"kind": "rewrite", "rewrite": "Could we talk? " * 30 + str(i)})
        args = ["journal", "export", "--csv", "-", "--journal", str(path)]
    process = subprocess.Popen(
        [sys.executable, "-m", "helpable", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()  # like `| head -1`: read a little, then stop
    process.stdout.close()
    err = process.stderr.read().decode("utf-8", "replace")
    code = process.wait(timeout=TIMEOUT)
    assert first  # it did start writing
    assert "Traceback" not in err and "BrokenPipeError" not in err and "Exception" not in err
    assert code == EXIT_OK, err


CP1252 = {"PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}


@pytest.mark.parametrize(
    "args",
    [
        ["check", "Could you introduce me to your boss? 😀 Thanks!"],
        ["check", "--json", "Keep me in mind! 😀"],
    ],
)
def test_a_cp1252_stdout_gets_no_traceback(args: list[str]) -> None:
    done = python_m(args, env=CP1252)
    assert "Traceback" not in done.stderr and "UnicodeEncodeError" not in done.stderr
    assert done.returncode == EXIT_OK, done.stderr
    assert "Score" in done.stdout or '"score"' in done.stdout


def test_a_cp1252_stdout_gets_the_csv_too(tmp_path: Path) -> None:
    source = _long_pitches(tmp_path / "in.csv", rows=3)
    done = python_m(["check", "--csv", str(source)], env=CP1252)
    assert "Traceback" not in done.stderr
    assert done.returncode == EXIT_OK, done.stderr
    assert len(read_rows(done.stdout)) == 3


def test_a_cp1252_stdin_is_read_without_a_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "helpable", "check", "-"],
        input="Could you refer me? \u0081 😀".encode(),
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
        cwd=ROOT,
        env={**os.environ, **CP1252},
    )
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert done.returncode == EXIT_OK, err


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", "--csv", "{dir}"], EXIT_USAGE),
        (["evaluate", "--file", "{dir}"], EXIT_USAGE),
        (["check", "--csv", "{csv}", "--out", "{dir}"], EXIT_USAGE),
        (["check", "--csv", "{csv}", "--out", "{dir}", "--force"], EXIT_USAGE),
        (["report", "{journal}", "--out", "{dir}"], EXIT_USAGE),
        (["journal", "export", "--csv", "{dir}", "--journal", "{journal}"], EXIT_USAGE),
        (["journal", "export", "--csv", "{dir}", "--journal", "{journal}", "--force"], EXIT_USAGE),
        (["train", "--out", "{csv}"], EXIT_USAGE),
    ],
)
def test_a_folder_where_a_file_goes_is_one_friendly_line(
    tmp_path: Path, args: list[str], code: int
) -> None:
    folder = tmp_path / "results"
    folder.mkdir()
    source = write_csv(tmp_path / "in.csv", ["text"], [["Could you refer me?"]])
    journal = tmp_path / "ana.jsonl"
    Journal(journal).append({"kind": "rewrite", "rewrite": "Could you refer me?"})
    fields = {"dir": str(folder), "csv": str(source), "journal": str(journal)}
    done = python_m([a.format(**fields) for a in args])
    assert "Traceback" not in done.stderr
    assert done.returncode == code, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("helpable: ")
    named = str(source) if args[0] == "train" else str(folder)
    assert named in lines[0]
    assert "folder" in lines[0].replace(str(tmp_path), "")


@pytest.mark.parametrize(
    "error",
    [
        IsADirectoryError(21, "Is a directory", "/some/folder"),
        NotADirectoryError(20, "Not a directory", "/some/file/x"),
    ],
)
def test_a_folder_error_anywhere_is_a_data_error_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], error: OSError
) -> None:
    def broken(_args: object) -> int:
        raise error

    monkeypatch.setattr(check, "run", broken)
    code, _, err = run(["check", "hi"], capsys)
    assert code == EXIT_DATA
    assert err.count("\n") == 1 and str(error.filename) in err
    assert "folder" in err.replace(str(error.filename), "")


# ----- 13. labels and contexts in the files a user names ---------------------------------------


LABELLED = ["id", "text", "effort", "risk", "commitment"]


@pytest.mark.parametrize("bad", ["2", "yes", "", "-1", "0.5"])
def test_evaluate_file_refuses_labels_that_are_not_0_or_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    source = write_csv(
        tmp_path / "labelled.csv",
        LABELLED,
        [["a", "Could you refer me?", "0", "1", "1"], ["b", "Keep me in mind!", "0", "0", bad]],
    )
    code, out, err = run(["evaluate", "--file", str(source)], capsys)
    assert code == EXIT_USAGE
    assert out == "" and "F1" not in out
    assert err.count("\n") == 1
    assert "row 3" in err and "'commitment'" in err and repr(bad) in err and "0 or 1" in err


def test_evaluate_file_counts_further_bad_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "labelled.csv",
        LABELLED,
        [["a", "Could you refer me?", "yes", "1", "2"], ["b", "Hi", "0", "no", "0"]],
    )
    code, _, err = run(["evaluate", "--file", str(source)], capsys)
    assert code == EXIT_USAGE
    assert "row 2, column 'effort'" in err and "2 more" in err


def test_evaluate_file_takes_0_and_1_as_written_by_a_spreadsheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "labelled.csv",
        LABELLED,
        [
            ["a", "Could you refer me?", "0", "1.0", " 1 "],
            ["b", "Keep me in mind!", "0.0", "0", "1"],
        ],
    )
    code, out, err = run(["evaluate", "--file", str(source)], capsys)
    assert code == EXIT_OK, err
    assert "labelled.csv: 2 pitches" in out


def test_check_csv_warns_once_per_unknown_setting_or_relationship(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "class.csv",
        ["text", "setting", "relationship"],
        [
            ["Could you refer me?", "cafe", "stranger"],
            ["Could you refer me?", "workplace", "boss"],
            ["Could you refer me?", "cafe", ""],
            ["Could you refer me?", "", "boss"],
            ["Could you refer me?", "party", "stranger"],
        ],
    )
    code, out, err = run(["check", "--csv", str(source)], capsys)
    assert code == EXIT_OK
    assert len(read_rows(out)) == 5
    lines = err.strip().splitlines()
    assert len(lines) == 3, err
    cafe = next(line for line in lines if "'cafe'" in line)
    assert "row 2" in cafe and "column 'setting'" in cafe and "2 rows" in cafe
    boss = next(line for line in lines if "'boss'" in line)
    assert "row 3" in boss and "column 'relationship'" in boss
    party = next(line for line in lines if "'party'" in line)
    assert "row 6" in party and "1 row" in party
    assert all(line.startswith("helpable: ") for line in lines)


def test_check_csv_does_not_warn_about_a_column_the_command_line_overrides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "class.csv", ["text", "setting"], [["Could you refer me?", "cafe"]]
    )
    code, _, err = run(["check", "--csv", str(source), "--setting", "workplace"], capsys)
    assert code == EXIT_OK
    assert err == ""


def test_evaluate_file_warns_about_an_unknown_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "labelled.csv",
        [*LABELLED, "setting"],
        [["a", "Could you refer me?", "0", "1", "1", "bus stop"]],
    )
    code, out, err = run(["evaluate", "--file", str(source)], capsys)
    assert code == EXIT_OK
    assert "labelled.csv: 1 pitches" in out
    assert err.count("\n") == 1
    assert "row 2" in err and "column 'setting'" in err and "'bus stop'" in err


# ----- no command replaces its own input, even with --force -----------------------------------


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_journal_export_never_replaces_the_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], force: list[str]
) -> None:
    path = tmp_path / "journal.jsonl"
    Journal(path).append({"kind": "rewrite", "rewrite": "Could you refer me?"})
    before = path.read_bytes()
    argv = ["journal", "export", "--csv", str(path), "--journal", str(path), *force]
    code, _, err = run(argv, capsys)
    assert code == EXIT_USAGE
    assert err.count("\n") == 1 and "journal itself" in err
    assert path.read_bytes() == before


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_report_never_replaces_a_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], force: list[str]
) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    path = folder / "ana.jsonl"
    Journal(path).append({"kind": "rewrite", "rewrite": "Could you refer me?"})
    before = path.read_bytes()
    for journals in ([str(path)], [str(folder)]):
        code, _, err = run(["report", *journals, "--out", str(path), *force], capsys)
        assert code == EXIT_USAGE
        assert err.count("\n") == 1 and "one of the journals" in err
        assert path.read_bytes() == before
