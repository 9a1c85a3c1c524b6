"""One book per language, built from the same data and the same hand-written pages.

The English edition is built from the repository root, as before, into ``_build/html``. Each
other edition gets a source tree of its own, ``_build/src/<lang>``: links to the hand-written
pages, the configuration and the table of contents, and its own ``book/generated`` rendered from
the data in that language. Sphinx translates the hand-written pages from ``locale/<lang>/
LC_MESSAGES/pages.po``. Page paths are the same in every edition, so the language switcher only
swaps the edition's prefix (``/book/`` for English, ``/<lang>/`` for the others).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from .i18n import LANGUAGES, LOCALE_DIR, N_, ROOT, SOURCE_LANGUAGE, TARGETS, _, use_language

BUILD = ROOT / "_build"
# What a source tree links to, besides book/ (whose generated/ folder is the edition's own).
LINKED = ("_toc.yml",)

TITLE = N_("Leaving prison, staying out: an open curriculum")
FOOTER = N_(
    'Content CC BY-SA 4.0, code MIT. Figures marked "of our own choosing" and everything under '
    "\"Adapt locally\" must be checked against your country's law and your agency's practice."
)


def url_prefix(lang: str) -> str:
    """Where an edition is served (see widgets.serve)."""
    return "/book/" if lang == SOURCE_LANGUAGE else f"/{lang}/"


def source_dir(lang: str) -> Path:
    return ROOT if lang == SOURCE_LANGUAGE else BUILD / "src" / lang


def html_dir(lang: str) -> Path:
    return BUILD / "html" if lang == SOURCE_LANGUAGE else BUILD / "editions" / lang / "_build" / "html"


def generated_dir(lang: str) -> Path:
    return source_dir(lang) / "book" / "generated"


def edition_config(lang: str) -> dict:
    """The root ``_config.yml`` with the edition's language, title and caches."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    with use_language(lang):
        config["title"] = _(TITLE)
        config.setdefault("html", {})["extra_footer"] = _(FOOTER)
    config["execute"]["cache"] = str(BUILD / "editions" / lang / ".jupyter_cache")
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["language"] = lang
    sphinx["locale_dirs"] = [str(LOCALE_DIR)]
    return config


def prepare_source(lang: str) -> Path:
    """Make ``_build/src/<lang>``: links to the shared sources, the edition's config."""
    src = source_dir(lang)
    book = src / "book"
    book.mkdir(parents=True, exist_ok=True)
    wanted = {p.name for p in (ROOT / "book").iterdir() if p.name != "generated"}
    for entry in book.iterdir():
        if entry.name != "generated" and (entry.name not in wanted or not entry.is_symlink()):
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for name in wanted:
        link = book / name
        if not link.is_symlink():
            link.symlink_to(ROOT / "book" / name)
    for name in LINKED:
        link = src / name
        if not link.is_symlink():
            link.symlink_to(ROOT / name)
    text = yaml.safe_dump(edition_config(lang), allow_unicode=True, sort_keys=False, width=120)
    config = src / "_config.yml"
    if not config.exists() or config.read_text(encoding="utf-8") != text:
        config.write_text(text, encoding="utf-8")
    return src


def render_edition(lang: str, data_dir: Path, out: Path | None = None) -> int:
    """Render the data pages of one edition (into ``out``, default its source tree); how many pages.

    Raises CurriculumError listing every problem; nothing is rendered then.
    """
    from .exercises import validate_exercises
    from .loader import CurriculumError, validate
    from .render import render_book

    cur, problems = validate(Path(data_dir), lang=lang, mark_fallback=lang != SOURCE_LANGUAGE)
    ex, ex_problems = validate_exercises(cur)
    problems += ex_problems
    if problems:
        raise CurriculumError(problems)
    with use_language(lang):
        return len(render_book(cur, out or generated_dir(lang), ex))


def jupyter_book() -> str:
    exe = Path(sys.executable).with_name("jupyter-book")
    return str(exe if exe.exists() else "jupyter-book")


def build_edition(lang: str, data_dir: Path) -> tuple[int, float, str]:
    """Render and build one edition. Returns (exit code, seconds, output)."""
    start = time.perf_counter()
    pages = render_edition(lang, data_dir)
    env = {**os.environ, "CURRICULUM_DATA": str(Path(data_dir).resolve()), "TOOLKIT_LANG": lang}
    if lang == SOURCE_LANGUAGE:
        cmd = [jupyter_book(), "build", str(ROOT), "-W", "-n", "--keep-going"]
    else:
        src = prepare_source(lang)
        out = BUILD / "editions" / lang
        cmd = [jupyter_book(), "build", str(src), "--path-output", str(out), "-W", "-n", "--keep-going"]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    output = f"[{lang}] rendered {pages} pages\n" + result.stdout + result.stderr
    return result.returncode, time.perf_counter() - start, output


def build_all(langs: list[str], data_dir: Path, *, echo=print) -> int:
    failed = []
    total = time.perf_counter()
    for lang in langs:
        code, seconds, output = build_edition(lang, data_dir)
        echo(output.rstrip())
        echo(f"Edition {lang} ({LANGUAGES[lang]}) built in {seconds:.1f} s (exit {code}).")
        if code:
            failed.append(lang)
    echo(f"Book build took {time.perf_counter() - total:.1f} s for {len(langs)} edition(s).")
    if failed:
        echo(f"Editions with errors: {', '.join(failed)}")
    return 1 if failed else 0


def sphinx_gettext() -> Path | None:
    """Run Sphinx's gettext builder over the English book; return the pages template it wrote."""
    out = BUILD / "gettext"
    cmd = [
        jupyter_book(),
        "build",
        str(ROOT),
        "--builder",
        "custom",
        "--custom-builder",
        "gettext",
        "--path-output",
        str(out),
    ]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    pot = out / "_build" / "gettext" / "pages.pot"
    if result.returncode or not pot.exists():
        print(result.stdout[-3000:] + result.stderr[-3000:], file=sys.stderr)
        return None
    return pot


ALL = (SOURCE_LANGUAGE, *TARGETS)
