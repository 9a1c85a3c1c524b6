"""Accessible controls the apps share (pure Python + a few lines of JavaScript, no text made in JS).

- :class:`ChoiceGroup`: a row of buttons that behaves as one radio group, following the WAI-ARIA
  radio group pattern: one tab stop, arrow keys move and choose, Home/End, the chosen button
  exposed as ``aria-checked`` and shown with a filled background, bold text and a mark (never
  colour alone). It replaces ipywidgets' ToggleButtons, whose buttons are one tab stop each and
  expose no chosen state. Same Python face: ``options`` as ``(label, value)`` pairs, ``value``,
  ``tooltips``; ``label`` names the group for assistive technology.
- :func:`labelled`: gives a control its label (visible by default; ``hidden=True`` keeps it for
  assistive technology only, for compact rows whose column headings are shown once).
- :data:`A11Y_CSS`: visible focus on every control, contrast of coloured buttons, the radio
  group's look, and a layout that fits a 390 px phone without sideways scrolling.
"""

from __future__ import annotations

import anywidget
from traitlets import Any, Bool, List, Unicode, observe

_CHOICES_JS = """
function render({ model, el }) {
  const group = document.createElement("div");
  group.setAttribute("role", "radiogroup");
  group.className = "tk-choices";
  el.appendChild(group);
  const options = () => model.get("options") || [];
  const chosen = () => options().findIndex((o) => o[1] === model.get("value"));
  function draw() {
    const opts = options(), tips = model.get("tooltips") || [], sel = chosen();
    group.setAttribute("aria-label", model.get("label") || "");
    group.setAttribute("aria-disabled", model.get("disabled") ? "true" : "false");
    group.dataset.value = JSON.stringify(model.get("value"));
    const focused = group.contains(document.activeElement) ? document.activeElement.dataset.index : null;
    group.replaceChildren();
    opts.forEach((o, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "tk-choice";
      b.setAttribute("role", "radio");
      b.setAttribute("aria-checked", i === sel ? "true" : "false");
      b.dataset.index = String(i);
      b.textContent = o[0];
      if (tips[i]) b.title = tips[i];
      b.disabled = !!model.get("disabled");
      b.tabIndex = i === (sel >= 0 ? sel : 0) ? 0 : -1;
      // The press keeps the button: if the page moves under the pointer before the release (the app's
      // answer to an earlier choice adds lines above), the click still lands here, not on whatever moved in.
      b.addEventListener("pointerdown", (e) => { try { b.setPointerCapture(e.pointerId); } catch (err) { /* no capture */ } });
      b.addEventListener("click", () => choose(i));
      group.appendChild(b);
    });
    if (focused !== null && group.children[focused]) group.children[focused].focus();
  }
  function choose(i) {
    const opts = options();
    if (i < 0 || i >= opts.length || model.get("disabled")) return;
    model.set("value", opts[i][1]);
    try { model.save_changes(); } catch (e) { /* no kernel: the choice stays on screen and in the device draft */ }
    draw();
    group.children[i].focus();
    // Lets page-level listeners (the device draft) see the change like any form control's.
    group.dispatchEvent(new Event("change", { bubbles: true }));
  }
  group.addEventListener("keydown", (e) => {
    const n = options().length;
    const at = Number(document.activeElement && document.activeElement.dataset.index);
    if (!n || Number.isNaN(at)) return;
    const next = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: n - 1 }[e.key];
    if (next !== undefined) { e.preventDefault(); choose((next + n) % n); }
    else if (e.key === " " || e.key === "Enter") { e.preventDefault(); choose(at); }
  });
  model.on("change:value", draw);
  model.on("change:options", draw);
  model.on("change:tooltips", draw);
  model.on("change:label", draw);
  model.on("change:disabled", draw);
  draw();
}
export default { render };
"""


