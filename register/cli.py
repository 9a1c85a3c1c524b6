"""The register from the command line: python -m register [--db URL|FILE] [--user NAME] COMMAND …

Bad input never gives a traceback: a plain message on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from curriculum.i18n import _

from . import rules
from .db import RegisterError
from .store import OUTCOMES, Register


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-03-31") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m register", description=__doc__.splitlines()[0])
    p.add_argument(
        "--db", help="an SQLite file or a database URL (default: $TOOLKIT_REGISTER_DB or the file in ~/.local/share)"
    )
    p.add_argument("--user", help="the name written in the audit log (default: your login name)")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("create-group", help="a programme group")
    c.add_argument("id")
    c.add_argument("--programme", required=True, help="a programme id from the catalogue, e.g. social-training-adults")
    c.add_argument("--site", default="")
    c.add_argument("--facilitators", default="")
    c.add_argument("--start", type=_date)
    c.add_argument("--end", type=_date)

    c = sub.add_parser("enrol", help="add participants (codes) to a group")
    c.add_argument("group")
    c.add_argument("participants", nargs="+")

    c = sub.add_parser("status", help="a participant's status: enrolled, completed, left, transferred")
    c.add_argument("group")
    c.add_argument("participant")
    c.add_argument("status", choices=rules.STATUSES)
    c.add_argument("--reason", default="")

    about = (
        "CSV: group,participant,session,minutes[,makeup][,date]; makeup is yes (a make-up session) or no "
        "(or empty: the session itself), in English whatever the language (ano/ne, jah/ei, да/нет are read too); "
        "date is YYYY-MM-DD. A participant not yet in the group is added. Every wrong row is reported as "
        "file:line: what is wrong, and nothing from the file is imported."
    )
    c = sub.add_parser("import-attendance", help=about, description=about)
    c.add_argument("file", type=Path)
    about = "CSV: group,participant,plan_date (YYYY-MM-DD; empty: no plan). Nothing is imported from a file with a wrong row."
    c = sub.add_parser("import-plans", help=about, description=about)
    c.add_argument("file", type=Path)

    c = sub.add_parser("outcome", help="an outcome for a person, with its date and source")
    c.add_argument("person")
    c.add_argument("kind", choices=list(OUTCOMES))
    c.add_argument("--date", type=_date, required=True)
    c.add_argument("--source", required=True)

    c = sub.add_parser("follow-up", help="reoffending at 6, 12 or 24 months: yes, no, unknown")
    c.add_argument("person")
    c.add_argument("months", type=int, choices=rules.FOLLOW_UP_MONTHS)
    c.add_argument("reoffended", choices=rules.REOFFENDED)
    c.add_argument("--date", type=_date, required=True)
    c.add_argument("--source", required=True)

    c = sub.add_parser("pair", help="a mentor-client pair")
    c.add_argument("mentor")
    c.add_argument("person")
    c.add_argument("--release", type=_date)
    c = sub.add_parser("meeting", help="a mentoring meeting")
    c.add_argument("mentor")
    c.add_argument("person")
    c.add_argument("--date", type=_date, required=True)
    c.add_argument("--minutes", type=int, required=True)
    c.add_argument("--stage", choices=rules.STAGES)
    c = sub.add_parser("caseload", help="mentor-client pairs with the 18-month and 6 + 6-month checks")
    c.add_argument("--mentor")

    c = sub.add_parser("create-course", help="a run of a training course")
    c.add_argument("id")
    c.add_argument("--course", required=True)
    c.add_argument("--site", default="")
    c.add_argument("--trainers", default="")
    c.add_argument("--start", type=_date)
    c = sub.add_parser("module", help="minutes a trainee attended of a module")
    c.add_argument("run")
    c.add_argument("person")
    c.add_argument("module")
    c.add_argument("minutes", type=int)
    c = sub.add_parser("certificate", help="the PDF certificate of a trainee who completed the course")
    c.add_argument("run")
    c.add_argument("person")
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--name", default="", help="the name printed on it (never stored); default: a line to write it in")

    c = sub.add_parser("report", help="a group's completion, or the whole register's reports")
    c.add_argument("--group")
    c.add_argument("--json", action="store_true")
    c.add_argument("--csv", type=Path, metavar="FOLDER", help="write every report as CSV into FOLDER")
    c.add_argument("--excel", type=Path, metavar="FILE.xlsx")
    c.add_argument(
        "--funders",
        type=Path,
        metavar="FILE.csv",
        help="counts under 5 shown as <5, and more hidden so that none can be worked out from the totals",
    )

    c = sub.add_parser("export-person", help="everything held on one person, as JSON (GDPR art. 15)")
    c.add_argument("person")
    c = sub.add_parser("erase-person", help="remove one person and all their records (GDPR art. 17)")
    c.add_argument("person")
    c.add_argument("--yes", action="store_true", help="really erase")
    c = sub.add_parser("retention", help="show or set how many years records are kept; --apply deletes older ones")
    c.add_argument("--years", type=int)
    c.add_argument("--apply", action="store_true")
    c = sub.add_parser("audit", help="the audit log, newest first")
    c.add_argument("--person")
    c.add_argument("--limit", type=int, default=50)
    return p


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def run(args, reg: Register) -> int:
    from . import export, imports

    cmd = args.command
    if cmd == "create-group":
        reg.create_group(args.id, args.programme, args.site, args.facilitators, args.start, args.end)
        print(_("Group {id} created ({programme}).").format(id=args.id, programme=args.programme))
    elif cmd == "enrol":
        with reg.batch():
            for person in args.participants:
                reg.enrol(args.group, person)
    elif cmd == "status":
        reg.set_status(args.group, args.participant, args.status, args.reason)
    elif cmd in ("import-attendance", "import-plans"):
        do = imports.import_attendance if cmd == "import-attendance" else imports.import_plans
        count = do(reg, args.file)
        print(_("{count} rows imported from {file}.").format(count=count, file=args.file))
    elif cmd == "outcome":
        reg.record_outcome(args.person, args.kind, args.date, args.source)
    elif cmd == "follow-up":
        reg.record_follow_up(args.person, args.months, args.reoffended, args.date, args.source)
    elif cmd == "pair":
        reg.pair(args.mentor, args.person, args.release)
    elif cmd == "meeting":
        reg.meeting(args.mentor, args.person, args.date, args.minutes, args.stage)
    elif cmd == "caseload":
        _print_json([{**c, "span": c["span"].__dict__} for c in reg.caseload(args.mentor)])
    elif cmd == "create-course":
        reg.create_course_run(args.id, args.course, args.site, args.trainers, args.start)
    elif cmd == "module":
        reg.record_module(args.run, args.person, args.module, args.minutes)
    elif cmd == "certificate":
        args.out.write_bytes(export.certificate_pdf(reg, args.run, args.person, args.name))
        print(_("Certificate written to {file}.").format(file=args.out))
    elif cmd == "report":
        return report(args, reg)
    elif cmd == "export-person":
        print(export.person_json(reg, args.person))
    elif cmd == "erase-person":
        if not args.yes:
            raise RegisterError(_("Erasing cannot be undone: add --yes to erase {person}.").format(person=args.person))
        counts = reg.erase_person(args.person)
        print(_("{person} was erased.").format(person=args.person), json.dumps(counts))
    elif cmd == "retention":
        if args.years is not None:
            reg.set_retention(args.years)
        if args.apply:
            _print_json(reg.apply_retention())
        else:
            years = reg.retention_years()
            print(
                _("Records are kept for {years} years.").format(years=years)
                if years
                else _("No retention period is set.")
            )
    elif cmd == "audit":
        _print_json(reg.audit(args.person, args.limit))
    return 0


def report(args, reg: Register) -> int:
    from . import export, reports

    if args.group:
        data = reports.group_report(reg, args.group)
        if args.json:
            _print_json(data)
        else:
            for p in data["participants"]:
                state = _("completed the programme") if p["completed"] else "; ".join(p["missing"])
                print(f"{p['participant']}\t{p['minutes']}\t{state}")
        return 0
    wrote = False
    if args.csv:
        args.csv.mkdir(parents=True, exist_ok=True)
        for name, rows in export.tables(reg).items():
            (args.csv / f"{name}.csv").write_text(export.csv_text(rows), encoding="utf-8")
        wrote = True
    if args.excel:
        args.excel.write_bytes(export.excel(export.tables(reg), _(reports.NOTE)))
        wrote = True
    if args.funders:
        args.funders.write_text(export.funders_csv(reg), encoding="utf-8")
        wrote = True
    if args.json or not wrote:
        rows = reports.participant_rows(reg)
        _print_json(
            {
                "completion": reports.completion_by(reg, rows),
                "hours": reports.hours_delivered(reg),
                "funnel": reports.funnel(reg, rows=rows),
                "note": _(reports.NOTE),
            }
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with Register(args.db, who=args.user) as reg:
            return run(args, reg)
    except RegisterError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        print(
            _("The register could not be opened or written: {reason}").format(
                reason=str(exc.orig or exc).splitlines()[0]
            ),
            file=sys.stderr,
        )
        return 2
    except OSError as exc:
        print(_("A file could not be written: {reason}").format(reason=exc), file=sys.stderr)
        return 2
