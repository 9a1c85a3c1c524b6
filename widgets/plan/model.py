"""The individual plan as plain data and traitlets: no ipywidgets here.

A plan belongs to the client: goals in the client's own words, each linked to a need, with
actions (what, who, where, by when, status) grouped in the phases around release. The plan
also tracks programme hours against each programme's minimum and applies the completion rule
of seed 003: a programme counts as completed only when the minimum hours are reached *and* an
individual plan exists.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from traitlets import Any, HasTraits, Int, List, Unicode

from ..catalogue import Catalogue
from ..files import FileProblem, InputProblem, dump, load_versioned, parse_draft, refuse_if
from ..needs.model import AssessmentRecord, read_record

SCHEMA_ID = "open-reentry-curriculum/individual-plan"
SCHEMA_VERSION = 1

PHASES = {
    "before-release": "Before release",
    "release-day": "Release day",
    "first-weeks": "First weeks after release",
    "months-after": "The months after (up to 18 months)",
}
ACTORS = {
    "client": "Client",
    "mentor": "Mentor",
    "social-worker": "Social worker",
    "psychologist": "Psychologist",
    "probation-officer": "Probation officer",
    "activation-worker": "Activation worker",
    "agency": "Other agency",
}
STATUSES = {"planned": "Planned", "in-progress": "In progress", "done": "Done", "dropped": "Dropped"}
AGE_BANDS = ["under 18", "18–24", "25–34", "35–44", "45–54", "55+"]
FIRST_WEEKS_DAYS = 42
MAX_MONTHS_AFTER = 18
TEXT_MAX = 1000

Line = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00-\x1f]*$")]
Para = Annotated[str, StringConstraints(max_length=TEXT_MAX, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$")]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,40}$")]


# --------------------------------------------------------------------------- the file


class ActionRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Key
    what: Para
    who: Literal[
        "client", "mentor", "social-worker", "psychologist", "probation-officer", "activation-worker", "agency"
    ]
    where: Line = ""
    by_when: dt.date | None = None
    phase: Literal["before-release", "release-day", "first-weeks", "months-after"]
    status: Literal["planned", "in-progress", "done", "dropped"] = "planned"


class GoalRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Key
    words: Para
    domain: Key
    measure: Para = ""
    target_date: dt.date | None = None
    actions: list[ActionRecord] = Field(default_factory=list)


class EnrolmentRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    programme: Key
    use: Literal["mandatory", "voluntary"]
    hours: float = Field(default=0, ge=0, le=1000)


class PlanRecord(BaseModel):
    """Version 1 of the saved individual-plan file."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_: Literal["open-reentry-curriculum/individual-plan"] = Field(alias="schema", default=SCHEMA_ID)
    version: Literal[1] = SCHEMA_VERSION
    client_code: Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[^\x00-\x1f<>]*$")]
    age_band: Literal["under 18", "18–24", "25–34", "35–44", "45–54", "55+"] | None = None
    release_date: dt.date | None = None
    place: Line = ""
    mentor: Line = ""
    caseworker: Line = ""
    created_on: dt.date
    revision: int = Field(default=1, ge=1)
    assessment: Line = Field(default="", description="Which needs assessment the plan started from.")
    enrolments: list[EnrolmentRecord] = Field(default_factory=list)
    goals: list[GoalRecord] = Field(default_factory=list)
    reviews: list[dt.date] = Field(default_factory=list)
    consent: bool = False


# --------------------------------------------------------------------------- checks and derived facts

VAGUE = re.compile(r"\b(better|sort (it|things) out|try|improve|more|less|stuff|things|somehow|ok|fine)\b", re.I)
NUMBER_OR_EVIDENCE = re.compile(
    r"\d|\b(signed|registered|booked|received|have|has|got|moved|opened|paid|start(ed)?)\b", re.I
)


