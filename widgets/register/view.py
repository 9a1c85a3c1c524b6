"""The register app: ipywidgets bound to :class:`register.app_model.RegisterModel`.

Run it with Voila (``widgets/apps/register.ipynb``) or in a notebook::

    from widgets.register.view import RegisterApp
    RegisterApp(lang="cs").show()

Eight tabs: groups (create one, add participants), the attendance grid (participants × sessions,
filled in during the session), CSV import (attendance and plan dates), outcomes and follow-ups,
mentoring (pairs, meetings, the span checks), training courses (trainees, modules, certificates),
the dashboard, and data protection (retention, one person's export and erasure). The register is the
database named by ``TOOLKIT_REGISTER_DB`` (default: a file in ``~/.local/share/reentry-toolkit``);
the app opens only when the server listens on this computer alone, unless the agency has put it
behind a login and says so with ``TOOLKIT_REGISTER_REMOTE=1``.
"""

from __future__ import annotations

import datetime as dt
import os
from html import escape

import ipywidgets as w

from curriculum.i18n import _, normalise_language, pgettext, set_language
from register import Register, RegisterError, charts, export, reports
from register.app_model import (
    REMOTE_ENV,
    CoursesModel,
    ImportModel,
    MentoringModel,
    ProtectionModel,
    RegisterModel,
    cell_key,
    served_locally,
)
from register.rules import (
    AFTER_MONTHS,
    BEFORE_MONTHS,
    FOLLOW_UP_MONTHS,
    REOFFENDED,
    SPAN_MONTHS,
    STAGE_LABELS,
    STAGES,
    STATUS_LABELS,
    STATUSES,
)

from ..browser import Downloader, FilePicker
from ..controls import A11Y_CSS, ChoiceGroup, labelled
from ..files import MAX_FILE_BYTES
from ..language import language_dropdown, language_name
from ..shell import SHELL_CSS, close_tree, message

CSS = """
<style>
.rg-app { font-family: var(--jp-ui-font-family, sans-serif); max-width: 1400px; }
.rg-grid { overflow-x: auto !important; }
.rg-grid .widget-gridbox { gap: 2px; }
.rg-cell input { width: 58px !important; text-align: right; }
.rg-head { font-weight: 600; font-size: 12px; text-align: center; }
.rg-done { color: #166534; font-weight: 600; }
.rg-missing { color: #92400e; font-size: 12px; }
.rg-table { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px; }
.rg-table th, .rg-table td { border: 1px solid #d1d5db; padding: 2px 8px; text-align: left; }
.rg-problems { color: #b91c1c; font-size: 13px; margin: 4px 0 8px; }
.rg-help { font-size: 13px; max-width: 820px; line-height: 1.4; }
.rg-help code { background: #f3f4f6; padding: 0 3px; }
.rg-warn { color: #92400e; }
</style>
"""


def tag(name: str, text: str, css: str = "") -> str:
    """``text`` escaped in an HTML element (``css``: its class)."""
    attr = f" class='{css}'" if css else ""
    return f"<{name}{attr}>{escape(text)}</{name}>"


