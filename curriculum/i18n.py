"""Translation: gettext PO catalogues for the code, the curriculum data and the book pages.

Three kinds of catalogue, all standard gettext PO so that translators can use Poedit or Weblate:

- ``toolkit``: every user-visible string in the Python code (the apps, their exports and the
  book generator), marked with :func:`_`, :func:`ngettext`, :func:`pgettext` or :func:`N_` and
  extracted with Babel. ``locale/<lang>/LC_MESSAGES/toolkit.po``.
- data catalogues, one per YAML file under ``curriculum/data`` and ``exercises/``: every text
  field, each with a stable context (its data path, such as ``sessions/3/activities/0/title``),
  so that editing one English sentence invalidates only that sentence's translation.
  ``locale/<lang>/curriculum/programmes/reentry-mentoring.po``.
- ``pages``: the hand-written book pages, through Sphinx's gettext builder (``gettext_compact``
  puts every page in one catalogue). ``locale/<lang>/LC_MESSAGES/pages.po``.

Templates (``.pot``) sit in ``locale/templates/``. A translated entry that nobody has reviewed
carries the PO flag ``draft``; a reviewer removes the flag. ``fuzzy`` keeps its gettext meaning
(the English changed since it was translated): a fuzzy entry is never used.
"""

from __future__ import annotations

import contextlib
import contextvars
import gettext as _gettext
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
TEMPLATES = LOCALE_DIR / "templates"

# Language code -> the language's own name (shown in the language switchers).
LANGUAGES: dict[str, str] = {
    "en": "English",
    "cs": "Čeština",
    "et": "Eesti",
    "ru": "Русский",
    "ka": "ქართული",
}
SOURCE_LANGUAGE = "en"
TARGETS = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)
DRAFT = "draft"
CODE_DOMAIN = "toolkit"
PAGES_DOMAIN = "pages"

# --------------------------------------------------------------------------- the current language

_current: contextvars.ContextVar[str] = contextvars.ContextVar("toolkit_language", default=SOURCE_LANGUAGE)


def current_language() -> str:
    return _current.get()


def set_language(lang: str) -> None:
    """Set the language of this context (a kernel, a build); unknown codes mean English."""
    _current.set(lang if lang in LANGUAGES else SOURCE_LANGUAGE)


@contextlib.contextmanager
def use_language(lang: str) -> Iterator[str]:
    """Within the block, ``_()`` and the data catalogues answer in ``lang``.

    Used for an export in the client's language while the app runs in the practitioner's.
    """
    token = _current.set(lang if lang in LANGUAGES else SOURCE_LANGUAGE)
    try:
        yield current_language()
    finally:
        _current.reset(token)


def normalise_language(value: str | None) -> str:
    """``"cs-CZ"``, ``"CS"``, ``"cs_CZ"`` -> ``"cs"``; anything unknown -> ``"en"``."""
    code = (value or "").strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else SOURCE_LANGUAGE


# --------------------------------------------------------------------------- PO files


def read_catalog(path: Path, lang: str | None = None):
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        return read_po(fh, locale=lang, abort_invalid=False)


def write_catalog(catalog, path: Path, *, omit_header: bool = False) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    if path.stem != CODE_DOMAIN:
        # Data and page text is never %-formatted ("7 % of" is a percentage); Babel guesses a
        # python-format flag on every read, and msgfmt --check would then test it as a format.
        for message in catalog:
            message.flags.discard("python-format")
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, include_lineno=False, omit_header=omit_header, sort_output=False)
    data = buf.getvalue()
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def is_translated(message) -> bool:
    if not message.id:
        return False
    value = message.string
    if isinstance(value, tuple | list):
        return all(bool(v) for v in value)
    return bool(value) and "fuzzy" not in message.flags


def is_draft(message) -> bool:
    return DRAFT in message.flags


def msgid(message) -> str:
    return message.id[0] if isinstance(message.id, tuple | list) else message.id


# --------------------------------------------------------------------------- code strings (Babel)


class _Translations(_gettext.GNUTranslations):
    """GNU translations read straight from a PO file (no compiled .mo is committed)."""

    def __init__(self, catalog):
        from babel.messages.mofile import write_mo

        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        buf.seek(0)
        super().__init__(buf)
        self.drafts = {msgid(m) for m in catalog if m.id and is_translated(m) and is_draft(m)}


@cache
def code_translations(lang: str) -> _gettext.NullTranslations:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{CODE_DOMAIN}.po"
    if lang == SOURCE_LANGUAGE or not path.exists():
        return _gettext.NullTranslations()
    return _Translations(read_catalog(path, lang))


