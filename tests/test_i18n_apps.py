"""The apps in five languages, without a browser: the language comes from the address, the switch
rebuilds the interface and keeps everything typed, files carry their language and open in any
app, exports are written in the export language, and draft translations are said to be drafts.

Translations that the tests rely on live in a temporary locale folder (``fake_locale``), so the
tests do not depend on how far the translators have got.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import html
import io
import json
import re
import tokenize
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import write_po
from docx import Document
from pypdf import PdfReader

import widgets.catalogue
import widgets.language
import widgets.quiz
from curriculum import i18n
from curriculum.i18n import LANGUAGES, current_language, set_language, use_language
from widgets.catalogue import catalogue
from widgets.controls import ChoiceGroup
from widgets.files import FileProblem
from widgets.flow.view import WorkshopApp
from widgets.language import DRAFT_NOTE, language_from_query
from widgets.needs import export as needs_export
from widgets.needs.model import NeedsAssessment
from widgets.needs.view import NeedsApp
from widgets.plan import export as plan_export
from widgets.plan.model import IndividualPlan
from widgets.plan.view import PlanApp
from widgets.quiz import QuizApp
from widgets.quiz_model import option_labels

ROOT = Path(__file__).resolve().parent.parent
GEORGIAN_TITLE = "საცხოვრებელი (ტესტი)"  # what the fake Georgian catalogue calls the accommodation domain
GEORGIAN_DRAFT_NOTE = "თარგმანის სამუშაო ვერსია (ტესტი)."


def _forget_caches() -> None:
    i18n.code_translations.cache_clear()
    i18n._data_catalog.cache_clear()
    widgets.catalogue._catalogue.cache_clear()
    widgets.quiz.quizzes_in.cache_clear()


@pytest.fixture(autouse=True)
def english_after_each_test():
    """The kernel-wide language and the address's language never leak from one test into another."""
    yield
    set_language("en")
    widgets.language._request_language = None


def _write_po(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog)


def _code_strings() -> Catalog:
    """Every string marked in the code (widgets/ and curriculum/, whose recommendation reasons the
    apps show), extracted as `python -m curriculum i18n extract` does."""
    from curriculum.i18n_cli import CODE_SOURCES

    cat = Catalog(locale="ka", domain="toolkit")
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=CODE_SOURCES, keywords=keywords
    ):
        cat.add(message, context=context)
    return cat


def _pseudo(text: str) -> str:
    return f"‹{text}›"


@pytest.fixture
def fake_locale(tmp_path, monkeypatch) -> Path:
    """A locale folder with a Georgian draft: one data entry and every code string (pseudo-translated)."""
    english = catalogue("en")
    domains = Catalog(locale="ka", domain="curriculum/domains")
    domains.add(english.domain_title("accommodation"), GEORGIAN_TITLE, context="accommodation/title", flags=["draft"])
    _write_po(domains, tmp_path / "ka" / "curriculum" / "domains.po")

    code = _code_strings()
    for message in code:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(_pseudo(message.id[min(i, 1)]) for i in range(code.num_plurals))
        else:
            message.string = GEORGIAN_DRAFT_NOTE if message.id == DRAFT_NOTE else _pseudo(message.id)
        message.flags.add("draft")
    _write_po(code, tmp_path / "ka" / "LC_MESSAGES" / "toolkit.po")

    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    _forget_caches()
    yield tmp_path
    monkeypatch.undo()
    _forget_caches()


def _upload(widget, raw: bytes, name: str = "file.json") -> None:
    """What the browser does when a file is chosen in a FileUpload."""
    widget.value = (
        {
            "name": name,
            "type": "application/json",
            "size": len(raw),
            "content": memoryview(raw),
            "last_modified": dt.datetime.now(dt.UTC),
        },
    )


class Downloads:
    """Catches what an app hands to the browser's downloads."""

    def __init__(self, app):
        self.files: list[tuple[str, bytes | str, str]] = []
        app.download.offer = lambda name, data, mime: self.files.append((name, data, mime))


# --------------------------------------------------------------------------- the language of the address


