"""Small browser-side helpers (anywidget, pure Python + a few lines of JavaScript).

- :class:`BrowserStore` keeps an app's draft in the user's own browser (localStorage), so work
  survives a page reload or a lost kernel and never sits on the server: the browser journals what is
  typed as it is typed, says in words when the connection is lost, and expires old drafts.
- :class:`Downloader` hands a file to the browser in one click (save, Word, PDF, CSV).
- :class:`PageLanguage` tells the page which language the app is in.
- :class:`FilePicker` opens a file from the user's device: a button whose label stays as written
  (ipywidgets' FileUpload adds a count, "Open (0)", that reads as if nothing was opened).

No text for people is made in JavaScript: messages are written in Python, in the app's language.
"""

from __future__ import annotations

import base64

import anywidget
from traitlets import Bool, Dict, Int, Tuple, Unicode

_STORE_JS = """
// The draft in this browser (localStorage), written here so that nothing typed depends on the kernel.
//   KEY               the kernel's latest draft: {"format": 2, "saved": ms, "draft": "..."}
//   KEY:journal       what was typed and the kernel has not confirmed: {"format": 2, "saved": ms, "entries": {}}
//   KEY:previous(…)   the same two from the last visit, offered back until Restore or Discard
// Format 1 (before the journal) kept the draft itself under KEY, with no time: it still restores.
const FORMAT = 2;
const FIELD = "tk-field-";

function isQuota(e) {
  return !!e && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED" || e.code === 22 || e.code === 1014);
}

function render({ model, el }) {
  el.style.display = "none";
  let ls = null;
  try { ls = window.localStorage; } catch (e) { /* storage switched off: every write says so below */ }
  const key = model.get("key");
  const keys = { draft: key, journal: key + ":journal", oldDraft: key + ":previous", oldJournal: key + ":previous:journal" };
  let entries = {};  // field path -> {v: value} or {i: index, l: label}, with t: when
  let lost = false;
  let full = false;

  // ---- the bar that says, in the app's words, what the kernel cannot say any more
  const bar = document.createElement("div");
  bar.className = "tk-store-bar";
  bar.setAttribute("role", "alert");
  bar.style.cssText = "display:none;position:fixed;top:0;left:0;right:0;z-index:10000;padding:8px 12px;" +
    "background:#fef2f2;border-bottom:2px solid #b91c1c;color:#7f1d1d;font:14px/1.4 sans-serif;";
  const words = document.createElement("span");
  const again = document.createElement("button");
  again.type = "button";
  again.className = "tk-reconnect";
  again.style.cssText = "margin-left:12px;padding:3px 10px;font:inherit;cursor:pointer;";
  again.addEventListener("click", () => window.location.reload());
  bar.append(words, again);
  document.body.appendChild(bar);
  const showBar = () => {
    if (!lost) { bar.style.display = "none"; return; }
    words.textContent = model.get("lost_text") + (full ? " " + model.get("full_text") : "");
    again.textContent = model.get("reconnect_label");
    bar.style.display = "block";
  };
  const loseConnection = () => { if (!lost) { lost = true; showBar(); } };

  const tell = (changes) => {
    if (lost) return;
    try { for (const [name, value] of Object.entries(changes)) { model.set(name, value); } model.save_changes(); } catch (e) { /* no kernel */ }
  };
  let failed = false;
  const put = (k, value) => {
    try {
      ls.setItem(k, value);
      if (full) { full = false; tell({ full: false }); showBar(); }
      if (failed) { failed = false; tell({ error: "" }); }
      return true;
    } catch (e) {
      if (isQuota(e)) { if (!full) { full = true; tell({ full: true }); showBar(); } }
      else if (!failed) { failed = true; tell({ error: String(e) || "error" }); }
      return false;
    }
  };
  const drop = (k) => { try { ls.removeItem(k); } catch (e) { /* nothing to drop */ } };
  const read = (k) => { try { return ls.getItem(k); } catch (e) { return null; } };
  const parse = (text) => { try { return JSON.parse(text); } catch (e) { return null; } };

  // ---- at load: last visit's work moves aside, old work expires, what is left is offered back
  let found = "", journal = "", expired = false;
  try {
    // (The older copy goes first, to make room; if the storage is too full to move, the work stays where it is.)
    const move = (from, to) => { const v = read(from); drop(to); if (v !== null && put(to, v)) drop(from); };
    if (read(keys.draft) !== null || read(keys.journal) !== null) {
      move(keys.draft, keys.oldDraft);
      move(keys.journal, keys.oldJournal);
    }
    const draftText = read(keys.oldDraft) ?? read(keys.draft);
    const journalText = read(keys.oldJournal) ?? read(keys.journal);
    let draft = null, saved = 0;
    if (draftText) {
      const v = parse(draftText);
      if (v && v.format === FORMAT && typeof v.draft === "string") { draft = v.draft; saved = v.saved || 0; }
      else { draft = draftText; saved = Date.now(); put(keys.oldDraft, JSON.stringify({ format: FORMAT, saved, draft })); }
    }
    const j = journalText ? parse(journalText) : null;
    const jEntries = j && j.format === FORMAT && j.entries && typeof j.entries === "object" ? j.entries : {};
    if (j) { saved = Math.max(saved, j.saved || 0); }
    const maxAge = model.get("max_age_days") * 86400000;
    if ((draft || Object.keys(jEntries).length) && Date.now() - saved > maxAge) {
      for (const k of Object.values(keys)) { drop(k); }
      expired = true;
    } else {
      found = draft || "";
      journal = Object.keys(jEntries).length ? JSON.stringify(jEntries) : "";
    }
  } catch (e) { model.set("error", String(e)); }
  model.set("stored", found);
  model.set("journal", journal);
  model.set("expired", expired);
  model.set("ready", true);
  model.save_changes();

  // ---- every change typed is journalled here at once, kernel or not
  const writeJournal = () => {
    if (Object.keys(entries).length) {
      put(keys.journal, JSON.stringify({ format: FORMAT, saved: Date.now(), entries }));
    } else { drop(keys.journal); }
  };
  const fieldOf = (node) => {
    const box = node && node.closest ? node.closest("[class*='" + FIELD + "']") : null;
    if (!box) return null;
    for (const c of box.classList) { if (c.startsWith(FIELD)) return [c.slice(FIELD.length), box]; }
    return null;
  };
  const record = (event) => {
    const app = el.closest(".tk-app");
    const target = event.target;
    if (!app || !target || !app.contains(target)) return;
    const found = fieldOf(target);
    if (!found) return;
    const [path, box] = found;
    if (box.classList.contains("jupyter-widget-tab")) {
      // A tab widget (steps, sections): the tab now chosen in its own bar, once the bar has handled the event.
      const bar = target.closest(".lm-TabBar");
      if (!bar || bar.parentElement !== box) return;
      setTimeout(() => {
        const tabs = [...bar.querySelectorAll(".lm-TabBar-tab")];
        const i = tabs.findIndex((t) => t.classList.contains("lm-mod-current"));
        if (i < 0) return;
        entries[path] = { i, l: tabs[i].textContent, t: Date.now() };
        writeJournal();
      }, 0);
      return;
    }
    if (event.type === "keyup") return;
    let entry = null;
    const tag = target.tagName;
    if (event.type === "click") {
      const button = target.closest("button");
      if (!button || !box.classList.contains("widget-toggle-buttons")) return;
      const buttons = [...box.querySelectorAll("button")];
      entry = { i: buttons.indexOf(button), l: button.textContent };
    } else if (target.getAttribute("role") === "radiogroup") {
      entry = { v: parse(target.dataset.value || "null") };  // widgets.controls.ChoiceGroup
    } else if (tag === "SELECT") {
      entry = { i: target.selectedIndex, l: target.value };
    } else if (tag === "INPUT" && target.type === "checkbox") {
      entry = { v: target.checked };
    } else if (tag === "TEXTAREA" || tag === "INPUT") {
      entry = { v: target.value };
    }
    if (!entry) return;
    entry.t = Date.now();
    entries[path] = entry;
    writeJournal();
  };
  const EVENTS = ["input", "change", "click", "keyup"];  // keyup: a tab chosen with the keyboard
  for (const type of EVENTS) { document.addEventListener(type, record); }

  // ---- the kernel's draft, and which journal entries it now holds
  model.on("change:write", () => {
    const w = model.get("write") || {};
    if (w.wipe) { for (const k of Object.values(keys)) { drop(k); } entries = {}; }
    if (w.reset) { entries = {}; }
    for (const [path, held] of Object.entries(w.ack || {})) {
      const e = entries[path];
      if (e && (held.forced || ("v" in held ? held.v === e.v : held.i === e.i))) { delete entries[path]; }
    }
    const ok = typeof w.draft === "string" && w.draft
      ? put(keys.draft, JSON.stringify({ format: FORMAT, saved: Date.now(), draft: w.draft }))
      : (drop(keys.draft), true);
    writeJournal();
    if (ok) {
      let lang = document.documentElement.lang || undefined, time;
      try { time = new Date().toLocaleTimeString(lang); } catch (e) { time = new Date().toLocaleTimeString(); }
      tell({ saved_at: time, written: w.n || 0 });
    }
  });
  model.on("change:forget", () => { drop(keys.oldDraft); drop(keys.oldJournal); });
  for (const name of ["lost_text", "reconnect_label", "full_text"]) { model.on("change:" + name, showBar); }

  // ---- a lost kernel or connection is said in words, with a way back
  const watch = new MutationObserver(() => {
    if (el.classList.contains("jupyter-widgets-disconnected")) loseConnection();
  });
  watch.observe(el, { attributes: true, attributeFilter: ["class"] });
  const kernel = model.widget_manager && model.widget_manager.kernel;
  const onStatus = (_k, status) => {
    if (["dead", "restarting", "autorestarting", "terminating"].includes(status)) loseConnection();
  };
  // The server itself gone (a restart): the page keeps trying to reconnect; after a few seconds, say so.
  let retrying = null;
  const onConnection = (_k, status) => {
    if (status === "disconnected") loseConnection();
    if (status === "connecting" && retrying === null) { retrying = setTimeout(loseConnection, 5000); }
    if (status === "connected" && retrying !== null) { clearTimeout(retrying); retrying = null; }
  };
  if (kernel && kernel.statusChanged) kernel.statusChanged.connect(onStatus);
  if (kernel && kernel.connectionStatusChanged) kernel.connectionStatusChanged.connect(onConnection);

  return () => {
    for (const type of EVENTS) { document.removeEventListener(type, record); }
    watch.disconnect();
    if (retrying !== null) clearTimeout(retrying);
    if (kernel && kernel.statusChanged) kernel.statusChanged.disconnect(onStatus);
    if (kernel && kernel.connectionStatusChanged) kernel.connectionStatusChanged.disconnect(onConnection);
    bar.remove();
  };
}
export default { render };
"""

