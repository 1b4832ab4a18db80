"""The class report on a small class of journals, including a corrupt one and a torn one."""

from __future__ import annotations

import base64
import dataclasses
import html
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from helpable.cli.main import main
from helpable.content.rules import RULE_KEYS
from helpable.instructor import report
from helpable.instructor.collect import ClassData, collect
from helpable.instructor.summary import ClassSummary, summarise, tidy_phrase

EVIL_NAME = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert('hi')</script>"


def rewrite(
    pitch: str,
    score: int,
    broken: list[str],
    *,
    phrases: tuple[tuple[str, str], ...] = (),
    original_score: int = 30,
    original_broken: tuple[str, ...] = ("risk",),
) -> dict[str, Any]:
    """A rewrite entry shaped like the pitch workshop's."""
    return {
        "timestamp": "2026-01-05T10:00:00+00:00",
        "entry_id": f"{pitch}-{score}",
        "kind": "rewrite",
        "pitch_id": pitch,
        "original": f"The original pitch {pitch}",
        "rewrite": f"A rewrite of {pitch} that scores {score}",
        "broken": broken,
        "score": score,
        "original_broken": list(original_broken),
        "original_score": original_score,
        "findings": [
            {
                "rule": rule,
                "start": 0,
                "end": len(phrase),
                "phrase": phrase,
                "why": "",
                "try_instead": "",
            }
            for rule, phrase in phrases
        ],
    }


REFLECTION = {"kind": "reflection", "notebook": "01", "prompt": "What did you notice?", "text": "A"}

# Each good learner's entries, in the order they were saved.
CLASS: dict[str, list[dict[str, Any]]] = {
    "ana": [
        rewrite("p1", 40, ["risk"], phrases=(("risk", "refer me"),)),
        rewrite("p1", 92, []),  # her latest p1 breaks nothing
        rewrite(
            "p2",
            55,
            ["effort"],
            phrases=(("effort", "Look over my resume"),),
            original_score=20,
            original_broken=("effort",),
        ),
        REFLECTION,
    ],
    "ben": [
        rewrite("p1", 50, ["risk"], phrases=(("risk", "refer me."),)),
        rewrite(
            "p3",
            60,
            ["effort", "commitment"],
            phrases=(("effort", "look over  my resume"), ("commitment", "get back to me")),
            original_broken=("effort", "commitment"),
        ),
    ],
    "dee": [
        rewrite("p2", 45, ["effort"], phrases=(("effort", f"{SCRIPT} my resume"),)),
        rewrite("p4", 88, [], original_score=65, original_broken=()),
    ],
}
TORN = "ben"  # ben's journal ends with a save that was cut off
CORRUPT = f"carl{EVIL_NAME}"  # carl's file is not a journal at all, and its name is HTML


def write_journal(path: Path, entries: list[dict[str, Any]], tail: str = "") -> Path:
    lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
    path.write_text(lines + tail, encoding="utf-8")
    return path


