"""A course completion certificate for a trainee (PDF, fpdf2 with DejaVu Sans; see widgets/fonts.py).

``python -m curriculum certificate --course mentor-training --name "Dana Novak" --date 2026-12-04
[--trainer "…"] [--agency "…"] [--lang cs] --out dana.pdf``. The certificate names the course,
its hours in the room and the modules completed; the trainer signs it on paper.
"""

from __future__ import annotations

import datetime

from .i18n import _, format_date, ngettext, use_language
from .loader import Curriculum
from .schema import Course


def course_hours(course: Course) -> float:
    return round(sum(d.item_minutes for d in course.agenda) / 60, 1)


def certificate_pdf(
    course: Course,
    cur: Curriculum,
    name: str,
    date: datetime.date,
    trainer: str = "",
    agency: str = "",
) -> bytes:
    """The certificate as PDF bytes, in the current language."""
    from widgets.fonts import finish, new_pdf

    from .render import hours

    mods = cur.course_modules(course.id)
    text = " ".join([name, trainer, agency, course.title] + [m.title for m in mods])
    pdf, font = new_pdf(text, orientation="landscape", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(55, 65, 81)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, 271, 184)

    def line(size: float, value: str, style: str = "", h: float = 10, gap: float = 0) -> None:
        pdf.set_font(font, style, size)
        pdf.set_x(25)
        pdf.multi_cell(247, h, value, align="C", new_x="LMARGIN", new_y="NEXT")
        if gap:
            pdf.ln(gap)

    pdf.set_y(30)
    line(30, _("Certificate of completion"), "B", 14, 6)
    line(13, _("This certifies that"), h=8, gap=2)
    line(24, name, "B", 12, 4)
    line(13, _("has completed the course"), h=8, gap=2)
    line(18, course.title, "B", 10, 2)
    span = course_hours(course)
    from .render import plural_n

    # Translators: on a certificate, under the course's title, e.g. "34.5 hours of training".
    summary = ngettext("{hours} hour of training", "{hours} hours of training", plural_n(span)).format(
        hours=hours(span)
    )
    line(11, summary, h=7, gap=2)
    titles = "; ".join(f"{m.number}. {' '.join(m.title.split())}" for m in mods)
    line(8.5, titles, h=4.6, gap=4)
    pdf.set_y(160)
    pdf.set_font(font, "", 11)
    pdf.set_x(30)
    pdf.cell(100, 7, _("Date: {date}").format(date=format_date(date)), new_x="RIGHT")
    pdf.set_x(160)
    pdf.cell(100, 7, "_" * 32, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(160)
    signer = trainer or _("Trainer")
    pdf.cell(100, 6, signer, align="C", new_x="LMARGIN", new_y="NEXT")
    if agency:
        pdf.set_x(160)
        pdf.cell(100, 6, agency, align="C")
    return bytes(finish(pdf))


def main(argv: list[str]) -> int:
    import argparse
    import sys
    from pathlib import Path

    from .loader import DATA_DIR, load_curriculum

    parser = argparse.ArgumentParser(prog="python -m curriculum certificate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", required=True)
    parser.add_argument("--name", required=True, help="the trainee's name as it should appear")
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help="YYYY-MM-DD (default: today)")
    parser.add_argument("--trainer", default="")
    parser.add_argument("--agency", default="")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--data", default=str(DATA_DIR))
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    cur = load_curriculum(Path(args.data), lang=args.lang)
    if args.course not in cur.courses:
        print(f"unknown course {args.course}; choose from {', '.join(cur.courses)}", file=sys.stderr)
        return 2
    with use_language(args.lang):
        data = certificate_pdf(
            cur.courses[args.course],
            cur,
            args.name,
            datetime.date.fromisoformat(args.date),
            args.trainer,
            args.agency,
        )
    Path(args.out).write_bytes(data)
    print(f"Wrote {args.out} ({len(data)} bytes)")
    return 0
