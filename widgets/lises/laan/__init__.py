"""Lån et øre: comparing colleagues' codings, the key draft (annotation) and their views."""

from lises.core.exports import lazy_exports

__all__ = [
    "SHARED_OFF",
    "AnnotationError",
    "Annotator",
    "ComparisonError",
    "KeyDraft",
    "LaanEtOere",
    "agenda_csv",
    "agenda_rows",
    "agenda_table_html",
    "agreement",
    "agreement_sentence",
    "build_annotator",
    "build_view",
    "compare",
    "printable_html",
    "save_excerpt",
    "scan_excerpts",
    "summary_html",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "agenda_csv": "comparison",
        "agenda_rows": "comparison",
        "agenda_table_html": "html",
        "agreement": "comparison",
        "agreement_sentence": "html",
        "AnnotationError": "annotation",
        "Annotator": "annotator",
        "build_annotator": "annotator",
        "build_view": "view",
        "compare": "comparison",
        "ComparisonError": "comparison",
        "KeyDraft": "annotation",
        "LaanEtOere": "view",
        "printable_html": "html",
        "save_excerpt": "annotation",
        "scan_excerpts": "annotation",
        "SHARED_OFF": "annotator",
        "summary_html": "html",
    },
)
