"""Generate the staff-course pages: each course with its agenda, one page per module (reading,
timed plan, handout, role-plays, self-check), the case studies and an index of role-plays.

:func:`render_course_pages` returns ``{path under book/generated/: MyST Markdown}``; nothing is
written here. Helpers, labels and style are those of :mod:`curriculum.render`.
"""

from __future__ import annotations

import re

from .exercises import CaseStudy, Exercises, Quiz, RolePlay, Situation
from .i18n import N_, _, ngettext, pgettext
from .loader import Curriculum
from .markdown import keep_marks
from .render import (
    SHARED,
    adapt_locally_title,
    block,
    bullets,
    cell,
    evidence,
    hhmm,
    hours,
    hours_text,
    minutes_text,
    notes_dropdown,
    num,
    plural_n,
    programme_catalog,
    ref,
    render_activities,
    source_text,
    table_head,
)
from .schema import AgendaDay, Course, Module
from .trainer_kit import answer_key, course_pack_links, docx_link, module_handout_name, role_play_name

LETTERS = "ABCDEF"  # a question has at most six options (curriculum.exercises.Question)
NOT_TEACHING = {"break", "lunch"}
# Translators: the two kinds of course day: days in the training room, and follow-up meetings afterwards.
DAY_KIND = {"room": N_("In the room"), "follow-up": N_("Follow-up")}
# The same in the line under a day's title ("Day 1 · in the room · 09:00–16:30").
DAY_KIND_INLINE = {"room": N_("in the room"), "follow-up": N_("follow-up")}
# Translators: when a need has to be met: before the person is released, on the day, or afterwards.
URGENCY = {"before-release": N_("Before release"), "at-release": N_("At release"), "after-release": N_("After release")}
# A case study's age group, after the person's name and age ("Dana, 34, adult").
CASE_AUDIENCE = {"adult": N_("adult"), "minor": N_("minor")}
# The apps are served beside the book by widgets/serve.py.
NEEDS_APP = "/voila/render/needs-assessment.ipynb"
QUIZ_APP = "/voila/render/quiz.ipynb"
# Translators: *Print* and *Pages* are the words of the browser's print dialog; use the words browsers show.
PRINT_HELP = N_(
    "Use your browser's *Print* on a module page: the print layout drops the navigation, opens every "
    "facilitator-notes block, role card and solution, and starts each handout and observer checklist on its own "
    "A4 page. To print only a handout, note its page in the print preview and choose *Pages* in the print dialog."
)


def situation_label(situation: Situation | str) -> str:
    """A case study's situation as the case tables show it, in the current language."""
    value = situation.value if isinstance(situation, Situation) else str(situation)
    labels = {
        # Translators: the situations a fictional case study shows, listed in lower case ("debt, no housing").
        "debt": pgettext("case situation", "debt"),
        "no-housing": pgettext("case situation", "no housing"),
        "unemployment": pgettext("case situation", "unemployment"),
        "drug-use": pgettext("case situation", "drug use"),
        "alcohol": pgettext("case situation", "alcohol"),
        "gambling": pgettext("case situation", "gambling"),
        "family-law": pgettext("case situation", "family law"),
        # Translators: a case situation: the person is under 18.
        "minor": pgettext("case situation", "minor"),
        "violence": pgettext("case situation", "violence"),
        "long-sentence": pgettext("case situation", "long sentence"),
        "foreign-national": pgettext("case situation", "foreign national"),
        "mental-health": pgettext("case situation", "mental health"),
        # Translators: a case situation: the person is a woman (services and risks differ for women).
        "woman": pgettext("case situation", "woman"),
        # Translators: a case situation: the person is on probation.
        "probation": pgettext("case situation", "probation"),
        "low-literacy": pgettext("case situation", "low literacy"),
    }
    return labels.get(value, value.replace("-", " "))


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


def app_links(text: str) -> str:
    """Mark each Markdown link to an app served beside the book (``[quiz app](/voila/...)``, written
    inside a translated sentence) ``{.external}``, which keeps MyST from resolving it as a page."""
    return re.sub(r"(\]\(/voila/[^)\s]+\))(?!\{)", r"\1{.external}", text)


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


def module_title(mod: Module) -> str:
    return _("Module {number}: {title}").format(number=mod.number, title=mod.title)


