"""JupyterHub for the helpable course on one Linux machine (The Littlest JupyterHub style).

docs/deploy.md walks through it from a bare machine. In short: install
deploy/requirements-hub.txt and the course's packages into /opt/helpable-hub,
install configurable-http-proxy with npm, copy this file to
/etc/jupyterhub/jupyterhub_config.py and start deploy/jupyterhub.service.

What it sets up:

* Learners pick a name and a password the first time they log in
  (FirstUseAuthenticator); no Linux accounts are needed.
* Each learner gets their own server in a systemd unit (SystemdSpawner with
  dynamic users), with their own home folder, /tmp and memory and CPU limits.
* Logging in (or clicking the class link) copies the course into the learner's
  home with nbgitpuller and opens lesson 00. ``python -m helpable hub-link URL``
  prints the same link; a learner's changes are kept when the course is updated.
* Idle kernels are shut down inside each server, and jupyterhub-idle-culler (a
  hub service) stops whole servers nobody has used for an hour. Saved work (the
  journal, the plan) is on disk and survives both.

The test ``tests/test_hub.py`` starts JupyterHub with this very file (loaded by
a test config that swaps in local-only parts: the dummy login, a local spawner,
free ports, short cull times) and three learners use lesson 06 through it.
"""

import os
import re
import sys
from urllib.parse import urlencode

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - JupyterHub provides it

# --- The course ---------------------------------------------------------------------------
# A fork sets HELPABLE_COURSE_REPO (in deploy/jupyterhub.service) to its own repository.
COURSE_REPO = os.environ.get("HELPABLE_COURSE_REPO", "https://github.com/helpable-course/helpable")
COURSE_BRANCH = os.environ.get("HELPABLE_COURSE_BRANCH", "main")
START_PATH = "notebooks/00_start_here.ipynb"
# The folder the course is cloned into: the repository's name, without .git
# (as `python -m helpable hub-link` says; helpable/instructor/links.py, repo_dir).
COURSE_FOLDER = re.split(r"[/:]", COURSE_REPO.strip().rstrip("/"))[-1].removesuffix(".git")

# Where the hub keeps its database, cookie secret and learners' passwords.
STATE_DIR = os.environ.get("HELPABLE_HUB_STATE", "/srv/jupyterhub")

# --- Sizes, from the measured figures --------------------------------------------------------
# benchmarks/bench_hub.py (docs/deploy.md, "Figures"), 3 learners at once on this
# hub: a learner's single-user server takes 161 MiB RSS, and lesson 06's kernel
# 140 MiB, so 302 MiB per learner. benchmarks/results.md: the heaviest lesson's
# kernel (05) peaks at 152 MiB, the others at 100-146 MiB.
SERVER_MIB = 161  # bench_hub.py: one learner's single-user server (RSS)
HEAVIEST_KERNEL_MIB = 152  # results.md: "Peak kernel memory, 05_trust_and_risk"
MEMORY_PER_LEARNER = "330M"  # server 161 + heaviest kernel 152 = 313 MiB, rounded up
MEMORY_LIMIT = "700M"  # server 161 + three kernels of 152 = 617 MiB (two lessons and a
# Voilà page open at once), rounded up. Past it, only that learner's kernel stops.
CPU_LIMIT = 1.0  # a kernel runs one Python thread: one core is all a learner uses at once
CPU_GUARANTEE = 0.05  # learners mostly read and type; 20 learners share one core at rest

# Idle times (seconds).
KERNEL_IDLE = 1200  # a lesson's kernel unused for 20 minutes is shut down
SERVER_IDLE = 3600  # a learner's whole server unused for an hour is stopped (idle culler)
CULL_EVERY = 300  # how often the idle culler looks

