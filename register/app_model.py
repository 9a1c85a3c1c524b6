"""The register app as plain data and traitlets: no ipywidgets here (the view is
:mod:`widgets.register.view`). Every action writes to the register at once and says what it did
or, in plain words, why it could not; nothing is kept in the browser.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os

from traitlets import Dict, HasTraits, Int, List, Unicode, observe

from curriculum.i18n import _

from . import charts, reports
from .db import RegisterError
from .store import OUTCOMES, Register, catalogue

REMOTE_ENV = "TOOLKIT_REGISTER_REMOTE"  # set to 1 only behind a login (Jupyter token or password, JupyterHub)


def served_locally(host: str | None = None) -> bool:
    """Whether the server the app runs in listens on this computer only (see widgets.serve)."""
    host = host if host is not None else os.environ.get("TOOLKIT_SERVE_HOST", "127.0.0.1")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cell_key(person: str, session: int) -> str:
    return f"{person}|{session}"


class RegisterModel(HasTraits):
    who = Unicode("")  # written in the audit log
    groups = List()  # rows of Register.groups()
    group = Unicode("")  # the chosen group's code
    sessions = Int(0)
    participants = List()  # codes, sorted
    grid = Dict()  # "code|session" -> minutes of the regular session
    makeups = Dict()  # "code|session" -> minutes of a make-up session
    rows = List()  # the group report's participants
    message = Unicode("")
    kind = Unicode("ok")  # ok or error
    revision = Int(0)  # bumped when the group, its participants or sessions change: the grid is drawn again

    def __init__(self, register: Register, **kwargs):
        super().__init__(**kwargs)
        self.reg = register
        self.who = register.who
        self.reload()

    @observe("who")
    def _who(self, change) -> None:
        self.reg.who = change["new"].strip() or self.reg.who

    # ---- helpers
    def _do(self, action, done: str = "") -> bool:
        try:
            action()
        except RegisterError as exc:
            self.message, self.kind = str(exc), "error"
            return False
        self.message, self.kind = done, "ok"
        return True

    @staticmethod
    def programme_options() -> list[tuple[str, str]]:
        return sorted((p.title, p.id) for p in catalogue().programmes.values())

    def session_minutes(self, session: int) -> int:
        """The planned length of a session of the chosen group's programme."""
        info = next((g for g in self.groups if g["code"] == self.group), None)
        if info is None:
            return 0
        found = catalogue().programmes.get(info["programme"])
        if found is None or not 1 <= session <= len(found.sessions):
            return 0
        return found.sessions[session - 1].minutes

    # ---- groups
    def reload(self) -> None:
        self.groups = self.reg.groups()
        if self.group and all(g["code"] != self.group for g in self.groups):
            self.group = ""
        self.load_group()

    def create_group(self, code: str, programme: str, site: str = "", facilitators: str = "", starts_on=None) -> bool:
        def create():
            self.reg.create_group(code, programme, site, facilitators, starts_on)

        if self._do(create, _("Group {code} created.").format(code=code.strip())):
            self.groups = self.reg.groups()
            self.group = code.strip()
            return True
        return False

    @observe("group")
    def _group_changed(self, _change) -> None:
        self.load_group()

    def load_group(self) -> None:
        info = next((g for g in self.groups if g["code"] == self.group), None)
        if info is None:
            self.sessions, self.participants, self.grid, self.makeups, self.rows = 0, [], {}, {}, []
        else:
            self.sessions = info["sessions"]
            self.participants = [p["person"] for p in self.reg.participants(self.group)]
            grid, makeups = {}, {}
            for (person, session, makeup), minutes in self.reg.attendance(self.group).items():
                (makeups if makeup else grid)[cell_key(person, session)] = minutes
            self.grid, self.makeups = grid, makeups
            self.rows = reports.group_report(self.reg, self.group)["participants"]
        self.revision += 1

    def add_participant(self, code: str) -> bool:
        if not self.group:
            self.message, self.kind = _("Choose a group first."), "error"
            return False
        if self._do(
            lambda: self.reg.enrol(self.group, code), _("{code} added to the group.").format(code=code.strip())
        ):
            self.groups = self.reg.groups()
            self.load_group()
            return True
        return False

    # ---- attendance
    def set_minutes(self, person: str, session: int, minutes: int, makeup: bool = False) -> bool:
        def record():
            self.reg.record_attendance(self.group, person, session, minutes, makeup=makeup, held_on=dt.date.today())

        if not self._do(record):
            self.load_group()  # the grid shows what the register holds
            return False
        target = dict(self.makeups if makeup else self.grid)
        if minutes:
            target[cell_key(person, session)] = minutes
        else:
            target.pop(cell_key(person, session), None)
        if makeup:
            self.makeups = target
        else:
            self.grid = target
        self.rows = reports.group_report(self.reg, self.group)["participants"]  # the grid stays as typed
        return True

    def fill_session(self, session: int, minutes: int | None = None) -> int:
        """Everyone without a record for ``session`` attended it in full (its planned length, or
        ``minutes``); returns how many were filled in."""
        minutes = minutes or self.session_minutes(session)
        empty = [p for p in self.participants if cell_key(p, session) not in self.grid]
        ok = self._do(lambda: self._fill(empty, session, minutes))
        self.load_group()
        if ok:
            self.message = _("Session {number}: {count} marked as attending {minutes} minutes.").format(
                number=session, count=len(empty), minutes=minutes
            )
        return len(empty) if ok else 0

    def _fill(self, people: list[str], session: int, minutes: int) -> None:
        with self.reg.batch():
            for person in people:
                self.reg.record_attendance(self.group, person, session, minutes, held_on=dt.date.today())

    def set_plan(self, person: str, plan_on: dt.date | None) -> bool:
        ok = self._do(lambda: self.reg.set_plan(self.group, person, plan_on), _("Plan date saved."))
        self.load_group()
        return ok

    def set_status(self, person: str, status: str, reason: str = "") -> bool:
        ok = self._do(lambda: self.reg.set_status(self.group, person, status, reason), _("Status saved."))
        self.load_group()
        return ok

    # ---- outcomes
    @staticmethod
    def outcome_options() -> list[tuple[str, str]]:
        return [(_(label), key) for key, label in OUTCOMES.items()]

    def add_outcome(self, person: str, kind: str, on: dt.date | None, source: str) -> bool:
        def record():
            if on is None:
                raise RegisterError(_("Give the date of the outcome."))
            self.reg.record_outcome(person, kind, on, source)

        return self._do(record, _("Outcome saved for {code}.").format(code=person.strip()))

    def add_follow_up(self, person: str, months: int, reoffended: str, on: dt.date | None, source: str) -> bool:
        def record():
            if on is None:
                raise RegisterError(_("Give the date of the follow-up."))
            self.reg.record_follow_up(person, months, reoffended, on, source)

        return self._do(record, _("Follow-up saved for {code}.").format(code=person.strip()))

    # ---- dashboard
    def dashboard(self) -> dict:
        """The reports and their charts for the whole register."""
        rows = reports.participant_rows(self.reg)
        funnel = reports.funnel(self.reg, rows=rows)
        by = reports.completion_by(self.reg, rows)
        hours = reports.hours_delivered(self.reg)
        return {
            "funnel": funnel,
            "completion": by,
            "hours": hours,
            "charts": [charts.funnel_svg(funnel), charts.completion_svg(by), charts.hours_svg(hours)],
            "note": _(reports.NOTE),
        }