@pytest.mark.parametrize(
    ("query", "lang"),
    [
        ("lang=cs", "cs"),
        ("lang=cs-CZ", "cs"),
        ("x=1&lang=KA", "ka"),
        ("lang=ru_EE", "ru"),
        ("lang=xx", "en"),
        ("lang=", "en"),
        ("", "en"),
        (None, "en"),
        ("lang=%3Cscript%3E", "en"),
        ("%%%&&==", "en"),
    ],
)
def test_the_language_comes_from_the_address(query, lang):
    assert language_from_query(query) == lang


def test_an_app_starts_in_the_language_of_its_address(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "lang=et")
    widgets.language._request_language = None
    app = NeedsApp()
    assert app.lang == "et" and current_language() == "et"
    assert app.language_pick.value == "et"
    assert app.language_pick.description  # the switch is labelled
    assert [label for label, _code in app.language_pick.options] == list(LANGUAGES.values())
    assert app.model.language == "et"


@pytest.mark.parametrize("make", [NeedsApp, PlanApp, QuizApp, WorkshopApp])
@pytest.mark.parametrize("preheated", [False, True])
def test_the_voila_entry_opens_the_app_in_the_asked_language(make, preheated, monkeypatch):
    from widgets.app import run

    monkeypatch.setenv("QUERY_STRING", "lang=ka")
    widgets.language._request_language = None
    if preheated:  # built in English ahead of time, switched once the address is known
        monkeypatch.setenv("VOILA_PREHEAT", "True")
        widgets.language._request_language = "ka"  # what waiting for the request gives
    made = []

    def factory(lang):
        made.append(make(lang=lang))
        return made[-1]

    run(factory)
    app = made[-1]
    assert app.lang == "ka" and app.language_pick.value == "ka" and current_language() == "ka"
    assert app.status.value == ""  # opening in the address's language is not announced


@pytest.mark.parametrize("make", [NeedsApp, PlanApp, QuizApp, WorkshopApp])
def test_unknown_languages_mean_english_without_a_traceback(make, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "lang=tlh")
    widgets.language._request_language = None
    app = make()
    assert app.lang == "en"
    app = make(lang="xx-YY")
    assert app.lang == "en"
    app.switch_language("zz")
    assert app.lang == "en" and current_language() == "en"


# --------------------------------------------------------------------------- the switch keeps what was typed


def test_needs_switch_keeps_everything_typed():
    app = NeedsApp(lang="cs")
    app.code.value = "CS-014"
    app.date.value = "14/11/2026"  # not valid yet: kept as typed
    app.summary.value = "Mluvili jsme o bydlení."
    row = app.rows["accommodation"]
    row.client.value = 3
    row.practitioner.value = 4
    row.urgency.value = "before-release"
    row.note.value = "Chce pokoj blízko školy — ნინო"
    app.export_pick.value = "ru"
    old_row = row
    before = app.model.draft()

    app.switch_language("ka")

    assert app.lang == "ka" and current_language() == "ka" and app.language_pick.value == "ka"
    assert app.model.draft() == before
    row = app.rows["accommodation"]
    assert row is not old_row and old_row.note.comm is None  # rebuilt; the old widgets are closed
    assert (row.client.value, row.practitioner.value, row.urgency.value) == (3, 4, "before-release")
    assert row.note.value == "Chce pokoj blízko školy — ნინო"
    assert app.code.value == "CS-014" and app.date.value == "14/11/2026"
    assert app.summary.value == "Mluvili jsme o bydlení."
    assert app.export_pick.value == "ru"  # the chosen export language stays chosen
    assert app.model.language == "cs"  # the content was written in Czech
    assert app.root.children[-3:] == (app.store, app.download, app.page)  # browser helpers survive

    app.switch_language("en")
    assert app.model.draft() == before
    assert "accommodation" in app.priorities.value


def test_empty_form_follows_the_new_language():
    app = NeedsApp(lang="en")
    app.switch_language("et")
    assert app.model.language == "et"


