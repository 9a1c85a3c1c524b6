"""The facilitator's screen of the group calibration exercise: open a room for a case study, show its
code and the address to give people, and watch, per needs area, how the group's ratings spread,
with what to ask about first. Closing the room deletes it and everything in it.

Run it with Voila (``widgets/apps/calibration.ipynb``) or in a notebook::

    from widgets.rooms.view import CalibrationApp
    CalibrationApp(lang="en").show()

The screen refreshes itself every few seconds (a timer in the page asks the kernel, so nothing runs
in a thread) and has a Refresh button. The open room's code and key are the app's draft in this
browser: after a reload the screen offers to go back to the room.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from html import escape
from urllib.parse import urlencode

import anywidget
import ipywidgets as w
from traitlets import Bool, HasTraits, Int, Unicode

from curriculum.i18n import _, ngettext

from ..controls import labelled
from ..files import InputProblem
from ..shell import AppShell
from .chart import counts_table, spread_svg
from .join import clock_time
from .model import EXPIRY_HOURS, Results, RoomProblem, RoomStore, names, prompts, reference_sentence, sent_sentence

STORE_KEY = "open-reentry-curriculum/calibration"
REFRESH_MS = 3000
NEEDS_APP = "needs-assessment.ipynb"

CSS = """
<style>
.rm-app { font-family: var(--jp-ui-font-family, sans-serif); max-width: 1100px; }
.rm-code-big { font: 700 64px/1.1 ui-monospace, "DejaVu Sans Mono", monospace; letter-spacing: 10px; color: #111827;
  margin: 4px 0; }
