"""Search in the built book: the best-matching page first, snippets that start at a word."""

from __future__ import annotations


def test_search_leads_with_the_best_match_and_clean_snippets(browser, book_server):
    page = browser.new_page()
    page.goto(f"{book_server}/search.html?q=debt", wait_until="networkidle")
    page.wait_for_selector("#search-results li p.context", timeout=30000)
    first = page.locator("#search-results li a").first.get_attribute("href")
    # The module section called "Debt" comes before the programmes that only list debt sessions.
    assert "mentor-practical-help" in first, first
    snippets = page.locator("#search-results li p.context").all_inner_texts()
    page.close()
    for text in snippets:
        assert not text.startswith(("English", "Čeština")), text
        if text.startswith("…"):
            assert text[1] == " " and text[2:3].strip(), text
