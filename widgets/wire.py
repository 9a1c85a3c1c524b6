"""A smaller first message from an app's kernel to its page.

When a page opens an app, it asks the kernel for the state of every widget (ipywidgets' control
message ``request_states``). ipywidgets answers with every attribute of every widget, defaults
included, and first computes the whole state once more and throws it away. The workshop app has
about 1,000 widgets, 390 of them layouts that hold only defaults: about 870 KiB for every person
who opens it, made in the kernel and passed through the server. In a workshop of 30 that is the
main wait once the kernels are warm.

:func:`lean_state_requests` answers the same message without the defaults of the standard widgets
(``@jupyter-widgets/base`` and ``@jupyter-widgets/controls``), as ipywidgets' own embedding does
(``embed_minimal_html(drop_defaults=True)``): the page fills them in from the same defaults.
Widgets from other modules (the apps' own anywidget controls) keep their full state.
"""

from __future__ import annotations

STANDARD = ("@jupyter-widgets/base", "@jupyter-widgets/controls")


def state_for_page(widgets) -> dict:
    """model id -> the model's name, module, version and state, as ``update_states`` sends it."""
    out = {}
    for widget in widgets:
        lean = widget._model_module in STANDARD
        out[widget.model_id] = {
            "model_name": widget._model_name,
            "model_module": widget._model_module,
            "model_module_version": widget._model_module_version,
            "state": widget.get_state(drop_defaults=lean),
        }
    return out


def lean_state_requests() -> None:
    """Make this kernel answer ``request_states`` with :func:`state_for_page` (once per kernel)."""
    from ipywidgets.widgets import widget as ipw

    if getattr(ipw.Widget, "_toolkit_lean", False):
        return

    def handle(cls, msg):
        if cls._control_comm is None:
            raise RuntimeError("Control comm has not been properly opened")
        data = msg["content"]["data"]
        if data.get("method") != "request_states":
            return original.__func__(cls, msg)
        states, buffer_paths, buffers = ipw._remove_buffers(state_for_page(list(ipw._instances.values())))
        cls._control_comm.send(
            {"method": "update_states", "states": states, "buffer_paths": buffer_paths}, buffers=buffers
        )

    original = ipw.Widget._handle_control_comm_msg
    ipw.Widget._handle_control_comm_msg = classmethod(handle)
    ipw.Widget._toolkit_lean = True
