"""Generate the staff-course pages: each course with its agenda, one page per module (reading,
timed plan, handout, role-plays, self-check), the case studies and an index of role-plays.

:func:`render_course_pages` returns ``{path under book/generated/: MyST Markdown}``; nothing is
written here. Helpers, labels and style are those of :mod:`curriculum.render`.
"""

from __future__ import annotations

import re

from .exercises import CaseStudy, Exercises, Quiz, RolePlay
from .loader import Curriculum
from .render import SEEDS, block, bullets, cell, hhmm, hours, notes_dropdown, ref, render_activities
from .schema import AgendaDay, Course, Module

LETTERS = "ABCDEF"  # a question has at most six options (curriculum.exercises.Question)
NOT_TEACHING = {"break", "lunch"}
DAY_KIND = {"room": "In the room", "follow-up": "Follow-up"}
URGENCY = {"before-release": "Before release", "at-release": "At release", "after-release": "After release"}
# The apps are served beside the book by widgets/serve.py.
NEEDS_APP = "/voila/render/needs-assessment.ipynb"
QUIZ_APP = "/voila/render/quiz.ipynb"
PRINT_HELP = (
    "Use your browser's *Print* on a module page: the print layout drops the navigation, opens every "
    "facilitator-notes block, role card and solution, and starts each handout and observer checklist on its own "
    "A4 page. To print only a handout, note its page in the print preview and choose *Pages* in the print dialog."
)


# --------------------------------------------------------------------------- paths and labels


def course_label(course_id: str) -> str:
    return f"course-{course_id}"


def module_file(mod: Module) -> str:
    """Path of a module page, relative to book/generated/."""
    return f"courses/{mod.course}/modules/{mod.number:02d}-{mod.id}.md"


def module_path(mod: Module) -> str:
    """Path of a module page inside the built book, without suffix (like render.programme_path)."""
    return "book/generated/" + module_file(mod).removesuffix(".md")


def self_check_label(mod: Module) -> str:
    return f"{mod.id}-self-check"


def exercise_label(quiz: Quiz, question_id: str) -> str:
    return f"{quiz.id}-{question_id}"


def case_label(case_id: str) -> str:
    return f"case-{case_id}"


def clock(start: str, minutes: int) -> str:
    """``start`` ("09:00") plus ``minutes``, as a 24-hour clock time."""
    h, m = (int(x) for x in start.split(":"))
    total = (h * 60 + m + minutes) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def app_link(text: str, url: str) -> str:
    """A plain Markdown link to an app served beside the book; the class keeps MyST from resolving it as a page."""
    return f"[{text}]({url}){{.external}}"


def _items(items: list[str]) -> str:
    """A bullet list of author text, safe inside a directive."""
    return block(bullets(items))


def module_quizzes(mod: Module, ex: Exercises) -> list[Quiz]:
    return [q for q in ex.quizzes.values() if q.module == mod.id and q.course == mod.course]


def _home(rp: RolePlay, cur: Curriculum) -> Module | None:
    """The module page that carries a role-play in full (and its label)."""
    mod = cur.modules.get(rp.module)
    return mod if mod is not None and mod.course == rp.course else None


def module_role_plays(mod: Module, cur: Curriculum, ex: Exercises) -> list[RolePlay]:
    """The role-plays a module lists, then those that name the module but are not listed."""
    listed = [ex.role_plays[r] for r in mod.role_plays if r in ex.role_plays]
    extra = sorted(
        (rp for rp in ex.role_plays.values() if _home(rp, cur) is mod and rp.id not in mod.role_plays),
        key=lambda rp: rp.id,
    )
    return listed + extra


def _moduleref(mod: Module) -> str:
    return ref(f"Module {mod.number}: {mod.title}", mod.id)


