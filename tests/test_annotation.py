"""Writing the key of an own excerpt: the draft (:mod:`lises.laan.annotation`) and the page
(:mod:`lises.laan.annotator`) driven as a front end would drive it."""

from __future__ import annotations

import os
from pathlib import Path

import ipywidgets as widgets
import pytest
import yaml

from lises.excerpts.files import default_excerpt_dir, load_excerpt, load_excerpts
from lises.laan.annotation import AnnotationError, KeyDraft, save_excerpt, scan_excerpts
from lises.laan.annotator import Annotator

COURSE = default_excerpt_dir() / "praktikken.yaml"


def unannotated(directory: Path, excerpt_id: str = "eget-uddrag") -> Path:
    """A course excerpt as an import leaves it: turns, no key, no pauses, no notes."""
    data = yaml.safe_load(COURSE.read_text(encoding="utf-8"))
    data.update(id=excerpt_id, title="Vores egen samtale", key=[], pauses=[])
    for turn in data["turns"]:
        turn.pop("note", None)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{excerpt_id}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def annotate_turn(draft: KeyDraft, turn: int, kind: str, response: str, why: str) -> None:
    draft.set_marked(turn, True)
    draft.set_kind(turn, kind)
    draft.set_response(turn, response)
    draft.set_explanation(turn, why)


# -- the draft ----------------------------------------------------------------------------------


def test_a_draft_becomes_a_valid_excerpt(tmp_path):
    path = unannotated(tmp_path)
    draft = KeyDraft.from_excerpt(load_excerpt(path))
    assert sorted(draft.turns) == [2, 4, 6]
    annotate_turn(draft, 2, "bekymring", "grebet", "Hun sætter ord på en grænse.")
    annotate_turn(draft, 6, "ønske", "overhalet", "Møder og frister tager over.")
    draft.set_note(7, "  Et institutionelt projekt.  ")
    draft.set_pause(6, True, "", "Hvad vil du hellere?\n\n  Fortæl mere.  ")
    excerpt = draft.build()
    assert [(k.turn, k.kind.value, k.response.value) for k in excerpt.key] == [
        (2, "bekymring", "grebet"),
        (6, "ønske", "overhalet"),
    ]
    assert excerpt.turns[6].note == "Et institutionelt projekt."
    (pause,) = excerpt.pauses
    assert pause.after_turn == 6
    assert pause.prompt == "Hvad ville du sige nu?"  # an empty prompt gets the default
    assert pause.model_replies == ["Hvad vil du hellere?", "Fortæl mere."]


def test_every_missing_part_is_named_by_turn_and_field(tmp_path):
    draft = KeyDraft.from_excerpt(load_excerpt(unannotated(tmp_path)))
    draft.set_marked(4, True)
    draft.set_kind(6, "ønske")  # not marked: ignored
    draft.set_pause(2, True, "Hvad nu?", "  ")
    with pytest.raises(AnnotationError) as caught:
        draft.build()
    assert caught.value.problems == [
        "tur 4, felt 'kind': vælg slags ytring",
        "tur 4, felt 'response': vælg, hvad den professionelles næste tur gjorde",
        "tur 4, felt 'explanation': skriv en forklaring",
        "pause efter tur 2, felt 'model_replies': skriv mindst ét forslag til svar",
    ]


def test_the_models_own_checks_apply_too(tmp_path):
    data = yaml.safe_load(unannotated(tmp_path).read_text(encoding="utf-8"))
    data["turns"].append({"speaker": "B", "text": "Og så en sidste ting."})
    path = tmp_path / "eget-uddrag.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    draft = KeyDraft.from_excerpt(load_excerpt(path))
    annotate_turn(draft, 8, "ønske", "grebet", "Sidste ord.")
    draft.set_pause(8, True, "Hvad nu?", "Svar")
    with pytest.raises(AnnotationError) as caught:
        draft.build()
    assert caught.value.problems == [
        "nøgle for tur 8, felt 'response': ingen professionel tur følger efter, så svaret kan "
        "ikke bedømmes",
        "pause efter tur 8, felt 'after_turn': en pause skal ligge før sidste tur",
    ]


@pytest.mark.parametrize(
    ("setter", "args"),
    [
        ("set_marked", (3, True)),  # a caseworker's turn
        ("set_marked", ("2", True)),
        ("set_marked", (2, "ja")),
        ("set_kind", (2, "håb")),
        ("set_response", (2, "grebbet")),
        ("set_explanation", (2, ["x"])),
        ("set_note", (99, "x")),
        ("set_pause", (2, "ja")),
    ],
)
def test_forged_values_from_the_page_are_refused(tmp_path, setter, args):
    draft = KeyDraft.from_excerpt(load_excerpt(unannotated(tmp_path)))
    with pytest.raises(AnnotationError):
        getattr(draft, setter)(*args)


