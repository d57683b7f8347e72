"""Danish place names, and the Danish dictionary's proper nouns, read once and lazily.

Where Debian's Danish dictionary (``hunspell-da``, ``/usr/share/hunspell/da_DK.dic``) is
installed, its place names are used: Stavekontrolden marks every geographical name with the
prefix flag 54 (it allows ``Nord-``/``Syd-``/``Vest-`` …), about 10,000 towns, villages,
regions and countries.  Its other capitalised entries (about 25,000: first names approved in
Denmark, surnames, firms, abbreviations) tell that a capitalised word is a proper noun.

The dictionary misses some towns (Holstebro has no place flag) and may be absent altogether, so
:data:`TOWNS` adds the towns with a post office that the guard must always know: the
municipalities' main towns and the larger towns.  Without the dictionary the guard then still
knows the towns people most often name, and says in its report that the dictionary was missing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DICTIONARY = Path("/usr/share/hunspell/da_DK.dic")
PLACE_FLAG = "54"

TOWNS = frozenset(
    """
    København Frederiksberg Aarhus Odense Aalborg Esbjerg Randers Kolding Horsens Vejle Roskilde
    Herning Hørsholm Helsingør Silkeborg Næstved Fredericia Viborg Køge Holstebro Taastrup
    Slagelse Hillerød Sønderborg Svendborg Hjørring Holbæk Frederikshavn Nørresundby Ringsted
    Haderslev Skive Ølstykke Nykøbing Smørum Ballerup Glostrup Albertslund Brøndby Hvidovre
    Rødovre Herlev Lyngby Gentofte Charlottenlund Hellerup Valby Vanløse Brønshøj Kastrup
    Dragør Ishøj Vallensbæk Greve Solrød Farum Værløse Birkerød Allerød Lynge Frederikssund
    Jyllinge Stenløse Ølstykke Skævinge Hundested Frederiksværk Helsinge Gilleleje Hornbæk
    Espergærde Humlebæk Fredensborg Kokkedal Nivå Rungsted Vedbæk Holte Nærum Virum Bagsværd
    Søborg Ringe Faaborg Nyborg Middelfart Assens Bogense Kerteminde Munkebo Otterup Odder
    Skanderborg Hammel Hadsten Hinnerup Grenaa Ebeltoft Rønde Ryomgård Auning Hobro Mariager
    Hadsund Brønderslev Dronninglund Sæby Skagen Aabybro Fjerritslev Thisted Hurup Nykøbing
    Struer Lemvig Ringkøbing Skjern Tarm Varde Grindsted Billund Give Brande Ikast Bjerringbro
    Kjellerup Ry Galten Tilst Hasselager Viby Brabrand Risskov Højbjerg Lystrup Egå Skødstrup
    Hørning Solbjerg Beder Malling Juelsminde Hedensted Tørring Børkop Jelling Egtved Vamdrup
    Rødding Vojens Aabenraa Padborg Gråsten Tønder Toftlund Ribe Bramming Ølgod Nordborg
    Augustenborg Haslev Faxe Stevns Heddinge Præstø Vordingborg Nakskov Maribo Rødby
    Sakskøbing Stubbekøbing Nysted Kalundborg Jyderup Sorø Dianalund Korsør Skælskør Tølløse
    Lejre Hvalsø Borup Rønne Nexø Aakirkeby Hasle Allinge Marstal Ærøskøbing Rudkøbing
    Læsø Samsø Fanø Anholt Tranbjerg Vildbjerg Aulum Sunds Videbæk Bording
    Lemming Langå Spentrup Assentoft Gjerlev Støvring Skørping Nibe Aars Løgstør Farsø Hals
    Vodskov Svenstrup Gistrup Klarup Storvorde Frejlev Hjallerup Vrå Løkken Tversted Bindslev
    Kolind Them Silkeborg Gjern Låsby Skovby Stilling Gram Holsted Bredebro Broager Sydals
    Tinglev Kruså Dybbøl Lunderskov Christiansfeld Kongerslev Vestbjerg Blokhus
    """.split()  # noqa: SIM905
)


@cache
def dictionary_entries(path: Path = DICTIONARY) -> tuple[frozenset[str], frozenset[str]]:
    """(place names, other capitalised entries) from the Danish dictionary, or two empty sets.

    Read once per process (about 0.1 s); an unreadable or missing file gives empty sets, and
    the guard falls back on :data:`TOWNS`.
    """
    places: set[str] = set()
    proper: set[str] = set()
    try:
        with path.open(encoding="utf-8") as lines:
            next(lines, None)  # the first line is the number of entries
            for line in lines:
                word, _, flags = line.rstrip("\n").partition("/")
                if PLACE_FLAG in flags.split(","):
                    places.add(word)
                elif word[:1].isupper():
                    proper.add(word)
    except (OSError, UnicodeDecodeError):
        return frozenset(), frozenset()
    return frozenset(places), frozenset(proper)


def has_dictionary() -> bool:
    return bool(dictionary_entries()[0])


def is_place(word: str) -> bool:
    """True for a known Danish town, village, region or country (as written, capitalised)."""
    return word in TOWNS or word in dictionary_entries()[0]


def is_proper_noun(word: str) -> bool:
    """True when the dictionary lists ``word`` capitalised (a name, a firm, a place)."""
    places, proper = dictionary_entries()
    return word in proper or word in places
