"""One set of rules for every free-text field (widgets.fields): the form (field_problems), the save
(to_json) and the file schema agree, for every field of the needs assessment, the plan and the
workshop. What can be typed can be saved; what cannot is said at the field in plain words."""

from __future__ import annotations

import json

import pytest

from curriculum.i18n import set_language
from widgets.catalogue import catalogue
from widgets.fields import (
    CLIENT_CODE,
    HOURS,
    TEXT_RULES,
    TextRule,
)
from widgets.files import FileProblem, InputProblem
from widgets.flow.model import Workshop
from widgets.needs.model import AssessmentRecord, NeedsAssessment
from widgets.plan.model import IndividualPlan, PlanRecord


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


# Strings that made Save do nothing before: tab, newline, < and >, control characters, and mixes.
AWKWARD = [
    "a\tb",
    "a\nb",
    "a\r\nb",
    "line one\n\nline two",
    "<b>bold</b>",
    "x < y > z",
    "bell\x07 and null\x00 and escape\x1b[31m",
    "  padded\t\t and \n mixed  ",
    "DEL\x7f and C1\x85\x9b",
    "\x0bvertical\x0cform feed",
    "\u2028line separator\u2029",
    "tabs\tonly\tbetween",
    "<script>alert(1)</script>",
    "half a pair \ud83d here",
]


# ---------------------------------------------------------------------------- every field, by app

NEEDS_DOMAIN = "legal"


def needs_fields() -> dict[str, tuple[TextRule, callable, callable]]:
    """field name -> (rule, set the field on a model, read the field from a model)."""

    def attr(name):
        return (lambda m, v: setattr(m, name, v), lambda m: getattr(m, name))

    return {
        "client_code": (TEXT_RULES["client_code"], *attr("client_code")),
        "assessor": (TEXT_RULES["assessor"], *attr("assessor")),
        "summary": (TEXT_RULES["summary"], *attr("summary")),
        f"note:{NEEDS_DOMAIN}": (
            TEXT_RULES["note"],
            lambda m, v: m.set_note(NEEDS_DOMAIN, v),
            lambda m: m.ratings[NEEDS_DOMAIN]["note"],
        ),
    }


def plan_fields(plan: IndividualPlan) -> dict[str, tuple[TextRule, callable, callable]]:
    gid, aid = plan.goals[0]["id"], plan.goals[0]["actions"][0]["id"]

    def attr(name):
        return (lambda m, v: setattr(m, name, v), lambda m: getattr(m, name))

    def goal(key):
        return (lambda m, v: m.update_goal(gid, **{key: v}), lambda m: m.goals[0][key])

    def action(key):
        return (lambda m, v: m.update_action(aid, **{key: v}), lambda m: m.goals[0]["actions"][0][key])

    return {
        "client_code": (TEXT_RULES["client_code"], *attr("client_code")),
        "place": (TEXT_RULES["place"], *attr("place")),
        "mentor": (TEXT_RULES["mentor"], *attr("mentor")),
        "caseworker": (TEXT_RULES["caseworker"], *attr("caseworker")),
        f"goal:{gid}:words": (TEXT_RULES["words"], *goal("words")),
        f"goal:{gid}:measure": (TEXT_RULES["measure"], *goal("measure")),
        f"action:{aid}:what": (TEXT_RULES["what"], *action("what")),
        f"action:{aid}:where": (TEXT_RULES["where"], *action("where")),
    }


def new_needs() -> NeedsAssessment:
    m = NeedsAssessment(catalogue("en"))
    m.client_code = "FR-1"
    m.rate(NEEDS_DOMAIN, "client", 3)
    return m


def new_plan() -> IndividualPlan:
    p = IndividualPlan(catalogue("en"))
    p.client_code = "FR-1"
    gid = p.add_goal("legal", words="Pay the fine in parts", measure="Signed agreement", target_date="2027-01-01")
    p.add_action(gid, what="Call the court office", by_when="2026-12-01")
    return p


