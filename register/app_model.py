"""The register app as plain data and traitlets: no ipywidgets here (the view is
:mod:`widgets.register.view`). Every action writes to the register at once and says what it did
or, in plain words, why it could not; nothing is kept in the browser.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os

from traitlets import Dict, HasTraits, Int, List, Unicode, observe

from curriculum.i18n import _, format_date, ngettext

from . import charts, export, imports, reports, rules
from .db import RegisterError
from .store import OUTCOMES, Register, catalogue

REMOTE_ENV = "TOOLKIT_REGISTER_REMOTE"  # set to 1 only behind a login (Jupyter token or password, JupyterHub)


def behind_hub_login() -> bool:
    """Whether the app runs in a JupyterHub single-user server: the hub let in only its signed-in owner
    (JupyterHub gives the server, and so its kernels, the owner's name and an API token)."""
    return bool(os.environ.get("JUPYTERHUB_USER") and os.environ.get("JUPYTERHUB_API_TOKEN"))


def served_locally(host: str | None = None) -> bool:
    """Whether the register may open: the server the app runs in listens on this computer only (see
    widgets.serve), or it is a person's own server behind a JupyterHub login (widgets/hub).
    A ``host`` given here is judged by its address alone."""
    if host is None and behind_hub_login():
        return True
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


# --------------------------------------------------------------------------- the other screens
# Each works on the same register as RegisterModel (``app``) and says what it did, or why it could
# not, in the app's one status line (``app.message`` and ``app.kind``).


class Screen(HasTraits):
    def __init__(self, app: RegisterModel, **kwargs):
        super().__init__(**kwargs)
        self.app = app
        self.reg = app.reg

    def _do(self, action, done: str = "") -> bool:
        return self.app._do(action, done)

    def _say(self, text: str, kind: str = "ok") -> None:
        self.app.message, self.app.kind = text, kind


def _day(value: dt.date | None) -> str:
    return format_date(value) if value else ""


class MentoringModel(Screen):
    """Mentor caseloads: mentor–client pairs, their meetings, and the span checks in words."""

    pairs = List()  # one dict per pair: mentor, person, release_on, meetings, minutes, by stage, checks
    mentor = Unicode("")  # show this mentor's caseload only ("": every mentor)

    def __init__(self, app: RegisterModel, **kwargs):
        super().__init__(app, **kwargs)
        self.reload()

    @observe("mentor")
    def _mentor(self, _change) -> None:
        self.reload()

    def mentors(self) -> list[str]:
        return sorted({c["mentor"] for c in self.reg.caseload()})

    def reload(self) -> None:
        found = self.reg.caseload(self.mentor or None)
        self.pairs = [{**c, "checks": self.span_words(c["span"]), "ok": not c["span"].problems} for c in found]

    @staticmethod
    def span_words(span: rules.Span) -> list[str]:
        """The 18-month check and the 6 + 6-month check, each as a sentence."""
        if span.first is None:
            return [_("No meetings recorded yet.")]
        words = [
            _("Meetings from {first} to {last}: {months} months in all.").format(
                first=_day(span.first), last=_day(span.last), months=f"{span.months:g}"
            )
        ]
        if span.within_18:
            words.append(_("That is within the limit of {limit} months in all.").format(limit=rules.SPAN_MONTHS))
        words += span.problems
        if span.within_6_6 is None:
            words.append(
                _(
                    "The release date is not recorded, so the {before} months before and {after} months after release cannot be checked."
                ).format(before=rules.BEFORE_MONTHS, after=rules.AFTER_MONTHS)
            )
        elif span.within_6_6:
            words.append(
                _(
                    "That is within the limit of {before} months before and {after} months after release: "
                    "{months_before} months before, {months_after} after."
                ).format(
                    before=rules.BEFORE_MONTHS,
                    after=rules.AFTER_MONTHS,
                    months_before=f"{span.months_before:g}",
                    months_after=f"{span.months_after:g}",
                )
            )
        return words

    def add_pair(self, mentor: str, person: str, release_on: dt.date | None) -> bool:
        done = _("Pair saved: mentor {mentor}, client {person}.").format(mentor=mentor.strip(), person=person.strip())
        if self._do(lambda: self.reg.pair(mentor, person, release_on), done):
            self.reload()
            return True
        return False

    def add_meeting(
        self, mentor: str, person: str, held_on: dt.date | None, minutes: int | None, stage: str | None = None
    ) -> bool:
        """A meeting; ``stage`` None: worked out from the pair's release date."""

        def record():
            if held_on is None:
                raise RegisterError(_("Give the date of the meeting."))
            if not minutes:
                raise RegisterError(_("Give how many minutes the meeting lasted."))
            self.reg.meeting(mentor.strip(), person, held_on, int(minutes), stage or None)

        done = _("Meeting on {date} saved for {person}.").format(date=_day(held_on), person=person.strip())
        if self._do(record, done):
            self.reload()
            return True
        return False


class CoursesModel(Screen):
    """Training courses: runs, trainees, minutes per module, completion and certificates."""

    runs = List()  # rows of Register.course_runs()
    run = Unicode("")  # the chosen run's code
    modules = List()  # the run's modules: {"id", "title", "minutes"}
    trainees = List()  # rows of Register.trainees(run), with "state" in words
    revision = Int(0)  # bumped when the run, its modules or trainees change: the table is drawn again

    def __init__(self, app: RegisterModel, **kwargs):
        super().__init__(app, **kwargs)
        self.reload()

    @staticmethod
    def course_options() -> list[tuple[str, str]]:
        return sorted((c.title, c.id) for c in catalogue().courses.values())

    def reload(self) -> None:
        self.runs = self.reg.course_runs()
        if self.run and all(r["code"] != self.run for r in self.runs):
            self.run = ""
        self.load_run()

    @observe("run")
    def _run_changed(self, _change) -> None:
        self.load_run()

    def load_run(self) -> None:
        info = next((r for r in self.runs if r["code"] == self.run), None)
        if info is None:
            self.modules, self.trainees = [], []
        else:
            cur = catalogue()
            self.modules = [
                {"id": m, "title": cur.modules[m].title, "minutes": minutes}
                for m, minutes in self.reg.course_modules(info["course"]).items()
            ]
            self._load_trainees()
        self.revision += 1

    def _load_trainees(self) -> None:
        titles = {m["id"]: m["title"] for m in self.modules}
        self.trainees = [{**t, "state": self.state_words(t, titles)} for t in self.reg.trainees(self.run)]

    @staticmethod
    def state_words(trainee: dict, titles: dict[str, str]) -> str:
        if trainee["completed"]:
            return _("Completed the course")
        return _("Modules still short: {modules}").format(
            modules="; ".join(titles.get(m, m) for m in trainee["missing"])
        )

    def create_run(
        self, code: str, course: str, site: str = "", trainers: str = "", starts_on: dt.date | None = None
    ) -> bool:
        def create():
            self.reg.create_course_run(code, course, site, trainers, starts_on)

        if self._do(create, _("Course {code} created.").format(code=code.strip())):
            self.runs = self.reg.course_runs()
            self.run = code.strip()
            return True
        return False

    def add_trainee(self, code: str) -> bool:
        if not self.run:
            self._say(_("Choose a course first."), "error")
            return False
        done = _("{code} added to the course.").format(code=code.strip())
        if self._do(lambda: self.reg.add_trainee(self.run, code), done):
            self.runs = self.reg.course_runs()
            self.load_run()
            return True
        return False

    def set_module(self, person: str, module: str, minutes: int) -> bool:
        ok = self._do(lambda: self.reg.record_module(self.run, person, module, minutes))
        self._load_trainees()  # the table keeps what was typed; the completion column follows
        return ok

    def fill_module(self, module: str) -> int:
        """Every trainee without minutes for ``module`` attended it in full; returns how many."""
        minutes = next((m["minutes"] for m in self.modules if m["id"] == module), 0)
        empty = [t["person"] for t in self.trainees if not t["attended"].get(module)]

        def fill():
            with self.reg.batch():
                for person in empty:
                    self.reg.record_module(self.run, person, module, minutes)

        ok = self._do(fill)
        self.load_run()
        if ok:
            title = next((m["title"] for m in self.modules if m["id"] == module), module)
            self._say(
                _("{module}: {count} marked as attending {minutes} minutes.").format(
                    module=title, count=len(empty), minutes=minutes
                )
            )
        return len(empty) if ok else 0

    def certificate(self, person: str, name: str = "", on: dt.date | None = None, cur=None) -> tuple[str, bytes] | None:
        """The certificate of a trainee who completed the course, as (file name, PDF); None after
        saying why not. ``name`` is printed on it and never stored."""
        try:
            data = export.certificate_pdf(self.reg, self.run, person, name, on, cur=cur)
        except RegisterError as exc:
            self._say(str(exc), "error")
            return None
        return f"certificate-{self.run}-{person}.pdf", data


class ImportModel(Screen):
    """CSV files of attendance or plan dates, by the command line's rules: every bad row is said as
    "line N: what is wrong", and nothing from a file with a bad row is imported."""

    KINDS = ("attendance", "plans")
    problems = List()  # the last file's problems, one sentence each

    def import_file(self, kind: str, name: str, data: bytes | None, size: int = 0) -> bool:
        """``data`` None: the file was over the size limit and was not read."""
        from widgets.files import MAX_FILE_BYTES, too_large

        self.problems = []
        if data is None or len(data) > MAX_FILE_BYTES:
            self._say(too_large(size if data is None else len(data)), "error")
            return False
        try:
            count = imports.import_data(self.reg, kind, data, name)
        except imports.ImportProblems as exc:
            self.problems = list(exc.problems)
            self._say(exc.head, "error")
            return False
        except RegisterError as exc:
            self._say(str(exc), "error")
            return False
        self._say(
            ngettext("{count} row imported from {file}.", "{count} rows imported from {file}.", count).format(
                count=count, file=name
            )
        )
        self.app.reload()
        return True

    @staticmethod
    def example(kind: str) -> tuple[str, str]:
        """A file to start from: (name, CSV text)."""
        return f"{kind}-example.csv", imports.example(kind)


class ProtectionModel(Screen):
    """Data protection: the retention period, a preview of what it would delete and deleting it
    once confirmed; one person's data exported (GDPR article 15) or erased (article 17)."""

    years = Int(0)  # the retention period in years; 0: none set
    preview = Dict()  # Register.retention_preview(), while a deletion waits for confirmation
    changed = Int(0)  # bumped when records were deleted: the other screens read the register again

    def __init__(self, app: RegisterModel, **kwargs):
        super().__init__(app, **kwargs)
        self.reload()

    def reload(self) -> None:
        self.years = self.reg.retention_years() or 0

    def save_years(self, years: int | None) -> bool:
        years = years or None
        done = (
            ngettext("Records are kept for {years} year.", "Records are kept for {years} years.", years).format(
                years=years
            )
            if years
            else _("No retention period is set: records are kept until someone deletes them.")
        )
        ok = self._do(lambda: self.reg.set_retention(years), done)
        self.preview = {}
        self.reload()
        return ok

    def preview_words(self) -> str:
        p = self.preview
        if not p:
            return ""
        return ngettext(
            "Records older than {years} year (before {date}) would be deleted. People: {people}; groups: {groups}; "
            "courses: {courses}; audit entries: {audit}. Nothing has been deleted yet.",
            "Records older than {years} years (before {date}) would be deleted. People: {people}; groups: {groups}; "
            "courses: {courses}; audit entries: {audit}. Nothing has been deleted yet.",
            p["years"],
        ).format(
            years=p["years"],
            date=_day(p["cutoff"]),
            people=p["people"],
            groups=p["groups"],
            courses=p["courses"],
            audit=p["audit"],
        )

    def preview_retention(self, today: dt.date | None = None) -> bool:
        """What applying the retention period would delete; the deletion then waits for :meth:`apply`."""

        def look():
            self.preview = self.reg.retention_preview(today)

        if self._do(look):
            self._say(self.preview_words())
            return True
        return False

    def cancel(self) -> None:
        self.preview = {}
        self._say(_("Nothing was deleted."))

    def apply(self, today: dt.date | None = None) -> bool:
        """Delete what the preview showed (its cut-off date); only after :meth:`preview_retention`."""
        if not self.preview:
            self._say(_("See what would be deleted first, then confirm."), "error")
            return False
        counts: dict = {}

        def delete():
            counts.update(self.reg.apply_retention(today))

        ok = self._do(delete)
        self.preview = {}
        if ok:
            self._say(
                _(
                    "Deleted. People: {people}; groups: {groups}; courses: {courses}; audit entries: {audit}. "
                    "The audit log records this deletion."
                ).format(**counts)
            )
            self.app.reload()
            self.changed += 1
        return ok

    def export_person(self, code: str) -> tuple[str, str] | None:
        """Everything held on one person as (file name, JSON text); the audit log records the export."""
        found: list[str] = []
        done = _("Everything held on {code} is in your downloads (GDPR article 15). The audit log records it.").format(
            code=code.strip()
        )
        if self._do(lambda: found.append(export.person_json(self.reg, code)), done):
            return f"person-{code.strip()}.json", found[0]
        return None

    def erase_person(self, code: str, typed: str) -> bool:
        """Erase one person (GDPR article 17) once ``typed`` repeats the code exactly."""
        code = (code or "").strip()

        def erase():
            if not code:
                raise RegisterError(_("Give the code of the person to erase."))
            if (typed or "").strip() != code:
                raise RegisterError(
                    _("To erase {code}, type the code {code} in the confirmation box exactly as it is written.").format(
                        code=code
                    )
                )
            self.reg.erase_person(code)

        done = _(
            "{code} was erased (GDPR article 17): their records are gone, and the audit log keeps only that an "
            "erasure happened, by whom and when."
        ).format(code=code)
        if self._do(erase, done):
            self.app.reload()
            self.changed += 1
            return True
        return False
