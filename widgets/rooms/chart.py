"""The group's ratings drawn as SVG text (like :mod:`widgets.charts`: no numpy or matplotlib), and the
same numbers as an HTML table, the chart's text alternative."""

from __future__ import annotations

import math
from html import escape

from curriculum.i18n import _, ngettext

from ..charts import _wrap
from .model import SCORES, DomainResult, number

DOT = "#1e3a8a"
FAR_OUT = "#b91c1c"
WIDE = "#f59e0b"
NARROW = "#cbd5e1"


def spread_svg(
    results: list[DomainResult],
    titles: dict[str, str],
    scale: list[str],
    show_reference: bool = False,
    width: int = 760,
) -> str:
    """One row per area: a circle for each rating chosen (its number says by how many people), a bar from
    the lowest to the highest rating, the median as a black line; ratings far from the median are squares.
    ``scale`` names the ratings 0-4; with ``show_reference`` a triangle marks the case study's own rating."""
    title = _("How the group rated each area")
    left, right, top, row = 230, 30, 54, 38
    height = top + row * len(results) + 56
    step = (width - left - right) / (len(SCORES) - 1)

    def x(score: float) -> float:
        return left + step * score

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" role="img" aria-label="{escape(title)}" font-family="sans-serif" '
        f'class="rm-chart">',
        f"<title>{escape(title)}</title>",
    ]
    for score in SCORES:
        out.append(
            f'<text x="{x(score):.1f}" y="18" font-size="15" font-weight="700" text-anchor="middle" '
            f'fill="#111827">{score}</text>'
        )
        if score < len(scale):
            lines = _wrap(scale[score], 14)[:2]
            spans = "".join(
                f'<tspan x="{x(score):.1f}" dy="{0 if j == 0 else 11}">{escape(t)}</tspan>' for j, t in enumerate(lines)
            )
            out.append(
                f'<text x="{x(score):.1f}" y="32" font-size="10" text-anchor="middle" fill="#4b5563">{spans}</text>'
            )
        out.append(
            f'<line x1="{x(score):.1f}" y1="{top - 6}" x2="{x(score):.1f}" y2="{top + row * len(results)}" '
            f'stroke="#e5e7eb"/>'
        )
    for i, d in enumerate(results):
        y = top + row * i + row / 2
        area = titles.get(d.domain, d.domain)
        if i % 2:
            out.append(f'<rect x="0" y="{y - row / 2:.1f}" width="{width}" height="{row}" fill="#f9fafb"/>')
        lines = _wrap(area, 30)[:2]
        dy0 = 4 - 7 * (len(lines) - 1)
        spans = "".join(
            f'<tspan x="{left - 24}" dy="{dy0 if j == 0 else 14}">{escape(t)}</tspan>' for j, t in enumerate(lines)
        )
        out.append(f'<text x="{left - 24}" y="{y:.1f}" font-size="13" text-anchor="end" fill="#111827">{spans}</text>')
        if not d.count:
            not_yet = escape(_("not rated yet"))
            out.append(f'<text x="{x(0):.1f}" y="{y + 4:.1f}" font-size="11" fill="#6b7280">{not_yet}</text>')
            continue
        colour = WIDE if d.spread >= 2 else NARROW
        out.append(
            f'<line class="range" x1="{x(d.low):.1f}" y1="{y:.1f}" x2="{x(d.high):.1f}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="10" stroke-linecap="round"/>'
        )
        out.append(
            f'<line class="median" x1="{x(d.median):.1f}" y1="{y - 14:.1f}" x2="{x(d.median):.1f}" '
            f'y2="{y + 14:.1f}" stroke="#111827" stroke-width="3"><title>'
            + escape(_("{area}: middle rating {median}").format(area=area, median=number(d.median)))
            + "</title></line>"
        )
        far = set(d.outliers.values())
        for score, count in zip(SCORES, d.counts, strict=True):
            if not count:
                continue
            r = min(15.0, 7 + 3 * math.sqrt(count - 1))
            tip = escape(
                ngettext("{area}: {count} person chose {score}", "{area}: {count} people chose {score}", count).format(
                    area=area, count=count, score=score
                )
            )
            if score in far:
                shape = (
                    f'<rect class="far" x="{x(score) - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" '
                    f'height="{2 * r:.1f}" fill="{FAR_OUT}" stroke="#ffffff" stroke-width="1.5">'
                )
                end = "</rect>"
            else:
                shape = (
                    f'<circle class="dot" cx="{x(score):.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{DOT}" '
                    f'stroke="#ffffff" stroke-width="1.5">'
                )
                end = "</circle>"
            out.append(f"{shape}<title>{tip}</title>{end}")
            out.append(
                f'<text x="{x(score):.1f}" y="{y + 4:.1f}" font-size="11" font-weight="700" text-anchor="middle" '
                f'fill="#ffffff" aria-hidden="true">{count}</text>'
            )
        if show_reference and d.reference is not None:
            rx, ry = x(d.reference), y + 17
            out.append(
                f'<polygon class="reference" points="{rx:.1f},{ry - 6:.1f} {rx - 6:.1f},{ry + 3:.1f} '
                f'{rx + 6:.1f},{ry + 3:.1f}" fill="#047857"/>'
            )
    # Legend
    ly = top + row * len(results) + 22
    items = [
        (f'<circle cx="8" cy="0" r="7" fill="{DOT}"/>', _("people who chose a rating (their number inside)")),
        (f'<rect x="1" y="-7" width="14" height="14" fill="{FAR_OUT}"/>', _("far from the middle rating")),
        ('<line x1="8" y1="-9" x2="8" y2="9" stroke="#111827" stroke-width="3"/>', _("middle rating (median)")),
        (
            f'<line x1="0" y1="0" x2="16" y2="0" stroke="{WIDE}" stroke-width="8" stroke-linecap="round"/>',
            _("ratings 2 or more apart"),
        ),
    ]
    if show_reference:
        items.append(('<polygon points="8,-6 2,3 14,3" fill="#047857"/>', _("the case study's own rating")))
    lx, line = 10.0, 0
    for mark, text in items:
        need = 26 + 6.2 * len(text)
        if lx + need > width:
            lx, line = 10.0, line + 1
        out.append(
            f'<g transform="translate({lx:.1f},{ly + 20 * line:.1f})">{mark}'
            f'<text x="22" y="4" font-size="11" fill="#111827">{escape(text)}</text></g>'
        )
        lx += need + 14
    out.append("</svg>")
    svg = "".join(out)
    extra = 20 * line
    if extra:
        svg = svg.replace(f'viewBox="0 0 {width} {height}"', f'viewBox="0 0 {width} {height + extra}"', 1)
    return svg


