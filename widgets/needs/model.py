"""The needs assessment as plain data and traitlets: no ipywidgets here.

A client and a practitioner each rate every needs domain on our own 0-4 need scale. Both
ratings are kept side by side (never averaged), each domain gets an urgency (before, at or
after release, or now for someone not in custody), a "this matters to me" mark and a note.
With the person's age, setting (in prison, on probation, in the community) and sex, the model
ranks priorities, asks :mod:`curriculum.recommend` for the programmes and services open to the
person, best first and each with its reason, and compares with an earlier assessment.

For the plan the model keeps which priorities the user keeps and which offers they choose, and
hands them on as a frozen :class:`AssessmentSummary` (:meth:`NeedsAssessment.handoff`, or
:func:`summary_of` for a saved file).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from traitlets import Any, Dict, HasTraits, Int, List, Unicode

from curriculum.i18n import N_, _
from curriculum.recommend import Person, Rating

from ..catalogue import Catalogue, Offer, shown_and_more
from ..fields import AGE, ASSESSOR, CLIENT_CODE, CLIENT_SCORE, NOTE, PRACTITIONER_SCORE, SUMMARY, text_problems
from ..files import (
    FileProblem,
    InputProblem,
    LanguageCode,
    dump,
    load_versioned,
    migrate,
    parse_draft,
    plain_problems,
    refuse_if,
    with_plain_problems,
)

SCHEMA_ID = "open-reentry-curriculum/needs-assessment"
# 2 adds "language"; 3 adds the person's age, setting and sex, "matters" and the urgency "now",
# and the priorities dropped and offers chosen for the plan. Older files are migrated (MIGRATIONS).
SCHEMA_VERSION = 3

WHO = ("client", "practitioner")
# Urgency ids (saved in files) and their labels; translate a label with _() when it is shown.
URGENCIES = {
    # Translators: when help with a need is wanted: before release, at release (the day), after release.
    "before-release": N_("Before release"),
    "at-release": N_("At release"),
    "after-release": N_("After release"),
    # Translators: an urgency for a person not in custody (on probation or in the community): help is needed now.
    "now": N_("Now"),
}
URGENCY_RANK = {"before-release": 0, "now": 0, "at-release": 1, "after-release": 2, None: 3}
# Where the person is now; the ids are those of curriculum.recommend (and of the data's settings).
SETTINGS = {
    "prison": N_("In prison"),
    "probation": N_("On probation"),
    "community": N_("In the community"),
}
# Sex, where the person wants it recorded (some programmes are for women or men only). None: not recorded.
SEXES = {"female": N_("Female"), "male": N_("Male")}
AGE_MIN, AGE_MAX = int(AGE.low), int(AGE.high)
PRIORITY_FROM = 2  # a need of 2 (moderate) or more is a priority


# --------------------------------------------------------------------------- the file


Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,60}$")]


class RatingRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    client: int | None = CLIENT_SCORE.field(default=None)
    practitioner: int | None = PRACTITIONER_SCORE.field(default=None)
    urgency: Literal["before-release", "at-release", "after-release", "now"] | None = None
    matters: bool = Field(default=False, description="The person marked this area: it matters to me.")
    note: Annotated[str, NOTE] = ""


class AssessmentRecord(BaseModel):
    """Version 3 of the saved needs-assessment file."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_: Literal["open-reentry-curriculum/needs-assessment"] = Field(alias="schema", default=SCHEMA_ID)
    version: Literal[3] = SCHEMA_VERSION
    language: LanguageCode = Field(default="en", description="The language the content was written in.")
    client_code: Annotated[str, CLIENT_CODE]
    audience: Literal["adult", "minor"] = "adult"
    age: int | None = AGE.field(default=None, description="Age in years, if given.")
    setting: Literal["prison", "probation", "community"] = "prison"
    sex: Literal["female", "male"] | None = None
    assessed_on: dt.date
    assessor: Annotated[str, ASSESSOR] = ""
    case_study: str | None = None
    summary: Annotated[str, SUMMARY] = ""
    ratings: dict[str, RatingRecord] = Field(default_factory=dict)
    dropped: list[Key] = Field(default_factory=list, description="Priorities the user left out of the plan.")
    chosen: list[Key] | None = Field(
        default=None, description="Offers chosen for the plan, best first; null: not chosen yet (the defaults)."
    )

    @field_validator("dropped", "chosen")
    @classmethod
    def _once_each(cls, value: list[str] | None) -> list[str] | None:
        """An area or offer given twice means the same as once: kept once, in its first place."""
        return list(dict.fromkeys(value)) if value is not None else None


