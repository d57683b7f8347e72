"""A throw-away PostgreSQL server for the store tests (Debian's postgresql package).

The server refuses to run as root, so when the tests run as root (CI) the cluster is created and
started as the ``postgres`` user.  It listens on a free loopback port with its socket in its own
temporary folder and is stopped and deleted at the end of the test session.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} mangler: kør scripts/setup.sh --test (Debian postgresql)")
    return path


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextmanager
def postgres_server(port: int) -> Iterator[str]:
    """Start a fresh cluster; yield a SQLAlchemy URL to an empty database ``lises_test``."""
    folder = Path(tempfile.mkdtemp(prefix="lises-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        folder.chmod(0o700)
    run = dict(check=True, capture_output=True, text=True)
    try:
        subprocess.run(
            _as_server_user(
                [_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
            ),
            **run,
        )
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=on"
        subprocess.run(
            _as_server_user(
                [
                    _bin("pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-l",
                    str(folder / "log"),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            **run,
        )
        subprocess.run(
            [_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "lises_test"],
            **run,
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/lises_test"
    finally:
        subprocess.run(
            _as_server_user([_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
