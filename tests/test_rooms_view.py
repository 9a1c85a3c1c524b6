"""The group calibration exercise's screens without a browser: the facilitator's app (widgets/rooms/view.py)
and the "Group exercise" panel of the needs-assessment app (widgets/rooms/join.py), each with its own
RoomStore on the same folder, as the kernels of one Voila server have."""

from __future__ import annotations

import pytest

from widgets.needs.view import NeedsApp
from widgets.rooms.join import room_from_query
from widgets.rooms.model import RoomStore
from widgets.rooms.view import CalibrationApp, participant_link

CASE = "andrei-foreign-national"


@pytest.fixture
def rooms(tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_ROOMS_DIR", str(tmp_path))
    monkeypatch.delenv("QUERY_STRING", raising=False)
    return tmp_path


def _open_room(app: CalibrationApp) -> str:
    app.case_pick.value = CASE
    app.open_btn.click()
    assert app.model.code, app.status.value
    return app.model.code


def _join(app: NeedsApp, code: str, nickname: str) -> None:
    panel = app.group
    panel.open_btn.click()
    panel.code.value = code
    panel.nickname.value = nickname
    panel.join_btn.click()


def test_a_round_through_both_screens(rooms):
    host = CalibrationApp(lang="en")
    assert host.setup.layout.display is None and host.room_box.layout.display == "none"
    host.open_btn.click()
    assert "Choose a case study for the room first." in host.status.value
    code = _open_room(host)
    assert f">{code}<" in host.code_html.value
    assert "0 people have sent ratings" in host.count_html.value
    assert host.ticker.running  # the page asks for a refresh every few seconds while a room is open

    anna = NeedsApp(lang="en")
    anna.model.client_code = "K-0412"  # a real assessment on screen: joining asks before replacing it
    _join(anna, code.lower(), "Anna")
    assert anna.group.replace_box.layout.display == "flex"
    assert anna.group.state.seat is None
    anna.group.replace_yes.click()
    assert anna.group.state.seat.nickname == "Anna"
    assert anna.model.case_study == CASE and anna.model.client_code == "CS-ANDREI"
    assert all(r["practitioner"] is None and r["client"] is None and not r["note"] for r in anna.model.ratings.values())
    assert "Andrei" in anna.group.case.value and "Worries" in anna.group.case.value
    assert "4" not in [str(r["practitioner"]) for r in anna.model.ratings.values()]

    petr = NeedsApp(lang="en")
    _join(petr, code, "Petr Novák")
    assert "looks like a person&#x27;s full name" in petr.group.say_html.value
    petr.group.nickname.value = "anna"
    petr.group.join_btn.click()
    assert "already uses the nickname" in petr.group.say_html.value
    petr.group.nickname.value = "Petr"
    petr.group.join_btn.click()
    assert petr.group.state.seat is not None

    # Only the Practitioner row is sent; a Client rating alone is explained.
    anna.model.rate("legal", "client", 3)
    anna.group.send_btn.click()
    assert "Nothing was sent: the group compares the Practitioner row." in anna.group.say_html.value
    anna.model.rate("legal", "practitioner", 1)
    anna.model.rate("employment", "practitioner", 2)
    anna.group.send_btn.click()
    assert "Sent to the group at" in anna.group.say_html.value
    assert "2 of 18 areas rated" in anna.group.say_html.value
    assert "Employment 2, Legal matters 1" in anna.group.say_html.value
    petr.model.rate("legal", "practitioner", 4)
    petr.group.send_btn.click()

    host.ticker.ticks += 1  # what the page's timer does
    assert "2 people have sent ratings" in host.count_html.value
    assert "Ratings of Legal matters range from 1 to 4." in host.prompts_html.value
    assert "<svg" in host.chart_html.value and "<table" in host.table_html.value
    assert "Anna" not in host.table_html.value  # nicknames only when asked for
    host.names_box.value = True
    assert "Anna" in host.table_html.value

    # Changing a rating after sending says so; sending again replaces.
    anna.model.rate("legal", "practitioner", 2)
    assert "Send again" in anna.group.pending.value
    anna.group.send_btn.click()
    assert "They replace what you sent before" in anna.group.say_html.value
    assert anna.group.pending.value == ""
    host.refresh_btn.click()
    assert "Refreshed at" in host.status.value
    legal = next(d for d in host.results.domains if d.domain == "legal")
    assert legal.ratings == {"Anna": 2, "Petr": 4}

    # A language switch keeps the open room on the facilitator's screen and the seat in the app.
    host.switch_language("cs")
    assert host.model.code == code and f">{code}<" in host.code_html.value
    anna.switch_language("cs")
    assert anna.group.state.seat.code == code and code in anna.group.where.value
    host.switch_language("en")
    anna.switch_language("en")

    # Leaving takes the person out; closing deletes the room, and a later send is refused in plain words.
    petr.group.leave_btn.click()
    assert "You left room" in petr.group.say_html.value
    host.ticker.ticks += 1
    assert "1 person has sent ratings" in host.count_html.value
    host.close_btn.click()
    assert host.confirm_box.layout.display == "flex"
    assert f"Close the room {code}?" in host.confirm_text.value
    host.confirm_box.children[1].click()
    assert f"The room {code} is closed" in host.status.value
    assert host.model.code == "" and not host.ticker.running
    anna.group.send_btn.click()
    assert f"The facilitator has closed the room {code}." in anna.group.say_html.value
    assert anna.model.ratings["legal"]["practitioner"] == 2  # nothing on screen is lost


def test_the_facilitators_screen_goes_back_to_its_room_after_a_reload(rooms):
    first = CalibrationApp(lang="en")
    code = _open_room(first)
    again = CalibrationApp(lang="en")  # the reloaded page: a new kernel, the draft from the browser
    again.store.stored = first.model.draft()
    again.store.ready = True
    assert again.restore_box.layout.display == "flex"
    assert f"The room {code} that you opened on this device is still open." in again.restore_msg.value
    again.restore_btn.click()
    assert again.model.code == code and f">{code}<" in again.code_html.value
    # A room that has ended is not offered back.
    RoomStore().close(code, first.model.key)
    later = CalibrationApp(lang="en")
    later.store.stored = first.model.draft()
    later.store.ready = True
    assert later.restore_box.layout.display == "none"
    # And a screen whose room was closed elsewhere says so at its next refresh.
    again.ticker.ticks += 1
    assert f"The facilitator has closed the room {code}." in again.status.value
    assert again.setup.layout.display is None


def test_the_address_fills_in_the_code(rooms, monkeypatch):
    assert room_from_query("room=k7mp3x&lang=cs") == "K7MP3X"
    assert room_from_query("lang=cs") == ""
    monkeypatch.setenv("QUERY_STRING", "room=k7mp3x")
    app = NeedsApp(lang="en")
    assert app.group.code.value == "K7MP3X"
    assert app.group.form.layout.display is None  # the form is open
    assert "Enter a nickname and press Join to take part in room K7MP3X." in app.group.say_html.value
    app.group.join_btn.click()
    assert "Enter a nickname" in app.group.say_html.value
    app.group.nickname.value = "Anna"
    app.group.join_btn.click()
    assert "There is no open room with the code K7MP3X." in app.group.say_html.value


def test_the_participants_link(monkeypatch):
    monkeypatch.setenv("SCRIPT_NAME", "/voila/render/calibration.ipynb")
    monkeypatch.setenv("SERVER_NAME", "10.0.0.5")
    monkeypatch.setenv("SERVER_PORT", "8866")
    assert participant_link("K7MP3X", "en") == "http://10.0.0.5:8866/voila/render/needs-assessment.ipynb?room=K7MP3X"
    assert participant_link("K7MP3X", "cs").endswith("?room=K7MP3X&lang=cs")
