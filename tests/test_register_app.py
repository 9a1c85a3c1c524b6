"""The register app without a browser: the model (plain traitlets) and the view driven as a user would."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from test_i18n_apps import fake_locale  # noqa: F401 (a fixture)

from curriculum.i18n import set_language
from register import Register
from register.app_model import RegisterModel, cell_key, served_locally

PROGRAMME = "social-training-adults"


@pytest.fixture(autouse=True)
def english_after_each_test():
    """An app opened in another language sets the kernel-wide language: it never leaks into the next test."""
    yield
    set_language("en")


@pytest.fixture
def model(tmp_path):
    with Register(str(tmp_path / "r.sqlite"), who="facilitator") as reg:
        yield RegisterModel(reg)


def test_a_facilitator_creates_a_group_and_fills_in_a_session(model):
    assert model.create_group("G1", PROGRAMME, site="Tartu")
    assert model.group == "G1" and model.sessions == 15
    assert model.add_participant("K-1") and model.add_participant("K-2")
    assert model.participants == ["K-1", "K-2"]
    assert model.set_minutes("K-1", 1, 90)
    assert model.fill_session(1) == 1  # K-2 attended the planned 120 minutes
    assert model.grid == {cell_key("K-1", 1): 90, cell_key("K-2", 1): 120}
    assert [r["minutes"] for r in model.rows] == [90, 120]
    assert model.reg.audit(limit=1)[0]["who"] == "facilitator"


def test_completion_follows_the_grid(model):
    model.create_group("G1", PROGRAMME)
    model.add_participant("K-1")
    for n in range(1, 16):
        model.set_minutes("K-1", n, 120)
    assert model.rows[0]["missing"] == ["an individual plan"]
    model.set_plan("K-1", dt.date(2025, 2, 1))
    assert model.rows[0]["completed"]
    model.set_minutes("K-1", 15, 60)
    assert model.rows[0]["missing"] == ["60 more minutes of attendance (of 30 hours)"]
    model.set_minutes("K-1", 15, 60, makeup=True)
    assert model.rows[0]["completed"] and model.makeups == {cell_key("K-1", 15): 60}


def test_problems_are_said_and_nothing_breaks(model):
    assert not model.add_participant("K-1")
    assert model.kind == "error" and "group" in model.message
    assert not model.create_group("G1", "nope")
    model.create_group("G1", PROGRAMME)
    assert not model.add_participant("Mari Tamm")
    assert "name" in model.message and model.participants == []
    assert not model.add_outcome("K-1", "job-after-release", None, "letter")
    assert model.add_outcome("K-1", "job-after-release", dt.date(2025, 9, 1), "employer's letter")
    assert model.add_follow_up("K-1", 6, "unknown", dt.date(2026, 3, 1), "lost contact")


def test_the_dashboard_has_charts_and_the_note(model):
    model.create_group("G1", PROGRAMME)
    model.add_participant("K-1")
    board = model.dashboard()
    assert len(board["charts"]) == 3 and all(c.startswith("<svg") for c in board["charts"])
    assert "do not show" in board["note"]
    assert board["funnel"]["steps"][0]["count"] == 1


@pytest.mark.parametrize(
    ("host", "local"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False), ("10.0.0.5", False)],
)
def test_the_register_opens_only_on_localhost(host, local, monkeypatch):
    assert served_locally(host) is local
    monkeypatch.setenv("TOOLKIT_SERVE_HOST", host)
    monkeypatch.delenv("TOOLKIT_REGISTER_REMOTE", raising=False)
    from widgets.register.view import RegisterApp

    app = RegisterApp()
    assert (app.model is not None) is local
    if not local:
        assert "127.0.0.1" in app.root.children[0].value


def test_the_register_opens_behind_a_jupyterhub_login(monkeypatch):
    """In a person's own server on the agency's JupyterHub (widgets/hub), the hub's login protects it."""
    monkeypatch.setenv("TOOLKIT_SERVE_HOST", "0.0.0.0")  # the hub listens on the office network
    monkeypatch.delenv("TOOLKIT_REGISTER_REMOTE", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "mentor1")
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    assert not served_locally()  # a name alone proves no login
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "a-token-the-hub-gave")
    assert served_locally()
    assert not served_locally("0.0.0.0")  # an address given is judged by itself
    from widgets.register.view import RegisterApp

    app = RegisterApp()
    assert app.model is not None


