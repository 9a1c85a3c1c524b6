"""Reports from the register: a group's completion, completion by programme and site, hours
delivered, the cohort funnel, and the aggregate for funders. Every count comes with its
denominator and with what is not recorded; nothing here says that a programme caused an outcome.

Each function takes a :class:`~register.store.Register` and returns plain data; :mod:`register.export`
writes it as CSV or Excel, :mod:`register.charts` draws it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from curriculum.i18n import N_

from . import rules
from .store import OUTCOMES, Register
from .tables import Attendance, FollowUp, Group, Outcome, Participant, Person

SUPPRESS_BELOW = 5  # the funders' export shows no count under 5
TOTAL = "total"  # the funders' export: the programme column of the line with the totals
NOTE = N_(
    "These are counts of what the agency recorded. They describe the people in the register; they do not show "
    "that a programme caused any outcome, and outcomes that were not recorded are counted as not recorded."
)


@dataclass(frozen=True)
class ParticipantRow:
    group: str
    programme: str
    site: str
    person_id: int
    person: str
    status: str
    minutes: int
    plan_on: dt.date | None
    completion: rules.Completion


def participant_rows(reg: Register, group: str | None = None) -> list[ParticipantRow]:
    """Every participant (of one group, or all), with minutes attended and completion by the programme's rule."""
    minutes = (
        select(Attendance.participant_id, func.sum(Attendance.minutes).label("minutes"))
        .group_by(Attendance.participant_id)
        .subquery()
    )
    query = (
        select(
            Group.code,
            Group.programme,
            Group.site,
            Group.min_hours,
            Group.requires_plan,
            Person.id,
            Person.code,
            Participant.status,
            Participant.plan_on,
            func.coalesce(minutes.c.minutes, 0),
        )
        .join(Group, Group.id == Participant.group_id)
        .join(Person, Person.id == Participant.person_id)
        .outerjoin(minutes, minutes.c.participant_id == Participant.id)
        .order_by(Group.code, Person.code)
    )
    with reg.reading() as s:
        if group is not None:
            reg._group(s, group)
            query = query.where(Group.code == group)
        found = s.execute(query).all()
    out = []
    for g, programme, site, min_hours, requires_plan, person_id, person, status, plan_on, total in found:
        done = rules.completion(min_hours, requires_plan, int(total), plan_on)
        out.append(ParticipantRow(g, programme, site, person_id, person, status, int(total), plan_on, done))
    return out


def group_report(reg: Register, code: str) -> dict:
    """One group as ``report --group ID --json`` prints it."""
    with reg.reading() as s:
        g = reg._group(s, code)
    rows = participant_rows(reg, code)
    return {
        "group": code,
        "programme": g.programme,
        "rule": {"min_hours": g.min_hours, "requires_individual_plan": g.requires_plan},
        "participants": [
            {
                "participant": r.person,
                "status": r.status,
                "minutes": r.minutes,
                "plan": r.plan_on.isoformat() if r.plan_on else None,
                "completed": r.completion.completed,
                "missing": r.completion.missing,
            }
            for r in rows
        ],
        "totals": {
            "participants": len(rows),
            "completed": sum(r.completion.completed for r in rows),
            "not_completed": sum(not r.completion.completed for r in rows),
            "with_plan": sum(r.plan_on is not None for r in rows),
            "minutes": sum(r.minutes for r in rows),
            "by_status": {status: sum(r.status == status for r in rows) for status in rules.STATUSES},
        },
    }


def completion_by(reg: Register, rows: list[ParticipantRow] | None = None) -> list[dict]:
    """Per programme and site: entered, completed (by the rule), and the status of the rest."""
    rows = participant_rows(reg) if rows is None else rows
    table: dict[tuple[str, str], dict] = {}
    for r in rows:
        t = table.setdefault(
            (r.programme, r.site),
            {"programme": r.programme, "site": r.site, "entered": 0, "completed": 0}
            | {status: 0 for status in rules.STATUSES},
        )
        t["entered"] += 1
        t["completed"] += r.completion.completed
        t[r.status] += 1
    return [table[k] for k in sorted(table)]


