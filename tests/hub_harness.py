"""Start the agency's JupyterHub (widgets/hub/jupyterhub_config.py) on loopback ports, for
tests/test_hub.py and tests/hub_benchmark.py: sign people up, approve them, stop everything."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

from widgets.hub import CONFIG, free_port

XSRF = re.compile(r'name="_xsrf" value="([^"]+)"')


@dataclass
class Hub:
    proc: subprocess.Popen
    base: str
    state: Path
    log: Path
    started_in: float  # seconds from the command to the login page and the book served through the proxy
    _log_file: object = field(default=None, repr=False)

    def processes(self) -> list[psutil.Process]:
        """The hub and everything it started: the proxy, the services, the people's servers and their kernels."""
        try:
            hub = psutil.Process(self.proc.pid)
            return [hub, *hub.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def stop(self, timeout: float = 30) -> list[psutil.Process]:
        """Stop the hub as an administrator would (Ctrl+C); returns the processes still alive after it."""
        family = self.processes()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        _gone, alive = psutil.wait_procs(family, timeout=10)
        for p in alive:  # never leave anything behind, but report it
            p.kill()
        if self._log_file:
            self._log_file.close()
        return alive

    def tail(self, n: int = 60) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])


def start_hub(state: Path, timeout: float = 60) -> Hub:
    """The hub as an agency runs it, on free loopback ports, with its state (and the register) in ``state``."""
    state.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {
        **os.environ,
        "TOOLKIT_HUB_STATE": str(state / "hub"),
        "TOOLKIT_HUB_IP": "127.0.0.1",
        "TOOLKIT_HUB_PORT": str(port),
        "TOOLKIT_REGISTER_DB": str(state / "register.sqlite"),
    }
    cmd = [
        sys.executable,
        "-m",
        "jupyterhub",
        "-f",
        str(CONFIG),
        f"--JupyterHub.hub_port={free_port()}",
        f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}",
    ]
    log = state / "hub.log"
    log_file = open(log, "w")  # noqa: SIM115
    begun = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=state, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    hub = Hub(proc, base, state, log, 0.0, log_file)
    deadline = time.monotonic() + timeout
    while True:
        try:
            # The login page through the proxy, and the book service (it starts beside the hub).
            if requests.get(base + "/hub/login", timeout=2).status_code == 200:
                if requests.get(base + "/book/index.html", timeout=2).status_code not in (502, 503):
                    break
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            hub.stop()
            raise RuntimeError("the hub did not start:\n" + hub.tail())
        time.sleep(0.2)
    hub.started_in = time.perf_counter() - begun
    return hub


def _form(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30)
    page.raise_for_status()
    found = XSRF.search(page.text)
    assert found, f"no _xsrf field on {url}"
    return found.group(1)


def sign_up(base: str, name: str, password: str) -> str:
    """Sign up through the hub's form, as a new member of staff does; returns the page's message."""
    with requests.Session() as s:
        xsrf = _form(s, base + "/hub/signup")
        data = {"_xsrf": xsrf, "username": name, "signup_password": password, "signup_password_confirmation": password}
        reply = s.post(base + "/hub/signup", data=data, timeout=30)
        reply.raise_for_status()
        return reply.text


def log_in(session: requests.Session, base: str, name: str, password: str) -> bool:
    """Sign in through the login form (with its _xsrf); True when the hub let the person in."""
    xsrf = _form(session, base + "/hub/login")
    data = {"_xsrf": xsrf, "username": name, "password": password}
    reply = session.post(base + "/hub/login", data=data, allow_redirects=False, timeout=30)
    return reply.status_code == 302 and any(c.name.startswith("jupyterhub-session") for c in session.cookies)


def approve(base: str, admin: str, password: str, name: str) -> None:
    """The administrator approves a new account at /hub/authorize."""
    with requests.Session() as s:
        assert log_in(s, base, admin, password), "the administrator could not sign in"
        page = s.get(base + "/hub/authorize", timeout=30).text
        assert name in page
        s.get(f"{base}/hub/authorize/{name}", timeout=30).raise_for_status()
