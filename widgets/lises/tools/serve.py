"""Serve the course: the built book and the Voilà exercises, for a learner or for a class.

``python -m lises.tools.serve`` is what ``make serve`` runs: the book (static files) and every
exercise in Voilà, on localhost, for a learner or a knowledge broker at their own machine.
``--class`` serves the learners' three exercises to a class on the network instead: behind a
token, with preheated kernels and a cap on kernels (beyond it the Danish "fuldt" page), and
without the knowledge broker's pages, which write the team's own files.  Either way every learner
works alone and nothing is stored; a workshop where the room answers together runs in the room
server (:mod:`lises.room`).  The Voilà command and environment are built here so that the tests
and the benchmark start exactly the server that users get.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lises.core import exercises, paths
from lises.core.exercises import Audience
from lises.core.network import ANY_HOST, lan_address
from lises.excerpts.local import LOCAL_DIR_VARIABLE, SHARED_SERVER_VARIABLE

REPO = paths.REPO
EXERCISES = paths.EXERCISES
BOOK_HTML = paths.BOOK_HTML
# What a class server serves: the learners' pages only.  The knowledge broker's pages (importer,
# annoter, laan-et-oere) write and show the team's own files: a server that others can reach never
# serves them.  Both lists are the registry's (lises.core.exercises).
LEARNER_PAGES = exercises.pages(Audience.LEARNER)
BROKER_PAGES = exercises.pages(Audience.BROKER)


def voila_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment that makes Voilà read the course's committed configuration.

    ``etc/jupyter/voila.json`` (sources stripped, tracebacks hidden, culling, preheated kernels,
    ``lang="da"``) and the ``lises`` template in ``share/jupyter`` are found through Jupyter's
    standard search paths, put first so that nothing on the machine overrides them.
    """
    env = dict(os.environ if base is None else base)
    for var, path in (
        ("JUPYTER_CONFIG_PATH", paths.JUPYTER_CONFIG),
        ("JUPYTER_PATH", paths.JUPYTER_DATA),
    ):
        env[var] = os.pathsep.join(p for p in (str(path), env.get(var, "")) if p)
    # The knowledge broker's own excerpts and codings: one folder, whatever the kernel's cwd.
    env.setdefault(LOCAL_DIR_VARIABLE, str(paths.BROKER))
    return env


def voila_command(port: int, notebooks: Path = EXERCISES, *extra: str) -> list[str]:
    """The command line that starts Voilà on ``port`` over a folder of exercise notebooks."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebooks),
        f"--port={port}",
        "--no-browser",
        *extra,
    ]


def wait_for_http(url: str, timeout: float = 60.0, process: subprocess.Popen | None = None) -> None:
    """Block until ``url`` answers, or raise ``TimeoutError`` (or ``RuntimeError`` if the
    server process died first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"serveren stoppede med kode {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} svarede ikke inden for {timeout:.0f} s")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def stop(process: subprocess.Popen, timeout: float = 15.0) -> None:
    """End a server process: ask it to stop, and kill it if it has not after ``timeout``."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def serve_static(directory: Path, port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """Serve ``directory`` over HTTP in a daemon thread and return the server."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def class_links(host: str, port: int, token: str) -> dict[str, str]:
    """The link to each learner page, with the token that opens the server."""
    base = f"http://{host}:{port}/voila/render"
    query = urllib.parse.urlencode({"token": token})
    return {name: f"{base}/{name}.ipynb?{query}" for name in LEARNER_PAGES}