def hours_delivered(reg: Register) -> list[dict]:
    """Per programme and site: groups, sessions held, hours the groups met (the longest attendance of
    each session) and hours attended by participants, make-up sessions apart."""
    query = (
        select(
            Participant.group_id,
            Attendance.makeup,
            func.max(Attendance.minutes),
            func.sum(Attendance.minutes),
        )
        .join(Participant, Participant.id == Attendance.participant_id)
        .group_by(Participant.group_id, Attendance.session, Attendance.makeup)
    )
    table: dict[tuple[str, str], dict] = {}
    groups: dict[tuple[str, str], set] = defaultdict(set)
    with reg.reading() as s:
        where = {
            gid: (programme, site) for gid, programme, site in s.execute(select(Group.id, Group.programme, Group.site))
        }
        for group_id, makeup, longest, total in s.execute(query):
            programme, site = where[group_id]
            t = table.setdefault(
                (programme, site),
                {
                    "programme": programme,
                    "site": site,
                    "groups": 0,
                    "sessions": 0,
                    "session_hours": 0.0,
                    "participant_hours": 0.0,
                    "makeup_hours": 0.0,
                },
            )
            groups[(programme, site)].add(group_id)
            if makeup:
                t["makeup_hours"] += total / 60
            else:
                t["sessions"] += 1
                t["session_hours"] += longest / 60
            t["participant_hours"] += total / 60
    for key, t in table.items():
        t["groups"] = len(groups[key])
        for name in ("session_hours", "participant_hours", "makeup_hours"):
            t[name] = round(t[name], 1)
    return [table[k] for k in sorted(table)]


def recorded(reg: Register) -> tuple[dict[int, set[str]], dict[int, dict[int, str]]]:
    """Outcomes (person id -> kinds) and follow-ups (person id -> months -> answer), in two queries."""
    outcomes: dict[int, set[str]] = defaultdict(set)
    follow: dict[int, dict[int, str]] = defaultdict(dict)
    with reg.reading() as s:
        for person_id, kind in s.execute(select(Outcome.person_id, Outcome.kind)):
            outcomes[person_id].add(kind)
        for person_id, months, answer in s.execute(select(FollowUp.person_id, FollowUp.months, FollowUp.reoffended)):
            follow[person_id][months] = answer
    return outcomes, follow


def funnel(
    reg: Register,
    programme: str | None = None,
    site: str | None = None,
    rows: list[ParticipantRow] | None = None,
    known: tuple | None = None,
) -> dict:
    """The cohort: people who entered (one or more groups), completed (by the rule, or recorded as an
    outcome), and each outcome and follow-up, each with its denominator and what is not recorded."""
    rows = participant_rows(reg) if rows is None else rows
    outcomes, follow = known or recorded(reg)
    rows = [r for r in rows if (programme is None or r.programme == programme) and (site is None or r.site == site)]
    entered = {r.person_id for r in rows}
    n = len(entered)
    completed = {r.person_id for r in rows if r.completion.completed}
    completed |= {p for p in entered if "completed" in outcomes.get(p, ())}
    steps = [{"step": "entered", "count": n, "of": n, "not_recorded": 0}]
    steps.append({"step": "completed", "count": len(completed), "of": n, "not_recorded": None})
    for kind in OUTCOMES:
        if kind != "completed":
            count = sum(kind in outcomes.get(p, ()) for p in entered)
            steps.append({"step": kind, "count": count, "of": n, "not_recorded": n - count})
    follow_ups = []
    for months in rules.FOLLOW_UP_MONTHS:
        answers = {a: sum(follow.get(p, {}).get(months) == a for p in entered) for a in rules.REOFFENDED}
        follow_ups.append({"months": months, **answers, "not_recorded": n - sum(answers.values()), "of": n})
    return {"programme": programme, "site": site, "steps": steps, "follow_ups": follow_ups}


def suppress(count: int) -> int | str:
    """A count for funders: under 5 it is shown as "<5" so that no one can be picked out."""
    return count if count >= SUPPRESS_BELOW else f"<{SUPPRESS_BELOW}"


HIDDEN = "hidden"  # a count of 5 or more hidden so that a count under 5 cannot be worked out from the totals


