"""The facilitator's view of a workshop and the room summaries it shows."""

from lises.core.exports import lazy_exports

__all__ = [
    "FacilitatorView",
    "agreement",
    "build_view",
    "dilemma_weights",
    "potential_sorting",
    "turn_overview",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "agreement": "room",
        "build_view": "view",
        "dilemma_weights": "room",
        "FacilitatorView": "view",
        "potential_sorting": "room",
        "turn_overview": "room",
    },
)
