"""Rooms for the group calibration exercise: a facilitator opens a room for a case study, people
rate the case in the needs-assessment app on their own devices and send their ratings under a
nickname, and the facilitator sees, per needs area, how far the ratings spread.

Every participant and the facilitator run in a kernel of their own, so a room lives in one SQLite
file on the server (WAL mode; every change in one short ``BEGIN IMMEDIATE`` transaction, so many
kernels may write at once). The file is in ``$TOOLKIT_ROOMS_DIR``, by default in a folder of the
Jupyter runtime directory; never inside the toolkit's folder, which the server publishes.

What a room keeps: its code, the case study, a nickname per person and their ratings (0-4 per
area). No names, no free text. Closing a room deletes all of it at once (with SQLite's
``secure_delete``, so the deleted rows are overwritten in the file too); a room never closed is
deleted :data:`EXPIRY_HOURS` after it was opened. Only the code of an ended room is remembered for
as long again, so that people who type it are told the room ended rather than that it never was.

Nothing here imports ipywidgets: :mod:`widgets.rooms.view` (the facilitator's screen) and
:mod:`widgets.rooms.join` (the panel in the needs app) show it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterable
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from curriculum.i18n import N_, _, ngettext

from ..fields import TextRule

ENV = "TOOLKIT_ROOMS_DIR"
FILENAME = "rooms.sqlite"
SERVED = Path(__file__).resolve().parents[2]  # the repository: its book and apps are served
# Codes are read aloud and typed from a projector: no 0/O, 1/I/L look-alikes.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_PEOPLE = 60  # people in one room
EXPIRY_HOURS = 12  # a room never closed is deleted this long after it was opened
FAR = 2  # a rating this far (or further) from the group's median is an outlier
SCORES = range(0, 5)

NICKNAME_MAX = 24
NICKNAME = TextRule(
    "nickname",
    N_("Nickname"),
    NICKNAME_MAX,
    required=N_("Enter a nickname: a first name or a made-up word, not your full name."),
)

# The register's rules for what looks like a person (register/codes.py); not imported from there, because
# importing the register loads SQLAlchemy and its models, seconds that every needs-app kernel would pay.
NAME = re.compile(r"^\s*\w[^\W\d_]+[\s,]+\w[^\W\d_]+([\s,]+\w[^\W\d_]+)*\s*$")
CASELESS = re.compile(r"[\u10d0-\u10ff]")  # Georgian (Mkhedruli) has no capitals: any two words may be a name
EMAIL = re.compile(r"\S+@\S+\.\S+")
PERSONAL_NUMBER = re.compile(r"^\d{6}/?\d{3,4}$|^\d{11}$")


class RoomProblem(ValueError):
    """Something about a room that a person must be told, in plain words."""


def rooms_dir() -> Path:
    """The folder of the rooms' file: ``$TOOLKIT_ROOMS_DIR``, else ``<Jupyter runtime dir>/toolkit-rooms``."""
    given = os.environ.get(ENV)
    if given:
        return Path(given).expanduser()
    from jupyter_core.paths import jupyter_runtime_dir

    return Path(jupyter_runtime_dir()) / "toolkit-rooms"


def normalise_code(text: str | None) -> str:
    """A room code as typed (``k7m p3x``, ``K7M-P3X``) -> ``K7MP3X``; RoomProblem when it cannot be one."""
    code = re.sub(r"[\s\-.]", "", str(text or "")).upper()
    if not code:
        raise RoomProblem(_("Enter the room code that the facilitator shows, such as K7MP3X."))
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        raise RoomProblem(
            _(
                "“{code}” is not a room code. A room code has {length} letters and digits, such as K7MP3X; "
                "check it with the facilitator."
            ).format(code=str(text).strip()[:20], length=CODE_LENGTH)
        )
    return code


