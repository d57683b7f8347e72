"""pytest plugin (``-p tiers``): every test belongs to one tier, chosen by what it needs.

=========  ===================================================================================
unit       plain Python: no built book, no browser, no server, no notebook kernel
           (``make test-unit``, well under a minute)
notebook   a notebook cell run by nbval (``book/``, ``exercises/``)
browser    drives a page in headless Chromium (the ``browser``/``page`` fixtures)
slow       needs the built book, starts a server or a subprocess (Voilà, PostgreSQL, the book's
           HTTP server, a CLI in a fresh interpreter), or builds something
=========  ===================================================================================

A test is never marked by name.  In order: an nbval cell is ``notebook``; a test that carries a
tier's marker already (``pytestmark`` or a decorator in its file) keeps it; a test that uses a
fixture in ``BROWSER_FIXTURES`` is ``browser``; one that uses a fixture in ``SLOW_FIXTURES`` (or
the PostgreSQL side of ``store_url``), or sits in a module that imports :mod:`subprocess` (it
runs the CLI, ruff, hunspell or a server in a process of its own), is ``slow``; everything else
is ``unit``.  ``make test`` runs every tier; ``make test-unit`` runs ``pytest -m unit``.

A plugin rather than a hook in tests/conftest.py, because conftest hooks only see the items in
their own folder and the notebooks live in book/ and exercises/.
"""

from __future__ import annotations

import subprocess
from types import ModuleType

import pytest

TIERS = {
    "unit": "plain Python, no book, browser, server or kernel: make test-unit",
    "notebook": "a notebook cell run by nbval",
    "browser": "drives a real page in headless Chromium",
    "slow": "needs the built book, starts servers or subprocesses, or builds; part of make test",
}
BROWSER_FIXTURES = {"browser", "page"}
SLOW_FIXTURES = {"book_html", "book_server", "voila_server", "postgres_url"}


def pytest_configure(config: pytest.Config) -> None:
    for name, text in TIERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")


def _starts_processes(module: ModuleType | None) -> bool:
    return module is not None and any(
        value is subprocess or getattr(value, "__module__", None) == "subprocess"
        for value in vars(module).values()
    )


def tier(item: pytest.Item) -> str:
    if item.path.suffix == ".ipynb":
        return "notebook"
    for marked in TIERS:
        if item.get_closest_marker(marked) is not None:
            return marked
    fixtures = set(getattr(item, "fixturenames", ()))
    if fixtures & BROWSER_FIXTURES:
        return "browser"
    callspec = getattr(item, "callspec", None)
    postgres = callspec is not None and callspec.params.get("store_url") == "postgresql"
    if fixtures & SLOW_FIXTURES or postgres or _starts_processes(getattr(item, "module", None)):
        return "slow"
    return "unit"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        name = tier(item)
        if item.get_closest_marker(name) is None:
            item.add_marker(name)
