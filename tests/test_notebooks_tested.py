"""nbval must run every notebook on disk in book/ and exercises/: a new one can't go untested."""

from __future__ import annotations

import pytest

from conftest import NOTEBOOK_DIRS, REPO
from nbval_coverage import RAN_NOTEBOOKS


@pytest.mark.last
@pytest.mark.notebook  # a check on the notebook tier: it runs with it (tests/tiers.py)
def test_nbval_ran_every_notebook(request):
    args = [str(a) for a in request.config.args]
    full_run = all(any(arg.rstrip("/").endswith(d) for arg in args) for d in NOTEBOOK_DIRS)
    if not full_run:
        pytest.skip("only a full run (pytest with no paths) runs every notebook")
    on_disk = {
        str(path.relative_to(REPO))
        for directory in NOTEBOOK_DIRS
        for path in (REPO / directory).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in path.parts
    }
    assert on_disk, "no notebooks found"
    assert on_disk == RAN_NOTEBOOKS, (
        f"not run by nbval: {sorted(on_disk - RAN_NOTEBOOKS)}; "
        f"ran but not on disk: {sorted(RAN_NOTEBOOKS - on_disk)}"
    )
