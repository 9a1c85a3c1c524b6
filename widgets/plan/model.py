"""The individual plan as plain data and traitlets: no ipywidgets here.

A plan belongs to the client: goals in the client's own words, each linked to a need, with
actions (what, who, where, by when, status) grouped in the phases around release. The plan
also tracks programme hours against each programme's minimum and applies the completion rule
of seed 003: a programme counts as completed only when the minimum hours are reached *and* an
individual plan exists. Support lasts up to 18 months in all, the months before release
included (seed 000), counted from the plan's date.

A plan starts from an assessment's hand-off (:meth:`IndividualPlan.start_from` with a
:class:`~widgets.needs.model.AssessmentSummary`): each kept priority becomes a goal seeded with
the note written in the client's words, and each chosen offer an action in its phase
(:data:`URGENCY_PHASES`) for the role that delivers it (:data:`ROLE_ACTORS`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from traitlets import Any, HasTraits, Int, List, Unicode

from curriculum.i18n import N_, _, format_number
from curriculum.recommend import recommend

from ..catalogue import Catalogue, use_label
from ..fields import (
    ASSESSMENT,
    CASEWORKER,
    CLIENT_CODE,
    HOURS,
    MEASURE,
    MENTOR,
    PLACE,
    WHAT,
    WHERE,
    WORDS,
    text_problems,
)
from ..files import (
    FileProblem,
    InputProblem,
    LanguageCode,
    dump,
    load_versioned,
    parse_draft,
    plain_problems,
    refuse_if,
    refuse_repeats,
    with_plain_problems,
)
from ..language import display_date
from ..needs.model import LANGUAGE_CODE, AssessmentSummary, read_record, summary_of

SCHEMA_ID = "open-reentry-curriculum/individual-plan"
SCHEMA_VERSION = 2  # 2 adds "language"; version 1 files are migrated (see MIGRATIONS)

# Ids (saved in files) and their labels; translate a label with _() when it is shown.
PHASES = {
    # Translators: the four phases of a plan around the day of release.
    "before-release": N_("Before release"),
    "release-day": N_("Release day"),
    "first-weeks": N_("First weeks after release"),
    "months-after": N_("The months after (up to 18 months in all)"),
}
# The phase of an action taken up for a need, from the need's urgency (needs.model.URGENCIES) or an
# offer's own phase (curriculum.recommend: a community service for someone still in prison).
URGENCY_PHASES = {
    "before-release": "before-release",
    "at-release": "release-day",
    "after-release": "first-weeks",
    "now": "first-weeks",
}
ACTORS = {
    "client": N_("Client"),
    "mentor": N_("Mentor"),
    "social-worker": N_("Social worker"),
    "psychologist": N_("Psychologist"),
    "probation-officer": N_("Probation officer"),
    "activation-worker": N_("Activation worker"),
    "agency": N_("Other agency"),
}
# Who owns the action to take up an offer: the first role the data names as delivering it
# (a programme's delivered_by, a service's provided_by; curriculum/data/roles.yaml), as a plan actor.
ROLE_ACTORS = {
    "mentor": "mentor",
    "social-worker": "social-worker",
    "psychologist": "psychologist",
    "probation-officer": "probation-officer",
    "activation-worker": "activation-worker",
    "art-therapist": "psychologist",  # a psychologist or social worker trained as an art-therapy trainer
    "housing-staff": "agency",
    "debt-counsellor": "agency",
    "experience-counsellor": "agency",
    "lawyer": "agency",
    "prison-staff": "agency",
    "employment-counsellor": "agency",
    "teacher": "agency",
}
STATUSES = {
    # Translators: the status of an action in the plan.
    "planned": N_("Planned"),
    "in-progress": N_("In progress"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
}
AGE_BANDS = ["under 18", "18–24", "25–34", "35–44", "45–54", "55+"]  # also the values saved in files
AGE_BAND_LABELS = {"under 18": N_("under 18")}
# Fields of the plan's header and of an action, as named in messages and in the comparison of versions.
FIELD_LABELS = {
    "client_code": N_("Client code"),
    "age_band": N_("Age band"),
    "release_date": N_("Release date"),
    "place": N_("Institution or probation office"),
    "mentor": N_("Mentor"),
    "caseworker": N_("Caseworker"),
    "consent": N_("Client's agreement"),
    "who": N_("Who"),
    "phase": N_("Phase"),
    "status": N_("Status"),
}
FIRST_WEEKS_DAYS = 42
MAX_MONTHS = 18  # the whole support, from the plan's date, the months before release included (seed 000)
KEY = r"^[a-z0-9-]{1,40}$"
Key = Annotated[str, StringConstraints(pattern=KEY)]
# The header's free-text fields and their rules (widgets.fields), in the order of the form.
HEADER_TEXT = {"client_code": CLIENT_CODE, "place": PLACE, "mentor": MENTOR, "caseworker": CASEWORKER}
# A file that gives one id to two goals, actions or programmes is refused: a change to one would change the other.
GOAL_TWICE = N_("Goal {first} and goal {second} have the same id “{key}”, so a change to one would change the other.")
ACTION_TWICE = N_(
    "Two actions have the same id “{key}” ({first}; {second}), so a change to one would change the other."
)
PROGRAMME_TWICE = N_("The programme “{key}” is in the plan twice (programmes {first} and {second}).")


# --------------------------------------------------------------------------- the file


class ActionRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Key
    what: Annotated[str, WHAT]
    who: Literal[
        "client", "mentor", "social-worker", "psychologist", "probation-officer", "activation-worker", "agency"
    ]
    where: Annotated[str, WHERE] = ""
    by_when: dt.date | None = None
    phase: Literal["before-release", "release-day", "first-weeks", "months-after"]
    status: Literal["planned", "in-progress", "done", "dropped"] = "planned"


class GoalRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Key
    words: Annotated[str, WORDS]
    domain: Key
    measure: Annotated[str, MEASURE] = ""
    target_date: dt.date | None = None
    actions: list[ActionRecord] = Field(default_factory=list)


class EnrolmentRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    programme: Key
    use: Literal["mandatory", "voluntary"]
    hours: float = HOURS.field(default=0)


class PlanRecord(BaseModel):
    """Version 2 of the saved individual-plan file."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_: Literal["open-reentry-curriculum/individual-plan"] = Field(alias="schema", default=SCHEMA_ID)
    version: Literal[2] = SCHEMA_VERSION
    language: LanguageCode = Field(default="en", description="The language the content was written in.")
    client_code: Annotated[str, CLIENT_CODE]
    age_band: Literal["under 18", "18–24", "25–34", "35–44", "45–54", "55+"] | None = None
    release_date: dt.date | None = None
    place: Annotated[str, PLACE] = ""
    mentor: Annotated[str, MENTOR] = ""
    caseworker: Annotated[str, CASEWORKER] = ""
    created_on: dt.date
    revision: int = Field(default=1, ge=1)
    assessment: Annotated[str, ASSESSMENT] = Field(
        default="", description="Which needs assessment the plan started from."
    )
    enrolments: list[EnrolmentRecord] = Field(default_factory=list)
    goals: list[GoalRecord] = Field(default_factory=list)
    reviews: list[dt.date] = Field(default_factory=list)
    consent: bool = False

    @model_validator(mode="after")
    def _each_id_once(self) -> PlanRecord:
        refuse_repeats([(g.id, str(n)) for n, g in enumerate(self.goals, start=1)], GOAL_TWICE)
        # Translators: where an action is, in a message about two actions with the same id.
        place = _("action {action} of goal {goal}")
        actions = [
            (a.id, place.format(action=k, goal=n))
            for n, g in enumerate(self.goals, start=1)
            for k, a in enumerate(g.actions, start=1)
        ]
        refuse_repeats(actions, ACTION_TWICE)
        refuse_repeats([(e.programme, str(n)) for n, e in enumerate(self.enrolments, start=1)], PROGRAMME_TWICE)
        return self


