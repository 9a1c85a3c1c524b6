"""The real needs-assessment app in Voila, driven in Debian's headless Chromium."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

APP = "/voila/render/needs-assessment.ipynb"


def _rate(page, who: str, domain: str, score: int) -> None:
    page.locator(f".na-{who}-{domain} button", has_text=str(score)).first.click()


def _points(page) -> list[str]:
    return page.locator(".na-chart polygon.series").evaluate_all("els => els.map(e => e.getAttribute('points'))")


def test_rate_see_chart_and_priorities_save_reload_restore(browser, app_server, tmp_path):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(app_server + APP)
    page.wait_for_selector(".na-app", timeout=90_000)
    expect(page.locator(".na-status")).to_be_attached()

    page.locator(".na-code input").fill("CS-BROWSER")
    page.locator(".na-code input").press("Tab")
    blank = _points(page)
    _rate(page, "client", "accommodation", 3)
    _rate(page, "practitioner", "accommodation", 4)
    _rate(page, "client", "finance-debt", 4)
    _rate(page, "practitioner", "employment", 2)
    page.locator(".na-urgency-accommodation select").select_option(label="Before release")

    # The chart follows the ratings, the priorities list ranks them, and the offers link to the book.
    expect(page.locator(".na-priorities li[data-domain='accommodation']")).to_be_visible()
    assert _points(page) != blank
    first = page.locator(".na-priorities li[data-domain]").first
    assert first.get_attribute("data-domain") in ("accommodation", "finance-debt")
    expect(page.locator(".na-offers li[data-offer='debt-counselling']")).to_contain_text("works on it directly")
    link = page.locator(".na-offers li[data-offer] a").first
    assert re.match(r"^/book/book/generated/", link.get_attribute("href"))

    # Save: a JSON file arrives in the browser's downloads, in the versioned format.
    with page.expect_download() as info:
        page.get_by_role("button", name="Save (.json)").click()
    saved = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert saved["schema"] == "open-reentry-curriculum/needs-assessment" and saved["version"] == 3
    assert saved["language"] == "en"
    assert saved["client_code"] == "CS-BROWSER"
    assert saved["ratings"]["accommodation"] == {
        "client": 3,
        "practitioner": 4,
        "urgency": "before-release",
        "matters": False,
        "note": "",
    }

    # Reload: a new kernel, and the draft offered back from this browser.
    expect(page.locator(".na-app")).to_contain_text("Draft kept on this device")
    page.reload(timeout=120_000)  # a new kernel starts; slow on a loaded 2-core machine
    page.wait_for_selector(".na-app", timeout=90_000)
    banner = page.locator(".na-banner")
    expect(banner).to_be_visible(timeout=30_000)
    expect(banner).to_contain_text("CS-BROWSER")
    banner.get_by_role("button", name="Restore").click()
    expect(page.locator(".na-code input")).to_have_value("CS-BROWSER")
    active = page.locator(".na-client-accommodation [role=radio][aria-checked=true]")
    expect(active).to_have_text("3")
    expect(page.locator(".na-priorities li[data-domain='accommodation']")).to_be_visible()
    context.close()


def test_bad_file_is_explained_and_nothing_is_lost(browser, app_server, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app_server + APP)
    page.wait_for_selector(".na-app", timeout=90_000)
    page.locator(".na-code input").fill("CS-KEEP")
    page.locator(".na-code input").press("Tab")
    _rate(page, "client", "gambling", 4)
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps({"schema": "open-reentry-curriculum/needs-assessment", "version": 1, "ratings": {}}))
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=re.compile(r"Open \(\.json\)")).click()
    chooser.value.set_files(str(bad))
    status = page.locator(".na-status")
    expect(status).to_contain_text("could not be opened")
    expect(status).to_contain_text("Client code is missing")
    expect(page.locator(".na-code input")).to_have_value("CS-KEEP")
    expect(page.locator(".na-client-gambling [role=radio][aria-checked=true]")).to_have_text("4")
    page.close()