def _demote(markdown: str, top: int = 3) -> str:
    """Author Markdown placed at page level, below a ``##`` section.

    ATX headings outside code fences are renumbered: the highest becomes ``top`` and no level is
    skipped (MyST warns on a skipped level, and the build treats warnings as errors). Horizontal
    rules are dropped (a rule where a section starts or ends is an error too); a line of underscores
    stays a line to write on.
    """
    lines = str(markdown).strip().splitlines()
    fence = None
    found: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        m = re.match(r"^\s{0,3}(`{3,}|~{3,}|:{3,})", line)
        if m:
            mark = m.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip()[len(mark) :].strip():
                fence = None
            continue
        if fence is not None:
            continue
        if re.match(r"^\s*_{3,}\s*$", line):
            lines[i] = "\\_" * len(line.strip())  # a line to write on, not a rule
        elif re.match(r"^\s{0,3}([-*])(\s*\1){2,}\s*$", line) and (i == 0 or not lines[i - 1].strip()):
            lines[i] = ""  # a rule where a section starts or ends fails the build; headings divide the reading
        elif h := re.match(r"^\s{0,3}(#{1,6})(\s|$)", line):
            found.append((i, len(h.group(1))))
    if not found:
        return "\n".join(lines).strip()
    shift = top - min(level for _, level in found)
    previous = top - 1
    for i, level in found:
        new_level = max(top, min(level + shift, previous + 1, 6))
        lines[i] = re.sub(r"^\s{0,3}#{1,6}", "#" * new_level, lines[i], count=1)
        previous = new_level
    return "\n".join(lines).strip()


# --------------------------------------------------------------------------- course page


def _day_rows(day: AgendaDay, cur: Curriculum) -> list[str]:
    rows = ["| Time | Minutes | What | Module |", "|---|---:|---|---|"]
    start = 0
    for item in day.items:
        mod = cur.modules.get(item.module) if item.module else None
        where = ref(f"Module {mod.number}", mod.id) if mod else (cell(item.module) if item.module else "")
        what = cell(item.title) if item.kind not in NOT_TEACHING else f"*{cell(item.title)}*"
        rows.append(
            f"| {clock(day.start, start)}–{clock(day.start, start + item.minutes)} | {item.minutes} | {what} | {where} |"
        )
        start += item.minutes
    return rows


def _teaching(day: AgendaDay) -> int:
    return sum(i.minutes for i in day.items if i.kind not in NOT_TEACHING)


def module_slots(course: Course) -> dict[str, list[str]]:
    """When each module is taught: "Day 1, 09:30–11:00" for every agenda slot."""
    out: dict[str, list[str]] = {}
    for day in course.agenda:
        start = 0
        for item in day.items:
            if item.module:
                span = f"{clock(day.start, start)}–{clock(day.start, start + item.minutes)}"
                out.setdefault(item.module, []).append(f"{day.when}, {span}")
            start += item.minutes
    return out


def render_course(course: Course, cur: Curriculum, ex: Exercises) -> str:
    mods = cur.course_modules(course.id)
    room = [d for d in course.agenda if d.kind == "room"]
    follow = [d for d in course.agenda if d.kind == "follow-up"]
    minutes = {k: sum(d.item_minutes for d in days) for k, days in (("room", room), ("follow-up", follow))}
    teaching = {k: sum(_teaching(d) for d in days) for k, days in (("room", room), ("follow-up", follow))}
    total, total_teaching = sum(minutes.values()), sum(teaching.values())
    self_study = sum(m.self_study_minutes for m in mods)
    roles = [cur.roles[r].title if r in cur.roles else r for r in course.audience]

    lines = [f"({course_label(course.id)})=", f"# {course.title}", "", course.summary, ""]
    glance = [
        ("For", ", ".join(roles)),
        ("Modules", str(len(course.modules))),
        ("In the room", f"{len(room)} days, {hours(round(minutes['room'] / 60, 2))} hours"),
        ("Follow-up", f"{len(follow)} meetings, {hours(round(minutes['follow-up'] / 60, 2))} hours"),
        (
            "Total",
            f"{hours(round(total / 60, 2))} hours, of which {hours(round(total_teaching / 60, 2))} hours "
            "teaching (without breaks and lunch)",
        ),
        ("Self-study", f"about {hours(round(self_study / 60, 1))} hours of reading and self-checks"),
    ]
    lines += ["| | |", "|---|---|"] + [f"| **{k}** | {cell(v)} |" for k, v in glance] + [""]

    lines += ["## Purpose", "", course.purpose, ""]
    lines += ["## Who it is for", "", bullets(roles), ""]
    lines += ["## Standards", "", bullets(course.standards), ""]
    lines += ["## Assessment and sign-off", "", bullets(course.assessment), ""]

    lines += ["## Agenda", ""]
    lines += [
        "Times are clock times; each module links to its page with the timed plan, handout, role-plays "
        "and self-check. Breaks and lunch are in italics.",
        "",
    ]
    for day in course.agenda:
        end = clock(day.start, day.item_minutes)
        lines += [f"### {day.title}", "", f"*{day.when} · {DAY_KIND[day.kind].lower()} · {day.start}–{end}*", ""]
        lines += _day_rows(day, cur) + [""]
        lines += [
            f"**Day total:** {day.item_minutes} minutes ({hhmm(day.item_minutes)} h), of which "
            f"{_teaching(day)} minutes teaching.",
            "",
        ]
    lines += ["### Course hours", ""]
    lines += ["| | Days | Hours | Teaching hours |", "|---|---:|---:|---:|"]
    for kind, days in (("room", room), ("follow-up", follow)):
        lines.append(
            f"| {DAY_KIND[kind]} | {len(days)} | {hours(round(minutes[kind] / 60, 2))} "
            f"| {hours(round(teaching[kind] / 60, 2))} |"
        )
    lines += [
        f"| **Total** | **{len(course.agenda)}** | **{hours(round(total / 60, 2))}** "
        f"| **{hours(round(total_teaching / 60, 2))}** |",
        "",
        "Teaching hours leave out breaks and lunch; openings, reviews, practice and closings count.",
        "",
    ]

    lines += ["## Self-study path", ""]
    lines += [
        "Read the modules in order. Each page opens with its objectives and a reading, and ends with a self-check: "
        "questions with feedback on every answer. The same questions are in the "
        f"{app_link('quiz app', QUIZ_APP)} when the book is served with the apps.",
        "",
        "| Module | Title | Self-study minutes | Self-check |",
        "|---:|---|---:|---|",
    ]
    for m in mods:
        quizzes = module_quizzes(m, ex)
        count = sum(len(q.questions) for q in quizzes)
        check = ref(f"{count} questions", self_check_label(m)) if quizzes else "–"
        lines.append(f"| {m.number} | {ref(m.title, m.id)} | {m.self_study_minutes} | {check} |")
    lines += ["", f"**Total:** {self_study} minutes ({hhmm(self_study)} h) of self-study.", ""]

    lines += ["## Printing handouts", "", PRINT_HELP, ""]
    lines += ["## Sources", "", bullets([SEEDS[s.seed] + f": {s.note}" for s in course.sources]), ""]
    if course.references:
        lines += ["Evidence: " + "; ".join(f"{{cite}}`{k}`" for k in course.references) + ".", ""]
    if course.adapt_locally:
        lines += [":::{admonition} Adapt locally", ":class: tip", "", _items(course.adapt_locally), ":::", ""]
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- module page


