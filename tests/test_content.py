"""Course text quality gates: every page in the toc, every chapter complete, no placeholders,
no English sentences, every glossary term used."""

from __future__ import annotations

import re

import pytest
import yaml

from course_text import GENERATED, REPO, chapters, prose, sentences, toc_pages

PAGES = toc_pages()
CHAPTERS = chapters()
TEXT_PAGES = [p for p in PAGES if p.name not in GENERATED]
NOT_PAGES = {"_ext", "_data", "_facts", "_ord", "_locales", "_static"}

PLACEHOLDERS = re.compile(
    r"\b(TODO|FIXME|TBD|XXX|lorem|ipsum)\b|kommer senere|under udarbejdelse|skrives senere"
    r"|indsæt (her|tekst)|placeholder",
    re.I,
)
# Function words that exist only in English ("at", "for", "to", "and", "have"… are also Danish).
ENGLISH = set(
    [
        "the",
        "of",
        "is",
        "are",
        "was",
        "were",
        "with",
        "that",
        "this",
        "these",
        "those",
        "which",
        "from",
        "would",
        "their",
        "they",
        "we",
        "you",
        "your",
        "our",
        "what",
        "how",
        "when",
        "where",
        "it",
        "its",
        "by",
        "an",
        "or",
        "on",
        "not",
        "has",
        "will",
        "can",
        "should",
        "could",
        "been",
        "being",
        "than",
        "there",
        "who",
    ]
)
DANISH = set(
    [
        "og",
        "at",
        "det",
        "er",
        "en",
        "et",
        "den",
        "til",
        "på",
        "med",
        "som",
        "af",
        "for",
        "ikke",
        "der",
        "de",
        "har",
        "om",
        "i",
        "sig",
        "kan",
        "vi",
        "du",
        "man",
        "jeg",
        "hun",
        "han",
        "eller",
        "men",
        "når",
        "så",
        "skal",
        "være",
        "blev",
        "bliver",
    ]
)


def english_sentences(text: str) -> list[str]:
    """Sentences that read as English: at least three English-only function words, and more of
    them than Danish ones.  Names and English terms in a Danish sentence do not count."""
    found = []
    for sentence in sentences(text):
        words = re.findall(r"[a-zæøå]+", sentence.lower())
        english = sum(w in ENGLISH for w in words)
        danish = sum(w in DANISH for w in words)
        if english >= 3 and english > danish:
            found.append(sentence)
    return found


def test_the_english_detector_tells_the_languages_apart():
    assert english_sentences("This is what the caseworker would say to the citizen.") != []
    assert (
        english_sentences(
            "Borgeren siger noget, der er vigtigt for hende, og sagsbehandleren griber det."
        )
        == []
    )
    # An English title or term inside a Danish sentence is allowed.
    assert (
        english_sentences(
            "Projektet hed LISES – Local Innovation in Social and Employment Services – og det "
            "byggede på cooperative knowledge production (CKP)."
        )
        == []
    )


def test_every_toc_page_exists():
    missing = [p.name for p in PAGES if not p.path.is_file()]
    assert missing == []


def test_no_page_outside_the_toc():
    listed = {p.path.resolve() for p in PAGES}
    pages = [
        path
        for path in (REPO / "book").rglob("*")
        if path.suffix in {".md", ".ipynb"}
        and not NOT_PAGES & set(path.relative_to(REPO / "book").parts)
        and ".ipynb_checkpoints" not in path.parts
    ]
    outside = [str(p.relative_to(REPO)) for p in pages if p.resolve() not in listed]
    assert outside == [], "sider uden for _toc.yml"


@pytest.mark.parametrize("page", TEXT_PAGES, ids=lambda p: p.name)
def test_no_placeholders(page):
    hits = [m.group(0) for m in PLACEHOLDERS.finditer(page.source())]
    assert hits == [], f"{page.name}: pladsholdere {hits}"


@pytest.mark.parametrize("page", TEXT_PAGES, ids=lambda p: p.name)
def test_no_english_sentences(page):
    assert english_sentences(prose(page.source())) == [], page.name


def test_no_english_sentences_in_the_glossary():
    entries = yaml.safe_load((REPO / "book" / "_data" / "ordliste.yaml").read_text("utf-8"))
    found = [(e["term"], s) for e in entries for s in english_sentences(prose(e["definition"]))]
    assert found == []


def _chapter_sources(chapter) -> str:
    return "\n".join(p.source() for p in PAGES if p.chapter == chapter.name)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_opens_with_learning_goals(chapter):
    source = chapter.source()
    goals = source.find(":::{admonition} Læringsmål")
    first_section = source.find("\n## ")
    assert goals != -1, f"{chapter.name}: ingen læringsmål"
    assert first_section == -1 or goals < first_section, "læringsmålene skal stå øverst"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_ends_with_a_summary(chapter):
    headings = re.findall(r"^## (.+)$", chapter.source(), flags=re.M)
    assert "Opsummering" in headings, f"{chapter.name}: ingen opsummering"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_cites_its_sources(chapter):
    citations = re.findall(r"\{cite(?::[pt]s?)?\}`[^`]+`", _chapter_sources(chapter))
    assert len(citations) >= 3, f"{chapter.name}: for få kildehenvisninger"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_has_reflection_questions_with_folded_guidance(chapter):
    source = _chapter_sources(chapter)
    exercises = re.findall(r"^:{3,}\{exercise\}", source, flags=re.M)
    solutions = re.findall(r"^:{3,}\{solution\}[^\n]*\n(?::[\w-]+:[^\n]*\n)*", source, flags=re.M)
    assert exercises, f"{chapter.name}: ingen refleksionsspørgsmål"
    assert len(solutions) >= len(exercises), "hvert spørgsmål skal have en svarvejledning"
    assert all(":class: dropdown" in s for s in solutions), "vejledningen skal være foldet"


def test_every_glossary_term_is_linked_from_the_text():
    entries = yaml.safe_load((REPO / "book" / "_data" / "ordliste.yaml").read_text("utf-8"))
    text = "\n".join(p.source() for p in TEXT_PAGES)
    linked = {m.lower() for m in re.findall(r"\{term\}`(?:[^`<]*<)?([^`<>]+?)>?`", text)}
    unlinked = [e["term"] for e in entries if e["term"].lower() not in linked]
    assert unlinked == [], "termer i ordlisten, som ingen side linker til"
