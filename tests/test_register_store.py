"""The register on a real database: every test runs on SQLite, and on PostgreSQL when one is given
(``--pg-url`` or ``$TOOLKIT_TEST_PG_URL``; ``make test`` starts Debian's PostgreSQL for it)."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys

import pytest
from conftest import ROOT

from register import Register, RegisterError, export, imports, reports
from register.imports import ImportProblems

D = dt.date
PROGRAMME = "social-training-adults"  # 15 sessions of 120 minutes, 30 hours and a plan (seed 003)


@pytest.fixture
def reg(register_url):
    with Register(register_url, who="tester") as r:
        r.create_group("G1", PROGRAMME, site="Tallinn", facilitators="F-1, F-2", starts_on=D(2025, 1, 6))
        yield r


def attend(reg: Register, person: str, minutes: list[int], group: str = "G1") -> None:
    with reg.batch():
        reg.enrol(group, person)
        for session, m in enumerate(minutes, start=1):
            reg.record_attendance(group, person, session, m)


def completion_of(reg: Register, person: str, group: str = "G1") -> dict:
    return next(p for p in reports.group_report(reg, group)["participants"] if p["participant"] == person)


def test_exactly_the_minimum_with_a_plan_completes(reg):
    attend(reg, "K-1", [120] * 15)
    reg.set_plan("G1", "K-1", D(2025, 2, 1))
    assert completion_of(reg, "K-1") | {"missing": []} == {
        "participant": "K-1",
        "status": "enrolled",
        "minutes": 1800,
        "plan": "2025-02-01",
        "completed": True,
        "missing": [],
    }


def test_one_minute_short_does_not(reg):
    attend(reg, "K-1", [120] * 14 + [119])
    reg.set_plan("G1", "K-1", D(2025, 2, 1))
    found = completion_of(reg, "K-1")
    assert not found["completed"]
    assert found["missing"] == ["1 more minute of attendance (of 30 hours)"]


def test_hours_met_without_a_plan_and_a_plan_without_the_hours(reg):
    attend(reg, "K-1", [120] * 15)
    attend(reg, "K-2", [120] * 10)
    reg.set_plan("G1", "K-2", D(2025, 2, 1))
    assert completion_of(reg, "K-1")["missing"] == ["an individual plan"]
    assert completion_of(reg, "K-2")["missing"] == ["600 more minutes of attendance (of 30 hours)"]
    totals = reports.group_report(reg, "G1")["totals"]
    assert totals["completed"] == 0 and totals["participants"] == 2 and totals["with_plan"] == 1


def test_a_long_session_and_a_short_one_add_up(reg):
    attend(reg, "K-1", [120] * 13 + [150, 90])
    reg.set_plan("G1", "K-1", D(2025, 2, 1))
    assert completion_of(reg, "K-1")["completed"]


def test_make_up_sessions_count(reg):
    attend(reg, "K-1", [120] * 14)  # session 15 missed
    reg.set_plan("G1", "K-1", D(2025, 2, 1))
    assert not completion_of(reg, "K-1")["completed"]
    reg.record_attendance("G1", "K-1", 15, 120, makeup=True, held_on=D(2025, 4, 20))
    assert completion_of(reg, "K-1")["completed"]
    assert reg.attendance("G1")[("K-1", 15, True)] == 120
    hours = reports.hours_delivered(reg)[0]
    assert hours["makeup_hours"] == 2.0 and hours["sessions"] == 14


def test_zero_minutes_removes_the_record(reg):
    attend(reg, "K-1", [120])
    reg.record_attendance("G1", "K-1", 1, 0)
    assert reg.attendance("G1") == {}
    assert reg.audit(limit=1)[0]["action"] == "delete"


def test_bad_values_are_refused_plainly(reg):
    reg.enrol("G1", "K-1")
    with pytest.raises(RegisterError, match="sessions 1 to 15"):
        reg.record_attendance("G1", "K-1", 16, 120)
    with pytest.raises(RegisterError, match="from 0 to 600"):
        reg.record_attendance("G1", "K-1", 1, -5)
    with pytest.raises(RegisterError, match="no programme"):
        reg.create_group("G2", "no-such-programme")
    with pytest.raises(RegisterError, match="already"):
        reg.create_group("G1", PROGRAMME)
    with pytest.raises(RegisterError, match="looks like a person's name"):
        reg.enrol("G1", "Mari Tamm")
    with pytest.raises(RegisterError, match="No person"):
        reg.set_plan("G1", "K-9", D(2025, 1, 1))
    reg.create_group("G2", PROGRAMME)
    reg.enrol("G2", "K-9")
    with pytest.raises(RegisterError, match="not a participant"):
        reg.set_plan("G1", "K-9", D(2025, 1, 1))


def test_status_and_reason(reg):
    reg.enrol("G1", "K-1")
    reg.set_status("G1", "K-1", "transferred", "moved to another prison")
    part = reg.participants("G1")[0]
    assert (part["status"], part["reason"]) == ("transferred", "moved to another prison")
    with pytest.raises(RegisterError, match="not a status"):
        reg.set_status("G1", "K-1", "expelled")


def test_every_change_is_audited_with_before_and_after(reg):
    reg.enrol("G1", "K-1")
    reg.record_attendance("G1", "K-1", 1, 120)
    reg.record_attendance("G1", "K-1", 1, 90)
    reg.record_attendance("G1", "K-1", 1, 90)  # no change: no entry
    entries = reg.audit(person="K-1")
    assert [(e["action"], e["entity"]) for e in entries] == [
        ("update", "attendance"),
        ("create", "attendance"),
        ("create", "participant"),
        ("create", "person"),
    ]
    latest = entries[0]
    assert latest["who"] == "tester"
    assert (latest["before"]["minutes"], latest["after"]["minutes"]) == (120, 90)
    assert dt.datetime.fromisoformat(latest["at"]).date() == dt.datetime.now(dt.UTC).date()
    group = reg.audit()[-1]
    assert (group["action"], group["entity"], group["after"]["programme"]) == ("create", "programme_group", PROGRAMME)


def seed_cohort(reg: Register) -> None:
    """Ten people: six complete; outcomes and follow-ups for some."""
    for i in range(1, 11):
        attend(reg, f"K-{i}", [120] * (15 if i <= 7 else 5))
        if i <= 6:
            reg.set_plan("G1", f"K-{i}", D(2025, 2, 1))
    for i in (1, 2, 3):
        reg.record_outcome(f"K-{i}", "job-after-release", D(2025, 9, 1), "employer's letter")
    reg.record_outcome("K-1", "debt-closed", D(2025, 8, 1), "bailiff")
    reg.record_outcome("K-9", "retraining", D(2025, 8, 1), "course certificate")
    reg.record_outcome("X-1", "housing-secured", D(2025, 8, 1), "not in any group")  # outside the cohort
    reg.record_follow_up("K-1", 6, "no", D(2026, 3, 1), "probation")
    reg.record_follow_up("K-2", 6, "yes", D(2026, 3, 1), "probation")
    reg.record_follow_up("K-3", 6, "unknown", D(2026, 3, 1), "lost contact")


def test_funnel_counts_with_denominators_and_unknowns(reg):
    seed_cohort(reg)
    f = reports.funnel(reg)
    steps = {s["step"]: s for s in f["steps"]}
    assert steps["entered"]["count"] == 10
    assert (steps["completed"]["count"], steps["completed"]["of"]) == (6, 10)
    assert (steps["job-after-release"]["count"], steps["job-after-release"]["not_recorded"]) == (3, 7)
    assert steps["retraining"]["count"] == 1 and steps["housing-secured"]["count"] == 0
    six = f["follow_ups"][0]
    assert six == {"months": 6, "yes": 1, "no": 1, "unknown": 1, "not_recorded": 7, "of": 10}
    reg.set_status("G1", "K-10", "left", "moved away")
    assert reports.completion_by(reg) == [
        {
            "programme": PROGRAMME,
            "site": "Tallinn",
            "entered": 10,
            "completed": 6,  # by the rule, from the attendance and the plans
            "enrolled": 9,
            "left": 1,
            "transferred": 0,
        }
    ]


def test_a_recorded_completion_counts_as_completed(reg):
    seed_cohort(reg)
    reg.record_outcome("K-10", "completed", D(2025, 6, 1), "partner's records")
    steps = {s["step"]: s for s in reports.funnel(reg)["steps"]}
    assert steps["completed"]["count"] == 7


def test_funders_export_suppresses_counts_under_5(reg):
    seed_cohort(reg)
    line, total = reports.funders(reg)
    assert line["entered"] == 10 and line["completed"] == 6 and line["completion_rate"] == 60
    assert line["job-after-release"] == "<5" and line["retraining"] == "<5" and line["housing-secured"] == "<5"
    assert (total["programme"], total["entered"], total["session_hours"]) == ("total", 10, 30.0)
    # One line only: the total equals it, so it is suppressed wherever the line is.
    assert all(total[k] == line[k] for k in ("entered", "completed", "job-after-release", "retraining"))
    text = export.funders_csv(reg)
    assert "<5" in text and "K-1" not in text


def given_away(published: dict, lines: list) -> list:
    """The suppressed cells whose value the published table gives away: a cell is given away when
    the equations "cells of a line add up to its total" fix it, whatever the other suppressed cells
    are (numpy's rank: the cell's unit vector lies in the row space of the equations over the
    suppressed cells). Independent of the export's own elimination."""
    import numpy as np

    hidden = [c for c, v in published.items() if not isinstance(v, int)]
    if not hidden:
        return []
    rows = []
    for cells, total in lines:
        row = [(cells.count(c)) - (1 if c == total else 0) for c in hidden]
        if any(row):
            rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows, dtype=float)
    rank = np.linalg.matrix_rank(matrix)
    out = []
    for i, cell in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            out.append(cell)
    return out