def _(message: str) -> str:
    """Translate a code string into the current language (English when there is no translation)."""
    return code_translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return code_translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return code_translations(current_language()).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark a string for extraction without translating it now (translate with ``_`` when shown)."""
    return message


# --------------------------------------------------------------------------- data catalogues

# Keys whose values are identifiers, enums or references, never text for people.
NOT_TEXT = frozenset(
    {
        "id",
        "area",
        "phase",
        "method",
        "course",
        "module",
        "modules",
        "kind",
        "seed",
        "start",
        "audience",
        "settings",
        "format",
        "use",
        "delivered_by",
        "needs_addressed",
        "provided_by",
        "programme",
        "references",
        "case_studies",
        "role_plays",
        "client_code",
        "situations",
        "suggested_programmes",
        "suggested_services",
        "urgency",
        "primary_needs",
        "entry_needs",
        "eligible_sex",
        "domains",
        "ratings",
        "expected",
        "sex",
        "now_in",
        # Country profiles: where and when a fact was read, and which editions show the country.
        "url",
        "page",
        "checked",
        "editions",
    }
)
# Keys whose text is Markdown with structure (headings, lists, tables) to keep.
MARKDOWN_KEYS = frozenset({"body", "reading", "background"})


def _item_key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ("id", "number", "score"):
            if key in item and isinstance(item[key], str | int) and not isinstance(item[key], bool):
                return str(item[key])
    return str(index)


def walk_text(data: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any, Any, str]]:
    """Every translatable string: ``(context, container, key, text)``; the container is mutable."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in NOT_TEXT and path[-1:] != ("our_choices",):
                continue
            here = path + (str(key),)
            if isinstance(value, str):
                yield "/".join(here), data, key, value
            else:
                yield from walk_text(value, here)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            here = path + (_item_key(value, i),)
            if isinstance(value, str):
                yield "/".join(here), data, i, value
            else:
                yield from walk_text(value, here)


def data_roots() -> dict[str, Path]:
    """Catalogue prefix -> folder of YAML files (respects CURRICULUM_DATA and CURRICULUM_EXERCISES)."""
    from .exercises import EXERCISES_DIR
    from .loader import DATA_DIR

    return {"curriculum": Path(DATA_DIR), "exercises": Path(EXERCISES_DIR)}


def data_catalog_name(path: Path, roots: dict[str, Path] | None = None) -> str:
    """``curriculum/data/programmes/x.yaml`` -> ``curriculum/programmes/x``.

    ``roots`` (prefix -> folder) names the folders the file is read from; by default the
    configured data and exercises folders. A copy of the data elsewhere keeps the same names.
    """
    path = Path(path).resolve()
    for prefix, root in (roots or data_roots()).items():
        try:
            rel = path.relative_to(root.resolve())
        except ValueError:
            continue
        return f"{prefix}/{rel.with_suffix('').as_posix()}"
    raise ValueError(f"{path} is not under the curriculum data or the exercises folder")


def data_files() -> Iterator[tuple[str, Path]]:
    for root in data_roots().values():
        for path in sorted(root.rglob("*.yaml")):
            yield data_catalog_name(path), path


def _comment(context: str) -> list[str]:
    last = context.rsplit("/", 1)[-1]
    if last in MARKDOWN_KEYS:
        return ["Markdown: keep headings (#), lists, tables, **bold**, links and blank lines as they are."]
    return []


def template_for(name: str, data: Any):
    from babel.messages.catalog import Catalog

    cat = Catalog(domain=name, project="reentry-curriculum", charset="utf-8", fuzzy=False)
    for context, _container, _key, text in walk_text(data):
        cat.add(text, context=context, auto_comments=_comment(context))
    return cat


def po_path(lang: str, name: str) -> Path:
    if name in (CODE_DOMAIN, PAGES_DOMAIN) or "/" not in name:
        return LOCALE_DIR / lang / "LC_MESSAGES" / f"{name}.po"
    return LOCALE_DIR / lang / f"{name}.po"


def pot_path(name: str) -> Path:
    return TEMPLATES / f"{name}.pot"


@dataclass
class DataCatalog:
    """Translations of one data file: context -> (English it was made from, translation, draft)."""

    lang: str
    name: str
    entries: dict[str, tuple[str, str, bool]]

    def get(self, context: str, english: str) -> tuple[str | None, bool]:
        """The translation and whether it is a draft; ``None`` when missing or out of date."""
        found = self.entries.get(context)
        if found is None or found[0] != english:
            return None, False
        return found[1], found[2]