def _moduleref(mod: Module) -> str:
    return ref(module_title(mod), mod.id)


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
    # Translators: column headers of a course day's agenda; "What" is the item (a module, a break, lunch).
    rows = table_head([_("Time"), _("Minutes"), _("What"), _("Module")], "lrll")
    start = 0
    for item in day.items:
        mod = cur.modules.get(item.module) if item.module else None
        if mod:
            where = ref(_("Module {number}").format(number=mod.number), mod.id)
        else:
            where = cell(item.module) if item.module else ""
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

    def hrs(value: int) -> float:
        return round(value / 60, 2)

    days = ngettext("{count} day", "{count} days", len(room)).format(count=num(len(room)))
    meetings = ngettext("{count} meeting", "{count} meetings", len(follow)).format(count=num(len(follow)))
    # Translators: after the course's total hours: how many of them are teaching time.
    of_which = ngettext(
        "of which {hours} hour teaching (without breaks and lunch)",
        "of which {hours} hours teaching (without breaks and lunch)",
        plural_n(hrs(total_teaching)),
    ).format(hours=hours(hrs(total_teaching)))
    study = round(self_study / 60, 1)
    glance = [
        (pgettext("audience", "For"), ", ".join(roles)),
        (_("Modules"), num(len(course.modules))),
        (_(DAY_KIND["room"]), f"{days}, {hours_text(hrs(minutes['room']))}"),
        (_(DAY_KIND["follow-up"]), f"{meetings}, {hours_text(hrs(minutes['follow-up']))}"),
        (_("Total"), f"{hours_text(hrs(total))}, {of_which}"),
        (
            _("Self-study"),
            ngettext(
                "about {hours} hour of reading and self-checks",
                "about {hours} hours of reading and self-checks",
                plural_n(study),
            ).format(hours=hours(study)),
        ),
    ]
    lines = [f"({course_label(course.id)})=", f"# {course.title}", "", course.summary, ""]
    lines += ["| | |", "|---|---|"] + [f"| **{cell(k)}** | {cell(v)} |" for k, v in glance] + [""]

    lines += ["## " + _("Purpose"), "", course.purpose, ""]
    lines += ["## " + _("Who it is for"), "", bullets(roles), ""]
    lines += ["## " + _("Standards"), "", bullets(course.standards), ""]
    lines += ["## " + _("Assessment and sign-off"), "", bullets(course.assessment), ""]

    lines += ["## " + _("Agenda"), ""]
    lines += [
        _(
            "Times are clock times; each module links to its page with the timed plan, handout, role-plays "
            "and self-check. Breaks and lunch are in italics."
        ),
        "",
    ]
    for day in course.agenda:
        end = clock(day.start, day.item_minutes)
        kind = _(DAY_KIND_INLINE[day.kind])
        lines += [f"### {day.title}", "", f"*{day.when} · {kind} · {day.start}–{end}*", ""]
        lines += _day_rows(day, cur) + [""]
        # Translators: the last line of a course day: its length (e.g. "420 minutes"), the same as a clock
        # duration ("7:00 h") and its teaching time (e.g. "of which 330 minutes teaching").
        line = _("**Day total:** {minutes} ({clock} h), {teaching}.")
        teaching_text = ngettext(
            "of which {minutes} minute teaching", "of which {minutes} minutes teaching", _teaching(day)
        ).format(minutes=num(_teaching(day)))
        lines += [
            line.format(minutes=minutes_text(day.item_minutes), clock=hhmm(day.item_minutes), teaching=teaching_text),
            "",
        ]
    lines += ["### " + _("Course hours"), ""]
    lines += table_head(["", _("Days"), _("Hours"), _("Teaching hours")], "lrrr")
    for kind, kind_days in (("room", room), ("follow-up", follow)):
        lines.append(
            f"| {_(DAY_KIND[kind])} | {len(kind_days)} | {hours(hrs(minutes[kind]))} | {hours(hrs(teaching[kind]))} |"
        )
    lines += [
        f"| **{_('Total')}** | **{len(course.agenda)}** | **{hours(hrs(total))}** | **{hours(hrs(total_teaching))}** |",
        "",
        _("Teaching hours leave out breaks and lunch; openings, reviews, practice and closings count."),
        "",
    ]

    lines += ["## " + _("Self-study path"), ""]
    # Translators: keep the link [...](...) around the words that name the quiz app.
    intro = _(
        "Read the modules in order. Each page opens with its objectives and a reading, and ends with a self-check: "
        "questions with feedback on every answer. The same questions are in the [quiz app]({url}) when the book is "
        "served with the apps."
    )
    lines += [app_links(intro.format(url=QUIZ_APP)), ""]
    # Translators: column headers of the self-study path: module number, title, minutes of self-study, self-check.
    lines += table_head([_("Module"), _("Title"), _("Self-study minutes"), _("Self-check")], "rlrl")
    for m in mods:
        quizzes = module_quizzes(m, ex)
        count = sum(len(q.questions) for q in quizzes)
        questions = ngettext("{count} question", "{count} questions", count).format(count=num(count))
        check = ref(questions, self_check_label(m)) if quizzes else "–"
        lines.append(f"| {m.number} | {ref(m.title, m.id)} | {m.self_study_minutes} | {check} |")
    total_line = ngettext(
        "**Total:** {minutes} minute ({clock} h) of self-study.",
        "**Total:** {minutes} minutes ({clock} h) of self-study.",
        self_study,
    )
    lines += ["", total_line.format(minutes=num(self_study), clock=hhmm(self_study)), ""]

    lines += ["## " + _("Printing handouts"), "", _(PRINT_HELP), ""]
    lines += course_pack_links(course)
    lines += ["## " + _("Sources"), "", bullets([source_text(s) for s in course.sources]), ""]
    if course.references:
        lines += [evidence(course.references), ""]
    if course.adapt_locally:
        lines += [
            ":::{admonition} " + adapt_locally_title(),
            ":class: tip",
            "",
            _items(course.adapt_locally),
            ":::",
            "",
        ]
    from .render_countries import adapt_locally_facts

    lines += adapt_locally_facts(cur, cur.relies_on.get(f"course:{course.id}", []))
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- module page


