"""HTML for the catching exercise: turns, feedback and the conversation picture (no widgets).

Every text from a data file or from the learner is escaped here, so what a knowledge broker or a
participant writes is always shown as text, never run as markup.
"""

from __future__ import annotations

from html import escape

from .excerpts import Excerpt, Response, UtteranceKind
from .scoring import NONE_CODE, Outcome, Score

RESPONSE_WORDS = {
    Response.GREBET.value: "grebet",
    Response.OVERHORT.value: "overhørt",
    Response.OVERHALET.value: "overhalet",
    NONE_CODE: "ingen meningsytring",
    "markeret": "markeret uden vurdering",
}
RESPONSE_HELP = {
    Response.GREBET: "Den professionelle tager ytringen op og udforsker den.",
    Response.OVERHORT: "Den professionelle går forbi ytringen, som om den ikke blev sagt.",
    Response.OVERHALET: "En institutionel taletur (krav, dokumentation, frister) tager over.",
}
KIND_WORDS = {
    UtteranceKind.ONSKE: "ønske",
    UtteranceKind.BEKYMRING: "bekymring",
    UtteranceKind.ARBEJDSMARKEDSPERSPEKTIV: "konkret arbejdsmarkedsperspektiv",
}
OUTCOME_WORDS = {
    Outcome.HIT: "Ramt",
    Outcome.MISS: "Overset",
    Outcome.FALSE_ALARM: "Falsk alarm",
    Outcome.CORRECT_REJECTION: "Korrekt: ingen meningsytring",
}
# Colours with a text label and a shape each, so the picture never relies on colour alone.
COLOURS = {
    Response.GREBET.value: "#1a7f37",
    Response.OVERHORT.value: "#9a6700",
    Response.OVERHALET.value: "#cf222e",
    NONE_CODE: "#8c959f",
}
BAND_MEANING = (
    "Kappa måler, hvor godt din kodning stemmer med eksperternes, når man trækker den enighed "
    "fra, som ville opstå ved et tilfælde. 1 er fuld enighed, 0 er ikke bedre end tilfældet. "
    "Båndene er Landis og Kochs: ringe, svag, rimelig, moderat, betydelig, næsten perfekt."
)

CONSTRUCTED_NOTE = (
    "Konstrueret undervisningsmateriale: samtalen er skrevet til kurset ud fra mønstre, som "
    "forskningen beskriver. Den indeholder ingen virkelige personer og ingen personoplysninger."
)


def turn_html(excerpt: Excerpt, number: int) -> str:
    """One revealed turn as a list item: number, speaker label and text."""
    turn = excerpt.turns[number - 1]
    participant = excerpt.participant(turn.speaker)
    css = "lises-turn lises-citizen" if excerpt.is_citizen_turn(number) else "lises-turn"
    return (
        f'<li class="{css}" value="{number}"><span class="lises-speaker">'
        f"{escape(participant.label)} ({escape(turn.speaker)}):</span> {escape(turn.text)}</li>"
    )


def conversation_html(excerpt: Excerpt, revealed: int) -> str:
    """The turns seen so far; later turns are not in the page at all."""
    items = "".join(turn_html(excerpt, n) for n in range(1, revealed + 1))
    return f'<ol class="lises-conversation" aria-label="Samtalen indtil nu">{items}</ol>'


def model_replies_html(excerpt: Excerpt, turn: int, own: str) -> str:
    pause = excerpt.pause_by_turn[turn]
    replies = "".join(f"<li>{escape(r)}</li>" for r in pause.model_replies)
    return (
        '<div class="lises-replies"><p><strong>Dit svar:</strong> '
        f"{escape(own)}</p><p><strong>Sådan kunne man gribe det:</strong></p>"
        f"<ul>{replies}</ul><p>Sammenlign: bruger dit svar borgerens egne ord, og åbner det "
        "for, at borgeren kan fortælle mere?</p></div>"
    )


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.0f} %" if percent else f"{value:.2f}".replace(".", ",")


def summary_html(score: Score) -> str:
    d = score.detection
    if score.kappa is None:
        kappa_text = (
            "Kappa kan ikke beregnes her, fordi både du og nøglen brugte samme kode for alle "
            "borgerens ture."
        )
    else:
        kappa_text = (
            f"Cohens kappa er {_fmt(score.kappa)}: <strong>{escape(score.band)}</strong> enighed."
        )
    return (
        '<section class="lises-summary" aria-labelledby="lises-summary-h">'
        '<h3 id="lises-summary-h">Din kodning sammenlignet med eksperternes</h3><ul>'
        f"<li>Meningsytringer du fandt: {d.hits} af {d.hits + d.misses}</li>"
        f"<li>Oversete meningsytringer: {d.misses}</li>"
        f"<li>Falske alarmer (markeret, men ikke i nøglen): {d.false_alarms}</li>"
        f"<li>Fundne ytringer, hvor du også vurderede svaret som nøglen: "
        f"{score.classified_right} af {d.hits}</li>"
        f"<li>F1 for at finde ytringerne: {_fmt(d.f1)}</li>"
        f"<li>Enighed tur for tur: {_fmt(score.percent_agreement, percent=True)}</li>"
        f"</ul><p>{kappa_text}</p><p class='lises-muted'>{escape(BAND_MEANING)}</p></section>"
    )


