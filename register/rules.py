"""The rules the register applies to its data: plain functions of plain values, no database.

- :func:`completion`: a programme's completion rule (seed 003: the minimum total hours *and* an
  individual plan), with what is still missing.
- :func:`mentoring_span`: the length of a mentoring relationship, checked against the 18 months of
  seed 000 (over the whole relationship, the months before release included) and the 6 months
  before + 6 months after release of seed 002.
- :func:`course_completion`: a training course is completed when every module was attended for
  its full time in the room (make-ups added).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from curriculum.i18n import N_, _, ngettext

STATUSES = ("enrolled", "completed", "left", "transferred")
# A participant's status as the app shows it; translate with _() when shown.
STATUS_LABELS = {
    "enrolled": N_("Enrolled"),
    "completed": N_("Completed the programme"),
    "left": N_("Left the programme"),
    "transferred": N_("Transferred"),
}
STAGES = ("before-release", "at-release", "after-release")
# When a mentoring meeting was held; the database and the files keep the codes above.
STAGE_LABELS = {
    "before-release": N_("Before release"),
    "at-release": N_("On the day of release"),
    "after-release": N_("After release"),
}
REOFFENDED = ("yes", "no", "unknown")
FOLLOW_UP_MONTHS = (6, 12, 24)
SPAN_MONTHS = 18  # seed 000: up to 18 months in all
BEFORE_MONTHS = AFTER_MONTHS = 6  # seed 002: about 6 months before and 6 months after release


@dataclass(frozen=True)
class Completion:
    completed: bool
    minutes: int
    required_minutes: int
    plan: bool
    plan_required: bool
    missing: list[str] = field(default_factory=list)

    @property
    def minutes_short(self) -> int:
        return max(0, self.required_minutes - self.minutes)


def required_minutes(min_hours: float) -> int:
    return round(min_hours * 60)


def completion(min_hours: float, plan_required: bool, minutes: int, plan_on: dt.date | None) -> Completion:
    """Whether someone with ``minutes`` attended (make-ups included) and a plan made on ``plan_on``
    (None: no plan) completed a programme needing ``min_hours`` and, if ``plan_required``, a plan."""
    need = required_minutes(min_hours)
    missing = []
    if minutes < need:
        short = need - minutes
        missing.append(
            ngettext(
                "{count} more minute of attendance (of {hours} hours)",
                "{count} more minutes of attendance (of {hours} hours)",
                short,
            ).format(count=short, hours=f"{min_hours:g}")
        )
    if plan_required and plan_on is None:
        missing.append(_("an individual plan"))
    return Completion(not missing, minutes, need, plan_on is not None, plan_required, missing)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: dt.date, end: dt.date) -> float:
    """Whole calendar months from ``start`` to ``end``, and the part of the next one (one decimal)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    rest = (end - add_months(start, months)).days
    return round(months + rest / 30.4, 1)


def stage_of(held_on: dt.date, release_on: dt.date | None) -> str | None:
    if release_on is None:
        return None
    if held_on < release_on:
        return "before-release"
    return "at-release" if held_on == release_on else "after-release"


@dataclass(frozen=True)
class Span:
    first: dt.date | None
    last: dt.date | None
    months: float
    months_before: float | None
    months_after: float | None
    within_18: bool
    within_6_6: bool | None  # None: no release date recorded
    problems: list[str] = field(default_factory=list)


def mentoring_span(meetings: list[dt.date], release_on: dt.date | None) -> Span:
    """The relationship from its first to its last meeting, with the two checks."""
    if not meetings:
        return Span(None, None, 0.0, None, None, True, None if release_on is None else True)
    first, last = min(meetings), max(meetings)
    problems = []
    within_18 = last <= add_months(first, SPAN_MONTHS)
    months = months_between(first, last)
    if not within_18:
        problems.append(
            _("The relationship runs {months} months, more than the {limit} months in all.").format(
                months=f"{months:g}", limit=SPAN_MONTHS
            )
        )
    if release_on is None:
        return Span(first, last, months, None, None, within_18, None, problems)
    before = months_between(first, release_on) if first < release_on else 0.0
    after = months_between(release_on, last) if last > release_on else 0.0
    early = first < add_months(release_on, -BEFORE_MONTHS)
    late = last > add_months(release_on, AFTER_MONTHS)
    if early:
        problems.append(
            _("It starts {months} months before release, more than {limit}.").format(
                months=f"{before:g}", limit=BEFORE_MONTHS
            )
        )
    if late:
        problems.append(
            _("It continues {months} months after release, more than {limit}.").format(
                months=f"{after:g}", limit=AFTER_MONTHS
            )
        )
    return Span(first, last, months, before, after, within_18, not (early or late), problems)


def course_completion(modules: dict[str, int], attended: dict[str, int]) -> tuple[bool, list[str]]:
    """``modules``: module id -> minutes in the room; ``attended``: module id -> minutes attended.
    Returns whether every module was attended in full, and the modules still short."""
    short = [m for m, need in modules.items() if attended.get(m, 0) < need]
    return not short, short
