"""Free text a participant types is checked before it is stored: CPR, phone and e-mail are refused.

The check (:func:`lises.workshop.recorder.check_free_text`) sits below the room server, which
calls it on every answer before :meth:`~lises.workshop.store.Store.store_answer` (the store
does not read the text): a refused answer is not stored, and the page shows the Danish message.
"""

from __future__ import annotations

import warnings

import pytest

from lises.privacy.guard import free_text_problem
from lises.privacy.pseudonyms import FreeTextError
from lises.room import screens
from lises.room.app import create_app
from lises.room.security import RateLimits
from lises.workshop.recorder import check_free_text

warnings.filterwarnings("ignore", message=".*httpx2.*")

from starlette.testclient import TestClient  # noqa: E402

from test_room_api import Room, some_value  # noqa: E402


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


def test_the_room_checks_the_text_again_before_the_store_and_stores_nothing(tmp_path, monkeypatch):
    """The room's own check before the store, on its own: with the exercise's check of a typed
    text switched off, a CPR number is still refused in Danish and never reaches the store."""
    monkeypatch.setattr(screens, "free_text_problem", lambda text: None)
    app = create_app(f"sqlite:///{tmp_path / 'rum.sqlite'}", secret="test", limits=RateLimits())
    store = app.state.room.store
    workshop = store.create_workshop("Træf")
    with TestClient(app) as client:
        room = Room(client, workshop.code, workshop.facilitator_key)
        token = room.join("Ugle")
        room.sign_in()
        room.act("aktivitet", {"exercise": "dilemma", "item": "praktikken"})
        for _ in range(3):
            due = room.screen(token)["screen"]["due"]
            if due["input"] == "text":
                break
            room.answer(token, due["step"], some_value(due))
        assert due["input"] == "text", "the dilemma never asked for a typed reason"
        reply = room.answer(token, due["step"], "Hun har CPR 010203-1234, skriv til hende")
        assert reply.status_code == 422, f"a CPR number was accepted: {reply.text}"
        assert "CPR-nummer" in reply.json()["fejl"] and reply.json()["keep"] is True
        stored = [a.step for a in store.export_answers(workshop.code, workshop.facilitator_key)]
        assert due["step"] not in stored, "the refused text is in the workshop's answers"
        # The same step with an ordinary reason is taken: it was the text that was refused.
        assert room.answer(token, due["step"], some_value(due)).status_code == 200
    store.engine.dispose()