def _v1_to_v2(data: dict) -> dict:
    """Version 1 files were saved by the English-only app: their content is in English."""
    return {**data, "version": 2, "language": "en"}


MIGRATIONS = {1: _v1_to_v2}


def phase_label(phase: str) -> str:
    return _(PHASES[phase]) if phase in PHASES else phase


def actor_label(who: str) -> str:
    return _(ACTORS[who]) if who in ACTORS else who


def status_label(status: str) -> str:
    return _(STATUSES[status]) if status in STATUSES else status


def age_label(band: str | None) -> str:
    if not band:
        return ""
    return _(AGE_BAND_LABELS[band]) if band in AGE_BAND_LABELS else band


def field_label(name: str) -> str:
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name.replace("_", " ")


# --------------------------------------------------------------------------- checks and derived facts

VAGUE = re.compile(r"\b(better|sort (it|things) out|try|improve|more|less|stuff|things|somehow|ok|fine)\b", re.I)
# Something to see or count; includes the hint's own examples (a letter, a contract, a number).
NUMBER_OR_EVIDENCE = re.compile(
    r"\d|\b(signed|registered|booked|received|have|has|got|moved|opened|paid|start(ed)?|"
    r"letters?|contracts?|agreements?|certificates?|receipts?|statements?|numbers?|cards?|keys|"
    r"decisions?|confirmations?|payslips?|tenancy|lease|diploma|appointments?)\b",
    re.I,
)


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (the last day of a shorter month)."""
    return _add_months(day, months)


def support_ends(start: dt.date) -> dt.date:
    """When the support of a plan that started on ``start`` ends at the latest: 18 months in all."""
    return months_later(start, MAX_MONTHS)


def smart_check(
    goal: dict, release_date: dt.date | None = None, language: str = "en", start: dt.date | None = None
) -> list[str]:
    """What a goal is missing to be SMART, in plain words (current language). It never blocks saving.

    ``language`` is the language the goal is written in: the checks for vague words and for
    something to see or count know English words only, so other languages get the other checks.
    ``start`` is the plan's date: support lasts up to 18 months from it, the months before
    release included (without it, the release date stands in, as the most lenient start).
    """
    english = language == "en"
    out = []
    words = (goal.get("words") or "").strip()
    if not words:
        out.append(_("Write the goal in the client's own words."))
    elif len(words.split()) < 4 or english and VAGUE.search(words) and len(words.split()) < 10:
        out.append(_("Not specific: say what exactly will be different (where, what, with whom)."))
    if not (goal.get("measure") or "").strip():
        out.append(_("No measure: how will you both know it is done (a letter, a contract, a number)?"))
    elif english and not NUMBER_OR_EVIDENCE.search(goal["measure"]):
        out.append(_("The measure is hard to check: name something you can see or count."))
    target = _date(goal.get("target_date"))
    begins = start or release_date
    if target is None:
        out.append(_("No date: by when?"))
    elif begins and target > support_ends(begins):
        out.append(
            _(
                "The date is more than {months} months after the plan began; support lasts up to {months} months "
                "in all, the months before release included. Split it into nearer steps."
            ).format(months=MAX_MONTHS)
        )
    if not goal.get("actions"):
        out.append(_("No action yet: what is the first step, and who takes it?"))
    return out


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def phase_for(day: dt.date | None, release: dt.date | None) -> str | None:
    """The phase a date falls in, given the release date."""
    if day is None or release is None:
        return None
    if day < release:
        return "before-release"
    if day == release:
        return "release-day"
    if day <= release + dt.timedelta(days=FIRST_WEEKS_DAYS):
        return "first-weeks"
    return "months-after"


def suggested_reviews(start: dt.date, release: dt.date | None, months: int = 3) -> list[dt.date]:
    """Every three months from the start, plus release day and two weeks after it, while the
    support lasts: up to 18 months from the start, the months before release included."""
    end = support_ends(start)
    out = set()
    day = start
    while day <= end:
        day = _add_months(day, months)
        if day <= end:
            out.add(day)
    if release:
        out.update({release, release + dt.timedelta(days=14)})
    return sorted(d for d in out if start < d <= end)


def _add_months(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    for dd in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, dd)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Progress:
    programme: str
    title: str
    use: str
    hours: float
    min_hours: float
    requires_plan: bool
    plan_exists: bool

    @property
    def hours_met(self) -> bool:
        return self.hours >= self.min_hours

    @property
    def completed(self) -> bool:
        return self.hours_met and (self.plan_exists or not self.requires_plan)

    @property
    def words(self) -> str:
        """Where the programme stands, in the current language."""
        if self.completed:
            return _("completed")
        if self.hours_met and self.requires_plan and not self.plan_exists:
            return _("hours reached; completes when the individual plan exists")
        # Translators: "h" is the short form of "hours".
        return _("{hours} h to go").format(hours=format_number(self.min_hours - self.hours))


def new_id() -> str:
    return uuid.uuid4().hex[:8]


def owner_of(item) -> str:
    """The plan actor for the role that delivers a programme or provides a service (:data:`ROLE_ACTORS`)."""
    roles = (getattr(item, "delivered_by", None) or getattr(item, "provided_by", None) or []) if item else []
    return ROLE_ACTORS.get(roles[0], "agency") if roles else "agency"


def action_phase(offer, urgency: str | None, setting: str) -> str:
    """The plan phase of the action that takes up ``offer`` (a curriculum.recommend offer) for a need
    of ``urgency``: the offer's own phase when the person is in prison and the offer is in the
    community only; else the need's urgency; else the offer's phase."""
    if setting == "prison" and "prison" not in offer.settings:
        return URGENCY_PHASES.get(offer.phase, "first-weeks")
    if urgency in URGENCY_PHASES:
        return URGENCY_PHASES[urgency]
    return URGENCY_PHASES.get(offer.phase, "before-release")


def age_band_of(age: int | None, group: str) -> str | None:
    """The plan's age band for an age in years (or "under 18" for a minor of unknown age)."""
    if age is None:
        return "under 18" if group == "minor" else None
    for limit, band in ((18, "under 18"), (25, "18–24"), (35, "25–34"), (45, "35–44"), (55, "45–54")):
        if age < limit:
            return band
    return "55+"


