"""The catching exercise (gribning): the turn-by-turn session, its Danish texts and the trainer
view."""

from lises.core.exports import lazy_exports

__all__ = [
    "IMPORTED_NOTE",
    "MAX_REPLY_LENGTH",
    "SAVE_LABEL",
    "GribningTrainer",
    "Session",
    "Step",
    "StepKind",
    "build_app",
    "open_from_link",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "build_app": "trainer",
        "GribningTrainer": "trainer",
        "IMPORTED_NOTE": "texts",
        "MAX_REPLY_LENGTH": "session",
        "open_from_link": "trainer",
        "SAVE_LABEL": "coding_panel",
        "Session": "session",
        "Step": "session",
        "StepKind": "session",
    },
)
