"""Staff training needs and periodic retraining (seed 001: the department determines "the needs for
the development of professional skills of social workers and psychologists" and organises periodic
retraining).

- A self-rating form: every competence (objective) of every module of a course, rated by each staff
  member on a four-point scale of our own choosing. The book prints it (:func:`render_needs_page`);
  the same form as a spreadsheet is ``python -m curriculum needs form --course ID``.
- A team summary (:func:`summarise`): for each module, how many of the team rated a competence
  below "on my own", ranked, so an agency sees which modules its team needs most.
- A refresher agenda (:func:`refresher_agenda`): the most needed modules that fit a refresher day,
  with an opening, breaks and a close.

The model needs no browser and no widgets: ``python -m curriculum needs summary RATINGS.csv``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from .i18n import N_, _, ngettext
from .loader import Curriculum
from .schema import Course, Module

# Our own scale (not a licensed instrument): what a staff member can do today.
# Translators: the points of the staff self-rating scale, from 0 to 3.
SCALE = (N_("Not yet"), N_("With support"), N_("On my own"), N_("Can guide others"))
# A rating below this counts as a training need.
NEED_BELOW = 2
COLUMNS = ("person", "module", "competence", "rating")
OPENING, CLOSING, BREAK = 15, 15, 15
OPENING_TITLE = N_("Opening: what the team rated and why these modules")
CLOSING_TITLE = N_("Close: each person's next step and the date of the next self-rating")
# A refresher module is a shortened module: its time in the room, at most this.
REFRESHER_MODULE_MAX = 90


class RatingsError(ValueError):
    """Problems in a ratings file, each as "line N: what is wrong"."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Rating:
    person: str
    module: str
    competence: int  # 1-based, the module's objectives in order
    rating: int


@dataclass
class ModuleNeed:
    module: Module
    people: set[str] = field(default_factory=set)  # who rated at least one competence below "on my own"
    low: int = 0  # ratings below "on my own"
    ratings: int = 0

    @property
    def share(self) -> float:
        return self.low / self.ratings if self.ratings else 0.0


def form_rows(course: Course, cur: Curriculum) -> list[list[str]]:
    """The blank self-rating form as spreadsheet rows (a header, then a row per competence)."""
    rows = [list(COLUMNS) + ["objective"]]
    for mod in cur.course_modules(course.id):
        for n, objective in enumerate(mod.objectives, 1):
            rows.append(["", mod.id, str(n), "", " ".join(objective.split())])
    return rows


def read_ratings(text: str, course: Course, cur: Curriculum) -> list[Rating]:
    """Ratings from CSV text with the columns person, module, competence, rating; every problem at once."""
    mods = {m.id: m for m in cur.course_modules(course.id)}
    out, problems = [], []
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise RatingsError([_("line 1: missing column(s) {columns}").format(columns=", ".join(missing))])
    for line, row in enumerate(reader, 2):
        person, module = (row.get("person") or "").strip(), (row.get("module") or "").strip()
        value = (row.get("rating") or "").strip()
        if not value:
            continue  # not rated (a blank form row)
        if not person:
            problems.append(_("line {line}: no person").format(line=line))
            continue
        if module not in mods:
            problems.append(
                _("line {line}: unknown module {module} for course {course}").format(
                    line=line, module=repr(module), course=course.id
                )
            )
            continue
        try:
            comp, rating = int(row.get("competence") or ""), int(value)
        except ValueError:
            problems.append(_("line {line}: competence and rating must be whole numbers").format(line=line))
            continue
        if not 1 <= comp <= len(mods[module].objectives):
            problems.append(
                _("line {line}: module {module} has competences 1-{count}").format(
                    line=line, module=module, count=len(mods[module].objectives)
                )
            )
        elif not 0 <= rating < len(SCALE):
            problems.append(_("line {line}: rating must be 0-{high}").format(line=line, high=len(SCALE) - 1))
        else:
            out.append(Rating(person, module, comp, rating))
    if problems:
        raise RatingsError(problems)
    return out


def summarise(ratings: list[Rating], course: Course, cur: Curriculum) -> list[ModuleNeed]:
    """Every module of the course, the most needed first (by people in need, then share of low ratings,
    then course order)."""
    needs = {m.id: ModuleNeed(m) for m in cur.course_modules(course.id)}
    for r in ratings:
        need = needs[r.module]
        need.ratings += 1
        if r.rating < NEED_BELOW:
            need.low += 1
            need.people.add(r.person)
    return sorted(needs.values(), key=lambda n: (-len(n.people), -n.share, n.module.number))


@dataclass(frozen=True)
class Slot:
    start: int  # minutes from the start of the day
    minutes: int
    title: str
    module: Module | None = None


def refresher_agenda(needs: list[ModuleNeed], day_minutes: int = 360) -> list[Slot]:
    """A refresher day: opening, then the most needed modules (each at most 90 minutes) with a break
    between, and a close, all within ``day_minutes``. Modules nobody needs are left out."""
    slots = [Slot(0, OPENING, _(OPENING_TITLE))]
    used = OPENING
    for need in needs:
        if not need.people:
            continue
        length = min(need.module.minutes, REFRESHER_MODULE_MAX)
        gap = BREAK if len(slots) > 1 else 0
        if used + gap + length + CLOSING > day_minutes:
            continue
        if gap:
            slots.append(Slot(used, BREAK, _("Break")))
            used += BREAK
        title = _("Module {number}: {title}").format(number=need.module.number, title=need.module.title)
        slots.append(Slot(used, length, title, need.module))
        used += length
    slots.append(Slot(used, CLOSING, _(CLOSING_TITLE)))
    return slots


DAY_START = "09:00"


