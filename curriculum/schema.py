"""The shape of the curriculum data.

Every YAML file under ``curriculum/data`` is read into one of these models.
Field-level checks live here; checks that need more than one file (a
programme naming a needs domain, a role, a bibliography key) live in
:mod:`curriculum.checks`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Seed = Annotated[str, StringConstraints(pattern=r"^00[0-4]$")]


class Strict(BaseModel):
    """Base model: unknown fields are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Audience(StrEnum):
    adult = "adult"
    minor = "minor"
    staff = "staff"


class Format(StrEnum):
    group = "group"
    individual = "individual"
    group_or_individual = "group-or-individual"


class Use(StrEnum):
    """How a programme appears in an individual sentence-execution plan."""

    mandatory = "mandatory"
    voluntary = "voluntary"
    mandatory_or_voluntary = "mandatory-or-voluntary"


class Setting(StrEnum):
    prison = "prison"
    probation = "probation"
    community = "community"


class Method(StrEnum):
    welcome = "welcome"
    input = "input"
    discussion = "discussion"
    group_work = "group-work"
    pairs = "pairs"
    individual = "individual"
    role_play = "role-play"
    worksheet = "worksheet"
    exercise = "exercise"
    creative = "creative"
    relaxation = "relaxation"
    feedback = "feedback"
    review = "review"
    planning = "planning"
    visit = "visit"
    break_ = "break"
    closing = "closing"


# --------------------------------------------------------------------------- reference data


class Source(Strict):
    """Where a programme, service or figure comes from: a seed document."""

    seed: Seed
    note: Text


class Area(Strict):
    id: Id
    title: Text
    description: Text
    sources: list[Source] = Field(min_length=1)


class Role(Strict):
    id: Id
    title: Text
    description: Text
    sources: list[Source] = Field(default_factory=list)


class ScalePoint(Strict):
    score: int = Field(ge=0, le=4)
    descriptor: Text


class Domain(Strict):
    """A needs domain. The needs-assessment app and the programmes share this list."""

    id: Id
    title: Text
    description: Text
    questions: list[Text] = Field(min_length=1, description="Conversation prompts for the assessment.")
    scale: list[ScalePoint] = Field(min_length=5, max_length=5)

    @model_validator(mode="after")
    def _scale_points_0_to_4(self) -> Domain:
        scores = [p.score for p in self.scale]
        if scores != [0, 1, 2, 3, 4]:
            raise ValueError(f"scale must list scores 0, 1, 2, 3, 4 in order, found {scores}")
        return self


class ScaleLevel(Strict):
    score: int = Field(ge=0, le=4)
    label: Text
    meaning: Text


class Scale(Strict):
    """The common meaning of the 0-4 need scale; each domain adds its own descriptors."""

    title: Text
    description: Text
    levels: list[ScaleLevel] = Field(min_length=5, max_length=5)


class Service(Strict):
    id: Id
    title: Text
    description: Text
    provided_by: list[Id] = Field(min_length=1)
    needs_addressed: list[Id] = Field(min_length=1)
    audience: list[Audience] = Field(min_length=1, description="Who may use it: adult, minor.")
    settings: list[Setting] = Field(min_length=1, description="Where it is delivered.")
    primary_needs: list[Id] = Field(min_length=1, description="The needs it works on directly.")
    entry_needs: list[EntryNeed] = Field(default_factory=list)
    eligible_sex: list[Sex] = Field(default_factory=list, description="Empty: open to everyone.")
    programme: Id | None = None
    sources: list[Source] = Field(min_length=1)


class Sex(StrEnum):
    female = "female"
    male = "male"


class EntryNeed(Strict):
    """An entry criterion as a rule: a need of at least ``min_score`` in one of ``domains``."""

    domains: list[Id] = Field(min_length=1)
    min_score: int = Field(ge=1, le=4)


class GlossaryTerm(Strict):
    term: Text
    definition: Text


# --------------------------------------------------------------------------- programmes


class Activity(Strict):
    minutes: int = Field(gt=0, le=240)
    method: Method
    title: Text
    description: Text


class Handout(Strict):
    title: Text
    body: Text = Field(description="Markdown; printed as a separate A4 page.")


