"""The individual-plan app: ipywidgets bound to :class:`IndividualPlan`.

Run it with Voila (``widgets/apps/individual-plan.ipynb``) or in a notebook::

    from widgets.plan.view import PlanApp
    PlanApp().show()
"""

from __future__ import annotations

import datetime as dt
from html import escape

import ipywidgets as w

from ..browser import safe_filename
from ..catalogue import Catalogue, catalogue
from ..charts import timeline_svg
from ..files import FileProblem, problems_sentence
from ..fonts import FontMissing
from ..shell import SHELL_CSS, AppShell, message
from . import export
from .model import (
    ACTORS,
    AGE_BANDS,
    PHASES,
    STATUSES,
    IndividualPlan,
    InputProblem,
    _date,
    compare,
    read_plan,
    smart_check,
)

STORE_KEY = "open-reentry-curriculum/individual-plan"

CSS = """
<style>
.ip-app { font-family: var(--jp-ui-font-family, sans-serif); max-width: 1300px; }
.ip-goal { border: 1px solid #e5e7eb; border-radius: 6px; padding: 6px 10px; margin: 0 0 10px; flex-shrink: 0 !important; }
.ip-action { border-left: 3px solid #93c5fd; padding-left: 6px; margin: 4px 0; flex-shrink: 0 !important; }
.ip-smart li { color: #92400e; font-size: 12px; }
.ip-progress td, .ip-progress th { padding: 2px 8px; border-bottom: 1px solid #e5e7eb; text-align: left; }
</style>
"""


def _text(value: str, placeholder: str, width: str = "auto", css: str = "") -> w.Text:
    t = w.Text(value=value, placeholder=placeholder, layout=w.Layout(width=width))
    if css:
        t.add_class(css)
    return t


