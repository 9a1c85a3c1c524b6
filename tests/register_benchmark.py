"""The register's report time on a large register: python tests/register_benchmark.py [--db URL]

Fills an empty register (a temporary SQLite file by default) with 5,000 people in 300 groups, their
attendance (make-ups included), plans, outcomes and follow-ups, then times the reports: the cohort
funnel, completion by programme and site and hours delivered for the whole register, and one group's
report. Prints the SQLite file's size. ``tests/benchmarks.py`` prints the same rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEOPLE, GROUPS = 5000, 300
SITES = ["Tallinn", "Tartu", "Narva", "Praha", "Brno", "Tbilisi", "Kutaisi"]


def fill(reg, people: int = PEOPLE, groups: int = GROUPS, seed: int = 12) -> None:
    """Bulk rows (the audit log is left out: this measures the reports, not the entry)."""
    from sqlalchemy import insert

    from register.store import OUTCOMES, catalogue
    from register.tables import Attendance, FollowUp, Group, Outcome, Participant, Person

    rnd = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    programmes = [p for p in catalogue().programmes.values() if p.format != "individual"]
    with reg.batch() as s:
        s.execute(insert(Person), [{"id": i + 1, "code": f"K-{i + 1:05d}", "created_at": now} for i in range(people)])
        group_rows = []
        for g in range(groups):
            p = programmes[g % len(programmes)]
            group_rows.append(
                {
                    "id": g + 1,
                    "code": f"G-{g + 1:03d}",
                    "programme": p.id,
                    "sessions": p.session_count,
                    "min_hours": p.completion.min_hours,
                    "requires_plan": p.completion.requires_individual_plan,
                    "site": SITES[g % len(SITES)],
                    "facilitators": "F-1",
                    "starts_on": dt.date(2024, 1, 1) + dt.timedelta(days=g),
                    "created_at": now,
                }
            )
        s.execute(insert(Group), group_rows)
        parts, atts, outcomes, follow = [], [], [], []
        for i in range(people):
            g = group_rows[i % groups]
            pid = i + 1
            status = rnd.choices(["enrolled", "completed", "left", "transferred"], [2, 6, 1, 1])[0]
            plan = dt.date(2024, 3, 1) if rnd.random() < 0.8 else None
            parts.append(
                {"id": pid, "group_id": g["id"], "person_id": pid, "status": status, "reason": "", "plan_on": plan}
            )
            length = round(g["min_hours"] * 60 / g["sessions"])
            for n in range(1, g["sessions"] + 1):
                if rnd.random() < 0.9:
                    atts.append(
                        {
                            "participant_id": pid,
                            "session": n,
                            "makeup": False,
                            "minutes": length + rnd.choice([-15, 0, 0, 10]),
                        }
                    )
                elif rnd.random() < 0.5:
                    atts.append({"participant_id": pid, "session": n, "makeup": True, "minutes": length})
            for kind in OUTCOMES:
                if rnd.random() < 0.3:
                    outcomes.append({"person_id": pid, "kind": kind, "on": dt.date(2025, 1, 1), "source": "benchmark"})
            if rnd.random() < 0.5:
                answer = rnd.choice(["yes", "no", "unknown"])
                follow.append(
                    {
                        "person_id": pid,
                        "months": 6,
                        "reoffended": answer,
                        "on": dt.date(2025, 6, 1),
                        "source": "benchmark",
                    }
                )
        s.execute(insert(Participant), parts)
        s.execute(insert(Attendance), atts)
        s.execute(insert(Outcome), outcomes)
        s.execute(insert(FollowUp), follow)


def report_all(reg) -> dict:
    from register import reports

    rows = reports.participant_rows(reg)
    return {
        "completion": reports.completion_by(reg, rows),
        "hours": reports.hours_delivered(reg),
        "funnel": reports.funnel(reg, rows=rows),
    }


def register_rows(url: str | None = None, runs: int = 5) -> list[tuple[str, str]]:
    from register import Register, reports

    with tempfile.TemporaryDirectory() as tmp:
        target = url or str(Path(tmp) / "register.sqlite")
        if url:  # an empty database is needed
            from sqlalchemy import create_engine, text

            from register.db import database_url

            engine = create_engine(database_url(url))
            with engine.begin() as c:
                c.execute(text("DROP SCHEMA public CASCADE"))
                c.execute(text("CREATE SCHEMA public"))
            engine.dispose()
        with Register(target, who="benchmark") as reg:
            start = time.perf_counter()
            fill(reg)
            filled = time.perf_counter() - start
            times, cpu, group_times = [], [], []
            for _ in range(runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                report_all(reg)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
                start = time.perf_counter()
                reports.group_report(reg, "G-150")
                group_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            reports.funders(reg)
            funders = time.perf_counter() - start
            kind = reg.engine.dialect.name
        where = f"register on {kind}, {PEOPLE:,} people in {GROUPS} groups"
        rows = [
            (f"{where}: filling", f"{filled:.1f} s"),
            (
                f"{where}: funnel, completion, hours",
                f"median {statistics.median(times) * 1000:.0f} ms (of {runs}; "
                f"{statistics.median(cpu) * 1000:.0f} ms of this process's CPU time)",
            ),
            (f"{where}: one group's report", f"median {statistics.median(group_times) * 1000:.0f} ms (of {runs})"),
            (f"{where}: funders' aggregate", f"{funders * 1000:.0f} ms"),
        ]
        if not url:
            size = sum(p.stat().st_size for p in Path(tmp).glob("register.sqlite*"))
            rows.append((f"{where}: SQLite file size", f"{size / 1e6:.1f} MB"))
    return rows


def print_rows(rows: list[tuple[str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL the benchmark may wipe (default: a temporary SQLite file)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print_rows(register_rows(args.db, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