@cache
def _data_catalog(lang: str, name: str, mtime: float) -> DataCatalog:
    entries: dict[str, tuple[str, str, bool]] = {}
    path = po_path(lang, name)
    if path.exists():
        for m in read_catalog(path, lang):
            if m.id and m.context and is_translated(m):
                entries[m.context] = (msgid(m), m.string, is_draft(m))
    return DataCatalog(lang, name, entries)


def data_catalog(lang: str, name: str) -> DataCatalog:
    path = po_path(lang, name)
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _data_catalog(lang, name, mtime)


# Untranslated text in a book page is wrapped in these private-use marks by the loader and turned
# into <span lang="en"> (or a <div>) by the renderer, so the reader sees it is English.
FALLBACK_OPEN = "\ue000"
FALLBACK_CLOSE = "\ue001"
_MARKS = re.compile(f"[{FALLBACK_OPEN}{FALLBACK_CLOSE}]")


def strip_marks(text: str) -> str:
    return _MARKS.sub("", text)


@dataclass
class Usage:
    """What translating one file used: strings total, translated, drafts."""

    total: int = 0
    translated: int = 0
    drafts: int = 0

    def add(self, other: Usage) -> None:
        self.total += other.total
        self.translated += other.translated
        self.drafts += other.drafts


def translate_data(data: Any, name: str, lang: str, *, mark: bool = False) -> Usage:
    """Replace every text in ``data`` (parsed YAML) by its translation, in place.

    A string with no current translation keeps its English; with ``mark`` it is wrapped in
    :data:`FALLBACK_OPEN` / :data:`FALLBACK_CLOSE` so a page can show that it is English.
    """
    usage = Usage()
    if lang == SOURCE_LANGUAGE:
        return usage
    catalog = data_catalog(lang, name)
    for context, container, key, text in list(walk_text(data)):
        usage.total += 1
        found, draft = catalog.get(context, text)
        if found is None:
            if mark:
                container[key] = f"{FALLBACK_OPEN}{text}{FALLBACK_CLOSE}"
            continue
        usage.translated += 1
        usage.drafts += int(draft)
        container[key] = found
    return usage


# --------------------------------------------------------------------------- checks on translations

_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-zA-Z_][a-zA-Z0-9_]*(?:[:!][^}]*)?\}")
_ROLE = re.compile(r"\{[a-z]+(?::[a-z]+)?\}`[^`]*`")
_LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b")


def _structure(text: str) -> dict[str, Any]:
    lines = text.splitlines()
    return {
        "placeholders": sorted(_PLACEHOLDER.findall(_ROLE.sub("", text))),
        "roles": sorted(m.group(0).split("`")[0] for m in _ROLE.finditer(text)),
        "link targets": sorted(_LINK_TARGET.findall(text)),
        "HTML tags": sorted(_TAG.findall(text)),
        "headings": [len(m.group(1)) for line in lines if (m := re.match(r"^(#{1,6})\s", line))],
        "list items": sum(1 for line in lines if re.match(r"^\s*(?:[-*+]|\d+[.)])\s", line)),
        "table rows": sum(1 for line in lines if line.lstrip().startswith("|")),
        "bold marks": text.count("**") % 2,
        "code marks": text.count("`") % 2,
        "paragraph breaks": len(re.findall(r"\n\s*\n", text.strip())),
    }


def match_ends(english: str, translation: str) -> str:
    """``translation`` starting and ending with a line break exactly when ``english`` does.

    gettext's ``msgfmt --check`` refuses a catalogue where they differ; the pages never show it.
    """
    if not translation:
        return translation
    text = translation
    if english.endswith("\n") and not text.endswith("\n"):
        text += "\n"
    elif not english.endswith("\n"):
        text = text.rstrip("\n")
    if english.startswith("\n") and not text.startswith("\n"):
        text = "\n" + text
    elif not english.startswith("\n"):
        text = text.lstrip("\n")
    return text


def translation_problems(english: str, translation: str) -> list[str]:
    """What a translation drops or adds: placeholders, markup, links, structure. Empty when fine."""
    if not translation:
        return []
    src, dst = _structure(english), _structure(translation)
    problems = []
    for what in src:
        if src[what] != dst[what]:
            if what in ("bold marks", "code marks"):
                problems.append(f"unbalanced {what.split()[0]} markers")
            else:
                problems.append(f"{what} differ: English has {src[what]!r}, translation has {dst[what]!r}")
    if english.strip() and not translation.strip():
        problems.append("translation is blank")
    return problems


# --------------------------------------------------------------------------- number and date formats


def format_number(value: float, lang: str | None = None, digits: int = 1) -> str:
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=lang or current_language())


def format_date(value, lang: str | None = None, fmt: str = "medium") -> str:
    from babel.dates import format_date as _format_date

    return _format_date(value, format=fmt, locale=lang or current_language())
