"""The training needs app: a staff member's self-rating of a course's competences, and a team summary.

Run it with Voila (``widgets/apps/training-needs.ipynb``, ``?lang=cs`` for Czech) or in a notebook::

    from widgets.training_needs.view import TrainingNeedsApp
    TrainingNeedsApp(lang="en").show()

Two tabs bound to :attr:`TrainingNeeds.part`: "My self-rating" (rate, see what to refresh first,
save the rating as a file) and "Team summary" (add the team's files, see which modules the team
needs most, download the refresher agenda). The model is :mod:`widgets.training_needs.model`.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from curriculum.i18n import _, ngettext
from curriculum.training_needs import SCALE, clock

from ..charts import bars_svg
from ..controls import ChoiceGroup, labelled
from ..files import FileProblem, InputProblem
from ..shell import AppShell, file_picker, message
from .model import DAY_MINUTES, TrainingNeeds, describe, module_name, scale_label

STORE_KEY = "open-reentry-curriculum/training-needs"
CSS = """
<style>
.tn-module { border-top: 1px solid #e5e7eb; padding: 4px 0 8px; }
.tn-module h4 { margin: 6px 0 2px; }
.tn-row { align-items: center; border-bottom: 1px solid #f3f4f6; padding: 2px 0; }
.tn-objective { flex: 1 1 320px; min-width: 240px; }
.tn-table { border-collapse: collapse; margin: 6px 0 12px; }
.tn-table th, .tn-table td { border: 1px solid #d1d5db; padding: 3px 6px; text-align: left; vertical-align: top; }
</style>
"""


def scores() -> list[tuple[str, int | None]]:
    return [("–", None)] + [(str(n), n) for n in range(len(SCALE))]


def scale_tips() -> list[str]:
    return [_("Not rated")] + [f"{n} {scale_label(n)}" for n in range(len(SCALE))]


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table class='tn-table'><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


class TrainingNeedsApp(AppShell):
    STORE_KEY = STORE_KEY
    ROOT_CLASS = "tn-app"
    MODEL = TrainingNeeds

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        me = self.model.me
        auto = {"layout": w.Layout(width="auto")}
        self.course = labelled(w.Dropdown(options=me.courses(), value=me.course, **auto), _("Course"))
        self.course.add_class("tn-course")
        # My self-rating
        self.person = labelled(w.Text(**auto), _("Your name or initials"))
        self.person.add_class("tn-person")
        self.date = labelled(w.Text(placeholder="YYYY-MM-DD", **auto), _("Date"))
        self.date.add_class("tn-date")
        self.person_msg, self.date_msg = w.HTML(), w.HTML()
        legend = " · ".join(f"{n} {scale_label(n)}" for n in range(len(SCALE)))
        how = _(
            "Rate how confident you are in each competence today. It is for planning training, never for appraisal."
        )
        self.legend = w.HTML(f"<p>{escape(how)}<br><b>{escape(legend)}</b></p>")
        self.choices: dict[tuple[str, int], ChoiceGroup] = {}
        self.course_boxes: dict[str, w.VBox] = {}
        for course_id in self.cat.curriculum.courses:
            self.course_boxes[course_id] = self._course_box(course_id)
        self.modules_box = w.VBox()
        self.progress = w.HTML()
        self.refresh_first = w.HTML()
        self.open_up = file_picker(_("Open my rating (.json)"), _("Open a self-rating saved earlier"), css="tn-open")
        self.save_btn = w.Button(
            description=_("Save my rating (.json)"),
            button_style="success",
            tooltip=_("Download your rating, to keep it or give it to your team lead"),
            **auto,
        )
        self.save_btn.add_class("tn-save")
        self.clear_btn = w.Button(description=_("New rating"), button_style="warning", **auto)
        self.confirm_box = self._confirm_box(_("Clear your rating on screen?"), self._on_clear)
        mine = w.VBox(
            [
                w.HBox([self.person, self.date], layout=w.Layout(flex_flow="row wrap")),
                self.person_msg,
                self.date_msg,
                self.legend,
                self.progress,
                self.refresh_first,
                self.modules_box,
                w.HBox([self.open_up, self.save_btn, self.clear_btn], layout=w.Layout(flex_flow="row wrap")),
            ]
        )
        # Team summary
        team_intro = _(
            "Add your team's self-ratings one after another: the files saved by this app (.json), or the "
            "spreadsheet of the staff self-rating form (.csv) filled in. Nothing leaves this device."
        )
        self.add_up = file_picker(_("Add a file (.json or .csv)"), _("Add a team member's rating"), css="tn-add")
        self.add_up.accept = ".json,.csv"
        self.team_clear = w.Button(description=_("Remove all files"), **auto)
        self.team_files = w.HTML()
        self.team_summary = w.HTML()
        self.minutes = labelled(
            w.Dropdown(
                options=[(ngettext("{count} minute", "{count} minutes", m).format(count=m), m) for m in DAY_MINUTES],
                value=self.model.team.minutes,
                **auto,
            ),
            _("Length of the refresher day"),
        )
        self.minutes.add_class("tn-minutes")
        self.agenda = w.HTML()
        self.agenda_btn = w.Button(description=_("Download the refresher agenda (HTML)"), **auto)
        self.agenda_btn.add_class("tn-agenda")
        team = w.VBox(
            [
                w.HTML(f"<p class='na-muted'>{escape(team_intro)}</p>"),
                w.HBox([self.add_up, self.team_clear], layout=w.Layout(flex_flow="row wrap")),
                self.team_files,
                self.team_summary,
                self.minutes,
                self.agenda,
                self.agenda_btn,
            ]
        )
        self.parts = w.Tab(children=[mine, team])
        self.parts.set_title(0, _("My self-rating"))
        self.parts.set_title(1, _("Team summary"))
        self.parts.add_class("tn-parts")
        header = self._header(
            _("Training needs and refresher"),
            escape(
                _(
                    "Staff rate their confidence in each competence of a course; the team lead adds the ratings "
                    "up and gets the modules the team needs most, as a refresher day. Your rating stays in this "
                    "browser until you save it as a file."
                )
            ),
            CSS,
        )
        self._root(header, self.course, w.VBox(), self.parts)

    def _course_box(self, course_id: str) -> w.VBox:
        modules = []
        for mod in self.cat.curriculum.course_modules(course_id):
            title = module_name_of(mod)
            rows = [w.HTML(f"<h4>{escape(title)}</h4>")]
            for n, objective in enumerate(mod.objectives, 1):
                text = " ".join(objective.split())
                group = ChoiceGroup(
                    options=scores(),
                    tooltips=scale_tips(),
                    # Translators: the name of a row of rating buttons: "Module 3, competence 2: <what it is>".
                    label=_("Module {number}, competence {competence}: {text}").format(
                        number=mod.number, competence=n, text=text
                    ),
                )
                group.add_class(f"tn-rate-{mod.id}-{n}")
                self.choices[(mod.id, n)] = group
                row = w.HBox(
                    [w.HTML(f"<div class='tn-objective'>{escape(text)}</div>"), group],
                    layout=w.Layout(flex_flow="row wrap"),
                )
                row.add_class("tn-row")
                rows.append(row)
            box = w.VBox(rows)
            box.add_class("tn-module")
            modules.append(box)
        return w.VBox(modules)

    # ------------------------------------------------------------------ binding
    def _bind(self) -> None:
        m, me = self.model, self.model.me
        self.field(self.person, "tn-person")
        self.field(self.date, "tn-date")
        for (module, n), group in self.choices.items():
            self.field(group, f"tn-{module}-{n}")
            group.observe(
                lambda ch, module=module, n=n: self._guard(lambda: me.rate(module, n, ch["new"])), names="value"
            )
        self.link((me, "person"), (self.person, "value"))
        self.link((me, "rated_on"), (self.date, "value"))
        self.link((m, "part"), (self.parts, "selected_index"), transform=(lambda p: p, lambda i: i or 0))
        self.link((m.team, "minutes"), (self.minutes, "value"))
        self.person.observe(lambda _ch: self._touched.add("person"), names="value")
        self.date.observe(lambda _ch: self._touched.add("rated_on"), names="value")
        self.course.observe(self._on_course, names="value")
        self.open_up.observe(self._on_open, names="value")
        self.add_up.observe(self._on_add, names="value")
        self.save_btn.on_click(self._on_save)
        self.clear_btn.on_click(lambda _button: setattr(self.confirm_box.layout, "display", "flex"))
        self.team_clear.on_click(self._on_team_clear)
        self.agenda_btn.on_click(self._on_agenda)

    def _sync_inputs(self) -> None:
        me = self.model.me
        was, self._syncing = self._syncing, True
        try:
            self.course.value = me.course
            for mod in me.modules():
                for n, value in enumerate(me.values(mod.id), 1):
                    self.choices[(mod.id, n)].value = value
        finally:
            self._syncing = was
        self._refresh_outputs()

    # ------------------------------------------------------------------ outputs
    def _refresh_outputs(self) -> None:
        me = self.model.me
        self.modules_box.children = [self.course_boxes[me.course]]
        problems = me.field_problems()
        self.person_msg.value = message(problems.get("person", "")) if "person" in self._touched else ""
        self.date_msg.value = message(problems.get("rated_on", "")) if "rated_on" in self._touched else ""
        rated, total = me.counts()
        self.progress.value = message(
            _("{rated} of {total} competences rated.").format(rated=rated, total=total), "ok" if rated else "warn"
        )
        self.refresh_first.value = self._refresh_first_html()
        self._refresh_team()

    def _refresh_first_html(self) -> str:
        me = self.model.me
        needs = me.to_refresh()
        head = escape(_("Modules to refresh first"))
        if not needs:
            text = (
                _("No competence rated 0 or 1 yet.")
                if me.counts()[0]
                else _("Rate the competences below to see the modules to refresh first.")
            )
            return f"<h4>{head}</h4><p class='na-muted tn-top'>{escape(text)}</p>"
        items = "".join(
            "<li>"
            + escape(
                ngettext(
                    "{module}: {low} competence rated below “On my own”",
                    "{module}: {low} competences rated below “On my own”",
                    n.low,
                ).format(module=module_name(n), low=n.low)
            )
            + "</li>"
            for n in needs
        )
        return f"<h4>{head}</h4><ol class='tn-top'>{items}</ol>"

    def _refresh_team(self) -> None:
        team, course = self.model.team, self.model.me.course
        files = [f for f in team.files if f.course == course]
        if not files:
            none_yet = _("No files added for this course yet.")
            self.team_files.value = f"<p class='na-muted'>{escape(none_yet)}</p>"
            self.team_summary.value = ""
            self.agenda.value = ""
            self.agenda_btn.disabled = True
            return
        names = "".join(
            "<li>"
            + escape(
                ngettext("{name}: {count} person", "{name}: {count} people", len(f.people)).format(
                    name=f.name, count=len(f.people)
                )
            )
            + "</li>"
            for f in files
        )
        self.team_files.value = f"<ul class='tn-files'>{names}</ul>"
        people = len(team.people(course))
        needs = team.needs(course)
        title = _("People who rated a competence 0 or 1, by module")
        chart = bars_svg([(module_name(n), len(n.people)) for n in needs], people, title)
        counted = ngettext(
            "The summary of {count} person, the most needed modules first.",
            "The summary of {count} people, the most needed modules first.",
            people,
        ).format(count=people)
        rows = [[module_name(n), str(len(n.people)), f"{round(100 * n.share)}%"] for n in needs]
        table = _table([_("Module"), _("People in need"), _("Ratings below “On my own”")], rows)
        heading = _("Team summary")
        self.team_summary.value = (
            f"<h4>{escape(heading)}</h4><p>{escape(counted)}</p><div class='tn-chart'>{chart}</div>{table}"
        )
        slots = [
            [f"{clock(s.start)}–{clock(s.start + s.minutes)}", str(s.minutes), s.title] for s in team.agenda(course)
        ]
        agenda_heading = _("Refresher agenda")
        self.agenda.value = f"<h4>{escape(agenda_heading)}</h4>" + _table([_("Time"), _("Minutes"), _("What")], slots)
        self.agenda_btn.disabled = False

    def describe_draft(self, stored: str) -> str:
        person, rated = describe(stored, self.cat)
        text = ngettext(
            "Unsaved self-rating found on this device: {person}, {count} competence rated. Restore it?",
            "Unsaved self-rating found on this device: {person}, {count} competences rated. Restore it?",
            rated,
        )
        who = escape(person or _("(no name)"))
        return escape(text).format(person=f"<b>{who}</b>", count=rated) + " "

    # ------------------------------------------------------------------ actions
    def _on_course(self, change) -> None:
        if self._syncing or not change["new"]:
            return
        self._guard(lambda: self.model.me.set_course(change["new"]))
        self._sync_inputs()

    def _on_open(self, _change) -> None:
        raw = self._uploaded(self.open_up)
        if raw is None:
            return
        self._ensure_language()
        try:
            self.model.me.open_file(raw)
        except FileProblem as exc:
            self._say(
                _("This file could not be opened. {problems} Nothing on screen was changed.").format(
                    problems=" ".join(exc.messages)
                )
            )
        else:
            self._sync_inputs()
            self._say(_("Opened the self-rating of {person}.").format(person=self.model.me.person), "ok")
        finally:
            self._reset_upload(self.open_up)

    def _on_add(self, _change) -> None:
        raw = self._uploaded(self.add_up)
        if raw is None:
            return
        self._ensure_language()
        name = str(self.add_up.value[0].get("name") or "file")
        try:
            done = self.model.team.add(name, raw, self.model.me.course)
        except FileProblem as exc:
            self._say(
                _("{name} could not be added. {problems} The summary was not changed.").format(
                    name=name, problems=" ".join(exc.messages)
                )
            )
        else:
            self._say(done, "ok")
        finally:
            self._reset_upload(self.add_up)

    def _on_team_clear(self, _button=None) -> None:
        self._ensure_language()
        self.model.team.clear()
        self._say(_("The files were removed from the summary."), "ok")

    def _on_save(self, _button=None) -> None:
        self._save_json(self.model, lambda: self.model.file_stem() + ".json", ("person", "rated_on"))

    def _on_agenda(self, _button=None) -> None:
        self._ensure_language()
        course = self.model.me.course
        try:
            page = self.model.team.agenda_html(course)
        except InputProblem as exc:
            self._say(str(exc))
            return
        self.download.offer(f"refresher-agenda-{course}.html", page, "text/html")
        self._say(_("The refresher agenda was downloaded to your device."), "ok")

    def _on_clear(self) -> None:
        self._ensure_language()
        self.model.me.clear(self.lang)
        self._touched.clear()
        self._sync_inputs()
        self._say(_("Cleared. The draft on this device now holds an empty self-rating."), "ok")


def module_name_of(mod) -> str:
    return _("Module {number}: {title}").format(number=mod.number, title=mod.title)
