"""Generate the book's data pages (programmes, areas, needs domains, services, glossary).

Everything written here goes to ``book/generated/``, which is rebuilt on every
``python -m curriculum render`` and never committed: the data is the only source.

Pages are written in the curriculum's language (``cur.language``): every word the generator adds
is marked for translation (``_``, ``ngettext``, ``pgettext``, ``N_`` from :mod:`curriculum.i18n`)
and numbers are written the reader's way. Labels, reference targets and file paths are the same
in every language. In a translated edition, English still untranslated is shown as English
(:func:`curriculum.markdown.show_fallback`), and a page built from draft translations says so
under its title (:func:`finish_page`).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .i18n import (
    N_,
    SOURCE_LANGUAGE,
    _,
    code_translations,
    current_language,
    format_number,
    ngettext,
    pgettext,
    strip_marks,
    use_language,
)
from .loader import Curriculum, bibliography_keys
from .markdown import has_fallback, keep_marks, show_fallback
from .schema import Method, Programme, Session

# Labels of the data's fixed values. The tables hold the English (marked with N_ for extraction);
# pages translate them with _() when they are written.
AUDIENCE = {"adult": N_("Adults"), "minor": N_("Minors (under 18)"), "staff": N_("Staff")}
FORMAT = {"group": N_("Group"), "individual": N_("Individual"), "group-or-individual": N_("Group or individual")}
USE = {
    "mandatory": N_("Mandatory"),
    "voluntary": N_("Voluntary"),
    "mandatory-or-voluntary": N_("Mandatory or voluntary"),
}
# Where a programme runs (Setting).
SETTING = {"prison": N_("Prison"), "probation": N_("Probation"), "community": N_("Community")}
# Translators: the seed documents the curriculum is built from. Keep the names of organisations and
# projects as each country writes them (add the translated name in brackets where it helps).
SEEDS = {
    "000": N_("Seed 000: Estonian Ministry of Justice, reentry services (mentoring and housing)"),
    "001": N_(
        "Seed 001: Georgian National Agency for Crime Prevention, Execution of Non-custodial Sentences and "
        "Probation, rehabilitation and resocialisation programmes and services"
    ),
    "002": N_("Seed 002: VOLONTÉ CZECH, VOL Mentoring project (CZ-JUSTICE-0005)"),
    "003": N_("Seed 003: Czech resocialisation (social training) programmes and activation workers"),
    "004": N_("Seed 004: Georgian penitentiary and probation system, services and staff training"),
}
# The programme fields that our_choices may name (schema.CHOOSABLE), as the reader sees them.
CHOICE_LABELS = {
    "session_count": N_("Number of sessions"),
    "min_session_minutes": N_("Minimum session length"),
    "min_total_hours": N_("Minimum total hours"),
    "group_size": N_("Group size"),
    "phases": N_("Phases"),
    "completion": N_("Completion"),
    "use": N_("Place in the sentence-execution plan"),
    "format": N_("Format"),
    "settings": N_("Where it runs"),
    "duration": N_("Duration"),
    "delivered_by": N_("Delivered by"),
}


def method_label(method: Method | str) -> str:
    """An activity's method as the activity tables show it, in the current language."""
    match method.value if isinstance(method, Method) else str(method):
        case "welcome":
            # Translators: the methods of a timed activity in a session or module plan, shown in lower case in
            # the "Method" column and after the activity's title, e.g. "(20 min, discussion)".
            return pgettext("activity method", "welcome")
        case "input":
            # Translators: an activity method: the facilitator presents something (a short talk or demonstration).
            return pgettext("activity method", "input")
        case "discussion":
            return pgettext("activity method", "discussion")
        case "group-work":
            return pgettext("activity method", "group work")
        case "pairs":
            # Translators: an activity method: participants work in pairs.
            return pgettext("activity method", "pairs")
        case "individual":
            # Translators: an activity method: each participant works alone.
            return pgettext("activity method", "individual")
        case "role-play":
            return pgettext("activity method", "role-play")
        case "worksheet":
            return pgettext("activity method", "worksheet")
        case "exercise":
            return pgettext("activity method", "exercise")
        case "creative":
            # Translators: an activity method: drawing, collage, writing or other creative work.
            return pgettext("activity method", "creative")
        case "relaxation":
            return pgettext("activity method", "relaxation")
        case "feedback":
            return pgettext("activity method", "feedback")
        case "review":
            return pgettext("activity method", "review")
        case "planning":
            return pgettext("activity method", "planning")
        case "visit":
            # Translators: an activity method: a visit to a service or a place outside the group room.
            return pgettext("activity method", "visit")
        case "break":
            # Translators: an activity method: a pause in the session.
            return pgettext("activity method", "break")
        case "closing":
            return pgettext("activity method", "closing")
        case other:
            return other


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def block(text: str) -> str:
    """Author Markdown placed inside a directive: headings become bold lines.

    Headings are not allowed inside admonitions and would fail the build.
    """
    return keep_marks(_block, str(text))


