"""The book's understanding checks as data: the quiz model, its files and their validation (no
widgets; the book's self-check renders them, :mod:`lises.book.quiz_check`)."""

from lises.core.exports import lazy_exports

__all__ = [
    "Quiz",
    "QuizFileError",
    "QuizItem",
    "QuizOption",
    "default_quiz_dir",
    "load_quiz",
    "load_quizzes",
    "parse_quiz",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "Quiz": "files",
        "QuizFileError": "files",
        "QuizItem": "files",
        "QuizOption": "files",
        "default_quiz_dir": "files",
        "load_quiz": "files",
        "load_quizzes": "files",
        "parse_quiz": "files",
    },
)
