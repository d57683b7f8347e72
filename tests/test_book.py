"""The built book: configuration, language and privacy (no third-party resources)."""

from __future__ import annotations

import re
from html import escape
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
    assert len(with_check) >= 5


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


# -- what a reader sees: numbers, Danish buttons, the guide's links, plain feedback -----------


def _nav_numbers(book_html: Path) -> dict[str, str]:
    """The left navigation of the front page: each page's path and its shown number."""
    html = (book_html / "book" / "forside.html").read_text(encoding="utf-8")
    nav = html[html.index("bd-docs-nav") :]
    return {
        href: number
        for href, number in re.findall(
            r'<a class="reference internal" href="([^"#]+)">(\d+(?:\.\d+)*)\. ', nav
        )
    }


def test_a_chapters_pages_are_numbered_from_one_within_it(book_html):
    """3.1 Potentiale 1, 6.1 Facilitatorguide: not 3.10 and 6.9 after the chapter's headings."""
    numbers = _nav_numbers(book_html)
    assert numbers["potentialer/potentiale-1.html"] == "3.1"
    assert numbers["potentialer/potentiale-5.html"] == "3.5"
    assert numbers["vidensmaegling/facilitatorguide.html"] == "6.1"
    assert numbers["vidensmaegling/laan-et-oere.html"] == "6.2"
    assert numbers["velkommen/vejviser.html"] == "1.1"
    assert len(set(numbers.values())) == len(numbers), "two pages share a number"
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc["parts"]:
        for chapter in part["chapters"]:
            for position, section in enumerate(chapter.get("sections", ()), start=1):
                href = section["file"].removeprefix("book/") + ".html"
                chapter_number = numbers[chapter["file"].removeprefix("book/") + ".html"]
                assert numbers[href] == f"{chapter_number}.{position}", href


def _headings(book_html: Path, docname: str) -> list[str]:
    html = (book_html / f"{docname}.html").read_text(encoding="utf-8")
    article = html[html.index('<article class="bd-article"') :]
    return [
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r"<h[123]>(.*?)<a class=\"headerlink\"", article, flags=re.S)
    ]


def test_headings_carry_the_same_numbers_as_the_navigation(book_html):
    page = _headings(book_html, "book/potentialer/potentiale-1")
    assert page[0].startswith("3.1. Potentiale 1"), page[0]
    assert page[1].startswith("3.1.1. "), page[1]
    # A chapter page with sub-pages: its own headings are unnumbered (its sub-pages are 3.1 …)
    chapter = _headings(book_html, "book/potentialer/index")
    assert chapter[0].startswith("3. De fem potentialer")
    assert all(not re.match(r"\d", h) for h in chapter[1:]), chapter
    # A chapter without sub-pages keeps its numbered headings
    assert _headings(book_html, "book/projektet/index")[1].startswith("2.1. ")


def test_fold_out_answers_say_danish(book_html):
    """sphinx-togglebutton's hint ("Click to show") is Danish on every page that folds."""
    folding = 0
    for page in _pages(book_html):
        html = page.read_text(encoding="utf-8")
        assert "Click to" not in html, page.relative_to(book_html)
        if "toggleHintShow" in html:
            folding += 1
            assert "let toggleHintShow = 'Klik for at vise';" in html
            assert "let toggleHintHide = 'Klik for at skjule';" in html
    assert folding >= 5


def test_the_guide_links_each_tab_to_its_exercises(book_html):
    """Every tab of the guide links to exercises: the book's self-checks (which exist in the
    build) and the Voilà pages of the registry, at the address make serve uses."""
    from lises.core import exercises
    from lises.ui.guide import LINKS, PATHS, VOILA

    serve = (REPO / "widgets" / "lises" / "tools" / "serve.py").read_text(encoding="utf-8")
    port = re.search(r'"--voila-port", type=int, default=(\d+)', serve)[1]
    assert f"http://localhost:{port}/" == VOILA
    html = (book_html / "book" / "velkommen" / "vejviser.html").read_text(encoding="utf-8")
    assert len(LINKS) == len(PATHS)
    names = {kind.name for kind in exercises.KINDS}
    linked = set()
    for links in LINKS:
        assert links, "a tab without exercises"
        for text, href in links:
            assert escape(href) in html.replace("\\/", "/"), href  # in the page's widget state
            if href.startswith(VOILA):
                name = href.removeprefix(f"{VOILA}voila/render/").removesuffix(".ipynb")
                assert name in names or href == VOILA, href
                linked.add(name)
            else:
                target = book_html / "book" / "velkommen" / href
                assert target.resolve().is_file(), f"{text}: {href} findes ikke"
    assert names <= linked, f"no tab links to {names - linked}"