_DOWNLOAD_JS = """
function render({ model, el }) {
  el.style.display = "none";
  model.on("msg:custom", (msg) => {
    if (!msg || msg.type !== "download") return;
    const bytes = Uint8Array.from(atob(msg.b64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: msg.mime }));
    const a = document.createElement("a");
    a.href = url;
    a.download = msg.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  });
}
export default { render };
"""


_PAGE_LANGUAGE_JS = """
function render({ model, el }) {
  el.style.display = "none";
  const apply = () => {
    const lang = model.get("lang");
    if (lang) { document.documentElement.lang = lang; }
  };
  apply();
  model.on("change:lang", apply);
}
export default { render };
"""


class PageLanguage(anywidget.AnyWidget):
    """Sets the page's ``lang`` attribute to the app's language (screen readers, fonts, times)."""

    _esm = _PAGE_LANGUAGE_JS
    lang = Unicode("en").tag(sync=True)


class BrowserStore(anywidget.AnyWidget):
    """The app's draft in this browser. The browser journals every change typed into a control
    tagged ``tk-field-<path>`` at once, so what is typed while the kernel is gone is kept; the kernel
    writes its draft with :meth:`keep`, which also says which journal entries the draft now holds.
    Words for the page (``lost_text`` …) are set in Python, in the app's language."""

    _esm = _STORE_JS
    key = Unicode("").tag(sync=True)
    max_age_days = Int(14).tag(sync=True)  # older drafts are removed when the page opens
    # browser -> kernel: what the page found when it opened
    stored = Unicode("").tag(sync=True)  # the last visit's draft ("" for none)
    journal = Unicode("").tag(sync=True)  # the last visit's journal: {path: entry} as JSON ("" for none)
    expired = Bool(False).tag(sync=True)  # a draft older than max_age_days was removed
    ready = Bool(False).tag(sync=True)
    # kernel -> browser
    write = Dict().tag(sync=True)  # {"n", "draft", "ack", "reset", "wipe"}; see keep()
    forget = Int(0).tag(sync=True)  # bump to remove the last visit's draft and journal
    lost_text = Unicode("").tag(sync=True)
    reconnect_label = Unicode("").tag(sync=True)
    full_text = Unicode("").tag(sync=True)
    # browser -> kernel: how the writing went
    written = Int(0).tag(sync=True)  # the ``n`` of the last draft stored
    saved_at = Unicode("").tag(sync=True)
    full = Bool(False).tag(sync=True)  # the browser's storage is full: the latest changes are not kept
    error = Unicode("").tag(sync=True)

    def keep(self, draft: str, ack: dict | None = None, reset: bool = False, wipe: bool = False) -> int:
        """Store ``draft`` in the browser; returns its number (``written`` reaches it once stored).

        ``ack``: {path: {"v" or "i": value}} for fields whose value the draft holds (their journal
        entries go when they match; ``{"forced": True}`` drops them). ``reset`` empties the journal;
        ``wipe`` first removes everything this app keeps in the browser, the last visit's work too.
        """
        n = (self.write.get("n") or 0) + 1
        self.write = {"n": n, "draft": draft, "ack": ack or {}, "reset": reset, "wipe": wipe}
        return n


