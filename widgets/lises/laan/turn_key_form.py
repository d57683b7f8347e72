"""The form for one citizen turn on the annotation page (a thin view over a KeyDraft).

It shows the citizen's turn and the professional's next turn, and holds the controls that annotate
it: carries a meaning-utterance, which kind, what the next turn did with it, why; notes on both
turns; a pause point after it.  Every change goes straight into the
:class:`~lises.laan.annotation.KeyDraft`, which checks it; :mod:`lises.laan.annotator` holds the
page.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from lises.excerpts import feedback
from lises.excerpts.model import UtteranceKind, next_professional_turn
from lises.excerpts.responses import RESPONSES

from .annotation import DEFAULT_PROMPT, AnnotationError, KeyDraft

WIDE = {"width": "min(100%, 40rem)"}
LABEL = {"description_width": "initial"}


def textarea(label: str, placeholder: str = "", height: str = "5rem") -> widgets.Textarea:
    # The value is sent when the field loses focus, not per keystroke: fewer messages, and no
    # keystrokes lost to the kernel's echo of an earlier value while someone types fast.
    return widgets.Textarea(
        description=label,
        placeholder=placeholder,
        style=LABEL,
        layout={**WIDE, "height": height},
        continuous_update=False,
    )


class TurnKeyForm(widgets.VBox):
    """The annotation of one citizen turn.

    Attributes
    ----------
    context : ipywidgets.HTML
        The citizen's turn and the professional's next turn.
    marked, kind, response, explanation : ipywidgets widgets
        Carries a meaning-utterance, which kind, what the professional's next turn did, why.
    citizen_note, professional_note : ipywidgets.Textarea
        Optional notes on the citizen's turn and on the professional's next turn.
    pause, pause_prompt, pause_replies : ipywidgets widgets
        A pause point after the turn: the question and the suggested replies (one per line).
    """

    def __init__(self, on_change: Callable[[], None]):
        self.on_change = on_change
        self.draft: KeyDraft | None = None
        self.turn: int | None = None
        self._loading = False
        self.context = widgets.HTML()
        self.marked = widgets.Checkbox(description="Turen bærer en meningsytring", indent=False)
        self.kind = widgets.Dropdown(
            description="Slags meningsytring:",
            options=[("(vælg)", "")] + [(feedback.KIND_WORDS[k], k.value) for k in UtteranceKind],
            style=LABEL,
        )
        self.response = widgets.Dropdown(
            description="Hvad gjorde den professionelles næste tur?",
            options=[("(vælg)", "")] + [(w.label, r.value) for r, w in RESPONSES.items()],
            style=LABEL,
        )
        self.explanation = textarea(
            "Forklaring til deltagerne:", "Hvorfor er det en meningsytring, og hvad skete der?"
        )
        self.citizen_note = textarea("Note til borgerens tur (valgfri):", height="3.5rem")
        self.professional_note = textarea(
            "Note til den professionelles tur (valgfri):", "", "3.5rem"
        )
        self.pause = widgets.Checkbox(description="Pausepunkt efter turen", indent=False)
        self.pause_prompt = widgets.Text(
            description="Spørgsmål ved pausen:",
            style=LABEL,
            layout=WIDE,
            continuous_update=False,
        )
        self.pause_replies = textarea(
            "Forslag til svar (ét pr. linje):", "Sådan kunne man gribe det …"
        )
        for control in (self.marked, self.kind, self.response, self.explanation):
            control.observe(lambda _: self._store_turn(), names="value")
        for control in (self.citizen_note, self.professional_note):
            control.observe(lambda _: self._store_notes(), names="value")
        for control in (self.pause, self.pause_prompt, self.pause_replies):
            control.observe(lambda _: self._store_pause(), names="value")
        super().__init__(
            [
                self.context,
                self.marked,
                self.kind,
                self.response,
                self.explanation,
                self.citizen_note,
                self.professional_note,
                self.pause,
                self.pause_prompt,
                self.pause_replies,
            ]
        )

    def load(self, draft: KeyDraft, turn: int) -> None:
        """Show citizen turn ``turn`` of ``draft`` (values are shown, not stored again)."""
        self.draft, self.turn = draft, turn
        excerpt, n = draft.excerpt, turn
        entry = self.draft.turns[n]
        responder = next_professional_turn(excerpt, n)
        lines = [f"<p><strong>Tur {n}, borgeren:</strong> {escape(excerpt.turns[n - 1].text)}</p>"]
        if responder:
            speaker = excerpt.participant(excerpt.turns[responder - 1].speaker).label
            lines.append(
                f"<p><strong>Den professionelles næste tur (tur {responder}, "
                f"{escape(speaker.lower())}):</strong> "
                f"{escape(excerpt.turns[responder - 1].text)}</p>"
            )
        else:
            lines.append("<p>Ingen professionel tur følger efter denne tur.</p>")
        pause = self.draft.pauses.get(n)
        self._loading = True
        try:
            self.context.value = "".join(lines)
            self.marked.description = f"Tur {n} bærer en meningsytring"
            self.marked.value = entry.marked
            self.kind.value = entry.kind
            self.response.value = entry.response
            self.explanation.value = entry.explanation
            self.citizen_note.value = self.draft.notes.get(n, "")
            self.professional_note.value = self.draft.notes.get(responder, "") if responder else ""
            self.professional_note.description = (
                f"Note til den professionelles tur {responder} (valgfri):"
            )
            self.professional_note.layout.display = None if responder else "none"
            self.pause.description = f"Pausepunkt efter tur {n}"
            self.pause.disabled = n >= len(excerpt.turns)
            self.pause.value = pause is not None
            self.pause_prompt.value = pause.prompt if pause else DEFAULT_PROMPT
            self.pause_replies.value = pause.replies if pause else ""
        finally:
            self._loading = False
        self._enable()

    def _enable(self) -> None:
        for control in (self.kind, self.response, self.explanation):
            control.disabled = not self.marked.value
        for control in (self.pause_prompt, self.pause_replies):
            control.disabled = not self.pause.value

    def _store_turn(self) -> None:
        if self._loading or self.draft is None or self.turn is None:
            return
        try:
            self.draft.set_marked(self.turn, self.marked.value)
            self.draft.set_kind(self.turn, self.kind.value)
            self.draft.set_response(self.turn, self.response.value)
            self.draft.set_explanation(self.turn, self.explanation.value)
        except AnnotationError:
            return  # a forged value from the page: the draft keeps the last good one
        self._enable()
        self.on_change()

    def _store_notes(self) -> None:
        if self._loading or self.draft is None or self.turn is None:
            return
        responder = next_professional_turn(self.draft.excerpt, self.turn)
        try:
            self.draft.set_note(self.turn, self.citizen_note.value)
            if responder:
                self.draft.set_note(responder, self.professional_note.value)
        except AnnotationError:
            return

    def _store_pause(self) -> None:
        if self._loading or self.draft is None or self.turn is None:
            return
        try:
            self.draft.set_pause(
                self.turn, self.pause.value, self.pause_prompt.value, self.pause_replies.value
            )
        except AnnotationError:
            return
        self._enable()
        self.on_change()