def _checkbox_text(item: str) -> str:
    """An observer-checklist item without a check box the author typed ("- [ ]")."""
    return re.sub(r"^\s*(?:[-*]\s*)?\[[ xX]?\]\s*", "", " ".join(item.split()))


def render_role_play(rp: RolePlay, label: bool = True) -> list[str]:
    lines = [f"({rp.id})="] if label else []
    lines += ["### " + _("Role-play: {title}").format(title=rp.title), ""]
    roles = ngettext("{count} role", "{count} roles", len(rp.roles)).format(count=num(len(rp.roles)))
    lines += [f"*{minutes_text(rp.minutes)} · {roles}*", ""]
    lines += [_("**Purpose.** {text}").format(text=" ".join(rp.purpose.split())), ""]
    # Translators: the situation a role-play takes place in (where, when, who).
    lines += [_("**Setting.** {text}").format(text=" ".join(rp.setting.split())), ""]
    lines += [_("Each player reads only their own role card."), ""]
    for role in rp.roles:
        card = _("Role card: {name}").format(name=role.name)
        lines += [":::{dropdown} " + card, ":class-container: role-card", "", block(role.brief), ":::", ""]
    lines += [
        ":::{admonition} " + _("Observer checklist: {title}").format(title=rp.title),
        ":class: handout",
        "",
        _("Mark each behaviour: seen, partly seen or not seen, and note the words used."),
        "",
    ]
    for item in rp.observer_checklist:
        lines += ["☐ " + block(keep_marks(_checkbox_text, item)), ""]
    lines += [":::", ""]
    lines += docx_link(role_play_name(rp.id), 5, _("Role cards and checklist as a Word file (DOCX)"))
    lines += [_("**Debrief.**"), "", bullets(rp.debrief), ""]
    lines += notes_dropdown(rp.facilitator_notes)
    return lines


