"""Small accessible SVG bar charts for the facilitator view (no plotting library, no scripts).

Every label is escaped; every chart carries a title and a description that states the numbers,
so a screen reader gets what the bars show.
"""

from __future__ import annotations

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
) -> str:
    """Horizontal bars: one row per (label, value); ``marker`` draws a reference line."""
    if not bars:
        return f"<p>{escape(title)}: ingen svar endnu.</p>"
    top = maximum if maximum else max(value for _, value in bars) or 1
    row, label_width, bar_width = 28, 170, 300
    height = row * len(bars) + 12
    description = "; ".join(f"{label}: {value:g}{unit}" for label, value in bars)
    parts = [
        f'<svg role="img" width="100%" viewBox="0 0 {label_width + bar_width + 70} {height}" '
        f'style="max-width:36rem" aria-labelledby="t d">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
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
