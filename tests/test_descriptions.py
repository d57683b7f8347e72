"""Every page's description, and what a search engine or a shared link shows of the page.

Each page in ``_toc.yml`` carries a hand-written Danish description: in its front matter
(``description: "…"``) or, for a notebook, in the notebook's top-level metadata.
``book/_ext/lises_publishing.py`` turns it into ``<meta name="description">`` and
``og:description``; sphinxext-opengraph adds the other Open Graph fields.  The tests check the
sources (length, spelling, no two pages alike) and the built pages (the description arrives
unchanged, exactly once; the title, address and language agree with the page; no image).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from course_text import REPO, Page, toc_pages
from test_spelling import personal_dictionary, unknown_words  # noqa: F401 (a fixture)

PAGES = toc_pages()
FRONT_PAGE = "book/forside"
SHORTEST, LONGEST = 80, 160
# The theme writes "<page title> — <book title>" (an em dash); the book title itself holds an
# en dash, so the separator is matched together with the book title, never searched for alone.
SEPARATORS = (" — ", " – ")
BOOK_TITLE = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))["title"]


def front_matter(path: Path) -> dict:
    """The page's front matter: the YAML block at the very top of a MyST file, or a
    notebook's top-level metadata.  Empty if there is none."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return json.loads(text).get("metadata", {})
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        return {}
    return yaml.safe_load("\n".join(lines[1:end])) or {}


def source_description(page: Page) -> str:
    return str(front_matter(page.path).get("description") or "").strip()


def _contents(soup: BeautifulSoup, attribute: str, value: str) -> list[str]:
    return [tag.get("content", "") for tag in soup.find_all("meta", attrs={attribute: value})]


def page_title(soup: BeautifulSoup) -> str:
    """The page's own title: the ``<title>`` without the book title the theme appends."""
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    for separator in SEPARATORS:
        if title.endswith(separator + BOOK_TITLE):
            return title.removesuffix(separator + BOOK_TITLE)
    return title


def canonical(soup: BeautifulSoup) -> list[str]:
    return [link.get("href", "") for link in soup.find_all("link", rel="canonical")]


def metadata_problems(html: str, description: str, site: str, name: str) -> list[str]:
    """What is wrong with a built page's metadata, in words; empty if nothing is.

    Parameters
    ----------
    html
        The built page.
    description
        The description in the page's source.
    site
        The published address of the book (the front page's canonical link without
        ``book/forside.html``).
    name
        The page's toc name, e.g. ``book/samtalen/index``.
    """
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for attribute, value in (("name", "description"), ("property", "og:description")):
        found = _contents(soup, attribute, value)
        if len(found) != 1:
            problems.append(f'{len(found)} <meta {attribute}="{value}"> i siden, ikke én')
        elif found[0] != description:
            problems.append(f"{value} er {found[0]!r}, men kilden siger {description!r}")

    titles = _contents(soup, "property", "og:title")
    if titles != [page_title(soup)]:
        problems.append(f"og:title {titles} er ikke sidens titel {page_title(soup)!r}")

    links = canonical(soup)
    urls = _contents(soup, "property", "og:url")
    expected = f"{site}{name}.html"
    if links != [expected]:
        problems.append(f"canonical-link {links}, ventede {expected!r}")
    if urls != links:
        problems.append(f"og:url {urls} er ikke sidens canonical-link {links}")

    site_names = _contents(soup, "property", "og:site_name")
    if site_names != [BOOK_TITLE]:
        problems.append(f"og:site_name er {site_names}, ikke bogens titel {BOOK_TITLE!r}")

    locales = _contents(soup, "property", "og:locale")
    if locales != ["da_DK"]:
        problems.append(f"og:locale er {locales}, ikke ['da_DK']")

    images = [
        tag.get("property")
        for tag in soup.find_all("meta")
        if str(tag.get("property", "")).startswith("og:image")
    ]
    if images:
        problems.append(f"siden navngiver et billede: {images}")
    return problems


