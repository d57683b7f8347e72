"""HTML for the catching exercise: turns, feedback and the conversation picture (no widgets).

Every text from a data file or from the learner is escaped here, so what a knowledge broker or a
participant writes is always shown as text, never run as markup.
"""

from __future__ import annotations

from html import escape

from .model import Excerpt, UtteranceKind
from .responses import CODE_LABELS, NONE_CODE, NONE_COLOUR, RESPONSES
from .scoring import Outcome, Score, TurnScore, kappa_note

# The words of every code (from lises.excerpts.responses), and of a marked turn that had no
# professional turn after it to judge.
RESPONSE_WORDS = {**CODE_LABELS, "markeret": "markeret uden vurdering"}
RESPONSE_HELP = {r: words.description for r, words in RESPONSES.items()}
KIND_WORDS = {
    UtteranceKind.ONSKE: "ønske",
    UtteranceKind.BEKYMRING: "bekymring",
    UtteranceKind.ARBEJDSMARKEDSPERSPEKTIV: "konkret arbejdsmarkedsperspektiv",
}
# What became of one citizen turn, in plain words, by the marking's outcome and whether the
# learner's code was the key's: the ✓ or ✗ before it says the same ("✗ Ramt" read as a
# contradiction: found, yet wrong).
VERDICT_WORDS = {
    (Outcome.HIT, True): "Fundet, og du vurderede svaret som eksperterne",
    (Outcome.HIT, False): "Fundet, men du vurderede svaret anderledes end eksperterne",
    (Outcome.MISS, False): "Overset: eksperterne hører en meningsytring her",
    (Outcome.FALSE_ALARM, False): "Markeret, men eksperterne hører ingen meningsytring her",
    (Outcome.CORRECT_REJECTION, True): "Rigtigt: ingen meningsytring",
}
UNJUDGED = "Fundet; der kom ingen tur efter, så svaret kunne ikke vurderes"
# Colours with a text label and a shape each, so the picture never relies on colour alone.
COLOURS = {
    **{r.value: words.colour for r, words in RESPONSES.items()},
    NONE_CODE: NONE_COLOUR,
}
BAND_MEANING = kappa_note(", hvor godt din kodning stemmer med eksperternes", separator=". ")

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


CONVERSATION_TEMPLATE = (
    '<ol class="lises-conversation" aria-label="Samtalen indtil nu">{items}</ol>'
)


def conversation_html(excerpt: Excerpt, revealed: int) -> str:
    """The turns seen so far; later turns are not in the page at all."""
    items = "".join(turn_html(excerpt, n) for n in range(1, revealed + 1))
    return fill(CONVERSATION_TEMPLATE, {"items": items})


def model_replies_html(excerpt: Excerpt, turn: int, own: str) -> str:
    pause = excerpt.pause_by_turn[turn]
    replies = "".join(f"<li>{escape(r)}</li>" for r in pause.model_replies)
    return (
        '<div class="lises-replies"><p><strong>Dit svar:</strong> '
        f"{escape(own)}</p><p><strong>Sådan kunne man gribe det:</strong></p>"
        f"<ul>{replies}</ul><p>Sammenlign: bruger dit svar borgerens egne ord, og åbner det "
        "for, at borgeren kan fortælle mere?</p></div>"
    )


def fmt(value: float | None, percent: bool = False) -> str:
    """A score as the learner reads it: Danish decimal comma, percent without decimals."""
    if value is None:
        return "–"
    return f"{value * 100:.0f} %" if percent else f"{value:.2f}".replace(".", ",")


# The summary as a template with named {slots}: the Voilà trainer fills it here, the book's
# static exercise fills the same template in the browser (lises.book.selfcheck exports it).  It
# leads with plain words (what the learner found, missed and marked too much, and where the why
# is); the figures follow, folded, for those who want them.
SUMMARY_TEMPLATE = (
    '<section class="lises-summary" aria-labelledby="lises-summary-h">'
    '<h3 id="lises-summary-h">Din kodning sammenlignet med eksperternes</h3><ul>'
    "<li>Meningsytringer du fandt: {hits} af {present}</li>"
    "<li>Meningsytringer du overså: {misses}</li>"
    "<li>Ture du markerede, hvor eksperterne ikke hører en meningsytring: {false_alarms}</li>"
    "<li>Af dem du fandt, vurderede du sagsbehandlerens svar som eksperterne: "
    "{classified_right} af {hits}</li>"
    "</ul><p>Hvorfor står under <strong>Tur for tur</strong> nedenfor: hvad borgeren gav "
    "udtryk for, og hvad sagsbehandleren gjorde med det.</p>"
    '<details class="lises-figures"><summary>Tallene: F1, enighed og kappa</summary><ul>'
    "<li>F1 for at finde ytringerne: {f1} (1 er alle fundet og ingen falske alarmer)</li>"
    "<li>Enighed tur for tur: {agreement}</li>"
    "</ul><p>{kappa_text}</p><p class='lises-muted'>{band_meaning}</p></details></section>"
)
KAPPA_TEXT = "Cohens kappa er {kappa}: <strong>{band}</strong> enighed."
KAPPA_UNDEFINED = (
    "Kappa kan ikke beregnes her, fordi både du og nøglen brugte samme kode for alle "
    "borgerens ture."
)


def fill(template: str, values: dict[str, object]) -> str:
    """Put values into a template's {slots} (the browser's version does exactly this)."""
    return template.format(**values)


