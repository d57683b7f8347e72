"""Danish spelling: hunspell with Debian's hunspell-da over what readers read.

The book is checked as built (the text of each page's article, figure alt texts and folded
answer guidance included; code and the bibliography's titles left out), the conversation excerpts
as data.  Names and terms that the dictionary lacks are in the committed word lists
``book/_ord/*.txt``; a word that is in neither fails the test, listed per page.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from course_text import REPO, toc_pages
from lises.excerpts.files import load_excerpts

WORD_LISTS = sorted((REPO / "book" / "_ord").glob("*.txt"))
PAGES = [p for p in toc_pages() if p.name != "book/litteratur"]
DROP = (
    "[lang=en], pre, code, script, style, .headerlink, div.citation, .cell_input, nav, "
    ".prev-next-area"
)


@pytest.fixture(scope="module")
def personal_dictionary(tmp_path_factory) -> Path:
    words = set()
    for path in WORD_LISTS:
        words.update(w.strip() for w in path.read_text(encoding="utf-8").splitlines())
    path = tmp_path_factory.mktemp("hunspell") / "projektord.dic"
    path.write_text("\n".join(sorted(w for w in words if w and not w.startswith("#"))) + "\n")
    return path


def unknown_words(text: str, personal: Path) -> list[str]:
    if shutil.which("hunspell") is None:
        pytest.fail("hunspell mangler: kør scripts/setup.sh --test (Debian hunspell-da)")
    result = subprocess.run(
        ["hunspell", "-d", "da_DK", "-p", str(personal), "-i", "utf-8", "-l"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    words = set(result.stdout.split())
    # The Danish dictionary lets "." belong to a word (for "bl.a.", "m.fl."), so a word at the
    # end of a sentence comes back with its full stop; ask again without it.
    retry = sorted(w.rstrip(".") for w in words if w.endswith(".") and w.rstrip("."))
    if retry:
        again = subprocess.run(
            ["hunspell", "-d", "da_DK", "-p", str(personal), "-i", "utf-8", "-l"],
            input="\n".join(retry),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        words = {w for w in words if not w.endswith(".")} | set(again)
    return sorted(words)


def page_text(html: Path) -> str:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article") or soup.body
    for node in article.select(DROP):
        node.decompose()
    alts = [tag.get("alt", "") for tag in article.find_all(["img", "object"])]
    return article.get_text(" ") + "\n" + "\n".join(alts)


def test_the_dictionary_knows_danish_and_rejects_misspellings(personal_dictionary):
    assert unknown_words("Borgeren vil gerne arbejde med dyr.", personal_dictionary) == []
    assert unknown_words("Borgeren vil gernee arbejdde.", personal_dictionary) == [
        "arbejdde",
        "gernee",
    ]


def test_word_lists_are_sorted_without_duplicates():
    for path in WORD_LISTS:
        words = [w for w in path.read_text(encoding="utf-8").splitlines() if w.strip()]
        assert words == sorted(set(words)), f"{path.name}: sortér og fjern dubletter"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_is_spelled_correctly(page, personal_dictionary, book_html):
    assert page.html.is_file(), f"{page.html} er ikke bygget"
    assert unknown_words(page_text(page.html), personal_dictionary) == [], page.name


@pytest.mark.parametrize("excerpt", load_excerpts().values(), ids=lambda e: e.id)
def test_excerpt_is_spelled_correctly(excerpt, personal_dictionary):
    texts = [excerpt.title, excerpt.setting, excerpt.summary]
    texts += [p.label for p in excerpt.participants]
    texts += [t.text for t in excerpt.turns] + [t.note for t in excerpt.turns if t.note]
    texts += [k.explanation for k in excerpt.key]
    texts += [p.prompt for p in excerpt.pauses]
    texts += [r for p in excerpt.pauses for r in p.model_replies]
    assert unknown_words("\n".join(texts), personal_dictionary) == [], excerpt.id


def _prose_strings(value) -> list[str]:
    """Every text in a data structure that reads as prose (ids and keys have no spaces)."""
    if isinstance(value, str):
        return [value] if " " in value.strip() else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _prose_strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _prose_strings(v)]
    return []


def _exercise_data():
    from lises.dilemma.files import load_cases
    from lises.potentials.files import load_sets

    return [*load_cases().values(), *load_sets().values()]


@pytest.mark.parametrize("data", _exercise_data(), ids=lambda d: d.id)
def test_exercise_data_is_spelled_correctly(data, personal_dictionary):
    text = "\n".join(_prose_strings(data.model_dump(mode="json")))
    assert unknown_words(text, personal_dictionary) == [], data.id


LABEL_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-bs-title")


def chrome_text(html: Path) -> str:
    """What the theme puts around the article: labels, buttons, navigation, footers.

    The theme's strings come from catalogues (``book/_locales/da/LC_MESSAGES/sphinx.po``) or are
    hard-coded in its templates (overridden in ``book/_templates``); either way an English string
    left over shows up here as words the Danish dictionary does not know.
    """
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    for node in soup.select("script, style, article, .bd-sidenav, .toctree-wrapper, kbd"):
        node.decompose()
    labels = [
        tag.get(attribute, "")
        for tag in soup.find_all(True)
        for attribute in LABEL_ATTRIBUTES
        if tag.get(attribute)
    ]
    return soup.body.get_text(" ") + "\n" + "\n".join(labels)


def test_the_theme_speaks_danish_on_every_page(book_html, personal_dictionary):
    pages = sorted(p for p in book_html.rglob("*.html") if "_static" not in p.parts)
    unknown = {
        str(page.relative_to(book_html)): words
        for page in pages
        if (words := unknown_words(chrome_text(page), personal_dictionary))
    }
    assert unknown_words("Skip to main content. Back to top", personal_dictionary), "finds English"
    assert len(pages) >= 10
    assert not unknown, "\n".join(f"{page}: {', '.join(words)}" for page, words in unknown.items())
