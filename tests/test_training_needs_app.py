"""The training needs app: the self-rating model, the team summary, their files, and the view without a browser."""

from __future__ import annotations

import csv
import io
import json

import pytest

from curriculum.training_needs import form_rows
from widgets.catalogue import catalogue
from widgets.files import FileProblem, InputProblem
from widgets.training_needs.model import SCHEMA_ID, SelfRating, TeamSummary, TrainingNeeds, read_self_rating


@pytest.fixture
def me() -> SelfRating:
    m = SelfRating(catalogue())
    m.set_course("mentor-training")
    m.person = "A. Staff"
    m.rated_on = "2026-11-01"
    return m


def _saved(person: str, ratings: dict[tuple[str, int], int], course: str = "mentor-training") -> bytes:
    m = SelfRating(catalogue())
    m.set_course(course)
    m.person, m.rated_on = person, "2026-11-01"
    for (module, n), value in ratings.items():
        m.rate(module, n, value)
    return m.to_json().encode()


def test_courses_and_competences_come_from_the_curriculum(me):
    cur = catalogue().curriculum
    assert [c for _t, c in me.courses()] == list(cur.courses)
    assert me.counts() == (0, sum(len(m.objectives) for m in cur.course_modules("mentor-training")))


def test_the_modules_to_refresh_are_those_rated_below_on_my_own(me):
    me.rate("mentor-first-contact", 1, 0)
    me.rate("mentor-first-contact", 2, 1)
    me.rate("mentor-equality", 1, 1)
    me.rate("mentor-role-and-limits", 1, 3)
    top = me.to_refresh()
    assert [n.module.id for n in top] == ["mentor-first-contact", "mentor-equality"]
    assert top[0].low == 2
    me.rate("mentor-equality", 1, None)  # a rating taken back
    assert [n.module.id for n in me.to_refresh()] == ["mentor-first-contact"]


def test_bad_ratings_are_refused_in_plain_words(me):
    with pytest.raises(InputProblem, match="0 to 3"):
        me.rate("mentor-first-contact", 1, 4)
    with pytest.raises(InputProblem, match="competence 9"):
        me.rate("mentor-first-contact", 9, 1)
    with pytest.raises(InputProblem, match="not a module"):
        me.rate("staff-rnr-assessment", 1, 1)


def test_saving_needs_a_name_and_a_rating(me):
    me.person = ""
    with pytest.raises(InputProblem) as exc:
        me.to_json()
    assert "name or initials" in str(exc.value) and "at least one competence" in str(exc.value)


def test_a_saved_rating_is_versioned_and_opens_again(me):
    me.rate("mentor-first-contact", 3, 2)
    data = json.loads(me.to_json())
    assert data["schema"] == SCHEMA_ID and data["version"] == 1 and data["course"] == "mentor-training"
    assert data["ratings"]["mentor-first-contact"][2] == 2
    again = SelfRating(catalogue())
    again.open_file(me.to_json())
    assert again.person == "A. Staff" and again.values("mentor-first-contact")[2] == 2


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"\xff\xfe\x00", "not a text file"),
        (b"{not json", "not readable"),
        (b'{"schema": "open-reentry-curriculum/workshop", "version": 1}', "not a training needs self-rating"),
        (b'{"schema": "open-reentry-curriculum/training-needs", "version": 7}', "newer version"),
    ],
)
def test_bad_files_give_plain_messages(raw, words):
    with pytest.raises(FileProblem) as exc:
        SelfRating(catalogue()).open_file(raw)
    assert words in " ".join(exc.value.messages)


def test_a_file_for_modules_the_course_does_not_have_is_refused(me):
    data = json.loads(_saved("B", {("mentor-first-contact", 1): 0}))
    data["ratings"]["no-such-module"] = [1]
    data["ratings"]["mentor-equality"] = [1, 1]
    with pytest.raises(FileProblem) as exc:
        me.open_file(json.dumps(data))
    text = " ".join(exc.value.messages)
    assert "no-such-module" in text and "has 4 competences, but the file rates 2" in text
    assert me.person == "A. Staff"  # nothing changed


def test_the_team_summary_ranks_modules_by_people_in_need_and_makes_an_agenda():
    team = TeamSummary(catalogue())
    team.add("a.json", _saved("A", {("mentor-equality", 1): 0, ("mentor-first-contact", 1): 1}), "mentor-training")
    team.add("b.json", _saved("B", {("mentor-equality", 2): 1, ("mentor-ending-well", 1): 3}), "mentor-training")
    needs = team.needs("mentor-training")
    assert needs[0].module.id == "mentor-equality" and needs[0].people == {"A", "B"}
    assert needs[1].module.id == "mentor-first-contact"
    agenda = team.agenda("mentor-training")
    assert [s.module.id for s in agenda if s.module] == ["mentor-equality", "mentor-first-contact"]
    page = team.agenda_html("mentor-training")
    assert "Refresher agenda" in page and "From the self-ratings of 2 people." in page


