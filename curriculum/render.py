"""Generate the book's data pages (programmes, areas, needs domains, services, glossary).

Everything written here goes to ``book/generated/``, which is rebuilt on every
``python -m curriculum render`` and never committed: the data is the only source.
"""

from __future__ import annotations

import re
from pathlib import Path

from .loader import Curriculum, bibliography_keys
from .schema import Programme, Session

AUDIENCE = {"adult": "Adults", "minor": "Minors (under 18)", "staff": "Staff"}
FORMAT = {"group": "Group", "individual": "Individual", "group-or-individual": "Group or individual"}
USE = {
    "mandatory": "Mandatory",
    "voluntary": "Voluntary",
    "mandatory-or-voluntary": "Mandatory or voluntary",
}
SEEDS = {
    "000": "Seed 000: Estonian Ministry of Justice, reentry services (mentoring and housing)",
    "001": "Seed 001: Georgian National Agency for Crime Prevention, Execution of Non-custodial Sentences and "
    "Probation, rehabilitation and resocialisation programmes and services",
    "002": "Seed 002: VOLONTÉ CZECH, VOL Mentoring project (CZ-JUSTICE-0005)",
    "003": "Seed 003: Czech resocialisation (social training) programmes and activation workers",
    "004": "Seed 004: Georgian penitentiary and probation system, services and staff training",
}


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def block(text: str) -> str:
    """Author Markdown placed inside a directive: headings become bold lines.

    Headings are not allowed inside admonitions and would fail the build.
    """
    out = []
    for line in str(text).strip().splitlines():
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
    return f"{value:g}"


def programme_path(prog: Programme) -> str:
    """Path of a programme page inside the built book, without suffix."""
    return f"book/generated/programmes/{prog.area}/{prog.id}"


def programme_url(prog: Programme) -> str:
    return programme_path(prog) + ".html"


def session_label(prog: Programme, session: Session) -> str:
    return f"{prog.id}-session-{session.number}"


def _names(ids: list[str], table: dict) -> str:
    return ", ".join(table[i].title if i in table else i for i in ids)


def render_programme(prog: Programme, cur: Curriculum) -> str:
    area = cur.areas[prog.area]
    lines: list[str] = [f"({prog.id})=", f"# {prog.title}", "", prog.summary, ""]
    group = f"{prog.group_size.min}–{prog.group_size.max} participants" if prog.group_size else "One to one"
    glance = [
        ("Area", ref(area.title, f"area-{area.id}")),
        ("For", ", ".join(AUDIENCE[a.value] for a in prog.audience)),
        ("Format", f"{FORMAT[prog.format.value]}; {group}"),
        ("Where", ", ".join(s.value.capitalize() for s in prog.settings)),
        ("In the sentence-execution plan", USE[prog.use.value]),
        ("Delivered by", _names(prog.delivered_by, cur.roles)),
        ("Sessions", f"{prog.session_count}, each at least {prog.min_session_minutes} minutes"),
        ("Total", f"at least {hours(prog.min_total_hours)} hours (as planned here: {hours(prog.total_hours)} hours)"),
        ("Needs addressed", ", ".join(ref(cur.domains[d].title, f"domain-{d}") for d in prog.needs_addressed)),
    ]
    if prog.duration:
        glance.append(("Duration", prog.duration))
    lines += ["| | |", "|---|---|"] + [f"| **{k}** | {cell(v)} |" for k, v in glance] + [""]

    lines += ["## Purpose", "", prog.purpose, ""]
    lines += ["## Who it is for", "", prog.for_whom, "", "**Not for:** " + prog.not_for, ""]
    lines += [
        "## Place in the individual sentence-execution plan",
        "",
        f"**{USE[prog.use.value]}.** {prog.use_note}",
        "",
    ]
    if prog.targets:
        lines += ["## Targets", "", bullets(prog.targets), ""]
    lines += ["## Entry criteria", "", bullets(prog.entry_criteria), ""]
    lines += ["## Completion", ""]
    rule = f"At least **{hours(prog.completion.min_hours)} hours** attended"
    if prog.completion.requires_individual_plan:
        rule += " **and** an individual plan created"
    lines += [f"{rule}. {prog.completion.rule}", ""]
    lines += ["## How progress is evaluated", "", bullets(prog.evaluation), ""]

    lines += ["## Phases", ""]
    for ph in prog.phases:
        nums = [s.number for s in prog.sessions if s.phase == ph.id]
        span = f" (sessions {nums[0]}–{nums[-1]})" if len(nums) > 1 else (f" (session {nums[0]})" if nums else "")
        lines += [f"**{ph.title}**{span}: {' '.join(ph.description.split())}", ""]
        if ph.contact:
            lines += [f"- *Contact:* {' '.join(ph.contact.split())}"]
        if ph.tools:
            lines += [f"- *Apps and forms:* {'; '.join(ph.tools)}"]
        if ph.contact or ph.tools:
            lines.append("")

    lines += ["## Schedule", "", "| Session | Title | Phase | Minutes | Cumulative hours |", "|---:|---|---|---:|---:|"]
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
        lines += [":::{admonition} Figures of our own choosing", ":class: note", ""]
        lines += [
            "The seeds do not give these; we chose them from common practice. Change them to fit your agency.",
            "",
        ]
        lines += [f"- **{k.replace('_', ' ')}**: {' '.join(v.split())}" for k, v in prog.our_choices.items()]
        lines += [":::", ""]
    if prog.adapt_locally:
        lines += [":::{admonition} Adapt locally", ":class: tip", "", bullets(prog.adapt_locally), ":::", ""]

    lines += ["## Sources", "", bullets([SEEDS[s.seed] + f": {s.note}" for s in prog.sources]), ""]
    if prog.references:
        lines += ["Evidence: " + "; ".join(f"{{cite}}`{k}`" for k in prog.references) + ".", ""]

    lines += ["## Session plans", ""]
    for s in prog.sessions:
        lines += render_session(prog, s, phase_titles[s.phase])
    return "\n".join(lines).rstrip() + "\n"


