"""Sphinx extension for the language editions (listed in ``_config.yml`` under extra_extensions).

- A language switcher on every page, linking to the same page in each edition, and
  ``<link rel="alternate" hreflang>`` for each.
- Links to the apps open them in the edition's language (``?lang=cs``).
- On a hand-written page of a translated edition, one line when the page's translation is a
  draft, and one when some of it is still English (from ``locale/<lang>/LC_MESSAGES/pages.po``).
- Theme strings that the theme does not translate (sphinx-book-theme has no Georgian) come
  from ``locale/<lang>/LC_MESSAGES/booktheme.po``.
"""

from __future__ import annotations

import html
import io
import re
from functools import cache
from pathlib import Path

from .i18n import LANGUAGES, LOCALE_DIR, N_, PAGES_DOMAIN, SOURCE_LANGUAGE, _, is_draft, is_translated, use_language

APP_LINK = re.compile(r'(href="[^"]*/voila/render/[a-z0-9-]+\.ipynb)(")')
# The buttons that open an app are raw HTML on the pages, which Sphinx's gettext does not collect:
# their words are translated here, from the toolkit catalogue.
APP_BUTTON = re.compile(r'(<a class="btn btn-primary" href="[^"]*/voila/render/[^"]*"[^>]*>)([^<]+)(</a>)')
APP_BUTTONS = (
    # Translators: a button on a book page that opens an app in a new tab.
    N_("Open the workshop app"),
    N_("Open the needs-assessment app"),
    N_("Open the facilitator's screen"),
    N_("Open the individual-plan app"),
    N_("Open the quiz app"),
    N_("Open the training needs app"),
    N_("Open the register"),
)


def translate_app_buttons(body: str, lang: str) -> str:
    """The words of each app button in ``lang`` (unchanged when it has no translation)."""

    def one(m: re.Match) -> str:
        text = html.unescape(m.group(2)).strip()
        if text not in APP_BUTTONS:
            return m.group(0)
        with use_language(lang):
            words = _(text)
        return m.group(1) + html.escape(words, quote=False) + m.group(3)

    return APP_BUTTON.sub(one, body)


THEME_CATALOGS = ("booktheme",)


def edition_url(lang: str, pagename: str) -> str:
    from .editions import url_prefix

    return f"{url_prefix(lang)}{pagename}.html"


def switcher(lang: str, pagename: str) -> str:
    with use_language(lang):
        label = _("Language")
    items = []
    for code, name in LANGUAGES.items():
        attrs = f'lang="{code}" hreflang="{code}"'
        if code == lang:
            items.append(f'<li><a {attrs} aria-current="page" href="{edition_url(code, pagename)}">{name}</a></li>')
        else:
            items.append(f'<li><a {attrs} href="{edition_url(code, pagename)}">{name}</a></li>')
    return f'<nav class="toolkit-languages" aria-label="{html.escape(label)}"><ul>{"".join(items)}</ul></nav>'


@cache
def page_status(lang: str) -> dict[str, tuple[int, int, int]]:
    """Per hand-written source file: (messages, translated, drafts) in the pages catalogue."""
    from .i18n import po_path, read_catalog

    path = po_path(lang, PAGES_DOMAIN)
    out: dict[str, list[int]] = {}
    if not path.exists():
        return {}
    for m in read_catalog(path, lang):
        if not m.id:
            continue
        for filename, _line in m.locations:
            row = out.setdefault(Path(filename).with_suffix("").as_posix().lstrip("./"), [0, 0, 0])
            row[0] += 1
            if is_translated(m):
                row[1] += 1
                row[2] += int(is_draft(m))
    return {k: (a, b, c) for k, (a, b, c) in out.items()}


@cache
def page_translations(lang: str) -> dict[str, str]:
    """English -> translation for the hand-written pages' catalogue (translated entries only)."""
    from .i18n import po_path, read_catalog

    path = po_path(lang, PAGES_DOMAIN)
    if not path.exists():
        return {}
    return {m.id: m.string for m in read_catalog(path, lang) if m.id and is_translated(m)}


