"""``python -m curriculum i18n extract | update | stats | todo | apply | check``.

- ``extract``: write the templates (``locale/templates``) from the code, the data and the pages.
- ``update``: bring every language's PO files in line with the templates. A changed English
  sentence keeps its old translation as ``fuzzy`` (unused until someone checks it); a sentence
  that only moved keeps its translation.
- ``stats [--json]``: per language and catalogue, strings and words total, translated, reviewed.
- ``todo LANG CATALOG``: the untranslated entries as JSON (for translators working outside a PO editor).
- ``apply LANG CATALOG FILE.json``: put translations (``{"context": "text"}``) into a PO file,
  flagged ``draft``; each one is checked for dropped or added placeholders and markup first.
- ``check``: every catalogue parses and no translation drops or adds a placeholder or markup.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from . import i18n
from .i18n import (
    CODE_DOMAIN,
    DRAFT,
    LANGUAGES,
    PAGES_DOMAIN,
    ROOT,
    TARGETS,
    TEMPLATES,
    is_draft,
    is_translated,
    match_ends,
    msgid,
    po_path,
    pot_path,
    read_catalog,
    translation_problems,
    write_catalog,
)

# Dates in the PO headers stay fixed so that an extract with nothing changed changes no file.
FIXED_DATE = datetime(2026, 12, 1, tzinfo=UTC)
CODE_SOURCES = [("curriculum/**.py", "python"), ("widgets/**.py", "python"), ("register/**.py", "python")]


def _stamp(catalog) -> None:
    catalog.creation_date = FIXED_DATE
    catalog.revision_date = FIXED_DATE
    catalog.project = "reentry-curriculum"
    catalog.version = "1"
    catalog.msgid_bugs_address = ""
    catalog.copyright_holder = "The open reentry curriculum contributors"
    catalog.last_translator = "Draft translations: see the draft flag on each entry"
    catalog.language_team = ""


# --------------------------------------------------------------------------- extract


def extract_data() -> list[str]:
    from .loader import read_yaml

    names = []
    for name, path in i18n.data_files():
        doc, errors = read_yaml(path)
        if doc is None:
            raise SystemExit(f"{path}: cannot extract, fix it first: {errors[0]}")
        cat = i18n.template_for(name, doc.data)
        _stamp(cat)
        write_catalog(cat, pot_path(name))
        names.append(name)
    # A template whose data file is gone goes too.
    known = {str(pot_path(n)) for n in names}
    for prefix in i18n.data_roots():
        for stale in (TEMPLATES / prefix).rglob("*.pot"):
            if str(stale) not in known:
                stale.unlink()
    return names


def extract_code() -> int:
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    cat = Catalog(domain=CODE_DOMAIN, charset="utf-8", fuzzy=False)
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT),
        method_map=CODE_SOURCES,
        keywords=keywords,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        cat.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    _stamp(cat)
    write_catalog(cat, pot_path(CODE_DOMAIN))
    return len(cat)


def extract_pages() -> int:
    """Run Sphinx's gettext builder over the English book; keep the hand-written pages' messages."""
    from .editions import sphinx_gettext

    out = sphinx_gettext()
    if out is None:
        raise SystemExit("The gettext build failed; see the messages above.")
    src = read_catalog(out)
    from babel.messages.catalog import Catalog

    cat = Catalog(domain=PAGES_DOMAIN, charset="utf-8", fuzzy=False)
    for m in src:
        if not m.id:
            continue
        locations = [
            (re.sub(r"^(\.\./)+", "", f), None)
            for f, _ in m.locations
            if "book/generated" not in f and "_build" not in f
        ]
        if not locations:
            continue
        cat.add(m.id, context=m.context, locations=sorted(set(locations)))
    _stamp(cat)
    write_catalog(cat, pot_path(PAGES_DOMAIN))
    return len(cat)


# --------------------------------------------------------------------------- update


def update_catalog(template, old, lang: str):
    """The template's entries with the old translations carried over (see module docstring)."""
    from babel.messages.catalog import Catalog

    new = Catalog(locale=lang, domain=template.domain, charset="utf-8", fuzzy=False)
    _stamp(new)
    by_key = {}
    by_context = {}
    by_id = {}
    if old is not None:
        for m in old:
            if not m.id:
                continue
            by_key[(msgid(m), m.context)] = m
            if m.context:
                by_context.setdefault(m.context, m)
            if is_translated(m):
                by_id.setdefault(msgid(m), m)
    for t in template:
        if not t.id:
            continue
        m = new.add(t.id, context=t.context, locations=t.locations, auto_comments=t.auto_comments)
        formats = {f for f in t.flags if f.endswith("-format")}  # as the template says, not the old file
        found = by_key.get((msgid(t), t.context))
        if found is not None and found.string:
            m.string = _ends_like(t.id, found.string)
            m.flags = _other_flags(found) | formats
            m.user_comments = list(found.user_comments)
            m.previous_id = list(found.previous_id)
            continue
        moved = by_id.get(msgid(t))
        if moved is not None:
            m.string = _ends_like(t.id, moved.string)
            m.flags = (_other_flags(moved) - {"fuzzy"}) | formats
            continue
        changed = by_context.get(t.context) if t.context else None
        if changed is not None and changed.string:
            m.string = _ends_like(t.id, changed.string)
            m.flags = _other_flags(changed) | {"fuzzy"} | formats
            m.previous_id = [msgid(changed)]
    return new


