"""``kill -9`` of the room server mid-room: nothing acknowledged is lost, everyone continues.

The server is started as the README starts it (``python -m lises.room --title …``, by
``bench/bench_room.py``, the benchmark's own start), on a SQLite file and on PostgreSQL.  Simulated
phones join, open the push stream and answer an excerpt by following the screen's ``due`` field.
When about a third of the answers are in, the server and everything it started get ``SIGKILL``
(no shutdown, no flush: a crash).  It is started again with ``--resume CODE`` on the same store
and port; the phones keep their tokens and retry what was in flight, as the page does.

Then: every answer the server acknowledged is in the store exactly once with the value sent, no
row is there twice, every phone finished the excerpt with its own token (no phone was refused or
had to join again), its stored steps are the excerpt's whole sequence in order (it continued from
where it was, skipping and repeating nothing), and its push stream came back.
"""

from __future__ import annotations

import asyncio
import random
import sys
from pathlib import Path

import httpx
import pytest

from conftest import REPO, free_port, run_async

sys.path.insert(0, str(REPO / "bench"))

from bench_room import Facilitator, Phone, start_room, stored_answers, tally
from lises.room.screens import participant_screen

pytestmark = pytest.mark.slow

EXCERPT = "god-gribning"
PHONES = 8
SECRET = "proeve-hemmelighed-til-rummet-0123456789"


def fast(_due: dict, rng: random.Random) -> float:
    return rng.uniform(0.02, 0.12)


def steps_in_order(rows: list, nickname: str) -> list[tuple[str, object]]:
    # export_answers returns rows oldest first (by id): the order the server stored them.
    return [(r.step, r.value) for r in rows if r.nickname == nickname]


async def room_with_a_crash(store_url: str, folder: Path) -> dict:
    port = free_port()
    env = {"LISES_STORE_URL": store_url, "LISES_ROOM_SECRET": SECRET}
    log = folder / "rum.log"
    server = start_room(port, log, title="Nedbrud midt i rummet", env=env)
    restarted = None
    phones: list[Phone] = []
    clients: list[httpx.AsyncClient] = []
    facilitator = Facilitator(server.base, server.code, server.key)
    try:
        await facilitator.sign_in()
        await facilitator.act("aktivitet", exercise="gribning", item=EXCERPT)
        rng = random.Random(14)
        phones = [
            Phone(server.base, server.code, f"ugle-{i + 1}", random.Random(rng.random()), 60)
            for i in range(PHONES)
        ]
        clients = [httpx.AsyncClient(timeout=httpx.Timeout(30)) for _ in phones]
        work = [
            asyncio.create_task(p.take_part(c, fast)) for p, c in zip(phones, clients, strict=True)
        ]

        def answered() -> int:
            return sum(len(p.acknowledged) for p in phones)

        while answered() < PHONES * 8:
            await asyncio.sleep(0.05)
            assert not all(t.done() for t in work), "the phones finished before the crash"
        at_crash = {p.nickname: len(p.acknowledged) for p in phones}
        await asyncio.to_thread(server.kill9)
        await asyncio.sleep(1.0)  # requests fail meanwhile; the phones keep retrying
        restarted = await asyncio.to_thread(
            start_room, port, log, resume=server.code, key=server.key, env=env
        )
        done, pending = await asyncio.wait(work, timeout=120)
        assert not pending, "some phones did not finish after the restart"
        for task in done:
            task.result()
        # A phone may finish the excerpt before its stream's 2 s reconnect pause is over (a fast
        # machine); the stream must still come back, so wait for it a while rather than race it.
        deadline = asyncio.get_running_loop().time() + 30
        while any(p.streams < 2 for p in phones) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.1)
        rows = await asyncio.to_thread(stored_answers, store_url, server.code, server.key)
        return {"phones": phones, "rows": rows, "at_crash": at_crash, "log": log}
    finally:
        await asyncio.gather(*(p.close_stream() for p in phones))
        for client in clients:
            await client.aclose()
        await facilitator.close()
        for running in (restarted, server):
            if running is not None:
                running.stop()


def test_kill_9_mid_room_loses_nothing_and_everyone_continues(store_url, tmp_path):
    result = run_async(room_with_a_crash(store_url, tmp_path))
    phones, rows = result["phones"], result["rows"]
    log = result["log"].read_text(encoding="utf-8", errors="replace")
    counts = tally(phones, rows)
    assert counts["acknowledged"] > PHONES * 8
    assert counts["found"] == counts["acknowledged"], (counts, log[-2000:])
    assert counts["twice"] == 0
    # An answer may have been stored just before the kill and its response lost; the phone then
    # sent it again and got it acknowledged as a repeat, so nothing is stored unacknowledged.
    assert counts["unacknowledged"] == 0
    assert log.count("Workshopkode:") == 2, "the server was not started again with --resume"
    for phone in phones:
        refused = {k: v for k, v in phone.errors.items() if k.split()[-1].startswith("4")}
        assert not refused, (phone.nickname, phone.errors)
        assert phone.finished_at is not None and phone.screen and phone.screen["done"]
        stored = steps_in_order(rows, phone.nickname)
        assert dict(stored) == phone.acknowledged
        # The stored answers replay to the end of the excerpt, one step after the other.
        assert participant_screen("gribning", EXCERPT, stored, False)["done"]
        assert [s for s, _ in stored] == list(phone.acknowledged)
        assert len(stored) > result["at_crash"][phone.nickname], "no answer after the restart"
        assert phone.streams >= 2, f"{phone.nickname}: the push stream did not come back"
