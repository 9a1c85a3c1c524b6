"""Read the curriculum YAML, validate it, and report problems as ``file:line: field: message``."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .schema import Area, CountryProfile, Course, Domain, FactKey, GlossaryTerm, Module, Programme, Role, Scale, Service

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("CURRICULUM_DATA") or PACKAGE_DIR / "data")
BIB_FILE = PACKAGE_DIR.parent / "book" / "references.bib"

# Words that label people by their offence or their illness. The validator rejects them
# so the book and apps keep person-first language.
STIGMA = re.compile(
    r"\b(ex-?cons?|ex-?offenders?|ex-?prisoners?|former prisoners?|inmates?|convicts|convict(?!ed|ion)|junkies?|criminals|addicts)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{_display(self.path)}:{self.line}: {self.field or '(file)'}: {self.message}"


class CurriculumError(Exception):
    """Raised by :func:`load_curriculum` when the data has problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Curriculum:
    areas: dict[str, Area] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    scale: Scale | None = None
    services: dict[str, Service] = field(default_factory=dict)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    programmes: dict[str, Programme] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)
    countries: dict[str, CountryProfile] = field(default_factory=dict)
    # For "programme:<id>" and "course:<id>": the country facts each English adapt_locally item asks for.
    relies_on: dict[str, list[list[FactKey]]] = field(default_factory=dict)
    # For "<programme id>:<session number>": the country facts its English write-in lines ask for.
    write_ins: dict[str, list[FactKey]] = field(default_factory=dict)
    # The language the text was loaded in; with mark_fallback, English left in a translated
    # edition is wrapped in curriculum.i18n.FALLBACK_OPEN/CLOSE. usage: per data catalogue.
    language: str = "en"
    mark_fallback: bool = False
    usage: dict[str, Any] = field(default_factory=dict)
    # Where the files are read from, so that a copy of the data finds the same catalogues.
    roots: dict[str, Path] = field(default_factory=dict)

    def prepare(self, doc: Doc) -> list[Problem]:
        """Check an English file's wording, or translate a file into this curriculum's language."""
        if self.language == "en":
            return _language_problems(doc)
        from .i18n import data_catalog_name, translate_data

        name = data_catalog_name(doc.path, self.roots or None)
        self.usage[name] = translate_data(doc.data, name, self.language, mark=self.mark_fallback)
        return []

    def profile_for(self, lang: str) -> CountryProfile | None:
        """The country whose facts the edition in ``lang`` shows (None for English)."""
        return next((c for c in self.countries.values() if lang in c.editions), None)

    def compared(self) -> list[CountryProfile]:
        """The profiles shown side by side: every country with an edition (not the blank template)."""
        return [c for c in self.countries.values() if c.editions]

    def course_modules(self, course_id: str) -> list[Module]:
        return [self.modules[m] for m in self.courses[course_id].modules if m in self.modules]

    def programmes_in(self, area_id: str) -> list[Programme]:
        return [p for p in self.programmes.values() if p.area == area_id]

    def addressing(self, domain_id: str) -> tuple[list[Programme], list[Service]]:
        """Programmes and services whose needs_addressed include ``domain_id``."""
        progs = [p for p in self.programmes.values() if domain_id in p.needs_addressed]
        servs = [s for s in self.services.values() if domain_id in s.needs_addressed]
        return progs, servs


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- YAML with lines


Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Doc:
    path: Path
    data: Any
    text: str
    _node: yaml.Node | None = None

    @property
    def node(self) -> yaml.Node | None:
        # Composed only when a problem needs a line number: loading stays fast.
        if self._node is None:
            self._node = yaml.compose(self.text, Loader=Loader)
        return self._node

    def line(self, loc: tuple[Any, ...]) -> int:
        """The 1-based line of the deepest node that ``loc`` reaches."""
        node = self.node
        if node is None:
            return 1
        best = node.start_mark.line + 1
        for part in loc:
            child = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if str(getattr(key, "value", "")) == str(part):
                        child = value
                        best = key.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    child = node.value[part]
                    best = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return best

    def problem(self, loc: tuple[Any, ...], message: str) -> Problem:
        return Problem(self.path, self.line(loc), _dotted(loc), message)


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def read_yaml(path: Path) -> tuple[Doc | None, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(path, 1, "", f"cannot read file: {exc}")]
    try:
        data = yaml.load(text, Loader=Loader)  # noqa: S506 (a safe loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        return None, [Problem(path, line, "yaml", f"not valid YAML: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, "yaml", f"not valid YAML: {exc}")]
    return Doc(path, data, text), []


