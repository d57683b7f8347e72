"""The room beyond one machine: two server processes behind HAProxy, one PostgreSQL.

As the README's recipe runs it: two ``python -m lises.room`` processes (the first creates the
workshop, the second ``--resume``\\s it) with the same ``LISES_STORE_URL`` and the same
``LISES_ROOM_SECRET``, and Debian's HAProxy in front (round robin per request, health checks,
``option redispatch`` and retries on a connection that fails, timeouts long enough for the push
streams).  HAProxy names the process that answered in an ``X-Backend`` header.

Simulated phones (``bench/bench_room.py``) join and answer through the balancer.  Checked:

- answers land through both processes;
- a release sent to process ``a`` reaches, within 2 s, the phones whose push stream is held by
  process ``b`` (push across processes goes through the database alone);
- ``kill -9`` of process ``b`` mid-room loses no acknowledged answer: every one is in the store
  exactly once, the phones whose stream ``b`` held reconnect through the balancer to ``a``, and
  every phone finishes the excerpt with its own token.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from conftest import REPO, free_port, run_async

sys.path.insert(0, str(REPO / "bench"))

from bench_room import Facilitator, Phone, start_room, stored_answers, tally
from lises.room.screens import participant_screen

pytestmark = pytest.mark.slow

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
NO_HAPROXY = "HAProxy mangler: kør scripts/setup.sh --test (Debian-pakken haproxy)."
EXCERPT = "god-gribning"
PHONES = 12
SECRET = "proeve-hemmelighed-delt-af-begge-processer-42"
RELEASE_WITHIN = 2.0

HAPROXY_CONFIG = """\
global
    maxconn 4096

defaults
    mode http
    option forwardfor
    timeout connect 2s
    timeout http-request 10s
    timeout queue 10s
    # The push stream is one long response: it must outlive the pings (every 15 s).
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout

frontend rum
    bind 127.0.0.1:{port}
    default_backend rum