def test_the_view_binds_the_model(tmp_path):
    from widgets.register.view import RegisterApp

    with Register(str(tmp_path / "r.sqlite"), who="t") as reg:
        app = RegisterApp(register=reg)
        app.group_code.value = "G1"
        app.group_programme.value = PROGRAMME
        app._on_create()
        assert app.group_pick.value == "G1"
        app.new_person.value = "K-1"
        app._on_add_person()
        cells = [c for c in app.grid_box.children[0].children if "rg-cell" in c._dom_classes]
        assert len(cells) == 15
        assert cells[0].description == "K-1, session 1, minutes"
        cells[0].value = 100
        assert reg.attendance("G1") == {("K-1", 1, False): 100}
        assert "100" in app.totals["K-1"].value
        app.tabs.selected_index = list(app.tabs.children).index(app.dashboard_tab)
        assert "<svg" in app.dashboard.value
        files = []
        app.download.offer = lambda name, data, mime: files.append(name)
        for button in app.dashboard_tab.children[0].children:
            button.click()
        assert files == ["register.xlsx", "participants.csv", "funders.csv"]
        app.switch_language("cs")
        assert app.model.group == "G1" and app.lang == "cs"


def test_every_label_is_marked_for_translation(tmp_path, fake_locale):  # noqa: F811
    """With every code string pseudo-translated (test_i18n_apps' fake Georgian), no label is left in English."""
    from test_i18n_apps import _data_texts, _html_values, _texts, _unmarked

    from widgets.register.view import RegisterApp

    with Register(str(tmp_path / "r.sqlite"), who="t") as reg:
        app = RegisterApp(lang="ka", register=reg)
        app.model.create_group("G-1", PROGRAMME)
        app.model.add_participant("K-1")
        app._draw_dashboard()
        # The other screens with something in them: a pair with a meeting, a course with a trainee, a bad file.
        app.mentoring.add_pair("M-1", "K-1", dt.date(2025, 7, 1))
        app.mentoring.add_meeting("M-1", "K-1", dt.date(2025, 6, 1), 60)
        app.courses.create_run("MT-1", "mentor-training")
        app.courses.add_trainee("V-1")
        app.importer.import_file("plans", "p.csv", b"group,participant,plan_date\nG-1,K-1,soon\n")
        app.protection.save_years(5)
        app.protection.preview_retention()
        data = _data_texts("ka") | {"G-1", "K-1", "t"}
        missed = [
            (kind, text)
            for kind, text in _texts(app.root)
            if "‹" not in text
            and text not in data
            and any(c.isascii() and c.isalpha() for c in text)
            and not text.startswith(("G-", "K-", "M-", "MT-", "V-"))
        ]
        assert missed == []
        assert [w for w in _unmarked(app.dashboard.value, data) if w not in PROGRAMME] == []
        # Literal codes the files keep (column names, yes and no), and the codes typed in, stay as they are.
        codes = {"group", "participant", "session", "minutes", "makeup", "date", "plan", "yes", "no", "mentor-training"}
        codes |= {"G-1", "K-1", "M-1", "MT-1", "V-1", "p.csv", "soon"}
        left = [w for html in _html_values(app.root) for w in _unmarked(html, data | codes) if w not in codes]
        assert [w for w in left if w not in PROGRAMME] == []


# --------------------------------------------------------------------------- the other screens


