"""The needs-assessment app: ipywidgets bound to :class:`NeedsAssessment`.

Run it with Voila (``widgets/apps/needs-assessment.ipynb``, ``?lang=cs`` for Czech) or in a notebook::

    from widgets.needs.view import NeedsApp
    NeedsApp(lang="et").show()
"""

from __future__ import annotations

import datetime as dt
from html import escape

import ipywidgets as w

from curriculum.i18n import _, ngettext, normalise_language

from ..browser import safe_filename
from ..catalogue import Catalogue
from ..files import FileProblem
from ..language import display_date, language_name, request_language
from ..shell import AppShell, load_catalogue, message
from . import export
from .model import URGENCIES, InputProblem, NeedsAssessment, urgency_label

SCORES = [("–", None), ("0", 0), ("1", 1), ("2", 2), ("3", 3), ("4", 4)]
STORE_KEY = "open-reentry-curriculum/needs-assessment"

CSS = """
<style>
.na-app { font-family: var(--jp-ui-font-family, sans-serif); max-width: 1400px; }
.na-domain { border: 1px solid #e5e7eb; border-radius: 6px; padding: 4px 10px 8px; margin: 0 0 8px;
  flex-shrink: 0 !important; }
.na-domain h4 { margin: 4px 0 2px; font-size: 15px; }
.na-domain details { font-size: 12px; color: #374151; margin: 2px 0; }
.na-domain details ul { margin: 2px 0 4px; padding-left: 18px; }
.na-prio li { margin-bottom: 6px; }
.na-gap { background: #fff7e6; padding: 0 3px; border-radius: 3px; }
.widget-toggle-buttons .widget-toggle-button { width: 34px; }
</style>
"""


def urgency_options() -> list[tuple[str, str]]:
    return [(_("Urgency…"), "")] + [(_(label), key) for key, label in URGENCIES.items()]


