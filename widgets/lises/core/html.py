"""Small HTML pieces with no widget behind them."""

from __future__ import annotations

import base64
from html import escape


def download_link(label: str, filename: str, data: bytes, mime: str) -> str:
    """A link that downloads ``data`` as ``filename``.

    A ``data:`` link works offline and needs no file served by Voilà (which serves no files).
    """
    encoded = base64.b64encode(data).decode()
    return (
        f'<a download="{escape(filename)}" href="data:{mime};base64,{encoded}">{escape(label)}</a>'
    )
