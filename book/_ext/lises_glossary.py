"""The course glossary (Ordliste): terms kept as data, validated, rendered as a Sphinx glossary.

``book/_data/ordliste.yaml`` holds one entry per term: the Danish term, an English gloss, a
definition in the course's own words (MyST, so it may cite) and the sources it rests on
(bibliography keys).  The ``{ordliste}`` directive validates the file and renders it as a sorted
Sphinx ``glossary``, so ``{term}`` references anywhere in the book link to it and a reference to
an unknown term fails the build (warnings are errors).

A bad file stops the build with a message that names the file, the entry and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from docutils import nodes
from docutils.statemachine import StringList
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from lises.core.data_messages import message_da
from lises.core.safe_yaml import YamlProblem, load_file

GLOSSARY_FILE = Path(__file__).resolve().parents[1] / "_data" / "ordliste.yaml"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class GlossaryEntry(BaseModel):
    """One term.

    Attributes
    ----------
    term : str
        The Danish term as it is used in the text (what ``{term}`` refers to).
    engelsk : str
        An English gloss, for readers who meet the term in international literature.
    definition : str
        The meaning in the course's own words (MyST markup; may cite).
    kilder : list of str
        Bibliography keys of the sources the definition rests on (at least one).
    synonymer : list of str
        Other spellings or inflections that should link to the same entry.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: Text
    engelsk: Text
    definition: Text
    kilder: list[Text] = Field(min_length=1)
    synonymer: list[Text] = Field(default_factory=list)


class GlossaryFileError(ValueError):
    """A glossary file that cannot be used; the message names the file, entry and field."""


def _place(data: list, loc: tuple) -> str:
    index = loc[0]
    term = data[index].get("term") if isinstance(data[index], dict) else None
    named = isinstance(term, str) and term.strip()
    place = f"post {index + 1}" + (f" ('{term.strip()}')" if named else "")
    return place + (f", felt '{loc[1]}'" if len(loc) > 1 else "")


def load_glossary(path: Path = GLOSSARY_FILE, bib_keys: set[str] | None = None):
    """Read and validate the glossary; return its entries in file order."""
    try:
        # the course's one YAML reader: size limit, no aliases, tags or duplicate keys
        data = load_file(path)
    except YamlProblem as error:
        raise GlossaryFileError(f"{path}: {'; '.join(error.problems)}") from None
    if not isinstance(data, list) or not data:
        raise GlossaryFileError(f"{path}: filen skal være en ikke-tom liste af termer")
    entries = []
    for index, item in enumerate(data):
        try:
            entries.append(GlossaryEntry.model_validate(item))
        except ValidationError as error:
            first = error.errors()[0]
            where = _place(data, (index, *first["loc"]))
            message = message_da(first)
            raise GlossaryFileError(f"{path}: {where}: {message}") from None
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        for name in (entry.term, *entry.synonymer):
            key = name.lower()
            if key in seen:
                raise GlossaryFileError(
                    f"{path}: post {index + 1} ('{entry.term}'): '{name}' findes allerede "
                    f"i post {seen[key] + 1}"
                )
            seen[key] = index
        unknown = [key for key in entry.kilder if bib_keys is not None and key not in bib_keys]
        if unknown:
            raise GlossaryFileError(
                f"{path}: post {index + 1} ('{entry.term}'), felt 'kilder': ukendt "
                f"litteraturnøgle {', '.join(unknown)}"
            )
    return entries


def glossary_markup(entries) -> list[str]:
    """MyST lines for a sorted Sphinx glossary of ``entries``."""
    lines = [":::{glossary}", ":sorted:", ""]
    for entry in entries:
        lines.append(entry.term)
        lines.extend(entry.synonymer)
        sources = ", ".join(f"{{cite:t}}`{key}`" for key in entry.kilder)
        # The class language-en becomes lang="en": screen readers pronounce the gloss in
        # English, and the spelling test skips it.
        english = f"[{entry.engelsk}]{{.language-en}}"
        body = f"*Engelsk:* {english}. {entry.definition.strip()} *Kilde:* {sources}."
        lines.extend(f"  {line}" if line else "" for line in body.splitlines())
        lines.append("")
    lines.append(":::")
    return lines


class OrdlisteDirective(SphinxDirective):
    """``{ordliste}``: render ``book/_data/ordliste.yaml`` as the book's glossary."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(GLOSSARY_FILE))
        try:
            entries = load_glossary(GLOSSARY_FILE, _bib_keys(self.env))
        except GlossaryFileError as error:
            raise ExtensionError(str(error)) from None
        container = nodes.container(classes=["lises-ordliste"])
        self.state.nested_parse(
            StringList(glossary_markup(entries)), self.content_offset, container
        )
        return [container]


def _bib_keys(env) -> set[str] | None:
    domain = env.get_domain("cite")
    bibfiles = getattr(domain, "bibdata", None)
    if bibfiles is None or not getattr(bibfiles, "data", None):
        return None
    return set(bibfiles.data.entries)


def setup(app) -> dict:
    app.add_directive("ordliste", OrdlisteDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