def render_quiz(quiz: Quiz) -> list[str]:
    count = len(quiz.questions)
    heading = ngettext("{title}: {count} question.", "{title}: {count} questions.", count)
    lines = ["*" + heading.format(title=quiz.title, count=num(count)) + "*", ""]
    for n, q in enumerate(quiz.questions, 1):
        label = exercise_label(quiz, q.id)
        key = next(i for i, o in enumerate(q.options) if o.correct)
        title = _("Question {number}").format(number=n)
        lines += [f":::{{exercise}} {title}", f":label: {label}", ":nonumber:", "", block(q.prompt), ""]
        lines += [block("\n".join(f"- **{LETTERS[i]}.** {' '.join(o.text.split())}" for i, o in enumerate(q.options)))]
        lines += [
            ":::",
            "",
            f":::{{solution}} {label}",
            f":class: dropdown quiz-key-{LETTERS[key].lower()}",
            "",
            # Translators: {letter} is the letter of the right option, A to F.
            _("**The answer is {letter}.**").format(letter=LETTERS[key]),
            "",
        ]
        feedback = []
        for i, o in enumerate(q.options):
            text = " ".join(o.feedback.split())
            if o.correct:
                # Translators: the feedback on the right option of a quiz question; {letter} is A to F.
                feedback.append("- " + _("**{letter} (right).** {feedback}").format(letter=LETTERS[i], feedback=text))
            else:
                feedback.append(f"- **{LETTERS[i]}.** {text}")
        lines += [block("\n".join(feedback)), ":::", ""]
    return lines


