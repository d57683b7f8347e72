"""The built book served from a sub-path, as a host serves it, and a crawler over it.

The book is published under a sub-path (``https://<org>.github.io/<repo>/``).  A page that works
at a local server's root can still break there: a root-relative ``/_static/…``, a link that
climbs out of the folder, the 404 page's assets.  :func:`serve_under_prefix` serves the built
book only under the address's path, as GitHub Pages does: a folder is its ``index.html``, a
folder named without its slash is redirected to it, and every other address (outside the path,
or missing) answers 404 with the body of ``404.html``.  :func:`crawl` follows every page and
every URL it names from the two ways in (the path itself and its ``index.html``).

The path is read from the built site (the canonical link of the front page), so the tests check
whatever address the build used (``html.baseurl`` in ``_config.yml`` or ``LISES_BASEURL``).
"""

from __future__ import annotations

import mimetypes
import re
import threading
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

FRONT_PAGE = "book/forside.html"
NOT_FOUND_PAGE = "404.html"
# What the browser must be told for each kind of file; the system's mimetypes table differs
# between machines (and knows no .woff2 on some), a host's does not.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".eot": "application/vnd.ms-fontobject",
    ".pdf": "application/pdf",
    ".xml": "application/xml",
    ".json": "application/json",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".ipynb": "application/x-ipynb+json",
}
# Schemes that name no document on the site.
NOT_FETCHED = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")
# <link rel=…> that only names a page (navigation), as opposed to a resource the browser loads.
NAVIGATION_RELS = {"canonical", "next", "prev", "index", "search", "author", "license", "help"}
# Every attribute that makes a browser load something, per tag.
RESOURCE_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "object": ("data",),
    "embed": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
}
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""")
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)


# -- the address -----------------------------------------------------------------------------


class _Canonical(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and "canonical" in (values.get("rel") or "").split():
            self.href = self.href or values.get("href")


def site_address(book_html: Path) -> str:
    """The address the build published to, e.g. ``https://lises-kursus.github.io/gribning/``.

    Raises
    ------
    AssertionError
        If the front page names no canonical address, or one that does not end in its own name.
    """
    parser = _Canonical()
    parser.feed((book_html / FRONT_PAGE).read_text(encoding="utf-8"))
    canonical = parser.href or ""
    assert canonical.endswith(FRONT_PAGE), (
        f"Forsiden ({FRONT_PAGE}) har ikke en kanonisk adresse, der ender på sit eget navn: "
        f"{canonical!r}"
    )
    return canonical[: -len(FRONT_PAGE)]


def site_prefix(book_html: Path) -> str:
    """The path part of :func:`site_address`, e.g. ``/gribning/`` (``/`` at a domain's root)."""
    return urlsplit(site_address(book_html)).path or "/"


# -- the host --------------------------------------------------------------------------------


def content_type(path: Path) -> str:
    """The ``Content-Type`` a host sends for ``path``."""
    known = CONTENT_TYPES.get(path.suffix.lower())
    return known or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _handler(root: Path, prefix: str) -> type[BaseHTTPRequestHandler]:
    root = root.resolve()
    not_found = (root / NOT_FOUND_PAGE).read_bytes()

    class PrefixHandler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, kind: str, headers: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _not_found(self) -> None:
            self._send(404, not_found, CONTENT_TYPES[".html"])

        def _target(self, path: str) -> Path | None:
            """The file or folder ``path`` names under the root, or None outside it."""
            if not path.startswith(prefix):
                return None
            relative = path[len(prefix) :]
            # The path is decoded already: a %2e%2e arrives here as "..".
            if any(part in {"..", "."} for part in relative.split("/")) or "\\" in relative:
                return None
            target = (root / relative).resolve()
            return target if target == root or root in target.parents else None

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            target = self._target(path + "/" if path + "/" == prefix else path)
            if target is not None and target.is_dir():
                if not path.endswith("/"):
                    # A host sends a folder named without its slash to the folder.
                    self._send(301, b"", CONTENT_TYPES[".html"], {"Location": path + "/"})
                    return
                target = target / "index.html"
            elif path.endswith("/"):
                target = None  # a file named as if it were a folder
            if target is None or not target.is_file():
                self._not_found()
                return
            self._send(200, target.read_bytes(), content_type(target))

        do_HEAD = do_GET

    return PrefixHandler


@contextmanager
def serve_under_prefix(root: Path, prefix: str, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``root`` under ``prefix`` only, in a daemon thread; yields the origin
    (``http://127.0.0.1:<port>``, without the prefix)."""
    server = ThreadingHTTPServer((host, 0), _handler(root, prefix))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class PublishedSite:
    """The built book as served by :func:`serve_under_prefix`."""

    origin: str  # http://127.0.0.1:<port>
    prefix: str  # /gribning/
    address: str  # https://lises-kursus.github.io/gribning/ (where it is published)

    def url(self, relative: str = "") -> str:
        """The local URL of a file of the site, e.g. ``url("search.html")``."""
        return self.origin + self.prefix + relative.lstrip("/")


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    url: str  # after redirects


def fetch(url: str, timeout: float = 30) -> Response:
    """GET ``url`` (redirects followed); a 4xx/5xx answer is returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return Response(
                answer.status, answer.headers.get("Content-Type", ""), answer.read(), answer.url
            )
    except urllib.error.HTTPError as error:
        with error:
            return Response(
                error.code, error.headers.get("Content-Type", ""), error.read(), error.url
            )


# -- the crawler -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Named:
    """A URL as a page or stylesheet names it."""

    url: str  # as written
    kind: str  # "link" (a[href], navigation <link>, form) or "resource" (what the browser loads)
    tag: str


class _Page(HTMLParser):
    """Every URL a page names, and the ids its fragments may point to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.named: list[Named] = []
        self.ids: set[str] = set()
        self.styles: list[str] = []  # inline CSS (<style> and style=""), for url(…)
        self.base: str | None = None
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        if values.get("style"):
            self.styles.append(values["style"])
        if tag == "style":
            self._in_style = True
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        if tag in ("a", "area") and "href" in values:
            self.named.append(Named(values["href"], "link", tag))
        elif tag == "link" and values.get("href"):
            rels = set(values.get("rel", "").lower().split())
            kind = "link" if rels & NAVIGATION_RELS else "resource"
            self.named.append(Named(values["href"], kind, f"link rel={'/'.join(sorted(rels))}"))
        elif tag == "form" and values.get("action"):
            self.named.append(Named(values["action"], "link", tag))
        elif tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = REFRESH_URL.search(values.get("content", ""))
            if match:
                self.named.append(Named(match.group(1).strip(), "link", "meta refresh"))
        for attribute in RESOURCE_ATTRS.get(tag, ()):
            value = values.get(attribute, "").strip()
            if not value:
                continue
            if attribute == "srcset" and not value.startswith("data:"):
                candidates = [c.strip().split()[0] for c in value.split(",") if c.strip()]
            else:
                candidates = [value]
            self.named += [Named(c, "resource", f"{tag}[{attribute}]") for c in candidates]

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def css_urls(css: str) -> list[str]:
    """Every ``url(…)`` and ``@import "…"`` in a stylesheet, as written."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    found = ["".join(groups) for groups in CSS_URL.findall(css)]
    found += ["".join(groups) for groups in CSS_IMPORT.findall(css)]
    return [url.strip() for url in found if url.strip()]


@dataclass(frozen=True)
class Failure:
    page: str  # the page or stylesheet that names the URL (its path)
    url: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.url} – {self.problem}"


@dataclass
class CrawlResult:
    origin: str
    prefix: str
    pages: list[str] = field(default_factory=list)  # paths of the HTML pages read
    checked: dict[str, int] = field(default_factory=dict)  # each unique URL and its status
    links: set[str] = field(default_factory=set)  # the checked URLs that an <a href> named
    fragments_checked: int = 0  # distinct page#fragment targets looked up
    ids: dict[str, set[str]] = field(default_factory=dict)  # each page's URL: its ids and names
    named: dict[str, set[str]] = field(default_factory=dict)  # each page's path: URLs it names
    external_links: dict[str, set[str]] = field(default_factory=dict)  # URL -> pages naming it
    failures: list[Failure] = field(default_factory=list)

    def files_reached(self, book_html: Path) -> set[str]:
        """The built files (relative paths) the crawl read as pages."""
        reached = set()
        for path in self.pages:
            relative = unquote(path[len(self.prefix) :])
            if relative == "" or relative.endswith("/"):
                relative += "index.html"
            if (book_html / relative).is_file():
                reached.add(relative)
        return reached


def _show(url: str, origin: str) -> str:
    return url[len(origin) :] if url.startswith(origin) else url


def crawl(origin: str, prefix: str, address: str) -> CrawlResult:
    """Breadth-first over every HTML page of the site served at ``origin`` under ``prefix``.

    Every URL a page names (links, stylesheets, scripts, images, frames, forms, refreshes) and
    every ``url(…)``/``@import`` of a stylesheet it loads is fetched once; each must answer 200
    under ``prefix``.  Links to another host are recorded, resources from another host are a
    failure.  Links into the site's own published ``address`` (a canonical link) are checked
    here.  A link's ``#fragment`` must name an id (or ``<a name>``) on the page it leads to.
    """
    result = CrawlResult(origin=origin, prefix=prefix)
    site = origin + prefix
    queue: deque[str] = deque([site, site + "index.html"])
    seen: set[str] = set(queue)
    page_ids = result.ids
    named_by: dict[str, list[tuple[str, str]]] = {}  # each URL: (page, as written) naming it
    left: dict[str, str] = {}  # URLs a redirect took out of the prefix: where to
    # (page, link as written, resolved target without fragment, fragment)
    fragment_links: list[tuple[str, str, str, str]] = []

    def name(source: str, written: str, kind: str, base: str, tag: str = "") -> None:
        written = written.strip()
        if not written or written.lower().startswith(NOT_FETCHED):
            return
        absolute = urljoin(base, written)
        if kind == "link" and absolute.startswith(address):
            # The site's own published address (a canonical link): the same file, here.
            absolute = site + absolute[len(address) :]
        target, fragment = urldefrag(absolute)
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https"):
            return
        if f"{parts.scheme}://{parts.netloc}" != origin:
            if kind == "link":
                result.external_links.setdefault(target, set()).add(source)
            else:
                result.failures.append(
                    Failure(source, written, "henter en ressource fra en anden vært")
                )
            return
        if not parts.path.startswith(prefix):
            result.failures.append(Failure(source, written, "peger uden for undermappen"))
            return
        result.named.setdefault(source, set()).add(target)
        if tag in ("a", "area"):
            result.links.add(target)
        if kind == "link" and fragment:
            fragment_links.append((source, written, target, unquote(fragment)))
        if target not in seen:
            seen.add(target)
            queue.append(target)
        named_by.setdefault(target, []).append((source, written))

    while queue:
        url = queue.popleft()
        response = fetch(url)
        result.checked[url] = response.status
        if response.status != 200:
            continue
        if not urlsplit(response.url).path.startswith(prefix):
            left[url] = response.url
            continue
        here = _show(url, origin)
        kind = response.content_type.split(";")[0].strip()
        if kind == "text/html":
            parser = _Page()
            parser.feed(response.body.decode("utf-8", errors="replace"))
            base = urljoin(response.url, parser.base) if parser.base else response.url
            result.pages.append(here)
            page_ids[url] = parser.ids
            for named in parser.named:
                name(here, named.url, named.kind, base, named.tag)
            for css in parser.styles:
                for written_url in css_urls(css):
                    name(here, written_url, "resource", base)
        elif kind == "text/css":
            for written_url in css_urls(response.body.decode("utf-8", errors="replace")):
                if not written_url.startswith("#"):  # an SVG reference inside the document
                    name(here, written_url, "resource", response.url)

    # Reported once every page is read, so that each names every page that names it.
    for url, status in result.checked.items():
        if url in left:
            problem = f"peger uden for undermappen (videre til {_show(left[url], origin)})"
        elif status != 200:
            problem = f"svarer {status}"
        else:
            continue
        for source, written in named_by.get(url, [("(start)", _show(url, origin))]):
            result.failures.append(Failure(source, written, problem))

    fragments = set()
    for source, written, target, fragment in fragment_links:
        ids = page_ids.get(target)
        if ids is None:
            continue  # not an HTML page (a PDF's #page=…), or already a failure
        fragments.add((target, fragment))
        if fragment not in ids:
            result.failures.append(
                Failure(source, written, f"siden har intet element med id «{fragment}»")
            )
    result.fragments_checked = len(fragments)
    return result
