"""Country profiles in the book: a page per country, the three side by side, and the local facts boxes.

A translated edition shows the facts of its own country (``CountryProfile.editions``) beside a
programme's "Adapt locally" list, a course's, and a session's write-in lines for national numbers;
the English edition, and an edition with no country, shows the compared countries side by side.
Which facts a place needs comes from its English text (:mod:`curriculum.countries`).
"""

from __future__ import annotations

from .i18n import N_, _, current_language, format_date, ngettext
from .loader import Curriculum
from .render import bullets, cell, ref, table_head
from .schema import CountryProfile, Fact, FactKey

# Translators: the names of the facts in a country profile (rows of the side-by-side table).
FACT_LABELS = {
    FactKey.probation_service: N_("Probation service"),
    FactKey.prison_service: N_("Prison service"),
    FactKey.employment_service: N_("Public employment service"),
    FactKey.emergency_number: N_("Emergency number"),
    FactKey.crisis_line: N_("Crisis and suicide prevention line"),
    FactKey.child_helpline: N_("Child helpline"),
    FactKey.violence_line: N_("Helpline for victims of violence and crime"),
    FactKey.addiction_line: N_("Addiction helpline"),
    FactKey.ombudsman: N_("Ombudsman (complaints)"),
    FactKey.age_criminal_responsibility: N_("Age of criminal responsibility"),
    FactKey.duty_to_report_crime: N_("Duty to report a crime"),
    FactKey.duty_to_report_child: N_("Duty to report a child at risk"),
    FactKey.debt_enforcement: N_("Debt enforcement"),
}

COMPARISON = "countries/index.md"


def country_page(profile: CountryProfile) -> str:
    return f"countries/{profile.id}.md"


def country_label(profile: CountryProfile) -> str:
    return f"country-{profile.id}"


def fact_label(key: FactKey) -> str:
    return _(FACT_LABELS[key])


def needed(lists: list[list[FactKey]]) -> list[FactKey]:
    """The facts any of these lists ask for, in the profile's order."""
    wanted = {k for keys in lists for k in keys}
    return [k for k in FactKey if k in wanted]


def sources_line(fact: Fact) -> str:
    """The fact's sources as links, each with the day it was checked."""
    # Translators: a source of a country fact: a link to the public page, then the day it was read.
    item = _("{page}, checked {date}")
    return "; ".join(
        item.format(page=f"[{cell(s.page)}]({s.url})", date=format_date(s.checked, fmt="long")) for s in fact.sources
    )


def fact_line(key: FactKey, fact: Fact) -> str:
    """One fact as a list item: its value and sources, or that it is not confirmed and why."""
    if fact.value is not None:
        # Translators: a filled country fact: its name, its value, then its sources.
        text = _("**{fact}:** {value} *Source:* {sources}.")
        return text.format(fact=fact_label(key), value=" ".join(fact.value.split()), sources=sources_line(fact))
    # Translators: a country fact nobody could confirm from a public source: its name and the reason.
    text = _("**{fact}:** *not confirmed.* {reason}")
    return text.format(fact=fact_label(key), reason=" ".join(fact.blank.split()))


def short_value(fact: Fact) -> str:
    """A fact in a table cell: its short form, or a dash for a blank."""
    if fact.value is None:
        # Translators: a table cell for a country fact nobody could confirm.
        return _("— (not confirmed)")
    return fact.short or fact.value


def _differs(key: FactKey, profiles: list[CountryProfile]) -> bool:
    values = {(p.facts[key].short or p.facts[key].value or "").strip() for p in profiles}
    return len(values) > 1 or any(p.facts[key].value is None for p in profiles)


def side_by_side(keys: list[FactKey], profiles: list[CountryProfile], linked: bool = True) -> list[str]:
    """A table: one row a fact, one column a country (linked to its page unless ``linked`` is off)."""
    heads = [_("Fact")] + [ref(p.country, country_label(p)) if linked else p.country for p in profiles]
    lines = table_head(heads, "l" * len(heads))
    for key in keys:
        lines.append(
            "| " + " | ".join([cell(fact_label(key))] + [cell(short_value(p.facts[key])) for p in profiles]) + " |"
        )
    return lines + [""]


