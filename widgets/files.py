"""Files that leave an app: versioned JSON, validated on opening, errors in plain words.

Every saved file carries ``schema`` (what kind of file) and ``version`` (which shape). Opening
a file checks both, brings an older shape up to date (``migrations``), then checks the content,
and turns every problem into a sentence a practitioner can act on, in the app's language.
Files also say which ``language`` their content was written in; any app opens them whatever its
own language is.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, StringConstraints, ValidationError
from pydantic_core import PydanticCustomError

from curriculum.i18n import N_, _, format_number

from .fields import NUMBER_RULES, TEXT_RULES, too_long

M = TypeVar("M", bound=BaseModel)
log = logging.getLogger(__name__)

MAX_FILE_BYTES = 2_000_000
# No saved file is nested more than a few levels (workshop › plan › goals › goal › actions › action).
MAX_DEPTH = 24

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
    except (TypeError, ValueError, RecursionError):
        raise InputProblem(_("The saved draft could not be read.")) from None
    if not isinstance(data, dict) or data.get("schema") != schema_id + "/draft":
        raise InputProblem(not_this)
    return data


class FileProblem(Exception):
    """A file could not be opened. ``messages`` are plain sentences, one per problem."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__(" ".join(messages))


@contextmanager
def plain_problems() -> Iterator[None]:
    """Opening a file: any exception but a :class:`FileProblem` becomes one in plain words (the
    cause goes to the server's log), so the person never sees a traceback or nothing at all."""
    try:
        yield
    except FileProblem:
        raise
    except Exception:
        log.exception("A file could not be opened")
        raise FileProblem(
            [
                _(
                    "This file could not be opened: something in it is not what this app expects. It may be damaged; "
                    "open an earlier copy if you have one."
                )
            ]
        ) from None


def too_large(size: int) -> str:
    """The sentence for a file over :data:`MAX_FILE_BYTES`, naming its size and the limit."""
    return _("This file is too large to open here: it is {size} MB, and the limit is {limit} MB.").format(
        size=format_number(max(size, MAX_FILE_BYTES + 1) / 1_000_000), limit=format_number(MAX_FILE_BYTES / 1_000_000)
    )


# Field names in file problems ("Client code is missing."); other keys are shown as written.
# Free-text fields and numbers are named by their rules (widgets.fields).
FIELD_NAMES = {
    "assessed_on": N_("Assessment date"),
    "ratings": N_("Ratings"),
    "urgency": N_("Urgency"),
    "language": N_("Language"),
    "release_date": N_("Release date"),
    "created_on": N_("Plan date"),
    "goals": N_("Goals"),
    "actions": N_("Actions"),
    "enrolments": N_("Programmes"),
    "target_date": N_("Target date"),
    "by_when": N_("By when"),
    "reviews": N_("Review dates"),
    # The two parts of a workshop file.
    "assessment": N_("Needs assessment"),
    "plan": N_("Individual plan"),
}
# An item of a list, by its place in the list ("Goal 3").
ITEM_NAMES = {
    "goals": N_("Goal {number}"),
    "actions": N_("Action {number}"),
    "enrolments": N_("Programme {number}"),
    "reviews": N_("Review date {number}"),
}


def _where(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for i, p in enumerate(loc):
        before = loc[i - 1] if i else None
        leaf = i == len(loc) - 1
        if isinstance(p, int) and before in ITEM_NAMES:
            parts[-1] = _(ITEM_NAMES[before]).format(number=p + 1)
        elif before == "ratings" and not isinstance(p, int):
            parts[-1] = _("Needs area “{area}”").format(area=_clip(str(p)))
        elif leaf and p in TEXT_RULES:
            parts.append(_(TEXT_RULES[p].label))
        elif leaf and p in NUMBER_RULES:
            parts.append(_(NUMBER_RULES[p].label))
        elif str(p) in FIELD_NAMES:
            parts.append(_(FIELD_NAMES[str(p)]))
        elif str(p) in TEXT_RULES:
            parts.append(_(TEXT_RULES[str(p)].label))
        else:
            parts.append(_clip(str(p)).replace("_", " "))
    return " › ".join(parts) if parts else _("The file")


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value: Any) -> str:
    """A value from the file as a message shows it: short, whatever its size."""
    try:
        text = repr(value)
    except (RecursionError, ValueError):
        text = "…"
    return _clip(text)


def sentence_case(text: str) -> str:
    """Capitalise the first letter, except in Georgian, whose script has no capital letters in use."""
    if not text or "\u10a0" <= text[0] <= "\u10ff":
        return text
    return text[0].upper() + text[1:]