def test_a_mentor_records_meetings_and_sees_the_span_checks_in_words(model):
    from register.app_model import MentoringModel

    m = MentoringModel(model)
    assert m.add_pair("M-1", "K-1", dt.date(2025, 7, 1)) and model.kind == "ok"
    assert m.add_meeting("M-1", "K-1", dt.date(2025, 3, 1), 60)  # before release: worked out from the date
    assert m.add_meeting("M-1", "K-1", dt.date(2025, 7, 1), 45)
    assert m.add_meeting("M-1", "K-1", dt.date(2025, 8, 1), 50, "after-release")
    pair = m.pairs[0]
    assert [x["stage"] for x in pair["meeting_list"]] == ["before-release", "at-release", "after-release"]
    assert pair["minutes_by_stage"] == {"before-release": 60, "at-release": 45, "after-release": 50}
    assert pair["ok"] and pair["checks"][1] == "That is within the limit of 18 months in all."
    assert pair["checks"][2].startswith("That is within the limit of 6 months before and 6 months after release")
    # A meeting 20 months later breaks both limits; the checks say so in words.
    assert m.add_meeting("M-1", "K-1", dt.date(2026, 11, 1), 60)
    checks = m.pairs[0]["checks"]
    assert not m.pairs[0]["ok"]
    assert "more than the 18 months in all" in checks[1] and "after release, more than 6" in checks[2]
    # No release date: the 6 + 6 months cannot be checked, and it is said.
    m.add_pair("M-2", "K-2", None)
    m.add_meeting("M-2", "K-2", dt.date(2025, 1, 1), 30, "before-release")
    assert "release date is not recorded" in next(p for p in m.pairs if p["mentor"] == "M-2")["checks"][-1]
    m.mentor = "M-2"
    assert [p["person"] for p in m.pairs] == ["K-2"] and m.mentors() == ["M-1", "M-2"]


def test_mentoring_problems_are_said_and_nothing_is_saved(model):
    from register.app_model import MentoringModel

    m = MentoringModel(model)
    assert not m.add_pair("M-1", "Mari Tamm", None) and "name" in model.message and model.kind == "error"
    m.add_pair("M-1", "K-1", None)
    assert not m.add_meeting("M-1", "K-1", None, 60) and "date" in model.message
    assert not m.add_meeting("M-1", "K-1", dt.date(2025, 1, 1), 0) and "minutes" in model.message
    assert not m.add_meeting("M-1", "K-1", dt.date(2025, 1, 1), 60) and "release" in model.message  # no stage
    assert not m.add_meeting("M-9", "K-1", dt.date(2025, 1, 1), 60, "before-release")
    assert "not the mentor" in model.message
    assert m.pairs[0]["meetings"] == 0


def test_a_trainer_records_modules_and_downloads_certificates(model):
    from pypdf import PdfReader

    from register.app_model import CoursesModel

    c = CoursesModel(model)
    assert not c.add_trainee("V-1") and "course first" in model.message
    assert c.create_run("MT-1", "mentor-training", site="Tartu", trainers="T-1") and c.run == "MT-1"
    assert c.add_trainee("V-1") and c.add_trainee("V-2")
    assert len(c.modules) == 12 and c.runs[0]["trainees"] == 2
    first = c.modules[0]["id"]
    assert c.fill_module(first) == 2 and "2 marked as attending" in model.message
    for module in c.modules[1:]:
        c.set_module("V-1", module["id"], module["minutes"])
    states = {t["person"]: t for t in c.trainees}
    assert states["V-1"]["completed"] and states["V-1"]["state"] == "Completed the course"
    assert (
        states["V-2"]["state"].startswith("Modules still short: ") and c.modules[1]["title"] in states["V-2"]["state"]
    )
    name, pdf = c.certificate("V-1", "Dana Novak", dt.date(2025, 6, 1))
    assert name == "certificate-MT-1-V-1.pdf"
    assert "Dana Novak" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert c.certificate("V-2") is None and "not completed" in model.message and model.kind == "error"
    assert not c.set_module("V-1", first, 9999) and "Minutes" in model.message