def test_feedback_leads_with_plain_words_and_no_verdict_contradicts_its_mark():
    """The summary's plain words come before the figures (folded); for every course excerpt
    and every code a learner can give a citizen turn, ✓ and ✗ agree with the words after them
    (the old "✗ Ramt": found, yet marked wrong)."""
    from lises.excerpts import feedback
    from lises.excerpts.files import load_excerpts
    from lises.excerpts.responses import CODES
    from lises.excerpts.scoring import TurnScore, key_codes, outcome

    template = feedback.SUMMARY_TEMPLATE
    figures = template.index("<details")
    for plain in ("{hits} af {present}", "overså", "Hvorfor"):
        assert template.index(plain) < figures, plain
    for figure in ("{f1}", "{agreement}", "{kappa_text}"):
        assert template.index(figure) > figures, figure
    seen = set()
    for excerpt in load_excerpts().values():
        key = key_codes(excerpt)
        for n in excerpt.citizen_turns:
            for code in (*CODES, "markeret"):
                item = feedback.turn_feedback_item(
                    excerpt, n, TurnScore(n, key[n], code, outcome(key[n], code))
                )
                verdict = re.search(r'class="lises-verdict"><span[^>]*>(.)</span> ([^.]*)', item)
                mark, words = verdict[1], verdict[2]
                seen.add((mark, words))
                assert "Ramt" not in item
                if mark == "✓":
                    assert not any(w in words for w in ("Overset", "men ", "anderledes")), words
                else:
                    assert not words.startswith(("Fundet, og", "Rigtigt")), words
    assert {mark for mark, _ in seen} == {"✓", "✗"}


# -- a self-check in every chapter of Forskningen and Praksis ---------------------------------

SELF_CHECK = re.compile(
    r'<div class="lises-selvtest" data-kind="([a-z]+)".*?'
    r'<div class="lises-selvtest-print">(.*?)</div>.*?'
    r'<script type="text/plain" class="lises-selvtest-data">([^<]*)</script>',
    re.S,
)


def _self_checks(book_html: Path, docname: str) -> list[tuple[str, str, dict]]:
    """(kind, printed block, payload) of each self-check on a built page."""
    from lises.book.selfcheck import decode

    html = (book_html / f"{docname}.html").read_text(encoding="utf-8")
    return [(kind, printed, decode(data)) for kind, printed, data in SELF_CHECK.findall(html)]


def _research_and_practice_chapters() -> list[str]:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    return [
        chapter["file"]
        for part in toc["parts"]
        if part["caption"] in ("Forskningen", "Praksis")
        for chapter in part["chapters"]
    ]


def test_every_chapter_of_forskningen_and_praksis_has_one_self_check(book_html):
    chapters = _research_and_practice_chapters()
    assert len(chapters) == 5
    kinds = {}
    for docname in chapters:
        found = _self_checks(book_html, docname)
        assert len(found) == 1, f"{docname}: {len(found)} selvtests"
        kinds[docname.split("/")[1]] = found[0][0]
    assert kinds == {
        "projektet": "forstaaelse",
        "potentialer": "potentialer",
        "dilemmaer": "dilemma",
        "samtalen": "gribning",
        "vidensmaegling": "forstaaelse",
    }


def test_the_dilemma_self_check_names_and_links_the_voila_exercise_and_its_cases(book_html):
    from lises.dilemma.files import load_cases
    from lises.ui.guide import VOILA

    ((kind, printed, payload),) = _self_checks(book_html, "book/dilemmaer/index")
    assert kind == "dilemma"
    cases = load_cases()
    href = f"{VOILA}voila/render/dilemma.ipynb"
    assert f'<a href="{href}">Dilemmaer</a>' in payload["voila"]
    for case in cases.values():  # every case the Voilà exercise offers, by title
        assert escape(case.title) in payload["voila"]
    in_page = [c["id"] for c in payload["cases"]]
    assert len(in_page) == 3 and set(in_page) < set(cases)
    # on paper: where to do it (the Voilà exercise by name) and the cases to weigh
    assert "»Dilemmaer« blandt kursets øvelser i Voilà" in printed
    for case_id in in_page:
        assert escape(cases[case_id].title) in printed


def test_the_understanding_self_checks_print_their_questions_without_the_key(book_html):
    from lises.quizzes.files import load_quizzes

    quizzes = load_quizzes()
    for docname, quiz_id in (
        ("book/projektet/index", "projektet"),
        ("book/vidensmaegling/index", "vidensmaegling"),
    ):
        ((kind, printed, payload),) = _self_checks(book_html, docname)
        assert kind == "forstaaelse" and payload["id"] == quiz_id
        assert "på denne side i bogens netudgave" in printed
        assert "Voilà" not in printed  # there is no Voilà version of these
        for item in quizzes[quiz_id].items:
            assert escape(item.question) in printed
            for option in item.options:
                assert escape(option.text) in printed
                assert escape(option.feedback) not in printed
