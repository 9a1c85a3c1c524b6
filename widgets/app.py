"""Start an app in a notebook or Voila, in the language of the page address, turning start-up
problems into a plain message."""

from __future__ import annotations

import os
from html import escape


def preheating() -> bool:
    """Whether this is a Voila kernel started ahead of time, before anyone opened the page."""
    return os.environ.get("VOILA_PREHEAT", "False") != "False"


def preheat_language() -> str:
    """The language a preheated kernel builds its app in: the serve command's ``--lang`` (a workshop
    in Czech warms Czech apps), else English."""
    from curriculum.i18n import normalise_language

    return normalise_language(os.environ.get("TOOLKIT_PREHEAT_LANG") or "en")


def mark_ready() -> None:
    """Tell the serve command that this preheated kernel's app is built and waiting for a person:
    a file named after the kernel's id in ``$TOOLKIT_READY_DIR`` (see widgets.workshop)."""
    folder = os.environ.get("TOOLKIT_READY_DIR")
    if not folder:
        return
    try:
        from ipykernel.connect import get_connection_file

        name = os.path.basename(get_connection_file())  # kernel-<id>.json
        kernel_id = name.removeprefix("kernel-").removesuffix(".json")
        with open(os.path.join(folder, kernel_id), "w") as f:
            f.write(str(os.getpid()))
    except Exception:  # not in a kernel, or the folder is gone: the pool still works, unannounced
        pass


def _start(factory, lang: str):
    """``factory(lang=lang)``, or None after showing why the app cannot start."""
    from IPython.display import HTML, display

    from curriculum import CurriculumError
    from curriculum.i18n import _, set_language

    from .language import language_name

    set_language(lang)
    try:
        try:
            return factory(lang=lang)
        except CurriculumError:
            if lang == "en":
                raise
            # The texts in this language do not load: the app opens in English and says why.
            note = _("The texts in {language} could not be loaded, so the app is in English.").format(
                language=language_name(lang)
            )
            set_language("en")
            app = factory(lang="en")
            display(HTML(f"<p class='na-warn'>{escape(note)}</p>"))
            return app
    except CurriculumError as exc:
        lines = "\n".join(escape(str(p)) for p in exc.problems[:20])
        title = escape(_("This app cannot start: the curriculum data has problems."))
        ask = escape(
            _("Ask whoever maintains your copy of the toolkit to run {command} and fix these:").format(command="\0")
        ).replace("\0", "<code>python -m curriculum validate</code>")
        display(HTML(f"<h3>{title}</h3><p>{ask}</p><pre>{lines}</pre>"))
        return None


def run(factory) -> None:
    """Show ``factory(lang=...)`` in the language asked for in the address (``?lang=xx``).

    A preheated Voila kernel builds the app (in English, or the serve command's ``--lang``) before
    anyone opens the page, says it is ready, then waits for the request; a page asking for another
    language gets the app switched to it before it is shown.
    """
    from .language import request_language
    from .wire import lean_state_requests

    lean_state_requests()
    if preheating():
        app = _start(factory, preheat_language())
        if app is None:
            return
        app.show()
        mark_ready()
        lang = request_language()
        if lang != app.lang:
            app.switch_language(lang, announce=False)
        return
    app = _start(factory, request_language())
    if app is not None:
        app.show()
