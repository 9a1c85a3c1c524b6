"""Small browser-side helpers (anywidget, pure Python + a few lines of JavaScript).

- :class:`BrowserStore` keeps an app's draft in the user's own browser (localStorage), so work
  survives a page reload or a kernel restart and never sits on the server.
- :class:`Downloader` hands a file to the browser in one click (save, Word, PDF, CSV).
- :class:`PageLanguage` tells the page which language the app is in.
- :class:`FilePicker` opens a file from the user's device: a button whose label stays as written
  (ipywidgets' FileUpload adds a count, "Open (0)", that reads as if nothing was opened).

No text for people is made in JavaScript: messages are written in Python, in the app's language.
"""

from __future__ import annotations

import base64

import anywidget
from traitlets import Bool, Int, Tuple, Unicode

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
      model.send({ type: "file", name: file.name, size: file.size, b64: null });
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
    ``content`` is None when the file is larger than ``max_bytes`` (it is then not read at all).
    """

    _esm = _PICKER_JS
    description = Unicode("").tag(sync=True)
    tooltip = Unicode("").tag(sync=True)
    accept = Unicode("").tag(sync=True)
    disabled = Bool(False).tag(sync=True)
    max_bytes = Int(2_000_000).tag(sync=True)
    value = Tuple()  # kernel side only

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._on_file)

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
