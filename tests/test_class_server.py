"""The exercises served to a class as an instructor starts them: what a learner can reach, how
many kernels the server runs, the Danish "fuldt" and login pages, and how it stops (and how
``make serve`` stops).

Each test starts the real command (``python -m lises.tools.serve --class --pool N``) on a free
loopback port; see ``class_server.py``.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import psutil
import pytest

from class_server import KERNEL_ID, KernelSocket, class_server
from conftest import _STATE, free_port
from lises.gribning.coding_panel import SAVE_LABEL
from lises.tools.serve import BROKER_PAGES, LEARNER_PAGES, voila_env

pytestmark = pytest.mark.browser  # starts servers and kernels, like the browser tests

ENGLISH = ("Password", "password:", "token", "Log in", "jupyter", "Cookies", "Unavailable")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hold")
    with class_server(folder, pool=1) as running:
        running.folder = folder
        yield running


@pytest.mark.parametrize("page", BROKER_PAGES)
def test_broker_pages_are_not_served_to_the_class(served, page):
    status, body = served.get(f"/voila/render/{page}.ipynb")
    assert status == 404, f"{page}: HTTP {status}"
    assert "Siden findes ikke" in body and KERNEL_ID.search(body) is None
    status, body = served.get(f"/voila/tree/{page}.ipynb")
    assert status == 404
    for listing in ("/", "/voila/tree", "/voila/api/contents"):
        status, body = served.get(listing)
        assert status == 200 and f"{page}.ipynb" not in body, listing
    # The learner pages are listed.
    assert all(f"{name}.ipynb" in served.get("/")[1] for name in LEARNER_PAGES)


def test_no_kernel_can_be_had_for_the_import_page(served):
    """The forged upload needs a kernel running the import page: there is none to be had."""
    before = {k.pid for k in served.kernels()}
    status, body = served.get("/voila/render/importer.ipynb")
    assert status == 404 and KERNEL_ID.search(body) is None  # no kernel id to connect to
    time.sleep(2)
    assert {k.pid for k in served.kernels()} <= before  # and none was started for it
    from websockets.exceptions import InvalidStatus

    with pytest.raises(InvalidStatus):  # a made-up kernel id gives no websocket either
        KernelSocket(served, str(uuid.uuid4()))


def test_forged_import_messages_on_a_learner_kernel_do_nothing(served):
    broker = served.folder / "mine-uddrag"  # the server's LISES_LOCAL_DIR
    status, body = served.get("/voila/render/gribning.ipynb")
    assert status == 200
    kernel = KernelSocket(served, KERNEL_ID.search(body)[1])
    try:
        kernel.request_states()
        assert kernel.states, "the page's widgets were not received"
        models = {state.get("_model_name") for state in kernel.states.values()}
        labels = {str(state.get("description", "")) for state in kernel.states.values()}
        assert "FileUploadModel" not in models and "Gem uddraget" not in labels
        assert SAVE_LABEL not in labels  # no "save my coding" for Lån et øre on a shared server
        # A forged upload widget, a forged "Gem uddraget" click and code: all refused or inert.
        upload = uuid.uuid4().hex
        state = {
            "_model_name": "FileUploadModel",
            "_model_module": "@jupyter-widgets/controls",
            "_model_module_version": "2.0.0",
            "_view_name": "FileUploadView",
            "_view_module": "@jupyter-widgets/controls",
            "_view_module_version": "2.0.0",
            "description": "Gem uddraget",
        }
        kernel.send(
            "comm_open",
            {
                "comm_id": upload,
                "target_name": "jupyter.widget",
                "data": {"state": state, "buffer_paths": []},
            },
            metadata={"version": "2.1.0"},
        )
        value = [{"name": "samtale.txt", "type": "text/plain", "size": 9, "last_modified": 0}]
        for comm_id in (upload, "importer-gem-uddraget", *kernel.states):
            update = {
                "method": "update",
                "state": {"value": value, "title": "Indsprøjtet", "overwrite": True},
                "buffer_paths": [],
            }
            kernel.send("comm_msg", {"comm_id": comm_id, "data": update}, timeout=5)
        kernel.send(
            "comm_msg",
            {"comm_id": upload, "data": {"method": "custom", "content": {"event": "click"}}},
            timeout=5,
        )
        code = (
            f"open({str(broker / 'indsprøjtet.yaml')!r}, 'w').write('x')\n"
            "from lises.transcripts.import_page import build_page; build_page()"
        )
        kernel.send("execute_request", {"code": code, "silent": False}, timeout=5)
    finally:
        kernel.close()
    written = list(broker.rglob("*")) if broker.exists() else []
    assert written == [], f"files written by a forged client: {written}"


def test_login_page_is_danish(served):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{served.base}/voila/render/gribning.ipynb", timeout=30) as response:
        assert "/login" in response.url  # no token: the login page, not the exercise
        page = response.read().decode()
    assert 'lang="da"' in page and "Adgangsnøgle:" in page and "Åbn øvelserne" in page
    assert not [word for word in ENGLISH if word in page], page
    xsrf = next(cookie.value for cookie in jar if cookie.name == "_xsrf")
    form = urllib.parse.urlencode({"password": "forkert", "_xsrf": xsrf}).encode()
    try:
        opener.open(f"{served.base}/login", data=form, timeout=30)
        raise AssertionError("a wrong key was accepted")
    except urllib.error.HTTPError as error:
        refused = error.read().decode()
    assert "Adgangsnøglen passer ikke" in refused
    assert not [word for word in ENGLISH if word in refused], refused


def test_pool_preheats_only_the_learner_pages(tmp_path):
    """``--class --pool 4``: 4 kernels for each learner page, none for anything else."""
    with class_server(tmp_path, pool=4) as running:
        running.wait_for_pools(len(LEARNER_PAGES))
        time.sleep(3)  # nothing else starts afterwards
        output = running.output()
        assert len(running.kernels()) == 4 * len(LEARNER_PAGES), output[-2000:]
        for name in LEARNER_PAGES:
            assert f"Kernel pool of {name}.ipynb is filled with 4 kernel" in output


def test_a_full_server_says_so_in_danish(tmp_path):
    with class_server(tmp_path, pool=0, max_kernels=1) as running:
        status, _ = running.get("/voila/render/dilemma.ipynb")
        assert status == 200
        status, body = running.get("/voila/render/gribning.ipynb")
        assert status == 503
        assert "Øvelserne er fulde lige nu" in body and 'lang="da"' in body
        assert KERNEL_ID.search(body) is None and "Traceback" not in body
        assert not [word for word in ENGLISH if word in body]
        assert len(running.kernels()) == 1


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_stops_the_class_server(tmp_path, signum):
    with class_server(tmp_path, pool=1) as running:
        running.wait_for_pools(len(LEARNER_PAGES))
        port = int(running.base.rsplit(":", 1)[1])
        processes = psutil.Process(running.process.pid).children(recursive=True)
        assert processes  # Voilà and its kernels
        running.process.send_signal(signum)  # to the command only, as a service manager does
        running.process.wait(timeout=30)
        _assert_stopped(port, processes)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_stops_make_serve(book_html, signum):
    book_port, voila_port = free_port(), free_port()
    command = [
        sys.executable,
        "-m",
        "lises.tools.serve",
        "--book-port",
        str(book_port),
        "--voila-port",
        str(voila_port),
    ]
    log = open(_STATE / f"serve-{voila_port}.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        command,
        env=voila_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=_STATE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while "Kurset kører" not in (_STATE / f"serve-{voila_port}.log").read_text():
            assert process.poll() is None and time.monotonic() < deadline, "did not start"
            time.sleep(0.3)
        processes = psutil.Process(process.pid).children(recursive=True)
        process.send_signal(signum)
        process.wait(timeout=30)
        _assert_stopped(voila_port, processes)
        assert _port_free(book_port)
    finally:
        with contextlib.suppress(ProcessLookupError):  # whatever the signal left behind
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        log.close()


def _assert_stopped(port: int, processes: list[psutil.Process]) -> None:
    deadline = time.monotonic() + 5
    while not _port_free(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _port_free(port), f"port {port} still served after the signal"
    _, alive = psutil.wait_procs(processes, timeout=5)
    assert not alive, f"left running: {[p.cmdline()[:3] for p in alive]}"


@pytest.mark.parametrize(("pool", "students"), [(0, 1), (1, 5), (4, 30), (8, 30), (4, 60)])
def test_the_default_cap_seats_the_whole_class_beside_the_three_pools(pool, students):
    """A class opening one exercise together must not be turned away by the kernels the other
    two exercises keep preheated (bench/bench_class.py: 11 of 30 were, with the old cap)."""
    from lises.tools.serve import default_max_kernels

    cap = default_max_kernels(pool, students)
    assert cap >= 3 * pool + students + 2
    assert cap <= 3 * pool + 2 * students + 2  # not a kernel per student and exercise


def test_class_options_are_refused_without_class_and_checked(capsys):
    from lises.tools.serve import main

    for argv in (["--students", "30"], ["--class", "--students", "0"], ["--class", "--pool", "-1"]):
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "--students hører til --class" in err and "--students og --max-kernels" in err


def test_a_starting_kernel_already_in_the_table_is_counted_once():
    """Jupyter puts a kernel in its table before its start returns: counted by number in both,
    a class arriving at once hit the cap with 38 kernels under a cap of 52 (bench_class)."""
    from lises.tools.voila_kernels import CappedKernelManager

    manager = CappedKernelManager(max_kernels=4)
    manager._kernels = {"oppe": object(), "paa-vej": object()}
    manager._starting_ids = {"paa-vej", "ny"}
    assert manager.kernel_count() == 3
    assert manager.room_left() == 1
