"""The book's own assets, served from the build: nothing is loaded from a CDN.

1. The ipywidgets JavaScript: the html-manager bundle installed by npm (pinned in
   package-lock.json) is copied into ``_static/lises-widgets/`` and configured as
   ``nb_ipywidgets_js`` in ``_config.yml``, so widget pages load nothing from jsdelivr (myst-nb's
   default).  The files are added through a static path of their own, not the book's
   ``_static/``, because Jupyter Book injects every ``.js`` found there into every page.
2. sphinx-thebe's scripts are left out of every page (the course runs no code in the book).
3. Static files edited since the last build replace their stale copies in the output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

REPO = Path(__file__).resolve().parents[2]
HTML_MANAGER_DIST = REPO / "node_modules" / "@jupyter-widgets" / "html-manager" / "dist"
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


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    # Jupyter Book always loads sphinx-thebe, whose inline config is added twice (a JavaScript
    # error on every page) and names a script on unpkg.com.  The course runs no code in the
    # book, so its scripts are left out of every page.  In place: a script another extension
    # adds to this page later (app.add_js_file) still lands in the page's list.
    def is_thebe(js) -> bool:
        body = str(getattr(js, "attributes", {}).get("body", ""))
        return "THEBE" in body or "sphinx-thebe" in str(getattr(js, "filename", js))

    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = [js for js in scripts if not is_thebe(js)]


def _refresh_static(app: Sphinx) -> None:
    # Sphinx does not overwrite static files that already exist in the output, so an edited
    # stylesheet would stay stale in an incremental build; drop the outdated copies first.
    target_root = Path(app.outdir) / "_static"
    for entry in app.config.html_static_path:
        source_root = Path(app.confdir) / entry
        if not source_root.is_dir():
            continue
        for source in source_root.rglob("*"):
            target = target_root / source.relative_to(source_root)
            stale = source.is_file() and target.is_file()
            if stale and source.stat().st_mtime > target.stat().st_mtime:
                target.unlink()


def setup(app: Sphinx) -> dict:
    # Priority 900: after every extension (lises_selfcheck) has added its static folder.
    app.connect("builder-inited", _refresh_static, priority=900)
    app.connect("builder-inited", _vendor_widget_js)
    app.connect("html-page-context", _drop_thebe)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
