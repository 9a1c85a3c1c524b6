"""Start an app in a notebook or Voila, turning start-up problems into a plain message."""

from __future__ import annotations

from html import escape


def run(factory) -> None:
    from IPython.display import HTML, display

    from curriculum import CurriculumError

    try:
        app = factory()
    except CurriculumError as exc:
        lines = "\n".join(escape(str(p)) for p in exc.problems[:20])
        display(
            HTML(
                "<h3>This app cannot start: the curriculum data has problems.</h3>"
                "<p>Ask whoever maintains your copy of the toolkit to run <code>python -m curriculum validate</code> "
                f"and fix these:</p><pre>{lines}</pre>"
            )
        )
        return
    app.show()
