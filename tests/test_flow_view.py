"""The workshop app without a browser: drive the widgets as a facilitator would (rate, keep or drop,
tick offers, start the plan, write goals, export), and check the model and what is on screen."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from docx import Document
from pypdf import PdfReader

from curriculum.i18n import _, set_language
from curriculum.recommend import RULE
from widgets.browser import FilePicker
from widgets.catalogue import catalogue
from widgets.flow.view import WorkshopApp
from widgets.needs.model import NeedsAssessment
from widgets.plan.model import IndividualPlan
from widgets.plan.view import PlanApp

RATINGS = {"accommodation": 4, "finance-debt": 3, "employment": 3, "legal": 2, "transport": 1}


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


class Downloads:
    """Catches what an app hands to the browser's downloads."""

    def __init__(self, app):
        self.files: list[tuple[str, bytes | str, str]] = []
        app.download.offer = lambda name, data, mime: self.files.append((name, data, mime))


def _choose(picker: FilePicker, raw: bytes, name: str = "file.json") -> None:
    """What the browser sends when a file is chosen with a FilePicker."""
    import base64

    picker._on_file(picker, {"type": "file", "name": name, "size": len(raw), "b64": base64.b64encode(raw).decode()}, [])


@pytest.fixture
def app() -> WorkshopApp:
    return WorkshopApp(cat=catalogue("en"))


def _assess(app: WorkshopApp) -> None:
    panel = app.needs_panel
    panel.code.value = "CS-VIEW"
    panel.age.value = "29"
    for domain, need in RATINGS.items():
        panel.rows[domain].client.value = need
    panel.rows["accommodation"].urgency.value = "before-release"
    panel.rows["employment"].urgency.value = "after-release"
    panel.rows["accommodation"].note.value = "A room near my daughter's school"
    panel.rows["employment"].matters.value = True


def test_the_whole_flow_carries_what_was_typed_into_the_plan_and_its_exports(app):
    _assess(app)
    assert app.model.needs.ratings["employment"]["matters"] is True
    assert app.steps.selected_index == 0
    app.next_btns[1].click()
    assert app.model.step == 2 and app.steps.selected_index == 1  # the tabs follow the step
    keeps = app.review.keeps
    # Employment matters to the person: it comes before finance, as much in need.
    assert list(keeps) == ["accommodation", "employment", "finance-debt", "legal"]
    assert "A room near my daughter&#x27;s school" in keeps["accommodation"][1].value  # the note will be the goal
    keeps["legal"][0].value = False  # drop a priority
    assert app.model.needs.dropped == ["legal"]
    ticks = app.review.offers.rows
    chosen = [oid for oid, (tick, _why, _box) in ticks.items() if tick.value]
    assert len(chosen) == 3  # one offer per kept priority, ticked until the user chooses
    ticks[chosen[0]][0].value = False
    spare = next(oid for oid, (tick, _why, _box) in ticks.items() if not tick.value and oid != chosen[0])
    ticks[spare][0].value = True
    wanted = [oid for oid, (tick, _why, _box) in ticks.items() if tick.value]
    assert set(app.model.needs.chosen_ids()) == set(wanted)
    app.next_btns[2].click()
    assert app.model.step == 3 and "goals from the assessment" in app.status.value
    plan = app.model.plan
    assert [g["domain"] for g in plan.goals] == ["accommodation", "employment", "finance-debt"]
    cards = {g["domain"]: app.plan_panel.cards[g["id"]] for g in plan.goals}
    assert cards["accommodation"].words.value == "A room near my daughter's school"  # nothing typed is lost
    assert sum(len(g["actions"]) for g in plan.goals) == len(wanted)
    finance = cards["finance-debt"]
    finance.words.value = "Know what I owe and pay it back in parts"
    finance.measure.value = "A letter from each creditor"
    finance.target.value = "2027-04-30"
    app.plan_panel.release.value = "2027-03-15"
    assert plan.goals[2]["words"] == "Know what I owe and pay it back in parts"
    app.next_btns[3].click()
    assert app.model.step == 4 and "3 goals" in app.overview.value
    got = Downloads(app)
    app.word_btn.click()
    app.pdf_btn.click()
    app.html_btn.click()
    (word_name, word, _mime), (pdf_name, pdf, _), (html_name, html, _) = got.files
    assert word_name.endswith(".docx") and pdf_name.endswith(".pdf") and html_name.endswith(".html")
    doc = Document(io.BytesIO(word))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("CS-VIEW", "A room near my daughter's school", "Know what I owe", "Contact: "):
        assert expected in text and expected in pdf_text, expected
    assert "Legal matters" not in text.split("Goals and actions")[1].split("Actions by phase")[0]
    assert "CS-VIEW" in html and escape_rule() in html  # the assessment summary with the ordering rule