class ActionRow:
    def __init__(self, app: PlanApp, action: dict):
        self.id = action["id"]
        self.what = _text(action["what"], "What will happen", "260px", f"ip-what-{self.id}")
        self.who = w.Dropdown(
            options=[(v, k) for k, v in ACTORS.items()], value=action["who"], layout=w.Layout(width="150px")
        )
        self.where = _text(action["where"], "Where / service / contact", "200px")
        self.by_when = _text(action["by_when"], "By when YYYY-MM-DD", "150px", f"ip-date-{self.id}")
        self.phase = w.Dropdown(
            options=[(v, k) for k, v in PHASES.items()], value=action["phase"], layout=w.Layout(width="210px")
        )
        self.status = w.Dropdown(
            options=[(v, k) for k, v in STATUSES.items()], value=action["status"], layout=w.Layout(width="120px")
        )
        self.remove = w.Button(icon="", description="Remove", layout=w.Layout(width="80px"))
        self.msg = w.HTML()
        for name in ("what", "who", "where", "by_when", "phase", "status"):
            getattr(self, name).observe(
                lambda ch, name=name: app._guard(lambda: app.model.update_action(self.id, **{name: ch["new"]})),
                names="value",
            )
        self.remove.on_click(lambda _: app._guard(lambda: app.model.remove_action(self.id)))
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
    def __init__(self, app: PlanApp, goal: dict):
        self.app = app
        self.id = goal["id"]
        domains = [(d.title, d.id) for d in app.cat.domains]
        self.title = w.HTML()
        self.words = w.Textarea(
            value=goal["words"], placeholder="The goal in the client's own words", rows=2, layout=w.Layout(width="98%")
        )
        self.words.add_class(f"ip-words-{self.id}")
        self.domain = w.Dropdown(
            options=domains, value=goal["domain"], description="Need", layout=w.Layout(width="360px")
        )
        self.measure = _text(goal["measure"], "How will we both know it is done?", "360px", f"ip-measure-{self.id}")
        self.target = _text(goal["target_date"], "By when YYYY-MM-DD", "160px", f"ip-target-{self.id}")
        self.smart = w.HTML()
        self.msg = w.HTML()
        self.actions_box = w.VBox()
        self.add_action = w.Button(description="Add action")
        self.add_action.add_class(f"ip-add-action-{self.id}")
        self.remove = w.Button(description="Remove goal", button_style="")
        self.action_rows: dict[str, ActionRow] = {}
        for name, widget in (
            ("words", self.words),
            ("domain", self.domain),
            ("measure", self.measure),
            ("target_date", self.target),
        ):
            widget.observe(
                lambda ch, name=name: app._guard(lambda: app.model.update_goal(self.id, **{name: ch["new"]})),
                names="value",
            )
        self.add_action.on_click(lambda _: app._guard(lambda: app.model.add_action(self.id)))
        self.remove.on_click(lambda _: app._guard(lambda: app.model.remove_goal(self.id)))
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
        self.title.value = f"<h4>Goal {n}: {escape(self.app.cat.domain_title(goal['domain']))}</h4>"
        for name, widget in (
            ("words", self.words),
            ("domain", self.domain),
            ("measure", self.measure),
            ("target_date", self.target),
        ):
            if widget.value != goal[name]:
                widget.value = goal[name]
        hints = smart_check(goal, m.release())
        self.smart.value = (
            "<ul class='ip-smart'>" + "".join(f"<li>{escape(h)}</li>" for h in hints) + "</ul>"
            if hints
            else message("SMART: complete.", "ok")
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
            row.msg.value = message(problems.get(f"action:{a['id']}:by_when", "")) + message(
                warnings.get(f"action:{a['id']}:phase", ""), "warn"
            )
        self.actions_box.children = [self.action_rows[a["id"]].box for a in goal["actions"]]


class PlanApp(AppShell):
    STORE_KEY = STORE_KEY

    def __init__(self, cat: Catalogue | None = None):
        self.cat = cat or catalogue()
        self.model = IndividualPlan(self.cat)
        self._touched: set[str] = set()
        self._earlier = None
        self._init_shell()
        self._build()
        self._bind()
        self._refresh_outputs()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        m = self.model
        self.code = _text(m.client_code, "Client code or pseudonym", "200px", "ip-code")
        self.code_msg = w.HTML()
        self.age = w.Dropdown(
            options=[("Age band…", "")] + [(b, b) for b in AGE_BANDS], value="", layout=w.Layout(width="130px")
        )
        self.release = _text(m.release_date, "Release date YYYY-MM-DD", "190px", "ip-release")
        self.release_msg = w.HTML()
        self.place = _text("", "Institution or probation office", "260px")
        self.mentor = _text("", "Mentor", "180px")
        self.caseworker = _text("", "Caseworker", "180px")
        self.created = _text(m.created_on, "Plan date YYYY-MM-DD", "150px")
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
        progs = sorted(((p.title, p.id) for p in self.cat.curriculum.programmes.values()), key=lambda x: x[0])
        self.prog_pick = w.Dropdown(options=[("Add a programme…", None)] + progs, layout=w.Layout(width="380px"))
        self.prog_use = w.ToggleButtons(
            options=[("Mandatory", "mandatory"), ("Voluntary", "voluntary")],
            value="voluntary",
            style={"button_width": "90px"},
        )
        self.prog_add = w.Button(description="Add to plan")
        self.prog_box = w.VBox()
        self.enrol_rows: dict[str, w.HBox] = {}
        self.progress = w.HTML()
        self.progress.add_class("ip-progress")
        # Goals
        self.goal_domain = w.Dropdown(
            options=[(d.title, d.id) for d in self.cat.domains], description="Need", layout=w.Layout(width="380px")
        )
        self.goal_add = w.Button(description="Add goal", button_style="primary")
        self.goals_box = w.VBox()
        self.cards: dict[str, GoalCard] = {}
        self.timeline = w.HTML()
        self.timeline.add_class("ip-timeline")
        # Reviews and agreement
        self.reviews = w.Textarea(
            placeholder="Review dates, YYYY-MM-DD, one per line", rows=3, layout=w.Layout(width="300px")
        )
        self.reviews_msg = w.HTML()
        self.suggest = w.Button(description="Suggest review dates")
        self.consent = w.Checkbox(description="The client agrees to this plan", value=False, indent=False)
        self.compare_up = w.FileUpload(
            accept=".json", multiple=False, description="Compare with an earlier version", layout=w.Layout(width="auto")
        )
        self.comparison = w.HTML()
        self.revision_btn = w.Button(description="Start next version")
        # Toolbar
        self.assess_up = w.FileUpload(
            accept=".json", multiple=False, description="Start from an assessment", layout=w.Layout(width="auto")
        )
        self.open_up = w.FileUpload(
            accept=".json", multiple=False, description="Open plan (.json)", layout=w.Layout(width="auto")
        )
        self.save_btn = w.Button(description="Save (.json)", button_style="success")
        self.word_btn = w.Button(description="Word (.docx)")
        self.pdf_btn = w.Button(description="PDF")
        self.csv_btn = w.Button(description="Actions (.csv)")
        self.clear_btn = w.Button(description="New plan", button_style="warning")
        self.confirm_box = self._confirm_box("Clear the whole plan on screen?", self._on_clear)
        toolbar = w.HBox(
            [self.assess_up, self.open_up, self.save_btn, self.word_btn, self.pdf_btn, self.csv_btn, self.clear_btn],
            layout=w.Layout(flex_flow="row wrap"),
        )
        header = w.HTML(
            SHELL_CSS
            + CSS
            + "<h2>Individual plan</h2><p class='na-muted'>Turn priorities into a plan the client owns: "
            "goals in the client's words, each with actions (who, where, by when) in the phases around release. "
            "Start from a saved needs assessment or add goals here. SMART hints say what is missing but never stop you "
            "saving. A draft is kept in this browser; nothing leaves this device unless you save or export.</p>"
        )
        details = w.VBox(
            [
                w.HBox(
                    [
                        w.VBox([w.Label("Client code"), self.code, self.code_msg]),
                        w.VBox([w.Label("Age band"), self.age]),
                        w.VBox([w.Label("Release date"), self.release, self.release_msg]),
                        w.VBox([w.Label("Plan date"), self.created]),
                    ],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                w.HBox([self.place, self.mentor, self.caseworker], layout=w.Layout(flex_flow="row wrap")),
            ]
        )
        sections = w.Tab(
            children=[
                w.VBox([w.HBox([self.goal_domain, self.goal_add]), self.goals_box]),
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
                        w.HBox([self.compare_up, self.revision_btn]),
                        self.comparison,
                    ]
                ),
            ]
        )
        for i, title in enumerate(("Goals and actions", "Programmes", "Timeline", "Reviews and agreement")):
            sections.set_title(i, title)
        self.sections = sections
        self.root = self._root("ip-app", header, details, toolbar, sections)

    # ------------------------------------------------------------------ binding
    def _bind(self) -> None:
        for name, widget in self.header_fields.items():
            widget.observe(lambda ch, name=name: self._on_header(name, ch["new"]), names="value")
        self.consent.observe(
            lambda ch: None if self._syncing else setattr(self.model, "consent", ch["new"]), names="value"
        )
        self.reviews.observe(lambda ch: self._guard(lambda: self.model.set_reviews(ch["new"])), names="value")
        self.suggest.on_click(lambda _: (self.model.suggest_reviews(), self._sync_inputs()))
        self.goal_add.on_click(lambda _: self._guard(lambda: self.model.add_goal(self.goal_domain.value)))
        self.prog_add.on_click(self._on_enrol)
        self.assess_up.observe(self._on_assessment, names="value")
        self.open_up.observe(self._on_open, names="value")
        self.compare_up.observe(self._on_compare, names="value")
        self.save_btn.on_click(self._on_save)
        self.word_btn.on_click(lambda _: self._export("docx"))
        self.pdf_btn.on_click(lambda _: self._export("pdf"))
        self.csv_btn.on_click(lambda _: self._export("csv"))
        self.clear_btn.on_click(lambda _: setattr(self.confirm_box.layout, "display", "flex"))
        self.revision_btn.on_click(self._on_revision)

    def _on_header(self, name: str, value) -> None:
        if self._syncing:
            return
        self._touched.add(name)
        setattr(self.model, name, (value or None) if name == "age_band" else value)

    # ------------------------------------------------------------------ outputs
    def _refresh_outputs(self) -> None:
        m = self.model
        problems, warnings = m.field_problems(), m.warnings()
        self.code_msg.value = message(problems.get("client_code", "")) if "client_code" in self._touched else ""
        self.release_msg.value = message(problems.get("release_date", ""))
        # Goal cards: keep the widgets of goals that still exist, so nothing typed is lost.
        current = [g["id"] for g in m.goals]
        for gid in list(self.cards):
            if gid not in current:
                del self.cards[gid]
        for n, g in enumerate(m.goals, start=1):
            card = self.cards.get(g["id"]) or self.cards.setdefault(g["id"], GoalCard(self, g))
            card.refresh(n, g, problems, warnings)
        self.goals_box.children = [self.cards[gid].box for gid in current] or [
            w.HTML(
                "<p class='na-muted'>No goals yet. Start from a needs assessment, or choose a need and press Add goal.</p>"
            )
        ]
        self._refresh_programmes()
        items = [
            (_date(a["by_when"]), a["phase"], a["what"], a["status"] == "done") for g in m.goals for a in g["actions"]
        ]
        undated = sum(1 for d, *_ in items if d is None)
        note = f"<p class='na-muted'>{undated} action(s) without a date are not drawn.</p>" if undated else ""
        by_phase = []
        for phase, rows in m.actions_by_phase().items():
            lis = "".join(
                f"<li>{escape(a['by_when'] or 'no date')}: {escape(a['what'] or '(no text yet)')} "
                f"<span class='na-muted'>({ACTORS[a['who']]}; {STATUSES[a['status']].lower()})</span></li>"
                for _, a in rows
            )
            by_phase.append(f"<h4>{PHASES[phase]}</h4><ul>{lis or '<li class=na-muted>Nothing planned yet.</li>'}</ul>")
        self.timeline.value = timeline_svg(items, m.release()) + note + "".join(by_phase)
        review_errs = [v for k, v in problems.items() if k.startswith("review:")]
        self.reviews_msg.value = message(review_errs[0]) if review_errs else ""

    def _refresh_programmes(self) -> None:
        rows = []
        for p in self.model.progress():
            rows.append(
                f"<tr data-programme='{p.programme}'><td>{escape(p.title)}</td><td>{p.use}</td><td>{p.hours:g} / {p.min_hours:g} h</td>"
                f"<td>{'✔ ' if p.completed else ''}{escape(p.words)}</td></tr>"
            )
        self.progress.value = (
            "<table><tr><th>Programme</th><th>In the plan</th><th>Hours</th><th>Completion</th></tr>"
            + "".join(rows)
            + "</table>"
            "<p class='na-muted'>A programme counts as completed only when its minimum hours are reached and, where the "
            "programme requires it (social training), the individual plan exists: at least one goal in the client's words "
            "with an action.</p>"
            if rows
            else ""
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
        pid = e["programme"]
        title = self.cat.curriculum.programmes[pid].title
        hours = w.Text(value=f"{e['hours']:g}", description="Hours", layout=w.Layout(width="160px"))
        hours.add_class(f"ip-hours-{pid}")
        use = w.ToggleButtons(
            options=[("Mandatory", "mandatory"), ("Voluntary", "voluntary")],
            value=e["use"],
            style={"button_width": "90px"},
        )
        msg = w.HTML()
        remove = w.Button(description="Remove", layout=w.Layout(width="80px"))

        def on_hours(ch):
            try:
                self.model.set_enrolment(pid, hours=ch["new"])
                msg.value = ""
            except InputProblem as exc:
                msg.value = message(str(exc))  # what was typed stays in the box

        hours.observe(on_hours, names="value")
        use.observe(lambda ch: self._guard(lambda: self.model.set_enrolment(pid, use=ch["new"])), names="value")
        remove.on_click(lambda _: self.model.unenrol(pid))
        return w.HBox([w.HTML(f"<b>{escape(title)}</b>", layout=w.Layout(width="320px")), use, hours, remove, msg])

    def _sync_inputs(self) -> None:
        m = self.model
        self._syncing = True
        try:
            for name, widget in self.header_fields.items():
                widget.value = getattr(m, name) or ""
            self.consent.value = bool(m.consent)
            self.reviews.value = "\n".join(m.reviews)
            self.enrol_rows.clear()
        finally:
            self._syncing = False
        self._refresh_outputs()

    def describe_draft(self, stored: str) -> str:
        probe = IndividualPlan(self.cat)
        probe.restore_draft(stored)
        return (
            f"Unsaved plan found on this device: client <b>{escape(probe.client_code or '(no code)')}</b>, "
            f"{len(probe.goals)} goals. Restore it? "
        )

    # ------------------------------------------------------------------ actions
    def _on_enrol(self, _=None) -> None:
        if not self.prog_pick.value:
            self._say("Choose a programme first.")
            return
        self._guard(lambda: self.model.enrol(self.prog_pick.value, self.prog_use.value))

    def _read(self, upload, action, done: str) -> None:
        raw = self._uploaded(upload)
        if raw is None:
            return
        try:
            result = action(raw)
        except FileProblem as exc:
            self._say("This file could not be used. " + " ".join(exc.messages) + " Nothing on screen was changed.")
        else:
            self._sync_inputs()
            self._say(done.format(result=result), "ok")
        finally:
            self._reset_upload(upload)

    def _on_assessment(self, _change) -> None:
        self._read(
            self.assess_up,
            self.model.start_from_assessment,
            "Added {result} goal(s) from the assessment's priorities. Write each goal in the client's words.",
        )

    def _on_open(self, _change) -> None:
        self._read(self.open_up, self.model.open_file, "Plan opened.")

    def _on_compare(self, _change) -> None:
        raw = self._uploaded(self.compare_up)
        if raw is None:
            return
        try:
            old = read_plan(raw)
            new = self.model.to_record()
        except FileProblem as exc:
            self._say("That file could not be compared. " + " ".join(exc.messages))
        except InputProblem as exc:
            self._say("Fix this plan first: " + str(exc))
        else:
            lines = compare(old, new, self.cat)
            items = "".join(f"<li>{escape(line)}</li>" for line in lines) or "<li>No changes.</li>"
            self.comparison.value = (
                f"<h4>Changes since version {old.revision} ({old.created_on.isoformat()})</h4><ul>{items}</ul>"
            )
        finally:
            self._reset_upload(self.compare_up)

    def _on_revision(self, _=None) -> None:
        self.model.new_revision()
        self._sync_inputs()
        self._say(f"This is now version {self.model.plan_revision}. Save it as a new file; keep the earlier one.", "ok")

    def _stem(self, kind: str) -> str:
        return safe_filename(
            self.model.client_code.strip() or "client",
            kind,
            f"v{self.model.plan_revision}",
            dt.date.today().isoformat(),
        )

    def _on_save(self, _=None) -> None:
        try:
            text = self.model.to_json()
        except InputProblem as exc:
            self._touched.add("client_code")
            self._refresh_outputs()
            self._say("Not saved yet: " + str(exc))
            return
        self.download.offer(self._stem("plan") + ".json", text, "application/json")
        self._say("Saved to your device's downloads.", "ok")

    def _export(self, kind: str) -> None:
        problems = self.model.field_problems()
        if problems:
            self._touched.add("client_code")
            self._refresh_outputs()
            self._say("Not exported yet: " + problems_sentence(problems))
            return
        try:
            if kind == "docx":
                data, mime = (
                    export.plan_docx(self.model),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                )
            elif kind == "pdf":
                data, mime = export.plan_pdf(self.model), "application/pdf"
            else:
                data, mime = export.actions_csv(self.model), "text/csv"
        except FontMissing as exc:
            self._say(str(exc))
            return
        self.download.offer(self._stem("plan") + f".{kind}", data, mime)
        self._say(f"{kind.upper()} downloaded.", "ok")

    def _on_clear(self) -> None:
        self.model.clear()
        self.cards.clear()
        self._sync_inputs()
        self._say("Cleared. The draft on this device now holds the empty plan.", "ok")
