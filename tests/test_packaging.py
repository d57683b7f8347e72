"""What the package declares is what it needs: `pip install .` on another machine must work.

The package is built into a wheel here and its metadata read back, so a dependency that is
imported but not declared, a build requirement too old for the metadata, or a lock file that
points at one machine's folders fails a test rather than a user's install.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "widgets" / "lises"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement such as ``psycopg[binary]>=3.2``."""
    bare = re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", bare).lower()


def _imported_modules() -> set[str]:
    """Top-level names of every module imported anywhere in the package (not relative ones)."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def _third_party(modules: set[str]) -> dict[str, set[str]]:
    """Map each third-party imported module to the distributions that provide it."""
    provided_by = packages_distributions()
    stdlib = set(sys.stdlib_module_names) | {"__future__", "lises"}
    return {
        module: {_name(dist) for dist in provided_by.get(module, [module])}
        for module in modules - stdlib
    }


def _declared() -> set[str]:
    project = PYPROJECT["project"]
    extras = project.get("optional-dependencies", {})
    return {_name(r) for r in project["dependencies"]} | {
        _name(r) for group in extras.values() for r in group
    }


def test_every_import_is_a_declared_dependency():
    declared = _declared()
    missing = {
        module: dists
        for module, dists in _third_party(_imported_modules()).items()
        if not dists & declared
    }
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_every_declared_dependency_is_locked():
    locked = {
        _name(line.split("==")[0])
        for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith((" ", "#"))
    }
    assert _declared() <= locked, _declared() - locked


def test_lock_file_names_no_machine_folders():
    text = (REPO / "requirements.txt").read_text(encoding="utf-8")
    options = [
        line
        for line in text.splitlines()
        if line.startswith(("--find-links", "-f ", "--index-url", "--extra-index-url"))
    ]
    assert not options, f"requirements.txt points at one machine's sources: {options}"


def test_build_requirement_supports_the_license_expression():
    # PEP 639 license expressions (a string) need setuptools 77 or later.
    if not isinstance(PYPROJECT["project"].get("license"), str):
        pytest.skip("no SPDX license expression")
    (setuptools,) = [r for r in PYPROJECT["build-system"]["requires"] if _name(r) == "setuptools"]
    lower = re.search(r">=\s*(\d+)", setuptools)
    assert lower and int(lower.group(1)) >= 77, setuptools


@pytest.mark.slow
def test_wheel_declares_dependencies_and_ships_course_data(tmp_path: Path):
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    # The build asks the machine's Rust toolchain for its version, and rustup writes its
    # settings under $HOME: give the build a home of its own.
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run(
        [*pip_wheel, "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(home)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = tmp_path.glob("lises_kursus-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        requires = {
            _name(line.split(":", 1)[1].strip())
            for line in archive.read(metadata).decode().splitlines()
            if line.startswith("Requires-Dist:") and "extra ==" not in line
        }
    assert {_name(r) for r in PYPROJECT["project"]["dependencies"]} == requires
    assert any(n.startswith("lises/data/excerpts/") and n.endswith(".yaml") for n in names)


def test_clone_installs_the_notebook_filter():
    """`.gitattributes` names the nbstripout filter; setup must install it into the clone."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    attributes = (REPO / ".gitattributes").read_text(encoding="utf-8")
    assert "filter=nbstripout" in attributes
    clean = subprocess.run(
        ["git", "config", "--get", "filter.nbstripout.clean"],
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout
    assert "nbstripout" in clean, "scripts/setup.sh did not install the nbstripout filter"
