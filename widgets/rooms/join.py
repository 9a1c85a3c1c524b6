"""The "Group exercise" panel of the needs-assessment app: join a facilitator's room with its code
and a nickname, rate the room's case study and send the ratings to the group.

Joining loads the room's case study with every rating empty (each person rates on their own);
what is sent is the Practitioner row of each area, nothing else: no note, no name. Sending again
replaces what was sent. ``?room=K7MP3X`` in the app's address opens the panel with the code filled in.

The panel is built again with the rest of the app (a language switch); what it knows (the room, the
nickname, what was sent, what was typed) lives in :class:`RoomState`, which lasts as long as the app.
"""

from __future__ import annotations

import datetime as dt
import os
from html import escape
from urllib.parse import parse_qs

import ipywidgets as w

from curriculum.i18n import _, current_language, ngettext

from ..controls import labelled
from ..shell import message
from .model import RoomProblem, RoomStore, Seat, Sent, check_nickname, normalise_code

CSS = """
<style>
.rm-join { border: 1px solid #93c5fd; background: #f8fbff; border-radius: 6px; padding: 4px 10px 8px; margin: 4px 0 8px; }
.rm-join h3 { margin: 4px 0 2px; font-size: 15px; }
.rm-case { font-size: 13px; max-width: 900px; }
.rm-case summary { cursor: pointer; font-weight: 600; }
.rm-case ul { margin: 2px 0 6px; padding-left: 20px; }
.rm-join .rm-code input { text-transform: uppercase; letter-spacing: 2px; }
</style>
"""


def room_from_query(query: str | None) -> str:
    """``"room=k7mp3x&lang=cs"`` -> ``"K7MP3X"`` (as given, upper case); ``""`` when there is none."""
    values = parse_qs(query or "").get("room") or [""]
    return values[0].strip().upper()[:20]


def clock_time(at: float) -> str:
    """``14:05`` in the current language's way."""
    from babel.dates import format_time

    return format_time(dt.datetime.fromtimestamp(at), format="short", locale=current_language())


def case_html(case) -> str:
    """The case study as a participant reads it: who, the sentence, the background, strengths, wants, worries.
    Not the case's own ratings, notes or facilitator's notes."""

    def items(title: str, texts) -> str:
        if not texts:
            return ""
        lis = "".join(f"<li>{escape(t)}</li>" for t in texts)
        return f"<b>{escape(title)}</b><ul>{lis}</ul>"

    # Translators: the heading of a case study's text in the group exercise, which opens and closes.
    summary = _("Read the case: {title}").format(title=case.title)
    # Translators: a line about the fictional person of a case study: "Andrei, 38. Release in five months."
    who = _("{name}, {age}. {release}").format(name=case.name, age=case.age, release=case.release)
    return (
        f"<details open class='rm-case'><summary>{escape(summary)}</summary>"
        f"<p>{escape(who)}</p><p>{escape(case.sentence)}</p><p>{escape(case.background)}</p>"
        + items(_("Strengths"), case.strengths)
        + items(_("What the person wants"), case.wants)
        + items(_("Worries"), case.worries)
        + "</details>"
    )


class RoomState:
    """What the panel knows, kept across rebuilds of the app's widgets."""

    def __init__(self, host):
        self.host = host
        self.store: RoomStore | None = None
        self.seat: Seat | None = None
        self.sent: Sent | None = None
        self.code = ""  # as typed
        self.nickname = ""
        self.open = False
        self.note = ("", "")  # the last message and its kind
        self.panel: GroupPanel | None = None
        self.asked = False  # the address has been read for ?room=
        host.store.observe(self._on_ready, names="ready")
        host.model.observe(lambda _change: self.panel and self.panel.show_pending(), names="revision")
        if os.environ.get("VOILA_PREHEAT", "False") == "False":
            self.read_address()

    def _on_ready(self, change) -> None:
        """The page is open: a preheated kernel knows its address only now."""
        if change["new"] and not self.asked:
            self.read_address()
            if self.panel is not None:
                self.panel.show()

    def read_address(self) -> None:
        self.asked = True
        code = room_from_query(os.environ.get("QUERY_STRING"))
        if code and self.seat is None:
            self.code, self.open = code, True
            self.note = (_("Enter a nickname and press Join to take part in room {code}.").format(code=code), "muted")

    def rooms(self) -> RoomStore:
        if self.store is None:
            self.store = RoomStore()
        return self.store


