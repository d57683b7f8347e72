"""Nicknames at join: the privacy guard's patterns and name list refuse what identifies a person.

A refused nickname gets a Danish message that says why and what to do (pick a made-up
nickname); ordinary made-up nicknames, also those used elsewhere in the tests and the benchmark,
are accepted unchanged.
"""

from __future__ import annotations

import pytest

from lises.privacy.pseudonyms import INVENT, JoinError, check_nickname
from lises.workshop.store import Store

ACCEPTED = [
    "Kaffekoppen", "Blå 7", "Team Nord", "Ugle", "Deltager 1", "Deltager 25", "Kollega Ø",
    "Kollega 7", "Kollega7", "Ræv", "Krus", "Anden", "Grøn stol", "blå kop", "Kop", "Ny",
    "kollega-ø", "Bo", "Storm", "Team 2100", "Hold 8000", "Aarhus",
]  # fmt: skip
REFUSED = {
    "Mette Hansen": "ligner et navn",
    "mette hansen": "ligner et navn",
    "Malthe Holm": "ligner et navn",  # not in the first-name list: the dictionary's names
    "Bo Jensen": "ligner et navn",  # an ordinary word as first name, then a surname
    "Signe": "ligner et navn",
    "Hansen": "ligner et navn",
    "Vestergade 12": "ligner en adresse",
    "Nørremarken 31, 2. th": "ligner en adresse",
    "8000 Aarhus C": "ligner postnummer og by",
    "2100 København Ø": "ligner postnummer og by",
    "mette@gmail.com": "ikke en e-mailadresse",
    "mette at mail punktum dk": "ikke en e-mailadresse",
    "41 27 88 03": "ligner et telefonnummer",
    "+45 41278803": "ligner et telefonnummer",
    "120380-1234": "CPR-nummer",
    "23.05.87 1238": "CPR-nummer",
}


@pytest.mark.parametrize("nickname", ACCEPTED)
def test_made_up_nicknames_are_accepted(nickname):
    assert check_nickname(nickname) == nickname


@pytest.mark.parametrize(("nickname", "why"), REFUSED.items())
def test_identifying_nicknames_are_refused_saying_why_and_what_to_do(nickname, why):
    with pytest.raises(JoinError) as refused:
        check_nickname(nickname)
    assert why in str(refused.value)
    assert str(refused.value).endswith(INVENT)


def test_the_store_refuses_a_full_name_at_join(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'w.sqlite'}")
    workshop = store.create_workshop("W")
    with pytest.raises(JoinError, match="ligner et navn"):
        store.join_room(workshop.code, "Mette Kjærgaard")
    assert store.join_room(workshop.code, "Ugle")[0].nickname == "Ugle"
