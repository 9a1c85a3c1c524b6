"""Staff training needs as plain data and traitlets (no ipywidgets here): the app's two parts.

- **My self-rating** (:class:`SelfRating`): a staff member picks a course (the mentor course or the
  staff course), rates their confidence in every competence of every module on the scale of
  :mod:`curriculum.training_needs` (0 "Not yet" to 3 "Can guide others"), sees the modules they most
  need to refresh, and saves the rating as a file (schema ``open-reentry-curriculum/training-needs``,
  version 1).
- **Team summary** (:class:`TeamSummary`): a trainer adds several such files, or the spreadsheet of
  ``python -m curriculum needs form``; the summary ranks the modules by how many people need them and
  makes the refresher agenda.

The counting, the ranking and the agenda are :mod:`curriculum.training_needs`'s own
(:func:`~curriculum.training_needs.summarise`, :func:`~curriculum.training_needs.refresher_agenda`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from html import escape
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from traitlets import Dict, HasTraits, Int, List, Unicode

from curriculum.i18n import N_, _, ngettext
from curriculum.schema import Course
from curriculum.training_needs import (
    NEED_BELOW,
    SCALE,
    ModuleNeed,
    Rating,
    RatingsError,
    Slot,
    clock,
    read_ratings,
    refresher_agenda,
    summarise,
)

from ..catalogue import Catalogue
from ..fields import TextRule, text_problems
from ..files import (
    FileProblem,
    InputProblem,
    LanguageCode,
    dump,
    load_versioned,
    parse_draft,
    plain_problems,
    refuse_if,
    with_plain_problems,
)

SCHEMA_ID = "open-reentry-curriculum/training-needs"
SCHEMA_VERSION = 1
MIGRATIONS: dict = {}  # none yet: version 1 is the first

PERSON = TextRule(
    "person",
    N_("Your name or initials"),
    80,
    required=N_("Write your name or initials: the team summary counts each person once."),
)
DAY_MINUTES = (180, 240, 360, 420)  # the lengths of a refresher day to choose from
TOP = 3  # the modules a person sees first, to refresh
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
Score = Annotated[int, Field(ge=0, le=len(SCALE) - 1)]


class SelfRatingRecord(BaseModel):
    """Version 1 of the saved self-rating: one rating a competence, in the module's order (None: not rated)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_: Literal["open-reentry-curriculum/training-needs"] = Field(alias="schema", default=SCHEMA_ID)
    version: Literal[1] = SCHEMA_VERSION
    language: LanguageCode = "en"
    course: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
    person: Annotated[str, PERSON]
    rated_on: dt.date
    ratings: dict[
        Annotated[str, StringConstraints(max_length=60)], Annotated[list[Score | None], Field(max_length=40)]
    ] = Field(max_length=100)


def scale_label(value: int) -> str:
    return _(SCALE[value])


def read_self_rating(raw: bytes | str) -> SelfRatingRecord:
    return load_versioned(
        raw,
        SelfRatingRecord,
        SCHEMA_ID,
        SCHEMA_VERSION,
        _("This file is not a training needs self-rating; it was saved as '{schema}'."),
        MIGRATIONS,
    )


def check_against(rec: SelfRatingRecord, catalogue: Catalogue) -> None:
    """FileProblem (plain words) when the file's course or modules are not the curriculum's."""
    cur = catalogue.curriculum
    if rec.course not in cur.courses:
        raise FileProblem(
            [_("This file rates a course this toolkit does not have: '{course}'.").format(course=rec.course)]
        )
    mods = {m.id: m for m in cur.course_modules(rec.course)}
    problems = []
    for module, values in rec.ratings.items():
        if module not in mods:
            problems.append(_("The file rates a module this course does not have: '{module}'.").format(module=module))
        elif len(values) != len(mods[module].objectives):
            problems.append(
                _("Module {number} has {count} competences, but the file rates {rated}.").format(
                    number=mods[module].number, count=len(mods[module].objectives), rated=len(values)
                )
            )
    if problems:
        raise FileProblem(problems)


def ratings_of(rec: SelfRatingRecord) -> list[Rating]:
    """The file's ratings as :mod:`curriculum.training_needs` counts them (unrated competences left out)."""
    person = " ".join(rec.person.split())
    return [
        Rating(person, module, n, value)
        for module, values in rec.ratings.items()
        for n, value in enumerate(values, 1)
        if value is not None
    ]


# --------------------------------------------------------------------------- my self-rating


