"""The room's answers as a table for follow-up: a Danish CSV and a formatted Excel workbook.

One row per participant and turn (gribning), item (potentialer) or case (dilemma), with Danish
column names and values: ``ja``/``nej`` rather than True/False, the vocabulary's labels rather than
codes, titles rather than ids, the key's code beside the participant's answer, and the time in
Europe/Copenhagen without a time-zone suffix.

Both files are opened by Danish Excel as they are: the CSV is semicolon-separated UTF-8 with a
byte-order mark and decimal commas; the workbook has a bold, frozen header, fitted column widths
and real dates.  Every text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets an apostrophe in front (OWASP, "CSV injection"), so a free text can never become a
formula in either file.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lises.core import exercises
from lises.core.model import StepError
from lises.dilemma.cases import DIMENSION_LABELS, Dimension
from lises.excerpts.model import next_professional_turn
from lises.excerpts.responses import CODE_LABELS, NONE_CODE
from lises.excerpts.scoring import key_codes
from lises.potentials.html import potential_name
from lises.potentials.scoring import PlacementError, judge

from .screens import ROOM_KINDS, find
from .tally import short

LOCAL_TIME = ZoneInfo("Europe/Copenhagen")
YES, NO = "ja", "nej"
WEIGHT_COLUMNS = {d: f"Vægt: {DIMENSION_LABELS[d].split(' (')[0]}" for d in Dimension}
COLUMNS = [
    "Kaldenavn",
    "Øvelse",
    "Uddrag/sag/sæt",
    "Tur/emne",
    "Ytring/emne (kort)",
    "Markeret",
    "Vurdering/valg",
    "Nøglens kode",
    "Enig med nøglen",
    *WEIGHT_COLUMNS.values(),
    "Svar (fri tekst)",
    "Skjult på projektoren",
    "Tidspunkt",
]
NUMBER_COLUMNS = ["Tur/emne", *WEIGHT_COLUMNS.values()]
TIME_COLUMN = "Tidspunkt"
UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")
CSV_TIME = "%Y-%m-%d %H:%M:%S"
EXCEL_TIME = "dd-mm-yyyy hh:mm:ss"
MAX_WIDTH = 60


def local_time(moment: datetime | None) -> datetime | None:
    """``moment`` in Danish local time without a time zone (a naive one is taken as UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TIME).replace(tzinfo=None)


def neutralise(value: Any) -> Any:
    """A text that a spreadsheet would read as a formula, with an apostrophe in front."""
    if isinstance(value, str) and value.startswith(UNSAFE_START):
        return "'" + value
    return value


def yes_no(value: object) -> str:
    return YES if value else NO


# -- the table -----------------------------------------------------------------------------------


def _data(kind: str, item: str) -> Any:
    try:
        return find(kind, item)
    except StepError:
        return None  # an item no longer offered: its answers are still exported