@dataclass(frozen=True)
class Started:
    """What :meth:`IndividualPlan.start_from` did."""

    goals: int  # goals added
    actions: int  # actions added
    unplaced: tuple[str, ...] = ()  # chosen offers that meet no kept priority (not added)


# --------------------------------------------------------------------------- the model


class IndividualPlan(HasTraits):
    client_code = Unicode("")
    age_band = Unicode(None, allow_none=True)
    release_date = Unicode("")  # as typed, YYYY-MM-DD
    place = Unicode("")
    mentor = Unicode("")
    caseworker = Unicode("")
    created_on = Unicode("")
    plan_revision = Int(1)
    assessment = Unicode("")
    consent = Any(False)
    language = Unicode("")  # the language the content is written in (saved in the file)
    enrolments = List()  # of dicts: programme, use, hours
    goals = List()  # of dicts: id, words, domain, measure, target_date (str), actions [dicts]
    reviews = List()  # of "YYYY-MM-DD" strings
    revision = Int(0)  # bumps on every change (views and autosave observe it)

    HEADER = ("client_code", "age_band", "release_date", "place", "mentor", "caseworker", "created_on", "consent")

    def __init__(self, catalogue: Catalogue, **kwargs):
        super().__init__(**kwargs)
        self.catalogue = catalogue
        if not self.language:
            self.language = catalogue.language
        if not self.created_on:
            self.created_on = dt.date.today().isoformat()
        self.observe(
            lambda _c: self._bump(),
            names=[*self.HEADER, "enrolments", "goals", "reviews", "plan_revision", "assessment", "language"],
        )

    def use_catalogue(self, catalogue: Catalogue) -> None:
        """Show titles from ``catalogue`` (another language of the same data); the plan stays as it is."""
        self.catalogue = catalogue

    def has_content(self) -> bool:
        """Whether anything has been written in the plan yet."""
        texts = ("client_code", "release_date", "place", "mentor", "caseworker", "assessment")
        return bool(any(getattr(self, t).strip() for t in texts) or self.goals or self.enrolments or self.reviews)

    def _bump(self) -> None:
        self.revision += 1

    # ---- header
    def release(self) -> dt.date | None:
        return _date(self.release_date)

    def field_problems(self) -> dict[str, str]:
        out = text_problems((name, rule, getattr(self, name)) for name, rule in HEADER_TEXT.items())
        if self.release_date.strip() and self.release() is None:
            out["release_date"] = _("Write the release date as YYYY-MM-DD.")
        if _date(self.created_on) is None:
            out["created_on"] = _("Write the plan date as YYYY-MM-DD.")
        for g in self.goals:
            out.update(
                text_problems(
                    (f"goal:{g['id']}:{k}", rule, g[k]) for k, rule in (("words", WORDS), ("measure", MEASURE))
                )
            )
            if g["target_date"].strip() and _date(g["target_date"]) is None:
                out[f"goal:{g['id']}:target_date"] = _("Write the date as YYYY-MM-DD.")
            for a in g["actions"]:
                if a["by_when"].strip() and _date(a["by_when"]) is None:
                    out[f"action:{a['id']}:by_when"] = _("Write the date as YYYY-MM-DD.")
                out.update(
                    text_problems(
                        (f"action:{a['id']}:{k}", rule, a[k]) for k, rule in (("what", WHAT), ("where", WHERE))
                    )
                )
        for i, r in enumerate(self.reviews):
            if _date(r) is None:
                out[f"review:{i}"] = _("Write the review date as YYYY-MM-DD.")
        return out

    def warnings(self) -> dict[str, str]:
        """Things worth a second look that never block saving."""
        out: dict[str, str] = {}
        release = self.release()
        for g in self.goals:
            for a in g["actions"]:
                expected = phase_for(_date(a["by_when"]), release)
                if expected and expected != a["phase"]:
                    out[f"action:{a['id']}:phase"] = _(
                        "The date falls in the phase “{expected}”, but the action is under “{actual}”."
                    ).format(expected=phase_label(expected), actual=phase_label(a["phase"]))
        if not self.consent and self.goals:
            out["consent"] = _("The client has not yet agreed to the plan.")
        return out

    # ---- goals and actions
    def add_goal(self, domain: str, words: str = "", measure: str = "", target_date: str = "") -> str:
        if domain not in self.catalogue.curriculum.domains:
            raise InputProblem(_("'{domain}' is not one of the needs areas.").format(domain=domain))
        gid = new_id()
        self.goals = self.goals + [
            {"id": gid, "words": words, "domain": domain, "measure": measure, "target_date": target_date, "actions": []}
        ]
        return gid

    def goal(self, gid: str) -> dict:
        for g in self.goals:
            if g["id"] == gid:
                return g
        raise InputProblem(_("That goal is no longer in the plan."))

    def update_goal(self, gid: str, **fields) -> None:
        g = self.goal(gid)
        for key, value in fields.items():
            if key not in ("words", "domain", "measure", "target_date"):
                raise InputProblem(_("A goal has no field '{field}'.").format(field=key))
            if key == "domain" and value not in self.catalogue.curriculum.domains:
                raise InputProblem(_("'{domain}' is not one of the needs areas.").format(domain=value))
            g[key] = value
        self._bump()

    def remove_goal(self, gid: str) -> None:
        self.goals = [g for g in self.goals if g["id"] != gid]

    def add_action(
        self, gid: str, what: str = "", who: str = "client", phase: str | None = None, by_when: str = ""
    ) -> str:
        g = self.goal(gid)
        if who not in ACTORS:
            raise InputProblem(_("Who is one of: {choices}.").format(choices=", ".join(actor_label(k) for k in ACTORS)))
        phase = phase or phase_for(_date(by_when), self.release()) or "before-release"
        if phase not in PHASES:
            raise InputProblem(
                _("The phase is one of: {choices}.").format(choices=", ".join(phase_label(k) for k in PHASES))
            )
        aid = new_id()
        g["actions"].append(
            {"id": aid, "what": what, "who": who, "where": "", "by_when": by_when, "phase": phase, "status": "planned"}
        )
        self._bump()
        return aid

    def _action(self, aid: str) -> tuple[dict, dict]:
        for g in self.goals:
            for a in g["actions"]:
                if a["id"] == aid:
                    return g, a
        raise InputProblem(_("That action is no longer in the plan."))

    def update_action(self, aid: str, **fields) -> None:
        _goal, a = self._action(aid)
        allowed = {"what": None, "who": ACTORS, "where": None, "by_when": None, "phase": PHASES, "status": STATUSES}
        for key, value in fields.items():
            if key not in allowed:
                raise InputProblem(_("An action has no field '{field}'.").format(field=key))
            if allowed[key] is not None and value not in allowed[key]:
                raise InputProblem(
                    _("'{value}' is not a valid choice for {field}.").format(value=value, field=field_label(key))
                )
            a[key] = value
        self._bump()

    def remove_action(self, aid: str) -> None:
        g, a = self._action(aid)
        g["actions"].remove(a)
        self._bump()

    def actions_by_phase(self) -> dict[str, list[tuple[dict, dict]]]:
        out: dict[str, list[tuple[dict, dict]]] = {p: [] for p in PHASES}
        for g in self.goals:
            for a in g["actions"]:
                out[a["phase"]].append((g, a))
        for rows in out.values():
            rows.sort(key=lambda ga: _date(ga[1]["by_when"]) or dt.date.max)
        return out

    # ---- programmes
    def enrol(self, programme: str, use: str = "voluntary") -> None:
        if programme not in self.catalogue.curriculum.programmes:
            raise InputProblem(_("There is no programme '{programme}' in the catalogue.").format(programme=programme))
        if use not in ("mandatory", "voluntary"):
            raise InputProblem(_("A programme is mandatory or voluntary in the plan."))
        if any(e["programme"] == programme for e in self.enrolments):
            raise InputProblem(_("That programme is already in the plan."))
        self.enrolments = self.enrolments + [{"programme": programme, "use": use, "hours": 0.0}]

    def set_enrolment(self, programme: str, use: str | None = None, hours=None) -> None:
        for e in self.enrolments:
            if e["programme"] == programme:
                if use is not None:
                    if use not in ("mandatory", "voluntary"):
                        raise InputProblem(_("A programme is mandatory or voluntary in the plan."))
                    e["use"] = use
                if hours is not None:
                    try:
                        value = float(str(hours).strip().replace(",", "."))
                    except ValueError:
                        raise InputProblem(
                            _("Hours attended is a number, like {whole} or {decimal}, not '{typed}'.").format(
                                whole=format_number(12), decimal=format_number(12.5), typed=hours
                            )
                        ) from None
                    if not HOURS.accepts(value):
                        raise InputProblem(HOURS.range_sentence(_(HOURS.label)))
                    e["hours"] = value
                self._bump()
                return
        raise InputProblem(_("That programme is not in the plan."))

    def unenrol(self, programme: str) -> None:
        self.enrolments = [e for e in self.enrolments if e["programme"] != programme]

    def plan_exists(self) -> bool:
        """An individual plan exists once it has a goal in the client's words with at least one action."""
        return any(g["words"].strip() and g["actions"] for g in self.goals)

    def progress(self, catalogue: Catalogue | None = None) -> list[Progress]:
        """Hours and completion of each programme; titles from ``catalogue`` (by default the model's)."""
        cat = catalogue or self.catalogue
        out = []
        for e in self.enrolments:
            p = cat.curriculum.programmes[e["programme"]]
            out.append(
                Progress(
                    p.id,
                    p.title,
                    e["use"],
                    e["hours"],
                    p.min_total_hours,
                    p.completion.requires_individual_plan,
                    self.plan_exists(),
                )
            )
        return out

    # ---- reviews
    def suggest_reviews(self) -> None:
        start = _date(self.created_on) or dt.date.today()
        self.reviews = [d.isoformat() for d in suggested_reviews(start, self.release())]

    def set_reviews(self, text: str) -> None:
        """Review dates as typed (comma or line separated); problems show in field_problems()."""
        self.reviews = [part.strip() for part in re.split(r"[,\n;]+", text) if part.strip()]

    # ---- files
    def to_record(self) -> PlanRecord:
        """The saved form; raises InputProblem (plain words) while a field has a problem."""
        refuse_if(self.field_problems())
        return with_plain_problems(self._record)

    def _record(self) -> PlanRecord:
        # Nested parts as plain data, so a problem is named by its place ("Goal 2 › Action 1 › Where").
        return PlanRecord(
            language=self.language if LANGUAGE_CODE.match(self.language) else "en",
            client_code=self.client_code,
            age_band=self.age_band,
            release_date=self.release(),
            place=self.place,
            mentor=self.mentor,
            caseworker=self.caseworker,
            created_on=_date(self.created_on),
            revision=self.plan_revision,
            assessment=self.assessment,
            consent=bool(self.consent),
            enrolments=[dict(e) for e in self.enrolments],
            goals=[
                {
                    **g,
                    "target_date": _date(g["target_date"]),
                    "actions": [{**a, "by_when": _date(a["by_when"])} for a in g["actions"]],
                }
                for g in self.goals
            ],
            reviews=[_date(r) for r in self.reviews],
        )

    def to_json(self) -> str:
        return dump(self.to_record())

    def load_record(self, rec: PlanRecord) -> None:
        cur = self.catalogue.curriculum
        unknown = sorted({g.domain for g in rec.goals} - set(cur.domains))
        unknown_p = sorted({e.programme for e in rec.enrolments} - set(cur.programmes))
        problems = []
        if unknown:
            problems.append(
                _("The plan links goals to needs areas this app does not know: {areas}.").format(
                    areas=", ".join(unknown)
                )
            )
        if unknown_p:
            problems.append(
                _("The plan lists programmes that are not in this catalogue: {programmes}.").format(
                    programmes=", ".join(unknown_p)
                )
            )
        if problems:
            raise FileProblem(problems)
        with self.hold_trait_notifications():
            self.language = rec.language
            self.client_code = rec.client_code
            self.age_band = rec.age_band
            self.release_date = rec.release_date.isoformat() if rec.release_date else ""
            self.place, self.mentor, self.caseworker = rec.place, rec.mentor, rec.caseworker
            self.created_on = rec.created_on.isoformat()
            self.plan_revision = rec.revision
            self.assessment = rec.assessment
            self.consent = rec.consent
            self.enrolments = [e.model_dump() for e in rec.enrolments]
            self.goals = [_goal_dict(g) for g in rec.goals]
            self.reviews = [d.isoformat() for d in rec.reviews]
        self._bump()

    def open_file(self, raw: bytes | str) -> None:
        rec = read_plan(raw)
        with plain_problems():
            self.load_record(rec)

    def new_revision(self) -> None:
        """Start the next version of the plan (after a review); the earlier file stays as it was saved."""
        self.plan_revision += 1
        self.created_on = dt.date.today().isoformat()

    def start_from(self, summary: AssessmentSummary) -> Started:
        """Start (or extend) the plan from an assessment's hand-off.

        Each kept priority becomes a goal, in priority order, its words seeded with the note written
        in the client's words; a goal the plan already has for that need keeps its words unless they
        are empty. Each chosen offer (or, when none were chosen, the first offer that works directly
        on each priority) becomes an action "Contact: <offer>" under the goal of the strongest need
        it meets, in the phase of that need's urgency (:data:`URGENCY_PHASES`), or in the offer's own
        phase when the person is in prison and the offer is in the community only, owned by the role
        that delivers it (:data:`ROLE_ACTORS`). Nothing already in the plan is removed or duplicated.
        """
        from ..needs.model import default_choice

        cur = self.catalogue.curriculum
        unknown = sorted({p.domain for p in summary.priorities} - set(cur.domains))
        if unknown:  # an assessment file from another catalogue: refused before anything changes
            raise FileProblem(
                [_("The file rates needs areas this app does not know: {areas}.").format(areas=", ".join(unknown))]
            )
        offers = recommend(cur, summary.person)
        kept = [p.domain for p in summary.priorities]
        chosen = set(summary.offers) if summary.offers is not None else set(default_choice(offers, kept))
        urgency = {p.domain: p.urgency for p in summary.priorities}
        goals_added = actions_added = 0
        unplaced: list[str] = []
        with self.hold_trait_notifications():
            if not self.client_code.strip():
                self.client_code = summary.client_code
            if self.age_band is None:
                self.age_band = age_band_of(summary.person.age, summary.person.group)
            self.assessment = summary.label
            goals = {g["domain"]: g for g in self.goals}
            for p in summary.priorities:
                if p.domain in goals:
                    if not goals[p.domain]["words"].strip() and p.note.strip():
                        goals[p.domain]["words"] = p.note
                    continue
                self.add_goal(p.domain, words=p.note)
                goals[p.domain] = self.goals[-1]
                goals_added += 1
            for o in offers:
                if o.id not in chosen:
                    continue
                target = next((d for d in o.domains if d in goals and d in urgency), None)
                if target is None:
                    unplaced.append(o.title)
                    continue
                # Translators: the first action seeded for a goal: get in touch with a programme or service.
                what = _("Contact: {offer}").format(offer=o.title)
                goal = goals[target]
                if any(a["what"] == what for a in goal["actions"]):
                    continue
                item = cur.programmes.get(o.id) if o.kind == "programme" else cur.services.get(o.id)
                self.add_action(
                    goal["id"],
                    what=what,
                    who=owner_of(item),
                    phase=action_phase(o, urgency[target], summary.setting),
                )
                actions_added += 1
        self._bump()
        return Started(goals_added, actions_added, tuple(unplaced))

    def start_from_assessment(self, raw: bytes | str) -> int:
        """Start from a saved assessment file (FileProblem if it cannot be read). Returns the goals added."""
        return self.start_from(summary_of(read_record(raw))).goals

    # ---- drafts
    def draft(self) -> str:
        return json.dumps(
            {
                "schema": SCHEMA_ID + "/draft",
                "version": SCHEMA_VERSION,
                "language": self.language,
                **{k: getattr(self, k) for k in self.HEADER},
                "plan_revision": self.plan_revision,
                "assessment": self.assessment,
                "enrolments": self.enrolments,
                "goals": self.goals,
                "reviews": self.reviews,
            },
            ensure_ascii=False,
        )

    def restore_draft(self, text: str) -> None:
        data = parse_draft(text, SCHEMA_ID, _("The saved draft is not an individual plan."))
        cur = self.catalogue.curriculum

        def s(v) -> str:
            return v if isinstance(v, str) else ""

        ids: set[str] = set()

        def fresh(v) -> str:
            """The draft's id, unless it is not an id or already taken: then a new one."""
            key = s(v) if re.match(KEY, s(v)) and s(v) not in ids else new_id()
            ids.add(key)
            return key

        goals = []
        for g in data.get("goals") or []:
            if not isinstance(g, dict) or g.get("domain") not in cur.domains:
                continue
            actions = []
            for a in g.get("actions") or []:
                if isinstance(a, dict):
                    actions.append(
                        {
                            "id": fresh(a.get("id")),
                            "what": s(a.get("what")),
                            "who": a.get("who") if a.get("who") in ACTORS else "client",
                            "where": s(a.get("where")),
                            "by_when": s(a.get("by_when")),
                            "phase": a.get("phase") if a.get("phase") in PHASES else "before-release",
                            "status": a.get("status") if a.get("status") in STATUSES else "planned",
                        }
                    )
            goals.append(
                {
                    "id": fresh(g.get("id")),
                    "words": s(g.get("words")),
                    "domain": g["domain"],
                    "measure": s(g.get("measure")),
                    "target_date": s(g.get("target_date")),
                    "actions": actions,
                }
            )
        enrolments = []
        for e in data.get("enrolments") or []:
            if isinstance(e, dict) and e.get("programme") in cur.programmes:
                hours = e.get("hours") if isinstance(e.get("hours"), int | float) else 0.0
                enrolments.append(
                    {"programme": e["programme"], "use": e.get("use", "voluntary"), "hours": float(hours)}
                )
        language = s(data.get("language"))
        with self.hold_trait_notifications():
            # A draft from before the language was kept comes from the English-only app.
            self.language = language if LANGUAGE_CODE.match(language) else "en"
            self.client_code = s(data.get("client_code"))
            self.age_band = data.get("age_band") if data.get("age_band") in AGE_BANDS else None
            self.release_date = s(data.get("release_date"))
            self.place, self.mentor, self.caseworker = (s(data.get(k)) for k in ("place", "mentor", "caseworker"))
            self.created_on = s(data.get("created_on")) or dt.date.today().isoformat()
            self.plan_revision = data.get("plan_revision") if isinstance(data.get("plan_revision"), int) else 1
            self.assessment = s(data.get("assessment"))
            self.consent = bool(data.get("consent"))
            self.enrolments = enrolments
            self.goals = goals
            self.reviews = [s(r) for r in data.get("reviews") or [] if isinstance(r, str)]
        self._bump()

    def clear(self, language: str | None = None) -> None:
        """Start a new plan (written in ``language``, by default the catalogue's)."""
        with self.hold_trait_notifications():
            self.language = language or self.catalogue.language
            for name in ("client_code", "release_date", "place", "mentor", "caseworker", "assessment"):
                setattr(self, name, "")
            self.age_band = None
            self.consent = False
            self.created_on = dt.date.today().isoformat()
            self.plan_revision = 1
            self.enrolments, self.goals, self.reviews = [], [], []
        self._bump()