class DomainRow:
    """The widgets of one needs domain (texts in the current language)."""

    def __init__(self, domain):
        self.domain = domain
        tips = [_("Not rated")] + [p.descriptor for p in domain.scale]
        self.client = w.ToggleButtons(options=SCORES, value=None, tooltips=tips, style={"button_width": "34px"})
        self.practitioner = w.ToggleButtons(options=SCORES, value=None, tooltips=tips, style={"button_width": "34px"})
        self.urgency = w.Dropdown(options=urgency_options(), value="", layout=w.Layout(width="150px"))
        self.urgency.tooltip = _("Urgency")
        self.note = w.Textarea(
            placeholder=_("Note: what we agreed, in the client's words"), rows=2, layout=w.Layout(width="98%")
        )
        self.hint = w.HTML()
        self.note_msg = w.HTML()
        for widget, name in ((self.client, "client"), (self.practitioner, "practitioner")):
            widget.add_class(f"na-{name}-{domain.id}")
        self.urgency.add_class(f"na-urgency-{domain.id}")
        self.note.add_class(f"na-note-{domain.id}")
        questions = "".join(f"<li>{escape(q)}</li>" for q in domain.questions)
        talk = escape(_("Questions to talk about"))
        title = w.HTML(
            f"<h4>{escape(domain.title)}</h4><div class='na-muted'>{escape(domain.description)}</div>"
            f"<details><summary>{talk}</summary><ul>{questions}</ul></details>"
        )
        grid = w.GridBox(
            [w.Label(_("Client")), self.client, w.Label(_("Practitioner")), self.practitioner],
            layout=w.Layout(grid_template_columns="110px auto", grid_gap="2px 6px", align_items="center"),
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
    ROOT_CLASS = "na-app"

    def __init__(self, cat: Catalogue | None = None, lang: str | None = None):
        lang = normalise_language(lang) if lang else (cat.language if cat else request_language())
        self.cat = load_catalogue(lang, cat)
        self.model = NeedsAssessment(self.cat)
        self._touched: set[str] = set()  # fields the user has edited: only these show 'missing' messages
        self._init_shell(lang)
        self._render()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        m = self.model
        self.code = w.Text(
            description=_("Client code"),
            placeholder=_("e.g. CS-014 or a pseudonym"),
            value=m.client_code,
            style={"description_width": "initial"},
        )
        self.code.add_class("na-code")
        self.code_msg = w.HTML()
        self.audience = w.ToggleButtons(
            options=[(_("Adult"), "adult"), (_("Minor"), "minor")],
            value=m.audience,
            tooltips=[_("Adult"), _("Minor (under 18)")],
            style={"button_width": "auto"},
        )
        self.date = w.Text(
            description=_("Date"),
            placeholder=_("YYYY-MM-DD"),
            value=m.assessed_on,
            style={"description_width": "initial"},
        )
        self.date.add_class("na-date")
        self.date_msg = w.HTML()
        self.assessor = w.Text(
            description=_("Practitioner"), placeholder=_("name or staff code"), style={"description_width": "initial"}
        )
        cases = [(c.title, c.id) for c in self.cat.case_studies.values()]
        self.case = w.Dropdown(
            options=[(_("Start from a case study (training)…"), None)] + cases, layout=w.Layout(width="420px")
        )
        self.case_btn = w.Button(description=_("Load case study"), icon="", button_style="")
        self.summary = w.Textarea(
            placeholder=_("Summary of the conversation (optional)"), rows=2, layout=w.Layout(width="98%")
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
        glance_title = escape(_("At a glance"))
        glance = w.VBox([w.HTML(f"<h3>{glance_title}</h3>"), self.chart, self.priorities, self.changes])

        self.save_btn = w.Button(
            description=_("Save (.json)"), button_style="success", tooltip=_("Download this assessment to your device")
        )
        self.open_up = w.FileUpload(
            accept=".json", multiple=False, description=_("Open (.json)"), layout=w.Layout(width="auto")
        )
        self.compare_up = w.FileUpload(
            accept=".json", multiple=False, description=_("Compare with earlier"), layout=w.Layout(width="auto")
        )
        self.html_btn = w.Button(description=_("Summary (HTML)"))
        self.pdf_btn = w.Button(description=_("Summary (PDF)"))
        self.clear_btn = w.Button(description=_("New assessment"), button_style="warning")
        self.confirm_box = self._confirm_box(_("Clear everything on screen?"), self._on_clear)
        toolbar = w.HBox(
            [
                self.save_btn,
                self.open_up,
                self.compare_up,
                self.html_btn,
                self.pdf_btn,
                self.export_pick,
                self.clear_btn,
            ],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )
        header = self._header(
            _("Needs assessment"),
            escape(
                _(
                    "Rate each area together: first the client, then you. 0 = no need … 4 = critical need; "
                    "hover over a number to see what it means for that area. Where your ratings differ, talk about "
                    "it: both are kept. Nothing leaves this device unless you save or export; a draft is kept in "
                    "this browser so nothing is lost on reload (use New assessment or Discard on shared computers)."
                )
            ),
            CSS,
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
        self._root(header, details, toolbar, body)

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
        self.clear_btn.on_click(lambda _button: setattr(self.confirm_box.layout, "display", "flex"))

    def _on_rate(self, domain: str, who: str, value) -> None:
        self._guard(lambda: self.model.rate(domain, who, value))

    def _on_field(self, change) -> None:
        if self._syncing:
            return
        self._ensure_language()
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
            for who, label in (("client", _("Client {score}:")), ("practitioner", _("Practitioner {score}:"))):
                if r[who] is not None:
                    head = escape(label.format(score=r[who]))
                    parts.append(f"<b>{head}</b> {escape(row.domain.scale[r[who]].descriptor)}")
            if d in gaps:
                gap = escape(_("Your ratings differ by 2 or more: talk about what each of you sees."))
                parts.append(f"<span class='na-gap'>{gap}</span>")
            row.hint.value = "<div class='na-muted'>" + "<br>".join(parts) + "</div>"
            row.note_msg.value = message(problems.get(f"note:{d}", ""))
        self.chart.value = export.chart(m, self.cat)
        self.priorities.value = self._priorities_html()
        self.changes.value = self._changes_html()

    def _priorities_html(self) -> str:
        heading = "<h4>" + escape(_("Priorities")) + "</h4>"
        prios = self.model.priorities(self.cat)
        if not prios:
            return heading + "<p class='na-muted'>" + escape(_("No area rated 2 (moderate need) or more yet.")) + "</p>"
        # Translators: a mark beside a priority where the client's and the practitioner's ratings differ.
        differ = escape(_("ratings differ"))
        none = "<li>" + escape(_("No programme or service listed yet.")) + "</li>"
        items = []
        for p in prios:
            offers = "".join(
                f"<li><a href='{escape(o.url)}' target='_blank' rel='noopener'>{escape(o.title)}</a> "
                f"<span class='na-muted'>({escape(o.detail)})</span></li>"
                for o in p.offers[:5]
            )
            line = _("need {need} (client {client}, practitioner {practitioner}); {urgency}").format(
                need=p.need,
                client=export.fmt(p.client),
                practitioner=export.fmt(p.practitioner),
                urgency=urgency_label(p.urgency) or _("urgency not set"),
            )
            gap = f" <span class='na-gap'>{differ}</span>" if p.disagreement >= 2 else ""
            items.append(
                f"<li data-domain='{escape(p.domain)}'><b>{escape(p.title)}</b>: {escape(line)}{gap}"
                f"<ul class='na-muted'>{offers or none}</ul></li>"
            )
        return heading + "<ol class='na-prio'>" + "".join(items) + "</ol>"

    def _changes_html(self) -> str:
        m = self.model
        if m.earlier is None:
            return ""
        moved = [c for c in m.changes(self.cat) if c.delta]
        rows = "".join(
            f"<tr><td>{escape(c.title)}</td><td>{c.before}</td><td>{c.after}</td><td>{escape(c.words)}</td></tr>"
            for c in moved
        )
        headings = (
            _("Area"),
            # Translators: table headings: the need at the earlier assessment, the need now, how it moved.
            _("Then"),
            _("Now"),
            _("Change"),
        )
        heads = "".join(f"<th>{escape(h)}</th>" for h in headings)
        table = f"<table><tr>{heads}</tr>{rows}</table>" if rows else "<p>" + escape(_("No area moved.")) + "</p>"
        since = _("Since {date}").format(date=display_date(m.earlier.assessed_on))
        return f"<h4>{escape(since)}</h4>{table}"

    def _sync_inputs(self) -> None:
        """Put the model's values into the widgets (after a build, open, restore, case study, clear)."""
        m = self.model
        self._syncing = True
        try:
            self.code.value = m.client_code
            self.audience.value = m.audience
            self.date.value = m.assessed_on
            self.assessor.value = m.assessor
            self.summary.value = m.summary
            self.case.value = m.case_study if m.case_study in self.cat.case_studies else None
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
        rated = probe.rated_count()
        text = ngettext(
            "Unsaved work found on this device: client {code}, {count} area rated. Restore it?",
            "Unsaved work found on this device: client {code}, {count} areas rated. Restore it?",
            rated,
        )
        code = escape(probe.client_code or _("(no code)"))
        return escape(text).format(code=f"<b>{code}</b>", count=rated) + " "

    def _on_case(self, _button=None) -> None:
        self._ensure_language()
        if not self.case.value:
            self._say(_("Choose a case study first."))
            return
        self.model.load_case(self.case.value)
        self._sync_inputs()
        self._say(
            _("Loaded the case study '{title}'. It is fictional, for training.").format(
                title=self.cat.case_studies[self.case.value].title
            ),
            "ok",
        )

    def _on_open(self, _change) -> None:
        raw = self._uploaded(self.open_up)
        if raw is None:
            return
        self._ensure_language()
        try:
            self.model.open_file(raw)
        except FileProblem as exc:
            self._say(
                _("This file could not be opened. {problems} Nothing on screen was changed.").format(
                    problems=" ".join(exc.messages)
                )
            )
        else:
            self._sync_inputs()
            code, day = self.model.client_code, display_date(self.model.assessed_on)
            if self.model.language != self.lang:
                text = _("Opened the assessment of {code} from {date}. It was written in {language}.").format(
                    code=code, date=day, language=language_name(self.model.language)
                )
            else:
                text = _("Opened the assessment of {code} from {date}.").format(code=code, date=day)
            self._say(text, "ok")
        finally:
            self._reset_upload(self.open_up)

    def _on_compare(self, _change) -> None:
        raw = self._uploaded(self.compare_up)
        if raw is None:
            return
        self._ensure_language()
        try:
            self.model.compare_with(raw)
        except FileProblem as exc:
            self._say(_("That file could not be compared. {problems}").format(problems=" ".join(exc.messages)))
        else:
            self._say(
                _("Showing the change since {date} (grey line).").format(
                    date=display_date(self.model.earlier.assessed_on)
                ),
                "ok",
            )
        finally:
            self._reset_upload(self.compare_up)

    def _file_stem(self, kind: str) -> str:
        return safe_filename(
            self.model.client_code.strip() or "client",
            kind,
            self.model.assessed_on.strip() or dt.date.today().isoformat(),
        )

    def _on_save(self, _button=None) -> None:
        self._ensure_language()
        try:
            text = self.model.to_json()
        except InputProblem as exc:
            self._touched.update(("client_code", "assessed_on"))
            self._refresh_outputs()
            self._say(_("Not saved yet: {problems}").format(problems=str(exc)))
            return
        self.download.offer(self._file_stem("needs") + ".json", text, "application/json")
        self._say(_("Saved to your device's downloads."), "ok")

    def _on_html(self, _button=None) -> None:
        self._ensure_language()
        html = self._export_with(lambda cat: export.summary_html(self.model, cat))
        if html is None:
            return
        self.download.offer(self._file_stem("needs-summary") + ".html", html, "text/html")
        self._say(_("Summary downloaded: open it and print, or keep it with the file."), "ok")

    def _on_pdf(self, _button=None) -> None:
        self._ensure_language()
        pdf = self._export_with(lambda cat: export.summary_pdf(self.model, cat))
        if pdf is None:
            return
        self.download.offer(self._file_stem("needs-summary") + ".pdf", pdf, "application/pdf")
        self._say(_("PDF summary downloaded."), "ok")

    def _on_clear(self) -> None:
        self._ensure_language()
        self.model.clear(self.lang)
        self._touched.clear()
        self._sync_inputs()
        self._say(_("Cleared. The draft on this device now holds the empty form."), "ok")