.rm-room { border: 2px solid #1e3a8a; border-radius: 8px; padding: 8px 14px; margin: 6px 0; }
.rm-count { font-size: 22px; font-weight: 700; margin: 6px 0 2px; }
.rm-prompts li { margin-bottom: 8px; font-size: 15px; }
.rm-prompts .na-muted { display: block; }
.rm-table { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px; }
.rm-table caption { text-align: left; font-weight: 600; padding: 4px 0; }
.rm-table th, .rm-table td { border: 1px solid #d1d5db; padding: 3px 8px; text-align: center; vertical-align: top; }
.rm-table th[scope=row] { text-align: left; font-weight: 400; }
.rm-table td.rm-far { background: #fee2e2; font-weight: 700; }
.rm-link { font-size: 15px; word-break: break-all; }
.rm-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
</style>
"""

_TICKER_JS = """
function render({ model, el }) {
  el.style.display = "none";
  const id = setInterval(() => {
    if (document.hidden || !model.get("running")) return;
    model.set("ticks", model.get("ticks") + 1);
    try { model.save_changes(); } catch (e) { /* no kernel: the page says so by itself */ }
  }, model.get("interval_ms"));
  return () => clearInterval(id);
}
export default { render };
"""


class Ticker(anywidget.AnyWidget):
    """Counts up every ``interval_ms`` while ``running`` and the page is visible; the kernel observes ``ticks``."""

    _esm = _TICKER_JS
    interval_ms = Int(REFRESH_MS).tag(sync=True)
    running = Bool(False).tag(sync=True)
    ticks = Int(0).tag(sync=True)


class CalibrationScreen(HasTraits):
    """What the facilitator's screen keeps: the chosen case study and the open room (its code and key)."""

    case_id = Unicode(None, allow_none=True)
    code = Unicode("")
    key = Unicode("")  # proves this screen opened the room; kept in this browser's draft only
    show_names = Bool(False)
    show_reference = Bool(False)
    language = Unicode("")
    revision = Int(0)

    def __init__(self, catalogue, **kwargs):
        super().__init__(**kwargs)
        self.catalogue = catalogue
        self.language = self.language or catalogue.language
        self.observe(lambda _ch: setattr(self, "revision", self.revision + 1), names=["case_id", "code", "key"])

    def use_catalogue(self, catalogue) -> None:
        self.catalogue = catalogue

    def has_content(self) -> bool:
        return bool(self.code)

    def draft(self) -> str:
        return json.dumps({"format": 1, "case": self.case_id, "code": self.code, "key": self.key})

    @staticmethod
    def read_draft(text: str) -> dict:
        try:
            data = json.loads(text)
        except ValueError:
            raise InputProblem(_("The room kept in this browser cannot be read.")) from None
        if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in ("code", "key")):
            raise InputProblem(_("The room kept in this browser cannot be read."))
        return data

    def restore_draft(self, text: str) -> None:
        data = self.read_draft(text)
        with self.hold_trait_notifications():
            self.case_id = data.get("case") if isinstance(data.get("case"), str) else None
            self.code, self.key = data["code"], data["key"]

    def to_json(self) -> str:
        raise InputProblem(_("There is nothing to save: the room lives on the server until you close it."))


def participant_link(code: str, lang: str) -> str:
    """The needs-assessment app's address with the room's code, as the participants' browsers reach this server."""
    query = {"room": code}
    if lang != "en":
        query["lang"] = lang
    script = os.environ.get("SCRIPT_NAME", "")
    folder = script.rsplit("/", 1)[0] + "/" if "/" in script else ""
    host, port = os.environ.get("SERVER_NAME", ""), os.environ.get("SERVER_PORT", "")
    origin = f"http://{host}{':' + port if port else ''}" if host else ""
    return f"{origin}{folder}{NEEDS_APP}?{urlencode(query)}"


class CalibrationApp(AppShell):
    STORE_KEY = STORE_KEY
    ROOT_CLASS = "rm-app"
    MODEL = CalibrationScreen

    def __init__(self, cat=None, lang=None, rooms: RoomStore | None = None):
        self._rooms = rooms
        self.results: Results | None = None
        self._shown: dict[str, str] = {}
        super().__init__(cat, lang)

    def rooms(self) -> RoomStore:
        if self._rooms is None:
            self._rooms = RoomStore()
        return self._rooms

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        cases = [(c.title, c.id) for c in self.cat.case_studies.values()]
        self.case_pick = labelled(
            w.Dropdown(options=[(_("Choose a case study…"), None)] + cases, layout=w.Layout(width="auto")),
            _("Case study for the room"),
        )
        self.case_pick.add_class("rm-case-pick")
        self.open_btn = w.Button(description=_("Open a room"), button_style="primary", layout=w.Layout(width="auto"))
        self.open_btn.add_class("rm-open-room")
        self.setup = w.VBox(
            [
                w.HTML(
                    "<p>"
                    + escape(
                        _(
                            "Choose the case study the group will rate, then open a room. Everyone rates the case "
                            "on their own device in the needs-assessment app and sends their ratings under a "
                            "nickname; this screen shows where the group agrees and where it does not."
                        )
                    )
                    + "</p>"
                ),
                w.HBox([self.case_pick, self.open_btn], layout=w.Layout(flex_flow="row wrap", align_items="center")),
            ]
        )
        self.setup.add_class("rm-setup")
        self.code_html = w.HTML()
        self.code_html.add_class("rm-code-box")
        self.count_html = w.HTML()
        self.count_html.add_class("rm-count-box")
        self.refresh_btn = w.Button(description=_("Refresh"), icon="refresh", layout=w.Layout(width="auto"))
        self.refresh_btn.add_class("rm-refresh")
        self.names_box = w.Checkbox(
            value=self.model.show_names,
            # Translators: a tick box on the facilitator's screen: show who chose which rating.
            description=_("Show nicknames"),
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.names_box.add_class("rm-show-names")
        self.reference_box = w.Checkbox(
            value=self.model.show_reference,
            # Translators: a tick box: show the ratings the case study itself gives (after the discussion).
            description=_("Show the case study's own ratings"),
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.reference_box.add_class("rm-show-reference")
        self.close_btn = w.Button(description=_("Close the room"), button_style="danger", layout=w.Layout(width="auto"))
        self.close_btn.add_class("rm-close")
        self.room_box = w.VBox(
            [
                self.code_html,
                self.count_html,
                w.HBox(
                    [self.refresh_btn, self.names_box, self.reference_box, self.close_btn],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
            ],
            layout=w.Layout(display="none"),
        )
        self.room_box.add_class("rm-room")
        self.confirm_box = self._close_confirm()
        self.prompts_html = w.HTML()
        self.prompts_html.add_class("rm-prompts-box")
        self.chart_html = w.HTML()
        self.chart_html.add_class("rm-chart-box")
        self.table_html = w.HTML()
        self.table_html.add_class("rm-table-box")
        self.case_html = w.HTML()
        self.ticker = Ticker()
        self._shown = {}
        body = w.VBox([self.prompts_html, self.chart_html, self.table_html, self.case_html, self.ticker])
        header = self._header(
            _("Group calibration exercise"),
            escape(
                _(
                    "For staff training and workshops: a group rates the same case study and sees where its "
                    "ratings differ. Only nicknames and ratings are kept, on this server, until you close the "
                    "room (or {hours} hours after it was opened)."
                ).format(hours=EXPIRY_HOURS)
            ),
            CSS,
        )
        self._root(header, w.VBox([self.setup, self.room_box]), w.HBox(), body)

    def _close_confirm(self) -> w.HBox:
        yes = w.Button(description=_("Yes, close and delete"), button_style="danger", layout=w.Layout(width="auto"))
        yes.add_class("rm-close-yes")
        no = w.Button(description=_("Cancel"))
        self.confirm_text = w.HTML()
        box = w.HBox(
            [self.confirm_text, yes, no],
            layout=w.Layout(display="none", align_items="center", flex_flow="row wrap"),
        )
        box.add_class("na-banner")
        yes.on_click(lambda _b: self._guard(self._on_close))
        no.on_click(lambda _b: setattr(box.layout, "display", "none"))
        return box

    # ------------------------------------------------------------------ binding
    def _bind(self) -> None:
        self.open_btn.on_click(lambda _b: self._guard(self._on_open_room))
        self.refresh_btn.on_click(lambda _b: self._guard(lambda: self._refresh_room(said=True)))
        self.close_btn.on_click(lambda _b: self._guard(self._ask_close))
        self.link((self.model, "show_names"), (self.names_box, "value"))
        self.link((self.model, "show_reference"), (self.reference_box, "value"))
        self.names_box.observe(lambda _ch: self._guard(self._draw), names="value")
        self.reference_box.observe(lambda _ch: self._guard(self._draw), names="value")
        self.case_pick.observe(lambda ch: setattr(self.model, "case_id", ch["new"]), names="value")
        self.ticker.observe(lambda _ch: self._guard(self._refresh_room), names="ticks")

    def _sync_inputs(self) -> None:
        self._syncing = True
        try:
            case = self.model.case_id if self.model.case_id in self.cat.case_studies else None
            self.case_pick.value = case
        finally:
            self._syncing = False
        self._refresh_outputs()

    def _refresh_outputs(self) -> None:
        self._refresh_room()

    def describe_draft(self, stored: str) -> str:
        data = CalibrationScreen.read_draft(stored)
        if not data["code"]:
            raise InputProblem("")  # no room: nothing to offer
        try:
            self.rooms().resume(data["code"], data["key"])
        except RoomProblem:
            raise InputProblem("") from None  # the room has ended: nothing to go back to
        return escape(
            _("The room {code} that you opened on this device is still open. Go back to it?").format(code=data["code"])
        )

    # ------------------------------------------------------------------ the room
    def _set(self, widget, value: str) -> None:
        """Change a widget only when what it shows changes (the screen refreshes every few seconds)."""
        if widget.value != value:
            widget.value = value

    def _on_open_room(self) -> None:
        case_id = self.case_pick.value
        if not case_id:
            self._say(_("Choose a case study for the room first."))
            return
        if self.model.code:
            self._say(_("A room is open already: close it before you open another one."))
            return
        try:
            room, key = self.rooms().create(case_id, self.lang)
        except RoomProblem as exc:
            self._say(str(exc))
            return
        with self.model.hold_trait_notifications():
            self.model.case_id, self.model.code, self.model.key = case_id, room.code, key
        self._say(_("The room {code} is open. Give people its code or its address.").format(code=room.code), "ok")

    def _refresh_room(self, said: bool = False) -> None:
        """Read the room again and show it; when it has ended, say so and go back to choosing a case."""
        m = self.model
        open_ = bool(m.code)
        self.setup.layout.display = "none" if open_ else None
        self.room_box.layout.display = None if open_ else "none"
        self.ticker.running = open_
        if not open_:
            self.results = None
            for widget in (self.code_html, self.count_html, self.prompts_html, self.chart_html, self.table_html):
                self._set(widget, "")
            self._set(self.case_html, "")
            return
        case = self.cat.case_studies.get(m.case_id or "")
        reference = {d: r.practitioner for d, r in case.assessment.items()} if case else {}
        try:
            self.results = self.rooms().results(m.code, m.key, [d.id for d in self.cat.domains], reference)
        except RoomProblem as exc:
            self._say(_("{problem} This screen is ready for a new room.").format(problem=str(exc)), "warn")
            self._end_room()
            return
        self._draw()
        if said:
            self._say(_("Refreshed at {time}.").format(time=clock_time(dt.datetime.now().timestamp())), "ok")

    def _draw(self) -> None:
        res, m = self.results, self.model
        if res is None:
            return
        case = self.cat.case_studies.get(res.room.case_id)
        case_title = case.title if case else res.room.case_id
        link = participant_link(res.room.code, self.lang)
        spaced = " ".join(res.room.code)
        # Translators: above the big room code on the facilitator's screen, with the case study's title.
        heading = _("Room code · {case}").format(case=case_title)
        how = _(
            "People open the needs-assessment app, press “Join a group exercise” and type this code with a "
            "nickname. Or they open this address:"
        )
        until = ngettext(
            "The room closes by itself at {time}, {hours} hour after it was opened.",
            "The room closes by itself at {time}, {hours} hours after it was opened.",
            EXPIRY_HOURS,
        ).format(time=clock_time(res.room.expires), hours=EXPIRY_HOURS)
        self._set(
            self.code_html,
            f"<div>{escape(heading)}</div>"
            f"<div class='rm-code-big' aria-hidden='true'>{escape(res.room.code)}</div>"
            f"<span class='rm-sr'>{escape(spaced)}</span>"
            f"<p>{escape(how)}<br><a class='rm-link' href='{escape(link)}' target='_blank' rel='noopener'>"
            f"{escape(link)}</a></p><p class='na-muted'>{escape(until)}</p>",
        )
        waiting = res.waiting
        if not waiting:
            wait_text = ""
        elif m.show_names:
            wait_text = _("Joined, not sent yet: {names}.").format(names=names(waiting))
        else:
            wait_text = ngettext(
                "{count} person has joined and not sent ratings yet.",
                "{count} people have joined and not sent ratings yet.",
                len(waiting),
            ).format(count=len(waiting))
        self._set(
            self.count_html,
            f"<div class='rm-count' role='status'>{escape(sent_sentence(len(res.sent)))}</div>"
            f"<div class='na-muted'>{escape(wait_text)}</div>",
        )
        titles = {d.id: d.title for d in self.cat.domains}
        self._set(self.prompts_html, self._prompts(res, titles))
        if res.sent:
            scale = [lvl.label for lvl in self.cat.curriculum.scale.levels] if self.cat.curriculum.scale else []
            chart = spread_svg(res.domains, titles, scale, show_reference=m.show_reference)
            table = counts_table(res.domains, titles, show_names=m.show_names, show_reference=m.show_reference)
        else:
            chart = table = ""
        self._set(self.chart_html, chart)
        self._set(self.table_html, table)
        self._set(self.case_html, self._case_notes(case))

    def _prompts(self, res: Results, titles: dict[str, str]) -> str:
        heading = "<h3>" + escape(_("Talk about these first")) + "</h3>"
        if not res.sent:
            return (
                heading + "<p class='na-muted'>" + escape(_("The questions appear here when ratings arrive.")) + "</p>"
            )
        order = res.talk_first()
        items = []
        domains = {d.id: d for d in self.cat.domains}
        for d in order:
            area = titles.get(d.domain, d.domain)
            lines = prompts(d, area, show_names=self.model.show_names)
            meaning = ""
            if d.spread >= 1 and d.domain in domains:
                scale = domains[d.domain].scale
                meaning = _("{low} means: {low_words} {high} means: {high_words}").format(
                    low=d.low, low_words=scale[d.low].descriptor, high=d.high, high_words=scale[d.high].descriptor
                )
            if self.model.show_reference:
                lines.append(reference_sentence(d, area))
            text = " ".join(escape(line) for line in lines if line)
            extra = f"<span class='na-muted'>{escape(meaning)}</span>" if meaning else ""
            items.append(f"<li data-domain='{escape(d.domain)}'>{text}{extra}</li>")
        unrated = [titles.get(d.domain, d.domain) for d in res.domains if not d.count]
        rest = ""
        if unrated:
            rest = (
                "<p class='na-muted'>"
                + escape(_("Not rated by anyone yet: {areas}.").format(areas=", ".join(unrated)))
                + "</p>"
            )
        return heading + "<ol class='rm-prompts'>" + "".join(items) + "</ol>" + rest

    def _case_notes(self, case) -> str:
        if case is None:
            return ""

        def block(title: str, texts) -> str:
            lis = "".join(f"<li>{escape(t)}</li>" for t in texts)
            return f"<details><summary>{escape(title)}</summary><ul>{lis}</ul></details>"

        return block(_("Discussion points of the case study"), case.discussion_points) + block(
            _("Notes for the facilitator"), case.facilitator_notes
        )

    def _ask_close(self) -> None:
        code = self.model.code
        if not code:
            return
        self.confirm_text.value = escape(
            _(
                "Close the room {code}? Every nickname and rating in it is deleted at once; this cannot be undone."
            ).format(code=code)
        )
        self.confirm_box.layout.display = "flex"

    def _on_close(self) -> None:
        m = self.model
        self.confirm_box.layout.display = "none"
        code = m.code
        try:
            self.rooms().close(code, m.key)
        except RoomProblem as exc:
            self._say(_("{problem} This screen is ready for a new room.").format(problem=str(exc)), "warn")
        else:
            self._say(
                _("The room {code} is closed: every nickname and rating in it was deleted.").format(code=code), "ok"
            )
        self._end_room()

    def _end_room(self) -> None:
        with self.model.hold_trait_notifications():
            self.model.code = self.model.key = ""
        self.results = None
        self._refresh_room()

    def _on_save(self, _button=None) -> None:  # the shell's "Download the draft" when storage is full: nothing to save
        self._say(_("There is nothing to save: the room lives on the server until you close it."), "warn")
