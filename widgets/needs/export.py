"""One-page summary of a needs assessment, as HTML (print from the browser) and as PDF."""

from __future__ import annotations

import datetime as dt
from html import escape

from ..charts import Series, axis_end, radar_points, radar_svg
from ..fonts import add_fonts
from .model import URGENCIES, NeedsAssessment

CLIENT_COLOUR = "#2563eb"
PRACTITIONER_COLOUR = "#d97706"
EARLIER_COLOUR = "#6b7280"


def chart_series(model: NeedsAssessment) -> list[Series]:
    series = [
        Series("Client", model.series("client"), CLIENT_COLOUR),
        Series("Practitioner", model.series("practitioner"), PRACTITIONER_COLOUR, dash="6 4"),
    ]
    if model.earlier is not None:
        earlier_c = model.earlier_series("client")
        series.append(Series(f"Client, {model.earlier.assessed_on.isoformat()}", earlier_c, EARLIER_COLOUR, "2 3", 0.0))
    return series


def chart(model: NeedsAssessment) -> str:
    labels = [model.catalogue.domain_title(d) for d in model.domain_ids]
    return radar_svg(labels, chart_series(model))


def fmt(v: int | None) -> str:
    return "–" if v is None else str(v)


def summary_html(model: NeedsAssessment) -> str:
    """A standalone HTML page; every user string is escaped."""
    rec_code = escape(model.client_code.strip() or "(no code)")
    rows = []
    disagree = set(model.disagreements())
    for d in model.domain_ids:
        r = model.ratings[d]
        flag = ' class="gap"' if d in disagree else ""
        rows.append(
            f"<tr{flag}><td>{escape(model.catalogue.domain_title(d))}</td><td>{fmt(r['client'])}</td>"
            f"<td>{fmt(r['practitioner'])}</td><td>{escape(URGENCIES.get(r['urgency'], ''))}</td>"
            f"<td>{escape(r['note'])}</td></tr>"
        )
    prios = []
    for p in model.priorities():
        offers = "; ".join(escape(o.title) for o in p.offers[:4]) or "—"
        prios.append(
            f"<li><b>{escape(p.title)}</b> (need {p.need}; {escape(URGENCIES.get(p.urgency, 'no urgency set'))})"
            f"<br><small>{offers}</small></li>"
        )
    changes = ""
    if model.earlier is not None:
        moved = [c for c in model.changes() if c.delta]
        items = "".join(f"<li>{escape(c.title)}: {escape(c.words)}</li>" for c in moved) or "<li>No change.</li>"
        changes = f"<h2>Since {model.earlier.assessed_on.isoformat()}</h2><ul>{items}</ul>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Needs assessment {rec_code}</title>
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
</style></head><body>
<h1>Needs assessment: {rec_code}</h1>
<div class="meta">Date {escape(model.assessed_on)} · Practitioner {escape(model.assessor or "—")} ·
{"Minor" if model.audience == "minor" else "Adult"}{" · Case study (training)" if model.case_study else ""}</div>
<div class="cols"><div>{chart(model)}</div><div>
<table><tr><th>Need</th><th>Client</th><th>Pract.</th><th>Urgency</th><th>Note</th></tr>{"".join(rows)}</table>
</div></div>
<h2>Priorities</h2><ol>{"".join(prios) or "<li>No need rated 2 or more.</li>"}</ol>
{changes}
<p class="foot">Scale 0 no need · 1 low · 2 moderate · 3 high · 4 critical. Client and practitioner ratings are
shown side by side; highlighted rows differ by 2 or more. {escape(model.summary)}</p>
<p class="foot">Printed {dt.date.today().isoformat()}. Contains personal data: keep and share only as your
agency's data-protection rules allow.</p>
</body></html>"""


def summary_pdf(model: NeedsAssessment) -> bytes:
    """The same summary as an A4 PDF, drawn with fpdf2 (pure Python) and DejaVu Sans."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_margins(12, 12, 12)
    font = add_fonts(pdf)
    pdf.add_page()
    pdf.set_font(font, "B", 15)
    pdf.cell(0, 8, f"Needs assessment: {model.client_code.strip() or '(no code)'}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 9)
    meta = f"Date {model.assessed_on} · Practitioner {model.assessor or '—'} · "
    meta += "Minor" if model.audience == "minor" else "Adult"
    pdf.cell(0, 5, meta, new_x="LMARGIN", new_y="NEXT")
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
        label = model.catalogue.domain_title(d)
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
    for w, h in zip(widths, ("Need", "Client", "Pract.", "Urgency"), strict=True):
        pdf.cell(w, 4.4, h, border="B")
    pdf.ln()
    pdf.set_font(font, "", 7)
    disagree = set(model.disagreements())
    for d in model.domain_ids:
        r = model.ratings[d]
        pdf.set_x(112)
        fill = d in disagree
        pdf.set_fill_color(255, 247, 230)
        title = model.catalogue.domain_title(d)
        title = title if len(title) <= 30 else title[:29] + "…"
        cells = (title, fmt(r["client"]), fmt(r["practitioner"]))
        cells += (URGENCIES.get(r["urgency"], ""),)
        for w, text in zip(widths, cells, strict=True):
            pdf.cell(w, 4.4, text, border="B", fill=fill)
        pdf.ln()

    # Priorities, full width below.
    pdf.set_xy(12, max(pdf.get_y(), legend_y + 4) + 3)
    pdf.set_font(font, "B", 11)
    pdf.cell(0, 6, "Priorities", new_x="LMARGIN", new_y="NEXT")
    prios = model.priorities()
    if not prios:
        pdf.set_font(font, "", 9)
        pdf.cell(0, 5, "No need rated 2 or more.", new_x="LMARGIN", new_y="NEXT")
    for p in prios[:8]:
        pdf.set_font(font, "B", 9)
        head = f"{p.rank}. {p.title}: need {p.need} ({URGENCIES.get(p.urgency, 'no urgency set')})"
        pdf.multi_cell(0, 4.6, head, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 8)
        body = "; ".join(o.title for o in p.offers[:4])
        if p.note:
            body = f"{p.note} — {body}" if body else p.note
        if body:
            pdf.multi_cell(0, 4, body, align="L", new_x="LMARGIN", new_y="NEXT")
    if model.earlier is not None:
        pdf.set_font(font, "B", 11)
        pdf.cell(0, 7, f"Since {model.earlier.assessed_on.isoformat()}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 8.5)
        moved = [c for c in model.changes() if c.delta]
        pdf.multi_cell(0, 4.4, "; ".join(f"{c.title}: {c.words}" for c in moved) or "No change.", align="L")
    pdf.set_font(font, "", 7)
    pdf.set_text_color(85, 85, 85)
    pdf.ln(2)
    pdf.multi_cell(
        0,
        3.6,
        align="L",
        text="Scale 0 no need · 1 low · 2 moderate · 3 high · 4 critical (our own scale). Client and practitioner "
        "ratings are kept side by side; shaded rows differ by 2 or more. Contains personal data: keep and share "
        "only as your agency's data-protection rules allow.",
    )
    return bytes(pdf.output())
