"""The catching exercise (gribning) as a Voilà/JupyterLab app: a thin view over a Session.

The learner chooses an excerpt, reads it turn by turn, marks the citizen turns that carry a
meaning-utterance, judges what the professional's next turn did, writes a reply at pause points, and
gets feedback.  All decisions live in :class:`lises.gribning.session.Session`; this module only
shows the step that is due and passes clicks on.  Texts are Danish; every control has a visible
label, and focus moves to the next control so the exercise works from the keyboard.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import ipywidgets as widgets

from lises.core.answers import Answer
from lises.excerpts import feedback
from lises.excerpts import local as local_excerpts
from lises.excerpts.local import SHARED_SERVER_VARIABLE
from lises.excerpts.model import Excerpt, Response
from lises.ui.controls import StepParts
from lises.ui.exercise_view import ExerciseView
from lises.ui.voila_query import on_query

from . import texts
from .coding_panel import CodingPanel
from .session import Session, StepKind

DIFFICULTY_ORDER = {"let": 0, "middel": 1, "svær": 2}


def in_course_order(excerpts: dict[str, Excerpt]) -> list[Excerpt]:
    """Easiest first, then by title: the order of the chooser."""
    return sorted(excerpts.values(), key=lambda e: (DIFFICULTY_ORDER[e.difficulty.value], e.title))


class GribningTrainer(ExerciseView):
    """The trainer for one learner.

    Attributes
    ----------
    chooser : ipywidgets.Dropdown
        The excerpt to work on (value: excerpt id).
    conversation : ipywidgets.HTML
        The turns revealed so far, and nothing more.
    progress : ipywidgets.IntProgress
        Turns revealed out of the excerpt's length.
    step_box : ipywidgets.VBox
        The controls for the step that is due.
    result : ipywidgets.HTML
        Feedback after the last turn.
    coding_panel : CodingPanel or None
        With ``offer_coding``: saves the coding for a Lån et øre comparison (on the feedback
        screen).
    """

    clears_message_on_answer = False  # the model replies after a reply stay until the next reply

    def __init__(
        self,
        excerpts: dict[str, Excerpt],
        *,
        offer_coding: bool = False,
        notice: str = "",
    ):
        self.excerpts = excerpts
        self.notice = widgets.HTML(notice)  # local files that were skipped, said in Danish
        self.coding_panel = CodingPanel() if offer_coding else None
        self.chooser = widgets.Dropdown(
            options=[(texts.option_label(e), e.id) for e in in_course_order(excerpts)],
            description="Vælg uddrag:",
            style={"description_width": "initial"},
            layout={"width": "min(100%, 38rem)"},
        )
        self.header = widgets.HTML(texts.header_html(excerpts[self.chooser.value]))
        self.progress = widgets.IntProgress(
            min=0, description="Fremskridt:", style={"description_width": "initial"}
        )
        self.progress_text = widgets.HTML()
        self.conversation = widgets.HTML()
        self.result = widgets.HTML()
        self.title = widgets.HTML()
        self.parts = StepParts()
        super().__init__(
            excerpts,
            start=texts.START,
            back=texts.ANOTHER,
            css_class="lises-trainer",
        )
        self.after_reply = self.message  # the model replies after a reply
        self.again_button = self.back_button
        self.show_chooser()

    # -- screens ------------------------------------------------------------------------------

    def _chooser_children(self) -> list[widgets.Widget]:
        notice = [self.notice] if self.notice.value else []
        return [self.header, *notice, self.chooser, self.intro, self.start_button]

    def _show_intro(self) -> None:
        excerpt = self.excerpts[self.chooser.value]
        self.header.value = texts.header_html(excerpt)
        self.intro.value = texts.intro_html(excerpt)

    def _new_session(self, excerpt: Excerpt) -> Session:
        return Session(excerpt)

    def _on_start(self) -> None:
        self.progress.max = self.session.total
        self.result.value = ""
        self.title.value = f"<h3>{escape(self.session.excerpt.title)}</h3>"
        self.header.value = texts.header_html(self.session.excerpt)

    def _exercise_children(self) -> list[widgets.Widget]:
        return [
            self.header,
            self.title,
            self.progress,
            self.progress_text,
            self.conversation,
            self.after_reply,
            self.step_box,
        ]

    # -- the step that is due -----------------------------------------------------------------

    def _controls(self) -> list[widgets.Widget]:
        session = self.session
        excerpt = session.excerpt
        parts = self.parts
        self.progress.value = session.revealed
        self.progress_text.value = texts.progress_html(session.revealed, session.total)
        self.conversation.value = feedback.conversation_html(excerpt, session.revealed)
        step = session.step()
        controls: list[widgets.Widget]
        if step.kind == StepKind.MARK:
            question = parts.html(texts.mark_question_html(step.turn))
            yes = parts.button(*texts.MARK_YES, "info")
            no = parts.button(*texts.MARK_NO)
            yes.on_click(lambda _, t=step.turn: self._act(f"mark:{t}", True))
            no.on_click(lambda _, t=step.turn: self._act(f"mark:{t}", False))
            controls = [question, parts.row([yes, no])]
        elif step.kind == StepKind.CLASSIFY:
            question = parts.html(texts.classify_question_html(excerpt, step.turn, step.responder))
            buttons = []
            for response in Response:
                button = parts.button(*texts.response_button(response))
                button.on_click(
                    lambda _, t=step.turn, r=response: self._act(f"classify:{t}", r.value)
                )
                buttons.append(button)
            help_text = parts.html(texts.response_help_html())
            controls = [question, parts.row(buttons), help_text]
        elif step.kind == StepKind.REPLY:
            pause = excerpt.pause_by_turn[step.turn]
            text = widgets.Textarea(
                description="Dit svar:",
                placeholder="Skriv, hvad du ville sige til borgeren nu …",
                layout={"width": "min(100%, 38rem)", "height": "6rem"},
            )
            warning = parts.html()
            save = parts.button(
                "Gem mit svar og se næste tur", "Dit svar gemmes, og samtalen fortsætter", "primary"
            )

            def _save(_, t=step.turn):
                if not text.value.strip():
                    warning.value = '<p role="alert">Skriv et svar, før du går videre.</p>'
                    return
                self._act(f"reply:{t}", text.value)

            save.on_click(_save)
            question = parts.html(f"<p><strong>Pause.</strong> {escape(pause.prompt)}</p>")
            controls = [question, text, warning, save]
        elif step.kind == StepKind.NEXT:
            button = parts.button(*texts.NEXT, "primary")
            button.on_click(lambda _, seen=session.revealed: self._act(f"next:{seen + 1}", True))
            controls = [button]
        else:
            button = parts.button(*texts.SEE_FEEDBACK, "success")
            button.on_click(lambda _: self._show_feedback())
            controls = [parts.html(texts.DONE_HTML), button]
        return controls

    def _act(self, step: str, value: object) -> None:
        """Check one answer, then apply it and show the next step.

        A stale or tampered click is ignored, never shown as an error.
        """
        self.submit(step, value)

    def _answered(self, answer: Answer) -> None:
        kind, _, number = answer.step.partition(":")
        if kind == "reply":
            turn = int(number)
            session = self.session
            self.after_reply.value = feedback.model_replies_html(
                session.excerpt, turn, session.replies[turn]
            )

    def _show_feedback(self) -> None:
        session = self.session
        if session is None or not session.done:
            return
        result = session.score()
        excerpt = session.excerpt
        self.result.value = (
            feedback.summary_html(result)
            + feedback.picture_html(excerpt, result)
            + feedback.turn_feedback_html(excerpt, result, session.replies)
        )
        self.after_reply.value = ""
        self.children = [self.header, self.result, self.again_button]
        if self.coding_panel is not None:
            self.coding_panel.show(excerpt, session.marks())
            self.children = [self.header, self.result, self.coding_panel, self.again_button]
        self.again_button.focus()


def build_app(*excerpt_dirs: Path) -> GribningTrainer:
    """The catching exercise for one learner, working alone.

    Without folders it offers the course's excerpts and the knowledge broker's own
    (:mod:`lises.excerpts.local`), read when the page opens, so a new import shows at once.
    The learner can save the coding for Lån et øre, except on a server shared by a class
    (``LISES_SHARED_SERVER``): the server's folder is not theirs to write.
    """
    # One bad file in the broker's folder is shown and skipped, not the end of the page.
    excerpts, skipped = local_excerpts.available_excerpts(*excerpt_dirs)
    trainer = GribningTrainer(
        excerpts,
        offer_coding=os.environ.get(SHARED_SERVER_VARIABLE) != "1",
        notice=local_excerpts.skipped_html(skipped),
    )
    on_query(lambda query: open_from_link(trainer, query, excerpt_dirs or None))
    return trainer


def open_from_link(
    trainer: GribningTrainer, query: dict[str, list[str]], excerpt_dirs=None
) -> None:
    """Start the excerpt a link names (``gribning.ipynb?uddrag=<id>``); other ids are ignored.

    A preheated kernel read the folders before the page was asked for, so the folders are read
    again: an excerpt imported or annotated since then is shown as it is now.
    """
    excerpt_id = query.get("uddrag", [""])[0]
    if not excerpt_id or trainer.session is not None:
        return  # never interrupt an excerpt already under way
    try:
        fresh, _ = local_excerpts.available_excerpts(*(excerpt_dirs or ()))
    except Exception:  # a broken file elsewhere must not break the page
        fresh = {}
    if excerpt_id in fresh:
        trainer.excerpts[excerpt_id] = fresh[excerpt_id]
        trainer.chooser.options = [
            (texts.option_label(e), e.id) for e in in_course_order(trainer.excerpts)
        ]
    if excerpt_id not in trainer.excerpts:
        return
    trainer.chooser.value = excerpt_id
    trainer.start(excerpt_id)
