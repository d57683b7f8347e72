"""What every answer passes before it is recorded in the store: the free-text check (no widgets).

Free text a participant types (a pause reply, a reason) is checked before it is stored: a CPR
number, phone number or e-mail address is refused with
:class:`~lises.privacy.pseudonyms.FreeTextError`, whose Danish message the page shows; nothing is
stored, and the text stays in the field.  The store itself checks nothing: the room server's
answer call (:func:`lises.room.participant_api.answer`) runs :func:`check_free_text` on every
text in the answer the exercise's session accepted, and only then calls
:meth:`~lises.workshop.store.Store.store_answer`.  The session's check before it
(:func:`lises.room.screens.answer_screen`) has already refused personal data typed in a free-text
step; this one also covers text anywhere else in an answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lises.privacy.guard import free_text_problem
from lises.privacy.pseudonyms import FreeTextError


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def check_free_text(value: Any) -> None:
    """Raise :class:`FreeTextError` when any text in ``value`` holds a CPR, phone or e-mail."""
    for text in _texts(value):
        problem = free_text_problem(text)
        if problem:
            raise FreeTextError(problem)