def render_role_play(rp: RolePlay, label: bool = True) -> list[str]:
    lines = [f"({rp.id})="] if label else []
    lines += [f"### Role-play: {rp.title}", ""]
    lines += [f"*{rp.minutes} minutes · {len(rp.roles)} roles*", ""]
    lines += ["**Purpose.** " + " ".join(rp.purpose.split()), ""]
    lines += ["**Setting.** " + " ".join(rp.setting.split()), ""]
    lines += ["Each player reads only their own role card.", ""]
    for role in rp.roles:
        lines += [f":::{{dropdown}} Role card: {role.name}", "", block(role.brief), ":::", ""]
    lines += [
        f":::{{admonition}} Observer checklist: {rp.title}",
        ":class: handout",
        "",
        "Mark each behaviour: seen, partly seen or not seen, and note the words used.",
        "",
    ]
    for item in rp.observer_checklist:
        text = re.sub(r"^\s*(?:[-*]\s*)?\[[ xX]?\]\s*", "", " ".join(item.split()))
        lines += ["☐ " + block(text), ""]
    lines += [":::", ""]
    lines += ["**Debrief.**", "", bullets(rp.debrief), ""]
    lines += notes_dropdown(rp.facilitator_notes)
    return lines


def render_quiz(quiz: Quiz) -> list[str]:
    lines = [f"*{quiz.title}: {len(quiz.questions)} questions.*", ""]
    for n, q in enumerate(quiz.questions, 1):
        label = exercise_label(quiz, q.id)
        key = next(i for i, o in enumerate(q.options) if o.correct)
        lines += [f":::{{exercise}} Question {n}", f":label: {label}", ":nonumber:", "", block(q.prompt), ""]
        lines += [block("\n".join(f"- **{LETTERS[i]}.** {' '.join(o.text.split())}" for i, o in enumerate(q.options)))]
        lines += [
            ":::",
            "",
            f":::{{solution}} {label}",
            ":class: dropdown",
            "",
            f"**The answer is {LETTERS[key]}.**",
            "",
        ]
        feedback = [
            f"- **{LETTERS[i]}{' (right)' if o.correct else ''}.** {' '.join(o.feedback.split())}"
            for i, o in enumerate(q.options)
        ]
        lines += [block("\n".join(feedback)), ":::", ""]
    return lines


