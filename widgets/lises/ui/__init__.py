"""View pieces shared by the exercises: the exercise view base, controls, closing widgets, the
guide, and the query string of the page Voilà serves."""

from lises.core.exports import lazy_exports

__all__ = [
    "ExerciseView",
    "StepParts",
    "alert_html",
    "button",
    "close_tree",
    "focus_first",
    "keep_open",
    "on_query",
    "vejviser",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "alert_html": "controls",
        "button": "controls",
        "close_tree": "closing",
        "ExerciseView": "exercise_view",
        "focus_first": "controls",
        "keep_open": "closing",
        "on_query": "voila_query",
        "StepParts": "controls",
        "vejviser": "guide",
    },
)
