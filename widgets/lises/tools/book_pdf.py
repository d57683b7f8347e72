"""The course book as PDF: every page of the built book, printed by headless Chromium.

``python -m lises.tools.book_pdf`` is the last step of ``make book``.  It serves ``_build/html`` on
a free localhost port (every request to another host is aborted), prints each page of ``_toc.yml``
in order with the book's print stylesheet (``_static/lises-print.css``), A4, and merges the pages
with pypdf into ``_build/html/_downloads/lises-kursus.pdf``: one outline entry per page, page
numbers and the book's title in a footer, Danish document metadata.  Each facilitator handout is
also printed as its own one-page PDF, plus all handouts in one file.

The helpers above ``print_book`` are pure (toc order, file names, the footer sheet) and tested
without a browser.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag

import yaml

from lises.core import paths
from lises.core.words import slugify

REPO = paths.REPO
DOWNLOADS = "_downloads"
BOOK_PDF = "lises-kursus.pdf"
HANDOUTS_PDF = "lises-handouts.pdf"
SUMMARY_JSON = "pdf-summary.json"
HANDOUTS_PAGE = "book/vidensmaegling/handouts"
# The footer is stamped into this bottom margin; the page's own print rules do the rest.
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "18mm", "right": "18mm"}


@dataclass(frozen=True)
class TocPage:
    """One page of the book, in reading order.

    Attributes
    ----------
    docname : str
        The page's name in ``_toc.yml``, e.g. ``book/potentialer/index``.
    level : int
        Depth in the outline: 0 for the root and the parts, 1 for chapters, 2 for sections.
    part : str or None
        The caption of the part the page belongs to (None for the root).
    """

    docname: str
    level: int
    part: str | None

    @property
    def path(self) -> str:
        """The built page relative to the HTML folder (``book/x/y`` -> ``book/x/y.html``)."""
        return f"{self.docname}.html"


def toc_pages(toc: dict) -> list[TocPage]:
    """The pages of a Jupyter Book 1 ``jb-book`` toc, in reading order.

    Parameters
    ----------
    toc : dict
        ``_toc.yml`` as read by ``yaml.safe_load``: ``root``, then ``parts`` with ``chapters``,
        or ``chapters`` directly; any entry may have nested ``sections``.

    Returns
    -------
    list of TocPage
    """

    def walk(entries: list[dict], level: int, part: str | None) -> list[TocPage]:
        pages = []
        for entry in entries:
            if "file" in entry:
                pages.append(TocPage(entry["file"].removesuffix(".md"), level, part))
            pages += walk(entry.get("sections", []), level + 1, part)
        return pages

    pages = [TocPage(toc["root"], 0, None)]
    for part in toc.get("parts", []):
        pages += walk(part.get("chapters", []), 1, part.get("caption"))
    return pages + walk(toc.get("chapters", []), 1, None)


def handout_filename(heading: str) -> str:
    """The PDF file name of a handout, from its heading."""
    return f"handout-{slugify(heading)}.pdf"


def footer_sheet(title: str, count: int) -> str:
    """An HTML document of ``count`` A4 pages that hold only the footer (title, page number).

    Printed once and stamped onto the book's pages, it numbers them through the whole book
    (Chromium's own footer would restart at 1 on every printed page).
    """
    sheets = "".join(
        f'<div class="p"><div class="f"><span>{html.escape(title)}</span>'
        f"<span>Side {number} af {count}</span></div></div>"
        for number in range(1, count + 1)
    )
    return (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><style>'
        "@page{size:A4;margin:0}body{margin:0;font:8.5pt 'DejaVu Sans',sans-serif;color:#444}"
        ".p{height:296mm;position:relative;overflow:hidden}.p+.p{break-before:page}"
        ".f{position:absolute;bottom:8mm;left:18mm;right:18mm;display:flex;"
        "justify-content:space-between;border-top:0.4pt solid #999;padding-top:1.5mm}"
        f"</style></head><body>{sheets}</body></html>"
    )


def _local_links_to_pages(writer, base: str, first_page: dict[str, int]) -> int:
    """Point links to the local server at the PDF's own pages (or drop them); return how many."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    changed = 0
    for page in writer.pages:
        annots = page.get("/Annots")
        if not annots:
            continue
        kept = ArrayObject()
        for ref in annots:
            annot = ref.get_object()
            uri = str(annot.get("/A", {}).get("/URI", ""))
            if not uri.startswith(base):
                kept.append(ref)
                continue
            changed += 1
            target = urldefrag(uri)[0].removeprefix(base).lstrip("/")
            if target in first_page:
                page_ref = writer.pages[first_page[target]].indirect_reference
                annot[NameObject("/A")] = DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/GoTo"),
                        NameObject("/D"): ArrayObject([page_ref, NameObject("/Fit")]),
                    }
                )
                kept.append(ref)
        page[NameObject("/Annots")] = kept
    return changed


