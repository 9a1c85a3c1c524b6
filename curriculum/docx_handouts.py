"""Every handout, role card and observer checklist as an editable Word file (python-docx).

Styled like the printed page (A4, the handout's title as a heading, its source in italics, tables
with a header row), with what a user fills in made visible: write-in lines (``______``) are
highlighted yellow, and an "adapt locally" box at the top (highlighted green) holds the agency's own
name and contacts, plus every line that asks for a national number (a crisis line, the emergency
number: :data:`curriculum.countries.WRITE_INS`). The files are written beside the built book in
``handouts/`` (never committed), and each handout on a page links to its file.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .i18n import _, strip_marks, use_language

HANDOUTS = "handouts"
BLANK = re.compile(r"(\\?_){3,}")
INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|(?:\\?_){3,})")


@dataclass
class Sheet:
    """One editable handout: its file name (without suffix), title, source line and Markdown body."""

    name: str
    title: str
    source: str
    body: str


def session_handout_name(prog_id: str, number: int) -> str:
    return f"{prog_id}-session-{number}"


def module_handout_name(mod_id: str) -> str:
    return f"{mod_id}-handout"


def role_play_name(rp_id: str) -> str:
    """One file per role-play: each role card and the observer checklist on a page of its own."""
    return f"{rp_id}-cards"


def docx_link(name: str, depth: int, label: str | None = None) -> list[str]:
    """A line under a handout on a page ``depth`` folders below the book's root, linking to its Word file."""
    text = html.escape(label or _("Word version to adapt and print (DOCX)"))
    href = "../" * depth + f"{HANDOUTS}/{name}.docx"
    return [f'<p class="no-print docx-link"><a class="reference external" href="{href}">{text}</a></p>', ""]


def sheets(cur, ex) -> list[Sheet]:
    """Every handout of the programmes and modules, and every role-play's cards, in the current language."""
    out = []
    for prog in cur.programmes.values():
        for s in prog.sessions:
            if s.handout:
                source = _("{programme}, session {number}").format(programme=prog.title, number=s.number)
                out.append(Sheet(session_handout_name(prog.id, s.number), s.handout.title, source, s.handout.body))
    for course in cur.courses.values():
        for mod in cur.course_modules(course.id):
            if mod.handout:
                source = _("{course}, module {number}").format(course=course.title, number=mod.number)
                out.append(Sheet(module_handout_name(mod.id), mod.handout.title, source, mod.handout.body))
    if ex is not None:
        for rp in ex.role_plays.values():
            parts = []
            for role in rp.roles:
                parts.append(f"# {_('Role card: {name}').format(name=role.name)}\n\n{role.brief}")
            checklist = "\n".join(f"- ☐ {' '.join(item.split())}" for item in rp.observer_checklist)
            parts.append(
                f"# {_('Observer checklist: {title}').format(title=rp.title)}\n\n"
                f"{_('Mark each behaviour: seen, partly seen or not seen, and note the words used.')}\n\n{checklist}"
            )
            out.append(
                Sheet(role_play_name(rp.id), rp.title, _("Role-play: {title}").format(title=rp.title), "\f".join(parts))
            )
    return out


# --------------------------------------------------------------------------- Markdown to Word


def _runs(par, text: str, local: bool = False) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    from .trainer_kit import plain_sources

    for piece in INLINE.split(plain_sources(strip_marks(text))):
        if not piece:
            continue
        if BLANK.fullmatch(piece):
            run = par.add_run("_" * max(12, len(piece.replace("\\", ""))))
            run.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN if local else WD_COLOR_INDEX.YELLOW
        elif piece.startswith("**") and piece.endswith("**"):
            par.add_run(piece[2:-2]).bold = True
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            par.add_run(piece[1:-1]).italic = True
        else:
            par.add_run(piece.replace("\\", ""))


def _is_local(line: str) -> bool:
    from .countries import WRITE_INS

    return any(p.search(line) for p in WRITE_INS.values())


