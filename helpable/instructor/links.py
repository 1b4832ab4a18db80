"""Links that open the course for a class: on a JupyterHub (nbgitpuller) or on Binder.

``COURSE_REPO`` is the one place that names the course's repository. **A fork
should change it** to its own URL, so that every link the tools print points
at the fork.

nbgitpuller link (the format of nbgitpuller's own link generator)::

    <hub>/hub/user-redirect/git-pull?repo=<repo>&urlpath=<app>/tree/<repo dir>/<path>&branch=<b>

Each value is URL-encoded. ``<repo dir>`` is the folder nbgitpuller clones
into: the last part of the repository URL, without ``.git``. For a URL whose
last part nbgitpuller would use differently (one ending in ``.git``), the link
also says ``&targetpath=<repo dir>``. The hub must have nbgitpuller installed.

Binder link (mybinder.org)::

    https://mybinder.org/v2/gh/<owner>/<name>/<branch>?urlpath=<app>/tree/<path>
"""

from __future__ import annotations

import re
from typing import TypedDict, Unpack
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

COURSE_REPO = "https://github.com/helpable-course/helpable"
"""The course's Git repository. A fork should change this to its own URL."""

DEFAULT_BRANCH = "main"
START_PATH = "notebooks/00_start_here.ipynb"
BINDER_HUB = "https://mybinder.org"

APPS: dict[str, str] = {
    "lab": "lab/tree/",
    "classic": "tree/",
    "voila": "voila/render/",
}
"""Where each app opens a file, relative to the user's server (nbgitpuller's ``urlpath``)."""

# Pages of a JupyterHub that people often copy instead of its base URL.
_HUB_PAGE = re.compile(r"/(?:hub|user)(?:/.*)?$")


class LinkError(ValueError):
    """A hub URL, repository, path or app that cannot make a working link."""


class Where(TypedDict, total=False):
    """Which course a link opens, and in what; each left out is the course's own.

    ``repo`` (default ``COURSE_REPO``), ``branch`` (``DEFAULT_BRANCH``), ``path``
    in the repository (``START_PATH``) and ``app``, a key of ``APPS`` (``"lab"``).
    Every link function takes these as keyword arguments.
    """

    repo: str
    branch: str
    path: str
    app: str


def check_hub_url(hub: str) -> str:
    """Return the hub's base URL, ending in ``/``; a friendly LinkError if it is not usable.

    A copied page such as ``https://hub.example.edu/hub/home`` or
    ``.../user/ana/lab`` is cut back to the hub's base URL.
    """
    text = str(hub or "").strip()
    if not text:
        raise LinkError("Give the hub's web address, like https://hub.example.edu")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LinkError(
            f"{text!r} is not a web address. Start it with https:// "
            "(for example https://hub.example.edu)."
        )
    if parts.username or parts.password:
        raise LinkError("Take the user name and password out of the hub address.")
    if parts.query or parts.fragment:
        raise LinkError(
            f"{text!r} has a '?' or '#' part. Give only the hub's address, "
            "like https://hub.example.edu"
        )
    path = _HUB_PAGE.sub("", parts.path).rstrip("/") + "/"
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, "", ""))


def repo_dir(repo: str) -> str:
    """The folder name nbgitpuller clones ``repo`` into (its last part, without ``.git``)."""
    text = str(repo or "").strip().rstrip("/")
    name = re.split(r"[/:]", text)[-1] if text else ""
    name = name[:-4] if name.endswith(".git") else name
    if not name or name in (".", ".."):
        raise LinkError(f"Cannot tell the repository's name from {repo!r}.")
    return name


def _check_repo(repo: str) -> str:
    text = str(repo or "").strip()
    parts = urlsplit(text)
    web = parts.scheme in ("http", "https")
    if (
        not text
        or any(ch.isspace() for ch in text)
        or (web and (not parts.netloc or not parts.path.strip("/")))
    ):
        raise LinkError(f"{repo!r} is not a repository address, like {COURSE_REPO}")
    repo_dir(text)
    return text


def _check_path(path: str) -> str:
    text = str(path or "").strip().replace("\\", "/").lstrip("/")
    if not text:
        raise LinkError("Give the notebook's path in the repository, like " + START_PATH)
    if any(part == ".." for part in text.split("/")):
        raise LinkError(f"The path {path!r} must stay inside the repository (no '..').")
    return text


def _check_branch(branch: str) -> str:
    text = str(branch or "").strip()
    if not text or any(ch.isspace() for ch in text) or text.startswith("-"):
        raise LinkError(f"{branch!r} is not a branch name, like {DEFAULT_BRANCH}")
    return text


def _app_prefix(app: str) -> str:
    if app not in APPS:
        raise LinkError(f"Unknown app {app!r}. Choose one of: {', '.join(APPS)}.")
    return APPS[app]


def _checked(where: Where) -> tuple[str, str, str, str]:
    """(repo, branch, app prefix, path) of ``where``, with defaults; a LinkError if unusable."""
    return (
        _check_repo(where.get("repo", COURSE_REPO)),
        _check_branch(where.get("branch", DEFAULT_BRANCH)),
        _app_prefix(where.get("app", "lab")),
        _check_path(where.get("path", START_PATH)),
    )


def nbgitpuller_path(**where: Unpack[Where]) -> str:
    """The nbgitpuller part of a link, relative to a learner's server: ``git-pull?repo=...``.

    ``deploy/`` sets a hub's default URL to ``/`` + this, so that a learner who
    just logs in gets the course too. ``where`` is as :class:`Where` says.
    """
    repo, branch, prefix, path = _checked(where)
    folder = repo_dir(repo)
    params = {"repo": repo, "urlpath": f"{prefix}{folder}/{path}", "branch": branch}
    if nbgitpuller_folder(repo) != folder:
        params["targetpath"] = folder  # e.g. a URL ending in .git: say where to clone
    return f"git-pull?{urlencode(params)}"


def nbgitpuller_folder(repo: str) -> str:
    """The folder nbgitpuller clones into when the link names none (``.git`` kept).

    nbgitpuller 1.3 takes the repository URL's last part as it is, so
    ``.../my-fork.git`` would be cloned into ``my-fork.git``; the link then adds
    ``targetpath`` so that the course lands in ``my-fork``, as :func:`repo_dir` says.
    """
    return str(repo).strip().rstrip("/").split("/")[-1]


def nbgitpuller_link(hub: str, **where: Unpack[Where]) -> str:
    """An nbgitpuller link: a learner clicks it, the hub copies the course in and opens ``path``."""
    base = check_hub_url(hub)
    return f"{base}hub/user-redirect/{nbgitpuller_path(**where)}"


def binder_link(**where: Unpack[Where]) -> str:
    """A mybinder.org link that builds the repository and opens ``path`` in ``app``.

    GitHub repositories get the short ``/v2/gh/owner/name/branch`` form; any
    other Git URL uses ``/v2/git/<encoded URL>/branch``. ``where`` is as :class:`Where` says.
    """
    repo, branch, prefix, path = _checked(where)
    urlpath = prefix + path
    parts = urlsplit(repo)
    match = re.fullmatch(r"/([^/]+)/([^/]+?)(?:\.git)?/?", parts.path)
    if parts.netloc.lower() in ("github.com", "www.github.com") and match:
        spec = f"gh/{match.group(1)}/{match.group(2)}/{quote(branch, safe='')}"
    else:
        spec = f"git/{quote(repo, safe='')}/{quote(branch, safe='')}"
    return f"{BINDER_HUB}/v2/{spec}?urlpath={quote(urlpath, safe='/')}"
