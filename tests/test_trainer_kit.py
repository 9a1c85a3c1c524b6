"""The trainer's kit without a browser: print marks on the pages, Word handouts, training needs and
the refresher agenda, the completion certificate, and the packs' contents cut from built HTML."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document
from pypdf import PdfReader

from curriculum import load_curriculum
from curriculum.certificates import certificate_pdf
from curriculum.docx_handouts import sheet_docx, sheets
from curriculum.exercises import validate_exercises
from curriculum.packs import PARTICIPANT, Pack, Part, attendance_sheet, pack_html, programme_pack_links
from curriculum.render import render_programme
from curriculum.render_courses import module_quizzes, render_course, render_module
from curriculum.training_needs import (
    CLOSING,
    OPENING,
    RatingsError,
    form_rows,
    read_ratings,
    refresher_agenda,
    render_needs_page,
    summarise,
)


@pytest.fixture(scope="module")
def cur():
    return load_curriculum()


@pytest.fixture(scope="module")
def ex(cur):
    return validate_exercises(cur)[0]


# --------------------------------------------------------------------------- pages


def test_role_cards_print_on_their_own_pages_and_self_checks_carry_a_key(cur, ex):
    mod = cur.modules["mentor-first-contact"]
    page = render_module(mod, cur, ex)
    assert page.count(":class-container: role-card") == sum(
        len(rp.roles) for rp in ex.role_plays.values() if rp.module == mod.id
    )
    questions = [q for quiz in module_quizzes(mod, ex) for q in quiz.questions]
    assert page.count(":class: dropdown quiz-key-") == len(questions)
    key = page[page.index(":::{container} answer-key") :]
    for n, q in enumerate(questions, 1):
        letter = "ABCDEF"[next(i for i, o in enumerate(q.options) if o.correct)]
        assert f"Question {n}: {letter}" in key
    # Every handout and role-play links to its Word file.
    assert "handouts/mentor-first-contact-handout.docx" in page


def test_programme_and_course_pages_link_to_their_packs(cur):
    prog = cur.programmes["social-training-adults"]
    page = render_programme(prog, cur)
    assert "packs/programme-social-training-adults-facilitator.pdf" in page
    assert "packs/programme-social-training-adults-participant.pdf" in page
    assert "handouts/social-training-adults-session-1.docx" in page or not prog.sessions[0].handout
    # A programme without handouts has no participant pack to link to.
    for p in cur.programmes.values():
        links = "".join(programme_pack_links(p))
        assert ("participant.pdf" in links) == any(s.handout for s in p.sessions), p.id
    course = cur.courses["mentor-training"]
    text = render_course(course, cur, validate_exercises(cur)[0])
    for n in range(1, len(course.agenda) + 1):
        assert f"packs/course-mentor-training-day-{n}-trainer.pdf" in text
    assert "packs/course-mentor-training-workbook.pdf" in text


# --------------------------------------------------------------------------- Word handouts


def test_word_handouts_open_and_hold_their_text(cur, ex):
    from docx.enum.text import WD_COLOR_INDEX

    all_sheets = sheets(cur, ex)
    handouts = sum(1 for p in cur.programmes.values() for s in p.sessions if s.handout)
    handouts += sum(1 for m in cur.modules.values() if m.handout)
    assert len(all_sheets) == handouts + len(ex.role_plays)
    assert len({s.name for s in all_sheets}) == len(all_sheets)
    sample = [s for s in all_sheets if s.name in ("mentor-reentry-journey-handout", "rp-first-contact-prison-cards")]
    sample += [s for s in all_sheets if "____" in s.body][:1]
    for sheet in sample:
        doc = Document(io.BytesIO(sheet_docx(sheet)))
        text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
            c.text for t in doc.tables for row in t.rows for c in row.cells
        )
        assert sheet.title.split(":")[0] in text
        # The agency's own fields and every write-in line are highlighted for filling in.
        highlighted = [r for p in doc.paragraphs for r in p.runs if r.font.highlight_color is not None]
        assert any(r.font.highlight_color == WD_COLOR_INDEX.BRIGHT_GREEN for r in highlighted)
        if "____" in sheet.body:
            assert any(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in highlighted) or doc.tables
    cards = next(s for s in all_sheets if s.name.endswith("-cards"))
    doc = Document(io.BytesIO(sheet_docx(cards)))
    breaks = sum(1 for p in doc.paragraphs for r in p.runs if 'w:br w:type="page"' in r._r.xml)
    rp = next(r for r in ex.role_plays.values() if cards.name == f"{r.id}-cards")
    assert breaks == len(rp.roles)  # each role card and the checklist on a page of its own


def test_word_table_keeps_its_header_row(cur, ex):
    sheet = next(s for s in sheets(cur, ex) if s.name == "mentor-reentry-journey-handout")
    doc = Document(io.BytesIO(sheet_docx(sheet)))
    assert doc.tables
    assert "w:tblHeader" in doc.tables[0].rows[0]._tr.xml


# --------------------------------------------------------------------------- training needs


def _csv(rows):
    return "person,module,competence,rating\n" + "\n".join(",".join(map(str, r)) for r in rows) + "\n"


def test_team_summary_ranks_the_modules_the_team_needs_most(cur):
    course = cur.courses["staff-training"]
    mods = cur.course_modules(course.id)
    a, b = mods[0].id, mods[3].id
    rows = [("ana", a, 1, 3), ("ana", b, 1, 1), ("ben", b, 2, 0), ("ben", a, 1, 2), ("eva", b, 1, 2)]
    # A rating of exactly 2 ("on my own") is not a need; 1 is.
    needs = summarise(read_ratings(_csv(rows), course, cur), course, cur)
    assert needs[0].module.id == b and needs[0].people == {"ana", "ben"}
    assert next(n for n in needs if n.module.id == a).people == set()
    agenda = refresher_agenda(needs, 360)
    assert [s.module.id for s in agenda if s.module] == [b]
    assert agenda[0].minutes == OPENING and agenda[-1].minutes == CLOSING
    assert agenda[-1].start + agenda[-1].minutes <= 360


def test_refresher_agenda_fits_the_day(cur):
    course = cur.courses["staff-training"]
    rows = [("ana", m.id, 1, 0) for m in cur.course_modules(course.id)]
    needs = summarise(read_ratings(_csv(rows), course, cur), course, cur)
    for day in (120, 240, 360):
        agenda = refresher_agenda(needs, day)
        assert agenda[-1].start + agenda[-1].minutes <= day
        for before, after in zip(agenda, agenda[1:], strict=False):
            assert after.start == before.start + before.minutes
    assert len([s for s in refresher_agenda(needs, 360) if s.module]) >= 2


def test_ratings_file_problems_are_all_reported(cur):
    course = cur.courses["staff-training"]
    mod = cur.course_modules(course.id)[0]
    bad = _csv([("ana", "no-such-module", 1, 1), ("ana", mod.id, 99, 1), ("ana", mod.id, 1, 7), ("", mod.id, 1, 1)])
    with pytest.raises(RatingsError) as err:
        read_ratings(bad, course, cur)
    assert len(err.value.problems) == 4
    assert [p.split(":")[0] for p in err.value.problems] == ["line 2", "line 3", "line 4", "line 5"]
    # The blank form reads as no ratings.
    form = "\n".join(",".join(r) for r in form_rows(course, cur))
    assert read_ratings(form, course, cur) == []


def test_needs_page_lists_every_competence(cur):
    course = cur.courses["staff-training"]
    page = render_needs_page(course, cur)
    for mod in cur.course_modules(course.id):
        for objective in mod.objectives:
            assert " ".join(objective.split()).replace("|", "\\|") in page
    assert page.count("| ☐ | ☐ | ☐ | ☐ |") == sum(len(m.objectives) for m in cur.course_modules(course.id))


# --------------------------------------------------------------------------- certificate


def test_certificate_names_the_trainee_course_and_date(cur):
    pytest.importorskip("fpdf")
    from widgets.fonts import FontMissing

    course = cur.courses["mentor-training"]
    try:
        pdf = certificate_pdf(course, cur, "Dana Nováková", datetime.date(2026, 12, 4), "Petra Svoboda", "VOL")
    except FontMissing:
        pytest.skip("DejaVu Sans is not installed")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for words in ("Certificate of completion", "Dana Nováková", course.title, "Dec 4, 2026", "Petra Svoboda"):
        assert words in text, words
    assert "12. " in text  # every module listed


# --------------------------------------------------------------------------- pack HTML


def test_pack_html_has_cover_contents_and_a_part_per_entry():
    pack = Pack("x", PARTICIPANT, "Programme <A>", "All handouts", [Part("One", "<p>1</p>"), Part("Two", "<p>2</p>")])
    page = pack_html(pack, "", "en", [3, 5])
    assert "Programme &lt;A&gt;" in page and "Participant pack" in page
    assert page.count('class="pack-part"') == 2
    assert '<span class="p">3</span>' in page and '<span class="p">5</span>' in page
    front = pack_html(pack, "", "en", [3, 5], front_only=True)
    assert 'class="pack-part"' not in front and "Two" in front


def test_attendance_sheet_has_rows_to_sign(cur):
    sheet = attendance_sheet(cur.courses["mentor-training"], "Day 1")
    assert sheet.count("<tr>") >= 17 and "Signature" in sheet