def _block(text: str) -> str:
    out = []
    for line in text.strip().splitlines():
        m = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            line = f"**{m.group(1)}**"
        elif re.match(r"^\s*([-*=])(\s*\1){2,}\s*$", line):
            line = ""  # a rule or setext underline would start a section inside the directive
        # Write-in lines (____) stay literal underscores, never a horizontal rule.
        out.append(re.sub(r"_{3,}", lambda u: "\\_" * len(u.group(0)), line))
    return "\n".join(out)


def ref(text: str, label: str) -> str:
    """A cross-reference that the build checks (a broken one fails it)."""
    # Sphinx takes the target from the first "<", so a "<" in the text is shown as "‹".
    text = " ".join(str(text).split()).replace("<", "‹").replace("`", "'")
    return f"{{ref}}`{text} <{label}>`"


def quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in str(text).strip().splitlines())


def bullets(items: list[str]) -> str:
    return "\n".join(f"- {' '.join(i.split())}" for i in items)


def hhmm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def hours(value: float) -> str:
    """Hours as the reader writes numbers: "7.5" in English, "7,5" in Czech, Estonian and Russian."""
    return format_number(value, digits=2)


def num(value: int) -> str:
    """A whole number as the reader writes it ("1,200" in English, "1 200" in Czech)."""
    return format_number(value, digits=0)


def plural_n(value: float) -> int:
    """The number that chooses the plural form of a quantity's noun.

    gettext's plural rules take whole numbers. A fraction takes the form that 2 takes in every
    edition's language ("1.5 hours", "1,5 hodiny", "1,5 часа", "1,5 tundi").
    """
    return int(value) if float(value).is_integer() else 2


def hours_text(value: float) -> str:
    return ngettext("{hours} hour", "{hours} hours", plural_n(value)).format(hours=hours(value))


def minutes_text(value: int) -> str:
    return ngettext("{minutes} minute", "{minutes} minutes", value).format(minutes=num(value))


