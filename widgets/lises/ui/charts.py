"""Small accessible SVG bar charts for the facilitator view (no plotting library, no scripts).

Every label is escaped; every chart carries a title and a description that states the numbers,
so a screen reader gets what the bars show: the ``<svg>`` is labelled by both, through ids that
are unique on the page (``aria-labelledby`` pointing at a missing id names nothing).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from html import escape

BAR_COLOUR = "#2f6f9f"
KEY_COLOUR = "#b35900"


def bar_chart(
    title: str,
    bars: Sequence[tuple[str, float]],
    maximum: float | None = None,
    unit: str = "",
    marker: float | None = None,
    chart_id: str | None = None,
) -> str:
    """Horizontal bars: one row per (label, value); ``marker`` draws a reference line.

    ``chart_id`` prefixes the ids of the chart's title and description; by default it is made
    from the title and the numbers, so it is the same at every refresh of a page and differs
    between charts that show different things (give one when a page shows the same chart twice).
    """
    if not bars:
        return f"<p>{escape(title)}: ingen svar endnu.</p>"
    top = maximum if maximum else max(value for _, value in bars) or 1
    row, label_width, bar_width = 28, 170, 300
    height = row * len(bars) + 12
    description = "; ".join(f"{label}: {value:g}{unit}" for label, value in bars)
    if chart_id is None:
        digest = hashlib.sha256(f"{title}\n{description}".encode()).hexdigest()[:12]
        chart_id = f"lises-chart-{digest}"
    title_id, description_id = escape(f"{chart_id}-titel"), escape(f"{chart_id}-beskrivelse")
    parts = [
        f'<svg role="img" width="100%" viewBox="0 0 {label_width + bar_width + 70} {height}" '
        f'style="max-width:36rem" aria-labelledby="{title_id} {description_id}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{description_id}">{escape(description)}</desc>'
    ]
    for index, (label, value) in enumerate(bars):
        y = 6 + index * row
        width = bar_width * max(0.0, min(value, top)) / top
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="13">'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y + 4}" width="{width:.1f}" height="{row - 10}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{label_width + width + 6:.1f}" y="{y + 17}" font-size="13">'
            f"{value:g}{escape(unit)}</text>"
        )
    if marker is not None:
        x = label_width + bar_width * min(marker, top) / top
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{height}" stroke="{KEY_COLOUR}" '
            'stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return f"<figure><figcaption>{escape(title)}</figcaption>{''.join(parts)}</figure>"
