"""Free text a learner types is checked before it is stored: CPR, phone and e-mail are refused.

The check sits in the recorder (below every view): a refused answer is not stored, the exercise
shows the Danish message, and the text stays in the field so the learner can correct it.
"""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from lises.dilemma.view import DilemmaExercise
from lises.gribning.session import StepKind
from lises.privacy.guard import free_text_problem
from lises.privacy.pseudonyms import FreeTextError
from lises.workshop.recorder import WorkshopRecorder, check_free_text
from lises.workshop.store import Store
from test_dilemma_widget import CASES, choose, controls, weigh
from test_trainer_widget import NEXT, click, reply_box
from test_trainer_workshop import joined_app, start, trainer_of


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Du kan ringe til mig på 41 27 88 03.", "et telefonnummer"),
        ("Skriv til mette at gmail punktum com.", "en e-mailadresse"),
        ("Mit cpr er 230587-1238.", "et CPR-nummer"),
    ],
)
def test_cpr_phone_and_email_are_refused_with_a_danish_message(text, kind):
    problem = free_text_problem(text)
    assert problem is not None
    assert problem.startswith("Dit svar er ikke gemt") and kind in problem
    with pytest.raises(FreeTextError, match=kind):
        check_free_text({"svar": [text]})


@pytest.mark.parametrize(
    "text",
    [
        "Fortæl mere om dyrene, Mette.",  # a made-up name in a reply is fine
        "Hvad betyder det for dig at bo i Vestergade 12?",  # so is a street in role play
        "Vi ses den 12.03.2024 kl. 10.30, og du får 17.914 kr.",
    ],
)
def test_ordinary_replies_pass(text):
    assert free_text_problem(text) is None
    check_free_text(text)


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'workshops.sqlite'}")


def test_a_pause_reply_with_a_phone_number_is_not_stored_and_stays_in_the_field(store):
    workshop = store.create_workshop("W")
    trainer = trainer_of(joined_app(store, workshop.code, "Kop"))
    start(trainer, "praktikken")
    session = trainer.session
    key = session.excerpt.key_by_turn
    for _ in range(40):
        step = session.step()
        if step.kind == StepKind.REPLY:
            break
        if step.kind == StepKind.MARK:
            click(trainer, "Ja, markér turen" if step.turn in key else "Nej, ingen meningsytring")
        elif step.kind == StepKind.CLASSIFY:
            click(trainer, key[step.turn].response.value.capitalize())
        else:
            click(trainer, NEXT)
    stored = store.count_answers()
    reply_box(trainer).value = "Ring til mig på 41278803, så taler vi videre."
    click(trainer, "Gem mit svar og se næste tur")
    assert "et telefonnummer" in trainer.after_reply.value
    assert 'role="alert"' in trainer.after_reply.value
    assert store.count_answers() == stored
    assert reply_box(trainer).value == "Ring til mig på 41278803, så taler vi videre."
    assert session.step() == step  # still at the pause

    reply_box(trainer).value = "Ring til mig, så taler vi videre."
    click(trainer, "Gem mit svar og se næste tur")
    assert store.count_answers() == stored + 1
    assert session.step() != step


def test_a_reason_with_an_email_is_not_stored_in_the_dilemma_exercise(store):
    workshop = store.create_workshop("W")
    participant = store.join(workshop.code, "Ugle")
    app = DilemmaExercise(CASES, WorkshopRecorder(store, participant, "dilemma"))
    app.chooser.value = "praktikken"
    app.start_button.click()
    weigh(app)
    choose(app, "stop")
    (area,) = controls(app, widgets.Textarea)
    area.value = "Skriv til mig på ugle@example.dk"
    [save] = [b for b in controls(app, widgets.Button) if b.description == "Gem og afslut sagen"]
    save.click()
    assert "en e-mailadresse" in app.message.value
    assert [a.step for a in store.answers(participant, "dilemma")] == ["weights", "action"]
    assert area.value == "Skriv til mig på ugle@example.dk"
