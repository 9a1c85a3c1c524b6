"""The individual-plan app: ipywidgets bound to :class:`IndividualPlan`.

Run it with Voila (``widgets/apps/individual-plan.ipynb``, ``?lang=et`` for Estonian) or in a notebook::

    from widgets.plan.view import PlanApp
    PlanApp(lang="ka").show()

:class:`PlanPanel` (the header, goals and actions, programmes, timeline, reviews) is shared with
the workshop app (:mod:`widgets.flow.view`).
"""

from __future__ import annotations

import datetime as dt
from html import escape

import ipywidgets as w

from curriculum.i18n import N_, _, format_number, ngettext

from ..browser import safe_filename
from ..catalogue import Catalogue, use_label
from ..charts import timeline_svg
from ..controls import ChoiceGroup, labelled
from ..files import FileProblem, problems_sentence
from ..language import display_date, language_name, plain_number
from ..needs.model import read_record, summary_of
from ..shell import AppShell, file_picker, message
from . import export
from .model import (
    ACTORS,
    AGE_BANDS,
    PHASES,
    STATUSES,
    IndividualPlan,
    InputProblem,
    Started,
    _date,
    actor_label,
    age_label,
    compare,
    phase_label,
    read_plan,
    smart_check,
    status_label,
)

STORE_KEY = "open-reentry-curriculum/individual-plan"
GOALS_SHOWN = 20  # goal cards drawn at a time: a plan of hundreds of goals opens quickly, the rest on request

CSS = """
<style>
.ip-app { font-family: var(--jp-ui-font-family, sans-serif); max-width: 1300px; }
.ip-goal { border: 1px solid #e5e7eb; border-radius: 6px; padding: 6px 10px; margin: 0 0 10px; flex-shrink: 0 !important; }
.ip-action { border-left: 3px solid #93c5fd; padding-left: 6px; margin: 4px 0; flex-shrink: 0 !important; }
.ip-smart li { color: #92400e; font-size: 12px; }
.ip-progress td, .ip-progress th { padding: 2px 8px; border-bottom: 1px solid #e5e7eb; text-align: left; }
</style>
"""
EXPORT_MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv",
}


def _text(value: str, placeholder: str, width: str = "auto", css: str = "", label: str = "") -> w.Text:
    """A one-line field: with a visible ``label``, or else the placeholder as its (hidden) label."""
    t = w.Text(value=value, placeholder=placeholder, tooltip=placeholder, layout=w.Layout(width=width))
    labelled(t, label or placeholder, hidden=not label)
    if css:
        t.add_class(css)
    return t


def _options(table: dict[str, str], label) -> list[tuple[str, str]]:
    return [(label(key), key) for key in table]


# The two ways a programme can be in a plan, as button labels (the values are saved in files).
USE_BUTTONS = {
    # Translators: buttons: the programme is mandatory / voluntary in the plan.
    "mandatory": N_("Mandatory"),
    "voluntary": N_("Voluntary"),
}


def use_options() -> list[tuple[str, str]]:
    return [(_(label), key) for key, label in USE_BUTTONS.items()]