def escape_rule() -> str:
    from html import escape

    return escape(_("How they are ordered: {rule}").format(rule=_(RULE)))


def test_a_step_waits_for_what_it_needs_and_says_so(app):
    assert app.next_btns[1].disabled
    assert "Rate at least one area" in app.blocked[1].value
    app.needs_panel.rows["legal"].client.value = 1
    assert not app.next_btns[1].disabled
    app.next_btns[1].click()
    assert app.next_btns[2].disabled  # no priority to keep yet
    assert "Keep at least one priority" in app.blocked[2].value
    assert app.model.plan.goals == []


def test_the_recommendations_show_the_rule_the_reasons_and_every_offer(app):
    _assess(app)
    panel = app.needs_panel.offers
    assert escape_rule() in panel.rule.value
    first, more = app.model.needs.shown_offers()
    assert panel.list_html.value.count("<li") == len(first)
    for o in first:
        assert o.why.split(":")[0] in panel.list_html.value.replace("&#x27;", "'")
    assert panel.more_btn.description == f"Show {len(more)} more"
    panel.more_btn.click()
    assert panel.list_html.value.count("<li") == len(first) + len(more)  # every eligible offer
    assert [o.id for o in first + more] == [o.id for o in app.model.needs.offers()]
    panel.more_btn.click()
    assert panel.list_html.value.count("<li") == len(first)


def test_the_setting_changes_the_urgencies_offered(app):
    row = app.needs_panel.rows["accommodation"]
    assert "now" not in [v for _label, v in row.urgency.options]
    app.needs_panel.setting.value = "probation"
    assert app.model.needs.setting == "probation"
    assert "now" in [v for _label, v in row.urgency.options]
    row.urgency.value = "now"
    assert app.model.needs.ratings["accommodation"]["urgency"] == "now"
    app.needs_panel.age.value = "16"
    assert app.model.needs.audience == "minor" and app.needs_panel.audience.disabled


def test_the_joined_file_saves_and_opens(app):
    _assess(app)
    app.next_btns[1].click()
    app.next_btns[2].click()
    got = Downloads(app)
    app.save_btn.click()
    name, text, mime = got.files[-1]
    assert name.endswith(".json") and mime == "application/json"
    assert json.loads(text)["schema"] == "open-reentry-curriculum/workshop"
    other = WorkshopApp(cat=catalogue("en"))
    _choose(other.open_up, text.encode("utf-8"))
    assert "Opened the workshop of CS-VIEW" in other.status.value
    assert other.model.step == 3 and other.steps.selected_index == 2
    assert other.needs_panel.rows["accommodation"].note.value == "A room near my daughter's school"
    assert [c.words.value for c in other.plan_panel.cards.values()][0] == "A room near my daughter's school"
    assert other.open_up.description == "Open (.json)"  # no "(0)" or "(1)" count


def test_version_1_files_open_in_the_workshop(app):
    needs = NeedsAssessment(catalogue("en"))
    needs.load_case("marta-debts-and-a-daughter")
    v1 = {
        k: v
        for k, v in json.loads(needs.to_json()).items()
        if k not in ("language", "age", "setting", "sex", "dropped", "chosen")
    }
    for r in v1["ratings"].values():
        r.pop("matters")
    _choose(app.open_up, json.dumps({**v1, "version": 1}).encode())
    assert "Opened the assessment of CS-MARTA" in app.status.value and app.model.step == 2
    assert app.review.keeps  # straight to the priorities
    plan = IndividualPlan(catalogue("en"))
    plan.client_code = "P-1"
    plan.add_goal("legal", words="Pay the fine in parts")
    v1_plan = {k: v for k, v in json.loads(plan.to_json()).items() if k != "language"} | {"version": 1}
    _choose(app.open_up, json.dumps(v1_plan).encode())
    assert "Plan opened" in app.status.value and app.model.step == 3
    assert next(iter(app.plan_panel.cards.values())).words.value == "Pay the fine in parts"


def test_a_bad_or_large_file_is_explained_and_nothing_changes(app):
    _assess(app)
    before = app.model.get_model_state()
    _choose(app.open_up, b"{not json")
    assert "could not be opened" in app.status.value and "not readable" in app.status.value
    app.open_up._on_file(app.open_up, {"type": "file", "name": "huge.json", "size": 5_000_000, "b64": None}, [])
    assert "too large" in app.status.value and "5 MB" in app.status.value and "limit is 2 MB" in app.status.value
    assert app.model.get_model_state() == before and app.open_up.value == ()


