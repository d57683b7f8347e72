"""Lån et øre: compare two colleagues' codings of one excerpt (pure functions, frozen results).

The comparison gives what the two colleagues need for their talk:

- how much they agree: Cohen's kappa over the excerpt's citizen turns with its Landis & Koch
  band in Danish words (:func:`lises.excerpts.scoring.cohen_kappa`,
  :func:`lises.excerpts.scoring.kappa_band`), and the plain share of turns coded alike;
- the agenda: every citizen turn where they differ, with the citizen's words, the
  professional's next turn, both codes and, if the excerpt has an expert key, the key's code;
- optionally each colleague's agreement with the key.

Agreement is a starting point for the talk, not a grade: the agenda is where the three
patterns (gribning, institutional talk turns, the concrete labour-market perspective) are
talked through turn by turn.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from lises.excerpts.coding import Coding, coding_problems
from lises.excerpts.model import Excerpt, next_professional_turn
from lises.excerpts.responses import CODE_LABELS
from lises.excerpts.scoring import cohen_kappa, kappa_band, key_codes

CODE_WORDS = CODE_LABELS  # the words of every code, from the one vocabulary


class ComparisonError(ValueError):
    """Two codings that cannot be compared; the message is Danish and shown to the user."""


@dataclass(frozen=True)
class Agreement:
    """How far two sets of codes for the same turns agree."""

    items: int
    agreed: int
    kappa: float | None
    band: str

    @property
    def percent(self) -> float | None:
        """The share of turns coded alike (0–1), ``None`` without turns."""
        return self.agreed / self.items if self.items else None


@dataclass(frozen=True)
class AgendaItem:
    """A citizen turn the two colleagues coded differently: one point for their talk."""

    turn: int
    citizen_text: str
    professional_turn: int | None
    professional_text: str | None
    code_a: str
    code_b: str
    key_code: str | None
    comment_a: str | None = None
    comment_b: str | None = None


@dataclass(frozen=True)
class Comparison:
    """Two codings of one excerpt side by side."""

    excerpt_id: str
    title: str
    coder_a: str
    coder_b: str
    agreement: Agreement
    agenda: tuple[AgendaItem, ...]
    has_key: bool
    a_with_key: Agreement | None = None
    b_with_key: Agreement | None = None


def agreement(first: list[str], second: list[str]) -> Agreement:
    """Kappa, band and the share alike for two code lists of the same turns."""
    kappa = cohen_kappa(first, second)
    return Agreement(
        items=len(first),
        agreed=sum(a == b for a, b in zip(first, second, strict=True)),
        kappa=kappa,
        band=kappa_band(kappa),
    )


def _check(excerpt: Excerpt, coding: Coding, which: str) -> None:
    problems = coding_problems(coding, excerpt)
    if problems:
        raise ComparisonError(
            f"{which} kodning ({coding.coder}) passer ikke til uddraget: "
            + "; ".join(str(p) for p in problems)
        )


def compare(excerpt: Excerpt, first: Coding, second: Coding, with_key: bool = False) -> Comparison:
    """Compare two codings of ``excerpt``; with ``with_key``, each also with the expert key.

    An excerpt whose key is empty counts as not annotated yet: there is no key code to show
    and no comparison with the key.
    """
    _check(excerpt, first, "Den første")
    _check(excerpt, second, "Den anden")
    turns = excerpt.citizen_turns
    codes_a, codes_b = first.code_list(turns), second.code_list(turns)
    has_key = bool(excerpt.key)
    key = key_codes(excerpt) if has_key else {}
    agenda = []
    for turn, a, b in zip(turns, codes_a, codes_b, strict=True):
        if a == b:
            continue
        responder = next_professional_turn(excerpt, turn)
        agenda.append(
            AgendaItem(
                turn=turn,
                citizen_text=excerpt.turns[turn - 1].text,
                professional_turn=responder,
                professional_text=excerpt.turns[responder - 1].text if responder else None,
                code_a=a,
                code_b=b,
                key_code=key.get(turn),
                comment_a=first.comments.get(turn),
                comment_b=second.comments.get(turn),
            )
        )
    key_list = [key[t] for t in turns] if has_key else []
    return Comparison(
        excerpt_id=excerpt.id,
        title=excerpt.title,
        coder_a=first.coder,
        coder_b=second.coder,
        agreement=agreement(codes_a, codes_b),
        agenda=tuple(agenda),
        has_key=has_key,
        a_with_key=agreement(codes_a, key_list) if with_key and has_key else None,
        b_with_key=agreement(codes_b, key_list) if with_key and has_key else None,
    )


AGENDA_COLUMNS = (
    "tur",
    "borgeren siger",
    "den professionelles næste tur",
    "kollega A",
    "kollega B",
    "nøglen",
    "kommentar A",
    "kommentar B",
)


def agenda_rows(comparison: Comparison) -> list[dict[str, str]]:
    """The agenda as rows of plain text, in the words the page shows."""
    rows = []
    for item in comparison.agenda:
        professional = (
            f"(tur {item.professional_turn}) {item.professional_text}"
            if item.professional_turn
            else "(ingen professionel tur efter)"
        )
        rows.append(
            {
                "tur": str(item.turn),
                "borgeren siger": item.citizen_text,
                "den professionelles næste tur": professional,
                "kollega A": CODE_WORDS[item.code_a],
                "kollega B": CODE_WORDS[item.code_b],
                "nøglen": CODE_WORDS[item.key_code] if item.key_code else "ingen nøgle",
                "kommentar A": item.comment_a or "",
                "kommentar B": item.comment_b or "",
            }
        )
    return rows


def column_labels(comparison: Comparison) -> dict[str, str]:
    """Column headings with the colleagues' nicknames, e.g. 'Kollega A: Anna'."""
    labels = {c: c[0].upper() + c[1:] for c in AGENDA_COLUMNS}
    for letter, coder in (("A", comparison.coder_a), ("B", comparison.coder_b)):
        labels[f"kollega {letter}"] = f"Kollega {letter}: {coder}"
        labels[f"kommentar {letter}"] = f"Kommentar fra {coder}"
    return labels


def agenda_csv(comparison: Comparison) -> str:
    """The agenda as CSV (semicolon-separated, as Danish spreadsheets expect)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=AGENDA_COLUMNS, delimiter=";")
    labels = column_labels(comparison)
    writer.writerow({c: _safe_cell(labels[c]) for c in AGENDA_COLUMNS})
    for row in agenda_rows(comparison):
        writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    return out.getvalue()


def _safe_cell(value: str) -> str:
    # A cell that starts like a formula is shown as text, never run by the spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
