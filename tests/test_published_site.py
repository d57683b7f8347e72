"""The built book works from a sub-path, as GitHub Pages serves it.

The site is served only under the path of its published address (read from the built front
page's canonical link, so the build's own address is checked, ``LISES_BASEURL`` included) by
:mod:`published_site`: a folder is its ``index.html``, everything else answers 404 with the 404
page.  A crawl follows every page and every URL it names; headless Chromium loads every page and
sees what JavaScript loads (the search index, the widget bundles, fonts); the search, the 404
page, ``sitemap.xml``, ``.nojekyll`` and the PDFs at their stable names are checked there too.

The 404 page is checked here rather than in test_accessibility.py: its links and assets are
absolute under the sub-path, so it is only styled when served under it.
"""

from __future__ import annotations

import http.client
import os
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import pytest

from conftest import BOOK_HTML, REPO
from course_text import toc_pages
from published_site import (
    NOT_FOUND_PAGE,
    CrawlResult,
    PublishedSite,
    crawl,
    fetch,
    serve_under_prefix,
    site_address,
)
from run_summary import record, record_crawl
from test_accessibility import BLOCKING, DARK, axe_violations

# Every built page: what the crawl must reach and what Chromium loads.  The 404 page is reached
# by no link (it is what a missing address shows); _static holds template fragments, not pages.
BUILT_PAGES = sorted(
    str(p.relative_to(BOOK_HTML))
    for p in BOOK_HTML.rglob("*.html")
    if "_static" not in p.parts and p.name != NOT_FOUND_PAGE
)
# Floors below what the book had when this test was written (22 pages; 74 addresses, 27 of them
# links; 309 distinct page#fragment targets), with room for a chapter less: a crawl that stopped
# at the front page, or never read the stylesheets, falls far below them.
MIN_PAGES = 20
MIN_URLS = 60
MIN_LINKS = 20
MIN_FRAGMENTS = 250
WIDTH = 1366
LOAD_TIMEOUT = 60_000  # ms
MISSING = "findes/ikke/her.html"


@pytest.fixture(scope="module")
def site(book_html) -> Iterator[PublishedSite]:
    address = site_address(book_html)
    prefix = urlsplit(address).path or "/"
    with serve_under_prefix(book_html, prefix) as origin:
        yield PublishedSite(origin, prefix, address)


@pytest.fixture(scope="module")
def crawled(site) -> CrawlResult:
    return crawl(site.origin, site.prefix, site.address)


def _raw_get(origin: str, path: str) -> tuple[int, bytes]:
    """GET ``path`` exactly as written (urllib would tidy a ``..`` away)."""
    connection = http.client.HTTPConnection(urlsplit(origin).netloc, timeout=10)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def _watch_failures(page) -> list[str]:
    """Collect every request of ``page`` that failed or answered 400 or more."""
    failed: list[str] = []
    page.on(
        "response",
        lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on("requestfailed", lambda r: failed.append(f"fejlede ({r.failure}) {r.url}"))
    return failed


# -- the host ---------------------------------------------------------------------------------


def test_the_host_serves_the_site_only_under_its_path(book_html, site):
    not_found = (book_html / NOT_FOUND_PAGE).read_bytes()
    root = fetch(site.url())
    assert root.status == 200 and root.body == (book_html / "index.html").read_bytes()
    if site.prefix != "/":  # the address typed without its last slash
        bare = fetch(site.origin + site.prefix.rstrip("/"))
        assert bare.status == 200 and bare.url == site.url(), bare.url
    folder = fetch(site.url("book/samtalen"))  # named without its slash
    assert folder.status == 200 and folder.url.endswith(f"{site.prefix}book/samtalen/")
    assert folder.body == (book_html / "book" / "samtalen" / "index.html").read_bytes()
    if site.prefix != "/":
        outside = fetch(site.origin + "/book/forside.html")
        assert (outside.status, outside.body) == (404, not_found), "served outside the path"
    # A file that exists outside the built site must not be reachable by climbing out of it.
    climb = os.path.relpath(REPO / "_config.yml", book_html).replace(os.sep, "/")
    for path in (climb, climb.replace("..", "%2e%2e")):
        status, body = _raw_get(site.origin, site.prefix + path)
        assert (status, body) == (404, not_found), f"{site.prefix + path} answered {status}"


EXPECTED_TYPES = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
    ".xml": "application/xml",
}


