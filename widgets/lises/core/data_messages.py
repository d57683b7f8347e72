"""Pydantic's validation errors in Danish, in one place, for every loader of course data.

The loaders (:mod:`lises.excerpts.files`, :mod:`lises.dilemma.files`, :mod:`lises.potentials.files`,
:mod:`lises.excerpts.coding_files`) say *where* a problem is (``tur 4``, ``handling 'a'``); this
module says *what* it is.  Every error type the course's models can raise has a Danish text; a type
not listed still gets a Danish text ("har en ugyldig værdi"), never pydantic's English message.
Values from the file are shown short (:func:`shown`), so a long or nested value never floods the
message.
"""

from __future__ import annotations

from .model import Problem

# Danish wording for pydantic error types, shared by every loader of course data (and by the
# book's glossary extension).
PYDANTIC_MESSAGES_DA = {
    "missing": "mangler",
    "extra_forbidden": "er ikke et kendt felt",
    "literal_error": "har en ugyldig værdi",
    "enum": "har en ugyldig værdi",
    "string_too_short": "må ikke være tom",
    "too_short": "har for få elementer",
    "string_pattern_mismatch": "har et ugyldigt format",
    "string_type": "skal være tekst",
    "string_unicode": "skal være tekst",
    "int_type": "skal være et helt tal",
    "int_parsing": "skal være et helt tal",
    "int_from_float": "skal være et helt tal",
    "bool_type": "skal være true eller false",
    "bool_parsing": "skal være true eller false",
    "list_type": "skal være en liste",
    "dict_type": "skal være en mapping (felter med navne)",
    "model_type": "skal være en mapping (felter med navne)",
    "model_attributes_type": "skal være en mapping (felter med navne)",
    "datetime_type": "skal være et tidspunkt, fx 2026-03-01T10:15:00",
    "datetime_parsing": "skal være et tidspunkt, fx 2026-03-01T10:15:00",
    "datetime_from_date_parsing": "skal være et tidspunkt, fx 2026-03-01T10:15:00",
    "none_required": "skal være tom",
    "too_long": "har for mange elementer",
    "string_too_long": "er for lang",
}
UNKNOWN = "har en ugyldig værdi"
# Number bounds: pydantic's error type -> (its context key, the Danish words before the bound).
BOUNDS = {
    "greater_than_equal": ("ge", "skal være mindst"),
    "less_than_equal": ("le", "må højst være"),
    "greater_than": ("gt", "skal være større end"),
    "less_than": ("lt", "skal være mindre end"),
}

# The patterns of the models' identifiers, and what an author should write instead.
PATTERN_MESSAGES_DA = {
    r"^[a-z0-9][a-z0-9-]*$": "må kun indeholde små bogstaver a-z, tal og bindestreg",
    r"^[A-ZÆØÅ][A-ZÆØÅa-zæøå0-9]{0,3}$": "skal være et stort bogstav og højst tre bogstaver "
    "eller tal mere, fx S eller B",
}


def shown(value: object) -> str:
    """A value from the file, short: ``'grebbet'``, ``4.0``, ``true``, ``en liste``."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "…"
        return repr(text)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "en liste"
    if isinstance(value, dict):
        return "en mapping"
    return "en værdi af en anden slags"


def _what_it_is(value: object, kind: str) -> str:
    """ ", ikke …" naming what the file gave instead, with a hint for a quoted number or bool."""
    if isinstance(value, str):
        if kind == "bool_type":
            return f", ikke tekst ({shown(value)}): skriv true eller false uden anførselstegn"
        if kind == "int_type" and value.strip().lstrip("+-").isdigit():
            return f", ikke tekst ({shown(value)}): skriv tallet uden anførselstegn"
        return f", ikke tekst ({shown(value)})"
    if isinstance(value, bool):
        return f", ikke {shown(value)}"
    if isinstance(value, float):
        return f", ikke kommatallet {value!r}"
    if isinstance(value, int):
        return f", ikke tallet {value}"
    if value is None:
        return ", ikke tom"
    return f", ikke {shown(value)}"


def message_da(error: dict) -> str:
    """The Danish text of one pydantic error (without place and field)."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    message = PYDANTIC_MESSAGES_DA.get(kind, UNKNOWN)
    if kind in ("enum", "literal_error"):
        allowed = str(ctx.get("expected", "")).replace(" or ", " eller ")
        return f"{message} {shown(value)} (tilladt: {allowed})"
    if kind == "string_pattern_mismatch":
        return PATTERN_MESSAGES_DA.get(ctx.get("pattern"), message)
    if kind == "string_too_long" and "max_length" in ctx:
        length = f" (fik {len(value)})" if isinstance(value, str) else ""
        return f"må højst være {ctx['max_length']} tegn{length}"
    if kind == "string_too_short" and ctx.get("min_length", 1) > 1:
        return f"skal være mindst {ctx['min_length']} tegn"
    if kind in BOUNDS and BOUNDS[kind][0] in ctx:
        limit, words = BOUNDS[kind]
        return f"{words} {ctx[limit]}, ikke {shown(value)}"
    if kind == "too_long" and "max_length" in ctx:
        return f"har for mange elementer (højst {ctx['max_length']})"
    if kind in ("int_type", "bool_type", "string_type", "list_type") and value is not None:
        return message + _what_it_is(value, kind)
    if kind == "value_error" and "error" in ctx:  # the models' own validators speak Danish
        return str(ctx["error"])
    return message


def translate(error: dict, place: str, field: str) -> Problem:
    """One pydantic error as a :class:`~lises.excerpts.model.Problem` in Danish."""
    return Problem(where=place, field=field, message=message_da(error))