def test_a_csv_with_bad_rows_lists_every_one_and_imports_nothing(model):
    from register.app_model import ImportModel

    model.create_group("G1", PROGRAMME)
    imp = ImportModel(model)
    bad = b"group,participant,session,minutes,makeup\nG1,K-1,1,120,no\nG1,K-2,1,ninety,no\nG1,K-3,1,60,maybe\n"
    assert not imp.import_file("attendance", "a.csv", bad, len(bad))
    assert model.message == "2 problems; nothing from the file was imported:" and model.kind == "error"
    assert imp.problems == [
        "line 3: Minutes “ninety” is not a whole number.",
        "line 4: makeup “maybe” is not yes or no: write yes for a make-up session, no for the session itself.",
    ]
    assert model.reg.participants("G1") == []  # not even line 2
    good = b"group,participant,session,minutes,makeup\nG1,K-1,1,120,no\nG1,K-1,1,30,yes\n"
    assert imp.import_file("attendance", "a.csv", good, len(good))
    assert imp.problems == [] and model.message == "2 rows imported from a.csv."
    model.group = "G1"
    assert model.participants == ["K-1"] and model.makeups == {cell_key("K-1", 1): 30}
    plans = b"group,participant,plan_date\nG1,K-1,2025-02-01\n"
    assert imp.import_file("plans", "p.csv", plans, len(plans))
    assert model.rows[0]["plan"] == "2025-02-01"
    assert not imp.import_file("plans", "p.csv", b"\xff\xfe", 2) and "UTF-8" in imp.problems[0]
    assert not imp.import_file("plans", "p.csv", b"who,when\nx,y\n", 12)
    assert imp.problems[0].startswith("line 1: the columns must be group,participant,plan_date")
    assert imp.example("attendance")[1].startswith("group,participant,session,minutes,makeup,date\n")


def test_an_upload_over_the_limit_is_refused_with_the_limit_in_words(model):
    from register.app_model import ImportModel

    imp = ImportModel(model)
    assert not imp.import_file("attendance", "huge.csv", None, 20_000_000)
    assert "20 MB" in model.message and "the limit is 2 MB" in model.message


def test_retention_is_previewed_then_deleted_once_confirmed(model):
    from sqlalchemy import update

    from register.app_model import ProtectionModel
    from register.tables import AuditEntry, Person

    reg = model.reg
    reg.create_group("OLD", PROGRAMME, starts_on=dt.date(2015, 1, 1), ends_on=dt.date(2015, 6, 1))
    reg.enrol("OLD", "K-old")
    reg.create_group("NEW", PROGRAMME, starts_on=dt.date(2025, 1, 1))
    reg.enrol("NEW", "K-new")
    with reg.batch() as s:
        s.execute(update(Person).values(created_at=dt.datetime(2015, 1, 1, tzinfo=dt.UTC)))
        s.execute(update(AuditEntry).values(at=dt.datetime(2015, 1, 1, tzinfo=dt.UTC)))
    reg.enrol("NEW", "K-new", entered_on=dt.date(2025, 1, 6))
    p = ProtectionModel(model)
    assert not p.preview_retention() and "No retention period" in model.message
    assert not p.save_years(101) and p.years == 0
    assert p.save_years(5) and p.years == 5 and model.message == "Records are kept for 5 years."
    assert not p.apply() and "first" in model.message
    assert p.preview_retention(today=dt.date(2026, 1, 1))
    assert model.message.startswith(
        "Records older than 5 years (before Jan 1, 2021) would be deleted. People: 1; groups: 1;"
    )
    assert [g["code"] for g in reg.groups()] == ["NEW", "OLD"]  # nothing deleted yet
    p.cancel()
    assert p.preview == {} and model.message == "Nothing was deleted."
    p.preview_retention(today=dt.date(2026, 1, 1))
    assert p.apply(today=dt.date(2026, 1, 1)) and model.message.startswith("Deleted. People: 1; groups: 1;")
    assert [g["code"] for g in model.groups] == ["NEW"] and p.changed == 1
    assert reg.audit(limit=1)[0]["action"] == "retention"


