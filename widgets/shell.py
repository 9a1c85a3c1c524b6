"""What every app shares: the draft kept in the browser with an offer to restore it, one-click
downloads, a status line, and reading uploaded files. Each app subclasses :class:`AppShell`."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from .browser import BrowserStore, Downloader
from .files import InputProblem


def message(text: str, kind: str = "error") -> str:
    return f'<div class="na-{kind}">{escape(text)}</div>' if text else ""


SHELL_CSS = """
<style>
.na-muted { color: #4b5563; font-size: 12px; line-height: 1.35; }
.na-error { color: #b91c1c; font-size: 12px; }
.na-warn { color: #92400e; font-size: 12px; }
.na-ok { color: #166534; font-size: 12px; }
.na-banner { background: #eff6ff; border: 1px solid #93c5fd; padding: 6px 10px; border-radius: 6px; }
</style>
"""


class AppShell:
    """Subclasses set STORE_KEY and implement model (with draft/restore_draft/revision), _sync_inputs,
    _refresh_outputs and describe_draft."""

    STORE_KEY = ""

    def _init_shell(self) -> None:
        self._syncing = False
        self._autosave = False
        self.store = BrowserStore(key=self.STORE_KEY)
        self.download = Downloader()
        self.status = w.HTML()
        self.status.add_class("na-status")
        self.saved = w.HTML()
        self.restore_msg = w.HTML()
        self.restore_btn = w.Button(description="Restore", button_style="primary")
        self.discard_btn = w.Button(description="Discard")
        self.restore_box = w.HBox(
            [self.restore_msg, self.restore_btn, self.discard_btn], layout=w.Layout(display="none")
        )
        self.restore_box.add_class("na-banner")
        self.restore_btn.on_click(self._on_restore)
        self.discard_btn.on_click(self._on_discard)
        self.store.observe(self._on_store_ready, names="ready")
        self.store.observe(
            lambda ch: setattr(self.saved, "value", message(f"Draft kept on this device at {ch['new']}.", "ok")),
            names="saved_at",
        )
        self.model.observe(self._on_model, names="revision")

    # ---- subclass hooks
    def describe_draft(self, stored: str) -> str:
        """Banner text for a stored draft; raise InputProblem if it cannot be read."""
        raise NotImplementedError

    def _sync_inputs(self) -> None:
        raise NotImplementedError

    def _refresh_outputs(self) -> None:
        raise NotImplementedError

    # ---- shared behaviour
    def _say(self, text: str, kind: str = "error") -> None:
        self.status.value = message(text, kind)

    def _guard(self, action) -> None:
        if self._syncing:
            return
        try:
            action()
        except InputProblem as exc:
            self._say(str(exc))

    def _on_model(self, _change=None) -> None:
        self._refresh_outputs()
        if self._autosave:
            self.store.draft = self.model.draft()

    def _on_store_ready(self, change) -> None:
        if not change["new"]:
            return
        if self.store.stored:
            try:
                self.restore_msg.value = self.describe_draft(self.store.stored)
                self.restore_box.layout.display = "flex"
            except InputProblem:
                pass
        self._autosave = True
        if self.model.revision:
            self.store.draft = self.model.draft()

    def _on_restore(self, _=None) -> None:
        try:
            self.model.restore_draft(self.store.stored)
        except InputProblem as exc:
            self._say(str(exc))
            return
        self._sync_inputs()
        self.restore_box.layout.display = "none"
        self.store.forget += 1
        self._say("Your earlier work is back.", "ok")

    def _on_discard(self, _=None) -> None:
        self.store.forget += 1
        self.restore_box.layout.display = "none"
        self._say("The earlier draft was removed from this device.", "ok")

    @staticmethod
    def _uploaded(upload) -> bytes | None:
        if not upload.value:
            return None
        return bytes(upload.value[0]["content"])

    def _reset_upload(self, upload) -> None:
        self._syncing = True
        try:
            upload.value = ()
        finally:
            self._syncing = False

    def _confirm_box(self, question: str, on_yes) -> w.HBox:
        yes, no = w.Button(description="Yes, clear", button_style="danger"), w.Button(description="Cancel")
        box = w.HBox([w.HTML(question), yes, no], layout=w.Layout(display="none"))
        yes.on_click(lambda _: (on_yes(), setattr(box.layout, "display", "none")))
        no.on_click(lambda _: setattr(box.layout, "display", "none"))
        return box

    def _root(self, css_class: str, header, details, toolbar, body) -> w.VBox:
        parts = [header, self.restore_box, details, toolbar, self.confirm_box, self.status, self.saved, body]
        root = w.VBox(parts + [self.store, self.download])
        root.add_class(css_class)
        return root

    def show(self):
        from IPython.display import display

        display(self.root)