@pytest.mark.parametrize("suffix", EXPECTED_TYPES)
def test_the_host_sends_the_right_content_type(book_html, site, suffix):
    example = next(book_html.rglob(f"*{suffix}"), None)
    assert example is not None, f"the build has no {suffix} file"
    answer = fetch(site.url(str(example.relative_to(book_html)).replace(os.sep, "/")))
    assert answer.status == 200
    assert answer.content_type.split(";")[0] == EXPECTED_TYPES[suffix], answer.content_type


@pytest.mark.slow  # serves a site over HTTP (tiers.py: a server is never unit)
def test_the_crawler_reports_what_is_broken(tmp_path):
    """A small site with one of each fault: the crawl names every one, and nothing else."""
    files = {
        "404.html": "<html lang=da><title>Siden findes ikke</title></html>",
        "index.html": '<meta http-equiv="Refresh" content="0; url=book/forside.html">',
        "book/forside.html": """
            <link rel="canonical" href="https://eksempel.dk/kursus/book/forside.html">
            <link rel="stylesheet" href="../_static/ok.css">
            <link rel="stylesheet" href="/_static/ok.css">
            <script src="../_static/mangler.js"></script>
            <img src="https://cdn.example.org/x.png" alt="">
            <a href="https://example.org/">ude</a>
            <a href="mailto:kursus@example.org">skriv</a>
            <a href="andet.html#findes">findes</a>
            <a href="andet.html#findes-ikke">findes ikke</a>
            <a href="../../udenfor.html">udenfor</a>""",
        "book/andet.html": '<h2 id="findes">Findes</h2><a href="#findes">her</a>',
        "_static/ok.css": '@import "mangler.css"; body { background: url(../_images/ok.png) }'
        " .x { background: url(data:image/png;base64,AAAA) }",
        "_images/ok.png": "png",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    address = site_address(tmp_path)
    assert address == "https://eksempel.dk/kursus/"
    with serve_under_prefix(tmp_path, "/kursus/") as origin:
        result = crawl(origin, "/kursus/", address)
    page, css = "/kursus/book/forside.html", "/kursus/_static/ok.css"
    assert {(f.page, f.url, f.problem) for f in result.failures} == {
        (page, "/_static/ok.css", "peger uden for undermappen"),
        (page, "../../udenfor.html", "peger uden for undermappen"),
        (page, "../_static/mangler.js", "svarer 404"),
        (page, "https://cdn.example.org/x.png", "henter en ressource fra en anden vært"),
        (page, "andet.html#findes-ikke", "siden har intet element med id «findes-ikke»"),
        (css, "mangler.css", "svarer 404"),
    }
    assert set(result.external_links) == {"https://example.org/"}
    assert result.files_reached(tmp_path) == {"index.html", "book/forside.html", "book/andet.html"}
    assert f"{origin}/kursus/_images/ok.png" in result.checked  # found through the stylesheet


# -- the crawl --------------------------------------------------------------------------------


def test_every_page_and_everything_it_names_answers_under_the_path(site, crawled):
    pages = crawled.files_reached(BOOK_HTML)
    record_crawl(
        site.prefix,
        len(pages),
        sum(len(urls) for urls in crawled.named.values()),
        len(crawled.checked),
        len(crawled.links),
        crawled.fragments_checked,
        len(crawled.failures),
    )
    assert not crawled.failures, f"{len(crawled.failures)} brudte under {site.prefix}:\n" + (
        "\n".join(str(failure) for failure in crawled.failures)
    )
    orphans = sorted(set(BUILT_PAGES) - pages)
    assert not orphans, f"sider, som intet link fører til fra {site.prefix}: {orphans}"
    assert len(pages) >= MIN_PAGES, f"only {len(pages)} pages reached"
    assert len(crawled.checked) >= MIN_URLS, f"only {len(crawled.checked)} addresses checked"
    assert len(crawled.links) >= MIN_LINKS, f"only {len(crawled.links)} links checked"
    assert crawled.fragments_checked >= MIN_FRAGMENTS, crawled.fragments_checked
    kinds = Counter(urlsplit(url).path.rsplit(".", 1)[-1] for url in crawled.checked)
    for kind in ("html", "css", "js", "woff2", "pdf"):
        assert kinds[kind], f"the crawl checked no .{kind} file: {dict(kinds)}"


# -- in the browser ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("path", BUILT_PAGES)
def test_every_page_loads_everything_under_the_path(page, site, path):
    """What the page's JavaScript loads too: search index, widget bundles, fonts."""
    page.set_viewport_size({"width": WIDTH, "height": 900})
    failed = _watch_failures(page)
    response = page.goto(site.url(path))
    assert response is not None and response.status == 200
    if path == "index.html":
        page.wait_for_url(f"**{site.prefix}book/forside.html")  # the root's redirect page
    # Generous: on a busy machine the widget manager takes long to draw (one run took 30 s).
    page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT)
    if page.locator(".jupyter-widgets").count():
        page.locator(".jupyter-widgets").first.wait_for(state="visible", timeout=LOAD_TIMEOUT)
        page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT)  # its fonts and views
    assert urlsplit(page.url).path.startswith(site.prefix), page.url
    assert failed == [], f"{path} under {site.prefix}: " + "; ".join(failed)
    assert page.blocked == [], f"requests to other hosts: {page.blocked}"
    assert page.console_errors == [], page.console_errors


