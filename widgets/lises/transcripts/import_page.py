"""The page where a knowledge broker imports a team transcript (``exercises/importer.ipynb``).

A thin view over :mod:`lises.transcripts.importer` and :mod:`lises.privacy.guard`: choose a file,
fill in id and title, press "Kontrollér" to see what the guard found (each finding with its
place), accept probable names explicitly, and "Gem uddraget" saves only a clean transcript and
links to the trainer with the new excerpt.  Every value that arrives from the page is checked
again on saving (Voilà lets any client holding the page send widget messages), and the page is
off when the exercises are served to a class on a shared server, so learners cannot write files.
"""

from __future__ import annotations

import os
from html import escape
from urllib.parse import quote

import ipywidgets as widgets

from lises.excerpts.local import SHARED_SERVER_VARIABLE
from lises.excerpts.model import Difficulty
from lises.privacy.guard import Report

from .importer import (
    DEFAULT_SETTING,
    DEFAULT_SUMMARY,
    ImportOptions,
    ImportRefused,
    check_transcript,
    parse_speaker,
    save,
    slugify,
)
from .limits import check_size
from .readers import SUFFIXES, TranscriptError

FAILED = "Noget gik galt, og uddraget er ikke gemt. Prøv igen, eller brug kommandoen i README."
SHARED_OFF = (
    "Import af egne samtaler er slået fra, når øvelserne køres for et hold på en fælles server. "
    "Start kurset med make serve på din egen maskine for at importere."
)
INTRO = (
    "<h2>Importér en samtale fra jeres eget team</h2>"
    "<p>Vælg en pseudonymiseret udskrift (.txt, .docx, .csv eller .xlsx). I en tekstfil "
    "begynder hver tur med en talerkode, fx <code>S:</code> eller <code>B:</code>; i Word en "
    "tabel med kolonnerne taler og tekst eller ét afsnit pr. tur; i et regneark kolonnerne "
    "<code>taler</code> og <code>tekst</code>.</p>"
    "<p class='lises-muted'>Før noget gemmes, leder kontrollen efter CPR-numre, telefonnumre, "
    "e-mailadresser og adresser (de afvises) og efter ord, der måske er navne (dem skal du "
    "bekræfte). Kontrollen er en hjælp, ikke en garanti: læs selv udskriften igennem.</p>"
)


def _text(description: str, value: str = "", placeholder: str = "") -> widgets.Text:
    return widgets.Text(
        value=value,
        description=description,
        placeholder=placeholder,
        style={"description_width": "initial"},
        layout={"width": "min(100%, 38rem)"},
        continuous_update=False,  # one message per field, not per key: the id follows the title
    )


def _difficulty(value: object) -> Difficulty:
    # The dropdown's value comes from the page: a forged one gets a Danish message.
    if value not in {d.value for d in Difficulty}:
        raise ValueError("Vælg en sværhedsgrad fra listen.")
    return Difficulty(value)


def report_html(report: Report) -> str:
    """The guard's findings as escaped HTML: refusals as an alert, warnings as a status."""
    parts = []
    if report.refusals:
        items = "".join(f"<li>{escape(f.message)}</li>" for f in report.refusals)
        parts.append(
            '<div role="alert"><p><strong>Personoplysninger, der skal fjernes, før uddraget kan '
            f"gemmes:</strong></p><ul class='lises-refusals'>{items}</ul></div>"
        )
    if report.warnings:
        items = "".join(f"<li>{escape(f.message)}</li>" for f in report.warnings)
        parts.append(
            '<div role="status"><p><strong>Ord, der måske er navne:</strong></p>'
            f"<ul class='lises-warnings'>{items}</ul></div>"
        )
    if report.note:
        parts.append(f"<p class='lises-muted'>{escape(report.note)}</p>")
    if not parts:
        parts.append('<p role="status">Kontrollen fandt ingen personoplysninger.</p>')
    return "".join(parts)


