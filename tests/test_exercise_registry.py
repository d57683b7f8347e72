"""The registry of exercise kinds (``lises.core.exercises``) is the one list of exercises.

Every notebook in ``exercises/`` is in it and nothing else; the server's page lists and kernel
pools, ``etc/jupyter/voila.json``, the Voilà list of exercises (``tree.html``) and the self-check
script's ``KINDS`` say what it says; every step name round-trips through its codec, and a forged
or malformed one is refused with :class:`StepRefused`, never another exception.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lises.core import exercises
from lises.core.exercises import KINDS, Audience, Step, StepRefused
from lises.core.paths import REPO
from lises.excerpts.coding import CodingError, coding_from_answers
from lises.excerpts.files import default_excerpt_dir, load_excerpts
from lises.tools import serve

TREE = REPO / "share" / "jupyter" / "voila" / "templates" / "lises" / "tree.html"
SELFTEST_JS = REPO / "book" / "_ext" / "static" / "lises-selvtest.js"
CODECS = [k for k in KINDS if k.codec is not None]


def test_every_notebook_is_registered_and_every_kind_has_a_notebook():
    notebooks = {p.name for p in (REPO / "exercises").glob("*.ipynb")}
    assert notebooks == {k.notebook for k in KINDS}


def test_names_are_unique_and_only_learner_pages_store_answers():
    assert len({k.name for k in KINDS}) == len(KINDS)
    assert set(Audience) == {Audience.LEARNER, Audience.BROKER}
    for kind in CODECS:  # the room's exercises: a learner page with preheated kernels
        assert kind.audience == Audience.LEARNER and kind.pooled
    for kind in exercises.self_checks():
        assert callable(kind.selfcheck_renderer())


def test_serve_reads_the_registry():
    assert serve.LEARNER_PAGES == ("gribning", "dilemma", "potentialer")
    assert set(serve.LEARNER_PAGES) == {k.name for k in KINDS if k.pooled}
    assert set(serve.BROKER_PAGES) == {k.name for k in KINDS if k.audience == Audience.BROKER}
    assert set(serve.LEARNER_PAGES) | set(serve.BROKER_PAGES) == {k.name for k in KINDS}
    command = serve.class_command(8866, "t", 3, "127.0.0.1", REPO / "exercises", 30)
    pools = next(c for c in command if "kernel_pools_config" in c).split("=", 1)[1]
    assert json.loads(pools) == exercises.kernel_pools(3)


def test_voila_json_pools_are_the_registrys():
    config = json.loads((REPO / "etc" / "jupyter" / "voila.json").read_text(encoding="utf-8"))
    assert config["VoilaKernelManager"]["kernel_pools_config"] == exercises.kernel_pools(1)


def tree_block() -> str:
    """The ``names`` block tree.html should hold (paste it there when this test fails)."""
    lines = [f'  "{k.notebook}": ("{k.heading}", "{k.about}"),' for k in KINDS]
    return "{% set names = {\n" + "\n".join(lines) + "\n} %}"


def test_the_voila_list_of_exercises_is_the_registrys():
    text = TREE.read_text(encoding="utf-8")
    assert tree_block() in text, f"tree.html's names should read:\n{tree_block()}"


def test_the_self_check_script_knows_exactly_the_registrys_self_checks():
    found = re.search(r"var KINDS = \{([^}]*)\}", SELFTEST_JS.read_text(encoding="utf-8"))
    names = {pair.split(":")[0].strip() for pair in found.group(1).split(",") if pair.strip()}
    assert names == {k.name for k in exercises.self_checks()}
    extension = (REPO / "book" / "_ext" / "lises_selfcheck.py").read_text(encoding="utf-8")
    directives = set(re.findall(r'add_directive\("selvtest-([a-z-]+)"', extension))
    # Self-checks the book has and Voilà has not (no notebook: the understanding questions)
    # are listed apart in both files, and only there.
    found = re.search(r"var BOOK_ONLY = \{([^}]*)\}", SELFTEST_JS.read_text(encoding="utf-8"))
    book_only = {pair.split(":")[0].strip() for pair in found.group(1).split(",") if pair.strip()}
    assert book_only == set(re.findall(r'^    "([a-z]+)": \($', extension, flags=re.M))
    assert not book_only & {k.name for k in exercises.KINDS}
    assert directives == names | book_only


# -- the answer codec ------------------------------------------------------------------------

turns = st.integers(min_value=1, max_value=10**6)
items = st.from_regex(r"[a-z0-9][a-z0-9-]{0,59}", fullmatch=True)


def steps_of(codec) -> st.SearchStrategy[Step]:
    options = []
    for kind in codec.kinds:
        if kind.target is None:
            options.append(st.just(Step(kind.name)))
        elif kind.target == "turn":
            options.append(turns.map(lambda t, n=kind.name: Step(n, t)))
        else:
            options.append(items.map(lambda i, n=kind.name: Step(n, i)))
    return st.one_of(options)


@pytest.mark.parametrize("kind", CODECS, ids=lambda k: k.name)
@given(data=st.data())
def test_every_step_round_trips(kind, data):
    step = data.draw(steps_of(kind.codec))
    text = kind.codec.encode(step)
    assert kind.codec.decode(text) == step
    assert kind.codec.encode(kind.codec.decode(text)) == text


def test_every_step_kind_the_sessions_store_is_known():
    known = {(k.name, s.name) for k in CODECS for s in k.codec.kinds}
    assert known == {
        ("gribning", "mark"),
        ("gribning", "classify"),
        ("gribning", "reply"),
        ("gribning", "next"),
        ("dilemma", "weights"),
        ("dilemma", "action"),
        ("dilemma", "begrundelse"),
        ("potentialer", "sort"),
    }
    from lises.dilemma.session import DilemmaStep
    from lises.gribning.session import StepKind
    from lises.potentials.session import step_name

    assert {s.value for s in StepKind} - {"done"} == {"mark", "classify", "reply", "next"}
    assert {s.value for s in DilemmaStep} - {"done"} == {"weights", "action", "begrundelse"}
    assert exercises.kind("potentialer").codec.decode(step_name("fast-kontaktperson")) == Step(
        "sort", "fast-kontaktperson"
    )


@pytest.mark.parametrize(
    "text",
    [
        "mark:",
        "mark:x",
        "mark:0",
        "mark:03",
        "mark:-1",
        "mark:3:4",
        "mark: 3",
        "mark:٣",
        "MARK:3",
        "weights:1",
        "sort:",
        "sort:Æble",
        "sort:a b",
        "",
        ":",
        "x" * 500,
        None,
        3,
        ["mark:3"],
    ],
)
def test_a_forged_step_is_refused_clearly(text):
    for kind in CODECS:
        with pytest.raises(StepRefused, match="trin"):
            kind.codec.decode(text)
        assert kind.codec.parse(text) is None


@given(st.one_of(st.text(max_size=100), st.binary(), st.integers(), st.none()))
def test_decoding_anything_refuses_or_decodes(text):
    for kind in CODECS:
        try:
            step = kind.codec.decode(text)
        except StepRefused:
            continue
        assert kind.codec.encode(step) == text


@pytest.mark.parametrize(
    ("exercise", "step", "value"),
    [
        ("gribning", "mark:2", 1),
        ("gribning", "mark:2", "ja"),
        ("gribning", "classify:2", True),
        ("potentialer", "sort:x", True),
        ("potentialer", "sort:x", "3"),
        ("dilemma", "weights", []),
        ("ukendt", "mark:2", True),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(exercise, step, value):
    assert exercises.decode_answer(exercise, step, value) is None


def test_codings_skip_forged_steps():
    excerpts = load_excerpts(default_excerpt_dir())
    excerpt = next(iter(excerpts.values()))
    good = [("mark:" + str(t), False) for t in excerpt.citizen_turns]
    forged = [("mark:1:2", True), ("classify:x", "y"), ("mark:٣", True), ("sort:Æ", 1)]
    rows = [
        {"kaldenavn": "Kop", "øvelse": "gribning", "emne": excerpt.id, "trin": s, "svar": v}
        for s, v in good + forged
    ]
    rows.append({"kaldenavn": "Kop", "øvelse": "potentialer", "emne": "s", "trin": 5, "svar": 1})
    answers = pd.DataFrame(rows).assign(tidspunkt=pd.Timestamp.now(tz="UTC"))
    coding = coding_from_answers(answers, excerpt, "Kop")
    assert set(coding.codes) == set(excerpt.citizen_turns)
    with pytest.raises(CodingError):
        coding_from_answers(answers.iloc[len(good) :], excerpt, "Kop")