def _v1_to_v2(data: dict) -> dict:
    """Version 1 files were saved by the English-only app: their content is in English."""
    return {**data, "version": 2, "language": "en"}


def _v2_to_v3(data: dict) -> dict:
    """Version 2 files know nothing of age, setting, sex, "matters" or choices: the defaults apply."""
    return {**data, "version": 3}


MIGRATIONS = {1: _v1_to_v2, 2: _v2_to_v3}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def urgency_label(urgency: str | None) -> str:
    """The urgency in the current language; ``""`` when none is set."""
    return _(URGENCIES[urgency]) if urgency in URGENCIES else ""


def setting_label(setting: str) -> str:
    return _(SETTINGS[setting]) if setting in SETTINGS else setting


def sex_label(sex: str | None) -> str:
    return _(SEXES[sex]) if sex in SEXES else _("Not recorded")


def urgencies_for(setting: str) -> list[str]:
    """The urgencies that make sense for someone in this setting: release-related in prison, else "now"."""
    return ["before-release", "at-release", "after-release"] if setting == "prison" else ["now", "after-release"]


def age_of(text) -> int | None:
    """The age typed, as whole years, or None (blank or not a plausible age)."""
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        text = str(text or "").strip()
        if not text.isdigit():
            return None
        value = int(text)
    return value if AGE_MIN <= value <= AGE_MAX else None


# --------------------------------------------------------------------------- derived views


@dataclass(frozen=True)
class Priority:
    rank: int
    domain: str
    title: str
    need: int
    client: int | None
    practitioner: int | None
    urgency: str | None
    note: str
    matters: bool = False

    @property
    def disagreement(self) -> int:
        if self.client is None or self.practitioner is None:
            return 0
        return abs(self.client - self.practitioner)


@dataclass(frozen=True)
class Change:
    domain: str
    title: str
    before: int | None  # need in the earlier assessment
    after: int | None
    client_before: int | None
    client_after: int | None
    practitioner_before: int | None
    practitioner_after: int | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def words(self) -> str:
        """The change in words, in the current language."""
        d = self.delta
        if d is None:
            return _("not rated both times")
        if d == 0:
            return _("no change")
        return (_("need down by {points}") if d < 0 else _("need up by {points}")).format(points=abs(d))


def need_of(client: int | None, practitioner: int | None) -> int | None:
    """The need used for ranking: the higher of the two views (the other is shown beside it)."""
    vals = [v for v in (client, practitioner) if v is not None]
    return max(vals) if vals else None


def rank_priorities(ratings: dict[str, dict], order: list[str]) -> list[tuple[str, int]]:
    """(domain, need) of every need of 2 or more: most need first, then what matters to the person,
    then the most urgent, then the widest disagreement, then the order of ``order``."""
    rows = []
    for i, d in enumerate(order):
        r = ratings.get(d)
        if not r:
            continue
        need = need_of(r.get("client"), r.get("practitioner"))
        if need is None or need < PRIORITY_FROM:
            continue
        c, p = r.get("client"), r.get("practitioner")
        gap = abs(c - p) if None not in (c, p) else 0
        rows.append(((-need, not r.get("matters"), URGENCY_RANK.get(r.get("urgency"), 3), -gap, i), d, need))
    rows.sort(key=lambda x: x[0])
    return [(d, need) for _key, d, need in rows]


def person_of(ratings: dict[str, dict], age: int | None, audience: str, setting: str, sex: str | None) -> Person:
    """The person as :mod:`curriculum.recommend` sees them."""
    return Person(
        age=age,
        audience=audience,
        setting=setting,
        sex=sex,
        ratings={
            d: Rating(r.get("client"), r.get("practitioner"), r.get("urgency"), bool(r.get("matters")))
            for d, r in ratings.items()
        },
    )


def default_choice(offers: list, priorities: list[str]) -> list[str]:
    """The offers chosen until the user chooses: for each kept priority, in order, the first offer
    in the ranking that works on it directly. ``offers`` are ranked (recommend or the catalogue's)."""
    out: list[str] = []
    for d in priorities:
        for o in offers:
            works_on = o.works_on if hasattr(o, "works_on") else {r.domain for r in o.reasons if r.direct}
            if d in works_on and o.id not in out:
                out.append(o.id)
                break
    return out


