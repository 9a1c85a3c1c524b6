from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "curriculum" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The tests, the apps they start and the notebooks they run never touch a real register.
_REGISTER_DIR = tempfile.mkdtemp(prefix="toolkit-register-")
atexit.register(shutil.rmtree, _REGISTER_DIR, ignore_errors=True)
os.environ["TOOLKIT_REGISTER_DB"] = str(Path(_REGISTER_DIR) / "register.sqlite")
# ... nor the rooms of a real group calibration exercise (widgets/rooms).
os.environ["TOOLKIT_ROOMS_DIR"] = str(Path(_REGISTER_DIR) / "rooms")
PG_ENV = "TOOLKIT_TEST_PG_URL"


def pytest_addoption(parser):
    parser.addoption(
        "--pg-url",
        default=os.environ.get(PG_ENV, ""),
        help=f"a PostgreSQL URL the register tests may wipe (default: ${PG_ENV}); without it they run on SQLite only",
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request, tmp_path: Path) -> str:
    """An empty register database: an SQLite file, and PostgreSQL when --pg-url or $TOOLKIT_TEST_PG_URL is given."""
    if request.param == "sqlite":
        return str(tmp_path / "register.sqlite")
    url = request.config.getoption("--pg-url")
    if not url:
        pytest.skip(f"no PostgreSQL for the register tests (set {PG_ENV} or --pg-url; `make test` does)")
    from sqlalchemy import create_engine, text

    from register.db import database_url

    engine = create_engine(database_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the real curriculum data that a test may break."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def run_cli(*args: str, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "curriculum"]
    if data is not None:
        cmd += ["--data", str(data)]
    return subprocess.run(cmd + list(args), cwd=ROOT, capture_output=True, text=True, timeout=2400)


HTML = ROOT / "_build" / "html"
from widgets.screenshots import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


@pytest.fixture(scope="session")
def built() -> str:
    """Build the book once per test run, as `make serve` does; the printable packs and Word handouts of
    every edition take minutes more, so the tests print a sample of them (tests/test_browser_print.py)."""
    result = run_cli("build", "--packs", "none")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    return output


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run `make test`, which installs it"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def book_server(app_server):
    """The built book, under /book/ on the toolkit's server."""
    return app_server + "/book"


@pytest.fixture(scope="session")
def app_server(request):
    """The book and the apps served by `python -m widgets.serve`, as `make serve` runs it.

    Set TOOLKIT_TEST_SERVER=http://127.0.0.1:PORT to test an already running server instead.
    """
    import os

    if os.environ.get("TOOLKIT_TEST_SERVER"):
        yield os.environ["TOOLKIT_TEST_SERVER"].rstrip("/")
        return
    request.getfixturevalue("built")

    port = free_port()
    log = open(ROOT / "_build" / "serve-test.log", "w")  # noqa: SIM115
    proc = start_server(port, log)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


def start_server(port: int, log) -> subprocess.Popen:
    """`python -m widgets.serve` on ``port`` (output to the open file ``log``), once it answers /health."""
    import time
    import urllib.request

    proc = subprocess.Popen(
        [sys.executable, "-m", "widgets.serve", "--port", str(port)], cwd=ROOT, stdout=log, stderr=log
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
            return proc
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError(f"the server did not start; see {log.name}") from None
            time.sleep(0.3)
