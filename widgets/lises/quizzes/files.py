"""Understanding questions for the book's self-checks: the data model, files and errors.

A quiz file (``data/quizzes/<id>.yaml``) holds multiple-choice items about one chapter.  Every
option carries feedback that teaches why it is right or wrong, and every item names the
source and the place in it that supports it, so each fact can be traced::

    items:
      - id: flip-deltagere
        question: Hvem deltog typisk i en FLIP?
        sources: [{work: larsen2018, where: afsnit 2}]
        options:
          - text: 4–8 medarbejdere og et antal forskere.
            correct: true
            feedback: Sådan beskriver resultatnotatet formatet …

Structure is checked by pydantic, the references inside a quiz (exactly one right option, ids
and option texts used once) by :func:`consistency_problems`.  A bad file gets messages that name
the file, the place and the field in Danish, as the other course data files do::

    min-quiz.yaml: spørgsmål 'flip-deltagere', felt 'options': præcis ét svar skal være rigtigt
    (fandt 2)

Regenerate the committed JSON Schema with ``python -m lises.quizzes.files``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, StrictBool, ValidationError

from lises.core import paths
from lises.core.data_files import SUFFIXES, DataFileError, read_yaml
from lises.core.data_messages import translate
from lises.core.model import Problem, Slug, StrictModel, Text, repeated_ids
from lises.core.schema_files import model_schema_text, write_model_schema
from lises.core.sources import Citation

SCHEMA_PATH = paths.DATA / "schema" / "quiz.schema.json"


class QuizOption(StrictModel):
    """One answer to choose, and why it is right or wrong."""

    text: Text = Field(description="The answer as the learner reads it.")
    correct: StrictBool = Field(description="True for the one right answer of the item.")
    feedback: Text = Field(
        description="Why this answer is right or wrong: shown after the learner answers."
    )


class QuizItem(StrictModel):
    """A question with 3–5 options, exactly one of them right, and its sources."""

    id: Slug
    question: Text
    options: list[QuizOption] = Field(min_length=3, max_length=5)
    sources: list[Citation] = Field(
        min_length=1, description="Where the item's facts stand: source and section or page."
    )

    @property
    def right(self) -> int:
        """The position (from 0) of the right option."""
        return next(n for n, option in enumerate(self.options) if option.correct)


class Quiz(StrictModel):
    """The understanding questions of one chapter."""

    schema_version: Literal[1] = 1
    id: Slug
    title: Text = Field(description="Shown as the self-check's name.")
    intro: Text = Field(description="One or two sentences before the first question.")
    items: list[QuizItem] = Field(min_length=3, max_length=15)


def consistency_problems(quiz: Quiz) -> list[Problem]:
    """Check the references inside a structurally valid quiz; every problem is returned."""
    problems: list[Problem] = []
    problems += repeated_ids(quiz.items, "spørgsmål '{id}'")
    for item in quiz.items:
        where = f"spørgsmål '{item.id}'"
        right = sum(option.correct for option in item.options)
        if right != 1:
            problems.append(
                Problem(
                    where=where,
                    field="options",
                    message=f"præcis ét svar skal være rigtigt (fandt {right})",
                )
            )
        texts = [option.text for option in item.options]
        if len(set(texts)) != len(texts):
            problems.append(
                Problem(where=where, field="options", message="to svar har samme tekst")
            )
    return problems


class QuizFileError(DataFileError):
    """A quiz file that cannot be used."""


def default_quiz_dir() -> Path:
    """The course's own quizzes, shipped inside the package."""
    return paths.DATA / "quizzes"


def _where(loc: tuple, data: dict) -> tuple[str, str]:
    """A pydantic location as (place, field): items by their id, options by number."""
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
        raw = data.get("items")
        entry = raw[loc[1]] if isinstance(raw, list) and loc[1] < len(raw) else None
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            place = f"spørgsmål '{entry['id']}'"
        else:
            place = f"spørgsmål {loc[1] + 1}"
        rest = loc[2:]
        if len(rest) >= 2 and rest[0] == "options" and isinstance(rest[1], int):
            place += f", svar {rest[1] + 1}"
            rest = rest[2:]
        if rest:
            return place, ".".join(str(part) for part in rest)
        return place, "options" if len(loc) > 2 else "items"
    return "quizzen", ".".join(str(part) for part in loc) or "(hele filen)"


def parse_quiz(data: object, path: Path) -> Quiz:
    """Validate parsed YAML; raise :class:`QuizFileError` naming every problem."""
    if not isinstance(data, dict):
        raise QuizFileError(path, ["filen skal indeholde en quiz (en YAML-mapping)"])
    try:
        quiz = Quiz.model_validate(data)
    except ValidationError as exc:
        problems = [translate(e, *_where(tuple(e["loc"]), data)) for e in exc.errors()]
        raise QuizFileError(path, problems) from None
    problems = consistency_problems(quiz)
    if problems:
        raise QuizFileError(path, problems)
    return quiz


def load_quiz(path: Path) -> Quiz:
    """Read and validate one quiz file."""
    return parse_quiz(read_yaml(path, QuizFileError), Path(path))


def load_quizzes(*directories: Path) -> dict[str, Quiz]:
    """Load every quiz in the given directories (default: the course's own).

    Raises :class:`QuizFileError` for the first bad file and for an ``id`` used twice.
    """
    found: dict[str, Quiz] = {}
    origin: dict[str, Path] = {}
    for directory in directories or (default_quiz_dir(),):
        for path in sorted(Path(directory).iterdir()):
            if path.suffix not in SUFFIXES:
                continue
            quiz = load_quiz(path)
            if quiz.id in found:
                message = f"'{quiz.id}' bruges også i {origin[quiz.id].name}"
                raise QuizFileError(path, [Problem(where="quizzen", field="id", message=message)])
            found[quiz.id] = quiz
            origin[quiz.id] = path
    return found


def schema_text() -> str:
    """The JSON Schema of a quiz file as the text that is committed."""
    return model_schema_text(Quiz)


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the JSON Schema of a quiz file (by default the committed one)."""
    return write_model_schema(Quiz, path)


if __name__ == "__main__":
    print(f"Skrev {write_schema()}")