def _other_flags(message) -> set[str]:
    return {f for f in message.flags if not f.endswith("-format")}


def _ends_like(english, translation):
    """The translation (or each plural form) with the line breaks at its ends as in the English."""
    if isinstance(english, tuple | list):
        forms = translation if isinstance(translation, tuple | list) else (translation,)
        return tuple(match_ends(english[min(i, 1)], f) for i, f in enumerate(forms))
    return match_ends(english, translation) if isinstance(translation, str) else translation


def all_templates() -> list[str]:
    names = []
    for pot in sorted(TEMPLATES.rglob("*.pot")):
        names.append(pot.relative_to(TEMPLATES).with_suffix("").as_posix())
    return names


def update(langs: list[str], only: list[str] | None = None) -> int:
    changed = 0
    for name in all_templates():
        if only and name not in only:
            continue
        template = read_catalog(pot_path(name))
        for lang in langs:
            path = po_path(lang, name)
            old = read_catalog(path, lang) if path.exists() else None
            new = update_catalog(template, old, lang)
            before = path.read_bytes() if path.exists() else b""
            write_catalog(new, path)
            changed += int(path.read_bytes() != before)
    return changed


# --------------------------------------------------------------------------- stats and checks


def _words(text: str) -> int:
    return len(text.split())


def stats(langs: list[str]) -> dict:
    out: dict = {}
    templates = {name: read_catalog(pot_path(name)) for name in all_templates()}
    for lang in langs:
        per: dict = {}
        for name, template in templates.items():
            path = po_path(lang, name)
            po = read_catalog(path, lang) if path.exists() else None
            current = {(msgid(m), m.context): m for m in po} if po is not None else {}
            row = {"strings": 0, "translated": 0, "reviewed": 0, "words": 0, "words_translated": 0}
            for t in template:
                if not t.id:
                    continue
                row["strings"] += 1
                row["words"] += _words(msgid(t))
                m = current.get((msgid(t), t.context))
                if m is not None and is_translated(m):
                    row["translated"] += 1
                    row["words_translated"] += _words(msgid(t))
                    if not is_draft(m):
                        row["reviewed"] += 1
            per[name] = row
        out[lang] = per
    return out


def _group(name: str) -> str:
    parts = name.split("/")
    if name in (CODE_DOMAIN, PAGES_DOMAIN):
        return name
    if parts[0] == "curriculum" and parts[1] in ("programmes", "courses"):
        return "/".join(parts[:3]) if parts[1] == "courses" else "curriculum/programmes"
    if parts[0] == "curriculum":
        return "curriculum (shared)"
    return "/".join(parts[:2])


def print_stats(data: dict) -> None:
    for lang, per in data.items():
        print(f"\n{lang} ({LANGUAGES[lang]})")
        groups: dict[str, dict] = {}
        for name, row in per.items():
            g = groups.setdefault(_group(name), dict.fromkeys(row, 0))
            for k, v in row.items():
                g[k] += v
        print(f"  {'catalogue':42} {'strings':>8} {'translated':>10} {'reviewed':>8} {'words':>8} {'words tr.':>9}")
        total = dict.fromkeys(next(iter(groups.values())), 0) if groups else {}
        for g, row in sorted(groups.items()):
            for k, v in row.items():
                total[k] += v
            print(
                f"  {g:42} {row['strings']:8d} {row['translated']:10d} {row['reviewed']:8d} "
                f"{row['words']:8d} {row['words_translated']:9d}"
            )
        if total:
            share = 100 * total["words_translated"] / max(total["words"], 1)
            print(
                f"  {'total':42} {total['strings']:8d} {total['translated']:10d} {total['reviewed']:8d} "
                f"{total['words']:8d} {total['words_translated']:9d}  ({share:.1f} % of words)"
            )


