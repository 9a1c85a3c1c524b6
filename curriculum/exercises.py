"""Exercises as data: case studies of fictional clients, quizzes and role-plays.

They live under ``exercises/`` at the top of the repository and are validated like the
curriculum: ``python -m curriculum validate`` reports their problems as ``file:line``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from .loader import Curriculum, Doc, Problem, _check_refs, each_item
from .schema import Id, Strict, Text

EXERCISES_DIR = Path(os.environ.get("CURRICULUM_EXERCISES") or Path(__file__).resolve().parent.parent / "exercises")

ClientCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{1,19}$")]


class Situation(StrEnum):
    debt = "debt"
    no_housing = "no-housing"
    unemployment = "unemployment"
    drug_use = "drug-use"
    alcohol = "alcohol"
    gambling = "gambling"
    family_law = "family-law"
    minor = "minor"
    violence = "violence"
    long_sentence = "long-sentence"
    foreign_national = "foreign-national"
    mental_health = "mental-health"
    woman = "woman"
    probation = "probation"
    low_literacy = "low-literacy"


class Urgency(StrEnum):
    before_release = "before-release"
    at_release = "at-release"
    after_release = "after-release"


class CaseRating(Strict):
    client: int = Field(ge=0, le=4)
    practitioner: int = Field(ge=0, le=4)
    urgency: Urgency | None = None
    note: Text


class CaseStudy(Strict):
    id: Id
    title: Text
    client_code: ClientCode
    name: Text = Field(description="A fictional first name, used only in training.")
    age: int = Field(ge=14, le=90)
    audience: Annotated[str, StringConstraints(pattern=r"^(adult|minor)$")]
    situations: list[Situation] = Field(min_length=1)
    sentence: Text
    release: Text = Field(description="Where the person is on the way out: e.g. 'release in 5 months'.")
    background: Text
    strengths: list[Text] = Field(min_length=2)
    wants: list[Text] = Field(min_length=1, description="What the client wants, in their own words.")
    worries: list[Text] = Field(default_factory=list)
    assessment: dict[Id, CaseRating] = Field(min_length=5)
    discussion_points: list[Text] = Field(min_length=3)
    facilitator_notes: list[Text] = Field(min_length=2)
    suggested_programmes: list[Id] = Field(default_factory=list)
    suggested_services: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _minor_is_under_18(self) -> CaseStudy:
        if (self.audience == "minor") != (self.age < 18):
            raise ValueError(f"age {self.age} does not fit audience {self.audience!r} (minor means under 18)")
        return self


class Option(Strict):
    text: Text
    correct: bool = False
    feedback: Text


class Question(Strict):
    id: Id
    prompt: Text
    options: list[Option] = Field(min_length=2, max_length=6)

    @model_validator(mode="after")
    def _one_key(self) -> Question:
        keys = sum(o.correct for o in self.options)
        if keys != 1:
            raise ValueError(f"needs exactly one correct option, has {keys}")
        return self


class Quiz(Strict):
    id: Id
    title: Text
    course: Id
    module: Id
    questions: list[Question] = Field(min_length=3)


class Role(Strict):
    name: Text
    brief: Text


class RolePlay(Strict):
    id: Id
    title: Text
    course: Id
    module: Id
    minutes: int = Field(gt=0, le=120)
    purpose: Text
    setting: Text
    roles: list[Role] = Field(min_length=2)
    observer_checklist: list[Text] = Field(min_length=4)
    debrief: list[Text] = Field(min_length=2)
    facilitator_notes: list[Text] = Field(min_length=1)


@dataclass
class Exercises:
    case_studies: dict[str, CaseStudy] = field(default_factory=dict)
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    role_plays: dict[str, RolePlay] = field(default_factory=dict)


FOLDERS = {
    "case-studies": ("case_studies", CaseStudy),
    "quizzes": ("quizzes", Quiz),
    "role-plays": ("role_plays", RolePlay),
}


def validate_exercises(cur: Curriculum, root: Path = EXERCISES_DIR) -> tuple[Exercises, list[Problem]]:
    ex = Exercises()
    problems: list[Problem] = []
    if cur.roots:
        cur.roots["exercises"] = Path(root)
    for folder, (attr, model) in FOLDERS.items():
        for doc, item in each_item(sorted((Path(root) / folder).glob("*.yaml")), model, cur, problems):
            if isinstance(item, CaseStudy):
                problems.extend(_check_case(doc, item, cur))
            if isinstance(item, Quiz | RolePlay):
                if item.course not in cur.courses:
                    problems.append(doc.problem(("course",), f'no course with id "{item.course}"'))
                elif item.module not in cur.courses[item.course].modules:
                    problems.append(doc.problem(("module",), f'course "{item.course}" has no module "{item.module}"'))
            getattr(ex, attr)[item.id] = item
    for mod in cur.modules.values():
        for kind, known in (("case_studies", ex.case_studies), ("role_plays", ex.role_plays)):
            for ref in getattr(mod, kind):
                if ref not in known:
                    path = (
                        Path(root).parent
                        / "curriculum"
                        / "data"
                        / "courses"
                        / mod.course
                        / "modules"
                        / f"{mod.id}.yaml"
                    )
                    what = {"case_studies": "case study", "role_plays": "role-play"}[kind]
                    problems.append(Problem(path, 1, kind, f'no {what} "{ref}" in exercises/'))
    return ex, problems


def _check_case(doc: Doc, case: CaseStudy, cur: Curriculum) -> list[Problem]:
    out = []
    for dom in case.assessment:
        if dom not in cur.domains:
            out.append(doc.problem(("assessment", dom), f'unknown needs domain "{dom}"'))
    out += _check_refs(doc, ("suggested_programmes",), case.suggested_programmes, cur.programmes, "programme")
    out += _check_refs(doc, ("suggested_services",), case.suggested_services, cur.services, "service")
    return out


def load_case_studies(cur: Curriculum, root: Path = EXERCISES_DIR) -> dict[str, CaseStudy]:
    ex, problems = validate_exercises(cur, root)
    return {k: v for k, v in ex.case_studies.items() if not any(p.path.stem == k for p in problems)}