def test_plan_switch_keeps_goals_actions_and_hours():
    app = PlanApp(lang="cs")
    app.code.value = "CS-PLAN"
    app.release.value = "2027-03-15"
    app.goal_domain.value = "accommodation"
    app.goal_add.click()
    card = next(iter(app.cards.values()))
    card.words.value = "Vlastní pokoj blízko dcery"
    card.measure.value = "Podepsaná smlouva"
    card.add_action.click()
    action = next(iter(card.action_rows.values()))
    action.what.value = "Zavolat do azylového domu"
    action.by_when.value = "2027-01-10"
    app.prog_pick.value = "housing-support"
    app.prog_add.click()
    hours = app.enrol_rows["housing-support"].children[2]
    hours.value = "12,5"
    before = app.model.draft()

    app.switch_language("et")

    assert app.model.draft() == before
    card = next(iter(app.cards.values()))
    assert card.words.value == "Vlastní pokoj blízko dcery" and card.measure.value == "Podepsaná smlouva"
    action = next(iter(card.action_rows.values()))
    assert action.what.value == "Zavolat do azylového domu" and action.by_when.value == "2027-01-10"
    assert app.enrol_rows["housing-support"].children[2].value == "12,5"  # Estonian writes a decimal comma
    assert app.model.enrolments[0]["hours"] == 12.5
    assert app.code.value == "CS-PLAN" and app.release.value == "2027-03-15"


def test_quiz_switch_keeps_the_question_answers_and_choice():
    app = QuizApp(lang="en")
    quiz_id = app.module.value
    app.options.value = 0
    app.check.click()
    app.next_btn.click()
    app.options.value = 1  # chosen, not yet checked
    answers = dict(app.run.answers)

    app.switch_language("ru")

    assert app.module.value == quiz_id
    assert app.run.position == 1 and app.run.answers == answers
    assert app.options.value == 1 and not app.check.disabled
    assert app.run.quiz is widgets.quiz.quizzes_in("ru")[quiz_id]


# --------------------------------------------------------------------------- files carry their language


def _needs(lang: str) -> NeedsAssessment:
    m = NeedsAssessment(catalogue(lang))
    m.client_code = "CS-LANG"
    m.assessed_on = "2026-11-01"
    m.rate("accommodation", "client", 3)
    m.set_note("accommodation", "Chce pokoj blízko školy")
    return m


def test_saved_language_round_trips():
    text = _needs("cs").to_json()
    assert json.loads(text)["language"] == "cs"
    other = NeedsAssessment(catalogue("en"))
    other.open_file(text)
    assert other.language == "cs"
    assert json.loads(other.to_json())["language"] == "cs"
    plan = IndividualPlan(catalogue("ka"))
    plan.client_code = "CS-LANG"
    plan.add_goal("accommodation", words="ოთახი")
    saved = json.loads(plan.to_json())
    assert saved["language"] == "ka"
    again = IndividualPlan(catalogue("en"))
    again.open_file(json.dumps(saved))
    assert again.language == "ka" and again.goals[0]["words"] == "ოთახი"


def test_a_file_saved_in_czech_opens_in_the_estonian_app():
    raw = _needs("cs").to_json().encode("utf-8")
    app = NeedsApp(lang="et")
    _upload(app.open_up, raw)
    assert app.lang == "et" and current_language() == "et"  # the interface stays Estonian
    assert app.model.language == "cs"
    assert app.code.value == "CS-LANG"
    assert app.rows["accommodation"].note.value == "Chce pokoj blízko školy"  # the user's text unchanged
    assert "na-ok" in app.status.value and "Čeština" in app.status.value  # says which language it was written in


def test_a_plan_saved_in_russian_opens_in_the_georgian_app():
    plan = IndividualPlan(catalogue("ru"))
    plan.client_code = "RU-1"
    gid = plan.add_goal("employment", words="Работа поваром")
    plan.add_action(gid, what="Встать на учёт", by_when="2027-04-01")
    app = PlanApp(lang="ka")
    _upload(app.open_up, plan.to_json().encode("utf-8"))
    assert app.model.language == "ru" and app.lang == "ka"
    assert next(iter(app.cards.values())).words.value == "Работа поваром"


