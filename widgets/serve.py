"""Serve the book and the apps on one localhost port: ``python -m widgets.serve``.

- ``/`` and ``/book/…``: the built book (``_build/html``), static files; ``/cs/…``, ``/et/…``,
  ``/ru/…``, ``/ka/…``: the language editions (see :mod:`curriculum.editions`).
- ``/voila/render/<app>.ipynb``: the apps, run by Voila. Voila exposes each kernel only under
  its own random id and offers no way to list kernels or saved work, and the apps keep drafts
  in the user's own browser: one session can never list or open another's data.
- ``/health``: a check that starts no kernel.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from curriculum.editions import html_dir
from curriculum.i18n import TARGETS

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
APPS = Path(__file__).resolve().parent / "apps"
# Our Voila page template ("toolkit"): Voila's own, with nothing loaded from outside localhost.
JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter"


def make_server_class():
    import tornado.web
    from jupyter_server.utils import url_path_join
    from voila.app import Voila

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

    class ToolkitServer(Voila):
        name = "toolkit-serve"

        def init_handlers(self):
            base = self.server_url
            ours = [
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


def server_argv(port: int, host: str = "127.0.0.1") -> list[str]:
    return [
        str(APPS),
        f"--port={port}",
        f"--Voila.ip={host}",
        "--no-browser",
        "--Voila.tornado_settings={'headers': {'X-Content-Type-Options': 'nosniff'}}",
        # An idle app's kernel is shut down after 30 minutes; the work stays in the browser.
        "--MappingKernelManager.cull_idle_timeout=1800",
        "--MappingKernelManager.cull_interval=120",
        "--MappingKernelManager.cull_connected=False",
        "--VoilaConfiguration.show_tracebacks=False",
        "--template=toolkit",
        # One kernel per app is started and run ahead of time, so an app opens without waiting for Python.
        "--preheat_kernel=True",
        "--pool_size=1",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widgets.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--host", default="127.0.0.1")
    args, extra = parser.parse_known_args(argv)
    if not (HTML / "index.html").exists():
        print(f"No built book in {HTML}. Build it first: python -m curriculum build", file=sys.stderr)
        return 1
    # The apps' kernels inherit it: the register opens only on a loopback address (register.app_model).
    os.environ["TOOLKIT_SERVE_HOST"] = args.host
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(JUPYTER_DATA), os.environ.get("JUPYTER_PATH")) if p)
    print(f"Book and apps at http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    make_server_class().launch_instance(argv=server_argv(args.port, args.host) + extra)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