def turn_feedback_html(excerpt: Excerpt, score: Score, replies: dict[int, str]) -> str:
    """Every turn with the expert's comment; citizen turns with key, learner code and why."""
    by_turn = {t.turn: t for t in score.turns}
    key = excerpt.key_by_turn
    rows = []
    for n, turn in enumerate(excerpt.turns, start=1):
        label = escape(excerpt.participant(turn.speaker).label)
        parts = [f"<p><strong>Tur {n}, {label}:</strong> {escape(turn.text)}</p>"]
        if n in by_turn:
            t = by_turn[n]
            verdict = OUTCOME_WORDS[t.outcome]
            mark = "✓" if t.agrees else "✗"
            parts.append(
                f'<p class="lises-verdict"><span aria-hidden="true">{mark}</span> {verdict}. '
                f"Nøglen: {escape(RESPONSE_WORDS[t.key_code])}"
                + (f" ({escape(KIND_WORDS[key[n].kind])})" if n in key else "")
                + f". Dig: {escape(RESPONSE_WORDS[t.learner_code])}.</p>"
            )
            if n in key:
                parts.append(f"<p>{escape(key[n].explanation)}</p>")
        if turn.note:
            parts.append(f'<p class="lises-note">{escape(turn.note)}</p>')
        if n in replies:
            parts.append(model_replies_html(excerpt, n, replies[n]))
        rows.append(f'<li value="{n}">{"".join(parts)}</li>')
    return (
        '<section aria-labelledby="lises-turns-h"><h3 id="lises-turns-h">Tur for tur</h3>'
        f'<ol class="lises-feedback">{"".join(rows)}</ol></section>'
    )


def picture_html(excerpt: Excerpt, score: Score) -> str:
    """The whole conversation as a timeline: where the utterances were and what became of them.

    Professional turns sit on the upper line, citizen turns on the lower; a keyed utterance is a
    large marker in the colour (and with the letter) of what happened to it, and a tick or cross
    shows whether the learner agreed.  The figure has a text alternative listing the same facts.
    """
    n = len(excerpt.turns)
    step, left, width = 34, 20, 40 + 34 * n
    by_turn = {t.turn: t for t in score.turns}
    letters = {"grebet": "G", "overhørt": "Ø", "overhalet": "H"}
    shapes = []
    for i in range(1, n + 1):
        x = left + (i - 1) * step
        if i in by_turn:
            t = by_turn[i]
            colour = COLOURS.get(t.key_code, COLOURS[NONE_CODE])
            radius = 12 if t.key_code != NONE_CODE else 6
            shapes.append(f'<circle cx="{x}" cy="70" r="{radius}" fill="{colour}"/>')
            if t.key_code in letters:
                shapes.append(
                    f'<text x="{x}" y="75" text-anchor="middle" font-size="13" fill="#fff">'
                    f"{letters[t.key_code]}</text>"
                )
            sign, sign_colour = ("✓", "#1a7f37") if t.agrees else ("✗", "#cf222e")
            shapes.append(
                f'<text x="{x}" y="102" text-anchor="middle" font-size="15" '
                f'fill="{sign_colour}">{sign}</text>'
            )
        else:
            shapes.append(f'<rect x="{x - 6}" y="22" width="12" height="12" fill="#57606a"/>')
        shapes.append(
            f'<text x="{x}" y="14" text-anchor="middle" font-size="10" fill="#24292f">{i}</text>'
        )
    alt_items = []
    for t in score.turns:
        learner = "du var enig" if t.agrees else f"du kodede {RESPONSE_WORDS[t.learner_code]}"
        alt_items.append(f"tur {t.turn}: {RESPONSE_WORDS[t.key_code]}, {learner}")
    alt = "Samtalens forløb. Borgerens ture: " + "; ".join(alt_items) + "."
    legend = (
        '<p class="lises-legend">Øverst: de professionelles ture. Nederst: borgerens ture. '
        "G = grebet (grøn), Ø = overhørt (gul), H = overhalet (rød), lille grå prik = ingen "
        "meningsytring. ✓ = du var enig med nøglen, ✗ = du var ikke.</p>"
    )
    return (
        '<figure class="lises-picture">'
        f'<svg role="img" aria-labelledby="lises-pic-t lises-pic-d" width="{width}" height="112" '
        f'viewBox="0 0 {width} 112" xmlns="http://www.w3.org/2000/svg">'
        '<title id="lises-pic-t">Samtalen som tidslinje</title>'
        f'<desc id="lises-pic-d">{escape(alt)}</desc>'
        '<line x1="10" y1="70" x2="100%" y2="70" stroke="#d0d7de"/>'
        f"{''.join(shapes)}</svg>"
        f"<figcaption>{legend}</figcaption></figure>"
    )
