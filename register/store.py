"""The register: every change goes through :class:`Register`, which checks it, writes it and adds
an audit entry (who, when, what, the row before and after) in the same transaction.

Persons are codes (:mod:`register.codes`). Groups run a programme from the catalogue, course runs
a training course; both are checked against :func:`curriculum.load_curriculum`.
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import os
from contextlib import contextmanager
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from curriculum.i18n import N_, _

from . import rules
from .codes import check_code
from .db import RegisterError, database_url, make_engine, migrate, protect
from .tables import (
    Attendance,
    AuditEntry,
    Base,
    CourseRun,
    FollowUp,
    Group,
    Meeting,
    Mentoring,
    ModuleAttendance,
    Outcome,
    Participant,
    Person,
    Setting,
    Trainee,
)

# Outcome ids (kept in the database) and their labels: seed 002's categories, then ours.
OUTCOMES = {
    "completed": N_("Completed the programme"),
    "retraining": N_("Retraining done"),
    "debt-closed": N_("Debt case closed"),
    "job-after-release": N_("Job after release"),
    "family-law-help": N_("Family-law help"),
    "housing-secured": N_("Housing secured"),
    "id-obtained": N_("ID obtained"),
}
MAX_MINUTES = 600  # one session or meeting: at most 10 hours


@functools.cache
def catalogue():
    """The curriculum in English: programme and course ids, sessions, minimum hours, modules."""
    from curriculum import load_curriculum

    return load_curriculum()


def row(obj: Base) -> dict[str, Any]:
    """A row's columns as JSON-ready values."""
    out = {}
    for column in obj.__table__.columns:
        value = getattr(obj, column.key)
        out[column.key] = value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
    return out


def current_user() -> str:
    try:
        return os.environ.get("TOOLKIT_USER") or getpass.getuser()
    except Exception:  # no user name in this environment
        return "unknown"


