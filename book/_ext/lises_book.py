"""Local Sphinx extension for the LISES course book.

1. Serves the ipywidgets JavaScript from the build itself: the html-manager bundle installed by
   npm (pinned in package-lock.json) is copied into ``_static/lises-widgets/`` so widget pages
   load nothing from a CDN (myst-nb's default).  The files are added through a static path of
   their own, not the book's ``_static/``, because Jupyter Book injects every ``.js`` found there
   into every page.
2. Keeps executed notebook outputs fresh: Sphinx only re-reads changed sources, so a change in
   the ``lises`` package (which the notebooks call) would otherwise leave stale outputs.  The
   package's content hash is stored in the environment; when it changes, every notebook is
   marked outdated and executed again.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

REPO = Path(__file__).resolve().parents[2]
HTML_MANAGER_DIST = REPO / "node_modules" / "@jupyter-widgets" / "html-manager" / "dist"
PACKAGE_DIR = REPO / "widgets" / "lises"
# The bundle plus the icon fonts it references by relative URL; source maps are left out.
VENDORED_SUFFIXES = {".js", ".woff", ".woff2", ".ttf", ".eot", ".svg", ".txt"}
VENDORED_JS = "embed.js"


def _vendor_widget_js(app: Sphinx) -> None:
    if not (HTML_MANAGER_DIST / VENDORED_JS).is_file():
        raise ExtensionError(
            f"{HTML_MANAGER_DIST / VENDORED_JS} mangler: kør 'make setup' (npm ci) først."
        )
    static_root = Path(app.outdir).parent / "vendor"
    target = static_root / "lises-widgets"
    target.mkdir(parents=True, exist_ok=True)
    for source in HTML_MANAGER_DIST.iterdir():
        keep = source.suffix in VENDORED_SUFFIXES and source.name not in {
            "embed-amd.js",
            "libembed-amd.js",
        }
        if keep and not (target / source.name).exists():
            shutil.copy2(source, target / source.name)
    app.config.html_static_path.append(str(static_root))


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
    return [doc for doc in env.found_docs if env.doc2path(doc).suffix == ".ipynb"]


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _vendor_widget_js)
    app.connect("env-get-outdated", _outdated_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
