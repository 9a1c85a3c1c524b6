"""Small browser-side helpers (anywidget, pure Python + a few lines of JavaScript).

- :class:`BrowserStore` keeps an app's draft in the user's own browser (localStorage), so work
  survives a page reload or a kernel restart and never sits on the server.
- :class:`Downloader` hands a file to the browser in one click (save, Word, PDF, CSV).
- :class:`PageLanguage` tells the page which language the app is in.

No text for people is made in JavaScript: messages are written in Python, in the app's language.
"""

from __future__ import annotations

import base64

import anywidget
from traitlets import Bool, Int, Unicode

_STORE_JS = """
function render({ model, el }) {
  el.style.display = "none";
  const key = model.get("key");
  const previous = key + ":previous";
  let found = null;
  try {
    // Work from the last visit moves aside, so new typing can never overwrite it.
    found = window.localStorage.getItem(key) || window.localStorage.getItem(previous);
    if (window.localStorage.getItem(key)) {
      window.localStorage.setItem(previous, window.localStorage.getItem(key));
      window.localStorage.removeItem(key);
    }
  } catch (e) { model.set("error", String(e)); }
  model.set("stored", found || "");
  model.set("ready", true);
  model.save_changes();
  model.on("change:draft", () => {
    try {
      const v = model.get("draft");
      if (v) { window.localStorage.setItem(key, v); } else { window.localStorage.removeItem(key); }
      let lang = document.documentElement.lang || undefined;
      let time;
      try { time = new Date().toLocaleTimeString(lang); } catch (e) { time = new Date().toLocaleTimeString(); }
      model.set("saved_at", time);
    } catch (e) { model.set("error", String(e)); }
    model.save_changes();
  });
  model.on("change:forget", () => {
    try { window.localStorage.removeItem(previous); } catch (e) { /* nothing to forget */ }
  });
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
    _esm = _STORE_JS
    key = Unicode("").tag(sync=True)
    stored = Unicode("").tag(sync=True)  # browser -> kernel: the draft found when the page opened
    ready = Bool(False).tag(sync=True)
    draft = Unicode("").tag(sync=True)  # kernel -> browser: the current draft ("" forgets it)
    forget = Int(0).tag(sync=True)  # kernel -> browser: bump to drop the earlier draft
    saved_at = Unicode("").tag(sync=True)
    error = Unicode("").tag(sync=True)


class Downloader(anywidget.AnyWidget):
    _esm = _DOWNLOAD_JS

    def offer(self, name: str, data: bytes | str, mime: str) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self.send({"type": "download", "name": name, "mime": mime, "b64": base64.b64encode(raw).decode("ascii")})


def safe_filename(*parts: str) -> str:
    import re

    stem = "-".join(p for p in parts if p)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "file"
    return stem[:80]
