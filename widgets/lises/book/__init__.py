"""What the book's Sphinx extensions call: the self-checks' payload."""

from lises.core.exports import lazy_exports

__all__ = [
    "encode",
    "gribning_payload",
    "potential_payload",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "encode": "selfcheck",
        "gribning_payload": "selfcheck",
        "potential_payload": "selfcheck",
    },
)