NEEDS_FIELDS = list(needs_fields())
PLAN_FIELDS = ["client_code", "place", "mentor", "caseworker", "words", "measure", "what", "where"]


def _plan_key(plan: IndividualPlan, short: str) -> str:
    return next(k for k in plan_fields(plan) if k == short or k.endswith(":" + short))


def _typed(rule: TextRule, text: str) -> str:
    # A client code must not clean to nothing (that is the "required" rule, tested on its own).
    return "C " + text if rule.required else text


def test_every_free_text_field_has_a_rule():
    """The schemas take every free-text field through a rule (widgets.fields), none through its own pattern."""
    for record in (AssessmentRecord, PlanRecord):
        schema = json.dumps(record.model_json_schema())
        assert "pattern" not in schema.replace('"pattern": "^[a-z', "")  # ids and language codes only
    names = {"client_code", "assessor", "summary", "note", "place", "mentor", "caseworker", "assessment"}
    assert names | {"words", "measure", "what", "where"} <= set(TEXT_RULES)
    schema = PlanRecord.model_json_schema()
    assert schema["properties"]["mentor"]["maxLength"] == TEXT_RULES["mentor"].max_length


@pytest.mark.parametrize("text", AWKWARD)
@pytest.mark.parametrize("field", NEEDS_FIELDS)
def test_needs_field_accepted_by_the_form_is_saved_and_reopens_equal(field, text):
    m = new_needs()
    rule, put, get = needs_fields()[field]
    typed = _typed(rule, text)
    put(m, typed)
    assert get(m) == typed  # the model keeps what was typed, exactly
    assert field not in m.field_problems()
    saved = m.to_json()  # no InputProblem, no ValidationError
    again = NeedsAssessment(catalogue("en"))
    again.open_file(saved)
    assert get(again) == rule.clean(typed)
    assert again.to_json() == saved
    if not rule.multiline:
        assert not any(c in get(again) for c in "\t\n\r\x0b\x0c\x85\u2028\u2029")
    assert all(c not in get(again) for c in "\x00\x07\x1b\x7f\x85\x9b")


@pytest.mark.parametrize("text", AWKWARD)
@pytest.mark.parametrize("field", PLAN_FIELDS)
def test_plan_field_accepted_by_the_form_is_saved_and_reopens_equal(field, text):
    p = new_plan()
    key = _plan_key(p, field)
    rule, put, get = plan_fields(p)[key]
    typed = _typed(rule, text)
    put(p, typed)
    assert get(p) == typed
    assert key not in p.field_problems()
    saved = p.to_json()
    again = IndividualPlan(catalogue("en"))
    again.open_file(saved)
    assert get(again) == rule.clean(typed)
    assert again.to_json() == saved


@pytest.mark.parametrize("text", AWKWARD)
def test_workshop_saves_what_both_parts_accept(text):
    shop = Workshop(catalogue("en"))
    shop.needs.client_code = "C " + text
    shop.needs.rate("legal", "client", 3)
    shop.needs.assessor = text
    shop.needs.set_note("legal", text)
    shop.go(2)
    shop.confirm()
    shop.plan.mentor = shop.plan.place = shop.plan.caseworker = text
    assert not shop.needs.field_problems() and not shop.plan.field_problems()
    saved = shop.to_json()
    again = Workshop(catalogue("en"))
    assert again.open_file(saved) == "workshop"
    assert again.plan.mentor == TEXT_RULES["mentor"].clean(text)
    assert again.needs.ratings["legal"]["note"] == TEXT_RULES["note"].clean(text)
    assert again.to_json() == saved


@pytest.mark.parametrize("rule", sorted(TEXT_RULES.values(), key=lambda r: r.name), ids=lambda r: r.name)
def test_cleaning_twice_changes_nothing(rule):
    for text in AWKWARD:
        once = rule.clean(text)
        assert rule.clean(once) == once