def test_a_hidden_count_cannot_be_worked_out_from_a_total():
    # One column of three sites and its total: 2 is under 5; 13 = 2 + 4 + 7 would give it away.
    values = {"a": 2, "b": 6, "c": 7, "T": 15}
    lines = [(["a", "b", "c"], "T")]
    assert given_away({**values, "a": "<5"}, lines) == ["a"]  # suppressing the small count alone is not enough
    shown = reports.protect(values, lines)
    assert shown == {"a": "<5", "b": "hidden", "c": 7, "T": 15}  # the next smallest goes too
    assert given_away(shown, lines) == []


def test_a_total_under_5_takes_a_cell_with_it():
    values = {"a": 1, "b": 2, "T": 3}
    assert reports.protect(values, [(["a", "b"], "T")]) == {"a": "<5", "b": "<5", "T": "<5"}
    values = {"a": 10, "b": 20, "T": 4}  # a total under 5 (inconsistent data) is not left to subtraction either
    shown = reports.protect(values, [(["a", "b"], "T")])
    assert shown["T"] == "<5" and given_away(shown, [(["a", "b"], "T")]) == []


def test_no_suppressed_cell_of_a_table_with_row_and_column_totals_can_be_recovered():
    """Random tables with row and column totals and a grand total: whatever is suppressed, no
    suppressed count can be worked out by adding and subtracting the published ones."""
    import random

    rnd = random.Random(12)
    for _round in range(60):
        n_rows, n_cols = rnd.randint(1, 5), rnd.randint(1, 5)
        values = {(r, c): rnd.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 30]) for r in range(n_rows) for c in range(n_cols)}
        for r in range(n_rows):
            values[(r, "total")] = sum(values[(r, c)] for c in range(n_cols))
        for c in [*range(n_cols), "total"]:
            values[("total", c)] = sum(values[(r, c)] for r in range(n_rows))
        lines = [([(r, c) for c in range(n_cols)], (r, "total")) for r in [*range(n_rows), "total"]]
        lines += [([(r, c) for r in range(n_rows)], ("total", c)) for c in [*range(n_cols), "total"]]
        shown = reports.protect(values, lines)
        assert given_away(shown, lines) == [], (values, shown)
        for cell, count in values.items():
            assert shown[cell] == count or (count < 5 and shown[cell] == "<5") or shown[cell] == "hidden"
            assert count >= 5 or shown[cell] == "<5"  # every count under 5 is suppressed


