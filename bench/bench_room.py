"""Benchmark: a hall of participants in the room server, over HTTP and push.

Run with ``make bench-room PARTICIPANTS=450`` (or ``.venv/bin/python bench/bench_room.py
--participants 450``).  It starts exactly the command the README gives a facilitator,
``python -m lises.room --title TITLE`` (what ``make workshop`` runs), adding only a loopback
address, a free port and a store of its own: a SQLite file in a temporary folder, or the
PostgreSQL database in ``LISES_STORE_URL`` when that is set (``--workers N`` is passed on).  The
facilitator signs in with the key the server printed (a POST, as the sign-in form sends it), keeps
the session cookie and the CSRF token, and sets the room to one excerpt; the facilitator's page
and the projector stay open all along and fetch their data as those pages do (every 4 s and 3 s).
Then ``--participants`` simulated phones join at once: each joins under a nickname, opens the push
stream (server-sent events), fetches its screen and answers the whole excerpt by following the
screen's ``due`` field (a random valid option, a short free text at a pause) after a person's think
time (:data:`THINK_SECONDS`, scaled by ``--pace``).  When everyone is done, the facilitator
releases the key; every phone fetches its screen when the push stream says the room changed, as
the page does, and the time until the last one shows the feedback is the reveal time.
``--browsers`` adds one Debian Chromium with the facilitator's page, the projector and a
phone-sized participant answering from the keyboard (for a small room: 25).

It prints (the targets beside them; it never fails on the figures)::

    participants joined: N of M      all joined in: X s
    answer latency p50: X ms         answer latency p95: X ms
    answers stored: N of M           reveal reached: N of M in X ms
    server RSS: X MB                 server CPU: X s

and then what explains them: the push stream's share of the reveal, the open pages' fetch times,
errors and retries, the phones' own CPU time.  "all joined" is the last phone ready to answer
(joined, push stream open, first screen shown).  An answer's latency is from sending it until its
response (the next screen) has been read, retries included: like a page, a phone sends a request
again through a dropped connection or a 502–504 for up to 30 s (every call of the room is
idempotent but the join, which is only repeated when it never reached the server).  The phones run
on the same cores as the server.  "answers stored" counts the store's rows that match an
acknowledged answer (same participant, step and value); a row twice or a row never acknowledged is
reported on its own line.  The server's RSS is the peak of the sum over its processes, its CPU
time (user and system) is theirs at the end.  ``--profile FILE`` samples every server thread's
stack and prints where the time went.

The tests of the room across processes and through a crash (``tests/test_room_cluster.py``,
``tests/test_room_crash.py``) use the same server start and the same simulated phones.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "widgets"))

from lises.workshop.store import Store  # noqa: E402

EXCERPT = "god-gribning"  # 26 steps, two pauses with free text
TARGETS = {"join_s": 20.0, "p95_ms": 150.0, "reveal_ms": 2000.0, "rss_mb": 300.0}
TEXTS = (
    "Jeg ville spørge ind til, hvad der gør det svært lige nu.",
    "Det lyder tungt. Hvad ville hjælpe dig mest her?",
    "Kan du fortælle lidt mere om, hvordan en god dag ser ud?",
    "Jeg hører, at du er bekymret. Skal vi se på det sammen?",
)
# What a retry may outlive: a server process killed and started again, or a balancer that has
# not yet taken it out of its rotation.
RETRY_STATUS = {502, 503, 504}
RETRY_ERRORS = (httpx.TransportError,)


# -- the server process --------------------------------------------------------------------------

# What ``python -m lises.room`` prints: "Workshopkode: ABCDE" and, for a new workshop,
# "Facilitatornøgle (hemmelig; …):  <key>".
CODE_OUT = re.compile(r"Workshopkode:\s*([A-Z2-9]{4,12})\b")
KEY_OUT = re.compile(r"^Facilitatornøgle[^:\n]*:\s+([A-Za-z0-9_\-]{16,64})\s*$", re.MULTILINE)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def room_command(
    port: int,
    *,
    title: str | None = None,
    resume: str | None = None,
    host: str = "127.0.0.1",
    workers: int = 1,
) -> list[str]:
    """``python -m lises.room --title TITLE`` (or ``--resume CODE``) on ``host:port``."""
    command = [sys.executable, "-m", "lises.room"]
    command += ["--title", title] if title is not None else ["--resume", str(resume)]
    command += ["--workers", str(workers)] if workers > 1 else []
    return [*command, "--host", host, "--port", str(port)]


@dataclass
class RoomServer:
    """One running room server process (and its children, if it has workers)."""

    process: subprocess.Popen
    port: int
    code: str
    key: str | None
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def tree(self) -> list[psutil.Process]:
        try:
            root = psutil.Process(self.process.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def rss_mb(self) -> float:
        total = 0
        for proc in self.tree():
            with contextlib.suppress(psutil.Error):
                total += proc.memory_info().rss
        return total / 2**20

    def cpu_seconds(self, kind: str = "both") -> float:
        """CPU seconds of the server's processes: user + system, or ``kind`` alone."""
        total = 0.0
        for proc in self.tree():
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                total += {"user": times.user, "system": times.system}.get(
                    kind, times.user + times.system
                )
        return total

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill9(self) -> None:
        """``kill -9`` of the server and every process it started (as a crash would)."""
        for proc in reversed(self.tree()):
            with contextlib.suppress(psutil.Error):
                proc.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 15.0) -> None:
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill9()