def table_head(columns: list[str], align: str) -> list[str]:
    """A table's header row and its rule; ``align`` has one letter a column: ``l`` left, ``r`` right."""
    head = "|" + "|".join(f" {cell(c)} " if c else " " for c in columns) + "|"
    return [head, "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]


def source_text(source) -> str:
    """A seed document and the note on what was taken from it."""
    # Translators: a source of a programme, service or course: the seed document, then what was taken from it.
    return _("{seed}: {note}").format(seed=_(SEEDS[source.seed]), note=source.note)


def evidence(keys: list[str]) -> str:
    # Translators: before a list of citations to the research a programme or course draws on.
    return _("Evidence: {citations}.").format(citations="; ".join(f"{{cite}}`{k}`" for k in keys))


def programme_path(prog: Programme) -> str:
    """Path of a programme page inside the built book, without suffix."""
    return f"book/generated/programmes/{prog.area}/{prog.id}"


def programme_url(prog: Programme) -> str:
    return programme_path(prog) + ".html"


def session_label(prog: Programme, session: Session) -> str:
    return f"{prog.id}-session-{session.number}"


def _names(ids: list[str], table: dict) -> str:
    return ", ".join(table[i].title if i in table else i for i in ids)


def _audience(values) -> str:
    return ", ".join(_(AUDIENCE[a.value]) for a in values)


# --------------------------------------------------------------------------- programmes


def render_programme(prog: Programme, cur: Curriculum) -> str:
    area = cur.areas[prog.area]
    lines: list[str] = [f"({prog.id})=", f"# {prog.title}", "", prog.summary, ""]
    if prog.group_size:
        size = prog.group_size
        group = ngettext("{min}–{max} participant", "{min}–{max} participants", size.max).format(
            min=num(size.min), max=num(size.max)
        )
    else:
        group = _("One to one")
    at_least = ngettext("at least {hours} hour", "at least {hours} hours", plural_n(prog.min_total_hours))
    planned = ngettext("as planned here: {hours} hour", "as planned here: {hours} hours", plural_n(prog.total_hours))
    sessions = ngettext(
        "{count}, each at least {minutes} minute", "{count}, each at least {minutes} minutes", prog.min_session_minutes
    )
    glance = [
        (_("Area"), ref(area.title, f"area-{area.id}")),
        # Translators: row of a programme's or course's overview table: who it is for ("Adults, Minors").
        (pgettext("audience", "For"), _audience(prog.audience)),
        (_("Format"), f"{_(FORMAT[prog.format.value])}; {group}"),
        # Translators: row of a programme's overview table: where it runs ("Prison, Probation").
        (pgettext("settings", "Where"), ", ".join(_(SETTING[s.value]) for s in prog.settings)),
        (_("In the sentence-execution plan"), _(USE[prog.use.value])),
        (_("Delivered by"), _names(prog.delivered_by, cur.roles)),
        (_("Sessions"), sessions.format(count=num(prog.session_count), minutes=num(prog.min_session_minutes))),
        (
            _("Total"),
            f"{at_least.format(hours=hours(prog.min_total_hours))} ({planned.format(hours=hours(prog.total_hours))})",
        ),
        (_("Needs addressed"), ", ".join(ref(cur.domains[d].title, f"domain-{d}") for d in prog.needs_addressed)),
    ]
    if prog.duration:
        glance.append((_("Duration"), prog.duration))
    lines += ["| | |", "|---|---|"] + [f"| **{cell(k)}** | {cell(v)} |" for k, v in glance] + [""]
    from .trainer_kit import programme_pack_links

    lines += programme_pack_links(prog)

    lines += ["## " + _("Purpose"), "", prog.purpose, ""]
    lines += ["## " + _("Who it is for"), "", prog.for_whom, "", _("**Not for:** {text}").format(text=prog.not_for), ""]
    lines += ["## " + _("Place in the individual sentence-execution plan"), ""]
    lines += [f"**{_(USE[prog.use.value])}.** {prog.use_note}", ""]
    if prog.targets:
        lines += ["## " + _("Targets"), "", bullets(prog.targets), ""]
    lines += ["## " + _("Entry criteria"), "", bullets(prog.entry_criteria), ""]
    lines += ["## " + _("Completion"), ""]
    done = prog.completion
    if done.requires_individual_plan:
        rule = ngettext(
            "At least **{hours} hour** attended **and** an individual plan created.",
            "At least **{hours} hours** attended **and** an individual plan created.",
            plural_n(done.min_hours),
        )
    else:
        rule = ngettext(
            "At least **{hours} hour** attended.", "At least **{hours} hours** attended.", plural_n(done.min_hours)
        )
    lines += [f"{rule.format(hours=hours(done.min_hours))} {done.rule}", ""]
    lines += ["## " + _("How progress is evaluated"), "", bullets(prog.evaluation), ""]
    if prog.safety:
        lines += render_programme_safety(prog)

    lines += ["## " + _("Phases"), ""]
    for ph in prog.phases:
        nums = [s.number for s in prog.sessions if s.phase == ph.id]
        description = " ".join(ph.description.split())
        if len(nums) > 1:
            # Translators: a phase of a programme, the sessions it spans, then its description.
            head = _("**{phase}** (sessions {first}–{last}): {description}")
            lines += [head.format(phase=ph.title, first=nums[0], last=nums[-1], description=description), ""]
        elif nums:
            head = _("**{phase}** (session {number}): {description}")
            lines += [head.format(phase=ph.title, number=nums[0], description=description), ""]
        else:
            lines += [f"**{ph.title}**: {description}", ""]
        if ph.contact:
            # Translators: how often the facilitator or mentor is in contact with the person in this phase.
            lines += ["- " + _("*Contact:* {contact}").format(contact=" ".join(ph.contact.split()))]
        if ph.tools:
            lines += ["- " + _("*Apps and forms:* {tools}").format(tools="; ".join(ph.tools))]
        if ph.contact or ph.tools:
            lines.append("")

    lines += ["## " + _("Schedule"), ""]
    # Translators: column headers of a programme's schedule; "Title" is the session's title.
    columns = [_("Session"), _("Title"), _("Phase"), _("Minutes"), _("Cumulative hours")]
    lines += table_head(columns, "rllrr")
    phase_titles = {p.id: p.title for p in prog.phases}
    total = 0
    for s in prog.sessions:
        total += s.minutes
        lines.append(
            f"| {s.number} | [{cell(s.title)}](#{session_label(prog, s)}) | {cell(phase_titles[s.phase])} "
            f"| {s.minutes} | {hours(round(total / 60, 2))} |"
        )
    lines.append("")

    if prog.our_choices:
        lines += [":::{admonition} " + _("Figures of our own choosing"), ":class: note", ""]
        lines += [
            _("The seeds do not give these; we chose them from common practice. Change them to fit your agency."),
            "",
        ]
        for k, v in prog.our_choices.items():
            label = _(CHOICE_LABELS[k]) if k in CHOICE_LABELS else k.replace("_", " ")
            lines.append(f"- **{label}**: {' '.join(v.split())}")
        lines += [":::", ""]
    if prog.adapt_locally:
        lines += [":::{admonition} " + adapt_locally_title(), ":class: tip", "", bullets(prog.adapt_locally), ":::", ""]
    from .render_countries import adapt_locally_facts, session_facts_box

    lines += adapt_locally_facts(cur, cur.relies_on.get(f"programme:{prog.id}", []))

    lines += ["## " + _("Sources"), "", bullets([source_text(s) for s in prog.sources]), ""]
    if prog.references:
        lines += [evidence(prog.references), ""]

    lines += ["## " + _("Session plans"), ""]
    for s in prog.sessions:
        local = session_facts_box(cur, cur.write_ins.get(f"{prog.id}:{s.number}", []))
        lines += render_session(prog, s, phase_titles[s.phase], local)
    return "\n".join(lines).rstrip() + "\n"


def adapt_locally_title() -> str:
    # Translators: title of the box listing what a reader must check against local law and practice. The
    # book's footer names this box too: use the same words there.
    return _("Adapt locally")


def notes_dropdown(items: list[str]) -> list[str]:
    """Facilitator notes, collapsed on screen and opened for printing (see book/_static/print.js)."""
    return [
        "::::{dropdown} " + _("Facilitator notes"),
        ":class-container: facilitator-notes",
        "",
        block(bullets(items)),
        "::::",
        "",
    ]


def render_activities(activities) -> list[str]:
    """A timed table (clock from 0:00), then each activity's steps."""
    # Translators: column headers of an activity plan: "Time" is a span of clock time from the start ("0:20–0:45").
    lines = table_head([_("Time"), _("Minutes"), _("Method"), _("Activity")], "lrll")
    start = 0
    for a in activities:
        lines.append(
            f"| {hhmm(start)}–{hhmm(start + a.minutes)} | {a.minutes} | {cell(method_label(a.method))} "
            f"| {cell(a.title)} |"
        )
        start += a.minutes
    lines.append("")
    start = 0
    for a in activities:
        # Translators: an activity's heading line: its start time, title, length ("min" is minutes) and method.
        head = _("**{time} {title}** ({minutes} min, {method})")
        lines += [
            head.format(time=hhmm(start), title=a.title, minutes=a.minutes, method=method_label(a.method)),
            "",
            block(a.description),
            "",
        ]
        start += a.minutes
    return lines


def render_programme_safety(prog: Programme) -> list[str]:
    """The programme's safety block: confidentiality and its limits, disclosures, distress, support."""
    safety = prog.safety
    parts = [
        (_("Confidentiality and its limits"), safety.confidentiality),
        (_("If someone discloses an offence, abuse, self-harm or suicide risk"), safety.disclosure),
        (_("Distress in the group"), safety.distress),
        (_("Support for the facilitator"), safety.facilitator_support),
    ]
    lines = ["## " + _("Keeping people safe"), ""]
    for title, text in parts:
        lines += [f"**{title}.** " + " ".join(text.split()), ""]
    return lines


def render_session(prog: Programme, s: Session, phase_title: str, local: list[str] | None = None) -> list[str]:
    """A session plan; ``local`` is the box of local facts for its write-in lines, shown before the handout."""
    title = _("Session {number}: {title}").format(number=s.number, title=s.title)
    lines = [f"({session_label(prog, s)})=", f"### {title}", ""]
    # Translators: under a session's heading: its phase, its length and the programme it belongs to.
    meta = ngettext("{phase} · {minutes} minute · {programme}", "{phase} · {minutes} minutes · {programme}", s.minutes)
    lines += ["*" + meta.format(phase=phase_title, minutes=num(s.minutes), programme=prog.title) + "*", ""]
    lines += [_("**Objectives.**"), "", bullets(s.objectives), ""]
    # Translators: what the facilitator says to open the session (a label before a quotation).
    lines += [_("**Opening.**"), "", quote(s.opening), ""]
    lines += render_activities(s.activities)
    lines += [_("**Watch for.**"), "", bullets(s.watch_for), ""]
    # Translators: what the facilitator says to close the session (a label before a quotation).
    lines += [_("**Closing.**"), "", quote(s.closing), ""]
    lines += [_("**Materials.**"), "", bullets(s.materials), ""]
    if s.safety:
        lines += [
            ":::{admonition} " + _("Safety in this session"),
            ":class: warning safety",
            "",
            block(s.safety),
            ":::",
            "",
        ]
    if s.if_short:
        lines += [
            _("**If the session starts late or is cut short.** {text}").format(text=" ".join(s.if_short.split())),
            "",
        ]
    lines += notes_dropdown(s.facilitator_notes)
    if s.homework:
        lines += [_("**Homework.** {text}").format(text=" ".join(s.homework.split())), ""]
    lines += [":::{admonition} " + _("How this session is checked"), ":class: hint", "", s.check, ":::", ""]
    lines += local or []
    if s.handout:
        lines += [
            ":::{admonition} " + _("Handout: {title}").format(title=s.handout.title),
            ":class: handout",
            "",
            "*" + _("{programme}, session {number}").format(programme=prog.title, number=s.number) + "*",
            "",
            block(s.handout.body),
            ":::",
            "",
        ]
        from .trainer_kit import docx_link, session_handout_name

        lines += docx_link(session_handout_name(prog.id, s.number), 4)
    return lines


# --------------------------------------------------------------------------- areas, needs, services, glossary


def render_area(area_id: str, cur: Curriculum) -> str:
    area = cur.areas[area_id]
    progs = cur.programmes_in(area_id)
    lines = [f"({'area-' + area.id})=", f"# {area.title}", "", area.description, ""]
    columns = [_("Programme"), pgettext("audience", "For"), _("Format"), _("Sessions"), _("Hours")]
    lines += table_head(columns, "lllrr")
    for p in progs:
        lines.append(
            f"| {ref(cell(p.title), p.id)} | {cell(_audience(p.audience))} "
            f"| {cell(_(FORMAT[p.format.value]))} | {p.session_count} | {hours(p.min_total_hours)} |"
        )
    lines += ["", _("**Sources:**"), "", bullets([source_text(s) for s in area.sources]), ""]
    return "\n".join(lines)


def render_domains(cur: Curriculum) -> str:
    lines = ["(needs-domains)=", "# " + _("Needs domains and the need scale"), ""]
    lines += [
        _(
            "The needs-assessment app and every programme's *needs addressed* use this one list. "
            "The scale and every descriptor are our own; they are not taken from any licensed instrument "
            "(such as the Outcomes Star or LSI-R)."
        ),
        "",
    ]
    if cur.scale:
        lines += [f"## {cur.scale.title}", "", cur.scale.description, ""]
        # Translators: column headers of the need scale: the score (0-4), its name and what it means.
        lines += table_head([_("Score"), _("Level"), _("Meaning")], "rll")
        lines += [f"| {lv.score} | {cell(lv.label)} | {cell(lv.meaning)} |" for lv in cur.scale.levels] + [""]
    for d in cur.domains.values():
        progs, servs = cur.addressing(d.id)
        lines += [f"(domain-{d.id})=", f"## {d.title}", "", d.description, ""]
        lines += [_("**Questions to open the conversation:**"), "", bullets(d.questions), ""]
        lines += table_head([_("Score"), _("What it looks like")], "rl")
        lines += [f"| {p.score} | {cell(p.descriptor)} |" for p in d.scale] + [""]
        if progs:
            links = ", ".join(ref(p.title, p.id) for p in progs)
            lines += [_("**Programmes:** {links}").format(links=links), ""]
        if servs:
            links = ", ".join(ref(s.title, f"service-{s.id}") for s in servs)
            lines += [_("**Services:** {links}").format(links=links), ""]
    return "\n".join(lines)


def render_services(cur: Curriculum) -> str:
    lines = ["(services)=", "# " + _("Services and roles"), ""]
    lines += [_("The services the source documents name, who provides them and which needs they meet."), ""]
    for s in cur.services.values():
        lines += [f"(service-{s.id})=", f"## {s.title}", "", s.description, ""]
        lines += ["- " + _("**Provided by:** {roles}").format(roles=_names(s.provided_by, cur.roles))]
        needs = ", ".join(ref(cur.domains[d].title, f"domain-{d}") for d in s.needs_addressed)
        lines += ["- " + _("**Needs:** {needs}").format(needs=needs)]
        if s.programme and s.programme in cur.programmes:
            p = cur.programmes[s.programme]
            lines += ["- " + _("**Programme:** {programme}").format(programme=ref(p.title, p.id))]
        lines += ["- " + _("**Source:** {sources}").format(sources="; ".join(source_text(x) for x in s.sources)), ""]
    lines += ["(roles)=", "## " + _("Roles"), ""]
    for r in cur.roles.values():
        lines += [f"**{r.title}.** {r.description}", ""]
    return "\n".join(lines)


def render_glossary(cur: Curriculum) -> str:
    lines = ["(glossary)=", "# " + _("Glossary"), "", "```{glossary}"]
    for t in sorted(cur.glossary, key=lambda t: strip_marks(t.term).lower()):
        lines += [t.term, "  " + " ".join(t.definition.split()), ""]
    lines += ["```", ""]
    return "\n".join(lines)


CITE = re.compile(r"\(((?:[a-z]+\d{4}[a-z]*)(?:\s*[;,]\s*[a-z]+\d{4}[a-z]*)*)\)")


def link_citations(text: str, keys: set[str] | None = None) -> str:
    """Turn "(miller2013)" or "(bonta2017; ward2007)" in prose into bibliography citations."""
    keys = bibliography_keys() if keys is None else keys
    if not keys:
        return text

    def sub(m: re.Match) -> str:
        found = [k.strip() for k in re.split(r"[;,]", m.group(1))]
        return f"{{cite:p}}`{','.join(found)}`" if all(k in keys for k in found) else m.group(0)

    return CITE.sub(sub, text)


# --------------------------------------------------------------------------- translation notes and the book

# The data catalogues (curriculum.i18n.data_catalog_name) that every page may draw on.
SHARED = {name: f"curriculum/{name}" for name in ("areas", "roles", "domains", "scale", "services", "glossary")}


def programme_catalog(prog: Programme) -> str:
    """The data catalogue of a programme (its file is named after its id)."""
    return f"curriculum/programmes/{prog.id}"


def page_catalogs(cur: Curriculum) -> dict[str, set[str]]:
    """For each page of this module, the data catalogues whose text it shows."""

    def progs(items) -> set[str]:
        return {programme_catalog(p) for p in items}

    linked = [p for d in cur.domains for p in cur.addressing(d)[0]]
    served = [cur.programmes[s.programme] for s in cur.services.values() if s.programme in cur.programmes]
    out = {
        "domains.md": {SHARED["domains"], SHARED["scale"], SHARED["services"]} | progs(linked),
        "services.md": {SHARED["services"], SHARED["roles"], SHARED["domains"]} | progs(served),
        "glossary.md": {SHARED["glossary"]},
    }
    for area_id in cur.areas:
        out[f"areas/{area_id}.md"] = {SHARED["areas"]} | progs(cur.programmes_in(area_id))
    from .render_countries import edition_catalog

    countries = edition_catalog(cur)
    for prog in cur.programmes.values():
        out[f"programmes/{prog.area}/{prog.id}.md"] = {
            programme_catalog(prog),
            SHARED["areas"],
            SHARED["roles"],
            SHARED["domains"],
        } | countries
    return out


def uses_drafts(cur: Curriculum, catalogs: set[str]) -> bool:
    """Whether any of these data catalogues gave a draft translation when the curriculum was loaded."""
    return any(getattr(cur.usage.get(name), "drafts", 0) > 0 for name in catalogs)


def _note(css: str, english: str) -> str:
    """One paragraph the theme can style; marked as English while the note itself has no translation."""
    text = _(english)
    lang = ' lang="en"' if text == english and current_language() != SOURCE_LANGUAGE else ""
    return f'<p class="{css}" role="note"{lang}>{html.escape(text)}</p>'


def translation_notes(md: str, draft: bool) -> list[str]:
    """The one-line notes a page of a translated edition opens with: untranslated parts, draft translation."""
    notes = []
    if has_fallback(md):
        notes.append(
            _note("partial-translation", N_("Parts of this page are not translated yet and are shown in English."))
        )
    if draft:
        notes.append(_note("draft-translation", N_("Draft translation, not yet reviewed by a native speaker.")))
    return notes


def finish_page(md: str, draft: bool = False) -> str:
    """A page as it is written: translation notes under the title, fallback marks made visible."""
    notes = translation_notes(md, draft)
    if notes:
        lines = md.split("\n")
        title = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1)
        insert: list[str] = []
        for note in notes:
            insert += ["", note]
        if title < 0:
            insert = insert[1:] + [""]
        lines[title + 1 : title + 1] = insert
        md = "\n".join(lines)
    return show_fallback(md)


