"""Serve the book and the apps on one localhost port: ``python -m widgets.serve``.

- ``/`` and ``/book/…``: the built book (``_build/html``), static files; ``/cs/…``, ``/et/…``,
  ``/ru/…``, ``/ka/…``: the language editions (see :mod:`curriculum.editions`).
- ``/voila/render/<app>.ipynb``: the apps, run by Voila. Voila exposes each kernel only under
  its own random id and offers no way to list kernels or saved work, and the apps keep drafts
  in the user's own browser: one session can never list or open another's data.
- ``/health``: a check that starts no kernel; ``/status``: the warmed kernels per app ("ready for
  N"), kernels in use and their memory (``/status?format=json`` for scripts).

Workshop mode (``--workshop 30``, optionally ``--app needs-assessment`` and ``--lang cs``): the
app's pool is warmed for 30 people before they arrive, in the workshop's language, and refills as
they join (see :mod:`widgets.pool`). In every mode a kernel whose page was closed ends after
``--end-closed-after`` seconds (120), and one left idle for 30 minutes is culled; the apps keep
what was typed in the browser, so nothing is lost.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from curriculum.editions import html_dir
from curriculum.i18n import TARGETS

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
APPS = Path(__file__).resolve().parent / "apps"
# Our Voila page template ("toolkit"): Voila's own, with nothing loaded from outside localhost.
JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter"


def make_server_class(workshop: dict | None = None):
    """The server; ``workshop`` holds the pool settings made by :func:`main` (see :mod:`widgets.pool`)."""
    import tornado.ioloop
    import tornado.web
    from jupyter_server.utils import url_path_join
    from voila.app import Voila

    from .pool import PoolWatch, paced_factory

    settings = dict(workshop or {})

    class Health(tornado.web.RequestHandler):
        def get(self):
            self.set_header("Content-Type", "text/plain")
            self.finish("ok")

    class Refuse(tornado.web.RequestHandler):
        """A plain 400 or 404 for paths that must not be served (listings, malformed paths)."""

        def initialize(self, status: int = 404):
            self.status = status

        def prepare(self):
            self.set_status(self.status)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish("Bad request." if self.status == 400 else "Not found.")

    class Status(tornado.web.RequestHandler):
        def initialize(self, watch):
            self.watch = watch

        def get(self):
            self.set_header("Cache-Control", "no-store")
            if self.get_query_argument("format", "") == "json":
                self.set_header("Content-Type", "application/json")
                self.finish(self.watch.status_json())
            else:
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(self.watch.status_html())

    class ToolkitServer(Voila):
        name = "toolkit-serve"

        def init_settings(self):
            # Pooled kernels warm a few at a time (widgets.pool): swap Voila's factory while it builds its manager.
            import voila.app as voila_app

            original = voila_app.voila_kernel_manager_factory
            ready_dir = settings.get("ready_dir")
            voila_app.voila_kernel_manager_factory = paced_factory(
                original, settings.get("slots", 0), Path(ready_dir) if ready_dir else None
            )
            try:
                return super().init_settings()
            finally:
                voila_app.voila_kernel_manager_factory = original

        def init_handlers(self):
            base = self.server_url
            ready_dir = settings.get("ready_dir")
            self.pool_watch = PoolWatch(
                self.kernel_manager,
                Path(ready_dir) if ready_dir else None,
                settings.get("targets", {"default": 1}),
                settings.get("grace", 120.0),
                self.log,
                workshop=settings.get("workshop_app", ""),
            )
            tornado.ioloop.PeriodicCallback(self.pool_watch.tick, 2000).start()
            from widgets.packs_server import pack_handlers

            ours = [
                *pack_handlers(base),  # printable packs: the cached PDF, or printed on its first request
                # Control characters encoded in a path (%00 ...) are refused before any handler sees them.
                (r".*%(?:[01][0-9a-fA-F]|7[fF]).*", Refuse, {"status": 400}),
                # No listing of the apps' folder or its contents, and no login machinery.
                (url_path_join(base, r"/voila/tree(?:/.*)?"), Refuse),
                (url_path_join(base, r"/voila/api/contents(?:/.*)?"), Refuse),
                (url_path_join(base, r"/(?:logout|login)/?"), Refuse),
                (
                    url_path_join(base, r"/?"),
                    tornado.web.RedirectHandler,
                    {"url": url_path_join(base, "/book/index.html")},
                ),
                (url_path_join(base, r"/health"), Health),
                (url_path_join(base, r"/status"), Status, {"watch": self.pool_watch}),
                (
                    url_path_join(base, r"/book/(.*)"),
                    tornado.web.StaticFileHandler,
                    {"path": str(HTML), "default_filename": "index.html"},
                ),
            ]
            for lang in TARGETS:
                ours += [
                    (
                        url_path_join(base, rf"/{lang}/?"),
                        tornado.web.RedirectHandler,
                        {"url": url_path_join(base, f"/{lang}/book/index.html")},
                    ),
                    (
                        url_path_join(base, rf"/{lang}/(.+)"),
                        tornado.web.StaticFileHandler,
                        {"path": str(html_dir(lang)), "default_filename": "index.html"},
                    ),
                ]
            return ours + super().init_handlers()

    return ToolkitServer


def notebooks() -> list[str]:
    """The apps' notebooks, as Voila names them (paths relative to the apps' folder)."""
    return sorted(p.relative_to(APPS).as_posix() for p in APPS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def server_argv(port: int, host: str = "127.0.0.1", pools: dict | None = None, workshop: bool = False) -> list[str]:
    pools = pools or {"default": {"pool_size": 1}}
    # In workshop mode a person takes a kernel whose app is built and shown (widgets.pool waits for it),
    # and Voila's 4 s wait for that kernel's last message made a third of a burst of 30 wait 4 s more:
    # 1 s is enough there. Elsewhere a kernel can be taken while its app is still being built, and
    # its output needs the full wait (with 1 s the first page on a fresh server could stay empty).
    fast = ["--VoilaExecutor.iopub_timeout=1"] if workshop else []
    return fast + [
        str(APPS),
        f"--port={port}",
        f"--Voila.ip={host}",
        "--no-browser",
        "--Voila.tornado_settings={'headers': {'X-Content-Type-Options': 'nosniff'}}",
        # An app's kernel idle for 30 minutes is shut down, with its page open or not; the work stays
        # in the browser and the page offers to reconnect. Closed pages end sooner (widgets.pool).
        "--MappingKernelManager.cull_idle_timeout=1800",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=True",
        "--VoilaConfiguration.show_tracebacks=False",
        "--template=toolkit",
        # Kernels are started and run ahead of time, so an app opens without waiting for Python: one per
        # app, or as many as a workshop needs for its app (widgets.pool).
        "--preheat_kernel=True",
        "--pool_size=1",
        f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
        "--VoilaKernelManager.fill_delay=0.5",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widgets.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--workshop",
        type=int,
        default=0,
        metavar="N",
        help="warm the app for a workshop of N people before they arrive (see /status)",
    )
    parser.add_argument(
        "--app", default="workshop", help="the app the workshop uses (default: workshop, the joined app)"
    )
    parser.add_argument(
        "--lang", default="en", help="the language the warmed apps open in (en, cs, et, ru, ka; default en)"
    )
    parser.add_argument(
        "--end-closed-after",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="end an app's kernel this long after its page was closed (default 120; 0: only the idle cull)",
    )
    args, extra = parser.parse_known_args(argv)
    if not (HTML / "index.html").exists():
        from curriculum.i18n import _

        print(
            _("No built book in {folder}. Build it first: {command}").format(
                folder=HTML, command="python -m curriculum build"
            ),
            file=sys.stderr,
        )
        return 1
    from curriculum.i18n import LANGUAGES, _, ngettext, set_language

    names = notebooks()
    app = args.app if args.app.endswith(".ipynb") else f"{args.app}.ipynb"
    if args.workshop and app not in names:
        known = ", ".join(n.removesuffix(".ipynb") for n in names)
        print(
            _("There is no app called '{name}'. The apps are: {apps}.").format(name=args.app, apps=known),
            file=sys.stderr,
        )
        return 2
    if not 0 <= args.workshop <= 200:
        print(_("--workshop takes a number of people from 1 to 200."), file=sys.stderr)
        return 2

    if args.lang not in LANGUAGES:
        print(_("--lang takes one of: {codes}.").format(codes=", ".join(LANGUAGES)), file=sys.stderr)
        return 2
    set_language(args.lang)
    # The apps' kernels inherit these: the register opens only on a loopback address (register.app_model);
    # warmed apps open in the workshop's language and say when they are ready (widgets.app).
    os.environ["TOOLKIT_SERVE_HOST"] = args.host
    os.environ["TOOLKIT_PREHEAT_LANG"] = args.lang
    ready_dir = tempfile.mkdtemp(prefix="toolkit-ready-")
    os.environ["TOOLKIT_READY_DIR"] = ready_dir
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(JUPYTER_DATA), os.environ.get("JUPYTER_PATH")) if p)
    # Every kernel reads a cached copy of the catalogue (widgets.index): make it once, here, not in 30 kernels.
    from .index import warm

    warm()
    targets = {"default": 1}
    if args.workshop:
        targets[app] = args.workshop
    pools = {"default": {"pool_size": 1}} | {k: {"pool_size": v} for k, v in targets.items() if k != "default"}
    settings = {
        "ready_dir": ready_dir,
        "targets": targets,
        "grace": args.end_closed_after,
        "workshop_app": app if args.workshop else "",
        # A workshop's pool warms one kernel per core at a time; otherwise Voila warms one per app at once.
        "slots": (os.cpu_count() or 2) if args.workshop else 0,
    }
    print(_("Book and apps at {url}  (Ctrl+C to stop)").format(url=f"http://{args.host}:{args.port}/"), flush=True)
    if args.workshop:
        print(
            ngettext(
                "Workshop: warming the {app} app for {count} person; see {url}",
                "Workshop: warming the {app} app for {count} people; see {url}",
                args.workshop,
            ).format(app=app.removesuffix(".ipynb"), count=args.workshop, url=f"http://{args.host}:{args.port}/status"),
            flush=True,
        )
    make_server_class(settings).launch_instance(
        argv=server_argv(args.port, args.host, pools, workshop=bool(args.workshop)) + extra
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
