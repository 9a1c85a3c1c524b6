"""Every broken file is refused in plain words, naming the field and the place; nothing on screen
changes; a valid save with a byte-order mark opens. One test per kind of damage (issue 11)."""

from __future__ import annotations

import codecs
import json

import pytest

from curriculum.i18n import set_language
from widgets.catalogue import catalogue
from widgets.files import MAX_FILE_BYTES, FileProblem, read_json, too_large
from widgets.flow.model import Workshop, schema_of
from widgets.needs.model import NeedsAssessment
from widgets.plan.model import IndividualPlan


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def needs_model() -> NeedsAssessment:
    m = NeedsAssessment(catalogue("en"))
    m.client_code = "FP-1"
    m.age = "31"
    m.rate("legal", "client", 3)
    m.rate("accommodation", "practitioner", 4)
    m.set_note("legal", "Fine unpaid")
    return m


def plan_model() -> IndividualPlan:
    p = IndividualPlan(catalogue("en"))
    p.client_code = "FP-1"
    for domain, words in (("legal", "Pay the fine in parts"), ("accommodation", "A room of my own")):
        gid = p.add_goal(domain, words=words, measure="Signed agreement")
        p.add_action(gid, what="Call the office", by_when="2027-01-10")
    p.enrol("social-training-adults")
    p.set_enrolment("social-training-adults", hours="12")
    return p


def workshop_model() -> Workshop:
    shop = Workshop(catalogue("en"))
    shop.needs.client_code = "FP-1"
    shop.needs.rate("legal", "client", 3)
    shop.go(2)
    shop.confirm()
    shop.plan.enrol("social-training-adults")
    shop.plan.add_goal("employment", words="Find work I can keep")
    return shop


OPENERS = {
    "needs": (needs_model, lambda: NeedsAssessment(catalogue("en"))),
    "plan": (plan_model, lambda: IndividualPlan(catalogue("en"))),
    "workshop": (workshop_model, lambda: Workshop(catalogue("en"))),
}


def state(model) -> str:
    return model.draft()


def refused(kind: str, raw: bytes | str) -> str:
    """Open ``raw`` in a fresh model of ``kind``: it must be refused in words, changing nothing."""
    _make, fresh = OPENERS[kind]
    model = fresh()
    before = state(model)
    with pytest.raises(FileProblem) as info:
        model.open_file(raw)
    text = " ".join(info.value.messages)
    assert text and "Traceback" not in text and "pydantic" not in text.lower() and "Error" not in text
    assert len(text) < 600  # a value from the file is shown short, whatever its size
    assert state(model) == before
    return text


def saved(kind: str) -> dict:
    make, _fresh = OPENERS[kind]
    return json.loads(make().to_json())


def plan_part(kind: str, data: dict) -> dict:
    return data["plan"] if kind == "workshop" else data


# ---------------------------------------------------------------------------- encoding


@pytest.mark.parametrize("kind", OPENERS)
def test_a_valid_save_with_a_byte_order_mark_opens(kind):
    make, fresh = OPENERS[kind]
    text = make().to_json()
    for raw in (codecs.BOM_UTF8 + text.encode("utf-8"), "\ufeff" + text):
        model = fresh()
        model.open_file(raw)
        assert model.to_json() == text
    assert schema_of(codecs.BOM_UTF8 + text.encode()) == json.loads(text)["schema"]


@pytest.mark.parametrize("kind", OPENERS)
def test_invalid_utf8_is_refused(kind):
    raw = json.dumps(saved(kind)).encode("utf-8").replace(b"FP-1", b"FP-\xff\xfe")
    assert "not a text file" in refused(kind, raw)


# ---------------------------------------------------------------------------- shape


