"""The needs-assessment app: ipywidgets bound to :class:`NeedsAssessment`.

Run it with Voila (``widgets/apps/needs-assessment.ipynb``, ``?lang=cs`` for Czech) or in a notebook::

    from widgets.needs.view import NeedsApp
    NeedsApp(lang="et").show()

:class:`NeedsPanel` (the person, the ratings, the priorities and the recommendations) and
:class:`OffersList` are shared with the workshop app (:mod:`widgets.flow.view`).
"""

from __future__ import annotations

import datetime as dt
from html import escape

import ipywidgets as w

from curriculum.i18n import N_, _, ngettext
from curriculum.recommend import RULE

from ..browser import safe_filename
from ..catalogue import Catalogue
from ..controls import ChoiceGroup, labelled
from ..files import FileProblem
from ..language import display_date, language_name
from ..rooms.join import GroupPanel
from ..shell import AppShell, file_picker, message
from . import export
from .model import (
    SETTINGS,
    SEXES,
    URGENCIES,
    NeedsAssessment,
    age_of,
    urgencies_for,
    urgency_label,
)

SCORES = [("–", None), ("0", 0), ("1", 1), ("2", 2), ("3", 3), ("4", 4)]
STORE_KEY = "open-reentry-curriculum/needs-assessment"

CSS = """
<style>
.na-app, .ws-app { font-family: var(--jp-ui-font-family, sans-serif); max-width: 1400px; }
.na-domain { border: 1px solid #e5e7eb; border-radius: 6px; padding: 4px 10px 8px; margin: 0 0 8px;
  flex-shrink: 0 !important; }
.na-domain h3 { margin: 4px 0 2px; font-size: 15px; }
.na-domain details { font-size: 12px; color: #374151; margin: 2px 0; }
.na-domain details ul { margin: 2px 0 4px; padding-left: 18px; }
.na-prio li { margin-bottom: 6px; }
.na-gap { background: #fff7e6; padding: 0 3px; border-radius: 3px; }
.na-offers ol { padding-left: 20px; margin: 4px 0; }
.na-offers li { margin-bottom: 5px; }
.na-why { color: #374151; font-size: 12px; }
.na-offer { border-bottom: 1px solid #f3f4f6; padding: 2px 0 4px; flex-shrink: 0 !important; }
.na-offer .widget-checkbox { width: auto; }
.na-offers, .na-glance-column, .na-glance-column > .widget-box { overflow: visible !important; }
</style>
"""


def urgency_options(setting: str = "prison", current: str | None = None) -> list[tuple[str, str]]:
    """The urgencies for someone in ``setting`` (release-related in prison, "now" outside), keeping ``current``."""
    keys = urgencies_for(setting)
    if current in URGENCIES and current not in keys:
        keys = [*keys, current]
    return [(_("Urgency…"), "")] + [(_(URGENCIES[key]), key) for key in keys]


def setting_options() -> list[tuple[str, str]]:
    return [(_(label), key) for key, label in SETTINGS.items()]


def sex_options() -> list[tuple[str, str]]:
    # Translators: the person's sex is not recorded (the default).
    return [(_("Not recorded"), "")] + [(_(label), key) for key, label in SEXES.items()]


