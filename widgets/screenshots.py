"""Refresh the app screenshots shown in the book: python -m widgets.screenshots URL

URL is a running `python -m widgets.serve` (for example http://127.0.0.1:8866). The pictures show
a fictional training case study, never real data.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "book" / "apps" / "img"
# Debian's Chromium, headless and quiet on a closed network (the tests use the same).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main(base: str) -> int:
    from playwright.sync_api import sync_playwright

    from widgets.catalogue import catalogue
    from widgets.needs.model import NeedsAssessment

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.goto(base + "/voila/render/needs-assessment.ipynb")
        page.wait_for_selector(".na-app", timeout=120_000)
        page.get_by_label("Case study", exact=True).select_option(
            label="Marta: debts, a daughter in care and four months to release"
        )
        page.get_by_role("button", name="Load case study").click()
        time.sleep(2)
        page.screenshot(path=str(OUT / "needs-assessment.png"))

        needs = NeedsAssessment(catalogue())
        needs.load_case("marta-debts-and-a-daughter")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "marta.json"
            path.write_text(needs.to_json(), encoding="utf-8")
            page.goto(base + "/voila/render/individual-plan.ipynb")
            page.wait_for_selector(".ip-app", timeout=120_000)
            with page.expect_file_chooser() as chooser:
                page.get_by_role("button", name="Start from an assessment").click()
            chooser.value.set_files(str(path))
            time.sleep(1.5)
            page.locator(".ip-release input").fill("2027-03-15")
            card = page.locator(".ip-goal").first
            card.locator("textarea").fill("A room of my own near my daughter's school")
            card.locator("input[placeholder='How will we both know it is done?']").fill("Signed house agreement")
            card.locator("input[placeholder='By when YYYY-MM-DD']").first.fill("2027-03-15")
            card.locator("input[placeholder='By when YYYY-MM-DD']").first.press("Tab")
            time.sleep(1.5)
            page.screenshot(path=str(OUT / "individual-plan.png"))

        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.goto(base + "/voila/render/workshop.ipynb")
        page.wait_for_selector(".ws-app", timeout=120_000)
        for domain, score in {
            "accommodation": 3,
            "finance-debt": 4,
            "employment": 2,
            "family-relationships": 3,
        }.items():
            page.locator(f".ws-step-1 .na-client-{domain} button", has_text=str(score)).first.click()
        page.locator("button.ws-next-1").click()
        time.sleep(1.5)
        page.screenshot(path=str(OUT / "workshop.png"))

        page = browser.new_page(viewport={"width": 1100, "height": 800})
        page.goto(base + "/voila/render/quiz.ipynb")
        page.wait_for_selector(".widget-radio-box", timeout=120_000)
        page.locator(".widget-radio-box label").nth(1).click()
        page.get_by_role("button", name="Check").click()
        time.sleep(1)
        page.screenshot(path=str(OUT / "quiz.png"))
        browser.close()
    print(f"Screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8866"))