backend rum
    balance roundrobin
    option httpchk
    http-check send meth GET uri / ver HTTP/1.1 hdr Host localhost
    http-check expect status 200
    default-server check inter 500ms fall 2 rise 2
    http-response set-header X-Backend %s
{servers}
"""


def haproxy_config(port: int, backends: dict[str, int]) -> str:
    servers = "\n".join(f"    server {name} 127.0.0.1:{p}" for name, p in backends.items())
    return HAPROXY_CONFIG.format(port=port, servers=servers)


def start_haproxy(folder: Path, port: int, backends: dict[str, int]) -> subprocess.Popen:
    if not Path(HAPROXY).is_file():
        pytest.fail(NO_HAPROXY)
    config = folder / "haproxy.cfg"
    config.write_text(haproxy_config(port, backends), encoding="utf-8")
    subprocess.run([HAPROXY, "-c", "-q", "-f", str(config)], check=True)
    log = (folder / "haproxy.log").open("wb")
    process = subprocess.Popen([HAPROXY, "-db", "-f", str(config)], stdout=log, stderr=log)
    log.close()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            seen = {httpx.get(f"http://127.0.0.1:{port}/", timeout=2).headers.get("x-backend")}
            seen |= {httpx.get(f"http://127.0.0.1:{port}/", timeout=2).headers.get("x-backend")}
            if seen == set(backends):  # both servers are up in the balancer's eyes
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise TimeoutError("HAProxy kom ikke op med begge servere")


def fast(_due: dict, rng: random.Random) -> float:
    return rng.uniform(0.02, 0.12)


@pytest.fixture
def cluster_store(postgres_url) -> str:
    # An empty schema on the session's throw-away PostgreSQL, as store_url gives one.
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return postgres_url


async def room_on_two_processes(store_url: str, folder: Path) -> dict:
    env = {"LISES_STORE_URL": store_url, "LISES_ROOM_SECRET": SECRET}
    a = start_room(free_port(), folder / "a.log", title="To processer", env=env)
    b = start_room(free_port(), folder / "b.log", resume=a.code, key=a.key, env=env)
    port = free_port()
    balancer = start_haproxy(folder, port, {"a": a.port, "b": b.port})
    base = f"http://127.0.0.1:{port}"
    phones: list[Phone] = []
    clients: list[httpx.AsyncClient] = []
    facilitator = Facilitator(base, a.code, a.key)
    try:
        await facilitator.sign_in()
        await facilitator.act("aktivitet", exercise="gribning", item=EXCERPT)
        rng = random.Random(42)
        phones = [
            Phone(base, a.code, f"lærke-{i + 1}", random.Random(rng.random()), retry_for=60)
            for i in range(PHONES)
        ]
        clients = [httpx.AsyncClient(timeout=httpx.Timeout(30)) for _ in phones]

        async def first_part(phone: Phone, client: httpx.AsyncClient) -> None:
            assert await phone.join(client)
            phone.open_stream(client)
            await phone.fetch_screen(client)
            await asyncio.wait_for(phone.stream_open.wait(), 20)
            await phone.work(client, fast, limit=6)

        await asyncio.gather(*(first_part(p, c) for p, c in zip(phones, clients, strict=True)))
        on_b = [p for p in phones if p.stream_backends[-1] == "b"]

        # A release sent to process a (past the balancer) reaches the streams process b holds.
        sent = time.monotonic()
        version = (await facilitator.act("frigiv", base=a.base, on=True))["room"]["version"]
        deadline = sent + 10
        while time.monotonic() < deadline and not all((p.version or 0) >= version for p in phones):
            await asyncio.sleep(0.02)
        reached = {
            p.nickname: next((t - sent for t, v in p.versions if v >= version), None)
            for p in phones
        }

        # Then process b dies while everyone answers; the phones go on through the balancer.
        work = [asyncio.create_task(p.work(c, fast)) for p, c in zip(phones, clients, strict=True)]
        before = sum(len(p.acknowledged) for p in phones)
        while sum(len(p.acknowledged) for p in phones) < before + PHONES * 3:
            await asyncio.sleep(0.02)
        at_kill = {p.nickname: len(p.acknowledged) for p in phones}
        await asyncio.to_thread(b.kill9)
        done, pending = await asyncio.wait(work, timeout=120)
        assert not pending, "some phones did not finish after process b was killed"
        for task in done:
            task.result()
        deadline = time.monotonic() + 10  # the streams b held come back after ~2 s
        while time.monotonic() < deadline and not all(
            p.stream_open.is_set() and p.stream_backends[-1] == "a" for p in on_b
        ):
            await asyncio.sleep(0.1)
        rows = await asyncio.to_thread(stored_answers, store_url, a.code, a.key)
        return {
            "phones": phones,
            "on_b": on_b,
            "reached": reached,
            "at_kill": at_kill,
            "rows": rows,
        }
    finally:
        await asyncio.gather(*(p.close_stream() for p in phones))
        for client in clients:
            await client.aclose()
        await facilitator.close()
        balancer.terminate()
        balancer.wait(timeout=10)
        for server in (a, b):
            server.stop()


def test_two_processes_behind_haproxy(cluster_store, tmp_path):
    result = run_async(room_on_two_processes(cluster_store, tmp_path))
    phones, rows = result["phones"], result["rows"]

    # Answers went through both processes.
    through = sum((p.backends for p in phones), start=Counter())
    assert through["a"] > 0 and through["b"] > 0, through

    # The release reached every phone, those on b included, within 2 s.
    assert result["on_b"], "no push stream was held by process b"
    late = {n: t for n, t in result["reached"].items() if t is None or t > RELEASE_WITHIN}
    assert not late, late

    # kill -9 of b lost nothing acknowledged, stored nothing twice, and everyone finished.
    counts = tally(phones, rows)
    assert counts["found"] == counts["acknowledged"], counts
    assert counts["twice"] == 0 and counts["unacknowledged"] == 0, counts
    for phone in phones:
        refused = {k: v for k, v in phone.errors.items() if k.split()[-1].startswith("4")}
        assert not refused, (phone.nickname, phone.errors)
        stored = [(r.step, r.value) for r in rows if r.nickname == phone.nickname]
        assert dict(stored) == phone.acknowledged
        assert participant_screen("gribning", EXCERPT, stored, False)["done"]
        assert len(stored) > result["at_kill"][phone.nickname]
    for phone in result["on_b"]:
        assert phone.streams >= 2 and phone.stream_backends[-1] == "a", (
            phone.nickname,
            phone.stream_backends,
        )