def notes_dropdown(items: list[str]) -> list[str]:
    """Facilitator notes, collapsed on screen and opened for printing (see book/_static/print.js)."""
    return [
        "::::{dropdown} Facilitator notes",
        ":class-container: facilitator-notes",
        "",
        block(bullets(items)),
        "::::",
        "",
    ]


def render_activities(activities) -> list[str]:
    """A timed table (clock from 0:00), then each activity's steps."""
    lines = ["| Time | Minutes | Method | Activity |", "|---|---:|---|---|"]
    start = 0
    for a in activities:
        lines.append(f"| {hhmm(start)}–{hhmm(start + a.minutes)} | {a.minutes} | {a.method.value} | {cell(a.title)} |")
        start += a.minutes
    lines.append("")
    start = 0
    for a in activities:
        lines += [f"**{hhmm(start)} {a.title}** ({a.minutes} min, {a.method.value})", "", block(a.description), ""]
        start += a.minutes
    return lines


def render_session(prog: Programme, s: Session, phase_title: str) -> list[str]:
    lines = [f"({session_label(prog, s)})=", f"### Session {s.number}: {s.title}", ""]
    lines += [f"*{phase_title} · {s.minutes} minutes · {prog.title}*", ""]
    lines += ["**Objectives.**", "", bullets(s.objectives), ""]
    lines += ["**Opening.**", "", quote(s.opening), ""]
    lines += render_activities(s.activities)
    lines += ["**Watch for.**", "", bullets(s.watch_for), ""]
    lines += ["**Closing.**", "", quote(s.closing), ""]
    lines += ["**Materials.**", "", bullets(s.materials), ""]
    lines += notes_dropdown(s.facilitator_notes)
    if s.homework:
        lines += ["**Homework.** " + " ".join(s.homework.split()), ""]
    lines += [":::{admonition} How this session is checked", ":class: hint", "", s.check, ":::", ""]
    if s.handout:
        lines += [
            f":::{{admonition}} Handout: {s.handout.title}",
            ":class: handout",
            "",
            f"*{prog.title}, session {s.number}*",
            "",
            block(s.handout.body),
            ":::",
            "",
        ]
    return lines


