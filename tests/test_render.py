"""The generator: pages come only from data, and a second render changes nothing."""

from __future__ import annotations

from curriculum import load_curriculum
from curriculum.exercises import validate_exercises
from curriculum.render import link_citations, render_book


def test_second_render_touches_no_file_and_stale_pages_go(tmp_path):
    cur = load_curriculum()
    ex, _ = validate_exercises(cur)
    out = tmp_path / "generated"
    first = render_book(cur, out, ex)
    stamps = {p: p.stat().st_mtime_ns for p in first}
    stale = out / "programmes" / "old-area" / "removed-programme.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("# gone\n")
    second = render_book(cur, out, ex)
    assert second == first
    assert all(p.stat().st_mtime_ns == stamps[p] for p in second)
    assert not stale.exists() and not stale.parent.exists()
    assert len([p for p in out.rglob("*.md")]) == len(first)


def test_every_programme_and_module_gets_a_page(tmp_path):
    cur = load_curriculum()
    ex, _ = validate_exercises(cur)
    names = {p.name for p in render_book(cur, tmp_path, ex)}
    assert {f"{pid}.md" for pid in cur.programmes} <= names
    assert {f"{m.number:02d}-{m.id}.md" for m in cur.modules.values()} <= names


def test_prose_citations_become_bibliography_references():
    keys = {"miller2013", "bonta2017"}
    assert link_citations("see (miller2013; bonta2017).", keys) == "see {cite:p}`miller2013,bonta2017`."
    assert link_citations("(unknown2020) and (page 4)", keys) == "(unknown2020) and (page 4)"