def smart_check(goal: dict, release_date: dt.date | None = None) -> list[str]:
    """What a goal is missing to be SMART, in plain words. It never blocks saving."""
    out = []
    words = (goal.get("words") or "").strip()
    if not words:
        out.append("Write the goal in the client's own words.")
    elif len(words.split()) < 4 or VAGUE.search(words) and len(words.split()) < 10:
        out.append("Not specific: say what exactly will be different (where, what, with whom).")
    if not (goal.get("measure") or "").strip():
        out.append("No measure: how will you both know it is done (a letter, a contract, a number)?")
    elif not NUMBER_OR_EVIDENCE.search(goal["measure"]):
        out.append("The measure is hard to check: name something you can see or count.")
    target = _date(goal.get("target_date"))
    if target is None:
        out.append("No date: by when?")
    elif release_date and target > release_date + dt.timedelta(days=MAX_MONTHS_AFTER * 31):
        out.append("The date is more than 18 months after release: split it into nearer steps.")
    if not goal.get("actions"):
        out.append("No action yet: what is the first step, and who takes it?")
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
    """Every three months from the start, plus release day and two weeks after it, up to 18 months after release."""
    end = (release or start) + dt.timedelta(days=MAX_MONTHS_AFTER * 30)
    out = set()
    day = start
    while day <= end:
        day = _add_months(day, months)
        if day <= end:
            out.add(day)
    if release:
        out.update({release, release + dt.timedelta(days=14)})
    return sorted(d for d in out if d > start)


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
        if self.completed:
            return "completed"
        if self.hours_met and self.requires_plan and not self.plan_exists:
            return "hours reached; completes when the individual plan exists"
        return f"{self.min_hours - self.hours:g} hours to go"


