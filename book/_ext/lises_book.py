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
3. Danish labels and citations: sphinx-exercise's labels and the theme's strings from
   ``book/_locales`` (compiled here, as neither package ships a Danish catalogue; the theme's
   hard-coded English labels go through the catalogue from ``book/_templates``), and the
   author–year citation and bibliography styles of ``lises_bibstyle``.
4. The glossary directive ``{ordliste}`` (``lises_glossary``).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

import lises_bibstyle
from lises_glossary import OrdlisteDirective

REPO = Path(__file__).resolve().parents[2]
LOCALES = REPO / "book" / "_locales"
TEMPLATES = REPO / "book" / "_templates"
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
    return [doc for doc in env.found_docs if str(env.doc2path(doc)).endswith(".ipynb")]


GRAPHVIZ_OBJECT = re.compile(
    r'<object (data="[^"]+" type="image/svg\+xml" class="graphviz")>\s*'
    r'<p class="warning">(.*?)</p>',
    re.S,
)


def _label_figures(app, pagename, templatename, context, doctree) -> None:
    # Sphinx puts a graphviz figure's alt text inside <object> as fallback content, which
    # assistive technology does not read while the SVG loads fine; name the object with it.
    body = context.get("body")
    if body and "graphviz" in body:
        context["body"] = GRAPHVIZ_OBJECT.sub(
            lambda m: (
                f'<object {m[1]} role="img" aria-label="{m[2]}"><p class="warning">{m[2]}</p>'
            ),
            body,
        )


SIDEBAR_SUMMARY = "<summary>"
SIDEBAR_SUMMARY_LABELLED = '<summary aria-label="Vis eller skjul underafsnit">'


def _accessible_theme(app, pagename, templatename, context, doctree) -> None:
    # Fixes for what axe-core finds in the theme's markup (tests/test_accessibility.py):
    # the sidebar's fold-out toggles are icons without a name, and sphinxcontrib-bibtex marks
    # bibliography entries with the deprecated role doc-biblioentry inside a role=list.
    generate = context.get("generate_toctree_html")
    if callable(generate) and not getattr(generate, "lises_labelled", False):

        def labelled(*args, **kwargs):
            return str(generate(*args, **kwargs)).replace(SIDEBAR_SUMMARY, SIDEBAR_SUMMARY_LABELLED)

        labelled.lises_labelled = True
        context["generate_toctree_html"] = labelled
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    # Jupyter Book always loads sphinx-thebe, whose inline config is added twice (a JavaScript
    # error on every page) and names a script on unpkg.com.  The course runs no code in the
    # book, so its scripts are left out of every page.
    def is_thebe(js) -> bool:
        body = str(getattr(js, "attributes", {}).get("body", ""))
        return "THEBE" in body or "sphinx-thebe" in str(getattr(js, "filename", js))

    if "script_files" in context:
        context["script_files"] = [js for js in context["script_files"] if not is_thebe(js)]


REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta http-equiv="Refresh" content="0; url={target}">
<title>{title}</title>
</head>
<body><p><a href="{target}">Gå til forsiden af {title}</a></p></body>
</html>
"""


def _danish_redirect(app: Sphinx, exception: Exception | None) -> None:
    # The toc's root is not index, so a bare redirect page without a language is written as
    # index.html; replace it with a Danish one that also works without the meta refresh.
    index = Path(app.outdir) / "index.html"
    if exception or app.builder.format != "html":
        return
    if index.is_file() and 'http-equiv="Refresh"' in index.read_text(encoding="utf-8"):
        target = app.builder.get_target_uri(app.config.root_doc)
        title = app.config.html_title or app.config.project
        index.write_text(REDIRECT_PAGE.format(target=target, title=title), encoding="utf-8")


def _danish_catalogues(app: Sphinx) -> None:
    # Sphinx reads compiled .mo files only; the .po sources are what the repository keeps.
    target_root = Path(app.doctreedir).parent / "locales"
    for po_file in LOCALES.glob("*/LC_MESSAGES/*.po"):
        target = target_root / po_file.relative_to(LOCALES).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        with po_file.open("rb") as source:
            catalog = read_po(source)
        with target.open("wb") as out:
            write_mo(out, catalog)
        app.add_message_catalog(po_file.stem, str(target_root))


def _extension_hash() -> str:
    digest = hashlib.sha256()
    for root in (Path(__file__).parent, LOCALES, TEMPLATES):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".po", ".html"}:
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _note_extension_hash(app: Sphinx, config) -> None:
    # A config value of kind "env": when this extension (citation style, glossary directive,
    # labels, templates) or the lises package behind the self-checks changes, Sphinx sees a
    # changed configuration and rebuilds every page.
    config.lises_extension_hash = _extension_hash() + package_hash()


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
    app.connect("builder-inited", _refresh_static)
    app.add_config_value("lises_extension_hash", "", "env")
    app.connect("config-inited", _note_extension_hash)
    lises_bibstyle.register()
    _danish_catalogues(app)
    app.add_directive("ordliste", OrdlisteDirective)
    app.connect("build-finished", _danish_redirect)
    app.connect("html-page-context", _drop_thebe)
    app.connect("html-page-context", _label_figures)
    # After the theme has put its toctree function into the context (priority 500).
    app.connect("html-page-context", _accessible_theme, priority=900)
    app.connect("builder-inited", _vendor_widget_js)
    app.connect("env-get-outdated", _outdated_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