# --- Who may log in ------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
c.FirstUseAuthenticator.create_users = False  # dynamic users below: no Linux accounts
c.FirstUseAuthenticator.min_password_length = 8
c.FirstUseAuthenticator.dbm_path = os.path.join(STATE_DIR, "passwords.dbm")
c.Authenticator.allow_all = True  # anyone who can reach the hub may choose a name
c.Authenticator.admin_users = {"staff"}  # log in as "staff" first to claim it

# --- One server per learner ----------------------------------------------------------------
c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
c.SystemdSpawner.dynamic_users = True  # home folder /var/lib/<name>, made on first start
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.isolate_devices = True
c.SystemdSpawner.disable_user_sudo = True
c.Spawner.mem_limit = MEMORY_LIMIT
c.Spawner.cpu_limit = CPU_LIMIT
# SystemdSpawner enforces the limits only; the guarantees are the plan (RAM / 330M learners)
# and reach each server as MEM_GUARANTEE and CPU_GUARANTEE.
c.Spawner.mem_guarantee = MEMORY_PER_LEARNER
c.Spawner.cpu_guarantee = CPU_GUARANTEE
# The hub's own environment runs each learner's server (it holds the course's packages).
c.Spawner.cmd = [os.path.join(os.path.dirname(sys.executable), "jupyterhub-singleuser")]
c.Spawner.start_timeout = 120  # the first start of a machine can be slow
c.Spawner.http_timeout = 60


def course_path(spawner: object) -> str:
    """The learner's copy of the course, where the lessons import ``helpable`` from."""
    home = getattr(spawner, "home_dir", "")  # a local spawner knows the home folder
    name = spawner.user.name  # type: ignore[attr-defined]
    if not home:
        dynamic = getattr(spawner, "dynamic_users", False)
        home = f"/var/lib/{name}" if dynamic else os.path.expanduser(f"~{name}")
    return os.path.join(home, COURSE_FOLDER)


c.Spawner.environment = {"PYTHONPATH": course_path}

# Log in -> nbgitpuller copies (or updates) the course -> lesson 00 opens in JupyterLab.
# The same as `python -m helpable hub-link URL`, without the hub's address.
_PULL = {
    "repo": COURSE_REPO,
    "urlpath": f"lab/tree/{COURSE_FOLDER}/{START_PATH}",
    "branch": COURSE_BRANCH,
}
if COURSE_REPO.strip().rstrip("/").split("/")[-1] != COURSE_FOLDER:
    _PULL["targetpath"] = COURSE_FOLDER  # nbgitpuller would keep the .git
c.Spawner.default_url = "/git-pull?" + urlencode(_PULL)

# Inside each server: shut down idle kernels (each open lesson, and each Voilà page, holds one).
c.Spawner.args = [
    f"--MappingKernelManager.cull_idle_timeout={KERNEL_IDLE}",
    "--MappingKernelManager.cull_interval=120",
    "--MappingKernelManager.cull_connected=True",
]

# --- Stop idle servers: jupyterhub-idle-culler as a hub service ----------------------------
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={SERVER_IDLE}",
            f"--cull-every={CULL_EVERY}",
            "--concurrency=5",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]

# --- The hub itself ------------------------------------------------------------------------
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE_DIR, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE_DIR, "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE_DIR, "jupyterhub-proxy.pid")
c.JupyterHub.cleanup_servers = False  # restarting the hub leaves learners' servers running

# HTTPS: set HELPABLE_HUB_DOMAIN (deploy/jupyterhub.service) once certbot has a certificate.
DOMAIN = os.environ.get("HELPABLE_HUB_DOMAIN", "")
if DOMAIN:
    c.JupyterHub.bind_url = "https://:443"
    c.JupyterHub.ssl_cert = f"/etc/letsencrypt/live/{DOMAIN}/fullchain.pem"
    c.JupyterHub.ssl_key = f"/etc/letsencrypt/live/{DOMAIN}/privkey.pem"
else:
    c.JupyterHub.bind_url = "http://:80"  # only for a first try on a private network
