"""``python -m lises check``: every bad fixture is refused naming file, place and problem in
Danish, the course's own data passes, and no input ends in a traceback or in English.

The command is run as an editor runs it (a subprocess); one run covers every bad fixture of the
four kinds, and each fixture is then checked against the message its loader test expects
(``BAD_FILES`` in ``test_excerpt_files``, ``test_dilemma_files``, ``test_potential_files``,
``test_quiz_files`` and ``test_coding``), so the command and the loaders can never drift apart.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import test_coding
import test_dilemma_files
import test_excerpt_files
import test_potential_files
import test_quiz_files
from lises.excerpts.files import default_excerpt_dir
from lises.tools.check import detect_kind

FIXTURES = Path(__file__).parent / "fixtures"
DATA = default_excerpt_dir().parent
BAD_DIRS = ("bad_excerpts", "bad_dilemmas", "bad_potentials", "bad_quizzes", "bad_codings")
# Words of pydantic's and PyYAML's English messages, and of a Python traceback.
ENGLISH = re.compile(
    r"Traceback|Error\b|\b(should|Input|required|valid|expected|found|while|could not|"
    r"mapping values|unable|characters?)\b"
)


def run_check(*paths: object, local: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, LISES_LOCAL_DIR=str(local))
    return subprocess.run(
        [sys.executable, "-m", "lises", "check", *map(str, paths)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,  # a named pipe or a bomb must never make the command wait
        check=False,
    )


def _lines_by_file(output: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in output.splitlines()[:-1]:  # the last line is the summary
        shown = line.split(": ", 1)[0]
        found.setdefault(shown, []).append(line)
    return found


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory) -> tuple[subprocess.CompletedProcess, dict[str, list[str]]]:
    local = tmp_path_factory.mktemp("tom-lokal")
    result = run_check(*(FIXTURES / name for name in BAD_DIRS), local=local)
    return result, _lines_by_file(result.stdout)


# Each folder's loader test, whose ``BAD_FILES`` says what the problem lines contain.
LOADER_TESTS = {
    "bad_excerpts": test_excerpt_files,
    "bad_dilemmas": test_dilemma_files,
    "bad_potentials": test_potential_files,
    "bad_quizzes": test_quiz_files,
    "bad_codings": test_coding,
}


def _expected_lines(folder: str, name: str) -> list[str]:
    """What the loader test says the problem lines for this fixture contain."""
    path = FIXTURES / folder / name
    return [f"{path}: {line}" for line in LOADER_TESTS[folder].BAD_FILES[name]]


ALL_BAD = [(folder, p.name) for folder in BAD_DIRS for p in sorted((FIXTURES / folder).iterdir())]


def test_the_run_over_every_bad_fixture_fails_with_a_danish_summary(bad_run) -> None:
    result, by_file = bad_run
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    summary = result.stdout.splitlines()[-1]
    assert summary == (
        f"{len(ALL_BAD)} filer kontrolleret, {len(ALL_BAD)} med fejl "
        f"({len(result.stdout.splitlines()) - 1} problemer)"
    )
    assert len(by_file) == len(ALL_BAD)  # every bad file refused, none missed


@pytest.mark.parametrize(("folder", "name"), ALL_BAD, ids=[f"{f}/{n}" for f, n in ALL_BAD])
def test_each_bad_fixture_is_refused_naming_file_place_and_problem(bad_run, folder, name) -> None:
    _, by_file = bad_run
    lines = by_file.get(str(FIXTURES / folder / name))
    assert lines, f"{folder}/{name} was not refused"
    text = "\n".join(lines)
    for expected in _expected_lines(folder, name):
        assert expected in text, text
    assert not ENGLISH.search(text), text


def test_the_course_data_passes(tmp_path: Path) -> None:
    result = run_check(DATA, local=tmp_path)
    count = len(list(DATA.rglob("*.yaml")))
    assert (result.returncode, result.stdout) == (0, f"{count} filer kontrolleret, ingen fejl\n")


def test_careless_and_hostile_input_never_ends_in_a_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "skrald"
    garbage.mkdir()
    (garbage / "tilfaeldig.yaml").write_bytes(bytes(range(256)) * 40)
    (garbage / "latin1.yml").write_bytes("id: æble\n".encode("latin-1"))
    (garbage / "noter.txt").write_text("ikke kursusdata", encoding="utf-8")  # not a .yaml: skipped
    (garbage / "ordliste.yaml").write_text("- term: gribning\n", encoding="utf-8")
    big = tmp_path / "stor.yaml"
    with big.open("wb") as out:
        out.write(b"# " + b"x" * 50_000_000 + b"\n")
    pipe = tmp_path / "roer.yaml"
    os.mkfifo(pipe)
    empty = tmp_path / "tom-mappe"
    empty.mkdir()
    result = run_check(
        garbage, big, pipe, empty, tmp_path / "findes-ikke.yaml", "/dev/zero", local=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr == ""
    assert not ENGLISH.search(result.stdout), result.stdout
    expected = [
        f"{tmp_path / 'findes-ikke.yaml'}: findes ikke",
        f"{empty}: mappen indeholder ingen .yaml- eller .yml-filer",
        f"{garbage / 'latin1.yml'}: filen er ikke gemt som UTF-8",
        f"{garbage / 'ordliste.yaml'}: kan ikke se, hvilken slags kursusdata filen er",
        f"{garbage / 'tilfaeldig.yaml'}: filen er ikke en tekstfil (den indeholder binære data)",
        f"{big}: filen er for stor (50,0 MB; højst 1,0 MB)",
        f"{pipe}: er ikke en almindelig fil",
        "/dev/zero: er ikke en almindelig fil",
    ]
    for line in expected:
        assert line in result.stdout, result.stdout
    assert "noter.txt" not in result.stdout
    assert result.stdout.splitlines()[-1] == "8 filer kontrolleret, 8 med fejl (8 problemer)"


def test_a_duplicate_id_between_checked_files_is_named(tmp_path: Path) -> None:
    result = run_check(FIXTURES / "duplicate_ids", local=tmp_path)
    assert result.returncode == 1
    assert (
        f"{FIXTURES / 'duplicate_ids' / 'b-kopi.yaml'}: uddraget, felt 'id': 'fixtur-dublet' "
        f"bruges også i {FIXTURES / 'duplicate_ids' / 'a-original.yaml'}"
    ) in result.stdout


@pytest.mark.parametrize(
    ("arguments", "code", "stream"),
    [
        ([], 2, "stderr"),
        (["--help"], 0, "stdout"),
        (["tjek"], 2, "stderr"),
        (["check"], 2, "stderr"),
    ],
)
def test_wrong_use_prints_danish_usage(tmp_path: Path, arguments, code, stream) -> None:
    env = dict(os.environ, LISES_LOCAL_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "lises", *arguments],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == code
    assert getattr(result, stream).startswith(("Brug: python -m lises check", "Ukendt kommando"))
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("folder", "data", "kind"),
    [
        ("excerpts", {}, "excerpt"),
        ("uddrag", ["en liste"], "excerpt"),
        ("kodninger", {"turns": []}, "coding"),  # the folder decides, as the course reads it
        ("bad_dilemmas", None, "dilemma"),
        ("skrivebord", {"turns": [], "participants": [], "title": "x"}, "excerpt"),
        ("skrivebord", {"actions": [], "considerations": []}, "dilemma"),
        ("skrivebord", {"items": [], "title": "x"}, "potential"),
        ("skrivebord", {"codes": {}, "coder": "x", "excerpt": "y"}, "coding"),
        ("skrivebord", {"title": "x"}, None),
        ("skrivebord", ["en liste"], None),
    ],
)
def test_the_kind_comes_from_the_folder_then_the_fields(folder, data, kind) -> None:
    assert detect_kind(Path(folder) / "fil.yaml", data) == kind