def check_nickname(text: str | None) -> str:
    """The nickname as it is kept (cleaned by :data:`NICKNAME`), or RoomProblem saying why it cannot be one."""
    problem = NICKNAME.problem(text)
    if problem:
        raise RoomProblem(problem)
    nick = NICKNAME.clean(text)
    words = re.split(r"[\s,]+", nick)
    if (
        len(words) > 1
        and NAME.match(nick)
        and sum(w[:1].isupper() or CASELESS.match(w) is not None for w in words) >= 2
    ):
        raise RoomProblem(
            _(
                "“{nickname}” looks like a person's full name. Use a first name or a made-up word, "
                "such as Blue fox or Anna."
            ).format(nickname=nick)
        )
    if EMAIL.search(nick) or PERSONAL_NUMBER.match(nick):
        raise RoomProblem(
            _(
                "“{nickname}” looks like an e-mail address or a personal identification number. "
                "Use a first name or a made-up word."
            ).format(nickname=nick)
        )
    return nick


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _fold(nickname: str) -> str:
    """Nicknames are the same when they differ only in case (``anna`` and ``Anna``)."""
    return nickname.casefold()


@dataclass(frozen=True)
class Room:
    code: str
    case_id: str
    lang: str
    opened: float  # seconds since the epoch
    expires: float


@dataclass(frozen=True)
class Seat:
    """A person in a room; ``token`` lets their own kernel send their ratings, and nobody else's."""

    code: str
    nickname: str
    token: str
    room: Room


@dataclass(frozen=True)
class Sent:
    """What a person's ratings became in the room."""

    nickname: str
    ratings: dict[str, int | None]
    replaced: bool  # they had sent ratings before: these replace them
    at: float

    @property
    def rated(self) -> int:
        return sum(v is not None for v in self.ratings.values())


@dataclass(frozen=True)
class DomainResult:
    """The group's ratings of one needs area."""

    domain: str
    ratings: dict[str, int]  # nickname -> rating (people who rated this area)
    reference: int | None = None  # the rating the case study's authors give, when known

    @property
    def count(self) -> int:
        return len(self.ratings)

    @property
    def counts(self) -> list[int]:
        """How many people chose 0, 1, 2, 3 and 4."""
        values = list(self.ratings.values())
        return [values.count(score) for score in SCORES]

    @property
    def low(self) -> int | None:
        return min(self.ratings.values()) if self.ratings else None

    @property
    def high(self) -> int | None:
        return max(self.ratings.values()) if self.ratings else None

    @property
    def spread(self) -> int:
        return self.high - self.low if self.ratings else 0

    @property
    def median(self) -> float | None:
        return statistics.median(self.ratings.values()) if self.ratings else None

    @property
    def outliers(self) -> dict[str, int]:
        """The people whose rating is :data:`FAR` or more from the group's median (nickname -> rating)."""
        mid = self.median
        if mid is None or self.count < 3:
            return {}
        return {nick: v for nick, v in self.ratings.items() if abs(v - mid) >= FAR}

    def who_chose(self, score: int) -> list[str]:
        return sorted((n for n, v in self.ratings.items() if v == score), key=str.casefold)


@dataclass(frozen=True)
class Results:
    """A room as the facilitator sees it."""

    room: Room
    joined: list[str]  # nicknames, in the order people joined
    sent: list[str]  # nicknames of the people who have sent ratings
    domains: list[DomainResult] = field(default_factory=list)

    @property
    def waiting(self) -> list[str]:
        """People who joined and have not sent ratings yet."""
        return [n for n in self.joined if n not in self.sent]

    def talk_first(self) -> list[DomainResult]:
        """The areas to talk about first: the widest spread, then the most outliers, in the areas' order."""
        order = {d.domain: i for i, d in enumerate(self.domains)}
        rated = [d for d in self.domains if d.count]
        return sorted(rated, key=lambda d: (-d.spread, -len(d.outliers), order[d.domain]))


def number(value: float | None) -> str:
    """A median as people say it: ``2``, ``2.5``."""
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def names(nicknames: Iterable[str]) -> str:
    """``Anna, Blue fox and Petr`` (in the current language)."""
    items = list(nicknames)
    if len(items) <= 1:
        return "".join(items)
    # Translators: joins the last name of a list to the others: "Anna, Petr and Blue fox".
    return _("{first} and {last}").format(first=", ".join(items[:-1]), last=items[-1])


def sent_sentence(count: int) -> str:
    return ngettext("{count} person has sent ratings", "{count} people have sent ratings", count).format(count=count)


