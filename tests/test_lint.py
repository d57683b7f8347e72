"""The tree stays clean: ruff (lint and format) and notebooks without outputs."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

RUFF = [sys.executable, "-m", "ruff"]


def _run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)


def test_ruff_lint():
    result = _run(*RUFF, "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = _run(*RUFF, "format", "--no-cache", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_notebooks_have_no_outputs():
    notebooks = _run("git", "ls-files", "*.ipynb").stdout.split() or [
        str(p.relative_to(REPO)) for p in REPO.glob("[be]*/**/*.ipynb")
    ]
    result = _run(sys.executable, "-m", "nbstripout", "--verify", *notebooks)
    assert result.returncode == 0, f"notebooks with outputs: {result.stdout}{result.stderr}"
