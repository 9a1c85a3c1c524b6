"""The one-port server of `make serve`: book and apps together, and no way into another session."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_root_opens_the_book(app_server):
    with urllib.request.urlopen(app_server + "/", timeout=30) as response:
        assert response.url.endswith("/book/index.html")
        assert "url=book/index.html" in response.read().decode("utf-8")  # the book's own start page
    with urllib.request.urlopen(app_server + "/book/book/index.html", timeout=30) as response:
        assert "Leaving prison, staying out" in response.read().decode("utf-8")


def test_health_check(app_server):
    with urllib.request.urlopen(app_server + "/health", timeout=30) as response:
        assert response.read() == b"ok"


@pytest.mark.parametrize("path", ["/api/kernels", "/api/sessions", "/api/contents", "/api/terminals", "/lab", "/tree"])
def test_no_way_to_list_or_reach_other_sessions(app_server, path):
    assert _status(app_server + path) == 404


@pytest.mark.parametrize("app", ["needs-assessment", "individual-plan", "quiz"])
def test_every_app_is_served(app_server, app):
    assert _status(f"{app_server}/voila/render/{app}.ipynb") == 200


@pytest.mark.parametrize(
    "path", ["/voila/tree", "/voila/tree/", "/voila/api/contents", "/voila/api/contents/x", "/logout"]
)
def test_no_listing_of_the_apps_or_their_contents(app_server, path):
    assert _status(app_server + path) == 404


@pytest.mark.parametrize("path", ["/voila/render/%00", "/book/%00", "/cs/%00", "/ka/book/%1f.html", "/book/a%7f"])
def test_malformed_paths_answer_400_not_500(app_server, path):
    assert _status(app_server + path) == 400


@pytest.mark.parametrize("lang", ["cs", "et", "ru", "ka"])
def test_every_edition_is_served(app_server, lang):
    assert _status(f"{app_server}/{lang}/book/index.html") == 200
    with urllib.request.urlopen(f"{app_server}/{lang}/", timeout=30) as response:
        assert response.url.endswith(f"/{lang}/book/index.html")
