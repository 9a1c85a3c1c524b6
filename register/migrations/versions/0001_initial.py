"""The first register: groups, attendance, mentoring, courses, outcomes, follow-ups, audit.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True)


def _ref(name: str, table: str) -> sa.Column:
    return sa.Column(name, sa.Integer, sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False, index=True)


def upgrade() -> None:
    op.create_table(
        "person",
        _id(),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "programme_group",
        _id(),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("programme", sa.String(60), nullable=False, index=True),
        sa.Column("sessions", sa.Integer, nullable=False),
        sa.Column("min_hours", sa.Float, nullable=False),
        sa.Column("requires_plan", sa.Boolean, nullable=False),
        sa.Column("site", sa.String(120), nullable=False),
        sa.Column("facilitators", sa.String(300), nullable=False),
        sa.Column("starts_on", sa.Date),
        sa.Column("ends_on", sa.Date),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "participant",
        _id(),
        _ref("group_id", "programme_group"),
        _ref("person_id", "person"),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("plan_on", sa.Date),
        sa.Column("entered_on", sa.Date),
        sa.UniqueConstraint("group_id", "person_id"),
    )
    op.create_table(
        "attendance",
        _id(),
        _ref("participant_id", "participant"),
        sa.Column("session", sa.Integer, nullable=False),
        sa.Column("makeup", sa.Boolean, nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("held_on", sa.Date),
        sa.UniqueConstraint("participant_id", "session", "makeup"),
    )
    op.create_table(
        "mentoring",
        _id(),
        sa.Column("mentor", sa.String(40), nullable=False),
        _ref("person_id", "person"),
        sa.Column("release_on", sa.Date),
        sa.UniqueConstraint("mentor", "person_id"),
    )
    op.create_table(
        "meeting",
        _id(),
        _ref("mentoring_id", "mentoring"),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
    )
    op.create_table(
        "course_run",
        _id(),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("course", sa.String(60), nullable=False),
        sa.Column("site", sa.String(120), nullable=False),
        sa.Column("trainers", sa.String(300), nullable=False),
        sa.Column("starts_on", sa.Date),
    )
    op.create_table(
        "trainee",
        _id(),
        _ref("run_id", "course_run"),
        _ref("person_id", "person"),
        sa.UniqueConstraint("run_id", "person_id"),
    )
    op.create_table(
        "module_attendance",
        _id(),
        _ref("trainee_id", "trainee"),
        sa.Column("module", sa.String(60), nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.UniqueConstraint("trainee_id", "module"),
    )
    for name, extra in (
        ("outcome", [sa.Column("kind", sa.String(40), nullable=False)]),
        (
            "follow_up",
            [sa.Column("months", sa.Integer, nullable=False), sa.Column("reoffended", sa.String(10), nullable=False)],
        ),
    ):
        key = "kind" if name == "outcome" else "months"
        op.create_table(
            name,
            _id(),
            _ref("person_id", "person"),
            *extra,
            sa.Column("on", sa.Date, nullable=False),
            sa.Column("source", sa.String(200), nullable=False),
            sa.UniqueConstraint("person_id", key),
        )
    op.create_table(
        "audit",
        _id(),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("who", sa.String(80), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.Integer),
        sa.Column("person_id", sa.Integer, index=True),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for name in (
        "setting",
        "audit",
        "follow_up",
        "outcome",
        "module_attendance",
        "trainee",
        "course_run",
        "meeting",
        "mentoring",
        "attendance",
        "participant",
        "programme_group",
        "person",
    ):
        op.drop_table(name)
