"""Nothing writes under $HOME: `make test` runs pytest with an empty throw-away home."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.mark.last
def test_nothing_was_written_under_home():
    sentinel = os.environ.get("LISES_SENTINEL_HOME")
    if not sentinel:
        pytest.skip("run through 'make test', which gives pytest an empty $HOME to check")
    home = Path(sentinel)
    written = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    assert written == [], f"written under $HOME: {written}"
