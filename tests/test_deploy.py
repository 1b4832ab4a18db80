"""The nbgitpuller and Binder links, ``python -m helpable hub-link`` and tools/hub_link.py."""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from helpable.cli.main import main
from helpable.instructor.links import (
    APPS,
    COURSE_REPO,
    START_PATH,
    LinkError,
    binder_link,
    check_hub_url,
    nbgitpuller_link,
    nbgitpuller_path,
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
        nbgitpuller_link(
            "https://hub.example.edu", repo=repo, branch="spring", path="notebooks/07.ipynb"
        )
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
    link = binder_link(
        repo="https://gitlab.com/a/b.git", branch="dev", path="notebooks/x.ipynb", app="voila"
    )
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
        repo="https://github.com/you/fork",
        branch="main",
        path="notebooks/07.ipynb",
        app="voila",
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


def nbgitpuller_clone_folder(query: dict[str, str]) -> str:
    """The folder nbgitpuller 1.3 clones into (nbgitpuller/handlers.py, UIHandler.get)."""
    return query.get("targetpath") or query["repo"].rstrip("/").split("/")[-1]


@pytest.mark.parametrize(
    "repo",
    [
        COURSE_REPO,
        "https://github.com/someone/my-fork.git",
        "https://gitlab.example.edu/group/sub/course/",
        "git@github.com:someone/career-course.git",
        "file:///srv/courses/helpable.git",
    ],
)
@pytest.mark.parametrize("app", ["lab", "voila"])
def test_the_link_opens_the_folder_nbgitpuller_clones_into(repo: str, app: str) -> None:
    _, _, query = parts(nbgitpuller_link("https://hub.example.edu", repo=repo, app=app))
    folder = nbgitpuller_clone_folder(query)
    assert folder == repo_dir(repo)
    assert query["urlpath"] == f"{APPS[app]}{folder}/{START_PATH}"


# --- deploy/: the JupyterHub configs -----------------------------------------------------

DEPLOY = ROOT / "deploy"
HUB_CONFIG = DEPLOY / "jupyterhub_config.py"
Z2JH = DEPLOY / "z2jh" / "config.yaml"


def load_hub_config(monkeypatch: pytest.MonkeyPatch, **env: str) -> tuple[object, dict]:
    """Run deploy/jupyterhub_config.py as JupyterHub does, with a fresh ``c``."""
    from traitlets.config import Config

    for name in ("HELPABLE_COURSE_REPO", "HELPABLE_COURSE_BRANCH", "HELPABLE_HUB_DOMAIN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = Config()
    namespace: dict = {"get_config": lambda: config, "__file__": str(HUB_CONFIG)}
    exec(compile(HUB_CONFIG.read_text(encoding="utf-8"), str(HUB_CONFIG), "exec"), namespace)
    return config, namespace


def z2jh() -> dict:
    import yaml

    loaded = yaml.safe_load(Z2JH.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _classes() -> dict[str, type]:
    from firstuseauthenticator import FirstUseAuthenticator
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator
    from jupyterhub.proxy import ConfigurableHTTPProxy
    from jupyterhub.spawner import Spawner
    from systemdspawner import SystemdSpawner

    return {
        cls.__name__: cls
        for cls in (
            JupyterHub,
            Authenticator,
            FirstUseAuthenticator,
            Spawner,
            SystemdSpawner,
            ConfigurableHTTPProxy,
        )
    }


def test_hub_config_sets_only_real_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    config, _ = load_hub_config(monkeypatch, HELPABLE_HUB_DOMAIN="hub.example.edu")
    classes = _classes()
    for section, values in config.items():
        assert section in classes, f"jupyterhub_config.py configures unknown {section}"
        traits = classes[section].class_trait_names(config=True)
        for name in values:
            assert name in traits, f"{section}.{name} is not a setting of {section}"
    assert config.JupyterHub.ssl_cert.endswith("/hub.example.edu/fullchain.pem")
    # The classes it names as strings exist.
    from jupyterhub.app import JupyterHub

    app = JupyterHub()
    for trait in ("authenticator_class", "spawner_class"):
        name = config.JupyterHub[trait]
        assert app.traits()[trait].validate(app, name), name


def test_hub_config_opens_lesson_00_like_hub_link(monkeypatch: pytest.MonkeyPatch) -> None:
    config, _ = load_hub_config(monkeypatch)
    assert config.Spawner.default_url == "/" + nbgitpuller_path()
    fork = "https://github.com/someone/my-fork.git"
    config, _ = load_hub_config(monkeypatch, HELPABLE_COURSE_REPO=fork)
    assert config.Spawner.default_url == "/" + nbgitpuller_path(repo=fork)


def test_hub_config_puts_the_learners_copy_on_pythonpath(monkeypatch: pytest.MonkeyPatch) -> None:
    config, _ = load_hub_config(monkeypatch)
    course_path = config.Spawner.environment["PYTHONPATH"]

    class User:
        name = "ana"

    class Dynamic:
        user = User()
        dynamic_users = True

    class Local:
        user = User()
        home_dir = "/tmp/homes/ana"

    assert course_path(Dynamic()) == "/var/lib/ana/helpable"
    assert course_path(Local()) == "/tmp/homes/ana/helpable"


def test_hub_config_runs_the_idle_culler_as_a_service(monkeypatch: pytest.MonkeyPatch) -> None:
    config, namespace = load_hub_config(monkeypatch)
    (service,) = config.JupyterHub.services
    assert service["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert f"--timeout={namespace['SERVER_IDLE']}" in service["command"]
    (role,) = config.JupyterHub.load_roles
    assert role["services"] == [service["name"]]
    assert {"list:users", "read:users:activity", "delete:servers"} <= set(role["scopes"])


def _mib(size: str) -> float:
    units = {"K": 1 / 1024, "M": 1, "G": 1024}
    return float(size[:-1]) * units[size[-1]]


def test_sizes_come_from_the_measured_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    _, namespace = load_hub_config(monkeypatch)
    results = (ROOT / "benchmarks" / "results.md").read_text(encoding="utf-8")
    peaks = [int(m) for m in re.findall(r"Peak kernel memory, .*?\| (\d+) MiB against", results)]
    assert peaks and namespace["HEAVIEST_KERNEL_MIB"] == max(peaks)
    per_learner = namespace["SERVER_MIB"] + namespace["HEAVIEST_KERNEL_MIB"]
    assert per_learner <= _mib(namespace["MEMORY_PER_LEARNER"]) < per_learner + 50
    assert _mib(namespace["MEMORY_LIMIT"]) >= namespace["SERVER_MIB"] + 3 * max(peaks)
    text = HUB_CONFIG.read_text(encoding="utf-8")
    assert "benchmarks/results.md" in text and "bench_hub.py" in text


def test_z2jh_config_matches_the_one_machine_config(monkeypatch: pytest.MonkeyPatch) -> None:
    config, namespace = load_hub_config(monkeypatch)
    values = z2jh()
    single = values["singleuser"]
    assert single["defaultUrl"] == config.Spawner.default_url
    assert single["extraEnv"]["PYTHONPATH"] == f"/home/jovyan/{repo_dir(COURSE_REPO)}"
    assert single["memory"] == {
        "guarantee": namespace["MEMORY_PER_LEARNER"],
        "limit": namespace["MEMORY_LIMIT"],
    }
    assert single["cpu"] == {
        "guarantee": namespace["CPU_GUARANTEE"],
        "limit": namespace["CPU_LIMIT"],
    }
    kernels = single["extraFiles"]["kernel-culling"]["data"]["MappingKernelManager"]
    prefix = "--MappingKernelManager."
    args = dict(a.removeprefix(prefix).split("=") for a in config.Spawner.args)
    assert {k: str(v).lower() for k, v in kernels.items()} == {
        k: v.lower() for k, v in args.items()
    }
    assert values["cull"]["enabled"] is True
    assert values["cull"]["timeout"] == namespace["SERVER_IDLE"]
    assert values["cull"]["every"] == namespace["CULL_EVERY"]
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == (
        config.JupyterHub.authenticator_class
    )


def test_z2jh_image_is_built_from_requirements_txt() -> None:
    dockerfile = (DEPLOY / "z2jh" / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY requirements.txt" in dockerfile
    pins = dict(
        line.split("==")
        for line in (DEPLOY / "requirements-hub.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    for package in ("jupyterhub", "nbgitpuller"):
        assert f"{package}=={pins[package]}" in dockerfile
    image = z2jh()["singleuser"]["image"]
    assert image["name"] in (DEPLOY / ".." / "docs" / "deploy.md").read_text(encoding="utf-8")


def test_dev_requirements_install_the_hub_packages() -> None:
    dev = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
    assert "-r deploy/requirements-hub.txt" in dev


# --- The guide's JupyterHub section shows the tested config, line by line -----------------


def guide_hub_section() -> str:
    guide = (ROOT / "instructors" / "guide.md").read_text(encoding="utf-8")
    match = re.search(
        r"^### On a JupyterHub, with an nbgitpuller link\n(.*?)(?=^### |^## |\Z)",
        guide,
        re.M | re.S,
    )
    assert match, "the guide has no JupyterHub section"
    return match.group(1)


def test_guide_hub_section_quotes_the_tested_configs() -> None:
    section = guide_hub_section()
    hub_lines = {line.strip() for line in HUB_CONFIG.read_text(encoding="utf-8").splitlines()}
    yaml_lines = {line.strip() for line in Z2JH.read_text(encoding="utf-8").splitlines()}
    blocks = re.findall(r"```(python|yaml)\n(.*?)```", section, re.S)
    assert {kind for kind, _ in blocks} == {"python", "yaml"}
    for kind, block in blocks:
        known = hub_lines if kind == "python" else yaml_lines
        for line in block.splitlines():
            if line.strip():
                assert line.strip() in known, (
                    f"the guide shows a {kind} line not in deploy/: {line}"
                )
    assert "deploy/jupyterhub_config.py" in section and "docs/deploy.md" in section
