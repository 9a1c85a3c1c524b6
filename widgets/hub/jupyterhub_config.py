# JupyterHub for an agency: every member of staff signs in and gets the toolkit's apps in a
# server of their own. The book page "Running the toolkit for an agency" (book/apps/agency-server.md)
# explains each step. Start it from the toolkit's folder:
#
#     make hub-proxy                                            # once: installs configurable-http-proxy
#     TOOLKIT_HUB_STATE=/srv/toolkit-hub .venv/bin/jupyterhub -f widgets/hub/jupyterhub_config.py
#
# Settings you may change are read from these environment variables (or edit the values below):
#
#   TOOLKIT_HUB_STATE        folder for the hub's own files: its database of accounts, its secret, the
#                            register, each person's working folder. Back it up. Default:
#                            ~/.local/share/reentry-toolkit-hub
#   TOOLKIT_HUB_IP           the address the hub listens on. Default 127.0.0.1 (this computer only).
#                            0.0.0.0 opens it to the network: then use HTTPS (TOOLKIT_HUB_SSL_CERT).
#   TOOLKIT_HUB_PORT         the port people open in the browser. Default 8000.
#   TOOLKIT_HUB_ADMIN        the name of the administrator's account. Default "admin".
#   TOOLKIT_HUB_IDLE_MINUTES a person's server is stopped after this many minutes without use. Default 60.
#   TOOLKIT_HUB_SSL_CERT     HTTPS certificate and key files (both, or neither).
#   TOOLKIT_HUB_SSL_KEY
#   TOOLKIT_REGISTER_DB      the register: an SQLite file or a PostgreSQL URL. Default: register.sqlite
#                            in the state folder.
#
# Everything stays on this computer: the hub, the proxy, the book and every person's server listen on
# it, and nothing is sent anywhere else.

import os
import sys
from pathlib import Path

from widgets.hub import free_port, proxy_command
from widgets.serve import APPS, HTML, JUPYTER_DATA

c = get_config()  # noqa: F821 (JupyterHub defines get_config for this file)

STATE = Path(os.environ.get("TOOLKIT_HUB_STATE") or Path.home() / ".local" / "share" / "reentry-toolkit-hub")
STATE.mkdir(parents=True, exist_ok=True, mode=0o700)
IP = os.environ.get("TOOLKIT_HUB_IP", "127.0.0.1")
REGISTER_DB = os.environ.get("TOOLKIT_REGISTER_DB") or str(STATE / "register.sqlite")

# ---- Where the hub listens, and its own files
c.JupyterHub.ip = IP
c.JupyterHub.port = int(os.environ.get("TOOLKIT_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"  # the hub's own port: for the proxy and the servers on this computer
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"  # accounts, approvals, logins
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
if os.environ.get("TOOLKIT_HUB_SSL_CERT"):
    c.JupyterHub.ssl_cert = os.environ["TOOLKIT_HUB_SSL_CERT"]
    c.JupyterHub.ssl_key = os.environ["TOOLKIT_HUB_SSL_KEY"]

# ---- The proxy: configurable-http-proxy, from npm (`make hub-proxy` installs it in .venv/node)
c.ConfigurableHTTPProxy.command = [proxy_command() or "configurable-http-proxy"]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# ---- Signing in: NativeAuthenticator. A person signs up with a name and a password; the
# administrator approves them at /hub/authorize before they can sign in. The administrator signs up
# first, under the TOOLKIT_HUB_ADMIN name, and needs no approval: do that before you open the hub to
# the network. Forgotten password: the administrator sets a new one at /hub/change-password/NAME.
c.JupyterHub.authenticator_class = "native"
ADMIN = os.environ.get("TOOLKIT_HUB_ADMIN", "admin")
c.Authenticator.admin_users = {ADMIN}
# NativeAuthenticator lets in only the people the administrator approved; the hub need not check again.
c.Authenticator.allow_all = True
c.NativeAuthenticator.open_signup = False  # every new account waits for approval
c.NativeAuthenticator.minimum_password_length = 10
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5  # then the account waits 10 minutes
c.NativeAuthenticator.seconds_before_next_try = 600

# ---- Each person's server: the apps, run by Voila inside a Jupyter server.
# All servers run as the account that runs the hub, each in its own folder under the state folder.
# Everyone who signs in is trusted as that account is: they share the register already. For a
# separate system account per person, make the accounts (same names as on the hub), run the hub as
# root and use instead:  c.JupyterHub.spawner_class = "localprocess"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "people" / "{username}")
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.notebook_dir = str(APPS)
c.Spawner.default_url = "/voila/render/workshop.ipynb"
c.Spawner.args = [
    "--ServerApp.terminals_enabled=False",
    "--VoilaConfiguration.template=toolkit",  # the toolkit's page: nothing loaded from outside
    "--VoilaConfiguration.show_tracebacks=False",
    # An app left open but unused ends its Python after 30 minutes; the work stays in the browser.
    "--MappingKernelManager.cull_idle_timeout=1800",
    "--MappingKernelManager.cull_interval=120",
    "--MappingKernelManager.cull_connected=False",
]
if os.geteuid() == 0 and c.JupyterHub.spawner_class == "simple":
    c.Spawner.args.append("--allow-root")  # better: run the hub as an ordinary account
c.Spawner.environment = {
    # The toolkit's Voila template, as `python -m widgets.serve` sets it.
    "JUPYTER_PATH": os.pathsep.join(p for p in (str(JUPYTER_DATA), os.environ.get("JUPYTER_PATH")) if p),
    "TOOLKIT_SERVE_HOST": IP,
    # The register: one for the whole agency; its log records the signed-in name.
    "TOOLKIT_REGISTER_DB": REGISTER_DB,
    "TOOLKIT_USER": lambda spawner: spawner.user.name,
}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60

# ---- Where people arrive: the book, which links to the apps (book/apps/*.md).
if not (HTML / "index.html").exists():
    print(f"No built book in {HTML}: the apps work, the book does not. Build it: make book", file=sys.stderr)
c.JupyterHub.default_url = "/book/index.html"
BOOK_PORT = free_port()
BOOK = f"http://127.0.0.1:{BOOK_PORT}"
c.Proxy.extra_routes = {f"/{p}/": BOOK for p in ("book", "voila", "cs", "et", "ru", "ka")}

# ---- Services: the book, and the idle culler that stops unused servers (their work stays in the
# browser; the next visit starts a new server).
IDLE_SECONDS = int(os.environ.get("TOOLKIT_HUB_IDLE_MINUTES", "60")) * 60
c.JupyterHub.services = [
    {"name": "book", "command": [sys.executable, "-m", "widgets.hub.book", f"--port={BOOK_PORT}"]},
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={IDLE_SECONDS}", "--cull-every=300"],
    },
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