def _table(headers: list[str], rows: list[list], css: str = "rg-table") -> str:
    head = "".join(f"<th scope='col'>{escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table class='{css}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _day(value) -> str:
    return value.isoformat() if value else ""


class RegisterApp:
    def __init__(self, lang: str = "en", url: str | None = None, register: Register | None = None):
        self.lang = normalise_language(lang)
        set_language(self.lang)
        self.root = w.VBox()
        self.root.add_class("rg-app")
        self.root.add_class("tk-app")
        self.language_pick = language_dropdown(self.lang)
        self.language_pick.observe(self._on_language, names="value")
        self.download = Downloader()
        self.model = None
        self.totals: dict = {}
        self.states: dict = {}
        if not served_locally() and os.environ.get(REMOTE_ENV) != "1":
            self._refuse(
                _(
                    "The register holds special-category data, so it opens only when the toolkit is served on this "
                    "computer alone (python -m widgets.serve, which listens on 127.0.0.1). To use it from other "
                    "computers, put the server behind a login and set {setting}."
                ).format(setting=f"{REMOTE_ENV}=1")
            )
            return
        try:
            self.model = RegisterModel(register or Register(url))
        except RegisterError as exc:
            self._refuse(str(exc))
            return
        except Exception as exc:  # the database cannot be reached
            self._refuse(_("The register could not be opened: {reason}").format(reason=str(exc).splitlines()[0]))
            return
        self.mentoring = MentoringModel(self.model)
        self.courses = CoursesModel(self.model)
        self.importer = ImportModel(self.model)
        self.protection = ProtectionModel(self.model)
        self.model.observe(self._on_revision, names="revision")
        self.model.observe(self._show_totals, names="rows")
        self.model.observe(self._on_message, names=["message", "kind"])
        self.mentoring.observe(self._draw_caseload, names="pairs")
        self.courses.observe(self._on_course_revision, names="revision")
        self.courses.observe(self._show_course_states, names="trainees")
        self.importer.observe(self._draw_problems, names="problems")
        self.protection.observe(self._draw_retention, names=["preview", "years"])
        self.protection.observe(self._on_deleted, names="changed")
        self._render()

    # ---- building
    def _refuse(self, text: str) -> None:
        self.root.children = [w.HTML(SHELL_CSS + A11Y_CSS + CSS + tag("h2", _("Register")) + message(text))]

    def _render(self) -> None:
        self.language_pick.description = _("Language")
        title = w.HTML(SHELL_CSS + A11Y_CSS + CSS + tag("h2", _("Register")))
        intro = w.HTML(
            "<p class='na-muted'>"
            + escape(
                _(
                    "Groups, attendance, outcomes, mentoring and training courses, kept in the agency's register on "
                    "this computer. Use pseudonymous codes only, never names. Every change is written at once and "
                    "logged."
                )
            )
            + "</p>"
        )
        self.who = labelled(w.Text(value=self.model.who, layout=w.Layout(width="220px")), _("Recorded by"))
        w.link((self.model, "who"), (self.who, "value"))
        self.status = w.HTML()
        self.status.add_class("rg-status")
        self.dashboard_tab = self._dashboard_tab()
        tabs = [
            (self._groups_tab(), _("Groups")),
            (self._attendance_tab(), _("Attendance")),
            (self._import_tab(), _("Import (CSV)")),
            (self._outcomes_tab(), _("Outcomes")),
            (self._mentoring_tab(), _("Mentoring")),
            (self._courses_tab(), _("Training courses")),
            (self.dashboard_tab, _("Dashboard")),
            (self._protection_tab(), _("Data protection")),
        ]
        self.tabs = w.Tab(children=[tab for tab, _name in tabs])
        for i, (_tab, name) in enumerate(tabs):
            self.tabs.set_title(i, name)
        self.tabs.observe(self._on_tab, names="selected_index")
        top = w.HBox(
            [title, self.language_pick], layout=w.Layout(justify_content="space-between", flex_flow="row wrap")
        )
        self.root.children = [top, intro, self.who, self.status, self.tabs, self.download]
        self._refresh()
        self._draw_caseload()
        self._on_course_revision()
        self._draw_problems()
        self._draw_retention()

    def _groups_tab(self) -> w.VBox:
        self.group_code = labelled(w.Text(placeholder="G-2025-01"), _("Group code"))
        self.group_code.add_class("rg-group-code")
        self.group_programme = labelled(w.Dropdown(options=self.model.programme_options()), _("Programme"))
        self.group_site = labelled(w.Text(), _("Site"))
        self.group_facilitators = labelled(w.Text(), _("Facilitators (codes or initials)"))
        self.group_start = labelled(w.DatePicker(value=dt.date.today()), _("Starts on"))
        create = w.Button(description=_("Create group"), button_style="primary")
        create.add_class("rg-create")
        create.on_click(self._on_create)
        self.group_list = w.HTML()
        return w.VBox(
            [
                w.HTML(tag("h3", _("New group"))),
                self.group_code,
                self.group_programme,
                self.group_site,
                self.group_facilitators,
                self.group_start,
                create,
                w.HTML(tag("h3", _("Groups in the register"))),
                self.group_list,
            ]
        )

    def _attendance_tab(self) -> w.VBox:
        self.group_pick = labelled(w.Dropdown(), _("Group"))
        self.group_pick.add_class("rg-group-pick")
        self.group_pick.observe(self._on_group_pick, names="value")
        reload = w.Button(description=_("Reload"), tooltip=_("Read the register again (changes made elsewhere)"))
        reload.add_class("rg-reload")
        reload.on_click(lambda _b: self.model.reload())
        self.new_person = labelled(w.Text(placeholder="K-0412"), _("Participant code"))
        self.new_person.add_class("rg-new-person")
        add = w.Button(description=_("Add participant"))
        add.add_class("rg-add-person")
        add.on_click(self._on_add_person)
        self.session_pick = labelled(w.Dropdown(), _("Session"))
        fill = w.Button(description=_("Everyone else attended in full"))
        fill.add_class("rg-fill")
        fill.on_click(self._on_fill)
        self.makeup = labelled(w.Checkbox(value=False, indent=False), _("Make-up sessions"))
        self.makeup.observe(lambda _c: self._draw_grid(), names="value")
        self.grid_box = w.Box()
        self.grid_box.add_class("rg-grid")
        self.grid_box.add_class("rg-attendance-grid")
        self.plan_person = labelled(w.Dropdown(), _("Participant"))
        self.plan_date = labelled(w.DatePicker(), _("Individual plan created on"))
        plan = w.Button(description=_("Save plan date"))
        plan.on_click(lambda _b: self.model.set_plan(self.plan_person.value, self.plan_date.value))
        self.status_pick = ChoiceGroup(options=[(_(STATUS_LABELS[s]), s) for s in STATUSES], label=_("Status"))
        self.status_reason = labelled(w.Text(), _("Reason"))
        status = w.Button(description=_("Save status"))
        status.on_click(
            lambda _b: self.model.set_status(self.plan_person.value, self.status_pick.value, self.status_reason.value)
        )
        return w.VBox(
            [
                w.HBox([self.group_pick, reload]),
                w.HBox([self.new_person, add]),
                w.HBox([self.session_pick, fill, self.makeup]),
                self.grid_box,
                w.HTML(tag("h3", _("Plan and status"))),
                w.HBox([self.plan_person, self.plan_date, plan]),
                w.HBox([w.HTML(escape(_("Status"))), self.status_pick, self.status_reason, status]),
            ]
        )

    def _outcomes_tab(self) -> w.VBox:
        self.out_person = labelled(w.Text(placeholder="K-0412"), _("Person code"))
        self.out_kind = labelled(w.Dropdown(options=self.model.outcome_options()), _("Outcome"))
        self.out_date = labelled(w.DatePicker(), _("Date"))
        self.out_source = labelled(w.Text(), _("Source (how the agency knows)"))
        save = w.Button(description=_("Save outcome"), button_style="primary")
        save.on_click(
            lambda _b: self.model.add_outcome(
                self.out_person.value, self.out_kind.value, self.out_date.value, self.out_source.value
            )
        )
        self.fu_months = labelled(
            w.Dropdown(options=[(str(m), m) for m in FOLLOW_UP_MONTHS]), _("Months after release")
        )
        labels = {"yes": _("Yes"), "no": _("No"), "unknown": _("Unknown")}
        self.fu_answer = ChoiceGroup(
            options=[(labels[a], a) for a in REOFFENDED], value="unknown", label=_("Reoffended")
        )
        save_fu = w.Button(description=_("Save follow-up"))
        save_fu.on_click(
            lambda _b: self.model.add_follow_up(
                self.out_person.value,
                self.fu_months.value,
                self.fu_answer.value,
                self.out_date.value,
                self.out_source.value,
            )
        )
        return w.VBox(
            [
                self.out_person,
                self.out_date,
                self.out_source,
                w.HTML(tag("h3", _("Outcome"))),
                w.HBox([self.out_kind, save]),
                w.HTML(
                    tag(
                        "h3", pgettext("register: checks of a person at 6, 12 and 24 months after release", "Follow-up")
                    )
                ),
                w.HBox([self.fu_months, w.HTML(escape(_("Reoffended"))), self.fu_answer, save_fu]),
            ]
        )

    def _dashboard_tab(self) -> w.VBox:
        self.dashboard = w.HTML()
        self.dashboard.add_class("rg-dashboard")
        buttons = []
        for label, make in (
            (_("Reports (Excel)"), self._excel),
            (_("Participants (CSV)"), self._participants_csv),
            (_("For funders (CSV, counts under 5 hidden)"), self._funders_csv),
        ):
            button = w.Button(description=label, layout=w.Layout(width="auto"))
            button.on_click(lambda _b, make=make: self._offer(*make()))
            buttons.append(button)
        return w.VBox([w.HBox(buttons, layout=w.Layout(flex_flow="row wrap")), self.dashboard])

    def _excel(self) -> tuple[str, bytes, str]:
        data = export.excel(export.tables(self.model.reg), _(reports.NOTE))
        return "register.xlsx", data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def _participants_csv(self) -> tuple[str, str, str]:
        return "participants.csv", export.csv_text(export.participants_table(self.model.reg)), "text/csv"

    def _funders_csv(self) -> tuple[str, str, str]:
        return "funders.csv", export.funders_csv(self.model.reg), "text/csv"

    def _offer(self, name: str, data, mime: str) -> None:
        self.download.offer(name, data, mime)
        self.status.value = message(_("{file} is in your downloads.").format(file=name), "ok")

    def _import_tab(self) -> w.VBox:
        self.imp_kind = labelled(
            w.Dropdown(options=[(_("Attendance"), "attendance"), (_("Plan dates"), "plans")]), _("The file holds")
        )
        self.imp_kind.add_class("rg-import-kind")
        self.imp_pick = FilePicker(
            description=_("Choose a CSV file and import it"),
            tooltip=_("Choose a CSV file and import it"),
            accept=".csv,text/csv",
            max_bytes=MAX_FILE_BYTES,
        )
        self.imp_pick.add_class("rg-import")
        self.imp_pick.observe(self._on_import, names="value")
        sample = w.Button(description=_("Download an example file"), layout=w.Layout(width="auto"))
        sample.on_click(lambda _b: self._offer(*self.importer.example(self.imp_kind.value), "text/csv"))
        self.imp_problems = w.HTML()
        self.imp_problems.add_class("rg-problems")
        code = lambda text: f"<code>{escape(text)}</code>"  # noqa: E731
        lines = [
            _("Attendance: one row per person and session, with the columns {columns}; you may add {optional}.").format(
                columns=code("group,participant,session,minutes"), optional=code("makeup,date")
            ),
            _(
                "In the column {column}, write {yes} for a make-up session and {no}, or nothing, for the session "
                "itself. The file keeps these English words in every language of the app; in the app a make-up "
                "session is shown under “Make-up sessions” in the Attendance tab."
            ).format(column=code("makeup"), yes=code("yes"), no=code("no")),
            _("Plan dates: the columns {columns}. Dates are written like {example}.").format(
                columns=code("group,participant,plan_date"), example=code("2025-03-31")
            ),
            _(
                "The group must be in the register already; a participant not yet in the group is added to it. "
                "If any row has a problem, every problem is listed as “line N: what is wrong” and nothing from the "
                "file is imported: correct the file and import it again. A file may be up to {limit} MB."
            ).format(limit=MAX_FILE_BYTES // 1_000_000),
        ]
        # Each line is translated whole; the placeholders hold only escaped codes.
        help_html = "".join(f"<p>{self._escape_keep_code(line)}</p>" for line in lines)
        return w.VBox(
            [
                w.HTML(tag("h3", _("Import a CSV file"))),
                w.HTML(f"<div class='rg-help'>{help_html}</div>"),
                w.HBox([self.imp_kind, self.imp_pick, sample], layout=w.Layout(flex_flow="row wrap")),
                self.imp_problems,
            ]
        )

    @staticmethod
    def _escape_keep_code(text: str) -> str:
        """``text`` escaped, except the <code> elements the placeholders put in."""
        parts = text.split("<code>")
        out = [escape(parts[0])]
        for part in parts[1:]:
            inner, _sep, rest = part.partition("</code>")
            out.append(f"<code>{inner}</code>{escape(rest)}")
        return "".join(out)

    def _mentoring_tab(self) -> w.VBox:
        self.m_mentor = labelled(w.Text(placeholder="M-07"), _("Mentor code"))
        self.m_mentor.add_class("rg-mentor")
        self.m_person = labelled(w.Text(placeholder="K-0412"), _("Client code"))
        self.m_person.add_class("rg-client")
        self.m_release = labelled(w.DatePicker(), _("Release date (if known)"))
        pair = w.Button(description=_("Save pair"))
        pair.add_class("rg-save-pair")
        pair.on_click(
            lambda _b: self.mentoring.add_pair(self.m_mentor.value, self.m_person.value, self.m_release.value)
        )
        self.m_date = labelled(w.DatePicker(value=dt.date.today()), _("Date of the meeting"))
        self.m_date.add_class("rg-meeting-date")
        self.m_minutes = labelled(w.BoundedIntText(value=60, min=0, max=600), _("Minutes"))
        self.m_minutes.add_class("rg-meeting-minutes")
        self.m_stage = ChoiceGroup(
            options=[(_("Work it out from the release date"), "")] + [(_(STAGE_LABELS[s]), s) for s in STAGES],
            value="",
            label=_("When the meeting was held"),
        )
        meeting = w.Button(description=_("Save meeting"), button_style="primary")
        meeting.add_class("rg-save-meeting")
        meeting.on_click(self._on_meeting)
        self.m_filter = labelled(w.Dropdown(), _("Show the caseload of"))
        self.m_filter.observe(self._on_mentor_filter, names="value")
        self.caseload_html = w.HTML()
        self.caseload_html.add_class("rg-caseload")
        rule = _(
            "Each pair is checked against two limits: {months} months in all, counted from the first meeting to "
            "the last (the months before release included), and {before} months before and {after} months after "
            "release."
        ).format(months=SPAN_MONTHS, before=BEFORE_MONTHS, after=AFTER_MONTHS)
        return w.VBox(
            [
                w.HTML(tag("h3", _("Mentor and client"))),
                w.HBox([self.m_mentor, self.m_person, self.m_release, pair], layout=w.Layout(flex_flow="row wrap")),
                w.HTML(tag("h3", _("Meeting"))),
                w.HBox([self.m_date, self.m_minutes], layout=w.Layout(flex_flow="row wrap")),
                w.HBox(
                    [w.HTML(escape(_("When the meeting was held"))), self.m_stage, meeting],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                w.HTML(tag("h3", _("Caseloads"))),
                w.HTML(tag("p", rule, "na-muted")),
                self.m_filter,
                self.caseload_html,
            ]
        )

    def _courses_tab(self) -> w.VBox:
        self.c_code = labelled(w.Text(placeholder="MT-2025-01"), _("Course code"))
        self.c_code.add_class("rg-course-code")
        self.c_course = labelled(w.Dropdown(options=self.courses.course_options()), _("Training course"))
        self.c_site = labelled(w.Text(), _("Site"))
        self.c_trainers = labelled(w.Text(), _("Trainers (codes or initials)"))
        self.c_start = labelled(w.DatePicker(value=dt.date.today()), _("Starts on"))
        create = w.Button(description=_("Create course"), button_style="primary")
        create.add_class("rg-create-course")
        create.on_click(self._on_create_course)
        self.run_pick = labelled(w.Dropdown(), _("Course"))
        self.run_pick.add_class("rg-run-pick")
        self.run_pick.observe(self._on_run_pick, names="value")
        self.c_trainee = labelled(w.Text(placeholder="V-17"), _("Trainee code"))
        self.c_trainee.add_class("rg-trainee")
        add = w.Button(description=_("Add trainee"))
        add.add_class("rg-add-trainee")
        add.on_click(self._on_add_trainee)
        self.c_module = labelled(w.Dropdown(), _("Module"))
        fill = w.Button(description=_("Every trainee without minutes attended in full"), layout=w.Layout(width="auto"))
        fill.on_click(lambda _b: self.c_module.value and self.courses.fill_module(self.c_module.value))
        self.course_box = w.Box()
        self.course_box.add_class("rg-grid")
        self.c_name = labelled(w.Text(), _("Name printed on the certificate (never stored)"))
        self.c_date = labelled(w.DatePicker(value=dt.date.today()), _("Date printed on the certificate"))
        self.cert_box = w.VBox()
        self.cert_box.add_class("rg-certificates")
        return w.VBox(
            [
                w.HTML(tag("h3", _("New course"))),
                self.c_code,
                self.c_course,
                self.c_site,
                self.c_trainers,
                self.c_start,
                create,
                w.HTML(tag("h3", _("Trainees and modules"))),
                self.run_pick,
                w.HBox([self.c_trainee, add]),
                w.HBox([self.c_module, fill], layout=w.Layout(flex_flow="row wrap")),
                self.course_box,
                w.HTML(tag("h3", _("Certificates"))),
                w.HTML(
                    tag(
                        "p",
                        _(
                            "A trainee who attended every module for its full time can be given a certificate. "
                            "Leave the name empty to print a line on which it is written by hand."
                        ),
                        "na-muted",
                    )
                ),
                w.HBox([self.c_name, self.c_date], layout=w.Layout(flex_flow="row wrap")),
                self.cert_box,
            ]
        )

    def _protection_tab(self) -> w.VBox:
        self.p_years = labelled(
            w.BoundedIntText(value=self.protection.years, min=0, max=100, layout=w.Layout(width="auto")),
            _("Keep records for this many years (0: no retention period)"),
        )
        self.p_years.add_class("rg-years")
        save = w.Button(description=_("Save retention period"))
        save.on_click(lambda _b: self.protection.save_years(self.p_years.value))
        look = w.Button(description=_("Show what would be deleted"), layout=w.Layout(width="auto"))
        look.add_class("rg-retention-preview")
        look.on_click(lambda _b: self.protection.preview_retention())
        self.p_preview = w.HTML()
        self.p_preview.add_class("rg-retention-words")
        yes = w.Button(description=_("Yes, delete these records"), button_style="danger", layout=w.Layout(width="auto"))
        yes.add_class("rg-retention-apply")
        yes.on_click(lambda _b: self.protection.apply())
        no = w.Button(description=_("Cancel"))
        no.on_click(lambda _b: self.protection.cancel())
        self.p_confirm = w.HBox(
            [w.HTML(escape(_("Delete these records now? This cannot be undone."))), yes, no],
            layout=w.Layout(display="none", align_items="center", flex_flow="row wrap"),
        )
        self.p_code = labelled(w.Text(placeholder="K-0412"), _("Person code"))
        self.p_code.add_class("rg-person-code")
        export_button = w.Button(description=_("Export everything held (JSON)"), layout=w.Layout(width="auto"))
        export_button.add_class("rg-export-person")
        export_button.on_click(self._on_export_person)
        self.p_typed = labelled(w.Text(), _("To erase, type the person code again"))
        self.p_typed.add_class("rg-erase-typed")
        erase = w.Button(description=_("Erase this person"), button_style="danger")
        erase.add_class("rg-erase")
        erase.on_click(self._on_erase)
        return w.VBox(
            [
                w.HTML(tag("h3", _("Retention period"))),
                w.HTML(
                    tag(
                        "p",
                        _(
                            "Records of people with nothing recorded for longer than the retention period are "
                            "deleted, with groups and courses that ended before then and have no one left in them, "
                            "and audit entries older than that. See what would be deleted before you confirm."
                        ),
                        "na-muted",
                    )
                ),
                w.HBox([self.p_years, save, look], layout=w.Layout(flex_flow="row wrap")),
                self.p_preview,
                self.p_confirm,
                w.HTML(tag("h3", _("One person (GDPR articles 15 and 17)"))),
                w.HTML(
                    tag(
                        "p",
                        _(
                            "Export gives everything the register holds on the person, as a JSON file, when they ask "
                            "for it. Erasing removes the person and all their records; it cannot be undone. The audit "
                            "log records both, by whom and when."
                        ),
                        "na-muted",
                    )
                ),
                w.HBox([self.p_code, export_button], layout=w.Layout(flex_flow="row wrap")),
                w.HBox([self.p_typed, erase], layout=w.Layout(flex_flow="row wrap")),
            ]
        )

    # ---- drawing
    def _refresh(self) -> None:
        m = self.model
        self.group_list.value = _table(
            [_("Group"), _("Programme"), _("Site"), _("Participants")],
            [[g["code"], g["programme"], g["site"], g["participants"]] for g in m.groups],
        )
        options = [("", "")] + [(f"{g['code']} · {g['programme']}", g["code"]) for g in m.groups]
        self.group_pick.unobserve(self._on_group_pick, names="value")
        self.group_pick.options = options
        self.group_pick.value = m.group if m.group in [v for _l, v in options] else ""
        self.group_pick.observe(self._on_group_pick, names="value")
        self.session_pick.options = [(str(n), n) for n in range(1, m.sessions + 1)]
        self.plan_person.options = m.participants
        self._draw_grid()

    def _draw_grid(self) -> None:
        m = self.model
        old = self.grid_box.children
        if not m.group:
            self.grid_box.children = [w.HTML(escape(_("Choose or create a group.")))]
        elif not m.participants:
            self.grid_box.children = [w.HTML(escape(_("No participants yet: add them by their codes.")))]
        else:
            makeup = self.makeup.value
            values = m.makeups if makeup else m.grid
            self.totals, self.states = {}, {}
            cells = [w.HTML(tag("div", _("Participant"), "rg-head"))]
            cells += [w.HTML(f"<div class='rg-head'>{n}</div>") for n in range(1, m.sessions + 1)]
            cells += [w.HTML(tag("div", _("Minutes"), "rg-head"))]
            cells += [w.HTML(tag("div", _("Completion"), "rg-head"))]
            for i, person in enumerate(m.participants):
                cells.append(w.HTML(f"<b>{escape(person)}</b>"))
                for n in range(1, m.sessions + 1):
                    box = w.BoundedIntText(value=values.get(cell_key(person, n), 0), min=0, max=600)
                    name = _("{person}, session {number}, minutes").format(person=person, number=n)
                    if makeup:
                        name = _("{person}, make-up of session {number}, minutes").format(person=person, number=n)
                    labelled(box, name, hidden=True)
                    box.add_class("rg-cell")
                    box.add_class(f"rg-cell-{i}-{n}")
                    box.observe(self._cell_handler(person, n, makeup), names="value")
                    cells.append(box)
                self.totals[person] = w.HTML()
                self.totals[person].add_class(f"rg-total-{i}")
                self.states[person] = w.HTML()
                self.states[person].add_class(f"rg-state-{i}")
                cells += [self.totals[person], self.states[person]]
            self._show_totals()
            columns = f"minmax(90px, auto) repeat({m.sessions}, 64px) 70px minmax(200px, 1fr)"
            self.grid_box.children = [w.GridBox(cells, layout=w.Layout(grid_template_columns=columns))]
        for widget in old:
            close_tree(widget)

    def _draw_caseload(self, _change=None) -> None:
        mentors = self.mentoring.mentors()
        options = [(_("Every mentor"), "")] + [(m, m) for m in mentors]
        self.m_filter.unobserve(self._on_mentor_filter, names="value")
        self.m_filter.options = options
        self.m_filter.value = self.mentoring.mentor if self.mentoring.mentor in mentors else ""
        self.m_filter.observe(self._on_mentor_filter, names="value")
        pairs = self.mentoring.pairs
        if not pairs:
            self.caseload_html.value = tag("p", _("No mentoring pairs yet."), "na-muted")
            return
        rows = []
        for c in pairs:
            by = c["minutes_by_stage"]
            checks = escape(" ".join(c["checks"]))
            rows.append(
                "<tr>"
                + "".join(
                    f"<td>{escape(str(v))}</td>"
                    for v in (
                        c["mentor"],
                        c["person"],
                        _day(c["release_on"]),
                        c["meetings"],
                        by["before-release"],
                        by["at-release"],
                        by["after-release"],
                    )
                )
                + f"<td class='{'rg-done' if c['ok'] else 'rg-warn'}'>{checks}</td></tr>"
            )
        headers = [
            _("Mentor"),
            _("Client"),
            _("Release date"),
            _("Meetings"),
            _("Minutes before release"),
            _("Minutes on the day of release"),
            _("Minutes after release"),
            _("Checks"),
        ]
        head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in headers)
        html = [f"<table class='rg-table'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"]
        for c in pairs:
            if not c["meeting_list"]:
                continue
            summary = _("Meetings of {person} with mentor {mentor}").format(person=c["person"], mentor=c["mentor"])
            table = _table(
                [_("Date of the meeting"), _("Minutes"), _("When the meeting was held")],
                [[_day(m["held_on"]), m["minutes"], _(STAGE_LABELS[m["stage"]])] for m in c["meeting_list"]],
            )
            html.append(f"<details><summary>{escape(summary)}</summary>{table}</details>")
        self.caseload_html.value = "".join(html)

    def _on_course_revision(self, _change=None) -> None:
        """The chosen course's grid of trainees × modules, drawn again when the course or its trainees change."""
        c = self.courses
        options = [("", "")] + [(f"{r['code']} · {r['course']}", r["code"]) for r in c.runs]
        self.run_pick.unobserve(self._on_run_pick, names="value")
        self.run_pick.options = options
        self.run_pick.value = c.run if c.run in [v for _l, v in options] else ""
        self.run_pick.observe(self._on_run_pick, names="value")
        self.c_module.options = [(m["title"], m["id"]) for m in c.modules]
        old = self.course_box.children
        self.course_states: dict = {}
        if not c.run:
            self.course_box.children = [w.HTML(escape(_("Choose or create a course.")))]
        elif not c.trainees:
            self.course_box.children = [w.HTML(escape(_("No trainees yet: add them by their codes.")))]
        else:
            cells = [w.HTML(tag("div", _("Trainee"), "rg-head"))]
            cells += [
                w.HTML(f"<div class='rg-head' title='{escape(m['title'])}'>{n}</div>")
                for n, m in enumerate(c.modules, start=1)
            ]
            cells.append(w.HTML(tag("div", _("Completion"), "rg-head")))
            for i, t in enumerate(c.trainees):
                cells.append(w.HTML(f"<b>{escape(t['person'])}</b>"))
                for n, m in enumerate(c.modules, start=1):
                    box = w.BoundedIntText(value=t["attended"].get(m["id"], 0), min=0, max=600)
                    labelled(
                        box,
                        _("{person}, module {number} ({title}), minutes").format(
                            person=t["person"], number=n, title=m["title"]
                        ),
                        hidden=True,
                    )
                    box.add_class("rg-cell")
                    box.add_class(f"rg-module-{i}-{n}")
                    box.observe(self._module_handler(t["person"], m["id"]), names="value")
                    cells.append(box)
                self.course_states[t["person"]] = w.HTML()
                self.course_states[t["person"]].add_class(f"rg-course-state-{i}")
                cells.append(self.course_states[t["person"]])
            columns = f"minmax(90px, auto) repeat({len(c.modules)}, 64px) minmax(200px, 1fr)"
            legend = _table(
                [_("Module"), _("Title"), _("Minutes in the room")],
                [[n, m["title"], m["minutes"]] for n, m in enumerate(c.modules, start=1)],
            )
            self.course_box.children = [
                w.VBox([w.GridBox(cells, layout=w.Layout(grid_template_columns=columns)), w.HTML(legend)])
            ]
        for widget in old:
            close_tree(widget)
        self._show_course_states()

    def _show_course_states(self, _change=None) -> None:
        """Each trainee's completion in words, and a certificate button for each who completed."""
        done = []
        for t in self.courses.trainees:
            state = self.course_states.get(t["person"]) if hasattr(self, "course_states") else None
            if state is not None:
                state.value = tag("span", t["state"], "rg-done" if t["completed"] else "rg-missing")
            if t["completed"]:
                done.append(t["person"])
        old = self.cert_box.children
        buttons = []
        for person in done:
            button = w.Button(
                description=_("Certificate of {person} (PDF)").format(person=person), layout=w.Layout(width="auto")
            )
            button.add_class("rg-certificate")
            button.on_click(lambda _b, person=person: self._on_certificate(person))
            buttons.append(button)
        if not buttons:
            buttons = [w.HTML(tag("p", _("No trainee has completed this course yet."), "na-muted"))]
        self.cert_box.children = buttons
        for widget in old:
            close_tree(widget)

    def _draw_problems(self, _change=None) -> None:
        problems = self.importer.problems
        items = "".join(f"<li>{escape(p)}</li>" for p in problems)
        self.imp_problems.value = f"<ul role='list'>{items}</ul>" if problems else ""

    def _draw_retention(self, _change=None) -> None:
        if self.p_years.value != self.protection.years:
            self.p_years.value = self.protection.years
        words = self.protection.preview_words()
        self.p_preview.value = tag("p", words, "rg-warn") if words else ""
        self.p_confirm.layout.display = "flex" if self.protection.preview else "none"

    def _show_totals(self, _change=None) -> None:
        """Minutes and completion of each participant, updated in place as the grid is filled in."""
        for r in self.model.rows:
            total, state = self.totals.get(r["participant"]), self.states.get(r["participant"])
            if total is None or state is None:
                continue
            total.value = f"<span class='rg-total'>{r['minutes']}</span>"
            if r["completed"]:
                state.value = tag("span", _("Completed the programme"), "rg-done")
            else:
                state.value = f"<span class='rg-missing'>{escape('; '.join(r['missing']))}</span>"

    def _draw_dashboard(self) -> None:
        d = self.model.dashboard()
        steps = [
            [charts.step_label(s["step"]), s["count"], s["of"], "" if s["not_recorded"] is None else s["not_recorded"]]
            for s in d["funnel"]["steps"]
        ]
        follow = [
            [f["months"], f["yes"], f["no"], f["unknown"], f["not_recorded"], f["of"]]
            for f in d["funnel"]["follow_ups"]
        ]
        html = [f"<p class='na-muted'>{escape(d['note'])}</p>", d["charts"][0]]
        html.append(_table([_("Step"), _("People"), _("Out of (people who entered)"), _("Not recorded")], steps))
        html.append(
            _table(
                [
                    _("Months after release"),
                    _("Reoffended: yes"),
                    _("Reoffended: no"),
                    _("Reoffended: unknown"),
                    _("No follow-up recorded"),
                    _("Out of (people who entered)"),
                ],
                follow,
            )
        )
        html.append(d["charts"][1])
        html.append(
            _table(
                [
                    _("Programme"),
                    _("Site"),
                    _("Entered"),
                    _("Completed (by the programme's rule)"),
                    _("Left the programme"),
                    _("Transferred"),
                ],
                [
                    [t["programme"], t["site"], t["entered"], t["completed"], t["left"], t["transferred"]]
                    for t in d["completion"]
                ],
            )
        )
        html.append(d["charts"][2])
        self.dashboard.value = "".join(html)

    # ---- events
    def _cell_handler(self, person: str, session: int, makeup: bool):
        def changed(change) -> None:
            if change["new"] is None:
                return
            self.model.set_minutes(person, session, int(change["new"]), makeup=makeup)

        return changed

    def _on_revision(self, _change=None) -> None:
        self._refresh()

    def _on_message(self, _change=None) -> None:
        self.status.value = message(self.model.message, self.model.kind)

    def _on_group_pick(self, change) -> None:
        self.model.group = change["new"] or ""

    def _on_create(self, _button=None) -> None:
        self.model.create_group(
            self.group_code.value,
            self.group_programme.value,
            self.group_site.value,
            self.group_facilitators.value,
            self.group_start.value,
        )

    def _on_add_person(self, _button=None) -> None:
        if self.model.add_participant(self.new_person.value):
            self.new_person.value = ""

    def _on_fill(self, _button=None) -> None:
        if self.session_pick.value:
            self.model.fill_session(self.session_pick.value)

    def _on_import(self, change) -> None:
        if not change["new"]:
            return
        item = change["new"][0]
        content = item.get("content")
        size = item.get("size") if isinstance(item.get("size"), int) else 0
        data = None if content is None else bytes(content)
        self.importer.import_file(self.imp_kind.value, item.get("name") or "file.csv", data, size)
        self.imp_pick.unobserve(self._on_import, names="value")
        self.imp_pick.value = ()  # the same file can be chosen again once corrected
        self.imp_pick.observe(self._on_import, names="value")

    def _on_meeting(self, _button=None) -> None:
        self.mentoring.add_meeting(
            self.m_mentor.value, self.m_person.value, self.m_date.value, self.m_minutes.value, self.m_stage.value
        )

    def _on_mentor_filter(self, change) -> None:
        self.mentoring.mentor = change["new"] or ""

    def _on_create_course(self, _button=None) -> None:
        self.courses.create_run(
            self.c_code.value, self.c_course.value, self.c_site.value, self.c_trainers.value, self.c_start.value
        )

    def _on_run_pick(self, change) -> None:
        self.courses.run = change["new"] or ""

    def _on_add_trainee(self, _button=None) -> None:
        if self.courses.add_trainee(self.c_trainee.value):
            self.c_trainee.value = ""

    def _module_handler(self, person: str, module: str):
        def changed(change) -> None:
            if change["new"] is None:
                return
            self.courses.set_module(person, module, int(change["new"]))

        return changed

    def _on_certificate(self, person: str) -> None:
        from ..catalogue import catalogue

        found = self.courses.certificate(
            person, self.c_name.value, self.c_date.value, cur=catalogue(self.lang).curriculum
        )
        if found is not None:
            self._offer(found[0], found[1], "application/pdf")

    def _on_export_person(self, _button=None) -> None:
        found = self.protection.export_person(self.p_code.value)
        if found is not None:
            self.download.offer(found[0], found[1], "application/json")  # the model's message names the article

    def _on_erase(self, _button=None) -> None:
        if self.protection.erase_person(self.p_code.value, self.p_typed.value):
            self.p_code.value = self.p_typed.value = ""

    def _on_deleted(self, _change=None) -> None:
        self.mentoring.reload()
        self.courses.reload()

    def _on_tab(self, change) -> None:
        if change["new"] is not None and self.tabs.children[change["new"]] is self.dashboard_tab:
            self._draw_dashboard()

    def _on_language(self, change) -> None:
        if change["new"] != self.lang:
            self.switch_language(change["new"])

    def switch_language(self, lang: str, announce: bool = True) -> None:
        self.lang = normalise_language(lang)
        set_language(self.lang)
        if self.language_pick.value != self.lang:
            self.language_pick.value = self.lang
        if self.model is None:
            return
        old = list(self.root.children)
        self._render()
        for widget in old:
            close_tree(widget, keep=(self.language_pick, self.download))
        if announce:
            self.status.value = message(
                _("The app is now in {language}.").format(language=language_name(self.lang)), "ok"
            )

    def show(self):
        from IPython.display import display

        display(self.root)
