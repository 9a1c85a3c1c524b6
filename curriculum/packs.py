"""Printable packs, made from the built book with Debian's Chromium (headless, offline).

For every programme a facilitator pack (the overview and every session plan with its notes) and,
when it has handouts, a participant pack (every handout); for every course a trainer pack for each
training day (that day's agenda, its module plans with handouts, role cards and observer checklists,
and an attendance sheet) and a participant workbook (each module's objectives, key points, handouts
and self-check questions, without answers). Each pack has a cover, contents with page numbers and a
page number on every page.

The packs are cut from the book's own HTML (``_build/html`` or an edition's), so they print with the
book's print style (``book/_static/print.css``); they are written to ``packs/`` beside it, are served
with the book and are never committed. ``python -m curriculum packs [--lang en]`` makes them, and so
does ``python -m curriculum build --packs en`` (for publishing a static book); the server of ``make
serve`` prints a pack on its first request instead (:mod:`widgets.packs_server`).

Printing is cached by content (``packs/.cache/<slug>.json``): a pack is printed again only when what
it is made of changed. A first check hashes the article of each page the pack is cut from, the
style sheets, this module and the edition's data and catalogues (no parsing, so a rebuild with
nothing changed takes a second or two); when that differs, the pack's own HTML is made and hashed,
and only a pack whose HTML changed is printed.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import html
import io
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import N_, _, format_date, ngettext, use_language
from .loader import Curriculum
from .schema import Course, Programme

PACKS = "packs"
CACHE = ".cache"  # inside packs/: what each pack was made from (see the module's docstring)
ATTENDANCE_ROWS = 16
# The page margins of a pack (the footer with the page number sits in the bottom one).
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}

# Translators: the kinds of printable pack, shown on its cover and in the links to it.
FACILITATOR = N_("Facilitator pack")
PARTICIPANT = N_("Participant pack")
TRAINER_DAY = N_("Trainer pack")
WORKBOOK = N_("Participant workbook")

PACK_CSS = """
@page { size: A4; }
body { font-size: 11pt; }
.pack-cover { min-height: 230mm; display: flex; flex-direction: column; justify-content: center; }
.pack-cover .pack-kind { font-size: 14pt; text-transform: uppercase; letter-spacing: 0.08em; color: #374151; }
.pack-cover .pack-title { font-size: 26pt; font-weight: 700; line-height: 1.2; margin: 0.5rem 0 1rem; }
.pack-cover .pack-subtitle { font-size: 14pt; }
.pack-cover .pack-small { margin-top: 3rem; font-size: 9.5pt; color: #374151; }
.pack-contents { break-before: page; }
.pack-contents-title { font-size: 18pt; font-weight: 700; margin-bottom: 1rem; }
.pack-contents ol { list-style: none; padding: 0; }
.pack-contents li { display: flex; gap: 0.5rem; margin: 0.2rem 0; }
.pack-contents li .t { flex: 1; border-bottom: 1px dotted #9ca3af; }
.pack-contents li .p { min-width: 2.5em; text-align: right; }
.pack-part { break-before: page; }
.bd-main .bd-content .pack-part > h1 { display: block !important; font-size: 18pt; margin: 0 0 0.8rem; }
.pack-part .admonition.handout:first-of-type { break-before: auto; }
.pack-part section > h3 { break-before: auto; }
.attendance table { width: 100%; border-collapse: collapse; }
.attendance th, .attendance td { border: 1px solid #000; padding: 0.35rem 0.4rem; height: 9.5mm; }
.attendance .blank { display: inline-block; min-width: 60mm; border-bottom: 1px solid #000; }
"""


@dataclass
class Part:
    """One entry of a pack's contents: a heading and the HTML under it."""

    title: str
    body: str


@dataclass
class Pack:
    slug: str
    kind: str  # one of the pack kinds above, in English (translated when shown)
    title: str
    subtitle: str
    parts: list[Part] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{self.slug}.pdf"


# --------------------------------------------------------------------------- file names (the links use them too)


def programme_pack(prog: Programme, kind: str) -> str:
    return f"programme-{prog.id}-{'facilitator' if kind == FACILITATOR else 'participant'}"


def course_day_pack(course: Course, day_number: int) -> str:
    return f"course-{course.id}-day-{day_number}-trainer"


def course_workbook(course: Course) -> str:
    return f"course-{course.id}-workbook"


def _up(depth: int) -> str:
    return "../" * depth


def _link(href: str, text: str) -> str:
    return f'<a class="reference external" href="{html.escape(href)}">{html.escape(text)}</a>'


def programme_pack_links(prog: Programme) -> list[str]:
    """Lines for a programme page (book/generated/programmes/<area>/<id>.md: four folders below the root)."""
    base = _up(4) + PACKS + "/"
    links = [_link(base + programme_pack(prog, FACILITATOR) + ".pdf", _("Facilitator pack (PDF)"))]
    if any(s.handout for s in prog.sessions):
        links.append(_link(base + programme_pack(prog, PARTICIPANT) + ".pdf", _("Participant pack (PDF)")))
    # Translators: before the links to a programme's printable packs (PDF files).
    text = html.escape(_("Printable packs: {links}")).format(links=" · ".join(links))
    return [f'<p class="pack-links">{text}</p>', ""]


def course_pack_links(course: Course) -> list[str]:
    """Lines for a course page (book/generated/courses/<id>/index.md: four folders below the root)."""
    base = _up(4) + PACKS + "/"
    items = []
    for n, day in enumerate(course.agenda, 1):
        # Translators: a link to the trainer pack of one course day, e.g. "Trainer pack: Day 1 (PDF)".
        label = _("Trainer pack: {day} (PDF)").format(day=day.title)
        items.append(f"<li>{_link(base + course_day_pack(course, n) + '.pdf', label)}</li>")
    items.append(f"<li>{_link(base + course_workbook(course) + '.pdf', _('Participant workbook (PDF)'))}</li>")
    return [f'<ul class="pack-links">{"".join(items)}</ul>', ""]


# --------------------------------------------------------------------------- cutting parts from the built pages


def _soup(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _article(soup):
    art = soup.select_one("article.bd-article")
    for junk in art.select(".headerlink, .toolkit-languages, script, .pack-links, button"):
        junk.decompose()
    return art


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def _without_heading(node) -> tuple[str, str]:
    """(title of the node's first heading, the node's HTML without that heading)."""
    node = copy.copy(node)
    head = node.find(["h1", "h2", "h3", "h4"])
    title = ""
    if head is not None:
        title = _text(head)
        head.decompose()
    return title, node.decode_contents() if node.name == "article" else str(node)


def _handouts(art) -> list[Part]:
    parts = []
    for box in art.select(".admonition.handout"):
        title = _text(box.select_one(".admonition-title"))
        parts.append(Part(title, str(box)))
    return parts


def _top_sections(art):
    """The ``##`` sections of a page, in order."""
    page = art.find("section")
    return page.find_all("section", recursive=False) if page else []


def _session_sections(art, prog: Programme) -> list:
    out = []
    for s in prog.sessions:
        anchor = art.find(id=f"{prog.id}-session-{s.number}")
        if anchor is not None:
            out.append(anchor if anchor.name == "section" else anchor.find_parent("section"))
    return out


def programme_packs(prog: Programme, html_root: Path) -> list[Pack]:
    from .render import programme_path

    soup = _soup(html_root / (programme_path(prog) + ".html"))
    art = _article(soup)
    sessions = _session_sections(art, prog)
    overview = copy.copy(art)
    for sec in _session_sections(overview, prog):
        sec.decompose()
    title, body = _without_heading(overview)
    facilitator = Pack(programme_pack(prog, FACILITATOR), FACILITATOR, prog.title, _("All session plans with notes"))
    facilitator.parts.append(Part(_("About the programme"), body))
    for sec in sessions:
        facilitator.parts.append(Part(*_without_heading(sec)))
    packs = [facilitator]
    handouts = _handouts(art)
    if handouts:
        packs.append(Pack(programme_pack(prog, PARTICIPANT), PARTICIPANT, prog.title, _("All handouts"), handouts))
    return packs


def _day_agenda(course_art, day_title: str) -> str:
    for h in course_art.find_all("h3"):
        if _text(h) == " ".join(day_title.split()):
            sec = h.find_parent("section")
            return _without_heading(sec)[1]
    return ""


def attendance_sheet(course: Course, day_title: str) -> str:
    head = [_("No."), _("Name"), _("Organisation and role"), _("Signature")]
    rows = "".join(f"<tr><td>{n}</td><td></td><td></td><td></td></tr>" for n in range(1, ATTENDANCE_ROWS + 1))
    fields = [_("Date"), _("Place"), _("Trainers")]
    lines = "".join(f'<p>{html.escape(f)}: <span class="blank"></span></p>' for f in fields)
    # Translators: the line at the top of an attendance sheet, e.g. "Mentor training · Day 1".
    where = _("{course} · {day}").format(course=course.title, day=day_title)
    return (
        f'<div class="attendance"><p><strong>{html.escape(where)}</strong></p>{lines}'
        f"<table><thead><tr>{''.join(f'<th>{html.escape(h)}</th>' for h in head)}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def _workbook_part(mod_art) -> str:
    keep = []
    for box in mod_art.select(".admonition.note, .admonition.important, .admonition.handout, .exercise"):
        if box.find_parent(class_="admonition") is None:
            keep.append(str(box))
    return "".join(keep)


def course_packs(course: Course, cur: Curriculum, html_root: Path, only=None) -> list[Pack]:
    """The course's packs (only those whose slug is in ``only``, when it is given: only their pages are read)."""
    from .render_courses import module_path, module_title

    course_art = _article(_soup(html_root / "book" / "generated" / "courses" / course.id / "index.html"))
    mods = cur.course_modules(course.id)
    days = [(n, day) for n, day in enumerate(course.agenda, 1) if only is None or course_day_pack(course, n) in only]
    workbook = only is None or course_workbook(course) in only
    needed = {m.id for m in mods} if workbook else {i.module for _n, day in days for i in day.items}
    arts = {m.id: _article(_soup(html_root / (module_path(m) + ".html"))) for m in mods if m.id in needed}
    packs = []
    for n, day in days:
        pack = Pack(course_day_pack(course, n), TRAINER_DAY, course.title, f"{day.title} · {day.when}")
        pack.parts.append(Part(_("Agenda"), _day_agenda(course_art, day.title)))
        seen = []
        for item in day.items:
            if item.module in arts and item.module not in seen:
                seen.append(item.module)
                pack.parts.append(Part(*_without_heading(arts[item.module])))
        pack.parts.append(Part(_("Attendance sheet"), attendance_sheet(course, day.title)))
        packs.append(pack)
    if workbook:
        book = Pack(course_workbook(course), WORKBOOK, course.title, _("Handouts and self-checks for every module"))
        for m in mods:
            book.parts.append(Part(module_title(m), _workbook_part(arts[m.id])))
        packs.append(book)
    return packs


def all_packs(cur: Curriculum, html_root: Path, only=None) -> list[Pack]:
    """Every pack of the curriculum, or those whose slug is in ``only`` (only their pages are read)."""
    packs = []
    for prog in cur.programmes.values():
        slugs = {programme_pack(prog, FACILITATOR), programme_pack(prog, PARTICIPANT)}
        if only is None or slugs & set(only):
            packs += [p for p in programme_packs(prog, html_root) if only is None or p.slug in only]
    for course in cur.courses.values():
        slugs = {course_day_pack(course, n) for n in range(1, len(course.agenda) + 1)} | {course_workbook(course)}
        if only is None or slugs & set(only):
            packs += course_packs(course, cur, html_root, only)
    return packs


# --------------------------------------------------------------------------- one HTML document, then a PDF


def _head(html_root: Path) -> str:
    """The style sheets of a page one folder below the root (the packs' folder is one below too)."""
    soup = _soup(html_root / "book" / "catalogue.html")
    links = [str(link) for link in soup.select('link[rel="stylesheet"]')]
    return "".join(links)


def pack_html(
    pack: Pack,
    head: str,
    lang: str,
    pages: list[int] | None = None,
    front_only: bool = False,
    made_on: datetime.date | None = None,
) -> str:
    """The pack as one page; ``pages``: where each part starts; ``front_only``: only the cover and contents;
    ``made_on``: the date on the cover (today by default)."""
    kind = _(pack.kind)
    from .editions import TITLE

    contents = []
    for i, part in enumerate(pack.parts):
        page = str(pages[i]) if pages and i < len(pages) else ""
        contents.append(
            f'<li><a class="t" href="#pack-part-{i}">{html.escape(part.title)}</a><span class="p">{page}</span></li>'
        )
    parts = "".join(
        f'<section class="pack-part" id="pack-part-{i}"><h1>{html.escape(p.title)}</h1>{p.body}</section>'
        for i, p in enumerate(pack.parts)
        if not front_only
    )
    count = ngettext("{count} part", "{count} parts", len(pack.parts)).format(count=len(pack.parts))
    # Translators: on a pack's cover: where it comes from and when it was made.
    made = _("From the open curriculum “{book}”, made on {date}. Content CC BY-SA 4.0.").format(
        book=_(TITLE), date=format_date(made_on or datetime.date.today())
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(kind)}: {html.escape(pack.title)}</title>{head}<style>{PACK_CSS}</style></head>"
        '<body><div class="bd-main"><div class="bd-content"><div class="bd-article-container">'
        '<article class="bd-article">'
        f'<div class="pack-cover"><div class="pack-kind">{html.escape(kind)}</div>'
        f'<div class="pack-title">{html.escape(pack.title)}</div>'
        f'<div class="pack-subtitle">{html.escape(pack.subtitle)}</div>'
        f'<div class="pack-small">{html.escape(count)}. {html.escape(made)}</div></div>'
        f'<div class="pack-contents"><p class="pack-contents-title">{html.escape(_("Contents"))}</p>'
        f"<ol>{''.join(contents)}</ol></div>{parts}</article></div></div></div></body></html>"
    )


def footer_template(total: int | None = None) -> str:
    """The footer of every page: the pack's title and "Page 3 of 60" (``total`` when it is known)."""
    # Translators: the footer of every printed pack page; keep {page} and {pages} (filled in by the browser).
    text = html.escape(_("Page {page} of {pages}"))
    pages = str(total) if total else '<span class="totalPages"></span>'
    text = text.format(page='<span class="pageNumber"></span>', pages=pages)
    return (
        "<div style=\"width:100%;font-size:8pt;font-family:'DejaVu Sans',sans-serif;text-align:center;"
        f'color:#374151;"><span class="title"></span> · {text}</div>'
    )


def part_pages_of(reader, count: int) -> list[int]:
    """The page (1-based) where each part starts, from the PDF's named destinations (the contents link to
    each part, and Chromium names each link's target)."""
    dests = reader.named_destinations
    pages = []
    for i in range(count):
        dest = dests.get(f"/pack-part-{i}", dests.get(f"pack-part-{i}"))
        pages.append(reader.get_destination_page_number(dest) + 1 if dest is not None else 0)
    return pages


def _options(footer: str) -> dict:
    return {
        "format": "A4",
        "margin": MARGIN,
        "display_header_footer": True,
        "header_template": "<div></div>",
        "footer_template": footer,
        "outline": True,
        "tagged": True,
        "print_background": False,
    }


def print_pack(page, pack: Pack, head: str, lang: str, work: Path) -> bytes:
    """Print a pack, then its cover and contents again with the page where each part starts.

    The second print is only the first pages (the contents keep their length once the numbers are in:
    the number column is reserved), so a pack costs about one print.
    """
    from pypdf import PdfReader, PdfWriter

    source = work / f"{pack.slug}.html"
    source.write_text(pack_html(pack, head, lang), encoding="utf-8")
    page.goto(source.as_uri())
    full = PdfReader(io.BytesIO(page.pdf(**_options(footer_template()))))
    total = len(full.pages)
    starts = part_pages_of(full, len(pack.parts))
    source.write_text(pack_html(pack, head, lang, starts, front_only=True), encoding="utf-8")
    page.goto(source.as_uri())
    front = PdfReader(io.BytesIO(page.pdf(**_options(footer_template(total)))))
    source.unlink()
    writer = PdfWriter(clone_from=full)
    if all(starts) and len(front.pages) == starts[0] - 1:
        for i, new in enumerate(front.pages):
            writer.insert_page(new, i)
            writer.remove_page(i + 1)
    writer.add_metadata({"/Title": f"{_(pack.kind)}: {pack.title}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --------------------------------------------------------------------------- what each pack is made from (the cache)

ARTICLE = re.compile(rb'<article class="bd-article".*?</article>', re.S)
STYLESHEET = re.compile(r'<link[^>]*rel="stylesheet"[^>]*>')
HREF = re.compile(r'href="([^"?#]+)')
# Pages written into the pack while the cache decides: the cover's date does not make a pack new.
SOME_DAY = datetime.date(2000, 1, 1)


def pack_sources(cur: Curriculum) -> dict[str, list[str]]:
    """Every pack's slug, with the built pages it is cut from (paths from the book's root)."""
    from .render import programme_path
    from .render_courses import module_path

    out: dict[str, list[str]] = {}
    for prog in cur.programmes.values():
        page = [programme_path(prog) + ".html"]
        out[programme_pack(prog, FACILITATOR)] = page
        if any(s.handout for s in prog.sessions):
            out[programme_pack(prog, PARTICIPANT)] = page
    for course in cur.courses.values():
        index = f"book/generated/courses/{course.id}/index.html"
        mods = {m.id: m for m in cur.course_modules(course.id)}
        for n, day in enumerate(course.agenda, 1):
            used = dict.fromkeys(i.module for i in day.items if i.module in mods)
            out[course_day_pack(course, n)] = [index] + [module_path(mods[m]) + ".html" for m in used]
        out[course_workbook(course)] = [index] + [module_path(m) + ".html" for m in mods.values()]
    return out


def data_digest(data_dir: Path, lang: str) -> str:
    """A hash of what a pack's titles and labels come from: the curriculum data, the edition's
    catalogues (not the hand-written pages' one) and this module."""
    from .i18n import LOCALE_DIR, SOURCE_LANGUAGE

    digest = hashlib.sha256(Path(__file__).read_bytes())
    roots = [Path(data_dir)] + ([LOCALE_DIR / lang] if lang != SOURCE_LANGUAGE else [])
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix != ".mo" and path.stem != "pages":
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def head_digest(html_root: Path) -> str:
    """A hash of the style sheets the packs print with (their links and their contents)."""
    page = (html_root / "book" / "catalogue.html").read_text(encoding="utf-8")
    digest = hashlib.sha256()
    for tag in STYLESHEET.findall(page):
        digest.update(tag.encode())
        href = HREF.search(tag)
        css = html_root / "book" / html.unescape(href.group(1)) if href else None
        if css is not None and css.is_file():
            digest.update(css.read_bytes())
    return digest.hexdigest()


def inputs_key(html_root: Path, pages: list[str], common: str, seen: dict | None = None) -> str:
    """The first check: ``common`` (data, catalogues, style sheets) and the article of each page
    (the rest of a page, such as the book's menu, is not in a pack)."""
    seen = {} if seen is None else seen
    digest = hashlib.sha256(common.encode())
    for page in pages:
        if page not in seen:
            try:
                text = (html_root / page).read_bytes()
            except OSError:
                text = b""
            match = ARTICLE.search(text)
            seen[page] = hashlib.sha256(match.group(0) if match else text).hexdigest()
        digest.update(page.encode() + b"\0" + seen[page].encode())
    return digest.hexdigest()


def content_key(pack: Pack, head: str, lang: str, styles: str) -> str:
    """The second check: the pack's own HTML (with a fixed date on the cover), its footer, its
    style sheets and this module."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for text in (styles, pack_html(pack, head, lang, made_on=SOME_DAY), footer_template()):
        digest.update(text.encode() + b"\0")
    return digest.hexdigest()


def _cache_dir(html_root: Path) -> Path:
    return html_root / PACKS / CACHE


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (a reader never sees half a pack)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _note(html_root: Path, slug: str) -> dict:
    return _read(_cache_dir(html_root) / f"{slug}.json")


def _keep_note(html_root: Path, slug: str, note: dict) -> None:
    _write(_cache_dir(html_root) / f"{slug}.json", json.dumps(note, indent=1).encode())


def cached_pack(lang: str, slug: str, html_root: Path | None = None, data_dir: Path | None = None) -> Path | None:
    """The printed pack if it is up to date by the first check (a few milliseconds), else None."""
    from .editions import html_dir
    from .loader import DATA_DIR

    root = Path(html_root or html_dir(lang))
    pdf = root / PACKS / f"{slug}.pdf"
    note, index = _note(root, slug), _read(_cache_dir(root) / "index.json")
    pages = (index.get("packs") or {}).get(slug) if isinstance(index.get("packs"), dict) else None
    if not pdf.is_file() or not note.get("inputs") or not isinstance(pages, list):
        return None
    data = data_digest(Path(data_dir or DATA_DIR), lang)
    if index.get("data") != data:
        return None
    return pdf if inputs_key(root, pages, data + head_digest(root)) == note["inputs"] else None


def print_seconds(lang: str, slug: str, html_root: Path | None = None) -> float | None:
    """How long the pack took to print last time, if it was ever printed."""
    from .editions import html_dir

    seconds = _note(Path(html_root or html_dir(lang)), slug).get("seconds")
    return float(seconds) if isinstance(seconds, int | float) else None


# --------------------------------------------------------------------------- printing what changed


@dataclass
class Made:
    path: Path
    size: int
    pages: int
    printed: bool = True  # False: it was up to date and not printed again


def _print_some(lang: str, root: str, head: str, jobs: list[tuple[Pack, dict]]) -> list[tuple[str, int, int]]:
    """One browser printing some of the packs (run in a worker process); each pack's note is written
    as soon as it is printed, so an interrupted build keeps what it finished."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    from widgets.screenshots import CHROMIUM, CHROMIUM_ARGS

    out = Path(root) / PACKS
    done = []
    with use_language(lang), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        for pack, note in jobs:
            start = time.perf_counter()
            pdf = print_pack(page, pack, head, lang, out)
            path = out / pack.filename
            _write(path, pdf)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            note = {**note, "pages": pages, "size": len(pdf), "seconds": round(time.perf_counter() - start, 1)}
            _keep_note(Path(root), pack.slug, note)
            done.append((str(path), len(pdf), pages))
        browser.close()
    return done


class UnknownPack(LookupError):
    """A pack was asked for by a name the edition has no pack of."""


def build_packs(
    lang: str,
    data_dir: Path | None = None,
    html_root: Path | None = None,
    *,
    only=None,
    workers: int = 0,
    force: bool = False,
    echo=print,
) -> list[Made]:
    """Make the packs of one edition from its built book, printing only those whose content changed
    (all of them with ``force``); ``only``: the slugs of the packs to make (UnknownPack if the edition
    has no such pack). Printing runs in ``workers`` browsers at once (0: one per processor, at most
    four). Returns every pack asked for, printed or not."""
    from concurrent.futures import ProcessPoolExecutor

    from .editions import html_dir
    from .loader import DATA_DIR, load_curriculum

    root = Path(html_root or html_dir(lang)).resolve()
    out = root / PACKS
    _cache_dir(root).mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    data_dir = Path(data_dir or DATA_DIR)
    data = data_digest(data_dir, lang)
    index = _read(_cache_dir(root) / "index.json")
    cur = None
    with use_language(lang):
        sources = index.get("packs") if index.get("data") == data else None
        if not isinstance(sources, dict):
            cur = load_curriculum(data_dir, lang=lang)
            sources = pack_sources(cur)
            _write(_cache_dir(root) / "index.json", json.dumps({"data": data, "packs": sources}).encode())
        wanted = list(sources) if only is None else list(dict.fromkeys(only))
        if unknown := [slug for slug in wanted if slug not in sources]:
            raise UnknownPack(", ".join(unknown))
        styles = head_digest(root)
        seen: dict = {}
        keys = {slug: inputs_key(root, sources[slug], data + styles, seen) for slug in wanted}
        stale = {
            slug
            for slug in wanted
            if force or _note(root, slug).get("inputs") != keys[slug] or not (out / f"{slug}.pdf").is_file()
        }
        jobs: list[tuple[Pack, dict]] = []
        head = ""
        if stale:
            cur = cur or load_curriculum(data_dir, lang=lang)
            head = _head(root)
            for pack in all_packs(cur, root, stale):
                note = {"inputs": keys[pack.slug], "content": content_key(pack, head, lang, styles)}
                old = _note(root, pack.slug)
                if not force and old.get("content") == note["content"] and (out / pack.filename).is_file():
                    _keep_note(root, pack.slug, {**old, **note})  # the pages changed, this pack did not
                else:
                    jobs.append((pack, note))
    printed: dict[str, Made] = {}
    if jobs:
        workers = workers or min(4, os.cpu_count() or 1)
        # Share the work by size: the longest packs first, each to the least loaded browser.
        chunks: list[list[tuple[Pack, dict]]] = [[] for _ in range(max(1, min(workers, len(jobs))))]
        loads = [0] * len(chunks)
        for job in sorted(jobs, key=lambda j: -sum(len(x.body) for x in j[0].parts)):
            i = loads.index(min(loads))
            chunks[i].append(job)
            loads[i] += sum(len(x.body) for x in job[0].parts)
        # Each browser in a process of its own (also when there is one: the caller may run Playwright already).
        with ProcessPoolExecutor(len(chunks)) as pool:
            results = list(pool.map(_print_some, *zip(*[(lang, str(root), head, c) for c in chunks], strict=True)))
        for rows in results:
            printed.update({Path(path).stem: Made(Path(path), size, pages) for path, size, pages in rows})
    made = []
    for slug in sorted(wanted):
        if slug in printed:
            made.append(printed[slug])
        else:
            path = out / f"{slug}.pdf"
            if path.is_file():  # (a pack with nothing to print, such as handouts the pages do not have, is not made)
                made.append(Made(path, path.stat().st_size, int(_note(root, slug).get("pages") or 0), printed=False))
    new = [m for m in made if m.printed]
    echo(
        f"[{lang}] {len(made)} packs ({sum(m.size for m in made) / 1e6:.1f} MB): {len(new)} printed "
        f"({sum(m.pages for m in new)} pages), {len(made) - len(new)} unchanged, "
        f"in {time.perf_counter() - start:.1f} s: {out}"
    )
    return made
