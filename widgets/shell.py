"""What every app shares: the draft kept in the browser with an offer to restore it, one-click
downloads, a status line, reading uploaded files, and languages: the language switch in the
header, the "Export language" choice and the draft-translation notice. Each app subclasses
:class:`AppShell`.

The model keeps everything the user typed; the widgets are only a view of it. Switching the
language therefore builds every widget again in the new language from the model and closes the
old ones; the browser-side helpers (draft store, downloader) and the language switch itself stay.

The draft on the device: each form control gets a stable name with :meth:`AppShell.field`; the
browser journals what is typed into it at once, so nothing depends on the kernel being alive.
Every change writes the model's draft with the names whose values it now holds (the browser then
drops those journal entries). Restore puts back the draft, then the journal; the last visit's work
is removed only once the browser has stored what replaced it. A new person (New assessment …)
removes everything of the app from the browser; drafts older than :data:`DRAFT_DAYS` expire.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from contextlib import contextmanager
from html import escape

import ipywidgets as w

from curriculum import CurriculumError
from curriculum.i18n import _, current_language, ngettext, normalise_language, set_language, use_language

from .browser import BrowserStore, Downloader, FilePicker, PageLanguage, safe_filename
from .catalogue import Catalogue, catalogue
from .controls import A11Y_CSS
from .files import MAX_FILE_BYTES, InputProblem, too_large
from .fonts import FontMissing, replaced_sentence
from .language import draft_note, language_dropdown, language_name, language_options, request_language

log = logging.getLogger(__name__)

DRAFT_DAYS = 14  # a draft left in a browser longer than this is removed when an app opens there
FIELD_CLASS = "tk-field-"  # + a field's path: the browser journals what is typed into that control


def message(text: str, kind: str = "error") -> str:
    return f'<div class="na-{kind}">{escape(text)}</div>' if text else ""


SHELL_CSS = """
<style>
.na-muted { color: #4b5563; font-size: 12px; line-height: 1.35; }
.na-error { color: #b91c1c; font-size: 12px; }
.na-warn { color: #92400e; font-size: 12px; }
.na-ok { color: #166534; font-size: 12px; }
.na-banner { background: #eff6ff; border: 1px solid #93c5fd; padding: 6px 10px; border-radius: 6px; }
.tk-title h2 { margin: 4px 0; }
.tk-language .widget-label { width: auto !important; padding-right: 6px; }
/* Tab titles in full (ipywidgets cuts them at 144 px: "Reviews and agreem"), wrapping on a narrow screen. */
.tk-app .jupyter-widget-tab > .lm-TabBar .lm-TabBar-content { flex-wrap: wrap; }
.tk-app .jupyter-widget-tab > .lm-TabBar .lm-TabBar-tab { flex: 0 0 auto; max-width: none; }
.tk-app .jupyter-widget-tab > .lm-TabBar .lm-TabBar-tabLabel { overflow: visible; }
</style>
"""


def close_tree(widget, keep: tuple = ()) -> None:
    """Close a widget and everything inside it, except the widgets in ``keep``."""
    if any(widget is k for k in keep):
        return
    for child in getattr(widget, "children", ()) or ():
        close_tree(child, keep)
    widget.close()


def file_picker(description: str, tooltip: str = "", css: str = "") -> FilePicker:
    """A button that opens a saved .json file; its label stays as written."""
    picker = FilePicker(
        description=description, tooltip=tooltip or description, accept=".json", max_bytes=MAX_FILE_BYTES
    )
    if css:
        picker.add_class(css)
    return picker


def load_catalogue(lang: str, given: Catalogue | None = None) -> Catalogue:
    """The catalogue in ``lang``: the one an app was given if it is in that language, else the shared one."""
    return given if given is not None and given.language == lang else catalogue(lang)


class AppShell:
    """Subclasses set STORE_KEY and ROOT_CLASS, and implement the model (with draft/restore_draft/
    revision/use_catalogue/has_content/language), _build, _bind, _sync_inputs, _refresh_outputs and
    describe_draft. ``cat`` is the catalogue in the app's language."""

    STORE_KEY = ""
    ROOT_CLASS = ""
    MODEL: type | None = None  # the app's model class, made from the catalogue

    def __init__(self, cat: Catalogue | None = None, lang: str | None = None):
        lang = normalise_language(lang) if lang else (cat.language if cat else request_language())
        self.cat = load_catalogue(lang, cat)
        self.model = self.MODEL(self.cat)
        self._touched: set[str] = set()  # fields the user has edited: only these show 'missing' messages
        self._init_shell(lang)
        self.comparison_html = ""  # the last comparison with an earlier plan (kept across languages)
        self._render()

    def _init_shell(self, lang: str) -> None:
        """The parts that live as long as the app: state, browser helpers, the language switch."""
        self.lang = lang
        set_language(lang)
        self._syncing = False
        self._autosave = False
        self._draft_found = False  # a draft from an earlier visit waits for Restore or Discard
        self.export_language: str | None = None  # None: exports follow the app's language
        self.store = BrowserStore(key=self.STORE_KEY, max_age_days=DRAFT_DAYS)
        self._fields: dict = {}  # path -> the form control the browser journals as tk-field-<path>
        self._acks: dict = {}  # path -> the value the next draft holds (see BrowserStore.keep)
        self._quiet = 0  # > 0 while a draft goes back: no redraw and no autosave per change
        self._forget_after: int | None = None  # the last visit's draft goes once this draft is stored
        self.download = Downloader()
        self.page = PageLanguage(lang=lang)
        self.language_pick = language_dropdown(lang)
        self.root = w.VBox()
        self.root.add_class(self.ROOT_CLASS)
        self.root.add_class("tk-app")
        self._links: list = []  # model <-> widget links of the current widgets (undone when they are rebuilt)
        self.store.observe(self._on_store_ready, names="ready")
        self.store.observe(self._on_saved_at, names=["saved_at", "full", "error"])
        self.store.observe(self._on_written, names="written")
        self.model.observe(self._on_model, names="revision")
        self.language_pick.observe(self._on_language_pick, names="value")

    def link(self, source: tuple, target: tuple, transform=None) -> None:
        """``ipw.link`` a model trait and a widget value, undone when the widgets are rebuilt."""
        self._links.append(w.link(source, target, transform=transform) if transform else w.link(source, target))

    def dlink(self, source: tuple, target: tuple, transform=None) -> None:
        """``ipw.dlink`` from the model to a widget (options, derived state), undone on a rebuild."""
        self._links.append(w.dlink(source, target, transform=transform))

    def _unlink(self) -> None:
        for link in self._links:
            link.unlink()
        self._links = []

    def field(self, widget, path: str, view_only: bool = False):
        """Give a form control the stable name ``path``: the browser journals what is typed into it
        (as ``tk-field-<path>``) even while the kernel is gone, and a restore puts it back. Call it
        before the control's own observers are added. Returns the widget.

        A tab widget (the workshop's steps, the plan's sections) is journalled by the tab chosen.
        ``view_only``: the control changes nothing in the model (the plan's sections), so a change
        stores the draft at once, for the browser to drop its journal entry."""
        widget.add_class(FIELD_CLASS + path)
        self._fields[path] = widget
        name = "selected_index" if isinstance(widget, w.Tab) else "value"
        widget.observe(lambda _change: self._on_field(path, widget, view_only), names=name)
        return widget

    def _on_field(self, path: str, widget, view_only: bool = False) -> None:
        """Remember the value the next draft holds, so the browser can drop what it journalled."""
        lock = getattr(widget, "_property_lock", {})
        if "value" in lock or "index" in lock or "selected_index" in lock:  # typed or chosen in the browser
            if isinstance(widget, w.Tab):
                self._acks[path] = {"i": widget.selected_index}
            else:
                self._acks[path] = {"i": widget.index} if hasattr(widget, "index") else {"v": widget.value}
        else:  # set here (a file, a case study, a restore): it replaces whatever was typed before
            self._acks[path] = {"forced": True}
        if view_only and self._autosave and not self._quiet:
            self._keep()

    def _render(self) -> None:
        """Build every widget in the current language from the model."""
        self._unlink()
        self._fields = {}
        self._build_shell()
        self._build()
        self._bind()
        self._sync_inputs()

    def _build_shell(self) -> None:
        self.language_pick.description = _("Language")
        self.language_pick.tooltip = _("Language of the app")
        self.status = w.HTML()
        self.status.add_class("na-status")
        self.saved = w.HTML()
        self.saved.add_class("tk-saved")
        self.keep_btn = w.Button(
            description=_("Download the draft"), button_style="warning", layout=w.Layout(display="none", width="auto")
        )
        self.keep_btn.add_class("tk-keep-draft")
        self.keep_btn.on_click(self._on_keep)
        self.saved_box = w.HBox([self.saved, self.keep_btn], layout=w.Layout(align_items="center"))
        # What the browser says by itself when the kernel cannot (written here, in the app's language).
        self.store.lost_text = _("The connection to the app was lost. What you typed is kept on this device.")
        # Translators: a button shown when the connection to the app was lost: reload the page.
        self.store.reconnect_label = _("Reconnect")
        self.store.full_text = _("This browser's storage is full, so what you type now is not kept on this device.")
        self._on_saved_at()
        self.restore_msg = w.HTML()
        # Translators: a button: bring back the unsaved work found on this device.
        self.restore_btn = w.Button(description=_("Restore"), button_style="primary")
        # Translators: a button: delete the unsaved work found on this device.
        self.discard_btn = w.Button(description=_("Discard"))
        self.restore_box = w.HBox(
            [self.restore_msg, self.restore_btn, self.discard_btn], layout=w.Layout(display="none")
        )
        self.restore_box.add_class("na-banner")
        self.restore_btn.on_click(self._on_restore)
        self.discard_btn.on_click(self._on_discard)
        if self._draft_found:
            self._show_restore()
        self.draft_line = w.HTML()
        self.draft_line.add_class("tk-draft-note")
        self.export_pick = w.Dropdown(
            options=language_options(),
            value=self.export_language or self.lang,
            description=_("Export language"),
            style={"description_width": "initial"},
            tooltip=_("The language of Word, PDF, HTML and CSV files (the client's language)"),
            layout=w.Layout(width="auto"),
        )
        self.export_pick.add_class("tk-export-language")
        self.export_pick.observe(self._on_export_pick, names="value")
        self._refresh_draft_line()

    def _header(self, title: str, intro_html: str, css: str = "") -> w.VBox:
        """Title and language switch on one line, then the introduction and the draft notice."""
        heading = w.HTML(SHELL_CSS + A11Y_CSS + css + f"<h2>{escape(title)}</h2>")
        heading.add_class("tk-title")
        top = w.HBox(
            [heading, self.language_pick],
            layout=w.Layout(justify_content="space-between", align_items="center", flex_flow="row wrap"),
        )
        return w.VBox([top, w.HTML(f"<p class='na-muted'>{intro_html}</p>"), self.draft_line])

    def _refresh_draft_line(self) -> None:
        """One line when the interface or the export language uses unreviewed translations."""
        note = draft_note(self.lang, self.cat.drafts)
        export_lang = self.export_language
        if not note and export_lang and export_lang != self.lang:
            try:
                note = draft_note(export_lang, load_catalogue(export_lang, self.cat).drafts)
            except CurriculumError:
                note = ""
        self.draft_line.value = message(note, "warn")

    # ---- subclass hooks
    def describe_draft(self, stored: str) -> str:
        """Banner text for a stored draft; raise InputProblem if it cannot be read."""
        raise NotImplementedError

    def _build(self) -> None:
        raise NotImplementedError

    def _bind(self) -> None:
        raise NotImplementedError

    def _sync_inputs(self) -> None:
        raise NotImplementedError

    def _refresh_outputs(self) -> None:
        raise NotImplementedError

    # ---- languages
    def _ensure_language(self) -> None:
        """The kernel's language is the app's (another app in the same kernel may have changed it)."""
        if current_language() != self.lang:
            set_language(self.lang)

    def _on_language_pick(self, change) -> None:
        if not self._syncing and change["new"] != self.lang:
            self.switch_language(change["new"])

    def switch_language(self, lang: str, announce: bool = True) -> None:
        """Show the app in ``lang``: every widget is built again from the model; nothing typed changes.

        ``announce`` says so in the status line (not when the app opens in the language of its address).
        """
        lang = normalise_language(lang)
        try:
            cat = load_catalogue(lang, self.cat)
        except CurriculumError:
            self._syncing = True
            try:
                self.language_pick.value = self.lang
            finally:
                self._syncing = False
            self._say(
                _("The texts in {language} could not be loaded, so the app stays in {current}.").format(
                    language=language_name(lang), current=language_name(self.lang)
                )
            )
            return
        set_language(lang)
        self.lang, self.cat = lang, cat
        self.page.lang = lang
        self.model.use_catalogue(cat)
        if not self.model.has_content():
            self.model.language = lang  # nothing written yet: the content will be in the new language
        old = list(self.root.children)
        if self.language_pick.value != lang:
            self._syncing = True
            try:
                self.language_pick.value = lang
            finally:
                self._syncing = False
        self._render()
        for widget in old:
            close_tree(widget, keep=(self.store, self.download, self.page, self.language_pick))
        if announce:
            done = _("The app is now in {language}. Everything you entered is kept.")
            self._say(done.format(language=language_name(lang)), "ok")

    def _on_export_pick(self, change) -> None:
        if self._syncing:
            return
        self.export_language = None if change["new"] == self.lang else change["new"]
        self._refresh_draft_line()

    def _export_with(self, make):
        """``make(cat)`` in the export language, with the catalogue in that language.

        Returns what ``make`` returns, or None after saying (in the app's language) why not.
        """
        lang = self.export_language or self.lang
        try:
            with use_language(lang):
                return make(load_catalogue(lang, self.cat))
        except FontMissing as exc:
            self._say(str(exc))
        except CurriculumError:
            self._say(
                _(
                    "The texts in {language} could not be loaded, so nothing was exported. Choose another export language."
                ).format(language=language_name(lang))
            )
        except Exception:
            log.exception("An export failed")
            self._say(_("The file could not be made: something unexpected went wrong. Nothing you typed was lost."))
        return None

    def _offer_export(self, filename: str, mime: str, make, done: str) -> None:
        """Make a file in the export language (``make(cat)``), hand it to the browser, say ``done``."""
        self._ensure_language()
        data = self._export_with(make)
        if data is None:
            return
        self.download.offer(filename, data, mime)
        replaced = replaced_sentence(getattr(data, "replaced", ()))  # characters a PDF's font could not show
        self._say(f"{done} {replaced}" if replaced else done, "warn" if replaced else "ok")

    def _save_json(self, model, filename, touched: tuple[str, ...]) -> None:
        """Save ``model`` as JSON; if it cannot be saved, mark ``touched`` fields and say why."""
        self._ensure_language()
        try:
            text = model.to_json()
        except InputProblem as exc:
            self._touched.update(touched)
            self._refresh_outputs()
            self._say(_("Not saved yet: {problems}").format(problems=str(exc)))
            return
        except Exception:
            log.exception("Saving failed")
            self._say(_("Not saved: something unexpected went wrong. Nothing you typed was lost; try again."))
            return
        self.download.offer(filename(), text, "application/json")
        self._say(_("Saved to your device's downloads."), "ok")

    # ---- shared behaviour
    def _say(self, text: str, kind: str = "error") -> None:
        self.status.value = message(text, kind)

    def _guard(self, action) -> None:
        if self._syncing:
            return
        self._ensure_language()
        try:
            action()
        except InputProblem as exc:
            self._say(str(exc))

    def _on_model(self, _change=None) -> None:
        if self._quiet:
            return
        self._ensure_language()
        self._refresh_outputs()
        if self._autosave:
            self._keep()

    def _keep(self, reset: bool = False, wipe: bool = False) -> int:
        """Store the draft in the browser, with the journal entries it now holds; returns its number."""
        acks, self._acks = self._acks, {}
        return self.store.keep(self.model.draft(), ack=acks, reset=reset, wipe=wipe)

    @contextmanager
    def _quietly(self):
        """Many changes as one: no redraw and no autosave until the end (the caller redraws)."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _on_saved_at(self, _change=None) -> None:
        """The line under the toolbar: when the draft was last kept, or that it could not be."""
        full = self.store.full
        if full:
            text = _(
                "This browser's storage is full, so the latest changes are not kept on this device. "
                "Download the draft to keep them."
            )
            self.saved.value = message(text)
        elif self.store.error:  # storage refused for another reason (switched off, private window …)
            self.saved.value = message(
                _("This browser does not let the app keep a draft on this device: save your work as a file.")
            )
        elif self.store.saved_at:
            text = _("Draft kept on this device at {time}.").format(time=self.store.saved_at)
            self.saved.value = message(text, "ok")
        self.keep_btn.layout.display = None if full else "none"

    def _on_written(self, change) -> None:
        """The browser stored a draft: the last visit's draft goes once what replaced it is stored."""
        if self._forget_after is not None and change["new"] >= self._forget_after:
            self._forget_after = None
            self.store.forget += 1

    def _on_keep(self, _button=None) -> None:
        """Storage full: the work as a file, in one click (the saved format when it can be saved)."""
        self._ensure_language()
        try:
            self.model.to_json()
        except Exception:  # not savable yet (a field has a problem): the draft itself, as typed
            stem = safe_filename(self.STORE_KEY.rsplit("/", 1)[-1], "draft", dt.date.today().isoformat())
            self.download.offer(stem + ".json", self.model.draft(), "application/json")
            self._say(_("The draft was downloaded to your device."), "ok")
        else:
            self._on_save()

    def _restore_text(self) -> str:
        """The banner for the work found in the browser: the draft, and what was typed after it."""
        journal = _journal_entries(self.store.journal)
        if not self.store.stored:
            return escape(
                ngettext(
                    "Unsaved changes found on this device: {count} field. Restore them?",
                    "Unsaved changes found on this device: {count} fields. Restore them?",
                    len(journal),
                ).format(count=len(journal))
            )
        text = self.describe_draft(self.store.stored)
        if journal:
            more = ngettext(
                "It includes {count} change made after the last autosave.",
                "It includes {count} changes made after the last autosave.",
                len(journal),
            )
            text += escape(more.format(count=len(journal))) + " "
        return text

    def _show_restore(self) -> None:
        try:
            self.restore_msg.value = self._restore_text()
        except InputProblem:
            self._draft_found = False
            return
        self.restore_box.layout.display = "flex"

    def _on_store_ready(self, change) -> None:
        if not change["new"]:
            return
        if self.store.expired:
            self._say(
                ngettext(
                    "Unsaved work older than {days} day was removed from this device.",
                    "Unsaved work older than {days} days was removed from this device.",
                    DRAFT_DAYS,
                ).format(days=DRAFT_DAYS),
                "warn",
            )
        if self.store.stored or self.store.journal:
            self._draft_found = True
            self._show_restore()
        self._autosave = True
        if self.model.revision:
            self._keep()

    def _apply_journal(self, text: str) -> None:
        """Put back what the browser journalled, oldest first, into the controls it was typed in."""
        for path, entry in sorted(_journal_entries(text).items(), key=lambda item: item[1]["t"]):
            widget = self._fields.get(path)
            if widget is None or getattr(widget, "comm", None) is None:
                continue  # a control that is not on screen any more
            if isinstance(widget, w.Tab):
                if isinstance(entry.get("i"), int) and 0 <= entry["i"] < len(widget.children):
                    widget.selected_index = entry["i"]
            elif "i" in entry and hasattr(widget, "index"):
                labels = list(widget._options_labels)
                i = labels.index(entry.get("l")) if entry.get("l") in labels else entry["i"]
                if isinstance(i, int) and 0 <= i < len(labels):
                    widget.index = i
            elif "v" in entry and hasattr(widget, "options") and not hasattr(widget, "index"):
                if entry["v"] in [option[1] for option in widget.options]:
                    widget.value = entry["v"]
            elif isinstance(entry.get("v"), bool) and isinstance(widget, w.Checkbox):
                widget.value = entry["v"]
            elif isinstance(entry.get("v"), str) and isinstance(widget, w.Text | w.Textarea):
                widget.value = entry["v"]

    def _on_restore(self, _button=None) -> None:
        """The draft, then what was typed after it; the last visit's work is removed from the browser
        only once all of it is on screen and stored again (see _on_written)."""
        self._ensure_language()
        try:
            with self._quietly():
                if self.store.stored:
                    self.model.restore_draft(self.store.stored)
                self._sync_inputs()  # the controls the journal's entries were typed in
                self._apply_journal(self.store.journal)
        except InputProblem as exc:
            self._say(str(exc))
            return
        self._draft_found = False
        self._sync_inputs()
        self.restore_box.layout.display = "none"
        self._forget_after = self._keep(reset=True)
        self._say(_("Your earlier work is back."), "ok")

    def _on_discard(self, _button=None) -> None:
        self._ensure_language()
        self._draft_found = False
        self._forget_after = None
        self.store.forget += 1
        self.store.stored = self.store.journal = ""
        self.restore_box.layout.display = "none"
        self._say(_("The earlier draft was removed from this device."), "ok")

    def _forget_person(self) -> None:
        """A new person (New assessment, New plan, New workshop): nothing of the previous one stays in
        this browser, neither the draft, the journal nor the last visit's work."""
        self._draft_found = False
        self._forget_after = None
        self.restore_box.layout.display = "none"
        self.restore_msg.value = ""
        self.store.stored = ""
        self.store.journal = ""
        self._keep(reset=True, wipe=True)

    def _uploaded(self, upload) -> bytes | None:
        """The chosen file's bytes; None (after saying why, if it was too large) when there is none."""
        if not upload.value:
            return None
        item = upload.value[0]
        if item.get("content") is None:
            self._reset_upload(upload)
            size = item.get("size") if isinstance(item.get("size"), int) else 0
            self._say(too_large(size))
            return None
        return bytes(item["content"])

    def _reset_upload(self, upload) -> None:
        self._syncing = True
        try:
            upload.value = ()
        finally:
            self._syncing = False

    def _confirm_box(self, question: str, on_yes) -> w.HBox:
        yes = w.Button(description=_("Yes, clear"), button_style="danger")
        no = w.Button(description=_("Cancel"))
        removed = _("Everything about this person kept in this browser is removed too.")
        box = w.HBox(
            [w.HTML(f"{escape(question)}<br><span class='na-muted'>{escape(removed)}</span>"), yes, no],
            layout=w.Layout(display="none", align_items="center"),
        )
        yes.on_click(lambda _button: (on_yes(), self._forget_person(), setattr(box.layout, "display", "none")))
        no.on_click(lambda _button: setattr(box.layout, "display", "none"))
        return box

    def _root(self, header, details, toolbar, body) -> w.VBox:
        parts = [header, self.restore_box, details, toolbar, self.confirm_box, self.status, self.saved_box, body]
        self.root.children = parts + [self.store, self.download, self.page]
        return self.root

    def show(self):
        from IPython.display import display

        display(self.root)


def _journal_entries(text: str) -> dict:
    """The browser's journal ({path: {"v" or "i", "l", "t"}}) as far as it can be read."""
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        path: entry
        for path, entry in data.items()
        if isinstance(path, str) and isinstance(entry, dict) and isinstance(entry.get("t"), int | float)
    }