def build_class(folder: Path) -> Path:
    """Write the fixture class into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, entries in CLASS.items():
        tail = '{"kind": "rewrite", "pitch_id": "p9", "rewr' if name == TORN else ""
        write_journal(folder / f"{name}.jsonl", entries, tail)
    (folder / f"{CORRUPT}.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff binary junk\nmore junk\n")
    (folder / "notes.txt").write_text("not a journal, and not *.jsonl", encoding="utf-8")
    return folder


def latest_by_pitch(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if entry["kind"] == "rewrite":
            found[entry["pitch_id"]] = entry
    return found


def finals() -> list[tuple[str, dict[str, Any]]]:
    return [(n, e) for n, entries in CLASS.items() for e in latest_by_pitch(entries).values()]


@pytest.fixture
def class_dir(tmp_path: Path) -> Path:
    return build_class(tmp_path / "class")


@pytest.fixture
def summary(class_dir: Path) -> ClassSummary:
    return summarise(collect([class_dir]))


def test_counts_learners_pitches_and_rewrites(summary: ClassSummary) -> None:
    assert summary.files == len(CLASS) + 1  # the corrupt one is found, then skipped
    assert summary.learners == len(CLASS)
    assert summary.pitches == len(finals())
    rewrites = sum(1 for entries in CLASS.values() for e in entries if e["kind"] == "rewrite")
    assert summary.rewrites == rewrites
    assert summary.reflections == sum(e["kind"] == "reflection" for v in CLASS.values() for e in v)
    assert summary.fixed == sum(1 for _, e in finals() if not e["broken"])
    json.dumps(summary.to_dict())  # JSON-safe


def test_rules_still_broken_use_each_pitchs_latest_rewrite(summary: ClassSummary) -> None:
    by_key = {row.key: row for row in summary.rules}
    assert list(by_key) == list(RULE_KEYS)
    for key in RULE_KEYS:
        after = [(n, e) for n, e in finals() if key in e["broken"]]
        assert by_key[key].after == len(after), key
        assert by_key[key].learners == len({n for n, _ in after}), key
        assert by_key[key].before == sum(key in e["original_broken"] for _, e in finals())
    # ana fixed p1 in her second try, so only ben still breaks risk
    assert by_key["risk"].learners == 1


def test_score_distributions(summary: ClassSummary) -> None:
    assert list(summary.scores_after) == sorted(e["score"] for _, e in finals())
    assert list(summary.scores_before) == sorted(e["original_score"] for _, e in finals())
    assert sum(summary.bands_after) == summary.pitches
    assert summary.bands_after[-1] == sum(e["score"] >= 90 for _, e in finals())


def test_top_phrases_are_tidied_and_counted_once_per_rewrite(summary: ClassSummary) -> None:
    counts: Counter[str] = Counter()
    for _, entry in finals():
        counts.update({tidy_phrase(f["phrase"]) for f in entry["findings"]})
    top = summary.phrases
    assert [p.phrase for p in top][0] == counts.most_common(1)[0][0] == "look over my resume"
    assert top[0].count == counts["look over my resume"] == 2
    assert len(top) == min(5, len(counts))
    assert all(p.count == counts[p.phrase] for p in top)


def test_top_five_only(tmp_path: Path) -> None:
    phrases = tuple(("effort", f"phrase {i}") for i in range(8))
    write_journal(tmp_path / "zoe.jsonl", [rewrite("p1", 40, ["effort"], phrases=phrases)])
    summary = summarise(collect([tmp_path]))
    assert len(summary.phrases) == 5


def test_bad_and_partial_journals_are_named_not_fatal(summary: ClassSummary) -> None:
    issues = {i.name: i for i in summary.issues}
    assert issues[CORRUPT].status == "skipped"
    assert issues[CORRUPT].file == f"{CORRUPT}.jsonl"
    assert issues[TORN].status == "partly read"
    assert "cut off" in issues[TORN].reason
    assert set(issues) == {CORRUPT, TORN}
    assert summary.skipped == 1 and summary.partly_read == 1


def test_empty_and_entryless_journals_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    write_journal(tmp_path / "odd.jsonl", [{"kind": "something else"}])
    write_journal(tmp_path / "noscore.jsonl", [{"kind": "rewrite", "pitch_id": "p1"}])
    data = collect([tmp_path])
    assert data.learners == []
    assert {i.name: i.status for i in data.issues} == dict.fromkeys(
        ("empty", "odd", "noscore"), "skipped"
    )


def test_recovered_file_belongs_to_its_journal(tmp_path: Path) -> None:
    write_journal(tmp_path / "ana.jsonl", [rewrite("p1", 40, ["risk"])], tail="stray text\n")
    write_journal(tmp_path / "ana.recovered-1.jsonl", [rewrite("p2", 90, [])])
    data = collect([tmp_path])
    assert [learner.name for learner in data.learners] == ["ana"]
    assert {r.pitch for r in data.learners[0].rewrites} == {"p1", "p2"}
    assert [i.status for i in data.issues] == ["partly read"]


def test_learner_names_come_from_files_or_folders(tmp_path: Path) -> None:
    for folder in ("ana", "ben"):
        (tmp_path / folder).mkdir()
        write_journal(tmp_path / folder / "my_journal.jsonl", [rewrite("p1", 90, [])])
    write_journal(tmp_path / "ana.jsonl", [rewrite("p1", 90, [])])
    names = sorted(learner.name for learner in collect([tmp_path]).learners)
    assert names == ["ana (1)", "ana (2)", "ben"]


def test_missing_path_is_an_issue_not_an_error(tmp_path: Path) -> None:
    data = collect([tmp_path / "nowhere.jsonl"])
    assert data.learners == [] and data.issues[0].status == "skipped"


def test_html_is_self_contained_with_embedded_charts(summary: ClassSummary) -> None:
    page = report.render_html(summary)
    assert re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", page) is None
    assert "<script" not in page.lower() and "<link" not in page.lower()
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"', page)
    assert len(images) == page.count("<img") >= 2
    for data, alt in images:
        assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")
        assert len(alt) > 40
    assert f"<h1>{summary.title}</h1>" in page


def test_learner_text_is_escaped(summary: ClassSummary) -> None:
    page = report.render_html(summary)
    assert SCRIPT not in page and "&lt;script&gt;" in page
    assert EVIL_NAME not in page and html.escape(CORRUPT) in page
    evil = dataclasses.replace(summary, title=SCRIPT)
    assert SCRIPT not in report.render_html(evil)


def test_corrupt_file_is_named_in_the_page(summary: ClassSummary) -> None:
    page = report.render_html(summary)
    assert html.escape(f"{CORRUPT}.jsonl") in page and f"{TORN}.jsonl" in page


def test_an_empty_class_still_renders() -> None:
    page = report.render_html(summarise(ClassData()))
    assert "<h1>" in page and "No scores yet" in page


def test_command_writes_and_refuses_to_overwrite(
    class_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.html"
    assert main(["report", str(class_dir), "--out", str(out)]) == 0
    first = out.read_text(encoding="utf-8")
    assert "<h1>Class report</h1>" in first
    assert main(["report", str(class_dir), "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == first
    assert main(["report", str(class_dir / "ana.jsonl"), "--out", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") != first


def test_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    with pytest.raises(SystemExit) as usage:
        main(["report"])
    assert usage.value.code == 2
    assert main(["report", str(tmp_path / "missing"), "--out", str(out)]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty"), "--out", str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err.strip().splitlines()
    assert all(line.startswith("helpable: ") for line in err)


def test_command_shows_progress_for_a_large_class(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(23):
        write_journal(tmp_path / f"learner{i:02d}.jsonl", [rewrite("p1", 50 + i, [])])
    assert main(["report", str(tmp_path), "--out", str(tmp_path / "r.html")]) == 0
    err = capsys.readouterr().err
    assert "read 10 of 23" in err and "read 20 of 23" in err and "read 23 of 23" in err


def test_summary_is_frozen_and_its_dict_is_plain_json(summary: ClassSummary) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.title = "changed"  # type: ignore[misc]
    plain = summary.to_dict()
    assert json.loads(json.dumps(plain)) == plain
    assert plain["rules"][0].keys() == {"key", "label", "before", "after", "learners"}
    assert plain["scores_after"] == list(summary.scores_after)
