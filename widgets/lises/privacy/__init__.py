"""Privacy checks shared by the workshop and the importer: the free-text guard, name and place
lists, personal-data patterns, nicknames and codes."""

from lises.core.exports import lazy_exports

__all__ = [
    "INVENT",
    "Finding",
    "FreeTextError",
    "JoinError",
    "Passage",
    "Report",
    "check",
    "check_nickname",
    "danish_first_names",
    "dictionary_entries",
    "free_text_problem",
    "is_place",
    "new_code",
    "new_secret",
    "normalise_code",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "check": "guard",
        "check_nickname": "pseudonyms",
        "danish_first_names": "names",
        "dictionary_entries": "places",
        "Finding": "guard",
        "free_text_problem": "guard",
        "FreeTextError": "pseudonyms",
        "INVENT": "pseudonyms",
        "is_place": "places",
        "JoinError": "pseudonyms",
        "new_code": "pseudonyms",
        "new_secret": "pseudonyms",
        "normalise_code": "pseudonyms",
        "Passage": "guard",
        "Report": "guard",
    },
)
