"""The register's tables (SQLAlchemy 2). The schema itself is made by the Alembic migrations in
``register/migrations``; these classes must match them (``tests/test_register_store.py`` checks).

Every person is a pseudonymous code (:mod:`register.codes`); nothing here holds a name, an address
or a date of birth.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Person(Base):
    """One person the agency works with, known by a code only."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Group(Base):
    """A programme group: a programme from the catalogue, run at a site by facilitators, under the
    programme's completion rule as it was when the group was created."""

    __tablename__ = "programme_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    programme: Mapped[str] = mapped_column(String(60), index=True)
    # The programme's rule when the group was created (a later change to the catalogue leaves it as it ran).
    sessions: Mapped[int] = mapped_column(Integer)
    min_hours: Mapped[float] = mapped_column(Float)
    requires_plan: Mapped[bool] = mapped_column(Boolean)
    site: Mapped[str] = mapped_column(String(120), default="")
    facilitators: Mapped[str] = mapped_column(String(300), default="")
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    participants: Mapped[list[Participant]] = relationship(back_populates="group", cascade="all, delete-orphan")


class Participant(Base):
    """A person in a group: status (enrolled, completed, left, transferred), reason, plan date."""

    __tablename__ = "participant"
    __table_args__ = (UniqueConstraint("group_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("programme_group.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="enrolled")
    reason: Mapped[str] = mapped_column(String(300), default="")
    plan_on: Mapped[dt.date | None] = mapped_column(Date)
    entered_on: Mapped[dt.date | None] = mapped_column(Date)
    group: Mapped[Group] = relationship(back_populates="participants")
    person: Mapped[Person] = relationship()


class Attendance(Base):
    """Minutes one participant attended of one session; a make-up session is a row of its own."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("participant_id", "session", "makeup"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    session: Mapped[int] = mapped_column(Integer)
    makeup: Mapped[bool] = mapped_column(Boolean, default=False)
    minutes: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[dt.date | None] = mapped_column(Date)


class Mentoring(Base):
    """A mentor-client pair; the mentor is a staff code, the client a person."""

    __tablename__ = "mentoring"
    __table_args__ = (UniqueConstraint("mentor", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    mentor: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    release_on: Mapped[dt.date | None] = mapped_column(Date)
    meetings: Mapped[list[Meeting]] = relationship(cascade="all, delete-orphan", order_by="Meeting.held_on")


class Meeting(Base):
    __tablename__ = "meeting"
    id: Mapped[int] = mapped_column(primary_key=True)
    mentoring_id: Mapped[int] = mapped_column(ForeignKey("mentoring.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(20))  # before-release, at-release, after-release


class CourseRun(Base):
    """One run of a training course (mentor training, staff course)."""

    __tablename__ = "course_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    course: Mapped[str] = mapped_column(String(60))
    site: Mapped[str] = mapped_column(String(120), default="")
    trainers: Mapped[str] = mapped_column(String(300), default="")
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    trainees: Mapped[list[Trainee]] = relationship(cascade="all, delete-orphan")


class Trainee(Base):
    __tablename__ = "trainee"
    __table_args__ = (UniqueConstraint("run_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("course_run.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    run: Mapped[CourseRun] = relationship(back_populates="trainees")
    person: Mapped[Person] = relationship()


class ModuleAttendance(Base):
    __tablename__ = "module_attendance"
    __table_args__ = (UniqueConstraint("trainee_id", "module"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainee.id", ondelete="CASCADE"), index=True)
    module: Mapped[str] = mapped_column(String(60))
    minutes: Mapped[int] = mapped_column(Integer)


class Outcome(Base):
    """Something that happened for a person, with the date and where the agency learnt it."""

    __tablename__ = "outcome"
    __table_args__ = (UniqueConstraint("person_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))


class FollowUp(Base):
    """Reoffending as the agency recorded it 6, 12 or 24 months after release: yes, no or unknown."""

    __tablename__ = "follow_up"
    __table_args__ = (UniqueConstraint("person_id", "months"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    months: Mapped[int] = mapped_column(Integer)
    reoffended: Mapped[str] = mapped_column(String(10))
    on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))


class AuditEntry(Base):
    """One change: who, when, what (table and row), and the row before and after."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    who: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(20))  # create, update, delete, erase, retention
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(Integer, index=True)  # whose data, for export and erasure
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


class Setting(Base):
    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
