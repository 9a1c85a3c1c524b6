"""A Unicode font for PDF export: Latin with diacritics, Cyrillic and Georgian."""

from __future__ import annotations

import os
from pathlib import Path

CANDIDATES = [
    os.environ.get("TOOLKIT_FONT_DIR", ""),
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts/dejavu",
    "/Library/Fonts",
]


class FontMissing(RuntimeError):
    pass


def dejavu() -> tuple[Path, Path]:
    """Paths of DejaVu Sans regular and bold, which cover Latin, Cyrillic and Georgian."""
    for folder in CANDIDATES:
        if not folder:
            continue
        regular, bold = Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    raise FontMissing(
        "PDF export needs the DejaVu Sans font (on Debian or Ubuntu: apt-get install fonts-dejavu-core). "
        "Word and HTML export work without it."
    )


def add_fonts(pdf) -> str:
    regular, bold = dejavu()
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    return "DejaVu"