class Downloader(anywidget.AnyWidget):
    _esm = _DOWNLOAD_JS

    def offer(self, name: str, data: bytes | str, mime: str) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self.send({"type": "download", "name": name, "mime": mime, "b64": base64.b64encode(raw).decode("ascii")})


_PICKER_JS = """
function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "jupyter-widgets jupyter-button widget-button tk-file-button";
  const input = document.createElement("input");
  input.type = "file";
  input.hidden = true;
  input.tabIndex = -1;
  const apply = () => {
    button.textContent = model.get("description");
    button.title = model.get("tooltip") || "";
    button.disabled = model.get("disabled");
    input.accept = model.get("accept");
  };
  apply();
  for (const name of ["description", "tooltip", "disabled", "accept"]) { model.on("change:" + name, apply); }
  button.addEventListener("click", () => { input.value = ""; input.click(); });
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    if (!file) return;
    if (file.size > model.get("max_bytes")) {
      // Too large: not read and not sent (a message that large would break the connection); the
      // kernel only hears the name and size, and says the limit in words.
      const n = ((model.get("refused") || {}).n || 0) + 1;
      model.set("refused", { name: file.name, size: file.size, n });
      model.save_changes();
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const bytes = new Uint8Array(reader.result);
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      }
      model.send({ type: "file", name: file.name, size: file.size, b64: btoa(binary) });
    };
    reader.readAsArrayBuffer(file);
  });
  el.appendChild(button);
  el.appendChild(input);
}
export default { render };
"""


