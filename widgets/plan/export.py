"""Exports of the individual plan: Word (editable), PDF (print-ready), CSV of actions.

Every export is written in the current language: call it inside ``with use_language(lang):``.
Titles come from the catalogue in that language (``cat``, by default the plan's catalogue when it
is in that language); the client's own words stay as typed. When the language uses unreviewed
translations, each export says so in one line.

Every user string is made safe for its format: control characters are dropped (they are
invalid in Word's XML; see widgets.fields), nothing is ever read as markup, and CSV cells that a
spreadsheet would run as a formula are prefixed with an apostrophe. The PDF marks characters its
font lacks and lists them (see widgets.fonts).

A goal nobody has written anything in yet (no words, measure, date or action) is not printed as
an empty form: one line names its area instead.
"""

from __future__ import annotations

import csv
import io
import re

from curriculum.i18n import _, current_language, format_date, format_number, ngettext

from ..catalogue import Catalogue, catalogue_for, use_label
from ..charts import LANE_COLOURS, LANE_NAMES, LANES, timeline_span
from ..fields import without_controls
from ..fonts import PdfBytes, finish, new_pdf
from ..language import display_date, draft_note, pdf_note
from .model import IndividualPlan, _date, actor_label, age_label, phase_label, smart_check, status_label

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def clean(text) -> str:
    return without_controls("" if text is None else str(text))


def csv_cell(text) -> str:
    value = clean(text)
    return "'" + value if value.startswith(FORMULA_START) else value


def action_columns() -> tuple[str, ...]:
    return (_("What"), _("Who"), _("Where"), _("By when"), _("Phase"), _("Status"))


def actions_csv(plan: IndividualPlan, cat: Catalogue | None = None) -> str:
    """One row per action. Dates stay YYYY-MM-DD, which every spreadsheet reads in every language."""
    cat = cat or catalogue_for(plan.catalogue)
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(
        [
            _("Client code"),
            _("Goal"),
            # Translators: a table heading: the needs area (accommodation, employment...).
            _("Need"),
            _("Action"),
            _("Who"),
            _("Where"),
            _("By when"),
            _("Phase"),
            _("Status"),
        ]
    )
    for g in plan.goals:
        for a in g["actions"]:
            writer.writerow(
                [
                    csv_cell(plan.client_code),
                    csv_cell(g["words"]),
                    csv_cell(cat.domain_title(g["domain"])),
                    csv_cell(a["what"]),
                    csv_cell(actor_label(a["who"])),
                    csv_cell(a["where"]),
                    csv_cell(a["by_when"]),
                    csv_cell(phase_label(a["phase"])),
                    csv_cell(status_label(a["status"])),
                ]
            )
    note = draft_note(current_language(), cat.drafts)
    if note:
        writer.writerow([csv_cell(note)])
    return "\ufeff" + buf.getvalue()  # a byte-order mark so spreadsheet programs read UTF-8


def header_rows(plan: IndividualPlan) -> list[tuple[str, str]]:
    return [
        (_("Client code"), plan.client_code),
        (_("Age band"), age_label(plan.age_band) or "—"),
        (_("Release date"), display_date(plan.release_date) or "—"),
        (_("Institution or probation office"), plan.place or "—"),
        (_("Mentor"), plan.mentor or "—"),
        (_("Caseworker"), plan.caseworker or "—"),
        (
            _("Plan date and version"),
            _("{date}, version {version}").format(date=display_date(plan.created_on), version=plan.plan_revision),
        ),
        (_("Started from assessment"), plan.assessment or "—"),
    ]


def progress_columns() -> tuple[str, ...]:
    return (
        _("Programme"),
        # Translators: a table heading: whether the programme is mandatory or voluntary in this plan.
        _("In the plan"),
        _("Hours attended"),
        # Translators: a table heading: the programme's minimum hours.
        _("Minimum"),
        _("Status"),
    )


