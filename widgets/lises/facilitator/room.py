"""What the room answered: pure summaries of a workshop's answers for the facilitator view.

Input is the answers table from :meth:`lises.workshop.store.Store.workshop_answers` (columns
kaldenavn, øvelse, emne, trin, svar, tidspunkt).  Output is small pandas tables, one per question
the facilitator asks: how far has everyone got, where did the room mark meaning-utterances and how
did it classify them against the key, how well does each participant agree with the key, how did the
room weigh the dilemmas, and what did people write.  No widgets, no database.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from lises.core import exercises
from lises.excerpts.model import Excerpt, Response
from lises.excerpts.scoring import score

NO_UTTERANCE = "ingen meningsytring"


def _steps(answers: pd.DataFrame, exercise: str, kind: str) -> pd.DataFrame:
    """The rows of ``exercise`` whose step is of ``kind`` and whose value fits it, decoded by the
    registry's codec; ``nr`` is the turn number or item id the step is about.  A forged or
    malformed step is left out."""
    codec = exercises.kind(exercise).codec
    rows = answers[answers["øvelse"] == exercise]
    decoded = [
        codec.parse_answer(step, value)
        for step, value in zip(rows["trin"], rows["svar"], strict=True)
    ]
    keep = pd.Series([a is not None and a.step.kind == kind for a in decoded], dtype=bool)
    rows = rows[keep.set_axis(rows.index)].copy()
    rows["nr"] = [a.step.target for a in decoded if a is not None and a.step.kind == kind]
    return rows


def progress(answers: pd.DataFrame, participants: list[str]) -> pd.DataFrame:
    """Per exercise: how many have answered anything, and how many answers came in."""
    table = (
        answers.groupby("øvelse")
        .agg(deltagere=("kaldenavn", "nunique"), svar=("trin", "size"))
        .reset_index()
    )
    joined = pd.DataFrame([{"øvelse": "(tilmeldt)", "deltagere": len(participants), "svar": 0}])
    return pd.concat([joined, table], ignore_index=True)


def turn_overview(answers: pd.DataFrame, excerpt: Excerpt) -> pd.DataFrame:
    """Per citizen turn of one excerpt: how many saw it, the share who marked it, how the markers
    classified the response, and the expert key, side by side."""
    rows = answers[(answers["øvelse"] == "gribning") & (answers["emne"] == excerpt.id)]
    marks = _steps(rows, "gribning", "mark")
    classes = _steps(rows, "gribning", "classify")
    key = excerpt.key_by_turn
    table = []
    for number in excerpt.citizen_turns:
        seen = marks[marks["nr"] == number]
        chosen = Counter(classes[classes["nr"] == number]["svar"])
        marked = int(seen["svar"].astype(bool).sum()) if len(seen) else 0
        table.append(
            {
                "tur": number,
                "svaret": len(seen),
                "markeret": marked,
                "andel markeret": round(marked / len(seen), 2) if len(seen) else None,
                **{r.value: chosen.get(r.value, 0) for r in Response},
                "nøgle": key[number].response.value if number in key else NO_UTTERANCE,
            }
        )
    return pd.DataFrame(table)


def agreement(answers: pd.DataFrame, excerpts: dict[str, Excerpt]) -> pd.DataFrame:
    """Per participant and completed excerpt: Cohen's kappa, its band and F1 against the key.

    An excerpt counts as completed when every citizen turn has been marked (and every marked
    turn classified); partial codings are left out rather than scored unfairly.
    """
    marks_of = _steps(answers, "gribning", "mark")
    classes_of = _steps(answers, "gribning", "classify")
    table = []
    for (nickname, item), group in marks_of.groupby(["kaldenavn", "emne"]):
        excerpt = excerpts.get(item)
        if excerpt is None:
            continue
        marks = dict(zip(group["nr"], group["svar"], strict=True))
        classified = classes_of[
            (classes_of["kaldenavn"] == nickname) & (classes_of["emne"] == item)
        ]
        responses = {
            t: v
            for t, v in zip(classified["nr"], classified["svar"], strict=True)
            if v in {r.value for r in Response}
        }
        if set(marks) != set(excerpt.citizen_turns) or any(
            m and t not in responses for t, m in marks.items()
        ):
            continue
        coding = {t: Response(responses[t]) for t, m in marks.items() if m}
        result = score(excerpt, coding)
        table.append(
            {
                "kaldenavn": nickname,
                "uddrag": item,
                "kappa": None if result.kappa is None else round(result.kappa, 2),
                "enighed": result.band,
                "F1": None if result.detection.f1 is None else round(result.detection.f1, 2),
            }
        )
    return pd.DataFrame(table, columns=["kaldenavn", "uddrag", "kappa", "enighed", "F1"])


def replies(answers: pd.DataFrame) -> pd.DataFrame:
    """The free-text answers (catching replies and justifications) to read aloud and discuss."""
    free_text = [
        (answer := exercises.decode_answer(e, s, v)) is not None
        and exercises.kind(e).codec.kind(answer.step.kind).free_text
        for e, s, v in zip(answers["øvelse"], answers["trin"], answers["svar"], strict=True)
    ]
    free = answers[pd.Series(free_text, index=answers.index, dtype=bool)].copy()
    free["tekst"] = free["svar"].astype(str)
    return free[["kaldenavn", "øvelse", "emne", "trin", "tekst"]].reset_index(drop=True)


def dilemma_weights(answers: pd.DataFrame) -> pd.DataFrame:
    """Per dilemma case and dimension: the room's mean weight, spread and number of answers."""
    rows = _steps(answers, "dilemma", "weights")
    records = [
        {"case": item, "dimension": dimension, "vægt": float(weight)}
        for item, value in zip(rows["emne"], rows["svar"], strict=True)
        if isinstance(value, dict)
        for dimension, weight in value.items()
        if isinstance(weight, int | float)
    ]
    if not records:
        return pd.DataFrame(columns=["case", "dimension", "gennemsnit", "mindst", "størst", "n"])
    frame = pd.DataFrame(records)
    return (
        frame.groupby(["case", "dimension"])["vægt"]
        .agg(gennemsnit="mean", mindst="min", størst="max", n="size")
        .round(2)
        .reset_index()
    )


def dilemma_actions(answers: pd.DataFrame) -> pd.DataFrame:
    """Per dilemma case: how many chose each action."""
    rows = _steps(answers, "dilemma", "action")
    if rows.empty:
        return pd.DataFrame(columns=["case", "handling", "antal"])
    return (
        rows.groupby(["emne", "svar"])
        .size()
        .reset_index(name="antal")
        .rename(columns={"emne": "case", "svar": "handling"})
    )


def potential_sorting(answers: pd.DataFrame, key: dict[str, int]) -> pd.DataFrame:
    """Per practice example: how many sorted it, the share that matched the key, and the most
    common other choice."""
    rows = _steps(answers, "potentialer", "sort")
    table = []
    for item, group in rows.groupby("nr"):
        choices = Counter(int(v) for v in group["svar"])
        expected = key.get(item)
        others = [(p, n) for p, n in choices.most_common() if p != expected]
        table.append(
            {
                "eksempel": item,
                "svaret": sum(choices.values()),
                "som nøglen": round(choices.get(expected, 0) / max(1, sum(choices.values())), 2),
                "nøgle": expected,
                "hyppigste andet": others[0][0] if others else None,
            }
        )
    return pd.DataFrame(
        table, columns=["eksempel", "svaret", "som nøglen", "nøgle", "hyppigste andet"]
    )
