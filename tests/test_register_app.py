"""The register app without a browser: the model (plain traitlets) and the view driven as a user would."""

from __future__ import annotations

import datetime as dt

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
        app.tabs.selected_index = 3
        assert "<svg" in app.dashboard.value
        files = []
        app.download.offer = lambda name, data, mime: files.append(name)
        for button in app.tabs.children[3].children[0].children:
            button.click()
        assert files == ["register.xlsx", "participants.csv", "funders.csv"]
        app.switch_language("cs")
        assert app.model.group == "G1" and app.lang == "cs"


def test_every_label_is_marked_for_translation(tmp_path, fake_locale):  # noqa: F811
    """With every code string pseudo-translated (test_i18n_apps' fake Georgian), no label is left in English."""
    from test_i18n_apps import _data_texts, _texts, _unmarked

    from widgets.register.view import RegisterApp

    with Register(str(tmp_path / "r.sqlite"), who="t") as reg:
        app = RegisterApp(lang="ka", register=reg)
        app.model.create_group("G-1", PROGRAMME)
        app.model.add_participant("K-1")
        app._draw_dashboard()
        data = _data_texts("ka") | {"G-1", "K-1", "t"}
        missed = [
            (kind, text)
            for kind, text in _texts(app.root)
            if "‹" not in text
            and text not in data
            and any(c.isascii() and c.isalpha() for c in text)
            and not text.startswith(("G-", "K-"))
        ]
        assert missed == []
        assert [w for w in _unmarked(app.dashboard.value, data) if w not in PROGRAMME] == []
