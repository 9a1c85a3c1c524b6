"""The book page on how recommendations work, with the evaluation table, in the edition's language."""

from __future__ import annotations

from .i18n import _, current_language, translate_data
from .loader import Curriculum
from .recommend import RULE, SHOWN, evaluate, load_cases
from .render import cell


def _title(cur: Curriculum, offer_id: str) -> str:
    item = cur.programmes.get(offer_id) or cur.services.get(offer_id)
    return item.title if item else offer_id


def render_recommendations(cur: Curriculum) -> str:
    cases = load_cases()
    name = "curriculum/recommendation-cases"
    cur.usage[name] = translate_data(cases, name, current_language(), mark=cur.mark_fallback)
    results = evaluate(cur, cases)
    hits = sum(len(r.hits) for r in results)
    expected = sum(len(r.expected) for r in results)
    ineligible = sum(len(r.ineligible) for r in results)
    lines = [
        "(recommendations)=",
        "# " + _("How the apps recommend programmes and services"),
        "",
        _(
            "After a needs assessment, the apps list the programmes and services that meet the person's "
            "needs, best first, each with one line that says why. This page gives the rule and shows how "
            "well it does on a set of fictional people."
        ),
        "",
        "## " + _("The rule"),
        "",
        _(RULE),
        "",
        _(
            "The first {count} offers that work on a need directly are shown at once; every other eligible "
            "offer is one click away. A programme and the service that delivers it are one entry."
        ).format(count=SHOWN),
        "",
        _(
            "The rule uses what the data says about each programme and service: who it is for (adults, "
            "minors), where it is delivered, the needs it works on directly and those it only helps with, "
            "and any entry rule (for example, drug rehabilitation needs a substance-use need of 2 or more). "
            "Change the data and the recommendations follow."
        ),
        "",
        "## " + _("How well it works"),
        "",
        _(
            "Before the rule was run, we wrote down {people} fictional people, rated as a caseworker would "
            "rate them, and for each the offers an experienced caseworker would expect to see. The table "
            "shows which of those are among the first {count}."
        ).format(people=len(results), count=SHOWN),
        "",
        _(
            "Result: {hits} of {expected} expected offers are among the first {count}; {ineligible} offers "
            "were for someone not eligible."
        ).format(hits=hits, expected=expected, count=SHOWN, ineligible=ineligible),
        "",
        "| {} | {} | {} |".format(_("Person"), _("Expected and shown"), _("Expected, not shown")),
        "|---|---|---|",
    ]
    by_id = {c["id"]: c for c in cases}
    for r in results:
        found = ", ".join(_title(cur, x) for x in r.hits) or "—"
        missed = ", ".join(_title(cur, x) for x in r.misses) or "—"
        lines.append(f"| {cell(by_id[r.id]['label'])} | {cell(found)} | {cell(missed)} |")
    lines += [
        "",
        _(
            "This is a check of the rule against our own expectations, not evidence that the offers work. "
            "Whether a programme helps a person depends on the programme, the person and how it is delivered."
        ),
        "",
    ]
    return "\n".join(lines)
