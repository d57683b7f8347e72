"""Writing the expert key for a knowledge broker's own excerpt (no widgets here).

An imported excerpt has turns but no key.  :class:`KeyDraft` holds the key while it is being
written: per citizen turn whether it carries a meaning-utterance, of which kind, what the
professional's next turn did with it and why; notes on turns; pause points with their prompt and
suggested replies.  :meth:`KeyDraft.build` turns the draft into an :class:`Excerpt` through the same
pydantic model and :func:`~lises.excerpts.model.consistency_problems` that every excerpt file
passes, and :func:`save_excerpt` writes it atomically, so the trainer can always read what is saved
and an invalid key never replaces a good file.

Widgets pass values in from the browser, where anyone holding the page can forge them
(Voilà), so every setter checks its input and raises :class:`AnnotationError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lises.core.atomic_files import write_atomically
from lises.core.safe_yaml import YamlProblem, parse_text
from lises.excerpts.files import EXCERPT_SUFFIXES, ExcerptFileError, load_excerpt, parse_excerpt
from lises.excerpts.model import Excerpt, Problem, Response, UtteranceKind

DEFAULT_PROMPT = "Hvad ville du sige nu?"
MAX_TEXT = 2000
HEADER = (
    "# Uddrag med nøgle, gemt fra annoteringssiden (lises.laan.annotator).\n"
    "# Pseudonymiseret: ingen navne, CPR-numre eller andet, der kan føre tilbage til en borger.\n"
)


class AnnotationError(ValueError):
    """A key that cannot be saved, or an input that is not allowed; ``problems`` says where."""

    def __init__(self, problems: list[Problem | str]):
        self.problems = [str(p) for p in problems]
        super().__init__("\n".join(self.problems))


@dataclass
class TurnKey:
    """The draft annotation of one citizen turn."""

    marked: bool = False
    kind: str = ""
    response: str = ""
    explanation: str = ""


@dataclass
class PauseDraft:
    """A draft pause point: the prompt and the suggested replies, one per line."""

    prompt: str = DEFAULT_PROMPT
    replies: str = ""


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise AnnotationError(["teksten skal være tekst"])
    return value[:MAX_TEXT]


@dataclass
class KeyDraft:
    """The key of one excerpt while it is being written.

    Attributes
    ----------
    excerpt : Excerpt
        The excerpt as loaded (its turns are never changed here, only notes).
    turns : dict[int, TurnKey]
        Per citizen turn: the draft annotation.
    notes : dict[int, str]
        Per turn: the note shown in the feedback (empty: no note).
    pauses : dict[int, PauseDraft]
        Per turn: a pause point after it.
    """

    excerpt: Excerpt
    turns: dict[int, TurnKey] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    pauses: dict[int, PauseDraft] = field(default_factory=dict)

    @classmethod
    def from_excerpt(cls, excerpt: Excerpt) -> KeyDraft:
        """A draft that starts from the excerpt's existing key, notes and pauses (if any)."""
        keyed = excerpt.key_by_turn
        turns = {}
        for n in excerpt.citizen_turns:
            entry = keyed.get(n)
            turns[n] = (
                TurnKey(True, entry.kind.value, entry.response.value, entry.explanation)
                if entry
                else TurnKey()
            )
        notes = {n: t.note for n, t in enumerate(excerpt.turns, start=1) if t.note}
        pauses = {
            p.after_turn: PauseDraft(p.prompt, "\n".join(p.model_replies)) for p in excerpt.pauses
        }
        return cls(excerpt, turns, notes, pauses)

    # -- setters: every value from the page is checked --------------------------------------

    def _turn(self, turn: object) -> TurnKey:
        if not isinstance(turn, int) or turn not in self.turns:
            raise AnnotationError([f"tur {turn!r} er ikke en af borgerens ture"])
        return self.turns[turn]

    def set_marked(self, turn: int, marked: object) -> None:
        if not isinstance(marked, bool):
            raise AnnotationError(["en markering skal være ja eller nej"])
        self._turn(turn).marked = marked

    def set_kind(self, turn: int, kind: object) -> None:
        if kind not in ("", *(k.value for k in UtteranceKind)):
            raise AnnotationError([f"ukendt slags meningsytring {kind!r}"])
        self._turn(turn).kind = kind

    def set_response(self, turn: int, response: object) -> None:
        if response not in ("", *(r.value for r in Response)):
            raise AnnotationError([f"ukendt vurdering {response!r}"])
        self._turn(turn).response = response

    def set_explanation(self, turn: int, text: object) -> None:
        self._turn(turn).explanation = _text(text)

    def set_note(self, turn: object, text: object) -> None:
        if not isinstance(turn, int) or not 1 <= turn <= len(self.excerpt.turns):
            raise AnnotationError([f"uddraget har ingen tur {turn!r}"])
        self.notes[turn] = _text(text)

    def set_pause(
        self, turn: object, on: object, prompt: object = "", replies: object = ""
    ) -> None:
        if not isinstance(turn, int) or not 1 <= turn <= len(self.excerpt.turns):
            raise AnnotationError([f"uddraget har ingen tur {turn!r}"])
        if not isinstance(on, bool):
            raise AnnotationError(["et pausepunkt skal være til eller fra"])
        if not on:
            self.pauses.pop(turn, None)
            return
        self.pauses[turn] = PauseDraft(_text(prompt), _text(replies))

    # -- the finished key -----------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """What must be filled in before the key can be saved, named by turn and field."""
        problems = []
        for n, entry in sorted(self.turns.items()):
            if not entry.marked:
                continue
            where = f"tur {n}"
            if not entry.kind:
                problems.append(Problem(where=where, field="kind", message="vælg slags ytring"))
            if not entry.response:
                problems.append(
                    Problem(
                        where=where,
                        field="response",
                        message="vælg, hvad den professionelles næste tur gjorde",
                    )
                )
            if not entry.explanation.strip():
                problems.append(
                    Problem(where=where, field="explanation", message="skriv en forklaring")
                )
        for n, pause in sorted(self.pauses.items()):
            if not any(line.strip() for line in pause.replies.splitlines()):
                problems.append(
                    Problem(
                        where=f"pause efter tur {n}",
                        field="model_replies",
                        message="skriv mindst ét forslag til svar",
                    )
                )
        return problems

    def data(self) -> dict:
        """The excerpt with this key as plain data, in the file's field order."""
        data = self.excerpt.model_dump(mode="json", exclude_none=True)
        for n, turn in enumerate(data["turns"], start=1):
            note = self.notes.get(n, turn.get("note", "")).strip()
            turn.pop("note", None)
            if note:
                turn["note"] = note
        data["key"] = [
            {
                "turn": n,
                "kind": entry.kind,
                "response": entry.response,
                "explanation": entry.explanation.strip(),
            }
            for n, entry in sorted(self.turns.items())
            if entry.marked
        ]
        data["pauses"] = [
            {
                "after_turn": n,
                "prompt": pause.prompt.strip() or DEFAULT_PROMPT,
                "model_replies": [r.strip() for r in pause.replies.splitlines() if r.strip()],
            }
            for n, pause in sorted(self.pauses.items())
        ]
        return data

    def build(self) -> Excerpt:
        """The excerpt with this key, validated as every excerpt file is.

        Raises :class:`AnnotationError` listing every problem (turn and field), so the author
        fixes them all at once.
        """
        problems = self.problems()
        if problems:
            raise AnnotationError(problems)
        try:
            return parse_excerpt(self.data(), Path(f"{self.excerpt.id}.yaml"))
        except ExcerptFileError as error:
            raise AnnotationError(error.problems) from None


