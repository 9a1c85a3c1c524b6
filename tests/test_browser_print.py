"""Handouts, role cards, self-checks and packs printed to PDF in Chromium, checked with pypdf."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from conftest import HTML
from pypdf import PdfReader

from curriculum import load_curriculum
from curriculum.exercises import validate_exercises
from curriculum.render import programme_url
from curriculum.render_courses import module_path, module_quizzes

A4 = {"format": "A4", "print_background": False}


def _pages(pdf: bytes) -> list[str]:
    """Each page's text, with ligatures ("ﬁ") and runs of white space made plain."""
    return [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _only(page, selector: str, index: int) -> str:
    """Leave only one element of the article (as a trainer printing one handout would); its title."""
    return page.evaluate(
        """([sel, i]) => {
          const el = document.querySelectorAll(sel)[i];
          document.querySelector('article.bd-article').replaceChildren(el);
          document.querySelectorAll('#jb-print-docs-body, #jb-print-toc').forEach(e => e.remove());
          const t = el.querySelector('.admonition-title, summary');
          return t ? t.textContent.trim() : '';
        }""",
        [selector, index],
    )


@pytest.fixture(scope="module")
def cur():
    return load_curriculum()


def test_a_one_page_handout_prints_on_one_page_with_its_table(browser, built, cur):
    """Module 2's handout: its table used to be pushed to the next page, leaving the title alone."""
    page = browser.new_page()
    page.goto((HTML / (module_path(cur.modules["mentor-reentry-journey"]) + ".html")).as_uri())
    title = _only(page, ".admonition.handout", 0)
    pages = [p for p in _pages(page.pdf(**A4)) if p]
    page.close()
    assert title.startswith("Handout")
    assert len(pages) <= 2, pages
    # The title shares its page with the table's header row.
    assert "Release day" in pages[0] or len(pages[0]) > 400, pages[0]


def test_each_handout_starts_a_new_page_and_nothing_follows_on_its_last(browser, built, cur):
    prog = cur.programmes["penitential-stress"]
    titles = [s.handout.title for s in prog.sessions if s.handout]
    page = browser.new_page()
    page.goto((HTML / programme_url(prog)).as_uri())
    page.emulate_media(media="print")
    texts = _pages(page.pdf(**A4))
    page.close()
    starts = [next(i for i, t in enumerate(texts) if f"Handout: {title}" in t) for title in titles]
    assert starts == sorted(starts) and len(set(starts)) == len(titles)
    for i in starts:
        # A handout's page holds nothing of a session plan: it starts a page, and the next session starts
        # on a new page after it.
        assert not re.search(r"Session \d+: ", texts[i]), texts[i][:300]


def test_role_cards_print_one_a_page_without_interface(browser, built, cur):
    mod = cur.modules["mentor-first-contact"]
    page = browser.new_page()
    page.goto((HTML / (module_path(mod) + ".html")).as_uri())
    cards = page.locator("details.role-card")
    n = cards.count()
    assert n >= 2
    page.evaluate(
        """() => { const a = document.querySelector('article.bd-article');
          const keep = [...document.querySelectorAll('details.role-card, .admonition.handout')];
          a.replaceChildren(...keep);
          document.querySelectorAll('#jb-print-docs-body, #jb-print-toc').forEach(e => e.remove()); }"""
    )
    page.emulate_media(media="print")
    # No chevrons or buttons show on paper.
    assert page.locator(".sd-summary-state-marker").first.is_hidden()
    texts = [t for t in _pages(page.pdf(**A4)) if t]
    page.close()
    # One card a page: n pages name a role card, none names two.
    assert sum("Role card:" in t for t in texts) == n, [t[:80] for t in texts]
    assert all(t.count("Role card:") <= 1 for t in texts)


def test_self_check_prints_without_answers_and_with_a_key(browser, built, cur):
    ex = validate_exercises(cur)[0]
    mod = cur.modules["mentor-first-contact"]
    feedback = [" ".join(o.feedback.split())[:40] for q in module_quizzes(mod, ex)[0].questions for o in q.options]
    page = browser.new_page()
    page.goto((HTML / (module_path(mod) + ".html")).as_uri())
    page.emulate_media(media="print")
    text = " ".join(_pages(page.pdf(**A4)))
    page.close()
    assert "Question 1" in text
    # The options print (the self-check script makes them buttons on screen), the feedback does not.
    first = module_quizzes(mod, ex)[0].questions[0]
    for option in first.options:
        assert " ".join(option.text.split())[:25].replace("’", "'") in text.replace("’", "'"), option.text
    for f in feedback:
        assert f not in text, f
    assert "The answer is" not in text
    assert re.search(r"Answer key: self-check.*Question 1: [A-F]", text)


def test_self_check_gives_feedback_for_the_chosen_answer(browser, built, cur):
    ex = validate_exercises(cur)[0]
    mod = cur.modules["mentor-first-contact"]
    q = module_quizzes(mod, ex)[0].questions[0]
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    right = next(i for i, o in enumerate(q.options) if o.correct)
    page = browser.new_page()
    page.goto((HTML / (module_path(mod) + ".html")).as_uri())
    options = page.locator(".exercise").first.locator(".selfcheck-option")
    assert options.count() == len(q.options)
    options.nth(wrong).click()
    box = page.locator(".exercise").first.locator(".selfcheck-feedback")
    expected = " ".join(q.options[wrong].feedback.split())[:30].replace("’", "'")
    assert expected in " ".join(box.inner_text().split()).replace("’", "'")
    assert "is-wrong" in box.get_attribute("class")
    options.nth(right).click()
    assert "is-right" in box.get_attribute("class")
    page.close()


def test_packs_have_cover_contents_page_numbers_and_handouts_on_new_pages(built, cur):
    from curriculum.packs import build_packs

    made = build_packs(
        "en",
        only=["programme-penitential-stress-participant", "course-mentor-training-day-5-trainer"],
        workers=1,
        force=True,
    )
    assert len(made) == 2
    handouts = next(m for m in made if "participant" in m.path.name)
    texts = _pages(handouts.path.read_bytes())
    titles = [s.handout.title for s in cur.programmes["penitential-stress"].sessions if s.handout]
    assert "Contents" in texts[1]
    for n, title in enumerate(titles):
        start = next(i for i, t in enumerate(texts) if i > 1 and f"Handout: {title}" in t)
        # The contents give the page each handout starts on, and every page carries its number.
        assert re.search(rf"{re.escape(title)} {start + 1}\b", texts[1]), (title, start + 1)
        assert f"Page {start + 1} of {len(texts)}" in texts[start]
        assert n == 0 or start > 2
    day = next(m for m in made if "day-5" in m.path.name)
    assert "Attendance sheet" in _pages(day.path.read_bytes())[-1]


def test_a_pack_whose_content_did_not_change_is_not_printed_again(built):
    import json

    from curriculum.packs import build_packs

    slug = "course-mentor-training-day-5-trainer"
    first = build_packs("en", only=[slug], workers=1)[0]
    printed_at = first.path.stat().st_mtime_ns
    again = build_packs("en", only=[slug], workers=1)[0]
    assert not again.printed and again.pages == first.pages and first.path.stat().st_mtime_ns == printed_at
    # The pages it is cut from look changed (as after a rebuild of the book): its own HTML is compared
    # then, and as that did not change, it is still not printed.
    note = HTML / "packs" / ".cache" / f"{slug}.json"
    data = json.loads(note.read_text())
    note.write_text(json.dumps({**data, "inputs": "changed"}))
    assert not build_packs("en", only=[slug], workers=1)[0].printed
    assert json.loads(note.read_text())["inputs"] == data["inputs"]
    # What the pack is made of changed: printed again.
    note.write_text(json.dumps({**data, "inputs": "changed", "content": "changed"}))
    assert build_packs("en", only=[slug], workers=1)[0].printed