def test_one_line_fields_turn_tabs_and_breaks_into_single_spaces():
    rule = TEXT_RULES["mentor"]
    assert rule.clean("Jana\tNovák") == "Jana Novák"
    assert rule.clean("Jana \t\n\r\n Novák") == "Jana Novák"
    assert rule.clean("  Jana  Novák \n") == "Jana  Novák"  # spaces typed between words stay
    assert rule.clean("<Jana & co>") == "<Jana & co>"  # plain text: exports escape it
    assert rule.clean("a\x00b\x1bc\x7fd\x9fe") == "abcde"


def test_multi_line_fields_keep_breaks_and_tabs_and_lose_other_controls():
    rule = TEXT_RULES["note"]
    assert rule.clean("one\r\ntwo\rthree\n\tfour") == "one\ntwo\nthree\n\tfour"
    assert rule.clean("bell\x07 null\x00 esc\x1b") == "bell null esc"
    assert rule.clean("  kept as typed  ") == "  kept as typed  "
    assert rule.clean("broken \udc00 pair") == "broken \ufffd pair"


def _too_long(rule: TextRule) -> str:
    return "x" * (rule.max_length + 1)


@pytest.mark.parametrize("field", NEEDS_FIELDS)
def test_needs_field_over_its_limit_is_said_at_the_field_at_save_and_in_the_file(field):
    m = new_needs()
    rule, put, _get = needs_fields()[field]
    put(m, _too_long(rule))
    problem = m.field_problems()[field]
    limit = f"the limit is {rule.max_length}"
    assert limit in problem and str(rule.max_length + 1) in problem
    with pytest.raises(InputProblem) as info:
        m.to_json()
    assert problem in str(info.value)
    # The same text in a file is refused with the same limit, naming the field.
    put(m, "ok")
    data = json.loads(m.to_json())
    if field.startswith("note:"):
        data["ratings"][NEEDS_DOMAIN]["note"] = _too_long(rule)
    else:
        data[field] = _too_long(rule)
    with pytest.raises(FileProblem) as info:
        NeedsAssessment(catalogue("en")).open_file(json.dumps(data))
    text = " ".join(info.value.messages)
    assert limit in text and "characters long" in text


@pytest.mark.parametrize("field", PLAN_FIELDS)
def test_plan_field_over_its_limit_is_said_at_the_field_at_save_and_in_the_file(field):
    p = new_plan()
    key = _plan_key(p, field)
    rule, put, _get = plan_fields(p)[key]
    put(p, _too_long(rule))
    problem = p.field_problems()[key]
    assert f"the limit is {rule.max_length}" in problem
    with pytest.raises(InputProblem) as info:
        p.to_json()
    assert problem in str(info.value)
    put(p, "ok")
    data = json.loads(p.to_json())
    if field in ("words", "measure"):
        data["goals"][0][field] = _too_long(rule)
    elif field in ("what", "where"):
        data["goals"][0]["actions"][0][field] = _too_long(rule)
    else:
        data[field] = _too_long(rule)
    with pytest.raises(FileProblem) as info:
        IndividualPlan(catalogue("en")).open_file(json.dumps(data))
    assert f"the limit is {rule.max_length}" in " ".join(info.value.messages)


@pytest.mark.parametrize("field", NEEDS_FIELDS)
def test_needs_field_at_its_limit_is_saved(field):
    m = new_needs()
    rule, put, get = needs_fields()[field]
    put(m, "y" * rule.max_length)
    assert field not in m.field_problems()
    again = NeedsAssessment(catalogue("en"))
    again.open_file(m.to_json())
    assert get(again) == "y" * rule.max_length


def test_the_limit_counts_what_is_saved_not_the_tabs_typed():
    """A pasted name with many tabs is one short line once saved: it is not refused."""
    p = new_plan()
    p.mentor = "Jana" + "\t" * 500 + "Novák"
    assert "mentor" not in p.field_problems()
    assert json.loads(p.to_json())["mentor"] == "Jana Novák"


