"""One-page summary of a needs assessment, as HTML (print from the browser) and as PDF.

Every export is written in the current language: call it inside ``with use_language(lang):``.
Titles and offers then come from the catalogue in that language (``cat``, by default the
model's catalogue when it is in that language); the client's own words stay as typed.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from curriculum.i18n import _, current_language, pgettext
from curriculum.recommend import RULE

from ..catalogue import Catalogue, catalogue_for
from ..charts import Series, axis_end, radar_points, radar_svg
from ..fields import without_controls
from ..fonts import PdfBytes, finish, new_pdf
from ..language import display_date, draft_note, pdf_note
from .model import NeedsAssessment, urgency_label

CLIENT_COLOUR = "#2563eb"
PRACTITIONER_COLOUR = "#d97706"
EARLIER_COLOUR = "#6b7280"


def chart_series(model: NeedsAssessment) -> list[Series]:
    series = [
        Series(_("Client"), model.series("client"), CLIENT_COLOUR),
        Series(_("Practitioner"), model.series("practitioner"), PRACTITIONER_COLOUR, dash="6 4"),
    ]
    if model.earlier is not None:
        earlier_c = model.earlier_series("client")
        # Translators: the legend of the client's ratings in an earlier assessment, with its date.
        label = _("Client, {date}").format(date=display_date(model.earlier.assessed_on))
        series.append(Series(label, earlier_c, EARLIER_COLOUR, "2 3", 0.0))
    return series


def chart(model: NeedsAssessment, cat: Catalogue | None = None) -> str:
    cat = cat or catalogue_for(model.catalogue)
    labels = [cat.domain_title(d) for d in model.domain_ids]
    return radar_svg(labels, chart_series(model))


def fmt(v: int | None) -> str:
    return "–" if v is None else str(v)


def audience_label(audience: str) -> str:
    return _("Minor") if audience == "minor" else _("Adult")


def meta_parts(model: NeedsAssessment) -> list[str]:
    """The line under the title: date, practitioner, age group, training case."""
    parts = [
        _("Date {date}").format(date=display_date(model.assessed_on)),
        _("Practitioner {name}").format(name=model.assessor or "—"),
        audience_label(model.audience),
    ]
    if model.case_study:
        parts.append(_("Case study (training)"))
    return parts


def scale_note(cat: Catalogue) -> str:
    return _(
        "Scale: {levels} (our own scale). Client and practitioner ratings are kept side by side; "
        "highlighted rows differ by 2 or more."
    ).format(levels=cat.scale_legend())


def privacy_note() -> str:
    return _(
        "Printed {date}. Contains personal data: keep and share only as your agency's data-protection rules allow."
    ).format(date=display_date(dt.date.today()))


def other_notes_heading() -> str:
    return _("Notes on the other areas")


def offers_heading() -> str:
    return _("Programmes and services to offer")


def rule_sentence() -> str:
    return _("How they are ordered: {rule}").format(rule=_(RULE))


def more_sentence(titles: list[str]) -> str:
    """The offers behind "show more" on screen, in the same order."""
    return _("Also open to the person: {offers}.").format(offers="; ".join(titles))


def summary_html(model: NeedsAssessment, cat: Catalogue | None = None) -> str:
    """A standalone HTML page in the current language; every user string is escaped."""
    cat = cat or catalogue_for(model.catalogue)
    lang = current_language()
    rows = []
    disagree = set(model.disagreements())
    for d in model.domain_ids:
        r = model.ratings[d]
        flag = ' class="gap"' if d in disagree else ""
        rows.append(
            f"<tr{flag}><td>{escape(cat.domain_title(d))}</td><td>{fmt(r['client'])}</td>"
            f"<td>{fmt(r['practitioner'])}</td><td>{escape(urgency_label(r['urgency']))}</td>"
            f"<td>{escape(r['note'])}</td></tr>"
        )
    prios = []
    for p in model.priorities(cat):
        head = escape(
            _("{area} (need {need}; {urgency})").format(
                area="\0", need=p.need, urgency=urgency_label(p.urgency) or _("no urgency set")
            )
        ).replace("\0", f"<b>{escape(p.title)}</b>")
        note = f"<br><small>{escape(p.note)}</small>" if p.note.strip() else ""
        prios.append(f"<li>{head}{note}</li>")
    first, more = model.shown_offers(cat)
    offer_items = "".join(
        f"<li><b>{escape(o.title)}</b> <small>({escape(o.detail)})</small><br><small>{escape(o.why)}</small></li>"
        for o in first
    )
    offers = f"<h2>{escape(offers_heading())}</h2>"
    if first:
        offers += f"<ol>{offer_items}</ol>"
        if more:
            offers += f'<p class="more">{escape(more_sentence([o.title for o in more]))}</p>'
        offers += f'<p class="foot">{escape(rule_sentence())}</p>'
    else:
        offers += "<p>" + escape(_("No programme or service listed yet.")) + "</p>"
    changes = ""
    if model.earlier is not None:
        moved = [c for c in model.changes(cat) if c.delta]
        lines = [_("{area}: {change}").format(area=c.title, change=c.words) for c in moved] or [_("No change.")]
        items = "".join(f"<li>{escape(line)}</li>" for line in lines)
        since = _("Since {date}").format(date=display_date(model.earlier.assessed_on))
        changes = f"<h2>{escape(since)}</h2><ul>{items}</ul>"
    note = draft_note(lang, cat.drafts)
    draft = f'<p class="draft">{escape(note)}</p>' if note else ""
    summary = ""
    if model.summary.strip():
        summary = '<p class="foot">' + escape(_("Summary: {text}").format(text=model.summary)) + "</p>"
    title = _("Needs assessment: {code}").format(code=model.client_code.strip() or _("(no code)"))
    headings = (
        # Translators: a table heading: the needs area (accommodation, employment...).
        _("Need"),
        _("Client"),
        # Translators: a narrow table heading, short for "Practitioner".
        pgettext("table heading", "Pract."),
        _("Urgency"),
        _("Note"),
    )
    head_row = "".join(f"<th>{escape(h)}</th>" for h in headings)
    no_prios = escape(_("No need rated 2 or more."))
    priorities = escape(_("Priorities"))
    # Control characters typed in a note have no place in a page (and half a character pair cannot be saved).
    return without_controls(f"""<!DOCTYPE html>
