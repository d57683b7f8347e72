"""The built book: configuration, language and privacy (no third-party resources)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import REPO, is_local

# Tags and attributes that make a browser load something: scripts, styles, fonts, frames, media.
RESOURCE_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
}
# <link rel=...> values that only name a page (navigation), not a resource the browser fetches.
NAVIGATION_RELS = {"canonical", "next", "prev", "index", "search", "author", "license", "help"}


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "link" and NAVIGATION_RELS & set((values.get("rel") or "").split()):
            return
        for attr in RESOURCE_ATTRS.get(tag, ()):
            value = values.get(attr)
            if value:
                for candidate in value.split(","):
                    self.urls.append((tag, candidate.strip().split(" ")[0]))
        style = values.get("style") or ""
        if "url(" in style:
            self.urls.append((tag, style))


def _pages(book_html: Path) -> list[Path]:
    """Every built page (the theme's template fragments in _static are not pages)."""
    return sorted(p for p in book_html.rglob("*.html") if "_static" not in p.parts)


def _is_external(url: str) -> bool:
    return url.startswith(("http://", "https://", "//")) and not is_local(url)


def test_toc_is_jb_book_with_captioned_numbered_parts():
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    assert toc["format"] == "jb-book"
    assert toc["parts"], "the toc has parts"
    for part in toc["parts"]:
        assert part.get("caption"), f"part without caption: {part}"
        assert "numbered" in part
    assert any(part["numbered"] for part in toc["parts"])


def test_config_danish_toc_only_and_fresh_execution():
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    assert config["only_build_toc_files"] is True
    assert config["sphinx"]["config"]["language"] == "da"
    assert config["execute"]["execute_notebooks"] == "force"
    widget_js = config["sphinx"]["config"]["nb_ipywidgets_js"]
    assert all(not _is_external(url) and not url.startswith("http") for url in widget_js)


def test_every_page_is_danish(book_html):
    for page in _pages(book_html):
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.lang == "da", f"{page.relative_to(book_html)}: lang={parser.lang!r}"


def test_no_page_loads_anything_from_another_host(book_html):
    offenders = []
    pages = _pages(book_html)
    for page in pages:
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        offenders += [
            f"{page.relative_to(book_html)}: <{tag}> {url}"
            for tag, url in parser.urls
            if _is_external(url) or ("url(" in url and "http" in url)
        ]
    assert len(pages) >= 4
    assert not offenders, "third-party resources:\n" + "\n".join(offenders)


def test_no_stylesheet_loads_fonts_from_another_host(book_html):
    offenders = []
    for css in book_html.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for marker in ("@import url(http", "url(http", 'url("http', "url('http", "url(//"):
            if marker in text:
                offenders.append(f"{css.relative_to(book_html)}: {marker}")
    assert not offenders, "\n".join(offenders)


def test_widget_javascript_is_served_from_the_build(book_html):
    page = (book_html / "book" / "velkommen" / "vejviser.html").read_text(encoding="utf-8")
    assert "_static/lises-widgets/embed.js" in page
    assert (book_html / "_static" / "lises-widgets" / "embed.js").stat().st_size > 100_000
    assert "application/vnd.jupyter.widget-state+json" in page


def test_every_local_extension_is_listed_in_the_config():
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    listed = set(config["sphinx"]["local_extensions"])
    modules = {path.stem for path in (REPO / "book" / "_ext").glob("*.py")}
    assert listed == modules
    assert not list((REPO / "_static").rglob("*.js")), "a .js in _static/ is put on every page"


def test_self_check_script_is_only_on_pages_with_a_self_check(book_html):
    script = book_html / "_static" / "lises-selvtest.js"
    assert script.read_bytes() == (REPO / "book" / "_ext" / "static" / script.name).read_bytes()
    with_check = []
    for page in _pages(book_html):
        html = page.read_text(encoding="utf-8")
        has_check = 'class="lises-selvtest"' in html
        assert ("lises-selvtest.js" in html) == has_check, page.relative_to(book_html)
        with_check += [page] if has_check else []
    assert len(with_check) >= 2


@pytest.mark.parametrize("source", ["book/velkommen/index.md", "book/forside.md"])
def test_content_pages_are_in_the_build(book_html, source):
    built = book_html / Path(source).with_suffix(".html")
    assert built.is_file(), f"{source} was not built"


def test_every_figure_has_a_danish_text_alternative(book_html):
    figures = 0
    for page in _pages(book_html):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<object [^>]*class="graphviz"[^>]*>', html):
            figures += 1
            tag = match.group(0)
            assert 'role="img"' in tag, page.name
            label = re.search(r'aria-label="([^"]{20,})"', tag)
            assert label, f"{page.name}: figur uden tekstalternativ"
    assert figures >= 5  # the five potentials, four dimensions, rationales, FLIP, approach