def _determined(hidden: list, lines: list[tuple[list, object]]) -> list:
    """The hidden cells whose value the published lines give away: a line says that its cells add
    up to its total, and a hidden cell is given away when some sum and difference of the lines
    leaves it alone (exact arithmetic: Gaussian elimination over fractions)."""
    from fractions import Fraction

    index = {cell: i for i, cell in enumerate(hidden)}
    matrix = []
    for cells, total in lines:
        row = [Fraction(0)] * len(hidden)
        for cell in cells:
            if cell in index:
                row[index[cell]] += 1
        if total is not None and total in index:
            row[index[total]] -= 1
        if any(row):
            matrix.append(row)
    pivots: list[int] = []
    r = 0
    for c in range(len(hidden)):
        found = next((i for i in range(r, len(matrix)) if matrix[i][c]), None)
        if found is None:
            continue
        matrix[r], matrix[found] = matrix[found], matrix[r]
        lead = matrix[r][c]
        matrix[r] = [v / lead for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c]:
                factor = matrix[i][c]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
    # A cell is given away when its row of the reduced matrix has no other cell in it.
    return [hidden[c] for i, c in enumerate(pivots) if sum(1 for v in matrix[i] if v) == 1]


def protect(values: dict, lines: list[tuple[list, object]]) -> dict:
    """Suppress the cells of a table for publication. ``values``: cell -> count; ``lines``: (cells,
    total cell or None) that add up (a row or a column and its total). Every count under 5 is
    suppressed ("<5"). Then, so that no suppressed count can be worked out by subtraction from the
    totals, while a line would give a suppressed cell away (one suppressed cell in a row or column
    whose total is shown, or any such chain of rows and columns), the smallest shown cell of that
    line is suppressed too ("hidden"), until nothing can be worked out. Returns cell -> what is
    published: the count, "<5" or "hidden"."""
    out = {cell: suppress(count) for cell, count in values.items()}
    order = {cell: i for i, cell in enumerate(values)}

    def shown(cells) -> list:
        return [c for c in cells if c is not None and isinstance(out[c], int)]

    def smallest(cells):
        return min(cells, key=lambda c: (values[c], order[c]))

    while True:
        # A row or column with exactly one suppressed cell and a shown total: its next smallest cell too.
        single = next(
            (
                (cells, total)
                for cells, total in lines
                if len(cells) + (total is not None) - len(shown([*cells, total])) == 1
            ),
            None,
        )
        if single is not None:
            cells, total = single
            out[smallest(shown(cells) or shown([total]))] = HIDDEN
            continue
        # No such line, but a chain of them may still give a cell away: suppress the smallest shown
        # cell of a line that holds it (its total when the line has no shown cell).
        given_away = _determined([c for c in values if not isinstance(out[c], int)], lines)
        if not given_away:
            return out
        near = [(cells, total) for cells, total in lines if given_away[0] in (*cells, total)]
        candidates = shown(c for cells, _t in near for c in cells) or shown(t for _c, t in near)
        candidates = candidates or shown(values)
        if not candidates:
            return out
        out[smallest(candidates)] = HIDDEN


def funders(reg: Register) -> list[dict]:
    """Counts per programme and site (people entered, completed, each outcome), a last line with the
    totals over every programme and site, and hours. Every count under 5 is suppressed ("<5"), and
    so are as many more as it takes ("hidden") that no suppressed count can be worked out from the
    totals by subtraction (:func:`protect`). Rates are given only where both counts are shown."""
    rows = participant_rows(reg)
    known = recorded(reg)
    table = completion_by(reg, rows)
    keys = [(t["programme"], t["site"]) for t in table] + [(TOTAL, "")]
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for (programme, site), t in zip(keys, table + [None], strict=True):
        if t is None:
            f = funnel(reg, rows=rows, known=known)  # every person once, whichever groups they were in
        else:
            f = funnel(reg, programme, site, rows, known)
        counts[(programme, site)] = {step["step"]: step["count"] for step in f["steps"]}
    steps = list(counts[keys[-1]])
    values = {(key, step): counts[key][step] for key in keys for step in steps}
    lines = [([(key, step) for key in keys[:-1]], (keys[-1], step)) for step in steps]
    shown = protect(values, lines)
    hours = {(h["programme"], h["site"]): h for h in hours_delivered(reg)}
    out = []
    for key in keys:
        line = {"programme": key[0], "site": key[1]}
        for step in steps:
            line[step] = shown[(key, step)]
        both = isinstance(line["entered"], int) and isinstance(line["completed"], int)
        line["completion_rate"] = round(100 * line["completed"] / line["entered"]) if both and line["entered"] else ""
        if key == keys[-1]:
            line["session_hours"] = round(sum(h["session_hours"] for h in hours.values()), 1)
        else:
            line["session_hours"] = hours.get(key, {}).get("session_hours", 0.0)
        out.append(line)
    return out
