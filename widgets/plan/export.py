"""Exports of the individual plan: Word (editable), PDF (print-ready), CSV of actions.

Every user string is made safe for its format: control characters are dropped (they are
invalid in Word's XML), nothing is ever read as markup, and CSV cells that a spreadsheet
would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import re

from ..charts import LANE_COLOURS, LANES, timeline_span
from ..fonts import add_fonts
from .model import ACTORS, PHASES, STATUSES, IndividualPlan, smart_check

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def clean(text) -> str:
    return CONTROL.sub("", "" if text is None else str(text))


def csv_cell(text) -> str:
    value = clean(text)
    return "'" + value if value.startswith(FORMULA_START) else value


def domain_title(plan: IndividualPlan, domain: str) -> str:
    return plan.catalogue.domain_title(domain)


def actions_csv(plan: IndividualPlan) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(["Client code", "Goal", "Need", "Action", "Who", "Where", "By when", "Phase", "Status"])
    for g in plan.goals:
        for a in g["actions"]:
            writer.writerow(
                [
                    csv_cell(plan.client_code),
                    csv_cell(g["words"]),
                    csv_cell(domain_title(plan, g["domain"])),
                    csv_cell(a["what"]),
                    ACTORS[a["who"]],
                    csv_cell(a["where"]),
                    csv_cell(a["by_when"]),
                    PHASES[a["phase"]],
                    STATUSES[a["status"]],
                ]
            )
    return "\ufeff" + buf.getvalue()  # a byte-order mark so spreadsheet programs read UTF-8


def header_rows(plan: IndividualPlan) -> list[tuple[str, str]]:
    return [
        ("Client code", plan.client_code),
        ("Age band", plan.age_band or "—"),
        ("Release date", plan.release_date or "—"),
        ("Institution or probation office", plan.place or "—"),
        ("Mentor", plan.mentor or "—"),
        ("Caseworker", plan.caseworker or "—"),
        ("Plan date and version", f"{plan.created_on}, version {plan.plan_revision}"),
        ("Started from assessment", plan.assessment or "—"),
    ]


# --------------------------------------------------------------------------- Word


def plan_docx(plan: IndividualPlan) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    section.top_margin = section.bottom_margin = Mm(15)
    doc.styles["Normal"].font.size = Pt(10)
    section.footer.paragraphs[
        0
    ].text = (
        "Individual plan. Contains personal data: keep and share only as your agency's data-protection rules allow."
    )

    doc.add_heading("Individual plan", level=0)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in header_rows(plan):
        row = table.add_row().cells
        row[0].text, row[1].text = label, clean(value)
        row[0].paragraphs[0].runs[0].bold = True

    doc.add_heading("Programmes", level=1)
    progress = plan.progress()
    if progress:
        t = doc.add_table(rows=1, cols=5)
        t.style = "Table Grid"
        for cell, text in zip(
            t.rows[0].cells, ("Programme", "In the plan", "Hours attended", "Minimum", "Status"), strict=True
        ):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for p in progress:
            cells = t.add_row().cells
            values = (p.title, p.use, f"{p.hours:g}", f"{p.min_hours:g}", p.words)
            for cell, text in zip(cells, values, strict=True):
                cell.text = clean(text)
    else:
        doc.add_paragraph("No programme in the plan yet.")

    doc.add_heading("Goals and actions", level=1)
    for n, g in enumerate(plan.goals, start=1):
        doc.add_heading(f"Goal {n}: {domain_title(plan, g['domain'])}", level=2)
        para = doc.add_paragraph()
        para.add_run("In the client's words: ").bold = True
        para.add_run(clean(g["words"]) or "—")
        para = doc.add_paragraph()
        para.add_run("How we will know: ").bold = True
        para.add_run(clean(g["measure"]) or "—")
        para.add_run("    By: ").bold = True
        para.add_run(clean(g["target_date"]) or "—")
        missing = smart_check(g, plan.release())
        if missing:
            doc.add_paragraph("To complete: " + " ".join(missing)).runs[0].italic = True
        if g["actions"]:
            t = doc.add_table(rows=1, cols=6)
            t.style = "Table Grid"
            for cell, text in zip(t.rows[0].cells, ("What", "Who", "Where", "By when", "Phase", "Status"), strict=True):
                cell.text = text
                cell.paragraphs[0].runs[0].bold = True
            for a in g["actions"]:
                cells = t.add_row().cells
                values = (
                    a["what"],
                    ACTORS[a["who"]],
                    a["where"],
                    a["by_when"],
                    PHASES[a["phase"]],
                    STATUSES[a["status"]],
                )
                for cell, text in zip(cells, values, strict=True):
                    cell.text = clean(text)

    doc.add_heading("Actions by phase", level=1)
    for phase, rows in plan.actions_by_phase().items():
        doc.add_heading(PHASES[phase], level=2)
        if not rows:
            doc.add_paragraph("Nothing planned yet.")
        for _, a in rows:
            when = clean(a["by_when"]) or "no date"
            doc.add_paragraph(
                f"{when}: {clean(a['what'])} ({ACTORS[a['who']]}; {STATUSES[a['status']].lower()})", style="List Bullet"
            )

    doc.add_heading("Reviews", level=1)
    doc.add_paragraph(
        "The plan is reviewed on these dates and after any significant event (release date changes, a new offence, "
        "loss of housing or work, a crisis): " + (", ".join(clean(r) for r in plan.reviews) or "to be agreed") + "."
    )

    doc.add_heading("Agreement", level=1)
    consent = "has agreed" if plan.consent else "has not yet agreed"
    doc.add_paragraph(
        f"The client {consent} to this plan. The plan belongs to the client; it can be changed at any review. "
        "Information in it is shared only as agreed and as the law requires."
    )
    t = doc.add_table(rows=2, cols=3)
    t.style = "Table Grid"
    for row, who in zip(t.rows, ("Client", "Practitioner"), strict=True):
        row.cells[0].text = who
        row.cells[1].text = "Signature: ______________________"
        row.cells[2].text = "Date: ____________"
    doc.add_paragraph().alignment = WD_ALIGN_PARAGRAPH.LEFT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- PDF


def plan_pdf(plan: IndividualPlan) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(15, 14, 15)
    pdf.set_auto_page_break(auto=True, margin=16)
    font = add_fonts(pdf)
    pdf.set_title("Individual plan")
    pdf.set_creator("Open reentry curriculum toolkit")

    def footer():
        pdf.set_y(-11)
        pdf.set_font(font, "", 7)
        pdf.set_text_color(90, 90, 90)
        pdf.cell(
            0,
            4,
            f"Individual plan {clean(plan.client_code)} · page {pdf.page_no()} · contains personal data",
            align="C",
        )
        pdf.set_text_color(0, 0, 0)

    pdf.footer = footer
    pdf.add_page()
    pdf.set_font(font, "B", 16)
    pdf.cell(0, 9, "Individual plan", new_x="LMARGIN", new_y="NEXT")
    head = FontFace(emphasis="BOLD", fill_color=(238, 240, 243))
    pdf.set_font(font, "", 9)
    with pdf.table(
        col_widths=(55, 125), headings_style=head, first_row_as_headings=False, line_height=5.5, text_align="LEFT"
    ) as t:
        for label, value in header_rows(plan):
            row = t.row()
            row.cell(label, style=head)
            row.cell(clean(value))
    pdf.ln(3)

    pdf.set_font(font, "B", 12)
    pdf.cell(0, 7, "Programmes", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 8.5)
    progress = plan.progress()
    if progress:
        with pdf.table(col_widths=(70, 24, 22, 20, 44), headings_style=head, line_height=5, text_align="LEFT") as t:
            t.row(["Programme", "In the plan", "Hours", "Minimum", "Status"])
            for p in progress:
                t.row([clean(p.title), p.use, f"{p.hours:g}", f"{p.min_hours:g}", p.words])
    else:
        pdf.cell(0, 5, "No programme in the plan yet.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    _timeline(pdf, plan, font)

    pdf.set_font(font, "B", 12)
    pdf.cell(0, 7, "Goals and actions", new_x="LMARGIN", new_y="NEXT")
    for n, g in enumerate(plan.goals, start=1):
        pdf.set_font(font, "B", 10)
        pdf.multi_cell(0, 5.5, f"Goal {n}: {domain_title(plan, g['domain'])}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 9)
        pdf.multi_cell(0, 4.8, f"In the client's words: {clean(g['words']) or '—'}", new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(
            0,
            4.8,
            f"How we will know: {clean(g['measure']) or '—'}   By: {clean(g['target_date']) or '—'}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        if g["actions"]:
            pdf.set_font(font, "", 8)
            with pdf.table(
                col_widths=(56, 24, 34, 20, 26, 20), headings_style=head, line_height=4.4, text_align="LEFT"
            ) as t:
                t.row(["What", "Who", "Where", "By when", "Phase", "Status"])
                for a in g["actions"]:
                    t.row(
                        [
                            clean(a["what"]),
                            ACTORS[a["who"]],
                            clean(a["where"]),
                            clean(a["by_when"]),
                            PHASES[a["phase"]],
                            STATUSES[a["status"]],
                        ]
                    )
        pdf.ln(2)

    pdf.set_font(font, "B", 12)
    pdf.cell(0, 7, "Actions by phase", new_x="LMARGIN", new_y="NEXT")
    for phase, rows in plan.actions_by_phase().items():
        pdf.set_font(font, "B", 9.5)
        pdf.cell(0, 5.5, PHASES[phase], new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 8.5)
        lines = [
            f"• {clean(a['by_when']) or 'no date'}: {clean(a['what'])} ({ACTORS[a['who']]}; {STATUSES[a['status']].lower()})"
            for _, a in rows
        ]
        pdf.multi_cell(0, 4.4, "\n".join(lines) or "Nothing planned yet.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(font, "B", 12)
    pdf.cell(0, 7, "Reviews", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 9)
    pdf.multi_cell(
        0,
        4.8,
        "Reviewed on these dates and after any significant event: "
        + (", ".join(clean(r) for r in plan.reviews) or "to be agreed")
        + ".",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font(font, "B", 12)
    pdf.cell(0, 7, "Agreement", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 9)
    consent = "has agreed" if plan.consent else "has not yet agreed"
    pdf.multi_cell(
        0, 4.8, f"The client {consent} to this plan. The plan belongs to the client and can be changed at any review."
    )
    pdf.ln(6)
    for who in ("Client", "Practitioner"):
        pdf.cell(40, 8, who)
        pdf.cell(80, 8, "Signature: ____________________________")
        pdf.cell(0, 8, "Date: ______________", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _timeline(pdf, plan: IndividualPlan, font: str) -> None:
    from .model import _date

    items = [(_date(a["by_when"]), a["phase"], a["status"] == "done") for g in plan.goals for a in g["actions"]]
    release = plan.release()
    if not any(d for d, *_ in items) and not release:
        return
    lo, hi = timeline_span([d for d, *_ in items], release)
    span = max(1, (hi - lo).days)
    pdf.set_font(font, "B", 12)
    pdf.cell(0, 7, "Timeline around release", new_x="LMARGIN", new_y="NEXT")
    top, left, width, lane_h = pdf.get_y() + 2, 50, 145, 6
    names = ["Before release", "Release day", "First weeks", "Months after"]
    pdf.set_font(font, "", 7.5)
    for i, name in enumerate(names):
        y = top + i * lane_h
        pdf.set_fill_color(246, 247, 249)
        pdf.rect(left, y, width, lane_h - 1, style="F")
        pdf.text(15, y + 3.6, name)

    def x(day):
        return left + width * (day - lo).days / span

    if release:
        pdf.set_draw_color(220, 38, 38)
        pdf.set_line_width(0.5)
        pdf.line(x(release), top - 1, x(release), top + 4 * lane_h)
        pdf.set_text_color(220, 38, 38)
        pdf.text(x(release) - 8, top + 4 * lane_h + 3.5, f"release {release.isoformat()}")
        pdf.set_text_color(0, 0, 0)
    for day, lane, done in items:
        if day is None:
            continue
        rgb = tuple(int(LANE_COLOURS[lane][k : k + 2], 16) for k in (1, 3, 5))
        pdf.set_draw_color(*rgb)
        pdf.set_fill_color(*(rgb if done else (255, 255, 255)))
        pdf.set_line_width(0.4)
        pdf.circle(x=x(day), y=top + LANES.index(lane) * lane_h + (lane_h - 1) / 2, radius=1.4, style="DF")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(top + 4 * lane_h + 7)