def _pydantic_problems(doc: Doc, exc: ValidationError, prefix: tuple[Any, ...] = ()) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = prefix + tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        message = err["msg"]
        if err["type"] == "missing":
            message = "required field is missing"
        elif err["type"] == "extra_forbidden":
            message = "unknown field (check the spelling; see curriculum/AUTHORING.md)"
        elif err["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        out.append(doc.problem(loc, message))
    return out


def _strings(data: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, loc + (i,))


def _language_problems(doc: Doc) -> list[Problem]:
    out = []
    for loc, text in _strings(doc.data):
        for match in STIGMA.finditer(text):
            out.append(
                doc.problem(
                    loc,
                    f'"{match.group(0)}" labels a person; use person-first language '
                    '("person leaving prison", "participant", "person who uses drugs")',
                )
            )
    return out


# --------------------------------------------------------------------------- loading


def load_item(doc: Doc, model: type, problems: list[Problem]):
    """Validate one file as ``model``; its ``id`` must match the file name. None when invalid."""
    try:
        item = model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_pydantic_problems(doc, exc))
        return None
    if item.id != doc.path.stem:
        problems.append(doc.problem(("id",), f'id "{item.id}" must match the file name "{doc.path.stem}"'))
    return item


def _load_list(doc: Doc, model: type, problems: list[Problem]) -> list[tuple[int, Any]]:
    if not isinstance(doc.data, list):
        problems.append(doc.problem((), "expected a list of entries"))
        return []
    items = []
    for i, raw in enumerate(doc.data):
        try:
            items.append((i, model.model_validate(raw)))
        except ValidationError as exc:
            problems.extend(_pydantic_problems(doc, exc, (i,)))
    return items


