"""The dilemma exercise: cases, files, schema, scoring, session, HTML and the view."""

from lises.core.exports import lazy_exports

__all__ = [
    "AnswerError",
    "DilemmaExercise",
    "DilemmaFileError",
    "DilemmaSession",
    "DilemmaStep",
    "Dimension",
    "balances",
    "build_app",
    "default_dilemma_dir",
    "load_case",
    "load_cases",
    "parse_case",
    "reflect",
    "validate_action",
    "validate_reason",
    "validate_weights",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "AnswerError": "scoring",
        "balances": "scoring",
        "build_app": "view",
        "default_dilemma_dir": "files",
        "DilemmaExercise": "view",
        "DilemmaFileError": "files",
        "DilemmaSession": "session",
        "DilemmaStep": "session",
        "Dimension": "cases",
        "load_case": "files",
        "load_cases": "files",
        "parse_case": "files",
        "reflect": "scoring",
        "validate_action": "scoring",
        "validate_reason": "scoring",
        "validate_weights": "scoring",
    },
)