def test_one_person_is_exported_and_erased_only_with_the_code_typed_again(model):
    import json

    from register.app_model import ProtectionModel

    model.create_group("G1", PROGRAMME)
    model.add_participant("K-1")
    model.add_participant("K-2")
    p = ProtectionModel(model)
    name, text = p.export_person("K-1")
    assert name == "person-K-1.json" and json.loads(text)["person"]["code"] == "K-1"
    assert "GDPR article 15" in model.message
    latest = model.reg.audit(limit=1)[0]
    assert (latest["action"], latest["who"]) == ("export", "facilitator")
    assert p.export_person("K-9") is None and "No person" in model.message
    assert not p.erase_person("K-1", "K-2") and "type the code K-1" in model.message
    assert not p.erase_person("K-1", "") and model.participants == ["K-1", "K-2"]
    assert p.erase_person("K-1", " K-1 ") and "GDPR article 17" in model.message
    assert model.participants == ["K-2"] and model.reg.audit(limit=1)[0]["action"] == "erase"
    assert "K-1" not in json.dumps(model.reg.audit())


def test_the_new_screens_in_the_view(tmp_path):
    from widgets.register.view import RegisterApp

    with Register(str(tmp_path / "r.sqlite"), who="t") as reg:
        app = RegisterApp(register=reg)
        titles = [app.tabs.get_title(i) for i in range(len(app.tabs.children))]
        assert titles == [
            "Groups",
            "Attendance",
            "Import (CSV)",
            "Outcomes",
            "Mentoring",
            "Training courses",
            "Dashboard",
            "Data protection",
        ]
        files = []
        app.download.offer = lambda name, data, mime: files.append((name, mime))
        # Mentoring: what was typed stays after a problem.
        app.m_mentor.value, app.m_person.value = "M-1", "K-1"
        app._on_meeting()
        assert "No person with the code" in app.status.value and app.m_mentor.value == "M-1"
        app.m_release.value = dt.date(2025, 7, 1)
        app.mentoring.add_pair(app.m_mentor.value, app.m_person.value, app.m_release.value)
        app.m_date.value, app.m_minutes.value = dt.date(2025, 6, 1), 45
        app._on_meeting()
        assert "Before release" in app.caseload_html.value and "<td>45</td>" in app.caseload_html.value
        # Courses: the grid of trainees × modules, and a certificate button once completed.
        app.c_code.value, app.c_course.value = "MT-1", "mentor-training"
        app._on_create_course()
        app.c_trainee.value = "V-1"
        app._on_add_trainee()
        cells = [c for c in app.course_box.children[0].children[0].children if "rg-cell" in c._dom_classes]
        assert len(cells) == 12 and cells[0].description.startswith("V-1, module 1 (")
        for cell, module in zip(cells, app.courses.modules, strict=True):
            cell.value = module["minutes"]
        assert "Completed the course" in app.course_states["V-1"].value
        app.cert_box.children[0].click()
        assert files[-1] == ("certificate-MT-1-V-1.pdf", "application/pdf")
        # Import: a too-large file is refused in words; the picker is ready for the next file.
        app.imp_pick.value = ({"name": "big.csv", "size": 5_000_000, "content": None},)
        assert "too large" in app.status.value and app.imp_pick.value == ()
        bad = b"group,participant,session,minutes\nG9,K-1,1,60\nG9,K-2,1,60\n"
        app.imp_pick.value = ({"name": "a.csv", "size": len(bad), "content": memoryview(bad)},)
        assert app.imp_problems.value.count("<li>line ") == 2
        # Data protection: preview, confirm; export and erase.
        app.p_years.value = 3
        app.protection.save_years(app.p_years.value)
        app.protection.preview_retention()
        assert app.p_confirm.layout.display == "flex" and "People: 0" in app.p_preview.value
        app.protection.cancel()
        assert app.p_confirm.layout.display == "none"
        app.p_code.value = "K-1"
        app._on_export_person()
        assert files[-1] == ("person-K-1.json", "application/json")
        app.p_typed.value = "K-"
        app._on_erase()
        assert app.p_code.value == "K-1" and app.p_typed.value == "K-"  # nothing typed is lost
        app.p_typed.value = "K-1"
        app._on_erase()
        assert app.p_code.value == "" and "No mentoring pairs yet" in app.caseload_html.value
