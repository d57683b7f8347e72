"""Workshop mode in Voilà: the answer store, the recorder, joining a workshop and the page's query
string."""

from lises.core.exports import lazy_exports

__all__ = [
    "SAVED_AFTER_RETRY",
    "ExportAnswer",
    "JoinPanel",
    "Recorder",
    "RoomAnswer",
    "RoomState",
    "Store",
    "WorkshopRecorder",
    "check_free_text",
    "on_query",
    "open_store",
    "store_name",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "check_free_text": "recorder",
        "JoinPanel": "join",
        "on_query": "voila_query",
        "open_store": "store",
        "Recorder": "recorder",
        "SAVED_AFTER_RETRY": "recorder",
        "ExportAnswer": "store_room",
        "RoomAnswer": "store_room",
        "RoomState": "store_room",
        "Store": "store",
        "store_name": "store_errors",
        "WorkshopRecorder": "recorder",
    },
)