def test_a_client_code_of_only_spaces_tabs_or_controls_is_missing_at_the_field_and_in_the_file():
    m = new_needs()
    m.client_code = " \t\x07\n "
    assert m.field_problems()["client_code"] == "Enter a client code or pseudonym (not the person's full name)."
    m.client_code = "FR-1"
    data = json.loads(m.to_json())
    data["client_code"] = "\t\x00"
    with pytest.raises(FileProblem) as info:
        NeedsAssessment(catalogue("en")).open_file(json.dumps(data))
    assert "Client code is empty" in " ".join(info.value.messages)


def test_a_file_with_a_tab_in_a_one_line_field_opens_normalised():
    """The schema cleans as the save does: an older or hand-edited file with a tab opens."""
    p = new_plan()
    data = json.loads(p.to_json())
    data["mentor"] = "Jana\tNovák"
    data["client_code"] = "<FR>\t1"
    data["goals"][0]["actions"][0]["where"] = "Office\n2nd floor"
    again = IndividualPlan(catalogue("en"))
    again.open_file(json.dumps(data))
    assert (again.mentor, again.client_code) == ("Jana Novák", "<FR> 1")
    assert again.goals[0]["actions"][0]["where"] == "Office 2nd floor"


def test_client_code_rule_is_shared_by_both_apps():
    assert TEXT_RULES["client_code"] is CLIENT_CODE
    code = "x" * (CLIENT_CODE.max_length + 1)
    m, p = new_needs(), new_plan()
    m.client_code = p.client_code = code
    assert m.field_problems()["client_code"] == p.field_problems()["client_code"]


# ---------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("typed", ["-1", "nan", "inf", "1001", "-0.5"])
def test_hours_out_of_range_are_named_for_what_they_are(typed):
    p = new_plan()
    p.enrol("social-training-adults")
    with pytest.raises(InputProblem) as info:
        p.set_enrolment("social-training-adults", hours=typed)
    assert str(info.value) == "Hours attended must be a number from 0 to 1000."
    assert HOURS.accepts(12.5) and not HOURS.accepts(float("nan"))


# ---------------------------------------------------------------------------- the save path


def test_a_record_problem_the_form_cannot_see_is_said_in_words_at_save():
    """An id that is not an id (only a hand-made draft holds one) stops the save with a sentence, not a traceback."""
    p = new_plan()
    p.goals[0]["id"] = "Not An Id"
    with pytest.raises(InputProblem) as info:
        p.to_json()
    assert "Goal 1" in str(info.value) and "pydantic" not in str(info.value).lower()


def test_a_restored_draft_with_repeated_or_broken_ids_gets_new_ones():
    p = new_plan()
    p.add_goal("employment", words="Find work")
    draft = json.loads(p.draft())
    draft["goals"][1]["id"] = draft["goals"][0]["id"]
    draft["goals"][0]["actions"][0]["id"] = "BAD ID"
    again = IndividualPlan(catalogue("en"))
    again.restore_draft(json.dumps(draft))
    ids = [g["id"] for g in again.goals] + [a["id"] for g in again.goals for a in g["actions"]]
    assert len(set(ids)) == len(ids) and "BAD ID" not in ids
    again.to_json()  # saves


@pytest.fixture
def apps():
    from widgets.flow.view import WorkshopApp
    from widgets.needs.view import NeedsApp
    from widgets.plan.view import PlanApp

    return {"needs": NeedsApp, "plan": PlanApp, "workshop": WorkshopApp}


def _app(apps, kind):
    app = apps[kind](cat=catalogue("en"))
    files = []
    app.download.offer = lambda name, data, mime: files.append((name, data, mime))
    return app, files


@pytest.mark.parametrize("kind", ["needs", "plan", "workshop"])
def test_save_with_awkward_single_line_text_downloads_a_file(apps, kind):
    """The fault of issue 11: a tab, a newline, < or > in a one-line field made Save do nothing."""
    app, files = _app(apps, kind)
    m = app.model
    needs = m if kind == "needs" else getattr(m, "needs", None)
    plan = m if kind == "plan" else getattr(m, "plan", None)
    if needs is not None:
        needs.client_code = "<FR>\t1"
        needs.assessor = "Jana\nNovák <staff>"
    if plan is not None:
        plan.client_code = "<FR>\t1"
        plan.mentor = "Jana\tNovák"
        plan.place = "Prison <B>\x07"
        plan.add_goal("legal", words="Pay the fine")
    app._on_save()
    assert "Saved to your device" in app.status.value
    assert len(files) == 1 and json.loads(files[0][1])


