"""The needs assessment as plain data and traitlets: no ipywidgets here.

A client and a practitioner each rate every needs domain on our own 0-4 need scale. Both
ratings are kept side by side (never averaged), each domain gets an urgency (before, at or
after release) and a note. From that the model ranks priorities, finds the programmes and
services that meet them, and compares with an earlier assessment of the same client.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from traitlets import Any, Dict, HasTraits, Int, Unicode

from curriculum.i18n import N_, _

from ..catalogue import Catalogue, Offer
from ..files import FileProblem, InputProblem, LanguageCode, dump, load_versioned, migrate, parse_draft, refuse_if

SCHEMA_ID = "open-reentry-curriculum/needs-assessment"
SCHEMA_VERSION = 2  # 2 adds "language"; version 1 files are migrated (see MIGRATIONS)

WHO = ("client", "practitioner")
# Urgency ids (saved in files) and their labels; translate a label with _() when it is shown.
URGENCIES = {
    # Translators: when help with a need is wanted: before release, at release (the day), after release.
    "before-release": N_("Before release"),
    "at-release": N_("At release"),
    "after-release": N_("After release"),
}
URGENCY_RANK = {"before-release": 0, "at-release": 1, "after-release": 2, None: 3}
PRIORITY_FROM = 2  # a need of 2 (moderate) or more is a priority
NOTE_MAX = 2000
CODE_MAX = 40

SafeText = Annotated[str, StringConstraints(max_length=NOTE_MAX, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$")]


# --------------------------------------------------------------------------- the file


class RatingRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    client: int | None = Field(default=None, ge=0, le=4)
    practitioner: int | None = Field(default=None, ge=0, le=4)
    urgency: Literal["before-release", "at-release", "after-release"] | None = None
    note: SafeText = ""


class AssessmentRecord(BaseModel):
    """Version 2 of the saved needs-assessment file."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_: Literal["open-reentry-curriculum/needs-assessment"] = Field(alias="schema", default=SCHEMA_ID)
    version: Literal[2] = SCHEMA_VERSION
    language: LanguageCode = Field(default="en", description="The language the content was written in.")
    client_code: Annotated[str, StringConstraints(min_length=1, max_length=CODE_MAX, pattern=r"^[^\x00-\x1f<>]*$")]
    audience: Literal["adult", "minor"] = "adult"
    assessed_on: dt.date
    assessor: Annotated[str, StringConstraints(max_length=80, pattern=r"^[^\x00-\x1f<>]*$")] = ""
    case_study: str | None = None
    summary: SafeText = ""
    ratings: dict[str, RatingRecord] = Field(default_factory=dict)


def _v1_to_v2(data: dict) -> dict:
    """Version 1 files were saved by the English-only app: their content is in English."""
    return {**data, "version": 2, "language": "en"}


MIGRATIONS = {1: _v1_to_v2}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def urgency_label(urgency: str | None) -> str:
    """The urgency in the current language; ``""`` when none is set."""
    return _(URGENCIES[urgency]) if urgency in URGENCIES else ""


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
    offers: list[Offer] = field(default_factory=list)

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


FULL_NAME = re.compile(
    r"^\s*[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][a-zß-öø-ÿā-žа-яё'’-]+(\s+[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][a-zß-öø-ÿā-žа-яё'’-]+)+\s*$"
)


# --------------------------------------------------------------------------- the model