<html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
@page {{ size: A4; margin: 12mm; }}
body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111;
  margin: 0 auto; max-width: 190mm; }}
h1 {{ font-size: 15pt; margin: 0 0 2mm; }} h2 {{ font-size: 11pt; margin: 3mm 0 1mm; }}
.meta {{ color: #444; margin-bottom: 2mm; }} .cols {{ display: flex; gap: 5mm; }}
.cols > div {{ flex: 1; }} table {{ border-collapse: collapse; width: 100%; font-size: 8pt; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 1px 3px; text-align: left; vertical-align: top; }}
tr.gap td {{ background: #fff7e6; }} ol, ul {{ margin: 0; padding-left: 5mm; }} small {{ color: #444; }}
.foot {{ margin-top: 3mm; font-size: 8pt; color: #555; }}
.draft {{ font-size: 8pt; color: #92400e; margin: 0 0 2mm; }}
.more {{ font-size: 8.5pt; margin: 1mm 0; }}
</style></head><body>
<h1>{escape(title)}</h1>
{draft}<div class="meta">{" · ".join(escape(p) for p in meta_parts(model))}</div>
<div class="cols"><div>{chart(model, cat)}</div><div>
<table><tr>{head_row}</tr>{"".join(rows)}</table>
</div></div>
<h2>{priorities}</h2><ol>{"".join(prios) or f"<li>{no_prios}</li>"}</ol>
{offers}
{changes}
{summary}
<p class="foot">{escape(scale_note(cat))}</p>
<p class="foot">{escape(privacy_note())}</p>
</body></html>""")


def summary_pdf(model: NeedsAssessment, cat: Catalogue | None = None) -> PdfBytes:
    """The same summary as an A4 PDF, drawn with fpdf2 (pure Python) and DejaVu Sans, text shaped,
    in the current language: everything the HTML summary holds, the notes of every area included.
    Characters the font lacks are marked and listed in the result's ``replaced`` (see widgets.fonts)."""
    cat = cat or catalogue_for(model.catalogue)
    lang = current_language()
    pdf, font = new_pdf(model.draft() + scale_note(cat), format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_margins(12, 12, 12)
    pdf.set_lang(lang)
    title = _("Needs assessment: {code}").format(code=model.client_code.strip() or _("(no code)"))
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font(font, "B", 15)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf_note(pdf, font, draft_note(lang, cat.drafts), 4.5)
    pdf.set_font(font, "", 9)
    pdf.cell(0, 5, " · ".join(meta_parts(model)), new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 2

    # Radar chart, left column.
    n = len(model.domain_ids)
    cx, cy, radius = 12 + 50, top + 46, 30
    pdf.set_draw_color(200, 204, 210)
    pdf.set_line_width(0.2)
    for ring in range(1, 5):
        pdf.polygon(radar_points(n, [ring] * n, cx, cy, radius), style="D")
    pdf.set_font(font, "", 5.5)
    pdf.set_text_color(17, 24, 39)
    for i, d in enumerate(model.domain_ids):
        x, y = axis_end(n, i, cx, cy, radius)
        pdf.line(cx, cy, x, y)
        lx, ly = axis_end(n, i, cx, cy, radius + 3)
        label = cat.domain_title(d)
        label = label if len(label) <= 22 else label[:21] + "…"
        w = pdf.get_string_width(label)
        pdf.text(lx - (w / 2 if abs(lx - cx) < 3 else (0 if lx > cx else w)), ly + 1, label)
    for s in chart_series(model):
        rgb = tuple(int(s.colour[k : k + 2], 16) for k in (1, 3, 5))
        pdf.set_draw_color(*rgb)
        pdf.set_fill_color(*rgb)
        pdf.set_line_width(0.6)
        if s.dash:
            pdf.set_dash_pattern(dash=1.2, gap=0.8)
        with pdf.local_context(fill_opacity=s.fill_opacity):
            pdf.polygon(radar_points(n, s.values, cx, cy, radius), style="DF" if s.fill_opacity else "D")
        pdf.set_dash_pattern()
    legend_y = cy + radius + 8
    pdf.set_font(font, "", 7)
    x = 14
    for s in chart_series(model):
        rgb = tuple(int(s.colour[k : k + 2], 16) for k in (1, 3, 5))
        pdf.set_draw_color(*rgb)
        pdf.set_line_width(0.8)
        pdf.line(x, legend_y, x + 6, legend_y)
        pdf.text(x + 7, legend_y + 1, s.label)
        x += 10 + pdf.get_string_width(s.label)

    # Table of every domain, right column.
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(220, 220, 220)
    pdf.set_line_width(0.2)
    pdf.set_xy(112, top)
    pdf.set_font(font, "B", 7)
    widths = (46, 10, 10, 20)
    headings = (
        _("Need"),
        _("Client"),
        # Translators: a narrow table heading, short for "Practitioner".
        pgettext("table heading", "Pract."),
        _("Urgency"),
    )
    for w, h in zip(widths, headings, strict=True):
        pdf.cell(w, 4.4, _fit(pdf, h, w), border="B")
    pdf.ln()
    pdf.set_font(font, "", 7)
    disagree = set(model.disagreements())
    for d in model.domain_ids:
        r = model.ratings[d]
        pdf.set_x(112)
        fill = d in disagree
        pdf.set_fill_color(255, 247, 230)
        cells = (cat.domain_title(d), fmt(r["client"]), fmt(r["practitioner"]), urgency_label(r["urgency"]))
        for w, text in zip(widths, cells, strict=True):
            pdf.cell(w, 4.4, _fit(pdf, text, w), border="B", fill=fill)
        pdf.ln()

    # Priorities, full width below.
    pdf.set_xy(12, max(pdf.get_y(), legend_y + 4) + 3)
    pdf.set_font(font, "B", 11)
    pdf.cell(0, 6, _("Priorities"), new_x="LMARGIN", new_y="NEXT")
    prios = model.priorities(cat)
    if not prios:
        pdf.set_font(font, "", 9)
        pdf.cell(0, 5, _("No need rated 2 or more."), new_x="LMARGIN", new_y="NEXT")
    for p in prios:
        pdf.set_font(font, "B", 9)
        head = _("{rank}. {area}: need {need} ({urgency})").format(
            rank=p.rank, area=p.title, need=p.need, urgency=urgency_label(p.urgency) or _("no urgency set")
        )
        pdf.multi_cell(0, 4.6, head, align="L", new_x="LMARGIN", new_y="NEXT")
        if p.note.strip():
            pdf.set_font(font, "", 8)
            pdf.multi_cell(0, 4, p.note, align="L", new_x="LMARGIN", new_y="NEXT")
    # The notes of the other areas, which the HTML summary shows in its table.
    shown = {p.domain for p in prios}
    others = [d for d in model.domain_ids if d not in shown and model.ratings[d]["note"].strip()]
    if others:
        pdf.set_font(font, "B", 11)
        pdf.cell(0, 7, other_notes_heading(), new_x="LMARGIN", new_y="NEXT")
    for d in others:
        pdf.set_font(font, "", 8)
        line = _("{area}: {note}").format(area=cat.domain_title(d), note=model.ratings[d]["note"])
        pdf.multi_cell(0, 4, line, align="L", new_x="LMARGIN", new_y="NEXT")
    first, more = model.shown_offers(cat)
    pdf.set_font(font, "B", 11)
    pdf.cell(0, 7, offers_heading(), new_x="LMARGIN", new_y="NEXT")
    if not first:
        pdf.set_font(font, "", 9)
        pdf.cell(0, 5, _("No programme or service listed yet."), new_x="LMARGIN", new_y="NEXT")
    for n, o in enumerate(first, start=1):
        pdf.set_font(font, "B", 8.5)
        # Translators: a numbered offer in the PDF summary: "1. Housing support service (12 sessions ...)".
        line = _("{number}. {offer} ({detail})").format(number=n, offer=o.title, detail=o.detail)
        pdf.multi_cell(0, 4.2, line, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 8)
        pdf.multi_cell(0, 3.8, o.why, align="L", new_x="LMARGIN", new_y="NEXT")
    if more:
        pdf.set_font(font, "", 8)
        pdf.multi_cell(0, 3.8, more_sentence([o.title for o in more]), align="L", new_x="LMARGIN", new_y="NEXT")
    if first:
        pdf.set_font(font, "", 7)
        pdf.multi_cell(0, 3.4, rule_sentence(), align="L", new_x="LMARGIN", new_y="NEXT")
    if model.earlier is not None:
        pdf.set_font(font, "B", 11)
        since = _("Since {date}").format(date=display_date(model.earlier.assessed_on))
        pdf.cell(0, 7, since, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 8.5)
        moved = [c for c in model.changes(cat) if c.delta]
        text = "; ".join(_("{area}: {change}").format(area=c.title, change=c.words) for c in moved)
        pdf.multi_cell(0, 4.4, text or _("No change."), align="L", new_x="LMARGIN", new_y="NEXT")
    if model.summary.strip():
        pdf.set_font(font, "", 8.5)
        pdf.ln(1)
        pdf.multi_cell(
            0, 4.4, _("Summary: {text}").format(text=model.summary), align="L", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.set_font(font, "", 7)
    pdf.set_text_color(85, 85, 85)
    pdf.ln(2)
    pdf.multi_cell(0, 3.6, align="L", text=scale_note(cat) + " " + privacy_note())
    return finish(pdf)


def _fit(pdf, text: str, width: float) -> str:
    """Shorten ``text`` with an ellipsis so it fits a table cell ``width`` mm wide."""
    if pdf.get_string_width(text) <= width - 1:
        return text
    while text and pdf.get_string_width(text + "…") > width - 1:
        text = text[:-1]
    return text.rstrip() + "…"
