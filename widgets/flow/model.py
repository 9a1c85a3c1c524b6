"""The workshop: one flow from needs to plan, as plain data and traitlets (no ipywidgets here).

Four steps carry their state, as in aiidalab-qe's wizard:

1. **Assess**: the needs assessment (:class:`~widgets.needs.model.NeedsAssessment`).
2. **Review priorities and choose offers**: keep or drop each priority, tick the offers; both are
   kept in the assessment. Confirming hands the assessment on:
   ``plan.start_from(needs.handoff())``.
3. **Draft the plan** (:class:`~widgets.plan.model.IndividualPlan`).
4. **Export**.

The assessment and the plan are kept together: in one browser draft and in one saved file
(schema ``open-reentry-curriculum/workshop``, version 1, holding both records). The workshop also
opens a needs-assessment file or an individual-plan file of any version.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from traitlets import Bool, HasTraits, Int, Unicode, link

from curriculum.i18n import N_, _

from ..catalogue import Catalogue
from ..files import (
    FileProblem,
    InputProblem,
    dump,
    load_versioned,
    migrate,
    parse_draft,
    plain_problems,
    read_json,
    with_plain_problems,
)
from ..needs import model as needs_model
from ..needs.model import AssessmentRecord, NeedsAssessment
from ..plan import model as plan_model
from ..plan.model import IndividualPlan, PlanRecord, Started

SCHEMA_ID = "open-reentry-curriculum/workshop"
SCHEMA_VERSION = 1

# The steps, in order; their titles are shown on the tabs (translate with _() when shown).
STEPS = {
    1: N_("1 Assess"),
    2: N_("2 Priorities and offers"),
    3: N_("3 Draft the plan"),
    4: N_("4 Export"),
}


class WorkshopRecord(BaseModel):
    """Version 1 of the saved workshop file: the assessment and the plan, each in its own current version."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_: Literal["open-reentry-curriculum/workshop"] = Field(alias="schema", default=SCHEMA_ID)
    version: Literal[1] = SCHEMA_VERSION
    step: int = Field(default=1, ge=1, le=4, description="The step the user was at.")
    assessment: AssessmentRecord
    plan: PlanRecord | None = Field(default=None, description="None until the plan is started.")

    @field_validator("assessment", "plan", mode="before")
    @classmethod
    def _up_to_date(cls, value, info):
        """A part saved by an earlier version of the needs or plan app is brought up to date."""
        if isinstance(value, dict):
            module = needs_model if info.field_name == "assessment" else plan_model
            return migrate(value, module.SCHEMA_VERSION, module.MIGRATIONS)
        return value


def read_workshop(raw: bytes | str) -> WorkshopRecord:
    return load_versioned(
        raw,
        WorkshopRecord,
        SCHEMA_ID,
        SCHEMA_VERSION,
        _("This file is not a workshop; it was saved as '{schema}'."),
    )


def schema_of(raw: bytes | str) -> str | None:
    """The ``schema`` mark of a saved file, or None when it cannot be read (the readers say why)."""
    try:
        data = read_json(raw)
    except (FileProblem, TypeError):
        return None
    return data.get("schema") if isinstance(data, dict) and isinstance(data.get("schema"), str) else None


def assessment_of(raw: bytes | str) -> AssessmentRecord:
    """The assessment in a needs-assessment file (any version) or a workshop file; FileProblem else."""
    if schema_of(raw) == SCHEMA_ID:
        return read_workshop(raw).assessment
    try:
        return needs_model.read_record(raw)
    except FileProblem as exc:
        if schema_of(raw) not in (None, needs_model.SCHEMA_ID):
            raise FileProblem(
                [
                    _("This file is not a needs assessment or a workshop; it was saved as '{schema}'.").format(
                        schema=schema_of(raw)
                    )
                ]
            ) from None
        raise exc from None


