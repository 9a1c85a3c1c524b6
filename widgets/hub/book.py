"""The book beside JupyterHub: ``python -m widgets.hub.book --port N``, started by the hub as a service.

The proxy sends ``/book/…`` and the language editions (``/cs/…`` …) here, as ``python -m
widgets.serve`` serves them, so the book's pages and the apps' links into the book work unchanged.
The book's links to the apps (``/voila/render/<app>.ipynb``) are sent on to the signed-in person's
own server (``/hub/user-redirect/…``; the hub asks for a login first). It listens on this computer
only (unless told otherwise with ``--ip``, for a container) and serves nothing but the built book.
"""

from __future__ import annotations

import argparse
import asyncio

import tornado.web
from tornado.escape import url_escape

from curriculum.editions import html_dir
from curriculum.i18n import TARGETS
from widgets.serve import HTML


class Static(tornado.web.StaticFileHandler):
    def set_default_headers(self):
        self.set_header("X-Content-Type-Options", "nosniff")


class ToApps(tornado.web.RequestHandler):
    def get(self, rest: str):
        query = self.request.query
        self.redirect(
            f"/hub/user-redirect/voila/{url_escape(rest, plus=False).replace('%2F', '/')}"
            + (f"?{query}" if query else "")
        )


def make_app() -> tornado.web.Application:
    routes = [
        (r"/voila/(.*)", ToApps),
        (r"/book/?", tornado.web.RedirectHandler, {"url": "/book/index.html"}),
        (r"/book/(.+)", Static, {"path": str(HTML), "default_filename": "index.html"}),
    ]
    for lang in TARGETS:
        routes += [
            (rf"/{lang}/?", tornado.web.RedirectHandler, {"url": f"/{lang}/book/index.html"}),
            (rf"/{lang}/(.+)", Static, {"path": str(html_dir(lang)), "default_filename": "index.html"}),
        ]

    class App(tornado.web.Application):
        def log_request(self, handler):  # quiet: the hub's log is the one to read
            if handler.get_status() >= 500:
                super().log_request(handler)

    return App(routes)


async def serve(port: int, ip: str = "127.0.0.1") -> None:
    make_app().listen(port, address=ip)
    await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widgets.hub.book", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ip", default="127.0.0.1", help="127.0.0.1 beside the hub; 0.0.0.0 in its own container")
    args = parser.parse_args(argv)
    try:
        asyncio.run(serve(args.port, args.ip))
    except KeyboardInterrupt:  # the hub stops its services with SIGINT
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
