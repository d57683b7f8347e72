"""The workshop store the room server uses (SQLAlchemy, Alembic migrations) and the free-text
check every answer passes before it is stored; no widgets."""

from lises.core.exports import lazy_exports

__all__ = [
    "ExportAnswer",
    "ParticipantContext",
    "RoomAnswer",
    "RoomState",
    "Store",
    "check_free_text",
    "open_store",
    "store_name",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "check_free_text": "recorder",
        "open_store": "store",
        "ExportAnswer": "store_room",
        "ParticipantContext": "store_context",
        "RoomAnswer": "store_room",
        "RoomState": "store_room",
        "Store": "store",
        "store_name": "store_errors",
    },
)