@pytest.mark.parametrize("kind", ["needs", "plan", "workshop"])
def test_save_says_every_problem_in_words(apps, kind, monkeypatch):
    app, files = _app(apps, kind)
    m = app.model
    needs = m if kind == "needs" else getattr(m, "needs", None)
    target = needs if needs is not None else m
    target.client_code = "FR-1"
    if needs is not None:
        needs.assessor = "x" * 81
        app._on_save()
        assert "Not saved yet" in app.status.value and "Practitioner is 81 characters long" in app.status.value
        needs.assessor = ""
    else:
        m.mentor = "x" * 201
        app._on_save()
        assert "Not saved yet" in app.status.value and "Mentor is 201 characters long" in app.status.value
        m.mentor = ""

    def broken():
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(m, "to_json", broken)
    app._on_save()
    assert "Not saved" in app.status.value and "Nothing you typed was lost" in app.status.value
    assert "disk on fire" not in app.status.value and "Traceback" not in app.status.value
    assert files == []


def test_the_form_shows_a_one_line_fields_problem_at_the_field(apps):
    app, _files = _app(apps, "plan")
    app.model.mentor = "x" * 201
    app.model.add_goal("legal")
    aid = app.model.add_action(app.model.goals[0]["id"])
    app.model.update_action(aid, where="y" * 201)
    app._refresh_outputs()
    assert "Mentor is 201 characters long" in app.panel.header_msg.value
    row = next(iter(next(iter(app.panel.cards.values())).action_rows.values()))
    assert "Where is 201 characters long" in row.msg.value
    needs, _files = _app(apps, "needs")
    needs.model.assessor = "x" * 81
    needs._refresh_outputs()
    assert "Practitioner is 81 characters long" in needs.panel.assessor_msg.value


def test_an_earlier_assessment_of_the_same_code_as_saved_can_be_compared():
    m = new_needs()
    m.client_code = "FR\t1"
    earlier = m.to_json()  # saved as "FR 1"
    m.compare_with(earlier)
    assert m.earlier is not None and m.earlier.client_code == "FR 1"


ALPHABET = (
    list("abc XYZ<>&\"'=+-@{}%$")
    + [chr(c) for c in range(0x20)]
    + ["\x7f", "\x85", "\x9b", "\u2028", "\u202e", "\u200d", "\ufeff", "é", "ქ", "ж", "م", "😀", "\ud83d"]
)


def _random_texts(rule: TextRule, seed: int, count: int = 40) -> list[str]:
    """Texts from a hostile alphabet, of every length up to a little over the field's limit."""
    import random

    rng = random.Random(seed)
    return ["".join(rng.choices(ALPHABET, k=rng.randint(0, rule.max_length + 40))) for _i in range(count)]


@pytest.mark.parametrize(("app", "field"), [("needs", f) for f in NEEDS_FIELDS] + [("plan", f) for f in PLAN_FIELDS])
def test_form_save_and_file_agree_on_random_text(app, field):
    """Property: the form refuses a text exactly when the save does; what is saved reopens equal."""
    import zlib

    for seed, text in enumerate(_random_texts(TEXT_RULES[field.split(":")[0]], zlib.crc32(field.encode()))):
        model = new_needs() if app == "needs" else new_plan()
        fields = needs_fields() if app == "needs" else plan_fields(model)
        key = field if app == "needs" else _plan_key(model, field)
        rule, put, get = fields[key]
        put(model, text)
        problem = model.field_problems().get(key, "")
        try:
            saved = model.to_json()
        except InputProblem as exc:
            assert problem and problem in str(exc), (seed, text)
            continue
        assert not problem, (seed, text)
        again = type(model)(catalogue("en"))
        again.open_file(saved)
        assert get(again) == rule.clean(text) and again.to_json() == saved
