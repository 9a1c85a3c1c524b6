"""N people opening an app at the same moment: python tests/burst_benchmark.py [--n 1 10 30]

Prints a table; nothing here is a pass/fail test (tests/test_burst.py runs it at N = 10 in CI).

Each simulated participant does what a browser does, through the real protocol: it requests the
app's page over HTTP, finds its kernel in the page, opens the kernel's websocket and asks for the
state of every widget (the ipywidgets ``request_states`` message the page sends before it can draw
the app). "Usable" is the moment all widget states have arrived. The participants' own browsers are
not simulated: on a real workshop they run on the participants' devices, not on the server.

Each row is one burst on a fresh server: the app against a one-cell Voila notebook, without the
workshop mode (one warmed kernel per app) and with ``--workshop N`` (the pool warmed for N first).
Memory per kernel is the resident memory of the kernels the burst took, read from ``/status``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import struct
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import free_port  # noqa: E402

KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
TIMEOUT = 180.0


def _message(msg_type: str, content: dict, session: str, channel: str = "shell", metadata: dict | None = None) -> str:
    return json.dumps(
        {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "msg_type": msg_type,
                "username": "bench",
                "session": session,
                "date": "",
                "version": "5.3",
            },
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "channel": channel,
            "buffers": [],
        }
    )


def _json_part(raw: str | bytes) -> str | bytes:
    """A message with binary buffers comes as one binary frame: a count, offsets, then the JSON
    message and the buffers (Jupyter Server's legacy websocket protocol)."""
    if isinstance(raw, str):
        return raw
    count = struct.unpack("!I", raw[:4])[0]
    offsets = struct.unpack(f"!{count}I", raw[4 : 4 + 4 * count])
    end = offsets[1] if count > 1 else len(raw)
    return raw[offsets[0] : end]


async def participant(base: str, app: str, lang: str) -> dict:
    """Open ``app`` as one person; the seconds until every widget state has arrived, or the error."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    start = time.monotonic()
    try:
        response = await AsyncHTTPClient().fetch(
            HTTPRequest(f"{base}/voila/render/{app}.ipynb?lang={lang}", request_timeout=TIMEOUT)
        )
        found = KERNEL_ID.search(response.body.decode("utf-8", "replace"))
        if not found:
            return {"error": "no kernel in the page"}
        page = time.monotonic() - start
        session = uuid.uuid4().hex
        ws_base = base.replace("http://", "ws://")
        ws = await websocket_connect(
            f"{ws_base}/api/kernels/{found.group(1)}/channels?session_id={session}", max_message_size=256 * 2**20
        )
        comm_id = uuid.uuid4().hex
        from ipywidgets._version import __control_protocol_version__

        await ws.write_message(
            _message(
                "comm_open",
                {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
                session,
                metadata={"version": __control_protocol_version__},
            )
        )
        await ws.write_message(
            _message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}}, session)
        )
        widgets = None
        while time.monotonic() - start < TIMEOUT:
            raw = await asyncio.wait_for(ws.read_message(), timeout=TIMEOUT)
            if raw is None:
                return {"error": "the kernel's connection closed"}
            msg = json.loads(_json_part(raw))
            content = msg.get("content", {})
            if msg.get("msg_type") == "comm_msg" and content.get("comm_id") == comm_id:
                data = content.get("data", {})
                if data.get("method") == "update_states":
                    widgets = len(data.get("states", {}))
                    break
        usable = time.monotonic() - start
        ws.close()
        if widgets is None:
            return {"error": "no widget states"}
        return {"page": page, "usable": usable, "widgets": widgets, "kernel": found.group(1)}
    except Exception as exc:  # a refused connection, a timeout, an HTTP error: counted, not raised
        return {"error": f"{type(exc).__name__}: {exc}"[:120]}


async def burst(base: str, app: str, n: int, lang: str) -> list[dict]:
    from tornado.httpclient import AsyncHTTPClient

    # Every participant's request goes out at once (tornado queues requests past 10 by default).
    AsyncHTTPClient.configure(None, max_clients=max(10, n))
    return await asyncio.gather(*(participant(base, app, lang) for _ in range(n)))


def run_async(coro):
    """Run ``coro`` to its end in a thread of its own (pytest's Playwright fixtures keep an event
    loop running in the main thread, where ``asyncio.run`` is refused)."""
    import threading

    out: dict = {}

    def target():
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller's thread
            out["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")


def kernel_memory(kernel_ids: list[str]) -> list[float]:
    """Resident memory (MiB) of the kernel processes with these ids (their connection file names them)."""
    import psutil

    wanted = {f"kernel-{k}.json" for k in kernel_ids}
    out = []
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info.get("cmdline") or []
        if any(os.path.basename(part) in wanted for part in cmd):
            try:
                out.append(round(proc.memory_info().rss / 2**20, 1))
            except psutil.Error:
                pass
    return out


def start_server(args: list[str], cwd: Path = ROOT) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = open(os.devnull, "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [sys.executable, "-m", "widgets.serve", "--port", str(port), *args], cwd=cwd, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "/health", timeout=1)
            return proc, base
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"the server stopped: {' '.join(args)}") from None
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def status(base: str) -> dict:
    try:
        with urllib.request.urlopen(base + "/status?format=json", timeout=10) as r:
            return json.load(r)
    except OSError:
        return {}


def wait_until_warm(base: str, apps: list[str], size: int, timeout: float = 600) -> float:
    """Seconds until every app in ``apps`` has ``size`` kernels ready (from /status)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        ready = {a["app"]: a["ready"] for a in status(base).get("apps", [])}
        if ready and all(ready.get(f"{app}.ipynb", 0) >= size for app in apps):
            return time.monotonic() - start
        time.sleep(0.5)
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def row(label: str, app: str, n: int, results: list[dict], base: str, warm: float | None) -> dict:
    times = [r["usable"] for r in results if "usable" in r]
    errors = [r["error"] for r in results if "error" in r]
    kernels = kernel_memory([r["kernel"] for r in results if "kernel" in r])
    return {
        "mode": label,
        "app": app,
        "n": n,
        "median_s": round(statistics.median(times), 2) if times else None,
        "p90_s": round(percentile(times, 0.9), 2) if times else None,
        "max_s": round(max(times), 2) if times else None,
        "within_5s": f"{sum(t <= 5 for t in times)}/{n}",
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "kernel_mib": round(statistics.median(kernels), 1) if kernels else None,
        "kernel_mib_max": max(kernels) if kernels else None,
        "warm_s": round(warm, 1) if warm is not None else None,
        "widgets": next((r["widgets"] for r in results if "widgets" in r), None),
    }


def run(ns: list[int], app: str, lang: str, modes: list[str], cwd: Path = ROOT) -> list[dict]:
    rows = []
    for n in ns:
        for mode in modes:
            for target in (app, "one-cell"):
                extra = ["--workshop", str(n), "--app", target, "--lang", lang] if mode == "workshop" else []
                proc, base = start_server(extra, cwd=cwd)
                try:
                    if status(base):
                        warm = wait_until_warm(base, [target], n if mode == "workshop" else 1)
                    else:  # an older version without /status: give its one warmed kernel time
                        time.sleep(45)
                        warm = None
                    results = run_async(burst(base, target, n, lang))
                    rows.append(row(mode, target, n, results, base, warm))
                finally:
                    proc.terminate()
                    try:
                        proc.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        proc.kill()
    return rows


def print_table(rows: list[dict]) -> None:
    cols = [
        ("mode", "mode"),
        ("app", "app"),
        ("n", "N"),
        ("median_s", "median s"),
        ("p90_s", "p90 s"),
        ("max_s", "max s"),
        ("within_5s", "≤5 s"),
        ("errors", "errors"),
        ("kernel_mib", "MiB/kernel"),
        ("kernel_mib_max", "max MiB"),
        ("warm_s", "warm-up s"),
        ("widgets", "widgets"),
    ]
    table = [[str(r.get(k, "")) if r.get(k) is not None else "–" for k, _ in cols] for r in rows]
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, (_, h) in enumerate(cols)]
    print("| " + " | ".join(h.ljust(w) for (_, h), w in zip(cols, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for t in table:
        print("| " + " | ".join(v.ljust(w) for v, w in zip(t, widths, strict=True)) + " |")
    for r in rows:
        if r["first_error"]:
            print(f"first error ({r['mode']}, {r['app']}, N={r['n']}): {r['first_error']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--app", default="workshop")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--modes", nargs="+", default=["one-warmed", "workshop"], choices=["one-warmed", "workshop"])
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--cwd", type=Path, default=ROOT, help="a checkout to serve from (to measure an older version)")
    args = parser.parse_args(argv)
    print(f"Burst benchmark on {os.cpu_count()} cores: {args.app} against a one-cell notebook", flush=True)
    rows = run(args.n, args.app, args.lang, args.modes, cwd=args.cwd)
    print_table(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