def render_module(mod: Module, cur: Curriculum, ex: Exercises) -> str:
    course = cur.courses[mod.course]
    slots = module_slots(course).get(mod.id, [])
    lines = [f"({mod.id})=", f"# {module_title(mod)}", ""]
    in_room = ngettext("{minutes} minute in the room", "{minutes} minutes in the room", mod.minutes)
    study = ngettext(
        "about {minutes} minute of self-study", "about {minutes} minutes of self-study", mod.self_study_minutes
    )
    meta = [
        ref(course.title, course_label(course.id)),
        in_room.format(minutes=num(mod.minutes)),
        study.format(minutes=num(mod.self_study_minutes)),
    ]
    lines += ["*" + " · ".join(meta) + "*", ""]
    lines += [":::{admonition} " + _("Objectives"), ":class: note", "", _("After this module you can:"), ""]
    lines += [_items(mod.objectives), ":::", ""]

    lines += ["## " + _("Reading"), "", keep_marks(_demote, mod.reading), ""]
    lines += [":::{admonition} " + _("Key points"), ":class: important", "", _items(mod.key_points), ":::", ""]

    lines += ["## " + _("In the room"), ""]
    sentences = [ngettext("{minutes} minute.", "{minutes} minutes.", mod.minutes).format(minutes=num(mod.minutes))]
    if slots:
        # Translators: when a module is taught, e.g. "Taught on Day 1, 09:30–11:00; Day 2, 13:00–14:30."
        sentences.append(_("Taught on {slots}.").format(slots="; ".join(slots)))
    sentences.append(_("Times below are from the start of the module."))
    lines += [" ".join(sentences), ""]
    lines += render_activities(mod.activities)
    lines += [_("**Materials.**"), "", bullets(mod.materials), ""]
    lines += notes_dropdown(mod.facilitator_notes)
    if mod.handout:
        lines += [
            ":::{admonition} " + _("Handout: {title}").format(title=mod.handout.title),
            ":class: handout",
            "",
            "*" + _("{course}, module {number}").format(course=course.title, number=mod.number) + "*",
            "",
            block(mod.handout.body),
            ":::",
            "",
        ]
        lines += docx_link(module_handout_name(mod.id), 5)

    rps = module_role_plays(mod, cur, ex)
    missing_rps = [r for r in mod.role_plays if r not in ex.role_plays]
    if rps or missing_rps:
        lines += ["## " + _("Role-plays"), ""]
        for rp in rps:
            home = _home(rp, cur)
            if home is mod or home is None:
                lines += render_role_play(rp, label=home is mod)
            else:
                see = _("See {role_play} in {module}.").format(role_play=ref(rp.title, rp.id), module=_moduleref(home))
                lines += ["### " + _("Role-play: {title}").format(title=rp.title), "", see, ""]
        if missing_rps:
            lines += [_("Not written yet: {ids}.").format(ids=", ".join(missing_rps)), ""]

    if mod.case_studies:
        lines += ["## " + _("Case studies"), ""]
        # Translators: keep the link [...](...) around the words that name the needs-assessment app.
        intro = _("Work through these fictional clients; each can be opened in the [needs-assessment app]({url}).")
        lines += [app_links(intro.format(url=NEEDS_APP)), ""]
        for cid in mod.case_studies:
            case = ex.case_studies.get(cid)
            if case:
                lines.append(f"- {ref(case.title, case_label(cid))}")
            else:
                lines.append("- " + _("{id} (not written yet)").format(id=cid))
        lines.append("")

    lines += [f"({self_check_label(mod)})=", "## " + _("Self-check"), ""]
    quizzes = module_quizzes(mod, ex)
    if quizzes:
        # Translators: keep the link [...](...) around the words that name the quiz app.
        intro = _(
            "Choose your answer, then open the solution: it gives the answer and feedback on every option. "
            "You can also take these questions one at a time in the [quiz app]({url})."
        )
        lines += [app_links(intro.format(url=QUIZ_APP)), ""]
        for quiz in quizzes:
            lines += render_quiz(quiz)
    else:
        lines += [_("No self-check has been written for this module yet."), ""]

    if mod.references:
        lines += ["## " + _("Evidence"), "", "; ".join(f"{{cite}}`{k}`" for k in mod.references) + ".", ""]
    lines += answer_key(quizzes)
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
    audience = _(CASE_AUDIENCE[case.audience]) if case.audience in CASE_AUDIENCE else case.audience
    # Translators: a fictional client: name, age, "adult" or "minor", then the client code used in the apps.
    client = _("{name}, {age}, {audience} (fictional); code {code}")
    glance = [
        (_("Client"), client.format(name=case.name, age=case.age, audience=audience, code=case.client_code)),
        (_("Situations"), ", ".join(situation_label(s) for s in case.situations)),
        # Translators: a case study's sentence: the penalty the court gave.
        (pgettext("court", "Sentence"), case.sentence),
        # Translators: a case study's release: when the person leaves prison.
        (_("Release"), case.release),
    ]
    if used_in:
        glance.append((_("Used in"), ", ".join(_moduleref(m) for m in used_in)))
    lines += ["| | |", "|---|---|"] + [f"| **{cell(k)}** | {cell(v)} |" for k, v in glance] + [""]
    lines += [_("**Background.**"), "", block(case.background), ""]
    lines += [_("**Strengths.**"), "", bullets(case.strengths), ""]
    lines += [_("**What they want.**"), "", bullets(case.wants), ""]
    if case.worries:
        lines += [_("**Worries.**"), "", bullets(case.worries), ""]

    lines += ["::::{dropdown} " + _("Facilitator version"), ":class-container: facilitator-notes", ""]
    lines += [
        _("**Assessment** (0 = no need … 4 = critical need; both views are kept)."),
        "",
    ]
    # Translators: column headers of a case's assessment: the needs domain, the client's and the
    # practitioner's rating (0-4), when the need must be met, and a note.
    lines += table_head([_("Domain"), _("Client"), _("Practitioner"), _("Urgency"), _("Note")], "lrrll")
    for dom, r in case.assessment.items():
        title = ref(cur.domains[dom].title, f"domain-{dom}") if dom in cur.domains else cell(dom)
        urgency = _(URGENCY[r.urgency.value]) if r.urgency else "–"
        lines.append(f"| {title} | {r.client} | {r.practitioner} | {urgency} | {cell(r.note)} |")
    lines += ["", _("**Discussion points.**"), "", _items(case.discussion_points), ""]
    lines += [_("**Facilitator notes.**"), "", _items(case.facilitator_notes), ""]
    progs = [ref(cur.programmes[p].title, p) if p in cur.programmes else cell(p) for p in case.suggested_programmes]
    servs = [
        ref(cur.services[s].title, f"service-{s}") if s in cur.services else cell(s) for s in case.suggested_services
    ]
    if progs:
        lines += [_("**Suggested programmes:** {links}").format(links=", ".join(progs)), ""]
    if servs:
        lines += [_("**Suggested services:** {links}").format(links=", ".join(servs)), ""]
    lines += ["::::", ""]
    return lines