def clock(minutes: int) -> str:
    """A refresher day's clock time, ``minutes`` after it starts."""
    from .render_courses import clock as course_clock

    return course_clock(DAY_START, minutes)


# --------------------------------------------------------------------------- the printable page


def render_needs_page(course: Course, cur: Curriculum) -> str:
    """The printable self-rating form, the team summary sheet and the refresher agenda of one course."""
    from .render import cell, table_head
    from .render_courses import course_label

    mods = cur.course_modules(course.id)
    title = _("Training needs and refresher: {course}").format(course=course.title)
    lines = [f"({course.id}-training-needs)=", f"# {title}", ""]
    lines += [
        _(
            "The department determines the professional development needs of its social workers and "
            "psychologists and organises periodic retraining. This page is the tool for it: each staff member "
            "rates every competence of the course below, the team lead adds the ratings up, and the modules the "
            "team needs most become the next refresher day."
        ),
        "",
        _("Course: {course}.").format(course=f"{{ref}}`{course.title} <{course_label(course.id)}>`"),
        "",
        ":::{admonition} " + _("How to use it"),
        ":class: note",
        "",
        "1. "
        + _(
            "Each staff member fills in the form alone and honestly: it is for planning training, never for appraisal."
        ),
        "2. " + _("The team lead counts, for each module, how many people rated a competence 0 or 1."),
        "3. "
        + _(
            "The modules with the most people in need come first on the refresher day. With the ratings in a "
            "spreadsheet, `python -m curriculum needs summary RATINGS.csv` does the counting and prints the agenda."
        ),
        "4. " + _("Repeat the self-rating once a year (a figure of our own choosing) and after a change of practice."),
        ":::",
        "",
    ]
    scale = ", ".join(f"{n} = {_(label)}" for n, label in enumerate(SCALE))
    lines += ["## " + _("Self-rating form"), "", _("Name: ______________________  Date: ____________"), ""]
    lines += [_("Rate each competence: {scale}.").format(scale=scale), ""]
    for mod in mods:
        lines += [f"### {_('Module {number}: {title}').format(number=mod.number, title=mod.title)}", ""]
        lines += table_head([_("I can…"), "0", "1", "2", "3"], "lllll")
        for objective in mod.objectives:
            lines.append(f"| {cell(objective)} | ☐ | ☐ | ☐ | ☐ |")
        lines.append("")
    lines += ["## " + _("Team summary"), ""]
    lines += [_("For each module: how many people rated at least one competence 0 or 1. Most needed first."), ""]
    lines += table_head([_("Module"), _("People in need"), _("Rank")], "lrr")
    for mod in mods:
        lines.append(f"| {cell(_('Module {number}: {title}').format(number=mod.number, title=mod.title))} | | |")
    lines += ["", "## " + _("Refresher agenda"), ""]
    day = 360
    lines += [
        ngettext(
            "A refresher day of {minutes} minute: an opening, the most needed modules shortened to at most "
            "{max} minutes each, a break between them, and a close.",
            "A refresher day of {minutes} minutes: an opening, the most needed modules shortened to at most "
            "{max} minutes each, a break between them, and a close.",
            day,
        ).format(minutes=day, max=REFRESHER_MODULE_MAX),
        "",
    ]
    lines += table_head([_("Time"), _("Minutes"), _("What")], "lrl")
    lines.append(f"| {clock(0)}–{clock(OPENING)} | {OPENING} | {cell(_(OPENING_TITLE))} |")
    blank = cell(_("Module: ______________________"))
    lines += [f"| | | {blank} |"] * 3
    lines.append(f"| | {CLOSING} | {cell(_(CLOSING_TITLE))} |")
    lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def needs_file(course: Course) -> str:
    """Path of the page under book/generated/."""
    return f"courses/{course.id}/training-needs.md"


# --------------------------------------------------------------------------- command line


def main(argv: list[str]) -> int:
    import argparse
    import sys
    from pathlib import Path

    from .loader import DATA_DIR, load_curriculum

    parser = argparse.ArgumentParser(prog="python -m curriculum needs", description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", default="staff-training")
    parser.add_argument("--data", default=str(DATA_DIR))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("form", help="the blank self-rating form as CSV, on standard output")
    p_sum = sub.add_parser("summary", help="which modules the team needs most, and a refresher agenda")
    p_sum.add_argument("ratings", help="CSV with the columns person, module, competence, rating")
    p_sum.add_argument("--minutes", type=int, default=360, help="length of the refresher day")
    args = parser.parse_args(argv)
    cur = load_curriculum(Path(args.data))
    if args.course not in cur.courses:
        print(f"unknown course {args.course}; choose from {', '.join(cur.courses)}", file=sys.stderr)
        return 2
    course = cur.courses[args.course]
    if args.command == "form":
        csv.writer(sys.stdout).writerows(form_rows(course, cur))
        return 0
    try:
        ratings = read_ratings(Path(args.ratings).read_text(encoding="utf-8-sig"), course, cur)
    except RatingsError as exc:
        print("\n".join(f"{args.ratings}:{p}" for p in exc.problems), file=sys.stderr)
        return 1
    people = len({r.person for r in ratings})
    print(f"{course.title}: {people} people, {len(ratings)} ratings")
    print(f"{'module':50} {'people in need':>14} {'low ratings':>12}")
    for need in summarise(ratings, course, cur):
        name = f"{need.module.number}. {need.module.title}"[:50]
        print(f"{name:50} {len(need.people):14d} {need.share:12.0%}")
    print("\nRefresher agenda")
    for slot in refresher_agenda(summarise(ratings, course, cur), args.minutes):
        print(f"{clock(slot.start)}–{clock(slot.start + slot.minutes)}  {slot.minutes:3d}  {slot.title}")
    return 0