def plain_messages(exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        where = _where(loc)
        kind = err["type"]
        value = _shown(err.get("input"))
        leaf = loc[-1] if loc else None
        ctx = err.get("ctx") or {}
        number = NUMBER_RULES.get(leaf) if isinstance(leaf, str) else None
        if kind == "missing":
            msg = _("{field} is missing.").format(field=where)
        elif kind == "text_required":
            msg = _("{field} is empty; it must be filled in.").format(field=where)
        elif kind == "text_too_long":
            msg = too_long(where, ctx["count"], ctx["limit"])
        elif kind == "repeated":
            msg = _(ctx["message"]).format(**{k: v for k, v in ctx.items() if k != "message"})
        elif kind == "extra_forbidden":
            msg = _("{field} is not something this app knows; the file may come from another program.").format(
                field=where
            )
        elif number is not None and (
            kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than", "finite_number")
            or kind.startswith(("int", "float"))
        ):
            msg = number.range_sentence(where, value)
        elif kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than", "finite_number"):
            msg = _("{field} is out of range: the file has {value}.").format(field=where, value=value)
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
    return list(dict.fromkeys(out))


def refuse_repeats(keys: list[tuple[Any, str]], message: str) -> None:
    """Stop validation (a pydantic error of type ``repeated``) at the first key given twice.

    ``keys`` are (key, where it is, in words); ``message`` is a message id with ``{key}``,
    ``{first}`` and ``{second}`` (the two places). Used by the records' validators: a list keyed by
    id must not hold an id twice (edits to one item would change the other).
    """
    seen: dict[Any, str] = {}
    for key, place in keys:
        if key in seen:
            raise PydanticCustomError(
                "repeated",
                "repeated",
                {"message": message, "key": _clip(str(key)), "first": seen[key], "second": place},
            )
        seen[key] = place


def with_plain_problems(make: Callable[[], M]) -> M:
    """A record built from what was typed, or InputProblem in plain words (never another exception)."""
    try:
        return make()
    except ValidationError as exc:
        raise InputProblem(" ".join(plain_messages(exc))) from None


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


class _Keys(dict):
    """A JSON object as read, remembering the keys it holds more than once (json keeps the last)."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Keys:
    out = _Keys(pairs)
    if len(out) < len(pairs):
        keys = [k for k, _v in pairs]
        out.repeated = tuple(dict.fromkeys(k for k in keys if keys.count(k) > 1))
    return out


def read_json(raw: bytes | str) -> Any:
    """The data of a saved file, or FileProblem in plain words: too large, not UTF-8 text, not JSON,
    nested too deeply, a number too long to read, or a key given twice in one place. A byte-order
    mark (some editors add one) is accepted."""
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        raise FileProblem([too_large(size)])
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileProblem(
                [_("This is not a text file, so it cannot be opened. Choose the .json file you saved.")]
            ) from None
    raw = raw.removeprefix("\ufeff")
    try:
        data = json.loads(raw, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            [
                _(
                    "This file is not readable as saved data (line {line}); it may be damaged or not a saved file."
                ).format(line=exc.lineno)
            ]
        ) from None
    except RecursionError:
        raise FileProblem([_nested_too_deeply()]) from None
    except ValueError:  # Python refuses to read an integer of more than 4300 digits
        raise FileProblem(
            [
                _(
                    "This file holds a number thousands of digits long, which no saved file has; it may be damaged "
                    "or not a saved file."
                )
            ]
        ) from None
    _check_shape(data)
    return data


def _nested_too_deeply() -> str:
    return _("This file is nested far more deeply than any saved file; it may be damaged or not a saved file.")


def _check_shape(data: Any) -> None:
    """FileProblem when the data nests too deeply or an object gives a key twice (naming where)."""
    problems = []
    stack: list[tuple[Any, tuple, int]] = [(data, (), 1)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise FileProblem([_nested_too_deeply()])
        if isinstance(value, dict):
            for key in getattr(value, "repeated", ()):
                if path and path[-1] == "ratings":
                    text = _("The needs area “{area}” is rated twice in this file, so which rating counts is unclear.")
                    problems.append(text.format(area=_clip(key)))
                else:
                    text = _("{field} gives “{key}” twice, so which value counts is unclear.")
                    problems.append(sentence_case(text.format(field=_where(path), key=_clip(key))))
            stack.extend((v, (*path, k), depth + 1) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((v, (*path, i), depth + 1) for i, v in reversed(list(enumerate(value))))
    if problems:
        raise FileProblem(list(dict.fromkeys(problems)))


def load_versioned(
    raw: bytes | str,
    model: type[M],
    schema_id: str,
    version: int,
    not_this: str,
    migrations: Migrations | None = None,
) -> M:
    """Parse and validate a saved file; raise :class:`FileProblem` with plain sentences, whatever goes wrong.

    ``not_this`` is the sentence for a file of another kind, with ``{schema}`` for what it is.
    """
    with plain_problems():
        data = read_json(raw)
        if not isinstance(data, dict) or "schema" not in data:
            raise FileProblem(
                [_("This file has no 'schema' mark, so it was not saved by this app. Choose a file saved by this app.")]
            )
        if data["schema"] != schema_id:
            raise FileProblem([not_this.format(schema=_clip(str(data["schema"])))])
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