def class_notebooks(folder: Path) -> Path:
    """Fill ``folder`` with the notebooks a class server serves, and nothing else.

    Voilà serves, lists and renders every notebook in the folder it is given, so the broker's
    pages are kept out by not being there: the server has nothing to render, list or start a
    kernel for (HTTP 404).  The copies are made fresh at every start; the kernels find the
    course's data through the ``lises`` package and the broker's folder through
    ``LISES_LOCAL_DIR``, never through their working folder.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in LEARNER_PAGES:
        shutil.copy2(EXERCISES / f"{name}.ipynb", folder / f"{name}.ipynb")
    return folder


DEFAULT_STUDENTS = 30


def default_max_kernels(pool: int, students: int = DEFAULT_STUDENTS) -> int:
    """The kernel cap when none is given: the three pools (3 × ``pool``), a kernel for every
    student, and a third more for students who open a second exercise or reload before the
    culler has ended their first kernel (about 65 MB each: 52 kernels, some 3.5 GB, for 30)."""
    return 3 * pool + students + max(students // 3, 2)


def class_command(
    port: int,
    token: str,
    pool: int,
    host: str,
    notebooks: Path,
    max_kernels: int | None = None,
    fill_delay: float = 30,
) -> list[str]:
    """Voilà for a class: on the network, behind a token, over the learners' notebooks only.

    ``pool`` kernels are preheated for each learner page (a class opens one exercise together).
    At most ``max_kernels`` kernels run at once; beyond that a page gets the Danish "fuldt" page
    (HTTP 503).  A class arrives at once; refilling the pool right away would start a kernel for
    every arrival while the class is still loading its pages and starve them of CPU, so the
    refill waits ``fill_delay`` seconds.
    """
    pools = exercises.kernel_pools(pool)
    cap = default_max_kernels(pool) if max_kernels is None else max_kernels
    return voila_command(
        port,
        notebooks,
        f"--Voila.ip={host}",
        f"--token={token}",
        f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
        f"--VoilaKernelManager.fill_delay={fill_delay}",
        f"--CappedKernelManager.max_kernels={cap}",
    )


def stop_on_signals() -> None:
    """Treat SIGTERM and SIGHUP (a service manager, a closed terminal) like Ctrl+C.

    Python's default for both ends this process at once, leaving Voilà serving on its port
    with its kernels; raising ``KeyboardInterrupt`` runs the ``finally`` that stops Voilà.
    """

    def interrupt(signum: int, frame: object) -> None:
        for repeated in (signal.SIGTERM, signal.SIGHUP):  # a second one must not cut the stop
            signal.signal(repeated, signal.SIG_IGN)
        raise KeyboardInterrupt

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupt)


def serve_class(args: argparse.Namespace) -> int:
    """The learners' exercises for a class on the network, until Ctrl+C or a signal."""
    token = args.token or secrets.token_urlsafe(12)
    env = voila_env() | {SHARED_SERVER_VARIABLE: "1"}
    folder = Path(tempfile.mkdtemp(prefix="lises-hold-"))
    cap = (
        default_max_kernels(args.pool, args.students)
        if args.max_kernels is None
        else args.max_kernels
    )
    command = class_command(
        args.voila_port, token, args.pool, args.host, class_notebooks(folder), cap
    )
    voila = subprocess.Popen(command, env=env)
    try:
        wait_for_http(f"http://127.0.0.1:{args.voila_port}/?token={token}", process=voila)
        # on every interface, the links use this machine's LAN address; else the one asked for
        shown_host = lan_address() if args.host in ANY_HOST else args.host
        links = class_links(shown_host, args.voila_port, token)
        print(
            "\nØvelserne kører for holdet.\n\n"
            "Deltagerne åbner (vis linket på skærmen):\n"
            + "".join(f"  {name:<12} {links[name]}\n" for name in LEARNER_PAGES)
            + "\nHver deltager arbejder alene og får feedback med det samme; intet gemmes.\n"
            f"\nForvarmede kerner: {args.pool} til hver af de tre øvelser; højst {cap} kerner i "
            f"alt (til et hold på {args.students}; --students, --max-kernels), derefter får nye "
            "sider besked om, at der er fuldt.\n"
            "Stop med Ctrl+C.\n",
            flush=True,
        )
        return voila.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop(voila)
        shutil.rmtree(folder, ignore_errors=True)


def serve_course(args: argparse.Namespace) -> int:
    """The book and every exercise on localhost, until Ctrl+C or a signal (``make serve``)."""
    if not (BOOK_HTML / "index.html").is_file():
        print("Bogen er ikke bygget: kør 'make serve' (eller 'make book').", file=sys.stderr)
        return 1
    book = serve_static(BOOK_HTML, args.book_port)
    voila = subprocess.Popen(voila_command(args.voila_port), env=voila_env())
    try:
        wait_for_http(f"http://127.0.0.1:{args.voila_port}/", process=voila)
        print(
            "\nKurset kører. Åbn i en browser:\n"
            f"  Bogen:     http://localhost:{args.book_port}/\n"
            f"  Øvelserne: http://localhost:{args.voila_port}/\n"
            f"  Gribning:  http://localhost:{args.voila_port}/voila/render/gribning.ipynb\n"
            "Stop med Ctrl+C.\n",
            flush=True,
        )
        return voila.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        book.shutdown()
        stop(voila)


CLASS_OPTIONS = ("host", "token", "pool", "students", "max_kernels")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Start bogen og øvelserne på localhost, eller øvelserne for et hold (--class)."
    )
    parser.add_argument("--book-port", type=int, default=8000)
    parser.add_argument("--voila-port", type=int, default=8866)
    parser.add_argument(
        "--class",
        dest="for_class",
        action="store_true",
        help="kør deltagernes tre øvelser for et hold på netværket (uden bogen og "
        "vidensmæglerens sider)",
    )
    parser.add_argument("--host", help="netværksadresse for holdet (standard 0.0.0.0)")
    parser.add_argument("--token", help="adgangsnøgle til serveren (standard: tilfældig)")
    parser.add_argument(
        "--pool",
        type=int,
        help="forvarmede kerner til hver af deltagernes tre øvelser (standard 4)",
    )
    parser.add_argument(
        "--students",
        type=int,
        help=f"holdets størrelse (standard {DEFAULT_STUDENTS}): sætter loftet over kerner",
    )
    parser.add_argument(
        "--max-kernels",
        type=int,
        help="højst så mange kerner på én gang (standard 3 × pool + holdet + en tredjedel)",
    )
    args = parser.parse_args(argv)
    if not args.for_class:
        given = [name for name in CLASS_OPTIONS if getattr(args, name) is not None]
        if given:
            options = ", ".join("--" + name.replace("_", "-") for name in given)
            parser.error(f"{options} hører til --class (øvelserne for et hold)")
    args.host = "0.0.0.0" if args.host is None else args.host
    args.pool = 4 if args.pool is None else args.pool
    args.students = DEFAULT_STUDENTS if args.students is None else args.students
    if (
        args.pool < 0
        or args.students < 1
        or (args.max_kernels is not None and args.max_kernels < 1)
    ):
        parser.error("--pool skal være 0 eller mere, --students og --max-kernels 1 eller mere")
    stop_on_signals()
    return serve_class(args) if args.for_class else serve_course(args)


if __name__ == "__main__":
    sys.exit(main())
