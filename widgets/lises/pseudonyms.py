"""Workshop codes, secrets and pseudonymous nicknames (no widgets, no database).

Participants are pseudonymous: a workshop code and a nickname they choose, never a name, an
e-mail address or a CPR number.  A nickname that looks like one of those is refused with a
Danish message that says why.
"""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L: codes are read aloud and typed from a projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
NICKNAME_MIN, NICKNAME_MAX = 2, 24
_NICKNAME = re.compile(r"^[A-Za-zÆØÅæøåÄÖÜäöüÉéÈè0-9][A-Za-zÆØÅæøåÄÖÜäöüÉéÈè0-9 _.-]*$")
_CPR = re.compile(r"\d{6}\s*-?\s*\d{4}")


class JoinError(ValueError):
    """A join or submit that cannot be accepted; the message is shown to the participant."""


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
        raise JoinError("Brug et kaldenavn, ikke en e-mailadresse.")
    if _CPR.search(cleaned) or sum(c.isdigit() for c in cleaned) >= 6:
        raise JoinError("Skriv aldrig et CPR-nummer. Vælg et kaldenavn uden så mange tal.")
    if not _NICKNAME.match(cleaned):
        raise JoinError("Brug kun bogstaver, tal, mellemrum, punktum, bindestreg og understreg.")
    return cleaned
