"""Section numbers as a reader expects them: a chapter's sub-pages are 3.1, 3.2, …

Sphinx numbers a chapter page's own headings and the pages of its toctree in one sequence, and
Jupyter Book puts a chapter's toctree after the last heading of the page, so with nine headings
in "De fem potentialer" its first sub-page became 3.10 (jupyter-book#1016, #1268).  Here, after
Sphinx has assigned the numbers (``env-get-updated``), a page that has numbered sub-pages gives
them the numbers: they are its sections 3.1, 3.2, … and their own headings follow (3.1.1), while
the page's own headings are shown without a number, as Jupyter Book's maintainers proposed for
this case (jupyter-book#546).  Pages without sub-pages keep their numbered headings (5.1, 5.2).

The numbers are changed in the three places Sphinx reads them: ``env.toc_secnumbers`` (the
headings), the references in ``env.tocs`` (the navigation and the page's contents) and the
document titles (the previous/next links).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

Number = tuple[int, ...]


def _sync(env: BuildEnvironment, docname: str) -> None:
    """Write the page's numbers into its toc references and its title."""
    numbers = env.toc_secnumbers.get(docname, {})
    for reference in env.tocs[docname].findall(nodes.reference):
        number = numbers.get(reference.get("anchorname", ""))
        reference["secnumber"] = list(number) if number else None
    title = env.titles.get(docname)
    if title is not None:
        own = numbers.get("")
        title["secnumber"] = list(own) if own else None


def _move(env: BuildEnvironment, docname: str, new: Number) -> None:
    """Give a page the number ``new``; its headings keep their place under it."""
    numbers = env.toc_secnumbers[docname]
    old = numbers.get("") or ()
    for anchor, number in numbers.items():
        if number and number[: len(old)] == old:
            numbers[anchor] = new + number[len(old) :]


def _children(env: BuildEnvironment, docname: str) -> list[str]:
    return [c for c in env.toctree_includes.get(docname, ()) if env.toc_secnumbers.get(c)]


def renumber(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Renumber every page with numbered sub-pages; return the pages whose numbers changed."""
    before = {doc: dict(numbers) for doc, numbers in env.toc_secnumbers.items()}
    done: set[str] = set()

    def visit(docname: str) -> None:
        if docname in done:  # a page is in one toctree only; this guards against a cycle
            return
        done.add(docname)
        children = _children(env, docname)
        own = env.toc_secnumbers.get(docname, {}).get("")
        if children and own:
            numbers = env.toc_secnumbers[docname]
            for anchor in numbers:
                if anchor:
                    numbers[anchor] = ()  # the sub-pages are the numbered sections
            for position, child in enumerate(children, start=1):
                _move(env, child, (*own, position))
        for child in env.toctree_includes.get(docname, ()):
            visit(child)

    visit(env.config.root_doc)
    changed = [doc for doc, numbers in env.toc_secnumbers.items() if before.get(doc) != numbers]
    for docname in env.toc_secnumbers:
        if docname in env.tocs:
            _sync(env, docname)
    return changed


def setup(app: Sphinx) -> dict:
    # After Sphinx's own toctree collector (priority 500), which assigns the numbers first.
    app.connect("env-get-updated", renumber, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
