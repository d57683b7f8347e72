"""A preheated kernel handed to a page is not culled before the page connects to it.

A pooled kernel's last activity is the end of its preheat.  Once Voilà hands it out it has no
connection until the page's websocket opens; if it had sat in its pool longer than the idle
timeout, the culler shut it down in that window and the participant arrived at the "afbrudt"
banner (a CI run of test_voila lost its page this way).  Served as ``make serve`` serves the
exercises, with the idle timeout shortened so the race is certain rather than rare.
"""

from __future__ import annotations

import re
import subprocess
import time
import urllib.request

import pytest

from conftest import free_port

pytestmark = pytest.mark.browser

IDLE_TIMEOUT = 4  # seconds; the culler looks every second


def test_a_handed_out_pooled_kernel_survives_until_its_page_connects(tmp_path):
    from lises.tools.serve import EXERCISES, stop, voila_command, voila_env, wait_for_http

    port = free_port()
    log_path = tmp_path / "voila.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            voila_command(
                port,
                EXERCISES,
                f"--MappingKernelManager.cull_idle_timeout={IDLE_TIMEOUT}",
                "--MappingKernelManager.cull_interval=1",
                "--Voila.log_level=INFO",  # to see the pool filled
            ),
            env=voila_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for_http(base + "/", timeout=60, process=process)
            deadline = time.monotonic() + 120
            while "Kernel pool of gribning.ipynb is filled" not in log_path.read_text():
                assert time.monotonic() < deadline, log_path.read_text()[-3000:]
                time.sleep(0.5)
            # The pooled kernel is now idle for longer than the timeout, protected by its pool.
            time.sleep(IDLE_TIMEOUT + 2)
            with urllib.request.urlopen(base + "/voila/render/gribning.ipynb", timeout=120) as r:
                html = r.read().decode()
            [kernel] = set(re.findall(r"kernelId\W+([0-9a-f-]{36})", html))
            # The page has not connected yet (nobody opens its websocket): within the idle
            # timeout of being handed out, the kernel must still be there.
            time.sleep(IDLE_TIMEOUT - 1.5)
            culled = [
                line
                for line in log_path.read_text().splitlines()
                if "Culling" in line and kernel in line
            ]
            assert culled == [], culled
        finally:
            stop(process)