def excerpt_yaml(excerpt: Excerpt) -> str:
    data = excerpt.model_dump(mode="json", exclude_none=True)
    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def save_excerpt(excerpt: Excerpt, path: Path) -> Path:
    """Write ``excerpt`` to ``path`` atomically, after checking that the text reads back.

    The old file is replaced only by a complete, valid file: a validation error or a crash
    leaves it as it was.
    """
    text = excerpt_yaml(excerpt)
    try:
        # read back as the trainer will read the file: same reader, same size limit
        parse_excerpt(parse_text(text, check_size=True), path)
    except ExcerptFileError as error:
        raise AnnotationError(error.problems) from None
    except YamlProblem as error:
        raise AnnotationError(error.problems) from None
    write_atomically(Path(path), text)
    return Path(path)


@dataclass(frozen=True)
class LocalExcerpts:
    """The knowledge broker's excerpt files: the readable ones by id, and the errors."""

    files: dict[str, tuple[Path, Excerpt]]
    errors: tuple[str, ...]


def scan_excerpts(directory: Path) -> LocalExcerpts:
    """Every readable excerpt in ``directory``; a bad file is reported, not fatal.

    The annotation page must still open when one imported file is broken, and say which.
    """
    files: dict[str, tuple[Path, Excerpt]] = {}
    errors: list[str] = []
    directory = Path(directory)
    paths = sorted(directory.iterdir()) if directory.is_dir() else []
    for path in paths:
        if path.suffix not in EXCERPT_SUFFIXES:
            continue
        try:
            excerpt = load_excerpt(path)
        except ExcerptFileError as error:
            errors.append(str(error))
            continue
        if excerpt.id in files:
            errors.append(
                f"{path.name}: id '{excerpt.id}' bruges også i {files[excerpt.id][0].name}"
            )
            continue
        files[excerpt.id] = (path, excerpt)
    return LocalExcerpts(files, tuple(errors))
