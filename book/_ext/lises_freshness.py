"""Fresh notebook outputs and pages after a change outside the book's sources.

Sphinx only re-reads changed sources, so a change in the ``lises`` package (which the notebooks
call and the self-checks render) would otherwise leave stale outputs:

- the package's content hash is stored in the environment; when it changes, every notebook is
  marked outdated and executed again;
- the hash of the local extensions, catalogues and templates plus the package's is a config
  value of kind "env", so Sphinx sees a changed configuration and rebuilds every page.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx

REPO = Path(__file__).resolve().parents[2]
PACKAGE_DIR = REPO / "widgets" / "lises"
EXTENSION_DIRS = (Path(__file__).parent, REPO / "book" / "_locales", REPO / "book" / "_templates")


def package_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".yml", ".json"}:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _outdated_notebooks(app, env, added, changed, removed) -> list[str]:
    current = package_hash()
    previous = getattr(env, "lises_package_hash", None)
    env.lises_package_hash = current
    if previous in (None, current):
        return []
    return [doc for doc in env.found_docs if str(env.doc2path(doc)).endswith(".ipynb")]


def _extension_hash() -> str:
    digest = hashlib.sha256()
    for root in EXTENSION_DIRS:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".po", ".html"}:
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _note_extension_hash(app: Sphinx, config) -> None:
    # When a local extension (citation style, directives, labels), a catalogue, a template or
    # the lises package behind the self-checks changes, every page is rebuilt.
    config.lises_extension_hash = _extension_hash() + package_hash()


def setup(app: Sphinx) -> dict:
    app.add_config_value("lises_extension_hash", "", "env")
    app.connect("config-inited", _note_extension_hash)
    app.connect("env-get-outdated", _outdated_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
