"""Files that leave an app: versioned JSON, validated on opening, errors in plain words.

Every saved file carries ``schema`` (what kind of file) and ``version`` (which shape). Opening
a file checks both, brings an older shape up to date (``migrations``), then checks the content,
and turns every problem into a sentence a practitioner can act on, in the app's language.
Files also say which ``language`` their content was written in; any app opens them whatever its
own language is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, StringConstraints, ValidationError

from curriculum.i18n import N_, _

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 2_000_000

# The language a file's content was written in: a language code such as "cs" (ours or another's).
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]

# A migration turns the data of one version into the next: {1: v1_to_v2, 2: v2_to_v3, ...}.
Migrations = dict[int, Callable[[dict], dict]]


class InputProblem(ValueError):
    """A value the user gave cannot be used; the message says why in plain words."""


def problems_sentence(problems: dict[str, str]) -> str:
    """Field problems as one plain sentence, each message once."""
    return " ".join(dict.fromkeys(problems.values()))


def refuse_if(problems: dict[str, str]) -> None:
    """Saving and exporting stop while a field has a problem; what was typed stays."""
    if problems:
        raise InputProblem(problems_sentence(problems))


def parse_draft(text: str, schema_id: str, not_this: str) -> dict:
    """An autosaved draft (everything as typed), or InputProblem in plain words.

    ``not_this`` is the sentence to show when the draft belongs to another app.
    """
    try:
        data = json.loads(text)
    except (TypeError, json.JSONDecodeError):
        raise InputProblem(_("The saved draft could not be read.")) from None
    if not isinstance(data, dict) or data.get("schema") != schema_id + "/draft":
        raise InputProblem(not_this)
    return data


class FileProblem(Exception):
    """A file could not be opened. ``messages`` are plain sentences, one per problem."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__(" ".join(messages))


# Field names in file problems ("Client code is missing."); other keys are shown as written.
FIELD_NAMES = {
    "client_code": N_("Client code"),
    "assessed_on": N_("Assessment date"),
    "ratings": N_("Ratings"),
    "client": N_("Client's rating"),
    "practitioner": N_("Practitioner's rating"),
    "urgency": N_("Urgency"),
    "note": N_("Note"),
    "language": N_("Language"),
    "release_date": N_("Release date"),
    "created_on": N_("Plan date"),
    "goals": N_("Goals"),
    "actions": N_("Actions"),
    "enrolments": N_("Programmes"),
    "hours": N_("Hours attended"),
}


def _where(loc: tuple[Any, ...]) -> str:
    parts = [_(FIELD_NAMES[str(p)]) if str(p) in FIELD_NAMES else str(p).replace("_", " ") for p in loc]
    return " › ".join(parts) if parts else _("The file")


def sentence_case(text: str) -> str:
    """Capitalise the first letter, except in Georgian, whose script has no capital letters in use."""
    if not text or "\u10a0" <= text[0] <= "\u10ff":
        return text
    return text[0].upper() + text[1:]


def plain_messages(exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors(include_url=False):
        where = _where(err["loc"])
        kind = err["type"]
        value = repr(err.get("input"))
        if kind == "missing":
            msg = _("{field} is missing.").format(field=where)
        elif kind == "extra_forbidden":
            msg = _("{field} is not something this app knows; the file may come from another program.").format(
                field=where
            )
        elif kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
            if err["loc"] and err["loc"][-1] in ("client", "practitioner"):
                msg = _("{field} must be a score from 0 to 4, but the file has {value}.")
            else:
                msg = _("{field} is out of range: the file has {value}.")
            msg = msg.format(field=where, value=value)
        elif kind.startswith("int") or kind.startswith("float"):
            msg = _("{field} must be a whole number, but the file has {value}.").format(field=where, value=value)
        elif kind in ("literal_error", "enum"):
            msg = _("{field} has a value this app does not know: {value}.").format(field=where, value=value)
        elif kind.startswith("date"):
            msg = _("{field} must be a date written as YYYY-MM-DD, but the file has {value}.").format(
                field=where, value=value
            )
        elif kind == "string_too_long":
            msg = _("{field} is too long.").format(field=where)
        elif kind == "string_pattern_mismatch":
            msg = _("{field} has characters that are not allowed: {value}.").format(field=where, value=value)
        else:
            msg = _("{field} has a value this app cannot use: {value}.").format(field=where, value=value)
        out.append(sentence_case(msg))
    return out


def migrate(data: dict, version: int, migrations: Migrations | None) -> dict:
    """Bring the data of an older version up to ``version``; FileProblem if a step is missing."""
    file_version = data.get("version")
    while isinstance(file_version, int) and file_version < version:
        step = (migrations or {}).get(file_version)
        if step is None:
            raise FileProblem(
                [_("This file is version {version}, which this app can no longer open.").format(version=file_version)]
            )
        data = step(dict(data))
        file_version = data.get("version")
    return data


def load_versioned(
    raw: bytes | str,
    model: type[M],
    schema_id: str,
    version: int,
    not_this: str,
    migrations: Migrations | None = None,
) -> M:
    """Parse and validate a saved file; raise :class:`FileProblem` with plain sentences.

    ``not_this`` is the sentence for a file of another kind, with ``{schema}`` for what it is.
    """
    if isinstance(raw, bytes):
        if len(raw) > MAX_FILE_BYTES:
            raise FileProblem([_("This file is too large to open here ({size} kB).").format(size=len(raw) // 1000)])
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise FileProblem(
                [_("This is not a text file, so it cannot be opened. Choose the .json file you saved.")]
            ) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            [
                _(
                    "This file is not readable as saved data (line {line}); it may be damaged or not a saved file."
                ).format(line=exc.lineno)
            ]
        ) from None
    if not isinstance(data, dict) or "schema" not in data:
        raise FileProblem(
            [_("This file has no 'schema' mark, so it was not saved by this app. Choose a file saved by this app.")]
        )
    if data["schema"] != schema_id:
        raise FileProblem([not_this.format(schema=data["schema"])])
    file_version = data.get("version")
    if not isinstance(file_version, int) or isinstance(file_version, bool):
        raise FileProblem([_("This file does not say which version it is, so it cannot be opened safely.")])
    if file_version > version:
        raise FileProblem(
            [
                _(
                    "This file was saved by a newer version of the app (version {version}); update the app to open it."
                ).format(version=file_version)
            ]
        )
    data = migrate(data, version, migrations)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise FileProblem(plain_messages(exc)) from None


def dump(model: BaseModel) -> str:
    return json.dumps(model.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2)
