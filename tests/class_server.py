"""The exercises served to a class, for tests, started exactly as an instructor starts them, and a
kernel websocket client that speaks to it the way a learner's page (or a forged client) does.

An instructor runs ``python -m lises.tools.serve --class --pool N``; the tests add only what keeps
them on this machine: a free loopback port, ``--host 127.0.0.1`` and a known token.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import psutil

from conftest import free_port

TOKEN = "proeve-token"
KERNEL_ID = re.compile(r"kernelId\W+([0-9a-f-]{36})")


@dataclass
class ClassServer:
    base: str
    process: subprocess.Popen
    log: Path
    token: str = TOKEN

    def url(self, path: str, **query: str) -> str:
        query = {"token": self.token} | query
        return f"{self.base}{path}?" + "&".join(f"{k}={v}" for k, v in query.items() if v)

    def get(self, path: str, **query: str) -> tuple[int, str]:
        """Status and body of a GET (errors included: Voilà's pages are HTML either way)."""
        try:
            with urllib.request.urlopen(self.url(path, **query), timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kernels(self) -> list[psutil.Process]:
        """The server's kernel processes."""
        return [
            child
            for child in psutil.Process(self.process.pid).children(recursive=True)
            if "ipykernel" in " ".join(child.cmdline())
        ]

    def wait_for_pools(self, count: int, timeout: float = 240) -> None:
        """Until ``count`` notebooks' pools are filled (Voilà logs each)."""
        deadline = time.monotonic() + timeout
        while self.output().count("is filled with") < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"pools not filled:\n{self.output()[-3000:]}")
            time.sleep(0.5)


@contextmanager
def class_server(
    folder: Path, pool: int = 1, max_kernels: int | None = None
) -> Iterator[ClassServer]:
    """``python -m lises.tools.serve --class --pool N`` on a free loopback port; stopped after."""
    port = free_port()
    env = os.environ | {"LISES_LOCAL_DIR": str(folder / "mine-uddrag")}
    command = [sys.executable, "-m", "lises.tools.serve", "--class"]
    command += ["--pool", str(pool), "--voila-port", str(port), "--host", "127.0.0.1"]
    command += ["--token", TOKEN]
    if max_kernels is not None:
        command += ["--max-kernels", str(max_kernels)]
    log = folder / f"serve-{port}.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            command,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=folder,
            start_new_session=True,  # whatever is left at the end can be found and ended
        )
    try:
        deadline = time.monotonic() + 120
        while "Øvelserne kører for holdet" not in (text := log.read_text(errors="replace")):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the class server did not start:\n{text[-3000:]}")
            time.sleep(0.3)
        yield ClassServer(f"http://127.0.0.1:{port}", process, log)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=30)
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # only if something was left behind
        process.wait()


class KernelSocket:
    """A kernel websocket as a page's widget manager uses it (JSON protocol), synchronous."""

    def __init__(self, server: ClassServer, kernel_id: str):
        from websockets.sync.client import connect

        self.session = uuid.uuid4().hex
        url = server.url(f"/api/kernels/{kernel_id}/channels", session_id=self.session)
        self._connection = connect(url.replace("http", "ws", 1), max_size=2**26, open_timeout=30)
        self.socket = self._connection.__enter__()
        self.states: dict[str, dict] = {}
        self.replies: list[dict] = []

    def close(self) -> None:
        self._connection.__exit__(None, None, None)

    def send(
        self, msg_type: str, content: dict, timeout: float = 30, metadata: dict | None = None
    ) -> bool:
        """Send a shell message; True if the kernel answered (went idle for it) in time."""
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "msg_type": msg_type,
            "session": self.session,
            "username": "",
            "version": "5.3",
            "date": "",
        }
        message = {
            "header": header,
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
        self.socket.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                raw = self.socket.recv(timeout=max(deadline - time.monotonic(), 0.01))
            except TimeoutError:
                return False
            reply = json.loads(raw)
            self._track(reply)
            parent = reply.get("parent_header", {}).get("msg_id")
            if parent == msg_id:
                self.replies.append(reply)
                if reply["header"]["msg_type"] == "status" and (
                    reply["content"].get("execution_state") == "idle"
                ):
                    return True
        return False

    def _track(self, message: dict) -> None:
        kind, content = message["header"]["msg_type"], message["content"]
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.states[content["comm_id"]] = content["data"].get("state", {})
        elif kind == "comm_msg":
            data = content.get("data", {})
            if data.get("method") == "update_states":
                self.states.update({k: v["state"] for k, v in data["states"].items()})

    def request_states(self) -> None:
        """Ask for every widget's state, as the widget manager does when a page opens."""
        control = uuid.uuid4().hex
        opening = {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}}
        self.send("comm_open", opening, metadata={"version": "1.0.0"})
        self.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        deadline = time.monotonic() + 20
        while not self.states and time.monotonic() < deadline:
            self.send("kernel_info_request", {}, timeout=2)
