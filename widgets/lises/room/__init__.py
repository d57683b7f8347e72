"""The room: a kernel-free workshop server.  Its pure parts here: what a participant sees and
may answer (screens), the projector's anonymous aggregates (tally) and the export (export)."""

from lises.core.exports import lazy_exports

# One public name per line, with the module that defines it, so another part of the room
# (the web server) adds its names in both lists.
__all__ = [
    "ROOM_KINDS",
    "app_from_env",
    "check_answer",
    "create_app",
    "export_csv",
    "export_table",
    "export_xlsx",
    "find",
    "items",
    "participant_screen",
    "projector_view",
    "resume",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "ROOM_KINDS": "screens",
        "check_answer": "screens",
        "export_csv": "export",
        "export_table": "export",
        "export_xlsx": "export",
        "find": "screens",
        "items": "screens",
        "participant_screen": "screens",
        "projector_view": "tally",
        "resume": "screens",
        "app_from_env": "app",
        "create_app": "app",
    },
)
