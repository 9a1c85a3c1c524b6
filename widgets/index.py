"""A compact, cached catalogue for the apps' kernels.

Loading and validating the whole curriculum (100 YAML files, their translations, the exercises)
takes 2 to 3 seconds of CPU, and every app kernel did it again. A workshop of 30 people starts 30
kernels on one machine, so each kernel now reads a pickled copy instead (about 0.03 s): the
curriculum as the apps use it, without the session plans they never show (the register and the
book read those from the data). The copy is keyed by every file it was made from (path, size and
modification time of the data, the exercises, the language's catalogues and the code that reads
them), so a changed file makes a new one; a missing, stale or unreadable copy is made again.

The copies live in the user's cache folder (``$TOOLKIT_CACHE_DIR``, else
``$XDG_CACHE_HOME/reentry-toolkit`` or ``~/.cache/reentry-toolkit``), made readable by the user
only; a copy that another user owns or could change is never loaded. ``python -m widgets.index``
makes them for every language (the serve command does it before starting kernels).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMAT = 1  # bump when the pickled shape changes


def cache_dir() -> Path:
    base = os.environ.get("TOOLKIT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "reentry-toolkit" / "app-index"


def _inputs(lang: str) -> list[Path]:
    from curriculum.exercises import EXERCISES_DIR
    from curriculum.i18n import LOCALE_DIR
    from curriculum.loader import DATA_DIR

    files: list[Path] = []
    for folder, patterns in (
        (DATA_DIR, ("*.yaml", "*.yml")),
        (EXERCISES_DIR, ("*.yaml", "*.yml", "*.md")),
        (LOCALE_DIR / lang, ("*.po", "*.mo")) if lang != "en" else (None, ()),
        (ROOT / "curriculum", ("*.py",)),
    ):
        if folder is None or not folder.is_dir():
            continue
        for pattern in patterns:
            files += folder.rglob(pattern)
    files.append(Path(__file__))
    return sorted(set(files))


def source_key(lang: str) -> str:
    """A digest of everything the catalogue in ``lang`` is made from (a stat of each file, no reading)."""
    h = hashlib.sha256(f"{FORMAT}|{lang}|{sys.version_info[:2]}".encode())
    try:
        import pydantic

        h.update(pydantic.VERSION.encode())
    except ImportError:  # pragma: no cover - pydantic is a dependency
        pass
    for path in _inputs(lang):
        try:
            st = path.stat()
        except OSError:
            continue
        h.update(f"{path}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:24]


def _compact(cur):
    """The curriculum without the session plans (the apps show programmes, never their sessions)."""
    programmes = {pid: p.model_copy(update={"sessions": []}) for pid, p in cur.programmes.items()}
    return dataclasses.replace(cur, programmes=programmes)


def _safe_to_load(path: Path) -> bool:
    st = path.stat()
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def build(lang: str):
    """(curriculum, case studies) loaded and validated from the data; raises CurriculumError."""
    from curriculum import load_curriculum
    from curriculum.exercises import load_case_studies

    cur = load_curriculum(lang=lang)
    return _compact(cur), load_case_studies(cur)


def load(lang: str):
    """(curriculum, case studies) in ``lang``: from the cached copy when it is current, else built
    and cached. Raises :class:`curriculum.CurriculumError` when the data has problems (never cached)."""
    folder = cache_dir()
    # One copy per checkout and language: two checkouts of one user no longer delete each other's copy.
    place = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
    path = folder / f"{lang}-{place}-{source_key(lang)}.pickle"
    try:
        if _safe_to_load(path):
            with path.open("rb") as f:
                return pickle.load(f)
    except Exception:  # missing, unreadable, or from another version: made again below
        pass
    made = build(lang)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for old in folder.glob(f"{lang}-{place}-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{lang}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(made, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # a read-only home: the app works, only slower to start
        pass
    return made


def warm(langs=None) -> dict[str, float]:
    """Make the cached copies for ``langs`` (default: every language); seconds each."""
    import time

    from curriculum.i18n import LANGUAGES

    times = {}
    for lang in langs or list(LANGUAGES):
        start = time.perf_counter()
        try:
            load(lang)
        except Exception:  # the apps say what is wrong with the data when they start
            pass
        times[lang] = time.perf_counter() - start
    return times


if __name__ == "__main__":
    for code, seconds in warm().items():
        print(f"{code}: {seconds:.2f} s")
