"""The published site: its address in one place, and what a host and a search engine need.

- **The address.** ``html_baseurl`` (``baseurl`` under ``html`` in ``_config.yml``) is where the
  book is published, e.g. ``https://<org>.github.io/<repo>/``.  The environment variable
  ``LISES_BASEURL`` replaces it for one build: the Pages workflow passes the address the
  Pages service reports, so a fork publishes under its own address unchanged.  Everything
  below is derived from this one value here: the canonical links, ``sitemap.xml``
  (sphinx-sitemap), the Open Graph ``og:url`` (sphinxext-opengraph) and the 404 page's link
  prefix (sphinx-notfound-page).
- **The 404 page** (sphinx-notfound-page): a host serves it at any missing address, at any
  depth, so its links and assets are absolute under the address's path.  Danish, in the
  book's theme, with links to the front page and the search.
- **Descriptions.** Each page's front matter ``description`` (one or two Danish sentences) is
  its ``<meta name="description">`` and its ``og:description``; the Open Graph title is the
  page's title.  No image is named (sphinxext-opengraph's social cards would be drawn and
  linked from the host; the site names nothing remote).
- **.nojekyll** (``sphinx.ext.githubpages``): GitHub Pages would otherwise drop every folder
  starting with ``_`` (``_static``, ``_downloads``).
"""

from __future__ import annotations

import html
import os
from fnmatch import fnmatch
from urllib.parse import urlparse

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError, ExtensionError

ENVIRONMENT_VARIABLE = "LISES_BASEURL"
# Generated pages with nothing to find: not in the sitemap.
NOT_IN_SITEMAP = ["404.html", "search.html", "genindex.html", "index.html"]

NOT_FOUND_BODY = """
<h1>Siden findes ikke</h1>
<p>Der er ingen side på denne adresse. Måske er linket gammelt, eller der er en stavefejl i
adressen.</p>
<ul>
<li><a href="{prefix}book/forside.html">Gå til kursets forside</a></li>
<li><a href="{prefix}search.html">Søg i kurset</a></li>
<li><a href="{prefix}book/velkommen/vejviser.html">Find vej i kurset: vejviseren</a></li>
</ul>
"""


def site_address(configured: str | None) -> str:
    """The published address: ``LISES_BASEURL`` if set, else the configured one.

    Raises
    ------
    ConfigError
        If the address is not an absolute ``http(s)`` address (the links of the 404 page and
        the sitemap must be absolute).
    """
    address = (os.environ.get(ENVIRONMENT_VARIABLE) or configured or "").strip()
    parsed = urlparse(address)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise ConfigError(
            f"Bogens adresse ({ENVIRONMENT_VARIABLE} eller html.baseurl i _config.yml) skal "
            f"være en hel adresse som https://eksempel.dk/kursus/, ikke {address!r}."
        )
    # Sphinx and the extensions join page names onto it: it must end with a slash.
    return address if address.endswith("/") else address + "/"


def _derive(app: Sphinx, config: Config) -> None:
    address = site_address(config.html_baseurl)
    prefix = urlparse(address).path
    config.html_baseurl = address
    config.sitemap_url_scheme = "{link}"  # not /da/…: the site has one language, at its root
    config.sitemap_excludes = list(NOT_IN_SITEMAP)
    config.ogp_site_url = address
    config.ogp_site_name = config.html_title or config.project  # the book's title (_config.yml)
    config.ogp_social_cards = {"enable": False}
    config.ogp_custom_meta_tags = ['<meta property="og:locale" content="da_DK" />']
    config.notfound_urls_prefix = prefix
    config.notfound_context = {
        "title": "Siden findes ikke",
        "body": NOT_FOUND_BODY.format(prefix=html.escape(prefix)),
    }


def _description(app, pagename, templatename, context, doctree) -> None:
    # Before sphinxext-opengraph (priority 500): it takes og:description from the page's
    # fields and leaves out its own first-paragraph description once a meta description is
    # in the page.
    meta = context.get("meta") or {}
    description = str(meta.get("description") or "").strip()
    if not description:
        return
    context["meta"] = {**meta, "og:description": description}
    tag = f'<meta name="description" content="{html.escape(description)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


def _every_page_in_the_sitemap(app: Sphinx, exception: Exception | None) -> None:
    # sphinx-sitemap lists the pages written by this build only (jdillard/sphinx-sitemap#13),
    # so a rebuild after one edit would publish a sitemap of one page.  Before it writes the
    # file (priority 500), its queue is made the site's every page, each once.
    if exception or app.builder.format != "html":
        return
    queue = getattr(app.env.app, "sitemap_links", None)
    if queue is None:
        raise ExtensionError("sphinx-sitemap har ikke sin liste over sider: er versionen ændret?")
    queued: dict[str, str | None] = {}
    while not queue.empty():
        link, last_updated = queue.get()
        queued[link] = last_updated
    suffix = app.config.html_file_suffix or ".html"
    for docname in app.env.found_docs:
        queued.setdefault(docname + suffix, None)
    for link in sorted(queued):
        if not any(fnmatch(link, pattern) for pattern in app.config.sitemap_excludes):
            queue.put((link, queued[link]))


def _no_canonical_on_not_found(app, pagename, templatename, context, doctree) -> None:
    # The 404 page stands in for every missing address: it is no address of its own.
    if pagename == app.config.notfound_pagename:
        context["pageurl"] = None


def setup(app: Sphinx) -> dict:
    for extension in ("sphinx_sitemap", "sphinxext.opengraph", "notfound.extension"):
        app.setup_extension(extension)
    app.setup_extension("sphinx.ext.githubpages")
    app.connect("config-inited", _derive)
    app.connect("html-page-context", _description, priority=400)
    app.connect("html-page-context", _no_canonical_on_not_found)
    app.connect("build-finished", _every_page_in_the_sitemap, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
