"""View pieces shared by the exercises: the exercise view base, controls, the exercise shell (join
form, saving), closing widgets, the guide, charts."""

from lises.core.exports import lazy_exports

__all__ = [
    "ExerciseApp",
    "ExerciseView",
    "StepParts",
    "alert_html",
    "bar_chart",
    "button",
    "close_tree",
    "exercise_app",
    "focus_first",
    "keep_open",
    "status_html",
    "vejviser",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "alert_html": "controls",
        "bar_chart": "charts",
        "button": "controls",
        "close_tree": "closing",
        "exercise_app": "shell",
        "ExerciseApp": "shell",
        "ExerciseView": "exercise_view",
        "focus_first": "controls",
        "keep_open": "closing",
        "status_html": "controls",
        "StepParts": "controls",
        "vejviser": "guide",
    },
)
