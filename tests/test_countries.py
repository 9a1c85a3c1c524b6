"""Country profiles: every fact has a source or a reason, and each edition shows its own country."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum import load_curriculum, validate
from curriculum.countries import facts_for, write_ins
from curriculum.render import render_book
from curriculum.schema import FactKey

CZ_FACTS = """\
  probation-service:
    value: A probation service.
    sources:
      - url: https://example.org/probation
        page: Probation
        checked: 2026-12-04
"""


def _profile(facts: str) -> str:
    blanks = "".join(f"  {k.value}:\n    blank: Not checked in this test.\n" for k in FactKey if k.value not in facts)
    return f"id: xx\ncountry: Testland\nfacts:\n{facts}{blanks}"


def _problems(data: Path, text: str) -> list[str]:
    (data / "countries" / "xx.yaml").write_text(text, encoding="utf-8")
    _, problems = validate(data)
    return [str(p) for p in problems if p.path.name == "xx.yaml"]


def test_a_sourced_fact_and_explained_blanks_are_valid(data_copy):
    assert _problems(data_copy, _profile(CZ_FACTS)) == []


def test_a_fact_without_a_source_is_refused(data_copy):
    text = _profile("  probation-service:\n    value: A probation service.\n")
    problems = _problems(data_copy, text)
    assert any("facts.probation-service" in p and "needs a source" in p for p in problems), problems


def test_a_blank_without_a_reason_is_refused(data_copy):
    text = _profile(CZ_FACTS + "  crisis-line: {}\n")
    problems = _problems(data_copy, text)
    assert any("facts.crisis-line" in p and "reason" in p for p in problems), problems


def test_a_missing_fact_and_an_unknown_edition_are_refused(data_copy):
    text = _profile(CZ_FACTS).replace("  debt-enforcement:\n    blank: Not checked in this test.\n", "")
    assert any("missing debt-enforcement" in p for p in _problems(data_copy, text))
    text = _profile(CZ_FACTS).replace("country: Testland\n", "country: Testland\neditions: [cs]\n")
    assert any("already shows cz" in p for p in _problems(data_copy, text))


def test_the_three_countries_and_the_template_load():
    cur = load_curriculum()
    assert sorted(cur.countries) == ["cz", "ee", "ge", "template"]
    assert [c.id for c in cur.compared()] == ["cz", "ee", "ge"]
    assert cur.profile_for("cs").id == "cz"
    assert cur.profile_for("et").id == cur.profile_for("ru").id == "ee"
    assert cur.profile_for("ka").id == "ge"
    assert all(f.value is None for f in cur.countries["template"].facts.values())


def test_items_and_write_in_lines_ask_for_facts():
    assert facts_for("The age of criminal responsibility (for example 14)") == [FactKey.age_criminal_responsibility]
    assert FactKey.crisis_line in facts_for("Local crisis lines and emergency numbers for the crisis card.")
    assert facts_for("Which soothing items participants may keep in prison.") == []
    assert write_ins(["Crisis line: ______ Emergency number: ______"]) == [
        FactKey.emergency_number,
        FactKey.crisis_line,
    ]
    assert write_ins(["My key worker: ______"]) == []


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = {}
    for lang in ("en", "cs"):
        target = tmp_path_factory.mktemp(lang)
        render_book(load_curriculum(lang=lang, mark_fallback=lang != "en"), target)
        out[lang] = target
    return out


def test_the_english_page_shows_the_three_countries_side_by_side(pages):
    text = (pages["en"] / "countries" / "index.md").read_text(encoding="utf-8")
    head = next(line for line in text.splitlines() if line.startswith("| Fact |"))
    for label in ("country-cz", "country-ee", "country-ge"):
        assert label in head
    assert "| Age of criminal responsibility | 15 | 14 | — (not confirmed) |" in text
    assert "**Emergency number:** 112" in text  # the same everywhere: said once, not in the table
    prog = (pages["en"] / "programmes" / "psychosocial-rehabilitation" / "understanding-crime-juvenile.md").read_text(
        encoding="utf-8"
    )
    assert "Local facts: Czechia, Estonia, Georgia" in prog
    assert "| Age of criminal responsibility | 15 | 14 | — (not confirmed) |" in _local_boxes(prog)[0]
    assert "| Fact | Czechia | Estonia | Georgia |" in _local_boxes(prog)[0]


def _local_boxes(md: str) -> list[str]:
    """The text of each local-facts box on a page."""
    out, lines = [], md.splitlines()
    for i, line in enumerate(lines):
        if line == ":class: tip local-facts":
            out.append("\n".join(lines[i + 1 : lines.index(":::", i)]))
    return out


def test_the_czech_edition_shows_czech_facts(pages):
    prog = (pages["cs"] / "programmes" / "overcoming-addictions" / "relapse-prevention.md").read_text(encoding="utf-8")
    boxes = _local_boxes(prog)
    assert len(boxes) >= 2  # the programme's "Adapt locally" and a session's write-in lines
    assert "Linka první psychické pomoci 116 123" in boxes[0] and "pmscr.cz" in boxes[0]
    assert all("Estonia" not in b and "Töötukassa" not in b and "Georgia" not in b for b in boxes)
    page = (pages["cs"] / "countries" / "cz.md").read_text(encoding="utf-8")
    assert "(country-cz)=" in page and "verejnazaloba.cz" in page