def prompts(result: DomainResult, title: str, show_names: bool = False) -> list[str]:
    """What to ask the group about one area, in plain words (the current language).

    ``show_names`` names the people whose ratings stand out; without it (a projected screen) only
    how many they are.
    """
    area, n = title, result.count
    if n == 0:
        return [_("No one has rated {area} yet.").format(area=area)]
    if n == 1:
        return [_("Only one person has rated {area} so far.").format(area=area)]
    low, high = result.low, result.high
    out = []
    if result.spread == 0:
        out.append(
            _(
                "Everyone rated {area} {score}. Ask one person to name the facts in the case that show this level of need."
            ).format(area=area, score=low)
        )
    elif result.spread == 1:
        out.append(
            _(
                "Ratings of {area} are close: {low} to {high}. Ask the group what in the case would move a rating "
                "from {low} to {high}."
            ).format(area=area, low=low, high=high)
        )
    else:
        out.append(
            _(
                "Ratings of {area} range from {low} to {high}. Ask the people who chose {low} and {high} to say "
                "what in the case led them there."
            ).format(area=area, low=low, high=high)
        )
    apart: dict[int, list[str]] = {}
    for nick, v in result.outliers.items():
        apart.setdefault(v, []).append(nick)
    for score, nicks in sorted(apart.items()):
        nicks.sort(key=str.casefold)
        if show_names:
            text = _("{names} rated {area} {score}, far from the group's middle rating of {median}.").format(
                names=names(nicks), area=area, score=score, median=number(result.median)
            )
        else:
            text = ngettext(
                "{count} person rated {area} {score}, far from the group's middle rating of {median}.",
                "{count} people rated {area} {score}, far from the group's middle rating of {median}.",
                len(nicks),
            ).format(count=len(nicks), area=area, score=score, median=number(result.median))
        out.append(text)
    return out


def reference_sentence(result: DomainResult, title: str) -> str:
    """How the group compares with the case study's own rating; "" when the case gives none."""
    if result.reference is None or not result.count:
        return ""
    if abs(result.median - result.reference) < 1:
        return _("The case study rates {area} {reference}, as most of the group did.").format(
            area=title, reference=result.reference
        )
    return _(
        "The case study rates {area} {reference}; the group's middle rating is {median}. "
        "Read what {reference} means on the scale together."
    ).format(area=title, reference=result.reference, median=number(result.median))


SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL,
    case_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    opened REAL NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS people (
    code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
    folded TEXT NOT NULL,
    nickname TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    joined REAL NOT NULL,
    sent REAL,
    ratings TEXT,
    PRIMARY KEY (code, folded)
);
CREATE TABLE IF NOT EXISTS ended (
    code TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    until REAL NOT NULL
);
"""


class RoomStore:
    """The rooms in one SQLite file, safe to use from many kernels (processes) at once.

    ``clock`` (seconds since the epoch) is for tests of expiry.
    """

    def __init__(self, directory: str | Path | None = None, clock: Callable[[], float] = time.time):
        folder = Path(directory).expanduser() if directory is not None else rooms_dir()
        folder = folder.resolve()
        if folder.is_relative_to(SERVED):
            raise RoomProblem(
                _(
                    "The rooms' folder {folder} is inside the toolkit's folder, which the server publishes. "
                    "Set {variable} to a folder outside it."
                ).format(folder=folder, variable=ENV)
            )
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise RoomProblem(
                _("The rooms' folder {folder} cannot be made: {reason}").format(folder=folder, reason=exc.strerror)
            ) from None
        self.path = folder / FILENAME
        self.clock = clock
        with self._connect() as db:
            db.executescript(SCHEMA)
        self.path.chmod(0o600)

    # ------------------------------------------------------------------ the file
    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=15, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left in free pages
        db.execute("PRAGMA busy_timeout=15000")
        return db

    @contextmanager
    def _write(self):
        """One change, all or nothing, with the file locked for writing from the start (no deadlock
        between two kernels that both read and then write). Expired rooms go first."""
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            self._purge(db)
            db.execute("COMMIT")  # what has expired goes even when the change itself is refused
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    @contextmanager
    def _read(self):
        with closing(self._connect()) as db:
            yield db

    def _purge(self, db: sqlite3.Connection) -> int:
        now = self.clock()
        gone = [row[0] for row in db.execute("SELECT code FROM rooms WHERE expires <= ?", (now,))]
        for code in gone:
            db.execute("DELETE FROM rooms WHERE code = ?", (code,))
            db.execute(
                "INSERT OR REPLACE INTO ended (code, reason, until) VALUES (?, 'expired', ?)",
                (code, now + EXPIRY_HOURS * 3600),
            )
        db.execute("DELETE FROM ended WHERE until <= ?", (now,))
        return len(gone)

    def purge_expired(self) -> int:
        """Delete every room past its time; returns how many."""
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            n = self._purge(db)
            db.execute("COMMIT")
        return n

    def _room(self, db: sqlite3.Connection, code: str) -> tuple[Room, str]:
        """The open room ``code`` and its key's hash, or RoomProblem saying why there is none."""
        row = db.execute(
            "SELECT code, case_id, lang, opened, expires, key_hash FROM rooms WHERE code = ? AND expires > ?",
            (code, self.clock()),
        ).fetchone()
        if row is not None:
            return Room(*row[:5]), row[5]
        ended = db.execute("SELECT reason FROM ended WHERE code = ?", (code,)).fetchone()
        if ended and ended[0] == "closed":
            raise RoomProblem(_("The facilitator has closed the room {code}.").format(code=code))
        if ended or db.execute("SELECT 1 FROM rooms WHERE code = ?", (code,)).fetchone():
            raise RoomProblem(
                ngettext(
                    "The room {code} has ended: rooms close by themselves {hours} hour after they are opened.",
                    "The room {code} has ended: rooms close by themselves {hours} hours after they are opened.",
                    EXPIRY_HOURS,
                ).format(code=code, hours=EXPIRY_HOURS)
            )
        raise RoomProblem(
            _("There is no open room with the code {code}. Check the code with the facilitator.").format(code=code)
        )

    def _facilitated(self, db: sqlite3.Connection, code: str, key: str) -> Room:
        room, key_hash = self._room(db, normalise_code(code))
        if not secrets.compare_digest(key_hash, _hash(key or "")):
            raise RoomProblem(_("Only the screen that opened the room {code} can do this.").format(code=room.code))
        return room

    # ------------------------------------------------------------------ the facilitator
    def create(self, case_id: str, lang: str = "en") -> tuple[Room, str]:
        """Open a room for ``case_id``; returns it and the facilitator's key (kept by the facilitator's screen only)."""
        if not case_id:
            raise RoomProblem(_("Choose a case study for the room first."))
        key = secrets.token_urlsafe(16)
        with self._write() as db:
            taken = {row[0] for row in db.execute("SELECT code FROM rooms UNION SELECT code FROM ended")}
            while (code := "".join(secrets.choice(ALPHABET) for _i in range(CODE_LENGTH))) in taken:
                pass
            now = self.clock()
            db.execute(
                "INSERT INTO rooms (code, key_hash, case_id, lang, opened, expires) VALUES (?, ?, ?, ?, ?, ?)",
                (code, _hash(key), case_id, lang, now, now + EXPIRY_HOURS * 3600),
            )
        return Room(code, case_id, lang, now, now + EXPIRY_HOURS * 3600), key

    def resume(self, code: str, key: str) -> Room:
        """The room ``code`` for the screen that holds its key (after that page was reloaded)."""
        with self._read() as db:
            return self._facilitated(db, code, key)

    def results(self, code: str, key: str, domains: Iterable[str], reference: dict[str, int] | None = None) -> Results:
        """The room's ratings per area of ``domains`` (ids, in the order shown); ``reference`` is the case's own."""
        reference = reference or {}
        with self._read() as db:
            room = self._facilitated(db, code, key)
            rows = db.execute(
                "SELECT nickname, sent, ratings FROM people WHERE code = ? ORDER BY joined, nickname", (room.code,)
            ).fetchall()
        joined = [r[0] for r in rows]
        sent = [r[0] for r in rows if r[1] is not None]
        given = {r[0]: json.loads(r[2]) for r in rows if r[1] is not None and r[2]}
        out = []
        for d in domains:
            ratings = {nick: v[d] for nick, v in given.items() if isinstance(v.get(d), int)}
            out.append(DomainResult(d, ratings, reference.get(d)))
        return Results(room, joined, sent, out)

    def close(self, code: str, key: str) -> None:
        """Delete the room and everything in it; its code is remembered as closed for a while."""
        with self._write() as db:
            room = self._facilitated(db, code, key)
            db.execute("DELETE FROM rooms WHERE code = ?", (room.code,))  # people go with it (ON DELETE CASCADE)
            db.execute(
                "INSERT OR REPLACE INTO ended (code, reason, until) VALUES (?, 'closed', ?)",
                (room.code, self.clock() + EXPIRY_HOURS * 3600),
            )
        # Nothing of the room stays in the write-ahead log either.
        with closing(self._connect()) as db:
            try:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.OperationalError:  # another kernel is reading: the next checkpoint does it
                pass

    # ------------------------------------------------------------------ participants
    def room(self, code: str) -> Room:
        """The open room ``code`` (as typed), or RoomProblem saying why not."""
        code = normalise_code(code)
        with self._read() as db:
            return self._room(db, code)[0]

    def join(self, code: str, nickname: str) -> Seat:
        """A place in the room under ``nickname``; RoomProblem if the code, the nickname or the room's size says no."""
        code = normalise_code(code)
        nick = check_nickname(nickname)
        token = secrets.token_urlsafe(16)
        with self._write() as db:
            room, _key = self._room(db, code)
            if db.execute("SELECT 1 FROM people WHERE code = ? AND folded = ?", (code, _fold(nick))).fetchone():
                raise RoomProblem(
                    _(
                        "Someone in this room already uses the nickname “{nickname}”. Choose another one, "
                        "such as {example}."
                    ).format(nickname=nick, example=f"{nick}2"[:NICKNAME_MAX])
                )
            (count,) = db.execute("SELECT COUNT(*) FROM people WHERE code = ?", (code,)).fetchone()
            if count >= MAX_PEOPLE:
                raise RoomProblem(
                    _("The room {code} is full: it has {count} people, the most a room can hold.").format(
                        code=code, count=MAX_PEOPLE
                    )
                )
            db.execute(
                "INSERT INTO people (code, folded, nickname, token_hash, joined) VALUES (?, ?, ?, ?, ?)",
                (code, _fold(nick), nick, _hash(token), self.clock()),
            )
        return Seat(code, nick, token, room)

    def submit(self, seat: Seat, ratings: dict[str, int | None]) -> Sent:
        """Send (or send again: it replaces) the ratings of ``seat``; each a whole number 0-4 or None."""
        clean: dict[str, int | None] = {}
        for domain, value in ratings.items():
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value not in SCORES):
                raise RoomProblem(
                    _("A rating is a whole number from 0 (no need) to 4 (critical need), not {value}.").format(
                        value=repr(value)
                    )
                )
            clean[str(domain)] = value
        if not any(v is not None for v in clean.values()):
            raise RoomProblem(_("Rate at least one area before you send your ratings."))
        now = self.clock()
        with self._write() as db:
            self._room(db, seat.code)
            row = db.execute(
                "SELECT token_hash, sent FROM people WHERE code = ? AND folded = ?", (seat.code, _fold(seat.nickname))
            ).fetchone()
            if row is None or not secrets.compare_digest(row[0], _hash(seat.token)):
                raise RoomProblem(
                    _("You are no longer in the room {code}: join it again to send your ratings.").format(
                        code=seat.code
                    )
                )
            db.execute(
                "UPDATE people SET ratings = ?, sent = ? WHERE code = ? AND folded = ?",
                (json.dumps(clean, sort_keys=True), now, seat.code, _fold(seat.nickname)),
            )
        return Sent(seat.nickname, clean, row[1] is not None, now)

    def leave(self, seat: Seat) -> None:
        """Take ``seat``'s nickname and ratings out of the room (nothing happens if the room has gone)."""
        with self._write() as db:
            row = db.execute(
                "SELECT token_hash FROM people WHERE code = ? AND folded = ?", (seat.code, _fold(seat.nickname))
            ).fetchone()
            if row is not None and secrets.compare_digest(row[0], _hash(seat.token)):
                db.execute("DELETE FROM people WHERE code = ? AND folded = ?", (seat.code, _fold(seat.nickname)))
