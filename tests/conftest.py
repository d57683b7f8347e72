"""Shared test set-up: isolated state, a headless Chromium, local servers.

Jupyter, IPython, Chromium and fontconfig write their state into this session's temporary
folder (set before anything starts), never under $HOME; ``test_home_untouched`` checks that.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from lises.tools.headless import is_local

_STATE = Path(tempfile.mkdtemp(prefix="lises-test-state-"))
# Set before hypothesis is imported: it reads its storage folder from the environment once.
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(_STATE / "hypothesis")

from hypothesis import settings  # noqa: E402

# Hypothesis keeps no example database: tests write only to temporary folders.
settings.register_profile("lises", database=None, deadline=None)
settings.load_profile("lises")

REPO = Path(__file__).resolve().parents[1]
BOOK_HTML = Path(os.environ.get("LISES_BOOK_HTML", REPO / "_build" / "html"))
NOTEBOOK_DIRS = ("book", "exercises")

for _var, _sub in {
    "JUPYTER_CONFIG_DIR": "jupyter/config",
    "JUPYTER_DATA_DIR": "jupyter/data",
    "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
    "IPYTHONDIR": "ipython",
    "XDG_CACHE_HOME": "cache",
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
    "MPLCONFIGDIR": "matplotlib",
}.items():
    (_STATE / _sub).mkdir(parents=True, exist_ok=True)
    os.environ[_var] = str(_STATE / _sub)
# A knowledge broker's own excerpts and codings: the tests' folder, never the course folder's.
os.environ["LISES_LOCAL_DIR"] = str(_STATE / "mine-uddrag")
os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Checks over the whole session run after everything else.
    items.sort(key=lambda item: item.get_closest_marker("last") is not None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "last: runs after all other tests (session-wide checks)")


def pytest_terminal_summary(terminalreporter) -> None:
    from run_summary import lines

    summary = lines(BOOK_HTML)
    if summary:
        terminalreporter.section("tilgængelighed, privatliv og PDF")
        for line in summary:
            terminalreporter.write_line(line)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_STATE, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def book_html() -> Path:
    if not (BOOK_HTML / "index.html").is_file():
        pytest.fail("Bogen er ikke bygget: kør 'make test' (den bygger bogen først).")
    return BOOK_HTML


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from lises.tools.headless import launch

    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


class BlockedRequests(list):
    """Requests to other hosts that a page attempted (all of them were aborted)."""


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh page that may only talk to localhost; every other request is aborted and kept
    in ``page.blocked`` so a test can assert that none was attempted."""
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    blocked = BlockedRequests()

    def _route(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", _route)
    page.blocked = blocked
    page.console_errors = []
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    page.close(run_before_unload=True)
    context.close()


@pytest.fixture(scope="session")
def book_server(book_html) -> Iterator[str]:
    from lises.tools.serve import serve_static

    port = free_port()
    server = serve_static(book_html, port)
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="session")
def voila_server() -> Iterator[str]:
    """The exercises served exactly as ``make serve`` serves them, on a free port."""
    from lises.tools.serve import stop, voila_command, voila_env, wait_for_http

    port = free_port()
    log = open(_STATE / "voila.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        voila_command(port), env=voila_env(), stdout=log, stderr=subprocess.STDOUT, cwd=_STATE
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", timeout=60, process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
        log.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for this test session (started as the postgres user)."""
    from postgres_server import postgres_server

    with postgres_server(free_port()) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """The same store tests run on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workshops.sqlite'}"
    url = request.getfixturevalue("postgres_url")
    from sqlalchemy import create_engine, text

    # Each test starts from an empty schema on the shared server.
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


def run_async(coroutine):
    """``asyncio.run(coroutine)`` in a thread of its own.

    Playwright's sync API keeps an event loop running in the main thread once a browser test
    has run in this session, and ``asyncio.run`` refuses to start inside a running loop.
    """
    import asyncio
    import threading

    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised in the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
