"""A Unicode font for PDF export: Latin with diacritics, Cyrillic and Georgian."""

from __future__ import annotations

import os
from pathlib import Path

from curriculum.i18n import N_, _

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
