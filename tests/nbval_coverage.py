"""pytest plugin (``-p nbval_coverage``): records which notebooks nbval ran in this session.

A plugin rather than a hook in tests/conftest.py, because conftest hooks only see the items in
their own folder and the notebooks live in book/ and exercises/.
"""

from __future__ import annotations

import pytest

RAN_NOTEBOOKS: set[str] = set()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    path, sep, _ = report.nodeid.partition(".ipynb::")
    if sep and report.when == "call" and report.passed:
        RAN_NOTEBOOKS.add(path + ".ipynb")
