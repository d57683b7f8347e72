"""Tests for :mod:`lises.excerpts.scoring`: Cohen's kappa, the Landis & Koch bands and scoring an
excerpt."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lises.excerpts.files import load_excerpts
from lises.excerpts.model import Response
from lises.excerpts.scoring import NONE_CODE, Outcome, cohen_kappa, kappa_band, score

EXCERPTS = load_excerpts()
EXCERPT_IDS = sorted(EXCERPTS)

PROPERTY_SETTINGS = settings(deadline=None, max_examples=50, derandomize=True, database=None)


def table(yes_yes: int, yes_no: int, no_yes: int, no_no: int) -> tuple[list[str], list[str]]:
    """Two raters' codes from a 2×2 agreement table (first rater's answer first)."""
    pairs = (
        [("ja", "ja")] * yes_yes
        + [("ja", "nej")] * yes_no
        + [("nej", "ja")] * no_yes
        + [("nej", "nej")] * no_no
    )
    return [a for a, _ in pairs], [b for _, b in pairs]


# -- cohen_kappa against published values ---------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # Wikipedia, "Cohen's kappa", worked example: p_o = 35/50 = 0.7, p_e = 0.5, kappa = 0.4.
        ((20, 5, 10, 15), 0.4),
        # Wikipedia, "Same percentages but different numbers": p_o = 0.60 in both tables.
        # 45/15/25/15: p_e = 0.6·0.7 + 0.4·0.3 = 0.54, kappa = 0.06/0.46 = 0.1304.
        ((45, 15, 25, 15), 0.1304),
        # 25/35/5/35: p_e = 0.6·0.3 + 0.4·0.7 = 0.46, kappa = 0.14/0.54 = 0.2593.
        ((25, 35, 5, 35), 0.2593),
    ],
)
def test_cohen_kappa_matches_published_two_by_two_examples(cells, expected):
    first, second = table(*cells)
    assert cohen_kappa(first, second) == pytest.approx(expected, abs=1e-4)
    # Swapping the raters transposes the table and must not change kappa.
    assert cohen_kappa(second, first) == pytest.approx(expected, abs=1e-4)


def test_cohen_kappa_three_categories_computed_by_hand():
    # Ten items, codes a/b/c:
    #   first : a a a a b b b c c c   -> a 4, b 3, c 3
    #   second: a a b b b b c c c a   -> a 3, b 4, c 3
    # Agreements at items 1, 2, 5, 6, 8, 9: p_o = 6/10 = 0.6.
    # p_e = (4·3 + 3·4 + 3·3) / 100 = 33/100 = 0.33.
    # kappa = (0.6 - 0.33) / (1 - 0.33) = 0.27/0.67 = 27/67 ≈ 0.4030 ("moderat").
    first = list("aaaabbbccc")
    second = list("aabbbbccca")
    kappa = cohen_kappa(first, second)
    assert kappa == pytest.approx(27 / 67, abs=1e-4)
    assert kappa == pytest.approx(0.4030, abs=1e-4)
    assert kappa_band(kappa) == "moderat"


# -- cohen_kappa edge cases -------------------------------------------------------------------


def test_perfect_agreement_is_one():
    codes = ["grebet", "ingen", "overhørt", "ingen", "overhalet"]
    assert cohen_kappa(codes, list(codes)) == 1.0
    assert kappa_band(1.0) == "næsten perfekt"


def test_both_raters_constant_and_equal_is_undefined():
    assert cohen_kappa(["ingen"] * 6, ["ingen"] * 6) is None
    assert kappa_band(cohen_kappa(["ingen"] * 6, ["ingen"] * 6)) == "kan ikke beregnes"


def test_both_raters_constant_but_different_is_zero():
    # p_o = 0 and p_e = 0: no agreement, and none expected by chance.
    assert cohen_kappa(["a"] * 4, ["b"] * 4) == pytest.approx(0.0, abs=1e-12)


def test_one_rater_constant_is_zero():
    # p_o = 0.5, p_e = (4·2)/16 = 0.5.
    assert cohen_kappa(["a"] * 4, ["a", "a", "b", "b"]) == pytest.approx(0.0, abs=1e-12)


def test_no_items_is_undefined():
    assert cohen_kappa([], []) is None


@pytest.mark.parametrize(("first", "second"), [(["a"], []), ([], ["a"]), (["a", "b"], ["a"])])
def test_unequal_lengths_raise(first, second):
    with pytest.raises(ValueError):
        cohen_kappa(first, second)


def test_complete_disagreement_is_negative_and_poor():
    # p_o = 0, p_e = 0.5, kappa = -0.5/0.5 = -1.
    kappa = cohen_kappa(["ja", "nej", "ja", "nej"], ["nej", "ja", "nej", "ja"])
    assert kappa == pytest.approx(-1.0, abs=1e-12)
    assert kappa_band(kappa) == "ringe"


# -- kappa_band -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kappa", "band"),
    [
        (None, "kan ikke beregnes"),
        (-1.0, "ringe"),
        (-0.01, "ringe"),
        (0.0, "svag"),
        (0.1, "svag"),
        (0.2, "svag"),
        (0.21, "rimelig"),
        (0.4, "rimelig"),
        (0.41, "moderat"),
        (0.6, "moderat"),
        (0.61, "betydelig"),
        (0.8, "betydelig"),
        (0.81, "næsten perfekt"),
        (1.0, "næsten perfekt"),
    ],
)
def test_kappa_band_boundaries(kappa, band):
    assert kappa_band(kappa) == band


def test_kappa_band_is_stable_for_computed_boundary_values():
    # 0.1 + 0.1 and 0.7 + 0.1 are not exactly 0.2 and 0.8 in floating point.
    assert kappa_band(0.1 + 0.1) == "svag"
    assert kappa_band(0.7 + 0.1) == "betydelig"


# -- score on real course excerpts ----------------------------------------------------------


def key_marks(excerpt) -> dict[int, Response]:
    return {entry.turn: entry.response for entry in excerpt.key}


@pytest.mark.parametrize("excerpt_id", EXCERPT_IDS)
def test_perfect_coding(excerpt_id):
    excerpt = EXCERPTS[excerpt_id]
    result = score(excerpt, key_marks(excerpt))
    codes = {t.key_code for t in result.turns}
    if len(codes) > 1:
        assert result.kappa == 1.0
        assert result.band == "næsten perfekt"
    else:  # one code for every citizen turn: kappa is 0/0
        assert result.kappa is None
    assert result.percent_agreement == 1.0
    assert result.detection.f1 == 1.0
    assert result.detection.precision == 1.0
    assert result.detection.recall == 1.0
    assert result.detection.misses == 0
    assert result.detection.false_alarms == 0
    assert result.hits == len(excerpt.key)
    assert result.classified_right == len(excerpt.key)
    assert all(t.agrees for t in result.turns)


def test_perfect_coding_on_praktikken_has_kappa_one():
    excerpt = EXCERPTS["praktikken"]
    result = score(excerpt, key_marks(excerpt))
    assert result.kappa == 1.0
    assert [(t.turn, t.key_code, t.learner_code) for t in result.turns] == [
        (2, "grebet", "grebet"),
        (4, "overhalet", "overhalet"),
        (6, "overhalet", "overhalet"),
    ]


@pytest.mark.parametrize("excerpt_id", EXCERPT_IDS)
def test_nothing_marked(excerpt_id):
    excerpt = EXCERPTS[excerpt_id]
    result = score(excerpt, {})
    assert result.hits == 0
    assert result.detection.misses == len(excerpt.key)
    assert result.detection.false_alarms == 0
    assert result.detection.f1 == 0
    assert result.detection.recall == 0
    assert result.detection.precision is None  # nothing marked
    assert result.classified_right == 0
    assert result.kappa is None or result.kappa <= 1e-12
    assert all(t.learner_code == NONE_CODE for t in result.turns)


@pytest.mark.parametrize("excerpt_id", EXCERPT_IDS)
def test_everything_marked(excerpt_id):
    excerpt = EXCERPTS[excerpt_id]
    keyed = key_marks(excerpt)
    marks = {n: keyed.get(n, Response.GREBET) for n in excerpt.citizen_turns}
    result = score(excerpt, marks)
    unkeyed = [n for n in excerpt.citizen_turns if n not in keyed]
    assert result.detection.false_alarms == len(unkeyed)
    assert result.detection.misses == 0
    assert result.detection.correct_rejections == 0
    assert result.hits == len(keyed)
    assert result.classified_right == len(keyed)
    assert result.detection.recall == 1.0
    false_alarm_turns = [t.turn for t in result.turns if t.outcome == Outcome.FALSE_ALARM]
    assert false_alarm_turns == unkeyed


def test_marked_without_judgement_is_a_hit_but_not_classified_right():
    excerpt = EXCERPTS["praktikken"]
    result = score(excerpt, {2: None, 4: Response.OVERHALET})
    assert result.hits == 2
    assert result.detection.misses == 1
    assert result.classified_right == 1
    by_turn = {t.turn: t for t in result.turns}
    assert by_turn[2].learner_code == "markeret"
    assert not by_turn[2].agrees


def test_marks_on_professional_turns_are_ignored():
    excerpt = EXCERPTS["praktikken"]
    professional = [n for n in range(1, len(excerpt.turns) + 1) if not excerpt.is_citizen_turn(n)]
    with_noise = {**key_marks(excerpt), **dict.fromkeys(professional, Response.GREBET)}
    assert score(excerpt, with_noise) == score(excerpt, key_marks(excerpt))


def test_score_is_frozen():
    result = score(EXCERPTS["praktikken"], {})
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.kappa = 1.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.detection.hits = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.turns[0].learner_code = "grebet"  # type: ignore[misc]


# -- properties -------------------------------------------------------------------------------

CODES = st.sampled_from(["ingen", "grebet", "overhørt", "overhalet"])


@st.composite
def two_codings(draw, min_size: int = 0):
    pairs = draw(st.lists(st.tuples(CODES, CODES), min_size=min_size, max_size=40))
    return [a for a, _ in pairs], [b for _, b in pairs]


@PROPERTY_SETTINGS
@given(two_codings())
def test_kappa_is_symmetric(codings):
    first, second = codings
    forward, backward = cohen_kappa(first, second), cohen_kappa(second, first)
    if forward is None:
        assert backward is None
    else:
        assert backward == pytest.approx(forward, abs=1e-12)


@PROPERTY_SETTINGS
@given(two_codings())
def test_kappa_is_between_minus_one_and_one(codings):
    kappa = cohen_kappa(*codings)
    if kappa is not None:
        assert -1.0 - 1e-12 <= kappa <= 1.0


@PROPERTY_SETTINGS
@given(two_codings())
def test_kappa_is_one_exactly_when_identical_and_not_constant(codings):
    first, second = codings
    kappa = cohen_kappa(first, second)
    assert (kappa == 1.0) == (first == second and len(set(first)) > 1)
    if first == second and len(set(first)) <= 1:
        assert kappa is None


@PROPERTY_SETTINGS
@given(two_codings(), st.permutations([0, 1, 2, 3]))
def test_kappa_ignores_consistent_relabelling(codings, labels):
    first, second = codings
    relabel = dict(zip(["ingen", "grebet", "overhørt", "overhalet"], labels, strict=True))
    kappa = cohen_kappa(first, second)
    relabelled = cohen_kappa([relabel[c] for c in first], [relabel[c] for c in second])
    if kappa is None:
        assert relabelled is None
    else:
        assert relabelled == pytest.approx(kappa, abs=1e-12)


@st.composite
def excerpt_and_marks(draw):
    excerpt = EXCERPTS[draw(st.sampled_from(EXCERPT_IDS))]
    turn_numbers = st.integers(min_value=1, max_value=len(excerpt.turns))
    judgement = st.one_of(st.none(), st.sampled_from(list(Response)))
    marks = draw(st.dictionaries(turn_numbers, judgement, max_size=len(excerpt.turns)))
    return excerpt, marks


@PROPERTY_SETTINGS
@given(excerpt_and_marks())
def test_score_counts_add_up(case):
    excerpt, marks = case
    result = score(excerpt, marks)
    d = result.detection
    marked_citizen_turns = [n for n in marks if excerpt.is_citizen_turn(n)]
    assert d.hits + d.misses == len(excerpt.key)
    assert d.hits + d.false_alarms == len(marked_citizen_turns)
    assert d.hits + d.misses + d.false_alarms + d.correct_rejections == len(excerpt.citizen_turns)
    assert tuple(t.turn for t in result.turns) == excerpt.citizen_turns
    assert all(excerpt.is_citizen_turn(t.turn) for t in result.turns)
    assert 0 <= result.classified_right <= d.hits
    assert result.band == kappa_band(result.kappa)
    if d.f1 is not None:
        assert 0.0 <= d.f1 <= 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.band = "næsten perfekt"  # type: ignore[misc]
