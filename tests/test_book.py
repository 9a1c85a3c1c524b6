"""The book builds from the data with warnings as errors, and shows what the data holds."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import HTML, ROOT

from curriculum import load_curriculum
from curriculum.render import programme_url


def test_build_has_no_warnings(built):
    warnings = [line for line in built.splitlines() if "WARNING" in line and "Kernel is running over TCP" not in line]
    assert warnings == []


def test_generated_pages_are_not_committed():
    tracked = subprocess.run(["git", "ls-files", "book/generated", "_build"], cwd=ROOT, capture_output=True, text=True)
    assert tracked.stdout.strip() == ""
    ignored = subprocess.run(["git", "check-ignore", "book/generated/x.md", "_build/x"], cwd=ROOT, capture_output=True)
    assert ignored.returncode == 0


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_catalogue_lists_every_programme(built):
    cur = load_curriculum()
    page = _text(HTML / "book" / "catalogue.html")
    for p in cur.programmes.values():
        assert f'href="generated/programmes/{p.area}/{p.id}.html"' in page, p.id
        assert (HTML / programme_url(p)).exists(), p.id


@pytest.mark.parametrize(("pid", "count"), [("social-training-adults", 15), ("social-training-minors", 14)])
def test_social_training_pages_show_every_session(built, pid, count):
    cur = load_curriculum()
    prog = cur.programmes[pid]
    page = _text(HTML / programme_url(prog))
    headings = re.findall(r"<h3>Session (\d+): ", page)
    assert [int(n) for n in headings] == list(range(1, count + 1))
    for s in prog.sessions:
        assert f'id="{pid}-session-{s.number}"' in page
    assert page.count("facilitator-notes") >= count
    assert "Schedule" in page and "Cumulative hours" in page


def test_every_programme_page_has_all_its_sessions(built):
    cur = load_curriculum()
    for prog in cur.programmes.values():
        page = _text(HTML / programme_url(prog))
        assert len(re.findall(r"<h3>Session \d+: ", page)) == prog.session_count, prog.id


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href") and (a.get("rel") or "") not in ("canonical",):
            self.urls.append(a["href"])


def test_no_page_loads_anything_from_outside(built):
    external = set()
    for page in HTML.rglob("*.html"):
        parser = _Resources()
        parser.feed(_text(page))
        external |= {u for u in parser.urls if re.match(r"^(https?:)?//", u)}
    assert external == set()


def test_search_index_covers_session_plans(built):
    import json

    raw = _text(HTML / "searchindex.js")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    cur = load_curriculum()
    for prog in cur.programmes.values():
        assert programme_url(prog).removesuffix(".html") in index["docnames"], prog.id
    # Words that only occur inside session plans are searchable (Sphinx stores stems).
    for stem in ("anamnesi", "distraint", "debt"):
        assert stem in index["terms"], stem


def test_bibliography_and_glossary(built):
    bib = _text(HTML / "book" / "bibliography.html")
    assert "Psychology of Criminal Conduct" in bib and "Elements of Effective Practice" in bib
    glossary = _text(HTML / "book" / "generated" / "glossary.html")
    assert "Desistance" in glossary
