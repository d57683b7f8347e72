"""Serve the course: the built book (static files) and the Voilà exercises, on localhost.

``python -m lises.tools.serve`` is what ``make serve`` runs.  The Voilà command and environment are
built here so that the tests and the benchmark start exactly the server that users get.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import secrets
import shutil
import signal
import socket
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
from lises.excerpts.local import LOCAL_DIR_VARIABLE

REPO = paths.REPO
EXERCISES = paths.EXERCISES
BOOK_HTML = paths.BOOK_HTML
PARTICIPANT_PAGES = exercises.pages(Audience.LEARNER)
# What a workshop server serves: the learners' pages and the facilitator's (the key is checked in
# the kernel).  The knowledge broker's pages (importer, annoter, laan-et-oere) write and show the
# team's own files: a server that others can reach never serves them.  All three lists are the
# registry's (lises.core.exercises).
FACILITATOR_PAGES = exercises.pages(Audience.FACILITATOR)
WORKSHOP_PAGES = (*PARTICIPANT_PAGES, *FACILITATOR_PAGES)
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


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent), or 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def workshop_links(host: str, port: int, token: str, code: str, key: str) -> dict[str, str]:
    base = f"http://{host}:{port}/voila/render"
    join = urllib.parse.urlencode({"token": token, "workshop": code})
    lead = urllib.parse.urlencode({"token": token, "workshop": code, "key": key})
    return {name: f"{base}/{name}.ipynb?{join}" for name in PARTICIPANT_PAGES} | {
        name: f"{base}/{name}.ipynb?{lead}" for name in FACILITATOR_PAGES
    }


def workshop_notebooks(folder: Path) -> Path:
    """Fill ``folder`` with the notebooks a workshop serves, and nothing else.

    Voilà serves, lists and renders every notebook in the folder it is given, so the broker's
    pages are kept out by not being there: the server has nothing to render, list or start a
    kernel for (HTTP 404).  The copies are made fresh at every start; the kernels find the
    course's data through the ``lises`` package and the broker's folder through
    ``LISES_LOCAL_DIR``, never through their working folder.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in WORKSHOP_PAGES:
        shutil.copy2(EXERCISES / f"{name}.ipynb", folder / f"{name}.ipynb")
    return folder


def default_max_kernels(pool: int) -> int:
    """The kernel cap when the broker gives none: the three pools (3 × ``pool``), two open pages
    for each of ``pool`` participants, and the facilitator's page twice.  Never below 30 (about
    3 GB), so a room larger than its pool is not turned away when it opens a second exercise."""
    return max(5 * pool + 2, 30)


def workshop_command(
    port: int,
    token: str,
    pool: int,
    host: str,
    notebooks: Path,
    max_kernels: int | None = None,
    fill_delay: float = 30,
) -> list[str]:
    """Voilà for a room: on the network, behind a token, over the workshop's notebooks only.

    ``pool`` kernels are preheated for each learner page (a room opens one exercise together);
    the facilitator's page gets none.  At most ``max_kernels`` kernels run at once; beyond that
    a page gets the Danish "fuldt" page (HTTP 503).  A room arrives at once; refilling the pool
    right away would start a kernel for every arrival while the room is still loading its pages
    and starve them of CPU, so the refill waits ``fill_delay`` seconds.
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


def serve_workshop(args: argparse.Namespace) -> int:
    from lises.workshop.store import StoreUnavailable, open_store
    from lises.workshop.store_errors import (
        store_name,  # a PostgreSQL URL is printed without its password
    )

    try:
        store = open_store()  # sound and writable, or one Danish line saying why not
        if args.resume:
            workshop = store.workshop(args.resume)
            if workshop is None:
                print(f"Ingen workshop med koden {args.resume}.", file=sys.stderr)
                return 1
            code, key = workshop.code, args.key or "<din facilitatornøgle>"
        else:
            created = store.create_workshop(args.workshop)
            code, key = created.code, created.facilitator_key
    except StoreUnavailable as error:  # already Danish: the store, the problem, what to do
        print(error.args[0], file=sys.stderr)
        return 1
    token = args.token or secrets.token_urlsafe(12)
    env = voila_env() | {"LISES_WORKSHOP_MODE": "1", "LISES_STORE_URL": store.url}
    folder = Path(tempfile.mkdtemp(prefix="lises-workshop-"))
    cap = default_max_kernels(args.pool) if args.max_kernels is None else args.max_kernels
    command = workshop_command(
        args.voila_port, token, args.pool, args.host, workshop_notebooks(folder), cap
    )
    voila = subprocess.Popen(command, env=env)
    try:
        wait_for_http(f"http://127.0.0.1:{args.voila_port}/?token={token}", process=voila)
        # on every interface, the links use this machine's LAN address; else the one asked for
        shown_host = lan_address() if args.host in ("0.0.0.0", "::", "") else args.host
        links = workshop_links(shown_host, args.voila_port, token, code, key)
        print(
            f"\nWorkshoppen kører. Workshopkode: {code}\n"
            f"Facilitatornøgle (hemmelig, gem den): {key}\n\n"
            "Deltagerne åbner (vis linket på skærmen; koden kan også skrives ind):\n"
            + "".join(
                f"  {name:<12} {links[name]}\n" for name in ("gribning", "dilemma", "potentialer")
            )
            + f"\nFacilitatorvisningen (kun til dig):\n  {links['facilitator']}\n"
            f"\nForvarmede kerner: {args.pool} til hver af de tre øvelser; højst {cap} kerner i "
            "alt (--max-kernels), derefter får nye sider besked om, at der er fuldt.\n"
            f"\nSvarene gemmes i {store_name(store.url)}. Genstart med: --resume {code}\n"
            "Stop med Ctrl+C.\n",
            flush=True,
        )
        return voila.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop(voila)
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start bogen og øvelserne på localhost.")
    parser.add_argument("--book-port", type=int, default=8000)
    parser.add_argument("--voila-port", type=int, default=8866)
    parser.add_argument("--workshop", metavar="TITEL", help="start en ny workshop for et lokale")
    parser.add_argument("--resume", metavar="KODE", help="fortsæt en workshop efter en genstart")
    parser.add_argument("--key", help="facilitatornøglen (vises i linket ved --resume)")
    parser.add_argument("--token", help="adgangsnøgle til serveren (standard: tilfældig)")
    parser.add_argument(
        "--pool",
        type=int,
        default=4,
        help="forvarmede kerner til hver af deltagernes tre øvelser (standard 4)",
    )
    parser.add_argument(
        "--max-kernels",
        type=int,
        default=None,
        help="højst så mange kerner på én gang (standard 5 × pool + 2, mindst 30)",
    )
    parser.add_argument("--host", default="0.0.0.0", help="netværksadresse for workshoppen")
    args = parser.parse_args(argv)
    stop_on_signals()
    if args.workshop or args.resume:
        return serve_workshop(args)

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


if __name__ == "__main__":
    sys.exit(main())
