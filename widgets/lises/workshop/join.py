"""Joining a workshop: the panel every exercise shows when a participant wants to take part.

A participant types the workshop code from the projector (or follows a join link that fills it
in) and a nickname of their own choosing.  The panel says plainly that names, e-mail addresses and
CPR numbers do not belong here; the store refuses them anyway.  After joining, the participant
sees a resume key to write down: with it, a reloaded page continues where they were.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from lises.privacy.pseudonyms import JoinError, normalise_code

from .recorder import Recorder, WorkshopRecorder
from .voila_query import on_query

PRIVACY_NOTE = (
    "Du deltager under et kaldenavn, som du selv vælger. Skriv aldrig dit navn, din "
    "e-mailadresse eller dit CPR-nummer. Facilitatoren ser dine svar under kaldenavnet."
)


def _text(description: str, placeholder: str, width: str = "14rem") -> widgets.Text:
    return widgets.Text(
        description=description,
        placeholder=placeholder,
        style={"description_width": "initial"},
        layout={"width": f"min(100%, {width})"},
        continuous_update=False,
    )


class JoinPanel(widgets.VBox):
    """Workshop code, nickname and (when resuming) the resume key; one button.

    Attributes
    ----------
    code : ipywidgets.Text
        The workshop code (case and spaces do not matter).
    nickname : ipywidgets.Text
        The participant's self-chosen nickname.
    resume_key : ipywidgets.Text
        Only for coming back: the key shown when the participant first joined.
    message : ipywidgets.HTML
        What happened (joined, or what to change), announced to screen readers.
    """

    def __init__(self, exercise: str, on_join: Callable[[Recorder], None], store_url=None):
        self.exercise = exercise
        self.on_join = on_join
        self.store_url = store_url
        self.code = _text("Workshopkode:", "fx K7M2Q", "12rem")
        self.nickname = _text("Kaldenavn:", "fx Blå kop")
        self.resume_key = _text("Genoptagelseskode (kun hvis du har en):", "", "22rem")
        self.join_button = widgets.Button(
            description="Deltag", button_style="primary", tooltip="Deltag i workshoppen"
        )
        self.join_button.on_click(lambda _: self.join())
        self.message = widgets.HTML()
        super().__init__(
            [
                widgets.HTML(
                    "<h3>Deltag i en workshop</h3>"
                    f"<p class='lises-muted'>{escape(PRIVACY_NOTE)}</p>"
                ),
                self.code,
                self.nickname,
                self.resume_key,
                self.join_button,
                self.message,
            ]
        )
        self.add_class("lises-join")
        _prefill_from_link(self.code)

    def join(self) -> Recorder | None:
        """Join with the values typed; show the result; return the recorder or None."""
        code, nickname = self.code.value, self.nickname.value
        resume = self.resume_key.value.strip() or None
        if not isinstance(code, str) or not normalise_code(code):
            self._say("Skriv workshopkoden fra facilitatoren.", alert=True)
            return None
        from .store import Store  # loaded on joining: solo use needs no database

        try:
            store = Store(self.store_url)
            participant = store.join(code, nickname, resume)
        except JoinError as error:
            self._say(str(error), alert=True)
            return None
        except Exception:  # the database is down or unreachable: never show a traceback
            self._say("Workshoppen kan ikke nås lige nu. Prøv igen om lidt.", alert=True)
            return None
        recorder = WorkshopRecorder(store, participant, self.exercise)
        if participant.resume_key:
            self._say(
                f"Du er med som <strong>{escape(participant.nickname)}</strong>. Din "
                f"genoptagelseskode er <strong>{escape(participant.resume_key)}</strong>: skriv "
                "den ned, så kan du fortsætte, hvis siden bliver genindlæst."
            )
        else:
            self._say(
                f"Velkommen tilbage, <strong>{escape(participant.nickname)}</strong>. Du "
                "fortsætter, hvor du slap."
            )
        self.on_join(recorder)
        return recorder

    def _say(self, html: str, alert: bool = False) -> None:
        role = "alert" if alert else "status"
        self.message.value = f'<p role="{role}">{html}</p>'


def _prefill_from_link(code: widgets.Text) -> None:
    """Fill in the code from a join link (``…/gribning.ipynb?workshop=K7M2Q``) in Voilà."""

    def fill(query: dict[str, list[str]]) -> None:
        workshop = query.get("workshop", [""])[0]
        if workshop and not code.value:
            code.value = normalise_code(workshop)

    on_query(fill)
