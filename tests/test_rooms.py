"""The group calibration exercise's rooms (widgets/rooms/model.py), without ipywidgets: a facilitator
and three participants, each with their own RoomStore on the same file as separate kernels have."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest

from widgets.rooms.model import (
    ALPHABET,
    CODE_LENGTH,
    EXPIRY_HOURS,
    MAX_PEOPLE,
    DomainResult,
    RoomProblem,
    RoomStore,
    check_nickname,
    normalise_code,
    prompts,
    reference_sentence,
    rooms_dir,
)

DOMAINS = ["accommodation", "employment", "finance-debt", "health"]


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> RoomStore:
    return RoomStore(tmp_path, clock=clock)


def kernel(tmp_path: Path, clock: Clock) -> RoomStore:
    """Another kernel's view of the same rooms: its own store on the same file."""
    return RoomStore(tmp_path, clock=clock)


def file_bytes(store: RoomStore) -> bytes:
    out = b""
    for suffix in ("", "-wal"):
        path = Path(str(store.path) + suffix)
        if path.exists():
            out += path.read_bytes()
    return out


def test_a_room_of_three(tmp_path, clock, store):
    room, key = store.create("andrei-foreign-national", "en")
    assert len(room.code) == CODE_LENGTH and set(room.code) <= set(ALPHABET)
    assert not set(room.code) & set("0O1I")
    anna, fox, petr = (kernel(tmp_path, clock).join(room.code.lower(), nick) for nick in ("Anna", "Blue fox", "Petr"))
    assert (anna.nickname, fox.nickname, petr.nickname) == ("Anna", "Blue fox", "Petr")
    assert anna.room.case_id == "andrei-foreign-national"

    facilitator = kernel(tmp_path, clock)
    before = facilitator.results(room.code, key, DOMAINS)
    assert before.joined == ["Anna", "Blue fox", "Petr"] and before.sent == [] and before.waiting == before.joined

    first = kernel(tmp_path, clock).submit(
        anna, {"accommodation": 1, "employment": 2, "finance-debt": 2, "health": None}
    )
    assert not first.replaced and first.rated == 3
    kernel(tmp_path, clock).submit(fox, {"accommodation": 2, "employment": 2, "finance-debt": 3})
    kernel(tmp_path, clock).submit(petr, {"accommodation": 4, "employment": 2, "finance-debt": 2})

    res = facilitator.results(room.code, key, DOMAINS, reference={"accommodation": 3})
    assert res.sent == ["Anna", "Blue fox", "Petr"] and res.waiting == []
    acc, emp, fin, health = res.domains
    assert acc.ratings == {"Anna": 1, "Blue fox": 2, "Petr": 4}
    assert acc.counts == [0, 1, 1, 0, 1]
    assert (acc.low, acc.high, acc.spread, acc.median) == (1, 4, 3, 2)
    assert acc.outliers == {"Petr": 4}
    assert emp.spread == 0 and emp.outliers == {}
    assert fin.spread == 1 and fin.median == 2
    assert health.count == 0 and health.counts == [0] * 5
    # Talk first about the widest spread; an area nobody rated is not on the list.
    assert [d.domain for d in res.talk_first()] == ["accommodation", "finance-debt", "employment"]

    assert prompts(acc, "Accommodation") == [
        "Ratings of Accommodation range from 1 to 4. Ask the people who chose 1 and 4 to say what in the case "
        "led them there.",
        "1 person rated Accommodation 4, far from the group's middle rating of 2.",
    ]
    assert prompts(acc, "Accommodation", show_names=True)[1] == (
        "Petr rated Accommodation 4, far from the group's middle rating of 2."
    )
    assert prompts(emp, "Employment") == [
        "Everyone rated Employment 2. Ask one person to name the facts in the case that show this level of need."
    ]
    assert prompts(fin, "Money and debt")[0].startswith("Ratings of Money and debt are close: 2 to 3.")
    assert prompts(health, "Health") == ["No one has rated Health yet."]
    assert reference_sentence(acc, "Accommodation") == (
        "The case study rates Accommodation 3; the group's middle rating is 2. Read what 3 means on the scale together."
    )
    assert reference_sentence(emp, "Employment") == ""

    # Sending again replaces: one row per person, the new ratings only.
    again = kernel(tmp_path, clock).submit(petr, {"accommodation": 2})
    assert again.replaced
    res = facilitator.results(room.code, key, DOMAINS)
    assert res.domains[0].ratings == {"Anna": 1, "Blue fox": 2, "Petr": 2}
    assert res.domains[1].ratings == {"Anna": 2, "Blue fox": 2}
    assert res.sent == ["Anna", "Blue fox", "Petr"]

    # Closing deletes every row of the room, and the nicknames are gone from the file's bytes too.
    assert b"Blue fox" in file_bytes(store)
    facilitator.close(room.code, key)
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM rooms").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM people").fetchone() == (0,)
    raw = file_bytes(store)
    for nick in (b"Anna", b"Blue fox", b"Petr", b"andrei-foreign-national"):
        assert nick not in raw
    with pytest.raises(RoomProblem, match=f"The facilitator has closed the room {room.code}"):
        kernel(tmp_path, clock).join(room.code, "Late")
    with pytest.raises(RoomProblem, match="closed"):
        kernel(tmp_path, clock).submit(anna, {"accommodation": 3})
    with pytest.raises(RoomProblem, match="closed"):
        facilitator.results(room.code, key, DOMAINS)