@pytest.mark.browser
def test_the_search_finds_pages_under_the_path(page, site, crawled):
    failed = _watch_failures(page)
    page.goto(site.url("search.html?q=gribning"))
    page.wait_for_function(
        "() => (document.querySelector('#search-results h2') || {}).textContent"
        " === 'Søgeresultater'"
    )
    results = page.locator("#search-results li a").evaluate_all("links => links.map(a => a.href)")
    assert len(results) >= 3, results
    for result in results:
        target, _, fragment = result.partition("#")
        assert urlsplit(target).path.startswith(site.prefix), f"{result} is outside the path"
        answer = fetch(target)
        assert answer.status == 200, f"{result} answered {answer.status}"
        page_url = target.split("?")[0]
        if fragment:
            ids = crawled.ids.get(page_url, set())
            assert unquote(fragment) in ids, f"{result}: the page has no such id"
    assert failed == [], "; ".join(failed)
    assert page.blocked == []


# -- the 404 page ------------------------------------------------------------------------------


def test_a_missing_address_answers_404_with_the_404_page(book_html, site):
    answer = fetch(site.url(MISSING))
    assert answer.status == 404
    assert answer.content_type.startswith("text/html")
    assert answer.body == (book_html / NOT_FOUND_PAGE).read_bytes()