def test_the_funders_export_gives_no_hidden_count_away(reg):
    """Three sites and the total line: the small site's counts cannot be worked out from the total."""
    seed_cohort(reg)  # Tallinn: 10 people
    reg.create_group("G2", PROGRAMME, site="Tartu")
    reg.create_group("G3", PROGRAMME, site="Narva")
    attend(reg, "T-1", [120] * 15, group="G2")
    for i in range(1, 9):
        attend(reg, f"N-{i}", [120] * 15, group="G3")
        reg.set_plan("G3", f"N-{i}", D(2025, 2, 1))
    table = reports.funders(reg)
    by_site = {line["site"]: line for line in table}
    assert by_site["Tartu"]["entered"] == "<5" and by_site[""]["entered"] == 19
    assert "hidden" in (by_site["Narva"]["entered"], by_site["Tallinn"]["entered"])
    assert by_site["Tartu"]["completion_rate"] == ""
    steps = [k for k in table[0] if k not in ("programme", "site", "completion_rate", "session_hours")]
    for step in steps:
        published = {line["site"]: line[step] for line in table}
        lines = [([s for s in published if s], "")]
        assert given_away(published, lines) == [], (step, published)


def test_csv_and_excel_exports(reg):
    from openpyxl import load_workbook

    seed_cohort(reg)
    reg.create_group("G2", PROGRAMME, site="-2+3")
    reg.enrol("G2", "K-1")
    tables = export.tables(reg)
    assert {"participants", "completion", "hours", "funnel"} <= set(tables)
    text = export.csv_text(tables["participants"])
    assert text.splitlines()[0].startswith("group,programme,site,participant,status,minutes")
    assert ",'-2+3," in text  # a formula in a cell is not run by a spreadsheet
    book = load_workbook(io.BytesIO(export.excel(tables, "note")))
    assert book["participants"].max_row == 12 and book["note"]["A1"].value == "note"