def agency_note(others: int, answered: bool) -> str:
    """What no country profile fills: the "Adapt locally" items about the agency, the prison, local services."""
    if answered:
        text = ngettext(
            "*{count} other item under Adapt locally depends on your agency, the prison or local services: no "
            "country profile fills it.*",
            "*{count} other items under Adapt locally depend on your agency, the prison or local services: no "
            "country profile fills them.*",
            others,
        )
    else:
        text = ngettext(
            "*{count} item under Adapt locally depends on your agency, the prison or local services: no country "
            "profile fills it.*",
            "*{count} items under Adapt locally depend on your agency, the prison or local services: no country "
            "profile fills them.*",
            others,
        )
    return text.format(count=others)


def adapt_locally_facts(cur: Curriculum, asked: list[list[FactKey]]) -> list[str]:
    """Under a programme's or course's "Adapt locally" list: the facts its items ask for, and what stays local."""
    keys, others = needed(asked), sum(1 for k in asked if not k)
    if not keys:
        return [agency_note(others, answered=False), ""] if others else []
    box = local_facts_box(cur, keys)
    if others and box:
        box[-2:-2] = ["", agency_note(others, answered=True)]
    return box


def profile_links(cur: Curriculum) -> str:
    """Links to the comparison page and to each compared country: the same in every edition."""
    countries = ", ".join(ref(p.country, country_label(p)) for p in cur.compared())
    return f"{ref(_('Country profiles'), 'countries')} ({countries})"


def local_facts_box(cur: Curriculum, keys: list[FactKey], title_for=None) -> list[str]:
    """The facts a place needs: the edition's country in full, or the compared countries side by side."""
    if not keys:
        return []
    profile = cur.profile_for(current_language())
    if profile is not None:
        # Translators: title of the box with the local facts of the edition's country, e.g. "Local facts for Czechia".
        title = (title_for or _("Local facts for {country}")).format(country=profile.country)
        body = bullets([fact_line(k, profile.facts[k]) for k in keys])
        more = _("All the facts for {country}, with their sources: {link}.").format(
            country=profile.country, link=profile_links(cur)
        )
        return [":::{admonition} " + title, ":class: tip local-facts", "", body, "", more, ":::", ""]
    profiles = cur.compared()
    if not profiles:
        return []
    names = ", ".join(p.country for p in profiles)
    # Translators: title of the box comparing local facts of the countries ("Czechia, Estonia, Georgia").
    title = _("Local facts: {countries}").format(countries=names)
    intro = _(
        "What this asks you to adapt, as far as the country profiles give it. A dash means nobody could "
        "confirm the fact from a public source: check it yourself. Sources: {link}."
    ).format(link=profile_links(cur))
    lines = [":::{admonition} " + title, ":class: tip local-facts", "", intro, ""]
    differ = [k for k in keys if _differs(k, profiles)]
    if differ:
        lines += side_by_side(differ, profiles, linked=False)
    lines += same_everywhere([k for k in keys if k not in differ], profiles)
    return lines + [":::", ""]


def same_everywhere(keys: list[FactKey], profiles: list[CountryProfile]) -> list[str]:
    """The facts every compared country shares, said once."""
    if not keys:
        return []
    # Translators: before the facts that are the same in every country, e.g. "The same in every country: ...".
    items = "; ".join(f"**{fact_label(k)}:** {short_value(profiles[0].facts[k])}" for k in keys)
    return [_("The same in every country: {facts}.").format(facts=items), ""]


def session_facts_box(cur: Curriculum, keys: list[FactKey]) -> list[str]:
    """The national numbers a session's write-in lines ask for."""
    # Translators: title of the box with the national numbers for a session's write-in lines, e.g. "Numbers for
    # the handout in Czechia".
    return local_facts_box(cur, keys, title_for=_("Numbers for the write-in lines in {country}"))


