"""``manage.py bench_live``: frame intervals seen by N viewers of one live session.

Starts a Daphne process on loopback (own SQLite file, lessons loaded), opens the load
balancer lesson as a live session, starts it, and for each N connects N websocket viewers,
records when frames arrive for a while, and prints the frame-interval p50/p99 at the
viewers and the server's CPU use. The viewers run in this process on the same machine, so
they compete with the server for the cores: the figures are an upper bound on what the
server alone would cost.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets
from django.conf import settings
from django.core.management.base import BaseCommand

LESSON = "04-load-balancer"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def post(base: str, path: str) -> dict:
    request = urllib.request.Request(base + path, data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Command(BaseCommand):
    help = "Measure frame intervals at N websocket viewers of one live session."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--viewers", default="1,50,200",
                            help="comma-separated viewer counts (default 1,50,200)")
        parser.add_argument("--seconds", type=float, default=10.0,
                            help="measuring window per count (default 10)")

    def handle(self, *args, **options) -> None:
        counts = [int(n) for n in options["viewers"].split(",")]
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                   "DEBUG": "false", "SECRET_KEY": "bench-" + "x" * 50,
                   "LIVE_MAX_MESSAGES_PER_S": "1000"}
            env.pop("REDIS_URL", None)  # one process, in-memory layer: the embedded default
            root = Path(settings.BASE_DIR)
            for step in (["migrate", "--noinput"], ["load_lessons"]):
                subprocess.run([sys.executable, "manage.py", *step], cwd=root, env=env,
                               check=True, capture_output=True)
            port = free_port()
            server = subprocess.Popen([sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p",
                                       str(port), "playground.asgi:application"], cwd=root,
                                      env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
            try:
                base = f"http://127.0.0.1:{port}"
                self._wait(base)
                session = post(base, f"/api/topologies/{LESSON}/sessions/")
                self.stdout.write(f"Daphne pid {server.pid} on port {port}; lesson {LESSON}; "
                                  f"{os.cpu_count()} cores shared with the viewers.\n")
                self.stdout.write(f"{'viewers':>8} {'frames':>8} {'p50 ms':>8} {'p99 ms':>8} "
                                  f"{'server CPU':>11}")
                asyncio.run(self._measure(port, session, counts, options["seconds"],
                                          server.pid))
            finally:
                server.terminate()
                server.wait(timeout=10)

    def _wait(self, base: str) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/api/catalog/", timeout=1)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    async def _measure(self, port: int, session: dict, counts: list[int], seconds: float,
                       pid: int) -> None:
        url = f"ws://127.0.0.1:{port}{session['ws']}"
        origin = f"http://127.0.0.1:{port}"
        async with websockets.connect(f"{url}?token={session['owner_token']}",
                                      origin=origin, max_queue=None) as owner:
            await owner.send(json.dumps({"type": "start"}))
            drain = asyncio.create_task(self._drain(owner))
            for n in counts:
                viewers, arrivals, tasks = [], [], []
                for _ in range(n):  # record from the start: websockets buffers what we skip
                    ws = await websockets.connect(url, origin=origin, max_queue=None)
                    times: list[float] = []
                    viewers.append(ws)
                    arrivals.append(times)
                    tasks.append(asyncio.create_task(self._record(ws, times)))
                await asyncio.sleep(1.0)  # let joins settle
                # The measuring side must not pause: no garbage collection in the window.
                gc.collect()
                gc.disable()
                cpu0, start = cpu_seconds(pid), time.monotonic()
                await asyncio.sleep(seconds)
                end = time.monotonic()
                gc.enable()
                cpu = (cpu_seconds(pid) - cpu0) / (end - start)
                for task in tasks:
                    task.cancel()
                window = [[t for t in times if start <= t <= end] for times in arrivals]
                intervals = [(b - a) * 1000 for times in window
                             for a, b in zip(times, times[1:], strict=False)]
                frames = sum(len(t) for t in window)
                if intervals:
                    self.stdout.write(f"{n:>8} {frames:>8} {statistics.median(intervals):>8.1f} "
                                      f"{percentile(intervals, 0.99):>8.1f} {cpu:>10.0%}")
                else:
                    self.stdout.write(f"{n:>8} {frames:>8}   no frames arrived")
                for ws in viewers:
                    await ws.close()
            drain.cancel()

    async def _record(self, ws, times: list[float]) -> None:
        async for message in ws:
            if message.startswith('{"type":"frame"'):
                times.append(time.monotonic())

    async def _drain(self, ws) -> None:
        async for _ in ws:
            pass
