"""The translation catalogues: they parse, keep placeholders and markup, stay in step with the
data, and a changed English sentence invalidates only its own translation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from conftest import ROOT

from curriculum import i18n
from curriculum.i18n import (
    FALLBACK_CLOSE,
    FALLBACK_OPEN,
    LOCALE_DIR,
    TARGETS,
    data_catalog_name,
    read_catalog,
    template_for,
    translate_data,
    translation_problems,
    walk_text,
)
from curriculum.i18n_cli import all_templates, apply, check, stats, update_catalog


def test_every_po_file_parses():
    files = sorted(LOCALE_DIR.rglob("*.po")) + sorted(LOCALE_DIR.rglob("*.pot"))
    assert len(files) > 400
    for path in files:
        read_catalog(path)  # raises on a broken file


def test_no_translation_drops_or_adds_a_placeholder_or_markup():
    assert check(list(TARGETS)) == []


@pytest.mark.parametrize(
    ("english", "translation", "problem"),
    [
        ("Hello {name}", "Ahoj", "placeholders"),
        ("%(count)s goals", "cíle", "placeholders"),
        ("See {cite}`maruna2001`.", "Viz Maruna.", "roles"),
        ("Go [here](../a.html).", "Jděte [sem](../b.html).", "link targets"),
        ("- one\n- two", "- jedna", "list items"),
        ("## Title\n\nText", "Název\n\nText", "headings"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "| a | b |\n| 1 | 2 |", "table rows"),
        ("One.\n\nTwo.", "Jedna. Dvě.", "paragraph breaks"),
        ("**bold** text", "**tučně text", "unbalanced bold"),
        ('<span lang="en">x</span>', "x", "HTML tags"),
    ],
)
def test_translation_problems_are_found(english, translation, problem):
    found = translation_problems(english, translation)
    assert any(problem in p for p in found), found


def test_a_faithful_translation_has_no_problems():
    english = "## Your plan\n\n- Call {name} at **9:00**.\n- See [the page](x.html).\n\nThen {cite}`maruna2001`."
    czech = "## Váš plán\n\n- Zavolejte {name} v **9:00**.\n- Viz [stránku](x.html).\n\nPotom {cite}`maruna2001`."
    assert translation_problems(english, czech) == []


def test_contexts_are_data_paths_keyed_by_id():
    data = yaml.safe_load((ROOT / "curriculum/data/domains.yaml").read_text(encoding="utf-8"))
    contexts = {ctx for ctx, *_ in walk_text(data)}
    assert "accommodation/title" in contexts
    assert "accommodation/scale/3/descriptor" in contexts
    assert not any(ctx.endswith("/id") for ctx in contexts)


def test_ids_and_references_are_never_offered_for_translation():
    data = yaml.safe_load((ROOT / "curriculum/data/programmes/reentry-mentoring.yaml").read_text(encoding="utf-8"))
    contexts = [ctx for ctx, *_ in walk_text(data)]
    assert "title" in contexts and "sessions/1/activities/0/title" in contexts
    for field in ("id", "area", "delivered_by/0", "needs_addressed/0", "sessions/1/phase", "references/0"):
        assert field not in contexts


def test_templates_match_the_data():
    """Every data file has a template with exactly its current strings (run `i18n extract` after editing)."""
    for name, path in i18n.data_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        expected = {(m.id, m.context) for m in template_for(name, data) if m.id}
        pot = read_catalog(i18n.pot_path(name))
        assert {(m.id, m.context) for m in pot if m.id} == expected, f"{name}: run python -m curriculum i18n extract"


def _catalog(entries, lang="cs", template=False):
    cat = Catalog(locale=None if template else lang)
    for context, english, translated in entries:
        m = cat.add(english, None if template else translated, context=context)
        if translated and not template:
            m.flags.add("draft")
    return cat


def test_editing_one_sentence_invalidates_only_that_translation():
    old = _catalog([("a/title", "Housing", "Bydlení"), ("a/text", "Find a room.", "Najděte pokoj.")])
    template = _catalog([("a/title", "Housing", None), ("a/text", "Find a safe room.", None)], template=True)
    new = update_catalog(template, old, "cs")
    title, text = new.get("Housing", "a/title"), new.get("Find a safe room.", "a/text")
    assert title.string == "Bydlení" and "fuzzy" not in title.flags
    assert text.string == "Najděte pokoj." and "fuzzy" in text.flags  # kept as a hint, never used
    assert text.previous_id == ["Find a room."]


def test_a_sentence_that_only_moved_keeps_its_translation():
    old = _catalog([("sessions/2/title", "Money", "Peníze")])
    template = _catalog([("sessions/3/title", "Money", None)], template=True)
    moved = update_catalog(template, old, "cs").get("Money", "sessions/3/title")
    assert moved.string == "Peníze" and "fuzzy" not in moved.flags and "draft" in moved.flags


@pytest.fixture
def tmp_locale(tmp_path, monkeypatch):
    """A private locale folder with the real templates, so tests can write translations."""
    import shutil

    shutil.copytree(LOCALE_DIR / "templates", tmp_path / "templates")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "TEMPLATES", tmp_path / "templates")
    import curriculum.i18n_cli as cli

    monkeypatch.setattr(cli, "TEMPLATES", tmp_path / "templates")
    i18n._data_catalog.cache_clear()
    i18n.code_translations.cache_clear()
    yield tmp_path
    i18n._data_catalog.cache_clear()
    i18n.code_translations.cache_clear()


def test_apply_flags_drafts_and_refuses_broken_markup(tmp_locale):
    applied, problems = apply("ka", "curriculum/areas", {"reentry-support/title": "დაბრუნება {x}"})
    assert applied == 0 and "placeholders" in problems[0]
    applied, problems = apply("ka", "curriculum/areas", {"reentry-support/title": "საზოგადოებაში დაბრუნება"})
    assert (applied, problems) == (1, [])
    m = read_catalog(tmp_locale / "ka/curriculum/areas.po").get("Reentry support", "reentry-support/title")
    assert m.string == "საზოგადოებაში დაბრუნება" and "draft" in m.flags


def test_translation_is_used_only_while_the_english_is_unchanged(tmp_locale):
    apply("ka", "curriculum/areas", {"reentry-support/title": "საზოგადოებაში დაბრუნება"})
    data = [
        {"id": "reentry-support", "title": "Reentry support"},
        {"id": "social-training", "title": "Social training"},
    ]
    usage = translate_data(data, "curriculum/areas", "ka", mark=True)
    assert data[0]["title"] == "საზოგადოებაში დაბრუნება"
    assert data[1]["title"] == f"{FALLBACK_OPEN}Social training{FALLBACK_CLOSE}"  # English, marked
    assert (usage.total, usage.translated, usage.drafts) == (2, 1, 1)
    edited = [{"id": "reentry-support", "title": "Support after release"}]
    translate_data(edited, "curriculum/areas", "ka")
    assert edited[0]["title"] == "Support after release"  # stale translation not shown


def test_stats_count_what_the_catalogues_hold(tmp_locale):
    before = stats(["ka"])["ka"]["curriculum/areas"]
    apply("ka", "curriculum/areas", {"reentry-support/title": "საზოგადოებაში დაბრუნება"})
    after = stats(["ka"])["ka"]["curriculum/areas"]
    assert after["translated"] == before["translated"] + 1
    assert after["reviewed"] == before["reviewed"]
    assert after["words_translated"] == before["words_translated"] + 2
    apply("ka", "curriculum/areas", {"reentry-support/title": "საზოგადოებაში დაბრუნება"}, reviewed=True)
    assert stats(["ka"])["ka"]["curriculum/areas"]["reviewed"] == before["reviewed"] + 1


def test_stats_json_matches_the_catalogues():
    result = subprocess.run(
        [sys.executable, "-m", "curriculum", "i18n", "stats", "--json", "--lang", "cs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"cs"} and set(data["cs"]) == set(all_templates())
    row = data["cs"]["curriculum/areas"]
    po = read_catalog(LOCALE_DIR / "cs/curriculum/areas.po", "cs")
    translated = sum(1 for m in po if m.id and m.string and "fuzzy" not in m.flags)
    assert row["translated"] == translated
    assert row["reviewed"] == sum(
        1 for m in po if m.id and m.string and "fuzzy" not in m.flags and "draft" not in m.flags
    )


def test_apply_reports_bad_json_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "curriculum", "i18n", "apply", "cs", "curriculum/areas", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "cannot read JSON" in result.stderr and "Traceback" not in result.stderr


def test_catalogue_names_follow_the_files():
    assert (
        data_catalog_name(ROOT / "curriculum/data/programmes/art-therapy.yaml") == "curriculum/programmes/art-therapy"
    )
    assert data_catalog_name(ROOT / "exercises/quizzes/mentor-equality.yaml") == "exercises/quizzes/mentor-equality"


def test_language_codes_are_normalised():
    assert i18n.normalise_language("cs-CZ") == "cs"
    assert i18n.normalise_language("KA") == "ka"
    assert i18n.normalise_language("xx") == "en"
    assert i18n.normalise_language(None) == "en"


def test_code_strings_fall_back_to_english_and_follow_the_language(tmp_locale):
    from curriculum.i18n import _, use_language, write_catalog

    cat = Catalog(locale="ru", domain="toolkit")
    cat.add("Save", "Сохранить", flags=["draft"])
    write_catalog(cat, Path(tmp_locale) / "ru/LC_MESSAGES/toolkit.po")
    with use_language("ru"):
        assert _("Save") == "Сохранить"
        assert _("Not in the catalogue") == "Not in the catalogue"
    assert _("Save") == "Save"


def test_entries_that_share_a_context_are_applied_by_their_english(tmp_locale):
    cat = Catalog(domain="toolkit")
    cat.add("welcome", context="activity method")
    cat.add("discussion", context="activity method")
    i18n.write_catalog(cat, tmp_locale / "templates" / "toolkit.pot")
    applied, problems = apply("et", "toolkit", {"activity method": "tervitus"})
    assert applied == 0 and "give" in problems[0]  # ambiguous: refused, not written to the wrong entry
    items = [
        {"context": "activity method", "en": "welcome", "translation": "tervitus"},
        {"context": "activity method", "en": "discussion", "translation": "arutelu"},
    ]
    assert apply("et", "toolkit", items) == (2, [])
    po = read_catalog(tmp_locale / "et" / "LC_MESSAGES" / "toolkit.po", "et")
    assert po.get("welcome", "activity method").string == "tervitus"
    assert po.get("discussion", "activity method").string == "arutelu"


def test_translations_keep_the_line_breaks_at_the_ends_of_the_english():
    """gettext's msgfmt --check refuses an entry whose translation starts or ends differently."""
    from curriculum.i18n import match_ends

    assert match_ends("## A\n\ntext\n", "## B\n\ntext") == "## B\n\ntext\n"
    assert match_ends("one line", "jeden řádek\n") == "jeden řádek"
    assert match_ends("\nafter a break", "po zalomení") == "\npo zalomení"
    assert match_ends("x", "") == ""


def test_data_catalogues_carry_no_format_flags():
    """ "7 % of" in a session is a percentage: a python-format flag would make msgfmt check it."""
    from curriculum.i18n import LOCALE_DIR

    flagged = [
        str(path.relative_to(LOCALE_DIR))
        for path in sorted(LOCALE_DIR.rglob("*.po*"))
        # toolkit (code) and the theme's own sphinx/booktheme strings do use %-formats
        if path.stem not in ("toolkit", "sphinx", "booktheme") and "python-format" in path.read_text(encoding="utf-8")
    ]
    assert flagged == []