class FilePicker(anywidget.AnyWidget):
    """A button that opens one file from the user's device and hands it to the kernel.

    ``value`` has the shape of ipywidgets' FileUpload value, ``({"name", "size", "content"},)``;
    ``content`` is None when the file is larger than ``max_bytes``: the browser then checks the size
    before reading anything and reports only the name and size (``refused``), however large the file.
    """

    _esm = _PICKER_JS
    description = Unicode("").tag(sync=True)
    tooltip = Unicode("").tag(sync=True)
    accept = Unicode("").tag(sync=True)
    disabled = Bool(False).tag(sync=True)
    max_bytes = Int(2_000_000).tag(sync=True)
    refused = Dict().tag(sync=True)  # browser -> kernel: {"name", "size", "n"} of a file over max_bytes
    value = Tuple()  # kernel side only

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._on_file)
        self.observe(self._on_refused, names="refused")

    def _on_refused(self, change) -> None:
        item = change["new"] or {}
        if not item:
            return
        size = item.get("size") if isinstance(item.get("size"), int) else 0
        self.value = ({"name": str(item.get("name") or ""), "size": size, "content": None},)

    def _on_file(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict) or content.get("type") != "file":
            return
        size = content.get("size") if isinstance(content.get("size"), int) else 0
        data = None
        if isinstance(content.get("b64"), str):
            try:
                data = memoryview(base64.b64decode(content["b64"], validate=True))
            except ValueError:
                data = memoryview(b"")  # unreadable: opening it says the file is not readable
        self.value = ({"name": str(content.get("name") or ""), "size": size, "content": data},)


def safe_filename(*parts: str) -> str:
    import re

    stem = "-".join(p for p in parts if p)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "file"
    return stem[:80]
