"""Kernels warmed ahead of people: the pool behind the serve command's workshop mode.

Voila keeps, per app, a pool of kernels that have run the app before anyone opens it
(``--preheat_kernel``). This module adds what a workshop of 30 people needs on a 2-core machine:

- **paced warming**: at most ``slots`` kernels build their app at the same time (the number of
  CPU cores by default), each until its app says it is ready (:func:`widgets.app.mark_ready` writes a
  file named after the kernel's id in the ready folder). Warming 30 at once would make every one of
  them, and the people already working, wait for all of them; paced, the first is ready in seconds
  and the rest follow. The refill waits until nobody has taken a kernel for a few seconds, so the
  kernels of people arriving together get the CPU first; a kernel that someone is already waiting
  for (the pool ran out) is never held back;
- **a status**: per app, kernels ready, warming and in use, their memory, and "ready for N" (the log
  says it once when a workshop's pool is full, and the ``/status`` page shows it);
- **closed tabs end their kernel**: a kernel that was taken and has had no page connected for
  ``grace`` seconds is shut down: its page was closed, or never finished loading (a reload or a brief
  network loss within that time keeps it; after it, the app's browser draft restores the work in a
  new kernel).
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from curriculum.i18n import _, current_language, ngettext

READY_TIMEOUT = 180.0  # seconds a warming kernel may take before its slot is given to the next
QUIET = 5.0  # seconds without a person taking a kernel before the pool refills


def _rss(pid: int | None) -> int | None:
    if not pid:
        return None
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss
    except Exception:
        return None


def kernel_pid(km, kernel_id: str) -> int | None:
    """The operating-system process of a local kernel (None when it is not local or has ended)."""
    try:
        kernel = km.get_kernel(kernel_id)
        process = getattr(getattr(kernel, "provisioner", None), "process", None) or getattr(kernel, "kernel", None)
        return getattr(process, "pid", None)
    except Exception:
        return None


async def wait_ready(content: dict, ready_dir: Path | None, timeout: float = READY_TIMEOUT) -> None:
    """Until the app in this pooled kernel said it is ready, its notebook finished, or ``timeout``."""
    start = time.monotonic()
    marker = ready_dir / content["kernel_id"] if ready_dir else None
    task = content.get("task")
    while time.monotonic() - start < timeout:
        if (marker is not None and marker.exists()) or (task is not None and task.done()):
            return
        await asyncio.sleep(0.1)


def paced_factory(original, slots: int, ready_dir: Path | None):
    """Wrap Voila's ``voila_kernel_manager_factory`` so that pooled kernels warm ``slots`` at a time
    (0: as Voila does, all at once; the serve command paces only in workshop mode)."""

    def factory(*args, **kwargs):
        base = original(*args, **kwargs)

        class PacedKernelManager(base):
            _slots: asyncio.Semaphore | None = None
            warm_seconds: list = []
            warming_ids: set = set()  # kernels started for the pool whose app is not ready yet
            last_taken = 0.0  # when a person last took a warmed kernel (time.monotonic)
            wanted: set = set()  # apps someone is waiting for: their next kernel is not held back

            async def get_rendered_notebook(self, notebook_name, *args, **kwargs):
                PacedKernelManager.last_taken = time.monotonic()
                pool = self._pools.get(notebook_name) or []
                if pool and not pool[0].done():  # this person waits for a kernel still warming
                    PacedKernelManager.wanted.add(notebook_name)
                try:
                    return await super().get_rendered_notebook(notebook_name, *args, **kwargs)
                finally:
                    PacedKernelManager.wanted.discard(notebook_name)

            async def _slot(self, notebook_path) -> bool:
                """Wait for a warming slot; False when someone waits for this app (it goes at once)."""
                if PacedKernelManager._slots is None:
                    PacedKernelManager._slots = asyncio.Semaphore(max(1, slots))
                while True:
                    if notebook_path in PacedKernelManager.wanted:
                        return False
                    # While people are arriving, their kernels need the CPU to answer them: refills
                    # wait until nobody has taken a kernel for QUIET seconds.
                    quiet = time.monotonic() - PacedKernelManager.last_taken >= QUIET
                    if quiet and not PacedKernelManager._slots.locked():
                        await PacedKernelManager._slots.acquire()
                        return True
                    await asyncio.sleep(0.2)

            async def _initialize(self, notebook_path, kernel_id=None, **kw):
                if kernel_id is not None or slots <= 0:  # a restart, or no pacing (not a workshop)
                    return await super()._initialize(notebook_path, kernel_id, **kw)
                held = await self._slot(notebook_path)
                try:
                    start = time.monotonic()
                    content = await super()._initialize(notebook_path, None, **kw)
                    PacedKernelManager.warming_ids.add(content["kernel_id"])
                    try:
                        await wait_ready(content, ready_dir)
                    finally:
                        PacedKernelManager.warming_ids.discard(content["kernel_id"])
                    PacedKernelManager.warm_seconds.append(time.monotonic() - start)
                    return content
                finally:
                    if held:
                        PacedKernelManager._slots.release()

        PacedKernelManager.__name__ = base.__name__  # config sections (VoilaKernelManager.*) still apply
        return PacedKernelManager

    return factory


@dataclass
class AppPool:
    name: str
    target: int
    ready: int = 0
    warming: int = 0
    in_use: int = 0
    connected: int = 0
    kernel_rss: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        mib = [round(r / 2**20, 1) for r in self.kernel_rss]
        return {
            "app": self.name,
            "target": self.target,
            "ready": self.ready,
            "warming": self.warming,
            "in_use": self.in_use,
            "connected": self.connected,
            "kernel_mib": mib,
        }


class PoolWatch:
    """Reads the kernel manager's pools; logs "ready for N"; ends kernels of closed tabs."""

    def __init__(self, km, ready_dir: Path | None, targets: dict[str, int], grace: float, log, workshop: str = ""):
        self.km = km
        self.ready_dir = ready_dir
        self.targets = targets
        self.grace = grace
        self.log = log
        self.workshop = workshop  # the app a workshop's pool is sized for ("" when not in workshop mode)
        self.started = time.monotonic()
        self.announced = False
        self.last_ready: int | None = None
        self.unconnected_since: dict[str, float] = {}

    def _markers(self) -> set[str]:
        if not self.ready_dir:
            return set()
        try:
            return set(os.listdir(self.ready_dir))
        except OSError:
            return set()

    def pooled(self) -> dict[str, set[str]]:
        """Kernel ids sitting in each app's pool (warming or ready), by notebook; "" for kernels
        whose app is still being built for the pool."""
        out: dict[str, set[str]] = {"": set(getattr(self.km, "warming_ids", ()))}
        for name, pool in getattr(self.km, "_pools", {}).items():
            ids = out.setdefault(name, set())
            for item in pool:
                if item.done() and not item.cancelled() and item.exception() is None:
                    ids.add(item.result()["kernel_id"])
        return out

    def snapshot(self) -> list[AppPool]:
        markers = self._markers()
        pools = getattr(self.km, "_pools", {})
        pooled_ids = set().union(*self.pooled().values()) if pools else set()
        apps: dict[str, AppPool] = {}
        for name, pool in pools.items():
            app = apps.setdefault(name, AppPool(name, self.targets.get(name, self.targets.get("default", 1))))
            for item in pool:
                content = item.result() if item.done() and not item.cancelled() and item.exception() is None else None
                if content and (content["kernel_id"] in markers or content["task"].done()):
                    app.ready += 1
                else:
                    app.warming += 1
        connections = getattr(self.km, "_kernel_connections", {})
        for kid in list(self.km.list_kernel_ids()):
            if kid in pooled_ids:
                continue
            name = self.km._get_notebook_from_kernel(kid) if hasattr(self.km, "_get_notebook_from_kernel") else None
            app = apps.setdefault(name or "?", AppPool(name or "?", 0))
            app.in_use += 1
            if connections.get(kid, 0):
                app.connected += 1
            rss = _rss(kernel_pid(self.km, kid))
            if rss:
                app.kernel_rss.append(rss)
        return sorted(apps.values(), key=lambda a: a.name)

    def ready_for(self) -> int:
        """How many people can open the workshop's app now without waiting for a kernel."""
        for app in self.snapshot():
            if app.name == self.workshop:
                return app.ready
        return 0

    async def end_closed(self) -> list[str]:
        """Shut down taken kernels that have had no page connected for ``grace`` seconds."""
        ended: list[str] = []
        if self.grace <= 0:
            return ended
        now = time.monotonic()
        pooled_ids = set().union(*self.pooled().values()) if getattr(self.km, "_pools", None) else set()
        connections = getattr(self.km, "_kernel_connections", {})
        live = set(self.km.list_kernel_ids())
        for kid in live:
            if kid in pooled_ids or connections.get(kid, 0):
                self.unconnected_since.pop(kid, None)
                continue
            since = self.unconnected_since.setdefault(kid, now)
            if now - since >= self.grace:
                self.unconnected_since.pop(kid, None)
                try:
                    await self.km.shutdown_kernel(kid)
                    ended.append(kid)
                except Exception as exc:  # already gone
                    self.log.debug("Could not end kernel %s: %s", kid, exc)
        for kid in list(self.unconnected_since):
            if kid not in live:
                self.unconnected_since.pop(kid, None)
        markers = self._markers()
        for kid in markers - live:
            (self.ready_dir / kid).unlink(missing_ok=True)
        if ended:
            self.log.info(
                ngettext(
                    "Ended {count} kernel whose page was closed.",
                    "Ended {count} kernels whose pages were closed.",
                    len(ended),
                ).format(count=len(ended))
            )
        return ended

    async def tick(self) -> None:
        if self.workshop:
            ready = self.ready_for()
            target = self.targets.get(self.workshop, 0)
            if not self.announced and ready >= target:
                self.announced = True
                self.log.info(
                    ngettext(
                        "Workshop: ready for {count} person in the {app} app (warmed in {seconds} s).",
                        "Workshop: ready for {count} people in the {app} app (warmed in {seconds} s).",
                        target,
                    ).format(
                        count=target,
                        app=self.workshop.removesuffix(".ipynb"),
                        seconds=round(time.monotonic() - self.started),
                    )
                )
            elif ready != self.last_ready:
                self.log.info(
                    ngettext(
                        "Workshop: ready for {ready} of {target} person.",
                        "Workshop: ready for {ready} of {target} people.",
                        target,
                    ).format(ready=ready, target=target)
                )
            self.last_ready = ready
        await self.end_closed()

    # ------------------------------------------------------------------ the /status page
    def status(self) -> dict:
        apps = self.snapshot()
        server = _rss(os.getpid())
        return {
            "workshop": self.workshop.removesuffix(".ipynb") or None,
            "ready_for": self.ready_for() if self.workshop else None,
            "target": self.targets.get(self.workshop) if self.workshop else None,
            "server_mib": round(server / 2**20, 1) if server else None,
            "apps": [a.as_dict() for a in apps],
        }

    def status_html(self) -> str:
        data = self.status()
        rows = []
        for app in data["apps"]:
            mib = app["kernel_mib"]
            memory = _("{mib} MiB each on average").format(mib=round(sum(mib) / len(mib))) if mib else "–"
            rows.append(
                "<tr>"
                + "".join(
                    f"<td>{escape(str(v))}</td>"
                    for v in (
                        app["app"].removesuffix(".ipynb"),
                        app["ready"],
                        app["warming"],
                        app["in_use"],
                        app["connected"],
                        memory,
                    )
                )
                + "</tr>"
            )
        if data["workshop"]:
            headline = ngettext(
                "Ready for {ready} of {target} person in the {app} app.",
                "Ready for {ready} of {target} people in the {app} app.",
                data["target"],
            ).format(ready=data["ready_for"], target=data["target"], app=data["workshop"])
        else:
            headline = _("The apps are served; no workshop size was given.")
        heads = [
            _("App"),
            _("Ready"),
            _("Warming up"),
            # Translators: kernels (app sessions) taken by people, on the server status page.
            _("In use"),
            _("With a page open"),
            _("Memory per kernel"),
        ]
        title = _("Server status")
        refresh = _("This page refreshes every 5 seconds.")
        memory = _("Server memory: {mib} MiB.").format(mib=data["server_mib"])
        lang = current_language()
        return (
            f"<!DOCTYPE html><html lang='{escape(lang)}'><head><meta charset='utf-8'>"
            "<meta http-equiv='refresh' content='5'>"
            f"<title>{escape(title)}</title>"
            "<style>body{font-family:sans-serif;margin:2rem;color:#1a1a1a}table{border-collapse:collapse}"
            "td,th{border:1px solid #666;padding:.3rem .6rem;text-align:left}</style></head><body>"
            f"<h1>{escape(title)}</h1><p><strong>{escape(headline)}</strong></p>"
            f"<table><thead><tr>{''.join(f'<th scope=col>{escape(h)}</th>' for h in heads)}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"<p>{escape(memory)}</p>"
            f"<p>{escape(refresh)}</p></body></html>"
        )

    def status_json(self) -> str:
        return json.dumps(self.status())
