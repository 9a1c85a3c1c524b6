"""Every language edition builds from the same data and pages, says its language, links to the
other editions, translates what is translated, and marks what is still English or a draft."""

from __future__ import annotations

import json
import re

import pytest
from conftest import HTML

from curriculum.editions import html_dir
from curriculum.i18n import LANGUAGES, TARGETS, read_catalog

PROGRAMME = "book/generated/programmes/psychosocial-rehabilitation/art-therapy.html"


def _page(lang: str, path: str) -> str:
    return (html_dir(lang) / path).read_text(encoding="utf-8")


def test_english_edition_stays_where_it_was(built):
    assert html_dir("en") == HTML
    assert (HTML / "book" / "index.html").exists()


@pytest.mark.parametrize("lang", TARGETS)
def test_each_edition_builds_every_page(built, lang):
    english = {p.relative_to(HTML) for p in HTML.rglob("*.html") if "_static" not in p.parts}
    edition = {p.relative_to(html_dir(lang)) for p in html_dir(lang).rglob("*.html") if "_static" not in p.parts}
    assert english <= edition, sorted(english - edition)[:10]


@pytest.mark.parametrize("lang", ["en", *TARGETS])
def test_pages_say_their_language_and_link_to_every_edition(built, lang):
    page = _page(lang, PROGRAMME)
    assert re.search(rf'<html[^>]* lang="{lang}"', page)
    nav = re.search(r'<nav class="toolkit-languages"[^>]*>(.*?)</nav>', page, re.S)
    assert nav, "no language switcher"
    for code in LANGUAGES:
        prefix = "/book/" if code == "en" else f"/{code}/"
        assert f'href="{prefix}{PROGRAMME}"' in nav.group(1)
        assert f'hreflang="{code}" href="{prefix}{PROGRAMME}"' in page  # <link rel="alternate">
    assert 'aria-current="page"' in nav.group(1)


def _translations(lang: str, catalog: str) -> dict[str, str]:
    from curriculum.i18n import po_path

    return {m.context: m.string for m in read_catalog(po_path(lang, catalog), lang) if m.id and m.string}


@pytest.mark.parametrize("lang", TARGETS)
def test_translated_data_appears_and_english_left_is_marked(built, lang):
    domains = _translations(lang, "curriculum/domains")
    page = _page(lang, "book/generated/domains.html")
    assert domains.get("accommodation/title"), f"no {lang} title for the accommodation domain yet"
    assert domains["accommodation/title"] in page
    assert "\ue000" not in page and "\ue001" not in page  # the fallback marks never reach the reader


@pytest.mark.parametrize("lang", TARGETS)
def test_drafts_say_so_in_one_line(built, lang):
    page = _page(lang, "book/generated/domains.html")
    assert page.count('class="draft-translation"') == 1


@pytest.mark.parametrize("lang", TARGETS)
def test_apps_open_in_the_editions_language(built, lang):
    page = _page(lang, "book/apps/needs-assessment.html")
    links = re.findall(r'href="([^"]*/voila/render/[a-z-]+\.ipynb[^"]*)"', page)
    assert links and all(link.endswith(f"?lang={lang}") for link in links)
    # The button's words are in the edition's language too (raw HTML on the page: curriculum.sphinx_ext).
    buttons = re.findall(r'class="btn btn-primary" href="[^"]*/voila/render/[^"]*"[^>]*>([^<]+)</a>', page)
    assert buttons and "Open the needs-assessment app" not in buttons


@pytest.mark.parametrize("lang", TARGETS)
def test_search_index_holds_the_editions_words(built, lang):
    index = (html_dir(lang) / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    title = _translations(lang, "curriculum/domains")["accommodation/title"].split()[0].lower()
    terms = data["terms"]
    assert any(title.startswith(t) or t.startswith(title[:4]) for t in terms), title


def test_georgian_theme_strings_are_supplied(built):
    page = _page("ka", PROGRAMME)
    assert "ამ გვერდზე" in page or "შინაარსი" in page  # "On this page" / "Contents"
    assert "Search this book" not in page


def test_table_of_contents_captions_are_translated(built):
    from curriculum.i18n import po_path

    pages = {m.id: m.string for m in read_catalog(po_path("ka", "pages"), "ka") if m.id and m.string}
    html = _page("ka", "book/generated/domains.html")
    captions = re.findall(r'<span class="caption-text">(.*?)</span>', html)
    assert captions and "Programmes" not in captions
    assert pages["Programmes"] in captions