@pytest.mark.parametrize("kind", OPENERS)
def test_json_nested_beyond_the_interpreters_limit_is_refused(kind):
    """So deep that reading it raises RecursionError."""
    data = saved(kind)
    text = json.dumps(data)[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert "nested far more deeply" in refused(kind, text)


@pytest.mark.parametrize("kind", OPENERS)
def test_json_nested_deeper_than_any_save_is_refused(kind):
    """Readable, but deeper than any saved file: refused before validation walks it."""
    data = saved(kind)
    text = json.dumps(data)[:-1] + ', "x": ' + "[" * 500 + "]" * 500 + "}"
    assert "nested far more deeply" in refused(kind, text)


@pytest.mark.parametrize("kind", OPENERS)
def test_a_number_of_5000_digits_is_refused(kind):
    """Python refuses to read it (ValueError from the integer digit limit)."""
    text = json.dumps(saved(kind)).replace('"version": ', '"version": ' + "9" * 5000 + ', "v": ', 1)
    assert "thousands of digits" in refused(kind, text)


@pytest.mark.parametrize("kind", ["needs", "workshop"])
def test_a_repeated_needs_area_is_refused_and_named(kind):
    data = saved(kind)
    text = json.dumps(data)
    rating = json.dumps((data["assessment"] if kind == "workshop" else data)["ratings"]["legal"])
    text = text.replace('"legal": ' + rating, '"legal": ' + rating + ', "legal": {"client": 0}', 1)
    assert text.count('"legal":') == 2
    message = refused(kind, text)
    assert "needs area “legal” is rated twice" in message


@pytest.mark.parametrize("kind", OPENERS)
def test_a_key_given_twice_anywhere_is_refused_and_named(kind):
    text = json.dumps(saved(kind))
    text = text.replace('"version": ', '"version": 1, "version": ', 1)
    message = refused(kind, text)
    assert "The file gives “version” twice, so which value counts is unclear." in message


def repeat_goal_id(plan: dict) -> str:
    plan["goals"][1]["id"] = plan["goals"][0]["id"]
    return f"Goal 1 and goal 2 have the same id “{plan['goals'][0]['id']}”, so a change to one would change the other."


def repeat_action_id(plan: dict) -> str:
    actions = plan["goals"][0]["actions"]
    actions.append(dict(actions[0]))
    return f"Two actions have the same id “{actions[0]['id']}” (action 1 of goal 1; action 2 of goal 1)"


@pytest.mark.parametrize("repeat", [repeat_goal_id, repeat_action_id])
@pytest.mark.parametrize("kind", ["plan", "workshop"])
def test_repeated_goal_or_action_ids_are_refused_and_named(kind, repeat):
    """Goal 1's text was overwritten by goal 2's, edits snapped back and Remove deleted both: refused."""
    data = saved(kind)
    expected = repeat(plan_part(kind, data))
    assert expected in refused(kind, json.dumps(data))


@pytest.mark.parametrize("kind", ["plan", "workshop"])
def test_a_programme_listed_twice_is_refused_and_named(kind):
    data = saved(kind)
    enrolments = plan_part(kind, data)["enrolments"]
    enrolments.append({**enrolments[0], "hours": 3})
    assert "The programme “social-training-adults” is in the plan twice" in refused(kind, json.dumps(data))


def test_priorities_or_offers_listed_twice_open_once_each():
    """A repeated id in a list of ids changes nothing of its meaning: it is kept once, in its first place."""
    data = saved("needs")
    data["dropped"] = ["legal", "legal"]
    data["chosen"] = ["a", "b", "a"]
    m = NeedsAssessment(catalogue("en"))
    m.open_file(json.dumps(data))
    assert m.dropped == ["legal"] and m.chosen == ["a", "b"]


# ---------------------------------------------------------------------------- ranges


@pytest.mark.parametrize("value", ["-1", "NaN", "Infinity", "1e999", "1001", '"lots"'])
@pytest.mark.parametrize("kind", ["plan", "workshop"])
def test_hours_out_of_range_are_named_for_what_they_are(kind, value):
    data = saved(kind)
    plan_part(kind, data)["enrolments"][0]["hours"] = "HOURS"
    text = json.dumps(data).replace('"HOURS"', value)
    message = refused(kind, text)
    assert "Programme 1 › Hours attended must be a number from 0 to 1000, but the file has" in message
    assert "score" not in message


@pytest.mark.parametrize("value", [-1, 5, 2.5, "four"])
def test_a_score_out_of_range_names_the_area_and_the_scale(value):
    data = saved("needs")
    data["ratings"]["legal"]["client"] = value
    message = refused("needs", json.dumps(data))
    assert "Needs area “legal” › Client's rating must be a score from 0 to 4, but the file has" in message


def test_an_age_out_of_range_names_the_range():
    data = saved("needs")
    data["age"] = 300
    assert "Age must be a whole number from 10 to 110, but the file has 300." in refused("needs", json.dumps(data))


def test_a_value_from_the_file_is_shown_short():
    data = saved("needs")
    data["ratings"]["legal"]["urgency"] = "soon" * 100_000
    message = refused("needs", json.dumps(data))
    assert "Needs area “legal” › Urgency has a value this app does not know: 'soonsoon" in message


# ---------------------------------------------------------------------------- size


@pytest.mark.parametrize("kind", OPENERS)
@pytest.mark.parametrize("size", [MAX_FILE_BYTES + 1, 20_000_000])
def test_a_file_over_the_limit_is_refused_naming_the_limit(kind, size):
    message = refused(kind, b" " * size)
    assert "too large to open here" in message and "the limit is 2 MB" in message
    assert f"it is {size / 1_000_000:.1f}".rstrip("0").rstrip(".") in message


def test_the_limit_is_named_however_large_the_file():
    assert too_large(5 * 10**12) == "This file is too large to open here: it is 5,000,000 MB, and the limit is 2 MB."
    with pytest.raises(FileProblem, match="too large"):
        read_json("x" * (MAX_FILE_BYTES + 1))  # text as well as bytes


# ---------------------------------------------------------------------------- anything else


@pytest.mark.parametrize("kind", OPENERS)
def test_any_other_exception_while_opening_becomes_a_plain_sentence(kind, monkeypatch):
    """A last fallback: whatever goes wrong after reading is said in words, never as a traceback."""
    make, fresh = OPENERS[kind]
    text = make().to_json()
    model = fresh()
    target = model.plan if kind == "workshop" else model

    def broken(_rec):
        raise KeyError("boom")

    monkeypatch.setattr(type(target), "load_record", lambda self, rec: broken(rec))
    before = state(model)
    with pytest.raises(FileProblem) as info:
        model.open_file(text)
    assert "something in it is not what this app expects" in " ".join(info.value.messages)
    assert "boom" not in " ".join(info.value.messages)
    assert state(model) == before


def test_an_exception_in_a_migration_becomes_a_plain_sentence(monkeypatch):
    from widgets.plan import model as plan_model

    monkeypatch.setitem(plan_model.MIGRATIONS, 1, lambda data: data["no such key"])
    data = {**saved("plan"), "version": 1}
    assert "not what this app expects" in refused("plan", json.dumps(data))


def test_a_plan_started_from_an_assessment_with_unknown_areas_is_refused_before_anything_changes():
    """The plan app reads an assessment file without opening it as an assessment: the same check applies."""
    from widgets.needs.model import read_record, summary_of

    data = saved("needs")
    data["ratings"]["astrology"] = {"client": 4}
    plan = plan_model()
    before = state(plan)
    with pytest.raises(FileProblem, match="needs areas this app does not know: astrology"):
        plan.start_from(summary_of(read_record(json.dumps(data))))
    assert state(plan) == before


def _choose(picker, raw: bytes) -> None:
    """What the browser sends when a file is chosen with a FilePicker."""
    import base64

    picker._on_file(
        picker, {"type": "file", "name": "f.json", "size": len(raw), "b64": base64.b64encode(raw).decode()}, []
    )


BROKEN = {
    "nested": b'{"schema": "x", "a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "digits": b'{"schema": ' + b"9" * 5000 + b"}",
    "not utf-8": b'{"schema": "\xff"}',
    "repeated key": b'{"schema": "a", "schema": "b"}',
}


@pytest.mark.parametrize("broken", BROKEN)
@pytest.mark.parametrize("kind", ["needs", "plan", "plan from assessment", "workshop"])
def test_the_app_says_every_file_problem_in_words(kind, broken):
    from widgets.flow.view import WorkshopApp
    from widgets.needs.view import NeedsApp
    from widgets.plan.view import PlanApp

    app = {"needs": NeedsApp, "workshop": WorkshopApp}.get(kind, PlanApp)(cat=catalogue("en"))
    picker = app.assess_up if kind == "plan from assessment" else app.open_up
    before = app.model.draft()
    _choose(picker, BROKEN[broken])
    status = app.status.value
    assert "na-error" in status and "could not be" in status and "Nothing on screen was changed" in status
    assert "Traceback" not in status and "Error" not in status
    assert app.model.draft() == before