class NeedsAssessment(HasTraits):
    client_code = Unicode("")
    audience = Unicode("adult")
    assessed_on = Unicode("")  # as typed, YYYY-MM-DD; checked by field_problems()
    assessor = Unicode("")
    summary = Unicode("")
    case_study = Unicode(None, allow_none=True)
    ratings = Dict()  # domain id -> {"client", "practitioner", "urgency", "note"}
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
        self.observe(
            self._bump, names=["client_code", "audience", "assessed_on", "assessor", "summary", "earlier", "language"]
        )

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
            or self.case_study
            or any(r["client"] is not None or r["practitioner"] is not None or r["note"] for r in self.ratings.values())
        )

    @staticmethod
    def _blank() -> dict:
        return {"client": None, "practitioner": None, "urgency": None, "note": ""}

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
            raise InputProblem(_("Urgency is before release, at release or after release."))
        self.ratings[domain]["urgency"] = urgency
        self._bump()

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
            self.assessed_on = dt.date.today().isoformat()
            self.ratings = {d: self._blank() for d in self.domain_ids}
        self._bump()

    # ---- checks
    def field_problems(self) -> dict[str, str]:
        """Plain-language problems, keyed by field ("client_code", "assessed_on", "note:<domain>", ...)."""
        out: dict[str, str] = {}
        code = self.client_code.strip()
        if not code:
            out["client_code"] = _("Enter a client code or pseudonym (not the person's full name).")
        elif len(code) > CODE_MAX:
            out["client_code"] = _("Keep the client code to {limit} characters; it has {count}.").format(
                limit=CODE_MAX, count=len(code)
            )
        elif re.search(r"[\x00-\x1f<>]", code):
            out["client_code"] = _("The client code cannot contain < or > or control characters.")
        try:
            day = dt.date.fromisoformat(self.assessed_on.strip())
            if day > dt.date.today() + dt.timedelta(days=1):
                out["assessed_on"] = _("The assessment date is in the future.")
        except ValueError:
            out["assessed_on"] = _("Write the date as YYYY-MM-DD, for example {example}.").format(
                example=dt.date.today().isoformat()
            )
        if len(self.assessor) > 80:
            out["assessor"] = _("Keep the practitioner's name or code to 80 characters.")
        if len(self.summary) > NOTE_MAX:
            out["summary"] = _("The summary is {count} characters; the limit is {limit}. Shorten it to save.").format(
                count=len(self.summary), limit=NOTE_MAX
            )
        for d, r in self.ratings.items():
            if len(r["note"]) > NOTE_MAX:
                out[f"note:{d}"] = _(
                    "This note is {count} characters; the limit is {limit}. Shorten it to save."
                ).format(count=len(r["note"]), limit=NOTE_MAX)
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
        """Domains with a need of 2 or more, most need first, then most urgent, then widest disagreement.

        Titles and offers come from ``catalogue`` (an export's language), by default the model's own.
        """
        cat = catalogue or self.catalogue
        rows = []
        for i, d in enumerate(self.domain_ids):
            r = self.ratings[d]
            need = need_of(r["client"], r["practitioner"])
            if need is None or need < PRIORITY_FROM:
                continue
            gap = abs(r["client"] - r["practitioner"]) if None not in (r["client"], r["practitioner"]) else 0
            rows.append(((-need, URGENCY_RANK[r["urgency"]], -gap, i), d, need, r))
        rows.sort(key=lambda x: x[0])
        return [
            Priority(
                rank=k + 1,
                domain=d,
                title=cat.domain_title(d),
                need=need,
                client=r["client"],
                practitioner=r["practitioner"],
                urgency=r["urgency"],
                note=r["note"],
                offers=cat.offers(d, self.audience),
            )
            for k, (_key, d, need, r) in enumerate(rows)
        ]

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
        return AssessmentRecord(
            language=self.language if LANGUAGE_CODE.match(self.language) else "en",
            client_code=self.client_code.strip(),
            audience=self.audience,
            assessed_on=dt.date.fromisoformat(self.assessed_on.strip()),
            assessor=self.assessor.strip(),
            case_study=self.case_study,
            summary=self.summary,
            ratings={d: RatingRecord(**r) for d, r in self.ratings.items()},
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
                ratings[d]["note"] = str(r.get("note") or "")
        earlier = None
        if isinstance(data.get("earlier"), dict):
            try:
                earlier = AssessmentRecord.model_validate(migrate(data["earlier"], SCHEMA_VERSION, MIGRATIONS))
            except (ValueError, FileProblem):
                earlier = None
        language = data.get("language")
        with self.hold_trait_notifications():
            # A draft from before the language was kept comes from the English-only app.
            self.language = language if isinstance(language, str) and LANGUAGE_CODE.match(language) else "en"
            self.client_code = str(data.get("client_code") or "")
            self.audience = data.get("audience") if data.get("audience") in ("adult", "minor") else "adult"
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
            self.audience = rec.audience
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
        self.load_record(read_record(raw))

    def compare_with(self, raw: bytes | str) -> None:
        """Overlay an earlier assessment of the same client."""
        rec = read_record(raw)
        if rec.client_code != self.client_code.strip():
            raise FileProblem(
                [
                    _(
                        "That file is for client '{theirs}', not '{ours}'. Open an earlier assessment of the same client."
                    ).format(theirs=rec.client_code, ours=self.client_code.strip())
                ]
            )
        self.earlier = rec

    def load_case(self, case_id: str) -> None:
        case = self.catalogue.case_studies.get(case_id)
        if case is None:
            raise InputProblem(_("There is no case study called '{case}'.").format(case=case_id))
        with self.hold_trait_notifications():
            self.language = self.catalogue.language  # the case is told in the catalogue's language
            self.client_code = case.client_code
            self.audience = case.audience
            self.case_study = case.id
            self.summary = case.release
            self.earlier = None
            ratings = {d: self._blank() for d in self.domain_ids}
            for d, r in case.assessment.items():
                if d in ratings:
                    ratings[d] = {
                        "client": r.client,
                        "practitioner": r.practitioner,
                        "urgency": r.urgency.value if r.urgency else None,
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
