"""The room's short-lived results: one computation per room version for many readers."""

from __future__ import annotations

import threading
import time

from lises.room.recent import Recent


def test_a_result_is_made_once_per_key_while_it_is_recent():
    calls = []
    recent = Recent(lambda n: calls.append(n) or n * 2, seconds=0.2)
    assert recent.get(("rum", 1), 5) == 10
    assert recent.get(("rum", 1), 5) == 10
    assert calls == [5]
    assert recent.get(("rum", 2), 6) == 12  # a new room version: made at once
    time.sleep(0.25)
    assert recent.get(("rum", 1), 5) == 10  # old: made again
    assert calls == [5, 6, 5]


def test_readers_arriving_together_wait_for_one_computation():
    calls = []

    def slow(n):
        calls.append(n)
        time.sleep(0.2)
        return n

    recent = Recent(slow, seconds=5)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(recent.get("rum", 1))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [1] * 8 and calls == [1]


def test_old_keys_do_not_pile_up():
    recent = Recent(lambda n: n, seconds=60, size=4)
    for version in range(100):
        recent.get(("rum", version), version)
    assert len(recent._results) <= 4
