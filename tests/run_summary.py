"""What the browser tests measured, printed at the end of the test run (see conftest.py).

The accessibility and privacy tests record each page they check here: axe-core's violations by
severity and the requests to other hosts the page attempted.  The crawl of the site served under
its sub-path records how much it checked and how much was broken.  The PDF step of ``make book``
writes its own figures to ``pdf-summary.json`` beside the built book (not in the published site).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SEVERITIES = ("critical", "serious", "moderate", "minor")


@dataclass
class PageCheck:
    site: str  # "bog" or "voilà"
    page: str
    violations: Counter = field(default_factory=Counter)
    external_requests: int = 0


CHECKED: list[PageCheck] = []
# What the crawl of the site served under its sub-path found (test_published_site.py).
CRAWLS: list[str] = []


def record(site: str, page: str, violations: Counter, external_requests: int) -> None:
    CHECKED.append(PageCheck(site, page, violations, external_requests))


def record_crawl(
    prefix: str, pages: int, references: int, urls: int, links: int, anchors: int, broken: int
) -> None:
    CRAWLS.append(
        f"Undermappe {prefix}: {pages} sider med {references} henvisninger til {urls} "
        f"forskellige adresser (heraf {links} sider og filer via links) og {anchors} ankre "
        f"kontrolleret, {broken} brudte"
    )


def lines(book_html: Path) -> list[str]:
    """The summary as text lines (empty when no page was checked, no PDF made, no site crawled)."""
    out = []
    if CHECKED:
        totals = Counter()
        for check in CHECKED:
            totals.update(check.violations)
        sites = Counter(check.site for check in CHECKED)
        out.append(
            "Sider kontrolleret med axe-core: "
            + ", ".join(f"{n} ({site})" for site, n in sorted(sites.items()))
        )
        out.append(
            "Overtrædelser efter alvor: " + ", ".join(f"{s} {totals[s]}" for s in SEVERITIES)
        )
        external = sum(check.external_requests for check in CHECKED)
        out.append(f"Forsøgte forespørgsler til andre værter: {external}")
        for check in CHECKED:
            counts = " ".join(f"{s[:4]}={check.violations[s]}" for s in SEVERITIES)
            out.append(
                f"  {check.site:6} {check.page:48} {counts} eksterne={check.external_requests}"
            )
    summary = book_html.parent / "pdf-summary.json"
    if summary.is_file():
        data = json.loads(summary.read_text(encoding="utf-8"))
        out.append(f"PDF af hele bogen: {data.get('pages')} sider")
    out += CRAWLS
    return out