class GroupPanel:
    """The panel's widgets; ``box`` goes into the app's layout."""

    def __init__(self, host):
        self.host = host
        state = host.__dict__.get("_room_state")
        if state is None:
            state = host.__dict__["_room_state"] = RoomState(host)
        self.state = state
        state.panel = self
        heading = escape(_("Group exercise"))
        intro = escape(
            _(
                "For training: join a room that a facilitator opened, rate the case study on your own and send "
                "your ratings to the group. Only your nickname and your ratings are sent."
            )
        )
        self.head = w.HTML(f"{CSS}<h3>{heading}</h3><p class='na-muted'>{intro}</p>")
        # Translators: a button that opens the form to join a group calibration exercise.
        self.open_btn = w.Button(description=_("Join a group exercise"), layout=w.Layout(width="auto"))
        self.open_btn.add_class("rm-open")
        self.code = labelled(
            w.Text(value=state.code, placeholder=_("e.g. K7MP3X"), layout=w.Layout(width="220px")), _("Room code")
        )
        self.code.add_class("rm-code")
        self.nickname = labelled(
            w.Text(
                value=state.nickname,
                placeholder=_("e.g. Anna or Blue fox"),
                layout=w.Layout(width="280px"),
            ),
            _("Nickname"),
        )
        self.nickname.add_class("rm-nickname")
        # Translators: a button: join the room whose code was typed.
        self.join_btn = w.Button(description=_("Join"), button_style="primary")
        self.join_btn.add_class("rm-join-btn")
        # Translators: a button that hides the form to join a group exercise.
        self.hide_btn = w.Button(description=_("Not now"))
        self.form = w.HBox(
            [self.code, self.nickname, self.join_btn, self.hide_btn],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )
        replace = _(
            "Joining loads the room's case study and replaces what is on screen. Save the assessment first if you "
            "need it."
        )
        self.replace_yes = w.Button(description=_("Join and load the case"), button_style="warning")
        self.replace_no = w.Button(description=_("Cancel"))
        self.replace_box = w.HBox(
            [w.HTML(escape(replace)), self.replace_yes, self.replace_no],
            layout=w.Layout(display="none", align_items="center", flex_flow="row wrap"),
        )
        self.where = w.HTML()
        self.where.add_class("rm-where")
        self.case = w.HTML()
        self.send_btn = w.Button(
            description=_("Send my ratings to the group"), button_style="success", layout=w.Layout(width="auto")
        )
        self.send_btn.add_class("rm-send")
        self.reload_btn = w.Button(description=_("Load the room's case again"), layout=w.Layout(width="auto"))
        # Translators: a button: leave the group exercise; the nickname and ratings are taken out of the room.
        self.leave_btn = w.Button(description=_("Leave the room"), layout=w.Layout(width="auto"))
        self.joined = w.VBox(
            [
                self.where,
                self.case,
                w.HBox(
                    [self.send_btn, self.reload_btn, self.leave_btn],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
            ]
        )
        self.say_html = w.HTML()
        self.say_html.add_class("rm-message")
        self.pending = w.HTML()
        self.pending.add_class("rm-pending")
        self.box = w.VBox(
            [self.head, self.open_btn, self.form, self.replace_box, self.joined, self.say_html, self.pending]
        )
        self.box.add_class("rm-join")
        self.box.add_class("rm-panel")
        self.code.observe(lambda ch: setattr(state, "code", ch["new"]), names="value")
        self.nickname.observe(lambda ch: setattr(state, "nickname", ch["new"]), names="value")
        self.open_btn.on_click(self._on_open)
        self.hide_btn.on_click(self._on_hide)
        self.join_btn.on_click(self._on_join)
        self.replace_yes.on_click(lambda _b: self._join(confirmed=True))
        self.replace_no.on_click(lambda _b: setattr(self.replace_box.layout, "display", "none"))
        self.send_btn.on_click(self._on_send)
        self.reload_btn.on_click(self._on_reload)
        self.leave_btn.on_click(self._on_leave)
        self.show()

    # ------------------------------------------------------------------ showing
    def show(self) -> None:
        s = self.state
        joined = s.seat is not None
        if self.code.value != s.code:
            self.code.value = s.code
        self.open_btn.layout.display = "none" if (joined or s.open) else None
        self.form.layout.display = None if (s.open and not joined) else "none"
        self.joined.layout.display = None if joined else "none"
        if joined:
            room = s.seat.room
            case = self.host.cat.case_studies.get(room.case_id)
            title = case.title if case else room.case_id
            where = _(
                "You are in room {code} as “{nickname}”. The case study: {title}. Rate each area in the "
                "Practitioner row, then send your ratings. The group sees your nickname and your ratings only."
            ).format(code=room.code, nickname=s.seat.nickname, title=title)
            self.where.value = f"<p><b>{escape(where)}</b></p>"
            self.case.value = case_html(case) if case else ""
        self.reload_btn.layout.display = "none" if not joined or self._case_on_screen() else None
        text, kind = s.note
        self.say_html.value = message(text, kind) if kind != "muted" else f"<p class='na-muted'>{escape(text)}</p>"
        self.show_pending()

    def _case_on_screen(self) -> bool:
        s = self.state
        return s.seat is not None and self.host.model.case_study == s.seat.room.case_id

    def show_pending(self) -> None:
        """After sending, a line when the ratings on screen are not the ones the group has."""
        s = self.state
        text = ""
        if s.seat is not None and s.sent is not None and self._case_on_screen() and self._ratings() != s.sent.ratings:
            text = _("You changed ratings after sending them. Send again so that the group sees the new ones.")
        self.pending.value = message(text, "warn")
        self.reload_btn.layout.display = "none" if s.seat is None or self._case_on_screen() else None

    def _say(self, text: str, kind: str = "error") -> None:
        self.state.note = (text, kind)
        self.say_html.value = message(text, kind)

    def _ratings(self) -> dict[str, int | None]:
        m = self.host.model
        return {d: m.ratings[d]["practitioner"] for d in m.domain_ids}

    # ------------------------------------------------------------------ actions
    def _on_open(self, _button=None) -> None:
        self.state.open = True
        self.state.note = ("", "")
        self.show()

    def _on_hide(self, _button=None) -> None:
        self.state.open = False
        self.state.note = ("", "")
        self.replace_box.layout.display = "none"
        self.show()

    def _on_join(self, _widget=None) -> None:
        self._join(confirmed=False)

    def _join(self, confirmed: bool) -> None:
        host, s = self.host, self.state
        host._ensure_language()
        self.replace_box.layout.display = "none"
        try:
            store = s.rooms()
            normalise_code(self.code.value)  # what was typed is checked before the room is looked up
            check_nickname(self.nickname.value)
            room = store.room(self.code.value)
            m = host.model
            if not confirmed and m.has_content() and m.case_study != room.case_id:
                self.replace_box.layout.display = "flex"
                return
            if room.case_id not in host.cat.case_studies:
                raise RoomProblem(
                    _("This copy of the toolkit does not have the room's case study ({case}).").format(
                        case=room.case_id
                    )
                )
            s.seat = store.join(room.code, self.nickname.value)
        except RoomProblem as exc:
            self._say(str(exc))
            return
        s.sent = None
        s.code = s.seat.code
        self._load_case()
        s.note = (
            _("You joined room {code}. The case study is on screen with every rating empty.").format(code=s.seat.code),
            "ok",
        )
        self.show()

    def _load_case(self) -> None:
        """The room's case on screen, every rating, urgency and note empty: each person rates on their own."""
        host, m = self.host, self.host.model
        with host._quietly():
            m.load_case(self.state.seat.room.case_id)
            m.ratings = {d: m._blank() for d in m.domain_ids}
            m.revision += 1
        host._touched.clear()
        host._sync_inputs()
        if host._autosave:
            host._keep()

    def _on_reload(self, _button=None) -> None:
        if self.state.seat is None:
            return
        self.host._ensure_language()
        self._load_case()
        self._say(_("The room's case study is on screen again, with every rating empty."), "ok")
        self.show()

    def _on_send(self, _button=None) -> None:
        host, s = self.host, self.state
        host._ensure_language()
        if s.seat is None:
            return
        if not self._case_on_screen():
            self._say(
                _(
                    "The form no longer shows the room's case study, so nothing was sent. Load the room's case "
                    "again and rate it."
                )
            )
            self.show_pending()
            return
        ratings = self._ratings()
        m = host.model
        if not any(v is not None for v in ratings.values()) and any(
            m.ratings[d]["client"] is not None for d in m.domain_ids
        ):
            self._say(
                _(
                    "Nothing was sent: the group compares the Practitioner row. Rate each area in the Practitioner "
                    "row, then send."
                )
            )
            return
        try:
            sent = s.rooms().submit(s.seat, ratings)
        except RoomProblem as exc:
            self._say(_("Nothing was sent. {problem} Your ratings stay on this screen.").format(problem=str(exc)))
            return
        s.sent = sent
        total = len(ratings)
        titles = {d.id: d.title for d in host.cat.domains}
        listed = ", ".join(
            _("{area} {score}").format(area=titles.get(d, d), score=v) for d, v in ratings.items() if v is not None
        )
        if sent.replaced:
            head = ngettext(
                "Sent again at {time}: {count} of {total} areas rated. They replace what you sent before.",
                "Sent again at {time}: {count} of {total} areas rated. They replace what you sent before.",
                sent.rated,
            )
        else:
            head = ngettext(
                "Sent to the group at {time}: {count} of {total} areas rated.",
                "Sent to the group at {time}: {count} of {total} areas rated.",
                sent.rated,
            )
        text = head.format(time=clock_time(sent.at), count=sent.rated, total=total)
        what = _("What you sent as “{nickname}”: {ratings}.").format(nickname=sent.nickname, ratings=listed)
        self._say(f"{text} {what}", "ok")
        self.show_pending()

    def _on_leave(self, _button=None) -> None:
        s = self.state
        self.host._ensure_language()
        if s.seat is None:
            return
        try:
            s.rooms().leave(s.seat)
        except RoomProblem:
            pass  # the room has gone already: there is nothing of this person in it
        code = s.seat.code
        s.seat = s.sent = None
        s.open = False
        s.note = (
            _("You left room {code}: your nickname and ratings were taken out of it. The form stays on screen.").format(
                code=code
            ),
            "ok",
        )
        self.show()
