"""The workshop app: one flow from needs to plan, in four steps that carry their state.

Run it with Voila (``widgets/apps/workshop.ipynb``, ``?lang=et`` for Estonian) or in a notebook::

    from widgets.flow.view import WorkshopApp
    WorkshopApp(lang="cs").show()

The steps are tabs bound to :attr:`Workshop.step`; each ends with a button that confirms it and
goes on. Confirming step 2 starts the plan from the assessment (:meth:`Workshop.hand_on`). The
steps reuse the panels of the two separate apps (:class:`~widgets.needs.view.NeedsPanel`,
:class:`~widgets.plan.view.PlanPanel`), which stay as entry points of their own.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from curriculum.i18n import _, ngettext

from ..files import FileProblem, InputProblem
from ..language import language_name
from ..needs.model import urgency_label
from ..needs.view import CSS as NEEDS_CSS
from ..needs.view import NeedsPanel, OffersList, export_summary, opened_needs
from ..plan.view import CSS as PLAN_CSS
from ..plan.view import PlanPanel, export_plan, started_message
from ..shell import AppShell, file_picker, message
from .model import STEPS, Workshop

STORE_KEY = "open-reentry-curriculum/workshop"

CSS = """
<style>
.ws-step { padding: 6px 2px; }
.ws-next { margin-top: 10px; align-items: center; }
.ws-keep { border-bottom: 1px solid #f3f4f6; padding: 2px 0 4px; flex-shrink: 0 !important; }
.tk-app .widget-checkbox { height: auto; width: auto; }
.tk-app .widget-checkbox .widget-label-basic span { white-space: normal; overflow: visible; }
</style>
"""


class ReviewPanel:
    """Step 2: keep or drop each priority, and tick the offers for the plan."""

    def __init__(self, host, model: Workshop):
        self.host = host
        self.model = model
        heading = escape(_("Priorities for the plan"))
        intro = escape(
            _(
                "Keep the priorities the plan will work on. Each one you keep becomes a goal, with its note as the "
                "client's words. Each offer you tick becomes an action in the right phase, for the person who "
                "delivers it."
            )
        )
        self.heading = w.HTML(f"<h4>{heading}</h4><p class='na-muted'>{intro}</p>")
        self.keeps: dict[str, tuple[w.Checkbox, w.HTML, w.VBox]] = {}
        self.keep_box = w.VBox()
        self.keep_box.add_class("ws-keeps")
        self.offers = OffersList(host, model.needs, choosing=True)
        self.box = w.HBox(
            [
                w.VBox([self.heading, self.keep_box], layout=w.Layout(flex="1 1 380px", min_width="300px")),
                w.VBox([self.offers.box], layout=w.Layout(flex="1 1 480px", min_width="300px")),
            ],
            layout=w.Layout(flex_flow="row wrap", align_items="flex-start"),
        )

    def refresh(self) -> None:
        host, needs = self.host, self.model.needs
        prios = needs.priorities(host.cat)
        if not prios:
            empty = escape(_("No area rated 2 (moderate need) or more yet."))
            self.keep_box.children = [w.HTML(f"<p class='na-muted'>{empty}</p>")]
        rows = []
        was, host._syncing = host._syncing, True
        try:
            for p in prios:
                if p.domain not in self.keeps:
                    tick = w.Checkbox(indent=False, layout=w.Layout(width="auto"))
                    tick.add_class(f"ws-keep-{p.domain}")
                    host.field(tick, f"needs-keep-{p.domain}")
                    tick.observe(
                        lambda ch, d=p.domain: host._guard(lambda: needs.keep(d, ch["new"])),
                        names="value",
                    )
                    note = w.HTML()
                    self.keeps[p.domain] = (tick, note, w.VBox([tick, note]))
                    self.keeps[p.domain][2].add_class("ws-keep")
                tick, note, box = self.keeps[p.domain]
                tick.description = _("{rank}. {area}: need {need} ({urgency})").format(
                    rank=p.rank, area=p.title, need=p.need, urgency=urgency_label(p.urgency) or _("no urgency set")
                )
                tick.value = p.domain not in needs.dropped
                words = (
                    _("Goal in the client's words: {note}").format(note=p.note)
                    if p.note.strip()
                    else _("No note: write the goal with the client in step 3.")
                )
                note.value = f"<div class='na-muted'>{escape(words)}</div>"
                rows.append(box)
        finally:
            host._syncing = was
        if prios:
            self.keep_box.children = rows
        self.offers.refresh()


class WorkshopApp(AppShell):
    STORE_KEY = STORE_KEY
    ROOT_CLASS = "ws-app"
    MODEL = Workshop

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        m = self.model
        self.needs_panel = NeedsPanel(self, m.needs)
        self.review = ReviewPanel(self, m)
        self.plan_panel = PlanPanel(self, m.plan)
        # The toolbar, on every step.
        self.open_up = file_picker(
            _("Open (.json)"), _("Open a saved workshop, needs assessment or plan"), css="ws-open"
        )
        auto = {"layout": w.Layout(width="auto")}
        self.save_btn = w.Button(
            description=_("Save workshop (.json)"),
            button_style="success",
            tooltip=_("Download the assessment and the plan together, in one file"),
            **auto,
        )
        self.clear_btn = w.Button(description=_("New workshop"), button_style="warning", **auto)
        self.confirm_box = self._confirm_box(_("Clear the whole workshop on screen?"), self._on_clear)
        toolbar = w.HBox(
            [self.open_up, self.save_btn, self.clear_btn], layout=w.Layout(flex_flow="row wrap", align_items="center")
        )
        # The buttons that confirm a step and go on, each with what still stops it.
        self.next_btns = {
            1: w.Button(description=_("Next: priorities and offers"), button_style="primary", **auto),
            2: w.Button(description=_("Start the plan"), button_style="primary", **auto),
            3: w.Button(description=_("Next: export"), button_style="primary", **auto),
        }
        self.blocked = {step: w.HTML() for step in self.next_btns}
        for step, button in self.next_btns.items():
            button.add_class(f"ws-next-{step}")
        self.handed_note = w.HTML()
        # Step 4: exports.
        self.word_btn = w.Button(description=_("Word (.docx)"), **auto)
        self.pdf_btn = w.Button(description=_("PDF"), **auto)
        self.csv_btn = w.Button(description=_("Actions (.csv)"), **auto)
        self.html_btn = w.Button(description=_("Summary (HTML)"), **auto)
        self.summary_pdf_btn = w.Button(description=_("Summary (PDF)"), **auto)
        self.save_btn2 = w.Button(description=_("Save workshop (.json)"), button_style="success", **auto)
        self.overview = w.HTML()
        plan_head = escape(_("The plan"))
        needs_head = escape(_("The needs assessment"))
        keep_head = escape(_("Keep it"))
        export_step = w.VBox(
            [
                self.overview,
                w.HTML(f"<h4>{plan_head}</h4>"),
                w.HBox([self.word_btn, self.pdf_btn, self.csv_btn], layout=w.Layout(flex_flow="row wrap")),
                w.HTML(f"<h4>{needs_head}</h4>"),
                w.HBox([self.html_btn, self.summary_pdf_btn], layout=w.Layout(flex_flow="row wrap")),
                self.export_pick,
                w.HTML(f"<h4>{keep_head}</h4>"),
                self.save_btn2,
            ]
        )

        def step_box(step: int, *parts) -> w.VBox:
            tail = []
            if step in self.next_btns:
                tail = [
                    w.HBox(
                        [self.next_btns[step], self.blocked[step]],
                        layout=w.Layout(flex_flow="row wrap", align_items="center"),
                    )
                ]
                tail[0].add_class("ws-next")
            box = w.VBox([*parts, *tail])
            box.add_class("ws-step")
            box.add_class(f"ws-step-{step}")
            return box

        self.steps = w.Tab(
            children=[
                step_box(1, self.needs_panel.details, self.needs_panel.body),
                step_box(2, self.review.box),
                step_box(3, self.handed_note, self.plan_panel.details, self.plan_panel.sections),
                step_box(4, export_step),
            ]
        )
        for step, title in STEPS.items():
            self.steps.set_title(step - 1, _(title))
        self.steps.add_class("ws-steps")
        header = self._header(
            _("Workshop: from needs to plan"),
            escape(
                _(
                    "One meeting, four steps: rate the needs together, choose the priorities and what to offer, "
                    "draft the plan in the client's words, and export it. Each step hands on what was typed: "
                    "nothing is lost. The assessment and the plan are kept together in this browser and in one "
                    "saved file; nothing leaves this device unless you save or export."
                )
            ),
            NEEDS_CSS + PLAN_CSS + CSS,
        )
        self._root(header, w.VBox(), toolbar, self.steps)

    # ------------------------------------------------------------------ binding
    def _bind(self) -> None:
        m = self.model
        self.field(self.steps, "workshop-step")  # a step chosen while the kernel is gone is journalled too
        self.link((m, "step"), (self.steps, "selected_index"), transform=(lambda s: s - 1, lambda i: (i or 0) + 1))
        for step, button in self.next_btns.items():
            self.dlink((m, "revision"), (button, "disabled"), transform=lambda _r, step=step: bool(m.blockers(step)))
            button.on_click(lambda _button, step=step: self._on_next(step))
        self.needs_panel.bind()
        self.plan_panel.bind()
        self.open_up.observe(self._on_open, names="value")
        self.save_btn.on_click(self._on_save)
        self.save_btn2.on_click(self._on_save)
        self.clear_btn.on_click(lambda _button: setattr(self.confirm_box.layout, "display", "flex"))
        self.word_btn.on_click(lambda _button: export_plan(self, m.plan, "docx"))
        self.pdf_btn.on_click(lambda _button: export_plan(self, m.plan, "pdf"))
        self.csv_btn.on_click(lambda _button: export_plan(self, m.plan, "csv"))
        self.html_btn.on_click(self._on_html)
        self.summary_pdf_btn.on_click(self._on_summary_pdf)

    # ------------------------------------------------------------------ outputs
    def _refresh_outputs(self) -> None:
        """Refresh the step on screen (the others are refreshed when they are shown)."""
        m = self.model
        step = m.step
        if step == 1:
            self.needs_panel.refresh()
        elif step == 2:
            self.review.refresh()
        elif step == 3:
            self.plan_panel.refresh()
            self.handed_note.value = self._handed_html()
        else:
            self.overview.value = self._overview_html()
        if step in self.blocked:
            self.blocked[step].value = message(" ".join(m.blockers(step)), "warn")

    def _handed_html(self) -> str:
        m = self.model
        if m.handed:
            return ""
        if not m.plan_started():
            text = _("Confirm step 2 (Start the plan) to begin from the assessment, or add goals here.")
        else:
            text = _(
                "The assessment changed after the plan was started. To add new priorities and offers, press Start "
                "the plan in step 2 again; nothing in the plan is removed."
            )
        return message(text, "warn")

    def _overview_html(self) -> str:
        plan = self.model.plan
        actions = sum(len(g["actions"]) for g in plan.goals)
        goals = ngettext("{count} goal", "{count} goals", len(plan.goals)).format(count=len(plan.goals))
        acts = ngettext("{count} action", "{count} actions", actions).format(count=actions)
        text = _("The plan of {code} has {goals} and {actions}.").format(
            code=plan.client_code.strip() or _("(no code)"), goals=goals, actions=acts
        )
        return f"<p>{escape(text)}</p>"

    def _sync_inputs(self) -> None:
        self.needs_panel.sync()
        self.plan_panel.sync()
        self._refresh_outputs()

    def describe_draft(self, stored: str) -> str:
        probe = Workshop(self.cat)
        probe.restore_draft(stored)
        rated, goals = probe.needs.rated_count(), len(probe.plan.goals)
        text = ngettext(
            "Unsaved workshop found on this device: client {code}, {count} area rated. Restore it?",
            "Unsaved workshop found on this device: client {code}, {count} areas rated. Restore it?",
            rated,
        )
        code = escape(probe.needs.client_code or _("(no code)"))
        out = escape(text).format(code=f"<b>{code}</b>", count=rated)
        if goals:
            out += " " + escape(
                ngettext("The plan has {count} goal.", "The plan has {count} goals.", goals).format(count=goals)
            )
        return out + " "

    # ------------------------------------------------------------------ actions
    def _on_next(self, step: int) -> None:
        self._ensure_language()
        m = self.model
        if m.step != step:
            m.go(step)
        try:
            started = m.confirm()
        except InputProblem as exc:
            self._say(str(exc))
            return
        if started is not None:
            self.plan_panel.sync()
            self._say(started_message(started), "ok")
        else:
            self._say("")

    def _on_open(self, _change) -> None:
        raw = self._uploaded(self.open_up)
        if raw is None:
            return
        self._ensure_language()
        try:
            kind = self.model.open_file(raw)
        except FileProblem as exc:
            self._say(
                _("This file could not be opened. {problems} Nothing on screen was changed.").format(
                    problems=" ".join(exc.messages)
                )
            )
        else:
            self.plan_panel.clear()
            self._sync_inputs()
            self._say(self._opened(kind), "ok")
        finally:
            self._reset_upload(self.open_up)

    def _opened(self, kind: str) -> str:
        m = self.model
        if kind == "needs":
            return opened_needs(m.needs, self.lang) + " " + _("Choose the priorities and offers, then start the plan.")
        if kind == "plan":
            if m.language != self.lang:
                return _("Plan opened. It was written in {language}.").format(language=language_name(m.language))
            return _("Plan opened.")
        if m.language != self.lang:
            return _("Opened the workshop of {code}. It was written in {language}.").format(
                code=m.needs.client_code, language=language_name(m.language)
            )
        return _("Opened the workshop of {code}.").format(code=m.needs.client_code)

    def _on_save(self, _button=None) -> None:
        self._save_json(self.model, lambda: self.model.file_stem() + ".json", ("client_code", "assessed_on"))

    def _on_html(self, _button=None) -> None:
        export_summary(self, self.model.needs, "html", self.model.file_stem() + "-needs-summary.html")

    def _on_summary_pdf(self, _button=None) -> None:
        export_summary(self, self.model.needs, "pdf", self.model.file_stem() + "-needs-summary.pdf")

    def _on_clear(self) -> None:
        self._ensure_language()
        self.model.reset(self.lang)
        self.plan_panel.clear()
        self.review.keeps.clear()
        self._touched.clear()
        self._sync_inputs()
        self._say(_("Cleared. The draft on this device now holds an empty workshop."), "ok")
