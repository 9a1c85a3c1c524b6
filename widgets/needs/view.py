"""The needs-assessment app: ipywidgets bound to :class:`NeedsAssessment`.

Run it with Voila (``widgets/apps/needs-assessment.ipynb``) or in a notebook::

    from widgets.needs.view import NeedsApp
    NeedsApp().show()
"""

from __future__ import annotations

import datetime as dt
from html import escape

import ipywidgets as w

from ..browser import safe_filename
from ..catalogue import Catalogue, catalogue
from ..files import FileProblem
from ..fonts import FontMissing
from ..shell import SHELL_CSS, AppShell, message
from . import export
from .model import URGENCIES, InputProblem, NeedsAssessment

SCORES = [("–", None), ("0", 0), ("1", 1), ("2", 2), ("3", 3), ("4", 4)]
URGENCY_OPTIONS = [("Urgency…", "")] + [(label, key) for key, label in URGENCIES.items()]
STORE_KEY = "open-reentry-curriculum/needs-assessment"

CSS = """
<style>
.na-app { font-family: var(--jp-ui-font-family, sans-serif); max-width: 1400px; }
.na-domain { border: 1px solid #e5e7eb; border-radius: 6px; padding: 4px 10px 8px; margin: 0 0 8px;
  flex-shrink: 0 !important; }
.na-domain h4 { margin: 4px 0 2px; font-size: 15px; }
.na-prio li { margin-bottom: 6px; }
.na-gap { background: #fff7e6; padding: 0 3px; border-radius: 3px; }
.widget-toggle-buttons .widget-toggle-button { width: 34px; }
</style>
"""


class DomainRow:
    """The widgets of one needs domain."""

    def __init__(self, domain):
        self.domain = domain
        tips = ["Not rated"] + [p.descriptor for p in domain.scale]
        self.client = w.ToggleButtons(options=SCORES, value=None, tooltips=tips, style={"button_width": "34px"})
        self.practitioner = w.ToggleButtons(options=SCORES, value=None, tooltips=tips, style={"button_width": "34px"})
        self.urgency = w.Dropdown(options=URGENCY_OPTIONS, value="", layout=w.Layout(width="150px"))
        self.note = w.Textarea(
            placeholder="Note: what we agreed, in the client's words", rows=2, layout=w.Layout(width="98%")
        )
        self.hint = w.HTML()
        self.note_msg = w.HTML()
        for widget, name in ((self.client, "client"), (self.practitioner, "practitioner")):
            widget.add_class(f"na-{name}-{domain.id}")
        self.urgency.add_class(f"na-urgency-{domain.id}")
        self.note.add_class(f"na-note-{domain.id}")
        title = w.HTML(f"<h4>{escape(domain.title)}</h4><div class='na-muted'>{escape(domain.description)}</div>")
        grid = w.GridBox(
            [w.Label("Client"), self.client, w.Label("Practitioner"), self.practitioner],
            layout=w.Layout(grid_template_columns="90px auto", grid_gap="2px 6px", align_items="center"),
        )
        self.box = w.VBox(
            [
                title,
                w.HBox([grid, self.urgency], layout=w.Layout(flex_flow="row wrap")),
                self.hint,
                self.note,
                self.note_msg,
            ]
        )
        self.box.add_class("na-domain")


