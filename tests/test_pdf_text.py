"""PDF text: shaped with HarfBuzz (Arabic joined and in reading order), every character the font
lacks drawn as a visible mark and reported in the app, never dropped; the needs PDF carries what
the HTML summary carries (issue 11, item 4)."""

from __future__ import annotations

import io
import logging
import re

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from curriculum.i18n import set_language
from widgets.catalogue import catalogue
from widgets.fonts import MARK, PdfBytes, add_fonts, new_pdf, replaced_sentence, visible
from widgets.needs.export import summary_html, summary_pdf
from widgets.needs.model import NeedsAssessment
from widgets.plan.export import plan_pdf
from widgets.plan.model import IndividualPlan

ARABIC = "مرحبا بالعالم"  # "hello, world": every letter joins its neighbours
MISSING = "Home 🏠, thumbs 👍🏽, family 👨\u200d👩\u200d👧, flag 🇪🇪, 家 and क्षि"
MISSING_REPORTED = ("🏠", "👍🏽", "👨\u200d👩\u200d👧", "🇪🇪", "家", "क्षि")
PRESENT = "☃ 😀 ❤️ ქართული Привет Ελληνικά שלום"


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    """Text without white space or line breaks (a PDF wraps lines where it likes)."""
    return re.sub(r"\s+", "", text)


