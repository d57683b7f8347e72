"""The potentials exercise: items, files, schema, scoring, session, HTML and the view."""

from lises.core.exports import lazy_exports

__all__ = [
    "POTENTIAL_TITLES",
    "ItemKind",
    "PlacementError",
    "Potential",
    "PotentialFileError",
    "PotentialSession",
    "PotentialSet",
    "PotentialsExercise",
    "Verdict",
    "build_app",
    "default_potential_dir",
    "judge",
    "load_set",
    "load_sets",
    "parse_set",
    "step_name",
    "summarise",
    "validate_potential",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "build_app": "view",
        "default_potential_dir": "files",
        "ItemKind": "items",
        "judge": "scoring",
        "load_set": "files",
        "load_sets": "files",
        "parse_set": "files",
        "PlacementError": "scoring",
        "Potential": "items",
        "POTENTIAL_TITLES": "items",
        "PotentialFileError": "files",
        "PotentialSession": "session",
        "PotentialSet": "items",
        "PotentialsExercise": "view",
        "step_name": "session",
        "summarise": "scoring",
        "validate_potential": "scoring",
        "Verdict": "scoring",
    },
)