def _goal_dict(g: GoalRecord) -> dict:
    return {
        "id": g.id,
        "words": g.words,
        "domain": g.domain,
        "measure": g.measure,
        "target_date": g.target_date.isoformat() if g.target_date else "",
        "actions": [{**a.model_dump(), "by_when": a.by_when.isoformat() if a.by_when else ""} for a in g.actions],
    }


def read_plan(raw: bytes | str) -> PlanRecord:
    return load_versioned(
        raw,
        PlanRecord,
        SCHEMA_ID,
        SCHEMA_VERSION,
        _("This file is not an individual plan; it was saved as '{schema}'."),
        MIGRATIONS,
    )


def _shown(field: str, value) -> str:
    """A header value as shown in the comparison of two versions."""
    if field == "consent":
        return _("yes") if value else _("no")
    if value in (None, ""):
        return "—"
    if field == "age_band":
        return age_label(value)
    if isinstance(value, dt.date):
        return display_date(value)
    return str(value)


def compare(old: PlanRecord, new: PlanRecord, catalogue: Catalogue) -> list[str]:
    """A readable list of what changed between two versions of a plan, in the current language."""
    out: list[str] = []
    titles = {d: catalogue.domain_title(d) for d in catalogue.curriculum.domains}

    def day(value) -> str:
        return display_date(value) if value else "—"

    for field in ("client_code", "age_band", "release_date", "place", "mentor", "caseworker", "consent"):
        a, b = getattr(old, field), getattr(new, field)
        if a != b:
            out.append(
                _("{field}: {old} → {new}").format(field=field_label(field), old=_shown(field, a), new=_shown(field, b))
            )
    old_goals = {g.id: g for g in old.goals}
    new_goals = {g.id: g for g in new.goals}
    for gid, g in new_goals.items():
        if gid not in old_goals:
            out.append(_("New goal ({area}): “{words}”").format(area=titles.get(g.domain, g.domain), words=g.words))
            continue
        o = old_goals[gid]
        if o.words != g.words:
            out.append(_("Goal reworded: “{old}” → “{new}”").format(old=o.words, new=g.words))
        if o.measure != g.measure:
            out.append(
                _("Measure for “{goal}”: {old} → {new}").format(
                    goal=g.words, old=o.measure or "—", new=g.measure or "—"
                )
            )
        if o.target_date != g.target_date:
            out.append(
                _("Date for “{goal}”: {old} → {new}").format(
                    goal=g.words, old=day(o.target_date), new=day(g.target_date)
                )
            )
        old_actions = {a.id: a for a in o.actions}
        for a in g.actions:
            if a.id not in old_actions:
                out.append(_("New action under “{goal}”: {action}").format(goal=g.words, action=a.what))
            else:
                oa = old_actions[a.id]
                if oa.status != a.status:
                    out.append(
                        _("“{action}”: {old} → {new}").format(
                            action=a.what, old=status_label(oa.status), new=status_label(a.status)
                        )
                    )
                if oa.by_when != a.by_when:
                    out.append(
                        _("“{action}”: due {old} → {new}").format(
                            action=a.what, old=day(oa.by_when), new=day(a.by_when)
                        )
                    )
                if (oa.what, oa.who, oa.where, oa.phase) != (a.what, a.who, a.where, a.phase):
                    out.append(
                        _("Action changed: “{old}” → “{new}” ({who}; {phase})").format(
                            old=oa.what, new=a.what, who=actor_label(a.who), phase=phase_label(a.phase)
                        )
                    )
        for aid, oa in old_actions.items():
            if aid not in {a.id for a in g.actions}:
                out.append(_("Action removed from “{goal}”: {action}").format(goal=g.words, action=oa.what))
    for gid, o in old_goals.items():
        if gid not in new_goals:
            out.append(_("Goal removed: “{words}”").format(words=o.words))
    old_e = {e.programme: e for e in old.enrolments}
    for e in new.enrolments:
        title = catalogue.programme_title(e.programme)
        if e.programme not in old_e:
            out.append(_("Programme added: {programme} ({use})").format(programme=title, use=use_label(e.use)))
        else:
            if old_e[e.programme].hours != e.hours:
                out.append(
                    _("{programme}: {old} → {new} hours attended").format(
                        programme=title, old=format_number(old_e[e.programme].hours), new=format_number(e.hours)
                    )
                )
            if old_e[e.programme].use != e.use:
                out.append(
                    _("{programme}: {old} → {new}").format(
                        programme=title, old=use_label(old_e[e.programme].use), new=use_label(e.use)
                    )
                )
    for pid in sorted(old_e.keys() - {e.programme for e in new.enrolments}):
        out.append(_("Programme removed: {programme}").format(programme=catalogue.programme_title(pid)))
    if old.reviews != new.reviews:
        dates = ", ".join(display_date(d) for d in new.reviews)
        out.append(_("Review dates: {dates}").format(dates=dates) if dates else _("Review dates: none"))
    return out
