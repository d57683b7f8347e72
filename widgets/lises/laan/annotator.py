"""The annotation page: a knowledge broker writes the expert key for an own excerpt (thin view).

The broker chooses an imported excerpt from the local folder (or opens the page with
``?uddrag=<id>``), goes through the citizen turns one at a time, marks the meaning-utterances,
says what kind they are, what the professional's next turn did and why, adds notes and pause
points, and saves.  Every decision and check lives in :mod:`lises.laan.annotation`; this module
only shows the draft and passes values on.  Every control has a visible Danish label, the
controls follow each other in reading order, and nothing shows code or a traceback.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from urllib.parse import quote

import ipywidgets as widgets

from lises.excerpts import feedback
from lises.excerpts import local as local_excerpts
from lises.excerpts.local import SHARED_SERVER_VARIABLE
from lises.excerpts.model import Excerpt, UtteranceKind
from lises.ui.voila_query import on_query

from .annotation import (
    AnnotationError,
    KeyDraft,
    LocalExcerpts,
    save_excerpt,
    scan_excerpts,
)
from .turn_key_form import LABEL, WIDE, TurnKeyForm

SAVE_FAILED = "Nøglen kunne ikke gemmes. Filen er uændret. Prøv igen om lidt."
SHARED_OFF = (
    "Annotering er slået fra, når øvelserne køres for et hold på en fælles server. Annotér "
    "uddraget på din egen computer (make serve)."
)


def _button(label: str, tooltip: str, style: str = "") -> widgets.Button:
    return widgets.Button(
        description=label, tooltip=tooltip, button_style=style, layout={"width": "auto"}
    )


def _select_first(dropdown: widgets.Dropdown) -> None:
    # A Dropdown created without options keeps no value when options arrive later.
    if dropdown.value is None and dropdown.options:
        dropdown.value = dropdown.options[0][1]


class Annotator(widgets.VBox):
    """Choose an excerpt, write its key turn by turn, save it.

    Attributes
    ----------
    chooser : ipywidgets.Dropdown
        The broker's excerpts (value: excerpt id).
    turn_choice : ipywidgets.Dropdown
        The citizen turn being annotated (value: turn number).
    form : TurnKeyForm
        The annotation of that turn (see :mod:`lises.laan.turn_key_form`).
    save_button : ipywidgets.Button
        "Gem nøglen": validates and saves atomically.
    message : ipywidgets.HTML
        Problems (an alert naming turn and field) or the saved state with the trainer link.
    """

    def __init__(self, directory: Path | None = None):
        self.directory = directory or local_excerpts.local_excerpt_dir()
        self.local: LocalExcerpts = scan_excerpts(self.directory)
        self.draft: KeyDraft | None = None
        self.path: Path | None = None
        self._loading = False

        self.header = widgets.HTML(
            "<h2>Annotér et uddrag</h2><p>Her skriver du nøglen til et af jeres egne, "
            "pseudonymiserede samtaleuddrag: hvilke af borgerens ture der bærer en "
            "meningsytring, hvad den professionelles næste tur gjorde med den, og hvorfor. "
            "Bagefter kan uddraget bruges i gribningstræneren og til Lån et øre.</p>"
        )
        self.chooser = widgets.Dropdown(description="Vælg uddrag:", style=LABEL, layout=WIDE)
        # Whether the chosen excerpt has a key is said under the list, not in each option: a
        # select cannot wrap, and a title with "(uden nøgle)" after it was cut off on a phone.
        self.chooser_key = widgets.HTML()
        self.chooser.observe(lambda _: self._show_key_state(), names="value")
        self.chooser_message = widgets.HTML()
        self.open_button = _button("Åbn uddraget", "Vis uddraget og begynd at annotere", "primary")
        self.open_button.on_click(lambda _: self.open_excerpt(self.chooser.value))
        self._fill_chooser()

        self.title = widgets.HTML()
        self.conversation = widgets.HTML()
        self.overview = widgets.HTML()
        self.turn_choice = widgets.Dropdown(description="Borgerens tur:", style=LABEL)
        self.turn_choice.observe(lambda _: self._show_turn(), names="value")
        self.previous_button = _button("Forrige borgertur", "Gå til borgerens forrige tur")
        self.next_button = _button("Næste borgertur", "Gå til borgerens næste tur")
        self.previous_button.on_click(lambda _: self._step(-1))
        self.next_button.on_click(lambda _: self._step(1))
        self.form = TurnKeyForm(on_change=self._show_overview)

        self.save_button = _button("Gem nøglen", "Tjek nøglen og gem uddraget", "primary")
        self.save_button.on_click(lambda _: self.save())
        self.message = widgets.HTML()
        self.back_button = _button("Vælg et andet uddrag", "Tilbage til listen over uddrag")
        self.back_button.on_click(lambda _: self.show_chooser())

        self.editor = widgets.VBox(
            [
                self.title,
                self.conversation,
                self.overview,
                widgets.HBox([self.turn_choice, self.previous_button, self.next_button]),
                self.form,
                self.save_button,
                self.message,
                self.back_button,
            ]
        )
        super().__init__()
        self.add_class("lises-annotator")
        self.show_chooser()

    # -- choosing ---------------------------------------------------------------------------

    def _fill_chooser(self) -> None:
        files = self.local.files
        by_title = sorted(files.items(), key=lambda item: item[1][1].title)
        self.chooser.options = [(excerpt.title, eid) for eid, (_, excerpt) in by_title]
        _select_first(self.chooser)
        self._show_key_state()
        notes = []
        if not files:
            notes.append(
                "<p>Der er ingen uddrag i din mappe endnu. Importér først et pseudonymiseret "
                f"udskrift af en samtale. Mappen er <code>{escape(str(self.directory))}</code>.</p>"
            )
        if self.local.errors:
            items = "".join(f"<li>{escape(e)}</li>" for e in self.local.errors)
            notes.append(f'<div role="alert"><p>Disse filer kunne ikke læses:</p><ul>{items}</ul>')
            notes.append("</div>")
        self.chooser_message.value = "".join(notes)
        self.open_button.disabled = not files

    def _show_key_state(self) -> None:
        found = self.local.files.get(self.chooser.value) if self.chooser.value else None
        if found is None:
            self.chooser_key.value = ""
            return
        state = "har en nøgle, som du kan rette" if found[1].key else "har ingen nøgle endnu"
        self.chooser_key.value = f"<p>Uddraget {state}.</p>"

    def show_chooser(self) -> None:
        """The list of excerpts, read from the folder again."""
        self.local = scan_excerpts(self.directory)  # a new import shows without a reload
        self._fill_chooser()
        self.children = [
            self.header,
            self.chooser,
            self.chooser_key,
            self.open_button,
            self.chooser_message,
        ]

    def open_excerpt(self, excerpt_id: object) -> bool:
        """Show the editor for the excerpt with this id; unknown ids change nothing."""
        if not isinstance(excerpt_id, str) or excerpt_id not in self.local.files:
            return False
        self.path, excerpt = self.local.files[excerpt_id]
        self.draft = KeyDraft.from_excerpt(excerpt)
        self.title.value = (
            f"<h3>{escape(excerpt.title)}</h3><p>{escape(excerpt.setting)}</p>"
            f"<p>{escape(excerpt.summary)}</p>"
        )
        self.conversation.value = feedback.conversation_html(excerpt, len(excerpt.turns))
        self.message.value = ""
        self._loading = True
        self.turn_choice.options = [(f"Tur {n}", n) for n in excerpt.citizen_turns]
        _select_first(self.turn_choice)
        self._loading = False
        self.children = [self.header, self.editor]
        self._show_turn()
        self.form.marked.focus()
        return True

    # -- one citizen turn -------------------------------------------------------------------

    @property
    def turn(self) -> int | None:
        return self.turn_choice.value

    def _step(self, delta: int) -> None:
        turns = [value for _, value in self.turn_choice.options]
        if self.turn in turns:
            index = min(max(turns.index(self.turn) + delta, 0), len(turns) - 1)
            self.turn_choice.value = turns[index]

    def _show_turn(self) -> None:
        if self.draft is None or self.turn is None or self._loading:
            return
        self.form.load(self.draft, self.turn)
        self._show_overview()

    def _show_overview(self) -> None:
        draft = self.draft
        marked = [
            f"tur {n} ({feedback.KIND_WORDS.get(UtteranceKind(e.kind), '?') if e.kind else '?'}"
            f", {e.response or '?'})"
            for n, e in sorted(draft.turns.items())
            if e.marked
        ]
        pauses = [f"efter tur {n}" for n in sorted(draft.pauses)]
        self.overview.value = (
            '<p role="status">Meningsytringer: '
            + escape("; ".join(marked) or "ingen endnu")
            + ". Pausepunkter: "
            + escape(", ".join(pauses) or "ingen")
            + ".</p>"
        )

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> bool:
        """Validate the key and save the excerpt; say what is missing, turn by turn."""
        if self.draft is None or self.path is None:
            return False
        try:
            excerpt = self.draft.build()
            save_excerpt(excerpt, self.path)
        except AnnotationError as error:
            items = "".join(f"<li>{escape(p)}</li>" for p in error.problems)
            self.message.value = (
                '<div role="alert"><p>Nøglen er ikke gemt. Ret det her først:</p>'
                f"<ul>{items}</ul></div>"
            )
            return False
        except Exception:  # a full disk or a read-only folder: the old file is untouched
            self.message.value = f'<p role="alert">{escape(SAVE_FAILED)}</p>'
            return False
        self.local.files[excerpt.id] = (self.path, excerpt)
        self.draft.excerpt = excerpt
        self.message.value = saved_html(excerpt, self.path)
        return True


def saved_html(excerpt: Excerpt, path: Path) -> str:
    """The saved state and the link to the trainer with this excerpt."""
    link = f"gribning.ipynb?uddrag={quote(excerpt.id)}"
    return (
        f'<p role="status">Nøglen er gemt i {escape(path.name)}: {len(excerpt.key)} '
        f"meningsytringer og {len(excerpt.pauses)} pausepunkter.</p>"
        f'<p><a href="{escape(link)}" class="lises-trainer-link">Åbn i gribningstræneren</a></p>'
    )


def build_annotator(directory: Path | None = None) -> Annotator | widgets.HTML:
    """The annotation page; ``?uddrag=<id>`` opens that excerpt at once.

    A preheated Voilà kernel builds the page before anyone asks for it, so the folder is read
    again when the page is actually requested: an excerpt imported in the meantime is listed.
    """
    if os.environ.get(SHARED_SERVER_VARIABLE) == "1":
        # Served to a class (on the network): the team's files are not for anyone with the link
        # to change. The broker annotates with `make serve` on her or his own machine.
        return widgets.HTML(
            f'<div class="lises-annotator"><h2>Annotér et uddrag</h2><p>{escape(SHARED_OFF)}'
            "</p></div>"
        )
    view = Annotator(directory)

    def requested(query: dict[str, list[str]]) -> None:
        view.show_chooser()
        view.open_excerpt(query.get("uddrag", [""])[0])

    on_query(requested)
    return view