class SelfRating(HasTraits):
    """One person's rating of every competence of one course."""

    course = Unicode("")
    person = Unicode("")  # as typed; checked by field_problems()
    rated_on = Unicode("")  # as typed, YYYY-MM-DD
    ratings = Dict()  # module id -> [rating or None, one a competence]; every course's modules (nothing is lost)
    language = Unicode("")
    revision = Int(0)

    def __init__(self, catalogue: Catalogue, **kwargs):
        super().__init__(**kwargs)
        self.catalogue = catalogue
        self.language = self.language or catalogue.language
        self.course = self.course or next(iter(catalogue.curriculum.courses), "")
        self.rated_on = self.rated_on or dt.date.today().isoformat()
        self.observe(self._bump, names=["course", "person", "rated_on", "language"])

    def _bump(self, _change=None) -> None:
        self.revision += 1

    def use_catalogue(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    # ---- the course
    def courses(self) -> list[tuple[str, str]]:
        """(title, id) of every course, for a choice."""
        return [(c.title, c.id) for c in self.catalogue.curriculum.courses.values()]

    def course_obj(self) -> Course:
        return self.catalogue.curriculum.courses[self.course]

    def modules(self):
        return self.catalogue.curriculum.course_modules(self.course)

    def set_course(self, course: str) -> None:
        if course not in self.catalogue.curriculum.courses:
            raise InputProblem(_("There is no course '{course}'.").format(course=course))
        self.course = course

    # ---- ratings
    def values(self, module: str) -> list[int | None]:
        mod = self._module(module)
        stored = list(self.ratings.get(module) or [])
        return (stored + [None] * len(mod.objectives))[: len(mod.objectives)]

    def _module(self, module: str):
        for mod in self.modules():
            if mod.id == module:
                return mod
        raise InputProblem(_("'{module}' is not a module of this course.").format(module=module))

    def rate(self, module: str, competence: int, value: int | None) -> None:
        """Rate competence ``competence`` (1-based) of ``module``; None takes the rating back."""
        values = self.values(module)
        if not 1 <= competence <= len(values):
            raise InputProblem(_("Module has no competence {number}.").format(number=competence))
        if value is not None and not (isinstance(value, int) and 0 <= value < len(SCALE)):
            raise InputProblem(_("A rating is a number from 0 to {high}.").format(high=len(SCALE) - 1))
        values[competence - 1] = value
        self.ratings = {**self.ratings, module: values}
        self._bump()

    def counts(self) -> tuple[int, int]:
        """(competences rated, competences) of the course."""
        rated = total = 0
        for mod in self.modules():
            values = self.values(mod.id)
            rated += sum(v is not None for v in values)
            total += len(values)
        return rated, total

    def has_content(self) -> bool:
        return bool(self.person.strip() or any(v is not None for vs in self.ratings.values() for v in vs))

    def as_ratings(self) -> list[Rating]:
        person = " ".join(self.person.split()) or "me"
        return [
            Rating(person, mod.id, n, v)
            for mod in self.modules()
            for n, v in enumerate(self.values(mod.id), 1)
            if v is not None
        ]

    def to_refresh(self, top: int = TOP) -> list[ModuleNeed]:
        """The modules with a competence rated below "On my own", the most in need first (at most ``top``)."""
        needs = summarise(self.as_ratings(), self.course_obj(), self.catalogue.curriculum)
        return [n for n in needs if n.low][:top]

    # ---- problems, files and drafts
    def field_problems(self) -> dict[str, str]:
        problems = text_problems([("person", PERSON, self.person)])
        try:
            dt.date.fromisoformat(self.rated_on.strip())
        except ValueError:
            problems["rated_on"] = _("Write the date as YYYY-MM-DD, for example 2025-03-01.")
        if not self.counts()[0]:
            problems["ratings"] = _("Rate at least one competence first.")
        return problems

    def to_record(self) -> SelfRatingRecord:
        refuse_if(self.field_problems())
        return with_plain_problems(
            lambda: SelfRatingRecord(
                language=self.language if LANGUAGE_CODE.match(self.language) else "en",
                course=self.course,
                person=self.person,
                rated_on=dt.date.fromisoformat(self.rated_on.strip()),
                ratings={mod.id: self.values(mod.id) for mod in self.modules()},
            )
        )

    def to_json(self) -> str:
        return dump(self.to_record())

    def load_record(self, rec: SelfRatingRecord) -> None:
        check_against(rec, self.catalogue)
        with self.hold_trait_notifications():
            self.language = rec.language
            self.course = rec.course
            self.person = rec.person
            self.rated_on = rec.rated_on.isoformat()
            self.ratings = {**self.ratings, **{m: list(v) for m, v in rec.ratings.items()}}
        self._bump()

    def open_file(self, raw: bytes | str) -> None:
        rec = read_self_rating(raw)
        with plain_problems():
            self.load_record(rec)

    def state(self) -> dict:
        return {
            "language": self.language,
            "course": self.course,
            "person": self.person,
            "rated_on": self.rated_on,
            "ratings": self.ratings,
        }

    def set_state(self, data: dict) -> None:
        """Put back a state from :meth:`state`; bad values become blanks."""
        ratings = {}
        for module, values in (data.get("ratings") or {}).items():
            if isinstance(module, str) and isinstance(values, list):
                ratings[module] = [
                    v if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < len(SCALE) else None
                    for v in values[:40]
                ]
        course = data.get("course")
        language = data.get("language")
        with self.hold_trait_notifications():
            self.language = language if isinstance(language, str) and LANGUAGE_CODE.match(language) else "en"
            if course in self.catalogue.curriculum.courses:
                self.course = course
            self.person = str(data.get("person") or "")
            self.rated_on = str(data.get("rated_on") or dt.date.today().isoformat())
            self.ratings = ratings
        self._bump()

    def clear(self, language: str | None = None) -> None:
        with self.hold_trait_notifications():
            self.person = ""
            self.ratings = {}
            self.rated_on = dt.date.today().isoformat()
            if language:
                self.language = language
        self._bump()

    def file_stem(self) -> str:
        from ..browser import safe_filename

        return safe_filename(self.person.strip() or "staff", "training-needs", self.rated_on.strip() or "today")


# --------------------------------------------------------------------------- the team summary


@dataclass(frozen=True)
class TeamFile:
    """One file added to the team summary: its name, the course it rates and its ratings."""

    name: str
    course: str
    ratings: tuple[Rating, ...]
    kind: str  # "rating" (a saved self-rating) or "csv" (the spreadsheet of the command line)

    @property
    def people(self) -> list[str]:
        return list(dict.fromkeys(r.person for r in self.ratings))


class TeamSummary(HasTraits):
    """Ratings from several files, added up for one course."""

    files = List()  # TeamFile, in the order they were added
    minutes = Int(360)  # the length of the refresher day
    revision = Int(0)

    def __init__(self, catalogue: Catalogue, **kwargs):
        super().__init__(**kwargs)
        self.catalogue = catalogue
        self.observe(self._bump, names=["files", "minutes"])

    def _bump(self, _change=None) -> None:
        self.revision += 1

    def add(self, name: str, raw: bytes, course: str) -> str:
        """Add a saved self-rating (.json) or a ratings spreadsheet (.csv, read for ``course``).

        A person already counted is counted again from the new file only. Returns what was added, in
        words; raises FileProblem (plain words) and adds nothing when it cannot.
        """
        with plain_problems():
            entry = self._read(name, raw, course)
        replaced = [p for p in entry.people if p in self.people(course)]
        files = []
        for f in self.files:
            if f.course == course and replaced:
                f = TeamFile(f.name, f.course, tuple(r for r in f.ratings if r.person not in replaced), f.kind)
            if f.ratings:
                files.append(f)
        self.files = files + [entry]
        people = len(entry.people)
        text = ngettext("Added {name}: {count} person.", "Added {name}: {count} people.", people).format(
            name=name, count=people
        )
        if replaced:
            text += " " + _("It replaces the earlier ratings of {people}.").format(people=", ".join(replaced))
        return text

    def _read(self, name: str, raw: bytes, course: str) -> TeamFile:
        cur = self.catalogue.curriculum
        if name.lower().endswith(".csv"):
            try:
                ratings = read_ratings(self._csv_text(raw), cur.courses[course], cur)
            except RatingsError as exc:
                shown = exc.problems[:10]
                if more := len(exc.problems) - len(shown):
                    shown.append(
                        ngettext("… and {count} more problem.", "… and {count} more problems.", more).format(count=more)
                    )
                raise FileProblem(shown) from None
            if not ratings:
                raise FileProblem([_("The spreadsheet has no ratings yet: fill in the rating column.")])
            return TeamFile(name, course, tuple(ratings), "csv")
        rec = read_self_rating(raw)
        check_against(rec, self.catalogue)
        if rec.course != course:
            title = cur.courses[rec.course].title
            raise FileProblem(
                [_("This rating is for the course “{course}”. Choose that course to add it.").format(course=title)]
            )
        entry = TeamFile(name, course, tuple(ratings_of(rec)), "rating")
        if not entry.ratings:
            raise FileProblem([_("This self-rating rates no competence yet.")])
        return entry

    @staticmethod
    def _csv_text(raw: bytes) -> str:
        from ..files import MAX_FILE_BYTES, too_large

        if len(raw) > MAX_FILE_BYTES:
            raise FileProblem([too_large(len(raw))])
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileProblem(
                [_("This spreadsheet is not saved as UTF-8 text. Save it again as “CSV UTF-8” and add it again.")]
            ) from None

    def remove(self, index: int) -> None:
        self.files = [f for i, f in enumerate(self.files) if i != index]

    def clear(self) -> None:
        self.files = []

    def ratings(self, course: str) -> list[Rating]:
        return [r for f in self.files if f.course == course for r in f.ratings]

    def people(self, course: str) -> list[str]:
        return list(dict.fromkeys(r.person for r in self.ratings(course)))

    def needs(self, course: str) -> list[ModuleNeed]:
        cur = self.catalogue.curriculum
        return summarise(self.ratings(course), cur.courses[course], cur)

    def agenda(self, course: str) -> list[Slot]:
        return refresher_agenda(self.needs(course), self.minutes)

    def agenda_html(self, course: str) -> str:
        """The team summary and the refresher agenda as a page to print (in the current language)."""
        cur = self.catalogue.curriculum
        title = _("Refresher agenda: {course}").format(course=cur.courses[course].title)
        people = len(self.people(course))
        rows = "".join(
            f"<tr><td>{escape(module_name(n))}</td><td>{len(n.people)}</td><td>{round(100 * n.share)}%</td></tr>"
            for n in self.needs(course)
        )
        slots = "".join(
            f"<tr><td>{clock(s.start)}–{clock(s.start + s.minutes)}</td><td>{s.minutes}</td><td>{escape(s.title)}</td></tr>"
            for s in self.agenda(course)
        )
        counted = ngettext(
            "From the self-ratings of {count} person.", "From the self-ratings of {count} people.", people
        ).format(count=people)
        head = (_("Module"), _("People in need"), _("Ratings below “On my own”"))
        agenda_head = (_("Time"), _("Minutes"), _("What"))
        th = lambda cells: "".join(f"<th>{escape(c)}</th>" for c in cells)  # noqa: E731
        agenda_title, summary_title = _("Refresher agenda"), _("Team summary")
        return (
            f'<!DOCTYPE html><html lang="{escape(self.catalogue.language)}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>body{{font-family:sans-serif;max-width:50rem;margin:1rem auto}}"
            "table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}th,td{border:1px solid #999;"
            "padding:4px 6px;text-align:left}</style></head><body>"
            f"<h1>{escape(title)}</h1><p>{escape(counted)}</p>"
            f"<h2>{escape(agenda_title)}</h2><table><tr>{th(agenda_head)}</tr>{slots}</table>"
            f"<h2>{escape(summary_title)}</h2><table><tr>{th(head)}</tr>{rows}</table></body></html>"
        )


def module_name(need: ModuleNeed) -> str:
    return _("Module {number}: {title}").format(number=need.module.number, title=need.module.title)


# --------------------------------------------------------------------------- the app's model


class TrainingNeeds(HasTraits):
    """The app's model: my self-rating, the team summary, and which part is on screen."""

    part = Int(0)  # 0: my self-rating, 1: team summary
    language = Unicode("")
    revision = Int(0)

    def __init__(self, catalogue: Catalogue, **kwargs):
        super().__init__(**kwargs)
        self.catalogue = catalogue
        self.me = SelfRating(catalogue)
        self.team = TeamSummary(catalogue)
        self.language = self.me.language
        self.me.observe(self._bump, names="revision")
        self.team.observe(self._bump, names="revision")
        self.observe(self._bump, names="part")
        self.observe(self._follow_language, names="language")

    def _bump(self, _change=None) -> None:
        self.revision += 1

    def _follow_language(self, change) -> None:
        self.me.language = change["new"]

    def use_catalogue(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.me.use_catalogue(catalogue)
        self.team.catalogue = catalogue

    def has_content(self) -> bool:
        return self.me.has_content()

    def draft(self) -> str:
        """My self-rating as typed, for the browser (the team's files are not kept: they are files already)."""
        return json.dumps(
            {"schema": SCHEMA_ID + "/draft", "version": SCHEMA_VERSION, "part": self.part, **self.me.state()},
            ensure_ascii=False,
        )

    def restore_draft(self, text: str) -> None:
        data = parse_draft(text, SCHEMA_ID, _("The saved draft is not a training needs self-rating."))
        self.me.set_state(data)
        self.part = 1 if data.get("part") == 1 else 0

    def to_json(self) -> str:
        return self.me.to_json()

    def file_stem(self) -> str:
        return self.me.file_stem()


def describe(raw: str, catalogue: Catalogue) -> tuple[str, int]:
    """(person, competences rated) of a stored draft; InputProblem when it cannot be read."""
    data = parse_draft(raw, SCHEMA_ID, _("The saved draft is not a training needs self-rating."))
    probe = SelfRating(catalogue)
    probe.set_state(data)
    return probe.person, probe.counts()[0]


def is_low(value: int | None) -> bool:
    return value is not None and value < NEED_BELOW