def _index(doc: Doc, items: list[tuple[int, Any]], problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i, item in items:
        if item.id in out:
            problems.append(doc.problem((i, "id"), f'duplicate id "{item.id}"'))
        out[item.id] = item
    return out


def bibliography_keys(bib: Path = BIB_FILE) -> set[str] | None:
    if not bib.exists():
        return None
    return set(re.findall(r"^@\w+\{([^,\s]+),", bib.read_text(encoding="utf-8"), flags=re.M))


def validate(
    data_dir: Path = DATA_DIR, bib: Path = BIB_FILE, lang: str = "en", mark_fallback: bool = False
) -> tuple[Curriculum, list[Problem]]:
    """Load everything under ``data_dir``; return what loaded and every problem found.

    With ``lang``, every text is translated from the PO catalogues as it is read (see
    :mod:`curriculum.i18n`); English stands wherever a translation is missing.
    """
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    cur = Curriculum(language=lang, mark_fallback=mark_fallback)
    from .exercises import EXERCISES_DIR

    cur.roots = {"curriculum": data_dir, "exercises": Path(EXERCISES_DIR)}
    docs: dict[str, Doc] = {}

    def read(name: str) -> Doc | None:
        path = data_dir / name
        if not path.exists():
            problems.append(Problem(path, 1, "", "file is missing"))
            return None
        doc, errs = read_yaml(path)
        problems.extend(errs)
        if doc is not None:
            problems.extend(cur.prepare(doc))
            docs[name] = doc
        return doc

    if doc := read("areas.yaml"):
        cur.areas = _index(doc, _load_list(doc, Area, problems), problems)
    if doc := read("roles.yaml"):
        cur.roles = _index(doc, _load_list(doc, Role, problems), problems)
    if doc := read("domains.yaml"):
        cur.domains = _index(doc, _load_list(doc, Domain, problems), problems)
    if doc := read("scale.yaml"):
        try:
            cur.scale = Scale.model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(_pydantic_problems(doc, exc))
    services_doc = read("services.yaml")
    service_items = _load_list(services_doc, Service, problems) if services_doc else []
    cur.services = _index(services_doc, service_items, problems) if services_doc else {}
    if doc := read("glossary.yaml"):
        cur.glossary = [t for _, t in _load_list(doc, GlossaryTerm, problems)]
        seen: set[str] = set()
        for i, term in enumerate(cur.glossary):
            if term.term.lower() in seen:
                problems.append(doc.problem((i, "term"), f'duplicate glossary term "{term.term}"'))
            seen.add(term.term.lower())

    keys = bibliography_keys(bib)
    prog_dir = data_dir / "programmes"
    for path in sorted(prog_dir.glob("*.yaml")):
        doc, errs = read_yaml(path)
        problems.extend(errs)
        if doc is None:
            continue
        english, sessions = _relied_on(doc.data), _write_ins(doc.data)
        problems.extend(cur.prepare(doc))
        if not isinstance(doc.data, dict):
            problems.append(doc.problem((), "expected a mapping (one programme)"))
            continue
        prog = load_item(doc, Programme, problems)
        if prog is None:
            continue
        cur.relies_on[f"programme:{prog.id}"] = english
        cur.write_ins.update({f"{prog.id}:{n}": keys for n, keys in sessions.items()})
        if prog.id in cur.programmes:
            problems.append(doc.problem(("id",), f'duplicate programme id "{prog.id}"'))
        problems.extend(_check_programme(doc, prog, cur, keys))
        cur.programmes[prog.id] = prog

    for course_dir in sorted(p for p in (data_dir / "courses").glob("*") if p.is_dir()):
        problems.extend(_load_course(course_dir, cur, keys))
    problems.extend(_load_countries(data_dir / "countries", cur))

    if services_doc:
        for i, svc in service_items:
            problems.extend(_check_refs(services_doc, (i, "provided_by"), svc.provided_by, cur.roles, "role"))
            problems.extend(
                _check_refs(services_doc, (i, "needs_addressed"), svc.needs_addressed, cur.domains, "needs domain")
            )
            problems.extend(_check_relevance(services_doc, (i,), svc))
            if svc.programme and svc.programme not in cur.programmes:
                problems.append(services_doc.problem((i, "programme"), f'no programme with id "{svc.programme}"'))
    return cur, problems


def _check_refs(doc: Doc, loc: tuple[Any, ...], ids: list[str], known: dict[str, Any], what: str) -> list[Problem]:
    out = []
    for j, ident in enumerate(ids):
        if ident not in known:
            out.append(doc.problem(loc + (j,), f'unknown {what} "{ident}"'))
    if len(set(ids)) != len(ids):
        out.append(doc.problem(loc, f"lists the same {what} twice"))
    return out


def _check_relevance(doc: Doc, loc: tuple[Any, ...], item) -> list[Problem]:
    """Primary needs and entry rules name needs the item addresses."""
    out = []
    for j, d in enumerate(item.primary_needs):
        if d not in item.needs_addressed:
            out.append(doc.problem(loc + ("primary_needs", j), f'"{d}" is not in needs_addressed'))
    for j, rule in enumerate(item.entry_needs):
        for k, d in enumerate(rule.domains):
            if d not in item.needs_addressed:
                out.append(doc.problem(loc + ("entry_needs", j, "domains", k), f'"{d}" is not in needs_addressed'))
    return out


def _check_programme(doc: Doc, prog: Programme, cur: Curriculum, bib_keys: set[str] | None) -> list[Problem]:
    out: list[Problem] = []
    if prog.area not in cur.areas:
        out.append(doc.problem(("area",), f'unknown area "{prog.area}"'))
    out += _check_refs(doc, ("delivered_by",), prog.delivered_by, cur.roles, "role")
    out += _check_refs(doc, ("needs_addressed",), prog.needs_addressed, cur.domains, "needs domain")
    out += _check_relevance(doc, (), prog)
    if bib_keys is not None:
        for j, key in enumerate(prog.references):
            if key not in bib_keys:
                out.append(doc.problem(("references", j), f'"{key}" is not a key in book/references.bib'))
    phase_ids = prog.phase_ids
    if len(set(phase_ids)) != len(phase_ids):
        out.append(doc.problem(("phases",), "two phases share an id"))
    if abs(prog.completion.min_hours - prog.min_total_hours) > 1e-9:
        out.append(
            doc.problem(
                ("completion", "min_hours"),
                f"is {prog.completion.min_hours:g} but the programme's min_total_hours is {prog.min_total_hours:g}",
            )
        )
    if prog.safety is None:
        out.append(
            doc.problem(
                ("safety",),
                "a programme needs a safety block (confidentiality, disclosure, distress, facilitator_support)",
            )
        )
    if not prog.sessions:
        out.append(doc.problem(("sessions",), f"has no sessions; session_count says {prog.session_count}"))
        return out
    if len(prog.sessions) != prog.session_count:
        out.append(
            doc.problem(("sessions",), f"has {len(prog.sessions)} sessions but session_count is {prog.session_count}")
        )
    for i, s in enumerate(prog.sessions):
        if s.number != i + 1:
            out.append(
                doc.problem(
                    ("sessions", i, "number"),
                    f"is {s.number}; sessions must be numbered 1, 2, 3 ... in order (expected {i + 1})",
                )
            )
        if s.phase not in phase_ids:
            out.append(
                doc.problem(
                    ("sessions", i, "phase"), f'unknown phase "{s.phase}" (this programme has: {", ".join(phase_ids)})'
                )
            )
        if s.minutes < prog.min_session_minutes:
            out.append(
                doc.problem(
                    ("sessions", i, "minutes"),
                    f"session {s.number} lasts {s.minutes} minutes, "
                    f"shorter than the programme's minimum of {prog.min_session_minutes}",
                )
            )
        for key, what in (("safety", "a safety note"), ("if_short", "a note on what to cut first when time is short")):
            if not getattr(s, key):
                out.append(doc.problem(("sessions", i), f"session {s.number} needs {what} ({key})"))
        if s.activity_minutes != s.minutes:
            out.append(
                doc.problem(
                    ("sessions", i, "activities"),
                    f"activities add up to {s.activity_minutes} minutes but the session lasts {s.minutes}",
                )
            )
    seen_phase_order = [phase_ids.index(s.phase) for s in prog.sessions if s.phase in phase_ids]
    if seen_phase_order != sorted(seen_phase_order):
        out.append(doc.problem(("sessions",), "sessions must follow the order of the phases"))
    if prog.total_minutes < prog.min_total_hours * 60 - 1e-9:
        out.append(
            doc.problem(
                ("min_total_hours",),
                f"sessions add up to {prog.total_hours:g} hours, less than min_total_hours {prog.min_total_hours:g}",
            )
        )
    return out


def _load_course(course_dir: Path, cur: Curriculum, bib_keys: set[str] | None) -> list[Problem]:
    out: list[Problem] = []
    path = course_dir / "course.yaml"
    if not path.exists():
        return [Problem(path, 1, "", "file is missing (every folder under courses/ is one course)")]
    doc, errs = read_yaml(path)
    if doc is None:
        return errs
    english = _relied_on(doc.data)
    out += cur.prepare(doc)
    try:
        course = Course.model_validate(doc.data)
    except ValidationError as exc:
        return out + _pydantic_problems(doc, exc)
    if course.id != course_dir.name:
        out.append(doc.problem(("id",), f'id "{course.id}" must match the folder name "{course_dir.name}"'))
    out += _check_refs(doc, ("audience",), course.audience, cur.roles, "role")
    if bib_keys is not None:
        out += [
            doc.problem(("references", j), f'"{k}" is not a key in book/references.bib')
            for j, k in enumerate(course.references)
            if k not in bib_keys
        ]
    modules: dict[str, tuple[Doc, Module]] = {}
    for mdoc, mod in each_item(sorted((course_dir / "modules").glob("*.yaml")), Module, cur, out):
        if mod.course != course.id:
            out.append(mdoc.problem(("course",), f'is "{mod.course}" but the module sits in course "{course.id}"'))
        if mod.activity_minutes != mod.minutes:
            out.append(
                mdoc.problem(
                    ("activities",),
                    f"activities add up to {mod.activity_minutes} minutes but the module lasts {mod.minutes}",
                )
            )
        if bib_keys is not None:
            out += [
                mdoc.problem(("references", j), f'"{k}" is not a key in book/references.bib')
                for j, k in enumerate(mod.references)
                if k not in bib_keys
            ]
        if mod.id in cur.modules:
            out.append(mdoc.problem(("id",), f'module id "{mod.id}" is used by another course too'))
        modules[mod.id] = (mdoc, mod)
    for j, mid in enumerate(course.modules):
        if mid not in modules:
            out.append(doc.problem(("modules", j), f"no module file modules/{mid}.yaml"))
        elif modules[mid][1].number != j + 1:
            mdoc, mod = modules[mid]
            out.append(mdoc.problem(("number",), f"is {mod.number} but the course lists this module as number {j + 1}"))
    for mid, (mdoc, _) in modules.items():
        if mid not in course.modules:
            out.append(mdoc.problem(("id",), f'module "{mid}" is not listed in course.yaml modules'))
    taught: dict[str, int] = {}
    for d, day in enumerate(course.agenda):
        if day.item_minutes != day.minutes:
            out.append(
                doc.problem(
                    ("agenda", d, "items"),
                    f"items add up to {day.item_minutes} minutes but {day.title} lasts {day.minutes}",
                )
            )
        for k, item in enumerate(day.items):
            loc = ("agenda", d, "items", k)
            if (item.kind == "module") != (item.module is not None):
                out.append(doc.problem(loc, 'an item names a module exactly when its kind is "module"'))
            if item.module is None:
                continue
            if item.module not in course.modules:
                out.append(doc.problem(loc + ("module",), f'"{item.module}" is not one of this course\'s modules'))
                continue
            taught[item.module] = taught.get(item.module, 0) + item.minutes
    for mid in course.modules:
        if mid in modules:
            mdoc, mod = modules[mid]
            if taught.get(mid, 0) != mod.minutes:
                out.append(
                    doc.problem(
                        ("agenda",),
                        f'module "{mid}" is given {taught.get(mid, 0)} minutes in the agenda but lasts {mod.minutes}',
                    )
                )
    cur.courses[course.id] = course
    cur.relies_on[f"course:{course.id}"] = english
    cur.modules.update({mid: mod for mid, (_, mod) in modules.items()})
    return out


def _relied_on(data: Any) -> list[list[FactKey]]:
    """The country facts each English ``adapt_locally`` item asks for (read before translation)."""
    from .countries import relied_on

    items = data.get("adapt_locally") if isinstance(data, dict) else None
    return relied_on(items) if isinstance(items, list) else []


def _write_ins(data: Any) -> dict[int, list[FactKey]]:
    """For each session of an English programme, the country facts its write-in lines ask for."""
    from .countries import write_ins

    sessions = data.get("sessions") if isinstance(data, dict) else None
    out: dict[int, list[FactKey]] = {}
    for s in sessions if isinstance(sessions, list) else []:
        if isinstance(s, dict) and (keys := write_ins([t for _, t in _strings(s)])):
            out[s.get("number", 0)] = keys
    return out


def each_item(paths, model: type, cur: Curriculum, out: list[Problem]) -> Iterator[tuple[Doc, Any]]:
    """Read, translate and validate each file as ``model``; yield ``(doc, item)`` for those that load."""
    for path in paths:
        doc, errs = read_yaml(path)
        out.extend(errs)
        if doc is None:
            continue
        out.extend(cur.prepare(doc))
        item = load_item(doc, model, out)
        if item is not None:
            yield doc, item


def _load_countries(folder: Path, cur: Curriculum) -> list[Problem]:
    """Every ``countries/<id>.yaml``: one profile each; an edition shows at most one country."""
    from .i18n import TARGETS

    out: list[Problem] = []
    shown_by: dict[str, str] = {}
    for doc, profile in each_item(sorted(folder.glob("*.yaml")), CountryProfile, cur, out):
        for j, lang in enumerate(profile.editions):
            if lang not in TARGETS:
                out.append(doc.problem(("editions", j), f'"{lang}" is not a translated edition ({", ".join(TARGETS)})'))
            elif lang in shown_by:
                out.append(doc.problem(("editions", j), f'the "{lang}" edition already shows {shown_by[lang]}'))
            else:
                shown_by[lang] = profile.id
        cur.countries[profile.id] = profile
    return out


def load_curriculum(data_dir: Path = DATA_DIR, lang: str = "en", mark_fallback: bool = False) -> Curriculum:
    """Load and validate (in ``lang``); raise :class:`CurriculumError` listing every problem."""
    cur, problems = validate(data_dir, lang=lang, mark_fallback=mark_fallback)
    if problems:
        raise CurriculumError(problems)
    return cur