def render_case_studies(cur: Curriculum, ex: Exercises) -> str:
    lines = ["(case-studies)=", "# " + _("Case studies"), ""]
    # Translators: "Start from a case study" is the label of a choice in the needs-assessment app: use the
    # app's words. Keep the link [...](...) around the words that name the app.
    intro = _(
        "Each case has a client version to read with the group and a facilitator version (the practitioner's "
        "assessment, points to discuss and notes). Open any case in the [needs-assessment app]({url}): choose "
        "it under *Start from a case study* and the client's and practitioner's ratings are filled in, ready to "
        "discuss and change."
    )
    lines += [
        ":::{admonition} " + _("Every person here is fictional"),
        ":class: note",
        "",
        _(
            "Names, places and events are invented for training. Any likeness to a real person is chance. "
            "Never bring a real client's story into a training group."
        ),
        ":::",
        "",
        app_links(intro.format(url=NEEDS_APP)),
        "",
    ]
    lines += table_head([_("Case"), _("Age"), _("Situations")], "lrl")
    for case in ex.case_studies.values():
        situations = ", ".join(situation_label(s) for s in case.situations)
        lines.append(f"| {ref(case.title, case_label(case.id))} | {case.age} | {cell(situations)} |")
    lines.append("")
    uses = _case_uses(cur)
    for case in ex.case_studies.values():
        lines += render_case(case, cur, uses.get(case.id, []))
    return "\n".join(lines).rstrip() + "\n"


def render_role_play_index(cur: Curriculum, ex: Exercises) -> str:
    lines = ["(role-plays)=", "# " + _("Role-plays"), ""]
    lines += [
        _(
            "Every role-play, by course and module. Each one is set out in full on its module's page: purpose, "
            "setting, a role card for each player, a printable observer checklist, debrief questions and "
            "facilitator notes."
        ),
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
            link = ref(course.title, course_label(course.id))
            lines += [f"## {course.title}", "", _("Course page: {link}.").format(link=link), ""]
            lines += table_head([_("Module"), _("Role-play"), _("Minutes"), _("Roles")], "llrl") + rows + [""]
    shown = {rp for mod in cur.modules.values() for rp in mod.role_plays}
    others = [rp for rp in ex.role_plays.values() if rp.id not in placed]
    if others:
        lines += ["## " + _("Not yet in a module"), ""]
        for rp in others:
            if rp.id in shown:
                text = _("{title}: course {course}, module {module} (listed by a module)")
            else:
                text = _("{title}: course {course}, module {module}")
            lines.append("- " + text.format(title=cell(rp.title), course=cell(rp.course), module=cell(rp.module)))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- all pages


def course_catalog(course_id: str) -> str:
    """The data catalogue of a course's course.yaml (curriculum.i18n.data_catalog_name)."""
    return f"curriculum/courses/{course_id}/course"


def module_catalog(mod: Module) -> str:
    return f"curriculum/courses/{mod.course}/modules/{mod.id}"


def exercise_catalog(kind: str, item_id: str) -> str:
    """``kind`` is the folder under exercises/: case-studies, quizzes or role-plays."""
    return f"exercises/{kind}/{item_id}"


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


def course_page_catalogs(cur: Curriculum, ex: Exercises) -> dict[str, set[str]]:
    """For each page of :func:`render_course_pages`, the data catalogues whose text it shows."""
    from .render_countries import edition_catalog

    out: dict[str, set[str]] = {}
    for course in cur.courses.values():
        mods = cur.course_modules(course.id)
        out[f"courses/{course.id}/index.md"] = (
            {course_catalog(course.id), SHARED["roles"]} | {module_catalog(m) for m in mods} | edition_catalog(cur)
        )
        for mod in mods:
            names = {module_catalog(mod), course_catalog(course.id)}
            names |= {exercise_catalog("quizzes", q.id) for q in module_quizzes(mod, ex)}
            for rp in module_role_plays(mod, cur, ex):
                names.add(exercise_catalog("role-plays", rp.id))
                home = _home(rp, cur)
                if home is not None and home is not mod:
                    names.add(module_catalog(home))
            names |= {exercise_catalog("case-studies", c) for c in mod.case_studies if c in ex.case_studies}
            out[module_file(mod)] = names
    cases = {exercise_catalog("case-studies", c) for c in ex.case_studies}
    out["exercises/case-studies.md"] = (
        cases
        | {SHARED["domains"], SHARED["services"]}
        | {
            programme_catalog(cur.programmes[p])
            for c in ex.case_studies.values()
            for p in c.suggested_programmes
            if p in cur.programmes
        }
        | {module_catalog(m) for ms in _case_uses(cur).values() for m in ms}
    )
    out["exercises/role-plays.md"] = (
        {exercise_catalog("role-plays", r) for r in ex.role_plays}
        | {module_catalog(m) for m in cur.modules.values()}
        | {course_catalog(c) for c in cur.courses}
    )
    return out
