"""Performance numbers for the book and the apps. Run: python tests/benchmarks.py [--skip-book]

Prints a table; nothing here is a pass/fail test. It starts the project's own server on a free
loopback port and drives Debian's headless Chromium, so the apps are measured as people use them,
against a one-cell Voila notebook in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from burst_benchmark import start_server  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from register_benchmark import print_rows, register_rows  # noqa: E402

APPS = {
    "one-cell notebook": ("/voila/render/one-cell.ipynb", "button.jupyter-button"),
    "needs assessment": ("/voila/render/needs-assessment.ipynb", ".na-client-accommodation button"),
    "individual plan": ("/voila/render/individual-plan.ipynb", ".ip-code input"),
    "workshop (joined app)": ("/voila/render/workshop.ipynb", ".ws-step-1 .na-client-accommodation button"),
}


def book_times() -> list[tuple[str, str]]:
    rows = []
    for label, extra in (("book build, cold (empty _build)", ["--clean"]), ("book build, nothing changed", [])):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "curriculum", "build", *extra], cwd=ROOT, capture_output=True, text=True
        )
        elapsed = time.perf_counter() - start
        rows.append((label, f"{elapsed:.1f} s" + ("" if result.returncode == 0 else " (FAILED)")))
    return rows


def app_times(base: str, runs: int) -> list[tuple[str, str]]:
    from playwright.sync_api import sync_playwright

    rows = []
    medians: dict[str, float] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, (path, selector) in APPS.items():
            times = []
            for _ in range(runs):
                page = browser.new_page()
                start = time.perf_counter()
                page.goto(base + path, wait_until="commit", timeout=120_000)
                page.wait_for_selector(selector, state="visible", timeout=120_000)
                times.append(time.perf_counter() - start)
                page.close()
            medians[label] = statistics.median(times)
            ratio = (
                ""
                if label == "one-cell notebook"
                else f"; {medians[label] / medians['one-cell notebook']:.2f}× one cell"
            )
            rows.append(
                (
                    f"open → first usable widget: {label}",
                    f"median {medians[label]:.2f} s (of {runs}: {', '.join(f'{t:.2f}' for t in times)}){ratio}",
                )
            )

        # Rating change → chart redrawn, measured inside the page.
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(base + APPS["needs assessment"][0])
        page.wait_for_selector(".na-client-accommodation button", state="visible", timeout=120_000)
        lags = []
        for score in ("1", "3", "4", "2", "0", "3", "1"):
            ms = page.evaluate(
                """(score) => new Promise((resolve) => {
                    const chart = document.querySelector('.na-chart');
                    const t0 = performance.now();
                    const obs = new MutationObserver(() => { obs.disconnect(); resolve(performance.now() - t0); });
                    obs.observe(chart, {subtree: true, childList: true, characterData: true, attributes: true});
                    const btn = [...document.querySelectorAll('.na-client-accommodation button')].find(b => b.textContent.trim() === score);
                    btn.click();
                })""",
                score,
            )
            lags.append(ms)
        rows.append(("rating change → chart redrawn", f"median {statistics.median(lags):.0f} ms (of {len(lags)})"))
        page.close()
        rows.append(restore_in_browser(browser, base, runs))
        browser.close()
    return rows


def restore_in_browser(browser, base: str, runs: int) -> tuple[str, str]:
    """A 500-goal draft left in the browser: Restore pressed → its first goals on screen and counted."""
    from test_browser_faults import PLAN, PLAN_KEY, big_plan_draft, seed

    from widgets.plan.view import GOALS_SHOWN

    init = seed(PLAN_KEY, big_plan_draft(500))
    times = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1300, "height": 1000})
        context.add_init_script(init)
        page = context.new_page()
        page.goto(base + PLAN, timeout=120_000)
        restore = page.locator(".na-banner button", has_text="Restore")
        restore.wait_for(state="visible", timeout=120_000)
        start = time.perf_counter()
        restore.click()
        page.wait_for_function(
            f"() => document.querySelectorAll('.ip-goal').length === {GOALS_SHOWN} && "
            "(document.querySelector('.ip-goals-count') || {}).textContent.includes('500')",
            timeout=120_000,
        )
        times.append(time.perf_counter() - start)
        context.close()
    return (
        "restore a 500-goal draft (browser: Restore → goals shown)",
        f"median {statistics.median(times):.2f} s (of {runs}: {', '.join(f'{t:.2f}' for t in times)})",
    )


def restore_in_kernel(runs: int) -> tuple[str, str]:
    """The same restore in Python alone: the draft read, the model filled, the first cards built."""
    from test_browser_faults import big_plan_draft

    from widgets.catalogue import catalogue
    from widgets.plan.view import PlanApp

    draft, times = big_plan_draft(500), []
    for _ in range(runs):
        app = PlanApp(cat=catalogue("en"))
        app.store.stored = draft
        app.store.ready = True
        start = time.perf_counter()
        app.restore_btn.click()
        times.append(time.perf_counter() - start)
    return ("restore a 500-goal draft (kernel only)", f"median {statistics.median(times) * 1000:.0f} ms (of {runs})")


def export_times(runs: int) -> list[tuple[str, str]]:
    from widgets.catalogue import catalogue
    from widgets.needs import export as needs_export
    from widgets.needs.model import NeedsAssessment
    from widgets.plan import export as plan_export
    from widgets.plan.model import IndividualPlan

    needs = NeedsAssessment(catalogue())
    needs.load_case("marta-debts-and-a-daughter")
    plan = IndividualPlan(catalogue())
    plan.release_date = "2027-03-15"
    plan.start_from_assessment(needs.to_json())
    for g in plan.goals:
        g["words"] = "A goal in the client's own words — ოთახი — комната"
        plan.add_action(g["id"], what="First step", by_when="2027-01-10")
        plan.add_action(g["id"], what="Second step", by_when="2027-04-01")
    plan.enrol("social-training-adults", "mandatory")
    plan.suggest_reviews()
    rows = []
    for label, fn in (
        ("export: plan to Word (.docx)", lambda: plan_export.plan_docx(plan)),
        ("export: plan to PDF", lambda: plan_export.plan_pdf(plan)),
        ("export: actions to CSV", lambda: plan_export.actions_csv(plan)),
        ("export: needs summary to PDF", lambda: needs_export.summary_pdf(needs)),
        ("export: needs summary to HTML", lambda: needs_export.summary_html(needs)),
    ):
        fn()  # warm-up: font loading
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        rows.append((label, f"median {statistics.median(times) * 1000:.0f} ms (of {runs}; {len(plan.goals)} goals)"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-book", action="store_true", help="do not rebuild the book (it must be built already)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = [] if args.skip_book else book_times()
    rows += register_rows(runs=max(5, args.runs))
    if os.environ.get("TOOLKIT_TEST_PG_URL"):  # a PostgreSQL database the benchmark may wipe
        rows += register_rows(os.environ["TOOLKIT_TEST_PG_URL"], runs=max(5, args.runs))
    rows += export_times(max(5, args.runs))
    rows.append(restore_in_kernel(max(5, args.runs)))
    proc, base = start_server([])
    try:
        rows += app_times(base, args.runs)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    print_rows(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
