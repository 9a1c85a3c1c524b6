"""How long the printable packs take: a rebuild with nothing changed, and one pack printed on request.

    .venv/bin/python tests/packs_benchmark.py rebuild [--lang en]     # every pack of an edition, nothing changed
    .venv/bin/python tests/packs_benchmark.py on-demand URL SLUG...    # a running `make serve`, e.g. http://127.0.0.1:8866

``rebuild`` needs the packs printed once (``python -m curriculum packs --lang en``); ``on-demand``
removes each pack's PDF first, then times its URL until the PDF comes, then a second request.
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rebuild(lang: str) -> None:
    from curriculum.packs import build_packs

    for run in (1, 2):
        start = time.perf_counter()
        made = build_packs(lang, echo=lambda _text: None)
        printed = sum(m.printed for m in made)
        print(
            f"no-change rebuild {run} of {len(made)} {lang} packs: {time.perf_counter() - start:.2f} s, {printed} printed"
        )


def on_demand(url: str, slugs: list[str]) -> None:
    from curriculum.editions import html_dir

    for slug in slugs:
        pdf = html_dir("en") / "packs" / f"{slug}.pdf"
        pdf.unlink(missing_ok=True)
        (pdf.parent / ".cache" / f"{slug}.json").unlink(missing_ok=True)
        target = f"{url.rstrip('/')}/book/packs/{slug}.pdf"
        start = time.perf_counter()
        while True:
            with urllib.request.urlopen(target, timeout=60) as response:
                if response.status == 200:
                    size = len(response.read())
                    break
            time.sleep(1)
        first = time.perf_counter() - start
        start = time.perf_counter()
        urllib.request.urlopen(target, timeout=60).read()
        print(
            f"{slug}: first request {first:.1f} s ({size / 1e6:.1f} MB), "
            f"cached request {1000 * (time.perf_counter() - start):.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p_rebuild = sub.add_parser("rebuild")
    p_rebuild.add_argument("--lang", default="en")
    p_demand = sub.add_parser("on-demand")
    p_demand.add_argument("url")
    p_demand.add_argument("slugs", nargs="+")
    args = parser.parse_args()
    if args.what == "rebuild":
        rebuild(args.lang)
    else:
        on_demand(args.url, args.slugs)


if __name__ == "__main__":
    main()
