"""One set of rules for every field a person fills in: the form, the save and the file schema use them.

A :class:`TextRule` says whether a field holds one line or several, how long it may be and
whether it must be filled in. :meth:`TextRule.clean` turns what was typed into what is saved: in
a one-line field, tabs and line breaks become single spaces and the ends are trimmed; control
characters are removed, bidirectional overrides included (a multi-line field keeps its line breaks
and tabs); half of a broken character pair becomes U+FFFD. ``<``, ``>`` and every other character
are plain text: every export escapes what its format needs, and removes the same control characters. :meth:`TextRule.problem` says in plain words why the cleaned text
cannot be saved (the form shows it at the field before saving), and the same rule, used as
pydantic metadata (``Annotated[str, RULE]``), cleans and checks the field in a file.

A :class:`NumberRule` does the same for a number: its range, named in every message.

The models keep what was typed, exactly; only the saved file holds the cleaned text, so what
can be typed can be saved, and opening the saved file gives back the same cleaned text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from pydantic_core import PydanticCustomError, core_schema

from curriculum.i18n import N_, _

# Every kind of line break; in a one-line field a run of them and tabs (with the spaces around) is one space.
_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
ONE_LINE_GAP = re.compile(f"[ \t{_BREAKS}]*[\t{_BREAKS}][ \t{_BREAKS}]*")
LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Control characters (C0, DEL and C1) other than tab and newline, which a multi-line field keeps, and the
# bidirectional embeddings and overrides (U+202A-U+202E): typed into a name, an override turns the rest
# of the line around, the app's own words included ("Practitioner \u202eAdult" shows "tludA").
# Right-to-left text needs none of them; the marks U+200E, U+200F and the isolates stay.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")
SURROGATE = re.compile(r"[\ud800-\udfff]")

# Registries by the field's name in files, for the messages about a file (see files.plain_messages).
TEXT_RULES: dict[str, TextRule] = {}
NUMBER_RULES: dict[str, NumberRule] = {}


def without_controls(text: str) -> str:
    """``text`` with control characters removed (tab and newline stay) and broken pairs shown as U+FFFD."""
    return CONTROL.sub("", SURROGATE.sub("\ufffd", text))


@dataclass(frozen=True)
class TextRule:
    """A free-text field: its name in files, its label (a message id), its length limit and kind."""

    name: str
    label: str
    max_length: int
    multiline: bool = False
    required: str = ""  # the message (id) when it is left empty; "" when it may be empty

    def __post_init__(self) -> None:
        TEXT_RULES.setdefault(self.name, self)

    def clean(self, text: Any) -> str:
        """What is saved of ``text``: see the module's description. Cleaning twice changes nothing."""
        text = "" if text is None else str(text)
        if self.multiline:
            return without_controls(LINE_BREAK.sub("\n", text))
        return without_controls(ONE_LINE_GAP.sub(" ", text)).strip()

    def problem(self, text: Any) -> str:
        """Why ``text`` cannot be saved, in plain words naming the field; ``""`` when it can."""
        value = self.clean(text)
        if self.required and not value.strip():
            return _(self.required)
        if len(value) > self.max_length:
            return too_long(_(self.label), len(value), self.max_length)
        return ""

    # pydantic: ``Annotated[str, RULE]`` cleans the text, then checks it.
    def __get_pydantic_core_schema__(self, source_type, handler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._validate, handler(source_type))

    def __get_pydantic_json_schema__(self, schema, handler) -> dict:
        out = handler(schema)
        out["maxLength"] = self.max_length
        if self.required:
            out["minLength"] = 1
        return out

    def _validate(self, value: str) -> str:
        value = self.clean(value)
        if self.required and not value:
            raise PydanticCustomError("text_required", "empty")
        if len(value) > self.max_length:
            raise PydanticCustomError("text_too_long", "too long", {"count": len(value), "limit": self.max_length})
        return value