def check(langs: list[str]) -> list[str]:
    problems = []
    for name in all_templates():
        try:
            read_catalog(pot_path(name))
        except Exception as exc:  # noqa: BLE001 (any parse failure is reported, with the file)
            problems.append(f"{pot_path(name)}: does not parse: {exc}")
        for lang in langs:
            path = po_path(lang, name)
            if not path.exists():
                continue
            try:
                po = read_catalog(path, lang)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"{path}: does not parse: {exc}")
                continue
            for m in po:
                if not m.id or not is_translated(m):
                    continue
                pairs = zip(m.id, m.string, strict=False) if isinstance(m.id, tuple | list) else [(m.id, m.string)]
                for english, text in pairs:
                    for p in translation_problems(english, text):
                        problems.append(f"{path}: {m.context or msgid(m)[:40]!r}: {p}")
                    if text and match_ends(english, text) != text:
                        where = m.context or msgid(m)[:40]
                        problems.append(f"{path}: {where!r}: line breaks at the ends differ from the English")
    return problems


# --------------------------------------------------------------------------- todo and apply


def todo(lang: str, name: str, limit: int | None, contains: str | None, exclude: str | None = None) -> list[dict]:
    path = po_path(lang, name)
    template = read_catalog(pot_path(name))
    po = read_catalog(path, lang) if path.exists() else None
    current = {(msgid(m), m.context): m for m in po} if po is not None else {}
    out = []
    for t in template:
        if not t.id:
            continue
        if contains and contains not in (t.context or ""):
            continue
        if exclude and (t.context or "").startswith(exclude):
            continue
        m = current.get((msgid(t), t.context))
        if m is not None and is_translated(m):
            continue
        entry = {"context": t.context or msgid(t), "en": msgid(t)}
        if isinstance(t.id, tuple | list):
            entry["plural"] = t.id[1]
        if t.auto_comments:
            entry["note"] = " ".join(t.auto_comments)
        out.append(entry)
        if limit and len(out) >= limit:
            break
    return out


def apply(
    lang: str, name: str, translations: dict[str, object] | list[dict], reviewed: bool = False
) -> tuple[int, list[str]]:
    """Put translations into the PO file; returns (how many applied, problems). Bad ones are skipped.

    ``translations`` is ``{"context": text}``, or a list of ``{"context", "en", "translation"}``
    (the form to use when several entries share a context, as ``pgettext`` strings do).
    """
    from babel.messages.catalog import Catalog

    path = po_path(lang, name)
    template = read_catalog(pot_path(name))
    po = read_catalog(path, lang) if path.exists() else update_catalog(template, None, lang)
    if not isinstance(po, Catalog):
        raise TypeError(po)
    by_key: dict[str, list] = {}
    for m in po:
        if m.id:
            by_key.setdefault(m.context or msgid(m), []).append(m)
    if isinstance(translations, dict):
        items = [(key, None, text) for key, text in translations.items()]
    else:
        items = [(e.get("context"), e.get("en"), e.get("translation", e.get(lang))) for e in translations]
    applied, problems = 0, []
    for context, english, text in items:
        found = by_key.get(context, [])
        if english is not None:
            found = [m for m in found if msgid(m) == english]
        if not found:
            problems.append(f"{context}: no such entry in {name}")
            continue
        if len(found) > 1:
            problems.append(f'{context}: {len(found)} entries share this context; give "en" as well')
            continue
        m = found[0]
        if isinstance(m.id, tuple | list):
            forms = text if isinstance(text, list) else [text]
            bad = [p for f in forms for p in translation_problems(m.id[1], str(f))]
            if bad or not all(forms):
                problems.append(f"{context}: {'; '.join(bad) or 'empty plural form'}")
                continue
            nplurals = po.num_plurals
            forms = (list(forms) + [forms[-1]] * nplurals)[:nplurals]
            m.string = _ends_like(m.id, tuple(str(f) for f in forms))
        else:
            text = str(text)
            bad = translation_problems(msgid(m), text)
            if bad or not text.strip():
                problems.append(f"{context}: {'; '.join(bad) or 'empty translation'}")
                continue
            m.string = match_ends(msgid(m), text)
        m.flags.discard("fuzzy")
        if reviewed:
            m.flags.discard(DRAFT)
        else:
            m.flags.add(DRAFT)
        applied += 1
    write_catalog(po, path)
    return applied, problems