class NeedsApp(AppShell):
    STORE_KEY = STORE_KEY

    def __init__(self, cat: Catalogue | None = None):
        self.cat = cat or catalogue()
        self.model = NeedsAssessment(self.cat)
        self._touched: set[str] = set()  # fields the user has edited: only these show 'missing' messages
        self._init_shell()
        self._build()
        self._bind()
        self._refresh_outputs()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        m = self.model
        self.code = w.Text(description="Client code", placeholder="e.g. CS-014 or a pseudonym", value=m.client_code)
        self.code.add_class("na-code")
        self.code_msg = w.HTML()
        self.audience = w.ToggleButtons(
            options=[("Adult", "adult"), ("Minor", "minor")], value=m.audience, style={"button_width": "70px"}
        )
        self.date = w.Text(description="Date", placeholder="YYYY-MM-DD", value=m.assessed_on)
        self.date.add_class("na-date")
        self.date_msg = w.HTML()
        self.assessor = w.Text(description="Practitioner", placeholder="name or staff code")
        cases = [(f"{c.title}", c.id) for c in self.cat.case_studies.values()]
        self.case = w.Dropdown(
            options=[("Start from a case study (training)…", None)] + cases, layout=w.Layout(width="420px")
        )
        self.case_btn = w.Button(description="Load case study", icon="", button_style="")
        self.summary = w.Textarea(
            placeholder="Summary of the conversation (optional)", rows=2, layout=w.Layout(width="98%")
        )
        self.summary_msg = w.HTML()

        self.rows = {d.id: DomainRow(d) for d in self.cat.domains}
        ratings = w.VBox(
            [r.box for r in self.rows.values()],
            layout=w.Layout(max_height="75vh", overflow_y="auto", padding="0 6px 0 0"),
        )

        self.chart = w.HTML()
        self.chart.add_class("na-chart")
        self.priorities = w.HTML()
        self.priorities.add_class("na-priorities")
        self.changes = w.HTML()
        glance = w.VBox([w.HTML("<h3>At a glance</h3>"), self.chart, self.priorities, self.changes])

        self.save_btn = w.Button(
            description="Save (.json)", button_style="success", tooltip="Download this assessment to your device"
        )
        self.open_up = w.FileUpload(
            accept=".json", multiple=False, description="Open (.json)", layout=w.Layout(width="auto")
        )
        self.compare_up = w.FileUpload(
            accept=".json", multiple=False, description="Compare with earlier", layout=w.Layout(width="auto")
        )
        self.html_btn = w.Button(description="Summary (HTML)")
        self.pdf_btn = w.Button(description="Summary (PDF)")
        self.clear_btn = w.Button(description="New assessment", button_style="warning")
        self.confirm_box = self._confirm_box("Clear everything on screen?", self._on_clear)
        toolbar = w.HBox(
            [self.save_btn, self.open_up, self.compare_up, self.html_btn, self.pdf_btn, self.clear_btn],
            layout=w.Layout(flex_flow="row wrap"),
        )
        header = w.HTML(
            SHELL_CSS
            + CSS
            + "<h2>Needs assessment</h2><p class='na-muted'>Rate each area together: first the client, then you. "
            "0 = no need … 4 = critical need; hover over a number to see what it means for that area. "
            "Where your ratings differ, talk about it: both are kept. Nothing leaves this device unless you save "
            "or export; a draft is kept in this browser so nothing is lost on reload (use <b>New assessment</b> or "
            "<b>Discard</b> on shared computers).</p>"
        )
        details = w.VBox(
            [
                w.HBox(
                    [
                        w.VBox([self.code, self.code_msg]),
                        self.audience,
                        w.VBox([self.date, self.date_msg]),
                        self.assessor,
                    ],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                w.HBox([self.case, self.case_btn]),
                self.summary,
                self.summary_msg,
            ]
        )
        body = w.HBox(
            [
                w.VBox([ratings], layout=w.Layout(flex="1 1 520px", min_width="360px")),
                w.VBox([glance], layout=w.Layout(flex="1 1 420px", min_width="320px")),
            ],
            layout=w.Layout(flex_flow="row wrap", align_items="flex-start"),
        )
        self.root = self._root("na-app", header, details, toolbar, body)

    # ------------------------------------------------------------------ binding
    def _bind(self) -> None:
        m = self.model
        for name in ("code", "date", "assessor", "summary", "audience"):
            getattr(self, name).observe(self._on_field, names="value")
        for d, row in self.rows.items():
            row.client.observe(lambda ch, d=d: self._on_rate(d, "client", ch["new"]), names="value")
            row.practitioner.observe(lambda ch, d=d: self._on_rate(d, "practitioner", ch["new"]), names="value")
            row.urgency.observe(lambda ch, d=d: self._guard(lambda: m.set_urgency(d, ch["new"] or None)), names="value")
            row.note.observe(lambda ch, d=d: self._guard(lambda: m.set_note(d, ch["new"])), names="value")
        self.case_btn.on_click(self._on_case)
        self.save_btn.on_click(self._on_save)
        self.open_up.observe(self._on_open, names="value")
        self.compare_up.observe(self._on_compare, names="value")
        self.html_btn.on_click(self._on_html)
        self.pdf_btn.on_click(self._on_pdf)
        self.clear_btn.on_click(lambda _: setattr(self.confirm_box.layout, "display", "flex"))

    def _on_rate(self, domain: str, who: str, value) -> None:
        self._guard(lambda: self.model.rate(domain, who, value))

    def _on_field(self, change) -> None:
        if self._syncing:
            return
        owner = change["owner"]
        m = self.model
        target = {
            self.code: "client_code",
            self.date: "assessed_on",
            self.assessor: "assessor",
            self.summary: "summary",
            self.audience: "audience",
        }[owner]
        self._touched.add(target)
        setattr(m, target, change["new"])

    def _refresh_outputs(self) -> None:
        m = self.model
        problems, warnings = m.field_problems(), m.warnings()
        code_problem = problems.get("client_code", "") if "client_code" in self._touched else ""
        self.code_msg.value = message(code_problem) or message(warnings.get("client_code", ""), "warn")
        self.date_msg.value = message(problems.get("assessed_on", ""))
        self.summary_msg.value = message(problems.get("summary", ""))
        gaps = set(m.disagreements())
        for d, row in self.rows.items():
            r = m.ratings[d]
            parts = []
            for who, label in (("client", "Client"), ("practitioner", "Practitioner")):
                if r[who] is not None:
                    parts.append(f"<b>{label} {r[who]}:</b> {escape(row.domain.scale[r[who]].descriptor)}")
            if d in gaps:
                parts.append(
                    "<span class='na-gap'>Your ratings differ by 2 or more: talk about what each of you sees.</span>"
                )
            row.hint.value = "<div class='na-muted'>" + "<br>".join(parts) + "</div>"
            row.note_msg.value = message(problems.get(f"note:{d}", ""))
        self.chart.value = export.chart(m)
        self.priorities.value = self._priorities_html()
        self.changes.value = self._changes_html()

    def _priorities_html(self) -> str:
        prios = self.model.priorities()
        if not prios:
            return "<h4>Priorities</h4><p class='na-muted'>No area rated 2 (moderate need) or more yet.</p>"
        items = []
        for p in prios:
            offers = "".join(
                f"<li><a href='{escape(o.url)}' target='_blank' rel='noopener'>{escape(o.title)}</a> "
                f"<span class='na-muted'>({escape(o.detail)})</span></li>"
                for o in p.offers[:5]
            )
            who = f"client {export.fmt(p.client)}, practitioner {export.fmt(p.practitioner)}"
            gap = " <span class='na-gap'>differ</span>" if p.disagreement >= 2 else ""
            urg = URGENCIES.get(p.urgency, "urgency not set")
            items.append(
                f"<li data-domain='{p.domain}'><b>{escape(p.title)}</b>: need {p.need} ({who}){gap}; {escape(urg)}"
                f"<ul class='na-muted'>{offers or '<li>No programme or service listed yet.</li>'}</ul></li>"
            )
        return "<h4>Priorities</h4><ol class='na-prio'>" + "".join(items) + "</ol>"

    def _changes_html(self) -> str:
        m = self.model
        if m.earlier is None:
            return ""
        moved = [c for c in m.changes() if c.delta]
        rows = "".join(
            f"<tr><td>{escape(c.title)}</td><td>{c.before}</td><td>{c.after}</td><td>{escape(c.words)}</td></tr>"
            for c in moved
        )
        table = (
            f"<table><tr><th>Area</th><th>Then</th><th>Now</th><th>Change</th></tr>{rows}</table>"
            if rows
            else "<p>No area moved.</p>"
        )
        return f"<h4>Since {m.earlier.assessed_on.isoformat()}</h4>{table}"

    def _sync_inputs(self) -> None:
        """Put the model's values into the widgets (after open, restore, case study, clear)."""
        m = self.model
        self._syncing = True
        try:
            self.code.value = m.client_code
            self.audience.value = m.audience
            self.date.value = m.assessed_on
            self.assessor.value = m.assessor
            self.summary.value = m.summary
            for d, row in self.rows.items():
                r = m.ratings[d]
                row.client.value = r["client"]
                row.practitioner.value = r["practitioner"]
                row.urgency.value = r["urgency"] or ""
                row.note.value = r["note"]
        finally:
            self._syncing = False
        self._refresh_outputs()

    def describe_draft(self, stored: str) -> str:
        probe = NeedsAssessment(self.cat)
        probe.restore_draft(stored)
        return (
            f"Unsaved work found on this device: client <b>{escape(probe.client_code or '(no code)')}</b>, "
            f"{probe.rated_count()} areas rated. Restore it? "
        )

    def _on_case(self, _=None) -> None:
        if not self.case.value:
            self._say("Choose a case study first.")
            return
        self.model.load_case(self.case.value)
        self._sync_inputs()
        self._say(
            f"Loaded the case study '{self.cat.case_studies[self.case.value].title}'. It is fictional, for training.",
            "ok",
        )

    def _on_open(self, _change) -> None:
        raw = self._uploaded(self.open_up)
        if raw is None:
            return
        try:
            self.model.open_file(raw)
        except FileProblem as exc:
            self._say("This file could not be opened. " + " ".join(exc.messages) + " Nothing on screen was changed.")
        else:
            self._sync_inputs()
            self._say(f"Opened the assessment of {self.model.client_code} from {self.model.assessed_on}.", "ok")
        finally:
            self._reset_upload(self.open_up)

    def _on_compare(self, _change) -> None:
        raw = self._uploaded(self.compare_up)
        if raw is None:
            return
        try:
            self.model.compare_with(raw)
        except FileProblem as exc:
            self._say("That file could not be compared. " + " ".join(exc.messages))
        else:
            self._say(f"Showing the change since {self.model.earlier.assessed_on.isoformat()} (grey line).", "ok")
        finally:
            self._reset_upload(self.compare_up)

    def _file_stem(self, kind: str) -> str:
        return safe_filename(
            self.model.client_code.strip() or "client",
            kind,
            self.model.assessed_on.strip() or dt.date.today().isoformat(),
        )

    def _on_save(self, _=None) -> None:
        try:
            text = self.model.to_json()
        except InputProblem as exc:
            self._touched.update(("client_code", "assessed_on"))
            self._refresh_outputs()
            self._say("Not saved yet: " + str(exc))
            return
        self.download.offer(self._file_stem("needs") + ".json", text, "application/json")
        self._say("Saved to your device's downloads.", "ok")

    def _on_html(self, _=None) -> None:
        self.download.offer(self._file_stem("needs-summary") + ".html", export.summary_html(self.model), "text/html")
        self._say("Summary downloaded: open it and print, or keep it with the file.", "ok")

    def _on_pdf(self, _=None) -> None:
        try:
            pdf = export.summary_pdf(self.model)
        except FontMissing as exc:
            self._say(str(exc))
            return
        self.download.offer(self._file_stem("needs-summary") + ".pdf", pdf, "application/pdf")
        self._say("PDF summary downloaded.", "ok")

    def _on_clear(self, _=None) -> None:
        self.model.clear()
        self._sync_inputs()
        self._say("Cleared. The draft on this device now holds the empty form.", "ok")
