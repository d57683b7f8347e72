"""Fixes for what axe-core finds in the theme's and Sphinx's markup (tests/test_accessibility.py).

- The sidebar's fold-out toggles are icons without a name: they are named in Danish.
- sphinxcontrib-bibtex marks bibliography entries with the deprecated role ``doc-biblioentry``
  inside a ``role=list``: they become list items.
- Sphinx puts a graphviz figure's alt text inside ``<object>`` as fallback content, which
  assistive technology does not read while the SVG loads fine: the object is named with it.

The theme's other failures (buttons whose names lacked their visible text, hard-coded English
labels) are fixed in ``book/_templates/``; contrast and focus ring in ``_static/lises-theme.css``.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx

GRAPHVIZ_OBJECT = re.compile(
    r'<object (data="[^"]+" type="image/svg\+xml" class="graphviz")>\s*'
    r'<p class="warning">(.*?)</p>',
    re.S,
)
SIDEBAR_SUMMARY = "<summary>"
SIDEBAR_SUMMARY_LABELLED = '<summary aria-label="Vis eller skjul underafsnit">'


def _label_figures(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if body and "graphviz" in body:
        context["body"] = GRAPHVIZ_OBJECT.sub(
            lambda m: (
                f'<object {m[1]} role="img" aria-label="{m[2]}"><p class="warning">{m[2]}</p>'
            ),
            body,
        )


def _accessible_theme(app, pagename, templatename, context, doctree) -> None:
    generate = context.get("generate_toctree_html")
    if callable(generate) and not getattr(generate, "lises_labelled", False):

        def labelled(*args, **kwargs):
            return str(generate(*args, **kwargs)).replace(SIDEBAR_SUMMARY, SIDEBAR_SUMMARY_LABELLED)

        labelled.lises_labelled = True
        context["generate_toctree_html"] = labelled
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _label_figures)
    # After the theme has put its toctree function into the context (priority 500).
    app.connect("html-page-context", _accessible_theme, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