# --------------------------------------------------------------------------- command line


def _langs(value: str | None) -> list[str]:
    if not value or value == "all":
        return list(TARGETS)
    langs = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in langs if v not in TARGETS]
    if unknown:
        raise SystemExit(f"unknown language {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    return langs


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m curriculum i18n", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="write the templates from the code, the data and the pages")
    p.add_argument("--no-pages", action="store_true", help="skip the Sphinx gettext build of the pages")
    p = sub.add_parser("update", help="bring the PO files in line with the templates")
    p.add_argument("--lang", default="all")
    p.add_argument("--catalog", action="append", help="only this catalogue (repeatable), e.g. toolkit")
    p = sub.add_parser("stats", help="strings and words total, translated and reviewed")
    p.add_argument("--lang", default="all")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("todo", help="untranslated entries of one catalogue as JSON")
    p.add_argument("lang")
    p.add_argument("catalog")
    p.add_argument("--limit", type=int)
    p.add_argument("--contains", help="only contexts containing this text (e.g. /handout/)")
    p.add_argument("--exclude", help="leave out contexts starting with this (e.g. sessions/ for the overview)")
    p = sub.add_parser("apply", help="put translations from a JSON file into a PO file (flagged draft)")
    p.add_argument("lang")
    p.add_argument("catalog")
    p.add_argument("file", type=Path)
    p.add_argument("--reviewed", action="store_true", help="a native speaker checked these: no draft flag")
    p = sub.add_parser("check", help="every catalogue parses; placeholders and markup kept")
    p.add_argument("--lang", default="all")
    args = parser.parse_args(argv)

    if args.command == "extract":
        names = extract_data()
        n_code = extract_code()
        print(f"Extracted {len(names)} data catalogues and {n_code} code strings.")
        if not args.no_pages:
            print(f"Extracted {extract_pages()} page strings.")
        return 0
    if args.command == "update":
        langs = _langs(args.lang)
        print(f"Updated {update(langs, args.catalog)} PO files for {', '.join(langs)}.")
        return 0
    if args.command == "stats":
        data = stats(_langs(args.lang))
        if args.json:
            json.dump(data, sys.stdout, indent=1, ensure_ascii=False)
            print()
        else:
            print_stats(data)
        return 0
    if args.command == "todo":
        if not pot_path(args.catalog).exists():
            print(f"No catalogue {args.catalog!r} (see locale/templates)", file=sys.stderr)
            return 2
        json.dump(
            todo(args.lang, args.catalog, args.limit, args.contains, args.exclude),
            sys.stdout,
            indent=1,
            ensure_ascii=False,
        )
        print()
        return 0
    if args.command == "apply":
        if not pot_path(args.catalog).exists():
            print(f"No catalogue {args.catalog!r} (see locale/templates)", file=sys.stderr)
            return 2
        try:
            data = json.loads(args.file.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            print(f"{args.file}: cannot read JSON: {exc}", file=sys.stderr)
            return 2
        if isinstance(data, dict) and all(isinstance(v, list) and v and isinstance(v[0], dict) for v in data.values()):
            data = [e for group in data.values() for e in group]  # {"group": [{context, en, translation}]}
        if not (isinstance(data, dict) or (isinstance(data, list) and all(isinstance(e, dict) for e in data))):
            print(
                f'{args.file}: expected {{"context": "translation", ...}} or [{{"context", "en", "translation"}}]',
                file=sys.stderr,
            )
            return 2
        applied, problems = apply(args.lang, args.catalog, data, reviewed=args.reviewed)
        for p in problems:
            print(f"{args.file}: {p}")
        print(f"Applied {applied} of {len(data)} translations to {po_path(args.lang, args.catalog)}.")
        return 1 if problems else 0
    if args.command == "check":
        problems = check(_langs(args.lang))
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s) in the catalogues.")
        return 1 if problems else 0
    return 2
