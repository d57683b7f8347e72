"""The Lån et øre page: choose an excerpt and two colleagues' codings, see how far they agree
and the turns to talk about (a thin view over :mod:`lises.laan.comparison`).

Codings come from two places: the knowledge broker's folder (:func:`lises.excerpts.local.
local_coding_dir`), where the trainer's "Gem min kodning til Lån et øre" puts them, and, once the
facilitator opens a workshop with its code and key, the participants' answers to the catching
exercise in the workshop room's store (:func:`lises.excerpts.coding.coding_from_answers`).  A
file that cannot be read is named with its problem, and the others still work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import ipywidgets as widgets

from lises.core.html import download_link
from lises.excerpts import local as local_excerpts
from lises.excerpts.coding import Coding, CodingError, coding_from_answers
from lises.excerpts.coding_files import SavedCoding, scan_codings
from lises.excerpts.files import ExcerptFileError, load_excerpts
from lises.excerpts.model import Excerpt
from lises.ui.voila_query import on_query

from .annotation import scan_excerpts
from .comparison import ComparisonError, agenda_csv, compare
from .html import agenda_table_html, printable_html, summary_html

LABEL = {"description_width": "initial"}
WIDE = {"width": "min(100%, 40rem)"}
# A button as wide as its label: ipywidgets' default width (148 px) cuts longer labels off.
AUTO = {"width": "auto"}


def available_excerpts(local_dir: Path | None = None) -> tuple[dict[str, Excerpt], list[str]]:
    """The course's excerpts and the broker's readable ones; the broker's bad files as errors."""
    excerpts = dict(load_excerpts())
    local = scan_excerpts(local_dir or local_excerpts.local_excerpt_dir())
    errors = list(local.errors)
    for excerpt_id, (path, excerpt) in local.files.items():
        if excerpt_id in excerpts:
            errors.append(f"{path.name}: uddraget, felt 'id': '{excerpt_id}' er kursets eget id")
            continue
        excerpts[excerpt_id] = excerpt
    return excerpts, errors


@dataclass(frozen=True)
class Candidate:
    """A coding that can be chosen: its label, its excerpt and how to get it."""

    label: str
    excerpt: str
    get: Callable[[], Coding]


