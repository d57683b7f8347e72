"""Headless Chromium for the browser tests and the benchmark: Debian's chromium, local only.

Playwright's own browser download is never used (it needs the internet); Debian's ``chromium``
is installed by ``scripts/setup.sh``.  Both the tests and ``bench/`` launch it from here so that
they measure and check the same browser.
"""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright):
    """Start Debian's Chromium, headless, through a running ``sync_playwright()``."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (loopback, or data:/blob:/about: URLs)."""
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return True
    return parsed.hostname in ("127.0.0.1", "localhost", "::1")