class Session(Strict):
    number: int = Field(ge=1)
    title: Text
    phase: Id
    minutes: int = Field(gt=0, le=480)
    objectives: list[Text] = Field(min_length=1)
    opening: Text = Field(description="What the facilitator says to open the session.")
    activities: list[Activity] = Field(min_length=1)
    watch_for: list[Text] = Field(min_length=1)
    closing: Text
    materials: list[Text] = Field(min_length=1)
    facilitator_notes: list[Text] = Field(min_length=1)
    homework: Text | None = None
    check: Text = Field(description="How the facilitator checks the session reached its objectives.")
    safety: Text | None = Field(
        default=None,
        description="What of the programme's safety block applies to this session, and anything special to it.",
    )
    if_short: Text | None = Field(
        default=None,
        description="If the session starts late or is cut short: which activities to shorten or drop first.",
    )
    handout: Handout | None = None

    @property
    def activity_minutes(self) -> int:
        return sum(a.minutes for a in self.activities)


class ProgrammeSafety(Strict):
    """How a programme keeps people safe; every session's ``safety`` note says what applies to it."""

    confidentiality: Text = Field(description="What stays in the group, its limits, and duties to report.")
    disclosure: Text = Field(
        description="What to do on disclosure of an offence, of abuse, of self-harm or suicide risk."
    )
    distress: Text = Field(description="Distress in the group: what the facilitator does, during and after.")
    facilitator_support: Text = Field(description="The facilitator's own support: debrief, supervision.")


class Phase(Strict):
    id: Id
    title: Text
    description: Text
    contact: Text | None = Field(default=None, description="Contact frequency in this phase, where it applies.")
    tools: list[Text] = Field(default_factory=list, description="Apps and forms used in this phase.")


class GroupSize(Strict):
    min: int = Field(ge=1)
    max: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> GroupSize:
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) is smaller than min ({self.min})")
        return self


class Completion(Strict):
    min_hours: float = Field(gt=0)
    requires_individual_plan: bool
    rule: Text


# Fields of a programme that may carry a figure or rule of our own choosing.
CHOOSABLE = {
    "session_count",
    "min_session_minutes",
    "min_total_hours",
    "group_size",
    "phases",
    "completion",
    "use",
    "format",
    "settings",
    "duration",
    "delivered_by",
}


class Programme(Strict):
    id: Id
    title: Text
    area: Id
    summary: Text
    purpose: Text
    audience: list[Audience] = Field(min_length=1)
    for_whom: Text
    not_for: Text
    format: Format
    group_size: GroupSize | None = None
    settings: list[Setting] = Field(min_length=1)
    use: Use
    use_note: Text
    delivered_by: list[Id] = Field(min_length=1)
    needs_addressed: list[Id] = Field(min_length=1)
    primary_needs: list[Id] = Field(min_length=1, description="The needs it works on directly; a subset.")
    entry_needs: list[EntryNeed] = Field(default_factory=list, description="Entry criteria as rules.")
    eligible_sex: list[Sex] = Field(default_factory=list, description="Empty: open to everyone.")
    session_count: int = Field(ge=1)
    min_session_minutes: int = Field(gt=0)
    min_total_hours: float = Field(gt=0)
    duration: Text | None = Field(default=None, description="Calendar span, e.g. 'up to 18 months'.")
    phases: list[Phase] = Field(min_length=1)
    targets: list[Text] = Field(default_factory=list)
    entry_criteria: list[Text] = Field(min_length=1)
    completion: Completion
    evaluation: list[Text] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    references: list[Text] = Field(default_factory=list, description="Keys in book/references.bib.")
    our_choices: dict[str, Text] = Field(
        default_factory=dict,
        description="Figures or rules the seeds do not give: field name -> why we chose it.",
    )
    adapt_locally: list[Text] = Field(default_factory=list)
    safety: ProgrammeSafety | None = None
    sessions: list[Session] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Programme:
        unknown = sorted(set(self.our_choices) - CHOOSABLE)
        if unknown:
            raise ValueError(f"our_choices names {', '.join(unknown)}; it may only name {', '.join(sorted(CHOOSABLE))}")
        if self.format == Format.individual and self.group_size is not None:
            raise ValueError("an individual programme has no group_size")
        if self.format != Format.individual and self.group_size is None:
            raise ValueError("a group programme needs group_size (min and max)")
        return self

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes for s in self.sessions)

    @property
    def total_hours(self) -> float:
        return self.total_minutes / 60

    @property
    def phase_ids(self) -> list[str]:
        return [p.id for p in self.phases]


# --------------------------------------------------------------------------- staff courses


class AgendaItem(Strict):
    minutes: int = Field(gt=0, le=480)
    title: Text
    module: Id | None = Field(default=None, description="The module taught in this slot, if any.")
    kind: Annotated[str, StringConstraints(pattern=r"^(module|opening|review|break|lunch|closing|practice)$")]