class LaanEtOere(widgets.VBox):
    """Two codings of one excerpt side by side.

    Attributes
    ----------
    excerpt_choice : ipywidgets.Dropdown
        Excerpts that have at least one coding (saved, or a workshop participant's).
    coding_a, coding_b : ipywidgets.Dropdown
        The two colleagues' codings (value: ``fil:<file name>`` or ``workshop:<n>``).
    workshop_code, workshop_key : ipywidgets.Text, ipywidgets.Password
        Open a workshop's answers as codings (the key is checked in the store and cleared).
    with_key : ipywidgets.Checkbox
        Also compare each coding with the excerpt's expert key.
    result : ipywidgets.HTML
        Agreement, the agenda table and the download links.
    """

    def __init__(
        self,
        local_dir: Path | None = None,
        coding_dir: Path | None = None,
        store_url: str | None = None,
    ):
        self.local_dir = local_dir
        self.coding_dir = coding_dir or local_excerpts.local_coding_dir()
        self.store_url = store_url
        self.excerpts: dict[str, Excerpt] = {}
        self.codings: list[SavedCoding] = []
        self.candidates: dict[str, Candidate] = {}
        self.answers = None  # the opened workshop's answers (pandas), kept in the kernel only
        self.opened_workshop: str | None = None
        header = widgets.HTML(
            "<h2>Lån et øre: sammenlign to kollegers kodning</h2><p>Vælg et uddrag og to "
            "kollegers gemte kodninger af det. Siden viser, hvor enige I er, og laver en "
            "dagsorden med de ture, hvor I har kodet forskelligt. Tag turene én ad gangen, og "
            "tal om dem med de tre mønstre: gribning, institutionelle taleture og borgerens "
            "konkrete arbejdsmarkedsperspektiv.</p>"
        )
        self.excerpt_choice = widgets.Dropdown(description="Uddrag:", style=LABEL, layout=WIDE)
        self.excerpt_choice.observe(lambda _: self._fill_codings(), names="value")
        self.coding_a = widgets.Dropdown(description="Kollega A:", style=LABEL, layout=WIDE)
        self.coding_b = widgets.Dropdown(description="Kollega B:", style=LABEL, layout=WIDE)
        self.with_key = widgets.Checkbox(
            description="Sammenlign også hver kodning med nøglen",
            indent=False,
            layout={"width": "auto"},  # as wide as its text: ipywidgets' default cuts it off
        )
        self.compare_button = widgets.Button(
            description="Sammenlign",
            tooltip="Vis enigheden og dagsordenen",
            button_style="primary",
            layout=AUTO,
        )
        self.compare_button.on_click(lambda _: self.show_comparison())
        self.reload_button = widgets.Button(
            description="Hent kodningerne igen",
            tooltip="Læs mappen med kodninger igen",
            layout=AUTO,
        )
        self.reload_button.on_click(lambda _: self.reload())
        self.notice = widgets.HTML()
        self.result = widgets.HTML()
        self.workshop_code = widgets.Text(description="Workshopkode:", style=LABEL)
        self.workshop_key = widgets.Password(description="Facilitatornøgle:", style=LABEL)
        self.workshop_button = widgets.Button(
            description="Hent workshoppens kodninger",
            tooltip="Brug deltagernes svar i gribningsøvelsen som kodninger",
            layout=AUTO,
        )
        self.workshop_button.on_click(
            lambda _: self.open_workshop(self.workshop_code.value, self.workshop_key.value)
        )
        self.workshop_message = widgets.HTML()
        workshop = widgets.VBox(
            [
                widgets.HTML(
                    "<h3>Kodninger fra en workshop</h3><p>Som facilitator kan du også "
                    "sammenligne to deltageres svar i gribningsøvelsen. Skriv workshopkoden og "
                    "facilitatornøglen.</p>"
                ),
                self.workshop_code,
                self.workshop_key,
                self.workshop_button,
                self.workshop_message,
            ]
        )
        super().__init__(
            [
                header,
                self.excerpt_choice,
                self.coding_a,
                self.coding_b,
                self.with_key,
                widgets.HBox([self.compare_button, self.reload_button]),
                self.notice,
                self.result,
                workshop,
            ]
        )
        self.add_class("lises-laan")
        self.reload()

    def reload(self) -> None:
        """Read excerpts and codings again (a colleague may just have saved one)."""
        try:
            self.excerpts, errors = available_excerpts(self.local_dir)
        except ExcerptFileError as error:  # the course's own files: should never happen
            self.excerpts, errors = {}, [str(error)]
        self.codings, bad = scan_codings(self.coding_dir, self.excerpts)
        errors += [str(e) for e in bad]
        self.candidates = self._candidates()
        coded = sorted({c.excerpt for c in self.candidates.values()})
        self.excerpt_choice.options = [(self.excerpts[i].title, i) for i in coded]
        if self.excerpt_choice.value is None and coded:
            self.excerpt_choice.value = coded[0]  # options set later leave no value chosen
        notes = []
        if not self.candidates:
            notes.append(
                "<p>Der er ingen gemte kodninger endnu. Gå et uddrag igennem i "
                "gribningstræneren, og vælg <em>Gem min kodning til Lån et øre</em> til sidst. "
                "I skal være to, der koder det samme uddrag.</p>"
            )
        if errors:
            items = "".join(f"<li>{escape(e)}</li>" for e in errors)
            notes.append(
                f'<div role="alert"><p>Disse filer kunne ikke læses:</p><ul>{items}</ul></div>'
            )
        self.notice.value = "".join(notes)
        self._fill_codings()

    def _candidates(self) -> dict[str, Candidate]:
        found = {
            f"fil:{c.path.name}": Candidate(c.label, c.coding.excerpt, lambda c=c: c.coding)
            for c in self.codings
        }
        if self.answers is not None:
            rows = self.answers[self.answers["øvelse"] == "gribning"]
            pairs = sorted(set(zip(rows["kaldenavn"], rows["emne"], strict=True)))
            for n, (nickname, item) in enumerate(pairs):
                if item not in self.excerpts:
                    continue
                found[f"workshop:{n}"] = Candidate(
                    f"{nickname} (workshop {self.opened_workshop})",
                    item,
                    lambda e=self.excerpts[item], who=nickname: coding_from_answers(
                        self.answers, e, who
                    ),
                )
        return found

    def _for_excerpt(self) -> dict[str, Candidate]:
        chosen = self.excerpt_choice.value
        return {k: c for k, c in self.candidates.items() if c.excerpt == chosen}

    def _fill_codings(self) -> None:
        options = [(c.label, value) for value, c in self._for_excerpt().items()]
        self.coding_a.options = options
        self.coding_b.options = options
        if options:
            self.coding_a.value = options[0][1]
            self.coding_b.value = options[min(1, len(options) - 1)][1]
        excerpt = self.excerpts.get(self.excerpt_choice.value)
        self.with_key.disabled = excerpt is None or not excerpt.key
        self.compare_button.disabled = len(options) < 2
        self.result.value = (
            "<p>Der er kun én kodning af dette uddrag. En kollega skal også kode det.</p>"
            if len(options) == 1
            else ""
        )

    def show_comparison(self) -> bool:
        """Compare the chosen codings and show agreement, agenda and downloads."""
        chosen = self._for_excerpt()
        excerpt = self.excerpts.get(self.excerpt_choice.value)
        first, second = chosen.get(self.coding_a.value), chosen.get(self.coding_b.value)
        if excerpt is None or first is None or second is None:
            return False  # a stale or forged choice from the page
        if first is second:
            self.result.value = '<p role="alert">Vælg to forskellige kodninger.</p>'
            return False
        try:
            result = compare(excerpt, first.get(), second.get(), self.with_key.value is True)
        except (CodingError, ComparisonError) as error:
            self.result.value = f'<p role="alert">{escape(str(error))}</p>'
            return False
        stem = f"laan-et-oere-{excerpt.id}"
        csv = agenda_csv(result).encode("utf-8-sig")  # BOM: Excel reads æøå right
        printable = printable_html(result).encode("utf-8")
        self.result.value = (
            summary_html(result)
            + agenda_table_html(result)
            + "<p>Hent dagsordenen: "
            + download_link("CSV", f"{stem}.csv", csv, "text/csv")
            + " · "
            + download_link("Side til udskrift (HTML)", f"{stem}.html", printable, "text/html")
            + "</p>"
        )
        return True

    def open_workshop(self, code: object, key: object) -> bool:
        """Use the workshop's answers as codings, if code and facilitator key are right."""
        from lises.workshop.store import (
            Store,  # only now: working alone never loads the database layer
        )

        self.workshop_key.value = ""  # the secret does not stay in the page's widget state
        try:
            store = Store(self.store_url)
            allowed = isinstance(code, str) and isinstance(key, str)
            if not (allowed and store.is_facilitator(code, key)):
                self.workshop_message.value = (
                    '<p role="alert">Forkert workshopkode eller facilitatornøgle.</p>'
                )
                return False
            self.answers = store.workshop_answers(code, key)
            self.opened_workshop = store.workshop(code).code
        except Exception:  # a database that cannot be reached: say so, never a traceback
            self.workshop_message.value = (
                '<p role="alert">Workshoppens svar kunne ikke hentes lige nu. Prøv igen.</p>'
            )
            return False
        self.workshop_message.value = (
            f'<p role="status">Workshop {escape(self.opened_workshop)} er åbnet. Dens deltagere '
            "står nu i listerne over kodninger.</p>"
        )
        self.reload()
        return True


def build_view(local_dir: Path | None = None, coding_dir: Path | None = None) -> LaanEtOere:
    """The comparison page.

    A preheated Voilà kernel builds the page before anyone asks for it, so the codings are
    read again when the page is actually requested: one saved in the meantime is listed.
    """
    view = LaanEtOere(local_dir, coding_dir)
    on_query(lambda _query: view.reload())
    return view
