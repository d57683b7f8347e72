"""The catching exercise in a workshop: joining, every answer stored once, resuming after a
reload, the key held back until the facilitator reveals it, tampered widget messages refused."""

from __future__ import annotations

import contextlib

import ipywidgets as widgets
import pytest
from traitlets import TraitError

from lises.excerpts.files import load_excerpts
from lises.gribning.session import StepKind
from lises.gribning.trainer import GribningTrainer, build_app
from lises.workshop.recorder import Recorder
from lises.workshop.store import Store
from test_trainer_widget import NEXT, click, play_as_key, reply_box


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'workshops.sqlite'}")


def joined_app(store: Store, code: str, nickname: str, resume: str = ""):
    app = build_app(store_url=store.url)
    app.join_toggle.click()
    app.join_panel.code.value = code
    app.join_panel.nickname.value = nickname
    app.join_panel.resume_key.value = resume
    app.join_panel.join_button.click()
    return app


def trainer_of(app) -> GribningTrainer:
    assert isinstance(app.exercise, GribningTrainer)
    return app.exercise


def start(trainer: GribningTrainer, excerpt_id: str) -> None:
    trainer.chooser.value = excerpt_id
    trainer.start_button.click()


def test_solo_use_stores_nothing_and_shows_the_key(store):
    app = build_app(store_url=store.url)
    trainer = trainer_of(app)
    assert type(trainer.recorder) is Recorder
    start(trainer, "praktikken")
    play_as_key(trainer)
    assert "Din kodning sammenlignet med eksperternes" in trainer.result.value
    assert store.count_answers() == 0


def test_join_shows_a_resume_key_and_says_it_is_pseudonymous(store):
    workshop = store.create_workshop("W")
    app = joined_app(store, workshop.code, "Blå kop")
    assert "Skriv aldrig dit navn" in app.join_panel.children[0].value
    assert "genoptagelseskode" in app.join_panel.message.value
    assert "Blå kop" in app.status.value
    assert trainer_of(app).recorder.nickname == "Blå kop"


def test_a_cpr_number_as_nickname_is_refused(store):
    workshop = store.create_workshop("W")
    app = joined_app(store, workshop.code, "0102031234")
    assert "CPR-nummer" in app.join_panel.message.value
    assert type(trainer_of(app).recorder) is Recorder  # still solo


def test_every_answer_is_stored_and_the_key_waits_for_the_facilitator(store):
    workshop = store.create_workshop("W")
    app = joined_app(store, workshop.code, "Kop")
    trainer = trainer_of(app)
    start(trainer, "praktikken")
    play_as_key(trainer)
    answers = store.workshop_answers(workshop.code, workshop.facilitator_key)
    excerpt = trainer.session.excerpt
    assert set(answers["emne"]) == {"praktikken"}
    assert sum(s.startswith("next:") for s in answers["trin"]) == len(excerpt.turns) - 1
    assert sum(s.startswith("reply:") for s in answers["trin"]) == len(excerpt.pauses)
    # Not revealed yet: no key, no model replies in any synced widget.
    assert "Eksperternes vurdering vises, når facilitatoren frigiver den" in trainer.result.value
    for entry in excerpt.key:
        assert entry.explanation not in trainer.result.value
    store.set_revealed(workshop.code, workshop.facilitator_key, "gribning")
    trainer.check_button.click()
    assert "Din kodning sammenlignet med eksperternes" in trainer.result.value


def test_model_replies_are_held_back_until_revealed(store):
    workshop = store.create_workshop("W")
    trainer = trainer_of(joined_app(store, workshop.code, "Kop"))
    start(trainer, "praktikken")
    session = trainer.session
    key = session.excerpt.key_by_turn
    for _ in range(40):
        step = session.step()
        if step.kind == StepKind.REPLY:
            reply_box(trainer).value = "Fortæl mere"
            click(trainer, "Gem mit svar og se næste tur")
            assert "gemt" in trainer.after_reply.value
            for reply in session.excerpt.pause_by_turn[step.turn].model_replies:
                assert reply not in trainer.after_reply.value
            return
        if step.kind == StepKind.MARK:
            click(trainer, "Ja, markér turen" if step.turn in key else "Nej, ingen meningsytring")
        elif step.kind == StepKind.CLASSIFY:
            click(trainer, key[step.turn].response.value.capitalize())
        else:
            click(trainer, NEXT)
    raise AssertionError("no pause point reached")


def test_a_reload_resumes_where_the_participant_was(store):
    workshop = store.create_workshop("W")
    first = joined_app(store, workshop.code, "Kop")
    resume_key = first.join_panel.message.value.split("genoptagelseskode er <strong>")[1][:6]
    trainer = trainer_of(first)
    start(trainer, "maanen")
    for _ in range(5):
        step = trainer.session.step()
        if step.kind == StepKind.MARK:
            click(trainer, "Nej, ingen meningsytring")
        elif step.kind == StepKind.NEXT:
            click(trainer, NEXT)
        else:
            break
    seen, marked = trainer.session.revealed, dict(trainer.session.marked)
    stored = store.count_answers()

    again = trainer_of(joined_app(store, workshop.code, "kop", resume_key))
    start(again, "maanen")
    assert again.session.revealed == seen
    assert again.session.marked == marked
    assert store.count_answers() == stored  # replaying stored nothing new