def _row(nickname: str, kind: str, data: Any, item: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row["Kaldenavn"] = nickname
    row["Øvelse"] = exercises.kind(kind).title
    row["Uddrag/sag/sæt"] = data.title if data is not None else item
    return row


def _stamp(row: dict[str, Any], answer: Any) -> None:
    moment = local_time(answer.submitted_at)
    if moment is not None and (row[TIME_COLUMN] is None or moment > row[TIME_COLUMN]):
        row[TIME_COLUMN] = moment


def _free_text(row: dict[str, Any], answer: Any) -> None:
    row["Svar (fri tekst)"] = answer.value
    row["Skjult på projektoren"] = yes_no(answer.hidden)


def _gribning(nickname: str, item: str, answers: list[tuple[Any, Any]]) -> list[dict]:
    excerpt = _data("gribning", item)
    keys = key_codes(excerpt) if excerpt is not None else {}
    rows: dict[int, dict[str, Any]] = {}
    marks: dict[int, bool] = {}
    codes: dict[int, str] = {}
    for answer, decoded in answers:
        if decoded.step.kind == "next":
            continue
        turn = decoded.step.target
        row = rows.get(turn)
        if row is None:
            row = rows[turn] = _row(nickname, "gribning", excerpt, item)
            row["Tur/emne"] = turn
            if excerpt is not None and turn <= len(excerpt.turns):
                row["Ytring/emne (kort)"] = short(excerpt.turns[turn - 1].text)
            if turn in keys:
                row["Nøglens kode"] = CODE_LABELS[keys[turn]]
        if decoded.step.kind == "mark":
            marks[turn] = decoded.value
            row["Markeret"] = yes_no(decoded.value)
        elif decoded.step.kind == "classify":
            codes[turn] = decoded.value
            row["Vurdering/valg"] = CODE_LABELS.get(decoded.value, decoded.value)
        else:
            _free_text(row, answer)
        _stamp(row, answer)
    for turn, marked in marks.items():
        if turn not in keys:
            continue
        if not marked:
            code = NONE_CODE
        elif turn in codes:
            code = codes[turn]
        elif next_professional_turn(excerpt, turn) is None:
            code = "markeret"  # as scoring codes a marked turn with no response to judge
        else:
            continue  # marked, not yet judged: no verdict
        rows[turn]["Enig med nøglen"] = yes_no(code == keys[turn])
    return [rows[turn] for turn in sorted(rows)]


def _potentials(nickname: str, item: str, answers: list[tuple[Any, Any]]) -> list[dict]:
    chosen = _data("potentialer", item)
    by_id = chosen.item_by_id if chosen is not None else {}
    position = {i.id: n for n, i in enumerate(chosen.items, start=1)} if chosen else {}
    rows = []
    for answer, decoded in answers:
        row = _row(nickname, "potentialer", chosen, item)
        sorted_item = by_id.get(decoded.step.target)
        row["Tur/emne"] = position.get(decoded.step.target)
        row["Ytring/emne (kort)"] = (
            short(sorted_item.text) if sorted_item is not None else decoded.step.target
        )
        try:
            row["Vurdering/valg"] = potential_name(decoded.value)
            if sorted_item is not None:
                row["Nøglens kode"] = potential_name(sorted_item.key)
                row["Enig med nøglen"] = judge(sorted_item, decoded.value).verdict.value
        except (PlacementError, ValueError, KeyError):
            row["Vurdering/valg"] = str(decoded.value)
        _stamp(row, answer)
        rows.append(row)
    return sorted(rows, key=lambda r: (r["Tur/emne"] is None, r["Tur/emne"] or 0))


def _dilemma(nickname: str, item: str, answers: list[tuple[Any, Any]]) -> list[dict]:
    case = _data("dilemma", item)
    row = _row(nickname, "dilemma", case, item)
    for answer, decoded in answers:
        if decoded.step.kind == "weights":
            for dimension, column in WEIGHT_COLUMNS.items():
                weight = decoded.value.get(dimension.value)
                if isinstance(weight, int) and not isinstance(weight, bool):
                    row[column] = weight
        elif decoded.step.kind == "action":
            actions = case.action_by_id if case is not None else {}
            found = actions.get(decoded.value)
            row["Vurdering/valg"] = found.label if found is not None else decoded.value
        else:
            _free_text(row, answer)
        _stamp(row, answer)
    return [row]


ROWS = {"gribning": _gribning, "dilemma": _dilemma, "potentialer": _potentials}


def export_table(rows: Iterable[Any]) -> pd.DataFrame:
    """The room's answers, one row per participant and turn, item or case.

    Parameters
    ----------
    rows : iterable of ExportAnswer
        Every stored answer of the room (attributes ``nickname``, ``exercise``, ``item``,
        ``step``, ``value``, ``submitted_at``, ``hidden``), in the order they were given.
        Answers the registry's codec cannot read, and exercises the room does not run, are
        left out.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`COLUMNS`, sorted by nickname, exercise, item and turn or item.
    """
    grouped: dict[tuple[str, str, str], list[tuple[Any, Any]]] = defaultdict(list)
    for answer in rows:
        if answer.exercise not in ROOM_KINDS:
            continue
        decoded = exercises.decode_answer(answer.exercise, answer.step, answer.value)
        if decoded is not None:
            grouped[(answer.nickname, answer.exercise, answer.item)].append((answer, decoded))
    records = []
    for (nickname, kind, item), answers in sorted(grouped.items()):
        records.extend(ROWS[kind](nickname, item, answers))
    table = pd.DataFrame.from_records(records, columns=COLUMNS)
    for column in NUMBER_COLUMNS:
        table[column] = table[column].astype("Int64")
    table[TIME_COLUMN] = pd.to_datetime(table[TIME_COLUMN])
    return table


# -- the files -----------------------------------------------------------------------------------


def _is_text(series: pd.Series) -> bool:
    return not (
        pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)
    )


def export_csv(table: pd.DataFrame) -> bytes:
    """The table as Danish Excel opens it: ``;``-separated UTF-8 with BOM, decimal comma."""
    safe = table.copy()
    for column in safe.columns:
        if _is_text(safe[column]):
            safe[column] = safe[column].astype(object).map(neutralise)
    text = safe.to_csv(
        sep=";",
        decimal=",",
        index=False,
        na_rep="",
        date_format=CSV_TIME,
        lineterminator="\r\n",
        quoting=csv.QUOTE_MINIMAL,
    )
    return text.encode("utf-8-sig")


def _cell(value: Any) -> Any:
    """A value as openpyxl writes it: plain Python, empty for missing, safe text."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalars
    if isinstance(value, str):
        # Control characters that the file format cannot hold are dropped.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _shown_length(value: Any) -> int:
    if isinstance(value, datetime):
        return len(EXCEL_TIME)
    return max((len(line) for line in str(value).splitlines()), default=0)


def export_xlsx(table: pd.DataFrame) -> bytes:
    """The table as an Excel workbook: bold frozen header, fitted widths, real dates."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Svar"
    sheet.append([str(c) for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(c)) for c in table.columns]
    for values in table.itertuples(index=False, name=None):
        cells = [_cell(v) for v in values]
        sheet.append(cells)
        widths = [max(w, _shown_length(v)) for w, v in zip(widths, cells, strict=True)]
    top = Alignment(vertical="top")
    wrapped = Alignment(vertical="top", wrap_text=True)
    for number, width in enumerate(widths, start=1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = min(width, MAX_WIDTH) + 2
        for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
            if isinstance(cell.value, datetime):
                cell.number_format = EXCEL_TIME
            cell.alignment = wrapped if width > MAX_WIDTH else top
    sheet.freeze_panes = "A2"
    if table.shape[0]:
        sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