def progress_rows(plan: IndividualPlan, cat: Catalogue) -> list[tuple[str, ...]]:
    return [
        (p.title, use_label(p.use), format_number(p.hours), format_number(p.min_hours), p.words)
        for p in plan.progress(cat)
    ]


def action_cells(a: dict) -> tuple[str, ...]:
    return (
        clean(a["what"]),
        actor_label(a["who"]),
        clean(a["where"]),
        clean(display_date(a["by_when"])),
        phase_label(a["phase"]),
        status_label(a["status"]),
    )


def phase_line(a: dict) -> str:
    """``date: what (who; status)`` for the list of actions by phase."""
    return _("{date}: {action} ({who}; {status})").format(
        date=clean(display_date(a["by_when"])) or _("no date"),
        action=clean(a["what"]),
        who=actor_label(a["who"]),
        status=status_label(a["status"]),
    )


def reviews_sentence(plan: IndividualPlan) -> str:
    dates = ", ".join(clean(display_date(r)) for r in plan.reviews)
    if dates:
        return _(
            "The plan is reviewed on these dates and after any significant event (release date changes, a new "
            "offence, loss of housing or work, a crisis): {dates}."
        ).format(dates=dates)
    return _(
        "The plan is reviewed on dates still to be agreed and after any significant event (release date changes, "
        "a new offence, loss of housing or work, a crisis)."
    )


def consent_sentence(plan: IndividualPlan) -> str:
    if plan.consent:
        return _("The client has agreed to this plan.")
    return _("The client has not yet agreed to this plan.")


def untouched(g: dict) -> bool:
    """A goal with nothing written in it yet: no words, measure, date or action."""
    return not (g["words"].strip() or g["measure"].strip() or g["target_date"].strip() or g["actions"])


def written_goals(plan: IndividualPlan) -> list[dict]:
    return [g for g in plan.goals if not untouched(g)]


def unwritten_sentence(plan: IndividualPlan, cat: Catalogue) -> str:
    """One line naming the areas of goals not written yet (they are not printed); ``""`` when none."""
    areas = [cat.domain_title(g["domain"]) for g in plan.goals if untouched(g)]
    if not areas:
        return ""
    return ngettext(
        "{count} goal is not written yet, so it is not in this copy: {areas}.",
        "{count} goals are not written yet, so they are not in this copy: {areas}.",
        len(areas),
    ).format(count=len(areas), areas=", ".join(areas))


def goal_parts(n: int, g: dict, cat: Catalogue) -> tuple[str, tuple[str, dict], tuple[str, dict]]:
    """The goal's heading, and its words and measure as (sentence with placeholders, values)."""
    # Translators: in an exported plan, in place of a goal's words, measure or date nobody has written yet.
    missing = _("not agreed yet")
    words = (_("In the client's words: {words}"), {"words": clean(g["words"]) or missing})
    measure = (
        _("How we will know: {measure}   By: {date}"),
        {"measure": clean(g["measure"]) or missing, "date": clean(display_date(g["target_date"])) or missing},
    )
    return _("Goal {number}: {area}").format(number=n, area=cat.domain_title(g["domain"])), words, measure


def labelled(paragraph, template: str, values: dict) -> None:
    """Write ``template`` into a Word paragraph: its own words in bold, the values as typed."""
    for part in re.split(r"(\{[a-z_]+\})", template):
        if part.startswith("{") and part[1:-1] in values:
            paragraph.add_run(values[part[1:-1]])
        elif part:
            paragraph.add_run(part).bold = True


# --------------------------------------------------------------------------- Word