def test_a_double_click_stores_one_answer(store):
    workshop = store.create_workshop("W")
    trainer = trainer_of(joined_app(store, workshop.code, "Kop"))
    start(trainer, "praktikken")
    while trainer.session.step().kind != StepKind.NEXT:
        click(trainer, "Nej, ingen meningsytring")
    button = next(b for b in trainer.step_box.children if isinstance(b, widgets.Button))
    button.click()
    button.click()  # the second click names a turn already shown
    assert store.count_answers() == trainer.session.revealed - 1 + len(trainer.session.marked)


def tamper(widget: widgets.Widget, state: dict) -> None:
    """Deliver a forged state update as the kernel does: a refused value raises, and the
    kernel's comm handler logs it (never shown to the learner)."""
    with contextlib.suppress(TraitError):
        widget.set_state(state)


def test_tampered_widget_messages_change_nothing(store):
    workshop = store.create_workshop("W")
    trainer = trainer_of(joined_app(store, workshop.code, "Kop"))
    before = (trainer.chooser.value, store.count_answers())
    tamper(trainer.chooser, {"index": 999})
    tamper(trainer.chooser, {"value": "<img src=x onerror=alert(1)>"})
    tamper(trainer.chooser, {"index": "praktikken"})
    trainer.start("ukendt-uddrag")
    assert (trainer.chooser.value, store.count_answers()) == before
    # A forged answer that is not the step due is refused by the session, never stored.
    start(trainer, "praktikken")
    trainer._act("classify:1", "grebet")
    trainer._act("reply:1", {"html": "<script>"})
    trainer._act("mark:1", "ja")
    assert store.count_answers() == 0


def test_an_answer_that_cannot_be_stored_is_undone_and_the_learner_is_told():
    class BrokenRecorder(Recorder):
        def record(self, item, step, value):
            if step.startswith("mark:"):
                raise OSError("database unreachable")
            return True

    trainer = GribningTrainer(load_excerpts(), BrokenRecorder())
    start(trainer, "maanen")
    while trainer.session.step().kind == StepKind.NEXT:
        click(trainer, NEXT)
    due = trainer.session.step()
    click(trainer, "Nej, ingen meningsytring")
    assert trainer.session.step() == due
    assert "kunne ikke gemmes" in trainer.after_reply.value
    assert "database" not in trainer.after_reply.value  # no internals shown
    assert "Nej, ingen meningsytring" in [
        b.description for box in trainer.step_box.children for b in getattr(box, "children", [])
    ]


def test_the_alert_goes_when_a_retry_stores_the_answer(store, monkeypatch):
    """The store fails once (the database is briefly gone), then works: the retry's answer is
    stored, the red alert is taken down and the learner is told politely that it is saved."""
    from sqlalchemy.exc import OperationalError

    workshop = store.create_workshop("W")
    trainer = trainer_of(joined_app(store, workshop.code, "Kop"))
    start(trainer, "maanen")
    while trainer.session.step().kind == StepKind.NEXT:
        click(trainer, NEXT)
    kernel_store = trainer.recorder.store  # the participant kernel's own Store
    real_submit = kernel_store.submit
    down = iter([True])  # down for the first attempt only

    def flaky_submit(*args, **kwargs):
        if next(down, False):
            raise OperationalError("INSERT …", {}, Exception("database is locked"))
        return real_submit(*args, **kwargs)

    monkeypatch.setattr(kernel_store, "submit", flaky_submit)
    due, stored = trainer.session.step(), store.count_answers()
    click(trainer, "Nej, ingen meningsytring")
    assert 'role="alert"' in trainer.after_reply.value
    assert trainer.session.step() == due and store.count_answers() == stored
    click(trainer, "Nej, ingen meningsytring")  # the retry, with the store back
    assert trainer.session.step() != due and store.count_answers() == stored + 1
    assert 'role="alert"' not in trainer.after_reply.value
    assert "kunne ikke gemmes" not in trainer.after_reply.value
    assert 'role="status"' in trainer.after_reply.value
    assert "Nu er dit svar gemt" in trainer.after_reply.value
    # The next answer stored takes the notice away too: it was about that one retry.
    kind = trainer.session.step().kind
    assert kind in (StepKind.NEXT, StepKind.MARK)
    click(trainer, NEXT if kind == StepKind.NEXT else "Nej, ingen meningsytring")
    assert store.count_answers() == stored + 2 and trainer.after_reply.value == ""


def test_a_join_that_failed_can_be_retried(store):
    """The database was down at the first try (a closed port), up at the second."""
    from conftest import free_port

    workshop = store.create_workshop("W")
    app = build_app(store_url=f"postgresql+psycopg://lises@127.0.0.1:{free_port()}/lises")
    app.join_toggle.click()
    panel = app.join_panel
    panel.code.value, panel.nickname.value = workshop.code, "Kop"
    panel.join_button.click()
    assert 'role="alert"' in panel.message.value and "kan ikke nås" in panel.message.value
    assert type(trainer_of(app).recorder) is Recorder
    panel.store_url = store.url
    panel.join_button.click()
    assert 'role="alert"' not in panel.message.value
    assert 'role="status"' in panel.message.value and "genoptagelseskode" in panel.message.value
    assert trainer_of(app).recorder.nickname == "Kop"
