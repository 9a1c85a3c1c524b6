"""CSV imports. Every row is checked; if any row is wrong, every wrong row is reported as
``file:line: what is wrong`` and nothing from the file is imported (one transaction).

- attendance: ``group,participant,session,minutes`` and, optionally, ``makeup`` and ``date``
  (YYYY-MM-DD). A participant not yet in the group is enrolled. ``makeup`` is ``yes`` for a make-up
  session and ``no`` (or empty) for the session itself; files keep these English codes whatever the
  language of the app (``ano``/``ne``, ``jah``/``ei`` and ``да``/``нет`` are read too).
- plans: ``group,participant,plan_date``.

The command line reads a file (:func:`import_attendance`, :func:`import_plans`); the app reads the
bytes of an upload (:func:`import_data`) and says ``line N: what is wrong``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from curriculum.i18n import _, ngettext

from .db import RegisterError
from .store import Register

YES = {"yes", "y", "1", "true", "ano", "jah", "да"}
NO = {"", "no", "n", "0", "false", "ne", "ei", "нет"}
MAX_ROWS = 200_000


class ImportProblems(RegisterError):
    """Every wrong row of a file; nothing from it was imported."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        head = ngettext(
            "{count} problem; nothing from the file was imported:",
            "{count} problems; nothing from the file was imported:",
            len(problems),
        ).format(count=len(problems))
        self.head = head
        super().__init__("\n".join([head, *problems]))


ATTENDANCE = ("group", "participant", "session", "minutes")
ATTENDANCE_OPTIONAL = ("makeup", "date")
PLANS = ("group", "participant", "plan_date")


def in_file(name: str):
    """Where a problem is, as the command line says it: ``file:line``."""
    return lambda line, problem: f"{name}:{line}: {problem}"


def on_line(line: int, problem: str) -> str:
    """Where a problem is, as the app says it: ``line N: what is wrong``."""
    return _("line {line}: {problem}").format(line=line, problem=problem)


def read_rows(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[tuple[int, dict]]:
    """(line number, row) for every data row; ImportProblems when the file cannot be read as such."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportProblems([_("{file}: there is no such file.").format(file=name)]) from None
    except OSError as exc:
        raise ImportProblems([_("{file}: cannot be read ({reason}).").format(file=name, reason=exc.strerror)]) from None
    return parse_rows(data, name, required, optional, in_file(name))


def parse_rows(data: bytes, name: str, required: tuple[str, ...], optional: tuple[str, ...], where) -> list:
    """(line number, row) for every data row of ``data``; ``where(line, problem)`` says where a problem is."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblems(
            [_("{file}: the file is not UTF-8 text; save it as CSV UTF-8.").format(file=name)]
        ) from None
    try:
        return _rows(text, name, required, optional, where)
    except csv.Error as exc:
        raise ImportProblems([_("{file}: cannot be read as CSV ({reason}).").format(file=name, reason=exc)]) from None


def _rows(text: str, name: str, required: tuple[str, ...], optional: tuple[str, ...], where) -> list:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required + optional]
    if missing or unknown:
        problem = _("the columns must be {columns}").format(columns=",".join(required))
        if missing:
            problem += "; " + _("missing: {names}").format(names=", ".join(missing))
        if unknown:
            problem += "; " + _("unknown: {names}").format(names=", ".join(unknown))
        raise ImportProblems([where(1, problem)])
    reader.fieldnames = header
    out = []
    for row in reader:
        if len(out) >= MAX_ROWS:
            raise ImportProblems(
                [_("{file}: more than {count} rows; split the file.").format(file=name, count=MAX_ROWS)]
            )
        if None in row:
            out.append((reader.line_num, {"__extra__": True}))
            continue
        if not any((v or "").strip() for v in row.values()):
            continue
        out.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    if not out:
        raise ImportProblems([_("{file}: the file has no rows to import.").format(file=name)])
    return out


def whole_number(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise RegisterError(_("{what} “{value}” is not a whole number.").format(what=what, value=text)) from None


def day(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RegisterError(
            _("{what} “{value}” is not a date like 2025-03-31.").format(what=what, value=text)
        ) from None


def _apply(reg: Register, where, rows: list[tuple[int, dict]], key, apply) -> int:
    problems: list[str] = []
    seen: dict = {}
    with reg.batch():
        for line, row in rows:
            try:
                if row.get("__extra__"):
                    raise RegisterError(_("the row has more cells than the header."))
                k = key(row)
                if k in seen:
                    raise RegisterError(_("the same row as line {line}.").format(line=seen[k]))
                seen[k] = line
                apply(row)
            except RegisterError as exc:
                problems.append(where(line, str(exc)))
        if problems:
            raise ImportProblems(problems)  # the transaction is rolled back: nothing is imported
    return len(rows)


def import_attendance(reg: Register, path: Path) -> int:
    return _attendance(reg, read_rows(path, ATTENDANCE, ATTENDANCE_OPTIONAL), in_file(str(path)))


def import_plans(reg: Register, path: Path) -> int:
    return _plans(reg, read_rows(path, PLANS), in_file(str(path)))


def import_data(reg: Register, kind: str, data: bytes, name: str) -> int:
    """An uploaded file (``kind``: ``attendance`` or ``plans``) by the same rules as the command
    line; problems say ``line N: what is wrong``. Returns how many rows were imported."""
    if kind == "attendance":
        return _attendance(reg, parse_rows(data, name, ATTENDANCE, ATTENDANCE_OPTIONAL, on_line), on_line)
    return _plans(reg, parse_rows(data, name, PLANS, (), on_line), on_line)


def _attendance(reg: Register, rows: list, where) -> int:
    def apply(row: dict) -> None:
        session = whole_number(row["session"], _("Session"))
        minutes = whole_number(row["minutes"], _("Minutes"))
        makeup = _flag(row.get("makeup", ""))
        held_on = day(row["date"], _("Date")) if row.get("date") else None
        reg.enrol(row["group"], row["participant"])
        reg.record_attendance(row["group"], row["participant"], session, minutes, makeup=makeup, held_on=held_on)

    def key(row: dict):
        return (row["group"], row["participant"], row["session"], _flag(row.get("makeup", "")))

    return _apply(reg, where, rows, key, apply)


def _plans(reg: Register, rows: list, where) -> int:
    def apply(row: dict) -> None:
        plan_on = day(row["plan_date"], _("Plan date")) if row["plan_date"] else None
        reg.set_plan(row["group"], row["participant"], plan_on)

    return _apply(reg, where, rows, lambda row: (row["group"], row["participant"]), apply)


def example(kind: str) -> str:
    """A small CSV file of ``kind`` to start from: the header and two rows."""
    if kind == "attendance":
        return "group,participant,session,minutes,makeup,date\nG-2025-01,K-0412,1,120,no,2025-03-03\nG-2025-01,K-0412,2,60,yes,2025-03-12\n"
    return "group,participant,plan_date\nG-2025-01,K-0412,2025-03-05\n"


def _flag(text: str) -> bool:
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise RegisterError(
        _(
            "makeup “{value}” is not {yes} or {no}: write {yes} for a make-up session, {no} for the session itself."
        ).format(value=text, yes="yes", no="no")
    )
