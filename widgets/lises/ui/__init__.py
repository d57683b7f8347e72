"""View pieces shared by the exercises: the exercise shell (join form, saving), closing widgets, the
guide, charts."""

from lises.core.exports import lazy_exports

__all__ = [
    "ExerciseApp",
    "bar_chart",
    "close_tree",
    "exercise_app",
    "keep_open",
    "vejviser",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "bar_chart": "charts",
        "close_tree": "closing",
        "exercise_app": "shell",
        "ExerciseApp": "shell",
        "keep_open": "closing",
        "vejviser": "guide",
    },
)
