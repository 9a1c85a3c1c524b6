"""The tables of the book's catalogue page (``book/catalogue.md``), in the edition's language.

The page's code cells call these; the edition's language comes from ``TOOLKIT_LANG``, which
:mod:`curriculum.editions` sets for each build.
"""

from __future__ import annotations

import html
import os

from .i18n import _, format_number, set_language
from .loader import Curriculum, load_curriculum
from .render import AUDIENCE, FORMAT, USE

STYLE = """<style>
table.catalogue { font-size: 0.88em; width: 100%; }
table.catalogue th, table.catalogue td { text-align: left !important; vertical-align: top; padding: 4px 6px; }
table.catalogue td:nth-child(4), table.catalogue td:nth-child(5) { white-space: nowrap; }
table.catalogue small { color: #4b5563; }
</style>"""


def edition_curriculum() -> Curriculum:
    lang = os.environ.get("TOOLKIT_LANG", "en")
    set_language(lang)
    return load_curriculum(lang=lang)


def _link(p) -> str:
    return f'<a href="generated/programmes/{p.area}/{p.id}.html">{html.escape(p.title)}</a>'


def _table(headers: list[str], rows: list[list[str]], css: str) -> str:
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def programmes_by_area(cur: Curriculum) -> str:
    """One table per area: programme (with the needs it addresses), audience, format, sessions, hours."""
    headers = [_("Programme"), _("For"), _("Format"), _("Sessions"), _("Hours"), _("Completion")]
    parts = [STYLE]
    for area in cur.areas.values():
        rows = []
        for p in sorted(cur.programmes_in(area.id), key=lambda p: p.title.casefold()):
            needs = ", ".join(cur.domains[d].title for d in p.needs_addressed)
            rows.append(
                [
                    _link(p) + "<br><small>" + html.escape(_("Needs: {needs}").format(needs=needs)) + "</small>",
                    html.escape(", ".join(_(AUDIENCE[a.value]) for a in p.audience)),
                    html.escape(
                        _("{format}; {use}").format(format=_(FORMAT[p.format.value]), use=_(USE[p.use.value]).lower())
                    ),
                    html.escape(
                        _("{count} × {minutes} min").format(count=p.session_count, minutes=p.min_session_minutes)
                    ),
                    format_number(p.min_total_hours),
                    html.escape(
                        _("hours + individual plan")
                        if p.completion.requires_individual_plan
                        else _("hours + final product")
                    ),
                ]
            )
        parts.append(f"<h3>{html.escape(area.title)}</h3>")
        parts.append(_table(headers, rows, "catalogue table"))
    return "".join(parts)


def totals_by_area(cur: Curriculum) -> str:
    rows = []
    all_progs = all_sessions = 0
    all_hours = 0.0
    for area in cur.areas.values():
        progs = cur.programmes_in(area.id)
        sessions = sum(len(p.sessions) for p in progs)
        hours = sum(p.min_total_hours for p in progs)
        all_progs, all_sessions, all_hours = all_progs + len(progs), all_sessions + sessions, all_hours + hours
        rows.append([html.escape(area.title), str(len(progs)), str(sessions), format_number(hours)])
    rows.append([html.escape(_("All areas")), str(all_progs), str(all_sessions), format_number(all_hours)])
    return _table([_("Area"), _("Programmes"), _("Sessions"), _("Hours")], rows, "table")


def needs_coverage(cur: Curriculum) -> str:
    rows = []
    for d in cur.domains.values():
        progs, servs = cur.addressing(d.id)
        rows.append(
            [
                f'<a href="generated/domains.html#domain-{d.id}">{html.escape(d.title)}</a>',
                ", ".join(_link(p) for p in progs) or "—",
                ", ".join(html.escape(s.title) for s in servs) or "—",
            ]
        )
    return _table([_("Need"), _("Programmes"), _("Services")], rows, "table")