class Register:
    """One register database. ``url``: a database URL or an SQLite file path (default: see
    :mod:`register.db`); ``who``: the name written in the audit log (default: the login name)."""

    def __init__(self, url: str | None = None, who: str | None = None):
        self.url = database_url(url)
        self.who = who or current_user()
        self.engine = make_engine(self.url)
        migrate(self.engine)
        protect(self.engine)
        self.Session = sessionmaker(self.engine, expire_on_commit=False)
        self._current: Session | None = None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def batch(self):
        """One transaction for everything inside it: all of it is written, or none of it."""
        if self._current is not None:
            yield self._current
            return
        with self.Session() as s, s.begin():
            self._current = s
            try:
                yield s
            finally:
                self._current = None

    @contextmanager
    def reading(self):
        with self.Session() as s:
            yield s

    # ------------------------------------------------------------------ audit
    def _audit(self, s: Session, action: str, obj: Base, before: dict | None, person_id: int | None) -> None:
        s.flush()
        if isinstance(obj, Person):
            person_id = obj.id
        s.add(
            AuditEntry(
                who=self.who,
                action=action,
                entity=obj.__tablename__,
                entity_id=getattr(obj, "id", None),
                person_id=person_id,
                before=before,
                after=row(obj) if action != "delete" else None,
            )
        )

    def _change(self, s: Session, obj: Base, values: dict, person_id: int | None = None) -> bool:
        """Set ``values`` on ``obj`` (new if it has no id yet) and audit it; False if nothing changed."""
        new = obj.id is None if hasattr(obj, "id") else obj not in s
        before = None if new else row(obj)
        if not new and all(getattr(obj, k) == v for k, v in values.items()):
            return False
        for key, value in values.items():
            setattr(obj, key, value)
        if new:
            s.add(obj)
        self._audit(s, "create" if new else "update", obj, before, person_id)
        return True

    def _delete(self, s: Session, obj: Base, person_id: int | None = None) -> None:
        before = row(obj)
        s.delete(obj)
        s.flush()
        s.add(
            AuditEntry(
                who=self.who,
                action="delete",
                entity=obj.__tablename__,
                entity_id=before.get("id"),
                person_id=person_id,
                before=before,
            )
        )

    def audit(self, person: str | None = None, limit: int | None = None) -> list[dict]:
        """The audit log, newest first; ``person``: only the entries about that code."""
        with self.reading() as s:
            query = select(AuditEntry).order_by(AuditEntry.id.desc())
            if person is not None:
                query = query.where(AuditEntry.person_id == self._person(s, person, create=False).id)
            if limit:
                query = query.limit(limit)
            return [row(a) for a in s.scalars(query)]

    # ------------------------------------------------------------------ lookups
    def _person(self, s: Session, code: str, create: bool = True) -> Person:
        code = check_code(code, _("Person code"))
        person = s.scalar(select(Person).where(Person.code == code))
        if person is None:
            if not create:
                raise RegisterError(_("No person with the code “{code}” is in the register.").format(code=code))
            person = Person(code=code)
            self._change(s, person, {})
        return person

    def _group(self, s: Session, code: str) -> Group:
        group = s.scalar(select(Group).where(Group.code == (code or "").strip()))
        if group is None:
            raise RegisterError(_("No group with the code “{code}” is in the register.").format(code=code))
        return group

    def _participant(self, s: Session, group: str, person: str, create: bool = False) -> Participant:
        g = self._group(s, group)
        p = self._person(s, person, create=create)
        part = s.scalar(select(Participant).where(Participant.group_id == g.id, Participant.person_id == p.id))
        if part is None:
            if not create:
                raise RegisterError(
                    _("{person} is not a participant of group {group}.").format(person=p.code, group=g.code)
                )
            part = Participant(group_id=g.id, person_id=p.id)
            self._change(s, part, {"status": "enrolled", "reason": ""}, p.id)
        return part

    @staticmethod
    def programme(programme_id: str):
        return _from_catalogue(
            "programmes",
            programme_id,
            _("There is no programme “{id}” in the catalogue. Programme ids look like social-training-adults."),
        )

    @staticmethod
    def _session_number(g: Group, session: int) -> int:
        count = g.sessions
        if not 1 <= session <= count:
            raise RegisterError(
                _("Session {number} does not exist: {programme} has sessions 1 to {count}.").format(
                    number=session, programme=g.programme, count=count
                )
            )
        return session

    # ------------------------------------------------------------------ groups
    def create_group(
        self,
        code: str,
        programme: str,
        site: str = "",
        facilitators: str = "",
        starts_on: dt.date | None = None,
        ends_on: dt.date | None = None,
    ) -> None:
        code = check_code(code, _("Group code"))
        found = self.programme(programme)
        rule = {
            "sessions": found.session_count,
            "min_hours": found.completion.min_hours,
            "requires_plan": found.completion.requires_individual_plan,
        }
        with self.batch() as s:
            if s.scalar(select(Group.id).where(Group.code == code)) is not None:
                raise RegisterError(_("A group with the code “{code}” is in the register already.").format(code=code))
            values = dict(
                programme=programme, site=site.strip(), facilitators=facilitators.strip(), starts_on=starts_on
            )
            self._change(s, Group(code=code), {**values, **rule, "ends_on": ends_on})

    def update_group(self, code: str, **values) -> None:
        with self.batch() as s:
            g = self._group(s, code)
            if set(values) - {"site", "facilitators", "starts_on", "ends_on"}:
                raise RegisterError(_("Only the site, facilitators and dates of a group can be changed."))
            self._change(s, g, values)

    def groups(self) -> list[dict]:
        with self.reading() as s:
            counts = dict(s.execute(select(Participant.group_id, func.count()).group_by(Participant.group_id)).all())
            return [
                {**row(g), "participants": counts.get(g.id, 0)} for g in s.scalars(select(Group).order_by(Group.code))
            ]

    def enrol(self, group: str, person: str, entered_on: dt.date | None = None) -> None:
        with self.batch() as s:
            part = self._participant(s, group, person, create=True)
            if entered_on is not None:
                self._change(s, part, {"entered_on": entered_on}, part.person_id)

    def participants(self, group: str) -> list[dict]:
        with self.reading() as s:
            g = self._group(s, group)
            query = (
                select(Participant, Person.code)
                .join(Person, Person.id == Participant.person_id)
                .where(Participant.group_id == g.id)
                .order_by(Person.code)
            )
            return [{**row(p), "person": code} for p, code in s.execute(query)]

    def set_status(self, group: str, person: str, status: str, reason: str = "") -> None:
        if status not in rules.STATUSES:
            raise RegisterError(
                _("“{status}” is not a status; use one of: {statuses}.").format(
                    status=status, statuses=", ".join(rules.STATUSES)
                )
            )
        with self.batch() as s:
            part = self._participant(s, group, person)
            self._change(s, part, {"status": status, "reason": reason.strip()}, part.person_id)

    def set_plan(self, group: str, person: str, plan_on: dt.date | None) -> None:
        """The date the person's individual plan was created (None: no plan)."""
        with self.batch() as s:
            part = self._participant(s, group, person)
            self._change(s, part, {"plan_on": plan_on}, part.person_id)

    def record_attendance(
        self,
        group: str,
        person: str,
        session: int,
        minutes: int,
        makeup: bool = False,
        held_on: dt.date | None = None,
    ) -> None:
        """Minutes attended of a session (a make-up session with ``makeup``); 0 removes the record."""
        check_minutes(minutes)
        with self.batch() as s:
            part = self._participant(s, group, person)
            self._session_number(part.group, session)
            found = s.scalar(
                select(Attendance).where(
                    Attendance.participant_id == part.id, Attendance.session == session, Attendance.makeup == makeup
                )
            )
            if minutes == 0:
                if found is not None:
                    self._delete(s, found, part.person_id)
                return
            att = found or Attendance(participant_id=part.id, session=session, makeup=makeup)
            values = {"minutes": minutes} | ({"held_on": held_on} if held_on or found is None else {})
            self._change(s, att, values, part.person_id)

    def attendance(self, group: str) -> dict[tuple[str, int, bool], int]:
        """(person code, session, make-up) -> minutes, for one group."""
        with self.reading() as s:
            g = self._group(s, group)
            query = (
                select(Person.code, Attendance.session, Attendance.makeup, Attendance.minutes)
                .join(Participant, Participant.id == Attendance.participant_id)
                .join(Person, Person.id == Participant.person_id)
                .where(Participant.group_id == g.id)
            )
            return {(code, session, makeup): minutes for code, session, makeup, minutes in s.execute(query)}

    # ------------------------------------------------------------------ mentoring
    def pair(self, mentor: str, person: str, release_on: dt.date | None = None) -> None:
        mentor = check_code(mentor, _("Mentor code"))
        with self.batch() as s:
            p = self._person(s, person)
            pair = s.scalar(select(Mentoring).where(Mentoring.mentor == mentor, Mentoring.person_id == p.id))
            self._change(s, pair or Mentoring(mentor=mentor, person_id=p.id), {"release_on": release_on}, p.id)

    def meeting(self, mentor: str, person: str, held_on: dt.date, minutes: int, stage: str | None = None) -> None:
        check_minutes(minutes, allow_zero=False)
        with self.batch() as s:
            p = self._person(s, person, create=False)
            pair = s.scalar(select(Mentoring).where(Mentoring.mentor == mentor, Mentoring.person_id == p.id))
            if pair is None:
                raise RegisterError(_("{mentor} is not the mentor of {person}.").format(mentor=mentor, person=p.code))
            stage = stage or rules.stage_of(held_on, pair.release_on)
            if stage not in rules.STAGES:
                raise RegisterError(
                    _("Say whether the meeting was before, at or after release, or record the release date first.")
                )
            values = {"held_on": held_on, "minutes": minutes, "stage": stage}
            self._change(s, Meeting(mentoring_id=pair.id), values, p.id)

    def caseload(self, mentor: str | None = None) -> list[dict]:
        """Mentor-client pairs with their meetings' minutes and the span checks."""
        with self.reading() as s:
            query = select(Mentoring, Person.code).join(Person, Person.id == Mentoring.person_id)
            if mentor is not None:
                query = query.where(Mentoring.mentor == mentor)
            out = []
            for pair, code in s.execute(query.order_by(Mentoring.mentor, Person.code)):
                span = rules.mentoring_span([m.held_on for m in pair.meetings], pair.release_on)
                by_stage = {stage: 0 for stage in rules.STAGES}
                for m in pair.meetings:
                    by_stage[m.stage] += m.minutes
                out.append(
                    {
                        "mentor": pair.mentor,
                        "person": code,
                        "release_on": pair.release_on,
                        "meetings": len(pair.meetings),
                        "minutes": sum(by_stage.values()),
                        "minutes_by_stage": by_stage,
                        "span": span,
                        "meeting_list": [
                            {"held_on": m.held_on, "minutes": m.minutes, "stage": m.stage}
                            for m in sorted(pair.meetings, key=lambda m: (m.held_on, m.id))
                        ],
                    }
                )
            return out

    # ------------------------------------------------------------------ training courses
    @staticmethod
    def course(course_id: str):
        known = ", ".join(catalogue().courses)
        return _from_catalogue(
            "courses", course_id, _("There is no training course “{id}”; the courses are: {ids}."), known
        )

    def course_modules(self, course_id: str) -> dict[str, int]:
        cur = catalogue()
        return {m: cur.modules[m].minutes for m in self.course(course_id).modules}

    def create_course_run(
        self, code: str, course: str, site: str = "", trainers: str = "", starts_on: dt.date | None = None
    ) -> None:
        code = check_code(code, _("Course code"))
        self.course(course)
        with self.batch() as s:
            if s.scalar(select(CourseRun.id).where(CourseRun.code == code)) is not None:
                raise RegisterError(_("A course with the code “{code}” is in the register already.").format(code=code))
            values = {"course": course, "site": site.strip(), "trainers": trainers.strip(), "starts_on": starts_on}
            self._change(s, CourseRun(code=code), values)

    def _trainee(self, s: Session, run: str, person: str, create: bool = False) -> Trainee:
        r = s.scalar(select(CourseRun).where(CourseRun.code == run))
        if r is None:
            raise RegisterError(_("No course with the code “{code}” is in the register.").format(code=run))
        p = self._person(s, person, create=create)
        t = s.scalar(select(Trainee).where(Trainee.run_id == r.id, Trainee.person_id == p.id))
        if t is None:
            if not create:
                raise RegisterError(_("{person} is not a trainee of {run}.").format(person=p.code, run=r.code))
            t = Trainee(run_id=r.id, person_id=p.id)
            self._change(s, t, {}, p.id)
        return t

    def add_trainee(self, run: str, person: str) -> None:
        with self.batch() as s:
            self._trainee(s, run, person, create=True)

    def record_module(self, run: str, person: str, module: str, minutes: int) -> None:
        """Minutes a trainee attended of a module, make-ups added in."""
        check_minutes(minutes)
        with self.batch() as s:
            t = self._trainee(s, run, person)
            if module not in self.course_modules(t.run.course):
                raise RegisterError(
                    _("“{module}” is not a module of {course}.").format(module=module, course=t.run.course)
                )
            found = s.scalar(
                select(ModuleAttendance).where(ModuleAttendance.trainee_id == t.id, ModuleAttendance.module == module)
            )
            self._change(
                s, found or ModuleAttendance(trainee_id=t.id, module=module), {"minutes": minutes}, t.person_id
            )

    def trainees(self, run: str) -> list[dict]:
        """Each trainee's modules attended, completion and the modules still short."""
        with self.reading() as s:
            r = s.scalar(select(CourseRun).where(CourseRun.code == run))
            if r is None:
                raise RegisterError(_("No course with the code “{code}” is in the register.").format(code=run))
            modules = self.course_modules(r.course)
            out = []
            for t in sorted(r.trainees, key=lambda t: t.person.code):
                attended = dict(
                    s.execute(
                        select(ModuleAttendance.module, ModuleAttendance.minutes).where(
                            ModuleAttendance.trainee_id == t.id
                        )
                    ).all()
                )
                done, short = rules.course_completion(modules, attended)
                out.append({"person": t.person.code, "attended": attended, "completed": done, "missing": short})
            return out

    def course_runs(self) -> list[dict]:
        """Every course run, with how many trainees it has."""
        with self.reading() as s:
            counts = dict(s.execute(select(Trainee.run_id, func.count()).group_by(Trainee.run_id)).all())
            query = select(CourseRun).order_by(CourseRun.code)
            return [{**row(r), "trainees": counts.get(r.id, 0)} for r in s.scalars(query)]

    def course_run(self, code: str) -> dict:
        with self.reading() as s:
            r = s.scalar(select(CourseRun).where(CourseRun.code == code))
            if r is None:
                raise RegisterError(_("No course with the code “{code}” is in the register.").format(code=code))
            return row(r)

    # ------------------------------------------------------------------ outcomes and follow-ups
    def record_outcome(self, person: str, kind: str, on: dt.date, source: str) -> None:
        if kind not in OUTCOMES:
            raise RegisterError(
                _("“{kind}” is not an outcome; use one of: {kinds}.").format(kind=kind, kinds=", ".join(OUTCOMES))
            )
        source = check_source(source)
        with self.batch() as s:
            p = self._person(s, person)
            found = s.scalar(select(Outcome).where(Outcome.person_id == p.id, Outcome.kind == kind))
            self._change(s, found or Outcome(person_id=p.id, kind=kind), {"on": on, "source": source}, p.id)

    def record_follow_up(self, person: str, months: int, reoffended: str, on: dt.date, source: str) -> None:
        if months not in rules.FOLLOW_UP_MONTHS:
            raise RegisterError(_("Follow-ups are at 6, 12 and 24 months, not {months}.").format(months=months))
        if reoffended not in rules.REOFFENDED:
            raise RegisterError(_("Reoffended is yes, no or unknown, not “{value}”.").format(value=reoffended))
        source = check_source(source)
        with self.batch() as s:
            p = self._person(s, person)
            found = s.scalar(select(FollowUp).where(FollowUp.person_id == p.id, FollowUp.months == months))
            values = {"reoffended": reoffended, "on": on, "source": source}
            self._change(s, found or FollowUp(person_id=p.id, months=months), values, p.id)

    def outcomes(self, person: str | None = None) -> list[dict]:
        with self.reading() as s:
            query = select(Outcome, Person.code).join(Person, Person.id == Outcome.person_id)
            if person is not None:
                query = query.where(Person.code == person)
            return [{**row(o), "person": code} for o, code in s.execute(query.order_by(Person.code, Outcome.kind))]

    # ------------------------------------------------------------------ data protection
    def retention_years(self) -> int | None:
        with self.reading() as s:
            value = s.get(Setting, "retention_years")
            return int(value.value) if value else None

    def set_retention(self, years: int | None) -> None:
        if years is not None and not 1 <= years <= 100:
            raise RegisterError(_("Keep records for 1 to 100 years, not {years}.").format(years=years))
        with self.batch() as s:
            found = s.get(Setting, "retention_years")
            if years is None:
                if found is not None:
                    self._delete(s, found)
                return
            self._change(s, found or Setting(key="retention_years"), {"value": str(years)})

    def export_person(self, code: str) -> dict:
        """Everything the register holds on one person (GDPR article 15), as JSON-ready data. The
        audit log gets an entry ``export`` (who and when)."""
        with self.reading() as s:
            p = self._person(s, code, create=False)
            out: dict[str, Any] = {"person": row(p), "groups": [], "mentoring": [], "courses": []}
            for part in s.scalars(select(Participant).where(Participant.person_id == p.id)):
                atts = s.scalars(select(Attendance).where(Attendance.participant_id == part.id))
                out["groups"].append(
                    {"group": row(part.group), "participant": row(part), "attendance": [row(a) for a in atts]}
                )
            for pair in s.scalars(select(Mentoring).where(Mentoring.person_id == p.id)):
                out["mentoring"].append({"pair": row(pair), "meetings": [row(m) for m in pair.meetings]})
            for t in s.scalars(select(Trainee).where(Trainee.person_id == p.id)):
                mods = s.scalars(select(ModuleAttendance).where(ModuleAttendance.trainee_id == t.id))
                out["courses"].append({"course": row(t.run), "modules": [row(m) for m in mods]})
            out["outcomes"] = [row(o) for o in s.scalars(select(Outcome).where(Outcome.person_id == p.id))]
            out["follow_ups"] = [row(f) for f in s.scalars(select(FollowUp).where(FollowUp.person_id == p.id))]
            query = select(AuditEntry).where(AuditEntry.person_id == p.id).order_by(AuditEntry.id)
            out["audit"] = [row(a) for a in s.scalars(query)]
        with self.batch() as s:  # the log keeps that everything held was given out, by whom and when
            s.add(AuditEntry(who=self.who, action="export", entity="person", entity_id=p.id, person_id=p.id))
        return out

    def erase_person(self, code: str) -> dict[str, int]:
        """Remove one person and everything about them (GDPR article 17). The audit log keeps that
        something was erased, by whom and when, but no longer what: the entries about the person lose
        their before and after."""
        with self.batch() as s:
            p = self._person(s, code, create=False)
            return self._erase(s, p, "erase")

    def _erase(self, s: Session, p: Person, action: str) -> dict[str, int]:
        counts = {}
        for table, column in (
            (Participant, Participant.person_id),
            (Mentoring, Mentoring.person_id),
            (Trainee, Trainee.person_id),
            (Outcome, Outcome.person_id),
            (FollowUp, FollowUp.person_id),
        ):
            counts[table.__tablename__] = s.scalar(select(func.count()).select_from(table).where(column == p.id))
        blanked = s.execute(
            update(AuditEntry).where(AuditEntry.person_id == p.id).values(before=None, after=None, person_id=None)
        ).rowcount
        s.execute(delete(Person).where(Person.id == p.id))  # the rest goes with it (ON DELETE CASCADE)
        s.add(
            AuditEntry(who=self.who, action=action, entity="person", entity_id=p.id, after={**counts, "audit": blanked})
        )
        return counts

    def _retention_cutoff(self, today: dt.date | None) -> tuple[int, dt.date]:
        years = self.retention_years()
        if years is None:
            raise RegisterError(
                _("No retention period is set: set one first (python -m register retention --years N).")
            )
        return years, rules.add_months(today or dt.date.today(), -12 * years)

    def _retention_targets(self, s: Session, cutoff: dt.date) -> tuple[list[int], list[int], list[int]]:
        """The ids of the people with nothing recorded since ``cutoff``, and of the groups and courses
        that ended before it and would have no one left in them once those people are gone."""
        latest: dict[int, dt.date] = {}

        def seen(rows) -> None:
            for person_id, day in rows:
                if day is not None:
                    day = day.date() if isinstance(day, dt.datetime) else day
                    latest[person_id] = max(latest.get(person_id, day), day)

        seen(s.execute(select(Person.id, Person.created_at)))
        part = Participant
        seen(s.execute(select(part.person_id, func.max(part.entered_on)).group_by(part.person_id)))
        seen(s.execute(select(part.person_id, func.max(part.plan_on)).group_by(part.person_id)))
        seen(
            s.execute(
                select(part.person_id, func.max(Attendance.held_on))
                .join(Attendance, Attendance.participant_id == part.id)
                .group_by(part.person_id)
            )
        )
        seen(
            s.execute(
                select(part.person_id, func.max(func.coalesce(Group.ends_on, Group.starts_on)))
                .join(Group, Group.id == part.group_id)
                .group_by(part.person_id)
            )
        )
        seen(
            s.execute(
                select(Mentoring.person_id, func.max(Meeting.held_on))
                .join(Meeting, Meeting.mentoring_id == Mentoring.id)
                .group_by(Mentoring.person_id)
            )
        )
        for table in (Outcome, FollowUp):
            seen(s.execute(select(table.person_id, func.max(table.on)).group_by(table.person_id)))
        old = sorted(pid for pid, day in latest.items() if day < cutoff)
        staying = select(Participant.id).where(Participant.group_id == Group.id)
        learning = select(Trainee.id).where(Trainee.run_id == CourseRun.id)
        if old:
            staying = staying.where(Participant.person_id.not_in(old))
            learning = learning.where(Trainee.person_id.not_in(old))
        ended = func.coalesce(Group.ends_on, Group.starts_on)
        groups = s.scalars(select(Group.id).where(ended < cutoff, ~staying.exists())).all()
        runs = s.scalars(select(CourseRun.id).where(CourseRun.starts_on < cutoff, ~learning.exists())).all()
        return old, list(groups), list(runs)

    def retention_preview(self, today: dt.date | None = None) -> dict:
        """What :meth:`apply_retention` would delete today, deleting nothing: the period in years, the
        cut-off date, and how many people, groups, courses and audit entries."""
        years, cutoff = self._retention_cutoff(today)
        since = dt.datetime.combine(cutoff, dt.time(), dt.UTC)
        with self.reading() as s:
            old, groups, runs = self._retention_targets(s, cutoff)
            audit = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.at < since))
        return {
            "years": years,
            "cutoff": cutoff,
            "people": len(old),
            "groups": len(groups),
            "courses": len(runs),
            "audit": audit,
        }

    def apply_retention(self, today: dt.date | None = None) -> dict[str, int]:
        """Delete what is older than the retention setting: every person with nothing recorded in
        the last N years, groups and courses that ended before then and have no one left in them,
        and audit entries older than that. Returns how many of each went."""
        _years, cutoff = self._retention_cutoff(today)
        since = dt.datetime.combine(cutoff, dt.time(), dt.UTC)
        with self.batch() as s:
            old, group_ids, run_ids = self._retention_targets(s, cutoff)
            for person in s.scalars(select(Person).where(Person.id.in_(old))) if old else []:
                self._erase(s, person, "retention")
            for table, ids in ((Group, group_ids), (CourseRun, run_ids)):
                for obj in s.scalars(select(table).where(table.id.in_(ids))).all() if ids else []:
                    self._delete(s, obj)
            audit = s.execute(delete(AuditEntry).where(AuditEntry.at < since)).rowcount
            counts = {"people": len(old), "groups": len(group_ids), "courses": len(run_ids), "audit": audit}
            s.add(AuditEntry(who=self.who, action="retention", entity="register", after=counts))
            return counts


def _from_catalogue(kind: str, key: str, problem: str, known: str = ""):
    """A programme or course of the catalogue, or RegisterError with ``problem`` (``{id}``, ``{ids}``)."""
    found = getattr(catalogue(), kind).get(key)
    if found is None:
        raise RegisterError(problem.format(id=key, ids=known))
    return found


def check_minutes(minutes: int, allow_zero: bool = True) -> int:
    if not isinstance(minutes, int) or minutes < (0 if allow_zero else 1) or minutes > MAX_MINUTES:
        raise RegisterError(
            _("Minutes must be a whole number from {low} to {high}, not {value}.").format(
                low=0 if allow_zero else 1, high=MAX_MINUTES, value=minutes
            )
        )
    return minutes


def check_source(source: str) -> str:
    source = (source or "").strip()
    if not source:
        raise RegisterError(_("Say where this was learnt (the source), for example: employer's letter, client."))
    return source[:200]
