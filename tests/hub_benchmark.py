"""Numbers for the agency's JupyterHub (widgets/hub). Run: python tests/hub_benchmark.py [--people N]

Starts the hub on free loopback ports with its state in a temporary folder, signs up and approves N
people, and for each: signs in through the login form in Debian's headless Chromium and opens the
needs-assessment app until it is usable. Prints the hub's start time, the time from pressing
"Sign In" to a usable app (the person's server starting included), the time to open a second app in a
running server, and the memory (RSS) of the hub, the proxy, the book service, the idle culler, each
person's server and each app's Python kernel. Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from hub_harness import approve, sign_up, start_hub  # noqa: E402

from widgets.hub import proxy_command  # noqa: E402

USABLE = ".na-client-accommodation button"
NEEDS = "/voila/render/needs-assessment.ipynb"
PLAN = "/voila/render/individual-plan.ipynb"
MiB = 1024 * 1024


def kind(cmdline: list[str]) -> str:
    line = " ".join(cmdline)
    if "configurable-http-proxy" in line:
        return "proxy (configurable-http-proxy)"
    if "jupyterhub.singleuser" in line:
        return "person's server (Jupyter + Voila)"
    if "ipykernel" in line:
        return "app kernel (Python)"
    if "widgets.hub.book" in line:
        return "book service"
    if "jupyterhub_idle_culler" in line:
        return "idle culler"
    if "jupyterhub" in line:
        return "hub"
    return "other: " + line[:60]


def memory(hub) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for p in hub.processes():
        try:
            found.setdefault(kind(p.cmdline()), []).append(p.memory_info().rss / MiB)
        except Exception:  # a process that ended while we looked
            continue
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2)
    args = parser.parse_args()
    if proxy_command() is None:
        print("configurable-http-proxy is not installed: run `make hub-proxy`.")
        return 1
    from playwright.sync_api import sync_playwright

    total = time.perf_counter()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="toolkit-hub-bench-") as tmp:
        hub = start_hub(Path(tmp))
        try:
            rows.append(("hub start: command to login page and book through the proxy", f"{hub.started_in:.1f} s"))
            admin_password = "bench-admin-password-1"
            sign_up(hub.base, "admin", admin_password)
            to_app, to_server, second = [], [], []
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                pages = []
                for i in range(1, args.people + 1):
                    name, password = f"staff{i}", f"bench-staff-password-{i}"
                    sign_up(hub.base, name, password)
                    approve(hub.base, "admin", admin_password, name)
                    page = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
                    page.goto(hub.base + NEEDS)
                    page.locator("#username_input").fill(name)
                    page.locator("#password_input").fill(password)
                    start = time.perf_counter()
                    page.locator("#login_submit").click()
                    page.wait_for_url(f"**/user/{name}/**", timeout=180_000)
                    to_server.append(time.perf_counter() - start)
                    page.wait_for_selector(USABLE, timeout=180_000)
                    to_app.append(time.perf_counter() - start)
                    # A second app in the server that is already running: one more kernel.
                    other = page.context.new_page()
                    start = time.perf_counter()
                    other.goto(f"{hub.base}/user/{name}{PLAN}")
                    other.wait_for_selector(".ip-code input", timeout=180_000)
                    second.append(time.perf_counter() - start)
                    pages += [page, other]
                time.sleep(2)  # let the kernels settle before reading memory
                used = memory(hub)
                browser.close()
            for label, values in (
                ("Sign In pressed to the person's server running", to_server),
                ("Sign In pressed to a usable needs app (server start included)", to_app),
                ("second app (individual plan) in a running server", second),
            ):
                rows.append(
                    (label, f"median {statistics.median(values):.1f} s, max {max(values):.1f} s (n={len(values)})")
                )
            for label, values in sorted(used.items()):
                each = ", ".join(f"{v:.0f}" for v in values)
                rows.append((f"memory: {label}", f"{sum(values):.0f} MiB in {len(values)} ({each})"))
        finally:
            alive = hub.stop()
            rows.append(("processes left after the hub stopped", str(len(alive))))
    rows.append(("whole run", f"{time.perf_counter() - total:.1f} s"))
    width = max(len(label) for label, _ in rows)
    print(f"\nAgency JupyterHub, {args.people} people, each with two apps open (RSS memory)\n")
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
