"""The apps' side of the draft kept in the browser (widgets.browser.BrowserStore): what the kernel
writes, what it puts back from the browser's journal, when the last visit's work is removed, and
what a new person or an old draft does. The browser's side is in test_browser_faults.py."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager

import pytest
from test_browser_faults import big_plan_draft

from widgets.catalogue import catalogue
from widgets.flow.view import WorkshopApp
from widgets.needs.view import NeedsApp
from widgets.plan.view import GOALS_SHOWN, PlanApp
from widgets.shell import DRAFT_DAYS


@contextmanager
def typed(widget, name: str = "value"):
    """As if the change came from the browser (ipywidgets locks the property while it applies it)."""
    widget._property_lock = {name: None}
    try:
        yield
    finally:
        widget._property_lock = {}


def opened(app, stored: str = "", journal: dict | None = None, expired: bool = False):
    """The browser says what it found when the page opened."""
    app.store.stored = stored
    app.store.journal = json.dumps(journal) if journal else ""
    app.store.expired = expired
    app.store.ready = True
    return app


def test_every_change_is_written_with_what_the_browser_may_drop_from_its_journal():
    app = opened(NeedsApp(cat=catalogue("en")))
    with typed(app.code):
        app.code.value = "CS-TYPED"
    write = app.store.write
    assert json.loads(write["draft"])["client_code"] == "CS-TYPED"
    assert write["ack"]["needs-code"] == {"v": "CS-TYPED"} and not write["wipe"]
    with typed(app.rows["accommodation"].urgency, "index"):
        app.rows["accommodation"].urgency.index = 2
    assert app.store.write["ack"] == {"needs-accommodation-urgency": {"i": 2}}
    acks: dict = {}
    app.store.observe(lambda change: acks.update(change["new"]["ack"]), names="write")
    app.case.value = "marta-debts-and-a-daughter"
    app.case_btn.click()  # set here, not typed: whatever the browser journalled for these fields goes
    app.rows["legal"].note.value = "A change after the case study"
    assert acks["needs-code"] == {"forced": True} and acks["needs-legal-note"] == {"forced": True}
    assert "tk-field-needs-accommodation-note" in app.rows["accommodation"].note._dom_classes


def test_the_journal_is_put_back_after_the_draft_and_the_earlier_work_goes_once_stored():
    before = NeedsApp(cat=catalogue("en"))
    before.model.client_code = "CS-DRAFT"
    before.model.rate("accommodation", "client", 3)
    journal = {  # typed after the kernel was lost, oldest first
        "needs-code": {"v": "CS-LATER", "t": 2},
        "needs-finance-debt-client": {"v": 4, "t": 3},
        "needs-accommodation-urgency": {"i": 1, "l": "At release", "t": 4},
        "needs-accommodation-matters": {"v": True, "t": 5},
        "needs-legal-note": {"v": "Court in May", "t": 6},
        "needs-gone-field": {"v": "a control that is not there any more", "t": 7},
        "needs-summary": {"v": "no time, not read"},
    }
    app = opened(NeedsApp(cat=catalogue("en")), before.model.draft(), journal)
    assert "CS-DRAFT" in app.restore_msg.value and "6 changes made after the last autosave" in app.restore_msg.value
    app.restore_btn.click()
    m = app.model
    assert m.client_code == "CS-LATER" and m.ratings["accommodation"]["client"] == 3
    assert m.ratings["finance-debt"]["client"] == 4 and m.ratings["accommodation"]["urgency"] == "at-release"
    assert m.ratings["accommodation"]["matters"] and m.ratings["legal"]["note"] == "Court in May"
    assert app.code.value == "CS-LATER" and app.rows["finance-debt"].client.value == 4
    write = app.store.write
    assert write["reset"] and json.loads(write["draft"])["client_code"] == "CS-LATER"
    assert app.store.forget == 0  # not before the browser says the new draft is stored
    app.store.written = write["n"] - 1
    assert app.store.forget == 0
    app.store.written = write["n"]
    assert app.store.forget == 1


def test_work_typed_only_while_the_kernel_was_gone_comes_back():
    app = opened(PlanApp(cat=catalogue("en")), "", {"plan-client-code": {"v": "CS-ONLY-TYPED", "t": 1}})
    assert "1 field" in app.restore_msg.value
    app.restore_btn.click()
    assert app.model.client_code == "CS-ONLY-TYPED"


def test_a_step_and_a_section_chosen_are_journalled_acknowledged_and_put_back():
    app = opened(WorkshopApp(cat=catalogue("en")))
    with typed(app.steps, "selected_index"):
        app.steps.selected_index = 2  # step 3 chosen in the browser
    assert app.model.step == 3
    assert app.store.write["ack"]["workshop-step"] == {"i": 2} and json.loads(app.store.write["draft"])["step"] == 3
    with typed(app.plan_panel.sections, "selected_index"):
        app.plan_panel.sections.selected_index = 3  # a section changes nothing in the model: stored at once
    assert app.store.write["ack"] == {"plan-section": {"i": 3}}
    assert "tk-field-workshop-step" in app.steps._dom_classes
    assert "tk-field-plan-section" in app.plan_panel.sections._dom_classes

    # Chosen while the kernel was gone: the journal puts the step and the section back.
    before = WorkshopApp(cat=catalogue("en"))
    before.model.needs.client_code = "CS-STEPS"
    journal = {
        "workshop-step": {"i": 2, "l": "3 Draft the plan", "t": 1},
        "plan-section": {"i": 3, "l": "Reviews and agreement", "t": 2},
        "workshop-gone": {"i": 9, "t": 3},
    }
    app = opened(WorkshopApp(cat=catalogue("en")), before.model.draft(), journal)
    assert "3 changes made after the last autosave" in app.restore_msg.value
    app.restore_btn.click()
    assert app.model.step == 3 and app.steps.selected_index == 2
    assert app.plan_panel.sections.selected_index == 3
    assert json.loads(app.store.write["draft"])["step"] == 3
    bad = opened(PlanApp(cat=catalogue("en")), "", {"plan-section": {"i": 17, "t": 1}})
    bad.restore_btn.click()  # a tab that does not exist is left as it is
    assert bad.panel.sections.selected_index == 0


def test_a_500_goal_draft_restores_quickly_and_shows_its_first_goals():
    app = opened(PlanApp(cat=catalogue("en")), big_plan_draft(500))
    assert "500 goals" in app.restore_msg.value
    start = time.perf_counter()
    app.restore_btn.click()
    elapsed = time.perf_counter() - start
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert len(app.model.goals) == 500 and len(json.loads(app.store.write["draft"])["goals"]) == 500
    assert len(app.goals_box.children) == GOALS_SHOWN and "20 of 500 goals shown" in app.goals_count.value
    assert "Your earlier work is back" in app.status.value
    app.more_goals.click()
    assert len(app.goals_box.children) == 2 * GOALS_SHOWN
    # A goal added by hand is drawn at once, however many there are.
    app.goal_add.click()
    assert len(app.goals_box.children) == 2 * GOALS_SHOWN + 1 and app.more_goals.layout.display is None
    assert "Goal 501" in app.goals_box.children[-1].children[0].value


@pytest.mark.parametrize("make", [NeedsApp, PlanApp, WorkshopApp])
def test_a_new_person_removes_everything_of_the_previous_one_from_the_browser(make):
    earlier = make(cat=catalogue("en"))
    earlier.model.client_code = "CS-PREVIOUS" if make is not WorkshopApp else ""
    if make is WorkshopApp:
        earlier.model.needs.client_code = "CS-PREVIOUS"
    app = opened(make(cat=catalogue("en")), earlier.model.draft(), {"x": {"v": "CS-PREVIOUS", "t": 1}})
    assert "CS-PREVIOUS" in app.restore_msg.value
    app.clear_btn.click()
    assert "removed too" in app.confirm_box.children[0].value
    app.confirm_box.children[1].click()  # "Yes, clear"
    write = app.store.write
    assert write["wipe"] and write["reset"] and "CS-PREVIOUS" not in write["draft"]
    assert app.store.stored == "" and app.store.journal == "" and app.restore_box.layout.display == "none"


def test_an_expired_draft_is_said_once_the_page_opens():
    app = opened(NeedsApp(cat=catalogue("en")), expired=True)
    assert f"older than {DRAFT_DAYS} days was removed" in app.status.value
    assert app.store.max_age_days == DRAFT_DAYS and app.restore_box.layout.display == "none"


def test_full_storage_is_said_and_the_draft_is_one_click_away():
    app = opened(NeedsApp(cat=catalogue("en")))
    app.store.saved_at = "10:00:00"
    assert "Draft kept on this device at 10:00:00" in app.saved.value
    app.store.full = True
    assert "storage is full" in app.saved.value and app.keep_btn.layout.display is None
    sent = []
    app.download.offer = lambda name, data, mime: sent.append((name, data))
    app.keep_btn.click()  # no client code yet: not savable as a file, so the draft itself
    assert sent and sent[0][0].endswith(".json") and json.loads(sent[0][1])["schema"].endswith("/draft")
    app.store.full = False
    assert "Draft kept on this device" in app.saved.value and app.keep_btn.layout.display == "none"
    app.store.error = "SecurityError: The operation is insecure."  # storage switched off in this browser
    assert "does not let the app keep a draft" in app.saved.value


def test_the_words_for_the_browser_are_written_in_the_apps_language():
    app = NeedsApp(cat=catalogue("en"))
    assert app.store.lost_text == "The connection to the app was lost. What you typed is kept on this device."
    assert app.store.reconnect_label == "Reconnect" and "storage is full" in app.store.full_text


def test_a_file_over_the_limit_is_refused_from_its_size_alone():
    app = NeedsApp(cat=catalogue("en"))
    app.open_up.refused = {"name": "huge.json", "size": 20_000_000, "n": 1}
    assert "too large" in app.status.value and "20 MB" in app.status.value and "2 MB" in app.status.value
    assert app.open_up.value == ()
