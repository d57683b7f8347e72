"""Numbers and names in the book match the sources.

Every chapter keeps a facts file (``book/_facts/<chapter>.yaml``): what a page states, which
source states it, and a verbatim snippet of that source as evidence.  The tests check the page
really says it, the numbers agree with the evidence, the evidence really is in the source, and
no number in a page's prose is left unregistered.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints

from course_text import GENERATED, REPO, SEEDS, normalise, prose, toc_pages

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
SOURCE_FILES = {
    "000": "000_a96db62417777ba7.txt",
    "001": "001_4b2d23b026363832.txt",
    "002": "002_fb2b6eb47ed1c0bb.txt",
    "003": "003_765888f0f849b423.txt",
    "004": "004_e6a2aea5228189b0.txt",
}
# Internal cross-references ("kapitel 6", "afsnit 3.2") are not claims about the world.
CROSS_REFERENCE = re.compile(
    r"\b(kapitel|kapitlerne|afsnit|figur|øvelse|trin|spørgsmål)\s+\d+(\.\d+)*", re.I
)


class Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    side: Text
    udsagn: Text
    kilde: Literal["000", "001", "002", "003", "004", "kursus"]
    belaeg: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]


def load_facts() -> list[tuple[str, Fact]]:
    facts = []
    for path in sorted((REPO / "book" / "_facts").glob("*.yaml")):
        for index, item in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            facts.append((f"{path.name}#{index + 1}", Fact.model_validate(item)))
    return facts


FACTS = load_facts()
PAGES = {p.name: p for p in toc_pages()}


def numbers(text: str) -> list[str]:
    # Dates written d/m/yy in the sources (1/3/16) count with their full year (2016).
    text = re.sub(r"\b(\d{1,2})/(\d{1,2})/(\d{2})\b", r"\1/\2/20\3", text)
    return re.findall(r"\d+", text)


def seed_text(kilde: str) -> str:
    # Hyphenation debris ("menings- ytringer") and line breaks vary; compare without them.
    raw = (SEEDS / SOURCE_FILES[kilde]).read_text(encoding="utf-8")
    return normalise(raw)


def test_facts_files_exist_for_every_chapter():
    chapter_dirs = {p.name.split("/")[1] for p in PAGES.values() if p.name.count("/") == 2}
    files = {path.stem for path in (REPO / "book" / "_facts").glob("*.yaml")}
    assert chapter_dirs - files == set()


@pytest.mark.parametrize(("where", "fact"), FACTS, ids=[w for w, _ in FACTS])
def test_fact_is_stated_on_its_page(where, fact):
    page = PAGES.get(fact.side.removesuffix(".md").removesuffix(".ipynb"))
    assert page is not None, f"{where}: ukendt side {fact.side}"
    assert normalise(fact.udsagn) in normalise(page.source()), f"{where}: står ikke på siden"


@pytest.mark.parametrize(("where", "fact"), FACTS, ids=[w for w, _ in FACTS])
def test_numbers_agree_with_the_evidence(where, fact):
    if fact.kilde == "kursus":
        return
    missing = [n for n in numbers(fact.udsagn) if n not in numbers(fact.belaeg)]
    assert missing == [], f"{where}: tallene {missing} står ikke i belægget"


@pytest.mark.parametrize(
    ("where", "fact"),
    [(w, f) for w, f in FACTS if f.kilde != "kursus"],
    ids=[w for w, f in FACTS if f.kilde != "kursus"],
)
def test_evidence_is_in_the_source(where, fact):
    if not SEEDS.is_dir():
        pytest.skip(f"kildeteksterne findes ikke her ({SEEDS}); sæt LISES_SEEDS")
    assert normalise(fact.belaeg) in seed_text(fact.kilde), f"{where}: belægget står ikke i kilden"


@pytest.mark.parametrize(
    "page",
    [p for p in PAGES.values() if p.name not in GENERATED],
    ids=lambda p: p.name,
)
def test_every_number_in_the_prose_is_registered(page):
    text = CROSS_REFERENCE.sub("", prose(page.source()))
    text = re.sub(r"^\s*\d+\.\s", "", text, flags=re.M)  # numbered list markers
    registered = set()
    for _, fact in FACTS:
        if fact.side.removesuffix(".md").removesuffix(".ipynb") == page.name:
            registered.update(numbers(fact.udsagn))
    unregistered = sorted(set(numbers(text)) - registered, key=int)
    assert unregistered == [], f"{page.name}: tal uden belæg i book/_facts: {unregistered}"


def test_a_wrong_number_is_caught():
    fact = Fact(side="x", udsagn="ca. 450 deltagere", kilde="004", belaeg="omkring 400 deltagere")
    assert [n for n in numbers(fact.udsagn) if n not in numbers(fact.belaeg)] == ["450"]


def test_seed_files_are_where_the_facts_say():
    if not SEEDS.is_dir():
        pytest.skip(f"kildeteksterne findes ikke her ({SEEDS})")
    assert all((SEEDS / name).is_file() for name in SOURCE_FILES.values())
