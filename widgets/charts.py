"""Charts drawn as SVG text: no numpy or matplotlib, so the apps start fast and run in Pyodide.

The geometry functions return plain coordinates so the PDF export draws the same chart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from curriculum.i18n import N_, _, current_language, format_date


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int | None]
    colour: str
    dash: str = ""  # an SVG stroke-dasharray, e.g. "6 4"
    fill_opacity: float = 0.15


RINGS = 4  # the need scale runs 0-4; the outer ring is 4 (critical need)


def radar_points(n: int, values: list[int | None], cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """Corner points of one series; a missing value is drawn at the centre."""
    points = []
    for i, v in enumerate(values):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * (v or 0) / RINGS
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def axis_end(n: int, i: int, cx: float, cy: float, radius: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def _wrap(label: str, width: int = 16) -> list[str]:
    words, lines, line = label.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return lines[:3]


def radar_svg(labels: list[str], series: list[Series], size: int = 560, title: str | None = None) -> str:
    """A radar (star) chart: one axis a domain, rings 1-4, one polygon a series (texts in the current language)."""
    title = title or _("Needs at a glance")
    n = len(labels)
    cx = cy = size / 2
    radius = size / 2 - 110
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size + 40}" width="100%" '
        f'style="max-width:{size}px" role="img" aria-label="{escape(title)}" font-family="sans-serif">',
        f"<title>{escape(title)}</title>",
    ]
    for ring in range(1, RINGS + 1):
        pts = radar_points(n, [ring] * n, cx, cy, radius)
        out.append(
            f'<polygon points="{_fmt(pts)}" fill="none" stroke="#c8ccd2" stroke-width="{1.6 if ring == RINGS else 1}"/>'
        )
        x, y = pts[0]
        out.append(f'<text x="{x + 4:.1f}" y="{y + 12:.1f}" font-size="10" fill="#6b7280">{ring}</text>')
    for i, label in enumerate(labels):
        x, y = axis_end(n, i, cx, cy, radius)
        out.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#e2e5e9"/>')
        lx, ly = axis_end(n, i, cx, cy, radius + 16)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        lines = _wrap(label)
        dy0 = -6 * (len(lines) - 1) if ly < cy - 8 else (0 if ly > cy + 8 else -6 * (len(lines) - 1) / 2)
        spans = "".join(
            f'<tspan x="{lx:.1f}" dy="{(dy0 if j == 0 else 12):.1f}">{escape(t)}</tspan>' for j, t in enumerate(lines)
        )
        out.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="11" text-anchor="{anchor}" fill="#111827">{spans}</text>'
        )
    for s in series:
        pts = radar_points(n, s.values, cx, cy, radius)
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        out.append(
            f'<polygon class="series" data-series="{escape(s.label)}" points="{_fmt(pts)}" fill="{s.colour}" '
            f'fill-opacity="{s.fill_opacity}" stroke="{s.colour}" stroke-width="2.2"{dash}/>'
        )
        for (x, y), v in zip(pts, s.values, strict=True):
            if v is not None:
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{s.colour}"/>')
    # Legend
    ly = size + 12
    lx = 20.0
    for s in series:
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 26}" y2="{ly}" stroke="{s.colour}" stroke-width="3"{dash}/>')
        out.append(f'<text x="{lx + 32}" y="{ly + 4}" font-size="12" fill="#111827">{escape(s.label)}</text>')
        lx += 40 + 7.2 * len(s.label)
    legend = escape(_("centre = no need, outer ring = critical need"))
    out.append(f'<text x="{size - 20}" y="{ly + 4}" font-size="11" text-anchor="end" fill="#6b7280">{legend}</text>')
    out.append("</svg>")
    return "".join(out)


def _fmt(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


# --------------------------------------------------------------------------- timeline around release

LANES = ["before-release", "release-day", "first-weeks", "months-after"]
# Short lane names for the timeline (the plan's phases, shortened to fit).
LANE_NAMES = {
    # Translators: short names of the four lanes of the plan's timeline (the phases around release).
    "before-release": N_("Before release"),
    "release-day": N_("Release day"),
    "first-weeks": N_("First weeks"),
    "months-after": N_("Months after"),
}
LANE_COLOURS = {
    "before-release": "#2563eb",
    "release-day": "#dc2626",
    "first-weeks": "#d97706",
    "months-after": "#059669",
}


def timeline_span(dates: list, release) -> tuple:
    """First and last day to show: all dated actions and the release day, with a margin."""
    import datetime as dt

    days = [d for d in dates if d is not None] + ([release] if release else [])
    if not days:
        today = dt.date.today()
        return today - dt.timedelta(days=30), today + dt.timedelta(days=180)
    lo, hi = min(days), max(days)
    pad = max(7, (hi - lo).days // 20)
    return lo - dt.timedelta(days=pad), hi + dt.timedelta(days=pad)


def timeline_svg(items: list[tuple], release, width: int = 760) -> str:
    """items: (date or None, lane id, label, done: bool). Undated actions are listed, not drawn."""
    lang = current_language()
    title = _("Plan timeline around release")
    lo, hi = timeline_span([item[0] for item in items], release)
    span = max(1, (hi - lo).days)
    left, right, top, lane_h = 150, 20, 30, 34
    height = top + lane_h * len(LANES) + 30

    def x(day) -> float:
        return left + (width - left - right) * (day - lo).days / span

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" '
        f'role="img" aria-label="{escape(title)}" font-family="sans-serif">',
        f"<title>{escape(title)}</title>",
    ]
    for i, lane in enumerate(LANES):
        y = top + lane_h * i
        out.append(f'<rect x="{left}" y="{y}" width="{width - left - right}" height="{lane_h - 4}" fill="#f9fafb"/>')
        name = escape(_(LANE_NAMES[lane]))
        out.append(f'<text x="{left - 8}" y="{y + lane_h / 2 + 2}" font-size="12" text-anchor="end">{name}</text>')
    # Month ticks
    import datetime as dt

    tick = dt.date(lo.year, lo.month, 1)
    while tick <= hi:
        if tick >= lo:
            out.append(
                f'<line x1="{x(tick):.1f}" y1="{top - 4}" x2="{x(tick):.1f}" y2="{height - 26}" stroke="#e5e7eb"/>'
            )
            out.append(
                f'<text x="{x(tick):.1f}" y="{height - 12}" font-size="10" text-anchor="middle" fill="#6b7280">{escape(format_date(tick, lang, "LLL y"))}</text>'
            )
        tick = dt.date(tick.year + (tick.month == 12), tick.month % 12 + 1, 1)
    if release:
        # Translators: the label of the release-day line on the timeline.
        release_text = _("release {date}").format(date=format_date(release, lang))
        rx = x(release)
        out.append(
            f'<line x1="{rx:.1f}" y1="{top - 10}" x2="{rx:.1f}" y2="{height - 26}" stroke="#dc2626" stroke-width="2"/>'
        )
        out.append(
            f'<text x="{rx:.1f}" y="{top - 14}" font-size="11" text-anchor="middle" fill="#dc2626">{escape(release_text)}</text>'
        )
    for day, lane, label, done in items:
        if day is None or lane not in LANES:
            continue
        y = top + lane_h * LANES.index(lane) + (lane_h - 4) / 2
        colour = LANE_COLOURS[lane]
        fill = colour if done else "#ffffff"
        out.append(
            f'<circle class="action" cx="{x(day):.1f}" cy="{y:.1f}" r="6" fill="{fill}" stroke="{colour}" stroke-width="2">'
            f"<title>{escape(format_date(day, lang))}: {escape(label)}</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)


# --------------------------------------------------------------------------- bars (how many of a group)


def bars_svg(rows: list[tuple[str, int]], total: int, title: str, width: int = 640) -> str:
    """Horizontal bars, one a row: ``(label, count)``, each out of ``total`` (the count is written
    beside its bar, so nothing depends on reading the bar's length or colour)."""
    left, right, top, bar_h, gap = 250, 60, 8, 18, 8
    height = top + (bar_h + gap) * len(rows) + 8
    span = width - left - right
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" role="img" aria-label="{escape(title)}" font-family="sans-serif">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, count) in enumerate(rows):
        y = top + (bar_h + gap) * i
        length = span * count / total if total else 0
        short = label if len(label) <= 40 else label[:39] + "…"
        out.append(
            f'<text x="{left - 8}" y="{y + bar_h - 5}" font-size="12" text-anchor="end" fill="#111827">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
        )
        out.append(f'<rect x="{left}" y="{y}" width="{span}" height="{bar_h}" fill="#f3f4f6"/>')
        out.append(f'<rect class="bar" x="{left}" y="{y}" width="{length:.1f}" height="{bar_h}" fill="#1e3a8a"/>')
        out.append(
            f'<text x="{left + length + 6:.1f}" y="{y + bar_h - 5}" font-size="12" fill="#111827">{count}/{total}</text>'
        )
    out.append("</svg>")
    return "".join(out)
