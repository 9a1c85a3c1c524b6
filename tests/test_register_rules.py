"""The register's rules without a database: completion, mentoring spans, course completion, codes."""

from __future__ import annotations

import datetime as dt

import pytest

from register.codes import check_code
from register.db import RegisterError, database_url
from register.rules import add_months, completion, course_completion, mentoring_span, stage_of

D = dt.date


@pytest.mark.parametrize(
    ("minutes", "plan", "done", "missing"),
    [
        (1800, D(2025, 3, 1), True, 0),  # exactly the minimum, with a plan
        (1799, D(2025, 3, 1), False, 1),  # one minute short
        (1800, None, False, 1),  # hours met, no plan
        (2400, None, False, 1),
        (600, D(2025, 3, 1), False, 1),  # plan, hours short
        (0, None, False, 2),
    ],
)
def test_completion_at_the_edges(minutes, plan, done, missing):
    result = completion(30, True, minutes, plan)
    assert result.completed is done
    assert len(result.missing) == missing
    assert result.required_minutes == 1800


def test_what_is_missing_is_said_plainly():
    result = completion(30, True, 1799, None)
    assert result.missing == ["1 more minute of attendance (of 30 hours)", "an individual plan"]
    assert result.minutes_short == 1


def test_a_programme_without_the_plan_rule_needs_hours_only():
    assert completion(12, False, 720, None).completed
    assert not completion(12, False, 719, None).completed


def test_fractional_hours_are_whole_minutes():
    assert completion(22.5, False, 1350, None).completed
    assert not completion(22.5, False, 1349, None).completed


def test_months_are_calendar_months():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2025, 3, 15), -6) == D(2024, 9, 15)
    assert add_months(D(2025, 12, 1), 1) == D(2026, 1, 1)


def test_mentoring_within_6_and_6_and_18_months():
    release = D(2025, 7, 1)
    span = mentoring_span([D(2025, 1, 1), release, D(2026, 1, 1)], release)
    assert span.within_6_6 and span.within_18 and not span.problems
    assert span.months == 12.0


def test_the_18_months_count_the_months_before_release():
    release = D(2025, 7, 1)
    # 4 months before release and 15 after: each part may be fine for one rule, the whole is 19 months.
    span = mentoring_span([D(2025, 3, 1), D(2026, 10, 1)], release)
    assert not span.within_18
    assert not span.within_6_6
    assert len(span.problems) == 2
    exactly = mentoring_span([D(2024, 1, 1), D(2025, 7, 1)], D(2025, 1, 1))
    assert exactly.within_18 and exactly.months == 18.0


def test_a_start_more_than_6_months_before_release_is_flagged():
    release = D(2025, 7, 1)
    assert mentoring_span([D(2025, 1, 1)], release).within_6_6
    span = mentoring_span([D(2024, 12, 31), release], release)
    assert span.within_6_6 is False and span.within_18
    assert "before release" in span.problems[0]


def test_without_a_release_date_only_the_whole_span_is_checked():
    span = mentoring_span([D(2025, 1, 1), D(2025, 2, 1)], None)
    assert span.within_6_6 is None and span.within_18


def test_meeting_stage_follows_the_release_date():
    release = D(2025, 7, 1)
    assert [stage_of(d, release) for d in (D(2025, 6, 30), release, D(2025, 7, 2))] == [
        "before-release",
        "at-release",
        "after-release",
    ]


def test_course_completion_names_the_modules_short():
    done, short = course_completion({"a": 90, "b": 60}, {"a": 90, "b": 59})
    assert not done and short == ["b"]
    assert course_completion({"a": 90}, {"a": 120}) == (True, [])


@pytest.mark.parametrize("code", ["K-0412", "tln.17", "G2_2025", "Ábel-7", "A"])
def test_codes_are_accepted(code):
    assert check_code(code) == code


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Jan Novák", "name"),
        ("Novák, Jan", "name"),
        ("Mari Mets Tamm", "name"),
        ("Нино Беридзе", "name"),
        ("ნინო ბერიძე", "name"),
        ("jan.novak@example.cz", "e-mail"),
        ("38001085718", "personal identification"),
        ("800101/1234", "personal identification"),
        ("", "empty"),
        ("k 12", "not a code"),
        ("-cmd", "not a code"),
        ("x" * 41, "not a code"),
    ],
)
def test_names_and_identifiers_are_refused(text, why):
    with pytest.raises(RegisterError, match=why):
        check_code(text)


def test_the_register_file_stays_outside_the_served_folders(tmp_path):
    from conftest import ROOT

    with pytest.raises(RegisterError, match="publishes"):
        database_url(str(ROOT / "_build" / "register.sqlite"))
    assert database_url(str(tmp_path / "r.sqlite")).startswith("sqlite:///")
    assert database_url("postgresql://u:p@localhost/db").startswith("postgresql+psycopg://u:p@")


def test_funders_see_no_count_under_5():
    from register.reports import suppress

    assert [suppress(n) for n in (0, 1, 4, 5, 17)] == ["<5", "<5", "<5", 5, 17]


def test_the_register_file_is_its_owners_alone(tmp_path):
    from register import Register

    with Register(str(tmp_path / "private" / "r.sqlite")):
        pass
    assert (tmp_path / "private" / "r.sqlite").stat().st_mode & 0o077 == 0
    assert (tmp_path / "private").stat().st_mode & 0o077 == 0
