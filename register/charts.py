"""Charts of the reports as SVG text (pure Python, like :mod:`widgets.charts`): horizontal bars,
each labelled with its count and denominator, so the chart never shows a share without its base."""

from __future__ import annotations

from html import escape

from curriculum.i18n import _

from .store import OUTCOMES

BAR = "#1e3a8a"
REST = "#e5e7eb"


def bars_svg(title: str, bars: list[tuple[str, float, float | None, str]], width: int = 640) -> str:
    """``bars``: (label, value, denominator or None, text shown after the bar)."""
    label_w, row_h, top = 220, 28, 34
    height = top + row_h * len(bars) + 10
    scale_max = max([d or v for _l, v, d, _t in bars] + [1])
    bar_w = width - label_w - 150
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="18" font-size="14" font-weight="bold" fill="#111827">{escape(title)}</text>',
    ]
    for i, (label, value, denominator, text) in enumerate(bars):
        y = top + i * row_h
        out.append(f'<text x="0" y="{y + 16}" fill="#111827">{escape(label[:34])}</text>')
        if denominator:
            out.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{bar_w * denominator / scale_max:.1f}" height="16" fill="{REST}"/>'
            )
        out.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w * value / scale_max:.1f}" height="16" fill="{BAR}"/>'
        )
        out.append(f'<text x="{label_w + bar_w + 8}" y="{y + 16}" fill="#111827">{escape(text)}</text>')
    out.append("</svg>")
    return "".join(out)


def of(count: int, total: int) -> str:
    return _("{count} of {total}").format(count=count, total=total)


def step_label(step: str) -> str:
    if step == "entered":
        return _("Entered")
    if step == "completed":
        return _("Completed the programme")
    return _(OUTCOMES[step])


def funnel_svg(funnel: dict) -> str:
    bars = [(step_label(s["step"]), s["count"], s["of"], of(s["count"], s["of"])) for s in funnel["steps"]]
    return bars_svg(_("Cohort: people entered, completed and each recorded outcome"), bars)


def completion_svg(table: list[dict]) -> str:
    bars = [
        (
            f"{t['programme']} · {t['site']}" if t["site"] else t["programme"],
            t["completed"],
            t["entered"],
            of(t["completed"], t["entered"]),
        )
        for t in table
    ]
    return bars_svg(_("Completed by programme and site"), bars)


def hours_svg(table: list[dict]) -> str:
    bars = [
        (
            f"{t['programme']} · {t['site']}" if t["site"] else t["programme"],
            t["session_hours"],
            None,
            _("{hours} h").format(hours=f"{t['session_hours']:g}"),
        )
        for t in table
    ]
    return bars_svg(_("Hours delivered in group sessions"), bars)
