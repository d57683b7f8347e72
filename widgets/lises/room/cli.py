"""``python -m lises.room --title "…"``: start a workshop room on uvicorn and say how to join.

One command for the facilitator: it opens the store (``LISES_STORE_URL``, else the course's SQLite
file), creates the workshop (or finds it again with ``--resume CODE``), and prints in Danish the
code, the short join link with its QR code in the terminal, the facilitator link and the key
(separately: the key is never part of a link), how to stop and how to resume.  Then it serves the
room with uvicorn, ``--workers N`` processes sharing the store and one session secret
(``LISES_ROOM_SECRET``, made here when not given).  Ctrl+C and SIGTERM stop it cleanly: uvicorn
finishes the requests under way and closes the push streams, so every acknowledged answer is
stored.
"""

from __future__ import annotations

import argparse
import errno
import os
import secrets
import signal
import socket
import sys
from contextlib import suppress

import segno

from lises.core.network import ANY_HOST, lan_address
from lises.workshop.store import StoreUnavailable, open_store
from lises.workshop.store_errors import store_name


def port_problem(host: str, port: int) -> str | None:
    """A Danish sentence if the port cannot be listened on, else ``None``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return f"Porten {port} er optaget. Vælg en anden med --port (fx PORT={port + 1})."
            return f"Serveren kan ikke lytte på {host}:{port} ({error.strerror})."
    return None


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m lises.room",
        description="Start et workshoprum: deltagerne svarer fra deres telefon, uden kerner.",
    )
    parser.add_argument("--title", metavar="TITEL", help="titlen på en ny workshop")
    parser.add_argument("--resume", metavar="KODE", help="fortsæt en workshop efter en genstart")
    parser.add_argument("--host", default="0.0.0.0", help="netværksadresse (standard: alle)")
    parser.add_argument("--port", type=int, default=8000, help="port (standard 8000)")
    parser.add_argument("--workers", type=int, default=1, help="antal serverprocesser (standard 1)")
    parser.add_argument(
        "--url",
        metavar="ADRESSE",
        help="adressen deltagerne bruger, fx https://rum.example.dk bag en proxy "
        "(standard: LISES_ROOM_URL eller denne maskines adresse)",
    )
    args = parser.parse_args(argv)
    if not (args.title or args.resume):
        parser.error('skriv --title "…" for en ny workshop eller --resume KODE for en gammel')
    if args.workers < 1:
        parser.error("--workers skal være mindst 1")
    return args


def announce(code: str, key: str | None, base: str, store: str, out=sys.stdout) -> None:
    """The facilitator's instructions (Danish), with the join link as a QR code."""
    join = f"{base}/{code}"
    print(f"\nWorkshoprummet kører.  Workshopkode: {code}\n", file=out)
    print(f"Deltagerne åbner:  {join}\n(eller går til {base} og skriver koden)\n", file=out)
    with suppress(UnicodeEncodeError):  # a terminal without block characters: the link is enough
        segno.make(join, error="m").terminal(out=out, compact=True)
    print(f"\nFacilitator (kun dig):  {base}/{code}/facilitator", file=out)
    if key:
        print(f"Facilitatornøgle (hemmelig; skriv den på siden ovenfor):  {key}", file=out)
    else:
        print("Facilitatornøgle: den samme som da workshoppen blev oprettet.", file=out)
    print(f"Projektor:  {base}/{code}/projektor  (log ind med nøglen først)", file=out)
    print(f"\nSvarene gemmes i {store}.", file=out)
    print("Stop med Ctrl+C.", file=out)
    print(
        f"Fortsæt senere med:  make workshop RESUME={code}"
        f"  (eller python -m lises.room --resume {code})\n",
        file=out,
        flush=True,
    )


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    args = parse(argv)
    try:
        store = open_store()  # sound and writable, or one Danish line saying why not
        if args.resume:
            workshop = store.workshop(args.resume)
            if workshop is None:
                print(f"Der findes ingen workshop med koden {args.resume}.", file=sys.stderr)
                return 1
            code, key = workshop.code, None
        else:
            created = store.create_workshop(args.title)
            code, key = created.code, created.facilitator_key
        where = store_name(store.url)
        os.environ.setdefault("LISES_STORE_URL", store.url)
        store.engine.dispose()
    except StoreUnavailable as error:
        print(error.args[0], file=sys.stderr)
        return 1
    problem = port_problem(args.host, args.port)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    shown = lan_address() if args.host in ANY_HOST else args.host
    base = (args.url or os.environ.get("LISES_ROOM_URL") or f"http://{shown}:{args.port}").rstrip(
        "/"
    )
    # Every worker process reads these: the same join links and the same session secret.
    os.environ["LISES_ROOM_URL"] = base
    os.environ.setdefault("LISES_ROOM_SECRET", secrets.token_urlsafe(32))
    announce(code, key, base, where)
    # uvicorn stops gracefully on SIGTERM and then raises the signal again for the previous
    # handler: this one turns it into a clean exit with the resume line, like Ctrl+C.
    signal.signal(signal.SIGTERM, _interrupt)
    with suppress(KeyboardInterrupt):
        uvicorn.run(
            "lises.room.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=5,
            # A phone answers every few seconds and pauses up to a minute at a free text: keep
            # its connection rather than open a new one per answer (HAProxy's default is 60 s).
            timeout_keep_alive=75,
        )
    print(f"\nWorkshoprummet er stoppet. Fortsæt med:  make workshop RESUME={code}", flush=True)
    return 0