def test_only_the_facilitators_screen_sees_and_closes(store):
    room, key = store.create("lena-drug-use-and-housing")
    assert store.resume(room.code, key) == room
    for action in (lambda: store.results(room.code, "guess", DOMAINS), lambda: store.close(room.code, "")):
        with pytest.raises(RoomProblem, match="Only the screen that opened the room"):
            action()
    assert store.room(room.code) == room


def test_a_seat_sends_only_its_own_ratings(tmp_path, clock, store):
    room, key = store.create("lena-drug-use-and-housing")
    anna = store.join(room.code, "Anna")
    forged = type(anna)(anna.code, "Anna", "not-the-token", anna.room)
    with pytest.raises(RoomProblem, match="no longer in the room"):
        store.submit(forged, {"accommodation": 2})
    with pytest.raises(RoomProblem, match="Rate at least one area"):
        store.submit(anna, {"accommodation": None})
    for bad in (5, -1, 2.5, True, "3"):
        with pytest.raises(RoomProblem, match="whole number from 0"):
            store.submit(anna, {"accommodation": bad})
    assert store.results(room.code, key, DOMAINS).sent == []
    store.leave(anna)
    assert store.results(room.code, key, DOMAINS).joined == []


def test_rooms_expire(tmp_path, clock, store):
    room, key = store.create("lena-drug-use-and-housing")
    anna = store.join(room.code, "Anna")
    store.submit(anna, {"accommodation": 2})
    clock.now += EXPIRY_HOURS * 3600 - 1
    assert store.room(room.code).code == room.code
    clock.now += 2
    message = f"The room {room.code} has ended: rooms close by themselves {EXPIRY_HOURS} hours after they are opened."
    with pytest.raises(RoomProblem, match=message):
        kernel(tmp_path, clock).join(room.code, "Late")  # every change deletes what has expired first
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM people").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM rooms").fetchone() == (0,)
    with pytest.raises(RoomProblem, match="has ended"):
        store.results(room.code, key, DOMAINS)
    # The ended room's code is forgotten after as long again: then it is simply unknown.
    clock.now += EXPIRY_HOURS * 3600
    assert store.purge_expired() == 0
    with pytest.raises(RoomProblem, match=f"There is no open room with the code {room.code}"):
        store.room(room.code)


def test_a_room_that_expires_without_anyone_writing(store, clock):
    room, _key = store.create("lena-drug-use-and-housing")
    clock.now += EXPIRY_HOURS * 3600
    with pytest.raises(RoomProblem, match="has ended"):
        store.room(room.code)
    assert store.purge_expired() == 1


def test_bad_codes():
    assert normalise_code(" k7m-p3x ") == "K7MP3X"
    for text, words in (
        ("", "Enter the room code"),
        ("K7MP3", "is not a room code"),
        ("K7MP3XY", "is not a room code"),
        ("K7MP0X", "is not a room code"),  # 0 is never in a code
        ("K7MPIX", "is not a room code"),
        ("K7MP3!", "is not a room code"),
    ):
        with pytest.raises(RoomProblem, match=words):
            normalise_code(text)


def test_unknown_code(store):
    with pytest.raises(RoomProblem, match="There is no open room with the code ABCDEF. Check the code"):
        store.join("abcdef", "Anna")