@dataclass(frozen=True)
class PrioritySummary:
    domain: str
    need: int
    urgency: str | None
    matters: bool
    note: str


@dataclass(frozen=True)
class AssessmentSummary:
    """What the plan needs from an assessment, frozen at the moment the user hands it on."""

    client_code: str
    assessed_on: str
    language: str
    person: Person
    priorities: tuple[PrioritySummary, ...]  # the kept priorities, most need first
    dropped: tuple[str, ...] = ()
    offers: tuple[str, ...] | None = None  # chosen offer ids; None: not chosen (take the defaults)

    @property
    def label(self) -> str:
        """Which assessment the plan started from, as the plan's header says it."""
        return f"{self.client_code}, {self.assessed_on}"

    @property
    def setting(self) -> str:
        return self.person.setting


def _summary(
    ratings: dict[str, dict],
    order: list[str],
    *,
    client_code: str,
    assessed_on: str,
    language: str,
    age: int | None,
    audience: str,
    setting: str,
    sex: str | None,
    dropped,
    chosen,
) -> AssessmentSummary:
    dropped = tuple(d for d in dropped if d in ratings)
    priorities = tuple(
        PrioritySummary(
            d,
            need,
            ratings[d].get("urgency"),
            bool(ratings[d].get("matters")),
            ratings[d].get("note") or "",
        )
        for d, need in rank_priorities(ratings, order)
        if d not in dropped
    )
    return AssessmentSummary(
        client_code=client_code.strip(),
        assessed_on=assessed_on.strip(),
        language=language,
        person=person_of(ratings, age, audience, setting, sex),
        priorities=priorities,
        dropped=dropped,
        offers=tuple(chosen) if chosen is not None else None,
    )


def summary_of(rec: AssessmentRecord) -> AssessmentSummary:
    """The hand-off of a saved assessment, exactly as :meth:`NeedsAssessment.handoff` gives it."""
    ratings = {d: r.model_dump() for d, r in rec.ratings.items()}
    return _summary(
        ratings,
        list(rec.ratings),
        client_code=rec.client_code,
        assessed_on=rec.assessed_on.isoformat(),
        language=rec.language,
        age=rec.age,
        audience=rec.audience,
        setting=rec.setting,
        sex=rec.sex,
        dropped=rec.dropped,
        chosen=rec.chosen,
    )


FULL_NAME = re.compile(
    r"^\s*[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][a-zß-öø-ÿā-žа-яё'’-]+(\s+[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][a-zß-öø-ÿā-žа-яё'’-]+)+\s*$"
)


# --------------------------------------------------------------------------- the model


