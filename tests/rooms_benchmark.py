"""A full calibration room under load: python tests/rooms_benchmark.py [--people 60] [--workers 12]

One room in a temporary folder; ``--people`` participants in ``--workers`` separate processes (as the
kernels of one Voila server are) join and send their ratings for 18 areas twice, all at once, while
the facilitator's screen reads the results every 0.5 s. Prints the time each join and each send took
(median, 90th percentile, maximum), the time of one facilitator refresh, errors, and the file's size.
No timing is asserted.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DOMAINS = [f"area-{i}" for i in range(18)]


def _participant(args) -> tuple[float, list[float], str]:
    from widgets.rooms.model import RoomStore

    folder, code, nick = args
    try:
        store = RoomStore(folder)
        start = time.perf_counter()
        seat = store.join(code, nick)
        joined = time.perf_counter() - start
        sends = []
        for _round in range(2):
            ratings = {d: random.choice([None, 0, 1, 2, 3, 4]) for d in DOMAINS}
            ratings[DOMAINS[0]] = 2
            start = time.perf_counter()
            store.submit(seat, ratings)
            sends.append(time.perf_counter() - start)
        return joined, sends, ""
    except Exception as exc:  # counted and printed, never hidden
        return 0.0, [], f"{type(exc).__name__}: {exc}"


def _row(name: str, values: list[float]) -> str:
    values = sorted(values)
    p90 = values[max(0, int(round(0.9 * len(values))) - 1)]
    return (
        f"{name:<22} n={len(values):>4}  median {statistics.median(values) * 1000:7.1f} ms  "
        f"p90 {p90 * 1000:7.1f} ms  max {values[-1] * 1000:7.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--workers", type=int, default=12)
    args = parser.parse_args(argv)
    from widgets.rooms.model import RoomStore

    with tempfile.TemporaryDirectory(prefix="rooms-bench-") as folder:
        store = RoomStore(folder)
        room, key = store.create("lena-drug-use-and-housing")
        reads: list[float] = []
        stop = threading.Event()

        def facilitator() -> None:
            screen = RoomStore(folder)
            while not stop.is_set():
                start = time.perf_counter()
                screen.results(room.code, key, DOMAINS)
                reads.append(time.perf_counter() - start)
                time.sleep(0.5)

        watcher = threading.Thread(target=facilitator)
        watcher.start()
        start = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
            done = pool.map(_participant, [(folder, room.code, f"p{i}") for i in range(args.people)])
        wall = time.perf_counter() - start
        stop.set()
        watcher.join()
        res = store.results(room.code, key, DOMAINS)
        size = sum(p.stat().st_size for p in Path(folder).glob("rooms.sqlite*"))
        errors = [e for _j, _s, e in done if e]
        print(f"{args.people} people in {args.workers} processes, 18 areas, each sends twice: {wall:.1f} s wall")
        print(_row("join", [j for j, _s, e in done if not e]))
        print(_row("send (or send again)", [s for _j, sends, e in done if not e for s in sends]))
        print(_row("facilitator refresh", reads))
        print(f"people who sent: {len(res.sent)} of {args.people}; errors: {len(errors)} {errors[:3]}")
        print(f"rooms file with its WAL: {size / 1024:.0f} KiB")
        start = time.perf_counter()
        store.close(room.code, key)
        print(f"close (delete everything): {(time.perf_counter() - start) * 1000:.1f} ms")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
