"""The trainer's small "save my coding for Lån et øre" control (a thin widget view).

After the feedback, a learner who is going to compare readings with a colleague writes a
nickname and saves the coding of the excerpt just done into the knowledge broker's folder
(:func:`lises.excerpts.local.local_coding_dir`).  The coding itself is made and written by
:mod:`lises.excerpts.coding` and :mod:`lises.excerpts.coding_files`.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import ipywidgets as widgets

from lises.excerpts import local as local_excerpts
from lises.excerpts.coding import CodingError, coding_from_marks
from lises.excerpts.coding_files import save_coding
from lises.excerpts.model import Excerpt, Response

SAVE_LABEL = "Gem min kodning til Lån et øre"
SAVE_FAILED = "Kodningen kunne ikke gemmes. Prøv igen, eller spørg den, der har sat kurset op."


class CodingPanel(widgets.VBox):
    """Nickname field and save button for the coding just finished.

    Attributes
    ----------
    nickname : ipywidgets.Text
        The colleague's nickname (checked as pseudonymous when saving).
    save_button : ipywidgets.Button
        Saves the coding.
    message : ipywidgets.HTML
        What happened, as a status or an alert.
    """

    def __init__(self) -> None:
        self._excerpt: Excerpt | None = None
        self._marks: dict[int, Response | None] = {}
        self.nickname = widgets.Text(
            description="Dit kaldenavn:",
            placeholder="fx Kollega7 (aldrig navn eller CPR-nummer)",
            style={"description_width": "initial"},
            continuous_update=False,
        )
        self.save_button = widgets.Button(
            description=SAVE_LABEL,
            tooltip="Gem din kodning, så du kan sammenligne den med en kollegas",
            layout={"width": "auto"},
        )
        self.save_button.on_click(lambda _: self.save())
        self.message = widgets.HTML()
        intro = widgets.HTML(
            "<h3>Lån et øre</h3><p>Skal du sammenligne din læsning af samtalen med en kollegas? "
            "Gem din kodning under et kaldenavn, og åbn siden Lån et øre bagefter.</p>"
        )
        super().__init__([intro, self.nickname, self.save_button, self.message])
        self.add_class("lises-coding-panel")

    def show(self, excerpt: Excerpt, marks: Mapping[int, Response | None]) -> None:
        """Get ready to save the coding ``marks`` of ``excerpt``."""
        self._excerpt, self._marks = excerpt, dict(marks)
        self.message.value = ""

    def save(self) -> None:
        if self._excerpt is None:
            return
        try:
            coding = coding_from_marks(self._excerpt, self.nickname.value, self._marks)
        except CodingError as error:
            self.message.value = f'<p role="alert">{escape(str(error))}</p>'
            return
        try:
            path = save_coding(coding, local_excerpts.local_coding_dir(create=True))
        except Exception:  # a full disk or a read-only folder: say so, never show a traceback
            self.message.value = f'<p role="alert">{escape(SAVE_FAILED)}</p>'
            return
        self.message.value = (
            f'<p role="status">Din kodning er gemt som {escape(coding.coder)} '
            f"(filen {escape(path.name)}).</p>"
        )