def render_area(area_id: str, cur: Curriculum) -> str:
    area = cur.areas[area_id]
    progs = cur.programmes_in(area_id)
    lines = [f"({'area-' + area.id})=", f"# {area.title}", "", area.description, ""]
    lines += ["| Programme | For | Format | Sessions | Hours |", "|---|---|---|---:|---:|"]
    for p in progs:
        lines.append(
            f"| {ref(cell(p.title), p.id)} | {', '.join(AUDIENCE[a.value] for a in p.audience)} "
            f"| {FORMAT[p.format.value]} | {p.session_count} | {hours(p.min_total_hours)} |"
        )
    lines += ["", "**Sources:**", "", bullets([SEEDS[s.seed] + f": {s.note}" for s in area.sources]), ""]
    return "\n".join(lines)


def render_domains(cur: Curriculum) -> str:
    lines = ["(needs-domains)=", "# Needs domains and the need scale", ""]
    lines += [
        "The needs-assessment app and every programme's *needs addressed* use this one list. "
        "The scale and every descriptor are our own; they are not taken from any licensed instrument "
        "(such as the Outcomes Star or LSI-R).",
        "",
    ]
    if cur.scale:
        lines += [f"## {cur.scale.title}", "", cur.scale.description, ""]
        lines += ["| Score | Level | Meaning |", "|---:|---|---|"]
        lines += [f"| {lv.score} | {cell(lv.label)} | {cell(lv.meaning)} |" for lv in cur.scale.levels] + [""]
    for d in cur.domains.values():
        progs, servs = cur.addressing(d.id)
        lines += [f"(domain-{d.id})=", f"## {d.title}", "", d.description, ""]
        lines += ["**Questions to open the conversation:**", "", bullets(d.questions), ""]
        lines += ["| Score | What it looks like |", "|---:|---|"]
        lines += [f"| {p.score} | {cell(p.descriptor)} |" for p in d.scale] + [""]
        if progs:
            links = ", ".join(ref(p.title, p.id) for p in progs)
            lines += [f"**Programmes:** {links}", ""]
        if servs:
            lines += [f"**Services:** {', '.join(ref(s.title, f'service-{s.id}') for s in servs)}", ""]
    return "\n".join(lines)


def render_services(cur: Curriculum) -> str:
    lines = ["(services)=", "# Services and roles", ""]
    lines += ["The services the source documents name, who provides them and which needs they meet.", ""]
    for s in cur.services.values():
        lines += [f"(service-{s.id})=", f"## {s.title}", "", s.description, ""]
        lines += [f"- **Provided by:** {_names(s.provided_by, cur.roles)}"]
        lines += [f"- **Needs:** {', '.join(ref(cur.domains[d].title, f'domain-{d}') for d in s.needs_addressed)}"]
        if s.programme and s.programme in cur.programmes:
            p = cur.programmes[s.programme]
            lines += [f"- **Programme:** {ref(p.title, p.id)}"]
        lines += [f"- **Source:** {'; '.join(SEEDS[x.seed] + ': ' + x.note for x in s.sources)}", ""]
    lines += ["(roles)=", "## Roles", ""]
    for r in cur.roles.values():
        lines += [f"**{r.title}.** {r.description}", ""]
    return "\n".join(lines)


def render_glossary(cur: Curriculum) -> str:
    lines = ["(glossary)=", "# Glossary", "", "```{glossary}"]
    for t in sorted(cur.glossary, key=lambda t: t.term.lower()):
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


def render_book(cur: Curriculum, out: Path, ex=None) -> list[Path]:
    """Write every generated page under ``out`` (emptied first). Returns the files written.

    ``ex`` (the exercises) adds the course, module, case-study and role-play pages.
    """
    out = Path(out)
    pages: dict[str, str] = {
        "domains.md": render_domains(cur),
        "services.md": render_services(cur),
        "glossary.md": render_glossary(cur),
    }
    for area_id in cur.areas:
        pages[f"areas/{area_id}.md"] = render_area(area_id, cur)
    for prog in cur.programmes.values():
        pages[f"programmes/{prog.area}/{prog.id}.md"] = render_programme(prog, cur)
    if ex is not None:
        from .render_courses import render_course_pages

        pages.update(render_course_pages(cur, ex))
    keys = bibliography_keys()
    written = []
    for rel, text in pages.items():
        path = out / rel
        text = link_citations(text, keys)
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
