"""Danish where Sphinx, the theme and its extensions have no Danish of their own.

- Catalogues: sphinx-exercise's labels and the theme's strings from ``book/_locales`` (compiled
  here, as neither package ships a Danish catalogue; the theme's hard-coded English labels go
  through the catalogue from ``book/_templates``).
- The root's redirect page: the toc's root is not ``index``, so Sphinx writes a bare redirect
  page without a language as ``index.html``; it is replaced with a Danish one.

The Danish author–year citations and bibliography are the extension ``lises_bibstyle``.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.application import Sphinx

LOCALES = Path(__file__).resolve().parents[1] / "_locales"

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
    # A Danish redirect page that also works without the meta refresh.
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


def setup(app: Sphinx) -> dict:
    _danish_catalogues(app)
    app.connect("build-finished", _danish_redirect)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
