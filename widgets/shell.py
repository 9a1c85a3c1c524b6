"""What every app shares: the draft kept in the browser with an offer to restore it, one-click
downloads, a status line, reading uploaded files, and languages: the language switch in the
header, the "Export language" choice and the draft-translation notice. Each app subclasses
:class:`AppShell`.

The model keeps everything the user typed; the widgets are only a view of it. Switching the
language therefore builds every widget again in the new language from the model and closes the
old ones; the browser-side helpers (draft store, downloader) and the language switch itself stay.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from curriculum import CurriculumError
from curriculum.i18n import _, current_language, normalise_language, set_language, use_language

from .browser import BrowserStore, Downloader, FilePicker, PageLanguage
from .catalogue import Catalogue, catalogue
from .files import MAX_FILE_BYTES, InputProblem
from .fonts import FontMissing
from .language import draft_note, language_dropdown, language_name, language_options


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

    def _init_shell(self, lang: str) -> None:
        """The parts that live as long as the app: state, browser helpers, the language switch."""
        self.lang = lang
        set_language(lang)
        self._syncing = False
        self._autosave = False
        self._draft_found = False  # a draft from an earlier visit waits for Restore or Discard
        self.export_language: str | None = None  # None: exports follow the app's language
        self.store = BrowserStore(key=self.STORE_KEY)
        self.download = Downloader()
        self.page = PageLanguage(lang=lang)
        self.language_pick = language_dropdown(lang)
        self.root = w.VBox()
        self.root.add_class(self.ROOT_CLASS)
        self.root.add_class("tk-app")
        self._links: list = []  # model <-> widget links of the current widgets (undone when they are rebuilt)
        self.store.observe(self._on_store_ready, names="ready")
        self.store.observe(self._on_saved_at, names="saved_at")
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

    def _render(self) -> None:
        """Build every widget in the current language from the model."""
        self._unlink()
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
        self._on_saved_at({"new": self.store.saved_at})
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
        heading = w.HTML(SHELL_CSS + css + f"<h2>{escape(title)}</h2>")
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
        return None

    def _offer_export(self, filename: str, mime: str, make, done: str) -> None:
        """Make a file in the export language (``make(cat)``), hand it to the browser, say ``done``."""
        self._ensure_language()
        data = self._export_with(make)
        if data is None:
            return
        self.download.offer(filename, data, mime)
        self._say(done, "ok")

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
        self._ensure_language()
        self._refresh_outputs()
        if self._autosave:
            self.store.draft = self.model.draft()

    def _on_saved_at(self, change) -> None:
        if change["new"]:
            self.saved.value = message(_("Draft kept on this device at {time}.").format(time=change["new"]), "ok")

    def _show_restore(self) -> None:
        try:
            self.restore_msg.value = self.describe_draft(self.store.stored)
        except InputProblem:
            self._draft_found = False
            return
        self.restore_box.layout.display = "flex"

    def _on_store_ready(self, change) -> None:
        if not change["new"]:
            return
        if self.store.stored:
            self._draft_found = True
            self._show_restore()
        self._autosave = True
        if self.model.revision:
            self.store.draft = self.model.draft()

    def _on_restore(self, _button=None) -> None:
        self._ensure_language()
        try:
            self.model.restore_draft(self.store.stored)
        except InputProblem as exc:
            self._say(str(exc))
            return
        self._draft_found = False
        self._sync_inputs()
        self.restore_box.layout.display = "none"
        self.store.forget += 1
        self._say(_("Your earlier work is back."), "ok")

    def _on_discard(self, _button=None) -> None:
        self._ensure_language()
        self._draft_found = False
        self.store.forget += 1
        self.restore_box.layout.display = "none"
        self._say(_("The earlier draft was removed from this device."), "ok")

    def _uploaded(self, upload) -> bytes | None:
        """The chosen file's bytes; None (after saying why, if it was too large) when there is none."""
        if not upload.value:
            return None
        item = upload.value[0]
        if item.get("content") is None:
            self._reset_upload(upload)
            size = item.get("size") if isinstance(item.get("size"), int) else 0
            self._say(_("This file is too large to open here ({size} kB).").format(size=size // 1000))
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
        box = w.HBox([w.HTML(escape(question)), yes, no], layout=w.Layout(display="none"))
        yes.on_click(lambda _button: (on_yes(), setattr(box.layout, "display", "none")))
        no.on_click(lambda _button: setattr(box.layout, "display", "none"))
        return box

    def _root(self, header, details, toolbar, body) -> w.VBox:
        parts = [header, self.restore_box, details, toolbar, self.confirm_box, self.status, self.saved, body]
        self.root.children = parts + [self.store, self.download, self.page]
        return self.root

    def show(self):
        from IPython.display import display

        display(self.root)
