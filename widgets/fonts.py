"""A Unicode font for PDF export (Latin with diacritics, Cyrillic, Georgian, Greek, Armenian, Hebrew
and Arabic), with text shaping, and a visible mark for every character the font cannot show.

:func:`new_pdf` gives an fpdf2 document that shapes text with HarfBuzz (uharfbuzz), so
right-to-left and joined scripts (Arabic) print in order and joined. Every text the document
draws passes through :meth:`normalize_text`: a character DejaVu Sans lacks (most emoji, Chinese,
Devanagari) is drawn as :data:`MARK` and remembered; :func:`finish` returns the PDF as
:class:`PdfBytes`, whose ``replaced`` lists them so the app can say so
(:func:`replaced_sentence`). Nothing is dropped without a word.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import unicodedata
from pathlib import Path

from curriculum.i18n import N_, _, ngettext

from .fields import without_controls

log = logging.getLogger(__name__)

CANDIDATES = [
    os.environ.get("TOOLKIT_FONT_DIR", ""),
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts/dejavu",
    "/Library/Fonts",
]
MISSING = N_(
    "PDF export needs the DejaVu Sans font (on Debian or Ubuntu: apt-get install fonts-dejavu-core). "
    "Word and HTML export work without it."
)


class FontMissing(RuntimeError):
    """The PDF font is not installed. Its message is worded when shown, in the language of that moment."""

    def __str__(self) -> str:
        return _(MISSING)


def dejavu() -> tuple[Path, Path]:
    """Paths of DejaVu Sans regular and bold, which cover Latin, Cyrillic and Georgian."""
    for folder in CANDIDATES:
        if not folder:
            continue
        regular, bold = Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    raise FontMissing()


def add_fonts(pdf) -> str:
    """Register DejaVu Sans with an fpdf2 document and return its family name; every PDF uses it."""
    regular, bold = dejavu()
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_font("DejaVu", "", 10)
    return "DejaVu"


# --------------------------------------------------------------------------- shaping and missing glyphs

MARK = "\u25a1"  # □, drawn in place of a character the font lacks
# Text that shaping changes: anything but Latin, Greek, Cyrillic, Georgian and common punctuation and
# symbols, that is right-to-left and joined scripts, combining marks and direction controls.
COMPLEX = re.compile(
    "[^\x00-\u02ff\u0370-\u052f\u10a0-\u10ff\u1c90-\u1cbf\u1e00-\u1fff\u2000-\u2029\u202f-\u2065\u206a-\u2bff]"
)


class PdfBytes(bytes):
    """A PDF, and the characters its font could not show (each drawn as :data:`MARK`), in the order met."""

    replaced: tuple[str, ...] = ()


def _joins(ch: str) -> bool:
    """Whether ``ch`` belongs to the character before it (a mark, a variation or skin tone, a tag)."""
    code = ord(ch)
    return (
        unicodedata.category(ch).startswith("M")
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def visible(text: str, cmap, replaced: dict[str, None]) -> str:
    """``text`` as the font can draw it: tabs as spaces, control characters removed, and each
    character the font (``cmap``: code point -> glyph) lacks, with what belongs to it (marks,
    joined emoji, flags), as :data:`MARK`; the replaced characters are added to ``replaced``.
    Invisible format characters the font lacks are left out."""
    text = without_controls(text.replace("\r\n", "\n").replace("\t", " "))
    if all(ord(ch) in cmap or ch == "\n" for ch in text):
        return text
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\n" or ord(ch) in cmap:
            out.append(ch)
            i += 1
            continue
        if unicodedata.category(ch) == "Cf":
            i += 1
            continue
        j = i + 1
        regional = 0x1F1E6 <= ord(ch) <= 0x1F1FF
        while j < len(text):
            if text[j] == "\u200d" and j + 1 < len(text):
                j += 2
            elif unicodedata.combining(text[j - 1]) == 9 and unicodedata.category(text[j]).startswith("L"):
                j += 1  # a virama joins the next letter to a conjunct (Devanagari क्ष)
            elif _joins(text[j]) or regional and 0x1F1E6 <= ord(text[j]) <= 0x1F1FF:
                regional = False
                j += 1
            else:
                break
        replaced[text[i:j]] = None
        out.append(MARK)
        i = j
    return "".join(out)


@functools.cache
def _document_class():
    from fpdf import FPDF

    class Document(FPDF):
        """fpdf2 with a visible mark for every character the current font lacks."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.replaced: dict[str, None] = {}

        def normalize_text(self, text: str) -> str:
            text = super().normalize_text(text)
            cmap = getattr(self.current_font, "cmap", None)
            return visible(text, cmap, self.replaced) if cmap else text

        def cell(self, w=None, h=None, text="", *args, **kwargs):
            # One line: a line break typed in the text is a space here (fpdf2 would drop it).
            text = text.replace("\r\n", " ").replace("\n", " ") if isinstance(text, str) else text
            return super().cell(w, h, text, *args, **kwargs)

        def set_title(self, title: str) -> None:
            super().set_title(without_controls(title))  # the document's properties: no control characters

    return Document


def new_pdf(text: str | None = None, **kwargs) -> tuple:
    """An fpdf2 document (``kwargs`` as for ``FPDF``) with DejaVu Sans registered and text shaping
    on; returns the document and the font family. FontMissing without the font.

    ``text`` is everything the document will print that a person typed (a model's draft will do):
    when none of it needs shaping (:data:`COMPLEX`), shaping stays off, which makes the PDF in
    about a third of the time and draws the same glyphs."""
    from fpdf.errors import FPDFException

    pdf = _document_class()(**kwargs)
    font = add_fonts(pdf)
    if text is not None and not COMPLEX.search(text):
        return pdf, font
    try:
        pdf.set_text_shaping(True)
    except FPDFException:  # uharfbuzz missing: the text is drawn unshaped (Arabic unjoined), but drawn
        log.warning("uharfbuzz is not installed: PDF text is not shaped")
    return pdf, font


def finish(pdf) -> PdfBytes:
    """The document's bytes, with the characters it had to replace."""
    out = PdfBytes(pdf.output())
    out.replaced = tuple(getattr(pdf, "replaced", ()))
    return out


def replaced_sentence(replaced: tuple[str, ...] | list[str]) -> str:
    """What the app says after a PDF in which some characters are marked; ``""`` when none is."""
    count = len(replaced)
    if not count:
        return ""
    shown = ", ".join(replaced[:12]) + (", …" if count > 12 else "")
    return ngettext(
        "The PDF could not show {count} character ({characters}); it is marked with {mark}. The saved file and "
        "the other exports keep it.",
        "The PDF could not show {count} characters ({characters}); they are marked with {mark}. The saved file "
        "and the other exports keep them.",
        count,
    ).format(count=count, characters=shown, mark=MARK)