def glyph_names(data: bytes) -> set[str]:
    """The names of the glyphs embedded in the PDF's fonts (the subset actually drawn)."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" not in font:
                continue
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            names.update(TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data())).getGlyphOrder())
    return names


def needs_with(note: str = "", summary: str = "", other_note: str = "") -> NeedsAssessment:
    m = NeedsAssessment(catalogue("en"))
    m.client_code = "PDF-1"
    m.rate("legal", "client", 3)
    m.rate("transport", "client", 1)  # not a priority: its note is printed under "other areas"
    m.set_note("legal", note)
    m.set_note("transport", other_note)
    m.summary = summary
    return m


def plan_with(words: str) -> IndividualPlan:
    p = IndividualPlan(catalogue("en"))
    p.client_code = "PDF-1"
    gid = p.add_goal("legal", words=words, measure="Signed agreement", target_date="2027-01-01")
    p.add_action(gid, what=words, by_when="2026-12-01")
    return p


def unshaped(text: str) -> bytes:
    """The same text drawn by fpdf2 as before: no shaping."""
    from fpdf import FPDF

    pdf = FPDF()
    font = add_fonts(pdf)
    pdf.add_page()
    pdf.set_font(font, "", 10)
    pdf.multi_cell(0, 5, text)
    return bytes(pdf.output())


# ---------------------------------------------------------------------------- shaping


def test_arabic_is_shaped_joined_forms_are_drawn():
    data = summary_pdf(needs_with(note=ARABIC))
    # Joined Arabic uses the contextual forms (initial, medial, final: U+FExx); unshaped text only the isolated letters.
    joined = {name for name in glyph_names(data) if name.startswith("uniFE")}
    assert {"uniFEE3", "uniFEA3", "uniFE92"} <= joined
    assert not {name for name in glyph_names(unshaped(ARABIC)) if name.startswith("uniFE")}


def test_arabic_reads_right_to_left_in_order():
    assert ARABIC in pdf_text(summary_pdf(needs_with(note=ARABIC)))
    assert ARABIC in pdf_text(plan_pdf(plan_with(ARABIC)))
    assert ARABIC not in pdf_text(unshaped(ARABIC))  # drawn left to right, it reads backwards


def test_new_pdf_shapes_text_that_needs_it():
    pdf, font = new_pdf()
    assert font == "DejaVu" and pdf.text_shaping
    for text in (ARABIC, "שלום", "e\u0301", "\u202eabc", "क्षि", "😀"):
        assert new_pdf(text)[0].text_shaping, text
    # Latin, Cyrillic, Georgian and Greek look the same unshaped: the PDF is made in a third of the time.
    assert new_pdf("Jana Nováková, Привет, ქართული, Ελληνικά, □ → ☃")[0].text_shaping is None


# ---------------------------------------------------------------------------- missing glyphs


def test_characters_the_font_lacks_are_marked_and_reported(caplog):
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        data = summary_pdf(needs_with(note=MISSING))
    assert isinstance(data, PdfBytes) and data.replaced == MISSING_REPORTED
    text = flat(pdf_text(data))
    assert flat(f"Home {MARK}, thumbs {MARK}, family {MARK}, flag {MARK}, {MARK} and {MARK}") in text
    assert "missing the following glyphs" not in caplog.text  # nothing was dropped


def test_characters_the_font_has_are_kept():
    data = summary_pdf(needs_with(note=PRESENT))
    assert data.replaced == ()
    text = pdf_text(data)
    for word in ("☃", "😀", "❤", "ქართული", "Привет", "Ελληνικά"):
        assert word in text


def test_plan_pdf_marks_and_reports_too():
    data = plan_pdf(plan_with("A room 🏠 near work 家"))
    assert data.replaced == ("🏠", "家")
    assert flat(f"A room {MARK} near work {MARK}") in flat(pdf_text(data))


def test_each_character_is_reported_once_in_the_order_met():
    data = summary_pdf(needs_with(note="🏠 家 🏠", summary="家 🎉"))
    assert data.replaced == ("🏠", "家", "🎉")


def test_tabs_and_control_characters_are_not_reported_as_missing(caplog):
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        data = summary_pdf(needs_with(note="tab\there\x07 bell\r\nnext", summary="a\x00b"))
    assert data.replaced == ()
    assert "missing the following glyphs" not in caplog.text
    assert "tab here bell" in pdf_text(data)


def test_visible_keeps_marks_and_joins_with_their_base():
    replaced: dict[str, None] = {}
    cmap = {ord(c) for c in "ab \u0301"}
    assert visible("a\u0301 家\u0301 b\u2066", cmap, replaced) == f"a\u0301 {MARK} b"
    assert list(replaced) == ["家\u0301"]  # an invisible format character the font lacks is simply left out


def test_the_sentence_counts_and_lists_the_characters():
    assert replaced_sentence(()) == ""
    one = replaced_sentence(("😀",))
    assert one == (
        "The PDF could not show 1 character (😀); it is marked with □. The saved file and the other exports keep it."
    )
    two = replaced_sentence(("😀", "☃"))
    assert two.startswith("The PDF could not show 2 characters (😀, ☃); they are marked with □.")
    many = replaced_sentence(tuple(chr(0x4E00 + i) for i in range(20)))
    assert "20 characters" in many and ", …)" in many


# ---------------------------------------------------------------------------- the app says it


def _app(kind):
    from widgets.needs.view import NeedsApp
    from widgets.plan.view import PlanApp

    app = (NeedsApp if kind == "needs" else PlanApp)(cat=catalogue("en"))
    files = []
    app.download.offer = lambda name, data, mime: files.append((name, data, mime))
    return app, files


def test_the_needs_app_says_which_characters_the_pdf_marked():
    app, files = _app("needs")
    app.model.client_code = "PDF-1"
    app.model.rate("legal", "client", 3)
    app.model.set_note("legal", "Home 🏠 家")
    app._on_pdf()
    assert files and files[0][0].endswith(".pdf")
    assert "PDF summary downloaded." in app.status.value and "na-warn" in app.status.value
    assert "The PDF could not show 2 characters (🏠, 家); they are marked with □." in app.status.value
    app._on_html()  # the HTML keeps them: nothing to say
    assert "could not show" not in app.status.value and "🏠" in files[1][1]


def test_the_plan_app_says_which_characters_the_pdf_marked():
    app, files = _app("plan")
    app.model.client_code = "PDF-1"
    app.model.add_goal("legal", words="A room 🏠")
    app._export("pdf")
    assert "The PDF could not show 1 character (🏠); it is marked with □." in app.status.value
    app._export("docx")
    assert "could not show" not in app.status.value and "Word document downloaded." in app.status.value


# ---------------------------------------------------------------------------- the needs PDF carries the HTML


def test_the_needs_pdf_carries_the_summary_and_every_note():
    m = needs_with(note="Court date in March", summary="Talked for an hour", other_note="Has a bus pass")
    m.set_note("gambling", "Not rated, but a note")
    html, text = summary_html(m), flat(pdf_text(summary_pdf(m)))
    for words in ("Court date in March", "Talked for an hour", "Has a bus pass", "Not rated, but a note"):
        assert words in html
        assert flat(words) in text
    assert flat("Notes on the other areas") in text


def test_a_line_break_in_a_one_line_field_is_a_space_in_the_pdf(caplog):
    """The practitioner's name is drawn on one line (a cell): a typed line break must not glue words together."""
    m = needs_with()
    m.assessor = "Jana\nNovák"
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        text = pdf_text(summary_pdf(m))
    assert "Jana Novák" in text
    assert "missing the following glyphs" not in caplog.text


def test_a_direction_override_typed_in_a_name_does_not_turn_the_apps_words_around():
    """U+202E typed before a name would show "Practitioner ‮Adult" as "tludA" in the PDF and the HTML."""
    m = needs_with()
    m.assessor = "\u202eJana"
    assert "\u202e" not in m.to_json()
    for text in (pdf_text(summary_pdf(m)), summary_html(m)):
        assert "Jana" in text and "Adult" in text and "\u202e" not in text