def _table(doc, rows: list[str]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
    cells = [r for r in cells if not all(re.fullmatch(r":?-{2,}:?", c or "--") for c in r)]
    width = max(len(r) for r in cells)
    table = doc.add_table(rows=len(cells), cols=width)
    table.style = "Table Grid"
    for i, row in enumerate(cells):
        for j in range(width):
            cell = table.cell(i, j)
            _runs(cell.paragraphs[0], row[j] if j < len(row) else "")
            if i == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
                shade = OxmlElement("w:shd")
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:fill"), "E5E7EB")
                cell._tc.get_or_add_tcPr().append(shade)
    # The header row repeats when a table runs over a page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


BLOCK_START = re.compile(r"^\s*(\||#{1,6}\s|[-*+]\s|\d+[.)]\s|([-*=])(\s*\2){2,}\s*$)")


def _joined(body: str) -> list[str]:
    """The Markdown's lines with a paragraph's or list item's wrapped lines joined."""
    out: list[str] = []
    for line in strip_marks(body).splitlines():
        if out and line.strip() and out[-1].strip() and not BLOCK_START.match(line):
            if not out[-1].lstrip().startswith(("|", "#")):
                out[-1] = out[-1].rstrip() + " " + line.strip()
                continue
        out.append(line)
    return out


def _markdown(doc, body: str) -> None:
    lines = _joined(body)
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        if stripped.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(lines[i])
                i += 1
            _table(doc, rows)
            continue
        if m := re.match(r"^#{1,6}\s+(.*?)\s*#*$", stripped):
            doc.add_heading(m.group(1).strip("*"), level=2)
        elif m := re.match(r"^[-*+]\s+(.*)$", stripped):
            _runs(doc.add_paragraph(style="List Bullet"), m.group(1), _is_local(stripped))
        elif m := re.match(r"^\d+[.)]\s+(.*)$", stripped):
            _runs(doc.add_paragraph(style="List Number"), m.group(1), _is_local(stripped))
        elif re.fullmatch(r"([-*=])(\s*\1){2,}", stripped):
            pass
        else:
            _runs(doc.add_paragraph(), stripped, _is_local(stripped))
        i += 1


def sheet_docx(sheet: Sheet) -> bytes:
    """The Word file of one handout (role cards: one page each)."""
    from docx import Document
    from docx.enum.text import WD_BREAK, WD_COLOR_INDEX
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin, section.bottom_margin = Mm(16), Mm(18)
    normal = doc.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10.5)
    for level in (1, 2):
        style = doc.styles[f"Heading {level}"]
        style.font.name = "DejaVu Sans"
        style.font.color.rgb = RGBColor(0, 0, 0)

    box = doc.add_paragraph()
    # Translators: the box at the top of an editable (Word) handout: what an agency fills in before copying it.
    run = box.add_run(_("Adapt locally: your agency and its contacts (delete this box if not needed)"))
    run.bold = True
    run.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN
    for label in (_("Agency"), _("Contact person"), _("Phone and opening hours")):
        par = doc.add_paragraph()
        par.add_run(f"{label}: ")
        _runs(par, "______________________________", local=True)

    for n, page in enumerate(sheet.body.split("\f")):
        if n:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        first = page.lstrip()
        if n == 0 and not first.startswith("# "):
            doc.add_heading(strip_marks(sheet.title), level=1)
            doc.add_paragraph().add_run(strip_marks(sheet.source)).italic = True
        elif first.startswith("# "):
            title, _sep, first = first.partition("\n")
            doc.add_heading(strip_marks(title[2:]), level=1)
            if n == 0:
                doc.add_paragraph().add_run(strip_marks(sheet.source)).italic = True
        _markdown(doc, first)
    doc.core_properties.title = strip_marks(sheet.title)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def build_docx(lang: str, html_root: Path | None = None, data_dir: Path | None = None, echo=print) -> list[Path]:
    """Write every editable handout of one edition into ``<html_root>/handouts``; returns the files."""
    import hashlib
    import json
    import time

    from .editions import html_dir
    from .exercises import validate_exercises
    from .loader import DATA_DIR, load_curriculum

    start = time.perf_counter()
    out = Path(html_root or html_dir(lang)) / HANDOUTS
    out.mkdir(parents=True, exist_ok=True)
    # What each file was made from: a handout whose text and this module did not change is not made again.
    cache = out / ".cache.json"
    try:
        made_from = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        made_from = {}
    from .i18n import LOCALE_DIR

    # The code that makes the files, and the catalogue of their labels ("Adapt locally" …).
    here = Path(__file__).parent
    made_by = [here / "docx_handouts.py", here / "countries.py", here / "trainer_kit.py"]
    made_by.append(LOCALE_DIR / lang / "LC_MESSAGES" / "toolkit.po")
    code = b"".join(p.read_bytes() for p in made_by if p.is_file())
    written, new = [], 0
    with use_language(lang):
        cur = load_curriculum(Path(data_dir or DATA_DIR), lang=lang)
        ex, _problems = validate_exercises(cur)
        for sheet in sheets(cur, ex):
            path = out / f"{sheet.name}.docx"
            key = hashlib.sha256(code + "\0".join((sheet.title, sheet.source, sheet.body)).encode()).hexdigest()
            if made_from.get(sheet.name) != key or not path.is_file():
                path.write_bytes(sheet_docx(sheet))
                made_from[sheet.name] = key
                new += 1
            written.append(path)
    cache.write_text(json.dumps(made_from, indent=0), encoding="utf-8")
    size = sum(p.stat().st_size for p in written)
    echo(
        f"[{lang}] {len(written)} Word handouts ({size / 1e6:.1f} MB): {new} made, {len(written) - new} unchanged, "
        f"in {time.perf_counter() - start:.1f} s: {out}"
    )
    return written