def start_room(
    port: int,
    log: Path,
    *,
    title: str | None = None,
    resume: str | None = None,
    key: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
    wrap: list[str] | None = None,
    workers: int = 1,
) -> RoomServer:
    """Start the room server as the README says and wait until it answers over HTTP.

    The workshop code (and, for a new workshop, the facilitator key) is read from what the
    server prints; ``key`` is the one to keep for ``--resume``.  ``wrap`` goes before the
    command's arguments instead of ``python`` (a profiler).
    """
    command = room_command(port, title=title, resume=resume, workers=workers)
    if wrap:
        command = [*wrap, *command[1:]]
    handle = log.open("ab")
    process = subprocess.Popen(
        command,
        stdout=handle,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        cwd=log.parent,
    )
    handle.close()
    deadline = time.monotonic() + timeout
    code = resume
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"rumserveren stoppede (kode {process.returncode}):\n{_tail(log)}")
        text = log.read_text(encoding="utf-8", errors="replace")
        found_code = CODE_OUT.search(text)
        found_key = KEY_OUT.search(text)
        code = code or (found_code and found_code.group(1))
        key = key or (found_key and found_key.group(1))
        if code and (key or resume) and _answers(f"http://127.0.0.1:{port}/"):
            return RoomServer(process, port, code.upper(), key, log)
        time.sleep(0.2)
    process.kill()
    raise TimeoutError(f"rumserveren svarede ikke inden for {timeout:.0f} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code < 500
    except httpx.HTTPError:
        return False


# -- the facilitator -----------------------------------------------------------------------------


class Facilitator:
    """The facilitator's browser: signed in by POST, the session cookie and the CSRF token."""

    def __init__(self, base: str, code: str, key: str):
        self.base, self.code, self.key = base, code, key
        self.client = httpx.AsyncClient(timeout=30)
        self.csrf = ""

    async def sign_in(self) -> None:
        response = await self.client.post(
            f"{self.base}/{self.code}/facilitator", data={"noegle": self.key}, follow_redirects=True
        )
        found = re.search(r'data-csrf="([^"]+)"', response.text)
        if response.status_code != 200 or found is None:
            raise RuntimeError(f"facilitator sign-in failed: {response.status_code}")
        self.csrf = found.group(1)

    async def act(self, action: str, base: str | None = None, **payload: Any) -> dict:
        """One facilitator action (``aktivitet``, ``frigiv`` …), through ``base`` if given."""
        response = await self.client.post(
            f"{base or self.base}/api/{self.code}/facilitator/{action}",
            json=payload,
            headers={"X-CSRF-Token": self.csrf},
        )
        if response.status_code != 200:
            raise RuntimeError(f"{action}: {response.status_code} {response.text[:200]}")
        return response.json()

    async def close(self) -> None:
        await self.client.aclose()


# -- a simulated phone ---------------------------------------------------------------------------


def choose(due: dict, rng: random.Random) -> Any:
    """A random valid answer to what the screen says is due."""
    kind = due.get("input")
    if kind in ("choice", "next"):
        return rng.choice(due["options"])["value"]
    if kind == "text":
        return rng.choice(TEXTS)
    if kind == "weights":
        return {f["name"]: rng.randint(f["min"], f["max"]) for f in due["fields"]}
    raise ValueError(f"unknown input {kind!r}")


THINK_SECONDS = {
    "next": (1.0, 3.0),
    "choice": (3.0, 10.0),
    "text": (15.0, 45.0),
    "weights": (10, 30),
}
"""How long a person takes before each kind of answer (uniform in the range): a tap on "next"
is quick, a mark or a classification needs the turn read, a pause needs a reply typed on a
phone.  About 2½ minutes for the default excerpt; ``--pace`` scales them all."""


def think_time(pace: float) -> Callable[[dict, random.Random], float]:
    """Seconds before an answer to ``due``, times ``pace``."""

    def think(due: dict, rng: random.Random) -> float:
        low, high = THINK_SECONDS.get(due.get("input"), (1.0, 3.0))
        return pace * rng.uniform(low, high)

    return think


@dataclass
class Phone:
    """One participant's page: join, the push stream, the screen and the answers."""

    base: str
    code: str
    nickname: str
    rng: random.Random
    retry_for: float = 0.0
    """Seconds a request is retried through connection errors and 502–504 (0: not at all)."""
    token: str | None = None
    screen: dict | None = None
    acknowledged: dict[str, Any] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    backends: Counter = field(default_factory=Counter)
    """Which server answered (the balancer's ``X-Backend`` header), per acknowledged answer."""
    stream_backends: list[str] = field(default_factory=list)
    version: int | None = None
    versions: list[tuple[float, int]] = field(default_factory=list)
    ready_at: float | None = None
    finished_at: float | None = None
    revealed_at: float | None = None
    streams: int = 0
    largest_screen: int = 0

    def __post_init__(self) -> None:
        self.stream_open = asyncio.Event()
        self.changed = asyncio.Event()
        self.settled = asyncio.Event()
        self._stream: asyncio.Task | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"X-Deltager-Token": self.token or ""}

    async def call(self, client: httpx.AsyncClient, method: str, path: str, **kw) -> httpx.Response:
        """One API call, retried (the same request: the API is idempotent) while the server is
        away, for up to ``retry_for`` seconds."""
        deadline = time.monotonic() + self.retry_for
        while True:
            try:
                response = await client.request(method, f"{self.base}{path}", **kw)
                if response.status_code not in RETRY_STATUS or time.monotonic() > deadline:
                    return response
                self.errors[f"http {response.status_code}"] += 1
            except RETRY_ERRORS as error:
                self.errors[type(error).__name__] += 1
                if time.monotonic() > deadline:
                    raise
            await asyncio.sleep(0.25)

    async def join(self, client: httpx.AsyncClient) -> bool:
        # A join is not repeated after it may have reached the server: the nickname would be
        # taken by then.  Only a connection that never opened is tried again.
        deadline = time.monotonic() + self.retry_for
        while True:
            try:
                response = await client.post(
                    f"{self.base}/api/{self.code}/join", json={"nickname": self.nickname}
                )
                break
            except httpx.ConnectError:
                self.errors["join ConnectError"] += 1
                if time.monotonic() > deadline:
                    return False
                await asyncio.sleep(0.25)
        if response.status_code != 201:
            self.errors[f"join {response.status_code}"] += 1
            return False
        self.token = response.json()["token"]
        return True

    async def fetch_screen(self, client: httpx.AsyncClient) -> dict | None:
        response = await self.call(client, "GET", f"/api/{self.code}/skaerm", headers=self.headers)
        if response.status_code != 200:
            self.errors[f"skaerm {response.status_code}"] += 1
            return self.screen
        self.largest_screen = max(self.largest_screen, len(response.content))
        self.screen = response.json()["screen"]
        return self.screen

    async def answer(self, client: httpx.AsyncClient, step: str, value: Any) -> dict | None:
        """Send one answer; a 200 is the acknowledgement (the answer is stored)."""
        started = time.perf_counter()
        screen = self.screen or {}
        payload = {"step": step, "value": value, "exercise": screen.get("kind")}
        payload["item"] = screen.get("item")
        response = await self.call(
            client, "POST", f"/api/{self.code}/svar", json=payload, headers=self.headers
        )
        elapsed = time.perf_counter() - started
        if response.status_code == 200:
            body = response.json()
            self.acknowledged.setdefault(step, value)
            self.backends[response.headers.get("x-backend", "")] += 1
            if not body.get("repeat"):
                self.latencies.append(elapsed)
            self.largest_screen = max(self.largest_screen, len(response.content))
            self.screen = body.get("screen")
            return self.screen
        self.errors[f"svar {response.status_code}"] += 1
        with contextlib.suppress(ValueError):
            if "screen" in response.json():
                self.screen = response.json()["screen"]
                return self.screen
        await asyncio.sleep(0.5)
        return await self.fetch_screen(client)

    # -- the push stream --------------------------------------------------------------------

    def open_stream(self, client: httpx.AsyncClient) -> None:
        self._stream = asyncio.create_task(self._listen(client))

    async def close_stream(self) -> None:
        if self._stream is not None:
            self._stream.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._stream

    async def _listen(self, client: httpx.AsyncClient) -> None:
        """Read the room's versions; reconnect after a drop as a browser does (2 s)."""
        url = f"{self.base}/api/{self.code}/begivenheder"
        timeout = httpx.Timeout(30, read=None)
        headers = {"Accept": "text/event-stream", **self.headers}
        while True:
            try:
                async with client.stream("GET", url, headers=headers, timeout=timeout) as r:
                    if r.status_code != 200:
                        self.errors[f"stream {r.status_code}"] += 1
                        await asyncio.sleep(2)
                        continue
                    self.streams += 1
                    self.stream_backends.append(r.headers.get("x-backend", ""))
                    async for line in r.aiter_lines():
                        if line.startswith("data:"):
                            self._saw(json.loads(line[5:])["version"])
            except RETRY_ERRORS as error:
                self.errors[f"stream {type(error).__name__}"] += 1
            self.stream_open.clear()
            await asyncio.sleep(2)

    def _saw(self, version: int) -> None:
        self.stream_open.set()
        if version != self.version:
            self.version = version
            self.versions.append((time.monotonic(), version))
            self.changed.set()

    async def follow_pushes(self, client: httpx.AsyncClient) -> None:
        """Fetch the screen on every change the stream announces, as the page does, and note
        when it first shows the released feedback."""
        if not self.changed.is_set():
            self.settled.set()
        while self.revealed_at is None:
            await self.changed.wait()
            self.changed.clear()
            screen = await self.fetch_screen(client)
            self.settled.set()
            if screen and screen.get("released") and screen.get("feedback_html"):
                self.revealed_at = time.monotonic()

    # -- the whole participant --------------------------------------------------------------

    async def take_part(
        self, client: httpx.AsyncClient, think: Callable[[dict, random.Random], float]
    ) -> None:
        """Join, open the stream, fetch the screen, answer until nothing is due."""
        if not await self.join(client):
            return
        self.open_stream(client)
        await self.fetch_screen(client)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stream_open.wait(), 60)
        self.ready_at = time.monotonic()
        await self.work(client, think)

    async def work(
        self,
        client: httpx.AsyncClient,
        think: Callable[[dict, random.Random], float],
        limit: int | None = None,
    ) -> None:
        """Answer what is due until nothing is (or ``limit`` answers have been sent)."""
        sent = 0
        while limit is None or sent < limit:
            due = (self.screen or {}).get("due")
            if not due:
                if self.screen is None:  # no activity yet: wait for the facilitator
                    await self.changed.wait()
                    self.changed.clear()
                    await self.fetch_screen(client)
                    continue
                break
            await asyncio.sleep(think(due, self.rng))
            await self.answer(client, due["step"], choose(due, self.rng))
            sent += 1
        else:
            return
        self.finished_at = time.monotonic()