def test_version_1_files_and_drafts_still_open():
    m = _needs("en")
    v1 = {k: v for k, v in json.loads(m.to_json()).items() if k != "language"} | {"version": 1}
    other = NeedsAssessment(catalogue("et"))
    other.open_file(json.dumps(v1))
    assert other.language == "en" and other.ratings == m.ratings
    plan = IndividualPlan(catalogue("en"))
    plan.client_code = "P-1"
    plan.add_goal("legal", words="Sort out the fine")
    v1_plan = {k: v for k, v in json.loads(plan.to_json()).items() if k != "language"} | {"version": 1}
    opened = IndividualPlan(catalogue("cs"))
    opened.open_file(json.dumps(v1_plan))
    assert opened.language == "en" and opened.goals[0]["words"] == "Sort out the fine"
    # A draft kept by the English-only app (no language, an earlier assessment in version 1).
    draft = json.loads(m.draft())
    del draft["language"]
    draft["earlier"] = v1
    fresh = NeedsAssessment(catalogue("cs"))
    fresh.restore_draft(json.dumps(draft))
    assert fresh.language == "en" and fresh.earlier is not None and fresh.earlier.language == "en"
    with pytest.raises(FileProblem, match="can no longer open"):
        fresh.open_file(json.dumps({**v1, "version": 0}))


def test_a_bad_language_in_a_file_is_explained():
    data = json.loads(_needs("en").to_json())
    with pytest.raises(FileProblem) as info:
        NeedsAssessment(catalogue("en")).open_file(json.dumps({**data, "language": "<Klingon>"}))
    assert "Language" in " ".join(info.value.messages) and "Traceback" not in str(info.value)


def test_file_problems_are_told_in_the_apps_language(fake_locale):
    with use_language("ka"):
        with pytest.raises(FileProblem) as info:
            NeedsAssessment(catalogue("ka")).open_file(b"not json")
    assert info.value.messages[0].startswith("‹")


# --------------------------------------------------------------------------- exports in the export language


def test_needs_export_under_georgian_uses_georgian_data(fake_locale):
    model = _needs("en")
    model.rate("accommodation", "practitioner", 4)
    with use_language("ka"):
        html = needs_export.summary_html(model)
        pdf = needs_export.summary_pdf(model)
    assert GEORGIAN_TITLE in html and '<html lang="ka">' in html
    assert GEORGIAN_DRAFT_NOTE in html  # the Georgian data and interface are drafts: said once
    assert html.count(GEORGIAN_DRAFT_NOTE) == 1
    assert "‹Priorities›" in html  # interface words in the export language
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "საცხოვრებელი" in text and "თარგმანის" in text  # DejaVu Sans draws Georgian
    assert "Chce pokoj blízko školy" in html  # the user's own words are never translated
    with use_language("en"):
        english = needs_export.summary_html(model)
    assert GEORGIAN_TITLE not in english and GEORGIAN_DRAFT_NOTE not in english and DRAFT_NOTE not in english


def _plan(lang: str) -> IndividualPlan:
    plan = IndividualPlan(catalogue(lang))
    plan.client_code = "KA-PLAN"
    plan.release_date = "2027-03-15"
    gid = plan.add_goal("accommodation", words="ოთახი ქალიშვილის სკოლასთან", measure="ხელშეკრულება")
    plan.add_action(gid, what="Zavolat do azylového domu", who="mentor", by_when="2027-01-10")
    plan.enrol("housing-support", "voluntary")
    plan.set_enrolment("housing-support", hours="12,5")
    return plan


def test_plan_exports_under_georgian(fake_locale):
    plan = _plan("en")
    with use_language("ka"):
        docx = plan_export.plan_docx(plan)
        pdf = plan_export.plan_pdf(plan)
        table = plan_export.actions_csv(plan)
    doc = Document(io.BytesIO(docx))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert GEORGIAN_TITLE in text and GEORGIAN_DRAFT_NOTE in text and "Zavolat do azylového domu" in text
    assert "12.5" not in text and "12,5" in text  # numbers written the Georgian way
    assert "15 მარ. 2027" in text  # dates too
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "საცხოვრებელი" in pdf_text and "ოთახი" in pdf_text
    rows = list(csv.reader(io.StringIO(table.lstrip("\ufeff"))))
    assert rows[0][0] == "‹Client code›" and rows[1][2] == GEORGIAN_TITLE
    assert rows[-1] == [GEORGIAN_DRAFT_NOTE]


