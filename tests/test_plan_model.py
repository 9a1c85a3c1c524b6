"""The individual-plan model and its exports, without a browser."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from docx import Document
from pypdf import PdfReader

from widgets.catalogue import catalogue
from widgets.files import FileProblem
from widgets.needs.model import NeedsAssessment
from widgets.plan import export
from widgets.plan.model import (
    IndividualPlan,
    InputProblem,
    compare,
    phase_for,
    read_plan,
    smart_check,
    suggested_reviews,
)

RELEASE = dt.date(2027, 3, 15)


@pytest.fixture
def plan() -> IndividualPlan:
    p = IndividualPlan(catalogue())
    p.client_code = "CS-PLAN"
    p.release_date = RELEASE.isoformat()
    p.created_on = "2026-11-20"
    return p


def test_smart_check_names_what_is_missing_without_blocking(plan):
    gid = plan.add_goal("accommodation")
    missing = " ".join(smart_check(plan.goal(gid), RELEASE))
    assert (
        "client's own words" in missing and "No measure" in missing and "No date" in missing and "No action" in missing
    )
    plan.update_goal(gid, words="Do better")
    assert any("Not specific" in m for m in smart_check(plan.goal(gid), RELEASE))
    plan.update_goal(
        gid,
        words="I want my own room in the supported house in Tartu when I get out",
        measure="Signed house agreement",
        target_date="2027-03-15",
    )
    plan.add_action(gid, what="Apply for a place", who="mentor")
    assert smart_check(plan.goal(gid), RELEASE) == []
    plan.update_goal(gid, target_date="2029-12-01")
    assert any("18 months" in m for m in smart_check(plan.goal(gid), RELEASE))
    assert plan.to_json()  # saving is never blocked by SMART hints


def test_phases_follow_the_release_date():
    assert phase_for(dt.date(2027, 3, 1), RELEASE) == "before-release"
    assert phase_for(RELEASE, RELEASE) == "release-day"
    assert phase_for(RELEASE + dt.timedelta(days=42), RELEASE) == "first-weeks"
    assert phase_for(RELEASE + dt.timedelta(days=43), RELEASE) == "months-after"
    assert phase_for(None, RELEASE) is None


def test_action_phase_defaults_from_its_date_and_mismatch_is_flagged(plan):
    gid = plan.add_goal("employment", words="Work in a kitchen")
    aid = plan.add_action(gid, what="Register as unemployed", by_when="2027-03-20")
    assert plan.goal(gid)["actions"][0]["phase"] == "first-weeks"
    plan.update_action(aid, phase="before-release")
    assert "falls in the phase “First weeks after release”" in plan.warnings()[f"action:{aid}:phase"]
    with pytest.raises(InputProblem):
        plan.update_action(aid, status="finished")
    with pytest.raises(InputProblem):
        plan.add_action(gid, who="neighbour")


def test_reviews_every_three_months_and_around_release():
    reviews = suggested_reviews(dt.date(2026, 11, 20), RELEASE)
    assert dt.date(2027, 2, 20) in reviews and RELEASE in reviews and RELEASE + dt.timedelta(days=14) in reviews
    assert all(r > dt.date(2026, 11, 20) for r in reviews)
    assert max(reviews) <= RELEASE + dt.timedelta(days=18 * 30)


def test_completion_needs_minimum_hours_and_the_individual_plan(plan):
    plan.enrol("social-training-adults", "mandatory")
    plan.set_enrolment("social-training-adults", hours="29,5")
    (p,) = plan.progress()
    assert p.min_hours == 30 and not p.hours_met and not p.completed
    plan.set_enrolment("social-training-adults", hours=30)
    (p,) = plan.progress()
    assert p.hours_met and not p.completed and "individual plan" in p.words  # no plan yet
    gid = plan.add_goal("finance-debt", words="Know exactly what I owe by spring")
    plan.add_action(gid, what="Ask each creditor for a statement")
    (p,) = plan.progress()
    assert p.completed
    with pytest.raises(InputProblem, match="number"):
        plan.set_enrolment("social-training-adults", hours="thirty")
    assert plan.progress()[0].hours == 30  # the bad value changed nothing
    with pytest.raises(InputProblem):
        plan.enrol("social-training-adults")
    with pytest.raises(InputProblem):
        plan.enrol("no-such-programme")


def test_programmes_without_the_plan_rule_complete_on_hours(plan):
    plan.enrol("equality")
    plan.set_enrolment("equality", hours=9)
    assert plan.progress()[0].completed


def _full(plan) -> IndividualPlan:
    plan.age_band = "25–34"
    plan.place = "Tallinn Prison"
    plan.mentor = "Mentor M-07"
    gid = plan.add_goal(
        "accommodation",
        words="Ma tahan oma tuba — ოთახი — своя комната",
        measure="Signed agreement",
        target_date="2027-04-01",
    )
    plan.add_action(gid, what="Apply to the housing service", who="mentor", by_when="2027-01-10")
    plan.enrol("housing-support", "voluntary")
    plan.suggest_reviews()
    plan.consent = True
    return plan


def test_round_trip(plan):
    _full(plan)
    text = plan.to_json()
    data = json.loads(text)
    assert data["schema"] == "open-reentry-curriculum/individual-plan" and data["version"] == 2
    assert data["language"] == "en"
    other = IndividualPlan(catalogue())
    other.open_file(text)
    assert other.goals == plan.goals and other.enrolments == plan.enrolments and other.reviews == plan.reviews
    assert other.consent is True and other.place == "Tallinn Prison"


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: {**d, "schema": "open-reentry-curriculum/needs-assessment"}, "not an individual plan"),
        (lambda d: {**d, "version": 3}, "newer version"),
        (lambda d: {**d, "goals": [{**d["goals"][0], "domain": "astrology"}]}, "needs areas this app does not know"),
        (
            lambda d: {**d, "enrolments": [{"programme": "nope", "use": "voluntary", "hours": 1}]},
            "not in this catalogue",
        ),
        (lambda d: {**d, "enrolments": [{**d["enrolments"][0], "hours": -2}]}, "hours"),
        (lambda d: {**d, "release_date": "15.03.2027"}, "YYYY-MM-DD"),
        (
            lambda d: {**d, "goals": [{**d["goals"][0], "actions": [{**d["goals"][0]["actions"][0], "who": "cat"}]}]},
            "value this app does not know",
        ),
    ],
)
def test_file_problems_are_explained(plan, mutate, fragment):
    data = json.loads(_full(plan).to_json())
    before = plan.draft()
    with pytest.raises(FileProblem) as info:
        plan.open_file(json.dumps(mutate(data)))
    assert fragment.lower() in " ".join(info.value.messages).lower()
    assert plan.draft() == before


def test_version_comparison_is_readable(plan):
    _full(plan)
    old = read_plan(plan.to_json())
    gid = plan.goals[0]["id"]
    aid = plan.goals[0]["actions"][0]["id"]
    plan.update_action(aid, status="done")
    plan.update_goal(gid, measure="Keys in hand")
    plan.set_enrolment("housing-support", hours=6)
    g2 = plan.add_goal("employment", words="A job in a kitchen by summer")
    plan.add_action(g2, what="Register as unemployed")
    plan.new_revision()
    lines = compare(old, read_plan(plan.to_json()), catalogue())
    text = "\n".join(lines)
    assert "Planned → Done" in text
    assert "Measure for" in text and "Keys in hand" in text
    assert "0 → 6 hours attended" in text
    assert "New goal (Employment)" in text


def test_start_from_assessment_seeds_goals_from_priorities(plan):
    needs = NeedsAssessment(catalogue())
    needs.load_case("marta-debts-and-a-daughter")
    fresh = IndividualPlan(catalogue())
    added = fresh.start_from_assessment(needs.to_json())
    assert added == len(needs.priorities())
    assert [g["domain"] for g in fresh.goals] == [p.domain for p in needs.priorities()]
    assert fresh.client_code == "CS-MARTA" and fresh.assessment.startswith("CS-MARTA")
    notes = {d: r["note"] for d, r in needs.ratings.items()}
    assert all(g["words"] == notes[g["domain"]] for g in fresh.goals)  # the notes in the client's words
    assert all(g["actions"] for g in fresh.goals)  # the first direct offer of each priority
    assert fresh.start_from_assessment(needs.to_json()) == 0  # no duplicates


def test_draft_keeps_invalid_input(plan):
    plan.release_date = "next spring"
    gid = plan.add_goal("legal", words="x" * 1500)
    plan.add_action(gid, by_when="soon")
    assert "release_date" in plan.field_problems()
    with pytest.raises(InputProblem):
        plan.to_json()
    other = IndividualPlan(catalogue())
    other.restore_draft(plan.draft())
    assert other.release_date == "next spring" and len(other.goals[0]["words"]) == 1500
    assert other.goals[0]["actions"][0]["by_when"] == "soon"


HOSTILE = '=HYPERLINK("http://x.example","click") <script>alert(1)</script> \x07 **bold** {{x}}'


def test_csv_cells_cannot_run_as_formulas(plan):
    gid = plan.add_goal("finance-debt", words=HOSTILE)
    plan.add_action(gid, what="+SUM(A1:A9)", who="client")
    plan.update_action(plan.goals[0]["actions"][0]["id"], where="@cmd")
    rows = list(csv.reader(io.StringIO(export.actions_csv(plan).lstrip("\ufeff"))))
    assert rows[0][0] == "Client code"
    goal, action, where = rows[1][1], rows[1][3], rows[1][5]
    assert goal.startswith("'=") and action.startswith("'+") and where.startswith("'@")
    assert "\x07" not in goal


def test_word_export_is_editable_and_keeps_every_script(plan):
    _full(plan)
    plan.goals[0]["words"] += " " + HOSTILE
    data = export.plan_docx(plan)
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    for word in (
        "Ma tahan oma tuba",
        "ოთახი",
        "своя комната",
        "Apply to the housing service",
        "Housing support service",
    ):
        assert word in text, word
    assert "<script>alert(1)</script>" in text  # shown as text, never interpreted
    assert "\x07" not in text
    assert "Signature" in text


def test_pdf_export_is_a4_and_keeps_every_script(plan):
    _full(plan)
    plan.goals[0]["words"] += " " + HOSTILE
    reader = PdfReader(io.BytesIO(export.plan_pdf(plan)))
    text = "".join(p.extract_text() for p in reader.pages)
    for word in (
        "ოთახი",
        "своя комната",
        "Individual plan",
        "Timeline around release",
        "Actions by phase",
        "Signature",
    ):
        assert word in text, word
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 595 and round(float(box.height)) == 842


# --------------------------------------------------------------------------- fixes of issue 10


def test_the_smart_hint_accepts_its_own_examples(plan):
    gid = plan.add_goal("accommodation", words="A room of my own in Tartu by the summer", target_date="2027-04-01")
    plan.add_action(gid, what="Apply")
    for measure in ("a letter", "A contract", "the number of payments", "Signed agreement"):
        plan.update_goal(gid, measure=measure)
        assert smart_check(plan.goal(gid), RELEASE) == [], measure
    plan.update_goal(gid, measure="we will see")
    assert any("hard to check" in m for m in smart_check(plan.goal(gid), RELEASE))


def test_support_lasts_18_months_in_all_from_the_start_of_the_plan(plan):
    """Seed 000: cooperation with a mentor lasts up to a year and a half, the months before release included."""
    start = dt.date(2026, 11, 20)  # four months before release
    gid = plan.add_goal("employment", words="A job in a kitchen near my flat", measure="Signed contract")
    plan.add_action(gid, what="Register as unemployed")
    # 17 months after release, so within "18 months after release", but 21 months after the plan began.
    plan.update_goal(gid, target_date="2028-08-01")
    assert any("18 months" in m and "before release" in m for m in smart_check(plan.goal(gid), RELEASE, "en", start))
    plan.update_goal(gid, target_date="2028-05-15")
    assert smart_check(plan.goal(gid), RELEASE, "en", start) == []
    reviews = suggested_reviews(start, RELEASE)
    assert max(reviews) <= dt.date(2028, 5, 20) and RELEASE in reviews


def _pdf_pages(plan) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(export.plan_pdf(plan))).pages]


def _word_text(plan) -> str:
    doc = Document(io.BytesIO(export.plan_docx(plan)))
    return "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )


def test_untouched_goals_are_named_not_printed_as_dashes(plan):
    _full(plan)
    plan.add_goal("legal")  # nobody has written anything in it
    for text in (_word_text(plan), "".join(_pdf_pages(plan))):
        assert "Goal 2" not in text and "—   By" not in text
        assert "not written yet" in text and "Legal matters" in text
        assert "In the client's words: Ma tahan oma tuba" in text


@pytest.mark.parametrize(("goals", "repeat", "actions"), [(6, 1, 1), (5, 3, 2), (14, 6, 2)])
def test_no_goal_heading_is_left_alone_at_the_foot_of_a_pdf_page(plan, goals, repeat, actions):
    """A goal's heading, words and measure stay on one page with the start of its actions."""
    for i, domain in enumerate(list(catalogue().curriculum.domains)[:goals]):
        words = f"Goal words number {i} " * repeat
        gid = plan.add_goal(domain, words=words, measure="A letter", target_date="2027-05-01")
        for k in range(actions):
            plan.add_action(gid, what=f"Step {k} of goal {i}", by_when="2027-02-01")
    pages = _pdf_pages(plan)
    assert len(pages) > 1
    for text in pages[:-1]:
        body = [line for line in text.splitlines() if line.strip() and "contains personal data" not in line]
        assert not body[-1].startswith(("Goal ", "In the client's words", "How we will know")), body[-3:]
        assert body[-1] not in ("Goals and actions", "Actions by phase", "Reviews", "Agreement")


def test_the_pdf_timeline_is_labelled(plan):
    _full(plan)
    text = "".join(_pdf_pages(plan))
    assert "Timeline around release" in text
    assert "Feb 2027" in text and "Mar 2027" in text  # months along the axis
    assert "filled when done, hollow while planned" in text
