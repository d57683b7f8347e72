"""What the book's Sphinx extensions call: the self-checks' payloads (the quiz files are
:mod:`lises.quizzes`)."""

from lises.core.exports import lazy_exports

__all__ = [
    "dilemma_payload",
    "encode",
    "gribning_payload",
    "potential_payload",
    "quiz_payload",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "dilemma_payload": "dilemma_check",
        "encode": "selfcheck",
        "gribning_payload": "selfcheck",
        "potential_payload": "selfcheck",
        "quiz_payload": "quiz_check",
    },
)
