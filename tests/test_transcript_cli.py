"""The import command as a knowledge broker runs it: exit codes, Danish messages, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CLEAN = "S: Goddag.\nB: Jeg vil gerne arbejde med dyr.\nS: Fortæl mere om dyrene.\n"


def run(*args: str, cwd: Path, local: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, LISES_LOCAL_DIR=str(local))
    result = subprocess.run(
        [sys.executable, "-m", "lises.transcripts", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "samtale.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "cpr.txt").write_text(
        "S: Goddag.\nB: Mit nummer er 120380-1234.\nS: Det skal ikke stå her.\n", encoding="utf-8"
    )
    (tmp_path / "navn.txt").write_text(
        "S: Goddag.\nB: Min nabo Birgitte hjælper.\nS: Godt.\n", encoding="utf-8"
    )
    (tmp_path / "trepart.txt").write_text("VK: Velkommen.\nB: Tak.\nS: Godt.\n", encoding="utf-8")
    return tmp_path


def test_a_clean_transcript_is_written_to_the_knowledge_brokers_folder(folder):
    local = folder / "mine"
    result = run("samtale.txt", "--id", "dyr", "--title", "Om dyr", cwd=folder, local=local)
    assert result.returncode == 0, result.stderr
    target = local / "uddrag" / "dyr.yaml"
    assert target.is_file() and f"Gemt: {target} (3 ture)" in result.stdout


def test_personal_data_is_refused_with_place_and_nothing_is_written(folder):
    local = folder / "mine"
    result = run("cpr.txt", "--id", "cpr", "--title", "T", "--accepter-navne", "--overskriv",
                 cwd=folder, local=local)  # fmt: skip
    assert result.returncode == 1
    assert "AFVIST  linje 2, tur 2: '120380-1234' ligner et CPR-nummer" in result.stdout
    assert "ikke gemt" in result.stderr
    assert not local.exists()


def test_names_need_accepting(folder):
    local = folder / "mine"
    first = run("navn.txt", "--id", "nabo", "--title", "T", cwd=folder, local=local)
    assert first.returncode == 1
    assert "ADVARSEL  linje 2, tur 2: 'Birgitte' er måske et navn" in first.stdout
    assert "--accepter-navne" in first.stderr
    again = run("navn.txt", "--id", "nabo", "--title", "T", "--accepter-navne",
                cwd=folder, local=local)  # fmt: skip
    assert again.returncode == 0 and (local / "uddrag" / "nabo.yaml").is_file()


def test_an_existing_excerpt_is_kept_unless_overwriting_is_asked(folder):
    target = folder / "ud" / "dyr.yaml"
    args = ("samtale.txt", "--id", "dyr", "--title", "T", "--mappe", "ud")
    assert run(*args, cwd=folder, local=folder).returncode == 0
    before = target.read_bytes()
    second = run(*args, cwd=folder, local=folder)
    assert second.returncode == 1 and "findes allerede" in second.stderr
    assert target.read_bytes() == before
    assert run(*args, "--overskriv", cwd=folder, local=folder).returncode == 0


def test_configured_prefixes(folder):
    result = run("trepart.txt", "--id", "trepart", "--title", "T",
                 "--prefix", "VK=virksomhedskonsulent:Virksomhedskonsulent",
                 "--prefix", "S=sagsbehandler", "--prefix", "B=borger",
                 cwd=folder, local=folder)  # fmt: skip
    assert result.returncode == 0, result.stderr
    unknown = run("trepart.txt", "--id", "trepart", "--title", "T", cwd=folder, local=folder)
    assert unknown.returncode == 1
    assert "trepart.txt, linje 1: talerkoden 'VK' er ikke kendt (kendte: S, B)" in unknown.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("samtale.txt", "--id", "x"), "fejl: disse argumenter mangler: --title"),
        (("findes-ikke.txt", "--id", "x", "--title", "T"), "filen findes-ikke.txt findes ikke"),
        (("samtale.txt", "--id", "x", "--title", "T", "--prefix", "S"), "KODE=rolle:Navn"),
        (("samtale.txt", "--id", "x", "--title", "T", "--nej"), "ukendte argumenter: --nej"),
    ],
    ids=["titel-mangler", "fil-mangler", "prefix-forkert", "ukendt-tilvalg"],
)
def test_usage_errors_exit_2_in_danish(folder, args, message):
    result = run(*args, cwd=folder, local=folder)
    assert result.returncode == 2 and message in result.stderr


def test_help_is_danish(folder):
    result = run("--help", cwd=folder, local=folder)
    assert result.returncode == 0
    assert result.stdout.startswith("Brug: ") and "--accepter-navne" in result.stdout
    assert "personoplysninger" in result.stdout