def summary_html(score: Score) -> str:
    d = score.detection
    if score.kappa is None:
        kappa_text = KAPPA_UNDEFINED
    else:
        kappa_text = fill(KAPPA_TEXT, {"kappa": fmt(score.kappa), "band": escape(score.band)})
    return fill(
        SUMMARY_TEMPLATE,
        {
            "hits": d.hits,
            "present": d.hits + d.misses,
            "misses": d.misses,
            "false_alarms": d.false_alarms,
            "classified_right": score.classified_right,
            "f1": fmt(d.f1),
            "agreement": fmt(score.percent_agreement, percent=True),
            "kappa_text": kappa_text,
            "band_meaning": escape(BAND_MEANING),
        },
    )


def turn_feedback_item(
    excerpt: Excerpt, n: int, turn_score: TurnScore | None, reply: str | None = None
) -> str:
    """One turn of the feedback: the expert's comment, and for a citizen turn the key, the
    learner's code and why."""
    turn = excerpt.turns[n - 1]
    key = excerpt.key_by_turn
    label = escape(excerpt.participant(turn.speaker).label)
    parts = [f"<p><strong>Tur {n}, {label}:</strong> {escape(turn.text)}</p>"]
    if turn_score is not None:
        t = turn_score
        if t.outcome == Outcome.HIT and t.learner_code == "markeret":
            verdict = UNJUDGED
        else:
            verdict = VERDICT_WORDS[t.outcome, t.agrees]
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
    if reply is not None:
        parts.append(model_replies_html(excerpt, n, reply))
    return f'<li value="{n}">{"".join(parts)}</li>'


TURN_FEEDBACK_TEMPLATE = (
    '<section aria-labelledby="lises-turns-h"><h3 id="lises-turns-h">Tur for tur</h3>'
    '<ol class="lises-feedback">{items}</ol></section>'
)


def turn_feedback_html(excerpt: Excerpt, score: Score, replies: dict[int, str]) -> str:
    """Every turn with the expert's comment; citizen turns with key, learner code and why."""
    by_turn = {t.turn: t for t in score.turns}
    items = "".join(
        turn_feedback_item(excerpt, n, by_turn.get(n), replies.get(n))
        for n in range(1, len(excerpt.turns) + 1)
    )
    return fill(TURN_FEEDBACK_TEMPLATE, {"items": items})


PICTURE_STEP, PICTURE_LEFT = 34, 20
PICTURE_LETTERS = {r.value: words.letter for r, words in RESPONSES.items()}
PICTURE_LEGEND = ", ".join(
    f"{words.letter} = {words.label} ({words.colour_word})" for words in RESPONSES.values()
)
PICTURE_TEMPLATE = (
    '<figure class="lises-picture">'
    '<svg role="img" aria-labelledby="lises-pic-t lises-pic-d" width="{width}" height="112" '
    'viewBox="0 0 {width} 112" xmlns="http://www.w3.org/2000/svg">'
    '<title id="lises-pic-t">Samtalen som tidslinje</title>'
    '<desc id="lises-pic-d">Samtalens forløb. Borgerens ture: {alt}.</desc>'
    '<line x1="10" y1="70" x2="100%" y2="70" stroke="#d0d7de"/>'
    "{shapes}</svg>"
    '<figcaption><p class="lises-legend">Øverst: de professionelles ture. Nederst: borgerens '
    f"ture. {PICTURE_LEGEND}, lille grå prik = ingen "
    "meningsytring. ✓ = du var enig med nøglen, ✗ = du var ikke.</p></figcaption></figure>"
)


def picture_width(excerpt: Excerpt) -> int:
    return 40 + PICTURE_STEP * len(excerpt.turns)


def picture_turn(i: int, t: TurnScore | None) -> str:
    """The marks of turn ``i``: a citizen turn's circle, letter and tick, or a square."""
    x = PICTURE_LEFT + (i - 1) * PICTURE_STEP
    shapes = []
    if t is not None:
        colour = COLOURS.get(t.key_code, COLOURS[NONE_CODE])
        radius = 12 if t.key_code != NONE_CODE else 6
        shapes.append(f'<circle cx="{x}" cy="70" r="{radius}" fill="{colour}"/>')
        if t.key_code in PICTURE_LETTERS:
            shapes.append(
                f'<text x="{x}" y="75" text-anchor="middle" font-size="13" fill="#fff">'
                f"{PICTURE_LETTERS[t.key_code]}</text>"
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
    return "".join(shapes)


def picture_alt(t: TurnScore) -> str:
    """The text alternative's words for one citizen turn (escaped)."""
    learner = "du var enig" if t.agrees else f"du kodede {RESPONSE_WORDS[t.learner_code]}"
    return escape(f"tur {t.turn}: {RESPONSE_WORDS[t.key_code]}, {learner}")


def picture_html(excerpt: Excerpt, score: Score) -> str:
    """The whole conversation as a timeline: where the utterances were and what became of them.

    Professional turns sit on the upper line, citizen turns on the lower; a keyed utterance is a
    large marker in the colour (and with the letter) of what happened to it, and a tick or cross
    shows whether the learner agreed.  The figure has a text alternative listing the same facts.
    """
    by_turn = {t.turn: t for t in score.turns}
    shapes = "".join(picture_turn(i, by_turn.get(i)) for i in range(1, len(excerpt.turns) + 1))
    return fill(
        PICTURE_TEMPLATE,
        {
            "width": picture_width(excerpt),
            "alt": "; ".join(picture_alt(t) for t in score.turns),
            "shapes": shapes,
        },
    )