def plan_docx(plan: IndividualPlan, cat: Catalogue | None = None) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    cat = cat or catalogue_for(plan.catalogue)
    lang = current_language()
    doc = Document()
    doc.core_properties.language = lang
    doc.core_properties.title = _("Individual plan")
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    section.top_margin = section.bottom_margin = Mm(15)
    doc.styles["Normal"].font.size = Pt(10)
    section.footer.paragraphs[0].text = _(
        "Individual plan. Contains personal data: keep and share only as your agency's data-protection rules allow."
    )

    doc.add_heading(_("Individual plan"), level=0)
    note = draft_note(lang, cat.drafts)
    if note:
        doc.add_paragraph(note).runs[0].italic = True
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in header_rows(plan):
        row = table.add_row().cells
        row[0].text, row[1].text = label, clean(value)
        row[0].paragraphs[0].runs[0].bold = True

    doc.add_heading(_("Programmes"), level=1)
    progress = progress_rows(plan, cat)
    if progress:
        t = doc.add_table(rows=1, cols=5)
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, progress_columns(), strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for values in progress:
            cells = t.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                cell.text = clean(text)
    else:
        doc.add_paragraph(_("No programme in the plan yet."))

    doc.add_heading(_("Goals and actions"), level=1)
    goals = written_goals(plan)
    if not goals:
        doc.add_paragraph(_("No goal written yet."))
    for n, g in enumerate(goals, start=1):
        heading, words, measure = goal_parts(n, g, cat)
        doc.add_heading(heading, level=2).paragraph_format.keep_with_next = True
        labelled(doc.add_paragraph(), *words)
        labelled(doc.add_paragraph(), *measure)
        missing = smart_check(g, plan.release(), plan.language, _date(plan.created_on))
        if missing:
            doc.add_paragraph(_("To complete: {hints}").format(hints=" ".join(missing))).runs[0].italic = True
        if g["actions"]:
            t = doc.add_table(rows=1, cols=6)
            t.style = "Table Grid"
            for cell, text in zip(t.rows[0].cells, action_columns(), strict=True):
                cell.text = text
                cell.paragraphs[0].runs[0].bold = True
            for a in g["actions"]:
                cells = t.add_row().cells
                for cell, text in zip(cells, action_cells(a), strict=True):
                    cell.text = clean(text)
    unwritten = unwritten_sentence(plan, cat)
    if unwritten:
        doc.add_paragraph(unwritten).runs[0].italic = True

    doc.add_heading(_("Actions by phase"), level=1)
    for phase, rows in plan.actions_by_phase().items():
        doc.add_heading(phase_label(phase), level=2).paragraph_format.keep_with_next = True
        if not rows:
            doc.add_paragraph(_("Nothing planned yet."))
        for _goal, a in rows:
            doc.add_paragraph(phase_line(a), style="List Bullet")

    doc.add_heading(_("Reviews"), level=1)
    doc.add_paragraph(reviews_sentence(plan))

    doc.add_heading(_("Agreement"), level=1)
    doc.add_paragraph(
        consent_sentence(plan)
        + " "
        + _(
            "The plan belongs to the client; it can be changed at any review. Information in it is shared only as "
            "agreed and as the law requires."
        )
    )
    t = doc.add_table(rows=2, cols=3)
    t.style = "Table Grid"
    for row, who in zip(t.rows, (_("Client"), _("Practitioner")), strict=True):
        row.cells[0].text = who
        row.cells[1].text = _("Signature: ______________________")
        row.cells[2].text = _("Date: ____________")
    doc.add_paragraph().alignment = WD_ALIGN_PARAGRAPH.LEFT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- PDF