# Run in each page before printing: the book's print variant of the handouts page, folded
# blocks open, no ligatures in figures, fonts loaded.  Returns the page title as the reader
# sees it (with its number).
_PREPARE_PAGE = """async () => {
  document.documentElement.classList.add("lises-book-pdf");
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  // Figures are SVG documents of their own: no ligatures there either, so "ff" stays searchable.
  document.querySelectorAll("object").forEach((o) => {
    const svg = o.contentDocument?.documentElement;
    if (svg) svg.style.fontVariantLigatures = "none";
  });
  await document.fonts.ready;
  const heading = document.querySelector(".bd-article h1").cloneNode(true);
  heading.querySelectorAll(".headerlink").forEach((a) => a.remove());
  return heading.textContent.replace(/\\s+/g, " ").trim();
}"""
# Pages are printed after their load event (figures in <object> included); widget views are
# drawn by the vendored html-manager, which may finish after it.
_WIDGETS_DRAWN = """() => [
  ...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]'),
].every((s) => s.previousElementSibling?.matches(".widget-subarea:not(:empty)"))"""
# Keep only the handout with the given index in the page (-1: list the headings).
_ONE_HANDOUT = """(index) => {
  window.lisesHandouts ??= [...document.querySelectorAll(".lises-handout")].map(
    (h) => [h, h.parentNode, h.nextSibling]);
  window.lisesHandouts.forEach(([h, parent, next], i) => {
    if (i === index || index < 0) { if (!h.isConnected) parent.insertBefore(h, next); }
    else { h.remove(); }
  });
  return window.lisesHandouts.map(([h]) => h.querySelector(".rubric").textContent.trim());
}"""


def _danish(writer, title: str, author: str) -> None:
    from pypdf.generic import NameObject, TextStringObject

    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "lises.tools.book_pdf"})
    writer.root_object[NameObject("/Lang")] = TextStringObject("da")
    writer.create_viewer_preferences().display_doctitle = True


def _add_outline(writer, pages: list[TocPage], titles: list[str], first: list[int]) -> None:
    """One outline entry per page, nested as the toc is: parts, chapters, sections."""
    parts: dict[str, object] = {}
    by_level: dict[int, object] = {}
    for entry, title, number in zip(pages, titles, first, strict=True):
        parent = by_level.get(entry.level - 1)
        if entry.level == 1 and entry.part:
            if entry.part not in parts:
                parts[entry.part] = writer.add_outline_item(title=entry.part, page_number=number)
            parent = parts[entry.part]
        elif entry.level <= 1:
            parent = None
        by_level[entry.level] = writer.add_outline_item(
            title=title, page_number=number, parent=parent
        )


