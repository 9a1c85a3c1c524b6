"""The Georgian and Russian editions in Debian's headless Chromium: a programme page, search,
and the needs-assessment app opened from the edition."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from curriculum.i18n import po_path, read_catalog

PROGRAMMES = {
    "ka": (
        "curriculum/programmes/art-therapy",
        "book/generated/programmes/psychosocial-rehabilitation/art-therapy.html",
    ),
    "ru": (
        "curriculum/programmes/reentry-mentoring",
        "book/generated/programmes/reentry-support/reentry-mentoring.html",
    ),
}


def _translated(lang: str, catalog: str, context: str) -> str:
    for m in read_catalog(po_path(lang, catalog), lang):
        if m.context == context and m.string and "fuzzy" not in m.flags:
            return m.string
    pytest.fail(f"{lang}: {catalog} {context} is not translated yet")


@pytest.mark.parametrize("lang", ["ka", "ru"])
def test_programme_page_in_the_language(browser, app_server, lang):
    catalog, path = PROGRAMMES[lang]
    title = _translated(lang, catalog, "title")
    page = browser.new_page()
    page.goto(f"{app_server}/{lang}/{path}")
    expect(page.locator("h1").first).to_contain_text(title)
    assert page.locator("html").get_attribute("lang") == lang
    # The switcher leads to the same page in English.
    page.locator(".toolkit-languages a[hreflang='en']").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/book/" + path)
    page.close()


@pytest.mark.parametrize("lang", ["ka", "ru"])
def test_search_finds_pages_in_the_language(browser, app_server, lang):
    word = _translated(lang, "curriculum/domains", "accommodation/title").split()[0]
    page = browser.new_page()
    page.goto(f"{app_server}/{lang}/search.html?q={word}")
    results = page.locator("#search-results li")
    expect(results.first).to_be_visible(timeout=30_000)
    assert results.count() >= 1
    page.close()


@pytest.mark.parametrize("lang", ["ka", "ru"])
def test_needs_app_opened_from_the_edition_speaks_its_language(browser, app_server, lang):
    domain = _translated(lang, "curriculum/domains", "accommodation/title")
    page = browser.new_page()
    page.goto(f"{app_server}/{lang}/book/apps/needs-assessment.html")
    link = page.locator("a[href*='/voila/render/needs-assessment.ipynb']").first
    href = link.get_attribute("href")
    assert href.endswith(f"?lang={lang}")
    page.goto(app_server + href if href.startswith("/") else href)
    page.wait_for_selector(".na-app", timeout=90_000)
    expect(page.locator(".na-app")).to_contain_text(domain)
    page.close()