def test_the_export_language_is_chosen_beside_the_buttons(fake_locale):
    app = PlanApp(cat=catalogue("en"))
    app.code.value = "KA-PLAN"
    app.goal_domain.value = "accommodation"
    app.goal_add.click()
    assert app.export_pick.value == "en"  # by default the app's language
    assert app.export_pick in app.root.children[3].children  # in the toolbar with the export buttons
    app.export_pick.value = "ka"
    assert GEORGIAN_DRAFT_NOTE not in app.draft_line.value and "Draft translation" in app.draft_line.value
    got = Downloads(app)
    app.word_btn.click()
    (name, data, _mime) = got.files[-1]
    assert name.endswith(".docx")
    doc = Document(io.BytesIO(data))
    assert any(GEORGIAN_TITLE in p.text for p in doc.paragraphs)
    assert "Word document downloaded." in app.status.value  # the app itself stays in English
    assert current_language() == "en"


def test_needs_app_exports_in_the_export_language(fake_locale):
    app = NeedsApp(lang="en")
    app.code.value = "CS-1"
    app.rows["accommodation"].client.value = 3
    app.export_pick.value = "ka"
    got = Downloads(app)
    app.html_btn.click()
    app.pdf_btn.click()
    html = got.files[0][1]
    assert GEORGIAN_TITLE in html and '<html lang="ka">' in html
    assert got.files[1][0].endswith(".pdf")
    assert current_language() == "en" and "PDF summary downloaded." in app.status.value


# --------------------------------------------------------------------------- honest drafts and complete marking


def test_the_app_says_when_its_language_is_a_draft(fake_locale):
    assert NeedsApp(lang="en").draft_line.value == ""
    app = NeedsApp(lang="ka")
    assert GEORGIAN_DRAFT_NOTE in app.draft_line.value
    assert GEORGIAN_DRAFT_NOTE in PlanApp(lang="ka").draft_line.value
    assert GEORGIAN_DRAFT_NOTE in QuizApp(lang="ka").draft_line.value
    assert GEORGIAN_TITLE in app.rows["accommodation"].box.children[0].value  # data in the app's language
    app.rows["accommodation"].client.value = 3
    assert "/ka/book/" in app.offers.list_html.value  # links go to the Georgian edition of the book
    assert "/book/book/" not in app.offers.list_html.value
    assert catalogue("ka").offer_url("service", "housing-service").startswith("/ka/book/")


def _texts(widget):
    """Every label a person reads on a widget: descriptions, placeholders, tooltips, labels, choices, tab titles."""
    import ipywidgets as w

    for name in ("description", "placeholder", "tooltip"):
        value = getattr(widget, name, None)
        if isinstance(value, str) and value.strip():
            yield name, value
    if isinstance(widget, w.Label):
        yield "label", widget.value
    for tip in getattr(widget, "tooltips", ()) or ():
        yield "tooltip", tip
    for label in getattr(widget, "_options_labels", ()) or ():
        yield "choice", label
    if isinstance(widget, ChoiceGroup):
        yield "group label", widget.label
        for label, _value in widget.options:
            yield "choice", label
    for title in getattr(widget, "titles", ()) or ():
        yield "title", title
    for child in getattr(widget, "children", ()) or ():
        yield from _texts(child)


def _data_texts(lang: str) -> set[str]:
    """Texts that come from the curriculum data (in English where the fake catalogue has no translation)."""
    cat = catalogue(lang)
    cur = cat.curriculum
    texts = set(LANGUAGES.values())
    for d in cur.domains.values():
        texts |= {d.title, d.description, *d.questions, *(p.descriptor for p in d.scale)}
    texts |= {p.title for p in cur.programmes.values()} | {s.title for s in cur.services.values()}
    texts |= {c.title for c in cur.courses.values()} | {m.title for m in cur.modules.values()}
    texts |= {level.label for level in cur.scale.levels}
    for case in cat.case_studies.values():
        texts |= {case.title, case.release, *(r.note for r in case.assessment.values())}
    for quiz in widgets.quiz.quizzes_in(lang).values():
        texts.add(quiz.title)
        for q in quiz.questions:
            texts |= {q.prompt, *(o.feedback for o in q.options), *(label for label, _i in option_labels(q))}
    return texts