def make_clients(count: int, per_client: int = 1) -> list[httpx.AsyncClient]:
    """HTTP clients for ``count`` phones: one each by default (a phone has its own connections,
    and httpx's pool gets slow with many connections), or ``per_client`` phones sharing one."""
    clients = []
    for _ in range(max(1, -(-count // per_client))):
        limits = httpx.Limits(max_connections=2 * per_client + 10, max_keepalive_connections=None)
        clients.append(httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(60)))
    return clients


def stored_answers(store_url: str, code: str, key: str) -> list:
    store = Store(store_url)
    try:
        return store.export_answers(code, key)
    finally:
        store.engine.dispose()


def tally(phones: list[Phone], rows: list) -> dict[str, int]:
    """Acknowledged answers against the store's rows: found, missing, twice, never acknowledged."""
    acknowledged = {(p.nickname, s): v for p in phones for s, v in p.acknowledged.items()}
    keys = Counter((r.nickname, r.exercise, r.item, r.step) for r in rows)
    by_step = {(r.nickname, r.step): r.value for r in rows}
    found = sum(1 for k, v in acknowledged.items() if k in by_step and by_step[k] == v)
    return {
        "acknowledged": len(acknowledged),
        "found": found,
        "twice": sum(n - 1 for n in keys.values() if n > 1),
        "unacknowledged": sum(1 for k in by_step if k not in acknowledged),
    }


# -- where the server's time goes ---------------------------------------------------------------
# py-spy is not at hand and cProfile sees only the thread that starts it, while the room's store
# calls run in the room's thread pool.  So ``--profile FILE`` starts the server under this
# module's own sampler: every 5 ms it records each thread's Python stack (wall clock: a thread
# waiting for SQLite's write lock counts as much as one computing), and writes the stacks at exit.

SAMPLE_FLAG = "--sample-server"
# A leaf where a thread waits: a lock, the event loop's select, an idle worker of a thread pool
# (``_worker`` is the leaf while it waits in the C queue's get).
IDLE_LEAVES = (
    "threading.py:wait",
    "selectors.py:select",
    "queue.py:get",
    "runners.py:run",
    "thread.py:_worker",
)


def sample_server(out: str, argv: list[str]) -> None:
    """Run ``argv`` (``-m module args…``) in this process while sampling every thread's stack."""
    import runpy
    import threading

    stacks: Counter = Counter()
    running = True

    def sample() -> None:
        me, loop = threading.get_ident(), threading.main_thread().ident
        while running:
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                names = ["event-loop" if ident == loop else "thread-pool"]
                while frame is not None:
                    code = frame.f_code
                    names.append(f"{Path(code.co_filename).name}:{code.co_name}:{frame.f_lineno}")
                    frame = frame.f_back
                stacks[";".join([names[0], *reversed(names[1:])])] += 1
            time.sleep(0.005)

    def dump() -> None:
        nonlocal running
        running = False
        with open(out, "w", encoding="utf-8") as handle:
            for stack, count in stacks.most_common():
                handle.write(f"{stack} {count}\n")

    import atexit

    atexit.register(dump)
    threading.Thread(target=sample, daemon=True).start()
    sys.argv = [argv[1], *argv[2:]]
    runpy.run_module(argv[1], run_name="__main__", alter_sys=True)


def profile_summary(path: str, top: int = 25) -> list[str]:
    """The busiest functions of the room's own code and its libraries, inclusive, in samples."""
    inclusive: Counter = Counter()
    busy: Counter = Counter()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        stack, count = line.rsplit(" ", 1)
        frames = stack.split(";")
        if frames[-1].startswith(IDLE_LEAVES):
            continue
        busy[frames[0]] += int(count)
        for name in {":".join(f.split(":")[:2]) for f in frames}:
            inclusive[name] += int(count)
    skip = ("threading.py", "runpy", "<frozen", "bench_room.py", "_asyncio.py", "to_thread.py")
    lines = [f"busy samples (every 5 ms, per thread kind): {dict(busy)}"]
    busy = sum(busy.values())
    for name, count in inclusive.most_common():
        if not name.startswith(skip) and len(lines) <= top:
            lines.append(f"{count:7d} {100 * count / max(busy, 1):5.1f}%  {name}")
    return lines


# -- the pages that stay open: facilitator and projector ------------------------------------------


OPEN_PAGES = {
    "facilitator overview": ("facilitator/overblik", 4.0),
    "projector": ("projektor", 3.0),
}


class OpenPages:
    """What the facilitator's and the projector's pages fetch while they are open: the overview
    every 4 s and the projector's data every 3 s, on a timer as the pages' ``setInterval`` does
    (a slow answer does not delay the next fetch)."""

    def __init__(self, facilitator: Facilitator):
        self.facilitator = facilitator
        self.times: dict[str, list[float]] = {name: [] for name in OPEN_PAGES}
        self.failed: Counter = Counter()
        self._tasks: list[asyncio.Task] = []

    def start(self) -> None:
        for name, (path, every) in OPEN_PAGES.items():
            self._tasks.append(asyncio.create_task(self._timer(name, path, every)))

    async def _timer(self, name: str, path: str, every: float) -> None:
        while True:
            self._tasks.append(asyncio.create_task(self._fetch(name, path)))
            await asyncio.sleep(every)

    async def _fetch(self, name: str, path: str) -> None:
        f = self.facilitator
        started = time.perf_counter()
        try:
            response = await f.client.get(f"{f.base}/api/{f.code}/{path}")
        except httpx.HTTPError as error:
            self.failed[f"{name} {type(error).__name__}"] += 1
            return
        if response.status_code == 200:
            self.times[name].append((time.perf_counter() - started) * 1000)
        else:
            self.failed[f"{name} {response.status_code}"] += 1

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


# -- real browsers on the three pages ------------------------------------------------------------


# Where the participant's page stands: the question's prompt, the revealed parts, the wait and the
# feedback (a tap on "next" changes the parts, every other answer the prompt).
STEP_SIGNATURE = """() => {
  const screen = document.getElementById('skaerm');
  const prompt = screen.querySelector('#due-prompt');
  const parts = Array.from(screen.querySelectorAll('.part'), (p) => p.textContent.length);
  return [prompt ? prompt.innerHTML : '', parts.join(','), !!document.getElementById('venter'),
          !!document.getElementById('feedback')].join('|');
}"""
# The page shows the next step (or the wait, or the feedback), ready for a key press.
SETTLED = f"""before => {{
  const screen = document.getElementById('skaerm');
  return ({STEP_SIGNATURE})() !== before && !screen.querySelector('button[disabled]')
    && !!(screen.querySelector('.due') || document.getElementById('venter')
          || document.getElementById('feedback'));
}}"""


class Browsers:
    """One Debian Chromium (headless) with the facilitator's page, the projector and one
    phone-sized participant who answers from the keyboard, beside the simulated phones."""

    def __init__(self, base: str, code: str, key: str):
        self.base, self.code, self.key = base, code, key
        self.figures: dict[str, str] = {}
        self.reactions: list[float] = []

    async def start(self) -> None:
        from playwright.async_api import async_playwright

        from lises.tools.headless import is_local, launch

        self._playwright = await async_playwright().start()
        self.browser = await launch(self._playwright)

        async def local_only(route) -> None:
            await (route.continue_() if is_local(route.request.url) else route.abort())

        desk = await self.browser.new_context(locale="da-DK")
        phone = await self.browser.new_context(
            locale="da-DK", viewport={"width": 390, "height": 844}, is_mobile=True
        )
        for context in (desk, phone):
            await context.route("**/*", local_only)
        self.facilitator = await desk.new_page()
        self.projector = await desk.new_page()
        self.participant = await phone.new_page()

    async def open_staff_pages(self) -> None:
        page, started = self.facilitator, time.perf_counter()
        await page.goto(f"{self.base}/{self.code}/facilitator")
        await page.fill("#noegle", self.key)
        await page.press("#noegle", "Enter")
        await page.wait_for_selector("main[data-csrf]")
        self._note("facilitator page signed in and shown", started)
        started = time.perf_counter()
        await self.projector.goto(f"{self.base}/{self.code}/projektor")
        await self.projector.wait_for_selector("#p-deltagere")
        self._note("projector page shown", started)

    async def take_part(self) -> None:
        page, started = self.participant, time.perf_counter()
        await page.goto(f"{self.base}/{self.code}")
        await page.wait_for_selector("#kaldenavn", state="visible")
        self._note("participant page usable", started)
        await page.fill("#kaldenavn", "Browser 1")
        await page.press("#kaldenavn", "Enter")
        await page.wait_for_selector("#skaerm .due", state="visible")
        self._note("participant page opened, joined, first question shown", started)
        while await page.query_selector("#skaerm .due"):
            before = await page.evaluate(STEP_SIGNATURE)
            started = time.perf_counter()
            if await page.query_selector("#svar-tekst"):
                await page.fill("#svar-tekst", TEXTS[0])
                await page.focus("#skaerm form.answer-text button[type=submit]")
            else:
                await page.focus("#skaerm .due button.choice")
            await page.keyboard.press("Enter")
            await page.wait_for_function(SETTLED, arg=before)
            self.reactions.append((time.perf_counter() - started) * 1000)

    async def await_feedback(self, released: float) -> None:
        what = "participant page shows the feedback"
        try:
            await self.participant.wait_for_selector("#feedback", timeout=30_000)
        except asyncio.CancelledError:
            self.figures[what] = "not within the reveal timeout"
            raise
        except Exception as error:  # the figure is missing, and why is said instead
            self.figures[what] = f"not seen ({type(error).__name__})"
            return
        self.figures["participant page shows the feedback"] = (
            f"{(time.monotonic() - released) * 1000:.0f} ms after the release"
        )

    def _note(self, what: str, started: float) -> None:
        self.figures[what] = f"{time.perf_counter() - started:.2f} s"

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.browser.close()
            await self._playwright.stop()


# -- the benchmark -------------------------------------------------------------------------------

# The retired Voilà workshop with the same 25 (README "Sizing a room", ``make bench-workshop``,
# measured on this machine before the room replaced it; not measured again here).
VOILA_25 = (
    "Voilà workshop, the same 25 (README, make bench-workshop; not re-measured): all ready in "
    "8.3 s, answer p50 269 ms, p95 373 ms, 95 MB per participant's kernel, 5.1 GB with POOL=26"
)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


@dataclass
class Run:
    """What one benchmark run measured."""

    participants: int
    joined: list[Phone]
    all_joined: float
    answer_seconds: float
    reveals: list[float]
    pushed: list[float]
    release_ms: float
    reveal_cpu: tuple[float, float]
    """CPU seconds of the server and of the simulated phones from the release to the end."""
    rss: float
    rss_idle: float
    cpu: float
    cpu_system: float
    cpu_idle: float
    own_cpu: float
    counts: dict[str, int]
    phones: list[Phone]
    pages: OpenPages | None
    browsers: Browsers | None


async def run(args: argparse.Namespace, server: RoomServer, store_url: str) -> Run:
    n = args.participants
    facilitator = Facilitator(server.base, server.code, server.key)
    await facilitator.sign_in()
    await facilitator.act("aktivitet", exercise="gribning", item=args.excerpt)
    browsers = Browsers(server.base, server.code, server.key) if args.browsers else None
    if browsers:
        await browsers.start()
        await browsers.open_staff_pages()
    pages = OpenPages(facilitator) if not browsers and not args.no_pages else None
    if pages:
        pages.start()
    cpu_idle, rss_idle = server.cpu_seconds(), server.rss_mb()
    peak = {"rss": rss_idle}

    async def sample() -> None:
        while True:
            peak["rss"] = max(peak["rss"], server.rss_mb())
            await asyncio.sleep(0.25)

    sampler = asyncio.create_task(sample())
    clients = make_clients(n, args.per_client)
    own_cpu = time.process_time()
    rng = random.Random(args.seed)
    phones = [
        Phone(server.base, server.code, f"deltager-{i + 1}", random.Random(rng.random()), 30)
        for i in range(n)
    ]
    think = think_time(args.pace)
    started = time.monotonic()
    work = [
        asyncio.create_task(p.take_part(clients[i % len(clients)], think))
        for i, p in enumerate(phones)
    ]
    if browsers:
        work.append(asyncio.create_task(browsers.take_part()))
    await asyncio.wait(work, timeout=args.timeout)
    answer_seconds = time.monotonic() - started
    joined = [p for p in phones if p.token]
    ready = [p.ready_at for p in joined if p.ready_at is not None]
    all_joined = (max(ready) - started) if len(ready) == n else float("nan")

    followers = [
        asyncio.create_task(p.follow_pushes(clients[i % len(clients)]))
        for i, p in enumerate(phones)
        if p.token
    ]
    # Every page has fetched what its stream announced and waits on it, as phones that are done
    # do in a room; the release is not queued behind the phones' last fetches.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*(p.settled.wait() for p in joined)), 60)
    await asyncio.sleep(1.0)
    reveal_cpu = server.cpu_seconds(), time.process_time()
    released = time.monotonic()
    version = (await facilitator.act("frigiv", on=True))["room"]["version"]
    release_ms = (time.monotonic() - released) * 1000
    if browsers:
        followers.append(asyncio.create_task(browsers.await_feedback(released)))
    await asyncio.wait(followers, timeout=args.reveal_timeout)
    reveals = [(p.revealed_at - released) * 1000 for p in joined if p.revealed_at]
    reveal_cpu = server.cpu_seconds() - reveal_cpu[0], time.process_time() - reveal_cpu[1]
    pushed = [
        (min(t for t, v in p.versions if v >= version) - released) * 1000
        for p in joined
        if any(v >= version for _, v in p.versions)
    ]
    for task in [*work, *followers]:
        task.cancel()
    await asyncio.gather(*work, *followers, return_exceptions=True)
    await asyncio.gather(*(p.close_stream() for p in phones))
    if pages:
        await pages.stop()
    sampler.cancel()
    cpu, cpu_system = server.cpu_seconds(), server.cpu_seconds("system")
    own_cpu = time.process_time() - own_cpu
    rss = max(peak["rss"], server.rss_mb())
    for client in clients:
        await client.aclose()
    if browsers:
        await browsers.close()
    await facilitator.close()
    rows = await asyncio.to_thread(stored_answers, store_url, server.code, server.key)
    browser_nicknames = {"Browser 1"}
    rows = [r for r in rows if r.nickname not in browser_nicknames]
    return Run(
        participants=n,
        joined=joined,
        all_joined=all_joined,
        answer_seconds=answer_seconds,
        reveals=reveals,
        release_ms=release_ms,
        reveal_cpu=reveal_cpu,
        pushed=pushed,
        rss=rss,
        rss_idle=rss_idle,
        cpu=cpu,
        cpu_system=cpu_system,
        cpu_idle=cpu_idle,
        own_cpu=own_cpu,
        counts=tally(phones, rows),
        phones=phones,
        pages=pages,
        browsers=browsers,
    )


def report(args: argparse.Namespace, r: Run, store_url: str, load: float) -> list[str]:
    """The lines the benchmark prints: the issue's figures with their targets, then context."""
    n, joined = r.participants, r.joined
    latencies = [x * 1000 for p in r.phones for x in p.latencies]
    p50, p95 = pct(latencies, 0.5), pct(latencies, 0.95)
    reveal_ms = max(r.reveals) if r.reveals else float("nan")
    lost = r.counts["acknowledged"] - r.counts["found"]
    revealed_all = len(r.reveals) == len(joined) == n
    errors = sum((p.errors for p in r.phones), Counter())
    t = TARGETS
    lines = [
        f"store: {store_url.split(':')[0]}; excerpt: {args.excerpt}; think time x{args.pace}; "
        f"server workers: {args.workers}; machine load average at the start: {load:.1f}",
        f"participants joined: {len(joined)} of {n}  (target: {n} of {n}: "
        f"{verdict(len(joined) == n)})",
        f"all joined in: {r.all_joined:.1f} s  (target ≤ {t['join_s']:.0f} s: "
        f"{verdict(r.all_joined <= t['join_s'])})",
        f"answer latency p50: {p50:.0f} ms",
        f"answer latency p95: {p95:.0f} ms  (target ≤ {t['p95_ms']:.0f} ms: "
        f"{verdict(p95 <= t['p95_ms'])})",
        f"answers stored: {r.counts['found']} of {r.counts['acknowledged']}  (target: all, none "
        f"twice: {verdict(lost == 0 and r.counts['twice'] == 0)})",
        f"reveal reached: {len(r.reveals)} of {n} in {reveal_ms:.0f} ms  (target: all within "
        f"{t['reveal_ms']:.0f} ms: {verdict(revealed_all and reveal_ms <= t['reveal_ms'])})",
        f"server RSS: {r.rss:.0f} MB  (peak of all its processes; target ≤ {t['rss_mb']:.0f} MB: "
        f"{verdict(r.rss <= t['rss_mb'])})",
        f"server CPU: {r.cpu:.1f} s  (of which start-up and sign-in {r.cpu_idle:.1f} s; "
        f"system time {r.cpu_system:.1f} s)",
        "--",
        f"answer latency max: {max(latencies, default=float('nan')):.0f} ms; answers: "
        f"{len(latencies)} in {r.answer_seconds:.0f} s "
        f"({len(latencies) / max(r.answer_seconds, 1e-9):.0f} per s)",
        f"answers stored twice: {r.counts['twice']}; stored but never acknowledged: "
        f"{r.counts['unacknowledged']}",
        f"reveal p50: {pct(r.reveals, 0.5):.0f} ms; the push stream alone: {len(r.pushed)} of "
        f"{len(joined)} in {max(r.pushed, default=float('nan')):.0f} ms "
        f"(p50 {pct(r.pushed, 0.5):.0f} ms, of which the facilitator's release request "
        f"{r.release_ms:.0f} ms), the rest is the screen fetch; CPU from the release to the "
        f"end: server {r.reveal_cpu[0]:.1f} s, simulated phones {r.reveal_cpu[1]:.1f} s",
        f"server RSS idle (signed in, before the phones): {r.rss_idle:.0f} MB; largest screen "
        f"{max((p.largest_screen for p in r.phones), default=0) / 1024:.1f} KB",
        f"simulated phones' CPU: {r.own_cpu:.1f} s (this process, on the same cores)",
        f"finished the excerpt: {sum(1 for p in r.phones if p.finished_at)} of {n}; "
        f"errors and retries: {dict(errors) or 'none'}",
    ]
    if r.pages:
        for name, times in r.pages.times.items():
            lines.append(
                f"{name} (open all along): {len(times)} fetches, p50 {pct(times, 0.5):.0f} ms, "
                f"max {max(times, default=float('nan')):.0f} ms"
            )
        if r.pages.failed:
            lines.append(f"open pages' failures: {dict(r.pages.failed)}")
    if r.browsers:
        for what, figure in r.browsers.figures.items():
            lines.append(f"browser: {what}: {figure}")
        reactions = r.browsers.reactions
        lines.append(
            f"browser: participant's key press to the next screen: {len(reactions)} answers, "
            f"p50 {pct(reactions, 0.5):.0f} ms, max {max(reactions, default=float('nan')):.0f} ms"
        )
    if n == 25:
        lines.append(VOILA_25)
    return lines


def _run_loop(coroutine) -> Any:
    """Run on uvloop when it is there (uvicorn's own loop): the phones then cost the two
    cores less, and the server has more of them."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=25)
    parser.add_argument("--excerpt", default=EXCERPT)
    parser.add_argument("--pace", type=float, default=1.0, help="think time factor (0: none)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--workers", type=int, default=1, help="the server's --workers")
    parser.add_argument("--per-client", type=int, default=1, help="phones per HTTP client")
    parser.add_argument("--browsers", action="store_true", help="also real Chromium pages")
    parser.add_argument(
        "--no-pages", action="store_true", help="no facilitator and projector pages open"
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds for the answers")
    parser.add_argument("--reveal-timeout", type=float, default=30)
    parser.add_argument("--profile", help="sample the server's stacks into this file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="lises-bench-room-") as tmp:
        folder = Path(tmp)
        store_url = os.environ.get("LISES_STORE_URL") or f"sqlite:///{folder / 'rum.sqlite'}"
        env = {"LISES_STORE_URL": store_url, "LISES_LOCAL_DIR": str(folder / "mine-uddrag")}
        wrap = None
        if args.profile:
            wrap = [sys.executable, str(Path(__file__).resolve()), SAMPLE_FLAG, args.profile]
        load = os.getloadavg()[0]
        server = start_room(
            free_port(),
            folder / "server.log",
            title="Benchmark",
            env=env,
            wrap=wrap,
            workers=args.workers,
        )
        try:
            result = _run_loop(run(args, server, store_url))
        except (httpx.HTTPError, RuntimeError) as error:
            print(f"the benchmark stopped: {type(error).__name__}: {error}")
            print(f"server exit code: {server.process.poll()}; server log:\n{_tail(server.log)}")
            return 1
        finally:
            server.stop(timeout=60)
        print("\n".join(report(args, result, store_url, load)))
        if args.profile and Path(args.profile).is_file():
            print("\n".join(profile_summary(args.profile)))
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == [SAMPLE_FLAG]:
        sample_server(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(main())