def on_doctree_read(app, doctree):
    """Translate the table of contents' captions: sphinx-external-toc inserts the toctrees after
    Sphinx's own translation step, so their captions would otherwise stay English."""
    from sphinx import addnodes

    lang = app.config.language or SOURCE_LANGUAGE
    if lang == SOURCE_LANGUAGE:
        return
    table = page_translations(lang)
    for node in doctree.findall(addnodes.toctree):
        caption = node.get("caption")
        if caption and caption in table:
            node["caption"] = table[caption]


def notes_for(lang: str, docname: str) -> str:
    if lang == SOURCE_LANGUAGE or docname.startswith("book/generated/"):
        return ""
    total, translated, drafts = page_status(lang).get(docname, (0, 0, 0))
    lines = []
    with use_language(lang):
        if translated < total or total == 0:
            lines.append(
                f'<p class="partial-translation" role="note">'
                f"{html.escape(_('Parts of this page are not translated yet and are shown in English.'))}</p>"
            )
        if drafts:
            lines.append(
                f'<p class="draft-translation" role="note">'
                f"{html.escape(_('Draft translation, not yet reviewed by a native speaker.'))}</p>"
            )
    return "".join(lines)


def on_page_context(app, pagename, templatename, context, doctree):
    lang = app.config.language or SOURCE_LANGUAGE
    body = context.get("body")
    if body is None:
        return
    if lang != SOURCE_LANGUAGE:
        body = APP_LINK.sub(rf"\1?lang={lang}\2", body)
        body = translate_app_buttons(body, lang)
    context["body"] = switcher(lang, pagename) + notes_for(lang, pagename) + body
    alternates = "".join(
        f'<link rel="alternate" hreflang="{code}" href="{edition_url(code, pagename)}">\n' for code in LANGUAGES
    )
    context["metatags"] = context.get("metatags", "") + alternates


def _compile(po: Path, mo: Path) -> None:
    from babel.messages.mofile import write_mo

    from .i18n import read_catalog

    buf = io.BytesIO()
    write_mo(buf, read_catalog(po), use_fuzzy=False)
    mo.parent.mkdir(parents=True, exist_ok=True)
    mo.write_bytes(buf.getvalue())


def on_builder_inited(app):
    """Add our theme catalogues for languages the theme lacks (its own stay first where it has them)."""
    from sphinx import locale

    lang = app.config.language or SOURCE_LANGUAGE
    if lang == SOURCE_LANGUAGE:
        return
    compiled = Path(app.outdir).parent / "locale"
    for catalog in THEME_CATALOGS:
        po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{catalog}.po"
        if po.exists():
            _compile(po, compiled / lang / "LC_MESSAGES" / f"{catalog}.mo")
            locale.init([str(compiled)], lang, catalog)


def on_config_inited(app, config):
    """The search box's text in the edition's language (Jupyter Book sets it in English)."""
    with use_language(config.language or SOURCE_LANGUAGE):
        config.html_theme_options = {**(config.html_theme_options or {}), "search_bar_text": _("Search this book...")}


def search_language(code: str):
    """Search for a language Sphinx has no stemmer for (Czech, Estonian, Georgian): whole words,
    any script, lower-cased, no English stop words or English stemming."""
    from sphinx.search import SearchLanguage

    def stem(self, word: str) -> str:
        return word.lower()

    return type(f"Search_{code}", (SearchLanguage,), {"lang": code, "language_name": LANGUAGES[code], "stem": stem})


def setup(app):
    from sphinx.search import languages as known

    for code in LANGUAGES:
        if code not in known:
            app.add_search_language(search_language(code))
    app.connect("config-inited", on_config_inited)
    app.connect("html-page-context", on_page_context)
    app.connect("doctree-read", on_doctree_read)
    app.connect("builder-inited", on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
