"""Comparing two colleagues' codings (:mod:`lises.laan.comparison`, :mod:`lises.laan.html`):
hand-computed kappas, the agenda of differing turns, and what the page and the CSV show."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from lises.excerpts.coding import Coding
from lises.excerpts.model import Excerpt
from lises.laan.comparison import ComparisonError, agenda_csv, agenda_rows, agreement, compare
from lises.laan.html import agenda_table_html, agreement_sentence, printable_html, summary_html

G, O, H, I = "grebet", "overhørt", "overhalet", "ingen"  # noqa: E741 (the codes' initials)


def excerpt_with(citizen_turns: int, key: dict[int, str] | None = None) -> Excerpt:
    """An excerpt of alternating citizen (odd) and caseworker (even) turns."""
    turns = []
    for n in range(1, citizen_turns + 1):
        turns.append({"speaker": "B", "text": f"Borgeren siger {n} <b>fed</b>"})
        turns.append({"speaker": "S", "text": f"Sagsbehandleren svarer {n}"})
    entries = [
        {"turn": 2 * item - 1, "kind": "ønske", "response": code, "explanation": "Fordi."}
        for item, code in (key or {}).items()
        if code != I
    ]
    return Excerpt.model_validate(
        {
            "id": "test-uddrag",
            "title": "Et testuddrag",
            "setting": "Test",
            "difficulty": "let",
            "constructed": True,
            "summary": "Test.",
            "participants": [
                {"id": "S", "role": "sagsbehandler", "label": "Sagsbehandler"},
                {"id": "B", "role": "borger", "label": "Borger"},
            ],
            "turns": turns,
            "key": entries,
        }
    )


def coding(coder: str, codes: str | list[str], comments: dict[int, str] | None = None) -> Coding:
    """Codes for citizen items 1, 2, … (turns 1, 3, 5, …)."""
    return Coding(
        excerpt="test-uddrag",
        coder=coder,
        codes={2 * i + 1: code for i, code in enumerate(codes)},
        comments=comments or {},
        created=datetime(2026, 3, 1, 10, 15, tzinfo=UTC),
    )


# -- agreement: hand-computed examples --------------------------------------------------------


def test_two_codes_ten_turns():
    # A: 4 grebet, 6 ingen; B the same counts; alike on 8 of 10.
    # po = 0.8, pe = (4*4 + 6*6) / 100 = 0.52, kappa = 0.28 / 0.48 = 0.5833…
    a = [G, G, G, G, I, I, I, I, I, I]
    b = [G, G, G, I, I, I, I, I, I, G]
    result = agreement(a, b)
    assert result.items == 10 and result.agreed == 8
    assert result.percent == pytest.approx(0.8)
    assert result.kappa == pytest.approx(0.28 / 0.48)
    assert result.band == "moderat"


def test_three_codes_six_turns():
    # po = 3/6, each code used twice by each: pe = 3 * (2*2) / 36 = 1/3; kappa = (1/6)/(2/3) = 0.25
    result = agreement([G, G, O, O, H, H], [G, O, O, H, H, G])
    assert result.kappa == pytest.approx(0.25)
    assert result.band == "rimelig"
    assert result.agreed == 3


def test_identical_codings_agree_almost_perfectly_and_have_no_agenda():
    codes = [G, O, I, H, I]
    result = compare(excerpt_with(5), coding("Ræv", codes), coding("Ugle", codes))
    assert result.agreement.kappa == pytest.approx(1.0)
    assert result.agreement.band == "næsten perfekt"
    assert result.agreement.percent == 1.0
    assert result.agenda == ()
    assert "kodet alle borgerens ture ens" in agenda_table_html(result)


def test_complete_disagreement_is_worse_than_chance():
    # po = 0, pe = (3*3 + 3*3) / 36 = 0.5, kappa = -1
    result = agreement([G, G, G, I, I, I], [I, I, I, G, G, G])
    assert result.kappa == pytest.approx(-1.0)
    assert result.band == "ringe"
    assert result.agreed == 0 and result.percent == 0


def test_kappa_is_undefined_when_both_use_one_code_throughout():
    result = agreement([I, I, I], [I, I, I])
    assert result.kappa is None
    assert result.band == "kan ikke beregnes"
    assert result.percent == 1.0
    assert "kan ikke beregnes" in agreement_sentence(result)


def test_no_turns_gives_no_figures():
    result = agreement([], [])
    assert result.kappa is None and result.percent is None


# -- the agenda ---------------------------------------------------------------------------------


def test_the_agenda_lists_every_differing_turn_side_by_side():
    excerpt = excerpt_with(4, key={1: G, 2: O, 3: I, 4: H})
    a = coding("Ræv", [G, O, O, I], comments={5: "Var det et ønske?"})
    b = coding("Ugle", [G, H, I, H], comments={3: "Krav om plan"})
    result = compare(excerpt, a, b)
    assert [item.turn for item in result.agenda] == [3, 5, 7]
    first = result.agenda[0]
    assert first.citizen_text == "Borgeren siger 2 <b>fed</b>"
    assert first.professional_turn == 4
    assert first.professional_text == "Sagsbehandleren svarer 2"
    assert (first.code_a, first.code_b, first.key_code) == (O, H, O)
    assert (first.comment_a, first.comment_b) == (None, "Krav om plan")
    assert result.agenda[1].comment_a == "Var det et ønske?"
    assert result.has_key and result.a_with_key is None  # only when asked for


def test_each_colleague_compared_with_the_key():
    excerpt = excerpt_with(4, key={1: G, 2: O, 3: I, 4: H})
    result = compare(excerpt, coding("Ræv", [G, O, I, H]), coding("Ugle", [G, H, I, I]), True)
    assert result.a_with_key.kappa == pytest.approx(1.0)
    assert result.b_with_key.agreed == 2
    html = summary_html(result)
    assert "Hver med nøglen" in html
    assert "Ræv: Ens kodet: 4 af 4 ture (100 %)" in html


def test_without_a_key_there_is_no_key_column_or_comparison():
    excerpt = excerpt_with(3)
    result = compare(excerpt, coding("Ræv", [G, I, I]), coding("Ugle", [I, I, I]), with_key=True)
    assert not result.has_key and result.a_with_key is None
    assert result.agenda[0].key_code is None
    assert "ingen nøgle endnu" in summary_html(result)
    assert "Nøglen" not in agenda_table_html(result)
    assert agenda_rows(result)[0]["nøglen"] == "ingen nøgle"


def test_codings_of_another_excerpt_or_other_turns_cannot_be_compared():
    excerpt = excerpt_with(3)
    other = coding("Ugle", [G, I, I]).model_copy(update={"excerpt": "andet-uddrag"})
    with pytest.raises(ComparisonError, match="gælder uddraget 'andet-uddrag'"):
        compare(excerpt, coding("Ræv", [G, I, I]), other)
    with pytest.raises(ComparisonError, match="tur 5, felt 'codes': mangler en kode"):
        compare(excerpt, coding("Ræv", [G, I, I]), coding("Ugle", [G, I]))


# -- what the page and the downloads show --------------------------------------------------------


def test_the_table_is_accessible_and_escaped():
    excerpt = excerpt_with(2, key={1: G})
    result = compare(excerpt, coding("Ræv", [G, I]), coding("Ugle", [O, I]))
    html = agenda_table_html(result)
    assert "<caption>Dagsorden: de 1 ture, hvor Ræv og Ugle kodede forskelligt</caption>" in html
    assert '<th scope="col">Kollega A: Ræv</th>' in html
    assert '<th scope="row">1</th>' in html
    assert "&lt;b&gt;fed&lt;/b&gt;" in html and "<b>" not in html
    assert "Kommentar" not in html  # no comments: no empty columns
    summary = summary_html(result)
    assert "Ens kodet: 1 af 2 ture (50 %)" in summary
    page = printable_html(result)
    assert page.startswith("<!doctype html>") and 'lang="da"' in page
    assert "Institutionelle taleture" in page


def test_the_csv_has_the_agenda_and_never_a_formula():
    excerpt = excerpt_with(2)
    a = coding("Ræv", [G, I], comments={1: "=HYPERLINK(1)"})
    result = compare(excerpt, a, coding("Ugle", [O, I]))
    rows = list(csv.reader(io.StringIO(agenda_csv(result)), delimiter=";"))
    assert rows[0][:5] == [
        "Tur",
        "Borgeren siger",
        "Den professionelles næste tur",
        "Kollega A: Ræv",
        "Kollega B: Ugle",
    ]
    assert rows[1][:5] == [
        "1",
        "Borgeren siger 1 <b>fed</b>",
        "(tur 2) Sagsbehandleren svarer 1",
        "grebet",
        "overhørt",
    ]
    assert rows[1][6] == "'=HYPERLINK(1)"
    assert len(rows) == 2