def _used_by(cur: Curriculum) -> dict[FactKey, list[str]]:
    """For each fact, the programme and course pages whose "Adapt locally" list asks for it."""
    out: dict[FactKey, list[str]] = {k: [] for k in FactKey}
    for prog in cur.programmes.values():
        for key in needed(cur.relies_on.get(f"programme:{prog.id}", [])):
            out[key].append(ref(prog.title, prog.id))
    for course in cur.courses.values():
        for key in needed(cur.relies_on.get(f"course:{course.id}", [])):
            out[key].append(ref(course.title, f"course-{course.id}"))
    return out


def render_country(profile: CountryProfile, cur: Curriculum) -> str:
    # Translators: title of a country's page, e.g. "Country profile: Czechia".
    lines = [f"({country_label(profile)})=", "# " + _("Country profile: {country}").format(country=profile.country), ""]
    if profile.note:
        lines += [profile.note, ""]
    filled = profile.filled
    summary = _("{filled} of {total} facts confirmed from a public source; the others are marked as not confirmed.")
    lines += [summary.format(filled=len(filled), total=len(FactKey)), ""]
    used = _used_by(cur)
    for key in FactKey:
        lines += ["- " + fact_line(key, profile.facts[key])]
        if used[key] and profile.editions:
            lines += ["", "  " + _("*Asked for by:* {pages}").format(pages=", ".join(used[key]))]
        lines.append("")
    return "\n".join(lines)


def render_comparison(cur: Curriculum) -> str:
    profiles = cur.compared()
    lines = ["(countries)=", "# " + _("Country profiles"), ""]
    lines += [
        _(
            "Every programme and course lists what must be adapted to your country's law and services. For the "
            "countries this toolkit was written with, the profiles below give the public bodies, helplines and "
            "legal facts the session plans rely on, each with the public page it was read on and the day it was "
            "checked. A fact nobody could confirm stays blank, with the reason. Each language edition shows its "
            "own country's facts on the programme and session pages."
        ),
        "",
    ]
    if profiles:
        differ = [k for k in FactKey if _differs(k, profiles)]
        same = [k for k in FactKey if k not in differ]
        lines += ["## " + _("Where the countries differ"), ""] + side_by_side(differ, profiles)
        lines += same_everywhere(same, profiles)
        lines += ["## " + _("Not confirmed yet"), ""]
        for p in profiles:
            blanks = [fact_label(k) for k in FactKey if p.facts[k].value is None]
            text = ", ".join(blanks) if blanks else _("none")
            lines += ["- " + _("**{country}:** {facts}").format(country=ref(p.country, country_label(p)), facts=text)]
        lines.append("")
    others = [p for p in cur.countries.values() if not p.editions]
    if others:
        lines += ["## " + _("Another country"), ""]
        lines += [
            _(
                "To prepare a profile for another country, copy `curriculum/data/countries/template.yaml`, fill each "
                "fact from a public page you have read, and leave blank, with the reason, what you cannot confirm. "
                "The blank profile: {links}."
            ).format(links=", ".join(ref(p.country, country_label(p)) for p in others)),
            "",
        ]
    return "\n".join(lines)


def render_country_pages(cur: Curriculum) -> dict[str, str]:
    pages = {COMPARISON: render_comparison(cur)}
    for profile in cur.countries.values():
        pages[country_page(profile)] = render_country(profile, cur)
    return pages


def country_catalogs(cur: Curriculum) -> dict[str, set[str]]:
    everything = {f"curriculum/countries/{p.id}" for p in cur.countries.values()}
    out = {COMPARISON: everything}
    for profile in cur.countries.values():
        out[country_page(profile)] = {f"curriculum/countries/{profile.id}"}
    return out


def edition_catalog(cur: Curriculum) -> set[str]:
    """The country catalogue whose text the edition's programme and session pages show."""
    profile = cur.profile_for(current_language())
    if profile is None:
        return {f"curriculum/countries/{p.id}" for p in cur.compared()}
    return {f"curriculum/countries/{profile.id}"}