class ActionRow:
    def __init__(self, app: PlanPanel, action: dict):
        self.id = action["id"]
        self.what = _text(action["what"], _("What will happen"), "260px", f"ip-what-{self.id}")
        self.who = labelled(
            w.Dropdown(options=_options(ACTORS, actor_label), value=action["who"], layout=w.Layout(width="150px")),
            _("Who"),
            hidden=True,
        )
        self.where = _text(action["where"], _("Where / service / contact"), "200px")
        self.by_when = _text(action["by_when"], _("By when YYYY-MM-DD"), "150px", f"ip-date-{self.id}")
        self.phase = labelled(
            w.Dropdown(options=_options(PHASES, phase_label), value=action["phase"], layout=w.Layout(width="210px")),
            _("Phase"),
            hidden=True,
        )
        self.status = labelled(
            w.Dropdown(
                options=_options(STATUSES, status_label), value=action["status"], layout=w.Layout(width="120px")
            ),
            _("Status"),
            hidden=True,
        )
        self.remove = w.Button(icon="", description=_("Remove"), layout=w.Layout(width="auto"))
        self.msg = w.HTML()
        for name in ("what", "who", "where", "by_when", "phase", "status"):
            app.host.field(getattr(self, name), f"plan-action-{self.id}-{name}")
        for name in ("what", "who", "where", "by_when", "phase", "status"):
            getattr(self, name).observe(
                lambda ch, name=name: app._guard(lambda: app.model.update_action(self.id, **{name: ch["new"]})),
                names="value",
            )
        self.remove.on_click(lambda _button: app._guard(lambda: app.model.remove_action(self.id)))
        self.box = w.VBox(
            [
                w.HBox(
                    [self.what, self.who, self.where, self.by_when, self.phase, self.status, self.remove],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                self.msg,
            ]
        )
        self.box.add_class("ip-action")

    def set(self, action: dict) -> None:
        for name in ("what", "who", "where", "by_when", "phase", "status"):
            widget = getattr(self, name)
            if widget.value != action[name]:
                widget.value = action[name]


class GoalCard:
    def __init__(self, app: PlanPanel, goal: dict):
        self.app = app
        self.id = goal["id"]
        domains = [(d.title, d.id) for d in app.cat.domains]
        self.title = w.HTML()
        self.words = labelled(
            w.Textarea(
                value=goal["words"],
                placeholder=_("The goal in the client's own words"),
                rows=2,
                layout=w.Layout(width="98%"),
            ),
            _("The goal in the client's own words"),
            hidden=True,
        )
        self.words.add_class(f"ip-words-{self.id}")
        self.domain = w.Dropdown(
            options=domains, value=goal["domain"], description=_("Need"), layout=w.Layout(width="360px")
        )
        self.measure = _text(goal["measure"], _("How will we both know it is done?"), "360px", f"ip-measure-{self.id}")
        self.target = _text(goal["target_date"], _("By when YYYY-MM-DD"), "160px", f"ip-target-{self.id}")
        self.smart = w.HTML()
        self.msg = w.HTML()
        self.actions_box = w.VBox()
        self.add_action = w.Button(description=_("Add action"))
        self.add_action.add_class(f"ip-add-action-{self.id}")
        self.remove = w.Button(description=_("Remove goal"), button_style="")
        self.action_rows: dict[str, ActionRow] = {}
        for name, widget in (
            ("words", self.words),
            ("domain", self.domain),
            ("measure", self.measure),
            ("target_date", self.target),
        ):
            app.host.field(widget, f"plan-goal-{self.id}-{name}")
            widget.observe(
                lambda ch, name=name: app._guard(lambda: app.model.update_goal(self.id, **{name: ch["new"]})),
                names="value",
            )
        self.add_action.on_click(lambda _button: app._guard(lambda: app.model.add_action(self.id)))
        self.remove.on_click(lambda _button: app._guard(lambda: app.model.remove_goal(self.id)))
        self.box = w.VBox(
            [
                self.title,
                self.words,
                w.HBox([self.domain, self.measure, self.target], layout=w.Layout(flex_flow="row wrap")),
                self.smart,
                self.msg,
                self.actions_box,
                w.HBox([self.add_action, self.remove]),
            ]
        )
        self.box.add_class("ip-goal")
        self.box.add_class(f"ip-goal-{self.id}")

    def refresh(self, n: int, goal: dict, problems: dict, warnings: dict) -> None:
        m = self.app.model
        title = _("Goal {number}: {area}").format(number=n, area=self.app.cat.domain_title(goal["domain"]))
        self.title.value = f"<h4>{escape(title)}</h4>"
        for name, widget in (
            ("words", self.words),
            ("domain", self.domain),
            ("measure", self.measure),
            ("target_date", self.target),
        ):
            if widget.value != goal[name]:
                widget.value = goal[name]
        hints = smart_check(goal, m.release(), m.language, _date(m.created_on))
        self.smart.value = (
            "<ul class='ip-smart'>" + "".join(f"<li>{escape(h)}</li>" for h in hints) + "</ul>"
            if hints
            else message(_("SMART: complete."), "ok")
        )
        errs = [problems.get(f"goal:{self.id}:{k}", "") for k in ("words", "measure", "target_date")]
        self.msg.value = "".join(message(e) for e in errs if e)
        current = {a["id"]: a for a in goal["actions"]}
        for aid in list(self.action_rows):
            if aid not in current:
                del self.action_rows[aid]
        for a in goal["actions"]:
            row = self.action_rows.get(a["id"])
            if row is None:
                row = self.action_rows[a["id"]] = ActionRow(self.app, a)
            else:
                row.set(a)
            errs = [problems.get(f"action:{a['id']}:{k}", "") for k in ("what", "where", "by_when")]
            row.msg.value = "".join(message(e) for e in errs) + message(
                warnings.get(f"action:{a['id']}:phase", ""), "warn"
            )
        self.actions_box.children = [self.action_rows[a["id"]].box for a in goal["actions"]]


class PlanPanel:
    """The plan on screen: header, goals and actions, programmes, timeline, reviews and agreement."""

    def __init__(self, host, model: IndividualPlan):
        self.host = host
        self.model = model
        cat = host.cat
        self.code = _text("", _("Client code or pseudonym"), "auto", "ip-code", label=_("Client code"))
        self.code_msg = w.HTML()
        self.age = labelled(
            w.Dropdown(
                options=[(_("Age band…"), "")] + [(age_label(b), b) for b in AGE_BANDS],
                value="",
                layout=w.Layout(width="auto"),
            ),
            # Translators: label of the age band list (under 18, 18-24, ...).
            _("Age band"),
        )
        self.release = _text("", _("YYYY-MM-DD"), "auto", "ip-release", label=_("Release date"))
        self.release_msg = w.HTML()
        self.place = _text("", _("Institution or probation office"), "auto", label=_("Place"))
        self.mentor = _text("", _("Mentor"), "auto", label=_("Mentor"))
        self.caseworker = _text("", _("Caseworker"), "auto", label=_("Caseworker"))
        self.header_msg = w.HTML()  # a problem of the place, mentor or caseworker (each message names its field)
        self.created = _text("", _("YYYY-MM-DD"), "auto", label=_("Plan date"))
        self.header_fields = {
            "client_code": self.code,
            "age_band": self.age,
            "release_date": self.release,
            "place": self.place,
            "mentor": self.mentor,
            "caseworker": self.caseworker,
            "created_on": self.created,
        }
        # Programmes
        progs = sorted(((p.title, p.id) for p in cat.curriculum.programmes.values()), key=lambda x: x[0])
        self.prog_pick = labelled(
            w.Dropdown(options=[(_("Add a programme…"), None)] + progs, layout=w.Layout(width="380px")),
            _("Programme"),
            hidden=True,
        )
        self.prog_use = ChoiceGroup(
            options=use_options(),
            value="voluntary",
            # Translators: the name of the two buttons Mandatory / Voluntary.
            label=_("Mandatory or voluntary"),
        )
        self.prog_add = w.Button(description=_("Add to plan"))
        self.prog_box = w.VBox()
        self.enrol_rows: dict[str, w.HBox] = {}
        self.progress = w.HTML()
        self.progress.add_class("ip-progress")
        # Goals
        self.goal_domain = w.Dropdown(
            options=[(d.title, d.id) for d in cat.domains], description=_("Need"), layout=w.Layout(width="380px")
        )
        self.goal_add = w.Button(description=_("Add goal"), button_style="primary")
        self.goal_add.add_class("ip-add-goal")
        self.goals_box = w.VBox()
        self.cards: dict[str, GoalCard] = {}
        self.shown = GOALS_SHOWN  # goals with a card on screen: the first ones, and those added here
        self.pinned: set[str] = set()  # goals added with Add goal beyond the first ``shown``
        self.goals_count = w.HTML()
        self.goals_count.add_class("ip-goals-count")
        self.more_goals = w.Button(layout=w.Layout(width="auto", display="none"))
        self.more_goals.add_class("ip-more-goals")
        self.timeline = w.HTML()
        self.timeline.add_class("ip-timeline")
        # Reviews and agreement
        self.reviews = labelled(
            w.Textarea(placeholder=_("YYYY-MM-DD, one per line"), rows=3, layout=w.Layout(width="auto")),
            _("Review dates"),
        )
        self.reviews_msg = w.HTML()
        self.suggest = w.Button(description=_("Suggest review dates"))
        self.consent = w.Checkbox(description=_("The client agrees to this plan"), value=False, indent=False)
        self.compare_up = file_picker(_("Compare with an earlier version"))
        self.comparison = w.HTML(getattr(host, "comparison_html", ""))
        self.revision_btn = w.Button(description=_("Start next version"))
        self.details = w.VBox(
            [
                w.HBox(
                    [
                        w.VBox([w.Label(_("Client code")), self.code, self.code_msg]),
                        w.VBox([w.Label(_("Age band")), self.age]),
                        w.VBox([w.Label(_("Release date")), self.release, self.release_msg]),
                        w.VBox([w.Label(_("Plan date")), self.created]),
                    ],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                w.HBox([self.place, self.mentor, self.caseworker], layout=w.Layout(flex_flow="row wrap")),
                self.header_msg,
            ]
        )
        sections = w.Tab(
            children=[
                w.VBox([w.HBox([self.goal_domain, self.goal_add]), self.goals_count, self.goals_box, self.more_goals]),
                w.VBox(
                    [
                        w.HBox([self.prog_pick, self.prog_use, self.prog_add], layout=w.Layout(flex_flow="row wrap")),
                        self.prog_box,
                        self.progress,
                    ]
                ),
                w.VBox([self.timeline]),
                w.VBox(
                    [
                        w.HBox([self.reviews, self.suggest]),
                        self.reviews_msg,
                        self.consent,
                        w.HBox([self.compare_up, self.revision_btn], layout=w.Layout(flex_flow="row wrap")),
                        self.comparison,
                    ]
                ),
            ]
        )
        titles = (_("Goals and actions"), _("Programmes"), _("Timeline"), _("Reviews and agreement"))
        for i, title in enumerate(titles):
            sections.set_title(i, title)
        self.sections = sections

    # The goal cards and action rows reach the model, the catalogue and the guard through here.
    @property
    def cat(self) -> Catalogue:
        return self.host.cat

    def _guard(self, action) -> None:
        self.host._guard(action)

    # ------------------------------------------------------------------ binding
    def bind(self) -> None:
        host, m = self.host, self.model
        for name, widget in (*self.header_fields.items(), ("reviews", self.reviews), ("consent", self.consent)):
            host.field(widget, "plan-" + name.replace("_", "-"))
        host.field(self.sections, "plan-section", view_only=True)  # the section shown, journalled like a field
        for name, widget in self.header_fields.items():
            if name == "age_band":
                host.link((m, name), (widget, "value"), transform=(lambda v: v or "", lambda v: v or None))
            else:
                host.link((m, name), (widget, "value"))
        host.link((m, "consent"), (self.consent, "value"), transform=(bool, bool))
        self.code.observe(lambda _ch: host._touched.add("client_code"), names="value")
        self.reviews.observe(lambda ch: host._guard(lambda: m.set_reviews(ch["new"])), names="value")
        self.suggest.on_click(lambda _button: (m.suggest_reviews(), host._sync_inputs()))
        self.goal_add.on_click(self._on_add_goal)
        self.more_goals.on_click(self._on_more_goals)
        self.prog_add.on_click(self._on_enrol)
        self.compare_up.observe(self._on_compare, names="value")
        self.revision_btn.on_click(self._on_revision)

    def sync(self) -> None:
        """Put the parts without a link (review dates, programme rows) into the widgets."""
        host = self.host
        was, host._syncing = host._syncing, True
        try:
            self.reviews.value = "\n".join(self.model.reviews)
            self.enrol_rows.clear()
        finally:
            host._syncing = was

    # ------------------------------------------------------------------ outputs
    def refresh(self) -> None:
        m, host = self.model, self.host
        problems, warnings = m.field_problems(), m.warnings()
        self.code_msg.value = message(problems.get("client_code", "")) if "client_code" in host._touched else ""
        self.release_msg.value = message(problems.get("release_date", ""))
        self.header_msg.value = "".join(message(problems.get(k, "")) for k in ("place", "mentor", "caseworker"))
        # Goal cards: keep the widgets of goals that still exist, so nothing typed is lost.
        current = [g["id"] for g in m.goals]
        for gid in list(self.cards):
            if gid not in current:
                del self.cards[gid]
        # Cards for the first goals and those just added only; the rest on request.
        shown = [(n, g) for n, g in enumerate(m.goals, start=1) if n <= self.shown or g["id"] in self.pinned]
        was, host._syncing = host._syncing, True
        try:
            for n, g in shown:
                card = self.cards.get(g["id"]) or self.cards.setdefault(g["id"], GoalCard(self, g))
                card.refresh(n, g, problems, warnings)
        finally:
            host._syncing = was
        no_goals = _("No goals yet. Start from a needs assessment, or choose a need and press Add goal.")
        self.goals_box.children = [self.cards[g["id"]].box for _n, g in shown] or [
            w.HTML(f"<p class='na-muted'>{escape(no_goals)}</p>")
        ]
        self._refresh_more_goals(len(shown), len(m.goals))
        self._refresh_programmes()
        items = [
            (_date(a["by_when"]), a["phase"], a["what"], a["status"] == "done") for g in m.goals for a in g["actions"]
        ]
        undated = sum(1 for item in items if item[0] is None)
        note = ""
        if undated:
            text = ngettext(
                "{count} action without a date is not drawn.", "{count} actions without a date are not drawn.", undated
            ).format(count=undated)
            note = f"<p class='na-muted'>{escape(text)}</p>"
        by_phase = []
        nothing = escape(_("Nothing planned yet."))
        no_date, no_text = _("no date"), _("(no text yet)")
        for phase, rows in m.actions_by_phase().items():
            lis = "".join(
                f"<li>{escape(display_date(a['by_when']) or no_date)}: {escape(a['what'] or no_text)} "
                f"<span class='na-muted'>({escape(actor_label(a['who']))}; {escape(status_label(a['status']))})</span></li>"
                for _goal, a in rows
            )
            by_phase.append(
                f"<h4>{escape(phase_label(phase))}</h4><ul>{lis or f'<li class=na-muted>{nothing}</li>'}</ul>"
            )
        self.timeline.value = timeline_svg(items, m.release()) + note + "".join(by_phase)
        review_errs = [v for k, v in problems.items() if k.startswith("review:")]
        self.reviews_msg.value = message(review_errs[0]) if review_errs else ""

    def _refresh_more_goals(self, shown: int, total: int) -> None:
        hidden = total - shown
        count = ngettext("{shown} of {count} goal shown.", "{shown} of {count} goals shown.", total)
        self.goals_count.value = message(count.format(shown=shown, count=total), "muted") if hidden else ""
        self.more_goals.layout.display = None if hidden else "none"
        step = min(hidden, GOALS_SHOWN)
        self.more_goals.description = ngettext("Show {count} more goal", "Show {count} more goals", step).format(
            count=step
        )

    def _on_add_goal(self, _button=None) -> None:
        before = {g["id"] for g in self.model.goals}
        self.host._guard(lambda: self.model.add_goal(self.goal_domain.value))
        added = [g["id"] for n, g in enumerate(self.model.goals, start=1) if g["id"] not in before and n > self.shown]
        if added:  # beyond the goals on screen: drawn at once, at the end
            self.pinned.update(added)
            self.refresh()

    def _on_more_goals(self, _button=None) -> None:
        self.host._ensure_language()
        self.shown += GOALS_SHOWN
        self.refresh()

    def _refresh_programmes(self) -> None:
        rows = []
        for p in self.model.progress(self.cat):
            hours = _("{hours} / {minimum} h").format(hours=format_number(p.hours), minimum=format_number(p.min_hours))
            rows.append(
                f"<tr data-programme='{escape(p.programme)}'><td>{escape(p.title)}</td><td>{escape(use_label(p.use))}</td>"
                f"<td>{escape(hours)}</td><td>{'✔ ' if p.completed else ''}{escape(p.words)}</td></tr>"
            )
        heads = "".join(
            f"<th>{escape(h)}</th>" for h in (_("Programme"), _("In the plan"), _("Hours"), _("Completion"))
        )
        rule = _(
            "A programme counts as completed only when its minimum hours are reached and, where the programme "
            "requires it (social training), the individual plan exists: at least one goal in the client's words "
            "with an action."
        )
        self.progress.value = (
            f"<table><tr>{heads}</tr>{''.join(rows)}</table><p class='na-muted'>{escape(rule)}</p>" if rows else ""
        )
        # One row per programme, kept while the programme stays in the plan, so typing is never interrupted.
        current = [e["programme"] for e in self.model.enrolments]
        for pid in list(self.enrol_rows):
            if pid not in current:
                del self.enrol_rows[pid]
        for e in self.model.enrolments:
            if e["programme"] not in self.enrol_rows:
                self.enrol_rows[e["programme"]] = self._enrol_row(e)
        self.prog_box.children = [self.enrol_rows[pid] for pid in current]

    def _enrol_row(self, e: dict) -> w.HBox:
        host = self.host
        pid = e["programme"]
        title = self.cat.programme_title(pid)
        hours = w.Text(
            value=plain_number(e["hours"], host.lang), description=_("Hours"), layout=w.Layout(width="160px")
        )
        hours.add_class(f"ip-hours-{pid}")
        use = ChoiceGroup(
            options=use_options(),
            value=e["use"],
            # Translators: e.g. "Mandatory or voluntary: Housing support".
            label=_("Mandatory or voluntary: {programme}").format(programme=title),
        )
        msg = w.HTML()
        remove = w.Button(description=_("Remove"), layout=w.Layout(width="auto"))

        def on_hours(ch):
            host._ensure_language()
            try:
                self.model.set_enrolment(pid, hours=ch["new"])
                msg.value = ""
            except InputProblem as exc:
                msg.value = message(str(exc))  # what was typed stays in the box

        host.field(hours, f"plan-hours-{pid}")
        host.field(use, f"plan-use-{pid}")
        hours.observe(on_hours, names="value")
        use.observe(lambda ch: host._guard(lambda: self.model.set_enrolment(pid, use=ch["new"])), names="value")
        remove.on_click(lambda _button: host._guard(lambda: self.model.unenrol(pid)))
        return w.HBox([w.HTML(f"<b>{escape(title)}</b>", layout=w.Layout(width="320px")), use, hours, remove, msg])

    # ------------------------------------------------------------------ actions
    def _on_enrol(self, _button=None) -> None:
        host = self.host
        host._ensure_language()
        if not self.prog_pick.value:
            host._say(_("Choose a programme first."))
            return
        host._guard(lambda: self.model.enrol(self.prog_pick.value, self.prog_use.value))

    def _on_compare(self, _change) -> None:
        host = self.host
        raw = host._uploaded(self.compare_up)
        if raw is None:
            return
        host._ensure_language()
        try:
            old = read_plan(raw)
            new = self.model.to_record()
        except FileProblem as exc:
            host._say(_("That file could not be compared. {problems}").format(problems=" ".join(exc.messages)))
        except InputProblem as exc:
            host._say(_("Fix this plan first: {problems}").format(problems=str(exc)))
        else:
            lines = compare(old, new, self.cat)
            items = "".join(f"<li>{escape(line)}</li>" for line in lines or [_("No changes.")])
            heading = _("Changes since version {version} ({date})").format(
                version=old.revision, date=display_date(old.created_on)
            )
            host.comparison_html = f"<h4>{escape(heading)}</h4><ul>{items}</ul>"
            self.comparison.value = host.comparison_html
        finally:
            host._reset_upload(self.compare_up)

    def _on_revision(self, _button=None) -> None:
        host = self.host
        host._ensure_language()
        self.model.new_revision()
        host._sync_inputs()
        host._say(
            _("This is now version {version}. Save it as a new file; keep the earlier one.").format(
                version=self.model.plan_revision
            ),
            "ok",
        )

    def clear(self) -> None:
        self.cards.clear()
        self.shown = GOALS_SHOWN
        self.pinned.clear()
        self.host.comparison_html = ""
        self.comparison.value = ""


def started_message(started: Started) -> str:
    """The status line after a plan was started from an assessment."""
    text = ngettext(
        "Added {count} goal from the assessment's priorities. Write it in the client's words.",
        "Added {count} goals from the assessment's priorities. Write each goal in the client's words.",
        started.goals,
    ).format(count=started.goals)
    if started.actions:
        text += " " + ngettext(
            "{count} chosen offer is an action to take up.",
            "{count} chosen offers are actions to take up.",
            started.actions,
        ).format(count=started.actions)
    if started.unplaced:
        text += " " + ngettext(
            "{count} chosen offer works on no priority that was kept, so it is not in the plan: {offers}.",
            "{count} chosen offers work on no priority that was kept, so they are not in the plan: {offers}.",
            len(started.unplaced),
        ).format(count=len(started.unplaced), offers="; ".join(started.unplaced))
    return text


def plan_stem(model: IndividualPlan, kind: str) -> str:
    return safe_filename(
        model.client_code.strip() or "client", kind, f"v{model.plan_revision}", dt.date.today().isoformat()
    )


class PlanApp(AppShell):
    STORE_KEY = STORE_KEY
    ROOT_CLASS = "ip-app"
    MODEL = IndividualPlan

    def __getattr__(self, name: str):
        """The panel's widgets as the app's own (``app.code``, ``app.cards`` ...)."""
        panel = self.__dict__.get("panel")
        if panel is None or name.startswith("__"):
            raise AttributeError(name)
        return getattr(panel, name)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.panel = PlanPanel(self, self.model)
        self.assess_up = file_picker(_("Start from an assessment"))
        self.open_up = file_picker(_("Open plan (.json)"))
        self.save_btn = w.Button(description=_("Save (.json)"), button_style="success")
        self.word_btn = w.Button(description=_("Word (.docx)"))
        self.pdf_btn = w.Button(description=_("PDF"))
        self.csv_btn = w.Button(description=_("Actions (.csv)"))
        self.clear_btn = w.Button(description=_("New plan"), button_style="warning")
        self.confirm_box = self._confirm_box(_("Clear the whole plan on screen?"), self._on_clear)
        toolbar = w.HBox(
            [
                self.assess_up,
                self.open_up,
                self.save_btn,
                self.word_btn,
                self.pdf_btn,
                self.csv_btn,
                self.export_pick,
                self.clear_btn,
            ],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )
        header = self._header(
            _("Individual plan"),
            escape(
                _(
                    "Turn priorities into a plan the client owns: goals in the client's words, each with actions "
                    "(who, where, by when) in the phases around release. Start from a saved needs assessment or add "
                    "goals here. SMART hints say what is missing but never stop you saving. A draft is kept in this "
                    "browser; nothing leaves this device unless you save or export."
                )
            ),
            CSS,
        )
        self._root(header, self.panel.details, toolbar, self.panel.sections)

    # ------------------------------------------------------------------ binding
    def _bind(self) -> None:
        self.panel.bind()
        self.assess_up.observe(self._on_assessment, names="value")
        self.open_up.observe(self._on_open, names="value")
        self.save_btn.on_click(self._on_save)
        self.word_btn.on_click(lambda _button: self._export("docx"))
        self.pdf_btn.on_click(lambda _button: self._export("pdf"))
        self.csv_btn.on_click(lambda _button: self._export("csv"))
        self.clear_btn.on_click(lambda _button: setattr(self.confirm_box.layout, "display", "flex"))

    def _refresh_outputs(self) -> None:
        self.panel.refresh()

    def _sync_inputs(self) -> None:
        self.panel.sync()
        self._refresh_outputs()

    def describe_draft(self, stored: str) -> str:
        probe = IndividualPlan(self.cat)
        probe.restore_draft(stored)
        return describe_plan(probe)

    # ------------------------------------------------------------------ actions
    def _read(self, upload, action, done) -> None:
        """Use an uploaded file with ``action``; ``done(result)`` is the message when it worked."""
        raw = self._uploaded(upload)
        if raw is None:
            return
        self._ensure_language()
        try:
            result = action(raw)
        except FileProblem as exc:
            self._say(
                _("This file could not be used. {problems} Nothing on screen was changed.").format(
                    problems=" ".join(exc.messages)
                )
            )
        else:
            self._sync_inputs()
            self._say(done(result), "ok")
        finally:
            self._reset_upload(upload)

    def _on_assessment(self, _change) -> None:
        self._read(
            self.assess_up,
            lambda raw: self.model.start_from(summary_of(read_record(raw))),
            started_message,
        )

    def _opened(self, _result) -> str:
        if self.model.language != self.lang:
            return _("Plan opened. It was written in {language}.").format(language=language_name(self.model.language))
        return _("Plan opened.")

    def _on_open(self, _change) -> None:
        self._read(self.open_up, self.model.open_file, self._opened)

    def _on_save(self, _button=None) -> None:
        self._save_json(self.model, lambda: plan_stem(self.model, "plan") + ".json", ("client_code",))

    def _export(self, kind: str) -> None:
        """Word, PDF or CSV in the export language (see AppShell._export_with)."""
        export_plan(self, self.model, kind)

    def _on_clear(self) -> None:
        self._ensure_language()
        self.model.clear(self.lang)
        self.panel.clear()
        self._touched.clear()
        self._sync_inputs()
        self._say(_("Cleared. The draft on this device now holds the empty plan."), "ok")


def describe_plan(probe: IndividualPlan) -> str:
    """The banner text for a plan found in the browser's draft."""
    goals = len(probe.goals)
    text = ngettext(
        "Unsaved plan found on this device: client {code}, {count} goal. Restore it?",
        "Unsaved plan found on this device: client {code}, {count} goals. Restore it?",
        goals,
    )
    code = escape(probe.client_code or _("(no code)"))
    return escape(text).format(code=f"<b>{code}</b>", count=goals) + " "


# Plan exports: how each is made and what the app says when it is downloaded.
PLAN_EXPORTS = {
    "docx": (export.plan_docx, N_("Word document downloaded.")),
    "pdf": (export.plan_pdf, N_("PDF downloaded.")),
    "csv": (export.actions_csv, N_("Actions downloaded as a CSV file.")),
}


def export_plan(host, model: IndividualPlan, kind: str) -> None:
    """Word, PDF or CSV of ``model`` in the export language, handed to the browser by ``host``."""
    host._ensure_language()
    problems = model.field_problems()
    if problems:
        host._touched.add("client_code")
        host._refresh_outputs()
        host._say(_("Not exported yet: {problems}").format(problems=problems_sentence(problems)))
        return
    make, done = PLAN_EXPORTS[kind]
    host._offer_export(plan_stem(model, "plan") + f".{kind}", EXPORT_MIME[kind], lambda cat: make(model, cat), _(done))
