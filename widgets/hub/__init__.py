"""The toolkit on JupyterHub, for an agency: each member of staff signs in and gets the apps in a
server of their own. The settings are in ``widgets/hub/jupyterhub_config.py``; the book page
``book/apps/agency-server.md`` says how to run it.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

CONFIG = Path(__file__).resolve().parent / "jupyterhub_config.py"
PROXY = "configurable-http-proxy"


def proxy_command() -> str | None:
    """configurable-http-proxy: the copy `make hub-proxy` installs in the venv (.venv/node/bin), else one on PATH."""
    own = Path(sys.prefix) / "node" / "bin"
    return shutil.which(PROXY, path=os.pathsep.join(p for p in (str(own), os.environ.get("PATH", "")) if p))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