class AgendaDay(Strict):
    id: Id
    title: Text
    kind: Annotated[str, StringConstraints(pattern=r"^(room|follow-up)$")]
    when: Text = Field(description="When it happens, e.g. 'Day 1' or 'one month after the course'.")
    start: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
    minutes: int = Field(gt=0, le=600)
    items: list[AgendaItem] = Field(min_length=1)

    @property
    def item_minutes(self) -> int:
        return sum(i.minutes for i in self.items)


class Module(Strict):
    id: Id
    course: Id
    number: int = Field(ge=1)
    title: Text
    minutes: int = Field(gt=0, le=480, description="Time in the room; the agenda must give it exactly this.")
    self_study_minutes: int = Field(gt=0, le=600)
    objectives: list[Text] = Field(min_length=2)
    reading: Text = Field(description="Markdown: the self-study text of the module.")
    key_points: list[Text] = Field(min_length=3)
    activities: list[Activity] = Field(min_length=1)
    facilitator_notes: list[Text] = Field(min_length=1)
    materials: list[Text] = Field(min_length=1)
    case_studies: list[Id] = Field(default_factory=list)
    role_plays: list[Id] = Field(default_factory=list)
    handout: Handout | None = None
    references: list[Text] = Field(default_factory=list)

    @property
    def activity_minutes(self) -> int:
        return sum(a.minutes for a in self.activities)


class Course(Strict):
    id: Id
    title: Text
    audience: list[Id] = Field(min_length=1, description="Role ids the course trains.")
    summary: Text
    purpose: Text
    standards: list[Text] = Field(min_length=1, description="How the course meets the standards it follows.")
    assessment: list[Text] = Field(min_length=1, description="How trainees are assessed and certified.")
    sources: list[Source] = Field(min_length=1)
    references: list[Text] = Field(default_factory=list)
    adapt_locally: list[Text] = Field(default_factory=list)
    agenda: list[AgendaDay] = Field(min_length=1)
    modules: list[Id] = Field(min_length=1, description="Module ids in teaching order; each is a file in modules/.")


# --------------------------------------------------------------------------- country profiles


class FactKey(StrEnum):
    """The local facts that the session plans and courses leave to "adapt locally"."""

    probation_service = "probation-service"
    prison_service = "prison-service"
    employment_service = "employment-service"
    emergency_number = "emergency-number"
    crisis_line = "crisis-line"
    child_helpline = "child-helpline"
    violence_line = "violence-line"
    addiction_line = "addiction-line"
    ombudsman = "ombudsman"
    age_criminal_responsibility = "age-criminal-responsibility"
    duty_to_report_crime = "duty-to-report-crime"
    duty_to_report_child = "duty-to-report-child"
    debt_enforcement = "debt-enforcement"


class FactSource(Strict):
    """The public page a fact was read on, and when."""

    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    page: Text = Field(description="The page's title, or its publisher and subject where it shows no title.")
    checked: date = Field(description="The day someone read the fact on that page.")


class Fact(Strict):
    """One local fact: a value with its source, or a blank with the reason it is blank."""

    value: Text | None = None
    short: Text | None = Field(default=None, description="The value in a few words, for the side-by-side table.")
    sources: list[FactSource] = Field(
        default_factory=list, description="Where the value was read; a blank may name what was read too."
    )
    blank: Text | None = Field(default=None, description="Why there is no value: what was looked for, and why not.")

    @model_validator(mode="after")
    def _sourced_or_explained(self) -> Fact:
        if self.value is not None and not self.sources:
            raise ValueError("a filled fact needs a source (sources: url, page, checked)")
        if self.value is not None and self.blank is not None:
            raise ValueError("a filled fact has no blank reason; remove blank or value")
        if self.value is None and self.short is not None:
            raise ValueError("a blank fact has no short value")
        if self.value is None and self.blank is None:
            raise ValueError("a blank fact needs the reason it is blank (blank: ...)")
        return self


class CountryProfile(Strict):
    """The public bodies, helplines and legal facts of one country, each checked against a public source."""

    id: Id
    country: Text
    editions: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]] = Field(
        default_factory=list, description="The language editions that show this country's facts."
    )
    note: Text | None = None
    facts: dict[FactKey, Fact]

    @model_validator(mode="after")
    def _every_fact(self) -> CountryProfile:
        missing = [k.value for k in FactKey if k not in self.facts]
        if missing:
            raise ValueError(f"facts is missing {', '.join(missing)}; list every fact, blank with a reason if unknown")
        return self

    @property
    def filled(self) -> list[FactKey]:
        return [k for k in FactKey if self.facts[k].value is not None]
