"""Personal data that is always refused: CPR, phone, e-mail, street address, postcode and town.

Pure functions over one text; :mod:`lises.privacy.guard` turns the spans into findings.  The
patterns are written for the ways people actually type these in Danish transcripts:

- **CPR**: ``DDMMYY`` and four digits, with or without a dash, and with spaces, dots or slashes
  between the parts (``23.05.87-1238``, ``151192/4471``, ``23 05 87 1238``).  The first six
  digits must be a real date, so ``32.01.19 1234`` and most other ten-digit numbers pass.
- **Phone**: eight digits starting with 2–9 (Danish subscriber numbers never start with 0 or 1),
  alone, in pairs (space, dot or dash) or as two fours (space), optionally after ``+45``/``0045``.
  Two years (``2019 2020``) are not a phone number.
- **E-mail**: ``navn@domæne.dk`` with or without spaces round the ``@``, and spelled out:
  ``[at]``, ``(at)``, `` at ``, ``snabel-a`` for ``@`` and ``punktum``/``dot``/``[dot]`` for the
  dot.  A spelled form needs a known top-level domain at the end, so the word "at" is safe.
- **Street address**: a capitalised street name ending in a Danish street word (``-vej``,
  ``-gaden``, ``-vænget``, ``-toften``, ``Allé`` …, see :data:`STREET_ENDINGS`) followed by a
  house number, optionally floor and side (``Nørregade 5, 2. th.``).  A number followed by a
  unit (``Parken 4 gange``, ``Aarhus 2 år``) is not a house number.  Without a number only the
  unambiguous endings count (``-vej``, ``-gade``, ``-allé``, ``-stræde``, ``-boulevard`` in
  either form, inside a sentence): ``Ringvejen`` is a street, ``Torvet``, ``Parken`` and
  ``Marken`` are as often a square, a stadium or a field.
- **Postcode and town**: four digits 1000–9999 and a town.  The town must be known
  (:func:`lises.privacy.places.is_place`), be followed by a district letter (``Aarhus C``,
  ``København Ø``) or, outside the years 1900–2099, end like a Danish town name (``-rup``,
  ``-købing`` …).  So "I 2019 Startede jeg" is not a postcode.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from .places import TOWNS, is_place


class Kind(StrEnum):
    CPR = "cpr"
    TELEFON = "telefon"
    EMAIL = "e-mail"
    ADRESSE = "adresse"
    POSTNUMMER = "postnummer og by"
    NAVN = "navn"


CAP = r"[A-ZÆØÅÉÜÖÄ]"
LOW = r"[a-zæøåéüöäè]"
# -- CPR ---------------------------------------------------------------------------------------
CPR = re.compile(
    r"(?<![\d.,/-])"
    r"(\d{2})([ ./]?)(\d{2})\2(\d{2})"  # the date, the same separator between its parts
    r"(?:\s?[-‐–—/.]\s?|\s|)"  # dash, slash, dot, space or nothing before the serial
    r"\d{4}(?!\d|[.,]\d)"
)
# -- phone -------------------------------------------------------------------------------------
PHONE = re.compile(
    r"(?<![\d+.,/-])(?:(?:\+|00)\s?45[ .-]?)?"
    r"([2-9]\d(?:\d{6}|([ .-])\d\d(?:\2\d\d){2}|\d\d ?\d{4}))"
    r"(?!\d|[.,]\d)"
)
YEAR_PAIR = re.compile(r"(?:19|20)\d\d ?(?:19|20)\d\d")
# -- e-mail ------------------------------------------------------------------------------------
# Each e-mail pattern starts only at the start of a token, so a long run of letters, dots or
# dashes is scanned once, not once per character.
TLDS = r"(?:dk|com|net|org|se|no|de|eu|info|io|nu|uk|fo|gl|biz|me)"
EMAIL_PLAIN = re.compile(r"(?<![\w.%+-])[\w.%+-]+ ?@ ?[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
AT_WORD = r"(?:\s*[\[(]\s*(?:at|snabel-?a|@)\s*[\])]\s*|\s+(?:at|snabel-?a|snabel a)\s+)"
DOT_WORD = r"(?:\.|\s*[\[(]\s*(?:dot|punktum|prik)\s*[\])]\s*|\s+(?:dot|punktum|prik)\s+)"
EMAIL_SPELLED = re.compile(
    r"(?i)(?<![\w.%+-])[\w%+-]+(?:"
    + DOT_WORD
    + r"[\w%+-]+){0,3}"  # bounded, so a text full of "punktum" is not searched quadratically
    + AT_WORD
    + r"[\w-]+(?:"
    + DOT_WORD
    + r"[\w-]+){0,3}?"
    + DOT_WORD
    + TLDS
    + r"\b"
)
# -- street addresses --------------------------------------------------------------------------
# Street words in indefinite and definite form; the first group may stand without a number.
UNAMBIGUOUS = "vej|vejen|gade|gaden|allé|alle|alléen|stræde|strædet|boulevard|boulevarden"
AMBIGUOUS = (
    "plads|pladsen|torv|torvet|vænge|vænget|park|parken|have|haven|høj|højen|toft|toften|"
    "tofte|eng|engen|mark|marken|skov|skoven|sti|stien|slette|sletten|bakke|bakken|vang|"
    "vangen|kær|kæret|hegn|hegnet|lund|lunden|bjerg|bjerget|dal|dalen|mose|mosen|"
    "holm|holmen|løkke|løkken|krog|krogen|kvarter|kvarteret|brygge|bryggen|kaj|kajen|vold|"
    "volden|passage|passagen|gang|gangen|hus|huse|ringen|banke|banken|dige|diget|have|vænge"
)
STREET_ENDINGS = f"{UNAMBIGUOUS}|{AMBIGUOUS}"
UNITS = (
    r"gange?|år|årig|måneder?|mdr|uger?|dage?|døgn|timer?|minutter|min|sekunder|kr|kroner|"
    r"procent|pct|personer|mennesker|børn|stk|styk|km|meter|m|kilo|kg|point|klasse|grader"
)
HOUSE_NUMBER = (
    r"\s+\d{1,3}(?:[A-Za-z]|\s[A-Z])?\b(?!\d|[.,]\d|\s*(?:%|(?:" + UNITS + r")\b\.?))"
    r"(?:,?\s+(?:\d{1,2}\.\s?(?:sal\b)?|st\.?|stuen|kl\.?|kld\.?)(?:,?\s*(?:tv|th|mf)\b\.?)?)?"
)
STREET_NAME = (
    r"(?:" + CAP + r"[\w.'-]*\s){0,3}"
    r"(?:" + CAP + r"[\w'-]*?(?i:" + STREET_ENDINGS + r")"
    r"|(?:(?<=\s)|^)(?:" + "|".join(w.capitalize() for w in STREET_ENDINGS.split("|")) + r"))"
)
ADDRESS = re.compile(r"(?<![\w-])" + STREET_NAME + HOUSE_NUMBER)
STREET_ALONE = re.compile(r"(?<=\s)" + CAP + LOW + r"{2,}(?:" + UNAMBIGUOUS + r")\b")
# Common nouns that end like a street: "en omvej", "motorvejen".
NOT_STREETS = frozenset(
    "omvej genvej motorvej landevej hovedvej sidevej grusvej markvej skolevej arbejdsvej "  # noqa: SIM905
    "cykelvej kørevej udvej nødudvej livsvej vandvej luftvej indkørselsvej sidegade "
    "hovedgade baggade tværgade gågade handelsgade indgang udgang opgang nedgang overgang "
    "gennemgang afgang tilgang rådhus sygehus værtshus varehus bibliotekshus".split()
)
# -- postcode and town -------------------------------------------------------------------------
DISTRICT = r"(?:C|K|V|Ø|N|S|SV|SØ|NV|NØ)"
POSTCODE = re.compile(
    r"(?<![\d.,:/-])([1-9]\d{3})\s+"
    r"([A-ZÆØÅa-zæøå][\w-]+(?:\s(?!" + DISTRICT + r"\b)" + CAP + r"[\w-]+)?)"
    r"(\s(?i:" + DISTRICT + r")\b)?"
)
TOWN_SUFFIX = re.compile(
    r"(?:rup|strup|trup|by|bjerg|borg|sted|lev|løse|købing|havn|holm|bæk|skov|lund|sø|ør|"
    r"vig|bro|ager|huse|inge|balle|rød|sund|ing|bølle|lille|magle)$"
)


def plausible_cpr(day: str, month: str, year: str) -> bool:
    """True when DDMMYY is a real date in some century (the 7th digit is not checked)."""
    for century in (1900, 2000):
        try:
            date(century + int(year), int(month), int(day))
            return True
        except ValueError:
            continue
    return False


def _town(code: str, town: str, district: str | None) -> bool:
    """Whether ``town`` after the four digits ``code`` is a town (see the module docstring)."""
    first = town.split()[0]
    known = is_place(town) or is_place(first) or is_place(first.capitalize())
    if district:
        return known or first[:1].isupper()
    if not first[:1].isupper():
        return known and not 1900 <= int(code) <= 2099
    if known:
        return True
    return not 1900 <= int(code) <= 2099 and bool(TOWN_SUFFIX.search(first.lower()))


def _spans(text: str) -> list[tuple[Kind, int, int]]:
    spans: list[tuple[Kind, int, int]] = []
    for match in CPR.finditer(text):
        if plausible_cpr(match.group(1), match.group(3), match.group(4)):
            spans.append((Kind.CPR, *match.span()))
    for pattern in (EMAIL_PLAIN, EMAIL_SPELLED):
        spans.extend((Kind.EMAIL, *m.span()) for m in pattern.finditer(text))
    for match in PHONE.finditer(text):
        if not YEAR_PAIR.fullmatch(match.group(1)):
            spans.append((Kind.TELEFON, *match.span()))
    for match in ADDRESS.finditer(text):
        start, end = match.span()
        street = re.findall(r"[\w'-]+(?=\s+\d)", match.group())[0]
        if street.lower() in NOT_STREETS or street in TOWNS or street == "Danmark":
            continue  # "Indgang 2", "Esbjerg 2", "Danmark 2": not a street
        spans.append((Kind.ADRESSE, start, len(text[:end].rstrip(" ,"))))
    for match in STREET_ALONE.finditer(text):
        if match.group().lower() not in NOT_STREETS and not is_place(match.group()):
            spans.append((Kind.ADRESSE, *match.span()))
    for match in POSTCODE.finditer(text):
        code, town, district = match.groups()
        if _town(code, town, district):
            end = match.end(3) if district else match.end(2)
            if len(town.split()) == 2 and not is_place(town):
                end = match.start(2) + len(town.split()[0])  # "9000 Aalborg Kommune"
            spans.append((Kind.POSTNUMMER, match.start(), end))
    return spans


def personal_data(text: str) -> list[tuple[Kind, int, int]]:
    """Refused data in ``text`` as (kind, start, end), without overlaps, in text order.

    Where two patterns overlap, the longer span wins (an e-mail address over the phone number
    inside it, a street with its floor over the street alone).
    """
    found: list[tuple[Kind, int, int]] = []
    for kind, start, end in sorted(_spans(text), key=lambda s: (s[1] - s[2], s[1])):
        if not any(start < e and s < end for _, s, e in found):
            found.append((kind, start, end))
    return sorted(found, key=lambda item: item[1])