def render_book(cur: Curriculum, out: Path, ex=None) -> list[Path]:
    """Write every generated page under ``out`` (emptied first), in ``cur.language``. Returns the files written.

    ``ex`` (the exercises) adds the course, module, case-study and role-play pages.
    """
    with use_language(cur.language):
        return _render_book(cur, Path(out), ex)


def _render_book(cur: Curriculum, out: Path, ex) -> list[Path]:
    pages: dict[str, str] = {
        "domains.md": render_domains(cur),
        "services.md": render_services(cur),
        "glossary.md": render_glossary(cur),
    }
    for area_id in cur.areas:
        pages[f"areas/{area_id}.md"] = render_area(area_id, cur)
    for prog in cur.programmes.values():
        pages[f"programmes/{prog.area}/{prog.id}.md"] = render_programme(prog, cur)
    from .render_countries import country_catalogs, render_country_pages
    from .render_recommend import render_recommendations

    pages.update(render_country_pages(cur))
    catalogs = page_catalogs(cur) | country_catalogs(cur)
    pages["recommendations.md"] = render_recommendations(cur)
    catalogs["recommendations.md"] = {"curriculum/recommendation-cases", SHARED["domains"], SHARED["services"]}
    if ex is not None:
        from .render_courses import course_page_catalogs, render_course_pages

        pages.update(render_course_pages(cur, ex))
        catalogs.update(course_page_catalogs(cur, ex))
        from .render_courses import course_catalog, module_catalog
        from .training_needs import needs_file, render_needs_page

        for course in cur.courses.values():
            pages[needs_file(course)] = render_needs_page(course, cur)
            mods = {module_catalog(m) for m in cur.course_modules(course.id)}
            catalogs[needs_file(course)] = {course_catalog(course.id)} | mods
    keys = bibliography_keys()
    translated = cur.language != SOURCE_LANGUAGE
    # The generator's own words (headings, labels) come from the toolkit catalogue: drafts there count too.
    code_drafts = bool(getattr(code_translations(cur.language), "drafts", ()))
    written = []
    for rel, text in pages.items():
        path = out / rel
        draft = translated and (uses_drafts(cur, catalogs.get(rel, set())) or code_drafts)
        from .trainer_kit import plain_sources

        text = finish_page(plain_sources(link_citations(text, keys)), draft=draft)
        # Unchanged pages keep their file (and time stamp), so Sphinx rebuilds only what changed.
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        written.append(path)
    keep = set(written)
    if out.exists():
        for stale in [p for p in out.rglob("*") if p.is_file() and p not in keep]:
            stale.unlink()
        for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
    return written