def plan_pdf(plan: IndividualPlan, cat: Catalogue | None = None) -> PdfBytes:
    """An A4 PDF drawn with fpdf2 and DejaVu Sans, text shaped. Characters the font lacks are
    marked and listed in the result's ``replaced`` (see widgets.fonts)."""
    from fpdf.fonts import FontFace

    cat = cat or catalogue_for(plan.catalogue)
    lang = current_language()
    pdf, font = new_pdf(plan.draft() + _("Individual plan"), format="A4", unit="mm")
    pdf.set_margins(15, 14, 15)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_lang(lang)
    pdf.set_title(_("Individual plan"))
    pdf.set_creator("Open reentry curriculum toolkit")
    footer_text = _("Individual plan {code} · page {page} · contains personal data")

    def footer():
        pdf.set_y(-11)
        pdf.set_font(font, "", 7)
        pdf.set_text_color(90, 90, 90)
        pdf.cell(0, 4, footer_text.format(code=clean(plan.client_code), page=pdf.page_no()), align="C")
        pdf.set_text_color(0, 0, 0)

    pdf.footer = footer
    pdf.add_page()
    pdf.set_font(font, "B", 16)
    pdf.cell(0, 9, _("Individual plan"), new_x="LMARGIN", new_y="NEXT")
    pdf_note(pdf, font, draft_note(lang, cat.drafts), 5)
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
    pdf.cell(0, 7, _("Programmes"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 8.5)
    progress = progress_rows(plan, cat)
    if progress:
        with pdf.table(col_widths=(70, 24, 22, 20, 44), headings_style=head, line_height=5, text_align="LEFT") as t:
            t.row(list(progress_columns()))
            for values in progress:
                t.row([clean(v) for v in values])
    else:
        pdf.cell(0, 5, _("No programme in the plan yet."), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    _timeline(pdf, plan, font)

    goals = written_goals(plan)
    for n, g in enumerate(goals, start=1):
        heading, (words, values), (measure, measured) = goal_parts(n, g, cat)
        # A goal's heading stays with its words, its measure and the start of its actions.
        pdf.set_font(font, "B", 10)
        need = pdf.multi_cell(0, 5.5, heading, dry_run=True, output="HEIGHT")
        pdf.set_font(font, "", 9)
        for text in (words.format(**values), measure.format(**measured)):
            need += pdf.multi_cell(0, 4.8, text, dry_run=True, output="HEIGHT")
        need += 14 if g["actions"] else 0
        if n == 1:
            need += 7  # and the section's heading stays with the first goal
        _keep_together(pdf, need)
        if n == 1:
            _section(pdf, font, _("Goals and actions"))
        pdf.set_font(font, "B", 10)
        pdf.multi_cell(0, 5.5, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 9)
        pdf.multi_cell(0, 4.8, words.format(**values), new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 4.8, measure.format(**measured), new_x="LMARGIN", new_y="NEXT")
        if g["actions"]:
            pdf.set_font(font, "", 8)
            with pdf.table(
                col_widths=(56, 24, 34, 20, 26, 20), headings_style=head, line_height=4.4, text_align="LEFT"
            ) as t:
                t.row(list(action_columns()))
                for a in g["actions"]:
                    t.row(list(action_cells(a)))
        pdf.ln(2)
    if not goals:
        _keep_together(pdf, 14)
        _section(pdf, font, _("Goals and actions"))
        pdf.set_font(font, "", 9)
        pdf.cell(0, 5, _("No goal written yet."), new_x="LMARGIN", new_y="NEXT")
    unwritten = unwritten_sentence(plan, cat)
    if unwritten:
        pdf.set_font(font, "", 8.5)
        pdf.multi_cell(0, 4.4, unwritten, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    _keep_together(pdf, 7 + 5.5 + 9)
    _section(pdf, font, _("Actions by phase"))
    for phase, rows in plan.actions_by_phase().items():
        lines = [f"• {phase_line(a)}" for _goal, a in rows]
        _keep_together(pdf, 5.5 + 4.4 * min(2, max(1, len(lines))))
        pdf.set_font(font, "B", 9.5)
        pdf.cell(0, 5.5, phase_label(phase), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 8.5)
        pdf.multi_cell(0, 4.4, "\n".join(lines) or _("Nothing planned yet."), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _keep_together(pdf, 7 + 15)
    _section(pdf, font, _("Reviews"))
    pdf.set_font(font, "", 9)
    pdf.multi_cell(0, 4.8, reviews_sentence(plan), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _keep_together(pdf, 7 + 15 + 6 + 16)  # the agreement and both signature lines on one page
    _section(pdf, font, _("Agreement"))
    pdf.set_font(font, "", 9)
    pdf.multi_cell(
        0,
        4.8,
        consent_sentence(plan) + " " + _("The plan belongs to the client and can be changed at any review."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(6)
    for who in (_("Client"), _("Practitioner")):
        pdf.cell(40, 8, who)
        pdf.cell(80, 8, _("Signature: ____________________________"))
        pdf.cell(0, 8, _("Date: ______________"), new_x="LMARGIN", new_y="NEXT")
    return finish(pdf)


def _keep_together(pdf, height: float) -> None:
    """Start a new page unless ``height`` mm still fit on this one (no heading left alone at a page's foot)."""
    if pdf.will_page_break(height):
        pdf.add_page()


def _section(pdf, font: str, title: str) -> None:
    pdf.set_font(font, "B", 12)
    pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")


def timeline_legend(undated: int) -> str:
    text = _("Each circle is an action on its date: filled when done, hollow while planned.")
    if undated:
        text += " " + ngettext(
            "{count} action without a date is not drawn.", "{count} actions without a date are not drawn.", undated
        ).format(count=undated)
    return text


def _timeline(pdf, plan: IndividualPlan, font: str) -> None:
    import datetime as dt

    items = [(_date(a["by_when"]), a["phase"], a["status"] == "done") for g in plan.goals for a in g["actions"]]
    release = plan.release()
    if not any(item[0] for item in items) and not release:
        return
    lo, hi = timeline_span([item[0] for item in items], release)
    span = max(1, (hi - lo).days)
    _keep_together(pdf, 7 + 2 + 4 * 6 + 22)
    _section(pdf, font, _("Timeline around release"))
    top, left, width, lane_h = pdf.get_y() + 2, 50, 145, 6
    pdf.set_font(font, "", 7.5)
    for i, lane in enumerate(LANES):
        y = top + i * lane_h
        pdf.set_fill_color(246, 247, 249)
        pdf.rect(left, y, width, lane_h - 1, style="F")
        pdf.text(15, y + 3.6, _(LANE_NAMES[lane]))

    def x(day):
        return left + width * (day - lo).days / span

    # Months along the bottom, so every circle can be read against a date.
    lang = current_language()
    bottom = top + 4 * lane_h
    pdf.set_draw_color(200, 204, 210)
    pdf.set_line_width(0.2)
    pdf.set_font(font, "", 6.5)
    pdf.set_text_color(75, 85, 99)
    months = []
    tick = dt.date(lo.year, lo.month, 1)
    while tick <= hi:
        if tick >= lo:
            months.append(tick)
        tick = dt.date(tick.year + (tick.month == 12), tick.month % 12 + 1, 1)
    every = max(1, -(-len(months) // 10))  # at most about ten labels
    for i, tick in enumerate(months):
        pdf.line(x(tick), top - 1, x(tick), bottom)
        if i % every == 0:
            label = format_date(tick, lang, "LLL y")
            pdf.text(x(tick) - pdf.get_string_width(label) / 2, bottom + 7, label)
    pdf.set_text_color(0, 0, 0)
    if release:
        pdf.set_draw_color(220, 38, 38)
        pdf.set_line_width(0.5)
        pdf.line(x(release), top - 1, x(release), top + 4 * lane_h)
        pdf.set_text_color(220, 38, 38)
        label = _("release {date}").format(date=format_date(release, current_language()))
        pdf.text(x(release) - pdf.get_string_width(label) / 2, top + 4 * lane_h + 3.5, label)
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
    pdf.set_y(bottom + 9)
    pdf.set_font(font, "", 7.5)
    pdf.set_text_color(75, 85, 99)
    undated = sum(1 for item in items if item[0] is None)
    pdf.multi_cell(0, 3.8, timeline_legend(undated), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
