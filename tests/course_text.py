"""The course's pages and their prose, for the content, spelling and facts tests.

Pages are the files in ``_toc.yml``.  ``prose(source)`` removes MyST markup that is not course
text (code and graphviz blocks, directive options, role targets, link targets, HTML comments) so
the tests look at what a reader reads.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BOOK_HTML = Path(os.environ.get("LISES_BOOK_HTML", REPO / "_build" / "html"))
SEEDS = Path(os.environ.get("LISES_SEEDS", REPO.parent / "shared" / "seeds"))
# Pages generated from data or lists of references: their text is checked through the data.
GENERATED = {"book/ordliste", "book/litteratur"}


@dataclass(frozen=True)
class Page:
    """A page of the book: its toc name (e.g. 'book/samtalen/index') and where it sits."""

    name: str
    path: Path
    chapter: str  # toc name of the chapter the page belongs to
    part: str  # caption of the toc part

    @property
    def html(self) -> Path:
        return BOOK_HTML / f"{self.name}.html"

    def source(self) -> str:
        if self.path.suffix == ".ipynb":
            notebook = json.loads(self.path.read_text(encoding="utf-8"))
            return "\n\n".join(
                "".join(cell["source"])
                for cell in notebook["cells"]
                if cell["cell_type"] == "markdown"
            )
        return self.path.read_text(encoding="utf-8")


def _file(name: str) -> Path:
    for suffix in (".md", ".ipynb"):
        if (REPO / f"{name}{suffix}").is_file():
            return REPO / f"{name}{suffix}"
    return REPO / f"{name}.md"


def toc_pages() -> list[Page]:
    """Every page in the toc, in reading order."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    pages = [Page(toc["root"], _file(toc["root"]), toc["root"], "")]
    for part in toc["parts"]:
        for chapter in part["chapters"]:
            name = chapter["file"]
            pages.append(Page(name, _file(name), name, part["caption"]))
            for section in chapter.get("sections", []):
                pages.append(Page(section["file"], _file(section["file"]), name, part["caption"]))
    return pages


def chapters() -> list[Page]:
    """The chapters a learner works through (not the root page or the reference part)."""
    return [p for p in toc_pages() if p.name == p.chapter and p.part not in ("", "Opslag")]


FENCE = re.compile(r"^(`{3,}|:{3,})[^\n]*$")
OPTION = re.compile(r"^\s*:[\w-]+:.*$")
ROLE_TARGET = re.compile(
    r"\{(?:cite|cite:p|cite:t|cite:ps|cite:ts|doc|ref|numref|eq|download)\}`[^`]*`"
)
TERM = re.compile(r"\{term\}`([^`<]*?)(?:\s*<[^`]*>)?`")
OTHER_ROLE = re.compile(r"\{[\w:-]+\}`([^`]*)`")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
COMMENT = re.compile(r"<!--.*?-->", re.S)
URL = re.compile(r"https?://\S+")


def prose(source: str) -> str:
    """The reader-facing text of a MyST page: markup, code and figure sources removed."""
    text = COMMENT.sub("", source)
    lines: list[str] = []
    stack: list[tuple[str, bool]] = []  # open fences: (marker, is code-like)
    for line in text.splitlines():
        match = FENCE.match(line.strip())
        if match:
            marker = match.group(1)
            rest = line.strip()[len(marker) :].strip()
            if (
                stack
                and marker[0] == stack[-1][0][0]
                and len(marker) >= len(stack[-1][0])
                and not rest
            ):
                stack.pop()
                continue
            directive = rest.strip("{}").split("}")[0] if rest.startswith("{") else rest
            code_like = marker.startswith("`") and (
                not rest.startswith("{") or directive in {"graphviz", "code-block", "code"}
            )
            stack.append((marker, code_like or any(c for _, c in stack)))
            continue
        if stack and stack[-1][1]:
            continue
        if OPTION.match(line):
            continue
        lines.append(line)
    text = "\n".join(lines)
    text = ROLE_TARGET.sub("", text)
    text = TERM.sub(r"\1", text)
    text = OTHER_ROLE.sub(r"\1", text)
    text = LINK.sub(r"\1", text)
    text = URL.sub("", text)
    text = re.sub(r"`[^`]*`", "", text)  # inline code
    text = re.sub(r"^\s*\(([\w-]+)\)=\s*$", "", text, flags=re.M)  # MyST targets
    return text


def normalise(text: str) -> str:
    """Whitespace-insensitive comparison form."""
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    flat = re.sub(r"[#*_>|]", " ", text)
    return [s.strip() for s in re.split(r"(?<=[.!?:])\s+|\n\s*\n", flat) if s.strip()]
