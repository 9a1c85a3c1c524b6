"""Files that leave an app: versioned JSON, validated on opening, errors in plain words.

Every saved file carries ``schema`` (what kind of file) and ``version`` (which shape). Opening
a file checks both, then the content, and turns every problem into a sentence a practitioner
can act on.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 2_000_000


class InputProblem(ValueError):
    """A value the user gave cannot be used; the message says why in plain words."""


def problems_sentence(problems: dict[str, str]) -> str:
    """Field problems as one plain sentence, each message once."""
    return " ".join(dict.fromkeys(problems.values()))


def refuse_if(problems: dict[str, str]) -> None:
    """Saving and exporting stop while a field has a problem; what was typed stays."""
    if problems:
        raise InputProblem(problems_sentence(problems))


def parse_draft(text: str, schema_id: str, what: str) -> dict:
    """An autosaved draft (everything as typed), or InputProblem in plain words."""
    try:
        data = json.loads(text)
    except (TypeError, json.JSONDecodeError):
        raise InputProblem("The saved draft could not be read.") from None
    if not isinstance(data, dict) or data.get("schema") != schema_id + "/draft":
        raise InputProblem(f"The saved draft is not {what}.")
    return data


class FileProblem(Exception):
    """A file could not be opened. ``messages`` are plain sentences, one per problem."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__(" ".join(messages))


FIELD_NAMES = {
    "client_code": "client code",
    "assessed_on": "assessment date",
    "ratings": "ratings",
    "client": "client's rating",
    "practitioner": "practitioner's rating",
    "urgency": "urgency",
    "note": "note",
}


def _where(loc: tuple[Any, ...]) -> str:
    parts = [FIELD_NAMES.get(str(p), str(p).replace("_", " ")) for p in loc]
    return " › ".join(parts) if parts else "the file"


def plain_messages(exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors(include_url=False):
        where = _where(err["loc"])
        kind = err["type"]
        if kind == "missing":
            msg = f"{where} is missing."
        elif kind == "extra_forbidden":
            msg = f"{where} is not something this app knows; the file may come from another program."
        elif kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
            msg = f"{where} must be a score from 0 to 4, but the file has {err.get('input')!r}."
        elif kind.startswith("int") or kind.startswith("float"):
            msg = f"{where} must be a whole number, but the file has {err.get('input')!r}."
        elif kind in ("literal_error", "enum"):
            msg = f"{where} has a value this app does not know: {err.get('input')!r}."
        elif kind.startswith("date"):
            msg = f"{where} must be a date written as YYYY-MM-DD, but the file has {err.get('input')!r}."
        elif kind == "string_too_long":
            msg = f"{where} is too long."
        elif kind == "string_pattern_mismatch":
            msg = f"{where} has characters that are not allowed: {err.get('input')!r}."
        else:
            msg = f"{where}: {err['msg'].removeprefix('Value error, ')}."
        out.append(msg[0].upper() + msg[1:])
    return out


def load_versioned(raw: bytes | str, model: type[M], schema_id: str, version: int, what: str) -> M:
    """Parse and validate a saved file; raise :class:`FileProblem` with plain sentences."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_FILE_BYTES:
            raise FileProblem([f"This file is too large to be {what} ({len(raw) // 1000} kB)."])
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise FileProblem(
                [f"This is not a text file, so it cannot be {what}. Choose the .json file you saved."]
            ) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            [f"This file is not readable as saved data (line {exc.lineno}); it may be damaged or not a saved file."]
        ) from None
    if not isinstance(data, dict) or "schema" not in data:
        raise FileProblem([f"This file is not {what}: it has no 'schema' mark. Choose a file saved by this app."])
    if data["schema"] != schema_id:
        raise FileProblem([f"This file is not {what}; it was saved as '{data['schema']}'."])
    file_version = data.get("version")
    if not isinstance(file_version, int):
        raise FileProblem(["This file does not say which version it is, so it cannot be opened safely."])
    if file_version > version:
        raise FileProblem(
            [f"This file was saved by a newer version of the app (version {file_version}); update the app to open it."]
        )
    if file_version < version:
        raise FileProblem([f"This file is version {file_version}, which this app can no longer open."])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise FileProblem(plain_messages(exc)) from None


def dump(model: BaseModel) -> str:
    return json.dumps(model.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2)
