"""The apps' language: taken from the page address, switched in each app's header, drafts said honestly.

An app starts in the language of its address (``…/needs-assessment.ipynb?lang=cs``; Voila puts the
query string in the kernel's ``QUERY_STRING``) and sets it for the kernel with
:func:`curriculum.i18n.set_language`. Its header has a language switch that rebuilds the interface in
another language from the model, so nothing typed is lost. Exports run in their own language inside
``with use_language(lang):``.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs

from curriculum.i18n import (
    LANGUAGES,
    N_,
    SOURCE_LANGUAGE,
    _,
    code_translations,
    current_language,
    normalise_language,
)

# Shown once in an app and once in every export that uses unreviewed translations.
DRAFT_NOTE = N_("Draft translation, not yet reviewed by a native speaker.")

_request_language: str | None = None


def language_from_query(query: str | None) -> str:
    """``"lang=cs&x=1"`` -> ``"cs"``; a missing or unknown language -> English."""
    values = parse_qs(query or "").get("lang") or [""]
    return normalise_language(values[0])


def request_language() -> str:
    """The language asked for in the app's address (English when none, or not one of ours).

    A preheated Voila kernel runs the app before anyone opens the page; it waits here for the
    request so that the query string is known. Read once per kernel.
    """
    global _request_language
    if _request_language is None:
        if os.environ.get("VOILA_PREHEAT", "False") != "False":
            try:
                wait_for_request()
            except (ImportError, OSError):  # no Voila here, or its request channel is gone: English
                pass
        _request_language = language_from_query(os.environ.get("QUERY_STRING"))
    return _request_language


def wait_for_request() -> None:
    """Wait until Voila hands this preheated kernel to a page, and take the page's request
    (``QUERY_STRING`` ...) into the environment.

    The same protocol as ``voila.utils.wait_for_request`` (a websocket to ``voila/query/<kernel
    id>`` that sends one JSON message), without importing ``voila.utils``: that module brings
    the server's packages into the kernel and costs each kernel about 50 MiB.
    """
    import asyncio
    import json
    import threading

    import websockets

    protocol = os.getenv("VOILA_WS_PROTOCOL", "ws")
    ip = os.getenv("VOILA_APP_IP", "127.0.0.1")
    port = os.getenv("VOILA_APP_PORT", "8866")
    base = os.getenv("VOILA_WS_BASE_URL", os.getenv("VOILA_SERVER_URL", "/"))
    url = f"{protocol}://{ip}:{port}{base}voila/query/{os.getenv('VOILA_KERNEL_ID')}"
    received: list[str] = []

    async def receive() -> None:
        async with websockets.connect(url, open_timeout=5) as socket:
            received.append(await socket.recv())

    def inner() -> None:
        try:
            asyncio.new_event_loop().run_until_complete(receive())
        except (TimeoutError, OSError, websockets.exceptions.WebSocketException):
            pass  # no request info: the app stays in its language

    thread = threading.Thread(target=inner, daemon=True)
    thread.start()
    thread.join()
    if received:
        for key, value in json.loads(received[0]).items():
            os.environ[key] = value


def language_name(code: str) -> str:
    """A language's own name (``"cs"`` -> ``"Čeština"``); an unknown code stays as it is."""
    return LANGUAGES.get(code, code or "?")


def language_options() -> list[tuple[str, str]]:
    """(own name, code) for every language, for the language switches."""
    return [(name, code) for code, name in LANGUAGES.items()]


def language_dropdown(lang: str):
    """The labelled language switch of every app's header (the view sets its description)."""
    import ipywidgets as w

    pick = w.Dropdown(
        options=language_options(), value=lang, style={"description_width": "initial"}, layout=w.Layout(width="auto")
    )
    pick.add_class("tk-language")
    return pick


def pdf_note(pdf, font: str, note: str, height: float) -> None:
    """The one-line draft notice in a PDF, in small amber text; nothing when ``note`` is empty."""
    if not note:
        return
    pdf.set_font(font, "", 8)
    pdf.set_text_color(146, 64, 14)
    pdf.cell(0, height, note, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)


def code_uses_drafts(lang: str) -> bool:
    """Whether the interface strings of ``lang`` include unreviewed (draft) translations."""
    return bool(getattr(code_translations(lang), "drafts", None))


def curriculum_drafts(cur) -> bool:
    """Whether any data text of a loaded curriculum comes from draft (unreviewed) translations."""
    return any(getattr(usage, "drafts", 0) for usage in cur.usage.values())


def uses_drafts(lang: str, data_drafts: bool = False) -> bool:
    """Whether the interface strings in ``lang``, or the data shown with them, use draft translations."""
    if lang == SOURCE_LANGUAGE:
        return False
    return data_drafts or code_uses_drafts(lang)


def draft_note(lang: str, data_drafts: bool = False) -> str:
    """The one-line draft notice in the current language, or ``""`` when everything is reviewed."""
    return _(DRAFT_NOTE) if uses_drafts(lang, data_drafts) else ""


def plain_number(value: float, lang: str | None = None) -> str:
    """A number to put in an input box in ``lang``: decimal comma where usual, no grouping (``1234,5``)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="0.##", locale=lang or current_language())


def display_date(value, lang: str | None = None) -> str:
    """A date (or ``YYYY-MM-DD`` text) written the language's way; text that is not a date stays as typed."""
    import datetime as dt

    from curriculum.i18n import format_date

    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    if value is None:
        return ""
    return format_date(value, lang or current_language())