def render_module(mod: Module, cur: Curriculum, ex: Exercises) -> str:
    course = cur.courses[mod.course]
    slots = module_slots(course).get(mod.id, [])
    lines = [f"({mod.id})=", f"# Module {mod.number}: {mod.title}", ""]
    lines += [
        f"*{ref(course.title, course_label(course.id))} · {mod.minutes} minutes in the room · "
        f"about {mod.self_study_minutes} minutes of self-study*",
        "",
    ]
    lines += [":::{admonition} Objectives", ":class: note", "", "After this module you can:", ""]
    lines += [_items(mod.objectives), ":::", ""]

    lines += ["## Reading", "", _demote(mod.reading), ""]
    lines += [":::{admonition} Key points", ":class: important", "", _items(mod.key_points), ":::", ""]

    lines += ["## In the room", ""]
    when = f" Taught on {'; '.join(slots)}." if slots else ""
    lines += [f"{mod.minutes} minutes.{when} Times below are from the start of the module.", ""]
    lines += render_activities(mod.activities)
    lines += ["**Materials.**", "", bullets(mod.materials), ""]
    lines += notes_dropdown(mod.facilitator_notes)
    if mod.handout:
        lines += [
            f":::{{admonition}} Handout: {mod.handout.title}",
            ":class: handout",
            "",
            f"*{course.title}, module {mod.number}*",
            "",
            block(mod.handout.body),
            ":::",
            "",
        ]

    rps = module_role_plays(mod, cur, ex)
    missing_rps = [r for r in mod.role_plays if r not in ex.role_plays]
    if rps or missing_rps:
        lines += ["## Role-plays", ""]
        for rp in rps:
            home = _home(rp, cur)
            if home is mod or home is None:
                lines += render_role_play(rp, label=home is mod)
            else:
                lines += [f"### Role-play: {rp.title}", "", f"See {ref(rp.title, rp.id)} in {_moduleref(home)}.", ""]
        if missing_rps:
            lines += [f"Not written yet: {', '.join(missing_rps)}.", ""]

    if mod.case_studies:
        lines += ["## Case studies", ""]
        lines += [
            f"Work through these fictional clients; each can be opened in the {app_link('needs-assessment app', NEEDS_APP)}.",
            "",
        ]
        for cid in mod.case_studies:
            case = ex.case_studies.get(cid)
            lines.append(f"- {ref(case.title, case_label(cid))}" if case else f"- {cid} (not written yet)")
        lines.append("")

    lines += [f"({self_check_label(mod)})=", "## Self-check", ""]
    quizzes = module_quizzes(mod, ex)
    if quizzes:
        lines += [
            "Choose your answer, then open the solution: it gives the answer and feedback on every option. "
            f"You can also take these questions one at a time in the {app_link('quiz app', QUIZ_APP)}.",
            "",
        ]
        for quiz in quizzes:
            lines += render_quiz(quiz)
    else:
        lines += ["No self-check has been written for this module yet.", ""]

    if mod.references:
        lines += ["## Evidence", "", "; ".join(f"{{cite}}`{k}`" for k in mod.references) + ".", ""]
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- exercises


def _case_uses(cur: Curriculum) -> dict[str, list[Module]]:
    uses: dict[str, list[Module]] = {}
    for course_id in cur.courses:
        for mod in cur.course_modules(course_id):
            for cid in mod.case_studies:
                uses.setdefault(cid, []).append(mod)
    return uses


