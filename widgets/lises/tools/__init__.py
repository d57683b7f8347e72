"""Commands: serving the book and exercises, the Voilà server extensions, the PDF, the data
check."""

from lises.core.exports import lazy_exports

__all__ = [
    "book_pdf",
    "check",
    "headless",
    "serve",
    "voila_kernels",
    "voila_login",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "book_pdf": "book_pdf",
        "check": "check",
        "headless": "headless",
        "serve": "serve",
        "voila_kernels": "voila_kernels",
        "voila_login": "voila_login",
    },
)
