"""Workshop mode: the cached catalogue (widgets.index), the warmed pool and its status
(widgets.pool), closed pages ending their kernel, and the serve command's options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from widgets import index
from widgets.pool import PoolWatch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from burst_benchmark import run_async  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- the cached catalogue
@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(folder))
    return folder


def test_the_catalogue_is_built_once_then_read_from_the_cache(cache, monkeypatch):
    cur, studies = index.load("en")
    files = list(cache.glob("en-*.pickle"))
    assert len(files) == 1
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    assert cur.programmes and studies
    # Compact: programmes keep what the apps show, not their session plans.
    prog = next(iter(cur.programmes.values()))
    assert prog.sessions == [] and prog.session_count >= 1 and prog.title

    def no_build(lang):
        raise AssertionError("built again although the cache is current")

    monkeypatch.setattr(index, "build", no_build)
    again, _ = index.load("en")
    assert set(again.programmes) == set(cur.programmes)


def test_a_changed_source_file_makes_a_new_copy(cache, tmp_path, monkeypatch):
    index.load("en")
    key = index.source_key("en")
    some = next(p for p in index._inputs("en") if p.suffix == ".yaml")
    st = some.stat()
    os.utime(some, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    try:
        assert index.source_key("en") != key
        index.load("en")
        assert len(list(cache.glob("en-*.pickle"))) == 1  # the stale copy is replaced, not kept
    finally:
        os.utime(some, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_copy_others_could_change_is_never_loaded(cache, monkeypatch):
    index.load("en")
    path = next(cache.glob("en-*.pickle"))
    path.chmod(0o666)
    built = []
    real = index.build
    monkeypatch.setattr(index, "build", lambda lang: built.append(lang) or real(lang))
    index.load("en")
    assert built == ["en"]


def test_a_broken_copy_is_made_again(cache):
    index.load("en")
    path = next(cache.glob("en-*.pickle"))
    path.write_bytes(b"not a pickle")
    path.chmod(0o600)
    cur, _ = index.load("en")
    assert cur.programmes


def test_an_unwritable_cache_still_gives_the_catalogue(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("x")
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(blocked / "sub"))
    cur, _ = index.load("en")
    assert cur.programmes


# --------------------------------------------------------------------------- the pool's watch
class FakeTask:
    def __init__(self, result=None):
        self._result = result

    def done(self):
        return self._result is not None

    def cancelled(self):
        return False

    def exception(self):
        return None

    def result(self):
        return self._result


class FakeKM:
    def __init__(self):
        self._pools = {}
        self._kernel_connections = {}
        self.kernels = set()
        self.shut = []
        self.warming_ids = set()

    def list_kernel_ids(self):
        return list(self.kernels)

    def _get_notebook_from_kernel(self, kid):
        return "needs-assessment.ipynb"

    def get_kernel(self, kid):
        raise KeyError(kid)

    async def shutdown_kernel(self, kid):
        self.shut.append(kid)
        self.kernels.discard(kid)


class Log:
    def __init__(self):
        self.lines = []

    def info(self, msg, *args):
        self.lines.append(msg % args if args else msg)

    debug = info


def _pooled(kid, rendered=False):
    return FakeTask({"kernel_id": kid, "task": FakeTask("done" if rendered else None)})


def test_status_counts_ready_warming_and_taken_kernels(tmp_path):
    km = FakeKM()
    (tmp_path / "k1").write_text("1")
    km._pools["needs-assessment.ipynb"] = [_pooled("k1"), _pooled("k2"), FakeTask()]
    km.kernels = {"k1", "k2", "k3", "k4"}
    km._kernel_connections = {"k3": 1}
    watch = PoolWatch(km, tmp_path, {"default": 1, "needs-assessment.ipynb": 3}, 60, Log(), "needs-assessment.ipynb")
    app = next(a for a in watch.snapshot() if a.name == "needs-assessment.ipynb")
    # k1 said it is ready; k2 started but its app is not built yet; one not started yet.
    assert (app.ready, app.warming, app.in_use, app.connected) == (1, 2, 2, 1)
    assert watch.ready_for() == 1
    status = json.loads(watch.status_json())
    assert status["ready_for"] == 1 and status["target"] == 3
    html = watch.status_html()
    assert "Ready for 1 of 3 people in the needs-assessment app." in html
    assert "<th scope=col>" in html


def test_ready_for_n_is_logged_once_when_the_pool_is_full(tmp_path):
    km = FakeKM()
    km._pools["workshop.ipynb"] = [_pooled("a"), _pooled("b")]
    log = Log()
    watch = PoolWatch(km, tmp_path, {"workshop.ipynb": 2}, 60, log, "workshop.ipynb")
    run_async(watch.tick())
    assert log.lines[-1] == "Workshop: ready for 0 of 2 people."
    (tmp_path / "a").write_text("1")
    (tmp_path / "b").write_text("1")
    run_async(watch.tick())
    run_async(watch.tick())
    full = [line for line in log.lines if line.startswith("Workshop: ready for 2 people")]
    assert len(full) == 1


def test_a_closed_page_ends_its_kernel_after_the_grace_time(tmp_path, monkeypatch):
    km = FakeKM()
    km._pools["needs-assessment.ipynb"] = [_pooled("pooled")]
    km.kernels = {"pooled", "open", "closed", "never", "warming"}
    km.warming_ids = {"warming"}
    km._kernel_connections = {"open": 1, "closed": 1}
    clock = [1000.0]
    monkeypatch.setattr("widgets.pool.time.monotonic", lambda: clock[0])
    log = Log()
    watch = PoolWatch(km, tmp_path, {"default": 1}, 120, log)
    run_async(watch.end_closed())  # both pages seen connected
    km._kernel_connections["closed"] = 0  # its tab was closed
    run_async(watch.end_closed())
    clock[0] += 119
    assert run_async(watch.end_closed()) == []  # a reload within the grace time keeps it
    clock[0] += 2
    # The closed page's kernel ends, and so does one whose page never connected (it never loaded).
    assert sorted(run_async(watch.end_closed())) == ["closed", "never"]
    # Pooled and warming kernels and open pages are left alone.
    clock[0] += 10_000
    assert run_async(watch.end_closed()) == []
    assert sorted(km.shut) == ["closed", "never"]
    assert "Ended 2 kernels whose pages were closed." in log.lines


def test_a_reconnected_page_keeps_its_kernel(tmp_path, monkeypatch):
    km = FakeKM()
    km.kernels = {"k"}
    km._kernel_connections = {"k": 1}
    clock = [0.0]
    monkeypatch.setattr("widgets.pool.time.monotonic", lambda: clock[0])
    watch = PoolWatch(km, tmp_path, {}, 60, Log())
    run_async(watch.end_closed())
    km._kernel_connections["k"] = 0
    run_async(watch.end_closed())
    clock[0] += 50
    km._kernel_connections["k"] = 1  # the network came back
    run_async(watch.end_closed())
    km._kernel_connections["k"] = 0
    clock[0] += 50
    assert run_async(watch.end_closed()) == []  # the clock started again at the new disconnect


# --------------------------------------------------------------------------- the serve command
@pytest.mark.parametrize(
    "args, words",
    [
        (["--workshop", "30", "--app", "nonsense"], "There is no app called 'nonsense'"),
        (["--workshop", "500"], "--workshop takes a number of people from 1 to 200."),
        (["--lang", "xx"], "--lang takes one of: en, cs, et, ru, ka."),
    ],
)
def test_bad_options_get_a_plain_message(args, words, built):
    result = subprocess.run(
        [sys.executable, "-m", "widgets.serve", "--port", "1", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_a_workshop_server_warms_the_pool_and_ends_closed_pages(built):
    """The real server: --workshop 2 warms two kernels (/status says so), two people take them
    through the real protocol, and their kernels end soon after their pages close."""
    sys.path.insert(0, str(ROOT / "tests"))
    from burst_benchmark import burst, start_server, status, wait_until_warm

    proc, base = start_server(["--workshop", "2", "--app", "needs-assessment", "--end-closed-after", "3"])
    try:
        assert wait_until_warm(base, ["needs-assessment"], 2, timeout=240) < 240
        now = status(base)
        assert now["workshop"] == "needs-assessment" and now["ready_for"] == 2 and now["target"] == 2
        with urllib.request.urlopen(base + "/status", timeout=10) as r:
            assert "Ready for 2 of 2 people" in r.read().decode()
        results = run_async(burst(base, "needs-assessment", 2, "en"))
        assert all("usable" in r for r in results), results
        assert all(r["widgets"] > 100 for r in results)
        # Both pages closed their connection: both kernels end within the grace time and a tick or two.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            app = next(a for a in status(base)["apps"] if a["app"] == "needs-assessment.ipynb")
            if app["in_use"] == 0:
                break
            time.sleep(1)
        assert app["in_use"] == 0, app
    finally:
        proc.terminate()
        proc.wait(timeout=30)
