"""Files made from the register: CSV and Excel of the reports, the funders' aggregate, one
person's data as JSON (GDPR article 15), and a training course certificate as PDF.

Every text cell that a spreadsheet would run as a formula is guarded (:func:`widgets.plan.export.csv_cell`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from curriculum.i18n import _
from widgets.plan.export import csv_cell

from . import reports
from .db import RegisterError
from .store import Register


def _cell(value):
    if isinstance(value, str):
        return csv_cell(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def participants_table(reg: Register) -> list[dict]:
    return [
        {
            "group": r.group,
            "programme": r.programme,
            "site": r.site,
            "participant": r.person,
            "status": r.status,
            "minutes": r.minutes,
            "required_minutes": r.completion.required_minutes,
            "plan": r.plan_on,
            "completed": r.completion.completed,
            "missing": "; ".join(r.completion.missing),
        }
        for r in reports.participant_rows(reg)
    ]


def funnel_table(reg: Register) -> list[dict]:
    f = reports.funnel(reg)
    rows = [
        {"step": s["step"], "count": s["count"], "of": s["of"], "not_recorded": s["not_recorded"]} for s in f["steps"]
    ]
    for fu in f["follow_ups"]:
        for answer in ("yes", "no", "unknown", "not_recorded"):
            rows.append({"step": f"reoffended-{fu['months']}-months-{answer}", "count": fu[answer], "of": fu["of"]})
    return rows


def tables(reg: Register) -> dict[str, list[dict]]:
    """Every report as a table: name -> rows."""
    return {
        "participants": participants_table(reg),
        "completion": reports.completion_by(reg),
        "hours": reports.hours_delivered(reg),
        "funnel": funnel_table(reg),
    }


def csv_text(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        fields = list(dict.fromkeys(k for r in rows for k in r))
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _cell(v) for k, v in r.items()})
    return out.getvalue()


def excel(sheets: dict[str, list[dict]], note: str = "") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name[:31])
        if rows:
            fields = list(dict.fromkeys(k for r in rows for k in r))
            sheet.append(fields)
            for r in rows:
                sheet.append([_cell(r.get(k)) for k in fields])
    if note:
        book.create_sheet("note").append([note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def funders_csv(reg: Register) -> str:
    return csv_text(reports.funders(reg))


def person_json(reg: Register, code: str) -> str:
    return json.dumps(reg.export_person(code), ensure_ascii=False, indent=2, default=str)


def certificate_pdf(reg: Register, run: str, person: str, name: str = "", on: dt.date | None = None, cur=None) -> bytes:
    """The course certificate (:mod:`curriculum.certificates`) for a trainee who completed every
    module. The register keeps codes only: ``name`` is printed and never stored; without it the
    certificate has a line for the name, written in by hand. ``cur``: the curriculum in the
    language to print (default: English)."""
    from curriculum.certificates import certificate_pdf as course_certificate

    from .store import catalogue

    found = next((t for t in reg.trainees(run) if t["person"] == person), None)
    if found is None:
        raise RegisterError(_("{person} is not a trainee of {run}.").format(person=person, run=run))
    if not found["completed"]:
        raise RegisterError(
            _("{person} has not completed the course yet; modules still short: {modules}.").format(
                person=person, modules=", ".join(found["missing"])
            )
        )
    info = reg.course_run(run)
    cur = cur or catalogue()
    course = cur.courses.get(info["course"]) or reg.course(info["course"])
    return course_certificate(
        course,
        cur,
        name.strip() or "_" * 30,
        on or dt.date.today(),
        trainer=info["trainers"],
        agency=info["site"],
    )
