"""A fixed set of hostile strings (markup, spreadsheet formulas, templates, Unicode, control
characters) typed into every free-text field of every app's model (needs, plan, workshop), then
every export checked: HTML has no live markup, CSV no formula start, Word and PDF show the text (a
character the PDF font lacks is marked and reported), and the saved JSON opens equal (issue 11)."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import unicodedata
from collections import Counter
from html.parser import HTMLParser

import pytest
from docx import Document
from pypdf import PdfReader

from curriculum.i18n import set_language
from widgets.catalogue import catalogue
from widgets.fields import TEXT_RULES, without_controls
from widgets.flow.model import Workshop
from widgets.fonts import dejavu, visible
from widgets.needs.export import summary_html, summary_pdf
from widgets.needs.model import NeedsAssessment
from widgets.plan.export import FORMULA_START, actions_csv, plan_docx, plan_pdf
from widgets.plan.model import IndividualPlan

HOSTILE = {
    # markup
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "svg": '"><svg onload=alert(1)>',
    "textarea": "</textarea><b>bold</b>&amp;",
    # spreadsheet formulas
    "hyperlink": '=HYPERLINK("http://x.example","x")',
    "plus": "+1",
    "minus": "-1",
    "at": "@SUM(1)",
    "pipe": "|cmd",
    "percent": "%0A=1",
    "tab-formula": "\t=1+1",
    # templates
    "jinja": "{{7*7}}",
    "format": "{0}",
    "named-format": "{client_code}",
    "printf": "%s%s%n",
    "shell": "${x}",
    # Unicode
    "georgian": "ქართული ენა",
    "cyrillic": "Привет, мир",
    "arabic": "مرحبا بالعالم",
    "hebrew": "שלום עולם",
    "emoji": "emoji 😀🏠👍🏽",
    "family": "family 👨\u200d👩\u200d👧",
    "zero-width": "zero\u200bwidth\u200djoiner\ufeff",
    "rtl-override": "\u202eexe.txt",
    "cjk": "中文 テスト",
    # control characters
    "c0": "nul\x00bel\x07esc\x1b[2J",
    "breaks": "line\nbreak\ttab\r\nnext",
    "c1": "del\x7fc1\x85\x9b",
    "surrogate": "half \ud83d pair",
}

NEEDS_TEXT = ("client_code", "assessor", "summary", "note")
PLAN_TEXT = ("client_code", "place", "mentor", "caseworker", "assessment", "words", "measure", "what", "where")
PRIORITY, OTHER = "legal", "transport"  # a note under the priorities, and one under "other areas"


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def nothing_dropped_from_a_pdf(caplog):
    """fpdf2 logs each character it drops; no PDF drops one (each is drawn, or marked and reported)."""
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        yield
    assert "missing the following glyphs" not in caplog.text


def code(text: str) -> str:
    """The client code typed: the hostile text after a letter, so that it never cleans to nothing."""
    return "C" + text


def fill_needs(m: NeedsAssessment, text: str) -> None:
    m.client_code = code(text)
    m.assessor = text
    m.summary = text
    for domain, score in ((PRIORITY, 3), (OTHER, 1)):
        m.rate(domain, "client", score)
        m.set_note(domain, text)


def fill_plan(p: IndividualPlan, text: str, client_code: bool = True) -> None:
    if client_code:
        p.client_code = code(text)
    p.place = p.mentor = p.caseworker = p.assessment = text
    gid = p.add_goal("legal", words=text, measure=text, target_date="2027-01-01")
    aid = p.add_action(gid, what=text, by_when="2026-12-01")
    p.update_action(aid, where=text)


def needs_values(m: NeedsAssessment) -> dict[str, str]:
    return {
        "client_code": m.client_code,
        "assessor": m.assessor,
        "summary": m.summary,
        "note": m.ratings[PRIORITY]["note"],
        "other note": m.ratings[OTHER]["note"],
    }


def plan_values(p: IndividualPlan) -> dict[str, str]:
    g = p.goals[-1]
    a = g["actions"][0]
    out = {name: getattr(p, name) for name in ("client_code", "place", "mentor", "caseworker", "assessment")}
    return out | {"words": g["words"], "measure": g["measure"], "what": a["what"], "where": a["where"]}


def rule_of(name: str):
    return TEXT_RULES["note" if name == "other note" else name]


# ---------------------------------------------------------------------------- what each export must show


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [name for name, _value in attrs]

    def handle_data(self, data):
        self.text.append(data)


def check_html(html: str, typed: list[str]) -> None:
    parser = Tags()
    parser.feed(html)
    assert not {"script", "img", "iframe", "textarea", "a"} & set(parser.tags)
    assert not [a for a in parser.attributes if a.startswith("on")]
    assert parser.tags.count("svg") == 1  # the chart, and only the chart
    shown = flat("".join(parser.text))
    for text in typed:
        assert flat(without_controls(text)) in shown


def check_csv(text: str, typed: dict[str, str]) -> None:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
    row = rows[-1]
    for column, name in ((1, "words"), (3, "what"), (5, "where")):
        assert row[column].removeprefix("'") == without_controls(typed[name])


def flat(text: str) -> str:
    """Text as compared across formats: no white space, no invisible format characters."""
    return "".join(ch for ch in re.sub(r"\s+", "", text) if unicodedata.category(ch) != "Cf")


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def check_docx(data: bytes, typed: list[str]) -> None:
    shown = flat(docx_text(data))
    for text in typed:
        assert flat(without_controls(text)) in shown


CMAP = None


def cmap() -> set[int]:
    global CMAP
    if CMAP is None:
        from fontTools.ttLib import TTFont

        regular, bold = dejavu()
        CMAP = set(TTFont(str(regular)).getBestCmap()) & set(TTFont(str(bold)).getBestCmap())
    return CMAP


def check_pdf(data, typed: list[str]) -> None:
    """Every typed text is in the PDF, each character the font lacks as the mark, and reported."""
    shown = flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    for text in typed:
        missing: dict[str, None] = {}
        expected = flat(visible(text, cmap(), missing))
        assert set(missing) <= set(data.replaced)
        if re.search("[\u0590-\u08ff]", text):
            # Right-to-left text is laid out right to left; a reader may give its letters in either
            # order, but gives every one of them. (A direction override is removed: see widgets.fields.)
            assert expected in shown or expected[::-1] in shown or not Counter(expected) - Counter(shown)
        else:
            assert expected in shown
    assert not [c for c in data.replaced if all(ord(ch) in cmap() for ch in c)]


def check_json_round_trip(model, fresh, values) -> None:
    saved = model.to_json()
    again = fresh()
    again.open_file(saved)
    assert again.to_json() == saved
    for name, value in values(again).items():
        assert value == rule_of(name).clean(values(model)[name])


# ---------------------------------------------------------------------------- the apps


def check_needs_exports(m: NeedsAssessment) -> None:
    assert m.field_problems() == {}
    typed = list(needs_values(m).values())
    check_html(summary_html(m), typed)
    check_pdf(summary_pdf(m), typed)


def check_plan_exports(p: IndividualPlan) -> None:
    assert p.field_problems() == {}
    values = plan_values(p)
    check_csv(actions_csv(p), values)
    check_docx(plan_docx(p), list(values.values()))
    check_pdf(plan_pdf(p), list(values.values()))


APPS = {
    "needs": (NeedsAssessment, fill_needs, check_needs_exports, needs_values),
    "plan": (IndividualPlan, fill_plan, check_plan_exports, plan_values),
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("app", APPS)
def test_needs_assessment_and_plan(app, text):
    model_class, fill, check_exports, values = APPS[app]
    model = model_class(catalogue("en"))
    fill(model, text)
    check_exports(model)
    check_json_round_trip(model, lambda: model_class(catalogue("en")), values)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_workshop(text):
    shop = Workshop(catalogue("en"))
    fill_needs(shop.needs, text)
    shop.go(2)
    shop.confirm()  # the notes become the goals' words: the hostile text travels through the hand-off
    fill_plan(shop.plan, text, client_code=False)
    assert shop.plan.goals[0]["words"] == text
    check_needs_exports(shop.needs)
    check_plan_exports(shop.plan)
    saved = shop.to_json()
    again = Workshop(catalogue("en"))
    assert again.open_file(saved) == "workshop"
    assert again.to_json() == saved
    assert json.loads(saved)["plan"]["mentor"] == TEXT_RULES["mentor"].clean(text)