def new_id() -> str:
    return uuid.uuid4().hex[:8]


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
    enrolments = List()  # of dicts: programme, use, hours
    goals = List()  # of dicts: id, words, domain, measure, target_date (str), actions [dicts]
    reviews = List()  # of "YYYY-MM-DD" strings
    revision = Int(0)  # bumps on every change (views and autosave observe it)

    HEADER = ("client_code", "age_band", "release_date", "place", "mentor", "caseworker", "created_on", "consent")

    def __init__(self, catalogue: Catalogue, **kwargs):
        super().__init__(**kwargs)
        self.catalogue = catalogue
        if not self.created_on:
            self.created_on = dt.date.today().isoformat()
        self.observe(
            lambda _c: self._bump(),
            names=[*self.HEADER, "enrolments", "goals", "reviews", "plan_revision", "assessment"],
        )

    def _bump(self) -> None:
        self.revision += 1

    # ---- header
    def release(self) -> dt.date | None:
        return _date(self.release_date)

    def field_problems(self) -> dict[str, str]:
        out: dict[str, str] = {}
        code = self.client_code.strip()
        if not code:
            out["client_code"] = "Enter a client code or pseudonym (not the person's full name)."
        elif len(code) > 40 or re.search(r"[\x00-\x1f<>]", code):
            out["client_code"] = "Keep the client code to 40 characters, without < or >."
        if self.release_date.strip() and self.release() is None:
            out["release_date"] = "Write the release date as YYYY-MM-DD."
        if _date(self.created_on) is None:
            out["created_on"] = "Write the plan date as YYYY-MM-DD."
        for name in ("place", "mentor", "caseworker"):
            if len(getattr(self, name)) > 200:
                out[name] = "Keep this to 200 characters."
        for g in self.goals:
            for key in ("words", "measure"):
                if len(g[key]) > TEXT_MAX:
                    out[f"goal:{g['id']}:{key}"] = f"This is {len(g[key])} characters; the limit is {TEXT_MAX}."
            if g["target_date"].strip() and _date(g["target_date"]) is None:
                out[f"goal:{g['id']}:target_date"] = "Write the date as YYYY-MM-DD."
            for a in g["actions"]:
                if a["by_when"].strip() and _date(a["by_when"]) is None:
                    out[f"action:{a['id']}:by_when"] = "Write the date as YYYY-MM-DD."
                if len(a["what"]) > TEXT_MAX:
                    out[f"action:{a['id']}:what"] = f"This is {len(a['what'])} characters; the limit is {TEXT_MAX}."
                if len(a["where"]) > 200:
                    out[f"action:{a['id']}:where"] = "Keep this to 200 characters."
        for i, r in enumerate(self.reviews):
            if _date(r) is None:
                out[f"review:{i}"] = "Write the review date as YYYY-MM-DD."
        return out

    def warnings(self) -> dict[str, str]:
        """Things worth a second look that never block saving."""
        out: dict[str, str] = {}
        release = self.release()
        for g in self.goals:
            for a in g["actions"]:
                expected = phase_for(_date(a["by_when"]), release)
                if expected and expected != a["phase"]:
                    out[f"action:{a['id']}:phase"] = (
                        f"The date falls {PHASES[expected].lower()}, but the action is under {PHASES[a['phase']].lower()}."
                    )
        if not self.consent and self.goals:
            out["consent"] = "The client has not yet agreed to the plan."
        return out

    # ---- goals and actions
    def add_goal(self, domain: str, words: str = "", measure: str = "", target_date: str = "") -> str:
        if domain not in self.catalogue.curriculum.domains:
            raise InputProblem(f"'{domain}' is not one of the needs areas.")
        gid = new_id()
        self.goals = self.goals + [
            {"id": gid, "words": words, "domain": domain, "measure": measure, "target_date": target_date, "actions": []}
        ]
        return gid

    def goal(self, gid: str) -> dict:
        for g in self.goals:
            if g["id"] == gid:
                return g
        raise InputProblem("That goal is no longer in the plan.")

    def update_goal(self, gid: str, **fields) -> None:
        g = self.goal(gid)
        for key, value in fields.items():
            if key not in ("words", "domain", "measure", "target_date"):
                raise InputProblem(f"A goal has no field '{key}'.")
            if key == "domain" and value not in self.catalogue.curriculum.domains:
                raise InputProblem(f"'{value}' is not one of the needs areas.")
            g[key] = value
        self._bump()

    def remove_goal(self, gid: str) -> None:
        self.goals = [g for g in self.goals if g["id"] != gid]

    def add_action(
        self, gid: str, what: str = "", who: str = "client", phase: str | None = None, by_when: str = ""
    ) -> str:
        g = self.goal(gid)
        if who not in ACTORS:
            raise InputProblem("Who is one of: " + ", ".join(ACTORS.values()) + ".")
        phase = phase or phase_for(_date(by_when), self.release()) or "before-release"
        if phase not in PHASES:
            raise InputProblem("The phase is before release, release day, first weeks or the months after.")
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
        raise InputProblem("That action is no longer in the plan.")

    def update_action(self, aid: str, **fields) -> None:
        _, a = self._action(aid)
        allowed = {"what": None, "who": ACTORS, "where": None, "by_when": None, "phase": PHASES, "status": STATUSES}
        for key, value in fields.items():
            if key not in allowed:
                raise InputProblem(f"An action has no field '{key}'.")
            if allowed[key] is not None and value not in allowed[key]:
                raise InputProblem(f"'{value}' is not a valid {key.replace('_', ' ')}.")
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
            raise InputProblem(f"There is no programme '{programme}' in the catalogue.")
        if use not in ("mandatory", "voluntary"):
            raise InputProblem("A programme is mandatory or voluntary in the plan.")
        if any(e["programme"] == programme for e in self.enrolments):
            raise InputProblem("That programme is already in the plan.")
        self.enrolments = self.enrolments + [{"programme": programme, "use": use, "hours": 0.0}]

    def set_enrolment(self, programme: str, use: str | None = None, hours=None) -> None:
        for e in self.enrolments:
            if e["programme"] == programme:
                if use is not None:
                    if use not in ("mandatory", "voluntary"):
                        raise InputProblem("A programme is mandatory or voluntary in the plan.")
                    e["use"] = use
                if hours is not None:
                    try:
                        value = float(str(hours).replace(",", "."))
                    except ValueError:
                        raise InputProblem(f"Hours attended is a number, like 12 or 12.5, not '{hours}'.") from None
                    if not 0 <= value <= 1000:
                        raise InputProblem("Hours attended is between 0 and 1000.")
                    e["hours"] = value
                self._bump()
                return
        raise InputProblem("That programme is not in the plan.")

    def unenrol(self, programme: str) -> None:
        self.enrolments = [e for e in self.enrolments if e["programme"] != programme]

    def plan_exists(self) -> bool:
        """An individual plan exists once it has a goal in the client's words with at least one action."""
        return any(g["words"].strip() and g["actions"] for g in self.goals)

    def progress(self) -> list[Progress]:
        out = []
        for e in self.enrolments:
            p = self.catalogue.curriculum.programmes[e["programme"]]
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
        refuse_if(self.field_problems())
        return PlanRecord(
            client_code=self.client_code.strip(),
            age_band=self.age_band,
            release_date=self.release(),
            place=self.place.strip(),
            mentor=self.mentor.strip(),
            caseworker=self.caseworker.strip(),
            created_on=_date(self.created_on),
            revision=self.plan_revision,
            assessment=self.assessment,
            consent=bool(self.consent),
            enrolments=[EnrolmentRecord(**e) for e in self.enrolments],
            goals=[
                GoalRecord(
                    id=g["id"],
                    words=g["words"],
                    domain=g["domain"],
                    measure=g["measure"],
                    target_date=_date(g["target_date"]),
                    actions=[ActionRecord(**{**a, "by_when": _date(a["by_when"])}) for a in g["actions"]],
                )
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
            problems.append(f"The plan links goals to needs areas this app does not know: {', '.join(unknown)}.")
        if unknown_p:
            problems.append(f"The plan lists programmes that are not in this catalogue: {', '.join(unknown_p)}.")
        if problems:
            raise FileProblem(problems)
        with self.hold_trait_notifications():
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
        self.load_record(read_plan(raw))

    def new_revision(self) -> None:
        """Start the next version of the plan (after a review); the earlier file stays as it was saved."""
        self.plan_revision += 1
        self.created_on = dt.date.today().isoformat()

    def start_from_assessment(self, raw: bytes | str) -> int:
        """Seed goals from an assessment's priorities. Returns how many goals were added."""
        rec: AssessmentRecord = read_record(raw)
        from ..needs.model import NeedsAssessment

        needs = NeedsAssessment(self.catalogue)
        needs.load_record(rec)
        with self.hold_trait_notifications():
            if not self.client_code.strip():
                self.client_code = rec.client_code
            if rec.audience == "minor" and self.age_band is None:
                self.age_band = "under 18"
            self.assessment = f"{rec.client_code}, {rec.assessed_on.isoformat()}"
            existing = {g["domain"] for g in self.goals}
            added = 0
            for p in needs.priorities():
                if p.domain in existing:
                    continue
                self.add_goal(p.domain, words="", measure="", target_date="")
                urgency = {"before-release": "before-release", "at-release": "release-day"}.get(p.urgency or "", None)
                if p.offers:
                    gid = self.goals[-1]["id"]
                    self.add_action(gid, what=f"Contact: {p.offers[0].title}", who="mentor", phase=urgency)
                added += 1
        self._bump()
        return added

    # ---- drafts
    def draft(self) -> str:
        return json.dumps(
            {
                "schema": SCHEMA_ID + "/draft",
                "version": SCHEMA_VERSION,
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
        data = parse_draft(text, SCHEMA_ID, "an individual plan")
        cur = self.catalogue.curriculum

        def s(v) -> str:
            return v if isinstance(v, str) else ""

        goals = []
        for g in data.get("goals") or []:
            if not isinstance(g, dict) or g.get("domain") not in cur.domains:
                continue
            actions = []
            for a in g.get("actions") or []:
                if isinstance(a, dict):
                    actions.append(
                        {
                            "id": s(a.get("id")) or new_id(),
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
                    "id": s(g.get("id")) or new_id(),
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
        with self.hold_trait_notifications():
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

    def clear(self) -> None:
        with self.hold_trait_notifications():
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
    return load_versioned(raw, PlanRecord, SCHEMA_ID, SCHEMA_VERSION, "an individual plan")


def compare(old: PlanRecord, new: PlanRecord, catalogue: Catalogue) -> list[str]:
    """A readable list of what changed between two versions of a plan."""
    out: list[str] = []
    titles = {d: catalogue.domain_title(d) for d in catalogue.curriculum.domains}
    for field in ("client_code", "age_band", "release_date", "place", "mentor", "caseworker", "consent"):
        a, b = getattr(old, field), getattr(new, field)
        if a != b:
            out.append(f"{field.replace('_', ' ').capitalize()}: {a or '—'} → {b or '—'}")
    old_goals = {g.id: g for g in old.goals}
    new_goals = {g.id: g for g in new.goals}
    for gid, g in new_goals.items():
        if gid not in old_goals:
            out.append(f"New goal ({titles.get(g.domain, g.domain)}): “{g.words}”")
            continue
        o = old_goals[gid]
        if o.words != g.words:
            out.append(f"Goal reworded: “{o.words}” → “{g.words}”")
        if o.measure != g.measure:
            out.append(f"Measure for “{g.words}”: {o.measure or '—'} → {g.measure or '—'}")
        if o.target_date != g.target_date:
            out.append(f"Date for “{g.words}”: {o.target_date or '—'} → {g.target_date or '—'}")
        old_actions = {a.id: a for a in o.actions}
        for a in g.actions:
            if a.id not in old_actions:
                out.append(f"New action under “{g.words}”: {a.what}")
            else:
                oa = old_actions[a.id]
                if oa.status != a.status:
                    out.append(f"“{a.what}”: {STATUSES[oa.status].lower()} → {STATUSES[a.status].lower()}")
                if oa.by_when != a.by_when:
                    out.append(f"“{a.what}”: due {oa.by_when or '—'} → {a.by_when or '—'}")
                if (oa.what, oa.who, oa.where, oa.phase) != (a.what, a.who, a.where, a.phase):
                    out.append(f"Action changed: “{oa.what}” → “{a.what}” ({ACTORS[a.who]}, {PHASES[a.phase].lower()})")
        for aid, oa in old_actions.items():
            if aid not in {a.id for a in g.actions}:
                out.append(f"Action removed from “{g.words}”: {oa.what}")
    for gid, o in old_goals.items():
        if gid not in new_goals:
            out.append(f"Goal removed: “{o.words}”")
    old_e = {e.programme: e for e in old.enrolments}
    for e in new.enrolments:
        title = (
            catalogue.curriculum.programmes[e.programme].title
            if e.programme in catalogue.curriculum.programmes
            else e.programme
        )
        if e.programme not in old_e:
            out.append(f"Programme added: {title} ({e.use})")
        else:
            if old_e[e.programme].hours != e.hours:
                out.append(f"{title}: {old_e[e.programme].hours:g} → {e.hours:g} hours attended")
            if old_e[e.programme].use != e.use:
                out.append(f"{title}: {old_e[e.programme].use} → {e.use}")
    for pid in old_e.keys() - {e.programme for e in new.enrolments}:
        out.append(f"Programme removed: {pid}")
    if old.reviews != new.reviews:
        out.append("Review dates: " + (", ".join(d.isoformat() for d in new.reviews) or "none"))
    return out