class ImportPage(widgets.VBox):
    """Upload, options, check and save.

    Attributes
    ----------
    upload : ipywidgets.FileUpload
        The transcript (one file: .txt, .docx, .csv or .xlsx).
    excerpt_id, title, setting, summary, speakers : ipywidgets.Text / Textarea
        The excerpt's id (made from the title when empty), title, setting, summary and the
        speaker codes (``S=sagsbehandler:Sagsbehandler, B=borger:Borger``).
    difficulty : ipywidgets.Dropdown
        The excerpt's difficulty.
    accept_names, overwrite : ipywidgets.Checkbox
        Explicit consent to save despite name warnings; to replace an excerpt with the same id.
    result : ipywidgets.HTML
        Findings, errors and, after saving, the link to the trainer.
    """

    def __init__(self) -> None:
        self.upload = widgets.FileUpload(
            accept=",".join(SUFFIXES), multiple=False, description="Vælg udskrift"
        )
        self.upload_label = widgets.HTML(
            "<p><strong>Udskrift</strong> (.txt, .docx, .csv eller .xlsx):</p>"
        )
        self.title = _text("Titel:", placeholder="fx Samtalen om praktikken")
        self.excerpt_id = _text(
            "Id (små bogstaver, tal, bindestreg):", placeholder="dannes af titlen"
        )
        self.setting = _text("Ramme:", DEFAULT_SETTING)
        self.summary = widgets.Textarea(
            value=DEFAULT_SUMMARY,
            description="Resumé:",
            style={"description_width": "initial"},
            layout={"width": "min(100%, 38rem)", "height": "5rem"},
        )
        self.difficulty = widgets.Dropdown(
            options=[d.value for d in Difficulty],
            value=Difficulty.MIDDEL.value,
            description="Sværhedsgrad:",
            style={"description_width": "initial"},
        )
        self.speakers = _text("Talerkoder:", "S=sagsbehandler:Sagsbehandler, B=borger:Borger")
        self.check_button = widgets.Button(
            description="Kontrollér", tooltip="Læs udskriften og vis, hvad kontrollen finder"
        )
        self.accept_names = widgets.Checkbox(
            description="Jeg har tjekket de markerede ord: de er ikke navne på personer",
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )
        self.overwrite = widgets.Checkbox(
            description="Overskriv et uddrag med samme id",
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )
        self.save_button = widgets.Button(
            description="Gem uddraget",
            button_style="primary",
            tooltip="Gem uddraget, hvis det er rent",
        )
        self.result = widgets.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.save_button.on_click(lambda _: self.save())
        self.title.observe(self._suggest_id, names="value")
        controls = [
            self.upload_label,
            self.upload,
            self.title,
            self.excerpt_id,
            self.setting,
            self.summary,
            self.difficulty,
            self.speakers,
            self.check_button,
            self.result,
            self.accept_names,
            self.overwrite,
            self.save_button,
        ]
        if os.environ.get(SHARED_SERVER_VARIABLE) == "1":
            controls = [widgets.HTML(f'<p role="status">{escape(SHARED_OFF)}</p>')]
        super().__init__([widgets.HTML(INTRO), *controls])
        self.add_class("lises-import")

    def _suggest_id(self, change) -> None:
        old = slugify(change["old"] or "")
        if not self.excerpt_id.value or self.excerpt_id.value == old:
            self.excerpt_id.value = slugify(change["new"] or "")

    def _file(self) -> tuple[bytes, str] | None:
        files = self.upload.value
        if not files:
            self._say("<p>Vælg først en udskrift.</p>", alert=True)
            return None
        item = files[0]
        data, name = bytes(item["content"]), str(item["name"])
        try:
            check_size(len(data), name)  # the same limit and message as the command's
        except TranscriptError as error:
            self._refused(error)
            return None
        return data, name

    def _options(self) -> ImportOptions:
        specs = [s for s in str(self.speakers.value).split(",") if s.strip()]
        fields = {"speakers": tuple(parse_speaker(s) for s in specs)} if specs else {}
        title = str(self.title.value).strip()
        return ImportOptions(
            id=str(self.excerpt_id.value).strip() or slugify(title),
            title=title,
            setting=str(self.setting.value),
            summary=str(self.summary.value),
            difficulty=_difficulty(self.difficulty.value),
            **fields,
        )

    def _run(self, saving: bool) -> None:
        source = self._file()
        if source is None:
            return
        try:
            options = self._options()
            checked = check_transcript(source[0], source[1], options)
        except TranscriptError as error:
            self._refused(error)
            return
        except ValueError as error:  # a speaker code written wrongly
            self._say(f"<p>{escape(str(error))}</p>", alert=True)
            return
        findings = report_html(checked.report)
        if not saving:
            self.result.value = findings
            return
        try:
            save(
                checked,
                accept_names=self.accept_names.value is True,
                overwrite=self.overwrite.value is True,
            )
        except ImportRefused as error:
            self.result.value = f'<p role="alert">{escape(str(error))}</p>' + findings
            return
        link = f"gribning.ipynb?uddrag={quote(checked.excerpt.id)}"
        self.result.value = (
            f'<p role="status">Uddraget <strong>{escape(checked.excerpt.title)}</strong> er gemt '
            f'({len(checked.excerpt.turns)} ture). <a href="{escape(link)}" target="_self" '
            'class="lises-open-trainer">Åbn i gribningstræneren</a></p>'
        )

    def check(self) -> None:
        """Read and check the file; show the findings (never a traceback)."""
        self._guarded(False)

    def save(self) -> None:
        """Check again and save if clean; show the link to the trainer."""
        self._guarded(True)

    def _guarded(self, saving: bool) -> None:
        try:
            self._run(saving)
        except Exception:  # the page must never show code or a traceback
            self._say(f"<p>{escape(FAILED)}</p>", alert=True)

    def _refused(self, error: TranscriptError) -> None:
        # one list item per problem: file, place and problem, escaped (the file's own text)
        lines = "".join(f"<li>{escape(line)}</li>" for line in str(error).splitlines())
        self._say(f"<p>Udskriften kan ikke importeres:</p><ul>{lines}</ul>", alert=True)

    def _say(self, html: str, alert: bool = False) -> None:
        role = "alert" if alert else "status"
        self.result.value = f'<div role="{role}">{html}</div>'


def build_page() -> ImportPage:
    """The import page (used by ``exercises/importer.ipynb``)."""
    return ImportPage()