def _unmarked(html_text: str, data: set[str]) -> list[str]:
    """English words left in HTML once markup, pseudo-translated strings and data texts are taken out."""
    text = re.sub(r"<(style|svg|title)\b.*?</\1>", " ", html_text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    while re.search(r"‹[^‹›]*›", text):  # innermost first: a translated sentence may hold another
        text = re.sub(r"‹[^‹›]*›", " ", text)
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, " ")
    return re.findall(r"[A-Za-z][A-Za-z'’-]+", text)


def _html_values(widget):
    import ipywidgets as w

    if isinstance(widget, w.HTML):
        yield widget.value
    for child in getattr(widget, "children", ()) or ():
        yield from _html_values(child)


@pytest.mark.parametrize("make", [NeedsApp, PlanApp, QuizApp, WorkshopApp])
def test_every_label_is_marked_for_translation(make, fake_locale):
    """With every code string pseudo-translated, no label is left in plain English."""
    app = make(lang="ka")
    if isinstance(app, WorkshopApp):  # every step, with a plan started from a case study
        app.needs_panel.case.value = "marta-debts-and-a-daughter"
        app.needs_panel.case_btn.click()
        app.needs_panel.offers.more_btn.click()
        app.next_btns[1].click()
        app.review.offers.more_btn.click()
        app.next_btns[2].click()
        app.model.plan.release_date = "2027-03-15"
        app.next_btns[3].click()
        for step in (1, 2, 3, 4):  # the steps on screen are refreshed when shown
            app.model.go(step)
    if isinstance(app, PlanApp):
        app.release.value = "2027-03-15"
        app.goal_add.click()
        next(iter(app.cards.values())).add_action.click()
        app.prog_pick.value = "housing-support"
        app.prog_add.click()
    if isinstance(app, NeedsApp):
        app.case.value = "marta-debts-and-a-daughter"
        app.case_btn.click()
    data = _data_texts("ka")
    missed = [
        (kind, text)
        for kind, text in _texts(app.root)
        if "‹" not in text and text not in data and any(c.isascii() and c.isalpha() for c in text)
    ]
    assert missed == []
    words = [word for value in _html_values(app.root) for word in _unmarked(value, data)]
    assert words == []
    with use_language("ka"):  # and the exports, in the same language
        if isinstance(app, NeedsApp):
            assert _unmarked(needs_export.summary_html(app.model), data | {"CS-MARTA"}) == []
        if isinstance(app, PlanApp):
            doc = Document(io.BytesIO(plan_export.plan_docx(app.model)))
            text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
                c.text for t in doc.tables for r in t.rows for c in r.cells
            )
            text += "\n" + "\n".join(p.text for p in doc.sections[0].footer.paragraphs)
            assert _unmarked(html.escape(text), data) == []
            assert _unmarked(html.escape(plan_export.actions_csv(app.model)), data) == []


def test_no_module_rebinds_the_translation_function():
    """`for _, x in ...` or a parameter called `_` would silently break `_()` in the same function."""
    found = []
    for path in sorted((ROOT / "widgets").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                names = [a.arg for a in node.args.args + node.args.kwonlyargs + node.args.posonlyargs]
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names = [node.id]
            if "_" in names:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_no_translated_string_hides_in_an_f_string():
    """Babel does not look inside f-strings on Python 3.11: a `_()` there is never offered to translators."""
    found = []
    for path in sorted((ROOT / "widgets").rglob("*.py")):
        with path.open("rb") as fh:
            for tok in tokenize.tokenize(fh.readline):
                if (
                    tok.type == tokenize.STRING
                    and re.match(r"^[rRbB]*[fF]", tok.string)
                    and re.search(r"\b(_|ngettext|pgettext|N_)\(", tok.string)
                ):
                    found.append(f"{path.relative_to(ROOT)}:{tok.start[0]}")
    assert found == []