def test_charts_are_svg_with_counts_and_denominators(reg):
    from register import charts

    seed_cohort(reg)
    svg = charts.funnel_svg(reports.funnel(reg))
    assert svg.startswith("<svg") and "6 of 10" in svg and "<title>" in svg
    assert "6 of 10" in charts.completion_svg(reports.completion_by(reg))
    assert "30 h" in charts.hours_svg(reports.hours_delivered(reg))  # 15 sessions of 2 hours


def test_export_everything_about_one_person(reg):
    seed_cohort(reg)
    reg.pair("M-1", "K-1", release_on=D(2025, 7, 1))
    reg.meeting("M-1", "K-1", D(2025, 5, 1), 60)
    data = json.loads(export.person_json(reg, "K-1"))
    assert data["person"]["code"] == "K-1"
    assert len(data["groups"][0]["attendance"]) == 15
    assert {o["kind"] for o in data["outcomes"]} == {"job-after-release", "debt-closed"}
    assert data["mentoring"][0]["meetings"][0]["stage"] == "before-release"
    assert data["follow_ups"][0]["reoffended"] == "no"
    assert data["audit"] and all(e["person_id"] == data["person"]["id"] for e in data["audit"])
    assert "K-2" not in json.dumps(data)
    latest = reg.audit(limit=1)[0]  # the export itself is logged: who, when, about whom
    assert (latest["action"], latest["who"], latest["person_id"]) == ("export", "tester", data["person"]["id"])


def test_erasing_one_person_leaves_no_trace_of_their_data(reg):
    seed_cohort(reg)
    reg.pair("M-1", "K-1", release_on=D(2025, 7, 1))
    reg.meeting("M-1", "K-1", D(2025, 5, 1), 60)
    counts = reg.erase_person("K-1")
    assert counts["participant"] == 1 and counts["outcome"] == 2
    with pytest.raises(RegisterError, match="No person"):
        reg.export_person("K-1")
    assert all('"K-1"' not in json.dumps(e) for e in reg.audit())
    assert reg.audit(limit=1)[0]["action"] == "erase"
    assert reg.caseload() == []
    assert len(reg.participants("G1")) == 9
    assert reports.funnel(reg)["steps"][0]["count"] == 9
    assert len(reg.export_person("K-2")["groups"]) == 1


