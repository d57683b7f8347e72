"""Workshop codes, secrets and pseudonymous nicknames (no widgets, no database).

Participants are pseudonymous: a workshop code and a nickname they choose, never a name, an
address, a phone number, an e-mail address or a CPR number.  A nickname that looks like one of
those (by the privacy guard's own patterns and name list, :mod:`lises.privacy.patterns` and
:mod:`lises.privacy.names`) is refused with a Danish message that says why and what to do.
"""

from __future__ import annotations

import re
import secrets
from itertools import pairwise

from .names import SURNAME, danish_first_names, is_ordinary_word
from .patterns import Kind, personal_data
from .places import is_place, is_proper_noun

# No 0/O, 1/I/L: codes are read aloud and typed from a projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
NICKNAME_MIN, NICKNAME_MAX = 2, 24
_NICKNAME = re.compile(r"^[A-Za-zÆØÅæøåÄÖÜäöüÉéÈè0-9][A-Za-zÆØÅæøåÄÖÜäöüÉéÈè0-9 _.-]*$")
_CPR = re.compile(r"\d{6}\s*-?\s*\d{4}")
INVENT = "Vælg et opdigtet kaldenavn, fx 'Ugle' eller 'Blå 7'."
_REFUSALS = {
    Kind.CPR: "Skriv aldrig et CPR-nummer. " + INVENT,
    Kind.TELEFON: "Kaldenavnet ligner et telefonnummer. " + INVENT,
    Kind.EMAIL: "Brug et kaldenavn, ikke en e-mailadresse. " + INVENT,
    Kind.ADRESSE: "Kaldenavnet ligner en adresse. " + INVENT,
    Kind.POSTNUMMER: "Kaldenavnet ligner postnummer og by. " + INVENT,
}
_WORDS = re.compile(r"[A-Za-zÆØÅæøåÄÖÜäöüÉéÈè]+")


class JoinError(ValueError):
    """A join or submit that cannot be accepted; the message is shown to the participant."""


class FreeTextError(JoinError):
    """A typed answer that holds a CPR number, phone number or e-mail: it is not stored."""


def new_code(length: int = 5) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_secret() -> str:
    """A facilitator key: long enough that it cannot be guessed, short enough to paste."""
    return secrets.token_urlsafe(18)


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", str(code)).upper()[:12]


def check_nickname(nickname: object) -> str:
    """Return the cleaned nickname, or raise :class:`JoinError` saying what to change."""
    if not isinstance(nickname, str):
        raise JoinError("Skriv et kaldenavn.")
    cleaned = " ".join(nickname.split())
    if len(cleaned) < NICKNAME_MIN:
        raise JoinError(f"Kaldenavnet skal have mindst {NICKNAME_MIN} tegn.")
    if len(cleaned) > NICKNAME_MAX:
        raise JoinError(f"Kaldenavnet må højst have {NICKNAME_MAX} tegn.")
    if "@" in cleaned:
        raise JoinError(_REFUSALS[Kind.EMAIL])
    for kind, _, _ in personal_data(cleaned):
        raise JoinError(_REFUSALS[kind])
    if _CPR.search(cleaned) or sum(c.isdigit() for c in cleaned) >= 6:
        raise JoinError("Skriv aldrig et CPR-nummer. Vælg et kaldenavn uden så mange tal.")
    if looks_like_a_name(cleaned):
        raise JoinError(
            "Kaldenavnet ligner et navn. Brug ikke dit eget eller andres navn: " + INVENT
        )
    if not _NICKNAME.match(cleaned):
        raise JoinError("Brug kun bogstaver, tal, mellemrum, punktum, bindestreg og understreg.")
    return cleaned


def looks_like_a_name(nickname: str) -> bool:
    """True for a first name from the name list, a surname, or "Fornavn Efternavn".

    Case does not matter ("mette hansen").  Words that are also ordinary Danish ("Bo", "Sten",
    "Storm") and places are accepted on their own, but not as the first part of a full name
    ("Bo Hansen").
    """
    words = [w.capitalize() for w in _WORDS.findall(nickname)]
    names = danish_first_names()

    def first_name(word: str) -> bool:
        return word in names and not is_ordinary_word(word)

    def surname(word: str) -> bool:
        return bool(SURNAME.search(word.lower())) and len(word) > 4 and not is_place(word)

    if any(first_name(w) or surname(w) for w in words):
        return True
    # "Fornavn Efternavn": two words the dictionary lists as names (not places), one after the
    # other, e.g. "Malthe Holm"; ordinary words such as "Team Nord" are not in that list.
    return any(
        (a in names or is_proper_noun(a)) and is_proper_noun(b) and not is_place(b)
        for a, b in pairwise(words)
    )
