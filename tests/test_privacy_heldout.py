"""The privacy guard on its held-out set: at least 95 % of personal items caught, no harmless
sentence blocked.

``fixtures/privacy/heldout`` was written before the guard was tuned: ``personal.yaml`` holds
citizen turns with one personal item each, ``harmless.yaml`` sentences a naive guard refuses
(a year and a capitalised word, a town and a number, names that are also words, amounts,
dates).  A refused kind (CPR, phone, e-mail, address, postcode) is caught only by a refusal that
overlaps the item; a name is caught by any finding over it, since a name blocks saving until
the broker confirms it.  A harmless sentence must give no finding at all.

Run ``python tests/test_privacy_heldout.py`` to print the figures and every miss.
"""

from __future__ import annotations

import shutil
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml

from lises.privacy.guard import Finding, Kind, Passage, check

HELDOUT = Path(__file__).parent / "fixtures" / "privacy" / "heldout"
PERSONAL = yaml.safe_load((HELDOUT / "personal.yaml").read_text(encoding="utf-8"))
HARMLESS = yaml.safe_load((HELDOUT / "harmless.yaml").read_text(encoding="utf-8"))
GOAL = 0.95
needs_hunspell = pytest.mark.skipif(
    shutil.which("hunspell") is None, reason="hunspell mangler: kør scripts/setup.sh --test"
)


def findings(texts: list[str], **kwargs) -> list[list[Finding]]:
    """The findings for each text, from one call of the guard (one hunspell process)."""
    report = check([Passage(t, ((0, "linje 2"),), n) for n, t in enumerate(texts, 1)], **kwargs)
    by_text: list[list[Finding]] = [[] for _ in texts]
    for finding in report.findings:
        by_text[finding.turn - 1].append(finding)
    return by_text


def caught(entry: dict, found: list[Finding]) -> bool:
    text, item = entry["text"], entry["item"]
    start = text.index(item)
    end = start + len(item)
    for finding in found:
        at = text.find(finding.text)
        overlaps = at >= 0 and at < end and start < at + len(finding.text)
        if overlaps and (finding.refused or entry["kind"] == Kind.NAVN):
            return True
    return False


def missed(**kwargs) -> list[dict]:
    found = findings([e["text"] for e in PERSONAL], **kwargs)
    return [e for e, f in zip(PERSONAL, found, strict=True) if not caught(e, f)]


@cache
def harmless_findings() -> list[list[Finding]]:
    return findings([e["text"] for e in HARMLESS])


def test_the_set_is_large_and_covers_every_kind():
    assert len(PERSONAL) >= 60 and len(HARMLESS) >= 40
    assert {e["kind"] for e in PERSONAL} == {k.value for k in Kind}
    for entry in PERSONAL:
        assert entry["item"] in entry["text"], entry


@needs_hunspell
def test_at_least_95_percent_of_personal_items_are_caught():
    misses = missed()
    share = 1 - len(misses) / len(PERSONAL)
    assert share >= GOAL, f"fanget {share:.0%}, mangler: {[e['item'] for e in misses]}"


@needs_hunspell
@pytest.mark.parametrize("index", range(len(HARMLESS)), ids=[e["text"][:40] for e in HARMLESS])
def test_no_harmless_sentence_is_blocked(index):
    assert [f.message for f in harmless_findings()[index]] == []


def test_without_hunspell_refusals_still_hold_and_nothing_harmless_is_refused():
    """Without hunspell more capitalised words are flagged as names, but refusals do not change."""
    misses = missed(unknown=lambda words: None)
    assert 1 - len(misses) / len(PERSONAL) >= GOAL, [e["item"] for e in misses]
    found = findings([e["text"] for e in HARMLESS], unknown=lambda words: None)
    assert [f.message for fs in found for f in fs if f.refused] == []


def figures() -> str:  # pragma: no cover - a report for people
    lines = []
    for label, kwargs in (("med hunspell", {}), ("uden hunspell", {"unknown": lambda w: None})):
        misses = missed(**kwargs)
        found = findings([e["text"] for e in HARMLESS], **kwargs)
        false = [e for e, f in zip(HARMLESS, found, strict=True) if f]
        hard = [e for e, f in zip(HARMLESS, found, strict=True) if any(x.refused for x in f)]
        lines.append(
            f"{label}: fanget {len(PERSONAL) - len(misses)} af {len(PERSONAL)} personlige "
            f"oplysninger; blokeret {len(false)} af {len(HARMLESS)} harmløse sætninger "
            f"(heraf afvist {len(hard)})"
        )
        lines += [f"  mangler {e['kind']}: {e['item']}" for e in misses]
        lines += [f"  blokeret: {e['text']}" for e in false]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(print(figures()))
