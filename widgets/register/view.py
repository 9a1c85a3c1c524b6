"""The register app: ipywidgets bound to :class:`register.app_model.RegisterModel`.

Run it with Voila (``widgets/apps/register.ipynb``) or in a notebook::

    from widgets.register.view import RegisterApp
    RegisterApp(lang="cs").show()

Four tabs: groups (create one, add participants), the attendance grid (participants × sessions,
filled in during the session), outcomes and follow-ups, and the dashboard. The register is the
database named by ``TOOLKIT_REGISTER_DB`` (default: a file in ``~/.local/share/reentry-toolkit``);
the app opens only when the server listens on this computer alone, unless the agency has put it
behind a login and says so with ``TOOLKIT_REGISTER_REMOTE=1``.
"""

from __future__ import annotations

import datetime as dt
import os
from html import escape

import ipywidgets as w

from curriculum.i18n import _, normalise_language, set_language
from register import Register, RegisterError, charts, export, reports
from register.app_model import REMOTE_ENV, RegisterModel, cell_key, served_locally
from register.rules import FOLLOW_UP_MONTHS, REOFFENDED, STATUS_LABELS, STATUSES

from ..browser import Downloader
from ..controls import A11Y_CSS, ChoiceGroup, labelled
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
</style>
"""


def tag(name: str, text: str, css: str = "") -> str:
    """``text`` escaped in an HTML element (``css``: its class)."""
    attr = f" class='{css}'" if css else ""
    return f"<{name}{attr}>{escape(text)}</{name}>"


def _table(headers: list[str], rows: list[list]) -> str:
    head = "".join(f"<th scope='col'>{escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table class='rg-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


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
        self.model.observe(self._on_revision, names="revision")
        self.model.observe(self._show_totals, names="rows")
        self.model.observe(self._on_message, names=["message", "kind"])
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
                    "Groups, attendance, outcomes and follow-ups, kept in the agency's register on this computer. "
                    "Use pseudonymous codes only, never names. Every change is written at once and logged."
                )
            )
            + "</p>"
        )
        self.who = labelled(w.Text(value=self.model.who, layout=w.Layout(width="220px")), _("Recorded by"))
        w.link((self.model, "who"), (self.who, "value"))
        self.status = w.HTML()
        self.status.add_class("rg-status")
        self.tabs = w.Tab(
            children=[self._groups_tab(), self._attendance_tab(), self._outcomes_tab(), self._dashboard_tab()]
        )
        for i, name in enumerate([_("Groups"), _("Attendance"), _("Outcomes"), _("Dashboard")]):
            self.tabs.set_title(i, name)
        self.tabs.observe(self._on_tab, names="selected_index")
        top = w.HBox(
            [title, self.language_pick], layout=w.Layout(justify_content="space-between", flex_flow="row wrap")
        )
        self.root.children = [top, intro, self.who, self.status, self.tabs, self.download]
        self._refresh()

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
                w.HTML(tag("h3", _("Follow-up"))),
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

    def _show_totals(self, _change=None) -> None:
        """Minutes and completion of each participant, updated in place as the grid is filled in."""
        for r in self.model.rows:
            total, state = self.totals.get(r["participant"]), self.states.get(r["participant"])
            if total is None or state is None:
                continue
            total.value = f"<span class='rg-total'>{r['minutes']}</span>"
            if r["completed"]:
                state.value = tag("span", _("Completed"), "rg-done")
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
        html.append(_table([_("Step"), _("People"), _("Of"), _("Not recorded")], steps))
        html.append(
            _table(
                [_("Months after release"), _("Reoffended: yes"), _("No"), _("Unknown"), _("Not recorded"), _("Of")],
                follow,
            )
        )
        html.append(d["charts"][1])
        html.append(
            _table(
                [_("Programme"), _("Site"), _("Entered"), _("Completed"), _("Left"), _("Transferred")],
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

    def _on_tab(self, change) -> None:
        if change["new"] == 3:
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