def text_problems(fields) -> dict[str, str]:
    """The problems of several fields, ``(key, rule, text)`` each, as the form shows them: {key: message}."""
    return {key: problem for key, rule, text in fields if (problem := rule.problem(text))}


def too_long(field: str, count: int, limit: int) -> str:
    return _("{field} is {count} characters long; the limit is {limit}.").format(field=field, count=count, limit=limit)


@dataclass(frozen=True)
class NumberRule:
    """A number with a range: a score, a whole number or any number (``kind``)."""

    name: str
    label: str
    low: float
    high: float
    kind: str = "number"  # "score", "whole" or "number"

    def __post_init__(self) -> None:
        NUMBER_RULES.setdefault(self.name, self)

    def range_sentence(self, field: str, value: str | None = None) -> str:
        """What the number must be, in the current language ("Hours attended must be a number from 0
        to 1000."); with ``value``, what a file has instead ("…, but the file has -1.")."""
        text = _(RANGE_SENTENCES[self.kind, value is not None])
        return text.format(field=field, low=_number(self.low), high=_number(self.high), value=value)

    def accepts(self, value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if self.kind != "number" and not float(value).is_integer():
            return False
        return math.isfinite(value) and self.low <= value <= self.high

    def field(self, **kwargs) -> Any:
        """A pydantic ``Field`` with this range (no NaN or infinity)."""
        from pydantic import Field

        if self.kind == "number":
            kwargs.setdefault("allow_inf_nan", False)
        return Field(ge=self.low, le=self.high, **kwargs)


# What a number must be, said in the form (False) and about a file (True).
RANGE_SENTENCES = {
    ("score", False): N_("{field} must be a score from {low} to {high}."),
    ("whole", False): N_("{field} must be a whole number from {low} to {high}."),
    ("number", False): N_("{field} must be a number from {low} to {high}."),
    ("score", True): N_("{field} must be a score from {low} to {high}, but the file has {value}."),
    ("whole", True): N_("{field} must be a whole number from {low} to {high}, but the file has {value}."),
    ("number", True): N_("{field} must be a number from {low} to {high}, but the file has {value}."),
}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# --------------------------------------------------------------------------- every field, once

NOTE_MAX = 2000  # a needs note or the assessment's summary
TEXT_MAX = 1000  # a goal's words or measure, an action
LINE_MAX = 200  # a one-line field of the plan
CODE_MAX = 40
ASSESSOR_MAX = 80

CLIENT_CODE = TextRule(
    "client_code",
    N_("Client code"),
    CODE_MAX,
    required=N_("Enter a client code or pseudonym (not the person's full name)."),
)
# The needs assessment
ASSESSOR = TextRule("assessor", N_("Practitioner"), ASSESSOR_MAX)
SUMMARY = TextRule("summary", N_("Summary"), NOTE_MAX, multiline=True)
NOTE = TextRule("note", N_("Note"), NOTE_MAX, multiline=True)
# The individual plan
PLACE = TextRule("place", N_("Institution or probation office"), LINE_MAX)
MENTOR = TextRule("mentor", N_("Mentor"), LINE_MAX)
CASEWORKER = TextRule("caseworker", N_("Caseworker"), LINE_MAX)
ASSESSMENT = TextRule("assessment", N_("Started from assessment"), LINE_MAX)
WORDS = TextRule("words", N_("The goal in the client's words"), TEXT_MAX, multiline=True)
MEASURE = TextRule("measure", N_("How we will know"), TEXT_MAX, multiline=True)
WHAT = TextRule("what", N_("What"), TEXT_MAX, multiline=True)
WHERE = TextRule("where", N_("Where"), LINE_MAX)

# Numbers
CLIENT_SCORE = NumberRule("client", N_("Client's rating"), 0, 4, "score")
PRACTITIONER_SCORE = NumberRule("practitioner", N_("Practitioner's rating"), 0, 4, "score")
AGE = NumberRule("age", N_("Age"), 10, 110, "whole")
HOURS = NumberRule("hours", N_("Hours attended"), 0, 1000)
