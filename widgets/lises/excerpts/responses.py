"""The response codes: the one vocabulary of what the professional's next turn did with a
meaning-utterance.

Every code the exercise, the feedback, the Lån et øre comparison and the book's self-check use
is written here once, in order, with its Danish label, its short description and how the
conversation picture draws it.  Every other list of codes or map of labels is derived from
:data:`RESPONSES` (``tests/test_response_vocabulary.py`` checks that), so a fourth label is a
new :class:`Response` member and its :class:`ResponseWords` here, plus the course text that
explains it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Response(StrEnum):
    """What the professional's next turn did with a meaning-utterance (memo II §6.3)."""

    GREBET = "grebet"
    OVERHORT = "overhørt"
    OVERHALET = "overhalet"


@dataclass(frozen=True)
class ResponseWords:
    """How one response code is shown.

    Attributes
    ----------
    label : str
        The Danish word shown for the code (lower case; a button capitalises it).
    description : str
        One sentence saying what the code means (the button's tooltip and the help list).
    letter : str
        The letter in the conversation picture's marker.
    colour : str
        The marker's colour, and ``colour_word`` its Danish name for the picture's legend.
    """

    label: str
    description: str
    letter: str
    colour: str
    colour_word: str


#: Every response code with its words, in the order the exercise shows them.
RESPONSES: dict[Response, ResponseWords] = {
    Response.GREBET: ResponseWords(
        "grebet", "Den professionelle tager ytringen op og udforsker den.", "G", "#1a7f37", "grøn"
    ),
    Response.OVERHORT: ResponseWords(
        "overhørt",
        "Den professionelle går forbi ytringen, som om den ikke blev sagt.",
        "Ø",
        "#9a6700",
        "gul",
    ),
    Response.OVERHALET: ResponseWords(
        "overhalet",
        "Den professionelle tager fat i ytringen, men sætter noget institutionelt (krav, "
        "dokumentation, frister) foran den.",
        "H",
        "#cf222e",
        "rød",
    ),
}

NONE_CODE = "ingen"
"""The code of a citizen turn that carries no meaning-utterance."""
NONE_LABEL = "ingen meningsytring"
NONE_COLOUR = "#8c959f"

#: Every code a coding can give a citizen turn: none, then the responses in order.
CODES: tuple[str, ...] = (NONE_CODE, *(r.value for r in RESPONSES))
#: The Danish label of every code in :data:`CODES`.
CODE_LABELS: dict[str, str] = {
    NONE_CODE: NONE_LABEL,
    **{r.value: words.label for r, words in RESPONSES.items()},
}


def label(response: Response | str) -> str:
    """The Danish label of a response code."""
    return RESPONSES[Response(response)].label


def danish_list(words: list[str], conjunction: str = "eller") -> str:
    """Words as a Danish list: 'a, b eller c'."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"