class Workshop(HasTraits):
    """The parent model: the assessment, the plan, the step, and whether the plan follows the
    assessment as it is now (``handed``: un-set when the priorities, the notes, the choices or the
    person change after step 2 was confirmed; step 2 can then be confirmed again)."""

    step = Int(1)
    handed = Bool(False)
    language = Unicode("")
    revision = Int(0)  # goes up on every change of the workshop or its parts

    def __init__(self, catalogue: Catalogue, **kwargs):
        super().__init__(**kwargs)
        self.catalogue = catalogue
        self.needs = NeedsAssessment(catalogue)
        self.plan = IndividualPlan(catalogue)
        # One content language and one client code for both parts.
        self._links = [
            link((self.needs, "language"), (self, "language")),
            link((self.needs, "language"), (self.plan, "language")),
            link((self.needs, "client_code"), (self.plan, "client_code")),
        ]
        self._handed_key = None  # what was handed on at the last confirmation of step 2
        self.needs.observe(self._on_needs, names="revision")
        self.plan.observe(self._bump, names="revision")
        self.observe(self._bump, names=["step", "handed"])

    def _bump(self, _change=None) -> None:
        self.revision += 1

    def _handoff_key(self) -> tuple:
        s = self.needs.handoff()
        return (s.person, s.priorities, s.offers)

    def _on_needs(self, _change) -> None:
        if self._handed_key is not None:
            self.handed = self._handoff_key() == self._handed_key
        self._bump()

    def plan_started(self) -> bool:
        """Whether the plan has anything beyond the client code it shares with the assessment."""
        p = self.plan
        texts = (p.release_date, p.place, p.mentor, p.caseworker, p.assessment)
        return bool(p.goals or p.enrolments or p.reviews or any(t.strip() for t in texts))

    def use_catalogue(self, catalogue: Catalogue) -> None:
        self.needs.use_catalogue(catalogue)
        self.plan.use_catalogue(catalogue)
        self.catalogue = catalogue

    def has_content(self) -> bool:
        return self.needs.has_content() or self.plan.has_content()

    # ---- steps
    def blockers(self, step: int | None = None) -> list[str]:
        """What stops confirming ``step`` (by default the current one), in plain words."""
        step = step or self.step
        if step == 1 and not self.needs.rated_count():
            return [_("Rate at least one area first.")]
        if step == 2:
            return self.needs.blockers()
        return []

    def go(self, step: int) -> None:
        if step not in STEPS:
            raise InputProblem(_("There is no step {step}.").format(step=step))
        self.step = step

    def confirm(self) -> Started | None:
        """Confirm the current step and go to the next; step 2 starts the plan from the assessment.

        Raises InputProblem (plain words) while the step has a blocker.
        """
        problems = self.blockers()
        if problems:
            raise InputProblem(" ".join(problems))
        started = None
        if self.step == 2:
            started = self.hand_on()
        if self.step < max(STEPS):
            self.step += 1
        return started

    def hand_on(self) -> Started:
        """``plan.start_from(needs.handoff())``: kept priorities become goals, chosen offers actions."""
        started = self.plan.start_from(self.needs.handoff())
        self._handed_key = self._handoff_key()
        self.handed = True
        return started

    # ---- state (aiidalab's get_model_state / set_model_state / reset)
    def get_model_state(self) -> dict:
        return {
            "step": self.step,
            "handed": self.handed,
            "needs": json.loads(self.needs.draft()),
            "plan": json.loads(self.plan.draft()),
        }

    def set_model_state(self, state: dict) -> None:
        """Put back a state from :meth:`get_model_state` or a draft; bad parts become blanks."""
        needs, plan = state.get("needs"), state.get("plan")
        if isinstance(needs, dict):
            self.needs.restore_draft(json.dumps(needs))
        if isinstance(plan, dict):
            self.plan.restore_draft(json.dumps(plan))
        step = state.get("step")
        self.step = step if isinstance(step, int) and not isinstance(step, bool) and step in STEPS else 1
        self._remember_handoff(state.get("handed") is True)

    def _remember_handoff(self, handed: bool) -> None:
        self._handed_key = self._handoff_key() if handed else None
        self.handed = handed

    def reset(self, language: str | None = None) -> None:
        self.needs.clear(language)
        self.plan.clear(language)
        self.step = 1
        self._remember_handoff(False)

    # ---- drafts
    def draft(self) -> str:
        return json.dumps(
            {"schema": SCHEMA_ID + "/draft", "version": SCHEMA_VERSION, **self.get_model_state()},
            ensure_ascii=False,
        )

    def restore_draft(self, text: str) -> None:
        data = parse_draft(text, SCHEMA_ID, _("The saved draft is not a workshop."))
        self.set_model_state(data)

    # ---- files
    def to_record(self) -> WorkshopRecord:
        """Both records; raises InputProblem while a field of either has a problem."""
        plan = self.plan.to_record() if self.plan_started() else None
        assessment = self.needs.to_record()
        return with_plain_problems(lambda: WorkshopRecord(step=self.step, assessment=assessment, plan=plan))

    def to_json(self) -> str:
        return dump(self.to_record())

    def open_file(self, raw: bytes | str) -> str:
        """Open a workshop, needs-assessment or plan file (any version). Returns which kind it was
        ("workshop", "needs" or "plan"); raises FileProblem and changes nothing when it cannot."""
        with plain_problems():
            return self._open(raw)

    def _open(self, raw: bytes | str) -> str:
        schema = schema_of(raw)
        if schema == plan_model.SCHEMA_ID:
            rec = plan_model.read_plan(raw)
            probe = IndividualPlan(self.catalogue)
            probe.load_record(rec)  # checks the plan against the catalogue before anything changes
            with self.hold_trait_notifications():
                self.needs.clear(rec.language)
                self.needs.client_code = rec.client_code
                self.plan.load_record(rec)
                self.step = 3
            self._remember_handoff(False)
            return "plan"
        if schema == SCHEMA_ID:
            rec = read_workshop(raw)
            probe_needs, probe_plan = NeedsAssessment(self.catalogue), IndividualPlan(self.catalogue)
            probe_needs.load_record(rec.assessment)
            if rec.plan is not None:
                probe_plan.load_record(rec.plan)
            with self.hold_trait_notifications():
                self.needs.load_record(rec.assessment)
                if rec.plan is not None:
                    self.plan.load_record(rec.plan)
                else:
                    self.plan.clear(rec.assessment.language)
                    self.plan.client_code = rec.assessment.client_code
                self.step = rec.step
            self._remember_handoff(bool(rec.plan and rec.plan.assessment))
            return "workshop"
        rec = assessment_of(raw)
        probe_needs = NeedsAssessment(self.catalogue)
        probe_needs.load_record(rec)
        with self.hold_trait_notifications():
            self.needs.load_record(rec)
            self.plan.clear(rec.language)
            self.plan.client_code = rec.client_code
            self.step = 2
        self._remember_handoff(False)
        return "needs"

    def file_stem(self) -> str:
        from ..browser import safe_filename

        return safe_filename(
            self.needs.client_code.strip() or "client",
            "workshop",
            self.needs.assessed_on.strip() or dt.date.today().isoformat(),
        )
