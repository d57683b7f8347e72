"""The README's recipe for GitHub Pages from a branch puts the whole built site on ``gh-pages``.

``ghp-import --no-jekyll --push --force _build/html`` is run as the README gives it, without
``--push`` (there is no remote here), in a throw-away repository: the branch must hold every
file of the build, hidden ``.nojekyll`` and the 404 page included, byte for byte.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow


def _readme_recipe() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"`\.venv/bin/(ghp-import [^`]+)`", readme)
    assert match, "README names no ghp-import command"
    return match.group(1).split()


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=folder, check=True, capture_output=True, text=True
    ).stdout


def test_the_readme_recipe_puts_every_built_file_on_gh_pages(book_html, tmp_path):
    command = _readme_recipe()
    assert command[-1] == "_build/html", command
    assert "--no-jekyll" in command
    repository = tmp_path / "udgivelse"
    repository.mkdir()
    _git(repository, "init", "-q", "-b", "main")
    _git(
        repository,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "start",
    )
    # As given, minus --push: the branch is made, nothing is sent anywhere.
    local = [REPO / ".venv" / "bin" / "ghp-import"] + [a for a in command[1:-1] if a != "--push"]
    subprocess.run(
        [*map(str, local), str(book_html)],
        cwd=repository,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@t",
            "HOME": str(tmp_path),
        },
    )
    on_branch = set(_git(repository, "ls-tree", "-r", "--name-only", "gh-pages").split("\n")) - {""}
    built = {str(p.relative_to(book_html)) for p in book_html.rglob("*") if p.is_file()}
    assert built - on_branch == set(), "files of the build missing on gh-pages"
    assert {".nojekyll", "404.html", "sitemap.xml", "index.html"} <= on_branch
    for name in ("404.html", "_downloads/lises-kursus.pdf"):
        blob = subprocess.run(
            ["git", "show", f"gh-pages:{name}"], cwd=repository, check=True, capture_output=True
        ).stdout
        assert blob == (book_html / name).read_bytes(), f"{name} differs on gh-pages"
