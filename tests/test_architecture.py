"""The package layout keeps its promises: layers point down, no exercise imports another.

``widgets/lises/`` has one subpackage per concept.  Read bottom to top, each layer may import only
the layers below it (and itself):

    core                              model types, YAML, data-file errors, paths
    privacy                           free-text guard, names, places, nicknames
    excerpts, workshop                conversation excerpts and codings; the answer store
    ui                                view pieces shared by the exercises
    gribning, dilemma, potentials,    the exercises: none imports another
    laan, transcripts
    room, book, tools                 what reads every exercise: the room server, the book, commands

The data models, the store and the room server never import ipywidgets.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "widgets" / "lises"
LAYERS = [
    {"core"},
    {"privacy"},
    {"excerpts", "workshop"},
    {"ui"},
    {"gribning", "dilemma", "potentials", "laan", "transcripts", "quizzes"},
    {"room", "book", "tools"},
]
EXERCISES = LAYERS[4]
NO_WIDGETS = {"core", "privacy", "excerpts", "workshop", "room"}  # plain Python: never ipywidgets
MAX_LINES = 400
MAX_TOP_LEVEL = 8
LAYER_OF = {package: n for n, layer in enumerate(LAYERS) for package in layer}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def dotted(path: Path) -> list[str]:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imports(path: Path) -> set[str]:
    """Every module this file imports, absolute, with relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = dotted(path)
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def subpackage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "lises" and len(parts) > 1 and parts[1] in LAYER_OF else None


def test_every_subpackage_has_a_layer():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(LAYER_OF)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path):
    here = subpackage(".".join(dotted(path)))
    if here is None:  # lises/__init__.py and lises/__main__.py sit on top
        return
    wrong = sorted(
        module
        for module in imports(path)
        if (there := subpackage(module)) not in (None, here) and LAYER_OF[there] >= LAYER_OF[here]
    )
    assert not wrong, f"{here} (layer {LAYER_OF[here]}) imports sideways or upwards: {wrong}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_exercise_imports_another(path):
    here = subpackage(".".join(dotted(path)))
    if here not in EXERCISES:
        return
    others = sorted(m for m in imports(path) if subpackage(m) in EXERCISES - {here})
    assert not others, f"the {here} exercise imports another exercise: {others}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_data_models_store_and_room_never_import_ipywidgets(path):
    if subpackage(".".join(dotted(path))) in NO_WIDGETS:
        assert not {m for m in imports(path) if m.split(".")[0] == "ipywidgets"}


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_400_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines"


def test_top_level_holds_at_most_8_modules():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL, top


@pytest.mark.parametrize("init", sorted(PACKAGE.glob("*/__init__.py")), ids=lambda p: p.parent.name)
def test_each_subpackage_exports_its_public_names(init):
    tree = ast.parse(init.read_text(encoding="utf-8"))
    exported = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", "") == "__all__" for t in node.targets)
    ]
    assert exported, f"{init.relative_to(PACKAGE)} has no __all__"


@pytest.mark.parametrize("init", sorted(PACKAGE.glob("*/__init__.py")), ids=lambda p: p.parent.name)
def test_every_exported_name_resolves(init):
    package = importlib.import_module(f"lises.{init.parent.name}")
    missing = [name for name in package.__all__ if not hasattr(package, name)]
    assert not missing, f"lises.{init.parent.name} lists names it cannot give: {missing}"
