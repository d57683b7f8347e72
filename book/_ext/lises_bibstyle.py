"""Danish citations and bibliography for the course book (sphinxcontrib-bibtex / pybtex).

pybtex and sphinxcontrib-bibtex write English connecting words ("and", "et al.", "URL:",
"Technical Report").  The course cites Danish texts for Danish readers, so this module registers:

- ``lises_da`` (``bibtex_reference_style``): author–year citations in parentheses with "og" and
  "m.fl." (Larsen m.fl., 2018), as Danish social-science texts cite;
- ``lises_da`` (``bibtex_default_style``): the bibliography sorted by author, year and title,
  labelled with the same author–year text that the citations show, Danish words throughout, and
  entries without a year marked "u.å." (uden år).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import (
    FieldIsMissing,
    first_of,
    href,
    join,
    node,
    optional,
    sentence,
    tag,
    words,
)
from pybtex.style.template import field as bib_field
from pybtex.style.template import names as bib_names
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

NO_YEAR = "u.å."
AND = " og "
OTHERS = "m.fl."


def _is_others(person) -> bool:
    # BibTeX's "and others": the source names only the first author ("Cerne et al. 2014").
    return str(person) == "others"


@node
def _danish_names(children, data, role, sep, sep2, last_sep, other):
    """Names joined the Danish way; 'and others' and 3+ names (when abbreviated) → 'X m.fl.'."""
    assert not children
    try:
        persons = data["entry"].persons[role]
    except KeyError:
        raise FieldIsMissing(role, data["entry"]) from None
    style = data["style"]
    named = [p for p in persons if not _is_others(p)]
    formatted = [style.person.style_plugin.format(p, style.person.abbreviate) for p in named]
    truncated = len(named) < len(persons)
    if formatted and (truncated or (other is not None and len(formatted) > 2)):
        return Text(join[formatted[0]].format_data(data), " ", OTHERS)
    return join(sep=sep, sep2=sep2, last_sep=last_sep)[formatted].format_data(data)


@node
def _author_or_editor_or_title(children, data, **kwargs):
    assert not children
    return first_of[
        optional[_danish_names("author", **kwargs)],
        optional[_danish_names("editor", **kwargs)],
        tag("em")[bib_field("title")],
    ].format_data(data)


@dataclass
class DanishPersonStyle(PersonStyle):
    """Last names, "og" between two, "m.fl." after the first of three or more."""

    sep2: str = AND
    last_sep: str = AND
    other: str = " " + OTHERS

    def names(self, role: str, full: bool):
        other = None if full else self.other
        return _danish_names(
            role=role, sep=self.sep, sep2=self.sep2, last_sep=self.last_sep, other=other
        )

    def author_or_editor_or_title(self, full: bool):
        other = None if full else self.other
        return _author_or_editor_or_title(
            sep=self.sep, sep2=self.sep2, last_sep=self.last_sep, other=other
        )


def _round_brackets() -> BracketStyle:
    return BracketStyle(left="(", right=")")


def _danish_persons() -> PersonStyle:
    return DanishPersonStyle()


@dataclass
class DanishAuthorYearStyle(AuthorYearReferenceStyle):
    """(Larsen m.fl., 2018); Callesen (2019); with Danish separators."""

    bracket_parenthetical: BracketStyle = field(default_factory=_round_brackets)
    bracket_textual: BracketStyle = field(default_factory=_round_brackets)
    bracket_author: BracketStyle = field(default_factory=_round_brackets)
    bracket_label: BracketStyle = field(default_factory=_round_brackets)
    bracket_year: BracketStyle = field(default_factory=_round_brackets)
    person: PersonStyle = field(default_factory=_danish_persons)


def _last_names(entry) -> tuple[list[str], bool]:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    named = [" ".join(p.last_names) or str(p) for p in people if not _is_others(p)]
    return named, len(named) < len(people)


def author_year_label(entry) -> str:
    """The label a reader sees in the list, e.g. 'Larsen m.fl. 2018' or 'Delt viden u.å.'."""
    surnames, truncated = _last_names(entry)
    if not surnames:
        who = entry.fields.get("key") or entry.fields.get("title", "")
    elif truncated:
        who = f"{surnames[0]} {OTHERS}"
    elif len(surnames) == 1:
        who = surnames[0]
    elif len(surnames) == 2:
        who = AND.join(surnames).strip()
    else:
        who = f"{surnames[0]} {OTHERS}"
    who = who.replace("{", "").replace("}", "")
    return f"{who} {entry.fields.get('year', NO_YEAR)}"


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        seen: dict[str, int] = {}
        for entry in sorted_entries:
            label = author_year_label(entry)
            seen[label] = seen.get(label, 0) + 1
            # Two works by the same authors in one year: 2018a, 2018b, as in the sources.
            yield label if seen[label] == 1 else f"{label}{chr(ord('a') + seen[label] - 1)}"


@node
def _list_names(children, data, role):
    """All names in full for the bibliography, Danish separators, 'and others' as 'm.fl.'."""
    assert not children
    persons = data["entry"].persons.get(role)
    if not persons:
        raise FieldIsMissing(role, data["entry"])
    named = [p for p in persons if not _is_others(p)]
    text = bib_names(role, sep=", ", sep2=AND, last_sep=AND).format_data(
        {**data, "entry": _WithPersons(data["entry"], role, named)}
    )
    return Text(text, " ", OTHERS) if len(named) < len(persons) else text


class _WithPersons:
    """An entry seen with a different person list for one role (pybtex entries are mutable and
    shared, so they are never changed in place)."""

    def __init__(self, entry, role, persons):
        self._entry = entry
        self.persons = {**entry.persons, role: persons}

    def __getattr__(self, name):
        return getattr(self._entry, name)


class AuthorYearSorting(BaseSortingStyle):
    """Sort the list as readers look things up: by the label they saw in the text."""

    def sorting_key(self, entry):
        return (author_year_label(entry).casefold(), entry.fields.get("title", "").casefold())


class DanishBibliographyStyle(UnsrtStyle):
    """Entries as Danish author–year references: 'Navn, Fornavn og Navn (år). *Titel*. Note.'"""

    default_sorting_style = AuthorYearSorting
    default_label_style = AuthorYearLabels
    default_name_style = "lastfirst"

    def format_names(self, role, as_sentence=True):
        formatted = _list_names(role)
        return sentence[formatted] if as_sentence else formatted

    def _head(self):
        who = first_of[optional[_list_names("author")], bib_field("key")]
        year = first_of[optional[bib_field("year")], NO_YEAR]
        return join[who, " (", year, ")."]

    def format_url(self, e):
        url = bib_field("url", raw=True)
        return words["Tilgængelig på", href[url][url]]

    def _web(self, e):
        return optional[sentence[self.format_url(e)]]

    def get_misc_template(self, e):
        return join(sep=" ")[
            self._head(),
            optional[sentence[tag("em")[bib_field("title")]]],
            optional[sentence[bib_field("howpublished")]],
            optional[sentence[bib_field("note")]],
            self._web(e),
        ]

    def get_book_template(self, e):
        return join(sep=" ")[
            self._head(),
            sentence[tag("em")[bib_field("title")]],
            optional[sentence[bib_field("publisher")]],
            optional[sentence[bib_field("note")]],
            self._web(e),
        ]

    def get_techreport_template(self, e):
        return join(sep=" ")[
            self._head(),
            sentence[tag("em")[bib_field("title")]],
            sentence[optional[bib_field("type")], bib_field("institution")],
            optional[sentence[bib_field("note")]],
            self._web(e),
        ]

    def get_article_template(self, e):
        return join(sep=" ")[
            self._head(),
            sentence[bib_field("title")],
            sentence[tag("em")[bib_field("journal")], optional[bib_field("month")]],
            optional[sentence[bib_field("note")]],
            self._web(e),
        ]


@node
def _year_or_no_year(children, data):
    assert not children
    return first_of[optional[bib_field("year")], NO_YEAR].format_data(data)


def register() -> None:
    # sphinxcontrib-bibtex writes the English "n.d." for an undated work and offers no setting
    # for it; its author-year templates look the node up by module name, so replace it there.
    from sphinxcontrib.bibtex.style.referencing import basic_author_year, extra_year

    basic_author_year.year = _year_or_no_year
    extra_year.year = _year_or_no_year

    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "lises_da", DanishAuthorYearStyle
    )
    pybtex.plugin.register_plugin("pybtex.style.formatting", "lises_da", DanishBibliographyStyle)


def setup(app) -> dict:
    register()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
