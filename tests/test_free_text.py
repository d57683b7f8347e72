"""Free text a participant types is checked before it is stored: CPR, phone and e-mail are refused.

The check (:func:`lises.workshop.recorder.check_free_text`) sits below the room server, which
calls it on every answer before :meth:`~lises.workshop.store.Store.store_answer` (the store
does not read the text): a refused answer is not stored, and the page shows the Danish message.
"""

from __future__ import annotations

import pytest

from lises.privacy.guard import free_text_problem
from lises.privacy.pseudonyms import FreeTextError
from lises.workshop.recorder import check_free_text


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