@pytest.mark.parametrize(
    "nickname, words",
    [
        ("", "Enter a nickname"),
        ("   ", "Enter a nickname"),
        ("Jan Novák", "looks like a person's full name"),
        ("Novák, Jan", "looks like a person's full name"),
        ("ნინო ბერიძე", "looks like a person's full name"),
        ("anna@example.org", "looks like an e-mail address"),
        ("8501011234", "personal identification number"),
        ("x" * 25, "Nickname is 25 characters long; the limit is 24."),
    ],
)
def test_bad_nicknames(store, nickname, words):
    room, _key = store.create("lena-drug-use-and-housing")
    with pytest.raises(RoomProblem, match=words):
        store.join(room.code, nickname)


def test_good_nicknames_are_cleaned():
    assert check_nickname("  Blue\tfox ") == "Blue fox"
    assert check_nickname("Anna K") == "Anna K"
    assert check_nickname("Anna\u202e") == "Anna"  # a bidirectional override is removed
    assert check_nickname("petr novak") == "petr novak"  # not capitalised: a nickname, not a name


def test_nicknames_are_unique_in_a_room(store):
    room, _key = store.create("lena-drug-use-and-housing")
    store.join(room.code, "Anna")
    with pytest.raises(RoomProblem, match="already uses the nickname “anna”. Choose another one, such as anna2."):
        store.join(room.code, "anna")
    other, _ = store.create("lena-drug-use-and-housing")
    assert store.join(other.code, "Anna").nickname == "Anna"  # another room, another group


def test_a_room_is_full_at_sixty(store):
    room, _key = store.create("lena-drug-use-and-housing")
    for i in range(MAX_PEOPLE):
        store.join(room.code, f"p{i}")
    with pytest.raises(RoomProblem, match=f"The room {room.code} is full: it has {MAX_PEOPLE} people"):
        store.join(room.code, "one-more")


def test_no_case_no_room(store):
    with pytest.raises(RoomProblem, match="Choose a case study"):
        store.create("")


def test_the_rooms_file_stays_out_of_the_served_folder(monkeypatch, tmp_path):
    with pytest.raises(RoomProblem, match="inside the toolkit's folder"):
        RoomStore(Path(__file__).resolve().parent / "rooms")
    monkeypatch.setenv("TOOLKIT_ROOMS_DIR", str(tmp_path / "here"))
    assert rooms_dir() == tmp_path / "here"
    assert RoomStore().path == (tmp_path / "here" / "rooms.sqlite").resolve()
    assert oct(RoomStore().path.stat().st_mode & 0o777) == "0o600"
    monkeypatch.delenv("TOOLKIT_ROOMS_DIR")
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    assert rooms_dir() == tmp_path / "runtime" / "toolkit-rooms"


def test_the_conftest_keeps_tests_away_from_real_rooms():
    assert os.environ["TOOLKIT_ROOMS_DIR"] and not Path(os.environ["TOOLKIT_ROOMS_DIR"]).is_relative_to(Path.home())


def test_median_and_outliers_of_small_groups():
    two = DomainResult("accommodation", {"a": 0, "b": 4})
    assert two.median == 2 and two.outliers == {}  # with two ratings neither stands out from the other
    even = DomainResult("accommodation", {"a": 1, "b": 2, "c": 2, "d": 4})
    assert even.median == 2 and even.outliers == {"d": 4}
    assert prompts(DomainResult("x", {"a": 3}), "Health") == ["Only one person has rated Health so far."]


def _join_and_send(args) -> str:
    directory, code, nick = args
    store = RoomStore(directory)
    seat = store.join(code, nick)
    store.submit(seat, {"accommodation": len(nick) % 5, "employment": 2})
    store.submit(seat, {"accommodation": len(nick) % 5, "employment": 3})
    return seat.nickname


def test_many_kernels_write_at_once(tmp_path):
    """Thirty processes join and send twice at the same moment: nobody is lost, nobody is told the file is busy."""
    store = RoomStore(tmp_path)
    room, key = store.create("lena-drug-use-and-housing")
    nicks = [f"person{i}" for i in range(30)]
    with multiprocessing.get_context("spawn").Pool(6) as pool:
        done = pool.map(_join_and_send, [(str(tmp_path), room.code, n) for n in nicks])
    assert sorted(done) == sorted(nicks)
    res = store.results(room.code, key, DOMAINS)
    assert sorted(res.sent) == sorted(nicks)
    assert res.domains[1].counts == [0, 0, 0, 30, 0]
