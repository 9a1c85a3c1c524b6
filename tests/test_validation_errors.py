"""Broken data gives a `file:line: field: message` report and a non-zero exit, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURES, run_cli

from curriculum import validate

EXAMPLE = (FIXTURES / "example-programme.yaml").read_text(encoding="utf-8")


def _with_example(data: Path, text: str = EXAMPLE) -> Path:
    path = data / "programmes" / "example-programme.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> int:
    for i, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


def _problems_for(data: Path, name: str) -> list[str]:
    _, problems = validate(data)
    return [str(p) for p in problems if p.path.name == name]


def test_example_fixture_is_valid(data_copy):
    _with_example(data_copy)
    assert _problems_for(data_copy, "example-programme.yaml") == []


def _assert_reported(data: Path, line: int, field: str, fragment: str) -> None:
    result = run_cli("validate", data=data)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    pattern = re.compile(rf"example-programme\.yaml:{line}: {re.escape(field)}: .*{re.escape(fragment)}")
    assert any(pattern.search(out) for out in result.stdout.splitlines()), result.stdout


def test_bad_yaml(data_copy):
    text = EXAMPLE.replace("title: Getting started", 'title: "Getting started')
    _with_example(data_copy, text)
    # The scanner reports where the unclosed string runs into the next key.
    result = run_cli("validate", data=data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"example-programme\.yaml:\d+: yaml: not valid YAML", result.stdout), result.stdout


def test_missing_field(data_copy):
    text = EXAMPLE.replace("    check: How the facilitator knows the objectives were met.\n", "")
    _with_example(data_copy, text)
    _assert_reported(data_copy, _line_of(text, "  - number: 1"), "sessions.0.check", "required field is missing")


def test_wrong_type(data_copy):
    text = EXAMPLE.replace("session_count: 1\n", "session_count: one\n")
    _with_example(data_copy, text)
    _assert_reported(data_copy, _line_of(text, "session_count: one"), "session_count", "valid integer")


def test_session_shorter_than_programme_minimum(data_copy):
    text = EXAMPLE.replace("    minutes: 90\n", "    minutes: 60\n")
    _with_example(data_copy, text)
    _assert_reported(
        data_copy, _line_of(text, "    minutes: 60"), "sessions.0.minutes", "shorter than the programme's minimum of 90"
    )


def test_activities_that_do_not_add_up(data_copy):
    text = EXAMPLE.replace("      - minutes: 60\n", "      - minutes: 55\n")
    _with_example(data_copy, text)
    _assert_reported(data_copy, _line_of(text, "    activities:"), "sessions.0.activities", "add up to 85 minutes")


def test_unknown_needs_domain(data_copy):
    text = EXAMPLE.replace(
        "needs_addressed: [attitudes-behaviour, emotions-conflict]", "needs_addressed: [attitudes, emotions-conflict]"
    )
    _with_example(data_copy, text)
    _assert_reported(
        data_copy, _line_of(text, "needs_addressed:"), "needs_addressed.0", 'unknown needs domain "attitudes"'
    )


def test_session_count_mismatch(data_copy):
    text = EXAMPLE.replace("session_count: 1\n", "session_count: 2\n")
    _with_example(data_copy, text)
    _assert_reported(data_copy, _line_of(text, "sessions:"), "sessions", "has 1 sessions but session_count is 2")


def test_unknown_field_is_an_error(data_copy):
    text = EXAMPLE.replace("summary: ", "sumary: ")
    _with_example(data_copy, text)
    _assert_reported(data_copy, _line_of(text, "sumary:"), "sumary", "unknown field")


def test_stigmatising_label_is_rejected(data_copy):
    text = EXAMPLE.replace("Who it is for.", "Inmates who want to change.")
    _with_example(data_copy, text)
    _assert_reported(data_copy, _line_of(text, "Inmates who"), "for_whom", "person-first language")


def test_render_refuses_broken_data(data_copy, tmp_path):
    text = EXAMPLE.replace("session_count: 1\n", "session_count: one\n")
    _with_example(data_copy, text)
    result = run_cli("render", "--out", str(tmp_path / "out"), data=data_copy)
    assert result.returncode == 1
    assert "nothing rendered" in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_reference_file(data_copy):
    (data_copy / "roles.yaml").unlink()
    result = run_cli("validate", data=data_copy)
    assert result.returncode == 1
    assert re.search(r"roles\.yaml:1: \(file\): file is missing", result.stdout)


def test_every_session_needs_a_safety_note_and_what_to_cut_first(data_copy):
    import re

    path = data_copy / "programmes" / "art-therapy.yaml"
    text = path.read_text(encoding="utf-8")
    # Remove session 1's safety note (a folded block right after "- number: 1").
    text = re.sub(r"(- number: 1\n)(\s+)safety: >-\n(?:\2  .*\n)+", r"\1", text, count=1)
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", data=data_copy)
    assert result.returncode == 1
    assert "session 1 needs a safety note (safety)" in result.stdout


def test_every_programme_needs_a_safety_block(data_copy):
    import re

    path = data_copy / "programmes" / "equality.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^safety:\n(?:  .*\n)+", "", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", data=data_copy)
    assert result.returncode == 1 and "a programme needs a safety block" in result.stdout


def test_former_prisoners_is_refused_as_a_label(data_copy):
    path = data_copy / "services.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("People released from prison", "Former prisoners", 1))
    result = run_cli("validate", data=data_copy)
    assert result.returncode == 1 and '"Former prisoners" labels a person' in result.stdout
