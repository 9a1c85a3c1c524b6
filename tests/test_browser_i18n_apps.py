"""The apps' languages in Voila and Debian's headless Chromium: the address chooses the language
(also in a preheated kernel), and the switch in the header keeps everything typed."""

from __future__ import annotations

from playwright.sync_api import expect

from curriculum.i18n import LANGUAGES
from widgets.catalogue import catalogue

NEEDS = "/voila/render/needs-assessment.ipynb"
PLAN = "/voila/render/individual-plan.ipynb"


def test_needs_app_in_the_address_language_then_switched(browser, app_server):
    czech = catalogue("cs").domain_title("accommodation")
    estonian = catalogue("et").domain_title("accommodation")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app_server + NEEDS + "?lang=cs")
    page.wait_for_selector(".na-app", timeout=90_000)
    expect(page.locator(".na-domain h3").first).to_have_text(czech)
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    expect(page.locator(".tk-language select")).to_have_value(LANGUAGES["cs"])

    page.locator(".na-code input").fill("CS-SWITCH")
    page.locator(".na-code input").press("Tab")
    page.locator(".na-client-accommodation button", has_text="3").first.click()
    page.locator(".na-note-accommodation textarea").fill("Poznámka — ნინო")
    page.locator(".na-note-accommodation textarea").press("Tab")

    page.locator(".tk-language select").select_option(label=LANGUAGES["et"])
    expect(page.locator(".na-domain h3").first).to_have_text(estonian, timeout=30_000)
    expect(page.locator("html")).to_have_attribute("lang", "et")
    expect(page.locator(".na-code input")).to_have_value("CS-SWITCH")
    expect(page.locator(".na-client-accommodation [role=radio][aria-checked=true]")).to_have_text("3")
    expect(page.locator(".na-note-accommodation textarea")).to_have_value("Poznámka — ნინო")
    expect(page.locator(".tk-export-language select")).to_have_value(LANGUAGES["et"])
    page.close()


def test_plan_app_in_georgian_keeps_a_goal_across_languages(browser, app_server):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(app_server + PLAN + "?lang=ka")
    page.wait_for_selector(".ip-app", timeout=90_000)
    expect(page.locator("html")).to_have_attribute("lang", "ka")
    page.locator(".ip-add-goal").click()  # a goal for the first need
    goal = page.locator(".ip-goal").first
    goal.locator("textarea").fill("ოთახი ქალიშვილის სკოლასთან")
    goal.locator("textarea").press("Tab")
    page.locator(".tk-language select").select_option(label=LANGUAGES["en"])
    expect(page.locator(".ip-goal textarea").first).to_have_value("ოთახი ქალიშვილის სკოლასთან", timeout=30_000)
    expect(page.get_by_role("button", name="Add action").first).to_be_visible()
    page.close()