@pytest.mark.browser
def test_the_404_page_is_styled_danish_and_leads_back(page, site):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    failed = _watch_failures(page)
    missing = site.url(MISSING)
    response = page.goto(missing)
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert [f for f in failed if not f.endswith(missing)] == [], "; ".join(failed)
    assert page.blocked == [], f"requests to other hosts: {page.blocked}"
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.title().startswith("Siden findes ikke"), page.title()
    header = page.locator("header.bd-header")
    assert header.is_visible(), "the theme's header is not shown"
    # Unstyled, the header would be an ordinary block: the theme's stylesheet makes it a flexbox.
    assert header.evaluate("h => getComputedStyle(h).display") == "flex"
    violations = axe_violations(page)
    counts = Counter(v["impact"] for v in violations)
    record("bog", f"404.html under {site.prefix}", counts, len(page.blocked))
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(f"{v['impact']}: {v['id']} ({v['help']})" for v in blocking)

    links = page.locator("article a").evaluate_all(
        "links => links.map(a => [a.textContent.trim(), a.getAttribute('href')])"
    )
    texts = [text for text, _ in links]
    assert "Gå til kursets forside" in texts and "Søg i kurset" in texts, texts
    for text, href in links:
        page.goto(missing)
        with page.expect_navigation() as navigation:
            page.locator("article a", has_text=text).first.click()
        assert navigation.value.status == 200, f"«{text}» ({href}) answered not 200"
        assert urlsplit(page.url).path.startswith(site.prefix), f"«{text}» leads to {page.url}"


@pytest.mark.browser
def test_the_404_page_in_the_dark_theme_on_a_phone(page, site):
    """The reader's dark theme, kept by the theme in localStorage, holds on the 404 page too,
    at a phone's width: axe-core clean, nothing wider than the screen."""
    page.add_init_script(DARK)
    page.set_viewport_size({"width": 390, "height": 844})
    failed = _watch_failures(page)
    missing = site.url(MISSING)
    page.goto(missing)
    page.wait_for_load_state("networkidle")
    assert [f for f in failed if not f.endswith(missing)] == [], "; ".join(failed)
    assert page.locator("html").get_attribute("data-theme") == "dark"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
    violations = axe_violations(page)
    counts = Counter(v["impact"] for v in violations)
    record("bog, mørkt tema", f"404.html under {site.prefix}", counts, len(page.blocked))
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(f"{v['impact']}: {v['id']} ({v['help']})" for v in blocking)


# -- what a host and a search engine read --------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_sitemap_lists_every_page_at_the_published_address(site):
    answer = fetch(site.url("sitemap.xml"))
    assert answer.status == 200
    locations = [
        loc.text.strip() for loc in ElementTree.fromstring(answer.body).iter(f"{SITEMAP}loc")
    ]
    assert locations, "sitemap.xml names no page"
    elsewhere = [loc for loc in locations if not loc.startswith(site.address)]
    assert not elsewhere, f"not under {site.address}: {elsewhere}"
    for location in locations:
        page = fetch(site.url(location[len(site.address) :]))
        assert page.status == 200 and page.content_type.startswith("text/html"), location
    missing = [p.name for p in toc_pages() if f"{site.address}{p.name}.html" not in set(locations)]
    assert not missing, f"pages of _toc.yml missing from sitemap.xml: {missing}"
    generated = [
        loc
        for loc in locations
        if loc.removeprefix(site.address) in {"404.html", "search.html", "genindex.html"}
    ]
    assert not generated, f"pages with nothing to find in sitemap.xml: {generated}"


def test_github_pages_keeps_the_underscore_folders(book_html):
    # Without .nojekyll, GitHub Pages runs Jekyll, which drops _static and _downloads.
    assert (book_html / ".nojekyll").is_file()


HASHED_DOWNLOAD = re.compile(r"/_downloads/[0-9a-f]{32}/")


@pytest.mark.parametrize("pdf", ["lises-kursus.pdf", "lises-handouts.pdf"])
def test_the_front_page_links_the_pdfs_at_stable_names(site, crawled, pdf):
    stable = site.url(f"_downloads/{pdf}")
    named_on_front = crawled.named.get(f"{site.prefix}book/forside.html", set())
    assert stable in named_on_front and stable in crawled.links, (
        f"no link on the front page to {stable}"
    )
    hashed = sorted(url for url in crawled.checked if HASHED_DOWNLOAD.search(url))
    assert not hashed, f"PDFs in folders named by a hash (they change with the file): {hashed}"
    answer = fetch(stable)
    assert answer.status == 200
    assert answer.content_type == "application/pdf"
    assert answer.body.startswith(b"%PDF"), answer.body[:20]
