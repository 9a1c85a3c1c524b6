"""The built book in headless Chromium: offline, and printable on A4 without navigation."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from curriculum import load_curriculum
from curriculum.render import programme_url


def _pages():
    cur = load_curriculum()
    adults = cur.programmes["social-training-adults"]
    return ["index.html", "book/catalogue.html", programme_url(adults), "book/generated/domains.html"]


def test_pages_request_nothing_outside_localhost(browser, book_server):
    outside: list[str] = []
    failed: list[str] = []
    page = browser.new_page()
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1",) else None)
    page.on("requestfailed", lambda r: failed.append(r.url))
    for path in _pages():
        response = page.goto(f"{book_server}/{path}", wait_until="networkidle")
        assert response and response.ok, path
    page.close()
    assert [u for u in outside if not u.startswith("data:")] == []
    assert failed == []


def test_session_plan_prints_on_a4_without_navigation(browser, book_server):
    cur = load_curriculum()
    page = browser.new_page()
    page.goto(f"{book_server}/{programme_url(cur.programmes['social-training-adults'])}", wait_until="networkidle")
    page.emulate_media(media="print")
    for selector in (".bd-sidebar-primary", ".bd-header", ".prev-next-area"):
        loc = page.locator(selector).first
        assert loc.count() == 0 or not loc.is_visible(), selector
    # Facilitator notes are collapsed on screen but printed.
    notes = page.locator("details.facilitator-notes").first
    body_height = notes.evaluate(
        "d => { const c = d.querySelector('.sd-summary-content'); return c ? c.getBoundingClientRect().height : 0 }"
    )
    assert body_height > 0
    pdf = page.pdf(format="A4", print_background=False)
    page.close()
    assert pdf.startswith(b"%PDF")
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
    assert sizes and all(abs(float(w) - 595.92) < 2 and abs(float(h) - 842.88) < 2 for w, h in sizes), sizes
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 15