class ChoiceGroup(anywidget.AnyWidget):
    """One radio group of buttons; ``value`` is the chosen option's value (``None`` allowed)."""

    _esm = _CHOICES_JS
    options = List().tag(sync=True)
    value = Any(None, allow_none=True).tag(sync=True)
    tooltips = List(Unicode()).tag(sync=True)
    label = Unicode("").tag(sync=True)
    disabled = Bool(False).tag(sync=True)

    def __init__(self, options=(), value=None, **kwargs):
        super().__init__(options=[list(o) for o in options], value=value, **kwargs)

    @observe("options")
    def _options_as_pairs(self, change) -> None:
        pairs = [list(o) for o in change["new"]]
        if pairs != change["new"]:
            self.options = pairs
        elif self.value not in [v for _label, v in pairs]:
            self.value = pairs[0][1] if pairs else None


def labelled(widget, text: str, hidden: bool = False):
    """Give ``widget`` the label ``text`` (an ipywidgets description); returns the widget."""
    widget.description = text
    widget.style.description_width = "initial"
    if not widget.tooltip:
        widget.tooltip = text
    if hidden:
        widget.add_class("tk-label-hidden")
    return widget


A11Y_CSS = """
<style>
/* Focus is always visible: a thick dark ring with a light halo, on every control. */
.tk-app :is(button, input, select, textarea, summary, a, [tabindex]):focus-visible {
  outline: 3px solid #1d4ed8 !important; outline-offset: 2px; box-shadow: 0 0 0 5px #ffffff;
}
/* Coloured buttons with text at 4.5:1 or more (ipywidgets' green is 4.1:1 with white). */
.tk-app .jupyter-button.mod-success { background-color: #1b5e20; color: #ffffff; }
.tk-app .jupyter-button.mod-warning { background-color: #8a4b00; color: #ffffff; }
.tk-app .jupyter-button.mod-danger { background-color: #b71c1c; color: #ffffff; }
.tk-app .jupyter-button.mod-info { background-color: #01579b; color: #ffffff; }
/* Tab titles at 4.5:1 or more (ipywidgets' grey on grey is 4.45:1). */
.tk-app .lm-TabBar-tab { color: #1f2937 !important; }
.tk-app .lm-TabBar-tab .lm-TabBar-tabLabel { color: inherit !important; }
/* A label kept for assistive technology only (compact rows with headings shown once). */
.tk-label-hidden > label.widget-label {
  position: absolute !important; width: 1px !important; height: 1px !important; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; padding: 0 !important; margin: -1px;
}
/* The radio group of buttons: the chosen one filled, bold and marked, not by colour alone. */
.tk-choices { display: inline-flex; flex-wrap: wrap; gap: 2px; }
.tk-choice { min-width: 34px; min-height: 32px; padding: 2px 8px; border: 1px solid #6b7280;
  background: #ffffff; color: #111827; border-radius: 4px; font: inherit; cursor: pointer; }
.tk-choice:hover { background: #e5e7eb; }
.tk-choice[aria-checked="true"] { background: #1e3a8a; border-color: #1e3a8a; color: #ffffff; font-weight: 700;
  text-decoration: underline; text-underline-offset: 3px; }
.tk-choice:disabled { opacity: 0.6; cursor: default; }
/* Boxes grow with what they hold: no scroll box inside the page (ipywidgets' boxes scroll). */
.tk-app .widget-box { overflow: visible !important; }
.tk-app .widget-box.widget-hbox, .tk-app .widget-inline-hbox { height: auto !important; }
/* A 390 px phone: controls wrap, nothing is wider than the screen, no scroll box inside the page. */
@media (max-width: 600px) {
  .tk-app .widget-hbox, .tk-app .widget-gridbox { flex-wrap: wrap !important; }
  .tk-app .widget-inline-hbox { flex-wrap: wrap; max-width: 100%; }
  .tk-app .widget-inline-hbox label.widget-label { max-width: 100%; }
  .tk-app .widget-text, .tk-app .widget-textarea, .tk-app .widget-dropdown, .tk-app .widget-button {
    max-width: 100% !important; }
  .tk-app input, .tk-app select, .tk-app textarea { max-width: 100%; min-width: 0; }
  .tk-app .widget-gridbox { grid-template-columns: 1fr !important; }
  #rendered_cells, .jp-Cell, .jp-OutputArea-output { padding-left: 0 !important; padding-right: 0 !important; }
}
</style>
"""
