"""The printable packs on the server of ``make serve``: each printed on its first request, then cached.

The programme and course pages link to ``packs/<name>.pdf`` beside the book: ``/book/packs/…`` for
English, ``/<lang>/packs/…`` for an edition. A static book built with ``python -m curriculum build
--packs …`` has the files there, so the links work without a server. Here, a pack that is printed
and up to date (:func:`curriculum.packs.cached_pack`, a few milliseconds) is sent at once; any other
starts a printing job (``python -m curriculum packs --only <name>``, in a process of its own; one job
per pack however many ask, at most :data:`AT_ONCE` at a time) and the answer is a page that says how
long it takes and reloads itself until the pack is there. The job prints only what changed.

:func:`pack_handlers` gives the routes; :mod:`widgets.serve` puts them before the book's own.
"""

from __future__ import annotations

import asyncio
import logging
import math
import sys
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import tornado.web

from curriculum.i18n import SOURCE_LANGUAGE, TARGETS, _, use_language
from curriculum.packs import PACKS, cached_pack, print_seconds

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SLUG = r"([a-z0-9][a-z0-9-]{0,150})"
REFRESH = 3  # seconds between the waiting page's reloads
STARTUP = 6  # seconds a job needs before it prints: Python, the curriculum and the browser start
FIRST_PRINT = 25  # seconds a pack takes when it was never printed before (a long pack: about this)
AT_ONCE = 2  # printing jobs at the same time (each runs a browser)
NO_PACK = 3  # the exit code of `python -m curriculum packs --only` for a name the edition has no pack of


@dataclass
class Job:
    """One pack being printed: when it started, how long it should take, how it ended."""

    estimate: int
    started: float = field(default_factory=time.monotonic)
    code: int | None = None  # the job's exit code, once it has ended
    task: asyncio.Task | None = None  # kept here so the running job is not collected


JOBS: dict[tuple[str, str], Job] = {}
_slots: asyncio.Semaphore | None = None


def estimate(lang: str, slug: str, html_root: Path | None = None) -> int:
    """Seconds the pack should take to print: the last time it was printed, or a first-time guess."""
    last = print_seconds(lang, slug, html_root)
    return math.ceil((last if last is not None else FIRST_PRINT) + STARTUP)


def job_command(lang: str, slug: str) -> list[str]:
    return [sys.executable, "-m", "curriculum", "packs", "--lang", lang, "--only", slug, "--workers", "1"]


async def _run(job: Job, lang: str, slug: str) -> None:
    global _slots
    _slots = _slots or asyncio.Semaphore(AT_ONCE)
    async with _slots:
        try:
            proc = await asyncio.create_subprocess_exec(
                *job_command(lang, slug),
                cwd=ROOT,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            output, _err = await proc.communicate()
            job.code = proc.returncode
        except Exception:
            log.exception("The pack %s (%s) could not be printed", slug, lang)
            job.code = 1
            return
    if job.code not in (0, NO_PACK):
        log.warning("Printing the pack %s (%s) failed:\n%s", slug, lang, output.decode(errors="replace")[-3000:])


def start(lang: str, slug: str, html_root: Path | None = None) -> Job:
    """The job printing this pack: the running one, or a new one."""
    job = JOBS.get((lang, slug))
    if job is None or job.code is not None:
        job = JOBS[(lang, slug)] = Job(estimate(lang, slug, html_root))
        job.task = asyncio.get_running_loop().create_task(_run(job, lang, slug))
    return job


def waiting_page(lang: str, job: Job) -> str:
    """A plain page that reloads itself every few seconds while the pack is printed."""
    elapsed = time.monotonic() - job.started
    with use_language(lang):
        title = _("Preparing your pack")
        if elapsed <= job.estimate:
            # Translators: shown while a printable pack (PDF) is made on the server; the page reloads by itself.
            text = _("Preparing your pack, this takes about {seconds} seconds. This page opens it when it is ready.")
            text = text.format(seconds=job.estimate)
        else:
            text = _("Still preparing your pack: it is taking longer than usual. This page opens it when it is ready.")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="{REFRESH}"><meta name="viewport" content="width=device-width">'
        f"<title>{escape(title)}</title></head>"
        f'<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">'
        f'<h1 style="font-size: 1.4rem">{escape(title)}</h1><p class="pack-wait">{escape(text)}</p></body></html>'
    )


def problem_page(lang: str, text: str) -> str:
    with use_language(lang):
        title = _("The pack is not available")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f'<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">'
        f'<h1 style="font-size: 1.4rem">{escape(title)}</h1><p>{escape(text)}</p></body></html>'
    )


class PackHandler(tornado.web.RequestHandler):
    """``…/packs/<name>.pdf`` of one edition: the cached PDF, or the waiting page while it is printed."""

    def initialize(self, lang: str = SOURCE_LANGUAGE, html_root: Path | None = None):
        self.lang = lang
        self.html_root = html_root

    def _page(self, status: int, body: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(body)

    async def get(self, slug: str) -> None:
        lang = self.lang
        job = JOBS.get((lang, slug))
        if job is not None and job.code is None:
            self.set_header("Retry-After", str(REFRESH))
            return self._page(202, waiting_page(lang, job))
        pdf = await asyncio.to_thread(cached_pack, lang, slug, self.html_root)
        if job is not None:  # a job has ended since the last request: say how, once
            del JOBS[(lang, slug)]
            if job.code == NO_PACK:
                with use_language(lang):
                    return self._page(404, problem_page(lang, _("There is no pack with this name.")))
            if job.code != 0 and pdf is None:
                with use_language(lang):
                    text = _(
                        "The pack could not be printed this time. Reload this page to try again; if it fails again, "
                        "ask whoever runs this server to look at its log."
                    )
                return self._page(500, problem_page(lang, text))
            if pdf is None:  # printed, but the book changed meanwhile: the file as it is
                pdf = self._file(slug)
        if pdf is None:
            return self._page(202, waiting_page(lang, start(lang, slug, self.html_root)))
        data = await asyncio.to_thread(pdf.read_bytes)
        self.set_header("Content-Type", "application/pdf")
        self.set_header("Content-Disposition", f'inline; filename="{slug}.pdf"')
        self.set_header("Cache-Control", "no-cache")  # the browser asks again (an unchanged pack: 304)
        self.finish(data)

    def _file(self, slug: str) -> Path | None:
        from curriculum.editions import html_dir

        path = Path(self.html_root or html_dir(self.lang)) / PACKS / f"{slug}.pdf"
        return path if path.is_file() else None


def pack_handlers(base: str = "/") -> list[tuple]:
    """The routes of every edition's packs, to go before the routes of the book's files."""
    from jupyter_server.utils import url_path_join

    prefixes = [("book", SOURCE_LANGUAGE)] + [(lang, lang) for lang in TARGETS]
    return [
        (url_path_join(base, rf"/{prefix}/{PACKS}/{SLUG}\.pdf"), PackHandler, {"lang": lang})
        for prefix, lang in prefixes
    ]