def test_retention_deletes_what_is_older_than_n_years(reg):
    reg.set_retention(5)
    reg.create_group("OLD", PROGRAMME, site="Tartu", starts_on=D(2015, 1, 1), ends_on=D(2015, 6, 1))
    attend(reg, "K-old", [120], group="OLD")
    attend(reg, "K-new", [120], group="G1")
    with reg.batch() as s:  # K-old's records date from 2015
        from sqlalchemy import update

        from register.tables import AuditEntry, Person

        s.execute(
            update(Person).where(Person.code == "K-old").values(created_at=dt.datetime(2015, 1, 1, tzinfo=dt.UTC))
        )
        s.execute(update(AuditEntry).values(at=dt.datetime(2015, 1, 1, tzinfo=dt.UTC)))
    preview = reg.retention_preview(today=D(2026, 1, 1))
    assert [g["code"] for g in reg.groups()] == ["G1", "OLD"]  # a preview deletes nothing
    counts = reg.apply_retention(today=D(2026, 1, 1))
    assert counts == {"people": 1, "groups": 1, "courses": 0, "audit": counts["audit"]}
    assert counts["audit"] > 0
    assert preview == {**counts, "years": 5, "cutoff": D(2021, 1, 1)}  # the preview said exactly this
    assert reg.audit(limit=1)[0]["action"] == "retention"
    assert [g["code"] for g in reg.groups()] == ["G1"]
    assert reg.export_person("K-new")
    with pytest.raises(RegisterError):
        reg.export_person("K-old")


def test_retention_needs_a_setting(reg):
    with pytest.raises(RegisterError, match="No retention period"):
        reg.apply_retention()
    with pytest.raises(RegisterError, match="1 to 100"):
        reg.set_retention(0)


def test_mentoring_caseload_checks(reg):
    reg.pair("M-1", "K-1", release_on=D(2025, 7, 1))
    for day in (D(2025, 1, 15), D(2025, 7, 1), D(2025, 8, 1), D(2026, 3, 1)):
        reg.meeting("M-1", "K-1", day, 60)
    found = reg.caseload("M-1")[0]
    assert found["minutes_by_stage"] == {"before-release": 60, "at-release": 60, "after-release": 120}
    assert found["span"].within_18 and found["span"].within_6_6 is False  # 8 months after release
    with pytest.raises(RegisterError, match="not the mentor"):
        reg.meeting("M-2", "K-1", D(2025, 8, 1), 60)


def test_training_course_completion_and_certificate(reg):
    from pypdf import PdfReader

    reg.create_course_run("MT-1", "mentor-training", site="Tartu", trainers="T-1", starts_on=D(2025, 3, 1))
    reg.add_trainee("MT-1", "V-1")
    reg.add_trainee("MT-1", "V-2")
    modules = reg.course_modules("mentor-training")
    for module, minutes in modules.items():
        reg.record_module("MT-1", "V-1", module, minutes)
        reg.record_module("MT-1", "V-2", module, minutes if module != "mentor-equality" else minutes - 15)
    trainees = {t["person"]: t for t in reg.trainees("MT-1")}
    assert trainees["V-1"]["completed"] and trainees["V-2"]["missing"] == ["mentor-equality"]
    pdf = export.certificate_pdf(reg, "MT-1", "V-1", name="Dana Novak", on=D(2025, 6, 1))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Certificate" in text and "Dana Novak" in text and "Tartu" in text and "T-1" in text
    assert "Dana" not in json.dumps(reg.export_person("V-1"))  # printed, never stored
    with pytest.raises(RegisterError, match="not completed"):
        export.certificate_pdf(reg, "MT-1", "V-2")
    with pytest.raises(RegisterError, match="not a module"):
        reg.record_module("MT-1", "V-1", "no-such-module", 10)


# --------------------------------------------------------------------------- CSV imports


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_attendance_and_plans(reg, tmp_path):
    rows = "".join(f"G1,K-1,{n},120\n" for n in range(1, 16))
    imports.import_attendance(reg, write(tmp_path, "a.csv", "group,participant,session,minutes\n" + rows))
    imports.import_plans(reg, write(tmp_path, "p.csv", "group,participant,plan_date\nG1,K-1,2025-02-01\n"))
    assert completion_of(reg, "K-1")["completed"]
    more = "group,participant,session,minutes,makeup,date\nG1,K-2,3,120,yes,2025-03-01\n"
    imports.import_attendance(reg, write(tmp_path, "m.csv", more))
    assert reg.attendance("G1")[("K-2", 3, True)] == 120


