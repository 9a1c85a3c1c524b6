"""The server of `make serve` prints a pack on its first request, then serves it from the cache."""

from __future__ import annotations

import io
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from conftest import HTML
from pypdf import PdfReader

SLUG = "course-mentor-training-day-5-trainer"  # a short pack: four pages


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def _until_done(url: str, seconds: int = 600) -> tuple[int, str, bytes]:
    deadline = time.monotonic() + seconds
    while True:
        status, kind, body = _get(url)
        if status != 202 or time.monotonic() > deadline:
            return status, kind, body
        time.sleep(2)


def test_the_course_page_links_to_the_pack_url_the_server_answers(app_server):
    page = app_server + "/book/book/generated/courses/mentor-training/index.html"
    status, _kind, body = _get(page)
    assert status == 200
    hrefs = re.findall(r'href="([^"]*packs/[^"]+\.pdf)"', body.decode("utf-8"))
    assert urllib.parse.urljoin(page, next(h for h in hrefs if SLUG in h)) == f"{app_server}/book/packs/{SLUG}.pdf"


def test_a_pack_not_printed_yet_gets_the_waiting_page_then_the_pdf_then_comes_from_the_cache(app_server):
    pdf, note = HTML / "packs" / f"{SLUG}.pdf", HTML / "packs" / ".cache" / f"{SLUG}.json"
    pdf.unlink(missing_ok=True)
    note.unlink(missing_ok=True)
    url = f"{app_server}/book/packs/{SLUG}.pdf"
    status, kind, body = _get(url)
    assert status == 202 and kind.startswith("text/html")
    text = body.decode("utf-8")
    assert re.search(r"Preparing your pack, this takes about \d+ seconds", text)
    assert 'http-equiv="refresh"' in text  # the page reloads by itself, no script needed
    status, kind, body = _until_done(url)
    assert status == 200 and kind == "application/pdf", body[:500]
    assert len(PdfReader(io.BytesIO(body)).pages) >= 2
    assert pdf.read_bytes() == body
    printed = pdf.stat().st_mtime_ns
    # The second request: straight from the cache, not printed again.
    started = time.monotonic()
    status, kind, again = _get(url)
    assert status == 200 and again == body and pdf.stat().st_mtime_ns == printed
    assert time.monotonic() - started < 10


def test_a_pack_that_does_not_exist_is_a_plain_not_found(app_server):
    status, _kind, body = _until_done(f"{app_server}/book/packs/no-such-pack.pdf", 300)
    assert status == 404 and b"There is no pack with this name." in body
    assert _get(f"{app_server}/book/packs/..%2Fsecret.pdf")[0] in (400, 404)