def test_the_draft_comes_back_after_a_reload(app):
    _assess(app)
    app.next_btns[1].click()
    app.next_btns[2].click()
    draft = app.model.draft()
    fresh = WorkshopApp(cat=catalogue("en"))
    fresh.store.stored = draft
    fresh.store.ready = True  # the browser says what it found
    assert "CS-VIEW" in fresh.restore_msg.value and "5 areas rated" in fresh.restore_msg.value
    fresh.restore_btn.click()
    assert fresh.model.get_model_state() == app.model.get_model_state()
    assert fresh.steps.selected_index == 2 and len(fresh.plan_panel.cards) == 4


def test_switching_language_keeps_every_step(app):
    _assess(app)
    app.next_btns[1].click()
    app.review.keeps["legal"][0].value = False
    app.next_btns[2].click()
    before = app.model.draft()
    app.switch_language("cs")
    assert app.model.draft() == before and app.steps.selected_index == 2
    assert next(iter(app.plan_panel.cards.values())).words.value == "A room near my daughter's school"
    app.model.go(2)
    assert not app.review.keeps["legal"][0].value


def test_the_plan_app_starts_from_an_assessment_with_its_notes_and_chosen_offers():
    needs = NeedsAssessment(catalogue("en"))
    needs.load_case("marta-debts-and-a-daughter")
    needs.keep("mental-health", False)
    app = PlanApp(cat=catalogue("en"))
    _choose(app.assess_up, needs.to_json().encode())
    assert "goals from the assessment" in app.status.value
    assert "mental-health" not in [g["domain"] for g in app.model.goals]
    first = next(iter(app.cards.values()))
    assert first.words.value == needs.ratings["accommodation"]["note"]
    assert app.assess_up.description == "Start from an assessment"


def test_plan_tab_titles_are_whole_and_upload_labels_never_count():
    app = PlanApp(cat=catalogue("en"))
    assert app.sections.get_title(3) == "Reviews and agreement"
    assert "lm-TabBar-tab { flex: 0 0 auto; max-width: none; }" in app.root.children[0].children[0].children[0].value
    labels = ("Start from an assessment", "Open plan (.json)", "Compare with an earlier version")
    for picker, label in zip((app.assess_up, app.open_up, app.compare_up), labels, strict=True):
        assert isinstance(picker, FilePicker) and picker.description == label  # no "(0)" count
    raw = IndividualPlan(catalogue("en"))
    raw.client_code = "P-2"
    _choose(app.open_up, raw.to_json().encode())
    assert app.open_up.description == "Open plan (.json)" and app.open_up.value == ()


def test_smart_dates_count_from_the_plan_date(app):
    app.plan_panel.created.value = "2026-11-20"
    app.plan_panel.release.value = "2027-03-15"
    app.model.plan.add_goal("employment", words="A job in a kitchen near my flat", target_date="2028-08-01")
    app.model.go(3)
    card = next(iter(app.plan_panel.cards.values()))
    assert "18 months" in card.smart.value
    assert dt.date.fromisoformat(app.model.plan.created_on) == dt.date(2026, 11, 20)


def _dangling(since: set[str]) -> list[str]:
    """Live widgets (made after ``since``) that hold a closed one: the page cannot load them, and
    then shows nothing at all ("Loading widget...")."""
    import ipywidgets as w
    from ipywidgets.widgets.widget import _instances

    out = []
    for key, widget in list(_instances.items()):
        if key in since:
            continue
        for name in widget.keys:
            value = getattr(widget, name, None)
            values = value if isinstance(value, (list, tuple)) else [value]
            for v in values:
                if isinstance(v, w.Widget) and v.comm is None:
                    out.append(f"{type(widget).__name__}.{name} -> closed {type(v).__name__}")
    return out


@pytest.mark.parametrize("make", [WorkshopApp, PlanApp, "needs"])
def test_a_language_switch_leaves_no_live_widget_holding_a_closed_one(make):
    from ipywidgets.widgets.widget import _instances

    from widgets.needs.view import NeedsApp

    before = set(_instances)
    app = (NeedsApp if make == "needs" else make)(cat=catalogue("en"))
    if isinstance(app, WorkshopApp):
        _assess(app)
        app.next_btns[1].click()
        app.next_btns[2].click()
        app.model.go(1)
    app.switch_language("et", announce=False)
    assert _dangling(before) == []


def test_an_offer_for_no_kept_priority_is_named_not_lost():
    needs = NeedsAssessment(catalogue("en"))
    needs.load_case("marta-debts-and-a-daughter")
    needs.keep("family-relationships", False)
    needs.chosen = ["family-law-advice"]  # saved so: it meets only the dropped priority
    app = PlanApp(cat=catalogue("en"))
    _choose(app.assess_up, needs.to_json().encode())
    assert "not in the plan: Family-law advice about children" in app.status.value