class DomainRow:
    """The widgets of one needs domain (texts in the current language)."""

    def __init__(self, domain, setting: str = "prison"):
        self.domain = domain
        self.setting = setting
        tips = [_("Not rated")] + [p.descriptor for p in domain.scale]
        self.client = ChoiceGroup(
            options=SCORES,
            tooltips=tips,
            # Translators: the name of a row of rating buttons, e.g. "Client's rating: Accommodation".
            label=_("Client's rating: {area}").format(area=domain.title),
        )
        self.practitioner = ChoiceGroup(
            options=SCORES,
            tooltips=tips,
            label=_("Practitioner's rating: {area}").format(area=domain.title),
        )
        self.urgency = labelled(
            w.Dropdown(options=urgency_options(setting), value="", layout=w.Layout(width="auto")), _("Urgency")
        )
        self.matters = w.Checkbox(
            value=False,
            # Translators: a tick box beside a needs area: the person says this area matters to them.
            description=_("This matters to me"),
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.note = labelled(
            w.Textarea(
                placeholder=_("Note: what we agreed, in the client's words"), rows=2, layout=w.Layout(width="98%")
            ),
            # Translators: the label of a needs area's note, e.g. "Note on Accommodation".
            _("Note on {area}").format(area=domain.title),
            hidden=True,
        )
        self.hint = w.HTML()
        self.note_msg = w.HTML()
        for widget, name in ((self.client, "client"), (self.practitioner, "practitioner")):
            widget.add_class(f"na-{name}-{domain.id}")
        self.urgency.add_class(f"na-urgency-{domain.id}")
        self.matters.add_class(f"na-matters-{domain.id}")
        self.note.add_class(f"na-note-{domain.id}")
        questions = "".join(f"<li>{escape(q)}</li>" for q in domain.questions)
        talk = escape(_("Questions to talk about"))
        title = w.HTML(
            f"<h3>{escape(domain.title)}</h3><div class='na-muted'>{escape(domain.description)}</div>"
            f"<details><summary>{talk}</summary><ul>{questions}</ul></details>"
        )
        grid = w.GridBox(
            [w.Label(_("Client")), self.client, w.Label(_("Practitioner")), self.practitioner],
            layout=w.Layout(grid_template_columns="110px auto", grid_gap="2px 6px", align_items="center"),
        )
        self.box = w.VBox(
            [
                title,
                w.HBox([grid, w.VBox([self.urgency, self.matters])], layout=w.Layout(flex_flow="row wrap")),
                self.hint,
                self.note,
                self.note_msg,
            ]
        )
        self.box.add_class("na-domain")

    def set(self, rating: dict, setting: str) -> None:
        """Show ``rating`` (the caller holds the app's sync guard)."""
        if setting != self.setting or (rating["urgency"] or "") not in {v for _label, v in self.urgency.options}:
            self.setting = setting
            self.urgency.options = urgency_options(setting, rating["urgency"])
        self.client.value = rating["client"]
        self.practitioner.value = rating["practitioner"]
        self.urgency.value = rating["urgency"] or ""
        self.matters.value = bool(rating["matters"])
        self.note.value = rating["note"]


class OffersList:
    """The recommendations, best first: the rule that orders them, the first offers each with its
    reason, and a button that shows every other eligible offer. With ``choosing`` each offer has
    a tick box: chosen offers become actions in the plan (see :meth:`NeedsAssessment.choose`)."""

    def __init__(self, host, model: NeedsAssessment, choosing: bool = False):
        self.host = host
        self.model = model
        self.choosing = choosing
        self.expanded = False
        heading = _("Programmes and services to offer") if not choosing else _("Choose what to offer")
        # Translators: before the rule that orders the recommendations (curriculum/recommend.py RULE).
        rule = _("How they are ordered: {rule}").format(rule=_(RULE))
        self.rule = w.HTML(f"<h4>{escape(heading)}</h4><p class='na-muted'>{escape(rule)}</p>")
        # With ticks the offers are rows of widgets in ``items``; without, one HTML list. A widget that
        # outlives a language switch must never hold one that the switch closes (the page would stall).
        self.items = w.VBox()
        self.list_html = w.HTML()
        self.more_btn = w.Button(layout=w.Layout(width="auto"))
        self.more_btn.add_class("na-more")
        self.more_btn.on_click(self._toggle)
        self.rows: dict[str, tuple[w.Checkbox, w.HTML, w.VBox]] = {}
        self.box = w.VBox([self.rule, self.items if choosing else self.list_html, self.more_btn])
        self.box.add_class("na-offers")

    def _toggle(self, _button=None) -> None:
        self.expanded = not self.expanded
        self.refresh()

    def _line(self, o) -> str:
        link = f"<a href='{escape(o.url)}' target='_blank' rel='noopener'>{escape(o.title)}</a>"
        return (
            f"{link} <span class='na-muted'>({escape(o.detail)})</span><br><span class='na-why'>{escape(o.why)}</span>"
        )

    def refresh(self) -> None:
        model, host = self.model, self.host
        first, more = model.shown_offers(host.cat)
        shown = first + more if self.expanded else first
        if not more:
            self.more_btn.layout.display = "none"
        else:
            self.more_btn.layout.display = None
            self.more_btn.description = (
                _("Show fewer")
                if self.expanded
                else ngettext("Show {count} more", "Show {count} more", len(more)).format(count=len(more))
            )
        if not shown:
            self.list_html.value = "<p class='na-muted'>" + escape(_("No programme or service listed yet.")) + "</p>"
            if self.choosing:  # (without ticks the message is already on screen, outside ``items``)
                self.items.children = [self.list_html]
            return
        if not self.choosing:
            items = "".join(f"<li data-offer='{escape(o.id)}'>{self._line(o)}</li>" for o in shown)
            self.list_html.value = f"<ol>{items}</ol>"
            return
        chosen = set(model.chosen_ids(first + more))
        rows = []
        for o in shown:
            if o.id not in self.rows:
                tick = w.Checkbox(description=o.title, indent=False, layout=w.Layout(width="auto"))
                tick.add_class(f"na-choose-{o.id}")
                host.field(tick, f"needs-choose-{o.id}")
                tick.observe(lambda ch, oid=o.id: host._guard(lambda: model.choose(oid, ch["new"])), "value")
                why = w.HTML()
                self.rows[o.id] = (tick, why, w.VBox([tick, why]))
                self.rows[o.id][2].add_class("na-offer")
            tick, why, box = self.rows[o.id]
            was, host._syncing = host._syncing, True
            try:
                tick.value = o.id in chosen
            finally:
                host._syncing = was
            # Translators: a link after an offer's reason, to its page in the book.
            more_text = escape(_("read more"))
            why.value = (
                f"<span class='na-why'>{escape(o.why)}</span> <span class='na-muted'>({escape(o.detail)}; "
                f"<a href='{escape(o.url)}' target='_blank' rel='noopener'>{more_text}</a>)</span>"
            )
            rows.append(box)
        self.items.children = rows


class NeedsPanel:
    """The person, the ratings and what follows from them (chart, priorities, recommendations)."""

    def __init__(self, host, model: NeedsAssessment):
        self.host = host
        self.model = model
        cat = host.cat
        self.code = w.Text(
            description=_("Client code"),
            placeholder=_("e.g. CS-014 or a pseudonym"),
            style={"description_width": "initial"},
        )
        self.code.add_class("na-code")
        self.code_msg = w.HTML()
        self.audience = ChoiceGroup(
            options=[(_("Adult"), "adult"), (_("Minor"), "minor")],
            value="adult",
            tooltips=[_("Adult"), _("Minor (under 18)")],
            # Translators: the name of the two buttons Adult / Minor.
            label=_("Adult or minor"),
        )
        self.age = w.Text(
            description=_("Age"),
            placeholder=_("years"),
            style={"description_width": "initial"},
            layout=w.Layout(width="130px"),
        )
        self.age.add_class("na-age")
        self.age_msg = w.HTML()
        self.setting = w.Dropdown(
            options=setting_options(),
            # Translators: a label: where the person is now (in prison, on probation, in the community).
            description=_("Now"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.setting.add_class("na-setting")
        self.sex = w.Dropdown(
            options=sex_options(),
            description=_("Sex"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.sex.add_class("na-sex")
        self.date = w.Text(
            description=_("Date"),
            placeholder=_("YYYY-MM-DD"),
            style={"description_width": "initial"},
        )
        self.date.add_class("na-date")
        self.date_msg = w.HTML()
        self.assessor = w.Text(
            description=_("Practitioner"), placeholder=_("name or staff code"), style={"description_width": "initial"}
        )
        self.assessor_msg = w.HTML()
        cases = [(c.title, c.id) for c in cat.case_studies.values()]
        self.case = labelled(
            w.Dropdown(
                options=[(_("Start from a case study (training)…"), None)] + cases, layout=w.Layout(width="420px")
            ),
            # Translators: label of the list of case studies used in training.
            _("Case study"),
            hidden=True,
        )
        self.case_btn = w.Button(description=_("Load case study"), icon="", button_style="")
        self.summary = labelled(
            w.Textarea(placeholder=_("Summary of the conversation (optional)"), rows=2, layout=w.Layout(width="98%")),
            _("Summary of the conversation (optional)"),
            hidden=True,
        )
        self.summary_msg = w.HTML()

        self.rows = {d.id: DomainRow(d, model.setting) for d in cat.domains}
        # No scroll box inside the page: the page itself scrolls (a box in a box is hard on a phone).
        self.ratings = w.VBox([r.box for r in self.rows.values()])

        self.chart = w.HTML()
        self.chart.add_class("na-chart")
        self.priorities = w.HTML()
        self.priorities.add_class("na-priorities")
        self.offers = OffersList(host, model)
        self.changes = w.HTML()
        glance_title = escape(_("At a glance"))
        self.glance = w.VBox(
            [w.HTML(f"<h3>{glance_title}</h3>"), self.chart, self.priorities, self.offers.box, self.changes]
        )
        self.details = w.VBox(
            [
                w.HBox(
                    [
                        w.VBox([self.code, self.code_msg]),
                        w.VBox([self.age, self.age_msg]),
                        self.audience,
                        self.setting,
                        self.sex,
                        w.VBox([self.date, self.date_msg]),
                        w.VBox([self.assessor, self.assessor_msg]),
                    ],
                    layout=w.Layout(flex_flow="row wrap", align_items="flex-start"),
                ),
                w.HBox([self.case, self.case_btn], layout=w.Layout(flex_flow="row wrap")),
                self.summary,
                self.summary_msg,
            ]
        )
        # Beside the ratings on a wide screen; right after them on a phone.
        glance_column = w.VBox([self.glance], layout=w.Layout(flex="1 1 420px", min_width="0"))
        glance_column.add_class("na-glance-column")
        self.body = w.HBox(
            [
                w.VBox([self.ratings], layout=w.Layout(flex="1 1 520px", min_width="0")),
                glance_column,
            ],
            layout=w.Layout(flex_flow="row wrap", align_items="flex-start"),
        )

    # ------------------------------------------------------------------ binding
    def fields(self) -> dict:
        """Every form control by a stable name (the browser journals what is typed into each)."""
        out = {
            "code": self.code,
            "age": self.age,
            "audience": self.audience,
            "setting": self.setting,
            "sex": self.sex,
            "date": self.date,
            "assessor": self.assessor,
            "summary": self.summary,
        }
        for d, row in self.rows.items():
            for part in ("client", "practitioner", "urgency", "matters", "note"):
                out[f"{d}-{part}"] = getattr(row, part)
        return out

    def bind(self) -> None:
        host, m = self.host, self.model
        for path, widget in self.fields().items():
            host.field(widget, "needs-" + path)
        host.link((m, "client_code"), (self.code, "value"))
        host.link((m, "assessed_on"), (self.date, "value"))
        host.link((m, "assessor"), (self.assessor, "value"))
        host.link((m, "summary"), (self.summary, "value"))
        host.link((m, "age"), (self.age, "value"))
        host.link((m, "audience"), (self.audience, "value"))
        host.link((m, "setting"), (self.setting, "value"))
        host.link((m, "sex"), (self.sex, "value"), transform=(lambda v: v or "", lambda v: v or None))
        # An age decides the age group, so the Adult/Minor buttons follow it.
        host.dlink((m, "age"), (self.audience, "disabled"), transform=lambda a: age_of(a) is not None)
        self.code.observe(lambda _ch: host._touched.add("client_code"), names="value")
        self.date.observe(lambda _ch: host._touched.add("assessed_on"), names="value")
        for d, row in self.rows.items():
            row.client.observe(lambda ch, d=d: host._guard(lambda: m.rate(d, "client", ch["new"])), names="value")
            row.practitioner.observe(
                lambda ch, d=d: host._guard(lambda: m.rate(d, "practitioner", ch["new"])), names="value"
            )
            row.urgency.observe(lambda ch, d=d: host._guard(lambda: m.set_urgency(d, ch["new"] or None)), names="value")
            row.matters.observe(lambda ch, d=d: host._guard(lambda: m.set_matters(d, ch["new"])), names="value")
            row.note.observe(lambda ch, d=d: host._guard(lambda: m.set_note(d, ch["new"])), names="value")
        self.case_btn.on_click(self._on_case)

    def sync(self) -> None:
        """Put the ratings into the widgets (the fields follow the model through their links)."""
        m, host = self.model, self.host
        host._syncing = True
        try:
            self.case.value = m.case_study if m.case_study in host.cat.case_studies else None
            for d, row in self.rows.items():
                row.set(m.ratings[d], m.setting)
        finally:
            host._syncing = False

    # ------------------------------------------------------------------ outputs
    def refresh(self) -> None:
        m, host = self.model, self.host
        problems, warnings = m.field_problems(), m.warnings()
        code_problem = problems.get("client_code", "") if "client_code" in host._touched else ""
        self.code_msg.value = message(code_problem) or message(warnings.get("client_code", ""), "warn")
        self.date_msg.value = message(problems.get("assessed_on", ""))
        self.assessor_msg.value = message(problems.get("assessor", ""))
        self.age_msg.value = message(problems.get("age", ""))
        self.summary_msg.value = message(problems.get("summary", ""))
        gaps = set(m.disagreements())
        was, host._syncing = host._syncing, True
        try:
            for d, row in self.rows.items():
                if row.setting != m.setting:
                    row.set(m.ratings[d], m.setting)
        finally:
            host._syncing = was
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
        self.chart.value = export.chart(m, host.cat)
        self.priorities.value = priorities_html(m, host.cat)
        self.offers.refresh()
        self.changes.value = self._changes_html()

    def _changes_html(self) -> str:
        m = self.model
        if m.earlier is None:
            return ""
        moved = [c for c in m.changes(self.host.cat) if c.delta]
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

    def _on_case(self, _button=None) -> None:
        host = self.host
        host._ensure_language()
        if not self.case.value:
            host._say(_("Choose a case study first."))
            return
        case_id = self.case.value
        self.model.load_case(case_id)
        host._sync_inputs()
        host._say(
            _("Loaded the case study '{title}'. It is fictional, for training.").format(
                title=host.cat.case_studies[case_id].title
            ),
            "ok",
        )


def priority_line(p) -> str:
    """``need 3 (client 2, practitioner 3); before release``, in the current language."""
    return _("need {need} (client {client}, practitioner {practitioner}); {urgency}").format(
        need=p.need,
        client=export.fmt(p.client),
        practitioner=export.fmt(p.practitioner),
        urgency=urgency_label(p.urgency) or _("urgency not set"),
    )


def priorities_html(m: NeedsAssessment, cat: Catalogue) -> str:
    heading = "<h4>" + escape(_("Priorities")) + "</h4>"
    prios = m.priorities(cat)
    if not prios:
        return heading + "<p class='na-muted'>" + escape(_("No area rated 2 (moderate need) or more yet.")) + "</p>"
    # Translators: a mark beside a priority where the client's and the practitioner's ratings differ.
    differ = escape(_("ratings differ"))
    # Translators: a mark beside a priority the person marked "this matters to me".
    matters = escape(_("matters to the person"))
    items = []
    for p in prios:
        gap = f" <span class='na-gap'>{differ}</span>" if p.disagreement >= 2 else ""
        mark = f" <b>· {matters}</b>" if p.matters else ""
        items.append(
            f"<li data-domain='{escape(p.domain)}'><b>{escape(p.title)}</b>: {escape(priority_line(p))}{mark}{gap}</li>"
        )
    return heading + "<ol class='na-prio'>" + "".join(items) + "</ol>"


class NeedsApp(AppShell):
    STORE_KEY = STORE_KEY
    ROOT_CLASS = "na-app"
    MODEL = NeedsAssessment

    def __getattr__(self, name: str):
        """The panel's widgets as the app's own (``app.code``, ``app.rows`` ...)."""
        panel = self.__dict__.get("panel")
        if panel is None or name.startswith("__"):
            raise AttributeError(name)
        return getattr(panel, name)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.panel = NeedsPanel(self, self.model)
        self.save_btn = w.Button(
            description=_("Save (.json)"), button_style="success", tooltip=_("Download this assessment to your device")
        )
        self.open_up = file_picker(_("Open (.json)"))
        self.compare_up = file_picker(_("Compare with earlier"))
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
        self.group = GroupPanel(self)  # the group calibration exercise (widgets/rooms)
        self._root(header, w.VBox([self.group.box, self.panel.details]), toolbar, self.panel.body)

    # ------------------------------------------------------------------ binding
    def _bind(self) -> None:
        self.panel.bind()
        self.save_btn.on_click(self._on_save)
        self.open_up.observe(self._on_open, names="value")
        self.compare_up.observe(self._on_compare, names="value")
        self.html_btn.on_click(self._on_html)
        self.pdf_btn.on_click(self._on_pdf)
        self.clear_btn.on_click(lambda _button: setattr(self.confirm_box.layout, "display", "flex"))

    def _refresh_outputs(self) -> None:
        self.panel.refresh()

    def _sync_inputs(self) -> None:
        """Put the model's values into the widgets (after a build, open, restore, case study, clear)."""
        self.panel.sync()
        self._refresh_outputs()

    def describe_draft(self, stored: str) -> str:
        probe = NeedsAssessment(self.cat)
        probe.restore_draft(stored)
        return describe_needs(probe)

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
            self._say(opened_needs(self.model, self.lang), "ok")
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
        self._save_json(self.model, lambda: self._file_stem("needs") + ".json", ("client_code", "assessed_on"))

    def _on_html(self, _button=None) -> None:
        export_summary(self, self.model, "html", self._file_stem("needs-summary") + ".html")

    def _on_pdf(self, _button=None) -> None:
        export_summary(self, self.model, "pdf", self._file_stem("needs-summary") + ".pdf")

    def _on_clear(self) -> None:
        self._ensure_language()
        self.model.clear(self.lang)
        self._touched.clear()
        self._sync_inputs()
        self._say(_("Cleared. The draft on this device now holds the empty form."), "ok")


def describe_needs(probe: NeedsAssessment) -> str:
    """The banner text for an assessment found in the browser's draft."""
    rated = probe.rated_count()
    text = ngettext(
        "Unsaved work found on this device: client {code}, {count} area rated. Restore it?",
        "Unsaved work found on this device: client {code}, {count} areas rated. Restore it?",
        rated,
    )
    code = escape(probe.client_code or _("(no code)"))
    return escape(text).format(code=f"<b>{code}</b>", count=rated) + " "


def opened_needs(model: NeedsAssessment, lang: str) -> str:
    """The status line after an assessment was opened."""
    code, day = model.client_code, display_date(model.assessed_on)
    if model.language != lang:
        return _("Opened the assessment of {code} from {date}. It was written in {language}.").format(
            code=code, date=day, language=language_name(model.language)
        )
    return _("Opened the assessment of {code} from {date}.").format(code=code, date=day)


# Needs summaries: how each is made, its type, and what the app says when it is downloaded.
SUMMARIES = {
    "html": (export.summary_html, "text/html", N_("Summary downloaded: open it and print, or keep it with the file.")),
    "pdf": (export.summary_pdf, "application/pdf", N_("PDF summary downloaded.")),
}


def export_summary(host: AppShell, model, kind: str, filename: str) -> None:
    """The needs summary (HTML or PDF) of ``model`` in the export language, handed to the browser by ``host``."""
    make, mime, done = SUMMARIES[kind]
    host._offer_export(filename, mime, lambda cat: make(model, cat), _(done))
