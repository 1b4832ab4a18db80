"""The nbgitpuller and Binder links, ``python -m helpable hub-link`` and tools/hub_link.py."""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from helpable.cli.main import main
from helpable.instructor.links import (
    COURSE_REPO,
    START_PATH,
    LinkError,
    binder_link,
    check_hub_url,
    nbgitpuller_link,
    repo_dir,
)

from .conftest import ROOT


def parts(link: str) -> tuple[str, str, dict[str, str]]:
    split = urlsplit(link)
    query = parse_qs(split.query, strict_parsing=True)
    assert all(len(v) == 1 for v in query.values()), query
    return split.netloc, split.path, {k: v[0] for k, v in query.items()}


def test_default_link_opens_the_start_notebook_in_lab() -> None:
    host, path, query = parts(nbgitpuller_link("https://hub.example.edu"))
    assert host == "hub.example.edu"
    assert path == "/hub/user-redirect/git-pull"
    assert query == {
        "repo": COURSE_REPO,
        "branch": "main",
        "urlpath": f"lab/tree/{COURSE_REPO.rsplit('/', 1)[-1]}/{START_PATH}",
    }


def test_every_value_is_url_encoded() -> None:
    link = nbgitpuller_link("https://hub.example.edu", path="notebooks/a b&c.ipynb")
    query = urlsplit(link).query
    assert "/" not in query and " " not in query and query.count("&") == 2
    assert parts(link)[2]["urlpath"].endswith("/notebooks/a b&c.ipynb")


@pytest.mark.parametrize(
    ("repo", "folder"),
    [
        ("https://github.com/someone/my-fork", "my-fork"),
        ("https://github.com/someone/my-fork.git", "my-fork"),
        ("https://gitlab.example.edu/group/sub/course/", "course"),
        ("git@github.com:someone/career-course.git", "career-course"),
    ],
)
def test_urlpath_uses_the_folder_nbgitpuller_clones_into(repo: str, folder: str) -> None:
    _, _, query = parts(
        nbgitpuller_link("https://hub.example.edu", repo, "spring", "notebooks/07.ipynb", "lab")
    )
    assert repo_dir(repo) == folder
    assert query["repo"] == repo and query["branch"] == "spring"
    assert query["urlpath"] == f"lab/tree/{folder}/notebooks/07.ipynb"


@pytest.mark.parametrize(("app", "prefix"), [("classic", "tree/"), ("voila", "voila/render/")])
def test_other_apps(app: str, prefix: str) -> None:
    _, _, query = parts(nbgitpuller_link("https://hub.example.edu", app=app))
    assert query["urlpath"].startswith(prefix + "helpable/")


@pytest.mark.parametrize(
    ("given", "base"),
    [
        ("https://hub.example.edu", "https://hub.example.edu/"),
        ("  https://Hub.Example.edu/  ", "https://hub.example.edu/"),
        ("https://example.edu/jupyter", "https://example.edu/jupyter/"),
        ("https://example.edu/jupyter/hub/home", "https://example.edu/jupyter/"),
        ("https://hub.example.edu/user/ana/lab/tree/x.ipynb", "https://hub.example.edu/"),
        ("http://localhost:8000/hub/", "http://localhost:8000/"),
    ],
)
def test_hub_url_is_cut_back_to_its_base(given: str, base: str) -> None:
    assert check_hub_url(given) == base
    assert nbgitpuller_link(given).startswith(base + "hub/user-redirect/git-pull?")


@pytest.mark.parametrize(
    "hub",
    [
        "",
        "hub.example.edu",
        "ftp://hub.example.edu",
        "https://",
        "https://hub.example.edu/?next=/lab",
        "https://hub.example.edu/#top",
        "https://ana:secret@hub.example.edu",
        "javascript:alert(1)",
    ],
)
def test_bad_hub_urls_are_refused_with_a_plain_message(hub: str) -> None:
    with pytest.raises(LinkError) as caught:
        nbgitpuller_link(hub)
    message = str(caught.value)
    assert message and "Traceback" not in message and len(message) < 200


@pytest.mark.parametrize(
    "kwargs",
    [
        {"path": "../etc/passwd"},
        {"path": ""},
        {"app": "rstudio"},
        {"branch": "two words"},
        {"repo": ""},
        {"repo": "https://github.com/"},
    ],
)
def test_bad_parts_are_refused(kwargs: dict[str, str]) -> None:
    with pytest.raises(LinkError):
        nbgitpuller_link("https://hub.example.edu", **kwargs)


def test_binder_link_matches_the_readme_badge() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    badge = re.search(r"\]\((https://mybinder\.org/v2/[^)\s]+)\)", readme)
    assert badge, "README has no Binder badge"
    assert binder_link() == badge.group(1)


def test_binder_link_for_other_hosts_and_apps() -> None:
    link = binder_link("https://gitlab.com/a/b.git", "dev", "notebooks/x.ipynb", "voila")
    split = urlsplit(link)
    assert split.path == "/v2/git/https%3A%2F%2Fgitlab.com%2Fa%2Fb.git/dev"
    assert parse_qs(split.query) == {"urlpath": ["voila/render/notebooks/x.ipynb"]}


def test_hub_link_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hub-link", "https://hub.example.edu", "--branch", "fall"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == nbgitpuller_link("https://hub.example.edu", branch="fall")
    assert main(["hub-link", "hub.example.edu"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("hub_link: ") and "\n" not in err


def test_hub_link_options_reach_the_link(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--repo", "https://github.com/you/fork", "--path", "notebooks/07.ipynb"]
    assert main(["hub-link", "https://hub.example.edu", *argv, "--app", "voila"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == nbgitpuller_link(
        "https://hub.example.edu",
        "https://github.com/you/fork",
        "main",
        "notebooks/07.ipynb",
        "voila",
    )


def test_tools_hub_link_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "hub_link.py"), "https://hub.example.edu"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == nbgitpuller_link("https://hub.example.edu")
    bad = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "hub_link.py"), "hub.example.edu"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2 and bad.stderr.startswith("hub_link: ")
