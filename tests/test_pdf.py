"""The book as PDF (``lises.tools.book_pdf``, run by ``make book``) and the print stylesheet.

The helpers are tested without a browser; the PDF files are read with pypdf from the build;
one browser test checks what the print stylesheet does to a chapter page.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import REPO
from lises.tools.book_pdf import (
    BOOK_PDF,
    DOWNLOADS,
    HANDOUTS_PAGE,
    HANDOUTS_PDF,
    SUMMARY_JSON,
    footer_sheet,
    handout_filename,
    slugify,
    toc_pages,
)

TOC = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
CONFIG = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
A4 = (595.3, 841.9)  # points


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _soup(book_html, docname: str) -> BeautifulSoup:
    return BeautifulSoup((book_html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def _title(book_html, docname: str) -> str:
    heading = _soup(book_html, docname).select_one(".bd-article h1")
    for link in heading.select(".headerlink"):
        link.decompose()
    return _words(heading.get_text())


@pytest.fixture(scope="module")
def downloads(book_html):
    folder = book_html / DOWNLOADS
    if not (folder / BOOK_PDF).is_file():
        pytest.fail(f"{folder / BOOK_PDF} mangler: 'make book' printer bogen som PDF.")
    return folder


@pytest.fixture(scope="module")
def book(downloads) -> PdfReader:
    return PdfReader(downloads / BOOK_PDF)


@pytest.fixture(scope="module")
def book_text(book) -> list[str]:
    return [page.extract_text() for page in book.pages]


@pytest.fixture(scope="module")
def handout_headings(book_html) -> list[str]:
    soup = _soup(book_html, HANDOUTS_PAGE)
    return [_words(rubric.get_text()) for rubric in soup.select(".lises-handout .rubric")]


# The helpers --------------------------------------------------------------------------------


def test_toc_order_is_root_then_parts_chapters_and_sections():
    pages = toc_pages(TOC)
    assert pages[0].docname == TOC["root"] and pages[0].level == 0
    assert [p.docname for p in pages[1:3]] == ["book/velkommen/index", "book/velkommen/vejviser"]
    assert [p.level for p in pages[1:3]] == [1, 2]
    assert pages[1].part == "Introduktion" and pages[-1].part == "Opslag"
    assert pages[-1].path == "book/litteratur.html"
    files = re.findall(r"file: (\S+)", (REPO / "_toc.yml").read_text(encoding="utf-8"))
    assert len({p.docname for p in pages}) == len(pages) == len(files) + 1  # and the root


def test_toc_without_parts_and_with_nested_sections():
    toc = {
        "root": "intro",
        "chapters": [{"file": "a.md", "sections": [{"file": "a/b", "sections": [{"file": "c"}]}]}],
    }
    assert [(p.docname, p.level, p.part) for p in toc_pages(toc)] == [
        ("intro", 0, None),
        ("a", 1, None),
        ("a/b", 2, None),
        ("c", 3, None),
    ]


def test_file_names_are_ascii_slugs_of_the_headings():
    assert slugify('De tre mønstre til "Lån et øre"') == "de-tre-moenstre-til-laan-et-oere"
    assert slugify("Æbler – og »Café«") == "aebler-og-cafe"
    assert handout_filename("Dagsorden for workshoppen") == "handout-dagsorden-for-workshoppen.pdf"


def test_footer_sheet_numbers_every_page_and_escapes_the_title():
    sheet = footer_sheet("A & B", 3)
    assert sheet.count('class="p"') == 3
    assert "Side 3 af 3" in sheet and "A &amp; B" in sheet


# The whole book -----------------------------------------------------------------------------


def test_every_toc_page_is_printed_in_toc_order(book_html, book, book_text):
    pages = toc_pages(TOC)
    assert len(book.pages) >= len(pages)
    text, position = _words(" ".join(book_text)), 0
    for entry in pages:
        title = _title(book_html, entry.docname)
        found = text.find(title, position)
        assert found >= 0, f"'{title}' ({entry.docname}) mangler eller står i forkert rækkefølge"
        position = found + len(title)


def test_outline_has_the_parts_and_one_entry_per_page_at_its_first_page(book_html, book, book_text):
    entries = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((item.title, depth, book.get_destination_page_number(item)))

    walk(book.outline, 0)
    captions = [part["caption"] for part in TOC["parts"]]
    assert [t for t, depth, _ in entries if depth == 0][1:] == captions
    pages = [(t, n) for t, depth, n in entries if t not in captions or depth > 0]
    assert [t for t, _ in pages] == [_title(book_html, e.docname) for e in toc_pages(TOC)]
    numbers = [n for _, n in pages]
    assert numbers == sorted(numbers) and numbers[0] == 0
    for title, number in pages:
        assert title in _words(book_text[number]), f"'{title}' står ikke på side {number + 1}"


def test_danish_text_survives_extraction(book_text):
    text = "\n".join(book_text)
    for word in ("beskæftigelsesindsatsen", "Gribning", "Øvelse", "Lån et øre", "–", "»"):
        assert word in text, word
    assert "\ufb02" not in text and "\ufb01" not in text, "ligaturer: 'fl'/'fi' kan ikke søges"


def test_metadata_title_language_and_footer(book, book_text):
    assert book.metadata.title == CONFIG["title"]
    assert book.trailer["/Root"]["/Lang"] == "da"
    count = len(book.pages)
    for number, text in enumerate(book_text, start=1):
        assert f"Side {number} af {count}" in text.splitlines()[-1], f"sidefod på side {number}"
        assert CONFIG["title"] in text


def test_figures_are_printed_whole_on_one_page(book_html, book_text):
    # Graphviz draws node labels as SVG text: all of a figure's labels on one PDF page means
    # the figure is printed, and not split across pages.
    figures = 0
    for entry in toc_pages(TOC):
        for obj in _soup(book_html, entry.docname).select("object.graphviz"):
            svg = (book_html / PurePosixPath(entry.docname).parent / obj["data"]).resolve()
            texts = ET.parse(svg).iter("{http://www.w3.org/2000/svg}text")
            labels = [_words(text.text) for text in texts if text.text and text.text.strip()]
            assert any(all(label in _words(t) for label in labels) for t in book_text), svg.name
            figures += 1
    assert figures >= 5


def test_folded_answer_guidance_is_printed_open(book_html, book_text):
    text = _words(" ".join(book_text))
    solutions = 0
    for entry in toc_pages(TOC):
        for solution in _soup(book_html, entry.docname).select(".solution.dropdown"):
            first_words = " ".join(
                _words(solution.select_one("p:not(.admonition-title)").text).split()[:8]
            )
            assert first_words in text, f"{entry.docname}: '{first_words}' er ikke printet"
            solutions += 1
    assert solutions >= 20


def test_no_site_chrome_and_no_links_to_the_local_server(book, book_text):
    for number, text in enumerate(book_text, start=1):
        lines = {line.strip() for line in text.splitlines()}
        assert not lines & {"Indhold", "forrige", "næste", "Søg", "Ctrl+K"}, number
        assert "Søg i kurset" not in text and "Color mode" not in text, number
    for page in book.pages:
        for annotation in page.get("/Annots") or []:
            uri = str(annotation.get_object().get("/A", {}).get("/URI", ""))
            assert "127.0.0.1" not in uri and "localhost" not in uri, uri


def test_summary_records_pages_and_files(book_html, downloads, book):
    # Beside the site, not in it: a host publishes everything under _build/html.
    assert not (downloads / SUMMARY_JSON).exists()
    summary = json.loads((book_html.parent / SUMMARY_JSON).read_text(encoding="utf-8"))
    assert summary["pages"] == len(book.pages)
    assert summary["html_pages"] == len(toc_pages(TOC))
    for name, facts in summary["files"].items():
        assert (downloads / name).stat().st_size == facts["bytes"], name


def test_pdf_is_made_after_the_html(book_html, downloads):
    assert (downloads / BOOK_PDF).stat().st_mtime >= (
        book_html / "book/forside.html"
    ).stat().st_mtime


# The handouts -------------------------------------------------------------------------------


def test_each_handout_is_one_a4_page_with_its_heading(downloads, handout_headings):
    assert len(handout_headings) >= 4
    for heading in handout_headings:
        pdf = PdfReader(downloads / handout_filename(heading))
        assert len(pdf.pages) == 1, heading
        box = pdf.pages[0].mediabox
        assert float(box.width) == pytest.approx(A4[0], abs=2)
        assert float(box.height) == pytest.approx(A4[1], abs=2)
        assert heading in _words(pdf.pages[0].extract_text()), heading
        assert pdf.metadata.title == heading
    combined = PdfReader(downloads / HANDOUTS_PDF)
    assert len(combined.pages) == len(handout_headings)


def test_book_links_to_every_pdf_and_the_links_resolve(book_html, downloads, handout_headings):
    linked = set()
    for docname in ("book/forside", HANDOUTS_PAGE):
        for link in _soup(book_html, docname).select('a[href$=".pdf"]'):
            target = (book_html / PurePosixPath(docname).parent / link["href"]).resolve()
            assert target.is_file(), f"{docname}: {link['href']} findes ikke"
            assert target.parent == downloads.resolve()
            linked.add(target.name)
    expected = {BOOK_PDF, HANDOUTS_PDF} | {handout_filename(h) for h in handout_headings}
    assert linked == expected


# The print stylesheet in a browser ----------------------------------------------------------


@pytest.mark.browser
def test_a_chapter_prints_its_content_only_with_answers_open(page, book_server):
    page.goto(f"{book_server}/book/potentialer/index.html")
    page.emulate_media(media="print")
    chrome = page.evaluate(
        """() => [".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary",
                  ".prev-next-area", "#jb-print-docs-body", ".search-button-field"]
          .flatMap((s) => [...document.querySelectorAll(s)])
          .filter((e) => e.offsetParent !== null).map((e) => e.className)"""
    )
    assert chrome == []
    answers = page.locator(".solution.dropdown section")
    assert answers.count() >= 3
    for index in range(answers.count()):
        box = answers.nth(index).bounding_box()
        assert box and box["height"] > 20, "svarvejledningen er foldet på papir"
    assert page.locator(".bd-article h1").first.is_visible()
    figure = page.locator("div.graphviz").first
    assert figure.evaluate("(e) => getComputedStyle(e).breakInside") == "avoid"
    assert page.blocked == []