def render_case(case: CaseStudy, cur: Curriculum, used_in: list[Module]) -> list[str]:
    lines = [f"({case_label(case.id)})=", f"## {case.title}", ""]
    who = f"{case.name}, {case.age}, {case.audience}"
    glance = [
        ("Client", f"{who} (fictional); code {case.client_code}"),
        ("Situations", ", ".join(s.value.replace("-", " ") for s in case.situations)),
        ("Sentence", case.sentence),
        ("Release", case.release),
    ]
    if used_in:
        glance.append(("Used in", ", ".join(_moduleref(m) for m in used_in)))
    lines += ["| | |", "|---|---|"] + [f"| **{k}** | {cell(v)} |" for k, v in glance] + [""]
    lines += ["**Background.**", "", block(case.background), ""]
    lines += ["**Strengths.**", "", bullets(case.strengths), ""]
    lines += ["**What they want.**", "", bullets(case.wants), ""]
    if case.worries:
        lines += ["**Worries.**", "", bullets(case.worries), ""]

    lines += ["::::{dropdown} Facilitator version", ":class-container: facilitator-notes", ""]
    lines += [
        "**Assessment** (0 = no need … 4 = critical need; both views are kept).",
        "",
        "| Domain | Client | Practitioner | Urgency | Note |",
        "|---|---:|---:|---|---|",
    ]
    for dom, r in case.assessment.items():
        title = ref(cur.domains[dom].title, f"domain-{dom}") if dom in cur.domains else cell(dom)
        urgency = URGENCY[r.urgency.value] if r.urgency else "–"
        lines.append(f"| {title} | {r.client} | {r.practitioner} | {urgency} | {cell(r.note)} |")
    lines += ["", "**Discussion points.**", "", _items(case.discussion_points), ""]
    lines += ["**Facilitator notes.**", "", _items(case.facilitator_notes), ""]
    progs = [ref(cur.programmes[p].title, p) if p in cur.programmes else cell(p) for p in case.suggested_programmes]
    servs = [
        ref(cur.services[s].title, f"service-{s}") if s in cur.services else cell(s) for s in case.suggested_services
    ]
    if progs:
        lines += ["**Suggested programmes:** " + ", ".join(progs), ""]
    if servs:
        lines += ["**Suggested services:** " + ", ".join(servs), ""]
    lines += ["::::", ""]
    return lines


def render_case_studies(cur: Curriculum, ex: Exercises) -> str:
    lines = ["(case-studies)=", "# Case studies", ""]
    lines += [
        ":::{admonition} Every person here is fictional",
        ":class: note",
        "",
        "Names, places and events are invented for training. Any likeness to a real person is chance. "
        "Never bring a real client's story into a training group.",
        ":::",
        "",
        "Each case has a client version to read with the group and a facilitator version (the practitioner's "
        f"assessment, points to discuss and notes). Open any case in the {app_link('needs-assessment app', NEEDS_APP)}: choose "
        "it under *Start from a case study* and the client's and practitioner's ratings are filled in, ready to "
        "discuss and change.",
        "",
        "| Case | Age | Situations |",
        "|---|---:|---|",
    ]
    for case in ex.case_studies.values():
        situations = ", ".join(s.value.replace("-", " ") for s in case.situations)
        lines.append(f"| {ref(case.title, case_label(case.id))} | {case.age} | {cell(situations)} |")
    lines.append("")
    uses = _case_uses(cur)
    for case in ex.case_studies.values():
        lines += render_case(case, cur, uses.get(case.id, []))
    return "\n".join(lines).rstrip() + "\n"


def render_role_play_index(cur: Curriculum, ex: Exercises) -> str:
    lines = ["(role-plays)=", "# Role-plays", ""]
    lines += [
        "Every role-play, by course and module. Each one is set out in full on its module's page: purpose, "
        "setting, a role card for each player, a printable observer checklist, debrief questions and "
        "facilitator notes.",
        "",
    ]
    placed: set[str] = set()
    for course in cur.courses.values():
        rows = []
        for mod in cur.course_modules(course.id):
            for rp in module_role_plays(mod, cur, ex):
                if _home(rp, cur) is mod:
                    placed.add(rp.id)
                    roles = "; ".join(r.name for r in rp.roles)
                    rows.append(f"| {_moduleref(mod)} | {ref(rp.title, rp.id)} | {rp.minutes} | {cell(roles)} |")
        if rows:
            lines += [f"## {course.title}", "", f"Course page: {ref(course.title, course_label(course.id))}.", ""]
            lines += ["| Module | Role-play | Minutes | Roles |", "|---|---|---:|---|"] + rows + [""]
    shown = {rp for mod in cur.modules.values() for rp in mod.role_plays}
    others = [rp for rp in ex.role_plays.values() if rp.id not in placed]
    if others:
        lines += ["## Not yet in a module", ""]
        for rp in others:
            note = " (listed by a module)" if rp.id in shown else ""
            lines.append(f"- {cell(rp.title)}: course {cell(rp.course)}, module {cell(rp.module)}{note}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- all pages


def render_course_pages(cur: Curriculum, ex: Exercises) -> dict[str, str]:
    """Every course, module and exercise page: ``{path under book/generated/: MyST Markdown}``."""
    pages: dict[str, str] = {}
    for course in cur.courses.values():
        pages[f"courses/{course.id}/index.md"] = render_course(course, cur, ex)
        for mod in cur.course_modules(course.id):
            pages[module_file(mod)] = render_module(mod, cur, ex)
    pages["exercises/case-studies.md"] = render_case_studies(cur, ex)
    pages["exercises/role-plays.md"] = render_role_play_index(cur, ex)
    return pages