def test_an_existing_key_is_the_starting_point():
    excerpt = load_excerpts()["praktikken"]
    draft = KeyDraft.from_excerpt(excerpt)
    assert draft.turns[4].marked and draft.turns[4].response == "overhalet"
    assert draft.pauses[6].replies.startswith("Du vil gerne ud af praktikken")
    assert draft.build() == excerpt  # nothing changed, nothing lost


# -- saving -------------------------------------------------------------------------------------


def test_saving_writes_a_file_the_trainer_loads(tmp_path):
    path = unannotated(tmp_path)
    draft = KeyDraft.from_excerpt(load_excerpt(path))
    annotate_turn(draft, 4, "bekymring", "overhørt", "Usynlig.")
    save_excerpt(draft.build(), path)
    assert load_excerpts(tmp_path)["eget-uddrag"].key_by_turn[4].explanation == "Usynlig."
    assert path.read_text(encoding="utf-8").startswith("# Uddrag med nøgle")
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_failed_write_keeps_the_file(tmp_path, monkeypatch):
    path = unannotated(tmp_path)
    before = path.read_bytes()
    draft = KeyDraft.from_excerpt(load_excerpt(path))
    annotate_turn(draft, 4, "bekymring", "overhørt", "Usynlig.")
    monkeypatch.setattr(os, "replace", lambda *_: (_ for _ in ()).throw(OSError("fuld disk")))
    with pytest.raises(OSError):
        save_excerpt(draft.build(), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_broken_file_is_reported_and_the_rest_still_listed(tmp_path):
    unannotated(tmp_path)
    (tmp_path / "i-stykker.yaml").write_text("id: [", encoding="utf-8")
    found = scan_excerpts(tmp_path)
    assert list(found.files) == ["eget-uddrag"]
    (error,) = found.errors
    assert error.startswith("i-stykker.yaml: linje")
    assert scan_excerpts(tmp_path / "findes-ikke").files == {}


# -- the page -----------------------------------------------------------------------------------


def test_annotating_through_the_widgets(tmp_path):
    path = unannotated(tmp_path)
    page = Annotator(tmp_path)
    assert page.chooser.options == (("Vores egen samtale", "eget-uddrag"),)
    assert "har ingen nøgle endnu" in page.chooser_key.value
    page.open_button.click()
    assert page.children[1] is page.editor
    assert page.turn_choice.value == 2
    assert "jeg kan ikke holde til mere" in page.form.context.value.lower()
    assert page.form.kind.disabled  # not marked yet
    page.form.marked.value = True
    page.form.kind.value = "bekymring"
    page.form.response.value = "grebet"
    page.form.explanation.value = "Hun sætter ord på en grænse."
    page.next_button.click()
    page.next_button.click()
    assert page.turn_choice.value == 6
    page.form.marked.value = True
    page.form.kind.value = "ønske"
    page.form.response.value = "overhalet"
    page.save_button.click()
    assert 'role="alert"' in page.message.value
    assert "tur 6, felt &#x27;explanation&#x27;: skriv en forklaring" in page.message.value
    assert load_excerpt(path).key == []  # not saved, file untouched
    page.form.explanation.value = "Møder og frister <i>overhaler</i> ønsket."
    page.form.citizen_note.value = "Her siger hun det direkte."
    page.form.pause.value = True
    page.form.pause_replies.value = "Hvad ville du hellere?"
    page.previous_button.click()
    assert page.turn_choice.value == 4 and not page.form.marked.value
    page.save_button.click()
    assert 'role="status"' in page.message.value
    assert 'href="gribning.ipynb?uddrag=eget-uddrag"' in page.message.value
    assert "Åbn i gribningstræneren" in page.message.value
    saved = load_excerpt(path)
    assert [k.turn for k in saved.key] == [2, 6]
    assert saved.key_by_turn[6].explanation == "Møder og frister <i>overhaler</i> ønsket."
    assert saved.turns[5].note == "Her siger hun det direkte."
    assert saved.pauses[0].after_turn == 6
    assert "<i>" not in page.overview.value + page.message.value  # shown as text


def test_every_control_has_a_label(tmp_path):
    unannotated(tmp_path)
    page = Annotator(tmp_path)
    page.open_button.click()
    controls = [
        w
        for w in [*vars(page).values(), *vars(page.form).values()]
        if isinstance(w, widgets.ValueWidget) and not isinstance(w, widgets.HTML)
    ]
    assert len(controls) >= 10
    for control in controls:
        assert control.description.strip(), control


def test_an_unknown_id_from_the_query_changes_nothing(tmp_path):
    unannotated(tmp_path)
    page = Annotator(tmp_path)
    assert not page.open_excerpt("findes-ikke")
    assert not page.open_excerpt(["eget-uddrag"])
    assert page.children[1] is page.chooser
    assert page.open_excerpt("eget-uddrag")


def test_an_empty_folder_says_what_to_do(tmp_path):
    page = Annotator(tmp_path / "uddrag")
    assert page.open_button.disabled
    assert "ingen uddrag i din mappe" in page.chooser_message.value