@pytest.fixture(scope="module")
def site(book_html) -> str:
    """The published address, as the front page states it."""
    soup = BeautifulSoup((book_html / f"{FRONT_PAGE}.html").read_text("utf-8"), "html.parser")
    links = canonical(soup)
    assert len(links) == 1, f"forsiden har {len(links)} canonical-links, ikke ét"
    suffix = f"{FRONT_PAGE}.html"
    assert links[0].endswith(suffix), (
        f"forsidens canonical-link {links[0]!r} ender ikke på {suffix}"
    )
    return links[0].removesuffix(suffix)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_source_has_a_description(page):
    description = source_description(page)
    assert description, f"{page.path.relative_to(REPO)}: ingen description i front matter"
    assert SHORTEST <= len(description) <= LONGEST, (
        f"{page.name}: beskrivelsen er {len(description)} tegn, skal være {SHORTEST}–{LONGEST}"
    )


def test_descriptions_are_unique():
    pages_by_description: dict[str, list[str]] = {}
    for page in PAGES:
        pages_by_description.setdefault(source_description(page), []).append(page.name)
    shared = {text: names for text, names in pages_by_description.items() if len(names) > 1}
    assert not shared, "\n".join(f"{', '.join(n)} deler {text!r}" for text, n in shared.items())


@pytest.mark.slow  # runs hunspell in a process of its own
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_description_is_spelled_correctly(page, personal_dictionary):  # noqa: F811
    description = source_description(page)
    assert description, f"{page.name}: ingen description at stavekontrollere"
    assert unknown_words(description, personal_dictionary) == [], page.name


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_built_page_shows_its_description(page, book_html, site):
    html = book_html / f"{page.name}.html"
    assert html.is_file(), f"{html} er ikke bygget"
    problems = metadata_problems(
        html.read_text(encoding="utf-8"), source_description(page), site, page.name
    )
    assert not problems, f"{page.name}:\n" + "\n".join(problems)


def test_the_check_notices_a_missing_or_changed_description():
    site = "https://eksempel.dk/kursus/"
    good = (
        f"<html><head><title>2. Noget &#8212; {BOOK_TITLE}</title>"
        '<meta name="description" content="Kort &amp; godt." />'
        '<meta property="og:description" content="Kort &amp; godt." />'
        '<meta property="og:title" content="2. Noget" />'
        f'<meta property="og:site_name" content="{BOOK_TITLE}" />'
        f'<meta property="og:url" content="{site}book/noget.html" />'
        f'<link rel="canonical" href="{site}book/noget.html" />'
        '<meta property="og:locale" content="da_DK" /></head><body></body></html>'
    )
    assert metadata_problems(good, "Kort & godt.", site, "book/noget") == []
    assert metadata_problems(good, "Noget andet.", site, "book/noget")
    without = good.replace('<meta name="description" content="Kort &amp; godt." />', "")
    assert metadata_problems(without, "Kort & godt.", site, "book/noget")
    twice = good.replace("</head>", '<meta name="description" content="Kort &amp; godt." /></head>')
    assert metadata_problems(twice, "Kort & godt.", site, "book/noget")
    image = good.replace("</head>", '<meta property="og:image" content="x.png" /></head>')
    assert metadata_problems(image, "Kort & godt.", site, "book/noget")
    elsewhere = good.replace(f'content="{site}book/noget.html"', 'content="https://andet.dk/"')
    assert metadata_problems(elsewhere, "Kort & godt.", site, "book/noget")


def test_front_matter_is_read_only_from_the_top(tmp_path):
    top = tmp_path / "top.md"
    top.write_text('---\ndescription: "Øverst."\n---\n# Titel\n', encoding="utf-8")
    late = tmp_path / "late.md"
    late.write_text('# Titel\n\n---\ndescription: "Nede i teksten."\n---\n', encoding="utf-8")
    assert front_matter(top) == {"description": "Øverst."}
    assert front_matter(late) == {}