def print_book(html_dir: Path, out_dir: Path, toc_file: Path, config_file: Path) -> dict:
    """Print the built book and its handouts into PDF files in ``out_dir``.

    Parameters
    ----------
    html_dir : Path
        The built HTML book (``_build/html``).
    out_dir : Path
        Where the PDF files are written (the site's downloads).
    toc_file, config_file : Path
        ``_toc.yml`` (page order) and ``_config.yml`` (title, author).

    Returns
    -------
    dict
        ``html_pages`` printed, ``pages`` of the book PDF, ``files`` (name -> pages, bytes),
        ``seconds``; also written to ``pdf-summary.json`` beside ``html_dir`` (the build's
        figures for the test run's summary, not part of the published site).
    """
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    from .headless import is_local, launch
    from .serve import serve_static

    started = time.monotonic()
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    book_title, author = config["title"], config.get("author", "")
    pages = toc_pages(yaml.safe_load(toc_file.read_text(encoding="utf-8")))
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("handout-*.pdf"):  # a renamed handout leaves no stale file
        old.unlink()
    files: dict[str, dict] = {}

    def write(name: str, writer: PdfWriter) -> None:
        target = out_dir / name
        with target.open("wb") as out:
            writer.write(out)
        files[name] = {"pages": len(writer.pages), "bytes": target.stat().st_size}

    def pdf(data: bytes) -> PdfReader:
        return PdfReader(io.BytesIO(data))

    server = serve_static(html_dir, 0)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    playwright = sync_playwright().start()
    try:
        browser = launch(playwright)
        context = browser.new_context(locale="da-DK")
        context.route(
            "**/*",
            lambda route: route.continue_() if is_local(route.request.url) else route.abort(),
        )
        page = context.new_page()

        book, titles, first = PdfWriter(), [], []
        for entry in pages:
            page.goto(base + entry.path, wait_until="load")
            page.wait_for_function(_WIDGETS_DRAWN, timeout=30_000)
            titles.append(page.evaluate(_PREPARE_PAGE))
            first.append(len(book.pages))
            printed = page.pdf(format="A4", margin=MARGIN, print_background=True)
            book.append(pdf(printed), import_outline=False)
        page.set_content(footer_sheet(book_title, len(book.pages)))
        footers = pdf(page.pdf(prefer_css_page_size=True))
        if len(footers.pages) != len(book.pages):
            raise RuntimeError(f"{len(footers.pages)} sidefødder til {len(book.pages)} sider")
        for number, book_page in enumerate(book.pages):
            book_page.merge_page(footers.pages[number])
        _local_links_to_pages(book, base, {e.path: n for e, n in zip(pages, first, strict=True)})
        _add_outline(book, pages, titles, first)
        book.page_mode = "/UseOutlines"
        _danish(book, book_title, author)
        write(BOOK_PDF, book)

        page.goto(f"{base}{HANDOUTS_PAGE}.html", wait_until="load")
        headings = page.evaluate(_ONE_HANDOUT, -1)
        handouts = PdfWriter(clone_from=pdf(page.pdf(prefer_css_page_size=True)))
        _local_links_to_pages(handouts, base, {})
        _danish(handouts, f"Uddelingsark til workshoppen – {book_title}", author)
        write(HANDOUTS_PDF, handouts)
        for index, heading in enumerate(headings):
            page.evaluate(_ONE_HANDOUT, index)
            one = PdfWriter(clone_from=pdf(page.pdf(prefer_css_page_size=True)))
            _local_links_to_pages(one, base, {})
            _danish(one, heading, author)
            write(handout_filename(heading), one)
        browser.close()
    finally:
        playwright.stop()
        server.shutdown()

    summary = {
        "html_pages": len(pages),
        "pages": files[BOOK_PDF]["pages"],
        "files": files,
        "seconds": round(time.monotonic() - started, 1),
    }
    (html_dir.parent / SUMMARY_JSON).write_text(
        json.dumps(summary, indent=2) + "\n", encoding="utf-8"
    )
    # Earlier builds wrote it among the downloads, where a host would publish it.
    (out_dir / SUMMARY_JSON).unlink(missing_ok=True)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print den byggede bog som PDF.")
    parser.add_argument("--html", type=Path, default=REPO / "_build" / "html")
    parser.add_argument(
        "--out", type=Path, help="mappe til PDF-filerne (standard: HTML/_downloads)"
    )
    parser.add_argument("--toc", type=Path, default=REPO / "_toc.yml")
    parser.add_argument("--config", type=Path, default=REPO / "_config.yml")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        print(f"{args.html} indeholder ingen bygget bog: kør 'make book'.", file=sys.stderr)
        return 1
    out = args.out or args.html / DOWNLOADS
    summary = print_book(args.html, out, args.toc, args.config)
    size = summary["files"][BOOK_PDF]["bytes"] / 1e6
    print(
        f"PDF: {summary['html_pages']} sider printet, {summary['pages']} PDF-sider, "
        f"{size:.1f} MB, {summary['seconds']:.1f} s -> {out / BOOK_PDF} "
        f"(+ {len(summary['files']) - 1} handout-PDF'er)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
