"""Serve the built book on localhost: ``python -m widgets.serve``."""

from __future__ import annotations

import argparse
import functools
import http.server
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widgets.serve", description=__doc__)
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    if not (HTML / "index.html").exists():
        print(f"No built book in {HTML}. Build it first: python -m curriculum build")
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(HTML))
    with http.server.ThreadingHTTPServer((args.host, args.port), handler) as server:
        print(f"Serving the book at http://{args.host}:{args.port}/  (Ctrl+C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