def counts_table(
    results: list[DomainResult], titles: dict[str, str], show_names: bool = False, show_reference: bool = False
) -> str:
    """The chart as a table: per area, how many people chose each rating, the range and the median."""
    caption = _("How many people chose each rating, per area")
    heads = [_("Area"), *[str(s) for s in SCORES], _("Range"), _("Middle rating")]
    if show_reference:
        heads.append(_("Case study"))
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in heads)
    rows = []
    for d in results:
        cells = []
        for score, count in zip(SCORES, d.counts, strict=True):
            text = str(count) if count else ""
            if count and show_names:
                text += f"<br><span class='na-muted'>{escape(', '.join(d.who_chose(score)))}</span>"
            far = " class='rm-far'" if count and score in set(d.outliers.values()) else ""
            cells.append(f"<td{far}>{text}</td>")
        span = "" if not d.count else (str(d.low) if d.spread == 0 else f"{d.low}–{d.high}")
        cells.append(f"<td>{span}</td><td>{number(d.median) if d.count else ''}</td>")
        if show_reference:
            cells.append(f"<td>{'' if d.reference is None else d.reference}</td>")
        area = escape(titles.get(d.domain, d.domain))
        rows.append(f"<tr data-domain='{escape(d.domain)}'><th scope='row'>{area}</th>{''.join(cells)}</tr>")
    return (
        f"<table class='rm-table'><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