class NeedsAssessment(HasTraits):
    client_code = Unicode("")
    audience = Unicode("adult")  # adult or minor; follows the age when an age is given
    age = Unicode("")  # as typed, in years; checked by field_problems()
    setting = Unicode("prison")  # prison, probation, community
    sex = Unicode(None, allow_none=True)  # female, male, or None (not recorded)
    assessed_on = Unicode("")  # as typed, YYYY-MM-DD; checked by field_problems()
    assessor = Unicode("")
    summary = Unicode("")
    case_study = Unicode(None, allow_none=True)
    ratings = Dict()  # domain id -> {"client", "practitioner", "urgency", "matters", "note"}
    dropped = List()  # priorities the user leaves out of the plan (domain ids)
    chosen = Any(None)  # offer ids chosen for the plan, or None: the defaults (see default_choice)
    earlier = Any(None)  # an AssessmentRecord to compare with, or None
    language = Unicode("")  # the language the content is written in (saved in the file)
    revision = Int(0)  # goes up on every change; views and autosave observe it

    def __init__(self, catalogue: Catalogue, **kwargs):
        super().__init__(**kwargs)
        self.catalogue = catalogue
        self.domain_ids = [d.id for d in catalogue.domains]
        if not self.language:
            self.language = catalogue.language
        if not self.assessed_on:
            self.assessed_on = dt.date.today().isoformat()
        if not self.ratings:
            self.ratings = {d: self._blank() for d in self.domain_ids}
        self.observe(self._follow_age, names="age")
        self.observe(
            self._bump,
            names=[
                "client_code",
                "audience",
                "age",
                "setting",
                "sex",
                "assessed_on",
                "assessor",
                "summary",
                "earlier",
                "language",
                "dropped",
                "chosen",
            ],
        )

    def _follow_age(self, change) -> None:
        """An age decides the age group: under 18 is a minor."""
        years = age_of(change["new"])
        if years is not None:
            self.audience = "minor" if years < 18 else "adult"

    def use_catalogue(self, catalogue: Catalogue) -> None:
        """Show titles and offers from ``catalogue`` (another language of the same data); ratings stay."""
        if [d.id for d in catalogue.domains] != self.domain_ids:
            raise InputProblem(_("That catalogue has other needs areas; the assessment stays as it is."))
        self.catalogue = catalogue

    def has_content(self) -> bool:
        """Whether anything has been typed or rated yet."""
        return bool(
            self.client_code.strip()
            or self.assessor.strip()
            or self.summary.strip()
            or self.age.strip()
            or self.case_study
            or any(
                r["client"] is not None or r["practitioner"] is not None or r["note"] or r["matters"]
                for r in self.ratings.values()
            )
        )

    @staticmethod
    def _blank() -> dict:
        return {"client": None, "practitioner": None, "urgency": None, "matters": False, "note": ""}

    def _bump(self, _change=None) -> None:
        self.revision += 1

    def _check_domain(self, domain: str) -> None:
        if domain not in self.ratings:
            raise InputProblem(_("'{domain}' is not one of the needs areas.").format(domain=domain))

    # ---- edits
    def rate(self, domain: str, who: str, value: int | None) -> None:
        self._check_domain(domain)
        if who not in WHO:
            raise InputProblem(_("A rating is either the client's or the practitioner's."))
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4):
            raise InputProblem(
                _("A rating is a whole number from 0 (no need) to 4 (critical need), not {value}.").format(
                    value=repr(value)
                )
            )
        self.ratings[domain][who] = value
        self._bump()

    def set_urgency(self, domain: str, urgency: str | None) -> None:
        self._check_domain(domain)
        if urgency not in (None, *URGENCIES):
            raise InputProblem(_("Urgency is before release, at release, after release or now."))
        self.ratings[domain]["urgency"] = urgency
        self._bump()

    def set_matters(self, domain: str, matters: bool) -> None:
        """The person's own mark: this area matters to me."""
        self._check_domain(domain)
        self.ratings[domain]["matters"] = bool(matters)
        self._bump()

    def set_setting(self, setting: str) -> None:
        if setting not in SETTINGS:
            raise InputProblem(_("The setting is in prison, on probation or in the community."))
        self.setting = setting

    def set_sex(self, sex: str | None) -> None:
        if sex not in (None, *SEXES):
            raise InputProblem(_("Sex is female, male or not recorded."))
        self.sex = sex

    def keep(self, domain: str, keep: bool = True) -> None:
        """Keep a priority for the plan, or leave it out (it stays in the assessment)."""
        self._check_domain(domain)
        dropped = [d for d in self.dropped if d != domain]
        self.dropped = dropped if keep else [*dropped, domain]

    def choose(self, offer_id: str, chosen: bool = True) -> None:
        """Tick or untick an offer for the plan; the first change turns the defaults into a choice."""
        ids = [o.id for o in self.offers()]
        if offer_id not in ids:
            raise InputProblem(_("That offer is not open to this person any more."))
        current = [i for i in self.chosen_ids() if i != offer_id]
        if chosen:
            current.append(offer_id)
        self.chosen = [i for i in ids if i in current]  # best first, as the ranking has them

    def set_note(self, domain: str, text: str) -> None:
        """Notes are kept exactly as typed, even when too long: field_problems() says so."""
        self._check_domain(domain)
        self.ratings[domain]["note"] = text
        self._bump()

    def clear(self, language: str | None = None) -> None:
        """Start a new assessment (written in ``language``, by default the catalogue's)."""
        with self.hold_trait_notifications():
            self.language = language or self.catalogue.language
            self.client_code = ""
            self.assessor = ""
            self.summary = ""
            self.case_study = None
            self.earlier = None
            self.age = ""
            self.audience = "adult"
            self.setting = "prison"
            self.sex = None
            self.dropped = []
            self.chosen = None
            self.assessed_on = dt.date.today().isoformat()
            self.ratings = {d: self._blank() for d in self.domain_ids}
        self._bump()

    # ---- checks
    def field_problems(self) -> dict[str, str]:
        """Plain-language problems, keyed by field ("client_code", "assessed_on", "note:<domain>", ...)."""
        out = text_problems(
            (name, rule, getattr(self, name))
            for name, rule in (("client_code", CLIENT_CODE), ("assessor", ASSESSOR), ("summary", SUMMARY))
        )
        try:
            day = dt.date.fromisoformat(self.assessed_on.strip())
            if day > dt.date.today() + dt.timedelta(days=1):
                out["assessed_on"] = _("The assessment date is in the future.")
        except ValueError:
            out["assessed_on"] = _("Write the date as YYYY-MM-DD, for example {example}.").format(
                example=dt.date.today().isoformat()
            )
        if self.age.strip() and age_of(self.age) is None:
            out["age"] = _("Write the age in whole years, from {low} to {high}, or leave it empty.").format(
                low=AGE_MIN, high=AGE_MAX
            )
        out.update(text_problems((f"note:{d}", NOTE, r["note"]) for d, r in self.ratings.items()))
        return out

    def warnings(self) -> dict[str, str]:
        out = {}
        if FULL_NAME.match(self.client_code or ""):
            out["client_code"] = _(
                "This looks like a full name. Use a code or pseudonym unless your agency's rules allow names."
            )
        return out

    # ---- derived
    def need(self, domain: str) -> int | None:
        r = self.ratings[domain]
        return need_of(r["client"], r["practitioner"])

    def rated_count(self) -> int:
        return sum(1 for r in self.ratings.values() if r["client"] is not None or r["practitioner"] is not None)

    def priorities(self, catalogue: Catalogue | None = None) -> list[Priority]:
        """Domains with a need of 2 or more: most need first, then what matters to the person, then
        the most urgent, then the widest disagreement (see :func:`rank_priorities`).

        Titles come from ``catalogue`` (an export's language), by default the model's own.
        """
        cat = catalogue or self.catalogue
        out = []
        for k, (d, need) in enumerate(rank_priorities(self.ratings, self.domain_ids), start=1):
            r = self.ratings[d]
            out.append(
                Priority(
                    rank=k,
                    domain=d,
                    title=cat.domain_title(d),
                    need=need,
                    client=r["client"],
                    practitioner=r["practitioner"],
                    urgency=r["urgency"],
                    note=r["note"],
                    matters=bool(r["matters"]),
                )
            )
        return out

    def kept_priorities(self, catalogue: Catalogue | None = None) -> list[Priority]:
        return [p for p in self.priorities(catalogue) if p.domain not in self.dropped]

    def age_years(self) -> int | None:
        return age_of(self.age)

    def person(self) -> Person:
        """The person as the recommendations see them."""
        return person_of(self.ratings, self.age_years(), self.audience, self.setting, self.sex)

    def offers(self, catalogue: Catalogue | None = None) -> list[Offer]:
        """Every programme and service open to the person that meets one of their needs, best first."""
        return (catalogue or self.catalogue).recommendations(self.person())

    def shown_offers(self, catalogue: Catalogue | None = None) -> tuple[list[Offer], list[Offer]]:
        """The offers shown first and those behind "show more", in the order screen and exports share."""
        return shown_and_more(self.offers(catalogue))

    def chosen_ids(self, offers: list[Offer] | None = None) -> list[str]:
        """The offers chosen for the plan, best first: the user's choice, or the defaults."""
        offers = self.offers() if offers is None else offers
        if self.chosen is None:
            return default_choice(offers, [p.domain for p in self.kept_priorities()])
        return [o.id for o in offers if o.id in self.chosen]

    def blockers(self, offers: list[Offer] | None = None) -> list[str]:
        """What stops the hand-off to the plan, in plain words (nothing stops saving)."""
        offers = self.offers() if offers is None else offers
        kept = {p.domain for p in self.kept_priorities()}
        out = []
        if not kept:
            out.append(_("Keep at least one priority (an area rated 2 or more) to start the plan."))
        by_id = {o.id: o for o in offers}
        for oid in self.chosen_ids(offers):
            if not set(by_id[oid].domains) & kept:
                out.append(
                    _("“{offer}” works on no priority you keep: keep one of its areas or untick it.").format(
                        offer=by_id[oid].title
                    )
                )
        return out

    def handoff(self) -> AssessmentSummary:
        """The kept priorities (with the notes) and the chosen offers, frozen, for the plan."""
        return _summary(
            self.ratings,
            self.domain_ids,
            client_code=self.client_code,
            assessed_on=self.assessed_on,
            language=self.language,
            age=self.age_years(),
            audience=self.audience,
            setting=self.setting,
            sex=self.sex,
            dropped=self.dropped,
            chosen=self.chosen_ids(),
        )

    def disagreements(self, at_least: int = 2) -> list[str]:
        out = []
        for d in self.domain_ids:
            c, p = self.ratings[d]["client"], self.ratings[d]["practitioner"]
            if c is not None and p is not None and abs(c - p) >= at_least:
                out.append(d)
        return out

    def changes(self, catalogue: Catalogue | None = None) -> list[Change]:
        """How each domain moved since the earlier assessment; the largest moves first."""
        if self.earlier is None:
            return []
        cat = catalogue or self.catalogue
        out = []
        for d in self.domain_ids:
            old = self.earlier.ratings.get(d)
            new = self.ratings[d]
            oc, op = (old.client, old.practitioner) if old else (None, None)
            out.append(
                Change(
                    d,
                    cat.domain_title(d),
                    need_of(oc, op),
                    need_of(new["client"], new["practitioner"]),
                    oc,
                    new["client"],
                    op,
                    new["practitioner"],
                )
            )
        return sorted(
            out, key=lambda c: (-(abs(c.delta) if c.delta is not None else -1), self.domain_ids.index(c.domain))
        )

    def series(self, who: str) -> list[int | None]:
        return [self.ratings[d][who] for d in self.domain_ids]

    def earlier_series(self, who: str) -> list[int | None] | None:
        if self.earlier is None:
            return None
        return [getattr(self.earlier.ratings.get(d), who, None) for d in self.domain_ids]

    # ---- files
    def to_record(self) -> AssessmentRecord:
        """The saved form; raises InputProblem (plain words) while a field has a problem."""
        refuse_if(self.field_problems())
        return with_plain_problems(self._record)

    def _record(self) -> AssessmentRecord:
        return AssessmentRecord(
            language=self.language if LANGUAGE_CODE.match(self.language) else "en",
            client_code=self.client_code,
            audience=self.audience,
            age=self.age_years(),
            setting=self.setting,
            sex=self.sex,
            assessed_on=dt.date.fromisoformat(self.assessed_on.strip()),
            assessor=self.assessor,
            case_study=self.case_study,
            summary=self.summary,
            ratings={d: dict(r) for d, r in self.ratings.items()},
            dropped=[d for d in self.dropped if d in self.ratings],
            chosen=list(self.chosen) if self.chosen is not None else None,
        )

    def to_json(self) -> str:
        return dump(self.to_record())

    def draft(self) -> str:
        """Everything as typed, valid or not, for autosave: nothing is ever lost."""
        return json.dumps(
            {
                "schema": SCHEMA_ID + "/draft",
                "version": SCHEMA_VERSION,
                "language": self.language,
                "client_code": self.client_code,
                "audience": self.audience,
                "age": self.age,
                "setting": self.setting,
                "sex": self.sex,
                "dropped": self.dropped,
                "chosen": self.chosen,
                "assessed_on": self.assessed_on,
                "assessor": self.assessor,
                "case_study": self.case_study,
                "summary": self.summary,
                "ratings": self.ratings,
                "earlier": self.earlier.model_dump(mode="json", by_alias=True) if self.earlier else None,
            },
            ensure_ascii=False,
        )

    def restore_draft(self, text: str) -> None:
        """Put back an autosaved draft. Unknown domains are dropped; bad values become blanks."""
        data = parse_draft(text, SCHEMA_ID, _("The saved draft is not a needs assessment."))
        ratings = {d: self._blank() for d in self.domain_ids}
        for d, r in (data.get("ratings") or {}).items():
            if d in ratings and isinstance(r, dict):
                for who in WHO:
                    v = r.get(who)
                    ratings[d][who] = v if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 4 else None
                ratings[d]["urgency"] = r.get("urgency") if r.get("urgency") in URGENCIES else None
                ratings[d]["matters"] = r.get("matters") is True
                ratings[d]["note"] = str(r.get("note") or "")
        earlier = None
        if isinstance(data.get("earlier"), dict):
            try:
                earlier = AssessmentRecord.model_validate(migrate(data["earlier"], SCHEMA_VERSION, MIGRATIONS))
            except (ValueError, FileProblem):
                earlier = None
        language = data.get("language")
        chosen = data.get("chosen")
        chosen = [c for c in chosen if isinstance(c, str)] if isinstance(chosen, list) else None
        with self.hold_trait_notifications():
            # A draft from before the language was kept comes from the English-only app.
            self.language = language if isinstance(language, str) and LANGUAGE_CODE.match(language) else "en"
            self.client_code = str(data.get("client_code") or "")
            self.age = str(data.get("age") or "")
            self.audience = data.get("audience") if data.get("audience") in ("adult", "minor") else "adult"
            self.setting = data.get("setting") if data.get("setting") in SETTINGS else "prison"
            self.sex = data.get("sex") if data.get("sex") in SEXES else None
            dropped = data.get("dropped") if isinstance(data.get("dropped"), list) else []
            self.dropped = [d for d in dropped if isinstance(d, str) and d in ratings]
            self.chosen = chosen
            self.assessed_on = str(data.get("assessed_on") or dt.date.today().isoformat())
            self.assessor = str(data.get("assessor") or "")
            self.summary = str(data.get("summary") or "")
            self.case_study = data.get("case_study") if isinstance(data.get("case_study"), str) else None
            self.ratings = ratings
            self.earlier = earlier
        self._bump()

    def load_record(self, rec: AssessmentRecord) -> None:
        unknown = sorted(set(rec.ratings) - set(self.domain_ids))
        if unknown:
            raise FileProblem(
                [_("The file rates needs areas this app does not know: {areas}.").format(areas=", ".join(unknown))]
            )
        with self.hold_trait_notifications():
            self.language = rec.language
            self.client_code = rec.client_code
            self.age = str(rec.age) if rec.age is not None else ""
            self.audience = rec.audience
            self.setting = rec.setting
            self.sex = rec.sex
            self.dropped = list(rec.dropped)
            self.chosen = list(rec.chosen) if rec.chosen is not None else None
            self.assessed_on = rec.assessed_on.isoformat()
            self.assessor = rec.assessor
            self.summary = rec.summary
            self.case_study = rec.case_study
            self.ratings = {
                d: (rec.ratings[d].model_dump() if d in rec.ratings else self._blank()) for d in self.domain_ids
            }
        self._bump()

    def open_file(self, raw: bytes | str) -> None:
        """Open a saved assessment; raises FileProblem with plain sentences and changes nothing then."""
        rec = read_record(raw)
        with plain_problems():
            self.load_record(rec)

    def compare_with(self, raw: bytes | str) -> None:
        """Overlay an earlier assessment of the same client."""
        rec = read_record(raw)
        ours = CLIENT_CODE.clean(self.client_code)  # as it is saved
        if rec.client_code != ours:
            raise FileProblem(
                [
                    _(
                        "That file is for client '{theirs}', not '{ours}'. Open an earlier assessment of the same client."
                    ).format(theirs=rec.client_code, ours=ours)
                ]
            )
        self.earlier = rec

    def load_case(self, case_id: str) -> None:
        case = self.catalogue.case_studies.get(case_id)
        if case is None:
            raise InputProblem(_("There is no case study called '{case}'.").format(case=case_id))
        situations = {s.value for s in case.situations}
        # A case not in custody (on probation) writes "at release" for "act now".
        setting = "probation" if "probation" in situations else "prison"
        with self.hold_trait_notifications():
            self.language = self.catalogue.language  # the case is told in the catalogue's language
            self.client_code = case.client_code
            self.age = str(case.age)
            self.audience = case.audience
            self.setting = setting
            self.sex = "female" if "woman" in situations else None
            self.dropped = []
            self.chosen = None
            self.case_study = case.id
            self.summary = case.release
            self.earlier = None
            ratings = {d: self._blank() for d in self.domain_ids}
            for d, r in case.assessment.items():
                if d in ratings:
                    urgency = r.urgency.value if r.urgency else None
                    if setting != "prison" and urgency == "at-release":
                        urgency = "now"
                    ratings[d] = {
                        "client": r.client,
                        "practitioner": r.practitioner,
                        "urgency": urgency,
                        "matters": False,
                        "note": r.note,
                    }
            self.ratings = ratings
        self._bump()


def read_record(raw: bytes | str) -> AssessmentRecord:
    return load_versioned(
        raw,
        AssessmentRecord,
        SCHEMA_ID,
        SCHEMA_VERSION,
        _("This file is not a needs assessment; it was saved as '{schema}'."),
        MIGRATIONS,
    )