def test_a_later_file_of_the_same_person_replaces_the_earlier_one():
    team = TeamSummary(catalogue())
    team.add("a.json", _saved("A", {("mentor-equality", 1): 0}), "mentor-training")
    said = team.add("a-again.json", _saved("A", {("mentor-equality", 1): 3}), "mentor-training")
    assert "replaces the earlier ratings of A" in said
    assert team.people("mentor-training") == ["A"] and not team.needs("mentor-training")[0].people


def test_the_command_lines_spreadsheet_is_added_for_the_chosen_course():
    cur = catalogue().curriculum
    rows = form_rows(cur.courses["staff-training"], cur)
    for person, rating in (("C", "0"), ("D", "2")):
        rows[1][0], rows[1][3] = person, rating
        rows.append(list(rows[1]))
    out = io.StringIO()
    csv.writer(out).writerows(rows[:1] + rows[-2:])
    team = TeamSummary(catalogue())
    assert "2 people" in team.add("team.csv", out.getvalue().encode(), "staff-training")
    assert team.needs("staff-training")[0].people == {"C"}


def test_bad_team_files_are_refused_in_plain_words_and_change_nothing():
    team = TeamSummary(catalogue())
    with pytest.raises(FileProblem) as exc:
        team.add("t.csv", b"person,module,competence,rating\nA,mentor-equality,9,1\n", "mentor-training")
    assert "line 2: module mentor-equality has competences 1-4" in exc.value.messages
    with pytest.raises(FileProblem) as exc:
        team.add("t.csv", b"name,score\n", "mentor-training")
    assert "missing column" in exc.value.messages[0]
    with pytest.raises(FileProblem) as exc:
        team.add("s.json", _saved("E", {("staff-rnr-assessment", 1): 1}, "staff-training"), "mentor-training")
    assert "Staff course" in exc.value.messages[0]
    assert team.files == []


def test_the_draft_keeps_every_rating_and_bad_values_become_blanks():
    m = TrainingNeeds(catalogue())
    m.me.person = "F"
    m.me.rate("mentor-equality", 2, 1)
    m.me.set_course("staff-training")
    m.me.rate("staff-rnr-assessment", 1, 0)  # another course: the first course's ratings stay
    data = json.loads(m.draft())
    data["ratings"]["mentor-equality"][0] = "x"
    again = TrainingNeeds(catalogue())
    again.restore_draft(json.dumps(data))
    assert again.me.course == "staff-training" and again.me.values("staff-rnr-assessment")[0] == 0
    assert again.me.ratings["mentor-equality"][:2] == [None, 1]
    assert read_self_rating(_saved("G", {("mentor-equality", 1): 2})).person == "G"


# --------------------------------------------------------------------------- the view, without a browser


def test_the_view_rates_saves_and_sums_up_a_team():
    from widgets.training_needs.view import TrainingNeedsApp

    app = TrainingNeedsApp(lang="en")
    app.choices[("mentor-equality", 1)].value = 0
    app.choices[("mentor-equality", 2)].value = 1
    assert app.model.me.values("mentor-equality")[:2] == [0, 1]
    total = app.model.me.counts()[1]
    assert f"2 of {total} competences rated" in app.progress.value
    assert "Module 9" in app.refresh_first.value
    app._on_save()
    assert "Not saved yet" in app.status.value and app.model.me.person == ""
    app.person.value = "H"
    app._on_save()
    assert "Saved" in app.status.value
    # The trainer's part: a file in, the chart and the agenda out.
    app.add_up.value = ({"name": "h.json", "size": 10, "content": app.model.me.to_json().encode()},)
    assert "Added h.json" in app.status.value
    assert "<svg" in app.team_summary.value and "Module 9" in app.agenda.value
    app.add_up.value = ({"name": "bad.json", "size": 3, "content": b"{x"},)
    assert "bad.json could not be added" in app.status.value and "not readable" in app.status.value
    app._on_agenda()
    assert "downloaded" in app.status.value
    # Another course shows its own modules; switching back keeps the ratings.
    app.course.value = "staff-training"
    assert app.modules_box.children[0] is app.course_boxes["staff-training"]
    app.course.value = "mentor-training"
    assert app.choices[("mentor-equality", 2)].value == 1