def test_every_bad_row_is_reported_and_nothing_is_imported(reg, tmp_path):
    path = write(
        tmp_path,
        "a.csv",
        "group,participant,session,minutes\n"
        "G1,K-1,1,120\n"
        "G9,K-1,1,120\n"
        "G1,Jan Novák,1,120\n"
        "G1,K-2,16,120\n"
        "G1,K-2,2,lots\n"
        "G1,K-1,1,90\n"
        "G1,K-3,3,120,extra\n",
    )
    with pytest.raises(ImportProblems) as caught:
        imports.import_attendance(reg, path)
    problems = caught.value.problems
    assert [p.split(":")[1] for p in problems] == ["3", "4", "5", "6", "7", "8"]
    assert all(p.startswith(f"{path}:") for p in problems)
    assert "No group" in problems[0] and "name" in problems[1] and "sessions 1 to 15" in problems[2]
    assert "not a whole number" in problems[3] and "line 2" in problems[4] and "more cells" in problems[5]
    assert reg.participants("G1") == [] and reg.attendance("G1") == {}


def test_bad_files_are_explained(reg, tmp_path):
    with pytest.raises(ImportProblems, match="missing: minutes"):
        imports.import_attendance(reg, write(tmp_path, "h.csv", "group,participant,session\nG1,K-1,1\n"))
    with pytest.raises(ImportProblems, match="no rows"):
        imports.import_plans(reg, write(tmp_path, "e.csv", "group,participant,plan_date\n"))
    (tmp_path / "latin1.csv").write_bytes("group,participant,plan_date\nG1,K-1,é\n".encode("latin-1"))
    with pytest.raises(ImportProblems, match="not UTF-8"):
        imports.import_plans(reg, tmp_path / "latin1.csv")
    with pytest.raises(ImportProblems, match="no such file"):
        imports.import_plans(reg, tmp_path / "nothing.csv")
    reg.enrol("G1", "K-1")
    with pytest.raises(ImportProblems, match="not a date"):
        imports.import_plans(reg, write(tmp_path, "d.csv", "group,participant,plan_date\nG1,K-1,1.2.2025\n"))


# --------------------------------------------------------------------------- the command line


def cli(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "register", "--db", url, "--user", "cli-test", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_command_line_from_group_to_report(register_url, tmp_path):
    assert cli(register_url, "create-group", "G7", "--programme", PROGRAMME).returncode == 0
    rows = "".join(f"G7,K-1,{n},120\n" for n in range(1, 16)) + "G7,K-2,1,60\n"
    att = write(tmp_path, "a.csv", "group,participant,session,minutes\n" + rows)
    assert cli(register_url, "import-attendance", str(att)).returncode == 0
    plans = write(tmp_path, "p.csv", "group,participant,plan_date\nG7,K-1,2025-02-01\n")
    assert cli(register_url, "import-plans", str(plans)).returncode == 0
    done = cli(register_url, "report", "--group", "G7", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["group"], data["programme"]) == ("G7", PROGRAMME)
    people = {p["participant"]: p for p in data["participants"]}
    assert set(people["K-1"]) >= {"participant", "minutes", "plan", "completed", "missing"}
    assert people["K-1"]["completed"] and not people["K-2"]["completed"]
    assert data["totals"]["completed"] == 1 and data["totals"]["participants"] == 2


def test_command_line_bad_input_exits_2_without_a_traceback(register_url, tmp_path):
    bad = write(tmp_path, "a.csv", "group,participant,session,minutes\nG7,K-1,1,120\nG7,K-1,x,120\n")
    for args in (
        ("create-group", "G7", "--programme", "nope"),
        ("import-attendance", str(bad)),
        ("report", "--group", "none"),
        ("erase-person", "K-1"),
        ("enrol", "G7", "Jan Novák"),
    ):
        result = cli(register_url, *args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr and result.stderr.strip(), args
    result = cli(register_url, "import-attendance", str(bad))
    assert f"{bad}:2: No group" in result.stderr and f"{bad}:3:" in result.stderr


def test_a_database_that_cannot_be_reached_is_a_plain_message():
    result = cli("postgresql://nobody:wrong@127.0.0.1:1/none", "report")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "could not be opened" in result.stderr


def test_the_migrations_make_exactly_the_tables_the_code_uses(register_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from register.tables import Base

    with Register(register_url) as reg, reg.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
