"""What the book's Sphinx extensions call: the self-checks' payloads and the quiz files."""

from lises.core.exports import lazy_exports

__all__ = [
    "Quiz",
    "QuizFileError",
    "default_quiz_dir",
    "dilemma_payload",
    "encode",
    "gribning_payload",
    "load_quiz",
    "load_quizzes",
    "parse_quiz",
    "potential_payload",
    "quiz_payload",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "Quiz": "quiz",
        "QuizFileError": "quiz",
        "default_quiz_dir": "quiz",
        "dilemma_payload": "dilemma_check",
        "encode": "selfcheck",
        "gribning_payload": "selfcheck",
        "load_quiz": "quiz",
        "load_quizzes": "quiz",
        "parse_quiz": "quiz",
        "potential_payload": "selfcheck",
        "quiz_payload": "quiz_check",
    },
)
