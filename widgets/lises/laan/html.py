"""HTML for the Lån et øre comparison: agreement, the agenda table and a printable page.

Every text from a file (the citizen's words, nicknames, comments) is escaped here, so whatever
a colleague or an imported transcript contains is shown as text, never run as markup.
"""

from __future__ import annotations

from html import escape

from lises.excerpts.responses import Response, label
from lises.excerpts.scoring import kappa_note

from .comparison import AGENDA_COLUMNS, Agreement, Comparison, agenda_rows, column_labels

KAPPA_NOTE = kappa_note(
    " enigheden", closing="Tallet er et udgangspunkt for samtalen, ikke en karakter."
)


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}".replace(".", ",")


def agreement_sentence(result: Agreement) -> str:
    """Kappa, band and the share alike in one Danish sentence (plain text)."""
    percent = "–" if result.percent is None else f"{result.percent * 100:.0f} %"
    share = f"Ens kodet: {result.agreed} af {result.items} ture ({percent})."
    if result.kappa is None:
        return (
            f"{share} Cohens kappa kan ikke beregnes, fordi begge brugte én og samme kode for "
            "alle borgerens ture."
        )
    return f"{share} Cohens kappa er {_number(result.kappa)}: {result.band} enighed."


def summary_html(comparison: Comparison) -> str:
    a, b = escape(comparison.coder_a), escape(comparison.coder_b)
    parts = [
        '<section class="lises-summary" aria-labelledby="lises-laan-h">',
        f'<h3 id="lises-laan-h">{a} og {b}: {escape(comparison.title)}</h3>',
        f'<p role="status">{escape(agreement_sentence(comparison.agreement))}</p>',
    ]
    if comparison.a_with_key is not None and comparison.b_with_key is not None:
        parts.append(
            "<p><strong>Hver med nøglen.</strong></p><ul>"
            f"<li>{a}: {escape(agreement_sentence(comparison.a_with_key))}</li>"
            f"<li>{b}: {escape(agreement_sentence(comparison.b_with_key))}</li></ul>"
        )
    elif not comparison.has_key:
        parts.append("<p>Uddraget har ingen nøgle endnu, så I sammenligner kun med hinanden.</p>")
    parts.append(f'<p class="lises-muted">{escape(KAPPA_NOTE)}</p></section>')
    return "".join(parts)


def agenda_table_html(comparison: Comparison) -> str:
    """The agenda as an accessible table: caption, column headers, the turn as row header."""
    if not comparison.agenda:
        return (
            "<p>I har kodet alle borgerens ture ens. Tal alligevel om en tur, hvor I var i tvivl, "
            f"eller om en, I begge mener blev {label(Response.OVERHORT)} eller "
            f"{label(Response.OVERHALET)}.</p>"
        )
    rows = agenda_rows(comparison)
    columns = [c for c in AGENDA_COLUMNS if c != "nøglen" or comparison.has_key]
    if not any(r["kommentar A"] or r["kommentar B"] for r in rows):
        columns = [c for c in columns if not c.startswith("kommentar")]
    labels = column_labels(comparison)
    head = "".join(f'<th scope="col">{escape(labels[c])}</th>' for c in columns)
    body = []
    for row in rows:
        cells = [f'<th scope="row">{escape(row["tur"])}</th>']
        cells += [f"<td>{escape(row[c])}</td>" for c in columns[1:]]
        body.append(f"<tr>{''.join(cells)}</tr>")
    caption = (
        f"Dagsorden: de {len(rows)} ture, hvor {escape(comparison.coder_a)} og "
        f"{escape(comparison.coder_b)} kodede forskelligt"
    )
    return (
        '<table class="lises-table lises-agenda">'
        f"<caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def printable_html(comparison: Comparison) -> str:
    """A whole page to print or keep: the agreement, the agenda and the three patterns."""
    return (
        '<!doctype html><html lang="da"><head><meta charset="utf-8">'
        f"<title>Lån et øre: {escape(comparison.title)}</title>"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:1rem auto}"
        "table{border-collapse:collapse}th,td{border:1px solid #888;padding:.3rem;"
        "vertical-align:top;text-align:left}caption{font-weight:bold;text-align:left}</style>"
        "</head><body><h1>Lån et øre</h1>"
        + summary_html(comparison)
        + agenda_table_html(comparison)
        + "<h2>Tal om hver tur</h2><ul><li>Gribning: hvad sagde borgeren, der var meningsfuldt "
        "for hende eller ham, og hvad skete der med det?</li><li>Institutionelle taleture: hvilke "
        "krav, frister eller dokumentation fyldte?</li><li>Konkret arbejdsmarkedsperspektiv: "
        "sagde borgeren noget, forsigtigt eller indirekte, om arbejde?</li></ul></body></html>"
    )
