"""The facilitator's live view of a workshop (a Voilà page of its own).

It opens only with the workshop code and the facilitator key (checked against the store on the
server, never in the browser).  It refreshes itself every few seconds while the page is open and
shows, per exercise, what the room answered; it lets the facilitator reveal the expert key,
close the workshop and download everything as CSV or Excel.  Every text a participant wrote is
shown escaped: markup in an answer is displayed, never executed.  Summaries come from
:mod:`lises.facilitator.room`; this module only lays them out.
"""

from __future__ import annotations

import asyncio
import io
from datetime import datetime
from html import escape

import ipywidgets as widgets
import pandas as pd

from lises.core import exercises
from lises.core.html import download_link
from lises.excerpts import local as local_excerpts
from lises.workshop.store import Store, StoreError
from lises.workshop.voila_query import on_query

from . import room
from .panes import table_html

REFRESH_SECONDS = 3
EXERCISES = {k.name: k.title for k in exercises.answered()}
"""The exercises whose answers the view shows, with their Danish titles (from the registry)."""


class FacilitatorView(widgets.VBox):
    """Login, then the live dashboard of one workshop.

    Attributes
    ----------
    code, key : ipywidgets.Text, ipywidgets.Password
        The workshop code and the facilitator key.
    summary : ipywidgets.HTML
        Workshop title, participants, last update.
    tabs : ipywidgets.Tab
        One tab per exercise plus the overview and the free-text answers.
    reveal : dict of ipywidgets.ToggleButton
        Per exercise: whether participants see the expert key.
    """

    def __init__(self, store_url: str | None = None):
        self.store_url = store_url
        self.store: Store | None = None
        # the course's excerpts and the team's own, so a room can work on its own conversation
        # (a bad file of the team's is named on the dashboard and skipped)
        self.excerpts, skipped = local_excerpts.available_excerpts()
        self.skipped_notice = local_excerpts.skipped_html(skipped)
        self.workshop_code: str | None = None
        self._key: str | None = None
        self._last_count = -1
        self.code = widgets.Text(
            description="Workshopkode:", style={"description_width": "initial"}
        )
        self.key = widgets.Password(
            description="Facilitatornøgle:", style={"description_width": "initial"}
        )
        self.open_button = widgets.Button(description="Åbn workshoppen", button_style="primary")
        self.open_button.on_click(lambda _: self.sign_in(self.code.value, self.key.value))
        self.message = widgets.HTML()
        self.login = widgets.VBox(
            [
                widgets.HTML("<h2>Facilitatorvisning</h2><p>Kun for den, der leder workshoppen."),
                self.code,
                self.key,
                self.open_button,
                self.message,
            ]
        )
        super().__init__([self.login])
        self.add_class("lises-facilitator")
        self._open_store()
        _prefill(self)

    def _open_store(self) -> bool:
        """Open the workshop store, or say in Danish that it cannot be reached now."""
        if self.store is None:
            try:
                self.store = Store(self.store_url)
            except StoreError as error:  # a page, not Voilà's English cell error
                self.message.value = f'<p role="alert">{escape(str(error))}</p>'
                return False
        return True

    def _store_failed(self) -> None:
        self.message.value = (
            '<p role="alert">Workshopdatabasen svarer ikke lige nu, så handlingen blev ikke '
            "udført. Prøv igen om lidt.</p>"
        )

    # -- login ---------------------------------------------------------------------------------

    def sign_in(self, code: object, key: object) -> bool:
        if not self._open_store():
            return False
        try:
            return self._sign_in(code, key)
        except Exception:  # the database went away: say so, never a traceback
            self._store_failed()
            return False

    def _sign_in(self, code: object, key: object) -> bool:
        if not (isinstance(code, str) and isinstance(key, str)) or not self.store.is_facilitator(
            code, key
        ):
            self.message.value = '<p role="alert">Forkert workshopkode eller facilitatornøgle.</p>'
            return False
        self.workshop_code, self._key = self.store.workshop(code).code, key
        self.key.value = ""  # the secret does not stay in the page's widget state
        self._build_dashboard()
        self.refresh()
        self._start_auto_refresh()
        return True

    def _build_dashboard(self) -> None:
        self.summary = widgets.HTML()
        self.reveal = {}
        for exercise, label in EXERCISES.items():
            toggle = widgets.ToggleButton(
                description=f"Vis nøglen: {label}",
                tooltip=f"Lad deltagerne se eksperternes svar i {label.lower()}",
            )
            toggle.observe(lambda change, e=exercise: self._set_reveal(e, change), names="value")
            self.reveal[exercise] = toggle
        self.refresh_button = widgets.Button(description="Opdatér nu")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.close_confirm = widgets.Checkbox(description="Ja, luk for nye svar")
        self.close_button = widgets.Button(description="Luk workshoppen", button_style="danger")
        self.close_button.on_click(lambda _: self._close())
        self.export_button = widgets.Button(description="Lav eksport (CSV og Excel)")
        self.export_button.on_click(lambda _: self._export())
        self.export_links = widgets.HTML()
        self.excerpt_choice = widgets.Dropdown(
            options=[(e.title, e.id) for e in self.excerpts.values()],
            description="Uddrag:",
            style={"description_width": "initial"},
        )
        self.excerpt_choice.observe(lambda _: self.refresh(force=True), names="value")
        self.panes = {name: widgets.HTML() for name in ("overblik", *EXERCISES, "fritekst")}
        pages = {name: self.panes[name] for name in EXERCISES}
        pages["gribning"] = widgets.VBox(  # the catching pane shows one chosen excerpt
            [widgets.HTML(self.skipped_notice), self.excerpt_choice, self.panes["gribning"]]
        )
        self.tabs = widgets.Tab(
            children=[self.panes["overblik"], *pages.values(), self.panes["fritekst"]],
            titles=("Overblik", *EXERCISES.values(), "Fritekst"),
        )
        self.children = [
            self.summary,
            widgets.HBox(list(self.reveal.values())),
            self.tabs,
            widgets.HBox([self.refresh_button, self.export_button]),
            self.export_links,
            widgets.HBox([self.close_confirm, self.close_button]),
            self.message,
        ]

    # -- live data -----------------------------------------------------------------------------

    def refresh(self, force: bool = False) -> None:
        """Read the workshop's answers and redraw the panes (only if something changed)."""
        if self.workshop_code is None:
            return
        answers = self.store.workshop_answers(self.workshop_code, self._key)
        participants = self.store.workshop_participants(self.workshop_code, self._key)
        workshop = self.store.workshop(self.workshop_code)
        for exercise, toggle in self.reveal.items():
            toggle.value = exercise in workshop.revealed
        state = "lukket" if workshop.closed else "åben"
        self.summary.value = (
            f"<h2>{escape(workshop.title)}</h2><p role='status'>Kode "
            f"<strong>{escape(workshop.code)}</strong> · {len(participants)} deltagere · "
            f"{len(answers)} svar · workshoppen er {state} · opdateret "
            f"{datetime.now():%H:%M:%S}</p>"
        )
        if not force and len(answers) == self._last_count:
            return
        self._last_count = len(answers)
        self._draw(answers, participants)

    def _draw(self, answers: pd.DataFrame, participants: list[str]) -> None:
        self.panes["overblik"].value = table_html(room.progress(answers, participants))
        context = {"excerpts": self.excerpts, "excerpt": self.excerpts[self.excerpt_choice.value]}
        for kind in exercises.answered():
            self.panes[kind.name].value = kind.summary_function()(answers, **context)
        self.panes["fritekst"].value = table_html(room.replies(answers), "Ingen fritekst endnu.")

    def _start_auto_refresh(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no event loop (unit tests): refresh() is called directly

        async def tick() -> None:
            while True:  # until the kernel stops with the page
                await asyncio.sleep(REFRESH_SECONDS)
                try:
                    self.refresh()
                except Exception:  # a database hiccup must not stop the live view
                    continue

        self._refresher = loop.create_task(tick())

    # -- facilitator actions -------------------------------------------------------------------

    def _set_reveal(self, exercise: str, change: dict) -> None:
        if exercise in EXERCISES and isinstance(change.get("new"), bool):
            try:
                self.store.set_revealed(self.workshop_code, self._key, exercise, change["new"])
            except Exception:
                self._store_failed()

    def _close(self) -> None:
        if not self.close_confirm.value:
            self.message.value = '<p role="alert">Sæt flueben, hvis workshoppen skal lukkes.</p>'
            return
        try:
            self.store.close_workshop(self.workshop_code, self._key)
        except Exception:
            self._store_failed()
            return
        self.message.value = '<p role="status">Workshoppen er lukket for nye svar.</p>'
        self.refresh(force=True)

    def _export(self) -> None:
        try:
            answers = export_table(self.store.workshop_answers(self.workshop_code, self._key))
        except Exception:
            self._store_failed()
            return
        stem = f"workshop-{self.workshop_code}"
        csv = answers.to_csv(index=False).encode("utf-8-sig")  # BOM: Excel reads æøå right
        excel = io.BytesIO()
        answers.to_excel(excel, index=False, sheet_name="svar")
        self.export_links.value = (
            "<p>Hent: "
            + download_link("CSV", f"{stem}.csv", csv, "text/csv")
            + " · "
            + download_link(
                "Excel",
                f"{stem}.xlsx",
                excel.getvalue(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            + "</p>"
        )


def export_table(answers: pd.DataFrame) -> pd.DataFrame:
    """Answers flattened for a spreadsheet: the value as text, the time without time zone."""
    table = answers.copy()
    table["svar"] = table["svar"].map(lambda v: v if isinstance(v, str) else repr(v))
    table["tidspunkt"] = pd.to_datetime(table["tidspunkt"], utc=True).dt.tz_localize(None)
    return table


def _prefill(view: FacilitatorView) -> None:
    """Fill code and key from the facilitator link that ``lises.tools.serve --workshop`` prints."""

    def fill(query: dict[str, list[str]]) -> None:
        view.code.value = query.get("workshop", [""])[0]
        view.key.value = query.get("key", [""])[0]

    on_query(fill)


def build_view(store_url: str | None = None) -> FacilitatorView:
    return FacilitatorView(store_url)
