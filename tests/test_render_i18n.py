"""The generated pages in a translated edition: the generator's own words and the data come in the
edition's language, English still untranslated is marked as English, and a page built from draft
translations says so in one line. The English edition carries none of this."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from conftest import DATA, run_cli

from curriculum import i18n, load_curriculum
from curriculum.exercises import Situation, validate_exercises
from curriculum.i18n import FALLBACK_CLOSE, FALLBACK_OPEN, write_catalog
from curriculum.markdown import DIV_OPEN, SPAN_OPEN
from curriculum.render import CHOICE_LABELS, hours, method_label, page_catalogs, render_book
from curriculum.render_courses import course_page_catalogs, situation_label
from curriculum.schema import CHOOSABLE, Method

LANG = "cs"
PROG = "education-promotion"
PAGE = f"programmes/{PROG}/{PROG}.md"
TITLE = "Podpora vzdělávání"
PURPOSE = "Mnoho lidí ve vězení a v probaci odešlo ze školy brzy."
DRAFT_NOTE = "Koncept překladu, který zatím nezkontroloval rodilý mluvčí."
PARTIAL_NOTE = "Části této stránky zatím nejsou přeložené a jsou zobrazeny anglicky."
LABEL = re.compile(r"^\(([^()\s]+)\)=\s*$|^:label:\s*(\S+)\s*$", re.M)
REF = re.compile(r"\{ref\}`[^`]*?<([^<>`]+)>`")


def _clear_caches() -> None:
    i18n.code_translations.cache_clear()
    i18n._data_catalog.cache_clear()


@pytest.fixture
def tiny_locale(tmp_path: Path, monkeypatch) -> Path:
    """A locale folder with a few Czech strings: some generator words, one programme's title (a draft)
    and purpose (reviewed), and one glossary term (reviewed)."""
    locale = tmp_path / "locale"
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    _clear_caches()

    code = Catalog(locale=LANG, domain="toolkit", charset="utf-8", fuzzy=False)
    code.add("Purpose", "Účel")
    code.add("Schedule", "Rozvrh")
    code.add(("{hours} hour", "{hours} hours"), ("{hours} hodina", "{hours} hodiny", "{hours} hodin"))
    code.add(
        ("at least {hours} hour", "at least {hours} hours"),
        ("nejméně {hours} hodina", "nejméně {hours} hodiny", "nejméně {hours} hodin"),
    )
    code.add(
        ("{phase} · {minutes} minute · {programme}", "{phase} · {minutes} minutes · {programme}"),
        (
            "{phase} · {minutes} minuta · {programme}",
            "{phase} · {minutes} minuty · {programme}",
            "{phase} · {minutes} minut · {programme}",
        ),
    )
    code.add("group work", "skupinová práce", context="activity method")
    code.add("Draft translation, not yet reviewed by a native speaker.", DRAFT_NOTE)
    code.add("Parts of this page are not translated yet and are shown in English.", PARTIAL_NOTE)
    write_catalog(code, locale / LANG / "LC_MESSAGES" / "toolkit.po")

    prog = yaml.safe_load((DATA / "programmes" / f"{PROG}.yaml").read_text(encoding="utf-8"))
    data = Catalog(locale=LANG, domain=f"curriculum/programmes/{PROG}", charset="utf-8", fuzzy=False)
    data.add(prog["title"], TITLE, context="title", flags=["draft"])
    data.add(prog["purpose"], PURPOSE, context="purpose")
    write_catalog(data, locale / LANG / "curriculum" / "programmes" / f"{PROG}.po")

    terms = yaml.safe_load((DATA / "glossary.yaml").read_text(encoding="utf-8"))
    glossary = Catalog(locale=LANG, domain="curriculum/glossary", charset="utf-8", fuzzy=False)
    glossary.add(terms[0]["term"], "Akční plán", context="0/term")
    write_catalog(glossary, locale / LANG / "curriculum" / "glossary.po")
    yield locale
    _clear_caches()


def _render(tmp_path: Path, lang: str) -> dict[str, str]:
    cur = load_curriculum(lang=lang, mark_fallback=lang != "en")
    ex, problems = validate_exercises(cur)
    assert problems == []
    out = tmp_path / f"generated-{lang}"
    render_book(cur, out, ex)
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}


@pytest.fixture
def czech(tiny_locale, tmp_path) -> dict[str, str]:
    return _render(tmp_path, LANG)


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> dict[str, str]:
    _clear_caches()
    return _render(tmp_path_factory.mktemp("en"), "en")


# --------------------------------------------------------------------------- a translated edition


def test_generator_words_and_data_come_translated(czech):
    page = czech[PAGE]
    lines = page.splitlines()
    assert lines[:2] == [f"({PROG})=", f"# {TITLE}"]
    assert f"## Účel\n\n{PURPOSE}\n" in page  # a reviewed translation: no span, no div
    assert "## Rozvrh\n" in page
    assert "| **Total** | nejméně 9 hodin (as planned here: 9 hours) |" in page
    assert "(20 min, skupinová práce)" in page or "| skupinová práce |" in page
    assert re.search(r"^\*.+ · 90 minut · Podpora vzdělávání\*$", page, re.M)


def test_untranslated_data_is_marked_as_english(czech):
    page = czech[PAGE]
    prog = yaml.safe_load((DATA / "programmes" / f"{PROG}.yaml").read_text(encoding="utf-8"))
    summary = " ".join(prog["summary"].split())
    assert f"{DIV_OPEN}\n\n{summary}\n\n</div>" in page  # a whole paragraph: a block
    duration = " ".join(prog["duration"].split())
    assert f"| **Duration** | {SPAN_OPEN}{duration}</span> |" in page  # a table cell: a span
    session = prog["sessions"][0]
    assert f"### Session 1: {session['title']}\n" in page  # a heading: only the marks go
    assert f"[{session['title']}](#{PROG}-session-1)" in page  # link text too


def test_no_page_holds_a_mark_and_every_page_says_what_is_english(czech):
    for rel, text in czech.items():
        assert FALLBACK_OPEN not in text and FALLBACK_CLOSE not in text, rel
        if 'lang="en"' in text:
            assert 'class="partial-translation"' in text, rel


def test_every_page_stays_well_formed_with_its_spans_and_divs(czech):
    from test_markdown_fallback import assert_well_formed

    for rel, text in czech.items():
        try:
            assert_well_formed(text)
        except AssertionError as exc:
            raise AssertionError(f"{rel}: {exc}") from None


def test_draft_and_partial_notes_sit_under_the_title(czech):
    lines = czech[PAGE].splitlines()
    assert lines[2:7] == [
        "",
        f'<p class="partial-translation" role="note">{PARTIAL_NOTE}</p>',
        "",
        f'<p class="draft-translation" role="note">{DRAFT_NOTE}</p>',
        "",
    ]
    assert czech[PAGE].count("draft-translation") == 1


def test_the_draft_note_follows_the_catalogues_a_page_draws_on(czech):
    # The draft title shows on the programme's own page and on its area page (which lists it) ...
    assert "draft-translation" in czech[f"areas/{PROG}.md"]
    # ... but the glossary, translated by a reviewed entry only, is no draft; it is partly English.
    glossary = czech["glossary.md"]
    assert "draft-translation" not in glossary and "partial-translation" in glossary
    assert "\nAkční plán\n" in glossary  # a glossary term: no span
    other = next(rel for rel in czech if rel.startswith("programmes/") and PROG not in rel)
    assert "draft-translation" not in czech[other]


def test_a_draft_in_the_generators_own_words_marks_every_page(tiny_locale, tmp_path):
    catalog = i18n.read_catalog(tiny_locale / LANG / "LC_MESSAGES" / "toolkit.po", LANG)
    catalog.get("Schedule").flags.add("draft")
    write_catalog(catalog, tiny_locale / LANG / "LC_MESSAGES" / "toolkit.po")
    _clear_caches()
    pages = _render(tmp_path / "out", LANG)
    assert "draft-translation" in pages["glossary.md"]
    assert all("draft-translation" in text for rel, text in pages.items() if rel.startswith("programmes/"))


def test_hours_use_a_decimal_comma(czech, tiny_locale):
    assert "| 1,5 |" in czech[PAGE]  # cumulative hours after the first 90-minute session
    with i18n.use_language(LANG):
        assert hours(7.5) == "7,5" and hours(9) == "9"
    assert hours(7.5) == "7.5"


def test_a_note_without_a_translation_is_marked_as_english(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "empty")
    _clear_caches()
    try:
        pages = _render(tmp_path, "et")
    finally:
        _clear_caches()
    note = "Parts of this page are not translated yet and are shown in English."
    assert f'<p class="partial-translation" role="note" lang="en">{note}</p>' in pages["domains.md"]
    assert "draft-translation" not in pages["domains.md"]  # nothing translated, so nothing is a draft


def test_labels_and_reference_targets_are_the_same_in_every_edition(czech, english):
    assert set(czech) == set(english)
    for rel in english:
        assert LABEL.findall(czech[rel]) == LABEL.findall(english[rel]), rel
        assert REF.findall(czech[rel]) == REF.findall(english[rel]), rel


def test_every_page_knows_its_data_catalogues(tiny_locale):
    cur = load_curriculum(lang=LANG, mark_fallback=True)
    ex, _ = validate_exercises(cur)
    catalogs = page_catalogs(cur) | course_page_catalogs(cur, ex)
    names = set().union(*catalogs.values())
    assert names <= set(cur.usage), sorted(names - set(cur.usage))  # the loader's own names
    from curriculum.render_courses import render_course_pages

    assert set(render_course_pages(cur, ex)) <= set(catalogs)
    assert {f"programmes/{p.area}/{p.id}.md" for p in cur.programmes.values()} <= set(catalogs)


# --------------------------------------------------------------------------- the English edition


def test_english_pages_carry_no_marks_and_no_notes(english):
    for rel, text in english.items():
        assert FALLBACK_OPEN not in text and FALLBACK_CLOSE not in text, rel
        assert "i18n-fallback" not in text and 'lang="en"' not in text, rel
        assert "draft-translation" not in text and "partial-translation" not in text, rel
    assert english[PAGE].splitlines()[1:4] == ["# Education promotion", "", english[PAGE].splitlines()[3]]
    assert "| **Total** | at least 9 hours (as planned here: 9 hours) |" in english[PAGE]


# --------------------------------------------------------------------------- label tables


def test_every_fixed_value_has_a_label():
    assert set(CHOICE_LABELS) == CHOOSABLE
    for method in Method:
        assert method_label(method) and "-" not in method_label(method).replace("role-play", ""), method
    for situation in Situation:
        assert situation_label(situation) and "-" not in situation_label(situation), situation


# --------------------------------------------------------------------------- command line


def test_render_command_takes_a_language(tmp_path):
    out = tmp_path / "cs"
    result = run_cli("render", "--lang", "cs", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(cs)" in result.stdout
    pages = list(out.rglob("*.md"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert FALLBACK_OPEN not in text and FALLBACK_CLOSE not in text, page
    bad = run_cli("render", "--lang", "xx", "--out", str(tmp_path / "xx"))
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def test_a_translated_edition_from_another_data_folder_asks_for_curriculum_data(tmp_path, data_copy):
    result = run_cli("render", "--lang", "cs", "--out", str(tmp_path / "out"), data=data_copy)
    assert result.returncode == 2 and "CURRICULUM_DATA" in result.stderr
    assert not (tmp_path / "out").exists()
